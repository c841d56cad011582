//! Where delivered mail goes: an SMTP server (lettre; plain, STARTTLS or TLS, with optional
//! authentication, all from `TRIBUNE_SMTP_URL`), or `.eml` files in `TRIBUNE_MAIL_DIR`. Every
//! message is built here: with its own bounce address as envelope sender ([`ReturnPath`]) and,
//! when a key is configured, a DKIM signature. It also says, for admins, where mail goes
//! ([`Transport::describe`]) and why a delivery failed, in words rather than in lettre's terms.

use std::error::Error as _;
use std::path::PathBuf;
use std::sync::Arc;

use lettre::address::Envelope;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{Message, SmtpTransport, Transport as _};
use url::Url;

use super::dkim::Dkim;
use super::verp::ReturnPath;
use crate::storage::outbox::OutboxRow;

pub struct Transport {
    route: Route,
    signing: Signing,
}

enum Route {
    Smtp(Box<SmtpRelay>),
    /// One file per outbox row, named by its id (then its idempotency key, for people looking),
    /// so a repeated delivery of a row overwrites its file and two rows never share one.
    Directory(PathBuf),
}

/// What every message carries besides its content: where its bounces go, and its signature.
#[derive(Debug, Clone)]
pub struct Signing {
    pub return_path: ReturnPath,
    pub dkim: Option<Arc<Dkim>>,
}

/// The SMTP client, with what the URL said about where it goes (lettre keeps that to itself).
pub struct SmtpRelay {
    client: SmtpTransport,
    /// `host:port`, as errors name it.
    server: String,
    /// "SMTP to host:port as user X (STARTTLS)": never the password.
    description: String,
}

/// What an admin is told about the transport in use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TransportView {
    /// `smtp` or `files`.
    pub kind: &'static str,
    /// "SMTP to mail.example.org:587 as user tribune (STARTTLS)", or "Written as files to
    /// /srv/tribune/data/mail: nothing is delivered". Never a password.
    pub description: String,
    /// Whether mail leaves this machine at all (false for files).
    pub delivers: bool,
}

impl Transport {
    /// `smtp://host:port` is plain SMTP; add `?tls=required` for STARTTLS (or `?tls=opportunistic`);
    /// `smtps://` is TLS from the first byte; `user:password@` authenticates.
    pub fn from_settings(smtp_url: Option<&Url>, mail_dir: PathBuf, signing: Signing) -> Result<Transport, String> {
        let route = match smtp_url {
            Some(url) => {
                let client = smtp(url, std::time::Duration::from_secs(20))?;
                let (server, description) = smtp_description(url);
                Route::Smtp(Box::new(SmtpRelay { client, server, description }))
            }
            None => {
                std::fs::create_dir_all(&mail_dir)
                    .map_err(|e| format!("TRIBUNE_MAIL_DIR {}: {e}", mail_dir.display()))?;
                // The absolute path, so an admin reading it knows which directory on which disk.
                Route::Directory(std::fs::canonicalize(&mail_dir).unwrap_or(mail_dir))
            }
        };
        Ok(Transport { route, signing })
    }

    /// Where mail goes, for admins.
    pub fn describe(&self) -> TransportView {
        match &self.route {
            Route::Smtp(relay) => {
                TransportView { kind: "smtp", description: relay.description.clone(), delivers: true }
            }
            Route::Directory(dir) => TransportView {
                kind: "files",
                description: format!("Written as files to {}: nothing is delivered", dir.display()),
                delivers: false,
            },
        }
    }

