//! `/api/v1/submissions` and `/api/v1/me/submissions`: the author's side.

use actix_web::{HttpResponse, get, patch, post, web};

use crate::domain::Page;
use crate::domain::submission::{EssayInput, RevisionView, SubmissionSummary, SubmissionView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

/// Starts a draft. With an `Idempotency-Key` header, a repeated request answers with the draft
/// the first one made.
#[utoipa::path(post, path = "/api/v1/submissions", tag = "submissions", request_body = EssayInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "A key of the client's choosing (at most 100 visible ASCII characters): the same key again returns the same draft")),
    responses(
    (status = 201, body = SubmissionView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/submissions")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: actix_web::HttpRequest,
    body: web::Json<EssayInput>,
) -> Result<HttpResponse, ApiError> {
    // A key that is not visible ASCII is refused by the domain's check, like any other bad key.
    let key = request.headers().get("idempotency-key").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Ok(HttpResponse::Created().json(state.submissions.create(caller.actor(), body.into_inner(), key.as_deref()).await?))
}

/// Saves a new revision (drafts and pieces sent back for changes only).
#[utoipa::path(patch, path = "/api/v1/submissions/{id}", tag = "submissions", request_body = EssayInput, responses(
    (status = 200, body = SubmissionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/submissions/{id}")]
async fn revise(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<EssayInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.submissions.revise(caller.actor(), *id, body.into_inner()).await?))
}

/// Sends it to the review queue (inside the discussion window, within the word limit).
#[utoipa::path(post, path = "/api/v1/submissions/{id}/submit", tag = "submissions", responses(
    (status = 200, body = SubmissionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/submissions/{id}/submit")]
async fn submit(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.submissions.submit(caller.actor(), *id).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/withdraw", tag = "submissions", responses(
    (status = 200, body = SubmissionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/submissions/{id}/withdraw")]
async fn withdraw(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.submissions.withdraw(caller.actor(), *id).await?))
}

/// The submission with its status and the comments addressed to the author (author, editors).
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions", responses(
    (status = 200, body = SubmissionView), (status = 404, body = ErrorBody)))]
#[get("/submissions/{id}")]
async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.submissions.get(caller.actor(), *id).await?))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/revisions", tag = "submissions", responses(
    (status = 200, description = "`{items: [RevisionView], next_cursor: null}`"), (status = 404, body = ErrorBody)))]
#[get("/submissions/{id}/revisions")]
async fn revisions(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(Page { items: state.submissions.revisions(caller.actor(), *id).await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/revisions/{n}", tag = "submissions", responses(
    (status = 200, body = RevisionView), (status = 404, body = ErrorBody)))]
#[get("/submissions/{id}/revisions/{n}")]
async fn revision(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    Ok(HttpResponse::Ok().json(state.submissions.revision(caller.actor(), id, number).await?))
}

/// The signed-in member's own submissions, most recently changed first.
#[utoipa::path(get, path = "/api/v1/me/submissions", tag = "submissions", responses(
    (status = 200, description = "`{items: [SubmissionSummary], next_cursor: null}`"), (status = 401, body = ErrorBody)))]
#[get("/me/submissions")]
async fn mine(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Page { items: state.submissions.mine(caller.actor()).await?, next_cursor: None }))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(revise)
        .service(submit)
        .service(withdraw)
        .service(get_one)
        .service(revisions)
        .service(revision)
        .service(mine);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(create, revise, submit, withdraw, get_one, revisions, revision, mine),
    components(schemas(EssayInput, SubmissionView, RevisionView, SubmissionSummary))
)]
pub struct SubmissionsApi;
