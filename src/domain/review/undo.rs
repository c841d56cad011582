//! Undo where it is safe: a rejection, an unpublication or a release can be taken back by an
//! editor for `review.undo_window_hours` after it, if nothing happened to the piece since. Each
//! undo is a transition of the lifecycle (`undo_reject`, `undo_unpublish`, `undo_release`),
//! audited like any other:
//!
//! - a rejected piece goes back into review, claimed by the editor undoing it, and its author,
//!   who was emailed the rejection, is emailed that it is back in review;
//! - an unpublished article is back at its address with the same text (a digest with all its
//!   pieces), readers' caches are dropped, and each author, emailed the takedown, is told;
//! - a released piece is claimed again by the editor who released it (only they may undo it; any
//!   other editor can simply claim it). Nobody was emailed the release, so nobody is emailed.
//!
//! The last change of status of the piece must be the one undone: past the window the answer is
//! 409 `undo_window_passed`, after any other change 409 `moved_on`, after an undo 409
//! `already_undone`, and with nothing of the kind ever done 409 `nothing_to_undo`.
//!
//! Approving and publishing, withdrawing and requesting changes cannot be undone (see the README).

use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;

use super::schedule::format_time;
use super::{Acting, ReviewQueue};
use crate::domain::DomainError;
use crate::domain::lifecycle::Transition;
use crate::domain::policy::Actor;
use crate::domain::submission::{Effects, SubmissionView, notify_author, submission_view};
use crate::email::messages;
use crate::i18n::Message;
use crate::storage::{self, AnyConnection, articles, submissions};

/// An action that can be undone for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UndoAction {
    Reject,
    Unpublish,
    Release,
}

impl UndoAction {
    /// The action of an audit event, if it is one that can be undone.
    fn of(action: &str) -> Option<UndoAction> {
        match action {
            "reject" => Some(UndoAction::Reject),
            "unpublish" => Some(UndoAction::Unpublish),
            "release" => Some(UndoAction::Release),
            _ => None,
        }
    }

    fn undo(self) -> Transition {
        match self {
            UndoAction::Reject => Transition::UndoReject,
            UndoAction::Unpublish => Transition::UndoUnpublish,
            UndoAction::Release => Transition::UndoRelease,
        }
    }

    /// Its name in the audit trail and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            UndoAction::Reject => "reject",
            UndoAction::Unpublish => "unpublish",
            UndoAction::Release => "release",
        }
    }

    /// "the rejection"
    pub fn noun(self) -> &'static str {
        match self {
            UndoAction::Reject => "the rejection",
            UndoAction::Unpublish => "the unpublication",
            UndoAction::Release => "the release",
        }
    }
}

/// What the caller could undo now, for the review page's button and API clients.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UndoOffer {
    /// The audit event undone (send it back as `event_id`, so a stale page never undoes
    /// something newer).
    pub event_id: i64,
    pub action: UndoAction,
    /// Who did it.
    pub by: Option<String>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub done_at: NaiveDateTime,
    /// The last moment it can be undone.
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub until: NaiveDateTime,
}

impl UndoOffer {
    /// For the page's button: "Undo the rejection".
    pub fn label(&self) -> String {
        format!("Undo {}", self.action.noun())
    }
}

/// What an undo did.
#[derive(Debug, Clone)]
pub struct Undone {
    pub action: UndoAction,
    pub submission: SubmissionView,
}

fn moved_on(message: Message) -> DomainError {
    DomainError::conflict("moved_on", message)
}

/// The last change of status of a piece, if it can still be undone at `now`, or why not.
fn last_undoable(
    events: &[submissions::EventRow],
    window: TimeDelta,
    now: NaiveDateTime,
) -> Result<(&submissions::EventRow, UndoAction), DomainError> {
    let mut transitions = events.iter().filter(|e| e.to_status.is_some());
    let Some(last) = transitions.next_back() else {
        return Err(nothing_to_undo());
    };
    if let Some(action) = UndoAction::of(&last.action) {
        let until = last.created_at + window;
        if now >= until {
            return Err(DomainError::conflict(
                "undo_window_passed",
                Message::of("conflict-undo-window-passed")
                    .arg("action", action.as_str())
                    .arg("at", format_time(last.created_at))
                    .arg("hours", window.num_hours()),
            ));
        }
        return Ok((last, action));
    }
    if last.action.starts_with("undo_") {
        return Err(DomainError::conflict(
            "already_undone",
            Message::of("conflict-that-was-already-undone-there-nothing"),
        ));
    }
    if transitions.any(|e| UndoAction::of(&e.action).is_some()) {
        let who = last.actor_name.as_deref().unwrap_or("Tribune");
        return Err(moved_on(
            Message::of("conflict-moved-on")
                .arg("action", last.action.replace('_', " "))
                .arg("who", who)
                .arg("at", format_time(last.created_at)),
        ));
    }
    Err(nothing_to_undo())
}

fn nothing_to_undo() -> DomainError {
    DomainError::conflict("nothing_to_undo", Message::of("conflict-nothing-done-this-piece-can-undone"))
}

/// The idempotency key of a message sent each time `action` is done to piece `id`: `base` the
/// first time, `base-N` the N-th, so a decision taken again after an undo is emailed again.
/// Call it once `action` is in the audit trail.
pub(super) fn key_for(conn: &mut AnyConnection, id: i64, action: &str, base: String) -> Result<String, DomainError> {
    let nth = submissions::events(conn, id, false)?.iter().filter(|e| e.action == action).count();
    Ok(if nth <= 1 { base } else { format!("{base}-{nth}") })
}

