//! Conventions and their disclaimers: [`Conventions`] is the service the routes call.
//!
//! A convention's own texts (title, homepage text, topics' titles and framing) are in the
//! discussion's default language; an admin may give them in its other languages too
//! ([`Conventions::save_translation`], [`Conventions::save_topic_translation`]), and readers get
//! them in their language where given, else the default's ([`Shown`]). A disclaimer version
//! belongs to a language; a piece is published with the newest in its own, else the newest in the
//! default language (`storage::conventions::disclaimer_for`).

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::storage::{self, AnyConnection, Database, conventions, topics};

use super::policy::{Action, Actor, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::{DomainError, FieldErrors, parse_line};
use crate::i18n::Message;

pub const DEFAULT_WORD_LIMIT: i32 = 1500;
/// The longest framing text a topic may have, in bytes: a page of context, not an essay.
pub const MAX_FRAMING_BYTES: usize = 20_000;

/// A convention's address part: lower-case letters, digits and single hyphens ("30th-national").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, Message> {
        let text = text.trim();
        let well_formed = !text.is_empty()
            && text.len() <= 80
            && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if well_formed { Ok(Slug(text.to_string())) } else { Err(Message::of("invalid-must-1-80-lower-case-letters")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A convention as typed into the form (the API's request type writes its numbers here as text),
/// every field text, before it is checked. `None` leaves a field as it is (for changes) or takes
/// its default (for a new convention); `""` clears a field that may be empty.
#[derive(Debug, Clone, Default)]
pub struct ConventionInput {
    pub slug: Option<String>,
    /// The convention's ordinal ("30" for the 30th).
    pub number: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// RFC 3339 (`2026-01-10T00:00:00Z`), or `YYYY-MM-DDTHH:MM` taken as UTC.
    pub discussion_opens_at: Option<String>,
    pub discussion_closes_at: Option<String>,
    /// When submissions stop (default: when the discussion closes); editors can still publish
    /// what came in on time.
    pub submission_deadline_at: Option<String>,
    pub word_limit: Option<String>,
    pub homepage_text: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DisclaimerView {
    /// Numbered per convention and language.
    pub version: i32,
    pub body: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    /// The language it is written in, one of the discussion's.
    pub language: String,
}

impl DisclaimerView {
    /// A stored version; one stored without a language is in `default`, the discussion's.
    pub fn of(row: conventions::DisclaimerRow, default: &str) -> DisclaimerView {
        DisclaimerView {
            version: row.version,
            body: row.body,
            created_at: row.created_at,
            language: row.language.unwrap_or_else(|| default.to_string()),
        }
    }

    /// Its language's name, in that language ("Español").
    pub fn language_name(&self) -> &str {
        crate::i18n::language_name(&self.language)
    }
}

/// An organisers' text as a reader gets it: in the language asked for where it was given in it,
/// else in the discussion's default; `lang` says which (for the page's `lang` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

/// A convention's texts in another of the discussion's languages; `null`: not given there, so
/// readers get the default language's.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConventionTranslation {
    pub language: String,
    pub title: Option<String>,
    pub homepage_text: Option<String>,
}

impl From<conventions::ConventionTranslationRow> for ConventionTranslation {
    fn from(row: conventions::ConventionTranslationRow) -> Self {
        ConventionTranslation { language: row.language, title: row.title, homepage_text: row.homepage_text }
    }
}

/// A topic's texts in another of the discussion's languages; `null`: not given there.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicTranslation {
    pub language: String,
    pub title: Option<String>,
    /// Markdown.
    pub framing: Option<String>,
    /// The framing as shown, rendered when it was saved (for the pages).
    #[serde(skip)]
    pub framing_html: Option<String>,
}

impl From<topics::TopicTranslationRow> for TopicTranslation {
    fn from(row: topics::TopicTranslationRow) -> Self {
        TopicTranslation {
            language: row.language,
            title: row.title,
            framing: row.framing,
            framing_html: row.framing_html,
        }
    }
}

/// A convention's texts in a language as an admin types them (the form and the API fill it in);
/// `None` or empty: not given in that language.
#[derive(Debug, Clone, Default)]
pub struct ConventionTranslationInput {
    pub title: Option<String>,
    pub homepage_text: Option<String>,
}

/// A topic's texts in a language as an admin types them; `None` or empty: not given.
#[derive(Debug, Clone, Default)]
pub struct TopicTranslationInput {
    pub title: Option<String>,
    pub framing: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConventionView {
    pub id: i64,
    pub slug: String,
    pub number: Option<i32>,
    pub title: String,
    pub location: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub discussion_opens_at: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub discussion_closes_at: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub submission_deadline_at: NaiveDateTime,
    pub word_limit: i32,
    pub homepage_text: Option<String>,
    /// The language the convention's own texts (title, homepage text, topics) are in: the
    /// discussion's default.
    pub language: String,
    /// Its texts in the discussion's other languages, where an admin gave them.
    pub translations: Vec<ConventionTranslation>,
    /// The newest disclaimer version in the default language, which new publications carry
    /// unless there is one in their own language.
    pub disclaimer: Option<DisclaimerView>,
    /// The newest version in each other language that has one, which new publications in that
    /// language carry.
    pub translated_disclaimers: Vec<DisclaimerView>,
    pub topics: Vec<TopicView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicView {
    #[serde(skip)]
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// The framing document, Markdown.
    pub framing: String,
    /// The framing as shown, rendered when it was saved (for the pages).
    #[serde(skip)]
    pub framing_html: String,
    pub position: i32,
    /// The language its own title and framing are in: the discussion's default.
    pub language: String,
    /// Its texts in the discussion's other languages, where an admin gave them.
    pub translations: Vec<TopicTranslation>,
}

impl TopicView {
    fn of(row: topics::TopicRow, default: &str, translations: Vec<TopicTranslation>) -> TopicView {
        TopicView {
            id: row.id,
            slug: row.slug,
            title: row.title,
            framing: row.framing,
            framing_html: row.framing_html,
            position: row.position,
            language: default.to_string(),
            translations,
        }
    }

    fn translation(&self, language: &str) -> Option<&TopicTranslation> {
        best_translation(&self.translations, |t| &t.language, &self.language, language)
    }

    /// Its title in `language` where given, else in the default language.
    pub fn title_in(&self, language: &str) -> Shown<'_> {
        self.translation(language)
            .and_then(|t| t.title.as_deref().map(|text| Shown { text, lang: &t.language }))
            .unwrap_or(Shown { text: &self.title, lang: &self.language })
    }

    /// Its framing as shown (safe HTML) in `language` where given, else in the default language.
    pub fn framing_html_in(&self, language: &str) -> Shown<'_> {
        self.translation(language)
            .and_then(|t| t.framing_html.as_deref().map(|text| Shown { text, lang: &t.language }))
            .unwrap_or(Shown { text: &self.framing_html, lang: &self.language })
    }
}

/// A topic as an admin types it (the form and the API's request type fill it in).
#[derive(Debug, Clone, Default)]
pub struct TopicInput {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub framing: Option<String>,
    pub position: Option<i32>,
}

impl ConventionView {
    pub fn is_open_at(&self, now: NaiveDateTime) -> bool {
        self.discussion_opens_at <= now && now < self.discussion_closes_at
    }

    fn translation(&self, language: &str) -> Option<&ConventionTranslation> {
        best_translation(&self.translations, |t| &t.language, &self.language, language)
    }

    /// Its title in `language` where given, else in the default language.
    pub fn title_in(&self, language: &str) -> Shown<'_> {
        self.translation(language)
            .and_then(|t| t.title.as_deref().map(|text| Shown { text, lang: &t.language }))
            .unwrap_or(Shown { text: &self.title, lang: &self.language })
    }

    /// Its homepage text in `language` where given, else in the default language, if it has one.
    pub fn homepage_text_in(&self, language: &str) -> Option<Shown<'_>> {
        self.translation(language)
            .and_then(|t| t.homepage_text.as_deref().map(|text| Shown { text, lang: &t.language }))
            .or_else(|| self.homepage_text.as_deref().map(|text| Shown { text, lang: &self.language }))
    }

    /// The disclaimer a piece in `language` published now would carry: the newest in that
    /// language, else the newest in the default language.
    pub fn disclaimer_in(&self, language: &str) -> Option<&DisclaimerView> {
        self.translated_disclaimers.iter().find(|d| same_language(&d.language, language)).or(self.disclaimer.as_ref())
    }
}

/// A convention's title as mail in `lang` names it: its translation where an admin gave one, else
/// `title`, its own.
pub fn title_for_mail(
    conn: &mut AnyConnection,
    (convention_id, title): (i64, &str),
    lang: crate::i18n::Lang,
) -> Result<String, storage::StorageError> {
    let translated = conventions::translations(conn, convention_id)?
        .into_iter()
        .find(|t| same_language(&t.language, lang.code()))
        .and_then(|t| t.title);
    Ok(translated.unwrap_or_else(|| title.to_string()))
}

/// The translation of a text written in `own` that serves a page in `wanted`: none when `wanted`
/// is `own` itself, else the one in `wanted` exactly, else one in the same language whatever its
/// region ("es-mx" for "es").
fn best_translation<'a, T>(
    translations: &'a [T],
    language_of: impl Fn(&T) -> &str,
    own: &str,
    wanted: &str,
) -> Option<&'a T> {
    if own.eq_ignore_ascii_case(wanted) {
        return None;
    }
    translations
        .iter()
        .find(|t| language_of(t).eq_ignore_ascii_case(wanted))
        .or_else(|| translations.iter().find(|t| same_language(language_of(t), wanted)))
}

