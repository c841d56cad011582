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
    pub fn text(self) -> &'static str {
        match self {
            Notice::SignedIn => "You are signed in.",
            Notice::SignedOut => "You are signed out.",
            Notice::DraftSaved => "Draft saved. It has not been sent to the editors yet.",
            Notice::RevisionSaved => "Revision saved. It has not been sent to the editors yet.",
            Notice::SentToEditors => "Sent to the editors. We will email you when they decide.",
            Notice::Withdrawn => "Withdrawn. The editors will not see it again.",
            Notice::Claimed => "Claimed: it is yours to review.",
            Notice::Released => "Released to the queue for another editor.",
            Notice::ChangesRequested => "Changes requested: the author has been emailed.",
            Notice::Approved => "Approved and published.",
            Notice::Scheduled => "Approved, and scheduled for publication.",
            Notice::Rescheduled => "The publication time is changed.",
            Notice::ScheduleCancelled => "The scheduled publication is cancelled.",
            Notice::Held => "Approved, and held for a digest.",
            Notice::Rejected => "Rejected: the author has been emailed the reason.",
            Notice::Unpublished => "Unpublished: the author has been emailed the reason.",
            Notice::Reassigned => "Reassigned: the editor who has it now has been emailed.",
            Notice::CommentAdded => "Your comment is added.",
            Notice::CommentSent => "Thank you: your comment will appear once an editor has approved it.",
            Notice::CommentPublished => "Your comment is published.",
            Notice::DigestPublished => "The digest is published.",
            Notice::PriorityChanged => "The queue's priority rule is changed.",
            Notice::RolesSaved => "The roles are saved.",
            Notice::MailQueuedAgain => "The message is queued to be sent again.",
            Notice::SuppressionCleared => "Mail goes to that address again.",
            Notice::ConventionSaved => "The convention is saved.",
            Notice::DisclaimerAdded => "The new disclaimer is added; pieces published from now on carry it.",
            Notice::TopicSaved => "The topic is saved.",
            Notice::CommentApproved => "The comment is approved and shown on the article.",
            Notice::CommentRejected => "The comment is rejected.",
            Notice::CommentHidden => "The comment is hidden.",
            Notice::FollowupSent => "Thank you: an editor will read your follow-up before it appears here.",
            Notice::FollowupApproved => {
                "The follow-up is approved and shown under its question; it waits for an expert's answer."
            }
            Notice::FollowupRejected => "The follow-up is rejected; it will not be shown.",
            Notice::AnswerApproved => "The answer is approved and shown with its question.",
            Notice::AnswerRejected => "The answer is rejected; it will not be shown.",
            Notice::CosignatureConfirmed => "Your signature is confirmed; your name is shown with the answer.",
            Notice::CosignatureDeclined => "You declined; your name will not be shown with the answer.",
            Notice::ReasonAdded => "The reason is added: editors can pick it now.",
            Notice::ReasonSaved => "The reason is saved.",
            Notice::ReasonDeleted => "The reason is deleted; decisions already sent keep their text.",
            Notice::RejectionUndone => {
                "Rejection undone: the piece is back in review, claimed by you, and the author has been emailed."
            }
            Notice::UnpublicationUndone => {
                "Unpublication undone: the article is back at its address as it was, and the author has been emailed."
            }
            Notice::ReleaseUndone => "Release undone: the piece is claimed by you again.",
            Notice::EditorSettingsSaved => "Your topics and reminder setting are saved.",
            Notice::EditorSettingsChanged => "The editor's topics and reminder setting are saved.",
            Notice::MailTestSent => "The test message is sent.",
            Notice::MailTestFailed => "The test message could not be sent: the reason is under Mail.",
            Notice::MailTestSending => "The test message is not sent yet: its outcome will show under Mail.",
            Notice::SiteSetUp => {
                "The site is set up, and you are signed in as its admin. Next: open a convention under \
                 Conventions and disclaimers, and send yourself a test message."
            }
            Notice::SiteSetUpWithConvention => {
                "The site is set up, the convention is open, and you are signed in as its admin. Next: send \
                 yourself a test message, and give editors their role once they have registered."
            }
            Notice::SiteSaved => "The site's settings are saved: every page shows them now.",
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
