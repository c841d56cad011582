//! The OpenAPI document, generated from the handlers' annotations (never written by hand).

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tribune", description = "JSON API of Tribune, a moderated convention discussion. Errors are always `ErrorBody`."),
    paths(super::health::healthz, super::health::readyz, super::metrics::metrics, openapi_json),
    components(schemas(super::error::ErrorBody, super::error::ErrorDetail, crate::domain::user::Role)),
    tags((name = "operations", description = "Health, readiness, metrics and this document")),
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, content_type = "application/json", body = Object)))]
#[get("/api/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
