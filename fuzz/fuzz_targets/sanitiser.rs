//! Fuzzes Markdown rendering and sanitising: whatever the input, the HTML that comes out has no
//! script, no event handler, no `javascript:` URL, no iframe and no style.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../src/domain/markdown.rs"]
#[allow(dead_code)]
mod markdown;

fuzz_target!(|input: &str| {
    let html = markdown::to_html(input).to_ascii_lowercase();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        assert!(!["script", "iframe", "style", "object", "embed", "svg", "img"].contains(&name), "<{tag}> survived: {html}");
        for attribute in tag.split_whitespace().skip(1) {
            assert!(!attribute.starts_with("on"), "event handler survived in <{tag}>");
            assert!(!attribute.starts_with("style="), "style survived in <{tag}>");
            if let Some(value) = attribute.strip_prefix("href=") {
                let value = value.trim_matches('"').trim();
                assert!(!value.starts_with("javascript:") && !value.starts_with("data:") && !value.starts_with("vbscript:"),
                    "dangerous URL survived: <{tag}>");
            }
        }
    }
});
