//! Runner tests with small steps defined here: accounting, multi-pass corpus
//! steps, determinism across thread counts, resume, panics as error records.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tamis_core::{
    parse_config, Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, ErrorCode,
    Outcome, Registry, Removal, Result, Step, StepContext, StepInfo,
};
use tamis_pipeline::{Pipeline, PipelineConfig, ProgressMode, RunOptions};

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct MinWordsConfig {
    min_words: usize,
}
struct MinWords(usize);
impl Step for MinWords {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        if doc.text.contains("PANIC") {
            panic!("boom on {}", doc.id);
        }
        if doc.text.contains("ERROR") {
            return Outcome::error(ErrorCode::MalformedInput, "bad document");
        }
        let n = doc.text.split_whitespace().count();
        cx.count("words", n as u64);
        if n < self.0 {
            return Outcome::Drop(Removal::new("too_short").signal("n_words", n));
        }
        Outcome::Keep
    }
}

/// Exact duplicates: collector writes `text\tposkey` per shard; reduce keeps the lowest key.
struct Exact;
struct ExactCollector(PathBuf, String);
struct ExactApplier(BTreeSet<u64>);
impl CorpusStep for Exact {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        Ok(Box::new(ExactCollector(
            cx.work_dir.join(format!("{shard}.sig")),
            String::new(),
        )))
    }
    /// Three parts by text length; each writes the keys it drops, the merge joins them.
    fn reduce_parts(&self) -> u32 {
        3
    }
    fn reduce_part(&self, cx: &CorpusContext, part: u32) -> Result<()> {
        let mut best: std::collections::BTreeMap<String, u64> = Default::default();
        let mut all = Vec::new();
        for s in 0..cx.num_shards {
            let Ok(t) = fs::read_to_string(cx.work_dir.join(format!("{s}.sig"))) else {
                continue;
            };
            for line in t.lines() {
                let (text, key) = line.rsplit_once('\t').unwrap();
                if text.len() % 3 != part as usize {
                    continue;
                }
                let key: u64 = key.parse().unwrap();
                all.push((text.to_owned(), key));
                let e = best.entry(text.to_owned()).or_insert(key);
                *e = (*e).min(key);
            }
        }
        let drop: Vec<String> = all
            .iter()
            .filter(|(t, k)| best[t] != *k)
            .map(|(_, k)| k.to_string())
            .collect();
        fs::write(cx.work_dir.join(format!("drop{part}")), drop.join("\n"))?;
        Ok(())
    }
    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()> {
        let mut all = String::new();
        for part in 0..3 {
            all.push_str(&fs::read_to_string(
                cx.work_dir.join(format!("drop{part}")),
            )?);
            all.push('\n');
        }
        fs::write(cx.work_dir.join("drop"), all)?;
        Ok(())
    }
    fn applier(&self, cx: &CorpusContext, _shard: u32) -> Result<Box<dyn Applier>> {
        let t = fs::read_to_string(cx.work_dir.join("drop"))?;
        Ok(Box::new(ExactApplier(
            t.lines().filter_map(|l| l.parse().ok()).collect(),
        )))
    }
}
impl Collector for ExactCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        self.1.push_str(&format!(
            "{}\t{}\n",
            doc.text.replace(['\n', '\t'], " "),
            doc.position.key()
        ));
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<()> {
        fs::write(&self.0, &self.1)?;
        Ok(())
    }
}
impl Applier for ExactApplier {
    fn apply(&mut self, doc: &mut Document, _: &mut StepContext) -> Outcome {
        if self.0.contains(&doc.position.key()) {
            Outcome::Drop(Removal::new("exact_duplicate"))
        } else {
            Outcome::Keep
        }
    }
}

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(StepInfo {
        name: "min_words",
        summary: "",
        doc: "",
        options: Vec::new,
        factory: |v| {
            Ok(BuiltStep::Doc(Box::new(MinWords(
                parse_config::<MinWordsConfig>(v)?.min_words,
            ))))
        },
    });
    r.register(StepInfo {
        name: "exact",
        summary: "",
        doc: "",
        options: Vec::new,
        factory: |_| Ok(BuiltStep::Corpus(Box::new(Exact))),
    });
    r
}

/// Three shards of JSONL with duplicates across shards, short docs, a bad line, a panic and an error.
fn write_inputs(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for s in 0..3 {
        let mut lines = Vec::new();
        for i in 0..40 {
            let text = match i % 10 {
                0 => "short".to_owned(),
                1 => "the same syndicated text appears on many sites".to_owned(),
                2 if s == 1 => "PANIC here now please".to_owned(),
                3 if s == 2 => "ERROR in this one".to_owned(),
                _ => format!("document {s} {i} has enough words to pass"),
            };
            lines.push(json!({"id": format!("{s}-{i}"), "text": text}).to_string());
        }
        lines.insert(5, "{not json".to_owned());
        let p = dir.join(format!("in-{s}.jsonl"));
        fs::write(&p, lines.join("\n") + "\n").unwrap();
        paths.push(p.display().to_string());
    }
    paths
}

