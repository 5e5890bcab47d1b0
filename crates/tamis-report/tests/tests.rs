//! Report and inspect on a fake run output folder.

mod fixture;

use std::fs;

use tamis_core::ErrorKind;
use tamis_report::{inspect, render_report, write_report, ReportOptions};

fn fake_out(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_fake_out(dir.path(), n);
    dir
}

#[test]
fn report_has_every_section_and_writes_the_file() {
    let out = fake_out(300);
    let path = write_report(out.path()).unwrap();
    assert_eq!(path, out.path().join("report.html"));
    let html = fs::read_to_string(&path).unwrap();
    for id in [
        "overview",
        "funnel",
        "drops",
        "languages",
        "lengths",
        "sites",
        "duplicates",
        "samples",
        "line-edits",
        "errors",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "missing section {id}"
        );
    }
    // Funnel: every step, in order.
    let mut at = 0;
    for (name, _) in fixture::STEPS {
        let i = html[at..]
            .find(&format!("<td class=\"name\">{name}</td>"))
            .unwrap_or_else(|| panic!("step {name} not in table order"));
        at += i;
    }
    // Drop reasons, languages, hosts, duplicates, errors, line diffs.
    for needle in [
        "gopher_short_doc",
        "minhash_duplicate",
        "language_not_allowed",
        "dailyharbor.com",
        "seo-links-directory.biz",
        ">fr<",
        "Cluster sizes",
        "Largest clusters",
        "gzip_corrupt",
        "HTML nesting deeper than 512 &lt;div&gt; levels",
        // An error code's meaning, next to its count.
        "The document&#39;s content is not in a form the step can parse",
        "<del title=\"removed by c4_lines\">Accept all cookies</del>",
        "Positions of removed lines were not recorded",
        "warc_request",
        "lines_removed",
    ] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
    // The sample of the short document shows its signals.
    assert!(html.contains("<b>n_words</b> 9"));
    // Self-contained: no script, no remote resource.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("@import") && !html.contains("url("));
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn report_escapes_document_content() {
    let out = fake_out(0);
    let html = render_report(out.path(), &ReportOptions::default()).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/title&gt;"));
    assert!(html.contains("&lt;script&gt;k&lt;/script&gt;"));
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<i>v"));
    // A javascript: URL is shown as text, never linked.
    assert!(html.contains("javascript:alert(document.cookie)"));
    assert!(!html.contains("href=\"javascript"));
}

#[test]
fn report_without_removed_documents_says_so() {
    let out = fake_out(20);
    fs::remove_dir_all(out.path().join("removed")).unwrap();
    let html = render_report(out.path(), &ReportOptions::default()).unwrap();
    assert!(html.contains("Removed documents were not written by this run"));
}

#[test]
fn samples_are_bounded_by_options() {
    let out = fake_out(400);
    let opts = ReportOptions {
        samples_per_reason: 1,
        ..ReportOptions::default()
    };
    let html = render_report(out.path(), &opts).unwrap();
    let start = html.find("id=\"samples\"").unwrap();
    let end = html.find("id=\"line-edits\"").unwrap();
    let reasons = html[start..end]
        .matches("<details class=\"card reason\"")
        .count();
    let samples = html[start..end].matches("<div class=\"sample\">").count();
    assert!(reasons >= 10, "{reasons}");
    assert_eq!(samples, reasons);
}

#[test]
fn inspect_kept_document_shows_steps_and_diff() {
    let out = fake_out(50);
    let text = inspect(out.path(), fixture::KEPT_WITH_DIFF).unwrap();
    assert!(text.contains("status    KEPT"), "{text}");
    assert!(text.contains("language  en (score 0.9731)"), "{text}");
    for (i, (name, _)) in fixture::STEPS.iter().enumerate() {
        assert!(text.contains(&format!("{:>2}. {name}", i + 1)), "{text}");
    }
    assert!(
        !text.contains("REMOVED") && !text.contains("not reached"),
        "{text}"
    );
    assert!(
        text.contains(" 2. lid                language_id        passed  → en (0.9731)\n"),
        "{text}"
    );
    // The diff: removed lines with '-', context from the kept text.
    let diff = "        - Home > News > Local\n          The harbour committee met on Tuesday to discuss the new ferry timetable.\n";
    assert!(text.contains(diff), "{text}");
    assert!(text.contains("        - Accept all cookies\n"), "{text}");
    assert!(text.contains("minhash_cluster_size: 3"), "{text}");
}

