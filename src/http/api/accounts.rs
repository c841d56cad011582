//! `/api/v1/auth/*` and `/api/v1/me`.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::accounts::{RegistrationInput, Resent, UserView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RegisterRequest {
    email: String,
    password: String,
    display_name: String,
    location: String,
}

#[derive(Serialize, ToSchema)]
pub struct StatusResponse {
    /// What happened, e.g. `verification_sent`.
    pub status: &'static str,
    pub message: &'static str,
}

/// Registers a member and emails a verification link. The answer is the same for an address
/// that already has an account (that owner is emailed instead), so it reveals nobody.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterRequest, responses(
    (status = 201, body = StatusResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/auth/register")]
async fn register(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let input = RegistrationInput {
        email: body.email,
        password: body.password,
        display_name: body.display_name,
        location: body.location,
    };
    state.accounts.register(input, &caller.client_ip).await?;
    Ok(HttpResponse::Created().json(StatusResponse {
        status: "verification_sent",
        message: "Check your email for a link to confirm your address.",
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TokenRequest {
    token: String,
}

/// Confirms an email address with the token from the verification email.
#[utoipa::path(post, path = "/api/v1/auth/verify", tag = "accounts", request_body = TokenRequest, responses(
    (status = 200, body = StatusResponse), (status = 422, body = ErrorBody)))]
#[post("/auth/verify")]
async fn verify(state: web::Data<AppState>, body: web::Json<TokenRequest>) -> Result<HttpResponse, ApiError> {
    state.accounts.verify_email(body.into_inner().token).await?;
    Ok(HttpResponse::Ok().json(StatusResponse { status: "verified", message: "Your address is confirmed." }))
}

#[derive(Serialize, ToSchema)]
pub struct ResendResponse {
    /// `verification_sent`, or `already_verified` (nothing was sent).
    pub status: &'static str,
    pub message: String,
}

/// Emails the signed-in member a new link to confirm their address ("Send the link again"); the
/// links sent before keep working. Throttled per account: past the limit nothing is sent and the
/// answer is the same 202.
#[utoipa::path(post, path = "/api/v1/auth/verify/resend", tag = "accounts", responses(
    (status = 202, body = ResendResponse, description = "A new link is on its way (or the limit was reached: the answer is the same)"),
    (status = 200, body = ResendResponse, description = "The address is confirmed already; nothing was sent"),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[post("/auth/verify/resend")]
async fn resend_verification(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    Ok(match state.accounts.resend_verification(&session.actor).await? {
        Resent::Sent { to } => HttpResponse::Accepted()
            .json(ResendResponse { status: "verification_sent", message: format!("We sent a new link to {to}.") }),
        Resent::AlreadyConfirmed => HttpResponse::Ok()
            .json(ResendResponse { status: "already_verified", message: "Your address is confirmed already.".into() }),
    })
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LoginRequest {
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`; the same value is set as the session cookie.
    pub token: String,
    /// Send as `X-CSRF-Token` on unsafe requests authenticated by the cookie.
    pub csrf_token: String,
    pub user: UserView,
}

/// Signs in: sets the `tribune_session` cookie and returns the bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest, responses(
    (status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let signed_in = state.accounts.sign_in(&email, password, &caller.client_ip).await?;
    let cookie = caller.session_cookie(&signed_in.token, state.settings.accounts.session_absolute);
    Ok(HttpResponse::Ok().cookie(cookie).json(LoginResponse {
        token: signed_in.token,
        csrf_token: signed_in.csrf_token,
        user: signed_in.user,
    }))
}

/// Signs out: the session is revoked everywhere it was used.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    state.accounts.sign_out(session.session_id).await?;
    Ok(HttpResponse::NoContent().cookie(caller.cleared_session_cookie()).finish())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PasswordResetRequest {
    email: String,
}

/// Emails a reset link if the address has an account; answers 202 either way.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts", request_body = PasswordResetRequest, responses(
    (status = 202, body = StatusResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/auth/password-reset")]
async fn password_reset(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    state.accounts.request_password_reset(&body.email, &caller.client_ip).await?;
    Ok(HttpResponse::Accepted().json(StatusResponse {
        status: "reset_requested",
        message: "If the address has an account, a link to choose a new password is on its way.",
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PasswordResetConfirmRequest {
    token: String,
    password: String,
}

/// Sets a new password with the emailed token; every session of the account is revoked.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "accounts", request_body = PasswordResetConfirmRequest,
    responses((status = 200, body = StatusResponse), (status = 422, body = ErrorBody)))]
#[post("/auth/password-reset/confirm")]
async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: web::Json<PasswordResetConfirmRequest>,
) -> Result<HttpResponse, ApiError> {
    let PasswordResetConfirmRequest { token, password } = body.into_inner();
    state.accounts.confirm_password_reset(token, &password).await?;
    Ok(HttpResponse::Ok()
        .json(StatusResponse { status: "password_changed", message: "Sign in with your new password." }))
}

/// The signed-in user with their roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses(
    (status = 200, body = UserView), (status = 401, body = ErrorBody)))]
#[get("/me")]
async fn me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    Ok(HttpResponse::Ok().json(state.accounts.me(&session.actor).await?))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(register)
        .service(resend_verification)
        .service(verify)
        .service(login)
        .service(logout)
        .service(password_reset)
        .service(password_reset_confirm)
        .service(me);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(register, verify, resend_verification, login, logout, password_reset, password_reset_confirm, me),
    components(schemas(
        RegisterRequest,
        TokenRequest,
        ResendResponse,
        LoginRequest,
        PasswordResetRequest,
        PasswordResetConfirmRequest
    ))
)]
pub struct AccountsApi;
