//! Real documents (made once by tests/documents/make-fixtures.sh) and bad input built here.

use std::io::Write;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::write::{BOLD, Block, Document, ITALIC, Inline, Kind};
use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../tests/documents/", $name)).as_slice()
    };
}

fn converted(name: &str, bytes: &[u8]) -> Converted {
    convert(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The HTML pulldown-cmark makes of the Markdown, footnotes on (as the renderer will have them).
fn html(markdown: &str) -> String {
    let mut out = String::new();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    pulldown_cmark::html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// What pandoc's features.md becomes, from Word and from OpenDocument alike (with a no-break
/// space for `{NBSP}`).
const FEATURES: &str = r#"Opening paragraph with **bold words** and *italic words* and ***both at once***, then a hard line break here\
and the second line.

## First Section

Smart “quotes” — and a non‑breaking space here: 10{NBSP}km. Characters that are not markup: 2 \* 3 = 6, snake\_case, \`code\`, \[brackets\], a \<tag>, back\\slash, a \| pipe, AT&T.

\# not a heading

\> not a quote

1\. not a list

> A quotation, which runs long enough to be a proper block quote in the essay.
>
> Its second paragraph.

### A Subsection

- bullet one
- bullet two
  - nested bullet
  - nested again
- bullet three

1. first
2. second
   1. second, first
   2. second, second
3. third

A link to [the site](https://example.org/path?q=1), an [email](mailto:someone@example.org), and a file kept as text.

A claim with a footnote.[^1] Another claim.[^2]

A picture

#### Deeper

Last words.

[^1]: The first note, with *emphasis*.

[^2]: The second note.
"#;

#[test]
fn a_word_document_keeps_headings_emphasis_quotes_lists_links_and_footnotes() {
    let docx = converted("features.docx", fixture!("features.docx"));
    assert_eq!(docx.title.as_deref(), Some("Features of an essay"));
    assert_eq!(docx.markdown, FEATURES.replace("{NBSP}", "\u{a0}"));
    assert_eq!(docx.dropped, vec![Dropped::Images(1)]);
}

#[test]
fn an_opendocument_text_converts_as_the_same_essay_in_word_does() {
    let odt = converted("features.odt", fixture!("features.odt"));
    assert_eq!(odt.title.as_deref(), Some("Features of an essay"));
    assert_eq!(odt.markdown, FEATURES.replace("{NBSP}", "\u{a0}"));
    assert_eq!(odt.dropped, vec![Dropped::Images(1)]);
}

#[test]
fn text_that_looks_like_markup_renders_as_the_text_it_is() {
    let rendered = html(&converted("features.docx", fixture!("features.docx")).markdown);
    for text in [
        "<p># not a heading</p>",
        "<p>&gt; not a quote</p>",
        "<p>1. not a list</p>",
        "2 * 3 = 6, snake_case, `code`, [brackets], a &lt;tag&gt;, back\\slash, a | pipe, AT&amp;T.",
        "“quotes” — and a non‑breaking space here: 10\u{a0}km.",
        "<h2>First Section</h2>",
        "<h4>Deeper</h4>",
        "<blockquote>\n<p>A quotation, which runs long enough to be a proper block quote in the essay.</p>\n<p>Its second paragraph.</p>\n</blockquote>",
        "<li>bullet two\n<ul>\n<li>nested bullet</li>",
        "<li>second\n<ol>\n<li>second, first</li>",
        "<a href=\"mailto:someone@example.org\">email</a>",
        "hard line break here<br />\nand the second line.",
    ] {
        assert!(rendered.contains(text), "{text:?} is not in\n{rendered}");
    }
    assert_eq!(rendered.matches("<sup class=\"footnote-reference\">").count(), 2, "{rendered}");
    assert!(!rendered.contains("ftp:"), "{rendered}");
}

/// Word's own output, where pandoc's differs (see make-fixtures.sh).
fn word() -> Converted {
    converted("word.docx", fixture!("word.docx"))
}

#[test]
fn a_heading_that_opens_the_document_above_all_others_is_its_title() {
    let word = word();
    assert_eq!(word.title.as_deref(), Some("Ein Aufsatz"));
    assert!(word.markdown.starts_with("## Erster Teil\n\n"), "{}", word.markdown);
}

#[test]
fn localized_heading_styles_are_known_by_name_and_styles_based_on_them_are_headings() {
    let markdown = word().markdown;
    assert!(markdown.contains("\n\n## Ein Abschnitt\n\n"), "{markdown}");
    assert!(!markdown.contains("*Ein Abschnitt*"), "a heading style's italic is its look, not emphasis");
}

#[test]
fn emphasis_comes_from_runs_and_character_styles_merged_across_runs() {
    let markdown = word().markdown;
    assert!(markdown.contains("**Fetter Text** und *kursiv* und nicht fett **stark** und auch nicht."), "{markdown}");
    assert!(!markdown.contains("****"), "{markdown}");
}

#[test]
fn quotations_come_from_quote_styles_and_indentation_on_both_sides() {
    let markdown = word().markdown;
    assert!(
        markdown.contains("\n\n> Ein Zitat im Stil.\n\nNur links eingerückt.\n\n> Beidseitig eingerückt.\n\n"),
        "{markdown}"
    );
}

#[test]
fn word_lists_nest_and_numbering_continues_after_a_paragraph_between_items() {
    let markdown = word().markdown;
    let lists = "- Punkt eins\n  - Unterpunkt\n- Punkt zwei\n\n1. Erstens\n   1. Erstens a\n      1. tief\n2. Zweitens\n\nZwischentext.\n\n3. Drittens\n";
    assert!(markdown.contains(lists), "{markdown}");
    assert!(html(&markdown).contains("<ol start=\"3\">\n<li>Drittens</li>"), "{}", html(&markdown));
}

#[test]
fn only_web_and_mail_links_stay_links_and_the_rest_keep_their_text() {
    let markdown = word().markdown;
    assert!(
        markdown.contains(
            "Links: [die Seite](https://example.org/seite), [ein Feld](https://example.org/feld), ein Anker, ein Skript."
        ),
        "{markdown}"
    );
}

#[test]
fn footnotes_and_endnotes_are_numbered_in_order_of_reference() {
    let markdown = word().markdown;
    assert!(markdown.contains("Fußnote[^1] und Endnote[^2]."), "{markdown}");
    assert!(markdown.ends_with("\n\n[^1]: Die Fußnote, mit *Betonung*.\n\n[^2]: Die Endnote.\n"), "{markdown}");
}

#[test]
fn breaks_tabs_and_fields_keep_what_the_reader_sees_and_hidden_text_stays_hidden() {
    let markdown = word().markdown;
    assert!(markdown.contains("Tab getrennt, Zeile\\\numbrochen, Datum: 1. Januar 2024."), "{markdown}");
    assert!(!markdown.contains("VERSTECKT"), "{markdown}");
}

#[test]
fn comments_headers_and_deletions_never_reach_the_body_and_insertions_do() {
    let markdown = word().markdown;
    for absent in ["GEHEIMER KOMMENTAR", "KOPFZEILE", "gelöschtem"] {
        assert!(!markdown.contains(absent), "{absent} in {markdown}");
    }
    assert!(markdown.contains("Kommentiert mit eingefügtem Text."), "{markdown}");
    assert!(markdown.contains("Erste Hälfte, zweite Hälfte."), "a deleted paragraph mark joins the paragraphs");

    let review = converted("review.docx", fixture!("review.docx"));
    assert_eq!(
        review.markdown,
        "The editor on this sentence and one.\n\nText with an inserted phrase and  ends here.\n"
    );
    assert_eq!(review.dropped, vec![Dropped::Comments(2), Dropped::TrackedChanges]);
}

#[test]
fn pictures_objects_and_macros_are_listed_and_text_boxes_keep_their_text_once() {
    let word = word();
    assert!(
        word.markdown.contains("\n\nBild und Objekt:\n\nText im Kasten.\n\nLetzter Satz.\n\n"),
        "{}",
        word.markdown
    );
    assert_eq!(word.markdown.matches("Text im Kasten").count(), 1);
    assert_eq!(
        word.dropped,
        vec![
            Dropped::Macros,
            Dropped::Comments(1),
            Dropped::TrackedChanges,
            Dropped::Images(1),
            Dropped::EmbeddedObjects(1)
        ]
    );
}

#[test]
fn opendocument_comments_changes_boxes_objects_and_macros() {
    let odt = converted("review.odt", fixture!("review.odt"));
    assert_eq!(
        odt.markdown,
        "The editor left a remark on this sentence.\n\nText with an inserted phrase and ends here.\n\nA box follows.\n\nText in the box.\n"
    );
    assert_eq!(
        odt.dropped,
        vec![Dropped::Macros, Dropped::TrackedChanges, Dropped::Comments(1), Dropped::EmbeddedObjects(1)]
    );
}

#[test]
fn the_seed_essay_converts_from_word_and_opendocument_as_its_markdown_reads() {
    let expected = std::str::from_utf8(fixture!("seed-002.md")).unwrap();
    let collapse = |s: &str| s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    for (name, bytes) in [("seed-002.docx", fixture!("seed-002.docx")), ("seed-002.odt", fixture!("seed-002.odt"))] {
        let essay = converted(name, bytes);
        assert_eq!(essay.title.as_deref(), Some("Lenin, Stalin and the ‘continuity theory’"), "{name}");
        let blocks: Vec<&str> = essay.markdown.split("\n\n").collect();
        for line in expected.lines().filter(|l| l.starts_with("## ") || l.starts_with("> ")) {
            assert!(blocks.contains(&line), "{name}: {line:?} is not a block of\n{}", essay.markdown);
        }
        assert_eq!(collapse(&essay.markdown), collapse(expected), "{name}");
        assert!(essay.dropped.is_empty(), "{name}: {:?}", essay.dropped);
    }
}

#[test]
fn markdown_is_taken_as_it_is_with_line_ends_and_byte_order_mark_normalised() {
    let md = converted("essay.MD", b"\xEF\xBB\xBFSome *text*\r\nwith lines.\r\n\r\n## A section\r\n");
    assert_eq!(md.markdown, "Some *text*\nwith lines.\n\n## A section\n");
    assert_eq!(md.title, None);
    assert!(md.dropped.is_empty());
}

#[test]
fn a_markdown_title_comes_from_front_matter_or_a_lone_opening_heading() {
    let front = converted("a.md", b"---\ntitle: \"On Unity\"\nauthor: Ann\n---\n\nThe text.\n");
    assert_eq!((front.title.as_deref(), front.markdown.as_str()), (Some("On Unity"), "The text.\n"));
    let heading = converted("a.md", b"# On *Unity*\n\nThe text.\n\n## Part\n");
    assert_eq!((heading.title.as_deref(), heading.markdown.as_str()), (Some("On Unity"), "The text.\n\n## Part\n"));
    let two = converted("a.md", b"# One\n\nText.\n\n# Two\n");
    assert_eq!((two.title, two.markdown.as_str()), (None, "# One\n\nText.\n\n# Two\n"));
}

#[test]
fn plain_text_paragraphs_are_escaped_and_a_short_opening_line_is_the_title() {
    let text = converted("essay.txt", "On Unity\n\n# Not a heading, 2 * 3\nsecond line\n\n  * not a list\n".as_bytes());
    assert_eq!(text.title.as_deref(), Some("On Unity"));
    assert_eq!(text.markdown, "\\# Not a heading, 2 \\* 3\\\nsecond line\n\n\\* not a list\n");
    assert!(html(&text.markdown).contains("<p># Not a heading, 2 * 3<br />\nsecond line</p>\n<p>* not a list</p>"));
}

#[test]
fn plain_text_wrapped_at_a_fixed_width_is_joined_into_paragraphs() {
    let line = "This line is wrapped the way mail is wrapped, at some seventy";
    let text = converted("mail.txt", format!("Dear editors,\n\n{line}\n{line}\n{line}\nend.\n").as_bytes());
    assert_eq!(text.title, None, "a line ending in a comma is no title");
    assert_eq!(text.markdown, format!("Dear editors,\n\n{line} {line} {line} end.\n"));
}

#[test]
fn text_in_utf16_or_windows_1252_is_decoded() {
    let utf16le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Grüße, “Ann”.".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(converted("a.txt", &utf16le).markdown, "Grüße, “Ann”.\n");
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Grüße.".encode_utf16().flat_map(u16::to_be_bytes)).collect();
    assert_eq!(converted("a.txt", &utf16be).markdown, "Grüße.\n");
    assert_eq!(converted("a.md", b"caf\xe9 \x93quoted\x94 \x80").markdown, "café “quoted” €\n");
}

#[test]
fn text_with_nul_bytes_or_undefined_bytes_is_not_text() {
    assert_eq!(convert("a.txt", b"text\0more"), Err(DocumentError::NotWhatItsNameSays));
    assert_eq!(convert("a.md", b"text \x81"), Err(DocumentError::NotWhatItsNameSays));
    assert_eq!(convert("a.txt", b"\x01\x02binary"), Err(DocumentError::NotWhatItsNameSays));
}

#[test]
fn the_kind_is_chosen_by_extension_and_other_kinds_are_refused_by_name() {
    for name in ["essay.pdf", "essay.rtf", "essay.doc", "essay.pages", "essay", "docx"] {
        assert_eq!(convert(name, b"text"), Err(DocumentError::UnsupportedKind), "{name}");
    }
    let message = DocumentError::UnsupportedKind.to_string();
    for kind in [".docx", ".odt", ".md", ".txt"] {
        assert!(message.contains(kind), "{message}");
    }
    assert!(convert("ESSAY.DOCX", fixture!("features.docx")).is_ok());
}

#[test]
fn a_file_that_is_not_what_its_name_says_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
    let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (name, bytes) in [
        ("a.docx", png.as_slice()),
        ("a.docx", pdf),
        ("a.docx", &random),
        ("a.odt", &random),
        ("a.odt", fixture!("features.docx")),
        ("a.docx", fixture!("features.odt")),
        ("a.odt", fixture!("encrypted.docx")),
        ("a.docx", &zip(&[("xl/workbook.xml", b"<workbook/>")])),
        ("a.odt", &zip(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")])),
    ] {
        assert_eq!(convert(name, bytes), Err(DocumentError::NotWhatItsNameSays), "{name}");
    }
}

#[test]
fn an_encrypted_word_document_or_opendocument_text_is_refused_as_protected() {
    assert_eq!(convert("a.docx", fixture!("encrypted.docx")), Err(DocumentError::Encrypted));
    let manifest = br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", b"\x8a\x13 not xml"),
    ]);
    assert_eq!(convert("a.odt", &odt), Err(DocumentError::Encrypted));
}

#[test]
fn an_old_binary_word_document_named_docx_is_asked_to_be_saved_as_docx() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend(std::iter::repeat_n(0, 1024));
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(convert("a.docx", &doc), Err(DocumentError::OldWordDocument));
    assert!(DocumentError::OldWordDocument.to_string().contains("(.docx)"));
}

#[test]
fn a_file_over_the_limit_is_too_large() {
    let big = vec![b'a'; MAX_UPLOAD_BYTES + 1];
    assert_eq!(convert("a.txt", &big), Err(DocumentError::TooLarge));
    assert_eq!(convert("a.docx", &big), Err(DocumentError::TooLarge));
}

#[test]
fn a_zip_bomb_is_stopped_at_the_unpacking_limit_whatever_its_headers_claim() {
    for (name, bytes) in [("bomb.docx", fixture!("bomb.docx")), ("bomb-lying.docx", fixture!("bomb-lying.docx"))] {
        let started = std::time::Instant::now();
        assert_eq!(convert(name, bytes), Err(DocumentError::TooLarge), "{name}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{name}: {:?}", started.elapsed());
    }
}

#[test]
fn an_archive_of_too_many_entries_is_refused_before_anything_is_unpacked() {
    let names: Vec<String> = (0..=package::MAX_ENTRIES).map(|i| format!("word/media/{i}.png")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), b"x".as_slice())).collect();
    assert_eq!(convert("a.docx", &zip(&entries)), Err(DocumentError::TooLarge));
}

#[test]
fn a_truncated_or_corrupted_document_is_damaged_and_never_panics() {
    let whole = fixture!("features.docx");
    assert_eq!(convert("a.docx", &whole[..whole.len() / 2]), Err(DocumentError::Damaged));
    for name in ["a.docx", "a.odt"] {
        let whole = if name == "a.docx" { fixture!("word.docx") } else { fixture!("review.odt") };
        for cut in (0..whole.len()).step_by(97) {
            let _ = convert(name, &whole[..cut]);
        }
        for at in (0..whole.len()).step_by(31) {
            let mut bytes = whole.to_vec();
            bytes[at] ^= 0x5A;
            let _ = convert(name, &bytes);
        }
    }
}

#[test]
fn malformed_xml_is_damaged() {
    assert_eq!(convert("a.docx", &docx("<w:p><w:r><w:t>unclosed</w:r></w:p>")), Err(DocumentError::Damaged));
    let latin1 = zip(&[(
        "word/document.xml",
        b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>caf\xe9</w:t></w:r></w:p></w:body></w:document>",
    )]);
    assert_eq!(convert("a.docx", &latin1), Err(DocumentError::Damaged));
    let dtd = zip(&[("word/document.xml", b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>")]);
    assert_eq!(convert("a.docx", &dtd), Err(DocumentError::Damaged));
}

#[test]
fn xml_with_too_many_nodes_or_attributes_is_too_large() {
    assert_eq!(convert("a.docx", &docx(&"<w:p/>".repeat(1_000_001))), Err(DocumentError::TooLarge));
    let attributes = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "=".repeat(2_000_001));
    assert_eq!(convert("a.docx", &docx(&attributes)), Err(DocumentError::TooLarge));
}

#[test]
fn nesting_past_the_depth_bound_is_damaged_without_overflowing_the_stack() {
    let depth = 100_000;
    let nested =
        format!("{}<w:p><w:r><w:t>deep</w:t></w:r></w:p>{}", "<w:sdt>".repeat(depth), "</w:sdt>".repeat(depth));
    assert_eq!(convert("a.docx", &docx(&nested)), Err(DocumentError::Damaged));
    let shallow = format!("{}<w:p><w:r><w:t>deep</w:t></w:r></w:p>{}", "<w:sdt>".repeat(50), "</w:sdt>".repeat(50));
    assert_eq!(converted("a.docx", &docx(&shallow)).markdown, "deep\n");
}

#[test]
fn fields_left_open_cost_linear_time_and_no_stack() {
    let open_link = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "javascript:x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>a</w:t></w:r>"#;
    let body = format!("<w:p>{}</w:p>", open_link.repeat(20_000));
    let started = std::time::Instant::now();
    assert_eq!(converted("a.docx", &docx(&body)).markdown, format!("{}\n", "a".repeat(20_000)));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn a_document_without_text_has_no_text() {
    let picture = r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="wp"/></w:drawing></w:r></w:p><w:p/>"#;
    assert_eq!(convert("a.docx", &docx(picture)), Err(DocumentError::NoText));
    assert_eq!(convert("a.docx", &docx("")), Err(DocumentError::NoText));
    assert_eq!(convert("a.txt", b""), Err(DocumentError::NoText));
    assert_eq!(convert("a.md", b" \n\n \r\n"), Err(DocumentError::NoText));
    assert_eq!(convert("a.docx", &zip(&[])), Err(DocumentError::NotWhatItsNameSays));
}

#[test]
fn what_was_left_out_is_told_in_words_and_errors_are_sentences_without_internals() {
    let phrases: Vec<String> = [
        Dropped::Images(2),
        Dropped::Images(1),
        Dropped::EmbeddedObjects(1),
        Dropped::Comments(3),
        Dropped::TrackedChanges,
        Dropped::Macros,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        phrases,
        [
            "2 images",
            "1 image",
            "1 embedded object",
            "3 comments",
            "tracked changes (the text is shown with every change accepted)",
            "macros"
        ]
    );
    for error in [
        DocumentError::UnsupportedKind,
        DocumentError::NotWhatItsNameSays,
        DocumentError::OldWordDocument,
        DocumentError::TooLarge,
        DocumentError::Encrypted,
        DocumentError::Damaged,
        DocumentError::NoText,
    ] {
        let sentence = error.to_string();
        assert!(sentence.ends_with('.') && sentence.starts_with(char::is_uppercase), "{sentence}");
        assert!(sentence.contains("paste the text"), "{sentence}");
        for internal in ["zip", "XML", "xml", "UTF"] {
            assert!(!sentence.contains(internal), "{sentence}");
        }
    }
}

/// A docx of the given body XML, stored without compression (so building it costs nothing).
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", document.as_bytes())])
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

// Emphasis: whatever the runs, the Markdown reads back as the same text, with no emphasis the
// author did not apply.

/// A small deterministic generator, so failures repeat.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// Each non-space character read back, with the emphasis it is shown in.
fn read_back(markdown: &str) -> Vec<(char, u8)> {
    let mut flags = 0u8;
    let mut chars = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Strong) => flags |= BOLD,
            Event::End(TagEnd::Strong) => flags &= !BOLD,
            Event::Start(Tag::Emphasis) => flags |= ITALIC,
            Event::End(TagEnd::Emphasis) => flags &= !ITALIC,
            Event::Text(text) => chars.extend(text.chars().filter(|c| !c.is_whitespace()).map(|c| (c, flags))),
            Event::Start(Tag::Paragraph | Tag::Link { .. })
            | Event::End(TagEnd::Paragraph | TagEnd::Link)
            | Event::SoftBreak
            | Event::HardBreak => {}
            other => panic!("unexpected {other:?} in {markdown:?}"),
        }
    }
    chars
}

fn paragraph(inlines: Vec<Inline>) -> String {
    let document = Document { blocks: vec![Block { kind: Kind::Paragraph, inlines }], ..Document::default() };
    write::finish(document).markdown
}

fn written(inlines: &[Inline]) -> Vec<(char, u8)> {
    inlines
        .iter()
        .flat_map(|i| match i {
            Inline::Text(t, f) => t.chars().filter(|c| !c.is_whitespace()).map(|c| (c, *f)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[test]
fn emphasis_on_whole_words_always_reads_back_exactly() {
    let words = ["word", "(aside)", "“quoted”", "end.", "x", "1,000", "don’t", "—", "snake_case", "a*b"];
    let mut random = Lcg(7);
    for _ in 0..2_000 {
        let inlines: Vec<Inline> = (0..1 + random.next(8))
            .flat_map(|i| {
                let word = Inline::Text(words[random.next(words.len())].to_string(), random.next(4) as u8);
                if i == 0 { vec![word] } else { vec![Inline::Text(" ".into(), random.next(4) as u8), word] }
            })
            .collect();
        let markdown = paragraph(inlines.clone());
        assert_eq!(read_back(&markdown), written(&inlines), "{markdown:?} from {inlines:?}");
        assert!(!markdown.contains("****"), "{markdown}");
    }
}

#[test]
fn emphasis_anywhere_with_breaks_and_links_never_shows_markup_or_emphasis_not_applied() {
    let pieces = ["a", "b", " ", ".", "*", "_", "(", ")", "é", "1", "\u{a0}", "—", "[", "\\", "&", "#"];
    let mut random = Lcg(11);
    for _ in 0..5_000 {
        let inlines: Vec<Inline> = (0..1 + random.next(10))
            .map(|_| match random.next(20) {
                0 => Inline::Break,
                1 => Inline::LinkStart("https://example.org/a_(b)*c".into()),
                2 => Inline::LinkEnd,
                _ => Inline::Text(pieces[random.next(pieces.len())].to_string(), random.next(4) as u8),
            })
            .collect();
        let markdown = paragraph(inlines.clone());
        let expected = written(&inlines);
        let actual = read_back(&markdown);
        let text = |v: &[(char, u8)]| v.iter().map(|(c, _)| *c).collect::<String>();
        assert_eq!(text(&actual), text(&expected), "{markdown:?} from {inlines:?}");
        for ((_, shown), (_, applied)) in actual.iter().zip(&expected) {
            assert_eq!(shown & !applied, 0, "{markdown:?} from {inlines:?}");
        }
    }
}
