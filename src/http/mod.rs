//! HTTP: routes, extractors, templates and the translation of domain results into responses.
//! A handler parses its input, asks the policy, calls the domain, and renders JSON or HTML.

mod api;
mod auth;
mod body;
pub mod client_address;
mod edge;
pub mod error;
mod health;
mod linger;
mod metrics;
mod notice;
mod openapi;
mod pages;
mod upload;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpMessage, HttpServer, web};
use tracing_actix_web::{RequestId, TracingLogger};

use crate::app::Services;
use crate::config::Settings;

pub use metrics::{BackgroundFailures, Metrics};

/// What every handler can reach.
pub struct AppState {
    pub services: Services,
    pub settings: Arc<Settings>,
    pub metrics: Metrics,
    pub bulletins: crate::bulletin::Bulletins,
    /// The pages signed-out readers share (see [`pages::SharedPages`]).
    pub shared_pages: pages::SharedPages,
}

impl AppState {
    /// The interface language of a reader who asked for none Tribune speaks: the discussion's
    /// default language if Tribune speaks it, else English.
    pub fn default_lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::parse(self.settings.discussion.default_language()).unwrap_or_default()
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    /// Handlers reach the services directly: `state.accounts`, `state.review`...
    fn deref(&self) -> &Services {
        &self.services
    }
}

/// No inline script or style anywhere, no framing, forms post only to us.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Binds the listener and builds the server; the caller awaits (or spawns) the returned
/// [`Server`]. On SIGTERM or SIGINT it stops accepting and drains in-flight requests for up to
/// `server.shutdown_timeout`.
pub fn start(settings: Arc<Settings>, services: Services, metrics: Metrics) -> std::io::Result<(Server, SocketAddr)> {
    let listener = TcpListener::bind(settings.listen)?;
    let address = listener.local_addr()?;
    let state = web::Data::new(AppState {
        settings: settings.clone(),
        metrics,
        bulletins: crate::bulletin::Bulletins::new(),
        shared_pages: pages::SharedPages::new(services.db.clone(), settings.page_cache),
        services,
    });
    let max_body_bytes = settings.server.max_body_bytes;
    // Browsers that reached us over https keep to https for this long; over http the header
    // would be meaningless (and wrong for a development server), so it is never sent.
    let strict_transport_security = (settings.public_url.scheme() == "https" && settings.server.hsts_max_age_secs > 0)
        .then(|| format!("max-age={}", settings.server.hsts_max_age_secs));
    let mut server = HttpServer::new(move || {
        let mut headers = DefaultHeaders::new()
            .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
            .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .add((header::REFERRER_POLICY, "same-origin"))
            .add((header::X_FRAME_OPTIONS, "DENY"));
        if let Some(value) = &strict_transport_security {
            headers = headers.add((header::STRICT_TRANSPORT_SECURITY, value.clone()));
        }
        App::new()
            .app_data(state.clone())
            .configure(error::extractor_configs(max_body_bytes))
            .configure(routes)
            .wrap(from_fn(edge::serve_head_as_get))
            .wrap(from_fn(edge::refuse_unshowable_text))
            .wrap(error::error_pages())
            .wrap(from_fn(metrics::record))
            .wrap(headers)
            .wrap_fn(|req, srv| {
                use actix_web::dev::Service;
                let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
                let response = srv.call(req);
                async move {
                    let mut response = response.await?;
                    if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                        response.headers_mut().insert(header::HeaderName::from_static("x-request-id"), value);
                    }
                    Ok(response)
                }
            })
            .wrap(TracingLogger::default())
    })
    // A client still sending a request head too large to read hears the 431 (see `linger`).
    .on_connect(linger::on_connect)
    .listen(listener)?
    .shutdown_timeout(settings.server.shutdown_timeout.as_secs());
    if let Some(workers) = settings.server.workers {
        server = server.workers(workers);
    }
    Ok((server.run(), address))
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(metrics::metrics)
        .service(openapi::openapi_json)
        .service(web::scope("/api/v1").configure(api::routes).service(edge::unmatched()))
        .configure(pages::routes)
        .service(edge::unmatched());
}
