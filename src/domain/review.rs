//! Review: editors work the queue, claim a submission (exactly one of two racing editors wins),
//! comment, request changes, approve (now or at a time), reject, and unpublish; publication turns
//! an approved submission into an article with the exact revision and disclaimer version of that
//! moment. [`ReviewQueue`] is the service the editors' routes call; [`publish_due`] is the
//! scheduler's pass.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::email::messages;
use crate::storage::{self, AnyConnection, Database, articles, conventions, slugs, submissions, topics};

use super::discussion::{AuthorKind, DiscussionRules, QueuePriority};

use super::lifecycle::{Status, Transition};
use super::policy::{Action, Actor, authorize};
use super::submission::{
    Effects, EventView, RevisionView, SubmissionView, apply, notify_author, record, split_tags, status_of,
    submission_view, visible_submission,
};
use super::{DomainError, Page, decode_cursor, encode_cursor};

/// When an approved piece is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    Now,
    /// By the scheduler at this instant (now, if it has passed).
    At(NaiveDateTime),
    /// Not on its own: an editor will combine it with other short pieces into a digest.
    HoldForDigest,
}

impl Publication {
    /// From a form or the API: an optional instant and the "hold for a digest" choice.
    pub fn parse(publish_at: Option<&str>, hold_for_digest: bool) -> Result<Publication, DomainError> {
        if hold_for_digest {
            return Ok(Publication::HoldForDigest);
        }
        Ok(match super::submission::parse_publish_at(publish_at)? {
            Some(at) => Publication::At(at),
            None => Publication::Now,
        })
    }
}

/// A line of the review queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    pub id: i64,
    /// From the queue's priority rule: higher comes first.
    pub priority: i32,
    pub title: String,
    pub status: Status,
    pub author_name: String,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub submitted_at: Option<NaiveDateTime>,
    pub assigned_editor_id: Option<i64>,
    pub revisions: i32,
}

/// The queue's cursor: `<priority>_<microseconds>_<id>`.
fn decode_queue_cursor(cursor: Option<&str>) -> Result<Option<(i32, NaiveDateTime, i64)>, DomainError> {
    let Some(text) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let (priority, rest) =
        text.split_once('_').ok_or_else(|| DomainError::invalid("cursor", "is not a cursor this list gave out"))?;
    let priority: i32 =
        priority.parse().map_err(|_| DomainError::invalid("cursor", "is not a cursor this list gave out"))?;
    Ok(decode_cursor(Some(rest))?.map(|(at, id)| (priority, at, id)))
}

/// What an editor sees of one submission.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewDetail {
    pub submission: SubmissionView,
    pub revisions: Vec<RevisionView>,
    pub events: Vec<EventView>,
}

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

/// Who acts, on which row: the checks every editorial action shares.
struct Acting {
    actor: Actor,
    row: submissions::SubmissionRow,
    status: Status,
}

impl Acting {
    fn load(conn: &mut AnyConnection, actor: Option<&Actor>, id: i64) -> Result<Acting, DomainError> {
        let row = visible_submission(conn, actor, id)?;
        let actor = actor.cloned().ok_or(DomainError::Unauthenticated)?;
        authorize(Some(&actor), Action::Review { author_id: row.author_id })?;
        let status = status_of(&row)?;
        Ok(Acting { actor, row, status })
    }

    /// Decisions belong to the editor who claimed the piece.
    fn require_claim(&self) -> Result<(), DomainError> {
        match self.row.assigned_editor_id {
            Some(editor) if editor != self.actor.user_id && self.status == Status::InReview => {
                Err(DomainError::conflict("claimed_by_another_editor", "Another editor has claimed this submission."))
            }
            _ => Ok(()),
        }
    }

    /// Applies `transition` as this editor (see [`apply`]).
    fn transition(
        &self,
        conn: &mut AnyConnection,
        transition: Transition,
        effects: Effects<'_>,
    ) -> Result<Status, DomainError> {
        apply(conn, &self.row, Some(self.actor.user_id), transition, effects)
    }
}

