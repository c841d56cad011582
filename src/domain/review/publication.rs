//! Publication: approving (now, at a time, or held for a digest), turning an approved submission
//! into an article with the exact revision and disclaimer version of that moment, combining held
//! short pieces into a digest, and the scheduler's pass over pieces whose time has come.

use chrono::NaiveDateTime;

use crate::email::messages;
use crate::storage::{self, AnyConnection, Database, articles, conventions, slugs, submissions};

use super::schedule::format_time;
use super::{Acting, ReviewQueue};
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::policy::{Action, Actor, authorize};
use crate::domain::submission::{Effects, SubmissionView, apply, notify_author, split_tags, status_of};
use crate::domain::{DomainError, FieldErrors, parse_line, slug_base};
use crate::i18n::Message;

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
        Ok(match crate::domain::submission::parse_publish_at(publish_at)? {
            Some(at) => Publication::At(at),
            None => Publication::Now,
        })
    }
}

impl ReviewQueue {
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
            if conventions::disclaimer_for(conn, acting.row.convention_id, &acting.row.language)?.is_none() {
                return Err(DomainError::conflict(
                    "no_disclaimer",
                    Message::of("conflict-this-convention-has-no-disclaimer-yet"),
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
                            Message::of("invalid-digest-words").arg("words", digest_max_words),
                        ));
                    }
                    None
                }
            };
            let note = publish_at.filter(|at| *at > now).map(|at| format!("Scheduled for {}", format_time(at)));
            let effects = Effects {
                publish_at: Some(publish_at),
                comment: note.as_deref().map(|note| ("internal", note)),
                ..Effects::default()
            };
            acting.transition(conn, Transition::Approve, effects)?;
            if publish_at.is_some_and(|at| at <= now) {
                publish(conn, id, Publisher::Editor(acting.actor.user_id), public_url)?;
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
        let mut errors = FieldErrors::default();
        let title = errors.check("title", parse_line(title, 5, 200));
        let mut unique = parts.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() < 2 || unique.len() != parts.len() {
            errors.add("submissions", Message::of("invalid-choose-at-least-two-different-pieces"));
        }
        let title = match title {
            Some(title) if errors.is_empty() => title,
            _ => return Err(DomainError::Invalid(errors)),
        };
        let actor = actor.cloned();
        let public_url = self.public_url.clone();
        let digest_max_words = self.digest_max_words;
        self.db
            .write(move |conn| {
                let mut loaded = Vec::new();
                for id in &parts {
                    let acting = Acting::load(conn, actor.as_ref(), *id)?;
                    let revision =
                        submissions::revision(conn, *id, acting.row.current_revision)?.ok_or(DomainError::NotFound)?;
                    if acting.status != Status::Approved || acting.row.publish_at.is_some() {
                        return Err(DomainError::conflict(
                            "invalid_transition",
                            Message::of("conflict-not-held-for-digest").arg("title", &acting.row.title),
                        ));
                    }
                    if revision.word_count >= digest_max_words {
                        return Err(DomainError::invalid(
                            "submissions",
                            Message::of("invalid-too-long-for-digest").arg("title", &revision.title),
                        ));
                    }
                    loaded.push((acting, revision));
                }
                let convention_id = loaded[0].0.row.convention_id;
                if loaded.iter().any(|(acting, _)| acting.row.convention_id != convention_id) {
                    return Err(DomainError::invalid(
                        "submissions",
                        Message::of("invalid-all-pieces-must-belong-one-convention"),
                    ));
                }
                // One article speaks one language: its page, its disclaimer and its search stems.
                let language = &loaded[0].0.row.language;
                if loaded.iter().any(|(acting, _)| &acting.row.language != language) {
                    return Err(DomainError::invalid("submissions", Message::of("invalid-digest-one-language")));
                }
                let disclaimer = conventions::disclaimer_for(conn, convention_id, &loaded[0].0.row.language)?
                    .ok_or_else(|| {
                        DomainError::conflict(
                            "no_disclaimer",
                            Message::of("conflict-this-convention-has-no-disclaimer-yet-2"),
                        )
                    })?;
                let topic_id =
                    loaded[0].0.row.topic_id.filter(|t| loaded.iter().all(|(a, _)| a.row.topic_id == Some(*t)));
                let mut tags: Vec<String> = loaded.iter().flat_map(|(_, r)| split_tags(&r.tags)).collect();
                tags.sort();
                tags.dedup();
                tags.truncate(crate::domain::submission::MAX_TAGS);
                let body_html: String = loaded.iter().map(|(_, r)| r.body_html.as_str()).collect();
                let body_text: String =
                    loaded.iter().map(|(_, r)| format!("{} {}", r.title, r.body_text)).collect::<Vec<_>>().join(" ");
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
                    articles::insert_part(
                        conn,
                        article_id,
                        acting.row.id,
                        revision.id,
                        i32::try_from(position).unwrap_or(0),
                    )?;
                    notify_author(conn, &acting.row, format!("published-{}", acting.row.id), |lang| messages::Said {
                        subject: lang.t1("mail-published-subject", "title", &revision.title),
                        paragraphs: vec![lang.t2(
                            "mail-published-in-digest",
                            "title",
                            &revision.title,
                            "digest",
                            &title,
                        )],
                        link: Some((lang.t("mail-read-it"), link.clone())),
                    })?;
                }
                Ok(slug)
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
    let base = slug_base(article.title, "essay");
    let (slug, id) = slugs::claim(conn, (&base, id_for_slug), articles::slug_exists, |conn, slug| {
        articles::insert(conn, &articles::NewArticle { slug, ..*article }, tags)
    })?;
    Ok((id, slug))
}

/// Who publishes: an editor approving it now, or the scheduler because its time has come.
#[derive(Debug, Clone, Copy)]
enum Publisher {
    Editor(i64),
    /// Only a piece still due at this instant.
    Scheduler {
        now: NaiveDateTime,
    },
}

/// Publishes an approved submission: the article records the current revision and the newest
/// disclaimer version in the piece's language (else in the default language), and the author is
/// told. Only one caller wins the status change, so two
/// schedulers (two processes) never publish a piece twice; the scheduler publishes a piece only
/// if it is still due once locked, so an editor who moved or cancelled its time meanwhile wins.
fn publish(conn: &mut AnyConnection, id: i64, by: Publisher, public_url: &url::Url) -> Result<bool, DomainError> {
    let row = submissions::find_for_update(conn, id)?.ok_or(DomainError::NotFound)?;
    if status_of(&row)?.after(Transition::Publish).is_err() {
        // Published (or taken back) meanwhile, by another process or an editor.
        return Ok(false);
    }
    let actor = match by {
        Publisher::Editor(editor) => Some(editor),
        Publisher::Scheduler { now } if row.publish_at.is_some_and(|at| at <= now) => None,
        // Rescheduled to later, or held for a digest, since the pass listed it.
        Publisher::Scheduler { .. } => return Ok(false),
    };
    let disclaimer = conventions::disclaimer_for(conn, row.convention_id, &row.language)?.ok_or_else(|| {
        DomainError::conflict("no_disclaimer", Message::of("conflict-this-convention-has-no-disclaimer-yet-2"))
    })?;
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
    notify_author(conn, &row, format!("published-{id}"), |lang| messages::Said {
        subject: lang.t1("mail-published-subject", "title", &revision.title),
        paragraphs: vec![lang.t1("mail-published", "title", &revision.title)],
        link: Some((lang.t("mail-read-it"), link)),
    })?;
    Ok(true)
}

/// How many due pieces the scheduler loads at a time.
const DUE_BATCH: usize = 50;

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
            match storage::write_transaction(&mut conn, |conn| {
                publish(conn, id, Publisher::Scheduler { now }, public_url)
            }) {
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