fn config(inputs: &[String], out: &Path, corpus: bool) -> PipelineConfig {
    let mut text = String::from("[[step]]\ntype = \"min_words\"\nmin_words = 3\n");
    if corpus {
        text.push_str("[[step]]\ntype = \"exact\"\n[[step]]\ntype = \"min_words\"\nname = \"again\"\nmin_words = 4\n");
    }
    let mut c = PipelineConfig::from_toml(&text).unwrap();
    c.input.paths = inputs.to_vec();
    c.output.path = out.to_path_buf();
    c
}

fn opts(threads: usize) -> RunOptions {
    RunOptions {
        threads,
        progress: ProgressMode::Quiet,
        batch_docs: 7,
        ..RunOptions::default()
    }
}

/// All lines of all files under `dir`, file by file in name order (decompressed).
fn read_dir_lines(dir: &Path) -> Vec<(String, Vec<String>)> {
    // Only tamis's output files (a user's own file may sit beside them).
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "gz"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let mut s = String::new();
            flate2::read::MultiGzDecoder::new(fs::File::open(&f).unwrap())
                .read_to_string(&mut s)
                .unwrap();
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                s.lines().map(str::to_owned).collect(),
            )
        })
        .collect()
}

#[test]
fn single_pass_accounts_for_every_record() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let out = tmp.path().join("out");
    let stats = Pipeline::build(config(&inputs, &out, false), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert_eq!(stats.records_read, 3 * 41);
    assert_eq!(stats.read_errors, 3);
    assert_eq!(stats.step_errors, 8, "four panics and four errors");
    assert_eq!(stats.removed, 12);
    assert!(stats.is_balanced(), "{stats:?}");
    let s = &stats.steps[0];
    assert_eq!(s.docs_in, s.docs_kept + s.docs_dropped + s.docs_errored);
    assert_eq!(s.drops["too_short"], 12);
    // Errors are counted per code: a panic is a bug (internal), the step's own error keeps its code.
    assert_eq!(
        s.errors,
        tamis_core::Counter::from([
            ("internal".to_owned(), 4),
            ("malformed_input".to_owned(), 4)
        ])
    );
    assert!(s.counters["words"] > 0);
    // Files: kept per shard, removed with reasons, errors with file/offset.
    let kept = read_dir_lines(&out.join("kept"));
    assert_eq!(
        kept.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "00000_00000.jsonl.gz",
            "00001_00000.jsonl.gz",
            "00002_00000.jsonl.gz"
        ]
    );
    assert_eq!(
        kept.iter().map(|(_, l)| l.len() as u64).sum::<u64>(),
        stats.kept
    );
    let removed: Vec<Value> = read_dir_lines(&out.join("removed"))
        .into_iter()
        .flat_map(|(_, l)| l)
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    assert_eq!(removed.len(), 12);
    assert_eq!(
        removed[0]["metadata"]["removed_by"],
        json!({"step": "min_words", "reason": "too_short", "signals": {"n_words": 1}})
    );
    let errors: Vec<Value> = read_dir_lines(&out.join("errors"))
        .into_iter()
        .flat_map(|(_, l)| l)
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    assert_eq!(errors.len(), 11);
    assert!(errors.iter().any(|e| e["step"] == "min_words"
        && e["code"] == "internal"
        && e["reason"].as_str().unwrap().contains("boom on 1-2")));
    assert_eq!(
        errors
            .iter()
            .filter(|e| e["step"] == "min_words"
                && e["code"] == "malformed_input"
                && e["reason"] == "bad document")
            .count(),
        4
    );
    assert!(errors
        .iter()
        .any(|e| e["step"] == "read" && e["file"].as_str().unwrap().ends_with("in-0.jsonl")));
    let on_disk: tamis_core::Stats =
        serde_json::from_slice(&fs::read(out.join("stats.json")).unwrap()).unwrap();
    assert_eq!(on_disk.kept, stats.kept);
}

#[test]
fn corpus_step_runs_in_passes_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let mut outputs = Vec::new();
    for threads in [1, 4] {
        let out = tmp.path().join(format!("out{threads}"));
        let p = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
        assert_eq!(p.passes(), 2);
        let stats = p.run(&opts(threads)).unwrap();
        assert!(stats.is_balanced(), "{stats:?}");
        // 12 copies of the syndicated text: the first (shard 0, ordinal 1) stays.
        assert_eq!(stats.steps[1].drops["exact_duplicate"], 11);
        assert_eq!(stats.steps[1].docs_in, stats.steps[0].docs_kept);
        assert_eq!(stats.steps[2].docs_in, stats.steps[1].docs_kept);
        assert!(
            !out.join(".tamis/pass1").exists(),
            "intermediate data removed after success"
        );
        outputs.push((
            read_dir_lines(&out.join("kept")),
            read_dir_lines(&out.join("removed")),
        ));
    }
    assert_eq!(
        outputs[0], outputs[1],
        "same files, same documents, same order at -j1 and -j4"
    );
    let kept: Vec<&String> = outputs[0].0.iter().flat_map(|(_, l)| l).collect();
    assert_eq!(kept.iter().filter(|l| l.contains("syndicated")).count(), 1);
    assert!(
        kept[0].contains("\"id\":\"0-1\"") || kept.iter().any(|l| l.contains("\"id\":\"0-1\""))
    );
}

