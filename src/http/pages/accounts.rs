//! `/register`, `/verify` and `/verify/resend`, `/login`, `/logout`, `/password-reset` and its
//! confirmation.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, CsrfOnly, FormState, Problem, local_path, message, render, reply, see_other};
use crate::domain::DomainError;
use crate::domain::accounts::{RegistrationInput, Resent};
use crate::http::AppState;
use crate::http::auth::{Caller, LANGUAGE_COOKIE};
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    form: FormState,
}

#[get("/register")]
async fn register_form(caller: Caller) -> Result<HttpResponse, ApiError> {
    render(&caller, StatusCode::OK, &RegisterPage { chrome: Chrome::of(&caller), form: FormState::default() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterForm {
    csrf_token: String,
    email: String,
    display_name: String,
    location: String,
    password: String,
}

#[post("/register")]
async fn register(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, ApiError> {
    let input = RegistrationInput {
        email: form.email.clone(),
        password: form.password.clone(),
        display_name: form.display_name.clone(),
        location: form.location.clone(),
    };
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.accounts.register_in(input, &caller.client_ip, caller.lang).await?)
    }
    .await;
    let done = |()| {
        let (heading, text) = (caller.lang.t("accounts-check-email"), caller.lang.t("accounts-register-sent"));
        message(&caller, StatusCode::OK, &heading, &text, None)
    };
    let typed = [("email", &*form.email), ("display_name", &form.display_name), ("location", &form.location)];
    reply(&caller, outcome, done, async |problem| {
        Ok(RegisterPage { chrome: Chrome::of(&caller), form: FormState::with(&typed, problem) })
    })
    .await
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The link in the verification email.
#[get("/verify")]
async fn verify(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let lang = caller.lang;
    let (status, heading, text, (href, label)) = match state.accounts.verify_email(query.into_inner().token).await {
        Ok(()) => (
            StatusCode::OK,
            lang.t("accounts-address-confirmed"),
            lang.t("accounts-address-confirmed-text"),
            ("/login", lang.t("sign-in")),
        ),
        Err(DomainError::Invalid(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t("link-not-valid"),
            lang.t("accounts-link-expired"),
            ("/me/submissions", lang.t("nav-my-submissions")),
        ),
        Err(other) => return Err(other.into()),
    };
    message(&caller, status, &heading, &text, Some((href, label.as_str())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResendForm {
    csrf_token: String,
    /// The page the button was on, to go back to.
    next: String,
}

/// "Send the link again": a fresh verification link for the signed-in member.
#[post("/verify/resend")]
async fn resend_verification(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<ResendForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let session = caller.signed_in()?;
    let lang = caller.lang;
    let back_label = lang.t("accounts-back-to-where-you-were");
    let back = Some((local_path(&form.next), back_label.as_str()));
    let (heading, text) = match state.accounts.resend_verification(&session.actor).await? {
        Resent::Sent { to } => (lang.t1("accounts-new-link-sent", "email", to), lang.t("accounts-new-link-sent-text")),
        Resent::AlreadyConfirmed => (lang.t("accounts-address-confirmed"), lang.t("accounts-already-confirmed")),
    };
    message(&caller, StatusCode::OK, &heading, &text, back)
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    chrome: Chrome,
    form: FormState,
    /// The local page to come back to afterwards.
    next: &'a str,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextQuery {
    next: String,
}

#[get("/login")]
async fn login_form(caller: Caller, query: web::Query<NextQuery>) -> Result<HttpResponse, ApiError> {
    let page = LoginPage { chrome: Chrome::of(&caller), form: FormState::default(), next: local_path(&query.next) };
    render(&caller, StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LanguageQuery {
    to: String,
    next: String,
}

/// The language links in every page's header: keeps the choice in a cookie, and on the account of
/// whoever is signed in (so another browser they sign in on follows it), then goes back to the
/// page. A link, not a form: the page every signed-out reader shares carries no token, and the
/// choice only changes words. A link followed from another site changes the cookie only.
#[get("/language")]
async fn choose_language(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<LanguageQuery>,
) -> Result<HttpResponse, ApiError> {
    let Some(lang) = Lang::parse(&query.to) else {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        return Err(ApiError::bad_request("invalid_language", format!("`to` must be one of: {}", codes.join(", "))));
    };
    // Browsers say where a navigation came from; only one from this site (or typed) may change
    // the account. Another site, even a sibling, changes the cookie only.
    let from_elsewhere =
        req.headers().get("sec-fetch-site").is_some_and(|site| !matches!(site.as_bytes(), b"same-origin" | b"none"));
    if let Some(actor) = caller.actor().filter(|_| !from_elsewhere) {
        state.accounts.choose_language(actor, lang).await?;
    }
    let cookie = Cookie::build(LANGUAGE_COOKIE, lang.code())
        .path("/")
        .http_only(true)
        .secure(caller.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .finish();
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, local_path(&query.next))).cookie(cookie).finish())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    csrf_token: String,
    email: String,
    password: String,
    next: String,
}

#[post("/login")]
async fn login(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(&form.next);
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.accounts.sign_in(&form.email, form.password.clone(), &caller.client_ip).await?)
    }
    .await;
    let done = |signed_in: crate::domain::accounts::SignedIn| {
        let cookie = caller.session_cookie(&signed_in.token, state.settings.accounts.session_absolute);
        let mut response = see_other(&caller, next, Notice::SignedIn);
        response.add_cookie(&cookie).map_err(|_| ApiError::unavailable())?;
        Ok(response)
    };
    reply(&caller, outcome, done, async |problem| {
        Ok(LoginPage { chrome: Chrome::of(&caller), form: FormState::with(&[("email", &form.email)], problem), next })
    })
    .await
}

#[post("/logout")]
async fn logout(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    if let Some(session) = &caller.session {
        state.accounts.sign_out(session.session_id).await?;
    }
    let mut response = see_other(&caller, "/", Notice::SignedOut);
    response.add_cookie(&caller.cleared_session_cookie()).map_err(|_| ApiError::unavailable())?;
    Ok(response)
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct PasswordResetPage {
    chrome: Chrome,
    form: FormState,
}

#[get("/password-reset")]
async fn password_reset_form(caller: Caller) -> Result<HttpResponse, ApiError> {
    render(&caller, StatusCode::OK, &PasswordResetPage { chrome: Chrome::of(&caller), form: FormState::default() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordResetForm {
    csrf_token: String,
    email: String,
}

#[post("/password-reset")]
async fn password_reset(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<PasswordResetForm>,
) -> Result<HttpResponse, ApiError> {
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.accounts.request_password_reset(&form.email, &caller.client_ip).await?)
    }
    .await;
    let done = |()| {
        let (heading, text) = (caller.lang.t("accounts-check-email"), caller.lang.t("accounts-password-reset-sent"));
        message(&caller, StatusCode::OK, &heading, &text, None)
    };
    reply(&caller, outcome, done, async |problem| {
        Ok(PasswordResetPage { chrome: Chrome::of(&caller), form: FormState::with(&[("email", &form.email)], problem) })
    })
    .await
}

#[derive(Template)]
#[template(path = "password_reset_confirm.html")]
struct PasswordResetConfirmPage {
    chrome: Chrome,
    form: FormState,
}

/// The link in the reset email: a form for the new password, carrying the token.
#[get("/password-reset/confirm")]
async fn password_reset_confirm_form(caller: Caller, query: web::Query<TokenQuery>) -> Result<HttpResponse, ApiError> {
    let form = FormState::with(&[("token", &query.token)], Problem::none());
    render(&caller, StatusCode::OK, &PasswordResetConfirmPage { chrome: Chrome::of(&caller), form })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordResetConfirmForm {
    csrf_token: String,
    token: String,
    password: String,
}

#[post("/password-reset/confirm")]
async fn password_reset_confirm(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<PasswordResetConfirmForm>,
) -> Result<HttpResponse, ApiError> {
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.accounts.confirm_password_reset(form.token.clone(), &form.password).await?)
    }
    .await;
    let done = |()| {
        let lang = caller.lang;
        let (heading, text) = (lang.t("accounts-password-changed"), lang.t("accounts-password-changed-text"));
        let sign_in = lang.t("sign-in");
        let mut response = message(&caller, StatusCode::OK, &heading, &text, Some(("/login", sign_in.as_str())))?;
        response.add_cookie(&caller.cleared_session_cookie()).map_err(|_| ApiError::unavailable())?;
        Ok(response)
    };
    reply(&caller, outcome, done, async |problem| {
        let form = FormState::with(&[("token", &form.token)], problem);
        Ok(PasswordResetConfirmPage { chrome: Chrome::of(&caller), form })
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(register_form)
        .service(register)
        .service(verify)
        .service(resend_verification)
        .service(login_form)
        .service(login)
        .service(logout)
        .service(password_reset_form)
        .service(password_reset)
        .service(password_reset_confirm_form)
        .service(password_reset_confirm)
        .service(choose_language);
}
