//! The `tribune` command line: what an operator runs.

use std::io::BufRead;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::config::Settings;
use crate::domain::accounts::{self, NewAccount};
use crate::domain::user::{DisplayName, EmailAddress, Location, Password, Role};
use crate::domain::{DomainError, FieldErrors};
use crate::storage::{self, Database};
use crate::{app, backup, demo, telemetry};

#[derive(Parser)]
#[command(name = "tribune", version, about = "A moderated convention discussion: essays, review, mailbag.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP until SIGTERM or Ctrl-C.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Check the installation (configuration, database, mail, public URL) without changing
    /// anything; say how to fix what is wrong, and exit 1 if anything failed.
    Doctor,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load the original demo content, so a new site has something to show.
    Demo,
    /// Insert N published essays for benchmarks (convention `bench`; the first time also a small
    /// `bench-bulletin`), showing progress; prints what the benchmark requests, `key=value`.
    BenchData {
        #[arg(long)]
        essays: usize,
        /// Percent of the essays left in the editors' hands instead (every status but published),
        /// with an editor `desk@bench.invalid`; any share also spreads the essays over four
        /// topics, two languages and three author kinds (bench/desk passes 10, bench/run 1).
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
        queue_share: u8,
    },
    /// Time the Markdown renderer on the worst nesting known, at the body limit (a table).
    BenchRender {
        /// Runs per case; the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Write every table to one archive as of one instant, while the server keeps serving,
    /// showing progress.
    Backup {
        /// Where to write the archive (it takes this name only once it is complete).
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Load an archive written by `backup` into the empty database DATABASE_URL names (SQLite or
    /// Postgres, whichever wrote it); the archive is checked before anything is changed.
    Restore {
        #[arg(long)]
        input: std::path::PathBuf,
    },
    /// Copy this site (DATABASE_URL) into another, empty database of either backend.
    Copy {
        /// The target, e.g. postgres://tribune@localhost/tribune or sqlite:///srv/tribune.sqlite3.
        #[arg(long)]
        to: String,
    },
    /// Mail that arrives: the DNS records to publish, and the bounces and complaints that come back.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Convert a document (.docx, .odt, .md or .txt) as an upload would be: the Markdown to
    /// standard output; the title and what was left out to standard error. Needs no configuration.
    Convert {
        /// The document; its name's extension says what kind it is.
        file: std::path::PathBuf,
    },
    /// Write a convention's discussion (or one topic) as an EPUB bulletin, showing progress.
    Bulletin {
        /// The convention's slug.
        #[arg(long)]
        convention: String,
        /// One topic's slug (default: the whole discussion).
        #[arg(long)]
        topic: Option<String>,
        /// Where to write the book.
        #[arg(long)]
        output: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum MailCommand {
    /// Print the DNS records (DKIM, SPF, DMARC) receivers check before they trust this site's
    /// mail, from the configuration (`mail.from`, `mail.dkim_*`, `TRIBUNE_SMTP_URL`).
    DnsRecords,
    /// Read bounces (RFC 3464) and spam complaints (ARF, RFC 5965) and suppress the addresses
    /// that bounced for good or complained. Exits 75 (try again later) when the database cannot
    /// be reached, so a mail server's pipe keeps the message and retries.
    Bounces {
        /// An mbox file, or one message; `-` reads standard input (a mail server's pipe).
        #[arg(long)]
        mbox: std::path::PathBuf,
    },
    /// Read one message (RFC 5322) on standard input, sent to `mail.inbound_address` or to a
    /// piece's reply address: a member's essay becomes a draft, an answer to a request for
    /// changes the next revision, and the sender is told by email. Automatic mail is ignored.
    /// Exits 75 (try again later) when the database cannot be reached.
    Receive,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a verified user (how the first admin is made). Reads the password from stdin.
    Create(CreateUser),
}

#[derive(Args)]
struct CreateUser {
    #[arg(long)]
    email: String,
    #[arg(long)]
    display_name: String,
    #[arg(long)]
    location: String,
    /// member, editor, expert or admin; repeat for several.
    #[arg(long = "role", required = true)]
    roles: Vec<Role>,
    /// Read the password from the first line of standard input (never from the command line,
    /// where other users of the machine could see it).
    #[arg(long, required = true)]
    password_stdin: bool,
}

/// Errors an operator sees: one line, then exit status 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    #[error("{0}")]
    Invalid(String),
    #[error("could not start the server: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not start: {0}")]
    Launch(#[from] app::LaunchError),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("doctor: {}", if *.0 == 1 { "1 check failed".to_string() } else { format!("{} checks failed", .0) })]
    ChecksFailed(usize),
    /// Worth trying again later (the database is away): exit status 75, which mail servers
    /// take as "keep the message and retry".
    #[error("{0} (try again later)")]
    TryLater(String),
}

impl CliError {
    /// The process's exit status: 75 (EX_TEMPFAIL) for [`CliError::TryLater`], else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::TryLater(_) => 75,
            _ => 1,
        }
    }
}

impl From<DomainError> for CliError {
    fn from(error: DomainError) -> CliError {
        match error {
            DomainError::Invalid(fields) => CliError::Invalid(describe(&fields)),
            DomainError::Storage(e) => CliError::Storage(e),
            other => CliError::Invalid(other.to_string()),
        }
    }
}

/// A field's problems, in English: an operator's terminal speaks the language of the logs.
fn english(messages: &[crate::i18n::Message]) -> String {
    messages.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn describe(fields: &FieldErrors) -> String {
    fields.0.iter().map(|(field, messages)| format!("{field}: {}", english(messages))).collect::<Vec<_>>().join("\n")
}

impl Cli {
    pub fn run(self) -> Result<(), CliError> {
        if let Command::Doctor = self.command {
            // Before loading the settings: an error in them is the doctor's first finding.
            return doctor();
        }
        if let Command::Convert { file } = &self.command {
            // Reads no settings: converting touches neither the database nor the mail.
            return convert(file);
        }
        let settings = Arc::new(Settings::load()?);
        telemetry::init(&settings.log);
        match self.command {
            Command::Serve => serve(settings),
            // Answered above, before the settings are loaded.
            Command::Doctor | Command::Convert { .. } => Ok(()),
            Command::Migrate => {
                let applied = storage::migrate(&settings.database_url, settings.database.busy_timeout)?;
                println!("{applied} migration(s) applied to the {} database", settings.database_url.backend_name());
                let db = Database::open(&settings.database_url, &settings.database)?;
                let upgraded = crate::domain::backfill::upgrade(&db, settings.discussion.default_language())?;
                if upgraded.rendered > 0 {
                    println!("{} text(s) saved by an older version rendered", upgraded.rendered);
                }
                if upgraded.indexed > 0 {
                    println!("{} text(s) saved by an older version indexed for search", upgraded.indexed);
                }
                Ok(())
            }
            Command::User { command: UserCommand::Create(args) } => create_user(&settings, args),
            Command::BenchData { essays, queue_share } => {
                let db = Database::open(&settings.database_url, &settings.database)?;
                let data = crate::bench_data::load(&db, essays, queue_share, &mut std::io::stderr())?;
                for line in data.lines() {
                    println!("{line}");
                }
                Ok(())
            }
            Command::BenchRender { runs } => {
                if crate::bench_render::run(runs, &mut std::io::stdout())? {
                    Ok(())
                } else {
                    Err(CliError::Invalid("a case missed the rendering target".into()))
                }
            }
            Command::Bulletin { convention, topic, output } => {
                let db = Database::open(&settings.database_url, &settings.database)?;
                let services = app::Services::new(&settings, db)?;
                let book = actix_web::rt::System::new().block_on(async move {
                    crate::bulletin::build(&services, &convention, topic.as_deref(), |done, total, title| {
                        eprintln!("bulletin: [{done}/{total}] {title}");
                    })
                    .await
                })?;
                std::fs::write(&output, &book)?;
                println!("wrote {} ({} bytes)", output.display(), book.len());
                Ok(())
            }
            Command::Backup { output } => {
                let done = backup::backup(
                    &settings.database_url,
                    settings.database.busy_timeout,
                    &output,
                    &mut std::io::stderr(),
                )?;
                println!(
                    "backed up {} rows of {} tables (schema {}) to {}",
                    done.rows,
                    done.tables,
                    done.schema_version,
                    output.display()
                );
                Ok(())
            }
            Command::Restore { input } => {
                let done = backup::restore(
                    &settings.database_url,
                    settings.database.busy_timeout,
                    &input,
                    &mut std::io::stderr(),
                )?;
                println!(
                    "restored {} rows of {} tables (schema {}) into the {} database",
                    done.rows,
                    done.tables,
                    done.schema_version,
                    settings.database_url.backend_name()
                );
                Ok(())
            }
            Command::Copy { to } => {
                let target = storage::DatabaseUrl::parse(&to).map_err(|e| CliError::Invalid(format!("--to: {e}")))?;
                let done = backup::copy(
                    &settings.database_url,
                    &target,
                    settings.database.busy_timeout,
                    &mut std::io::stderr(),
                )?;
                println!(
                    "copied {} rows of {} tables from the {} database to the {} database",
                    done.rows,
                    done.tables,
                    settings.database_url.backend_name(),
                    target.backend_name()
                );
                Ok(())
            }
            Command::Mail { command: MailCommand::DnsRecords } => {
                print!(
                    "{}",
                    crate::email::dkim::dns_records(&crate::email::dkim::MailDomains {
                        from: &settings.mail.from,
                        bounce_domain: &settings.mail.bounce_domain,
                        smtp_url: settings.smtp_url.as_ref(),
                        dkim: settings.mail.dkim.as_deref(),
                    })
                );
                Ok(())
            }
            Command::Mail { command: MailCommand::Bounces { mbox } } => read_bounces(&settings, &mbox),
            Command::Mail { command: MailCommand::Receive } => receive_mail(&settings),
            Command::Demo => {
                let db = Database::open(&settings.database_url, &settings.database)?;
                let services = app::Services::new(&settings, db)?;
                let cost = settings.password.cost;
                actix_web::rt::System::new()
                    .block_on(async move { demo::load(&services, cost, &mut std::io::stderr()).await })?;
                Ok(())
            }
        }
    }
}

fn serve(settings: Arc<Settings>) -> Result<(), CliError> {
    let db = Database::open(&settings.database_url, &settings.database)?;
    let closing = db.clone();
    let served = actix_web::rt::System::new().block_on(async move {
        let running = app::launch(settings.clone(), db)?;
        tracing::info!(address = %running.address, backend = settings.database_url.backend_name(), "tribune is listening");
        running.server.await?;
        app::Running::stop_background(running.background);
        Ok(())
    });
    // The server's workers let go of the database as they end; its connections close here rather
    // than on some thread that is still closing them while the process exits.
    if !closing.close(std::time::Duration::from_secs(10)) {
        tracing::warn!("the database was still in use 10 s after the server stopped; exiting anyway");
    }
    tracing::info!("tribune stopped");
    served
}

/// `tribune mail bounces`: every report in the input applied, one line each on standard output.
fn read_bounces(settings: &Settings, path: &std::path::Path) -> Result<(), CliError> {
    use crate::email::bounces::{self, Kind, Outcome};
    use std::io::Read;
    let mut input = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut input)?;
    } else {
        input = std::fs::read(path).map_err(|e| CliError::Invalid(format!("--mbox {}: {e}", path.display())))?;
    }
    let later = |e: storage::StorageError| CliError::TryLater(e.to_string());
    let db = Database::open(&settings.database_url, &settings.database).map_err(later)?;
    let return_path =
        app::return_path(&db, &settings.mail.bounce_domain).map_err(|e| CliError::TryLater(e.to_string()))?;
    let mut conn = db.connection().map_err(later)?;
    let at = storage::now();
    for (n, raw) in bounces::messages(&input).iter().enumerate() {
        let reports = bounces::read(raw, &return_path);
        if reports.is_empty() {
            println!("message {}: neither a bounce nor a complaint; ignored", n + 1);
        }
        for report in reports {
            let line = match bounces::record(&mut conn, &report, at).map_err(later)? {
                Outcome::Suppressed { address, kind, new } => format!(
                    "{} for {address}: {} ({})",
                    if kind == Kind::Complaint { "complaint" } else { "hard bounce" },
                    if new { "suppressed" } else { "already suppressed" },
                    report.diagnostic
                ),
                Outcome::Soft { address } => format!(
                    "soft bounce for {}: not suppressed, the address itself was not refused ({})",
                    address.as_deref().unwrap_or("an unknown address"),
                    report.diagnostic
                ),
                Outcome::Unknown { recipient } => format!(
                    "report about {}: it carries none of this site's bounce addresses, so it may be forged; ignored",
                    recipient.as_deref().unwrap_or("nobody named")
                ),
            };
            println!("message {}: {line}", n + 1);
        }
    }
    Ok(())
}

/// `tribune convert`: reads at most one byte past the upload limit, so a huge file is refused
/// without being read whole.
fn convert(path: &std::path::Path) -> Result<(), CliError> {
    use std::io::{Read, Write};
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(crate::documents::MAX_UPLOAD_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let converted = crate::documents::convert(&file_name, &bytes)
        .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
    if let Some(title) = &converted.title {
        eprintln!("title: {title}");
    }
    for dropped in &converted.dropped {
        eprintln!("left out: {dropped}");
    }
    std::io::stdout().lock().write_all(converted.markdown.as_bytes())?;
    Ok(())
}

/// `tribune mail receive`: one message from standard input, what became of it on standard output.
fn receive_mail(settings: &Settings) -> Result<(), CliError> {
    use crate::email::inbound::{self, Inbound};
    use std::io::Read;
    let Some(address) = settings.mail.inbound_address.clone() else {
        return Err(CliError::Invalid(
            "mail.inbound_address is not set (TRIBUNE_MAIL__INBOUND_ADDRESS): set the discussion's address to read \
             the mail sent to it"
                .into(),
        ));
    };
    let mut raw = Vec::new();
    std::io::stdin().lock().take(inbound::MAX_MESSAGE_BYTES as u64 + 1).read_to_end(&mut raw)?;
    let later = |e: String| CliError::TryLater(e);
    let db = Database::open(&settings.database_url, &settings.database).map_err(|e| later(e.to_string()))?;
    let replies = app::reply_addresses(&db, address.domain()).map_err(|e| later(e.to_string()))?;
    let services = app::Services::new(settings, db).map_err(|e| later(e.to_string()))?;
    let inbound = Inbound {
        public_url: settings.public_url.clone(),
        address,
        replies,
        mail_per_recipient: settings.accounts.mail_per_recipient,
        authserv_id: settings.mail.inbound_authserv_id.clone(),
    };
    let outcome = actix_web::rt::System::new()
        .block_on(async move { inbound::receive(&services, &inbound, &raw).await })
        .map_err(|e| match e {
            crate::domain::DomainError::Storage(e) => later(e.to_string()),
            other => CliError::Invalid(other.to_string()),
        })?;
    println!("{outcome}");
    Ok(())
}

fn doctor() -> Result<(), CliError> {
    let report = crate::doctor::examine(Settings::load());
    report
        .write_to(&mut std::io::stdout().lock())
        .map_err(|e| CliError::Invalid(format!("could not print the report: {e}")))?;
    match report.failures() {
        0 => Ok(()),
        failed => Err(CliError::ChecksFailed(failed)),
    }
}

fn create_user(settings: &Settings, args: CreateUser) -> Result<(), CliError> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password_text = line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&line);
    let mut errors = FieldErrors::default();
    let email = errors.check("email", EmailAddress::parse(&args.email));
    let display_name = errors.check("display_name", DisplayName::parse(&args.display_name));
    let location = errors.check("location", Location::parse(&args.location));
    let password = errors.check("password", Password::parse(password_text));
    let (Some(email), Some(display_name), Some(location), Some(password)) = (email, display_name, location, password)
    else {
        return Err(CliError::Invalid(describe(&errors)));
    };
    let password_hash = settings.password.cost.hash(&password).map_err(CliError::Invalid)?;
    let db = Database::open(&settings.database_url, &settings.database)?;
    let mut roles = args.roles;
    roles.sort();
    roles.dedup();
    let id = accounts::create_account(
        &mut *db.connection()?,
        &NewAccount {
            email: email.clone(),
            display_name,
            location,
            password_hash,
            roles: roles.clone(),
            verified: true,
        },
    )?;
    let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    println!("created user {id} <{}> with roles: {}", email.as_str(), roles.join(", "));
    Ok(())
}
