//! The `tribune` binary as an operator runs it: `serve` with no configuration, start-up errors
//! that name the bad key, `migrate`, `user create`, `demo` and `doctor`.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::smtp::SmtpServer;
use common::{Backend, TestDatabase};

/// The binary run from an empty directory (no `config/` there: the compiled-in defaults apply)
/// with a clean environment apart from what the test sets.
fn tribune(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tribune"));
    command.current_dir(dir).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn run(mut command: Command, stdin: &str) -> Output {
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Polls until `/healthz` answers 200, or the child exits, or 30 s pass.
fn wait_for_health(child: &mut Child, port: u16) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
            return Err(format!("tribune exited with {status}: {stderr}"));
        }
        if let Ok(response) = reqwest::blocking_get(port)
            && response == 200
        {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("no answer on /healthz within 30 s".into())
}

/// A minimal blocking GET, so these tests need no async runtime around a child process.
mod reqwest {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    pub fn blocking_get(port: u16) -> std::io::Result<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        Ok(response.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0))
    }
}

fn database_env(command: &mut Command, backend: Backend, database: &TestDatabase) {
    if backend == Backend::Postgres {
        command.env("DATABASE_URL", &database.url);
    }
}

/// `tribune serve` in `dir` until `/healthz` answers, then SIGTERM (the server drains and
/// exits); its exit status and its log.
fn serve_until_healthy_then_stop(
    dir: &std::path::Path,
    backend: Backend,
    database: &TestDatabase,
) -> (std::process::ExitStatus, String) {
    let port = free_port();
    let mut command = tribune(dir);
    command.arg("serve").env("TRIBUNE_LISTEN", format!("127.0.0.1:{port}"));
    database_env(&mut command, backend, database);
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let healthy = wait_for_health(&mut child, port);
    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    healthy.unwrap();
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    (status, log)
}