/// Whether a text given in `given` (a code of `discussion.languages`, "es-mx") serves a page in
/// `wanted` ("es"): the same language, whatever its region.
fn same_language(given: &str, wanted: &str) -> bool {
    let primary = |code: &str| code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    given.eq_ignore_ascii_case(wanted) || primary(given) == primary(wanted)
}

pub(crate) fn view(
    conn: &mut AnyConnection,
    row: conventions::ConventionRow,
    default: &str,
) -> Result<ConventionView, DomainError> {
    let disclaimer = conventions::latest_disclaimer(conn, row.id)?.map(|d| DisclaimerView::of(d, default));
    let translated_disclaimers = conventions::latest_translated_disclaimers(conn, row.id)?
        .into_iter()
        .map(|d| DisclaimerView::of(d, default))
        .collect();
    let topic_translations = topics::translations_in_convention(conn, row.id)?;
    let topics = topics::of_convention(conn, row.id)?
        .into_iter()
        .map(|topic| {
            let id = topic.id;
            let its = topic_translations.iter().filter(|t| t.topic_id == id).cloned().map(TopicTranslation::from);
            TopicView::of(topic, default, its.collect())
        })
        .collect();
    let translations = conventions::translations(conn, row.id)?.into_iter().map(ConventionTranslation::from).collect();
    Ok(ConventionView {
        submission_deadline_at: row.submission_deadline_at.unwrap_or(row.discussion_closes_at),
        topics,
        language: default.to_string(),
        translations,
        translated_disclaimers,
        id: row.id,
        slug: row.slug,
        number: row.number,
        title: row.title,
        location: row.location,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        discussion_opens_at: row.discussion_opens_at,
        discussion_closes_at: row.discussion_closes_at,
        word_limit: row.word_limit,
        homepage_text: row.homepage_text,
        disclaimer,
    })
}

