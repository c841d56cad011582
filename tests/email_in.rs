//! Essays by email (`tribune mail receive`, as a mail server's pipe runs it): a member's message,
//! or the document attached to it, becomes a draft; an answer to the editors' request for
//! changes, sent to the piece's signed reply address by its author, becomes the next revision;
//! strangers get one polite answer a day, automatic mail none; bad input is answered and saves
//! nothing. Every answer goes through the outbox to the test's SMTP server.

mod common;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use reqwest::Method;
use serde_json::json;
use tribune::domain::user::Role;

use common::essay::{fixture, structure_of_markdown, structure_of_page};
use common::{CONVENTION, Cast, SignedIn, TestApp};

const INBOUND: &str = "essays@tribune.test";

async fn spawn(backend: common::Backend) -> (TestApp, Cast) {
    let app = TestApp::spawn_with(backend, |f| f.merge(("mail.inbound_address", INBOUND))).await;
    let cast = app.cast().await;
    app.convention(&cast.admin, CONVENTION, -1, 5000).await;
    (app, cast)
}

/// `tribune mail receive` with `raw` on standard input; returns the line it printed.
fn receive(app: &TestApp, raw: &[u8]) -> String {
    receive_with(app, raw, &[])
}

fn receive_with(app: &TestApp, raw: &[u8], env: &[(&str, &str)]) -> String {
    let env: Vec<(&str, &str)> =
        [("TRIBUNE_PUBLIC_URL", common::PUBLIC_URL), ("TRIBUNE_MAIL__INBOUND_ADDRESS", INBOUND)]
            .into_iter()
            .chain(env.iter().copied())
            .collect();
    common::process::piped(&app.database.url, &["mail", "receive"], &env, raw).trim().to_string()
}

/// A message as a mail program writes it: text, and any attachments.
fn message(from: &str, to: &str, subject: &str, text: &str, attachments: &[(&str, &[u8])]) -> Vec<u8> {
    let builder = lettre::Message::builder()
        .from(from.parse::<Mailbox>().unwrap())
        .to(to.parse::<Mailbox>().unwrap())
        .subject(subject)
        .message_id(Some(format!("<{}@mail.example.org>", rand::random::<u64>())));
    let email = if attachments.is_empty() {
        builder.singlepart(SinglePart::plain(text.to_string())).unwrap()
    } else {
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text.to_string()));
        for (name, bytes) in attachments {
            let kind = ContentType::parse("application/octet-stream").unwrap();
            parts = parts.singlepart(Attachment::new(name.to_string()).body(bytes.to_vec(), kind));
        }
        builder.multipart(parts).unwrap()
    };
    email.formatted()
}

