//! Email: every message is first an outbox row, written in the same transaction as the change
//! that caused it ([`enqueue`]); the [`worker`] delivers rows through a [`transport`] with
//! retries, backoff and a dead-letter state. The messages themselves are in [`messages`], each in
//! its reader's language ([`language`]); what admins see and check of it (the outbox, the
//! transport, a test message) in [`admin`] and [`check`].
//!
//! Mail that arrives: every message is signed with DKIM when a key is configured ([`dkim`]) and
//! carries its own bounce address ([`verp`]); [`bounces`] reads the bounces and complaints that
//! come back, and an address that bounced hard or complained is suppressed: only account-security
//! mail still goes to it (each message's [`Purpose`] says which it is). Bulk mail is paced
//! (`mail.max_per_minute`) behind every one-off message (see [`worker`]).
//!
//! Delivery guarantee: at least once, and in practice once. A row is leased to one worker before
//! it is sent (`FOR UPDATE SKIP LOCKED` on Postgres; SQLite has a single writer) and marked sent
//! right after the transport accepts it. Only a process that dies in the instant between the two
//! can send a row again, after its lease expires; every copy carries the same `Message-ID`
//! (derived from the idempotency key), so mail clients fold such a copy into one. A row whose
//! idempotency key is already queued is never queued twice.

pub mod admin;
pub mod bounces;
pub mod check;
pub mod dkim;
pub mod inbound;
pub mod language;
pub mod messages;
pub mod transport;
pub mod verp;
pub mod worker;

use chrono::NaiveDateTime;

use lettre::message::Mailbox;

use crate::domain::throttle::Limit;
use crate::i18n::Lang;
use crate::storage::{AnyConnection, StorageResult, outbox, throttles};

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
    pub purpose: Purpose,
}

/// Why a message is sent, which decides what may stop or delay it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A person's way into their own account (password reset, address verification, "you already
    /// have an account") or an admin's test: sent even to a suppressed address, since someone
    /// asked for it just now, and never held behind bulk mail.
    AccountSecurity,
    /// To one person about their own doing (a decision on their piece, a receipt, an answer to
    /// their question): not sent to a suppressed address; never held behind bulk mail.
    Personal,
    /// The same news to many (the daily digest, the editors' reminders, "new in the queue" to
    /// every editor): not sent to a suppressed address, and paced by `mail.max_per_minute`.
    Bulk,
}

impl Purpose {
    /// As the outbox stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::AccountSecurity => "security",
            Purpose::Personal => "personal",
            Purpose::Bulk => "bulk",
        }
    }
}

/// Writes the message to the outbox on `conn`: call it inside the transaction of the change
/// that caused it, so the message exists if and only if the change does.
pub fn enqueue(conn: &mut AnyConnection, email: &OutgoingEmail) -> StorageResult<()> {
    insert(conn, email, (None, None)).map(drop)
}

/// [`enqueue`] for a message about a submission (to its author, or to the editors about it): the
/// row names the piece, so the editors' timeline of it lists the message and its delivery state.
pub fn enqueue_about(conn: &mut AnyConnection, email: &OutgoingEmail, submission_id: i64) -> StorageResult<()> {
    insert(conn, email, (Some(submission_id), None)).map(drop)
}

/// [`enqueue`] for a message its caller sends at once itself (an admin's test message): the row
/// is queued already leased until `lease_until`, its attempt counted, so no worker takes it
/// meanwhile. Returns the row as queued, to hand to the transport.
pub fn enqueue_leased(
    conn: &mut AnyConnection,
    email: &OutgoingEmail,
    lease_until: NaiveDateTime,
) -> StorageResult<outbox::OutboxRow> {
    let id = insert(conn, email, (None, Some(lease_until)))?.ok_or(diesel::result::Error::NotFound)?;
    outbox::find(conn, id)?.ok_or(diesel::result::Error::NotFound.into())
}

/// The text and HTML of `email`, signed with the site's name and footer as they are in this
/// transaction.
fn signed(conn: &mut AnyConnection, email: &OutgoingEmail) -> StorageResult<(String, String)> {
    let signature = signature(conn, email)?;
    let text = format!("{}\n\n-- \n{}\n", email.text.trim_end(), signature.join("\n"));
    let html_lines: Vec<String> = signature
        .iter()
        .map(|line| {
            let Ok(escaped) = askama::filters::escape(line, askama::filters::Html);
            format!("<p>{escaped}</p>")
        })
        .collect();
    let html = format!("{}\n{}\n", email.html.trim_end(), html_lines.join("\n"));
    Ok((text, html))
}

