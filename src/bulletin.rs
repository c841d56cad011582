//! The printable bulletin: a topic or a whole discussion as an EPUB book (epub-builder), with a
//! table of contents, every piece with its byline and its disclaimer. Clubs print it for local
//! discussion. Served at `/conventions/{slug}/bulletin.epub` and made by `tribune bulletin`.
//!
//! Every XML file of the book is well-formed whatever the pieces hold: text is escaped by the
//! templates and epub-builder, and characters XML 1.0 does not allow (which the HTTP edge refuses,
//! but older data may hold) are dropped by [`xml_text`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::web::Bytes;
use askama::Template;
use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;
use epub_builder::{EpubBuilder, EpubContent, ReferenceType, ZipLibrary};

use crate::app::Services;
use crate::domain::DomainError;
use crate::domain::reading::ArticleView;
use crate::domain::site::{StoredSite, stored as stored_site};
use crate::domain::text::without_unshowable;
use crate::i18n::Lang;
use crate::storage::schema::articles as articles_table;
use crate::storage::{AnyConnection, articles, conventions, topics};

#[derive(Template)]
#[template(path = "bulletin_chapter.xml")]
struct Chapter<'a> {
    a: &'a ArticleView,
    /// The piece's language, which the chapter's own words are in.
    piece: Lang,
    body: String,
    parts: Vec<(String, String, String)>,
}

/// One piece of the book: its file, its title in the tables of contents, its language and its
/// XHTML.
struct ChapterFile {
    file: String,
    title: String,
    language: String,
    xhtml: String,
}

/// Text as XML 1.0 can hold it (see [`without_unshowable`]).
fn xml_text(text: &str) -> String {
    without_unshowable(text).into_owned()
}

/// HTML as the sanitiser writes it, made well-formed XHTML (void elements closed, the one named
/// entity it may write spelled as a number).
fn xhtml(html: &str) -> String {
    html.replace("<br>", "<br/>").replace("<hr>", "<hr/>").replace("&nbsp;", "&#160;")
}

fn epub_error(e: epub_builder::Error) -> DomainError {
    DomainError::Internal(format!("bulletin: {e}"))
}

fn chapter_xhtml(article: &ArticleView) -> Result<String, DomainError> {
    let piece = Lang::parse(&article.language).unwrap_or_default();
    let parts = article.parts.iter().map(|p| (p.title.clone(), p.byline.line(piece), xhtml(&p.body_html))).collect();
    let chapter = Chapter { a: article, piece, body: xhtml(&article.body_html), parts }
        .render()
        .map_err(|e| DomainError::Internal(format!("bulletin template: {e}")))?;
    Ok(xml_text(&chapter))
}

/// Builds the bulletin of a convention (or one of its topics), reporting `(done, total, title)`.
pub async fn build(
    services: &Services,
    convention: &str,
    topic: Option<&str>,
    mut progress: impl FnMut(usize, usize, &str),
) -> Result<Vec<u8>, DomainError> {
    let (convention_slug, topic_slug) = (convention.to_string(), topic.map(str::to_string));
    // The book is the same for every reader: its own words are in the discussion's language.
    let lang = Lang::parse(services.submissions.rules().default_language()).unwrap_or_default();
    let (title, slugs, site) = services
        .db
        .read(move |conn| {
            let convention = conventions::find_by_slug(conn, &convention_slug)?.ok_or(DomainError::NotFound)?;
            let topic = match &topic_slug {
                Some(slug) => Some(topics::find_by_slug(conn, convention.id, slug)?.ok_or(DomainError::NotFound)?),
                None => None,
            };
            let title = match &topic {
                Some(topic) => format!("{}: {}", convention.title, topic.title),
                None => lang.t1("bulletin-title", "convention", &convention.title),
            };
            let slugs = articles::all_published(conn, convention.id, topic.map(|t| t.id))?;
            // From the database, as the stamp reads it, so a renamed site makes a new book.
            Ok::<_, DomainError>((title, slugs, stored_site(conn)?))
        })
        .await?;
    let mut chapters = Vec::with_capacity(slugs.len());
    for (n, slug) in slugs.iter().enumerate() {
        let published = match services.articles.get(slug).await {
            Ok(published) => published,
            // Unpublished since the list was read: it is no longer part of the discussion.
            Err(DomainError::NotFound) => continue,
            Err(error) => return Err(error),
        };
        let article = &published.article;
        progress(n + 1, slugs.len(), &article.title);
        chapters.push(ChapterFile {
            file: format!("piece-{n}.xhtml"),
            title: article.title.clone(),
            language: article.language.clone(),
            xhtml: chapter_xhtml(article)?,
        });
    }
    book(&title, &site, &chapters, lang)
}

