//! End-to-end tests of the `tamis` binary.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use common::{assert_accounting, docs as read_docs, ok, stats, stderr, tamis};

fn manifest() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/crawl/manifest.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn run_without_arguments_processes_the_example_crawl() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(tmp.path(), &["run", "-j", "2"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("example crawl"), "{err}");
    assert!(err.contains("every record accounted for"), "{err}");
    let o = tmp.path().join("tamis-out");
    let s = stats(&o);
    assert_accounting(&s);
    let m = manifest();
    let pages = m["pages"].as_array().unwrap();
    assert_eq!(s["records_read"].as_u64().unwrap(), pages.len() as u64);
    let kept = read_docs(&o.join("kept"));
    let removed = read_docs(&o.join("removed"));
    assert_eq!(kept.len() as u64, s["kept"].as_u64().unwrap());
    assert_eq!(removed.len() as u64, s["removed"].as_u64().unwrap());
    assert!(kept.len() >= 20, "kept only {}", kept.len());
    for d in &removed {
        let r = &d["metadata"]["removed_by"];
        assert!(r["step"].is_string() && r["reason"].is_string(), "{d}");
    }
    // The seed's situation: no kept page carries the shared sidebar headlines.
    let sidebar: Vec<&str> = m["shared_sidebars"]["lavigie-latest-fr"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .filter(|l| l.len() > 20)
        .collect();
    assert_eq!(sidebar.len(), 5, "{sidebar:?}");
    for d in &kept {
        let text = d["text"].as_str().unwrap();
        for h in &sidebar {
            assert!(
                !text.contains(h),
                "sidebar headline {h:?} kept in {}",
                d["metadata"]["url"]
            );
        }
    }
    // Article titles are found; languages labelled.
    assert!(kept.iter().all(|d| d["metadata"]["language"].is_string()));
    let langs: std::collections::BTreeSet<&str> = kept
        .iter()
        .filter_map(|d| d["metadata"]["language"].as_str())
        .collect();
    for l in ["fr", "en", "de", "es", "ar"] {
        assert!(langs.contains(l), "no kept {l} page: {langs:?}");
    }
    // PII redacted: no e-mail address of the manifest survives in kept text.
    for p in pages {
        for e in p["pii"]["emails"].as_array().unwrap() {
            let e = e.as_str().unwrap();
            assert!(
                kept.iter()
                    .all(|d| !d["text"].as_str().unwrap().contains(e)),
                "{e} not redacted"
            );
        }
    }
    // Syndicated copies: at most one of the group is kept.
    let urls: Vec<&str> = kept
        .iter()
        .filter_map(|d| d["metadata"]["url"].as_str())
        .collect();
    for (name, group) in m["groups"].as_object().unwrap() {
        if !name.starts_with("syndication") {
            continue;
        }
        let members: Vec<&str> = group
            .as_object()
            .unwrap()
            .values()
            .flat_map(|v| v.as_array().unwrap().iter().filter_map(|u| u.as_str()))
            .collect();
        let n = members.iter().filter(|u| urls.contains(u)).count();
        assert!(n <= 1, "{name}: {n} copies kept");
    }
}

#[test]
fn run_resume_and_thread_counts_give_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    ok(tmp.path(), &["run", "-q", "-j", "1", "-o", "a"]);
    ok(tmp.path(), &["run", "-q", "-j", "2", "-o", "b"]);
    ok(tmp.path(), &["run", "-q", "-j", "2", "-o", "b", "--resume"]);
    for sub in ["kept", "removed"] {
        assert_eq!(
            read_docs(&tmp.path().join("a").join(sub)),
            read_docs(&tmp.path().join("b").join(sub)),
            "{sub}"
        );
    }
}

