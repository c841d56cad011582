//! The delivery worker that runs inside `tribune serve`: it leases due outbox rows, hands them to
//! the transport, and records the outcome, backing off exponentially after failures until the
//! attempts run out and the row becomes a dead letter (visible to admins, who can retry it).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;

use super::transport::Transport;
use crate::background::Periodic;
use crate::storage::{self, Database, StorageResult, outbox};

#[derive(Debug, Clone)]
pub struct DeliverySettings {
    pub from: Mailbox,
    pub poll_interval: Duration,
    pub max_attempts: i32,
    pub backoff_base: Duration,
    /// How long a leased row stays with its worker before another may take it.
    pub lease: Duration,
}

const BATCH: i64 = 20;
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// Starts the delivery loop.
/// The transport is shared with the admins' test message ([`super::check`]).
pub fn spawn(db: Database, transport: Arc<Transport>, settings: DeliverySettings) -> std::io::Result<Periodic> {
    let interval = settings.poll_interval;
    Periodic::spawn("outbox", interval, move || {
        deliver_due(&db, &transport, &settings).map(|n| n as i64 == BATCH).map_err(|e| e.to_string())
    })
}

/// One pass: lease due rows, send each, record each outcome. Returns how many were leased.
pub fn deliver_due(db: &Database, transport: &Transport, settings: &DeliverySettings) -> StorageResult<usize> {
    let mut conn = db.connection()?;
    let now = storage::now();
    let lease_until = now + settings.lease;
    // Read before any row is claimed: a failure here must not count an attempt nobody made.
    let from = super::sender(&mut conn, &settings.from)?;
    let rows = storage::write_transaction(&mut conn, |conn| outbox::claim_due(conn, now, lease_until, BATCH))?;
    for row in &rows {
        match transport.send(&from, row) {
            Ok(()) => {
                outbox::mark_sent(&mut conn, row.id, storage::now())?;
                // Recipients' addresses stay out of the log; the row id finds them for an admin.
                tracing::info!(outbox_id = row.id, "outbox: delivered");
            }
            Err(error) => {
                let retry_at = (row.attempts < settings.max_attempts).then(|| {
                    let exponent = u32::try_from(row.attempts.saturating_sub(1)).unwrap_or(0).min(20);
                    storage::now() + settings.backoff_base.saturating_mul(1 << exponent).min(MAX_BACKOFF)
                });
                outbox::mark_failed(&mut conn, row.id, &error, retry_at)?;
                // The row keeps the whole error for admins; the log gets it without addresses,
                // which mail servers like to quote back ("550 <someone@example.org>: no such user").
                let error = without_addresses(&error);
                tracing::warn!(outbox_id = row.id, attempts = row.attempts, dead = retry_at.is_none(), %error, "outbox: delivery failed");
            }
        }
    }
    Ok(rows.len())
}

/// `text` with every word that holds an `@` replaced, so no address reaches a log line.
pub(super) fn without_addresses(text: &str) -> String {
    text.split(' ').map(|word| if word.contains('@') { "<address>" } else { word }).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::without_addresses;

    #[test]
    fn errors_are_logged_without_addresses() {
        let error = "permanent error (550): 5.1.1 <Ada.Lovelace+x@example.org>: Recipient address rejected";
        let logged = without_addresses(error);
        assert!(!logged.contains('@') && !logged.to_lowercase().contains("lovelace"), "{logged}");
        assert!(logged.contains("Recipient address rejected"), "{logged}");
    }
}
