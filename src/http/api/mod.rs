//! The JSON API under `/api/v1`. Request bodies default every field, so a missing field is a 422
//! naming it (like an empty one), not an opaque 400.

mod accounts;
mod admin;
mod articles;
mod community;
mod conventions;
mod editors;
mod json;
mod mailbag;
mod reasons;
mod review;
mod submissions;

use actix_web::web;

pub use accounts::{AccountsApi, LoginResponse, StatusResponse};
pub use admin::AdminApi;
pub use articles::ArticlesApi;
pub use community::CommunityApi;
pub use conventions::ConventionsApi;
pub use editors::EditorsApi;
pub use mailbag::{MailbagApi, THREADS_PER_PAGE};
pub use reasons::ReasonsApi;
pub use review::ReviewApi;
pub use submissions::SubmissionsApi;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The router tries routes in order, so what readers ask for most comes first.
    articles::routes(cfg);
    accounts::routes(cfg);
    admin::routes(cfg);
    community::routes(cfg);
    reasons::routes(cfg);
    conventions::routes(cfg);
    submissions::routes(cfg);
    editors::routes(cfg);
    review::routes(cfg);
    mailbag::routes(cfg);
}
