//! Every message Tribune sends, each rendered from a plain-text and an HTML template in
//! `src/email/templates`. Links are built from `TRIBUNE_PUBLIC_URL`. The site's signature is
//! added to each when it is queued (see [`super::enqueue`]).

use askama::Template;
use url::Url;

use super::{OutgoingEmail, Purpose};

/// Builds a link on the public URL, e.g. `link(base, "/verify", &[("token", t)])`.
pub fn link(public_url: &Url, path: &str, query: &[(&str, &str)]) -> String {
    let mut url = public_url.clone();
    let base = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{base}{path}"));
    if query.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(query);
    }
    url.to_string()
}

fn render(
    (key, purpose): (String, Purpose),
    to: &str,
    subject: String,
    text: &impl Template,
    html: &impl Template,
) -> Result<OutgoingEmail, askama::Error> {
    Ok(OutgoingEmail {
        idempotency_key: key,
        to: to.to_string(),
        subject,
        text: text.render()?,
        html: html.render()?,
        headers: Vec::new(),
        purpose,
    })
}

#[derive(Template)]
#[template(path = "email_verify.txt")]
struct VerifyText<'a> {
    site: &'a str,
    name: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email_verify.html")]
struct VerifyHtml<'a> {
    site: &'a str,
    name: &'a str,
    link: &'a str,
}

/// "Confirm your address": sent on registration.
pub fn verification(
    site: &str,
    to: &str,
    name: &str,
    link: &str,
    token_id: i64,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("verify-{token_id}"), Purpose::AccountSecurity),
        to,
        format!("Confirm your email address for {site}"),
        &VerifyText { site, name, link },
        &VerifyHtml { site, name, link },
    )
}

#[derive(Template)]
#[template(path = "email_already_registered.txt")]
struct AlreadyRegisteredText<'a> {
    site: &'a str,
    name: &'a str,
    reset_link: &'a str,
}

#[derive(Template)]
#[template(path = "email_already_registered.html")]
struct AlreadyRegisteredHtml<'a> {
    site: &'a str,
    name: &'a str,
    reset_link: &'a str,
}

/// Sent instead of a second account when someone registers an address that has one, so the
/// registration form does not reveal who is a member.
pub fn already_registered(
    site: &str,
    to: &str,
    name: &str,
    reset_link: &str,
    attempt: &str,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("already-registered-{attempt}"), Purpose::AccountSecurity),
        to,
        format!("You already have a {site} account"),
        &AlreadyRegisteredText { site, name, reset_link },
        &AlreadyRegisteredHtml { site, name, reset_link },
    )
}

#[derive(Template)]
#[template(path = "email_password_reset.txt")]
struct PasswordResetText<'a> {
    site: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email_password_reset.html")]
struct PasswordResetHtml<'a> {
    site: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

/// "Choose a new password": the single-use reset link.
pub fn password_reset(
    site: &str,
    to: &str,
    name: &str,
    link: &str,
    minutes: i64,
    token_id: i64,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("password-reset-{token_id}"), Purpose::AccountSecurity),
        to,
        format!("Reset your {site} password"),
        &PasswordResetText { site, name, link, minutes },
        &PasswordResetHtml { site, name, link, minutes },
    )
}

#[derive(Template)]
#[template(path = "email_notice.txt")]
struct NoticeText<'a> {
    name: &'a str,
    paragraphs: &'a [String],
    link: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "email_notice.html")]
struct NoticeHtml<'a> {
    name: &'a str,
    paragraphs: &'a [String],
    link: Option<(&'a str, &'a str)>,
}

/// A notice about something that happened (a submission received, published, sent back...):
/// a greeting, paragraphs of plain text, and at most one link.
pub struct Notice<'a> {
    /// Unique per event and recipient, so a retried transaction never queues it twice.
    pub key: String,
    pub to: &'a str,
    pub name: &'a str,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(&'a str, String)>,
    /// Whether it may go to a suppressed address, and whether it waits behind other mail.
    pub purpose: Purpose,
}

pub fn notice(notice: Notice<'_>) -> Result<OutgoingEmail, askama::Error> {
    let link = notice.link.as_ref().map(|(label, href)| (*label, href.as_str()));
    render(
        (notice.key, notice.purpose),
        notice.to,
        notice.subject,
        &NoticeText { name: notice.name, paragraphs: &notice.paragraphs, link },
        &NoticeHtml { name: notice.name, paragraphs: &notice.paragraphs, link },
    )
}

/// A piece a reminder names, with the link to its review page.
pub struct ReminderLine {
    pub title: String,
    pub author: String,
    /// Whole days waiting (or since it was last touched).
    pub days: i64,
    /// When it is to be published (for the scheduled ones), in UTC.
    pub when: String,
    pub link: String,
}

/// The editors' daily reminder (bulk mail: every editor gets one at the same hour): what waits in the queue, what they hold untouched, what is
/// published in the next 24 hours, each with a link to the queue filtered to it.
pub struct Reminder<'a> {
    pub key: String,
    pub to: &'a str,
    pub name: &'a str,
    /// Whether it covers only the topics the editor follows.
    pub topics_only: bool,
    pub waiting: i64,
    pub oldest: Option<ReminderLine>,
    pub queue_link: String,
    pub idle: Vec<ReminderLine>,
    pub idle_after_days: u32,
    pub idle_link: String,
    pub scheduled: Vec<ReminderLine>,
    pub scheduled_link: String,
    pub settings_link: String,
}

#[derive(Template)]
#[template(path = "email_reminder.txt")]
struct ReminderText<'a> {
    reminder: &'a Reminder<'a>,
}

#[derive(Template)]
#[template(path = "email_reminder.html")]
struct ReminderHtml<'a> {
    reminder: &'a Reminder<'a>,
}

pub fn reminder(reminder: &Reminder<'_>) -> Result<OutgoingEmail, askama::Error> {
    let mut counts = Vec::new();
    if reminder.waiting > 0 {
        counts.push(format!("{} waiting", reminder.waiting));
    }
    if !reminder.idle.is_empty() {
        counts.push(format!("{} of yours untouched", reminder.idle.len()));
    }
    if !reminder.scheduled.is_empty() {
        counts.push(format!("{} to publish in 24 hours", reminder.scheduled.len()));
    }
    render(
        (reminder.key.clone(), Purpose::Bulk),
        reminder.to,
        format!("Review queue: {}", counts.join(", ")),
        &ReminderText { reminder },
        &ReminderHtml { reminder },
    )
}
