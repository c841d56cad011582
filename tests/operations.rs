//! Health, readiness, metrics, the OpenAPI document, security headers and request ids.

mod common;

use common::{Backend, TestApp};

on_both_backends! {
    async fn healthz_answers_ok(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }

    async fn readyz_reports_the_database_it_reached(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        let expected = match backend { Backend::Sqlite => "sqlite", Backend::Postgres => "postgres" };
        assert_eq!(body["database"], expected);
    }

    async fn metrics_count_requests_by_route_pattern_and_show_the_pool(backend) {
        let app = TestApp::spawn(backend).await;
        for _ in 0..3 {
            app.get("/healthz").await;
        }
        app.get("/no/such/page/42").await;
        let text = app.get("/metrics").await.text().await.unwrap();
        assert!(
            text.contains(r#"tribune_http_requests_total{method="GET",route="/healthz",status="200"} 3"#),
            "{text}"
        );
        // Unknown paths share one label, so clients cannot grow the label set.
        assert!(text.contains(r#"route="unmatched",status="404"} 1"#), "{text}");
        assert!(!text.contains("/no/such/page"), "{text}");
        assert!(text.contains("tribune_http_request_duration_seconds_bucket"), "{text}");
        assert!(text.contains(r#"tribune_db_pool_connections{state="max"} 4"#), "{text}");
    }

    async fn openapi_document_describes_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/api/openapi.json").await;
        assert_eq!(response.status(), 200);
        let doc: serde_json::Value = response.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        assert!(doc["paths"]["/healthz"]["get"].is_object(), "{doc}");
        assert!(doc["components"]["schemas"]["ErrorBody"].is_object(), "{doc}");
    }

    async fn every_response_carries_security_headers_and_a_request_id(backend) {
        let app = TestApp::spawn(backend).await;
        for path in ["/healthz", "/no-such-page", "/api/v1/nothing"] {
            let response = app.get(path).await;
            let headers = response.headers();
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert!(headers.contains_key("referrer-policy"), "{path}");
            assert!(!headers["x-request-id"].is_empty(), "{path}");
        }
        let first = app.get("/healthz").await.headers()["x-request-id"].clone();
        let second = app.get("/healthz").await.headers()["x-request-id"].clone();
        assert_ne!(first, second);
    }
}
