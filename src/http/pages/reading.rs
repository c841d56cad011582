//! What readers see: the front page, a convention, its discussion (with search), an article, and
//! the Atom feed.

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, CursorQuery, FormState, render_html, reply, see_other};
use crate::domain::Page;
use crate::domain::comments::CommentView;
use crate::domain::convention::{ConventionView, TopicView};
use crate::domain::discussion::LanguageChoice;
use crate::domain::mailbag::ThreadSummary;
use crate::domain::reading::{ArticleQuery, ArticleSummary, ArticleView, FeedEntry, SearchResults};
use crate::domain::site::CallToAction;
use crate::domain::text::without_unshowable;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    convention: Option<ConventionView>,
    open: bool,
    latest: Vec<ArticleSummary>,
    threads: Vec<crate::domain::mailbag::ThreadSummary>,
}

#[get("/")]
async fn home(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let convention = state.conventions.current().await?;
            let latest = match &convention {
                Some(c) => {
                    let query = ArticleQuery { convention: Some(c.slug.clone()), ..ArticleQuery::default() };
                    state.articles.list(query).await?.items.into_iter().take(10).collect()
                }
                None => Vec::new(),
            };
            let open = convention.as_ref().is_some_and(|c| c.is_open_at(crate::storage::now()));
            let threads = state.mailbag.threads(None, 3).await?.items;
            render_html(&HomePage { chrome, convention, open, latest, threads })
        })
        .await
}

#[derive(Template)]
#[template(path = "convention.html")]
struct ConventionPage {
    chrome: Chrome,
    c: ConventionView,
}

#[get("/conventions/{slug}")]
async fn convention_page(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let c = state.conventions.get(&slug).await?;
            render_html(&ConventionPage { chrome, c })
        })
        .await
}

#[derive(Deserialize)]
struct DiscussionQuery {
    q: Option<String>,
    language: Option<String>,
    tag: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "discussion.html")]
struct DiscussionPage {
    chrome: Chrome,
    c: ConventionView,
    languages: Vec<LanguageChoice>,
    language: String,
    /// The first page, unfiltered, of a discussion with topics is grouped by topic.
    grouped: bool,
    groups: Vec<(TopicView, Vec<ArticleSummary>)>,
    q: String,
    tag: Option<String>,
    results: SearchResults,
    next_link: Option<String>,
    /// Members can still submit: the page says how.
    open: bool,
}

/// The published pieces, newest first; with `q`, the best matches first.
#[get("/conventions/{slug}/discussion")]
async fn discussion(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<DiscussionQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    state.shared_pages.page(&state, &caller, async |chrome| discussion_page(&state, chrome, &slug, query).await).await
}

async fn discussion_page(
    state: &AppState,
    chrome: Chrome,
    slug: &str,
    query: DiscussionQuery,
) -> Result<String, ApiError> {
    let c = state.conventions.get(slug).await?;
    let DiscussionQuery { q, language, tag, cursor } = query;
    let page_is_first = cursor.is_none();
    let language = language.filter(|l| !l.is_empty());
    let results = state
        .articles
        .search(ArticleQuery {
            convention: Some(c.slug.clone()),
            topic: None,
            language: language.clone(),
            tag: tag.clone(),
            q: q.clone(),
            cursor,
        })
        .await?;
    let next_link = results.page.next_cursor.as_ref().map(|cursor| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(q) = q.as_deref().filter(|q| !q.is_empty()) {
            query.append_pair("q", q);
        }
        if let Some(tag) = &tag {
            query.append_pair("tag", tag);
        }
        if let Some(language) = &language {
            query.append_pair("language", language);
        }
        query.append_pair("cursor", cursor);
        format!("/conventions/{}/discussion?{}", c.slug, query.finish())
    });
    let grouped = q.as_deref().is_none_or(str::is_empty) && tag.is_none() && language.is_none() && page_is_first;
    let mut groups = Vec::new();
    if grouped {
        for topic in &c.topics {
            let query = ArticleQuery {
                convention: Some(c.slug.clone()),
                topic: Some(topic.slug.clone()),
                ..ArticleQuery::default()
            };
            let items = state.articles.list(query).await?.items.into_iter().take(5).collect();
            groups.push((topic.clone(), items));
        }
    }
    let now = crate::storage::now();
    let page = DiscussionPage {
        open: c.is_open_at(now) && now < c.submission_deadline_at,
        chrome,
        languages: LanguageChoice::all(&state.settings.discussion.languages),
        language: language.unwrap_or_default(),
        grouped,
        groups,
        c,
        q: q.unwrap_or_default(),
        tag,
        results,
        next_link,
    };
    render_html(&page)
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage<'a> {
    chrome: Chrome,
    a: &'a ArticleView,
    /// The piece's language: everything around the piece speaks it, whatever the reader's.
    piece: Lang,
    /// The language the organisers write in (the discussion's default): their calls to action and
    /// the mailbag. (The disclaimer, the convention's and the topic's titles say their own.)
    organisers: &'a str,
    comments: &'a [CommentView],
    /// The comment form: empty, or as sent when it comes back with what was wrong.
    comment: FormState,
    calls_to_action: &'a [CallToAction],
    mailbag: &'a [ThreadSummary],
}

