//! Prometheus metrics: requests counted and timed by route pattern (never by raw path, which
//! would let a client create unbounded label values), and the connection pool's state. Every
//! label takes its value from a fixed set: a method HTTP does not define is `other`, a path no
//! route matches is `unmatched`. With `metrics.bearer_token` set, only a scraper holding the token
//! reads them.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, get, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppState;

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    background_failures: IntCounterVec,
}

/// Counts failures of background work (a scheduled publication, a digest run) by task.
#[derive(Clone)]
pub struct BackgroundFailures(IntCounterVec);

impl BackgroundFailures {
    pub fn inc_by(&self, task: &'static str, count: usize) {
        self.0.with_label_values(&[task]).inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new_custom(Some("tribune".into()), None).unwrap_or_default();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route pattern and status"),
            &["method", "route", "status"],
        );
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route pattern")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        );
        let pool = IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections by state"), &["state"]);
        let background_failures = IntCounterVec::new(
            Opts::new("background_failures_total", "Background work that failed and was skipped, by task"),
            &["task"],
        );
        // The names and labels above are constants, so these cannot fail; `expect` documents it.
        let (requests, latency, pool, background_failures) = (
            requests.expect("valid counter definition"),
            latency.expect("valid histogram definition"),
            pool.expect("valid gauge definition"),
            background_failures.expect("valid counter definition"),
        );
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool.clone()),
            Box::new(background_failures.clone()),
        ] {
            registry.register(collector).expect("metric names are unique");
        }
        Metrics { registry, requests, latency, pool, background_failures }
    }

    pub fn background_failures(&self) -> BackgroundFailures {
        BackgroundFailures(self.background_failures.clone())
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Middleware: counts and times every request.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let started = Instant::now();
    let recorder = req.app_data::<web::Data<AppState>>().map(|state| state.metrics.clone());
    let method = method_label(req.method());
    let response = next.call(req).await?;
    if let Some(recorder) = recorder {
        let request = response.request();
        let route = match request.match_pattern() {
            Some(pattern) if request.match_name() != Some(super::edge::UNMATCHED) => pattern,
            _ => super::edge::UNMATCHED.to_owned(),
        };
        recorder.requests.with_label_values(&[method, &route, response.status().as_str()]).inc();
        recorder.latency.with_label_values(&[method, &route]).observe(started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// The method as a label: one of those HTTP defines, or `other` for any a client invents.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN.iter().find(|known| *known == method).map_or("other", |known| known.as_str())
}

/// Whether the request may read the metrics: always when no token is set, otherwise only with
/// `Authorization: Bearer <token>`. Both sides are hashed first, so the comparison takes the same
/// time whatever the guess, its length included.
fn may_read(req: &HttpRequest, token: Option<&str>) -> bool {
    let Some(token) = token else {
        return true;
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, presented)| presented.trim());
    bool::from(Sha256::digest(presented.as_bytes()).ct_eq(&Sha256::digest(token.as_bytes())))
}

/// Prometheus text exposition. With `metrics.bearer_token` set, it needs that token.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses(
    (status = 200, content_type = "text/plain", body = String),
    (status = 401, content_type = "text/plain", body = String, description = "`metrics.bearer_token` is set and the request did not carry it")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    if !may_read(&req, state.settings.metrics.bearer_token.as_deref()) {
        return HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\""))
            .content_type("text/plain; charset=utf-8")
            .body("The metrics need the bearer token set in metrics.bearer_token.\n");
    }
    let pool = state.db.pool_state();
    let gauges = &state.metrics.pool;
    gauges.with_label_values(&["idle"]).set(i64::from(pool.idle_connections));
    gauges.with_label_values(&["in_use"]).set(i64::from(pool.connections - pool.idle_connections));
    gauges.with_label_values(&["max"]).set(i64::from(pool.max_connections));
    let mut text = Vec::new();
    match TextEncoder::new().encode(&state.metrics.registry.gather(), &mut text) {
        Ok(()) => HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}
