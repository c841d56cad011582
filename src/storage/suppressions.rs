//! Queries over the suppression list: addresses that bounced hard or complained, to which only
//! account-security mail still goes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::schema::mail_suppressions;
use super::{AnyConnection, StorageResult};

/// Why an address is suppressed, as stored.
pub const BOUNCE: &str = "bounce";
pub const COMPLAINT: &str = "complaint";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = mail_suppressions)]
pub struct SuppressionRow {
    /// Lower-case.
    pub address: String,
    /// [`BOUNCE`] or [`COMPLAINT`].
    pub reason: String,
    /// What the receiving server said ("550 5.1.1 <ada@example.org>: user unknown"), or the kind
    /// of complaint ("abuse").
    pub diagnostic: String,
    pub outbox_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Suppresses `address` (lower-cased by the caller). An address already suppressed keeps its
/// first reason: that is when mail to it stopped. Returns whether it is new.
pub fn insert(conn: &mut AnyConnection, row: &SuppressionRow) -> StorageResult<bool> {
    let inserted = diesel::sql_query(
        "INSERT INTO mail_suppressions (address, reason, diagnostic, outbox_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (address) DO NOTHING",
    )
    .bind::<Text, _>(&row.address)
    .bind::<Text, _>(&row.reason)
    .bind::<Text, _>(&row.diagnostic)
    .bind::<Nullable<BigInt>, _>(row.outbox_id)
    .bind::<Timestamp, _>(row.created_at)
    .execute(conn)?;
    Ok(inserted == 1)
}

/// The suppressions, newest first: all of them, or the newest `limit`.
pub fn list(conn: &mut AnyConnection, limit: Option<i64>) -> StorageResult<Vec<SuppressionRow>> {
    let query = mail_suppressions::table
        .order((mail_suppressions::created_at.desc(), mail_suppressions::address))
        .select(SuppressionRow::as_select());
    Ok(match limit {
        Some(limit) => query.limit(limit).load(conn)?,
        None => query.load(conn)?,
    })
}

pub fn count(conn: &mut AnyConnection) -> StorageResult<i64> {
    Ok(mail_suppressions::table.count().get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, address: &str) -> StorageResult<Option<SuppressionRow>> {
    Ok(mail_suppressions::table.find(address).select(SuppressionRow::as_select()).first(conn).optional()?)
}

/// Lifts the suppression of `address`; false if there was none.
pub fn delete(conn: &mut AnyConnection, address: &str) -> StorageResult<bool> {
    Ok(diesel::delete(mail_suppressions::table.find(address)).execute(conn)? == 1)
}
