//! Configuration: the compiled-in `config/default.toml`, overlaid by `config/default.toml` and
//! `config/<profile>.toml` from disk when present, overlaid by the environment. Everything is
//! parsed and checked here, at start-up, so a bad value stops the process with a message naming
//! its key instead of failing later in a request.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;
use url::Url;

use crate::domain::accounts::AccountSettings;
use crate::domain::discussion::{DiscussionRules, QueuePriority};
use crate::domain::editors::ReminderSettings;
use crate::domain::mailbag::MailbagSettings;
use crate::domain::read_cache::CacheSettings;
use crate::domain::site::CallToAction;
use crate::domain::subscriptions::SubscriptionSettings;
use crate::domain::throttle::Limit;
use crate::domain::user::PasswordCost;
use crate::email::dkim::Dkim;
use crate::email::worker::DeliverySettings;
use crate::storage::{DatabaseUrl, PoolOptions};

const DEFAULTS: &str = include_str!("../config/default.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("configuration key `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
    #[error("configuration: profile `{profile}` was asked for, but {path} does not exist")]
    MissingProfile { profile: String, path: String },
}

/// The configuration as loaded: every value already checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: String,
    pub database_url: DatabaseUrl,
    pub listen: SocketAddr,
    pub public_url: Url,
    pub smtp_url: Option<Url>,
    pub mail_dir: PathBuf,
    pub database: PoolOptions,
    pub server: ServerSettings,
    pub log: LogSettings,
    pub accounts: AccountSettings,
    pub password: PasswordSettings,
    pub mail: DeliverySettings,
    pub review: ReviewSettings,
    pub mailbag: MailbagSettings,
    pub discussion: DiscussionRules,
    pub subscriptions: SubscriptionSettings,
    pub comments_per_user: Limit,
    pub cache: CacheSettings,
    /// The pages signed-out readers share: the same time-to-live, their own number.
    pub page_cache: CacheSettings,
    /// Live sessions: their own time-to-live and number.
    pub session_cache: CacheSettings,
    pub metrics: MetricsSettings,
    pub site: SiteSettings,
    /// The editors' daily reminder (keys under `[review]`).
    pub reminders: ReminderSettings,
}

/// What the organisation running the site says on its pages, from `[site]`, until an admin sets
/// the site's own on `/admin` (see [`crate::domain::site`]).
#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    /// The organisation's own appeals under every article ("Join now", "Donate"), in order.
    pub calls_to_action: Vec<CallToAction>,
}

#[derive(Debug, Clone, Default)]
pub struct MetricsSettings {
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <token>`.
    pub bearer_token: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReviewSettings {
    pub scheduler_interval: Duration,
    /// The reasons for rejecting that each convention starts with (editors then change them).
    pub reject_reasons: Vec<String>,
    /// The change requests each convention starts with.
    pub change_reasons: Vec<String>,
    /// How long a rejection, an unpublication or a release can be undone (0: never).
    pub undo_window: Duration,
}

#[derive(Debug, Clone)]
pub struct PasswordSettings {
    pub cost: PasswordCost,
    pub hash_workers: usize,
    pub max_waiting: usize,
}

#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// `None`: one worker per core.
    pub workers: Option<usize>,
    pub shutdown_timeout: Duration,
    pub max_body_bytes: usize,
    /// Reverse proxies whose forwarding headers name the client (see `http::client_address`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `Strict-Transport-Security: max-age=<this>` on every response when `public_url` is https;
    /// 0 sends none.
    pub hsts_max_age_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct LogSettings {
    pub format: LogFormat,
    pub filter: String,
}

/// The raw shape of the layered sources, before the checks that need more than serde.
#[derive(Deserialize)]
struct RawSettings {
    database_url: String,
    listen: SocketAddr,
    public_url: String,
    smtp_url: Option<String>,
    mail_dir: PathBuf,
    database: RawDatabase,
    server: RawServer,
    log: RawLog,
    accounts: RawAccounts,
    password: RawPassword,
    throttle: RawThrottle,
    mail: RawMail,
    review: RawReview,
    mailbag: RawMailbag,
    discussion: RawDiscussion,
    subscriptions: RawSubscriptions,
    cache: RawCache,
    #[serde(default)]
    metrics: RawMetrics,
    #[serde(default)]
    site: RawSite,
}

#[derive(Deserialize, Default)]
struct RawSite {
    #[serde(default)]
    calls_to_action: Vec<CallToAction>,
}

#[derive(Deserialize, Default)]
struct RawMetrics {
    bearer_token: Option<String>,
}

#[derive(Deserialize)]
struct RawCache {
    ttl_ms: u64,
    entries: usize,
    pages: usize,
    sessions: usize,
    session_ttl_ms: u64,
}

#[derive(Deserialize)]
struct RawSubscriptions {
    digest_hour_utc: u32,
}

#[derive(Deserialize)]
struct RawDiscussion {
    languages: Vec<String>,
    video_hosts: Vec<String>,
    digest_max_words: i32,
    priority: QueuePriority,
}

#[derive(Deserialize)]
struct RawMailbag {
    topics: Vec<String>,
    min_seconds_to_ask: u64,
}

#[derive(Deserialize)]
struct RawReview {
    reminders: bool,
    reminder_hour_utc: u32,
    idle_after_days: u32,
    scheduler_interval_ms: u64,
    reject_reasons: Vec<String>,
    #[serde(default)]
    change_reasons: Vec<String>,
    undo_window_hours: u64,
}

#[derive(Deserialize)]
struct RawAccounts {
    verification_hours: u64,
    password_reset_minutes: u64,
    session_idle_hours: u64,
    session_absolute_hours: u64,
}

#[derive(Deserialize)]
struct RawPassword {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    hash_workers: usize,
    max_waiting: usize,
}

#[derive(Deserialize, Clone, Copy)]
struct RawLimit {
    max: u32,
    window_secs: u64,
}

impl From<RawLimit> for Limit {
    fn from(raw: RawLimit) -> Limit {
        Limit { max: raw.max, window: Duration::from_secs(raw.window_secs.max(1)) }
    }
}

#[derive(Deserialize)]
struct RawThrottle {
    login_failures_per_account: RawLimit,
    login_failures_per_ip: RawLimit,
    registrations_per_ip: RawLimit,
    password_resets_per_ip: RawLimit,
    verification_resends_per_account: RawLimit,
    questions_per_ip: RawLimit,
    subscriptions_per_ip: RawLimit,
    comments_per_user: RawLimit,
    mail_per_recipient: RawLimit,
}

#[derive(Deserialize)]
struct RawMail {
    from: String,
    poll_interval_ms: u64,
    max_attempts: i32,
    backoff_base_secs: u64,
    lease_secs: u64,
    #[serde(default)]
    max_per_minute: u32,
    bounce_domain: Option<String>,
    dkim_selector: Option<String>,
    dkim_domain: Option<String>,
    dkim_key_file: Option<PathBuf>,
    inbound_address: Option<String>,
    inbound_authserv_id: Option<String>,
}

#[derive(Deserialize)]
struct RawDatabase {
    max_connections: u32,
    connect_timeout_secs: u64,
    busy_timeout_ms: u64,
}

#[derive(Deserialize)]
struct RawServer {
    workers: usize,
    shutdown_timeout_secs: u64,
    max_body_bytes: usize,
    hsts_max_age_secs: u64,
    trusted_proxies: ListOrCommas,
}

/// A list, or (from the environment) one comma-separated string.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a list of IP addresses or CIDR networks, or one comma-separated string of them")]
enum ListOrCommas {
    List(Vec<String>),
    Commas(String),
}

impl ListOrCommas {
    fn entries(self) -> Vec<String> {
        match self {
            ListOrCommas::List(list) => list,
            ListOrCommas::Commas(text) => text.split(',').map(str::to_string).collect(),
        }
    }
}

#[derive(Deserialize)]
struct RawLog {
    format: LogFormat,
    filter: String,
}

impl Settings {
    /// Loads from `config/` in the working directory (or `TRIBUNE_CONFIG_DIR`) and the process
    /// environment.
    pub fn load() -> Result<Settings, ConfigError> {
        Settings::from_figment(Settings::figment(&Settings::config_dir())?)
    }

    /// Where [`Settings::load`] looks for TOML files: `TRIBUNE_CONFIG_DIR`, or `config/`.
    pub fn config_dir() -> PathBuf {
        std::env::var_os("TRIBUNE_CONFIG_DIR").map_or_else(|| PathBuf::from("config"), PathBuf::from)
    }

    /// The layered sources, for callers (tests) that overlay a few values of their own.
    pub fn figment(config_dir: &Path) -> Result<Figment, ConfigError> {
        let explicit_profile = std::env::var("TRIBUNE_PROFILE").ok().filter(|p| !p.is_empty());
        let profile = explicit_profile.clone().unwrap_or_else(|| "development".to_string());
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        let default_file = config_dir.join("default.toml");
        if default_file.exists() {
            figment = figment.merge(Toml::file(default_file));
        }
        let profile_file = config_dir.join(format!("{profile}.toml"));
        if profile_file.exists() {
            figment = figment.merge(Toml::file(profile_file));
        } else if explicit_profile.is_some() {
            return Err(ConfigError::MissingProfile { profile, path: profile_file.display().to_string() });
        }
        Ok(figment
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database_url".into()))
            .merge(Env::prefixed("TRIBUNE_").ignore(&["PROFILE", "CONFIG_DIR"]).split("__"))
            .merge(("profile", profile)))
    }

    pub fn from_figment(figment: Figment) -> Result<Settings, ConfigError> {
        let profile: String = figment.extract_inner("profile").map_err(Box::new)?;
        let raw: RawSettings = figment.extract().map_err(Box::new)?;
        let database_url = DatabaseUrl::parse(&raw.database_url)
            .map_err(|message| ConfigError::Invalid { key: "database_url (DATABASE_URL)", message })?;
        let public_url = parse_http_url(&raw.public_url)
            .map_err(|message| ConfigError::Invalid { key: "public_url (TRIBUNE_PUBLIC_URL)", message })?;
        let smtp_url = match raw.smtp_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                parse_smtp_url(text)
                    .map_err(|message| ConfigError::Invalid { key: "smtp_url (TRIBUNE_SMTP_URL)", message })?,
            ),
        };
        if raw.database.max_connections == 0 {
            return Err(ConfigError::Invalid { key: "database.max_connections", message: "must be at least 1".into() });
        }
        if raw.server.max_body_bytes < 1024 {
            return Err(ConfigError::Invalid { key: "server.max_body_bytes", message: "must be at least 1024".into() });
        }
        let trusted_proxies =
            crate::http::client_address::parse_trusted(&raw.server.trusted_proxies.entries()).map_err(|message| {
                ConfigError::Invalid { key: "server.trusted_proxies (TRIBUNE_SERVER__TRUSTED_PROXIES)", message }
            })?;
        for (key, reasons) in [
            ("review.reject_reasons", &raw.review.reject_reasons),
            ("review.change_reasons", &raw.review.change_reasons),
        ] {
            if reasons.iter().any(|r| r.trim().is_empty() || r.chars().count() > 10_000) {
                return Err(ConfigError::Invalid { key, message: "each reason must be 1 to 10000 characters".into() });
            }
        }
        if raw.mail_dir.as_os_str().is_empty() {
            return Err(ConfigError::Invalid {
                key: "mail_dir (TRIBUNE_MAIL_DIR)",
                message: "must not be empty".into(),
            });
        }
        let cost = PasswordCost {
            memory_kib: raw.password.memory_kib,
            iterations: raw.password.iterations,
            parallelism: raw.password.parallelism,
        };
        cost.validate().map_err(|message| ConfigError::Invalid { key: "password", message })?;
        if cost.memory_kib < PasswordCost::default().memory_kib || cost.iterations < PasswordCost::default().iterations
        {
            return Err(ConfigError::Invalid {
                key: "password",
                message: "below OWASP's minimum for argon2id (memory_kib 19456, iterations 2)".into(),
            });
        }
        let from: lettre::message::Mailbox = raw.mail.from.parse().map_err(|e| ConfigError::Invalid {
            key: "mail.from",
            message: format!("not a mailbox like `Tribune <tribune@example.org>`: {e}"),
        })?;
        let bounce_domain = parse_bounce_domain(raw.mail.bounce_domain.as_deref(), &from)?;
        let dkim = parse_dkim(&raw.mail)?;
        let inbound_address = match raw.mail.inbound_address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            None => None,
            Some(address) => Some(address.parse::<lettre::Address>().map_err(|e| ConfigError::Invalid {
                key: "mail.inbound_address",
                message: format!("not an address like `essays@example.org`: {e}"),
            })?),
        };
        if raw.mail.max_attempts < 1 {
            return Err(ConfigError::Invalid { key: "mail.max_attempts", message: "must be at least 1".into() });
        }
        if raw.accounts.password_reset_minutes == 0 || raw.accounts.password_reset_minutes > 60 {
            return Err(ConfigError::Invalid {
                key: "accounts.password_reset_minutes",
                message: "must be between 1 and 60".into(),
            });
        }
        let hours = |h: u64| Duration::from_secs(h.max(1) * 3600);
        let accounts = AccountSettings {
            public_url: public_url.clone(),
            verification_ttl: hours(raw.accounts.verification_hours),
            reset_ttl: Duration::from_secs(raw.accounts.password_reset_minutes * 60),
            session_idle: hours(raw.accounts.session_idle_hours),
            session_absolute: hours(raw.accounts.session_absolute_hours),
            login_failures_per_account: raw.throttle.login_failures_per_account.into(),
            login_failures_per_ip: raw.throttle.login_failures_per_ip.into(),
            registrations_per_ip: raw.throttle.registrations_per_ip.into(),
            password_resets_per_ip: raw.throttle.password_resets_per_ip.into(),
            verification_resends_per_account: raw.throttle.verification_resends_per_account.into(),
            mail_per_recipient: raw.throttle.mail_per_recipient.into(),
        };
        let topics: Vec<String> =
            raw.mailbag.topics.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        if topics.is_empty() {
            return Err(ConfigError::Invalid { key: "mailbag.topics", message: "name at least one topic".into() });
        }
        let languages: Vec<String> =
            raw.discussion.languages.iter().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect();
        if languages.is_empty()
            || languages.iter().any(|l| l.len() > 12 || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(ConfigError::Invalid {
                key: "discussion.languages",
                message: "name language codes such as \"en\"".into(),
            });
        }
        let mailbag = MailbagSettings {
            topics,
            min_time_to_ask: Duration::from_secs(raw.mailbag.min_seconds_to_ask),
            questions_per_ip: raw.throttle.questions_per_ip.into(),
            mail_per_recipient: raw.throttle.mail_per_recipient.into(),
            public_url: public_url.clone(),
            languages: languages.clone(),
        };
        let discussion = DiscussionRules {
            languages,
            video_hosts: raw.discussion.video_hosts.iter().map(|h| h.trim().to_lowercase()).collect(),
            default_priority: raw.discussion.priority,
            digest_max_words: raw.discussion.digest_max_words.max(1),
        };
        if raw.subscriptions.digest_hour_utc > 23 {
            return Err(ConfigError::Invalid {
                key: "subscriptions.digest_hour_utc",
                message: "must be 0 to 23".into(),
            });
        }
        let subscriptions = SubscriptionSettings {
            public_url: public_url.clone(),
            digest_hour_utc: raw.subscriptions.digest_hour_utc,
            subscriptions_per_ip: raw.throttle.subscriptions_per_ip.into(),
            mail_per_recipient: raw.throttle.mail_per_recipient.into(),
        };
        if raw.cache.ttl_ms > 60_000 {
            return Err(ConfigError::Invalid {
                key: "cache.ttl_ms",
                message: "at most 60000: another process's change must show within it".into(),
            });
        }
        if raw.cache.session_ttl_ms > 10_000 {
            return Err(ConfigError::Invalid {
                key: "cache.session_ttl_ms",
                message: "at most 10000: a session ended through another process must be refused within it".into(),
            });
        }
        let cache = CacheSettings { ttl: Duration::from_millis(raw.cache.ttl_ms), entries: raw.cache.entries };
        let page_cache = CacheSettings { entries: raw.cache.pages, ..cache };
        let session_cache =
            CacheSettings { ttl: Duration::from_millis(raw.cache.session_ttl_ms), entries: raw.cache.sessions };
        if raw.review.undo_window_hours > MAX_UNDO_WINDOW_HOURS {
            return Err(ConfigError::Invalid {
                key: "review.undo_window_hours",
                message: format!("at most {MAX_UNDO_WINDOW_HOURS} (a week)"),
            });
        }
        let undo_window = Duration::from_secs(raw.review.undo_window_hours * 3600);
        let metrics = MetricsSettings { bearer_token: parse_bearer_token(raw.metrics.bearer_token)? };
        let site = SiteSettings { calls_to_action: parse_calls_to_action(raw.site.calls_to_action)? };
        let reminders = parse_reminders(&raw.review, &public_url)?;
        Ok(Settings {
            reminders,
            site,
            cache,
            page_cache,
            session_cache,
            metrics,
            subscriptions,
            comments_per_user: raw.throttle.comments_per_user.into(),
            discussion,
            profile,
            database_url,
            listen: raw.listen,
            public_url,
            smtp_url,
            mail_dir: raw.mail_dir,
            database: PoolOptions {
                max_connections: raw.database.max_connections,
                connect_timeout: Duration::from_secs(raw.database.connect_timeout_secs.max(1)),
                busy_timeout: Duration::from_millis(raw.database.busy_timeout_ms),
            },
            server: ServerSettings {
                workers: (raw.server.workers > 0).then_some(raw.server.workers),
                shutdown_timeout: Duration::from_secs(raw.server.shutdown_timeout_secs),
                max_body_bytes: raw.server.max_body_bytes,
                trusted_proxies,
                hsts_max_age_secs: raw.server.hsts_max_age_secs,
            },
            log: LogSettings { format: raw.log.format, filter: raw.log.filter },
            accounts,
            password: PasswordSettings {
                cost,
                hash_workers: raw.password.hash_workers.max(1),
                max_waiting: raw.password.max_waiting,
            },
            mail: DeliverySettings {
                from,
                poll_interval: Duration::from_millis(raw.mail.poll_interval_ms.max(10)),
                max_attempts: raw.mail.max_attempts,
                backoff_base: Duration::from_secs(raw.mail.backoff_base_secs),
                lease: Duration::from_secs(raw.mail.lease_secs.max(1)),
                max_per_minute: raw.mail.max_per_minute,
                bounce_domain,
                dkim,
                inbound_address,
                inbound_authserv_id: raw
                    .mail
                    .inbound_authserv_id
                    .as_deref()
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_lowercase),
            },
            mailbag,
            review: ReviewSettings {
                scheduler_interval: Duration::from_millis(raw.review.scheduler_interval_ms.max(50)),
                reject_reasons: raw.review.reject_reasons,
                change_reasons: raw.review.change_reasons,
                undo_window,
            },
        })
    }
}

