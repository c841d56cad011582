//! The editors' pages: the queue (`/review`) and one submission (`/review/{id}`) with its text,
//! a word-level diff between any two revisions, the audit trail, and the decision forms.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, FormState, redirect, render};
use crate::domain::convention::ConventionView;
use crate::domain::discussion::QueuePriority;
use crate::domain::lifecycle::Status;
use crate::domain::review::{DiffSpan, Publication, QueueItem, ReviewDetail, word_diff};
use crate::domain::{DomainError, Page};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

#[derive(Deserialize)]
struct QueueQuery {
    convention: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    chrome: Chrome,
    conventions: Vec<ConventionView>,
    statuses: Vec<Status>,
    convention: String,
    status: String,
    page: Page<QueueItem>,
    next_link: Option<String>,
    rule: QueuePriority,
}

#[get("/review")]
async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let QueueQuery { convention, status, cursor } = query.into_inner();
    let page = state.review.queue(caller.actor(), convention.as_deref(), status.as_deref(), cursor.as_deref()).await?;
    let convention = convention.unwrap_or_default();
    let status = status.filter(|s| !s.is_empty()).unwrap_or_else(|| Status::Submitted.as_str().to_string());
    let next_link = page.next_cursor.as_ref().map(|cursor| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("convention", &convention)
            .append_pair("status", &status)
            .append_pair("cursor", cursor)
            .finish();
        format!("/review?{query}")
    });
    let rule = state.review.priority_rule(caller.actor()).await?;
    let page = QueuePage {
        rule,
        chrome: Chrome::of(&caller),
        conventions: state.conventions.list().await?,
        statuses: Status::ALL.into_iter().filter(|s| *s != Status::Draft).collect(),
        convention,
        status,
        page,
        next_link,
    };
    render(&caller, StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    chrome: Chrome,
    d: ReviewDetail,
    body_html: String,
    from: i32,
    to: i32,
    diff: Vec<DiffSpan>,
    reject_reasons: Vec<String>,
    /// The approval form as sent, when it is shown again with what was wrong with it.
    approval: FormState,
}

#[get("/review/{id}")]
async fn detail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, ApiError> {
    review_page(&state, &caller, *id, &query, FormState::default(), StatusCode::OK).await
}

async fn review_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    query: &DiffQuery,
    approval: FormState,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let d = state.review.detail(caller.actor(), id).await?;
    let latest = d.submission.revisions;
    let to = query.to.filter(|n| (1..=latest).contains(n)).unwrap_or(latest);
    let from = query.from.filter(|n| (1..=latest).contains(n)).unwrap_or((to - 1).max(1));
    let text = |n: i32| d.revisions.iter().find(|r| r.number == n).map_or("", |r| r.body.as_str());
    let diff = word_diff(text(from), text(to));
    let page = ReviewPage {
        chrome: Chrome::of(caller),
        body_html: d.submission.body_html.clone(),
        from,
        to,
        diff,
        reject_reasons: state.settings.review.reject_reasons.clone(),
        approval,
        d,
    };
    render(caller, status, &page)
}

/// Every field any decision form sends; each action reads the ones it needs.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    csrf_token: String,
    message: String,
    reason: String,
    body: String,
    visibility: String,
    publish_at: String,
    hold_for_digest: Option<String>,
}

#[post("/review/{id}/{action}")]
async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (id, action) = path.into_inner();
    let actor = caller.actor();
    let review = &state.review;
    match action.as_str() {
        "claim" => review.claim(actor, id).await?,
        "release" => review.release(actor, id).await?,
        "comment" => review.comment(actor, id, &form.body, &form.visibility).await?,
        "request-changes" => review.request_changes(actor, id, &form.message).await?,
        "approve" => {
            let when = match Publication::parse(Some(&form.publish_at), form.hold_for_digest.is_some()) {
                Err(DomainError::Invalid(errors)) => {
                    let approval = FormState::with(&[("publish_at", &form.publish_at)], errors);
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    return review_page(&state, &caller, id, &DiffQuery::default(), approval, status).await;
                }
                when => when?,
            };
            review.approve(actor, id, when).await?
        }
        "reject" => review.reject(actor, id, &form.reason).await?,
        _ => return Err(ApiError::not_found()),
    };
    Ok(redirect(&format!("/review/{id}")))
}

#[post("/articles/{slug}/unpublish")]
async fn unpublish(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let submission = state.review.unpublish(caller.actor(), &slug, &form.reason).await?;
    Ok(redirect(&format!("/review/{}", submission.id)))
}

/// The digest form: a title and one `part_<id>` box per approved short piece.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DigestForm {
    csrf_token: String,
    title: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

#[post("/review/digests")]
async fn digest(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<DigestForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let mut parts: Vec<i64> =
        form.rest.keys().filter_map(|key| key.strip_prefix("part_")).filter_map(|id| id.parse().ok()).collect();
    parts.sort_unstable();
    let slug = state.review.publish_digest(caller.actor(), &form.title, parts).await?;
    Ok(redirect(&format!("/articles/{slug}")))
}

#[derive(Deserialize)]
struct PriorityForm {
    csrf_token: String,
    member: i32,
    body: i32,
    non_member: i32,
}

#[post("/review/priority")]
async fn priority(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<PriorityForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let rule = QueuePriority { member: form.member, body: form.body, non_member: form.non_member };
    state.review.set_priority_rule(caller.actor(), rule).await?;
    Ok(redirect("/review"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(digest).service(priority).service(queue).service(detail).service(decide).service(unpublish);
}
