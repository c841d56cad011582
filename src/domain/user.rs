//! Who people are: email addresses, names, passwords and roles, each parsed once into a type that
//! cannot hold an invalid value.

use std::fmt;
use std::str::FromStr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use validator::ValidateEmail;

use super::parse_line;
use crate::i18n::Message;

/// An email address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<EmailAddress, Message> {
        let normalised = text.trim().to_lowercase();
        if normalised.len() > 254 || !normalised.validate_email() {
            return Err(Message::of("invalid-must-email-address-like-name-example"));
        }
        Ok(EmailAddress(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name a person shows on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(text: &str) -> Result<DisplayName, Message> {
        parse_line(text, 1, 100).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a person is from, as bylines print it ("Virginia", "Chicago, IL").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location(String);

impl Location {
    pub fn parse(text: &str) -> Result<Location, Message> {
        parse_line(text, 1, 100).map(Location)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password a person chose: 10 to 128 characters, any characters, no composition rules, and
/// not one of the commonly used passwords the project ships (OWASP ASVS 2.1).
pub struct Password(pub(super) String);

static COMMON_PASSWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("common_passwords.txt").lines().filter(|line| !line.starts_with('#')).collect()
    });

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(text: &str) -> Result<Password, Message> {
        let length = text.chars().count();
        if length < Self::MIN_CHARS {
            return Err(Message::of("invalid-at-least-characters").arg("min", Self::MIN_CHARS));
        }
        if length > Self::MAX_CHARS {
            return Err(Message::of("invalid-at-most-characters").arg("max", Self::MAX_CHARS));
        }
        if COMMON_PASSWORDS.contains(text.to_lowercase().as_str()) {
            return Err(Message::of("invalid-is-one-most-commonly-used-passwords"));
        }
        Ok(Password(text.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

/// Argon2id cost; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for PasswordCost {
    fn default() -> Self {
        PasswordCost { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
    }
}

impl PasswordCost {
    fn argon2(&self) -> Result<Argon2<'static>, String> {
        let params =
            Params::new(self.memory_kib, self.iterations, self.parallelism, None).map_err(|e| e.to_string())?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// Checks the numbers once, at start-up.
    pub fn validate(&self) -> Result<(), String> {
        self.argon2().map(|_| ())
    }

    /// A PHC string (`$argon2id$v=19$m=...`) with a fresh random salt.
    pub fn hash(&self, password: &Password) -> Result<String, String> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon2()?
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    }

    /// Whether a stored hash was made with other (older) parameters and should be redone.
    pub fn is_outdated(&self, stored: &str) -> bool {
        let Ok(hash) = PasswordHash::new(stored) else {
            return true;
        };
        let current = |name: &str, value: u32| hash.params.get_decimal(name).is_some_and(|v| v == value);
        hash.algorithm.as_str() != "argon2id"
            || !current("m", self.memory_kib)
            || !current("t", self.iterations)
            || !current("p", self.parallelism)
    }

    /// Whether `candidate` matches the stored PHC string. A malformed stored hash never matches.
    pub fn verify(stored: &str, candidate: &str) -> bool {
        PasswordHash::new(stored)
            .map(|hash| Argon2::default().verify_password(candidate.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    }
}

/// What a user may do; a user can hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Editor,
    Expert,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Editor, Role::Expert, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Expert => "expert",
            Role::Admin => "admin",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text.trim())
            .ok_or_else(|| format!("`{text}` is not a role (member, editor, expert, admin)"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
