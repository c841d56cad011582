//! The outbox: mail survives an SMTP outage, gives up into a dead letter an admin can retry, and
//! goes out once even with two servers sharing the database. An admin's test message says what
//! failed, in words, and the outbox keeps it. Mail that arrives: each message has its own bounce
//! address and a DKIM signature an independent verifier (dkimpy) accepts; bounces and complaints
//! in the shapes Postfix, Gmail and Outlook send suppress an address for all but account mail;
//! bulk mail waits behind one-off messages and keeps its pace.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;
use tribune::email::{OutgoingEmail, Purpose};

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

/// A message of `purpose` to `to`, queued as the domain queues one.
fn queue(app: &TestApp, key: &str, to: &str, purpose: Purpose) {
    let email = OutgoingEmail {
        idempotency_key: key.to_string(),
        to: to.to_string(),
        subject: format!("A notice from Tribune ({key})"),
        text: "Something happened.".into(),
        html: "<p>Something happened.</p>".into(),
        headers: Vec::new(),
        purpose,
    };
    tribune::email::enqueue(&mut app.db.connection().unwrap(), &email).unwrap();
}

/// The outbox row id of the message with idempotency key `key`.
fn outbox_id(app: &TestApp, key: &str) -> i64 {
    use diesel::prelude::*;
    use tribune::storage::schema::outbox;
    outbox::table
        .filter(outbox::idempotency_key.eq(key))
        .select(outbox::id)
        .first(&mut *app.db.connection().unwrap())
        .unwrap()
}

/// A sample bounce or complaint from `tests/mail`, about a message sent to `to` with bounce
/// address `bounce`.
fn sample(name: &str, bounce: &str, to: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mail").join(name)).unwrap();
    text.replace("{{BOUNCE}}", bounce).replace("{{RECIPIENT}}", to)
}

/// `tribune mail bounces --mbox <mbox>` against the test's database, `input` on standard input;
/// returns what it printed.
fn read_bounces(app: &TestApp, mbox: &str, input: &str) -> String {
    common::process::piped(&app.database.url, &["mail", "bounces", "--mbox", mbox], &[], input.as_bytes())
}

/// A Python with dkimpy, an independent DKIM verifier: the system's if it has one (Debian's
/// python3-dkim), else a virtualenv made once under target/ with dkimpy from PyPI.
fn python_with_dkimpy() -> PathBuf {
    static MADE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let system = PathBuf::from("python3");
    let has_dkim = |python: &Path| {
        std::process::Command::new(python).args(["-c", "import dkim"]).output().is_ok_and(|o| o.status.success())
    };
    if has_dkim(&system) {
        return system;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dkimpy-venv");
    let python = venv.join("bin/python");
    if !has_dkim(&python) {
        let made = std::process::Command::new("python3").args(["-m", "venv"]).arg(&venv).status().unwrap();
        assert!(made.success(), "python3 -m venv failed (install python3-venv, or python3-dkim)");
        let installed = std::process::Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "dkimpy==1.1.8"])
            .status()
            .unwrap();
        assert!(installed.success(), "pip install dkimpy failed (or install python3-dkim)");
    }
    python
}

