//! Queries over a convention's topics (with their texts in other languages), and the few
//! settings editors change at run time.

use diesel::prelude::*;

use super::schema::{topic_translations, topics};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = topics)]
pub struct TopicRow {
    pub id: i64,
    pub convention_id: i64,
    pub slug: String,
    pub title: String,
    pub framing: String,
    pub position: i32,
    /// The framing rendered when it was saved.
    pub framing_html: String,
}

/// A topic's title and framing text in another language; `None`: not given.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = topic_translations)]
pub struct TopicTranslationRow {
    pub topic_id: i64,
    pub language: String,
    pub title: Option<String>,
    pub framing: Option<String>,
    /// The framing rendered when it was saved.
    pub framing_html: Option<String>,
    pub updated_at: chrono::NaiveDateTime,
}

/// The framing text of a topic, as written (Markdown) and as shown (safe HTML).
pub struct Framing<'a> {
    pub markdown: &'a str,
    pub html: &'a str,
}

pub fn insert(
    conn: &mut AnyConnection,
    convention_id: i64,
    (slug, title, framing): (&str, &str, &Framing<'_>),
    position: i32,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(topics::table)
        .values((
            topics::convention_id.eq(convention_id),
            topics::slug.eq(slug),
            topics::title.eq(title),
            topics::framing.eq(framing.markdown),
            topics::framing_html.eq(framing.html),
            topics::position.eq(position),
        ))
        .returning(topics::id)
        .get_result(conn)?)
}

pub fn update(
    conn: &mut AnyConnection,
    id: i64,
    (title, framing): (&str, &Framing<'_>),
    position: i32,
) -> StorageResult<()> {
    diesel::update(topics::table.find(id))
        .set((
            topics::title.eq(title),
            topics::framing.eq(framing.markdown),
            topics::framing_html.eq(framing.html),
            topics::position.eq(position),
        ))
        .execute(conn)?;
    Ok(())
}

/// Topics saved before rendering was stored with them (ids and Markdown), a batch at a time.
pub fn unrendered(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<(i64, String)>> {
    Ok(topics::table
        .filter(topics::framing_html.eq("").and(topics::framing.ne("")))
        .order(topics::id)
        .select((topics::id, topics::framing))
        .limit(limit)
        .load(conn)?)
}

pub fn store_rendered(conn: &mut AnyConnection, id: i64, html: &str) -> StorageResult<()> {
    diesel::update(topics::table.find(id)).set(topics::framing_html.eq(html)).execute(conn)?;
    Ok(())
}

/// A convention's topics in their order.
pub fn of_convention(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Vec<TopicRow>> {
    Ok(topics::table
        .filter(topics::convention_id.eq(convention_id))
        .order((topics::position, topics::id))
        .select(TopicRow::as_select())
        .load(conn)?)
}

/// The topics of one convention, or of all of them, in their order.
pub fn all_in(conn: &mut AnyConnection, convention_id: Option<i64>) -> StorageResult<Vec<TopicRow>> {
    let mut query = topics::table.into_boxed();
    if let Some(convention_id) = convention_id {
        query = query.filter(topics::convention_id.eq(convention_id));
    }
    Ok(query.order((topics::position, topics::id)).select(TopicRow::as_select()).load(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<TopicRow>> {
    Ok(topics::table.find(id).select(TopicRow::as_select()).first(conn).optional()?)
}

pub fn find_by_slug(conn: &mut AnyConnection, convention_id: i64, slug: &str) -> StorageResult<Option<TopicRow>> {
    Ok(topics::table
        .filter(topics::convention_id.eq(convention_id).and(topics::slug.eq(slug)))
        .select(TopicRow::as_select())
        .first(conn)
        .optional()?)
}

/// The texts in other languages of the topics of one convention, by topic and language.
pub fn translations_in_convention(
    conn: &mut AnyConnection,
    convention_id: i64,
) -> StorageResult<Vec<TopicTranslationRow>> {
    let ids = topics::table.filter(topics::convention_id.eq(convention_id)).select(topics::id);
    Ok(topic_translations::table
        .filter(topic_translations::topic_id.eq_any(ids))
        .order((topic_translations::topic_id, topic_translations::language))
        .select(TopicTranslationRow::as_select())
        .load(conn)?)
}

/// The texts of one topic in other languages, by language.
pub fn translations(conn: &mut AnyConnection, topic_id: i64) -> StorageResult<Vec<TopicTranslationRow>> {
    Ok(topic_translations::table
        .filter(topic_translations::topic_id.eq(topic_id))
        .order(topic_translations::language)
        .select(TopicTranslationRow::as_select())
        .load(conn)?)
}

/// Sets a topic's texts in `language` (`None` for each text not given); with neither given,
/// there is no translation in that language any more.
pub fn save_translation(
    conn: &mut AnyConnection,
    (topic_id, language): (i64, &str),
    (title, framing): (Option<&str>, Option<&Framing<'_>>),
    at: chrono::NaiveDateTime,
) -> StorageResult<()> {
    if title.is_none() && framing.is_none() {
        let this = topic_translations::table
            .filter(topic_translations::topic_id.eq(topic_id))
            .filter(topic_translations::language.eq(language));
        diesel::delete(this).execute(conn)?;
        return Ok(());
    }
    // One statement, so two saves at once both land (the later wins) on either backend.
    diesel::sql_query(
        "INSERT INTO topic_translations (topic_id, language, title, framing, framing_html, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (topic_id, language) DO UPDATE SET \
         title = excluded.title, framing = excluded.framing, framing_html = excluded.framing_html, \
         updated_at = excluded.updated_at",
    )
    .bind::<diesel::sql_types::BigInt, _>(topic_id)
    .bind::<diesel::sql_types::Text, _>(language)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(title)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(framing.map(|f| f.markdown))
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(framing.map(|f| f.html))
    .bind::<diesel::sql_types::Timestamp, _>(at)
    .execute(conn)?;
    Ok(())
}
