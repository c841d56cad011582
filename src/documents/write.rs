//! The document model the readers build, and the Markdown written from it.
//!
//! Markdown is written so that pulldown-cmark reads back exactly the text and structure meant:
//! every character that could start markup is escaped, emphasis delimiters are placed only where
//! CommonMark's flanking rules let them open and close (emphasis that cannot be expressed there,
//! such as bold that starts mid-word right before a quotation mark, is left plain rather than
//! risk stray asterisks), and adjacent runs with the same emphasis are merged, so `**a****b**`
//! never appears. Every step is a single pass over the text.

use super::{Converted, Dropped};

pub const BOLD: u8 = 1;
pub const ITALIC: u8 = 2;

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text as the reader sees it, with its emphasis (`BOLD | ITALIC`).
    Text(String, u8),
    Break,
    /// A reference to note number n (1-based).
    Note(usize),
    /// The text up to the matching `LinkEnd` links to this address. Unmatched ends are ignored and
    /// unclosed links end with the paragraph.
    LinkStart(String),
    LinkEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    /// The document's own level, 1 for the highest.
    Heading(u8),
    Quote,
    /// A list item at nesting `level` (0 for the outermost); `number` is shown for ordered items.
    Item {
        level: usize,
        ordered: bool,
        number: u32,
    },
    Title,
    /// Shown as an italic paragraph: the standfirst under the title.
    Subtitle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub inlines: Vec<Inline>,
}

/// What a reader found.
#[derive(Debug, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Note n's paragraphs at index n - 1.
    pub notes: Vec<Vec<Vec<Inline>>>,
    pub dropped: Vec<Dropped>,
    /// The title the file records about itself (not shown in the body).
    pub recorded_title: Option<String>,
}

impl Document {
    /// Records something left out, counted with what was left out of its kind before.
    pub fn left_out(&mut self, found: Dropped) {
        for dropped in &mut self.dropped {
            match (dropped, &found) {
                (Dropped::Images(n), Dropped::Images(m))
                | (Dropped::EmbeddedObjects(n), Dropped::EmbeddedObjects(m))
                | (Dropped::Comments(n), Dropped::Comments(m)) => {
                    *n += m;
                    return;
                }
                (Dropped::TrackedChanges, Dropped::TrackedChanges) | (Dropped::Macros, Dropped::Macros) => return,
                _ => {}
            }
        }
        self.dropped.push(found);
    }

    /// Adds a note's paragraphs and gives its number, or `None` when it holds no text.
    pub fn add_note(&mut self, paragraphs: Vec<Vec<Inline>>) -> Option<usize> {
        let paragraphs: Vec<_> = paragraphs.into_iter().filter(|p| !plain(p).is_empty()).collect();
        if paragraphs.is_empty() {
            return None;
        }
        self.notes.push(paragraphs);
        Some(self.notes.len())
    }
}