on_both_backends! {
    async fn serve_with_no_configuration_answers_healthz_and_stops_on_sigterm(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let (status, log) = serve_until_healthy_then_stop(&dir, backend, &database);
        assert!(status.success(), "exit after SIGTERM: {status}");
        if backend == Backend::Sqlite {
            assert!(dir.join("data/tribune.sqlite3").exists(), "the default database file is created");
        }
        // A site with no admin: the log says how to set it up.
        assert!(log.contains("this site has no admin yet. Set it up in a browser: http://127.0.0.1:8080/setup?token="), "{log}");
    }

    async fn serve_prints_no_setup_link_once_an_admin_exists(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let mut create = tribune(&dir);
        create.args(["user", "create", "--email", "admin@example.org", "--display-name", "Ada Admin",
            "--location", "Chicago", "--role", "admin", "--password-stdin"]);
        database_env(&mut create, backend, &database);
        assert!(run(create, "correct horse battery staple\n").status.success());
        let (_, log) = serve_until_healthy_then_stop(&dir, backend, &database);
        assert!(log.contains("tribune is listening") && !log.contains("setup?token="), "{log}");
    }

    async fn migrate_applies_once_then_finds_nothing_to_do(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let tree = match backend { common::Backend::Sqlite => "sqlite", common::Backend::Postgres => "postgres" };
        let all = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(tree))
            .unwrap()
            .filter(|entry| entry.as_ref().is_ok_and(|e| e.path().is_dir()))
            .count();
        for expected in [format!("{all} migration(s) applied"), "0 migration(s) applied".to_string()] {
            let mut command = tribune(&dir);
            command.arg("migrate");
            database_env(&mut command, backend, &database);
            let output = run(command, "");
            assert!(output.status.success(), "{}", text(&output.stderr));
            assert!(text(&output.stdout).contains(&expected), "{}", text(&output.stdout));
        }
    }

    async fn user_create_reads_the_password_from_stdin_and_refuses_duplicates(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let create = || {
            let mut command = tribune(&dir);
            command.args([
                "user", "create", "--email", " Admin@Example.ORG ", "--display-name", "Ada Admin",
                "--location", "Chicago", "--role", "admin", "--role", "editor", "--password-stdin",
            ]);
            database_env(&mut command, backend, &database);
            command
        };
        let output = run(create(), "correct horse battery staple\n");
        assert!(output.status.success(), "{}", text(&output.stderr));
        let said = text(&output.stdout);
        assert!(said.contains("<admin@example.org>"), "the address is normalised: {said}");
        assert!(said.contains("admin") && said.contains("editor"), "{said}");

        let again = run(create(), "correct horse battery staple\n");
        assert!(!again.status.success());
        assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));
    }

    async fn user_create_refuses_a_short_password(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let mut command = tribune(&dir);
        command.args([
            "user", "create", "--email", "e@example.org", "--display-name", "E", "--location", "X",
            "--role", "member", "--password-stdin",
        ]);
        database_env(&mut command, backend, &database);
        let output = run(command, "short\n");
        assert!(!output.status.success());
        assert!(text(&output.stderr).contains("password: must be at least 10 characters"), "{}", text(&output.stderr));
    }

    async fn demo_loads_once_and_reports_progress(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let demo = || {
            let mut command = tribune(&dir);
            command.arg("demo");
            database_env(&mut command, backend, &database);
            run(command, "")
        };
        let first = demo();
        assert!(first.status.success(), "{}", text(&first.stderr));
        assert!(text(&first.stderr).contains("[1/"), "{}", text(&first.stderr));
        let second = demo();
        assert!(second.status.success(), "{}", text(&second.stderr));
        assert!(text(&second.stderr).contains("already loaded"), "{}", text(&second.stderr));

        // A living site: essays in every state, some published, and no demo mail waiting to go out.
        use diesel::prelude::*;
        use tribune::storage::schema::{articles, outbox, submissions};
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.join("data/tribune.sqlite3").display()),
            Backend::Postgres => database.url.clone(),
        };
        let options = tribune::storage::PoolOptions {
            max_connections: 1,
            connect_timeout: Duration::from_secs(5),
            busy_timeout: Duration::from_secs(5),
        };
        let db = tribune::storage::Database::open(&tribune::storage::DatabaseUrl::parse(&url).unwrap(), &options).unwrap();
        let mut conn = db.connection().unwrap();
        let mut states: Vec<String> = submissions::table.select(submissions::status).distinct().load(&mut *conn).unwrap();
        states.sort();
        assert_eq!(states, ["approved", "changes_requested", "draft", "in_review", "published", "rejected", "submitted", "withdrawn"]);
        let published: i64 = articles::table.count().get_result(&mut *conn).unwrap();
        assert_eq!(published, 9, "eight pieces and one digest");
        let threads: i64 = tribune::storage::schema::questions::table
            .filter(tribune::storage::schema::questions::status.eq("published"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(threads, 2);
        let pending: i64 = outbox::table.filter(outbox::status.eq("pending")).count().get_result(&mut *conn).unwrap();
        assert_eq!(pending, 0);

        // The bulletin of the demo discussion, made from the command line with progress.
        let book = dir.join("bulletin.epub");
        let mut command = tribune(&dir);
        command.args(["bulletin", "--convention", "31st-national", "--output"]).arg(&book);
        database_env(&mut command, backend, &database);
        let output = run(command, "");
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(text(&output.stderr).contains("bulletin: [1/"), "{}", text(&output.stderr));
        assert!(std::fs::read(&book).unwrap().starts_with(b"PK"), "an EPUB is a zip file");
    }
}

#[test]
fn bad_configuration_fails_at_start_up_naming_the_key() {
    let dir = std::env::temp_dir();
    let cases = [
        ("TRIBUNE_LISTEN", "not-an-address", "listen"),
        ("DATABASE_URL", "mysql://localhost/x", "DATABASE_URL"),
        ("TRIBUNE_PUBLIC_URL", "ftp://example.org", "TRIBUNE_PUBLIC_URL"),
        ("TRIBUNE_SMTP_URL", "http://mail", "TRIBUNE_SMTP_URL"),
        ("TRIBUNE_DATABASE__MAX_CONNECTIONS", "many", "max_connections"),
        ("TRIBUNE_PROFILE", "no-such-profile", "no-such-profile"),
        ("TRIBUNE_SERVER__TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/33", "trusted_proxies"),
        ("TRIBUNE_SERVER__TRUSTED_PROXIES", "proxy.internal", "trusted_proxies"),
    ];
    for (variable, value, named) in cases {
        let mut command = tribune(&dir);
        command.arg("serve").env(variable, value);
        let output = run(command, "");
        assert!(!output.status.success(), "{variable}={value} was accepted");
        let stderr = text(&output.stderr);
        assert!(
            stderr.to_lowercase().contains(&named.to_lowercase()),
            "{variable}={value}: the message does not name `{named}`: {stderr}"
        );
    }
}

