//! What the user reads: JSON logs, `-o -`, empty inputs, configuration
//! errors that point at the line, `inspect` with either id form.

mod common;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use common::{ok, stderr, tamis};

const PAGE: &str = "<html lang=\"en\"><head><title>The bridge reopens</title></head><body>\
    <nav><a href=\"/\">Home</a></nav><article><h1>The bridge reopens</h1>\
    <p>After six months of work, the bridge over the river reopened this morning to cars and buses.</p>\
    <p>Residents of the district, who had made a twenty-minute detour, welcomed the end of the works.</p>\
    </article></body></html>";

fn example_crawl() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/crawl/example.warc.gz")
        .display()
        .to_string()
}

/// Every line of stderr, each parsed as a JSON object with `level` and `event`.
fn json_lines(out: &Output) -> Vec<Value> {
    let err = stderr(out);
    err.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("stderr line is not JSON ({e}): {l:?}\n{err}"));
            assert!(
                v["level"].is_string() && v["event"].is_string(),
                "no level/event: {l}"
            );
            v
        })
        .collect()
}

fn events(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|v| v["event"].as_str().unwrap()).collect()
}

#[test]
fn log_format_json_makes_every_stderr_line_json() {
    let tmp = tempfile::tempdir().unwrap();
    // No input: the example crawl through the default recipe, whose
    // MinHash step has a reduce (a `[tamis] reduce:` line in text mode).
    let out = ok(tmp.path(), &["run", "-j", "2", "--log-format", "json"]);
    let lines = json_lines(&out);
    let ev = events(&lines);
    assert!(ev.contains(&"message"), "{ev:?}");
    assert!(ev.contains(&"reduce"), "{ev:?}");
    let summary = lines.iter().find(|v| v["event"] == "summary").unwrap();
    assert_eq!(summary["balanced"], true);
    assert_eq!(summary["output"], "tamis-out");
    assert_eq!(summary["stats"]["records_read"], 47);
    // The same run in text mode says the same things in words.
    let text = ok(tmp.path(), &["run", "-j", "2", "-o", "text-out"]);
    let text = stderr(&text);
    assert!(text.contains("[tamis] reduce: minhash"), "{text}");
    assert!(text.contains("every record accounted for"), "{text}");

    // Errors and warnings too.
    let out = tamis(
        tmp.path(),
        &[
            "run",
            "--log-format",
            "json",
            "--input",
            "nowhere/*.warc.gz",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(events(&lines), ["error"]);
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("nowhere/*.warc.gz"),
        "{lines:?}"
    );
    std::fs::write(tmp.path().join("empty.jsonl"), "").unwrap();
    let out = ok(
        tmp.path(),
        &[
            "filter",
            "--filter",
            "length",
            "empty.jsonl",
            "-o",
            "kept.jsonl",
            "--log-format",
            "json",
        ],
    );
    let lines = json_lines(&out);
    assert_eq!(events(&lines), ["warning", "message"], "{lines:?}");
}

#[test]
fn dash_output_is_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bridge.html"), PAGE).unwrap();
    let out = ok(tmp.path(), &["extract", "bridge.html", "-o", "-"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["title"], "The bridge reopens");
    assert!(!tmp.path().join("-").exists(), "wrote a file named `-`");

    // filter and dedup (one-file outputs) and init do the same.
    std::fs::write(
        tmp.path().join("docs.jsonl"),
        "{\"id\":\"a\",\"text\":\"one two three four five\"}\n{\"id\":\"b\",\"text\":\"one two three four five\"}\n",
    )
    .unwrap();
    let out = ok(
        tmp.path(),
        &[
            "dedup",
            "--method",
            "exact",
            "docs.jsonl",
            "-o",
            "-",
            "-j",
            "1",
        ],
    );
    let kept = String::from_utf8_lossy(&out.stdout);
    assert_eq!(kept.lines().count(), 1, "{kept}");
    assert!(kept.contains("\"id\":\"a\""), "{kept}");
    let out = ok(
        tmp.path(),
        &["filter", "--filter", "length", "docs.jsonl", "-o", "-"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let out = tamis(
        tmp.path(),
        &[
            "filter",
            "--filter",
            "length",
            "docs.jsonl",
            "-o",
            "k.jsonl",
            "--removed",
            "-",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--removed -"), "{}", stderr(&out));
    let out = ok(tmp.path(), &["init", "-o", "-"]);
    let toml = String::from_utf8_lossy(&out.stdout);
    assert!(toml.contains("[[step]]"), "{toml}");
    assert!(toml.contains("tamis run pipeline.toml"), "{toml}");
    assert!(!tmp.path().join("-").exists(), "wrote a file named `-`");
}

#[test]
fn inputs_matching_nothing_fail_and_empty_inputs_warn() {
    let tmp = tempfile::tempdir().unwrap();
    // A glob that matches nothing: an error naming it, exit 2, no output.
    let out = tamis(
        tmp.path(),
        &["run", "--input", "crawl/*.warc.gz", "-o", "out"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("input `crawl/*.warc.gz` does not exist")
            || stderr(&out).contains("input `crawl/*.warc.gz` matches no files"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("out/stats.json").exists());
    // An empty folder: the same.
    std::fs::create_dir(tmp.path().join("crawl")).unwrap();
    let out = tamis(tmp.path(), &["run", "--input", "crawl", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("input `crawl` matches no files"),
        "{}",
        stderr(&out)
    );
    // Existing files without a record: a warning, exit 0, an empty output.
    std::fs::write(tmp.path().join("crawl/a.jsonl"), "").unwrap();
    std::fs::write(tmp.path().join("crawl/b.jsonl"), "\n\n").unwrap();
    let out = ok(tmp.path(), &["run", "--input", "crawl", "-o", "out"]);
    let err = stderr(&out);
    assert!(
        err.contains(
            "tamis: warning: no records read from 2 input file(s) (crawl): they are empty; the output has no documents"
        ),
        "{err}"
    );
    let s = common::stats(&tmp.path().join("out"));
    assert_eq!(s["records_read"], 0);
    // A file with records: no warning.
    std::fs::write(
        tmp.path().join("crawl/b.jsonl"),
        "{\"id\":\"x\",\"text\":\"hello\"}\n",
    )
    .unwrap();
    let out = ok(tmp.path(), &["run", "--input", "crawl", "-o", "out2"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // The one-file commands warn the same way.
    let out = ok(
        tmp.path(),
        &[
            "filter",
            "--filter",
            "length",
            "crawl/a.jsonl",
            "-o",
            "k.jsonl",
        ],
    );
    assert!(
        stderr(&out).contains("warning: no records read from 1 input file(s) (crawl/a.jsonl)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn misspelled_option_names_file_line_and_step() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("pipeline.toml"),
        "[input]\npaths = [\"x.jsonl\"]\n\n[[step]]\ntype = \"extract\"\n\n[[step]]\ntype = \"length\"\n\n[[step]]\ntype = \"gopher_quality\"\nmin_doc_word = 5\n",
    )
    .unwrap();
    let out = tamis(tmp.path(), &["run", "pipeline.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "tamis: error: pipeline.toml:12: step 3 (gopher_quality): unknown option `min_doc_word` (known: "
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `min_doc_words`?"), "{err}");
    // TOML syntax errors keep toml's own line and column.
    std::fs::write(tmp.path().join("bad.toml"), "[input]\npaths = [\"x\"\n").unwrap();
    let err = stderr(&tamis(tmp.path(), &["run", "bad.toml"]));
    assert!(err.contains("bad.toml") && err.contains("line 2"), "{err}");
}

#[test]
fn inspect_accepts_ids_with_or_without_angle_brackets() {
    let tmp = tempfile::tempdir().unwrap();
    let crawl = example_crawl();
    ok(
        tmp.path(),
        &["run", "--input", &crawl, "-o", "out", "-j", "2", "--quiet"],
    );
    let kept = common::docs(&tmp.path().join("out/kept"));
    let id = kept[0]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("urn:uuid:"), "stored without brackets: {id}");
    let bare = ok(tmp.path(), &["inspect", "out", &id]);
    let bracketed = ok(tmp.path(), &["inspect", "out", &format!("<{id}>")]);
    assert_eq!(bare.stdout, bracketed.stdout);
    let text = String::from_utf8_lossy(&bare.stdout);
    assert!(text.contains(&format!("document  {id}")), "{text}");
    assert!(text.contains("KEPT"), "{text}");
}
