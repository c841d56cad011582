//! Every XML Tribune writes — the Atom feed and every file of the EPUB bulletin — is well-formed
//! for any text it accepts (and for older data holding characters XML forbids), as a real XML
//! parser and epubcheck read it; and the bulletin is built once per version of the discussion.

mod common;

use std::io::Read;
use std::path::Path;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use tribune::storage::schema::articles;

use common::{CONVENTION, Cast, TestApp};

/// Titles and bodies the edge accepts, chosen to break naive XML writers.
const HOSTILE_TITLE: &str = "Less <than> & \"ampersands\" 'quotes' ]]> <![CDATA[ x ]]> 🙂 \u{200F}שלום\u{200E} \u{FFFD} &amp; &#0; \u{2028} end";
const HOSTILE_BYLINE: &str = "O'Brien & <Sons> \"Ltd\" \u{202E}";
const HOSTILE_BODY: &str = "A paragraph with <, &, ]]> and \"quotes\"\tand a tab, 🙂👍🏽, \u{200F}עברית\u{200F}, \u{FFFD}.\n\n\
     Entities that name characters XML forbids: &#0; &#11; &#xFFFF; &#x1F; &#127; &nbsp; &amp;amp;\n\n\
     Raw HTML: <br> <hr> <script>alert(1)</script> <b onclick=\"x\">bold</b> <img src=x>\n\n\
     ```\ncode\twith\ttabs <![CDATA[ ]]> &\n```\n\n\
     | a | b |\n|---|---|\n| <c> | & |\n\n\
     [a link](https://example.org/?a=1&b=\"2\") and line  \nbreak.";

/// A piece with this title, byline and body, published; returns its slug.
async fn publish(app: &TestApp, cast: &Cast, title: &str, byline: &str, body: &str) -> String {
    let (status, json) = app
        .call(
            Method::POST,
            "/api/v1/submissions",
            &cast.member,
            json!({"convention": CONVENTION, "title": title,
            "body": body, "byline_name": byline, "byline_location": "Zürich & <Basel>", "tags": []}),
        )
        .await;
    assert_eq!(status, 201, "{json}");
    let id = json["id"].as_i64().unwrap();
    for (who, action) in [
        (&cast.member, "/api/v1/submissions/{id}/submit"),
        (&cast.editor, "/api/v1/review/{id}/claim"),
        (&cast.editor, "/api/v1/review/{id}/approve"),
    ] {
        let (status, json) = app.call(Method::POST, &action.replace("{id}", &id.to_string()), who, json!({})).await;
        assert_eq!(status, 200, "{action}: {json}");
    }
    let (_, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), &cast.member, json!(null)).await;
    json["article_slug"].as_str().expect("published").to_string()
}

async fn setup(app: &TestApp) -> Cast {
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 2000).await;
    cast
}

fn parse<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}\n{text}"))
}

fn texts_of(doc: &roxmltree::Document<'_>, tag: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
        .collect()
}

async fn feed(app: &TestApp) -> String {
    let response = app.get(&format!("/conventions/{CONVENTION}/feed.atom")).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn bulletin(app: &TestApp) -> Vec<u8> {
    let response = app.get(&format!("/conventions/{CONVENTION}/bulletin.epub")).await;
    assert_eq!(response.status(), 200);
    response.bytes().await.unwrap().to_vec()
}

/// Every XML file of the book, parsed; returns (name, text) of each.
fn xml_files_of(book: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("the bulletin is a zip");
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        if [".xml", ".opf", ".ncx", ".xhtml", ".html"].iter().any(|ext| name.ends_with(ext)) {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
            parse(&name, &text);
            files.push((name, text));
        }
    }
    for expected in ["META-INF/container.xml", "OEBPS/content.opf", "OEBPS/toc.ncx", "OEBPS/nav.xhtml"] {
        assert!(files.iter().any(|(name, _)| name == expected), "{expected} is in the book");
    }
    files
}

fn chapters_of(files: &[(String, String)]) -> String {
    files.iter().filter(|(name, _)| name.contains("piece-")).map(|(_, text)| text.as_str()).collect()
}

