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

use super::messages::{self, Notice};
use super::verp::ReplyAddresses;
use super::{OutgoingEmail, Purpose};
use crate::app::Services;
use crate::documents;
use crate::domain::DomainError;
use crate::domain::convention::ConventionView;
use crate::domain::policy::Actor;
use crate::domain::submission::{EssayInput, SubmissionView};
use crate::domain::throttle::Limit;
use crate::storage::{self, throttles, users};

/// The largest message read; a mail server's own limit is usually lower.
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// At most one answer a day to an address that is not a confirmed member's.
const STRANGER_ANSWERS: Limit = Limit { max: 1, window: Duration::from_secs(24 * 3600) };

/// What reading mail needs to know besides the services.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub public_url: Url,
    /// The discussion's own address (`mail.inbound_address`).
    pub address: lettre::Address,
    pub replies: ReplyAddresses,
    /// The cap on messages to one mailbox that anyone can cause (`throttle.mail_per_recipient`).
    pub mail_per_recipient: Limit,
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
    let reply = Reply::to(&message, raw, &sender);
    let member = {
        let sender = sender.clone();
        services.db.read(move |conn| member(conn, &sender)).await?
    };
    let Some((actor, name)) = member.filter(|(actor, _)| actor.email_verified) else {
        return answer_stranger(services, inbound, &reply).await;
    };
    let reply = Reply { name, ..reply };
    let revising = recipients(&message).iter().find_map(|to| inbound.replies.submission_id(to));
    let essay = match Essay::of(&message) {
        Ok(essay) => essay,
        Err(reason) => return refuse(services, &reply, reason).await,
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
    body: String,
    /// A topic named on the message's first line (`Topic: …`).
    topic: Option<String>,
    /// What was left out, for the answer.
    dropped: Vec<String>,
}

