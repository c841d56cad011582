//! Word documents (Office Open XML): `word/document.xml` read through its styles, numbering,
//! relationships and notes.
//!
//! Emphasis is what the author applied to words: run properties and character styles. A paragraph
//! style's own look (headings and titles in bold, quotations in italic) belongs to the kind of
//! block and is not repeated as emphasis. Headers and footers live in parts of their own, which
//! are never read.

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::package::{self, Package, attr, child, name};
use super::write::{BOLD, Block, Document, ITALIC, Inline, Kind};
use super::{DocumentError, Dropped};

/// How far a paragraph must be indented on both sides (in twentieths of a point, a quarter of a
/// centimetre) to read as a quotation: less is a nudge, not a layout.
const QUOTE_INDENT: i64 = 140;

pub fn read(bytes: &[u8]) -> Result<Document, DocumentError> {
    if package::is_ole(bytes) {
        return Err(if package::ole_is_encrypted(bytes) {
            DocumentError::Encrypted
        } else {
            DocumentError::OldWordDocument
        });
    }
    if !package::is_zip(bytes) {
        return Err(DocumentError::NotWhatItsNameSays);
    }
    let mut package = Package::open(bytes)?;
    let package_rels = read_rels(&mut package, "_rels/.rels", "")?;
    let main = package_rels
        .values()
        .find(|r| r.kind == "officeDocument" && !r.external)
        .map_or("word/document.xml".to_string(), |r| r.target.clone());
    if !package.has(&main) {
        return Err(DocumentError::NotWhatItsNameSays);
    }
    let mut document = Document::default();
    if package.names().any(|n| n.rsplit('/').next().is_some_and(|f| f.eq_ignore_ascii_case("vbaProject.bin"))) {
        document.left_out(Dropped::Macros);
    }
    let core = package_rels.values().find(|r| r.kind == "core-properties").map(|r| r.target.clone());
    if let Some(text) = package.read_xml(core.as_deref().unwrap_or("docProps/core.xml"))? {
        let core = package::parse_xml(&text)?;
        document.recorded_title =
            core.descendants().find(|n| name(*n) == "title").and_then(|n| n.text()).map(str::to_string);
    }

    let folder = main.rsplit_once('/').map_or("", |(folder, _)| folder);
    let (main_folder, main_file) = (folder.to_string(), main.rsplit('/').next().unwrap_or(&main).to_string());
    let rels = read_rels(&mut package, &format!("{main_folder}/_rels/{main_file}.rels"), &main_folder)?;
    let part = |kind: &str| rels.values().find(|r| r.kind == kind && !r.external).map(|r| r.target.clone());
    let text_of = |package: &mut Package, kind: &str| match part(kind) {
        Some(path) => package.read_xml(&path),
        None => Ok(None),
    };
    let styles_text = text_of(&mut package, "styles")?;
    let numbering_text = text_of(&mut package, "numbering")?;
    let footnotes_text = text_of(&mut package, "footnotes")?;
    let endnotes_text = text_of(&mut package, "endnotes")?;
    let main_text = package.read_xml(&main)?.ok_or(DocumentError::Damaged)?;

    let styles_xml = styles_text.as_deref().map(package::parse_xml).transpose()?;
    let numbering_xml = numbering_text.as_deref().map(package::parse_xml).transpose()?;
    let footnotes_xml = footnotes_text.as_deref().map(package::parse_xml).transpose()?;
    let endnotes_xml = endnotes_text.as_deref().map(package::parse_xml).transpose()?;
    let main_xml = package::parse_xml(&main_text)?;

    let body = main_xml
        .root_element()
        .children()
        .find(|n| name(*n) == "body")
        .filter(|_| name(main_xml.root_element()) == "document")
        .ok_or(DocumentError::NotWhatItsNameSays)?;
    let mut walker = Walker {
        styles: styles_xml.as_ref().map(Styles::read).unwrap_or_default(),
        numbering: numbering_xml.as_ref().map(Numbering::read).unwrap_or_default(),
        links: rels
            .iter()
            .filter(|(_, r)| r.kind == "hyperlink")
            .map(|(id, r)| (id.clone(), r.target.clone()))
            .collect(),
        footnotes: notes(footnotes_xml.as_ref()),
        endnotes: notes(endnotes_xml.as_ref()),
        document,
        counters: HashMap::new(),
        comments: HashSet::new(),
        noted: HashMap::new(),
        in_note: false,
        fields: Vec::new(),
        pending: Vec::new(),
        carried: Vec::new(),
    };
    walker.blocks(body)?;
    Ok(walker.document)
}