/// The text of a paragraph without its markup, whitespace collapsed: for titles.
pub fn plain(inlines: &[Inline]) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => text.push_str(t),
            Inline::Break => text.push(' '),
            _ => {}
        }
    }
    collapse(&text)
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title, the Markdown and the notes of what was dropped.
pub fn finish(mut document: Document) -> Converted {
    let title = take_title(&mut document);
    let top = document.blocks.iter().filter_map(|b| if let Kind::Heading(l) = b.kind { Some(l) } else { None }).min();
    let mut out = String::new();
    let mut lists: Vec<ListLevel> = Vec::new();
    let mut previous: Option<Kind> = None;
    for block in &document.blocks {
        if plain(&block.inlines).is_empty() && !block.inlines.iter().any(|i| matches!(i, Inline::Note(_))) {
            continue;
        }
        let kind = block.kind;
        let separator = match (previous, kind) {
            (None, _) => "",
            (Some(Kind::Quote), Kind::Quote) => "\n>\n",
            (Some(Kind::Item { .. }), Kind::Item { level, ordered, number }) => {
                if opens_list_needing_a_blank_line(&lists, level, ordered, number) { "\n\n" } else { "\n" }
            }
            _ => "\n\n",
        };
        out.push_str(separator);
        if !matches!(kind, Kind::Item { .. }) {
            lists.clear();
        }
        match kind {
            Kind::Heading(level) => {
                let level = 2 + usize::from(level - top.unwrap_or(level)).min(4);
                out.extend(std::iter::repeat_n('#', level));
                out.push(' ');
                Inlines { line_prefix: "", heading: true }.write(&mut out, &block.inlines);
            }
            Kind::Quote => {
                out.push_str("> ");
                Inlines { line_prefix: "> ", heading: false }.write(&mut out, &block.inlines);
            }
            Kind::Item { level, ordered, number } => {
                while lists.last().is_some_and(|l| l.level >= level) {
                    lists.pop();
                }
                let indent = lists.last().map_or(0, |l| l.content_indent);
                // CommonMark reads at most nine digits as a list number.
                let marker = if ordered { format!("{}. ", number.min(999_999_999)) } else { "- ".to_string() };
                out.extend(std::iter::repeat_n(' ', indent));
                out.push_str(&marker);
                let content_indent = indent + marker.len();
                lists.push(ListLevel { level, ordered, content_indent });
                let prefix = " ".repeat(content_indent);
                Inlines { line_prefix: &prefix, heading: false }.write(&mut out, &block.inlines);
            }
            Kind::Subtitle => {
                let italic: Vec<Inline> = block
                    .inlines
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t, f) => Inline::Text(t.clone(), f | ITALIC),
                        other => other.clone(),
                    })
                    .collect();
                Inlines { line_prefix: "", heading: false }.write(&mut out, &italic);
            }
            Kind::Paragraph | Kind::Title => {
                Inlines { line_prefix: "", heading: false }.write(&mut out, &block.inlines)
            }
        }
        previous = Some(kind);
    }
    for (n, paragraphs) in document.notes.iter().enumerate() {
        out.push_str(if out.is_empty() { "" } else { "\n\n" });
        let label = format!("[^{}]: ", n + 1);
        out.push_str(&label);
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n    ");
            }
            Inlines { line_prefix: "    ", heading: false }.write(&mut out, paragraph);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    Converted { title, markdown: out, dropped: document.dropped }
}

struct ListLevel {
    level: usize,
    ordered: bool,
    content_indent: usize,
}

/// An ordered list that starts at a number other than 1 cannot interrupt a paragraph, so right
/// after an item's line it would read as that item's text: a blank line keeps it a list. A list
/// of the other kind at the same level is set apart too, to be read as a list of its own.
fn opens_list_needing_a_blank_line(lists: &[ListLevel], level: usize, ordered: bool, number: u32) -> bool {
    let same_level = lists.iter().find(|l| l.level == level);
    match same_level {
        Some(l) => l.ordered != ordered,
        None => ordered && number != 1,
    }
}

/// The title: the first Title-styled paragraph, else the recorded title, else a leading heading
/// above every other heading. Later Title-styled paragraphs become headings at the top level.
fn take_title(document: &mut Document) -> Option<String> {
    let blocks = &mut document.blocks;
    let shown = blocks.iter().position(|b| b.kind == Kind::Title && !plain(&b.inlines).is_empty());
    let top = blocks.iter().filter_map(|b| if let Kind::Heading(l) = b.kind { Some(l) } else { None }).min();
    for block in blocks.iter_mut().skip(shown.map_or(0, |i| i + 1)) {
        if block.kind == Kind::Title {
            block.kind = Kind::Heading(top.unwrap_or(1));
        }
    }
    if let Some(index) = shown {
        return Some(plain(&blocks.remove(index).inlines));
    }
    let first = blocks.iter().position(|b| !plain(&b.inlines).is_empty());
    let recorded = document.recorded_title.as_deref().map(collapse).filter(|t| !t.is_empty());
    if let Some(recorded) = recorded {
        // A first heading that repeats the recorded title is that title, not a section.
        if let Some(i) =
            first.filter(|&i| matches!(blocks[i].kind, Kind::Heading(_)) && plain(&blocks[i].inlines) == recorded)
        {
            blocks.remove(i);
        }
        return Some(recorded);
    }
    let i = first?;
    let Kind::Heading(level) = blocks[i].kind else { return None };
    let alone = blocks.iter().enumerate().all(|(j, b)| j == i || !matches!(b.kind, Kind::Heading(l) if l <= level));
    alone.then(|| plain(&blocks.remove(i).inlines))
}

/// Writes one paragraph's inlines.
struct Inlines<'a> {
    /// What starts each line after a line break (a quote's `> `, an item's indentation).
    line_prefix: &'a str,
    /// Headings are one line, and bold adds nothing to them.
    heading: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceKind {
    /// Text that may need escaping at the start of a line.
    Word,
    /// Whitespace.
    Space,
    /// A written link: content, never escaped.
    Link,
    /// A note reference: takes the emphasis around it.
    Note,
    Break,
}

