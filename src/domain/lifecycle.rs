//! The submission lifecycle as one explicit state machine. Every change of status in Tribune goes
//! through [`Status::after`]; anything it refuses is 409 `invalid_transition`.
//!
//! ```text
//! draft --submit--> submitted --claim--> in_review --approve--> approved --publish--> published
//!                       ^  \                 |  \--reject--> rejected
//!                       |   \--withdraw      |  \--release--> submitted
//!                       |                    \--request_changes--> changes_requested --resubmit--^
//! draft/submitted/changes_requested --withdraw--> withdrawn     published --unpublish--> unpublished
//! approved --reschedule--> approved (a new time)          approved --cancel_schedule--> in_review
//! in_review --reassign--> in_review (another editor holds the claim)
//! rejected --undo_reject--> in_review        unpublished --undo_unpublish--> published
//! submitted --undo_release--> in_review      (the undos: within `review.undo_window_hours`)
//! ```
//!
//! `reschedule` and `cancel_schedule` apply to an approved piece with a publication time (see
//! `review::schedule`): the first moves the time, the second takes the piece off the schedule and
//! back into review, claimed by the editor who did it.
//!
//! The `undo_*` transitions take back a rejection, an unpublication or a release shortly after it,
//! if nothing happened to the piece since (see `review::undo`): a rejected piece goes back into
//! review claimed by the editor undoing it, an unpublished article is back at its address as it
//! was, a released piece is claimed again by the editor who released it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::DomainError;
use crate::i18n::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    InReview,
    ChangesRequested,
    Approved,
    Published,
    Rejected,
    Withdrawn,
    Unpublished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Claim,
    Release,
    RequestChanges,
    Approve,
    Reject,
    Publish,
    Withdraw,
    Unpublish,
    Reschedule,
    CancelSchedule,
    /// Hands a claimed piece to another editor.
    Reassign,
    UndoReject,
    UndoUnpublish,
    UndoRelease,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::ChangesRequested,
        Status::Approved,
        Status::Published,
        Status::Rejected,
        Status::Withdrawn,
        Status::Unpublished,
    ];

    /// The status after `transition`, or 409 `invalid_transition` (and nothing changes).
    pub fn after(self, transition: Transition) -> Result<Status, DomainError> {
        use Status::*;
        use Transition as T;
        let next = match (self, transition) {
            (Draft | ChangesRequested, T::Submit) => Submitted,
            (Submitted, T::Claim) => InReview,
            (InReview, T::Release) => Submitted,
            (InReview, T::RequestChanges) => ChangesRequested,
            (InReview, T::Approve) => Approved,
            (InReview, T::Reject) => Rejected,
            (Approved, T::Publish) => Published,
            (Draft | Submitted | ChangesRequested, T::Withdraw) => Withdrawn,
            (Published, T::Unpublish) => Unpublished,
            (Approved, T::Reschedule) => Approved,
            (Approved, T::CancelSchedule) => InReview,
            (InReview, T::Reassign) => InReview,
            (Rejected, T::UndoReject) => InReview,
            (Unpublished, T::UndoUnpublish) => Published,
            (Submitted, T::UndoRelease) => InReview,
            (from, transition) => {
                return Err(DomainError::conflict(
                    "invalid_transition",
                    Message::of("conflict-submission-cannot-be")
                        .arg("status", from.label())
                        .arg("done", transition.past_participle())
                        .arg("code", from.as_str())
                        .arg("action", transition.as_str()),
                ));
            }
        };
        Ok(next)
    }

    /// Whether `transition` may start from this status.
    pub fn allows(self, transition: Transition) -> bool {
        self.after(transition).is_ok()
    }

    /// Whether the author may still change the text.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::ChangesRequested)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::ChangesRequested => "changes_requested",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Unpublished => "unpublished",
        }
    }

    /// For people: "in review", "changes requested".
    pub fn label(self) -> String {
        self.as_str().replace('_', " ")
    }
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Claim => "claim",
            Transition::Release => "release",
            Transition::RequestChanges => "request_changes",
            Transition::Approve => "approve",
            Transition::Reject => "reject",
            Transition::Publish => "publish",
            Transition::Withdraw => "withdraw",
            Transition::Unpublish => "unpublish",
            Transition::Reschedule => "reschedule",
            Transition::CancelSchedule => "cancel_schedule",
            Transition::Reassign => "reassign",
            Transition::UndoReject => "undo_reject",
            Transition::UndoUnpublish => "undo_unpublish",
            Transition::UndoRelease => "undo_release",
        }
    }

    fn past_participle(self) -> &'static str {
        match self {
            Transition::Submit => "submitted",
            Transition::Claim => "claimed",
            Transition::Release => "released",
            Transition::RequestChanges => "sent back for changes",
            Transition::Approve => "approved",
            Transition::Reject => "rejected",
            Transition::Publish => "published",
            Transition::Withdraw => "withdrawn",
            Transition::Unpublish => "unpublished",
            Transition::Reschedule => "rescheduled",
            Transition::CancelSchedule => "taken off the schedule",
            Transition::Reassign => "reassigned",
            Transition::UndoReject => "taken back into review",
            Transition::UndoUnpublish => "put back online",
            Transition::UndoRelease => "claimed back",
        }
    }
}

