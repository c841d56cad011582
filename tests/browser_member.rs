//! A member's story in a real browser (Debian's headless Chromium over WebDriver, fantoccini),
//! by clicking and typing, with the real emails: registering, writing before the address is
//! confirmed and never losing the essay, having the link sent again, and sending the essay once
//! confirmed; the same in Spanish, mail included. axe-core checks the pages an unconfirmed member
//! sees on the way, and the Spanish ones. A failing step
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
    person.click("main form[action='/submit'] #save").await?;

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

/// Rosa starts her essay from the Word document she wrote it in: she chooses the file, looks
/// the text over in the form, keeps what she typed, and saves the draft.
async fn a_member_starts_from_a_word_document(person: &Person<'_>) -> Step<()> {
    person.sign_in("member@example.org", PASSWORD).await?;
    person.open("/submit").await?;
    person.type_into("tags", "history, party").await?;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents/seed-002.docx");
    let chooser = person.client.find(fantoccini::Locator::Id("document")).await.map_err(|e| e.to_string())?;
    chooser.send_keys(&file.display().to_string()).await.map_err(|e| format!("choose the file: {e}"))?;
    person.click("button[name=convert]").await?;
    person.sees("The text of seed-002.docx replaces the essay in the form below. Nothing is saved yet").await?;
    let title = person.value_of("title").await?;
    if title != "Lenin, Stalin and the ‘continuity theory’" {
        return Err(format!("the title shows {title:?}, not the document's"));
    }
    let body = person.value_of("body").await?;
    if !body.contains("## Party Governance") || !body.contains("> attempts are made") {
        return Err(format!("the form does not show the document's sections and quotes: {body:.300}"));
    }
    if person.value_of("tags").await? != "history, party" {
        return Err("the tags typed before choosing the file are lost".into());
    }
    person.passes_axe("the essay form with a document's text in it").await?;
    person.click("#save").await?;
    person.sees("Party Governance").await?;
    person.sees("Status: draft").await
}

/// Ana reads Spanish first: she turns the site to Spanish with the header's link before she
/// registers, and everything after is in Spanish — the form, its errors beside their fields, the
/// confirmation mail, the essay form, the notices and the mail about her essay.
async fn a_spanish_member_registers_and_submits_in_spanish(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let mut problems = Vec::new();
    person.open("/register").await?;
    person.click("nav.languages a[lang=es]").await?;
    person.sees("Los miembros se registran para participar en el debate.").await?;
    problems.extend(axe_problems(person).await?);

    // A password too short: refused beside its field, in Spanish, with what she typed kept.
    person.type_into("email", "ana@example.org").await?;
    person.type_into("display_name", "Ana Martínez").await?;
    person.type_into("location", "Sevilla").await?;
    person.type_into("password", "corta").await?;
    person.click("main form button[type=submit]").await?;
    person.sees("debe tener al menos 10 caracteres").await?;
    person.finds("#password-error").await?;
    if person.value_of("display_name").await? != "Ana Martínez" {
        return Err("the name she typed is lost after the refusal".into());
    }
    problems.extend(axe_problems(person).await?);
    person.type_into("password", PASSWORD).await?;
    person.click("main form button[type=submit]").await?;
    person.sees("Revise su correo").await?;

    // The link arrives in Spanish, and confirms her address.
    let verify = emails(app, "ana@example.org", "Confirme su dirección", 1).await?.remove(0);
    if !verify.text.contains("Hola, Ana Martínez:") {
        return Err(format!("the confirmation mail is not in Spanish: {}", verify.text));
    }
    person.open(&verify.link("/verify")).await?;
    person.sees("Dirección confirmada").await?;

    // Signed in, the essay form is in Spanish; she saves a draft, then sends it.
    person.open("/login").await?;
    person.type_into("email", "ana@example.org").await?;
    person.type_into("password", PASSWORD).await?;
    person.click("main form button[type=submit]").await?;
    person.sees("Cerrar sesión").await?;
    person.open("/submit").await?;
    person.sees("Guardar el borrador").await?;
    problems.extend(axe_problems(person).await?);
    person.type_into("title", "Cada miembro, una tarea").await?;
    person
        .type_into(
            "body",
            "Nuestros clubes crecen cuando cada miembro tiene una tarea, un lugar y un motivo para volver.",
        )
        .await?;
    person.click("main form[action='/submit'] #save").await?;
    person.sees("Borrador guardado. Aún no se ha enviado a los editores.").await?;
    person.sees("Estado:").await?;
    problems.extend(axe_problems(person).await?);
    person.click("form[action$='/submit'] button").await?;
    person.sees("Enviado a los editores. Le escribiremos cuando decidan.").await?;
    let received = emails(app, "ana@example.org", "Recibido: Cada miembro, una tarea", 1).await?.remove(0);
    if !received.text.contains("Los editores del debate lo leerán") {
        return Err(format!("the mail about her essay is not in Spanish: {}", received.text));
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("serious or critical accessibility violations on the Spanish pages:\n{}", problems.join("\n")))
    }
}

on_both_backends! {
    async fn a_spanish_member_registers_submits_and_is_written_to_in_spanish(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
        app.convention(&admin, CONVENTION, -1, 1500).await;
        walk(&app, &format!("member-es-{backend:?}"), async |person| a_spanish_member_registers_and_submits_in_spanish(&app, person).await).await;
    }

    async fn a_member_starts_an_essay_from_a_word_document_and_looks_it_over_before_saving(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 5000).await;
        walk(&app, &format!("document-{backend:?}"), async |person| a_member_starts_from_a_word_document(person).await).await;
    }

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
