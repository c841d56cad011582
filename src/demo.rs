//! `tribune demo`: original demo content (written for this project), so a new site shows a living
//! discussion at once. Loading twice changes nothing.

use std::io::Write;

use chrono::{Duration, Utc};

use crate::domain::DomainError;
use crate::domain::convention::{self, ConventionInput};
use crate::storage::{AnyConnection, conventions};

const SLUG: &str = "31st-national";

const DISCLAIMER: &str = "The views expressed in the convention discussion are those of the authors. \
They do not necessarily reflect the positions of the organisation, its leadership or the editors, \
who publish contributions to encourage a broad and comradely exchange before the convention.";

const HOMEPAGE: &str = "Every member may contribute to the pre-convention discussion. Essays are read by \
the discussion editors and published here with the names and home towns of their authors.";

/// Loads the demo, reporting each step on `progress`.
pub fn load(conn: &mut AnyConnection, progress: &mut dyn Write) -> Result<(), DomainError> {
    let report = |progress: &mut dyn Write, line: &str| {
        // Progress is a courtesy to the operator; a closed terminal must not abort the load.
        let _ = writeln!(progress, "{line}");
    };
    if conventions::id_by_slug(conn, SLUG)?.is_some() {
        report(progress, "demo: already loaded, nothing to do");
        return Ok(());
    }
    report(progress, "demo: [1/2] convention");
    let today = Utc::now().date_naive();
    let opened = crate::storage::now() - Duration::days(20);
    let starts_on = today + Duration::days(60);
    convention::create_convention(
        conn,
        &ConventionInput {
            slug: Some(SLUG.into()),
            number: Some("31".into()),
            title: Some("31st National Convention".into()),
            location: Some("Milwaukee".into()),
            starts_on: Some(starts_on.to_string()),
            ends_on: Some((starts_on + Duration::days(2)).to_string()),
            discussion_opens_at: Some(opened.and_utc().to_rfc3339()),
            discussion_closes_at: Some((opened + Duration::days(70)).and_utc().to_rfc3339()),
            word_limit: Some("1500".into()),
            homepage_text: Some(HOMEPAGE.into()),
        },
    )?;
    report(progress, "demo: [2/2] disclaimer");
    convention::add_disclaimer(conn, SLUG, DISCLAIMER, None)?;
    report(progress, "demo: done");
    Ok(())
}
