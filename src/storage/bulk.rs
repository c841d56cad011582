//! Bulk inserts for benchmark data: many published essays and mailbag threads at once, in batches,
//! on the concrete connection (diesel's multi-backend connection cannot batch-insert).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::mailbag::{AnswerRow, QuestionRow};
use super::schema::{answer_authors, answers, article_tags, articles, questions, revisions, submissions};
use super::{AnyConnection, StorageResult};
use crate::with_backend;

#[derive(Insertable)]
#[diesel(table_name = submissions)]
pub struct BulkSubmission {
    pub id: i64,
    pub convention_id: i64,
    pub author_id: i64,
    pub status: &'static str,
    pub title: String,
    pub current_revision: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub topic_id: Option<i64>,
    pub language: &'static str,
    pub author_kind: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = revisions)]
pub struct BulkRevision {
    pub id: i64,
    pub submission_id: i64,
    pub number: i32,
    pub title: String,
    pub body_markdown: String,
    pub byline_name: &'static str,
    pub byline_location: &'static str,
    pub tags: String,
    pub word_count: i32,
    pub created_at: NaiveDateTime,
    pub body_html: String,
    pub body_text: String,
    pub author_kind: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = articles)]
pub struct BulkArticle {
    pub id: i64,
    pub submission_id: Option<i64>,
    pub convention_id: i64,
    pub revision_id: i64,
    pub disclaimer_id: i64,
    pub slug: String,
    pub title: String,
    pub byline_name: &'static str,
    pub byline_location: &'static str,
    pub body_html: String,
    pub body_text: String,
    pub status: &'static str,
    pub published_at: NaiveDateTime,
    /// The submission's, as publishing copies them.
    pub topic_id: Option<i64>,
    pub language: &'static str,
    pub author_kind: &'static str,
    /// Its stems (see [`crate::search::indexed`]).
    pub search_title: String,
    pub search_body: String,
}

/// A published question with its stems (see [`crate::search::indexed`]).
#[derive(Insertable)]
#[diesel(table_name = questions)]
pub struct BulkQuestion {
    #[diesel(embed)]
    pub question: QuestionRow,
    pub search_headline: String,
    pub search_body: String,
}

#[derive(Insertable)]
#[diesel(table_name = article_tags)]
pub struct BulkTag {
    pub article_id: i64,
    pub tag: String,
}

#[derive(Insertable)]
#[diesel(table_name = answer_authors)]
pub struct BulkAnswerAuthor {
    pub answer_id: i64,
    pub user_id: i64,
}

/// The largest id in use in the three tables a published essay spans.
pub fn max_ids(conn: &mut AnyConnection) -> StorageResult<i64> {
    let submissions: Option<i64> = submissions::table.select(diesel::dsl::max(submissions::id)).first(conn)?;
    let revisions: Option<i64> = revisions::table.select(diesel::dsl::max(revisions::id)).first(conn)?;
    let articles: Option<i64> = articles::table.select(diesel::dsl::max(articles::id)).first(conn)?;
    Ok([submissions, revisions, articles].into_iter().flatten().max().unwrap_or(0))
}

/// Inserts one batch of published essays (ids chosen by the caller).
pub fn insert_batch(
    conn: &mut AnyConnection,
    (subs, revs, arts, tags): (&[BulkSubmission], &[BulkRevision], &[BulkArticle], &[BulkTag]),
) -> StorageResult<()> {
    with_backend!(conn, |inner| {
        diesel::insert_into(submissions::table).values(subs).execute(inner)?;
        diesel::insert_into(revisions::table).values(revs).execute(inner)?;
        diesel::insert_into(articles::table).values(arts).execute(inner)?;
        diesel::insert_into(article_tags::table).values(tags).execute(inner)?;
    });
    Ok(())
}

/// The newest piece of a convention in review and claimed by `editor_id`.
pub fn claimed_in_review(conn: &mut AnyConnection, convention_id: i64, editor_id: i64) -> StorageResult<Option<i64>> {
    Ok(submissions::table
        .filter(submissions::convention_id.eq(convention_id))
        .filter(submissions::status.eq("in_review"))
        .filter(submissions::assigned_editor_id.eq(editor_id))
        .order(submissions::id.desc())
        .select(submissions::id)
        .first(conn)
        .optional()?)
}

/// The largest id in use in the two tables a published mailbag thread spans.
pub fn max_thread_ids(conn: &mut AnyConnection) -> StorageResult<i64> {
    let questions: Option<i64> = questions::table.select(diesel::dsl::max(questions::id)).first(conn)?;
    let answers: Option<i64> = answers::table.select(diesel::dsl::max(answers::id)).first(conn)?;
    Ok([questions, answers].into_iter().flatten().max().unwrap_or(0))
}

/// Inserts one batch of published mailbag threads, each with one answer (ids chosen by the caller).
pub fn insert_threads(
    conn: &mut AnyConnection,
    (questions_batch, answers_batch, authors): (&[BulkQuestion], &[AnswerRow], &[BulkAnswerAuthor]),
) -> StorageResult<()> {
    with_backend!(conn, |inner| {
        diesel::insert_into(questions::table).values(questions_batch).execute(inner)?;
        diesel::insert_into(answers::table).values(answers_batch).execute(inner)?;
        diesel::insert_into(answer_authors::table).values(authors).execute(inner)?;
    });
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load, so it picks the indexes for the real data.
pub fn analyze(conn: &mut AnyConnection) -> StorageResult<()> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("ANALYZE")?;
    Ok(())
}

/// After inserting explicit ids on Postgres, moves the identity sequences past them.
pub fn advance_sequences(conn: &mut AnyConnection) -> StorageResult<()> {
    if let AnyConnection::Postgresql(pg) = conn {
        for table in ["submissions", "revisions", "articles", "questions", "answers"] {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(max(id), 1) FROM {table}))"
            ))
            .execute(pg)?;
        }
    }
    Ok(())
}
