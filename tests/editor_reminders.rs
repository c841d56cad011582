//! The editors' desk: the daily reminder (what waits, the oldest, the pieces an editor holds
//! untouched, what is published in the next 24 hours), once a day across passes and processes,
//! never to an editor who turned it off or has nothing to hear, covering the topics an editor
//! follows; the settings page and API, and the admins' view of every editor's settings.

mod common;

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use reqwest::Method;
use serde_json::{Value, json};

use tribune::domain::editors::{ReminderSettings, followed_topic_ids, send_daily_reminders};
use tribune::domain::user::Role;

use common::smtp::{ReceivedEmail, SmtpServer};
use common::{CONVENTION, Cast, ESSAY, SignedIn, TestApp, csrf_field};

const NONE: Value = Value::Null;
const SUBJECT: &str = "Review queue:";

async fn setup(backend: common::Backend) -> (TestApp, Cast) {
    // The scheduler's own pass stays off (the harness's default): the tests run the pass at the
    // instants they choose, as the scheduler would on those days.
    let app = TestApp::spawn_with(backend, |f| f.merge(("review.reminder_hour_utc", 0))).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    (app, cast)
}

/// A piece by `who`, submitted; returns its id.
async fn piece(app: &TestApp, who: &SignedIn, title: &str, topic: Option<&str>) -> i64 {
    let mut body = json!({"convention": CONVENTION, "title": title, "body": ESSAY,
        "byline_name": "Lucy Parsons", "byline_location": "Chicago"});
    if let Some(topic) = topic {
        body["topic"] = json!(topic);
    }
    let (status, json) = app.call(Method::POST, "/api/v1/submissions", who, body).await;
    assert_eq!(status, 201, "{json}");
    let id = json["id"].as_i64().unwrap();
    let (status, json) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), who, json!({})).await;
    assert_eq!(status, 200, "{json}");
    id
}

async fn claim(app: &TestApp, editor: &SignedIn, id: i64) {
    let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), editor, json!({})).await;
    assert_eq!(status, 200, "{json}");
}

async fn topics(app: &TestApp, admin: &SignedIn, slugs: &[&str]) {
    for slug in slugs {
        let topic =
            json!({"slug": slug, "title": format!("Topic {slug}"), "framing": format!("The framing of {slug}.")});
        let (status, json) =
            app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), admin, topic).await;
        assert_eq!(status, 200, "{json}");
    }
}

/// The reminder pass as the scheduler runs it at `at`.
fn pass(app: &TestApp, at: NaiveDateTime) -> usize {
    send_daily_reminders(&app.db, &reminder_settings(app), at).expect("the reminder pass")
}

fn reminder_settings(app: &TestApp) -> ReminderSettings {
    app.settings.reminders.clone()
}

fn now() -> NaiveDateTime {
    tribune::storage::now()
}

/// The reminders `to` has received.
fn reminders_to(smtp: &SmtpServer, to: &str) -> Vec<ReceivedEmail> {
    smtp.all().into_iter().filter(|m| m.to == to && m.subject.starts_with(SUBJECT)).collect()
}

/// Lets the outbox deliver whatever it still holds, so a message that should not exist would have
/// arrived by now.
async fn settle() {
    actix_web::rt::time::sleep(Duration::from_millis(800)).await;
}

async fn settings_of(app: &TestApp, who: &SignedIn) -> Value {
    let (status, json) = app.call(Method::GET, "/api/v1/review/settings", who, NONE).await;
    assert_eq!(status, 200, "{json}");
    json
}

