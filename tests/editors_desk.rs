//! The editors' desk: the queue filtered, sorted and counted; bulk actions that report each piece;
//! handing a claimed piece to another editor. Over the JSON API and the page alike.

mod common;

use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, ESSAY, SignedIn, TestApp};

const NONE: Value = Value::Null;

/// A piece sent to the editors with these extra essay fields; returns its id.
async fn sent(app: &TestApp, who: &SignedIn, title: &str, fields: Value) -> i64 {
    let mut body = json!({"convention": CONVENTION, "title": title, "body": ESSAY,
        "byline_name": "Lucy Parsons", "byline_location": "Chicago", "topic": "labor"});
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, json) = app.call(Method::POST, "/api/v1/submissions", who, body).await;
    assert_eq!(status, 201, "{json}");
    let id = json["id"].as_i64().unwrap();
    let (status, json) = app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), who, json!({})).await;
    assert_eq!(status, 200, "{json}");
    id
}

/// Moves a piece's clock back: submitted and last touched `days` ago.
fn age(app: &TestApp, id: i64, days: i64) {
    use diesel::RunQueryDsl;
    let at = (chrono::Utc::now() - chrono::TimeDelta::days(days)).naive_utc().format("%Y-%m-%d %H:%M:%S");
    let mut conn = app.db.connection().unwrap();
    diesel::sql_query(format!("UPDATE submissions SET submitted_at = '{at}', updated_at = '{at}' WHERE id = {id}"))
        .execute(&mut *conn)
        .unwrap();
}

async fn desk(app: &TestApp, who: &SignedIn, query: &str) -> Value {
    let (status, json) = app.call(Method::GET, &format!("/api/v1/review/queue?{query}"), who, NONE).await;
    assert_eq!(status, 200, "{query}: {json}");
    json
}