/// `mail.bounce_domain`, or the domain of `mail.from`.
fn parse_bounce_domain(raw: Option<&str>, from: &lettre::message::Mailbox) -> Result<String, ConfigError> {
    match raw.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(from.email.domain().to_lowercase()),
        Some(domain) => {
            let domain = domain.trim_end_matches('.').to_lowercase();
            if url::Host::parse(&domain).is_err() || !domain.contains('.') || domain.contains('@') {
                return Err(ConfigError::Invalid {
                    key: "mail.bounce_domain",
                    message: format!("`{domain}` is not a domain name"),
                });
            }
            Ok(domain)
        }
    }
}

/// `mail.dkim_selector`, `mail.dkim_domain` and `mail.dkim_key_file`: all three or none; the key
/// is read now, so a missing or wrong file stops the start instead of every message.
fn parse_dkim(raw: &RawMail) -> Result<Option<std::sync::Arc<Dkim>>, ConfigError> {
    let text = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let file = raw.dkim_key_file.as_ref().filter(|f| !f.as_os_str().is_empty());
    match (text(&raw.dkim_selector), text(&raw.dkim_domain), file) {
        (None, None, None) => Ok(None),
        (Some(selector), Some(domain), Some(file)) => Dkim::load(&selector, &domain, file)
            .map(|dkim| Some(std::sync::Arc::new(dkim)))
            .map_err(|message| ConfigError::Invalid { key: "mail.dkim_key_file", message }),
        _ => Err(ConfigError::Invalid {
            key: "mail.dkim_selector",
            message: "set mail.dkim_selector, mail.dkim_domain and mail.dkim_key_file together, or none of them".into(),
        }),
    }
}

