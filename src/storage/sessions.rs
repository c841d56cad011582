//! Queries over sign-in sessions and single-use emailed tokens. Only hashes of the secrets are
//! stored: a copy of the database does not let anyone sign in.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{sessions, user_roles, user_tokens, users};
use super::{AnyConnection, StorageResult};

pub struct NewSession<'a> {
    pub user_id: i64,
    pub token_hash: &'a str,
    pub csrf_token: &'a str,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, session: &NewSession<'_>) -> StorageResult<i64> {
    Ok(diesel::insert_into(sessions::table)
        .values((
            sessions::user_id.eq(session.user_id),
            sessions::token_hash.eq(session.token_hash),
            sessions::csrf_token.eq(session.csrf_token),
            sessions::created_at.eq(session.now),
            sessions::last_seen_at.eq(session.now),
            sessions::expires_at.eq(session.expires_at),
        ))
        .returning(sessions::id)
        .get_result(conn)?)
}

/// A live session: not revoked, not past its absolute expiry, used since `idle_since`.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub id: i64,
    pub user_id: i64,
    pub csrf_token: String,
    pub last_seen_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
    pub display_name: String,
    /// The language the user chose to read in, if they chose.
    pub language: Option<String>,
    /// The user's roles, by name, in order.
    pub roles: Vec<String>,
}

/// The live session behind `token_hash`, with its user's roles: one query, since every signed-in
/// request asks.
pub fn find_live(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> StorageResult<Option<LiveSession>> {
    type Row = (i64, i64, String, NaiveDateTime, Option<NaiveDateTime>, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sessions::table
        .inner_join(users::table)
        .left_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(idle_since))
        .order(user_roles::role)
        .select((
            sessions::id,
            sessions::user_id,
            sessions::csrf_token,
            sessions::last_seen_at,
            users::email_verified_at,
            users::display_name,
            users::language,
            user_roles::role.nullable(),
        ))
        .load(conn)?;
    let roles = rows.iter().filter_map(|row| row.7.clone()).collect();
    Ok(rows.into_iter().next().map(
        |(id, user_id, csrf_token, last_seen_at, email_verified_at, display_name, language, _)| LiveSession {
            id,
            user_id,
            csrf_token,
            last_seen_at,
            email_verified_at,
            display_name,
            language,
            roles,
        },
    ))
}

pub fn touch(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(sessions::table.find(id)).set(sessions::last_seen_at.eq(now)).execute(conn)?;
    Ok(())
}

pub fn revoke(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(sessions::table.find(id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

pub fn revoke_all_of_user(conn: &mut AnyConnection, user_id: i64, now: NaiveDateTime) -> StorageResult<usize> {
    Ok(diesel::update(sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(Some(now)))
        .execute(conn)?)
}

pub fn insert_token(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(user_tokens::table)
        .values((
            user_tokens::user_id.eq(user_id),
            user_tokens::purpose.eq(purpose),
            user_tokens::token_hash.eq(token_hash),
            user_tokens::created_at.eq(now),
            user_tokens::expires_at.eq(expires_at),
        ))
        .returning(user_tokens::id)
        .get_result(conn)?)
}

/// Uses up a single-use token: returns its user when the token existed, had this purpose, had
/// not expired and had not been used; the conditional update makes a second use find nothing.
pub fn consume_token(
    conn: &mut AnyConnection,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
) -> StorageResult<Option<i64>> {
    let Some((id, user_id)) = user_tokens::table
        .filter(user_tokens::token_hash.eq(token_hash))
        .filter(user_tokens::purpose.eq(purpose))
        .filter(user_tokens::used_at.is_null())
        .filter(user_tokens::expires_at.gt(now))
        .select((user_tokens::id, user_tokens::user_id))
        .first::<(i64, i64)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let used = diesel::update(user_tokens::table.find(id).filter(user_tokens::used_at.is_null()))
        .set(user_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
    Ok((used == 1).then_some(user_id))
}

/// Uses up every outstanding token of `purpose` of a user at once (a new password makes every
/// reset link sent before it worthless).
pub fn end_tokens_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: &str,
    now: NaiveDateTime,
) -> StorageResult<usize> {
    Ok(diesel::update(
        user_tokens::table
            .filter(user_tokens::user_id.eq(user_id))
            .filter(user_tokens::purpose.eq(purpose))
            .filter(user_tokens::used_at.is_null()),
    )
    .set(user_tokens::used_at.eq(Some(now)))
    .execute(conn)?)
}