#[test]
fn resume_redoes_only_uncommitted_tasks_and_equals_a_clean_run() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let clean = tmp.path().join("clean");
    Pipeline::build(config(&inputs, &clean, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    let out = tmp.path().join("out");
    let mut o = opts(2);
    o.keep_work = true;
    Pipeline::build(config(&inputs, &out, true), &registry())
        .unwrap()
        .run(&o)
        .unwrap();
    // Simulate a kill during pass 1 of shard 1: its marker and final files gone, a temp file left over.
    fs::remove_file(out.join(".tamis/done/pass1/00001.json")).unwrap();
    for e in fs::read_dir(out.join("kept")).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("00001_") {
            fs::rename(
                e.path(),
                out.join("kept")
                    .join(format!(".{}.tmp", e.file_name().to_string_lossy())),
            )
            .unwrap();
        }
    }
    fs::remove_file(out.join("stats.json")).unwrap();
    let mut r = opts(1);
    r.resume = true;
    let stats = Pipeline::build(config(&inputs, &out, true), &registry())
        .unwrap()
        .run(&r)
        .unwrap();
    assert!(stats.is_balanced());
    assert_eq!(
        read_dir_lines(&out.join("kept")),
        read_dir_lines(&clean.join("kept"))
    );
    assert_eq!(
        read_dir_lines(&out.join("removed")),
        read_dir_lines(&clean.join("removed"))
    );
    // Resuming with a different configuration is refused.
    let mut changed = config(&inputs, &out, true);
    changed.steps[0]
        .options
        .insert("min_words".into(), json!(9));
    let err = Pipeline::build(changed, &registry())
        .unwrap()
        .run(&r)
        .unwrap_err();
    assert!(err.to_string().contains("configuration differs"), "{err}");
}

#[test]
fn unreadable_input_file_is_an_error_record_not_a_failed_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut inputs = write_inputs(tmp.path());
    let gz = tmp.path().join("broken.jsonl.gz");
    fs::write(&gz, b"\x1f\x8b\x08\x00garbage").unwrap();
    inputs.push(gz.display().to_string());
    let out = tmp.path().join("out");
    let stats = Pipeline::build(config(&inputs, &out, false), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert!(stats.is_balanced(), "{stats:?}");
    assert!(stats.read_errors >= 4);
}

#[test]
fn binary_files_are_removed_by_the_reader_with_their_type() {
    // A folder input with text files, a PNG, a PDF and random bytes.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("a.txt"), "a text file with enough words in it").unwrap();
    fs::write(dir.join("b.md"), "another text file, also with words").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 31 % 256) as u8));
    fs::write(dir.join("c.png"), &png).unwrap();
    fs::write(dir.join("d.pdf"), b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n1 0 obj").unwrap();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let random: Vec<u8> = (0..3000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    fs::write(dir.join("e.bin"), &random).unwrap();
    let out = tmp.path().join("out");
    let stats = Pipeline::build(
        config(&[dir.display().to_string()], &out, false),
        &registry(),
    )
    .unwrap()
    .run(&opts(1))
    .unwrap();
    assert_eq!(stats.records_read, 5);
    assert_eq!((stats.kept, stats.removed, stats.read_errors), (2, 3, 0));
    assert_eq!(stats.read_removed["not_text"], 3);
    assert!(stats.is_balanced(), "{stats:?}");
    assert_eq!(stats.steps[0].docs_in, 2, "removed files reach no step");
    let removed: Vec<Value> = read_dir_lines(&out.join("removed"))
        .into_iter()
        .flat_map(|(_, l)| l)
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    let mut by: Vec<(String, Value)> = removed
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["metadata"]["removed_by"].clone(),
            )
        })
        .collect();
    by.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        by,
        [
            (
                "c".to_owned(),
                json!({"step": "read", "reason": "not_text", "signals": {"detected": "png", "bytes": png.len()}})
            ),
            (
                "d".to_owned(),
                json!({"step": "read", "reason": "not_text", "signals": {"detected": "pdf", "bytes": 22}})
            ),
            (
                "e".to_owned(),
                json!({"step": "read", "reason": "not_text", "signals": {"detected": "binary", "bytes": 3000}})
            ),
        ]
    );
    let on_disk: tamis_core::Stats =
        serde_json::from_slice(&fs::read(out.join("stats.json")).unwrap()).unwrap();
    assert_eq!(on_disk.read_removed["not_text"], 3);
}