/// Notes by id, without the separators Word keeps among them.
fn notes<'x, 'i>(xml: Option<&'x roxmltree::Document<'i>>) -> HashMap<String, Node<'x, 'i>> {
    xml.iter()
        .flat_map(|x| x.root_element().children())
        .filter(|n| matches!(name(*n), "footnote" | "endnote"))
        .filter(|n| attr(*n, "type").is_none_or(|t| t == "normal"))
        .filter_map(|n| Some((attr(n, "id")?.to_string(), n)))
        .collect()
}

/// A relationship: what kind of part (the last segment of its type) and where.
struct Rel {
    kind: String,
    target: String,
    external: bool,
}

/// Relationships by id; internal targets resolved against `folder` to archive paths.
fn read_rels(package: &mut Package, path: &str, folder: &str) -> Result<HashMap<String, Rel>, DocumentError> {
    let Some(text) = package.read_xml(path)? else { return Ok(HashMap::new()) };
    let xml = package::parse_xml(&text)?;
    let mut rels = HashMap::new();
    for rel in xml.root_element().children().filter(|n| name(*n) == "Relationship") {
        let (Some(id), Some(kind), Some(target)) = (attr(rel, "Id"), attr(rel, "Type"), attr(rel, "Target")) else {
            continue;
        };
        let external = attr(rel, "TargetMode") == Some("External");
        let target = if external {
            target.to_string()
        } else if let Some(absolute) = target.strip_prefix('/') {
            absolute.to_string()
        } else {
            resolve(folder, target)
        };
        let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
        rels.insert(id.to_string(), Rel { kind, target, external });
    }
    Ok(rels)
}

