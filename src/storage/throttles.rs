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
