//! The organisation's own site: its title, its name, a short footer and the calls to action under
//! every article. They are kept in the database (so every process shows the same), edited by
//! admins on `/admin`, and carried by every page, email and bulletin. Until an admin saves them,
//! the title is "Tribune" and the calls to action are the configuration's `site.calls_to_action`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::policy::Actor;
use super::policy::{Action, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::{DomainError, FieldErrors, parse_line};
use crate::i18n::{Lang, Message};
use crate::storage::{self, AnyConnection, Database, StorageResult, site};

/// The setting the site's identity is stored under, as JSON.
const SETTING: &str = "site";
/// The title of a site nobody has named yet.
pub const DEFAULT_TITLE: &str = "Tribune";
/// At most this many appeals under an article (the form shows as many rows).
pub const MAX_CALLS_TO_ACTION: usize = 4;

/// One appeal under every article: a sentence or two and a link ("Join now", "Donate").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallToAction {
    /// What the link says: "Join now".
    pub label: String,
    /// Where it goes: an http(s) URL, or a path on this site.
    pub url: String,
    /// The words before the link; may be empty.
    #[serde(default)]
    pub text: String,
}

impl CallToAction {
    /// Checks one appeal: a label and a link readers can follow, an http(s) URL or a path on this
    /// site (never `//host`, which browsers read as another site, nor `javascript:`). Errors are
    /// keyed `label`, `url` and `text`.
    pub fn parse(label: &str, url: &str, text: &str) -> Result<CallToAction, FieldErrors> {
        let mut errors = FieldErrors::default();
        let label = errors.check("label", parse_line(label, 1, 60));
        let url = url.trim();
        // Browsers drop tabs and newlines inside a link, so `/\t/host` would reach another site.
        let local = url.starts_with('/') && !url.starts_with("//") && !url.contains('\\');
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.add("url", Message::of("invalid-must-not-contain-spaces-or-line"));
        } else if !local {
            let web =
                url::Url::parse(url).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if web.is_none() {
                errors.add("url", Message::of("invalid-must-http-or-https-address-or"));
            }
        }
        let text = text.trim();
        if text.chars().count() > 500 {
            errors.add("text", Message::of("invalid-must-at-most-500-characters"));
        }
        match label {
            Some(label) if errors.is_empty() => {
                Ok(CallToAction { label, url: url.to_string(), text: text.to_string() })
            }
            _ => Err(errors),
        }
    }
}

/// Who runs the site, as every page, email and bulletin names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SiteIdentity {
    /// The site's name in every header and page title: "Riverside Tribune".
    pub title: String,
    /// The organisation holding the discussion: "Riverside Socialists"; may be empty.
    pub organisation: String,
    /// A line or two at the foot of every page (an address, who publishes it); may be empty.
    pub footer: String,
    pub calls_to_action: Vec<CallToAction>,
    /// No admin exists yet: the home page says how to set the site up.
    #[serde(skip)]
    pub needs_setup: bool,
}

impl SiteIdentity {
    /// What a site nobody has named shows.
    pub fn unnamed(calls_to_action: Vec<CallToAction>) -> SiteIdentity {
        SiteIdentity {
            title: DEFAULT_TITLE.to_string(),
            organisation: String::new(),
            footer: String::new(),
            calls_to_action,
            needs_setup: false,
        }
    }

    /// One line saying whose discussion this is, in `lang`, ending pages: "Riverside Tribune,
    /// the convention discussion of Riverside Socialists".
    pub fn tagline(&self, lang: Lang) -> String {
        tagline(&self.title, &self.organisation, lang)
    }
}

fn tagline(title: &str, organisation: &str, lang: Lang) -> String {
    if organisation.is_empty() {
        lang.t1("site-tagline", "title", title)
    } else {
        lang.t2("site-tagline-of", "title", title, "organisation", organisation)
    }
}