/// A piece of a paragraph being written: its text is `range` of the paragraph's buffer.
struct Piece {
    range: std::ops::Range<usize>,
    flags: u8,
    kind: PieceKind,
}

impl Inlines<'_> {
    fn write(&self, out: &mut String, inlines: &[Inline]) {
        let mask = if self.heading { ITALIC } else { BOLD | ITALIC };
        let mut pieces = Vec::new();
        let mut buffer = String::new();
        self.pieces(inlines, mask, &mut pieces, &mut buffer);
        let pieces = settle(pieces);
        emit(&pieces, &buffer, out, self.line_prefix);
    }

    fn pieces(&self, inlines: &[Inline], mask: u8, pieces: &mut Vec<Piece>, buffer: &mut String) {
        let mut i = 0;
        let mut text = String::new();
        let mut flags = 0;
        while i < inlines.len() {
            if let Inline::Text(t, f) = &inlines[i] {
                if f & mask != flags && !text.is_empty() {
                    self.text_pieces(&text, flags, pieces, buffer);
                    text.clear();
                }
                flags = f & mask;
                text.push_str(t);
                i += 1;
                continue;
            }
            if !text.is_empty() {
                self.text_pieces(&text, flags, pieces, buffer);
                text.clear();
            }
            let start = buffer.len();
            match &inlines[i] {
                Inline::Break if self.heading => {
                    buffer.push(' ');
                    pieces.push(Piece { range: start..buffer.len(), flags: 0, kind: PieceKind::Space });
                }
                Inline::Break => pieces.push(Piece { range: start..start, flags: 0, kind: PieceKind::Break }),
                Inline::Note(n) => {
                    buffer.push_str(&format!("[^{n}]"));
                    pieces.push(Piece { range: start..buffer.len(), flags: 0, kind: PieceKind::Note });
                }
                Inline::LinkStart(url) => {
                    // A link a reader may not follow is its text: the marks around it go.
                    if let Some(destination) = destination(url) {
                        let end = link_end(inlines, i + 1);
                        self.link(&destination, &inlines[i + 1..end], mask, pieces, buffer);
                        i = end;
                    }
                }
                Inline::LinkEnd | Inline::Text(..) => {}
            }
            i += 1;
        }
        if !text.is_empty() {
            self.text_pieces(&text, flags, pieces, buffer);
        }
    }

    /// Splits text into words and spaces, escaping the words. Tabs and line ends are spaces;
    /// other control characters are not text.
    fn text_pieces(&self, text: &str, flags: u8, pieces: &mut Vec<Piece>, buffer: &mut String) {
        let mut current: Option<(usize, PieceKind)> = None;
        for (at, c) in text.char_indices() {
            let c = match c {
                '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let kind = if c.is_whitespace() { PieceKind::Space } else { PieceKind::Word };
            match current {
                Some((_, k)) if k == kind => {}
                Some((start, k)) => {
                    pieces.push(Piece { range: start..buffer.len(), flags, kind: k });
                    current = Some((buffer.len(), kind));
                }
                None => current = Some((buffer.len(), kind)),
            }
            if kind == PieceKind::Word {
                escape(buffer, c, &text[at + c.len_utf8()..], self.heading);
            } else {
                buffer.push(c);
            }
        }
        if let Some((start, kind)) = current {
            pieces.push(Piece { range: start..buffer.len(), flags, kind });
        }
    }

    /// A link, written whole: its text with the emphasis that differs inside it, and the emphasis
    /// all of it shares left to the paragraph around it. Notes inside follow it.
    fn link(&self, destination: &str, inner: &[Inline], mask: u8, pieces: &mut Vec<Piece>, buffer: &mut String) {
        let texts = || inner.iter().filter_map(|i| if let Inline::Text(t, f) = i { Some((t, *f)) } else { None });
        let notes: Vec<Inline> = inner.iter().filter(|i| matches!(i, Inline::Note(_))).cloned().collect();
        if texts().all(|(t, _)| t.trim().is_empty()) {
            self.pieces(&notes, mask, pieces, buffer);
            return;
        }
        let shared = texts().filter(|(t, _)| !t.trim().is_empty()).fold(mask, |shared, (_, f)| shared & f);
        let words: Vec<Inline> = inner
            .iter()
            .filter_map(|inline| match inline {
                Inline::Text(..) => Some(inline.clone()),
                Inline::Break => Some(Inline::Text(" ".into(), 0)),
                Inline::Note(_) | Inline::LinkStart(_) | Inline::LinkEnd => None,
            })
            .collect();
        let (mut text_pieces, mut text_buffer) = (Vec::new(), String::new());
        Inlines { line_prefix: "", heading: self.heading }.pieces(
            &words,
            mask & !shared,
            &mut text_pieces,
            &mut text_buffer,
        );
        let text_pieces = settle(text_pieces);
        let start = buffer.len();
        buffer.push('[');
        emit(&text_pieces, &text_buffer, buffer, "");
        buffer.push_str("](");
        buffer.push_str(destination);
        buffer.push(')');
        pieces.push(Piece { range: start..buffer.len(), flags: shared, kind: PieceKind::Link });
        self.pieces(&notes, mask, pieces, buffer);
    }
}

