//! Wiring: builds the services from the settings and starts everything `tribune serve` runs
//! (the HTTP server and the outbox worker). Tests start the same thing.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::dev::Server;

use crate::background::Periodic;
use crate::config::Settings;
use crate::domain::accounts::Accounts;
use crate::domain::comments::Comments;
use crate::domain::convention::Conventions;
use crate::domain::editors::{self, EditorDesk};
use crate::domain::hashing::PasswordHasherPool;
use crate::domain::mailbag::Mailbag;
use crate::domain::reading::Articles;
use crate::domain::reasons::{ReasonSeeds, Reasons};
use crate::domain::review::{self, ReviewQueue};
use crate::domain::setup::{self, FirstRun};
use crate::domain::site::Site;
use crate::domain::submission::Submissions;
use crate::domain::subscriptions::{self, Subscriptions};
use crate::domain::throttle;
use crate::domain::time_trap::TimeTrapKey;
use crate::email::admin::OutboxAdmin;
use crate::email::check::MailCheck;
use crate::email::transport::{Signing, Transport};
use crate::email::verp::{ReplyAddresses, ReturnPath};
use crate::email::worker;
use crate::http;
use crate::storage::Database;

/// A started Tribune: await `server`; then `stop` the background loops.
pub struct Running {
    pub server: Server,
    pub address: SocketAddr,
    pub background: Vec<Periodic>,
    /// The setup link printed at start, while the site has no admin.
    pub setup_link: Option<String>,
}

