//! `/api/v1/review/*` and unpublishing: the editors' side.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::Page;
use crate::domain::discussion::QueuePriority;
use crate::domain::policy::{Action, authorize};
use crate::domain::review::{
    BulkAction, BulkDone, BulkRefused, BulkReport, Delivery, Desk, EntryKind, FacetCount, Publication, QueueCounts,
    QueueFilter, QueueItem, QueueQuery, ReviewDetail, TimelineEmail, TimelineEntry, UndoAction, UndoOffer,
};
use crate::domain::submission::{EventView, SubmissionView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::body::OptionalJson;
use crate::http::error::{ApiError, ErrorBody};
use crate::i18n::Message;

/// The editors' desk: the review queue filtered and sorted, keyset paged (pass `next_cursor`
/// back with the same filters), with how many pieces each choice of every filter would show.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", params(QueueQuery), responses(
    (status = 200, body = Desk), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/review/queue")]
async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = QueueFilter::parse(&query)?;
    Ok(HttpResponse::Ok().json(&*state.review.desk(caller.actor(), filter).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct BulkRequest {
    /// `claim`, `release`, `reject` (with `reason`) or `hold` (approve and hold for a digest).
    action: String,
    /// At most 100 submissions.
    ids: Vec<i64>,
    /// For `reject`: what every author is emailed.
    reason: String,
}

/// Acts on several submissions at once, each as its own audited transition: the report says
/// which moved and, by title, which could not (someone else changed them) and why.
#[utoipa::path(post, path = "/api/v1/review/bulk", tag = "review", request_body = BulkRequest, responses(
    (status = 200, body = BulkReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/bulk")]
async fn bulk(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<BulkRequest>,
) -> Result<HttpResponse, ApiError> {
    let action = BulkAction::parse(&body.action, &body.reason)?;
    Ok(HttpResponse::Ok().json(state.review.bulk(caller.actor(), &action, &body.ids).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReassignRequest {
    /// The editor who takes the piece over.
    editor_id: i64,
}

/// Hands a claimed submission to another editor, who is emailed.
#[utoipa::path(post, path = "/api/v1/review/{id}/reassign", tag = "review", request_body = ReassignRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/reassign")]
async fn reassign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ReassignRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.reassign(caller.actor(), *id, body.editor_id).await?))
}

/// The submission with every revision and the whole audit trail.
#[utoipa::path(get, path = "/api/v1/review/{id}", tag = "review", responses(
    (status = 200, body = ReviewDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/review/{id}")]
async fn detail(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(&*state.review.detail(caller.actor(), *id).await?))
}

/// The audit trail of every action on the submission.
#[utoipa::path(get, path = "/api/v1/review/{id}/events", tag = "review", responses(
    (status = 200, description = "`{items: [EventView], next_cursor: null}`"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/review/{id}/events")]
async fn events(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let items: Vec<EventView> = state.review.events(caller.actor(), *id).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// Everything that happened to the piece, in order: revisions, notes, messages to the author,
/// transitions, and every email about it with its delivery state (`queued`, `sent`, `failed`).
#[utoipa::path(get, path = "/api/v1/review/{id}/timeline", tag = "review", responses(
    (status = 200, description = "`{items: [TimelineEntry], next_cursor: null}`"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/review/{id}/timeline")]
async fn timeline(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let items: Vec<TimelineEntry> = state.review.timeline(caller.actor(), *id).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UndoRequest {
    /// The change to undo (`undo.event_id` of the review detail): when given and the piece has
    /// changed since, nothing is undone (409 `moved_on`).
    event_id: Option<i64>,
}

/// Undoes the piece's last change if it is a rejection, an unpublication or a release, within
/// `review.undo_window_hours` of it: a rejected piece goes back into review claimed by the
/// caller, an unpublished article is back at its address as it was, a released piece is claimed
/// again by the editor who released it (only they may). The author is emailed for a rejection or
/// an unpublication undone.
#[utoipa::path(post, path = "/api/v1/review/{id}/undo", tag = "review", request_body(content = UndoRequest, description = "optional"), responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, description = "`undo_window_passed`, `moved_on`, `already_undone`, `nothing_to_undo` or `released_by_another_editor`", body = ErrorBody)))]
#[post("/review/{id}/undo")]
async fn undo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    OptionalJson(body): OptionalJson<UndoRequest>,
) -> Result<HttpResponse, ApiError> {
    let event_id = body.and_then(|b| b.event_id);
    Ok(HttpResponse::Ok().json(state.review.undo(caller.actor(), *id, event_id).await?.submission))
}

#[utoipa::path(post, path = "/api/v1/review/{id}/claim", tag = "review", responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/review/{id}/claim")]
async fn claim(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.claim(caller.actor(), *id).await?))
}

#[utoipa::path(post, path = "/api/v1/review/{id}/release", tag = "review", responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/review/{id}/release")]
async fn release(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.release(caller.actor(), *id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CommentRequest {
    body: String,
    /// `internal` (editors only, the default) or `author` (shown and emailed to the author).
    visibility: String,
}

#[utoipa::path(post, path = "/api/v1/review/{id}/comment", tag = "review", request_body = CommentRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/comment")]
async fn comment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<CommentRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.comment(caller.actor(), *id, &body.body, &body.visibility).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MessageRequest {
    message: String,
}

#[utoipa::path(post, path = "/api/v1/review/{id}/request-changes", tag = "review", request_body = MessageRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/request-changes")]
async fn request_changes(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<MessageRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.request_changes(caller.actor(), *id, &body.message).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ApproveRequest {
    /// RFC 3339; absent or past: publish now.
    publish_at: Option<String>,
    /// Approve without publishing, to combine with other short pieces into a digest.
    hold_for_digest: bool,
}

#[utoipa::path(post, path = "/api/v1/review/{id}/approve", tag = "review", request_body = ApproveRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/approve")]
async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    OptionalJson(body): OptionalJson<ApproveRequest>,
) -> Result<HttpResponse, ApiError> {
    let when = Publication::parse(
        body.as_ref().and_then(|b| b.publish_at.as_deref()),
        body.as_ref().is_some_and(|b| b.hold_for_digest),
    )?;
    Ok(HttpResponse::Ok().json(state.review.approve(caller.actor(), *id, when).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RescheduleRequest {
    /// RFC 3339, in the future.
    publish_at: Option<String>,
}

/// Moves the publication time of an approved, scheduled piece (to a time in the future).
#[utoipa::path(post, path = "/api/v1/review/{id}/reschedule", tag = "review", request_body = RescheduleRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, description = "`not_scheduled`: not approved with a time", body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/reschedule")]
async fn reschedule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<RescheduleRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.reschedule(caller.actor(), *id, body.publish_at.as_deref()).await?))
}

/// Cancels a scheduled publication: the piece goes back to `in_review`, claimed by the caller,
/// to be approved again (now or at a time), sent back for changes, or rejected.
#[utoipa::path(post, path = "/api/v1/review/{id}/cancel-schedule", tag = "review", responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, description = "`not_scheduled`: not approved with a time", body = ErrorBody)))]
#[post("/review/{id}/cancel-schedule")]
async fn cancel_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.cancel_schedule(caller.actor(), *id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReasonRequest {
    reason: String,
}

/// Rejects the submission for good; the reason is emailed to the author.
#[utoipa::path(post, path = "/api/v1/review/{id}/reject", tag = "review", request_body = ReasonRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/{id}/reject")]
async fn reject(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.reject(caller.actor(), *id, &body.reason).await?))
}

/// Takes a published article down for good (a digest with all its pieces); the reason is emailed
/// to every author of it. Answers with the (first) submission.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/unpublish", tag = "review", request_body = ReasonRequest, responses(
    (status = 200, body = SubmissionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/articles/{slug}/unpublish")]
async fn unpublish(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.unpublish(caller.actor(), &slug, &body.reason).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DigestRequest {
    title: String,
    /// Ids of approved short pieces held for a digest, in the order they appear.
    submissions: Vec<i64>,
}

#[derive(serde::Serialize, ToSchema)]
pub struct DigestCreated {
    slug: String,
}

/// Publishes approved short pieces together as one article, each with its own byline.
#[utoipa::path(post, path = "/api/v1/review/digests", tag = "review", request_body = DigestRequest, responses(
    (status = 201, body = DigestCreated), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/review/digests")]
async fn digest(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<DigestRequest>,
) -> Result<HttpResponse, ApiError> {
    let DigestRequest { title, submissions } = body.into_inner();
    let slug = state.review.publish_digest(caller.actor(), &title, submissions).await?;
    Ok(HttpResponse::Created().json(DigestCreated { slug }))
}

/// The queue's priority rule: higher comes first, then the oldest submitted.
#[utoipa::path(get, path = "/api/v1/review/priority", tag = "review", responses((status = 200, body = QueuePriority), (status = 403, body = ErrorBody)))]
#[get("/review/priority")]
async fn priority(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.review.priority_rule(caller.actor()).await?))
}

/// The queue's priority rule as sent: whole numbers from -100 to 100, as JSON numbers.
#[derive(Deserialize, ToSchema)]
pub struct PriorityRequest {
    #[serde(default)]
    #[schema(value_type = i32, required = true, minimum = -100, maximum = 100)]
    member: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(value_type = i32, required = true, minimum = -100, maximum = 100)]
    body: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(value_type = i32, required = true, minimum = -100, maximum = 100)]
    non_member: Option<serde_json::Value>,
}

impl PriorityRequest {
    /// The rule, or a 422 naming every field that is missing or not a whole number in range.
    fn rule(&self) -> Result<QueuePriority, crate::domain::DomainError> {
        let mut errors = crate::domain::FieldErrors::default();
        let mut field = |name: &str, value: &Option<serde_json::Value>| {
            if value.as_ref().is_none_or(serde_json::Value::is_null) {
                errors.add(name, Message::of("invalid-is-required"));
                return None;
            }
            super::json::whole_in(&mut errors, name, value.as_ref(), -100..=100).and_then(|n| i32::try_from(n).ok())
        };
        let (member, body, non_member) =
            (field("member", &self.member), field("body", &self.body), field("non_member", &self.non_member));
        match (member, body, non_member) {
            (Some(member), Some(body), Some(non_member)) => Ok(QueuePriority { member, body, non_member }),
            _ => Err(crate::domain::DomainError::Invalid(errors)),
        }
    }
}

/// Changes the queue's priority rule; everything waiting is re-ranked.
#[utoipa::path(put, path = "/api/v1/review/priority", tag = "review", request_body = PriorityRequest, responses(
    (status = 200, body = QueuePriority), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[actix_web::put("/review/priority")]
async fn set_priority(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<PriorityRequest>,
) -> Result<HttpResponse, ApiError> {
    // Who may not change it is told so before what is wrong with the numbers.
    authorize(caller.actor(), Action::SeeReviewQueue)?;
    Ok(HttpResponse::Ok().json(state.review.set_priority_rule(caller.actor(), body.rule()?).await?))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(digest)
        .service(priority)
        .service(set_priority)
        .service(queue)
        .service(bulk)
        .service(reassign)
        .service(events)
        .service(timeline)
        .service(undo)
        .service(claim)
        .service(release)
        .service(comment)
        .service(request_changes)
        .service(approve)
        .service(reschedule)
        .service(cancel_schedule)
        .service(reject)
        .service(detail)
        .service(unpublish);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        queue,
        detail,
        events,
        timeline,
        undo,
        claim,
        release,
        comment,
        request_changes,
        approve,
        reschedule,
        cancel_schedule,
        reject,
        unpublish,
        digest,
        priority,
        set_priority,
        bulk,
        reassign
    ),
    components(schemas(
        QueueItem,
        Desk,
        QueueCounts,
        FacetCount,
        BulkRequest,
        BulkReport,
        BulkDone,
        BulkRefused,
        ReassignRequest,
        ReviewDetail,
        EventView,
        TimelineEntry,
        TimelineEmail,
        EntryKind,
        Delivery,
        UndoOffer,
        UndoAction,
        UndoRequest,
        CommentRequest,
        MessageRequest,
        ApproveRequest,
        RescheduleRequest,
        ReasonRequest,
        DigestRequest,
        DigestCreated,
        QueuePriority,
        PriorityRequest
    ))
)]
pub struct ReviewApi;
