//! Errors have the contract's shape everywhere: JSON under `/api/`, an HTML page elsewhere, and
//! never a framework default or a 5xx for anything a client sends.

mod common;

use common::{TestApp, error_code};
use serde_json::json;

on_both_backends! {
    async fn unknown_api_route_is_a_json_404(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/api/v1/no-such-thing").await;
        assert_eq!(response.status(), 404);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        assert_eq!(error_code(response).await, "not_found");
    }

    async fn unknown_page_is_an_html_404(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/no-such-page").await;
        assert_eq!(response.status(), 404);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = response.text().await.unwrap();
        assert!(html.contains("<h1>Page not found</h1>"), "{html}");
    }

    async fn wrong_method_on_an_api_route_answers_in_the_error_format(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.delete(app.url("/api/openapi.json")).send().await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        error_code(response).await;
    }

    async fn malformed_json_is_a_400_in_the_error_format(backend) {
        let app = TestApp::spawn(backend).await;
        for body in ["{not json", "[1,2,3]", "{\"email\": 5}", ""] {
            let response = app
                .client
                .post(app.url("/api/v1/auth/login"))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{body:?}");
            assert_eq!(error_code(response).await, "malformed_json");
        }
    }

    async fn an_oversized_body_is_a_413(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("server.max_body_bytes", 2048))).await;
        let huge = json!({"email": "a@example.org", "password": "x".repeat(10_000)});
        let response = app.post_json("/api/v1/auth/login", &huge).await;
        assert_eq!(response.status(), 413);
        assert_eq!(error_code(response).await, "payload_too_large");
        let form = app.client.post(app.url("/login")).form(&[("email", "x".repeat(10_000))]).send().await.unwrap();
        assert_eq!(form.status(), 413);
    }

    async fn a_json_route_called_with_another_content_type_is_a_415(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.post(app.url("/api/v1/auth/login")).body("email=a").header("content-type", "text/plain").send().await.unwrap();
        assert_eq!(response.status(), 415);
        assert_eq!(error_code(response).await, "unsupported_media_type");
    }

    async fn a_non_numeric_id_in_a_path_is_a_404(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.post(app.url("/api/v1/admin/users/abc/roles")).json(&json!({"roles": []})).send().await.unwrap();
        assert_eq!(response.status(), 404);
        assert_eq!(error_code(response).await, "not_found");
    }

    async fn a_bad_query_string_is_a_400(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/verify?token=%ZZ").await;
        assert!(response.status().is_client_error(), "{}", response.status());
    }

    async fn a_malformed_form_post_is_refused_without_a_5xx(backend) {
        let app = TestApp::spawn(backend).await;
        for body in ["%%%", "a=1&a=2", "csrf_token[]=x"] {
            let response = app.client.post(app.url("/login")).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
            assert!(response.status().is_client_error(), "{body}: {}", response.status());
        }
    }
}
