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

/// One form of a page shown again after its post was refused: which form (a page may have
/// several), what was typed, and what was wrong. Field errors go beside their fields; a conflict,
/// or an error about a field the form does not show, goes at the top of the form.
#[derive(Default)]
pub struct Posted {
    form: String,
    state: FormState,
    problem: Option<String>,
    /// What the other forms of the page show: nothing posted, nothing wrong.
    blank: FormState,
}

impl Posted {
    /// `form` filled in as it was posted, with nothing wrong (back from a confirmation step).
    pub fn kept(form: impl Into<String>, values: &[(&'static str, &str)]) -> Posted {
        Posted { form: form.into(), state: FormState::with(values, FieldErrors::default()), ..Posted::default() }
    }

    /// How the page explains the domain's refusal of `form`, posted with `values` (one per field
    /// the form shows): 422 with the errors beside the fields, or 409 with the conflict at the top
    /// of the form. Any other error is not the form's to explain, and is returned as it is.
    pub fn refused(
        form: impl Into<String>,
        values: &[(&'static str, &str)],
        error: crate::domain::DomainError,
    ) -> Result<(StatusCode, Posted), ApiError> {
        let (status, errors, problem) = match error {
            crate::domain::DomainError::Invalid(errors) => {
                let (beside, elsewhere): (BTreeMap<_, _>, BTreeMap<_, _>) =
                    errors.0.into_iter().partition(|(field, _)| values.iter().any(|(name, _)| *name == field.as_str()));
                let elsewhere: Vec<String> =
                    elsewhere.into_iter().map(|(field, problems)| format!("{field} {}", problems.join("; "))).collect();
                let problem = (!elsewhere.is_empty()).then(|| format!("Please fix: {}.", elsewhere.join("; ")));
                (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors(beside), problem)
            }
            crate::domain::DomainError::Conflict { message, .. } => {
                (StatusCode::CONFLICT, FieldErrors::default(), Some(message))
            }
            other => return Err(other.into()),
        };
        Ok((status, Posted { form: form.into(), state: FormState::with(values, errors), problem, ..Posted::default() }))
    }

    /// The state of `form`: as posted if it is the form that was, else empty.
    pub fn of(&self, form: &str) -> &FormState {
        if self.form == form { &self.state } else { &self.blank }
    }

    /// What was wrong with `form` as a whole, if it was the form posted.
    pub fn problem(&self, form: &str) -> Option<&str> {
        self.problem.as_deref().filter(|_| self.form == form)
    }

    /// The form that was posted ("" when none was).
    pub fn form(&self) -> &str {
        &self.form
    }

    /// What was wrong, whichever form it was.
    pub fn any_problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Every problem with the posted form, for the summary at the top of its page.
    pub fn summary(&self) -> Vec<String> {
        let beside = self
            .state
            .errors
            .iter()
            .map(|(field, problems)| format!("{}: {}", field.replace('_', " "), problems.join("; ")));
        self.problem.iter().cloned().chain(beside).collect()
    }

    /// Everything typed into the posted form, for a page that no longer offers that form (the
    /// piece changed meanwhile), so the words can still be copied.
    pub fn typed(&self) -> Vec<&str> {
        self.state.values.values().map(String::as_str).filter(|text| !text.trim().is_empty()).collect()
    }
}

/// The step before a decision that cannot be undone: it says plainly what will happen and asks
/// again, without JavaScript. Its form posts the original's fields back (hidden, or the text
/// still editable) with `step=confirm`; "Go back" posts them with `step=back`, so the page it
/// returns to still holds what was typed.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    /// "Reject “Title”?"
    pub heading: String,
    /// What happens, in plain sentences.
    pub consequences: Vec<String>,
    pub action: String,
    pub hidden: Vec<(&'static str, String)>,
    /// The text that goes with the decision (the reason sent), still editable: its field name,
    /// label, and value (with what is wrong with it, when it was refused).
    pub text: Option<(&'static str, &'static str, FormState)>,
    /// The confirming button: "Reject for good".
    pub confirm: &'static str,
}

/// Which step of a confirmed decision a post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The first post, from the page's form: ask.
    Ask,
    Confirm,
    Back,
}

impl Step {
    pub fn of(field: &str) -> Step {
        match field {
            "confirm" => Step::Confirm,
            "back" => Step::Back,
            _ => Step::Ask,
        }
    }
}
