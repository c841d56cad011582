//! Review: editors work the queue, claim a submission (exactly one of two racing editors wins),
//! comment, request changes, approve (now or at a time), reschedule or cancel a scheduled
//! publication, reject, and unpublish. [`ReviewQueue`] is the service the editors' routes call;
//! [`publish_due`] is the scheduler's pass.
//!
//! By concern: this file holds the queue and the reversible steps of review; [`publication`]
//! approving and publishing (digests and the scheduler too); [`schedule`] moving or cancelling a
//! publication time; [`irreversible`] rejecting and unpublishing; [`undo`] taking back a
//! rejection, an unpublication or a release for a while after it; [`timeline`] everything that
//! happened to a piece, in order; [`diff`] the revisions' diff.

mod desk;
mod diff;
mod irreversible;
mod publication;
mod schedule;
mod timeline;
mod undo;

use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::email::messages;
use crate::email::verp::ReplyAddresses;
use crate::storage::{self, AnyConnection, Database, site, submissions};

use super::discussion::{AuthorKind, DiscussionRules, QueuePriority};
use super::lifecycle::{Status, Transition};
use super::policy::{Action, Actor, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::submission::{
    Effects, EventView, RevisionView, SubmissionView, apply, author_notice, notify_author, record, status_of,
    submission_view, visible_submission,
};
use super::user::Role;
use super::{DomainError, FieldErrors, decode_cursor};
use crate::i18n::Message;

pub use desk::{
    AssigneeChoice, BulkAction, BulkDone, BulkRefused, BulkReport, Desk, FacetCount, Headline, QueueCounts,
    QueueFilter, QueueQuery, sort_name,
};
pub use diff::{DiffSpan, word_diff};
pub use irreversible::Takedown;
pub use publication::{DuePass, Publication, publish_due};
pub use timeline::{Delivery, EntryKind, TimelineEmail, TimelineEntry};
pub use undo::{UndoAction, UndoOffer, Undone};

/// A line of the review queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    pub id: i64,
    /// From the queue's priority rule: higher comes first.
    pub priority: i32,
    pub title: String,
    pub status: Status,
    pub author_name: String,
    pub author_kind: AuthorKind,
    /// The topic's title, if the piece has one.
    pub topic: Option<String>,
    pub language: String,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub submitted_at: Option<NaiveDateTime>,
    /// The last thing that happened to it (a revision, a note, a decision).
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub last_activity_at: NaiveDateTime,
    pub assigned_editor_id: Option<i64>,
    /// Who holds the claim.
    pub assigned_editor_name: Option<String>,
    pub revisions: i32,
    /// When an approved piece will be published; null for one held for a digest (and for
    /// anything not approved).
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub scheduled_for: Option<NaiveDateTime>,
}

/// The queue's cursor: `<priority>_<microseconds>_<id>`.
fn decode_queue_cursor(cursor: Option<&str>) -> Result<Option<(i32, NaiveDateTime, i64)>, DomainError> {
    let Some(text) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let (priority, rest) = text
        .split_once('_')
        .ok_or_else(|| DomainError::invalid("cursor", Message::of("invalid-is-not-cursor-this-list-gave")))?;
    let priority: i32 = priority
        .parse()
        .map_err(|_| DomainError::invalid("cursor", Message::of("invalid-is-not-cursor-this-list-gave")))?;
    Ok(decode_cursor(Some(rest))?.map(|(at, id)| (priority, at, id)))
}

/// What an editor sees of one submission.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewDetail {
    pub submission: SubmissionView,
    pub revisions: Vec<RevisionView>,
    pub events: Vec<EventView>,
    /// Revisions, notes, messages to the author, transitions and emails about the piece, in order.
    pub timeline: Vec<TimelineEntry>,
    /// What the caller can undo now (see `POST /api/v1/review/{id}/undo`); null if nothing.
    pub undo: Option<UndoOffer>,
}

/// Who acts, on which row: the checks every editorial action shares.
struct Acting {
    actor: Actor,
    row: submissions::SubmissionRow,
    status: Status,
}

