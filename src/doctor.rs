//! `tribune doctor`: checks an installation as `serve` would use it (the configuration, the
//! database, the mail transport, the public URL), creating, migrating and sending nothing, and
//! says for each problem what is wrong and how to fix it. A failure means `serve` would not work,
//! or not as meant; a warning is worth knowing but can be right (mail as files on a laptop).

use std::ffi::CString;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::{Host, Url};

use crate::config::{ConfigError, Settings};
use crate::storage::{self, AnyConnection, DatabaseUrl};

/// How long the doctor waits for a database or mail server that does not answer.
const PATIENCE: Duration = Duration::from_secs(10);
/// Below this much free space where the SQLite file lives, a warning...
const DISK_WARN_BYTES: u64 = 1_000_000_000;
/// ...and below this, a failure: SQLite cannot grow the file or its write-ahead log when full.
const DISK_FAIL_BYTES: u64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        }
    }
}

/// One line of the report, and how to fix it when it is not ok.
#[derive(Debug, Clone)]
pub struct Finding {
    pub status: Status,
    pub check: &'static str,
    pub said: String,
    pub fix: Option<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    fn ok(&mut self, check: &'static str, said: impl Into<String>) {
        self.findings.push(Finding { status: Status::Ok, check, said: said.into(), fix: None });
    }

    fn warn(&mut self, check: &'static str, said: impl Into<String>, fix: impl Into<String>) {
        self.findings.push(Finding { status: Status::Warn, check, said: said.into(), fix: Some(fix.into()) });
    }

    fn fail(&mut self, check: &'static str, said: impl Into<String>, fix: impl Into<String>) {
        self.findings.push(Finding { status: Status::Fail, check, said: said.into(), fix: Some(fix.into()) });
    }

    fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }

    pub fn failures(&self) -> usize {
        self.count(Status::Fail)
    }

    /// One line per check (status, check, what was found), an indented `fix:` line under each
    /// that is not ok, and a summary.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        for finding in &self.findings {
            writeln!(out, "{:<5} {:<14} {}", finding.status.word(), finding.check, finding.said)?;
            if let Some(fix) = &finding.fix {
                writeln!(out, "{:<5} fix: {fix}", "")?;
            }
        }
        let (ok, warnings, failures) = (self.count(Status::Ok), self.count(Status::Warn), self.failures());
        let summary = format!("{ok} ok, {}, {failures} failed", plural(warnings, "warning", "warnings"));
        if failures > 0 {
            writeln!(out, "\n{summary}: fix the lines marked FAIL, then run `tribune doctor` again.")
        } else if warnings > 0 {
            writeln!(out, "\n{summary}: Tribune can run; read the warnings above.")
        } else {
            writeln!(out, "\n{summary}: Tribune is ready.")
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs every check on the configuration as loaded (or the error loading it).
pub fn examine(loaded: Result<Settings, ConfigError>) -> Report {
    let mut report = Report::default();
    let Some(settings) = configuration(loaded, &mut report) else {
        return report;
    };
    database(&settings, &mut report);
    mail(&settings, &mut report);
    public_url(&settings, &mut report);
    report
}

fn configuration(loaded: Result<Settings, ConfigError>, report: &mut Report) -> Option<Settings> {
    let dir = Settings::config_dir();
    let files = if dir.is_dir() {
        format!("from {} and the environment", shown_path(&dir))
    } else {
        format!("from the compiled-in defaults and the environment (there is no {})", shown_path(&dir))
    };
    let then = "the other checks run once the configuration loads";
    match loaded {
        Ok(settings) => {
            report.ok("configuration", format!("loaded: profile `{}`, {files}", settings.profile));
            Some(settings)
        }
        Err(ConfigError::Invalid { key, message }) => {
            report.fail(
                "configuration",
                format!("`{key}`: {message}"),
                format!("correct `{key}` in the environment or in {}; {then}", shown_path(&dir)),
            );
            None
        }
        Err(ConfigError::Load(error)) => {
            report.fail(
                "configuration",
                one_line(&error.to_string()),
                format!(
                    "correct the key named, in the environment (TRIBUNE_<SECTION>__<KEY>) or in {}; {then}",
                    shown_path(&dir)
                ),
            );
            None
        }
        Err(ConfigError::MissingProfile { profile, path }) => {
            report.fail(
                "configuration",
                format!("TRIBUNE_PROFILE asks for profile `{profile}`, but {path} does not exist"),
                format!("create {path}, or correct or unset TRIBUNE_PROFILE; {then}"),
            );
            None
        }
    }
}

fn database(settings: &Settings, report: &mut Report) {
    let busy_timeout = settings.database.busy_timeout;
    let (mut conn, described) = match &settings.database_url {
        DatabaseUrl::Sqlite(path) => {
            if !sqlite_file_exists(path, report) {
                return;
            }
            match crate::storage::open_sqlite_read_only(path, busy_timeout) {
                Ok(conn) => (conn, format!("the SQLite file {}", shown_path(path))),
                Err(error) => {
                    report.fail(
                        "database",
                        format!(
                            "cannot open the SQLite database {}: {}",
                            shown_path(path),
                            one_line(&error.to_string())
                        ),
                        format!(
                            "check that {} is an SQLite database and that the user running Tribune can read and \
                             write it and its directory, or correct database_url (DATABASE_URL)",
                            shown_path(path)
                        ),
                    );
                    return;
                }
            }
        }
        DatabaseUrl::Postgres(url) => {
            let shown = redacted(url);
            // libpq waits for ever on a host that drops packets unless told otherwise.
            let bounded = DatabaseUrl::Postgres(with_connect_timeout(url, PATIENCE));
            match bounded.connect(busy_timeout) {
                Ok(conn) => (conn, format!("PostgreSQL at {shown}")),
                Err(error) => {
                    let error = one_line(&error.to_string());
                    let fix = postgres_fix(&error);
                    report.fail("database", format!("cannot connect to {shown}: {error}"), fix);
                    return;
                }
            }
        }
    };
    report.ok("database", format!("connected to {described}"));
    migrations(&mut conn, report);
    if let DatabaseUrl::Sqlite(path) = &settings.database_url {
        journal_mode(&mut conn, report);
        disk_space(path, report);
    }
}

/// Opening a missing SQLite file would create an empty database: the doctor says so instead, as a
/// wrong path in DATABASE_URL (a fresh empty site where the data should be) is the usual cause.
fn sqlite_file_exists(path: &Path, report: &mut Report) -> bool {
    if path.exists() {
        return true;
    }
    let dir = directory_of(path);
    let new_or_wrong = "on a new installation, `tribune migrate` (or `tribune serve`) creates it; if the data \
                        is elsewhere, correct database_url (DATABASE_URL)";
    match can_write_or_create(&dir) {
        Ok(()) if dir.is_dir() => report.fail(
            "database",
            format!("the SQLite file {} does not exist (nothing has been set up there yet)", shown_path(path)),
            new_or_wrong,
        ),
        Ok(()) => report.fail(
            "database",
            format!("the SQLite file {} does not exist, nor does its directory {}", shown_path(path), shown_path(&dir)),
            new_or_wrong,
        ),
        Err(why) => report.fail(
            "database",
            format!("the SQLite file {} does not exist and cannot be created: {why}", shown_path(path)),
            format!(
                "point database_url (DATABASE_URL) at a file in a directory the user running Tribune can write, \
                 e.g. sqlite:///var/lib/tribune/tribune.sqlite3, or create {} for that user",
                shown_path(&dir)
            ),
        ),
    }
    false
}

fn postgres_fix(error: &str) -> String {
    if error.contains("password authentication failed") || error.contains("no password supplied") {
        "check the user name and password in database_url (DATABASE_URL)".into()
    } else if error.contains("database \"") && error.contains("does not exist") {
        "create the database on the server (e.g. `createdb NAME`), or correct its name in database_url (DATABASE_URL)"
            .into()
    } else if error.contains("translate host name") {
        "the host name does not resolve: correct the host in database_url (DATABASE_URL)".into()
    } else {
        "check the host and port in database_url (DATABASE_URL), and that PostgreSQL is running there and accepts \
         connections from this machine (listen_addresses, pg_hba.conf)"
            .into()
    }
}

fn migrations(conn: &mut AnyConnection, report: &mut Report) {
    let status = match storage::migration_status(conn) {
        Ok(status) => status,
        Err(error) => {
            report.fail(
                "migrations",
                format!("cannot read which migrations have run: {}", one_line(&error.to_string())),
                "check that the database user may read the database's tables",
            );
            return;
        }
    };
    let apply = "run `tribune migrate` (or start `tribune serve`, which applies them before it listens)";
    match status.pending.len() {
        0 => report.ok("migrations", format!("all {} applied", status.known.len())),
        n if n == status.known.len() => report.fail(
            "migrations",
            format!("none of the {} migrations has run: the database is empty", status.known.len()),
            apply,
        ),
        n => report.fail(
            "migrations",
            format!(
                "{} of {} pending ({})",
                plural(n, "migration", "migrations"),
                status.known.len(),
                status.pending.join(", ")
            ),
            apply,
        ),
    }
    if !status.unknown.is_empty() {
        report.warn(
            "migrations",
            format!(
                "the database has run {} this binary does not know ({}): a newer Tribune used it",
                plural(status.unknown.len(), "migration", "migrations"),
                status.unknown.join(", ")
            ),
            "run the newer Tribune against this database; an older one may not understand its tables",
        );
    }
}

fn journal_mode(conn: &mut AnyConnection, report: &mut Report) {
    match storage::sqlite_journal_mode(conn) {
        Ok(Some(mode)) if mode.eq_ignore_ascii_case("wal") => {
            report.ok("journal mode", "wal (readers do not wait for the writer)");
        }
        Ok(Some(mode)) => report.warn(
            "journal mode",
            format!("{mode}, not wal: SQLite could not switch to write-ahead logging, so readers wait for the writer"),
            "keep the database on a local filesystem (WAL needs shared memory, which network filesystems lack)",
        ),
        Ok(None) => {}
        Err(error) => report.warn(
            "journal mode",
            format!("cannot read it: {}", one_line(&error.to_string())),
            "check the SQLite file with `sqlite3 FILE 'PRAGMA journal_mode'`",
        ),
    }
}

fn disk_space(path: &Path, report: &mut Report) {
    let dir = directory_of(path);
    let free = match free_bytes(&dir) {
        Ok(free) => free,
        Err(error) => {
            report.warn(
                "disk space",
                format!("cannot tell the free space in {}: {error}", shown_path(&dir)),
                "check it with `df -h`",
            );
            return;
        }
    };
    let said = format!("{} free in {}", human_bytes(free), shown_path(&dir));
    let fix = "free space on that filesystem, or move the database to a larger one (and DATABASE_URL with it)";
    if free < DISK_FAIL_BYTES {
        report.fail("disk space", format!("only {said}: SQLite fails its writes once it is full"), fix);
    } else if free < DISK_WARN_BYTES {
        report.warn("disk space", format!("only {said}"), fix);
    } else {
        report.ok("disk space", said);
    }
}

fn mail(settings: &Settings, report: &mut Report) {
    let Some(url) = &settings.smtp_url else {
        let dir = &settings.mail_dir;
        match can_write_or_create(dir) {
            Ok(()) => report.warn(
                "mail",
                format!(
                    "no smtp_url: every message is written as an .eml file to {}, and nobody receives it",
                    shown_path(dir)
                ),
                "fine for trying Tribune; for a real site set smtp_url (TRIBUNE_SMTP_URL), e.g. \
                 smtps://user:password@mail.example.org:465",
            ),
            Err(why) => report.fail(
                "mail",
                format!("no smtp_url, and mail cannot be written to {}: {why}", shown_path(dir)),
                "set mail_dir (TRIBUNE_MAIL_DIR) to a directory the user running Tribune can write, or set \
                 smtp_url (TRIBUNE_SMTP_URL)",
            ),
        }
        return;
    };
    let shown = redacted(url.as_str());
    let transport = match crate::email::transport::smtp(url, PATIENCE) {
        Ok(transport) => transport,
        Err(error) => {
            report.fail("mail", format!("cannot use {shown}: {error}"), "correct smtp_url (TRIBUNE_SMTP_URL)");
            return;
        }
    };
    // lettre signs in only when the URL has a password as well as a user name.
    let user = match url.password() {
        Some(_) => percent_encoding::percent_decode_str(url.username()).decode_utf8_lossy().into_owned(),
        None => String::new(),
    };
    match transport.test_connection() {
        Ok(true) if user.is_empty() => report.ok(
            "mail",
            format!("connected to {shown} (no user and password in smtp_url, so mail is sent without signing in)"),
        ),
        Ok(true) => report.ok("mail", format!("connected to {shown} and signed in as {user}")),
        Ok(false) => report.fail(
            "mail",
            format!("{shown} accepted the connection but did not answer a NOOP"),
            "check that smtp_url (TRIBUNE_SMTP_URL) names an SMTP server",
        ),
        Err(error) => {
            let (said, fix) = smtp_failure(&error, &shown, &user);
            report.fail("mail", said, fix);
        }
    }
}

/// What failed, in words (the action, the server, lettre's reason), and how to fix it.
fn smtp_failure(error: &lettre::transport::smtp::Error, shown: &str, user: &str) -> (String, String) {
    let key = "smtp_url (TRIBUNE_SMTP_URL)";
    // lettre says "Connection error: Connection refused (os error 111)"; its source alone reads
    // better after our own words.
    let reason = std::error::Error::source(error).map_or_else(|| error.to_string(), |source| source.to_string());
    let reason = one_line(&lowercase_first(&reason));
    let code = error.status().map(|c| c.to_string());
    let signing_in = matches!(code.as_deref(), Some("530" | "534" | "535" | "538")) && !user.is_empty();
    let (action, fix) = if signing_in {
        (format!("sign in as {user} at"), format!("check the user name and password in {key}"))
    } else if error.is_client() && !user.is_empty() {
        // lettre found no sign-in method it shares with the server; servers commonly offer one
        // only once the connection is encrypted.
        (
            format!("sign in as {user} at"),
            format!(
                "use TLS (smtps://HOST:465, or smtp://HOST:587?tls=required) in {key}, or remove the user name \
                 if this server takes mail without signing in"
            ),
        )
    } else if error.is_tls() {
        (
            "set up TLS with".to_string(),
            format!(
                "check the scheme and port in {key}: smtps:// for TLS from the first byte (port 465), \
                 smtp://HOST:587?tls=required for STARTTLS"
            ),
        )
    } else if error.is_timeout() {
        (
            "get an answer from".to_string(),
            format!(
                "check the host and port in {key}, and that no firewall stands between this machine and the server"
            ),
        )
    } else if error.is_permanent() || error.is_transient() || error.is_response() {
        ("talk to".to_string(), format!("the server refused: check {key} and the mail server's log"))
    } else {
        (
            "connect to".to_string(),
            format!("check the host and port in {key}, and that the mail server is running and reachable from here"),
        )
    };
    let reason = match code {
        Some(code) if !reason.contains(&code) => format!("{code} {reason}"),
        _ => reason,
    };
    (format!("cannot {action} {shown}: {reason}"), fix)
}

/// What https changes, in the words of what the server does (`http::auth::Caller` marks the
/// session, form-token and notice cookies `Secure` when the public URL is https; `http` sends
/// Strict-Transport-Security only then, and only with a max-age above 0).
fn public_url(settings: &Settings, report: &mut Report) {
    let url = &settings.public_url;
    let hsts = settings.server.hsts_max_age_secs;
    if url.scheme() == "https" {
        if hsts > 0 {
            report.ok(
                "public URL",
                format!("{url} is https: cookies are marked Secure and every response sends HSTS (max-age={hsts})"),
            );
        } else {
            report.warn(
                "public URL",
                format!(
                    "{url} is https and cookies are marked Secure, but no HSTS is sent (server.hsts_max_age_secs = 0)"
                ),
                "set server.hsts_max_age_secs (TRIBUNE_SERVER__HSTS_MAX_AGE_SECS), e.g. 31536000, so browsers never \
                 fall back to http",
            );
        }
    } else if is_loopback(url) {
        report.ok(
            "public URL",
            format!(
                "{url} is http on this machine: cookies are not marked Secure and no HSTS is sent, which is fine \
                 for trying Tribune here"
            ),
        );
    } else {
        report.warn(
            "public URL",
            format!(
                "{url} is http: session cookies cross the network unencrypted (they are not marked Secure) and no \
                 HSTS is sent"
            ),
            "serve the site over https (e.g. behind a reverse proxy with a certificate) and set public_url \
             (TRIBUNE_PUBLIC_URL) to its https:// address",
        );
    }
    if settings.smtp_url.is_some() && is_loopback(url) {
        report.warn(
            "public URL",
            format!("mail is delivered, but its links point to {url}, which only this machine can open"),
            "set public_url (TRIBUNE_PUBLIC_URL) to the address readers use",
        );
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A URL as it may be shown: with its password replaced.
fn redacted(text: &str) -> String {
    match Url::parse(text) {
        Ok(mut url) if url.password().is_some() => {
            // Only fails for URLs that cannot have a password, and this one has one.
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => "the configured URL".to_string(),
    }
}

/// The Postgres URL with libpq's `connect_timeout` unless it already sets one.
fn with_connect_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("connect_timeout=") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={}", timeout.as_secs().max(1))
}

/// Error texts from libpq span lines ("...failed: Connection refused\n\tIs the server running...").
fn one_line(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("; ")
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

/// Paths as the operator can find them whatever directory they ran the doctor from.
fn shown_path(path: &Path) -> String {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `dir` is a directory this process can write, or can be created (its nearest existing
/// ancestor is one). Asks the kernel (`access`) rather than writing a probe file: the doctor
/// changes nothing.
fn can_write_or_create(dir: &Path) -> Result<(), String> {
    let existing = dir.ancestors().find(|a| a.as_os_str().is_empty() || a.exists()).unwrap_or(dir);
    let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
    if !existing.is_dir() {
        return Err(format!("{} is not a directory", shown_path(existing)));
    }
    let c_path = CString::new(existing.as_os_str().as_bytes()).map_err(|_| "the path holds a NUL byte".to_string())?;
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    if unsafe { libc::access(c_path.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
        let why = io::Error::last_os_error();
        return Err(format!("{} is not writable: {why}", shown_path(existing)));
    }
    Ok(())
}

/// Bytes an unprivileged process may still write on the filesystem holding `dir`.
fn free_bytes(dir: &Path) -> io::Result<u64> {
    let c_path =
        CString::new(dir.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c_path` is NUL-terminated and `stat` points to room for one `statvfs`, which the
    // call fills in when it returns 0 (and only then is it read).
    if unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: initialised by the successful call above.
    let stat = unsafe { stat.assume_init() };
    // The fields' integer types differ between platforms.
    #[allow(clippy::unnecessary_cast)]
    Ok((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
}

/// "850 MB", "12.3 GB": decimal units, as `df -H` shows them.
fn human_bytes(bytes: u64) -> String {
    const MB: u64 = 1_000_000;
    const GB: u64 = 1_000_000_000;
    if bytes >= GB { format!("{:.1} GB", bytes as f64 / GB as f64) } else { format!("{} MB", bytes / MB) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(redacted("smtps://ada:secret@mail.example.org:465"), "smtps://ada:***@mail.example.org:465");
        assert_eq!(redacted("postgres://u:p%40ss@db/tribune"), "postgres://u:***@db/tribune");
        assert_eq!(redacted("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
    }

    #[test]
    fn connect_timeout_is_added_once() {
        let ten = Duration::from_secs(10);
        assert_eq!(with_connect_timeout("postgres://h/db", ten), "postgres://h/db?connect_timeout=10");
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=require", ten),
            "postgres://h/db?sslmode=require&connect_timeout=10"
        );
        assert_eq!(with_connect_timeout("postgres://h/db?connect_timeout=2", ten), "postgres://h/db?connect_timeout=2");
    }

    #[test]
    fn sizes_read_like_df() {
        assert_eq!(human_bytes(850_000_000), "850 MB");
        assert_eq!(human_bytes(12_345_000_000), "12.3 GB");
    }

    #[test]
    fn loopback_hosts_are_this_machine() {
        for local in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]/", "http://tribune.localhost"] {
            assert!(is_loopback(&Url::parse(local).unwrap()), "{local}");
        }
        assert!(!is_loopback(&Url::parse("http://example.org").unwrap()));
    }

    #[test]
    fn a_missing_directory_under_a_file_cannot_be_created() {
        let file = std::env::temp_dir().join(format!("tribune-doctor-{}", std::process::id()));
        std::fs::write(&file, b"").unwrap();
        let outcome = can_write_or_create(&file.join("mail"));
        std::fs::remove_file(&file).unwrap();
        assert!(outcome.unwrap_err().contains("is not a directory"));
        assert!(can_write_or_create(&std::env::temp_dir().join("no/such/dir")).is_ok());
    }

    #[test]
    fn the_report_puts_the_fix_under_its_line_and_counts() {
        let mut report = Report::default();
        report.ok("database", "connected");
        report.fail("mail", "cannot connect", "check smtp_url");
        let mut out = Vec::new();
        report.write_to(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "ok    database       connected\nFAIL  mail           cannot connect\n      fix: check smtp_url\n\n\
             1 ok, 0 warnings, 1 failed: fix the lines marked FAIL, then run `tribune doctor` again.\n"
        );
    }
}