on_both_backends! {
    async fn the_reminder_tells_each_editor_what_waits_what_they_hold_untouched_and_what_is_scheduled(backend) {
        let (app, cast) = setup(backend).await;
        let oldest = piece(&app, &cast.member, "The oldest piece in the queue", None).await;
        piece(&app, &cast.member2, "A newer piece in the queue", None).await;
        let held = piece(&app, &cast.member, "A piece the editor forgot about", None).await;
        claim(&app, &cast.editor, held).await;
        let scheduled = piece(&app, &cast.member2, "A piece published soon", None).await;
        claim(&app, &cast.editor2, scheduled).await;
        // Four days on, the reminder pass runs; the piece is due five hours after that.
        let at = now() + TimeDelta::days(4);
        let publish_at = (at + TimeDelta::hours(5)).and_utc().to_rfc3339();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{scheduled}/approve"), &cast.editor2,
            json!({"publish_at": publish_at})).await;
        assert_eq!(status, 200, "{json}");

        assert_eq!(pass(&app, at), 2, "one reminder to each editor");
        let mail = app.smtp.wait_for("editor@example.org", SUBJECT).await;
        assert_eq!(mail.subject, "Review queue: 2 waiting, 1 of yours untouched, 1 to publish in 24 hours");
        let text = &mail.text;
        assert!(text.contains("Waiting in the queue: 2"), "{text}");
        assert!(text.contains(&format!("The oldest: \"The oldest piece in the queue\" by member, waiting 4 days: http://tribune.test/review/{oldest}")), "{text}");
        assert!(text.contains("The queue: http://tribune.test/review?status=submitted&sort=oldest"), "{text}");
        assert!(text.contains(&format!("- \"A piece the editor forgot about\" by member, untouched for 4 days: http://tribune.test/review/{held}")), "{text}");
        assert!(text.contains("http://tribune.test/review?status=in_review&assignee=me&idle_days=3"), "{text}");
        assert!(text.contains(&format!("\"A piece published soon\" by member2: http://tribune.test/review/{scheduled}")), "{text}");
        assert!(text.contains("http://tribune.test/review/settings"), "{text}");
        assert!(mail.html.contains(&format!("<a href=\"http://tribune.test/review/{oldest}\">The oldest piece in the queue</a>")), "{}", mail.html);

        // Every link opens the queue the way it says (the queue knows each filter it names).
        let links: Vec<String> = text.split_whitespace().filter_map(|word| url::Url::parse(word).ok())
            .filter(|url| url.host_str() == Some("tribune.test"))
            .map(|url| format!("{}?{}", url.path(), url.query().unwrap_or_default())).collect();
        assert_eq!(links.len(), 7, "{links:?}");
        for path in links {
            let response = app.as_user(Method::GET, &path, &cast.editor).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
        }
        let other = app.smtp.wait_for("editor2@example.org", SUBJECT).await;
        assert_eq!(other.subject, "Review queue: 2 waiting, 1 to publish in 24 hours", "editor2 holds nothing untouched");
        assert!(!other.text.contains("A piece the editor forgot about"), "another editor's piece is not theirs: {}", other.text);

        // The pass again, the same day: nothing more.
        assert_eq!(pass(&app, at), 0);
        settle().await;
        assert_eq!(reminders_to(&app.smtp, "editor@example.org").len(), 1, "one reminder a day");
        // A comment touches the held piece: the next day it is not idle any more.
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{held}/comment"), &cast.editor,
            json!({"body": "Reading it now."})).await;
        assert_eq!(status, 200);
        assert_eq!(pass(&app, now() + TimeDelta::days(1)), 2, "the next day, the next reminder");
        let started = Instant::now();
        while reminders_to(&app.smtp, "editor@example.org").len() < 2 {
            assert!(started.elapsed() < Duration::from_secs(15), "the next day's reminder did not arrive");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let next_day = reminders_to(&app.smtp, "editor@example.org").into_iter().find(|m| m.message_id != mail.message_id).unwrap();
        assert!(!next_day.text.contains("forgot about"), "{}", next_day.text);
    }

    async fn nothing_is_sent_with_nothing_to_say_nor_to_an_editor_who_turned_it_off(backend) {
        let (app, cast) = setup(backend).await;
        assert_eq!(pass(&app, now()), 0, "nothing waits, nothing is held, nothing scheduled");
        let (status, json) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor, json!({"daily_reminder": false})).await;
        assert_eq!((status, json["daily_reminder"].clone()), (200, json!(false)), "{json}");
        // An editor who is also a member wrote the one piece waiting: she may not review it.
        let chief = app.user_with("chief@example.org", &[Role::Member, Role::Editor]).await;
        piece(&app, &chief, "A piece waiting for an editor", None).await;
        assert_eq!(pass(&app, now() + TimeDelta::days(1)), 1, "only the editor who wants it and may take it");
        app.smtp.wait_for("editor2@example.org", SUBJECT).await;
        settle().await;
        assert!(reminders_to(&app.smtp, "editor@example.org").is_empty(), "turned off");
        assert!(reminders_to(&app.smtp, "chief@example.org").is_empty(), "her own piece is not hers to review");
        assert!(reminders_to(&app.smtp, "editor2@example.org")[0].text.contains("Waiting in the queue: 1"));
    }

    async fn the_reminder_covers_only_the_topics_an_editor_follows(backend) {
        let (app, cast) = setup(backend).await;
        topics(&app, &cast.admin, &["labor", "peace"]).await;
        piece(&app, &cast.member, "Strikes in the logistics sector", Some("labor")).await;
        piece(&app, &cast.member2, "Organising the warehouses", Some("labor")).await;
        piece(&app, &cast.member, "Against the arms race", Some("peace")).await;
        let (status, json) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor,
            json!({"topics": [format!("{CONVENTION}/peace")]})).await;
        assert_eq!(status, 200, "{json}");

        assert_eq!(pass(&app, now()), 2);
        let follower = app.smtp.wait_for("editor@example.org", SUBJECT).await;
        assert!(follower.text.contains("for the topics you follow"), "{}", follower.text);
        assert!(follower.text.contains("Waiting in the queue: 1"), "{}", follower.text);
        assert!(follower.text.contains("Against the arms race") && !follower.text.contains("logistics"), "{}", follower.text);
        let everything = app.smtp.wait_for("editor2@example.org", SUBJECT).await;
        assert!(everything.text.contains("Waiting in the queue: 3"), "following none covers every topic: {}", everything.text);
        assert!(everything.text.contains("Strikes in the logistics sector"), "the oldest of all: {}", everything.text);
    }

    async fn editors_choose_their_topics_and_reminder_on_the_page_and_through_the_api(backend) {
        let (app, cast) = setup(backend).await;
        topics(&app, &cast.admin, &["labor", "peace"]).await;
        assert_eq!(settings_of(&app, &cast.editor).await, json!({"user_id": cast.editor.user_id, "display_name": "editor",
            "email": "editor@example.org", "topics": [], "daily_reminder": true}), "every topic and the reminder by default");

        let labor = format!("{CONVENTION}/labor");
        let (status, json) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor,
            json!({"topics": [labor, labor], "daily_reminder": false})).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!((json["topics"].clone(), json["daily_reminder"].clone()), (json!([labor]), json!(false)));
        assert_eq!(settings_of(&app, &cast.editor).await["topics"], json!([labor]));
        for (body, field) in [(json!({"daily_reminder": "no"}), "daily_reminder"), (json!({"topics": ["nowhere/nothing"]}), "topics"),
            (json!({"topics": "labor"}), "topics"), (json!({"topics": [7]}), "topics")] {
            let (status, json) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor, body.clone()).await;
            assert_eq!((status, json["error"]["fields"][field].is_array()), (422, true), "{body}: {json}");
        }
        let kept = settings_of(&app, &cast.editor).await;
        assert_eq!((kept["topics"].clone(), kept["daily_reminder"].clone()), (json!([labor]), json!(false)), "refused changes change nothing");
        let mut conn = app.db.connection().unwrap();
        assert_eq!(followed_topic_ids(&mut conn, cast.editor.user_id).unwrap().len(), 1);
        drop(conn);

        // The page: the queue links to it; it shows what is saved and saves what is ticked.
        let queue = app.as_user(Method::GET, "/review", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(queue.contains("href=\"/review/settings\""), "{queue}");
        let page = app.as_user(Method::GET, "/review/settings", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("value=\"{labor}\" checked")), "{page}");
        assert!(page.contains("name=\"daily_reminder\" value=\"on\">"), "the reminder is off: {page}");
        let peace = format!("{CONVENTION}/peace");
        let form = [("csrf_token", csrf_field(&page)), ("topic", peace.clone()), ("daily_reminder", "on".into())];
        let saved = app.as_user(Method::POST, "/review/settings", &cast.editor).form(&form).send().await.unwrap();
        let after = app.follow_as(saved, &cast.editor).await;
        assert!(after.contains("Your topics and reminder setting are saved."), "{after}");
        assert!(after.contains(&format!("value=\"{peace}\" checked")) && !after.contains(&format!("value=\"{labor}\" checked")), "{after}");
        let json = settings_of(&app, &cast.editor).await;
        assert_eq!((json["topics"].clone(), json["daily_reminder"].clone()), (json!([peace]), json!(true)));

        // A stale page: nothing saved, the ticks kept, the problem said.
        let stale = [("csrf_token", "stale".to_string()), ("topic", labor.clone())];
        let refused = app.as_user(Method::POST, "/review/settings", &cast.editor).form(&stale).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let again = refused.text().await.unwrap();
        assert!(again.contains("This page was out of date") && again.contains(&format!("value=\"{labor}\" checked")), "{again}");
        assert_eq!(settings_of(&app, &cast.editor).await["topics"], json!([peace]));
    }

    async fn admins_see_and_change_which_editor_follows_which_topic(backend) {
        let (app, cast) = setup(backend).await;
        topics(&app, &cast.admin, &["labor", "peace"]).await;
        let labor = format!("{CONVENTION}/labor");
        let path = format!("/api/v1/admin/editors/{}/settings", cast.editor.user_id);
        let (status, json) = app.call(Method::PUT, &path, &cast.admin, json!({"topics": [labor]})).await;
        assert_eq!((status, json["topics"].clone(), json["daily_reminder"].clone()), (200, json!([labor]), json!(true)), "{json}");
        assert_eq!(settings_of(&app, &cast.editor).await["topics"], json!([labor]), "the editor sees what the admin set");
        let (status, json) = app.call(Method::GET, "/api/v1/admin/editors", &cast.admin, NONE).await;
        assert_eq!(status, 200);
        let listed: Vec<(String, Value)> = json["items"].as_array().unwrap().iter()
            .map(|e| (e["email"].as_str().unwrap().to_string(), e["topics"].clone())).collect();
        assert_eq!(listed, [("editor@example.org".to_string(), json!([labor])), ("editor2@example.org".to_string(), json!([]))]);
        let (status, _) = app.call(Method::PUT, &format!("/api/v1/admin/editors/{}/settings", cast.member.user_id), &cast.admin,
            json!({"topics": []})).await;
        assert_eq!(status, 404, "a member is not an editor");

        let page = app.as_user(Method::GET, "/admin", &cast.admin).send().await.unwrap().text().await.unwrap();
        let section = &page[page.find("id=\"editors\"").expect("the editors' section")..];
        assert!(section.contains(&format!("{labor}; reminder on")), "{section}");
        let form = [("csrf_token", cast.admin.csrf_token.clone()), ("topic", format!("{CONVENTION}/peace"))];
        let saved = app.as_user(Method::POST, &format!("/admin/editors/{}/settings", cast.editor2.user_id), &cast.admin)
            .form(&form).send().await.unwrap();
        let after = app.follow_as(saved, &cast.admin).await;
        assert!(after.contains("s topics and reminder setting are saved."), "the notice: {after}");
        let json = settings_of(&app, &cast.editor2).await;
        assert_eq!((json["topics"].clone(), json["daily_reminder"].clone()), (json!([format!("{CONVENTION}/peace")]), json!(false)));
    }

    async fn only_editors_have_settings_and_only_admins_change_others(backend) {
        let (app, cast) = setup(backend).await;
        for who in [&cast.member, &cast.admin] {
            assert_eq!(app.call(Method::GET, "/api/v1/review/settings", who, NONE).await.0, 403);
            assert_eq!(app.call(Method::PUT, "/api/v1/review/settings", who, json!({"daily_reminder": "wrong type"})).await.0, 403);
            assert_eq!(app.as_user(Method::GET, "/review/settings", who).send().await.unwrap().status(), 403);
        }
        let path = format!("/api/v1/admin/editors/{}/settings", cast.editor2.user_id);
        assert_eq!(app.call(Method::PUT, &path, &cast.editor, json!({"daily_reminder": false})).await.0, 403);
        assert_eq!(app.call(Method::GET, "/api/v1/admin/editors", &cast.editor, NONE).await.0, 403);
        assert_eq!(settings_of(&app, &cast.editor2).await["daily_reminder"], json!(true), "nothing changed");
    }
}

