//! The delivery worker that runs inside `tribune serve`: it leases due outbox rows, hands them to
//! the transport, and records the outcome, backing off exponentially after failures until the
//! attempts run out and the row becomes a dead letter (visible to admins, who can retry it).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use lettre::message::Mailbox;

use super::transport::Transport;
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

pub struct OutboxWorker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl OutboxWorker {
    pub fn spawn(db: Database, transport: Transport, settings: DeliverySettings) -> std::io::Result<OutboxWorker> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new().name("outbox".into()).spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match deliver_due(&db, &transport, &settings) {
                    // A full batch means more may be waiting: go again at once.
                    Ok(n) if n as i64 == BATCH => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "outbox: could not reach the database"),
                }
                std::thread::sleep(settings.poll_interval);
            }
        })?;
        Ok(OutboxWorker {
            stop,
            thread: Some(thread),
        })
    }

    /// Finishes the current batch and stops.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for OutboxWorker {
    /// A dropped worker stops after its current batch (without waiting for it).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// One pass: lease due rows, send each, record each outcome. Returns how many were leased.
pub fn deliver_due(db: &Database, transport: &Transport, settings: &DeliverySettings) -> StorageResult<usize> {
    let mut conn = db.connection()?;
    let now = storage::now();
    let lease_until = now + settings.lease;
    let rows = storage::write_transaction(&mut conn, |conn| outbox::claim_due(conn, now, lease_until, BATCH))?;
    for row in &rows {
        match transport.send(&settings.from, row) {
            Ok(()) => {
                outbox::mark_sent(&mut conn, row.id, storage::now())?;
                tracing::info!(outbox_id = row.id, key = %row.idempotency_key, "outbox: delivered");
            }
            Err(error) => {
                let retry_at = (row.attempts < settings.max_attempts).then(|| {
                    let exponent = u32::try_from(row.attempts.saturating_sub(1)).unwrap_or(0).min(20);
                    storage::now() + settings.backoff_base.saturating_mul(1 << exponent).min(MAX_BACKOFF)
                });
                outbox::mark_failed(&mut conn, row.id, &error, retry_at)?;
                // The recipient address stays out of the log; the row id finds it for an admin.
                tracing::warn!(outbox_id = row.id, attempts = row.attempts, dead = retry_at.is_none(), %error, "outbox: delivery failed");
            }
        }
    }
    Ok(rows.len())
}