/// The longest `review.undo_window_hours`: an undo is for a slip noticed soon after, not a second
/// review weeks later.
const MAX_UNDO_WINDOW_HOURS: u64 = 168;

/// `review.reminders`, `review.reminder_hour_utc` and `review.idle_after_days`.
fn parse_reminders(raw: &RawReview, public_url: &Url) -> Result<ReminderSettings, ConfigError> {
    if raw.reminder_hour_utc > 23 {
        return Err(ConfigError::Invalid { key: "review.reminder_hour_utc", message: "must be 0 to 23".into() });
    }
    if !(1..=365).contains(&raw.idle_after_days) {
        return Err(ConfigError::Invalid { key: "review.idle_after_days", message: "must be 1 to 365".into() });
    }
    Ok(ReminderSettings {
        enabled: raw.reminders,
        public_url: public_url.clone(),
        hour_utc: raw.reminder_hour_utc,
        idle_after_days: raw.idle_after_days,
    })
}

/// Each call to action is checked as the admin's form checks it.
fn parse_calls_to_action(raw: Vec<CallToAction>) -> Result<Vec<CallToAction>, ConfigError> {
    raw.into_iter()
        .enumerate()
        .map(|(n, entry)| {
            CallToAction::parse(&entry.label, &entry.url, &entry.text).map_err(|errors| ConfigError::Invalid {
                key: "site.calls_to_action",
                message: format!(
                    "entry {}: {}",
                    n + 1,
                    errors
                        .0
                        .iter()
                        .map(|(field, m)| format!(
                            "`{field}` {}",
                            m.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
        })
        .collect()
}

/// Unset or empty: no token. A token is a secret a scraper sends in a header, so it must be long
/// enough not to be guessed and written in characters a header carries as they are.
fn parse_bearer_token(raw: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(token) = raw.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::Invalid {
            key: "metrics.bearer_token (TRIBUNE_METRICS__BEARER_TOKEN)",
            message: "must be at least 16 visible ASCII characters, without spaces".into(),
        });
    }
    Ok(Some(token))
}

fn parse_http_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("`{text}` must be an http:// or https:// URL with a host"));
    }
    Ok(url)
}

