//! Which characters text may hold. Whatever a reader writes ends up on a page, in a feed, in an
//! EPUB or in an email, and some characters cannot be shown in any of them: the C0 controls but
//! tab and line breaks, DEL and the C1 controls, and the Unicode noncharacters. Postgres cannot
//! even store a NUL. Text holding one is refused where it comes in (the HTTP edge), so nothing
//! behind it ever sees one; lone surrogates cannot be in a Rust string at all, so the edge refuses
//! the bytes or escapes that would mean one before they become text.

/// Whether `c` can be shown on a page (and written in XML 1.0 and stored in any database).
pub fn is_showable(c: char) -> bool {
    let code = u32::from(c);
    match code {
        0x09 | 0x0A | 0x0D => true,
        // C0 controls, DEL and C1 controls.
        0x00..=0x1F | 0x7F..=0x9F => false,
        // Noncharacters: a block in Arabic Presentation Forms-A, and the last two of every plane.
        0xFDD0..=0xFDEF => false,
        _ => code & 0xFFFE != 0xFFFE,
    }
}

/// Whether every character of `text` can be shown.
pub fn is_showable_text(text: &str) -> bool {
    text.chars().all(is_showable)
}

/// What a field holding such text is told.
/// What is wrong with a field that holds characters no page can show.
pub fn unshowable() -> crate::i18n::Message {
    crate::i18n::Message::of("invalid-unshowable")
}

/// Bytes that may be text: showable text when they are UTF-8 made only of showable characters;
/// `None` otherwise (invalid UTF-8 included: it is how a lone surrogate arrives percent-encoded).
pub fn showable_utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok().filter(|text| is_showable_text(text))
}

/// `text` without the characters that cannot be shown, for writers of data stored before the
/// edge refused them. Every character kept is one XML 1.0 allows, so this is also what the XML
/// writers (the Atom feed, the EPUB bulletin) pass their text through.
pub fn without_unshowable(text: &str) -> std::borrow::Cow<'_, str> {
    if is_showable_text(text) { text.into() } else { text.chars().filter(|&c| is_showable(c)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_of_every_script_is_showable() {
        for text in
            ["plain", "tab\there", "lines\nand\r\nbreaks", "Ünïcödé", "العربية\u{200F}", "中文", "🙂👍🏽", "\u{FFFD}"]
        {
            assert!(is_showable_text(text), "{text:?}");
        }
        // The characters just beside the refused ranges.
        for c in ['\u{20}', '\u{7E}', '\u{A0}', '\u{FDCF}', '\u{FDF0}', '\u{FFFD}', '\u{1FFFD}', '\u{10FFFD}'] {
            assert!(is_showable(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn controls_and_noncharacters_are_not() {
        let mut refused: Vec<char> =
            (0..0x20u32).filter(|c| ![9, 10, 13].contains(c)).filter_map(char::from_u32).collect();
        refused.extend((0x7F..=0x9Fu32).filter_map(char::from_u32));
        refused.extend((0xFDD0..=0xFDEFu32).filter_map(char::from_u32));
        for plane in 0..=0x10u32 {
            refused.extend([plane << 16 | 0xFFFE, plane << 16 | 0xFFFF].into_iter().filter_map(char::from_u32));
        }
        assert_eq!(refused.len(), 29 + 33 + 32 + 34);
        for c in refused {
            assert!(!is_showable(c), "U+{:04X}", u32::from(c));
            assert!(!is_showable_text(&format!("a{c}b")), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn bytes_must_be_utf8_of_showable_text() {
        assert_eq!(showable_utf8("fine é".as_bytes()), Some("fine é"));
        assert_eq!(showable_utf8(b"a\0b"), None);
        // A lone surrogate (U+D800) as WTF-8, and bytes that are no UTF-8 at all.
        assert_eq!(showable_utf8(b"a\xED\xA0\x80b"), None);
        assert_eq!(showable_utf8(b"\xFF"), None);
    }

    #[test]
    fn every_character_kept_is_one_xml_allows() {
        // XML 1.0, production [2] Char.
        let xml_char =
            |c: char| matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
        let every: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        assert!(without_unshowable(&every).chars().all(xml_char));
    }

    #[test]
    fn unshowable_characters_are_dropped_and_the_rest_kept() {
        assert_eq!(without_unshowable("a\u{0}b\u{FFFF}c\u{B}d\te\u{85}"), "abcd\te");
        assert!(matches!(without_unshowable("kept as it is"), std::borrow::Cow::Borrowed(_)));
    }
}
