//! The editors' desk in a real browser: an editor narrows the queue with the filters (which
//! stay in the address), ticks pieces, claims them in one go, and rejects several with one
//! reason after a confirmation that names them; a piece a colleague holds is reported by name
//! and left alone. axe-core checks the desk on the way.

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Person, Step};
use reqwest::Method;
use serde_json::json;

use common::{CONVENTION, ESSAY, PASSWORD, TestApp};

async fn story(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    for (slug, title) in [("labor", "Labour and the unions"), ("peace", "Peace and war")] {
        app.call(
            Method::POST,
            &format!("/api/v1/conventions/{CONVENTION}/topics"),
            &cast.admin,
            json!({"slug": slug, "title": title, "framing": format!("The framing document for {title}.")}),
        )
        .await;
    }
    let mut ids = Vec::new();
    for (title, topic) in [
        ("Organising the warehouses", "labor"),
        ("A union in every school", "labor"),
        ("Held by a colleague", "labor"),
        ("No to the new war", "peace"),
    ] {
        let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({"convention": CONVENTION,
            "title": title, "body": ESSAY, "byline_name": "Lucy Parsons", "byline_location": "Chicago", "topic": topic})).await;
        let id = json["id"].as_i64().ok_or(format!("no draft: {status} {json}"))?;
        app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        ids.push(id);
    }
    app.call(Method::POST, &format!("/api/v1/review/{}/claim", ids[2]), &cast.editor2, json!({})).await;

    // The editor narrows the queue to one topic; the choice stays in the address.
    person.sign_in("editor@example.org", PASSWORD).await?;
    person.open("/review").await?;
    person.sees("Labour and the unions (2)").await?;
    person.sees("Peace and war (1)").await?;
    person.click("select#topic option[value='labor']").await?;
    person.click("form.filters button[type='submit']").await?;
    person.sees("Organising the warehouses").await?;
    let path = person.address().await?;
    if !path.contains("topic=labor") {
        return Err(format!("the filter is not in the address: {path}"));
    }
    if person.text().await?.contains("No to the new war") {
        return Err("a piece of another topic is listed".into());
    }
    person.passes_axe("the filtered review queue").await?;

    // She ticks both waiting labour pieces and claims them in one go.
    person.click(&format!("input[name='pick_{}']", ids[0])).await?;
    person.click(&format!("input[name='pick_{}']", ids[1])).await?;
    person.click("button[value='claim']").await?;
    person.sees("Claimed: 2").await?;
    person.sees("Organising the warehouses — now in review").await?;

    // Everything claimed, by whom: her two and her colleague's one.
    person.click("select#status option[value='in_review']").await?;
    person.click("form.filters button[type='submit']").await?;
    person.sees("Held by a colleague").await?;
    person.passes_axe("the claimed pieces, with who holds them").await?;

    // She rejects one of hers and her colleague's with one reason: asked first, by name.
    person.click(&format!("input[name='pick_{}']", ids[0])).await?;
    person.click(&format!("input[name='pick_{}']", ids[2])).await?;
    person.type_into("bulk-reason", "The discussion has covered this ground already.").await?;
    person.click("button[value='reject']").await?;
    person.sees("Reject 2 pieces?").await?;
    person.sees("“Organising the warehouses” by Lucy Parsons").await?;
    person.passes_axe("the bulk rejection's confirmation").await?;
    person.click("button[value='confirm']").await?;
    person.sees("Not changed: 1").await?;
    person.sees("Held by a colleague: Another editor has claimed this submission.").await?;
    person.sees("Organising the warehouses — now rejected").await?;
    person.passes_axe("the report of a bulk action").await?;
    let mail = app.smtp.wait_for("member@example.org", "Not published: Organising the warehouses").await;
    if !mail.text.contains("The discussion has covered this ground already.") {
        return Err(format!("the rejection email does not carry the reason:\n{}", mail.text));
    }
    Ok(())
}

on_both_backends! {
    async fn an_editor_filters_the_queue_and_acts_on_several_pieces_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        browser::walk(&app, &format!("desk-{backend:?}"), async |person| story(&app, person).await).await;
    }
}