on_both_backends! {
    async fn bench_data_inserts_published_essays_in_batches_with_progress(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let mut command = tribune(&dir);
        command.args(["bench-data", "--essays", "2500"]);
        database_env(&mut command, backend, &database);
        let output = run(command, "");
        assert!(output.status.success(), "{}", text(&output.stderr));
        let progress = text(&output.stderr);
        assert!(progress.contains("bench-data: 2500/2500 essays (100%)"), "{progress}");
        assert!(progress.contains("bench-data: 250/250 mailbag threads (100%)"), "{progress}");
        let said = text(&output.stdout);
        let value = |key: &str| said.lines().find_map(|l| l.strip_prefix(&format!("{key}="))).unwrap().to_string();
        let (slug, cursor, word) = (value("article"), value("deep_cursor"), value("search"));
        let (first, last): (i64, i64) = (value("first_id").parse().unwrap(), value("last_id").parse().unwrap());
        assert_eq!(last - first + 1, 2500, "the ids of the essays this run made");

        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.join("data/tribune.sqlite3").display()),
            Backend::Postgres => database.url.clone(),
        };
        let figment = tribune::config::Settings::figment(&common::config_dir())
            .unwrap()
            .merge(("database_url", url))
            .merge(("listen", "127.0.0.1:0"))
            .merge(("mail_dir", dir.join("mail")));
        let settings = std::sync::Arc::new(tribune::config::Settings::from_figment(figment).unwrap());
        let db = tribune::storage::Database::open(&settings.database_url, &settings.database).unwrap();
        let running = common::Server::launch(settings, db.clone());
        let base = format!("{}/api/v1", running.base_url());
        let get = |path: String| async move { ::reqwest::get(path).await.unwrap() };
        assert_eq!(get(format!("{base}/articles/{slug}")).await.status(), 200);
        let deep: serde_json::Value = get(format!("{base}/articles?convention=bench&cursor={cursor}")).await.json().await.unwrap();
        assert_eq!(deep["items"].as_array().unwrap().len(), 20, "a page from the middle of the archive");
        let found: serde_json::Value = get(format!("{base}/articles?convention=bench&q=childcare")).await.json().await.unwrap();
        assert!(!found["items"].as_array().unwrap().is_empty(), "the bulk rows are in the search index");
        let everywhere: serde_json::Value = get(format!("{base}/articles?convention=bench&q={word}")).await.json().await.unwrap();
        assert_eq!(everywhere["items"].as_array().unwrap().len(), 20, "the benchmark's search word is in every essay");
        assert!(everywhere["next_cursor"].is_string());
        let last_page: serde_json::Value = get(format!("{base}/articles?convention=bench&q={word}&cursor=980")).await.json().await.unwrap();
        assert_eq!(last_page["items"].as_array().unwrap().len(), 20, "the window holds the newest 1,000 matches");
        assert!(last_page["next_cursor"].is_null(), "search stops at the window: {last_page}");
        let beyond = get(format!("{base}/articles?convention=bench&q={word}&cursor={}", i64::MAX)).await;
        assert_eq!(beyond.status(), 200, "any cursor a reader sends is answered, never a server error");
        let beyond: serde_json::Value = beyond.json().await.unwrap();
        assert!(beyond["items"].as_array().unwrap().is_empty());
        assert_eq!(get(format!("{base}/articles/bench-essay-{last}")).await.status(), 200);
        let threads: serde_json::Value = get(format!("{base}/mailbag/questions")).await.json().await.unwrap();
        assert!(!threads["items"].as_array().unwrap().is_empty(), "published mailbag threads for the listing");
        drop(running);
        common::close(db);
    }
}

/// `tribune doctor` in `dir` on the test's database, with `env` set: whether it exited 0, and its
/// report (stdout) followed by its stderr.
fn doctor(dir: &std::path::Path, backend: Backend, database: &TestDatabase, env: &[(&str, &str)]) -> (bool, String) {
    let mut command = tribune(dir);
    command.arg("doctor").envs(env.iter().copied());
    database_env(&mut command, backend, database);
    let output = run(command, "");
    (output.status.success(), format!("{}{}", text(&output.stdout), text(&output.stderr)))
}

