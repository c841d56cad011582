//! The interface's words in each language Tribune speaks: Fluent catalogues, one directory per
//! language under `locales/` (embedded in the binary), with each language's plural rules.
//!
//! A page is in its reader's [`Lang`]: the one they chose (kept in a cookie, and on a member's
//! account), else the first their browser asks for (`Accept-Language`) that Tribune speaks, else
//! the site's default. A piece's own page speaks the piece's language around it (see
//! `http::pages::reading`). Every key exists in every language; `tests/languages.rs` checks that,
//! and that the templates hold no words of their own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps each value in Unicode isolation marks by default; pages set `dir` and
        // `lang` themselves, and the marks would split words for search and for tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

static IDENTIFIERS: LazyLock<[LanguageIdentifier; 2]> =
    LazyLock::new(|| [Lang::En, Lang::Es].map(|lang| lang.code().parse().expect("a valid language tag")));

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// Its code, as `lang` attributes, cookies and the configuration write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// Its name in itself, as a chooser shows it.
    pub fn name(self) -> &'static str {
        language_name(self.code())
    }

    /// The interface language for a language tag ("es", "es-MX", "EN_gb"), if Tribune speaks it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }

    /// The first language of an `Accept-Language` header, by its weights, that Tribune speaks.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut asked: Vec<(f32, Lang)> = header
            .split(',')
            .take(32)
            .filter_map(|item| {
                let mut parts = item.split(';');
                let lang = Lang::parse(parts.next()?)?;
                let weight = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (weight > 0.0).then_some((weight, lang))
            })
            .collect();
        // Stable: among equal weights the header's order stands.
        asked.sort_by(|a, b| b.0.total_cmp(&a.0));
        asked.first().map(|(_, lang)| *lang)
    }

    fn identifier(self) -> &'static LanguageIdentifier {
        &IDENTIFIERS[self as usize]
    }

    /// The message `key` in this language.
    pub fn t(self, key: &str) -> String {
        self.try_t(key).unwrap_or_else(|| missing(key))
    }

    /// The message `key` in this language, if the catalogue has it.
    pub fn try_t(self, key: &str) -> Option<String> {
        CATALOGUE.try_lookup(self.identifier(), key)
    }

    /// The message `key` in this language, with its variables.
    pub fn t_with(self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), value.to_fluent())).collect();
        CATALOGUE.try_lookup_with_args(self.identifier(), key, &args).unwrap_or_else(|| missing(key))
    }

    /// The message `key` with one variable (for templates).
    pub fn t1(self, key: &str, name: &'static str, value: impl AsArg) -> String {
        self.t_with(key, &[(name, value.as_arg())])
    }

    /// The message `key` with two variables (for templates).
    pub fn t2(
        self,
        key: &str,
        name: &'static str,
        value: impl AsArg,
        other: &'static str,
        other_value: impl AsArg,
    ) -> String {
        self.t_with(key, &[(name, value.as_arg()), (other, other_value.as_arg())])
    }

    /// A day as this language writes it in running text: "December 7, 2026", "7 de diciembre de
    /// 2026".
    pub fn date(self, day: impl Into<Day>) -> String {
        let day = day.into().0;
        self.t_with(
            "date",
            &[("day", day.day().into()), ("month", self.month(day).into()), ("year", day.year().into())],
        )
    }

    /// The days from `start` to `end` as this language writes them: "June 13–15, 2026", "13–15 de
    /// junio de 2026", with the month or year written once when both days share it.
    pub fn date_range(self, start: impl Into<Day>, end: impl Into<Day>) -> String {
        let (start, end) = (start.into().0, end.into().0);
        let (start_day, end_day) = (("start_day", start.day().into()), ("end_day", end.day().into()));
        let (start_month, end_month) =
            (("start_month", self.month(start).into()), ("end_month", self.month(end).into()));
        if start == end {
            self.date(start)
        } else if (start.year(), start.month()) == (end.year(), end.month()) {
            self.t_with("date-range-same-month", &[start_day, end_day, start_month, ("year", start.year().into())])
        } else if start.year() == end.year() {
            self.t_with(
                "date-range-same-year",
                &[start_day, end_day, start_month, end_month, ("year", start.year().into())],
            )
        } else {
            self.t_with("date-range", &[("start", self.date(start).into()), ("end", self.date(end).into())])
        }
    }

    /// Who signed something, as this language lists names: "By A", "By A and B", "By A, B and
    /// C"; nothing for nobody.
    pub fn signed_by(self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => self.t1("signed-by", "names", one),
            [rest @ .., last] => {
                // Spanish writes "e" for "y" before an "i" sound: "Ana e Isabel", "Luis e Hilda".
                let lower = last.to_lowercase();
                let sound = lower.strip_prefix('h').unwrap_or(&lower);
                let before_i = (sound.starts_with('i') || sound.starts_with('í'))
                    && !sound.chars().nth(1).is_some_and(|c| "aeiouáéó".contains(c));
                let args = [
                    ("rest", Arg::from(rest.join(", "))),
                    ("last", Arg::from(last)),
                    ("before_i", Arg::from(if before_i { "yes" } else { "no" })),
                ];
                self.t1("signed-by", "names", self.t_with("list-and", &args))
            }
        }
    }

    /// A number with one decimal at most, as this language writes it: "3.5", "3,5".
    pub fn decimal(self, value: &f64) -> String {
        let text = format!("{}", (value * 10.0).round() / 10.0);
        match self {
            Lang::En => text,
            Lang::Es => text.replace('.', ","),
        }
    }

    fn month(self, day: NaiveDate) -> String {
        self.t_with("month", &[("month", day.month().into())])
    }
}

