//! Bounces and complaints that come back: delivery status notifications (RFC 3464) and abuse
//! reports (ARF, RFC 5965), read with mail-parser from one message or an mbox (`tribune mail
//! bounces --mbox FILE`, or `-` for an MTA's pipe). A hard bounce (5.x.x, the address does not
//! exist or refuses mail) or a complaint suppresses the address; a soft bounce (4.x.x, or a full
//! mailbox) never does: the outbox retries those by itself.
//!
//! Who a report is about: the bounce address (VERP, see [`super::verp`]) names the message, and so
//! its recipient, whatever forwarding happened; only when no bounce address of ours is found does
//! the report's own Final-Recipient (Original-Rcpt-To for a complaint) count, and then only for an
//! address Tribune has written to, so a stray or forged report cannot silence anyone else.

use chrono::NaiveDateTime;
use mail_parser::{Message, MessageParser, MimeHeaders};

use super::verp::ReturnPath;
use crate::storage::{AnyConnection, StorageResult, outbox, suppressions};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Permanent: the address is suppressed.
    HardBounce,
    /// Temporary (or a delay warning): nothing changes.
    SoftBounce,
    /// The recipient called it spam: the address is suppressed.
    Complaint,
}

/// One recipient's outcome, as a report gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub kind: Kind,
    /// The outbox row its bounce address names, when it came back to one of ours.
    pub outbox_id: Option<i64>,
    /// Whom the report names itself (Final-Recipient, Original-Rcpt-To), lower-case.
    pub recipient: Option<String>,
    /// What the receiving server said ("550 5.1.1 <ada@example.org>: User unknown"), or what kind
    /// of complaint from whom ("abuse report via Microsoft JMRP").
    pub diagnostic: String,
}

/// The messages in `input`: an mbox (it starts with a `From ` line, as Postfix's pipe with
/// `flags=F` and mail spools write them) or one message as it is.
pub fn messages(input: &[u8]) -> Vec<Vec<u8>> {
    if input.starts_with(b"From ") {
        mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(input))
            .filter_map(Result::ok)
            .map(|message| message.unwrap_contents())
            .collect()
    } else {
        vec![input.to_vec()]
    }
}

/// The reports in one message; none if it is neither a delivery status notification nor a
/// complaint (an auto-reply, say, which bounce addresses receive too).
pub fn read(raw: &[u8], return_path: &ReturnPath) -> Vec<Report> {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let mut status_fields = None;
    let mut feedback_fields = None;
    // The returned message, or its headers.
    let mut original_raw: Option<&[u8]> = None;
    for part in &message.parts {
        let Some(content_type) = part.content_type() else { continue };
        let kind = format!("{}/{}", content_type.ctype(), content_type.subtype().unwrap_or_default()).to_lowercase();
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                status_fields = Some(field_groups(part.contents()));
            }
            "message/feedback-report" => feedback_fields = Some(field_groups(part.contents())),
            "message/rfc822" | "message/global" | "text/rfc822-headers" if original_raw.is_none() => {
                original_raw = Some(part.contents());
            }
            _ => {}
        }
    }
    let original: Option<Message<'_>> = original_raw.and_then(|raw| MessageParser::default().parse_headers(raw));
    // Where the report came back to (or, in the copy it returns, where the original's bounces
    // were to go): the first of our bounce addresses found names the message.
    let mut candidates: Vec<String> = message
        .headers_raw()
        .filter(|(name, _)| {
            ["delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "to"]
                .contains(&name.to_ascii_lowercase().as_str())
        })
        .flat_map(|(_, value)| addresses_in(value))
        .collect();
    if let Some(original) = &original {
        candidates.extend(original.header_raw("Return-Path").map(addresses_in).unwrap_or_default());
    }
    if let Some(groups) = &feedback_fields {
        candidates.extend(groups.iter().flat_map(|g| field(g, "original-mail-from")).flat_map(addresses_in));
    }
    let outbox_id = candidates.iter().find_map(|address| return_path.outbox_id(address));

    if let Some(groups) = status_fields {
        // The first group is about the message; each further one about one recipient.
        return groups.iter().skip(1).filter_map(|group| recipient_status(group, outbox_id)).collect();
    }
    if let Some(groups) = feedback_fields {
        let fields: Vec<(String, String)> = groups.into_iter().flatten().collect();
        let feedback_type = field(&fields, "feedback-type").unwrap_or("abuse").to_lowercase();
        // A person's "this is spam" (abuse, fraud); not reports about authentication, viruses or
        // a message marked not-spam, which say nothing about whether they want our mail.
        if !matches!(feedback_type.as_str(), "abuse" | "fraud") {
            return Vec::new();
        }
        let recipient =
            field(&fields, "original-rcpt-to").and_then(|value| addresses_in(value).into_iter().next()).or_else(|| {
                original.as_ref().and_then(|o| o.header_raw("To")).and_then(|to| addresses_in(to).into_iter().next())
            });
        let reporter =
            field(&fields, "user-agent").or_else(|| field(&fields, "reporting-mta")).unwrap_or("the receiver");
        return vec![Report {
            kind: Kind::Complaint,
            outbox_id,
            recipient,
            diagnostic: format!("{feedback_type} report via {reporter}"),
        }];
    }
    Vec::new()
}

