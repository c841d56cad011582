//! The first run and the organisation's own site, over HTTP: the setup link printed at start, the
//! setup page (once, only with the link, only while no admin exists, one winner of two at once),
//! and the site's title, name, footer and calls to action on every page, email and bulletin.

mod common;

use diesel::{ExpressionMethods, QueryDsl};
use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;

use common::{CONVENTION, PASSWORD, Server, TestApp, csrf_field};

/// The setup form filled in as a person would, with the first convention.
fn setup_fields<'a>(csrf: &'a str, token: &'a str, opens: &'a str, closes: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("token", token),
        ("organisation", "Riverside Socialists"),
        ("site_title", "Riverside Tribune"),
        ("display_name", "Rosa Admin"),
        ("email", "rosa@example.org"),
        ("location", "Riverside"),
        ("password", PASSWORD),
        ("open_convention", "on"),
        ("convention_title", "The 31st Riverside Convention"),
        ("convention_location", "Riverside Hall"),
        ("starts_on", "2027-06-12"),
        ("ends_on", "2027-06-13"),
        ("discussion_opens_at", opens),
        ("discussion_closes_at", closes),
        ("disclaimer", "The views expressed are those of their authors, not of the organisation."),
        ("topics", "Housing\nThe union drive\n"),
    ]
}

fn token_of(path: &str) -> &str {
    path.split("token=").nth(1).expect("a token in the setup link")
}

fn minutes_from_now(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes)).format("%Y-%m-%dT%H:%M").to_string()
}

/// The addresses of every admin, read from the database.
fn admins(app: &TestApp) -> Vec<String> {
    use tribune::storage::users;
    let mut conn = app.db.connection().unwrap();
    let ids = users::lock_role_holders(&mut conn, "admin").unwrap();
    ids.into_iter().map(|id| users::find(&mut conn, id).unwrap().unwrap().email).collect()
}

