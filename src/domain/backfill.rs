//! Upgrades of stored data that SQL alone cannot do, run by `tribune migrate` and `tribune serve`
//! after the migrations: [`upgrade`].

use super::{DomainError, markdown};
use crate::search;
use crate::storage::{self, Database, articles, mailbag, submissions, topics};

/// What [`upgrade`] did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Upgraded {
    pub rendered: usize,
    pub indexed: usize,
}

/// Renders what needs rendering, then indexes for search what needs indexing (rendering a text
/// again marks it for indexing). Questions are indexed in `default_language`.
pub fn upgrade(db: &Database, default_language: &str) -> Result<Upgraded, DomainError> {
    let rendered = render_stored(db)?;
    let indexed = index_stored(db, default_language)?;
    Ok(Upgraded { rendered, indexed })
}

/// Renders what was saved before rendering was stored with it, or before it was rendered as it
/// is now (revisions, with the HTML and plain text of the articles published from them, and
/// topics' framing texts), in batches; `tribune migrate` and `tribune serve` run it after the
/// migrations, which mark what to render by emptying its HTML.
fn render_stored(db: &Database) -> Result<usize, DomainError> {
    const BATCH: i64 = 100;
    let mut conn = db.connection()?;
    let (mut rendered, mut after) = (0, 0);
    loop {
        let revisions = submissions::unrendered_revisions(&mut conn, after, BATCH)?;
        after = revisions.last().map_or(after, |(id, _)| *id);
        let topics = topics::unrendered(&mut conn, BATCH)?;
        if revisions.is_empty() && topics.is_empty() {
            return Ok(rendered);
        }
        // Rendered outside the transaction, which only stores the results.
        let revisions: Vec<(i64, markdown::Rendered)> =
            revisions.into_iter().map(|(id, body)| (id, markdown::Rendered::of(&body))).collect();
        let topics: Vec<(i64, String)> =
            topics.into_iter().map(|(id, framing)| (id, markdown::to_html(&framing))).collect();
        storage::write_transaction(&mut conn, |conn| {
            for (id, body) in &revisions {
                submissions::store_rendered_revision(conn, *id, (&body.html, &body.text))?;
                articles::store_rendered_revision(conn, *id, (&body.html, &body.text))?;
            }
            for (id, html) in &topics {
                topics::store_rendered(conn, *id, html)?;
            }
            Ok::<_, DomainError>(())
        })?;
        rendered += revisions.len() + topics.len();
        if rendered % 5_000 < revisions.len() + topics.len() {
            tracing::info!(rendered, "rendering texts saved before rendering was stored");
        }
    }
}

/// Works out the stems search indexes (see [`search::indexed`]) for the articles and questions
/// that lack them: saved before search kept them, or rendered again since. Questions are in
/// `default_language`.
fn index_stored(db: &Database, default_language: &str) -> Result<usize, DomainError> {
    let mut conn = db.connection()?;
    let pieces = in_batches(
        &mut conn,
        articles::unindexed,
        |(id, language, title, text)| {
            let stems = (search::indexed(&title, &language), search::indexed(&text, &language));
            (id, (title, text), stems)
        },
        |conn, (id, (title, text), (title_stems, body_stems))| {
            articles::store_indexed(conn, *id, (title, text), (title_stems, body_stems))
        },
    )?;
    let questions = in_batches(
        &mut conn,
        mailbag::unindexed,
        |(id, headline, body)| {
            let headline_stems = headline.as_deref().map(|h| search::indexed(h, default_language)).unwrap_or_default();
            let stems = (headline_stems, search::indexed(&body, default_language));
            (id, (headline, body), stems)
        },
        |conn, (id, (headline, body), (headline_stems, body_stems))| {
            mailbag::store_indexed(conn, *id, (headline.as_deref(), body), (headline_stems, body_stems))
        },
    )?;
    Ok(pieces + questions)
}

/// Reads rows to index by id, 500 at a time (`fetch(after, limit)`, each row's id first), works
/// out what to store outside the transaction that stores it, and logs progress.
fn in_batches<Row, Indexed>(
    conn: &mut storage::AnyConnection,
    fetch: impl Fn(&mut storage::AnyConnection, i64, i64) -> storage::StorageResult<Vec<Row>>,
    prepare: impl Fn(Row) -> (i64, Indexed, (String, String)),
    store: impl Fn(&mut storage::AnyConnection, &(i64, Indexed, (String, String))) -> storage::StorageResult<usize>,
) -> Result<usize, DomainError> {
    const BATCH: i64 = 500;
    let (mut indexed, mut after) = (0, 0);
    loop {
        let rows: Vec<_> = fetch(conn, after, BATCH)?.into_iter().map(&prepare).collect();
        let Some((last, ..)) = rows.last() else { return Ok(indexed) };
        after = *last;
        // A row changed since it was read is left for the next pass, and not counted.
        let stored = storage::write_transaction(conn, |conn| {
            rows.iter().try_fold(0, |stored, row| Ok::<_, storage::StorageError>(stored + store(conn, row)?))
        })?;
        indexed += stored;
        progress(indexed, stored);
    }
}

/// A line in the log every 5,000 texts indexed, since a large archive takes a while.
fn progress(indexed: usize, batch: usize) {
    if indexed % 5_000 < batch {
        tracing::info!(indexed, "indexing for search texts saved before search kept their stems");
    }
}
