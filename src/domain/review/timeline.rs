//! One timeline per piece, for the editors: every revision the author saved, every note and
//! message to the author, every transition and every email sent about the piece (to its author,
//! or to the editors about it) with its delivery state, in the order they happened.
//!
//! It is read from where each thing already lives: revisions, the audit trail
//! (`review_events`) and the outbox, whose rows name the submission they are about
//! (`outbox.submission_id`, set by `notify_author` and the queue notices). The audit trail's
//! `create` and `revise` events are the revisions themselves, so they appear once, as revisions.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::DomainError;
use crate::domain::lifecycle::Status;
use crate::storage::{AnyConnection, outbox, submissions, users};

/// What an entry of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A revision of the text saved by the author (`revision` is its number).
    Revision,
    /// A comment for the editors only.
    Note,
    /// A comment addressed to the author (shown on their page and emailed).
    MessageToAuthor,
    /// A change of status (`from_status` → `to_status`), with its note if it had one.
    Transition,
    /// An email about the piece (`email`).
    Email,
}

/// Where an email is: waiting in the outbox (or retrying), delivered, or given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Queued,
    Sent,
    Failed,
}

impl Delivery {
    fn of(status: &str) -> Delivery {
        match status {
            outbox::SENT => Delivery::Sent,
            outbox::DEAD => Delivery::Failed,
            _ => Delivery::Queued,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
        }
    }
}

/// An email of the timeline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEmail {
    pub subject: String,
    /// The address it went to.
    pub recipient: String,
    /// The recipient's name, when the address is a user's.
    pub recipient_name: Option<String>,
    pub state: Delivery,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed (a message still queued is retried).
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub sent_at: Option<NaiveDateTime>,
}

/// One entry: when, who, what.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub at: NaiveDateTime,
    pub kind: EntryKind,
    /// Who did it, by name: the author, an editor, or "Tribune" (the scheduler, the mail).
    pub who: String,
    pub actor_id: Option<i64>,
    /// The entry in a few words: "revision 2", "in review → rejected", "email “Received: …”".
    pub summary: String,
    /// The revision's number (revisions).
    pub revision: Option<i32>,
    /// The audit trail's action (`claim`, `reject`, `comment`...; notes and transitions).
    pub action: Option<String>,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    /// The text of a note or message, or of a transition that carried one (a reason).
    pub note: Option<String>,
    /// `internal` or `author`, when there is a note.
    pub visibility: Option<String>,
    pub email: Option<TimelineEmail>,
}

/// The name shown for what nobody in particular did.
const SYSTEM: &str = "Tribune";

/// The whole timeline of a submission, oldest first. At the same instant a revision comes before
/// the event that followed it, and an event before the emails it caused.
pub(crate) fn of(
    conn: &mut AnyConnection,
    row: &submissions::SubmissionRow,
) -> Result<Vec<TimelineEntry>, DomainError> {
    let author = users::find(conn, row.author_id)?.map(|u| u.display_name).unwrap_or_else(|| SYSTEM.to_string());
    let mut entries: Vec<((NaiveDateTime, u8, i64), TimelineEntry)> = Vec::new();
    for revision in submissions::revisions(conn, row.id)? {
        let entry = TimelineEntry {
            summary: format!("revision {}: “{}”, {} words", revision.number, revision.title, revision.word_count),
            revision: Some(revision.number),
            ..TimelineEntry::new(revision.created_at, EntryKind::Revision, author.clone(), Some(row.author_id))
        };
        entries.push(((revision.created_at, 0, revision.id), entry));
    }
    for event in submissions::events(conn, row.id, false)? {
        if matches!(event.action.as_str(), "create" | "revise") {
            continue;
        }
        let status = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<Status>().ok());
        let (from, to) = (status(&event.from_status), status(&event.to_status));
        let kind = match (to, event.visibility.as_deref()) {
            (Some(_), _) => EntryKind::Transition,
            (None, Some("author")) => EntryKind::MessageToAuthor,
            (None, _) => EntryKind::Note,
        };
        let summary = match (kind, from, to) {
            (EntryKind::Transition, Some(from), Some(to)) => {
                format!("{}: {from} → {to}", event.action.replace('_', " "))
            }
            (EntryKind::MessageToAuthor, ..) => "message to the author".to_string(),
            (EntryKind::Note, ..) => "note for the editors".to_string(),
            _ => event.action.replace('_', " "),
        };
        let who = event.actor_name.clone().unwrap_or_else(|| SYSTEM.to_string());
        let entry = TimelineEntry {
            summary,
            action: Some(event.action),
            from_status: from,
            to_status: to,
            note: event.note,
            visibility: event.visibility,
            ..TimelineEntry::new(event.created_at, kind, who, event.actor_id)
        };
        entries.push(((event.created_at, 1, event.id), entry));
    }
    for mail in outbox::about_submission(conn, row.id)? {
        let state = Delivery::of(&mail.status);
        let to = match &mail.recipient_name {
            Some(name) => format!("{name} <{}>", mail.recipient),
            None => mail.recipient.clone(),
        };
        let entry = TimelineEntry {
            summary: format!("email “{}” to {to}: {}", mail.subject, state.as_str()),
            email: Some(TimelineEmail {
                subject: mail.subject,
                recipient: mail.recipient,
                recipient_name: mail.recipient_name,
                state,
                attempts: mail.attempts,
                // A message that went out has nothing wrong with it, whatever an earlier try said.
                last_error: mail.last_error.filter(|_| state != Delivery::Sent),
                sent_at: mail.sent_at,
            }),
            ..TimelineEntry::new(mail.created_at, EntryKind::Email, SYSTEM.to_string(), None)
        };
        entries.push(((mail.created_at, 2, mail.id), entry));
    }
    entries.sort_by_key(|(key, _)| *key);
    Ok(entries.into_iter().map(|(_, entry)| entry).collect())
}

impl TimelineEntry {
    fn new(at: NaiveDateTime, kind: EntryKind, who: String, actor_id: Option<i64>) -> TimelineEntry {
        TimelineEntry {
            at,
            kind,
            who,
            actor_id,
            summary: String::new(),
            revision: None,
            action: None,
            from_status: None,
            to_status: None,
            note: None,
            visibility: None,
            email: None,
        }
    }
}
