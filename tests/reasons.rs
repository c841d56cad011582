//! The editors' canned reasons: each convention starts with the configured ones (once, however
//! many processes ask at once), editors keep them through the API and their page, and the review
//! page's pickers offer them, the text a picked reason sends reaching the author.

mod common;

use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, ESSAY, SignedIn, TestApp, both};

const REASONS: &str = "/api/v1/conventions/30th-national/reasons";

async fn page_as(app: &TestApp, who: &SignedIn, path: &str) -> String {
    let response = app.as_user(Method::GET, path, who).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// Posts a form as `who` with the session's CSRF token.
async fn form_as(app: &TestApp, who: &SignedIn, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all = vec![("csrf_token", who.csrf_token.as_str())];
    all.extend_from_slice(fields);
    app.as_user(Method::POST, path, who).form(&all).send().await.unwrap()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// The names and texts of a list answer.
fn named(list: &Value) -> Vec<(String, String, String)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["kind"].as_str().unwrap().into(), r["name"].as_str().unwrap().into(), r["body"].as_str().unwrap().into())
        })
        .collect()
}

on_both_backends! {
    async fn a_convention_starts_with_the_configured_reasons_and_its_editors_keep_them(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let review = &app.settings.review;
        assert!(!review.reject_reasons.is_empty() && !review.change_reasons.is_empty(), "the default lists seed something");

        let (status, list) = app.call(Method::GET, REASONS, &cast.editor, Value::Null).await;
        assert_eq!(status, 200, "{list}");
        let seeded = named(&list);
        let texts: Vec<&str> = seeded.iter().filter(|(k, _, _)| k == "reject").map(|(_, _, b)| b.as_str()).collect();
        assert_eq!(texts, review.reject_reasons.iter().map(String::as_str).collect::<Vec<_>>());
        let texts: Vec<&str> = seeded.iter().filter(|(k, _, _)| k == "changes").map(|(_, _, b)| b.as_str()).collect();
        assert_eq!(texts, review.change_reasons.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(seeded.iter().all(|(_, name, _)| !name.is_empty() && name.chars().count() <= 80), "{seeded:?}");
        let (_, only) = app.call(Method::GET, &format!("{REASONS}?kind=changes"), &cast.editor, Value::Null).await;
        assert_eq!(only["items"].as_array().unwrap().len(), review.change_reasons.len());

        // An editor adds one; an admin changes it; the name is unique per kind.
        let (status, added) = app.call(Method::POST, REASONS, &cast.editor,
            json!({"kind": "reject", "name": "Advertising", "body": "It promotes a business, which the guidelines do not allow."})).await;
        assert_eq!(status, 201, "{added}");
        assert_eq!(added["position"], review.reject_reasons.len() as i64, "at the end of its list");
        let id = added["id"].as_i64().unwrap();
        let (status, same_name) = app.call(Method::POST, REASONS, &cast.editor,
            json!({"kind": "reject", "name": "Advertising", "body": "Another text."})).await;
        assert_eq!(status, 422, "{same_name}");
        assert!(same_name["error"]["fields"]["name"][0].as_str().unwrap().contains("already"), "{same_name}");
        let (status, _) = app.call(Method::POST, REASONS, &cast.editor,
            json!({"kind": "changes", "name": "Advertising", "body": "Please take out the advertising."})).await;
        assert_eq!(status, 201, "the same name is fine for the other kind");
        let (status, changed) = app.call(Method::PATCH, &format!("{REASONS}/{id}"), &cast.admin,
            json!({"body": "It advertises a business.", "position": 0})).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!((changed["name"].as_str(), changed["body"].as_str(), changed["position"].as_i64()),
            (Some("Advertising"), Some("It advertises a business."), Some(0)));

        // What is wrong is said beside each field at once, and nothing changes.
        let (status, bad) = app.call(Method::POST, REASONS, &cast.editor,
            json!({"kind": "sideways", "name": "x".repeat(81), "body": "  ", "position": 1.5})).await;
        assert_eq!(status, 422, "{bad}");
        for field in ["kind", "name", "body", "position"] {
            assert!(bad["error"]["fields"][field].is_array(), "{field} in {bad}");
        }
        for position in [json!(-1), json!(10001), json!("2"), json!(1e20)] {
            let (status, bad) = app.call(Method::PATCH, &format!("{REASONS}/{id}"), &cast.editor, json!({"position": position})).await;
            assert_eq!(status, 422, "{position}: {bad}");
        }
        let (status, bad) = app.call(Method::PATCH, &format!("{REASONS}/{id}"), &cast.editor,
            json!({"name": "", "body": "b".repeat(10_001)})).await;
        assert_eq!(status, 422, "{bad}");
        let (_, still) = app.call(Method::GET, &format!("{REASONS}/{id}"), &cast.editor, Value::Null).await;
        assert_eq!(still, changed);

        // Members and experts are told no; someone else's convention's reason is not there.
        let (status, _) = app.call(Method::GET, REASONS, &cast.member, Value::Null).await;
        assert_eq!(status, 403);
        app.convention(&cast.admin, "31st-national", -1, 1500).await;
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/conventions/31st-national/reasons/{id}"), &cast.editor,
            json!({"name": "Stolen"})).await;
        assert_eq!(status, 404);

        // Deleting every reason leaves the list empty: the configured ones do not come back.
        let (_, list) = app.call(Method::GET, REASONS, &cast.editor, Value::Null).await;
        for reason in list["items"].as_array().unwrap() {
            let response = app.as_user(Method::DELETE, &format!("{REASONS}/{}", reason["id"]), &cast.editor).send().await.unwrap();
            assert_eq!(response.status(), 204);
        }
        let (_, list) = app.call(Method::GET, REASONS, &cast.editor, Value::Null).await;
        assert_eq!(list["items"], json!([]));
        let (status, _) = app.call(Method::GET, &format!("{REASONS}/{id}"), &cast.editor, Value::Null).await;
        assert_eq!(status, 404);
    }

    async fn editors_asking_at_once_seed_a_convention_once(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let ((a, first), (b, second)) = both(
            app.call(Method::GET, REASONS, &cast.editor, Value::Null),
            app.call(Method::GET, REASONS, &cast.editor2, Value::Null),
        )
        .await;
        assert_eq!((a, b), (200, 200), "{first} {second}");
        let expected = app.settings.review.reject_reasons.len() + app.settings.review.change_reasons.len();
        let (_, list) = app.call(Method::GET, REASONS, &cast.editor, Value::Null).await;
        assert_eq!(list["items"].as_array().unwrap().len(), expected, "{list}");
        assert_eq!(first, list);
        assert_eq!(second, list);
    }

    async fn a_picked_reason_fills_the_decision_and_reaches_the_author(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let (_, added) = app.call(Method::POST, REASONS, &cast.editor, json!({"kind": "reject", "name": "Off topic",
            "body": "It is about the city budget, not the convention's resolutions."})).await;
        let (_, changes) = app.call(Method::POST, REASONS, &cast.editor, json!({"kind": "changes", "name": "Sources",
            "body": "Please say where the figures on rents come from."})).await;
        let (reject_id, changes_id) = (added["id"].to_string(), changes["id"].to_string());

        let id = app.submitted(&cast.member, "A word on the city budget", ESSAY, &[]).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let review = page_as(&app, &cast.editor, &format!("/review/{id}")).await;
        // Each picker lists its own reasons by name, carrying the text the script fills in.
        let (reject_form, changes_form) = (review.find(r#"id="form-reject""#).unwrap(), review.find(r#"id="form-request-changes""#).unwrap());
        let reject_picker = &review[reject_form..];
        let changes_picker = &review[changes_form..reject_form];
        assert!(reject_picker.contains(&format!(r#"<option value="{reject_id}" data-body="{}">Off topic</option>"#,
            escaped("It is about the city budget, not the convention's resolutions."))), "{review}");
        assert!(changes_picker.contains(&format!(r#"<option value="{changes_id}" data-body="Please say where the figures on rents come from.">Sources</option>"#)), "{review}");
        assert!(!changes_picker.contains("Off topic"), "a reason for rejecting is not a change request");
        assert!(review.contains(r#"<script src="/static/reasons.js" defer></script>"#));
        let script = app.get("/static/reasons.js").await;
        assert_eq!(script.status(), 200);
        assert!(script.text().await.unwrap().contains("data-body"));

        // Without JavaScript: picked, the text left empty, the reason's text is sent.
        let asked = form_as(&app, &cast.editor, &format!("/review/{id}/request-changes"), &[("reason_choice", &changes_id), ("message", "")]).await;
        assert_eq!(asked.status(), 303);
        let mail = app.smtp.wait_for("member@example.org", "Changes requested").await;
        assert!(mail.text.contains("Please say where the figures on rents come from."), "{}", mail.text);

        // The author revises and resubmits; this time the editor rejects, picking a reason and
        // writing her own words: what she wrote is what is sent.
        let revised = json!({"body": format!("{ESSAY}\n\nRents rose 12% (city housing report, 2025).")});
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member, revised).await;
        assert_eq!(status, 200);
        app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let written = "It is about the city budget. Please send it to the city committee.";
        let confirm = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason_choice", &reject_id), ("reason", written)]).await;
        assert_eq!(confirm.status(), 200);
        assert!(confirm.text().await.unwrap().contains(&format!("{written}</textarea>")));
        // Picked with nothing written, the confirmation holds the reason's text, still editable.
        let confirm = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason_choice", &reject_id), ("reason", " ")]).await;
        assert_eq!(confirm.status(), 200);
        let body = "It is about the city budget, not the convention's resolutions.";
        assert!(confirm.text().await.unwrap().contains(&format!("{}</textarea>", escaped(body))));
        let done = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason", body), ("step", "confirm")]).await;
        assert_eq!(done.status(), 303);
        let mail = app.smtp.wait_for("member@example.org", "Not published").await;
        assert!(mail.text.contains(body), "{}", mail.text);

        // A pick that names no reason of the convention's adds nothing: the empty text is refused.
        let other = app.submitted(&cast.member2, "Another word on the budget", ESSAY, &[]).await;
        form_as(&app, &cast.editor, &format!("/review/{other}/claim"), &[]).await;
        for choice in ["999999", "not a number"] {
            let refused = form_as(&app, &cast.editor, &format!("/review/{other}/reject"), &[("reason_choice", choice), ("reason", "")]).await;
            assert_eq!(refused.status(), 422, "{choice}");
            assert!(refused.text().await.unwrap().contains(r#"id="reason-error""#));
        }
    }

    async fn editors_keep_the_reasons_on_their_page_without_losing_what_they_typed(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let path = format!("/conventions/{CONVENTION}/reasons");
        let page = page_as(&app, &cast.editor, &path).await;
        assert!(page.contains("Reasons for rejecting") && page.contains("Changes to ask for"), "{page}");
        let first = &app.settings.review.reject_reasons[0];
        assert!(page.contains(&format!("{}</textarea>", escaped(first))), "{page}");
        // The admin pages link to it.
        assert!(page_as(&app, &cast.admin, "/admin").await.contains(&format!(r#"href="{path}""#)));
        assert!(page_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}")).await.contains(&format!(r#"href="{path}""#)));

        let body = "Please cut the second half: it repeats the first.";
        let added = form_as(&app, &cast.editor, &path, &[("kind", "changes"), ("name", "Repetition"), ("body", body), ("position", "")]).await;
        let next = app.follow_as(added, &cast.editor).await;
        assert!(next.contains("The reason is added") && next.contains(">Repetition<") || next.contains(r#"value="Repetition""#), "{next}");

        // The same name again: the form comes back with the error beside the name, the text kept.
        let typed = "Please cut the last part, which says it all again.";
        let refused = form_as(&app, &cast.editor, &path, &[("kind", "changes"), ("name", "Repetition"), ("body", typed), ("position", "")]).await;
        assert_eq!(refused.status(), 422);
        let again = refused.text().await.unwrap();
        assert!(again.contains(r#"id="new-changes-name-error""#) && again.contains("already"), "{again}");
        assert!(again.contains(&format!("{typed}</textarea>")), "{again}");

        let (_, list) = app.call(Method::GET, &format!("{REASONS}?kind=changes"), &cast.editor, Value::Null).await;
        let id = list["items"].as_array().unwrap().iter().find(|r| r["name"] == "Repetition").unwrap()["id"].as_i64().unwrap();
        let refused = form_as(&app, &cast.editor, &format!("{path}/{id}"), &[("name", "Repetition"), ("body", "Shorter, please."), ("position", "first")]).await;
        assert_eq!(refused.status(), 422);
        let again = refused.text().await.unwrap();
        assert!(again.contains(&format!(r#"id="position-{id}-error""#)) && again.contains("Shorter, please.</textarea>"), "{again}");
        let saved = form_as(&app, &cast.editor, &format!("{path}/{id}"), &[("name", "Repetition"), ("body", "Shorter, please."), ("position", "0")]).await;
        assert!(app.follow_as(saved, &cast.editor).await.contains("The reason is saved."));
        let (_, reason) = app.call(Method::GET, &format!("{REASONS}/{id}"), &cast.editor, Value::Null).await;
        assert_eq!((reason["body"].as_str(), reason["position"].as_i64()), (Some("Shorter, please."), Some(0)));

        let asked = form_as(&app, &cast.editor, &format!("{path}/{id}/delete"), &[]).await.text().await.unwrap();
        assert!(asked.contains("Delete the reason “Repetition”?") && asked.contains(r#"value="confirm""#), "deleting asks first: {asked}");
        let (_, still) = app.call(Method::GET, &format!("{REASONS}/{id}"), &cast.editor, Value::Null).await;
        assert_eq!(still["name"], "Repetition", "nothing is deleted before the confirmation");
        let deleted = form_as(&app, &cast.editor, &format!("{path}/{id}/delete"), &[("step", "confirm")]).await;
        let next = app.follow_as(deleted, &cast.editor).await;
        assert!(next.contains("The reason is deleted") && !next.contains("Shorter, please."), "{next}");
        let response = app.as_user(Method::GET, &path, &cast.member).send().await.unwrap();
        assert_eq!(response.status(), 403);
    }
}
