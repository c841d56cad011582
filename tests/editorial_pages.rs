//! The editorial pages as people use them: submitting through forms, reviewing through the
//! review page, reading the article with its disclaimer; and user-written text rendered inert
//! on every page that shows it.

mod common;

use reqwest::Method;
use serde_json::json;

use common::{CONVENTION, ESSAY, SignedIn, TestApp};

/// GETs a page as `who` (bearer) and returns the HTML, asserting the status.
async fn page_as(app: &TestApp, who: Option<&SignedIn>, path: &str, status: u16) -> String {
    let request = match who {
        Some(who) => app.as_user(Method::GET, path, who),
        None => app.new_client().get(app.url(path)),
    };
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), status, "GET {path}");
    response.text().await.unwrap()
}

/// Posts a form as `who` with the page's CSRF token (bearer requests carry the session's).
async fn form_as(app: &TestApp, who: &SignedIn, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all = vec![("csrf_token", who.csrf_token.as_str())];
    all.extend_from_slice(fields);
    app.as_user(Method::POST, path, who).form(&all).send().await.unwrap()
}

on_both_backends! {
    async fn a_piece_goes_from_the_submit_form_to_the_article_page(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;

        let form = page_as(&app, Some(&cast.member), "/submit", 200).await;
        assert!(form.contains("30th National Convention"));
        let response = form_as(&app, &cast.member, "/submit", &[
            ("convention", CONVENTION), ("title", "Build the union at work"), ("body", ESSAY),
            ("byline_name", "Ruth Organiser"), ("byline_location", "Toledo"), ("tags", "labor, unions"),
        ]).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
        let mine = page_as(&app, Some(&cast.member), "/me/submissions", 200).await;
        assert!(mine.contains("Build the union at work") && mine.contains("draft"));
        assert_eq!(form_as(&app, &cast.member, &format!("/submissions/{id}/submit"), &[]).await.status(), 303);

        let queue = page_as(&app, Some(&cast.editor), "/review", 200).await;
        assert!(queue.contains("Build the union at work"), "{queue}");
        assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await.status(), 303);
        assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/request-changes"), &[("message", "Name the workplace.")]).await.status(), 303);

        let edit = page_as(&app, Some(&cast.member), &format!("/submissions/{id}/edit"), 200).await;
        assert!(edit.contains("Ruth Organiser"), "the form is filled with the current revision");
        let revised = ESSAY.replace("our city", "the Jeep plant in Toledo");
        let response = form_as(&app, &cast.member, &format!("/submissions/{id}/edit"), &[
            ("title", "Build the union at work"), ("body", &revised), ("byline_name", "Ruth Organiser"),
            ("byline_location", "Toledo"), ("tags", "labor, unions"),
        ]).await;
        assert_eq!(response.status(), 303);
        form_as(&app, &cast.member, &format!("/submissions/{id}/submit"), &[]).await;

        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let review = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        assert!(review.contains("<del>our city</del>") || review.contains("<del>city"), "word diff: {review}");
        assert!(review.contains("<ins>"), "{review}");
        assert!(review.contains("Name the workplace."), "the history shows the request");
        assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/approve"), &[("publish_at", "")]).await.status(), 303);

        let article = page_as(&app, None, "/articles/build-the-union-at-work", 200).await;
        assert!(article.contains("<h1>Build the union at work</h1>"));
        assert!(article.contains("Submitted by Ruth Organiser, Toledo"));
        assert!(article.contains("the Jeep plant in Toledo"));
        assert!(article.contains("The views expressed are the authors&#39; own") || article.contains("The views expressed are the authors&#x27; own"), "{article}");
        assert!(article.contains("30th National Convention") && article.contains("Chicago"));
        let discussion = page_as(&app, None, &format!("/conventions/{CONVENTION}/discussion"), 200).await;
        assert!(discussion.contains("/articles/build-the-union-at-work"));
        let search = page_as(&app, None, &format!("/conventions/{CONVENTION}/discussion?q=jeep"), 200).await;
        assert!(search.contains("/articles/build-the-union-at-work"), "{search}");
        let nothing = page_as(&app, None, &format!("/conventions/{CONVENTION}/discussion?q=zebra"), 200).await;
        assert!(nothing.contains("Nothing matches"));
        let home = page_as(&app, None, "/", 200).await;
        assert!(home.contains("Build the union at work") && home.contains("Members discuss the draft resolutions here."));
        let feed = app.get(&format!("/conventions/{CONVENTION}/feed.atom")).await;
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        let feed = feed.text().await.unwrap();
        assert!(feed.contains("<entry>") && feed.contains("http://tribune.test/articles/build-the-union-at-work"), "{feed}");
        let convention = page_as(&app, None, &format!("/conventions/{CONVENTION}"), 200).await;
        assert!(convention.contains("version 1"));
    }

    async fn the_submit_form_shows_errors_beside_fields_and_keeps_input(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let response = form_as(&app, &cast.member, "/submit", &[
            ("convention", CONVENTION), ("title", "Hi"), ("body", "Kept body text"), ("byline_name", ""),
            ("byline_location", "Toledo"), ("tags", "a,b,c,d,e,f"),
        ]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for field in ["title", "byline_name", "tags"] {
            assert!(html.contains(&format!(r#"id="{field}-error""#)), "{field}: {html}");
        }
        assert!(html.contains("Kept body text") && html.contains(r#"value="Toledo""#));
    }

    async fn pages_of_unpublished_work_are_not_found_by_others(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Private until published", ESSAY, &[]).await;
        page_as(&app, None, &format!("/submissions/{id}"), 404).await;
        page_as(&app, Some(&cast.member2), &format!("/submissions/{id}"), 404).await;
        page_as(&app, Some(&cast.member2), &format!("/review/{id}"), 404).await;
        page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        page_as(&app, None, "/review", 303).await;
        page_as(&app, None, "/articles/private-until-published", 404).await;
    }

    async fn admins_manage_conventions_and_disclaimers_through_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let response = form_as(&app, &cast.admin, "/admin/conventions", &[
            ("slug", "32nd-national"), ("number", "32"), ("title", "32nd National Convention"), ("location", "Denver"),
            ("starts_on", "2031-06-01"), ("ends_on", "2031-06-03"), ("discussion_opens_at", "2031-03-01T00:00"),
            ("discussion_closes_at", "2031-05-15T00:00"), ("word_limit", "1200"), ("homepage_text", "Welcome."),
        ]).await;
        assert_eq!(response.status(), 303);
        let bad = form_as(&app, &cast.admin, "/admin/conventions/32nd-national", &[
            ("slug", "32nd-national"), ("title", "32nd National Convention"), ("location", "Denver"),
            ("starts_on", "2031-06-01"), ("ends_on", "2031-05-01"), ("discussion_opens_at", "2031-03-01T00:00"),
            ("discussion_closes_at", "2031-05-15T00:00"), ("word_limit", "1200"),
        ]).await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains(r#"id="ends_on-error""#));
        let added = form_as(&app, &cast.admin, "/admin/conventions/32nd-national/disclaimers", &[("body", "Opinions are the authors' alone.")]).await;
        assert_eq!(added.status(), 303);
        let page = page_as(&app, Some(&cast.admin), "/admin/conventions/32nd-national", 200).await;
        assert!(page.contains("Version 1") && page.contains("Opinions are the authors"), "{page}");
        page_as(&app, Some(&cast.editor), "/admin/conventions", 403).await;
    }

    async fn user_written_text_is_inert_on_every_page(backend) {
        const SCRIPT: &str = "<script>alert('x')</script>";
        const IMG: &str = "<img src=x onerror=alert(1)>";
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        app.call(Method::PATCH, &format!("/api/v1/conventions/{CONVENTION}"), &cast.admin,
            json!({"homepage_text": format!("Welcome {SCRIPT}"), "location": format!("Chicago {IMG}")})).await;
        app.disclaimer(&cast.admin, CONVENTION, &format!("Disclaimer {SCRIPT} {IMG}")).await;
        let body = format!("Para {SCRIPT}\n\n{IMG}\n\n[click](javascript:alert(1))\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<p style=\"color:red\" onclick=\"alert(1)\">styled</p>");
        let (status, json) = app.call(Method::POST, "/api/v1/submissions", &cast.member, json!({
            "convention": CONVENTION, "title": format!("Title {SCRIPT}"), "body": body,
            "byline_name": format!("Name {IMG}"), "byline_location": format!("Place {SCRIPT}")})).await;
        assert_eq!(status, 201, "{json}");
        let id = json["id"].as_i64().unwrap();
        app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/comment"), &cast.editor, json!({"body": format!("Note {SCRIPT}"), "visibility": "author"})).await;
        let review = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        let submission = page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        let mine = page_as(&app, Some(&cast.member), "/me/submissions", 200).await;
        let queue = page_as(&app, Some(&cast.editor), "/review?status=in_review", 200).await;
        let (_, json) = app.call(Method::POST, &format!("/api/v1/review/{id}/approve"), &cast.editor, json!({})).await;
        let slug = json["article_slug"].as_str().unwrap().to_string();
        let article = page_as(&app, None, &format!("/articles/{slug}"), 200).await;
        let discussion = page_as(&app, None, &format!("/conventions/{CONVENTION}/discussion"), 200).await;
        let home = page_as(&app, None, "/", 200).await;
        let convention = page_as(&app, None, &format!("/conventions/{CONVENTION}"), 200).await;
        let feed = app.get(&format!("/conventions/{CONVENTION}/feed.atom")).await.text().await.unwrap();
        for (name, html) in [("review", &review), ("submission", &submission), ("mine", &mine), ("queue", &queue),
            ("article", &article), ("discussion", &discussion), ("home", &home), ("convention", &convention), ("feed", &feed)] {
            for tag in tags(&html.to_lowercase()) {
                let name_of_tag = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
                assert!(!["script", "img", "iframe", "svg", "object"].contains(&name_of_tag), "{name}: <{tag}> survived");
                assert!(!tag.contains("javascript:"), "{name}: a javascript: URL survived in <{tag}>");
                assert!(!tag.split_whitespace().any(|attr| attr.starts_with("on") || attr.starts_with("style=")),
                    "{name}: an event handler or style survived in <{tag}>");
            }
        }
        assert!(article.contains("Title &#60;script&#62;") || article.contains("Title &lt;script&gt;"), "escaped, still readable: {article}");
    }
}

/// The insides of every real tag in `html` (text between `<` and `>`); escaped text has no `<`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag)).collect()
}
