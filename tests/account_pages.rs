//! The account pages as a person uses them, without JavaScript: forms with CSRF tokens, errors
//! beside the fields, input kept, and links from real emails.

mod common;

use reqwest::Method;
use tribune::domain::user::Role;

use common::{PASSWORD, TestApp, csrf_field};

on_both_backends! {
    async fn a_person_registers_verifies_and_signs_in_through_the_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let form = app.page("/register").await;
        assert!(form.contains(r#"<label for="email">"#), "labelled fields");
        let token = csrf_field(&form);
        let response = app
            .submit("/register", &[
                ("csrf_token", &token), ("email", "clara@example.org"), ("display_name", "Clara"),
                ("location", "Oakland"), ("password", PASSWORD),
            ])
            .await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("Check your email"));

        let email = app.smtp.wait_for("clara@example.org", "Confirm").await;
        let confirmed = app.page(&email.link("/verify")).await;
        assert!(confirmed.contains("Address confirmed"), "{confirmed}");

        let login = app.page("/login").await;
        let response = app
            .submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "clara@example.org"), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status(), 303);
        let home = app.page("/").await;
        assert!(home.contains("Sign out"), "{home}");
        let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["email_verified"], true);
    }

    async fn form_errors_appear_beside_the_fields_and_input_is_kept(backend) {
        let app = TestApp::spawn(backend).await;
        let token = csrf_field(&app.page("/register").await);
        let response = app
            .submit("/register", &[
                ("csrf_token", &token), ("email", "not-an-address"), ("display_name", "Kept <Name>"),
                ("location", ""), ("password", "short"),
            ])
            .await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="email-error""#), "{html}");
        assert!(html.contains(r#"id="location-error""#), "{html}");
        assert!(html.contains(r#"id="password-error""#), "{html}");
        assert!(html.contains(r#"value="not-an-address""#), "the input is kept: {html}");
        assert!(html.contains("Kept &#60;Name&#62;") || html.contains("Kept &lt;Name&gt;"), "kept and escaped: {html}");
        assert!(!html.contains("value=\"short\""), "a password is never echoed back");
    }

    async fn a_wrong_password_on_the_login_page_says_so_and_keeps_the_address(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let token = csrf_field(&app.page("/login").await);
        let response = app.submit("/login", &[("csrf_token", &token), ("email", "ada@example.org"), ("password", "wrong wrong wrong")]).await;
        assert_eq!(response.status(), 401);
        let html = response.text().await.unwrap();
        assert!(html.contains("The email or password is wrong."), "{html}");
        assert!(html.contains(r#"value="ada@example.org""#), "{html}");
    }

    async fn a_forged_cross_site_form_post_fails(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("admin@example.org", &[Role::Admin]);
        let victim_id = app.create_user("mem@example.org", &[Role::Member]);
        let token = csrf_field(&app.page("/login").await);
        let signed_in = app.submit("/login", &[("csrf_token", &token), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(signed_in.status(), 303);

        // Another site's form: the browser sends the session cookie, but the page cannot know the token.
        let path = format!("/admin/users/{victim_id}/roles");
        for forged in [vec![("admin", "on")], vec![("admin", "on"), ("csrf_token", "guessed")]] {
            let response = app.submit(&path, &forged).await;
            assert_eq!(response.status(), 403, "{forged:?}");
            assert!(response.text().await.unwrap().contains("CSRF"));
        }
        let sign_out = app.submit("/logout", &[]).await;
        assert_eq!(sign_out.status(), 403);
        let admin = app.sign_in("admin@example.org", PASSWORD).await;
        let users: serde_json::Value =
            app.as_user(Method::GET, "/api/v1/admin/users", &admin).send().await.unwrap().json().await.unwrap();
        let victim = users["items"].as_array().unwrap().iter().find(|u| u["id"] == victim_id).unwrap().clone();
        assert_eq!(victim["roles"], serde_json::json!(["member"]), "nothing changed");

        // The real form, with its token, works.
        let admin_page = app.page("/admin").await;
        let response = app.submit(&path, &[("csrf_token", &csrf_field(&admin_page)), ("member", "on"), ("expert", "on")]).await;
        assert_eq!(response.status(), 303);
    }

    async fn signed_out_forms_refuse_a_missing_token(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.submit("/register", &[("email", "x@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(response.status(), 403);
        let response = app.submit("/login", &[("csrf_token", "nope"), ("email", "x@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(response.status(), 403);
    }

    async fn password_reset_through_the_pages(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let token = csrf_field(&app.page("/password-reset").await);
        let response = app.submit("/password-reset", &[("csrf_token", &token), ("email", "ada@example.org")]).await;
        assert_eq!(response.status(), 200);
        let email = app.smtp.wait_for("ada@example.org", "Reset").await;
        let form = app.page(&email.link("/password-reset/confirm")).await;
        let reset_token = email.token("/password-reset/confirm");
        assert!(form.contains(&reset_token), "the form carries the token");
        let response = app
            .submit("/password-reset/confirm", &[("csrf_token", &csrf_field(&form)), ("token", &reset_token), ("password", "my new long passphrase")])
            .await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("Password changed"));
        app.sign_in("ada@example.org", "my new long passphrase").await;
    }

    async fn the_admin_page_is_for_admins_only(backend) {
        let app = TestApp::spawn(backend).await;
        let anonymous = app.get("/admin").await;
        assert_eq!(anonymous.status(), 401);
        assert!(anonymous.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let member = app.user_with("mem@example.org", &[Role::Member]).await;
        let forbidden = app.as_user(Method::GET, "/admin", &member).send().await.unwrap();
        assert_eq!(forbidden.status(), 403);
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let page = app.as_user(Method::GET, "/admin", &admin).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("mem@example.org") && html.contains("Undelivered email"), "{html}");
    }
}