/// The interface language of a piece's page: the piece's, or the site's for a language the
/// interface does not speak.
fn piece_language(state: &AppState, article: &ArticleView) -> Lang {
    Lang::parse(&article.language).unwrap_or_else(|| state.default_lang())
}

#[get("/articles/{slug}")]
async fn article_page(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let published = state.articles.get(&slug).await?;
            render_html(&ArticlePage {
                chrome,
                a: &published.article,
                piece: piece_language(&state, &published.article),
                organisers: state.settings.discussion.default_language(),
                comments: &published.comments,
                comment: FormState::default(),
                calls_to_action: &caller.site.calls_to_action,
                mailbag: &published.mailbag,
            })
        })
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    csrf_token: String,
    body: String,
}

/// A reader's comment: back to the article, which says it waits for an editor; or the article
/// again with the comment as typed and what was wrong with it.
#[post("/articles/{slug}/comments")]
async fn comment(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<CommentForm>,
) -> Result<HttpResponse, ApiError> {
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.comments.post(caller.actor(), &slug, &form.body).await?)
    }
    .await;
    let done = |posted: CommentView| {
        let notice = if posted.status == "approved" { Notice::CommentPublished } else { Notice::CommentSent };
        Ok(see_other(&caller, &format!("/articles/{slug}#comments"), notice))
    };
    let published = state.articles.get(&slug).await?;
    reply(&caller, outcome, done, async |problem| {
        Ok(ArticlePage {
            chrome: Chrome::of(&caller),
            a: &published.article,
            piece: piece_language(&state, &published.article),
            organisers: state.settings.discussion.default_language(),
            comments: &published.comments,
            comment: FormState::with(&[("body", &form.body)], problem),
            calls_to_action: &caller.site.calls_to_action,
            mailbag: &published.mailbag,
        })
    })
    .await
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    base: String,
    title: String,
    /// The feed's id, a path from the site's root (kept as it was: readers know feeds by it).
    id: String,
    /// The page the feed follows.
    page: String,
    /// The feed's own path.
    this: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// The newest published pieces of a convention as Atom.
#[get("/conventions/{slug}/feed.atom")]
async fn feed(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let site = state.site.identity().await?;
    let key = format!("feed|{slug}");
    let xml = state.shared_pages.document(&key, site, async {
        let c = state.conventions.get(&slug).await?;
        let entries = state.articles.feed(Some(&c.slug)).await?;
        atom(&Feed {
            base: base_url(&state),
            title: feed_language(&state).t1("atom-title-convention", "convention", &c.title),
            id: format!("/conventions/{}", c.slug),
            page: format!("/conventions/{}/discussion", c.slug),
            this: format!("/conventions/{}/feed.atom", c.slug),
            updated: updated(&entries, c.discussion_opens_at),
            entries,
        })
    });
    Ok(atom_response(xml.await?))
}

/// The newest published pieces of every convention as Atom: the feed every page points to
/// unless it belongs to one convention.
#[get("/feed.atom")]
async fn site_feed(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let site = state.site.identity().await?;
    let xml = state.shared_pages.document("feed|", site.clone(), async {
        let entries = state.articles.feed(None).await?;
        atom(&Feed {
            base: base_url(&state),
            title: feed_language(&state).t1("atom-title-site", "site", &site.title),
            id: "/".into(),
            page: "/".into(),
            this: "/feed.atom".into(),
            updated: updated(&entries, chrono::DateTime::UNIX_EPOCH.naive_utc()),
            entries,
        })
    });
    Ok(atom_response(xml.await?))
}

