//! The decisions that weigh most: rejecting a submission and taking a published piece down,
//! final once `review.undo_window_hours` have passed (see [`super::undo`]). The author is
//! emailed the reason, through the outbox, in the same transaction. Each has
//! a check that changes nothing and refuses exactly what the decision would refuse, so a page
//! can ask "are you sure?" about a decision that would go through.

use crate::email::messages;
use crate::storage::{self, AnyConnection, articles, submissions};

use super::{Acting, ReviewQueue, required_text, undo};
use crate::domain::DomainError;
use crate::domain::lifecycle::Transition;
use crate::domain::policy::Actor;
use crate::domain::submission::{Effects, SubmissionView, notify_author, submission_view};

/// What taking a published article down would do, for a confirmation page.
#[derive(Debug, Clone)]
pub struct Takedown {
    /// The article's title (a digest's own title for a digest).
    pub title: String,
    /// How many submissions it takes down, each author told: more than one for a digest.
    pub pieces: usize,
}

/// What a rejection checks before anything changes; returns the reason as it will be sent.
fn rejection(acting: &Acting, reason: &str) -> Result<String, DomainError> {
    acting.require_claim()?;
    acting.status.after(Transition::Reject)?;
    required_text("reason", reason)
}

/// A published article about to be taken down, with every submission in it (one, or a digest's
/// parts, each checked as the acting editor's to decide).
struct Unpublishing {
    article: articles::ArticleRow,
    parts: Vec<Acting>,
}

impl Unpublishing {
    fn load(conn: &mut AnyConnection, actor: Option<&Actor>, slug: &str) -> Result<Self, DomainError> {
        let article = articles::find_published(conn, slug)?.ok_or(DomainError::NotFound)?;
        // A digest is taken down with all its parts; each part's author is checked too.
        let ids: Vec<i64> = match article.submission_id {
            Some(id) => vec![id],
            None => articles::parts_of(conn, article.id)?.into_iter().map(|(id, _)| id).collect(),
        };
        let parts = ids.iter().map(|id| Acting::load(conn, actor, *id)).collect::<Result<Vec<_>, _>>()?;
        for part in &parts {
            part.status.after(Transition::Unpublish)?;
        }
        Ok(Unpublishing { article, parts })
    }

    fn takedown(&self) -> Takedown {
        Takedown { title: self.article.title.clone(), pieces: self.parts.len() }
    }
}

impl ReviewQueue {
    /// Whether [`ReviewQueue::reject`] with this reason would go through now; changes nothing.
    pub async fn check_reject(
        &self,
        actor: Option<&Actor>,
        id: i64,
        reason: &str,
    ) -> Result<SubmissionView, DomainError> {
        let (actor, reason) = (actor.cloned(), reason.to_string());
        self.db
            .read(move |conn| {
                let acting = Acting::load(conn, actor.as_ref(), id)?;
                rejection(&acting, &reason)?;
                submission_view(conn, acting.row)
            })
            .await
    }

    /// Rejects the submission; the reason goes to the author.
    pub async fn reject(&self, actor: Option<&Actor>, id: i64, reason: &str) -> Result<SubmissionView, DomainError> {
        let reason = reason.to_string();
        self.act(actor, id, move |conn, acting, public_url| {
            let reason = rejection(acting, &reason)?;
            acting.transition(
                conn,
                Transition::Reject,
                Effects { comment: Some(("author", &reason)), ..Effects::default() },
            )?;
            let key = undo::key_for(conn, id, "reject", format!("rejected-{id}"))?;
            let title = &acting.row.title;
            notify_author(conn, &acting.row, key, |lang| messages::Said {
                subject: lang.t1("mail-rejected-subject", "title", title),
                paragraphs: vec![
                    lang.t1("mail-rejected", "title", title),
                    lang.t1("mail-their-reason", "reason", &reason),
                ],
                link: Some((
                    lang.t("mail-see-your-submission"),
                    messages::link(public_url, &format!("/submissions/{id}"), &[]),
                )),
            })
        })
        .await
    }

    /// What unpublishing the article would take down, if the caller may do it now; changes nothing.
    pub async fn takedown(&self, actor: Option<&Actor>, slug: &str) -> Result<Takedown, DomainError> {
        let (actor, slug) = (actor.cloned(), slug.to_string());
        self.db.read(move |conn| Ok(Unpublishing::load(conn, actor.as_ref(), &slug)?.takedown())).await
    }

    /// Whether [`ReviewQueue::unpublish`] with this reason would go through now; changes nothing.
    pub async fn check_unpublish(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        reason: &str,
    ) -> Result<Takedown, DomainError> {
        let takedown = self.takedown(actor, slug).await?;
        required_text("reason", reason)?;
        Ok(takedown)
    }

    /// Takes a published article down. The reason stays in the audit trail and goes to every
    /// author of it, who also sees it on their submission's page.
    pub async fn unpublish(
        &self,
        actor: Option<&Actor>,
        slug: &str,
        reason: &str,
    ) -> Result<SubmissionView, DomainError> {
        let (actor, slug, reason) = (actor.cloned(), slug.to_string(), reason.to_string());
        let public_url = self.public_url.clone();
        self.db
            .write(move |conn| {
                let Unpublishing { article, parts } = Unpublishing::load(conn, actor.as_ref(), &slug)?;
                let reason = required_text("reason", &reason)?;
                for part in &parts {
                    let effects = Effects { comment: Some(("author", &reason)), ..Effects::default() };
                    part.transition(conn, Transition::Unpublish, effects)?;
                    let title = &part.row.title;
                    let in_digest = parts.len() > 1;
                    let key = undo::key_for(conn, part.row.id, "unpublish", format!("unpublished-{}", part.row.id))?;
                    notify_author(conn, &part.row, key, |lang| messages::Said {
                        subject: lang.t1("mail-taken-down-subject", "title", title),
                        paragraphs: vec![
                            if in_digest {
                                lang.t2("mail-taken-down-digest", "title", title, "digest", &article.title)
                            } else {
                                lang.t1("mail-taken-down", "title", title)
                            },
                            lang.t1("mail-their-reason", "reason", &reason),
                        ],
                        link: Some((
                            lang.t("mail-see-your-submission"),
                            messages::link(&public_url, &format!("/submissions/{}", part.row.id), &[]),
                        )),
                    })?;
                }
                articles::unpublish(conn, article.id, &reason, storage::now())?;
                let first = parts.first().map(|part| part.row.id).ok_or(DomainError::NotFound)?;
                let row = submissions::find(conn, first)?.ok_or(DomainError::NotFound)?;
                submission_view(conn, row)
            })
            .await
    }
}
