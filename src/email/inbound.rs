//! Mail members send to the discussion: `tribune mail receive` is given one message (RFC 5322)
//! by the mail server's pipe. An essay in a message, or attached to it as a document, becomes a
//! draft; an answer to the editors' request for changes becomes the piece's next revision. Both
//! go through the same checks as the web form ([`Submissions`]), and neither is sent to the
//! editors: the answer links to the piece, to look over and send. Whatever arrives from a person
//! gets one answer saying what was done, or why nothing was.
//!
//! Who may do what is decided as on the web: the sender must be a member with a confirmed
//! address, and a revision needs the piece's signed reply address ([`ReplyAddresses`]) *and*
//! its author as sender (a From line alone is easy to forge; a reply address alone could have
//! been forwarded). Automatic mail (RFC 3834 auto-replies, bounces, lists) is never answered, so
//! two robots cannot write to each other forever; an unknown sender gets at most one answer a day.

use std::time::Duration;

use mail_parser::{Message, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use url::Url;

use super::messages::{self, Greeting, Notice};
use super::verp::ReplyAddresses;
use super::{OutgoingEmail, Purpose};
use crate::app::Services;
use crate::documents;
use crate::domain::DomainError;
use crate::domain::convention::ConventionView;
use crate::domain::markdown;
use crate::domain::policy::Actor;
use crate::domain::submission::{EssayInput, SubmissionView};
use crate::domain::text::without_unshowable;
use crate::domain::throttle::{self, Limit};
use crate::i18n::Lang;
use crate::storage::{self, throttles, users};

/// The largest message read; a mail server's own limit is usually lower.
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

const DAY: Duration = Duration::from_secs(24 * 3600);

/// At most one answer a day to an address that is not a confirmed member's, and so many in all
/// (spam with forged senders would otherwise make us write to every address it forged).
const STRANGER_ANSWERS: Limit = Limit { max: 1, window: DAY };
const ALL_STRANGER_ANSWERS: Limit = Limit { max: 200, window: DAY };

/// Drafts one member may send by email in a day.
const DRAFTS_BY_MAIL: Limit = Limit { max: 20, window: DAY };

/// What reading mail needs to know besides the services.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub public_url: Url,
    /// The discussion's own address (`mail.inbound_address`).
    pub address: lettre::Address,
    pub replies: ReplyAddresses,
    /// The cap on messages to one mailbox that anyone can cause (`throttle.mail_per_recipient`).
    pub mail_per_recipient: Limit,
    /// `mail.inbound_authserv_id`: when set, only mail this server found to pass DMARC is read.
    pub authserv_id: Option<String>,
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not answered: automatic mail, or nobody to answer.
    Ignored(&'static str),
    /// A new draft, and the author told.
    Drafted { submission_id: i64 },
    /// A new revision of a piece sent back for changes, and the author told.
    Revised { submission_id: i64 },
    /// Nothing made; the sender was told why (`answered`), or had been told already today.
    Refused { reason: String, answered: bool },
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Ignored(why) => write!(f, "ignored: {why}"),
            Outcome::Drafted { submission_id } => write!(f, "saved as draft {submission_id}; the author was told"),
            Outcome::Revised { submission_id } => {
                write!(f, "saved as the next revision of {submission_id}; the author was told")
            }
            Outcome::Refused { reason, answered: true } => write!(f, "refused ({reason}); the sender was told"),
            Outcome::Refused { reason, answered: false } => {
                write!(f, "refused ({reason}); the sender was told already today")
            }
        }
    }
}

