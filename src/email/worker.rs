//! The delivery worker that runs inside `tribune serve`: it leases due outbox rows, hands them to
//! the transport, and records the outcome, backing off exponentially after failures until the
//! attempts run out and the row becomes a dead letter (visible to admins, who can retry it).
//!
//! Each pass first sets aside messages to suppressed addresses (their rows say why), then takes
//! one-off messages before bulk ones: a password reset queued behind a 5,000-message digest goes
//! out in the next pass, and bulk messages are taken a few at a time, so a one-off waits behind
//! at most [`BULK_BATCH`] of them. With `mail.max_per_minute` bulk mail is paced: never more than
//! that in a minute, spread over the minute, counted in the database across every process.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;

use super::dkim::Dkim;
use super::transport::Transport;
use crate::background::Periodic;
use crate::storage::outbox::{self, OutboxRow};
use crate::storage::{self, AnyConnection, Database, StorageResult};

#[derive(Debug, Clone)]
pub struct DeliverySettings {
    pub from: Mailbox,
    pub poll_interval: Duration,
    pub max_attempts: i32,
    pub backoff_base: Duration,
    /// How long a leased row stays with its worker before another may take it.
    pub lease: Duration,
    /// Bulk messages a minute at most; 0: unpaced.
    pub max_per_minute: u32,
    /// The domain of the bounce addresses (`mail.bounce_domain`, or that of `from`).
    pub bounce_domain: String,
    /// The DKIM key, when one is configured.
    pub dkim: Option<Arc<Dkim>>,
    /// The discussion's own address, which members send essays to (`tribune mail receive`); its
    /// domain takes the replies to requests for changes. `None`: mail is not read.
    pub inbound_address: Option<lettre::Address>,
    /// The mail server's name in the `Authentication-Results` it adds (RFC 8601): when set, only
    /// mail it found to pass DMARC is read, since a From line alone is easy to forge.
    pub inbound_authserv_id: Option<String>,
}

/// One-off messages taken in one pass.
const BATCH: i64 = 20;
/// Bulk messages taken in one pass: a one-off message queued meanwhile waits for these at most.
pub const BULK_BATCH: i64 = 5;
/// Pending messages to suppressed addresses set aside in one pass.
const SUPPRESS_BATCH: i64 = 100;
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// Starts the delivery loop.
/// The transport is shared with the admins' test message ([`super::check`]).
pub fn spawn(db: Database, transport: Arc<Transport>, settings: DeliverySettings) -> std::io::Result<Periodic> {
    let interval = settings.poll_interval;
    Periodic::spawn("outbox", interval, move || deliver_due(&db, &transport, &settings).map_err(|e| e.to_string()))
}

/// One pass: set aside what may not be sent, lease due rows (one-off first, then bulk at its
/// pace), send each, record each outcome. Returns whether more is due at once.
pub fn deliver_due(db: &Database, transport: &Transport, settings: &DeliverySettings) -> StorageResult<bool> {
    let mut changed = MailChanged { db, rows: 0 };
    let mut conn = db.connection()?;
    // Read before any row is claimed: a failure here must not count an attempt nobody made.
    let from = super::sender(&mut conn, &settings.from)?;
    let set_aside = set_aside_suppressed(&mut conn)?;
    changed.rows += set_aside;
    let now = storage::now();
    let one_off = storage::write_transaction(&mut conn, |conn| {
        outbox::claim_due(conn, now, now + settings.lease, (BATCH, false))
    })?;
    // The one-off messages go before any bulk is claimed: a failure claiming bulk mail must not
    // leave a password reset leased and unsent, and bulk leases start when their sending does.
    for row in &one_off {
        deliver(&mut conn, transport, settings, &from, row)?;
        changed.rows += 1;
    }
    let (bulk, allowance) = if (one_off.len() as i64) < BATCH {
        let now = storage::now();
        storage::write_transaction(&mut conn, |conn| {
            let allowance = bulk_allowance(conn, settings, now)?;
            let claimed = outbox::claim_due(conn, now, now + settings.lease, (allowance, true))?;
            Ok::<_, storage::StorageError>((claimed, allowance))
        })?
    } else {
        (Vec::new(), 0)
    };
    for row in &bulk {
        deliver(&mut conn, transport, settings, &from, row)?;
        changed.rows += 1;
    }
    Ok(set_aside == SUPPRESS_BATCH as usize
        || one_off.len() as i64 == BATCH
        || (allowance > 0 && bulk.len() as i64 == allowance))
}

/// Counts the rows a pass has recorded an outcome for and, when it ends (a failure part-way
/// included), tells this process's caches if there were any: a review page's timeline says what
/// became of each email about its piece, and must show it at once, like any change committed here.
struct MailChanged<'a> {
    db: &'a Database,
    rows: usize,
}

impl Drop for MailChanged<'_> {
    fn drop(&mut self) {
        if self.rows > 0 {
            self.db.mail_changed();
        }
    }
}

