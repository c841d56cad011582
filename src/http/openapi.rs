//! The OpenAPI document, generated from the handlers' annotations (never written by hand).

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tribune", description = "JSON API of Tribune, a moderated convention discussion. Errors are always `ErrorBody`."),
    paths(super::health::healthz, super::health::readyz, super::metrics::metrics, openapi_json),
    components(schemas(
        super::error::ErrorBody,
        super::error::ErrorDetail,
        crate::domain::user::Role,
        crate::domain::accounts::UserView,
        super::api::StatusResponse,
        super::api::LoginResponse,
    )),
    nest(
        (path = "/", api = super::api::AccountsApi),
        (path = "/", api = super::api::AdminApi),
        (path = "/", api = super::api::ConventionsApi),
        (path = "/", api = super::api::SubmissionsApi),
        (path = "/", api = super::api::ReviewApi),
        (path = "/", api = super::api::ArticlesApi),
        (path = "/", api = super::api::MailbagApi),
        (path = "/", api = super::api::CommunityApi),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "operations", description = "Health, readiness, metrics and this document"),
        (name = "accounts", description = "Registration, sign-in, sessions and password reset"),
        (name = "admin", description = "Users, roles and the email outbox (admins only)"),
        (name = "conventions", description = "Conventions and their disclaimer versions"),
        (name = "submissions", description = "Members' essays: drafts, revisions, submission"),
        (name = "review", description = "The editors' review queue and decisions"),
        (name = "articles", description = "The published discussion"),
        (name = "subscriptions", description = "Email subscribers of a discussion: double opt-in, one-click unsubscribe"),
        (name = "comments", description = "Readers' comments, moderated"),
        (name = "mailbag", description = "Readers' questions, experts' answers, editors' moderation"),
    ),
)]
pub struct ApiDoc;

/// Declares the bearer token that API clients send.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, content_type = "application/json", body = Object)))]
#[get("/api/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
