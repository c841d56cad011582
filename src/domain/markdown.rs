//! Essays and answers are Markdown. This renders them with pulldown-cmark and cleans the HTML
//! with ammonia's allow-list, so the forms essays use (headings, paragraphs, lists, block quotes,
//! links, emphasis) survive, and scripts, event handlers, `javascript:` URLs, iframes and styles
//! never do.
//!
//! Rendering costs time linear in the text's size, whatever it holds. HTML tree building (in
//! ammonia, through html5ever) costs time proportional to the depth of open elements for every
//! element, so a text nested 100,000 deep took over a minute. Nesting is therefore bounded at
//! [`MAX_NESTING`], and the number of elements at [`MAX_ELEMENTS`], before the HTML is built:
//! Markdown structure beyond either is flattened (the words stay, the tags go), and raw HTML tags
//! beyond them are shown as text. Nothing an essay needs comes near the bounds.
//!
//! Texts are rendered once, when they are saved (see `revisions.body_html`), never on a page
//! read and never inside a write transaction. (This file has no other dependency on the crate:
//! the fuzzer in `fuzz/` compiles it alone.)

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How deeply elements may nest in rendered HTML (Markdown structure and raw HTML together).
pub const MAX_NESTING: usize = 32;

/// How many elements a rendered text may hold. Cleaning costs about a microsecond an element, so
/// this keeps a body at the limit under 50 ms even when every character is markup (`*_*_…`
/// makes an `em` of each pair); an essay of that size holds a few thousand.
pub const MAX_ELEMENTS: usize = 10_000;

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
        // Footnotes (see [`Footnotes`]): their marks and notes link to each other by id. Only
        // ids of their form are kept, so a text cannot take an id the page itself uses.
        .add_tag_attributes("sup", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_allowed_classes("ol", ["footnotes"])
        .add_allowed_classes("sup", ["footnote-ref"])
        .add_allowed_classes("a", ["footnote-back"])
        .attribute_filter(|_, attribute, value| match attribute {
            "id" if !is_footnote_id(value) => None,
            _ => Some(value.into()),
        })
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener noreferrer"))
        .strip_comments(true);
    builder
});

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
}

/// A Markdown text as it is shown: rendered once, when it is saved.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// The words a reader sees, for search, excerpts and word counts.
    pub text: String,
}

