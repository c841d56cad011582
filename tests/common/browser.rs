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
const WAIT: Duration = Duration::from_secs(15);

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

    /// Types into the field, waiting up to `WAIT` for it to be on the page.
    pub async fn type_into(&self, field: &str, text: &str) -> Step<()> {
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
    pub async fn click(&self, css: &str) -> Step<()> {
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
}

impl Person<'_> {
    /// The path of the page the browser is on.
    pub async fn path(&self) -> Step<String> {
        Ok(self.client.current_url().await.map_err(|e| e.to_string())?.path().to_string())
    }

    /// The value of a form field as the page shows it now.
    pub async fn value_of(&self, field: &str) -> Step<String> {
        let element = self.client.find(Locator::Id(field)).await.map_err(|e| format!("field #{field}: {e}"))?;
        Ok(element.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default())
    }
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
