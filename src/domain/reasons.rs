//! The editors' canned reasons: per convention, the texts they pick from when they reject a piece
//! or send it back for changes, each with a short name. Picking one fills the text, which stays
//! editable. A convention starts with the configured lists (`review.reject_reasons`,
//! `review.change_reasons`), once: [`Reasons`] seeds it the first time its reasons are needed.

use std::sync::Arc;

use serde::Serialize;

use crate::storage::{self, AnyConnection, Database, conventions, reasons};

use super::policy::{Action, Actor, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::{DomainError, FieldErrors, parse_line};
use crate::i18n::Message;

/// The longest name, in characters: a label in a picker.
pub const MAX_NAME_CHARS: usize = 80;
/// The longest text, in characters.
pub const MAX_BODY_CHARS: usize = 10_000;
/// Positions run from 0 to this.
pub const MAX_POSITION: i32 = 10_000;

/// Which decision a reason is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// Rejecting a piece (final).
    Reject,
    /// Sending a piece back to its author for changes.
    Changes,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 2] = [ReasonKind::Reject, ReasonKind::Changes];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Reject => "reject",
            ReasonKind::Changes => "changes",
        }
    }

    pub fn parse(text: &str) -> Result<ReasonKind, Message> {
        match text.trim() {
            "reject" => Ok(ReasonKind::Reject),
            "changes" => Ok(ReasonKind::Changes),
            _ => Err(Message::of("invalid-must-reject-or-changes")),
        }
    }

    /// How the pages name the list.
    pub fn label(self) -> &'static str {
        match self {
            ReasonKind::Reject => "Reasons for rejecting",
            ReasonKind::Changes => "Changes to ask for",
        }
    }
}

impl std::fmt::Display for ReasonKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReasonView {
    pub id: i64,
    pub kind: ReasonKind,
    /// What the picker shows.
    pub name: String,
    /// The text the author is sent.
    pub body: String,
    /// The order in the picker: lower first.
    pub position: i32,
}

impl ReasonView {
    fn of(row: reasons::ReasonRow) -> Result<ReasonView, DomainError> {
        let kind =
            ReasonKind::parse(&row.kind).map_err(|_| DomainError::Internal(format!("reason kind {}", row.kind)))?;
        Ok(ReasonView { id: row.id, kind, name: row.name, body: row.body, position: row.position })
    }
}

/// A reason as typed into the form or sent to the API, before it is checked. `None` leaves a
/// field as it is (for changes); `position` is text, as a form sends it (the API writes its
/// number here), empty or `None` for the end of the list.
#[derive(Debug, Clone, Default)]
pub struct ReasonInput {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub body: Option<String>,
    pub position: Option<String>,
}

/// A reason's fields, all checked.
struct ValidReason {
    kind: ReasonKind,
    name: String,
    body: String,
    position: Option<i32>,
}

