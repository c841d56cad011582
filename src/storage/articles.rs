//! Queries over published articles: listings, full-text search (the one backend-specific
//! query, over the stems [`crate::search`] works out, kept beside each text), related pieces and
//! feeds.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::fulltext::{self, Needs};
use super::schema::{article_tags, articles, digest_parts};
use super::{AnyConnection, StorageResult};
use crate::search::{self, Query};

pub const PUBLISHED: &str = "published";
pub const UNPUBLISHED: &str = "unpublished";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleRow {
    pub id: i64,
    pub submission_id: Option<i64>,
    pub convention_id: i64,
    pub revision_id: i64,
    pub disclaimer_id: i64,
    pub slug: String,
    pub title: String,
    pub byline_name: String,
    pub byline_location: String,
    pub body_html: String,
    pub body_text: String,
    pub status: String,
    pub published_at: NaiveDateTime,
    pub unpublished_at: Option<NaiveDateTime>,
    pub unpublish_reason: Option<String>,
    pub topic_id: Option<i64>,
    pub reply_to_article_id: Option<i64>,
    pub language: String,
    pub byline_state: Option<String>,
    pub byline_club: Option<String>,
    pub byline_district: Option<String>,
    pub author_kind: String,
    pub video_url: Option<String>,
    pub is_digest: bool,
}

/// What a listing shows of an article (no body: listings stay small at any archive size).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleListing {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub byline_name: String,
    pub byline_location: String,
    pub published_at: NaiveDateTime,
    pub convention_id: i64,
    pub language: String,
    pub author_kind: String,
}

#[derive(Clone, Copy)]
pub struct NewArticle<'a> {
    /// `None` for a digest, whose parts are in `digest_parts`.
    pub submission_id: Option<i64>,
    pub convention_id: i64,
    pub revision_id: i64,
    pub disclaimer_id: i64,
    pub slug: &'a str,
    pub title: &'a str,
    pub byline_name: &'a str,
    pub byline_location: &'a str,
    pub body_html: &'a str,
    pub body_text: &'a str,
    pub published_at: NaiveDateTime,
    pub topic_id: Option<i64>,
    pub reply_to_article_id: Option<i64>,
    pub language: &'a str,
    pub byline_state: Option<&'a str>,
    pub byline_club: Option<&'a str>,
    pub byline_district: Option<&'a str>,
    pub author_kind: &'a str,
    pub video_url: Option<&'a str>,
}

pub fn insert(conn: &mut AnyConnection, article: &NewArticle<'_>, tags: &[String]) -> StorageResult<i64> {
    let id = diesel::insert_into(articles::table)
        .values((
            articles::submission_id.eq(article.submission_id),
            articles::convention_id.eq(article.convention_id),
            articles::revision_id.eq(article.revision_id),
            articles::disclaimer_id.eq(article.disclaimer_id),
            articles::slug.eq(article.slug),
            articles::title.eq(article.title),
            articles::byline_name.eq(article.byline_name),
            articles::byline_location.eq(article.byline_location),
            articles::body_html.eq(article.body_html),
            articles::body_text.eq(article.body_text),
            articles::status.eq(PUBLISHED),
            articles::published_at.eq(article.published_at),
            (
                articles::topic_id.eq(article.topic_id),
                articles::reply_to_article_id.eq(article.reply_to_article_id),
                articles::language.eq(article.language),
                articles::byline_state.eq(article.byline_state),
                articles::byline_club.eq(article.byline_club),
                articles::byline_district.eq(article.byline_district),
                articles::author_kind.eq(article.author_kind),
                articles::video_url.eq(article.video_url),
                articles::is_digest.eq(article.submission_id.is_none()),
                articles::search_title.eq(search::indexed(article.title, article.language)),
                articles::search_body.eq(search::indexed(article.body_text, article.language)),
            ),
        ))
        .returning(articles::id)
        .get_result(conn)?;
    for tag in tags {
        diesel::insert_into(article_tags::table)
            .values((article_tags::article_id.eq(id), article_tags::tag.eq(tag)))
            .execute(conn)?;
    }
    Ok(id)
}

pub fn slug_exists(conn: &mut AnyConnection, slug: &str) -> StorageResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(articles::table.filter(articles::slug.eq(slug)))).get_result(conn)?)
}

