//! What readers see: the front page, a convention, its discussion (with search), an article, and
//! the Atom feed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render};
use crate::domain::Page;
use crate::domain::convention::ConventionView;
use crate::domain::reading::{ArticleQuery, ArticleSummary, ArticleView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    convention: Option<ConventionView>,
    open: bool,
    latest: Vec<ArticleSummary>,
    threads: Vec<crate::domain::mailbag::ThreadSummary>,
}

#[get("/")]
async fn home(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let convention = state.conventions.current().await?;
    let latest = match &convention {
        Some(c) => {
            let query = ArticleQuery {
                convention: Some(c.slug.clone()),
                ..ArticleQuery::default()
            };
            state.articles.list(query).await?.items.into_iter().take(10).collect()
        }
        None => Vec::new(),
    };
    let open = convention.as_ref().is_some_and(|c| c.is_open_at(crate::storage::now()));
    let threads = state.mailbag.threads(None, 3).await?.items;
    render(
        &caller,
        StatusCode::OK,
        &HomePage {
            chrome: Chrome::of(&caller),
            convention,
            open,
            latest,
            threads,
        },
    )
}

#[derive(Template)]
#[template(path = "convention.html")]
struct ConventionPage {
    chrome: Chrome,
    c: ConventionView,
}

#[get("/conventions/{slug}")]
async fn convention_page(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = state.conventions.get(&slug).await?;
    render(
        &caller,
        StatusCode::OK,
        &ConventionPage {
            chrome: Chrome::of(&caller),
            c,
        },
    )
}

#[derive(Deserialize)]
struct DiscussionQuery {
    q: Option<String>,
    tag: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "discussion.html")]
struct DiscussionPage {
    chrome: Chrome,
    c: ConventionView,
    q: String,
    tag: Option<String>,
    page: Page<ArticleSummary>,
    next_link: Option<String>,
}

/// The published pieces, newest first; with `q`, the best matches first.
#[get("/conventions/{slug}/discussion")]
async fn discussion(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<DiscussionQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = state.conventions.get(&slug).await?;
    let DiscussionQuery { q, tag, cursor } = query.into_inner();
    let page = state
        .articles
        .list(ArticleQuery {
            convention: Some(c.slug.clone()),
            tag: tag.clone(),
            q: q.clone(),
            cursor,
        })
        .await?;
    let next_link = page.next_cursor.as_ref().map(|cursor| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(q) = q.as_deref().filter(|q| !q.is_empty()) {
            query.append_pair("q", q);
        }
        if let Some(tag) = &tag {
            query.append_pair("tag", tag);
        }
        query.append_pair("cursor", cursor);
        format!("/conventions/{}/discussion?{}", c.slug, query.finish())
    });
    let page = DiscussionPage {
        chrome: Chrome::of(&caller),
        c,
        q: q.unwrap_or_default(),
        tag,
        page,
        next_link,
    };
    render(&caller, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    chrome: Chrome,
    a: ArticleView,
}

#[get("/articles/{slug}")]
async fn article_page(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = state.articles.get(&slug).await?;
    render(
        &caller,
        StatusCode::OK,
        &ArticlePage {
            chrome: Chrome::of(&caller),
            a,
        },
    )
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    base: String,
    c: ConventionView,
    updated: String,
    entries: Vec<ArticleSummary>,
}

/// The newest published pieces of a convention as Atom.
#[get("/conventions/{slug}/feed.atom")]
async fn feed(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let c = state.conventions.get(&slug).await?;
    let entries = state
        .articles
        .list(ArticleQuery {
            convention: Some(c.slug.clone()),
            ..ArticleQuery::default()
        })
        .await?
        .items;
    let updated = entries
        .first()
        .map_or(c.discussion_opens_at, |a| a.published_at)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let base = state.settings.public_url.as_str().trim_end_matches('/').to_string();
    let xml = Feed {
        base,
        c,
        updated,
        entries,
    }
    .render()
    .map_err(|e| {
        tracing::error!(error = %e, "feed template failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The feed could not be made.",
        )
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(xml))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(home)
        .service(convention_page)
        .service(discussion)
        .service(article_page)
        .service(feed);
}
