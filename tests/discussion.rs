//! The discussion as organisers run it: deadlines, fuller bylines, the queue's priority rule,
//! topics, replies, digests of short pieces, languages, video links, the bulletin, subscribers,
//! comments and the transparency report.

mod common;

use std::io::Read;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use tribune::domain::user::Role;

use common::{CONVENTION, Cast, ESSAY, SignedIn, TestApp};

const NONE: Value = Value::Null;

async fn essay(app: &TestApp, who: &SignedIn, fields: Value) -> (u16, Value) {
    let mut body = json!({"convention": CONVENTION, "title": "A contribution to the discussion", "body": ESSAY,
        "byline_name": "Lucy Parsons", "byline_location": "Chicago"});
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.call(Method::POST, "/api/v1/submissions", who, body).await
}

async fn submit(app: &TestApp, who: &SignedIn, id: i64) -> (u16, Value) {
    app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), who, json!({})).await
}

/// Claims and approves `id` as `editor` with `approve` options; returns the response JSON.
async fn approve(app: &TestApp, editor: &SignedIn, id: i64, approve: Value) -> Value {
    let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), editor, json!({})).await;
    assert_eq!(status, 200);
    let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), editor, approve).await;
    assert_eq!(status, 200, "{json}");
    json
}

/// A reader's question that `expert` answers and `editor` publishes; returns the thread's slug.
async fn answered_question(
    app: &TestApp,
    (expert, editor): (&SignedIn, &SignedIn),
    question: &str,
    answer: &str,
    headline: &str,
) -> String {
    let asked = app
        .post_json(
            "/api/v1/mailbag/questions",
            &json!({"name": "Dora Reader", "email": "dora@example.org", "body": question, "topic": "History"}),
        )
        .await;
    assert_eq!(asked.status(), 202);
    let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", editor, NONE).await;
    let id = inbox["items"].as_array().unwrap().iter().find(|q| q["body"] == question).unwrap()["id"].as_i64().unwrap();
    let (status, json) = app
        .call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), expert, json!({"body": answer}))
        .await;
    assert_eq!(status, 200, "{json}");
    let (status, json) = app
        .call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), editor, json!({"headline": headline}))
        .await;
    assert_eq!(status, 200, "{json}");
    json["slug"].as_str().unwrap().to_string()
}

/// Subscribes `email` to the convention's digest and opens the confirmation link.
async fn confirmed_subscriber(app: &TestApp, email: &str) {
    let response =
        app.post_json(&format!("/api/v1/conventions/{CONVENTION}/subscribers"), &json!({"email": email})).await;
    assert_eq!(response.status(), 202);
    let confirm = app.smtp.wait_for(email, "Confirm your subscription").await;
    assert!(app.page(&confirm.link("/subscriptions/confirm")).await.contains("Subscribed"));
}

/// What a page says in its `<head>`.
fn head(page: &str) -> &str {
    &page[..page.find("</head>").expect("a head")]
}

async fn setup(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn_with(backend, |f| f.merge(("subscriptions.digest_hour_utc", 0))).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    (app, cast)
}

