//! Intake: members write essays, revise them, submit them inside the discussion window and follow
//! them through review. [`Submissions`] is the service the author's routes call.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::email::{self, messages};
use crate::storage::{self, AnyConnection, Database, articles, conventions, submissions, topics, users};

use super::convention::parse_instant;
use super::discussion::{self, AuthorKind, DiscussionRules};
use super::lifecycle::{Status, Transition};
use super::policy::{Action, Actor, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::{DomainError, FieldErrors, Page, markdown, parse_line};
use crate::i18n::{Lang, Message};

pub const MAX_TAGS: usize = 5;

/// An essay as typed, before it is checked. For a change, `None` keeps the current value.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EssayInput {
    /// The convention's slug (when creating).
    pub convention: Option<String>,
    pub title: Option<String>,
    /// Markdown. For a video contribution, the summary.
    pub body: Option<String>,
    /// The author's name as printed; for a body, its name ("Oak Park Club").
    pub byline_name: Option<String>,
    /// City.
    pub byline_location: Option<String>,
    pub byline_state: Option<String>,
    pub byline_club: Option<String>,
    pub byline_district: Option<String>,
    /// `member` (default), `non_member` or `body`.
    pub author_kind: Option<String>,
    /// A language code from the configured list (default: the first).
    pub language: Option<String>,
    /// The topic's slug; required when the convention has topics.
    pub topic: Option<String>,
    /// The published piece this replies to: its slug, or its address as pasted from a browser
    /// (`https://…/articles/<slug>`, a trailing slash, query or fragment ignored).
    pub reply_to: Option<String>,
    /// A video contribution: an https link on an allowed platform.
    pub video_url: Option<String>,
    pub tags: Option<Vec<String>>,
}

impl EssayInput {
    /// An uploaded document's text as the body, and its title when none was typed.
    /// What cannot be shown goes: a document reaches us without the edge's check of typed text.
    pub fn take_document(&mut self, document: crate::documents::Converted) {
        use super::text::without_unshowable;
        self.body = Some(without_unshowable(&document.markdown).into_owned());
        if self.title.as_deref().is_none_or(|title| title.trim().is_empty()) {
            self.title = document.title.map(|t| without_unshowable(&t).into_owned()).or(self.title.take());
        }
    }
}

/// An essay whose every field is valid.
struct Essay {
    title: String,
    body: String,
    byline_name: String,
    byline_location: String,
    byline_state: Option<String>,
    byline_club: Option<String>,
    byline_district: Option<String>,
    author_kind: AuthorKind,
    video_url: Option<String>,
    language: String,
    /// Stored comma-joined (a tag never holds a comma).
    tags: String,
    rendered: markdown::Rendered,
}

/// The longest body an essay may have, in bytes (UTF-8).
pub const MAX_BODY_BYTES: usize = 200_000;

/// Tags: lower-case words, at most five, no duplicates.
pub fn parse_tags(tags: &[String]) -> Result<Vec<String>, Message> {
    let mut clean: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 40 || !tag.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
            return Err(Message::of("invalid-each-tag-at-most-40-letters"));
        }
        if !clean.contains(&tag) {
            clean.push(tag);
        }
    }
    if clean.len() > MAX_TAGS {
        return Err(Message::of("invalid-at-most-tags").arg("max", MAX_TAGS));
    }
    Ok(clean)
}

/// An optional line: empty means none.
fn optional_line(given: &Option<String>, stored: Option<&Option<String>>) -> Result<Option<String>, Message> {
    match given.as_deref().map(str::trim) {
        Some("") => Ok(None),
        Some(text) => parse_line(text, 1, 100).map(Some),
        None => Ok(stored.cloned().flatten()),
    }
}

impl Essay {
    /// Renders the body typed in `input`, if any: before the write transaction, which is then
    /// only handed the result (see [`markdown`]). A body over the limit is not rendered, as it
    /// will be refused.
    fn render_body(input: &EssayInput) -> Option<markdown::Rendered> {
        let body = input.body.as_deref()?.trim();
        (body.len() <= MAX_BODY_BYTES).then(|| markdown::Rendered::of(body))
    }