impl Essay {
    fn of(message: &Message) -> Result<Essay, String> {
        let mut dropped = Vec::new();
        let mut converted = None;
        for part in message.attachments() {
            let name = part.attachment_name().unwrap_or("an unnamed attachment").to_string();
            if converted.is_some() {
                dropped.push(format!("the attachment {name} (only the first document is read)"));
                continue;
            }
            match documents::convert(&name, part.contents()) {
                Ok(document) => converted = Some((name, document)),
                Err(documents::DocumentError::UnsupportedKind) => {
                    dropped.push(format!("the attachment {name} (not a .docx, .odt, .md or .txt document)"))
                }
                Err(error) => return Err(format!("The attached {name} could not be read. {error}")),
            }
        }
        let subject = message.subject().map(without_reply_prefixes).filter(|s| !s.is_empty());
        if let Some((_, document)) = converted {
            dropped.extend(document.dropped.iter().map(ToString::to_string));
            let title_from_document = document.title.is_some();
            return Ok(Essay {
                title: document.title.or(subject),
                title_from_document,
                body: document.markdown,
                topic: None,
                dropped,
            });
        }
        let text = message.body_text(0).map(|text| fresh_text(&text)).unwrap_or_default();
        let (topic, body) = topic_line(&text);
        if body.trim().is_empty() {
            return Err("The message holds no essay: write it in the message, or attach it as a .docx, .odt, .md or \
                        .txt document."
                .into());
        }
        Ok(Essay { title: subject, title_from_document: false, body, topic, dropped })
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

/// The text a person wrote in this message: without the quoted message they answered and their
/// signature. Quotes inside the text (a Markdown `>` block) stay; only the trailing ones go.
fn fresh_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        let answered = (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || (lower.starts_with("el ") && lower.ends_with("escribió:"))
            || lower.starts_with("-----original message-----")
            || lower.starts_with("-------- original message --------")
            || lower.starts_with("-----mensaje original-----");
        if answered || line == "-- " || line == "--" {
            break;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|line| line.trim().is_empty() || line.trim_start().starts_with('>')) {
        lines.pop();
    }
    lines.join("\n").trim().to_string()
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
    name: String,
    subject: String,
    /// The message's own Message-ID, which the answer refers to.
    message_id: Option<String>,
    /// One answer per message, however often the mail server delivers it.
    key: String,
}

impl Reply {
    fn to(message: &Message, raw: &[u8], sender: &str) -> Reply {
        let message_id = message.message_id().map(str::to_string);
        let identity = message_id.as_deref().map(str::as_bytes).unwrap_or(raw);
        let digest: String = Sha256::digest(identity).iter().take(16).map(|b| format!("{b:02x}")).collect();
        let display = message.from().and_then(|f| f.first()).and_then(|a| a.name()).unwrap_or_default();
        Reply {
            to: sender.to_string(),
            name: if display.trim().is_empty() { sender.to_string() } else { display.trim().to_string() },
            subject: message.subject().map(without_reply_prefixes).unwrap_or_default(),
            message_id,
            key: format!("inbound-{digest}"),
        }
    }

    /// The answer, marked as automatic (RFC 3834) and as an answer to the message.
    fn answer(&self, subject: String, paragraphs: Vec<String>, link: Option<(&str, String)>) -> OutgoingEmail {
        let notice = Notice {
            key: self.key.clone(),
            to: &self.to,
            name: &self.name,
            subject,
            paragraphs,
            link,
            purpose: Purpose::Personal,
        };
        let mut email = match messages::notice(notice) {
            Ok(email) => email,
            // The notice template renders any text; should it ever fail, a plain answer still goes.
            Err(_) => OutgoingEmail {
                idempotency_key: self.key.clone(),
                to: self.to.clone(),
                subject: "Your message".into(),
                text: String::new(),
                html: String::new(),
                headers: Vec::new(),
                purpose: Purpose::Personal,
            },
        };
        email.headers.push(("Auto-Submitted".into(), "auto-replied".into()));
        if let Some(id) = &self.message_id {
            email.headers.push(("In-Reply-To".into(), format!("<{id}>")));
            email.headers.push(("References".into(), format!("<{id}>")));
        }
        email
    }
}

/// What was left out of a document, as a paragraph of the answer.
fn dropped_paragraph(dropped: &[String]) -> Option<String> {
    (!dropped.is_empty()).then(|| format!("Left out, as an essay cannot hold them: {}.", dropped.join("; ")))
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
        return refuse(services, reply, "No discussion takes essays now, so nothing was saved.".into()).await;
    };
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
            let mut paragraphs = vec![format!(
                "Your essay \"{}\" is saved as a draft for {}. Only you can see it.",
                saved.title, convention.title
            )];
            paragraphs.extend(dropped_paragraph(&essay.dropped));
            paragraphs.push(
                "Look it over, change anything the conversion got wrong, and send it to the editors from its page."
                    .into(),
            );
            let link = Some(("Look it over and send it", page(inbound, &saved)));
            let answer = reply.answer(format!("Draft saved: {}", saved.title), paragraphs, link);
            queue(services, answer, saved.id).await?;
            Ok(Outcome::Drafted { submission_id: saved.id })
        }
        Err(DomainError::Invalid(errors)) => {
            let mut problems: Vec<String> = Vec::new();
            for (field, messages) in &errors.0 {
                let what = match field.as_str() {
                    "title" => "The title (the subject of your message)",
                    "body" => "The essay",
                    "topic" => {
                        let names: Vec<&str> = convention.topics.iter().map(|t| t.title.as_str()).collect();
                        problems.push(format!(
                            "Name the topic on the first line of your message, as \"Topic: {}\". The topics are: {}.",
                            names.first().copied().unwrap_or("…"),
                            names.join(", ")
                        ));
                        continue;
                    }
                    "byline_name" | "byline_location" => "Your name and place, as your account gives them,",
                    _ => "The essay",
                };
                problems.extend(messages.iter().map(|m| format!("{what} {m}.")));
            }
            refuse(services, reply, problems.join(" ")).await
        }
        Err(other) => Err(other),
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
    let input = EssayInput {
        title: essay.title.filter(|_| essay.title_from_document),
        body: Some(essay.body),
        ..EssayInput::default()
    };
    match services.submissions.revise(Some(actor), id, input).await {
        Ok(saved) => {
            let mut paragraphs = vec![format!(
                "Your answer is saved as revision {} of \"{}\". The editors do not see it yet.",
                saved.revisions, saved.title
            )];
            paragraphs.extend(dropped_paragraph(&essay.dropped));
            paragraphs.push("Look it over and send the revision to the editors from its page.".into());
            let link = Some(("Look it over and send it", page(inbound, &saved)));
            let answer = reply.answer(format!("Revision saved: {}", saved.title), paragraphs, link);
            queue(services, answer, saved.id).await?;
            Ok(Outcome::Revised { submission_id: saved.id })
        }
        // Not the author's piece (or no longer there): say nothing about it.
        Err(DomainError::NotFound | DomainError::Forbidden) => {
            refuse(
                services,
                reply,
                "This message answers a request for changes to a piece that is not yours, so nothing was saved. \
                 Answer from the address your account uses."
                    .into(),
            )
            .await
        }
        Err(DomainError::Conflict { message, .. }) => {
            refuse(services, reply, format!("{message} Nothing was saved.")).await
        }
        Err(DomainError::Invalid(errors)) => {
            let problems: Vec<String> =
                errors.0.iter().flat_map(|(field, m)| m.iter().map(move |m| format!("The {field} {m}."))).collect();
            refuse(services, reply, problems.join(" ")).await
        }
        Err(other) => Err(other),
    }
}

