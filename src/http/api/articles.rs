//! `/api/v1/articles`: the published discussion.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;

use crate::domain::reading::{ArticleQuery, ArticleSummary, ArticleView};
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// A convention's slug.
    convention: Option<String>,
    /// A topic's slug (with `convention`).
    topic: Option<String>,
    /// A language code.
    language: Option<String>,
    tag: Option<String>,
    /// Full-text search over titles and bodies; results come best first.
    q: Option<String>,
    cursor: Option<String>,
}

/// Published articles, newest first (best first with `q`), paged.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ListQuery), responses(
    (status = 200, description = "`{items: [ArticleSummary], next_cursor}`"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/articles")]
async fn list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let ListQuery { convention, topic, language, tag, q, cursor } = query.into_inner();
    Ok(HttpResponse::Ok()
        .json(state.articles.list(ArticleQuery { convention, topic, language, tag, q, cursor }).await?))
}

/// One published article with its disclaimer, convention and related pieces.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", tag = "articles", responses(
    (status = 200, body = ArticleView), (status = 404, body = ErrorBody)))]
#[get("/articles/{slug}")]
async fn get_one(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(&state.articles.get(&slug).await?.article))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(get_one);
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one), components(schemas(ArticleSummary, ArticleView)))]
pub struct ArticlesApi;