/// Where the link starting before `from` ends (the index of its `LinkEnd`, or the end).
fn link_end(inlines: &[Inline], from: usize) -> usize {
    inlines[from..].iter().position(|i| matches!(i, Inline::LinkEnd)).map_or(inlines.len(), |p| from + p)
}

/// A link's destination as written in Markdown, when it is one a reader may follow.
fn destination(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s) && url.len() > s.len());
    if !allowed {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Escapes a character that could be read as inline markup (`rest` is the text after it). What
/// matters only at the start of a line is escaped as the line is written.
fn escape(out: &mut String, c: char, rest: &str, heading: bool) {
    match c {
        '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|' | '~' => out.push('\\'),
        '#' if heading => out.push('\\'),
        '&' if names_a_character(rest) => out.push('\\'),
        _ => {}
    }
    out.push(c);
}

/// Whether text after a `&` would make it a character reference (`&amp;`, `&#38;`).
fn names_a_character(after: &str) -> bool {
    let name = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    name > 0 && after.as_bytes().get(name) == Some(&b';')
}

/// What starts a block when it begins a line: escaped so the line stays text. Returns whether
/// the line so far is all digits (a list marker's `.` or `)` may come in the next run).
fn escape_line_start(word: &str, out: &mut String) -> bool {
    match word.chars().next() {
        Some('#' | '>' | '-' | '+' | '=') => {
            out.push('\\');
            out.push_str(word);
            false
        }
        _ => escape_after_number(word, out),
    }
}

/// Writes a run that starts a line or follows only digits there, escaping the `.` or `)` that
/// would end a list marker (a number, then `.` or `)`, then a space or the line's end). Returns
/// whether the line so far is still all digits.
fn escape_after_number(word: &str, out: &mut String) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == word.len() {
        out.push_str(word);
        return true;
    }
    if word.len() == digits + 1 && word.ends_with(['.', ')']) {
        out.push_str(&word[..digits]);
        out.push('\\');
        out.push_str(&word[digits..]);
    } else {
        out.push_str(word);
    }
    false
}

/// Trims spaces at the ends of lines, drops breaks at the ends and repeated breaks, and gives each
/// space and note the emphasis both its neighbours share (so emphasis never starts or ends on a
/// space).
fn settle(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut kept: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece.kind {
            PieceKind::Space if kept.last().is_none_or(|p| p.kind == PieceKind::Break) => {}
            PieceKind::Break => {
                while kept.last().is_some_and(|p| p.kind == PieceKind::Space) {
                    kept.pop();
                }
                if kept.last().is_some_and(|p| p.kind != PieceKind::Break) {
                    kept.push(piece);
                }
            }
            _ => kept.push(piece),
        }
    }
    while kept.last().is_some_and(|p| matches!(p.kind, PieceKind::Space | PieceKind::Break)) {
        kept.pop();
    }
    let content = |p: &Piece| matches!(p.kind, PieceKind::Word | PieceKind::Link);
    let mut before = vec![0u8; kept.len()];
    let mut flags = 0;
    for (i, p) in kept.iter().enumerate() {
        if p.kind == PieceKind::Break {
            flags = 0;
        } else if content(p) {
            flags = p.flags;
        }
        before[i] = flags;
    }
    let mut after = 0;
    for i in (0..kept.len()).rev() {
        let p = &mut kept[i];
        if p.kind == PieceKind::Break {
            after = 0;
        } else if content(p) {
            after = p.flags;
        } else {
            p.flags = before[i] & after;
        }
    }
    kept
}

