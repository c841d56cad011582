//! The first run. While no admin exists, every start of the server makes a setup link with a
//! random token and prints it to the server's log (never to a page). The setup page, opened with
//! such a link, makes the first admin, names the site and, if asked, opens the first convention
//! with its disclaimer and topics, all in one transaction. It works once: the transaction claims
//! the site (see [`site::claim_setup`]), so of two setups at once, in one process or two, one
//! wins and the other is told the site is set up; an admin made by `tribune user create` in the
//! meantime closes it the same way.

use url::Url;

use super::accounts::{self, Accounts, RegistrationInput, SignedIn, hash_secret, new_secret};
use super::convention::{self, ConventionInput};
use super::site::{SiteName, save_name};
use super::{DomainError, FieldErrors, parse_line};
use crate::email::messages;
use crate::i18n::Message;
use crate::storage::{self, Database, StorageError, site};

/// Topics the setup page takes at most (more can be added on the convention's page).
const MAX_TOPICS: usize = 20;

/// How long a setup link works. A log is read by more people and programs than whoever installed
/// the site, so a link found in an old one must not still hand the site over; a restart prints a
/// new link.
pub const LINK_HOURS: i64 = 24;

/// A setup link for this start of the server, when the site has no admin yet: the caller prints
/// it. Its token is stored hashed, like every other secret in a link; links past their time are
/// forgotten.
pub fn open(db: &Database, public_url: &Url) -> Result<Option<String>, StorageError> {
    let mut conn = db.connection()?;
    if !site::setup_pending(&mut conn)? {
        return Ok(None);
    }
    let now = storage::now();
    site::forget_setup_tokens_before(&mut conn, oldest_valid(now))?;
    let (token, token_hash) = new_secret();
    site::insert_setup_token(&mut conn, &token_hash, now)?;
    Ok(Some(messages::link(public_url, "/setup", &[("token", &token)])))
}

fn oldest_valid(now: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    now - chrono::TimeDelta::hours(LINK_HOURS)
}

/// The setup form as typed, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct SetupInput {
    pub site_title: String,
    pub organisation: String,
    /// The first admin's account.
    pub admin: RegistrationInput,
    /// The first convention, when the form's convention part was filled in.
    pub convention: Option<FirstConvention>,
}

/// The first convention: its details, its disclaimer and its topics (one title per line).
#[derive(Debug, Clone, Default)]
pub struct FirstConvention {
    pub title: String,
    pub location: String,
    pub starts_on: String,
    pub ends_on: String,
    pub discussion_opens_at: String,
    pub discussion_closes_at: String,
    pub disclaimer: String,
    pub topics: String,
}

impl FirstConvention {
    fn input(&self) -> ConventionInput {
        // A field left empty is missing ("is required"), not a malformed date.
        let given = |text: &str| Some(text.to_string()).filter(|t| !t.trim().is_empty());
        ConventionInput {
            slug: Some(convention::slug_from(&self.title, "convention")),
            title: given(&self.title),
            location: given(&self.location),
            starts_on: given(&self.starts_on),
            ends_on: given(&self.ends_on),
            discussion_opens_at: given(&self.discussion_opens_at),
            discussion_closes_at: given(&self.discussion_closes_at),
            ..ConventionInput::default()
        }
    }

    fn topic_titles(&self) -> impl Iterator<Item = &str> {
        self.topics.lines().map(str::trim).filter(|line| !line.is_empty())
    }
}

/// What the setup made, for the page that follows it.
pub struct SetUp {
    pub signed_in: SignedIn,
    /// The first convention's slug, when one was opened.
    pub convention: Option<String>,
}

#[derive(Clone)]
pub struct FirstRun {
    db: Database,
    accounts: Accounts,
}

impl FirstRun {
    pub fn new(db: Database, accounts: Accounts) -> FirstRun {
        FirstRun { db, accounts }
    }

    /// Whether `token` opens the setup page now: refused once the site has an admin, or for a
    /// token no start of the server printed (or one already used).
    pub async fn check(&self, token: &str) -> Result<(), DomainError> {
        let token_hash = hash_secret(token);
        self.db.read(move |conn| admissible(conn, &token_hash)).await
    }

