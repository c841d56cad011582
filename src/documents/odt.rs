//! OpenDocument text (`.odt`): `content.xml` read through the styles in it and in `styles.xml`.
//!
//! Emphasis is what the author applied: spans' styles, and a paragraph's automatic style (how
//! LibreOffice records bold applied to a whole paragraph). A named paragraph style's look is the
//! kind of block, as for Word. Headers and footers live in `styles.xml`'s master pages, which are
//! not read for text.

use std::collections::HashMap;

use roxmltree::Node;

use super::package::{self, Package, attr, name};
use super::write::{BOLD, Block, Document, ITALIC, Inline, Kind};
use super::{DocumentError, Dropped};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

pub fn read(bytes: &[u8]) -> Result<Document, DocumentError> {
    if !package::is_zip(bytes) {
        return Err(DocumentError::NotWhatItsNameSays);
    }
    let mut package = Package::open(bytes)?;
    match package.read("mimetype")? {
        Some(mimetype) if mimetype.trim_ascii() != MIMETYPE.as_bytes() => {
            return Err(DocumentError::NotWhatItsNameSays);
        }
        None if !package.has("content.xml") => return Err(DocumentError::NotWhatItsNameSays),
        _ => {}
    }
    if let Some(text) = package.read_xml("META-INF/manifest.xml")? {
        let manifest = package::parse_xml(&text)?;
        if manifest.descendants().any(|n| name(n) == "encryption-data") {
            return Err(DocumentError::Encrypted);
        }
    }
    let mut document = Document::default();
    let macros = |n: &str| {
        n.strip_prefix("Basic/")
            .or_else(|| n.strip_prefix("Scripts/"))
            .is_some_and(|rest| !rest.is_empty() && rest != "script-lc.xml")
    };
    if package.names().any(macros) {
        document.left_out(Dropped::Macros);
    }
    if let Some(text) = package.read_xml("meta.xml")? {
        let meta = package::parse_xml(&text)?;
        document.recorded_title =
            meta.descendants().find(|n| name(*n) == "title").and_then(|n| n.text()).map(str::to_string);
    }
    let styles_text = package.read_xml("styles.xml")?;
    let content_text = package.read_xml("content.xml")?.ok_or(DocumentError::NotWhatItsNameSays)?;
    let styles_xml = styles_text.as_deref().map(package::parse_xml).transpose()?;
    let content = package::parse_xml(&content_text)?;
    if name(content.root_element()) != "document-content" {
        return Err(DocumentError::NotWhatItsNameSays);
    }
    let text = content
        .root_element()
        .children()
        .find(|n| name(*n) == "body")
        .and_then(|body| body.children().find(|n| name(*n) == "text"))
        .ok_or(DocumentError::NotWhatItsNameSays)?;

    let mut styles = Styles::default();
    if let Some(xml) = &styles_xml {
        styles.add(xml.root_element(), false);
    }
    styles.add(content.root_element(), true);
    let mut walker = Walker { styles, document, list_counters: HashMap::new(), in_note: false, pending: Vec::new() };
    walker.blocks(text)?;
    Ok(walker.document)
}

#[derive(Debug, Default)]
struct Style {
    /// The display name, lower case ("heading 1", "quotations").
    name: String,
    parent: Option<String>,
    automatic: bool,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
    list_style: Option<String>,
}

#[derive(Default)]
struct Styles {
    /// By (family, name).
    styles: HashMap<(String, String), Style>,
    /// List styles: for each level (1-based), ordered and the start number.
    lists: HashMap<String, HashMap<u8, (bool, u32)>>,
}

const MAX_STYLE_CHAIN: usize = 32;

