//! Pages every signed-out reader shares. Reading pages are read in bursts (a link shared in a
//! club's chat) by people who are not signed in, and all of them who read in one language get
//! the same page: it is made once and served from memory, which costs about what serving a static
//! file costs. The fastest servers do the same in front of their application ("micro-caching").
//!
//! What is kept, and for how long, is the [`ReadCache`]'s rule: a change this process commits that
//! readers can see drops every page at once; another process's change shows within the cache's
//! time-to-live (`cache.ttl_ms`). A page is kept under its language and its address with the
//! query as sent (so every filter, search and cursor has its own), and only for callers who are
//! signed out and have no notice to see; everyone else gets a page made for them. A page kept
//! for a site identity that has since changed is made again.
//!
//! A shared page may hold a form (a mailbag thread's follow-up). What is each reader's own in it,
//! the form token and the time trap's token bound to it, is left as a hole marked by a string
//! made at random when the process starts (so no text a reader wrote can contain it) and filled
//! in for each reader as the page is sent.

use std::sync::{Arc, LazyLock};

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut};

use super::{Chrome, html_response};
use crate::domain::read_cache::{CacheSettings, ReadCache};
use crate::domain::site::SiteIdentity;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::storage::Database;

/// What is each reader's own in a shared page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hole {
    /// The caller's form token ([`Caller::form_token`]).
    FormToken,
    /// The mailbag's time-trap token, bound to the form token.
    TimeToken,
}

/// The marks left where each hole goes: random, so no reader's text can hold one.
static MARKS: LazyLock<[(Hole, String); 2]> = LazyLock::new(|| {
    let mark = |what: &str| format!("hole-{what}-{:032x}", rand::random::<u128>());
    [(Hole::FormToken, mark("form-token")), (Hole::TimeToken, mark("time-token"))]
});

fn mark(hole: Hole) -> &'static str {
    MARKS.iter().find(|(h, _)| *h == hole).map_or("", |(_, mark)| mark.as_str())
}

/// A page (or a document) as kept: its bytes around the holes, and the site identity it was made
/// with.
pub struct SharedPage {
    site: Arc<SiteIdentity>,
    /// The page's bytes, split at its holes: one more part than holes.
    parts: Vec<Bytes>,
    holes: Vec<Hole>,
}

impl SharedPage {
    fn new(site: Arc<SiteIdentity>, text: String) -> SharedPage {
        let (mut parts, mut holes, mut rest) = (Vec::new(), Vec::new(), text.as_str());
        while let Some((at, hole, len)) = MARKS
            .iter()
            .filter_map(|(hole, mark)| rest.find(mark.as_str()).map(|at| (at, *hole, mark.len())))
            .min_by_key(|(at, _, _)| *at)
        {
            parts.push(Bytes::copy_from_slice(&rest.as_bytes()[..at]));
            holes.push(hole);
            rest = &rest[at + len..];
        }
        if holes.is_empty() {
            return SharedPage { site, parts: vec![Bytes::from(text)], holes };
        }
        parts.push(Bytes::copy_from_slice(rest.as_bytes()));
        SharedPage { site, parts, holes }
    }

    fn fits(&self, site: &Arc<SiteIdentity>) -> bool {
        Arc::ptr_eq(&self.site, site) || *self.site == **site
    }

    /// The page for one reader: the kept bytes themselves when it has no holes.
    fn filled(&self, state: &AppState, caller: &Caller) -> Bytes {
        if self.holes.is_empty() {
            return self.parts[0].clone();
        }
        let mut page = BytesMut::with_capacity(self.parts.iter().map(Bytes::len).sum::<usize>() + 128);
        for (part, hole) in self.parts.iter().zip(&self.holes) {
            page.extend_from_slice(part);
            match hole {
                Hole::FormToken => page.extend_from_slice(caller.form_token().as_bytes()),
                Hole::TimeToken => page
                    .extend_from_slice(state.mailbag.time_token(crate::storage::now(), caller.form_token()).as_bytes()),
            }
        }
        page.extend_from_slice(self.parts.last().map_or(&[][..], |p| &p[..]));
        page.freeze()
    }
}

