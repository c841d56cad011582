//! The JSON API under `/api/v1`. Request bodies default every field, so a missing field is a 422
//! naming it (like an empty one), not an opaque 400.

mod accounts;
mod admin;

use actix_web::web;

pub use accounts::{AccountsApi, LoginResponse, StatusResponse};
pub use admin::AdminApi;

pub fn routes(cfg: &mut web::ServiceConfig) {
    accounts::routes(cfg);
    admin::routes(cfg);
}
