//! Each message's own bounce address (VERP): the envelope sender (Return-Path) of outbox row 42
//! is `bounce+42-<tag>@<bounce domain>`, so a bounce names the message it is about even when the
//! receiving server rewrote or forwarded the recipient. The tag is a keyed hash of the id, with a
//! secret the server keeps in the database (the same in every process), so nobody can make up a
//! bounce address that suppresses someone else's mail.
//!
//! Reply addresses ([`ReplyAddresses`]) are made the same way, for the author's answer by email
//! to the editors' request for changes.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::storage::{AnyConnection, StorageResult, secrets};

/// Hex digits of a tag: 40 bits, far more than anyone can guess by sending mail.
const TAG_LEN: usize = 10;

/// Addresses `<prefix><id>-<tag>@<domain>` whose tag only the holder of the key can make, for
/// one `scope` (so a bounce address's tag is never a reply address's).
#[derive(Clone)]
struct Signed {
    prefix: &'static str,
    scope: &'static str,
    domain: String,
    key: Vec<u8>,
}

impl Signed {
    fn address(&self, id: i64) -> String {
        format!("{}{id}-{}@{}", self.prefix, self.tag(id), self.domain)
    }

    /// The id an address names, if it is one of these with a true tag. Case does not matter (some
    /// servers fold it) and neither does the domain (a forwarder may rewrite it).
    fn id_of(&self, address: &str) -> Option<i64> {
        let address = address.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
        let (local, _domain) = address.rsplit_once('@')?;
        let (id, tag) = local.strip_prefix(self.prefix)?.split_once('-')?;
        let id: i64 = id.parse().ok()?;
        use subtle::ConstantTimeEq;
        bool::from(self.tag(id).as_bytes().ct_eq(tag.as_bytes())).then_some(id)
    }

    fn tag(&self, id: i64) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(format!("{}:{id}", self.scope).as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect::<String>()[..TAG_LEN].to_string()
    }
}

/// The server secret the tags are made with, made on first use.
fn secret(conn: &mut AnyConnection) -> StorageResult<String> {
    let fresh: String = (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
    secrets::get_or_create(conn, ReturnPath::SECRET_NAME, &fresh)
}

#[derive(Clone)]
pub struct ReturnPath(Signed);

impl std::fmt::Debug for ReturnPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReturnPath").field("domain", &self.0.domain).finish_non_exhaustive()
    }
}

impl ReturnPath {
    /// The server secret the tags are made with (of reply addresses too).
    pub const SECRET_NAME: &'static str = "verp";

    /// The bounce addresses at `domain`, with the database's secret (made on first use).
    pub fn load(conn: &mut AnyConnection, domain: &str) -> StorageResult<ReturnPath> {
        Ok(ReturnPath::new(domain, secret(conn)?.as_bytes()))
    }

    pub fn new(domain: &str, key: &[u8]) -> ReturnPath {
        ReturnPath(Signed { prefix: "bounce+", scope: "outbox", domain: domain.to_lowercase(), key: key.to_vec() })
    }

    /// Where bounces of outbox row `id` go.
    pub fn address(&self, id: i64) -> String {
        self.0.address(id)
    }

    /// The outbox row a bounce address names, if it is one of ours with a true tag.
    pub fn outbox_id(&self, address: &str) -> Option<i64> {
        self.0.id_of(address)
    }
}

/// Each submission's reply address, `reply+<submission>-<tag>@<domain of mail.inbound_address>`:
/// the Reply-To of the editors' request for changes, so the author's answer by email names the
/// piece it revises, and nobody can make up an address that revises someone else's (the sender
/// must be the author as well).
#[derive(Clone)]
pub struct ReplyAddresses(Signed);

impl std::fmt::Debug for ReplyAddresses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyAddresses").field("domain", &self.0.domain).finish_non_exhaustive()
    }
}

impl ReplyAddresses {
    pub fn load(conn: &mut AnyConnection, domain: &str) -> StorageResult<ReplyAddresses> {
        Ok(ReplyAddresses::new(domain, secret(conn)?.as_bytes()))
    }

    pub fn new(domain: &str, key: &[u8]) -> ReplyAddresses {
        ReplyAddresses(Signed { prefix: "reply+", scope: "reply", domain: domain.to_lowercase(), key: key.to_vec() })
    }

    /// Where the author of submission `id` answers a request for changes.
    pub fn address(&self, id: i64) -> String {
        self.0.address(id)
    }

    /// The submission a reply address names, if it is one of ours with a true tag.
    pub fn submission_id(&self, address: &str) -> Option<i64> {
        self.0.id_of(address)
    }
}

#[cfg(test)]
mod tests {
    use super::ReturnPath;

    #[test]
    fn a_bounce_address_names_its_message_and_cannot_be_made_up() {
        let path = ReturnPath::new("Example.org", b"secret");
        let address = path.address(42);
        assert!(address.starts_with("bounce+42-") && address.ends_with("@example.org"), "{address}");
        assert_eq!(path.outbox_id(&address), Some(42));
        assert_eq!(path.outbox_id(&format!("<{}>", address.to_uppercase())), Some(42), "case and brackets");
        let tag = address.trim_start_matches("bounce+42-").split('@').next().unwrap().to_string();
        assert_eq!(path.outbox_id(&format!("bounce+43-{tag}@example.org")), None, "another id, same tag");
        assert_eq!(ReturnPath::new("example.org", b"other").outbox_id(&address), None, "another secret");
        for junk in ["bounce+42@example.org", "ada@example.org", "bounce+x-y@example.org", "", "bounce+-@"] {
            assert_eq!(path.outbox_id(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_reply_address_names_its_submission_and_is_never_a_bounce_address() {
        use super::ReplyAddresses;
        let replies = ReplyAddresses::new("example.org", b"secret");
        let address = replies.address(42);
        assert!(address.starts_with("reply+42-"), "{address}");
        assert_eq!(replies.submission_id(&address.to_uppercase()), Some(42));
        let bounce_tag = ReturnPath::new("example.org", b"secret").address(42).replace("bounce+", "reply+");
        assert_eq!(replies.submission_id(&bounce_tag), None, "a bounce address's tag does not open a submission");
    }
}
