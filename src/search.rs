//! What search understands of a text, worked out here in Rust so that SQLite's FTS5 and Postgres's
//! `tsvector` index exactly the same words and answer a query alike.
//!
//! A text becomes its words (runs of letters and digits), lower-cased, with accents folded away
//! ("Discusión" is "discusion", "ﬁnal" is "final"), each cut to its Snowball stem in the text's
//! language ("libraries" and "library" are both "librari"). Storage keeps those stems, joined by
//! spaces, beside the text, and each backend indexes them as they are (see `storage::articles`).
//!
//! A [`Query`] goes through the same steps, once for each of the discussion's languages, since a
//! reader may search in a language other than the piece's: "bibliotecas" looks for its English
//! stem or its Spanish one ("bibliotec"). Words in double quotes are a phrase, found only with
//! those words one after another.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A longer run of letters (a clause of a script written without spaces) is indexed by its first
/// this many: Postgres keeps words of up to 2,047 bytes, and both backends must keep the same.
const MAX_WORD_CHARS: usize = 64;
/// Words and phrases a query looks for, and words a phrase holds: more than any reader types, and
/// a bound on the work one query asks of the index.
const MAX_QUERY_PARTS: usize = 12;
const MAX_PHRASE_WORDS: usize = 12;

/// The Snowball stemmer for a language code ("en", "es", "pt-BR"), if Snowball has one.
fn stemmer(language: &str) -> Option<Stemmer> {
    let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let algorithm = match primary.as_str() {
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ro" => Algorithm::Romanian,
        "hu" => Algorithm::Hungarian,
        "ru" => Algorithm::Russian,
        "tr" => Algorithm::Turkish,
        "el" => Algorithm::Greek,
        "ar" => Algorithm::Arabic,
        "ta" => Algorithm::Tamil,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The words of `text`: runs of letters and digits, lower-cased, with compatibility forms folded
/// (ligatures, full-width letters, superscript digits) and the accents on the letters a to z
/// taken off ("discusión" is "discusion", "ñ" is "n"). Marks on other letters stay, since they
/// are part of them (Devanagari vowel signs, Cyrillic "й", Japanese dakuten, "ǿ").
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut length = 0;
    let mut after_latin = false;
    let folded = text.nfkd().flat_map(char::to_lowercase).filter(|c| {
        let latin_accent = after_latin && is_combining_mark(*c);
        if !is_combining_mark(*c) {
            after_latin = c.is_ascii_alphabetic();
        }
        !latin_accent
    });
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(word.nfc().collect());
            word.clear();
        }
    };
    for c in folded {
        if c.is_alphanumeric() || (is_combining_mark(c) && !word.is_empty()) {
            if length < MAX_WORD_CHARS {
                word.push(c);
            }
            length += 1;
        } else {
            flush(&mut word, &mut words);
            length = 0;
        }
    }
    flush(&mut word, &mut words);
    words
}

/// `word` cut to its stem by `stemmer` (itself without one, or if the stem would be empty).
fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer.map(|s| s.stem(word)) {
        Some(stem) if !stem.is_empty() => stem.into_owned(),
        _ => word.to_string(),
    }
}

/// The stems of `text`'s words in `language` (the words themselves in a language Snowball lacks).
pub fn stems(text: &str, language: &str) -> Vec<String> {
    let stemmer = stemmer(language);
    words(text).iter().map(|word| stem(stemmer.as_ref(), word)).collect()
}

/// What storage keeps to index `text`: its stems in `language`, joined by single spaces.
pub fn indexed(text: &str, language: &str) -> String {
    stems(text, language).join(" ")
}

/// A reader's search: every part must be found. A part is a word or a quoted phrase, given as
/// the alternatives it may be found as (its stems in each of the discussion's languages).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    parts: Vec<Vec<Phrase>>,
    /// The stems a result's snippet marks (see [`Query::marks`]): every word's in every language,
    /// leaving out a phrase's short words ("in", "of"), which would mark half the text.
    stems: HashSet<String>,
}

/// Stems to be found one after the other (a single word is a phrase of one).
pub type Phrase = Vec<String>;

