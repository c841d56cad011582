//! Every message Tribune sends, each rendered from a plain-text and an HTML template in
//! `src/email/templates`, in the language of whoever reads it (see [`super::language`]): every word
//! comes from the catalogue (`locales/*/mail.ftl`). Links are built from `TRIBUNE_PUBLIC_URL`. The
//! site's signature is added to each when it is queued (see [`super::enqueue`]), in the message's
//! language, which its `Content-Language` header names.

use askama::Template;
use url::Url;

use super::{OutgoingEmail, Purpose};
use crate::i18n::Lang;

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

/// Where a link goes in a sentence from the catalogue: the sentence is asked for with this as its
/// `$link` (or whichever variable the link takes the place of), then [`linked`] makes it HTML.
pub const LINK: &str = "\u{E000}";

/// `sentence` (from the catalogue, with [`LINK`] where the link goes) as HTML, the link going to
/// `href` and saying `label`.
pub fn linked(sentence: &str, href: &str, label: &str) -> String {
    let anchor = format!("<a href=\"{}\">{}</a>", html(href), html(label));
    html(sentence).replace(LINK, &anchor)
}

fn html(text: &str) -> String {
    let Ok(escaped) = askama::filters::escape(text, askama::filters::Html);
    escaped.to_string()
}

/// The header that names a message's language: the signature added when it is queued is written
/// in it (see [`super::enqueue`]), and mail programs can tell what they show.
pub const LANGUAGE_HEADER: &str = "Content-Language";

fn render(
    (key, purpose): (String, Purpose),
    lang: Lang,
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
        headers: vec![(LANGUAGE_HEADER.to_string(), lang.code().to_string())],
        purpose,
    })
}

#[derive(Template)]
#[template(path = "email_verify.txt")]
struct VerifyText<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email_verify.html")]
struct VerifyHtml<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    link: &'a str,
}

/// "Confirm your address": sent on registration.
pub fn verification(
    lang: Lang,
    site: &str,
    to: &str,
    name: &str,
    link: &str,
    token_id: i64,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("verify-{token_id}"), Purpose::AccountSecurity),
        lang,
        to,
        lang.t1("mail-verify-subject", "site", site),
        &VerifyText { lang, site, name, link },
        &VerifyHtml { lang, site, name, link },
    )
}

#[derive(Template)]
#[template(path = "email_already_registered.txt")]
struct AlreadyRegisteredText<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    reset_link: &'a str,
}

#[derive(Template)]
#[template(path = "email_already_registered.html")]
struct AlreadyRegisteredHtml<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    reset_link: &'a str,
}

impl AlreadyRegisteredHtml<'_> {
    /// "If you have forgotten your password, <a>choose a new one</a>."
    fn forgotten(&self) -> String {
        let sentence = self.lang.t1("mail-already-registered-forgotten", "link", LINK);
        linked(&sentence, self.reset_link, &self.lang.t("mail-already-registered-choose"))
    }
}

/// Sent instead of a second account when someone registers an address that has one, so the
/// registration form does not reveal who is a member.
pub fn already_registered(
    lang: Lang,
    site: &str,
    to: &str,
    name: &str,
    reset_link: &str,
    attempt: &str,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("already-registered-{attempt}"), Purpose::AccountSecurity),
        lang,
        to,
        lang.t1("mail-already-registered-subject", "site", site),
        &AlreadyRegisteredText { lang, site, name, reset_link },
        &AlreadyRegisteredHtml { lang, site, name, reset_link },
    )
}

#[derive(Template)]
#[template(path = "email_password_reset.txt")]
struct PasswordResetText<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email_password_reset.html")]
struct PasswordResetHtml<'a> {
    lang: Lang,
    site: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

impl PasswordResetHtml<'_> {
    /// "To choose a new password for the site, <a>open this link</a> within 60 minutes."
    fn open_within(&self) -> String {
        let sentence = self.lang.t_with(
            "mail-reset-link-within",
            &[("site", self.site.into()), ("link", LINK.into()), ("minutes", self.minutes.into())],
        );
        linked(&sentence, self.link, &self.lang.t("mail-reset-open-link"))
    }
}

/// "Choose a new password": the single-use reset link.
pub fn password_reset(
    lang: Lang,
    site: &str,
    to: &str,
    name: &str,
    link: &str,
    minutes: i64,
    token_id: i64,
) -> Result<OutgoingEmail, askama::Error> {
    render(
        (format!("password-reset-{token_id}"), Purpose::AccountSecurity),
        lang,
        to,
        lang.t1("mail-reset-subject", "site", site),
        &PasswordResetText { lang, site, name, link, minutes },
        &PasswordResetHtml { lang, site, name, link, minutes },
    )
}

