//! DKIM: every message is signed with the organisation's key when `mail.dkim_selector`,
//! `mail.dkim_domain` and `mail.dkim_key_file` are set (lettre signs; this module loads the key
//! and says what to publish). And the DNS records an organisation publishes so that receivers
//! trust its mail: DKIM, SPF and DMARC, as `tribune mail dns-records` prints them.
//!
//! Keys are RSA (2048 bits is what receivers expect; at least 1024, RFC 8301), in PEM, as
//! `openssl genrsa` writes them (PKCS#8) or older tools (PKCS#1). Ed25519 signatures (RFC 8463)
//! are left out: the large mailbox providers do not verify them, so they would only add a
//! second signature to publish.

use std::path::Path;

use base64::Engine as _;
use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::HeaderName;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use url::Url;

/// The headers the signature covers: what a reader sees and what a forger would change,
/// including the unsubscribe headers, which Gmail and Yahoo want signed. A header a message
/// lacks is signed as absent, so nobody can add it on the way. Not `Content-Type`: lettre 0.11's
/// relaxed canonicalization of its folded value differs from the verifiers' (dkimpy fails every
/// message that signs it); the body hash still covers every part and its boundaries.
const SIGNED_HEADERS: [&str; 8] =
    ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "List-Unsubscribe", "List-Unsubscribe-Post"];

/// The smallest key RFC 8301 lets a signer use.
const MIN_BITS: usize = 1024;

/// A loaded signing key, with what to publish for it.
pub struct Dkim {
    selector: String,
    domain: String,
    config: DkimConfig,
    /// The public key as DNS carries it: base64 of its DER SubjectPublicKeyInfo.
    public_key: String,
}

impl std::fmt::Debug for Dkim {
    /// Never the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dkim").field("selector", &self.selector).field("domain", &self.domain).finish_non_exhaustive()
    }
}

impl Dkim {
    /// Reads the key in `key_file`; the error says what is wrong with which setting.
    pub fn load(selector: &str, domain: &str, key_file: &Path) -> Result<Dkim, String> {
        let pem =
            std::fs::read_to_string(key_file).map_err(|e| format!("mail.dkim_key_file {}: {e}", key_file.display()))?;
        Dkim::from_pem(selector, domain, &pem)
            .map_err(|message| format!("mail.dkim_key_file {}: {message}", key_file.display()))
    }

    pub fn from_pem(selector: &str, domain: &str, pem: &str) -> Result<Dkim, String> {
        let selector = selector.trim().to_lowercase();
        let domain = domain.trim().trim_end_matches('.').to_lowercase();
        if !is_dns_name(&selector) {
            return Err(format!("the selector `{selector}` is not a DNS name (letters, digits, hyphens)"));
        }
        if !is_dns_name(&domain) || !domain.contains('.') {
            return Err(format!("the domain `{domain}` is not a domain name"));
        }
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| "not an RSA private key in PEM (make one with `openssl genrsa -out dkim.pem 2048`)")?;
        let bits = key.size() * 8;
        if bits < MIN_BITS {
            return Err(format!("the key has {bits} bits; receivers ignore signatures by keys under {MIN_BITS}"));
        }
        let public_key = key
            .to_public_key()
            .to_public_key_der()
            .map(|der| base64::engine::general_purpose::STANDARD.encode(der.as_bytes()))
            .map_err(|e| format!("its public key: {e}"))?;
        // lettre reads PKCS#1 only.
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).map_err(|e| format!("the key: {e}"))?;
        let signing_key =
            DkimSigningKey::new(&pkcs1, DkimSigningAlgorithm::Rsa).map_err(|e| format!("the key: {e}"))?;
        let headers = SIGNED_HEADERS.iter().map(|name| HeaderName::new_from_ascii_str(name)).collect();
        // Relaxed both ways: what survives the small rewrites relays make (folding, spacing).
        let canonicalization =
            DkimCanonicalization { header: DkimCanonicalizationType::Relaxed, body: DkimCanonicalizationType::Relaxed };
        let config = DkimConfig::new(selector.clone(), domain.clone(), signing_key, headers, canonicalization);
        Ok(Dkim { selector, domain, config, public_key })
    }

    /// Adds the `DKIM-Signature` header; call it last, once the message is complete.
    pub fn sign(&self, message: &mut Message) {
        message.sign(&self.config);
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Where receivers look the key up: `<selector>._domainkey.<domain>`.
    pub fn record_name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain)
    }

    /// The TXT record's text: `v=DKIM1; k=rsa; p=<public key>`.
    pub fn record_text(&self) -> String {
        format!("v=DKIM1; k=rsa; p={}", self.public_key)
    }
}

/// Letters, digits and hyphens in dot-separated labels.
fn is_dns_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !label.starts_with('-')
        })
}

/// What `tribune mail dns-records` needs to know.
pub struct MailDomains<'a> {
    /// `mail.from`: its domain is the one readers see, which DMARC protects.
    pub from: &'a Mailbox,
    /// The domain of the bounce addresses (the envelope sender), which SPF checks.
    pub bounce_domain: &'a str,
    /// Where mail is handed over (`TRIBUNE_SMTP_URL`): the server SPF must allow.
    pub smtp_url: Option<&'a Url>,
    pub dkim: Option<&'a Dkim>,
}

