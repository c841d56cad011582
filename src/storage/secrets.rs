//! Secrets the server makes for itself: random on first start, then read back by every process
//! on the same database, so what one process signs another accepts.

use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use super::schema::server_secrets;
use super::{AnyConnection, StorageResult};

/// The secret called `name`, created from `fresh` if there is none yet. Insert-if-absent, then
/// read: two processes starting together both end up with whichever insert came first.
pub fn get_or_create(conn: &mut AnyConnection, name: &str, fresh: &str) -> StorageResult<String> {
    diesel::sql_query(
        "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
    )
    .bind::<Text, _>(name)
    .bind::<Text, _>(fresh)
    .bind::<Timestamp, _>(super::now())
    .execute(conn)?;
    Ok(server_secrets::table.find(name).select(server_secrets::value).first(conn)?)
}