/// The task API as an external scheduler uses it: every call from a fresh
/// `Pipeline` (another process), shards in reverse order, checks at the
/// barriers; the result equals `run`'s.
#[test]
fn tasks_driven_one_by_one_equal_a_run() {
    use tamis_pipeline::ReduceOutcome;
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let clean = tmp.path().join("clean");
    let want = Pipeline::build(config(&inputs, &clean, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();

    let out = tmp.path().join("tasks");
    let err = Pipeline::from_output(&out, &registry()).err().unwrap();
    assert!(
        err.to_string().contains("not a tamis output folder"),
        "{err}"
    );
    let driver = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    let plan = driver.prepare(&opts(1)).unwrap();
    assert_eq!(
        (plan.num_shards(), plan.passes, plan.corpus_steps.clone()),
        (3, 2, vec!["exact".to_owned()])
    );
    assert!(plan.inputs[0].ends_with("in-0.jsonl") && plan.input_bytes[0] > 0);
    let worker = || Pipeline::from_output(&out, &registry()).unwrap();
    assert_eq!(worker().recorded_plan().unwrap(), plan);

    worker().run_shard(0, 2, &opts(1)).unwrap();
    let err = worker().reduce(0, &opts(1)).unwrap_err();
    assert!(
        err.to_string()
            .contains("pass 0 is not committed for 2 of 3 shards: 0-1"),
        "{err}"
    );
    assert_eq!(
        worker().try_reduce(0, &opts(1)).unwrap(),
        ReduceOutcome::NotReady {
            missing: vec![0, 1]
        }
    );
    let err = worker().finish(&opts(1)).unwrap_err();
    assert!(
        err.to_string()
            .contains("pass 0: shards 0-1 (2 of 3) not committed"),
        "{err}"
    );
    for s in [1, 0] {
        worker().run_shard(0, s, &opts(2)).unwrap();
    }
    let again = worker().run_shard(0, 1, &opts(1)).unwrap();
    assert_eq!(
        again.records_read, 41,
        "committed: returns its stats without running"
    );
    let err = worker().run_shard(1, 0, &opts(1)).unwrap_err();
    assert!(
        err.to_string().contains("needs the reduce of `exact`"),
        "{err}"
    );
    assert!(!worker().status().unwrap().reduced[0]);
    // Another machine holds the reduce lock (fresh heartbeat): nobody else reduces.
    let lock = out.join(".tamis/locks/reduce0");
    fs::create_dir_all(lock.parent().unwrap()).unwrap();
    fs::write(&lock, "node17 4242 0\n").unwrap();
    assert_eq!(
        worker().try_reduce(0, &opts(1)).unwrap(),
        ReduceOutcome::Busy {
            holder: "process 4242 on node17".into()
        }
    );
    let err = worker().reduce(0, &opts(1)).unwrap_err();
    assert!(
        err.to_string()
            .contains("already running (process 4242 on node17)"),
        "{err}"
    );
    fs::remove_file(&lock).unwrap();
    // The reduce's parts, as separate tasks: part 2, then part 0; part 1 is
    // held by another machine, so the reduce waits for it.
    assert_eq!(plan.reduce_parts, [3]);
    assert_eq!(worker().reduce_parts(0).unwrap(), 3);
    assert!(worker()
        .reduce_part(0, 3, &opts(1))
        .unwrap_err()
        .to_string()
        .contains("no part 3"));
    assert_eq!(
        worker().try_reduce_part(0, 2, &opts(1)).unwrap(),
        ReduceOutcome::Done
    );
    assert_eq!(
        worker().try_reduce_part(0, 2, &opts(1)).unwrap(),
        ReduceOutcome::AlreadyDone
    );
    worker().reduce_part(0, 0, &opts(1)).unwrap();
    let status = worker().status().unwrap();
    assert_eq!(status.reduce_parts_missing, [vec![1]]);
    assert!(
        status
            .describe(&plan)
            .contains("reduce of `exact` not merged (1 of 3 parts not run: 1)"),
        "{}",
        status.describe(&plan)
    );
    let part_lock = out.join(".tamis/locks/reduce0-part00001");
    fs::write(&part_lock, "node18 4343 0\n").unwrap();
    assert_eq!(
        worker().try_reduce(0, &opts(2)).unwrap(),
        ReduceOutcome::Busy {
            holder: "process 4343 on node18".into()
        }
    );
    assert!(!worker().status().unwrap().reduced[0]);
    fs::remove_file(&part_lock).unwrap();
    assert_eq!(
        worker().try_reduce(0, &opts(1)).unwrap(),
        ReduceOutcome::Done
    );
    assert!(
        fs::read_to_string(&lock).unwrap().starts_with("done"),
        "the lock ends as a done record"
    );
    assert_eq!(
        worker().try_reduce(0, &opts(1)).unwrap(),
        ReduceOutcome::AlreadyDone
    );
    worker().run_shards(1, &[2, 0, 1], &opts(2)).unwrap();
    let status = worker().status().unwrap();
    assert!(status.is_complete() && status.describe(&plan).is_empty());
    let got = worker().finish(&opts(1)).unwrap();
    assert!(!out.join(".tamis/pass1").exists());
    assert_eq!(
        read_dir_lines(&out.join("kept")),
        read_dir_lines(&clean.join("kept"))
    );
    assert_eq!(
        read_dir_lines(&out.join("removed")),
        read_dir_lines(&clean.join("removed"))
    );
    assert_eq!(
        read_dir_lines(&out.join("errors")),
        read_dir_lines(&clean.join("errors"))
    );
    let untimed = |mut s: tamis_core::Stats| {
        s.wall_seconds = 0.0;
        s.steps.iter_mut().for_each(|x| x.seconds = 0.0);
        s
    };
    assert_eq!(untimed(got), untimed(want.clone()));
    let on_disk: tamis_core::Stats =
        serde_json::from_slice(&fs::read(out.join("stats.json")).unwrap()).unwrap();
    assert_eq!(untimed(on_disk), untimed(want));
    // Out-of-range tasks are clear errors.
    assert!(worker()
        .run_shard(2, 0, &opts(1))
        .unwrap_err()
        .to_string()
        .contains("no pass 2"));
    assert!(worker()
        .run_shard(0, 3, &opts(1))
        .unwrap_err()
        .to_string()
        .contains("no shard 3"));
}

#[test]
fn prepare_with_resume_checks_inputs_and_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let out = tmp.path().join("out");
    let p = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    let mut resume = opts(1);
    resume.resume = true;
    p.prepare(&resume).unwrap();
    p.prepare(&resume).unwrap();
    // A glob that now matches another file: refused, not renumbered.
    let glob = vec![tmp.path().join("in-*.jsonl").display().to_string()];
    let g = tmp.path().join("glob");
    Pipeline::build(config(&glob, &g, true), &registry())
        .unwrap()
        .prepare(&resume)
        .unwrap();
    fs::write(
        tmp.path().join("in-00.jsonl"),
        "{\"id\":\"x\",\"text\":\"a b c d e\"}\n",
    )
    .unwrap();
    let err = Pipeline::build(config(&glob, &g, true), &registry())
        .unwrap()
        .prepare(&resume)
        .unwrap_err();
    assert!(err.to_string().contains("input files differ"), "{err}");
    // Another configuration, even from a worker that never prepared: refused.
    let other = Pipeline::build(config(&inputs, &out, false), &registry()).unwrap();
    assert!(other
        .run_shard(0, 0, &opts(1))
        .unwrap_err()
        .to_string()
        .contains("configuration differs"));
    // The same configuration with the output folder named differently is the same run.
    let renamed = Pipeline::build(
        config(&inputs, &tmp.path().join(".").join("out"), true),
        &registry(),
    )
    .unwrap();
    renamed.run_shard(0, 0, &opts(1)).unwrap();
}

/// Schedulers share one pipeline between threads (Ray actors, PyO3 classes).
#[test]
fn pipeline_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Pipeline>();
    check::<tamis_pipeline::Plan>();
}

