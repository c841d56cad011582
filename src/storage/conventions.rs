//! Queries over conventions and their disclaimer versions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{conventions, disclaimers};
use super::{AnyConnection, StorageResult};

#[derive(Insertable)]
#[diesel(table_name = conventions)]
pub struct NewConventionRow<'a> {
    pub slug: &'a str,
    pub number: Option<i32>,
    pub title: &'a str,
    pub location: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub discussion_opens_at: NaiveDateTime,
    pub discussion_closes_at: NaiveDateTime,
    pub word_limit: i32,
    pub homepage_text: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewConventionRow<'_>) -> StorageResult<i64> {
    Ok(diesel::insert_into(conventions::table)
        .values(row)
        .returning(conventions::id)
        .get_result(conn)?)
}

pub fn id_by_slug(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<i64>> {
    Ok(conventions::table
        .filter(conventions::slug.eq(slug))
        .select(conventions::id)
        .first(conn)
        .optional()?)
}

pub fn latest_disclaimer_version(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Option<i32>> {
    Ok(disclaimers::table
        .filter(disclaimers::convention_id.eq(convention_id))
        .select(diesel::dsl::max(disclaimers::version))
        .first(conn)?)
}

pub fn insert_disclaimer(
    conn: &mut AnyConnection,
    convention_id: i64,
    version: i32,
    body: &str,
    created_by: Option<i64>,
    at: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(disclaimers::table)
        .values((
            disclaimers::convention_id.eq(convention_id),
            disclaimers::version.eq(version),
            disclaimers::body.eq(body),
            disclaimers::created_by.eq(created_by),
            disclaimers::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
