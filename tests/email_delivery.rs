//! The outbox: mail survives an SMTP outage, gives up into a dead letter an admin can retry, and
//! goes out once even with two servers sharing the database. An admin's test message says what
//! failed, in words, and the outbox keeps it.

mod common;

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;

use common::{PASSWORD, Server, TestApp, csrf_field};

async fn request_reset(app: &TestApp, email: &str) {
    let response = app.post_json("/api/v1/auth/password-reset", &json!({ "email": email })).await;
    assert_eq!(response.status(), 202, "the request succeeds whatever the mail server does");
}

on_both_backends! {
    async fn mail_queued_while_smtp_is_down_is_delivered_when_it_returns(backend) {
        let app = TestApp::spawn_with_smtp_down(backend, |f| f.merge(("mail.max_attempts", 50))).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        request_reset(&app, "admin@example.org").await;

        // The worker tries, fails, and keeps the message pending with the error.
        let mut pending = json!(null);
        for _ in 0..100 {
            pending = app.as_user(Method::GET, "/api/v1/admin/outbox?status=pending", &admin).send().await.unwrap().json().await.unwrap();
            if pending["items"][0]["attempts"].as_i64().unwrap_or(0) >= 1 && !pending["items"][0]["last_error"].is_null() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(pending["items"][0]["last_error"].is_string(), "{pending}");
        assert!(app.smtp.all().is_empty());

        app.smtp.start();
        let email = app.smtp.wait_for("admin@example.org", "Reset").await;
        assert!(email.text.contains("/password-reset/confirm?token="));
    }

    async fn mail_past_its_attempts_becomes_a_dead_letter_that_an_admin_can_retry(backend) {
        let app = TestApp::spawn_with_smtp_down(backend, |f| f.merge(("mail.max_attempts", 2)).merge(("mail.backoff_base_secs", 0))).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        request_reset(&app, "admin@example.org").await;

        let mut dead = json!(null);
        for _ in 0..200 {
            dead = app.as_user(Method::GET, "/api/v1/admin/outbox", &admin).send().await.unwrap().json().await.unwrap();
            if !dead["items"].as_array().unwrap().is_empty() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let letter = &dead["items"][0];
        assert_eq!(letter["status"], "dead", "{dead}");
        assert_eq!(letter["attempts"], 2);
        assert!(letter["last_error"].is_string());
        let id = letter["id"].as_i64().unwrap();

        // The admin page shows it too.
        let page = app.as_user(Method::GET, "/admin", &admin).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Reset your Tribune password"), "{page}");

        app.smtp.start();
        let retry = app.as_user(Method::POST, &format!("/api/v1/admin/outbox/{id}/retry"), &admin).send().await.unwrap();
        assert_eq!(retry.status(), 204);
        app.smtp.wait_for("admin@example.org", "Reset").await;
        let again = app.as_user(Method::POST, &format!("/api/v1/admin/outbox/{id}/retry"), &admin).send().await.unwrap();
        assert_eq!(again.status(), 409, "only a dead letter can be retried");
    }

    async fn two_servers_deliver_each_message_once(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.password_resets_per_ip", json!({"max": 100, "window_secs": 60})))
        })
        .await;
        let second = Server::launch(app.settings.clone(), app.db.clone());
        for i in 0..12 {
            app.create_user(&format!("u{i}@example.org"), &[Role::Member]);
            request_reset(&app, &format!("u{i}@example.org")).await;
        }
        for i in 0..12 {
            app.smtp.wait_for(&format!("u{i}@example.org"), "Reset").await;
        }
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let all = app.smtp.all();
        let mut ids: Vec<&str> = all.iter().map(|m| m.message_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(all.len(), 12, "each message delivered once");
        assert_eq!(ids.len(), 12, "distinct Message-IDs");
        drop(second);
    }

    async fn without_smtp_mail_is_written_as_eml_files(backend) {
        let dir = std::env::temp_dir().join(format!("tribune-mail-{}", rand::random::<u32>()));
        let mail_dir = dir.clone();
        let app = TestApp::spawn_with(backend, move |f| f.merge(("smtp_url", "")).merge(("mail_dir", mail_dir))).await;
        app.create_user("ada@example.org", &[Role::Member]);
        request_reset(&app, "ada@example.org").await;
        let mut files = Vec::new();
        for _ in 0..100 {
            files = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
            if files.iter().any(|p| p.extension().is_some_and(|e| e == "eml")) {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let eml = files.iter().find(|p| p.extension().is_some_and(|e| e == "eml")).expect("an .eml file");
        let raw = std::fs::read(eml).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.subject(), Some("Reset your Tribune password"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    async fn addresses_differing_only_by_dots_underscores_or_plus_get_one_file_each_and_no_log_names_them(backend) {
        // The binary as an operator runs it, so its log is the real one.
        let database = common::TestDatabase::create(backend);
        let dir = database.scratch_dir();
        let mail_dir = dir.join("mail");
        let port = common::process::free_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
            .arg("serve")
            .current_dir(&dir)
            .env("DATABASE_URL", &database.url)
            .env("TRIBUNE_LISTEN", format!("127.0.0.1:{port}"))
            .env("TRIBUNE_CONFIG_DIR", common::config_dir())
            .env("TRIBUNE_MAIL_DIR", &mail_dir)
            .env("TRIBUNE_SMTP_URL", "")
            .env("TRIBUNE_MAIL__POLL_INTERVAL_MS", "50")
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let mut up = false;
        for _ in 0..300 {
            if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
                up = true;
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        let addresses = ["jo.e@example.org", "jo_e@example.org", "jo+e@example.org", "joe@example.org", "j.o_e@example.org"];
        if up {
            for address in addresses {
                let response = client
                    .post(format!("{base}/api/v1/auth/register"))
                    .json(&json!({"email": address, "password": common::PASSWORD, "display_name": "Jo", "location": "Here"}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201, "{address}");
            }
            for _ in 0..200 {
                let written = std::fs::read_dir(&mail_dir)
                    .map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|e| e == "eml")).count())
                    .unwrap_or_default();
                if written >= addresses.len() {
                    break;
                }
                actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            }
            // A little longer, so a file that would overwrite another has its chance to.
            actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        }
        std::process::Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
        let output = child.wait_with_output().unwrap();
        let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(up, "tribune serve did not start: {log}");

        let files: Vec<_> = std::fs::read_dir(&mail_dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        assert_eq!(files.len(), addresses.len(), "one file per message: {files:?}");
        let mut recipients: Vec<String> = files
            .iter()
            .map(|path| {
                let raw = std::fs::read(path).unwrap();
                let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
                message.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap().to_string()
            })
            .collect();
        recipients.sort();
        let mut expected: Vec<String> = addresses.iter().map(|a| a.to_string()).collect();
        expected.sort();
        assert_eq!(recipients, expected);

        assert_eq!(log.matches("outbox: delivered").count(), addresses.len(), "{log}");
        assert!(!log.contains("@example.org"), "a log line names a recipient:\n{log}");
    }

    async fn the_smtp_server_going_away_during_traffic_loses_no_mail(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.password_resets_per_ip", json!({"max": 100, "window_secs": 60})))
                .merge(("mail.max_attempts", 50))
                .merge(("mail.backoff_base_secs", 0))
        })
        .await;
        let addresses: Vec<String> = (0..12).map(|i| format!("t{i}@example.org")).collect();
        for address in &addresses {
            app.create_user(address, &[Role::Member]);
        }
        for (n, address) in addresses.iter().enumerate() {
            if n == 4 {
                app.smtp.set_refusing(true);
            }
            if n == 8 {
                app.smtp.set_refusing(false);
            }
            request_reset(&app, address).await;
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        for address in &addresses {
            app.smtp.wait_for(address, "Reset").await;
        }
        let all = app.smtp.all();
        assert_eq!(all.len(), addresses.len(), "every message once, none lost");
        use diesel::prelude::*;
        use tribune::storage::schema::outbox;
        let retried: i64 =
            outbox::table.filter(outbox::attempts.gt(1)).count().get_result(&mut *app.db.connection().unwrap()).unwrap();
        assert!(retried > 0, "some messages met the server while it was away and were tried again");
    }

    async fn a_test_message_to_an_unreachable_smtp_server_says_why_on_the_page_in_the_api_and_in_the_outbox(backend) {
        let app = TestApp::spawn_with_smtp_down(backend, |f| f).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let editor = app.user_with("editor@example.org", &[Role::Editor]).await;
        let port = app.smtp.port;
        let refused = format!("could not connect to 127.0.0.1:{port}: connection refused");

        let doc: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
        assert!(doc["paths"]["/api/v1/admin/mail"]["get"].is_object() && doc["paths"]["/api/v1/admin/mail/test"]["post"].is_object());

        // The API names the transport (no password to hide here) and where a test goes by default.
        let (status, mail) = app.call(Method::GET, "/api/v1/admin/mail", &admin, json!(null)).await;
        assert_eq!(status, 200, "{mail}");
        assert_eq!(mail["transport"]["description"], format!("SMTP to 127.0.0.1:{port} without signing in (unencrypted)"));
        assert_eq!(mail["test_recipient"], "admin@example.org");

        // The test fails, and the answer says why, in words: an outcome, not a 5xx.
        let (status, test) = app.call(Method::POST, "/api/v1/admin/mail/test", &admin, json!({})).await;
        assert_eq!(status, 200, "{test}");
        assert_eq!(test["result"], "failed", "{test}");
        assert_eq!(test["error"], refused.as_str());
        assert_eq!(test["to"], "admin@example.org");
        let id = test["outbox_id"].as_i64().unwrap();

        // A typed address that is not one is refused beside its field, and nothing is queued.
        let (status, bad) = app.call(Method::POST, "/api/v1/admin/mail/test", &admin, json!({"to": "not an address"})).await;
        assert_eq!(status, 422, "{bad}");
        assert!(bad["error"]["fields"]["to"].is_array(), "{bad}");
        // Nobody but an admin may send one.
        let (status, _) = app.call(Method::POST, "/api/v1/admin/mail/test", &editor, json!({})).await;
        assert_eq!(status, 403);

        // The outbox keeps it as a dead letter with that error, and the worker (which polls every
        // 50 ms here) leaves it alone: one attempt, the button's.
        actix_web::rt::time::sleep(Duration::from_millis(400)).await;
        let (_, dead) = app.call(Method::GET, "/api/v1/admin/outbox?status=dead", &admin, json!(null)).await;
        let items = dead["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "only the test message, not the refused one: {dead}");
        assert_eq!(items[0]["id"], id);
        assert_eq!(items[0]["attempts"], 1, "{dead}");
        assert_eq!(items[0]["last_error"], refused.as_str());
        assert_eq!(items[0]["subject"], "Test message from Tribune");

        // The page: the transport, the button, and the outcome beside it after pressing it.
        let login = app.page("/login").await;
        let signed_in = app
            .submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "admin@example.org"), ("password", PASSWORD)])
            .await;
        assert_eq!(signed_in.status(), 303);
        let page = app.page("/admin").await;
        assert!(page.contains(&format!("SMTP to 127.0.0.1:{port} without signing in (unencrypted)")), "{page}");
        assert!(page.contains(r#"name="to" type="email" autocomplete="email" value="admin@example.org""#), "{page}");
        assert!(page.contains("Send a test message</button>"), "{page}");
        let pressed = app.submit("/admin/mail/test", &[("csrf_token", &csrf_field(&page)), ("to", " Ops@Example.org ")]).await;
        assert_eq!(pressed.status(), 303);
        let to = pressed.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/admin?mail_test="), "{to}");
        let page = app.page(&to).await;
        assert!(page.contains("The test message could not be sent: the reason is under Mail."), "{page}");
        assert!(page.contains(&format!("Not sent to ops@example.org: {refused}.")), "{page}");
        // ... and in the list of recent messages and of undelivered mail.
        assert!(page.contains(&format!("Failed after 1 attempt: {refused}")), "{page}");
        assert_eq!(page.matches(&format!("<td>{refused}</td>")).count(), 2, "both tests are undelivered mail: {page}");

        // The address may hold anything: a number that is no test message shows no outcome, and
        // what is no number is a 4xx.
        let other = app.page("/admin?mail_test=999999").await;
        assert!(!other.contains("mail-test-result"), "{other}");
        let garbled = app.get("/admin?mail_test=abc").await.status();
        assert!(garbled.is_client_error(), "{garbled}");

        // An address that is not one comes back beside the field, as typed.
        let refused_form = app.submit("/admin/mail/test", &[("csrf_token", &csrf_field(&page)), ("to", "nobody")]).await;
        assert_eq!(refused_form.status(), 422);
        let page = refused_form.text().await.unwrap();
        assert!(page.contains(r#"value="nobody" aria-invalid="true" aria-describedby="mail-test-to-error""#), "{page}");
        assert!(page.contains("must be an email address"), "{page}");

        // An editor's post of the form is refused like every admin action.
        let editor_post = app
            .as_user(Method::POST, "/admin/mail/test", &editor)
            .form(&[("csrf_token", editor.csrf_token.as_str()), ("to", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(editor_post.status(), 403);
        let (_, all) = app.call(Method::GET, "/api/v1/admin/outbox?status=dead", &admin, json!(null)).await;
        assert_eq!(all["items"].as_array().unwrap().len(), 2, "nothing queued by refused posts: {all}");
        assert!(app.smtp.all().is_empty());
    }

    async fn with_mail_written_as_files_a_test_message_is_written_signed_with_the_sites_name_and_the_admin_is_told_nothing_is_delivered(backend) {
        let dir = std::env::temp_dir().join(format!("tribune-mail-{}", rand::random::<u32>()));
        let mail_dir = dir.clone();
        let app = TestApp::spawn_with(backend, move |f| f.merge(("smtp_url", "")).merge(("mail_dir", mail_dir))).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let absolute = std::fs::canonicalize(&dir).unwrap();
        let (status, mail) = app.call(Method::GET, "/api/v1/admin/mail", &admin, json!(null)).await;
        assert_eq!(status, 200, "{mail}");
        assert_eq!(mail["transport"]["kind"], "files");
        assert_eq!(mail["transport"]["description"], format!("Written as files to {}: nothing is delivered", absolute.display()));
        assert_eq!(mail["transport"]["delivers"], false);

        // The test message carries the site's name, like every other message.
        let site = json!({"title": "Riverside Tribune", "organisation": "Riverside Socialists", "footer": "", "calls_to_action": []});
        let (status, saved) = app.call(Method::PUT, "/api/v1/admin/site", &admin, site).await;
        assert_eq!(status, 200, "{saved}");
        let (status, test) = app.call(Method::POST, "/api/v1/admin/mail/test", &admin, json!({"to": "Ops@Example.org"})).await;
        assert_eq!(status, 200, "{test}");
        assert_eq!(test["result"], "sent", "{test}");
        assert_eq!(test["to"], "ops@example.org");
        let id = test["outbox_id"].as_i64().unwrap();
        let file = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{id:010}-mail-test-")))
            .expect("the test message's file");
        let raw = std::fs::read(file).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.subject(), Some("Test message from Riverside Tribune"));
        let text = message.body_text(0).unwrap();
        assert!(text.contains("mail from Riverside Tribune reaches this address"), "{text}");
        assert!(text.contains("Riverside Tribune, the convention discussion of Riverside Socialists"), "{text}");
        let (_, recent) = app.call(Method::GET, "/api/v1/admin/mail", &admin, json!(null)).await;
        assert_eq!(recent["recent"][0]["id"], id);
        assert_eq!(recent["recent"][0]["status"], "sent", "{recent}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
