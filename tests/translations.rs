//! The organisers' texts in each of the discussion's languages (English, the default, and
//! Spanish): a disclaimer version belongs to a language and a piece is published with the newest
//! in its own, else the newest in the default language; the convention's title and homepage text
//! and each topic's title and framing may be given in Spanish, and readers get them in their
//! language where given, else the English marked `lang="en"`.

mod common;

use reqwest::Method;
use serde_json::{Value, json};

use common::{CONVENTION, Cast, ESSAY, SignedIn, TestApp};

const NONE: Value = Value::Null;
const ENGLISH_V1: &str = "The views expressed are the authors' own (version 1).";
const SPANISH_V1: &str = "Las opiniones expresadas son de sus autores (versión 1).";
const ENGLISH_V2: &str = "The views expressed are their authors' own (version 2).";

async fn setup(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn(backend).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 1500).await;
    (app, cast)
}

/// A page as a browser asking for `accept_language` gets it.
async fn page_in(app: &TestApp, path: &str, accept_language: &str) -> String {
    let response = app.new_client().get(app.url(path)).header("accept-language", accept_language).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// A draft in `language` (in `fields` too: the convention, a topic), by the member.
async fn draft_in(app: &TestApp, cast: &Cast, title: &str, language: &str, fields: Value) -> i64 {
    let mut body = json!({"convention": CONVENTION, "title": title, "body": ESSAY, "byline_name": "Lucy Parsons",
        "byline_location": "Chicago", "language": language});
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, draft) = app.call(Method::POST, "/api/v1/submissions", &cast.member, body).await;
    assert_eq!(status, 201, "{draft}");
    draft["id"].as_i64().unwrap()
}

/// The member's piece in `language`, published; returns its slug.
async fn published_in(app: &TestApp, cast: &Cast, title: &str, language: &str, fields: Value) -> String {
    let id = draft_in(app, cast, title, language, fields).await;
    app.publish_draft(&cast.member, &cast.editor, id).await
}

async fn add_disclaimer(app: &TestApp, admin: &SignedIn, convention: &str, body: Value) -> (u16, Value) {
    app.call(Method::POST, &format!("/api/v1/conventions/{convention}/disclaimers"), admin, body).await
}