impl Acting {
    fn load(conn: &mut AnyConnection, actor: Option<&Actor>, id: i64) -> Result<Acting, DomainError> {
        let row = visible_submission(conn, actor, id)?;
        let actor = actor.cloned().ok_or(DomainError::Unauthenticated)?;
        authorize(Some(&actor), Action::Review { author_id: row.author_id })?;
        let status = status_of(&row)?;
        Ok(Acting { actor, row, status })
    }

    /// Decisions belong to the editor who claimed the piece.
    fn require_claim(&self) -> Result<(), DomainError> {
        match self.row.assigned_editor_id {
            Some(editor) if editor != self.actor.user_id && self.status == Status::InReview => {
                Err(DomainError::conflict(
                    "claimed_by_another_editor",
                    Message::of("conflict-another-editor-has-claimed-this-submission"),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Applies `transition` as this editor (see [`apply`]).
    fn transition(
        &self,
        conn: &mut AnyConnection,
        transition: Transition,
        effects: Effects<'_>,
    ) -> Result<Status, DomainError> {
        apply(conn, &self.row, Some(self.actor.user_id), transition, effects)
    }
}

fn required_text(field: &str, text: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::invalid(field, Message::of("invalid-must-not-empty")));
    }
    if text.chars().count() > 10_000 {
        return Err(DomainError::invalid(field, Message::of("invalid-must-at-most-10000-characters")));
    }
    Ok(text.to_string())
}

#[derive(Clone)]
pub struct ReviewQueue {
    db: Database,
    public_url: url::Url,
    digest_max_words: i32,
    default_priority: QueuePriority,
    /// The discussion's languages, which the desk filters by.
    languages: Vec<String>,
    /// How long a rejection, an unpublication or a release can be undone ([`undo`]).
    undo_window: chrono::TimeDelta,
    /// When mail is read: each piece's reply address, the Reply-To of a request for changes.
    replies: Option<ReplyAddresses>,
    /// What the desk's counts are made from, by criteria ([`desk::CountedQueue`]).
    counts: ReadCache<desk::CountedQueue>,
    /// What the editors' pages are made of, kept on the read cache's rules like what readers see:
    /// every decision goes through this process's [`Database::write`], so it shows at once.
    desk: DeskCaches,
}

/// The editors' reads that are the same from one request to the next (see [`ReviewQueue`]).
#[derive(Clone)]
struct DeskCaches {
    /// A page of the desk, by editor and filters (an editor's own topics and claims shape it).
    pages: ReadCache<desk::Desk>,
    /// A piece as one editor sees it, by editor and piece (the undo offer is the editor's own),
    /// with what became of each email about it; never served past the time-to-live, as it was
    /// let through by the editor's role then.
    details: ReadCache<ReviewDetail>,
    /// Every editor, by name.
    editors: ReadCache<Vec<(i64, String)>>,
    /// The priority rule in force.
    rule: ReadCache<QueuePriority>,
}

impl ReviewQueue {
    pub fn new(db: Database, public_url: url::Url, rules: &DiscussionRules, cache: CacheSettings) -> ReviewQueue {
        ReviewQueue {
            counts: ReadCache::new(db.clone(), cache),
            desk: DeskCaches {
                pages: ReadCache::new(db.clone(), cache.per_person()),
                details: ReadCache::new(db.clone(), cache.per_person()).showing_mail().fresh_only(),
                editors: ReadCache::new(db.clone(), cache),
                rule: ReadCache::new(db.clone(), cache),
            },
            db,
            public_url,
            digest_max_words: rules.digest_max_words,
            default_priority: rules.default_priority,
            languages: rules.languages.clone(),
            undo_window: chrono::TimeDelta::hours(24),
            replies: None,
        }
    }

    /// Requests for changes invite the author to answer by email, at these addresses.
    pub fn with_replies(mut self, replies: Option<ReplyAddresses>) -> ReviewQueue {
        self.replies = replies;
        self
    }

    /// The queue's priority rule in force.
    pub async fn priority_rule(&self, actor: Option<&Actor>) -> Result<QueuePriority, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let default = self.default_priority;
        Ok(*self.desk.rule.get_or_load("rule", move |conn| QueuePriority::current(conn, default)).await?)
    }

    /// Changes the queue's priority rule and re-ranks everything waiting in the queue.
    pub async fn set_priority_rule(
        &self,
        actor: Option<&Actor>,
        rule: QueuePriority,
    ) -> Result<QueuePriority, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let mut errors = FieldErrors::default();
        for (field, value) in [("member", rule.member), ("body", rule.body), ("non_member", rule.non_member)] {
            if !(-100..=100).contains(&value) {
                errors.add(field, Message::of("invalid-must-between-100-and-100"));
            }
        }
        errors.into_result()?;
        self.db
            .write(move |conn| {
                site::set_setting(conn, QueuePriority::SETTING, &rule.encode(), storage::now())?;
                for (id, kind) in submissions::queued_author_kinds(conn)? {
                    let kind = AuthorKind::parse(&kind).map_err(|m| DomainError::Internal(m.to_string()))?;
                    submissions::set_priority(conn, id, rule.of(kind))?;
                }
                Ok(rule)
            })
            .await
    }

    /// The piece as the editor sees it: the kept value itself, shared, as a page is made from it
    /// on every visit.
    pub async fn detail(&self, actor: Option<&Actor>, id: i64) -> Result<Arc<ReviewDetail>, DomainError> {
        let queue = self.clone();
        let Some(actor) = actor.cloned().filter(|a| a.has(Role::Editor)) else {
            // Not an editor: refused as the piece's visibility says (a piece they may not see is
            // not there for them), with nothing kept.
            let actor = actor.cloned();
            return Ok(Arc::new(self.db.read(move |conn| queue.read_detail(conn, actor.as_ref(), id)).await?));
        };
        let key = format!("{}|{id}", actor.user_id);
        self.desk.details.get_or_load(&key, move |conn| queue.read_detail(conn, Some(&actor), id)).await
    }

    fn read_detail(
        &self,
        conn: &mut AnyConnection,
        actor: Option<&Actor>,
        id: i64,
    ) -> Result<ReviewDetail, DomainError> {
        let acting = Acting::load(conn, actor, id)?;
        let revisions = submissions::revisions(conn, id)?.into_iter().map(RevisionView::from).collect();
        let events = submissions::events(conn, id, false)?.into_iter().map(EventView::from).collect();
        let timeline = timeline::of(conn, &acting.row)?;
        let undo = self.undo_offer(conn, &acting);
        Ok(ReviewDetail { submission: submission_view(conn, acting.row)?, revisions, events, timeline, undo })
    }

    /// The piece's timeline (see [`timeline`]); editors only.
    pub async fn timeline(&self, actor: Option<&Actor>, id: i64) -> Result<Vec<TimelineEntry>, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                timeline::of(conn, &acting.row)
            })
            .await
    }

    pub async fn events(&self, actor: Option<&Actor>, id: i64) -> Result<Vec<EventView>, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                Acting::load(conn, actor.as_ref(), id)?;
                Ok(submissions::events(conn, id, false)?.into_iter().map(EventView::from).collect())
            })
            .await
    }

    /// Takes the submission for review. Of two editors claiming at once exactly one wins; the
    /// other gets 409 `already_claimed`.
    pub async fn claim(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, |conn, acting, _| {
            if acting.status == Status::InReview {
                return Err(DomainError::conflict(
                    "already_claimed",
                    Message::of("conflict-another-editor-has-already-claimed-this"),
                ));
            }
            acting
                .transition(
                    conn,
                    Transition::Claim,
                    Effects { editor: Some(Some(acting.actor.user_id)), ..Effects::default() },
                )
                .map_err(|e| {
                    match e {
                        // Lost the race between reading and claiming.
                        DomainError::Conflict { code: "invalid_transition", .. }
                            if acting.status == Status::Submitted =>
                        {
                            DomainError::conflict(
                                "already_claimed",
                                Message::of("conflict-another-editor-has-already-claimed-this"),
                            )
                        }
                        other => other,
                    }
                })?;
            Ok(())
        })
        .await
    }

    /// Puts a claimed submission back in the queue.
    pub async fn release(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, |conn, acting, _| {
            acting.require_claim()?;
            acting.transition(conn, Transition::Release, Effects { editor: Some(None), ..Effects::default() })?;
            Ok(())
        })
        .await
    }

    /// A comment for the editors (`internal`) or for the author (`author`, also emailed).
    pub async fn comment(
        &self,
        actor: Option<&Actor>,
        id: i64,
        body: &str,
        visibility: &str,
    ) -> Result<SubmissionView, DomainError> {
        // Checked inside the action, after visibility and permission: a caller who may not see the
        // submission learns nothing from a validation error.
        let (body, visibility) = (body.to_string(), visibility.trim().to_string());
        self.act(actor, id, move |conn, acting, public_url| {
            let body = required_text("body", &body)?;
            let visibility = match visibility.as_str() {
                "internal" | "" => "internal",
                "author" => "author",
                _ => return Err(DomainError::invalid("visibility", Message::of("invalid-must-internal-or-author"))),
            };
            record(conn, id, Some(acting.actor.user_id), "comment", None, Some((visibility, &body)))?;
            if visibility == "author" {
                let title = &acting.row.title;
                notify_author(conn, &acting.row, format!("comment-{id}-{}", rand::random::<u64>()), |lang| {
                    messages::Said {
                        subject: lang.t1("mail-editors-note-subject", "title", title),
                        paragraphs: vec![lang.t1("mail-editors-note", "title", title), body.clone()],
                        link: Some((
                            lang.t("mail-see-your-submission"),
                            messages::link(public_url, &format!("/submissions/{id}"), &[]),
                        )),
                    }
                })?;
            }
            Ok(())
        })
        .await
    }

    /// Sends the submission back to its author with what to change.
    pub async fn request_changes(
        &self,
        actor: Option<&Actor>,
        id: i64,
        message: &str,
    ) -> Result<SubmissionView, DomainError> {
        let message = message.to_string();
        let replies = self.replies.clone();
        self.act(actor, id, move |conn, acting, public_url| {
            let message = required_text("message", &message)?;
            acting.require_claim()?;
            let effects = Effects { editor: Some(None), comment: Some(("author", &message)), ..Effects::default() };
            acting.transition(conn, Transition::RequestChanges, effects)?;
            let title = &acting.row.title;
            let by_mail = replies.is_some();
            let key = format!("changes-{id}-{}", acting.row.current_revision);
            let mut notice = author_notice(conn, &acting.row, key, |lang| {
                let mut paragraphs =
                    vec![lang.t1("mail-changes", "title", title), message.clone(), lang.t("mail-changes-next")];
                if by_mail {
                    paragraphs.push(lang.t("mail-changes-by-mail"));
                }
                messages::Said {
                    subject: lang.t1("mail-changes-subject", "title", title),
                    paragraphs,
                    link: Some((
                        lang.t("mail-edit-your-submission"),
                        messages::link(public_url, &format!("/submissions/{id}"), &[]),
                    )),
                }
            })?;
            if let Some(replies) = &replies {
                notice.headers.push(("Reply-To".into(), replies.address(id)));
            }
            crate::email::enqueue_about(conn, &notice, id)?;
            Ok(())
        })
        .await
    }

    /// Runs one editorial action in a write transaction and answers with the submission after it.
    /// Any of them may change what readers see (approving publishes at once), so each counts as
    /// such a change; they happen at the pace of people, so the read caches barely notice.
    async fn act<F>(&self, actor: Option<&Actor>, id: i64, action: F) -> Result<SubmissionView, DomainError>
    where
        F: FnOnce(&mut AnyConnection, &Acting, &url::Url) -> Result<(), DomainError> + Send + 'static,
    {
        let actor = actor.cloned();
        let public_url = self.public_url.clone();
        self.db
            .write(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                action(conn, &acting, &public_url)?;
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }
}
