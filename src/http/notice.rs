//! One-time notices ("flash messages"): after a form post succeeds, the redirect sets a short-lived
//! cookie naming what was done; the next page shows the sentence once, announced to screen
//! readers, and clears the cookie.
//!
//! The cookie carries only a [`Notice`]'s code, never text: a forged or stale cookie can show
//! nothing but one of these sentences, so it needs no signature, and the words stay at the edge
//! where a message catalogue can translate them.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};

pub const NOTICE_COOKIE: &str = "tribune_notice";

/// Everything a page can say once after an action. Its cookie holds the kebab-case name
/// (`DraftSaved` is `draft-saved`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notice {
    SignedIn,
    SignedOut,
    DraftSaved,
    RevisionSaved,
    SentToEditors,
    Withdrawn,
    Claimed,
    Released,
    ChangesRequested,
    Approved,
    Scheduled,
    Rescheduled,
    ScheduleCancelled,
    Held,
    Rejected,
    Unpublished,
    Reassigned,
    CommentAdded,
    CommentSent,
    CommentPublished,
    DigestPublished,
    PriorityChanged,
    RolesSaved,
    MailQueuedAgain,
    SuppressionCleared,
    ConventionSaved,
    DisclaimerAdded,
    TopicSaved,
    CommentApproved,
    CommentRejected,
    CommentHidden,
    FollowupSent,
    FollowupApproved,
    FollowupRejected,
    AnswerApproved,
    AnswerRejected,
    CosignatureConfirmed,
    CosignatureDeclined,
    ReasonAdded,
    ReasonSaved,
    ReasonDeleted,
    RejectionUndone,
    UnpublicationUndone,
    ReleaseUndone,
    EditorSettingsSaved,
    EditorSettingsChanged,
    MailTestSent,
    MailTestFailed,
    MailTestSending,
    SiteSetUp,
    SiteSetUpWithConvention,
    SiteSaved,
}

impl Notice {
    /// What it says, as a key of the catalogue (see [`crate::i18n`]).
    pub fn key(self) -> &'static str {
        match self {
            Notice::SignedIn => "notice-signed-in",
            Notice::SignedOut => "notice-signed-out",
            Notice::DraftSaved => "notice-draft-saved",
            Notice::RevisionSaved => "notice-revision-saved",
            Notice::SentToEditors => "notice-sent-to-editors",
            Notice::Withdrawn => "notice-withdrawn",
            Notice::Claimed => "notice-claimed",
            Notice::Released => "notice-released",
            Notice::ChangesRequested => "notice-changes-requested",
            Notice::Approved => "notice-approved",
            Notice::Scheduled => "notice-scheduled",
            Notice::Rescheduled => "notice-rescheduled",
            Notice::ScheduleCancelled => "notice-schedule-cancelled",
            Notice::Held => "notice-held",
            Notice::Rejected => "notice-rejected",
            Notice::Unpublished => "notice-unpublished",
            Notice::Reassigned => "notice-reassigned",
            Notice::CommentAdded => "notice-comment-added",
            Notice::CommentSent => "notice-comment-sent",
            Notice::CommentPublished => "notice-comment-published",
            Notice::DigestPublished => "notice-digest-published",
            Notice::PriorityChanged => "notice-priority-changed",
            Notice::RolesSaved => "notice-roles-saved",
            Notice::MailQueuedAgain => "notice-mail-queued-again",
            Notice::SuppressionCleared => "notice-suppression-cleared",
            Notice::ConventionSaved => "notice-convention-saved",
            Notice::DisclaimerAdded => "notice-disclaimer-added",
            Notice::TopicSaved => "notice-topic-saved",
            Notice::CommentApproved => "notice-comment-approved",
            Notice::CommentRejected => "notice-comment-rejected",
            Notice::CommentHidden => "notice-comment-hidden",
            Notice::FollowupSent => "notice-followup-sent",
            Notice::FollowupApproved => "notice-followup-approved",
            Notice::FollowupRejected => "notice-followup-rejected",
            Notice::AnswerApproved => "notice-answer-approved",
            Notice::AnswerRejected => "notice-answer-rejected",
            Notice::CosignatureConfirmed => "notice-cosignature-confirmed",
            Notice::CosignatureDeclined => "notice-cosignature-declined",
            Notice::ReasonAdded => "notice-reason-added",
            Notice::ReasonSaved => "notice-reason-saved",
            Notice::ReasonDeleted => "notice-reason-deleted",
            Notice::RejectionUndone => "notice-rejection-undone",
            Notice::UnpublicationUndone => "notice-unpublication-undone",
            Notice::ReleaseUndone => "notice-release-undone",
            Notice::EditorSettingsSaved => "notice-editor-settings-saved",
            Notice::EditorSettingsChanged => "notice-editor-settings-changed",
            Notice::MailTestSent => "notice-mail-test-sent",
            Notice::MailTestFailed => "notice-mail-test-failed",
            Notice::MailTestSending => "notice-mail-test-sending",
            Notice::SiteSetUp => "notice-site-set-up",
            Notice::SiteSetUpWithConvention => "notice-site-set-up-with-convention",
            Notice::SiteSaved => "notice-site-saved",
        }
    }

    fn code(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    fn parse(code: &str) -> Option<Notice> {
        serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
    }
}

impl Notice {
    /// The cookie a redirect sets so the next page says this once.
    pub fn cookie(self, secure: bool) -> Cookie<'static> {
        Cookie::build(NOTICE_COOKIE, self.code())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::minutes(5))
            .finish()
    }

    /// The notice a request carries, if any (an unknown code is ignored).
    pub fn from_request(req: &HttpRequest) -> Option<Notice> {
        req.cookie(NOTICE_COOKIE).and_then(|c| Notice::parse(c.value()))
    }

    /// The cookie that clears a shown notice.
    pub fn cleared(secure: bool) -> Cookie<'static> {
        let mut cookie = Notice::SignedOut.cookie(secure);
        cookie.make_removal();
        cookie
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_notice() {
        for notice in [Notice::SignedIn, Notice::DraftSaved, Notice::Rejected, Notice::FollowupSent] {
            assert_eq!(Notice::parse(&notice.code()), Some(notice));
        }
        assert_eq!(Notice::DraftSaved.code(), "draft-saved");
        assert_eq!(Notice::parse("<script>"), None);
    }
}