impl Status {
    /// Its name as people read it, in `lang`: "in review", "en revisión".
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        lang.t(match self {
            Status::Draft => "status-draft",
            Status::Submitted => "status-submitted",
            Status::InReview => "status-in-review",
            Status::ChangesRequested => "status-changes-requested",
            Status::Approved => "status-approved",
            Status::Published => "status-published",
            Status::Rejected => "status-rejected",
            Status::Withdrawn => "status-withdrawn",
            Status::Unpublished => "status-unpublished",
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Status {
    type Err = Message;

    fn from_str(text: &str) -> Result<Status, Message> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Message::of("invalid-not-a-status").arg("status", text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_reaches_published() {
        let mut status = Status::Draft;
        for t in [Transition::Submit, Transition::Claim, Transition::Approve, Transition::Publish] {
            status = status.after(t).unwrap();
        }
        assert_eq!(status, Status::Published);
    }

    #[test]
    fn changes_requested_goes_back_to_the_queue_on_resubmit() {
        let status = Status::InReview.after(Transition::RequestChanges).unwrap();
        assert!(status.is_editable());
        assert_eq!(status.after(Transition::Submit).unwrap(), Status::Submitted);
    }

    #[test]
    fn final_states_refuse_everything_but_unpublish() {
        for transition in [Transition::Submit, Transition::Claim, Transition::Approve, Transition::Withdraw] {
            for status in [Status::Rejected, Status::Withdrawn, Status::Unpublished, Status::Published] {
                assert!(status.after(transition).is_err(), "{status} {transition:?}");
            }
        }
        assert_eq!(Status::Published.after(Transition::Unpublish).unwrap(), Status::Unpublished);
    }

    #[test]
    fn only_an_approved_piece_is_rescheduled_or_taken_off_the_schedule() {
        assert_eq!(Status::Approved.after(Transition::Reschedule).unwrap(), Status::Approved);
        assert_eq!(Status::Approved.after(Transition::CancelSchedule).unwrap(), Status::InReview);
        for status in Status::ALL.into_iter().filter(|s| *s != Status::Approved) {
            assert!(!status.allows(Transition::Reschedule), "{status}");
            assert!(!status.allows(Transition::CancelSchedule), "{status}");
        }
    }

    #[test]
    fn each_undo_reverses_exactly_its_action() {
        for (action, undo) in [
            (Transition::Reject, Transition::UndoReject),
            (Transition::Unpublish, Transition::UndoUnpublish),
            (Transition::Release, Transition::UndoRelease),
        ] {
            let before = Status::ALL.into_iter().find(|s| s.allows(action)).unwrap();
            let after = before.after(action).unwrap();
            assert_eq!(after.after(undo).unwrap(), before, "{undo:?}");
            for status in Status::ALL.into_iter().filter(|s| *s != after) {
                assert!(!status.allows(undo), "{status} {undo:?}");
            }
        }
    }

    #[test]
    fn every_status_round_trips_through_text() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>().unwrap(), status);
        }
    }
}