fn required_text(field: &str, text: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    if text.chars().count() > 10_000 {
        return Err(DomainError::invalid(field, "must be at most 10000 characters"));
    }
    Ok(text.to_string())
}

#[derive(Clone)]
pub struct ReviewQueue {
    db: Database,
    public_url: url::Url,
    digest_max_words: i32,
    default_priority: QueuePriority,
}

impl ReviewQueue {
    pub fn new(db: Database, public_url: url::Url, rules: &DiscussionRules) -> ReviewQueue {
        ReviewQueue {
            db,
            public_url,
            digest_max_words: rules.digest_max_words,
            default_priority: rules.default_priority,
        }
    }

    /// The queue's priority rule in force.
    pub async fn priority_rule(&self, actor: Option<&Actor>) -> Result<QueuePriority, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let default = self.default_priority;
        self.db.read(move |conn| QueuePriority::current(conn, default)).await
    }

    /// Changes the queue's priority rule and re-ranks everything waiting in the queue.
    pub async fn set_priority_rule(
        &self,
        actor: Option<&Actor>,
        rule: QueuePriority,
    ) -> Result<QueuePriority, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        for value in [rule.member, rule.body, rule.non_member] {
            if !(-100..=100).contains(&value) {
                return Err(DomainError::invalid("priority", "each priority is between -100 and 100"));
            }
        }
        self.db
            .write(move |conn| {
                topics::set_setting(conn, QueuePriority::SETTING, &rule.encode(), storage::now())?;
                for (id, kind) in submissions::queued_author_kinds(conn)? {
                    let kind = AuthorKind::parse(&kind).map_err(DomainError::Internal)?;
                    submissions::set_priority(conn, id, rule.of(kind))?;
                }
                Ok(rule)
            })
            .await
    }

    /// Oldest submitted first, keyset paged; `status` defaults to `submitted`.
    pub async fn queue(
        &self,
        actor: Option<&Actor>,
        convention: Option<&str>,
        status: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Page<QueueItem>, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let status: Status = match status.map(str::trim).filter(|s| !s.is_empty()) {
            None => Status::Submitted,
            Some(text) => text.parse().map_err(|m| DomainError::invalid("status", m))?,
        };
        if status == Status::Draft {
            return Err(DomainError::invalid("status", "drafts are their authors' own"));
        }
        let after = decode_queue_cursor(cursor)?;
        let convention = convention.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        self.db
            .read(move |conn| {
                const PAGE: i64 = 25;
                let convention_id = match convention {
                    Some(slug) => Some(
                        conventions::id_by_slug(conn, &slug)?
                            .ok_or_else(|| DomainError::invalid("convention", "no such convention"))?,
                    ),
                    None => None,
                };
                let rows = submissions::queue(conn, convention_id, status.as_str(), after, PAGE + 1)?;
                let items = rows
                    .into_iter()
                    .map(|(row, author_name)| {
                        Ok(QueueItem {
                            priority: row.priority,
                            status: status_of(&row)?,
                            id: row.id,
                            title: row.title,
                            author_name,
                            submitted_at: row.submitted_at,
                            assigned_editor_id: row.assigned_editor_id,
                            revisions: row.current_revision,
                        })
                    })
                    .collect::<Result<Vec<_>, DomainError>>()?;
                Ok(Page::from_overfetch(items, PAGE, |item| {
                    format!("{}_{}", item.priority, encode_cursor(item.submitted_at.unwrap_or_default(), item.id))
                }))
            })
            .await
    }

    pub async fn detail(&self, actor: Option<&Actor>, id: i64) -> Result<ReviewDetail, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                let revisions = submissions::revisions(conn, id)?.into_iter().map(RevisionView::from).collect();
                let events = submissions::events(conn, id, false)?.into_iter().map(EventView::from).collect();
                Ok(ReviewDetail { submission: submission_view(conn, acting.row)?, revisions, events })
            })
            .await
    }

    pub async fn events(&self, actor: Option<&Actor>, id: i64) -> Result<Vec<EventView>, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                Acting::load(conn, actor.as_ref(), id)?;
                Ok(submissions::events(conn, id, false)?.into_iter().map(EventView::from).collect())
            })
            .await
    }

    /// Takes the submission for review. Of two editors claiming at once exactly one wins; the
    /// other gets 409 `already_claimed`.
    pub async fn claim(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, |conn, acting, _| {
            if acting.status == Status::InReview {
                return Err(DomainError::conflict(
                    "already_claimed",
                    "Another editor has already claimed this submission.",
                ));
            }
            acting
                .transition(
                    conn,
                    Transition::Claim,
                    Effects { editor: Some(Some(acting.actor.user_id)), ..Effects::default() },
                )
                .map_err(|e| {
                    match e {
                        // Lost the race between reading and claiming.
                        DomainError::Conflict { code: "invalid_transition", .. }
                            if acting.status == Status::Submitted =>
                        {
                            DomainError::conflict(
                                "already_claimed",
                                "Another editor has already claimed this submission.",
                            )
                        }
                        other => other,
                    }
                })?;
            Ok(())
        })
        .await
    }

    /// Puts a claimed submission back in the queue.
    pub async fn release(&self, actor: Option<&Actor>, id: i64) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, |conn, acting, _| {
            acting.require_claim()?;
            acting.transition(conn, Transition::Release, Effects { editor: Some(None), ..Effects::default() })?;
            Ok(())
        })
        .await
    }

    /// A comment for the editors (`internal`) or for the author (`author`, also emailed).
    pub async fn comment(
        &self,
        actor: Option<&Actor>,
        id: i64,
        body: &str,
        visibility: &str,
    ) -> Result<SubmissionView, DomainError> {
        // Checked inside the action, after visibility and permission: a caller who may not see the
        // submission learns nothing from a validation error.
        let (body, visibility) = (body.to_string(), visibility.trim().to_string());
        self.act(actor, id, move |conn, acting, public_url| {
            let body = required_text("body", &body)?;
            let visibility = match visibility.as_str() {
                "internal" | "" => "internal",
                "author" => "author",
                _ => return Err(DomainError::invalid("visibility", "must be internal or author")),
            };
            record(conn, id, Some(acting.actor.user_id), "comment", None, Some((visibility, &body)))?;
            if visibility == "author" {
                notify_author(
                    conn,
                    &acting.row,
                    format!("comment-{id}-{}", rand::random::<u64>()),
                    format!("A note from the editors on \"{}\"", acting.row.title),
                    vec![format!("The discussion editors wrote about \"{}\":", acting.row.title), body.clone()],
                    Some(("See your submission", messages::link(public_url, &format!("/submissions/{id}"), &[]))),
                )?;
            }
            Ok(())
        })
        .await
    }

    /// Sends the submission back to its author with what to change.
    pub async fn request_changes(
        &self,
        actor: Option<&Actor>,
        id: i64,
        message: &str,
    ) -> Result<SubmissionView, DomainError> {
        let message = message.to_string();
        self.act(actor, id, move |conn, acting, public_url| {
            let message = required_text("message", &message)?;
            acting.require_claim()?;
            let effects = Effects { editor: Some(None), comment: Some(("author", &message)), ..Effects::default() };
            acting.transition(conn, Transition::RequestChanges, effects)?;
            notify_author(
                conn,
                &acting.row,
                format!("changes-{id}-{}", acting.row.current_revision),
                format!("Changes requested: {}", acting.row.title),
                vec![
                    format!("The editors ask for changes to \"{}\" before it can be published:", acting.row.title),
                    message.clone(),
                    "Edit it and submit it again; it goes back to the review queue.".into(),
                ],
                Some(("Edit your submission", messages::link(public_url, &format!("/submissions/{id}"), &[]))),
            )
        })
        .await
    }

    /// Approves the submission: published now, by the scheduler at a time, or held to be
    /// combined with other short pieces into a digest.
    pub async fn approve(
        &self,
        actor: Option<&Actor>,
        id: i64,
        when: Publication,
    ) -> Result<SubmissionView, DomainError> {
        let digest_max_words = self.digest_max_words;
        self.act(actor, id, move |conn, acting, public_url| {
            acting.require_claim()?;
            if conventions::latest_disclaimer(conn, acting.row.convention_id)?.is_none() {
                return Err(DomainError::conflict(
                    "no_disclaimer",
                    "This convention has no disclaimer yet; an admin must add one before anything is published.",
                ));
            }
            let now = storage::now();
            let publish_at = match when {
                Publication::Now => Some(now),
                Publication::At(at) => Some(at.max(now)),
                Publication::HoldForDigest => {
                    let revision =
                        submissions::revision(conn, id, acting.row.current_revision)?.ok_or(DomainError::NotFound)?;
                    if revision.word_count >= digest_max_words {
                        return Err(DomainError::invalid(
                            "hold_for_digest",
                            format!("only pieces under {digest_max_words} words go into a digest"),
                        ));
                    }
                    None
                }
            };
            acting.transition(
                conn,
                Transition::Approve,
                Effects { publish_at: Some(publish_at), ..Effects::default() },
            )?;
            if publish_at.is_some_and(|at| at <= now) {
                publish(conn, id, Some(acting.actor.user_id), public_url)?;
            }
            Ok(())
        })
        .await
    }

    /// Combines approved short pieces held for a digest into one published article, each author
    /// credited with their own byline and told where it is. Returns the digest's slug.
    pub async fn publish_digest(
        &self,
        actor: Option<&Actor>,
        title: &str,
        parts: Vec<i64>,
    ) -> Result<String, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let title = super::parse_line(title, 5, 200).map_err(|m| DomainError::invalid("title", m))?;
        let mut unique = parts.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() < 2 || unique.len() != parts.len() {
            return Err(DomainError::invalid("submissions", "choose at least two different pieces"));
        }
        let actor = actor.cloned();
        let public_url = self.public_url.clone();
        let digest_max_words = self.digest_max_words;
        self.db
            .write_published(move |conn| {
                let mut loaded = Vec::new();
                for id in &parts {
                    let acting = Acting::load(conn, actor.as_ref(), *id)?;
                    let revision =
                        submissions::revision(conn, *id, acting.row.current_revision)?.ok_or(DomainError::NotFound)?;
                    if acting.status != Status::Approved || acting.row.publish_at.is_some() {
                        return Err(DomainError::conflict(
                            "invalid_transition",
                            format!("\"{}\" is not an approved piece held for a digest.", acting.row.title),
                        ));
                    }
                    if revision.word_count >= digest_max_words {
                        return Err(DomainError::invalid("submissions", format!("\"{}\" is too long for a digest", revision.title)));
                    }
                    loaded.push((acting, revision));
                }
                let convention_id = loaded[0].0.row.convention_id;
                if loaded.iter().any(|(acting, _)| acting.row.convention_id != convention_id) {
                    return Err(DomainError::invalid("submissions", "all pieces must belong to one convention"));
                }
                let disclaimer = conventions::latest_disclaimer(conn, convention_id)?
                    .ok_or_else(|| DomainError::conflict("no_disclaimer", "This convention has no disclaimer yet."))?;
                let topic_id = loaded[0].0.row.topic_id.filter(|t| loaded.iter().all(|(a, _)| a.row.topic_id == Some(*t)));
                let mut tags: Vec<String> = loaded.iter().flat_map(|(_, r)| split_tags(&r.tags)).collect();
                tags.sort();
                tags.dedup();
                tags.truncate(super::submission::MAX_TAGS);
                let body_html: String = loaded.iter().map(|(_, r)| r.body_html.as_str()).collect();
                let body_text: String = loaded
                    .iter()
                    .map(|(_, r)| format!("{} {}", r.title, r.body_text))
                    .collect::<Vec<_>>()
                    .join(" ");
                let now = storage::now();
                let (article_id, slug) = insert_article(
                    conn,
                    &articles::NewArticle {
                        submission_id: None,
                        convention_id,
                        revision_id: loaded[0].1.id,
                        disclaimer_id: disclaimer.id,
                        slug: "",
                        title: &title,
                        byline_name: "Several contributors",
                        byline_location: "",
                        body_html: &body_html,
                        body_text: &body_text,
                        published_at: now,
                        topic_id,
                        reply_to_article_id: None,
                        language: &loaded[0].0.row.language,
                        byline_state: None,
                        byline_club: None,
                        byline_district: None,
                        author_kind: "member",
                        video_url: None,
                    },
                    &tags,
                    loaded[0].0.row.id,
                )?;
                let link = messages::link(&public_url, &format!("/articles/{slug}"), &[]);
                for (position, (acting, revision)) in loaded.iter().enumerate() {
                    acting.transition(conn, Transition::Publish, Effects::default())?;
                    articles::insert_part(conn, article_id, acting.row.id, revision.id, i32::try_from(position).unwrap_or(0))?;
                    notify_author(
                        conn,
                        &acting.row,
                        format!("published-{}", acting.row.id),
                        format!("Published: {}", revision.title),
                        vec![format!(
                            "\"{}\" is published in the convention discussion, together with other short contributions in \"{title}\", with your own byline.",
                            revision.title
                        )],
                        Some(("Read it", link.clone())),
                    )?;
                }
                Ok(slug)
            })
            .await
    }

    /// Rejects the submission; the reason goes to the author.
    pub async fn reject(&self, actor: Option<&Actor>, id: i64, reason: &str) -> Result<SubmissionView, DomainError> {
        let reason = reason.to_string();
        self.act(actor, id, move |conn, acting, _| {
            let reason = required_text("reason", &reason)?;
            acting.require_claim()?;
            acting.transition(
                conn,
                Transition::Reject,
                Effects { comment: Some(("author", &reason)), ..Effects::default() },
            )?;
            notify_author(
                conn,
                &acting.row,
                format!("rejected-{id}"),
                format!("Not published: {}", acting.row.title),
                vec![
                    format!("The editors have decided not to publish \"{}\".", acting.row.title),
                    format!("Their reason: {reason}"),
                ],
                None,
            )
        })
        .await
    }

    /// Takes a published article down, with a reason kept in the audit trail.
    pub async fn unpublish(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        reason: &str,
    ) -> Result<SubmissionView, DomainError> {
        let (actor, slug, reason) = (actor.cloned(), slug.to_string(), reason.to_string());
        self.db
            .write_published(move |conn| {
                let article = articles::find_published(conn, &slug)?.ok_or(DomainError::NotFound)?;
                // A digest is taken down with all its parts; each part's author is checked too.
                let parts: Vec<i64> = match article.submission_id {
                    Some(id) => vec![id],
                    None => articles::parts_of(conn, article.id)?.into_iter().map(|(id, _)| id).collect(),
                };
                let actings = parts
                    .iter()
                    .map(|part| Acting::load(conn, actor.as_ref(), *part))
                    .collect::<Result<Vec<_>, _>>()?;
                let reason = required_text("reason", &reason)?;
                for acting in &actings {
                    let effects = Effects { comment: Some(("internal", &reason)), ..Effects::default() };
                    acting.transition(conn, Transition::Unpublish, effects)?;
                }
                articles::unpublish(conn, article.id, &reason, storage::now())?;
                let first = parts.first().copied().ok_or(DomainError::NotFound)?;
                let row = submissions::find(conn, first)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }

    /// Runs one editorial action in a write transaction and answers with the submission after it.
    /// Any of them may change what readers see (approving publishes at once), so each counts as
    /// such a change; they happen at the pace of people, so the read caches barely notice.
    async fn act<F>(&self, actor: Option<&Actor>, id: i64, action: F) -> Result<SubmissionView, DomainError>
    where
        F: FnOnce(&mut AnyConnection, &Acting, &url::Url) -> Result<(), DomainError> + Send + 'static,
    {
        let actor = actor.cloned();
        let public_url = self.public_url.clone();
        self.db
            .write_published(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                action(conn, &acting, &public_url)?;
                let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }
}

/// Inserts a new article under a slug made from its title, unique whatever else is published
/// or being published at the same moment; returns its id and slug.
fn insert_article(
    conn: &mut AnyConnection,
    article: &articles::NewArticle<'_>,
    tags: &[String],
    id_for_slug: i64,
) -> Result<(i64, String), DomainError> {
    let base = super::slug_base(article.title, "essay");
    let (slug, id) = slugs::claim(conn, (&base, id_for_slug), articles::slug_exists, |conn, slug| {
        articles::insert(conn, &articles::NewArticle { slug, ..*article }, tags)
    })?;
    Ok((id, slug))
}

/// Publishes an approved submission: the article records the current revision and the newest
/// disclaimer version, and the author is told. Only one caller wins the status change, so two
/// schedulers (two processes) never publish a piece twice.
pub(crate) fn publish(
    conn: &mut AnyConnection,
    id: i64,
    actor: Option<i64>,
    public_url: &url::Url,
) -> Result<bool, DomainError> {
    let row = submissions::find_for_update(conn, id)?.ok_or(DomainError::NotFound)?;
    if status_of(&row)?.after(Transition::Publish).is_err() {
        // Published (or taken back) meanwhile, by another process or an editor.
        return Ok(false);
    }
    let disclaimer = conventions::latest_disclaimer(conn, row.convention_id)?
        .ok_or_else(|| DomainError::conflict("no_disclaimer", "This convention has no disclaimer yet."))?;
    apply(conn, &row, actor, Transition::Publish, Effects::default())?;
    let now = storage::now();
    let revision = submissions::revision(conn, id, row.current_revision)?.ok_or(DomainError::NotFound)?;
    let published_at = row.publish_at.filter(|at| *at <= now).unwrap_or(now);
    let (_, slug) = insert_article(
        conn,
        &articles::NewArticle {
            submission_id: Some(id),
            convention_id: row.convention_id,
            revision_id: revision.id,
            disclaimer_id: disclaimer.id,
            slug: "",
            title: &revision.title,
            byline_name: &revision.byline_name,
            byline_location: &revision.byline_location,
            body_html: &revision.body_html,
            body_text: &revision.body_text,
            published_at,
            topic_id: row.topic_id,
            reply_to_article_id: row.reply_to_article_id,
            language: &row.language,
            byline_state: revision.byline_state.as_deref(),
            byline_club: revision.byline_club.as_deref(),
            byline_district: revision.byline_district.as_deref(),
            author_kind: &revision.author_kind,
            video_url: revision.video_url.as_deref(),
        },
        &split_tags(&revision.tags),
        id,
    )?;
    let link = messages::link(public_url, &format!("/articles/{slug}"), &[]);
    notify_author(
        conn,
        &row,
        format!("published-{id}"),
        format!("Published: {}", revision.title),
        vec![format!("\"{}\" is published in the convention discussion.", revision.title)],
        Some(("Read it", link)),
    )?;
    Ok(true)
}

/// How many due pieces the scheduler loads at a time.
pub const DUE_BATCH: usize = 50;

/// What one scheduler pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DuePass {
    pub published: usize,
    /// Pieces that could not be published; each is logged, and tried again on the next pass.
    pub failed: usize,
}

/// The scheduler's pass: publishes every approved submission whose time has come, each in its
/// own transaction. One piece that fails is logged and skipped; it never holds up the others.
pub fn publish_due(db: &Database, public_url: &url::Url) -> Result<DuePass, DomainError> {
    let mut conn = db.connection()?;
    let now = storage::now();
    let mut pass = DuePass::default();
    let mut after = None;
    loop {
        let due = submissions::due_for_publication(&mut conn, now, after, DUE_BATCH as i64)?;
        let Some(&last) = due.last() else { return Ok(pass) };
        after = Some(last);
        for (_, id) in due {
            match storage::write_transaction(&mut conn, |conn| publish(conn, id, None, public_url)) {
                Ok(true) => {
                    pass.published += 1;
                    db.reader_content_changed();
                }
                Ok(false) => {}
                Err(error) => {
                    pass.failed += 1;
                    tracing::error!(submission = id, %error, "scheduled publication failed; skipped until the next pass");
                }
            }
        }
    }
}