/// `tribune migrate` in `dir` (on SQLite, the default `data/tribune.sqlite3` there).
fn migrated(dir: &std::path::Path, backend: Backend, database: &TestDatabase) {
    let mut command = tribune(dir);
    command.arg("migrate");
    database_env(&mut command, backend, database);
    let output = run(command, "");
    assert!(output.status.success(), "{}", text(&output.stderr));
}

on_both_backends! {
    async fn doctor_passes_a_migrated_database_with_mail_to_files_and_warns_that_nothing_is_delivered(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        migrated(&dir, backend, &database);
        let (passed, report) = doctor(&dir, backend, &database, &[]);
        assert!(passed, "{report}");
        for line in ["ok    configuration", "ok    database", "ok    migrations     all ", "ok    public URL", "0 failed"] {
            assert!(report.contains(line), "no `{line}` in:\n{report}");
        }
        assert!(report.contains("warn  mail") && report.contains("nobody receives it"), "{report}");
        assert!(report.contains("fix: fine for trying Tribune; for a real site set smtp_url (TRIBUNE_SMTP_URL)"), "{report}");
        if backend == Backend::Sqlite {
            assert!(report.contains("ok    journal mode   wal"), "{report}");
            let disk = report.lines().find(|l| l.contains("disk space")).unwrap_or_else(|| panic!("{report}"));
            assert!(!disk.starts_with("FAIL") && (disk.contains(" GB free in ") || disk.contains(" MB free in ")), "{disk}");
        }
    }

    async fn doctor_fails_on_a_database_never_migrated_and_says_to_run_migrate(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        if backend == Backend::Sqlite {
            // An empty file is an SQLite database with no tables: opened, never migrated.
            std::fs::create_dir_all(dir.join("data")).unwrap();
            std::fs::write(dir.join("data/tribune.sqlite3"), b"").unwrap();
        }
        let (passed, report) = doctor(&dir, backend, &database, &[]);
        assert!(!passed, "{report}");
        assert!(report.contains("ok    database"), "{report}");
        assert!(report.contains("FAIL  migrations     none of the "), "{report}");
        assert!(report.contains("fix: run `tribune migrate`"), "{report}");
        assert!(report.contains("tribune: doctor: 1 check failed"), "{report}");

        // The doctor examined and changed nothing: migrating afterwards applies every migration.
        let mut command = tribune(&dir);
        command.arg("migrate");
        database_env(&mut command, backend, &database);
        let output = run(command, "");
        assert!(!text(&output.stdout).starts_with("0 migration"), "{}", text(&output.stdout));
        let (passed, report) = doctor(&dir, backend, &database, &[]);
        assert!(passed, "{report}");
    }

    async fn doctor_fails_when_the_smtp_server_is_unreachable_and_names_it(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        migrated(&dir, backend, &database);
        let closed = SmtpServer::reserve();
        let (passed, report) = doctor(&dir, backend, &database, &[("TRIBUNE_SMTP_URL", &closed.url())]);
        assert!(!passed, "{report}");
        assert!(report.contains(&format!("FAIL  mail           cannot connect to {}: connection refused", closed.url())), "{report}");
        assert!(report.contains("fix: check the host and port in smtp_url (TRIBUNE_SMTP_URL)"), "{report}");
        assert!(report.contains("ok    database"), "only the mail failed: {report}");
    }

    async fn doctor_connects_to_a_reachable_smtp_server(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        migrated(&dir, backend, &database);
        let smtp = SmtpServer::reserve();
        smtp.start();
        let (passed, report) = doctor(&dir, backend, &database, &[("TRIBUNE_SMTP_URL", &smtp.url())]);
        assert!(passed, "{report}");
        assert!(report.contains(&format!("ok    mail           connected to {}", smtp.url())), "{report}");
        // Real mail with links only this machine can open is worth a warning.
        assert!(report.contains("its links point to http://127.0.0.1:8080/"), "{report}");
        assert!(smtp.all().is_empty(), "the doctor sends no message");
    }
}

