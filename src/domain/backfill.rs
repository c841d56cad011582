//! Upgrades of stored data that SQL alone cannot do, run by `tribune migrate` and `tribune serve`
//! after the migrations.

use super::{DomainError, markdown};
use crate::storage::{self, Database, articles, submissions, topics};

/// Renders what was saved before rendering was stored with it, or before it was rendered as it
/// is now (revisions, with the HTML and plain text of the articles published from them, and
/// topics' framing texts), in batches; `tribune migrate` and `tribune serve` run it after the
/// migrations, which mark what to render by emptying its HTML.
pub fn render_stored(db: &Database) -> Result<usize, DomainError> {
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
