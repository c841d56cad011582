//! The editors' desk: one timeline per piece (revisions, notes, messages, transitions and every
//! email about it with its delivery state), and undoing a rejection, an unpublication or a
//! release for a while after it.

mod common;

use std::time::Duration;

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Timestamp};
use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, ESSAY, SignedIn, TestApp};

const NONE: Value = Value::Null;

/// The timeline as one line per entry: kind, who, and what.
async fn timeline(app: &TestApp, who: &SignedIn, id: i64) -> Vec<String> {
    let (status, json) = app.call(Method::GET, &format!("/api/v1/review/{id}/timeline"), who, NONE).await;
    assert_eq!(status, 200, "{json}");
    json["items"].as_array().unwrap().iter().map(line).collect()
}

fn line(entry: &Value) -> String {
    let who = entry["who"].as_str().unwrap();
    match entry["kind"].as_str().unwrap() {
        "revision" => format!("revision {} by {who}", entry["revision"]),
        "transition" => format!(
            "{} {}→{} by {who}{}",
            entry["action"].as_str().unwrap(),
            entry["from_status"].as_str().unwrap(),
            entry["to_status"].as_str().unwrap(),
            entry["note"].as_str().map(|n| format!(": {n}")).unwrap_or_default()
        ),
        "note" => format!("note by {who}: {}", entry["note"].as_str().unwrap()),
        "message_to_author" => format!("message to author by {who}: {}", entry["note"].as_str().unwrap()),
        "email" => {
            let email = &entry["email"];
            let subject = email["subject"].as_str().unwrap();
            let to = email["recipient"].as_str().unwrap();
            // The editors' notices go to every editor, in no particular order.
            let to = if subject.starts_with("New in the review queue") { "an editor" } else { to };
            format!("email “{subject}” to {to}: {}", email["state"].as_str().unwrap())
        }
        other => panic!("unknown kind {other}: {entry}"),
    }
}

/// Waits until no email of the piece's timeline is still queued.
async fn wait_for_deliveries(app: &TestApp, who: &SignedIn, id: i64) -> Vec<String> {
    for _ in 0..300 {
        let lines = timeline(app, who, id).await;
        if !lines.iter().any(|l| l.ends_with(": queued")) {
            return lines;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("emails still queued: {:#?}", timeline(app, who, id).await);
}

async fn post(app: &TestApp, who: &SignedIn, path: &str, body: Value) -> (u16, Value) {
    app.call(Method::POST, path, who, body).await
}

async fn submission(app: &TestApp, who: &SignedIn, id: i64) -> Value {
    let (status, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), who, NONE).await;
    assert_eq!(status, 200, "{json}");
    json
}

/// Moves the piece's audit events of `action` back by `hours`, as if done that long ago.
fn age_events(app: &TestApp, id: i64, action: &str, hours: i64) {
    let then = chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(hours);
    let mut conn = app.db.connection().unwrap();
    diesel::sql_query(format!(
        "UPDATE review_events SET created_at = $1 WHERE submission_id = $2 AND action = '{action}'"
    ))
    .bind::<Timestamp, _>(then)
    .bind::<BigInt, _>(id)
    .execute(&mut *conn)
    .unwrap();
}

/// The audit trail's last action on the piece, and who did it.
async fn last_event(app: &TestApp, editor: &SignedIn, id: i64) -> (String, Option<i64>) {
    let (_, events) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), editor, NONE).await;
    let last = events["items"].as_array().unwrap().last().unwrap().clone();
    (last["action"].as_str().unwrap().to_string(), last["actor_id"].as_i64())
}

/// The status and exact bytes of a page or an API answer, as a signed-out reader gets them.
async fn fetch(app: &TestApp, path: &str) -> (u16, Vec<u8>) {
    let response = app.new_client().get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
}

/// Emails received by `to` whose subject starts with `subject`.
fn received(app: &TestApp, to: &str, subject: &str) -> usize {
    app.smtp.all().iter().filter(|m| m.to == to && m.subject.starts_with(subject)).count()
}