impl Query {
    /// The query a reader typed, for pieces written in any of `languages`. Quotes make a phrase
    /// (straight, curly or angle quotes alike); an unclosed quote runs to the end. Punctuation
    /// only separates words, so no input is an error: a query of no words finds nothing.
    pub fn parse(text: &str, languages: &[String]) -> Query {
        let mut parts: Vec<Vec<String>> = Vec::new();
        let text = text.replace(['“', '”', '„', '«', '»'], "\"");
        for (n, segment) in text.split('"').enumerate() {
            let quoted = n % 2 == 1;
            let found = words(segment);
            if quoted && !found.is_empty() {
                parts.push(found.into_iter().take(MAX_PHRASE_WORDS).collect());
            } else {
                parts.extend(found.into_iter().map(|word| vec![word]));
            }
        }
        let mut seen = HashSet::new();
        parts.retain(|part| seen.insert(part.clone()));
        parts.truncate(MAX_QUERY_PARTS);
        let stemmers: Vec<Option<Stemmer>> = languages.iter().map(|l| stemmer(l)).collect();
        let mut stems = HashSet::new();
        let parts = parts
            .into_iter()
            .map(|words| {
                let mut alternatives: Vec<Phrase> = Vec::new();
                for stemmer in &stemmers {
                    let phrase: Phrase = words.iter().map(|word| stem(stemmer.as_ref(), word)).collect();
                    let marked =
                        words.iter().zip(&phrase).filter(|(word, _)| words.len() == 1 || word.chars().count() > 2);
                    stems.extend(marked.map(|(_, stem)| stem.clone()));
                    if !alternatives.contains(&phrase) {
                        alternatives.push(phrase);
                    }
                }
                alternatives
            })
            .filter(|alternatives| !alternatives.is_empty())
            .collect();
        Query { parts, stems }
    }

    /// Whether the query holds no word to look for.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The parts, each with its alternatives; all parts must be found, any one alternative each.
    pub fn parts(&self) -> &[Vec<Phrase>] {
        &self.parts
    }

    /// A marker for a piece in `language`: whether a word of its text is one the query found, to
    /// mark it in a search result's snippet. Remembers each word it was asked about.
    pub fn marks(&self, language: &str) -> Marks<'_> {
        Marks { stems: &self.stems, stemmer: stemmer(language), seen: HashMap::new() }
    }
}

/// See [`Query::marks`].
pub struct Marks<'a> {
    stems: &'a HashSet<String>,
    stemmer: Option<Stemmer>,
    seen: HashMap<String, bool>,
}

impl Marks<'_> {
    /// Whether `word` (as it stands in the text, punctuation and all) holds a word searched for.
    pub fn is_hit(&mut self, word: &str) -> bool {
        if let Some(hit) = self.seen.get(word) {
            return *hit;
        }
        let hit = words(word).iter().any(|w| self.stems.contains(&stem(self.stemmer.as_ref(), w)));
        self.seen.insert(word.to_string(), hit);
        hit
    }
}

/// How many of a piece's opening words a snippet looks through for the first word searched for: a
/// bound on the work a search over long pieces can cause.
const SNIPPET_SCAN_WORDS: usize = 5_000;

