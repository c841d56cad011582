//! Each message's own bounce address (VERP): the envelope sender (Return-Path) of outbox row 42
//! is `bounce+42-<tag>@<bounce domain>`, so a bounce names the message it is about even when the
//! receiving server rewrote or forwarded the recipient. The tag is a keyed hash of the id, with a
//! secret the server keeps in the database (the same in every process), so nobody can make up a
//! bounce address that suppresses someone else's mail.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::storage::{AnyConnection, StorageResult, secrets};

/// The local part's prefix: `bounce+<id>-<tag>`.
const PREFIX: &str = "bounce+";

/// Hex digits of the tag: 40 bits, far more than anyone can guess by sending bounces.
const TAG_LEN: usize = 10;

#[derive(Clone)]
pub struct ReturnPath {
    domain: String,
    key: Vec<u8>,
}

impl std::fmt::Debug for ReturnPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReturnPath").field("domain", &self.domain).finish_non_exhaustive()
    }
}

impl ReturnPath {
    /// The server secret the tags are made with.
    pub const SECRET_NAME: &'static str = "verp";

    /// The bounce addresses at `domain`, with the database's secret (made on first use).
    pub fn load(conn: &mut AnyConnection, domain: &str) -> StorageResult<ReturnPath> {
        let fresh: String = (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
        let secret = secrets::get_or_create(conn, Self::SECRET_NAME, &fresh)?;
        Ok(ReturnPath::new(domain, secret.as_bytes()))
    }

    pub fn new(domain: &str, key: &[u8]) -> ReturnPath {
        ReturnPath { domain: domain.to_lowercase(), key: key.to_vec() }
    }

    /// Where bounces of outbox row `id` go.
    pub fn address(&self, id: i64) -> String {
        format!("{PREFIX}{id}-{}@{}", self.tag(id), self.domain)
    }

    /// The outbox row a bounce address names, if it is one of ours with a true tag. Case does
    /// not matter (some servers fold it) and neither does the domain (a forwarder may rewrite it).
    pub fn outbox_id(&self, address: &str) -> Option<i64> {
        let address = address.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
        let (local, _domain) = address.rsplit_once('@')?;
        let (id, tag) = local.strip_prefix(PREFIX)?.split_once('-')?;
        let id: i64 = id.parse().ok()?;
        use subtle::ConstantTimeEq;
        bool::from(self.tag(id).as_bytes().ct_eq(tag.as_bytes())).then_some(id)
    }

    fn tag(&self, id: i64) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(format!("outbox:{id}").as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect::<String>()[..TAG_LEN].to_string()
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
}
