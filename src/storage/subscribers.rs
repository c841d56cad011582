//! Queries over the subscribers of a convention's discussion and the daily digest runs.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Timestamp};

use super::schema::{digest_runs, subscribers};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscribers)]
pub struct SubscriberRow {
    pub id: i64,
    pub convention_id: i64,
    pub email: String,
    pub status: String,
    pub unsubscribe_token: String,
    /// When the subscription (the latest, for someone who subscribed again) was confirmed.
    pub confirmed_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut AnyConnection, convention_id: i64, email: &str) -> StorageResult<Option<SubscriberRow>> {
    Ok(subscribers::table
        .filter(subscribers::convention_id.eq(convention_id).and(subscribers::email.eq(email)))
        .select(SubscriberRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut AnyConnection,
    convention_id: i64,
    (email, language): (&str, &str),
    (confirm_hash, unsubscribe_token): (&str, &str),
    now: NaiveDateTime,
) -> StorageResult<i64> {
    Ok(diesel::insert_into(subscribers::table)
        .values((
            subscribers::convention_id.eq(convention_id),
            subscribers::email.eq(email),
            subscribers::language.eq(language),
            subscribers::status.eq("pending"),
            subscribers::confirm_token_hash.eq(confirm_hash),
            subscribers::unsubscribe_token.eq(unsubscribe_token),
            subscribers::created_at.eq(now),
        ))
        .returning(subscribers::id)
        .get_result(conn)?)
}

/// A new confirmation for someone subscribing again (pending or after unsubscribing).
pub fn renew(conn: &mut AnyConnection, id: i64, confirm_hash: &str, language: &str) -> StorageResult<()> {
    diesel::update(subscribers::table.find(id))
        .set((
            subscribers::status.eq("pending"),
            subscribers::confirm_token_hash.eq(confirm_hash),
            subscribers::language.eq(language),
        ))
        .execute(conn)?;
    Ok(())
}

/// The language subscriber `id` subscribed from, if it was kept.
pub fn language(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(subscribers::table.find(id).select(subscribers::language).first(conn).optional()?.flatten())
}

/// Confirms the subscription whose token hashes to `hash`; returns it if there was one.
pub fn confirm(conn: &mut AnyConnection, hash: &str, now: NaiveDateTime) -> StorageResult<Option<SubscriberRow>> {
    let Some(row) = subscribers::table
        .filter(subscribers::confirm_token_hash.eq(hash))
        .select(SubscriberRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if row.status == "pending" {
        diesel::update(subscribers::table.find(row.id))
            .set((subscribers::status.eq("confirmed"), subscribers::confirmed_at.eq(Some(now))))
            .execute(conn)?;
    }
    Ok(Some(row))
}

pub fn find_by_unsubscribe_token(conn: &mut AnyConnection, token: &str) -> StorageResult<Option<SubscriberRow>> {
    Ok(subscribers::table
        .filter(subscribers::unsubscribe_token.eq(token))
        .select(SubscriberRow::as_select())
        .first(conn)
        .optional()?)
}

/// Ends the subscription with this token; false if there is none.
pub fn unsubscribe(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> StorageResult<bool> {
    Ok(diesel::update(subscribers::table.filter(subscribers::unsubscribe_token.eq(token)))
        .set((subscribers::status.eq("unsubscribed"), subscribers::unsubscribed_at.eq(Some(now))))
        .execute(conn)?
        == 1)
}

pub fn confirmed(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Vec<SubscriberRow>> {
    Ok(subscribers::table
        .filter(subscribers::convention_id.eq(convention_id).and(subscribers::status.eq("confirmed")))
        .order(subscribers::id)
        .select(SubscriberRow::as_select())
        .load(conn)?)
}

/// Conventions with at least one confirmed subscriber.
pub fn conventions_with_subscribers(conn: &mut AnyConnection) -> StorageResult<Vec<i64>> {
    Ok(subscribers::table
        .filter(subscribers::status.eq("confirmed"))
        .select(subscribers::convention_id)
        .distinct()
        .load(conn)?)
}

/// When the last digest of a convention went out, if one did.
pub fn last_run(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Option<(NaiveDate, NaiveDateTime)>> {
    Ok(digest_runs::table
        .filter(digest_runs::convention_id.eq(convention_id))
        .order(digest_runs::day.desc())
        .select((digest_runs::day, digest_runs::created_at))
        .first(conn)
        .optional()?)
}

/// Claims today's digest run for a convention; false if another process already has it.
pub fn claim_run(
    conn: &mut AnyConnection,
    convention_id: i64,
    day: NaiveDate,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    Ok(diesel::sql_query(
        "INSERT INTO digest_runs (convention_id, day, since, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (convention_id, day) DO NOTHING",
    )
    .bind::<BigInt, _>(convention_id)
    .bind::<Date, _>(day)
    .bind::<Timestamp, _>(since)
    .bind::<Timestamp, _>(now)
    .execute(conn)?
        == 1)
}
