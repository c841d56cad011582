//! The word-level diff between two revisions that the review page shows.

use serde::Serialize;

/// A word of a diff between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DiffSpan {
    /// `same`, `added` or `removed`.
    pub change: &'static str,
    pub text: String,
}

/// Compares two texts word by word.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffSpan> {
    // Myers' diff costs time proportional to the texts' size times their difference: two 200 KB
    // revisions with nothing in common took seconds. Past the deadline it settles for a coarser
    // (still correct) diff.
    let diff = similar::TextDiff::configure().timeout(std::time::Duration::from_millis(50)).diff_words(old, new);
    let mut spans: Vec<DiffSpan> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => "same",
            similar::ChangeTag::Insert => "added",
            similar::ChangeTag::Delete => "removed",
        };
        match spans.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => spans.push(DiffSpan { change: kind, text: change.value().to_string() }),
        }
    }
    spans
}