/// Whether dkimpy finds `message`'s signature good, given the one TXT record `record` at `name`.
fn dkimpy_verifies(message: &[u8], name: &str, record: &str) -> bool {
    let dir = std::env::temp_dir().join(format!("tribune-dkim-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("message.eml");
    std::fs::write(&file, message).unwrap();
    let script = "import sys, dkim\n\
        message = open(sys.argv[1], 'rb').read()\n\
        def txt(name, timeout=5):\n    return sys.argv[3].encode() if name == sys.argv[2].encode() else None\n\
        print(dkim.verify(message, dnsfunc=txt))\n";
    let output = std::process::Command::new(python_with_dkimpy())
        .args(["-c", script])
        .arg(&file)
        .arg(format!("{name}."))
        .arg(record)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let said = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(
        output.status.success() && (said == "True" || said == "False"),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    said == "True"
}

on_both_backends! {
    async fn every_message_carries_its_own_bounce_address_and_a_dkim_signature_an_independent_verifier_accepts(backend) {
        let keys = std::env::temp_dir().join(format!("tribune-dkim-key-{}", rand::random::<u32>()));
        std::fs::create_dir_all(&keys).unwrap();
        let key = keys.join("dkim.pem");
        // OpenSSL 3 writes PKCS#8 ("BEGIN PRIVATE KEY"), as an operator's key will be.
        let made = std::process::Command::new("openssl").args(["genrsa", "-out"]).arg(&key).arg("2048").output().unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        let key_file = key.clone();
        let app = TestApp::spawn_with(backend, move |f| {
            f.merge(("mail.dkim_selector", "tribune"))
                .merge(("mail.dkim_domain", "tribune.test"))
                .merge(("mail.dkim_key_file", key_file))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        request_reset(&app, "ada@example.org").await;
        let email = app.smtp.wait_for("ada@example.org", "Reset").await;

        // Its bounces go to an address of its own, which names its outbox row.
        let id = outbox_id(&app, &{
            use diesel::prelude::*;
            use tribune::storage::schema::outbox;
            outbox::table.filter(outbox::recipient.eq("ada@example.org")).select(outbox::idempotency_key)
                .first::<String>(&mut *app.db.connection().unwrap()).unwrap()
        });
        let bounce = email.envelope_from.trim_matches(['<', '>']);
        let tag = bounce.strip_prefix(&format!("bounce+{id}-")).and_then(|rest| rest.strip_suffix("@tribune.test"));
        assert!(tag.is_some_and(|t| t.len() == 10 && t.chars().all(|c| c.is_ascii_hexdigit())), "{bounce}");
        assert!(email.headers.contains("DKIM-Signature: v=1; a=rsa-sha256; d=tribune.test; s=tribune;"), "{}", email.headers);

        // The record to publish, as `tribune mail dns-records` prints it for this configuration.
        let printed = std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
            .args(["mail", "dns-records"])
            .env("TRIBUNE_CONFIG_DIR", common::config_dir())
            .env("DATABASE_URL", &app.database.url)
            .env("TRIBUNE_SMTP_URL", app.smtp.url())
            .env("TRIBUNE_MAIL__FROM", "Tribune <tribune@tribune.test>")
            .env("TRIBUNE_MAIL__DKIM_SELECTOR", "tribune")
            .env("TRIBUNE_MAIL__DKIM_DOMAIN", "tribune.test")
            .env("TRIBUNE_MAIL__DKIM_KEY_FILE", &key)
            .output()
            .unwrap();
        let records = String::from_utf8_lossy(&printed.stdout).to_string();
        assert!(printed.status.success(), "{records}{}", String::from_utf8_lossy(&printed.stderr));
        assert!(records.contains("tribune.test. 3600 IN TXT \"v=spf1 ip4:127.0.0.1 ~all\""), "{records}");
        assert!(records.contains("_dmarc.tribune.test. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:postmaster@tribune.test\""), "{records}");
        let dkim_line = records.lines().find(|l| l.starts_with("tribune._domainkey.tribune.test. 3600 IN TXT ")).expect("the DKIM record");
        let record: String = dkim_line.split('"').skip(1).step_by(2).collect();
        assert!(record.starts_with("v=DKIM1; k=rsa; p=MIIBIjAN"), "{record}");

        // dkimpy, looking the key up in that record, finds the signature good; and bad once the
        // subject is changed on the way.
        assert!(dkimpy_verifies(&email.raw, "tribune._domainkey.tribune.test", &record), "the signature does not verify");
        let tampered = String::from_utf8_lossy(&email.raw).replacen("Subject: Reset", "Subject: Reser", 1);
        assert_ne!(tampered.as_bytes(), &email.raw[..]);
        assert!(!dkimpy_verifies(tampered.as_bytes(), "tribune._domainkey.tribune.test", &record), "a changed message verifies");
        let _ = std::fs::remove_dir_all(&keys);
    }

    async fn bounces_and_complaints_stop_all_but_account_mail_to_an_address_until_an_admin_clears_it(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let people = ["ada", "bob", "carol", "dave", "erin"];
        let mut bounce = std::collections::HashMap::new();
        for name in people {
            let to = format!("{name}@example.org");
            app.create_user(&to, &[Role::Member]);
            queue(&app, &format!("notice-{name}"), &to, Purpose::Personal);
            let sent = app.smtp.wait_for(&to, "A notice").await;
            bounce.insert(name, sent.envelope_from.trim_matches(['<', '>']).to_string());
        }

        // Postfix's bounce through the pipe, one message on standard input...
        let piped = read_bounces(&app, "-", &sample("postfix-user-unknown.eml", &bounce["ada"], "ada@example.org"));
        assert_eq!(piped.trim(), "message 1: hard bounce for ada@example.org: suppressed (550 5.1.1 <ada@example.org>: \
            Recipient address rejected: User unknown in virtual mailbox table)");
        // ...and the others in one mailbox file: Gmail's; Outlook's after a forwarder, which
        // carries none of our bounce addresses (its Final-Recipient could name anyone: a forger's
        // report looks the same, so it is not acted on); a delay warning; a complaint; and a
        // bounce about an address this site never wrote to.
        let mbox = [
            sample("gmail-no-such-user.eml", &bounce["bob"], "bob@example.org"),
            sample("outlook-recipient-not-found.eml", "", "carol@example.org"),
            sample("postfix-delayed.eml", &bounce["dave"], "dave@example.org"),
            sample("arf-complaint.eml", &bounce["erin"], "erin@example.org"),
            sample("outlook-recipient-not-found.eml", "", "stranger@example.org"),
        ]
        .iter()
        .map(|message| format!("From MAILER-DAEMON  Mon Dec  7 10:15:02 2026\n{message}\n"))
        .collect::<String>();
        let file = app.database.scratch_dir().join("bounces.mbox");
        std::fs::write(&file, mbox).unwrap();
        let read = read_bounces(&app, file.to_str().unwrap(), "");
        let lines: Vec<&str> = read.lines().collect();
        assert_eq!(lines.len(), 5, "{read}");
        assert!(lines[0].starts_with("message 1: hard bounce for bob@example.org: suppressed (550-5.1.1 The email account"), "{read}");
        assert_eq!(lines[1], "message 2: report about carol@example.org: it carries none of this site's bounce addresses, so it may be forged; ignored");
        assert!(lines[2].starts_with("message 3: soft bounce for dave@example.org: not suppressed"), "{read}");
        assert_eq!(lines[3], "message 4: complaint for erin@example.org: suppressed (abuse report via Microsoft JMRP/1.0)");
        assert_eq!(lines[4], "message 5: report about stranger@example.org: it carries none of this site's bounce addresses, so it may be forged; ignored");

        let (status, listed) = app.call(Method::GET, "/api/v1/admin/suppressions", &admin, json!(null)).await;
        assert_eq!(status, 200, "{listed}");
        let mut addresses: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|s| s["address"].as_str().unwrap()).collect();
        addresses.sort();
        assert_eq!(addresses, ["ada@example.org", "bob@example.org", "erin@example.org"]);
        let ada = listed["items"].as_array().unwrap().iter().find(|s| s["address"] == "ada@example.org").unwrap().clone();
        assert_eq!(ada["reason"], "bounce");
        assert_eq!(ada["outbox_id"], outbox_id(&app, "notice-ada"));
        let today = chrono::Utc::now().date_naive();
        let why = format!("hard bounce on {today}: 550 5.1.1 <ada@example.org>: Recipient address rejected: User unknown in virtual mailbox table");
        assert_eq!(ada["summary"], why.as_str());

        // A digest and a notice to suppressed addresses are set aside, saying why; a password
        // reset still goes out.
        queue(&app, "digest-ada", "ada@example.org", Purpose::Bulk);
        queue(&app, "decision-erin", "erin@example.org", Purpose::Personal);
        request_reset(&app, "ada@example.org").await;
        app.smtp.wait_for("ada@example.org", "Reset").await;
        let mut set_aside = json!(null);
        for _ in 0..300 {
            set_aside = app.call(Method::GET, "/api/v1/admin/outbox?status=suppressed", &admin, json!(null)).await.1;
            if set_aside["items"].as_array().is_some_and(|items| items.len() == 2) {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let digest = set_aside["items"].as_array().unwrap().iter().find(|m| m["recipient"] == "ada@example.org").expect("the digest set aside");
        assert_eq!(digest["last_error"], format!("not sent: address suppressed ({why})").as_str(), "{set_aside}");
        let to_ada = app.smtp.all().into_iter().filter(|m| m.to == "ada@example.org").count();
        assert_eq!(to_ada, 2, "the first notice and the reset, nothing else");
        assert!(app.smtp.all().iter().all(|m| m.to != "erin@example.org" || m.subject.contains("(notice-erin)")));

        // The admin page shows both, and clears ada with its form; erin is cleared through the API.
        let login = app.page("/login").await;
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
        let page = app.page("/admin").await;
        assert!(page.contains(&format!("<td>ada@example.org</td>\n<td>{}</td>", why.replace('<', "&#60;").replace('>', "&#62;"))), "{page}");
        assert!(page.contains("Not sent: address suppressed (hard bounce on"), "{page}");
        let cleared = app.submit("/admin/mail/suppressions/clear", &[("csrf_token", &csrf_field(&page)), ("address", "ada@example.org")]).await;
        assert_eq!(cleared.status(), 303);
        assert_eq!(cleared.headers()["location"], "/admin#suppressed");
        let (status, _) = app.call(Method::DELETE, "/api/v1/admin/suppressions/Erin@Example.org", &admin, json!(null)).await;
        assert_eq!(status, 204);
        let (status, _) = app.call(Method::DELETE, "/api/v1/admin/suppressions/erin@example.org", &admin, json!(null)).await;
        assert_eq!(status, 404, "cleared already");
        let (_, listed) = app.call(Method::GET, "/api/v1/admin/suppressions", &admin, json!(null)).await;
        assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");

        // Mail goes to ada again.
        queue(&app, "digest-ada-2", "ada@example.org", Purpose::Bulk);
        app.smtp.wait_for("ada@example.org", "(digest-ada-2)").await;
    }

    async fn a_password_reset_queued_behind_200_digest_messages_goes_out_ahead_of_them(backend) {
        let app = TestApp::spawn(backend).await;
        let message = |key: String, to: String, purpose: Purpose| OutgoingEmail {
            idempotency_key: key,
            to,
            subject: "30th National Convention: 3 new in the discussion".into(),
            text: "New in the discussion.".into(),
            html: "<p>New in the discussion.</p>".into(),
            headers: Vec::new(),
            purpose,
        };
        // The reset is queued last, in the same transaction as the digest: the worker sees all of
        // it at once, whatever the machine's speed.
        let mut conn = app.db.connection().unwrap();
        tribune::storage::write_transaction(&mut conn, |conn| -> Result<(), tribune::storage::StorageError> {
            for n in 0..200 {
                tribune::email::enqueue(conn, &message(format!("digest-{n}"), format!("reader{n}@example.org"), Purpose::Bulk))?;
            }
            tribune::email::enqueue(conn, &message("password-reset-1".into(), "ada@example.org".into(), Purpose::AccountSecurity))
        })
        .unwrap();
        drop(conn);
        app.smtp.wait_for("ada@example.org", "3 new").await;
        let before = app.smtp.all().iter().take_while(|m| m.to != "ada@example.org").count();
        assert_eq!(before, 0, "{before} digest messages went out before the reset");
    }

    async fn paced_bulk_mail_never_exceeds_its_rate_and_holds_back_no_reset(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mail.max_per_minute", 6))).await;
        app.create_user("ada@example.org", &[Role::Member]);
        for n in 0..30 {
            queue(&app, &format!("digest-{n}"), &format!("reader{n}@example.org"), Purpose::Bulk);
        }
        request_reset(&app, "ada@example.org").await;
        app.smtp.wait_for("ada@example.org", "Reset").await;
        app.smtp.wait_for("reader0@example.org", "(digest-0)").await;
        // Many passes later (the worker looks every 50 ms here), still no more than the minute's six.
        actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
        let digests = app.smtp.all().iter().filter(|m| m.to.starts_with("reader")).count();
        assert!((1..=6).contains(&digests), "{digests} bulk messages in under a minute at 6 a minute");
    }
    async fn the_admin_page_lists_the_newest_suppressions_and_clears_any_address_typed_in(backend) {
        use tribune::storage::suppressions::{self, SuppressionRow};
        let app = TestApp::spawn(backend).await;
        app.create_user("admin@example.org", &[Role::Admin]);
        let mut conn = app.db.connection().unwrap();
        let start = tribune::storage::now() - chrono::TimeDelta::days(200);
        for n in 0..103 {
            let row = SuppressionRow {
                address: format!("gone{n}@example.org"),
                reason: suppressions::BOUNCE.into(),
                diagnostic: "550 5.1.1 User unknown".into(),
                outbox_id: None,
                created_at: start + chrono::TimeDelta::days(n),
            };
            suppressions::insert(&mut conn, &row).unwrap();
        }
        drop(conn);
        let login = app.page("/login").await;
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
        let page = app.page("/admin").await;
        assert!(page.contains("The 100 most recent of 103 suppressed addresses"), "{page}");
        assert!(page.contains("gone102@example.org") && !page.contains("<td>gone0@example.org</td>"), "the oldest is not listed");

        // The oldest, not listed, is cleared by typing it.
        let csrf = csrf_field(&page);
        let cleared = app.submit("/admin/mail/suppressions/clear", &[("csrf_token", &csrf), ("address", " Gone0@Example.org ")]).await;
        assert_eq!(cleared.status(), 303);
        let mut conn = app.db.connection().unwrap();
        assert_eq!(suppressions::count(&mut conn).unwrap(), 102);
        assert!(suppressions::find(&mut conn, "gone0@example.org").unwrap().is_none());
        drop(conn);

        // An address not on the list, and none at all, are said beside the field, which keeps
        // what was typed; nothing changes.
        let refused = app.submit("/admin/mail/suppressions/clear", &[("csrf_token", &csrf), ("address", "gnoe1@example.org")]).await;
        assert_eq!(refused.status(), 422);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(r#"id="suppressed-address-error">is not suppressed: mail goes to it already (check the spelling)"#), "{refused}");
        assert!(refused.contains(r#"value="gnoe1@example.org""#), "the typed address is kept");
        let empty = app.submit("/admin/mail/suppressions/clear", &[("csrf_token", &csrf), ("address", "  ")]).await;
        assert_eq!(empty.status(), 422);
        assert!(empty.text().await.unwrap().contains("is required: the address to send to again"));
        assert_eq!(suppressions::count(&mut app.db.connection().unwrap()).unwrap(), 102);
    }
}