/// One per-recipient group of a delivery status notification; `None` if it reports a delivery.
fn recipient_status(group: &[(String, String)], outbox_id: Option<i64>) -> Option<Report> {
    let action = field(group, "action").unwrap_or("failed").to_lowercase();
    if matches!(action.as_str(), "delivered" | "relayed" | "expanded") {
        return None;
    }
    let status = field(group, "status").map(|s| s.split_whitespace().next().unwrap_or_default().to_string());
    let diagnostic = field(group, "diagnostic-code").map(|code| after_type(code).to_string());
    let recipient = field(group, "final-recipient")
        .or_else(|| field(group, "original-recipient"))
        .and_then(|value| addresses_in(after_type(value)).into_iter().next());
    let permanent = action == "failed" && status.as_deref().is_some_and(address_refused_for_good);
    let said = match (diagnostic, status) {
        (Some(diagnostic), _) if !diagnostic.is_empty() => diagnostic,
        (_, Some(status)) => format!("status {status} ({action})"),
        _ => action.clone(),
    };
    Some(Report {
        kind: if permanent { Kind::HardBounce } else { Kind::SoftBounce },
        outbox_id,
        recipient,
        diagnostic: said,
    })
}

/// Whether a permanent status says the address itself is gone (RFC 3463): no such mailbox or
/// domain (5.1.x), a disabled mailbox (5.2.1), no route to the domain (5.4.4). Other permanent
/// failures are about the message or the sender (5.7.x: refused as spam or for the sender's
/// reputation; 5.3.4: too large; 5.2.2: a full mailbox, which empties again), and suppressing
/// on them would silence a whole provider's users after one bad day.
fn address_refused_for_good(status: &str) -> bool {
    status.starts_with("5.1.") || status == "5.2.1" || status == "5.4.4"
}

/// `rfc822; ada@example.org` → `ada@example.org`; `smtp; 550 ...` → `550 ...`.
fn after_type(value: &str) -> &str {
    value.split_once(';').map_or(value, |(_, rest)| rest).trim()
}

