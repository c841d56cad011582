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
    Ok(diesel::insert_into(users::table)
        .values(row)
        .returning(users::id)
        .get_result(conn)?)
}

pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> StorageResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn grant_role(
    conn: &mut AnyConnection,
    user_id: i64,
    role: &str,
    at: NaiveDateTime,
) -> StorageResult<()> {
    let already = user_roles::table
        .filter(
            user_roles::user_id
                .eq(user_id)
                .and(user_roles::role.eq(role)),
        )
        .count()
        .get_result::<i64>(conn)?;
    if already == 0 {
        diesel::insert_into(user_roles::table)
            .values((
                user_roles::user_id.eq(user_id),
                user_roles::role.eq(role),
                user_roles::granted_at.eq(at),
            ))
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