impl ValidReason {
    fn parse(input: &ReasonInput, base: Option<&ReasonView>) -> Result<ValidReason, DomainError> {
        let mut errors = FieldErrors::default();
        let kind = match (&input.kind, base) {
            (Some(kind), _) => errors.check("kind", ReasonKind::parse(kind)),
            (None, Some(base)) => Some(base.kind),
            (None, None) => {
                errors.add("kind", Message::of("invalid-is-required-reject-or-changes"));
                None
            }
        };
        let name = input.name.clone().or_else(|| base.map(|b| b.name.clone())).unwrap_or_default();
        let name = errors.check("name", parse_line(&name, 1, MAX_NAME_CHARS));
        let body = input.body.clone().or_else(|| base.map(|b| b.body.clone())).unwrap_or_default();
        let body = errors.check("body", parse_body(&body));
        let position = match input.position.as_deref().map(str::trim) {
            None | Some("") => Some(base.map(|b| b.position)),
            Some(text) => errors
                .check(
                    "position",
                    text.parse::<i32>()
                        .ok()
                        .filter(|p| (0..=MAX_POSITION).contains(p))
                        .ok_or(Message::of("invalid-whole-number-from-to").arg("min", 0).arg("max", MAX_POSITION)),
                )
                .map(Some),
        };
        match (kind, name, body, position) {
            (Some(kind), Some(name), Some(body), Some(position)) if errors.is_empty() => {
                Ok(ValidReason { kind, name, body, position })
            }
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

fn parse_body(text: &str) -> Result<String, Message> {
    let text = text.trim();
    let length = text.chars().count();
    if length == 0 {
        Err(Message::of("invalid-must-not-empty"))
    } else if length > MAX_BODY_CHARS {
        Err(Message::of("invalid-at-most-characters").arg("max", MAX_BODY_CHARS))
    } else {
        Ok(text.to_string())
    }
}

fn name_taken(kind: ReasonKind) -> impl Fn(storage::StorageError) -> DomainError {
    move |e| {
        if e.is_unique_violation() {
            DomainError::invalid("name", Message::of("invalid-name-taken-by-another-reason").arg("kind", kind.as_str()))
        } else {
            e.into()
        }
    }
}

/// The configured lists every convention starts with.
#[derive(Debug, Clone, Default)]
pub struct ReasonSeeds {
    pub reject: Vec<String>,
    pub changes: Vec<String>,
}

impl ReasonSeeds {
    /// Names for seeded texts: the text's opening words (at most [`MAX_NAME_CHARS`]), made unique.
    fn named(texts: &[String]) -> Vec<(String, String)> {
        let mut named: Vec<(String, String)> = Vec::new();
        for text in texts {
            let Ok(body) = parse_body(text) else { continue };
            let base = short_name(&body);
            let mut name = base.clone();
            let mut n = 2;
            while named.iter().any(|(taken, _)| *taken == name) {
                name = format!("{} ({n})", base.chars().take(MAX_NAME_CHARS - 6).collect::<String>());
                n += 1;
            }
            named.push((name, body));
        }
        named
    }
}

/// "It is outside the scope of the convention discussion." → "It is outside the scope of the
/// convention discussion"; a longer text is cut at a word, with "…".
fn short_name(text: &str) -> String {
    const LIMIT: usize = 60;
    let line = text.lines().next().unwrap_or_default().trim().trim_end_matches(['.', ':', ';']);
    if line.chars().count() <= LIMIT {
        return if line.is_empty() { "Reason".into() } else { line.to_string() };
    }
    let mut name = String::new();
    for word in line.split_whitespace() {
        if name.chars().count() + word.chars().count() + 1 > LIMIT - 1 {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    if name.is_empty() {
        name = line.chars().take(LIMIT - 1).collect();
    }
    format!("{}…", name.trim_end_matches([',', '.', ':', ';']))
}

/// Gives the convention its configured reasons, unless it has had them once already (then
/// nothing: reasons its editors deleted stay deleted). Safe to call from any number of processes
/// at once: exactly one seeds. Runs inside the caller's write transaction.
pub fn seed(conn: &mut AnyConnection, convention_id: i64, seeds: &ReasonSeeds) -> Result<(), DomainError> {
    if !reasons::claim_seeding(conn, convention_id)? {
        return Ok(());
    }
    let now = storage::now();
    for (kind, texts) in [(ReasonKind::Reject, &seeds.reject), (ReasonKind::Changes, &seeds.changes)] {
        let start = reasons::next_position(conn, convention_id, kind.as_str())?;
        for (position, (name, body)) in (start..).zip(ReasonSeeds::named(texts)) {
            reasons::insert(conn, convention_id, kind.as_str(), (&name, &body), position, now)
                .map_err(name_taken(kind))?;
        }
    }
    Ok(())
}

/// The service the routes call.
#[derive(Clone)]
pub struct Reasons {
    db: Database,
    seeds: Arc<ReasonSeeds>,
    /// A convention's reasons of one kind, by its slug: the lists a review page offers. Every
    /// change to them goes through this process's [`Database::write`], so it shows at once.
    by_convention: ReadCache<Vec<ReasonView>>,
}

impl Reasons {
    pub fn new(db: Database, seeds: ReasonSeeds, cache: CacheSettings) -> Reasons {
        Reasons { by_convention: ReadCache::new(db.clone(), cache), db, seeds: Arc::new(seeds) }
    }

    /// Seeds the convention if it never was (a read when it was, so showing reasons takes no
    /// write lock).
    async fn ensure_seeded(&self, convention_id: i64) -> Result<(), DomainError> {
        if self.db.read(move |conn| reasons::seeded(conn, convention_id)).await? {
            return Ok(());
        }
        let seeds = self.seeds.clone();
        self.db.write(move |conn| seed(conn, convention_id, &seeds)).await
    }

    async fn convention_id(&self, slug: &str) -> Result<i64, DomainError> {
        let slug = slug.to_string();
        self.db.read(move |conn| conventions::id_by_slug(conn, &slug)?.ok_or(DomainError::NotFound)).await
    }

    /// The convention's reasons of `kind`, by its slug, in their order, for a picker (the caller
    /// has decided the person may decide pieces: the review page, the queue's bulk reject).
    pub async fn reasons_for_convention(&self, slug: &str, kind: ReasonKind) -> Result<Vec<ReasonView>, DomainError> {
        let key = format!("{slug}|{}", kind.as_str());
        let slug = slug.to_string();
        let found =
            self.reasons_where(move |conn| conventions::id_by_slug(conn, &slug)?.ok_or(DomainError::NotFound), kind);
        Ok(self.by_convention.get_or_build(&key, |_| true, found).await?.to_vec())
    }

    /// The reasons of `kind` of the convention `which` finds, found and read in one go (a review
    /// page shows two lists); a convention never seeded is seeded first.
    async fn reasons_where(
        &self,
        which: impl Fn(&mut AnyConnection) -> Result<i64, DomainError> + Send + Sync + 'static,
        kind: ReasonKind,
    ) -> Result<Vec<ReasonView>, DomainError> {
        let which = Arc::new(which);
        // `Err(convention)` when it was never seeded.
        let read = || {
            let which = which.clone();
            self.db.read(move |conn| {
                let convention_id = which(conn)?;
                if !reasons::seeded(conn, convention_id)? {
                    return Ok(Err(convention_id));
                }
                let rows = reasons::of_convention(conn, convention_id, Some(kind.as_str()))?;
                Ok::<_, DomainError>(Ok(rows.into_iter().map(ReasonView::of).collect::<Result<Vec<_>, _>>()?))
            })
        };
        match read().await? {
            Ok(reasons) => Ok(reasons),
            Err(convention_id) => {
                self.ensure_seeded(convention_id).await?;
                read().await?.map_err(|_| DomainError::Internal("the reasons were not seeded".into()))
            }
        }
    }

    /// The text a decision sends when its form names a reason (`choice`, the reason's id as the
    /// picker posts it) and carries `text`: the text as written, or, left empty, the reason's (a
    /// browser without JavaScript does not fill the text in when a reason is picked). A choice
    /// that names no reason of the convention's (gone meanwhile, or garbled) adds nothing.
    pub async fn fill(
        &self,
        convention_id: i64,
        kind: ReasonKind,
        choice: &str,
        text: &str,
    ) -> Result<String, DomainError> {
        let Ok(id) = choice.trim().parse::<i64>() else { return Ok(text.to_string()) };
        if !text.trim().is_empty() {
            return Ok(text.to_string());
        }
        let row = self.db.read(move |conn| reasons::find(conn, convention_id, id)).await?;
        Ok(row.filter(|r| r.kind == kind.as_str()).map_or_else(|| text.to_string(), |r| r.body))
    }

    /// [`Reasons::fill`] by the convention's slug.
    pub async fn fill_for_convention(
        &self,
        slug: &str,
        kind: ReasonKind,
        choice: &str,
        text: &str,
    ) -> Result<String, DomainError> {
        if choice.trim().is_empty() || !text.trim().is_empty() {
            return Ok(text.to_string());
        }
        let id = self.convention_id(slug).await?;
        self.fill(id, kind, choice, text).await
    }

    /// Every reason of the convention (editors and admins): the reasons for rejecting, then the
    /// change requests, each in their order; `kind` keeps one list.
    pub async fn list(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        kind: Option<ReasonKind>,
    ) -> Result<Vec<ReasonView>, DomainError> {
        authorize(actor, Action::ManageReasons)?;
        let id = self.convention_id(slug).await?;
        self.ensure_seeded(id).await?;
        self.db
            .read(move |conn| {
                reasons::of_convention(conn, id, kind.map(ReasonKind::as_str))?
                    .into_iter()
                    .map(ReasonView::of)
                    .collect()
            })
            .await
    }

    /// One reason of the convention (editors and admins).
    pub async fn get(&self, actor: Option<&Actor>, slug: &str, id: i64) -> Result<ReasonView, DomainError> {
        authorize(actor, Action::ManageReasons)?;
        let convention_id = self.convention_id(slug).await?;
        self.db
            .read(move |conn| ReasonView::of(reasons::find(conn, convention_id, id)?.ok_or(DomainError::NotFound)?))
            .await
    }

    /// Adds a reason, at the end of its list unless a position is given.
    pub async fn create(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        input: ReasonInput,
    ) -> Result<ReasonView, DomainError> {
        authorize(actor, Action::ManageReasons)?;
        let valid = ValidReason::parse(&input, None)?;
        let convention_id = self.convention_id(slug).await?;
        self.ensure_seeded(convention_id).await?;
        self.db
            .write(move |conn| {
                let kind = valid.kind.as_str();
                let position = match valid.position {
                    Some(position) => position,
                    None => reasons::next_position(conn, convention_id, kind)?.min(MAX_POSITION),
                };
                let id =
                    reasons::insert(conn, convention_id, kind, (&valid.name, &valid.body), position, storage::now())
                        .map_err(name_taken(valid.kind))?;
                ReasonView::of(reasons::find(conn, convention_id, id)?.ok_or(DomainError::NotFound)?)
            })
            .await
    }

    /// Changes the given fields of a reason, leaving the rest as they are.
    pub async fn update(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        id: i64,
        input: ReasonInput,
    ) -> Result<ReasonView, DomainError> {
        authorize(actor, Action::ManageReasons)?;
        let convention_id = self.convention_id(slug).await?;
        self.db
            .write(move |conn| {
                let row = reasons::find(conn, convention_id, id)?.ok_or(DomainError::NotFound)?;
                let base = ReasonView::of(row)?;
                let valid = ValidReason::parse(&input, Some(&base))?;
                let position = valid.position.unwrap_or(base.position);
                let fields = (valid.kind.as_str(), valid.name.as_str(), valid.body.as_str());
                reasons::update(conn, id, fields, position, storage::now()).map_err(name_taken(valid.kind))?;
                ReasonView::of(reasons::find(conn, convention_id, id)?.ok_or(DomainError::NotFound)?)
            })
            .await
    }

    /// Deletes a reason; decisions already sent keep their text.
    pub async fn delete(&self, actor: Option<&Actor>, slug: &str, id: i64) -> Result<(), DomainError> {
        authorize(actor, Action::ManageReasons)?;
        let convention_id = self.convention_id(slug).await?;
        self.db
            .write(move |conn| {
                reasons::find(conn, convention_id, id)?.ok_or(DomainError::NotFound)?;
                reasons::delete(conn, id)?;
                Ok(())
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_reasons_are_named_by_their_opening_words() {
        assert_eq!(
            short_name("It is outside the scope of the convention discussion."),
            "It is outside the scope of the convention discussion"
        );
        let long = "It is over the word limit and could not be shortened with the author, who was asked twice.";
        let name = short_name(long);
        assert!(name.ends_with('…') && name.chars().count() <= 60, "{name}");
        let named = ReasonSeeds::named(&["Same.".into(), "Same".into(), "  ".into()]);
        assert_eq!(named.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["Same", "Same (2)"]);
    }
}
