//! Fixed-window counters for throttling.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::throttles;
use super::{AnyConnection, StorageResult};

#[derive(QueryableByName)]
struct Counter {
    #[diesel(sql_type = BigInt)]
    hits: i64,
    #[diesel(sql_type = Timestamp)]
    window_started_at: NaiveDateTime,
}

/// Adds one to the bucket's counter in one atomic statement (an upsert, so concurrent processes
/// never lose a hit); a window that began at or before `expired_before` starts again at 1.
/// Returns the count and when the window began.
pub fn increment(
    conn: &mut AnyConnection,
    bucket: &str,
    now: NaiveDateTime,
    expired_before: NaiveDateTime,
) -> StorageResult<(i64, NaiveDateTime)> {
    let counter: Counter = diesel::sql_query(
        "INSERT INTO throttles (bucket, window_started_at, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN throttles.window_started_at <= $3 THEN 1 ELSE throttles.hits + 1 END, \
           window_started_at = CASE WHEN throttles.window_started_at <= $3 THEN $2 ELSE throttles.window_started_at END \
         RETURNING CAST(hits AS BIGINT) AS hits, window_started_at",
    )
    .bind::<Text, _>(bucket)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(expired_before)
    .get_result(conn)?;
    Ok((counter.hits, counter.window_started_at))
}

/// Takes one of the bucket's `max` places in its window, in one atomic statement: the upsert
/// adds one only while the count is below `max` (or the window has expired and starts again at
/// 1), so concurrent callers, in this process or another, can never take more than `max`
/// between them. Returns the count and when the window began, or `None` when the window is full.
pub fn reserve(
    conn: &mut AnyConnection,
    bucket: &str,
    now: NaiveDateTime,
    expired_before: NaiveDateTime,
    max: u32,
) -> StorageResult<Option<(i64, NaiveDateTime)>> {
    let counter: Option<Counter> = diesel::sql_query(
        "INSERT INTO throttles (bucket, window_started_at, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN throttles.window_started_at <= $3 THEN 1 ELSE throttles.hits + 1 END, \
           window_started_at = CASE WHEN throttles.window_started_at <= $3 THEN $2 ELSE throttles.window_started_at END \
         WHERE throttles.window_started_at <= $3 OR throttles.hits < $4 \
         RETURNING CAST(hits AS BIGINT) AS hits, window_started_at",
    )
    .bind::<Text, _>(bucket)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(expired_before)
    .bind::<BigInt, _>(i64::from(max))
    .get_result(conn)
    .optional()?;
    Ok(counter.map(|c| (c.hits, c.window_started_at)))
}

/// Hands one place back (a reservation that turned out not to be a failure).
pub fn release(conn: &mut AnyConnection, bucket: &str) -> StorageResult<()> {
    diesel::update(throttles::table.filter(throttles::bucket.eq(bucket)).filter(throttles::hits.gt(0)))
        .set(throttles::hits.eq(throttles::hits - 1))
        .execute(conn)?;
    Ok(())
}

/// The live counter of a bucket, if its window has not expired.
pub fn current(
    conn: &mut AnyConnection,
    bucket: &str,
    expired_before: NaiveDateTime,
) -> StorageResult<Option<(i64, NaiveDateTime)>> {
    Ok(throttles::table
        .filter(throttles::bucket.eq(bucket).and(throttles::window_started_at.gt(expired_before)))
        .select((throttles::hits, throttles::window_started_at))
        .first::<(i32, NaiveDateTime)>(conn)
        .optional()?
        .map(|(hits, started)| (i64::from(hits), started)))
}

pub fn delete(conn: &mut AnyConnection, bucket: &str) -> StorageResult<()> {
    diesel::delete(throttles::table.filter(throttles::bucket.eq(bucket))).execute(conn)?;
    Ok(())
}

/// Forgets every counter whose window began before `before`: such a window is over, and a new
/// event starts it again anyway. Keeps the table from growing with every address and account
/// ever counted.
pub fn delete_expired(conn: &mut AnyConnection, before: NaiveDateTime) -> StorageResult<usize> {
    Ok(diesel::delete(throttles::table.filter(throttles::window_started_at.lt(before))).execute(conn)?)
}
