//! The JSON API speaks JSON: numbers are JSON numbers, and whatever can be read and changed can
//! be sent back exactly as it was read, changing nothing. A number out of range, a fraction or a
//! number sent as a string is refused beside its field (422), never a 400 or a 5xx.

mod common;

use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, ESSAY, TestApp};

on_both_backends! {
    async fn everything_read_can_be_sent_back_as_it_is_and_nothing_changes(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        // A draft (before the convention has topics, which drafts must then name): sent back as
        // read, it gets no new revision.
        let id = app.draft(&cast.member, "A draft read and sent back", ESSAY, &["housing"]).await;
        let draft = format!("/api/v1/submissions/{id}");
        let (_, read) = app.call(Method::GET, &draft, &cast.member, Value::Null).await;
        let (status, answer) = app.call(Method::PATCH, &draft, &cast.member, read.clone()).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer, read, "a draft sent back as read");
        assert_eq!(app.call(Method::GET, &draft, &cast.member, Value::Null).await.1["revisions"], 1);

        let framing = json!({"slug": "housing", "title": "Housing", "framing": "Rents, tenants' unions and public housing.", "position": 2});
        let (status, _) = app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin, framing).await;
        assert_eq!(status, 200);
        // A convention with no number and no homepage text (nulls), and one with every field.
        let (status, bare) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"number": null, "homepage_text": null})).await;
        assert_eq!(status, 200, "{bare}");
        assert_eq!((&bare["number"], &bare["homepage_text"]), (&Value::Null, &Value::Null), "null clears: {bare}");

        // Conventions: GET, then PATCH with that very body.
        let path = format!("/api/v1/conventions/{CONVENTION}");
        for change in [json!({}), json!({"number": 30, "homepage_text": "Members discuss here."})] {
            app.call(Method::PATCH, &path, &cast.admin, change).await;
            let (_, read) = app.call(Method::GET, &path, &cast.admin, Value::Null).await;
            assert!(read["word_limit"].is_number(), "{read}");
            let (status, answer) = app.call(Method::PATCH, &path, &cast.admin, read.clone()).await;
            assert_eq!(status, 200, "{answer}");
            let (_, again) = app.call(Method::GET, &path, &cast.admin, Value::Null).await;
            assert_eq!(again, read, "a convention sent back as read");
            assert_eq!(answer, read);
        }
        // With a deadline of its own too.
        let (_, read) = app.call(Method::GET, &path, &cast.admin, Value::Null).await;
        let opens = chrono::DateTime::parse_from_rfc3339(read["discussion_opens_at"].as_str().unwrap()).unwrap();
        let deadline = (opens + chrono::TimeDelta::days(10)).to_rfc3339();
        let (status, read) = app.call(Method::PATCH, &path, &cast.admin, json!({"submission_deadline_at": deadline})).await;
        assert_eq!(status, 200, "{read}");
        let (status, _) = app.call(Method::PATCH, &path, &cast.admin, read.clone()).await;
        assert_eq!(status, 200);
        assert_eq!(app.call(Method::GET, &path, &cast.admin, Value::Null).await.1, read);

        // Topics: each as the convention lists it, sent back.
        let topic = read["topics"][0].clone();
        let (status, saved) = app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin, topic.clone()).await;
        assert_eq!((status, &saved), (200, &topic));
        assert_eq!(app.call(Method::GET, &path, &cast.admin, Value::Null).await.1["topics"], read["topics"]);

        // The queue's priority rule.
        let (status, rule) = app.call(Method::GET, "/api/v1/review/priority", &cast.editor, Value::Null).await;
        assert_eq!(status, 200);
        let (status, answer) = app.call(Method::PUT, "/api/v1/review/priority", &cast.editor, rule.clone()).await;
        assert_eq!((status, &answer), (200, &rule));
        assert_eq!(app.call(Method::GET, "/api/v1/review/priority", &cast.editor, Value::Null).await.1, rule);

        // An editor's desk settings (following a topic, the reminder off), hers and as an admin sees them.
        let (status, mine) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor,
            json!({"topics": [format!("{CONVENTION}/housing")], "daily_reminder": false})).await;
        assert_eq!(status, 200, "{mine}");
        let (_, read) = app.call(Method::GET, "/api/v1/review/settings", &cast.editor, Value::Null).await;
        let (status, answer) = app.call(Method::PUT, "/api/v1/review/settings", &cast.editor, read.clone()).await;
        assert_eq!((status, &answer), (200, &read));
        let admin_path = format!("/api/v1/admin/editors/{}/settings", cast.editor.user_id);
        let (status, answer) = app.call(Method::PUT, &admin_path, &cast.admin, read.clone()).await;
        assert_eq!((status, &answer), (200, &read));
        assert_eq!(app.call(Method::GET, "/api/v1/review/settings", &cast.editor, Value::Null).await.1, read);

        // A reason.
        let (_, reasons) = app.call(Method::GET, &format!("{path}/reasons"), &cast.editor, Value::Null).await;
        let reason = reasons["items"][0].clone();
        let one = format!("{path}/reasons/{}", reason["id"]);
        assert_eq!(app.call(Method::GET, &one, &cast.editor, Value::Null).await.1, reason);
        let (status, answer) = app.call(Method::PATCH, &one, &cast.editor, reason.clone()).await;
        assert_eq!((status, &answer), (200, &reason));
        assert_eq!(app.call(Method::GET, &format!("{path}/reasons"), &cast.editor, Value::Null).await.1, reasons);

    }

    async fn numbers_are_json_numbers_and_a_bad_one_is_refused_beside_its_field(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let path = format!("/api/v1/conventions/{CONVENTION}");
        let (_, before) = app.call(Method::GET, &path, &cast.admin, Value::Null).await;
        for (field, value) in [
            ("word_limit", json!("1500")), ("word_limit", json!(1500.5)), ("word_limit", json!(10)),
            ("word_limit", json!(1e12)), ("word_limit", json!(true)), ("number", json!(-3)), ("number", json!("30")),
            ("number", json!(99999999999i64)),
        ] {
            let (status, body) = app.call(Method::PATCH, &path, &cast.admin, json!({ field: value, "location": "Detroit" })).await;
            assert_eq!(status, 422, "{field}: {value} → {body}");
            assert!(body["error"]["fields"][field].is_array(), "{field}: {value} → {body}");
        }
        assert_eq!(app.call(Method::GET, &path, &cast.admin, Value::Null).await.1, before, "nothing changed");
        let (status, changed) = app.call(Method::PATCH, &path, &cast.admin, json!({"word_limit": 900, "number": 31})).await;
        assert_eq!((status, &changed["word_limit"], &changed["number"]), (200, &json!(900), &json!(31)));

        // A new convention takes numbers too, and its defaults when they are left out.
        let new = json!({"slug": "32nd", "title": "32nd Convention", "location": "Boston", "starts_on": "2027-06-01",
            "ends_on": "2027-06-03", "discussion_opens_at": "2027-04-01T00:00:00Z", "discussion_closes_at": "2027-05-01T00:00:00Z"});
        let (status, created) = app.call(Method::POST, "/api/v1/conventions", &cast.admin, new).await;
        assert_eq!((status, &created["word_limit"], &created["number"]), (201, &json!(1500), &Value::Null), "{created}");

        // The priority rule: every field a whole number from -100 to 100, all said at once.
        let (status, body) = app.call(Method::PUT, "/api/v1/review/priority", &cast.editor,
            json!({"member": "5", "body": 1000, "non_member": 0.5})).await;
        assert_eq!(status, 422, "{body}");
        for field in ["member", "body", "non_member"] {
            assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
        }
        let (status, body) = app.call(Method::PUT, "/api/v1/review/priority", &cast.editor, json!({"member": 5})).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["fields"]["body"].is_array() && body["error"]["fields"]["non_member"].is_array(), "{body}");
        let (status, rule) = app.call(Method::PUT, "/api/v1/review/priority", &cast.editor, json!({"member": 5, "body": -5, "non_member": 0})).await;
        assert_eq!((status, rule), (200, json!({"member": 5, "body": -5, "non_member": 0})));

        // A topic's position.
        for position in [json!("1"), json!(1e12), json!(2.5)] {
            let (status, body) = app.call(Method::POST, &format!("{path}/topics"), &cast.admin,
                json!({"slug": "housing", "title": "Housing", "framing": "Rents and tenants' unions.", "position": position})).await;
            assert_eq!(status, 422, "{position}: {body}");
            assert!(body["error"]["fields"]["position"].is_array(), "{body}");
        }
    }
}
