//! End to end in a real browser (Debian's headless Chromium, driven over WebDriver by
//! fantoccini): every step through the pages, by clicking and typing, with the real emails.
//! A failing step leaves a screenshot in `target/browser-failures/`.

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::time::Duration;

use tribune::domain::user::Role;

use browser::{Person, Step};

use common::{CONVENTION, PASSWORD, TestApp};

async fn story(app: &TestApp, person: &Person<'_>) -> Step<()> {
    // A member registers and confirms the address with the link from the real email.
    person.register("clara@example.org", "Clara Zetkin", "Oakland", PASSWORD).await?;
    let email = app.smtp.wait_for("clara@example.org", "Confirm").await;
    person.open(&email.link("/verify")).await?;
    person.sees("Address confirmed").await?;

    // She submits an essay.
    person.sign_in("clara@example.org", PASSWORD).await?;
    person.open("/submit").await?;
    person.type_into("title", "Childcare at every meeting").await?;
    person.type_into("body", "Our meetings lose parents. We propose childcare at every club meeting.").await?;
    person.type_into("byline_name", "Clara Zetkin").await?;
    person.type_into("byline_location", "Oakland").await?;
    person.click("main form #save").await?;
    person.sees("Status: draft").await?;
    person.click("form[action$='/submit'] button").await?;
    person.sees("Status: submitted").await?;
    let submission = person.path().await?;
    let id = submission.rsplit('/').next().unwrap_or_default().to_string();

    // An editor claims it and asks for changes.
    person.sign_in("editor@example.org", PASSWORD).await?;
    person.open("/review").await?;
    person.click(&format!("a[href='/review/{id}']")).await?;
    person.click("form[action$='/claim'] button").await?;
    person.sees("Status: in review").await?;
    person.type_into("message", "Please say how clubs could pay for it.").await?;
    person.click("form[action$='/request-changes'] button").await?;
    person.sees("Status: changes requested").await?;

    // She revises and submits again.
    person.sign_in("clara@example.org", PASSWORD).await?;
    person.open(&submission).await?;
    person.sees("Please say how clubs could pay for it.").await?;
    person.click(&format!("a[href='/submissions/{id}/edit']")).await?;
    person
        .type_into("body", "Our meetings lose parents. We propose childcare at every club meeting, paid from dues.")
        .await?;
    person.click("main form #save").await?;
    person.click("form[action$='/submit'] button").await?;
    person.sees("Status: submitted").await?;

    // The editor approves it.
    person.sign_in("editor@example.org", PASSWORD).await?;
    person.open(&format!("/review/{id}")).await?;
    person.click("form[action$='/claim'] button").await?;
    person.sees("paid from dues").await?;
    person.click("form[action$='/approve'] button").await?;
    person.sees("Status: published").await?;

    // A reader finds it on the discussion page and reads it with its disclaimer.
    person.sign_out().await?;
    person.open(&format!("/conventions/{CONVENTION}/discussion")).await?;
    person.click("a[href='/articles/childcare-at-every-meeting']").await?;
    person.sees("Submitted by Clara Zetkin, Oakland").await?;
    person.sees("The views expressed are the authors").await?;

    // A reader asks the mailbag; an expert answers; an editor publishes; the reader sees it.
    person.open("/mailbag/ask").await?;
    person.type_into("name", "Rosa Reader").await?;
    person.type_into("email", "rosa@example.org").await?;
    person.type_into("body", "How did the first clubs organise childcare in the last century?").await?;
    actix_web::rt::time::sleep(Duration::from_millis(1100)).await;
    person.click("button[value=send]").await?;
    person.sees("Thank you for your question").await?;
    person.sign_in("expert@example.org", PASSWORD).await?;
    person.open("/mailbag/inbox").await?;
    person.click("table a").await?;
    person.type_into("answer", "Mostly by rota: members took turns, and the club paid for the room.").await?;
    person.click("form[action$='/answer'] button").await?;
    person.sees("Mostly by rota").await?;
    let question = person.path().await?;
    person.sign_in("editor@example.org", PASSWORD).await?;
    person.open(&question).await?;
    person.type_into("headline", "Childcare in the early clubs").await?;
    person.click("form[action$='/publish'] button").await?;
    person.sees("Status: published").await?;
    person.sign_out().await?;
    person.open("/mailbag").await?;
    person.click("a[href='/mailbag/childcare-in-the-early-clubs']").await?;
    person.sees("Rosa R. asks:").await?;
    person.sees("Mostly by rota").await
}