    /// Checks `input` laid over the current revision (when revising), against the word limit.
    /// `rendered` is [`Essay::render_body`] of the same input.
    fn parse(
        input: &EssayInput,
        rendered: Option<markdown::Rendered>,
        base: Option<(&submissions::RevisionRow, &str)>,
        word_limit: i32,
        rules: &DiscussionRules,
    ) -> Result<Essay, DomainError> {
        let mut errors = FieldErrors::default();
        let revision = base.map(|(revision, _)| revision);
        let pick =
            |given: &Option<String>, stored: Option<&String>| given.clone().or(stored.cloned()).unwrap_or_default();
        let title = errors.check("title", parse_line(&pick(&input.title, revision.map(|b| &b.title)), 5, 200));
        let byline_name = errors
            .check("byline_name", parse_line(&pick(&input.byline_name, revision.map(|b| &b.byline_name)), 1, 100));
        let byline_location = errors.check(
            "byline_location",
            parse_line(&pick(&input.byline_location, revision.map(|b| &b.byline_location)), 1, 100),
        );
        let byline_state =
            errors.check("byline_state", optional_line(&input.byline_state, revision.map(|b| &b.byline_state)));
        let byline_club =
            errors.check("byline_club", optional_line(&input.byline_club, revision.map(|b| &b.byline_club)));
        let byline_district = errors
            .check("byline_district", optional_line(&input.byline_district, revision.map(|b| &b.byline_district)));
        let author_kind =
            errors.check("author_kind", AuthorKind::parse(&pick(&input.author_kind, revision.map(|b| &b.author_kind))));
        let language = errors
            .check("language", rules.parse_language(input.language.as_deref().or(base.map(|(_, language)| language))));
        let video_url = match input.video_url.as_deref().map(str::trim) {
            Some("") => None,
            Some(text) => errors.check("video_url", rules.parse_video_url(text)),
            None => revision.and_then(|b| b.video_url.clone()),
        };
        let body = pick(&input.body, revision.map(|b| &b.body_markdown)).trim().to_string();
        let rendered = match (input.body.is_some(), revision) {
            (false, Some(base)) => markdown::Rendered { html: base.body_html.clone(), text: base.body_text.clone() },
            _ => rendered.unwrap_or_default(),
        };
        let word_count = rendered.word_count();
        if body.len() > MAX_BODY_BYTES {
            errors.add("body", Message::of("invalid-too-long-kb").arg("kb", MAX_BODY_BYTES / 1000));
        } else if word_count == 0 {
            errors.add("body", Message::of("invalid-must-not-empty"));
        } else if word_count > usize::try_from(word_limit).unwrap_or(0) {
            errors.add("body", Message::of("invalid-too-many-words").arg("words", word_count).arg("limit", word_limit));
        }
        let stored_tags: Vec<String> = revision.map(|b| split_tags(&b.tags)).unwrap_or_default();
        let tags = errors.check("tags", parse_tags(input.tags.as_ref().unwrap_or(&stored_tags)));
        match (
            title,
            byline_name,
            byline_location,
            byline_state,
            byline_club,
            byline_district,
            author_kind,
            language,
            tags,
        ) {
            (
                Some(title),
                Some(byline_name),
                Some(byline_location),
                Some(byline_state),
                Some(byline_club),
                Some(byline_district),
                Some(author_kind),
                Some(language),
                Some(tags),
            ) if errors.is_empty() => Ok(Essay {
                title,
                body,
                byline_name,
                byline_location,
                byline_state,
                byline_club,
                byline_district,
                author_kind,
                video_url,
                language,
                tags: tags.join(","),
                rendered,
            }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }

    /// Whether saving this would repeat `current` word for word.
    fn is_revision(&self, current: &submissions::RevisionRow) -> bool {
        let new = self.revision();
        new.title == current.title
            && new.body_markdown == current.body_markdown
            && new.byline_name == current.byline_name
            && new.byline_location == current.byline_location
            && new.byline_state == current.byline_state.as_deref()
            && new.byline_club == current.byline_club.as_deref()
            && new.byline_district == current.byline_district.as_deref()
            && new.author_kind == current.author_kind
            && new.video_url == current.video_url.as_deref()
            && new.tags == current.tags
    }

    fn revision(&self) -> submissions::NewRevision<'_> {
        submissions::NewRevision {
            title: &self.title,
            body_markdown: &self.body,
            body_html: &self.rendered.html,
            body_text: &self.rendered.text,
            byline_name: &self.byline_name,
            byline_location: &self.byline_location,
            byline_state: self.byline_state.as_deref(),
            byline_club: self.byline_club.as_deref(),
            byline_district: self.byline_district.as_deref(),
            author_kind: self.author_kind.as_str(),
            video_url: self.video_url.as_deref(),
            tags: &self.tags,
            word_count: i32::try_from(self.rendered.word_count()).unwrap_or(i32::MAX),
        }
    }
}

/// The topic and the piece replied to, from `input` laid over the submission's current ones.
fn placement<'a>(
    conn: &mut AnyConnection,
    convention_id: i64,
    input: &EssayInput,
    current: Option<&submissions::SubmissionRow>,
    language: &'a str,
) -> Result<submissions::Placement<'a>, DomainError> {
    let mut errors = FieldErrors::default();
    let topic_id = match (&input.topic, current) {
        (None, Some(row)) => Some(row.topic_id),
        (given, _) => errors.check("topic", discussion::resolve_topic(conn, convention_id, given.as_deref())),
    };
    let reply_to = match (&input.reply_to, current) {
        (None, Some(row)) => Some(row.reply_to_article_id),
        (given, _) => {
            let slug = given.as_deref().and_then(reply_slug);
            errors.check("reply_to", discussion::resolve_reply(conn, convention_id, slug.as_deref()))
        }
    };
    match (topic_id, reply_to) {
        (Some(topic_id), Some(reply_to_article_id)) if errors.is_empty() => {
            Ok(submissions::Placement { topic_id, reply_to_article_id, language })
        }
        _ => Err(DomainError::Invalid(errors)),
    }
}

