//! A scheduled publication after approval: an editor moves it to another time, or cancels it,
//! which takes the piece off the schedule and back into review, claimed by that editor (from
//! there it can be approved again, now or at a time, sent back for changes, or rejected). Both
//! are audited transitions of the lifecycle; both compare the publication time they read, so the
//! scheduler publishing the piece at the same moment wins or loses whole.

use chrono::NaiveDateTime;

use crate::storage::{self, conventions};

use super::{Acting, ReviewQueue};
use crate::domain::DomainError;
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::policy::Actor;
use crate::domain::submission::{Effects, SubmissionView, parse_publish_at};
use crate::i18n::Message;

/// How the audit trail writes a publication time.
pub(super) fn format_time(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl Acting {
    /// The time the piece is scheduled for, or 409 `not_scheduled`.
    fn scheduled_for(&self) -> Result<NaiveDateTime, DomainError> {
        match (self.status, self.row.publish_at) {
            (Status::Approved, Some(at)) => Ok(at),
            (Status::Approved, None) => {
                Err(DomainError::conflict("not_scheduled", Message::of("conflict-this-piece-held-for-digest-not")))
            }
            (status, _) => Err(DomainError::conflict(
                "not_scheduled",
                Message::of("conflict-not-scheduled").arg("status", status.label()).arg("code", status.as_str()),
            )),
        }
    }
}

impl ReviewQueue {
    /// Moves a scheduled publication to `publish_at`, which must be in the future.
    pub async fn reschedule(
        &self,
        actor: Option<&Actor>,
        id: i64,
        publish_at: Option<&str>,
    ) -> Result<SubmissionView, DomainError> {
        let publish_at = publish_at.map(str::to_string);
        self.act(actor, id, move |conn, acting, _| {
            let was = acting.scheduled_for()?;
            let at = parse_publish_at(publish_at.as_deref())?
                .ok_or_else(|| DomainError::invalid("publish_at", Message::of("invalid-must-not-empty")))?;
            if at <= storage::now() {
                return Err(DomainError::invalid("publish_at", Message::of("invalid-must-in-future")));
            }
            if conventions::disclaimer_for(conn, acting.row.convention_id, &acting.row.language)?.is_none() {
                return Err(DomainError::conflict(
                    "no_disclaimer",
                    Message::of("conflict-this-convention-has-no-disclaimer-yet"),
                ));
            }
            let note = format!("Rescheduled from {} to {}", format_time(was), format_time(at));
            let effects =
                Effects { publish_at: Some(Some(at)), comment: Some(("internal", &note)), ..Effects::default() };
            acting.transition(conn, Transition::Reschedule, effects)?;
            Ok(())
        })
        .await
    }

    /// Cancels a scheduled publication: the piece goes back into review, claimed by this editor.
    pub async fn cancel_schedule(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, move |conn, acting, _| {
            let was = acting.scheduled_for()?;
            let note = format!("Taken off the schedule (was {})", format_time(was));
            let effects = Effects {
                publish_at: Some(None),
                editor: Some(Some(acting.actor.user_id)),
                comment: Some(("internal", &note)),
                ..Effects::default()
            };
            acting.transition(conn, Transition::CancelSchedule, effects)?;
            Ok(())
        })
        .await
    }
}
