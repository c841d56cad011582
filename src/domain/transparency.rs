//! The public account of how a convention's submissions were handled: counts and the median time
//! to a decision, never names.

use serde::Serialize;

use crate::storage::{Database, conventions, submissions};

use super::DomainError;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Transparency {
    pub convention: String,
    /// Pieces sent to the editors.
    pub received: usize,
    pub published: usize,
    /// Pieces sent back to their authors for changes at least once.
    pub returned_for_revision: usize,
    pub rejected: usize,
    /// Median days from submission to the first decision (approval or rejection).
    pub median_days_to_decision: Option<f64>,
}

pub async fn report(db: &Database, slug: &str) -> Result<Transparency, DomainError> {
    let slug = slug.to_string();
    db.read(move |conn| {
        let convention = conventions::find_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)?;
        let tally = submissions::tally(conn, convention.id)?;
        let count = |n: i64| usize::try_from(n).unwrap_or_default();
        Ok(Transparency {
            convention: convention.slug,
            received: count(tally.received),
            published: count(tally.published),
            returned_for_revision: count(tally.returned),
            rejected: count(tally.rejected),
            median_days_to_decision: tally.median_days_to_decision.map(|d| (d * 10.0).round() / 10.0),
        })
    })
    .await
}
