//! The `tribune` binary as an operator runs it: `serve` with no configuration, start-up errors
//! that name the bad key, `migrate`, `user create` and `demo`.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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
        if let Ok(response) = reqwest::blocking_get(port) {
            if response == 200 {
                return Ok(());
            }
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

on_both_backends! {
    async fn serve_with_no_configuration_answers_healthz_and_stops_on_sigterm(backend) {
        let database = TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let port = free_port();
        let mut command = tribune(&dir);
        command.arg("serve").env("TRIBUNE_LISTEN", format!("127.0.0.1:{port}"));
        database_env(&mut command, backend, &database);
        let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let healthy = wait_for_health(&mut child, port);
        // SIGTERM: the server drains and exits cleanly.
        Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
        let status = child.wait().unwrap();
        healthy.unwrap();
        assert!(status.success(), "exit after SIGTERM: {status}");
        if backend == Backend::Sqlite {
            assert!(dir.join("data/tribune.sqlite3").exists(), "the default database file is created");
        }
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