/// The pages and documents signed-out readers share, kept per process.
#[derive(Clone)]
pub struct SharedPages {
    cache: ReadCache<SharedPage>,
}

impl SharedPages {
    pub fn new(db: Database, settings: CacheSettings) -> SharedPages {
        SharedPages { cache: ReadCache::new(db, settings) }
    }

    /// The page at this address for `caller`: the one every signed-out reader of its language
    /// shares, else (signed in, or a notice to show) one `build` makes for them alone. `build`
    /// gets the page's chrome and returns its HTML.
    pub async fn page(
        &self,
        state: &AppState,
        caller: &Caller,
        build: impl AsyncFnOnce(Chrome) -> Result<String, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        if caller.session.is_some() || caller.notice.is_some() {
            let html = build(Chrome::of(caller)).await?;
            return Ok(html_response(caller, StatusCode::OK, html));
        }
        let key = format!("{}|{}", caller.lang.code(), caller.here);
        let site = &caller.site;
        let made = async {
            let mut chrome = Chrome::signed_out(&caller.here, site.clone(), (caller.lang, &caller.organisers));
            chrome.csrf_token = mark(Hole::FormToken).to_string();
            Ok::<_, ApiError>(SharedPage::new(site.clone(), build(chrome).await?))
        };
        let page = self.cache.get_or_build(&key, |kept| kept.fits(site), made).await?;
        Ok(html_response(caller, StatusCode::OK, page.filled(state, caller)))
    }

    /// A document every reader gets the same, whoever they are (a feed, a book), kept under `key`
    /// with the site identity it names.
    pub async fn document(
        &self,
        key: &str,
        site: Arc<SiteIdentity>,
        build: impl Future<Output = Result<Bytes, ApiError>>,
    ) -> Result<Bytes, ApiError> {
        let made = async {
            let bytes = build.await?;
            Ok::<_, ApiError>(SharedPage { site: site.clone(), parts: vec![bytes], holes: Vec::new() })
        };
        let page = self.cache.get_or_build(key, |kept| kept.fits(&site), made).await?;
        Ok(page.parts[0].clone())
    }
}

/// The time trap's token for a form on a page with this chrome: a hole on a shared page (filled in
/// for each reader), else bound to the reader's own form token.
pub fn time_token(state: &AppState, chrome: &Chrome) -> String {
    if chrome.csrf_token == mark(Hole::FormToken) {
        mark(Hole::TimeToken).to_string()
    } else {
        state.mailbag.time_token(crate::storage::now(), &chrome.csrf_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Arc<SiteIdentity> {
        Arc::new(SiteIdentity::unnamed(Vec::new()))
    }

    #[test]
    fn a_page_without_holes_is_kept_whole() {
        let page = SharedPage::new(site(), "<p>hello</p>".into());
        assert_eq!(page.parts, [Bytes::from_static(b"<p>hello</p>")]);
        assert!(page.holes.is_empty());
    }

    #[test]
    fn a_page_is_split_at_each_hole_in_order() {
        let (form, time) = (mark(Hole::FormToken), mark(Hole::TimeToken));
        let page = SharedPage::new(site(), format!("a{form}b{time}c{form}d"));
        assert_eq!(page.parts, ["a", "b", "c", "d"].map(|s| Bytes::from(s.to_string())));
        assert!(page.holes == [Hole::FormToken, Hole::TimeToken, Hole::FormToken]);
    }

    #[test]
    fn the_marks_differ_between_processes_and_holes() {
        assert_ne!(mark(Hole::FormToken), mark(Hole::TimeToken));
        assert!(mark(Hole::FormToken).len() > 40, "long enough not to be guessed");
    }
}
