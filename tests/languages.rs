//! Two languages: readers get the interface in the language they chose (a link in every page's
//! header, kept in a cookie and on a member's account), else the one their browser asks for, else
//! the site's; a piece's page speaks the piece's language around it.

mod common;

use reqwest::Method;
use serde_json::json;

use common::{CONVENTION, Cast, ESSAY, SignedIn, TestApp};

/// A page as a browser asking for `accept_language` gets it, with the app's cookies.
async fn page_in(app: &TestApp, path: &str, accept_language: &str) -> String {
    let response = app.client.get(app.url(path)).header("accept-language", accept_language).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

async fn setup(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn(backend).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    (app, cast)
}

/// `who`'s piece in `language`, published; returns its slug.
async fn published_in(app: &TestApp, cast: &Cast, title: &str, language: &str) -> String {
    let (status, draft) = app
        .call(
            Method::POST,
            "/api/v1/submissions",
            &cast.member,
            json!({"convention": CONVENTION, "title": title, "body": ESSAY, "byline_name": "Lucy Parsons",
                "byline_location": "Chicago", "language": language}),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    app.publish_draft(&cast.member, &cast.editor, draft["id"].as_i64().unwrap()).await
}

on_both_backends! {
    async fn a_question_asked_from_a_spanish_page_is_answered_in_spanish(backend) {
        let (app, cast) = setup(backend).await;
        let expert = app.user_with("expert@example.org", &[tribune::domain::user::Role::Expert]).await;
        let question = "¿Cómo se organizó la primera huelga en las bibliotecas públicas de la ciudad?";
        let asked = app.client.post(app.url("/api/v1/mailbag/questions")).header("accept-language", "es")
            .json(&json!({"name": "Ana", "email": "ana@example.org", "body": question, "topic": "History", "website": ""}))
            .send().await.unwrap();
        assert_eq!(asked.status(), 202);
        app.smtp.wait_for("ana@example.org", "Hemos recibido su pregunta").await;
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox?status=pending", &cast.editor, json!(null)).await;
        let id = inbox["items"].as_array().unwrap().iter().find(|q| q["body"] == question).unwrap()["id"].as_i64().unwrap();
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/answer"), &expert,
            json!({"body": "La organizaron las trabajadoras de las bibliotecas, con el apoyo de los lectores."})).await;
        assert_eq!(status, 200, "{json}");
        let (status, json) = app.call(Method::POST, &format!("/api/v1/mailbag/questions/{id}/publish"), &cast.editor,
            json!({"headline": "La primera huelga de las bibliotecas"})).await;
        assert_eq!(status, 200, "{json}");
        // Published later, by an editor reading English: still written in the asker's language.
        app.smtp.wait_for("ana@example.org", "Su pregunta tiene respuesta: La primera huelga de las bibliotecas").await;
    }

    async fn a_reader_whose_browser_asks_for_spanish_reads_the_pages_in_spanish(backend) {
        let (app, cast) = setup(backend).await;
        published_in(&app, &cast, "Why we organise", "en").await;
        let home = page_in(&app, "/", "es-MX,es;q=0.9,en;q=0.5").await;
        assert!(home.contains(r#"<html lang="es">"#), "{home}");
        let header = common::between(&home, "<header", "</header>");
        assert!(header.contains(r#"lang="es""#) && header.contains(">Buzón</a>") && header.contains(">Iniciar sesión</a>"), "{header}");
        assert!(header.contains(r#"<a href="/language?to=en&#38;next=%2F" lang="en" hreflang="en" rel="nofollow">English</a>"#), "the other language, by its own name: {header}");
        assert!(home.contains("Últimas contribuciones") && home.contains("por Lucy Parsons, Chicago · "), "{home}");
        assert!(home.contains(" de 20"), "dates the Spanish way: {home}");
        let search = page_in(&app, &format!("/conventions/{CONVENTION}/discussion?q=organise"), "es").await;
        assert!(search.contains("1 resultado para «organise»"), "{search}");
        let none = page_in(&app, &format!("/conventions/{CONVENTION}/discussion?q=zebra"), "es").await;
        assert!(none.contains("0 resultados para «zebra»") && none.contains("Nada coincide con «zebra»."), "{none}");
        let mailbag = page_in(&app, "/mailbag", "es").await;
        assert!(mailbag.contains("<h1>Buzón</h1>") && mailbag.contains("Hacer una pregunta"), "{mailbag}");
        let missing = app.client.get(app.url("/no-such-page")).header("accept-language", "es").send().await.unwrap();
        assert_eq!(missing.status(), 404);
        let missing = missing.text().await.unwrap();
        assert!(missing.contains("<h1>Página no encontrada</h1>") && missing.contains("Volver a la portada"), "{missing}");
        let english = page_in(&app, "/", "fr, en;q=0.8").await;
        assert!(english.contains(r#"<html lang="en">"#) && english.contains("Latest contributions"), "the first language asked for that Tribune speaks");
        let default = page_in(&app, "/", "de").await;
        assert!(default.contains(r#"<html lang="en">"#), "else the site's default");
    }

    async fn the_language_link_keeps_the_choice_over_the_browser_and_on_a_members_account(backend) {
        let (app, cast) = setup(backend).await;
        let chosen = app.client.get(app.url("/language?to=es&next=%2Fmailbag%3Fcursor%3Dx")).send().await.unwrap();
        assert_eq!(chosen.status(), 303);
        assert_eq!(chosen.headers()["location"], "/mailbag?cursor=x", "back to the page it was chosen on");
        let cookie = chosen.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("tribune_lang=es;") && cookie.contains("Max-Age=") && cookie.contains("HttpOnly"), "{cookie}");
        let home = page_in(&app, "/", "en").await;
        assert!(home.contains(r#"<html lang="es">"#), "the choice outweighs what the browser asks for");
        let back = app.client.get(app.url("/language?to=en&next=https://evil.example/")).send().await.unwrap();
        assert_eq!(back.headers()["location"], "/", "only pages of this site are gone back to");
        assert!(page_in(&app, "/", "es").await.contains(r#"<html lang="en">"#));
        for bad in ["/language?to=fr", "/language", "/language?to=es&to=en"] {
            let response = app.client.get(app.url(bad)).send().await.unwrap();
            assert_eq!(response.status(), 400, "{bad}");
            assert!(response.text().await.unwrap().contains("<h1>That request could not be read</h1>"), "{bad}");
        }

        // A member's choice goes with their account: another browser, signed in, reads in it.
        let member: &SignedIn = &cast.member;
        let response = app.as_user(Method::GET, "/language?to=es&next=/", member).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let elsewhere = app.as_user(Method::GET, "/", member).header("accept-language", "en").send().await.unwrap();
        let elsewhere = elsewhere.text().await.unwrap();
        assert!(elsewhere.contains(r#"<html lang="es">"#) && elsewhere.contains("Sesión iniciada como <strong>"), "{elsewhere}");
        let others = app.as_user(Method::GET, "/", &cast.member2).header("accept-language", "en").send().await.unwrap();
        assert!(others.text().await.unwrap().contains(r#"<html lang="en">"#), "only that member's");
        // A link followed from another site changes the browser's cookie, never the account.
        let forged = app.as_user(Method::GET, "/language?to=es&next=/", &cast.member2).header("sec-fetch-site", "cross-site");
        assert_eq!(forged.send().await.unwrap().status(), 303);
        let others = app.as_user(Method::GET, "/", &cast.member2).header("accept-language", "en").send().await.unwrap();
        assert!(others.text().await.unwrap().contains(r#"<html lang="en">"#), "the account is unchanged");
    }

    async fn a_form_shown_again_links_its_languages_back_to_the_page_it_was_on_and_says_what_it_did_in_spanish(backend) {
        let (app, _cast) = setup(backend).await;
        let path = format!("/conventions/{CONVENTION}/subscribe");
        let form = page_in(&app, &path, "es").await;
        assert!(form.contains("<h1>Nuevas contribuciones por correo</h1>"), "{form}");
        let token = common::csrf_field(&form);
        let send = |email: &'static str, referer: String| {
            let (app, path, token) = (&app, &path, token.clone());
            async move {
                app.client.post(app.url(path)).header("accept-language", "es").header("referer", referer)
                    .form(&[("csrf_token", token.as_str()), ("email", email)]).send().await.unwrap()
            }
        };
        let refused = send("not an address", app.url(&path)).await;
        assert_eq!(refused.status(), 422);
        let refused = refused.text().await.unwrap();
        assert!(
            refused.contains(r#"id="email-error">debe ser una dirección de correo electrónico como nombre@example.org</span>"#),
            "the field's error, in the page's language: {refused}"
        );
        let back = format!("next={}", common::urlencode(&path));
        assert!(common::between(&refused, r#"<nav class="languages""#, "</nav>").contains(&back), "{refused}");
        let elsewhere = send("not an address", "https://evil.example/page".to_string()).await.text().await.unwrap();
        assert!(common::between(&elsewhere, r#"<nav class="languages""#, "</nav>").contains("next=%2F\""), "{elsewhere}");
        let sent = send("ana@example.org", app.url(&path)).await;
        assert_eq!(sent.status(), 200);
        let sent = sent.text().await.unwrap();
        assert!(sent.contains("<h1>Revise su correo</h1>") && sent.contains("No se envía nada hasta que lo abra."), "{sent}");
        // Asked for from a Spanish page, the confirmation is written in Spanish.
        app.smtp.wait_for("ana@example.org", "Confirme su suscripción al debate").await;
    }

    async fn a_piece_speaks_its_own_language_around_it_whatever_the_readers(backend) {
        let (app, cast) = setup(backend).await;
        let spanish = published_in(&app, &cast, "La lucha por la vivienda", "es").await;
        let english = published_in(&app, &cast, "The fight for housing", "en").await;
        for round in ["made", "kept"] {
            // Signed out, the page is made once per header language and kept: both rounds agree.
            let page = page_in(&app, &format!("/articles/{spanish}"), "en").await;
            assert!(page.contains(r#"<html lang="es">"#), "{round}: {page}");
            let header = common::between(&page, "<header", "</header>");
            assert!(header.contains(r#"lang="en""#) && header.contains(">Mailbag</a>"), "{round}: the reader's header: {header}");
            let piece = common::between(&page, r#"<article class="essay" lang="es">"#, "</article>");
            for words in ["Debate de la convención", "Enviado por Lucy Parsons, Chicago", r#"aria-label="Aviso""#, " de 20", "la página de la convención"] {
                assert!(piece.contains(words), "{round}: {words} in {piece}");
            }
            for words in [r#"<h2 id="comments">Comentarios</h2>"#, "Contribuciones relacionadas", "Hacer una pregunta"] {
                assert!(page.contains(words), "{round}: {words}");
            }
            assert!(!piece.contains("Submitted by") && !page.contains(">Related contributions<"), "{round}");

            let page = page_in(&app, &format!("/articles/{english}"), "es").await;
            assert!(page.contains(r#"<html lang="en">"#) && page.contains("Submitted by Lucy Parsons"), "{round}: {page}");
            assert!(common::between(&page, "<header", "</header>").contains(">Buzón</a>"), "{round}: the Spanish reader's header");
            let footer = common::between(&page, r#"<footer class="site""#, "</footer>");
            assert!(footer.contains(r#"lang="es""#) && footer.contains("el debate de la convención"), "{round}: {footer}");
        }
    }

    async fn mail_goes_out_in_its_readers_language(backend) {
        let (app, cast) = setup(backend).await;
        // The member chooses Spanish in the header; everyone else has chosen nothing.
        let chosen = app.as_user(Method::GET, "/language?to=es&next=/", &cast.member).send().await.unwrap();
        assert_eq!(chosen.status(), 303);
        app.submitted(&cast.member, "La vivienda es un derecho", ESSAY, &[]).await;
        app.submitted(&cast.member2, "Housing is a right", ESSAY, &[]).await;

        let received = app.smtp.wait_for("member@example.org", "Recibido: La vivienda es un derecho").await;
        for words in [
            "Hola, member:",
            "Hemos recibido «La vivienda es un derecho» (revisión 1) para el debate de «30th National Convention».",
            "Los editores del debate lo leerán",
            "Seguir su envío: http://tribune.test/submissions/",
            "Tribune, el debate de la convención",
        ] {
            assert!(received.text.contains(words), "{words} in {}", received.text);
        }
        assert!(received.html.contains("<p>Hola, member:</p>"), "{}", received.html);
        assert!(received.headers.contains("Content-Language: es"), "{}", received.headers);
        let english = app.smtp.wait_for("member2@example.org", "Received: Housing is a right").await;
        for words in [
            "Hello member2,",
            "We have received \"Housing is a right\" (revision 1) for the 30th National Convention.",
            "Follow your submission: http://tribune.test/submissions/",
            "Tribune, the convention discussion",
        ] {
            assert!(english.text.contains(words), "{words} in {}", english.text);
        }
        assert!(english.headers.contains("Content-Language: en"), "{}", english.headers);
        // The editors chose nothing: the discussion's default language, English.
        app.smtp.wait_for("editor@example.org", "New in the review queue: La vivienda es un derecho").await;

        // A password reset is in the account's language, whatever page asked for it.
        let reset = app.post_json("/api/v1/auth/password-reset", &json!({"email": "member@example.org"})).await;
        assert_eq!(reset.status(), 202);
        let reset = app.smtp.wait_for("member@example.org", "Restablezca su contraseña de Tribune").await;
        assert!(
            reset.text.contains("Para elegir una contraseña nueva en Tribune, abra este enlace en los próximos 60 minutos:"),
            "{}",
            reset.text
        );
        assert!(reset.html.contains("abra este enlace</a> en los próximos 60 minutos.</p>"), "{}", reset.html);
        assert!(reset.link("/password-reset/confirm").contains("token="));
        let reset = app.post_json("/api/v1/auth/password-reset", &json!({"email": "member2@example.org"})).await;
        assert_eq!(reset.status(), 202);
        let reset = app.smtp.wait_for("member2@example.org", "Reset your Tribune password").await;
        assert!(reset.text.contains("open this link within 60 minutes:"), "{}", reset.text);

        // Registering from a Spanish page: the verification is in Spanish, and the account keeps it.
        let register = |email: &'static str, language: &'static str| {
            let app = &app;
            async move {
                let form = page_in(app, "/register", language).await;
                let token = common::csrf_field(&form);
                let fields = [
                    ("csrf_token", token.as_str()), ("email", email), ("display_name", "Rosa Luxemburg"),
                    ("location", "Berlin"), ("password", common::PASSWORD),
                ];
                let sent = app.client.post(app.url("/register")).header("accept-language", language).form(&fields);
                let sent = sent.send().await.unwrap();
                assert_eq!(sent.status(), 200, "{email}");
                sent.text().await.unwrap()
            }
        };
        let page = register("rosa@example.org", "es").await;
        assert!(page.contains("<h1>Revise su correo</h1>"), "{page}");
        let verify = app.smtp.wait_for("rosa@example.org", "Confirme su dirección de correo electrónico en Tribune").await;
        for words in ["Hola, Rosa Luxemburg:", "abriendo este enlace:", "Si no se ha registrado en Tribune, ignore este mensaje."] {
            assert!(verify.text.contains(words), "{words} in {}", verify.text);
        }
        assert!(verify.html.contains(">Confirmar mi dirección</a>"), "{}", verify.html);
        verify.link("/verify");
        app.post_json("/api/v1/auth/password-reset", &json!({"email": "rosa@example.org"})).await;
        app.smtp.wait_for("rosa@example.org", "Restablezca su contraseña").await;
        // From an English page, English; and through the API, which has no page, the default.
        register("clara@example.org", "en").await;
        let verify = app.smtp.wait_for("clara@example.org", "Confirm your email address for Tribune").await;
        assert!(verify.text.contains("Hello Rosa Luxemburg,") && verify.text.contains("by opening this link:"), "{}", verify.text);
        let api = app
            .post_json("/api/v1/auth/register", &json!({"email": "ada@example.org", "password": common::PASSWORD,
                "display_name": "Ada", "location": "London"}))
            .await;
        assert_eq!(api.status(), 201);
        app.smtp.wait_for("ada@example.org", "Confirm your email address for Tribune").await;
    }
}
