//! Checking the mail in a real browser: an admin reads on `/admin` which transport is in use,
//! presses "Send a test message", and the page says it was sent; the message arrives at the test
//! SMTP server once (the worker never sends it again), and the outbox lists it as sent. axe-core
//! checks the page on the way.

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::time::Duration;

use browser::{Person, Step};
use tribune::domain::user::Role;

use common::{PASSWORD, TestApp};

async fn story(app: &TestApp, person: &Person<'_>) -> Step<()> {
    app.create_user("admin@example.org", &[Role::Admin]);
    person.sign_in("admin@example.org", PASSWORD).await?;
    person.open("/admin").await?;
    let port = app.smtp.port;
    person.sees(&format!("Mail goes out as: SMTP to 127.0.0.1:{port} without signing in (unencrypted).")).await?;
    if person.value_of("mail-test-to").await? != "admin@example.org" {
        return Err("the test message does not default to the admin's own address".into());
    }
    person.passes_axe("the admin page's mail section").await?;

    person.click("#form-mail-test button[type='submit']").await?;
    person.sees("The test message is sent.").await?;
    person.sees("Sent to admin@example.org: the mail server took it.").await?;
    person.passes_axe("the outcome of a test message").await?;
    let mail = app.smtp.wait_for("admin@example.org", "Test message from Tribune").await;
    if !mail.text.contains("If you are reading it, mail from Tribune reaches this address") {
        return Err(format!("the test message says something else:\n{}", mail.text));
    }
    // The outbox lists it as sent, and the worker (polling every 50 ms here) does not send it again.
    person.sees("Test message from Tribune").await?;
    person.finds("#recent-mail + table").await?;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let copies = app.smtp.all().iter().filter(|m| m.subject == "Test message from Tribune").count();
    if copies != 1 {
        return Err(format!("the test message arrived {copies} times"));
    }
    person.open("/admin").await?;
    person.sees("Sent 20").await
}

on_both_backends! {
    async fn an_admin_sends_a_test_message_and_the_page_says_it_was_sent(backend) {
        let app = TestApp::spawn(backend).await;
        browser::walk(&app, &format!("mail-check-{backend:?}"), async |person| story(&app, person).await).await;
    }
}
