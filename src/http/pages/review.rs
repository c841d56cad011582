//! The editors' pages: the queue (`/review`) and one submission (`/review/{id}`) with its text,
//! a word-level diff between any two revisions, the audit trail, and the decision forms. A form
//! the domain refuses comes back on the same page with what was typed and what was wrong; the
//! decisions that cannot be undone (reject, unpublish) ask again on a page of their own first.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{Chrome, ConfirmPage, FormState, Posted, Step, render, see_other};
use crate::domain::convention::ConventionView;
use crate::domain::discussion::QueuePriority;
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::reasons::{ReasonKind, ReasonView};
use crate::domain::review::{DiffSpan, Publication, QueueItem, ReviewDetail, word_diff};
use crate::domain::{DomainError, FieldErrors, Page};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;

#[derive(Deserialize)]
struct QueueQuery {
    convention: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    chrome: Chrome,
    conventions: Vec<ConventionView>,
    statuses: Vec<Status>,
    convention: String,
    status: String,
    page: Page<QueueItem>,
    next_link: Option<String>,
    rule: QueuePriority,
    /// The digest or priority form, when it is shown again.
    posted: Posted,
    /// The pieces ticked for a digest, when its form is shown again.
    chosen: Vec<i64>,
}

impl QueuePage {
    fn shows_digest(&self) -> bool {
        self.status == Status::Approved.as_str()
    }

    fn chose(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }

    /// The priority form's fields: name, element id, label, value in force.
    fn priority_fields(&self) -> [(&'static str, &'static str, &'static str, i32); 3] {
        [
            ("member", "p-member", "Members", self.rule.member),
            ("body", "p-body", "Bodies (clubs, committees)", self.rule.body),
            ("non_member", "p-non-member", "Non-members", self.rule.non_member),
        ]
    }
}

#[get("/review")]
async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    queue_page(&state, &caller, &query, Posted::default(), Vec::new(), StatusCode::OK).await
}

async fn queue_page(
    state: &AppState,
    caller: &Caller,
    query: &QueueQuery,
    posted: Posted,
    chosen: Vec<i64>,
    status_code: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let QueueQuery { convention, status, cursor } = query;
    let page = state.review.queue(caller.actor(), convention.as_deref(), status.as_deref(), cursor.as_deref()).await?;
    let convention = convention.clone().unwrap_or_default();
    let status = status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| Status::Submitted.as_str().to_string());
    let next_link = page.next_cursor.as_ref().map(|cursor| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("convention", &convention)
            .append_pair("status", &status)
            .append_pair("cursor", cursor)
            .finish();
        format!("/review?{query}")
    });
    let rule = state.review.priority_rule(caller.actor()).await?;
    let page = QueuePage {
        rule,
        chrome: Chrome::of(caller),
        conventions: state.conventions.list().await?,
        statuses: Status::ALL.into_iter().filter(|s| *s != Status::Draft).collect(),
        convention,
        status,
        page,
        next_link,
        posted,
        chosen,
    };
    render(caller, status_code, &page)
}

#[derive(Deserialize, Default)]
struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

/// What the review page offers, decided from the lifecycle and the claim (the template never
/// compares statuses).
struct Actions {
    claim: bool,
    release: bool,
    /// Approve, request changes and reject: the piece is in review and the decisions are the
    /// caller's (unclaimed, or claimed by them).
    decide: bool,
    /// Another editor holds the claim.
    claimed_by_another: bool,
    scheduled_for: Option<NaiveDateTime>,
    held_for_digest: bool,
    unpublish: bool,
}

impl Actions {
    fn of(d: &ReviewDetail, me: Option<i64>) -> Actions {
        let s = &d.submission;
        let claimed_by_another =
            s.status == Status::InReview && s.assigned_editor_id.is_some_and(|editor| Some(editor) != me);
        Actions {
            claim: s.status.allows(Transition::Claim),
            release: s.status.allows(Transition::Release) && !claimed_by_another,
            decide: s.status.allows(Transition::Approve) && !claimed_by_another,
            claimed_by_another,
            scheduled_for: s.scheduled_for(),
            held_for_digest: s.held_for_digest(),
            unpublish: s.status.allows(Transition::Unpublish) && s.article_slug.is_some(),
        }
    }

