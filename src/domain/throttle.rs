//! Throttles that hold across processes: fixed-window counters in the database, so a limit is
//! the same whether requests reach one `tribune serve` or several.

use std::time::Duration;

use crate::storage::{self, AnyConnection, throttles};

use super::DomainError;

/// A limit: at most `max` events per `window` for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

/// Counts one event for `bucket`, refusing it once the window's limit is reached.
pub fn hit(conn: &mut AnyConnection, bucket: &str, limit: Limit) -> Result<(), DomainError> {
    let now = storage::now();
    let (hits, started) = throttles::increment(conn, bucket, now, now - limit.window)?;
    if hits > i64::from(limit.max) {
        return Err(throttled(started, limit, now));
    }
    Ok(())
}

/// Reserves one of `bucket`'s places before the work it limits, refusing once the window's
/// places are all taken; the reservation and the refusal are one atomic write, so requests
/// arriving together cannot all pass a check made before any of them was counted. The work then
/// keeps the place (a failure) or hands it back with [`release`] or [`clear`].
pub fn reserve(conn: &mut AnyConnection, bucket: &str, limit: Limit) -> Result<(), DomainError> {
    let now = storage::now();
    let expired_before = now - limit.window;
    match throttles::reserve(conn, bucket, now, expired_before, limit.max)? {
        Some((hits, _)) if hits <= i64::from(limit.max) => Ok(()),
        Some((_, started)) => Err(throttled(started, limit, now)),
        None => {
            let started = throttles::current(conn, bucket, expired_before)?.map_or(now, |(_, started)| started);
            Err(throttled(started, limit, now))
        }
    }
}

/// Hands back one reserved place.
pub fn release(conn: &mut AnyConnection, bucket: &str) -> Result<(), DomainError> {
    Ok(throttles::release(conn, bucket)?)
}

/// Forgets a bucket (a successful sign-in clears the account's failures).
pub fn clear(conn: &mut AnyConnection, bucket: &str) -> Result<(), DomainError> {
    Ok(throttles::delete(conn, bucket)?)
}

fn throttled(started: chrono::NaiveDateTime, limit: Limit, now: chrono::NaiveDateTime) -> DomainError {
    let reopens = started + limit.window;
    let seconds = (reopens - now).num_seconds().max(1);
    DomainError::Throttled { retry_after_secs: u64::try_from(seconds).unwrap_or(1) }
}

/// Forgets counters whose windows ended: `longest` is the longest window any limit uses.
pub fn forget_expired(db: &crate::storage::Database, longest: Duration) -> Result<usize, DomainError> {
    let mut conn = db.connection()?;
    let before = storage::now() - longest;
    Ok(storage::write_transaction(&mut conn, |conn| throttles::delete_expired(conn, before))?)
}
