//! A member's story in a real browser (Debian's headless Chromium over WebDriver, fantoccini),
//! by clicking and typing, with the real emails: registering, writing before the address is
//! confirmed and never losing the essay, having the link sent again, and sending the essay once
//! confirmed. axe-core checks the pages an unconfirmed member sees on the way. A failing step
//! leaves a screenshot in `target/browser-failures/`.
//!
//! The browser helpers below are a minimal copy of those in `tests/browser.rs`, shaped like the
//! shared `tests/common/browser.rs` the harness is getting, so that switching is deleting them.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tribune::domain::user::Role;

use common::{CONVENTION, PASSWORD, TestApp};

/// How long a step waits for the page to show what it expects: generous, because the machine
/// may be busy building or running other tests, and a step that is met returns at once.
const WAIT: Duration = Duration::from_secs(15);

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

/// One person at the browser: the page steps of the story.
struct Person<'a> {
    client: &'a Client,
    base: &'a str,
}

type Step<T> = Result<T, String>;

impl Person<'_> {
    async fn open(&self, path: &str) -> Step<()> {
        self.client.goto(&format!("{}{path}", self.base)).await.map_err(|e| format!("open {path}: {e}"))
    }

    /// Types into the field, waiting up to `WAIT` for it to be on the page.
    async fn type_into(&self, field: &str, text: &str) -> Step<()> {
        let started = Instant::now();
        loop {
            let outcome = match self.client.find(Locator::Id(field)).await {
                Ok(element) => match element.clear().await {
                    Ok(()) => element.send_keys(text).await.map_err(|e| format!("type into #{field}: {e}")),
                    Err(e) => Err(e.to_string()),
                },
                Err(e) => Err(format!("field #{field}: {e}")),
            };
            match outcome {
                Ok(()) => return Ok(()),
                Err(e) if started.elapsed() > WAIT => return Err(e),
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the element, waiting up to `WAIT` for it (the previous click may still be loading).
    async fn click(&self, css: &str) -> Step<()> {
        let started = Instant::now();
        loop {
            let outcome = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.click().await.map_err(|e| format!("click {css}: {e}")),
                Err(e) => Err(format!("find {css}: {e}")),
            };
            match outcome {
                Ok(()) => return Ok(()),
                Err(e) if started.elapsed() > WAIT => return Err(e),
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
            }
        }
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
            if started.elapsed() > WAIT {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                return Err(format!("expected {expected:?} on {url}, page says:\n{text}"));
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn sign_in(&self, email: &str, password: &str) -> Step<()> {
        self.client.delete_all_cookies().await.map_err(|e| e.to_string())?;
        self.open("/login").await?;
        self.type_into("email", email).await?;
        self.type_into("password", password).await?;
        self.click("main form button[type=submit]").await?;
        self.sees("Sign out").await
    }

    /// The path of the page the browser is on.
    async fn path(&self) -> Step<String> {
        Ok(self.client.current_url().await.map_err(|e| e.to_string())?.path().to_string())
    }

    /// The value of a form field as the page shows it now.
    async fn value_of(&self, field: &str) -> Step<String> {
        let element = self.client.find(Locator::Id(field)).await.map_err(|e| format!("field #{field}: {e}"))?;
        Ok(element.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default())
    }
}

/// Walks `story` in a fresh browser against `app`; a failing step leaves a screenshot in
/// `target/browser-failures/<name>.png` and fails the test with the step's message.
async fn walk<F>(app: &TestApp, name: &str, story: F)
where
    F: AsyncFnOnce(&Person<'_>) -> Step<()>,
{
    let driver = Driver::start();
    let client = browser(&driver, &app.database.scratch_dir().join("chromium")).await;
    let person = Person { client: &client, base: &app.address };
    let outcome = story(&person).await;
    if let Err(failure) = outcome {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let shot = dir.join(format!("{name}.png"));
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(&shot, png);
        }
        let _ = client.close().await;
        panic!("{failure}\n(screenshot: {})", shot.display());
    }
    client.close().await.expect("close the browser");
}

/// axe-core's serious and critical violations on the page the browser shows.
async fn axe_problems(person: &Person<'_>) -> Step<Vec<String>> {
    let axe_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path)
        .map_err(|e| format!("{}: {e} (npm install --prefix target/axe axe-core@4.14.1)", axe_path.display()))?;
    // The page's CSP allows no inline script, but WebDriver's injected scripts are not page scripts.
    let script = format!(
        "{axe}\nconst done = arguments[arguments.length - 1];\naxe.run(document, {{resultTypes: ['violations']}}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))).catch(e => done(['axe failed: ' + e]));"
    );
    let result = person.client.execute_async(&script, vec![]).await.map_err(|e| format!("axe: {e}"))?;
    let path = person.path().await?;
    Ok(result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| format!("{path}: {}", v.as_str().unwrap_or_default()))
        .collect())
}

/// An essay of about 250 words in four paragraphs, as a member would paste it.
fn long_essay() -> String {
    let paragraph = "Our clubs grow when every member has a task, a place and a reason to come back next month.";
    (1..=4).map(|n| format!("Part {n}. {}", [paragraph; 6].join(" "))).collect::<Vec<_>>().join("\n\n")
}

/// Waits until `count` messages to `to` about `subject` have arrived; returns them in the order
/// they came.
async fn emails(app: &TestApp, to: &str, subject: &str, count: usize) -> Step<Vec<common::smtp::ReceivedEmail>> {
    let started = Instant::now();
    loop {
        let found: Vec<_> = app.smtp.all().into_iter().filter(|m| m.to == to && m.subject.contains(subject)).collect();
        if found.len() >= count {
            return Ok(found);
        }
        if started.elapsed() > WAIT {
            return Err(format!("{} of {count} messages to {to} about {subject:?} arrived", found.len()));
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn unconfirmed_member_keeps_the_essay(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let mut problems = Vec::new();

    // Clara registers, and signs in without opening the link.
    person.open("/register").await?;
    person.type_into("email", "clara@example.org").await?;
    person.type_into("display_name", "Clara Zetkin").await?;
    person.type_into("location", "Oakland").await?;
    person.type_into("password", PASSWORD).await?;
    person.click("main form button[type=submit]").await?;
    person.sees("Check your email").await?;
    let first_link = emails(app, "clara@example.org", "Confirm", 1).await?.remove(0).token("/verify");
    person.sign_in("clara@example.org", PASSWORD).await?;

    // The essay form warns her before she writes, and starts her byline for her.
    person.open("/submit").await?;
    person.sees("Confirm your address to send this to the editors.").await?;
    problems.extend(axe_problems(person).await?);
    for (field, expected) in [("byline_name", "Clara Zetkin"), ("byline_location", "Oakland")] {
        let shown = person.value_of(field).await?;
        if shown != expected {
            return Err(format!("the byline's {field} shows {shown:?}, not the account's {expected:?}"));
        }
    }
    let essay = long_essay();
    person.type_into("title", "Every member a task").await?;
    person.type_into("body", &essay).await?;
    person.click("main form[action='/submit'] button[type=submit]").await?;

    // Saved, and kept: nothing was refused.
    person.sees("Not sent to the editors yet").await?;
    person.sees("Part 4. Our clubs grow").await?;
    let draft = person.path().await?;
    problems.extend(axe_problems(person).await?);

    // Sending waits for the confirmation, and says so beside the button.
    person.click("form[action$='/submit'] button").await?;
    person.sees("Confirm your email address to send this to the editors").await?;
    person.sees("Part 4. Our clubs grow").await?;
    problems.extend(axe_problems(person).await?);

    // She has the link sent again, and opens it from the new email.
    person.click("form[action='/verify/resend'] button").await?;
    person.sees("We sent a new link to clara@example.org").await?;
    problems.extend(axe_problems(person).await?);
    person.click("main a").await?;
    person.sees("Every member a task").await?;
    let again = emails(app, "clara@example.org", "Confirm", 2).await?;
    let new_link = again
        .iter()
        .find(|m| m.token("/verify") != first_link)
        .ok_or("no message with a new link arrived")?
        .link("/verify");
    person.open(&new_link).await?;
    person.sees("Address confirmed").await?;

    // Now the same button sends it.
    person.open(&draft).await?;
    person.click("form[action$='/submit'] button").await?;
    person.sees("Status: submitted").await?;
    person.sees("Sent to the editors on").await?;

    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("serious or critical accessibility violations:\n{}", problems.join("\n")))
    }
}

async fn withdrawing_is_confirmed(person: &Person<'_>, id: i64) -> Step<()> {
    person.sign_in("member@example.org", PASSWORD).await?;
    person.open(&format!("/submissions/{id}")).await?;
    person.click("button.danger").await?;
    person.sees("Withdraw «An essay to think twice about»?").await?;
    person.sees("This cannot be undone").await?;
    let problems = axe_problems(person).await?;
    if !problems.is_empty() {
        return Err(format!("serious or critical accessibility violations:\n{}", problems.join("\n")));
    }
    person.click("a.button.secondary").await?;
    person.sees("Status: submitted").await?;
    person.click("button.danger").await?;
    person.sees("This cannot be undone").await?;
    person.click("button.danger").await?;
    person.sees("Status: withdrawn").await
}

on_both_backends! {
    async fn an_unconfirmed_member_writes_keeps_and_once_confirmed_sends_an_essay(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        walk(&app, &format!("member-{backend:?}"), async |person| unconfirmed_member_keeps_the_essay(&app, person).await).await;
    }

    async fn an_author_withdraws_only_after_confirming(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay to think twice about", common::ESSAY, &[]).await;
        walk(&app, &format!("withdraw-{backend:?}"), async |person| withdrawing_is_confirmed(person, id).await).await;
    }
}