on_both_backends! {
    async fn an_empty_site_says_it_is_not_set_up_and_its_link_opens_the_setup_page(backend) {
        let app = TestApp::spawn(backend).await;
        let home = app.page("/").await;
        assert!(home.contains("This site is not set up yet"), "{home}");
        assert!(home.contains("tribune user create --role admin"), "{home}");
        assert!(!home.contains("token="), "the home page must never carry the setup link:\n{home}");
        let path = app.setup_path();
        assert!(path.starts_with("/setup?token=") && token_of(&path).len() >= 40, "{path}");
        let form = app.page(&path).await;
        assert!(form.contains("Set up this site") && form.contains(r#"name="organisation""#), "{form}");
    }

    async fn a_setup_link_the_server_did_not_print_is_refused(backend) {
        let app = TestApp::spawn(backend).await;
        for path in ["/setup", "/setup?token=", "/setup?token=forged-token-of-some-length-1234567890"] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 403, "{path}");
            let page = response.text().await.unwrap();
            assert!(page.contains("This setup link is not valid"), "{page}");
        }
        let form = app.page(&app.setup_path()).await;
        let csrf = csrf_field(&form);
        let fields = setup_fields(&csrf, "forged", "2026-01-01T00:00", "2027-01-01T00:00");
        assert_eq!(app.submit("/setup", &fields).await.status(), 403);
        assert!(admins(&app).is_empty(), "a forged link made an admin");
    }

    async fn setup_makes_the_admin_names_the_site_and_opens_the_convention_once(backend) {
        let app = TestApp::spawn(backend).await;
        let path = app.setup_path();
        let form = app.page(&path).await;
        let (opens, closes) = (minutes_from_now(-60), minutes_from_now(60 * 24 * 30));
        let csrf = csrf_field(&form);
        let fields = setup_fields(&csrf, token_of(&path), &opens, &closes);
        let response = app.submit("/setup", &fields).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/admin");

        // Signed in as the new admin, on the admin page, which says what happened.
        let admin_page = app.page("/admin").await;
        assert!(admin_page.contains("The site is set up, the convention is open"), "{admin_page}");
        assert!(admin_page.contains("Signed in as <strong>Rosa Admin</strong>"), "{admin_page}");
        assert_eq!(admins(&app), ["rosa@example.org"]);

        // The convention is open, with its disclaimer and topics, under the organisation's name.
        let home = app.page("/").await;
        assert!(home.contains(r#"<h1 lang="en">The 31st Riverside Convention</h1>"#), "{home}");
        assert!(home.contains("The discussion is open until"), "{home}");
        assert!(home.contains(r#"<a class="brand" href="/">Riverside Tribune</a>"#), "{home}");
        assert!(home.contains("Riverside Tribune, the convention discussion of Riverside Socialists"), "{home}");
        let convention: serde_json::Value =
            app.get("/api/v1/conventions/the-31st-riverside-convention").await.json().await.unwrap();
        let topics: Vec<&str> = convention["topics"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
        assert_eq!(topics, ["Housing", "The union drive"], "{convention}");
        assert!(convention["disclaimer"]["body"].as_str().unwrap().starts_with("The views expressed"), "{convention}");

        // The same link, and the page, work no more.
        let again = app.new_client().get(app.url(&path)).send().await.unwrap();
        assert_eq!(again.status(), 409);
        assert!(again.text().await.unwrap().contains("This site is set up already"));
        let second = app.submit("/setup", &fields).await;
        assert_eq!(second.status(), 409);
        assert_eq!(admins(&app), ["rosa@example.org"]);
        assert!(!app.page("/").await.contains("not set up yet"));

        // The new admin signs in with the password they chose.
        app.sign_in("rosa@example.org", PASSWORD).await;
    }

    async fn a_refused_setup_keeps_what_was_typed_and_sets_nothing_up(backend) {
        let app = TestApp::spawn(backend).await;
        let path = app.setup_path();
        let form = app.page(&path).await;
        let csrf = csrf_field(&form);
        let mut fields = setup_fields(&csrf, token_of(&path), "2027-01-01T00:00", "2026-01-01T00:00");
        for (name, value) in fields.iter_mut() {
            match *name {
                "email" => *value = "not an address",
                "site_title" => *value = "",
                "disclaimer" => *value = "Short",
                _ => {}
            }
        }
        let response = app.submit("/setup", &fields).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        for field in ["email", "site_title", "disclaimer", "discussion_closes_at"] {
            assert!(page.contains(&format!(r#"id="{field}-error""#)), "no error beside {field}:\n{page}");
        }
        assert!(page.contains("Riverside Socialists") && page.contains("Housing\nThe union drive"), "{page}");
        assert!(!page.contains(PASSWORD), "the password is never sent back");
        // Nothing happened: the link still works, and no admin exists.
        assert_eq!(app.get(&path).await.status(), 200);
        assert!(app.page("/").await.contains("not set up yet"));
    }

    async fn a_setup_link_older_than_a_day_is_refused_and_a_restart_prints_a_fresh_one(backend) {
        let app = TestApp::spawn(backend).await;
        let stale = app.setup_path();
        let day_ago = chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(25);
        diesel::RunQueryDsl::execute(
            diesel::update(tribune::storage::schema::setup_tokens::table)
                .set(tribune::storage::schema::setup_tokens::created_at.eq(day_ago)),
            &mut *app.db.connection().unwrap(),
        )
        .unwrap();
        let response = app.get(&stale).await;
        assert_eq!(response.status(), 403);
        assert!(response.text().await.unwrap().contains("more than 24 hours old"));
        let restarted = Server::launch(app.settings.clone(), app.db.clone());
        let fresh = restarted.setup_link.clone().expect("a restart prints a new link");
        let fresh = fresh.strip_prefix(common::PUBLIC_URL).unwrap();
        assert_eq!(app.new_client().get(format!("{}{fresh}", restarted.base_url())).send().await.unwrap().status(), 200);
        let count: i64 = diesel::RunQueryDsl::get_result(
            tribune::storage::schema::setup_tokens::table.count(),
            &mut *app.db.connection().unwrap(),
        )
        .unwrap();
        assert_eq!(count, 1, "the stale link is forgotten");
    }

    async fn a_refused_setup_post_says_why_instead_of_showing_the_form_again(backend) {
        let app = TestApp::spawn(backend).await;
        let path = app.setup_path();
        let form = app.page(&path).await;
        let csrf = csrf_field(&form);
        app.create_user("cli-admin@example.org", &[Role::Admin]);
        let fields = setup_fields(&csrf, token_of(&path), "2026-01-01T00:00", "2027-01-01T00:00");
        let response = app.submit("/setup", &fields).await;
        assert_eq!(response.status(), 409);
        let page = response.text().await.unwrap();
        assert!(page.contains("This site is set up already") && !page.contains(r#"name="organisation""#), "{page}");
    }

    async fn topics_named_twice_or_too_many_are_refused_and_nothing_is_set_up(backend) {
        let app = TestApp::spawn(backend).await;
        let path = app.setup_path();
        let csrf = csrf_field(&app.page(&path).await);
        let many: String = (1..=21).map(|n| format!("Topic number {n}\n")).collect();
        for (topics, said) in [("Housing\nHousing!\n", "is there twice"), (many.as_str(), "at most 20")] {
            let mut fields = setup_fields(&csrf, token_of(&path), "2026-01-01T00:00", "2027-01-01T00:00");
            for (name, value) in fields.iter_mut() {
                if *name == "topics" {
                    *value = topics;
                }
            }
            let response = app.submit("/setup", &fields).await;
            assert_eq!(response.status(), 422, "{topics}");
            let page = response.text().await.unwrap();
            assert!(page.contains(r#"id="topics-error""#) && page.contains(said), "{page}");
            assert!(admins(&app).is_empty(), "a refused setup made an admin");
            assert_eq!(app.get(&path).await.status(), 200, "the link still works");
        }
    }

    async fn two_admins_saving_the_site_at_once_both_succeed(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let other = app.user_with("admin2@example.org", &[Role::Admin]).await;
        let saves: Vec<_> = [(&cast.admin, "First"), (&other, "Second")]
            .into_iter()
            .map(|(who, title)| app.as_user(Method::PUT, "/api/v1/admin/site", who).json(&json!({"title": title})).send())
            .collect();
        let (a, b) = futures_join(saves).await;
        assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    }

    async fn an_admin_made_on_the_command_line_closes_the_setup(backend) {
        let app = TestApp::spawn(backend).await;
        let path = app.setup_path();
        app.create_user("cli-admin@example.org", &[Role::Admin]);
        let response = app.get(&path).await;
        assert_eq!(response.status(), 409);
        assert!(!app.page("/").await.contains("not set up yet"));
    }

    async fn of_two_setups_at_once_in_two_processes_one_wins(backend) {
        let app = TestApp::spawn(backend).await;
        let other = Server::launch(app.settings.clone(), app.db.clone());
        let first = app.setup_path();
        let second = other.setup_link.clone().expect("the second process prints its own link");
        let second = second.strip_prefix(common::PUBLIC_URL).unwrap().to_string();
        assert_ne!(first, second);
        let (opens, closes) = (minutes_from_now(-60), minutes_from_now(600));
        let clients = [(app.new_client(), app.url(""), first), (app.new_client(), other.base_url(), second)];
        let mut posts = Vec::new();
        for (n, (client, base, path)) in clients.iter().enumerate() {
            let form = client.get(format!("{base}{path}")).send().await.unwrap().text().await.unwrap();
            let csrf = csrf_field(&form);
            let email = format!("admin{n}@example.org");
            let mut fields: Vec<(String, String)> = setup_fields(&csrf, token_of(path), &opens, &closes)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            for (name, value) in fields.iter_mut() {
                if name == "email" {
                    *value = email.clone();
                }
            }
            posts.push(client.post(format!("{base}/setup")).form(&fields).send());
        }
        let (a, b) = futures_join(posts).await;
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [303, 409]);
        assert_eq!(admins(&app).len(), 1);
        drop(other);
    }

    async fn the_sites_settings_show_on_every_page_email_feed_and_bulletin(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let settings = json!({
            "title": "Riverside Tribune",
            "organisation": "Riverside Socialists",
            "footer": "Published by the Riverside Socialists, 12 Mill Lane.",
            "calls_to_action": [{"text": "For a fairer city.", "label": "Join now", "url": "https://example.org/join"}],
        });
        let (status, saved) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin, settings).await;
        assert_eq!(status, 200, "{saved}");
        for path in ["/", "/login", "/register", "/mailbag", &format!("/conventions/{CONVENTION}/discussion"), "/nowhere"] {
            let page = app.get(path).await.text().await.unwrap();
            assert!(page.contains(r#"<a class="brand" href="/">Riverside Tribune</a>"#), "{path}:\n{page}");
            assert!(page.contains("· Riverside Tribune</title>"), "{path}");
            assert!(page.contains("Published by the Riverside Socialists, 12 Mill Lane."), "{path}");
            assert!(!page.contains(">Tribune<"), "{path} still says Tribune");
        }
        let article = app.published(&cast.member, &cast.editor, "Why we meet in libraries", common::ESSAY, &[]).await;
        let page = app.new_client().get(app.url(&format!("/articles/{article}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"For a fairer city. <a class="button" href="https://example.org/join">Join now</a>"#), "{page}");
        assert!(page.contains("Published by the Riverside Socialists"), "{page}");
        let feed = app.get("/feed.atom").await.text().await.unwrap();
        assert!(feed.contains("<title>Riverside Tribune: new contributions</title>"), "{feed}");

        // Emails: named in the subject where the site is, and signed by it.
        app.submit("/register", &[("csrf_token", &csrf_field(&app.page("/register").await)), ("email", "new@example.org"),
            ("display_name", "New Member"), ("location", "Riverside"), ("password", PASSWORD)]).await;
        let mail = app.smtp.wait_for("new@example.org", "Confirm your email address for Riverside Tribune").await;
        assert!(mail.text.contains("Riverside Tribune, the convention discussion of Riverside Socialists"), "{}", mail.text);
        assert!(mail.text.contains("If you did not register with Riverside Tribune"), "{}", mail.text);
        assert!(mail.text.trim_end().ends_with("Published by the Riverside Socialists, 12 Mill Lane."), "{}", mail.text);
        assert!(mail.html.contains("<p>Riverside Tribune, the convention discussion of Riverside Socialists</p>"), "{}", mail.html);

        // The bulletin is published by the organisation, and ends with its name and footer; a
        // renamed organisation makes a new book.
        let (opf, colophon) = bulletin(&app).await;
        assert!(opf.contains("<dc:creator") && opf.contains("Riverside Socialists"), "{opf}");
        assert!(colophon.contains("<p>Published by the Riverside Socialists, 12 Mill Lane.</p>"), "{colophon}");
        let (status, _) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin,
            json!({"title": "Riverside Tribune", "organisation": "Riverside Greens"})).await;
        assert_eq!(status, 200);
        let (opf, _) = bulletin(&app).await;
        assert!(opf.contains("Riverside Greens"), "{opf}");
    }

    async fn mail_is_sent_in_the_sites_name_unless_mail_from_names_a_sender(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mail.from", "news@riverside.test"))).await;
        let cast = app.cast().await;
        let (status, _) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin, json!({"title": "Riverside Tribune"})).await;
        assert_eq!(status, 200);
        app.post_json("/api/v1/auth/password-reset", &json!({"email": "member@example.org"})).await;
        let mail = app.smtp.wait_for("member@example.org", "Reset your Riverside Tribune password").await;
        assert!(mail.headers.contains("From: \"Riverside Tribune\" <news@riverside.test>")
            || mail.headers.contains("From: Riverside Tribune <news@riverside.test>"), "{}", mail.headers);
    }

    async fn calls_to_action_set_by_an_admin_replace_the_configured_ones_under_articles(backend) {
        let app = TestApp::spawn_with(backend, |f| {
            f.merge(("site.calls_to_action", vec![json!({"label": "Configured appeal", "url": "/configured"})]))
        })
        .await;
        let cast = app.cast().await;
        let (_, site) = app.call(Method::GET, "/api/v1/admin/site", &cast.admin, json!(null)).await;
        assert_eq!(site["calls_to_action"][0]["label"], "Configured appeal", "{site}");
        let change = json!({"title": "Tribune", "calls_to_action": [{"label": "Donate", "url": "/donate"}]});
        let (status, saved) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin, change).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["calls_to_action"], json!([{"label": "Donate", "url": "/donate", "text": ""}]));
    }

    async fn bad_site_settings_are_refused_field_by_field_and_change_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let bad = json!({"title": "", "calls_to_action": [{"label": "Join", "url": "javascript:alert(1)"}, {"label": "", "url": "/x"}]});
        let response = app.as_user(Method::PUT, "/api/v1/admin/site", &cast.admin).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        let fields = &body["error"]["fields"];
        for field in ["title", "call_to_action_1_url", "call_to_action_2_label"] {
            assert!(fields.get(field).is_some(), "no error for {field}: {body}");
        }
        assert!(app.page("/").await.contains(r#"<a class="brand" href="/">Tribune</a>"#));
        let five = vec![json!({"label": "Join", "url": "/join"}); 5];
        let more = json!({"title": "Tribune", "footer": "x".repeat(301), "calls_to_action": five});
        let (status, body) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin, more).await;
        assert_eq!(status, 422);
        for field in ["footer", "calls_to_action"] {
            assert!(body["error"]["fields"].get(field).is_some(), "no error for {field}: {body}");
        }
        let (status, _) = app.call(Method::PUT, "/api/v1/admin/site", &cast.editor, json!({"title": "Mine"})).await;
        assert_eq!(status, 403);
        let (status, _) = app.call(Method::GET, "/api/v1/admin/site", &cast.member, json!(null)).await;
        assert_eq!(status, 403);
    }

    async fn the_admin_page_form_saves_the_site_or_shows_each_error_beside_its_field(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("admin@example.org", &[Role::Admin]);
        let login = app.page("/login").await;
        app.submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
        let admin = app.page("/admin").await;
        let csrf = csrf_field(&admin);
        let response = app.submit("/admin/site", &[("csrf_token", &csrf), ("title", "Riverside Tribune"),
            ("organisation", "Riverside Socialists"), ("call_to_action_2_label", "Donate"), ("call_to_action_2_url", "not a link")]).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains(r#"id="call_to_action_2_url-error""#), "{page}");
        assert!(page.contains(r#"value="not a link""#) && page.contains(r#"value="Riverside Socialists""#), "{page}");
        let response = app.submit("/admin/site", &[("csrf_token", &csrf), ("title", "Riverside Tribune"),
            ("organisation", "Riverside Socialists"), ("call_to_action_2_label", "Donate"), ("call_to_action_2_url", "/donate")]).await;
        assert_eq!(response.status(), 303);
        let page = app.page("/admin").await;
        assert!(page.contains("settings are saved: every page shows them now"), "{page}");
        assert!(page.contains(r#"<a class="brand" href="/">Riverside Tribune</a>"#));
        assert!(page.contains(r#"value="/donate""#), "the saved call to action is in the form:\n{page}");
    }

    async fn another_process_shows_a_renamed_site_within_the_caches_time_to_live(backend) {
        let app = TestApp::spawn(backend).await;
        let other = Server::launch(app.settings.clone(), app.db.clone());
        let other_home = || async { app.new_client().get(format!("{}/", other.base_url())).send().await.unwrap().text().await.unwrap() };
        assert!(other_home().await.contains(r#"class="brand" href="/">Tribune<"#));
        let cast = app.cast().await;
        let (status, _) = app.call(Method::PUT, "/api/v1/admin/site", &cast.admin, json!({"title": "Renamed"})).await;
        assert_eq!(status, 200);
        let ttl = app.settings.cache.ttl;
        actix_web::rt::time::sleep(ttl + std::time::Duration::from_millis(200)).await;
        assert!(other_home().await.contains(r#"class="brand" href="/">Renamed<"#));
    }
}

/// The convention's bulletin: its package document and its colophon.
async fn bulletin(app: &TestApp) -> (String, String) {
    let book = app.get(&format!("/conventions/{CONVENTION}/bulletin.epub")).await.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).unwrap();
    let mut file = |suffix: &str| {
        (0..zip.len())
            .find_map(|i| {
                let mut file = zip.by_index(i).unwrap();
                file.name().ends_with(suffix).then(|| std::io::read_to_string(&mut file).unwrap())
            })
            .unwrap_or_else(|| panic!("no {suffix} in the book"))
    };
    (file(".opf"), file("colophon.xhtml"))
}

/// Both requests, sent at once.
async fn futures_join(
    posts: Vec<impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + 'static>,
) -> (reqwest::Response, reqwest::Response) {
    let mut sent: Vec<_> = posts.into_iter().map(actix_web::rt::spawn).collect();
    let b = sent.pop().unwrap().await.unwrap().unwrap();
    let a = sent.pop().unwrap().await.unwrap().unwrap();
    (a, b)
}
