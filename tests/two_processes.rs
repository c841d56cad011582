//! Two `tribune serve` processes on one database under load: claims stay exclusive, scheduled
//! publication happens once, a piece taken down on one is gone from the other's cache within its
//! time-to-live, each email is delivered once, and throttles hold across both; a convention
//! changed through one shows on the other's pages within the time-to-live, and one made through
//! one is found by the other at once; a session signed out through one is refused by the other
//! within the time-to-live, and the editors' and authors' own pages show another process's
//! change within it too.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::process::{free_port, seed, serve};
use common::{PASSWORD, TestDatabase, smtp::SmtpServer};

async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str) -> reqwest::Response {
    client.post(format!("{base}/auth/login")).json(&json!({"email": email, "password": password})).send().await.unwrap()
}

async fn token(client: &reqwest::Client, base: &str, email: &str) -> String {
    let response = login(client, base, email, PASSWORD).await;
    assert_eq!(response.status(), 200, "sign in as {email}");
    response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

/// A piece by `writer` titled `title`, written through `write_on` and sent to the editors through
/// `submit_on` (API bases, which may be the two processes); its id.
async fn submitted(client: &reqwest::Client, (write_on, submit_on): (&str, &str), writer: &str, title: &str) -> i64 {
    let body = json!({"convention": "crash", "title": title, "body": "Words of an essay.",
        "byline_name": "W", "byline_location": "C"});
    let created: Value = client
        .post(format!("{write_on}/submissions"))
        .bearer_auth(writer)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let sent = client.post(format!("{submit_on}/submissions/{id}/submit")).bearer_auth(writer).send().await.unwrap();
    assert_eq!(sent.status(), 200);
    id
}

/// Two `tribune serve` processes, A and B, on one seeded database, mailing one test server;
/// both are stopped when this is dropped.
struct TwoServers {
    a: std::process::Child,
    b: std::process::Child,
    /// Their addresses, `http://127.0.0.1:<port>`.
    site_a: String,
    site_b: String,
    client: reqwest::Client,
    smtp: SmtpServer,
    _database: TestDatabase,
}

impl TwoServers {
    fn start(backend: common::Backend, env: &[(&str, &str)]) -> TwoServers {
        let database = TestDatabase::create(backend);
        seed(&database.url);
        let smtp = SmtpServer::reserve();
        smtp.start();
        let dir = database.scratch_dir();
        let (port_a, port_b) = (free_port(), free_port());
        let a = serve(&database.url, port_a, &smtp, &dir, env);
        let b = serve(&database.url, port_b, &smtp, &dir, env);
        TwoServers {
            a,
            b,
            site_a: format!("http://127.0.0.1:{port_a}"),
            site_b: format!("http://127.0.0.1:{port_b}"),
            client: reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap(),
            smtp,
            _database: database,
        }
    }
}

impl Drop for TwoServers {
    fn drop(&mut self) {
        for child in [&mut self.a, &mut self.b] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

on_both_backends! {
    async fn two_processes_share_claims_schedules_mail_and_throttles(backend) {
        let env = [
            ("TRIBUNE_MAIL__POLL_INTERVAL_MS", "50"),
            ("TRIBUNE_REVIEW__SCHEDULER_INTERVAL_MS", "100"),
            ("TRIBUNE_THROTTLE__LOGIN_FAILURES_PER_ACCOUNT", "{ max = 3, window_secs = 600 }"),
        ];
        let servers = TwoServers::start(backend, &env);
        let (on_a, on_b) = (format!("{}/api/v1", servers.site_a), format!("{}/api/v1", servers.site_b));
        let (client, smtp) = (&servers.client, &servers.smtp);
        let writer = token(client, &on_a, "writer@example.org").await;
        let editor = token(client, &on_a, "editor@example.org").await;
        let editor2 = token(client, &on_b, "editor2@example.org").await;

        // The convention's canned reasons: both processes seed it at once, and it is seeded once.
        let first = client.get(format!("{on_a}/conventions/crash/reasons")).bearer_auth(&editor).send();
        let second = client.get(format!("{on_b}/conventions/crash/reasons")).bearer_auth(&editor2).send();
        let (first, second) = (actix_web::rt::spawn(first), actix_web::rt::spawn(second));
        let (first, second) = (first.await.unwrap().unwrap(), second.await.unwrap().unwrap());
        assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));
        let (first, second): (Value, Value) = (first.json().await.unwrap(), second.json().await.unwrap());
        let defaults = tribune::config::Settings::from_figment(tribune::config::Settings::figment(&common::config_dir()).unwrap()).unwrap();
        let seeded = defaults.review.reject_reasons.len() + defaults.review.change_reasons.len();
        assert_eq!((first["items"].as_array().unwrap().len(), second["items"].as_array().unwrap().len()), (seeded, seeded));

        // Claims: the two editors, each on their own process, race for every piece.
        let mut ids = Vec::new();
        for n in 0..8 {
            ids.push(submitted(client, (&on_a, &on_b), &writer, &format!("Contested essay number {n}")).await);
        }
        for id in &ids {
            let first = client.post(format!("{on_a}/review/{id}/claim")).bearer_auth(&editor).send();
            let second = client.post(format!("{on_b}/review/{id}/claim")).bearer_auth(&editor2).send();
            let (first, second) = (actix_web::rt::spawn(first), actix_web::rt::spawn(second));
            let mut statuses = [first.await.unwrap().unwrap().status().as_u16(), second.await.unwrap().unwrap().status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [200, 409], "essay {id}");
        }

        // Scheduled publication: both schedulers see the piece come due; it is published once.
        let scheduled = ids[0];
        let claimed: Value = client.get(format!("{on_a}/submissions/{scheduled}")).bearer_auth(&editor).send().await.unwrap().json().await.unwrap();
        let me: Value = client.get(format!("{on_a}/me")).bearer_auth(&editor).send().await.unwrap().json().await.unwrap();
        let (holder, holder_base) =
            if claimed["assigned_editor_id"] == me["id"] { (&editor, &on_a) } else { (&editor2, &on_b) };
        let at = (chrono::Utc::now() + chrono::TimeDelta::milliseconds(1500)).to_rfc3339();
        let approved = client.post(format!("{holder_base}/review/{scheduled}/approve")).bearer_auth(holder).json(&json!({"publish_at": at})).send().await.unwrap();
        assert_eq!(approved.status(), 200);
        let started = Instant::now();
        loop {
            let list: Value = client.get(format!("{on_b}/articles")).send().await.unwrap().json().await.unwrap();
            if !list["items"].as_array().unwrap().is_empty() { break; }
            assert!(started.elapsed() < Duration::from_secs(20), "never published");
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
        let events: Value = client.get(format!("{on_a}/review/{scheduled}/events")).bearer_auth(&editor).send().await.unwrap().json().await.unwrap();
        let publishes = events["items"].as_array().unwrap().iter().filter(|e| e["action"] == "publish").count();
        assert_eq!(publishes, 1, "published once: {events}");
        let list: Value = client.get(format!("{on_a}/articles")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        // Caches: B keeps the article in memory; taken down through A, it is gone from A at once
        // and from B within B's time-to-live (1 s by default).
        let slug = list["items"][0]["slug"].as_str().unwrap().to_string();
        let article = |base: &String| client.get(format!("{base}/articles/{slug}")).send();
        assert_eq!(article(&on_b).await.unwrap().status(), 200);
        let taken_down = client.post(format!("{on_a}/articles/{slug}/unpublish")).bearer_auth(holder)
            .json(&json!({"reason": "Published by mistake."})).send().await.unwrap();
        assert_eq!(taken_down.status(), 200);
        let taken_down_at = Instant::now();
        assert_eq!(article(&on_a).await.unwrap().status(), 404, "the process that took it down never serves it again");
        while article(&on_b).await.unwrap().status() != 404 {
            assert!(taken_down_at.elapsed() < Duration::from_secs(5), "the other process kept serving an unpublished piece");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("two processes: the other process stopped serving the unpublished piece after {:?}", taken_down_at.elapsed());

        // Mail: both workers deliver from one outbox; every message arrives once.
        let expected_receipts = ids.len();
        let started = Instant::now();
        loop {
            let receipts = smtp.all().into_iter().filter(|m| m.to == "writer@example.org" && m.subject.starts_with("Received")).count();
            let published = smtp.all().into_iter().filter(|m| m.subject.starts_with("Published")).count();
            if receipts >= expected_receipts && published >= 1 { break; }
            assert!(started.elapsed() < Duration::from_secs(30), "mail did not arrive");
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for message in smtp.all() {
            *seen.entry(message.message_id).or_default() += 1;
        }
        let repeated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(repeated.is_empty(), "delivered more than once: {repeated:?}");

        // Throttles: failures on either process count against the same account.
        for base in [&on_a, &on_b, &on_a] {
            assert_eq!(login(client, base, "writer@example.org", "wrong wrong wrong").await.status(), 401);
        }
        let blocked = login(client, &on_b, "writer@example.org", PASSWORD).await;
        assert_eq!(blocked.status(), 429);
        eprintln!("two processes: {} claims raced, 1 scheduled piece published once, {} messages, 0 repeated", ids.len(), seen.len());

    }
}

on_both_backends! {
    async fn a_convention_changed_through_one_process_shows_on_the_others_pages_within_the_time_to_live(backend) {
        let servers = TwoServers::start(backend, &[]);
        let (site_a, site_b, client) = (&servers.site_a, &servers.site_b, &servers.client);
        let admin = token(client, &format!("{site_a}/api/v1"), "admin@example.org").await;
        let writer = token(client, &format!("{site_b}/api/v1"), "writer@example.org").await;
        // What B shows, kept in its memory: the convention's public page, and the conventions a
        // signed-in writer may submit to.
        let convention_page = |site: &String| client.get(format!("{site}/conventions/crash")).send();
        let submit_form = || client.get(format!("{site_b}/submit")).bearer_auth(&writer).send();
        for page in [convention_page(site_b).await.unwrap(), submit_form().await.unwrap()] {
            assert!(page.text().await.unwrap().contains("Crash Convention"));
        }

        let renamed = client.patch(format!("{site_a}/api/v1/conventions/crash")).bearer_auth(&admin)
            .json(&json!({"title": "Renamed Convention"})).send().await.unwrap();
        assert_eq!(renamed.status(), 200, "{}", renamed.text().await.unwrap());
        let renamed_at = Instant::now();
        let shown = convention_page(site_a).await.unwrap().text().await.unwrap();
        assert!(shown.contains("Renamed Convention"), "the process that made the change shows it at once");
        loop {
            let (public, form) = (convention_page(site_b).await.unwrap(), submit_form().await.unwrap());
            let (public, form) = (public.text().await.unwrap(), form.text().await.unwrap());
            if public.contains("Renamed Convention") && form.contains("Renamed Convention") {
                break;
            }
            assert!(renamed_at.elapsed() < Duration::from_secs(5), "the other process kept the old title past its time-to-live");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("two processes: the other process showed the new title after {:?}", renamed_at.elapsed());
    }

    async fn a_convention_made_through_one_process_is_found_at_once_by_the_other(backend) {
        let servers = TwoServers::start(backend, &[]);
        let (site_a, site_b, client) = (&servers.site_a, &servers.site_b, &servers.client);
        let admin = token(client, &format!("{site_a}/api/v1"), "admin@example.org").await;
        let listing = |slug: &str| client.get(format!("{site_b}/api/v1/articles?convention={slug}")).send();
        // B keeps the conventions it knows in memory.
        assert_eq!(listing("crash").await.unwrap().status(), 200);
        assert_eq!(listing("fresh").await.unwrap().status(), 404);

        let now = chrono::Utc::now();
        let made = client.post(format!("{site_a}/api/v1/conventions")).bearer_auth(&admin).json(&json!({
            "slug": "fresh", "title": "Fresh Convention", "location": "Chicago",
            "starts_on": "2030-01-01", "ends_on": "2030-01-02",
            "discussion_opens_at": (now - chrono::TimeDelta::days(1)).to_rfc3339(),
            "discussion_closes_at": (now + chrono::TimeDelta::days(1)).to_rfc3339()})).send().await.unwrap();
        assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
        // Not yet among the conventions B keeps: B reads it from the database instead of a 404.
        assert_eq!(listing("fresh").await.unwrap().status(), 200);
    }

    async fn a_session_signed_out_through_one_process_is_refused_by_the_other_within_the_time_to_live(backend) {
        let servers = TwoServers::start(backend, &[]);
        let (site_a, site_b, client) = (&servers.site_a, &servers.site_b, &servers.client);
        let writer = token(client, &format!("{site_a}/api/v1"), "writer@example.org").await;
        let me = |site: &String| client.get(format!("{site}/api/v1/me")).bearer_auth(&writer).send();
        // Both processes know the session, and keep it in memory.
        for site in [site_a, site_b] {
            assert_eq!(me(site).await.unwrap().status(), 200);
        }

        let out = client.post(format!("{site_a}/api/v1/auth/logout")).bearer_auth(&writer).send().await.unwrap();
        assert!(out.status().is_success(), "{}", out.text().await.unwrap());
        let out_at = Instant::now();
        assert_eq!(me(site_a).await.unwrap().status(), 401, "the process that signed it out refuses it at once");
        loop {
            if me(site_b).await.unwrap().status() == 401 {
                break;
            }
            assert!(out_at.elapsed() < Duration::from_secs(5), "the other process accepted the session past its time-to-live");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("two processes: the other process refused the ended session after {:?}", out_at.elapsed());
    }
}

on_both_backends! {
    async fn the_editors_and_authors_pages_changed_through_one_process_show_on_the_other_within_the_time_to_live(backend) {
        let servers = TwoServers::start(backend, &[]);
        let (site_a, site_b, client) = (&servers.site_a, &servers.site_b, &servers.client);
        let writer = token(client, &format!("{site_a}/api/v1"), "writer@example.org").await;
        let editor = token(client, &format!("{site_b}/api/v1"), "editor@example.org").await;
        let editor2 = token(client, &format!("{site_a}/api/v1"), "editor2@example.org").await;
        let api_a = format!("{site_a}/api/v1");
        let submit = |title: &'static str| submitted(client, (&api_a, &api_a), &writer, title);
        let page = |site: &String, path: &str, who: &String| {
            let request = client.get(format!("{site}{path}")).bearer_auth(who).send();
            async move {
                let response = request.await.unwrap();
                assert_eq!(response.status(), 200);
                response.text().await.unwrap()
            }
        };
        let first = submit("The first waiting essay").await;
        let review = format!("/review/{first}");
        // What both keep in memory: the editor's queue and review page, the author's list.
        for site in [site_a, site_b] {
            assert!(page(site, "/review", &editor).await.contains("The first waiting essay"));
            assert!(!page(site, &review, &editor).await.contains("Another editor has claimed it"));
            assert!(page(site, "/me/submissions", &writer).await.contains("The first waiting essay"));
        }

        // Through A: a second piece comes in and the other editor claims the first.
        submit("The second waiting essay").await;
        let claimed = client.post(format!("{site_a}/api/v1/review/{first}/claim")).bearer_auth(&editor2).send().await.unwrap();
        assert_eq!(claimed.status(), 200);
        let changed_at = Instant::now();
        assert!(page(site_a, "/review", &editor).await.contains("The second waiting essay"), "A shows its own change at once");
        assert!(page(site_a, &review, &editor).await.contains("Another editor has claimed it"), "A shows its own change at once");
        assert!(page(site_a, "/me/submissions", &writer).await.contains("The second waiting essay"), "A shows its own change at once");
        loop {
            let queue = page(site_b, "/review", &editor).await;
            let detail = page(site_b, &review, &editor).await;
            let mine = page(site_b, "/me/submissions", &writer).await;
            if queue.contains("The second waiting essay")
                && detail.contains("Another editor has claimed it")
                && mine.contains("The second waiting essay")
            {
                break;
            }
            assert!(changed_at.elapsed() < Duration::from_secs(5), "the other process kept the editors' or the author's old pages past its time-to-live");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("two processes: the other process showed the new desk after {:?}", changed_at.elapsed());
    }
}

on_both_backends! {
    async fn processes_starting_together_apply_each_migration_once(backend) {
        let database = TestDatabase::create(backend);
        let migrate = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
                .arg("migrate")
                .env("DATABASE_URL", &database.url)
                .env("TRIBUNE_CONFIG_DIR", common::config_dir())
                .env("RUST_LOG", "error")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (migrate(), migrate());
        let mut applied = 0;
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            assert!(output.status.success(), "a process starting beside another failed: {}", String::from_utf8_lossy(&output.stderr));
            applied += stdout.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or_else(|| panic!("{stdout}"));
        }
        let mut conn = tribune::storage::DatabaseUrl::parse(&database.url).unwrap().connect(Duration::from_secs(5)).unwrap();
        let status = tribune::storage::migration_status(&mut conn).unwrap();
        assert!(status.pending.is_empty());
        assert_eq!(applied, status.known.len(), "each migration was applied by one of the two");
    }
}