/// The site's identity as typed into `/admin` or sent to the API, before it is checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SiteInput {
    pub title: String,
    pub organisation: String,
    pub footer: String,
    /// At most four; errors name their fields `call_to_action_N_label`, `call_to_action_N_url`
    /// and `call_to_action_N_text` (N from 1).
    pub calls_to_action: Vec<CallToActionInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CallToActionInput {
    pub label: String,
    pub url: String,
    pub text: String,
}

impl CallToActionInput {
    fn is_blank(&self) -> bool {
        [&self.label, &self.url, &self.text].iter().all(|v| v.trim().is_empty())
    }
}

/// The site as stored (one JSON setting): the calls to action are `None` until an admin sets
/// them, while the configuration's apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSite {
    title: String,
    organisation: String,
    footer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    calls_to_action: Option<Vec<CallToAction>>,
}

impl StoredSite {
    fn unnamed() -> StoredSite {
        StoredSite {
            title: DEFAULT_TITLE.to_string(),
            organisation: String::new(),
            footer: String::new(),
            calls_to_action: None,
        }
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// Who publishes: the organisation, else the site.
    pub fn publisher(&self) -> &str {
        if self.organisation.is_empty() { &self.title } else { &self.organisation }
    }

    /// The lines that end every email and the bulletin: the tagline in `lang`, then the
    /// footer's, as the organisers wrote them.
    pub fn signature(&self, lang: Lang) -> Vec<String> {
        let footer = self.footer.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string);
        std::iter::once(tagline(&self.title, &self.organisation, lang)).chain(footer).collect()
    }
}

/// The checked fields of the site's name (the setup page sets these alone).
pub struct SiteName {
    title: String,
    organisation: String,
}

impl SiteName {
    pub fn parse(title: &str, organisation: &str) -> Result<SiteName, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check("title", parse_line(title, 1, 80));
        let organisation = if organisation.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check("organisation", parse_line(organisation, 1, 120))
        };
        match (title, organisation) {
            (Some(title), Some(organisation)) => Ok(SiteName { title, organisation }),
            _ => Err(errors),
        }
    }
}

