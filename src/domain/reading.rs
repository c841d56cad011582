//! Reading: what anyone may see of the published discussion. Listings (newest first, keyset
//! paged), full-text search (ranked), one article with its disclaimer, convention footer and
//! related pieces, and the Atom feed's entries. [`Articles`] is the service.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::i18n::Lang;
use crate::search;
use crate::storage::{AnyConnection, Database, articles, comments, conventions, submissions};

use super::comments::CommentView;
use super::convention::{Conventions, DisclaimerView, KnownConventions};
use super::discussion::AuthorKind;
use super::mailbag::ThreadSummary;
use super::read_cache::{CacheSettings, ReadCache};
use super::{DomainError, Page, decode_cursor, encode_cursor, markdown};
use crate::i18n::Message;

pub const PAGE_SIZE: i64 = 20;
const RELATED: i64 = 5;
/// Answered questions in the mailbag box beside every article.
const MAILBAG_BOX: i64 = 3;
/// Words of a search result's snippet, and of a feed entry's summary.
const SNIPPET_WORDS: usize = 30;
const SUMMARY_WORDS: usize = 40;

/// "NAME, PLACE", or the name alone when there is no place (a digest of several authors).
pub fn byline_line(name: &str, location: &str) -> String {
    if location.is_empty() { name.to_string() } else { format!("{name}, {location}") }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// "NAME, PLACE" (a digest of several authors has no place).
    pub byline: String,
    pub byline_name: String,
    pub byline_location: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub published_at: NaiveDateTime,
    pub convention: String,
    pub tags: Vec<String>,
    /// The language the piece is written in (a code such as "es").
    pub language: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConventionFooter {
    pub slug: String,
    pub number: Option<i32>,
    /// In the piece's language where an admin gave it, else in the discussion's default.
    pub title: String,
    /// The language `title` is in.
    pub title_language: String,
    pub location: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleView {
    pub slug: String,
    pub title: String,
    pub byline_name: String,
    pub byline_location: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub published_at: NaiveDateTime,
    /// Sanitised HTML.
    pub body_html: String,
    /// The Markdown as the author wrote it (the published revision).
    pub body_markdown: String,
    /// The first words, for feeds and previews.
    pub excerpt: String,
    pub tags: Vec<String>,
    /// The disclaimer version this article was published with.
    pub disclaimer: DisclaimerView,
    pub convention: ConventionFooter,
    pub related: Vec<ArticleSummary>,
    /// The page's `lang`.
    pub language: String,
    pub byline: Byline,
    /// A video contribution: the link (shown as a link, never embedded) and its host.
    pub video: Option<VideoLink>,
    pub topic: Option<TopicLink>,
    /// "Reply: ..." — the piece this one answers.
    pub reply_to: Option<ArticleLink>,
    /// Published replies to this piece.
    pub replies: Vec<ArticleLink>,
    /// For a digest of short pieces: each piece with its own byline.
    pub parts: Vec<DigestPart>,
}

/// A published article as readers see it, with its approved comments and the mailbag box beside
/// it: what the read cache keeps, so the box is as fresh as the article (its data is loaded in
/// the same pass, and publishing a thread drops the cache like publishing a piece).
pub struct PublishedArticle {
    pub article: ArticleView,
    pub comments: Vec<CommentView>,
    /// The newest answered questions, for the mailbag box.
    pub mailbag: Vec<ThreadSummary>,
}

/// A byline beyond name and place.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Byline {
    pub name: String,
    pub city: String,
    pub state: Option<String>,
    pub club: Option<String>,
    pub district: Option<String>,
    pub author_kind: AuthorKind,
}

impl Byline {
    /// "Submitted by NAME, CITY, STATE (club, district)" in `lang`; a body is shown as such.
    pub fn line(&self, lang: Lang) -> String {
        let mut place = vec![self.city.clone()];
        place.extend(self.state.clone());
        let mut line = lang.t2("byline", "name", &self.name, "place", place.join(", "));
        let affiliations: Vec<String> = self.club.iter().chain(self.district.iter()).cloned().collect();
        if !affiliations.is_empty() {
            line.push_str(&format!(" ({})", affiliations.join(", ")));
        }
        if let Some(note) = self.author_kind.byline_note() {
            line.push_str(&format!(", {}", lang.t(note)));
        }
        line
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VideoLink {
    pub url: String,
    pub host: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicLink {
    pub slug: String,
    /// In the piece's language where an admin gave it, else in the discussion's default.
    pub title: String,
    /// The language `title` is in.
    pub title_language: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleLink {
    pub slug: String,
    pub title: String,
    /// The language the piece is written in.
    pub language: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DigestPart {
    pub title: String,
    pub byline: Byline,
    pub body_html: String,
}

fn byline_of(revision: &submissions::RevisionRow) -> Result<Byline, DomainError> {
    Ok(Byline {
        name: revision.byline_name.clone(),
        city: revision.byline_location.clone(),
        state: revision.byline_state.clone(),
        club: revision.byline_club.clone(),
        district: revision.byline_district.clone(),
        author_kind: AuthorKind::parse(&revision.author_kind).map_err(|m| DomainError::Internal(m.to_string()))?,
    })
}

/// A page of a listing or of search results.
pub struct SearchResults {
    pub page: Page<ArticleSummary>,
    /// For search results: each item's snippet around the words searched for, in order.
    pub snippets: Vec<Vec<search::SnippetPart>>,
    /// For search results: how many pieces match (among the newest the search ranks).
    pub total: Option<i64>,
    /// There may be more, older matches than `total` (see `storage::articles::SEARCH_WINDOW`).
    pub at_least: bool,
}

impl SearchResults {
    /// Each item with its snippet (empty when there is none).
    pub fn with_snippets(&self) -> Vec<(&ArticleSummary, &[search::SnippetPart])> {
        self.page
            .items
            .iter()
            .enumerate()
            .map(|(n, a)| (a, self.snippets.get(n).map_or(&[][..], Vec::as_slice)))
            .collect()
    }
}

/// An entry of the Atom feed.
pub struct FeedEntry {
    pub article: ArticleSummary,
    /// The opening words, plain text.
    pub summary: String,
    /// The whole piece, sanitised HTML (the feed escapes it).
    pub content_html: String,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    pub convention: Option<String>,
    /// A topic's slug (with `convention`).
    pub topic: Option<String>,
    pub language: Option<String>,
    pub tag: Option<String>,
    /// Full-text search; results are ranked, and paged by position.
    pub q: Option<String>,
    pub cursor: Option<String>,
}

fn summaries(
    conn: &mut AnyConnection,
    rows: Vec<articles::ArticleListing>,
    known: &KnownConventions,
) -> Result<Vec<ArticleSummary>, DomainError> {
    let mut slugs: HashMap<i64, String> = HashMap::new();
    for row in &rows {
        if !slugs.contains_key(&row.convention_id)
            && let Some(c) = known.by_id(conn, row.convention_id)?
        {
            slugs.insert(row.convention_id, c.slug.clone());
        }
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, tag) in articles::tags_of(conn, &ids)? {
        tags.entry(id).or_default().push(tag);
    }
    Ok(rows
        .into_iter()
        .map(|row| ArticleSummary {
            id: row.id,
            byline: byline_line(&row.byline_name, &row.byline_location),
            tags: tags.remove(&row.id).unwrap_or_default(),
            convention: slugs.get(&row.convention_id).cloned().unwrap_or_default(),
            slug: row.slug,
            title: row.title,
            byline_name: row.byline_name,
            byline_location: row.byline_location,
            published_at: row.published_at,
            language: row.language,
        })
        .collect())
}

/// How many of the newest pieces under each tag are considered for "related": enough to find
/// pieces sharing several tags, and a bound that keeps an article's cost flat in the archive's size.
const RELATED_CANDIDATES_PER_TAG: i64 = 50;

/// Up to [`RELATED`] published pieces for the article `id`: those sharing the most of its `tags`
/// first, then newest, among the newest pieces under each tag (`tagged`, one list per tag, each
/// newest first); the newest of its convention (`newest`) make up the number.
fn pick_related(id: i64, tagged: &[Arc<Vec<ArticleSummary>>], newest: &[ArticleSummary]) -> Vec<ArticleSummary> {
    // For each candidate: how many of the tags it shares.
    let mut shared: HashMap<i64, (usize, &ArticleSummary)> = HashMap::new();
    for list in tagged {
        for other in list.iter().filter(|a| a.id != id).take(RELATED_CANDIDATES_PER_TAG as usize) {
            shared.entry(other.id).or_insert((0, other)).0 += 1;
        }
    }
    let mut related: Vec<(usize, &ArticleSummary)> = shared.into_values().collect();
    related.sort_by(|(a_tags, a), (b_tags, b)| {
        b_tags.cmp(a_tags).then(b.published_at.cmp(&a.published_at)).then(b.id.cmp(&a.id))
    });
    let mut picked: Vec<ArticleSummary> = related.into_iter().take(RELATED as usize).map(|(_, a)| a.clone()).collect();
    let others: Vec<ArticleSummary> = newest
        .iter()
        .filter(|a| a.id != id && !picked.iter().any(|p| p.id == a.id))
        .take(RELATED as usize - picked.len())
        .cloned()
        .collect();
    picked.extend(others);
    picked
}

/// Listings for `ids`, in that order.
fn summaries_in_order(
    conn: &mut AnyConnection,
    ids: &[i64],
    known: &KnownConventions,
) -> Result<Vec<ArticleSummary>, DomainError> {
    let mut rows = articles::listings_by_ids(conn, ids)?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    summaries(conn, rows, known)
}

#[derive(Clone)]
pub struct Articles {
    db: Database,
    /// Published articles by slug, as readers see them.
    published: ReadCache<PublishedArticle>,
    /// The mailbag box beside every article.
    mailbag_box: ReadCache<Vec<ThreadSummary>>,
    /// The newest pieces under a tag, or of a convention: what every article sharing them picks
    /// its related pieces from.
    newest: ReadCache<Vec<ArticleSummary>>,
    /// Disclaimers by id: every article of a convention shows the same one.
    disclaimers: ReadCache<conventions::DisclaimerRow>,
    /// The conventions an article's footer and topic come from.
    conventions: Conventions,
    /// The discussion's languages: a search looks for its words' stems in each.
    languages: Arc<[String]>,
}

impl Articles {
    pub fn new(db: Database, cache: CacheSettings, languages: &[String], conventions: Conventions) -> Articles {
        Articles {
            published: ReadCache::new(db.clone(), cache),
            mailbag_box: ReadCache::new(db.clone(), cache),
            newest: ReadCache::new(db.clone(), cache),
            disclaimers: ReadCache::new(db.clone(), cache),
            conventions,
            db,
            languages: languages.into(),
        }
    }

    /// Published articles, newest first (or best first with `q`).
    pub async fn list(&self, query: ArticleQuery) -> Result<Page<ArticleSummary>, DomainError> {
        Ok(self.list_or_search(query, false).await?.page)
    }

    /// [`Articles::list`], and with `q` also how many pieces match and a snippet of each result
    /// around the words searched for (empty without `q`).
    pub async fn search(&self, query: ArticleQuery) -> Result<SearchResults, DomainError> {
        self.list_or_search(query, true).await
    }

    async fn list_or_search(&self, query: ArticleQuery, snippets: bool) -> Result<SearchResults, DomainError> {
        let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if search.is_some_and(|q| q.chars().count() > 200) {
            return Err(DomainError::invalid("q", Message::of("invalid-must-at-most-200-characters")));
        }
        let search = search.map(|q| search::Query::parse(q, &self.languages));
        let tag = query.tag.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let convention = query.convention.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        let cursor = query.cursor;
        let topic = query.topic.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let language = query.language.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string);
        let known = self.conventions.all().await?;
        self.db
            .read(move |conn| {
                let in_convention = match &convention {
                    Some(slug) => Some(known.by_slug(conn, slug)?.ok_or(DomainError::NotFound)?),
                    None => None,
                };
                let convention_id = in_convention.as_ref().map(|c| c.id);
                let topic_id = match (&topic, &in_convention) {
                    (Some(slug), Some(c)) => {
                        Some(c.topics.iter().find(|t| t.slug == *slug).ok_or(DomainError::NotFound)?.id)
                    }
                    (Some(_), None) => {
                        return Err(DomainError::invalid("topic", Message::of("invalid-needs-convention")));
                    }
                    (None, _) => None,
                };
                // A search keeps the listing's filters: it looks only among the pieces listed.
                let filter = articles::ListingFilter { convention_id, topic_id, language, tag };
                if let Some(q) = search {
                    let offset = match cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                        None => 0,
                        Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                            DomainError::invalid("cursor", Message::of("invalid-is-not-cursor-this-list-gave"))
                        })?,
                    };
                    let found = articles::search(conn, &q, &filter, offset, PAGE_SIZE + 1)?;
                    let more = found.ids.len() as i64 > PAGE_SIZE;
                    let ids: Vec<i64> = found.ids.into_iter().take(PAGE_SIZE as usize).collect();
                    let items = summaries_in_order(conn, &ids, &known)?;
                    let next_cursor = more.then(|| (offset + PAGE_SIZE).to_string());
                    let snippets = if snippets {
                        let texts: HashMap<i64, (String, String)> = articles::texts(conn, &ids)?
                            .into_iter()
                            .map(|(id, language, text)| (id, (language, text)))
                            .collect();
                        // One marker per language for the whole page: it remembers the words it has
                        // stemmed, and the pieces of a page share most of theirs.
                        let mut marks: HashMap<&str, search::Marks<'_>> = HashMap::new();
                        ids.iter()
                            .map(|id| match texts.get(id) {
                                Some((language, text)) => {
                                    let marks = marks.entry(language.as_str()).or_insert_with(|| q.marks(language));
                                    search::snippet(text, marks, SNIPPET_WORDS)
                                }
                                None => Vec::new(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    return Ok(SearchResults {
                        page: Page { items, next_cursor },
                        snippets,
                        total: Some(found.total),
                        at_least: found.window_full,
                    });
                }
                let before = decode_cursor(cursor.as_deref())?;
                let rows = articles::list_published(conn, &filter, before, PAGE_SIZE + 1)?;
                let items = summaries(conn, rows, &known)?;
                let page = Page::from_overfetch(items, PAGE_SIZE, |a| encode_cursor(a.published_at, a.id));
                Ok(SearchResults { page, snippets: Vec::new(), total: None, at_least: false })
            })
            .await
    }

    /// The newest published pieces, of one convention or of all, with their text: the Atom feed.
    pub async fn feed(&self, convention: Option<&str>) -> Result<Vec<FeedEntry>, DomainError> {
        let convention = convention.map(str::to_string);
        let known = self.conventions.all().await?;
        self.db
            .read(move |conn| {
                let convention_id = match &convention {
                    Some(slug) => Some(known.by_slug(conn, slug)?.ok_or(DomainError::NotFound)?.id),
                    None => None,
                };
                let filter = articles::ListingFilter { convention_id, ..articles::ListingFilter::default() };
                let rows = articles::list_published(conn, &filter, None, PAGE_SIZE)?;
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let mut bodies: HashMap<i64, (String, String)> =
                    articles::bodies(conn, &ids)?.into_iter().map(|(id, html, text)| (id, (html, text))).collect();
                Ok(summaries(conn, rows, &known)?
                    .into_iter()
                    .map(|article| {
                        let (content_html, text) = bodies.remove(&article.id).unwrap_or_default();
                        FeedEntry { summary: markdown::excerpt(&text, SUMMARY_WORDS), content_html, article }
                    })
                    .collect())
            })
            .await
    }

    /// A published article with its approved comments; unpublished and unknown slugs are both 404.
    pub async fn get(&self, slug: &str) -> Result<Arc<PublishedArticle>, DomainError> {
        let build = async {
            // What articles share (the convention and topic, the disclaimer, the pieces related
            // ones are picked from, the mailbag box) comes from caches of their own: an article
            // made afresh reads only what is its own.
            let known = self.conventions.all().await?;
            let own = {
                let slug = slug.to_string();
                self.db.read(move |conn| own_rows(conn, &slug, &known)).await?
            };
            let disclaimer_id = own.row.disclaimer_id;
            let disclaimer = self
                .disclaimers
                .get_or_load(&disclaimer_id.to_string(), move |conn| {
                    conventions::find_disclaimer(conn, disclaimer_id)?.ok_or(DomainError::NotFound)
                })
                .await?;
            let disclaimer = conventions::DisclaimerRow::clone(&disclaimer);
            let mut tagged = Vec::new();
            for tag in &own.tags {
                tagged.push(self.newest_with_tag(tag).await?);
            }
            let newest = self.newest_in_convention(own.row.convention_id).await?;
            let related = pick_related(own.row.id, &tagged, &newest);
            let mailbag =
                self.mailbag_box.get_or_load("latest", |conn| super::mailbag::latest_threads(conn, MAILBAG_BOX));
            let mailbag = mailbag.await?.to_vec();
            published_article(own, disclaimer, related, mailbag)
        };
        self.published.get_or_build(slug, |_| true, build).await
    }

    /// The newest published pieces tagged `tag`, newest (by id) first: enough for any article
    /// under it to leave itself out and still have [`RELATED_CANDIDATES_PER_TAG`].
    async fn newest_with_tag(&self, tag: &str) -> Result<Arc<Vec<ArticleSummary>>, DomainError> {
        let tag_owned = tag.to_string();
        self.newest_pieces(&format!("tag|{tag}"), move |conn| {
            articles::newest_published_with_tag(conn, &tag_owned, RELATED_CANDIDATES_PER_TAG + 1)
        })
        .await
    }

    /// The newest published pieces of a convention: enough to make up [`RELATED`] whatever an
    /// article has already picked.
    async fn newest_in_convention(&self, convention_id: i64) -> Result<Arc<Vec<ArticleSummary>>, DomainError> {
        self.newest_pieces(&format!("convention|{convention_id}"), move |conn| {
            let filter = articles::ListingFilter { convention_id: Some(convention_id), ..Default::default() };
            articles::list_published(conn, &filter, None, 2 * RELATED + 1)
        })
        .await
    }

    /// The pieces `read` lists, kept under `key`. The kept conventions (their slugs) are asked
    /// for while building, so the list expires no later than what it was made from.
    async fn newest_pieces(
        &self,
        key: &str,
        read: impl FnOnce(&mut AnyConnection) -> crate::storage::StorageResult<Vec<articles::ArticleListing>>
        + Send
        + 'static,
    ) -> Result<Arc<Vec<ArticleSummary>>, DomainError> {
        let build = async {
            let known = self.conventions.all().await?;
            self.db
                .read(move |conn| {
                    let rows = read(conn)?;
                    summaries(conn, rows, &known)
                })
                .await
        };
        self.newest.get_or_build(key, |_| true, build).await
    }
}

/// What is an article's own: its rows, the pieces it answers and that answer it, its tags and its
/// approved comments.
struct OwnRows {
    row: articles::ArticleRow,
    convention: super::convention::ConventionView,
    revision: submissions::RevisionRow,
    parts: Vec<DigestPart>,
    reply_to: Option<ArticleLink>,
    replies: Vec<ArticleLink>,
    tags: Vec<String>,
    comments: Vec<CommentView>,
}

/// The published article `slug`'s own rows (see [`OwnRows`]).
fn own_rows(conn: &mut AnyConnection, slug: &str, known: &KnownConventions) -> Result<OwnRows, DomainError> {
    let row = articles::find_published(conn, slug)?.ok_or(DomainError::NotFound)?;
    let convention = known.by_id(conn, row.convention_id)?.ok_or(DomainError::NotFound)?.into_owned();
    let revision = submissions::revision_by_id(conn, row.revision_id)?.ok_or(DomainError::NotFound)?;
    let parts = if row.is_digest {
        articles::parts_of(conn, row.id)?
            .into_iter()
            .map(|(_, revision_id)| {
                let part = submissions::revision_by_id(conn, revision_id)?.ok_or(DomainError::NotFound)?;
                Ok(DigestPart { byline: byline_of(&part)?, body_html: part.body_html, title: part.title })
            })
            .collect::<Result<Vec<_>, DomainError>>()?
    } else {
        Vec::new()
    };
    let reply_to = row
        .reply_to_article_id
        .map(|id| articles::find(conn, id))
        .transpose()?
        .flatten()
        .filter(|a| a.status == articles::PUBLISHED)
        .map(|a| ArticleLink { slug: a.slug, title: a.title, language: a.language });
    let replies = articles::replies_to(conn, row.id)?
        .into_iter()
        .map(|a| ArticleLink { slug: a.slug, title: a.title, language: a.language })
        .collect();
    let tags: Vec<String> = articles::tags_of(conn, &[row.id])?.into_iter().map(|(_, t)| t).collect();
    let comments = comments::of_article(conn, row.id, "approved")?.into_iter().map(CommentView::from).collect();
    Ok(OwnRows { row, convention, revision, parts, reply_to, replies, tags, comments })
}

/// The published article made from its own rows, its disclaimer, the pieces picked as related
/// and the mailbag box.
fn published_article(
    own: OwnRows,
    disclaimer: conventions::DisclaimerRow,
    related: Vec<ArticleSummary>,
    mailbag: Vec<ThreadSummary>,
) -> Result<PublishedArticle, DomainError> {
    let OwnRows { row, convention, revision, parts, reply_to, replies, tags, comments } = own;
    // What the organisers wrote, in the piece's language where they gave it.
    let topic = row.topic_id.and_then(|id| convention.topics.iter().find(|t| t.id == id)).map(|t| {
        let title = t.title_in(&row.language);
        TopicLink { slug: t.slug.clone(), title: title.text.to_string(), title_language: title.lang.to_string() }
    });
    let convention_title = convention.title_in(&row.language);
    let video = row.video_url.as_ref().map(|url| VideoLink {
        host: url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default(),
        url: url.clone(),
    });
    let byline = if row.is_digest {
        Byline {
            name: row.byline_name.clone(),
            city: String::new(),
            state: None,
            club: None,
            district: None,
            author_kind: AuthorKind::Member,
        }
    } else {
        byline_of(&revision)?
    };
    let article = ArticleView {
        language: row.language,
        byline,
        video,
        topic,
        reply_to,
        replies,
        parts,
        excerpt: markdown::excerpt(&row.body_text, 40),
        related,
        slug: row.slug,
        title: row.title,
        byline_name: row.byline_name,
        byline_location: row.byline_location,
        published_at: row.published_at,
        body_html: row.body_html,
        body_markdown: revision.body_markdown,
        tags,
        disclaimer: DisclaimerView::of(disclaimer, &convention.language),
        convention: ConventionFooter {
            slug: convention.slug.clone(),
            number: convention.number,
            title: convention_title.text.to_string(),
            title_language: convention_title.lang.to_string(),
            location: convention.location.clone(),
            starts_on: convention.starts_on,
            ends_on: convention.ends_on,
        },
    };
    Ok(PublishedArticle { article, comments, mailbag })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece published `day` days into 2026, under `tags`.
    fn piece(id: i64, day: u32, tags: &[&str]) -> ArticleSummary {
        ArticleSummary {
            id,
            slug: format!("piece-{id}"),
            title: format!("Piece {id}"),
            byline: String::new(),
            byline_name: String::new(),
            byline_location: String::new(),
            published_at: NaiveDate::from_yo_opt(2026, day).unwrap().and_hms_opt(12, 0, 0).unwrap(),
            convention: "c".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            language: "en".into(),
        }
    }

    fn ids(pieces: &[ArticleSummary]) -> Vec<i64> {
        pieces.iter().map(|p| p.id).collect()
    }

    #[test]
    fn related_pieces_share_the_most_tags_first_then_are_newest() {
        // Newest first by id, as kept; piece 7 was published before piece 6 (scheduled earlier).
        let housing = Arc::new(vec![
            piece(9, 9, &["housing"]),
            piece(8, 8, &["housing", "rent"]),
            piece(7, 5, &["housing"]),
            piece(6, 6, &["housing"]),
        ]);
        let rent = Arc::new(vec![piece(8, 8, &["housing", "rent"]), piece(2, 2, &["rent"])]);
        let newest = vec![piece(9, 9, &[]), piece(5, 7, &[]), piece(4, 4, &[])];
        let picked = pick_related(9, &[housing, rent], &newest);
        // 8 shares two tags; then 6 (day 6) before 7 (day 5) and 2 (day 2); the convention's newest
        // make up five, leaving out the piece itself and what was already picked.
        assert_eq!(ids(&picked), vec![8, 6, 7, 2, 5]);
    }

    #[test]
    fn a_tag_offers_its_newest_candidates_whether_or_not_the_piece_is_among_them() {
        // Kept under the tag: one more than the candidates, newest first by id. The oldest by id,
        // piece 1, was published last (a scheduled piece), so it is picked whenever it counts.
        let kept = RELATED_CANDIDATES_PER_TAG + 1;
        let day = |id: i64| if id == 1 { 300 } else { 1 + id as u32 };
        let under = Arc::new((1..=kept).rev().map(|id| piece(id, day(id), &["wages"])).collect::<Vec<_>>());
        let among_them = pick_related(kept, std::slice::from_ref(&under), &[]);
        assert_eq!(among_them.first().map(|p| p.id), Some(1), "leaving itself out, the piece has every other kept one");
        let elsewhere = pick_related(10_000, &[under], &[]);
        assert!(!ids(&elsewhere).contains(&1), "beyond the candidates: {:?}", ids(&elsewhere));
        assert_eq!(elsewhere.len(), RELATED as usize);
    }
}
