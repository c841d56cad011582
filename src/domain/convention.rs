//! Conventions and their disclaimers.

use chrono::{NaiveDate, NaiveDateTime};

use crate::storage::{self, AnyConnection, conventions};

use super::{DomainError, FieldErrors, parse_line};

/// A convention's address part: lower-case letters, digits and single hyphens ("30th-national").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, String> {
        let text = text.trim();
        let well_formed = !text.is_empty()
            && text.len() <= 80
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if well_formed {
            Ok(Slug(text.to_string()))
        } else {
            Err("must be 1 to 80 lower-case letters, digits and single hyphens".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an admin enters to create a convention, before it is checked.
#[derive(Debug, Clone)]
pub struct ConventionInput {
    pub slug: String,
    pub number: Option<i32>,
    pub title: String,
    pub location: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub discussion_opens_at: NaiveDateTime,
    pub discussion_closes_at: NaiveDateTime,
    pub word_limit: Option<i32>,
    pub homepage_text: Option<String>,
}

pub const DEFAULT_WORD_LIMIT: i32 = 1500;

/// Checks every field, reporting all problems at once, and stores the convention.
pub fn create_convention(conn: &mut AnyConnection, input: &ConventionInput) -> Result<i64, DomainError> {
    let mut errors = FieldErrors::default();
    let slug = errors.check("slug", Slug::parse(&input.slug));
    let title = errors.check("title", parse_line(&input.title, 3, 200));
    let location = errors.check("location", parse_line(&input.location, 1, 100));
    if input.ends_on < input.starts_on {
        errors.add("ends_on", "must not be before starts_on");
    }
    if input.discussion_closes_at <= input.discussion_opens_at {
        errors.add("discussion_closes_at", "must be after discussion_opens_at");
    }
    let word_limit = input.word_limit.unwrap_or(DEFAULT_WORD_LIMIT);
    if !(50..=20_000).contains(&word_limit) {
        errors.add("word_limit", "must be between 50 and 20000 words");
    }
    if input.number.is_some_and(|n| n < 1) {
        errors.add("number", "must be a positive number");
    }
    let (Some(slug), Some(title), Some(location)) = (slug, title, location) else {
        return Err(DomainError::Invalid(errors));
    };
    errors.into_result()?;
    let now = storage::now();
    conventions::insert(
        conn,
        &conventions::NewConventionRow {
            slug: slug.as_str(),
            number: input.number,
            title: &title,
            location: &location,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            discussion_opens_at: input.discussion_opens_at,
            discussion_closes_at: input.discussion_closes_at,
            word_limit,
            homepage_text: input.homepage_text.as_deref().map(str::trim).filter(|t| !t.is_empty()),
            created_at: now,
            updated_at: now,
        },
    )
    .map_err(|e| {
        if e.is_unique_violation() {
            DomainError::invalid("slug", "is already taken")
        } else {
            e.into()
        }
    })
}

/// Adds the next version of a convention's disclaimer. Earlier versions are never changed, so a
/// published piece keeps the exact text it was published with.
pub fn add_disclaimer(
    conn: &mut AnyConnection,
    convention_id: i64,
    body: &str,
    by: Option<i64>,
) -> Result<i32, DomainError> {
    let body = body.trim();
    if body.chars().count() < 10 {
        return Err(DomainError::invalid("body", "must be at least 10 characters"));
    }
    storage::write_transaction(conn, |conn| {
        let version = conventions::latest_disclaimer_version(conn, convention_id)?.unwrap_or(0) + 1;
        conventions::insert_disclaimer(conn, convention_id, version, body, by, storage::now())?;
        Ok(version)
    })
}