/// The years a date or instant typed by an admin or an editor may fall in. Tribune started in
/// 2026, and a convention, a discussion window, a deadline or a scheduled publication outside
/// these years is a typo (year -1, 20260): refused next to the field, never stored, because
/// other software (feeds, calendars, the backends' own date types) cannot be trusted with it.
pub const SANE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2999;

fn in_sane_years(year: i32) -> Result<(), Message> {
    if SANE_YEARS.contains(&year) {
        Ok(())
    } else {
        Err(Message::of("invalid-years-from-to").arg("first", *SANE_YEARS.start()).arg("last", *SANE_YEARS.end()))
    }
}

/// An instant as RFC 3339, or as a form's `YYYY-MM-DDTHH:MM[:SS]`, taken as UTC; in UTC it must
/// fall in [`SANE_YEARS`]. Every instant a person types goes through here. Kept to microseconds,
/// as every stored instant is (see `storage::now`): Postgres holds no more, and SQLite must hold
/// the same value.
pub fn parse_instant(text: &str) -> Result<NaiveDateTime, Message> {
    use chrono::SubsecRound;
    let text = text.trim();
    let at = DateTime::parse_from_rfc3339(text)
        .map(|t| t.naive_utc())
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map(|t| t.and_utc().naive_utc())
        .map_err(|_| Message::of("invalid-must-date-and-time-like-2026"))?;
    in_sane_years(at.year())?;
    Ok(at.trunc_subsecs(6))
}

/// A day as `YYYY-MM-DD`, in [`SANE_YEARS`].
fn parse_date(text: &str) -> Result<NaiveDate, Message> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Message::of("invalid-must-date-like-2026-06-12"))?;
    in_sane_years(day.year())?;
    Ok(day)
}

/// A convention's fields, all checked.
struct ValidConvention {
    slug: Slug,
    number: Option<i32>,
    title: String,
    location: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    opens: NaiveDateTime,
    closes: NaiveDateTime,
    word_limit: i32,
    homepage_text: Option<String>,
    deadline: Option<NaiveDateTime>,
}

