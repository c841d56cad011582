//! The editors' desk settings: `/api/v1/review/settings` (an editor's own topics and daily
//! reminder) and `/api/v1/admin/editors` (every editor's, for admins).

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::domain::editors::{EditorSettings, SettingsChange};
use crate::domain::policy::{Action, authorize};
use crate::domain::{FieldErrors, Page};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::i18n::Message;

/// A change of settings; a field left out (or null) stays as it is.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SettingsRequest {
    /// The topics to follow, each `convention-slug/topic-slug` (e.g. `"30th-national/labor"`);
    /// `[]` follows every topic.
    #[schema(value_type = Option<Vec<String>>)]
    topics: Option<Value>,
    /// `true` or `false`: whether the daily reminder email is sent.
    #[schema(value_type = Option<bool>)]
    daily_reminder: Option<Value>,
}

impl SettingsRequest {
    /// The change asked for; a field of the wrong JSON type is a 422 naming it.
    fn change(self) -> Result<SettingsChange, ApiError> {
        let mut errors = FieldErrors::default();
        let topics = match self.topics {
            None => None,
            Some(Value::Array(items)) => {
                let names: Option<Vec<String>> = items.iter().map(|item| item.as_str().map(str::to_string)).collect();
                if names.is_none() {
                    errors.add("topics", Message::of("invalid-must-list-topic-names-convention-slug"));
                }
                names
            }
            Some(_) => {
                errors.add("topics", Message::of("invalid-must-list-topic-names-convention-slug"));
                None
            }
        };
        let daily_reminder = match self.daily_reminder {
            None => None,
            Some(Value::Bool(on)) => Some(on),
            Some(_) => {
                errors.add("daily_reminder", Message::of("invalid-must-true-or-false"));
                None
            }
        };
        errors.into_result()?;
        Ok(SettingsChange { topics, daily_reminder })
    }
}

/// The signed-in editor's topics and daily reminder setting.
#[utoipa::path(get, path = "/api/v1/review/settings", tag = "review", responses(
    (status = 200, body = EditorSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/review/settings")]
async fn my_settings(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.editors.settings(caller.actor()).await?))
}

/// Changes the signed-in editor's topics and daily reminder setting.
#[utoipa::path(put, path = "/api/v1/review/settings", tag = "review", request_body = SettingsRequest, responses(
    (status = 200, body = EditorSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
#[put("/review/settings")]
async fn save_my_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<SettingsRequest>,
) -> Result<HttpResponse, ApiError> {
    // Who may ask comes before what was asked: a caller without the role learns nothing more.
    authorize(caller.actor(), Action::SeeReviewQueue)?;
    let change = body.into_inner().change()?;
    Ok(HttpResponse::Ok().json(state.editors.save_settings(caller.actor(), change).await?))
}

/// Every editor with the topics they follow and their daily reminder setting.
#[utoipa::path(get, path = "/api/v1/admin/editors", tag = "admin", responses(
    (status = 200, description = "`{items: [EditorSettings], next_cursor: null}`"), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody)))]
#[get("/admin/editors")]
async fn editors(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items = state.editors.editors(caller.actor()).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

/// Changes an editor's topics and daily reminder setting; 404 for a user who is not an editor.
#[utoipa::path(put, path = "/api/v1/admin/editors/{id}/settings", tag = "admin", request_body = SettingsRequest,
    responses((status = 200, body = EditorSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/admin/editors/{id}/settings")]
async fn save_editor_settings(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<SettingsRequest>,
) -> Result<HttpResponse, ApiError> {
    authorize(caller.actor(), Action::ManageUsers)?;
    let change = body.into_inner().change()?;
    Ok(HttpResponse::Ok().json(state.editors.save_editor_settings(caller.actor(), path.into_inner(), change).await?))
}

/// Registered before the review routes, so `/review/settings` is not taken for a submission id.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(my_settings).service(save_my_settings).service(editors).service(save_editor_settings);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(my_settings, save_my_settings, editors, save_editor_settings),
    components(schemas(SettingsRequest, EditorSettings))
)]
pub struct EditorsApi;
