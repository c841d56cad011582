//! The authorization matrix: every route against every kind of caller, in one table. A number is
//! the exact status expected; `OK` means "let through": anything but 401, 403, 404 or a 5xx (the
//! request may still fail validation or the workflow). Unpublished work answers 404 to whoever
//! may not see it; a page that needs signing in sends whoever is signed out to the sign-in page
//! (303).

mod common;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, SignedIn, TestApp};

const OK: u16 = 0;
const CALLERS: [&str; 6] = ["anonymous", "author", "other member", "expert", "editor", "admin"];

struct Row {
    method: Method,
    path: String,
    body: Value,
    expected: [u16; 6],
}

fn row(method: Method, path: impl Into<String>, body: Value, expected: [u16; 6]) -> Row {
    Row { method, path: path.into(), body, expected }
}

on_both_backends! {
    async fn every_route_answers_every_caller_as_the_table_says(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let (author, other) = (&cast.member, &cast.member2);
        let draft = app.draft(author, "A draft nobody else sees", ESSAY, &[]).await;
        let submitted = app.submitted(author, "A submitted essay in the queue", ESSAY, &[]).await;
        let to_withdraw = app.submitted(author, "An essay its author will withdraw", ESSAY, &[]).await;
        let unsent = app.draft(author, "A draft withdrawn before it was sent", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/submissions/{unsent}/withdraw"), author, json!({})).await;
        let article = app.published(author, &cast.editor2, "A published essay for everyone", ESSAY, &[]).await;
        let to_unpublish = app.published(author, &cast.editor2, "An essay to be taken down", ESSAY, &[]).await;
        for body in ["How were the first union contracts negotiated here?", "Buy cheap watches online now, best prices!"] {
            app.post_json("/api/v1/mailbag/questions", &json!({"name": "Ana Reader", "email": "ana@example.org", "body": body, "topic": "History"})).await;
        }
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
        let (question, junk) = (inbox["items"][0]["id"].as_i64().unwrap(), inbox["items"][1]["id"].as_i64().unwrap());

        let rows = vec![
            row(Method::GET, "/api/v1/me", json!(null), [401, OK, OK, OK, OK, OK]),
            row(Method::POST, "/api/v1/auth/verify/resend", json!({}), [401, OK, OK, OK, OK, OK]),
            row(Method::GET, "/api/v1/admin/users", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, format!("/api/v1/admin/users/{}/roles", other.user_id), json!({"roles": ["member"]}), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, "/api/v1/admin/users", json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/admin/outbox", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/admin/suppressions", json!(null), [401, 403, 403, 403, 403, OK]),
            // Nobody is suppressed: the admin's 404 says so.
            row(Method::DELETE, "/api/v1/admin/suppressions/nobody@example.org", json!(null), [401, 403, 403, 403, 403, 404]),
            row(Method::GET, "/api/v1/admin/mail", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, "/api/v1/admin/mail/test", json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/admin/site", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::PUT, "/api/v1/admin/site", json!({"title": "Tribune"}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/admin/editors", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::PUT, format!("/api/v1/admin/editors/{}/settings", cast.editor.user_id), json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/review/settings", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::PUT, "/api/v1/review/settings", json!({}), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/api/v1/conventions", json!(null), [OK; 6]),
            row(Method::POST, "/api/v1/conventions", json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::PATCH, format!("/api/v1/conventions/{CONVENTION}"), json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/disclaimers"), json!({"body": "A newer disclaimer text."}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/disclaimers"), json!(null), [OK; 6]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/topics"), json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/transparency"), json!(null), [OK; 6]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/reasons"), json!(null), [401, 403, 403, 403, OK, OK]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/reasons"), json!({}), [401, 403, 403, 403, OK, OK]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/reasons/999999"), json!(null), [401, 403, 403, 403, 404, 404]),
            row(Method::PATCH, format!("/api/v1/conventions/{CONVENTION}/reasons/999999"), json!({}), [401, 403, 403, 403, 404, 404]),
            row(Method::DELETE, format!("/api/v1/conventions/{CONVENTION}/reasons/999999"), json!(null), [401, 403, 403, 403, 404, 404]),
            row(Method::PUT, "/api/v1/review/priority", json!({}), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/topics"), json!({"position": "first"}), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, "/api/v1/submissions", json!({}), [401, OK, OK, 403, 403, 403]),
            row(Method::GET, format!("/api/v1/submissions/{draft}"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::PATCH, format!("/api/v1/submissions/{draft}"), json!({}), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{draft}/revisions/1"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{unsent}"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{unsent}/revisions"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/review/{unsent}"), json!(null), [404, 403, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/review/{unsent}/events"), json!(null), [404, 403, 404, 404, 404, 404]),
            row(Method::GET, format!("/review/{unsent}"), json!(null), [404, 403, 404, 404, 404, 404]),
            row(Method::GET, format!("/submissions/{unsent}"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{submitted}"), json!(null), [404, OK, 404, 404, OK, 404]),
            row(Method::GET, format!("/api/v1/submissions/{submitted}/revisions"), json!(null), [404, OK, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/submissions/{to_withdraw}/withdraw"), json!({}), [404, OK, 404, 404, 403, 404]),
            row(Method::GET, "/api/v1/me/submissions", json!(null), [401, OK, OK, OK, OK, OK]),
            row(Method::GET, "/api/v1/review/queue", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/api/v1/review/priority", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, format!("/api/v1/review/{submitted}"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, format!("/api/v1/review/{submitted}/events"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, format!("/api/v1/review/{submitted}/timeline"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/undo"), json!({}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/comment"), json!({"body": "A note."}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/claim"), json!({}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/reschedule"), json!({"publish_at": "2999-01-01T00:00:00Z"}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/cancel-schedule"), json!({}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, "/api/v1/review/digests", json!({}), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, "/api/v1/review/bulk", json!({"action": "release", "ids": [999_999]}), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, format!("/api/v1/review/{submitted}/reassign"), json!({"editor_id": cast.editor.user_id}), [404, 403, 404, 404, 422, 404]),
            row(Method::GET, "/api/v1/articles", json!(null), [OK; 6]),
            row(Method::GET, format!("/api/v1/articles/{article}"), json!(null), [OK; 6]),
            row(Method::GET, format!("/api/v1/articles/{article}/comments"), json!(null), [OK; 6]),
            row(Method::POST, format!("/api/v1/articles/{article}/comments"), json!({"body": "A comment."}), [401, OK, OK, OK, OK, OK]),
            row(Method::POST, format!("/api/v1/articles/{to_unpublish}/unpublish"), json!({"reason": "Test."}), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, "/api/v1/comments", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, format!("/api/v1/users/{}/trust", other.user_id), json!({"trusted": true}), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/api/v1/mailbag/questions", json!(null), [OK; 6]),
            row(Method::GET, "/api/v1/mailbag/inbox", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::GET, "/api/v1/mailbag/followups", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::GET, "/api/v1/mailbag/followups/unanswered", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::POST, format!("/api/v1/mailbag/questions/{question}/answer"), json!({"body": "An answer."}), [401, 403, 403, OK, 403, 403]),
            row(Method::POST, format!("/api/v1/mailbag/questions/{question}/publish"), json!({"headline": "A headline here"}), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, format!("/api/v1/mailbag/questions/{junk}/spam"), json!({}), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/api/v1/mailbag/answers", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::POST, "/api/v1/mailbag/answers/999999/approve", json!({}), [401, 403, 403, 403, 404, 403]),
            row(Method::GET, "/api/v1/mailbag/cosignatures", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::POST, "/api/v1/mailbag/cosignatures/999999/confirm", json!({}), [401, 403, 403, 404, 403, 403]),
            row(Method::GET, "/admin", json!(null), [303, 403, 403, 403, 403, OK]),
            // The site has admins: the setup page is closed to everyone.
            row(Method::GET, "/setup?token=anything", json!(null), [409; 6]),
            row(Method::GET, "/admin/conventions", json!(null), [303, 403, 403, 403, 403, OK]),
            row(Method::GET, format!("/conventions/{CONVENTION}/reasons"), json!(null), [303, 403, 403, 403, OK, OK]),
            row(Method::GET, "/static/reasons.js", json!(null), [OK; 6]),
            row(Method::GET, "/review", json!(null), [303, 403, 403, 403, OK, 403]),
            row(Method::GET, "/review/comments", json!(null), [303, 403, 403, 403, OK, 403]),
            row(Method::GET, "/review/settings", json!(null), [303, 403, 403, 403, OK, 403]),
            row(Method::GET, format!("/review/{submitted}"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, "/mailbag/inbox", json!(null), [303, 403, 403, OK, OK, 403]),
            row(Method::GET, format!("/mailbag/inbox/{question}"), json!(null), [303, 403, 403, OK, OK, 403]),
            row(Method::GET, "/submit", json!(null), [303, OK, OK, OK, OK, OK]),
            row(Method::GET, "/me/submissions", json!(null), [303, OK, OK, OK, OK, OK]),
            row(Method::GET, format!("/submissions/{draft}"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/submissions/{submitted}"), json!(null), [404, OK, 404, 404, OK, 404]),
            row(Method::GET, format!("/articles/{article}"), json!(null), [OK; 6]),
            row(Method::GET, "/", json!(null), [OK; 6]),
            row(Method::GET, "/mailbag", json!(null), [OK; 6]),
        ];

        let callers: [Option<&SignedIn>; 6] = [None, Some(author), Some(other), Some(&expert), Some(&cast.editor), Some(&cast.admin)];
        let mut mismatches = Vec::new();
        let mut checked = 0;
        for row in &rows {
            for (n, caller) in callers.iter().enumerate() {
                let mut request = app.new_client().request(row.method.clone(), app.url(&row.path));
                if let Some(who) = caller {
                    request = request.bearer_auth(&who.token);
                }
                if !row.body.is_null() {
                    request = request.json(&row.body);
                }
                let status = request.send().await.unwrap().status().as_u16();
                let expected = row.expected[n];
                let fine = if expected == OK { ![401, 403, 404].contains(&status) && status < 500 } else { status == expected };
                if !fine {
                    mismatches.push(format!("{} {} as {}: {status}, expected {}", row.method, row.path, CALLERS[n],
                        if expected == OK { "let through".to_string() } else { expected.to_string() }));
                }
                checked += 1;
            }
        }
        assert!(mismatches.is_empty(), "{} of {checked} checks differ:\n{}", mismatches.len(), mismatches.join("\n"));
    }
}

/// Every route that shows a submission, its revisions, diffs or history, or acts on it.
fn submission_routes(id: i64) -> Vec<(Method, String)> {
    vec![
        (Method::GET, format!("/api/v1/submissions/{id}")),
        (Method::GET, format!("/api/v1/submissions/{id}/revisions")),
        (Method::GET, format!("/api/v1/submissions/{id}/revisions/1")),
        (Method::GET, format!("/api/v1/review/{id}")),
        (Method::GET, format!("/api/v1/review/{id}/events")),
        (Method::GET, format!("/api/v1/review/{id}/timeline")),
        (Method::GET, format!("/submissions/{id}")),
        (Method::GET, format!("/review/{id}")),
        (Method::GET, format!("/review/{id}?from=1&to=2")),
    ]
}

/// The titles an editor finds in the review queue (JSON and page) under `status`.
async fn queue_shows(app: &TestApp, who: &SignedIn, status: &str, title: &str) -> (bool, bool) {
    let (code, json) = app.call(Method::GET, &format!("/api/v1/review/queue?status={status}"), who, Value::Null).await;
    assert_eq!(code, 200, "{json}");
    let in_json = json["items"].as_array().unwrap().iter().any(|item| item["title"] == title);
    let page = app.as_user(Method::GET, &format!("/review?status={status}"), who).send().await.unwrap();
    assert_eq!(page.status(), 200);
    (in_json, page.text().await.unwrap().contains(title))
}

on_both_backends! {
    async fn a_draft_never_submitted_is_not_there_for_editors_or_admins(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let chief = app.user_with("chief@example.org", &[Role::Admin, Role::Editor]).await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let author = &cast.member;
        let draft = app.draft(author, "A private draft in progress", ESSAY, &[]).await;
        let unsent = app.draft(author, "A private draft withdrawn unsent", ESSAY, &[]).await;
        let revised = json!({"title": "A private draft withdrawn unsent", "body": format!("{ESSAY}\n\nA second thought."),
            "byline_name": "Emma Writer", "byline_location": "Detroit", "tags": []});
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/submissions/{unsent}"), author, revised).await;
        assert_eq!(status, 200);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/submissions/{unsent}/withdraw"), author, json!({})).await;
        assert_eq!(status, 200);

        for id in [draft, unsent] {
            for (method, path) in submission_routes(id) {
                for (name, who) in [("editor", &cast.editor), ("admin", &cast.admin), ("admin and editor", &chief)] {
                    let response = app.as_user(method.clone(), &path, who).send().await.unwrap();
                    assert_eq!(response.status(), 404, "{method} {path} as {name}");
                    assert!(!response.text().await.unwrap().contains("A private draft"), "{path} as {name} shows the title");
                }
                if path.starts_with("/api/v1/submissions") || path.starts_with("/submissions") {
                    let response = app.as_user(method.clone(), &path, author).send().await.unwrap();
                    assert_eq!(response.status(), 200, "{method} {path} as its author");
                }
            }
            for action in ["claim", "comment", "reject"] {
                let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/{action}"), &chief,
                    json!({"body": "A note.", "visibility": "internal", "reason": "No."})).await;
                assert_eq!(status, 404, "POST /review/{id}/{action}");
            }
        }
        for status in ["withdrawn", "draft"] {
            for who in [&cast.editor, &chief] {
                let (code, json) = app.call(Method::GET, &format!("/api/v1/review/queue?status={status}"), who, Value::Null).await;
                assert!(code == 200 || code == 422, "{json}");
                assert!(!json.to_string().contains("A private draft"), "the {status} queue lists a private draft: {json}");
                let page = app.as_user(Method::GET, &format!("/review?status={status}"), who).send().await.unwrap();
                assert!(!page.text().await.unwrap().contains("A private draft"), "the {status} queue page lists a private draft");
            }
        }
    }

    async fn a_submission_withdrawn_after_it_was_sent_stays_visible_to_editors(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let author = &cast.member;
        let id = app.submitted(author, "A submission its author took back", ESSAY, &[]).await;
        let (status, _) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/withdraw"), author, json!({})).await;
        assert_eq!(status, 200);

        for (method, path) in submission_routes(id) {
            let response = app.as_user(method.clone(), &path, &cast.editor).send().await.unwrap();
            assert_eq!(response.status(), 200, "{method} {path} as an editor");
        }
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.editor, Value::Null).await;
        assert_eq!(json["status"], "withdrawn");
        assert_eq!(queue_shows(&app, &cast.editor, "withdrawn", "A submission its author took back").await, (true, true));
    }
}