on_both_backends! {
    async fn the_timeline_shows_everything_about_a_piece_in_order_with_each_emails_delivery(backend) {
        let mut app = TestApp::spawn_with(backend, |f| f.merge(("mail.max_attempts", 1)).merge(("mail.backoff_base_secs", 0))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "A piece with a long history", ESSAY, &[]).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/comment"), json!({"body": "Check the figures.", "visibility": "internal"})).await;
        let (status, _) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/request-changes"), json!({"message": "Please add an example."})).await;
        assert_eq!(status, 200);
        app.smtp.wait_for("member@example.org", "Changes requested").await;
        wait_for_deliveries(&app, &cast.editor, id).await;

        // The mail server refuses from now on: the next messages fail (one attempt allowed).
        app.smtp.set_refusing(true);
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member, json!({"body": format!("{ESSAY}\n\nAn example.")})).await;
        assert_eq!(status, 200);
        let (status, _) = post(&app, &cast.member, &format!("/api/v1/submissions/{id}/submit"), json!({})).await;
        assert_eq!(status, 200);
        wait_for_deliveries(&app, &cast.editor, id).await;

        // With no delivery running, the next message waits in the outbox.
        app.stop_background();
        post(&app, &cast.editor2, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        post(&app, &cast.editor2, &format!("/api/v1/review/{id}/comment"), json!({"body": "One question follows.", "visibility": "author"})).await;

        let subject = "A piece with a long history";
        assert_eq!(timeline(&app, &cast.editor, id).await, [
            "revision 1 by member".to_string(),
            "submit draft→submitted by member".into(),
            format!("email “Received: {subject}” to member@example.org: sent"),
            format!("email “New in the review queue: {subject}” to an editor: sent"),
            format!("email “New in the review queue: {subject}” to an editor: sent"),
            "claim submitted→in_review by editor".into(),
            "note by editor: Check the figures.".into(),
            "request_changes in_review→changes_requested by editor: Please add an example.".into(),
            format!("email “Changes requested: {subject}” to member@example.org: sent"),
            "revision 2 by member".into(),
            "submit changes_requested→submitted by member".into(),
            format!("email “Received: {subject}” to member@example.org: failed"),
            format!("email “New in the review queue: {subject}” to an editor: failed"),
            format!("email “New in the review queue: {subject}” to an editor: failed"),
            "claim submitted→in_review by editor2".into(),
            "message to author by editor2: One question follows.".into(),
            format!("email “A note from the editors on \"{subject}\"” to member@example.org: queued"),
        ]);

        // Both editors' notices are there, each with its recipient; a failed one says why.
        let (_, json) = app.call(Method::GET, &format!("/api/v1/review/{id}/timeline"), &cast.editor, NONE).await;
        let items = json["items"].as_array().unwrap();
        let mut editors: Vec<&str> = items.iter().filter(|e| e["email"]["subject"].as_str().is_some_and(|s| s.starts_with("New in")))
            .map(|e| e["email"]["recipient"].as_str().unwrap()).collect();
        editors.sort_unstable();
        assert_eq!(editors, ["editor2@example.org", "editor2@example.org", "editor@example.org", "editor@example.org"]);
        let failed = items.iter().find(|e| e["email"]["state"] == "failed").unwrap();
        assert!(failed["email"]["last_error"].is_string() && failed["who"] == "Tribune", "{failed}");
        assert!(items.iter().all(|e| e["at"].as_str().is_some_and(|at| at.ends_with('Z'))), "{json}");

        // The same timeline is in the review detail and on the review page, for editors only.
        let (_, detail) = app.call(Method::GET, &format!("/api/v1/review/{id}"), &cast.editor, NONE).await;
        assert_eq!(detail["timeline"], json["items"]);
        let page = app.as_user(Method::GET, &format!("/review/{id}"), &cast.editor).send().await.unwrap().text().await.unwrap();
        for text in ["<h2 id=\"timeline\">Timeline</h2>", "Check the figures.", ": failed", ": queued", "revision 2"] {
            assert!(page.contains(text), "the review page shows {text:?}: {page}");
        }
        let (status, _) = app.call(Method::GET, &format!("/api/v1/review/{id}/timeline"), &cast.member, NONE).await;
        assert_eq!(status, 403, "the author keeps their own view");
        let own = app.as_user(Method::GET, &format!("/submissions/{id}"), &cast.member).send().await.unwrap().text().await.unwrap();
        assert!(!own.contains("Check the figures.") && !own.contains("New in the review queue"), "{own}");
    }

    async fn a_rejection_is_undone_within_the_window_and_the_author_told(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay rejected too fast", ESSAY, &[]).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/reject"), json!({"reason": "Out of scope."})).await;
        app.smtp.wait_for("member@example.org", "Not published").await;

        let (_, detail) = app.call(Method::GET, &format!("/api/v1/review/{id}"), &cast.editor2, NONE).await;
        assert_eq!(detail["undo"]["action"], "reject", "{detail}");
        let event = detail["undo"]["event_id"].clone();
        let (status, json) = post(&app, &cast.member, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (403, Some("forbidden")), "{json}");

        let (status, json) = post(&app, &cast.editor2, &format!("/api/v1/review/{id}/undo"), json!({"event_id": event})).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!((json["status"].as_str(), json["assigned_editor_id"].as_i64()), (Some("in_review"), Some(cast.editor2.user_id)), "claimed by the editor who undid it");
        let mail = app.smtp.wait_for("member@example.org", "Back in review").await;
        assert!(mail.text.contains("An essay rejected too fast"), "{}", mail.text);
        assert_eq!(last_event(&app, &cast.editor, id).await, ("undo_reject".to_string(), Some(cast.editor2.user_id)));
        assert_eq!(submission(&app, &cast.member, id).await["status"], "in_review", "the author sees it back in review");

        let (status, json) = post(&app, &cast.editor2, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("already_undone")));
        // Rejected again, the author is emailed again.
        let (status, _) = post(&app, &cast.editor2, &format!("/api/v1/review/{id}/reject"), json!({"reason": "Still out of scope."})).await;
        assert_eq!(status, 200);
        for _ in 0..200 {
            if received(&app, "member@example.org", "Not published") == 2 { break; }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(received(&app, "member@example.org", "Not published"), 2);
    }

    async fn an_unpublication_undone_serves_the_same_article_at_the_same_address(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let slug = app.published(&cast.member, &cast.editor, "An essay taken down by mistake", ESSAY, &["labor"]).await;
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, NONE).await;
        let id = mine["items"][0]["id"].as_i64().unwrap();
        let before = fetch(&app, &format!("/api/v1/articles/{slug}")).await;
        let page_before = fetch(&app, &format!("/articles/{slug}")).await;
        assert_eq!((before.0, page_before.0), (200, 200));

        let (status, _) = post(&app, &cast.editor2, &format!("/api/v1/articles/{slug}/unpublish"), json!({"reason": "Wrong piece."})).await;
        assert_eq!(status, 200);
        assert_eq!(fetch(&app, &format!("/api/v1/articles/{slug}")).await.0, 404);
        app.smtp.wait_for("member@example.org", "Taken down").await;

        // No body at all: the last change is undone.
        let response = app.as_user(Method::POST, &format!("/api/v1/review/{id}/undo"), &cast.editor).send().await.unwrap();
        let status = response.status().as_u16();
        let json: Value = response.json().await.unwrap();
        assert_eq!((status, json["status"].as_str(), json["article_slug"].as_str()), (200, Some("published"), Some(slug.as_str())), "{json}");
        assert_eq!(fetch(&app, &format!("/api/v1/articles/{slug}")).await, before, "the same article, byte for byte, at once");
        assert_eq!(fetch(&app, &format!("/articles/{slug}")).await, page_before, "the same page");
        let listed: Value = app.get("/api/v1/articles").await.json().await.unwrap();
        assert_eq!(listed["items"][0]["slug"], slug.as_str(), "listed again");
        app.smtp.wait_for("member@example.org", "Back online").await;
        assert_eq!(last_event(&app, &cast.editor, id).await, ("undo_unpublish".to_string(), Some(cast.editor.user_id)));
    }

    async fn a_release_is_undone_only_by_its_editor_and_only_if_nobody_claimed_it_since(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay released by a slip", ESSAY, &[]).await;
        app.smtp.wait_for("member@example.org", "Received").await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        let (status, _) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/release"), json!({})).await;
        assert_eq!(status, 200);

        let (_, detail) = app.call(Method::GET, &format!("/api/v1/review/{id}"), &cast.editor2, NONE).await;
        assert!(detail["undo"].is_null(), "not offered to another editor: {detail}");
        let (status, json) = post(&app, &cast.editor2, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("released_by_another_editor")));
        let emails_before = timeline(&app, &cast.editor, id).await.iter().filter(|l| l.starts_with("email")).count();
        let (status, json) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!((json["status"].as_str(), json["assigned_editor_id"].as_i64()), (Some("in_review"), Some(cast.editor.user_id)));
        let lines = timeline(&app, &cast.editor, id).await;
        assert!(lines.last().unwrap().starts_with("undo_release submitted→in_review by editor: Undid the release of "), "{lines:#?}");
        assert_eq!(lines.iter().filter(|l| l.starts_with("email")).count(), emails_before, "nobody is emailed: {lines:#?}");

        // Released again and claimed by someone else: the release can no longer be undone.
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/release"), json!({})).await;
        post(&app, &cast.editor2, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        let (status, json) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("moved_on")), "{json}");
        let now = submission(&app, &cast.editor, id).await;
        assert_eq!((now["status"].as_str(), now["assigned_editor_id"].as_i64()), (Some("in_review"), Some(cast.editor2.user_id)), "nothing changed");
    }

    async fn past_the_window_an_undo_is_refused_and_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let rejected = app.submitted(&cast.member, "An essay rejected long ago", ESSAY, &[]).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{rejected}/claim"), json!({})).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{rejected}/reject"), json!({"reason": "Out of scope."})).await;
        let slug = app.published(&cast.member2, &cast.editor, "An essay taken down long ago", ESSAY, &[]).await;
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member2, NONE).await;
        let unpublished = mine["items"][0]["id"].as_i64().unwrap();
        post(&app, &cast.editor, &format!("/api/v1/articles/{slug}/unpublish"), json!({"reason": "Wrong."})).await;
        let released = app.submitted(&cast.member, "An essay released long ago", ESSAY, &[]).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{released}/claim"), json!({})).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{released}/release"), json!({})).await;
        age_events(&app, rejected, "reject", 25);
        age_events(&app, unpublished, "unpublish", 25);
        age_events(&app, released, "release", 25);

        for (id, status) in [(rejected, "rejected"), (unpublished, "unpublished"), (released, "submitted")] {
            let (_, detail) = app.call(Method::GET, &format!("/api/v1/review/{id}"), &cast.editor, NONE).await;
            assert!(detail["undo"].is_null(), "{detail}");
            let (code, json) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/undo"), json!({})).await;
            assert_eq!((code, json["error"]["code"].as_str()), (409, Some("undo_window_passed")), "{json}");
            assert_eq!(submission(&app, &cast.editor, id).await["status"], status, "nothing changed");
        }
        assert_eq!(app.get(&format!("/api/v1/articles/{slug}")).await.status(), 404);
        let (code, json) = post(&app, &cast.editor, "/api/v1/review/999999/undo", json!({})).await;
        assert_eq!((code, json["error"]["code"].as_str()), (404, Some("not_found")));
        let fresh = app.submitted(&cast.member, "An essay nobody decided on", ESSAY, &[]).await;
        let (code, json) = post(&app, &cast.editor, &format!("/api/v1/review/{fresh}/undo"), json!({})).await;
        assert_eq!((code, json["error"]["code"].as_str()), (409, Some("nothing_to_undo")));
    }

    async fn with_no_window_nothing_can_be_undone(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("review.undo_window_hours", 0))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay rejected for good", ESSAY, &[]).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/claim"), json!({})).await;
        post(&app, &cast.editor, &format!("/api/v1/review/{id}/reject"), json!({"reason": "Out of scope."})).await;
        let (code, json) = post(&app, &cast.editor, &format!("/api/v1/review/{id}/undo"), json!({})).await;
        assert_eq!((code, json["error"]["code"].as_str()), (409, Some("undo_window_passed")), "{json}");
        assert_eq!(submission(&app, &cast.editor, id).await["status"], "rejected");
        let page = app.as_user(Method::GET, &format!("/review/{id}"), &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("form-undo"), "no button");
    }

    async fn the_review_page_offers_the_undo_and_says_what_came_back(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay rejected on the page", ESSAY, &[]).await;
        let form = |path: String, fields: Vec<(&'static str, String)>| {
            let mut all = vec![("csrf_token", cast.editor.csrf_token.clone())];
            all.extend(fields);
            app.as_user(Method::POST, &path, &cast.editor).form(&all).send()
        };
        form(format!("/review/{id}/claim"), vec![]).await.unwrap();
        let confirm = form(format!("/review/{id}/reject"), vec![("reason", "Out of scope.".into())]).await.unwrap().text().await.unwrap();
        assert!(confirm.contains("Final after 24 hours") && confirm.contains("This is final once 24 hours have passed"), "{confirm}");
        let done = form(format!("/review/{id}/reject"), vec![("reason", "Out of scope.".into()), ("step", "confirm".into())]).await.unwrap();
        let page = app.follow_as(done, &cast.editor).await;
        assert!(page.contains("Rejected: the author has been emailed the reason.") && page.contains("Undo the rejection"), "{page}");
        let event = common::hidden_field(&page, "event_id");

        // A stale event (the page of an older change) changes nothing.
        let stale = form(format!("/review/{id}/undo"), vec![("event_id", "1".into())]).await.unwrap();
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.unwrap().contains("reload it"));
        let undone = form(format!("/review/{id}/undo"), vec![("event_id", event)]).await.unwrap();
        let page = app.follow_as(undone, &cast.editor).await;
        assert!(page.contains("Rejection undone: the piece is back in review, claimed by you"), "{page}");
        assert!(page.contains("Status: <strong>in review</strong>") && !page.contains("form-undo"), "{page}");
        assert!(page.contains("undo reject: rejected → in review"), "the timeline shows it: {page}");
    }
}

