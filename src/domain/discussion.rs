//! The rules organisers give their discussion beyond the bare lifecycle: who the author is
//! (member, non-member, or a body such as a club), the language, video contributions from known
//! platforms, topics and replies, and the priority rule of the review queue.

use serde::{Deserialize, Serialize};

use crate::storage::{AnyConnection, articles, conventions, site, topics};

use super::DomainError;
use crate::i18n::Message;

/// The settings behind these rules, from `[discussion]` in the configuration.
#[derive(Debug, Clone)]
pub struct DiscussionRules {
    /// Language codes a piece may be written in; the first is the default.
    pub languages: Vec<String>,
    /// Hosts a video contribution may link to (no embeds: the CSP stays strict).
    pub video_hosts: Vec<String>,
    /// The queue's priority rule until an editor changes it.
    pub default_priority: QueuePriority,
    /// Approved pieces under this many words can be combined into a digest.
    pub digest_max_words: i32,
}

/// The first of a discussion's languages, which is its default.
pub fn default_language(languages: &[String]) -> &str {
    languages.first().map_or("en", String::as_str)
}

/// A language to choose from: its code (the value sent) and its name (see [`language_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageChoice {
    pub code: String,
    pub name: String,
}

impl LanguageChoice {
    pub fn all(codes: &[String]) -> Vec<LanguageChoice> {
        codes
            .iter()
            .map(|code| LanguageChoice { code: code.clone(), name: crate::i18n::language_name(code).to_string() })
            .collect()
    }
}

/// Who wrote a piece: bylines and the review queue treat them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorKind {
    Member,
    NonMember,
    /// A club, a committee or another body of the organisation.
    Body,
}

impl AuthorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorKind::Member => "member",
            AuthorKind::NonMember => "non_member",
            AuthorKind::Body => "body",
        }
    }

    pub fn parse(text: &str) -> Result<AuthorKind, Message> {
        match text.trim() {
            "" | "member" => Ok(AuthorKind::Member),
            "non_member" => Ok(AuthorKind::NonMember),
            "body" => Ok(AuthorKind::Body),
            _ => Err(Message::of("invalid-must-member-non-member-or-body")),
        }
    }

    /// What a byline says after the name, if anything.
    /// What a byline adds after the name and place (a catalogue key; see [`crate::i18n`]): nothing
    /// for a member.
    pub fn byline_note(self) -> Option<&'static str> {
        match self {
            AuthorKind::Member => None,
            AuthorKind::NonMember => Some("author-kind-non-member"),
            AuthorKind::Body => Some("author-kind-body"),
        }
    }
}

/// The order of the review queue: higher first, then oldest submitted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QueuePriority {
    pub member: i32,
    pub body: i32,
    pub non_member: i32,
}

impl QueuePriority {
    pub const SETTING: &'static str = "queue.priority";

    pub fn of(&self, kind: AuthorKind) -> i32 {
        match kind {
            AuthorKind::Member => self.member,
            AuthorKind::Body => self.body,
            AuthorKind::NonMember => self.non_member,
        }
    }

    pub fn encode(&self) -> String {
        format!("member={},body={},non_member={}", self.member, self.body, self.non_member)
    }

    pub fn decode(text: &str) -> Option<QueuePriority> {
        let mut rule = QueuePriority { member: 0, body: 0, non_member: 0 };
        for pair in text.split(',') {
            let (key, value) = pair.split_once('=')?;
            let value: i32 = value.trim().parse().ok()?;
            match key.trim() {
                "member" => rule.member = value,
                "body" => rule.body = value,
                "non_member" => rule.non_member = value,
                _ => return None,
            }
        }
        Some(rule)
    }

    /// The rule in force: the editors' if they set one, else the configured default.
    pub fn current(conn: &mut AnyConnection, default: QueuePriority) -> Result<QueuePriority, DomainError> {
        Ok(site::setting(conn, Self::SETTING)?.and_then(|text| QueuePriority::decode(&text)).unwrap_or(default))
    }
}

impl DiscussionRules {
    /// The language a piece is in unless its author says otherwise.
    pub fn default_language(&self) -> &str {
        default_language(&self.languages)
    }

    pub fn parse_language(&self, text: Option<&str>) -> Result<String, Message> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        match text {
            None => Ok(self.default_language().to_string()),
            Some(code) if self.languages.iter().any(|l| l == code) => Ok(code.to_string()),
            Some(_) => Err(Message::of("invalid-one-of").arg("choices", self.languages.join(", "))),
        }
    }

    /// A video link: https, on one of the allowed hosts.
    pub fn parse_video_url(&self, text: &str) -> Result<String, Message> {
        let url = url::Url::parse(text.trim()).map_err(|_| Message::of("invalid-must-link-like-https-www-youtube"))?;
        let host = url.host_str().unwrap_or_default().to_lowercase();
        if url.scheme() != "https" || !self.video_hosts.contains(&host) {
            return Err(Message::of("invalid-video-link").arg("hosts", self.video_hosts.join(", ")));
        }
        Ok(url.to_string())
    }
}

/// A field that could not be checked against what is stored (the database failed).
fn not_checked(error: impl std::fmt::Display) -> Message {
    Message::of("invalid-could-not-check").arg("detail", error.to_string())
}

/// Resolves a topic slug within a convention; a convention with topics requires one.
pub fn resolve_topic(conn: &mut AnyConnection, convention_id: i64, slug: Option<&str>) -> Result<Option<i64>, Message> {
    let topics = topics::of_convention(conn, convention_id).map_err(not_checked)?;
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        None if topics.is_empty() => Ok(None),
        None => Err(Message::of("invalid-choose-topic")
            .arg("choices", topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(", "))),
        Some(slug) => topics
            .iter()
            .find(|t| t.slug == slug)
            .map(|t| Some(t.id))
            .ok_or_else(|| Message::of("invalid-no-such-topic-in-this-convention")),
    }
}

/// Resolves the published article a piece replies to (by slug, in the same convention).
pub fn resolve_reply(conn: &mut AnyConnection, convention_id: i64, slug: Option<&str>) -> Result<Option<i64>, Message> {
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(slug) => match articles::find_published(conn, slug).map_err(not_checked)? {
            Some(article) if article.convention_id == convention_id => Ok(Some(article.id)),
            _ => Err(Message::of("invalid-must-piece-published-in-this-discussion")),
        },
    }
}

/// The deadline for submissions: its own, or the end of the discussion.
pub fn submission_deadline(convention: &conventions::ConventionRow) -> chrono::NaiveDateTime {
    convention.submission_deadline_at.unwrap_or(convention.discussion_closes_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_rule_round_trips() {
        let rule = QueuePriority { member: 2, body: 1, non_member: 0 };
        assert_eq!(QueuePriority::decode(&rule.encode()), Some(rule));
        assert_eq!(QueuePriority::decode("nonsense"), None);
    }

    #[test]
    fn video_links_only_to_known_hosts() {
        let rules = DiscussionRules {
            languages: vec!["en".into()],
            video_hosts: vec!["www.youtube.com".into()],
            default_priority: QueuePriority { member: 1, body: 1, non_member: 0 },
            digest_max_words: 200,
        };
        assert!(rules.parse_video_url("https://www.youtube.com/watch?v=x").is_ok());
        for bad in ["http://www.youtube.com/watch?v=x", "https://evil.example/v", "javascript:alert(1)"] {
            assert!(rules.parse_video_url(bad).is_err(), "{bad}");
        }
    }
}
