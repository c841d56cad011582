//! Server-rendered pages. They work without JavaScript; every form carries the CSRF token, labels
//! its fields, shows errors beside them and keeps what the user typed. Page handlers call the
//! same domain services as the JSON API.

mod accounts;
mod admin;
mod community;
mod conventions;
mod mailbag;
mod reading;
mod review;
mod submissions;

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, get, web};
use askama::Template;

use super::auth::Caller;
use super::error::ApiError;
use crate::domain::FieldErrors;
use crate::domain::user::Role;

/// What the layout needs on every page: who is signed in and the token for its forms.
pub struct Chrome {
    pub signed_in: bool,
    pub is_editor: bool,
    pub is_expert: bool,
    pub is_admin: bool,
    pub csrf_token: String,
}

impl Chrome {
    /// For pages rendered without knowing the caller (error pages made by middleware).
    pub fn anonymous() -> Chrome {
        Chrome { signed_in: false, is_editor: false, is_expert: false, is_admin: false, csrf_token: String::new() }
    }

    fn of(caller: &Caller) -> Chrome {
        Chrome {
            signed_in: caller.session.is_some(),
            is_editor: caller.actor().is_some_and(|a| a.has(Role::Editor)),
            is_expert: caller.actor().is_some_and(|a| a.has(Role::Expert)),
            is_admin: caller.actor().is_some_and(|a| a.has(Role::Admin)),
            csrf_token: caller.form_token().to_string(),
        }
    }
}

/// A form that carries nothing but its CSRF token (a button: sign out, submit, approve...).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf_token: String,
}

/// A form's state when it is shown again: what was typed and what was wrong with it.
#[derive(Default)]
pub struct FormState {
    values: BTreeMap<&'static str, String>,
    errors: BTreeMap<String, Vec<String>>,
}

impl FormState {
    pub(super) fn with(values: &[(&'static str, &str)], errors: FieldErrors) -> FormState {
        FormState { values: values.iter().map(|(k, v)| (*k, v.to_string())).collect(), errors: errors.0 }
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub fn has_errors(&self, name: &str) -> bool {
        self.errors.contains_key(name)
    }

    pub fn errors(&self, name: &str) -> String {
        self.errors.get(name).map(|e| e.join("; ")).unwrap_or_default()
    }
}

/// Renders a page with the caller's cookies.
fn render(caller: &Caller, status: StatusCode, page: &impl Template) -> Result<HttpResponse, ApiError> {
    Ok(html_response(caller, status, render_html(page)?))
}

fn render_html(page: &impl Template) -> Result<String, ApiError> {
    page.render().map_err(|e| {
        tracing::error!(error = %e, "template failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "The page could not be shown.")
    })
}

/// A rendered page as a response, with the caller's cookies; never stored by browsers or proxies,
/// because what a page shows depends on who is signed in.
fn html_response(caller: &Caller, status: StatusCode, html: String) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    caller.attach_cookies(&mut response);
    response
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// "See other": where a successful form post sends the browser.
fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish()
}

/// A page that tells the user one thing ("Check your email"), with an optional link onwards.
fn message(
    caller: &Caller,
    status: StatusCode,
    heading: &str,
    text: &str,
    next: Option<(&str, &str)>,
) -> Result<HttpResponse, ApiError> {
    render(caller, status, &MessagePage { chrome: Chrome::of(caller), heading, text, next })
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    chrome: Chrome,
    heading: &'a str,
    text: &'a str,
    next: Option<(&'a str, &'a str)>,
}

#[get("/static/similar.js")]
async fn similar_script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(3600)]))
        .content_type("text/javascript; charset=utf-8")
        .body(include_str!("../static/similar.js"))
}

#[get("/static/tribune.css")]
async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(3600)]))
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../static/tribune.css"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The router tries routes in order, so what readers ask for most comes first.
    reading::routes(cfg);
    cfg.service(stylesheet).service(similar_script);
    accounts::routes(cfg);
    admin::routes(cfg);
    community::routes(cfg);
    conventions::routes(cfg);
    mailbag::routes(cfg);
    submissions::routes(cfg);
    review::routes(cfg);
}