impl Acting {
    /// The undo this editor may do now: the piece's last change, if undoable, within the window,
    /// and (for a release) their own.
    fn undoable(
        &self,
        conn: &mut AnyConnection,
        window: TimeDelta,
        event_id: Option<i64>,
    ) -> Result<(submissions::EventRow, UndoAction), DomainError> {
        let events = submissions::events(conn, self.row.id, false)?;
        let (event, action) = last_undoable(&events, window, storage::now())?;
        if event_id.is_some_and(|id| id != event.id) {
            return Err(moved_on(Message::of("conflict-changed-since-shown")));
        }
        if action == UndoAction::Release && event.actor_id != Some(self.actor.user_id) {
            return Err(DomainError::conflict(
                "released_by_another_editor",
                Message::of("conflict-only-editor-who-released-it-can"),
            ));
        }
        Ok((event.clone(), action))
    }

    /// Applies the undo, as a transition of the lifecycle; a piece that changed meanwhile is
    /// `moved_on`.
    fn undo(
        &self,
        conn: &mut AnyConnection,
        action: UndoAction,
        done_at: NaiveDateTime,
        editor: Option<Option<i64>>,
    ) -> Result<(), DomainError> {
        let note = format!("Undid {} of {}", action.noun(), format_time(done_at));
        let effects = Effects { editor, comment: Some(("internal", &note)), ..Effects::default() };
        match self.transition(conn, action.undo(), effects) {
            Err(DomainError::Conflict { code: "invalid_transition", .. }) => {
                Err(moved_on(Message::of("conflict-changed-cannot-undo")))
            }
            other => other.map(|_| ()),
        }
    }
}

impl ReviewQueue {
    /// How long after an undoable action it can be undone.
    pub fn with_undo_window(mut self, window: std::time::Duration) -> ReviewQueue {
        self.undo_window = TimeDelta::from_std(window).unwrap_or(TimeDelta::zero());
        self
    }

    /// What the caller could undo on this piece now (none if nothing, or not theirs to undo).
    pub(super) fn undo_offer(&self, conn: &mut AnyConnection, acting: &Acting) -> Option<UndoOffer> {
        let (event, action) = acting.undoable(conn, self.undo_window, None).ok()?;
        Some(UndoOffer {
            event_id: event.id,
            action,
            by: event.actor_name,
            done_at: event.created_at,
            until: event.created_at + self.undo_window,
        })
    }

    /// Undoes the piece's last change if it was a rejection, an unpublication or a release,
    /// within the window. `event_id`, when given, must be that change (see [`UndoOffer`]).
    pub async fn undo(&self, actor: Option<&Actor>, id: i64, event_id: Option<i64>) -> Result<Undone, DomainError> {
        let actor = actor.cloned();
        let window = self.undo_window;
        let public_url = self.public_url.clone();
        self.db
            .write(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                let (event, action) = acting.undoable(conn, window, event_id)?;
                let see = |id: i64| messages::link(&public_url, &format!("/submissions/{id}"), &[]);
                match action {
                    UndoAction::Release => {
                        acting.undo(conn, action, event.created_at, Some(Some(acting.actor.user_id)))?
                    }
                    UndoAction::Reject => {
                        acting.undo(conn, action, event.created_at, Some(Some(acting.actor.user_id)))?;
                        let title = &acting.row.title;
                        let key = key_for(conn, id, "undo_reject", format!("undo-reject-{id}"))?;
                        notify_author(conn, &acting.row, key, |lang| messages::Said {
                            subject: lang.t1("mail-back-in-review-subject", "title", title),
                            paragraphs: vec![
                                lang.t1("mail-back-in-review", "title", title),
                                lang.t("mail-back-in-review-next"),
                            ],
                            link: Some((lang.t("mail-see-your-submission"), see(id))),
                        })?;
                    }
                    UndoAction::Unpublish => {
                        let article = articles::containing_submission(conn, id)?
                            .filter(|a| a.status == articles::UNPUBLISHED)
                            .ok_or_else(|| moved_on(Message::of("conflict-no-longer-unpublished")))?;
                        // A digest was taken down with all its pieces; it comes back with all of them.
                        let ids: Vec<i64> = match article.submission_id {
                            Some(own) => vec![own],
                            None => articles::parts_of(conn, article.id)?.into_iter().map(|(part, _)| part).collect(),
                        };
                        for part_id in ids {
                            let part =
                                if part_id == id { None } else { Some(Acting::load(conn, actor.as_ref(), part_id)?) };
                            let part = part.as_ref().unwrap_or(&acting);
                            if part_id != id && part.undoable(conn, window, None)?.1 != UndoAction::Unpublish {
                                return Err(moved_on(Message::of("conflict-digest-piece-moved-on")));
                            }
                            part.undo(conn, action, event.created_at, None)?;
                            let title = &part.row.title;
                            let key = key_for(conn, part_id, "undo_unpublish", format!("undo-unpublish-{part_id}"))?;
                            notify_author(conn, &part.row, key, |lang| messages::Said {
                                subject: lang.t1("mail-back-online-subject", "title", title),
                                paragraphs: vec![
                                    lang.t1("mail-back-online", "title", title),
                                    lang.t("mail-back-online-next"),
                                ],
                                link: Some((lang.t("mail-see-your-submission"), see(part_id))),
                            })?;
                        }
                        if !articles::republish(conn, article.id)? {
                            return Err(moved_on(Message::of("conflict-no-longer-unpublished")));
                        }
                    }
                }
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                Ok(Undone { action, submission: submission_view(conn, row)? })
            })
            .await
    }
}
