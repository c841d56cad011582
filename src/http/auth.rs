//! Who is calling: the [`Caller`] extractor finds the session from `Authorization: Bearer` or
//! the `tribune_session` cookie, and enforces CSRF protection for cookie-authenticated unsafe
//! API requests (`X-CSRF-Token`). Forms carry the token as a hidden `csrf_token` field, checked
//! with [`Caller::check_form_token`]; signed-out visitors get a token in the `tribune_csrf`
//! cookie, so their forms (sign-in, registration) are protected too.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, HttpResponseBuilder, web};

use super::AppState;
use super::client_address;
use super::error::ApiError;
use super::notice::Notice;
use crate::domain::accounts::CurrentSession;
use crate::domain::policy::Actor;
use crate::domain::site::SiteIdentity;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "tribune_session";
pub const CSRF_COOKIE: &str = "tribune_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The language a reader chose with the language links (see [`crate::i18n`]).
pub const LANGUAGE_COOKIE: &str = "tribune_lang";

pub struct Caller {
    pub session: Option<CurrentSession>,
    /// The token signed-out forms carry, and whether the response must set its cookie.
    anonymous_token: String,
    set_anonymous_cookie: bool,
    /// The signed-out token as the browser sent it, if it did.
    anonymous_cookie: Option<String>,
    /// The client's address: the TCP peer, or what a trusted proxy says it forwarded for.
    /// The client's address as throttles count it (an IPv6 address by its /64).
    pub client_ip: String,
    secure_cookies: bool,
    /// What the last action's redirect asked this page to say once.
    pub notice: Option<Notice>,
    /// The local address of this request (path and query), where signing in comes back to.
    pub here: String,
    /// Whose site this is: its title, name, footer and calls to action. For the JSON API, which
    /// shows none of it, the identity as this process last read it.
    pub site: Arc<SiteIdentity>,
    /// The language pages speak to this caller: the one they chose (the cookie, else their
    /// account's), else the first their browser asks for that Tribune speaks, else the site's.
    pub lang: Lang,
    /// The language the organisers write in (the discussion's default), to mark what they wrote.
    pub organisers: String,
    /// The page a language link comes back to: this one if it was fetched, else (a form shown
    /// again after a post) the page the form was on, if it was ours.
    pub page: String,
}

impl Caller {
    pub fn actor(&self) -> Option<&Actor> {
        self.session.as_ref().map(|s| &s.actor)
    }

    /// The signed-in session, or 401.
    pub fn signed_in(&self) -> Result<&CurrentSession, ApiError> {
        self.session.as_ref().ok_or_else(ApiError::unauthenticated)
    }

    /// The token a form rendered for this caller must carry.
    pub fn form_token(&self) -> &str {
        self.session.as_ref().map_or(&self.anonymous_token, |s| &s.csrf_token)
    }

    /// Refuses a form post whose hidden token does not match this caller's. A form rendered while
    /// signed out carries the signed-out token; it stays good after signing in (in another tab,
    /// when a session lapsed mid-essay), because only our own pages can read that cookie.
    pub fn check_form_token(&self, submitted: &str) -> Result<(), ApiError> {
        let matches = |token: &str| !submitted.is_empty() && constant_time_eq(submitted, token);
        if matches(self.form_token()) || self.anonymous_cookie.as_deref().is_some_and(matches) {
            Ok(())
        } else {
            Err(ApiError::csrf_failed())
        }
    }

    /// Whether cookies set for this caller must be `Secure` (the site is served over https).
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    /// Adds the cookies this caller needs to a page response, and clears a notice once shown.
    pub fn attach_cookies(&self, response: &mut HttpResponseBuilder) {
        if self.notice.is_some() {
            response.cookie(Notice::cleared(self.secure_cookies));
        }
        if self.set_anonymous_cookie {
            response.cookie(
                Cookie::build(CSRF_COOKIE, self.anonymous_token.clone())
                    .path("/")
                    .http_only(true)
                    .secure(self.secure_cookies)
                    .same_site(SameSite::Lax)
                    .finish(),
            );
        }
    }

