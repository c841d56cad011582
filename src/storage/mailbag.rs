//! Queries over mailbag questions, their answers (with co-signing experts) and follow-ups.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::fulltext::{self, Needs};
use super::schema::{answer_authors, answers, followups, questions, users};
use super::{AnyConnection, StorageResult};
use crate::search::{self, Query};

/// Insertable too, for bulk loading (`None` written as NULL, so batches stay one statement).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = questions, treat_none_as_null = true)]
pub struct QuestionRow {
    pub id: i64,
    pub asker_name: String,
    pub asker_email: String,
    pub body: String,
    pub topic: String,
    pub status: String,
    pub headline: Option<String>,
    pub slug: Option<String>,
    pub moderation_note: Option<String>,
    pub created_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = answers)]
pub struct AnswerRow {
    pub id: i64,
    pub question_id: i64,
    pub body_markdown: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `pending` (added to a published thread, waiting for an editor), `approved` or `rejected`.
    pub status: String,
    /// The follow-up it answers; `None` for an answer to the question itself.
    pub followup_id: Option<i64>,
}

/// An expert's signature on an answer: `confirmed`, or for a co-signer `pending` until they
/// confirm it, or `declined`.
#[derive(Debug, Clone, Queryable)]
pub struct SignatureRow {
    pub answer_id: i64,
    pub user_id: i64,
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = followups)]
pub struct FollowupRow {
    pub id: i64,
    pub question_id: i64,
    pub asker_name: String,
    pub asker_email: String,
    pub body: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub moderated_at: Option<NaiveDateTime>,
}

/// A new question, indexed for search (see [`similar`]) with its stems in `language`.
pub fn insert_question(
    conn: &mut AnyConnection,
    (name, email, body, topic): (&str, &str, &str, &str),
    (language, asked_in): (&str, &str),
    now: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(questions::table)
        .values((
            questions::asker_language.eq(asked_in),
            questions::asker_name.eq(name),
            questions::asker_email.eq(email),
            questions::body.eq(body),
            questions::topic.eq(topic),
            questions::status.eq("pending"),
            questions::created_at.eq(now),
            questions::search_headline.eq(""),
            questions::search_body.eq(search::indexed(body, language)),
        ))
        .returning(questions::id)
        .get_result(conn)?)
}

