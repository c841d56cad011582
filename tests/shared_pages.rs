//! Pages every signed-out reader shares (kept in memory, `src/http/pages/shared.rs`): a change made
//! through this process shows on each of them at once, however long the cache's time-to-live; a
//! page is kept per language and per address (filters, search, cursor); signed-in readers and
//! readers with a notice to see get their own; a form on a shared page carries each reader's own
//! token. (A change made through another process: `tests/two_processes.rs`.)

mod common;

use std::io::Read;

use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, Cast, ESSAY, SignedIn, TestApp, between, csrf_field, hidden_field};
use tribune::domain::user::Role;

/// A time-to-live no test outlasts: only dropping the cache on a change can show it.
async fn app_keeping_pages_for_a_minute(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn_with(backend, |f| {
        f.merge(("cache.ttl_ms", 60_000)).merge(("throttle.questions_per_ip", json!({"max": 100, "window_secs": 600})))
    })
    .await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    let topic =
        json!({"slug": "labor", "title": "Labour and the unions", "framing": "The framing document for labour."});
    assert_eq!(
        app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin, topic).await.0,
        200
    );
    (app, cast)
}

/// A piece in the topic `labor` tagged `strikes`, published now; returns its slug.
async fn published_in_topic(app: &TestApp, cast: &Cast, title: &str) -> String {
    published_tagged(app, cast, title, "strikes").await
}

/// A piece in the topic `labor` tagged `tag`, published now; returns its slug.
async fn published_tagged(app: &TestApp, cast: &Cast, title: &str, tag: &str) -> String {
    let (status, draft) = app
        .call(Method::POST, "/api/v1/submissions", &cast.member, json!({"convention": CONVENTION, "title": title,
            "body": ESSAY, "byline_name": "Emma Writer", "byline_location": "Detroit", "tags": [tag], "topic": "labor"}))
        .await;
    assert_eq!(status, 201, "{draft}");
    app.publish_draft(&cast.member, &cast.editor, draft["id"].as_i64().unwrap()).await
}

/// The EPUB bulletin's files, joined.
async fn bulletin_text(app: &TestApp) -> String {
    let response = app.get(&format!("/conventions/{CONVENTION}/bulletin.epub")).await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap_or_default();
    }
    text
}

/// The number on the transparency page's line `label`.
fn count_after(page: &str, label: &str) -> String {
    let start = format!("{label}</th><td>");
    between(page, &start, "</td>").trim_start_matches(&start).trim_end_matches("</td>").to_string()
}

/// A published, answered mailbag thread; returns its slug.
async fn answered_thread(app: &TestApp, cast: &Cast, expert: &SignedIn) -> String {
    let asked = app
        .post_json(
            "/api/v1/mailbag/questions",
            &json!({"name": "Dora Reader", "email": "dora@example.org", "body": "How were strike funds raised?", "topic": "History"}),
        )
        .await;
    assert_eq!(asked.status(), 202);
    let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
    let id = inbox["items"][0]["id"].as_i64().unwrap();
    let answer = json!({"body": "By weekly dues."});
    assert_eq!(app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), expert, answer).await.0, 200);
    let (status, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/mailbag/questions/{id}/publish"),
            &cast.editor,
            json!({"headline": "Strike funds"}),
        )
        .await;
    assert_eq!(status, 200, "{json}");
    json["slug"].as_str().unwrap().to_string()
}

