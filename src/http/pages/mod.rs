//! Server-rendered pages. They work without JavaScript; every form carries the CSRF token, labels
//! its fields, shows errors beside them and keeps what the user typed. Page handlers call the
//! same domain services as the JSON API.

mod accounts;
mod admin;
mod community;
mod conventions;
mod editors;
mod mailbag;
mod reading;
mod reasons;
mod review;
mod setup;
mod shared;
mod submissions;

pub use shared::SharedPages;

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, get, web};
use askama::Template;

use super::auth::Caller;
use super::error::ApiError;
use super::notice::Notice;
use crate::domain::FieldErrors;
use crate::domain::site::SiteIdentity;
use crate::domain::user::Role;
use crate::i18n::{AsArg, Day, Lang};

/// What the layout needs on every page: who is signed in, the links for their roles, the token
/// for its forms and the notice the last action left.
pub struct Chrome {
    /// The signed-in user's name; `None` when signed out.
    pub name: Option<String>,
    pub is_member: bool,
    pub is_editor: bool,
    pub is_expert: bool,
    pub is_admin: bool,
    pub csrf_token: String,
    /// Said once, at the top of the page, after the action that led here.
    pub notice: Option<String>,
    /// "Sign in", coming back to this page afterwards.
    pub sign_in_link: String,
    /// Whose site this is, for the header, the footer and the page's title.
    pub site: Arc<SiteIdentity>,
    /// The reader's language (see [`crate::i18n`]), which the page speaks.
    pub lang: Lang,
    /// The language the organisers write in, to mark what they wrote (see [`Caller::organisers`]).
    pub organisers: String,
    /// Where the language links come back to (see [`Caller::page`]).
    page: String,
}

impl Chrome {
    pub fn of(caller: &Caller) -> Chrome {
        let has = |role| caller.actor().is_some_and(|a| a.has(role));
        Chrome {
            name: caller.session.as_ref().map(|s| s.display_name.clone()),
            is_member: has(Role::Member),
            is_editor: has(Role::Editor),
            is_expert: has(Role::Expert),
            is_admin: has(Role::Admin),
            csrf_token: caller.form_token().to_string(),
            notice: caller.notice.map(|notice| caller.lang.t(notice.key())),
            sign_in_link: sign_in_link(&caller.here),
            site: caller.site.clone(),
            lang: caller.lang,
            organisers: caller.organisers.clone(),
            page: caller.page.clone(),
        }
    }

    /// For pages made without a session: error pages of callers we could not identify, and the
    /// pages every signed-out reader shares (see [`SharedPages`]), which carry no notice.
    pub fn signed_out(here: &str, site: Arc<SiteIdentity>, (lang, organisers): (Lang, &str)) -> Chrome {
        Chrome {
            name: None,
            is_member: false,
            is_editor: false,
            is_expert: false,
            is_admin: false,
            csrf_token: String::new(),
            notice: None,
            sign_in_link: sign_in_link(here),
            site,
            lang,
            organisers: organisers.to_string(),
            page: here.to_string(),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.name.is_some()
    }

    /// The message `key` in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one variable.
    pub fn t1(&self, key: &str, name: &'static str, value: impl AsArg) -> String {
        self.lang.t1(key, name, value)
    }

    /// The message `key` with two variables.
    pub fn t2(
        &self,
        key: &str,
        name: &'static str,
        value: impl AsArg,
        other: &'static str,
        other_value: impl AsArg,
    ) -> String {
        self.lang.t2(key, name, value, other, other_value)
    }

    /// A day in the reader's language.
    pub fn date(&self, day: impl Into<Day>) -> String {
        self.lang.date(day)
    }

    /// The site's line for the footer, in the reader's language.
    pub fn tagline(&self) -> String {
        self.site.tagline(self.lang)
    }

    /// The other languages the interface speaks, each with the link that switches to it and comes
    /// back here.
    pub fn other_languages(&self) -> Vec<(Lang, String)> {
        // Pages about signing in come back without their query, which may carry a `next` no page
        // should repeat.
        let path = self.page.split('?').next().unwrap_or_default();
        let here = if SIGN_IN_PAGES.iter().any(|p| path.starts_with(p)) { path } else { &self.page };
        let back: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
        Lang::ALL
            .into_iter()
            .filter(|lang| *lang != self.lang)
            .map(|lang| (lang, format!("/language?to={}&next={back}", lang.code())))
            .collect()
    }
}

/// Pages about signing in, which a sign-in link never comes back to.
const SIGN_IN_PAGES: [&str; 5] = ["/login", "/logout", "/register", "/password-reset", "/verify"];

/// `/login?next=<here>`: the sign-in page, and back to `here` afterwards. Pages about signing in
/// come back to the front page instead.
pub fn sign_in_link(here: &str) -> String {
    let path = here.split('?').next().unwrap_or_default();
    if SIGN_IN_PAGES.iter().any(|p| path.starts_with(p)) {
        return "/login".to_string();
    }
    let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("/login?next={next}")
}

/// Where to go after signing in: `next` if it is a path on this site, else the front page. Only
/// local paths count, so a link cannot send someone signing in to another site.
pub fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local { next } else { "/" }
}

