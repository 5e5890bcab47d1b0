//! Runner tests with small steps defined here: accounting, multi-pass corpus
//! steps, determinism across thread counts, resume, panics as error records.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tamis_core::{
    parse_config, Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, Outcome,
    Registry, Removal, Result, Step, StepContext, StepInfo,
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
            return Outcome::Error("bad document".into());
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
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
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
    assert!(
        errors
            .iter()
            .any(|e| e["step"] == "min_words"
                && e["reason"].as_str().unwrap().contains("boom on 1-2"))
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
