//! Readers' comments on published articles, moderated to keep the discussion comradely: held for
//! an editor unless the commenter is trusted; shown only once approved; the article's authors are
//! told of approved comments.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::storage::{self, AnyConnection, Database, articles, comments, submissions};

use super::DomainError;
use super::policy::{Action, Actor, authorize};
use super::submission::notify_author;
use super::throttle::{self, Limit};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub body: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    /// `pending`, `approved`, `rejected` or `hidden`.
    pub status: String,
    pub article_slug: String,
    pub article_title: String,
}

impl From<comments::CommentRow> for CommentView {
    fn from(row: comments::CommentRow) -> Self {
        CommentView {
            id: row.id,
            author: row.user_name,
            body: row.body,
            created_at: row.created_at,
            status: row.status,
            article_slug: row.article_slug,
            article_title: row.article_title,
        }
    }
}

/// What an editor decides about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Approve,
    Reject,
    /// Takes an approved comment down.
    Hide,
}

impl Moderation {
    pub fn parse(text: &str) -> Option<Moderation> {
        match text {
            "approve" => Some(Moderation::Approve),
            "reject" => Some(Moderation::Reject),
            "hide" => Some(Moderation::Hide),
            _ => None,
        }
    }

    fn change(self) -> (&'static str, &'static str) {
        match self {
            Moderation::Approve => ("pending", "approved"),
            Moderation::Reject => ("pending", "rejected"),
            Moderation::Hide => ("approved", "hidden"),
        }
    }
}

/// Readers see an article's approved comments with the article: [`super::reading::Articles::get`].
#[derive(Clone)]
pub struct Comments {
    db: Database,
    public_url: url::Url,
    per_user: Limit,
}

/// Tells every author of an article (one, or each author of a digest) of an approved comment.
fn notify_authors(
    conn: &mut AnyConnection,
    comment: &comments::CommentRow,
    public_url: &url::Url,
) -> Result<(), DomainError> {
    let article = articles::find(conn, comment.article_id)?.ok_or(DomainError::NotFound)?;
    let parts: Vec<i64> = match article.submission_id {
        Some(id) => vec![id],
        None => articles::parts_of(conn, article.id)?.into_iter().map(|(id, _)| id).collect(),
    };
    let link = crate::email::messages::link(public_url, &format!("/articles/{}", article.slug), &[]);
    for id in parts {
        let row = submissions::find(conn, id)?.ok_or(DomainError::NotFound)?;
        notify_author(conn, &row, format!("comment-approved-{}-{id}", comment.id), |lang| {
            crate::email::messages::Said {
                subject: lang.t1("mail-comment-subject", "title", &article.title),
                paragraphs: vec![
                    lang.t2("mail-comment", "name", &comment.user_name, "title", &article.title),
                    comment.body.clone(),
                ],
                link: Some((lang.t("mail-read-the-discussion"), link.clone())),
            }
        })?;
    }
    Ok(())
}

impl Comments {
    pub fn new(db: Database, public_url: url::Url, per_user: Limit) -> Comments {
        Comments { db, public_url, per_user }
    }

    /// A signed-in reader's comment: held for an editor, or shown at once for a trusted commenter.
    pub async fn post(&self, actor: Option<&Actor>, slug: &str, body: &str) -> Result<CommentView, DomainError> {
        authorize(actor, Action::Comment)?;
        let user_id = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let body = body.trim().to_string();
        let length = body.chars().count();
        if !(2..=4000).contains(&length) {
            return Err(DomainError::invalid("body", Message::of("invalid-must-2-4000-characters")));
        }
        let (slug, limit, public_url) = (slug.to_string(), self.per_user, self.public_url.clone());
        self.db
            .write(move |conn| {
                let article = articles::find_published(conn, &slug)?.ok_or(DomainError::NotFound)?;
                throttle::hit(conn, &format!("comment:user:{user_id}"), limit)?;
                let status = if comments::is_trusted(conn, user_id)? { "approved" } else { "pending" };
                let id = comments::insert(conn, article.id, user_id, &body, status, storage::now())?;
                let row = comments::find(conn, id)?.ok_or(DomainError::NotFound)?;
                if status == "approved" {
                    notify_authors(conn, &row, &public_url)?;
                }
                Ok(row.into())
            })
            .await
    }

    /// The moderation queue: comments in `status` (default `pending`), oldest first.
    pub async fn queue(&self, actor: Option<&Actor>, status: Option<&str>) -> Result<Vec<CommentView>, DomainError> {
        authorize(actor, Action::ModerateComments)?;
        let status = match status.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("pending") {
            s @ ("pending" | "approved" | "rejected" | "hidden") => s.to_string(),
            _ => {
                return Err(DomainError::invalid(
                    "status",
                    Message::of("invalid-must-pending-approved-rejected-or-hidden"),
                ));
            }
        };
        self.db
            .read(move |conn| Ok(comments::by_status(conn, &status, 200)?.into_iter().map(CommentView::from).collect()))
            .await
    }

    pub async fn moderate(
        &self,
        actor: Option<&Actor>,
        id: i64,
        decision: Moderation,
    ) -> Result<CommentView, DomainError> {
        authorize(actor, Action::ModerateComments)?;
        let by = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let public_url = self.public_url.clone();
        self.db
            .write(move |conn| {
                let (expected, next) = decision.change();
                let row = comments::find(conn, id)?.ok_or(DomainError::NotFound)?;
                if !comments::moderate(conn, id, expected, next, by, storage::now())? {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-comment-cannot-be")
                            .arg("status", &row.status)
                            .arg("done", next.to_string()),
                    ));
                }
                if decision == Moderation::Approve {
                    notify_authors(conn, &row, &public_url)?;
                }
                Ok(comments::find(conn, id)?.ok_or(DomainError::NotFound)?.into())
            })
            .await
    }

    /// Marks a user as a trusted commenter (their comments appear at once), or not.
    pub async fn trust(&self, actor: Option<&Actor>, user_id: i64, trusted: bool) -> Result<(), DomainError> {
        authorize(actor, Action::ModerateComments)?;
        self.db
            .write(
                move |conn| {
                    if comments::set_trusted(conn, user_id, trusted)? { Ok(()) } else { Err(DomainError::NotFound) }
                },
            )
            .await
    }
}
