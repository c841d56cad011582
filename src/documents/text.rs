//! Markdown and plain text files: decoded (UTF-8, UTF-16 with a byte order mark, else
//! Windows-1252) and normalised.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::write::{Block, Document, Inline, Kind};
use super::{Converted, DocumentError};

/// A Markdown file as it is, with its line ends made LF. A title is taken from YAML front matter
/// (`title: …`), else from a level-one heading that opens the text and is the only one; either is
/// removed from the body, where it would repeat the title.
pub fn markdown(bytes: &[u8]) -> Result<Converted, DocumentError> {
    let text = decode(bytes)?;
    let (front_title, body) = front_matter(&text);
    let (heading_title, body) = match front_title {
        Some(_) => (None, body.to_string()),
        None => opening_heading(body),
    };
    let markdown = body.trim_start_matches('\n').trim_end().to_string();
    let markdown = if markdown.is_empty() { markdown } else { markdown + "\n" };
    Ok(Converted { title: front_title.or(heading_title), markdown, dropped: Vec::new() })
}

/// Plain text: paragraphs are separated by blank lines. Within a paragraph, a line end is kept as
/// a line break, unless the whole text looks wrapped at a fixed width (as mail is), when lines
/// are joined. A short first line standing alone, with more after it, is the title.
pub fn plain(bytes: &[u8]) -> Result<Document, DocumentError> {
    let text = decode(bytes)?;
    let text = text.replace('\u{c}', "\n");
    let paragraphs: Vec<Vec<&str>> = text
        .split("\n")
        .map(str::trim)
        .collect::<Vec<_>>()
        .split(|line| line.is_empty())
        .filter(|lines| !lines.is_empty())
        .map(<[&str]>::to_vec)
        .collect();
    let wrapped = looks_wrapped(&paragraphs);
    let mut document = Document::default();
    for (i, lines) in paragraphs.iter().enumerate() {
        let mut inlines = Vec::with_capacity(lines.len() * 2);
        for (j, line) in lines.iter().enumerate() {
            if j > 0 {
                inlines.push(if wrapped { Inline::Text(" ".into(), 0) } else { Inline::Break });
            }
            inlines.push(Inline::Text((*line).to_string(), 0));
        }
        let title = i == 0 && paragraphs.len() > 1 && lines.len() == 1 && is_title_like(lines[0]);
        document.blocks.push(Block { kind: if title { Kind::Title } else { Kind::Paragraph }, inlines });
    }
    Ok(document)
}

fn is_title_like(line: &str) -> bool {
    line.chars().count() <= 150 && !line.ends_with(['.', ',', ';', ':'])
}

/// Text wrapped at a fixed width: no line longer than 80 characters, and most lines that are not
/// a paragraph's last are longer than 50 (a line broken by choice, as in a poem, is shorter).
fn looks_wrapped(paragraphs: &[Vec<&str>]) -> bool {
    let lengths = || paragraphs.iter().flat_map(|p| p.iter().map(|l| l.chars().count()));
    let inner: Vec<usize> =
        paragraphs.iter().flat_map(|p| p[..p.len() - 1].iter().map(|l| l.chars().count())).collect();
    !inner.is_empty() && lengths().all(|n| n <= 80) && inner.iter().filter(|&&n| n > 50).count() * 2 > inner.len()
}

/// Decodes a text file. NUL bytes, control characters other than tabs, line and page ends, and
/// byte values Windows-1252 leaves undefined mean the file is not text.
fn decode(bytes: &[u8]) -> Result<String, DocumentError> {
    let not_text = DocumentError::NotWhatItsNameSays;
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8(rest.to_vec()).map_err(|_| not_text.clone())?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)?
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_string()
    } else {
        bytes.iter().map(|&b| windows_1252(b)).collect::<Option<String>>().ok_or(not_text.clone())?
    };
    if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') && (c as u32) < 0x80) {
        return Err(not_text);
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DocumentError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DocumentError::NotWhatItsNameSays);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| DocumentError::NotWhatItsNameSays)
}

/// Windows-1252, the encoding of text saved by Windows in Western European languages; `None` for
/// the five byte values it leaves undefined.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        _ => Some(char::from(byte)),
    }
}

/// YAML front matter (`---` lines around `key: value` lines) and the text after it.
fn front_matter(text: &str) -> (Option<String>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else { return (None, text) };
    let mut title = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n').take(100) {
        offset += line.len();
        let line = line.trim_end_matches('\n');
        if line == "---" || line == "..." {
            return (title, &rest[offset..]);
        }
        let is_yaml = line.starts_with([' ', '-', '#'])
            || line.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            });
        if !is_yaml {
            return (None, text);
        }
        if let Some(value) = line.strip_prefix("title:") {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            title = Some(value.to_string()).filter(|t| !t.is_empty());
        }
    }
    (None, text)
}

/// The text of a level-one heading that opens the text and is its only one, and the text
/// without it.
fn opening_heading(text: &str) -> (Option<String>, String) {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut heading: Option<(std::ops::Range<usize>, String)> = None;
    let mut in_heading = false;
    let mut blocks = 0;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {
                if blocks > 0 {
                    return (None, text.to_string());
                }
                heading = Some((range, String::new()));
                in_heading = true;
                blocks += 1;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_heading => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push(' ');
                }
            }
            Event::Start(_) if !in_heading => {
                if heading.is_none() {
                    return (None, text.to_string());
                }
                blocks += 1;
            }
            _ => {}
        }
    }
    match heading {
        Some((range, title)) if !title.trim().is_empty() => {
            (Some(super::write::collapse(&title)), format!("{}{}", &text[..range.start], &text[range.end..]))
        }
        _ => (None, text.to_string()),
    }
}
