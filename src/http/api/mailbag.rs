//! `/api/v1/mailbag/*`: readers' questions and follow-ups, the moderation inbox, experts'
//! answers and editors' decisions.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Page;
use crate::domain::mailbag::{
    Channel, InboxAnswer, InboxFollowup, InboxQuestion, QuestionInput, SignatureView, ThreadSummary, ThreadView,
};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::body::OptionalJson;
use crate::http::error::{ApiError, ErrorBody};

/// Threads per page in the public list.
pub const THREADS_PER_PAGE: i64 = 20;

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// Always `pending`: an editor decides what is published.
    status: &'static str,
}

/// Asks a question. The answer is 202 whether or not the honeypot caught it.
#[utoipa::path(post, path = "/api/v1/mailbag/questions", tag = "mailbag", request_body = QuestionInput, responses(
    (status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/mailbag/questions")]
async fn ask(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<QuestionInput>,
) -> Result<HttpResponse, ApiError> {
    state.mailbag.ask(body.into_inner(), (&caller.client_ip, caller.lang), Channel::Api).await?;
    Ok(HttpResponse::Accepted().json(Accepted { status: "pending" }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CursorQuery {
    cursor: Option<String>,
}

/// Published threads, newest first, keyset paged.
#[utoipa::path(get, path = "/api/v1/mailbag/questions", tag = "mailbag", params(CursorQuery), responses(
    (status = 200, description = "`{items: [ThreadSummary], next_cursor}`"), (status = 422, body = ErrorBody)))]
#[get("/mailbag/questions")]
async fn threads(state: web::Data<AppState>, query: web::Query<CursorQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.mailbag.threads(query.cursor.as_deref(), THREADS_PER_PAGE).await?))
}

/// A published thread: the question, every answer, approved follow-ups.
#[utoipa::path(get, path = "/api/v1/mailbag/questions/{slug}", tag = "mailbag", responses(
    (status = 200, body = ThreadView), (status = 404, body = ErrorBody)))]
#[get("/mailbag/questions/{slug}")]
async fn thread(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.mailbag.thread(&slug).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SimilarQuery {
    q: Option<String>,
}

/// Published questions like the text being typed (the ask form uses it as the reader types).
#[utoipa::path(get, path = "/api/v1/mailbag/similar", tag = "mailbag", params(SimilarQuery), responses(
    (status = 200, description = "`{items: [ThreadSummary], next_cursor: null}`")))]