on_both_backends! {
    async fn submissions_after_the_deadline_are_refused_but_earlier_ones_still_publish(backend) {
        let (app, cast) = setup(backend).await;
        let (_, on_time) = essay(&app, &cast.member, json!({})).await;
        let on_time = on_time["id"].as_i64().unwrap();
        assert_eq!(submit(&app, &cast.member, on_time).await.0, 200);
        let past = (chrono::Utc::now() - chrono::TimeDelta::hours(1)).to_rfc3339();
        let (status, json) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"submission_deadline_at": past})).await;
        assert_eq!(status, 200, "{json}");
        let (_, late) = essay(&app, &cast.member2, json!({})).await;
        let (status, json) = submit(&app, &cast.member2, late["id"].as_i64().unwrap()).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("submission_deadline_passed")));
        let published = approve(&app, &cast.editor, on_time, json!({})).await;
        assert_eq!(published["status"], "published", "what came in on time is still published");
        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"submission_deadline_at": "2001-01-01T00:00:00Z"})).await;
        assert_eq!(status, 422, "the deadline falls inside the discussion period");
    }

    async fn bylines_carry_state_club_district_and_who_wrote_it(backend) {
        let (app, cast) = setup(backend).await;
        let (status, json) = essay(&app, &cast.member, json!({"byline_state": "IL", "byline_club": "Haymarket Club",
            "byline_district": "3rd District"})).await;
        assert_eq!(status, 201, "{json}");
        submit(&app, &cast.member, json["id"].as_i64().unwrap()).await;
        let slug = approve(&app, &cast.editor, json["id"].as_i64().unwrap(), json!({})).await["article_slug"].as_str().unwrap().to_string();
        let page = app.page(&format!("/articles/{slug}")).await;
        assert!(page.contains("Submitted by Lucy Parsons, Chicago, IL (Haymarket Club, 3rd District)"), "{page}");

        let (_, body_piece) = essay(&app, &cast.member2, json!({"title": "A statement from our club", "author_kind": "body",
            "byline_name": "Haymarket Club"})).await;
        submit(&app, &cast.member2, body_piece["id"].as_i64().unwrap()).await;
        let slug = approve(&app, &cast.editor, body_piece["id"].as_i64().unwrap(), json!({})).await["article_slug"].as_str().unwrap().to_string();
        let article: Value = app.get(&format!("/api/v1/articles/{slug}")).await.json().await.unwrap();
        assert_eq!(article["byline"]["author_kind"], "body");
        assert!(app.page(&format!("/articles/{slug}")).await.contains("on behalf of a body of the organisation"));
        let (status, json) = essay(&app, &cast.member, json!({"author_kind": "alien"})).await;
        assert_eq!((status, json["error"]["fields"]["author_kind"].is_array()), (422, true));
    }

    async fn the_queue_puts_members_and_bodies_first_and_editors_can_change_the_rule(backend) {
        let (app, cast) = setup(backend).await;
        let (_, outsider) = essay(&app, &cast.member, json!({"title": "From a non-member friend", "author_kind": "non_member"})).await;
        let outsider = outsider["id"].as_i64().unwrap();
        submit(&app, &cast.member, outsider).await;
        let (_, member) = essay(&app, &cast.member2, json!({"title": "From a member of the club"})).await;
        let member = member["id"].as_i64().unwrap();
        submit(&app, &cast.member2, member).await;
        let order = |queue: &Value| -> Vec<i64> { queue["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect() };
        let (_, queue) = app.call(Method::GET, "/api/v1/review/queue", &cast.editor, NONE).await;
        assert_eq!(order(&queue), [member, outsider], "the member first although submitted later");

        let (_, rule) = app.call(Method::GET, "/api/v1/review/priority", &cast.editor, NONE).await;
        assert_eq!(rule, json!({"member": 1, "body": 1, "non_member": 0}));
        let (status, _) = app.call(Method::PUT, "/api/v1/review/priority", &cast.editor, json!({"member": 0, "body": 0, "non_member": 0})).await;
        assert_eq!(status, 200);
        let (_, queue) = app.call(Method::GET, "/api/v1/review/queue", &cast.editor, NONE).await;
        assert_eq!(order(&queue), [outsider, member], "with equal priority, oldest first");
        let (status, _) = app.call(Method::PUT, "/api/v1/review/priority", &cast.member, json!({"member": 9, "body": 0, "non_member": 0})).await;
        assert_eq!(status, 403);
    }

    async fn topics_frame_the_discussion_and_group_its_pieces(backend) {
        let (app, cast) = setup(backend).await;
        for (slug, title) in [("labor", "Labour and the unions"), ("peace", "Peace and war")] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin,
                json!({"slug": slug, "title": title, "framing": format!("The framing document for {title}.")})).await;
            assert_eq!(status, 200, "{json}");
        }
        let (status, json) = essay(&app, &cast.member, json!({})).await;
        assert_eq!((status, json["error"]["fields"]["topic"].is_array()), (422, true), "a topic is required");
        let (_, piece) = essay(&app, &cast.member, json!({"topic": "labor", "title": "Strikes in the logistics sector"})).await;
        submit(&app, &cast.member, piece["id"].as_i64().unwrap()).await;
        approve(&app, &cast.editor, piece["id"].as_i64().unwrap(), json!({})).await;

        let topic_page = app.page(&format!("/conventions/{CONVENTION}/topics/labor")).await;
        assert!(topic_page.contains("The framing document for Labour and the unions.") && topic_page.contains("Strikes in the logistics sector"));
        let empty = app.page(&format!("/conventions/{CONVENTION}/topics/peace")).await;
        assert!(!empty.contains("Strikes in the logistics sector"));
        let discussion = app.page(&format!("/conventions/{CONVENTION}/discussion")).await;
        assert!(discussion.contains("Labour and the unions") && discussion.contains("Peace and war"), "grouped by topic");
        let listed: Value = app.get(&format!("/api/v1/articles?convention={CONVENTION}&topic=peace")).await.json().await.unwrap();
        assert!(listed["items"].as_array().unwrap().is_empty());
        let (status, _) = app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.editor,
            json!({"slug": "x", "title": "Editors cannot", "framing": "Not their decision to make."})).await;
        assert_eq!(status, 403);
    }

    async fn readers_see_changes_to_a_cached_article_at_once(backend) {
        let (app, cast) = setup(backend).await;
        let topic = json!({"slug": "labor", "title": "Labour and the unions", "framing": "The framing document for labour."});
        assert_eq!(app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin, topic).await.0, 200);
        let (_, piece) = essay(&app, &cast.member, json!({"topic": "labor", "title": "Strikes in the logistics sector"})).await;
        submit(&app, &cast.member, piece["id"].as_i64().unwrap()).await;
        approve(&app, &cast.editor, piece["id"].as_i64().unwrap(), json!({})).await;
        let listed: Value = app.get(&format!("/api/v1/articles?convention={CONVENTION}")).await.json().await.unwrap();
        let path = format!("/articles/{}", listed["items"][0]["slug"].as_str().unwrap());
        let signed_out = app.page(&path).await;
        assert!(signed_out.contains("Labour and the unions") && signed_out.contains("Sign in</a> to comment"));
        let signed_in = app.as_user(Method::GET, &path, &cast.member2).send().await.unwrap().text().await.unwrap();
        assert!(signed_in.contains("Send the comment"), "a signed-in reader gets their own page, not the one kept for signed-out readers");

        let (status, _) = app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin, json!({"location": "Cleveland"})).await;
        assert_eq!(status, 200);
        assert!(app.page(&path).await.contains("Cleveland"), "the convention footer changes at once");
        let renamed = json!({"slug": "labor", "title": "Work and the unions", "framing": "The framing document for labour."});
        assert_eq!(app.call(Method::POST, &format!("/api/v1/conventions/{CONVENTION}/topics"), &cast.admin, renamed).await.0, 200);
        let page = app.page(&path).await;
        assert!(page.contains("Work and the unions") && !page.contains("Labour and the unions"), "the topic's new title at once");
    }

    async fn a_reply_and_its_original_link_to_each_other(backend) {
        let (app, cast) = setup(backend).await;
        let original = app.published(&cast.member, &cast.editor, "The original argument", ESSAY, &[]).await;
        let (status, reply) = essay(&app, &cast.member2, json!({"title": "A reply to the original", "reply_to": original})).await;
        assert_eq!(status, 201, "{reply}");
        submit(&app, &cast.member2, reply["id"].as_i64().unwrap()).await;
        let reply_slug = approve(&app, &cast.editor, reply["id"].as_i64().unwrap(), json!({})).await["article_slug"].as_str().unwrap().to_string();
        let reply_page = app.page(&format!("/articles/{reply_slug}")).await;
        assert!(reply_page.contains(&format!(r#"Reply: <a href="/articles/{original}" lang="en">The original argument</a>"#)), "{reply_page}");
        let original_page = app.page(&format!("/articles/{original}")).await;
        assert!(original_page.contains(&format!(r#"<a href="/articles/{reply_slug}" lang="en">A reply to the original</a>"#)), "{original_page}");
        let (status, json) = essay(&app, &cast.member, json!({"reply_to": "no-such-piece"})).await;
        assert_eq!((status, json["error"]["fields"]["reply_to"].is_array()), (422, true));
    }

    async fn a_reply_to_accepts_the_pieces_address_pasted_from_the_browser(backend) {
        let (app, cast) = setup(backend).await;
        let original = app.published(&cast.member, &cast.editor, "The original argument", ESSAY, &[]).await;
        for pasted in [
            format!("{}/articles/{original}", common::PUBLIC_URL),
            format!("http://localhost:8080/articles/{original}/"),
            format!("https://tribune.example/articles/{original}?utm_source=mail#comments"),
            format!("/articles/{original}"),
            format!(" {original} "),
        ] {
            let (status, reply) = essay(&app, &cast.member2, json!({"title": "A reply to the original", "reply_to": pasted})).await;
            assert_eq!((status, reply["reply_to"].as_str()), (201, Some(original.as_str())), "{pasted}: {reply}");
        }
        let (status, draft) = essay(&app, &cast.member2, json!({"title": "A reply decided later"})).await;
        assert_eq!(status, 201);
        let id = draft["id"].as_i64().unwrap();
        let (status, revised) = app.call(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member2,
            json!({"reply_to": format!("{}/articles/{original}/", common::PUBLIC_URL)})).await;
        assert_eq!((status, revised["reply_to"].as_str()), (200, Some(original.as_str())), "{revised}");
        for wrong in [format!("{}/mailbag/{original}", common::PUBLIC_URL), format!("{}/articles/no-such-piece", common::PUBLIC_URL)] {
            let (status, json) = essay(&app, &cast.member2, json!({"reply_to": wrong})).await;
            assert_eq!((status, json["error"]["fields"]["reply_to"].is_array()), (422, true), "{wrong}: {json}");
        }
    }

    async fn short_pieces_are_published_together_each_with_its_byline(backend) {
        let (app, cast) = setup(backend).await;
        let mut ids = Vec::new();
        for (who, name) in [(&cast.member, "Ana Short"), (&cast.member2, "Ben Brief")] {
            let (_, piece) = essay(&app, who, json!({"title": format!("A short note by {name}"), "body": "A short piece of a few words only.", "byline_name": name})).await;
            let id = piece["id"].as_i64().unwrap();
            submit(&app, who, id).await;
            let held = approve(&app, &cast.editor, id, json!({"hold_for_digest": true})).await;
            assert_eq!(held["status"], "approved", "held, not published");
            ids.push(id);
        }
        let (_, long) = essay(&app, &cast.member, json!({"title": "Far too long for a digest", "body": vec!["word"; 250].join(" ")})).await;
        let long = long["id"].as_i64().unwrap();
        submit(&app, &cast.member, long).await;
        app.call(Method::POST, &format!("/api/v1/review/{long}/claim"), &cast.editor, json!({})).await;
        let (status, _) = app.call(Method::POST, &format!("/api/v1/review/{long}/approve"), &cast.editor, json!({"hold_for_digest": true})).await;
        assert_eq!(status, 422, "only short pieces are held for a digest");

        // One article speaks one language: a Spanish piece does not go into an English digest.
        let (_, spanish) = essay(&app, &cast.member2, json!({"title": "Una nota breve", "body": "Un texto breve de pocas palabras.", "language": "es"})).await;
        let spanish = spanish["id"].as_i64().unwrap();
        submit(&app, &cast.member2, spanish).await;
        approve(&app, &cast.editor, spanish, json!({"hold_for_digest": true})).await;
        let mixed = [ids.clone(), vec![spanish]].concat();
        let (status, json) = app.call(Method::POST, "/api/v1/review/digests", &cast.editor, json!({"title": "Mixed", "submissions": mixed})).await;
        assert_eq!(status, 422, "{json}");
        assert_eq!(json["error"]["fields"]["submissions"][0], "all pieces of a digest must be in one language", "{json}");
        let (_, held) = app.call(Method::GET, &format!("/api/v1/submissions/{spanish}"), &cast.member2, NONE).await;
        assert_eq!(held["status"], "approved", "nothing was published: {held}");

        let (status, json) = app.call(Method::POST, "/api/v1/review/digests", &cast.editor, json!({"title": "Short contributions, week one", "submissions": ids})).await;
        assert_eq!(status, 201, "{json}");
        let slug = json["slug"].as_str().unwrap();
        let page = app.page(&format!("/articles/{slug}")).await;
        assert!(page.contains("Submitted by Ana Short, Chicago") && page.contains("Submitted by Ben Brief, Chicago"), "{page}");
        for address in ["member@example.org", "member2@example.org"] {
            let mail = app.smtp.wait_for(address, "Published").await;
            assert!(mail.text.contains("Short contributions, week one"), "{}", mail.text);
        }
        let (_, mine) = app.call(Method::GET, &format!("/api/v1/submissions/{}", ids[0]), &cast.member, NONE).await;
        assert_eq!((mine["status"].as_str(), mine["article_slug"].as_str()), (Some("published"), Some(slug)));
        let (status, _) = app.call(Method::POST, "/api/v1/review/digests", &cast.editor, json!({"title": "Again the same pieces", "submissions": ids})).await;
        assert_eq!(status, 409, "already published");
    }

    async fn pieces_in_spanish_are_marked_and_filtered(backend) {
        let (app, cast) = setup(backend).await;
        let (_, piece) = essay(&app, &cast.member, json!({"title": "La lucha por la vivienda", "language": "es"})).await;
        submit(&app, &cast.member, piece["id"].as_i64().unwrap()).await;
        let slug = approve(&app, &cast.editor, piece["id"].as_i64().unwrap(), json!({})).await["article_slug"].as_str().unwrap().to_string();
        app.published(&cast.member2, &cast.editor, "An English piece", ESSAY, &[]).await;
        assert!(app.page(&format!("/articles/{slug}")).await.contains(r#"<html lang="es">"#));
        let spanish: Value = app.get("/api/v1/articles?language=es").await.json().await.unwrap();
        let titles: Vec<&str> = spanish["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["La lucha por la vivienda"]);
        let page = app.page(&format!("/conventions/{CONVENTION}/discussion?language=es")).await;
        assert!(page.contains("La lucha por la vivienda") && !page.contains("An English piece"));
        // Languages are chosen by their names, each in its own language.
        assert!(page.contains(r#"<option value="es" lang="es" selected>Español</option>"#), "{page}");
        let form = app.as_user(Method::GET, "/submit", &cast.member).send().await.unwrap().text().await.unwrap();
        assert!(form.contains(r#"<option value="en" lang="en">English</option><option value="es" lang="es">Español</option>"#), "{form}");
        let (status, json) = essay(&app, &cast.member, json!({"language": "fr"})).await;
        assert_eq!((status, json["error"]["fields"]["language"].is_array()), (422, true));
    }

    async fn video_contributions_link_to_known_platforms_only(backend) {
        let (app, cast) = setup(backend).await;
        let (status, json) = essay(&app, &cast.member, json!({"video_url": "https://evil.example/watch"})).await;
        assert_eq!((status, json["error"]["fields"]["video_url"].is_array()), (422, true));
        let (_, piece) = essay(&app, &cast.member, json!({"title": "A talk at the district school", "body": "A summary of the talk.",
            "video_url": "https://www.youtube.com/watch?v=abc123"})).await;
        submit(&app, &cast.member, piece["id"].as_i64().unwrap()).await;
        let slug = approve(&app, &cast.editor, piece["id"].as_i64().unwrap(), json!({})).await["article_slug"].as_str().unwrap().to_string();
        let page = app.page(&format!("/articles/{slug}")).await;
        assert!(page.contains(r#"href="https://www.youtube.com/watch?v=abc123""#) && page.contains("Watch the video on www.youtube.com"));
        assert!(!page.to_lowercase().contains("<iframe"), "a link, never an embed");
    }

    async fn the_bulletin_is_an_epub_with_every_piece_and_its_disclaimer(backend) {
        let (app, cast) = setup(backend).await;
        app.published(&cast.member, &cast.editor, "First piece for the bulletin", ESSAY, &[]).await;
        app.published(&cast.member2, &cast.editor, "Second piece for the bulletin", ESSAY, &[]).await;
        let response = app.get(&format!("/conventions/{CONVENTION}/bulletin.epub")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/epub+zip");
        let bytes = response.bytes().await.unwrap();
        let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut chapters = String::new();
        for i in 0..book.len() {
            let mut file = book.by_index(i).unwrap();
            if file.name().ends_with(".xhtml") {
                file.read_to_string(&mut chapters).unwrap();
            }
        }
        for expected in ["First piece for the bulletin", "Second piece for the bulletin", "Submitted by Emma Writer, Detroit",
            "The views expressed are the authors", "Contents"] {
            assert!(chapters.contains(expected), "{expected} missing from the bulletin");
        }
        assert_eq!(app.get(&format!("/conventions/{CONVENTION}/topics/none/bulletin.epub")).await.status(), 404);
    }

    async fn subscribers_confirm_receive_a_daily_digest_and_unsubscribe_in_one_click(backend) {
        let (app, cast) = setup(backend).await;
        let response = app.post_json(&format!("/api/v1/conventions/{CONVENTION}/subscribers"), &json!({"email": "reader@example.org"})).await;
        assert_eq!(response.status(), 202);
        let confirm = app.smtp.wait_for("reader@example.org", "Confirm your subscription").await;
        assert!(app.page(&confirm.link("/subscriptions/confirm")).await.contains("Subscribed"));

        app.published(&cast.member, &cast.editor, "News for the subscribers", ESSAY, &[]).await;
        let digest = app.smtp.wait_for("reader@example.org", "new in the discussion").await;
        assert!(digest.text.contains("News for the subscribers"), "{}", digest.text);
        assert!(digest.headers.contains("List-Unsubscribe: <http://tribune.test/subscriptions/unsubscribe?token="), "{}", digest.headers);
        assert!(digest.headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{}", digest.headers);

        // A link scanner's GET changes nothing; the mail client's one-click POST unsubscribes,
        // with no session and no CSRF token.
        let link = digest.link("/subscriptions/unsubscribe");
        assert!(app.new_client().get(app.url(&link)).send().await.unwrap().text().await.unwrap().contains("Unsubscribe"));
        let one_click = app.new_client().post(app.url(&link))
            .header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(one_click.status(), 200);
        let again = app.new_client().post(app.url("/subscriptions/unsubscribe?token=bogus")).send().await.unwrap();
        assert_eq!(again.status(), 404);

        // No more digests for them; one digest a day, not one per publication.
        app.published(&cast.member2, &cast.editor, "More news nobody receives", ESSAY, &[]).await;
        actix_web::rt::time::sleep(Duration::from_millis(600)).await;
        let to_reader: Vec<_> = app.smtp.all().into_iter().filter(|m| m.to == "reader@example.org").collect();
        assert_eq!(to_reader.len(), 2, "the confirmation and one digest");
    }

    async fn comments_wait_for_an_editor_unless_the_commenter_is_trusted(backend) {
        let (app, cast) = setup(backend).await;
        let slug = app.published(&cast.member, &cast.editor, "An article to discuss", ESSAY, &[]).await;
        let path = format!("/api/v1/articles/{slug}/comments");
        let (status, json) = app.call(Method::POST, &path, &cast.member2, json!({"body": "I agree, comradely."})).await;
        assert_eq!((status, json["status"].as_str()), (201, Some("pending")));
        let public: Value = app.get(&path).await.json().await.unwrap();
        assert!(public["items"].as_array().unwrap().is_empty(), "never shown before approval");
        assert!(!app.page(&format!("/articles/{slug}")).await.contains("I agree, comradely."));

        let (_, queue) = app.call(Method::GET, "/api/v1/comments", &cast.editor, NONE).await;
        let id = queue["items"][0]["id"].as_i64().unwrap();
        let (status, _) = app.call(Method::POST, &format!("/api/v1/comments/{id}/approve"), &cast.editor, json!({})).await;
        assert_eq!(status, 200);
        assert!(app.page(&format!("/articles/{slug}")).await.contains("I agree, comradely."));
        let notice = app.smtp.wait_for("member@example.org", "A new comment").await;
        assert!(notice.text.contains("I agree, comradely."));

        let (status, _) = app.call(Method::POST, &format!("/api/v1/users/{}/trust", cast.member2.user_id), &cast.editor, json!({"trusted": true})).await;
        assert_eq!(status, 204);
        let (_, json) = app.call(Method::POST, &path, &cast.member2, json!({"body": "Trusted now, shown at once."})).await;
        assert_eq!(json["status"], "approved");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/comments/{}/hide", json["id"]), &cast.editor, json!({})).await;
        assert_eq!(status, 200);
        let public: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(public["items"].as_array().unwrap().len(), 1, "the hidden one is gone");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/comments/{id}/approve"), &cast.editor, json!({})).await;
        assert_eq!(status, 409);
        assert_eq!(app.post_json(&path, &json!({"body": "anonymous"})).await.status(), 401);
        let (status, _) = app.call(Method::GET, "/api/v1/comments", &cast.member, NONE).await;
        assert_eq!(status, 403);
    }

    async fn a_comment_the_page_refuses_comes_back_as_typed_and_a_sent_one_is_acknowledged(backend) {
        let (app, cast) = setup(backend).await;
        let slug = app.published(&cast.member, &cast.editor, "An article to discuss", ESSAY, &[]).await;
        let form = |body: &'static str| vec![("csrf_token", cast.member2.csrf_token.clone()), ("body", body.to_string())];
        let post = |fields: Vec<(&'static str, String)>| {
            app.as_user(Method::POST, &format!("/articles/{slug}/comments"), &cast.member2).form(&fields).send()
        };
        let refused = post(form("x")).await.unwrap();
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains(r#"id="comment-body-error""#) && html.contains(">x</textarea>"), "{html}");
        let stale = post(vec![("csrf_token", "stale".into()), ("body", "A long thought I would hate to lose.".into())]).await.unwrap();
        assert_eq!(stale.status(), 403);
        let html = stale.text().await.unwrap();
        assert!(html.contains("This page was out of date") && html.contains("A long thought I would hate to lose."), "{html}");
        let sent = post(form("I agree, comradely.")).await.unwrap();
        assert_eq!(sent.status(), 303);
        let cookie = sent.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("tribune_notice=comment-sent"), "{cookie}");
    }

    async fn comments_are_throttled_per_user(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("throttle.comments_per_user", json!({"max": 2, "window_secs": 600})))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let slug = app.published(&cast.member, &cast.editor, "An article to discuss", ESSAY, &[]).await;
        for _ in 0..2 {
            assert_eq!(app.call(Method::POST, &format!("/api/v1/articles/{slug}/comments"), &cast.member2, json!({"body": "Again."})).await.0, 201);
        }
        assert_eq!(app.call(Method::POST, &format!("/api/v1/articles/{slug}/comments"), &cast.member2, json!({"body": "Again."})).await.0, 429);
        assert_eq!(app.call(Method::POST, &format!("/api/v1/articles/{slug}/comments"), &cast.member, json!({"body": "Mine."})).await.0, 201, "per user");
    }

    async fn the_transparency_page_counts_without_naming(backend) {
        let (app, cast) = setup(backend).await;
        app.published(&cast.member, &cast.editor, "Published straight away", ESSAY, &[]).await;
        let (_, returned) = essay(&app, &cast.member2, json!({"title": "Sent back for changes"})).await;
        let returned = returned["id"].as_i64().unwrap();
        submit(&app, &cast.member2, returned).await;
        app.call(Method::POST, &format!("/api/v1/review/{returned}/claim"), &cast.editor, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{returned}/request-changes"), &cast.editor, json!({"message": "Shorter, please."})).await;
        submit(&app, &cast.member2, returned).await;
        app.call(Method::POST, &format!("/api/v1/review/{returned}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{returned}/request-changes"), &cast.editor, json!({"message": "Shorter still."})).await;
        assert_eq!(status, 200, "sent back a second time: {json}");
        let (_, rejected) = essay(&app, &cast.member2, json!({"title": "Not for publication"})).await;
        let rejected = rejected["id"].as_i64().unwrap();
        submit(&app, &cast.member2, rejected).await;
        app.call(Method::POST, &format!("/api/v1/review/{rejected}/claim"), &cast.editor, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{rejected}/reject"), &cast.editor, json!({"reason": "Off topic."})).await;
        let report: Value = app.get(&format!("/api/v1/conventions/{CONVENTION}/transparency")).await.json().await.unwrap();
        assert_eq!((report["received"].as_i64(), report["published"].as_i64(), report["returned_for_revision"].as_i64(), report["rejected"].as_i64()),
            (Some(3), Some(1), Some(1), Some(1)), "{report}");
        assert!(report["median_days_to_decision"].as_f64().unwrap() < 1.0);
        let page = app.page(&format!("/conventions/{CONVENTION}/transparency")).await;
        assert!(page.contains("Pieces received") && !page.contains("Emma Writer") && !page.contains("member2"));

        // Decided 2 and 3¼ days after submission: the median of an even count is the mean of the
        // middle two, 2.625 days, shown to a tenth. The piece sent back and never decided counts
        // for nothing.
        backdate(&app, "approve", "2026-01-01 00:00:00", "2026-01-03 00:00:00");
        backdate(&app, "reject", "2026-01-01 00:00:00", "2026-01-04 06:00:00");
        let report: Value = app.get(&format!("/api/v1/conventions/{CONVENTION}/transparency")).await.json().await.unwrap();
        assert_eq!(report["median_days_to_decision"].as_f64(), Some(2.6), "{report}");
        assert_eq!(report["returned_for_revision"].as_i64(), Some(1), "sent back twice, counted once: {report}");
    }

    async fn editors_compose_a_digest_and_change_the_order_through_the_review_pages(backend) {
        let (app, cast) = setup(backend).await;
        let mut ids = Vec::new();
        for who in [&cast.member, &cast.member2] {
            let (_, piece) = essay(&app, who, json!({"title": "A very short note indeed", "body": "Short."})).await;
            let id = piece["id"].as_i64().unwrap();
            submit(&app, who, id).await;
            app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
            let held = app.as_user(Method::POST, &format!("/review/{id}/approve"), &cast.editor)
                .form(&[("csrf_token", cast.editor.csrf_token.as_str()), ("publish_at", ""), ("hold_for_digest", "on")])
                .send().await.unwrap();
            assert_eq!(held.status(), 303);
            ids.push(id);
        }
        let queue = app.as_user(Method::GET, "/review?status=approved", &cast.editor).send().await.unwrap().text().await.unwrap();
        assert!(queue.contains(&format!("pick_{}", ids[0])), "{queue}");
        let mut fields = vec![("csrf_token".to_string(), cast.editor.csrf_token.clone()), ("title".into(), "Notes from the clubs".into())];
        fields.extend(ids.iter().map(|id| (format!("pick_{id}"), "on".to_string())));
        let created = app.as_user(Method::POST, "/review/digests", &cast.editor).form(&fields).send().await.unwrap();
        assert_eq!(created.status(), 303);
        assert_eq!(created.headers()["location"], "/articles/notes-from-the-clubs");

        let changed = app.as_user(Method::POST, "/review/priority", &cast.editor)
            .form(&[("csrf_token", cast.editor.csrf_token.as_str()), ("member", "0"), ("body", "2"), ("non_member", "1")])
            .send().await.unwrap();
        assert_eq!(changed.status(), 303);
        let (_, rule) = app.call(Method::GET, "/api/v1/review/priority", &cast.editor, NONE).await;
        assert_eq!(rule, json!({"member": 0, "body": 2, "non_member": 1}));
    }

    async fn the_article_page_ends_with_the_convention_its_related_pieces_the_appeals_and_the_mailbag(backend) {
        let appeals = json!([
            {"text": "Make the discussion yours: become a member.", "label": "Join now", "url": "https://example.org/join"},
            {"label": "Donate", "url": "/donate"},
        ]);
        let app = TestApp::spawn_with(backend, |f| f.merge(("site.calls_to_action", appeals))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        let thread = answered_question(&app, (&expert, &cast.editor), "When did the clubs first meet in the evenings?",
            "In the *1920s*, when most members worked by day.", "Evening meetings").await;
        app.published(&cast.member2, &cast.editor, "Housing is a right", ESSAY, &["housing"]).await;
        let slug = app.published(&cast.member, &cast.editor, "Rent control now", ESSAY, &["housing"]).await;
        let page = app.page(&format!("/articles/{slug}")).await;

        assert!(page.contains(&format!(r#"<a href="/conventions/{CONVENTION}">the convention&#39;s page</a>"#)), "{page}");
        assert!(page.contains(&format!(r#"<a href="/conventions/{CONVENTION}/discussion">the convention discussion</a>"#)));
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        let day = |key: &str| chrono::NaiveDate::parse_from_str(convention[key].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let dates = tribune::i18n::Lang::En.date_range(day("starts_on"), day("ends_on"));
        assert!(page.contains(&format!(r#"<strong lang="en">30th National Convention</strong> · Chicago | {dates}"#)), "the footer from the convention's data: {page}");
        assert!(!page.contains("(number"), "the number is in the title already");
        assert!(page.contains(r#"<a href="/articles/housing-is-a-right" lang="en">Housing is a right</a>"#), "related pieces");

        let join = page.find(r#"<a class="button" href="https://example.org/join">Join now</a>"#).expect("the first appeal");
        let donate = page.find(r#"<a class="button" href="/donate">Donate</a>"#).expect("the second appeal");
        assert!(join < donate, "in the configured order");
        assert!(page.contains("Make the discussion yours: become a member."));

        assert!(page.contains("If you have a question about the 30th National Convention, ask our experts."));
        assert!(page.contains("When did the clubs first meet in the evenings?"));
        assert!(page.contains("In the 1920s, when most members worked by day."), "the answer's excerpt, as plain text");
        assert!(page.contains(&format!(r#"<a href="/mailbag/{thread}">Read more"#)));
        assert!(page.contains(r#"<a class="button" href="/mailbag/ask">Ask a question</a>"#));
        assert!(page.contains(r#"<a href="/mailbag">See all answers</a>"#));
    }

    async fn without_appeals_in_the_configuration_the_article_shows_none(backend) {
        let (app, cast) = setup(backend).await;
        let slug = app.published(&cast.member, &cast.editor, "An article with no appeals", ESSAY, &[]).await;
        let page = app.page(&format!("/articles/{slug}")).await;
        assert!(!page.contains("calls-to-action") && !page.contains("Support the organisation"), "{page}");
        assert!(page.contains("No questions have been answered yet.") && page.contains(r#"href="/mailbag/ask""#), "the mailbag box is always there");
    }

    async fn a_thread_published_after_an_article_was_read_is_in_its_mailbag_box_at_once(backend) {
        // A long time-to-live: only dropping the cache on publication can show the new thread.
        let app = TestApp::spawn_with(backend, |f| f.merge(("cache.ttl_ms", 60_000))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        let path = format!("/articles/{}", app.published(&cast.member, &cast.editor, "An article read early", ESSAY, &[]).await);
        assert!(app.page(&path).await.contains("No questions have been answered yet."));
        let signed_in = || async { app.as_user(Method::GET, &path, &cast.member2).send().await.unwrap().text().await.unwrap() };
        assert!(signed_in().await.contains("No questions have been answered yet."));

        answered_question(&app, (&expert, &cast.editor), "How were the first strike funds raised?", "By weekly dues.", "Strike funds").await;
        let page = app.page(&path).await;
        assert!(page.contains("How were the first strike funds raised?") && !page.contains("No questions have been answered yet."),
            "the page kept for signed-out readers is dropped with the article: {page}");
        assert!(signed_in().await.contains("How were the first strike funds raised?"));
    }

    async fn search_results_say_how_many_pieces_match_and_show_the_words_found_in_context(backend) {
        let (app, cast) = setup(backend).await;
        for (title, body) in [
            ("The laundry room meeting", "We met in the laundry room. The *tenants*, tired of waiting, formed a union that week."),
            ("Organising a building", "Knock on every door. The tenants of the third floor came first."),
            ("A rooftop assembly", "In summer the tenants met on the rooftop, where everyone could hear."),
            ("Nothing about housing", "A piece about wages in the logistics sector."),
        ] {
            app.published(&cast.member, &cast.editor, title, body, &[]).await;
        }
        let page = app.page(&format!("/conventions/{CONVENTION}/discussion?q=tenants")).await;
        assert!(page.contains("3 results for “tenants”"), "{page}");
        assert!(page.contains("<mark>tenants,</mark> tired of waiting"), "the words around the match, with no space before the comma: {page}");
        assert!(page.contains("In summer the <mark>tenants</mark> met on the rooftop"));
        assert!(head(&page).contains("<title>Search: tenants ·"), "{}", head(&page));
        let one = app.page(&format!("/conventions/{CONVENTION}/discussion?q=rooftop")).await;
        assert!(one.contains("1 result for “rooftop”"), "{one}");
        let none = app.page(&format!("/conventions/{CONVENTION}/discussion?q=bicycles")).await;
        assert!(none.contains("0 results for “bicycles”") && none.contains("Nothing matches “bicycles”."), "{none}");
        let listing = app.page(&format!("/conventions/{CONVENTION}/discussion")).await;
        assert!(!listing.contains("results for") && !listing.contains("<mark>"), "a plain listing counts nothing");
    }

    async fn search_over_more_pieces_than_it_ranks_finds_common_words_rare_words_and_old_pieces(backend) {
        let (app, cast) = setup(backend).await;
        // The oldest piece, with a word no later piece has and one every later piece has.
        app.published(&cast.member, &cast.editor, "An old piece", "The couriers' bicycles, in one paragraph.", &[]).await;
        // More pieces than search ranks, each with a closing paragraph.
        tribune::bench_data::load(&app.db, 1100, 0, &mut std::io::sink()).unwrap();
        app.db.reader_content_changed();

        let common = app.page("/conventions/bench/discussion?q=paragraph").await;
        assert!(common.contains("At least 1000 results for “paragraph”"), "{common}");
        let old_and_rare = app.page(&format!("/conventions/{CONVENTION}/discussion?q=bicycles")).await;
        assert!(old_and_rare.contains("1 result for “bicycles”"), "{old_and_rare}");
        let common_but_rare_here = app.page(&format!("/conventions/{CONVENTION}/discussion?q=paragraph")).await;
        assert!(common_but_rare_here.contains("1 result for “paragraph”"), "{common_but_rare_here}");
        let never_together = app.page("/conventions/bench/discussion?q=paragraph+bicycles").await;
        assert!(never_together.contains("0 results for “paragraph bicycles”"), "{never_together}");
    }

    async fn search_finds_other_forms_of_words_in_both_languages_whatever_their_accents_in_the_same_order_on_both_backends(backend) {
        let (app, cast) = setup(backend).await;
        let mut slugs = Vec::new();
        for (title, body, language) in [
            ("Why our clubs should meet in libraries", "A public library is warm in winter. Members who meet there read together.", "en"),
            ("La discusión en las bibliotecas", "Las bibliotecas públicas son el lugar de la discusión. Nos reunimos allí cada semana.", "es"),
            ("Organising tenants", "We meet on Tuesdays. The library closed early, so the tenants met in the laundry room.", "en"),
            ("Wages in logistics", "Nothing about books here: a piece on pay and hours.", "en"),
        ] {
            let tags = if title == "Organising tenants" { vec!["housing"] } else { vec![] };
            let (status, draft) =
                essay(&app, &cast.member, json!({"title": title, "body": body, "language": language, "tags": tags})).await;
            assert_eq!(status, 201, "{draft}");
            slugs.push(app.publish_draft(&cast.member, &cast.editor, draft["id"].as_i64().unwrap()).await);
        }
        let [clubs, discusion, tenants, _wages] = [0, 1, 2, 3].map(|n| slugs[n].as_str());
        // Pieces whose title holds the words first, then newest first: the same on either backend.
        for (query, expected) in [
            ("library", vec![clubs, tenants]),
            ("LIBRARIES", vec![clubs, tenants]),
            ("meet library", vec![clubs, tenants]),
            ("\"meet in libraries\"", vec![clubs]),
            ("\"library closed\"", vec![tenants]),
            ("\"closed library\"", vec![]),
            ("“meet in libraries”", vec![clubs]),
            ("\"libraries a public\"", vec![]),
            ("tenants library", vec![tenants]),
            ("discusion", vec![discusion]),
            ("DISCUSIÓN", vec![discusion]),
            ("biblioteca", vec![discusion]),
            ("\"bibliotecas publicas\"", vec![discusion]),
            ("reunir", vec![discusion]),
            ("!!! ...", vec![]),
        ] {
            let path = format!("/api/v1/articles?convention={CONVENTION}&q={}", common::urlencode(query));
            let (status, json) = app.call(Method::GET, &path, &cast.member, json!(null)).await;
            assert_eq!(status, 200, "{query}: {json}");
            let found: Vec<&str> = json["items"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
            assert_eq!(found, expected, "{query}");
        }
        // A search looks only among the pieces the listing's filters keep.
        for (filters, query, expected) in [
            ("&language=en", "biblioteca", vec![]),
            ("&language=es", "biblioteca", vec![discusion]),
            ("&language=en", "library", vec![clubs, tenants]),
            ("&tag=housing", "library", vec![tenants]),
            ("&tag=housing&language=es", "library", vec![]),
        ] {
            let path = format!("/api/v1/articles?convention={CONVENTION}&q={query}{filters}");
            let (status, json) = app.call(Method::GET, &path, &cast.member, json!(null)).await;
            assert_eq!(status, 200, "{path}: {json}");
            let found: Vec<&str> = json["items"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
            assert_eq!(found, expected, "{path}");
        }
        let page = app.page(&format!("/conventions/{CONVENTION}/discussion?q=library&language=es")).await;
        assert!(page.contains("0 results for “library”"), "the count keeps the filter too: {page}");
        let page = app.page(&format!("/conventions/{CONVENTION}/discussion?q=libraries")).await;
        assert!(page.contains("2 results for “libraries”"), "{page}");
        assert!(page.contains("A public <mark>library</mark> is warm") && page.contains("The <mark>library</mark> closed early"), "{page}");
        let page = app.page(&format!("/conventions/{CONVENTION}/discussion?q=discusion+publica")).await;
        assert!(page.contains("1 result for “discusion publica”"), "{page}");
        assert!(page.contains("Las bibliotecas <mark>públicas</mark> son el lugar de la <mark>discusión.</mark>"), "{page}");
    }

    async fn feed_entries_carry_a_summary_and_the_whole_piece_as_escaped_html(backend) {
        let (app, cast) = setup(backend).await;
        app.published(&cast.member, &cast.editor, "Why we organise", ESSAY, &[]).await;
        for path in [format!("/conventions/{CONVENTION}/feed.atom"), "/feed.atom".to_string()] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
            let xml = response.text().await.unwrap();
            let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}\n{xml}"));
            let entry = doc.descendants().find(|n| n.has_tag_name("entry")).unwrap_or_else(|| panic!("no entry in {xml}"));
            let child = |tag: &str| entry.children().find(|n| n.has_tag_name(tag)).unwrap_or_else(|| panic!("no {tag} in {xml}"));
            assert_eq!(child("summary").text(), Some("Why organise We need more organising in the workplaces of our city. Unity is strength. one two"));
            assert_eq!(child("content").attribute("type"), Some("html"));
            let content = child("content").text().unwrap();
            assert!(content.contains("<em>more</em>") && content.contains("<blockquote>"), "{content}");
            assert!(!xml.contains("<em>"), "escaped in the XML, not markup of the feed's own");
        }
    }

    async fn every_public_page_names_a_feed_in_its_head(backend) {
        let (app, cast) = setup(backend).await;
        let slug = app.published(&cast.member, &cast.editor, "A piece with a feed", ESSAY, &[]).await;
        let convention_feed = format!(r#"<link rel="alternate" type="application/atom+xml" title="30th National Convention: new contributions" href="/conventions/{CONVENTION}/feed.atom">"#);
        for path in ["/".to_string(), format!("/conventions/{CONVENTION}"), format!("/conventions/{CONVENTION}/discussion"),
            format!("/articles/{slug}"), format!("/conventions/{CONVENTION}/subscribe"), format!("/conventions/{CONVENTION}/transparency")] {
            let page = app.page(&path).await;
            assert!(head(&page).contains(&convention_feed), "{path}: {}", head(&page));
        }
        let site_feed = r#"<link rel="alternate" type="application/atom+xml" title="New contributions" href="/feed.atom">"#;
        for path in ["/mailbag", "/mailbag/ask", "/login", "/register", "/password-reset"] {
            let page = app.page(path).await;
            assert!(head(&page).contains(site_feed), "{path}: {}", head(&page));
        }
        let home = app.page("/").await;
        assert!(head(&home).contains("<title>30th National Convention: the discussion · Tribune</title>"), "{}", head(&home));
    }

    async fn the_first_digest_lists_only_what_was_published_after_the_subscription_started(backend) {
        let (app, cast) = setup(backend).await;
        app.published(&cast.member, &cast.editor, "Published before anyone subscribed", ESSAY, &[]).await;
        confirmed_subscriber(&app, "reader@example.org").await;
        let mut parts = Vec::new();
        for who in [&cast.member, &cast.member2] {
            let (_, piece) = essay(&app, who, json!({"title": "A short note from a club", "body": "Short and to the point."})).await;
            let id = piece["id"].as_i64().unwrap();
            submit(&app, who, id).await;
            approve(&app, &cast.editor, id, json!({"hold_for_digest": true})).await;
            parts.push(id);
        }
        let (status, json) = app.call(Method::POST, "/api/v1/review/digests", &cast.editor,
            json!({"title": "Short notes from the clubs", "submissions": parts})).await;
        assert_eq!(status, 201, "{json}");

        let digest = app.smtp.wait_for("reader@example.org", "new in the discussion").await;
        assert!(digest.subject.contains(": 1 new in the discussion"), "{}", digest.subject);
        assert!(!digest.text.contains("Published before anyone subscribed"), "not the archive: {}", digest.text);
        assert!(digest.text.contains("Short notes from the clubs, by Several contributors: http://tribune.test/articles/short-notes-from-the-clubs"),
            "{}", digest.text);
        assert!(!digest.text.contains(", :"), "{}", digest.text);
    }

    async fn after_unsubscribing_the_link_says_so_and_offers_to_subscribe_again(backend) {
        let (app, cast) = setup(backend).await;
        confirmed_subscriber(&app, "reader@example.org").await;
        app.published(&cast.member, &cast.editor, "News for the subscribers", ESSAY, &[]).await;
        let link = app.smtp.wait_for("reader@example.org", "new in the discussion").await.link("/subscriptions/unsubscribe");
        let asked = app.page(&link).await;
        assert!(asked.contains("Stop receiving the daily list of new contributions to the 30th National Convention discussion?"), "{asked}");

        let done = app.client.post(app.url(&link)).send().await.unwrap();
        assert_eq!(done.status(), 200);
        let done = done.text().await.unwrap();
        let again = format!(r#"<a href="/conventions/{CONVENTION}/subscribe">Subscribe again</a>"#);
        assert!(done.contains("Unsubscribed") && done.contains(&again), "{done}");
        let later = app.page(&link).await;
        assert!(!later.contains("Stop receiving") && !later.contains(r#"<button type="submit">Unsubscribe</button>"#), "{later}");
        assert!(later.contains("You will receive no more messages about the 30th National Convention discussion.") && later.contains(&again));

        let unknown = app.get("/subscriptions/unsubscribe?token=no-such-token").await;
        assert_eq!(unknown.status(), 404);
        assert!(unknown.text().await.unwrap().contains("This link does not work"));
    }
}

/// Moves the piece decided by `action` (its only such decision) to have been submitted at
/// `submitted` and decided at `decided`, and has this process notice.
fn backdate(app: &TestApp, action: &str, submitted: &str, decided: &str) {
    use diesel::RunQueryDsl;
    let mut conn = app.db.connection().unwrap();
    diesel::sql_query(format!(
        "UPDATE submissions SET submitted_at = '{submitted}' \
         WHERE id = (SELECT submission_id FROM review_events WHERE action = '{action}')"
    ))
    .execute(&mut *conn)
    .unwrap();
    diesel::sql_query(format!("UPDATE review_events SET created_at = '{decided}' WHERE action = '{action}'"))
        .execute(&mut *conn)
        .unwrap();
    app.db.reader_content_changed();
}
