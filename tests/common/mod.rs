//! The one test harness: every integration test starts the real server on a random loopback port
//! against a fresh database of its own and talks HTTP to it, as a client would.
//!
//! Backends: every test runs on SQLite (a temporary file) and on Postgres (a fresh database on
//! the server `TEST_DATABASE_URL` names, dropped afterwards). When `TEST_DATABASE_URL` is unset
//! the Postgres half fails, unless `TRIBUNE_TEST_SQLITE_ONLY=1` says on purpose that this run is
//! SQLite only; a test never skips silently.
#![allow(dead_code)] // Each test binary uses its own part of the harness.

pub mod essay;
pub mod process;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::{Connection, PgConnection, RunQueryDsl};
use tribune::background::Periodic;
use tribune::config::Settings;
use tribune::storage::Database;

use smtp::SmtpServer;

/// The base of links in emails; tests request the path of a link from the test server.
pub const PUBLIC_URL: &str = "http://tribune.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares each test once and runs it on both backends:
/// `on_both_backends! { async fn name(app) { ... } }` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                #[actix_web::test]
                async fn sqlite() {
                    let $backend = $crate::common::Backend::Sqlite;
                    $body
                }

                #[actix_web::test]
                async fn postgres() {
                    let $backend = $crate::common::Backend::Postgres;
                    $body
                }
            }
        )*
    };
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), rand::random::<u32>())
}

/// A database that exists for one test and is removed after it.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(unique_name("tribune_test"));
                std::fs::create_dir_all(&dir).expect("create a temporary directory");
                TestDatabase {
                    url: format!("sqlite://{}", dir.join("tribune.sqlite3").display()),
                    backend,
                    cleanup: Cleanup::Directory(dir),
                }
            }
            Backend::Postgres => {
                // Before libpq's first connection, which would initialise OpenSSL with its exit handler.
                tribune::storage::init_tls();
                let admin_url = postgres_admin_url();
                let name = unique_name("tribune_test");
                let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("TEST_DATABASE_URL={admin_url} names a Postgres server this test cannot reach: {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create the test database");
                let url = replace_database_name(&admin_url, &name);
                TestDatabase { url, backend, cleanup: Cleanup::PostgresDatabase { admin_url, name } }
            }
        }
    }

    /// The directory a test may use for files (mail, for instance) next to its database.
    pub fn scratch_dir(&self) -> PathBuf {
        match &self.cleanup {
            Cleanup::Directory(dir) => dir.clone(),
            Cleanup::PostgresDatabase { name, .. } => {
                let dir = std::env::temp_dir().join(name);
                std::fs::create_dir_all(&dir).expect("create a temporary directory");
                dir
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let _ = std::fs::remove_dir_all(std::env::temp_dir().join(name));
                if let Ok(mut admin) = PgConnection::establish(admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
                }
            }
        }
    }
}

fn postgres_admin_url() -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ if std::env::var("TRIBUNE_TEST_SQLITE_ONLY").as_deref() == Ok("1") => {
            panic!(
                "this is a Postgres test, and TRIBUNE_TEST_SQLITE_ONLY=1 asked for SQLite only: run with --skip postgres"
            )
        }
        _ => panic!(
            "TEST_DATABASE_URL is not set: set it to a Postgres server (e.g. postgres://postgres@127.0.0.1:5432/postgres), \
             or run `TRIBUNE_TEST_SQLITE_ONLY=1 cargo test -- --skip postgres` to test SQLite alone"
        ),
    }
}

/// `postgres://u@h:p/db?x` with `db` replaced.
fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The repository's `config/` directory.
pub fn config_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config")
}

/// A running server and a client for it. Dropping it stops the server and its background loops,
/// closes the database (connections, pool threads, SQLite writer) and removes it, all before the
/// test goes on: nothing of a finished test is left running (inside libpq, SQLite or OpenSSL)
/// while the test process exits.
pub struct TestApp {
    pub address: String,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub settings: Arc<Settings>,
    pub db: Database,
    pub smtp: SmtpServer,
    // Fields drop in this order, after `db`: the server (with its workers and loops), then the
    // last handle of the database, then the database itself.
    server: Server,
    closing: ClosesDatabase,
    pub database: TestDatabase,
}

/// How long a finished test waits for the server's workers to let go of the database.
const CLOSE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Closes `db` once every other handle is gone (see [`Database::close`]): call it when the
/// servers and loops that used it have been stopped.
pub fn close(db: Database) {
    if !db.close(CLOSE_PATIENCE) && !std::thread::panicking() {
        panic!("the test database still had users {CLOSE_PATIENCE:?} after its server stopped");
    }
}