fn delimiter(flag: u8) -> &'static str {
    if flag == BOLD { "**" } else { "*" }
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// CommonMark's left-flanking: a run of `*` between these characters (`None` at a line's ends)
/// that can open emphasis.
fn left_flanking(before: Option<char>, after: Option<char>) -> bool {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let space_or_punctuation = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punctuation(c));
    !space(after) && (!after.is_some_and(is_punctuation) || space_or_punctuation(before))
}

/// Right-flanking: one that can close emphasis.
fn right_flanking(before: Option<char>, after: Option<char>) -> bool {
    left_flanking(after, before)
}

/// Delimiters are placed only where they can only open, or only close: a run that could do both
/// may be paired with another than the one meant (and asterisks are left over).
fn can_open(before: Option<char>, after: Option<char>) -> bool {
    left_flanking(before, after) && !right_flanking(before, after)
}

fn can_close(before: Option<char>, after: Option<char>) -> bool {
    right_flanking(before, after) && !left_flanking(before, after)
}

/// Writes the pieces with emphasis delimiters. A flag that cannot be opened or closed where its
/// run starts or ends is left off for the rest of its run; one closed only because bold and
/// italic cross opens again at the next word.
fn emit(pieces: &[Piece], buffer: &str, out: &mut String, line_prefix: &str) {
    let text = |p: &Piece| &buffer[p.range.clone()];
    let n = pieces.len();
    // For each piece and flag, the last piece of the run of that flag it belongs to.
    let mut run_end = vec![[0usize; 2]; n];
    for i in (0..n).rev() {
        for (slot, flag) in [BOLD, ITALIC].into_iter().enumerate() {
            run_end[i][slot] = if i + 1 < n && pieces[i + 1].flags & flag != 0 && pieces[i].flags & flag != 0 {
                run_end[i + 1][slot]
            } else {
                i
            };
        }
    }
    let first_char =
        |i: usize| pieces.get(i).filter(|p| p.kind != PieceKind::Break).and_then(|p| text(p).chars().next());
    let mut open: Vec<u8> = Vec::with_capacity(2);
    let mut suppressed = 0u8;
    let mut before: Option<char> = None;
    let mut line_start = true;
    let mut number_at_line_start = None;
    for (i, piece) in pieces.iter().enumerate() {
        suppressed &= piece.flags;
        let target = piece.flags & !suppressed;
        let keep = open.iter().take_while(|&&f| target & f != 0).count();
        let closing = open.len() > keep;
        while open.len() > keep {
            if let Some(flag) = open.pop() {
                out.push_str(delimiter(flag));
            }
        }
        let missing = target & !open.iter().fold(0, |acc, f| acc | f);
        // Closing and opening at one boundary would make one run of asterisks that CommonMark
        // may pair otherwise, and emphasis cannot open before a space: such an opening waits for
        // the next word.
        if missing != 0 && !closing && !matches!(piece.kind, PieceKind::Space | PieceKind::Break) {
            let mut flags: Vec<u8> = [BOLD, ITALIC].into_iter().filter(|f| missing & f != 0).collect();
            // The longer run opens first, so it is the outer one.
            flags.sort_by_key(|&f| std::cmp::Reverse(run_end[i][usize::from(f == ITALIC)]));
            for flag in flags {
                let end = run_end[i][usize::from(flag == ITALIC)];
                let last = text(&pieces[end]).chars().last();
                if can_open(before, first_char(i)) && can_close(last, first_char(end + 1)) {
                    out.push_str(delimiter(flag));
                    open.push(flag);
                } else {
                    suppressed |= flag;
                }
            }
        }
        match piece.kind {
            PieceKind::Break => {
                out.push_str("\\\n");
                out.push_str(line_prefix);
                before = None;
                line_start = true;
                continue;
            }
            PieceKind::Word if line_start => {
                number_at_line_start = escape_line_start(text(piece), out).then_some(out.len());
            }
            PieceKind::Word if number_at_line_start == Some(out.len()) => {
                number_at_line_start = escape_after_number(text(piece), out).then_some(out.len());
            }
            _ => out.push_str(text(piece)),
        }
        before = text(piece).chars().last().or(before);
        line_start = false;
    }
    while let Some(flag) = open.pop() {
        out.push_str(delimiter(flag));
    }
}