#[test]
fn inspect_without_positions_lists_removed_lines() {
    let out = fake_out(0);
    let text = inspect(out.path(), fixture::KEPT_NO_POSITIONS).unwrap();
    assert!(text.contains("        - Share on social media\n"), "{text}");
    assert!(
        text.contains("did not record where these lines were"),
        "{text}"
    );
}

#[test]
fn inspect_removed_document_shows_reason_signals_and_unreached_steps() {
    let out = fake_out(50);
    let text = inspect(out.path(), fixture::REMOVED_SHORT).unwrap();
    assert!(
        text.contains("REMOVED by step `gopher_quality`: gopher_short_doc"),
        "{text}"
    );
    assert!(
        text.contains(" 4. gopher_quality     gopher_quality     REMOVED  gopher_short_doc"),
        "{text}"
    );
    assert!(text.contains("n_words        9"), "{text}");
    assert!(text.contains("min_doc_words  50"), "{text}");
    assert!(
        text.contains(" 3. gopher_repetition  gopher_repetition  passed"),
        "{text}"
    );
    assert!(
        text.contains(" 5. c4_lines           c4_quality         not reached"),
        "{text}"
    );
    assert!(
        text.contains("found in  removed/00000_p0_00000.jsonl.gz, line"),
        "{text}"
    );

    let text = inspect(out.path(), fixture::DUPLICATE).unwrap();
    assert!(text.contains("REMOVED  minhash_duplicate"), "{text}");
    assert!(text.contains("cluster_size  3"), "{text}");
}

/// `inspect OUT ID` finds a document whatever angle brackets the id is
/// given or stored with (WARC headers write `<urn:uuid:…>`; docs and users
/// copy either form), for documents and for error records alike.
#[test]
fn inspect_accepts_ids_with_or_without_angle_brackets() {
    let out = fake_out(10);
    for stored in [fixture::KEPT_WITH_DIFF, fixture::ERRORED] {
        let bare = stored.trim_start_matches('<').trim_end_matches('>');
        assert_ne!(bare, stored, "the fixture stores bracketed ids");
        let by_stored = inspect(out.path(), stored).unwrap();
        let by_bare = inspect(out.path(), bare).unwrap();
        assert_eq!(by_bare, by_stored, "{bare}");
        assert!(
            by_bare.contains(&format!("document  {stored}")),
            "{by_bare}"
        );
    }
    // Brackets only on one side, or around a different id, find nothing.
    let bare = fixture::KEPT_WITH_DIFF
        .trim_start_matches('<')
        .trim_end_matches('>');
    assert!(inspect(out.path(), &format!("<{bare}")).is_err());
    assert!(inspect(out.path(), &format!("<{bare}x>")).is_err());
}

#[test]
fn inspect_errored_document_and_zstd_file() {
    let out = fake_out(10);
    let text = inspect(out.path(), fixture::ERRORED).unwrap();
    assert!(
        text.contains("status    ERROR in step `extract`: malformed_input"),
        "{text}"
    );
    assert!(text.contains(" 1. extract"), "{text}");
    assert!(
        text.contains("ERROR\n        malformed_input: HTML nesting deeper than 512 <div> levels"),
        "{text}"
    );
    // The code's meaning, from `ErrorCode::description`, under the reason.
    assert!(
        text.contains("\nmeaning   The document's content is not in a form the step can parse"),
        "{text}"
    );
    assert!(
        text.contains(" 2. lid                language_id        not reached"),
        "{text}"
    );

    let text = inspect(out.path(), fixture::ZST_DOC).unwrap();
    assert!(
        text.contains("found in  kept/00002_00000.jsonl.zst, line 1"),
        "{text}"
    );
}

