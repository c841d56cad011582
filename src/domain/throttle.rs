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

/// Refuses when `bucket` has already reached its limit, without counting anything (checked
/// before a sign-in, whose failures alone are counted).
pub fn check(conn: &mut AnyConnection, bucket: &str, limit: Limit) -> Result<(), DomainError> {
    let now = storage::now();
    match throttles::current(conn, bucket, now - limit.window)? {
        Some((hits, started)) if hits >= i64::from(limit.max) => Err(throttled(started, limit, now)),
        _ => Ok(()),
    }
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
