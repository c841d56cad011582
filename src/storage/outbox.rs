//! Queries over the email outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use super::schema::outbox;
use super::{AnyConnection, StorageResult};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const DEAD: &str = "dead";
/// Never sent: its recipient is on the suppression list (`last_error` says since when and why).
pub const SUPPRESSED: &str = "suppressed";

/// A row leased to one worker for delivery.
#[derive(Debug, Clone, QueryableByName, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub idempotency_key: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub headers: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// `security`, `personal` or `bulk` (see [`crate::email::Purpose`]).
    pub purpose: String,
}

/// Queues a message unless one with the same idempotency key exists (one statement, so a
/// concurrent duplicate cannot abort the caller's transaction), and returns its id (`None` for a
/// duplicate). Placeholders must first appear in numeric order: SQLite numbers `$N` parameters by
/// first appearance. `submission_id` names the piece the message is about, if any (see
/// [`about_submission`]). A message `leased_until` a time is its caller's to send (the admins' test
/// message, sent at once by the request): its attempt is counted and no worker claims it
/// (`claim_due` skips leased rows) unless the lease runs out, should the caller die. `purpose` is
/// `security`, `personal` or `bulk`.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut AnyConnection,
    idempotency_key: &str,
    (recipient, purpose): (&str, &str),
    subject: &str,
    (text, html): (&str, &str),
    headers: &[(String, String)],
    now: NaiveDateTime,
    (submission_id, leased_until): (Option<i64>, Option<NaiveDateTime>),
) -> StorageResult<Option<i64>> {
    #[derive(QueryableByName)]
    struct Inserted {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let headers = headers_json(headers);
    let attempts = i32::from(leased_until.is_some());
    let inserted: Vec<Inserted> = diesel::sql_query(
        "INSERT INTO outbox (idempotency_key, recipient, subject, body_text, body_html, headers, status, attempts, \
         next_attempt_at, created_at, submission_id, locked_until, purpose) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $8, $9, $10, $11) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind::<Text, _>(idempotency_key)
    .bind::<Text, _>(recipient)
    .bind::<Text, _>(subject)
    .bind::<Text, _>(text)
    .bind::<Text, _>(html)
    .bind::<Nullable<Text>, _>(headers)
    .bind::<Integer, _>(attempts)
    .bind::<Timestamp, _>(now)
    .bind::<Nullable<BigInt>, _>(submission_id)
    .bind::<Nullable<Timestamp>, _>(leased_until)
    .bind::<Text, _>(purpose)
    .load(conn)?;
    Ok(inserted.first().map(|row| row.id))
}

/// Extra headers as the row keeps them: a JSON list of pairs, or nothing.
fn headers_json(headers: &[(String, String)]) -> Option<String> {
    if headers.is_empty() { None } else { serde_json::to_string(headers).ok() }
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<OutboxRow>> {
    Ok(outbox::table.find(id).select(OutboxRow::as_select()).first(conn).optional()?)
}

/// The newest messages whatever their state, for the admin view.
pub fn recent(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<OutboxRow>> {
    Ok(outbox::table.order(outbox::id.desc()).limit(limit).select(OutboxRow::as_select()).load(conn)?)
}

/// Leases up to `limit` due messages until `lease_until`, bulk ones or the others (never one to a
/// suppressed address but account-security mail), counting the
/// attempt and noting when it was claimed, so a message that kills its worker is not retried
/// forever and the pace of bulk mail can be counted. On Postgres concurrent workers skip each
/// other's rows; SQLite's write lock serialises them.
pub fn claim_due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    (limit, bulk): (i64, bool),
) -> StorageResult<Vec<OutboxRow>> {
    let lock = match conn {
        AnyConnection::Postgresql(_) => "FOR UPDATE SKIP LOCKED",
        AnyConnection::Sqlite(_) => "",
    };
    // Bulk mail waits while any one-off message is due, even one queued after this pass sent the
    // one-off messages it saw (in the same transaction as the bulk, say): the next pass sends it.
    let purpose = if bulk {
        "purpose = 'bulk' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.status = 'pending'            AND o.purpose <> 'bulk' AND o.next_attempt_at <= $2 AND (o.locked_until IS NULL OR o.locked_until <= $2))"
    } else {
        "purpose <> 'bulk'"
    };
    // A message queued to a suppressed address after the worker set such messages aside is left
    // for its next pass to set aside too, never sent.
    let unsuppressed = "AND (purpose = 'security' OR NOT EXISTS \
        (SELECT 1 FROM mail_suppressions s WHERE s.address = lower(outbox.recipient)))";
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1, claimed_at = $2 WHERE id IN (\
           SELECT id FROM outbox WHERE status = 'pending' AND {purpose} AND next_attempt_at <= $2 \
           AND (locked_until IS NULL OR locked_until <= $2) {unsuppressed} \
           ORDER BY next_attempt_at, id LIMIT $3 {lock}) \
         RETURNING id, idempotency_key, recipient, subject, body_text, body_html, headers, status, attempts, \
           next_attempt_at, last_error, created_at, sent_at, purpose"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(lease_until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(conn)?)
}

/// How many bulk messages were claimed for sending since each of two instants (a minute ago,
/// and the length of a worker's pass ago): the pace `mail.max_per_minute` keeps is counted from
/// these, whichever process sent them. On Postgres the caller's transaction first waits for any
/// other process counting, so two cannot both spend the same allowance.
pub fn bulk_claims_since(
    conn: &mut AnyConnection,
    (minute_ago, pass_ago): (NaiveDateTime, NaiveDateTime),
) -> StorageResult<(i64, i64)> {
    #[derive(QueryableByName)]
    struct Claims {
        #[diesel(sql_type = BigInt)]
        minute: i64,
        #[diesel(sql_type = BigInt)]
        pass: i64,
    }
    if let AnyConnection::Postgresql(_) = conn {
        // Any constant names the lock; it is released when the transaction ends.
        diesel::sql_query("SELECT pg_advisory_xact_lock(7345018)").execute(conn)?;
    }
    let claims: Claims = diesel::sql_query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS minute, \
         CAST(COALESCE(SUM(CASE WHEN claimed_at > $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS pass \
         FROM outbox WHERE purpose = 'bulk' AND claimed_at > $2",
    )
    // SQLite numbers `$N` by first appearance: the pass's instant comes first in the text.
    .bind::<Timestamp, _>(pass_ago)
    .bind::<Timestamp, _>(minute_ago)
    .get_result(conn)?;
    Ok((claims.minute, claims.pass))
}

/// A pending message to a suppressed address, with what made it so.
#[derive(Debug, Clone, QueryableByName)]
pub struct SuppressedPending {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = Text)]
    pub diagnostic: String,
    #[diesel(sql_type = Timestamp)]
    pub suppressed_at: NaiveDateTime,
}

/// Pending messages other than account-security mail whose recipient is suppressed (at most
/// `limit`), for the worker to set aside before it claims what it sends.
pub fn pending_to_suppressed(conn: &mut AnyConnection, limit: i64) -> StorageResult<Vec<SuppressedPending>> {
    Ok(diesel::sql_query(
        "SELECT o.id, s.reason, s.diagnostic, s.created_at AS suppressed_at \
         FROM outbox o JOIN mail_suppressions s ON s.address = lower(o.recipient) \
         WHERE o.status = 'pending' AND o.purpose <> 'security' \
         AND (o.locked_until IS NULL OR o.locked_until <= $1) ORDER BY o.id LIMIT $2",
    )
    .bind::<Timestamp, _>(super::now())
    .bind::<BigInt, _>(limit)
    .load(conn)?)
}

/// Sets a pending message aside unsent, saying why; false if it was no longer pending.
pub fn mark_suppressed(conn: &mut AnyConnection, id: i64, why: &str) -> StorageResult<bool> {
    let changed = diesel::update(outbox::table.find(id).filter(outbox::status.eq(PENDING)))
        .set((
            outbox::status.eq(SUPPRESSED),
            outbox::last_error.eq(Some(why)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The recipient of message `id`, if there is one.
pub fn recipient(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(outbox::table.find(id).select(outbox::recipient).first(conn).optional()?)
}

pub fn mark_sent(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(SENT),
            outbox::sent_at.eq(Some(now)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: retry at `retry_at`, or give up (dead letter) when it is `None`.
pub fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> StorageResult<()> {
    let status = if retry_at.is_some() { PENDING } else { DEAD };
    diesel::sql_query(
        "UPDATE outbox SET status = $1, last_error = $2, locked_until = NULL, \
         next_attempt_at = COALESCE($3, next_attempt_at) WHERE id = $4",
    )
    .bind::<Text, _>(status)
    .bind::<Text, _>(error)
    .bind::<Nullable<Timestamp>, _>(retry_at)
    .bind::<BigInt, _>(id)
    .execute(conn)?;
    Ok(())
}

/// Messages in one state, newest first, for the admin view.
pub fn list(conn: &mut AnyConnection, status: &str, limit: i64) -> StorageResult<Vec<OutboxRow>> {
    Ok(outbox::table
        .filter(outbox::status.eq(status))
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Puts a dead letter back in the queue with its attempts reset; false if it was not dead.
pub fn retry_dead(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> StorageResult<bool> {
    let changed = diesel::update(outbox::table.find(id).filter(outbox::status.eq(DEAD)))
        .set((
            outbox::status.eq(PENDING),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Marks every pending message to an address at `domain` as sent without sending it (the demo's
/// reserved domain, whose mail has no reader).
pub fn skip_domain(conn: &mut AnyConnection, domain: &str, now: NaiveDateTime) -> StorageResult<usize> {
    Ok(diesel::update(
        outbox::table.filter(outbox::status.eq(PENDING)).filter(outbox::recipient.like(format!("%@{domain}"))),
    )
    .set((outbox::status.eq(SENT), outbox::sent_at.eq(Some(now)), outbox::last_error.eq(Some("demo: not sent"))))
    .execute(conn)?)
}

/// What the editors' timeline shows of a message about a piece.
#[derive(Debug, Clone, Queryable)]
pub struct MailAbout {
    pub id: i64,
    pub recipient: String,
    /// The recipient's name when the address is a user's.
    pub recipient_name: Option<String>,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Every message about a submission, oldest first.
pub fn about_submission(conn: &mut AnyConnection, submission_id: i64) -> StorageResult<Vec<MailAbout>> {
    use super::schema::users;
    Ok(outbox::table
        .left_join(users::table.on(users::email.eq(outbox::recipient)))
        .filter(outbox::submission_id.eq(submission_id))
        .order(outbox::id.asc())
        .select((
            outbox::id,
            outbox::recipient,
            users::display_name.nullable(),
            outbox::subject,
            outbox::status,
            outbox::attempts,
            outbox::last_error,
            outbox::created_at,
            outbox::sent_at,
        ))
        .load(conn)?)
}
