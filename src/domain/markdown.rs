//! Essays and answers are Markdown. This renders them with pulldown-cmark and cleans the HTML
//! with ammonia's allow-list, so the forms essays use (headings, paragraphs, lists, block quotes,
//! links, emphasis) survive, and scripts, event handlers, `javascript:` URLs, iframes and styles
//! never do.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .add_tags([
            "p",
            "br",
            "hr",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "ul",
            "ol",
            "li",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "a",
            "sup",
            "sub",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener noreferrer"))
        .strip_comments(true);
    builder
});

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
}

/// Safe HTML for a Markdown text. A top-level heading becomes `h2`, since the page's title is the
/// one `h1`.
pub fn to_html(markdown: &str) -> String {
    let events = parser(markdown).map(|event| match event {
        Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H1, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H2, id, classes, attrs })
        }
        Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H2))
        }
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// The words a reader sees, without the markup: for word counts, search and excerpts.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in parser(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn word_count(markdown: &str) -> usize {
    to_text(markdown).split_whitespace().count()
}

/// The first `words` words of a text, cut on a word boundary, with an ellipsis if cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut parts = text.split_whitespace();
    let head: Vec<&str> = parts.by_ref().take(words).collect();
    let mut excerpt = head.join(" ");
    if parts.next().is_some() {
        excerpt.push('…');
    }
    excerpt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essay_forms_survive() {
        let html =
            to_html("# Part one\n\nA *point* and **another**.\n\n> quoted\n\n- a\n- b\n\n[link](https://example.org)");
        for tag in ["<h2>", "<em>", "<strong>", "<blockquote>", "<ul>", "<li>", r#"href="https://example.org""#] {
            assert!(html.contains(tag), "{tag} missing from {html}");
        }
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_never_survive() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"color:red\" onclick=\"alert(1)\">x</p>",
            "<svg onload=alert(1)>",
        ];
        for attack in attacks {
            let html = to_html(attack).to_lowercase();
            for bad in ["<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "style=", "<svg", "<img"] {
                assert!(!html.contains(bad), "{attack:?} left {bad:?} in {html}");
            }
        }
    }

    #[test]
    fn words_are_counted_without_markup() {
        assert_eq!(word_count("# Title\n\nOne **two** [three](https://x.org)\n\n- four"), 5);
    }

    #[test]
    fn excerpts_cut_on_word_boundaries() {
        assert_eq!(excerpt("one two three", 2), "one two…");
        assert_eq!(excerpt("one two", 2), "one two");
    }
}