    /// Whether the page shows the form named `form`.
    fn shows(&self, form: &str) -> bool {
        match form {
            "claim" => self.claim,
            "release" => self.release,
            "approve" | "request-changes" | "reject" => self.decide,
            "reschedule" | "cancel-schedule" => self.scheduled_for.is_some(),
            "unpublish" => self.unpublish,
            "comment" => true,
            _ => false,
        }
    }
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    chrome: Chrome,
    d: ReviewDetail,
    body_html: String,
    from: i32,
    to: i32,
    diff: Vec<DiffSpan>,
    /// The convention's reasons for rejecting and its change requests, for the pickers.
    reject_reasons: Vec<ReasonView>,
    change_reasons: Vec<ReasonView>,
    actions: Actions,
    /// The form that was posted, when it is shown again with what was typed and what was wrong.
    posted: Posted,
}

impl ReviewPage {
    /// Whether `reason` is the one picked on `form` as posted.
    fn picked(&self, form: &str, reason: &ReasonView) -> bool {
        self.posted.of(form).value("reason_choice") == reason.id.to_string()
    }

    /// A problem with a form the page no longer offers (another editor decided meanwhile).
    fn orphan_problem(&self) -> Option<&str> {
        self.posted.any_problem().filter(|_| !self.actions.shows(self.posted.form()))
    }
}

#[get("/review/{id}")]
async fn detail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, ApiError> {
    review_page(&state, &caller, *id, &query, Posted::default(), StatusCode::OK).await
}

