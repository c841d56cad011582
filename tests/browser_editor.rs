//! The editor's desk in a real browser (Debian's headless Chromium over WebDriver, fantoccini):
//! a refused form comes back with the error beside the field, a usual reason is picked and
//! confirmed, a scheduled publication is shown and moved, an article is taken down, and each
//! author gets the email. axe-core checks the pages on the way. A failing step leaves a
//! screenshot in `target/browser-failures/`.
//!
//! The WebDriver helpers are a minimal copy of those in `tests/browser.rs`, until both share one
//! module of the harness.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use common::{CONVENTION, ESSAY, PASSWORD, TestApp};

/// How long a step waits for what it expects: the machine is shared and may be slow.
const PATIENCE: Duration = Duration::from_secs(10);

/// A chromedriver of our own on a free port, stopped when dropped.
struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium-driver; .ci/run does it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { process, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({"binary": "/usr/bin/chromium", "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            format!("--user-data-dir={}", profile.display()), "--window-size=1200,1600"
        ]}),
    );
    ClientBuilder::rustls()
        .expect("a TLS setup for the WebDriver client")
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

type Step<T> = Result<T, String>;

/// One person at the browser.
struct Person<'a> {
    client: &'a Client,
    base: &'a str,
    axe: &'a str,
}