async fn article(app: &TestApp, slug: &str) -> Value {
    let response = app.get(&format!("/api/v1/articles/{slug}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The versions as the API lists them: (language, version, body), newest first.
async fn versions(app: &TestApp, who: &SignedIn, convention: &str) -> Vec<(String, i64, String)> {
    let (status, json) =
        app.call(Method::GET, &format!("/api/v1/conventions/{convention}/disclaimers"), who, NONE).await;
    assert_eq!(status, 200, "{json}");
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let language = d["language"].as_str().unwrap().to_string();
            (language, d["version"].as_i64().unwrap(), d["body"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Posts a form as `who` with the session's CSRF token.
async fn form_as(app: &TestApp, who: &SignedIn, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all = vec![("csrf_token", who.csrf_token.as_str())];
    all.extend_from_slice(fields);
    app.as_user(Method::POST, path, who).form(&all).send().await.unwrap()
}

async fn topic(app: &TestApp, admin: &SignedIn, slug: &str, title: &str, framing: &str) {
    let (status, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/conventions/{CONVENTION}/topics"),
            admin,
            json!({"slug": slug, "title": title, "framing": framing}),
        )
        .await;
    assert_eq!(status, 200, "{json}");
}

on_both_backends! {
    async fn a_piece_carries_the_newest_disclaimer_in_its_language_else_the_default_languages(backend) {
        let (app, cast) = setup(backend).await;
        // No Spanish disclaimer yet: a Spanish piece carries the English one, marked as English.
        let early = published_in(&app, &cast, "Antes del aviso en español", "es", json!({})).await;
        let early_json = article(&app, &early).await;
        assert_eq!((early_json["disclaimer"]["language"].as_str(), early_json["disclaimer"]["version"].as_i64()), (Some("en"), Some(1)));
        let page = page_in(&app, &format!("/articles/{early}"), "es").await;
        let piece = common::between(&page, r#"<article class="essay" lang="es">"#, "</article>");
        assert!(piece.contains(&format!(r#"<p lang="en">{}</p>"#, ENGLISH_V1.replace('\'', "&#39;"))), "{piece}");

        let (status, added) = add_disclaimer(&app, &cast.admin, CONVENTION, json!({"body": SPANISH_V1, "language": "es"})).await;
        assert_eq!(status, 201, "{added}");
        assert_eq!((added["language"].as_str(), added["version"].as_i64()), (Some("es"), Some(1)), "numbered per language");
        let (status, added) = add_disclaimer(&app, &cast.admin, CONVENTION, json!({"body": ENGLISH_V2})).await;
        assert_eq!(status, 201, "{added}");
        assert_eq!((added["language"].as_str(), added["version"].as_i64()), (Some("en"), Some(2)), "the default language's");
        let (status, added) = add_disclaimer(&app, &cast.admin, CONVENTION,
            json!({"body": "Explicitly English, version three.", "language": "en"})).await;
        assert_eq!((status, added["language"].as_str(), added["version"].as_i64()), (201, Some("en"), Some(3)));

        let spanish = published_in(&app, &cast, "La lucha por la vivienda", "es", json!({})).await;
        let english = published_in(&app, &cast, "The fight for housing", "en", json!({})).await;
        let spanish_json = article(&app, &spanish).await;
        assert_eq!(
            (spanish_json["disclaimer"]["language"].as_str(), spanish_json["disclaimer"]["version"].as_i64(), spanish_json["disclaimer"]["body"].as_str()),
            (Some("es"), Some(1), Some(SPANISH_V1))
        );
        let english_json = article(&app, &english).await;
        assert_eq!(
            (english_json["disclaimer"]["language"].as_str(), english_json["disclaimer"]["version"].as_i64()),
            (Some("en"), Some(3))
        );
        let early_json = article(&app, &early).await;
        assert_eq!((early_json["disclaimer"]["language"].as_str(), early_json["disclaimer"]["version"].as_i64()), (Some("en"), Some(1)),
            "a published piece keeps the version it was published with");

        // The Spanish disclaimer inside the Spanish piece needs no mark of its own.
        let page = page_in(&app, &format!("/articles/{spanish}"), "en").await;
        let piece = common::between(&page, r#"<article class="essay" lang="es">"#, "</article>");
        assert!(piece.contains(&format!(r#"<aside class="disclaimer" aria-label="Aviso"><p>{SPANISH_V1}</p></aside>"#)), "{piece}");
        let page = page_in(&app, &format!("/articles/{english}"), "es").await;
        assert!(page.contains(r#"<aside class="disclaimer" aria-label="Disclaimer"><p>Explicitly English, version three.</p></aside>"#), "{page}");

        // The convention's page shows the disclaimer a piece in the reader's language would carry.
        let convention = page_in(&app, &format!("/conventions/{CONVENTION}"), "es").await;
        assert!(convention.contains(&format!(r#"<p lang="es">{SPANISH_V1}</p>"#)), "{convention}");
        let convention = page_in(&app, &format!("/conventions/{CONVENTION}"), "en").await;
        assert!(convention.contains(r#"<p lang="en">Explicitly English, version three.</p>"#), "{convention}");

        let listed = versions(&app, &cast.member, CONVENTION).await;
        let listed: Vec<(&str, i64)> = listed.iter().map(|(l, v, _)| (l.as_str(), *v)).collect();
        assert_eq!(listed, [("en", 3), ("en", 2), ("es", 1), ("en", 1)], "every version with its language, newest first");
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        assert_eq!((convention["disclaimer"]["language"].as_str(), convention["disclaimer"]["version"].as_i64()), (Some("en"), Some(3)));
        assert_eq!(convention["translated_disclaimers"][0]["language"], "es");
    }

    async fn a_disclaimer_in_a_language_the_discussion_does_not_have_is_refused_and_changes_nothing(backend) {
        let (app, cast) = setup(backend).await;
        let before = versions(&app, &cast.admin, CONVENTION).await;
        for language in ["fr", "EN", "english"] {
            let (status, json) = add_disclaimer(&app, &cast.admin, CONVENTION,
                json!({"body": "Les opinions sont celles des auteurs.", "language": language})).await;
            assert_eq!(status, 422, "{language}: {json}");
            assert!(json["error"]["fields"]["language"][0].as_str().unwrap().contains("en, es"), "{json}");
        }
        assert_eq!(versions(&app, &cast.admin, CONVENTION).await, before);

        // The admin's form: the language is chosen from the discussion's, each by its own name.
        let page = app.as_user(Method::GET, &format!("/admin/conventions/{CONVENTION}"), &cast.admin).send().await.unwrap().text().await.unwrap();
        let select = common::between(&page, r#"<select id="disclaimer-language" name="language""#, "</select>");
        assert!(select.contains(r#"<option value="en" lang="en">English</option>"#) && select.contains(r#"<option value="es" lang="es">Español</option>"#), "{select}");
        assert!(page.contains(r#"Version 1, "#) && page.contains(r#" · <span lang="en">English</span>"#), "each version says its language: {page}");
        let refused = form_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}/disclaimers"),
            &[("body", "Les opinions sont celles des auteurs."), ("language", "fr")]).await;
        assert_eq!(refused.status(), 422);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(r#"id="disclaimer-language-error""#) && refused.contains("Les opinions sont celles des auteurs."), "{refused}");
        assert_eq!(versions(&app, &cast.admin, CONVENTION).await, before);
        let added = form_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}/disclaimers"),
            &[("body", SPANISH_V1), ("language", "es")]).await;
        assert_eq!(added.status(), 303);
        let page = app.as_user(Method::GET, &format!("/admin/conventions/{CONVENTION}"), &cast.admin).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!(r#"<p lang="es">{SPANISH_V1}</p>"#)) && page.contains(r#" · <span lang="es">Español</span>"#), "{page}");
        let (status, _) = add_disclaimer(&app, &cast.editor, CONVENTION, json!({"body": SPANISH_V1, "language": "es"})).await;
        assert_eq!(status, 403);
    }

    async fn a_convention_with_a_disclaimer_only_in_spanish_publishes_only_spanish_pieces(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let now = chrono::Utc::now();
        let (status, _) = app.call(Method::POST, "/api/v1/conventions", &cast.admin, json!({
            "slug": CONVENTION, "title": "Solo en español", "location": "Chicago",
            "starts_on": "2030-01-01", "ends_on": "2030-01-02",
            "discussion_opens_at": (now - chrono::TimeDelta::days(1)).to_rfc3339(),
            "discussion_closes_at": (now + chrono::TimeDelta::days(1)).to_rfc3339()})).await;
        assert_eq!(status, 201);
        let (status, _) = add_disclaimer(&app, &cast.admin, CONVENTION, json!({"body": SPANISH_V1, "language": "es"})).await;
        assert_eq!(status, 201);
        let english = draft_in(&app, &cast, "Waiting for an English disclaimer", "en", json!({})).await;
        app.call(Method::POST, &format!("/api/v1/submissions/{english}/submit"), &cast.member, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{english}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app.call(Method::POST, &format!("/api/v1/review/{english}/approve"), &cast.editor, json!({})).await;
        assert_eq!((status, json["error"]["code"].as_str()), (409, Some("no_disclaimer")), "{json}");
        let spanish = published_in(&app, &cast, "Con su aviso en español", "es", json!({})).await;
        assert_eq!(article(&app, &spanish).await["disclaimer"]["language"], "es");
    }

    async fn readers_get_the_conventions_and_topics_texts_in_their_language_else_the_defaults_marked(backend) {
        let (app, cast) = setup(backend).await;
        topic(&app, &cast.admin, "labor", "Labour and the unions", "The framing document for labour.").await;
        topic(&app, &cast.admin, "peace", "Peace and war", "The framing document for peace.").await;
        let spanish_piece = published_in(&app, &cast, "La huelga en la logística", "es", json!({"topic": "labor"})).await;
        let english_piece = published_in(&app, &cast, "Strikes in logistics", "en", json!({"topic": "labor"})).await;
        // Read (and kept) before the translations are given.
        let before = page_in(&app, &format!("/articles/{spanish_piece}"), "es").await;
        assert!(before.contains(r#"<strong lang="en">30th National Convention</strong>"#), "{before}");

        let path = format!("/api/v1/conventions/{CONVENTION}/translations/es");
        let (status, saved) = app.call(Method::PUT, &path, &cast.admin, json!({"title": "30.ª Convención Nacional"})).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved, json!({"language": "es", "title": "30.ª Convención Nacional", "homepage_text": null}));
        let path = format!("/api/v1/conventions/{CONVENTION}/topics/labor/translations/es");
        let (status, saved) = app.call(Method::PUT, &path, &cast.admin,
            json!({"title": "El trabajo y los sindicatos", "framing": "El documento *marco* sobre el trabajo."})).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved, json!({"language": "es", "title": "El trabajo y los sindicatos", "framing": "El documento *marco* sobre el trabajo."}));

        // The convention's page and the front page in Spanish: the Spanish title, the English
        // homepage text (none was given in Spanish) marked as English.
        for path in [format!("/conventions/{CONVENTION}"), "/".to_string()] {
            let page = page_in(&app, &path, "es").await;
            assert!(page.contains(r#"<h1 lang="es">30.ª Convención Nacional</h1>"#), "{path}: {page}");
            assert!(page.contains(r#"<p lang="en">Members discuss the draft resolutions here.</p>"#), "{path}: {page}");
            assert!(common::between(&page, "<title>", "</title>").contains("30.ª Convención Nacional"), "{path}");
            let page = page_in(&app, &path, "en").await;
            assert!(page.contains(r#"<h1 lang="en">30th National Convention</h1>"#) && !page.contains("Convención Nacional"), "{path}: {page}");
        }
        // A topic: the Spanish framing, rendered and sanitised like the English.
        let labor = page_in(&app, &format!("/conventions/{CONVENTION}/topics/labor"), "es").await;
        assert!(labor.contains(r#"<h1 lang="es">El trabajo y los sindicatos</h1>"#), "{labor}");
        assert!(labor.contains(r#"<div class="framing" lang="es"><p>El documento <em>marco</em> sobre el trabajo.</p>"#), "{labor}");
        let peace = page_in(&app, &format!("/conventions/{CONVENTION}/topics/peace"), "es").await;
        assert!(peace.contains(r#"<h1 lang="en">Peace and war</h1>"#), "{peace}");
        assert!(peace.contains(r#"<div class="framing" lang="en"><p>The framing document for peace.</p>"#), "{peace}");
        let labor = page_in(&app, &format!("/conventions/{CONVENTION}/topics/labor"), "en").await;
        assert!(labor.contains(r#"<h1 lang="en">Labour and the unions</h1>"#) && labor.contains("The framing document for labour."), "{labor}");
        let discussion = page_in(&app, &format!("/conventions/{CONVENTION}/discussion"), "es").await;
        assert!(discussion.contains(r#"lang="es">30.ª Convención Nacional</a>"#), "{discussion}");
        assert!(discussion.contains(r#"/topics/labor" lang="es">El trabajo y los sindicatos</a>"#), "{discussion}");
        assert!(discussion.contains(r#"/topics/peace" lang="en">Peace and war</a>"#), "{discussion}");

        // A piece's page speaks the piece's language, whatever the reader's; the kept page of
        // the Spanish piece shows the translation at once.
        let page = page_in(&app, &format!("/articles/{spanish_piece}"), "en").await;
        assert!(page.contains(r#"<strong lang="es">30.ª Convención Nacional</strong>"#), "{page}");
        assert!(page.contains(r#"/topics/labor" lang="es">El trabajo y los sindicatos</a>"#), "{page}");
        let page = page_in(&app, &format!("/articles/{english_piece}"), "es").await;
        assert!(page.contains(r#"<strong lang="en">30th National Convention</strong>"#), "{page}");
        assert!(page.contains(r#"/topics/labor" lang="en">Labour and the unions</a>"#), "{page}");
        let spanish_json = article(&app, &spanish_piece).await;
        assert_eq!(spanish_json["convention"]["title_language"], "es");
        assert_eq!(spanish_json["topic"]["title"], "El trabajo y los sindicatos");

        // The API says what each text is in.
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        assert_eq!(convention["language"], "en");
        assert_eq!(convention["translations"], json!([{"language": "es", "title": "30.ª Convención Nacional", "homepage_text": null}]));
        let labor = convention["topics"].as_array().unwrap().iter().find(|t| t["slug"] == "labor").unwrap();
        assert_eq!(labor["translations"], json!([{"language": "es", "title": "El trabajo y los sindicatos", "framing": "El documento *marco* sobre el trabajo."}]));

        // Given again with nothing, the Spanish texts are gone: the English ones, marked.
        let path = format!("/api/v1/conventions/{CONVENTION}/translations/es");
        let (status, _) = app.call(Method::PUT, &path, &cast.admin, json!({"title": null, "homepage_text": "  "})).await;
        assert_eq!(status, 200);
        let page = page_in(&app, &format!("/conventions/{CONVENTION}"), "es").await;
        assert!(page.contains(r#"<h1 lang="en">30th National Convention</h1>"#), "{page}");
        let page = page_in(&app, &format!("/articles/{spanish_piece}"), "es").await;
        assert!(page.contains(r#"<strong lang="en">30th National Convention</strong>"#), "{page}");
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        assert_eq!(convention["translations"], json!([]));
    }

    async fn texts_in_a_language_that_is_not_another_of_the_discussions_are_refused_and_change_nothing(backend) {
        let (app, cast) = setup(backend).await;
        topic(&app, &cast.admin, "labor", "Labour and the unions", "The framing document for labour.").await;
        let convention_path = |language: &str| format!("/api/v1/conventions/{CONVENTION}/translations/{language}");
        let topic_path = |language: &str| format!("/api/v1/conventions/{CONVENTION}/topics/labor/translations/{language}");
        let (_, before) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        for language in ["en", "fr"] {
            let (status, json) = app.call(Method::PUT, &convention_path(language), &cast.admin, json!({"title": "Un título"})).await;
            assert_eq!((status, json["error"]["fields"]["language"].is_array()), (422, true), "{language}: {json}");
            let (status, json) = app.call(Method::PUT, &topic_path(language), &cast.admin, json!({"title": "Un título"})).await;
            assert_eq!((status, json["error"]["fields"]["language"].is_array()), (422, true), "{language}: {json}");
        }
        let (status, json) = app.call(Method::PUT, &convention_path("es"), &cast.admin, json!({"title": "x"})).await;
        assert_eq!((status, json["error"]["fields"]["title"].is_array()), (422, true), "{json}");
        let (status, json) = app.call(Method::PUT, &topic_path("es"), &cast.admin, json!({"title": "El trabajo", "framing": "Corto"})).await;
        assert_eq!((status, json["error"]["fields"]["framing"].is_array()), (422, true), "{json}");
        let (status, _) = app.call(Method::PUT, &convention_path("es"), &cast.editor, json!({"title": "Un título"})).await;
        assert_eq!(status, 403);
        let (status, _) = app.call(Method::PUT, &format!("/api/v1/conventions/{CONVENTION}/topics/none/translations/es"), &cast.admin,
            json!({"title": "Un título"})).await;
        assert_eq!(status, 404);
        let (_, after) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        assert_eq!(after, before);

        // The admin's page: one form per other language, for the convention and for each topic.
        let path = format!("/admin/conventions/{CONVENTION}");
        let page = app.as_user(Method::GET, &path, &cast.admin).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"id="form-translation-es""#) && page.contains(r#"id="form-topic-labor-es""#), "{page}");
        assert!(!page.contains(r#"id="form-translation-en""#), "the default language's texts are the convention's own");
        let refused = form_as(&app, &cast.admin, &format!("{path}/translations/es"), &[("title", "x"), ("homepage_text", "Bienvenidos.")]).await;
        assert_eq!(refused.status(), 422);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(r#"id="translation-es-title-error""#) && refused.contains("Bienvenidos."), "{refused}");
        let saved = form_as(&app, &cast.admin, &format!("{path}/translations/es"),
            &[("title", "30.ª Convención Nacional"), ("homepage_text", "Los miembros debaten aquí.")]).await;
        assert_eq!(saved.status(), 303);
        let refused = form_as(&app, &cast.admin, &format!("{path}/topics/labor/translations/es"), &[("title", "El trabajo"), ("framing", "Corto")]).await;
        assert_eq!(refused.status(), 422);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(r#"id="topic-labor-es-framing-error""#) && refused.contains(r#"value="El trabajo""#), "{refused}");
        let saved = form_as(&app, &cast.admin, &format!("{path}/topics/labor/translations/es"),
            &[("title", "El trabajo"), ("framing", "El documento marco sobre el trabajo.")]).await;
        assert_eq!(saved.status(), 303);
        let page = app.as_user(Method::GET, &path, &cast.admin).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"value="30.ª Convención Nacional""#) && page.contains(">Los miembros debaten aquí.</textarea>"), "{page}");
        assert!(page.contains(r#"value="El trabajo""#) && page.contains(">El documento marco sobre el trabajo.</textarea>"), "{page}");
        let home = page_in(&app, "/", "es").await;
        assert!(home.contains(r#"<p lang="es">Los miembros debaten aquí.</p>"#), "{home}");
    }

    async fn admins_saving_at_the_same_moment_both_land_and_each_disclaimer_gets_its_own_version(backend) {
        let (app, cast) = setup(backend).await;
        let admin2 = app.user_with("admin2@example.org", &[tribune::domain::user::Role::Admin]).await;
        let path = format!("/api/v1/conventions/{CONVENTION}/translations/es");
        let ((first, _), (second, _)) = common::both(
            app.call(Method::PUT, &path, &cast.admin, json!({"title": "Primera versión del título"})),
            app.call(Method::PUT, &path, &admin2, json!({"title": "Segunda versión del título"})),
        ).await;
        assert_eq!((first, second), (200, 200), "neither save is an error");
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        let title = convention["translations"][0]["title"].as_str().unwrap();
        assert!(title.ends_with("versión del título"), "one of them, whole: {convention}");

        let ((first, a), (second, b)) = common::both(
            add_disclaimer(&app, &cast.admin, CONVENTION, json!({"body": "Las opiniones son de sus autores.", "language": "es"})),
            add_disclaimer(&app, &admin2, CONVENTION, json!({"body": "Las opiniones expresadas son de quien escribe.", "language": "es"})),
        ).await;
        assert_eq!((first, second), (201, 201), "{a} {b}");
        let mut spanish: Vec<i64> =
            versions(&app, &cast.member, CONVENTION).await.into_iter().filter(|v| v.0 == "es").map(|v| v.1).collect();
        spanish.sort();
        assert_eq!(spanish, [1, 2], "each its own version");
    }

    async fn a_member_posting_an_admins_form_gets_the_error_page_not_the_admins_page(backend) {
        let (app, cast) = setup(backend).await;
        let path = format!("/admin/conventions/{CONVENTION}/translations/es");
        let refused = form_as(&app, &cast.editor, &path, &[("title", "Un título"), ("homepage_text", "")]).await;
        assert_eq!(refused.status(), 403);
        let page = refused.text().await.unwrap();
        assert!(!page.contains(r#"id="form-translation-es""#) && !page.contains(r#"id="form-disclaimer""#), "{page}");
        let (_, convention) = app.call(Method::GET, &format!("/api/v1/conventions/{CONVENTION}"), &cast.member, NONE).await;
        assert_eq!(convention["translations"], json!([]), "nothing saved: {convention}");
    }
}
