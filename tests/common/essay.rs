//! Essays as documents: the fixtures in `tests/documents/` (made once by its `make-fixtures.sh`)
//! and what a reader sees of an essay's structure, to compare an upload with its original.

#![allow(dead_code)] // Each test file uses its own share.

use std::path::Path;

/// A fixture's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents").join(name)).unwrap()
}

/// The headings (`##`) and block quotes (`>`) of a Markdown text, in order, as a reader sees them.
pub fn structure_of_markdown(markdown: &str) -> (Vec<String>, Vec<String>) {
    let headings = markdown.lines().filter_map(|l| l.strip_prefix("## ")).map(|h| h.trim().to_string()).collect();
    let mut quotes: Vec<String> = Vec::new();
    let mut open = false;
    for line in markdown.lines() {
        match line.strip_prefix('>') {
            Some(rest) if open => {
                let last = quotes.last_mut().unwrap();
                last.push(' ');
                last.push_str(rest.trim());
            }
            Some(rest) => {
                quotes.push(rest.trim().to_string());
                open = true;
            }
            None => open = false,
        }
    }
    (headings, quotes.into_iter().map(|q| words(&q)).collect())
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The same, from a published article's HTML: its `h2`s and `blockquote`s as text.
pub fn structure_of_page(html: &str) -> (Vec<String>, Vec<String>) {
    let start = html.find(r#"<div class="body""#).expect("the piece's body");
    let body = &html[start..start + html[start..].find("</article>").expect("the piece's end")];
    let texts_in = |tag: &str| -> Vec<String> {
        body.split(&format!("<{tag}"))
            .skip(1)
            .filter_map(|rest| rest.split_once('>').map(|(_, inner)| inner))
            .filter_map(|inner| inner.split(&format!("</{tag}>")).next())
            .map(|inner| {
                let mut text = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                words(&text.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&"))
            })
            .collect()
    };
    (texts_in("h2"), texts_in("blockquote"))
}
