//! `/api/v1/conventions` and their disclaimers.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::Page;
use crate::domain::convention::{ConventionInput, ConventionView, DisclaimerView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

/// Every convention, the newest discussion first.
#[utoipa::path(get, path = "/api/v1/conventions", tag = "conventions", responses((status = 200, description = "`{items: [ConventionView], next_cursor: null}`")))]
#[get("/conventions")]
async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Page { items: state.conventions.list().await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/conventions/{slug}", tag = "conventions", responses(
    (status = 200, body = ConventionView), (status = 404, body = ErrorBody)))]
#[get("/conventions/{slug}")]
async fn get_one(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.conventions.get(&slug).await?))
}

#[utoipa::path(post, path = "/api/v1/conventions", tag = "conventions", request_body = ConventionInput, responses(
    (status = 201, body = ConventionView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conventions")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ConventionInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(state.conventions.create(caller.actor(), body.into_inner()).await?))
}

#[utoipa::path(patch, path = "/api/v1/conventions/{slug}", tag = "conventions", request_body = ConventionInput, responses(
    (status = 200, body = ConventionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/conventions/{slug}")]
async fn change(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ConventionInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.conventions.update(caller.actor(), &slug, body.into_inner()).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DisclaimerRequest {
    body: String,
}

/// Adds a new disclaimer version; earlier versions never change.
#[utoipa::path(post, path = "/api/v1/conventions/{slug}/disclaimers", tag = "conventions", request_body = DisclaimerRequest, responses(
    (status = 201, body = DisclaimerView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conventions/{slug}/disclaimers")]
async fn add_disclaimer(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<DisclaimerRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(state.conventions.add_disclaimer(caller.actor(), &slug, &body.body).await?))
}

/// All disclaimer versions, newest first.
#[utoipa::path(get, path = "/api/v1/conventions/{slug}/disclaimers", tag = "conventions", responses(
    (status = 200, description = "`{items: [DisclaimerView], next_cursor: null}`"), (status = 404, body = ErrorBody)))]
#[get("/conventions/{slug}/disclaimers")]
async fn disclaimers(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Page { items: state.conventions.disclaimers(&slug).await?, next_cursor: None }))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(change).service(add_disclaimer).service(disclaimers);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, get_one, create, change, add_disclaimer, disclaimers),
    components(schemas(ConventionInput, ConventionView, DisclaimerView, DisclaimerRequest))
)]
pub struct ConventionsApi;