impl ValidConvention {
    /// Checks `input` laid over `base` (the stored convention when changing one).
    fn parse(
        input: &ConventionInput,
        base: Option<&conventions::ConventionRow>,
    ) -> Result<ValidConvention, DomainError> {
        let mut errors = FieldErrors::default();
        let mut field = |name: &str, given: &Option<String>, stored: Option<String>| -> Option<String> {
            match given.clone().or(stored) {
                Some(value) => Some(value),
                None => {
                    errors.add(name, Message::of("invalid-is-required"));
                    None
                }
            }
        };
        let slug = field("slug", &input.slug, base.map(|b| b.slug.clone()));
        let title = field("title", &input.title, base.map(|b| b.title.clone()));
        let location = field("location", &input.location, base.map(|b| b.location.clone()));
        let starts_on = field("starts_on", &input.starts_on, base.map(|b| b.starts_on.to_string()));
        let ends_on = field("ends_on", &input.ends_on, base.map(|b| b.ends_on.to_string()));
        let opens = field(
            "discussion_opens_at",
            &input.discussion_opens_at,
            base.map(|b| b.discussion_opens_at.and_utc().to_rfc3339()),
        );
        let closes = field(
            "discussion_closes_at",
            &input.discussion_closes_at,
            base.map(|b| b.discussion_closes_at.and_utc().to_rfc3339()),
        );
        let slug = slug.and_then(|s| errors.check("slug", Slug::parse(&s)));
        let title = title.and_then(|s| errors.check("title", parse_line(&s, 3, 200)));
        let location = location.and_then(|s| errors.check("location", parse_line(&s, 1, 100)));
        let starts_on = starts_on.and_then(|s| errors.check("starts_on", parse_date(&s)));
        let ends_on = ends_on.and_then(|s| errors.check("ends_on", parse_date(&s)));
        let opens = opens.and_then(|s| errors.check("discussion_opens_at", parse_instant(&s)));
        let closes = closes.and_then(|s| errors.check("discussion_closes_at", parse_instant(&s)));
        let number = match input.number.as_deref().map(str::trim) {
            Some("") => None,
            Some(text) => errors
                .check(
                    "number",
                    text.parse::<i32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .map(Some)
                        .ok_or(Message::of("invalid-must-positive-whole-number")),
                )
                .flatten(),
            None => base.and_then(|b| b.number),
        };
        let word_limit = match input.word_limit.as_deref().map(str::trim) {
            Some("") | None => Some(base.map_or(DEFAULT_WORD_LIMIT, |b| b.word_limit)),
            Some(text) => errors.check(
                "word_limit",
                text.parse::<i32>()
                    .ok()
                    .filter(|n| (50..=20_000).contains(n))
                    .ok_or(Message::of("invalid-must-whole-number-words-from-50")),
            ),
        };
        let deadline = match input.submission_deadline_at.as_deref().map(str::trim) {
            Some("") => None,
            Some(text) => errors.check("submission_deadline_at", parse_instant(text)),
            None => base.and_then(|b| b.submission_deadline_at),
        };
        let homepage_text = match &input.homepage_text {
            Some(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            None => base.and_then(|b| b.homepage_text.clone()),
        };
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.add("ends_on", Message::of("invalid-must-not-before-starts-on"));
        }
        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                errors.add("discussion_closes_at", Message::of("invalid-must-after-discussion-opens-at"));
            }
            if deadline.is_some_and(|d| d <= o || d > c) {
                errors.add("submission_deadline_at", Message::of("invalid-must-fall-inside-discussion-period"));
            }
        }
        // A deadline at the close is no deadline of its own (what a convention without one shows),
        // so sending a convention back as it was read changes nothing.
        let deadline = deadline.filter(|d| closes.is_none_or(|c| *d != c));
        match (slug, title, location, starts_on, ends_on, opens, closes, word_limit) {
            (
                Some(slug),
                Some(title),
                Some(location),
                Some(starts_on),
                Some(ends_on),
                Some(opens),
                Some(closes),
                Some(word_limit),
            ) if errors.is_empty() => Ok(ValidConvention {
                slug,
                number,
                title,
                location,
                starts_on,
                ends_on,
                opens,
                closes,
                word_limit,
                homepage_text,
                deadline,
            }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }

    fn fields(&self) -> conventions::ConventionFields<'_> {
        conventions::ConventionFields {
            slug: self.slug.as_str(),
            number: self.number,
            title: &self.title,
            location: &self.location,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            discussion_opens_at: self.opens,
            discussion_closes_at: self.closes,
            word_limit: self.word_limit,
            homepage_text: self.homepage_text.as_deref(),
            updated_at: storage::now(),
            submission_deadline_at: self.deadline,
        }
    }
}