/// A listing's page: `?cursor=` as the previous page's "older" link gave it.
#[derive(serde::Deserialize)]
struct CursorQuery {
    cursor: Option<String>,
}

/// A form that carries nothing but its CSRF token (a button: sign out, submit, approve...).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf_token: String,
}

/// A form's state when it is shown again: what was typed, what was wrong with each field, and
/// what was wrong with the form as a whole (a conflict, a lapsed session, a stale page).
#[derive(Default)]
pub struct FormState {
    values: BTreeMap<&'static str, String>,
    errors: BTreeMap<String, Vec<String>>,
    problem: Option<String>,
    /// Each field's problems after its name, for the summary.
    named: Vec<String>,
}

impl FormState {
    pub(super) fn with(values: &[(&'static str, &str)], problem: Problem) -> FormState {
        FormState {
            values: values.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            errors: problem.fields,
            problem: problem.message,
            named: problem.named,
        }
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

    /// What is wrong with the form as a whole, shown above it.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Every problem, the form's own first and then each field's by name: the summary at the top
    /// of a long form, whose fields may sit far below.
    pub fn summary(&self) -> Vec<String> {
        self.problem.iter().chain(&self.named).cloned().collect()
    }
}

/// What went wrong with a posted form, in the words (and the language) it is shown again with.
#[derive(Default)]
pub struct Problem {
    /// Each field's problems, by the field's name.
    fields: BTreeMap<String, Vec<String>>,
    message: Option<String>,
    /// Each field's problems after its name, for the summary above a long form.
    named: Vec<String>,
}

impl Problem {
    /// Nothing wrong (a form shown for the first time, or again after a step back).
    pub fn none() -> Problem {
        Problem::default()
    }

    /// The problems of each field, in `lang`.
    pub fn fields(errors: &FieldErrors, lang: Lang) -> Problem {
        let fields: BTreeMap<String, Vec<String>> = errors
            .0
            .iter()
            .map(|(field, problems)| (field.clone(), problems.iter().map(|p| p.in_lang(lang)).collect()))
            .collect();
        Problem { fields, message: None, named: errors.named(lang) }
    }

    /// How a form explains `error`, in `lang`.
    pub fn new(error: &ApiError, lang: Lang) -> Problem {
        let message = match error.code() {
            // The fields say it; a summary above them would only repeat it.
            "invalid" => None,
            "unauthenticated" => Some(lang.t("problem-signed-out")),
            "csrf_failed" => Some(lang.t("problem-stale-page")),
            _ => Some(error.message_in(lang)),
        };
        Problem { message, ..error.fields().map(|f| Problem::fields(f, lang)).unwrap_or_default() }
    }
}

/// Answers a form post. On success, what `done` makes of the result (usually [`see_other`] with a
/// notice). On a problem the person can act on (a bad field, a conflict, a refusal, a throttle, a
/// lapsed session or a stale page), the same page again from `again`, with what they typed and the
/// problem beside its field or above the form, so nothing typed is lost. Anything else (nothing
/// there, a failure on our side) is the error page.
pub(super) async fn reply<T, P: Template>(
    caller: &Caller,
    outcome: Result<T, ApiError>,
    done: impl FnOnce(T) -> Result<HttpResponse, ApiError>,
    again: impl AsyncFnOnce(Problem) -> Result<P, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let error = match outcome {
        Ok(value) => return done(value),
        Err(error) => error,
    };
    if !explainable(&error) {
        return Err(error);
    }
    match again(Problem::new(&error, caller.lang)).await {
        Ok(page) => render(caller, error.status(), &page),
        // The page itself cannot be shown again (it is gone): the error says why.
        Err(_) => Err(error),
    }
}

/// Whether a form's page can explain `error` to the person who posted it: any 4xx but "nothing
/// there" (the page itself is gone) and "you may not do this" (the page may hold what only those
/// who may use it see).
pub(super) fn explainable(error: &ApiError) -> bool {
    error.status().is_client_error() && error.status() != StatusCode::NOT_FOUND && error.code() != "forbidden"
}

/// "See other" to `to`, where the next page says `notice` once.
pub(super) fn see_other(caller: &Caller, to: &str, notice: Notice) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .cookie(notice.cookie(caller.secure_cookies()))
        .finish()
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
fn html_response(
    caller: &Caller,
    status: StatusCode,
    html: impl actix_web::body::MessageBody + 'static,
) -> HttpResponse {
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

#[get("/static/reasons.js")]
async fn reasons_script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(3600)]))
        .content_type("text/javascript; charset=utf-8")
        .body(include_str!("../static/reasons.js"))
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
    cfg.service(stylesheet).service(similar_script).service(reasons_script);
    accounts::routes(cfg);
    admin::routes(cfg);
    community::routes(cfg);
    conventions::routes(cfg);
    mailbag::routes(cfg);
    submissions::routes(cfg);
    reasons::routes(cfg);
    editors::routes(cfg);
    review::routes(cfg);
    setup::routes(cfg);
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
        Posted { form: form.into(), state: FormState::with(values, Problem::none()), ..Posted::default() }
    }

    /// How the page explains the refusal of `form`, posted with `values` (one per field the form
    /// shows): the errors beside the fields (422), or the problem at the top of the form (a
    /// conflict, a refusal, a throttle, a stale page, an error about a field the form does not
    /// show), with the error's status. An error that is not the form's to explain (nothing there,
    /// a failure on our side) is returned as it is.
    pub fn refused(
        lang: Lang,
        form: impl Into<String>,
        values: &[(&'static str, &str)],
        error: impl Into<ApiError>,
    ) -> Result<(StatusCode, Posted), ApiError> {
        let error = error.into();
        if !explainable(&error) {
            return Err(error);
        }
        let shown = |field: &String| values.iter().any(|(name, _)| *name == field.as_str());
        let (beside, elsewhere): (BTreeMap<_, _>, BTreeMap<_, _>) =
            error.fields().map(|f| f.0.clone()).unwrap_or_default().into_iter().partition(|(field, _)| shown(field));
        let Problem { message, .. } = Problem::new(&error, lang);
        let elsewhere = Problem::fields(&FieldErrors(elsewhere), lang).named;
        let problem = message.or_else(|| {
            (!elsewhere.is_empty()).then(|| lang.t1("problem-please-fix", "problems", elsewhere.join("; ")))
        });
        let state = FormState::with(values, Problem::fields(&FieldErrors(beside), lang));
        Ok((error.status(), Posted { form: form.into(), state, problem, ..Posted::default() }))
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
        self.problem.iter().cloned().chain(self.state.summary()).collect()
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
    pub text: Option<(&'static str, String, FormState)>,
    /// The confirming button: "Reject for good".
    pub confirm: String,
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