/// Holds a handle of a database and closes it when dropped, once the other handles are gone.
struct ClosesDatabase(Option<Database>);

impl Drop for ClosesDatabase {
    fn drop(&mut self) {
        if let Some(db) = self.0.take() {
            close(db);
        }
    }
}

/// A `tribune::app::launch`ed server on a thread and actix System of its own, the way a test
/// starts a second process of the same database: dropping it stops the server, waits for its
/// thread, and stops its background loops (each after its current pass). Tests never hand a
/// server to `actix_web::rt::spawn`: that leaves its workers and loops running after the test.
pub struct Server {
    pub address: std::net::SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    background: Vec<Periodic>,
    /// The setup link this start printed (the site had no admin yet).
    pub setup_link: Option<String>,
}

impl Server {
    pub fn launch(settings: Arc<Settings>, db: Database) -> Server {
        let (started, running) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match tribune::app::launch(settings, db) {
                    Ok(running) => {
                        let handle = running.server.handle();
                        let _ = started.send(Ok((running.address, handle, running.background, running.setup_link)));
                        let _ = running.server.await;
                    }
                    Err(e) => {
                        let _ = started.send(Err(e.to_string()));
                    }
                }
            });
        });
        let (address, handle, background, setup_link) =
            running.recv().expect("the server thread answers").unwrap_or_else(|e| panic!("start the server: {e}"));
        Server { address, handle, thread: Some(thread), background, setup_link }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops the background loops (mail, scheduler), as a stopped process would; the server
    /// goes on answering.
    pub fn stop_background(&mut self) {
        tribune::app::Running::stop_background(std::mem::take(&mut self.background));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            // Sends the command at once; the thread ends when the server has stopped.
            drop(self.handle.stop(false));
            let _ = thread.join();
        }
        self.stop_background();
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |figment| figment).await
    }

    /// Spawns with extra configuration layered over the defaults, e.g.
    /// `|f| f.merge(("server.max_body_bytes", 2048))`.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(figment::Figment) -> figment::Figment) -> TestApp {
        let smtp = SmtpServer::reserve();
        smtp.start();
        TestApp::launch(TestDatabase::create(backend), smtp, configure)
    }

    /// Spawns on a database that already holds a site (restored, copied), with mail working.
    pub async fn spawn_on(database: TestDatabase) -> TestApp {
        let smtp = SmtpServer::reserve();
        smtp.start();
        TestApp::launch(database, smtp, |figment| figment)
    }

    /// Spawns with the SMTP server down: mail fails until `app.smtp.start()`.
    pub async fn spawn_with_smtp_down(
        backend: Backend,
        configure: impl FnOnce(figment::Figment) -> figment::Figment,
    ) -> TestApp {
        TestApp::launch(TestDatabase::create(backend), SmtpServer::reserve(), configure)
    }

    fn launch(
        database: TestDatabase,
        smtp: SmtpServer,
        configure: impl FnOnce(figment::Figment) -> figment::Figment,
    ) -> TestApp {
        let backend = database.backend;
        let figment = Settings::figment(&config_dir())
            .expect("configuration layers")
            .merge(("database_url", database.url.clone()))
            .merge(("listen", "127.0.0.1:0"))
            .merge(("public_url", PUBLIC_URL))
            .merge(("smtp_url", smtp.url()))
            .merge(("mail.poll_interval_ms", 50))
            .merge(("mail.backoff_base_secs", 1))
            .merge(("review.scheduler_interval_ms", 100))
            // The editors' daily reminder would arrive in every test after its hour: off unless a
            // test turns it on.
            .merge(("review.reminders", false))
            .merge(("mail.from", "Tribune <tribune@tribune.test>"))
            .merge(("server.workers", 2))
            .merge(("database.max_connections", 4));
        let settings = Arc::new(Settings::from_figment(configure(figment)).expect("valid test configuration"));
        if std::env::var_os("TRIBUNE_TEST_LOG").is_some() {
            tribune::telemetry::init(&settings.log);
        }
        let db = Database::open(&settings.database_url, &settings.database)
            .unwrap_or_else(|e| panic!("open the {backend:?} test database: {e}"));
        let server = Server::launch(settings.clone(), db.clone());
        let closing = ClosesDatabase(Some(db.clone()));
        TestApp {
            address: server.base_url(),
            backend,
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("build an HTTP client"),
            settings,
            db,
            smtp,
            server,
            closing,
            database,
        }
    }

    /// A second client with its own cookie jar (another person).
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("build an HTTP client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The path and query of the setup link the server printed at start (`/setup?token=...`);
    /// panics when it printed none (the site had an admin).
    pub fn setup_path(&self) -> String {
        let link = self.server.setup_link.as_deref().expect("the server printed a setup link");
        link.strip_prefix(PUBLIC_URL).unwrap_or_else(|| panic!("a setup link on {PUBLIC_URL}: {link}")).to_string()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET reaches the server")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("POST reaches the server")
    }
}