impl Rendered {
    pub fn of(markdown: &str) -> Rendered {
        Rendered { html: to_html(markdown), text: to_text(markdown) }
    }

    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Safe HTML for a Markdown text. A top-level heading becomes `h2`, since the page's title is the
/// one `h1`.
pub fn to_html(markdown: &str) -> String {
    let mut nesting = Nesting::default();
    // Gathering notes holds every event at once: only for a text that can hold one.
    let events: Box<dyn Iterator<Item = Event<'_>>> = if markdown.contains("[^") {
        Box::new(Footnotes::gathered(markdown, parser(markdown)).into_iter())
    } else {
        Box::new(parser(markdown))
    };
    let events = events.filter_map(|event| nesting.bound(event)).map(|event| match event {
        Event::Start(Tag::Heading { level: HeadingLevel::H1, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, id, classes, attrs })
        }
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => Event::End(TagEnd::Heading(HeadingLevel::H2)),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// How many notes a text may have; references to more stay as typed. Essays with many notes hold
/// a few hundred; each note is five elements of [`MAX_ELEMENTS`].
const MAX_FOOTNOTES: usize = 1_000;

/// Footnotes (`text[^1]` and `[^1]: the note`) as a reader expects them: marks numbered 1, 2, 3
/// in the order a reader meets them (in the text, then in the notes already numbered), whatever
/// their labels, each linking to its note; the notes together at the end, in that order, each
/// linking back. A note never reached is left out, as GitHub does. Labels match whatever their
/// case, as the parser matches them.
///
/// Ids carry a short hash of the text, so two pieces on one page (a digest, a bulletin chapter)
/// never share one.
struct Footnotes<'a> {
    /// Labels (folded) in the order their first mark is met: a note's number is its place here,
    /// plus one.
    order: Vec<String>,
    numbers: std::collections::HashMap<String, usize>,
    /// Each note's events, by folded label.
    notes: std::collections::HashMap<String, Vec<Event<'a>>>,
    prefix: String,
}

impl<'a> Footnotes<'a> {
    fn gathered(markdown: &str, events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
        let mut footnotes = Footnotes {
            order: Vec::new(),
            numbers: Default::default(),
            notes: Default::default(),
            prefix: format!("{:06x}", fnv(markdown) >> 8),
        };
        // First the text and the notes apart; a note may hold another's definition (inside a
        // quotation, say), so the notes being read are a stack.
        let mut text = Vec::new();
        let mut reading: Vec<(String, Vec<Event<'a>>)> = Vec::new();
        for event in events {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => reading.push((fold(&label), Vec::new())),
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, events)) = reading.pop() {
                        footnotes.notes.entry(label).or_insert(events);
                    }
                }
                event => reading.last_mut().map_or(&mut text, |(_, events)| events).push(event),
            }
        }
        // Then the marks, numbered as a reader meets them: the text's, then those in each note
        // reached, which may reach further notes.
        let mut text = footnotes.marked(text);
        let mut reached = Vec::new();
        let mut next = 0;
        while let Some(label) = footnotes.order.get(next).cloned() {
            next += 1;
            let events = footnotes.notes.remove(&label).unwrap_or_default();
            reached.push((next, footnotes.marked(events)));
        }
        footnotes.append_notes(&mut text, reached);
        text
    }

    /// `events` with each reference made its numbered mark.
    fn marked(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => self.mark(label),
                other => other,
            })
            .collect()
    }

    /// The mark for a reference: its number, linking to the note (the first mark of a note is
    /// where the note links back to). A reference to no note, or past [`MAX_FOOTNOTES`], stays
    /// as typed.
    fn mark(&mut self, label: CowStr<'a>) -> Event<'a> {
        let key = fold(&label);
        let (number, first) = match self.numbers.get(&key) {
            Some(number) => (*number, false),
            None if self.order.len() >= MAX_FOOTNOTES || !self.notes.contains_key(&key) => {
                return Event::Text(CowStr::from(format!("[^{label}]")));
            }
            None => {
                self.order.push(key.clone());
                self.numbers.insert(key, self.order.len());
                (self.order.len(), true)
            }
        };
        let prefix = &self.prefix;
        let id = if first { format!(r#" id="fnref-{prefix}-{number}""#) } else { String::new() };
        Event::InlineHtml(CowStr::from(format!(
            r##"<sup class="footnote-ref"{id}><a href="#fn-{prefix}-{number}">{number}</a></sup>"##
        )))
    }

    fn append_notes(&self, text: &mut Vec<Event<'a>>, reached: Vec<(usize, Vec<Event<'a>>)>) {
        if reached.is_empty() {
            return;
        }
        let prefix = &self.prefix;
        text.push(Event::Html(CowStr::from(r#"<ol class="footnotes">"#)));
        for (number, mut events) in reached {
            text.push(Event::Html(CowStr::from(format!(r#"<li id="fn-{prefix}-{number}">"#))));
            let back = Event::InlineHtml(CowStr::from(format!(
                r##" <a class="footnote-back" href="#fnref-{prefix}-{number}">↩</a>"##
            )));
            // Inside the note's last paragraph, where a reader's eye ends.
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => events.insert(events.len() - 1, back),
                _ => events.push(back),
            }
            text.extend(events);
            text.push(Event::Html(CowStr::from("</li>")));
        }
        text.push(Event::Html(CowStr::from("</ol>")));
    }
}

/// A label as the parser matches it: case does not matter.
fn fold(label: &str) -> String {
    label.to_lowercase()
}

/// Whether an id is one [`Footnotes`] makes.
fn is_footnote_id(id: &str) -> bool {
    let rest = id.strip_prefix("fn-").or_else(|| id.strip_prefix("fnref-"));
    rest.is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

/// FNV-1a: a stable hash (the standard library's may change between releases) for ids.
fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193))
}

/// Keeps the HTML built from a stream of events within [`MAX_NESTING`] open elements.
#[derive(Default)]
struct Nesting {
    /// For each Markdown element started and not yet ended: whether its tags were kept.
    markdown: Vec<bool>,
    /// How many of those were kept (are open in the HTML).
    markdown_open: usize,
    /// Raw HTML elements opened and not yet closed, by lower-case name. Counted generously: an
    /// element the HTML parser would close on its own stays counted, which only lowers the bound.
    html_open: Vec<String>,
    /// Elements kept so far, of either kind.
    elements: usize,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.markdown_open + self.html_open.len()
    }

    /// Whether one more element, at `depth`, fits; counts it if so.
    fn admit(&mut self, depth: usize) -> bool {
        let fits = depth < MAX_NESTING && self.elements < MAX_ELEMENTS;
        self.elements += usize::from(fits);
        fits
    }

    fn bound<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Start(tag) => {
                let keep = self.admit(self.depth());
                self.markdown.push(keep);
                if keep {
                    self.markdown_open += 1;
                    Some(Event::Start(tag))
                } else {
                    None
                }
            }
            // Elements that hold nothing: a line break beyond the bound is a plain line end.
            Event::HardBreak => Some(if self.admit(0) { Event::HardBreak } else { Event::SoftBreak }),
            Event::Rule => self.admit(0).then_some(Event::Rule),
            // Inline code is an element too, written from one event; beyond the bound, its text.
            Event::Code(code) => Some(if self.admit(self.depth()) { Event::Code(code) } else { Event::Text(code) }),
            Event::End(tag) => {
                if self.markdown.pop()? {
                    self.markdown_open -= 1;
                    Some(Event::End(tag))
                } else {
                    None
                }
            }
            Event::Html(raw) => Some(Event::Html(self.bound_raw_html(raw))),
            Event::InlineHtml(raw) => Some(Event::InlineHtml(self.bound_raw_html(raw))),
            other => Some(other),
        }
    }

    /// Passes raw HTML through, except that a tag opening an element beyond the bound has its
    /// `<` escaped, so the HTML parser reads it as text. Every `<` followed by a letter counts
    /// as an opening tag, as the HTML tokenizer would read it (inside comments and attribute
    /// values too: counting too many is safe, too few is not).
    fn bound_raw_html<'a>(&mut self, raw: CowStr<'a>) -> CowStr<'a> {
        let mut bounded: Option<String> = None;
        let mut copied = 0;
        let bytes = raw.as_bytes();
        let mut at = 0;
        while let Some(offset) = raw[at..].find('<') {
            let lt = at + offset;
            at = lt + 1;
            let closing = bytes.get(at) == Some(&b'/');
            let name_start = if closing { at + 1 } else { at };
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let name_len = raw[name_start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
            let name = raw[name_start..name_start + name_len].to_ascii_lowercase();
            if closing {
                // A closing tag for what the parser has not open at the top is left to the parser,
                // which at most closes more than we count.
                if self.html_open.last() == Some(&name) {
                    self.html_open.pop();
                }
            } else if VOID_ELEMENTS.contains(&name.as_str()) && self.admit(0) {
                continue;
            } else if !VOID_ELEMENTS.contains(&name.as_str()) && self.admit(self.depth()) {
                self.html_open.push(name);
            } else {
                let out = bounded.get_or_insert_with(|| String::with_capacity(raw.len() + 16));
                out.push_str(&raw[copied..lt]);
                out.push_str("&lt;");
                copied = lt + 1;
            }
        }
        match bounded {
            None => raw,
            Some(mut out) => {
                out.push_str(&raw[copied..]);
                CowStr::from(out)
            }
        }
    }
}

/// The deepest nesting of elements in well-formed HTML such as [`to_html`] makes (for the tests
/// and `tribune bench-render`).
pub fn element_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for tag in html.split('<').skip(1) {
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
            if !VOID_ELEMENTS.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// Elements that never hold anything, so never nest.
const VOID_ELEMENTS: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"];

/// The words a reader sees, without the markup: for word counts, search and excerpts. Blocks
/// and line breaks part words; inline markup does not, so "*camarada*, first" reads
/// "camarada, first" (a space at every end of emphasis once put one before the comma).
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in parser(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(tag) if is_inline(tag) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Html(_) | Event::Rule => text.push(' '),
            Event::InlineHtml(raw)
                if raw.trim_start_matches('<').get(..2).is_some_and(|n| n.eq_ignore_ascii_case("br")) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an element sits inside a line of text (its end does not end a word).
fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
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
    fn markdown_nested_beyond_the_bound_is_flattened_and_keeps_its_words() {
        let deep = [
            format!("{} deep words", ">".repeat(10_000)),
            format!("{}deep words", "- ".repeat(5_000)),
            format!("{}deep words{}", "*a ".repeat(3_000), "*".repeat(3_000)),
            format!("{}deep words", "> - ".repeat(3_000)),
        ];
        for text in deep {
            let html = to_html(&text);
            assert!(html.contains("deep words"), "words lost from {:?}", &html[..html.len().min(200)]);
            assert!(element_depth(&html) <= MAX_NESTING, "depth {} for {:?}", element_depth(&html), &text[..20]);
        }
    }

    #[test]
    fn raw_html_nested_beyond_the_bound_is_shown_as_text() {
        for tag in ["div", "b", "sup", "table", "span title=\"x\""] {
            let text = format!("<{tag}>").repeat(5_000) + "inner words";
            let html = to_html(&text);
            assert!(html.contains("inner words"), "words lost for {tag}");
            assert!(element_depth(&html) <= MAX_NESTING, "depth {} for {tag}", element_depth(&html));
        }
        // Inline HTML mixed into Markdown nesting counts against the same bound.
        let mixed = format!("{} {} x", ">".repeat(20), "<sup>".repeat(40));
        assert!(element_depth(&to_html(&mixed)) <= MAX_NESTING);
    }

    #[test]
    fn markup_beyond_the_element_bound_is_flattened_and_keeps_its_words() {
        for unit in ["*a* ", "[a](https://example.org) ", "<sup>a</sup> ", "a  \n", "<br>a ", "`a` "] {
            let html = to_html(&format!("{}last words", unit.repeat(MAX_ELEMENTS * 2)));
            assert!(html.contains("last words"), "words lost for {unit:?}");
            let elements = html.matches('<').count() - html.matches("</").count();
            assert!(elements <= MAX_ELEMENTS + 1, "{elements} elements for {unit:?}");
        }
    }

    #[test]
    fn allowed_inline_html_within_the_bound_survives() {
        let html = to_html("E = mc<sup>2</sup> and H<sub>2</sub>O<br>next");
        assert!(html.contains("<sup>2</sup>") && html.contains("<sub>2</sub>") && html.contains("<br>"), "{html}");
    }

    #[test]
    fn words_are_counted_without_markup() {
        assert_eq!(word_count("# Title\n\nOne **two** [three](https://x.org)\n\n- four"), 5);
    }

    #[test]
    fn inline_markup_never_puts_a_space_before_punctuation() {
        assert_eq!(
            to_text("From the Spanish *camarada*, first; **then** [this](https://x.org)."),
            "From the Spanish camarada, first; then this."
        );
        assert_eq!(to_text("E = mc<sup>2</sup>, and `code`!"), "E = mc2, and code!");
        assert_eq!(to_text("# Title\n\nOne  \ntwo<br>three\n\n- a\n- b"), "Title One two three a b");
    }

    #[test]
    fn footnotes_are_numbered_in_order_and_gathered_at_the_end() {
        let html = to_html(
            "Lenin wrote it.[^pravda] Stalin denied it.[^b]\n\n[^b]: *Collected Works*, vol. 3.\n\n\
             [^pravda]: Pravda, 1917.\n\nMore text, again.[^pravda]\n\n[^unused]: Never cited.",
        );
        let notes = html.find(r#"<ol class="footnotes">"#).expect("the notes");
        assert!(html[..notes].contains("More text, again."), "the notes come after the text: {html}");
        let marks: Vec<&str> = html[..notes].split(r#"<sup class="footnote-ref""#).skip(1).collect();
        assert_eq!(marks.len(), 3, "{html}");
        let numbers: Vec<&str> =
            marks.iter().map(|m| m.split("</a>").next().and_then(|n| n.rsplit('>').next()).unwrap_or("")).collect();
        assert_eq!(numbers, ["1", "2", "1"], "numbered by first mark, the same note keeping its number");
        let pravda = html.find("Pravda, 1917.").expect("note 1");
        let works = html.find("<em>Collected Works</em>").expect("note 2, with its emphasis");
        assert!(notes < pravda && pravda < works, "notes in the order of their marks: {html}");
        assert!(!html.contains("Never cited"), "a note never referred to is left out");
        for id in ["fn-", "fnref-"] {
            let ids: Vec<&str> =
                html.match_indices(&format!(r#"id="{id}"#)).map(|(at, _)| &html[at..at + 20]).collect();
            assert_eq!(ids.len(), 2, "one {id} id per note: {html}");
        }
        assert!(html.contains("footnote-back"), "each note links back: {html}");
        assert!(!to_text("A[^1]\n\n[^1]: note").contains("[^1]"));
    }

    #[test]
    fn footnote_ids_differ_between_texts_and_typed_ids_are_dropped() {
        let id = |html: &str| html.split(r##"href="#fn-"##).nth(1).map(|s| s[..6].to_string());
        assert_ne!(id(&to_html("One[^1]\n\n[^1]: a")), id(&to_html("Two[^1]\n\n[^1]: b")));
        let typed = to_html(r#"<sup id="csrf_token">x</sup> <li id="fn-zz">y</li>"#);
        assert!(!typed.contains("csrf_token") && !typed.contains("fn-zz"), "{typed}");
        let many: String = (0..MAX_FOOTNOTES + 5).map(|i| format!("w[^{i}] ")).collect::<String>()
            + &(0..MAX_FOOTNOTES + 5).map(|i| format!("\n[^{i}]: n{i}")).collect::<String>();
        let html = to_html(&many);
        assert!(html.contains(&format!("[^{}]", MAX_FOOTNOTES)), "beyond the bound, as typed");
        assert!(!html.contains(&format!("n{}", MAX_FOOTNOTES)), "and their notes left out");
        // Labels match whatever their case; a note cited only from another note is numbered
        // after it; a note defined before the text still takes its number from the text.
        let html = to_html("[^b]: Second, citing [^c].\n\nText[^A] and[^B].\n\n[^a]: First.\n\n[^C]: Third.");
        let order: Vec<usize> =
            ["First.", "Second, citing", "Third."].iter().map(|n| html.find(n).unwrap_or(0)).collect();
        assert!(order[0] > 0 && order[0] < order[1] && order[1] < order[2], "{html}");
        assert_eq!(html.matches(r#"<sup class="footnote-ref""#).count(), 3, "{html}");
        // A reference with no note stays as typed.
        assert!(to_html("Cited[^missing].").contains("[^missing]"));
    }

    #[test]
    fn excerpts_cut_on_word_boundaries() {
        assert_eq!(excerpt("one two three", 2), "one two…");
        assert_eq!(excerpt("one two", 2), "one two");
    }
}