fn titles(desk: &Value) -> Vec<String> {
    desk["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

/// The count shown for `value` in the filter `facet`.
fn count(desk: &Value, facet: &str, value: &str) -> i64 {
    desk["counts"][facet]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == value)
        .unwrap_or_else(|| panic!("no {facet}={value} in {}", desk["counts"]))["count"]
        .as_i64()
        .unwrap()
}

async fn setup(backend: common::Backend) -> (TestApp, common::Cast) {
    let app = TestApp::spawn(backend).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    for (slug, title) in [("labor", "Labour and the unions"), ("peace", "Peace and war")] {
        let (status, json) = app
            .call(
                Method::POST,
                &format!("/api/v1/conventions/{CONVENTION}/topics"),
                &cast.admin,
                json!({"slug": slug, "title": title, "framing": format!("The framing document for {title}.")}),
            )
            .await;
        assert_eq!(status, 200, "{json}");
    }
    (app, cast)
}

on_both_backends! {
    async fn the_queue_filters_by_every_criterion_and_counts_each_choice(backend) {
        let (app, cast) = setup(backend).await;
        let old_labour = sent(&app, &cast.member, "Old labour piece", json!({})).await;
        let peace_es = sent(&app, &cast.member2, "Paz y guerra", json!({"topic": "peace", "language": "es"})).await;
        let club = sent(&app, &cast.member2, "A statement from our club", json!({"author_kind": "body"})).await;
        let mine = sent(&app, &cast.member, "Claimed by me", json!({"topic": "peace"})).await;
        let theirs = sent(&app, &cast.member, "Claimed by the other editor", json!({})).await;
        age(&app, old_labour, 10);
        app.call(Method::POST, &format!("/api/v1/review/{mine}/claim"), &cast.editor, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{theirs}/claim"), &cast.editor2, json!({})).await;
        age(&app, theirs, 5);

        let waiting = desk(&app, &cast.editor, "").await;
        assert_eq!(titles(&waiting), ["Old labour piece", "Paz y guerra", "A statement from our club"], "submitted, oldest first");
        assert_eq!(count(&waiting, "status", "submitted"), 3);
        assert_eq!(count(&waiting, "status", "in_review"), 2);
        assert_eq!(count(&waiting, "topic", "labor"), 2);
        assert_eq!(count(&waiting, "topic", "peace"), 1);
        assert_eq!(count(&waiting, "language", "es"), 1);
        let spanish = waiting["counts"]["language"].as_array().unwrap().iter().find(|c| c["value"] == "es").unwrap();
        assert_eq!(spanish["label"], "Español", "a language is shown by its name");
        assert_eq!(count(&waiting, "author_kind", "body"), 1);
        assert_eq!(count(&waiting, "waiting_days", "7"), 1);

        assert_eq!(titles(&desk(&app, &cast.editor, "topic=peace").await), ["Paz y guerra"]);
        assert_eq!(titles(&desk(&app, &cast.editor, "language=es").await), ["Paz y guerra"]);
        assert_eq!(titles(&desk(&app, &cast.editor, "author_kind=body").await), ["A statement from our club"]);
        assert_eq!(titles(&desk(&app, &cast.editor, "waiting_days=7").await), ["Old labour piece"]);
        let narrowed = desk(&app, &cast.editor, "topic=labor").await;
        assert_eq!(count(&narrowed, "author_kind", "body"), 1, "other filters' counts follow the topic");
        assert_eq!(count(&narrowed, "language", "es"), 0);
        assert_eq!(count(&narrowed, "status", "submitted"), 2, "the status counts follow the other filters");
        assert_eq!(titles(&desk(&app, &cast.editor, "sort=newest").await), ["A statement from our club", "Paz y guerra", "Old labour piece"]);

        let claimed = desk(&app, &cast.editor, "status=in_review").await;
        assert_eq!(count(&claimed, "assignee", "me"), 1);
        assert_eq!(count(&claimed, "assignee", &cast.editor2.user_id.to_string()), 1, "who holds what");
        assert_eq!(count(&claimed, "idle_days", "3"), 1);
        let names: Vec<&str> = claimed["items"].as_array().unwrap().iter().filter_map(|i| i["assigned_editor_name"].as_str()).collect();
        assert_eq!(names.len(), 2, "{claimed}");
        assert_eq!(titles(&desk(&app, &cast.editor, "status=in_review&assignee=me").await), ["Claimed by me"]);
        assert_eq!(titles(&desk(&app, &cast.editor, &format!("status=in_review&assignee={}", cast.editor2.user_id)).await), ["Claimed by the other editor"]);
        assert_eq!(titles(&desk(&app, &cast.editor, "status=in_review&idle_days=3").await), ["Claimed by the other editor"]);
        assert_eq!(titles(&desk(&app, &cast.editor, "assignee=unassigned").await).len(), 3);

        // A note touches the piece: it is no longer idle.
        app.call(Method::POST, &format!("/api/v1/review/{theirs}/comment"), &cast.editor2, json!({"body": "Reading it now."})).await;
        assert!(titles(&desk(&app, &cast.editor, "status=in_review&idle_days=3").await).is_empty());
        let _ = (peace_es, club);

        for bad in ["status=draft", "status=nonsense", "topic=nowhere", "language=xx", "author_kind=alien", "assignee=someone",
            "waiting_days=-1", "idle_days=many", "sort=random", "cursor=garbage", "convention=none-such"] {
            let (status, json) = app.call(Method::GET, &format!("/api/v1/review/queue?{bad}"), &cast.editor, NONE).await;
            assert_eq!((status, json["error"]["code"].as_str()), (422, Some("invalid")), "{bad}: {json}");
        }
    }

    async fn filters_live_in_the_url_and_page_by_keyset(backend) {
        let (app, cast) = setup(backend).await;
        let mut ids = Vec::new();
        for n in 0..27 {
            ids.push(sent(&app, &cast.member, &format!("Labour piece {n:02}"), json!({})).await);
        }
        sent(&app, &cast.member, "A peace piece", json!({"topic": "peace"})).await;
        for (sort, first) in [("oldest", "Labour piece 00"), ("newest", "Labour piece 26")] {
            let page = desk(&app, &cast.editor, &format!("topic=labor&sort={sort}")).await;
            assert_eq!(titles(&page)[0], first);
            assert_eq!(titles(&page).len(), 25);
            let cursor = page["next_cursor"].as_str().unwrap();
            let rest = desk(&app, &cast.editor, &format!("topic=labor&sort={sort}&cursor={cursor}")).await;
            assert_eq!(titles(&rest).len(), 2, "{sort}: the second page holds the rest, and no peace piece");
            assert!(rest["next_cursor"].is_null());
        }

        let html = app.as_user(Method::GET, "/review?topic=labor&sort=newest", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"<option value="labor" selected>Labour and the unions (27)</option>"#), "{html}");
        assert!(html.contains(r#"<option value="peace">Peace and war (1)</option>"#), "{html}");
        assert!(html.contains(r#"<option value="newest" selected>"#), "{html}");
        assert!(html.contains("rel=\"next\""), "{html}");
        let next = html.split("href=\"/review?").nth(1).and_then(|rest| rest.split('"').next()).unwrap().replace("&amp;", "&");
        assert!(next.contains("topic=labor") && next.contains("sort=newest") && next.contains("cursor="), "the next page keeps the filters: {next}");

        let response = app.as_user(Method::GET, "/review?waiting_days=soon", &cast.editor).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains("Review queue") && html.contains("whole number of days"), "a bad filter shows the desk with what is wrong: {html}");
    }

    async fn a_bulk_action_moves_what_it_can_and_names_what_it_could_not(backend) {
        let (app, cast) = setup(backend).await;
        let a = sent(&app, &cast.member, "First of three", json!({})).await;
        let b = sent(&app, &cast.member2, "Second of three", json!({})).await;
        let c = sent(&app, &cast.member, "Third of three", json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{b}/claim"), &cast.editor2, json!({})).await;

        let (status, report) = app.call(Method::POST, "/api/v1/review/bulk", &cast.editor, json!({"action": "claim", "ids": [a, b, c, 999_999]})).await;
        assert_eq!(status, 200, "{report}");
        let done: Vec<i64> = report["done"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
        assert_eq!(done, [a, c]);
        let refused = report["refused"].as_array().unwrap();
        assert_eq!(refused.len(), 2, "{report}");
        assert_eq!((refused[0]["id"].as_i64(), refused[0]["title"].as_str(), refused[0]["code"].as_str()), (Some(b), Some("Second of three"), Some("already_claimed")));
        assert_eq!((refused[1]["title"].clone(), refused[1]["code"].as_str()), (Value::Null, Some("not_found")));
        for id in [a, c] {
            let (_, events) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), &cast.editor, NONE).await;
            assert!(events["items"].as_array().unwrap().iter().any(|e| e["action"] == "claim"), "each piece has its own audited claim: {events}");
        }

        // Reject with one reason: each author gets their own email; a piece held by another
        // editor is refused by name and stays theirs.
        let (status, report) = app.call(Method::POST, "/api/v1/review/bulk", &cast.editor,
            json!({"action": "reject", "ids": [a, b, c], "reason": "Off the convention's topics."})).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["done"].as_array().unwrap().len(), 2, "{report}");
        assert_eq!(report["refused"][0]["code"], "claimed_by_another_editor");
        for (to, title) in [("member@example.org", "First of three"), ("member2@example.org", "Second of three"), ("member@example.org", "Third of three")] {
            if title == "Second of three" {
                continue;
            }
            let mail = app.smtp.wait_for(to, &format!("Not published: {title}")).await;
            assert!(mail.text.contains("Off the convention's topics."), "{}", mail.text);
        }
        let (_, held) = app.call(Method::GET, &format!("/api/v1/review/{b}"), &cast.editor2, NONE).await;
        assert_eq!((held["submission"]["status"].as_str(), held["submission"]["assigned_editor_id"].as_i64()), (Some("in_review"), Some(cast.editor2.user_id)));

        let (status, json) = app.call(Method::POST, "/api/v1/review/bulk", &cast.editor, json!({"action": "reject", "ids": [b], "reason": "  "})).await;
        assert_eq!((status, json["error"]["fields"]["reason"].is_array()), (422, true));
        for bad in [json!({"action": "explode", "ids": [a]}), json!({"action": "claim", "ids": []}), json!({"action": "claim", "ids": (1..=101).collect::<Vec<i64>>()}), json!({"action": "claim", "ids": "1,2"})] {
            let (status, json) = app.call(Method::POST, "/api/v1/review/bulk", &cast.editor, bad.clone()).await;
            assert!(status == 422 || status == 400, "{bad}: {status} {json}");
        }
        let (status, _) = app.call(Method::POST, "/api/v1/review/bulk", &cast.member, json!({"action": "claim", "ids": [b]})).await;
        assert_eq!(status, 403);
    }

    async fn short_pieces_are_held_in_bulk_then_published_as_one_digest(backend) {
        let (app, cast) = setup(backend).await;
        let short = |n: &str| format!("A short note, {n}.");
        let mut ids = Vec::new();
        for n in ["one", "two"] {
            let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({"convention": CONVENTION,
                "title": format!("Short note {n}"), "body": short(n), "byline_name": "Lucy Parsons", "byline_location": "Chicago", "topic": "labor"})).await;
            assert_eq!(status, 201, "{json}");
            let id = json["id"].as_i64().unwrap();
            app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
            ids.push(id);
        }
        let long = sent(&app, &cast.member2, "A long essay", json!({"body": "word ".repeat(600)})).await;
        let (status, report) = app.call(Method::POST, "/api/v1/review/bulk", &cast.editor, json!({"action": "hold", "ids": [ids[0], ids[1], long]})).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["done"].as_array().unwrap().len(), 2, "{report}");
        assert_eq!(report["refused"][0]["id"], long);
        let (_, left) = app.call(Method::GET, &format!("/api/v1/review/{long}"), &cast.editor, NONE).await;
        assert_eq!((left["submission"]["status"].as_str(), left["submission"]["assigned_editor_id"].clone()), (Some("submitted"), Value::Null),
            "a piece the hold refused is left as it was, not claimed");

        let held = desk(&app, &cast.editor, "status=approved").await;
        assert_eq!(titles(&held).len(), 2);
        let (status, json) = app.call(Method::POST, "/api/v1/review/digests", &cast.editor, json!({"title": "Notes from the branches", "submissions": ids})).await;
        assert_eq!(status, 201, "{json}");
    }

    async fn the_queue_page_acts_on_ticked_pieces_and_says_what_happened(backend) {
        let (app, cast) = setup(backend).await;
        let a = sent(&app, &cast.member, "Ticked and claimed", json!({})).await;
        let b = sent(&app, &cast.member2, "Taken by a colleague first", json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{b}/claim"), &cast.editor2, json!({})).await;
        let csrf = cast.editor.csrf_token.clone();
        let form = [("csrf_token", csrf.as_str()), ("action", "claim"), ("back", "status=submitted&topic=labor"),
            (&format!("pick_{a}"), "on"), (&format!("pick_{b}"), "on")]
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let response = app.as_user(Method::POST, "/review/bulk", &cast.editor).form(&form).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("Claimed: 1") && html.contains("Ticked and claimed</a> — now in review"), "{html}");
        assert!(html.contains("Not changed: 1") && html.contains("Taken by a colleague first</a>: Another editor has already claimed"), "{html}");
        assert!(html.contains(r#"<option value="labor" selected>"#), "the desk keeps its filters: {html}");

        // Rejecting asks first, naming each piece; the reason stays editable.
        let c = sent(&app, &cast.member, "One to reject", json!({})).await;
        let form = [("csrf_token", csrf.as_str()), ("action", "reject"), ("reason", "Not for this discussion."), ("back", ""), (&format!("pick_{c}"), "on")]
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let html = app.as_user(Method::POST, "/review/bulk", &cast.editor).form(&form).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Reject 1 piece?") && html.contains("“One to reject” by Lucy Parsons") && html.contains("Not for this discussion."), "{html}");
        let (_, still) = app.call(Method::GET, &format!("/api/v1/review/{c}"), &cast.editor, NONE).await;
        assert_eq!(still["submission"]["status"], "submitted", "nothing happens before the confirmation");
        let confirm = [("csrf_token", csrf.as_str()), ("action", "reject"), ("reason", "Not for this discussion."), ("back", ""), ("ids", &c.to_string()), ("step", "confirm")]
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let html = app.as_user(Method::POST, "/review/bulk", &cast.editor).form(&confirm).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("One to reject</a> — now rejected"), "{html}");
        app.smtp.wait_for("member@example.org", "One to reject").await;

        // A stored reason picked and nothing written (no JavaScript): the reason's text is sent.
        let (_, reasons) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}/reasons?kind=reject"), &cast.editor, NONE).await;
        let (reason_id, reason_body) = (reasons["items"][0]["id"].as_i64().unwrap().to_string(), reasons["items"][0]["body"].as_str().unwrap().to_string());
        let d = sent(&app, &cast.member2, "Rejected with a stored reason", json!({})).await;
        let html = app.as_user(Method::GET, "/review", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!(r#"<option value="{reason_id}" data-body="#)), "the bulk form offers the stored reasons: {html}");
        let confirm = [("csrf_token", csrf.as_str()), ("action", "reject"), ("reason_choice", &reason_id), ("reason", ""), ("back", ""), ("ids", &d.to_string()), ("step", "confirm")]
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let html = app.as_user(Method::POST, "/review/bulk", &cast.editor).form(&confirm).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Rejected with a stored reason</a> — now rejected"), "{html}");
        let mail = app.smtp.wait_for("member2@example.org", "Not published: Rejected with a stored reason").await;
        let start: String = reason_body.chars().take(30).collect();
        assert!(mail.text.contains(&start), "{}", mail.text);

        // Nothing ticked: the page says so and keeps the reason typed.
        let form = [("csrf_token", csrf.as_str()), ("action", "claim"), ("reason", "kept words"), ("back", "")]
            .map(|(k, v)| (k.to_string(), v.to_string()));
        let response = app.as_user(Method::POST, "/review/bulk", &cast.editor).form(&form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains("choose at least one piece") && html.contains("kept words"), "{html}");
    }

    async fn an_editor_following_topics_finds_the_desk_open_on_them(backend) {
        let (app, cast) = setup(backend).await;
        sent(&app, &cast.member, "On the unions", json!({})).await;
        sent(&app, &cast.member, "On peace", json!({"topic": "peace"})).await;
        let (status, json) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor,
            json!({"topics": [format!("{CONVENTION}/peace")]})).await;
        assert_eq!(status, 200, "{json}");
        let opened = desk(&app, &cast.editor, "").await;
        assert_eq!(titles(&opened), ["On peace"], "the desk opens on the followed topic");
        assert_eq!(count(&opened, "topic", "mine"), 1);
        assert_eq!(count(&opened, "topic", "labor"), 1);
        assert_eq!(titles(&desk(&app, &cast.editor, "topic=all").await).len(), 2, "all topics, asked for");
        assert_eq!(titles(&desk(&app, &cast.editor2, "").await).len(), 2, "an editor following nothing sees everything");
        let html = app.as_user(Method::GET, "/review", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"<option value="mine" selected>My topics (1)</option>"#), "{html}");
    }

    async fn a_claimed_piece_is_handed_to_another_editor_who_is_emailed(backend) {
        let (app, cast) = setup(backend).await;
        let id = sent(&app, &cast.member, "To hand over", json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reassign"), &cast.editor, json!({"editor_id": cast.editor2.user_id})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")), "only a claimed piece is reassigned");
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        for (bad, why) in [(cast.member.user_id, "a member is not an editor"), (999_999, "nobody"), (cast.editor.user_id, "already holds it")] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reassign"), &cast.editor, json!({"editor_id": bad})).await;
            assert_eq!((status, json["error"]["fields"]["editor_id"].is_array()), (422, true), "{why}: {json}");
        }
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/reassign"), &cast.editor, json!({"editor_id": "two"})).await;
        assert!(status == 400 || status == 422, "{json}");

        // Through the page, as the editor who holds it.
        let form = [("csrf_token", cast.editor.csrf_token.clone()), ("editor_id", cast.editor2.user_id.to_string())];
        let response = app.as_user(Method::POST, &format!("/review/{id}/reassign"), &cast.editor).form(&form).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let page = app.follow_as(response, &cast.editor).await;
        assert!(page.contains("Reassigned: the editor who has it now has been emailed."), "{page}");
        let mail = app.smtp.wait_for("editor2@example.org", "Assigned to you: To hand over").await;
        assert!(mail.text.contains(&format!("/review/{id}")), "{}", mail.text);
        let (_, detail) = app.call(Method::GET, &format!("/api/v1/review/{id}"), &cast.editor2, NONE).await;
        assert_eq!(detail["submission"]["assigned_editor_id"], cast.editor2.user_id);
        let event = detail["events"].as_array().unwrap().iter().find(|e| e["action"] == "reassign").cloned().unwrap_or_default();
        assert_eq!((event["from_status"].as_str(), event["to_status"].as_str()), (Some("in_review"), Some("in_review")), "{detail}");
        assert!(event["note"].as_str().unwrap_or_default().contains("to "), "{event}");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({})).await;
        assert_eq!(status, 409, "the decisions are the new editor's now");
    }
}
