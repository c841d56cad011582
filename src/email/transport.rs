//! Where delivered mail goes: an SMTP server (lettre; plain, STARTTLS or TLS, with optional
//! authentication, all from `TRIBUNE_SMTP_URL`), or `.eml` files in `TRIBUNE_MAIL_DIR`.

use std::path::PathBuf;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport as _};
use url::Url;

use crate::storage::outbox::OutboxRow;

pub enum Transport {
    Smtp(Box<SmtpTransport>),
    /// One file per outbox row, named by its id (then its idempotency key, for people looking),
    /// so a repeated delivery of a row overwrites its file and two rows never share one.
    Directory(PathBuf),
}

impl Transport {
    /// `smtp://host:port` is plain SMTP; add `?tls=required` for STARTTLS (or `?tls=opportunistic`);
    /// `smtps://` is TLS from the first byte; `user:password@` authenticates.
    pub fn from_settings(smtp_url: Option<&Url>, mail_dir: PathBuf) -> Result<Transport, String> {
        match smtp_url {
            Some(url) => Ok(Transport::Smtp(Box::new(smtp(url, std::time::Duration::from_secs(20))?))),
            None => {
                std::fs::create_dir_all(&mail_dir)
                    .map_err(|e| format!("TRIBUNE_MAIL_DIR {}: {e}", mail_dir.display()))?;
                Ok(Transport::Directory(mail_dir))
            }
        }
    }

    pub fn send(&self, from: &Mailbox, row: &OutboxRow) -> Result<(), String> {
        let message = build(from, row)?;
        match self {
            Transport::Smtp(smtp) => smtp.send(&message).map(|_| ()).map_err(|e| e.to_string()),
            Transport::Directory(dir) => {
                let name = file_name(row);
                let final_path = dir.join(format!("{name}.eml"));
                // Write then rename, so a reader never sees half a message.
                let partial = dir.join(format!(".{name}.eml.partial"));
                std::fs::write(&partial, message.formatted())
                    .and_then(|()| std::fs::rename(&partial, &final_path))
                    .map_err(|e| format!("writing outbox message {} in {}: {e}", row.id, dir.display()))
            }
        }
    }
}

/// The SMTP transport `url` describes, giving up on a server silent for `timeout`; the delivery
/// worker and `tribune doctor` both build it here, so the doctor tests what delivery will use.
pub fn smtp(url: &Url, timeout: std::time::Duration) -> Result<SmtpTransport, String> {
    SmtpTransport::from_url(url.as_str())
        .map(|builder| builder.timeout(Some(timeout)).build())
        .map_err(|e| format!("TRIBUNE_SMTP_URL: {e}"))
}

/// The row's id makes the name unique; the key after it is only a readable hint, so folding its
/// unusual characters (an address's `.`, `_` or `+`) into `_` can no longer make two rows' names
/// the same.
fn file_name(row: &OutboxRow) -> String {
    let hint: String = row
        .idempotency_key
        .chars()
        .take(80)
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    format!("{:010}-{hint}", row.id)
}

fn build(from: &Mailbox, row: &OutboxRow) -> Result<Message, String> {
    let to: Mailbox = row.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    let host = from.email.domain().to_string();
    let extra: Vec<(String, String)> =
        row.headers.as_deref().and_then(|h| serde_json::from_str(h).ok()).unwrap_or_default();
    let mut builder = Message::builder();
    for (name, value) in extra {
        let name = HeaderName::new_from_ascii(name).map_err(|e| format!("header name: {e}"))?;
        builder = builder.raw_header(HeaderValue::new(name, value));
    }
    builder
        .from(from.clone())
        .to(to)
        .subject(&row.subject)
        .message_id(Some(format!("<{}@{host}>", message_id_part(&row.idempotency_key))))
        .multipart(MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone()))
        .map_err(|e| e.to_string())
}

/// A stable Message-ID local part: the same key always gives the same id.
fn message_id_part(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