#[test]
fn inspect_unknown_id_is_a_clear_error() {
    let out = fake_out(10);
    let e = inspect(out.path(), "<urn:uuid:does-not-exist>").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Data);
    let msg = e.to_string();
    assert!(
        msg.contains("no document with id `<urn:uuid:does-not-exist>`"),
        "{msg}"
    );
    assert!(msg.contains("kept/, removed/ and errors/"), "{msg}");

    fs::remove_dir_all(out.path().join("removed")).unwrap();
    let msg = inspect(out.path(), fixture::REMOVED_SHORT)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("write_removed = false"), "{msg}");

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        inspect(empty.path(), "x").unwrap_err().kind(),
        ErrorKind::Config
    );
}

#[test]
fn bad_lines_are_reported_not_fatal() {
    let out = fake_out(5);
    fs::write(
        out.path().join("kept/00003_00000.jsonl"),
        "{\"id\": \"ok\", \"text\": \"fine\"}\nnot json\n",
    )
    .unwrap();
    let html = render_report(out.path(), &ReportOptions::default()).unwrap();
    assert!(
        html.contains("1 output lines could not be read"),
        "bad line warning missing"
    );
    assert!(html.contains("kept/00003_00000.jsonl:2: invalid JSON"));
    assert!(inspect(out.path(), "ok").unwrap().contains("KEPT"));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_output_is_read_like_jsonl() {
    use tamis_core::{Document, StepEvent};
    use tamis_io::{OutputFormat, ShardWriter, WriterOptions};

    let out = fake_out(5);
    let mut doc = Document::new("pq-1", "First kept line.\nSecond kept line.");
    doc.url = Some("https://parquet.example/a".into());
    doc.language = Some("en".into());
    doc.language_score = Some(0.99);
    let mut signals = serde_json::Map::new();
    signals.insert("removed_at".into(), serde_json::json!([1]));
    doc.record(StepEvent {
        step: "c4_lines".into(),
        removed_lines: vec!["Sign in <now>".into()],
        signals,
    });
    let opts = WriterOptions {
        format: OutputFormat::Parquet,
        ..WriterOptions::default()
    };
    let mut w = ShardWriter::new(&out.path().join("kept"), "00009", &opts).unwrap();
    w.write(&doc).unwrap();
    let files = w.finish().unwrap();
    assert!(files[0].to_string_lossy().ends_with(".parquet"));

    let text = inspect(out.path(), "pq-1").unwrap();
    assert!(
        text.contains("found in  kept/00009_00000.parquet, line 1"),
        "{text}"
    );
    assert!(
        text.contains(
            "          First kept line.\n        - Sign in <now>\n          Second kept line.\n"
        ),
        "{text}"
    );
    let html = render_report(out.path(), &ReportOptions::default()).unwrap();
    assert!(html.contains("parquet.example"));
    assert!(html.contains("<del title=\"removed by c4_lines\">Sign in &lt;now&gt;</del>"));
}

#[test]
fn empty_run_renders_with_placeholders() {
    let out = tempfile::tempdir().unwrap();
    fs::write(
        out.path().join("stats.json"),
        serde_json::to_vec(&tamis_core::Stats::default()).unwrap(),
    )
    .unwrap();
    let html = render_report(out.path(), &ReportOptions::default()).unwrap();
    assert!(html.contains("The run had no steps."));
    assert!(html.contains("No document was dropped."));
    assert!(html.contains("No deduplication data"));
    assert!(html.contains("No errors."));
    assert!(html.ends_with("</html>\n"));
    let e = inspect(out.path(), "x").unwrap_err();
    assert!(
        e.to_string().contains("searched 0 records in 0 files"),
        "{e}"
    );
}