/// The lines that sign `email`: the site's tagline in the message's language (its
/// `Content-Language`, English if it names none), then the organisers' footer as they wrote it.
fn signature(conn: &mut AnyConnection, email: &OutgoingEmail) -> StorageResult<Vec<String>> {
    let lang = email
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(messages::LANGUAGE_HEADER))
        .and_then(|(_, code)| Lang::parse(code))
        .unwrap_or_default();
    Ok(crate::domain::site::stored(conn)?.signature(lang))
}

/// The sender of what is sent now: `configured` (`mail.from`), named after the site when it
/// names nobody.
pub fn sender(conn: &mut AnyConnection, configured: &Mailbox) -> StorageResult<Mailbox> {
    if configured.name.is_some() {
        return Ok(configured.clone());
    }
    let site = crate::domain::site::stored(conn)?;
    Ok(Mailbox::new(Some(site.title().to_string()), configured.email.clone()))
}

/// Queues `email`, signed with the site's name as it is in this transaction; its id, unless a
/// message with its idempotency key was queued before.
fn insert(
    conn: &mut AnyConnection,
    email: &OutgoingEmail,
    about_and_lease: (Option<i64>, Option<NaiveDateTime>),
) -> StorageResult<Option<i64>> {
    let (text, html) = signed(conn, email)?;
    outbox::insert(
        conn,
        &email.idempotency_key,
        (&email.to, email.purpose.as_str()),
        &email.subject,
        (&text, &html),
        &email.headers,
        crate::storage::now(),
        about_and_lease,
    )
}

/// [`enqueue`] for a message anyone can have sent to any address by typing it into a public form
/// (a registration, a password reset, a subscription, a mailbag receipt). At most `cap` such
/// messages go to one mailbox per window, whichever forms asked; past that the message is
/// silently not queued, and the form answers as it always does, so the cap reveals nothing.
/// Messages about a person's own work (editorial decisions, publications) use [`enqueue`] and
/// are never capped. Returns whether the message was queued.
pub fn enqueue_form_reply(conn: &mut AnyConnection, email: &OutgoingEmail, cap: Limit) -> StorageResult<bool> {
    enqueue_capped(conn, email, cap, None)
}

/// [`enqueue_form_reply`] for an answer to mail, which anyone can send in a member's name:
/// capped the same way, and naming the piece it is about, if any.
pub fn enqueue_capped(
    conn: &mut AnyConnection,
    email: &OutgoingEmail,
    cap: Limit,
    about: Option<i64>,
) -> StorageResult<bool> {
    let now = crate::storage::now();
    let bucket = format!("mail:to:{}", mailbox_key(&email.to));
    // `reserve` only counts below the cap: `None` means the cap is reached.
    if throttles::reserve(conn, &bucket, now, now - cap.window, cap.max)?.is_none() {
        tracing::info!("outbox: a form's message was not queued; its recipient reached the mail_per_recipient cap");
        return Ok(false);
    }
    insert(conn, email, (about, None))?;
    Ok(true)
}

/// One key per mailbox, whatever spelling reaches it: case folded, a `+tag` dropped (it
/// delivers to the same mailbox nearly everywhere), and Gmail's dots, which it ignores. Hashed,
/// so the throttle table holds no addresses.
fn mailbox_key(address: &str) -> String {
    let address = address.trim().to_lowercase();
    let (local, domain) = address.rsplit_once('@').unwrap_or((address.as_str(), ""));
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = match domain {
        "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com"),
        _ => (local.to_string(), domain),
    };
    crate::domain::accounts::hash_secret(&format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::mailbox_key;

    #[test]
    fn spellings_of_one_mailbox_share_a_key() {
        let key = mailbox_key("victim@example.org");
        for same in ["Victim@Example.org", " victim+1@example.org", "victim+a+b@EXAMPLE.ORG"] {
            assert_eq!(mailbox_key(same), key, "{same}");
        }
        assert_ne!(mailbox_key("v.ictim@example.org"), key, "dots matter outside Gmail");
        assert_eq!(mailbox_key("v.i.c.t.i.m+x@googlemail.com"), mailbox_key("victim@gmail.com"));
        assert_ne!(mailbox_key("other@example.org"), key);
    }
}
