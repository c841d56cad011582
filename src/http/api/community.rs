//! `/api/v1` routes of the organised discussion: topics, subscriptions, comments, transparency.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Page;
use crate::domain::comments::{CommentView, Moderation};
use crate::domain::convention::{TopicInput, TopicView};
use crate::domain::policy::{Action, authorize};
use crate::domain::transparency::{self, Transparency};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

/// A topic as sent; `position` a JSON number.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TopicRequest {
    /// Lower-case letters, digits and single hyphens: the topic is changed if it exists.
    slug: Option<String>,
    title: Option<String>,
    /// Markdown, at least 10 characters.
    framing: Option<String>,
    /// The order among the convention's topics, lower first; left out: as it was (0 for a new one).
    #[schema(value_type = Option<i32>, minimum = -2147483648, maximum = 2147483647)]
    position: Option<serde_json::Value>,
}

impl TopicRequest {
    fn input(self) -> Result<TopicInput, crate::domain::DomainError> {
        let mut errors = crate::domain::FieldErrors::default();
        let position =
            super::json::whole_in(&mut errors, "position", self.position.as_ref(), i32::MIN.into()..=i32::MAX.into())
                .and_then(|n| i32::try_from(n).ok());
        errors.into_result()?;
        Ok(TopicInput { slug: self.slug, title: self.title, framing: self.framing, position })
    }
}

/// Adds a topic (with its framing text) to a convention, or changes the one with that slug.
#[utoipa::path(post, path = "/api/v1/conventions/{slug}/topics", tag = "conventions", request_body = TopicRequest, responses(
    (status = 200, body = TopicView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conventions/{slug}/topics")]
async fn save_topic(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<TopicRequest>,
) -> Result<HttpResponse, ApiError> {
    // Who may not change topics is told so before what is wrong with the position.
    authorize(caller.actor(), Action::ManageConventions)?;
    Ok(HttpResponse::Ok().json(state.conventions.save_topic(caller.actor(), &slug, body.into_inner().input()?).await?))
}

/// How a convention's submissions were handled: counts and the median days to a decision.
#[utoipa::path(get, path = "/api/v1/conventions/{slug}/transparency", tag = "conventions", responses(
    (status = 200, body = Transparency), (status = 404, body = ErrorBody)))]
#[get("/conventions/{slug}/transparency")]
async fn transparency_report(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(transparency::report(&state.db, &slug).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SubscribeRequest {
    email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Done {
    status: &'static str,
}

/// Subscribes an address to a convention's daily digest; a confirmation is emailed first.
#[utoipa::path(post, path = "/api/v1/conventions/{slug}/subscribers", tag = "subscriptions", request_body = SubscribeRequest, responses(
    (status = 202, body = Done), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/conventions/{slug}/subscribers")]
async fn subscribe(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<SubscribeRequest>,
) -> Result<HttpResponse, ApiError> {
    state.subscriptions.subscribe(&slug, &body.email, (&caller.client_ip, caller.lang)).await?;
    Ok(HttpResponse::Accepted().json(Done { status: "confirmation_sent" }))
}

#[derive(Deserialize, ToSchema, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct TokenBody {
    token: String,
}

#[utoipa::path(post, path = "/api/v1/subscriptions/confirm", tag = "subscriptions", request_body = TokenBody, responses(
    (status = 200, body = Done), (status = 422, body = ErrorBody)))]
#[post("/subscriptions/confirm")]
async fn confirm(state: web::Data<AppState>, body: web::Json<TokenBody>) -> Result<HttpResponse, ApiError> {
    state.subscriptions.confirm(&body.token).await?;
    Ok(HttpResponse::Ok().json(Done { status: "confirmed" }))
}

#[utoipa::path(post, path = "/api/v1/subscriptions/unsubscribe", tag = "subscriptions", request_body = TokenBody, responses(
    (status = 200, body = Done), (status = 404, body = ErrorBody)))]
#[post("/subscriptions/unsubscribe")]
async fn unsubscribe(state: web::Data<AppState>, body: web::Json<TokenBody>) -> Result<HttpResponse, ApiError> {
    state.subscriptions.unsubscribe(&body.token).await?;
    Ok(HttpResponse::Ok().json(Done { status: "unsubscribed" }))
}

/// Approved comments under an article.
#[utoipa::path(get, path = "/api/v1/articles/{slug}/comments", tag = "comments", responses(
    (status = 200, description = "`{items: [CommentView], next_cursor: null}`"), (status = 404, body = ErrorBody)))]
#[get("/articles/{slug}/comments")]
async fn comments(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Page { items: state.articles.get(&slug).await?.comments.clone(), next_cursor: None }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CommentRequest {
    body: String,
}

/// Comments on an article: held for an editor unless the commenter is trusted.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/comments", tag = "comments", request_body = CommentRequest, responses(
    (status = 201, body = CommentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/articles/{slug}/comments")]
async fn post_comment(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<CommentRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(state.comments.post(caller.actor(), &slug, &body.body).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatusQuery {
    /// `pending` (default), `approved`, `rejected` or `hidden`.
    status: Option<String>,
}

/// The comment moderation queue (editors).
#[utoipa::path(get, path = "/api/v1/comments", tag = "comments", params(StatusQuery), responses(
    (status = 200, description = "`{items: [CommentView], next_cursor: null}`"), (status = 403, body = ErrorBody)))]
#[get("/comments")]
async fn moderation_queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, ApiError> {
    let items = state.comments.queue(caller.actor(), query.status.as_deref()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// Approves, rejects or hides a comment (editors).
#[utoipa::path(post, path = "/api/v1/comments/{id}/{decision}", tag = "comments",
    params(("decision" = String, Path, description = "`approve`, `reject` or `hide`")), responses(
    (status = 200, body = CommentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/comments/{id}/{decision}")]
async fn moderate(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    let decision = Moderation::parse(&decision).ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(state.comments.moderate(caller.actor(), id, decision).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TrustRequest {
    trusted: bool,
}

/// Marks a user a trusted commenter, whose comments appear without waiting (editors).
#[utoipa::path(post, path = "/api/v1/users/{id}/trust", tag = "comments", request_body = TrustRequest, responses(
    (status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/users/{id}/trust")]
async fn trust(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<TrustRequest>,
) -> Result<HttpResponse, ApiError> {
    state.comments.trust(caller.actor(), *id, body.trusted).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(save_topic)
        .service(transparency_report)
        .service(subscribe)
        .service(confirm)
        .service(unsubscribe)
        .service(comments)
        .service(post_comment)
        .service(moderation_queue)
        .service(moderate)
        .service(trust);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        save_topic,
        transparency_report,
        subscribe,
        confirm,
        unsubscribe,
        comments,
        post_comment,
        moderation_queue,
        moderate,
        trust
    ),
    components(schemas(
        TopicRequest,
        TopicView,
        Transparency,
        SubscribeRequest,
        Done,
        TokenBody,
        CommentView,
        CommentRequest,
        TrustRequest
    ))
)]
pub struct CommunityApi;
