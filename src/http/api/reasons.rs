//! `/api/v1/conventions/{slug}/reasons`: the canned reasons editors pick when they reject a piece
//! or send it back for changes (editors and admins).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::json::number_text;
use crate::domain::Page;
use crate::domain::reasons::{ReasonInput, ReasonKind, ReasonView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct KindQuery {
    /// `reject` or `changes`; absent: both lists.
    kind: Option<String>,
}

/// A reason as sent: every field may be left out of a change (it stays as it is).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReasonRequest {
    /// `reject` or `changes` (required when creating).
    #[schema(value_type = Option<ReasonKind>)]
    kind: Option<String>,
    /// What the picker shows: 1 to 80 characters, one line, unique within the convention and kind.
    #[schema(min_length = 1, max_length = 80)]
    name: Option<String>,
    /// The text the author is sent: 1 to 10000 characters.
    #[schema(min_length = 1, max_length = 10000)]
    body: Option<String>,
    /// The order in the picker (lower first), 0 to 10000; left out of a new one: the end.
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 10000)]
    position: Option<Value>,
}

impl ReasonRequest {
    fn input(self) -> ReasonInput {
        ReasonInput {
            kind: self.kind,
            name: self.name,
            body: self.body,
            position: self.position.filter(|p| !p.is_null()).map(|p| number_text(&p)),
        }
    }
}

/// The convention's reasons: for rejecting first, then the change requests, each in its order.
#[utoipa::path(get, path = "/api/v1/conventions/{slug}/reasons", tag = "review", params(KindQuery), responses(
    (status = 200, description = "`{items: [ReasonView], next_cursor: null}`"), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/conventions/{slug}/reasons")]
async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = match query.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(kind) => Some(ReasonKind::parse(kind).map_err(|m| crate::domain::DomainError::invalid("kind", m))?),
        None => None,
    };
    let items = state.reasons.list(caller.actor(), &slug, kind).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// One reason.
#[utoipa::path(get, path = "/api/v1/conventions/{slug}/reasons/{id}", tag = "review", responses(
    (status = 200, body = ReasonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/conventions/{slug}/reasons/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(state.reasons.get(caller.actor(), &slug, id).await?))
}

/// Adds a reason (at the end of its list unless `position` says otherwise).
#[utoipa::path(post, path = "/api/v1/conventions/{slug}/reasons", tag = "review", request_body = ReasonRequest, responses(
    (status = 201, body = ReasonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 422, description = "A field is not valid, or the name is taken (`fields.name`)", body = ErrorBody)))]
#[post("/conventions/{slug}/reasons")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(state.reasons.create(caller.actor(), &slug, body.into_inner().input()).await?))
}

/// Changes a reason's kind, name, text or position; what is left out stays as it is.
#[utoipa::path(patch, path = "/api/v1/conventions/{slug}/reasons/{id}", tag = "review", request_body = ReasonRequest, responses(
    (status = 200, body = ReasonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 422, description = "A field is not valid, or the name is taken (`fields.name`)", body = ErrorBody)))]
#[patch("/conventions/{slug}/reasons/{id}")]
async fn change(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(state.reasons.update(caller.actor(), &slug, id, body.into_inner().input()).await?))
}

/// Deletes a reason; decisions already sent keep their text.
#[utoipa::path(delete, path = "/api/v1/conventions/{slug}/reasons/{id}", tag = "review", responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/conventions/{slug}/reasons/{id}")]
async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    state.reasons.delete(caller.actor(), &slug, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(change).service(remove);
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, change, remove), components(schemas(ReasonRequest, ReasonView, ReasonKind)))]
pub struct ReasonsApi;
