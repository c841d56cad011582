//! `/api/v1/submissions` and `/api/v1/me/submissions`: the author's side.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, patch, post, web};
use serde::Serialize;

use crate::domain::Page;
use crate::domain::policy::{Action, authorize};
use crate::domain::submission::{EssayInput, RevisionView, SubmissionSummary, SubmissionView};
use crate::http::AppState;
use crate::http::api::admin::CursorQuery;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::upload::{self, DocumentNote, MultipartBody, Upload};

/// An essay's fields: JSON, or `multipart/form-data` with the same fields (`tags` comma-separated
/// or repeated) and a `document` (.docx, .odt, .md or .txt) whose text becomes the body, and whose
/// title the title when none is given.
struct EssayBody {
    input: EssayInput,
    /// Converted by [`EssayBody::with_document`], once the caller may write.
    document: Option<Upload>,
}

impl EssayBody {
    /// The essay, with the document's text as its body: converted only for a caller who may
    /// write an essay, so nobody else can make the server work.
    async fn with_document(self, caller: &Caller) -> Result<(EssayInput, Option<DocumentNote>), ApiError> {
        let EssayBody { mut input, document } = self;
        let Some(document) = document else { return Ok((input, None)) };
        authorize(caller.actor(), Action::WriteDraft)?;
        let (converted, note) = upload::convert(document).await?;
        input.take_document(converted);
        Ok((input, Some(note)))
    }
}

impl FromRequest for EssayBody {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            if !upload::is_multipart(&req) {
                let json = web::Json::<EssayInput>::from_request(&req, &mut payload).await?;
                return Ok(EssayBody { input: json.into_inner(), document: None });
            }
            let limit = req.app_data::<web::Data<AppState>>().map_or(0, |s| s.settings.server.max_body_bytes);
            let body = upload::read(&req, payload, limit).await?;
            Ok(EssayBody { input: input_of(&body), document: body.document })
        })
    }
}

/// The fields of a multipart body as the JSON's.
fn input_of(body: &MultipartBody) -> EssayInput {
    let text = |name: &str| body.field(name).map(str::to_string);
    let tags: Vec<String> = body
        .fields
        .iter()
        .filter(|(name, _)| name == "tags")
        .flat_map(|(_, value)| value.split(',').map(str::to_string))
        .collect();
    EssayInput {
        convention: text("convention"),
        title: text("title"),
        body: text("body"),
        byline_name: text("byline_name"),
        byline_location: text("byline_location"),
        byline_state: text("byline_state"),
        byline_club: text("byline_club"),
        byline_district: text("byline_district"),
        author_kind: text("author_kind"),
        language: text("language"),
        topic: text("topic"),
        reply_to: text("reply_to"),
        video_url: text("video_url"),
        tags: body.field("tags").is_some().then_some(tags),
    }
}

/// The submission, and what became of the uploaded document, if one was.
#[derive(Serialize, utoipa::ToSchema)]
struct Saved {
    #[serde(flatten)]
    submission: SubmissionView,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<DocumentNote>,
}

/// The multipart form of an essay (`multipart/form-data`): [`EssayInput`]'s fields as text, and
/// the document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only describes the body for the OpenAPI document.
struct EssayUpload {
    convention: Option<String>,
    title: Option<String>,
    body: Option<String>,
    byline_name: Option<String>,
    byline_location: Option<String>,
    byline_state: Option<String>,
    byline_club: Option<String>,
    byline_district: Option<String>,
    author_kind: Option<String>,
    language: Option<String>,
    topic: Option<String>,
    reply_to: Option<String>,
    video_url: Option<String>,
    /// Comma-separated, or the field repeated.
    tags: Option<String>,
    /// A .docx, .odt, .md or .txt file of up to 10 MB: its text becomes the body.
    #[schema(value_type = Option<String>, format = Binary)]
    document: Option<Vec<u8>>,
}

/// Starts a draft. With an `Idempotency-Key` header, a repeated request answers with the draft
/// the first one made.
#[utoipa::path(post, path = "/api/v1/submissions", tag = "submissions",
    request_body(content((EssayInput = "application/json"), (EssayUpload = "multipart/form-data"))),
    params(("Idempotency-Key" = Option<String>, Header, description = "A key of the client's choosing (at most 100 visible ASCII characters): the same key again returns the same draft")),
    responses(
    (status = 201, body = Saved), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/submissions")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: actix_web::HttpRequest,
    body: EssayBody,
) -> Result<HttpResponse, ApiError> {
    // A key that is not visible ASCII is refused by the domain's check, like any other bad key.
    let key = request.headers().get("idempotency-key").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let (input, document) = body.with_document(&caller).await?;
    let submission = state.submissions.create(caller.actor(), input, key.as_deref()).await?;
    Ok(HttpResponse::Created().json(Saved { submission, document }))
}

/// Saves a new revision (drafts and pieces sent back for changes only).
#[utoipa::path(patch, path = "/api/v1/submissions/{id}", tag = "submissions",
    request_body(content((EssayInput = "application/json"), (EssayUpload = "multipart/form-data"))), responses(
    (status = 200, body = Saved), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/submissions/{id}")]
async fn revise(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: EssayBody,
) -> Result<HttpResponse, ApiError> {
    let (input, document) = body.with_document(&caller).await?;
    let submission = state.submissions.revise(caller.actor(), *id, input).await?;
    Ok(HttpResponse::Ok().json(Saved { submission, document }))
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

/// The signed-in member's own submissions, most recently changed first, 50 a page.
#[utoipa::path(get, path = "/api/v1/me/submissions", tag = "submissions", params(CursorQuery), responses(
    (status = 200, description = "`{items: [SubmissionSummary], next_cursor}`"), (status = 401, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
#[get("/me/submissions")]
async fn mine(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.submissions.mine(caller.actor(), query.cursor.as_deref()).await?))
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