impl SiteInput {
    fn parse(&self) -> Result<StoredSite, DomainError> {
        let mut errors = FieldErrors::default();
        let name = SiteName::parse(&self.title, &self.organisation).map_err(|e| errors.merge(e)).ok();
        let footer = self.footer.trim().to_string();
        if footer.chars().count() > 300 {
            errors.add("footer", Message::of("invalid-must-at-most-300-characters"));
        } else if footer.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
            errors.add("footer", Message::of("invalid-must-plain-text"));
        }
        if self.calls_to_action.len() > MAX_CALLS_TO_ACTION {
            errors.add("calls_to_action", Message::of("invalid-at-most").arg("max", MAX_CALLS_TO_ACTION));
        }
        let mut calls = Vec::new();
        for (n, call) in self.calls_to_action.iter().enumerate().filter(|(_, c)| !c.is_blank()) {
            match CallToAction::parse(&call.label, &call.url, &call.text) {
                Ok(call) => calls.push(call),
                Err(problems) => {
                    for (field, messages) in problems.0 {
                        for message in messages {
                            errors.add(&format!("call_to_action_{}_{field}", n + 1), message);
                        }
                    }
                }
            }
        }
        match name {
            Some(SiteName { title, organisation }) if errors.is_empty() => {
                Ok(StoredSite { title, organisation, footer, calls_to_action: Some(calls) })
            }
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

/// The site's identity, read through this process's read cache: a change saved here shows at
/// once, one saved by another process within the cache's time-to-live.
#[derive(Clone)]
pub struct Site {
    db: Database,
    cache: ReadCache<SiteIdentity>,
    /// The configuration's appeals, shown until an admin saves the site's own.
    configured_calls: Arc<Vec<CallToAction>>,
}

impl Site {
    pub fn new(db: Database, cache: CacheSettings, configured_calls: Vec<CallToAction>) -> Site {
        Site { cache: ReadCache::new(db.clone(), cache), db, configured_calls: Arc::new(configured_calls) }
    }

    pub async fn identity(&self) -> Result<Arc<SiteIdentity>, DomainError> {
        let configured = self.configured_calls.clone();
        self.cache.get_or_load(SETTING, move |conn| load(conn, &configured)).await
    }

    /// The identity as this process last read it, without asking the database (for error
    /// pages, when the database may be what failed); the unnamed site's before the first read.
    pub fn last_known(&self) -> Arc<SiteIdentity> {
        self.cache.last(SETTING).unwrap_or_else(|| Arc::new(SiteIdentity::unnamed(self.configured_calls.to_vec())))
    }

    /// Saves the site's title, name, footer and calls to action (admins).
    pub async fn update(&self, actor: &Actor, input: SiteInput) -> Result<Arc<SiteIdentity>, DomainError> {
        authorize(Some(actor), Action::ManageSite)?;
        let stored = input.parse()?;
        let configured = self.configured_calls.clone();
        let saved = self
            .db
            .write(move |conn| {
                save(conn, &stored)?;
                load(conn, &configured)
            })
            .await?;
        Ok(Arc::new(saved))
    }
}

/// The identity for pages, which also say when the site waits for its first admin.
fn load(conn: &mut AnyConnection, configured_calls: &[CallToAction]) -> Result<SiteIdentity, DomainError> {
    let StoredSite { title, organisation, footer, calls_to_action } = stored(conn)?;
    Ok(SiteIdentity {
        title,
        organisation,
        footer,
        calls_to_action: calls_to_action.unwrap_or_else(|| configured_calls.to_vec()),
        needs_setup: site::setup_pending(conn)?,
    })
}

/// The site as stored on `conn` (what emails are signed with), or the unnamed site's.
pub fn stored(conn: &mut AnyConnection) -> StorageResult<StoredSite> {
    let stored = site::setting(conn, SETTING)?.and_then(|json| serde_json::from_str::<StoredSite>(&json).ok());
    Ok(stored.unwrap_or_else(StoredSite::unnamed))
}

fn save(conn: &mut AnyConnection, stored: &StoredSite) -> Result<(), DomainError> {
    let json = serde_json::to_string(stored).map_err(|e| DomainError::Internal(e.to_string()))?;
    Ok(site::set_setting(conn, SETTING, &json, storage::now())?)
}

/// Names the site (the setup page), keeping its footer and calls to action as they are.
pub fn save_name(conn: &mut AnyConnection, name: SiteName) -> Result<(), DomainError> {
    let kept = stored(conn)?;
    save(conn, &StoredSite { title: name.title, organisation: name.organisation, ..kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_link_to_the_web_or_this_site_only() {
        for url in ["https://example.org/join", "http://example.org", "/mailbag"] {
            assert!(CallToAction::parse("Join", url, "").is_ok(), "{url}");
        }
        for url in
            ["//evil.example", "javascript:alert(1)", "/\\evil", "example.org", "", "/\t/evil.example", "/\n/evil"]
        {
            let errors = CallToAction::parse("Join", url, "").unwrap_err();
            assert!(errors.0.contains_key("url"), "{url}");
        }
        assert!(CallToAction::parse(" ", "/join", "").unwrap_err().0.contains_key("label"));
    }

    #[test]
    fn a_blank_row_of_the_form_is_no_call_to_action_and_a_bad_one_is_named_by_its_row() {
        let input = SiteInput {
            title: "Riverside Tribune".into(),
            organisation: "".into(),
            footer: "".into(),
            calls_to_action: vec![
                CallToActionInput::default(),
                CallToActionInput { label: "Donate".into(), url: "ftp://x".into(), text: "".into() },
            ],
        };
        let DomainError::Invalid(errors) = input.parse().err().unwrap() else { panic!("not invalid") };
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["call_to_action_2_url"]);
    }

    #[test]
    fn the_tagline_names_the_organisation_when_there_is_one() {
        let mut site = SiteIdentity::unnamed(Vec::new());
        assert_eq!(site.tagline(Lang::En), "Tribune, the convention discussion");
        site.organisation = "Riverside Socialists".into();
        assert_eq!(site.tagline(Lang::En), "Tribune, the convention discussion of Riverside Socialists");
    }
}
