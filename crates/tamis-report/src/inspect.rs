//! `inspect OUT ID`: what happened to one document at every step.
//!
//! Finds the document in `OUT/kept/`, `OUT/removed/` or `OUT/errors/` (one
//! streaming pass, with a cheap byte search before parsing a line) and
//! prints, for each step of `stats.json` in pipeline order, whether the
//! document passed, was removed there (reason and signal values), errored,
//! or never got there; for line-level steps, the lines removed as a diff.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::{Map, Value};
use tamis_core::{Error, ErrorCode, Result, Stats};

use crate::files::{self, Area, Line};
use crate::html::{int, w};
use crate::lines::{LineView, ViewLine};
use crate::record::{show_value, truncate_chars, Record};
use crate::report::read_stats;

/// Stop after this many records with the same id.
const MAX_MATCHES: usize = 5;

/// Where the document was found, and as what.
enum Found {
    Doc {
        area: Area,
        location: String,
        record: Box<Record>,
    },
    Error {
        location: String,
        record: Map<String, Value>,
    },
}

/// Describes what happened to the document `id` in the run output `out_dir`,
/// as text for a terminal. An unknown id is an error (kind `Data`) that says
/// where it looked; a folder that is not a run output is kind `Config`.
///
/// Angle brackets around the id do not matter: `<urn:uuid:…>` (as WARC
/// headers write it) finds the stored `urn:uuid:…`, and the other way round.
pub fn inspect(out_dir: &Path, id: &str) -> Result<String> {
    let stats = read_stats(out_dir)?;
    let areas = [Area::Kept, Area::Removed, Area::Errors];
    if stats.is_none() && !areas.iter().any(|a| files::area_exists(out_dir, *a)) {
        return Err(Error::config(format!(
            "{}: not a tamis output folder (no stats.json, kept/, removed/ or errors/)",
            out_dir.display()
        )));
    }
    let needle = prefilter_needle(id);
    let mut found = Vec::new();
    let (mut n_files, mut n_records) = (0usize, 0u64);
    for area in areas {
        for path in files::list_files(out_dir, area)? {
            n_files += 1;
            let rel = files::display_rel(out_dir, &path);
            files::for_each_line(&path, |n, line| {
                let Line::Bytes(bytes) = line else {
                    return ControlFlow::Continue(());
                };
                n_records += 1;
                if let Some(needle) = needle {
                    if memchr::memmem::find(bytes, needle.as_bytes()).is_none() {
                        return ControlFlow::Continue(());
                    }
                }
                let location = format!("{rel}, line {n}");
                if area == Area::Errors {
                    if let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(bytes) {
                        let matches = match o.get("id") {
                            Some(Value::String(s)) => same_id(s, id),
                            Some(Value::Number(x)) => x.to_string() == id,
                            _ => false,
                        };
                        if matches {
                            found.push(Found::Error {
                                location,
                                record: o,
                            });
                        }
                    }
                } else if let Ok(record) = Record::parse(bytes, || format!("{rel}:{n}")) {
                    if same_id(&record.doc.id, id) {
                        found.push(Found::Doc {
                            area,
                            location,
                            record: Box::new(record),
                        });
                    }
                }
                if found.len() >= MAX_MATCHES {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })?;
            if found.len() >= MAX_MATCHES {
                break;
            }
        }
    }
    if found.is_empty() {
        let hint = if files::area_exists(out_dir, Area::Removed) {
            ""
        } else {
            "; this run did not write removed documents (output.write_removed = false), so a removed document cannot be inspected"
        };
        return Err(Error::data(format!(
            "no document with id `{id}` in {}: searched {} records in {n_files} files of kept/, removed/ and errors/{hint}",
            out_dir.display(),
            int(n_records)
        )));
    }
    let mut out = String::new();
    for (i, f) in found.iter().enumerate() {
        if i > 0 {
            out.push_str("\n────────\n\n");
        }
        match f {
            Found::Doc {
                area,
                location,
                record,
            } => describe_doc(&mut out, stats.as_ref(), *area, location, record),
            Found::Error { location, record } => {
                // The id as stored (the one asked for may differ in brackets).
                let stored = match record.get("id") {
                    Some(Value::String(s)) => s.clone(),
                    _ => id.to_owned(),
                };
                describe_error(&mut out, stats.as_ref(), &stored, location, record)
            }
        }
    }
    if found.len() > 1 {
        w!(
            &mut out,
            "\nnote: {} records have this id (showing at most {MAX_MATCHES}).\n",
            found.len()
        );
    }
    Ok(out)
}

/// `id` without one pair of surrounding angle brackets.
fn bare_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(id)
}