fn page(inbound: &Inbound, saved: &SubmissionView) -> String {
    messages::link(&inbound.public_url, &format!("/submissions/{}", saved.id), &[])
}

/// Tells a member why nothing was made of their message.
async fn refuse(services: &Services, reply: &Reply, reason: String) -> Result<Outcome, DomainError> {
    let subject = if reply.subject.is_empty() { "your message".to_string() } else { format!("\"{}\"", reply.subject) };
    let answer = reply.answer(
        format!("Not saved: {}", if reply.subject.is_empty() { "your message" } else { &reply.subject }),
        vec![format!("We could not use {subject}."), reason.clone()],
        None,
    );
    services.db.write(move |conn| Ok::<_, DomainError>(super::enqueue(conn, &answer)?)).await?;
    Ok(Outcome::Refused { reason, answered: true })
}

/// Someone who is not a member with a confirmed address: one polite answer a day at most, with
/// the way in.
async fn answer_stranger(services: &Services, inbound: &Inbound, reply: &Reply) -> Result<Outcome, DomainError> {
    let register = messages::link(&inbound.public_url, "/register", &[]);
    let answer = reply.answer(
        "Your essay was not saved".into(),
        vec![
            "Thank you for writing. Essays sent by email are taken from members' confirmed addresses only, and \
             this address is not one."
                .into(),
            "If you are a member, create your account (or confirm your address) with this address, then send \
             your essay again."
                .into(),
        ],
        Some(("Create your account", register)),
    );
    let bucket = format!("inbound:stranger:{}", super::mailbox_key(&reply.to));
    let cap = inbound.mail_per_recipient;
    let answered = services
        .db
        .write(move |conn| {
            let now = storage::now();
            let window = chrono::TimeDelta::from_std(STRANGER_ANSWERS.window).unwrap_or(chrono::TimeDelta::days(1));
            if throttles::reserve(conn, &bucket, now, now - window, STRANGER_ANSWERS.max)?.is_none() {
                return Ok::<_, DomainError>(false);
            }
            Ok(super::enqueue_form_reply(conn, &answer, cap)?)
        })
        .await?;
    Ok(Outcome::Refused { reason: "not a member's confirmed address".into(), answered })
}

async fn queue(services: &Services, answer: OutgoingEmail, submission_id: i64) -> Result<(), DomainError> {
    services.db.write(move |conn| Ok::<_, DomainError>(super::enqueue_about(conn, &answer, submission_id)?)).await
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
        assert_eq!(fresh_text("Top.\n\n> quoted at the end\n> only\n"), "Top.");
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