impl Styles {
    /// The styles in `office:styles` and `office:automatic-styles` under `root`.
    fn add(&mut self, root: Node, in_content: bool) {
        for group in root.children().filter(|n| matches!(name(*n), "styles" | "automatic-styles")) {
            let automatic = name(group) == "automatic-styles";
            for node in group.children().filter(Node::is_element) {
                let Some(style_name) = attr(node, "name") else { continue };
                match name(node) {
                    "style" => {
                        let props = node.children().find(|n| name(*n) == "text-properties");
                        let style = Style {
                            name: attr(node, "display-name").unwrap_or(style_name).replace("_20_", " ").to_lowercase(),
                            parent: attr(node, "parent-style-name").map(str::to_string),
                            automatic: automatic && in_content,
                            bold: props.and_then(|p| attr(p, "font-weight")).map(|w| match w {
                                "bold" | "bolder" => true,
                                w => w.parse::<u16>().is_ok_and(|w| w >= 600),
                            }),
                            italic: props
                                .and_then(|p| attr(p, "font-style"))
                                .map(|s| matches!(s, "italic" | "oblique")),
                            outline: attr(node, "default-outline-level").and_then(|l| l.parse().ok()),
                            list_style: attr(node, "list-style-name").map(str::to_string),
                        };
                        let family = attr(node, "family").unwrap_or("").to_string();
                        self.styles.insert((family, style_name.to_string()), style);
                    }
                    "list-style" => {
                        let levels = node
                            .children()
                            .filter_map(|level| {
                                let n = attr(level, "level")?.parse().ok()?;
                                let ordered = match name(level) {
                                    "list-level-style-number" => {
                                        attr(level, "num-format").is_some_and(|f| !f.is_empty())
                                    }
                                    _ => false,
                                };
                                let start = attr(level, "start-value").and_then(|s| s.parse().ok()).unwrap_or(1);
                                Some((n, (ordered, start)))
                            })
                            .collect();
                        self.lists.insert(style_name.to_string(), levels);
                    }
                    _ => {}
                }
            }
        }
    }

    fn chain<'s>(&'s self, family: &'s str, style: &str) -> impl Iterator<Item = &'s Style> + 's {
        let get = move |n: &str| self.styles.get(&(family.to_string(), n.to_string()));
        std::iter::successors(get(style), move |s| s.parent.as_deref().and_then(get)).take(MAX_STYLE_CHAIN)
    }

    /// The emphasis a text style sets, over what it is inside.
    fn text_flags(&self, style: &str, inherited: u8) -> u8 {
        let bold = self.chain("text", style).find_map(|s| s.bold);
        let italic = self.chain("text", style).find_map(|s| s.italic);
        with(with(inherited, BOLD, bold), ITALIC, italic)
    }

    /// A paragraph's own emphasis: only its automatic style's (direct formatting).
    fn paragraph_flags(&self, style: &str) -> u8 {
        let own = self.chain("paragraph", style).next().filter(|s| s.automatic);
        own.map_or(0, |s| with(with(0, BOLD, s.bold), ITALIC, s.italic))
    }

    /// What a paragraph style makes a paragraph, by name along its parents. A style used but
    /// never defined (pandoc writes "Title" so) is known by its name alone.
    fn role(&self, style: &str) -> Option<Kind> {
        let by_name = |name: &str| match name {
            "title" => Some(Kind::Title),
            "subtitle" => Some(Kind::Subtitle),
            "quotations" | "quotation" | "block quotation" | "quote" => Some(Kind::Quote),
            _ => None,
        };
        let mut defined = false;
        for s in self.chain("paragraph", style) {
            defined = true;
            if let Some(kind) = by_name(&s.name) {
                return Some(kind);
            }
            if let Some(level) = s.outline.filter(|l| *l > 0) {
                return Some(Kind::Heading(level.min(10)));
            }
        }
        if defined { None } else { by_name(&style.replace("_20_", " ").to_lowercase()) }
    }

    fn paragraph_list_style(&self, style: &str) -> Option<&str> {
        self.chain("paragraph", style).find_map(|s| s.list_style.as_deref())
    }
}

fn with(flags: u8, flag: u8, set: Option<bool>) -> u8 {
    match set {
        Some(true) => flags | flag,
        Some(false) => flags & !flag,
        None => flags,
    }
}

struct Walker {
    styles: Styles,
    document: Document,
    /// The last number shown by each list style's outermost list, for lists that continue it.
    list_counters: HashMap<String, u32>,
    in_note: bool,
    /// Text boxes' paragraphs, written after the paragraph that holds them.
    pending: Vec<Block>,
}

