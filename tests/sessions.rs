//! Session lifetimes, secure cookies, password-hash upgrades and the bounded hashing pool.

mod common;

use diesel::prelude::*;
use serde_json::json;
use tribune::domain::user::Role;
use tribune::storage::schema::{sessions, users};

use common::{PASSWORD, TestApp};

on_both_backends! {
    async fn an_idle_session_ends(backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.user_with("ada@example.org", &[Role::Member]).await;
        let long_ago = tribune::storage::now() - chrono::TimeDelta::days(15);
        diesel::update(sessions::table).set(sessions::last_seen_at.eq(long_ago)).execute(&mut *app.db.connection().unwrap()).unwrap();
        let response = app.as_user(reqwest::Method::GET, "/api/v1/me", &ada).send().await.unwrap();
        assert_eq!(response.status(), 401);
    }

    async fn a_busy_session_still_ends_at_its_absolute_expiry(backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.user_with("ada@example.org", &[Role::Member]).await;
        let past = tribune::storage::now() - chrono::TimeDelta::minutes(1);
        diesel::update(sessions::table).set(sessions::expires_at.eq(past)).execute(&mut *app.db.connection().unwrap()).unwrap();
        let response = app.as_user(reqwest::Method::GET, "/api/v1/me", &ada).send().await.unwrap();
        assert_eq!(response.status(), 401);
    }

    async fn the_session_cookie_is_secure_when_the_public_url_is_https(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("public_url", "https://tribune.example.org"))).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let response = app.post_json("/api/v1/auth/login", &json!({"email": "ada@example.org", "password": PASSWORD})).await;
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.contains("Secure"), "{cookie}");
    }

    async fn a_password_hashed_with_older_parameters_is_upgraded_at_sign_in(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("password.memory_kib", 20480))).await;
        app.create_user("ada@example.org", &[Role::Member]);
        let stored = |app: &TestApp| -> String {
            users::table.select(users::password_hash).first(&mut *app.db.connection().unwrap()).unwrap()
        };
        assert!(stored(&app).contains("m=19456"), "{}", stored(&app));
        app.sign_in("ada@example.org", PASSWORD).await;
        let upgraded = stored(&app);
        assert!(upgraded.starts_with("$argon2id$") && upgraded.contains("m=20480"), "{upgraded}");
        app.sign_in("ada@example.org", PASSWORD).await;
    }

    async fn a_burst_of_sign_ins_is_queued_and_then_refused_never_failed(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("password.hash_workers", 1))
                .merge(("password.max_waiting", 2))
                .merge(("throttle.login_failures_per_ip", json!({"max": 1000, "window_secs": 60})))
        })
        .await;
        let attempts = (0..16).map(|i| {
            let client = app.new_client();
            let url = app.url("/api/v1/auth/login");
            async move {
                client
                    .post(url)
                    .json(&json!({"email": format!("nobody{i}@example.org"), "password": "wrong wrong wrong"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        });
        let statuses = futures_join_all(attempts).await;
        assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
        assert!(statuses.contains(&429), "past the queue, callers are told to retry: {statuses:?}");
        assert!(statuses.contains(&401), "{statuses:?}");
        // Reading is unaffected meanwhile.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
}

/// Runs the futures concurrently on this task (the test needs no extra crate for it).
async fn futures_join_all<F: std::future::Future<Output = u16> + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = futures.map(actix_web::rt::spawn).collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}