impl Person<'_> {
    async fn open(&self, path: &str) -> Step<()> {
        self.client.goto(&format!("{}{path}", self.base)).await.map_err(|e| format!("open {path}: {e}"))
    }

    /// Retries `action` until it succeeds or [`PATIENCE`] runs out (the page may still be loading).
    async fn patiently<T, F, Fut>(&self, what: &str, mut action: F) -> Step<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Step<T>>,
    {
        let started = Instant::now();
        loop {
            match action().await {
                Ok(done) => return Ok(done),
                Err(e) if started.elapsed() > PATIENCE => return Err(format!("{what}: {e}")),
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    async fn type_into(&self, field: &str, text: &str) -> Step<()> {
        self.patiently(&format!("type into #{field}"), || async {
            let element = self.client.find(Locator::Id(field)).await.map_err(|e| e.to_string())?;
            element.clear().await.map_err(|e| e.to_string())?;
            element.send_keys(text).await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Picks a date and time in a `datetime-local` field. Browsers type into these through a
    /// picker laid out by locale, which WebDriver cannot drive the same way everywhere, so the
    /// value is set as the picker would set it, and the usual events fire.
    async fn pick_time(&self, field: &str, value: &str) -> Step<()> {
        self.patiently(&format!("pick a time in #{field}"), || async {
            self.client.find(Locator::Id(field)).await.map_err(|e| e.to_string())?;
            let script = "const f = document.getElementById(arguments[0]); f.value = arguments[1]; \
                          f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));";
            self.client.execute(script, vec![json!(field), json!(value)]).await.map_err(|e| e.to_string())?;
            Ok(())
        })
        .await
    }

    async fn click(&self, css: &str) -> Step<()> {
        self.patiently(&format!("click {css}"), || async {
            let element = self.client.find(Locator::Css(css)).await.map_err(|e| e.to_string())?;
            element.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    async fn text(&self) -> Step<String> {
        let body = self.client.find(Locator::Css("body")).await.map_err(|e| e.to_string())?;
        body.text().await.map_err(|e| e.to_string())
    }

    async fn sees(&self, expected: &str) -> Step<()> {
        let started = Instant::now();
        loop {
            // While the browser is still loading the next page, the old body goes stale: retry.
            let text = self.text().await.unwrap_or_default();
            if text.contains(expected) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                return Err(format!("expected {expected:?} on {url}, page says:\n{text}"));
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element to be on the page.
    async fn finds(&self, css: &str) -> Step<()> {
        self.patiently(&format!("find {css}"), || async {
            self.client.find(Locator::Css(css)).await.map(drop).map_err(|e| e.to_string())
        })
        .await
    }

    async fn sign_in(&self, email: &str) -> Step<()> {
        self.client.delete_all_cookies().await.map_err(|e| e.to_string())?;
        self.open("/login").await?;
        self.type_into("email", email).await?;
        self.type_into("password", PASSWORD).await?;
        self.click("main form button[type=submit]").await?;
        self.sees("Sign out").await
    }

    /// Runs axe-core on the page as it is: no serious or critical violation.
    async fn passes_axe(&self, what: &str) -> Step<()> {
        let script = format!(
            "{}\nconst done = arguments[arguments.length - 1];\naxe.run(document, {{resultTypes: ['violations']}}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))).catch(e => done(['axe failed: ' + e]));",
            self.axe
        );
        let result = self.client.execute_async(&script, vec![]).await.map_err(|e| format!("axe on {what}: {e}"))?;
        let violations: Vec<String> = result
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        if violations.is_empty() { Ok(()) } else { Err(format!("axe on {what}:\n{}", violations.join("\n"))) }
    }
}

async fn story(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    let usual = app.settings.review.reject_reasons[1].clone();
    let turned_down = app.submitted(&cast.member, "Another word on the same old points", ESSAY, &[]).await;
    let scheduled = app.submitted(&cast.member, "For the first morning of the convention", ESSAY, &[]).await;
    let slug = app.published(&cast.member2, &cast.editor2, "A piece that will be taken down", ESSAY, &[]).await;

    // The editor claims a piece and presses "Reject…" without a reason: the page comes back,
    // with the error beside the field.
    person.sign_in("editor@example.org").await?;
    person.open("/review").await?;
    person.click(&format!("a[href='/review/{turned_down}']")).await?;
    person.click("form[action$='/claim'] button").await?;
    person.sees("Status: in review").await?;
    person.passes_axe("the review page of a piece in review").await?;
    person.click("form[action$='/reject'] button").await?;
    person.finds("#reason[aria-invalid='true']").await?;
    person.sees("must not be empty").await?;
    person.sees("Usual reasons").await?;
    person.passes_axe("the review page with an error").await?;

    // She picks a usual reason, adds a word, and confirms; the author gets exactly that.
    person.click(&format!("input[name='reason_choice'][value='{usual}']")).await?;
    person.type_into("reason", "Thank you for writing to us.").await?;
    person.click("form[action$='/reject'] button").await?;
    person.sees("Reject “Another word on the same old points”?").await?;
    person.sees("This is final").await?;
    person.passes_axe("the confirmation page").await?;
    person.click("button[value='confirm']").await?;
    person.sees("Status: rejected").await?;
    let mail = app.smtp.wait_for("member@example.org", "Not published").await;
    if !(mail.text.contains(&usual) && mail.text.contains("Thank you for writing to us.")) {
        return Err(format!("the rejection email does not carry the reason:\n{}", mail.text));
    }

    // She approves another for a time, sees it scheduled, and moves it a day later.
    person.open(&format!("/review/{scheduled}")).await?;
    person.click("form[action$='/claim'] button").await?;
    let first = chrono::Utc::now() + chrono::TimeDelta::days(5);
    person.pick_time("publish_at", &first.format("%Y-%m-%dT%H:%M").to_string()).await?;
    person.click("form[action$='/approve'] button").await?;
    person.sees(&format!("Scheduled for {} UTC", first.format("%Y-%m-%d %H:%M"))).await?;
    person.passes_axe("the review page of a scheduled piece").await?;
    let later = first + chrono::TimeDelta::days(1);
    person.pick_time("reschedule-at", &later.format("%Y-%m-%dT%H:%M").to_string()).await?;
    person.click("form[action$='/reschedule'] button").await?;
    person.sees(&format!("Scheduled for {} UTC", later.format("%Y-%m-%d %H:%M"))).await?;
    person.sees(&format!("Rescheduled from {} UTC", first.format("%Y-%m-%d %H:%M"))).await?;
    person.open("/review?status=approved").await?;
    person.sees(&format!("Scheduled for {} UTC", later.format("%Y-%m-%d %H:%M"))).await?;

    // She takes a published piece down, confirming with the reason; its author is told why.
    let (_, mine) =
        app.call(reqwest::Method::GET, "/api/v1/me/submissions", &cast.member2, serde_json::Value::Null).await;
    let published = mine["items"][0]["id"].as_i64().ok_or("no submission of the second member")?;
    person.open(&format!("/review/{published}")).await?;
    person.type_into("unpublish-reason", "A quotation in it could not be confirmed.").await?;
    person.click("form[action$='/unpublish'] button").await?;
    person.sees("Unpublish “A piece that will be taken down”?").await?;
    person.click("button[value='confirm']").await?;
    person.sees("Status: unpublished").await?;
    let mail = app.smtp.wait_for("member2@example.org", "Taken down:").await;
    if !mail.text.contains("A quotation in it could not be confirmed.") {
        return Err(format!("the unpublication email does not carry the reason:\n{}", mail.text));
    }
    let status = app.get(&format!("/articles/{slug}")).await.status();
    if status != 404 {
        return Err(format!("the article taken down still answers {status}"));
    }

    // The author of the scheduled piece sees its new time on her pages.
    person.sign_in("member@example.org").await?;
    person.open("/me/submissions").await?;
    person.sees(&format!("to be published on {} UTC", later.format("%Y-%m-%d %H:%M"))).await?;
    person.click(&format!("a[href='/submissions/{scheduled}']")).await?;
    person.sees(&format!("it will be published on {} UTC", later.format("%Y-%m-%d %H:%M"))).await
}

on_both_backends! {
    async fn an_editor_rejects_with_a_usual_reason_moves_a_schedule_and_takes_a_piece_down(backend) {
        let app = TestApp::spawn(backend).await;
        let axe_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path)
            .unwrap_or_else(|e| panic!("{}: {e} (npm install --prefix target/axe axe-core@4.14.1; .ci/run does it)", axe_path.display()));
        let driver = Driver::start();
        let client = browser(&driver, &app.database.scratch_dir().join("chromium")).await;
        let person = Person { client: &client, base: &app.address, axe: &axe };
        if let Err(failure) = story(&app, &person).await {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-failures");
            let _ = std::fs::create_dir_all(&dir);
            let shot = dir.join(format!("editor-{backend:?}.png"));
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(&shot, png);
            }
            let _ = client.close().await;
            panic!("{failure}\n(screenshot: {})", shot.display());
        }
        client.close().await.expect("close the browser");
    }
}
