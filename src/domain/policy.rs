//! The one place that decides who may do what. HTML and JSON routes both ask [`authorize`];
//! nothing else checks roles.

use super::DomainError;
use super::user::Role;
use crate::i18n::Message;

/// Who is asking: a signed-in user with their roles.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub roles: Vec<Role>,
    pub email_verified: bool,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Everything that needs permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List users and change their roles.
    ManageUsers,
    /// See the outbox's dead letters and queue them again.
    ManageMail,
    /// Create and change conventions, add disclaimer versions.
    ManageConventions,
    /// Start and save drafts: members, confirmed or not, so nothing typed waits on the email.
    WriteDraft,
    /// Send a draft (or a revision) to the editors: members whose address is confirmed.
    SendToEditors,
    /// See a submission, its revisions and its history: its author always; editors only once it
    /// has been submitted. `authors_own` is true for work that never reached the editors (a draft,
    /// or a draft withdrawn before it was ever submitted): nobody else learns it exists.
    ViewSubmission { author_id: i64, authors_own: bool },
    /// Change, submit or withdraw a submission: its author only.
    EditSubmission { author_id: i64 },
    /// See the review queue.
    SeeReviewQueue,
    /// Claim, comment on, decide or unpublish a submission: editors, never its author.
    Review { author_id: i64 },
    /// See the mailbag's moderation inbox, with askers' addresses: editors and experts.
    SeeMailbagInbox,
    /// Answer mailbag questions: experts.
    AnswerQuestions,
    /// Publish, reject or mark as spam questions, and moderate follow-ups: editors.
    ModerateMailbag,
    /// Approve or reject an answer added to a published thread: editors, never one of the
    /// experts named on it.
    ModerateAnswer { named_on_it: bool },
    /// Comment on a published article: signed-in users whose address is verified.
    Comment,
    /// Approve, reject or hide comments, and mark commenters trusted: editors.
    ModerateComments,
    /// Keep a convention's canned reasons for rejecting and change requests: editors and admins.
    ManageReasons,
    /// Change the site's title, the organisation's name, the footer and the calls to action.
    ManageSite,
}

/// `Ok` when `actor` may perform `action`: 401 for nobody signed in, 403 for the wrong roles.
pub fn authorize(actor: Option<&Actor>, action: Action) -> Result<(), DomainError> {
    // Unpublished work is invisible, not forbidden: whoever may not see it is told it is not there.
    if let Action::ViewSubmission { author_id, authors_own } = action {
        let sees = actor.is_some_and(|a| a.user_id == author_id || (!authors_own && a.has(Role::Editor)));
        return if sees { Ok(()) } else { Err(DomainError::NotFound) };
    }
    let actor = actor.ok_or(DomainError::Unauthenticated)?;
    let allowed = match action {
        Action::ManageUsers | Action::ManageMail | Action::ManageConventions | Action::ManageSite => {
            actor.has(Role::Admin)
        }
        Action::WriteDraft => {
            if !actor.has(Role::Member) {
                return Err(DomainError::refused(
                    "not_a_member",
                    Message::of("refused-only-members-can-submit-essays"),
                ));
            }
            true
        }
        Action::SendToEditors => {
            if !actor.has(Role::Member) {
                return Err(DomainError::refused(
                    "not_a_member",
                    Message::of("refused-only-members-can-submit-essays"),
                ));
            }
            if !actor.email_verified {
                return Err(DomainError::refused(
                    "email_unverified",
                    Message::of("refused-confirm-your-email-address-send-this"),
                ));
            }
            true
        }
        Action::ViewSubmission { .. } => false,
        Action::EditSubmission { author_id } => actor.user_id == author_id,
        Action::SeeReviewQueue | Action::ModerateMailbag | Action::ModerateComments => actor.has(Role::Editor),
        Action::Comment => {
            if !actor.email_verified {
                return Err(DomainError::refused(
                    "email_unverified",
                    Message::of("refused-confirm-your-email-address-first-open"),
                ));
            }
            true
        }
        Action::ManageReasons => actor.has(Role::Editor) || actor.has(Role::Admin),
        Action::SeeMailbagInbox => actor.has(Role::Editor) || actor.has(Role::Expert),
        Action::AnswerQuestions => actor.has(Role::Expert),
        Action::ModerateAnswer { named_on_it } => {
            if !actor.has(Role::Editor) {
                return Err(DomainError::Forbidden);
            }
            if named_on_it {
                return Err(DomainError::refused(
                    "conflict_of_interest",
                    Message::of("refused-nobody-approves-or-rejects-answer-they"),
                ));
            }
            true
        }
        Action::Review { author_id } => {
            if !actor.has(Role::Editor) {
                return Err(DomainError::Forbidden);
            }
            if actor.user_id == author_id {
                return Err(DomainError::refused(
                    "conflict_of_interest",
                    Message::of("refused-nobody-reviews-approves-or-publishes-their"),
                ));
            }
            true
        }
    };
    if allowed { Ok(()) } else { Err(DomainError::Forbidden) }
}