/// The language of a feed's own words: the site's default, not the reader's, since every reader
/// (and every cache between them) gets the same feed.
fn feed_language(state: &AppState) -> Lang {
    state.default_lang()
}

fn base_url(state: &AppState) -> String {
    state.settings.public_url.as_str().trim_end_matches('/').to_string()
}

/// When the feed last changed: its newest entry, or `otherwise` while it has none.
fn updated(entries: &[FeedEntry], otherwise: chrono::NaiveDateTime) -> String {
    entries.first().map_or(otherwise, |e| e.article.published_at).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn atom_response(xml: Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type("application/atom+xml; charset=utf-8").body(xml)
}

/// The feed's XML: escaped by the template, and without the characters XML 1.0 does not allow,
/// which older data may still hold.
fn atom(atom_feed: &Feed) -> Result<Bytes, ApiError> {
    let xml = atom_feed.render().map_err(|e| {
        tracing::error!(error = %e, "feed template failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "The feed could not be made.")
    })?;
    Ok(Bytes::from(without_unshowable(&xml).into_owned()))
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    chrome: Chrome,
    c: ConventionView,
    /// Its title and framing are shown in the reader's language where given.
    topic: TopicView,
    page: Page<ArticleSummary>,
}

/// A topic: its framing text and its pieces, newest first.
#[get("/conventions/{slug}/topics/{topic}")]
async fn topic_page(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let (slug, topic) = path.into_inner();
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let (c, topic) = state.conventions.topic(&slug, &topic).await?;
            let page = state
                .articles
                .list(ArticleQuery {
                    convention: Some(c.slug.clone()),
                    topic: Some(topic.slug.clone()),
                    cursor: query.into_inner().cursor,
                    ..ArticleQuery::default()
                })
                .await?;
            render_html(&TopicPage { chrome, c, topic, page })
        })
        .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(topic_page);
    cfg.service(home)
        .service(convention_page)
        .service(discussion)
        .service(article_page)
        .service(comment)
        .service(feed)
        .service(site_feed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_fed_to_the_feed_leave_it_well_formed() {
        let hostile = |text: &str| format!("\u{0}\u{B}\u{7F}\u{85}\u{FDD0}\u{FFFE}\u{FFFF}{text}\u{1}\u{1FFFF}");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap();
        let article = ArticleSummary {
            id: 1,
            slug: "a-piece".into(),
            title: hostile("A \"piece\" 'quoted' <b>&amp; ]]> 🙂 \u{200F}"),
            byline: hostile("Ana, Oaxaca"),
            byline_name: hostile("Ana"),
            byline_location: "Oaxaca".into(),
            published_at: at,
            convention: "c".into(),
            tags: Vec::new(),
            language: "en".into(),
        };
        let entry = FeedEntry {
            article,
            summary: hostile("The opening <words> & ]]>"),
            content_html: hostile("<p>The <em>whole</em> piece &amp; ]]></p>"),
        };
        let atom_feed = Feed {
            base: "http://tribune.test".into(),
            title: hostile("The <convention> & ]]>: convention discussion"),
            id: "/conventions/c".into(),
            page: "/conventions/c/discussion".into(),
            this: "/conventions/c/feed.atom".into(),
            updated: updated(std::slice::from_ref(&entry), at),
            entries: vec![entry],
        };
        let xml = String::from_utf8(atom(&atom_feed).unwrap().to_vec()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
        let text_of = |tag: &str| -> Vec<&str> {
            doc.descendants().filter(|n| n.has_tag_name(tag)).filter_map(|n| n.text()).collect()
        };
        assert_eq!(
            text_of("title"),
            ["The <convention> & ]]>: convention discussion", "A \"piece\" 'quoted' <b>&amp; ]]> 🙂 \u{200F}"]
        );
        assert_eq!(text_of("summary"), ["The opening <words> & ]]>"]);
        assert_eq!(text_of("content"), ["<p>The <em>whole</em> piece &amp; ]]></p>"], "the HTML, escaped once");
    }
}