/// A published mailbag thread with an approved follow-up waiting for an answer: its slug and
/// the question's id.
async fn thread_with_a_follow_up(app: &TestApp, editor: &common::SignedIn) -> (String, i64) {
    use reqwest::Method;
    let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
    app.post_json(
        "/api/v1/mailbag/questions",
        &serde_json::json!({"name": "Dora Reader", "email": "dora@example.org",
        "body": "When did the clubs first meet in the evenings?", "topic": "History"}),
    )
    .await;
    let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", editor, serde_json::Value::Null).await;
    let id = inbox["items"][0]["id"].as_i64().unwrap();
    app.call(
        Method::POST,
        &format!("/api/v1/mailbag/questions/{id}/answer"),
        &expert,
        serde_json::json!({"body": "In the *1920s*, when most members worked by day."}),
    )
    .await;
    let (_, thread) = app
        .call(
            Method::POST,
            &format!("/api/v1/mailbag/questions/{id}/publish"),
            editor,
            serde_json::json!({"headline": "Evening meetings"}),
        )
        .await;
    let slug = thread["slug"].as_str().unwrap().to_string();
    app.post_json(
        &format!("/api/v1/mailbag/questions/{slug}/followups"),
        &serde_json::json!({"name": "Bea Reader",
        "email": "bea@example.org", "body": "And were families welcome at those evening meetings?"}),
    )
    .await;
    let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", editor, serde_json::Value::Null).await;
    let follow_up = pending["items"][0]["id"].as_i64().unwrap();
    app.call(Method::POST, &format!("/api/v1/mailbag/followups/{follow_up}/approve"), editor, serde_json::json!({}))
        .await;
    (slug, id)
}

on_both_backends! {
    async fn a_member_an_editor_an_expert_and_readers_do_everything_through_the_pages(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mailbag.min_seconds_to_ask", 1))).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        app.create_user("editor@example.org", &[Role::Editor]);
        app.create_user("expert@example.org", &[Role::Expert]);
        browser::walk(&app, &format!("story-{backend:?}"), async |person| story(&app, person).await).await;
    }

    async fn a_signed_out_visit_to_the_submit_page_comes_back_there_after_signing_in(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        app.create_user("clara@example.org", &[Role::Member]);
        browser::walk(&app, &format!("return-after-sign-in-{backend:?}"), async |person| {
            person.open("/submit").await?;
            person.sees("Sign in").await?;
            person.type_into("email", "clara@example.org").await?;
            person.type_into("password", PASSWORD).await?;
            person.click("main form button[type=submit]").await?;
            person.sees("You are signed in.").await?;
            person.sees("Signed in as").await?;
            let path = person.path().await?;
            if path != "/submit" {
                return Err(format!("after signing in the browser is on {path}, not /submit"));
            }
            Ok(())
        })
        .await;
    }

    async fn every_public_page_and_form_passes_axe_without_serious_violations(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let article = app.published(&cast.member, &cast.editor, "An essay for the accessibility check", common::ESSAY, &[]).await;
        let (thread, question) = thread_with_a_follow_up(&app, &cast.editor).await;
        let pages = [
            "/".to_string(), "/register".into(), "/login".into(), "/password-reset".into(), "/mailbag".into(),
            "/mailbag/ask".into(), format!("/conventions/{CONVENTION}"), format!("/conventions/{CONVENTION}/discussion"),
            format!("/articles/{article}"), format!("/conventions/{CONVENTION}/subscribe"),
            format!("/conventions/{CONVENTION}/transparency"), "/no-such-page".into(),
            format!("/conventions/{CONVENTION}/discussion?q=organising"), format!("/mailbag/{thread}"),
        ];
        app.create_user("all@example.org", &[Role::Member, Role::Editor, Role::Expert, Role::Admin]);
        let queued = app.submitted(&cast.member, "An essay waiting in the queue", common::ESSAY, &[]).await;
        let all = app.sign_in("all@example.org", PASSWORD).await;
        let own = app.draft(&all, "An essay of my own in progress", common::ESSAY, &[]).await;
        let signed_in_pages = [
            "/submit".to_string(), "/me/submissions".into(), format!("/submissions/{own}"), format!("/submissions/{own}/edit"),
            "/review".into(), format!("/review/{queued}"),
            "/review/comments".into(), "/mailbag/inbox".into(), "/admin".into(), "/admin/conventions".into(),
            format!("/admin/conventions/{CONVENTION}"), format!("/mailbag/inbox/{question}"),
        ];
        browser::walk(&app, &format!("axe-{backend:?}"), async |person| {
            let mut problems = Vec::new();
            for (n, page) in pages.iter().chain(signed_in_pages.iter()).enumerate() {
                if n == pages.len() {
                    person.sign_in("all@example.org", PASSWORD).await?;
                }
                person.open(page).await?;
                problems.extend(browser::axe_problems(person).await?);
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!("serious or critical accessibility violations:\n{}", problems.join("\n")))
            }
        })
        .await;
    }
}
