//! Prometheus metrics: requests counted and timed by route pattern (never by raw path, which
//! would let a client create unbounded label values), and the connection pool's state.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, get, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

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
    let method = req.method().as_str().to_owned();
    let response = next.call(req).await?;
    if let Some(recorder) = recorder {
        let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        recorder.requests.with_label_values(&[method.as_str(), &route, response.status().as_str()]).inc();
        recorder.latency.with_label_values(&[method.as_str(), &route]).observe(started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
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