/// The header-like fields of a report part, in blank-line separated groups, each field's name
/// lower-case and its value unfolded; parsed by mail-parser, group by group.
fn field_groups(contents: &[u8]) -> Vec<Vec<(String, String)>> {
    let text = String::from_utf8_lossy(contents).replace("\r\n", "\n");
    text.split("\n\n")
        .filter(|group| !group.trim().is_empty())
        .map(|group| {
            let group = format!("{}\n\n", group.trim_matches('\n'));
            MessageParser::default()
                .parse_headers(group.as_bytes())
                .map(|parsed| {
                    parsed
                        .headers_raw()
                        .map(|(name, value)| {
                            (name.to_ascii_lowercase(), value.split_whitespace().collect::<Vec<_>>().join(" "))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, value)| value.as_str())
}

/// The addresses in a header's text (`"Ada" <ada@example.org>, bob@example.org`), lower-case.
pub(super) fn addresses_in(text: &str) -> Vec<String> {
    text.split([',', ' ', '\t', '\r', '\n', ';'])
        .map(|word| word.trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '(' | ')')))
        .filter(|word| word.contains('@') && !word.starts_with('@'))
        .map(str::to_lowercase)
        .collect()
}

/// What became of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The address is suppressed now (`new`: it was not before).
    Suppressed { address: String, kind: Kind, new: bool },
    /// A failure that is not about the address (a delay, a full mailbox, a refusal as spam):
    /// nothing changes.
    Soft { address: Option<String> },
    /// The report carries none of our signed bounce addresses: not acted on.
    Unknown { recipient: Option<String> },
}

/// Applies one report: suppresses its address if it bounced hard or complained.
pub fn record(conn: &mut AnyConnection, report: &Report, at: NaiveDateTime) -> StorageResult<Outcome> {
    // Only a report that carries one of our signed bounce addresses is acted on: the address it
    // names itself (Final-Recipient, the complaint's To) is whatever its sender wrote, and anyone
    // can mail the bounce address a made-up report naming someone else.
    let address = match report.outbox_id {
        Some(id) => outbox::recipient(conn, id)?.map(|address| address.to_lowercase()),
        None => None,
    };
    let Some(address) = address else {
        return Ok(Outcome::Unknown { recipient: report.recipient.clone() });
    };
    let reason = match report.kind {
        Kind::SoftBounce => return Ok(Outcome::Soft { address: Some(address) }),
        Kind::HardBounce => suppressions::BOUNCE,
        Kind::Complaint => suppressions::COMPLAINT,
    };
    let new = suppressions::insert(
        conn,
        &suppressions::SuppressionRow {
            address: address.clone(),
            reason: reason.to_string(),
            diagnostic: report.diagnostic.chars().take(1000).collect(),
            outbox_id: report.outbox_id,
            created_at: at,
        },
    )?;
    Ok(Outcome::Suppressed { address, kind: report.kind, new })
}

/// A suppression in words, as the outbox row of a message it stopped says it: "hard bounce on
/// 2026-12-07: 550 5.1.1 User unknown".
pub fn suppression_in_words(reason: &str, at: NaiveDateTime, diagnostic: &str) -> String {
    let what = if reason == suppressions::COMPLAINT { "complaint" } else { "hard bounce" };
    format!("{what} on {}: {diagnostic}", at.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_statuses_about_the_address_itself_suppress() {
        for gone in ["5.1.1", "5.1.10", "5.2.1", "5.4.4"] {
            assert!(super::address_refused_for_good(gone), "{gone}");
        }
        for not_about_the_address in ["5.7.1", "5.7.26", "5.3.4", "5.2.2", "4.2.2", "4.4.1", "5.0.0"] {
            assert!(!super::address_refused_for_good(not_about_the_address), "{not_about_the_address}");
        }
    }

    use super::*;

    /// A sample from `tests/mail`, sent as outbox row 42 to `to`.
    fn sample(name: &str, to: &str) -> (ReturnPath, Vec<u8>) {
        let path = ReturnPath::new("tribune.test", b"key");
        let text = std::fs::read_to_string(format!("{}/tests/mail/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        (path.clone(), text.replace("{{BOUNCE}}", &path.address(42)).replace("{{RECIPIENT}}", to).into_bytes())
    }

    fn one(name: &str, to: &str) -> Report {
        let (path, raw) = sample(name, to);
        let reports = read(&raw, &path);
        assert_eq!(reports.len(), 1, "{name}: {reports:?}");
        reports.into_iter().next().unwrap()
    }

    #[test]
    fn hard_bounces_of_postfix_gmail_and_outlook_name_their_message_or_recipient_and_what_the_server_said() {
        let postfix = one("postfix-user-unknown.eml", "Ada@Riverside.example");
        assert_eq!(postfix.kind, Kind::HardBounce);
        assert_eq!(postfix.outbox_id, Some(42));
        assert_eq!(postfix.recipient.as_deref(), Some("ada@riverside.example"));
        assert_eq!(
            postfix.diagnostic,
            "550 5.1.1 <Ada@Riverside.example>: Recipient address rejected: User unknown in virtual mailbox table"
        );
        let gmail = one("gmail-no-such-user.eml", "bob@gmail.example");
        assert_eq!((gmail.kind, gmail.outbox_id), (Kind::HardBounce, Some(42)));
        assert!(
            gmail.diagnostic.starts_with("550-5.1.1 The email account that you tried to reach does not exist."),
            "{}",
            gmail.diagnostic
        );
        // Forwarded on: the bounce came back to the forwarder, not to our bounce address.
        let outlook = one("outlook-recipient-not-found.eml", "carol@outlook.example");
        assert_eq!((outlook.kind, outlook.outbox_id), (Kind::HardBounce, None));
        assert_eq!(outlook.recipient.as_deref(), Some("carol@outlook.example"));
        assert!(outlook.diagnostic.starts_with("550 5.1.10 RESOLVER.ADR.RecipientNotFound"), "{}", outlook.diagnostic);
    }

    #[test]
    fn a_delay_warning_is_a_soft_bounce_and_a_complaint_names_its_message() {
        let delayed = one("postfix-delayed.eml", "dave@riverside.example");
        assert_eq!((delayed.kind, delayed.outbox_id), (Kind::SoftBounce, Some(42)));
        let complaint = one("arf-complaint.eml", "erin@hotmail.example");
        assert_eq!((complaint.kind, complaint.outbox_id), (Kind::Complaint, Some(42)));
        assert_eq!(complaint.recipient.as_deref(), Some("erin@hotmail.example"));
        assert_eq!(complaint.diagnostic, "abuse report via Microsoft JMRP/1.0");
    }

    #[test]
    fn an_auto_reply_is_no_report() {
        let path = ReturnPath::new("tribune.test", b"key");
        let reply = format!("To: {}\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n", path.address(42));
        assert!(read(reply.as_bytes(), &path).is_empty());
    }

    #[test]
    fn addresses_are_found_in_any_header_shape() {
        assert_eq!(
            addresses_in(" \"Ada\" <Ada@Example.org>, bob@example.org\r\n"),
            ["ada@example.org", "bob@example.org"]
        );
        assert_eq!(addresses_in("rfc822;x@example.org"), ["x@example.org"]);
        assert!(addresses_in("<>").is_empty());
    }

    #[test]
    fn a_mailbox_file_is_split_into_its_messages_and_one_message_is_one() {
        let mbox = b"From MAILER-DAEMON Mon Dec  7 10:00:00 2026\nSubject: one\n\nbody\n>From here\n\nFrom MAILER-DAEMON Mon Dec  7 10:01:00 2026\nSubject: two\n\nbody\n";
        let found = messages(mbox);
        assert_eq!(found.len(), 2);
        assert!(String::from_utf8_lossy(&found[0]).contains("\nFrom here"), "unquoted");
        assert_eq!(messages(b"Subject: one\n\nbody\n").len(), 1);
    }
}
