//! The zip archives docx and odt files are, opened with bounds, and their XML parts parsed with
//! bounds.

use std::io::{Cursor, Read};

use super::DocumentError;

/// Entries an archive may list. A long essay with its pictures holds a few dozen.
pub const MAX_ENTRIES: usize = 1_000;

/// What may be unpacked from one archive, all parts together, counted while unpacking.
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;

/// Nodes (elements, text) one XML part may hold: about ten times a long essay's.
const MAX_XML_NODES: u32 = 1_000_000;

/// Attributes one XML part may hold, counted before parsing (each is at least one `=`): a DOM's
/// attributes are not bounded by the node limit, and cost as much memory.
const MAX_XML_ATTRIBUTES: usize = 2_000_000;

/// How deeply elements may nest in one XML part. The XML parser and the readers recurse once per
/// level, so this also bounds their stack; a paragraph in a text box in a table nested five deep
/// is some 40 levels down.
const MAX_XML_DEPTH: usize = 128;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC)
}

/// An OLE compound file: what Word writes for an encrypted document, and for the old `.doc`.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC)
}

/// Whether an OLE compound file holds an encrypted Office document (its directory names the
/// streams `EncryptionInfo` and `EncryptedPackage`, in UTF-16). A search rather than a parse of
/// the directory: either answer is a refusal, and only the advice differs.
pub fn ole_is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|window| window == name.as_slice())
}

/// A zip archive being read within [`MAX_UNPACKED_BYTES`].
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    unpacked: u64,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, DocumentError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocumentError::Damaged)?;
        if archive.len() > MAX_ENTRIES {
            return Err(DocumentError::TooLarge);
        }
        Ok(Package { archive, unpacked: 0 })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.archive.file_names()
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// An entry's bytes, or `None` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
        let Some(index) = self.archive.index_for_name(name) else { return Ok(None) };
        let entry = self.archive.by_index(index).map_err(|error| match error {
            zip::result::ZipError::UnsupportedArchive(zip::result::ZipError::PASSWORD_REQUIRED) => {
                DocumentError::Encrypted
            }
            _ => DocumentError::Damaged,
        })?;
        let left = MAX_UNPACKED_BYTES - self.unpacked;
        // The declared size only sizes the first allocation; the reading is bounded by `take`.
        let mut bytes = Vec::with_capacity(entry.size().min(left).min(8 << 20) as usize);
        entry.take(left + 1).read_to_end(&mut bytes).map_err(|_| DocumentError::Damaged)?;
        if bytes.len() as u64 > left {
            return Err(DocumentError::TooLarge);
        }
        self.unpacked += bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// An XML entry's text (UTF-8, as both formats write it), or `None` when there is no such entry.
    pub fn read_xml(&mut self, name: &str) -> Result<Option<String>, DocumentError> {
        let Some(mut bytes) = self.read(name)? else { return Ok(None) };
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes).map(Some).map_err(|_| DocumentError::Damaged)
    }
}

/// Parses an XML part within the node and attribute bounds. Without a DTD: neither format uses
/// one, so no entity is ever expanded or fetched.
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, DocumentError> {
    if text.bytes().filter(|&b| b == b'=').count() > MAX_XML_ATTRIBUTES {
        return Err(DocumentError::TooLarge);
    }
    if nesting(text.as_bytes())? > MAX_XML_DEPTH {
        return Err(DocumentError::Damaged);
    }
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_XML_NODES };
    roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
        roxmltree::Error::NodesLimitReached => DocumentError::TooLarge,
        _ => DocumentError::Damaged,
    })
}

/// How deeply elements nest, found in one pass before parsing (roxmltree has no bound of its
/// own). Tags are read as the parser reads them: a quoted attribute value ends at its quote, and a
/// `<` inside one is an error. Comments, processing instructions and CDATA are skipped whole.
fn nesting(xml: &[u8]) -> Result<usize, DocumentError> {
    let find = |from: usize, needle: &[u8]| {
        xml.get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map(|at| from + at + needle.len())
    };
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = xml.get(at..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        at += offset + 1;
        match xml.get(at) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'?') => at = find(at, b"?>").ok_or(DocumentError::Damaged)?,
            Some(b'!') if xml[at..].starts_with(b"!--") => at = find(at, b"-->").ok_or(DocumentError::Damaged)?,
            Some(b'!') if xml[at..].starts_with(b"![CDATA[") => at = find(at, b"]]>").ok_or(DocumentError::Damaged)?,
            Some(b'!') => {}
            _ => {
                let mut quote = None;
                let mut previous = 0u8;
                loop {
                    let Some(&b) = xml.get(at) else { return Err(DocumentError::Damaged) };
                    at += 1;
                    match (quote, b) {
                        (_, b'<') => return Err(DocumentError::Damaged),
                        (Some(q), b) if b == q => quote = None,
                        (Some(_), _) => {}
                        (None, b'"' | b'\'') => quote = Some(b),
                        (None, b'>') => break,
                        (None, _) => {}
                    }
                    previous = b;
                }
                if previous != b'/' {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
        }
    }
    Ok(deepest)
}

/// An attribute by local name, whatever its namespace (Word's strict and transitional namespaces
/// differ; the local names do not).
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == local).map(|a| a.value())
}

/// The first child element with this local name.
pub fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, local: &str) -> Option<roxmltree::Node<'a, 'input>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == local)
}

/// The local name of an element ("" for text and other nodes).
pub fn name<'a>(node: roxmltree::Node<'a, '_>) -> &'a str {
    if node.is_element() { node.tag_name().name() } else { "" }
}