impl Walker {
    fn blocks(&mut self, node: Node) -> Result<(), DocumentError> {
        for child in node.children().filter(Node::is_element) {
            match name(child) {
                "p" | "h" => self.paragraph(child, None)?,
                "list" => self.list(child, 0, None)?,
                "tracked-changes" => {
                    if child.children().any(|c| name(c) == "changed-region") {
                        self.document.left_out(Dropped::TrackedChanges);
                    }
                }
                "frame" => self.frame(child)?,
                n if n.ends_with("-source") || n.ends_with("-decls") => {}
                "forms" | "soft-page-break" | "annotation" | "table-columns" | "table-column" => {}
                _ => self.blocks(child)?,
            }
        }
        Ok(())
    }

    /// A paragraph or heading; in a list, `item` says which item it is.
    fn paragraph(&mut self, p: Node, item: Option<Kind>) -> Result<(), DocumentError> {
        let style = attr(p, "style-name").unwrap_or("");
        let role = self.styles.role(style);
        let kind = if name(p) == "h" {
            match role {
                Some(kind @ (Kind::Title | Kind::Subtitle)) => kind,
                _ => {
                    let level = attr(p, "outline-level").and_then(|l| l.parse::<u8>().ok()).unwrap_or(1);
                    Kind::Heading(level.clamp(1, 10))
                }
            }
        } else {
            item.or(role).unwrap_or(Kind::Paragraph)
        };
        let mut inlines = Vec::new();
        self.inlines(p, self.styles.paragraph_flags(style), &mut inlines)?;
        self.document.blocks.push(Block { kind, inlines });
        let pending = std::mem::take(&mut self.pending);
        self.document.blocks.extend(pending);
        Ok(())
    }

    fn list(&mut self, list: Node, level: usize, style: Option<&str>) -> Result<(), DocumentError> {
        let owned_style = attr(list, "style-name").or(style).or_else(|| {
            let first = list.descendants().find(|n| name(*n) == "p")?;
            self.styles.paragraph_list_style(attr(first, "style-name")?)
        });
        let owned_style = owned_style.map(str::to_string);
        let (ordered, start) = owned_style
            .as_deref()
            .and_then(|s| self.styles.lists.get(s))
            .and_then(|levels| levels.get(&u8::try_from(level + 1).unwrap_or(u8::MAX)).copied())
            .unwrap_or((false, 1));
        let continues = attr(list, "continue-numbering") == Some("true") || attr(list, "continue-list").is_some();
        let mut number = match (&owned_style, level, continues) {
            (Some(s), 0, true) => self.list_counters.get(s).copied().unwrap_or(start.saturating_sub(1)),
            _ => start.saturating_sub(1),
        };
        for item in list.children().filter(|n| matches!(name(*n), "list-item" | "list-header")) {
            let header = name(item) == "list-header";
            if !header {
                number = attr(item, "start-value").and_then(|v| v.parse().ok()).unwrap_or(number.saturating_add(1));
            }
            let mut first = true;
            for part in item.children().filter(Node::is_element) {
                match name(part) {
                    "p" | "h" if header => self.paragraph(part, None)?,
                    "p" | "h" if first || name(part) == "h" => {
                        first = false;
                        let kind = Kind::Item { level, ordered, number };
                        self.paragraph(part, (name(part) == "p").then_some(kind))?;
                    }
                    "p" => {
                        // A further paragraph of the same item: a new line in it.
                        let mut inlines = vec![Inline::Break];
                        let flags = self.styles.paragraph_flags(attr(part, "style-name").unwrap_or(""));
                        self.inlines(part, flags, &mut inlines)?;
                        match self.document.blocks.last_mut() {
                            Some(block) if matches!(block.kind, Kind::Item { .. }) => block.inlines.extend(inlines),
                            _ => self.document.blocks.push(Block { kind: Kind::Paragraph, inlines }),
                        }
                    }
                    "list" => self.list(part, level + 1, owned_style.as_deref())?,
                    _ => self.blocks(part)?,
                }
            }
        }
        if let (Some(s), 0) = (owned_style, level) {
            self.list_counters.insert(s, number);
        }
        Ok(())
    }