/// A piece of a [`snippet`]: words, and whether they are what was searched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// About `words` words of `text` around the first word a search found (or its opening words if
/// none is), with the words it found marked: what a search result shows of a piece. `marks` says
/// which words those are, by the same stems search looks for ("libraries" for "library").
pub fn snippet(text: &str, marks: &mut Marks<'_>, words: usize) -> Vec<SnippetPart> {
    let mut rest = text.split_whitespace();
    let all: Vec<&str> = rest.by_ref().take(SNIPPET_SCAN_WORDS).collect();
    let cut_short = rest.next().is_some();
    let first = all.iter().position(|w| marks.is_hit(w));
    let start = first.map_or(0, |at| at.saturating_sub(words / 3));
    let end = all.len().min(start + words);
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut plain = String::from(if start > 0 { "… " } else { "" });
    for (n, word) in all[start..end].iter().enumerate() {
        if n > 0 {
            plain.push(' ');
        }
        if first.is_some() && marks.is_hit(word) {
            if !plain.is_empty() {
                parts.push(SnippetPart { text: std::mem::take(&mut plain), hit: false });
            }
            parts.push(SnippetPart { text: (*word).to_string(), hit: true });
        } else {
            plain.push_str(word);
        }
    }
    if end < all.len() || cut_short {
        plain.push('…');
    }
    if !plain.is_empty() {
        parts.push(SnippetPart { text: plain, hit: false });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Vec<String> {
        vec!["en".to_string(), "es".to_string()]
    }

    #[test]
    fn words_fold_case_accents_and_compatibility_forms() {
        assert_eq!(words("Discusión: ¿AÑO? ﬁnal x² l'été"), ["discusion", "ano", "final", "x2", "l", "ete"]);
        assert_eq!(words("e\u{301}te\u{301}"), ["ete"], "decomposed accents fold too");
        assert_eq!(words(&"a".repeat(100)), ["a".repeat(64)], "a long run is kept by its start");
        assert_eq!(words("Brand™ ㎒"), ["brandtm", "mhz"], "compatibility forms are lower-cased too");
        assert_eq!(words("தமிழ் йод ёж が"), ["தமிழ்", "йод", "ёж", "が"], "other scripts keep their marks");
    }

    #[test]
    fn stems_join_forms_of_a_word_in_each_language() {
        assert_eq!(stems("libraries library", "en"), ["librari", "librari"]);
        assert_eq!(stems("bibliotecas biblioteca", "es"), ["bibliotec", "bibliotec"]);
        assert_eq!(stems("discusión discusion", "es"), stems("discusion discusion", "es"));
        assert_eq!(stems("slovo", "xx"), ["slovo"], "a language without a stemmer keeps its words");
    }

    #[test]
    fn a_query_looks_for_each_word_in_every_language_and_quotes_make_a_phrase() {
        let query = Query::parse("Libraries \"meet in clubs\" ¡discusión!", &both());
        let parts = query.parts();
        assert_eq!(parts.len(), 3);
        assert!(parts[0].contains(&vec!["librari".to_string()]));
        assert!(parts[1].iter().all(|phrase| phrase.len() == 3));
        assert!(parts[2].iter().any(|phrase| phrase == &["discusion"]));
        assert!(Query::parse("!!! \"\" ...", &both()).is_empty());
        assert_eq!(Query::parse("\"open quote runs on", &both()).parts().len(), 1);
        assert_eq!(
            Query::parse("“meet in libraries” «en las bibliotecas»", &both()).parts().len(),
            2,
            "curly and angle quotes"
        );
        assert_eq!(Query::parse(&"word ".repeat(100), &both()).parts().len(), 1, "a repeated word is one part");
    }

    #[test]
    fn marks_find_other_forms_of_the_words_searched_for() {
        let query = Query::parse("library", &both());
        let mut marks = query.marks("en");
        assert!(marks.is_hit("Libraries,"));
        assert!(!marks.is_hit("librarian"));
        let query = Query::parse("discusion", &both());
        assert!(query.marks("es").is_hit("«discusiones»"));
        let phrase = Query::parse("\"meet in libraries\"", &both());
        assert!(!phrase.marks("en").is_hit("in"), "a phrase's short words are not marked alone");
    }

    #[test]
    fn a_snippet_shows_the_words_around_the_first_match_marked() {
        let snip = |text: &str, query: &str, words| {
            let query = Query::parse(query, &["en".to_string(), "es".to_string()]);
            snippet(text, &mut query.marks("en"), words)
        };
        let text = "one two three four five six seven eight Organising nine ten eleven twelve";
        let shown: String = snip(text, "organise", 6)
            .iter()
            .map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() })
            .collect();
        assert_eq!(shown, "… seven eight [Organising] nine ten eleven…");
        let stem: Vec<bool> = snip("Our club met", "clubs", 5).iter().map(|p| p.hit).collect();
        assert_eq!(stem, [false, true, false]);
        let long = format!("{} zebra", "word ".repeat(SNIPPET_SCAN_WORDS));
        let far: Vec<bool> = snip(&long, "zebra", 3).iter().map(|p| p.hit).collect();
        assert_eq!(far, vec![false], "a match past the opening words is not looked for");
        let none = snip("no match here at all", "zebra", 3);
        assert_eq!(none, vec![SnippetPart { text: "no match here…".into(), hit: false }]);
    }
}
