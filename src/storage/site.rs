//! The site's own settings (a key per setting, values as text) and the first run's setup links.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use super::schema::{setup_tokens, site_settings, user_roles};
use super::{AnyConnection, StorageResult};

/// The key of the first run's state: `pending` until the first admin exists, then `done`.
const SETUP: &str = "setup";

pub fn setting(conn: &mut AnyConnection, key: &str) -> StorageResult<Option<String>> {
    Ok(site_settings::table.find(key).select(site_settings::value).first(conn).optional()?)
}

/// Stores `value` under `key`, replacing what was there. One statement, so two processes saving
/// a setting for the first time at once do not both try to insert it.
pub fn set_setting(conn: &mut AnyConnection, key: &str, value: &str, now: NaiveDateTime) -> StorageResult<()> {
    diesel::sql_query(
        "INSERT INTO site_settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind::<Text, _>(key)
    .bind::<Text, _>(value)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(())
}

/// Whether the site still waits for its first admin.
pub fn setup_pending(conn: &mut AnyConnection) -> StorageResult<bool> {
    let pending = setting(conn, SETUP)?.is_some_and(|state| state == "pending");
    Ok(pending && !any_admin(conn)?)
}

pub fn any_admin(conn: &mut AnyConnection) -> StorageResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(user_roles::table.filter(user_roles::role.eq("admin")))).get_result(conn)?)
}

/// Marks the site set up, if it was not yet; `true` for the one caller that changed it. The
/// update locks the row, so of two transactions claiming it at once the second waits for the
/// first and then finds nothing left to change.
pub fn claim_setup(conn: &mut AnyConnection, now: NaiveDateTime) -> StorageResult<bool> {
    let changed = diesel::update(site_settings::table.find(SETUP).filter(site_settings::value.eq("pending")))
        .set((site_settings::value.eq("done"), site_settings::updated_at.eq(now)))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn insert_setup_token(conn: &mut AnyConnection, token_hash: &str, now: NaiveDateTime) -> StorageResult<()> {
    diesel::insert_into(setup_tokens::table)
        .values((setup_tokens::token_hash.eq(token_hash), setup_tokens::created_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Whether `token_hash` is a setup link's made since `since`.
pub fn setup_token_exists(conn: &mut AnyConnection, token_hash: &str, since: NaiveDateTime) -> StorageResult<bool> {
    let live = setup_tokens::table.find(token_hash).filter(setup_tokens::created_at.ge(since));
    Ok(diesel::select(diesel::dsl::exists(live)).get_result(conn)?)
}

pub fn forget_setup_tokens_before(conn: &mut AnyConnection, before: NaiveDateTime) -> StorageResult<()> {
    diesel::delete(setup_tokens::table.filter(setup_tokens::created_at.lt(before))).execute(conn)?;
    Ok(())
}

/// Every setup link dies: the site is set up.
pub fn clear_setup_tokens(conn: &mut AnyConnection) -> StorageResult<()> {
    diesel::delete(setup_tokens::table).execute(conn)?;
    Ok(())
}
