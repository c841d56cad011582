//! The printable bulletin: a topic or a whole discussion as an EPUB book (epub-builder), with a
//! table of contents, every piece with its byline and its disclaimer. Clubs print it for local
//! discussion. Served at `/conventions/{slug}/bulletin.epub` and made by `tribune bulletin`.

use askama::Template;
use epub_builder::{EpubBuilder, EpubContent, ReferenceType, ZipLibrary};

use crate::app::Services;
use crate::domain::DomainError;
use crate::domain::reading::ArticleView;
use crate::storage::{articles, conventions, topics};

#[derive(Template)]
#[template(path = "bulletin_chapter.xml")]
struct Chapter<'a> {
    a: &'a ArticleView,
    body: String,
    parts: Vec<(String, String, String)>,
}

/// HTML as the sanitiser writes it, made well-formed XHTML (void elements closed, the one named
/// entity it may write spelled as a number).
fn xhtml(html: &str) -> String {
    html.replace("<br>", "<br/>").replace("<hr>", "<hr/>").replace("&nbsp;", "&#160;")
}

fn epub_error(e: epub_builder::Error) -> DomainError {
    DomainError::Internal(format!("bulletin: {e}"))
}

/// Builds the bulletin of a convention (or one of its topics), reporting `(done, total, title)`.
pub async fn build(
    services: &Services,
    convention: &str,
    topic: Option<&str>,
    mut progress: impl FnMut(usize, usize, &str),
) -> Result<Vec<u8>, DomainError> {
    let (convention_slug, topic_slug) = (convention.to_string(), topic.map(str::to_string));
    let (title, slugs) = services
        .db
        .read(move |conn| {
            let convention = conventions::find_by_slug(conn, &convention_slug)?.ok_or(DomainError::NotFound)?;
            let topic = match &topic_slug {
                Some(slug) => Some(topics::find_by_slug(conn, convention.id, slug)?.ok_or(DomainError::NotFound)?),
                None => None,
            };
            let title = match &topic {
                Some(topic) => format!("{}: {}", convention.title, topic.title),
                None => format!("{}: the discussion", convention.title),
            };
            let slugs = articles::all_published(conn, convention.id, topic.map(|t| t.id))?;
            Ok::<_, DomainError>((title, slugs))
        })
        .await?;
    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(epub_error)?).map_err(epub_error)?;
    builder.set_title(title.clone());
    builder.add_author("Tribune");
    builder.set_toc_name("Contents");
    builder.inline_toc();
    let mut languages: Vec<String> = Vec::new();
    for (n, slug) in slugs.iter().enumerate() {
        let published = services.articles.get(slug).await?;
        let article = &published.article;
        progress(n + 1, slugs.len(), &article.title);
        if !languages.contains(&article.language) {
            languages.push(article.language.clone());
            builder.add_language(article.language.clone());
        }
        let parts = article.parts.iter().map(|p| (p.title.clone(), p.byline.line(), xhtml(&p.body_html))).collect();
        let chapter = Chapter { a: article, body: xhtml(&article.body_html), parts }
            .render()
            .map_err(|e| DomainError::Internal(format!("bulletin template: {e}")))?;
        builder
            .add_content(
                EpubContent::new(format!("piece-{n}.xhtml"), chapter.as_bytes())
                    .title(article.title.clone())
                    .reftype(ReferenceType::Text),
            )
            .map_err(epub_error)?;
    }
    let mut book = Vec::new();
    builder.generate(&mut book).map_err(epub_error)?;
    Ok(book)
}
