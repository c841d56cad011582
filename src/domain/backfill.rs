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
/// that lack them: saved before search kept them, or rendered again since. In batches, worked out
/// outside the transactions that store them.
fn index_stored(db: &Database, default_language: &str) -> Result<usize, DomainError> {
    const BATCH: i64 = 500;
    let mut conn = db.connection()?;
    let mut indexed = 0;
    let mut after = 0;
    loop {
        let batch = articles::unindexed(&mut conn, after, BATCH)?;
        let Some((last, ..)) = batch.last() else { break };
        after = *last;
        let stems: Vec<(i64, String, String)> = batch
            .into_iter()
            .map(|(id, language, title, text)| {
                (id, search::indexed(&title, &language), search::indexed(&text, &language))
            })
            .collect();
        storage::write_transaction(&mut conn, |conn| {
            stems.iter().try_for_each(|(id, title, body)| articles::store_indexed(conn, *id, (title, body)))
        })?;
        indexed += stems.len();
        progress(indexed, stems.len());
    }
    let mut after = 0;
    loop {
        let batch = mailbag::unindexed(&mut conn, after, BATCH)?;
        let Some((last, ..)) = batch.last() else { break };
        after = *last;
        let stems: Vec<(i64, String, String)> = batch
            .into_iter()
            .map(|(id, headline, body)| {
                let headline = headline.map(|h| search::indexed(&h, default_language)).unwrap_or_default();
                (id, headline, search::indexed(&body, default_language))
            })
            .collect();
        storage::write_transaction(&mut conn, |conn| {
            stems.iter().try_for_each(|(id, headline, body)| mailbag::store_indexed(conn, *id, (headline, body)))
        })?;
        indexed += stems.len();
        progress(indexed, stems.len());
    }
    Ok(indexed)
}

/// A line in the log every 5,000 texts indexed, since a large archive takes a while.
fn progress(indexed: usize, batch: usize) {
    if indexed % 5_000 < batch {
        tracing::info!(indexed, "indexing for search texts saved before search kept their stems");
    }
}