on_both_backends! {
    async fn every_shared_page_shows_a_piece_published_in_this_process_at_once(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        published_in_topic(&app, &cast, "The first piece").await;
        let pages = [
            "/".to_string(),
            format!("/conventions/{CONVENTION}/discussion"),
            format!("/conventions/{CONVENTION}/discussion?tag=strikes"),
            format!("/conventions/{CONVENTION}/discussion?language=en"),
            format!("/conventions/{CONVENTION}/discussion?q=organising"),
            format!("/conventions/{CONVENTION}/topics/labor"),
            format!("/conventions/{CONVENTION}/feed.atom"),
            "/feed.atom".to_string(),
        ];
        for path in &pages {
            let page = app.page(path).await;
            assert!(page.contains("The first piece") && !page.contains("A second piece"), "{path}: {page}");
        }
        assert!(bulletin_text(&app).await.contains("The first piece"));

        published_in_topic(&app, &cast, "A second piece").await;
        for path in &pages {
            assert!(app.page(path).await.contains("A second piece"), "{path} shows the new piece at once");
        }
        assert!(bulletin_text(&app).await.contains("A second piece"), "the bulletin too");
    }

    async fn the_convention_and_transparency_pages_show_a_change_in_this_process_at_once(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        let convention = format!("/conventions/{CONVENTION}");
        let transparency = format!("/conventions/{CONVENTION}/transparency");
        assert!(app.page(&convention).await.contains("Chicago"));
        assert!(app.page("/").await.contains("Members discuss the draft resolutions here."));
        assert_eq!(count_after(&app.page(&transparency).await, "Pieces received"), "0");

        let (status, _) = app.call(Method::PATCH, &convention.replace("/conventions", "/api/v1/conventions"), &cast.admin,
            json!({"location": "Cleveland", "homepage_text": "The resolutions are up for discussion."})).await;
        assert_eq!(status, 200);
        assert!(app.page(&convention).await.contains("Cleveland"), "the convention page at once");
        assert!(app.page("/").await.contains("The resolutions are up for discussion."), "the front page at once");

        // Sending a piece to the editors publishes nothing, but the page that counts them changes.
        let (status, draft) = app
            .call(Method::POST, "/api/v1/submissions", &cast.member, json!({"convention": CONVENTION, "title": "For the editors",
                "body": ESSAY, "byline_name": "Emma Writer", "byline_location": "Detroit", "topic": "labor"}))
            .await;
        assert_eq!(status, 201, "{draft}");
        let id = draft["id"].as_i64().unwrap();
        assert_eq!(app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await.0, 200);
        assert_eq!(count_after(&app.page(&transparency).await, "Pieces received"), "1", "counted at once");
    }

    async fn the_mailbag_pages_show_a_thread_and_an_approved_follow_up_at_once(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        assert!(!app.page("/mailbag").await.contains("Strike funds"));
        let slug = answered_thread(&app, &cast, &expert).await;
        assert!(app.page("/mailbag").await.contains("Strike funds"), "the listing at once");
        let thread = format!("/mailbag/{slug}");
        assert!(!app.page(&thread).await.contains("And the five-day week?"));

        let sent = app
            .post_json(&format!("/api/v1/mailbag/questions/{slug}/followups"),
                &json!({"name": "Bea Reader", "email": "bea@example.org", "body": "And the five-day week?"}))
            .await;
        assert_eq!(sent.status(), 202);
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &cast.editor, Value::Null).await;
        let id = pending["items"][0]["id"].as_i64().unwrap();
        assert_eq!(app.call(Method::POST, &format!("/api/v1/mailbag/followups/{id}/approve"), &cast.editor, json!({})).await.0, 204);
        assert!(app.page(&thread).await.contains("And the five-day week?"), "an approved follow-up shows at once");
    }

    async fn writes_no_reader_sees_leave_the_shared_pages_as_they_were(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        let slug = answered_thread(&app, &cast, &expert).await;
        let convention = format!("/conventions/{CONVENTION}");
        assert!(app.page(&convention).await.contains("Chicago"));
        // Another process renames the convention's city (here, straight in the database): this one
        // keeps its page for the time-to-live, unless it writes something readers can see.
        {
            use diesel::prelude::*;
            use tribune::storage::schema::conventions;
            let mut conn = app.db.connection().unwrap();
            diesel::update(conventions::table.filter(conventions::slug.eq(CONVENTION)))
                .set(conventions::location.eq("Cleveland"))
                .execute(&mut *conn)
                .unwrap();
        }
        // A wrong password, a question and a follow-up held for the editors, a subscription.
        let wrong = app.post_json("/api/v1/auth/login", &json!({"email": "member@example.org", "password": "not-the-password"})).await;
        assert_eq!(wrong.status(), 401);
        let asked = app.post_json("/api/v1/mailbag/questions",
            &json!({"name": "Ana Reader", "email": "ana@example.org", "body": "Who chaired the first convention?", "topic": "History"})).await;
        assert_eq!(asked.status(), 202);
        let followed = app.post_json(&format!("/api/v1/mailbag/questions/{slug}/followups"),
            &json!({"name": "Bea Reader", "email": "bea@example.org", "body": "And who chaired the second convention, a year later?"})).await;
        assert_eq!(followed.status(), 202);
        let subscribed = app.post_json(&format!("/api/v1/conventions/{CONVENTION}/subscribers"), &json!({"email": "cy@example.org"})).await;
        assert_eq!(subscribed.status(), 202);
        assert!(app.page(&convention).await.contains("Chicago"), "none of them made the page again");

        published_in_topic(&app, &cast, "A piece readers see").await;
        assert!(app.page(&convention).await.contains("Cleveland"), "a publication does");
    }

    async fn a_shared_page_is_kept_per_language_filter_and_cursor(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        published_in_topic(&app, &cast, "A piece about strikes").await;
        published_tagged(&app, &cast, "A piece about rent", "rent").await;
        let discussion = format!("/conventions/{CONVENTION}/discussion");
        let in_language = |lang: &'static str| {
            let request = app.new_client().get(app.url(&discussion)).header("accept-language", lang);
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        assert!(in_language("en").await.contains(r#"<html lang="en""#));
        assert!(in_language("es").await.contains(r#"<html lang="es""#), "a Spanish reader is not given the English page");
        assert!(in_language("en").await.contains(r#"<html lang="en""#));

        let strikes = app.page(&format!("{discussion}?tag=strikes")).await;
        let rent = app.page(&format!("{discussion}?tag=rent")).await;
        assert!(strikes.contains("A piece about strikes") && !strikes.contains("A piece about rent"), "{strikes}");
        assert!(rent.contains("A piece about rent") && !rent.contains("A piece about strikes"), "{rent}");
        let searched = app.page(&format!("{discussion}?q=rent")).await;
        assert!(searched.contains("A piece about rent") && !searched.contains("A piece about strikes"));

        // More pieces than a listing page holds: the next page is another page.
        for n in 0..25 {
            published_tagged(&app, &cast, &format!("Filler piece {n:02}"), "filler").await;
        }
        let first = app.page(&format!("{discussion}?tag=filler")).await;
        let next = next_page_link(&first);
        let second = app.page(&next).await;
        assert!(first.contains("Filler piece 24"), "{first}");
        assert!(!second.contains("Filler piece 24"), "{next}: {second}");
        assert!(second.contains("Filler piece 00"), "{second}");
    }

    async fn signed_in_readers_and_readers_with_a_notice_get_their_own_page(backend) {
        let (app, cast) = app_keeping_pages_for_a_minute(backend).await;
        published_in_topic(&app, &cast, "A piece everyone reads").await;
        let discussion = format!("/conventions/{CONVENTION}/discussion");
        let mine = app.as_user(Method::GET, &discussion, &cast.member).send().await.unwrap().text().await.unwrap();
        assert!(mine.contains(r#"<p class="who">"#), "signed in, the header says who: {mine}");
        let signed_out = app.page(&discussion).await;
        assert!(!signed_out.contains(r#"<p class="who">"#), "the kept page is never a signed-in reader's");
    }

    async fn a_form_on_a_shared_page_carries_each_readers_own_tokens(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("cache.ttl_ms", 60_000)).merge(("mailbag.min_seconds_to_ask", 0))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        let slug = answered_thread(&app, &cast, &expert).await;
        let thread = format!("/mailbag/{slug}");
        let (ana, bea) = (app.new_client(), app.new_client());
        let for_ana = ana.get(app.url(&thread)).send().await.unwrap().text().await.unwrap();
        let for_bea = bea.get(app.url(&thread)).send().await.unwrap().text().await.unwrap();
        assert_ne!(csrf_field(&for_ana), csrf_field(&for_bea), "each reader's own form token");
        assert_ne!(hidden_field(&for_ana, "time_token"), hidden_field(&for_bea, "time_token"));
        assert!(!for_ana.contains("hole-"), "no hole is left unfilled");
        for (client, page, who) in [(&ana, &for_ana, "Ana Reader"), (&bea, &for_bea, "Bea Reader")] {
            let fields = [("csrf_token", csrf_field(page)), ("time_token", hidden_field(page, "time_token")),
                ("name", who.to_string()), ("email", "reader@example.org".to_string()),
                ("body", format!("A follow-up from {who}.")), ("website", String::new())];
            let sent = client.post(app.url(&format!("{thread}/followups"))).form(&fields).send().await.unwrap();
            assert_eq!(sent.status(), 303, "{who}'s follow-up is taken: {}", sent.text().await.unwrap());
            let page = client.get(app.url(&thread)).send().await.unwrap().text().await.unwrap();
            assert!(page.contains(r#"role="status""#), "{who} is told it was sent, on the thread's page: {page}");
        }
        assert!(!app.page(&thread).await.contains(r#"role="status""#), "another reader is told nothing");
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &cast.editor, Value::Null).await;
        assert_eq!(pending["items"].as_array().unwrap().len(), 2, "{pending}");
    }
}

/// The listing's link to its next page.
fn next_page_link(page: &str) -> String {
    let at = page.find("cursor=").expect("a link to the next page");
    let start = page[..at].rfind("href=\"").expect("a link") + 6;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&amp;", "&").replace("&#38;", "&")
}
