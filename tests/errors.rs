//! Errors have the contract's shape everywhere: JSON under `/api/`, an HTML page elsewhere, and
//! never a framework default or a 5xx for anything a client sends.

mod common;

use common::{TestApp, error_code};

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
        assert!(html.contains("<h1>404"), "{html}");
    }

    async fn wrong_method_on_an_api_route_answers_in_the_error_format(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.delete(app.url("/api/openapi.json")).send().await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        error_code(response).await;
    }
}
