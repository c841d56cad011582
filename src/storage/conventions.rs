//! Queries over conventions and their disclaimer versions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{conventions, disclaimers};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = conventions)]
pub struct ConventionRow {
    pub id: i64,
    pub slug: String,
    pub number: Option<i32>,
    pub title: String,
    pub location: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub discussion_opens_at: NaiveDateTime,
    pub discussion_closes_at: NaiveDateTime,
    pub word_limit: i32,
    pub homepage_text: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submission_deadline_at: Option<NaiveDateTime>,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = conventions, treat_none_as_null = true)]
pub struct ConventionFields<'a> {
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
    pub updated_at: NaiveDateTime,
    pub submission_deadline_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = disclaimers)]
pub struct DisclaimerRow {
    pub id: i64,
    pub convention_id: i64,
    pub version: i32,
    pub body: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, fields: &ConventionFields<'_>) -> StorageResult<i64> {
    Ok(diesel::insert_into(conventions::table)
        .values((fields, conventions::created_at.eq(fields.updated_at)))
        .returning(conventions::id)
        .get_result(conn)?)
}

pub fn update(conn: &mut AnyConnection, id: i64, fields: &ConventionFields<'_>) -> StorageResult<()> {
    diesel::update(conventions::table.find(id)).set(fields).execute(conn)?;
    Ok(())
}

pub fn find_by_slug(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<ConventionRow>> {
    Ok(conventions::table
        .filter(conventions::slug.eq(slug))
        .select(ConventionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<ConventionRow>> {
    Ok(conventions::table.find(id).select(ConventionRow::as_select()).first(conn).optional()?)
}

pub fn id_by_slug(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<i64>> {
    Ok(conventions::table.filter(conventions::slug.eq(slug)).select(conventions::id).first(conn).optional()?)
}

/// Every convention, the newest discussion first.
pub fn list(conn: &mut AnyConnection) -> StorageResult<Vec<ConventionRow>> {
    Ok(conventions::table
        .order((conventions::discussion_opens_at.desc(), conventions::id.desc()))
        .select(ConventionRow::as_select())
        .load(conn)?)
}

/// The convention whose discussion is open at `now`, else the one that opened last before it.
pub fn current(conn: &mut AnyConnection, now: NaiveDateTime) -> StorageResult<Option<ConventionRow>> {
    Ok(conventions::table
        .filter(conventions::discussion_opens_at.le(now))
        .order((conventions::discussion_opens_at.desc(), conventions::id.desc()))
        .select(ConventionRow::as_select())
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
) -> StorageResult<DisclaimerRow> {
    Ok(diesel::insert_into(disclaimers::table)
        .values((
            disclaimers::convention_id.eq(convention_id),
            disclaimers::version.eq(version),
            disclaimers::body.eq(body),
            disclaimers::created_by.eq(created_by),
            disclaimers::created_at.eq(at),
        ))
        .get_result(conn)?)
}

/// All versions, newest first.
pub fn disclaimers(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Vec<DisclaimerRow>> {
    Ok(disclaimers::table
        .filter(disclaimers::convention_id.eq(convention_id))
        .order(disclaimers::version.desc())
        .select(DisclaimerRow::as_select())
        .load(conn)?)
}

pub fn latest_disclaimer(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Option<DisclaimerRow>> {
    Ok(disclaimers::table
        .filter(disclaimers::convention_id.eq(convention_id))
        .order(disclaimers::version.desc())
        .select(DisclaimerRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_disclaimer(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<DisclaimerRow>> {
    Ok(disclaimers::table.find(id).select(DisclaimerRow::as_select()).first(conn).optional()?)
}
