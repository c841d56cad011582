//! The editorial lifecycle over the JSON API: intake, review, publication and reading, and every
//! refusal on the way.

mod common;

use std::time::Duration;

use chrono::Timelike;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, Server, TestApp};

const NONE: Value = Value::Null;

on_both_backends! {
    async fn an_authors_submissions_come_fifty_to_a_page_newest_change_first(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        for n in 0..53 {
            app.draft(&cast.member, &format!("Draft number {n:02}"), ESSAY, &[]).await;
        }
        let (status, first) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, Value::Null).await;
        assert_eq!(status, 200);
        let titles = |page: &Value| page["items"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        assert_eq!(titles(&first).len(), 50);
        assert_eq!(titles(&first)[0], "Draft number 52", "the newest change first");
        let cursor = first["next_cursor"].as_str().expect("a next page").to_string();
        let (_, second) = app.call(Method::GET, &format!("/api/v1/me/submissions?cursor={}", common::urlencode(&cursor)), &cast.member, Value::Null).await;
        assert_eq!(titles(&second), ["Draft number 02", "Draft number 01", "Draft number 00"]);
        assert!(second["next_cursor"].is_null());
        let (status, json) = app.call(Method::GET, "/api/v1/me/submissions?cursor=not-a-cursor", &cast.member, Value::Null).await;
        assert_eq!((status, json["error"]["fields"]["cursor"].is_array()), (422, true), "{json}");

        let page = app.as_user(Method::GET, "/me/submissions", &cast.member).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Draft number 52") && !page.contains("Draft number 00"));
        let start = page.find("href=\"/me/submissions?cursor=").expect("a link to the older ones") + "href=\"".len();
        let href = page[start..start + page[start..].find('"').unwrap()].replace("&#38;", "&");
        assert!(page.contains(">Older submissions</a>"));
        let next = app.as_user(Method::GET, &href, &cast.member).send().await.unwrap().text().await.unwrap();
        assert!(next.contains("Draft number 00") && !next.contains("Draft number 52"), "{next}");
    }

    async fn an_essay_goes_from_draft_through_changes_to_publication(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "On organising the unorganised", ESSAY, &["labor", "Organizing"]).await;
        app.smtp.wait_for("member@example.org", "Received").await;
        app.smtp.wait_for("editor@example.org", "New in the review queue").await;

        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("in_review")));
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/comment"), &cast.editor,
            json!({"body": "Strong piece; check the second paragraph.", "visibility": "internal"})).await;
        assert_eq!(status, 200);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/request-changes"), &cast.editor,
            json!({"message": "Please add a concrete example."})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("changes_requested")));
        let mail = app.smtp.wait_for("member@example.org", "Changes requested").await;
        assert!(mail.text.contains("Please add a concrete example."));

        // The author sees the comment meant for them, not the internal one.
        let (_, mine) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
        let notes: Vec<&str> = mine["comments"].as_array().unwrap().iter().filter_map(|c| c["note"].as_str()).collect();
        assert!(notes.contains(&"Please add a concrete example."), "{mine}");
        assert!(!notes.iter().any(|n| n.contains("Strong piece")), "{mine}");

        let revised = format!("{ESSAY}\n\nAt the plant on Fifth Street, forty workers signed cards in a week.");
        let (status, json) = app.call(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member, json!({"body": revised})).await;
        assert_eq!((status, json["revisions"].as_i64()), (200, Some(2)));
        let (status, json) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("submitted")), "back in the queue");
        let (_, queue) = app.call(Method::GET, "/api/v1/review/queue", &cast.editor, NONE).await;
        assert_eq!(queue["items"][0]["id"], id);

        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor2, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("published")), "{json}");
        let slug = json["article_slug"].as_str().unwrap().to_string();
        assert_eq!(slug, "on-organising-the-unorganised");

        let article: Value = app.get(&format!("/api/v1/articles/{slug}")).await.json().await.unwrap();
        assert_eq!(article["byline_name"], "Emma Writer");
        assert_eq!(article["byline_location"], "Detroit");
        assert_eq!(article["disclaimer"]["version"], 1);
        assert_eq!(article["convention"]["slug"], CONVENTION);
        assert_eq!(article["tags"], json!(["labor", "organizing"]));
        assert!(article["body_html"].as_str().unwrap().contains("forty workers"), "the revision published is the latest");
        assert!(article["body_html"].as_str().unwrap().contains("<blockquote>"));

        // The published email's link opens the article.
        let published = app.smtp.wait_for("member@example.org", "Published").await;
        let page = app.get(&published.link("/articles/")).await;
        assert_eq!(page.status(), 200);

        // A later disclaimer version never changes what was published.
        app.disclaimer(&cast.admin, CONVENTION, "New wording of the disclaimer (version 2).").await;
        let article: Value = app.get(&format!("/api/v1/articles/{slug}")).await.json().await.unwrap();
        assert_eq!(article["disclaimer"]["version"], 1);
        assert!(article["disclaimer"]["body"].as_str().unwrap().contains("version 1"));
        let next = app.published(&cast.member2, &cast.editor, "A second essay on the same themes", ESSAY, &[]).await;
        let second: Value = app.get(&format!("/api/v1/articles/{next}")).await.json().await.unwrap();
        assert_eq!(second["disclaimer"]["version"], 2);
        let (_, versions) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}/disclaimers"), &cast.member, NONE).await;
        assert_eq!(versions["items"][0]["version"], 2);

        // The audit trail shows every step.
        let (_, events) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), &cast.editor, NONE).await;
        let actions: Vec<&str> = events["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["create", "submit", "claim", "comment", "request_changes", "revise", "submit", "claim", "approve", "publish"]);
    }

    async fn illegal_transitions_are_409_and_change_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "A submitted essay", ESSAY, &[]).await;
        for (who, path) in [
            (&cast.member, format!("/api/v1/submissions/{id}/submit")),
            (&cast.editor, format!("/api/v1/review/{id}/approve")),
            (&cast.editor, format!("/api/v1/review/{id}/release")),
        ] {
            let (status, json) = app.call(Method::POST, &path, who, json!({"reason": "x", "message": "x"})).await;
            assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")), "{path}");
        }
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reject"), &cast.editor, json!({"reason": "no"})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")));
        let (status, json) = app.call(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member, json!({"title": "Changed title here"})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")), "no edits once submitted");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
        assert_eq!((json["status"].as_str(), json["title"].as_str()), (Some("submitted"), Some("A submitted essay")));

        let slug = app.published(&cast.member2, &cast.editor, "Already published essay", ESSAY, &[]).await;
        let (_, sub) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member2, NONE).await;
        let published_id = sub["items"][0]["id"].as_i64().unwrap();
        let (status, _) = app.call(Method::POST, &format!("/api/v1/submissions/{published_id}/withdraw"), &cast.member2, json!({})).await;
        assert_eq!(status, 409);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{published_id}/claim"), &cast.editor, json!({})).await;
        assert_eq!(status, 409);
        assert_eq!(app.get(&format!("/api/v1/articles/{slug}")).await.status(), 200);
    }

    async fn submitting_outside_the_discussion_window_is_refused(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, 5, 1500).await;
        let id = app.draft(&cast.member, "Written early, before the opening", ESSAY, &[]).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("discussion_closed")));
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
        assert_eq!(json["status"], "draft");
    }

    async fn the_word_limit_counts_words_not_markup(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 50).await;
        let fifty = vec!["**word**"; 50].join(" ");
        app.draft(&cast.member, "Exactly at the limit", &fifty, &[]).await;
        let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({
            "convention": CONVENTION, "title": "Over the limit", "body": format!("{fifty} one-more"),
            "byline_name": "E", "byline_location": "D"})).await;
        assert_eq!(status, 422);
        assert!(json["error"]["fields"]["body"][0].as_str().unwrap().contains("51 words"), "{json}");
    }

    async fn intake_reports_every_bad_field(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({
            "convention": CONVENTION, "title": "Shrt", "body": "", "byline_name": "",
            "tags": ["a", "b", "c", "d", "e", "f"]})).await;
        assert_eq!(status, 422);
        for field in ["title", "body", "byline_name", "byline_location", "tags"] {
            assert!(json["error"]["fields"][field].is_array(), "{field}: {json}");
        }
        let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({"convention": "nope"})).await;
        assert_eq!((status, json["error"]["fields"]["convention"].is_array()), (422, true));
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, NONE).await;
        assert!(mine["items"].as_array().unwrap().is_empty());
    }

    async fn unconfirmed_members_keep_drafts_and_only_confirmed_members_send_them(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        app.post_json("/api/v1/auth/register", &json!({"email": "new@example.org", "password": common::PASSWORD,
            "display_name": "New", "location": "Here"})).await;
        let fresh = app.sign_in("new@example.org", common::PASSWORD).await;
        let body = json!({"convention": CONVENTION, "title": "Unverified essay", "body": ESSAY, "byline_name": "N", "byline_location": "H"});
        let (status, draft) = app.call(Method::POST, "/api/v1/submissions", &fresh, body.clone()).await;
        assert_eq!(status, 201, "an unconfirmed member saves a draft: {draft}");
        let id = draft["id"].as_i64().unwrap();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &fresh, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (403, Some("email_unverified")));
        let (_, kept) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &fresh, NONE).await;
        assert_eq!((kept["status"].as_str(), kept["title"].as_str()), (Some("draft"), Some("Unverified essay")));
        let (status, _) = app.call(Method::POST, "/api/v1/submissions", &cast.editor, body).await;
        assert_eq!(status, 403, "an editor without the member role does not submit");
        let anonymous = app.post_json("/api/v1/submissions", &json!({})).await;
        assert_eq!(anonymous.status(), 401);
    }

    async fn nobody_reviews_their_own_submission(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let both = app.user_with("both@example.org", &[Role::Member, Role::Editor]).await;
        let id = app.submitted(&both, "An editor's own essay", ESSAY, &[]).await;
        for path in ["claim", "approve", "reject", "comment", "request-changes", "reschedule", "cancel-schedule"] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/{path}"), &both,
                json!({"reason": "r", "message": "m", "body": "b"})).await;
            assert_eq!((status, json["error"]["code"].as_str()), (403, Some("conflict_of_interest")), "{path}");
        }
        let slug = app.published(&both, &cast.editor, "Another essay by the editor", ESSAY, &[]).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/articles/{slug}/unpublish"), &both, json!({"reason": "mine"})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (403, Some("conflict_of_interest")));
    }

    async fn of_two_editors_claiming_at_once_exactly_one_wins(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        for round in 0..3 {
            let id = app.submitted(&cast.member, &format!("Contested essay number {round}"), ESSAY, &[]).await;
            let path = format!("/api/v1/review/{id}/claim");
            let (a, b) = common::both(
                app.as_user(Method::POST, &path, &cast.editor).send(),
                app.as_user(Method::POST, &path, &cast.editor2).send(),
            ).await;
            let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [200, 409], "round {round}");
        }
    }

    async fn only_the_claiming_editor_decides(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Claimed by the first editor", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("claimed_by_another_editor")));
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("already_claimed")));
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/release"), &cast.editor, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("submitted")));
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor2, json!({})).await;
        assert_eq!(status, 200);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reject"), &cast.editor2,
            json!({"reason": "It repeats points already made."})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("rejected")));
        let mail = app.smtp.wait_for("member@example.org", "Not published").await;
        assert!(mail.text.contains("It repeats points already made."));
    }

    async fn unpublished_work_is_invisible_to_all_but_its_author_and_editors(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let draft = app.draft(&cast.member, "A private draft essay", ESSAY, &[]).await;
        let submitted = app.submitted(&cast.member, "A submitted essay here", ESSAY, &[]).await;
        for (id, editor_sees) in [(draft, false), (submitted, true)] {
            let path = format!("/api/v1/submissions/{id}");
            assert_eq!(app.get(&path).await.status(), 404, "anonymous");
            assert_eq!(app.call(Method::GET, &path, &cast.member2, NONE).await.0, 404, "another member");
            assert_eq!(app.call(Method::GET, &path, &cast.admin, NONE).await.0, 404, "an admin without the editor role");
            assert_eq!(app.call(Method::GET, &path, &cast.member, NONE).await.0, 200, "the author");
            assert_eq!(app.call(Method::GET, &path, &cast.editor, NONE).await.0, if editor_sees { 200 } else { 404 });
            assert_eq!(app.call(Method::GET, &format!("{path}/revisions/1"), &cast.member2, NONE).await.0, 404);
            assert_eq!(app.call(Method::PATCH, &path, &cast.member2, json!({"title": "Hijacked title"})).await.0, 404);
        }
        let listed: Value = app.get("/api/v1/articles").await.json().await.unwrap();
        assert!(listed["items"].as_array().unwrap().is_empty());

        let slug = app.published(&cast.member, &cast.editor, "Published then taken down", ESSAY, &[]).await;
        assert_eq!(app.get(&format!("/articles/{slug}")).await.status(), 200, "read, so it is in the cache");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/articles/{slug}/unpublish"), &cast.editor,
            json!({"reason": "Published by mistake."})).await;
        assert_eq!(status, 200);
        assert_eq!(app.get(&format!("/api/v1/articles/{slug}")).await.status(), 404);
        assert_eq!(app.get(&format!("/articles/{slug}")).await.status(), 404);
        let listed: Value = app.get("/api/v1/articles").await.json().await.unwrap();
        assert!(listed["items"].as_array().unwrap().is_empty());
    }

    async fn approval_needs_a_disclaimer(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let now = chrono::Utc::now();
        let (status, _) = app.call(Method::POST, "/api/v1/conventions", &cast.admin, json!({
            "slug": CONVENTION, "title": "No disclaimer yet", "location": "Chicago",
            "starts_on": "2030-01-01", "ends_on": "2030-01-02",
            "discussion_opens_at": (now - chrono::TimeDelta::days(1)).to_rfc3339(),
            "discussion_closes_at": (now + chrono::TimeDelta::days(1)).to_rfc3339()})).await;
        assert_eq!(status, 201);
        let id = app.submitted(&cast.member, "Waiting for a disclaimer", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("no_disclaimer")));
    }

    async fn scheduled_publication_happens_on_time_even_after_a_restart(backend) {
        let mut app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Scheduled for later today", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let at = chrono::Utc::now() + chrono::TimeDelta::milliseconds(1500);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor,
            json!({"publish_at": at.to_rfc3339()})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("approved")));
        assert!(app.get("/api/v1/articles").await.json::<Value>().await.unwrap()["items"].as_array().unwrap().is_empty());

        // The process that approved it stops; another starts on the same database.
        app.stop_background();
        let restarted = Server::launch(app.settings.clone(), app.db.clone());
        let mut published = Value::Null;
        for _ in 0..100 {
            published = app.get("/api/v1/articles").await.json().await.unwrap();
            if !published["items"].as_array().unwrap().is_empty() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(published["items"][0]["title"], "Scheduled for later today", "{published}");
        let when = chrono::DateTime::parse_from_rfc3339(published["items"][0]["published_at"].as_str().unwrap()).unwrap();
        assert!(when >= at - chrono::TimeDelta::milliseconds(1), "not before its time");
        drop(restarted);
    }

    async fn the_queue_is_oldest_first_filtered_and_keyset_paged(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let mut ids = Vec::new();
        for i in 0..28 {
            ids.push(app.submitted(&cast.member, &format!("Queued essay number {i:02}"), ESSAY, &[]).await);
        }
        let (_, first) = app.call(Method::GET, &format!("/api/v1/review/queue?convention={CONVENTION}"), &cast.editor, NONE).await;
        let page: Vec<i64> = first["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
        assert_eq!(page, ids[..25]);
        let cursor = first["next_cursor"].as_str().unwrap();
        let (_, second) = app.call(Method::GET, &format!("/api/v1/review/queue?cursor={cursor}"), &cast.editor, NONE).await;
        let page: Vec<i64> = second["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
        assert_eq!(page, ids[25..]);
        assert!(second["next_cursor"].is_null());
        app.call(Method::POST, &format!("/api/v1/review/{}/claim", ids[3]), &cast.editor, json!({})).await;
        let (_, in_review) = app.call(Method::GET, "/api/v1/review/queue?status=in_review", &cast.editor, NONE).await;
        assert_eq!(in_review["items"].as_array().unwrap().len(), 1);
        let (status, _) = app.call(Method::GET, "/api/v1/review/queue?cursor=garbage", &cast.editor, NONE).await;
        assert_eq!(status, 422);
        let (status, _) = app.call(Method::GET, "/api/v1/review/queue?status=nonsense", &cast.editor, NONE).await;
        assert_eq!(status, 422);
        let (status, _) = app.call(Method::GET, "/api/v1/review/queue", &cast.member, NONE).await;
        assert_eq!(status, 403);
    }

    async fn readers_search_and_find_related_pieces(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let housing = app.published(&cast.member, &cast.editor, "Rent strikes and tenant unions", "Tenants in Oakland organised a rent strike.", &["housing", "organizing"]).await;
        app.published(&cast.member, &cast.editor, "Tenant organising in winter", "A second look at tenants and their unions.", &["housing"]).await;
        app.published(&cast.member, &cast.editor, "Climate and the unions", "The climate crisis demands labour solidarity.", &["climate"]).await;

        let found: Value = app.get("/api/v1/articles?q=tenants").await.json().await.unwrap();
        let titles: Vec<&str> = found["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert_eq!(titles.len(), 2, "{found}");
        assert!(!titles.contains(&"Climate and the unions"));
        let ranked: Value = app.get("/api/v1/articles?q=unions").await.json().await.unwrap();
        let ranked: Vec<&str> = ranked["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert_eq!(
            ranked,
            ["Climate and the unions", "Rent strikes and tenant unions", "Tenant organising in winter"],
            "pieces with the word in their title come before a newer one with it only in the body"
        );
        let syntax: Value = app.get("/api/v1/articles?q=%22tenant%20OR%20*%20NEAR(").await.json().await.unwrap();
        assert!(syntax["items"].is_array(), "search syntax characters are searched for, never an error");

        let tagged: Value = app.get("/api/v1/articles?tag=climate").await.json().await.unwrap();
        assert_eq!(tagged["items"].as_array().unwrap().len(), 1);

        let article: Value = app.get(&format!("/api/v1/articles/{housing}")).await.json().await.unwrap();
        let related: Vec<&str> = article["related"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert_eq!(related, ["Tenant organising in winter", "Climate and the unions"], "shared tags first, then the convention");
    }

    async fn admins_create_and_change_conventions(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let (status, json) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"word_limit": 900, "location": "Cleveland"})).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!((json["word_limit"].as_i64(), json["location"].as_str(), json["title"].as_str()),
            (Some(900), Some("Cleveland"), Some("30th National Convention")));
        let (status, json) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"ends_on": "2000-01-01", "discussion_opens_at": "yesterday"})).await;
        assert_eq!(status, 422);
        assert!(json["error"]["fields"]["ends_on"].is_array() && json["error"]["fields"]["discussion_opens_at"].is_array(), "{json}");
        let (status, _) = app.call(Method::POST, "/api/v1/conventions", &cast.admin, json!({"slug": CONVENTION, "title": "Dup", "location": "X",
            "starts_on": "2030-01-01", "ends_on": "2030-01-02", "discussion_opens_at": "2029-01-01T00:00:00Z", "discussion_closes_at": "2029-02-01T00:00:00Z"})).await;
        assert_eq!(status, 422, "slug taken");
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.editor, json!({"title": "Editors cannot"})).await;
        assert_eq!(status, 403);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/disclaimers"), &cast.editor, json!({"body": "Not allowed here"})).await;
        assert_eq!(status, 403);
        let listed: Value = app.get("/api/v1/conventions").await.json().await.unwrap();
        assert_eq!(listed["items"][0]["disclaimer"]["version"], 1);
        assert_eq!(app.get("/api/v1/conventions/unknown").await.status(), 404);
    }

    async fn dates_outside_the_sane_years_are_refused_next_to_their_field(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let (_, before) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin, NONE).await;

        // A new convention through the API: every bad field named at once, nothing created.
        let (status, json) = app.call(Method::POST, "/api/v1/conventions", &cast.admin, json!({
            "slug": "year-minus-one", "title": "A convention in year -1", "location": "Nowhere",
            "starts_on": "-0001-06-01", "ends_on": "3000-01-01", "discussion_opens_at": "1969-12-31T00:00:00Z",
            "discussion_closes_at": "0001-01-01T00:00", "submission_deadline_at": "9999-12-31T23:59:59Z"})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (422, Some("invalid")), "{json}");
        for field in ["starts_on", "ends_on", "discussion_opens_at", "discussion_closes_at", "submission_deadline_at"] {
            assert!(json["error"]["fields"][field][0].as_str().is_some_and(|m| m.contains("2000")), "{field}: {json}");
        }
        assert_eq!(app.get("/api/v1/conventions/year-minus-one").await.status(), 404);

        // Changes, one field at a time, with the other fields valid: each refused, nothing changed.
        for (field, value) in [("starts_on", "1999-12-31"), ("ends_on", "3000-01-01"), ("discussion_opens_at", "-0001-01-01T00:00"),
            ("discussion_closes_at", "2999-12-31T23:30:00-01:00"), ("submission_deadline_at", "1970-01-01T00:00:00Z")] {
            let (status, json) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin, json!({ field: value })).await;
            assert_eq!(status, 422, "{field} = {value}: {json}");
            assert!(json["error"]["fields"][field].is_array(), "{field}: {json}");
        }
        let (_, after) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin, NONE).await;
        assert_eq!(before, after);

        // The admin form: the error next to the field, what was typed kept.
        let form = app.as_user(Method::POST, "/admin/conventions", &cast.admin).form(&[
            ("csrf_token", cast.admin.csrf_token.as_str()), ("slug", "year-minus-one"), ("title", "A convention in year -1"),
            ("location", "Nowhere"), ("starts_on", "-0001-06-01"), ("ends_on", "2031-06-03"),
            ("discussion_opens_at", "2031-03-01T00:00"), ("discussion_closes_at", "3000-05-15T00:00"), ("word_limit", "1200"),
        ]).send().await.unwrap();
        assert_eq!(form.status(), 422);
        let html = form.text().await.unwrap();
        assert!(html.contains(r#"id="starts_on-error""#) && html.contains(r#"id="discussion_closes_at-error""#), "{html}");
        assert!(html.contains(r#"value="-0001-06-01""#), "the typed date is kept");
        assert_eq!(app.get("/api/v1/conventions/year-minus-one").await.status(), 404);

        // A scheduled publication, through the API and the review page's form.
        let id = app.submitted(&cast.member, "An essay scheduled for a strange year", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        for publish_at in ["0999-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": publish_at})).await;
            assert_eq!(status, 422, "{publish_at}: {json}");
            assert!(json["error"]["fields"]["publish_at"].is_array(), "{json}");
        }
        let page = app.as_user(Method::POST, &format!("/review/{id}/approve"), &cast.editor)
            .form(&[("csrf_token", cast.editor.csrf_token.as_str()), ("publish_at", "3000-01-01T09:00")])
            .send().await.unwrap();
        assert_eq!(page.status(), 422);
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"id="publish_at-error""#) && html.contains(r#"value="3000-01-01T09:00""#), "{html}");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.editor, NONE).await;
        assert_eq!((json["status"].as_str(), &json["publish_at"]), (Some("in_review"), &Value::Null), "nothing changed");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": "2999-12-31T23:59:00Z"})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("approved")), "the last sane minute is fine");
    }

    async fn a_scheduled_publication_is_moved_and_the_scheduler_keeps_the_new_time(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Moved to a later day", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let soon = chrono::Utc::now() + chrono::TimeDelta::milliseconds(1500);
        app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": soon.to_rfc3339()})).await;

        // Another editor moves it to tomorrow before its time comes.
        let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1)).with_nanosecond(0).unwrap();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reschedule"), &cast.editor2,
            json!({"publish_at": tomorrow.to_rfc3339()})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("approved")), "{json}");
        assert_eq!(json["publish_at"].as_str(), Some(tomorrow.format("%Y-%m-%dT%H:%M:%SZ").to_string().as_str()), "{json}");

        // Past the first time, a pass of the scheduler publishes nothing.
        actix_web::rt::time::sleep(Duration::from_millis(2000)).await;
        let pass = scheduler_pass(&app).await;
        assert_eq!(pass.published, 0);
        assert!(articles(&app).await.is_empty(), "published at the old time");
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, NONE).await;
        assert_eq!(mine["items"][0]["scheduled_for"].as_str(), json["publish_at"].as_str(), "the author sees the new time: {mine}");

        // The move is in the audit trail, with both times.
        let (_, events) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), &cast.editor, NONE).await;
        let moved = events["items"].as_array().unwrap().iter().find(|e| e["action"] == "reschedule").expect("audited").clone();
        assert_eq!((moved["from_status"].as_str(), moved["to_status"].as_str(), moved["actor_id"].as_i64()),
            (Some("approved"), Some("approved"), Some(cast.editor2.user_id)));
        assert!(moved["note"].as_str().unwrap().contains(&tomorrow.format("%Y-%m-%d %H:%M UTC").to_string()), "{moved}");

        // Brought forward, it is published at the new time.
        let shortly = chrono::Utc::now() + chrono::TimeDelta::milliseconds(800);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reschedule"), &cast.editor,
            json!({"publish_at": shortly.to_rfc3339()})).await;
        assert_eq!(status, 200, "{json}");
        let published = wait_for_articles(&app, 1).await;
        assert_eq!(published[0]["title"], "Moved to a later day");
        let when = chrono::DateTime::parse_from_rfc3339(published[0]["published_at"].as_str().unwrap()).unwrap();
        assert!(when >= shortly - chrono::TimeDelta::milliseconds(1), "not before its new time");
    }

    async fn a_cancelled_schedule_goes_back_to_review_and_is_never_published(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Held back after approval", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let soon = chrono::Utc::now() + chrono::TimeDelta::milliseconds(1500);
        app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": soon.to_rfc3339()})).await;

        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/cancel-schedule"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("in_review")), "{json}");
        assert_eq!((&json["publish_at"], json["assigned_editor_id"].as_i64()), (&Value::Null, Some(cast.editor2.user_id)),
            "off the schedule, claimed by the editor who cancelled it");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/cancel-schedule"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("not_scheduled")), "cancelled once");

        actix_web::rt::time::sleep(Duration::from_millis(2000)).await;
        assert_eq!(scheduler_pass(&app).await.published, 0);
        assert!(articles(&app).await.is_empty(), "a cancelled publication happened");
        let (_, events) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), &cast.editor, NONE).await;
        let actions: Vec<&str> = events["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions[actions.len() - 2..], ["approve", "cancel_schedule"]);

        // From review it goes on as any piece does: here, approved again and published now.
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor2, json!({})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("published")), "{json}");
    }

    async fn only_a_scheduled_piece_is_moved_or_cancelled_and_only_to_the_future(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Still waiting for review", ESSAY, &[]).await;
        let later = (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339();
        for path in ["reschedule", "cancel-schedule"] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/{path}"), &cast.editor, json!({"publish_at": later})).await;
            assert_eq!((status, json["error"]["code"].as_str()), (409, Some("not_scheduled")), "{path} of a submitted piece");
        }
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": later})).await;
        assert_eq!(status, 200, "{json}");
        let before = json["publish_at"].clone();
        let past = (chrono::Utc::now() - chrono::TimeDelta::minutes(5)).to_rfc3339();
        for (publish_at, expected) in [(json!(past), "future"), (json!(""), "empty"), (json!("next tuesday"), "date and time"), (Value::Null, "empty")] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reschedule"), &cast.editor, json!({"publish_at": publish_at})).await;
            assert_eq!(status, 422, "{publish_at}: {json}");
            assert!(json["error"]["fields"]["publish_at"][0].as_str().unwrap().contains(expected), "{publish_at}: {json}");
        }
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/reschedule"), &cast.member2, json!({"publish_at": later})).await;
        assert_eq!(status, 404, "a member who is not the author learns nothing");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
        assert_eq!((json["status"].as_str(), &json["publish_at"]), (Some("approved"), &before), "nothing changed");

        // A short piece held for a digest has no time to move.
        let short = app.submitted(&cast.member2, "A short note held back", "Just a few words here.", &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{short}/claim"), &cast.editor, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{short}/approve"), &cast.editor, json!({"hold_for_digest": true})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{short}/reschedule"), &cast.editor, json!({"publish_at": later})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("not_scheduled")));
    }

    async fn a_cancellation_racing_the_scheduler_either_wins_whole_or_loses_whole(backend) {
        let mut app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        // Only this test's passes of the scheduler run, at the moment it chooses.
        app.stop_background();
        for round in 0..4 {
            let id = app.submitted(&cast.member, &format!("Raced against the scheduler {round}"), ESSAY, &[]).await;
            app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
            let due = chrono::Utc::now() + chrono::TimeDelta::milliseconds(300);
            app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({"publish_at": due.to_rfc3339()})).await;
            actix_web::rt::time::sleep(Duration::from_millis(400)).await;
            let cancel = app.as_user(Method::POST, &format!("/api/v1/review/{id}/cancel-schedule"), &cast.editor).send();
            let (cancelled, pass) = common::both(cancel, scheduler_pass(&app)).await;
            let cancelled = cancelled.unwrap().status().as_u16();
            let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, NONE).await;
            let article = json["article_slug"].as_str().map(str::to_string);
            match cancelled {
                200 => assert_eq!((json["status"].as_str(), article, pass.published), (Some("in_review"), None, 0), "round {round}: {json}"),
                409 => assert_eq!((json["status"].as_str(), article.is_some(), pass.published), (Some("published"), true, 1), "round {round}: {json}"),
                other => panic!("round {round}: the cancellation answered {other}"),
            }
        }
    }

    async fn unpublishing_emails_every_author_the_reason(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let slug = app.published(&cast.member, &cast.editor, "Taken down with a reason", ESSAY, &[]).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/articles/{slug}/unpublish"), &cast.editor2,
            json!({"reason": "It names a member who asked not to be named."})).await;
        assert_eq!((status, json["status"].as_str()), (200, Some("unpublished")), "{json}");
        let mail = app.smtp.wait_for("member@example.org", "Taken down:").await;
        assert!(mail.text.contains("Taken down with a reason") && mail.text.contains("It names a member who asked not to be named."), "{}", mail.text);
        assert_eq!(mail.link("/submissions/"), format!("/submissions/{}", json["id"]), "the link opens the author's page of it");
        let (_, mine) = app.call(Method::GET, &format!("/api/v1/submissions/{}", json["id"]), &cast.member, NONE).await;
        let notes: Vec<&str> = mine["comments"].as_array().unwrap().iter().filter_map(|c| c["note"].as_str()).collect();
        assert!(notes.contains(&"It names a member who asked not to be named."), "the author sees the reason too: {mine}");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/articles/{slug}/unpublish"), &cast.editor2, json!({"reason": "Again."})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (404, Some("not_found")), "taken down once");
    }
}

/// One pass of the scheduler, as a `tribune serve` process runs it, on this test's database.
async fn scheduler_pass(app: &TestApp) -> tribune::domain::review::DuePass {
    let (db, url) = (app.db.clone(), app.settings.public_url.clone());
    actix_web::rt::task::spawn_blocking(move || tribune::domain::review::publish_due(&db, &url))
        .await
        .expect("the pass ran")
        .expect("the pass succeeded")
}

/// The published articles, newest first.
async fn articles(app: &TestApp) -> Vec<Value> {
    let list: Value = app.get("/api/v1/articles").await.json().await.unwrap();
    list["items"].as_array().unwrap().clone()
}

/// Waits up to 10 s for `count` articles to be published.
async fn wait_for_articles(app: &TestApp, count: usize) -> Vec<Value> {
    for _ in 0..100 {
        let items = articles(app).await;
        if items.len() >= count {
            return items;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{count} articles were not published within 10 s: {:?}", articles(app).await);
}