fn parse_smtp_url(text: &str) -> Result<Url, String> {
    // Never echo the URL back: it may carry a password.
    let url = Url::parse(text).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "smtp" | "smtps") || url.host().is_none() {
        return Err("must be smtp://host:port or smtps://user:pass@host:port".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(calls_to_action: figment::value::Value) -> Result<Settings, ConfigError> {
        let figment = Figment::from(Toml::string(DEFAULTS))
            .merge(("site.calls_to_action", calls_to_action))
            .merge(("profile", "test"));
        Settings::from_figment(figment)
    }

    #[test]
    fn caches_kept_longer_than_another_process_may_wait_stop_the_start() {
        let settings = |key: &str, ms: u64| {
            Settings::from_figment(Figment::from(Toml::string(DEFAULTS)).merge((key, ms)).merge(("profile", "test")))
        };
        for (key, longest) in [("cache.ttl_ms", 60_000), ("cache.session_ttl_ms", 10_000)] {
            assert!(settings(key, longest).is_ok(), "{key} at {longest}");
            assert!(
                matches!(settings(key, longest + 1), Err(ConfigError::Invalid { key: k, .. }) if k == key),
                "{key} past {longest}"
            );
        }
    }

    #[test]
    fn calls_to_action_come_from_one_environment_variable_too() {
        // What `TRIBUNE_SITE__CALLS_TO_ACTION` holds is parsed like this by figment's Env.
        let value = r#"[{label="Join now",url="https://example.org/join",text="Be one of us."},{label="Donate",url="/donate"}]"#
            .parse()
            .unwrap();
        let site = with(value).unwrap().site;
        assert_eq!(
            site.calls_to_action,
            [
                CallToAction {
                    label: "Join now".into(),
                    url: "https://example.org/join".into(),
                    text: "Be one of us.".into()
                },
                CallToAction { label: "Donate".into(), url: "/donate".into(), text: String::new() },
            ]
        );
        assert!(
            Settings::from_figment(Figment::from(Toml::string(DEFAULTS)).merge(("profile", "test")))
                .unwrap()
                .site
                .calls_to_action
                .is_empty()
        );
    }

    #[test]
    fn a_call_to_action_without_a_label_or_a_followable_link_stops_the_start() {
        for bad in [
            r#"[{label="Join",url="javascript:alert(1)"}]"#,
            r#"[{label="Join",url="//evil.example/join"}]"#,
            r#"[{label="Join",url="join"}]"#,
            r#"[{label=" ",url="https://example.org"}]"#,
        ] {
            let error = with(bad.parse().unwrap()).err().unwrap_or_else(|| panic!("{bad} was accepted"));
            assert!(error.to_string().contains("site.calls_to_action"), "{error}");
        }
    }
}
