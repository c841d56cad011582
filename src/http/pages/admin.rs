//! `/admin`: users and their roles, and undelivered email.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, CsrfOnly, redirect, render};
use crate::domain::accounts::UserView;
use crate::domain::user::Role;
use crate::email::admin::OutboxEntry;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    users: Vec<UserView>,
    next_cursor: Option<String>,
    all_roles: [Role; 4],
    dead_letters: Vec<OutboxEntry>,
}

#[derive(Deserialize)]
struct CursorQuery {
    cursor: Option<String>,
}

#[get("/admin")]
async fn admin(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    let users = state.accounts.list_users(&session.actor, query.cursor.as_deref()).await?;
    let dead_letters = state.outbox.list(Some(&session.actor), "dead").await?;
    let page = AdminPage {
        chrome: Chrome::of(&caller),
        users: users.items,
        next_cursor: users.next_cursor,
        all_roles: Role::ALL,
        dead_letters,
    };
    render(&caller, StatusCode::OK, &page)
}

/// One checkbox per role; an unticked box is absent from the form.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RolesForm {
    csrf_token: String,
    member: Option<String>,
    editor: Option<String>,
    expert: Option<String>,
    admin: Option<String>,
}

#[post("/admin/users/{id}/roles")]
async fn set_roles(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    form: web::Form<RolesForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let session = caller.signed_in()?;
    let ticked = [
        (Role::Member, &form.member),
        (Role::Editor, &form.editor),
        (Role::Expert, &form.expert),
        (Role::Admin, &form.admin),
    ];
    let roles = ticked.into_iter().filter(|(_, v)| v.is_some()).map(|(role, _)| role).collect();
    state.accounts.set_roles(&session.actor, path.into_inner(), roles).await?;
    Ok(redirect("/admin#users"))
}

#[post("/admin/outbox/{id}/retry")]
async fn retry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    state.outbox.retry(caller.actor(), path.into_inner()).await?;
    Ok(redirect("/admin#dead"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(admin).service(set_roles).service(retry);
}