/// `text` with its first letter a capital: "In review".
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What a page shows for a key the catalogue lacks: the key, so the page still reads. The
/// catalogue tests find the keys the code names; a key built at run time that slipped past them
/// fails every test that shows it (debug builds panic on it), and is logged in production.
fn missing(key: &str) -> String {
    tracing::error!(key, "a message missing from the catalogue");
    debug_assert!(false, "the catalogue has no message `{key}`");
    key.to_string()
}

/// A language as a person choosing it reads it: its own name for itself ("Español", not "es"),
/// so each reader finds theirs whatever the page's language. A code without a known name is
/// shown as it is.
pub fn language_name(code: &str) -> &str {
    match code.split(['-', '_']).next().unwrap_or_default() {
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "ca" => "Català",
        "gl" => "Galego",
        "eu" => "Euskara",
        "sv" => "Svenska",
        "da" => "Dansk",
        "no" | "nb" => "Norsk",
        "fi" => "Suomi",
        "pl" => "Polski",
        "ro" => "Română",
        "hu" => "Magyar",
        "ru" => "Русский",
        "uk" => "Українська",
        "tr" => "Türkçe",
        "el" => "Ελληνικά",
        "ar" => "العربية",
        "zh" => "中文",
        "ja" => "日本語",
        "ko" => "한국어",
        "hi" => "हिन्दी",
        "tl" => "Tagalog",
        "vi" => "Tiếng Việt",
        _ => code,
    }
}

/// Something Tribune says to a person, kept as its catalogue key and variables until the language
/// it is said in is known: the domain says what is wrong with a field, a page says it in its
/// reader's language, and the JSON API (whose clients read English) in English.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
    /// Variables that are messages themselves, said in the same language.
    said: Vec<(&'static str, Message)>,
}

impl Message {
    /// The catalogue's message `key`.
    pub fn of(key: &'static str) -> Message {
        Message { key, args: Vec::new(), said: Vec::new() }
    }

    /// With the variable `name` set to `value`.
    pub fn arg(mut self, name: &'static str, value: impl AsArg) -> Message {
        self.args.push((name, value.as_arg()));
        self
    }

    /// With the variable `name` set to another message (a field's own problem inside a sentence
    /// about the field).
    pub fn arg_message(mut self, name: &'static str, message: Message) -> Message {
        self.said.push((name, message));
        self
    }

    /// The message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        if self.said.is_empty() {
            return lang.t_with(self.key, &self.args);
        }
        let mut args = self.args.clone();
        args.extend(self.said.iter().map(|(name, message)| (*name, Arg::Text(message.in_lang(lang)))));
        lang.t_with(self.key, &args)
    }
}

/// In English: what logs, the JSON API and other machines' readers get.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A day, from a date or an instant.
pub struct Day(NaiveDate);