/// epubcheck, as Debian installs it (`.ci/run` does): a jar run by java.
fn epubcheck(book: &[u8], dir: &Path) {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    assert!(
        jar.exists(),
        "epubcheck is not installed: `apt-get install epubcheck` (.ci/run installs it); this test checks the bulletin with it"
    );
    let path = dir.join("bulletin-check.epub");
    std::fs::write(&path, book).unwrap();
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&path)
        .output()
        .expect("run epubcheck with java (installed with epubcheck)");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "epubcheck refuses the bulletin:\n{report}");
}

fn set_text_in_database(app: &TestApp, slug: &str, title: &str, byline: &str, body_html: &str) {
    let mut conn = app.db.connection().unwrap();
    diesel::update(articles::table.filter(articles::slug.eq(slug)))
        .set((articles::title.eq(title), articles::byline_name.eq(byline), articles::body_html.eq(body_html)))
        .execute(&mut *conn)
        .unwrap();
    app.db.reader_content_changed();
}

on_both_backends! {
    async fn the_feed_and_every_file_of_the_bulletin_are_well_formed_for_hostile_accepted_text(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = setup(&app).await;
        publish(&app, &cast, HOSTILE_TITLE, HOSTILE_BYLINE, HOSTILE_BODY).await;
        publish(&app, &cast, "A plain second piece", "Emma Writer", "Plain words.").await;

        let xml = feed(&app).await;
        let doc = parse("the feed", &xml);
        let titles = texts_of(&doc, "title");
        assert!(titles.iter().any(|t| t == HOSTILE_TITLE), "the title survives exactly: {titles:?}");
        let authors = texts_of(&doc, "name");
        assert!(authors.iter().any(|a| a.starts_with(HOSTILE_BYLINE)), "{authors:?}");

        let book = bulletin(&app).await;
        let files = xml_files_of(&book);
        let (_, opf) = files.iter().find(|(name, _)| name == "OEBPS/content.opf").unwrap();
        let (_, ncx) = files.iter().find(|(name, _)| name == "OEBPS/toc.ncx").unwrap();
        let (_, nav) = files.iter().find(|(name, _)| name == "OEBPS/nav.xhtml").unwrap();
        for (name, text, tag) in [("toc.ncx", ncx, "text"), ("nav.xhtml", nav, "a")] {
            assert!(texts_of(&parse(name, text), tag).iter().any(|t| t.trim() == HOSTILE_TITLE.trim()), "{name}: {text}");
        }
        assert!(texts_of(&parse("content.opf", opf), "title").iter().any(|t| t.contains("the discussion")));
        let chapter = files.iter().find(|(_, text)| text.contains("O&#39;Brien") || text.contains("O'Brien")).unwrap();
        let doc = parse(&chapter.0, &chapter.1);
        assert_eq!(texts_of(&doc, "h1"), [HOSTILE_TITLE]);
        let body: String = texts_of(&doc, "body").concat();
        for kept in ["<, &, ]]> and \"quotes\"\tand a tab", "🙂👍🏽", "\u{200F}עברית\u{200F}", "code\twith\ttabs <![CDATA[ ]]> &"] {
            assert!(body.contains(kept), "{kept:?} in {body}");
        }
        assert!(!chapter.1.contains("<script"), "no script element");
        epubcheck(&book, &app.database.scratch_dir());
    }

    async fn footnotes_are_numbered_notes_at_the_end_on_the_page_in_the_feed_and_in_the_bulletin(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = setup(&app).await;
        let body = "Lenin argued for it.[^pravda] Stalin did not.[^works]\n\n## Later\n\nThe last word.\n\n\
                    [^works]: *Works*, vol. 12, p. 44.\n\n[^pravda]: Pravda, 7 April 1917.";
        let slug = publish(&app, &cast, "A piece with references", "Emma Writer", body).await;

        // In each place: two marks in the text, then the notes in the order of their marks,
        // each note's id the one its mark links to.
        let check = |place: &str, html: &str| {
            let notes = html.find(r#"<ol class="footnotes">"#).unwrap_or_else(|| panic!("{place}: no notes in {html}"));
            let last_word = html.find("The last word.").unwrap_or_else(|| panic!("{place}: text lost"));
            assert!(last_word < notes, "{place}: the notes come after the text");
            let pravda = html.find("Pravda, 7 April 1917.").unwrap_or_else(|| panic!("{place}: note 1 lost"));
            let works = html.find("vol. 12, p. 44.").unwrap_or_else(|| panic!("{place}: note 2 lost"));
            assert!(notes < pravda && pravda < works, "{place}: notes in the order they are cited");
            for number in ["1", "2"] {
                let link = html.split(r##"href="#fn-"##).nth(number.parse().unwrap()).expect("a mark");
                let id = format!(r#"id="fn-{}""#, link.split('"').next().unwrap());
                assert!(html[notes..].contains(&id), "{place}: mark {number} links to its note ({id})");
            }
        };
        let page = app.get(&format!("/articles/{slug}")).await.text().await.unwrap();
        check("the page", &page);

        let xml = feed(&app).await;
        let doc = parse("the feed", &xml);
        let content = texts_of(&doc, "content").into_iter().find(|c| c.contains("Lenin argued")).expect("the entry");
        check("the feed", &content);

        let book = bulletin(&app).await;
        let chapters = chapters_of(&xml_files_of(&book));
        check("the bulletin", &chapters);
        epubcheck(&book, &app.database.scratch_dir());
    }

    async fn older_data_holding_characters_xml_forbids_still_gives_well_formed_xml(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = setup(&app).await;
        let slug = publish(&app, &cast, "An older piece", "Emma Writer", "Words.").await;
        // Stored before the edge refused them (Postgres cannot hold a NUL, so none here).
        set_text_in_database(
            &app,
            &slug,
            "An \u{FFFF}older\u{1} piece\u{FFFE} \u{7F}\u{85}\u{FDD0}\u{1FFFF}",
            "Emma\u{B} Writer\u{C}",
            "<p>A vertical\u{B}tab, a form\u{C}feed, U+FFFF\u{FFFF} and an escape\u{1B}.</p>",
        );
        let xml = feed(&app).await;
        let doc = parse("the feed", &xml);
        assert!(texts_of(&doc, "title").iter().any(|t| t == "An older piece "), "{xml}");
        let book = bulletin(&app).await;
        let files = xml_files_of(&book);
        let chapters = chapters_of(&files);
        assert!(chapters.contains("A verticaltab, a formfeed, U+FFFF and an escape."), "{chapters}");
        epubcheck(&book, &app.database.scratch_dir());
    }

    async fn the_bulletin_is_built_once_and_a_new_publication_shows_in_the_next_download(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = setup(&app).await;
        publish(&app, &cast, "The first piece", "Emma Writer", "Words.").await;
        let first = bulletin(&app).await;
        // Each build has a fresh identifier and time, so the same bytes mean it was not rebuilt.
        assert_eq!(bulletin(&app).await, first, "a second download is the book already built");
        let slug = publish(&app, &cast, "The second piece", "Emma Writer", "More words.").await;
        let second = bulletin(&app).await;
        assert_ne!(second, first);
        assert!(chapters_of(&xml_files_of(&second)).contains("The second piece"), "the new piece is in the next download");
        assert_eq!(bulletin(&app).await, second);

        let (status, json) = app
            .call(Method::POST, &format!("/api/v1/articles/{slug}/unpublish"), &cast.editor, json!({"reason": "Asked by its author."}))
            .await;
        assert_eq!(status, 200, "{json}");
        let third = bulletin(&app).await;
        assert!(!chapters_of(&xml_files_of(&third)).contains("The second piece"), "an unpublished piece leaves the book");

        // A change made by another process (here, straight in the database) shows once the kept
        // book's time-to-live (`cache.ttl_ms`, 1 s) has passed, as every shared page does.
        let slug = publish(&app, &cast, "A third piece", "Emma Writer", "Words.").await;
        let fourth = bulletin(&app).await;
        let mut conn = app.db.connection().unwrap();
        diesel::update(articles::table.filter(articles::slug.eq(&slug)))
            .set((articles::status.eq("unpublished"), articles::unpublished_at.eq(Some(chrono::Utc::now().naive_utc()))))
            .execute(&mut *conn)
            .unwrap();
        actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
        let fifth = bulletin(&app).await;
        assert_ne!(fifth, fourth);
        assert!(!chapters_of(&xml_files_of(&fifth)).contains("A third piece"));
    }
}
