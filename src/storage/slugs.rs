//! Slugs that never collide. A new article or mailbag thread takes the first free one of a few
//! candidates; each try runs in its own savepoint, so a slug taken meanwhile by a concurrent
//! transaction (the unique index refuses it, on either backend) costs one retry, never the
//! transaction or the publication.

use super::{AnyConnection, StorageError, StorageResult, write_transaction};

/// How many candidates are tried before giving up (only reachable if the table is full of
/// `base-<id>-<n>` slugs, which nothing creates but this).
const TRIES: u32 = 20;

/// Stores a row under the first free slug among `base`, `base-<id>`, `base-<id>-2`, ... and
/// returns the slug with what `store` returned. `taken` is a cheap check that spares a failing
/// insert in the usual case; the unique index is what guarantees uniqueness.
pub fn claim<T>(
    conn: &mut AnyConnection,
    (base, id): (&str, i64),
    taken: impl Fn(&mut AnyConnection, &str) -> StorageResult<bool>,
    mut store: impl FnMut(&mut AnyConnection, &str) -> StorageResult<T>,
) -> StorageResult<(String, T)> {
    let candidates = std::iter::once(base.to_string())
        .chain(std::iter::once(format!("{base}-{id}")))
        .chain((2..TRIES).map(|n| format!("{base}-{id}-{n}")));
    for candidate in candidates {
        if taken(conn, &candidate)? {
            continue;
        }
        match write_transaction(conn, |conn| store(conn, &candidate)) {
            Ok(stored) => return Ok((candidate, stored)),
            Err(e) if e.is_unique_violation() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StorageError::Writer(format!("no free slug for \"{base}\" after {TRIES} tries")))
}