on_both_backends! {
    async fn the_review_page_says_at_once_what_became_of_an_email_about_the_piece(backend) {
        // Pages kept for a minute: only this process's mail can make the review page stale.
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("cache.ttl_ms", 60_000)).merge(("mail.max_attempts", 1)).merge(("mail.backoff_base_secs", 0))
        })
        .await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        app.smtp.set_refusing(true);
        let title = "A piece whose receipt bounced";
        let id = app.submitted(&cast.member, title, ESSAY, &[]).await;
        wait_for_deliveries(&app, &cast.editor, id).await;
        let review_page = || async {
            let response = app.as_user(Method::GET, &format!("/review/{id}"), &cast.editor).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        };
        let receipt = |state: &str| format!("email “Received: {title}” to member &#60;member@example.org&#62;: {state}");
        assert!(review_page().await.contains(&receipt("failed")), "kept from here on");

        // An admin sends it again, and this time the mail server takes it.
        app.smtp.set_refusing(false);
        let (status, dead) = app.call(Method::GET, "/api/v1/admin/outbox?status=dead", &cast.admin, NONE).await;
        assert_eq!(status, 200, "{dead}");
        let letter = dead["items"].as_array().unwrap().iter().find(|m| m["recipient"] == "member@example.org").unwrap()["id"].as_i64().unwrap();
        assert_eq!(post(&app, &cast.admin, &format!("/api/v1/admin/outbox/{letter}/retry"), json!({})).await.0, 204);
        assert!(!review_page().await.contains(&receipt("failed")), "the retry shows at once");
        app.smtp.wait_for("member@example.org", "Received").await;
        let sent_at = std::time::Instant::now();
        while !review_page().await.contains(&receipt("sent")) {
            assert!(sent_at.elapsed() < Duration::from_secs(5), "the page kept the email's old state");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