fn slug_taken(e: storage::StorageError) -> DomainError {
    if e.is_unique_violation() {
        DomainError::invalid("slug", Message::of("invalid-is-already-taken"))
    } else {
        e.into()
    }
}

/// The conventions as kept in memory, for reads that need several of them. One made since by
/// another process, not yet among them, is read from the database.
pub struct KnownConventions {
    list: Arc<Vec<ConventionView>>,
    /// The discussion's default language.
    default: String,
}

impl KnownConventions {
    pub(crate) fn by_id(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<Cow<'_, ConventionView>>, DomainError> {
        self.find(conn, |c| c.id == id, |conn| conventions::find(conn, id))
    }

    pub(crate) fn by_slug(
        &self,
        conn: &mut AnyConnection,
        slug: &str,
    ) -> Result<Option<Cow<'_, ConventionView>>, DomainError> {
        self.find(conn, |c| c.slug == slug, |conn| conventions::find_by_slug(conn, slug))
    }

    /// The kept convention that is `wanted`, else the one `read` finds.
    fn find(
        &self,
        conn: &mut AnyConnection,
        wanted: impl Fn(&ConventionView) -> bool,
        read: impl FnOnce(&mut AnyConnection) -> Result<Option<conventions::ConventionRow>, storage::StorageError>,
    ) -> Result<Option<Cow<'_, ConventionView>>, DomainError> {
        if let Some(kept) = self.list.iter().find(|c| wanted(c)) {
            return Ok(Some(Cow::Borrowed(kept)));
        }
        let row = read(conn)?;
        Ok(row.map(|row| view(conn, row, &self.default)).transpose()?.map(Cow::Owned))
    }
}

#[derive(Clone)]
pub struct Conventions {
    db: Database,
    /// The discussion's languages; the first is the default, the one the convention's own texts
    /// are in.
    languages: Arc<[String]>,
    /// Every convention with its topics and disclaimers: nearly every page needs one of them, and
    /// reading them costs five queries a convention, while they change a few times a year.
    known: ReadCache<Vec<ConventionView>>,
}

impl Conventions {
    pub fn new(db: Database, cache: CacheSettings, languages: &[String]) -> Conventions {
        Conventions { known: ReadCache::new(db.clone(), cache), db, languages: languages.into() }
    }

    /// The discussion's default language.
    fn default_language(&self) -> String {
        super::discussion::default_language(&self.languages).to_string()
    }

    pub async fn list(&self) -> Result<Vec<ConventionView>, DomainError> {
        Ok(self.known().await?.to_vec())
    }

    /// Every convention, as kept in memory (see `known`): for reads that need several.
    pub async fn all(&self) -> Result<KnownConventions, DomainError> {
        Ok(KnownConventions { list: self.known().await?, default: self.default_language() })
    }

    pub async fn get(&self, slug: &str) -> Result<ConventionView, DomainError> {
        self.known().await?.iter().find(|c| c.slug == slug).cloned().ok_or(DomainError::NotFound)
    }

    async fn known(&self) -> Result<Arc<Vec<ConventionView>>, DomainError> {
        let default = self.default_language();
        self.known
            .get_or_load("all", move |conn| {
                conventions::list(conn)?.into_iter().map(|row| view(conn, row, &default)).collect()
            })
            .await
    }

    /// The convention whose discussion is open now, or else the latest to have opened.
    pub async fn current(&self) -> Result<Option<ConventionView>, DomainError> {
        let default = self.default_language();
        self.db
            .read(move |conn| {
                conventions::current(conn, storage::now())?.map(|row| view(conn, row, &default)).transpose()
            })
            .await
    }