/// A relative path (`../media/x.png`) from a folder, as an archive path.
fn resolve(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
fn on(property: Node) -> bool {
    !matches!(attr(property, "val"), Some("0" | "false" | "off" | "none"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Heading(u8),
    Title,
    Subtitle,
    Quote,
    Body,
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    /// The style's own `w:outlineLvl` (9 is body text).
    outline: Option<u8>,
    numbering: Option<(Option<String>, Option<u8>)>,
    indent: (Option<i64>, Option<i64>),
    bold: Option<bool>,
    italic: Option<bool>,
}

#[derive(Default)]
struct Styles {
    paragraph: HashMap<String, Style>,
    character: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

/// Nothing real chains more than a few styles; cycles end here too.
const MAX_STYLE_CHAIN: usize = 32;

impl Styles {
    fn read(xml: &roxmltree::Document) -> Styles {
        let mut styles = Styles::default();
        for node in xml.root_element().children().filter(|n| name(*n) == "style") {
            let Some(id) = attr(node, "styleId") else { continue };
            let ppr = child(node, "pPr");
            let rpr = child(node, "rPr");
            let style = Style {
                name: child(node, "name").and_then(|n| attr(n, "val")).unwrap_or(id).to_lowercase(),
                based_on: child(node, "basedOn").and_then(|n| attr(n, "val")).map(str::to_string),
                outline: ppr.and_then(|p| child(p, "outlineLvl")).and_then(|n| attr(n, "val")?.parse().ok()),
                numbering: ppr.and_then(|p| child(p, "numPr")).map(numbering_reference),
                indent: ppr.and_then(|p| child(p, "ind")).map(indent).unwrap_or_default(),
                bold: rpr.and_then(|r| child(r, "b")).map(on),
                italic: rpr.and_then(|r| child(r, "i")).map(on),
            };
            match attr(node, "type") {
                Some("character") => {
                    styles.character.insert(id.to_string(), style);
                }
                Some("paragraph") | None => {
                    if attr(node, "default").is_some_and(|d| d == "1" || d == "true") {
                        styles.default_paragraph = Some(id.to_string());
                    }
                    styles.paragraph.insert(id.to_string(), style);
                }
                _ => {}
            }
        }
        styles
    }

    fn chain<'s>(map: &'s HashMap<String, Style>, id: &str) -> impl Iterator<Item = &'s Style> {
        std::iter::successors(map.get(id), |s| s.based_on.as_deref().and_then(|b| map.get(b))).take(MAX_STYLE_CHAIN)
    }

    /// What a paragraph style makes a paragraph: found by name (Word writes built-in names in
    /// English whatever the language: German "Überschrift 1" has the name "heading 1"), else by
    /// outline level, else from the style it is based on.
    fn role(&self, id: &str) -> Role {
        if !self.paragraph.contains_key(id) {
            // A style used but not defined is known by its id alone ("Heading1", "Title").
            let id = id.to_lowercase();
            return match id.strip_prefix("heading").and_then(|n| n.parse::<u8>().ok()) {
                Some(n) => Role::Heading(n.clamp(1, 9)),
                None => match id.as_str() {
                    "title" => Role::Title,
                    "subtitle" => Role::Subtitle,
                    "quote" | "intensequote" | "blocktext" => Role::Quote,
                    _ => Role::Body,
                },
            };
        }
        for style in Self::chain(&self.paragraph, id) {
            let name = style.name.as_str();
            if let Some(n) = name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok()) {
                return Role::Heading(n.clamp(1, 9));
            }
            match name {
                "title" => return Role::Title,
                "subtitle" => return Role::Subtitle,
                "quote" | "intense quote" | "block text" => return Role::Quote,
                _ => {}
            }
            match style.outline {
                Some(level @ 0..=8) => return Role::Heading(level + 1),
                Some(_) => return Role::Body,
                None => {}
            }
        }
        Role::Body
    }

    fn numbering(&self, id: &str) -> Option<(Option<String>, Option<u8>)> {
        Self::chain(&self.paragraph, id).find_map(|s| s.numbering.clone())
    }

    fn indent(&self, id: &str) -> (Option<i64>, Option<i64>) {
        let chain = || Self::chain(&self.paragraph, id);
        (chain().find_map(|s| s.indent.0), chain().find_map(|s| s.indent.1))
    }

    fn character(&self, id: &str) -> (Option<bool>, Option<bool>) {
        let chain = || Self::chain(&self.character, id);
        (chain().find_map(|s| s.bold), chain().find_map(|s| s.italic))
    }
}

fn numbering_reference(num_pr: Node) -> (Option<String>, Option<u8>) {
    (
        child(num_pr, "numId").and_then(|n| attr(n, "val")).map(str::to_string),
        child(num_pr, "ilvl").and_then(|n| attr(n, "val")?.parse().ok()),
    )
}

/// Left and right indentation (`w:start`/`w:end` in newer files).
fn indent(ind: Node) -> (Option<i64>, Option<i64>) {
    let value = |a: &str, b: &str| attr(ind, a).or_else(|| attr(ind, b)).and_then(|v| v.parse().ok());
    (value("left", "start"), value("right", "end"))
}

/// A numbering level: `None` when it shows no number or bullet.
#[derive(Debug, Clone, Copy)]
struct Level {
    ordered: Option<bool>,
    start: u32,
}

#[derive(Default)]
struct Numbering {
    /// numId to abstractNumId.
    instances: HashMap<String, String>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

impl Numbering {
    fn read(xml: &roxmltree::Document) -> Numbering {
        let mut numbering = Numbering::default();
        for node in xml.root_element().children() {
            match name(node) {
                "abstractNum" => {
                    let Some(id) = attr(node, "abstractNumId") else { continue };
                    let levels = node
                        .children()
                        .filter(|n| name(*n) == "lvl")
                        .filter_map(|lvl| {
                            let ilvl = attr(lvl, "ilvl")?.parse().ok()?;
                            let format = child(lvl, "numFmt").and_then(|n| attr(n, "val")).unwrap_or("decimal");
                            let ordered = match format {
                                "bullet" => Some(false),
                                "none" => None,
                                _ => Some(true),
                            };
                            let start = child(lvl, "start").and_then(|n| attr(n, "val")?.parse().ok()).unwrap_or(1);
                            Some((ilvl, Level { ordered, start }))
                        })
                        .collect();
                    numbering.abstracts.insert(id.to_string(), levels);
                }
                "num" => {
                    if let (Some(id), Some(abstract_id)) =
                        (attr(node, "numId"), child(node, "abstractNumId").and_then(|n| attr(n, "val")))
                    {
                        numbering.instances.insert(id.to_string(), abstract_id.to_string());
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<Level> {
        self.abstracts.get(self.instances.get(num_id)?)?.get(&ilvl).copied()
    }
}

/// A complex field being read: its instruction until `separate`, then its shown result.
struct Field {
    instruction: String,
    showing: bool,
    linked: bool,
}

struct Walker<'x, 'i> {
    styles: Styles,
    numbering: Numbering,
    links: HashMap<String, String>,
    footnotes: HashMap<String, Node<'x, 'i>>,
    endnotes: HashMap<String, Node<'x, 'i>>,
    document: Document,
    /// Each list's counters by level, so numbering continues past paragraphs between items.
    counters: HashMap<String, [u32; 10]>,
    comments: HashSet<String>,
    /// Notes already numbered, by (endnote?, id).
    noted: HashMap<(bool, String), usize>,
    in_note: bool,
    fields: Vec<Field>,
    /// Text boxes' paragraphs, written after the paragraph that holds them.
    pending: Vec<Block>,
    /// A paragraph whose mark was deleted joins the next one.
    carried: Vec<Inline>,
}

impl<'x, 'i> Walker<'x, 'i> {
    fn blocks(&mut self, node: Node<'x, 'i>) -> Result<(), DocumentError> {
        for child in node.children().filter(Node::is_element) {
            match name(child) {
                "p" => self.paragraph(child)?,
                "del" | "moveFrom" => self.document.left_out(Dropped::TrackedChanges),
                "ins" | "moveTo" => {
                    self.document.left_out(Dropped::TrackedChanges);
                    self.blocks(child)?;
                }
                "AlternateContent" => {
                    if let Some(chosen) = alternative(child) {
                        self.blocks(chosen)?;
                    }
                }
                n if n.ends_with("Pr") || n == "sectPr" || n == "tblGrid" => {}
                _ => self.blocks(child)?,
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: Node<'x, 'i>) -> Result<(), DocumentError> {
        let ppr = child(p, "pPr");
        let style = ppr
            .and_then(|n| child(n, "pStyle"))
            .and_then(|n| attr(n, "val"))
            .or(self.styles.default_paragraph.as_deref())
            .unwrap_or("")
            .to_string();
        let mut role = self.styles.role(&style);
        if let Some(level) = ppr.and_then(|n| child(n, "outlineLvl")).and_then(|n| attr(n, "val")?.parse::<u8>().ok()) {
            role = if level < 9 { Role::Heading(level + 1) } else { Role::Body };
        }
        let mark = ppr.and_then(|n| child(n, "rPr"));
        let mark_deleted = mark.and_then(|m| child(m, "del")).is_some();
        if mark_deleted
            || mark.and_then(|m| child(m, "ins")).is_some()
            || ppr.and_then(|n| child(n, "pPrChange")).is_some()
        {
            self.document.left_out(Dropped::TrackedChanges);
        }

        let mut inlines = std::mem::take(&mut self.carried);
        self.inlines(p, &mut inlines)?;
        if mark_deleted {
            self.carried = inlines;
            return Ok(());
        }
        let kind = match role {
            Role::Heading(level) => Kind::Heading(level),
            Role::Title => Kind::Title,
            Role::Subtitle => Kind::Subtitle,
            Role::Quote => Kind::Quote,
            Role::Body => self.list_item(ppr, &style, &inlines).unwrap_or_else(|| {
                let (left, right) = ppr
                    .and_then(|n| child(n, "ind"))
                    .map(indent)
                    .map(|(l, r)| {
                        let (style_left, style_right) = self.styles.indent(&style);
                        (l.or(style_left), r.or(style_right))
                    })
                    .unwrap_or_else(|| self.styles.indent(&style));
                if left.unwrap_or(0) >= QUOTE_INDENT && right.unwrap_or(0) >= QUOTE_INDENT {
                    Kind::Quote
                } else {
                    Kind::Paragraph
                }
            }),
        };
        self.document.blocks.push(Block { kind, inlines });
        let pending = std::mem::take(&mut self.pending);
        self.document.blocks.extend(pending);
        Ok(())
    }

    /// The list item a paragraph is, from its own numbering or its style's (numId 0 takes
    /// numbering away); items without text are not counted.
    fn list_item(&mut self, ppr: Option<Node>, style: &str, inlines: &[Inline]) -> Option<Kind> {
        let own = ppr.and_then(|n| child(n, "numPr")).map(numbering_reference);
        let from_style = self.styles.numbering(style);
        let num_id =
            own.as_ref().and_then(|o| o.0.clone()).or_else(|| from_style.as_ref().and_then(|s| s.0.clone()))?;
        let ilvl = own.and_then(|o| o.1).or_else(|| from_style.and_then(|s| s.1)).unwrap_or(0).min(9);
        if num_id == "0" || super::write::plain(inlines).is_empty() {
            return None;
        }
        let level = self.numbering.level(&num_id, ilvl)?;
        let ordered = level.ordered?;
        let counters = self.counters.entry(num_id).or_insert([0; 10]);
        let at = usize::from(ilvl);
        counters[at] = if counters[at] == 0 { level.start } else { counters[at].saturating_add(1) };
        counters[at + 1..].fill(0);
        Some(Kind::Item { level: at, ordered, number: counters[at] })
    }

    fn inlines(&mut self, node: Node<'x, 'i>, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        for child in node.children().filter(Node::is_element) {
            match name(child) {
                "r" => self.run(child, out)?,
                "hyperlink" => {
                    let url = child
                        .attributes()
                        .find(|a| a.name() == "id" && a.namespace().is_some_and(|ns| ns.ends_with("relationships")))
                        .and_then(|a| self.links.get(a.value()))
                        .cloned();
                    if let Some(url) = &url {
                        out.push(Inline::LinkStart(url.clone()));
                    }
                    self.inlines(child, out)?;
                    if url.is_some() {
                        out.push(Inline::LinkEnd);
                    }
                }
                "fldSimple" => {
                    let url = attr(child, "instr").and_then(hyperlink_target);
                    if let Some(url) = &url {
                        out.push(Inline::LinkStart(url.clone()));
                    }
                    self.inlines(child, out)?;
                    if url.is_some() {
                        out.push(Inline::LinkEnd);
                    }
                }
                "ins" | "moveTo" => {
                    self.document.left_out(Dropped::TrackedChanges);
                    self.inlines(child, out)?;
                }
                "del" | "moveFrom" => self.document.left_out(Dropped::TrackedChanges),
                "commentRangeStart" => self.comment(child),
                "AlternateContent" => {
                    if let Some(chosen) = alternative(child) {
                        self.inlines(chosen, out)?;
                    }
                }
                "oMath" | "oMathPara" => {
                    let text: String =
                        child.descendants().filter(|n| name(*n) == "t").filter_map(|n| n.text()).collect();
                    out.push(Inline::Text(text, 0));
                }
                "sdt" => {
                    if let Some(content) = package::child(child, "sdtContent") {
                        self.inlines(content, out)?;
                    }
                }
                n if n.ends_with("Pr") => {}
                "bookmarkStart" | "bookmarkEnd" | "commentRangeEnd" | "proofErr" | "permStart" | "permEnd" => {}
                _ => self.inlines(child, out)?,
            }
        }
        Ok(())
    }

    fn comment(&mut self, node: Node) {
        let id = attr(node, "id").unwrap_or("").to_string();
        if self.comments.insert(id) {
            self.document.left_out(Dropped::Comments(1));
        }
    }

    fn run(&mut self, r: Node<'x, 'i>, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        let rpr = child(r, "rPr");
        if rpr.and_then(|p| child(p, "vanish")).is_some_and(on) {
            return Ok(());
        }
        if rpr.and_then(|p| child(p, "rPrChange")).is_some() {
            self.document.left_out(Dropped::TrackedChanges);
        }
        let (style_bold, style_italic) = rpr
            .and_then(|p| child(p, "rStyle"))
            .and_then(|s| attr(s, "val"))
            .map_or((None, None), |s| self.styles.character(s));
        let bold = rpr.and_then(|p| child(p, "b")).map(on).or(style_bold).unwrap_or(false);
        let italic = rpr.and_then(|p| child(p, "i")).map(on).or(style_italic).unwrap_or(false);
        let flags = if bold { BOLD } else { 0 } | if italic { ITALIC } else { 0 };
        self.run_content(r, flags, out)
    }

    fn run_content(&mut self, r: Node<'x, 'i>, flags: u8, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        for item in r.children().filter(Node::is_element) {
            let showing = self.fields.last().is_none_or(|f| f.showing);
            match name(item) {
                "t" if showing => out.push(Inline::Text(item.text().unwrap_or("").to_string(), flags)),
                "tab" | "ptab" if showing => out.push(Inline::Text(" ".into(), flags)),
                "br" if showing && !matches!(attr(item, "type"), Some("page" | "column")) => out.push(Inline::Break),
                "cr" if showing => out.push(Inline::Break),
                "noBreakHyphen" if showing => out.push(Inline::Text("\u{2011}".into(), flags)),
                "sym" if showing => {
                    // Symbol fonts map their glyphs into the private use area: no text to keep.
                    let c = attr(item, "char").and_then(|c| u32::from_str_radix(c, 16).ok()).and_then(char::from_u32);
                    if let Some(c) = c.filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)) {
                        out.push(Inline::Text(c.to_string(), flags));
                    }
                }
                "drawing" | "pict" => self.drawing(item)?,
                "object" => self.document.left_out(Dropped::EmbeddedObjects(1)),
                "footnoteReference" => self.note_reference(item, false, out)?,
                "endnoteReference" => self.note_reference(item, true, out)?,
                "commentReference" => self.comment(item),
                "fldChar" => match attr(item, "fldCharType") {
                    Some("begin") => {
                        self.fields.push(Field { instruction: String::new(), showing: false, linked: false })
                    }
                    Some("separate") => {
                        if let Some(field) = self.fields.last_mut() {
                            field.showing = true;
                            if let Some(url) = hyperlink_target(&field.instruction) {
                                field.linked = true;
                                out.push(Inline::LinkStart(url));
                            }
                        }
                    }
                    Some("end") => out.extend(self.fields.pop().filter(|f| f.linked).map(|_| Inline::LinkEnd)),
                    _ => {}
                },
                "instrText" => {
                    if let Some(field) = self.fields.last_mut().filter(|f| !f.showing && f.instruction.len() < 2048) {
                        field.instruction.push_str(item.text().unwrap_or(""));
                    }
                }
                "AlternateContent" => {
                    if let Some(chosen) = alternative(item) {
                        self.run_content(chosen, flags, out)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A picture, counted, or a text box, whose paragraphs follow the paragraph holding it.
    fn drawing(&mut self, node: Node<'x, 'i>) -> Result<(), DocumentError> {
        if let Some(text_box) = node.descendants().find(|n| name(*n) == "txbxContent") {
            let outer = std::mem::take(&mut self.document.blocks);
            let outer_pending = std::mem::take(&mut self.pending);
            let walked = self.blocks(text_box);
            let inner = std::mem::replace(&mut self.document.blocks, outer);
            self.pending = outer_pending;
            walked?;
            self.pending.extend(inner);
        } else if node.descendants().any(|n| attr(n, "hr") == Some("t")) {
            // A horizontal line drawn as a shape: a divider, not a picture.
        } else {
            self.document.left_out(Dropped::Images(1));
        }
        Ok(())
    }

    fn note_reference(&mut self, reference: Node, endnote: bool, out: &mut Vec<Inline>) -> Result<(), DocumentError> {
        if self.in_note {
            return Ok(());
        }
        let id = attr(reference, "id").unwrap_or("").to_string();
        let key = (endnote, id);
        if let Some(&n) = self.noted.get(&key) {
            out.push(Inline::Note(n));
            return Ok(());
        }
        let notes = if endnote { &self.endnotes } else { &self.footnotes };
        let Some(&note) = notes.get(&key.1) else { return Ok(()) };
        self.in_note = true;
        let outer = std::mem::take(&mut self.document.blocks);
        let fields = std::mem::take(&mut self.fields);
        let carried = std::mem::take(&mut self.carried);
        let walked = self.blocks(note);
        let inner = std::mem::replace(&mut self.document.blocks, outer);
        self.fields = fields;
        self.carried = carried;
        self.in_note = false;
        walked?;
        let paragraphs = inner.into_iter().map(|b| b.inlines).collect();
        if let Some(n) = self.document.add_note(paragraphs) {
            self.noted.insert(key, n);
            out.push(Inline::Note(n));
        }
        Ok(())
    }
}

/// Markup compatibility's alternatives: the first choice (what a current Word reads), else the
/// fallback. Reading both would repeat the content.
fn alternative<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    child(node, "Choice").or_else(|| child(node, "Fallback"))
}

/// The address a `HYPERLINK "…"` field instruction links to (not `\l`, a place in the document).
fn hyperlink_target(instruction: &str) -> Option<String> {
    let rest = instruction.trim_start().strip_prefix("HYPERLINK")?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}