    /// Makes the first admin (signed in), names the site and opens the first convention if one
    /// was given: all of it, or nothing.
    pub async fn complete(&self, token: &str, input: SetupInput) -> Result<SetUp, DomainError> {
        // Checked first so a refused link costs no password hash; checked again in the
        // transaction, where it counts.
        self.check(token).await?;
        let (name, convention) = check_form(&input)?;
        let account = self.accounts.prepare_admin(&input.admin).await?;
        let settings = self.accounts.settings().clone();
        let token_hash = hash_secret(token);
        self.db
            .write(move |conn| {
                admissible(conn, &token_hash)?;
                if !site::claim_setup(conn, storage::now())? {
                    return Err(set_up_already());
                }
                site::clear_setup_tokens(conn)?;
                save_name(conn, name)?;
                let signed_in = accounts::create_first_admin(conn, &account, &settings)?;
                let convention = match convention {
                    Some(first) => Some(open_convention(conn, &first, signed_in.user.id)?),
                    None => None,
                };
                Ok(SetUp { signed_in, convention })
            })
            .await
    }
}

fn admissible(conn: &mut storage::AnyConnection, token_hash: &str) -> Result<(), DomainError> {
    if !site::setup_pending(conn)? {
        return Err(set_up_already());
    }
    if !site::setup_token_exists(conn, token_hash, oldest_valid(storage::now()))? {
        return Err(DomainError::refused("setup_link", Message::of("refused-this-setup-link-not-valid-it")));
    }
    Ok(())
}

fn set_up_already() -> DomainError {
    DomainError::conflict("set_up", Message::of("conflict-this-site-set-up-already-its"))
}

/// Every field of the form checked at once, so the person sees every problem together.
fn check_form(input: &SetupInput) -> Result<(SiteName, Option<FirstConvention>), DomainError> {
    let mut errors = FieldErrors::default();
    let name = SiteName::parse(&input.site_title, &input.organisation)
        .map_err(|e| errors.merge(renamed(e, &[("title", "site_title")])))
        .ok();
    if let Err(DomainError::Invalid(e)) = input.admin.parse() {
        errors.merge(e);
    }
    if let Some(first) = &input.convention {
        if let Err(DomainError::Invalid(e)) = convention::check_new(&first.input()) {
            let names =
                [("title", "convention_title"), ("slug", "convention_title"), ("location", "convention_location")];
            errors.merge(renamed(e, &names));
        }
        if first.disclaimer.trim().chars().count() < 10 {
            errors.add("disclaimer", Message::of("invalid-must-at-least-10-characters"));
        }
        if first.topic_titles().count() > MAX_TOPICS {
            errors.add("topics", Message::of("invalid-at-most-topics-here").arg("max", MAX_TOPICS));
        }
        let mut slugs = std::collections::HashSet::new();
        for (n, title) in first.topic_titles().enumerate() {
            if let Err(problem) = parse_line(title, 3, 200) {
                errors.add(
                    "topics",
                    Message::of("invalid-topic-title").arg("title", title).arg_message("problem", problem),
                );
            } else if !slugs.insert(topic_slug(title, n)) {
                errors.add("topics", Message::of("invalid-topic-twice").arg("title", title));
            }
        }
    }
    errors.into_result()?;
    match name {
        Some(name) => Ok((name, input.convention.clone())),
        None => Err(DomainError::Internal("a checked site name went missing".into())),
    }
}

/// `errors` with the fields in `names` called by their names on the setup form.
fn renamed(errors: FieldErrors, names: &[(&str, &str)]) -> FieldErrors {
    let mut out = FieldErrors::default();
    for (field, messages) in errors.0 {
        let name = names.iter().find(|(from, _)| *from == field).map_or(field.as_str(), |(_, to)| to);
        for message in messages {
            out.add(name, message);
        }
    }
    out
}

/// The address name of the `n`th topic (from 0): made from its title.
fn topic_slug(title: &str, n: usize) -> String {
    convention::slug_from(title, &format!("topic-{}", n + 1))
}

/// Stores the first convention, its first disclaimer and its topics; returns its slug.
fn open_convention(
    conn: &mut storage::AnyConnection,
    first: &FirstConvention,
    admin_id: i64,
) -> Result<String, DomainError> {
    let input = first.input();
    let id = convention::create_convention(conn, &input)?;
    let slug = input.slug.unwrap_or_default();
    convention::add_disclaimer(conn, &slug, &first.disclaimer, Some(admin_id))?;
    for (n, title) in first.topic_titles().enumerate() {
        let framing = format!("Contributions to the discussion on {title}.");
        let position = i32::try_from(n).unwrap_or(i32::MAX);
        convention::add_topic(conn, id, (&topic_slug(title, n), title), &framing, position)?;
    }
    Ok(slug)
}