    pub async fn create(&self, actor: Option<&Actor>, input: ConventionInput) -> Result<ConventionView, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let valid = ValidConvention::parse(&input, None)?;
        let default = self.default_language();
        self.db
            .write(move |conn| {
                let id = conventions::insert(conn, &valid.fields()).map_err(slug_taken)?;
                let row = conventions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                view(conn, row, &default)
            })
            .await
    }

    /// Changes the given fields, leaving the rest as they are.
    pub async fn update(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        input: ConventionInput,
    ) -> Result<ConventionView, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let (slug, default) = (slug.to_string(), self.default_language());
        self.db
            .write(move |conn| {
                let row = conventions::find_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)?;
                let valid = ValidConvention::parse(&input, Some(&row))?;
                conventions::update(conn, row.id, &valid.fields()).map_err(slug_taken)?;
                let row = conventions::find(conn, row.id)?.ok_or(DomainError::NotFound)?;
                view(conn, row, &default)
            })
            .await
    }

    /// Adds the next disclaimer version in `language` (one of the discussion's; none or empty:
    /// the default). Versions are never changed, so a published piece keeps the exact text it
    /// was published with.
    pub async fn add_disclaimer(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        body: &str,
        language: Option<&str>,
    ) -> Result<DisclaimerView, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let stored = self.disclaimer_language(language)?;
        let by = actor.map(|a| a.user_id);
        let (slug, body, default) = (slug.to_string(), body.to_string(), self.default_language());
        self.db
            .write(move |conn| {
                let added = add_disclaimer_in(conn, &slug, &body, stored.as_deref(), by)?;
                Ok(DisclaimerView::of(added, &default))
            })
            .await
    }

    /// How a disclaimer's language is stored: `None` for the default language (as versions from
    /// before disclaimers had languages are), else its code.
    fn disclaimer_language(&self, language: Option<&str>) -> Result<Option<String>, DomainError> {
        match language.map(str::trim).filter(|l| !l.is_empty()) {
            None => Ok(None),
            Some(code) if code == self.default_language() => Ok(None),
            Some(code) if self.languages.iter().any(|l| l == code) => Ok(Some(code.to_string())),
            Some(_) => Err(DomainError::invalid(
                "language",
                Message::of("invalid-one-of").arg("choices", self.languages.join(", ")),
            )),
        }
    }

    /// Every version in every language, newest first.
    pub async fn disclaimers(&self, slug: &str) -> Result<Vec<DisclaimerView>, DomainError> {
        let (slug, default) = (slug.to_string(), self.default_language());
        self.db
            .read(move |conn| {
                let id = conventions::id_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)?;
                Ok(conventions::disclaimers(conn, id)?.into_iter().map(|d| DisclaimerView::of(d, &default)).collect())
            })
            .await
    }

    /// A language texts can be given in besides the convention's own: one of the discussion's
    /// other languages.
    fn translation_language(&self, language: &str) -> Result<String, DomainError> {
        let language = language.trim();
        let default = self.default_language();
        if language == default {
            return Err(DomainError::invalid(
                "language",
                Message::of("invalid-language-is-the-default").arg("language", default),
            ));
        }
        if self.languages.iter().any(|l| l == language) {
            return Ok(language.to_string());
        }
        let others: Vec<&str> = self.languages.iter().map(String::as_str).filter(|l| *l != default).collect();
        Err(DomainError::invalid("language", Message::of("invalid-one-of").arg("choices", others.join(", "))))
    }

    /// Gives the convention's title and homepage text in `language`, one of the discussion's
    /// other languages; a text left empty is not given there (readers get the default's), and
    /// with neither given the convention has no texts in that language any more.
    pub async fn save_translation(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        language: &str,
        input: ConventionTranslationInput,
    ) -> Result<ConventionTranslation, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let language = self.translation_language(language)?;
        let title = optional_text(input.title.as_deref());
        let homepage_text = optional_text(input.homepage_text.as_deref());
        if let Some(title) = &title {
            parse_line(title, 3, 200).map_err(|message| DomainError::invalid("title", message))?;
        }
        let slug = slug.to_string();
        self.db
            .write(move |conn| {
                let id = conventions::id_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)?;
                let texts = (title.as_deref(), homepage_text.as_deref());
                conventions::save_translation(conn, (id, &language), texts, storage::now())?;
                // The bulletin, kept until its convention changes, shows these titles too.
                conventions::touch(conn, id, storage::now())?;
                Ok(ConventionTranslation { language, title, homepage_text })
            })
            .await
    }
}

/// A text typed into a form or sent: trimmed, and `None` when nothing is left.
fn optional_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// A framing text as typed: refused beside `framing` when too short or too long.
fn check_framing(framing: &str, errors: &mut FieldErrors) {
    if framing.chars().count() < 10 {
        errors.add("framing", Message::of("invalid-must-at-least-10-characters"));
    } else if framing.len() > MAX_FRAMING_BYTES {
        errors.add("framing", Message::of("invalid-too-long-kb").arg("kb", MAX_FRAMING_BYTES / 1000));
    }
}

