//! Reliability of the `tamis` binary (issue 7): hostile input, accounting,
//! kill -9 and `--resume`, determinism across thread counts.
//!
//! The inputs come from `tamis-testkit` (a deterministic generator); its two
//! generator files use only std, flate2 and serde_json and are included here
//! with `#[path]`, so this test needs no extra dependency.

#[path = "../../tamis-testkit/src/broken.rs"]
#[allow(dead_code)]
mod broken;
mod common;
#[path = "../../tamis-testkit/src/shards.rs"]
#[allow(dead_code)]
mod shards;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use common::{assert_accounting, command, docs, files, output_files, stats};

/// Peak RSS limit for any run on hostile input.
const MAX_RSS_KB: u64 = 1_500_000;

/// A small pipeline (extraction, a quality filter, PII, a corpus step) with
/// a 256 MiB decompression cap (the gzip bomb inflates to 1 GiB). The full
/// default preset takes about 2 minutes on this corpus in a debug build
/// (language ID and repetition filters on the 30 MB line), too slow for CI.
const BROKEN_PIPELINE: &str = r#"
[input]
max_decompressed_bytes = 268435456

[output]
format = "jsonl_gz"

[[step]]
type = "extract"

[[step]]
type = "gopher_quality"

[[step]]
type = "pii"

[[step]]
type = "exact"
"#;

/// Two corpus steps, so three passes; small output files so rotation is
/// part of what must be identical.
const SHARD_PIPELINE: &str = r#"
[output]
format = "jsonl_gz"
max_docs_per_file = 300

[[step]]
type = "length"
min_words = 70

[[step]]
type = "exact"

[[step]]
type = "minhash"
"#;

struct Run {
    status: ExitStatus,
    stderr: String,
    peak_rss_kb: u64,
    seconds: f64,
}

fn spawn(args: &[&str], stderr_file: &Path) -> Child {
    command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(stderr_file).expect("stderr file"))
        .spawn()
        .expect("start tamis")
}

/// `VmHWM` (peak resident set) of a live process, in KiB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs tamis to the end, sampling its peak RSS every 10 ms (`VmHWM` only
/// grows, so the last sample before exit is the peak up to 10 ms).
fn run(dir: &Path, args: &[&str]) -> Run {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let err = dir.join(format!(
        "stderr-{}.txt",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let t = Instant::now();
    let mut child = spawn(args, &err);
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = peak_rss_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    let _ = std::fs::remove_file(&err);
    Run {
        status,
        stderr,
        peak_rss_kb: peak,
        seconds: t.elapsed().as_secs_f64(),
    }
}

struct BrokenRun {
    _tmp: tempfile::TempDir,
    corpus: PathBuf,
    out: PathBuf,
    cases: Vec<broken::Case>,
    run: Run,
}

/// The full broken corpus (30 MB line, 100,000 nested tags, 1 GiB bomb), run
/// once and shared by the tests that look at its result.
fn broken_run() -> &'static BrokenRun {
    static RUN: OnceLock<BrokenRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        let t = Instant::now();
        let cases = broken::write_corpus(&corpus, &broken::CorpusOptions::default()).unwrap();
        eprintln!(
            "broken corpus: {} files in {:.1} s",
            cases.len(),
            t.elapsed().as_secs_f64()
        );
        let pipeline = tmp.path().join("pipeline.toml");
        std::fs::write(&pipeline, BROKEN_PIPELINE).unwrap();
        let out = tmp.path().join("out");
        let run = run(
            tmp.path(),
            &[
                "run",
                pipeline.to_str().unwrap(),
                "-i",
                corpus.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-j",
                "2",
                "-q",
            ],
        );
        eprintln!(
            "broken corpus run: {:.1} s, peak RSS {} MB",
            run.seconds,
            run.peak_rss_kb / 1024
        );
        BrokenRun {
            _tmp: tmp,
            corpus,
            out,
            cases,
            run,
        }
    })
}