/// A dedup index only changes when a run has finished: a run stopped after
/// its reduce (here: never finished) leaves it as it was, so the same crawl
/// run again from scratch keeps its documents instead of finding them in
/// the index; the finished run publishes it, and a later crawl sees it.
#[test]
fn dedup_index_is_published_when_the_run_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let index = tmp.path().join("index");
    let cfg = |out: &str| {
        let mut c = PipelineConfig::from_toml(&format!(
            "[[step]]\ntype = \"exact\"\nindex_path = \"{}\"\npartitions = 4\n",
            index.display()
        ))
        .unwrap();
        c.input.paths = inputs.clone();
        c.output.path = tmp.path().join(out);
        c
    };
    let all = tamis_pipeline::registry();
    // run 1 dies after its reduce, before pass 1 and finish
    let p = Pipeline::build(cfg("dead"), &all).unwrap();
    let plan = p.prepare(&opts(1)).unwrap();
    p.run_shards(0, &(0..plan.num_shards()).collect::<Vec<_>>(), &opts(2))
        .unwrap();
    p.reduce(0, &opts(2)).unwrap();
    assert!(!index.join("CURRENT").exists(), "staged, not published");
    // the same crawl again, from scratch: only the copies within it go
    let first = Pipeline::build(cfg("first"), &all)
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert!(index.join("CURRENT").exists());
    // only the copies inside the crawl (4 texts repeated 12, 12, 4 and 4 times);
    // had the dead run published its index, all 120 would be removed
    assert_eq!((first.kept, first.removed), (92, 28), "{first:?}");
    // a later crawl with the same files: everything is in the index now
    let later = Pipeline::build(cfg("later"), &all)
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert_eq!((later.kept, later.removed), (0, 120), "{later:?}");
}

/// The shard files of a result folder (what tamis wrote), as `read_dir_lines`.
fn shard_lines(dir: &Path) -> Vec<(String, Vec<String>)> {
    read_dir_lines(dir)
        .into_iter()
        .filter(|(name, _)| name.as_bytes()[0].is_ascii_digit())
        .collect()
}

