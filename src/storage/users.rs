//! Queries over users and their roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{user_roles, users};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub location: String,
    pub password_hash: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub location: &'a str,
    pub password_hash: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewUserRow<'_>) -> StorageResult<i64> {
    Ok(diesel::insert_into(users::table).values(row).returning(users::id).get_result(conn)?)
}

pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> StorageResult<Option<UserRow>> {
    Ok(users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(conn).optional()?)
}

pub fn grant_role(conn: &mut AnyConnection, user_id: i64, role: &str, at: NaiveDateTime) -> StorageResult<()> {
    let already = user_roles::table
        .filter(user_roles::user_id.eq(user_id).and(user_roles::role.eq(role)))
        .count()
        .get_result::<i64>(conn)?;
    if already == 0 {
        diesel::insert_into(user_roles::table)
            .values((user_roles::user_id.eq(user_id), user_roles::role.eq(role), user_roles::granted_at.eq(at)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn roles_of(conn: &mut AnyConnection, user_id: i64) -> StorageResult<Vec<String>> {
    Ok(user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .order(user_roles::role)
        .select(user_roles::role)
        .load(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<UserRow>> {
    Ok(users::table.find(id).select(UserRow::as_select()).first(conn).optional()?)
}

/// Users by id, after the keyset cursor `after_id`.
pub fn list_after(conn: &mut AnyConnection, after_id: i64, limit: i64) -> StorageResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::id.gt(after_id))
        .order(users::id)
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)?)
}

/// The roles of several users at once, as (user id, role) pairs.
pub fn roles_of_many(conn: &mut AnyConnection, user_ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
    Ok(user_roles::table
        .filter(user_roles::user_id.eq_any(user_ids))
        .order((user_roles::user_id, user_roles::role))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?)
}

pub fn revoke_role(conn: &mut AnyConnection, user_id: i64, role: &str) -> StorageResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id).and(user_roles::role.eq(role))))
        .execute(conn)?;
    Ok(())
}

/// The holders of a role, locked until the transaction ends, so a check on them ("not the last
/// admin") and the change that follows are one step: a concurrent transaction doing the same
/// waits, then sees the change. On SQLite every write transaction already runs alone.
pub fn lock_role_holders(conn: &mut AnyConnection, role: &str) -> StorageResult<Vec<i64>> {
    let holders = user_roles::table.filter(user_roles::role.eq(role)).select(user_roles::user_id);
    Ok(match conn {
        AnyConnection::Postgresql(pg) => holders.for_update().load(pg)?,
        AnyConnection::Sqlite(sqlite) => holders.load(sqlite)?,
    })
}

pub fn mark_verified(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set((users::email_verified_at.eq(Some(now)), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_password_hash(conn: &mut AnyConnection, id: i64, hash: &str, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Keeps the language a user chose to read in.
pub fn set_language(conn: &mut AnyConnection, id: i64, language: &str) -> StorageResult<()> {
    diesel::update(users::table.find(id)).set(users::language.eq(Some(language))).execute(conn)?;
    Ok(())
}