#[derive(Template)]
#[template(path = "bulletin_colophon.xml")]
struct Colophon<'a> {
    lines: &'a [String],
    /// The language of the book's own words.
    lang: Lang,
}

/// The EPUB of `chapters`, published by `site`, whose name and footer end the book; its own words
/// (the contents, the colophon) are in `lang`.
fn book(title: &str, site: &StoredSite, chapters: &[ChapterFile], lang: Lang) -> Result<Vec<u8>, DomainError> {
    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(epub_error)?).map_err(epub_error)?;
    builder.set_title(xml_text(title));
    builder.add_author(xml_text(site.publisher()));
    builder.set_toc_name(lang.t("bulletin-contents"));
    builder.inline_toc();
    let mut languages: Vec<String> = Vec::new();
    for chapter in chapters {
        let language = xml_text(&chapter.language);
        if !languages.contains(&language) {
            languages.push(language.clone());
            builder.add_language(language);
        }
    }
    if !languages.iter().any(|language| language == lang.code()) {
        // A book must name a language, even one with no pieces yet; and its own words are in this
        // one.
        builder.add_language(lang.code());
    }
    for chapter in chapters {
        builder
            .add_content(
                EpubContent::new(chapter.file.clone(), chapter.xhtml.as_bytes())
                    .title(xml_text(&chapter.title))
                    .reftype(ReferenceType::Text),
            )
            .map_err(epub_error)?;
    }
    let lines: Vec<String> = site.signature(lang).iter().map(|line| xml_text(line)).collect();
    let colophon =
        Colophon { lines: &lines, lang }.render().map_err(|e| DomainError::Internal(format!("bulletin: {e}")))?;
    builder
        .add_content(EpubContent::new("colophon.xhtml", colophon.as_bytes()).title(lang.t("bulletin-about")))
        .map_err(epub_error)?;
    let mut book = Vec::new();
    builder.generate(&mut book).map_err(epub_error)?;
    Ok(book)
}

/// What a bulletin was built from: it is built again only when this changes. Articles are
/// inserted and unpublished but never edited, so their count, newest id and last unpublication
/// stand for them; the convention's edits bump `updated_at`; topic titles are compared as they
/// are. Read from the database, so a change made by another process counts too.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    published: i64,
    newest_article: Option<i64>,
    last_unpublished: Option<NaiveDateTime>,
    convention_updated: NaiveDateTime,
    topics: Vec<(i64, String)>,
    site: StoredSite,
}

fn stamp(conn: &mut AnyConnection, convention: &str) -> Result<Stamp, DomainError> {
    use articles_table::dsl;
    let convention = conventions::find_by_slug(conn, convention)?.ok_or(DomainError::NotFound)?;
    let of_convention = dsl::articles.filter(dsl::convention_id.eq(convention.id));
    let published = of_convention.filter(dsl::status.eq(articles::PUBLISHED)).count().get_result(conn)?;
    let (newest_article, last_unpublished) =
        of_convention.select((max(dsl::id), max(dsl::unpublished_at))).first(conn)?;
    let topics = topics::of_convention(conn, convention.id)?.into_iter().map(|t| (t.id, t.title)).collect();
    Ok(Stamp {
        published,
        newest_article,
        last_unpublished,
        convention_updated: convention.updated_at,
        topics,
        site: stored_site(conn)?,
    })
}

struct Built {
    stamp: Stamp,
    book: Bytes,
}

type Slot = Arc<tokio::sync::Mutex<Option<Built>>>;

/// Built bulletins, one per convention or topic, kept until what they were built from changes.
/// Building takes seconds for a large discussion: requests for the same book wait for the one
/// build under way instead of starting their own.
#[derive(Default)]
pub struct Bulletins {
    slots: Mutex<HashMap<(String, Option<String>), Slot>>,
}

