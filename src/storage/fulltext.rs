//! A [`search::Query`] in each backend's query language: FTS5's MATCH expressions on SQLite,
//! `tsquery` on Postgres. Both index the same stems (see [`crate::search`]), so the two
//! expressions find the same rows.

use crate::search::{Phrase, Query};

/// Whether a row must hold every part of the query (search) or any one (similar questions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Every,
    Any,
}

/// The FTS5 expression for `query`, within `column` alone if given. Each stem is quoted, so no
/// reader's text is read as FTS5 syntax (stems hold letters and digits only in any case).
pub fn fts5(query: &Query, needs: Needs, column: Option<&str>) -> String {
    let phrase = |phrase: &Phrase| format!("\"{}\"", phrase.join(" ").replace('"', "\"\""));
    let parts: Vec<String> = query
        .parts()
        .iter()
        .map(|alternatives| format!("({})", alternatives.iter().map(phrase).collect::<Vec<_>>().join(" OR ")))
        .collect();
    let expression = parts.join(if needs == Needs::Every { " AND " } else { " OR " });
    match column {
        Some(column) => format!("{{{column}}} : ({expression})"),
        None => expression,
    }
}

/// The `tsquery` for `query` (given as text, to be cast), matching only lexemes of `weight` if
/// given ('A' is a title). A phrase's stems follow one another (`<->`) within the title or within
/// the body: the `tsvector` numbers the body's words on from the title's, where FTS5 keeps the
/// two apart.
pub fn tsquery(query: &Query, needs: Needs, weight: Option<char>) -> String {
    let lexeme = |stem: &String, weight: Option<char>| {
        let weight = weight.map(|w| format!(":{w}")).unwrap_or_default();
        format!("'{}'{weight}", stem.replace('\\', "\\\\").replace('\'', "''"))
    };
    let within = |phrase: &Phrase, weight: Option<char>| {
        format!("({})", phrase.iter().map(|stem| lexeme(stem, weight)).collect::<Vec<_>>().join(" <-> "))
    };
    let phrase = |phrase: &Phrase| match weight {
        None if phrase.len() > 1 => format!("({} | {})", within(phrase, Some('A')), within(phrase, Some('B'))),
        _ => within(phrase, weight),
    };
    let parts: Vec<String> = query
        .parts()
        .iter()
        .map(|alternatives| format!("({})", alternatives.iter().map(phrase).collect::<Vec<_>>().join(" | ")))
        .collect();
    parts.join(if needs == Needs::Every { " & " } else { " | " })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_the_same_query() {
        let query = Query::parse("clubs \"in libraries\"", &["en".to_string()]);
        assert_eq!(fts5(&query, Needs::Every, None), r#"("club") AND ("in librari")"#);
        assert_eq!(fts5(&query, Needs::Any, Some("search_title")), r#"{search_title} : (("club") OR ("in librari"))"#);
        assert_eq!(
            tsquery(&query, Needs::Every, None),
            "(('club')) & ((('in':A <-> 'librari':A) | ('in':B <-> 'librari':B)))"
        );
        assert_eq!(tsquery(&query, Needs::Every, Some('A')), "(('club':A)) & (('in':A <-> 'librari':A))");
    }
}
