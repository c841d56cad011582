//! Queries over the email outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use super::schema::outbox;
use super::{AnyConnection, StorageResult};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const DEAD: &str = "dead";

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
}

/// Queues a message unless one with the same idempotency key exists (one statement, so a
/// concurrent duplicate cannot abort the caller's transaction), and returns its id (`None` for a
/// duplicate). Placeholders must first appear in numeric order: SQLite numbers `$N` parameters by
/// first appearance. `submission_id` names the piece the message is about, if any (see
/// [`about_submission`]). A message `leased_until` a time is its caller's to send (the admins' test
/// message, sent at once by the request): its attempt is counted and no worker claims it
/// (`claim_due` skips leased rows) unless the lease runs out, should the caller die.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut AnyConnection,
    idempotency_key: &str,
    recipient: &str,
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
         next_attempt_at, created_at, submission_id, locked_until) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $8, $9, $10) \
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

/// Leases up to `limit` due messages until `lease_until`, counting the attempt now, so a message
/// that kills its worker is not retried forever. On Postgres concurrent workers skip each
/// other's rows; SQLite's write lock serialises them.
pub fn claim_due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> StorageResult<Vec<OutboxRow>> {
    let lock = match conn {
        AnyConnection::Postgresql(_) => "FOR UPDATE SKIP LOCKED",
        AnyConnection::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
           SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 \
           AND (locked_until IS NULL OR locked_until <= $2) ORDER BY next_attempt_at, id LIMIT $3 {lock}) \
         RETURNING id, idempotency_key, recipient, subject, body_text, body_html, headers, status, attempts, \
           next_attempt_at, last_error, created_at, sent_at"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(lease_until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(conn)?)
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