/// Reads one message and acts on it.
pub async fn receive(services: &Services, inbound: &Inbound, raw: &[u8]) -> Result<Outcome, DomainError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Ok(Outcome::Ignored("larger than 25 MB"));
    }
    let Some(message) = MessageParser::default().parse(raw) else {
        return Ok(Outcome::Ignored("not a mail message"));
    };
    if let Some(why) = automatic(&message) {
        return Ok(Outcome::Ignored(why));
    }
    let Some(sender) = message.from().and_then(|from| from.first()).and_then(|a| a.address()) else {
        return Ok(Outcome::Ignored("no sender to answer"));
    };
    let sender = sender.trim().to_lowercase();
    let own = inbound.address.to_string().to_lowercase();
    if sender == own || inbound.replies.submission_id(&sender).is_some() {
        return Ok(Outcome::Ignored("sent by this site"));
    }
    if let Some(id) = &inbound.authserv_id
        && !dmarc_passed(&message, id)
    {
        return Ok(Outcome::Ignored("its sender is not authenticated (no dmarc=pass from this site's mail server)"));
    }
    let (member, lang) = {
        let sender = sender.clone();
        services
            .db
            .read(move |conn| {
                let member = member(conn, &sender)?;
                Ok::<_, DomainError>((member, super::language::of_address(conn, &sender)?))
            })
            .await?
    };
    let reply = Reply::to(&message, &sender, lang);
    let Some((actor, name)) = member.filter(|(actor, _)| actor.email_verified) else {
        return answer_stranger(services, inbound, &reply).await;
    };
    let reply = Reply { name: Some(name), ..reply };
    let revising = recipients(&message).iter().find_map(|to| inbound.replies.submission_id(to));
    let essay = match Essay::of(&message) {
        Ok(essay) => essay,
        Err(unusable) => return refuse(services, inbound, &reply, |lang| unusable.in_lang(lang)).await,
    };
    match revising {
        Some(id) => revise(services, inbound, &actor, &reply, id, essay).await,
        None => draft(services, inbound, &actor, &reply, essay).await,
    }
}