on_both_backends! {
    async fn the_settings_routes_are_in_the_openapi_document(backend) {
        let app = TestApp::spawn(backend).await;
        let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
        for (path, method) in [("/api/v1/review/settings", "get"), ("/api/v1/review/settings", "put"),
            ("/api/v1/admin/editors", "get"), ("/api/v1/admin/editors/{id}/settings", "put")] {
            assert!(doc["paths"][path][method].is_object(), "{method} {path}");
        }
        let settings = &doc["components"]["schemas"]["EditorSettings"]["properties"];
        assert_eq!(settings["daily_reminder"]["type"], "boolean", "{settings}");
    }
}

on_both_backends! {
    async fn two_processes_send_each_editor_one_reminder_a_day(backend) {
        use common::process::{free_port, seed, serve};
        let database = common::TestDatabase::create(backend);
        seed(&database.url);
        let smtp = SmtpServer::reserve();
        smtp.start();
        let dir = database.scratch_dir();
        let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
        // A piece waits before any reminder pass runs: one process without reminders takes it in.
        let quiet = [("TRIBUNE_REVIEW__REMINDERS", "false")];
        let port = free_port();
        let mut first = serve(&database.url, port, &smtp, &dir, &quiet);
        let base = format!("http://127.0.0.1:{port}/api/v1");
        let login: Value = client.post(format!("{base}/auth/login"))
            .json(&json!({"email": "writer@example.org", "password": common::PASSWORD})).send().await.unwrap().json().await.unwrap();
        let writer = login["token"].as_str().unwrap().to_string();
        let body = json!({"convention": "crash", "title": "Waiting for a reminder", "body": "Words of an essay.",
            "byline_name": "W", "byline_location": "C"});
        let created: Value = client.post(format!("{base}/submissions")).bearer_auth(&writer).json(&body).send().await.unwrap().json().await.unwrap();
        let id = created["id"].as_i64().unwrap();
        assert_eq!(client.post(format!("{base}/submissions/{id}/submit")).bearer_auth(&writer).send().await.unwrap().status(), 200);

        // Two processes whose schedulers both run the reminder pass every 100 ms.
        let eager = [("TRIBUNE_REVIEW__SCHEDULER_INTERVAL_MS", "100"), ("TRIBUNE_REVIEW__REMINDER_HOUR_UTC", "0")];
        let mut a = serve(&database.url, free_port(), &smtp, &dir, &eager);
        let mut b = serve(&database.url, free_port(), &smtp, &dir, &eager);
        let started = Instant::now();
        while ["editor@example.org", "editor2@example.org"].iter().any(|to| reminders_to(&smtp, to).is_empty()) {
            assert!(started.elapsed() < Duration::from_secs(30), "the reminders did not arrive: {:#?}", smtp.all());
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
        for to in ["editor@example.org", "editor2@example.org"] {
            let theirs = reminders_to(&smtp, to);
            assert_eq!(theirs.len(), 1, "one reminder for {to}: {theirs:#?}");
            assert!(theirs[0].text.contains("Waiting in the queue: 1"), "{}", theirs[0].text);
        }
        for child in [&mut first, &mut a, &mut b] {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}
