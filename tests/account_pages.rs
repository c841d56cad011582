//! The account pages as a person uses them, without JavaScript: forms with CSRF tokens, errors
//! beside the fields, input kept, and links from real emails.

mod common;

use reqwest::Method;
use tribune::domain::user::Role;

use common::{PASSWORD, TestApp, csrf_field, hidden_field};

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
        assert_eq!(anonymous.status(), 303, "signed out: sent to sign in");
        assert_eq!(anonymous.headers()["location"], "/login?next=%2Fadmin");
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

on_both_backends! {
    async fn a_signed_out_visit_to_a_page_that_needs_signing_in_goes_there_after_signing_in(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member, Role::Editor]);
        let response = app.get("/review?status=submitted").await;
        assert_eq!(response.status(), 303);
        let to = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(to, "/login?next=%2Freview%3Fstatus%3Dsubmitted");
        let login = app.page(&to).await;
        let next = hidden_field(&login, "next");
        assert_eq!(next, "/review?status=submitted");
        let response = app
            .submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "ada@example.org"), ("password", PASSWORD), ("next", &next)])
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/review?status=submitted");
    }

    async fn signing_in_never_sends_anyone_to_another_site(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        for next in ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "review"] {
            let login = app.page(&format!("/login?next={}", urlencode(next))).await;
            assert!(!login.contains("evil.example"), "the sign-in page does not carry {next}");
            let response = app
                .submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "ada@example.org"), ("password", PASSWORD), ("next", next)])
                .await;
            assert_eq!(response.status(), 303);
            assert_eq!(response.headers()["location"], "/", "after next={next}");
        }
    }

    async fn after_signing_in_the_next_page_says_so_once_and_the_header_names_the_user(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let login = app.page("/login").await;
        assert!(login.contains(">Sign in</a>") && !login.contains("Signed in as"));
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "ada@example.org"), ("password", PASSWORD)]).await;
        let home = app.page("/").await;
        assert!(home.contains(r#"role="status">You are signed in."#), "{home}");
        assert!(home.contains("Signed in as <strong>"), "{home}");
        assert!(home.contains(r#"href="/submit">Submit an essay"#) && home.contains(r#"href="/me/submissions""#), "{home}");
        assert!(!home.contains(r#"href="/review""#), "a member has no review queue: {home}");
        let again = app.page("/").await;
        assert!(!again.contains("You are signed in."), "a notice is said once: {again}");

        let token = csrf_field(&again);
        let response = app.submit("/logout", &[("csrf_token", &token)]).await;
        assert_eq!(response.status(), 303);
        let home = app.page("/").await;
        assert!(home.contains("You are signed out.") && !home.contains("Signed in as"), "{home}");
    }

    async fn an_error_page_keeps_the_header_of_whoever_is_signed_in(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member, Role::Editor]);
        let login = app.page("/login").await;
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "ada@example.org"), ("password", PASSWORD)]).await;
        let response = app.get("/articles/no-such-article").await;
        assert_eq!(response.status(), 404);
        let html = response.text().await.unwrap();
        assert!(html.contains("<title>Page not found"), "a title in words: {html}");
        assert!(html.contains("Signed in as") && html.contains(r#"href="/review""#), "{html}");
    }

    async fn a_form_sent_from_a_stale_page_comes_back_with_what_was_typed(backend) {
        let app = TestApp::spawn(backend).await;
        app.page("/register").await;
        let response = app
            .submit("/register", &[
                ("csrf_token", "a-token-from-another-day"), ("email", "clara@example.org"), ("display_name", "Clara Zetkin"),
                ("location", "Oakland"), ("password", PASSWORD),
            ])
            .await;
        assert_eq!(response.status(), 403);
        let html = response.text().await.unwrap();
        assert!(html.contains("This page was out of date"), "{html}");
        assert!(html.contains(r#"value="Clara Zetkin""#) && html.contains(r#"value="clara@example.org""#), "{html}");
        // Sending it again from the page as shown works.
        let response = app
            .submit("/register", &[
                ("csrf_token", &csrf_field(&html)), ("email", "clara@example.org"), ("display_name", "Clara Zetkin"),
                ("location", "Oakland"), ("password", PASSWORD),
            ])
            .await;
        assert_eq!(response.status(), 200);
    }

    async fn a_form_opened_while_signed_out_still_posts_after_signing_in_elsewhere(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        // The reset form is opened while signed out; sign-in happens in another tab meanwhile.
        let reset_form = app.page("/password-reset").await;
        let login = app.page("/login").await;
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "ada@example.org"), ("password", PASSWORD)]).await;
        let response = app.submit("/password-reset", &[("csrf_token", &csrf_field(&reset_form)), ("email", "ada@example.org")]).await;
        assert_eq!(response.status(), 200, "the signed-out page's token still counts");
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