/// Sends one leased row and records the outcome.
fn deliver(
    conn: &mut AnyConnection,
    transport: &Transport,
    settings: &DeliverySettings,
    from: &Mailbox,
    row: &OutboxRow,
) -> StorageResult<()> {
    match transport.send(from, row) {
        Ok(()) => {
            outbox::mark_sent(conn, row.id, storage::now())?;
            // Recipients' addresses stay out of the log; the row id finds them for an admin.
            tracing::info!(outbox_id = row.id, "outbox: delivered");
        }
        Err(error) => {
            let retry_at = (row.attempts < settings.max_attempts).then(|| {
                let exponent = u32::try_from(row.attempts.saturating_sub(1)).unwrap_or(0).min(20);
                storage::now() + settings.backoff_base.saturating_mul(1 << exponent).min(MAX_BACKOFF)
            });
            outbox::mark_failed(conn, row.id, &error, retry_at)?;
            // The row keeps the whole error for admins; the log gets it without addresses,
            // which mail servers like to quote back ("550 <someone@example.org>: no such user").
            let error = without_addresses(&error);
            tracing::warn!(outbox_id = row.id, attempts = row.attempts, dead = retry_at.is_none(), %error, "outbox: delivery failed");
        }
    }
    Ok(())
}

/// Marks pending messages to suppressed addresses (all but account-security mail) as not sent,
/// each saying why, so the admin's outbox shows what became of them. Returns how many.
fn set_aside_suppressed(conn: &mut AnyConnection) -> StorageResult<usize> {
    let found = outbox::pending_to_suppressed(conn, SUPPRESS_BATCH)?;
    for pending in &found {
        let why = format!(
            "not sent: address suppressed ({})",
            super::bounces::suppression_in_words(&pending.reason, pending.suppressed_at, &pending.diagnostic)
        );
        if outbox::mark_suppressed(conn, pending.id, &why)? {
            tracing::info!(outbox_id = pending.id, reason = %pending.reason, "outbox: not sent to a suppressed address");
        }
    }
    Ok(found.len())
}

/// How many bulk messages this pass may take: up to [`BULK_BATCH`] when unpaced; with
/// `max_per_minute`, what is left of the minute's allowance and of this pass's share of it (the
/// minute spread over passes of `poll_interval`), whichever is less.
fn bulk_allowance(
    conn: &mut AnyConnection,
    settings: &DeliverySettings,
    now: chrono::NaiveDateTime,
) -> StorageResult<i64> {
    if settings.max_per_minute == 0 {
        return Ok(BULK_BATCH);
    }
    let pass = settings.poll_interval.min(MINUTE);
    let claimed = outbox::bulk_claims_since(conn, (now - MINUTE, now - pass))?;
    Ok(paced_allowance(settings.max_per_minute, pass, claimed))
}

const MINUTE: Duration = Duration::from_secs(60);

/// The pacing rule alone: `claimed` is how many bulk messages were taken in the last minute and
/// in the last `pass`.
fn paced_allowance(max_per_minute: u32, pass: Duration, (in_minute, in_pass): (i64, i64)) -> i64 {
    let max = i64::from(max_per_minute);
    let pass_ms = i64::try_from(pass.as_millis()).unwrap_or(i64::MAX).max(1);
    // Rounded up, so a slow pace still sends one a pass until the minute's allowance is spent.
    let per_pass = (max.saturating_mul(pass_ms) + 59_999) / 60_000;
    (max - in_minute).min(per_pass - in_pass).clamp(0, BULK_BATCH)
}

/// `text` with every word that holds an `@` replaced, so no address reaches a log line.
pub(super) fn without_addresses(text: &str) -> String {
    text.split(' ').map(|word| if word.contains('@') { "<address>" } else { word }).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{BULK_BATCH, Duration, paced_allowance, without_addresses};

    #[test]
    fn bulk_mail_is_spread_over_the_minute_and_never_exceeds_its_allowance() {
        let second = Duration::from_secs(1);
        // 60 a minute, a pass a second: one a pass.
        assert_eq!(paced_allowance(60, second, (0, 0)), 1);
        assert_eq!(paced_allowance(60, second, (10, 1)), 0, "this pass's share is taken");
        // 600 a minute: ten a pass, taken a few at a time.
        assert_eq!(paced_allowance(600, second, (0, 0)), BULK_BATCH);
        assert_eq!(paced_allowance(600, second, (5, 5)), 5);
        assert_eq!(paced_allowance(600, second, (10, 10)), 0);
        // 30 a minute still sends one a pass, until the minute's thirty are gone.
        assert_eq!(paced_allowance(30, second, (29, 0)), 1);
        assert_eq!(paced_allowance(30, second, (30, 0)), 0);
        assert_eq!(paced_allowance(30, second, (45, 0)), 0, "another process overspent: nothing, never less");
    }

    #[test]
    fn errors_are_logged_without_addresses() {
        let error = "permanent error (550): 5.1.1 <Ada.Lovelace+x@example.org>: Recipient address rejected";
        let logged = without_addresses(error);
        assert!(!logged.contains('@') && !logged.to_lowercase().contains("lovelace"), "{logged}");
        assert!(logged.contains("Recipient address rejected"), "{logged}");
    }
}
