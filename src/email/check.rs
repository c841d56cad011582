//! Mail an admin can check: which transport is in use, and a test message sent at once through
//! it. The test message is an outbox row like any other (so the outbox lists it, sent or failed
//! with its error), but the request sends it itself, through the same [`Transport`] the worker
//! uses, on a blocking thread and within [`TEST_WAIT`]. The row is born leased to that request, so
//! the worker never sends it a second time; only if the process dies first does the lease run out
//! and the worker deliver it.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Serialize;
use url::Url;

use super::admin::OutboxEntry;
use super::messages;
use super::transport::{Transport, TransportView};
use crate::domain::DomainError;
use crate::domain::policy::{Action, Actor, authorize};
use crate::domain::user::EmailAddress;
use crate::i18n::Lang;
use crate::storage::outbox::{self, OutboxRow};
use crate::storage::{self, Database, StorageResult, users};

/// How long the request waits for the test message to go out. lettre gives up on each SMTP
/// command after 20 s, so an unreachable host is reported within this; a server that answers
/// but stalls on several commands is reported as still sending.
pub const TEST_WAIT: Duration = Duration::from_secs(30);

/// How long the test message stays with the request that sends it: far longer than any send can
/// take, so the worker cannot take it while the request is still at it.
const TEST_LEASE: Duration = Duration::from_secs(600);

/// Test messages' idempotency keys start with this, which tells them from other mail.
const TEST_KEY_PREFIX: &str = "mail-test-";

/// How many of the newest messages the admin view lists.
const RECENT: i64 = 10;

/// Where mail goes and what happened to the latest messages, as `/admin` shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailStatus {
    pub transport: TransportView,
    /// Where a test message goes unless another address is given: the signed-in admin's.
    pub test_recipient: String,
    /// The newest messages, whatever their state (a test message among them).
    pub recent: Vec<OutboxEntry>,
}

/// What became of a test message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TestResult {
    /// The transport took it: the SMTP server accepted it, or its file is written.
    Sent,
    /// The transport refused it; `error` says why, and the outbox keeps it as a dead letter.
    Failed,
    /// No outcome within the wait; the outbox will show it.
    Sending,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TestOutcome {
    /// The message's row in the outbox (`GET /api/v1/admin/outbox`).
    pub outbox_id: i64,
    pub to: String,
    pub result: TestResult,
    /// Why it failed, in words ("could not connect to 127.0.0.1:2599: connection refused").
    pub error: Option<String>,
    pub transport: TransportView,
}

#[derive(Clone)]
pub struct MailCheck {
    db: Database,
    transport: Arc<Transport>,
    from: Mailbox,
    public_url: Url,
}

impl MailCheck {
    pub fn new(db: Database, transport: Arc<Transport>, from: Mailbox, public_url: Url) -> MailCheck {
        MailCheck { db, transport, from, public_url }
    }

    /// The transport, for the delivery worker: one transport serves the worker and the test.
    pub fn transport(&self) -> Arc<Transport> {
        self.transport.clone()
    }

    pub async fn status(&self, actor: Option<&Actor>) -> Result<MailStatus, DomainError> {
        authorize(actor, Action::ManageMail)?;
        let user_id = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let transport = self.transport.describe();
        self.db
            .read(move |conn| {
                let me = users::find(conn, user_id)?.ok_or(DomainError::NotFound)?;
                let recent = outbox::recent(conn, RECENT)?.into_iter().map(OutboxEntry::from).collect();
                Ok(MailStatus { transport, test_recipient: me.email, recent })
            })
            .await
    }