/// Why a message was sent by a program rather than a person, if it was.
fn automatic(message: &Message) -> Option<&'static str> {
    let header = |name: &str| message.header_raw(name).map(|value| value.trim().to_ascii_lowercase());
    if header("Auto-Submitted").is_some_and(|value| !value.is_empty() && value != "no") {
        return Some("automatic (Auto-Submitted)");
    }
    if header("Precedence").is_some_and(|value| matches!(value.as_str(), "bulk" | "junk" | "list" | "auto_reply")) {
        return Some("bulk or list mail (Precedence)");
    }
    if ["X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe"].iter().any(|name| header(name).is_some()) {
        return Some("an automatic reply or list mail");
    }
    if header("Return-Path").is_some_and(|value| value == "<>") {
        return Some("a bounce (empty Return-Path)");
    }
    let report = message.content_type().is_some_and(|t| {
        t.ctype().eq_ignore_ascii_case("multipart") && t.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    if report {
        return Some("a delivery or feedback report");
    }
    let sender = message.from().and_then(|from| from.first()).and_then(|a| a.address()).unwrap_or_default();
    let local = sender.split('@').next().unwrap_or_default().to_ascii_lowercase();
    if matches!(local.as_str(), "mailer-daemon" | "postmaster") {
        return Some("a mail server's report");
    }
    None
}

/// Whether `authserv_id` (our own mail server: anyone can write the header, so only its own
/// counts) found the message to pass DMARC, which ties the From line's domain to SPF or DKIM.
fn dmarc_passed(message: &Message, authserv_id: &str) -> bool {
    message.header_values("Authentication-Results").filter_map(|value| value.as_text()).any(|value| {
        let mut parts = value.split(';');
        let server = parts.next().unwrap_or_default().split_whitespace().next().unwrap_or_default();
        server.eq_ignore_ascii_case(authserv_id)
            && parts.any(|result| result.trim().to_ascii_lowercase().starts_with("dmarc=pass"))
    })
}

/// Every address the message was delivered to, as the headers and the mail server name them.
fn recipients(message: &Message) -> Vec<String> {
    let mut found: Vec<String> = [message.to(), message.cc()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter().filter_map(|a| a.address()).map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
        found.extend(message.header_raw(name).map(super::bounces::addresses_in).unwrap_or_default());
    }
    found
}

/// The member a confirmed address belongs to, with their name.
fn member(conn: &mut storage::AnyConnection, address: &str) -> Result<Option<(Actor, String)>, DomainError> {
    let Some(user) = users::find_by_email(conn, address)? else { return Ok(None) };
    let roles = users::roles_of(conn, user.id)?;
    let actor = Actor {
        user_id: user.id,
        roles: roles.iter().filter_map(|r| r.parse().ok()).collect(),
        email_verified: user.email_verified_at.is_some(),
    };
    Ok(Some((actor, user.display_name)))
}

/// The essay a message carries: its first attached document, else the words of the message.
#[derive(Debug)]
struct Essay {
    /// The document's own title, or the message's subject.
    title: Option<String>,
    /// Whether the title is the document's (a revision keeps its title otherwise).
    title_from_document: bool,
    /// Whether the essay is an attached document's (else the words of the message).
    from_document: bool,
    body: String,
    /// A topic named on the message's first line (`Topic: …`).
    topic: Option<String>,
    /// What was left out, for the answer.
    dropped: Vec<LeftOut>,
}

/// Something a message held that its essay cannot, as the answer names it.
#[derive(Debug)]
enum LeftOut {
    /// An attachment after the first document (its name, if it has one).
    Attachment(Option<String>),
    /// An attachment that is not a document Tribune reads.
    NotADocument(Option<String>),
    /// Something the document held.
    Document(documents::Dropped),
}

impl LeftOut {
    fn in_lang(&self, lang: Lang) -> String {
        match self {
            LeftOut::Attachment(name) => lang.t1("mail-inbound-left-out-attachment", "name", attachment(name, lang)),
            LeftOut::NotADocument(name) => lang.t1("mail-inbound-left-out-kind", "name", attachment(name, lang)),
            LeftOut::Document(dropped) => dropped.in_lang(lang),
        }
    }
}

/// Why a message holds no essay to save.
#[derive(Debug)]
enum Unusable {
    NoEssay,
    /// Its document could not be read.
    Unreadable {
        name: Option<String>,
        error: documents::DocumentError,
    },
}

/// An attachment as the answer names it: by its name, if it has one.
fn attachment(name: &Option<String>, lang: Lang) -> String {
    name.clone().unwrap_or_else(|| lang.t("mail-inbound-unnamed-attachment"))
}

impl Unusable {
    fn in_lang(&self, lang: Lang) -> String {
        match self {
            Unusable::NoEssay => lang.t("mail-inbound-no-essay"),
            Unusable::Unreadable { name, error } => {
                let name = attachment(name, lang);
                lang.t2("mail-inbound-unreadable", "name", name, "problem", error.message().in_lang(lang))
            }
        }
    }
}

impl Essay {
    fn of(message: &Message) -> Result<Essay, Unusable> {
        let mut dropped = Vec::new();
        let mut converted = None;
        for part in message.attachments() {
            let name = part.attachment_name().map(str::to_string);
            if converted.is_some() {
                dropped.push(LeftOut::Attachment(name));
                continue;
            }
            match documents::convert(name.as_deref().unwrap_or("an unnamed attachment"), part.contents()) {
                Ok(document) => converted = Some((name, document)),
                Err(documents::DocumentError::UnsupportedKind) => dropped.push(LeftOut::NotADocument(name)),
                Err(error) => return Err(Unusable::Unreadable { name, error }),
            }
        }
        let subject =
            message.subject().map(|s| without_reply_prefixes(&without_unshowable(s))).filter(|s| !s.is_empty());
        if let Some((_, document)) = converted {
            dropped.extend(document.dropped.iter().cloned().map(LeftOut::Document));
            let title_from_document = document.title.is_some();
            return Ok(Essay {
                title: document.title.or(subject),
                title_from_document,
                from_document: true,
                body: without_unshowable(&document.markdown).into_owned(),
                topic: None,
                dropped,
            });
        }
        // Mail reaches us without the edge's check of every web post: what cannot be shown goes.
        let text = message.body_text(0).map(|text| fresh_text(&without_unshowable(&text))).unwrap_or_default();
        let (topic, body) = topic_line(&text);
        if body.trim().is_empty() {
            return Err(Unusable::NoEssay);
        }
        Ok(Essay { title: subject, title_from_document: false, from_document: false, body, topic, dropped })
    }
}

/// A subject without the `Re:`, `Fwd:` (and Spanish `RV:`) its mail program put before it.
fn without_reply_prefixes(subject: &str) -> String {
    let mut subject = subject.trim();
    loop {
        let lower = subject.to_ascii_lowercase();
        match ["re:", "fwd:", "fw:", "aw:", "rv:", "res:"].iter().find(|p| lower.starts_with(*p)) {
            Some(prefix) => subject = subject[prefix.len()..].trim_start(),
            None => return subject.to_string(),
        }
    }
}

/// The text a person wrote in this message: without the message they answered, quoted after its
/// attribution ("On … wrote:" followed by `>` lines) or after Outlook's separator, and without
/// their signature (after a line `-- `, RFC 3676). A line that only looks like an attribution
/// ("Lincoln wrote:" in the essay) stays, and so do quotations of the essay's own.
fn fresh_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let all: Vec<&str> = text.lines().collect();
    let next_text = |at: usize| all[at + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or_default();
    let mut end = all.len();
    for (at, line) in all.iter().enumerate() {
        let lower = line.trim().to_lowercase();
        let attribution = (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || (lower.starts_with("el ") && lower.ends_with("escribió:"));
        let separator = lower.starts_with("-----original message-----")
            || lower.starts_with("-------- original message --------")
            || lower.starts_with("-----mensaje original-----")
            || (lower.len() >= 10 && lower.chars().all(|c| c == '_') && {
                let next = next_text(at).to_lowercase();
                next.starts_with("from:") || next.starts_with("de:")
            });
        if (attribution && next_text(at).starts_with('>')) || separator || *line == "-- " {
            end = at;
            break;
        }
    }
    all[..end].join("\n").trim().to_string()
}

/// A first line `Topic: …` (or `Tema: …`) names the piece's topic; it is not part of the essay.
fn topic_line(text: &str) -> (Option<String>, String) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let named = ["topic:", "tema:"].iter().find_map(|label| {
        first.trim().to_lowercase().starts_with(label).then(|| first.trim()[label.len()..].trim().to_string())
    });
    match named {
        Some(topic) => (Some(topic), rest.trim().to_string()),
        None => (None, text.to_string()),
    }
}

/// The topic's slug from what the member wrote: its slug or its title, in any case.
fn topic_slug(convention: &ConventionView, named: &str) -> String {
    let named = named.trim().to_lowercase();
    convention
        .topics
        .iter()
        .find(|t| t.slug == named || t.title.to_lowercase() == named)
        .map_or(named, |t| t.slug.clone())
}

/// Who an answer goes to and what it answers.
#[derive(Debug, Clone)]
struct Reply {
    to: String,
    /// The member's name; `None` for a stranger.
    name: Option<String>,
    /// The language the answer is written in: the member's, else the discussion's default.
    lang: Lang,
    subject: String,
    /// The message's own Message-ID, which the answer refers to.
    message_id: Option<String>,
    /// One answer per message, however often the mail server delivers it.
    key: String,
}

impl Reply {
    /// The answer to `message` from `sender`; a stranger is not called by the name they wrote
    /// (which is anyone's to choose) until [`receive`] finds them a member.
    fn to(message: &Message, sender: &str, lang: Lang) -> Reply {
        let message_id = message.message_id().map(str::to_string);
        // Whose message it is as well as which: a Message-ID alone could be reused by someone
        // else to silence the answer to a member's. Without one, what stays the same however
        // often the message is delivered (not its Received lines).
        let identity = match &message_id {
            Some(id) => format!("{sender}\n{id}"),
            None => format!(
                "{sender}\n{}\n{}\n{}",
                message.header_raw("Date").unwrap_or_default(),
                message.subject().unwrap_or_default(),
                message.body_text(0).unwrap_or_default()
            ),
        };
        let digest: String = Sha256::digest(identity.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect();
        Reply {
            to: sender.to_string(),
            name: None,
            lang,
            subject: message.subject().map(without_reply_prefixes).unwrap_or_default(),
            message_id,
            key: format!("inbound-{digest}"),
        }
    }

    /// The answer, marked as automatic (RFC 3834) and as an answer to the message.
    fn answer(
        &self,
        subject: String,
        paragraphs: Vec<String>,
        link: Option<(String, String)>,
    ) -> Result<OutgoingEmail, DomainError> {
        let notice = Notice {
            key: self.key.clone(),
            lang: self.lang,
            to: &self.to,
            greeting: self.name.as_deref().map_or(Greeting::Stranger, Greeting::Name),
            subject,
            paragraphs,
            link,
            purpose: Purpose::Personal,
        };
        let mut email = messages::notice(notice).map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
        email.headers.push(("Auto-Submitted".into(), "auto-replied".into()));
        if let Some(id) = &self.message_id {
            email.headers.push(("In-Reply-To".into(), format!("<{id}>")));
            email.headers.push(("References".into(), format!("<{id}>")));
        }
        Ok(email)
    }
}

/// What was left out of a document, as a paragraph of the answer.
fn dropped_paragraph(dropped: &[LeftOut], lang: Lang) -> Option<String> {
    let items: Vec<String> = dropped.iter().map(|left| left.in_lang(lang)).collect();
    (!items.is_empty()).then(|| lang.t1("mail-inbound-left-out", "items", items.join("; ")))
}

async fn draft(
    services: &Services,
    inbound: &Inbound,
    actor: &Actor,
    reply: &Reply,
    essay: Essay,
) -> Result<Outcome, DomainError> {
    let now = storage::now();
    let convention = services
        .conventions
        .list()
        .await?
        .into_iter()
        .filter(|c| c.discussion_closes_at > now)
        .min_by_key(|c| c.discussion_closes_at);
    let Some(convention) = convention else {
        return refuse(services, inbound, reply, |lang| lang.t("mail-inbound-no-discussion")).await;
    };
    // A member's own drafts are theirs to make, but mail in their name is easy to forge: a day's
    // worth is plenty for a person and a bound on anyone else.
    let bucket = format!("inbound:drafts:{}", actor.user_id);
    if let Err(DomainError::Throttled { .. }) =
        services.db.write_unseen(move |conn| throttle::hit(conn, &bucket, DRAFTS_BY_MAIL)).await
    {
        return refuse(services, inbound, reply, |lang| lang.t1("mail-inbound-too-many", "count", DRAFTS_BY_MAIL.max))
            .await;
    }
    let profile = services.accounts.me(actor).await?;
    let input = EssayInput {
        convention: Some(convention.slug.clone()),
        title: essay.title.clone(),
        body: Some(essay.body.clone()),
        byline_name: Some(profile.display_name.clone()),
        byline_location: Some(profile.location.clone()),
        topic: essay.topic.as_deref().map(|named| topic_slug(&convention, named)),
        ..EssayInput::default()
    };
    match services.submissions.create(Some(actor), input, Some(&reply.key)).await {
        Ok(saved) => {
            let lang = reply.lang;
            let mut paragraphs =
                vec![lang.t2("mail-inbound-drafted", "title", &saved.title, "convention", &convention.title)];
            paragraphs.extend(dropped_paragraph(&essay.dropped, lang));
            paragraphs.push(lang.t("mail-inbound-drafted-next"));
            let link = Some((lang.t("mail-inbound-look-over"), page(inbound, &saved)));
            let answer =
                reply.answer(lang.t1("mail-inbound-drafted-subject", "title", &saved.title), paragraphs, link)?;
            queue(services, inbound, answer, Some(saved.id)).await?;
            Ok(Outcome::Drafted { submission_id: saved.id })
        }
        Err(DomainError::Invalid(errors)) => {
            let problems =
                |lang: Lang| {
                    let mut problems: Vec<String> = Vec::new();
                    for (field, messages) in &errors.0 {
                        let what = match field.as_str() {
                            "title" => lang.t("mail-inbound-field-title"),
                            "topic" => {
                                let names: Vec<&str> = convention.topics.iter().map(|t| t.title.as_str()).collect();
                                problems.push(lang.t2(
                                    "mail-inbound-name-topic",
                                    "example",
                                    names.first().copied().unwrap_or("…"),
                                    "topics",
                                    names.join(", "),
                                ));
                                continue;
                            }
                            "byline_name" | "byline_location" => lang.t("mail-inbound-field-byline"),
                            _ => lang.t("mail-inbound-field-essay"),
                        };
                        problems.extend(messages.iter().map(|m| {
                            lang.t2("mail-inbound-field-problem", "field", &what, "problem", m.in_lang(lang))
                        }));
                    }
                    problems.join(" ")
                };
            refuse(services, inbound, reply, problems).await
        }
        Err(other) => refuse_or_fail(services, inbound, reply, other).await,
    }
}

async fn revise(
    services: &Services,
    inbound: &Inbound,
    actor: &Actor,
    reply: &Reply,
    id: i64,
    essay: Essay,
) -> Result<Outcome, DomainError> {
    // A short answer typed in the message ("What do you mean by paragraph 3?") is a question, not
    // the essay again: it must not replace the essay the editors asked to change.
    if !essay.from_document {
        let current = match services.submissions.get(Some(actor), id).await {
            Ok(current) => current,
            Err(other) => return refuse_or_fail(services, inbound, reply, other).await,
        };
        let (before, now) = (markdown::word_count(&current.body), markdown::word_count(&essay.body));
        if now * 2 < before {
            let reason = |lang: Lang| lang.t2("mail-inbound-short-answer", "words", now, "before", before);
            return refuse(services, inbound, reply, reason).await;
        }
    }
    let input = EssayInput {
        title: essay.title.filter(|_| essay.title_from_document),
        body: Some(essay.body),
        ..EssayInput::default()
    };
    match services.submissions.revise(Some(actor), id, input).await {
        Ok(saved) => {
            let lang = reply.lang;
            let mut paragraphs =
                vec![lang.t2("mail-inbound-revised", "revision", saved.revisions, "title", &saved.title)];
            paragraphs.extend(dropped_paragraph(&essay.dropped, lang));
            paragraphs.push(lang.t("mail-inbound-revised-next"));
            let link = Some((lang.t("mail-inbound-look-over"), page(inbound, &saved)));
            let answer =
                reply.answer(lang.t1("mail-inbound-revised-subject", "title", &saved.title), paragraphs, link)?;
            queue(services, inbound, answer, Some(saved.id)).await?;
            Ok(Outcome::Revised { submission_id: saved.id })
        }
        Err(DomainError::Invalid(errors)) => {
            let problems = |lang: Lang| {
                let problems: Vec<String> = errors
                    .0
                    .iter()
                    .flat_map(|(field, m)| {
                        m.iter().map(move |m| {
                            lang.t2("mail-inbound-revision-problem", "field", field, "problem", m.in_lang(lang))
                        })
                    })
                    .collect();
                problems.join(" ")
            };
            refuse(services, inbound, reply, problems).await
        }
        Err(other) => refuse_or_fail(services, inbound, reply, other).await,
    }
}

/// A refusal the member can act on is answered; a failure of ours (the database away) is
/// returned, so the mail server keeps the message and tries again.
async fn refuse_or_fail(
    services: &Services,
    inbound: &Inbound,
    reply: &Reply,
    error: DomainError,
) -> Result<Outcome, DomainError> {
    if let DomainError::Storage(_) | DomainError::Internal(_) = error {
        return Err(error);
    }
    let reason = |lang: Lang| match &error {
        // Not the author's piece, or no longer there: say nothing about it.
        DomainError::NotFound | DomainError::Forbidden => lang.t("mail-inbound-not-yours"),
        DomainError::Conflict { message, .. } => lang.t1("mail-inbound-conflict", "problem", message.in_lang(lang)),
        other => lang.t1("mail-inbound-error", "problem", problem(other, lang)),
    };
    refuse(services, inbound, reply, reason).await
}

/// What went wrong, in `lang`; in English as the domain says it (which the log and `tribune mail
/// receive` print), and so in any language for what a member cannot cause by mail.
fn problem(error: &DomainError, lang: Lang) -> String {
    match error {
        DomainError::Refused { message, .. } | DomainError::Conflict { message, .. } => message.in_lang(lang),
        DomainError::Throttled { retry_after_secs } if lang != Lang::En => {
            crate::i18n::Message::of("refused-too-many-attempts").arg("seconds", retry_after_secs).in_lang(lang)
        }
        DomainError::Invalid(fields) if lang != Lang::En => {
            fields.0.values().flatten().map(|m| m.in_lang(lang)).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

fn page(inbound: &Inbound, saved: &SubmissionView) -> String {
    messages::link(&inbound.public_url, &format!("/submissions/{}", saved.id), &[])
}

/// Tells a member why nothing was made of their message: `reason` in their language; the outcome
/// says it in English, for the log.
async fn refuse(
    services: &Services,
    inbound: &Inbound,
    reply: &Reply,
    reason: impl Fn(Lang) -> String,
) -> Result<Outcome, DomainError> {
    let lang = reply.lang;
    let (subject, could_not) = if reply.subject.is_empty() {
        (lang.t("mail-inbound-your-message"), lang.t("mail-inbound-could-not-use"))
    } else {
        (reply.subject.clone(), lang.t1("mail-inbound-could-not-use-subject", "subject", &reply.subject))
    };
    let answer = reply.answer(
        lang.t1("mail-inbound-refused-subject", "subject", subject),
        vec![could_not, reason(lang)],
        None,
    )?;
    let reason = reason(Lang::En);
    let answered = queue(services, inbound, answer, None).await?;
    Ok(Outcome::Refused { reason, answered })
}

/// Someone who is not a member with a confirmed address: one polite answer a day at most, and
/// only so many to strangers in all, with the way in.
async fn answer_stranger(services: &Services, inbound: &Inbound, reply: &Reply) -> Result<Outcome, DomainError> {
    let register = messages::link(&inbound.public_url, "/register", &[]);
    let lang = reply.lang;
    let answer = reply.answer(
        lang.t("mail-inbound-stranger-subject"),
        vec![lang.t("mail-inbound-stranger"), lang.t("mail-inbound-stranger-next")],
        Some((lang.t("mail-inbound-create-account"), register)),
    )?;
    let bucket = format!("inbound:stranger:{}", super::mailbox_key(&reply.to));
    let cap = inbound.mail_per_recipient;
    let answered = services
        .db
        .write(move |conn| {
            let now = storage::now();
            for (bucket, limit) in [(bucket.as_str(), STRANGER_ANSWERS), ("inbound:strangers", ALL_STRANGER_ANSWERS)] {
                let window = chrono::TimeDelta::from_std(limit.window).unwrap_or(chrono::TimeDelta::days(1));
                if throttles::reserve(conn, bucket, now, now - window, limit.max)?.is_none() {
                    return Ok::<_, DomainError>(false);
                }
            }
            Ok(super::enqueue_form_reply(conn, &answer, cap)?)
        })
        .await?;
    Ok(Outcome::Refused { reason: "not a member's confirmed address".into(), answered })
}

/// Queues an answer, within the cap on mail anyone can cause to one mailbox (mail in a member's
/// name is easy to forge); returns whether it was queued.
async fn queue(
    services: &Services,
    inbound: &Inbound,
    answer: OutgoingEmail,
    about: Option<i64>,
) -> Result<bool, DomainError> {
    let cap = inbound.mail_per_recipient;
    services.db.write_unseen(move |conn| Ok::<_, DomainError>(super::enqueue_capped(conn, &answer, cap, about)?)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quoted_message_and_signature_are_not_the_essay() {
        let typed = "Here is the new version.\n\n> A quote I make.\n\nMy last line.\n\n-- \nAda\n";
        assert_eq!(fresh_text(typed), "Here is the new version.\n\n> A quote I make.\n\nMy last line.");
        let answered = "New text.\n\nOn Mon, 7 Dec 2026 at 10:00, Tribune <t@x.org> wrote:\n> old\n> text\n";
        assert_eq!(fresh_text(answered), "New text.");
        assert_eq!(fresh_text("Texto nuevo.\n\nEl lun, 7 dic 2026, Tribune escribió:\n> viejo"), "Texto nuevo.");
        assert_eq!(fresh_text("Top.\n\n> my own quotation\n"), "Top.\n\n> my own quotation", "the essay's own quote");
        let essay = "On the eve of the vote, Lincoln wrote:\n\nA house divided.\n\n--\n\nMore.";
        assert_eq!(fresh_text(essay), essay, "an essay's own attribution, and a rule, stay");
        let outlook = "New text.\n\n________________________________\nFrom: Tribune\nSent: Monday\n\nThe request.";
        assert_eq!(fresh_text(outlook), "New text.");
    }

    #[test]
    fn a_first_topic_line_names_the_topic_and_leaves_the_essay() {
        assert_eq!(topic_line("Topic: Housing\n\nThe essay."), (Some("Housing".into()), "The essay.".into()));
        assert_eq!(topic_line("tema: vivienda\nEl ensayo."), (Some("vivienda".into()), "El ensayo.".into()));
        assert_eq!(topic_line("The essay.\nTopic: no"), (None, "The essay.\nTopic: no".into()));
    }

    #[test]
    fn reply_prefixes_leave_the_subject() {
        assert_eq!(without_reply_prefixes("Re: Fwd: RE: Changes requested: My essay"), "Changes requested: My essay");
        assert_eq!(without_reply_prefixes("Reading"), "Reading");
    }

    #[test]
    fn automatic_mail_is_recognised() {
        let auto =
            b"From: a@x.org\r\nTo: e@y.org\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nAway.";
        let person = b"From: a@x.org\r\nTo: e@y.org\r\nAuto-Submitted: no\r\nSubject: Essay\r\n\r\nWords.";
        let daemon = b"From: MAILER-DAEMON@x.org\r\nTo: e@y.org\r\nSubject: Undelivered\r\n\r\nSorry.";
        let parse = |raw: &'static [u8]| MessageParser::default().parse(raw).expect("a message");
        assert!(automatic(&parse(auto)).is_some());
        assert!(automatic(&parse(person)).is_none());
        assert!(automatic(&parse(daemon)).is_some());
    }
}