impl Bulletins {
    pub fn new() -> Bulletins {
        Bulletins::default()
    }

    /// The bulletin as it is now: the one built before if nothing it shows has changed since.
    pub async fn get(&self, services: &Services, convention: &str, topic: Option<&str>) -> Result<Bytes, DomainError> {
        let key = (convention.to_string(), topic.map(str::to_string));
        // The stamp is read before waiting for the slot, so downloads of a built book run side by
        // side; a stamp read early can only cause one rebuild too many, never a stale book.
        let slug = convention.to_string();
        let current = services.db.read(move |conn| stamp(conn, &slug)).await;
        let slot = self.lock().entry(key.clone()).or_default().clone();
        let mut built = slot.lock().await;
        let result = match current {
            Ok(stamp) => match built.as_ref() {
                Some(old) if old.stamp == stamp => return Ok(old.book.clone()),
                _ => build(services, convention, topic, |_, _, _| {}).await.map(|book| (stamp, Bytes::from(book))),
            },
            Err(error) => Err(error),
        };
        match result {
            Ok((stamp, book)) => {
                *built = Some(Built { stamp, book: book.clone() });
                Ok(book)
            }
            // A passing fault (a busy pool) keeps the book built before.
            Err(error) if !matches!(error, DomainError::NotFound) => Err(error),
            Err(error) => {
                // Nothing is kept for a convention or topic that does not exist, so the map holds
                // only real books however many names are asked for.
                *built = None;
                drop(built);
                let mut slots = self.lock();
                if slots.get(&key).is_some_and(|kept| Arc::ptr_eq(kept, &slot)) {
                    slots.remove(&key);
                }
                Err(error)
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, Option<String>), Slot>> {
        // The map is only ever inserted into or removed from whole: a panic cannot leave it torn.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// Every character XML 1.0 refuses (and the ones no page shows), one of each class.
    const FORBIDDEN: &[char] = &[
        '\u{0}',
        '\u{1}',
        '\u{B}',
        '\u{C}',
        '\u{1B}',
        '\u{7F}',
        '\u{85}',
        '\u{FDD0}',
        '\u{FFFE}',
        '\u{FFFF}',
        '\u{1FFFF}',
    ];

    /// A site whose name and footer hold every character XML refuses and every one it escapes.
    fn hostile_site() -> StoredSite {
        serde_json::from_value(serde_json::json!({
            "title": hostile("The <Tribune> & ]]>"),
            "organisation": hostile("Riverside \"Socialists\" & co"),
            "footer": hostile("12 <Mill> Lane\nRiverside & ]]>"),
        }))
        .unwrap()
    }

    fn hostile(text: &str) -> String {
        let mut hostile: String = FORBIDDEN.iter().collect();
        hostile.push_str(text);
        hostile.extend(FORBIDDEN.iter());
        hostile
    }

    #[test]
    fn forbidden_characters_fed_to_the_book_leave_every_xml_file_well_formed() {
        let chapters = [
            ChapterFile {
                file: "piece-0.xhtml".into(),
                title: hostile("A <title> & \"quotes\" ]]> 🙂"),
                language: hostile("en"),
                xhtml: xml_text(&format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\
                     <head><title>t</title></head><body><p>{}</p></body></html>",
                    hostile("body")
                )),
            },
            ChapterFile {
                file: "piece-1.xhtml".into(),
                title: hostile(""),
                language: "es".into(),
                xhtml: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\
                        <head><title>t</title></head><body/></html>"
                    .into(),
            },
        ];
        let book = book(&hostile("The <book> & its ]]> title"), &hostile_site(), &chapters, Lang::Es).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut checked = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let name = file.name().to_string();
            if [".xml", ".opf", ".ncx", ".xhtml"].iter().any(|ext| name.ends_with(ext)) {
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
                roxmltree::Document::parse_with_options(&text, options)
                    .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}\n{text}"));
                checked.push(name);
            }
        }
        for name in ["OEBPS/content.opf", "OEBPS/toc.ncx", "OEBPS/nav.xhtml", "OEBPS/piece-0.xhtml"] {
            assert!(checked.iter().any(|c| c == name), "{name} in {checked:?}");
        }
    }
}
