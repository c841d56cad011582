//! Uploaded documents turned into the Markdown body Tribune stores: Word (`.docx`), OpenDocument
//! (`.odt`), Markdown (`.md`) and plain text (`.txt`). Pure: bytes in, Markdown out, no external
//! programs, no files, no network.
//!
//! What an essay can hold survives: headings, paragraphs, bold and italic, block quotes, nested
//! lists, links (http, https and mailto only), footnotes and endnotes, line breaks. Text boxes keep
//! their text, as paragraphs after the paragraph that holds them; fields keep the text they show;
//! headers and footers are left out silently (they repeat on every page and are not the essay).
//! What an essay cannot hold (pictures, embedded objects, macros, comments, tracked changes) is
//! left out and listed in [`Converted::dropped`], so the author can be told. Comments' text never
//! reaches the body; tracked changes are shown accepted.
//!
//! Any input, however malformed, gets a [`DocumentError`] and never a panic, at bounded cost: the
//! file is at most [`MAX_UPLOAD_BYTES`]; an archive may hold at most 1,000 entries, of which only
//! the few parts read are unpacked, together at most 50 MB (counted while unpacking, never taken
//! from the archive's own word); each XML part may hold at most a million nodes, two million
//! attributes and 128 levels of nesting (checked before the parser, which recurses, is run), and
//! no DTD (so no entities to expand and nothing fetched). Memory is therefore bounded by the
//! unpacked parts and their trees; time is linear in what is unpacked.

mod docx;
mod odt;
mod package;
mod text;
mod write;

#[cfg(test)]
mod tests;

/// The largest file accepted, as sent.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// A converted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The document's title: a Title-styled paragraph (what the author sees at the top), else the
    /// document's recorded title (docx core.xml dc:title / odt meta.xml dc:title), else the first
    /// heading when it is the document's first block and no other heading is as high; when it
    /// came from the body, that paragraph or heading is removed from `markdown`.
    pub title: Option<String>,
    pub markdown: String,
    /// What was left out, in the order found; empty when nothing was.
    pub dropped: Vec<Dropped>,
}

/// Something the document held that an essay cannot: Display is a phrase for the author, e.g.
/// "2 images", "tracked changes (the text is shown with every change accepted)", "3 comments",
/// "macros", "1 embedded object".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// Pictures and drawings.
    Images(usize),
    /// Objects from other programs (spreadsheets, charts, equations made as OLE objects).
    EmbeddedObjects(usize),
    Comments(usize),
    /// Insertions are kept, deletions are not: the text as it reads with every change accepted.
    TrackedChanges,
    Macros,
}

impl Dropped {
    /// What was left out, in `lang`: "2 images", "2 imágenes".
    pub fn in_lang(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Dropped::Images(n) => lang.t1("document-left-out-images", "count", n),
            Dropped::EmbeddedObjects(n) => lang.t1("document-left-out-objects", "count", n),
            Dropped::Comments(n) => lang.t1("document-left-out-comments", "count", n),
            Dropped::TrackedChanges => lang.t("document-left-out-changes"),
            Dropped::Macros => lang.t("document-left-out-macros"),
        }
    }
}

/// In English, for the command line and the logs.
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(crate::i18n::Lang::En))
    }
}

/// Why a file could not be converted: Display is a whole sentence for the author naming what to
/// do, with no internal detail.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error(
        "Tribune takes essays as Word (.docx), OpenDocument (.odt), Markdown (.md) or plain text (.txt) files. Save \
         your essay as one of these, or paste the text."
    )]
    UnsupportedKind,
    #[error(
        "This file is not the kind of document its name says (.docx, .odt, .md or .txt). Save it again from your \
         word processor, or paste the text."
    )]
    NotWhatItsNameSays,
    #[error(
        "This old-style Word document (.doc) cannot be read. Open it in your word processor, save it as a Word \
         document (.docx), and upload that, or paste the text."
    )]
    OldWordDocument,
    #[error(
        "This file is too large: Tribune takes documents of up to 10 MB, holding at most 50 MB once unpacked. Save \
         a copy without its pictures, or paste the text."
    )]
    TooLarge,
    #[error(
        "This document is protected by a password, so Tribune cannot read it. Save a copy without the password and \
         upload that, or paste the text."
    )]
    Encrypted,
    #[error(
        "This document is damaged and cannot be read. Open it in your word processor, save it again and upload the \
         new copy, or paste the text."
    )]
    Damaged,
    #[error("This document holds no text. Check that you chose the right file, or paste the text.")]
    NoText,
}

impl DocumentError {
    /// The same sentence, for a page in any language.
    pub fn message(&self) -> crate::i18n::Message {
        crate::i18n::Message::of(match self {
            DocumentError::UnsupportedKind => "document-unsupported-kind",
            DocumentError::NotWhatItsNameSays => "document-not-what-its-name-says",
            DocumentError::OldWordDocument => "document-old-word",
            DocumentError::TooLarge => "document-too-large",
            DocumentError::Encrypted => "document-encrypted",
            DocumentError::Damaged => "document-damaged",
            DocumentError::NoText => "document-no-text",
        })
    }
}

/// The kinds of file accepted, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Odt,
    Markdown,
    Text,
}

impl Kind {
    fn of(file_name: &str) -> Option<Kind> {
        let (_, extension) = file_name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "docx" => Some(Kind::Docx),
            "odt" => Some(Kind::Odt),
            "md" | "markdown" => Some(Kind::Markdown),
            "txt" => Some(Kind::Text),
            _ => None,
        }
    }
}

/// The kind is chosen by the file name's extension (case-insensitive) and must be confirmed by the
/// content.
pub fn convert(file_name: &str, bytes: &[u8]) -> Result<Converted, DocumentError> {
    let kind = Kind::of(file_name).ok_or(DocumentError::UnsupportedKind)?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(DocumentError::TooLarge);
    }
    let converted = match kind {
        Kind::Docx => write::finish(docx::read(bytes)?),
        Kind::Odt => write::finish(odt::read(bytes)?),
        Kind::Markdown => text::markdown(bytes)?,
        Kind::Text => write::finish(text::plain(bytes)?),
    };
    if converted.markdown.trim().is_empty() {
        return Err(DocumentError::NoText);
    }
    Ok(converted)
}