    /// Sends a test message to `to` (blank: the admin's own address) now, and says what became
    /// of it. A failure to deliver is an outcome, not an error: the answer says what failed.
    pub async fn send_test(&self, actor: Option<&Actor>, to: Option<&str>) -> Result<TestOutcome, DomainError> {
        authorize(actor, Action::ManageMail)?;
        let user_id = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let typed = match to.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(EmailAddress::parse(text).map_err(|message| DomainError::invalid("to", message))?),
            None => None,
        };
        let me = self.db.read(move |conn| users::find(conn, user_id)).await?.ok_or(DomainError::NotFound)?;
        let to = typed.map_or(me.email, |address| address.as_str().to_string());
        let public_url = self.public_url.clone();
        let lease_until = storage::now() + TEST_LEASE;
        // Rendered in the transaction that queues it, so it carries the site's name as it is now;
        // the sender too, so nothing can fail between queuing it and sending it but the sending.
        let configured = self.from.clone();
        let (row, from) = self
            .db
            .write_unseen(move |conn| {
                let site = crate::domain::site::stored(conn)?;
                // In the admin's language: it is theirs to read, wherever it is sent.
                let lang = super::language::of_member(conn, user_id)?;
                let email = test_message(lang, site.title(), &to, &me.display_name, user_id, &public_url)?;
                let from = super::sender(conn, &configured)?;
                Ok::<_, DomainError>((super::enqueue_leased(conn, &email, lease_until)?, from))
            })
            .await?;
        let id = row.id;
        let to = row.recipient.clone();
        let (db, transport) = (self.db.clone(), self.transport.clone());
        // The thread records the outcome itself, so it is kept even when the wait below runs out.
        let sending = actix_web::rt::task::spawn_blocking(move || deliver_now(&db, &transport, &from, &row));
        let (result, error) = match actix_web::rt::time::timeout(TEST_WAIT, sending).await {
            Ok(joined) => {
                match joined.map_err(|_| DomainError::Internal("the test message's thread stopped".into()))?? {
                    Ok(()) => (TestResult::Sent, None),
                    Err(error) => (TestResult::Failed, Some(error)),
                }
            }
            Err(_) => (TestResult::Sending, None),
        };
        Ok(TestOutcome { outbox_id: id, to, result, error, transport: self.transport.describe() })
    }

    /// What became of test message `id`, as the outbox says now; `None` if `id` is not a test
    /// message (the page's address may hold any number).
    pub async fn test_outcome(&self, actor: Option<&Actor>, id: i64) -> Result<Option<TestOutcome>, DomainError> {
        authorize(actor, Action::ManageMail)?;
        let transport = self.transport.describe();
        let row = self.db.read(move |conn| outbox::find(conn, id)).await?;
        Ok(row.filter(|row| row.idempotency_key.starts_with(TEST_KEY_PREFIX)).map(|row| {
            let result = match row.status.as_str() {
                outbox::SENT => TestResult::Sent,
                outbox::DEAD => TestResult::Failed,
                _ => TestResult::Sending,
            };
            let error = row.last_error.filter(|_| result == TestResult::Failed);
            TestOutcome { outbox_id: row.id, to: row.recipient, result, error, transport }
        }))
    }
}

/// The test message: who sent it from where, and what reading it proves.
fn test_message(
    lang: Lang,
    site: &str,
    to: &str,
    sender: &str,
    sender_id: i64,
    public_url: &Url,
) -> Result<super::OutgoingEmail, DomainError> {
    let now = storage::now();
    messages::notice(messages::Notice {
        key: format!("{TEST_KEY_PREFIX}{sender_id}-{:016x}", rand::random::<u64>()),
        lang,
        to,
        greeting: messages::Greeting::Name(sender),
        subject: lang.t1("mail-test-subject", "site", site),
        paragraphs: vec![
            lang.t_with(
                "mail-test",
                &[
                    ("sender", sender.into()),
                    ("site", site.into()),
                    ("day", now.format("%Y-%m-%d").to_string().into()),
                    ("time", now.format("%H:%M").to_string().into()),
                ],
            ),
            lang.t1("mail-test-reaches", "site", site),
        ],
        link: Some((lang.t("mail-test-link"), messages::link(public_url, "/admin", &[]))),
        purpose: super::Purpose::AccountSecurity,
    })
    .map_err(|e| DomainError::Internal(format!("the test message: {e}")))
}

/// Sends the leased row and records the outcome: sent, or a dead letter with the error (a test
/// is not retried on its own; the admin sees why and can retry it from the outbox).
fn deliver_now(
    db: &Database,
    transport: &Transport,
    from: &Mailbox,
    row: &OutboxRow,
) -> StorageResult<Result<(), String>> {
    let outcome = transport.send(from, row);
    let mut conn = db.connection()?;
    let at = storage::now();
    match &outcome {
        Ok(()) => {
            outbox::mark_sent(&mut conn, row.id, at)?;
            tracing::info!(outbox_id = row.id, "outbox: test message delivered");
        }
        Err(error) => {
            outbox::mark_failed(&mut conn, row.id, error, None)?;
            let error = super::worker::without_addresses(error);
            tracing::warn!(outbox_id = row.id, %error, "outbox: test message failed");
        }
    }
    Ok(outcome)
}