    /// The session cookie set at sign-in.
    pub fn session_cookie(&self, token: &str, max_age: std::time::Duration) -> Cookie<'static> {
        Cookie::build(SESSION_COOKIE, token.to_string())
            .path("/")
            .http_only(true)
            .secure(self.secure_cookies)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
            .finish()
    }

    /// A cookie that removes the session cookie.
    pub fn cleared_session_cookie(&self) -> Cookie<'static> {
        let mut cookie = self.session_cookie("", std::time::Duration::ZERO);
        cookie.make_removal();
        cookie
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string()).filter(|t| !t.is_empty())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req.app_data::<web::Data<AppState>>().ok_or_else(ApiError::unavailable)?.clone();
            let bearer = bearer_token(&req);
            let via_cookie = bearer.is_none();
            let token = bearer.or_else(|| req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()));
            let session = match token {
                Some(token) => state.accounts.session(token).await?,
                None => None,
            };
            let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
            if let Some(session) = &session
                && via_cookie
                && unsafe_method
                && req.path().starts_with("/api/")
            {
                let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if !constant_time_eq(sent, &session.csrf_token) {
                    return Err(ApiError::csrf_failed());
                }
            }
            let existing = req.cookie(CSRF_COOKIE).map(|c| c.value().to_string()).filter(|v| v.len() >= 32);
            let set_anonymous_cookie = existing.is_none();
            let anonymous_cookie = existing.clone();
            let anonymous_token = existing.unwrap_or_else(|| {
                use base64::Engine;
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
            });
            // Every throttle keys on this one address, so it is resolved here and nowhere else.
            let client_ip = req.peer_addr().map_or_else(
                || "unknown".to_string(),
                |peer| {
                    let trusted = &state.settings.server.trusted_proxies;
                    client_address::throttle_key(client_address::resolve(peer.ip(), req.headers(), trusted))
                },
            );
            Ok(Caller {
                anonymous_token,
                set_anonymous_cookie,
                anonymous_cookie,
                client_ip,
                secure_cookies: state.settings.public_url.scheme() == "https",
                notice: Notice::from_request(&req),
                here: req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string(),
                // The JSON API shows no site chrome, so it does not read the identity: after every
                // write that would be three queries more for the next request.
                site: if req.path().starts_with("/api/") {
                    state.site.last_known()
                } else {
                    state.site.identity().await?
                },
                lang: negotiated_language(&req, session.as_ref(), &state),
                organisers: state.settings.discussion.default_language().to_string(),
                page: page_of(&req, &state.settings.public_url),
                session,
            })
        })
    }
}

/// See [`Caller::page`].
fn page_of(req: &HttpRequest, public_url: &url::Url) -> String {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    }
    let from = req.headers().get(header::REFERER).and_then(|r| r.to_str().ok()).and_then(|r| url::Url::parse(r).ok());
    // Ours: the site's public address, or the host this request was sent to.
    let ours = |from: &url::Url| {
        from.origin() == public_url.origin()
            || req.headers().get(header::HOST).and_then(|h| h.to_str().ok()) == Some(from.authority())
    };
    match from.filter(ours) {
        Some(from) => match from.query() {
            Some(query) => format!("{}?{query}", from.path()),
            None => from.path().to_string(),
        },
        None => "/".to_string(),
    }
}

/// See [`Caller::lang`]; `session` is `None` when the caller could not be told.
pub fn negotiated_language(req: &HttpRequest, session: Option<&CurrentSession>, state: &AppState) -> Lang {
    let chosen = req.cookie(LANGUAGE_COOKIE).and_then(|c| Lang::parse(c.value()));
    chosen
        .or_else(|| session.and_then(|s| s.language))
        .or_else(|| {
            let asked = req.headers().get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
            Lang::from_accept_language(asked)
        })
        .unwrap_or_else(|| state.default_lang())
}