/// Whether a stored id and the one asked for name the same document,
/// angle brackets aside.
fn same_id(stored: &str, asked: &str) -> bool {
    stored == asked || bare_id(stored) == bare_id(asked)
}

/// A substring every line holding `id` contains, whatever JSON writer wrote
/// it: the longest run of characters no writer escapes (ASCII letters,
/// digits and plain punctuation; not `"`, `\\`, `/`, `<`, `>`, `&`, `'`,
/// which some writers escape). `None` (parse every line) when that run is
/// too short to be selective.
fn prefilter_needle(id: &str) -> Option<&str> {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_.:;,=+@!~*()[]{}$%#?|^ ".contains(c);
    id.split(|c: char| !safe(c))
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 3)
}

/// Widths of the name and kind columns of a steps table.
fn column_widths(steps: &[(String, String)]) -> (usize, usize) {
    let widest = |f: fn(&(String, String)) -> &String| {
        steps
            .iter()
            .map(|s| f(s).chars().count())
            .max()
            .unwrap_or(0)
    };
    (widest(|s| &s.0).max(4), widest(|s| &s.1))
}

/// The step names in pipeline order: from stats.json, else from the record.
fn step_names(
    stats: Option<&Stats>,
    extra: impl IntoIterator<Item = String>,
) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = stats
        .map(|s| {
            s.steps
                .iter()
                .map(|s| (s.name.clone(), s.kind.clone()))
                .collect()
        })
        .unwrap_or_default();
    let known: BTreeSet<String> = names.iter().map(|(n, _)| n.clone()).collect();
    let mut seen = known.clone();
    for name in extra {
        if seen.insert(name.clone()) {
            names.push((name, String::new()));
        }
    }
    names
}

fn header(out: &mut String, id: &str, status: &str, location: &str) {
    w!(
        out,
        "document  {id}\nstatus    {status}\nfound in  {location}\n"
    );
}