#[get("/mailbag/similar")]
async fn similar(state: web::Data<AppState>, query: web::Query<SimilarQuery>) -> Result<HttpResponse, ApiError> {
    let text: String = query.q.as_deref().unwrap_or_default().chars().take(4000).collect();
    let items: Vec<ThreadSummary> = state.mailbag.similar(&text).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// A follow-up question on a published thread, held for an editor.
#[utoipa::path(post, path = "/api/v1/mailbag/questions/{slug}/followups", tag = "mailbag", request_body = QuestionInput, responses(
    (status = 202, body = Accepted), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/mailbag/questions/{slug}/followups")]
async fn follow_up(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<QuestionInput>,
) -> Result<HttpResponse, ApiError> {
    state.mailbag.follow_up(&slug, body.into_inner(), &caller.client_ip, Channel::Api).await?;
    Ok(HttpResponse::Accepted().json(Accepted { status: "pending" }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// Defaults to `pending`.
    status: Option<String>,
    topic: Option<String>,
    cursor: Option<String>,
}

/// The moderation inbox, oldest first (editors and experts).
#[utoipa::path(get, path = "/api/v1/mailbag/inbox", tag = "mailbag", params(InboxQuery), responses(
    (status = 200, description = "`{items: [InboxQuestion], next_cursor}`"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/mailbag/inbox")]
async fn inbox(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let page: Page<InboxQuestion> = state
        .mailbag
        .inbox(caller.actor(), query.status.as_deref(), query.topic.as_deref(), query.cursor.as_deref())
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Follow-ups waiting for an editor (editors and experts), each with its thread.
#[utoipa::path(get, path = "/api/v1/mailbag/followups", tag = "mailbag", responses(
    (status = 200, description = "`{items: [InboxFollowup], next_cursor: null}`"), (status = 403, body = ErrorBody)))]
#[get("/mailbag/followups")]
async fn pending_followups(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items: Vec<InboxFollowup> = state.mailbag.pending_followups(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// Approved follow-ups no expert has answered yet (editors and experts), each with its thread;
/// answer one with `followup_id` on `POST /api/v1/mailbag/questions/{id}/answer`.
#[utoipa::path(get, path = "/api/v1/mailbag/followups/unanswered", tag = "mailbag", responses(
    (status = 200, description = "`{items: [InboxFollowup], next_cursor: null}`"), (status = 403, body = ErrorBody)))]
#[get("/mailbag/followups/unanswered")]
async fn unanswered_followups(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items: Vec<InboxFollowup> = state.mailbag.unanswered_followups(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AnswerRequest {
    /// Markdown.
    body: String,
    /// Other experts who sign the answer (user ids).
    cosigners: Vec<i64>,
    /// The approved follow-up of this question that the answer answers; absent for an answer to
    /// the question itself.
    followup_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/mailbag/questions/{id}/answer", tag = "mailbag", request_body = AnswerRequest, responses(
    (status = 200, body = InboxQuestion), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/mailbag/questions/{id}/answer")]
async fn answer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<AnswerRequest>,
) -> Result<HttpResponse, ApiError> {
    let AnswerRequest { body, cosigners, followup_id } = body.into_inner();
    Ok(HttpResponse::Ok().json(state.mailbag.answer(caller.actor(), *id, &body, cosigners, followup_id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PublishRequest {
    /// Titles the public thread; the reader's question stays as written beneath it.
    headline: String,
}

#[utoipa::path(post, path = "/api/v1/mailbag/questions/{id}/publish", tag = "mailbag", request_body = PublishRequest, responses(
    (status = 200, body = InboxQuestion), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/mailbag/questions/{id}/publish")]
async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<PublishRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.mailbag.publish(caller.actor(), *id, &body.headline).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RejectRequest {
    reason: String,
}

#[utoipa::path(post, path = "/api/v1/mailbag/questions/{id}/reject", tag = "mailbag", request_body = RejectRequest, responses(
    (status = 200, body = InboxQuestion), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/mailbag/questions/{id}/reject")]
async fn reject(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    OptionalJson(body): OptionalJson<RejectRequest>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.map(|b| b.reason).unwrap_or_default();
    Ok(HttpResponse::Ok().json(state.mailbag.dismiss(caller.actor(), *id, false, &reason).await?))
}

#[utoipa::path(post, path = "/api/v1/mailbag/questions/{id}/spam", tag = "mailbag", responses(
    (status = 200, body = InboxQuestion), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/mailbag/questions/{id}/spam")]
async fn spam(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.mailbag.dismiss(caller.actor(), *id, true, "").await?))
}

#[utoipa::path(post, path = "/api/v1/mailbag/followups/{id}/{decision}", tag = "mailbag",
    params(("decision" = String, Path, description = "`approve` or `reject`")), responses(
    (status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/mailbag/followups/{id}/{decision}")]
async fn moderate_followup(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    state.mailbag.moderate_followup(caller.actor(), id, &decision).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Answers added to published threads, waiting for an editor (editors and experts).
#[utoipa::path(get, path = "/api/v1/mailbag/answers", tag = "mailbag", responses(
    (status = 200, description = "`{items: [InboxAnswer], next_cursor: null}`"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/mailbag/answers")]
async fn pending_answers(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items: Vec<InboxAnswer> = state.mailbag.pending_answers(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// An editor approves (shown in its thread; the asker is emailed) or rejects (never shown) an
/// answer added to a published thread.
#[utoipa::path(post, path = "/api/v1/mailbag/answers/{id}/{decision}", tag = "mailbag",
    params(("id" = i64, Path), ("decision" = String, Path, description = "`approve` or `reject`")), responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/mailbag/answers/{id}/{decision}")]
async fn moderate_answer(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    state.mailbag.moderate_answer(caller.actor(), id, &decision).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Answers naming the caller as a co-signer, waiting for them to confirm or decline.
#[utoipa::path(get, path = "/api/v1/mailbag/cosignatures", tag = "mailbag", responses(
    (status = 200, description = "`{items: [InboxAnswer], next_cursor: null}`"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/mailbag/cosignatures")]
async fn awaiting_cosignature(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items: Vec<InboxAnswer> = state.mailbag.awaiting_cosignature(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// The caller confirms (their name is shown with the answer) or declines (never shown) their own
/// co-signature on answer `id`; 404 if the answer does not name them.
#[utoipa::path(post, path = "/api/v1/mailbag/cosignatures/{id}/{decision}", tag = "mailbag",
    params(("id" = i64, Path, description = "the answer"), ("decision" = String, Path, description = "`confirm` or `decline`")), responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/mailbag/cosignatures/{id}/{decision}")]
async fn decide_cosignature(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    state.mailbag.decide_cosignature(caller.actor(), id, &decision).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(ask)
        .service(threads)
        .service(similar)
        .service(inbox)
        .service(pending_followups)
        .service(unanswered_followups)
        .service(thread)
        .service(follow_up)
        .service(answer)
        .service(publish)
        .service(reject)
        .service(spam)
        .service(moderate_followup)
        .service(pending_answers)
        .service(moderate_answer)
        .service(awaiting_cosignature)
        .service(decide_cosignature);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        ask,
        threads,
        thread,
        similar,
        follow_up,
        inbox,
        pending_followups,
        unanswered_followups,
        answer,
        publish,
        reject,
        spam,
        moderate_followup,
        pending_answers,
        moderate_answer,
        awaiting_cosignature,
        decide_cosignature
    ),
    components(schemas(
        QuestionInput,
        Accepted,
        ThreadSummary,
        ThreadView,
        InboxQuestion,
        InboxFollowup,
        InboxAnswer,
        SignatureView,
        AnswerRequest,
        PublishRequest,
        RejectRequest
    ))
)]
pub struct MailbagApi;
