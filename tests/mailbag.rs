//! The mailbag: readers ask (API and form), experts answer, editors publish; and every refusal:
//! honeypot, time trap, throttle, lengths, spam and rejected questions never public, follow-ups
//! hidden until approved, and the asker's address absent from everything public.

mod common;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{Server, SignedIn, TestApp, csrf_field};

const QUESTION: &str = "How did the eight-hour day become law, and who fought for it first?";
const ASKER: &str = "alfonso.hernandez@example.org";

async fn ask(app: &TestApp, body: &str, website: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/mailbag/questions",
        &json!({"name": "Alfonso Hernandez", "email": ASKER, "body": body, "topic": "History", "website": website}),
    )
    .await
}

async fn inbox(app: &TestApp, who: &SignedIn, status: &str) -> Vec<Value> {
    let (status_code, json) =
        app.call(Method::GET, &format!("/api/v1/mailbag/inbox?status={status}"), who, Value::Null).await;
    assert_eq!(status_code, 200, "{json}");
    json["items"].as_array().unwrap().clone()
}

/// A question asked, answered by `expert` (co-signed by `cosigner`) and published by `editor`.
async fn published_thread(
    app: &TestApp,
    expert: &SignedIn,
    cosigner: i64,
    editor: &SignedIn,
    body: &str,
    headline: &str,
) -> String {
    assert_eq!(ask(app, body, "").await.status(), 202);
    let pending = inbox(app, editor, "pending").await;
    let id = pending.iter().find(|q| q["body"] == body).unwrap()["id"].as_i64().unwrap();
    let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), expert,
        json!({"body": "The **eight-hour** movement began in the 1860s, led by the unions of the day.", "cosigners": [cosigner]})).await;
    assert_eq!((status, json["status"].as_str()), (200, Some("answered")), "{json}");
    let (status, json) = app
        .call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), editor, json!({"headline": headline}))
        .await;
    assert_eq!(status, 200, "{json}");
    json["slug"].as_str().unwrap().to_string()
}

struct People {
    editor: SignedIn,
    expert: SignedIn,
    expert2: SignedIn,
    expert2_id: i64,
    member: SignedIn,
}

async fn people(app: &TestApp) -> People {
    let expert2 = app.user_with("second.expert@example.org", &[Role::Expert]).await;
    People {
        editor: app.user_with("editor@example.org", &[Role::Editor]).await,
        expert: app.user_with("expert@example.org", &[Role::Expert]).await,
        expert2_id: expert2.user_id,
        expert2,
        member: app.user_with("member@example.org", &[Role::Member]).await,
    }
}

/// The public thread, as JSON and as the page.
async fn public_thread(app: &TestApp, slug: &str) -> (Value, String) {
    let json: Value = app.get(&format!("/api/v1/mailbag/questions/{slug}")).await.json().await.unwrap();
    (json, app.page(&format!("/mailbag/{slug}")).await)
}

/// The ids of the answers `who` is asked to co-sign.
/// The time-trap token a page's form carries.
fn time_token(html: &str) -> String {
    common::hidden_field(html, "time_token")
}

