//! Queries over the editors' canned reasons (rejection and change-request texts), per convention.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::review_reasons;
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = review_reasons)]
pub struct ReasonRow {
    pub id: i64,
    pub convention_id: i64,
    /// `reject` or `changes`.
    pub kind: String,
    pub name: String,
    pub body: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Claims the convention's one-time seeding: true for the one transaction that inserted the
/// marker, false once it is there. Two processes seeding at once: the second waits on the first's
/// row (Postgres) or its write lock (SQLite), then finds it and does nothing.
pub fn claim_seeding(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<bool> {
    let inserted = diesel::sql_query(
        "INSERT INTO review_reason_seeds (convention_id) VALUES ($1) ON CONFLICT (convention_id) DO NOTHING",
    )
    .bind::<diesel::sql_types::BigInt, _>(convention_id)
    .execute(conn)?;
    Ok(inserted == 1)
}

/// Whether the convention's reasons have been seeded already (a read, so pages that only show
/// reasons take no write lock once it has been).
pub fn seeded(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<bool> {
    use super::schema::review_reason_seeds;
    Ok(review_reason_seeds::table
        .find(convention_id)
        .select(review_reason_seeds::convention_id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// A new reason; `position` places it (the caller picks the end of the list).
pub fn insert(
    conn: &mut AnyConnection,
    convention_id: i64,
    kind: &str,
    (name, body): (&str, &str),
    position: i32,
    now: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(review_reasons::table)
        .values((
            review_reasons::convention_id.eq(convention_id),
            review_reasons::kind.eq(kind),
            review_reasons::name.eq(name),
            review_reasons::body.eq(body),
            review_reasons::position.eq(position),
            review_reasons::created_at.eq(now),
            review_reasons::updated_at.eq(now),
        ))
        .returning(review_reasons::id)
        .get_result(conn)?)
}

pub fn update(
    conn: &mut AnyConnection,
    id: i64,
    (kind, name, body): (&str, &str, &str),
    position: i32,
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::update(review_reasons::table.find(id))
        .set((
            review_reasons::kind.eq(kind),
            review_reasons::name.eq(name),
            review_reasons::body.eq(body),
            review_reasons::position.eq(position),
            review_reasons::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut AnyConnection, id: i64) -> StorageResult<bool> {
    Ok(diesel::delete(review_reasons::table.find(id)).execute(conn)? == 1)
}

/// The convention's reasons (of one kind, or all), in their order: kind, position, then oldest.
pub fn of_convention(
    conn: &mut AnyConnection,
    convention_id: i64,
    kind: Option<&str>,
) -> StorageResult<Vec<ReasonRow>> {
    let mut query = review_reasons::table
        .filter(review_reasons::convention_id.eq(convention_id))
        .select(ReasonRow::as_select())
        .order((review_reasons::kind.desc(), review_reasons::position, review_reasons::id))
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(review_reasons::kind.eq(kind.to_string()));
    }
    Ok(query.load(conn)?)
}

/// One reason of the convention (`None` if it is another convention's, or gone).
pub fn find(conn: &mut AnyConnection, convention_id: i64, id: i64) -> StorageResult<Option<ReasonRow>> {
    Ok(review_reasons::table
        .filter(review_reasons::id.eq(id).and(review_reasons::convention_id.eq(convention_id)))
        .select(ReasonRow::as_select())
        .first(conn)
        .optional()?)
}

/// The position after the last reason of the kind.
pub fn next_position(conn: &mut AnyConnection, convention_id: i64, kind: &str) -> StorageResult<i32> {
    let last: Option<i32> = review_reasons::table
        .filter(review_reasons::convention_id.eq(convention_id).and(review_reasons::kind.eq(kind)))
        .select(diesel::dsl::max(review_reasons::position))
        .first(conn)?;
    Ok(last.map_or(0, |p| p.saturating_add(1)))
}
