//! Pages of the organised discussion: subscribing (and the links in those emails), the
//! transparency report, the bulletin downloads, commenting and comment moderation.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, ConfirmPage, FormState, Posted, Problem, Step, message, redirect, render, render_html, see_other};
use crate::domain::DomainError;
use crate::domain::comments::{CommentView, Moderation};
use crate::domain::convention::ConventionView;
use crate::domain::policy::{Action, authorize};
use crate::domain::subscriptions::Subscription;
use crate::domain::transparency::{self, Transparency};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;

#[derive(Template)]
#[template(path = "subscribe.html")]
struct SubscribePage {
    chrome: Chrome,
    c: ConventionView,
    form: FormState,
}

#[get("/conventions/{slug}/subscribe")]
async fn subscribe_form(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = state.conventions.get(&slug).await?;
    render(&caller, StatusCode::OK, &SubscribePage { chrome: Chrome::of(&caller), c, form: FormState::default() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SubscribeForm {
    csrf_token: String,
    email: String,
}

#[post("/conventions/{slug}/subscribe")]
async fn subscribe(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<SubscribeForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.subscriptions.subscribe(&slug, &form.email, (&caller.client_ip, caller.lang)).await {
        Ok(()) => message(
            &caller,
            StatusCode::OK,
            &caller.lang.t("subscribe-check-email"),
            &caller.lang.t("subscribe-check-email-text"),
            None,
        ),
        Err(DomainError::Invalid(errors)) => {
            let c = state.conventions.get(&slug).await?;
            let form = FormState::with(&[("email", &form.email)], Problem::fields(&errors, caller.lang));
            render(&caller, StatusCode::UNPROCESSABLE_ENTITY, &SubscribePage { chrome: Chrome::of(&caller), c, form })
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The link in the confirmation email.
#[get("/subscriptions/confirm")]
async fn confirm(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    match state.subscriptions.confirm(&query.token).await {
        Ok(_) => {
            message(&caller, StatusCode::OK, &caller.lang.t("subscribed"), &caller.lang.t("subscribed-text"), None)
        }
        Err(DomainError::Invalid(_)) => link_not_valid(&caller, StatusCode::UNPROCESSABLE_ENTITY),
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    subscription: Subscription,
    /// The button was just pressed.
    done: bool,
}

/// The unsubscribe link: a page with one button (a GET never changes anything, so that mail
/// scanners following links cannot unsubscribe anyone); once unsubscribed, it says so and offers
/// to subscribe again.
#[get("/subscriptions/unsubscribe")]
async fn unsubscribe_page(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = query.into_inner().token;
    let subscription = match state.subscriptions.by_unsubscribe_token(&token).await {
        Ok(subscription) => subscription,
        Err(DomainError::NotFound) => return link_not_valid(&caller, StatusCode::NOT_FOUND),
        Err(other) => return Err(other.into()),
    };
    render(&caller, StatusCode::OK, &UnsubscribePage { chrome: Chrome::of(&caller), token, subscription, done: false })
}

fn link_not_valid(caller: &Caller, status: StatusCode) -> Result<HttpResponse, ApiError> {
    message(caller, status, &caller.lang.t("link-not-valid"), &caller.lang.t("link-not-valid-text"), None)
}

/// One-click unsubscribe (RFC 8058): mail clients POST here with
/// `List-Unsubscribe=One-Click`; the token is the only credential, so no session or CSRF token
/// is asked for.
#[post("/subscriptions/unsubscribe")]
async fn unsubscribe(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let subscription = state.subscriptions.unsubscribe(&query.token).await?;
    let page =
        UnsubscribePage { chrome: Chrome::of(&caller), token: query.into_inner().token, subscription, done: true };
    render(&caller, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct TransparencyPage {
    chrome: Chrome,
    c: ConventionView,
    t: Transparency,
}

#[get("/conventions/{slug}/transparency")]
async fn transparency_page(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let c = state.conventions.get(&slug).await?;
            let t = transparency::report(&state.db, &slug).await?;
            render_html(&TransparencyPage { chrome, c, t })
        })
        .await
}

async fn bulletin(state: &AppState, convention: &str, topic: Option<&str>) -> Result<HttpResponse, ApiError> {
    // The book is checked against the database once per time-to-live, not per download.
    let key = format!("bulletin|{convention}|{}", topic.unwrap_or_default());
    let site = state.site.identity().await?;
    let book =
        state.shared_pages.document(&key, site, async { Ok(state.bulletins.get(state, convention, topic).await?) });
    let book = book.await?;
    let name = match topic {
        Some(topic) => format!("{convention}-{topic}.epub"),
        None => format!("{convention}.epub"),
    };
    Ok(HttpResponse::Ok()
        .content_type("application/epub+zip")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(book))
}

#[get("/conventions/{slug}/bulletin.epub")]
async fn discussion_bulletin(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    bulletin(&state, &slug, None).await
}

#[get("/conventions/{slug}/topics/{topic}/bulletin.epub")]
async fn topic_bulletin(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, topic) = path.into_inner();
    bulletin(&state, &slug, Some(&topic)).await
}

#[derive(Template)]
#[template(path = "comments_moderation.html")]
struct ModerationPage {
    chrome: Chrome,
    items: Vec<CommentView>,
    /// A decision the domain refused (taken meanwhile by another editor).
    posted: Posted,
}

#[derive(Deserialize)]
struct StatusQuery {
    status: Option<String>,
}

#[get("/review/comments")]
async fn moderation(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, ApiError> {
    moderation_page(&state, &caller, query.status.as_deref(), Posted::default(), StatusCode::OK).await
}

async fn moderation_page(
    state: &AppState,
    caller: &Caller,
    status: Option<&str>,
    posted: Posted,
    status_code: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let items = state.comments.queue(caller.actor(), status).await?;
    render(caller, status_code, &ModerationPage { chrome: Chrome::of(caller), items, posted })
}

/// A moderation button; rejecting and hiding cannot be undone, so they ask first.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerationForm {
    csrf_token: String,
    /// See [`Step`].
    step: String,
}

#[post("/review/comments/{id}/{decision}")]
async fn moderate(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<ModerationForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (id, decision_name) = path.into_inner();
    let decision = Moderation::parse(&decision_name).ok_or_else(ApiError::not_found)?;
    if decision != Moderation::Approve {
        match Step::of(&form.step) {
            Step::Back => return Ok(redirect("/review/comments")),
            Step::Ask => {
                authorize(caller.actor(), Action::ModerateComments)?;
                let lang = caller.lang;
                let (heading, consequence, button) = match decision {
                    Moderation::Hide => (
                        lang.t("confirm-hide-comment"),
                        lang.t("confirm-hide-comment-final"),
                        lang.t("confirm-hide-for-good"),
                    ),
                    _ => (
                        lang.t("confirm-reject-comment"),
                        lang.t("confirm-reject-comment-final"),
                        lang.t("confirm-reject-for-good"),
                    ),
                };
                let page = ConfirmPage {
                    chrome: Chrome::of(&caller),
                    heading,
                    consequences: vec![consequence],
                    action: format!("/review/comments/{id}/{decision_name}"),
                    hidden: Vec::new(),
                    text: None,
                    confirm: button,
                };
                return render(&caller, StatusCode::OK, &page);
            }
            Step::Confirm => {}
        }
    }
    match state.comments.moderate(caller.actor(), id, decision).await {
        Ok(_) => Ok(see_other(&caller, "/review/comments", moderation_notice(decision))),
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, decision_name, &[], error)?;
            moderation_page(&state, &caller, None, posted, status).await
        }
    }
}

/// What the moderation page says once a comment is decided.
fn moderation_notice(decision: Moderation) -> Notice {
    match decision {
        Moderation::Approve => Notice::CommentApproved,
        Moderation::Reject => Notice::CommentRejected,
        Moderation::Hide => Notice::CommentHidden,
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(subscribe_form)
        .service(subscribe)
        .service(confirm)
        .service(unsubscribe_page)
        .service(unsubscribe)
        .service(transparency_page)
        .service(discussion_bulletin)
        .service(topic_bulletin)
        .service(moderation)
        .service(moderate);
}