#[test]
fn broken_corpus_runs_to_the_end_without_panic_in_bounded_memory() {
    let b = broken_run();
    assert!(
        b.run.status.success(),
        "exit {:?}:\n{}",
        b.run.status,
        b.run.stderr
    );
    assert!(!b.run.stderr.contains("panicked"), "{}", b.run.stderr);
    assert!(b.run.peak_rss_kb > 0, "no RSS sample");
    assert!(
        b.run.peak_rss_kb < MAX_RSS_KB,
        "peak RSS {} KiB",
        b.run.peak_rss_kb
    );
    let s = stats(&b.out);
    assert_accounting(&s);
    // Every file of the corpus is an input; small ones share shards.
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(b.out.join(".tamis/plan.json")).unwrap()).unwrap();
    assert_eq!(
        plan["inputs"].as_array().unwrap().len(),
        std::fs::read_dir(&b.corpus).unwrap().count()
    );
    assert_eq!(
        s["shards"].as_u64().unwrap() as usize,
        plan["shard_first"].as_array().unwrap().len()
    );
}

#[test]
fn every_damage_is_a_clear_error_record_and_good_records_are_still_read() {
    let b = broken_run();
    assert!(b.run.status.success(), "{}", b.run.stderr);
    let errors = docs(&b.out.join("errors"));
    let s = stats(&b.out);
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(
        errors.len() as u64,
        n("read_errors") + n("step_errors"),
        "errors/ and stats.json disagree"
    );
    for e in &errors {
        assert!(e["file"].as_str().is_some_and(|f| !f.is_empty()), "{e}");
        assert!(e["reason"].as_str().is_some_and(|r| !r.is_empty()), "{e}");
        assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "{e}");
        assert!(e["step"].as_str().is_some_and(|c| !c.is_empty()), "{e}");
        if e["step"] != "read" {
            let code = e["code"].as_str().unwrap_or("");
            assert!(
                tamis_core::ErrorCode::from_name(code).is_some(),
                "step error with an undocumented code: {e}"
            );
        }
        assert!(
            !e["offset"].is_null() || !e["id"].is_null(),
            "error without offset or id: {e}"
        );
    }
    let by_file = |file: &str| -> Vec<&Value> {
        errors
            .iter()
            .filter(|e| {
                e["file"]
                    .as_str()
                    .is_some_and(|f| Path::new(f).file_name().is_some_and(|n| n == file))
            })
            .collect()
    };
    let id_set = |v: &[Value]| -> BTreeSet<String> {
        v.iter()
            .filter_map(|d| d["id"].as_str().map(str::to_owned))
            .collect()
    };
    let kept = id_set(&docs(&b.out.join("kept")));
    let removed = id_set(&docs(&b.out.join("removed")));
    let step_errors: BTreeSet<String> = errors
        .iter()
        .filter(|e| e["step"] != "read")
        .filter_map(|e| e["id"].as_str().map(str::to_owned))
        .collect();
    let mut report = Vec::new();
    // A read error names the damaged record (or none), never a good one read before it.
    for e in errors.iter().filter(|e| e["step"] == "read") {
        if let Some(id) = e["id"].as_str() {
            if kept.contains(id) || removed.contains(id) {
                report.push(format!("read error names a record that was read fine: {e}"));
            }
        }
    }
    for case in &b.cases {
        let errs = by_file(case.file);
        if !case.read_codes.is_empty() {
            let hit = errs.iter().any(|e| {
                e["step"] == "read" && case.read_codes.contains(&e["code"].as_str().unwrap_or(""))
            });
            if !hit {
                report.push(format!(
                    "{}: expected a read error {:?}, got {:?}",
                    case.file, case.read_codes, errs
                ));
            }
        }
        for id in &case.good_ids {
            if !kept.contains(id) && !removed.contains(id) {
                report.push(format!(
                    "{}: good record {id} was not processed (errors of the file: {errs:?})",
                    case.file
                ));
            }
        }
        for id in &case.bad_doc_ids {
            if kept.contains(id) || !(removed.contains(id) || step_errors.contains(id)) {
                report.push(format!(
                    "{}: damaged document {id} should be removed or an error record",
                    case.file
                ));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    // The caps are configurable and reported: the bomb hit the 256 MiB cap.
    assert!(
        s["read_error_reasons"]["decompressed_too_large"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{s:#}"
    );
}

#[test]
fn fail_fast_stops_at_the_first_bad_record_with_a_non_zero_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    broken::write_corpus(
        &tmp.path().join("all"),
        &broken::CorpusOptions {
            big_line_bytes: 1000,
            nesting_depth: 10,
            bomb_bytes: 1000,
        },
    )
    .unwrap();
    for f in ["not-json.jsonl", "corrupt-member.warc.gz"] {
        std::fs::copy(tmp.path().join("all").join(f), input.join(f)).unwrap();
    }
    let out = tmp.path().join("out");
    let args = [
        "run",
        "--preset",
        "default",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "1",
        "-q",
    ];
    let without = run(tmp.path(), &args);
    assert!(without.status.success(), "{}", without.stderr);
    let mut ff = args.to_vec();
    ff.push("--fail-fast");
    ff.push("--overwrite");
    let r = run(tmp.path(), &ff);
    assert!(
        !r.status.success(),
        "--fail-fast exited 0 on bad records:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(
        r.stderr.contains("corrupt-member.warc.gz") || r.stderr.contains("not-json.jsonl"),
        "{}",
        r.stderr
    );
    assert!(
        !out.join("stats.json").exists(),
        "a failed run must not write stats.json"
    );
}

fn assert_same_output(a: &Path, b: &Path, what: &str) {
    let (x, y) = (output_files(a), output_files(b));
    assert_eq!(
        x.keys().collect::<Vec<_>>(),
        y.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (k, v) in &x {
        if v != &y[k] {
            let ids = |s: &str| {
                s.lines()
                    .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(v), ids(&y[k]), "{what}: {k} has different documents");
            panic!("{what}: {k} has the same documents with different content");
        }
    }
    let ids = |o: &BTreeMap<String, String>, sub: &str| -> Vec<String> {
        o.iter()
            .filter(|(k, _)| k.starts_with(sub))
            .flat_map(|(_, v)| {
                v.lines().map(|l| {
                    serde_json::from_str::<Value>(l).unwrap()["id"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
            })
            .collect()
    };
    let kept = ids(&x, "kept/");
    let unique: BTreeSet<&String> = kept.iter().collect();
    assert_eq!(
        unique.len(),
        kept.len(),
        "{what}: a document was written twice"
    );
    let (sa, sb) = (stats(a), stats(b));
    for k in [
        "records_read",
        "kept",
        "removed",
        "read_errors",
        "step_errors",
        "kept_bytes",
    ] {
        assert_eq!(sa[k], sb[k], "{what}: stats.{k}");
    }
    for (p, q) in sa["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(sb["steps"].as_array().unwrap())
    {
        for k in [
            "docs_in",
            "docs_kept",
            "docs_dropped",
            "docs_errored",
            "drops",
            "errors",
        ] {
            assert_eq!(p[k], q[k], "{what}: step {} {k}", p["name"]);
        }
    }
}

struct Shards {
    tmp: tempfile::TempDir,
    input: PathBuf,
    pipeline: PathBuf,
}

fn shards() -> Shards {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    shards::write_shards(&input, 8, 1000, 42).unwrap();
    let pipeline = tmp.path().join("pipeline.toml");
    std::fs::write(&pipeline, SHARD_PIPELINE).unwrap();
    Shards {
        tmp,
        input,
        pipeline,
    }
}

fn shard_args<'a>(s: &'a Shards, out: &'a str, j: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        s.pipeline.to_str().unwrap(),
        "-i",
        s.input.to_str().unwrap(),
        "-o",
        out,
        "-j",
        j,
        "-q",
    ]
}

#[test]
fn kill_9_at_random_points_then_resume_gives_the_uninterrupted_output() {
    let s = shards();
    let full = s.tmp.path().join("full");
    let r = run(s.tmp.path(), &shard_args(&s, full.to_str().unwrap(), "2"));
    assert!(r.status.success(), "{}", r.stderr);
    let st = stats(&full);
    assert_accounting(&st);
    assert!(
        st["removed"].as_u64().unwrap() > 1000
            && st["steps"][1]["docs_dropped"].as_u64().unwrap() > 100,
        "the corpus should have duplicates: {st:#}"
    );
    let total = r.seconds;
    eprintln!(
        "uninterrupted run: {total:.2} s, {} kept, {} removed",
        st["kept"], st["removed"]
    );

    let out = s.tmp.path().join("killed");
    let out_s = out.to_str().unwrap();
    // 4 seeded points in an uninterrupted run's time (5 % to 90 %), sorted;
    // attempt k (k > 0: `--resume`) is killed after the gap since the
    // previous point, so each kill lands at a later stage of the work.
    let mut rng = broken::Rng::new(0x7a31);
    let mut at: Vec<f64> = (0..4)
        .map(|_| total * (0.05 + 0.85 * (rng.below(1000) as f64 / 1000.0)))
        .collect();
    at.sort_by(f64::total_cmp);
    let mut interrupted = 0;
    let mut points = Vec::new();
    let mut prev = 0.0;
    for (attempt, &point) in at.iter().enumerate() {
        let mut args = shard_args(&s, out_s, "2");
        if attempt > 0 {
            args.push("--resume");
        }
        let wait = (point - prev).max(0.05 * total);
        prev = point;
        let err = s.tmp.path().join(format!("kill-{attempt}.txt"));
        let mut child = spawn(&args, &err);
        std::thread::sleep(Duration::from_secs_f64(wait));
        let killed = child.try_wait().unwrap().is_none();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if killed {
            interrupted += 1;
        } else {
            assert!(
                status.success(),
                "{}",
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        let done: usize = (0..3)
            .map(|p| {
                std::fs::read_dir(out.join(".tamis/done").join(format!("pass{p}")))
                    .map_or(0, |r| r.count())
            })
            .sum();
        points.push(format!(
            "+{wait:.2}s (killed: {killed}, tasks committed: {done}/24)"
        ));
    }
    eprintln!("kill points: {points:?}");
    assert!(
        interrupted >= 2,
        "only {interrupted} of 4 kills hit a running process: {points:?}"
    );
    let mut args = shard_args(&s, out_s, "2");
    args.push("--resume");
    let r = run(s.tmp.path(), &args);
    assert!(r.status.success(), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
    assert_accounting(&stats(&out));
    assert_same_output(&full, &out, "resumed after kill -9");
    // No temporary files left in the final output.
    for sub in ["kept", "removed", "errors"] {
        for e in std::fs::read_dir(out.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(!name.ends_with(".tmp"), "leftover {sub}/{name}");
        }
    }
}

#[test]
fn same_output_files_and_documents_at_1_2_and_4_threads() {
    let s = shards();
    let mut outs = Vec::new();
    for j in ["1", "2", "4"] {
        let out = s.tmp.path().join(format!("j{j}"));
        let r = run(s.tmp.path(), &shard_args(&s, out.to_str().unwrap(), j));
        assert!(r.status.success(), "-j {j}: {}", r.stderr);
        eprintln!("-j {j}: {:.2} s", r.seconds);
        outs.push(out);
    }
    assert!(
        files(&outs[0].join("kept")).len() > 8,
        "rotation should give several files per shard"
    );
    assert_same_output(&outs[0], &outs[1], "-j 1 vs -j 2");
    assert_same_output(&outs[0], &outs[2], "-j 1 vs -j 4");
}
