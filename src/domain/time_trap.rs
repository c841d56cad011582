//! The time trap of the public forms: a form carries when it was shown, signed with a key of the
//! server's and bound to the visitor's CSRF token, so a machine can neither make one up offline
//! nor take another visitor's. A form sent back sooner than a person could have filled it in
//! is a machine's, or a person whose browser filled it in for them; the form decides which way
//! to treat it (see [`TimeTrap`]).

use std::time::Duration;

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a form's time-trap token says about how it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeTrap {
    /// A token this server signed for this visitor, sent at least the minimum after it was shown.
    Patient,
    /// A token this server signed for this visitor, sent sooner than the minimum: a machine, or
    /// a person who pasted and let the browser fill in the rest.
    TooQuick,
    /// No token, or one this server did not sign for this visitor: only a machine sends that.
    Forged,
}

/// The key that signs the time trap: random, made by the first process to start on the
/// database and shared by every process on it, never compiled in.
#[derive(Clone)]
pub struct TimeTrapKey(std::sync::Arc<[u8]>);

impl TimeTrapKey {
    pub const SECRET_NAME: &'static str = "mailbag_time_trap";

    /// A new random key, in the text form it is stored in.
    pub fn generate() -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
    }

    /// The key from its stored form.
    pub fn from_stored(text: &str) -> Result<TimeTrapKey, String> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("the stored time-trap key is not base64: {e}"))?;
        if bytes.len() < 32 {
            return Err("the stored time-trap key is shorter than 32 bytes".into());
        }
        Ok(TimeTrapKey(bytes.into()))
    }

    fn mac(&self, seconds: i64, bound_to: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(format!("tribune-time-trap:{seconds}:{bound_to}").as_bytes());
        mac
    }

    /// The token of a form shown at `now` to the visitor whose CSRF token is `bound_to`.
    pub fn token(&self, now: NaiveDateTime, bound_to: &str) -> String {
        use base64::Engine;
        let seconds = now.and_utc().timestamp();
        let tag = self.mac(seconds, bound_to).finalize().into_bytes();
        format!("{seconds}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&tag[..TAG_BYTES]))
    }

    /// How a form carrying `token` was sent at `now`, with `min` the least time a person takes.
    pub fn check(&self, token: &str, bound_to: &str, now: NaiveDateTime, min: Duration) -> TimeTrap {
        use base64::Engine;
        let Some((seconds, signature)) = token.split_once('.') else {
            return TimeTrap::Forged;
        };
        let Ok(seconds) = seconds.parse::<i64>() else {
            return TimeTrap::Forged;
        };
        let Ok(tag) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(signature) else {
            return TimeTrap::Forged;
        };
        if tag.len() != TAG_BYTES || self.mac(seconds, bound_to).verify_truncated_left(&tag).is_err() {
            return TimeTrap::Forged;
        }
        let elapsed = now.and_utc().timestamp().saturating_sub(seconds);
        if elapsed >= i64::try_from(min.as_secs()).unwrap_or(i64::MAX) { TimeTrap::Patient } else { TimeTrap::TooQuick }
    }
}

/// 128 bits of the HMAC: far beyond guessing, and a short hidden field.
const TAG_BYTES: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_trap_needs_a_genuine_token_and_patience() {
        let key = TimeTrapKey::from_stored(&TimeTrapKey::generate()).unwrap();
        let shown = crate::storage::now();
        let token = key.token(shown, "csrf");
        let min = Duration::from_secs(3);
        let later = shown + chrono::TimeDelta::seconds(4);
        assert_eq!(key.check(&token, "csrf", shown + chrono::TimeDelta::seconds(1), min), TimeTrap::TooQuick);
        assert_eq!(key.check(&token, "csrf", later, min), TimeTrap::Patient);
        assert_eq!(key.check(&token, "other", later, min), TimeTrap::Forged);
        assert_eq!(key.check("0.forged", "csrf", shown, min), TimeTrap::Forged);
        assert_eq!(key.check("", "csrf", later, min), TimeTrap::Forged);
        assert_eq!(key.check("-9223372036854775808.AAAA", "csrf", shown, min), TimeTrap::Forged);
        // Another server's key signs nothing this one accepts.
        let other = TimeTrapKey::from_stored(&TimeTrapKey::generate()).unwrap();
        assert_eq!(key.check(&other.token(shown, "csrf"), "csrf", later, min), TimeTrap::Forged);
        assert!(TimeTrapKey::from_stored("c2hvcnQ=").is_err());
    }
}
