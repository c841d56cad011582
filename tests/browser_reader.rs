//! The reader's side in a real browser: the mailbag box beside an article, asking a question the
//! way people do, quicker than the time trap expects, then once more, and reading in Spanish.

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, TestApp};

/// The least time between showing the ask form and sending it: long enough that typing three
/// fields on a busy machine still comes in under it.
const MIN_SECONDS_TO_ASK: u64 = 6;

const QUESTION: &str = "When did the clubs first meet in the evenings?";

on_both_backends! {
    async fn a_reader_finds_the_mailbag_beside_an_article_and_asks_too_quickly_then_again(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("mailbag.min_seconds_to_ask", MIN_SECONDS_TO_ASK))).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let expert = app.user_with("expert@example.org", &[Role::Expert]).await;
        let asked = app.post_json("/api/v1/mailbag/questions",
            &json!({"name": "Dora Reader", "email": "dora@example.org", "body": QUESTION, "topic": "History"})).await;
        assert_eq!(asked.status(), 202);
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
        let id = inbox["items"][0]["id"].as_i64().unwrap();
        app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &expert,
            json!({"body": "In the 1920s, when most members worked by day."})).await;
        let (_, thread) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), &cast.editor,
            json!({"headline": "Evening meetings"})).await;
        let thread = thread["slug"].as_str().unwrap().to_string();
        let article = app.published(&cast.member, &cast.editor, "Why we organise", ESSAY, &[]).await;

        browser::walk(&app, &format!("mailbag-box-{backend:?}"), async |person| {
            // Beside the article: the latest answered question, and a way to read all of it.
            person.open(&format!("/articles/{article}")).await?;
            person.sees("If you have a question about the 30th National Convention, ask our experts.").await?;
            person.sees(QUESTION).await?;
            person.click(&format!(".mailbag-box a[href='/mailbag/{thread}']")).await?;
            person.sees("Our experts answer").await?;
            person.sees("In the 1920s, when most members worked by day.").await?;

            // Back to the article, and on to ask a question of her own.
            person.open(&format!("/articles/{article}")).await?;
            person.click(".mailbag-box a[href='/mailbag/ask']").await?;
            person.sees("Ask the mailbag").await?;
            let question = "Were the evening meetings open to members' families too?";
            person.type_into("name", "Rosa Reader").await?;
            person.type_into("email", "rosa@example.org").await?;
            person.type_into("body", question).await?;
            person.click("button[value=send]").await?;

            // Sooner than the time trap allows: the form comes back as she filled it in.
            person.sees("That was quick — please check your question and press Send again.").await?;
            for (field, typed) in [("name", "Rosa Reader"), ("email", "rosa@example.org"), ("body", question)] {
                let shown = person.value_of(field).await?;
                if shown != typed {
                    return Err(format!("#{field} shows {shown:?} after the quick send, not {typed:?}"));
                }
            }
            actix_web::rt::time::sleep(Duration::from_secs(MIN_SECONDS_TO_ASK) + Duration::from_millis(200)).await;
            person.click("button[value=send]").await?;
            person.sees("Thank you for your question").await?;

            // She reads Spanish first: the header's link turns the pages to Spanish, and keeps them so.
            person.open("/mailbag").await?;
            person.click("nav.languages a[lang=es]").await?;
            person.sees("Los lectores preguntan, nuestros expertos responden.").await?;
            person.passes_axe("the mailbag in Spanish").await?;
            person.open("/").await?;
            person.sees("Últimas contribuciones").await?;
            person.passes_axe("the front page in Spanish").await?;
            person.click("nav.languages a[lang=en]").await?;
            person.sees("Latest contributions").await
        })
        .await;
        app.smtp.wait_for("rosa@example.org", "We received your question").await;
        let (_, pending) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
        let bodies: Vec<&str> = pending["items"].as_array().unwrap().iter().filter_map(|q| q["body"].as_str()).collect();
        assert_eq!(bodies, ["Were the evening meetings open to members' families too?"], "kept once");
    }
}
