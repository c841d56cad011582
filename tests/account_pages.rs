//! The account pages as a person uses them, without JavaScript: forms with CSRF tokens, errors
//! beside the fields, input kept, and links from real emails.

mod common;

use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, PASSWORD, TestApp, csrf_field, hidden_field};

/// Registers Clara Zetkin of Oakland and signs her in through the login page (the app's client
/// keeps the cookie), without opening the confirmation link.
async fn unconfirmed_member_signed_in(app: &TestApp) {
    let registration = json!({"email": "clara@example.org", "password": PASSWORD, "display_name": "Clara Zetkin", "location": "Oakland"});
    assert_eq!(app.post_json("/api/v1/auth/register", &registration).await.status(), 201);
    sign_in_on_the_page(app, "clara@example.org").await;
}

async fn sign_in_on_the_page(app: &TestApp, email: &str) {
    let login = app.page("/login").await;
    let response =
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", email), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303, "sign in as {email}");
}

/// The path a 303 sends the browser to.
fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

/// An essay long enough that losing it would hurt: about 600 words.
fn long_essay() -> String {
    let paragraph = "Our clubs grow when every member has a task, a place and a reason to come back next month. ";
    (0..6).map(|n| format!("Part {n}. {}", paragraph.repeat(5))).collect::<Vec<_>>().join("\n\n")
}

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

    async fn an_unconfirmed_member_saves_and_edits_a_draft_and_sends_it_once_confirmed(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        unconfirmed_member_signed_in(&app).await;

        let form = app.page("/submit").await;
        assert!(form.contains("Confirm your address to send this to the editors."), "{form}");
        assert!(form.contains("clara@example.org") && form.contains("Send the link again"), "{form}");
        let essay = long_essay();
        let response = app
            .submit("/submit", &[
                ("csrf_token", &csrf_field(&form)), ("form_key", &hidden_field(&form, "form_key")), ("convention", CONVENTION),
                ("title", "Every member a task"), ("body", &essay), ("byline_name", "Clara Zetkin"), ("byline_location", "Oakland"),
            ])
            .await;
        assert_eq!(response.status(), 303, "the draft is saved, not refused");
        let path = location(&response);
        let page = app.page(&path).await;
        assert!(page.contains("Status: <strong>draft</strong>") && page.contains("Not sent to the editors yet"), "{page}");
        assert!(page.contains("Part 5. Our clubs grow"), "the whole essay is kept: {page}");
        assert!(page.contains("Confirm your address to send this to the editors.") && page.contains("Send the link again"), "{page}");

        let edit = app.page(&format!("{path}/edit")).await;
        assert!(edit.contains("Save the draft") && edit.contains("Part 5. Our clubs grow"), "{edit}");
        let revised = format!("{essay}\n\nA last word on childcare.");
        let response = app
            .submit(&format!("{path}/edit"), &[
                ("csrf_token", &csrf_field(&edit)), ("convention", CONVENTION), ("title", "Every member a task"),
                ("body", &revised), ("byline_name", "Clara Zetkin"), ("byline_location", "Oakland"),
            ])
            .await;
        assert_eq!(response.status(), 303);
        let page = app.page(&path).await;
        assert!(page.contains("A last word on childcare.") && page.contains("revision 2"), "{page}");

        let refused = app.submit(&format!("{path}/submit"), &[("csrf_token", &csrf_field(&page))]).await;
        assert_eq!(refused.status(), 403);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(r#"id="send-problem""#) && refused.contains("Confirm your email address to send this to the editors"), "{refused}");
        assert!(refused.contains("Send to the editors") && refused.contains("A last word on childcare."), "the submission page, not an error page: {refused}");
        assert!(app.page(&path).await.contains("Status: <strong>draft</strong>"), "nothing was sent");

        let email = app.smtp.wait_for("clara@example.org", "Confirm").await;
        assert!(app.page(&email.link("/verify")).await.contains("Address confirmed"));
        let page = app.page(&path).await;
        assert!(!page.contains("Send the link again"), "the notice is gone once confirmed");
        let sent = app.submit(&format!("{path}/submit"), &[("csrf_token", &csrf_field(&page))]).await;
        assert_eq!((sent.status().as_u16(), location(&sent)), (303, path.clone()));
        let page = app.page(&path).await;
        assert!(page.contains("Status: <strong>submitted</strong>") && page.contains("Sent to the editors on"), "{page}");
        let mine = app.page("/me/submissions").await;
        assert!(mine.contains("Every member a task") && !mine.contains("Send the link again"), "{mine}");
    }

    async fn send_the_link_again_on_a_page_says_where_it_went_and_leads_back(backend) {
        let app = TestApp::spawn(backend).await;
        unconfirmed_member_signed_in(&app).await;
        let mine = app.page("/me/submissions").await;
        assert!(mine.contains("Confirm your address to send your essays to the editors.") && mine.contains("Send the link again"), "{mine}");
        let token = csrf_field(&mine);
        let response = app.submit("/verify/resend", &[("csrf_token", &token), ("next", "/me/submissions")]).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("We sent a new link to clara@example.org") && html.contains(r#"href="/me/submissions""#), "{html}");
        for elsewhere in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
            let html = app.submit("/verify/resend", &[("csrf_token", &token), ("next", elsewhere)]).await.text().await.unwrap();
            assert!(!html.contains("evil.example"), "never a link to another site: {html}");
        }
        let forged = app.submit("/verify/resend", &[("next", "/me/submissions")]).await;
        assert_eq!(forged.status(), 403, "the form carries the CSRF token");
    }

    async fn the_essay_form_starts_with_the_members_name_and_city_as_byline(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        unconfirmed_member_signed_in(&app).await;
        let form = app.page("/submit").await;
        assert!(form.contains(r#"name="byline_name" type="text" autocomplete="name" value="Clara Zetkin""#), "{form}");
        assert!(form.contains(r#"name="byline_location" type="text" autocomplete="address-level2" value="Oakland""#), "{form}");
    }

    async fn withdrawing_asks_first_and_only_the_confirmation_withdraws(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay its author may take back", ESSAY, &[]).await;
        sign_in_on_the_page(&app, "member@example.org").await;
        let path = format!("/submissions/{id}");
        let page = app.page(&path).await;
        assert!(page.contains(r#"class="danger-zone""#) && page.contains(r#"<button type="submit" class="danger">Withdraw…</button>"#), "{page}");

        let asked = app.submit(&format!("{path}/withdraw"), &[("csrf_token", &csrf_field(&page))]).await;
        assert_eq!(asked.status(), 200);
        let asked = asked.text().await.unwrap();
        assert!(asked.contains("Withdraw «An essay its author may take back»?") && asked.contains("This cannot be undone"), "{asked}");
        assert!(asked.contains(r#"name="step" value="back">Go back</button>"#), "{asked}");
        let (_, json) = app.call(Method::GET, &format!("/api/v1{path}"), &cast.member, serde_json::Value::Null).await;
        assert_eq!(json["status"], "submitted", "asking changes nothing");

        let done = app.submit(&format!("{path}/withdraw"), &[("csrf_token", &csrf_field(&asked)), ("step", "confirm")]).await;
        assert_eq!((done.status().as_u16(), location(&done)), (303, path.clone()));
        let page = app.page(&path).await;
        assert!(page.contains("Status: <strong>withdrawn</strong>") && !page.contains("Withdraw…"), "{page}");
        let again = app.submit(&format!("{path}/withdraw"), &[("csrf_token", &csrf_field(&page))]).await;
        assert_eq!(again.status(), 409);
        assert!(again.text().await.unwrap().contains("Status: <strong>withdrawn</strong>"), "explained on the submission page");
    }

    async fn the_editors_request_for_changes_leads_the_page_and_the_edit_form(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay the editors send back", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/request-changes"), &cast.editor,
            json!({"message": "Please say how clubs could pay for it."})).await;
        assert_eq!(status, 200);
        sign_in_on_the_page(&app, "member@example.org").await;
        let path = format!("/submissions/{id}");
        let page = app.page(&path).await;
        let request = page.find("Please say how clubs could pay for it.").expect("the request is on the page");
        assert!(request < page.find("Why organise").unwrap(), "the request comes before the essay: {page}");
        assert!(page.contains("The editors asked for changes") && page.contains("Send the revision to the editors"), "{page}");

        let edit = app.page(&format!("{path}/edit")).await;
        let request = edit.find("Please say how clubs could pay for it.").expect("the request is on the edit page");
        assert!(request < edit.find("<form method=\"post\" action=\"/submissions/").unwrap(), "above the form: {edit}");
        assert!(edit.contains("Save the revision") && !edit.contains("Save the draft"), "{edit}");
        let response = app
            .submit(&format!("{path}/edit"), &[
                ("csrf_token", &csrf_field(&edit)), ("convention", CONVENTION), ("title", "An essay the editors send back"),
                ("body", &format!("{ESSAY}\n\nClubs pay from dues.")), ("byline_name", "Emma Writer"), ("byline_location", "Detroit"),
            ])
            .await;
        assert_eq!(response.status(), 303);
        let page = app.page(&path).await;
        assert!(page.contains("Status: <strong>changes requested</strong>") && page.contains("Send the revision to the editors"), "{page}");
        let sent = app.submit(&format!("{path}/submit"), &[("csrf_token", &csrf_field(&page))]).await;
        assert_eq!(sent.status(), 303);
        let page = app.page(&path).await;
        assert!(page.contains("Status: <strong>submitted</strong>") && !page.contains("The editors asked for changes"), "{page}");
        assert!(page.contains("Please say how clubs could pay for it."), "still among the editors' notes: {page}");
    }

    async fn a_save_that_cannot_happen_keeps_the_text_and_says_why(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.draft(&cast.member, "An essay open in two tabs", ESSAY, &[]).await;
        sign_in_on_the_page(&app, "member@example.org").await;
        let edit = app.page(&format!("/submissions/{id}/edit")).await;
        // Meanwhile, in another tab, it goes to the editors.
        let (status, _) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        assert_eq!(status, 200);
        let response = app
            .submit(&format!("/submissions/{id}/edit"), &[
                ("csrf_token", &csrf_field(&edit)), ("convention", CONVENTION), ("title", "An essay open in two tabs"),
                ("body", "A paragraph written in the second tab, not to be lost."), ("byline_name", "Emma Writer"), ("byline_location", "Detroit"),
            ])
            .await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="form-problem""#) && html.contains("cannot be edited"), "{html}");
        assert!(html.contains("A paragraph written in the second tab, not to be lost."), "the text is kept: {html}");

        let client = app.new_client();
        let login = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
        client.post(app.url("/login")).form(&[("csrf_token", csrf_field(&login).as_str()), ("email", "editor@example.org"), ("password", PASSWORD)]).send().await.unwrap();
        let form = client.get(app.url("/submit")).send().await.unwrap().text().await.unwrap();
        let response = client
            .post(app.url("/submit"))
            .form(&[("csrf_token", csrf_field(&form).as_str()), ("convention", CONVENTION), ("title", "An editor's own essay"), ("body", "Words an editor typed.")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let html = response.text().await.unwrap();
        assert!(html.contains("Only members can submit essays.") && html.contains("Words an editor typed."), "{html}");
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
            let login = app.page(&format!("/login?next={}", common::urlencode(next))).await;
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
