//! Essays from a word processor: a .docx, .odt, .md or .txt uploaded on the submit and edit pages
//! fills the form with its text to look over, saving nothing until the author saves; through the
//! API (`multipart/form-data`) it becomes the body of a new draft or revision, saying what was
//! left out. A bad file is refused beside its field, keeps everything typed, and makes nothing.

mod common;

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use common::essay::{fixture, structure_of_markdown, structure_of_page};
use common::{CONVENTION, Cast, SignedIn, TestApp, csrf_field, hidden_field};

async fn signed_in_on_the_page(app: &TestApp, email: &str) {
    let login = app.page("/login").await;
    let response = app
        .submit("/login", &[("csrf_token", &csrf_field(&login)), ("email", email), ("password", common::PASSWORD)])
        .await;
    assert_eq!(response.status(), 303, "sign in as {email}");
}

/// A file to upload: its name and bytes.
type Document = (&'static str, Vec<u8>);

/// The submit form as a browser posts it with a file chosen: every field, and the document.
fn essay_form(fields: &[(&str, &str)], document: Option<Document>) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    match document {
        Some((file_name, bytes)) => form.part("document", Part::bytes(bytes).file_name(file_name.to_string())),
        // A browser sends the file field empty when no file was chosen.
        None => form.part("document", Part::bytes(Vec::new()).file_name("")),
    }
}

