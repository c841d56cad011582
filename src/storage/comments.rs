//! Queries over readers' comments on articles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{articles, comments, users};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable)]
pub struct CommentRow {
    pub id: i64,
    pub article_id: i64,
    pub article_slug: String,
    pub article_title: String,
    pub user_id: i64,
    pub user_name: String,
    pub body: String,
    pub status: String,
    pub created_at: NaiveDateTime,
}

type Columns = (
    comments::id,
    comments::article_id,
    articles::slug,
    articles::title,
    comments::user_id,
    users::display_name,
    comments::body,
    comments::status,
    comments::created_at,
);

const COLUMNS: Columns = (
    comments::id,
    comments::article_id,
    articles::slug,
    articles::title,
    comments::user_id,
    users::display_name,
    comments::body,
    comments::status,
    comments::created_at,
);

pub fn insert(
    conn: &mut AnyConnection,
    article_id: i64,
    user_id: i64,
    body: &str,
    status: &str,
    now: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(comments::table)
        .values((
            comments::article_id.eq(article_id),
            comments::user_id.eq(user_id),
            comments::body.eq(body),
            comments::status.eq(status),
            comments::created_at.eq(now),
        ))
        .returning(comments::id)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<CommentRow>> {
    Ok(comments::table
        .inner_join(articles::table)
        .inner_join(users::table)
        .filter(comments::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()?)
}

/// An article's comments in one state, oldest first.
pub fn of_article(conn: &mut AnyConnection, article_id: i64, status: &str) -> StorageResult<Vec<CommentRow>> {
    Ok(comments::table
        .inner_join(articles::table)
        .inner_join(users::table)
        .filter(comments::article_id.eq(article_id).and(comments::status.eq(status)))
        .order(comments::id.asc())
        .select(COLUMNS)
        .load(conn)?)
}

/// Comments in one state across the site, oldest first (the moderation queue).
pub fn by_status(conn: &mut AnyConnection, status: &str, limit: i64) -> StorageResult<Vec<CommentRow>> {
    Ok(comments::table
        .inner_join(articles::table)
        .inner_join(users::table)
        .filter(comments::status.eq(status))
        .order((comments::created_at.asc(), comments::id.asc()))
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?)
}

/// Moves a comment from `expected` to `next`; false if it was not in `expected`.
pub fn moderate(
    conn: &mut AnyConnection,
    id: i64,
    expected: &str,
    next: &str,
    by: i64,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    Ok(diesel::update(comments::table.find(id).filter(comments::status.eq(expected)))
        .set((comments::status.eq(next), comments::moderated_at.eq(Some(now)), comments::moderated_by.eq(Some(by))))
        .execute(conn)?
        == 1)
}

pub fn is_trusted(conn: &mut AnyConnection, user_id: i64) -> StorageResult<bool> {
    Ok(users::table.find(user_id).select(users::trusted_commenter).first(conn).optional()?.unwrap_or(false))
}

pub fn set_trusted(conn: &mut AnyConnection, user_id: i64, trusted: bool) -> StorageResult<bool> {
    Ok(diesel::update(users::table.find(user_id)).set(users::trusted_commenter.eq(trusted)).execute(conn)? == 1)
}
