//! The HTTP edge, before any handler: text no page can show is refused in paths (404), query
//! values and every field of JSON and form bodies (422, naming the field), and nothing is stored.

mod common;

use reqwest::Method;
use serde_json::{Value, json};
use tribune::domain::user::Role;

use common::{CONVENTION, ESSAY, PASSWORD, SignedIn, TestApp, csrf_field, error_code};

/// One of each class of character no page can show, percent-encoded as UTF-8 (the last one, a
/// lone surrogate, as the WTF-8 bytes that would mean one).
const HOSTILE_ENCODED: &[(&str, &str)] = &[
    ("NUL", "%00"),
    ("a C0 control", "%01"),
    ("a vertical tab", "%0B"),
    ("an escape", "%1B"),
    ("DEL", "%7F"),
    ("a C1 control", "%C2%85"),
    ("U+FDD0", "%EF%B7%90"),
    ("U+FFFE", "%EF%BF%BE"),
    ("U+FFFF", "%EF%BF%BF"),
    ("U+1FFFF", "%F0%9F%BF%BF"),
    ("U+10FFFE", "%F4%8F%BF%BE"),
    ("a lone surrogate", "%ED%A0%80"),
];

/// The same classes as JSON string escapes, a lone surrogate of either half included.
const HOSTILE_JSON: &[&str] = &[
    r"\u0000",
    r"\u0001",
    r"\u000b",
    r"\u001b",
    r"\u007f",
    r"\u0085",
    r"\ufdd0",
    r"\ufffe",
    r"\uffff",
    r"\ud83f\udfff",
    r"\udbff\udffe",
    r"\ud800",
    r"\udfff",
];

fn json_with(title_escape: &str) -> String {
    format!(
        r#"{{"convention":"{CONVENTION}","title":"An essay a{title_escape}b","body":"Enough words to be an essay.","byline_name":"Emma","byline_location":"Detroit","tags":[]}}"#
    )
}

async fn open_convention(app: &TestApp) -> SignedIn {
    let admin = app.user_with("admin@example.org", &[Role::Admin]).await;
    app.convention(&admin, CONVENTION, -1, 1000).await;
    admin
}

