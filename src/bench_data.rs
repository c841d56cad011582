//! `tribune bench-data --essays N [--queue-share P]`: N essays for benchmarks, and a tenth as many
//! published mailbag threads, inserted in batches with progress, in a convention of their own
//! (`bench`). Run again, it adds N more. The first run also makes a small convention
//! (`bench-bulletin`, 100 published essays) whose EPUB bulletin the benchmark fetches. With a queue
//! share, the essays are spread over four topics, two languages and three author kinds, and P% of
//! them are left in the editors' hands. Prints what the benchmark requests (see
//! [`BenchData::lines`]).

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

/// A tag one essay in twelve carries (every essay is tagged with two of [`WORDS`]).
pub const TAG: &str = "union";

/// The language of most essays: all of them, or four in five with a queue share.
pub const LANGUAGE: &str = "en";

/// The desk's topics, in order of position; an essay's is `TOPICS[id % 4]`.
const TOPICS: [&str; 4] = ["housing", "labor", "peace", "schools"];

/// The topic the benchmark reads: a quarter of the essays, with a queue share.
pub const TOPIC: &str = "labor";

/// The small convention whose bulletin (EPUB) the benchmark fetches.
pub const BULLETIN: &str = "bench-bulletin";
const BULLETIN_ESSAYS: usize = 100;

const PASSWORD: &str = "bench-password-2026";

/// Where the benchmark should look once the data is in.
pub struct BenchData {
    pub article_slug: String,
    pub deep_cursor: String,
    /// The ids of the essays inserted by this run (slug `bench-essay-<id>`); those whose id ends
    /// in two digits below `queue_share` are in the editors' hands, not published.
    pub first_id: i64,
    pub last_id: i64,
    pub queue_share: u8,
    /// A published mailbag thread's slug.
    pub thread_slug: String,
    /// A piece in review claimed by `desk@bench.invalid` (with a queue share).
    pub review_id: Option<i64>,
}

impl BenchData {
    /// What `bench-data` prints, one `key=value` a line.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("article={}", self.article_slug),
            format!("deep_cursor={}", self.deep_cursor),
            format!("first_id={}", self.first_id),
            format!("last_id={}", self.last_id),
            format!("queue_share={}", self.queue_share),
            format!("search={SEARCH_WORD}"),
            format!("search_words={}", WORDS.join(",")),
            format!("tag={TAG}"),
            format!("language={LANGUAGE}"),
            format!("thread={}", self.thread_slug),
            format!("bulletin={BULLETIN}"),
        ];
        if self.queue_share > 0 {
            lines.push(format!("topic={TOPIC}"));
        }
        if let Some(id) = self.review_id {
            lines.push(format!("review_id={id}"));
        }
        lines
    }
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

fn internal(message: impl ToString) -> DomainError {
    DomainError::Internal(message.to_string())
}

/// The account `email`, made (verified, with the bench password) if it is missing.
fn account(conn: &mut storage::AnyConnection, email: &str, name: &str, role: Role) -> Result<i64, DomainError> {
    if let Some(user) = users::find_by_email(conn, email)? {
        return Ok(user.id);
    }
    let password = Password::parse(PASSWORD).map_err(internal)?;
    let account = NewAccount {
        email: EmailAddress::parse(email).map_err(internal)?,
        display_name: DisplayName::parse(name).map_err(internal)?,
        location: Location::parse("Loopback").map_err(internal)?,
        password_hash: PasswordCost::default().hash(&password).map_err(internal)?,
        roles: vec![role],
        verified: true,
    };
    create_account(conn, &account)
}

/// The convention `slug` (made with a disclaimer if it is missing, its discussion open over
/// `days` counted from today) and its latest disclaimer's id.
fn convention(
    conn: &mut storage::AnyConnection,
    (slug, title): (&str, &str),
    (starts_on, days): (&str, (i64, i64)),
) -> Result<(i64, i64), DomainError> {
    let id = match conventions::id_by_slug(conn, slug)? {
        Some(id) => id,
        None => {
            let now = chrono::Utc::now();
            let input = ConventionInput {
                slug: Some(slug.into()),
                title: Some(title.into()),
                location: Some("Loopback".into()),
                starts_on: Some(starts_on.into()),
                ends_on: Some(starts_on.into()),
                discussion_opens_at: Some((now + TimeDelta::days(days.0)).to_rfc3339()),
                discussion_closes_at: Some((now + TimeDelta::days(days.1)).to_rfc3339()),
                ..ConventionInput::default()
            };
            let id = create_convention(conn, &input)?;
            add_disclaimer(conn, slug, "Benchmark contributions; the views are invented.", None)?;
            id
        }
    };
    let disclaimer = conventions::latest_disclaimer(conn, id)?.ok_or(DomainError::NotFound)?;
    Ok((id, disclaimer.id))
}

