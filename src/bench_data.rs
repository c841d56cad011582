//! `tribune bench-data --essays N`: N published essays for benchmarks, and a tenth as many
//! published mailbag threads, inserted in batches with progress, in a convention of their own
//! (`bench`). Run again, it adds N more. Prints what the benchmark requests: an article's slug, a
//! cursor deep in the listing, the range of essay ids and a word to search for.

use std::io::Write;

use chrono::TimeDelta;

use crate::domain::DomainError;
use crate::domain::accounts::{NewAccount, create_account};
use crate::domain::convention::{ConventionInput, add_disclaimer, create_convention};
use crate::domain::user::{DisplayName, EmailAddress, Location, Password, PasswordCost, Role};
use crate::domain::{encode_cursor, markdown};
use crate::progress::Progress;
use crate::search;
use crate::storage::bulk::{self, BulkAnswerAuthor, BulkArticle, BulkQuestion, BulkRevision, BulkSubmission, BulkTag};
use crate::storage::mailbag::{AnswerRow, QuestionRow};
use crate::storage::{self, Database, conventions, users};

const BATCH: usize = 1000;
const WORDS: [&str; 24] = [
    "union",
    "strike",
    "wages",
    "housing",
    "tenants",
    "climate",
    "peace",
    "clubs",
    "youth",
    "press",
    "school",
    "health",
    "organising",
    "history",
    "programme",
    "convention",
    "solidarity",
    "workers",
    "districts",
    "elections",
    "rent",
    "transit",
    "childcare",
    "pensions",
];

/// Every essay mentions this word, so searching for it ranks the most matches there can be: the
/// worst case for search.
pub const SEARCH_WORD: &str = "housing";

/// Where the benchmark should look once the data is in.
pub struct BenchData {
    pub article_slug: String,
    pub deep_cursor: String,
    /// The ids of the essays inserted by this run (slug `bench-essay-<id>`).
    pub first_id: i64,
    pub last_id: i64,
}

fn essay_body(n: usize) -> String {
    let pick = |k: usize| WORDS[(n * 7 + k * 13) % WORDS.len()];
    format!(
        "## On {a} and {b}\n\nMembers in the district wrote about {a}, {b} and {c} at length. This is contribution \
         number {n}, with *emphasis* on {d}.\n\n> Quoted from an earlier piece about {e}.\n\n- {a}\n- {c}\n\nA closing \
         paragraph about {b} and {d}, long enough to look like a short essay on {e}, and on {SEARCH_WORD}.",
        a = pick(0),
        b = pick(1),
        c = pick(2),
        d = pick(3),
        e = pick(4),
    )
}

