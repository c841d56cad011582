//! A member's story in a real browser (Debian's headless Chromium over WebDriver, fantoccini),
//! by clicking and typing, with the real emails: registering, writing before the address is
//! confirmed and never losing the essay, having the link sent again, and sending the essay once
//! confirmed. axe-core checks the pages an unconfirmed member sees on the way. A failing step
//! leaves a screenshot in `target/browser-failures/`.

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::time::{Duration, Instant};

use tribune::domain::user::Role;

use browser::{Person, Step, WAIT, axe_problems, walk};

use common::{CONVENTION, PASSWORD, TestApp};

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
    person.register("clara@example.org", "Clara Zetkin", "Oakland", PASSWORD).await?;
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
    person.passes_axe("the withdrawal's confirmation page").await?;
    person.click("button[value=back]").await?;
    person.sees("Status: submitted").await?;
    person.click("button.danger").await?;
    person.sees("This cannot be undone").await?;
    person.click("button[value=confirm]").await?;
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