impl Conventions {
    /// Adds a topic with its framing text, or changes the one with the same slug.
    pub async fn save_topic(
        &self,
        actor: Option<&Actor>,
        convention: &str,
        input: TopicInput,
    ) -> Result<TopicView, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let mut errors = FieldErrors::default();
        let slug = errors.check("slug", Slug::parse(input.slug.as_deref().unwrap_or_default()));
        let title = errors.check("title", parse_line(input.title.as_deref().unwrap_or_default(), 3, 200));
        let framing = input.framing.as_deref().unwrap_or_default().trim().to_string();
        check_framing(&framing, &mut errors);
        let (Some(slug), Some(title)) = (slug, title) else {
            return Err(DomainError::Invalid(errors));
        };
        errors.into_result()?;
        let framing_html = super::markdown::to_html(&framing);
        let (convention, default) = (convention.to_string(), self.default_language());
        self.db
            .write(move |conn| {
                let id = conventions::id_by_slug(conn, &convention)?.ok_or(DomainError::NotFound)?;
                let existing = topics::find_by_slug(conn, id, slug.as_str())?;
                let position = input.position.unwrap_or_else(|| existing.as_ref().map_or(0, |t| t.position));
                let framing = topics::Framing { markdown: &framing, html: &framing_html };
                let topic_id = match existing {
                    Some(topic) => {
                        topics::update(conn, topic.id, (&title, &framing), position)?;
                        topic.id
                    }
                    None => topics::insert(conn, id, (slug.as_str(), &title, &framing), position)?,
                };
                let translations =
                    topics::translations(conn, topic_id)?.into_iter().map(TopicTranslation::from).collect();
                Ok(TopicView::of(topics::find(conn, topic_id)?.ok_or(DomainError::NotFound)?, &default, translations))
            })
            .await
    }

    /// Gives a topic's title and framing text in `language`, one of the discussion's other
    /// languages; a text left empty is not given there (readers get the default's), and with
    /// neither given the topic has no texts in that language any more. The framing is Markdown,
    /// rendered and sanitised as the topic's own is.
    pub async fn save_topic_translation(
        &self,
        actor: Option<&Actor>,
        (convention, topic): (&str, &str),
        language: &str,
        input: TopicTranslationInput,
    ) -> Result<TopicTranslation, DomainError> {
        authorize(actor, Action::ManageConventions)?;
        let language = self.translation_language(language)?;
        let mut errors = FieldErrors::default();
        let title = optional_text(input.title.as_deref());
        let title = match title {
            Some(title) => errors.check("title", parse_line(&title, 3, 200)),
            None => None,
        };
        let framing = optional_text(input.framing.as_deref());
        if let Some(framing) = &framing {
            check_framing(framing, &mut errors);
        }
        errors.into_result()?;
        let framing_html = framing.as_deref().map(super::markdown::to_html);
        let (convention, topic) = (convention.to_string(), topic.to_string());
        self.db
            .write(move |conn| {
                let id = conventions::id_by_slug(conn, &convention)?.ok_or(DomainError::NotFound)?;
                let topic = topics::find_by_slug(conn, id, &topic)?.ok_or(DomainError::NotFound)?;
                let rendered = framing
                    .as_deref()
                    .zip(framing_html.as_deref())
                    .map(|(markdown, html)| topics::Framing { markdown, html });
                topics::save_translation(
                    conn,
                    (topic.id, &language),
                    (title.as_deref(), rendered.as_ref()),
                    storage::now(),
                )?;
                conventions::touch(conn, id, storage::now())?;
                Ok(TopicTranslation { language, title, framing, framing_html })
            })
            .await
    }

    pub async fn topic(&self, convention: &str, topic: &str) -> Result<(ConventionView, TopicView), DomainError> {
        let (convention, topic, default) = (convention.to_string(), topic.to_string(), self.default_language());
        self.db
            .read(move |conn| {
                let row = conventions::find_by_slug(conn, &convention)?.ok_or(DomainError::NotFound)?;
                let view = view(conn, row, &default)?;
                let topic = view.topics.iter().find(|t| t.slug == topic).cloned().ok_or(DomainError::NotFound)?;
                Ok((view, topic))
            })
            .await
    }
}

/// Stores a new convention (the demo loader; admins go through [`Conventions::create`]).
pub fn create_convention(conn: &mut AnyConnection, input: &ConventionInput) -> Result<i64, DomainError> {
    let valid = ValidConvention::parse(input, None)?;
    conventions::insert(conn, &valid.fields()).map_err(slug_taken)
}