/// Reads a JSON error answer and checks it has the contract's shape; returns its `code`.
pub async fn error_code(response: reqwest::Response) -> String {
    let body: serde_json::Value = response.json().await.expect("an error answer is JSON");
    let error = body.get("error").unwrap_or_else(|| panic!("no `error` object in {body}"));
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "error without a message: {body}");
    error["code"].as_str().unwrap_or_else(|| panic!("error without a code: {body}")).to_string()
}

/// A signed-in API client: its bearer token and CSRF token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub csrf_token: String,
    pub user_id: i64,
}

pub const PASSWORD: &str = "a long enough passphrase";

impl TestApp {
    /// Creates a verified user with roles directly, as `tribune user create` does.
    pub fn create_user(&self, email: &str, roles: &[tribune::domain::user::Role]) -> i64 {
        use tribune::domain::accounts::{NewAccount, create_account};
        use tribune::domain::user::*;
        let account = NewAccount {
            email: EmailAddress::parse(email).unwrap(),
            display_name: DisplayName::parse(email.split('@').next().unwrap()).unwrap(),
            location: Location::parse("Testville").unwrap(),
            password_hash: PasswordCost::default().hash(&Password::parse(PASSWORD).unwrap()).unwrap(),
            roles: roles.to_vec(),
            verified: true,
        };
        create_account(&mut self.db.connection().unwrap(), &account).unwrap()
    }

    /// Signs in through the API with a fresh client (no cookies) and returns the tokens.
    pub async fn sign_in(&self, email: &str, password: &str) -> SignedIn {
        let response = self
            .new_client()
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign in as {email}");
        let body: serde_json::Value = response.json().await.unwrap();
        SignedIn {
            token: body["token"].as_str().unwrap().to_string(),
            csrf_token: body["csrf_token"].as_str().unwrap().to_string(),
            user_id: body["user"]["id"].as_i64().unwrap(),
        }
    }

    /// A user with these roles, signed in.
    pub async fn user_with(&self, email: &str, roles: &[tribune::domain::user::Role]) -> SignedIn {
        self.create_user(email, roles);
        self.sign_in(email, PASSWORD).await
    }

    /// A request with a bearer token.
    pub fn as_user(&self, method: reqwest::Method, path: &str, who: &SignedIn) -> reqwest::RequestBuilder {
        self.new_client().request(method, self.url(path)).bearer_auth(&who.token)
    }
}

impl TestApp {
    /// Follows a form post's 303 as `who` would in a browser, with the cookies it set (the
    /// one-time notice the next page shows); returns that page's HTML.
    pub async fn follow_as(&self, response: reqwest::Response, who: &SignedIn) -> String {
        assert_eq!(response.status(), 303, "a form post that succeeded");
        let to = response.headers()["location"].to_str().unwrap().to_string();
        let cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|c| c.to_str().ok()?.split(';').next().map(str::to_string))
            .collect();
        let next =
            self.as_user(reqwest::Method::GET, &to, who).header("cookie", cookies.join("; ")).send().await.unwrap();
        next.text().await.unwrap()
    }
}

/// The value of the hidden `csrf_token` field of the first form in `html`.
pub fn csrf_field(html: &str) -> String {
    hidden_field(html, "csrf_token")
}

/// The value of a form's field `name` (written `name="..." value="..."`).
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} field in:\n{html}")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

impl TestApp {
    /// GETs a page with the app's client (keeping cookies) and returns its HTML.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    /// Submits a form the way a browser does, with the app's client and its cookies.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).form(fields).send().await.expect("POST reaches the server")
    }
}

/// The people of an editorial test: an admin, two editors, two verified members.
pub struct Cast {
    pub admin: SignedIn,
    pub editor: SignedIn,
    pub editor2: SignedIn,
    pub member: SignedIn,
    pub member2: SignedIn,
}

pub const CONVENTION: &str = "30th-national";

impl TestApp {
    pub async fn cast(&self) -> Cast {
        use tribune::domain::user::Role;
        Cast {
            admin: self.user_with("admin@example.org", &[Role::Admin]).await,
            editor: self.user_with("editor@example.org", &[Role::Editor]).await,
            editor2: self.user_with("editor2@example.org", &[Role::Editor]).await,
            member: self.user_with("member@example.org", &[Role::Member]).await,
            member2: self.user_with("member2@example.org", &[Role::Member]).await,
        }
    }