/// Several claimers (threads standing for processes) drive the same run
/// through `ready_tasks` + `run_task`: every task runs exactly once, each
/// after the tasks it depends on, and the result equals `run`'s.
#[test]
fn task_graph_runs_each_task_once_in_dependency_order() {
    use std::sync::Mutex;
    use tamis_pipeline::{Scope, Task, TaskOutcome};
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let clean = tmp.path().join("clean");
    Pipeline::build(config(&inputs, &clean, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    let out = tmp.path().join("graph");
    let driver = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    driver.prepare(&opts(1)).unwrap();
    let graph = driver.task_graph().unwrap();
    let all = graph.tasks();
    assert_eq!(all.len(), 3 + 3 + 1 + 3 + 1, "{all:?}");
    // Readiness before anything ran: pass 0 only; later tasks say what they wait for.
    assert_eq!(
        driver.ready_tasks(Scope::All).unwrap(),
        (0..3)
            .map(|shard| Task::Shard { pass: 0, shard })
            .collect::<Vec<_>>()
    );
    assert!(driver.ready_tasks(Scope::Merge).unwrap().is_empty());
    assert_eq!(
        driver
            .run_task(Task::Shard { pass: 1, shard: 0 }, &opts(1))
            .unwrap(),
        TaskOutcome::NotReady {
            waiting_for: vec![Task::ReduceMerge { corpus: 0 }]
        }
    );
    assert_eq!(
        driver
            .run_task(Task::ReducePart { corpus: 0, part: 1 }, &opts(1))
            .unwrap(),
        TaskOutcome::NotReady {
            waiting_for: (0..3).map(|shard| Task::Shard { pass: 0, shard }).collect()
        }
    );
    assert!(driver
        .run_task(Task::ReducePart { corpus: 0, part: 3 }, &opts(1))
        .unwrap_err()
        .to_string()
        .contains("no task `part 3 of reduce 0`"));

    let log: Mutex<Vec<(Task, TaskOutcome, usize, usize)>> = Mutex::new(Vec::new());
    let clock = std::sync::atomic::AtomicUsize::new(0);
    let start = std::sync::Barrier::new(4);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let p = Pipeline::from_output(&out, &registry()).unwrap();
                start.wait();
                loop {
                    let ready = p.ready_tasks(Scope::All).unwrap();
                    if ready.is_empty() {
                        break;
                    }
                    for t in ready {
                        let began = clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let o = p.run_task(t, &opts(1)).unwrap();
                        let ended = clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        log.lock().unwrap().push((t, o, began, ended));
                    }
                }
            });
        }
    });
    let log = log.into_inner().unwrap();
    let done: Vec<(Task, usize, usize)> = log
        .iter()
        .filter(|(_, o, _, _)| *o == TaskOutcome::Done)
        .map(|&(t, _, began, ended)| (t, began, ended))
        .collect();
    let mut sorted: Vec<Task> = done.iter().map(|d| d.0).collect();
    sorted.sort();
    let mut want = all.clone();
    want.sort();
    assert_eq!(sorted, want, "every task done exactly once: {log:?}");
    // A task runs only once its dependencies are committed, so each
    // dependency's run began before the task's run ended. (Ends are not
    // ordered: a dependency may commit, and its dependant run, before the
    // dependency's own call returns.)
    for &(t, _, ended) in &done {
        for d in graph.dependencies(t) {
            let &(_, d_began, _) = done.iter().find(|x| x.0 == d).unwrap();
            assert!(
                d_began < ended,
                "{t} done before its dependency {d}: {log:?}"
            );
        }
    }
    assert!(log.iter().all(|(_, o, _, _)| matches!(
        o,
        TaskOutcome::Done | TaskOutcome::AlreadyDone | TaskOutcome::Busy { .. }
    )));
    // The same task claimed by many at the very same time: it runs once.
    let out2 = tmp.path().join("claims");
    Pipeline::build(config(&inputs, &out2, true), &registry())
        .unwrap()
        .prepare(&opts(1))
        .unwrap();
    let start = std::sync::Barrier::new(6);
    let (start, out2) = (&start, out2.as_path());
    let outcomes: Vec<TaskOutcome> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                s.spawn(move || {
                    let p = Pipeline::from_output(out2, &registry()).unwrap();
                    start.wait();
                    p.run_task(Task::Shard { pass: 0, shard: 1 }, &opts(1))
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        outcomes.iter().filter(|o| **o == TaskOutcome::Done).count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        shard_lines(&out.join("kept")),
        shard_lines(&clean.join("kept"))
    );
    assert_eq!(
        shard_lines(&out.join("removed")),
        shard_lines(&clean.join("removed"))
    );
    assert!(driver.ready_tasks(Scope::All).unwrap().is_empty());
    assert!(driver.is_committed(Task::Finish).unwrap());
}

/// Another process holds a task (its lock file is fresh): nobody else runs
/// it; a lock left by a dead process of this host is broken.
#[test]
fn a_task_held_by_another_process_is_busy() {
    use tamis_pipeline::{Task, TaskOutcome};
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let out = tmp.path().join("out");
    let p = Pipeline::build(config(&inputs, &out, false), &registry()).unwrap();
    p.prepare(&opts(1)).unwrap();
    let lock = out.join(".tamis/locks/pass0-00001");
    fs::create_dir_all(lock.parent().unwrap()).unwrap();
    fs::write(&lock, "node17 4242 0\n").unwrap();
    let t = Task::Shard { pass: 0, shard: 1 };
    assert_eq!(
        p.run_task(t, &opts(1)).unwrap(),
        TaskOutcome::Busy {
            holder: "process 4242 on node17".into()
        }
    );
    assert!(!p.is_committed(t).unwrap());
    let err = p.run_shard(0, 1, &opts(1)).unwrap_err();
    assert!(err.to_string().contains("already running"), "{err}");
    let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    fs::write(&lock, format!("{} 4000000000 0\n", host.trim())).unwrap();
    assert_eq!(p.run_task(t, &opts(1)).unwrap(), TaskOutcome::Done);
    assert_eq!(p.run_task(t, &opts(1)).unwrap(), TaskOutcome::AlreadyDone);
    assert!(!lock.exists(), "a task's lock goes when it ends");
}

