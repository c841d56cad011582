//! The editorial pages as people use them: submitting through forms, reviewing through the
//! review page, reading the article with its disclaimer; and user-written text rendered inert
//! on every page that shows it.

mod common;

use reqwest::Method;
use serde_json::{Value, json};

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
    async fn every_step_of_the_workflow_says_what_it_did_on_the_next_page(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let fields = [
            ("convention", CONVENTION), ("title", "Childcare at every meeting"), ("body", ESSAY),
            ("byline_name", "Clara Zetkin"), ("byline_location", "Oakland"),
        ];
        let saved = form_as(&app, &cast.member, "/submit", &fields).await;
        let id = saved.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();
        let page = app.follow_as(saved, &cast.member).await;
        assert!(page.contains(r#"role="status">Draft saved. It has not been sent to the editors yet."#), "{page}");
        let sent = form_as(&app, &cast.member, &format!("/submissions/{id}/submit"), &[]).await;
        assert!(app.follow_as(sent, &cast.member).await.contains("Sent to the editors. We will email you"));
        let claimed = form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        assert!(app.follow_as(claimed, &cast.editor).await.contains("Claimed: it is yours to review."));
        let asked = form_as(&app, &cast.editor, &format!("/review/{id}/request-changes"), &[("message", "Say who pays.")]).await;
        assert!(app.follow_as(asked, &cast.editor).await.contains("Changes requested: the author has been emailed."));
        let revised = form_as(&app, &cast.member, &format!("/submissions/{id}/edit"), &fields[1..]).await;
        assert!(app.follow_as(revised, &cast.member).await.contains("Revision saved. It has not been sent to the editors yet."));
        let resent = form_as(&app, &cast.member, &format!("/submissions/{id}/submit"), &[]).await;
        app.follow_as(resent, &cast.member).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let approved = form_as(&app, &cast.editor, &format!("/review/{id}/approve"), &[]).await;
        let page = app.follow_as(approved, &cast.editor).await;
        assert!(page.contains("Approved and published."), "{page}");
        let again = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        assert!(!again.contains("Approved and published."), "said once: {again}");
    }

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
        assert!(article.contains("<h1 lang=\"en\">Build the union at work</h1>"));
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
        // The form is long: what is wrong is also listed at its top, where the person is.
        let summary = &html[html.find(r#"id="form-problem""#).expect("a summary above the form")..];
        // Each field by the words of its label, not its name in the form.
        assert!(summary.find("Name in the byline: ").unwrap() < summary.find(r#"id="title""#).unwrap(), "{html}");
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
        // The page's own script (the reason pickers) is the one script it may carry.
        let review = review.replace(r#"<script src="/static/reasons.js" defer></script>"#, "");
        let submission = page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        let mine = page_as(&app, Some(&cast.member), "/me/submissions", 200).await;
        let queue = page_as(&app, Some(&cast.editor), "/review?status=in_review", 200).await;
        let queue = queue.replace(r#"<script src="/static/reasons.js" defer></script>"#, "");
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

    async fn every_review_form_comes_back_with_the_text_kept_and_the_error_beside_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "An essay with a long review", ESSAY, &[]).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let long = "Say where the meeting was held. ".repeat(320);
        let too_long = long.trim_end();
        for (action, fields, error_id) in [
            ("comment", vec![("body", too_long), ("visibility", "author")], "comment-error"),
            ("request-changes", vec![("message", too_long)], "message-error"),
            ("approve", vec![("publish_at", "next tuesday")], "publish_at-error"),
            ("reject", vec![("reason_choice", ""), ("reason", "   ")], "reason-error"),
        ] {
            let response = form_as(&app, &cast.editor, &format!("/review/{id}/{action}"), &fields).await;
            assert_eq!(response.status(), 422, "{action}");
            let html = response.text().await.unwrap();
            assert!(html.contains(&format!(r#"id="{error_id}""#)) && html.contains(&format!(r#"aria-describedby="{error_id}""#)), "{action}: {html}");
            assert!(html.contains(r#"aria-invalid="true""#) && html.contains("<h1>An essay with a long review</h1>"), "{action}: the review page, not an error page");
            for (name, value) in &fields {
                assert!(value.trim().is_empty() || html.contains(&value[..60.min(value.len())]), "{action}: {name} was not kept");
            }
        }
        let comment = form_as(&app, &cast.editor, &format!("/review/{id}/comment"), &[("body", too_long), ("visibility", "author")]).await.text().await.unwrap();
        assert!(comment.contains(r#"<option value="author" selected>"#), "the visibility chosen is kept");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/review/{id}/events"), &cast.editor, Value::Null).await;
        assert_eq!(json["items"].as_array().unwrap().len(), 3, "nothing was recorded: {json}");

        // Scheduled, its new time must be in the future.
        let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1)).format("%Y-%m-%dT%H:%M").to_string();
        assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/approve"), &[("publish_at", &tomorrow)]).await.status(), 303);
        let response = form_as(&app, &cast.editor, &format!("/review/{id}/reschedule"), &[("publish_at", "2001-01-01T09:00")]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="reschedule-at-error""#) && html.contains("must be in the future") && html.contains(r#"value="2001-01-01T09:00""#), "{html}");

        // Published, an empty reason for unpublishing comes back the same way.
        let slug = app.published(&cast.member2, &cast.editor, "Published and then questioned", ESSAY, &[]).await;
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member2, Value::Null).await;
        let published = mine["items"][0]["id"].as_i64().unwrap();
        let response = form_as(&app, &cast.editor, &format!("/review/{published}/unpublish"), &[("reason", "")]).await;
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains(r#"id="unpublish-reason-error""#));
        page_as(&app, None, &format!("/articles/{slug}"), 200).await;
    }

    async fn the_queue_forms_come_back_with_the_text_kept_and_the_error_beside_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        for (fields, wrong, kept) in [
            ([("member", "first"), ("body", "1"), ("non_member", "0")], "p-member", r#"value="first""#),
            ([("member", "1"), ("body", "1"), ("non_member", "500")], "p-non-member", r#"value="500""#),
        ] {
            let response = form_as(&app, &cast.editor, "/review/priority", &fields).await;
            assert_eq!(response.status(), 422);
            let html = response.text().await.unwrap();
            assert!(html.contains(&format!(r#"id="{wrong}-error""#)) && !html.contains(r#"id="p-body-error""#), "{html}");
            assert!(html.contains(kept) && html.contains("<details open>"), "{html}");
        }
        let (_, rule) = app.call(Method::GET, "/api/v1/review/priority", &cast.editor, Value::Null).await;
        assert_eq!(rule, json!({"member": 1, "body": 1, "non_member": 0}), "unchanged");

        let mut held = Vec::new();
        for title in ["A first short note", "A second short note"] {
            let id = app.submitted(&cast.member, title, "A few words only.", &[]).await;
            form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
            assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/approve"), &[("hold_for_digest", "on")]).await.status(), 303);
            held.push(id);
        }
        let first = format!("pick_{}", held[0]);
        let response = form_as(&app, &cast.editor, "/review/digests", &[("title", "Two"), (&first, "on")]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="digest-title-error""#) && html.contains(r#"value="Two""#), "{html}");
        assert!(html.contains(&format!(r#"name="pick_{}" value="on" aria-label="Choose A first short note" checked"#, held[0])), "the ticked piece stays ticked: {html}");
        assert!(html.contains("choose at least two"), "{html}");
    }

    async fn mailbag_and_admin_forms_come_back_with_the_text_kept(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        let expert = app.user_with("expert@example.org", &[tribune::domain::user::Role::Expert]).await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        app.post_json("/api/v1/mailbag/questions", &json!({"name": "Ana Reader", "email": "ana@example.org",
            "body": "How were the first union contracts negotiated here?", "topic": "History"})).await;
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox", &cast.editor, Value::Null).await;
        let question = inbox["items"][0]["id"].as_i64().unwrap();
        let response = form_as(&app, &expert, &format!("/mailbag/inbox/{question}/answer"), &[("body", "x")]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="answer-error""#) && html.contains(">x</textarea>"), "{html}");
        app.call(Method::POST, &format!("/api/v1/mailbag/questions/{question}/answer"), &expert, json!({"body": "By hand, at the shop gate."})).await;
        let response = form_as(&app, &cast.editor, &format!("/mailbag/inbox/{question}/publish"), &[("headline", "Hi")]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="headline-error""#) && html.contains(r#"value="Hi""#), "{html}");

        let framing = "What the convention should decide about dues.";
        let response = form_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}/topics"),
            &[("slug", "Dues!"), ("title", "Dues"), ("framing", framing), ("position", "first")]).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"id="topic-position-error""#) && html.contains(framing) && html.contains(r#"value="Dues!""#), "{html}");
        let response = form_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}/topics"),
            &[("slug", "Dues!"), ("title", "Dues"), ("framing", framing), ("position", "2")]).await;
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains(r#"id="topic-slug-error""#));
        let response = form_as(&app, &cast.admin, &format!("/admin/conventions/{CONVENTION}/disclaimers"), &[("body", "  ")]).await;
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains(r#"id="disclaimer-error""#));

        // The last admin keeps the role: a conflict, said at the top of that user's form.
        let response = form_as(&app, &cast.admin, &format!("/admin/users/{}/roles", cast.admin.user_id), &[("member", "on")]).await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(html.contains("The last admin cannot lose the admin role.") && html.contains("<h1>Admin</h1>"), "{html}");
    }

    async fn a_decision_someone_else_made_first_comes_back_with_the_text_kept(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Two editors at once", ESSAY, &[]).await;
        // The first editor opened the page while it was free; the second claims it meanwhile.
        form_as(&app, &cast.editor2, &format!("/review/{id}/claim"), &[]).await;
        let response = form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        assert_eq!(response.status(), 409);
        assert!(response.text().await.unwrap().contains("Another editor has already claimed this submission."));
        let message = "Please cite the resolution you are answering.";
        let response = form_as(&app, &cast.editor, &format!("/review/{id}/request-changes"), &[("message", message)]).await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(html.contains("Another editor has claimed this submission.") && html.contains(message) && html.contains(r#"role="alert""#), "{html}");
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, Value::Null).await;
        assert_eq!(json["status"], "in_review");

        // A comment approved by another editor first: the moderation page says so.
        let slug = app.published(&cast.member2, &cast.editor, "An essay with comments", ESSAY, &[]).await;
        app.call(Method::POST, &format!("/api/v1/articles/{slug}/comments"), &cast.member, json!({"body": "Well argued."})).await;
        let (_, comments) = app.call(Method::GET, "/api/v1/comments", &cast.editor, Value::Null).await;
        let comment = comments["items"][0]["id"].as_i64().unwrap();
        assert_eq!(form_as(&app, &cast.editor2, &format!("/review/comments/{comment}/approve"), &[]).await.status(), 303);
        let response = form_as(&app, &cast.editor, &format!("/review/comments/{comment}/approve"), &[]).await;
        assert_eq!(response.status(), 409);
        assert!(response.text().await.unwrap().contains("<h1>Comments waiting</h1>"));
    }

    async fn rejecting_asks_first_with_the_reason_still_editable(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let usual = app.settings.review.reject_reasons[0].clone();
        let id = app.submitted(&cast.member, "An essay to be turned down", ESSAY, &[]).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let review = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        let usual_id = picked_option(&review, &usual);
        assert!(review.contains(r#"<select id="reject-choice" name="reason_choice""#), "the usual reasons are pickable: {review}");
        assert!(review.contains(r#"class="danger""#), "set apart");

        // Picked with the text left empty (no JavaScript to fill it in): the reason's text is sent.
        let response = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason_choice", &usual_id), ("reason", "")]).await;
        assert_eq!(response.status(), 200);
        let confirm = response.text().await.unwrap();
        assert!(confirm.contains("Reject “An essay to be turned down”?") && confirm.contains("This is final"), "{confirm}");
        assert!(confirm.contains(&format!("{}</textarea>", escaped(&usual))), "the reason, editable: {confirm}");
        assert!(confirm.contains(r#"value="confirm""#) && confirm.contains(r#"value="back""#));
        let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, Value::Null).await;
        assert_eq!(json["status"], "in_review", "nothing happens before the confirmation");

        // Going back keeps the words.
        let back = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason", "Edited: thank you."), ("step", "back")]).await;
        assert_eq!(back.status(), 200);
        assert!(back.text().await.unwrap().contains("Edited: thank you.</textarea>"));
        // Confirmed with the reason emptied, the confirmation comes back with the error.
        let empty = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason", " "), ("step", "confirm")]).await;
        assert_eq!(empty.status(), 422);
        assert!(empty.text().await.unwrap().contains(r#"id="confirm-text-error""#));

        let done = form_as(&app, &cast.editor, &format!("/review/{id}/reject"), &[("reason", "Edited: thank you."), ("step", "confirm")]).await;
        assert_eq!(done.status(), 303);
        let mail = app.smtp.wait_for("member@example.org", "Not published").await;
        assert!(mail.text.contains("Edited: thank you."), "{}", mail.text);
        let review = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        assert!(review.contains("Status: <strong>rejected</strong>") && !review.contains("/reject\""), "{review}");
    }

    async fn unpublishing_asks_first_and_emails_the_author(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let slug = app.published(&cast.member, &cast.editor, "An essay to take down", ESSAY, &[]).await;
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &cast.member, Value::Null).await;
        let id = mine["items"][0]["id"].as_i64().unwrap();
        let reason = "A quotation in it was invented.";
        let response = form_as(&app, &cast.editor2, &format!("/review/{id}/unpublish"), &[("reason", reason)]).await;
        assert_eq!(response.status(), 200);
        let confirm = response.text().await.unwrap();
        assert!(confirm.contains("Unpublish “An essay to take down”?") && confirm.contains(&format!("{reason}</textarea>")), "{confirm}");
        page_as(&app, None, &format!("/articles/{slug}"), 200).await;
        let done = form_as(&app, &cast.editor2, &format!("/review/{id}/unpublish"), &[("reason", reason), ("step", "confirm")]).await;
        assert_eq!((done.status().as_u16(), done.headers()["location"].to_str().unwrap()), (303, format!("/review/{id}").as_str()));
        page_as(&app, None, &format!("/articles/{slug}"), 404).await;
        let mail = app.smtp.wait_for("member@example.org", "Taken down:").await;
        assert!(mail.text.contains(reason), "{}", mail.text);
        let own = page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        assert!(own.contains(reason), "the author's page shows the reason: {own}");
    }

    async fn a_scheduled_time_shows_wherever_the_piece_does_and_moves_from_the_review_page(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, -1, 1500).await;
        let id = app.submitted(&cast.member, "Out on the first of the month", ESSAY, &[]).await;
        form_as(&app, &cast.editor, &format!("/review/{id}/claim"), &[]).await;
        let at = chrono::Utc::now() + chrono::TimeDelta::days(3);
        let (typed, shown) = (at.format("%Y-%m-%dT%H:%M").to_string(), at.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(form_as(&app, &cast.editor, &format!("/review/{id}/approve"), &[("publish_at", &typed)]).await.status(), 303);

        let review = page_as(&app, Some(&cast.editor), &format!("/review/{id}"), 200).await;
        assert!(review.contains(&format!("Scheduled for <strong>{shown} UTC</strong>")), "{review}");
        assert!(review.contains(&format!("Scheduled for {shown} UTC")), "the history says it: {review}");
        assert!(review.contains(&format!(r#"id="reschedule-at" name="publish_at" type="datetime-local" value="{typed}""#)), "{review}");
        let queue = page_as(&app, Some(&cast.editor), "/review?status=approved", 200).await;
        assert!(queue.contains(&format!("Scheduled for {shown} UTC")), "{queue}");
        assert!(!queue.contains(&format!("pick_{id}")), "a scheduled piece is not offered for a digest");
        let own = page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        assert!(own.contains(&format!("it will be published on {shown} UTC")), "{own}");
        let mine = page_as(&app, Some(&cast.member), "/me/submissions", 200).await;
        assert!(mine.contains(&format!("to be published on {shown} UTC")), "{mine}");

        let later = at + chrono::TimeDelta::days(1);
        let response = form_as(&app, &cast.editor2, &format!("/review/{id}/reschedule"), &[("publish_at", &later.format("%Y-%m-%dT%H:%M").to_string())]).await;
        assert_eq!(response.status(), 303);
        let review = page_as(&app, Some(&cast.editor2), &format!("/review/{id}"), 200).await;
        assert!(review.contains(&format!("Scheduled for <strong>{} UTC</strong>", later.format("%Y-%m-%d %H:%M"))), "{review}");
        assert!(review.contains(&format!("Rescheduled from {shown} UTC to {} UTC", later.format("%Y-%m-%d %H:%M"))), "{review}");

        assert_eq!(form_as(&app, &cast.editor2, &format!("/review/{id}/cancel-schedule"), &[]).await.status(), 303);
        let review = page_as(&app, Some(&cast.editor2), &format!("/review/{id}"), 200).await;
        assert!(review.contains("Status: <strong>in review</strong>") && !review.contains("Scheduled for <strong>"), "{review}");
        assert!(review.contains("/review/{id}/approve".replace("{id}", &id.to_string()).as_str()), "approvable again by the editor who cancelled");
        let own = page_as(&app, Some(&cast.member), &format!("/submissions/{id}"), 200).await;
        assert!(!own.contains("will be published on"), "{own}");
    }
}

/// The insides of every real tag in `html` (text between `<` and `>`); escaped text has no `<`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag)).collect()
}

/// `text` as the templates write it into HTML.
/// The value of the picker option whose text is `body`.
fn picked_option(html: &str, body: &str) -> String {
    let marker = format!(r#"" data-body="{}""#, escaped(body));
    let end = html.find(&marker).unwrap_or_else(|| panic!("no reason {body:?} to pick in:\n{html}"));
    let start = html[..end].rfind(r#"value=""#).unwrap() + r#"value=""#.len();
    html[start..end].to_string()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}