async fn review_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    query: &DiffQuery,
    posted: Posted,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let d = state.review.detail(caller.actor(), id).await?;
    let latest = d.submission.revisions;
    let to = query.to.filter(|n| (1..=latest).contains(n)).unwrap_or(latest);
    let from = query.from.filter(|n| (1..=latest).contains(n)).unwrap_or((to - 1).max(1));
    let text = |n: i32| d.revisions.iter().find(|r| r.number == n).map_or("", |r| r.body.as_str());
    let diff = word_diff(text(from), text(to));
    let actions = Actions::of(&d, caller.actor().map(|a| a.user_id));
    let (reject_reasons, change_reasons) = if actions.decide {
        let convention = &d.submission.convention;
        (
            state.reasons.reasons_for_convention(convention, ReasonKind::Reject).await?,
            state.reasons.reasons_for_convention(convention, ReasonKind::Changes).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let page = ReviewPage {
        chrome: Chrome::of(caller),
        body_html: d.submission.body_html.clone(),
        from,
        to,
        diff,
        reject_reasons,
        change_reasons,
        actions,
        posted,
        d,
    };
    render(caller, status, &page)
}

/// The review page again, with `form` as posted and the domain's refusal of it explained.
async fn refused(
    state: &AppState,
    caller: &Caller,
    id: i64,
    (form, values): (&str, &[(&'static str, &str)]),
    error: impl Into<ApiError>,
) -> Result<HttpResponse, ApiError> {
    let (status, posted) = Posted::refused(form, values, error)?;
    review_page(state, caller, id, &DiffQuery::default(), posted, status).await
}

/// The forms of the review page, by the last segment of the address they post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Claim,
    Release,
    Comment,
    RequestChanges,
    Approve,
    Reschedule,
    CancelSchedule,
    Reject,
    Unpublish,
}

impl Decision {
    fn parse(segment: &str) -> Option<Decision> {
        Some(match segment {
            "claim" => Decision::Claim,
            "release" => Decision::Release,
            "comment" => Decision::Comment,
            "request-changes" => Decision::RequestChanges,
            "approve" => Decision::Approve,
            "reschedule" => Decision::Reschedule,
            "cancel-schedule" => Decision::CancelSchedule,
            "reject" => Decision::Reject,
            "unpublish" => Decision::Unpublish,
            _ => return None,
        })
    }

    /// What the next page says once the decision is made.
    fn notice(self, publication: Option<&Publication>) -> Notice {
        match self {
            Decision::Claim => Notice::Claimed,
            Decision::Release => Notice::Released,
            Decision::Comment => Notice::CommentAdded,
            Decision::RequestChanges => Notice::ChangesRequested,
            Decision::Approve => match publication {
                Some(Publication::At(_)) => Notice::Scheduled,
                Some(Publication::HoldForDigest) => Notice::Held,
                _ => Notice::Approved,
            },
            Decision::Reschedule => Notice::Rescheduled,
            Decision::CancelSchedule => Notice::ScheduleCancelled,
            Decision::Reject => Notice::Rejected,
            Decision::Unpublish => Notice::Unpublished,
        }
    }

    /// The form's name on the page (the segment it posts to).
    fn form(self) -> &'static str {
        match self {
            Decision::Claim => "claim",
            Decision::Release => "release",
            Decision::Comment => "comment",
            Decision::RequestChanges => "request-changes",
            Decision::Approve => "approve",
            Decision::Reschedule => "reschedule",
            Decision::CancelSchedule => "cancel-schedule",
            Decision::Reject => "reject",
            Decision::Unpublish => "unpublish",
        }
    }
}

/// Every field any decision form sends; each action reads the ones it needs.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    csrf_token: String,
    message: String,
    reason: String,
    /// The id of the convention's reason picked (rejecting, or asking for changes): its text is
    /// sent when the text field is left empty (a browser without JavaScript does not fill it in).
    reason_choice: String,
    body: String,
    visibility: String,
    publish_at: String,
    hold_for_digest: Option<String>,
    /// The confirmation step of a decision that cannot be undone (see [`Step`]).
    step: String,
}

impl DecisionForm {
    /// The fields `decision`'s form shows, as posted.
    fn values(&self, decision: Decision) -> Vec<(&'static str, &str)> {
        match decision {
            Decision::Comment => vec![("body", &self.body), ("visibility", &self.visibility)],
            Decision::RequestChanges => vec![("reason_choice", &self.reason_choice), ("message", &self.message)],
            Decision::Approve => vec![
                ("publish_at", &self.publish_at),
                ("hold_for_digest", if self.hold_for_digest.is_some() { "on" } else { "" }),
            ],
            Decision::Reschedule => vec![("publish_at", &self.publish_at)],
            Decision::Reject => vec![("reason_choice", &self.reason_choice), ("reason", &self.reason)],
            Decision::Unpublish => vec![("reason", &self.reason)],
            Decision::Claim | Decision::Release | Decision::CancelSchedule => Vec::new(),
        }
    }

    /// The text the decision sends: what was written, or, left empty, the picked reason's text.
    async fn filled(&self, state: &AppState, caller: &Caller, id: i64, kind: ReasonKind) -> String {
        let text = match kind {
            ReasonKind::Reject => &self.reason,
            ReasonKind::Changes => &self.message,
        };
        if self.reason_choice.trim().is_empty() || !text.trim().is_empty() {
            return text.clone();
        }
        // Anyone who may not see the piece is told so by the decision itself.
        let Ok(piece) = state.review.detail(caller.actor(), id).await else { return text.clone() };
        let convention = &piece.submission.convention;
        state
            .reasons
            .fill_for_convention(convention, kind, &self.reason_choice, text)
            .await
            .unwrap_or_else(|_| text.clone())
    }
}

#[post("/review/{id}/{action}")]
async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ApiError> {
    let (id, action) = path.into_inner();
    let decision = Decision::parse(&action).ok_or_else(ApiError::not_found)?;
    if let Err(stale) = caller.check_form_token(&form.csrf_token) {
        return refused(&state, &caller, id, (decision.form(), &form.values(decision)), stale).await;
    }
    let actor = caller.actor();
    let review = &state.review;
    let publication = Publication::parse(Some(&form.publish_at), form.hold_for_digest.is_some());
    let notice = decision.notice(publication.as_ref().ok());
    let outcome = match decision {
        Decision::Claim => review.claim(actor, id).await,
        Decision::Release => review.release(actor, id).await,
        Decision::Comment => review.comment(actor, id, &form.body, &form.visibility).await,
        Decision::RequestChanges => {
            let message = form.filled(&state, &caller, id, ReasonKind::Changes).await;
            review.request_changes(actor, id, &message).await
        }
        Decision::Approve => match publication {
            Ok(when) => review.approve(actor, id, when).await,
            Err(error) => Err(error),
        },
        Decision::Reschedule => review.reschedule(actor, id, Some(&form.publish_at)).await,
        Decision::CancelSchedule => review.cancel_schedule(actor, id).await,
        Decision::Reject => return reject(&state, &caller, id, &form).await,
        Decision::Unpublish => return unpublish(&state, &caller, id, &form).await,
    };
    match outcome {
        Ok(_) => Ok(see_other(&caller, &format!("/review/{id}"), notice)),
        Err(error) => refused(&state, &caller, id, (decision.form(), &form.values(decision)), error).await,
    }
}

/// Rejecting asks first: the confirmation page shows the reason the author will be emailed,
/// still editable. The API rejects in one call.
async fn reject(state: &AppState, caller: &Caller, id: i64, form: &DecisionForm) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor();
    let back = |reason: &str| Posted::kept("reject", &[("reason_choice", ""), ("reason", reason)]);
    match Step::of(&form.step) {
        Step::Back => review_page(state, caller, id, &DiffQuery::default(), back(&form.reason), StatusCode::OK).await,
        Step::Confirm => match state.review.reject(actor, id, &form.reason).await {
            Ok(_) => Ok(see_other(caller, &format!("/review/{id}"), Notice::Rejected)),
            Err(DomainError::Invalid(errors)) => {
                let submission = state.review.detail(actor, id).await?.submission;
                confirm_reject(caller, id, &submission.title, &form.reason, errors, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(error) => refused(state, caller, id, ("reject", &form.values(Decision::Reject)), error).await,
        },
        Step::Ask => {
            let reason = form.filled(state, caller, id, ReasonKind::Reject).await;
            match state.review.check_reject(actor, id, &reason).await {
                Ok(submission) => {
                    confirm_reject(caller, id, &submission.title, &reason, FieldErrors::default(), StatusCode::OK)
                }
                Err(error) => refused(state, caller, id, ("reject", &form.values(Decision::Reject)), error).await,
            }
        }
    }
}

fn confirm_reject(
    caller: &Caller,
    id: i64,
    title: &str,
    reason: &str,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let page = ConfirmPage {
        chrome: Chrome::of(caller),
        heading: format!("Reject “{title}”?"),
        consequences: vec![
            "This is final: a rejected piece cannot be reviewed or published again.".into(),
            "The author will be emailed this reason, which you can still change here:".into(),
        ],
        action: format!("/review/{id}/reject"),
        hidden: Vec::new(),
        text: Some(("reason", "Reason for the author", FormState::with(&[("reason", reason)], errors))),
        confirm: "Reject for good",
    };
    render(caller, status, &page)
}

/// Unpublishing asks first, like rejecting; a digest is taken down whole, which the
/// confirmation says.
async fn unpublish(state: &AppState, caller: &Caller, id: i64, form: &DecisionForm) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor();
    let step = Step::of(&form.step);
    if step == Step::Back {
        let posted = Posted::kept("unpublish", &[("reason", &form.reason)]);
        return review_page(state, caller, id, &DiffQuery::default(), posted, StatusCode::OK).await;
    }
    let submission = state.review.detail(actor, id).await?.submission;
    let Some(slug) = submission.article_slug.filter(|_| submission.status.allows(Transition::Unpublish)) else {
        let error = DomainError::conflict(
            "invalid_transition",
            format!("A submission that is {} cannot be unpublished.", submission.status),
        );
        return refused(state, caller, id, ("unpublish", &form.values(Decision::Unpublish)), error).await;
    };
    let outcome = match step {
        Step::Confirm => state.review.unpublish(actor, &slug, &form.reason).await.map(|_| None),
        _ => state.review.check_unpublish(actor, &slug, &form.reason).await.map(Some),
    };
    let (takedown, errors, status) = match outcome {
        Ok(None) => return Ok(see_other(caller, &format!("/review/{id}"), Notice::Unpublished)),
        Ok(Some(takedown)) => (takedown, FieldErrors::default(), StatusCode::OK),
        Err(DomainError::Invalid(errors)) if step == Step::Confirm => {
            (state.review.takedown(actor, &slug).await?, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => return refused(state, caller, id, ("unpublish", &form.values(Decision::Unpublish)), error).await,
    };
    let mut consequences = vec!["Readers will no longer find it; it cannot be published again.".to_string()];
    if takedown.pieces > 1 {
        consequences.push(format!(
            "It is a digest of {} pieces: all of them are taken down, and each of their authors is emailed this reason, which you can still change here:",
            takedown.pieces
        ));
    } else {
        consequences.push("The author will be emailed this reason, which you can still change here:".into());
    }
    let page = ConfirmPage {
        chrome: Chrome::of(caller),
        heading: format!("Unpublish “{}”?", takedown.title),
        consequences,
        action: format!("/review/{id}/unpublish"),
        hidden: Vec::new(),
        text: Some(("reason", "Reason for taking it down", FormState::with(&[("reason", &form.reason)], errors))),
        confirm: "Unpublish for good",
    };
    render(caller, status, &page)
}

/// The digest form: a title and one `part_<id>` box per approved short piece.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DigestForm {
    csrf_token: String,
    title: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

#[post("/review/digests")]
async fn digest(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<DigestForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let mut parts: Vec<i64> =
        form.rest.keys().filter_map(|key| key.strip_prefix("part_")).filter_map(|id| id.parse().ok()).collect();
    parts.sort_unstable();
    match state.review.publish_digest(caller.actor(), &form.title, parts.clone()).await {
        Ok(slug) => Ok(see_other(&caller, &format!("/articles/{slug}"), Notice::DigestPublished)),
        Err(error) => {
            let (status, posted) = Posted::refused("digest", &[("title", &form.title), ("submissions", "")], error)?;
            let query = QueueQuery { convention: None, status: Some(Status::Approved.as_str().into()), cursor: None };
            queue_page(&state, &caller, &query, posted, parts, status).await
        }
    }
}

/// The priority form, as typed: numbers are checked here, their range by the domain.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PriorityForm {
    csrf_token: String,
    member: String,
    body: String,
    non_member: String,
}

impl PriorityForm {
    fn rule(&self) -> Result<QueuePriority, DomainError> {
        let mut errors = FieldErrors::default();
        let mut number = |field: &str, text: &str| {
            errors.check(field, text.trim().parse::<i32>().map_err(|_| "must be a whole number".to_string()))
        };
        let (member, body, non_member) =
            (number("member", &self.member), number("body", &self.body), number("non_member", &self.non_member));
        match (member, body, non_member) {
            (Some(member), Some(body), Some(non_member)) => Ok(QueuePriority { member, body, non_member }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

#[post("/review/priority")]
async fn priority(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<PriorityForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let outcome = match form.rule() {
        Ok(rule) => state.review.set_priority_rule(caller.actor(), rule).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(see_other(&caller, "/review", Notice::PriorityChanged)),
        Err(error) => {
            let values = [("member", form.member.as_str()), ("body", &form.body), ("non_member", &form.non_member)];
            let (status, posted) = Posted::refused("priority", &values, error)?;
            let query = QueueQuery { convention: None, status: None, cursor: None };
            queue_page(&state, &caller, &query, posted, Vec::new(), status).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(digest).service(priority).service(queue).service(detail).service(decide);
}