impl Running {
    /// Stops the background loops, each after its current pass.
    pub fn stop_background(background: Vec<Periodic>) {
        for task in background {
            task.stop();
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// The domain services every request may use.
#[derive(Clone)]
pub struct Services {
    pub db: Database,
    pub accounts: Accounts,
    pub outbox: OutboxAdmin,
    /// The transport in use and the admins' test message; it holds the one transport, which
    /// the delivery worker gets from it.
    pub mail: MailCheck,
    pub conventions: Conventions,
    pub submissions: Submissions,
    pub review: ReviewQueue,
    pub articles: Articles,
    pub mailbag: Mailbag,
    pub subscriptions: Subscriptions,
    pub comments: Comments,
    pub reasons: Reasons,
    pub editors: EditorDesk,
    pub site: Site,
    pub first_run: FirstRun,
}

impl Services {
    pub fn new(settings: &Settings, db: Database) -> Result<Services, LaunchError> {
        // Mail to whoever has not chosen a language is in the discussion's default, wherever it
        // is written (a server, `tribune mail receive`).
        crate::email::language::keep_default(&db, settings.discussion.default_language())
            .map_err(|e| LaunchError::Setup(format!("the mail's default language: {e}")))?;
        let password = &settings.password;
        let hasher = PasswordHasherPool::new(password.cost, password.hash_workers, password.max_waiting)
            .map_err(LaunchError::Setup)?;
        let accounts = Accounts::new(db.clone(), hasher, settings.accounts.clone(), settings.session_cache);
        let public_url = settings.public_url.clone();
        let time_trap = time_trap_key(&db)?;
        let signing =
            Signing { return_path: return_path(&db, &settings.mail.bounce_domain)?, dkim: settings.mail.dkim.clone() };
        let replies = match &settings.mail.inbound_address {
            Some(address) => Some(reply_addresses(&db, address.domain())?),
            None => None,
        };
        let transport = Transport::from_settings(settings.smtp_url.as_ref(), settings.mail_dir.clone(), signing)
            .map_err(LaunchError::Setup)?;
        let conventions = Conventions::new(db.clone(), settings.cache, &settings.discussion.languages);
        Ok(Services {
            mail: MailCheck::new(db.clone(), Arc::new(transport), settings.mail.from.clone(), public_url.clone()),
            outbox: OutboxAdmin::new(db.clone()),
            conventions: conventions.clone(),
            submissions: Submissions::new(db.clone(), public_url.clone(), settings.discussion.clone(), settings.cache),
            review: ReviewQueue::new(db.clone(), public_url, &settings.discussion, settings.cache)
                .with_undo_window(settings.review.undo_window)
                .with_replies(replies),
            articles: Articles::new(db.clone(), settings.cache, &settings.discussion.languages, conventions),
            mailbag: Mailbag::new(db.clone(), settings.mailbag.clone(), time_trap),
            subscriptions: Subscriptions::new(db.clone(), settings.subscriptions.clone()),
            comments: Comments::new(db.clone(), settings.public_url.clone(), settings.comments_per_user),
            reasons: Reasons::new(
                db.clone(),
                ReasonSeeds {
                    reject: settings.review.reject_reasons.clone(),
                    changes: settings.review.change_reasons.clone(),
                },
                settings.cache,
            ),
            editors: EditorDesk::new(db.clone()),
            site: Site::new(db.clone(), settings.cache, settings.site.calls_to_action.clone()),
            first_run: FirstRun::new(db.clone(), accounts.clone()),
            db,
            accounts,
        })
    }
}

/// The bounce addresses at `domain`, with their secret from the database (made on the first start).
pub fn return_path(db: &Database, domain: &str) -> Result<ReturnPath, LaunchError> {
    let setup = |e: crate::storage::StorageError| LaunchError::Setup(format!("the bounce addresses' key: {e}"));
    let mut conn = db.connection().map_err(setup)?;
    ReturnPath::load(&mut conn, domain).map_err(setup)
}

/// Each submission's reply address at `domain`, with the secret of the bounce addresses.
pub fn reply_addresses(db: &Database, domain: &str) -> Result<ReplyAddresses, LaunchError> {
    let setup = |e: crate::storage::StorageError| LaunchError::Setup(format!("the reply addresses' key: {e}"));
    let mut conn = db.connection().map_err(setup)?;
    ReplyAddresses::load(&mut conn, domain).map_err(setup)
}

/// The mailbag's time-trap key from the database, made on the first start.
fn time_trap_key(db: &Database) -> Result<TimeTrapKey, LaunchError> {
    let setup = |e: crate::storage::StorageError| LaunchError::Setup(format!("the time-trap key: {e}"));
    let mut conn = db.connection().map_err(setup)?;
    let stored = crate::storage::secrets::get_or_create(&mut conn, TimeTrapKey::SECRET_NAME, &TimeTrapKey::generate())
        .map_err(setup)?;
    TimeTrapKey::from_stored(&stored).map_err(LaunchError::Setup)
}

pub fn launch(settings: Arc<Settings>, db: Database) -> Result<Running, LaunchError> {
    let upgraded = crate::domain::backfill::upgrade(&db, settings.discussion.default_language())
        .map_err(|e| LaunchError::Setup(e.to_string()))?;
    if upgraded.rendered + upgraded.indexed > 0 {
        tracing::info!(upgraded.rendered, upgraded.indexed, "rendered and indexed texts saved by an older version");
    }
    let services = Services::new(&settings, db.clone())?;
    let transport = services.mail.transport();
    let setup_link =
        setup::open(&db, &settings.public_url).map_err(|e| LaunchError::Setup(format!("the setup link: {e}")))?;
    if let Some(link) = &setup_link {
        // Only whoever can read the server's log (who installed it) learns the link.
        tracing::warn!("this site has no admin yet. Set it up in a browser: {link}");
    }
    let metrics = http::Metrics::new();
    let failures = metrics.background_failures();
    let (server, address) = http::start(settings.clone(), services, metrics)?;
    let outbox = worker::spawn(db.clone(), transport, settings.mail.clone())?;
    let public_url = settings.public_url.clone();
    let digests = settings.subscriptions.clone();
    let reminders = settings.reminders.clone();
    // Publication on schedule, the subscribers' daily digest and the editors' reminder share one loop.
    let longest_window = longest_throttle_window(&settings);
    let mut throttles_swept = std::time::Instant::now();
    // Each job's failure is logged and counted on its own, so one never stops the other.
    let scheduler = Periodic::spawn("scheduler", settings.review.scheduler_interval, move || {
        match review::publish_due(&db, &public_url) {
            Ok(pass) => failures.inc_by("scheduled_publication", pass.failed),
            Err(error) => {
                failures.inc_by("scheduled_publication", 1);
                tracing::error!(%error, "scheduled publication pass failed");
            }
        }
        if let Err(error) = subscriptions::send_daily_digests(&db, &digests, crate::storage::now()) {
            failures.inc_by("daily_digest", 1);
            tracing::error!(%error, "daily digest pass failed");
        }
        if reminders.enabled
            && let Err(error) = editors::send_daily_reminders(&db, &reminders, crate::storage::now())
        {
            failures.inc_by("editor_reminders", 1);
            tracing::error!(%error, "editors' reminder pass failed");
        }
        if throttles_swept.elapsed() >= std::time::Duration::from_secs(60) {
            throttles_swept = std::time::Instant::now();
            if let Err(error) = throttle::forget_expired(&db, longest_window) {
                failures.inc_by("throttle_sweep", 1);
                tracing::error!(%error, "forgetting ended throttle windows failed");
            }
        }
        Ok(false)
    })?;
    Ok(Running { server, address, background: vec![outbox, scheduler], setup_link })
}

/// The longest window of any throttle: counters older than that are over.
fn longest_throttle_window(settings: &Settings) -> std::time::Duration {
    let accounts = &settings.accounts;
    [
        accounts.login_failures_per_account,
        accounts.login_failures_per_ip,
        accounts.registrations_per_ip,
        accounts.password_resets_per_ip,
        accounts.verification_resends_per_account,
        accounts.mail_per_recipient,
        settings.mailbag.questions_per_ip,
        settings.subscriptions.subscriptions_per_ip,
        settings.comments_per_user,
    ]
    .iter()
    .map(|limit| limit.window)
    .max()
    .unwrap_or_default()
}