/// The text of the form's essay field.
fn textarea(html: &str) -> String {
    let start = html.find(r#"<textarea id="body""#).expect("the essay field");
    let inner = &html[start..];
    let inner = &inner[inner.find('>').unwrap() + 1..inner.find("</textarea>").unwrap()];
    [("&#62;", ">"), ("&#60;", "<"), ("&#34;", "\""), ("&#39;", "'"), ("&gt;", ">"), ("&lt;", "<"), ("&quot;", "\"")]
        .iter()
        .fold(inner.to_string(), |text, (entity, c)| text.replace(entity, c))
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn my_submissions(app: &TestApp, who: &SignedIn) -> usize {
    let (status, json) = app.call(Method::GET, "/api/v1/me/submissions", who, json!(null)).await;
    assert_eq!(status, 200);
    json.as_array().map_or_else(|| json["items"].as_array().map_or(0, Vec::len), Vec::len)
}

async fn setup(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn(backend).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 5000).await;
    (app, cast)
}

on_both_backends! {
    async fn a_document_chosen_on_the_submit_page_fills_the_form_to_look_over_and_saves_nothing_yet(backend) {
        let (app, cast) = setup(backend).await;
        signed_in_on_the_page(&app, "member@example.org").await;
        let page = app.page("/submit").await;
        assert!(page.contains(r#"enctype="multipart/form-data""#) && page.contains(r#"type="file""#), "the form takes a file");
        let typed = [
            ("csrf_token", csrf_field(&page)), ("form_key", hidden_field(&page, "form_key")), ("convention", CONVENTION.into()),
            ("title", String::new()), ("body", "What I had typed before.".into()), ("byline_name", "Clara Zetkin".into()),
            ("byline_location", "Oakland".into()), ("tags", "housing, clubs".into()), ("convert", "1".into()),
        ];
        let fields: Vec<(&str, &str)> = typed.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = app.client.post(app.url("/submit"))
            .multipart(essay_form(&fields, Some(("Features.DOCX", fixture("features.docx")))))
            .send().await.unwrap();
        assert_eq!(response.status(), 200, "shown again to look over");
        let html = response.text().await.unwrap();
        assert!(html.contains("The text of <strong>Features.DOCX</strong> replaces the essay in the form below. Nothing is saved yet"), "{html}");
        assert!(html.contains("Left out, as an essay cannot hold them: 1 image."), "says what was dropped: {html}");
        let body = textarea(&html);
        for kept in ["## First Section", "**bold words**", "*italic words*", "> A quotation", "- nested bullet", "[the site](https://example.org/path?q=1)", "[^1]: The first note"] {
            assert!(body.contains(kept), "{kept:?} in {body}");
        }
        assert!(!body.contains("What I had typed before."), "the document's text replaces the essay");
        assert!(html.contains(r#"value="Features of an essay""#), "the title comes from the document when none was typed");
        for kept in ["Clara Zetkin", "Oakland", "housing, clubs"] {
            assert!(html.contains(kept), "typed {kept:?} is kept");
        }
        assert_eq!(my_submissions(&app, &cast.member).await, 0, "nothing saved yet");

        // Saving the form as shown makes the draft, footnotes and all.
        let form_key = hidden_field(&html, "form_key");
        let save = [
            ("csrf_token", csrf_field(&html)), ("form_key", form_key), ("convention", CONVENTION.into()),
            ("title", "Features of an essay".into()), ("body", body.clone()), ("byline_name", "Clara Zetkin".into()),
            ("byline_location", "Oakland".into()), ("tags", "housing, clubs".into()),
        ];
        let fields: Vec<(&str, &str)> = save.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = app.client.post(app.url("/submit")).multipart(essay_form(&fields, None)).send().await.unwrap();
        assert_eq!(response.status(), 303, "saved");
        assert_eq!(my_submissions(&app, &cast.member).await, 1);
    }

    async fn a_bad_document_is_refused_beside_its_field_keeping_what_was_typed(backend) {
        let (app, cast) = setup(backend).await;
        signed_in_on_the_page(&app, "member@example.org").await;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let too_large = vec![b'a'; tribune::documents::MAX_UPLOAD_BYTES + 10];
        let cases: Vec<(Option<Document>, &str)> = vec![
            (Some(("essay.docx", png)), "not the kind of document its name says"),
            (Some(("essay.docx", fixture("encrypted.docx"))), "protected by a password"),
            (Some(("essay.pdf", b"%PDF-1.7".to_vec())), "Word (.docx), OpenDocument (.odt), Markdown (.md) or plain text (.txt)"),
            (Some(("essay.txt", too_large)), "too large"),
            (Some(("empty.md", Vec::new())), "holds no text"),
            (None, "choose a document"),
            // Saving (not "Put its text in the form") with a file chosen and an essay typed.
            (Some(("essay.md", b"# A title\n\nWords.".to_vec())), "you chose a document and typed an essay"),
        ];
        for (document, said) in cases {
            let page = app.page("/submit").await;
            let convert = if said.starts_with("you chose") { "" } else { "1" };
            let typed = [
                ("csrf_token", csrf_field(&page)), ("form_key", hidden_field(&page, "form_key")), ("convention", CONVENTION.to_string()),
                ("title", "A title I typed".to_string()), ("body", "An essay I typed.".to_string()),
                ("byline_name", "Clara Zetkin".to_string()), ("byline_location", "Oakland".to_string()), ("convert", convert.to_string()),
            ];
            let fields: Vec<(&str, &str)> = typed.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let response = app.client.post(app.url("/submit")).multipart(essay_form(&fields, document)).send().await.unwrap();
            assert_eq!(response.status(), 422, "{said}");
            let html = response.text().await.unwrap();
            let error = html.split(r#"<span class="error" id="document-error">"#).nth(1).expect("the error beside the file field");
            assert!(error.split("</span>").next().unwrap().contains(said), "{said}: {error}");
            assert!(html.contains(r#"value="A title I typed""#) && textarea(&html) == "An essay I typed.", "what was typed is kept");
        }
        assert_eq!(my_submissions(&app, &cast.member).await, 0, "nothing made");
    }

    async fn nobody_signed_out_can_make_the_server_convert_a_document(backend) {
        let (app, _cast) = setup(backend).await;
        let page = app.page("/login").await;
        let fields = [("csrf_token", csrf_field(&page)), ("convert", "1".to_string())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = app.client.post(app.url("/submit"))
            .multipart(essay_form(&fields, Some(("essay.docx", fixture("features.docx")))))
            .send().await.unwrap();
        assert_ne!(response.status(), 200, "no converted form for a visitor");
        assert!(!response.text().await.unwrap().contains("First Section"), "nothing converted");
        let form = Form::new().part("document", Part::bytes(fixture("features.docx")).file_name("essay.docx"));
        let response = app.new_client().post(app.url("/api/v1/submissions")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 401);
        // Too many fields, and a body past its limit, are refused before anything is read into memory.
        let mut many = Form::new();
        for n in 0..100 {
            many = many.text(format!("f{n}"), "x");
        }
        let response = app.new_client().post(app.url("/api/v1/submissions")).multipart(many).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let two = Form::new()
            .part("document", Part::bytes(b"One.".to_vec()).file_name("one.txt"))
            .part("document", Part::bytes(b"Two.".to_vec()).file_name("two.txt"));
        let response = app.new_client().post(app.url("/api/v1/submissions")).multipart(two).send().await.unwrap();
        assert_eq!(response.status(), 400, "one document at a time");
        let huge = Form::new().part("document", Part::bytes(vec![b'a'; 2 * tribune::documents::MAX_UPLOAD_BYTES + 1]).file_name("huge.txt"));
        let response = app.new_client().post(app.url("/api/v1/submissions")).multipart(huge).send().await.unwrap();
        assert_eq!(response.status(), 413, "a body past its limit");
    }

    async fn a_document_uploaded_on_the_edit_page_replaces_the_text_for_the_next_revision(backend) {
        let (app, cast) = setup(backend).await;
        let id = app.draft(&cast.member, "An essay to revise", "The first words.", &[]).await;
        signed_in_on_the_page(&app, "member@example.org").await;
        let edit = app.page(&format!("/submissions/{id}/edit")).await;
        let typed = [
            ("csrf_token", csrf_field(&edit)), ("convention", CONVENTION.to_string()), ("title", "An essay to revise".to_string()),
            ("body", "The first words.".to_string()), ("byline_name", "Emma Writer".to_string()), ("byline_location", "Detroit".to_string()),
            ("convert", "1".to_string()),
        ];
        let fields: Vec<(&str, &str)> = typed.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = app.client.post(app.url(&format!("/submissions/{id}/edit")))
            .multipart(essay_form(&fields, Some(("revised.md", b"# Revised\n\nThe second words, from a file.".to_vec()))))
            .send().await.unwrap();
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(textarea(&html).contains("The second words, from a file."), "{html}");
        assert!(html.contains(r#"value="An essay to revise""#), "a typed title stays");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, json!(null)).await;
        assert_eq!(json["revisions"], 1, "not saved until saved");
    }

    async fn the_api_takes_a_document_and_the_seed_essay_is_published_with_its_sections_and_quotes(backend) {
        let (app, cast) = setup(backend).await;
        let original = String::from_utf8(fixture("seed-002.md")).unwrap();
        let (headings, quotes) = structure_of_markdown(&original);
        for file in ["seed-002.docx", "seed-002.odt"] {
            let form = Form::new()
                .text("convention", CONVENTION)
                .text("byline_name", "Emma Writer")
                .text("byline_location", "Detroit")
                .text("tags", "history")
                .part("document", Part::bytes(fixture(file)).file_name(file));
            let response = app.as_user(Method::POST, "/api/v1/submissions", &cast.member).multipart(form).send().await.unwrap();
            assert_eq!(response.status(), 201, "{file}");
            let saved: serde_json::Value = response.json().await.unwrap();
            assert_eq!(saved["title"], "Lenin, Stalin and the ‘continuity theory’", "{file}");
            assert_eq!(saved["document"]["file_name"], file);
            assert_eq!(saved["document"]["dropped"], json!([]), "nothing left out of {file}");
            assert_eq!(saved["tags"], json!(["history"]));
            let id = saved["id"].as_i64().unwrap();
            let slug = app.publish_draft(&cast.member, &cast.editor, id).await;
            let page = app.get(&format!("/articles/{slug}")).await.text().await.unwrap();
            assert_eq!(structure_of_page(&page), (headings.clone(), quotes.clone()), "{file}: sections and quotes");
        }

        // A revision from a document, saying what was left out; a bad one changes nothing.
        let id = app.draft(&cast.member, "A draft to revise", "First words.", &[]).await;
        let form = Form::new().part("document", Part::bytes(fixture("review.docx")).file_name("review.docx"));
        let response = app.as_user(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let saved: serde_json::Value = response.json().await.unwrap();
        assert_eq!(saved["revisions"], 2);
        let dropped = saved["document"]["dropped"].to_string();
        assert!(dropped.contains("comments") && dropped.contains("tracked changes"), "{dropped}");
        assert!(!saved["body"].as_str().unwrap().contains("a deleted phrase"), "changes accepted");
        let form = Form::new().part("document", Part::bytes(b"PK\x03\x04 broken".to_vec()).file_name("broken.docx"));
        let response = app.as_user(Method::PATCH, &format!("/api/v1/submissions/{id}"), &cast.member).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let problem: serde_json::Value = response.json().await.unwrap();
        assert!(problem.to_string().contains("document"), "the field is named: {problem}");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, json!(null)).await;
        assert_eq!(json["revisions"], 2, "a bad document makes no revision");
    }
}