/// The language question `id` was asked from, if it was kept.
pub fn asker_language(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(questions::table.find(id).select(questions::asker_language).first(conn).optional()?.flatten())
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<QuestionRow>> {
    Ok(questions::table.find(id).select(QuestionRow::as_select()).first(conn).optional()?)
}

pub fn find_published(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<QuestionRow>> {
    Ok(questions::table
        .filter(questions::slug.eq(slug).and(questions::status.eq("published")))
        .select(QuestionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the status only if the question is still in `expected` (a compare-and-set).
pub fn change_status(conn: &mut AnyConnection, id: i64, expected: &str, next: &str) -> StorageResult<bool> {
    Ok(diesel::update(questions::table.find(id).filter(questions::status.eq(expected)))
        .set(questions::status.eq(next))
        .execute(conn)?
        == 1)
}

pub fn mark_answered(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(questions::table.find(id).filter(questions::answered_at.is_null()))
        .set(questions::answered_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_published(
    conn: &mut AnyConnection,
    id: i64,
    (headline, language): (&str, &str),
    slug: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::update(questions::table.find(id))
        .set((
            questions::headline.eq(Some(headline)),
            questions::search_headline.eq(search::indexed(headline, language)),
            questions::slug.eq(Some(slug)),
            questions::published_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_note(conn: &mut AnyConnection, id: i64, note: &str) -> StorageResult<()> {
    diesel::update(questions::table.find(id)).set(questions::moderation_note.eq(Some(note))).execute(conn)?;
    Ok(())
}

pub fn slug_exists(conn: &mut AnyConnection, slug: &str) -> StorageResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(questions::table.filter(questions::slug.eq(slug)))).get_result(conn)?)
}

/// The moderation inbox: oldest first, after the keyset cursor `(created_at, id)`.
pub fn inbox(
    conn: &mut AnyConnection,
    status: &str,
    topic: Option<&str>,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> StorageResult<Vec<QuestionRow>> {
    let mut query = questions::table.filter(questions::status.eq(status)).into_boxed();
    if let Some(topic) = topic {
        query = query.filter(questions::topic.eq(topic.to_string()));
    }
    if let Some((at, id)) = after {
        // The first bound lets the index start at the cursor; the second settles ties on the instant.
        query =
            query.filter(questions::created_at.ge(at)).filter(questions::created_at.gt(at).or(questions::id.gt(id)));
    }
    Ok(query
        .order((questions::created_at.asc(), questions::id.asc()))
        .limit(limit)
        .select(QuestionRow::as_select())
        .load(conn)?)
}

/// Published threads, newest first, after the keyset cursor `(published_at, id)`.
pub fn published(
    conn: &mut AnyConnection,
    before: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> StorageResult<Vec<QuestionRow>> {
    let mut query = questions::table.filter(questions::status.eq("published")).into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(
            questions::published_at.le(Some(at)).and(questions::published_at.lt(Some(at)).or(questions::id.lt(id))),
        );
    }
    Ok(query
        .order((questions::published_at.desc(), questions::id.desc()))
        .limit(limit)
        .select(QuestionRow::as_select())
        .load(conn)?)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Published questions sharing any part of `query`, best first (by how much they share, titles
/// weighing more): FTS5's bm25 on SQLite, `ts_rank` on Postgres, over the same stems.
pub fn similar(conn: &mut AnyConnection, query: &Query, limit: i64) -> StorageResult<Vec<i64>> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Id> = match conn {
        AnyConnection::Sqlite(_) => diesel::sql_query(
            "SELECT q.id AS id FROM questions_fts JOIN questions q ON q.id = questions_fts.rowid \
             WHERE questions_fts MATCH $1 AND q.status = 'published' \
             ORDER BY bm25(questions_fts, 5.0, 1.0), q.id DESC LIMIT $2",
        )
        .bind::<Text, _>(fulltext::fts5(query, Needs::Any, None))
        .bind::<BigInt, _>(limit)
        .load(conn)?,
        AnyConnection::Postgresql(_) => diesel::sql_query(
            "SELECT q.id AS id FROM questions q, CAST($1 AS tsquery) t \
             WHERE q.search_vector @@ t AND q.status = 'published' \
             ORDER BY ts_rank(q.search_vector, t) DESC, q.id DESC LIMIT $2",
        )
        .bind::<Text, _>(fulltext::tsquery(query, Needs::Any, None))
        .bind::<BigInt, _>(limit)
        .load(conn)?,
    };
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Questions whose stems are not yet kept (asked before search kept them), after `after` by id:
/// (id, headline, body).
pub fn unindexed(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StorageResult<Vec<(i64, Option<String>, String)>> {
    Ok(questions::table
        .filter(questions::search_body.is_null().and(questions::id.gt(after)))
        .order(questions::id)
        .limit(limit)
        .select((questions::id, questions::headline, questions::body))
        .load(conn)?)
}

/// Keeps a question's stems, which indexes it for search: unless its headline or text changed
/// since they were read, and then it waits for the next pass.
pub fn store_indexed(
    conn: &mut AnyConnection,
    id: i64,
    (headline, body): (Option<&str>, &str),
    (headline_stems, body_stems): (&str, &str),
) -> StorageResult<usize> {
    let unchanged = questions::table
        .filter(questions::id.eq(id).and(questions::search_body.is_null()).and(questions::body.eq(body)));
    let stems = (questions::search_headline.eq(headline_stems), questions::search_body.eq(body_stems));
    // One statement either way, so nothing can change the headline between the check and the write.
    Ok(match headline {
        Some(headline) => {
            diesel::update(unchanged.filter(questions::headline.eq(headline))).set(stems).execute(conn)?
        }
        None => diesel::update(unchanged.filter(questions::headline.is_null())).set(stems).execute(conn)?,
    })
}

pub fn by_ids(conn: &mut AnyConnection, ids: &[i64]) -> StorageResult<Vec<QuestionRow>> {
    Ok(questions::table.filter(questions::id.eq_any(ids)).select(QuestionRow::as_select()).load(conn)?)
}

/// A new answer in `status`, signed by `author` (confirmed) and `cosigners` (pending until each
/// confirms).
pub fn insert_answer(
    conn: &mut AnyConnection,
    (question_id, followup_id): (i64, Option<i64>),
    (markdown, html): (&str, &str),
    status: &str,
    (author, cosigners): (i64, &[i64]),
    now: NaiveDateTime,
) -> StorageResult<i64> {
    let id = diesel::insert_into(answers::table)
        .values((
            answers::question_id.eq(question_id),
            answers::followup_id.eq(followup_id),
            answers::body_markdown.eq(markdown),
            answers::body_html.eq(html),
            answers::status.eq(status),
            answers::created_at.eq(now),
            answers::updated_at.eq(now),
        ))
        .returning(answers::id)
        .get_result(conn)?;
    let signers = std::iter::once((author, "confirmed")).chain(cosigners.iter().map(|c| (*c, "pending")));
    for (user, status) in signers {
        diesel::insert_into(answer_authors::table)
            .values((
                answer_authors::answer_id.eq(id),
                answer_authors::user_id.eq(user),
                answer_authors::status.eq(status),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The answers to these questions, oldest first: every one, or only the approved (the public's).
pub fn answers_of(
    conn: &mut AnyConnection,
    question_ids: &[i64],
    approved_only: bool,
) -> StorageResult<Vec<AnswerRow>> {
    let mut query = answers::table.filter(answers::question_id.eq_any(question_ids)).into_boxed();
    if approved_only {
        query = query.filter(answers::status.eq("approved"));
    }
    Ok(query.order(answers::id.asc()).select(AnswerRow::as_select()).load(conn)?)
}

pub fn find_answer(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<AnswerRow>> {
    Ok(answers::table.find(id).select(AnswerRow::as_select()).first(conn).optional()?)
}

/// Every signature on these answers, in signing order by name.
pub fn signatures(conn: &mut AnyConnection, answer_ids: &[i64]) -> StorageResult<Vec<SignatureRow>> {
    Ok(answer_authors::table
        .inner_join(users::table)
        .filter(answer_authors::answer_id.eq_any(answer_ids))
        .order((answer_authors::answer_id, users::display_name))
        .select((answer_authors::answer_id, answer_authors::user_id, users::display_name, answer_authors::status))
        .load(conn)?)
}

/// Answers waiting for an editor, oldest first.
pub fn pending_answers(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<AnswerRow>> {
    Ok(answers::table
        .filter(answers::status.eq("pending"))
        .order((answers::created_at.asc(), answers::id.asc()))
        .limit(limit)
        .select(AnswerRow::as_select())
        .load(conn)?)
}

/// Moderates a pending answer; false if it was not pending (or does not exist).
pub fn moderate_answer(conn: &mut AnyConnection, id: i64, next: &str, now: NaiveDateTime) -> StorageResult<bool> {
    Ok(diesel::update(answers::table.find(id).filter(answers::status.eq("pending")))
        .set((answers::status.eq(next), answers::updated_at.eq(now)))
        .execute(conn)?
        == 1)
}

/// Answers `user` is asked to co-sign and has not yet confirmed or declined, oldest first.
pub fn awaiting_cosignature(conn: &mut AnyConnection, user: i64, limit: i64) -> StorageResult<Vec<AnswerRow>> {
    Ok(answers::table
        .inner_join(answer_authors::table)
        .filter(answer_authors::user_id.eq(user).and(answer_authors::status.eq("pending")))
        .filter(answers::status.ne("rejected"))
        .order((answers::created_at.asc(), answers::id.asc()))
        .limit(limit)
        .select(AnswerRow::as_select())
        .load(conn)?)
}

/// Confirms or declines `user`'s pending signature on an answer; false if there is none pending.
pub fn decide_cosignature(conn: &mut AnyConnection, answer: i64, user: i64, next: &str) -> StorageResult<bool> {
    Ok(diesel::update(
        answer_authors::table
            .filter(answer_authors::answer_id.eq(answer))
            .filter(answer_authors::user_id.eq(user))
            .filter(answer_authors::status.eq("pending")),
    )
    .set(answer_authors::status.eq(next))
    .execute(conn)?
        == 1)
}

/// Whether `user` signs or was asked to sign this answer, whatever they decided.
pub fn is_signer(conn: &mut AnyConnection, answer: i64, user: i64) -> StorageResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        answer_authors::table.filter(answer_authors::answer_id.eq(answer)).filter(answer_authors::user_id.eq(user)),
    ))
    .get_result(conn)?)
}

pub fn insert_followup(
    conn: &mut AnyConnection,
    question_id: i64,
    (name, email, body): (&str, &str, &str),
    now: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(followups::table)
        .values((
            followups::question_id.eq(question_id),
            followups::asker_name.eq(name),
            followups::asker_email.eq(email),
            followups::body.eq(body),
            followups::status.eq("pending"),
            followups::created_at.eq(now),
        ))
        .returning(followups::id)
        .get_result(conn)?)
}

pub fn followups_of(
    conn: &mut AnyConnection,
    question_id: i64,
    status: Option<&str>,
) -> StorageResult<Vec<FollowupRow>> {
    let mut query = followups::table.filter(followups::question_id.eq(question_id)).into_boxed();
    if let Some(status) = status {
        query = query.filter(followups::status.eq(status.to_string()));
    }
    Ok(query.order(followups::id.asc()).select(FollowupRow::as_select()).load(conn)?)
}

/// A follow-up with the headline and slug of the thread it follows up.
pub type FollowupOnThread = (FollowupRow, Option<String>, Option<String>);

/// Follow-ups in `status`, oldest first, each with its thread's headline and slug.
pub fn followups_by_status(conn: &mut AnyConnection, status: &str, limit: i64) -> StorageResult<Vec<FollowupOnThread>> {
    Ok(followups::table
        .inner_join(questions::table)
        .filter(followups::status.eq(status))
        .order((followups::created_at.asc(), followups::id.asc()))
        .limit(limit)
        .select((FollowupRow::as_select(), questions::headline, questions::slug))
        .load(conn)?)
}

/// Approved follow-ups no answer has been written for yet (or only rejected ones), oldest first,
/// each with its thread's headline and slug: what experts still have to answer.
pub fn unanswered_followups(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<FollowupOnThread>> {
    let answered =
        answers::table.filter(answers::followup_id.eq(followups::id.nullable())).filter(answers::status.ne("rejected"));
    Ok(followups::table
        .inner_join(questions::table)
        .filter(followups::status.eq("approved"))
        .filter(diesel::dsl::not(diesel::dsl::exists(answered)))
        .order((followups::created_at.asc(), followups::id.asc()))
        .limit(limit)
        .select((FollowupRow::as_select(), questions::headline, questions::slug))
        .load(conn)?)
}

pub fn find_followup(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<FollowupRow>> {
    Ok(followups::table.find(id).select(FollowupRow::as_select()).first(conn).optional()?)
}

/// The newest published threads, each with its first approved answer to the question itself, in
/// one query: the mailbag box every article page shows.
pub fn latest_answered(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<(QuestionRow, Option<String>)>> {
    let first_answer = answers::table
        .filter(answers::question_id.eq(questions::id))
        .filter(answers::status.eq("approved"))
        .filter(answers::followup_id.is_null())
        .order(answers::id.asc())
        .select(answers::body_markdown)
        .limit(1)
        .single_value();
    Ok(questions::table
        .filter(questions::status.eq("published"))
        .order((questions::published_at.desc(), questions::id.desc()))
        .limit(limit)
        .select((QuestionRow::as_select(), first_answer))
        .load(conn)?)
}

/// Moderates a pending follow-up; false if it was not pending.
pub fn moderate_followup(conn: &mut AnyConnection, id: i64, next: &str, now: NaiveDateTime) -> StorageResult<bool> {
    Ok(diesel::update(followups::table.find(id).filter(followups::status.eq("pending")))
        .set((followups::status.eq(next), followups::moderated_at.eq(Some(now))))
        .execute(conn)?
        == 1)
}

pub fn followup_exists(conn: &mut AnyConnection, id: i64) -> StorageResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(followups::table.find(id))).get_result(conn)?)
}

/// Users holding the expert role: (id, display name).
pub fn experts(conn: &mut AnyConnection) -> StorageResult<Vec<(i64, String)>> {
    use super::schema::user_roles;
    Ok(users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq("expert"))
        .order(users::display_name)
        .select((users::id, users::display_name))
        .load(conn)?)
}
