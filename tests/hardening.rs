//! Bounded work for any input, slugs that never collide, background work that isolates failures,
//! bodies that must parse, and invariants that hold under concurrency (issue 12).

mod common;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, TestApp};

const NONE: Value = Value::Null;

/// Claims and approves `id` (with `body` as the approval's JSON); returns status and answer.
async fn approve(app: &TestApp, editor: &common::SignedIn, id: i64, body: Value) -> (u16, Value) {
    let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), editor, json!({})).await;
    assert_eq!(status, 200);
    app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), editor, body).await
}

on_both_backends! {
    async fn essays_nested_at_any_depth_are_saved_reviewed_and_published_with_their_words(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("server.max_body_bytes", 400_000))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let bodies = [
            (format!("{} quoted words", ">".repeat(100_000)), "quoted words"),
            (format!("{}listed words", "- ".repeat(60_000)), "listed words"),
            (format!("tagged words {}", "<div>".repeat(30_000)), "tagged words"),
            (format!("{}formatted words", "<b><i></b></i>".repeat(10_000)), "formatted words"),
        ];
        for (n, (body, words)) in bodies.iter().enumerate() {
            let id = app.submitted(&cast.member, &format!("Deep essay number {n}"), body, &[]).await;
            // The author's page and the editor's review page show the words.
            let client = app.new_client();
            let page = client
                .get(app.url(&format!("/submissions/{id}")))
                .bearer_auth(&cast.member.token)
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            assert!(page.text().await.unwrap().contains(words), "{words} missing from the draft page");
            let review = client
                .get(app.url(&format!("/review/{id}")))
                .bearer_auth(&cast.editor.token)
                .send()
                .await
                .unwrap();
            assert_eq!(review.status(), 200);
            let (status, json) = approve(&app, &cast.editor, id, json!({})).await;
            assert_eq!((status, json["status"].as_str()), (200, Some("published")), "{json}");
            let slug = json["article_slug"].as_str().unwrap();
            let article: Value = app.get(&format!("/api/v1/articles/{slug}")).await.json().await.unwrap();
            assert!(article["body_html"].as_str().unwrap().contains(words), "{words} missing from the article");
        }
    }

    async fn a_title_whose_slugs_are_taken_still_publishes_under_a_free_one(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let clash = app.submitted(&cast.member, "Clash", ESSAY, &[]).await;
        // Both the title's slug and the title's slug with this submission's id are taken first.
        let first = app.published(&cast.member2, &cast.editor, "Clash", ESSAY, &[]).await;
        let second = app.published(&cast.member2, &cast.editor, &format!("Clash {clash}"), ESSAY, &[]).await;
        assert_eq!((first.as_str(), second.as_str()), ("clash", format!("clash-{clash}").as_str()));
        let (status, json) = approve(&app, &cast.editor, clash, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("published")), "{json}");
        let slug = json["article_slug"].as_str().unwrap();
        assert!(slug != first && slug != second && slug.starts_with("clash"), "{slug}");
        assert_eq!(app.get(&format!("/articles/{slug}")).await.status(), 200);
    }

    async fn two_editors_publishing_same_titled_pieces_at_once_both_succeed(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        for round in 0..3 {
            let title = format!("Same title, round {round}");
            let a = app.submitted(&cast.member, &title, ESSAY, &[]).await;
            let b = app.submitted(&cast.member2, &title, ESSAY, &[]).await;
            for (id, editor) in [(a, &cast.editor), (b, &cast.editor2)] {
                app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), editor, json!({})).await;
            }
            let (first, second) = common::both(
                app.call(Method::POST, &format!("/api/v1/review/{a}/approve"), &cast.editor, json!({})),
                app.call(Method::POST, &format!("/api/v1/review/{b}/approve"), &cast.editor2, json!({})),
            )
            .await;
            assert_eq!((first.0, second.0), (200, 200), "{} / {}", first.1, second.1);
            assert_ne!(first.1["article_slug"], second.1["article_slug"]);
        }
    }

    async fn a_scheduled_piece_that_cannot_be_published_does_not_hold_up_the_others(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        app.convention(&cast.admin, "second-convention", -1, 1500).await;
        let broken = app.submitted(&cast.member, "Due first but broken", ESSAY, &[]).await;
        // (Approved first, while its convention still has a disclaimer.)
        let fine = app.submitted(&cast.member2, "Due second and fine", ESSAY, &[]).await;
        let soon = chrono::Utc::now() + chrono::TimeDelta::seconds(3);
        for (id, at) in [(broken, soon), (fine, soon + chrono::TimeDelta::milliseconds(10))] {
            let (status, json) = approve(&app, &cast.editor, id, json!({"publish_at": at.to_rfc3339()})).await;
            assert_eq!((status, json["status"].as_str()), (200, Some("approved")), "{json}");
        }
        // The first piece moves to a convention that has lost its disclaimer, so it cannot be
        // published (an operator's mistake the scheduler must survive).
        {
            use diesel::RunQueryDsl;
            let mut conn = app.db.connection().unwrap();
            diesel::sql_query(format!(
                "UPDATE submissions SET convention_id = (SELECT id FROM conventions WHERE slug = 'second-convention') WHERE id = {broken}"
            ))
            .execute(&mut *conn)
            .unwrap();
            diesel::sql_query("DELETE FROM disclaimers WHERE convention_id = (SELECT id FROM conventions WHERE slug = 'second-convention')")
                .execute(&mut *conn)
                .unwrap();
        }
        let mut published = None;
        for _ in 0..100 {
            let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{fine}"), &cast.member2, NONE).await;
            if json["status"] == "published" {
                published = json["article_slug"].as_str().map(str::to_string);
                break;
            }
            tokio_sleep(Duration::from_millis(100)).await;
        }
        assert!(published.is_some(), "the piece due after the broken one was never published");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{broken}"), &cast.member, NONE).await;
        assert_eq!(json["status"], "approved", "the broken piece waits, still approved");
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(
            metrics.lines().any(|l| l.starts_with("tribune_background_failures_total{task=\"scheduled_publication\"}")),
            "the failure is counted: {metrics}"
        );
    }

    async fn a_malformed_or_mistyped_approval_body_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Wait for the right moment", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let attempts = [
            ("application/json", r#"{"publish_at":"2027-06-01T09:00:00Z",}"#, 400),
            ("application/json", r#"{"publish_at":"#, 400),
            ("application/json", r#""2027-06-01T09:00:00Z""#, 400),
            ("text/plain", r#"{"publish_at":"2027-06-01T09:00:00Z"}"#, 415),
            ("application/x-www-form-urlencoded", "publish_at=2027-06-01T09:00:00Z", 415),
        ];
        for (content_type, body, expected) in attempts {
            let response = app
                .as_user(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), expected, "{content_type} {body}");
            common::error_code(response).await;
            let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
            assert_eq!(json["status"], "in_review", "{content_type} {body} changed the piece");
        }
        // The same malformed body on the mailbag's optional-body action is refused too.
        let response = app
            .as_user(Method::POST, "/api/v1/mailbag/questions/1/reject", &cast.editor)
            .header("content-type", "application/json")
            .body("{\"reason\":")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        // With no body at all the approval publishes now, as documented.
        let response =
            app.as_user(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let json: Value = response.json().await.unwrap();
        assert_eq!(json["status"], "published");
    }

    async fn two_admins_demoting_each_other_at_once_leave_one_admin(backend) {
        let app = TestApp::spawn(backend).await;
        for round in 0..5 {
            let a = app.user_with(&format!("admin-a{round}@example.org"), &[Role::Admin]).await;
            let b = app.user_with(&format!("admin-b{round}@example.org"), &[Role::Admin]).await;
            // Only these two are admins in this round.
            if round > 0 {
                let mut conn = app.db.connection().unwrap();
                use diesel::RunQueryDsl;
                diesel::sql_query(format!(
                    "DELETE FROM user_roles WHERE role = 'admin' AND user_id NOT IN ({}, {})",
                    a.user_id, b.user_id
                ))
                .execute(&mut *conn)
                .unwrap();
            }
            let (first, second) = common::both(
                app.call(Method::POST, &format!("/api/v1/admin/users/{}/roles", b.user_id), &a, json!({"roles": ["member"]})),
                app.call(Method::POST, &format!("/api/v1/admin/users/{}/roles", a.user_id), &b, json!({"roles": ["member"]})),
            )
            .await;
            let statuses = [first.0, second.0];
            assert!(statuses.contains(&409) || statuses.contains(&403), "both demotions went through: {statuses:?}");
            let admins: i64 = {
                use diesel::prelude::*;
                use tribune::storage::schema::user_roles;
                user_roles::table
                    .filter(user_roles::role.eq("admin"))
                    .count()
                    .get_result(&mut *app.db.connection().unwrap())
                    .unwrap()
            };
            assert_eq!(admins, 1, "round {round}: {statuses:?}");
        }
    }
}

async fn tokio_sleep(duration: Duration) {
    actix_web::rt::time::sleep(duration).await;
}

on_both_backends! {
    async fn a_submit_form_posted_twice_makes_one_draft(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let client = app.new_client();
        let form = client.get(app.url("/submit")).bearer_auth(&cast.member.token).send().await.unwrap().text().await.unwrap();
        let key = common::hidden_field(&form, "form_key");
        let fields = [
            ("csrf_token", cast.member.csrf_token.as_str()), ("convention", CONVENTION), ("title", "Posted with a double click"),
            ("body", ESSAY), ("byline_name", "Emma Writer"), ("byline_location", "Detroit"), ("form_key", key.as_str()),
        ];
        let (first, second) = common::both(
            client.post(app.url("/submit")).bearer_auth(&cast.member.token).form(&fields).send(),
            client.post(app.url("/submit")).bearer_auth(&cast.member.token).form(&fields).send(),
        )
        .await;
        let (first, second) = (first.unwrap(), second.unwrap());
        assert_eq!((first.status().as_u16(), second.status().as_u16()), (303, 303));
        assert_eq!(first.headers()["location"], second.headers()["location"], "both posts lead to the same draft");
        let third = client.post(app.url("/submit")).bearer_auth(&cast.member.token).form(&fields).send().await.unwrap();
        assert_eq!(third.headers()["location"], first.headers()["location"]);
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, NONE).await;
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");

        // The API takes the same guarantee from an Idempotency-Key header.
        let body = json!({"convention": CONVENTION, "title": "Sent twice by a flaky client", "body": ESSAY,
            "byline_name": "Emma Writer", "byline_location": "Detroit"});
        let mut ids = Vec::new();
        for _ in 0..2 {
            let response = app.as_user(Method::POST, "/api/v1/submissions", &cast.member)
                .header("idempotency-key", "client-key-1").json(&body).send().await.unwrap();
            assert_eq!(response.status(), 201);
            ids.push(response.json::<Value>().await.unwrap()["id"].clone());
        }
        assert_eq!(ids[0], ids[1]);
        let response = app.as_user(Method::POST, "/api/v1/submissions", &cast.member)
            .header("idempotency-key", "x".repeat(101)).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 422);
    }
}