pub fn load(db: &Database, essays: usize, progress: &mut dyn Write) -> Result<BenchData, DomainError> {
    let mut conn = db.connection()?;
    let conn = &mut *conn;
    let convention_id = match conventions::id_by_slug(conn, "bench")? {
        Some(id) => id,
        None => {
            let now = chrono::Utc::now();
            let input = ConventionInput {
                slug: Some("bench".into()),
                title: Some("Benchmark Convention".into()),
                location: Some("Loopback".into()),
                starts_on: Some("2030-01-01".into()),
                ends_on: Some("2030-01-02".into()),
                discussion_opens_at: Some((now - TimeDelta::days(365)).to_rfc3339()),
                discussion_closes_at: Some((now + TimeDelta::days(365)).to_rfc3339()),
                ..ConventionInput::default()
            };
            let id = create_convention(conn, &input)?;
            add_disclaimer(conn, "bench", "Benchmark contributions; the views are invented.", None)?;
            id
        }
    };
    let disclaimer = conventions::latest_disclaimer(conn, convention_id)?.ok_or(DomainError::NotFound)?;
    let author = match users::find_by_email(conn, "bench@bench.invalid")? {
        Some(user) => user.id,
        None => {
            let password = Password::parse("bench-password-2026").map_err(|m| DomainError::Internal(m.to_string()))?;
            let account = NewAccount {
                email: EmailAddress::parse("bench@bench.invalid").map_err(|m| DomainError::Internal(m.to_string()))?,
                display_name: DisplayName::parse("Bench Writer").map_err(|m| DomainError::Internal(m.to_string()))?,
                location: Location::parse("Loopback").map_err(|m| DomainError::Internal(m.to_string()))?,
                password_hash: PasswordCost::default()
                    .hash(&password)
                    .map_err(|m| DomainError::Internal(m.to_string()))?,
                roles: vec![Role::Member],
                verified: true,
            };
            create_account(conn, &account)?
        }
    };
    let first_id = bulk::max_ids(conn)? + 1;
    let now = storage::now();
    let mut middle = None;
    let mut done = 0;
    let mut report = Progress::new(progress, "bench-data", "essays", essays);
    while done < essays {
        let size = BATCH.min(essays - done);
        let (mut subs, mut revs, mut arts, mut tags) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for n in done..done + size {
            let id = first_id + n as i64;
            let published_at = now - TimeDelta::seconds((essays - n) as i64);
            let title = format!("Bench essay {n}: on {}", WORDS[n % WORDS.len()]);
            let body = essay_body(n);
            let rendered = markdown::Rendered::of(&body);
            let tag_list = [WORDS[n % WORDS.len()].to_string(), WORDS[(n / 3) % WORDS.len()].to_string()];
            subs.push(BulkSubmission {
                id,
                convention_id,
                author_id: author,
                status: "published",
                title: title.clone(),
                current_revision: 1,
                submitted_at: Some(published_at),
                created_at: published_at,
                updated_at: published_at,
            });
            revs.push(BulkRevision {
                id,
                submission_id: id,
                number: 1,
                title: title.clone(),
                body_markdown: body.clone(),
                byline_name: "Bench Writer",
                byline_location: "Loopback",
                tags: tag_list.join(","),
                word_count: rendered.word_count() as i32,
                created_at: published_at,
                body_html: rendered.html.clone(),
                body_text: rendered.text.clone(),
            });
            arts.push(BulkArticle {
                id,
                submission_id: Some(id),
                convention_id,
                revision_id: id,
                disclaimer_id: disclaimer.id,
                slug: format!("bench-essay-{id}"),
                title: title.clone(),
                byline_name: "Bench Writer",
                byline_location: "Loopback",
                search_title: search::indexed(&title, "en"),
                search_body: search::indexed(&rendered.text, "en"),
                body_html: rendered.html,
                body_text: rendered.text,
                status: "published",
                published_at,
            });
            let mut unique = tag_list.to_vec();
            unique.dedup();
            tags.extend(unique.into_iter().map(|tag| BulkTag { article_id: id, tag }));
            if n == essays / 2 {
                middle = Some(encode_cursor(published_at, id));
            }
        }
        storage::write_transaction(conn, |conn| bulk::insert_batch(conn, (&subs, &revs, &arts, &tags)))?;
        done += size;
        report.advance(done);
    }
    load_threads(conn, author, (essays / 10).max(1), report.out)?;
    bulk::advance_sequences(conn)?;
    bulk::analyze(conn)?;
    Ok(BenchData {
        article_slug: format!("bench-essay-{}", first_id + (essays / 2) as i64),
        deep_cursor: middle.unwrap_or_default(),
        first_id,
        last_id: first_id + essays as i64 - 1,
    })
}

/// `count` published mailbag threads, each a question with one answer signed by `answered_by`.
fn load_threads(
    conn: &mut storage::AnyConnection,
    answered_by: i64,
    count: usize,
    progress: &mut dyn Write,
) -> Result<(), DomainError> {
    let first_id = bulk::max_thread_ids(conn)? + 1;
    let now = storage::now();
    let mut report = Progress::new(progress, "bench-data", "mailbag threads", count);
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let (mut questions, mut answers, mut authors) = (Vec::new(), Vec::new(), Vec::new());
        for n in done..done + size {
            let id = first_id + n as i64;
            let at = now - TimeDelta::seconds((count - n) as i64);
            let (a, b) = (WORDS[n % WORDS.len()], WORDS[(n * 5 + 3) % WORDS.len()]);
            let answer = format!("Members have asked about {a} before. In short: {b} matters, and here is *why*.");
            let question = QuestionRow {
                id,
                asker_name: "Bench Reader".into(),
                asker_email: "reader@bench.invalid".into(),
                body: format!("What does the programme say about {a} and {b}? Question number {n}."),
                topic: "Other".into(),
                status: "published".into(),
                headline: Some(format!("On {a} and {b} ({n})")),
                slug: Some(format!("bench-thread-{id}")),
                moderation_note: None,
                created_at: at,
                answered_at: Some(at),
                published_at: Some(at),
            };
            questions.push(BulkQuestion {
                search_headline: search::indexed(question.headline.as_deref().unwrap_or_default(), "en"),
                search_body: search::indexed(&question.body, "en"),
                question,
            });
            answers.push(AnswerRow {
                id,
                question_id: id,
                body_html: markdown::to_html(&answer),
                body_markdown: answer,
                created_at: at,
                updated_at: at,
                status: "approved".into(),
                followup_id: None,
            });
            authors.push(BulkAnswerAuthor { answer_id: id, user_id: answered_by });
        }
        storage::write_transaction(conn, |conn| bulk::insert_threads(conn, (&questions, &answers, &authors)))?;
        done += size;
        report.advance(done);
    }
    Ok(())
}