/// A run that stopped after its reduce (a crash) keeps its work files; the
/// resumed run skips every committed task, finishes, and removes them.
#[test]
fn resume_skips_committed_tasks_and_work_files_go_after_success() {
    use tamis_pipeline::{Scope, Task};
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let clean = tmp.path().join("clean");
    Pipeline::build(config(&inputs, &clean, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert!(clean.join(".tamis/manifest").exists());
    assert!(
        !clean.join(".tamis/work").exists() && !clean.join(".tamis/pass1").exists(),
        "work files removed after a successful run"
    );
    let kept_work = tmp.path().join("kept-work");
    let mut o = opts(2);
    o.keep_work = true;
    Pipeline::build(config(&inputs, &kept_work, true), &registry())
        .unwrap()
        .run(&o)
        .unwrap();
    assert!(kept_work.join(".tamis/work/exact/drop").exists());

    let out = tmp.path().join("out");
    let p = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    p.prepare(&opts(1)).unwrap();
    // the "crashed" process: pass 0, the reduce, one task of pass 1
    for t in p.task_graph().unwrap().tasks() {
        if t == (Task::Shard { pass: 1, shard: 1 }) {
            break;
        }
        p.run_task(t, &opts(1)).unwrap();
    }
    assert!(
        out.join(".tamis/work/exact/drop").exists(),
        "unfinished: work stays"
    );
    assert!(out.join(".tamis/pass1").exists());
    // a fresh run into it is refused; resume goes on where it stopped
    let again = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    let err = again.run(&opts(1)).unwrap_err();
    assert!(err.to_string().contains("an unfinished tamis run"), "{err}");
    let mut r = opts(1);
    r.resume = true;
    again.prepare(&r).unwrap();
    let drive = again.drive(Scope::All, &r, true).unwrap();
    assert_eq!(
        drive.ran,
        [
            Task::Shard { pass: 1, shard: 1 },
            Task::Shard { pass: 1, shard: 2 },
            Task::Finish
        ]
    );
    assert!(matches!(drive.end, tamis_pipeline::DriveEnd::Finished(_)));
    assert!(!out.join(".tamis/work").exists() && !out.join(".tamis/pass1").exists());
    assert_eq!(
        shard_lines(&out.join("kept")),
        shard_lines(&clean.join("kept"))
    );
    // finishing again returns the same stats (the work files are gone)
    let s1: tamis_core::Stats =
        serde_json::from_slice(&fs::read(out.join("stats.json")).unwrap()).unwrap();
    assert_eq!(again.finish(&r).unwrap(), s1);
}

/// A run into a folder that is not empty is refused; `overwrite` deletes only
/// what tamis wrote there (the manifest), so a user's files survive, even in
/// `kept/`, and no file of the earlier run is left behind.
#[test]
fn overwrite_replaces_only_what_tamis_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = write_inputs(tmp.path());
    let clean = tmp.path().join("clean");
    Pipeline::build(config(&inputs, &clean, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    let out = tmp.path().join("out");
    // the earlier run had one more input file (shard 3), so more files
    let mut more = inputs.clone();
    let extra = tmp.path().join("in-9.jsonl");
    fs::write(
        &extra,
        "{\"id\":\"x\",\"text\":\"one two three four five six\"}\n",
    )
    .unwrap();
    more.push(extra.display().to_string());
    Pipeline::build(config(&more, &out, true), &registry())
        .unwrap()
        .run(&opts(2))
        .unwrap();
    assert!(fs::read_dir(out.join("kept")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("00003_")));
    fs::write(out.join("kept/mine.txt"), "my notes").unwrap();
    fs::write(out.join("README.md"), "my readme").unwrap();
    let before = shard_lines(&out.join("kept"));

    let p = Pipeline::build(config(&inputs, &out, true), &registry()).unwrap();
    let err = p.run(&opts(1)).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("is not empty: it holds a finished tamis run")
            && msg.contains("--resume")
            && msg.contains("--overwrite"),
        "{msg}"
    );
    assert_eq!(
        shard_lines(&out.join("kept")),
        before,
        "refused: nothing changed"
    );

    let mut o = opts(2);
    o.overwrite = true;
    p.run(&o).unwrap();
    assert_eq!(
        fs::read_to_string(out.join("kept/mine.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(
        fs::read_to_string(out.join("README.md")).unwrap(),
        "my readme"
    );
    assert_eq!(
        shard_lines(&out.join("kept")),
        shard_lines(&clean.join("kept"))
    );
    assert_eq!(
        shard_lines(&out.join("removed")),
        shard_lines(&clean.join("removed"))
    );
    let manifest = fs::read_to_string(out.join(".tamis/manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "stats.json"), "{manifest}");
    assert!(
        manifest.lines().any(|l| l.starts_with("kept/00000_")),
        "{manifest}"
    );
    assert!(!manifest.contains("mine.txt"), "{manifest}");

    // `[output] overwrite = true` does the same; resume and overwrite exclude each other
    let mut c = config(&inputs, &out, true);
    c.output.overwrite = true;
    Pipeline::build(c, &registry())
        .unwrap()
        .run(&opts(1))
        .unwrap();
    assert!(out.join("kept/mine.txt").exists());
    let mut both = opts(1);
    both.resume = true;
    both.overwrite = true;
    assert!(p
        .prepare(&both)
        .unwrap_err()
        .to_string()
        .contains("exclude each other"));

    // a folder of someone else's files: refused, named; resume refused too
    let theirs = tmp.path().join("theirs");
    fs::create_dir_all(theirs.join("kept")).unwrap();
    fs::write(theirs.join("kept/data.txt"), "x").unwrap();
    let p = Pipeline::build(config(&inputs, &theirs, false), &registry()).unwrap();
    let err = p.run(&opts(1)).unwrap_err().to_string();
    assert!(err.contains("files tamis did not write (kept)"), "{err}");
    let mut r = opts(1);
    r.resume = true;
    let err = p.run(&r).unwrap_err().to_string();
    assert!(
        err.contains("holds no tamis run, but other files (kept)"),
        "{err}"
    );
    let mut o = opts(1);
    o.overwrite = true;
    p.run(&o).unwrap();
    assert_eq!(
        fs::read_to_string(theirs.join("kept/data.txt")).unwrap(),
        "x"
    );
}

/// Every kept document's id and text, in output order (file names aside).
fn kept_in_order(out: &Path) -> Vec<String> {
    read_dir_lines(&out.join("kept"))
        .into_iter()
        .flat_map(|(_, lines)| lines)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).unwrap();
            format!("{} {}", v["id"], v["text"])
        })
        .collect()
}

#[test]
fn small_files_are_grouped_into_shards_with_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    // 30 small files (with duplicates across them for the corpus step), a
    // gzip file that cannot be read in the middle, and ids from file stems.
    let mut inputs = Vec::new();
    for f in 0..30 {
        let mut lines = Vec::new();
        for i in 0..(3 + f % 4) {
            let text = if i == 0 {
                "the same syndicated text appears on many sites".to_owned()
            } else {
                format!("page {f} paragraph {i} has enough words")
            };
            lines.push(json!({ "text": text }).to_string());
        }
        let p = tmp.path().join(format!("page-{f:02}.jsonl"));
        fs::write(&p, lines.join("\n") + "\n").unwrap();
        inputs.push(p.display().to_string());
        if f == 13 {
            let gz = tmp.path().join("page-13b.jsonl.gz");
            fs::write(&gz, b"\x1f\x8b\x08\x00garbage").unwrap();
            inputs.push(gz.display().to_string());
        }
    }
    let run = |name: &str, shard_bytes: u64, threads: usize| {
        let out = tmp.path().join(name);
        let mut c = config(&inputs, &out, true);
        c.input.shard_bytes = shard_bytes;
        let p = Pipeline::build(c, &registry()).unwrap();
        let stats = p.run(&opts(threads)).unwrap();
        assert!(stats.is_balanced(), "{stats:?}");
        let shards = p.recorded_plan().unwrap().num_shards();
        (out, stats, shards)
    };
    let (one, one_stats, one_shards) = run("per-file", 0, 2);
    let (grouped, stats, shards) = run("grouped", tamis_pipeline::DEFAULT_SHARD_BYTES, 2);
    let (grouped1, _, _) = run("grouped-j1", tamis_pipeline::DEFAULT_SHARD_BYTES, 1);
    assert_eq!(one_shards, 31);
    assert!(shards < 20 && shards > 1, "{shards} shards");
    // Same documents, same ids, same order, same decisions.
    let kept = kept_in_order(&one);
    assert!(kept.len() > 60, "{}", kept.len());
    assert_eq!(kept_in_order(&grouped), kept);
    assert_eq!(kept_in_order(&grouped1), kept);
    assert!(kept[0].contains("page-00/0"), "{}", kept[0]);
    assert_eq!(
        (
            stats.records_read,
            stats.kept,
            stats.removed,
            stats.read_errors
        ),
        (
            one_stats.records_read,
            one_stats.kept,
            one_stats.removed,
            one_stats.read_errors
        )
    );
    // The unreadable file is one error record; its group's other files are read.
    assert_eq!(stats.read_errors, 1);
    assert_eq!(stats.read_error_reasons.values().sum::<u64>(), 1);
    // One kept file per shard, not per input.
    assert_eq!(read_dir_lines(&grouped.join("kept")).len(), shards as usize);
}