/// The slug a "reply to" names: typed bare (`the-slug`), or the piece's address pasted from the
/// browser (`https://host/articles/the-slug/?utm=x#comments`, or just `/articles/the-slug`). The
/// host is not checked: the site answers to several names (its public URL, a proxy's, localhost),
/// and the slug must name a published piece of the discussion anyway. `None` for nothing typed.
pub(crate) fn reply_slug(text: &str) -> Option<String> {
    let path = text.trim().split(['?', '#']).next().unwrap_or_default();
    let after = match path.rfind("/articles/") {
        Some(at) => &path[at + "/articles/".len()..],
        None => path.strip_prefix("articles/").unwrap_or(path),
    };
    let slug = after.trim_matches('/').split('/').next().unwrap_or_default();
    (!slug.is_empty()).then(|| slug.to_string())
}

pub(crate) fn split_tags(stored: &str) -> Vec<String> {
    stored.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RevisionView {
    pub number: i32,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub byline_name: String,
    pub byline_location: String,
    pub tags: Vec<String>,
    pub word_count: i32,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
}

impl From<submissions::RevisionRow> for RevisionView {
    fn from(row: submissions::RevisionRow) -> Self {
        RevisionView {
            number: row.number,
            tags: split_tags(&row.tags),
            title: row.title,
            body: row.body_markdown,
            byline_name: row.byline_name,
            byline_location: row.byline_location,
            word_count: row.word_count,
            created_at: row.created_at,
        }
    }
}

/// A comment or an action in a submission's history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// `internal` (editors only) or `author`; absent for plain actions.
    pub visibility: Option<String>,
    pub note: Option<String>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
}