fn describe_doc(out: &mut String, stats: Option<&Stats>, area: Area, location: &str, rec: &Record) {
    let d = &rec.doc;
    let status = match (area, &d.removed_by) {
        (Area::Kept, _) => "KEPT (passed every step)".to_owned(),
        (_, Some(r)) => format!("REMOVED by step `{}`: {}", r.step, r.reason),
        _ => "REMOVED (no removed_by recorded)".to_owned(),
    };
    header(out, &d.id, &status, location);
    if let Some(u) = &d.url {
        w!(out, "url       {u}\n");
    }
    if let Some(t) = &d.title {
        w!(out, "title     {}\n", truncate_chars(t, 160));
    }
    if let Some(l) = &d.language {
        let score = d
            .language_score
            .map(|s| format!(" (score {})", crate::record::format_float(s)))
            .unwrap_or_default();
        w!(out, "language  {l}{score}\n");
    }
    let lines = if d.text.is_empty() {
        0
    } else {
        d.text.split('\n').count()
    };
    w!(
        out,
        "text      {} characters, {} line{}{}\n",
        int(d.text.chars().count() as u64),
        int(lines as u64),
        if lines == 1 { "" } else { "s" },
        if area == Area::Removed {
            " (as it was when removed)"
        } else {
            ""
        }
    );

    let events: Vec<String> = d.history.iter().map(|e| e.step.clone()).collect();
    let extra = events
        .iter()
        .cloned()
        .chain(d.removed_by.as_ref().map(|r| r.step.clone()));
    let steps = step_names(stats, extra);
    out.push_str("\nsteps\n");
    let (width, kind_width) = column_widths(&steps);
    let view = rec.has_removed_lines().then(|| LineView::build(rec));
    let mut reached = true;
    for (i, (name, kind)) in steps.iter().enumerate() {
        let verdict = if !reached {
            "not reached".to_owned()
        } else if let Some(r) = d.removed_by.as_ref().filter(|r| &r.step == name) {
            reached = false;
            format!("REMOVED  {}", r.reason)
        } else {
            "passed".to_owned()
        };
        let lang = match (&d.language, kind.contains("lang") && verdict == "passed") {
            (Some(l), true) => format!(
                "  → {l}{}",
                d.language_score
                    .map(|s| format!(" ({})", crate::record::format_float(s)))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        w!(
            out,
            "  {:>2}. {name:<width$}  {kind:<kind_width$}  {verdict}{lang}\n",
            i + 1
        );
        if let Some(r) = d.removed_by.as_ref().filter(|r| &r.step == name) {
            print_signals(out, &r.signals);
        }
        for (k, (e, _)) in rec
            .events()
            .enumerate()
            .filter(|(_, (e, _))| &e.step == name)
        {
            print_signals(out, &e.signals);
            if !e.removed_lines.is_empty() {
                w!(
                    out,
                    "        {} line{} removed:\n",
                    e.removed_lines.len(),
                    if e.removed_lines.len() == 1 { "" } else { "s" }
                );
                if let Some(v) = &view {
                    print_diff(out, v, rec, k);
                }
            }
        }
    }
    let shown = ["removed_at"];
    let meta: Vec<(&String, &Value)> = d
        .metadata
        .iter()
        .filter(|(k, v)| !shown.contains(&k.as_str()) && !v.is_object() && !v.is_array())
        .collect();
    if d.author.is_some() || d.date.is_some() || !meta.is_empty() {
        out.push_str("\nmetadata\n");
        if let Some(a) = &d.author {
            w!(out, "  author: {}\n", truncate_chars(a, 100));
        }
        if let Some(x) = &d.date {
            w!(out, "  date: {x}\n");
        }
        for (k, v) in meta.iter().take(40) {
            w!(out, "  {k}: {}\n", show_value(v, 100));
        }
    }
    if let Some(Value::Array(blocks)) = d.metadata.get("extract_removed") {
        // Recorded by `extract` with `explain = true`.
        w!(out, "\nremoved by extract ({} blocks)\n", blocks.len());
        let width = blocks
            .iter()
            .filter_map(|b| b["rule"].as_str())
            .map(str::len)
            .max()
            .unwrap_or(0);
        for b in blocks.iter().take(60) {
            w!(
                out,
                "  {:<width$}  {:<8} {:>6} chars  {}\n",
                b["rule"].as_str().unwrap_or("?"),
                b["tag"].as_str().unwrap_or("?"),
                b["chars"].as_u64().unwrap_or(0),
                truncate_chars(b["text"].as_str().unwrap_or(""), 80)
            );
        }
    }
    out.push_str("\ntext\n");
    for line in truncate_chars(&d.text, 600).split('\n').take(12) {
        w!(out, "  | {line}\n");
    }
}

fn print_signals(out: &mut String, signals: &Map<String, Value>) {
    let items: Vec<(&String, &Value)> = signals
        .iter()
        .filter(|(k, _)| k.as_str() != "removed_at")
        .collect();
    let width = items
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in items {
        w!(out, "        {k:<width$}  {}\n", show_value(v, 120));
    }
}

/// The lines event `k` removed, as `- line`, with kept lines around them
/// as `  line` when positions are known.
fn print_diff(out: &mut String, view: &LineView, rec: &Record, k: usize) {
    let step = rec
        .doc
        .history
        .get(k)
        .map(|e| e.step.as_str())
        .unwrap_or("");
    if !view.exact {
        if let Some(e) = rec.doc.history.get(k) {
            for l in &e.removed_lines {
                w!(out, "        - {}\n", truncate_chars(l, 300));
            }
        }
        out.push_str("        (the step did not record where these lines were)\n");
        return;
    }
    // This step's input: kept lines plus lines later steps removed.
    let later: BTreeSet<&str> = rec
        .doc
        .history
        .iter()
        .skip(k + 1)
        .map(|e| e.step.as_str())
        .collect();
    let mut mine = 0usize;
    let lines: Vec<ViewLine> = view
        .lines
        .iter()
        .filter_map(|l| match l.removed_by.as_deref() {
            None => Some(ViewLine {
                removed_by: None,
                text: l.text.clone(),
            }),
            Some(s)
                if s == step
                    && mine < rec.doc.history.get(k).map_or(0, |e| e.removed_lines.len()) =>
            {
                mine += 1;
                Some(l.clone())
            }
            Some(s) if later.contains(s) => Some(ViewLine {
                removed_by: None,
                text: l.text.clone(),
            }),
            Some(_) => None,
        })
        .collect();
    let step_view = LineView { lines, exact: true };
    for line in step_view.excerpt(2, 40) {
        match line {
            None => out.push_str("          …\n"),
            Some(l) if l.removed_by.is_some() => {
                w!(out, "        - {}\n", truncate_chars(&l.text, 300))
            }
            Some(l) => w!(out, "          {}\n", truncate_chars(&l.text, 300)),
        }
    }
}

fn describe_error(
    out: &mut String,
    stats: Option<&Stats>,
    id: &str,
    location: &str,
    rec: &Map<String, Value>,
) {
    let s = |k: &str| {
        rec.get(k)
            .filter(|v| !v.is_null())
            .map(|v| show_value(v, 400))
    };
    let step = s("step").unwrap_or_else(|| "(unknown)".into());
    let code = s("code").unwrap_or_else(|| "error".into());
    let reason = s("reason").unwrap_or_default();
    header(
        out,
        id,
        &format!("ERROR in step `{step}`: {code}"),
        location,
    );
    if let Some(u) = s("url") {
        w!(out, "url       {u}\n");
    }
    if let Some(f) = s("file") {
        let offset = s("offset")
            .map(|o| format!(" (offset {o})"))
            .unwrap_or_default();
        w!(out, "input     {f}{offset}\n");
    }
    w!(out, "reason    {reason}\n");
    if let Some(code) = ErrorCode::from_name(&code).filter(|_| step != "read") {
        // What the code means and what to do (`tamis explain errors`).
        let mut line = String::new();
        let mut first = true;
        for word in code.description().split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 68 {
                let label = if first { "meaning" } else { "" };
                w!(out, "{label:<10}{line}\n");
                line.clear();
                first = false;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        let label = if first { "meaning" } else { "" };
        w!(out, "{label:<10}{line}\n");
    }
    let extra = if step == "read" {
        None
    } else {
        Some(step.clone())
    };
    let steps = step_names(stats, extra);
    out.push_str("\nsteps\n");
    let (width, kind_width) = column_widths(&steps);
    let at = steps.iter().position(|(n, _)| *n == step);
    for (i, (name, kind)) in steps.iter().enumerate() {
        let verdict = match at {
            _ if step == "read" => "not reached (the record could not be read)",
            Some(a) if i < a => "passed",
            Some(a) if i == a => "ERROR",
            _ => "not reached",
        };
        w!(
            out,
            "  {:>2}. {name:<width$}  {kind:<kind_width$}  {verdict}\n",
            i + 1
        );
        if Some(i) == at {
            w!(out, "        {code}: {reason}\n");
        }
    }
    let _ = out.write_str("\nThe document itself is not stored for errors; re-run the step on its input to debug it.\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_uses_characters_no_writer_escapes() {
        assert_eq!(prefilter_needle("<urn:uuid:12-ab>"), Some("urn:uuid:12-ab"));
        assert_eq!(
            prefilter_needle("CC-MAIN-2024-00001/123"),
            Some("CC-MAIN-2024-00001")
        );
        assert_eq!(prefilter_needle("4242"), Some("4242"));
        assert_eq!(prefilter_needle("f/0"), None);
        assert_eq!(prefilter_needle("é"), None);
        assert_eq!(prefilter_needle(""), None);
    }

    #[test]
    fn escaped_slashes_are_still_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("kept")).unwrap();
        // As written by writers that escape `/` and HTML characters.
        let line = "{\"id\":\"\\u003cweb\\/page\\/1\\u003e\",\"text\":\"t\"}\n";
        std::fs::write(dir.path().join("kept/00000_00000.jsonl"), line).unwrap();
        assert!(inspect(dir.path(), "<web/page/1>")
            .unwrap()
            .contains("KEPT"));
    }
}
