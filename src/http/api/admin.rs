//! `/api/v1/admin/*`: users and their roles, the outbox's dead letters, the suppressed addresses,
//! the site's settings, and the mail check (the transport in use, a test message).

use actix_web::{HttpResponse, delete, get, post, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::accounts::RegistrationInput;
use crate::domain::policy::{Action, authorize};
use crate::domain::site::{CallToAction, CallToActionInput, SiteIdentity, SiteInput};
use crate::domain::user::Role;
use crate::email::check::{MailStatus, TestOutcome, TestResult};
use crate::email::transport::TransportView;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::body::OptionalJson;
use crate::http::error::{ApiError, ErrorBody};

pub use crate::email::admin::OutboxEntry as OutboxMessage;
use crate::email::admin::SuppressionEntry;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CursorQuery {
    pub cursor: Option<String>,
}

/// All users with their roles, keyset paged.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", params(CursorQuery), responses(
    (status = 200, description = "`{items: [UserView], next_cursor}`"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/admin/users")]
async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    Ok(HttpResponse::Ok().json(state.accounts.list_users(&session.actor, query.cursor.as_deref()).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CreateUserRequest {
    email: String,
    password: String,
    display_name: String,
    location: String,
    roles: Vec<Role>,
}

/// Creates a verified user with roles.
#[utoipa::path(post, path = "/api/v1/admin/users", tag = "admin", request_body = CreateUserRequest, responses(
    (status = 201, body = crate::domain::accounts::UserView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/admin/users")]
async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    let body = body.into_inner();
    let input = RegistrationInput {
        email: body.email,
        password: body.password,
        display_name: body.display_name,
        location: body.location,
    };
    Ok(HttpResponse::Created().json(state.accounts.create_user(&session.actor, input, body.roles).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RolesRequest {
    /// The complete set of roles the user should hold.
    pub roles: Vec<Role>,
}

/// Replaces a user's roles.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/roles", tag = "admin", request_body = RolesRequest, responses(
    (status = 200, body = crate::domain::accounts::UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, body = ErrorBody)))]
#[post("/admin/users/{id}/roles")]
async fn set_roles(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<RolesRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    let user = state.accounts.set_roles(&session.actor, path.into_inner(), body.into_inner().roles).await?;
    Ok(HttpResponse::Ok().json(user))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatusQuery {
    /// `pending`, `sent`, `dead` (the default) or `suppressed` (not sent: the address bounced
    /// hard or complained).
    status: Option<String>,
}

/// Outbox messages by state, newest first (dead letters by default).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", params(StatusQuery), responses(
    (status = 200, description = "`{items: [OutboxEntry], next_cursor: null}`"), (status = 403, body = ErrorBody)))]
#[get("/admin/outbox")]
async fn list_outbox(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, ApiError> {
    let items = state.outbox.list(caller.actor(), query.status.as_deref().unwrap_or("dead")).await?;
    Ok(HttpResponse::Ok().json(crate::domain::Page { items, next_cursor: None }))
}

/// Queues a dead letter again.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin", responses(
    (status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/admin/outbox/{id}/retry")]
async fn retry_outbox(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state.outbox.retry(caller.actor(), path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Addresses that bounced hard or complained, newest first: only account-security mail (password
/// resets, address verification) still goes to them.
#[utoipa::path(get, path = "/api/v1/admin/suppressions", tag = "admin", responses(
    (status = 200, description = "`{items: [SuppressionEntry], next_cursor: null}`"), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody)))]
#[get("/admin/suppressions")]
async fn list_suppressions(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items = state.outbox.suppressions(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(crate::domain::Page { items, next_cursor: None }))
}

/// Lets all mail go to the address again.
#[utoipa::path(delete, path = "/api/v1/admin/suppressions/{address}", tag = "admin", responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/admin/suppressions/{address}")]
async fn clear_suppression(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state.outbox.clear_suppression(caller.actor(), &path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Where mail goes (never a password), where a test message would go, and the newest messages.
#[utoipa::path(get, path = "/api/v1/admin/mail", tag = "admin", responses(
    (status = 200, body = MailStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/admin/mail")]
async fn mail_status(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.mail.status(caller.actor()).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MailTestRequest {
    /// Where to send the test message; left out or blank: the signed-in admin's own address.
    to: Option<String>,
}

/// Sends a test message now, through the transport the outbox worker uses, and waits (up to 30 s)
/// for the outcome. A message the server refuses is an answer (`result: failed` with the error
/// in words), not an error: the message stays in the outbox as a dead letter.
#[utoipa::path(post, path = "/api/v1/admin/mail/test", tag = "admin", request_body = MailTestRequest, responses(
    (status = 200, body = TestOutcome), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
#[post("/admin/mail/test")]
async fn send_test_mail(
    state: web::Data<AppState>,
    caller: Caller,
    OptionalJson(body): OptionalJson<MailTestRequest>,
) -> Result<HttpResponse, ApiError> {
    let to = body.and_then(|b| b.to);
    Ok(HttpResponse::Ok().json(state.mail.send_test(caller.actor(), to.as_deref()).await?))
}

/// The site's title, the organisation's name, the footer and the calls to action.
#[utoipa::path(get, path = "/api/v1/admin/site", tag = "admin", responses(
    (status = 200, body = SiteIdentity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/admin/site")]
async fn site(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    authorize(caller.actor(), Action::ManageSite)?;
    Ok(HttpResponse::Ok().json(&*state.site.identity().await?))
}

/// Replaces the site's settings; every page, email and bulletin carries them from now on.
#[utoipa::path(put, path = "/api/v1/admin/site", tag = "admin", request_body = SiteInput, responses(
    (status = 200, body = SiteIdentity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
#[put("/admin/site")]
async fn save_site(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<SiteInput>,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    Ok(HttpResponse::Ok().json(&*state.site.update(&session.actor, body.into_inner()).await?))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(set_roles)
        .service(list_outbox)
        .service(retry_outbox)
        .service(list_suppressions)
        .service(clear_suppression)
        .service(mail_status)
        .service(send_test_mail)
        .service(site)
        .service(save_site);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_users,
        create_user,
        set_roles,
        list_outbox,
        retry_outbox,
        list_suppressions,
        clear_suppression,
        mail_status,
        send_test_mail,
        site,
        save_site
    ),
    components(schemas(
        CreateUserRequest,
        RolesRequest,
        OutboxMessage,
        SuppressionEntry,
        MailStatus,
        MailTestRequest,
        TestOutcome,
        TestResult,
        TransportView,
        SiteIdentity,
        SiteInput,
        CallToAction,
        CallToActionInput
    ))
)]
pub struct AdminApi;