/// The editors' side of the benchmark: the editor, the topics, and the share of essays left with
/// them.
struct Desk {
    share: u8,
    editor: i64,
    /// By position (see [`TOPICS`]).
    topics: [i64; 4],
}

fn desk(conn: &mut storage::AnyConnection, convention_id: i64, share: u8) -> Result<Desk, DomainError> {
    let editor = account(conn, "desk@bench.invalid", "Desk Editor", Role::Editor)?;
    let mut topics = [0; 4];
    for (position, topic) in TOPICS.into_iter().enumerate() {
        topics[position] = match crate::storage::topics::find_by_slug(conn, convention_id, topic)? {
            Some(row) => row.id,
            None => {
                let framing = format!("What the convention should say about {topic}.");
                let framing = crate::storage::topics::Framing { markdown: &framing, html: &framing };
                crate::storage::topics::insert(conn, convention_id, (topic, topic, &framing), position as i32)?
            }
        };
    }
    Ok(Desk { share, editor, topics })
}

/// An essay's topic, language and author kind: with the desk, four topics, two languages and
/// three author kinds in turn; without it, none, English and a member.
fn spread(desk: Option<&Desk>, id: i64) -> (Option<i64>, &'static str, &'static str) {
    let Some(desk) = desk else {
        return (None, LANGUAGE, "member");
    };
    let topic = desk.topics[id.rem_euclid(4) as usize];
    let language = if id % 5 == 0 { "es" } else { LANGUAGE };
    let kind = if id % 13 == 0 {
        "non_member"
    } else if id % 11 == 0 {
        "body"
    } else {
        "member"
    };
    (Some(topic), language, kind)
}

/// Where a run's essays go.
struct Essays<'a> {
    convention_id: i64,
    disclaimer_id: i64,
    author: i64,
    /// Slugs are this followed by the id.
    slug_prefix: &'static str,
    desk: Option<&'a Desk>,
    what: &'static str,
}

/// Inserts `count` published essays, newest last: the first id, and the cursor of the middle one.
fn insert_essays(
    conn: &mut storage::AnyConnection,
    into: &Essays<'_>,
    count: usize,
    progress: &mut dyn Write,
) -> Result<(i64, String), DomainError> {
    let first_id = bulk::max_ids(conn)? + 1;
    let now = storage::now();
    let mut middle = None;
    let mut done = 0;
    let mut report = Progress::new(progress, "bench-data", into.what, count);
    while done < count {
        let size = BATCH.min(count - done);
        let (mut subs, mut revs, mut arts, mut tags) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for n in done..done + size {
            let id = first_id + n as i64;
            let (topic_id, language, author_kind) = spread(into.desk, id);
            let published_at = now - TimeDelta::seconds((count - n) as i64);
            let title = format!("Bench essay {n}: on {}", WORDS[n % WORDS.len()]);
            let body = essay_body(n);
            let rendered = markdown::Rendered::of(&body);
            let tag_list = [WORDS[n % WORDS.len()].to_string(), WORDS[(n / 3) % WORDS.len()].to_string()];
            subs.push(BulkSubmission {
                id,
                convention_id: into.convention_id,
                author_id: into.author,
                status: "published",
                title: title.clone(),
                current_revision: 1,
                submitted_at: Some(published_at),
                created_at: published_at,
                updated_at: published_at,
                topic_id,
                language,
                author_kind,
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
                author_kind,
            });
            arts.push(BulkArticle {
                id,
                submission_id: Some(id),
                convention_id: into.convention_id,
                revision_id: id,
                disclaimer_id: into.disclaimer_id,
                slug: format!("{}{id}", into.slug_prefix),
                title: title.clone(),
                byline_name: "Bench Writer",
                byline_location: "Loopback",
                search_title: search::indexed(&title, language),
                search_body: search::indexed(&rendered.text, language),
                body_html: rendered.html,
                body_text: rendered.text,
                status: "published",
                published_at,
                topic_id,
                language,
                author_kind,
            });
            let mut unique = tag_list.to_vec();
            unique.dedup();
            tags.extend(unique.into_iter().map(|tag| BulkTag { article_id: id, tag }));
            if n == count / 2 {
                middle = Some(encode_cursor(published_at, id));
            }
        }
        storage::write_transaction(conn, |conn| bulk::insert_batch(conn, (&subs, &revs, &arts, &tags)))?;
        done += size;
        report.advance(done);
    }
    Ok((first_id, middle.unwrap_or_default()))
}

/// The id nearest the middle of `first..=last` that the desk leaves published.
fn published_id(first: i64, last: i64, share: u8) -> i64 {
    let middle = first + (last - first + 1) / 2;
    let published = |id: &i64| id.rem_euclid(100) >= i64::from(share);
    (middle..=last).find(published).or_else(|| (first..middle).rev().find(published)).unwrap_or(middle)
}

