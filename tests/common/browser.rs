//! The browser half of the harness, for the test binaries that walk the pages: Debian's headless
//! Chromium driven over WebDriver by fantoccini, and a [`Person`] who opens, types, clicks and
//! reads as someone at the browser would. Include it with `#[path = "common/browser.rs"] mod browser;`.
#![allow(dead_code)] // Each browser test binary uses its own part.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::common::TestApp;

/// How long a step waits for the page to show what it expects: generous, because the machine
/// may be busy building or running other tests, and a step that is met returns at once.
pub const WAIT: Duration = Duration::from_secs(15);

/// A chromedriver of our own on a free port, stopped when dropped.
pub struct Driver {
    process: Child,
    pub port: u16,
}

impl Driver {
    pub fn start() -> Driver {
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

pub async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
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
pub struct Person<'a> {
    pub client: &'a Client,
    pub base: &'a str,
}

pub type Step<T> = Result<T, String>;

impl Person<'_> {
    pub async fn open(&self, path: &str) -> Step<()> {
        self.client.goto(&format!("{}{path}", self.base)).await.map_err(|e| format!("open {path}: {e}"))
    }

    /// Retries `action` until it succeeds or [`WAIT`] runs out: the previous click may still be
    /// loading the page the action needs.
    async fn patiently<T, F, Fut>(&self, what: &str, mut action: F) -> Step<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Step<T>>,
    {
        let started = Instant::now();
        loop {
            match action().await {
                Ok(done) => return Ok(done),
                Err(e) if started.elapsed() > WAIT => return Err(format!("{what}: {e}")),
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Types into the field, replacing what it held.
    pub async fn type_into(&self, field: &str, text: &str) -> Step<()> {
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
    pub async fn pick_time(&self, field: &str, value: &str) -> Step<()> {
        self.patiently(&format!("pick a time in #{field}"), || async {
            self.client.find(Locator::Id(field)).await.map_err(|e| e.to_string())?;
            let script = "const f = document.getElementById(arguments[0]); f.value = arguments[1]; \
                          f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));";
            self.client.execute(script, vec![json!(field), json!(value)]).await.map_err(|e| e.to_string())?;
            Ok(())
        })
        .await
    }

    pub async fn click(&self, css: &str) -> Step<()> {
        self.patiently(&format!("click {css}"), || async {
            let element = self.client.find(Locator::Css(css)).await.map_err(|e| e.to_string())?;
            element.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Waits for an element to be on the page.
    pub async fn finds(&self, css: &str) -> Step<()> {
        self.patiently(&format!("find {css}"), || async {
            self.client.find(Locator::Css(css)).await.map(drop).map_err(|e| e.to_string())
        })
        .await
    }

    pub async fn text(&self) -> Step<String> {
        let body = self.client.find(Locator::Css("body")).await.map_err(|e| e.to_string())?;
        body.text().await.map_err(|e| e.to_string())
    }

    pub async fn sees(&self, expected: &str) -> Step<()> {
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

    /// The path of the page the browser is on.
    pub async fn path(&self) -> Step<String> {
        Ok(self.client.current_url().await.map_err(|e| e.to_string())?.path().to_string())
    }

    /// The whole address of the page the browser is on, query included.
    pub async fn address(&self) -> Step<String> {
        Ok(self.client.current_url().await.map_err(|e| e.to_string())?.to_string())
    }

    /// The value of a form field as the page shows it now.
    pub async fn value_of(&self, field: &str) -> Step<String> {
        let element = self.client.find(Locator::Id(field)).await.map_err(|e| format!("field #{field}: {e}"))?;
        Ok(element.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default())
    }

    /// Registers through the form, as far as "Check your email".
    pub async fn register(&self, email: &str, name: &str, location: &str, password: &str) -> Step<()> {
        self.open("/register").await?;
        self.type_into("email", email).await?;
        self.type_into("display_name", name).await?;
        self.type_into("location", location).await?;
        self.type_into("password", password).await?;
        self.click("main form button[type=submit]").await?;
        self.sees("Check your email").await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Step<()> {
        self.client.delete_all_cookies().await.map_err(|e| e.to_string())?;
        self.open("/login").await?;
        self.type_into("email", email).await?;
        self.type_into("password", password).await?;
        self.click("main form button[type=submit]").await?;
        self.sees("Sign out").await
    }

    pub async fn sign_out(&self) -> Step<()> {
        self.client.delete_all_cookies().await.map_err(|e| e.to_string())
    }

    /// axe-core finds no serious or critical violation on the page as it is; `what` names the
    /// page in the failure, since several states of a page share one path.
    pub async fn passes_axe(&self, what: &str) -> Step<()> {
        let problems = axe_problems(self).await?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("serious or critical accessibility violations on {what}:\n{}", problems.join("\n")))
        }
    }
}

/// axe-core's serious and critical violations on the page the browser shows, each as
/// `path: rule: help (number of elements)`.
pub async fn axe_problems(person: &Person<'_>) -> Step<Vec<String>> {
    let axe_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).map_err(|e| {
        format!("{}: {e} (npm install --prefix target/axe axe-core@4.14.1; .ci/run does it)", axe_path.display())
    })?;
    // The page's CSP allows no inline script, but WebDriver's injected scripts are not page scripts.
    let script = format!(
        "{axe}\nconst done = arguments[arguments.length - 1];\naxe.run(document, {{resultTypes: ['violations']}}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))).catch(e => done(['axe failed: ' + e]));"
    );
    let path = person.path().await?;
    let result = person.client.execute_async(&script, vec![]).await.map_err(|e| format!("axe on {path}: {e}"))?;
    Ok(result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| format!("{path}: {}", v.as_str().unwrap_or_default()))
        .collect())
}

/// Walks `story` in a fresh browser against `app`; a failing step leaves a screenshot in
/// `target/browser-failures/<name>.png` and fails the test with the step's message.
pub async fn walk<F>(app: &TestApp, name: &str, story: F)
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
