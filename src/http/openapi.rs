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

/// The whole document: the operations here, merged with each API module's own.
pub fn document() -> utoipa::openapi::OpenApi {
    use super::api::*;
    let mut doc = ApiDoc::openapi();
    for part in [
        AccountsApi::openapi(),
        AdminApi::openapi(),
        ConventionsApi::openapi(),
        ReasonsApi::openapi(),
        SubmissionsApi::openapi(),
        ReviewApi::openapi(),
        EditorsApi::openapi(),
        ArticlesApi::openapi(),
        MailbagApi::openapi(),
        CommunityApi::openapi(),
    ] {
        doc.merge(part);
    }
    document_common_errors(&mut doc);
    doc
}

/// Every operation can also fail in the ways the extractors and the session check fail (a
/// malformed body, a body too large, a throttle...): say so once, for all of them.
fn document_common_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let common = [
        ("400", "Malformed JSON, query or form"),
        ("401", "Not signed in"),
        ("403", "Signed in without the role, or a missing CSRF token"),
        ("404", "Missing, or not visible to you"),
        ("409", "Workflow conflict"),
        ("413", "Body too large"),
        ("415", "Body not JSON"),
        ("422", "Invalid fields"),
        ("429", "Throttled; see Retry-After"),
        ("503", "The database is unavailable"),
    ];
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for operation in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            for (status, description) in common {
                operation.responses.responses.entry(status.to_string()).or_insert_with(|| {
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                        )
                        .build()
                        .into()
                });
            }
        }
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, content_type = "application/json", body = Object)))]
#[get("/api/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    // Built once: the document only changes with the code.
    static JSON: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| serde_json::to_string(&document()).unwrap_or_else(|_| "{}".into()));
    HttpResponse::Ok().content_type("application/json").body(JSON.as_str())
}
