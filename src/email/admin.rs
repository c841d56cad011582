//! What admins can do with the outbox: see messages by state (dead letters above all) and queue a
//! dead letter again; see the addresses suppressed after a hard bounce or a complaint, and clear
//! one (the person fixed their mailbox, or the complaint was a slip).

use serde::Serialize;

use crate::domain::DomainError;
use crate::domain::policy::{Action, Actor, authorize};
use crate::i18n::Message;
use crate::storage::{self, Database, outbox, suppressions};

/// A message as an admin sees it (no body: the link inside may be a secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub next_attempt_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::domain::instant::utc_opt")]
    pub sent_at: Option<chrono::NaiveDateTime>,
}

impl From<outbox::OutboxRow> for OutboxEntry {
    fn from(row: outbox::OutboxRow) -> OutboxEntry {
        OutboxEntry {
            id: row.id,
            recipient: row.recipient,
            subject: row.subject,
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
            created_at: row.created_at,
            next_attempt_at: row.next_attempt_at,
            sent_at: row.sent_at,
        }
    }
}

/// An address no mail but account-security mail goes to, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SuppressionEntry {
    /// Lower-case.
    pub address: String,
    /// `bounce` (a hard bounce) or `complaint`.
    pub reason: String,
    /// What the receiving server said, or what kind of complaint came from whom.
    pub diagnostic: String,
    /// The message that bounced, when the bounce named it.
    pub outbox_id: Option<i64>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: chrono::NaiveDateTime,
    /// All of it in one sentence: "hard bounce on 2026-12-07: 550 5.1.1 User unknown".
    pub summary: String,
}

impl From<suppressions::SuppressionRow> for SuppressionEntry {
    fn from(row: suppressions::SuppressionRow) -> SuppressionEntry {
        SuppressionEntry {
            summary: super::bounces::suppression_in_words(&row.reason, row.created_at, &row.diagnostic),
            address: row.address,
            reason: row.reason,
            diagnostic: row.diagnostic,
            outbox_id: row.outbox_id,
            created_at: row.created_at,
        }
    }
}

#[derive(Clone)]
pub struct OutboxAdmin {
    db: Database,
}

impl OutboxAdmin {
    pub fn new(db: Database) -> OutboxAdmin {
        OutboxAdmin { db }
    }

    /// The newest messages in `status` (`pending`, `sent`, `dead` or `suppressed`).
    pub async fn list(&self, actor: Option<&Actor>, status: &str) -> Result<Vec<OutboxEntry>, DomainError> {
        authorize(actor, Action::ManageMail)?;
        let status = match status {
            outbox::PENDING | outbox::SENT | outbox::DEAD | outbox::SUPPRESSED => status.to_string(),
            _ => {
                return Err(DomainError::invalid(
                    "status",
                    Message::of("invalid-must-pending-sent-dead-or-suppressed"),
                ));
            }
        };
        self.db
            .read(move |conn| Ok(outbox::list(conn, &status, 100)?.into_iter().map(OutboxEntry::from).collect()))
            .await
    }

    /// Queues a dead letter again, attempts reset. 409 if it is not dead.
    pub async fn retry(&self, actor: Option<&Actor>, id: i64) -> Result<(), DomainError> {
        authorize(actor, Action::ManageMail)?;
        self.db
            .write_unseen(move |conn| {
                if outbox::retry_dead(conn, id, storage::now())? {
                    Ok(())
                } else {
                    Err(DomainError::conflict("not_dead", Message::of("conflict-only-dead-letter-can-retried")))
                }
            })
            .await?;
        // The piece's timeline, on its review page, says the email is on its way again.
        self.db.mail_changed();
        Ok(())
    }

    /// Every suppressed address, newest first.
    pub async fn suppressions(&self, actor: Option<&Actor>) -> Result<Vec<SuppressionEntry>, DomainError> {
        authorize(actor, Action::ManageMail)?;
        self.db
            .read(move |conn| Ok(suppressions::list(conn, None)?.into_iter().map(SuppressionEntry::from).collect()))
            .await
    }

    /// The newest `limit` suppressions, and how many there are in all: what a page shows of a
    /// list that grows with every address that ever bounced.
    pub async fn newest_suppressions(
        &self,
        actor: Option<&Actor>,
        limit: i64,
    ) -> Result<(Vec<SuppressionEntry>, i64), DomainError> {
        authorize(actor, Action::ManageMail)?;
        self.db
            .read(move |conn| {
                let newest = suppressions::list(conn, Some(limit))?.into_iter().map(SuppressionEntry::from).collect();
                Ok((newest, suppressions::count(conn)?))
            })
            .await
    }

    /// Lets mail go to `address` again (messages already set aside stay unsent). 404 if it is not
    /// suppressed.
    pub async fn clear_suppression(&self, actor: Option<&Actor>, address: &str) -> Result<(), DomainError> {
        authorize(actor, Action::ManageMail)?;
        let address = address.trim().to_lowercase();
        if address.is_empty() {
            return Err(DomainError::invalid("address", Message::of("invalid-is-required-address-send-again")));
        }
        self.db
            .write_unseen(move |conn| {
                if suppressions::delete(conn, &address)? {
                    tracing::info!("outbox: a suppression was cleared by an admin");
                    Ok(())
                } else {
                    Err(DomainError::NotFound)
                }
            })
            .await
    }
}
