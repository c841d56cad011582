//! The authorization matrix: every route against every kind of caller, in one table. A number is
//! the exact status expected; `OK` means "let through": anything but 401, 403, 404 or a 5xx (the
//! request may still fail validation or the workflow). Unpublished work answers 404 to whoever
//! may not see it.

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
        let article = app.published(author, &cast.editor2, "A published essay for everyone", ESSAY, &[]).await;
        let to_unpublish = app.published(author, &cast.editor2, "An essay to be taken down", ESSAY, &[]).await;
        for body in ["How were the first union contracts negotiated here?", "Buy cheap watches online now, best prices!"] {
            app.post_json("/api/v1/mailbag/questions", &json!({"name": "Ana Reader", "email": "ana@example.org", "body": body, "topic": "History"})).await;
        }
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
        let (question, junk) = (inbox["items"][0]["id"].as_i64().unwrap(), inbox["items"][1]["id"].as_i64().unwrap());

        let rows = vec![
            row(Method::GET, "/api/v1/me", json!(null), [401, OK, OK, OK, OK, OK]),
            row(Method::GET, "/api/v1/admin/users", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, format!("/api/v1/admin/users/{}/roles", other.user_id), json!({"roles": ["member"]}), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, "/api/v1/admin/users", json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/admin/outbox", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/api/v1/conventions", json!(null), [OK; 6]),
            row(Method::POST, "/api/v1/conventions", json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::PATCH, format!("/api/v1/conventions/{CONVENTION}"), json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/disclaimers"), json!({"body": "A newer disclaimer text."}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/disclaimers"), json!(null), [OK; 6]),
            row(Method::POST, format!("/api/v1/conventions/{CONVENTION}/topics"), json!({}), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, format!("/api/v1/conventions/{CONVENTION}/transparency"), json!(null), [OK; 6]),
            row(Method::POST, "/api/v1/submissions", json!({}), [401, OK, OK, 403, 403, 403]),
            row(Method::GET, format!("/api/v1/submissions/{draft}"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::PATCH, format!("/api/v1/submissions/{draft}"), json!({}), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{draft}/revisions/1"), json!(null), [404, OK, 404, 404, 404, 404]),
            row(Method::GET, format!("/api/v1/submissions/{submitted}"), json!(null), [404, OK, 404, 404, OK, 404]),
            row(Method::GET, format!("/api/v1/submissions/{submitted}/revisions"), json!(null), [404, OK, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/submissions/{to_withdraw}/withdraw"), json!({}), [404, OK, 404, 404, 403, 404]),
            row(Method::GET, "/api/v1/me/submissions", json!(null), [401, OK, OK, OK, OK, OK]),
            row(Method::GET, "/api/v1/review/queue", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/api/v1/review/priority", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, format!("/api/v1/review/{submitted}"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, format!("/api/v1/review/{submitted}/events"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/comment"), json!({"body": "A note."}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, format!("/api/v1/review/{submitted}/claim"), json!({}), [404, 403, 404, 404, OK, 404]),
            row(Method::POST, "/api/v1/review/digests", json!({}), [401, 403, 403, 403, OK, 403]),
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
            row(Method::POST, format!("/api/v1/mailbag/questions/{question}/answer"), json!({"body": "An answer."}), [401, 403, 403, OK, 403, 403]),
            row(Method::POST, format!("/api/v1/mailbag/questions/{question}/publish"), json!({"headline": "A headline here"}), [401, 403, 403, 403, OK, 403]),
            row(Method::POST, format!("/api/v1/mailbag/questions/{junk}/spam"), json!({}), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/admin", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/admin/conventions", json!(null), [401, 403, 403, 403, 403, OK]),
            row(Method::GET, "/review", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, "/review/comments", json!(null), [401, 403, 403, 403, OK, 403]),
            row(Method::GET, format!("/review/{submitted}"), json!(null), [404, 403, 404, 404, OK, 404]),
            row(Method::GET, "/mailbag/inbox", json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::GET, format!("/mailbag/inbox/{question}"), json!(null), [401, 403, 403, OK, OK, 403]),
            row(Method::GET, "/submit", json!(null), [401, OK, OK, OK, OK, OK]),
            row(Method::GET, "/me/submissions", json!(null), [401, OK, OK, OK, OK, OK]),
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
