//! The domain: types that can only hold valid values, the rules of the discussion, and the
//! operations the HTTP layer and the CLI call. It talks to storage, never to HTTP; its one error
//! type, [`DomainError`], says what went wrong in words a user can act on.

pub mod accounts;
pub mod backfill;
pub mod comments;
pub mod convention;
pub mod discussion;
pub mod editors;
pub mod hashing;
pub mod instant;
pub mod lifecycle;
pub mod mailbag;
pub mod markdown;
pub mod policy;
pub mod read_cache;
pub mod reading;
pub mod reasons;
pub mod review;
pub mod setup;
pub mod site;
pub mod submission;
pub mod subscriptions;
pub mod text;
pub mod throttle;
pub mod time_trap;
pub mod transparency;
pub mod user;

use std::collections::BTreeMap;

use crate::i18n::Message;
use crate::storage::StorageError;

/// Problems with input, by field name, in the order the form shows them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<Message>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: Message) {
        self.0.entry(field.to_string()).or_default().push(message);
    }

    /// Records the error of a field parse, passing the parsed value through when it succeeded.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, Message>) -> Option<T> {
        parsed.map_err(|message| self.add(field, message)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every error of `other`.
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, messages) in other.0 {
            self.0.entry(field).or_default().extend(messages);
        }
    }

    /// Each field's problems in `lang`, after the field's name as its form's label says it
    /// (`field-<name>` in the catalogue, else the name itself): "Título: no puede estar vacío".
    pub fn named(&self, lang: crate::i18n::Lang) -> Vec<String> {
        self.0
            .iter()
            .map(|(field, problems)| {
                let name = lang.try_t(&format!("field-{field}")).unwrap_or_else(|| field.replace('_', " "));
                let problems: Vec<String> = problems.iter().map(|p| p.in_lang(lang)).collect();
                format!("{name}: {}", problems.join("; "))
            })
            .collect()
    }

    pub fn into_result(self) -> Result<(), DomainError> {
        if self.is_empty() { Ok(()) } else { Err(DomainError::Invalid(self)) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("some fields are not valid")]
    Invalid(FieldErrors),
    #[error("not found")]
    NotFound,
    /// A workflow conflict; `code` is the stable machine-readable name (`invalid_transition`, ...).
    #[error("{message}")]
    Conflict { code: &'static str, message: Message },
    #[error("sign in first")]
    Unauthenticated,
    /// A sign-in with a wrong address or password (which one is not said).
    #[error("the email or password is wrong")]
    InvalidCredentials,
    #[error("you may not do this")]
    Forbidden,
    /// Forbidden for a stated reason (`conflict_of_interest`, `email_unverified`...).
    #[error("{message}")]
    Refused { code: &'static str, message: Message },
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    /// A fault of ours that no input can cause (a worker thread died, a template failed).
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl DomainError {
    pub fn invalid(field: &str, message: Message) -> DomainError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        DomainError::Invalid(errors)
    }

    pub fn refused(code: &'static str, message: Message) -> DomainError {
        DomainError::Refused { code, message }
    }

    pub fn conflict(code: &'static str, message: Message) -> DomainError {
        DomainError::Conflict { code, message }
    }
}

impl From<diesel::result::Error> for DomainError {
    fn from(e: diesel::result::Error) -> Self {
        DomainError::Storage(StorageError::Query(e))
    }
}

/// A required line of text: trimmed, not empty, at most `max` characters, no control characters.
pub(crate) fn parse_line(text: &str, min: usize, max: usize) -> Result<String, Message> {
    let text = text.trim();
    let length = text.chars().count();
    if length < min.max(1) {
        return Err(if min <= 1 {
            Message::of("invalid-must-not-empty")
        } else {
            Message::of("invalid-at-least-characters").arg("min", min)
        });
    }
    if length > max {
        return Err(Message::of("invalid-at-most-characters").arg("max", max));
    }
    if text.chars().any(char::is_control) {
        return Err(Message::of("invalid-must-single-line-text"));
    }
    Ok(text.to_string())
}

/// One page of a keyset-paged list, as every list in the API answers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from a query that fetched one row more than `size`: that extra row only
    /// tells whether another page exists.
    pub fn from_overfetch(mut items: Vec<T>, size: i64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let next_cursor = if items.len() > size {
            items.truncate(size);
            items.last().map(cursor_of)
        } else {
            None
        };
        Page { items, next_cursor }
    }

    /// A cursor that is a row id; a malformed one is the client's mistake (422).
    pub fn parse_id_cursor(cursor: Option<&str>) -> Result<i64, DomainError> {
        match cursor.map(str::trim).filter(|c| !c.is_empty()) {
            None => Ok(0),
            Some(text) => text
                .parse()
                .map_err(|_| DomainError::invalid("cursor", Message::of("invalid-is-not-cursor-this-list-gave"))),
        }
    }
}

/// The readable part of a slug made from a title: lower-case words joined by hyphens, at most 80
/// characters, or `fallback` when the title has no letters or digits. `storage::slugs::claim`
/// makes it unique.
pub(crate) fn slug_base(title: &str, fallback: &str) -> String {
    let mut base = slug::slugify(title);
    if base.len() > 80 {
        let mut cut = 80;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base.truncate(cut);
    }
    let base = base.trim_end_matches('-');
    if base.is_empty() { fallback.to_string() } else { base.to_string() }
}

/// A keyset cursor over `(instant, id)`, as the lists hand it out: `<microseconds>_<id>`.
pub fn encode_cursor(at: chrono::NaiveDateTime, id: i64) -> String {
    format!("{}_{id}", at.and_utc().timestamp_micros())
}

pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<(chrono::NaiveDateTime, i64)>, DomainError> {
    let Some(text) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let invalid = || DomainError::invalid("cursor", Message::of("invalid-is-not-cursor-this-list-gave"));
    let (micros, id) = text.split_once('_').ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let id: i64 = id.parse().map_err(|_| invalid())?;
    let at = chrono::DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?.naive_utc();
    Ok(Some((at, id)))
}