    /// Delivers one outbox row; a failure comes back in words an admin can act on ("could not
    /// connect to mail.example.org:587: connection refused"), which the row keeps.
    pub fn send(&self, from: &Mailbox, row: &OutboxRow) -> Result<(), String> {
        let mut message = build(from, row, &self.signing.return_path)?;
        if let Some(dkim) = &self.signing.dkim {
            dkim.sign(&mut message);
        }
        match &self.route {
            Route::Smtp(relay) => {
                relay.client.send(&message).map(|_| ()).map_err(|e| smtp_error_in_words(&e, &relay.server))
            }
            Route::Directory(dir) => {
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

/// The message of `row`, its envelope sender the row's own bounce address.
fn build(from: &Mailbox, row: &OutboxRow, return_path: &ReturnPath) -> Result<Message, String> {
    let to: Mailbox = row.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    let bounces = return_path.address(row.id).parse().map_err(|e| format!("the bounce address: {e}"))?;
    let envelope = Envelope::new(Some(bounces), vec![to.email.clone()]).map_err(|e| format!("the envelope: {e}"))?;
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
        .envelope(envelope)
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

/// `host:port` and the sentence describing an SMTP URL, with the ports lettre defaults to.
fn smtp_description(url: &Url) -> (String, String) {
    let host = url.host_str().unwrap_or_default();
    let tls = url.query_pairs().find(|(key, _)| key == "tls").map(|(_, value)| value.into_owned());
    let (default_port, security) = match (url.scheme(), tls.as_deref()) {
        ("smtps", _) => (465, "TLS"),
        (_, Some("required")) => (587, "STARTTLS"),
        (_, Some("opportunistic")) => (587, "STARTTLS if the server offers it, else unencrypted"),
        _ => (25, "unencrypted"),
    };
    let server = format!("{host}:{}", url.port().unwrap_or(default_port));
    // lettre authenticates only when a password is given; the password itself is never shown.
    let who = if url.password().is_some() {
        let user = percent_encoding::percent_decode_str(url.username()).decode_utf8_lossy();
        format!("as user {user}")
    } else {
        "without signing in".to_string()
    };
    let description = format!("SMTP to {server} {who} ({security})");
    (server, description)
}

/// An SMTP failure as an admin reads it: what was tried with which server, and what happened.
/// lettre's own text ("Connection error: Connection refused (os error 111)") names neither.
fn smtp_error_in_words(error: &SmtpError, server: &str) -> String {
    let cause = error.source().map(|source| source.to_string()).unwrap_or_default();
    if let Some(code) = error.status() {
        let said = format!("{code} {}", cause.trim());
        return match u16::from(code) {
            530 | 534 | 535 | 538 => format!("{server} refused the user name or password ({})", said.trim()),
            _ if error.is_permanent() => format!("{server} refused the message ({})", said.trim()),
            _ => format!("{server} turned the message away for now ({})", said.trim()),
        };
    }
    let io = io_cause(error);
    if error.is_timeout() {
        return format!("{server} did not answer in time");
    }
    if error.is_tls() {
        return format!("the TLS handshake with {server} failed: {cause}");
    }
    if error.is_client() || error.is_response() {
        return format!("{server}: {cause}");
    }
    // lettre's "Connection" and "network" kinds have no predicate; its text tells them apart.
    let words = io.map_or(cause, io_in_words);
    if error.to_string().starts_with("Connection error") {
        format!("could not connect to {server}: {words}")
    } else {
        format!("the connection to {server} broke: {words}")
    }
}

fn io_cause(error: &SmtpError) -> Option<&std::io::Error> {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}

/// The system's reason, without its errno ("Connection refused (os error 111)" is "connection
/// refused").
fn io_in_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::ConnectionRefused => "connection refused".to_string(),
        ErrorKind::TimedOut => "no answer (timed out)".to_string(),
        ErrorKind::ConnectionReset => "the server closed the connection".to_string(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(url: &str) -> String {
        smtp_description(&Url::parse(url).unwrap()).1
    }

    #[test]
    fn an_smtp_url_is_described_with_its_security_and_user_but_never_its_password() {
        assert_eq!(
            describe("smtp://tribune:s3cret@mail.example.org?tls=required"),
            "SMTP to mail.example.org:587 as user tribune (STARTTLS)"
        );
        assert_eq!(describe("smtps://a%40b:pw@mail.example.org"), "SMTP to mail.example.org:465 as user a@b (TLS)");
        assert_eq!(describe("smtp://127.0.0.1:2525"), "SMTP to 127.0.0.1:2525 without signing in (unencrypted)");
        assert!(!describe("smtp://u:hunter2hunter2@h:25").contains("hunter2"));
    }

    #[test]
    fn a_refused_connection_is_said_in_words_naming_the_server() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = Url::parse(&format!("smtp://127.0.0.1:{port}")).unwrap();
        let signing = Signing { return_path: ReturnPath::new("example.org", b"key"), dkim: None };
        let transport = Transport::from_settings(Some(&url), PathBuf::new(), signing).unwrap();
        let row = OutboxRow {
            id: 1,
            idempotency_key: "k".into(),
            recipient: "ada@example.org".into(),
            subject: "s".into(),
            body_text: "t".into(),
            body_html: "h".into(),
            headers: None,
            status: "pending".into(),
            attempts: 1,
            next_attempt_at: chrono::NaiveDateTime::default(),
            last_error: None,
            created_at: chrono::NaiveDateTime::default(),
            sent_at: None,
            purpose: "security".into(),
        };
        let from: Mailbox = "Tribune <t@example.org>".parse().unwrap();
        let error = transport.send(&from, &row).unwrap_err();
        assert_eq!(error, format!("could not connect to 127.0.0.1:{port}: connection refused"));
    }
}
