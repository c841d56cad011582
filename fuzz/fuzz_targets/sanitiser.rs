//! Fuzzes Markdown rendering and sanitising: whatever the input, the HTML that comes out has no
//! script, no event handler, no `javascript:` URL, no iframe and no style.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../src/domain/markdown.rs"]
#[allow(dead_code)]
mod markdown;

/// The tags of serialised HTML as (name, [(attribute, value)]), reading quoted attribute values
/// whole: a link title may say `"a <b onclick"` and is still only a title.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = rest[start + 1..].trim_start_matches('/');
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let attribute = rest[..end].to_string();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
                let (text, remaining) = match quote {
                    Some(q) => {
                        let body = &after[1..];
                        let close = body.find(q).unwrap_or(body.len());
                        (&body[..close], body.get(close + 1..).unwrap_or(""))
                    }
                    None => {
                        let close = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                value = text.to_string();
                rest = remaining;
            }
            attributes.push((attribute, value));
        }
        tags.push((name, attributes));
    }
    tags
}

fuzz_target!(|input: &str| {
    let html = markdown::to_html(input).to_ascii_lowercase();
    for (name, attributes) in tags(&html) {
        assert!(!["script", "iframe", "style", "object", "embed", "svg", "img"].contains(&name.as_str()), "<{name}> survived: {html}");
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "event handler {attribute} survived in <{name}>: {html}");
            assert!(attribute != "style", "style survived in <{name}>");
            if attribute == "href" {
                let value = value.trim();
                assert!(!value.starts_with("javascript:") && !value.starts_with("data:") && !value.starts_with("vbscript:"),
                    "dangerous URL survived in <{name}>: {value}");
            }
        }
    }
});