/// The records to publish, in zone-file syntax with comments saying what each is for.
pub fn dns_records(domains: &MailDomains<'_>) -> String {
    let from_domain = domains.from.email.domain().to_lowercase();
    let bounce_domain = domains.bounce_domain;
    let mut out = vec![format!(
        "; DNS records for mail from {} (bounces to {bounce_domain}), printed by `tribune mail dns-records`.",
        domains.from
    )];
    out.push(String::new());
    match domains.dkim {
        Some(dkim) => {
            out.push(format!(
                "; DKIM: the public half of mail.dkim_key_file. Every message is signed with d={}.",
                dkim.domain()
            ));
            if dkim.domain() != from_domain && !from_domain.ends_with(&format!(".{}", dkim.domain())) {
                out.push(format!(
                    "; Warning: {} is not {from_domain} (mail.from): DMARC does not count this signature for it.",
                    dkim.domain()
                ));
            }
            out.push(format!("{}. 3600 IN TXT {}", dkim.record_name(), quoted_chunks(&dkim.record_text())));
        }
        None => {
            out.push(
                "; DKIM: no key is configured, so nothing is signed. Make a key and set mail.dkim_selector,".into(),
            );
            out.push("; mail.dkim_domain and mail.dkim_key_file, then run this again:".into());
            out.push(";   openssl genrsa -out /etc/tribune/dkim.pem 2048".into());
        }
    }
    out.push(String::new());
    out.push(format!("; SPF: the servers allowed to send mail whose bounce address is @{bounce_domain}."));
    out.push("; If your mail provider gives an `include:` for SPF, use theirs instead of the host below;".into());
    out.push("; if the domain has an SPF record already, add the host to it (one SPF record per name).".into());
    out.push(format!("{bounce_domain}. 3600 IN TXT \"v=spf1 {} ~all\"", spf_sender(domains.smtp_url)));
    if bounce_domain != from_domain {
        out.push(String::new());
        out.push(format!("; Bounces: {bounce_domain} needs an MX record naming the mail server that pipes"));
        out.push("; them to `tribune mail bounces --mbox -` (see the README).".into());
    }
    out.push(String::new());
    out.push("; DMARC: what receivers do with mail that fails both checks, and where they send reports.".into());
    out.push("; Start with p=none, read the reports for a few weeks, then move to p=quarantine.".into());
    out.push(format!("_dmarc.{from_domain}. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:postmaster@{from_domain}\""));
    out.push(String::new());
    out.join("\n")
}

/// The SPF mechanism for the SMTP server mail is handed to: `ip4:`/`ip6:` for an address,
/// `a:` for a name, `mx` when mail is not sent at all yet.
fn spf_sender(smtp_url: Option<&Url>) -> String {
    // `smtp:` is no special scheme to the URL parser: an address comes back as a name.
    let host = smtp_url.and_then(Url::host_str).map(|h| h.trim_start_matches('[').trim_end_matches(']'));
    match host.map(|h| (h, h.parse::<std::net::IpAddr>())) {
        Some((_, Ok(std::net::IpAddr::V4(ip)))) => format!("ip4:{ip}"),
        Some((_, Ok(std::net::IpAddr::V6(ip)))) => format!("ip6:{ip}"),
        Some((name, Err(_))) => format!("a:{name}"),
        None => "mx".into(),
    }
}

/// A TXT record's text as DNS carries it: strings of at most 255 characters, side by side (a
/// 2048-bit key is longer than one string holds).
fn quoted_chunks(text: &str) -> String {
    let chunks: Vec<String> =
        text.as_bytes().chunks(255).map(|chunk| format!("\"{}\"", String::from_utf8_lossy(chunk))).collect();
    if chunks.len() == 1 { chunks.concat() } else { format!("( {} )", chunks.join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_record_is_split_into_strings_dns_can_carry() {
        let text = "p=".to_string() + &"A".repeat(400);
        let quoted = quoted_chunks(&text);
        assert!(quoted.starts_with("( \"p=AAA") && quoted.ends_with("\" )"), "{quoted}");
        assert_eq!(quoted.matches('"').count(), 4);
        assert_eq!(quoted_chunks("v=spf1 mx ~all"), "\"v=spf1 mx ~all\"");
    }

    #[test]
    fn a_selector_or_domain_that_is_no_dns_name_and_a_file_that_is_no_key_are_refused() {
        assert!(Dkim::from_pem("tribune", "example.org", "not a key").unwrap_err().contains("openssl genrsa"));
        assert!(Dkim::from_pem("a b", "example.org", "").unwrap_err().contains("selector"));
        assert!(Dkim::from_pem("s", "localhost", "").unwrap_err().contains("domain"));
    }

    #[test]
    fn the_spf_mechanism_names_the_smtp_server() {
        let url = |u: &str| Url::parse(u).unwrap();
        assert_eq!(spf_sender(Some(&url("smtp://192.0.2.7:25"))), "ip4:192.0.2.7");
        assert_eq!(spf_sender(Some(&url("smtps://u:p@mail.example.org"))), "a:mail.example.org");
        assert_eq!(spf_sender(None), "mx");
    }
}
