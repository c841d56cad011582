//! The public account of how a convention's submissions were handled: counts and the median time
//! to a decision, never names.

use std::collections::{HashMap, HashSet};

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

/// The median of some numbers (the mean of the middle two for an even count).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[middle - 1] + values[middle]) / 2.0 } else { values[middle] })
}

pub async fn report(db: &Database, slug: &str) -> Result<Transparency, DomainError> {
    let slug = slug.to_string();
    db.read(move |conn| {
        let convention = conventions::find_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)?;
        let submitted = submissions::submitted_in(conn, convention.id)?;
        let events = submissions::decisions_in(conn, convention.id)?;
        let returned: HashSet<i64> =
            events.iter().filter(|(_, a, _)| a == "request_changes").map(|(id, _, _)| *id).collect();
        let mut first_decision = HashMap::new();
        for (id, action, at) in &events {
            if action != "request_changes" {
                first_decision.entry(*id).or_insert(*at);
            }
        }
        let days = submitted
            .iter()
            .filter_map(|(id, _, at)| Some((first_decision.get(id)?, (*at)?)))
            .map(|(decided, submitted)| (*decided - submitted).num_seconds() as f64 / 86_400.0)
            .collect();
        Ok(Transparency {
            convention: convention.slug,
            received: submitted.len(),
            published: submitted.iter().filter(|(_, status, _)| status == "published").count(),
            returned_for_revision: returned.len(),
            rejected: submitted.iter().filter(|(_, status, _)| status == "rejected").count(),
            median_days_to_decision: median(days).map(|d| (d * 10.0).round() / 10.0),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
    }
}