    fn inlines(&mut self, node: Node, flags: u8, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        for child in node.children() {
            if child.is_text() {
                // ODF collapses white space in paragraphs as HTML does; `text:s` writes more.
                let text = child.text().unwrap_or("");
                let mut collapsed = String::with_capacity(text.len());
                for c in text.chars() {
                    let c = if matches!(c, ' ' | '\t' | '\n' | '\r') { ' ' } else { c };
                    if c != ' ' || !collapsed.ends_with(' ') {
                        collapsed.push(c);
                    }
                }
                out.push(Inline::Text(collapsed, flags));
                continue;
            }
            match name(child) {
                "" => {}
                "span" => {
                    let flags = attr(child, "style-name").map_or(flags, |s| self.styles.text_flags(s, flags));
                    self.inlines(child, flags, out)?;
                }
                "a" => {
                    let url = attr(child, "href").map(str::to_string);
                    if let Some(url) = &url {
                        out.push(Inline::LinkStart(url.clone()));
                    }
                    self.inlines(child, flags, out)?;
                    if url.is_some() {
                        out.push(Inline::LinkEnd);
                    }
                }
                "s" => {
                    let count = attr(child, "c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).clamp(1, 100);
                    out.push(Inline::Text(" ".repeat(count), flags));
                }
                "tab" => out.push(Inline::Text(" ".into(), flags)),
                "line-break" => out.push(Inline::Break),
                "note" => self.note(child, out)?,
                "annotation" => self.document.left_out(Dropped::Comments(1)),
                "frame" => self.frame(child)?,
                "custom-shape" | "rect" | "ellipse" | "line" | "polygon" | "polyline" | "path" | "g" | "circle"
                | "connector" => self.document.left_out(Dropped::Images(1)),
                "ruby" => {
                    if let Some(base) = child.children().find(|n| name(*n) == "ruby-base") {
                        self.inlines(base, flags, out)?;
                    }
                }
                "annotation-end"
                | "bookmark"
                | "bookmark-start"
                | "bookmark-end"
                | "reference-mark"
                | "reference-mark-start"
                | "reference-mark-end"
                | "soft-page-break"
                | "change"
                | "change-start"
                | "change-end"
                | "toc-mark"
                | "toc-mark-start"
                | "toc-mark-end"
                | "alphabetical-index-mark"
                | "alphabetical-index-mark-start"
                | "alphabetical-index-mark-end"
                | "hidden-text"
                | "note-citation" => {}
                _ => self.inlines(child, flags, out)?,
            }
        }
        Ok(())
    }

    /// A frame: an embedded object, a text box (its paragraphs follow the paragraph holding it),
    /// or a picture (counted once, however many renderings of it the frame offers).
    fn frame(&mut self, frame: Node) -> Result<(), DocumentError> {
        let has = |wanted: &[&str]| frame.children().any(|c| wanted.contains(&name(c)));
        if has(&["object", "object-ole"]) {
            self.document.left_out(Dropped::EmbeddedObjects(1));
        } else if let Some(text_box) = frame.children().find(|c| name(*c) == "text-box") {
            let outer = std::mem::take(&mut self.document.blocks);
            let outer_pending = std::mem::take(&mut self.pending);
            let walked = self.blocks(text_box);
            let inner = std::mem::replace(&mut self.document.blocks, outer);
            self.pending = outer_pending;
            walked?;
            self.pending.extend(inner);
        } else if has(&["image"]) {
            self.document.left_out(Dropped::Images(1));
        }
        Ok(())
    }

    fn note(&mut self, note: Node, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        let Some(body) = note.children().find(|n| name(*n) == "note-body").filter(|_| !self.in_note) else {
            return Ok(());
        };
        self.in_note = true;
        let outer = std::mem::take(&mut self.document.blocks);
        let walked = self.blocks(body);
        let inner = std::mem::replace(&mut self.document.blocks, outer);
        self.in_note = false;
        walked?;
        if let Some(n) = self.document.add_note(inner.into_iter().map(|b| b.inlines).collect()) {
            out.push(Inline::Note(n));
        }
        Ok(())
    }
}