/// A client signed in through the login page, with its session cookie.
async fn signed_in_browser(app: &TestApp, email: &str) -> reqwest::Client {
    app.create_user(email, &[Role::Member]);
    let browser = app.new_client();
    let login = browser.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    let response = browser
        .post(app.url("/login"))
        .form(&[("csrf_token", csrf_field(&login).as_str()), ("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "signed in");
    browser
}

async fn assert_html_names_field(response: reqwest::Response, field: &str, what: &str) {
    assert_eq!(response.status(), 422, "{what}");
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(content_type.starts_with("text/html"), "{what}: an HTML page, not {content_type}");
    let html = response.text().await.unwrap();
    assert!(html.contains(field) && html.contains("cannot be shown"), "{what}: the page names `{field}`: {html}");
}

async fn assert_json_names_field(response: reqwest::Response, field: &str, what: &str) {
    assert_eq!(response.status(), 422, "{what}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid", "{what}: {body}");
    assert!(body["error"]["fields"][field].is_array(), "{what}: `{field}` is named: {body}");
}

on_both_backends! {
    async fn a_path_segment_holding_text_no_page_can_show_names_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        open_convention(&app).await;
        let member = app.user_with("member@example.org", &[Role::Member]).await;
        let paths = [
            "/api/v1/articles/a{}b", "/articles/a{}b", "/mailbag/a{}b", "/api/v1/mailbag/questions/a{}b",
            "/conventions/{}", "/api/v1/conventions/x{}", "/conventions/30th-national/topics/t{}/bulletin.epub",
        ];
        for (name, encoded) in HOSTILE_ENCODED {
            for path in paths {
                let path = path.replace("{}", encoded);
                let anonymous = app.new_client().get(app.url(&path)).send().await.unwrap();
                assert_eq!(anonymous.status(), 404, "{name} in {path}, anonymous");
                let signed_in = app.as_user(Method::GET, &path, &member).send().await.unwrap();
                assert_eq!(signed_in.status(), 404, "{name} in {path}, signed in");
                if path.starts_with("/api/") {
                    assert_eq!(error_code(signed_in).await, "not_found");
                }
            }
        }
    }

    async fn a_query_value_holding_text_no_page_can_show_is_refused_naming_it(backend) {
        let app = TestApp::spawn(backend).await;
        open_convention(&app).await;
        let member = app.user_with("member@example.org", &[Role::Member]).await;
        for (name, encoded) in HOSTILE_ENCODED {
            for field in ["q", "tag", "convention", "language", "cursor"] {
                let path = format!("/api/v1/articles?{field}=a{encoded}b");
                let anonymous = app.new_client().get(app.url(&path)).send().await.unwrap();
                assert_json_names_field(anonymous, field, &format!("{name} in {path}, anonymous")).await;
                let signed_in = app.as_user(Method::GET, &path, &member).send().await.unwrap();
                assert_json_names_field(signed_in, field, &format!("{name} in {path}, signed in")).await;
            }
            for path in [
                format!("/conventions/{CONVENTION}/discussion?q={encoded}"),
                format!("/conventions/{CONVENTION}/discussion?tag=x{encoded}"),
                format!("/mailbag?q=a{encoded}"),
            ] {
                let page = app.new_client().get(app.url(&path)).send().await.unwrap();
                let field = path.split('?').nth(1).unwrap().split('=').next().unwrap();
                assert_html_names_field(page, field, &format!("{name} in {path}")).await;
            }
        }
        // Ordinary text of every kind still reaches search.
        let fine = app.get("/api/v1/articles?q=caf%C3%A9%09%F0%9F%99%82%E2%80%8F%EF%BF%BD").await;
        assert_eq!(fine.status(), 200);
    }

    async fn a_json_field_holding_text_no_page_can_show_is_refused_and_nothing_is_stored(backend) {
        let app = TestApp::spawn(backend).await;
        open_convention(&app).await;
        let editor = app.user_with("editor@example.org", &[Role::Editor]).await;
        let member = app.user_with("member@example.org", &[Role::Member]).await;
        for escape in HOSTILE_JSON {
            // Anonymous: a mailbag question.
            let question = format!(
                r#"{{"name":"Ana Reader","email":"ana@example.org","body":"How did the eight-hour day become law? {escape}","topic":"History"}}"#
            );
            let response = app.new_client().post(app.url("/api/v1/mailbag/questions"))
                .header("content-type", "application/json").body(question).send().await.unwrap();
            assert_json_names_field(response, "body", &format!("{escape} in a question")).await;
            // Signed in: a draft, its title.
            let response = app.as_user(Method::POST, "/api/v1/submissions", &member)
                .header("content-type", "application/json").body(json_with(escape)).send().await.unwrap();
            assert_json_names_field(response, "title", &format!("{escape} in a title")).await;
            // In a list, and in a key.
            let response = app.as_user(Method::POST, "/api/v1/submissions", &member)
                .header("content-type", "application/json")
                .body(json_with("").replace(r#""tags":[]"#, &format!(r#""tags":["ok","x{escape}"]"#)))
                .send().await.unwrap();
            assert_json_names_field(response, "tags", &format!("{escape} in a tag")).await;
            let response = app.as_user(Method::POST, "/api/v1/submissions", &member)
                .header("content-type", "application/json")
                .body(json_with("").replace(r#""tags":[]"#, &format!(r#""ta{escape}gs":[]"#)))
                .send().await.unwrap();
            assert_json_names_field(response, "tags", &format!("{escape} in a key")).await;
            // Any JSON media type the handlers read is checked too.
            let response = app.as_user(Method::POST, "/api/v1/submissions", &member)
                .header("content-type", "text/json; charset=utf-8").body(json_with(escape)).send().await.unwrap();
            assert_json_names_field(response, "title", &format!("{escape} in a title sent as text/json")).await;
        }
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox?status=pending", &editor, Value::Null).await;
        assert_eq!(inbox["items"], json!([]), "no question kept");
        let (_, mine) = app.call(Method::GET, "/api/v1/me/submissions", &member, Value::Null).await;
        assert_eq!(mine["items"], json!([]), "no draft kept");
        // The same request with showable text is accepted, so it was the character that was refused.
        let response = app.as_user(Method::POST, "/api/v1/submissions", &member)
            .header("content-type", "application/json").body(json_with(r"\ud83d\ude00\u200f\ufffd")).send().await.unwrap();
        assert_eq!(response.status(), 201);
    }

    async fn a_form_field_holding_text_no_page_can_show_gets_an_error_page_naming_it(backend) {
        let app = TestApp::spawn(backend).await;
        open_convention(&app).await;
        let editor = app.user_with("editor@example.org", &[Role::Editor]).await;
        let browser = signed_in_browser(&app, "writer@example.org").await;
        for (name, encoded) in HOSTILE_ENCODED {
            // Anonymous: registering.
            let anonymous = app.new_client();
            let form = anonymous.get(app.url("/register")).send().await.unwrap().text().await.unwrap();
            let body = format!(
                "csrf_token={}&email=reader%40example.org&display_name=Ada{encoded}&location=Oakland&password=a+long+enough+passphrase",
                csrf_field(&form)
            );
            let response = anonymous.post(app.url("/register"))
                .header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
            assert_html_names_field(response, "display_name", &format!("{name} in a name")).await;
            // Anonymous: the mailbag form.
            let form = anonymous.get(app.url("/mailbag/ask")).send().await.unwrap().text().await.unwrap();
            let body = format!(
                "csrf_token={}&step=send&name=Ana&email=ana%40example.org&topic=History&body=Why{encoded}%3F&website=",
                csrf_field(&form)
            );
            let response = anonymous.post(app.url("/mailbag/ask"))
                .header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
            assert_html_names_field(response, "body", &format!("{name} in a question")).await;
            // Signed in: the essay form.
            let form = browser.get(app.url("/submit")).send().await.unwrap().text().await.unwrap();
            let body = format!(
                "csrf_token={}&convention={CONVENTION}&title=Title{encoded}&body=Words&byline_name=Emma&byline_location=Detroit",
                csrf_field(&form)
            );
            let response = browser.post(app.url("/submit"))
                .header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
            assert_html_names_field(response, "title", &format!("{name} in an essay's title")).await;
        }
        assert!(app.smtp.all().is_empty(), "no one was registered");
        let (_, inbox) = app.call(Method::GET, "/api/v1/mailbag/inbox?status=pending", &editor, Value::Null).await;
        assert_eq!(inbox["items"], json!([]), "no question kept");
        let mine = browser.get(app.url("/api/v1/me/submissions")).send().await.unwrap().json::<Value>().await.unwrap();
        assert_eq!(mine["items"], json!([]), "no draft kept");
        // Showable text in the same form goes through.
        let form = browser.get(app.url("/submit")).send().await.unwrap().text().await.unwrap();
        let response = browser.post(app.url("/submit"))
            .form(&[("csrf_token", csrf_field(&form).as_str()), ("convention", CONVENTION), ("title", "Emoji 🙂 and \u{200F}"),
                ("body", &format!("{ESSAY}\n\ttab")), ("byline_name", "Emma"), ("byline_location", "Detroit")])
            .send().await.unwrap();
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    }
}

/// The series `/metrics` lists: each line without its value.
async fn metric_series(app: &TestApp, client: &reqwest::Client) -> std::collections::BTreeSet<String> {
    let response = client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.rsplit_once(' ').map(|(series, _)| series.to_string()))
        .collect()
}

const METRICS_TOKEN: &str = "a-long-scraper-token-0123456789";

on_both_backends! {
    async fn invented_methods_and_paths_add_no_metric_series(backend) {
        let app = TestApp::spawn(backend).await;
        let client = app.new_client();
        let send = |method: String, path: String| {
            let request = client.request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), app.url(&path));
            async move { request.send().await.unwrap().status() }
        };
        // Once each: the series these requests make exist from now on.
        for path in ["/nowhere-0", "/articles/x0", "/api/v1/articles", "/healthz"] {
            send("INVENTED0".into(), path.into()).await;
        }
        metric_series(&app, &client).await;
        let before = metric_series(&app, &client).await;
        for i in 1..=50 {
            for path in [format!("/nowhere-{i}"), format!("/articles/x{i}"), "/api/v1/articles".into(), "/healthz".into()] {
                let status = send(format!("INVENTED{i}"), path.clone()).await;
                assert!(status.is_client_error(), "INVENTED{i} {path}: {status}");
            }
        }
        let after = metric_series(&app, &client).await;
        assert_eq!(before, after, "50 invented methods added series");
        assert!(after.iter().all(|s| !s.contains("INVENTED") && !s.contains("nowhere")), "{after:?}");
        assert!(after.iter().any(|s| s.contains(r#"method="other""#)), "{after:?}");
    }

    async fn the_metrics_need_the_bearer_token_when_one_is_set(backend) {
        let app = TestApp::spawn_with(backend, |f| f.merge(("metrics.bearer_token", METRICS_TOKEN))).await;
        let client = app.new_client();
        for authorization in [None, Some("Bearer wrong-token-0123456789"), Some("Bearer a-long-scraper-token-012345678"),
            Some(&format!("Basic {METRICS_TOKEN}")[..]), Some(&format!("Bearer {METRICS_TOKEN}x")[..])]
        {
            let mut request = client.get(app.url("/metrics"));
            if let Some(value) = authorization {
                request = request.header("authorization", value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{authorization:?}");
            assert!(response.headers().contains_key("www-authenticate"));
            assert!(!response.text().await.unwrap().contains("tribune_http_requests_total"));
        }
        let response = client.get(app.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("tribune_http_requests_total"));
    }
}

#[test]
fn a_metrics_token_too_short_to_be_secret_stops_the_start() {
    let figment = tribune::config::Settings::figment(&common::config_dir()).unwrap();
    let error = tribune::config::Settings::from_figment(figment.merge(("metrics.bearer_token", "short"))).unwrap_err();
    assert!(error.to_string().contains("metrics.bearer_token"), "{error}");
}

/// Sends raw bytes (from another thread, so a server that answers before reading them all is
/// heard) and returns everything the server answered before closing. Off the test's runtime,
/// which also runs the server's control loop.
async fn raw_exchange(app: &TestApp, request: Vec<u8>) -> Vec<u8> {
    let address = app.address.trim_start_matches("http://").to_string();
    actix_web::rt::task::spawn_blocking(move || blocking_exchange(&address, request)).await.unwrap()
}

fn blocking_exchange(address: &str, request: Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        // The server may close before taking it all: that is its right once it has answered.
        let _ = writer.write_all(&request);
    });
    let mut answer = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            // A reset after the answer arrived ends the exchange; before, `answer` stays empty.
            Err(_) => break,
        }
    }
    let _ = sending.join();
    answer
}

fn status_line(answer: &[u8]) -> String {
    String::from_utf8_lossy(answer).lines().next().unwrap_or("").to_string()
}

fn allowed(response: &reqwest::Response) -> std::collections::BTreeSet<String> {
    let allow = response.headers().get("allow").map_or("", |v| v.to_str().unwrap());
    allow.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect()
}

fn set(methods: &[&str]) -> std::collections::BTreeSet<String> {
    methods.iter().map(|m| m.to_string()).collect()
}

on_both_backends! {
    async fn strict_transport_security_is_sent_over_https_only(backend) {
        let https = TestApp::spawn_with(backend, |f| f.merge(("public_url", "https://tribune.test"))).await;
        let paths = ["/", "/api/v1/articles", "/nowhere", "/static/tribune.css", "/healthz", "/api/v1/articles?q=%00"];
        for path in paths {
            let response = https.get(path).await;
            assert_eq!(response.headers().get("strict-transport-security").map(|v| v.to_str().unwrap()),
                Some("max-age=31536000"), "{path} over https");
        }
        let response = https.client.delete(https.url("/api/v1/articles")).send().await.unwrap();
        assert!(response.headers().contains_key("strict-transport-security"), "on a 405 too");

        let off = TestApp::spawn_with(backend, |f| f.merge(("public_url", "https://tribune.test")).merge(("server.hsts_max_age_secs", 0))).await;
        let http = TestApp::spawn(backend).await;
        for path in paths {
            assert!(!off.get(path).await.headers().contains_key("strict-transport-security"), "{path}, turned off");
            assert!(!http.get(path).await.headers().contains_key("strict-transport-security"), "{path} over http");
        }
    }

    async fn head_answers_like_get_without_the_body(backend) {
        let app = TestApp::spawn(backend).await;
        open_convention(&app).await;
        let editor = app.user_with("editor@example.org", &[Role::Editor]).await;
        let member = app.user_with("member@example.org", &[Role::Member]).await;
        let slug = app.published(&member, &editor, "A piece to ask the headers of", ESSAY, &[]).await;
        for path in [
            "/api/v1/articles".to_string(), format!("/articles/{slug}"), format!("/api/v1/articles/{slug}"),
            format!("/conventions/{CONVENTION}/feed.atom"), "/static/tribune.css".into(), "/healthz".into(),
            format!("/conventions/{CONVENTION}/bulletin.epub"),
        ] {
            let get = app.new_client().get(app.url(&path)).send().await.unwrap();
            assert_eq!(get.status(), 200, "GET {path}");
            let content_type = get.headers()["content-type"].clone();
            let length = get.bytes().await.unwrap().len();
            let answer =
                raw_exchange(&app, format!("HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes()).await;
            let text = String::from_utf8_lossy(&answer).to_string();
            let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("HEAD {path}: {text}"));
            assert!(head.starts_with("HTTP/1.1 200"), "HEAD {path}: {head}");
            assert!(head.to_lowercase().contains(&format!("content-length: {length}")), "HEAD {path} keeps the length {length}: {head}");
            assert!(head.to_lowercase().contains(&format!("content-type: {}", content_type.to_str().unwrap()).to_lowercase()), "HEAD {path}: {head}");
            assert!(body.is_empty(), "HEAD {path} sends no body");
        }
        let missing = app.client.head(app.url("/articles/no-such-piece")).send().await.unwrap();
        assert_eq!(missing.status(), 404);
    }

    async fn a_method_a_path_lacks_is_405_with_the_methods_it_has(backend) {
        let app = TestApp::spawn(backend).await;
        let cases: [(&str, &str, &[&str]); 8] = [
            ("DELETE", "/api/v1/articles", &["GET", "HEAD"]),
            ("GET", "/api/v1/auth/login", &["POST"]),
            ("DELETE", "/api/v1/submissions/1", &["GET", "HEAD", "PATCH"]),
            ("PUT", "/register", &["GET", "HEAD", "POST"]),
            ("POST", "/healthz", &["GET", "HEAD"]),
            ("DELETE", "/submissions/5/edit", &["GET", "HEAD", "POST"]),
            ("INVENTED", "/articles/some-piece", &["GET", "HEAD"]),
            ("OPTIONS", "/conventions/c/feed.atom", &["GET", "HEAD"]),
        ];
        for (method, path, methods) in cases {
            let response = app.new_client()
                .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), app.url(path))
                .send().await.unwrap();
            assert_eq!(response.status(), 405, "{method} {path}");
            assert_eq!(allowed(&response), set(methods), "{method} {path}");
            if path.starts_with("/api/") {
                assert_eq!(error_code(response).await, "method_not_allowed");
            } else {
                let html = response.text().await.unwrap();
                assert!(html.contains("does not accept that method"), "{html}");
            }
        }
        for (method, path) in [("DELETE", "/no/such/path"), ("GET", "/api/v1/nothing-here"), ("POST", "/api/v1"), ("GET", "/api/v1/")] {
            let response = app.new_client()
                .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), app.url(path))
                .send().await.unwrap();
            assert_eq!(response.status(), 404, "{method} {path}");
            assert!(!response.headers().contains_key("allow"));
        }
    }

    async fn a_huge_request_line_or_huge_headers_get_a_status_not_a_dropped_connection(backend) {
        let app = TestApp::spawn(backend).await;
        let megabyte = "a".repeat(1 << 20);
        let requests = [
            ("a 1 MB request line", format!("GET /{megabyte} HTTP/1.1\r\nHost: x\r\n\r\n")),
            ("a 1 MB query", format!("GET /api/v1/articles?q={megabyte} HTTP/1.1\r\nHost: x\r\n\r\n")),
            ("a 1 MB header", format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {megabyte}\r\n\r\n")),
            ("200 headers", format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", (0..200).map(|i| format!("X-H{i}: v\r\n")).collect::<String>())),
        ];
        for (what, request) in requests {
            for attempt in 0..3 {
                let answer = raw_exchange(&app, request.clone().into_bytes()).await;
                let status = status_line(&answer);
                assert!(status.starts_with("HTTP/1.1 431") || status.starts_with("HTTP/1.1 414"),
                    "{what} (attempt {attempt}) answered {status:?}");
            }
        }
        // A client that sends all of it before it reads hears the answer too, however much it
        // sends: the server reads and drops the rest instead of resetting the connection.
        let address = app.address.trim_start_matches("http://").to_string();
        for megabytes in [1, 4, 16] {
            let line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(megabytes << 20)).into_bytes();
            for attempt in 0..3 {
                let (address, line) = (address.clone(), line.clone());
                let answer = actix_web::rt::task::spawn_blocking(move || {
                    use std::io::{Read, Write};
                    let mut stream = std::net::TcpStream::connect(address).unwrap();
                    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
                    // Many clients give up when a write fails, before reading anything.
                    let sent = stream.write_all(&line).map_err(|e| e.to_string());
                    let mut answer = Vec::new();
                    let _ = stream.read_to_end(&mut answer);
                    (sent, answer)
                })
                .await
                .unwrap();
                let (sent, answer) = answer;
                assert_eq!(sent, Ok(()), "{megabytes} MB (attempt {attempt}): the connection was reset while sending");
                let status = status_line(&answer);
                assert!(status.starts_with("HTTP/1.1 431"), "{megabytes} MB sent first, read after (attempt {attempt}): {status:?}");
            }
        }
        // The server still answers normally afterwards.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
}