#[test]
fn doctor_names_an_sqlite_file_that_cannot_be_created_and_the_fix() {
    let database = TestDatabase::create(Backend::Sqlite);
    let dir = database.scratch_dir();
    std::fs::write(dir.join("a-file"), b"").unwrap();
    let (passed, report) =
        doctor(&dir, Backend::Sqlite, &database, &[("DATABASE_URL", "sqlite://a-file/tribune.sqlite3")]);
    assert!(!passed, "{report}");
    assert!(report.contains("FAIL  database       the SQLite file "), "{report}");
    assert!(
        report.contains("does not exist and cannot be created: ") && report.contains("a-file is not a directory"),
        "{report}"
    );
    assert!(report.contains("fix: point database_url (DATABASE_URL) at a file in a directory"), "{report}");
    assert!(!dir.join("a-file").is_dir() && !dir.join("data").exists(), "the doctor creates nothing");

    // A path whose directory is missing is most often a typo: said so, and nothing is created.
    let (passed, report) =
        doctor(&dir, Backend::Sqlite, &database, &[("DATABASE_URL", "sqlite://tribnue/tribune.sqlite3")]);
    assert!(!passed, "{report}");
    assert!(report.contains("does not exist, nor does its directory"), "{report}");
    assert!(report.contains("if the data is elsewhere, correct database_url (DATABASE_URL)"), "{report}");
    assert!(!dir.join("tribnue").exists(), "the doctor creates nothing");
}

#[test]
fn doctor_names_an_unreachable_postgres_server_and_the_fix() {
    let dir = std::env::temp_dir();
    let url = format!("postgres://tribune:secret@127.0.0.1:{}/tribune", free_port());
    let mut command = tribune(&dir);
    command.arg("doctor").env("DATABASE_URL", &url);
    let output = run(command, "");
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let shown = url.replace(":secret@", ":***@");
    assert!(report.contains(&format!("FAIL  database       cannot connect to {shown}: ")), "{report}");
    assert!(report.contains("Connection refused"), "{report}");
    assert!(report.contains("fix: check the host and port in database_url (DATABASE_URL)"), "{report}");
    assert!(!report.contains("secret"), "the password is never shown: {report}");
}

#[test]
fn doctor_reports_a_bad_configuration_as_its_finding() {
    let dir = std::env::temp_dir();
    let mut command = tribune(&dir);
    command.arg("doctor").env("TRIBUNE_DATABASE__MAX_CONNECTIONS", "many");
    let output = run(command, "");
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("FAIL  configuration") && report.contains("MAX_CONNECTIONS"), "{report}");
    assert!(report.contains("fix: correct the key named"), "{report}");
    assert!(text(&output.stderr).contains("tribune: doctor: 1 check failed"), "{}", text(&output.stderr));
}

#[test]
fn doctor_says_what_http_and_https_mean_for_cookies_and_hsts() {
    let database = TestDatabase::create(Backend::Sqlite);
    let dir = database.scratch_dir();
    migrated(&dir, Backend::Sqlite, &database);
    let public = |url: &str| doctor(&dir, Backend::Sqlite, &database, &[("TRIBUNE_PUBLIC_URL", url)]);

    let (passed, report) = public("http://discussion.example.org");
    assert!(passed, "a warning is not a failure: {report}");
    assert!(
        report.contains("warn  public URL     http://discussion.example.org/ is http: session cookies"),
        "{report}"
    );
    assert!(report.contains("not marked Secure") && report.contains("no HSTS is sent"), "{report}");

    let (passed, report) = public("https://discussion.example.org");
    assert!(passed, "{report}");
    assert!(report.contains("ok    public URL     https://discussion.example.org/ is https: cookies are marked Secure and every response sends HSTS (max-age=31536000)"), "{report}");
}

#[test]
fn doctor_signs_in_when_smtp_url_has_a_user_and_says_why_it_cannot() {
    let database = TestDatabase::create(Backend::Sqlite);
    let dir = database.scratch_dir();
    migrated(&dir, Backend::Sqlite, &database);
    // The test server offers no sign-in over a plain connection, as many real ones do.
    let smtp = SmtpServer::reserve();
    smtp.start();
    let url = format!("smtp://tribune:secret@127.0.0.1:{}", smtp.port);
    let (passed, report) = doctor(&dir, Backend::Sqlite, &database, &[("TRIBUNE_SMTP_URL", &url)]);
    assert!(!passed, "{report}");
    let shown = url.replace(":secret@", ":***@");
    assert!(report.contains(&format!("FAIL  mail           cannot sign in as tribune at {shown}: ")), "{report}");
    assert!(
        report.contains(
            "fix: use TLS (smtps://HOST:465, or smtp://HOST:587?tls=required) in smtp_url (TRIBUNE_SMTP_URL)"
        ),
        "{report}"
    );
    assert!(!report.contains("secret"), "the password is never shown: {report}");
}
