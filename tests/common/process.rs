//! Tribune as separate processes: `tribune serve` started as a child on a seeded database, for
//! the crash and two-process tests, and a command fed on standard input as a mail server's pipe
//! feeds it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tribune::domain::accounts::{NewAccount, create_account};
use tribune::domain::convention::{ConventionInput, add_disclaimer, create_convention};
use tribune::domain::user::*;
use tribune::storage::{Database, DatabaseUrl, PoolOptions};

use super::smtp::SmtpServer;
use super::{PASSWORD, config_dir};

/// `tribune ARGS` against the database at `url`, with `input` on standard input, as a mail
/// server's pipe runs it; it must succeed. Returns what it printed.
pub fn piped(url: &str, args: &[&str], env: &[(&str, &str)], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tribune"))
        .args(args)
        .envs(env.iter().copied())
        .env("DATABASE_URL", url)
        .env("TRIBUNE_CONFIG_DIR", config_dir())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tribune");
    child.stdin.take().expect("its standard input").write_all(input).expect("feed it");
    let output = child.wait_with_output().expect("its output");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// A loopback port nobody listens on yet.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A writer, two editors, an admin, and an open convention `crash` with its disclaimer.
pub fn seed(url: &str) {
    let options = PoolOptions {
        max_connections: 1,
        connect_timeout: Duration::from_secs(5),
        busy_timeout: Duration::from_secs(5),
    };
    let db = Database::open(&DatabaseUrl::parse(url).unwrap(), &options).unwrap();
    let mut conn = db.connection().unwrap();
    for (email, roles) in [
        ("writer@example.org", vec![Role::Member]),
        ("editor@example.org", vec![Role::Editor]),
        ("editor2@example.org", vec![Role::Editor]),
        ("admin@example.org", vec![Role::Admin]),
    ] {
        let account = NewAccount {
            email: EmailAddress::parse(email).unwrap(),
            display_name: DisplayName::parse("Crash Tester").unwrap(),
            location: Location::parse("Test City").unwrap(),
            password_hash: PasswordCost::default().hash(&Password::parse(PASSWORD).unwrap()).unwrap(),
            roles,
            verified: true,
        };
        create_account(&mut conn, &account).unwrap();
    }
    let now = chrono::Utc::now();
    let input = ConventionInput {
        slug: Some("crash".into()),
        title: Some("Crash Convention".into()),
        location: Some("Test City".into()),
        starts_on: Some("2030-01-01".into()),
        ends_on: Some("2030-01-02".into()),
        discussion_opens_at: Some((now - chrono::TimeDelta::days(1)).to_rfc3339()),
        discussion_closes_at: Some((now + chrono::TimeDelta::days(10)).to_rfc3339()),
        ..ConventionInput::default()
    };
    create_convention(&mut conn, &input).unwrap();
    add_disclaimer(&mut conn, "crash", "The views are the authors' own.", None).unwrap();
}

/// Starts `tribune serve` on `url` and waits until it listens.
pub fn serve(url: &str, port: u16, smtp: &SmtpServer, dir: &Path, env: &[(&str, &str)]) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tribune"))
        .arg("serve")
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("TRIBUNE_LISTEN", format!("127.0.0.1:{port}"))
        .env("TRIBUNE_CONFIG_DIR", config_dir())
        .env("TRIBUNE_SMTP_URL", smtp.url())
        .env("TRIBUNE_MAIL__POLL_INTERVAL_MS", "50")
        .env("TRIBUNE_MAIL__LEASE_SECS", "2")
        .env("TRIBUNE_THROTTLE__LOGIN_FAILURES_PER_IP", "{ max = 1000, window_secs = 60 }")
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tribune serve");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("tribune serve did not listen within 30 s");
}
