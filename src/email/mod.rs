//! Email: every message is first an outbox row, written in the same transaction as the change
//! that caused it ([`enqueue`]); the [`worker`] delivers rows through a [`transport`] with
//! retries, backoff and a dead-letter state. The messages themselves are in [`messages`].
//!
//! Delivery guarantee: at least once, and in practice once. A row is leased to one worker before
//! it is sent (`FOR UPDATE SKIP LOCKED` on Postgres; SQLite has a single writer) and marked sent
//! right after the transport accepts it. Only a process that dies in the instant between the two
//! can send a row again, after its lease expires; every copy carries the same `Message-ID`
//! (derived from the idempotency key), so mail clients fold such a copy into one. A row whose
//! idempotency key is already queued is never queued twice.

pub mod admin;
pub mod messages;
pub mod transport;
pub mod worker;

use crate::storage::{AnyConnection, StorageResult, outbox};

/// A message ready to queue.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    /// What makes this message unique (`verify:<token id>`): queuing the same key twice queues
    /// one message.
    pub idempotency_key: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers (`List-Unsubscribe`, ...).
    pub headers: Vec<(String, String)>,
}

/// Writes the message to the outbox on `conn`: call it inside the transaction of the change
/// that caused it, so the message exists if and only if the change does.
pub fn enqueue(conn: &mut AnyConnection, email: &OutgoingEmail) -> StorageResult<()> {
    outbox::insert(
        conn,
        &email.idempotency_key,
        &email.to,
        &email.subject,
        (&email.text, &email.html),
        &email.headers,
        crate::storage::now(),
    )
}