    /// A convention through the admin API, its discussion open from `opens_in_days` (negative:
    /// already open) for 30 days, with a first disclaimer.
    pub async fn convention(&self, admin: &SignedIn, slug: &str, opens_in_days: i64, word_limit: i32) {
        let now = chrono::Utc::now();
        let opens = now + chrono::TimeDelta::days(opens_in_days);
        let response = self
            .as_user(reqwest::Method::POST, "/api/v1/conventions", admin)
            .json(&serde_json::json!({
                "slug": slug, "number": 30, "title": "30th National Convention", "location": "Chicago",
                "starts_on": (opens + chrono::TimeDelta::days(40)).date_naive().to_string(),
                "ends_on": (opens + chrono::TimeDelta::days(42)).date_naive().to_string(),
                "discussion_opens_at": opens.to_rfc3339(),
                "discussion_closes_at": (opens + chrono::TimeDelta::days(30)).to_rfc3339(),
                "word_limit": word_limit,
                "homepage_text": "Members discuss the draft resolutions here.",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        self.disclaimer(admin, slug, "The views expressed are the authors' own (version 1).").await;
    }

    pub async fn disclaimer(&self, admin: &SignedIn, slug: &str, body: &str) {
        let response = self
            .as_user(reqwest::Method::POST, &format!("/api/v1/conventions/{slug}/disclaimers"), admin)
            .json(&serde_json::json!({ "body": body }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }

    /// Sends `body` as JSON with `who`'s bearer token; returns status and JSON.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        who: &SignedIn,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = self.as_user(method, path, who).json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        let json = response.json().await.unwrap_or(serde_json::Value::Null);
        (status, json)
    }

    /// A draft by `who`; returns its id.
    pub async fn draft(&self, who: &SignedIn, title: &str, body: &str, tags: &[&str]) -> i64 {
        let (status, json) = self
            .call(
                reqwest::Method::POST,
                "/api/v1/submissions",
                who,
                serde_json::json!({"convention": CONVENTION, "title": title, "body": body,
                    "byline_name": "Emma Writer", "byline_location": "Detroit", "tags": tags}),
            )
            .await;
        assert_eq!(status, 201, "{json}");
        json["id"].as_i64().unwrap()
    }

    /// A draft, submitted.
    pub async fn submitted(&self, who: &SignedIn, title: &str, body: &str, tags: &[&str]) -> i64 {
        let id = self.draft(who, title, body, tags).await;
        let (status, json) = self
            .call(reqwest::Method::POST, &format!("/api/v1/submissions/{id}/submit"), who, serde_json::json!({}))
            .await;
        assert_eq!(status, 200, "{json}");
        id
    }

    /// `author`'s draft `id`, sent to the editors, claimed by `editor` and approved now; returns
    /// the article's slug.
    pub async fn publish_draft(&self, author: &SignedIn, editor: &SignedIn, id: i64) -> String {
        for (who, action) in [
            (author, format!("/api/v1/submissions/{id}/submit")),
            (editor, format!("/api/v1/review/{id}/claim")),
            (editor, format!("/api/v1/review/{id}/approve")),
        ] {
            let (status, json) = self.call(reqwest::Method::POST, &action, who, serde_json::json!({})).await;
            assert_eq!(status, 200, "{action}: {json}");
        }
        let (_, json) = self
            .call(reqwest::Method::GET, &format!("/api/v1/submissions/{id}"), author, serde_json::json!(null))
            .await;
        json["article_slug"].as_str().expect("published").to_string()
    }

    /// Submitted, claimed by `editor` and approved now; returns the article's slug.
    pub async fn published(
        &self,
        author: &SignedIn,
        editor: &SignedIn,
        title: &str,
        body: &str,
        tags: &[&str],
    ) -> String {
        let id = self.draft(author, title, body, tags).await;
        self.publish_draft(author, editor, id).await
    }

    /// Stops this server's background loops (mail, scheduler), as a stopped process would.
    pub fn stop_background(&mut self) {
        self.server.stop_background();
    }
}

pub const ESSAY: &str = "## Why organise\n\nWe need *more* organising in the **workplaces** of our city.\n\n> Unity is strength.\n\n- one\n- two";

/// The part of `html` from the first `start` to the end of the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = html[from..].find(end).map_or(html.len(), |n| from + n + end.len());
    &html[from..to]
}

/// `text` as a query string value.
pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Sends two requests at the same moment.
pub async fn both<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = Box::pin(a);
    let mut b = Box::pin(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let std::task::Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let std::task::Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}