fn drafted_id(line: &str) -> i64 {
    line.strip_prefix("saved as draft ")
        .and_then(|rest| rest.split(';').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a draft: {line}"))
}

async fn submission(app: &TestApp, who: &SignedIn, id: i64) -> serde_json::Value {
    let (status, json) = app.call(Method::GET, &format!("/api/v1/submissions/{id}"), who, json!(null)).await;
    assert_eq!(status, 200, "{json}");
    json
}

async fn mine(app: &TestApp, who: &SignedIn) -> usize {
    let (status, json) = app.call(Method::GET, "/api/v1/me/submissions", who, json!(null)).await;
    assert_eq!(status, 200, "{json}");
    json.as_array().map_or_else(|| json["items"].as_array().map_or(0, Vec::len), Vec::len)
}

/// The rows in the outbox for `to`.
fn outbox_to(app: &TestApp, to: &str) -> Vec<String> {
    use diesel::prelude::*;
    use tribune::storage::schema::outbox;
    outbox::table
        .filter(outbox::recipient.eq(to))
        .select(outbox::subject)
        .load::<String>(&mut *app.db.connection().unwrap())
        .unwrap()
}

on_both_backends! {
    async fn a_members_essay_by_email_becomes_a_draft_and_the_answer_links_to_it(backend) {
        let (app, cast) = spawn(backend).await;
        let text = "Our clubs should meet where people already gather.\n\n> Libraries are the people's universities.\n\n\
                    We asked every branch, and they said yes.\n\n-- \nMember Name\nRiverside Club\n";
        let raw = message("Member <member@example.org>", INBOUND, "Why our clubs should meet in libraries", text, &[]);
        let id = drafted_id(&receive(&app, &raw));

        let draft = submission(&app, &cast.member, id).await;
        assert_eq!(draft["status"], "draft");
        assert_eq!(draft["title"], "Why our clubs should meet in libraries");
        let body = draft["body"].as_str().unwrap();
        assert!(body.starts_with("Our clubs should meet") && body.ends_with("they said yes."), "the signature is not the essay: {body}");
        assert!(body.contains("> Libraries are"), "a quote inside the essay stays: {body}");

        let answer = app.smtp.wait_for("member@example.org", "Draft saved").await;
        assert!(answer.text.contains(&format!("/submissions/{id}")), "{}", answer.text);
        assert!(answer.headers.contains("Auto-Submitted: auto-replied"), "{}", answer.headers);
        assert!(answer.headers.contains("In-Reply-To:"), "the answer refers to the message: {}", answer.headers);

        // The mail server delivers the same message again (after a timeout, say): nothing new.
        assert_eq!(drafted_id(&receive(&app, &raw)), id);
        assert_eq!(mine(&app, &cast.member).await, 1);
        assert_eq!(outbox_to(&app, "member@example.org").iter().filter(|s| s.starts_with("Draft saved")).count(), 1);
    }

    async fn the_seed_essay_attached_as_word_and_as_odt_is_published_with_its_sections_and_quotes(backend) {
        let (app, cast) = spawn(backend).await;
        let original = String::from_utf8(fixture("seed-002.md")).unwrap();
        let (headings, quotes) = structure_of_markdown(&original);
        assert!(!headings.is_empty() && !quotes.is_empty(), "the seed has sections and quotations");
        for file in ["seed-002.docx", "seed-002.odt"] {
            let raw = message("member@example.org", INBOUND, "My essay", "Attached.", &[(file, &fixture(file))]);
            let id = drafted_id(&receive(&app, &raw));
            let draft = submission(&app, &cast.member, id).await;
            assert_eq!(draft["title"], "Lenin, Stalin and the ‘continuity theory’", "{file}: the document's title");
            let slug = app.publish_draft(&cast.member, &cast.editor, id).await;
            let page = app.get(&format!("/articles/{slug}")).await.text().await.unwrap();
            let (page_headings, page_quotes) = structure_of_page(&page);
            assert_eq!(page_headings, headings, "{file}: the sections");
            assert_eq!(page_quotes, quotes, "{file}: the block quotes");
        }
    }

    async fn an_answer_to_a_request_for_changes_becomes_the_next_revision_only_from_its_author(backend) {
        let (app, cast) = spawn(backend).await;
        let id = app.submitted(&cast.member, "On the libraries", "The first version is too short on facts: it says the branches agreed, but not which ones, nor how many members each has, nor when they met.", &[]).await;
        app.call(Method::POST, &format!("/api/v1/review/{id}/claim"), &cast.editor, json!({})).await;
        let (status, json) = app
            .call(Method::POST, &format!("/api/v1/review/{id}/request-changes"), &cast.editor,
                json!({"message": "Please add the branches' answers."}))
            .await;
        assert_eq!(status, 200, "{json}");
        let request = app.smtp.wait_for("member@example.org", "Changes requested").await;
        let reply_to = request.headers.lines().find_map(|l| l.strip_prefix("Reply-To: ")).expect("a Reply-To").trim().to_string();
        assert!(reply_to.starts_with(&format!("reply+{id}-")) && reply_to.ends_with("@tribune.test"), "{reply_to}");
        assert!(request.text.contains("answer this email"), "the request says so: {}", request.text);

        // A question typed in answer is not the essay: it does not replace it.
        let question = message("member@example.org", &reply_to, "Re: Changes requested", "What do you mean by branches?", &[]);
        let line = receive(&app, &question);
        assert!(line.starts_with("refused") && line.contains("not taken as the revised essay"), "{line}");
        // Another member who got hold of the address cannot revise the piece.
        let forged = message("member2@example.org", &reply_to, "Re: Changes requested: On the libraries", "Mine now.", &[]);
        assert!(receive(&app, &forged).starts_with("refused"), "another member");
        // Nor can anyone with a made-up tag: that is only a message to the discussion, a draft of their own.
        let made_up = format!("reply+{id}-0000000000@tribune.test");
        let guessed = message("member2@example.org", &made_up, "Re: Changes requested", "Guessing the tag.", &[]);
        drafted_id(&receive(&app, &guessed));
        assert_eq!(submission(&app, &cast.member, id).await["revisions"], 1, "neither revised the piece");

        let answer = "The second version, with every branch's answer: Riverside, Oak Park and Hyde Park agreed, with 40, 25 and 60 members, at their November meetings.\n\n\
                      On Mon, 7 Dec 2026 at 10:00, Tribune <tribune@tribune.test> wrote:\n> Please add the branches' answers.\n";
        let raw = message("Member <member@example.org>", &reply_to, "Re: Changes requested: On the libraries", answer, &[]);
        assert_eq!(receive(&app, &raw), format!("saved as the next revision of {id}; the author was told"));
        let revised = submission(&app, &cast.member, id).await;
        assert_eq!(revised["revisions"], 2);
        assert_eq!(revised["status"], "changes_requested", "the author sends it, after looking it over");
        assert_eq!(revised["body"], "The second version, with every branch's answer: Riverside, Oak Park and Hyde Park agreed, with 40, 25 and 60 members, at their November meetings.");
        assert_eq!(revised["title"], "On the libraries", "the subject does not retitle it");
        app.smtp.wait_for("member@example.org", "Revision saved").await;

        // Once sent back to the editors, a late answer changes nothing and says why.
        app.call(Method::POST, &format!("/api/v1/submissions/{id}/submit"), &cast.member, json!({})).await;
        let late = message("member@example.org", &reply_to, "Re: Changes requested", "A third version.", &[]);
        assert!(receive(&app, &late).starts_with("refused"));
        assert_eq!(submission(&app, &cast.member, id).await["revisions"], 2);
    }

    async fn strangers_get_one_polite_answer_a_day_and_automatic_mail_none(backend) {
        let (app, _cast) = spawn(backend).await;
        app.create_user("unconfirmed@example.org", &[Role::Member]);
        let first = message("stranger@example.net", INBOUND, "An essay", "Words of an essay.", &[]);
        assert_eq!(receive(&app, &first), "refused (not a member's confirmed address); the sender was told");
        let answer = app.smtp.wait_for("stranger@example.net", "not saved").await;
        assert!(answer.text.contains("/register"), "the way in: {}", answer.text);
        let second = message("stranger@example.net", INBOUND, "Another", "More words.", &[]);
        assert_eq!(receive(&app, &second), "refused (not a member's confirmed address); the sender was told already today");

        let auto = String::from_utf8(message("away@example.net", INBOUND, "Out of office", "I am away.", &[])).unwrap()
            .replacen("Subject:", "Auto-Submitted: auto-replied\r\nSubject:", 1);
        assert!(receive(&app, auto.as_bytes()).starts_with("ignored"));
        let bounce = "From: MAILER-DAEMON@example.net\r\nTo: essays@tribune.test\r\nSubject: Undelivered Mail\r\n\
                      Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n\
                      Content-Type: text/plain\r\n\r\nSorry.\r\n--b--\r\n";
        assert!(receive(&app, bounce.as_bytes()).starts_with("ignored"));
        assert!(receive(&app, b"not a message at all").starts_with("ignored"));
        assert!(outbox_to(&app, "away@example.net").is_empty() && outbox_to(&app, "MAILER-DAEMON@example.net").is_empty());
        assert_eq!(outbox_to(&app, "stranger@example.net").len(), 1, "one answer a day");
    }

    async fn with_an_authenticating_mail_server_only_mail_it_found_to_pass_dmarc_is_read(backend) {
        let (app, cast) = spawn(backend).await;
        let checked = [("TRIBUNE_MAIL__INBOUND_AUTHSERV_ID", "mx.tribune.test")];
        let with_results = |results: &str| {
            String::from_utf8(message("member@example.org", INBOUND, "An essay from a mail program", "Words of an essay.", &[]))
                .unwrap()
                .replacen("Subject:", &format!("Authentication-Results: {results}\r\nSubject:"), 1)
        };
        let plain = message("member@example.org", INBOUND, "An essay from a mail program", "Words of an essay.", &[]);
        assert!(receive_with(&app, &plain, &checked).starts_with("ignored: its sender is not authenticated"));
        let forged = with_results("mx.elsewhere.example; dmarc=pass header.from=example.org");
        assert!(receive_with(&app, forged.as_bytes(), &checked).starts_with("ignored"), "only our server's word counts");
        let failed = with_results("mx.tribune.test; dmarc=fail header.from=example.org");
        assert!(receive_with(&app, failed.as_bytes(), &checked).starts_with("ignored"));
        assert_eq!(mine(&app, &cast.member).await, 0);
        let passed = with_results("mx.tribune.test; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org");
        drafted_id(&receive_with(&app, passed.as_bytes(), &checked));
        // Made by another process (`tribune mail receive`): the server's list of the member's
        // pieces, kept since the count above, shows it within the cache's time-to-live.
        let received_at = std::time::Instant::now();
        while mine(&app, &cast.member).await != 1 {
            assert!(received_at.elapsed() < std::time::Duration::from_secs(3), "the draft never showed in the member's list");
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    async fn a_message_with_nothing_usable_is_answered_and_saves_nothing(backend) {
        let (app, cast) = spawn(backend).await;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (message("member@example.org", INBOUND, "Empty", "", &[]), "holds no essay"),
            (message("member@example.org", INBOUND, "A picture", "See attached.", &[("essay.docx", &png)]), "not the kind of document"),
            (message("member@example.org", INBOUND, "Locked", "", &[("essay.docx", &fixture("encrypted.docx"))]), "password"),
            (message("member@example.org", INBOUND, "Hi", "Too short a title.", &[]), "The title"),
        ];
        for (raw, said) in cases {
            let line = receive(&app, &raw);
            assert!(line.starts_with("refused") && line.contains(said), "{said}: {line}");
        }
        assert_eq!(mine(&app, &cast.member).await, 0, "nothing half-made");
        let answers = outbox_to(&app, "member@example.org");
        assert_eq!(answers.iter().filter(|s| s.starts_with("Not saved")).count(), 4, "each was answered: {answers:?}");
        app.smtp.wait_for("member@example.org", "Not saved: Locked").await;
    }
}
