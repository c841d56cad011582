//! `tribune bench-render`: how long rendering takes for the worst Markdown and HTML nesting we
//! know of, each at the body limit, next to an ordinary essay of the same size. Prints a table;
//! the target is under 50 ms per body in a release build, whatever it holds.

use std::time::{Duration, Instant};

use crate::domain::markdown;
use crate::domain::submission::MAX_BODY_BYTES;

/// The target for one body at the limit.
const TARGET: Duration = Duration::from_millis(50);

/// Repeats `unit` until the text reaches the body limit, then closes it with `tail`.
fn at_limit(unit: &str, tail: &str) -> String {
    let room = MAX_BODY_BYTES - tail.len();
    let mut text = unit.repeat(room / unit.len());
    text.push_str(tail);
    text
}

/// The cases: a name and a body at the limit.
fn cases() -> Vec<(&'static str, String)> {
    let essay_paragraph = "The convention should weigh the report of the **finance committee** with care. \
        As one delegate put it, [the budget](https://example.org/budget) is a *moral* document.\n\n\
        > We asked the clubs, and they answered.\n\n- first point\n- second point\n\n";
    let distinct_formatting: String = (0..MAX_BODY_BYTES / 16).map(|i| format!("<b title={i}>")).collect();
    vec![
        ("an ordinary essay", at_limit(essay_paragraph, "")),
        ("block quotes nested (>>>…)", at_limit(">", " w")),
        ("lists nested (- - - …)", at_limit("- ", "w")),
        ("quotes and lists interleaved", at_limit("> - ", "w")),
        ("ordered lists nested (1. 1. …)", at_limit("1. ", "w")),
        ("emphasis nested (*a *a …)", at_limit("*a ", "")),
        ("links nested ([[[…)", at_limit("[", "a")),
        ("link and image brackets (![[…)", at_limit("![[", "a")),
        ("emphasis runs (*_*_…)", at_limit("*_", "")),
        ("backtick runs", at_limit("`a``", "")),
        ("raw <div> nested", at_limit("<div>", "w")),
        (
            "raw <b> with distinct attributes",
            distinct_formatting[..MAX_BODY_BYTES.min(distinct_formatting.len())].to_string(),
        ),
        ("raw misnested formatting", at_limit("<b><i></b></i>", "w")),
        ("raw tables nested", at_limit("<table><tr><td>", "w")),
        ("raw comments and tags", at_limit("<!--<p>-->", "w")),
        (
            "table, one long row",
            format!("|{}\n|{}\n", "a|".repeat(MAX_BODY_BYTES / 6), "-|".repeat(MAX_BODY_BYTES / 6)),
        ),
        ("entities", at_limit("&amp;&#x27;&lt;", "")),
        ("reference links", at_limit("[a][b] ", "\n\n[b]: https://example.org")),
        ("footnotes, each distinct", {
            let marks: String = (0..MAX_BODY_BYTES / 24).map(|i| format!("w[^{i}] ")).collect();
            let notes: String = (0..MAX_BODY_BYTES / 24).map(|i| format!("\n[^{i}]: n")).collect();
            format!("{marks}\n{notes}")
        }),
        ("footnotes nested in notes", at_limit("[^a]\n\n[^a]: ", "w")),
    ]
}

/// Times every case (the median of `runs`) and prints the table. Returns whether every case met
/// the target.
pub fn run(runs: usize, out: &mut impl std::io::Write) -> std::io::Result<bool> {
    writeln!(
        out,
        "| case (body at the {} KB limit) | bytes | nesting kept | median ms | target |",
        MAX_BODY_BYTES / 1000
    )?;
    writeln!(out, "|---|---:|---:|---:|---|")?;
    let mut all_met = true;
    for (name, text) in cases() {
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut html = String::new();
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            html = markdown::to_html(&text);
            times.push(started.elapsed());
        }
        times.sort();
        let median = times[times.len() / 2];
        let met = median < TARGET;
        all_met &= met;
        writeln!(
            out,
            "| {name} | {} | {} | {:.1} | {} |",
            text.len(),
            markdown::element_depth(&html),
            median.as_secs_f64() * 1000.0,
            if met { "MET" } else { "MISSED" }
        )?;
    }
    Ok(all_met)
}
