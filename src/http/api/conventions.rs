//! `/api/v1/conventions`, their disclaimers, and their texts in other languages.

use actix_web::{HttpResponse, get, patch, post, put, web};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::json::Patch;

use crate::domain::Page;
use crate::domain::convention::{
    ConventionInput, ConventionTranslation, ConventionTranslationInput, ConventionView, DisclaimerView,
    TopicTranslation, TopicTranslationInput,
};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

/// A convention as the API takes it: numbers as JSON numbers, so a convention as `GET` answers
/// it can be sent back as it is. Left out, a field stays as it is (or takes its default, for a
/// new convention); `null` clears the fields that may be empty.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConventionRequest {
    /// Lower-case letters, digits and single hyphens (required when creating).
    slug: Option<String>,
    /// The convention's ordinal (30 for the 30th); `null` for none.
    #[schema(value_type = Option<i32>, minimum = 1)]
    number: Patch<Value>,
    title: Option<String>,
    location: Option<String>,
    /// `YYYY-MM-DD`.
    starts_on: Option<String>,
    /// `YYYY-MM-DD`.
    ends_on: Option<String>,
    /// RFC 3339 (`2026-01-10T00:00:00Z`), or `YYYY-MM-DDTHH:MM` taken as UTC.
    discussion_opens_at: Option<String>,
    discussion_closes_at: Option<String>,
    /// When submissions stop; `null` (or the closing time): when the discussion closes.
    #[schema(value_type = Option<String>)]
    submission_deadline_at: Patch<String>,
    /// Words an essay may have, 50 to 20000 (default 1500).
    #[schema(value_type = Option<i32>, minimum = 50, maximum = 20000)]
    word_limit: Option<Value>,
    /// Shown on the convention's page; `null` for none.
    #[schema(value_type = Option<String>)]
    homepage_text: Patch<String>,
}

impl ConventionRequest {
    fn input(self) -> ConventionInput {
        ConventionInput {
            slug: self.slug,
            number: self.number.number_text(),
            title: self.title,
            location: self.location,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            discussion_opens_at: self.discussion_opens_at,
            discussion_closes_at: self.discussion_closes_at,
            submission_deadline_at: self.submission_deadline_at.text(),
            word_limit: self.word_limit.filter(|v| !v.is_null()).map(|v| super::json::number_text(&v)),
            homepage_text: self.homepage_text.text(),
        }
    }
}

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

#[utoipa::path(post, path = "/api/v1/conventions", tag = "conventions", request_body = ConventionRequest, responses(
    (status = 201, body = ConventionView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conventions")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ConventionRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(state.conventions.create(caller.actor(), body.into_inner().input()).await?))
}

#[utoipa::path(patch, path = "/api/v1/conventions/{slug}", tag = "conventions", request_body = ConventionRequest, responses(
    (status = 200, body = ConventionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/conventions/{slug}")]
async fn change(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ConventionRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.conventions.update(caller.actor(), &slug, body.into_inner().input()).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DisclaimerRequest {
    body: String,
    /// One of the discussion's languages; left out: its default.
    language: Option<String>,
}

/// Adds a new disclaimer version in a language (numbered after that language's versions);
/// earlier versions never change. A piece is published with the newest version in its language,
/// else the newest in the discussion's default language.
#[utoipa::path(post, path = "/api/v1/conventions/{slug}/disclaimers", tag = "conventions", request_body = DisclaimerRequest, responses(
    (status = 201, body = DisclaimerView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conventions/{slug}/disclaimers")]
async fn add_disclaimer(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<DisclaimerRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let added = state.conventions.add_disclaimer(caller.actor(), &slug, &body.body, body.language.as_deref()).await?;
    Ok(HttpResponse::Created().json(added))
}

/// All disclaimer versions, in every language, newest first.
#[utoipa::path(get, path = "/api/v1/conventions/{slug}/disclaimers", tag = "conventions", responses(
    (status = 200, description = "`{items: [DisclaimerView], next_cursor: null}`"), (status = 404, body = ErrorBody)))]
#[get("/conventions/{slug}/disclaimers")]
async fn disclaimers(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Page { items: state.conventions.disclaimers(&slug).await?, next_cursor: None }))
}

/// A convention's texts in one language, as the API takes them; a text left out, `null` or
/// empty is not given in that language (readers get the default language's).
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ConventionTranslationRequest {
    /// 3 to 200 characters.
    title: Option<String>,
    homepage_text: Option<String>,
}

/// Gives the convention's title and homepage text in `language`, one of the discussion's
/// languages other than the default (the convention's own texts are in the default). The texts
/// sent replace those given before in that language; with none, it has none there any more.
#[utoipa::path(put, path = "/api/v1/conventions/{slug}/translations/{language}", tag = "conventions",
    request_body = ConventionTranslationRequest, responses(
    (status = 200, body = ConventionTranslation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/conventions/{slug}/translations/{language}")]
async fn save_translation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: web::Json<ConventionTranslationRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, language) = path.into_inner();
    let body = body.into_inner();
    let input = ConventionTranslationInput { title: body.title, homepage_text: body.homepage_text };
    Ok(HttpResponse::Ok().json(state.conventions.save_translation(caller.actor(), &slug, &language, input).await?))
}

/// A topic's texts in one language; a text left out, `null` or empty is not given there.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TopicTranslationRequest {
    /// 3 to 200 characters.
    title: Option<String>,
    /// Markdown, at least 10 characters.
    framing: Option<String>,
}

/// Gives a topic's title and framing text in `language`, one of the discussion's languages other
/// than the default. The texts sent replace those given before in that language; with none, it
/// has none there any more.
#[utoipa::path(put, path = "/api/v1/conventions/{slug}/topics/{topic}/translations/{language}", tag = "conventions",
    request_body = TopicTranslationRequest, responses(
    (status = 200, body = TopicTranslation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/conventions/{slug}/topics/{topic}/translations/{language}")]
async fn save_topic_translation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String, String)>,
    body: web::Json<TopicTranslationRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, topic, language) = path.into_inner();
    let body = body.into_inner();
    let input = TopicTranslationInput { title: body.title, framing: body.framing };
    let saved = state.conventions.save_topic_translation(caller.actor(), (&slug, &topic), &language, input).await?;
    Ok(HttpResponse::Ok().json(saved))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(change)
        .service(add_disclaimer)
        .service(disclaimers)
        .service(save_translation)
        .service(save_topic_translation);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, get_one, create, change, add_disclaimer, disclaimers, save_translation, save_topic_translation),
    components(schemas(
        ConventionRequest,
        ConventionView,
        DisclaimerView,
        DisclaimerRequest,
        ConventionTranslation,
        ConventionTranslationRequest,
        TopicTranslation,
        TopicTranslationRequest
    ))
)]
pub struct ConventionsApi;
