//! Accounts over the JSON API: registration and verification by real email, sign-in sessions,
//! sign-out, password reset, throttling, roles, and CSRF protection of cookie sessions.

mod common;

use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;

use common::{PASSWORD, Server, TestApp, error_code};

async fn register(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/register",
        &json!({"email": email, "password": password, "display_name": "Rosa Member", "location": "Chicago"}),
    )
    .await
}

/// Sends every request concurrently; the statuses in the order given.
async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<u16> {
    let running: Vec<_> = requests.into_iter().map(|request| actix_web::rt::spawn(request.send())).collect();
    let mut statuses = Vec::new();
    for handle in running {
        statuses.push(handle.await.expect("the request task").expect("the server answers").status().as_u16());
    }
    statuses
}

on_both_backends! {
    async fn registration_sends_a_verification_link_that_verifies(backend) {
        let app = TestApp::spawn(backend).await;
        let response = register(&app, "Rosa@Example.org", PASSWORD).await;
        assert_eq!(response.status(), 201);

        let email = app.smtp.wait_for("rosa@example.org", "Confirm your email").await;
        assert!(email.html.contains("/verify?token="), "{}", email.html);
        let me = app.sign_in("rosa@example.org", PASSWORD).await;
        let before: serde_json::Value = app.as_user(Method::GET, "/api/v1/me", &me).send().await.unwrap().json().await.unwrap();
        assert_eq!(before["email_verified"], false);
        assert_eq!(before["roles"], json!(["member"]));

        // Following the link from the email verifies the address.
        let page = app.get(&email.link("/verify")).await;
        assert_eq!(page.status(), 200);
        let after: serde_json::Value = app.as_user(Method::GET, "/api/v1/me", &me).send().await.unwrap().json().await.unwrap();
        assert_eq!(after["email_verified"], true);

        // The token is single-use.
        let again = app.post_json("/api/v1/auth/verify", &json!({"token": email.token("/verify")})).await;
        assert_eq!(again.status(), 422);
        assert_eq!(error_code(again).await, "invalid");
    }

    async fn verification_token_works_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        register(&app, "api@example.org", PASSWORD).await;
        let email = app.smtp.wait_for("api@example.org", "Confirm").await;
        let response = app.post_json("/api/v1/auth/verify", &json!({"token": email.token("/verify")})).await;
        assert_eq!(response.status(), 200);
        let bogus = app.post_json("/api/v1/auth/verify", &json!({"token": "not-a-token"})).await;
        assert_eq!(bogus.status(), 422);
    }

    async fn registration_reports_every_bad_field_and_stores_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .post_json("/api/v1/auth/register", &json!({"email": "not an address", "password": "short", "location": ""}))
            .await;
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        let fields = &body["error"]["fields"];
        for field in ["email", "password", "display_name", "location"] {
            assert!(fields[field].is_array(), "{field} missing in {body}");
        }
        let common = register(&app, "x@example.org", "qwertyuiop").await;
        assert_eq!(common.status(), 422, "a common password is refused");
        let body: serde_json::Value = common.json().await.unwrap();
        assert!(body["error"]["fields"]["password"][0].as_str().unwrap().contains("common"));
        let long = register(&app, "x@example.org", &"p".repeat(129)).await;
        assert_eq!(long.status(), 422);
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(app.smtp.all().is_empty(), "no mail for refused registrations");
    }

    async fn registering_a_taken_address_answers_the_same_and_tells_its_owner(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("taken@example.org", &[Role::Member]);
        let response = register(&app, "TAKEN@example.org", "another long passphrase").await;
        assert_eq!(response.status(), 201, "no hint that the address is known");
        let notice = app.smtp.wait_for("taken@example.org", "already have").await;
        assert!(notice.text.contains("/password-reset"), "{}", notice.text);
        // The original password still works; no second account appeared.
        app.sign_in("taken@example.org", PASSWORD).await;
        let failed = app
            .post_json("/api/v1/auth/login", &json!({"email": "taken@example.org", "password": "another long passphrase"}))
            .await;
        assert_eq!(failed.status(), 401);
    }

    async fn sign_in_refuses_wrong_password_and_unknown_address_alike(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        for (email, password) in [("ada@example.org", "wrong password!"), ("nobody@example.org", PASSWORD), ("", "")] {
            let response = app.post_json("/api/v1/auth/login", &json!({"email": email, "password": password})).await;
            assert_eq!(response.status(), 401, "{email}");
            assert_eq!(error_code(response).await, "invalid_credentials");
        }
    }

    async fn session_works_by_bearer_and_by_cookie_and_sign_out_revokes_it(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let response = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": PASSWORD})).await;
        assert_eq!(response.status(), 200);
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("tribune_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain-http public URL: no Secure flag");
        let body: serde_json::Value = response.json().await.unwrap();
        let token = body["token"].as_str().unwrap().to_string();
        let csrf = body["csrf_token"].as_str().unwrap().to_string();
        assert_eq!(body["user"]["email"], "ada@example.org");

        // The cookie (kept by the client) authenticates reads...
        let me = app.get("/api/v1/me").await;
        assert_eq!(me.status(), 200);
        // ...and a bearer token does too.
        let bearer = app.new_client().get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(bearer.status(), 200);

        // Sign out with the cookie needs the CSRF header.
        let forged = app.client.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
        assert_eq!(forged.status(), 403);
        assert_eq!(error_code(forged).await, "csrf_failed");
        let out = app.client.post(app.url("/api/v1/auth/logout")).header("X-CSRF-Token", &csrf).send().await.unwrap();
        assert_eq!(out.status(), 204);

        // The session is gone for both ways of presenting it.
        let after = app.new_client().get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(after.status(), 401);
        assert_eq!(error_code(after).await, "unauthenticated");
    }

    async fn sessions_survive_a_restart_of_the_server(backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.user_with("ada@example.org", &[Role::Member]).await;
        // A second server on the same database (another process, or the same after a restart).
        let settings = (*app.settings).clone();
        let running = Server::launch(std::sync::Arc::new(settings), app.db.clone());
        let response = app
            .new_client()
            .get(format!("{}/api/v1/me", running.base_url()))
            .bearer_auth(&ada.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    async fn password_reset_link_sets_a_new_password_and_revokes_other_sessions(backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.user_with("ada@example.org", &[Role::Member]).await;
        let response = app.post_json("/api/v1/auth/password-reset", &json!({"email": "ADA@example.org"})).await;
        assert_eq!(response.status(), 202);
        let email = app.smtp.wait_for("ada@example.org", "Reset your").await;
        let link = email.link("/password-reset/confirm");
        assert!(email.text.contains("60 minutes"), "{}", email.text);

        // The page behind the link shows the form.
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);

        let token = email.token("/password-reset/confirm");
        let weak = app.post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "password": "short"})).await;
        assert_eq!(weak.status(), 422);
        let done = app
            .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "password": "a brand new passphrase"}))
            .await;
        assert_eq!(done.status(), 200);

        // Old session revoked, old password refused, new one accepted, token spent.
        let me = app.as_user(Method::GET, "/api/v1/me", &ada).send().await.unwrap();
        assert_eq!(me.status(), 401);
        let old = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": PASSWORD})).await;
        assert_eq!(old.status(), 401);
        app.sign_in("ada@example.org", "a brand new passphrase").await;
        let reuse = app
            .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "password": "yet another passphrase"}))
            .await;
        assert_eq!(reuse.status(), 422);
    }

    async fn a_new_password_ends_every_other_reset_link(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("ada@example.org", &[Role::Member]);
        for _ in 0..2 {
            let response = app.post_json("/api/v1/auth/password-reset", &json!({"email": "ada@example.org"})).await;
            assert_eq!(response.status(), 202);
        }
        let mut tokens = Vec::new();
        for _ in 0..50 {
            tokens = app
                .smtp
                .all()
                .iter()
                .filter(|m| m.to == "ada@example.org" && m.subject.contains("Reset"))
                .map(|m| m.token("/password-reset/confirm"))
                .collect();
            if tokens.len() == 2 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(tokens.len(), 2, "two reset links mailed");
        assert_ne!(tokens[0], tokens[1]);
        let used = app
            .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": tokens[1], "password": "a brand new passphrase"}))
            .await;
        assert_eq!(used.status(), 200);
        let stale = app
            .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": tokens[0], "password": "an attacker's passphrase"}))
            .await;
        assert_eq!(stale.status(), 422);
        let body: serde_json::Value = stale.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid");
        assert!(body["error"]["fields"]["token"].is_array(), "{body}");
        // The form behind the stale link refuses it the same way.
        let form = app.page(&format!("/password-reset/confirm?token={}", tokens[0])).await;
        let csrf = common::csrf_field(&form);
        let page = app
            .submit(
                "/password-reset/confirm",
                &[("csrf_token", csrf.as_str()), ("token", tokens[0].as_str()), ("password", "an attacker's passphrase")],
            )
            .await;
        assert_eq!(page.status(), 422);
        assert!(page.text().await.unwrap().contains("not valid any more"));
        app.sign_in("ada@example.org", "a brand new passphrase").await;
    }

    async fn password_reset_answers_the_same_for_unknown_addresses(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.post_json("/api/v1/auth/password-reset", &json!({"email": "ghost@example.org"})).await;
        assert_eq!(response.status(), 202);
        let body: serde_json::Value = response.json().await.unwrap();
        app.create_user("real@example.org", &[Role::Member]);
        let known: serde_json::Value =
            app.post_json("/api/v1/auth/password-reset", &json!({"email": "real@example.org"})).await.json().await.unwrap();
        assert_eq!(body, known, "identical answers");
        app.smtp.wait_for("real@example.org", "Reset").await;
        assert!(app.smtp.all().iter().all(|m| m.to != "ghost@example.org"));
    }

    async fn repeated_login_failures_are_throttled_per_account_with_retry_after(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_account", json!({"max": 3, "window_secs": 600})))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        for _ in 0..3 {
            let response = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": "wrong wrong wrong"})).await;
            assert_eq!(response.status(), 401);
        }
        // Now even the right password is refused until the window ends.
        let response = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": PASSWORD})).await;
        assert_eq!(response.status(), 429);
        let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry_after > 0 && retry_after <= 600, "{retry_after}");
        assert_eq!(error_code(response).await, "throttled");
        // Another account from the same address is not locked by this one's failures.
        app.create_user("bob@example.org", &[Role::Member]);
        app.sign_in("bob@example.org", PASSWORD).await;
    }

    async fn login_failures_are_throttled_per_ip_across_accounts(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_ip", json!({"max": 4, "window_secs": 600})))
        })
        .await;
        for i in 0..4 {
            let email = format!("user{i}@example.org");
            let response = app.post_json("/api/v1/auth/login", &json!({"email": email, "password": "wrong wrong wrong"})).await;
            assert_eq!(response.status(), 401);
        }
        let response = app.post_json("/api/v1/auth/login", &json!({"email": "other@example.org", "password": "wrong wrong wrong"})).await;
        assert_eq!(response.status(), 429);
        assert!(response.headers().contains_key("retry-after"));
    }

    async fn registration_and_password_reset_are_throttled_per_ip(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.registrations_per_ip", json!({"max": 2, "window_secs": 600})))
                .merge(("throttle.password_resets_per_ip", json!({"max": 2, "window_secs": 600})))
        })
        .await;
        for i in 0..2 {
            assert_eq!(register(&app, &format!("r{i}@example.org"), PASSWORD).await.status(), 201);
        }
        let third = register(&app, "r3@example.org", PASSWORD).await;
        assert_eq!(third.status(), 429);
        assert!(third.headers().contains_key("retry-after"));
        for _ in 0..2 {
            let response = app.post_json("/api/v1/auth/password-reset", &json!({"email": "r0@example.org"})).await;
            assert_eq!(response.status(), 202);
        }
        let third = app.post_json("/api/v1/auth/password-reset", &json!({"email": "r0@example.org"})).await;
        assert_eq!(third.status(), 429);
    }

    async fn throttles_hold_across_two_servers_on_one_database(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_account", json!({"max": 2, "window_secs": 600})))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        let running = Server::launch(app.settings.clone(), app.db.clone());
        let second = running.base_url();
        let wrong = json!({"email": "ada@example.org", "password": "wrong wrong wrong"});
        assert_eq!(app.post_json("/api/v1/auth/login", &wrong).await.status(), 401);
        let client = app.new_client();
        let on_second = client.post(format!("{second}/api/v1/auth/login")).json(&wrong).send().await.unwrap();
        assert_eq!(on_second.status(), 401);
        let blocked = client
            .post(format!("{second}/api/v1/auth/login"))
            .json(&json!({"email": "ada@example.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(blocked.status(), 429, "the first server's failure counts on the second");
    }

    async fn behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            // The comma-separated form, as TRIBUNE_SERVER__TRUSTED_PROXIES gives it.
            f.merge(("server.trusted_proxies", "127.0.0.1, 10.0.0.0/8"))
                .merge(("throttle.login_failures_per_ip", json!({"max": 3, "window_secs": 600})))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        let attempt = |forwarded_for: &'static str, email: &'static str, password: &'static str| {
            let request = app
                .new_client()
                .post(app.url("/api/v1/auth/login"))
                .header("X-Forwarded-For", forwarded_for)
                .json(&json!({"email": email, "password": password}));
            async move { request.send().await.unwrap().status() }
        };
        // The attacker's proxy chain: the client, then one of our proxies.
        let attacker = "203.0.113.7, 10.1.1.1";
        for email in ["ada@example.org", "bob@example.org", "cy@example.org"] {
            assert_eq!(attempt(attacker, email, "wrong wrong wrong").await, 401);
        }
        assert_eq!(attempt(attacker, "ada@example.org", PASSWORD).await, 429, "the attacker's address is locked");
        assert_eq!(attempt("198.51.100.20", "ada@example.org", PASSWORD).await, 200, "another client is not");
        // A client that forges the header only adds a hop on the left; the proxy's hop decides.
        assert_eq!(attempt("198.51.100.20, 203.0.113.7", "ada@example.org", PASSWORD).await, 429);
    }

    async fn without_trusted_proxies_forwarding_headers_do_not_escape_the_per_address_limit(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_ip", json!({"max": 3, "window_secs": 600})))
        })
        .await;
        for i in 0..3 {
            let response = app
                .new_client()
                .post(app.url("/api/v1/auth/login"))
                .header("X-Forwarded-For", format!("198.51.100.{i}"))
                .header("Forwarded", format!("for=198.51.100.{i}"))
                .json(&json!({"email": format!("user{i}@example.org"), "password": "wrong wrong wrong"}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 401);
        }
        let spoofed = app
            .new_client()
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", "192.0.2.99")
            .header("Forwarded", "for=192.0.2.99")
            .json(&json!({"email": "other@example.org", "password": "wrong wrong wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(spoofed.status(), 429, "a made-up forwarding header is not a new address");
    }

    async fn simultaneous_guesses_check_no_more_passwords_than_the_limit(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("server.trusted_proxies", json!(["127.0.0.1"])))
                .merge(("throttle.login_failures_per_account", json!({"max": 3, "window_secs": 600})))
        })
        .await;
        app.create_user("editor@example.org", &[Role::Editor]);
        let attempts = |from: &'static str, passwords: Vec<&'static str>| {
            let requests: Vec<_> = passwords
                .into_iter()
                .map(|password| {
                    app.new_client()
                        .post(app.url("/api/v1/auth/login"))
                        .header("X-Forwarded-For", from)
                        .json(&json!({"email": "editor@example.org", "password": password}))
                })
                .collect();
            async move {
                let mut statuses = all_at_once(requests).await;
                statuses.sort_unstable();
                statuses
            }
        };
        // 64 wrong guesses at once: three are checked (401), every other is refused unchecked.
        let statuses = attempts("203.0.113.7", vec!["wrong wrong wrong"; 64]).await;
        assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 3, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 61, "{statuses:?}");

        // Locked: 64 more at once, half with the right password; none gets in.
        let mixed = (0..64).map(|i| if i % 2 == 0 { PASSWORD } else { "wrong wrong wrong" }).collect();
        let statuses = attempts("203.0.113.7", mixed).await;
        assert!(statuses.iter().all(|s| *s == 429), "{statuses:?}");

        // The owner, from their own address, is not locked out by the stranger's guesses.
        let owner = attempts("198.51.100.20", vec![PASSWORD]).await;
        assert_eq!(owner, vec![200]);
        let still_locked = attempts("203.0.113.7", vec![PASSWORD]).await;
        assert_eq!(still_locked, vec![429]);
    }

    async fn simultaneous_guesses_at_many_accounts_check_no_more_than_the_address_limit(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_ip", json!({"max": 4, "window_secs": 600})))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        let requests: Vec<_> = (0..64)
            .map(|i| {
                app.new_client()
                    .post(app.url("/api/v1/auth/login"))
                    .json(&json!({"email": format!("user{i}@example.org"), "password": "wrong wrong wrong"}))
            })
            .collect();
        let statuses = all_at_once(requests).await;
        assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 4, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 60, "{statuses:?}");
        let right = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": PASSWORD})).await;
        assert_eq!(right.status(), 429, "the address is locked for every account");
    }

    async fn successful_sign_ins_do_not_use_up_the_address_limit(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.login_failures_per_ip", json!({"max": 2, "window_secs": 600})))
        })
        .await;
        app.create_user("ada@example.org", &[Role::Member]);
        for _ in 0..5 {
            app.sign_in("ada@example.org", PASSWORD).await;
        }
        let wrong = json!({"email": "ada@example.org", "password": "wrong wrong wrong"});
        assert_eq!(app.post_json("/api/v1/auth/login", &wrong).await.status(), 401);
        app.sign_in("ada@example.org", PASSWORD).await;
    }

    async fn admin_lists_users_and_changes_roles(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let member_id = app.create_user("mem@example.org", &[Role::Member]);

        let list: serde_json::Value =
            app.as_user(Method::GET, "/api/v1/admin/users", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        assert!(list["next_cursor"].is_null());

        let response = app
            .as_user(Method::POST, &format!("/api/v1/admin/users/{member_id}/roles"), &admin)
            .json(&json!({"roles": ["member", "editor"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let user: serde_json::Value = response.json().await.unwrap();
        assert_eq!(user["roles"], json!(["member", "editor"]));

        let missing = app
            .as_user(Method::POST, "/api/v1/admin/users/999999/roles", &admin)
            .json(&json!({"roles": ["member"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
    }

    async fn admin_creates_a_verified_user(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let response = app
            .as_user(Method::POST, "/api/v1/admin/users", &admin)
            .json(&json!({"email": "ed@example.org", "password": PASSWORD, "display_name": "Ed", "location": "Here", "roles": ["editor"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let user: serde_json::Value = response.json().await.unwrap();
        assert_eq!(user["email_verified"], true);
        assert_eq!(user["roles"], json!(["editor"]));
        app.sign_in("ed@example.org", PASSWORD).await;
    }

    async fn the_last_admin_cannot_lose_the_role(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        let response = app
            .as_user(Method::POST, &format!("/api/v1/admin/users/{}/roles", admin.user_id), &admin)
            .json(&json!({"roles": ["member"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 409);
        assert_eq!(error_code(response).await, "last_admin");
    }

    async fn only_admins_reach_the_admin_api(backend) {
        let app = TestApp::spawn(backend).await;
        let editor = app.user_with("ed@example.org", &[Role::Editor, Role::Member]).await;
        let anonymous = app.get("/api/v1/admin/users").await;
        assert_eq!(anonymous.status(), 401);
        for (method, path) in [(Method::GET, "/api/v1/admin/users"), (Method::GET, "/api/v1/admin/outbox")] {
            let response = app.as_user(method, path, &editor).send().await.unwrap();
            assert_eq!(response.status(), 403, "{path}");
            assert_eq!(error_code(response).await, "forbidden");
        }
        let roles = app
            .as_user(Method::POST, &format!("/api/v1/admin/users/{}/roles", editor.user_id), &editor)
            .json(&json!({"roles": ["admin"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(roles.status(), 403, "nobody grants themselves a role");
    }

    async fn me_requires_a_session(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.get("/api/v1/me").await;
        assert_eq!(response.status(), 401);
        let garbage = app.new_client().get(app.url("/api/v1/me")).bearer_auth("garbage").send().await.unwrap();
        assert_eq!(garbage.status(), 401);
    }

    async fn send_the_link_again_is_throttled_per_account_answers_alike_and_its_link_confirms(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("throttle.verification_resends_per_account", json!({"max": 2, "window_secs": 600})))
        })
        .await;
        assert_eq!(app.post_json("/api/v1/auth/verify/resend", &json!({})).await.status(), 401);
        register(&app, "rosa@example.org", PASSWORD).await;
        register(&app, "lucy@example.org", PASSWORD).await;
        let rosa = app.sign_in("rosa@example.org", PASSWORD).await;
        let lucy = app.sign_in("lucy@example.org", PASSWORD).await;

        let sent = json!({"status": "verification_sent", "message": "We sent a new link to rosa@example.org."});
        for attempt in 1..=4 {
            let (status, answer) = app.call(Method::POST, "/api/v1/auth/verify/resend", &rosa, json!({})).await;
            assert_eq!((status, &answer), (202, &sent), "attempt {attempt}: past the limit the answer is the same");
        }
        let (status, _) = app.call(Method::POST, "/api/v1/auth/verify/resend", &lucy, json!({})).await;
        assert_eq!(status, 202);
        // Sent in the request's own transaction, so the outbox already holds every message there is.
        assert_eq!(confirmations_queued(&app, "rosa@example.org"), 3, "registration, then the limit of two resends");
        assert_eq!(confirmations_queued(&app, "lucy@example.org"), 2, "another account has its own limit");

        let first = app.smtp.wait_for("rosa@example.org", "Confirm your email").await.token("/verify");
        let resent = wait_for_all(&app, "rosa@example.org", "Confirm your email", 3).await;
        let again = resent.iter().find(|m| m.token("/verify") != first).expect("a message with a new link");
        let confirmed = app.get(&again.link("/verify")).await;
        assert_eq!(confirmed.status(), 200);
        assert!(confirmed.text().await.unwrap().contains("Address confirmed"));
        let me: serde_json::Value = app.as_user(Method::GET, "/api/v1/me", &rosa).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email_verified"], true);
        let (status, answer) = app.call(Method::POST, "/api/v1/auth/verify/resend", &rosa, json!({})).await;
        assert_eq!((status, answer["status"].as_str()), (200, Some("already_verified")));
        assert_eq!(confirmations_queued(&app, "rosa@example.org"), 3, "nothing more is sent");
    }
}

/// Confirmation messages queued in the outbox for `to`.
fn confirmations_queued(app: &TestApp, to: &str) -> i64 {
    use diesel::prelude::*;
    use tribune::storage::schema::outbox;
    let mut conn = app.db.connection().unwrap();
    outbox::table
        .filter(outbox::recipient.eq(to))
        .filter(outbox::subject.like("Confirm%"))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// Waits up to 15 s until `count` messages to `to` about `subject` have arrived; returns them in
/// the order they came.
async fn wait_for_all(app: &TestApp, to: &str, subject: &str, count: usize) -> Vec<common::smtp::ReceivedEmail> {
    let started = std::time::Instant::now();
    loop {
        let found: Vec<_> = app.smtp.all().into_iter().filter(|m| m.to == to && m.subject.contains(subject)).collect();
        if found.len() >= count {
            return found;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "{} of {count} messages to {to} within 15 s",
            found.len()
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