impl From<NaiveDate> for Day {
    fn from(day: NaiveDate) -> Day {
        Day(day)
    }
}

impl From<NaiveDateTime> for Day {
    fn from(at: NaiveDateTime) -> Day {
        Day(at.date())
    }
}

impl From<&NaiveDateTime> for Day {
    fn from(at: &NaiveDateTime) -> Day {
        Day(at.date())
    }
}

impl From<&NaiveDate> for Day {
    fn from(day: &NaiveDate) -> Day {
        Day(*day)
    }
}

/// A variable of a message: a number (which picks the plural form) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Number(i64),
    Text(String),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(text) => FluentValue::from(text.as_str()),
        }
    }
}

/// A value a message's variable can take: numbers stay numbers (they pick the plural form).
/// Templates hand over references of any depth.
pub trait AsArg {
    fn as_arg(&self) -> Arg;
}

impl AsArg for str {
    fn as_arg(&self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl AsArg for String {
    fn as_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl AsArg for i64 {
    fn as_arg(&self) -> Arg {
        Arg::Number(*self)
    }
}

impl AsArg for i32 {
    fn as_arg(&self) -> Arg {
        Arg::Number((*self).into())
    }
}

impl AsArg for u64 {
    fn as_arg(&self) -> Arg {
        Arg::Number(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl AsArg for u32 {
    fn as_arg(&self) -> Arg {
        Arg::Number((*self).into())
    }
}

impl AsArg for usize {
    fn as_arg(&self) -> Arg {
        Arg::Number(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl<T: AsArg + ?Sized> AsArg for &T {
    fn as_arg(&self) -> Arg {
        (**self).as_arg()
    }
}

impl<T: AsArg> From<T> for Arg {
    fn from(value: T) -> Arg {
        value.as_arg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message keys a catalogue file defines.
    fn keys_in(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key)
            .filter(|key| key.starts_with(|c: char| c.is_ascii_lowercase()) && !key.contains(' '))
            .map(str::to_string)
            .collect()
    }

    fn files(dir: &std::path::Path, extensions: &[&str]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(files(&path, extensions));
            } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)) {
                found.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
        found
    }

    #[test]
    fn every_message_is_in_every_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let keys = |lang: Lang| -> std::collections::BTreeSet<String> {
            files(&root.join(lang.code()), &["ftl"]).iter().flat_map(|(_, text)| keys_in(text)).collect()
        };
        let english = keys(Lang::En);
        assert!(english.len() > 100, "the catalogue is read: {english:?}");
        for lang in Lang::ALL {
            let theirs = keys(lang);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang:?} lacks {missing:?} and has only it {extra:?}");
        }
    }

    #[test]
    fn every_key_the_code_uses_is_in_every_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = std::collections::BTreeSet::new();
        for (path, text) in files(&root, &["rs", "html", "xml", "txt"]) {
            for call in [
                ".t(\"",
                ".t1(\"",
                ".t2(\"",
                ".t_with(\"",
                "=> \"notice-",
                "=> \"error-",
                "Some(\"author-kind-",
                "Message::of(\"",
            ] {
                for (at, _) in text.match_indices(call) {
                    // The key is what follows the call's opening quote (the whole key, for the
                    // patterns that name its first word).
                    let quote = call.find('"').map_or(call.len(), |q| q + 1);
                    let start = at + quote;
                    let key: String =
                        text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                    if !key.is_empty() && !path.ends_with("i18n.rs") {
                        used.insert(key.clone());
                        if key.starts_with("error-") {
                            used.insert(format!("{key}-explained"));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 100, "the code is read: {used:?}");
        let locales = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for lang in Lang::ALL {
            let defined: std::collections::BTreeSet<String> =
                files(&locales.join(lang.code()), &["ftl"]).iter().flat_map(|(_, text)| keys_in(text)).collect();
            let missing: Vec<_> = used.iter().filter(|key| !defined.contains(*key)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    /// What a reader of `template` would see that is not from the catalogue: its text and its
    /// labelling attributes, with template code, tags and `<code>` taken out.
    fn words_of_its_own(template: &str) -> Vec<String> {
        let mut text = template.to_string();
        for (open, close) in [("{#", "#}"), ("{%", "%}"), ("{{", "}}"), ("<code>", "</code>")] {
            while let Some(start) = text.find(open) {
                let end = text[start..].find(close).map_or(text.len(), |n| start + n + close.len());
                text.replace_range(start..end, " ");
            }
        }
        let mut own = Vec::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find('<') {
            own.push(rest[..start].to_string());
            let end = rest[start..].find('>').map_or(rest.len(), |n| start + n + 1);
            let tag = &rest[start..end];
            for attribute in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
                if let Some(at) = tag.find(attribute) {
                    own.push(tag[at + attribute.len()..].split('"').next().unwrap_or_default().to_string());
                }
            }
            rest = &rest[end..];
        }
        own.push(rest.to_string());
        own.into_iter()
            .map(|t| t.replace("&nbsp;", " "))
            .filter(|t| t.chars().any(char::is_alphabetic))
            .map(|t| t.trim().to_string())
            .collect()
    }

    #[test]
    fn templates_hold_no_words_of_their_own() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http/templates");
        let mut checked = 0;
        for (path, text) in files(&root, &["html", "xml"]) {
            let own = words_of_its_own(&text);
            assert!(own.is_empty(), "{path} says {own:?} outside the catalogue");
            checked += 1;
        }
        assert!(checked >= 40, "{checked} templates checked");
        assert_eq!(words_of_its_own("<p title=\"Hi\">{{ x }} there</p>"), ["Hi", "there"]);
    }

    #[test]
    fn browsers_ask_for_languages_by_weight() {
        assert_eq!(Lang::from_accept_language("es-MX,es;q=0.9,en;q=0.8"), Some(Lang::Es));
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5, es;q=0.7"), Some(Lang::Es));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("es;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("es;q=nonsense, en"), Some(Lang::En));
        assert_eq!(Lang::parse("ES_ar"), Some(Lang::Es));
    }

    #[test]
    fn convention_dates_read_as_people_write_them() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(Lang::En.date_range(day("2014-06-13"), day("2014-06-15")), "June 13–15, 2014");
        assert_eq!(Lang::En.date_range(day("2014-06-30"), day("2014-07-02")), "June 30 – July 2, 2014");
        assert_eq!(Lang::En.date_range(day("2014-12-30"), day("2015-01-02")), "December 30, 2014 – January 2, 2015");
        assert_eq!(Lang::En.date_range(day("2014-06-13"), day("2014-06-13")), "June 13, 2014");
    }

    #[test]
    fn dates_and_plurals_follow_each_language() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            (Lang::En.decimal(&3.5), Lang::Es.decimal(&3.5), Lang::Es.decimal(&4.0)),
            ("3.5".into(), "3,5".into(), "4".into())
        );
        assert_eq!(Lang::En.date(day), "December 7, 2026");
        assert_eq!(Lang::Es.date(day), "7 de diciembre de 2026");
        let june = |d| NaiveDate::from_ymd_opt(2026, 6, d).unwrap();
        assert_eq!(Lang::En.date_range(june(13), june(15)), "June 13–15, 2026");
        assert_eq!(Lang::Es.date_range(june(13), june(15)), "13–15 de junio de 2026");
        assert_eq!(
            Lang::Es.date_range(june(30), NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()),
            "30 de junio – 2 de julio de 2026"
        );
        assert_eq!(
            Lang::En.date_range(day, NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()),
            "December 7, 2026 – January 2, 2027"
        );
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(Lang::En.signed_by(&names(&["Ana", "Isabel"])), "By Ana and Isabel");
        assert_eq!(Lang::Es.signed_by(&names(&["Ana", "Bea", "Isabel"])), "Por Ana, Bea e Isabel");
        assert_eq!(Lang::Es.signed_by(&names(&["Ana", "Hilda"])), "Por Ana e Hilda");
        assert_eq!(Lang::Es.signed_by(&names(&["Ana", "Ian"])), "Por Ana y Ian");
        assert_eq!(Lang::Es.signed_by(&names(&["Ana"])), "Por Ana");
        let results = |lang: Lang, n: i64| lang.t_with("search-results", &[("count", n.into()), ("query", "x".into())]);
        assert_eq!(results(Lang::En, 1), "1 result for “x”");
        assert_eq!(results(Lang::Es, 2), "2 resultados para «x»");
    }
}