impl From<submissions::EventRow> for EventView {
    fn from(row: submissions::EventRow) -> Self {
        EventView {
            id: row.id,
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            action: row.action,
            from_status: row.from_status,
            to_status: row.to_status,
            visibility: row.visibility,
            note: row.note,
            created_at: row.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubmissionView {
    pub id: i64,
    pub convention: String,
    pub author_id: i64,
    pub status: Status,
    pub title: String,
    pub body: String,
    /// The body as shown, rendered when the revision was saved (for the pages).
    #[serde(skip)]
    pub body_html: String,
    pub byline_name: String,
    pub byline_location: String,
    pub byline_state: Option<String>,
    pub byline_club: Option<String>,
    pub byline_district: Option<String>,
    pub author_kind: AuthorKind,
    pub language: String,
    /// The topic's slug.
    pub topic: Option<String>,
    /// The slug of the piece this replies to.
    pub reply_to: Option<String>,
    pub video_url: Option<String>,
    /// The queue's priority rank (set on submission).
    pub priority: i32,
    pub tags: Vec<String>,
    pub word_count: i32,
    pub revisions: i32,
    pub assigned_editor_id: Option<i64>,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub submitted_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub publish_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub updated_at: NaiveDateTime,
    /// Comments the editors addressed to the author.
    pub comments: Vec<EventView>,
    /// Set once published.
    pub article_slug: Option<String>,
}

impl SubmissionView {
    /// When an approved piece will be published; `None` for anything else, and for an approved
    /// piece held for a digest.
    pub fn scheduled_for(&self) -> Option<NaiveDateTime> {
        scheduled_for(self.status, self.publish_at)
    }

    /// Approved, with no time: waiting to be published with other short pieces in a digest.
    pub fn held_for_digest(&self) -> bool {
        self.status == Status::Approved && self.publish_at.is_none()
    }
}

/// The publication time of a piece in `status`, if it is approved and scheduled.
pub(crate) fn scheduled_for(status: Status, publish_at: Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    publish_at.filter(|_| status == Status::Approved)
}

pub(crate) fn status_of(row: &submissions::SubmissionRow) -> Result<Status, DomainError> {
    row.status.parse().map_err(|m: Message| DomainError::Internal(m.to_string()))
}

pub(crate) fn submission_view(
    conn: &mut AnyConnection,
    row: submissions::SubmissionRow,
) -> Result<SubmissionView, DomainError> {
    let revision = submissions::revision(conn, row.id, row.current_revision)?.ok_or_else(|| {
        DomainError::Internal(format!("submission {} has no revision {}", row.id, row.current_revision))
    })?;
    let convention = conventions::find(conn, row.convention_id)?.ok_or(DomainError::NotFound)?;
    let comments = submissions::events(conn, row.id, true)?.into_iter().map(EventView::from).collect();
    let topic = row.topic_id.map(|id| topics::find(conn, id)).transpose()?.flatten().map(|t| t.slug);
    let reply_to = row.reply_to_article_id.map(|id| articles::find(conn, id)).transpose()?.flatten().map(|a| a.slug);
    let status = status_of(&row)?;
    // Readers can read a piece only once it is published (alone or in a digest): no need to look
    // for its article before.
    let article_slug = match status {
        Status::Published => {
            articles::containing_submission(conn, row.id)?.filter(|a| a.status == articles::PUBLISHED).map(|a| a.slug)
        }
        _ => None,
    };
    Ok(SubmissionView {
        id: row.id,
        convention: convention.slug,
        author_id: row.author_id,
        status,
        title: row.title,
        tags: split_tags(&revision.tags),
        body: revision.body_markdown,
        body_html: revision.body_html,
        byline_name: revision.byline_name,
        byline_location: revision.byline_location,
        byline_state: revision.byline_state,
        byline_club: revision.byline_club,
        byline_district: revision.byline_district,
        author_kind: AuthorKind::parse(&revision.author_kind).map_err(|m| DomainError::Internal(m.to_string()))?,
        video_url: revision.video_url,
        language: row.language,
        topic,
        reply_to,
        priority: row.priority,
        word_count: revision.word_count,
        revisions: row.current_revision,
        assigned_editor_id: row.assigned_editor_id,
        submitted_at: row.submitted_at,
        publish_at: row.publish_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        comments,
        article_slug,
    })
}

/// Whether a submission is still its author's alone: it never reached the editors. That is a
/// draft, or a draft withdrawn before it was ever submitted (`submitted_at` is set by the first
/// submission and never cleared, so it tells a withdrawn draft from a withdrawn submission).
pub(crate) fn authors_own(row: &submissions::SubmissionRow) -> Result<bool, DomainError> {
    Ok(match status_of(row)? {
        Status::Draft => true,
        Status::Withdrawn => row.submitted_at.is_none(),
        _ => false,
    })
}

/// Loads a submission the actor may see: its author always, editors once it was submitted.
/// Anyone else gets 404, so unpublished work never shows it exists. Every route that shows a
/// submission, its revisions, diffs or history, or acts on it, loads it through here.
pub(crate) fn visible_submission(
    conn: &mut AnyConnection,
    actor: Option<&Actor>,
    id: i64,
) -> Result<submissions::SubmissionRow, DomainError> {
    let row = submissions::find_for_update(conn, id)?.ok_or(DomainError::NotFound)?;
    authorize(actor, Action::ViewSubmission { author_id: row.author_id, authors_own: authors_own(&row)? })?;
    Ok(row)
}

/// What a transition sets besides the status.
#[derive(Default)]
pub(crate) struct Effects<'a> {
    /// `Some(editor)` sets or (with `None` inside) clears the assigned editor.
    pub editor: Option<Option<i64>>,
    pub submitted_at: Option<NaiveDateTime>,
    pub publish_at: Option<Option<NaiveDateTime>>,
    /// A note for the audit trail: (visibility, text).
    pub comment: Option<(&'a str, &'a str)>,
}

/// Moves a submission through the state machine: checks that `transition` is legal from the
/// status `row` was read in, applies it only if the row is still in that status (and, for an
/// approved piece, still has the publication time it was read with), and records it in the
/// audit trail. Every status change goes through here.
pub(crate) fn apply(
    conn: &mut AnyConnection,
    row: &submissions::SubmissionRow,
    actor: Option<i64>,
    transition: Transition,
    effects: Effects<'_>,
) -> Result<Status, DomainError> {
    let from = status_of(row)?;
    let to = from.after(transition)?;
    let change = submissions::StatusChange {
        expected: from.as_str(),
        expected_publish_at: (from == Status::Approved).then_some(row.publish_at),
        next: to.as_str(),
        editor: effects.editor,
        submitted_at: effects.submitted_at,
        publish_at: effects.publish_at,
    };
    if !submissions::change_status(conn, row.id, &change, storage::now())? {
        return Err(DomainError::conflict(
            "invalid_transition",
            Message::of("conflict-the-submission-changed-meanwhile-reload-it"),
        ));
    }
    record(conn, row.id, actor, transition.as_str(), Some((from, to)), effects.comment)?;
    Ok(to)
}

pub(crate) fn record(
    conn: &mut AnyConnection,
    submission_id: i64,
    actor: Option<i64>,
    action: &str,
    change: Option<(Status, Status)>,
    comment: Option<(&str, &str)>,
) -> Result<(), DomainError> {
    submissions::insert_event(
        conn,
        &submissions::NewEvent {
            submission_id,
            actor_id: actor,
            action,
            from_status: change.map(|(from, _)| from.as_str()),
            to_status: change.map(|(_, to)| to.as_str()),
            visibility: comment.map(|(visibility, _)| visibility),
            note: comment.map(|(_, note)| note),
        },
        storage::now(),
    )?;
    Ok(())
}

/// Queues a notice to the author of a submission: `say` says it in the author's language.
pub(crate) fn notify_author(
    conn: &mut AnyConnection,
    row: &submissions::SubmissionRow,
    key: String,
    say: impl FnOnce(Lang) -> messages::Said,
) -> Result<(), DomainError> {
    let message = author_notice(conn, row, key, say)?;
    email::enqueue_about(conn, &message, row.id)?;
    Ok(())
}

/// The notice [`notify_author`] queues, for a caller that adds to it first.
pub(crate) fn author_notice(
    conn: &mut AnyConnection,
    row: &submissions::SubmissionRow,
    key: String,
    say: impl FnOnce(Lang) -> messages::Said,
) -> Result<email::OutgoingEmail, DomainError> {
    let author = users::find(conn, row.author_id)?.ok_or(DomainError::NotFound)?;
    let lang = email::language::of_member(conn, author.id)?;
    let said = say(lang);
    let message = messages::notice(messages::Notice {
        key,
        lang,
        to: &author.email,
        greeting: messages::Greeting::Name(&author.display_name),
        subject: said.subject,
        paragraphs: said.paragraphs,
        link: said.link,
        purpose: email::Purpose::Personal,
    })
    .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
    Ok(message)
}

/// A line in "my submissions".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubmissionSummary {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub revisions: i32,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub submitted_at: Option<NaiveDateTime>,
    /// When an approved piece will be published (null otherwise).
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub scheduled_for: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub updated_at: NaiveDateTime,
}

#[derive(Clone)]
pub struct Submissions {
    db: Database,
    public_url: url::Url,
    rules: std::sync::Arc<DiscussionRules>,
    /// Pages of "my submissions", by author and cursor: what changes them (the author's edits,
    /// the editors' decisions, the scheduler's publications) goes through this process's
    /// [`Database::write`] or bumps its version, so it shows at once.
    mine: ReadCache<Page<SubmissionSummary>>,
}

/// Both results, or every field problem of either.
fn both<A, B>(a: Result<A, DomainError>, b: Result<B, DomainError>) -> Result<(A, B), DomainError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(DomainError::Invalid(mut first)), Err(DomainError::Invalid(second))) => {
            for (field, problems) in second.0 {
                for problem in problems {
                    first.add(&field, problem);
                }
            }
            Err(DomainError::Invalid(first))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

impl Submissions {
    pub fn new(db: Database, public_url: url::Url, rules: DiscussionRules, cache: CacheSettings) -> Submissions {
        Submissions {
            mine: ReadCache::new(db.clone(), cache.per_person()),
            db,
            public_url,
            rules: std::sync::Arc::new(rules),
        }
    }

    pub fn rules(&self) -> &DiscussionRules {
        &self.rules
    }

    /// Starts a draft. Drafts may be written at any time; submitting needs the open window.
    ///
    /// `idempotency_key` (the submit form's hidden key, or an API client's `Idempotency-Key`)
    /// makes a repeated post return the draft the first one made instead of a second draft.
    pub async fn create(
        &self,
        actor: Option<&Actor>,
        input: EssayInput,
        idempotency_key: Option<&str>,
    ) -> Result<SubmissionView, DomainError> {
        authorize(actor, Action::WriteDraft)?;
        let author_id = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let key = match idempotency_key.map(str::trim).filter(|key| !key.is_empty()) {
            Some(key) if key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) => {
                return Err(DomainError::invalid(
                    "idempotency_key",
                    Message::of("invalid-must-at-most-100-visible-ascii"),
                ));
            }
            key => key.map(str::to_string),
        };
        let rules = self.rules.clone();
        let rendered = Essay::render_body(&input);
        self.db
            .write(move |conn| {
                let made_before = |conn: &mut AnyConnection| match &key {
                    Some(key) => submissions::find_by_form_key(conn, author_id, key),
                    None => Ok(None),
                };
                if let Some(id) = made_before(conn)? {
                    let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                    return submission_view(conn, row);
                }
                let slug = input.convention.clone().unwrap_or_default();
                let convention = conventions::find_by_slug(conn, slug.trim())?
                    .ok_or_else(|| DomainError::invalid("convention", Message::of("invalid-choose-convention")))?;
                let essay = Essay::parse(&input, rendered, None, convention.word_limit, &rules);
                let language = essay.as_ref().map(|e| e.language.clone()).unwrap_or_default();
                let (essay, placement) = both(essay, placement(conn, convention.id, &input, None, &language))?;
                let insert = |conn: &mut AnyConnection| {
                    submissions::insert(
                        conn,
                        (convention.id, author_id, key.as_deref()),
                        &placement,
                        &essay.revision(),
                        storage::now(),
                    )
                };
                // With a key, in a savepoint: a concurrent post with the same key that committed
                // first makes this insert fail on the unique index, and then its draft is the
                // answer. Without one nothing can collide (and a savepoint costs two round trips).
                let inserted = match key {
                    Some(_) => storage::write_transaction(conn, insert),
                    None => insert(conn),
                };
                let id = match inserted {
                    Ok(id) => {
                        record(conn, id, Some(author_id), "create", None, None)?;
                        id
                    }
                    Err(e) if e.is_unique_violation() => made_before(conn)?.ok_or(DomainError::Storage(e))?,
                    Err(e) => return Err(e.into()),
                };
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }

    /// Saves a new numbered revision; only drafts and pieces sent back for changes can change.
    pub async fn revise(
        &self,
        actor: Option<&Actor>,
        id: i64,
        input: EssayInput,
    ) -> Result<SubmissionView, DomainError> {
        let actor = actor.cloned();
        let rules = self.rules.clone();
        let rendered = Essay::render_body(&input);
        self.db
            .write(move |conn| {
                let row = visible_submission(conn, actor.as_ref(), id)?;
                authorize(actor.as_ref(), Action::EditSubmission { author_id: row.author_id })?;
                let status = status_of(&row)?;
                if !status.is_editable() {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-cannot-be-edited")
                            .arg("status", status.label())
                            .arg("code", status.as_str()),
                    ));
                }
                let convention = conventions::find(conn, row.convention_id)?.ok_or(DomainError::NotFound)?;
                let current = submissions::revision(conn, id, row.current_revision)?.ok_or(DomainError::NotFound)?;
                let essay =
                    Essay::parse(&input, rendered, Some((&current, &row.language)), convention.word_limit, &rules);
                let language = essay.as_ref().map(|e| e.language.clone()).unwrap_or_default();
                let (essay, placement) = both(essay, placement(conn, convention.id, &input, Some(&row), &language))?;
                if essay.is_revision(&current) && placement.is_of(&row) {
                    // Sent back as it was read: nothing to save, no new revision.
                    return submission_view(conn, row);
                }
                let number = row.current_revision + 1;
                submissions::insert_revision(conn, id, number, &essay.revision(), storage::now())?;
                submissions::set_placement(conn, id, &placement)?;
                record(conn, id, Some(row.author_id), "revise", None, None)?;
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }

    /// Sends a draft (or a revised piece) to the review queue, inside the discussion window and
    /// within the word limit; the author gets a receipt and the editors a notice.
    pub async fn submit(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        let actor = actor.cloned();
        let public_url = self.public_url.clone();
        let default_priority = self.rules.default_priority;
        self.db
            .write(move |conn| {
                let row = visible_submission(conn, actor.as_ref(), id)?;
                authorize(actor.as_ref(), Action::EditSubmission { author_id: row.author_id })?;
                authorize(actor.as_ref(), Action::SendToEditors)?;
                // Refuse an illegal transition before looking at the window or the word count.
                status_of(&row)?.after(Transition::Submit)?;
                let convention = conventions::find(conn, row.convention_id)?.ok_or(DomainError::NotFound)?;
                let now = storage::now();
                if now < convention.discussion_opens_at || now >= convention.discussion_closes_at {
                    return Err(DomainError::conflict(
                        "discussion_closed",
                        Message::of("conflict-discussion-closed").arg("convention", &convention.title),
                    ));
                }
                if now >= discussion::submission_deadline(&convention) {
                    return Err(DomainError::conflict(
                        "submission_deadline_passed",
                        Message::of("conflict-deadline-passed").arg("convention", &convention.title),
                    ));
                }
                let current = submissions::revision(conn, id, row.current_revision)?.ok_or(DomainError::NotFound)?;
                if current.word_count > convention.word_limit {
                    return Err(DomainError::invalid(
                        "body",
                        Message::of("invalid-too-many-words")
                            .arg("words", current.word_count)
                            .arg("limit", convention.word_limit),
                    ));
                }
                apply(
                    conn,
                    &row,
                    Some(row.author_id),
                    Transition::Submit,
                    Effects {
                        editor: Some(None),
                        submitted_at: Some(row.submitted_at.unwrap_or(now)),
                        ..Effects::default()
                    },
                )?;
                let rule = discussion::QueuePriority::current(conn, default_priority)?;
                let kind = AuthorKind::parse(&current.author_kind).map_err(|m| DomainError::Internal(m.to_string()))?;
                submissions::set_priority(conn, id, rule.of(kind))?;
                let mine = messages::link(&public_url, &format!("/submissions/{id}"), &[]);
                notify_author(conn, &row, format!("submitted-{id}-{}", row.current_revision), |lang| messages::Said {
                    subject: lang.t1("mail-received-subject", "title", &row.title),
                    paragraphs: vec![
                        lang.t_with(
                            "mail-received",
                            &[
                                ("title", row.title.as_str().into()),
                                ("revision", row.current_revision.into()),
                                ("convention", convention.title.as_str().into()),
                            ],
                        ),
                        lang.t("mail-received-next"),
                    ],
                    link: Some((lang.t("mail-follow-your-submission"), mine)),
                })?;
                let review = messages::link(&public_url, &format!("/review/{id}"), &[]);
                for (address, name) in submissions::editor_addresses(conn)? {
                    let lang = email::language::of_address(conn, &address)?;
                    let message = messages::notice(messages::Notice {
                        key: format!("queue-{id}-{}-{address}", row.current_revision),
                        lang,
                        to: &address,
                        greeting: messages::Greeting::Name(&name),
                        subject: lang.t1("mail-new-in-queue-subject", "title", &row.title),
                        paragraphs: vec![lang.t2(
                            "mail-new-in-queue",
                            "title",
                            &row.title,
                            "convention",
                            &convention.title,
                        )],
                        link: Some((lang.t("mail-open-in-queue"), review.clone())),
                        // The same news to every editor.
                        purpose: email::Purpose::Bulk,
                    })
                    .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                    email::enqueue_about(conn, &message, id)?;
                }
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }

    pub async fn withdraw(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        let actor = actor.cloned();
        self.db
            .write(move |conn| {
                let row = visible_submission(conn, actor.as_ref(), id)?;
                authorize(actor.as_ref(), Action::EditSubmission { author_id: row.author_id })?;
                apply(
                    conn,
                    &row,
                    Some(row.author_id),
                    Transition::Withdraw,
                    Effects { editor: Some(None), ..Effects::default() },
                )?;
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }

    pub async fn get(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                let row = visible_submission(conn, actor.as_ref(), id)?;
                submission_view(conn, row)
            })
            .await
    }

    pub async fn revisions(&self, actor: Option<&Actor>, id: i64) -> Result<Vec<RevisionView>, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                visible_submission(conn, actor.as_ref(), id)?;
                Ok(submissions::revisions(conn, id)?.into_iter().map(RevisionView::from).collect())
            })
            .await
    }

    pub async fn revision(&self, actor: Option<&Actor>, id: i64, number: i32) -> Result<RevisionView, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                visible_submission(conn, actor.as_ref(), id)?;
                Ok(submissions::revision(conn, id, number)?.ok_or(DomainError::NotFound)?.into())
            })
            .await
    }

    /// The author's submissions, most recently changed first, a page at a time (a prolific author's
    /// list must not be read whole on every visit).
    pub async fn mine(
        &self,
        actor: Option<&Actor>,
        cursor: Option<&str>,
    ) -> Result<Page<SubmissionSummary>, DomainError> {
        let author_id = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let before = super::decode_cursor(cursor)?;
        // The cursor as decoded: a malformed one was refused above.
        let key = format!("{author_id}|{before:?}");
        let page = self
            .mine
            .get_or_load(&key, move |conn| {
                let items = submissions::by_author(conn, author_id, before, MINE_PER_PAGE + 1)?
                    .into_iter()
                    .map(|row| {
                        let status = status_of(&row)?;
                        Ok(SubmissionSummary {
                            scheduled_for: scheduled_for(status, row.publish_at),
                            status,
                            id: row.id,
                            title: row.title,
                            revisions: row.current_revision,
                            submitted_at: row.submitted_at,
                            updated_at: row.updated_at,
                        })
                    })
                    .collect::<Result<Vec<_>, DomainError>>()?;
                Ok(Page::from_overfetch(items, MINE_PER_PAGE, |s| super::encode_cursor(s.updated_at, s.id)))
            })
            .await?;
        Ok(Page::clone(&page))
    }
}

/// How many of an author's submissions a page of "my submissions" lists.
const MINE_PER_PAGE: i64 = 50;

/// Parses an optional "publish at" instant from a form or the API.
pub fn parse_publish_at(text: Option<&str>) -> Result<Option<NaiveDateTime>, DomainError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => parse_instant(text).map(Some).map_err(|message| DomainError::invalid("publish_at", message)),
    }
}

#[cfg(test)]
mod tests {
    use super::reply_slug;

    #[test]
    fn a_reply_names_its_piece_by_slug_or_by_a_pasted_address() {
        for pasted in [
            "the-slug",
            "  the-slug  ",
            "http://tribune.test/articles/the-slug",
            "https://tribune.test/articles/the-slug/",
            "https://tribune.test/articles/the-slug?utm_source=mail#comments",
            "https://tribune.test/base/articles/the-slug#reply",
            "/articles/the-slug",
            "articles/the-slug/",
            "tribune.test/articles/the-slug",
        ] {
            assert_eq!(reply_slug(pasted).as_deref(), Some("the-slug"), "{pasted:?}");
        }
        for nothing in ["", "   ", "https://tribune.test/articles/", "?x=1"] {
            assert_eq!(reply_slug(nothing), None, "{nothing:?}");
        }
    }
}