/// A follow-up on the thread `slug`, approved by `editor`; returns its id.
async fn approved_follow_up(app: &TestApp, editor: &SignedIn, slug: &str, body: &str) -> i64 {
    let response = app
        .post_json(
            &format!("/api/v1/mailbag/questions/{slug}/followups"),
            &json!({"name": "Bea Reader", "email": "bea@example.org", "body": body}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", editor, Value::Null).await;
    let id = pending["items"][0]["id"].as_i64().unwrap();
    let (status, _) =
        app.call(Method::POST, &format!("/api/v1/mailbag/followups/{id}/approve"), editor, json!({})).await;
    assert_eq!(status, 204);
    id
}

async fn cosignatures(app: &TestApp, who: &SignedIn) -> Vec<i64> {
    let (status, json) = app.call(Method::GET, "/api/v1/mailbag/cosignatures", who, Value::Null).await;
    assert_eq!(status, 200, "{json}");
    json["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

on_both_backends! {
    async fn a_question_is_answered_by_experts_and_published_by_an_editor(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        app.smtp.wait_for(ASKER, "We received your question").await;

        let list: Value = app.get("/api/v1/mailbag/questions").await.json().await.unwrap();
        let thread = &list["items"][0];
        assert_eq!((thread["headline"].as_str(), thread["asker"].as_str()), (Some("Who won the eight-hour day?"), Some("Alfonso H.")));
        assert!(thread["answer_excerpt"].as_str().unwrap().starts_with("The eight-hour movement"), "{thread}");

        let full: Value = app.get(&format!("/api/v1/mailbag/questions/{slug}")).await.json().await.unwrap();
        assert_eq!(full["question"], QUESTION, "the reader's question stays as written");
        assert_eq!(full["answers"][0]["signed"], "By expert", "the co-signer has not confirmed yet");
        let answer = full["answers"][0]["id"].as_i64().unwrap();
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/confirm"), &p.expert2, json!({})).await;
        assert_eq!(status, 204);
        let full: Value = app.get(&format!("/api/v1/mailbag/questions/{slug}")).await.json().await.unwrap();
        assert_eq!(full["answers"][0]["signed"], "By expert and second.expert");
        assert!(full["answers"][0]["body_html"].as_str().unwrap().contains("<strong>eight-hour</strong>"));

        let page = app.page("/mailbag").await;
        assert!(page.contains("Read more") && page.contains("Alfonso H."), "{page}");
        app.page("/").await;

        // The published email's link opens the thread.
        let mail = app.smtp.wait_for(ASKER, "Your question is answered").await;
        let thread_page = app.page(&mail.link("/mailbag/")).await;
        assert!(thread_page.contains("See all answers") && thread_page.contains("By expert and second.expert"));
    }

    async fn the_honeypot_drops_a_machine_silently(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let response = ask(&app, QUESTION, "http://spam.example").await;
        assert_eq!(response.status(), 202, "a machine is told nothing");
        assert!(inbox(&app, &p.editor, "pending").await.is_empty());
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        assert!(app.smtp.all().is_empty());
    }

    async fn a_question_sent_too_quickly_comes_back_as_typed_and_goes_through_when_sent_again(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mailbag.min_seconds_to_ask", 2))).await;
        let p = people(&app).await;
        let form = app.page("/mailbag/ask").await;
        let fields = |time: String| vec![
            ("csrf_token".to_string(), csrf_field(&form)), ("time_token".to_string(), time), ("step".into(), "send".into()),
            ("name".into(), "Alfonso Hernandez".into()), ("email".into(), ASKER.into()), ("topic".into(), "Economics".into()),
            ("body".into(), QUESTION.into()), ("website".into(), String::new()),
        ];
        let send = |time: String| {
            let request = app.client.post(app.url("/mailbag/ask")).form(&fields(time));
            async move {
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 200);
                response.text().await.unwrap()
            }
        };
        // Pasted and filled in by the browser: sooner than a person types.
        let back = send(time_token(&form)).await;
        assert!(back.contains("That was quick — please check your question and press Send again."), "{back}");
        assert!(!back.contains("Thank you"));
        for kept in [r#"value="Alfonso Hernandez""#, &format!(r#"value="{ASKER}""#), QUESTION, "<option selected>Economics</option>"] {
            assert!(back.contains(kept), "{kept} was lost: {back}");
        }
        let fresh = time_token(&back);
        assert!(inbox(&app, &p.editor, "pending").await.is_empty(), "nothing is kept");

        // A machine that sends again at once is sent back again, and nothing is kept.
        let back = send(fresh).await;
        assert!(back.contains("That was quick"), "{back}");
        assert!(inbox(&app, &p.editor, "pending").await.is_empty());

        // A person who looks the question over and presses Send again gets through.
        actix_web::rt::time::sleep(Duration::from_millis(2100)).await;
        let done = send(time_token(&back)).await;
        assert!(done.contains("Thank you for your question"), "{done}");
        assert_eq!(inbox(&app, &p.editor, "pending").await.len(), 1, "the question is kept");
        app.smtp.wait_for(ASKER, "We received your question").await;
    }

    async fn a_follow_up_sent_too_quickly_comes_back_to_be_sent_again(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mailbag.min_seconds_to_ask", 2))).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        let page = app.page(&format!("/mailbag/{slug}")).await;
        let follow_up = "And what about the five-day week, when did that arrive?";
        let send = |time: String| {
            let fields = [("csrf_token", csrf_field(&page)), ("time_token", time), ("name", "Bea Reader".into()),
                ("email", "bea@example.org".into()), ("body", follow_up.into()), ("website", String::new())];
            app.client.post(app.url(&format!("/mailbag/{slug}/followups"))).form(&fields).send()
        };
        let back = send(time_token(&page)).await.unwrap();
        assert_eq!(back.status(), 200);
        let back = back.text().await.unwrap();
        assert!(back.contains("That was quick — please check your follow-up and press Send again.") && back.contains(follow_up), "{back}");
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &p.editor, Value::Null).await;
        assert!(pending["items"].as_array().unwrap().is_empty(), "nothing is kept");

        actix_web::rt::time::sleep(Duration::from_millis(2100)).await;
        let sent = send(time_token(&back)).await.unwrap();
        assert_eq!(sent.status(), 303);
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &p.editor, Value::Null).await;
        assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    }

    async fn a_time_trap_token_made_up_offline_is_refused(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mailbag.min_seconds_to_ask", 2))).await;
        let p = people(&app).await;
        let form = app.page("/mailbag/ask").await;
        let csrf = csrf_field(&form);
        let send = |time_token: String| {
            let fields = vec![
                ("csrf_token", csrf.clone()), ("time_token", time_token), ("step", "send".into()),
                ("name", "Alfonso Hernandez".into()), ("email", ASKER.into()), ("topic", "History".into()),
                ("body", QUESTION.into()), ("website", String::new()),
            ];
            let request = app.client.post(app.url("/mailbag/ask")).form(&fields);
            async move { request.send().await.unwrap() }
        };
        // A bot knows its own CSRF cookie and the scheme; without the server's key it cannot sign.
        use sha2::Digest;
        let shown = chrono::Utc::now().timestamp() - 3600;
        let unkeyed = sha2::Sha256::digest(format!("tribune-time-trap:{shown}:{csrf}").as_bytes());
        let unkeyed: String = unkeyed.iter().take(12).map(|b| format!("{b:02x}")).collect();
        use base64::Engine;
        let random_tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([7u8; 16]);
        for forged in [format!("{shown}.{unkeyed}"), format!("{shown}.{random_tag}"), format!("{shown}.")] {
            let response = send(forged.clone()).await;
            assert_eq!(response.status(), 200, "{forged}");
            assert!(response.text().await.unwrap().contains("Thank you"), "the bot is thanked too");
        }
        assert!(inbox(&app, &p.editor, "pending").await.is_empty(), "but nothing is kept");

        // The token this server signed works, and on a second process of the same database too.
        let genuine = {
            let marker = r#"name="time_token" value=""#;
            let start = form.find(marker).unwrap() + marker.len();
            form[start..].split('"').next().unwrap().to_string()
        };
        let second = Server::launch(app.settings.clone(), app.db.clone());
        actix_web::rt::time::sleep(Duration::from_millis(2100)).await;
        let fields = [
            ("csrf_token", csrf.as_str()), ("time_token", genuine.as_str()), ("step", "send"),
            ("name", "Alfonso Hernandez"), ("email", ASKER), ("topic", "History"), ("body", QUESTION), ("website", ""),
        ];
        let response =
            app.client.post(format!("{}/mailbag/ask", second.base_url())).form(&fields).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(inbox(&app, &p.editor, "pending").await.len(), 1, "a person's question is kept");
    }

    async fn public_forms_send_one_mailbox_at_most_the_cap_of_messages(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.questions_per_ip", json!({"max": 100, "window_secs": 600})))
                .merge(("throttle.password_resets_per_ip", json!({"max": 100, "window_secs": 600})))
                .merge(("throttle.registrations_per_ip", json!({"max": 100, "window_secs": 600})))
                .merge(("throttle.subscriptions_per_ip", json!({"max": 100, "window_secs": 600})))
                .merge(("throttle.mail_per_recipient", json!({"max": 4, "window_secs": 3600})))
        })
        .await;
        let p = people(&app).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, common::CONVENTION, -1, 1000).await;
        const VICTIM: &str = "victim@example.org";
        app.create_user(VICTIM, &[Role::Member]);
        let spellings = [VICTIM, "Victim@Example.org", "victim+news@example.org"];
        let question = |email: &str| {
            json!({"name": "Someone Else", "email": email, "body": QUESTION, "topic": "History", "website": ""})
        };
        let other_forms = [
            ("/api/v1/auth/password-reset".to_string(), json!({"email": VICTIM}), 202),
            (
                "/api/v1/auth/register".to_string(),
                json!({"email": VICTIM, "password": "a long enough passphrase", "display_name": "X", "location": "Y"}),
                201,
            ),
            (format!("/api/v1/conventions/{}/subscribers", common::CONVENTION), json!({"email": VICTIM}), 202),
        ];
        // Three forms first, each sends its message; then twenty questions, of which one is receipted.
        for (path, body, status) in other_forms {
            assert_eq!(app.post_json(&path, &body).await.status(), status, "{path}");
        }
        for i in 0..20 {
            let email = spellings[i % spellings.len()];
            let response = app.post_json("/api/v1/mailbag/questions", &question(email)).await;
            assert_eq!(response.status(), 202, "the form answers as always");
        }
        // A mailbox at the cap still hears about what happens to its own question.
        let first = inbox(&app, &p.editor, "pending").await.into_iter().next().unwrap()["id"].as_i64().unwrap();
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{first}/answer"), &p.expert,
            json!({"body": "The eight-hour movement began in the 1860s.", "cosigners": []})).await;
        assert_eq!(status, 200);
        let (status, _) = app
            .call(Method::POST, &format!("/api/v1/mailbag/questions/{first}/publish"), &p.editor, json!({"headline": "Eight hours"}))
            .await;
        assert_eq!(status, 200);
        app.smtp.wait_for(VICTIM, "is answered").await;
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;

        let to_victim: Vec<String> = app
            .smtp
            .all()
            .into_iter()
            .filter(|m| spellings.iter().any(|s| s.eq_ignore_ascii_case(&m.to)))
            .map(|m| m.subject)
            .collect();
        let from_forms = to_victim.iter().filter(|s| !s.contains("is answered")).count();
        assert_eq!(from_forms, 4, "{to_victim:#?}");
        assert_eq!(to_victim.len(), 5, "{to_victim:#?}");
    }

    async fn questions_are_throttled_per_ip(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("throttle.questions_per_ip", json!({"max": 2, "window_secs": 600})))).await;
        for _ in 0..2 {
            assert_eq!(ask(&app, QUESTION, "").await.status(), 202);
        }
        let third = ask(&app, QUESTION, "").await;
        assert_eq!(third.status(), 429);
        assert!(third.headers().contains_key("retry-after"));
    }

    async fn a_throttled_question_comes_back_with_what_was_typed(backend) {
        let app = TestApp::spawn_with(backend, |f| f
            .merge(("throttle.questions_per_ip", json!({"max": 1, "window_secs": 600})))
            .merge(("mailbag.min_seconds_to_ask", 0))).await;
        assert_eq!(ask(&app, QUESTION, "").await.status(), 202);
        let form = app.page("/mailbag/ask").await;
        let response = app.client.post(app.url("/mailbag/ask")).form(&[
            ("csrf_token", csrf_field(&form).as_str()), ("time_token", time_token(&form).as_str()), ("step", "send"),
            ("name", "Cleo Reader"), ("email", "cleo@example.org"), ("topic", "History"), ("body", QUESTION), ("website", ""),
        ]).send().await.unwrap();
        assert_eq!(response.status(), 429);
        let page = response.text().await.unwrap();
        assert!(page.contains(r#"class="error problem" role="alert""#) && page.contains(QUESTION) && page.contains(r#"value="Cleo Reader""#), "{page}");
    }

    async fn behind_a_trusted_proxy_one_clients_questions_do_not_use_up_anothers_quota(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("server.trusted_proxies", json!(["127.0.0.1"])))
                .merge(("throttle.questions_per_ip", json!({"max": 2, "window_secs": 600})))
        })
        .await;
        let ask_as = |forwarded: &'static str| {
            let request = app.new_client().post(app.url("/api/v1/mailbag/questions")).header("Forwarded", forwarded).json(
                &json!({"name": "Alfonso Hernandez", "email": ASKER, "body": QUESTION, "topic": "History", "website": ""}),
            );
            async move { request.send().await.unwrap().status() }
        };
        for _ in 0..2 {
            assert_eq!(ask_as("for=\"[2001:db8::7]:4711\"").await, 202);
        }
        assert_eq!(ask_as("for=\"[2001:db8::7]:4712\"").await, 429, "the same client from another port");
        assert_eq!(ask_as("for=198.51.100.20;proto=https").await, 202, "another client has its own quota");
    }

    async fn question_lengths_and_fields_are_checked(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        for body in ["Too short to ask.".to_string(), "x".repeat(4001)] {
            let response = ask(&app, &body, "").await;
            assert_eq!(response.status(), 422);
            let json: Value = response.json().await.unwrap();
            assert!(json["error"]["fields"]["body"].is_array(), "{json}");
        }
        let response = app.post_json("/api/v1/mailbag/questions", &json!({"name": "", "email": "nope", "body": QUESTION, "topic": "Astrology"})).await;
        let json: Value = response.json().await.unwrap();
        for field in ["name", "email", "topic"] {
            assert!(json["error"]["fields"][field].is_array(), "{field}: {json}");
        }
        assert_eq!(ask(&app, &"y".repeat(4000), "").await.status(), 202, "4000 characters are fine");
        assert_eq!(inbox(&app, &p.editor, "pending").await.len(), 1);
    }

    async fn spam_and_rejected_questions_are_never_public(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        ask(&app, QUESTION, "").await;
        ask(&app, "Buy cheap watches online now at our wonderful shop!", "").await;
        let pending = inbox(&app, &p.editor, "pending").await;
        let (real, junk) = (pending[0]["id"].as_i64().unwrap(), pending[1]["id"].as_i64().unwrap());
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{junk}/spam"), &p.editor, json!({})).await;
        assert_eq!(status, 200);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{real}/reject"), &p.editor, json!({"reason": "Answered last month."})).await;
        assert_eq!(status, 200);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{real}/publish"), &p.editor, json!({"headline": "Should not publish"})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")));
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{junk}/answer"), &p.expert, json!({"body": "No."})).await;
        assert_eq!(status, 409);
        let list: Value = app.get("/api/v1/mailbag/questions").await.json().await.unwrap();
        assert!(list["items"].as_array().unwrap().is_empty());
        assert_eq!(inbox(&app, &p.editor, "spam").await.len(), 1);
        assert_eq!(inbox(&app, &p.editor, "rejected").await.len(), 1);
        let similar: Value = app.get("/api/v1/mailbag/similar?q=watches%20online%20eight-hour").await.json().await.unwrap();
        assert!(similar["items"].as_array().unwrap().is_empty());
    }

    async fn follow_ups_stay_hidden_until_an_editor_approves_them(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        for body in ["And what about the five-day week, when did that arrive?", "A second follow-up that the editors will not want."] {
            let response = app.post_json(&format!("/api/v1/mailbag/questions/{slug}/followups"),
                &json!({"name": "Bea Reader", "email": "bea@example.org", "body": body})).await;
            assert_eq!(response.status(), 202);
        }
        let thread: Value = app.get(&format!("/api/v1/mailbag/questions/{slug}")).await.json().await.unwrap();
        assert!(thread["followups"].as_array().unwrap().is_empty(), "nothing before approval");

        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &p.editor, Value::Null).await;
        let ids: Vec<i64> = pending["items"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), 2);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/followups/{}/approve", ids[0]), &p.editor, json!({})).await;
        assert_eq!(status, 204);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/followups/{}/reject", ids[1]), &p.editor, json!({})).await;
        assert_eq!(status, 204);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/followups/{}/approve", ids[1]), &p.editor, json!({})).await;
        assert_eq!(status, 409, "already moderated");
        let thread: Value = app.get(&format!("/api/v1/mailbag/questions/{slug}")).await.json().await.unwrap();
        let followups = thread["followups"].as_array().unwrap();
        assert_eq!(followups.len(), 1);
        assert_eq!(followups[0]["asker"], "Bea R.");
        let page = app.page(&format!("/mailbag/{slug}")).await;
        assert!(page.contains("five-day week") && !page.contains("will not want"));
        let missing = app.post_json("/api/v1/mailbag/questions/no-such-thread/followups",
            &json!({"name": "Bea", "email": "bea@example.org", "body": "A follow-up on nothing at all here."})).await;
        assert_eq!(missing.status(), 404);
    }

    async fn the_askers_address_appears_in_nothing_public(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let cast_admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&cast_admin, common::CONVENTION, -1, 1500).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        app.post_json(&format!("/api/v1/mailbag/questions/{slug}/followups"),
            &json!({"name": "Bea Reader", "email": ASKER, "body": "And what about the five-day week, when did that arrive?"})).await;
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &p.editor, Value::Null).await;
        let id = pending["items"][0]["id"].as_i64().unwrap();
        app.call(Method::POST, &format!("/api/v1/mailbag/followups/{id}/approve"), &p.editor, json!({})).await;
        for path in [
            "/".to_string(), "/mailbag".into(), format!("/mailbag/{slug}"), "/api/v1/mailbag/questions".into(),
            format!("/api/v1/mailbag/questions/{slug}"), "/api/v1/mailbag/similar?q=eight-hour%20law".into(),
            "/api/openapi.json".into(), format!("/conventions/{}/feed.atom", common::CONVENTION),
        ] {
            let body = app.get(&path).await.text().await.unwrap();
            assert!(!body.contains(ASKER) && !body.contains("alfonso.hernandez"), "{path} shows the address");
            assert!(!body.contains("Hernandez"), "{path} shows the full last name");
        }
        // Editors and experts do see it, to reply.
        let editor_view = inbox(&app, &p.editor, "published").await;
        assert_eq!(editor_view[0]["asker_email"], ASKER);
    }

    async fn the_form_shows_similar_published_questions_before_sending(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        let form = app.page("/mailbag/ask").await;
        assert!(form.contains(r#"<script src="/static/similar.js""#), "progressive enhancement as they type");
        let preview = app.client.post(app.url("/mailbag/ask")).form(&[
            ("csrf_token", csrf_field(&form).as_str()), ("step", "preview"), ("name", "Cleo"), ("email", "cleo@example.org"),
            ("topic", "History"), ("body", "Was the eight-hour day won by a strike or by a law?"),
        ]).send().await.unwrap();
        assert_eq!(preview.status(), 200);
        let html = preview.text().await.unwrap();
        assert!(html.contains("Questions like yours") && html.contains("Who won the eight-hour day?"), "{html}");
        assert!(html.contains("Was the eight-hour day won by a strike"), "the typed question is kept");
        let similar: Value = app.get("/api/v1/mailbag/similar?q=strike%20law%20eight-hour").await.json().await.unwrap();
        assert_eq!(similar["items"][0]["headline"], "Who won the eight-hour day?");
        assert_eq!(app.get("/static/similar.js").await.status(), 200);
    }

    async fn only_experts_answer_and_only_editors_decide(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        ask(&app, QUESTION, "").await;
        let id = inbox(&app, &p.editor, "pending").await[0]["id"].as_i64().unwrap();
        assert_eq!(app.call(Method::GET, "/api/v1/mailbag/inbox", &p.member, Value::Null).await.0, 403);
        assert_eq!(app.get("/api/v1/mailbag/inbox").await.status(), 401);
        assert_eq!(inbox(&app, &p.expert, "pending").await.len(), 1, "experts see the inbox");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.editor, json!({"body": "An editor's answer"})).await;
        assert_eq!(status, 403);
        app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert, json!({"body": "An expert's answer"})).await;
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), &p.expert, json!({"headline": "Experts cannot publish"})).await;
        assert_eq!(status, 403);
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert,
            json!({"body": "Co-signed by a non-expert", "cosigners": [p.member.user_id]})).await;
        assert_eq!((status, json["error"]["fields"]["cosigners"].is_array()), (422, true));
        // A list of co-signers longer than any answer needs is refused before any work.
        let many: Vec<i64> = (1..=1000).collect();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert,
            json!({"body": "Co-signed by a crowd", "cosigners": many})).await;
        assert_eq!((status, json["error"]["fields"]["cosigners"].is_array()), (422, true));
        assert_eq!(app.get("/mailbag/inbox").await.status(), 303, "signed out: sent to sign in");
    }

    async fn experts_and_editors_work_through_the_inbox_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        ask(&app, QUESTION, "").await;
        let id = inbox(&app, &p.editor, "pending").await[0]["id"].as_i64().unwrap();
        let page = app.as_user(Method::GET, "/mailbag/inbox", &p.expert).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(ASKER), "the inbox shows the address to experts");
        let answer = app.as_user(Method::POST, &format!("/mailbag/inbox/{id}/answer"), &p.expert)
            .form(&[("csrf_token", p.expert.csrf_token.as_str()), ("body", "It took decades of strikes."), (&format!("cosigner_{}", p.expert2_id), "on")])
            .send().await.unwrap();
        assert_eq!(answer.status(), 303);
        let publish = app.as_user(Method::POST, &format!("/mailbag/inbox/{id}/publish"), &p.editor)
            .form(&[("csrf_token", p.editor.csrf_token.as_str()), ("headline", "Decades of strikes")])
            .send().await.unwrap();
        assert_eq!(publish.status(), 303);
        let thread = app.page("/mailbag/decades-of-strikes").await;
        assert!(thread.contains("By expert") && !thread.contains("second.expert"), "{thread}");

        // The co-signer confirms from their inbox page.
        let inbox_page = app.as_user(Method::GET, "/mailbag/inbox", &p.expert2).send().await.unwrap().text().await.unwrap();
        assert!(inbox_page.contains("Co-signatures waiting for you") && inbox_page.contains("It took decades of strikes."), "{inbox_page}");
        let answer = cosignatures(&app, &p.expert2).await[0];
        assert!(inbox_page.contains(&format!("/mailbag/cosignatures/{answer}/confirm")));
        let confirm = app.as_user(Method::POST, &format!("/mailbag/cosignatures/{answer}/confirm"), &p.expert2)
            .form(&[("csrf_token", p.expert2.csrf_token.as_str())])
            .send().await.unwrap();
        let inbox_page = app.follow_as(confirm, &p.expert2).await;
        assert!(inbox_page.contains("Your signature is confirmed"), "the inbox says what the button did: {inbox_page}");
        let thread = app.page("/mailbag/decades-of-strikes").await;
        assert!(thread.contains("By expert and second.expert"), "{thread}");
    }

    async fn a_later_answer_is_shown_only_once_an_editor_approves_it(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        app.smtp.wait_for(ASKER, "Your question is answered").await;
        let id = inbox(&app, &p.editor, "published").await[0]["id"].as_i64().unwrap();
        let mut later = Vec::new();
        for body in ["A later answer about the **Haymarket** affair of 1886.", "A later answer the editors will turn down."] {
            let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert2, json!({"body": body})).await;
            assert_eq!((status, json["status"].as_str()), (200, Some("published")), "{json}");
            let answer = json["answers"].as_array().unwrap().last().unwrap().clone();
            assert_eq!(answer["status"], "pending", "{json}");
            later.push(answer["id"].as_i64().unwrap());
        }
        let (json, page) = public_thread(&app, &slug).await;
        assert_eq!(json["answers"].as_array().unwrap().len(), 1, "{json}");
        assert!(!page.contains("Haymarket") && !page.contains("turn down"), "{page}");
        let list: Value = app.get("/api/v1/mailbag/questions").await.json().await.unwrap();
        assert!(list["items"][0]["answer_excerpt"].as_str().unwrap().starts_with("The eight-hour movement"));

        // The editors see both waiting, in the API and on the inbox page; experts cannot decide.
        let (_, waiting) = app.call(Method::GET, "/api/v1/mailbag/answers", &p.editor, Value::Null).await;
        let waiting: Vec<i64> = waiting["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
        assert_eq!(waiting, later);
        let inbox_page = app.as_user(Method::GET, "/mailbag/inbox", &p.editor).send().await.unwrap().text().await.unwrap();
        assert!(inbox_page.contains(&format!("/mailbag/answers/{}/approve", later[0])) && inbox_page.contains("Haymarket"), "{inbox_page}");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{}/approve", later[0]), &p.expert, json!({})).await;
        assert_eq!(status, 403);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{}/reject", later[1]), &p.editor, json!({})).await;
        assert_eq!(status, 204);
        let approve = app.as_user(Method::POST, &format!("/mailbag/answers/{}/approve", later[0]), &p.editor)
            .form(&[("csrf_token", p.editor.csrf_token.as_str())])
            .send().await.unwrap();
        let inbox_page = app.follow_as(approve, &p.editor).await;
        assert!(inbox_page.contains("The answer is approved"), "the inbox says what the button did: {inbox_page}");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{}/approve", later[1]), &p.editor, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("invalid_transition")), "a rejected answer stays rejected");
        let (status, _) = app.call(Method::POST, "/api/v1/mailbag/answers/999999/approve", &p.editor, json!({})).await;
        assert_eq!(status, 404);

        let (json, page) = public_thread(&app, &slug).await;
        let answers = json["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 2, "{json}");
        assert!(answers[1]["body_html"].as_str().unwrap().contains("<strong>Haymarket</strong>"));
        assert_eq!(answers[1]["signed"], "By second.expert");
        assert!(page.contains("Haymarket") && !page.contains("turn down"), "{page}");
        let mail = app.smtp.wait_for(ASKER, "A new answer to your question").await;
        assert_eq!(mail.link("/mailbag/"), format!("/mailbag/{slug}"));
        let (_, waiting) = app.call(Method::GET, "/api/v1/mailbag/answers", &p.editor, Value::Null).await;
        assert!(waiting["items"].as_array().unwrap().is_empty());

        // An editor who is also an expert does not approve their own answer.
        let both = app.user_with("editor.expert@example.org", &[Role::Editor, Role::Expert]).await;
        let (_, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &both, json!({"body": "My own later answer."})).await;
        let own = json["answers"].as_array().unwrap().last().unwrap()["id"].as_i64().unwrap();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{own}/approve"), &both, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (403, Some("conflict_of_interest")), "{json}");
        assert!(!public_thread(&app, &slug).await.1.contains("My own later answer"));
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{own}/approve"), &p.editor, json!({})).await;
        assert_eq!(status, 204);
        assert!(public_thread(&app, &slug).await.1.contains("My own later answer"));
    }

    async fn a_cosigner_is_shown_only_after_confirming_and_never_after_declining(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let third = app.user_with("third.expert@example.org", &[Role::Expert]).await;
        let outsider = app.user_with("fourth.expert@example.org", &[Role::Expert]).await;
        assert_eq!(ask(&app, QUESTION, "").await.status(), 202);
        let id = inbox(&app, &p.editor, "pending").await[0]["id"].as_i64().unwrap();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert,
            json!({"body": "Signed by three, if they agree.", "cosigners": [p.expert2_id, third.user_id]})).await;
        assert_eq!(status, 200, "{json}");
        let answer = json["answers"][0]["id"].as_i64().unwrap();
        assert_eq!(json["answers"][0]["signed"], "By expert");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), &p.editor, json!({"headline": "Signed by three"})).await;
        assert_eq!(status, 200, "{json}");
        let slug = json["slug"].as_str().unwrap().to_string();

        let (json, page) = public_thread(&app, &slug).await;
        assert_eq!(json["answers"][0]["signed"], "By expert");
        assert_eq!(json["answers"][0]["experts"], json!(["expert"]));
        assert!(!page.contains("second.expert") && !page.contains("third.expert"), "{page}");
        let mail = app.smtp.wait_for("second.expert@example.org", "asks you to co-sign").await;
        assert_eq!(mail.link("/mailbag/inbox"), "/mailbag/inbox");
        app.smtp.wait_for("third.expert@example.org", "asks you to co-sign").await;
        assert_eq!(cosignatures(&app, &p.expert2).await, vec![answer]);
        assert!(cosignatures(&app, &outsider).await.is_empty());

        // Nobody confirms or declines another expert's co-signature.
        for decision in ["confirm", "decline"] {
            let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/{decision}"), &outsider, json!({})).await;
            assert_eq!(status, 404, "an expert not named on the answer");
            let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/{decision}"), &p.editor, json!({})).await;
            assert_eq!(status, 403, "an editor");
        }
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/confirm"), &p.expert, json!({})).await;
        assert_eq!(status, 409, "the author has signed already");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/sign"), &p.expert2, json!({})).await;
        assert_eq!(status, 404);
        let forged = app.as_user(Method::POST, &format!("/mailbag/cosignatures/{answer}/confirm"), &p.expert2)
            .form(&[("csrf_token", "forged")]).send().await.unwrap();
        assert_eq!(forged.status(), 403);
        assert_eq!(public_thread(&app, &slug).await.0["answers"][0]["signed"], "By expert");

        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/decline"), &third, json!({})).await;
        assert_eq!(status, 204);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/confirm"), &third, json!({})).await;
        assert_eq!(status, 409, "a declined co-signature stays declined");
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/cosignatures/{answer}/confirm"), &p.expert2, json!({})).await;
        assert_eq!(status, 204);
        assert!(cosignatures(&app, &p.expert2).await.is_empty());

        let (json, page) = public_thread(&app, &slug).await;
        assert_eq!(json["answers"][0]["signed"], "By expert and second.expert");
        assert!(page.contains("By expert and second.expert") && !page.contains("third.expert"), "{page}");
        let list = app.get("/api/v1/mailbag/questions").await.text().await.unwrap();
        assert!(!list.contains("third.expert"));
        // The inbox tells the editors who declined.
        let (_, q) = app.call(Method::GET, "/api/v1/mailbag/inbox?status=published", &p.editor, Value::Null).await;
        let signatures = q["items"][0]["answers"][0]["signatures"].to_string();
        assert!(signatures.contains("declined") && signatures.contains("third.expert"), "{signatures}");

        let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
        for path in ["/api/v1/mailbag/answers/{id}/{decision}", "/api/v1/mailbag/cosignatures/{id}/{decision}"] {
            let mut names: Vec<&str> = doc["paths"][path]["post"]["parameters"].as_array().unwrap_or_else(|| panic!("{path} undocumented"))
                .iter().map(|p| p["name"].as_str().unwrap()).collect();
            names.sort_unstable();
            assert_eq!(names, ["decision", "id"], "{path}");
        }
        for path in ["/api/v1/mailbag/answers", "/api/v1/mailbag/cosignatures"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
        }
    }

    async fn follow_ups_waiting_for_an_editor_name_and_link_their_thread_in_the_inbox(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        app.post_json(&format!("/api/v1/mailbag/questions/{slug}/followups"),
            &json!({"name": "Bea Reader", "email": "bea@example.org", "body": "And what about the five-day week, when did that arrive?"})).await;
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/followups", &p.editor, Value::Null).await;
        assert_eq!((pending["items"][0]["thread_slug"].as_str(), pending["items"][0]["thread_headline"].as_str()),
            (Some(slug.as_str()), Some("Who won the eight-hour day?")));
        let page = app.as_user(Method::GET, "/mailbag/inbox", &p.editor).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!(r#"On <a href="/mailbag/{slug}">Who won the eight-hour day?</a>"#)), "{page}");
        assert!(page.contains("Bea Reader &lt;bea@example.org&gt; asks: And what about the five-day week"), "{page}");
    }

    async fn an_approved_follow_up_waits_for_an_experts_answer_shown_under_it_once_approved(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        let follow_up = approved_follow_up(&app, &p.editor, &slug, "And what about the five-day week, when did that arrive?").await;
        let (thread, page) = public_thread(&app, &slug).await;
        let question = thread["id"].as_i64().unwrap();
        assert!(page.contains("Bea R. follows up:") && page.contains("Our experts have this follow-up; their answer will appear here."), "{page}");

        // Experts find it waiting for them, and answer it from the question's page.
        let (_, waiting) = app.call(Method::GET, "/api/v1/mailbag/followups/unanswered", &p.expert, Value::Null).await;
        assert_eq!(waiting["items"][0]["id"], follow_up, "{waiting}");
        let inbox_page = app.as_user(Method::GET, "/mailbag/inbox", &p.expert).send().await.unwrap().text().await.unwrap();
        assert!(inbox_page.contains("Follow-ups to answer")
            && inbox_page.contains(&format!(r#"href="/mailbag/inbox/{question}#followup-{follow_up}">Answer this follow-up"#)), "{inbox_page}");
        let question_page = app.as_user(Method::GET, &format!("/mailbag/inbox/{question}"), &p.expert).send().await.unwrap().text().await.unwrap();
        assert!(question_page.contains(&format!(r#"name="followup_id" value="{follow_up}""#)), "{question_page}");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{question}/answer"), &p.expert,
            json!({"body": "Not a follow-up of this thread.", "followup_id": 999_999})).await;
        assert_eq!((status, json["error"]["fields"]["followup_id"].is_array()), (422, true), "{json}");
        let empty = app.as_user(Method::POST, &format!("/mailbag/inbox/{question}/answer"), &p.expert)
            .form(&[("csrf_token", p.expert.csrf_token.as_str()), ("followup_id", &follow_up.to_string()), ("body", " ")])
            .send().await.unwrap();
        assert_eq!(empty.status(), 422);
        let empty = empty.text().await.unwrap();
        assert!(empty.contains(&format!(r#"<textarea id="answer-{follow_up}" name="body" rows="6" aria-invalid="true""#)),
            "the follow-up's own form shows the error: {empty}");
        let answered = app.as_user(Method::POST, &format!("/mailbag/inbox/{question}/answer"), &p.expert)
            .form(&[("csrf_token", p.expert.csrf_token.as_str()), ("followup_id", &follow_up.to_string()),
                ("body", "The five-day week spread in the *1930s*, first in the garment trades.")])
            .send().await.unwrap();
        assert_eq!(answered.status(), 303);
        let (_, waiting) = app.call(Method::GET, "/api/v1/mailbag/followups/unanswered", &p.expert, Value::Null).await;
        assert!(waiting["items"].as_array().unwrap().is_empty(), "answered, though not yet approved");
        assert!(!public_thread(&app, &slug).await.1.contains("garment trades"), "not before an editor approves it");

        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/answers", &p.editor, Value::Null).await;
        let answer = pending["items"][0]["id"].as_i64().unwrap();
        assert_eq!(pending["items"][0]["followup_id"], follow_up);
        let (status, _) = app.call(Method::POST, &format!("/api/v1/mailbag/answers/{answer}/approve"), &p.editor, json!({})).await;
        assert_eq!(status, 204);
        let (thread, page) = public_thread(&app, &slug).await;
        assert_eq!(thread["answers"].as_array().unwrap().len(), 1, "the question's own answers are unchanged");
        assert!(thread["followups"][0]["answers"][0]["body_html"].as_str().unwrap().contains("<em>1930s</em>"), "{thread}");
        let under = (page.find("five-day week"), page.find("garment trades"), page.find("Ask a follow-up question"));
        assert!(matches!(under, (Some(a), Some(b), Some(c)) if a < b && b < c), "the answer is under its follow-up: {page}");
        assert!(!page.contains("their answer will appear here"));
        let mail = app.smtp.wait_for("bea@example.org", "An answer to your follow-up question").await;
        assert_eq!(mail.link("/mailbag/"), format!("/mailbag/{slug}"));
    }

    async fn the_threads_see_all_answers_is_a_link_to_every_answered_question(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        let slug = published_thread(&app, &p.expert, p.expert2_id, &p.editor, QUESTION, "Who won the eight-hour day?").await;
        let page = app.page(&format!("/mailbag/{slug}")).await;
        assert!(page.contains(r#"<a href="/mailbag">See all answers</a>"#), "{page}");
        assert!(page.contains("<title>Who won the eight-hour day? · Mailbag · Tribune</title>"));
    }

    async fn listing_excerpts_keep_punctuation_against_emphasised_words(backend) {
        let app = TestApp::spawn(backend).await;
        let p = people(&app).await;
        assert_eq!(ask(&app, QUESTION, "").await.status(), 202);
        let id = inbox(&app, &p.editor, "pending").await[0]["id"].as_i64().unwrap();
        app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &p.expert,
            json!({"body": "The word comes from the Spanish *camarada*, first used of people **sharing** a room."})).await;
        app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), &p.editor, json!({"headline": "Where does comrade come from?"})).await;
        let expected = "The word comes from the Spanish camarada, first used of people sharing a room.";
        let list: Value = app.get("/api/v1/mailbag/questions").await.json().await.unwrap();
        assert_eq!(list["items"][0]["answer_excerpt"], expected);
        let page = app.page("/mailbag").await;
        assert!(page.contains(expected) && !page.contains("camarada ,"), "{page}");
    }
}
