//! Queries over conventions, their disclaimer versions and their texts in other languages.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{convention_translations, conventions, disclaimers};
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
    /// `None`: the discussion's default language (see the migration `texts_by_language`).
    pub language: Option<String>,
}

/// A convention's title and homepage text in another language; `None`: not given.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = convention_translations)]
pub struct ConventionTranslationRow {
    pub convention_id: i64,
    pub language: String,
    pub title: Option<String>,
    pub homepage_text: Option<String>,
    pub updated_at: NaiveDateTime,
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

/// The versions of a convention in `language` (`None`: the default language), as a query.
fn in_language<'a>(convention_id: i64, language: Option<&'a str>) -> disclaimers::BoxedQuery<'a, super::MultiBackend> {
    let query = disclaimers::table.filter(disclaimers::convention_id.eq(convention_id)).into_boxed();
    match language {
        Some(language) => query.filter(disclaimers::language.eq(language)),
        None => query.filter(disclaimers::language.is_null()),
    }
}

/// The highest version number in `language` (`None`: the default language).
pub fn latest_disclaimer_version(
    conn: &mut AnyConnection,
    convention_id: i64,
    language: Option<&str>,
) -> StorageResult<Option<i32>> {
    Ok(in_language(convention_id, language).select(diesel::dsl::max(disclaimers::version)).first(conn)?)
}

pub fn insert_disclaimer(
    conn: &mut AnyConnection,
    (convention_id, language): (i64, Option<&str>),
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
            disclaimers::language.eq(language),
        ))
        .get_result(conn)?)
}

/// All versions, in every language, newest first.
pub fn disclaimers(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Vec<DisclaimerRow>> {
    Ok(disclaimers::table
        .filter(disclaimers::convention_id.eq(convention_id))
        .order((disclaimers::created_at.desc(), disclaimers::id.desc()))
        .select(DisclaimerRow::as_select())
        .load(conn)?)
}

/// The newest version in the discussion's default language.
pub fn latest_disclaimer(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Option<DisclaimerRow>> {
    latest_disclaimer_in(conn, convention_id, None)
}

/// The newest version in `language` (`None`: the default language).
pub fn latest_disclaimer_in(
    conn: &mut AnyConnection,
    convention_id: i64,
    language: Option<&str>,
) -> StorageResult<Option<DisclaimerRow>> {
    Ok(in_language(convention_id, language)
        .order((disclaimers::version.desc(), disclaimers::id.desc()))
        .select(DisclaimerRow::as_select())
        .first(conn)
        .optional()?)
}

/// What a piece written in `language` is published with: the newest version in that language,
/// else the newest in the default language.
pub fn disclaimer_for(
    conn: &mut AnyConnection,
    convention_id: i64,
    language: &str,
) -> StorageResult<Option<DisclaimerRow>> {
    match latest_disclaimer_in(conn, convention_id, Some(language))? {
        Some(row) => Ok(Some(row)),
        None => latest_disclaimer_in(conn, convention_id, None),
    }
}

/// The newest version in each language other than the default, by language.
pub fn latest_translated_disclaimers(
    conn: &mut AnyConnection,
    convention_id: i64,
) -> StorageResult<Vec<DisclaimerRow>> {
    let rows: Vec<DisclaimerRow> = disclaimers::table
        .filter(disclaimers::convention_id.eq(convention_id).and(disclaimers::language.is_not_null()))
        .order((disclaimers::language, disclaimers::version.desc(), disclaimers::id.desc()))
        .select(DisclaimerRow::as_select())
        .load(conn)?;
    let mut newest: Vec<DisclaimerRow> = Vec::new();
    for row in rows {
        if newest.last().is_none_or(|last| last.language != row.language) {
            newest.push(row);
        }
    }
    Ok(newest)
}

pub fn find_disclaimer(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<DisclaimerRow>> {
    Ok(disclaimers::table.find(id).select(DisclaimerRow::as_select()).first(conn).optional()?)
}

/// A convention's texts in each language they were given in, by language.
pub fn translations(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Vec<ConventionTranslationRow>> {
    Ok(convention_translations::table
        .filter(convention_translations::convention_id.eq(convention_id))
        .order(convention_translations::language)
        .select(ConventionTranslationRow::as_select())
        .load(conn)?)
}

/// Marks a convention changed at `at`, for what is kept until it changes (the EPUB bulletin).
pub fn touch(conn: &mut AnyConnection, convention_id: i64, at: NaiveDateTime) -> StorageResult<()> {
    diesel::update(conventions::table.find(convention_id)).set(conventions::updated_at.eq(at)).execute(conn)?;
    Ok(())
}

/// Sets a convention's texts in `language` (`None` for each text not given); with neither given,
/// there is no translation in that language any more.
pub fn save_translation(
    conn: &mut AnyConnection,
    (convention_id, language): (i64, &str),
    (title, homepage_text): (Option<&str>, Option<&str>),
    at: NaiveDateTime,
) -> StorageResult<()> {
    if title.is_none() && homepage_text.is_none() {
        let this = convention_translations::table
            .filter(convention_translations::convention_id.eq(convention_id))
            .filter(convention_translations::language.eq(language));
        diesel::delete(this).execute(conn)?;
        return Ok(());
    }
    // One statement, so two saves at once both land (the later wins) on either backend.
    diesel::sql_query(
        "INSERT INTO convention_translations (convention_id, language, title, homepage_text, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (convention_id, language) DO UPDATE SET \
         title = excluded.title, homepage_text = excluded.homepage_text, updated_at = excluded.updated_at",
    )
    .bind::<diesel::sql_types::BigInt, _>(convention_id)
    .bind::<diesel::sql_types::Text, _>(language)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(title)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(homepage_text)
    .bind::<diesel::sql_types::Timestamp, _>(at)
    .execute(conn)?;
    Ok(())
}