/// Leaves `share` percent of the benchmark's essays in the editors' hands: every status but
/// published in turn (their articles taken down), over four topics, two languages and three
/// author kinds, some claimed by the editor `desk@bench.invalid` and untouched for days.
pub fn spread_over_the_desk(db: &Database, share: u8, progress: &mut dyn Write) -> Result<(), DomainError> {
    use diesel::RunQueryDsl;
    let mut conn = db.connection()?;
    let conn = &mut *conn;
    let convention_id = conventions::id_by_slug(conn, "bench")?.ok_or(DomainError::NotFound)?;
    let editor = match users::find_by_email(conn, "desk@bench.invalid")? {
        Some(user) => user.id,
        None => {
            let password = Password::parse("bench-password-2026").map_err(|m| DomainError::Internal(m.to_string()))?;
            let account = NewAccount {
                email: EmailAddress::parse("desk@bench.invalid").map_err(|m| DomainError::Internal(m.to_string()))?,
                display_name: DisplayName::parse("Desk Editor").map_err(|m| DomainError::Internal(m.to_string()))?,
                location: Location::parse("Loopback").map_err(|m| DomainError::Internal(m.to_string()))?,
                password_hash: PasswordCost::default()
                    .hash(&password)
                    .map_err(|m| DomainError::Internal(m.to_string()))?,
                roles: vec![Role::Editor],
                verified: true,
            };
            create_account(conn, &account)?
        }
    };
    for (position, topic) in ["housing", "labor", "peace", "schools"].into_iter().enumerate() {
        if crate::storage::topics::find_by_slug(conn, convention_id, topic)?.is_none() {
            let framing = format!("What the convention should say about {topic}.");
            let framing = crate::storage::topics::Framing { markdown: &framing, html: &framing };
            crate::storage::topics::insert(conn, convention_id, (topic, topic, &framing), position as i32)?;
        }
    }
    let _ = writeln!(progress, "desk: moving {share}% of the essays into the editors' hands");
    let unpublished = |s: &str| format!("{s} AND convention_id = {convention_id}");
    let statements = [
        format!(
            "UPDATE submissions SET topic_id = (SELECT t.id FROM topics t WHERE t.convention_id = {convention_id} \
             AND t.position = submissions.id % 4) WHERE convention_id = {convention_id}"
        ),
        unpublished("UPDATE submissions SET language = 'es' WHERE id % 5 = 0"),
        unpublished("UPDATE submissions SET author_kind = 'body' WHERE id % 11 = 0"),
        unpublished("UPDATE submissions SET author_kind = 'non_member' WHERE id % 13 = 0"),
        unpublished(&format!(
            "UPDATE submissions SET status = CASE (id / 100) % 7 WHEN 0 THEN 'submitted' WHEN 1 THEN 'in_review' \
             WHEN 2 THEN 'changes_requested' WHEN 3 THEN 'approved' WHEN 4 THEN 'rejected' WHEN 5 THEN 'withdrawn' \
             ELSE 'unpublished' END WHERE id % 100 < {share}"
        )),
        unpublished(&format!(
            "UPDATE submissions SET assigned_editor_id = {editor}, claimed_at = created_at WHERE status = 'in_review'"
        )),
        format!(
            "UPDATE articles SET status = 'unpublished', unpublished_at = published_at WHERE convention_id = {convention_id} \
             AND submission_id IN (SELECT id FROM submissions WHERE status <> 'published')"
        ),
    ];
    for statement in statements {
        diesel::sql_query(statement).execute(conn).map_err(DomainError::from)?;
    }
    bulk::analyze(conn)?;
    let _ = writeln!(progress, "desk: done");
    Ok(())
}