pub fn load(db: &Database, essays: usize, queue_share: u8, progress: &mut dyn Write) -> Result<BenchData, DomainError> {
    let mut conn = db.connection()?;
    let conn = &mut *conn;
    let (convention_id, disclaimer_id) =
        convention(conn, ("bench", "Benchmark Convention"), ("2030-01-01", (-365, 365)))?;
    let author = account(conn, "bench@bench.invalid", "Bench Writer", Role::Member)?;
    let desk = match queue_share {
        0 => None,
        share => Some(desk(conn, convention_id, share)?),
    };
    let bench = Essays {
        convention_id,
        disclaimer_id,
        author,
        slug_prefix: "bench-essay-",
        desk: desk.as_ref(),
        what: "essays",
    };
    let (first_id, deep_cursor) = insert_essays(conn, &bench, essays, progress)?;
    let last_id = first_id + essays as i64 - 1;
    let thread_slug = load_threads(conn, author, (essays / 10).max(1), progress)?;
    // The bulletin's convention closed a year ago, so `bench` stays the current one.
    if conventions::id_by_slug(conn, BULLETIN)?.is_none() {
        let (convention_id, disclaimer_id) =
            convention(conn, (BULLETIN, "Benchmark Bulletin"), ("2029-01-01", (-730, -400)))?;
        let bulletin = Essays {
            convention_id,
            disclaimer_id,
            author,
            slug_prefix: "bench-bulletin-essay-",
            desk: None,
            what: "bulletin essays",
        };
        insert_essays(conn, &bulletin, BULLETIN_ESSAYS, progress)?;
    }
    let review_id = match &desk {
        Some(desk) => {
            to_the_desk(conn, convention_id, desk, first_id, progress)?;
            bulk::claimed_in_review(conn, convention_id, desk.editor)?
        }
        None => None,
    };
    bulk::advance_sequences(conn)?;
    bulk::analyze(conn)?;
    Ok(BenchData {
        article_slug: format!("bench-essay-{}", published_id(first_id, last_id, queue_share)),
        deep_cursor,
        first_id,
        last_id,
        queue_share,
        thread_slug,
        review_id,
    })
}

/// `count` published mailbag threads, each a question with one answer signed by `answered_by`:
/// the slug of the middle one.
fn load_threads(
    conn: &mut storage::AnyConnection,
    answered_by: i64,
    count: usize,
    progress: &mut dyn Write,
) -> Result<String, DomainError> {
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
    Ok(format!("bench-thread-{}", first_id + (count / 2) as i64))
}

/// Leaves the desk's share of this run's essays (ids from `first_id`) in the editors' hands: every
/// status but published in turn (their articles taken down), those in review claimed by the
/// editor `desk@bench.invalid` and untouched for days. (Their topics, languages and author kinds
/// were given as they were inserted.)
fn to_the_desk(
    conn: &mut storage::AnyConnection,
    convention_id: i64,
    desk: &Desk,
    first_id: i64,
    progress: &mut dyn Write,
) -> Result<(), DomainError> {
    use diesel::RunQueryDsl;
    let (share, editor) = (desk.share, desk.editor);
    let _ = writeln!(progress, "desk: moving {share}% of the essays into the editors' hands");
    let this_run = |s: &str| format!("{s} AND convention_id = {convention_id} AND id >= {first_id}");
    let statements = [
        this_run(&format!(
            "UPDATE submissions SET status = CASE (id / 100) % 7 WHEN 0 THEN 'submitted' WHEN 1 THEN 'in_review' \
             WHEN 2 THEN 'changes_requested' WHEN 3 THEN 'approved' WHEN 4 THEN 'rejected' WHEN 5 THEN 'withdrawn' \
             ELSE 'unpublished' END WHERE id % 100 < {share}"
        )),
        this_run(&format!(
            "UPDATE submissions SET assigned_editor_id = {editor}, claimed_at = created_at WHERE status = 'in_review'"
        )),
        this_run(&format!(
            "UPDATE articles SET status = 'unpublished', unpublished_at = published_at WHERE submission_id IN \
             (SELECT id FROM submissions WHERE status <> 'published' AND convention_id = {convention_id} \
             AND id >= {first_id})"
        )),
    ];
    for statement in statements {
        diesel::sql_query(statement).execute(conn).map_err(DomainError::from)?;
    }
    let _ = writeln!(progress, "desk: done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_the_benchmark_reads_stays_published() {
        assert_eq!(published_id(1, 1000, 1), 501);
        assert_eq!(published_id(1, 199, 1), 101);
        assert_eq!(published_id(1, 201, 1), 101);
        assert_eq!(published_id(1, 200, 10), 110);
        assert_eq!(published_id(95, 101, 10), 98);
        assert_eq!(published_id(100, 105, 10), 103);
        assert_eq!(published_id(1, 1000, 0), 501);
    }
}
