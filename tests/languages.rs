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

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = html[from..].find(end).map_or(html.len(), |n| from + n + end.len());
    &html[from..to]
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
    async fn a_reader_whose_browser_asks_for_spanish_reads_the_pages_in_spanish(backend) {
        let (app, cast) = setup(backend).await;
        published_in(&app, &cast, "Why we organise", "en").await;
        let home = page_in(&app, "/", "es-MX,es;q=0.9,en;q=0.5").await;
        assert!(home.contains(r#"<html lang="es">"#), "{home}");
        let header = between(&home, "<header", "</header>");
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
        assert!(between(&refused, r#"<nav class="languages""#, "</nav>").contains(&back), "{refused}");
        let elsewhere = send("not an address", "https://evil.example/page".to_string()).await.text().await.unwrap();
        assert!(between(&elsewhere, r#"<nav class="languages""#, "</nav>").contains("next=%2F\""), "{elsewhere}");
        let sent = send("ana@example.org", app.url(&path)).await;
        assert_eq!(sent.status(), 200);
        let sent = sent.text().await.unwrap();
        assert!(sent.contains("<h1>Revise su correo</h1>") && sent.contains("No se envía nada hasta que lo abra."), "{sent}");
    }

    async fn a_piece_speaks_its_own_language_around_it_whatever_the_readers(backend) {
        let (app, cast) = setup(backend).await;
        let spanish = published_in(&app, &cast, "La lucha por la vivienda", "es").await;
        let english = published_in(&app, &cast, "The fight for housing", "en").await;
        for round in ["made", "kept"] {
            // Signed out, the page is made once per header language and kept: both rounds agree.
            let page = page_in(&app, &format!("/articles/{spanish}"), "en").await;
            assert!(page.contains(r#"<html lang="es">"#), "{round}: {page}");
            let header = between(&page, "<header", "</header>");
            assert!(header.contains(r#"lang="en""#) && header.contains(">Mailbag</a>"), "{round}: the reader's header: {header}");
            let piece = between(&page, r#"<article class="essay" lang="es">"#, "</article>");
            for words in ["Debate de la convención", "Enviado por Lucy Parsons, Chicago", r#"aria-label="Aviso""#, " de 20", "la página de la convención"] {
                assert!(piece.contains(words), "{round}: {words} in {piece}");
            }
            for words in [r#"<h2 id="comments">Comentarios</h2>"#, "Contribuciones relacionadas", "Hacer una pregunta"] {
                assert!(page.contains(words), "{round}: {words}");
            }
            assert!(!piece.contains("Submitted by") && !page.contains(">Related contributions<"), "{round}");

            let page = page_in(&app, &format!("/articles/{english}"), "es").await;
            assert!(page.contains(r#"<html lang="en">"#) && page.contains("Submitted by Lucy Parsons"), "{round}: {page}");
            assert!(between(&page, "<header", "</header>").contains(">Buzón</a>"), "{round}: the Spanish reader's header");
            let footer = between(&page, r#"<footer class="site""#, "</footer>");
            assert!(footer.contains(r#"lang="es""#) && footer.contains("el debate de la convención"), "{round}: {footer}");
        }
    }
}
