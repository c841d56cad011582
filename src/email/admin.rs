//! What admins can do with the outbox: see messages by state (dead letters above all) and queue a
//! dead letter again.

use serde::Serialize;

use crate::domain::DomainError;
use crate::domain::policy::{Action, Actor, authorize};
use crate::storage::{self, Database, outbox};

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

#[derive(Clone)]
pub struct OutboxAdmin {
    db: Database,
}

impl OutboxAdmin {
    pub fn new(db: Database) -> OutboxAdmin {
        OutboxAdmin { db }
    }

    /// The newest messages in `status` (`pending`, `sent` or `dead`).
    pub async fn list(&self, actor: Option<&Actor>, status: &str) -> Result<Vec<OutboxEntry>, DomainError> {
        authorize(actor, Action::ManageMail)?;
        let status = match status {
            outbox::PENDING | outbox::SENT | outbox::DEAD => status.to_string(),
            _ => return Err(DomainError::invalid("status", "must be pending, sent or dead")),
        };
        self.db
            .read(move |conn| Ok(outbox::list(conn, &status, 100)?.into_iter().map(OutboxEntry::from).collect()))
            .await
    }

    /// Queues a dead letter again, attempts reset. 409 if it is not dead.
    pub async fn retry(&self, actor: Option<&Actor>, id: i64) -> Result<(), DomainError> {
        authorize(actor, Action::ManageMail)?;
        self.db
            .write(move |conn| {
                if outbox::retry_dead(conn, id, storage::now())? {
                    Ok(())
                } else {
                    Err(DomainError::conflict("not_dead", "Only a dead letter can be retried."))
                }
            })
            .await
    }
}