#[test]
fn sample_crawl_from_shared_is_fully_accounted() {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/crawl/sample-581.warc.gz");
    if !sample.exists() {
        assert!(
            std::env::var("TAMIS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "{} is missing and TAMIS_REQUIRE_SHARED=1",
            sample.display()
        );
        eprintln!("skipped: {} not found", sample.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    ok(
        tmp.path(),
        &[
            "run",
            "-q",
            "--input",
            sample.to_str().unwrap(),
            "--output",
            "out",
        ],
    );
    let s = stats(&tmp.path().join("out"));
    assert_eq!(s["records_read"], 581);
    assert_accounting(&s);
}

#[test]
fn extract_command_writes_one_object_per_page() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "<html lang=\"fr\"><head><title>Le pont rouvre | Le Courrier</title>\
        <meta property=\"article:published_time\" content=\"2024-03-05T08:00:00Z\"></head><body>\
        <nav><a href=\"/\">Accueil</a> <a href=\"/sport\">Sport</a></nav><article><h1>Le pont rouvre</h1>\
        <p>Après six mois de travaux, le pont de la rivière a rouvert ce matin à la circulation des voitures et des bus.</p>\
        <p>Les habitants du quartier, qui faisaient un détour de vingt minutes, ont salué la fin du chantier.</p></article>\
        <footer>© Le Courrier. Tous droits réservés.</footer></body></html>";
    std::fs::create_dir(tmp.path().join("pages")).unwrap();
    std::fs::write(tmp.path().join("pages/pont.html"), page).unwrap();
    std::fs::write(
        tmp.path().join("pages/image.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    )
    .unwrap();
    let out = ok(tmp.path(), &["extract", "pages"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["id"], "pont");
    assert_eq!(d["title"], "Le pont rouvre");
    assert_eq!(d["lang"], "fr");
    assert!(d["date"].as_str().unwrap().starts_with("2024-03-05"));
    let text = d["text"].as_str().unwrap();
    assert!(
        text.contains("le pont de la rivière a rouvert")
            && !text.contains("Accueil")
            && !text.contains("droits réservés"),
        "{text}"
    );
    // The PNG is removed by the reader (`not_text`), not an error record.
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("could not be processed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn filter_and_dedup_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "The river bridge reopened this morning after six months of work, and the buses are back on their usual route through the old town. \
        Residents who had been driving twenty minutes around the valley said they were relieved. The city council thanked the workers and promised \
        that the next repairs, planned for the spring, would be done at night so that traffic is not interrupted again. Shops near the bridge \
        expect their customers to come back now that the road is open.";
    let lines = [
        serde_json::json!({"id": "a", "text": good}),
        serde_json::json!({"id": "b", "text": "Buy now!"}),
        serde_json::json!({"id": "c", "text": good}),
    ];
    let input: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    std::fs::write(tmp.path().join("in.jsonl"), input).unwrap();
    ok(
        tmp.path(),
        &[
            "filter",
            "--filter",
            "gopher_quality",
            "in.jsonl",
            "-o",
            "kept.jsonl",
            "--removed",
            "removed.jsonl",
            "-q",
        ],
    );
    let kept = std::fs::read_to_string(tmp.path().join("kept.jsonl")).unwrap();
    let removed = std::fs::read_to_string(tmp.path().join("removed.jsonl")).unwrap();
    assert_eq!(kept.lines().count(), 2);
    assert!(removed.contains("\"gopher_short_doc\""), "{removed}");
    ok(
        tmp.path(),
        &[
            "dedup",
            "--method",
            "exact",
            "in.jsonl",
            "-o",
            "dedup.jsonl",
            "--removed",
            "dups.jsonl",
            "-q",
        ],
    );
    let kept = std::fs::read_to_string(tmp.path().join("dedup.jsonl")).unwrap();
    assert_eq!(kept.lines().count(), 2);
    assert!(std::fs::read_to_string(tmp.path().join("dups.jsonl"))
        .unwrap()
        .contains("\"id\":\"c\""));
    ok(
        tmp.path(),
        &[
            "dedup", "--method", "minhash", "in.jsonl", "-o", "mh.jsonl", "-q",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("mh.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

#[test]
fn langid_reads_lines_and_prints_labels() {
    let mut child = common::command()
        .args(["langid", "-k", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Le conseil municipal a voté le budget des écoles.\nThe council voted the school budget.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("fr 0."), "{text}");
    assert!(
        lines[1].starts_with("en 0.") || lines[1].starts_with("en 1."),
        "{text}"
    );
    let score = lines[0].split(' ').nth(1).unwrap();
    assert!(score.split('.').nth(1).unwrap().len() >= 6);
}

#[test]
fn presets_init_and_explain() {
    let tmp = tempfile::tempdir().unwrap();
    let list = String::from_utf8(ok(tmp.path(), &["presets"]).stdout).unwrap();
    for p in ["default", "fineweb", "fineweb2", "c4", "gopher", "ccnet"] {
        assert!(list.contains(p), "{list}");
    }
    ok(tmp.path(), &["init", "--preset", "fineweb", "-o", "p.toml"]);
    let text = std::fs::read_to_string(tmp.path().join("p.toml")).unwrap();
    assert!(text.contains("type = \"fineweb_quality\""));
    // The written file parses back and runs.
    std::fs::write(
        tmp.path().join("in.jsonl"),
        "{\"id\":\"1\",\"text\":\"short\"}\n{\"id\":\"2\",\"text\":\"short\",\"url\":\"http://www.0-1avsex.com/a\"}\n",
    )
    .unwrap();
    ok(
        tmp.path(),
        &["run", "p.toml", "-q", "--input", "in.jsonl", "-o", "o"],
    );
    let s = stats(&tmp.path().join("o"));
    assert_accounting(&s);
    // The recipe starts with FineWeb's URL filter and its built-in lists.
    assert_eq!(s["steps"][0]["type"], "url_filter");
    assert_eq!(s["steps"][0]["drops"]["domain"], 1, "{s}");
    let steps = String::from_utf8(ok(tmp.path(), &["steps"]).stdout).unwrap();
    for s in [
        "extract",
        "language",
        "gopher_quality",
        "minhash",
        "lines",
        "pii",
    ] {
        assert!(steps.contains(s), "{steps}");
    }
    let doc = String::from_utf8(ok(tmp.path(), &["explain", "gopher_quality"]).stdout).unwrap();
    assert!(doc.contains("gopher_short_doc"), "{doc}");
    let bad = tamis(tmp.path(), &["explain", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no step type `nope`"));
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("p.toml"),
        "[input]\npaths=['x.jsonl']\n[[step]]\ntype='gopher_quality'\nmin_doc_wrds=3\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("x.jsonl"), "").unwrap();
    let out = tamis(tmp.path(), &["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("min_doc_wrds"), "{err}");
    let out = tamis(tmp.path(), &["run", "--input", "does-not-exist/*.warc.gz"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Regression: `tamis_core::Error` printed its cause as part of its own
/// message and `main` printed the cause chain again, so users saw every
/// cause twice.
#[test]
fn an_error_cause_is_printed_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tamis(tmp.path(), &["run", "missing.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // The OS's own text for a missing file ("No such file or directory (os error 2)").
    let os_cause = std::fs::read(tmp.path().join("missing.toml"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("tamis: error: cannot read missing.toml\n  caused by: {os_cause}\n")
    );
    assert_eq!(err.matches(&os_cause).count(), 1, "{err}");
    // A missing input file: one message, no cause to repeat.
    let out = tamis(tmp.path(), &["run", "--input", "missing.jsonl", "-o", "o"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("missing.jsonl").count(), 1, "{err}");
}

#[test]
fn explain_errors_lists_every_code_and_docs_include_it() {
    let tmp = tempfile::tempdir().unwrap();
    let text = String::from_utf8(ok(tmp.path(), &["explain", "errors"]).stdout).unwrap();
    for code in ["malformed_input", "resource", "io", "internal"] {
        assert!(text.contains(&format!("\n- `{code}`: ")), "{code}:\n{text}");
    }
    assert!(text.contains("report it"), "{text}");
    assert!(text.contains("`read_error_reasons`"), "{text}");
    let body = text.strip_prefix("errors\n\n").expect("title line");
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md"),
    )
    .unwrap();
    assert!(
        doc.contains(body),
        "docs/reliability.md's error section is out of date: paste `tamis explain errors` (without its title) into it"
    );
}

#[test]
fn report_and_inspect_after_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    ok(tmp.path(), &["run", "-q", "-o", "out"]);
    ok(tmp.path(), &["report", "out"]);
    let html = std::fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    assert!(
        html.contains("<svg") && !html.contains("<script"),
        "self-contained, no scripts"
    );
    let removed = read_docs(&tmp.path().join("out/removed"));
    let id = removed[0]["id"].as_str().unwrap();
    let text = String::from_utf8(ok(tmp.path(), &["inspect", "out", id]).stdout).unwrap();
    let reason = removed[0]["metadata"]["removed_by"]["reason"]
        .as_str()
        .unwrap();
    assert!(text.contains(reason), "{text}");
    let missing = tamis(tmp.path(), &["inspect", "out", "no-such-id"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `tamis extract --explain PAGE` names the rule behind every removed
/// block; with `explain = true` in a run, `tamis inspect` shows the same.
#[test]
fn extract_explain_and_inspect_name_the_rule_of_each_removed_block() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let para = "<p>The river festival returns in July after a two-year pause, with boat races, music on the quays and a night market along the old harbour wall.</p>";
    std::fs::create_dir(dir.join("pages")).unwrap();
    std::fs::write(
        dir.join("pages/festival.html"),
        format!(
            "<html><head><meta property=og:type content=article><title>River festival</title></head><body>\
             <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>River festival</h1>{para}{para}\
             <p>Share this article</p></article><footer><a href=/about>About us</a></footer></body></html>"
        ),
    )
    .unwrap();
    let out = String::from_utf8(ok(dir, &["extract", "--explain", "pages/festival.html"]).stdout)
        .unwrap();
    assert!(out.contains("page kind  article"), "{out}");
    assert!(out.contains("evidence og:type article"), "{out}");
    for (rule, text) in [
        ("landmark", "Home News"),
        ("furniture_line", "Share this article"),
        ("headline", "River festival"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(rule) && l.ends_with(text)),
            "{rule} {text}: {out}"
        );
    }
    assert!(out.contains("night market"), "the kept text follows: {out}");
    let two = tamis(
        dir,
        &[
            "extract",
            "--explain",
            "pages/festival.html",
            "pages/festival.html",
        ],
    );
    assert_eq!(two.status.code(), Some(2), "{}", stderr(&two));
    assert!(
        stderr(&two).contains("--explain takes one HTML file"),
        "{}",
        stderr(&two)
    );

    std::fs::write(
        dir.join("p.toml"),
        "[input]\npaths = [\"pages\"]\n[output]\npath = \"out\"\n[[step]]\ntype = \"extract\"\nexplain = true\n",
    )
    .unwrap();
    ok(dir, &["run", "-q", "p.toml"]);
    let text = String::from_utf8(ok(dir, &["inspect", "out", "festival"]).stdout).unwrap();
    assert!(text.contains("removed by extract (4 blocks)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("furniture_line")
                && l.ends_with("Share this article")),
        "{text}"
    );
}

/// Incremental deduplication across crawls with `tamis run`: the second
/// crawl's copies of the first's documents are removed through the index.
/// (That a run stopped after its reduce leaves the index as it was is
/// tested in tamis-pipeline's runner tests.)
#[test]
fn dedup_index_across_runs_is_published_at_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = |i: usize| {
        format!(
            "Report number {} from the harbour office: the ferry to the northern islands leaves at {} o'clock, \
             and passengers are asked to arrive early because the new ticket gates are slower than the old ones.",
            ["one", "two", "three", "four", "five", "six"][i],
            i + 6
        )
    };
    let write = |name: &str, ids: &[(usize, &str)]| {
        let lines: String = ids
            .iter()
            .map(|(i, id)| serde_json::json!({"id": id, "text": text(*i)}).to_string() + "\n")
            .collect();
        std::fs::write(dir.join(name), lines).unwrap();
    };
    write("crawl1.jsonl", &[(0, "c1-a"), (1, "c1-b"), (2, "c1-c")]);
    write("crawl2.jsonl", &[(1, "c2-b"), (3, "c2-d"), (2, "c2-c")]);
    std::fs::write(
        dir.join("p.toml"),
        "[[step]]\ntype = \"exact\"\nindex_path = \"index\"\n",
    )
    .unwrap();
    ok(
        dir,
        &["run", "p.toml", "-i", "crawl1.jsonl", "-o", "out1", "-q"],
    );
    assert!(dir.join("index/CURRENT").exists());
    ok(
        dir,
        &["run", "p.toml", "-i", "crawl2.jsonl", "-o", "out2", "-q"],
    );
    let kept: Vec<String> = read_docs(&dir.join("out2/kept"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kept, ["c2-d"]);
    let removed = read_docs(&dir.join("out2/removed"));
    let dup_of: Vec<&str> = removed
        .iter()
        .map(|d| {
            d["metadata"]["removed_by"]["signals"]["duplicate_of"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(dup_of, ["c1-b", "c1-c"]);
}

/// A GlotLID-format model by path (the tiny one tamis-lang's tests make with
/// fastText): its labels reach the documents (`fra_Latn`, script `Latn`), and
/// every FineWeb-2 label it can emit finds FineWeb-2's settings.
#[test]
fn glotlid_labels_select_fineweb2_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let model = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tamis-lang/tests/data/glotlid_tiny.bin");
    let golden = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tamis-lang/tests/data/glotlid_golden.jsonl"),
    )
    .unwrap();
    // Three sentences each that fastText labels fra_Latn and cmn_Hani.
    let mut by_label: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for l in golden.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        let label = v["labels"][0].as_str().unwrap_or("").to_owned();
        by_label
            .entry(label)
            .or_default()
            .push(v["text"].as_str().unwrap().to_owned());
    }
    let mut input = String::new();
    for (i, label) in ["fra_Latn", "cmn_Hani"].iter().enumerate() {
        let text = by_label[*label][..3].join("\n");
        input += &format!(
            "{}\n",
            serde_json::json!({"id": i.to_string(), "text": text})
        );
    }
    std::fs::write(tmp.path().join("in.jsonl"), input).unwrap();
    std::fs::write(
        tmp.path().join("p.toml"),
        format!(
            "[[step]]\ntype = \"language\"\nmodel = {:?}\nlabel_only = true\n\n\
             [[step]]\ntype = \"language_score\"\nlanguage_table = \"fineweb2\"\n",
            model.to_str().unwrap()
        ),
    )
    .unwrap();
    ok(
        tmp.path(),
        &["run", "p.toml", "-q", "--input", "in.jsonl", "-o", "o"],
    );
    let kept = read_docs(&tmp.path().join("o/kept"));
    let got: Vec<(&str, &str)> = kept
        .iter()
        .map(|d| {
            (
                d["metadata"]["language"].as_str().unwrap(),
                d["metadata"]["language_script"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("fra_Latn", "Latn"), ("cmn_Hani", "Hani")]);
    let m = tamis_lang::Model::load(&model).unwrap();
    let table = tamis_filters::LanguageTable::Fineweb2;
    let covered = m
        .labels()
        .iter()
        .filter(|l| table.params(l).is_some_and(|p| p.code == l.as_str()))
        .count();
    // All but the 200 private-use labels (`qaa_Latn`...).
    assert_eq!(covered, m.labels().len() - 200);
}

/// `fasttext_classifier` with `keep_top`: the exact top fraction of the
/// whole corpus by the classifier's score, the same with one or several
/// shards and threads (the model and scores are tamis-lang's fixtures, made
/// by fastText).
#[test]
fn classifier_keep_top_is_the_corpus_top_fraction() {
    let tmp = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tamis-lang/tests/data");
    let golden: Vec<Value> = std::fs::read_to_string(data.join("classifier_golden.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    for (f, chunk) in golden.chunks(80).enumerate() {
        let mut s = String::new();
        for (i, g) in chunk.iter().enumerate() {
            let id = format!("{f}-{i:03}");
            s += &format!("{}\n", serde_json::json!({"id": id, "text": g["text"]}));
        }
        std::fs::write(tmp.path().join(format!("in/part-{f}.jsonl")), s).unwrap();
    }
    // The expected kept ids: fastText's scores, top ceil(0.2 * n).
    let mut scored: Vec<(f64, String)> = golden
        .iter()
        .enumerate()
        .map(|(n, g)| {
            (
                g["dclm"].as_f64().unwrap(),
                format!("{}-{:03}", n / 80, n % 80),
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let k = (0.2 * golden.len() as f64).ceil() as usize;
    let cut = scored[k - 1].0;
    assert!(
        scored[k].0 < cut - 1e-6,
        "the fixture has no tie at the cut"
    );
    let mut want: Vec<String> = scored[..k].iter().map(|(_, id)| id.clone()).collect();
    want.sort();
    let mut runs = Vec::new();
    for (name, shard_bytes, jobs) in [("a", 0, "1"), ("b", 0, "2"), ("c", 1 << 20, "2")] {
        std::fs::write(
            tmp.path().join(format!("{name}.toml")),
            format!(
                "[input]\nshard_bytes = {shard_bytes}\n\n[output]\nformat = \"jsonl\"\n\n\
                 [[step]]\ntype = \"fasttext_classifier\"\nmodel = {:?}\nlabel = \"hq\"\nkeep_top = 0.2\n",
                data.join("classifier_tiny.bin").to_str().unwrap()
            ),
        )
        .unwrap();
        let out = format!("o-{name}");
        ok(
            tmp.path(),
            &[
                "run",
                &format!("{name}.toml"),
                "-q",
                "-j",
                jobs,
                "--input",
                "in",
                "-o",
                &out,
            ],
        );
        let mut ids = Vec::new();
        for f in common::files(&tmp.path().join(&out).join("kept")) {
            for l in std::fs::read_to_string(&f).unwrap().lines() {
                let v: Value = serde_json::from_str(l).unwrap();
                assert!(v["metadata"]["fasttext_hq"].as_f64().unwrap() >= cut - 1e-6);
                ids.push(v["id"].as_str().unwrap().to_owned());
            }
        }
        ids.sort();
        let s = stats(&tmp.path().join(&out));
        assert_eq!(
            s["steps"][0]["drops"]["below_top_fraction"],
            golden.len() - ids.len()
        );
        runs.push(ids);
    }
    assert_eq!(
        runs[0], want,
        "kept is not the top 20% by fastText's scores"
    );
    assert_eq!(runs[0].len(), k);
    assert_eq!(runs[1], runs[0]);
    assert_eq!(runs[2], runs[0]);
}

/// `keep_top` keeps exactly `ceil(f × n)` documents even when many score
/// the same (a page repeated across a crawl): ties are ordered by id.
#[test]
fn classifier_keep_top_is_exact_with_ties() {
    let tmp = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tamis-lang/tests/data");
    let mut s = String::new();
    for i in 0..101 {
        let text = if i % 2 == 0 {
            "the same page again".to_owned()
        } else {
            format!("page {i}")
        };
        s += &format!(
            "{}\n",
            serde_json::json!({"id": format!("d{i:03}"), "text": text})
        );
    }
    std::fs::write(tmp.path().join("in.jsonl"), s).unwrap();
    std::fs::write(
        tmp.path().join("p.toml"),
        format!(
            "[output]\nformat = \"jsonl\"\n\n[[step]]\ntype = \"fasttext_classifier\"\nmodel = {:?}\n\
             label = \"__label__hq\"\nmetadata_key = \"hq_score\"\nkeep_top = 0.3\n",
            data.join("classifier_tiny.bin").to_str().unwrap()
        ),
    )
    .unwrap();
    let mut kept = Vec::new();
    for jobs in ["1", "2"] {
        let out = format!("o{jobs}");
        ok(
            tmp.path(),
            &[
                "run", "p.toml", "-q", "-j", jobs, "--input", "in.jsonl", "-o", &out,
            ],
        );
        let mut ids: Vec<String> = common::files(&tmp.path().join(&out).join("kept"))
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        serde_json::from_str::<Value>(l).unwrap()["id"]
                            .as_str()
                            .unwrap()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        ids.sort();
        assert_eq!(ids.len(), 31, "ceil(0.3 * 101)");
        kept.push(ids);
    }
    assert_eq!(kept[0], kept[1]);
    // The report draws the scores and the threshold keep_top found.
    ok(tmp.path(), &["report", "o1"]);
    let html = std::fs::read_to_string(tmp.path().join("o1/report.html")).unwrap();
    assert!(html.contains("Classifier scores") && html.contains("metadata.hq_score"));
    assert!(html.contains("keeps the top 30% (score ≥") && html.contains(r#"class="marker""#));
}

/// `tamis train-classifier`: from a label field or from positive and
/// negative files; the model classifies and is the same for a seed.
#[test]
fn train_classifier_from_labels_or_two_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut labelled, mut pos, mut neg) = (String::new(), String::new(), String::new());
    for i in 0..200 {
        let (label, text) = if i % 2 == 0 {
            (
                "hq",
                format!("careful explanation of the theorem number {i} with proof"),
            )
        } else {
            (
                "cc",
                format!("click here buy now cheap deal {i} free shipping"),
            )
        };
        let line = serde_json::json!({"id": i.to_string(), "text": text, "label": label});
        labelled += &format!("{line}\n");
        let plain = serde_json::json!({"id": i.to_string(), "text": text});
        if label == "hq" {
            pos += &format!("{plain}\n");
        } else {
            neg += &format!("{plain}\n");
        }
    }
    for (name, body) in [("l.jsonl", &labelled), ("p.jsonl", &pos), ("n.jsonl", &neg)] {
        std::fs::write(tmp.path().join(name), body).unwrap();
    }
    let opts = [
        "--dim",
        "10",
        "--epoch",
        "5",
        "--word-ngrams",
        "2",
        "--bucket",
        "5000",
        "--seed",
        "1",
        "-j",
        "1",
    ];
    let mut a = vec![
        "train-classifier",
        "--input",
        "l.jsonl",
        "--label-field",
        "label",
        "-o",
        "a.bin",
    ];
    a.extend(opts);
    ok(tmp.path(), &a);
    let mut b = vec![
        "train-classifier",
        "--positive",
        "p.jsonl",
        "--negative",
        "n.jsonl",
        "-o",
        "b.bin",
    ];
    b.extend(opts);
    ok(tmp.path(), &b);
    ok(
        tmp.path(),
        &a.iter()
            .map(|s| s.replace("a.bin", "c.bin"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let read = |n: &str| std::fs::read(tmp.path().join(n)).unwrap();
    assert_eq!(read("a.bin"), read("c.bin"), "same seed, same model");
    for name in ["a.bin", "b.bin"] {
        let m = tamis_lang::Model::load(&tmp.path().join(name)).unwrap();
        assert_eq!(
            m.predict("a careful proof of the theorem", 1, 0.0)[0].label,
            "hq"
        );
        assert_eq!(m.predict("buy now free shipping", 1, 0.0)[0].label, "cc");
    }
    // Clear errors.
    let e = tamis(
        tmp.path(),
        &["train-classifier", "--input", "p.jsonl", "-o", "x.bin"],
    );
    assert!(
        !e.status.success() && stderr(&e).contains("no `label` label"),
        "{}",
        stderr(&e)
    );
    let e = tamis(
        tmp.path(),
        &[
            "train-classifier",
            "--input",
            "l.jsonl",
            "-o",
            "x.bin",
            "-j",
            "2",
        ],
    );
    assert!(
        !e.status.success() && stderr(&e).contains("one thread"),
        "{}",
        stderr(&e)
    );
}

/// `tamis tokenize`: the three formats hold each document's ids then EOS,
/// in input order, the same on one or two threads; rotation; clear errors.
#[test]
fn tokenize_writes_trainer_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let texts = ["Hello world", "", "Ünïcödé 世界 🙂", "a <|endoftext|> b"];
    let mut input = String::new();
    for _ in 0..700 {
        for (i, t) in texts.iter().enumerate() {
            input += &format!("{}\n", serde_json::json!({"id": i.to_string(), "text": t}));
        }
    }
    std::fs::write(tmp.path().join("in.jsonl"), input).unwrap();
    let tok = tamis_tokens::Tokenizer::builtin("r50k_base").unwrap();
    let mut want: Vec<u32> = Vec::new();
    for _ in 0..700 {
        for t in texts {
            want.extend(tok.encode(t).unwrap());
            want.push(50_256);
        }
    }
    let read = |p: &str| std::fs::read(tmp.path().join(p)).unwrap();
    let u16s = |b: &[u8]| {
        b.chunks_exact(2)
            .map(|c| u32::from(u16::from_le_bytes([c[0], c[1]])))
            .collect::<Vec<u32>>()
    };
    for (format, jobs) in [
        ("megatron", "1"),
        ("megatron", "2"),
        ("datatrove", "2"),
        ("npy", "2"),
    ] {
        let out = format!("o-{format}-{jobs}");
        ok(
            tmp.path(),
            &[
                "tokenize",
                "in.jsonl",
                "-o",
                &out,
                "--tokenizer",
                "gpt2",
                "--format",
                format,
                "-j",
                jobs,
            ],
        );
        let got = match format {
            "megatron" => {
                let idx = read(&format!("{out}/tokens-00000.idx"));
                assert_eq!(&idx[..9], b"MMIDIDX\x00\x00");
                assert_eq!(u64::from_le_bytes(idx[18..26].try_into().unwrap()), 2800);
                u16s(&read(&format!("{out}/tokens-00000.bin")))
            }
            "datatrove" => {
                let index = read(&format!("{out}/tokens-00000.ds.index"));
                let last = u64::from_le_bytes(index[index.len() - 8..].try_into().unwrap());
                assert_eq!(last as usize, want.len());
                u16s(&read(&format!("{out}/tokens-00000.ds")))
            }
            _ => u16s(&read(&format!("{out}/tokens-00000.npy"))[128..]),
        };
        assert_eq!(got, want, "{format} -j{jobs}");
    }
    assert_eq!(
        read("o-megatron-1/tokens-00000.bin"),
        read("o-megatron-2/tokens-00000.bin")
    );
    // Rotation: never inside a document.
    ok(
        tmp.path(),
        &[
            "tokenize",
            "in.jsonl",
            "-o",
            "rot",
            "--max-tokens-per-file",
            "1000",
        ],
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path().join("rot"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let bins = names.iter().filter(|n| n.ends_with(".bin")).count();
    let idxs = names.iter().filter(|n| n.ends_with(".idx")).count();
    assert!(
        bins > 2 && bins == idxs && bins + idxs == names.len(),
        "{names:?}"
    );
    // Errors.
    let e = tamis(tmp.path(), &["tokenize", "in.jsonl", "-o", "rot"]);
    assert!(!e.status.success() && stderr(&e).contains("already holds token files"));
    let e = tamis(
        tmp.path(),
        &["tokenize", "in.jsonl", "-o", "x", "--eos", "<|nope|>"],
    );
    assert!(!e.status.success() && stderr(&e).contains("not a special token"));
    let e = tamis(
        tmp.path(),
        &["tokenize", "in.jsonl", "-o", "x", "--shuffle"],
    );
    assert!(!e.status.success() && stderr(&e).contains("--shuffle"));
}