/// Checks a new convention's fields without storing it (the setup page checks every field of
/// its form before it hashes a password or opens a transaction).
pub fn check_new(input: &ConventionInput) -> Result<(), DomainError> {
    ValidConvention::parse(input, None).map(|_| ())
}

/// A slug made from a title: "The 30th Convention" → `the-30th-convention`; `fallback` when
/// the title has no letters or digits a slug can hold.
pub fn slug_from(title: &str, fallback: &str) -> String {
    let made = slug::slugify(title);
    let mut cut: String = made.chars().take(80).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    if Slug::parse(&cut).is_ok() { cut } else { fallback.to_string() }
}

/// Adds a topic to the convention `convention_id`, at `position`, with a first framing text its
/// editors can rewrite on the topic's page.
pub fn add_topic(
    conn: &mut AnyConnection,
    convention_id: i64,
    (slug, title): (&str, &str),
    framing: &str,
    position: i32,
) -> Result<(), DomainError> {
    let framing_html = super::markdown::to_html(framing);
    let framing = topics::Framing { markdown: framing, html: &framing_html };
    topics::insert(conn, convention_id, (slug, title, &framing), position).map_err(|e| {
        if e.is_unique_violation() {
            DomainError::invalid("topics", Message::of("invalid-topic-twice").arg("title", title))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// Adds the next disclaimer version in the discussion's default language (setup, the demo).
pub fn add_disclaimer(
    conn: &mut AnyConnection,
    slug: &str,
    body: &str,
    by: Option<i64>,
) -> Result<conventions::DisclaimerRow, DomainError> {
    add_disclaimer_in(conn, slug, body, None, by)
}

/// Adds the next disclaimer version in `language` (`None`: the default language), numbered
/// after the versions in that language.
pub fn add_disclaimer_in(
    conn: &mut AnyConnection,
    slug: &str,
    body: &str,
    language: Option<&str>,
    by: Option<i64>,
) -> Result<conventions::DisclaimerRow, DomainError> {
    let body = body.trim();
    if body.chars().count() < 10 {
        return Err(DomainError::invalid("body", Message::of("invalid-must-at-least-10-characters")));
    }
    let id = conventions::id_by_slug(conn, slug)?.ok_or(DomainError::NotFound)?;
    // Another admin may add a version at the same moment: each try runs in its own savepoint, and
    // a number taken meanwhile costs a try with the next one.
    let mut tries = 0;
    loop {
        let version = conventions::latest_disclaimer_version(conn, id, language)?.unwrap_or(0) + 1;
        let added = storage::write_transaction(conn, |conn| {
            conventions::insert_disclaimer(conn, (id, language), version, body, by, storage::now())
        });
        match added {
            Err(e) if e.is_unique_violation() && tries < 5 => tries += 1,
            added => return Ok(added?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_given_for_a_region_serves_its_language() {
        assert!(same_language("es-MX", "es") && same_language("es", "es") && same_language("ES_ar", "es"));
        assert!(!same_language("en", "es") && !same_language("eu", "es"));
    }

    #[test]
    fn a_page_gets_the_translation_in_its_own_region_before_another_region_of_its_language() {
        let given = ["es", "es-mx"];
        let pick = |own: &str, wanted: &str| best_translation(&given, |t| t, own, wanted).copied();
        assert_eq!(pick("en", "es-mx"), Some("es-mx"), "its own region first");
        assert_eq!(pick("en", "es-AR"), Some("es"), "else any of its language");
        assert_eq!(pick("es", "es"), None, "the text's own language needs none");
        assert_eq!(pick("en", "fr"), None);
    }

    #[test]
    fn dates_and_instants_outside_the_sane_years_are_refused() {
        for day in ["-0001-06-01", "0000-01-01", "1999-12-31", "3000-01-01", "20260-01-01"] {
            assert!(parse_date(day).is_err(), "{day}");
        }
        for day in ["2000-01-01", "2999-12-31"] {
            assert!(parse_date(day).is_ok(), "{day}");
        }
        for at in [
            "-0001-06-01T00:00",
            "1970-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-01-01T00:30:00+01:00",
            "2999-12-31T23:30:00-01:00",
        ] {
            assert!(parse_instant(at).is_err(), "{at}");
        }
        for at in ["2000-01-01T00:00:00Z", "2999-12-31T23:59", "2026-05-01T09:00:00+02:00"] {
            assert!(parse_instant(at).is_ok(), "{at}");
        }
    }
}
