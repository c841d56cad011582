//! The editor's desk in a real browser (Debian's headless Chromium over WebDriver, fantoccini):
//! a refused form comes back with the error beside the field, a usual reason is picked and
//! confirmed, a scheduled publication is shown and moved, an article is taken down, and each
//! author gets the email. axe-core checks the pages on the way. A failing step leaves a
//! screenshot in `target/browser-failures/`.

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Person, Step};

use common::{CONVENTION, ESSAY, PASSWORD, TestApp};

async fn story(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    let usual = app.settings.review.reject_reasons[1].clone();
    let turned_down = app.submitted(&cast.member, "Another word on the same old points", ESSAY, &[]).await;
    let scheduled = app.submitted(&cast.member, "For the first morning of the convention", ESSAY, &[]).await;
    let slug = app.published(&cast.member2, &cast.editor2, "A piece that will be taken down", ESSAY, &[]).await;

    // The editor claims a piece and presses "Reject…" without a reason: the page comes back,
    // with the error beside the field.
    person.sign_in("editor@example.org", PASSWORD).await?;
    person.open("/review").await?;
    person.click(&format!("a[href='/review/{turned_down}']")).await?;
    person.click("form[action$='/claim'] button").await?;
    person.sees("Status: in review").await?;
    person.passes_axe("the review page of a piece in review").await?;
    person.click("form[action$='/reject'] button").await?;
    person.finds("#reason[aria-invalid='true']").await?;
    person.sees("must not be empty").await?;
    person.sees("Edit the reasons").await?;
    person.passes_axe("the review page with an error").await?;

    // She picks a usual reason, which fills in its text, adds a word, and confirms; the author
    // gets exactly that.
    person.click("#reject-choice option:nth-child(3)").await?;
    let filled = person.value_of("reason").await?;
    if filled != usual {
        return Err(format!("picking the reason filled in {filled:?}, not {usual:?}"));
    }
    person.type_into("reason", &format!("{usual}\n\nThank you for writing to us.")).await?;
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
    person.sign_in("member@example.org", PASSWORD).await?;
    person.open("/me/submissions").await?;
    person.sees(&format!("to be published on {} UTC", later.format("%Y-%m-%d %H:%M"))).await?;
    person.click(&format!("a[href='/submissions/{scheduled}']")).await?;
    person.sees(&format!("it will be published on {} UTC", later.format("%Y-%m-%d %H:%M"))).await
}

on_both_backends! {
    async fn an_editor_rejects_with_a_usual_reason_moves_a_schedule_and_takes_a_piece_down(backend) {
        let app = TestApp::spawn(backend).await;
        browser::walk(&app, &format!("editor-{backend:?}"), async |person| story(&app, person).await).await;
    }
}