/// A published article by slug (unpublished ones are not found).
pub fn find_published(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<ArticleRow>> {
    Ok(articles::table
        .filter(articles::slug.eq(slug).and(articles::status.eq(PUBLISHED)))
        .select(ArticleRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_submission(conn: &mut AnyConnection, submission_id: i64) -> StorageResult<Option<ArticleRow>> {
    Ok(articles::table
        .filter(articles::submission_id.eq(submission_id))
        .select(ArticleRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn unpublish(conn: &mut AnyConnection, id: i64, reason: &str, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(articles::table.find(id))
        .set((
            articles::status.eq(UNPUBLISHED),
            articles::unpublished_at.eq(Some(now)),
            articles::unpublish_reason.eq(Some(reason)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts an unpublished article back as it was (same address, same text, same publication
/// time); returns whether it was unpublished.
pub fn republish(conn: &mut AnyConnection, id: i64) -> StorageResult<bool> {
    let changed = diesel::update(articles::table.find(id).filter(articles::status.eq(UNPUBLISHED)))
        .set((
            articles::status.eq(PUBLISHED),
            articles::unpublished_at.eq(None::<NaiveDateTime>),
            articles::unpublish_reason.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn tags_of(conn: &mut AnyConnection, article_ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
    Ok(article_tags::table
        .filter(article_tags::article_id.eq_any(article_ids))
        .order((article_tags::article_id, article_tags::tag))
        .select((article_tags::article_id, article_tags::tag))
        .load(conn)?)
}

/// Filters of a listing.
#[derive(Debug, Clone, Default)]
pub struct ListingFilter {
    pub convention_id: Option<i64>,
    pub topic_id: Option<i64>,
    pub language: Option<String>,
    pub tag: Option<String>,
}

/// Published articles, newest first, after the keyset cursor `(published_at, id)`.
pub fn list_published(
    conn: &mut AnyConnection,
    filter: &ListingFilter,
    before: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> StorageResult<Vec<ArticleListing>> {
    let mut query = articles::table.filter(articles::status.eq(PUBLISHED)).into_boxed();
    if let Some(convention_id) = filter.convention_id {
        query = query.filter(articles::convention_id.eq(convention_id));
    }
    if let Some(topic_id) = filter.topic_id {
        query = query.filter(articles::topic_id.eq(topic_id));
    }
    if let Some(language) = &filter.language {
        query = query.filter(articles::language.eq(language.clone()));
    }
    if let Some(tag) = &filter.tag {
        let tagged = article_tags::table.filter(article_tags::tag.eq(tag.clone())).select(article_tags::article_id);
        query = query.filter(articles::id.eq_any(tagged));
    }
    if let Some((at, id)) = before {
        // The first bound lets the index start at the cursor; the second settles ties on the instant.
        query =
            query.filter(articles::published_at.le(at)).filter(articles::published_at.lt(at).or(articles::id.lt(id)));
    }
    Ok(query
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(limit)
        .select(ArticleListing::as_select())
        .load(conn)?)
}

pub fn listings_by_ids(conn: &mut AnyConnection, ids: &[i64]) -> StorageResult<Vec<ArticleListing>> {
    Ok(articles::table.filter(articles::id.eq_any(ids)).select(ArticleListing::as_select()).load(conn)?)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// How many of the newest matching articles search ranks. Ranking looks at every candidate, so
/// without a bound a common word would cost more the larger the archive grows; with it a search
/// costs the same at a thousand pieces or a million. A reader who wants older pieces among
/// more than this many matches adds a word.
pub const SEARCH_WINDOW: i64 = 1000;

/// What a search found: one page of ids, best first, and how many there are in all.
#[derive(Debug, Default)]
pub struct SearchMatches {
    pub ids: Vec<i64>,
    /// Published matches (in the convention asked for) among the newest [`SEARCH_WINDOW`].
    pub total: i64,
    /// The window was full: there may be more, older matches than `total`.
    pub window_full: bool,
}

#[derive(QueryableByName)]
struct RankedHit {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    total: i64,
}

/// Published articles matching `query`, best first among the newest [`SEARCH_WINDOW`] matches:
/// `limit` ids from `offset`, and the count of them all.
///
/// Both backends rank alike, so a query finds the same pieces in the same order on either: pieces
/// whose title holds every part first, then newest first. (A rank by word counts, bm25 or
/// `ts_rank`, differs between the two, and FTS5's bm25 would count every row holding each word
/// before ranking any: 92 ms for a word in every piece of a million.)
pub fn search(
    conn: &mut AnyConnection,
    query: &Query,
    filter: &ListingFilter,
    offset: i64,
    limit: i64,
) -> StorageResult<SearchMatches> {
    if query.is_empty() {
        return Ok(SearchMatches::default());
    }
    let (convention_id, topic_id) = (filter.convention_id.unwrap_or(0), filter.topic_id.unwrap_or(0));
    let (language, tag) = (filter.language.clone().unwrap_or_default(), filter.tag.clone().unwrap_or_default());
    match conn {
        AnyConnection::Sqlite(_) => search_sqlite(conn, query, filter, offset, limit),
        AnyConnection::Postgresql(_) => {
            // Whether the title matches is worked out for the window's rows only, after the
            // index has found them. The count is taken over the window before the page is cut
            // from it, in the same pass.
            let rows: Vec<RankedHit> = diesel::sql_query(format!(
                "SELECT hits.id AS id, count(*) OVER () AS total FROM ({}) hits \
                 ORDER BY hits.search_vector @@ CAST($9 AS tsquery) DESC, hits.id DESC LIMIT $7 OFFSET $8",
                postgres_window()
            ))
            .bind::<Text, _>(fulltext::tsquery(query, Needs::Every, None))
            .bind::<BigInt, _>(convention_id)
            .bind::<BigInt, _>(topic_id)
            .bind::<Text, _>(&language)
            .bind::<Text, _>(&tag)
            .bind::<BigInt, _>(SEARCH_WINDOW)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .bind::<Text, _>(fulltext::tsquery(query, Needs::Every, Some('A')))
            .load(conn)?;
            let total = match rows.first() {
                Some(row) => row.total,
                // A page past the end counts nothing; count the window on its own.
                None if offset > 0 => count_postgres(conn, query, filter)?,
                None => 0,
            };
            Ok(SearchMatches {
                ids: rows.into_iter().map(|r| r.id).collect(),
                total,
                window_full: total >= SEARCH_WINDOW,
            })
        }
    }
}

/// The filters a search shares with the listing ([`ListingFilter`]), over `a` (articles), as
/// parameters $2 to $5: the convention and the topic (0 for any), the language and the tag (''
/// for any).
const SEARCH_FILTERS: &str = "($2 = 0 OR a.convention_id = $2) AND ($3 = 0 OR a.topic_id = $3) \
     AND ($4 = '' OR a.language = $4) \
     AND ($5 = '' OR a.id IN (SELECT t.article_id FROM article_tags t WHERE t.tag = $5))";

/// The newest published matches on Postgres ($1 the query, $2 to $5 the filters, $6 the window).
///
/// Postgres has two ways to find them, and its estimate of how many rows match cannot tell which
/// is cheap: walking the articles newest first until the window is full (a few milliseconds when
/// matches are common, the whole table when they are few: 118 ms for two words found together
/// nowhere in 100k pieces), or gathering every match from the word index and sorting them (the
/// reverse). So a probe asks the word index first whether the window's worth of candidates exists
/// at all, and only the fitting way runs; the other is cut off before it starts. Each way is
/// written so Postgres can take no other, whatever it estimates (after five runs it plans without
/// the words): the walk tests the words with `ts_match_vq`, the function behind `@@`, which the
/// word index does not serve, and the gathering sorts by `a.id + 0`, which the id index does not.
fn postgres_window() -> String {
    let matches = |test: &str| {
        format!(
            "SELECT a.id, a.search_vector FROM articles a \
             WHERE {test} AND a.status = 'published' AND {SEARCH_FILTERS}"
        )
    };
    let (walk, gather) = (
        matches("ts_match_vq(a.search_vector, CAST($1 AS tsquery))"),
        matches("a.search_vector @@ CAST($1 AS tsquery)"),
    );
    format!(
        "WITH probe AS MATERIALIZED (SELECT count(*) AS candidates FROM \
           (SELECT 1 FROM articles p WHERE p.search_vector @@ CAST($1 AS tsquery) LIMIT $6) found) \
         ({walk} AND (SELECT candidates FROM probe) >= $6 ORDER BY a.id DESC LIMIT $6) \
         UNION ALL \
         ({gather} AND (SELECT candidates FROM probe) < $6 ORDER BY a.id + 0 DESC LIMIT $6)"
    )
}

/// How many published matches the Postgres window holds.
fn count_postgres(conn: &mut AnyConnection, query: &Query, filter: &ListingFilter) -> StorageResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let count: Count = diesel::sql_query(format!("SELECT count(*) AS total FROM ({}) hits", postgres_window()))
        .bind::<Text, _>(fulltext::tsquery(query, Needs::Every, None))
        .bind::<BigInt, _>(filter.convention_id.unwrap_or(0))
        .bind::<BigInt, _>(filter.topic_id.unwrap_or(0))
        .bind::<Text, _>(filter.language.clone().unwrap_or_default())
        .bind::<Text, _>(filter.tag.clone().unwrap_or_default())
        .bind::<BigInt, _>(SEARCH_WINDOW)
        .get_result(conn)?;
    Ok(count.total)
}

fn search_sqlite(
    conn: &mut AnyConnection,
    query: &Query,
    filter: &ListingFilter,
    offset: i64,
    limit: i64,
) -> StorageResult<SearchMatches> {
    // FTS5 walks the matching rows newest first (rowids are given at publication); each is looked
    // up in `articles` (CROSS JOIN keeps FTS5 the outer loop) to keep the ones readers may see,
    // as Postgres's window does, until the window is full.
    // SQLite numbers `$n` parameters in the order they first appear, which is their order here.
    let window: Vec<Id> = diesel::sql_query(format!(
        "SELECT articles_fts.rowid AS id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid \
         WHERE articles_fts MATCH $1 AND a.status = 'published' AND {SEARCH_FILTERS} \
         ORDER BY articles_fts.rowid DESC LIMIT $6"
    ))
    .bind::<Text, _>(fulltext::fts5(query, Needs::Every, None))
    .bind::<BigInt, _>(filter.convention_id.unwrap_or(0))
    .bind::<BigInt, _>(filter.topic_id.unwrap_or(0))
    .bind::<Text, _>(filter.language.clone().unwrap_or_default())
    .bind::<Text, _>(filter.tag.clone().unwrap_or_default())
    .bind::<BigInt, _>(SEARCH_WINDOW)
    .load(conn)?;
    let Some(oldest) = window.last().map(|r| r.id) else {
        return Ok(SearchMatches::default());
    };
    let in_title: std::collections::HashSet<i64> =
        diesel::sql_query("SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH $1 AND rowid >= $2")
            .bind::<Text, _>(fulltext::fts5(query, Needs::Every, Some("search_title")))
            .bind::<BigInt, _>(oldest)
            .load::<Id>(conn)?
            .into_iter()
            .map(|r| r.id)
            .collect();
    let mut ranked: Vec<i64> = window.into_iter().map(|r| r.id).collect();
    // Stable: within each group the window's order, newest first, stays.
    ranked.sort_by_key(|id| !in_title.contains(id));
    let total = ranked.len() as i64;
    // The offset is the reader's cursor: any number.
    let (offset, limit) = (usize::try_from(offset).unwrap_or(usize::MAX), usize::try_from(limit).unwrap_or(0));
    let ids = ranked.into_iter().skip(offset).take(limit).collect();
    Ok(SearchMatches { ids, total, window_full: total >= SEARCH_WINDOW })
}

/// Articles whose stems are not yet kept (published before search kept them, or rendered again
/// since), after `after` by id: (id, language, title, plain text).
pub fn unindexed(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StorageResult<Vec<(i64, String, String, String)>> {
    Ok(articles::table
        .filter(articles::search_body.is_null().and(articles::id.gt(after)))
        .order(articles::id)
        .limit(limit)
        .select((articles::id, articles::language, articles::title, articles::body_text))
        .load(conn)?)
}

/// Keeps an article's stems (see [`crate::search::indexed`]), which indexes it for search:
/// unless its title or text changed since they were read (another process rendered it again
/// meanwhile), and then it waits for the next pass.
pub fn store_indexed(
    conn: &mut AnyConnection,
    id: i64,
    (title, text): (&str, &str),
    (title_stems, body_stems): (&str, &str),
) -> StorageResult<usize> {
    let unchanged = articles::id
        .eq(id)
        .and(articles::search_body.is_null())
        .and(articles::title.eq(title))
        .and(articles::body_text.eq(text));
    Ok(diesel::update(articles::table.filter(unchanged))
        .set((articles::search_title.eq(title_stems), articles::search_body.eq(body_stems)))
        .execute(conn)?)
}

/// Gives the articles published from a revision (not digests, whose text joins several) that
/// revision's HTML and plain text, made again (see `domain::backfill`): the same words, rendered
/// as the renderer renders them now (footnotes, since 2026-12-08).
pub fn store_rendered_revision(
    conn: &mut AnyConnection,
    revision_id: i64,
    (html, text): (&str, &str),
) -> StorageResult<()> {
    diesel::update(articles::table.filter(articles::revision_id.eq(revision_id).and(articles::is_digest.eq(false))))
        // Its stems are worked out again from the new text (see `domain::backfill`).
        .set((
            articles::body_html.eq(html),
            articles::body_text.eq(text),
            articles::search_title.eq(None::<String>),
            articles::search_body.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// The language and plain text of these articles, for search results' snippets.
pub fn texts(conn: &mut AnyConnection, ids: &[i64]) -> StorageResult<Vec<(i64, String, String)>> {
    Ok(articles::table
        .filter(articles::id.eq_any(ids))
        .select((articles::id, articles::language, articles::body_text))
        .load(conn)?)
}

/// The HTML and plain text of these articles, for the feed.
pub fn bodies(conn: &mut AnyConnection, ids: &[i64]) -> StorageResult<Vec<(i64, String, String)>> {
    Ok(articles::table
        .filter(articles::id.eq_any(ids))
        .select((articles::id, articles::body_html, articles::body_text))
        .load(conn)?)
}

/// The newest `limit` published articles (by id: ids are given at publication) tagged `tag`.
pub fn newest_published_with_tag(
    conn: &mut AnyConnection,
    tag: &str,
    limit: i64,
) -> StorageResult<Vec<ArticleListing>> {
    Ok(article_tags::table
        .inner_join(articles::table)
        .filter(article_tags::tag.eq(tag))
        .filter(articles::status.eq(PUBLISHED))
        .order(article_tags::article_id.desc())
        .limit(limit)
        .select(ArticleListing::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<ArticleRow>> {
    Ok(articles::table.find(id).select(ArticleRow::as_select()).first(conn).optional()?)
}

/// The published article a submission appears in: its own, or the digest it is part of.
pub fn containing_submission(conn: &mut AnyConnection, submission_id: i64) -> StorageResult<Option<ArticleRow>> {
    if let Some(own) = find_by_submission(conn, submission_id)? {
        return Ok(Some(own));
    }
    let digest: Option<i64> = digest_parts::table
        .filter(digest_parts::submission_id.eq(submission_id))
        .select(digest_parts::article_id)
        .first(conn)
        .optional()?;
    match digest {
        Some(id) => find(conn, id),
        None => Ok(None),
    }
}

pub fn insert_part(
    conn: &mut AnyConnection,
    article_id: i64,
    submission_id: i64,
    revision_id: i64,
    position: i32,
) -> StorageResult<()> {
    diesel::insert_into(digest_parts::table)
        .values((
            digest_parts::article_id.eq(article_id),
            digest_parts::submission_id.eq(submission_id),
            digest_parts::revision_id.eq(revision_id),
            digest_parts::position.eq(position),
        ))
        .execute(conn)?;
    Ok(())
}

/// A digest's parts in order: (submission id, revision id).
pub fn parts_of(conn: &mut AnyConnection, article_id: i64) -> StorageResult<Vec<(i64, i64)>> {
    Ok(digest_parts::table
        .filter(digest_parts::article_id.eq(article_id))
        .order(digest_parts::position)
        .select((digest_parts::submission_id, digest_parts::revision_id))
        .load(conn)?)
}

/// Published replies to an article, oldest first.
pub fn replies_to(conn: &mut AnyConnection, article_id: i64) -> StorageResult<Vec<ArticleListing>> {
    Ok(articles::table
        .filter(articles::reply_to_article_id.eq(article_id).and(articles::status.eq(PUBLISHED)))
        .order((articles::published_at.asc(), articles::id.asc()))
        .select(ArticleListing::as_select())
        .load(conn)?)
}

/// Published since `since` in a convention, oldest first (for the subscribers' digest).
pub fn published_since(
    conn: &mut AnyConnection,
    convention_id: i64,
    since: NaiveDateTime,
) -> StorageResult<Vec<ArticleListing>> {
    Ok(articles::table
        .filter(articles::convention_id.eq(convention_id).and(articles::status.eq(PUBLISHED)))
        .filter(articles::published_at.gt(since))
        .order((articles::published_at.asc(), articles::id.asc()))
        .select(ArticleListing::as_select())
        .load(conn)?)
}

/// Every published article of a convention (or one topic), for the bulletin: by topic, oldest first.
pub fn all_published(
    conn: &mut AnyConnection,
    convention_id: i64,
    topic_id: Option<i64>,
) -> StorageResult<Vec<String>> {
    let mut query = articles::table
        .filter(articles::convention_id.eq(convention_id).and(articles::status.eq(PUBLISHED)))
        .into_boxed();
    if let Some(topic_id) = topic_id {
        query = query.filter(articles::topic_id.eq(topic_id));
    }
    Ok(query
        .order((articles::topic_id.asc(), articles::published_at.asc(), articles::id.asc()))
        .select(articles::slug)
        .load(conn)?)
}