#[derive(Template)]
#[template(path = "email_notice.txt")]
struct NoticeText<'a> {
    greeting: &'a str,
    paragraphs: &'a [String],
    link: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "email_notice.html")]
struct NoticeHtml<'a> {
    greeting: &'a str,
    paragraphs: &'a [String],
    link: Option<(&'a str, &'a str)>,
}

/// Whom a notice greets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting<'a> {
    /// A member, or anyone who gave their name (a mailbag asker): "Hello Ada,".
    Name(&'a str),
    /// A subscriber, known by their address alone: "Hello reader,".
    Reader,
    /// Someone who wrote to the discussion's address and is not a member: "Hello there,".
    Stranger,
}

impl Greeting<'_> {
    fn in_lang(self, lang: Lang) -> String {
        match self {
            Greeting::Name(name) => lang.t1("mail-hello", "name", name),
            Greeting::Reader => lang.t("mail-hello-reader"),
            Greeting::Stranger => lang.t("mail-hello-stranger"),
        }
    }
}

/// A notice about something that happened (a submission received, published, sent back...):
/// a greeting, paragraphs of plain text, and at most one link, all in `lang`.
pub struct Notice<'a> {
    /// Unique per event and recipient, so a retried transaction never queues it twice.
    pub key: String,
    /// The language it is written in: its reader's (see [`super::language`]).
    pub lang: Lang,
    pub to: &'a str,
    pub greeting: Greeting<'a>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// What the link says, and where it goes.
    pub link: Option<(String, String)>,
    /// Whether it may go to a suppressed address, and whether it waits behind other mail.
    pub purpose: Purpose,
}

/// What a notice says, once the language of whoever reads it is known: for the code that tells an
/// author about their piece (`submission::notify_author`), which finds out who that is.
pub struct Said {
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// What the link says, and where it goes.
    pub link: Option<(String, String)>,
}

pub fn notice(notice: Notice<'_>) -> Result<OutgoingEmail, askama::Error> {
    let link = notice.link.as_ref().map(|(label, href)| (label.as_str(), href.as_str()));
    let greeting = notice.greeting.in_lang(notice.lang);
    render(
        (notice.key, notice.purpose),
        notice.lang,
        notice.to,
        notice.subject,
        &NoticeText { greeting: &greeting, paragraphs: &notice.paragraphs, link },
        &NoticeHtml { greeting: &greeting, paragraphs: &notice.paragraphs, link },
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
    /// The editor's language (see [`super::language`]).
    pub lang: Lang,
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

impl Reminder<'_> {
    fn hello(&self) -> String {
        self.lang.t1("mail-hello", "name", self.name)
    }

    fn intro(&self) -> String {
        self.lang.t(if self.topics_only { "mail-reminder-intro-topics" } else { "mail-reminder-intro" })
    }

    /// A line about a piece: `key` with its title (or, in HTML, [`LINK`] for it), author and days.
    fn line(&self, key: &str, line: &ReminderLine, title: &str) -> String {
        self.lang.t_with(
            key,
            &[
                ("title", title.into()),
                ("author", line.author.as_str().into()),
                ("days", line.days.into()),
                ("when", line.when.as_str().into()),
            ],
        )
    }

    /// The same line in HTML, its title the link to the piece.
    fn html_line(&self, key: &str, line: &ReminderLine) -> String {
        linked(&self.line(key, line, LINK), &line.link, &line.title)
    }
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
    let lang = reminder.lang;
    let mut counts = Vec::new();
    if reminder.waiting > 0 {
        counts.push(lang.t1("mail-reminder-count-waiting", "count", reminder.waiting));
    }
    if !reminder.idle.is_empty() {
        counts.push(lang.t1("mail-reminder-count-untouched", "count", reminder.idle.len()));
    }
    if !reminder.scheduled.is_empty() {
        counts.push(lang.t1("mail-reminder-count-scheduled", "count", reminder.scheduled.len()));
    }
    render(
        (reminder.key.clone(), Purpose::Bulk),
        lang,
        reminder.to,
        lang.t1("mail-reminder-subject", "counts", counts.join(", ")),
        &ReminderText { reminder },
        &ReminderHtml { reminder },
    )
}
