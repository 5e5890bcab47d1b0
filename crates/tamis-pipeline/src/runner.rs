//! The local executor: map → reduce → apply passes over input shards.
//!
//! A pipeline `[a, b, C1, c, C2, d]` (C = corpus steps) runs in three passes:
//! pass 0 reads the inputs through `a, b`, shows survivors to C1's collector
//! and stores them under `OUT/.tamis/pass1/`; C1 reduces; pass 1 reads them
//! back through C1's applier and `c`, collects for C2; C2 reduces; pass 2
//! applies C2 and `d` and writes `OUT/kept/`. A pipeline without corpus steps
//! is one pass.
//!
//! Each (pass, shard) is a task: it deletes whatever an interrupted attempt
//! left, writes its files under temporary names, renames them, and commits by
//! writing `OUT/.tamis/done/pass{p}/{shard}.json` (its stats) last. `--resume`
//! skips committed tasks, so after a kill the result equals an uninterrupted
//! run's. Within a shard, documents are processed in batches in parallel and
//! written in input order, so output never depends on thread count.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{json, Value};
use tamis_core::{
    Applier, BuiltStep, Collector, CorpusContext, Document, Drop, Error, Outcome, Registry, RemovedBy, Result, Stats,
    StepContext, StepStats,
};
use tamis_io::{OutputFormat, ReadItem, RecordReader, ShardWriter, WriterOptions};

use crate::config::PipelineConfig;
use crate::progress::{Progress, ProgressMode};

/// How to run (not what): threads, resume, progress.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 0 = all cores.
    pub threads: usize,
    /// Skip (pass, shard) tasks an earlier, interrupted run committed.
    pub resume: bool,
    /// Stop at the first record error instead of recording it and going on.
    pub fail_fast: bool,
    /// Progress display.
    pub progress: ProgressMode,
    /// Documents per in-shard batch (parallelism within one input file).
    pub batch_docs: usize,
    /// Keep the intermediate data of multi-pass runs (`OUT/.tamis/pass*`).
    pub keep_work: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 0,
            resume: false,
            fail_fast: false,
            progress: ProgressMode::Auto,
            batch_docs: 256,
            keep_work: false,
        }
    }
}

struct Entry {
    name: String,
    kind: String,
    step: BuiltStep,
}

/// A built pipeline, ready to run.
pub struct Pipeline {
    config: PipelineConfig,
    steps: Vec<Entry>,
    /// Indices of corpus steps in `steps`.
    corpus_at: Vec<usize>,
}

/// What happened to one document in a pass.
enum Fate {
    Keep,
    Drop(usize, Drop),
    Error(usize, String),
}

/// A document read in a batch with its fate.
struct Slot {
    doc: Document,
    fate: Option<Fate>,
}

impl Pipeline {
    /// Builds every step from the registry; fails on unknown types or bad options.
    pub fn build(config: PipelineConfig, registry: &Registry) -> Result<Pipeline> {
        config.validate()?;
        let mut steps = Vec::with_capacity(config.steps.len());
        let mut corpus_at = Vec::new();
        for (i, s) in config.steps.iter().enumerate() {
            let step = registry.build(&s.kind, Value::Object(s.options.clone()))?;
            if matches!(step, BuiltStep::Corpus(_)) {
                corpus_at.push(i);
            }
            steps.push(Entry { name: s.display_name().to_owned(), kind: s.kind.clone(), step });
        }
        Ok(Pipeline { config, steps, corpus_at })
    }

    /// The configuration this pipeline was built from.
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Number of passes: one plus one per corpus step.
    pub fn passes(&self) -> usize {
        self.corpus_at.len() + 1
    }

    /// Runs the pipeline and writes `OUT/stats.json`; returns the stats.
    pub fn run(&self, opts: &RunOptions) -> Result<Stats> {
        let started = Instant::now();
        let out = self.config.output.path.clone();
        let inputs = tamis_io::expand_inputs(&self.config.input.paths)?;
        if inputs.len() > u32::MAX as usize >> 8 {
            return Err(Error::config("too many input files"));
        }
        prepare_output(&out, &self.config, opts.resume)?;
        let threads = if opts.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { opts.threads };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("tamis-{i}"))
            .build()
            .map_err(|e| Error::new(tamis_core::ErrorKind::Other, format!("cannot start threads: {e}")))?;
        let num_shards = inputs.len() as u32;
        let mut total = Stats { steps: self.empty_step_stats(), ..Stats::default() };
        let total_bytes: u64 = inputs.iter().filter_map(|p| fs::metadata(p).ok()).map(|m| m.len()).sum();

        for pass in 0..self.passes() {
            if pass > 0 {
                self.reduce(pass - 1, &out, num_shards, threads, opts)?;
            }
            let label = if self.passes() == 1 { "run".to_owned() } else { format!("pass {}/{}", pass + 1, self.passes()) };
            let bytes = if pass == 0 { total_bytes } else { dir_size(&work_dir(&out, pass)) };
            let progress = Progress::start(opts.progress, label, bytes);
            let results: Vec<Result<Stats>> = pool.install(|| {
                (0..num_shards)
                    .into_par_iter()
                    .map(|shard| self.run_task(pass, shard, &inputs[shard as usize], &out, num_shards, threads, opts, &progress))
                    .collect()
            });
            progress.finish();
            for r in results {
                total += &r?;
            }
        }
        if !opts.keep_work {
            for pass in 1..self.passes() {
                let _ = fs::remove_dir_all(work_dir(&out, pass));
            }
        }
        total.shards = num_shards as u64;
        total.wall_seconds = started.elapsed().as_secs_f64();
        let text = serde_json::to_vec_pretty(&total).map_err(|e| Error::data(format!("stats: {e}")))?;
        tamis_io::write_atomic(&out.join("stats.json"), &text)?;
        Ok(total)
    }

    fn empty_step_stats(&self) -> Vec<StepStats> {
        self.steps.iter().map(|e| StepStats { name: e.name.clone(), kind: e.kind.clone(), ..StepStats::default() }).collect()
    }

    fn corpus_cx(&self, corpus_index: usize, out: &Path, num_shards: u32, threads: usize) -> Result<CorpusContext> {
        let entry = &self.steps[self.corpus_at[corpus_index]];
        let work_dir = out.join(".tamis").join("work").join(&entry.name);
        fs::create_dir_all(&work_dir).map_err(|e| Error::io(format!("cannot create {}", work_dir.display()), e))?;
        Ok(CorpusContext { work_dir, step_name: entry.name.clone(), num_shards, threads })
    }

    fn corpus_step(&self, corpus_index: usize) -> &dyn tamis_core::CorpusStep {
        match &self.steps[self.corpus_at[corpus_index]].step {
            BuiltStep::Corpus(c) => c.as_ref(),
            BuiltStep::Doc(_) => unreachable!("corpus_at indexes corpus steps only"),
        }
    }

    fn reduce(&self, corpus_index: usize, out: &Path, num_shards: u32, threads: usize, opts: &RunOptions) -> Result<()> {
        let marker = out.join(".tamis").join("done").join(format!("reduce{corpus_index}"));
        if opts.resume && marker.exists() {
            return Ok(());
        }
        let cx = self.corpus_cx(corpus_index, out, num_shards, threads)?;
        if opts.progress != ProgressMode::Quiet {
            eprintln!("[tamis] reduce: {}", cx.step_name);
        }
        self.corpus_step(corpus_index).reduce(&cx)?;
        tamis_io::write_atomic(&marker, b"done\n")
    }

    /// One (pass, shard) task; returns its stats (also committed in its marker).
    #[allow(clippy::too_many_arguments)]
    fn run_task(
        &self,
        pass: usize,
        shard: u32,
        input: &Path,
        out: &Path,
        num_shards: u32,
        threads: usize,
        opts: &RunOptions,
        progress: &Progress,
    ) -> Result<Stats> {
        let marker = out.join(".tamis").join("done").join(format!("pass{pass}")).join(format!("{shard:05}.json"));
        if opts.resume {
            if let Ok(bytes) = fs::read(&marker) {
                if let Ok(stats) = serde_json::from_slice::<Stats>(&bytes) {
                    return Ok(stats);
                }
            }
        }
        let last = pass + 1 == self.passes();
        let kept_prefix = format!("{shard:05}");
        let side_prefix = format!("{shard:05}_p{pass}");
        // Remove whatever an interrupted attempt at this task left behind.
        if last {
            clean_prefix(&out.join("kept"), &kept_prefix)?;
        }
        clean_prefix(&out.join("removed"), &side_prefix)?;
        clean_prefix(&out.join("errors"), &side_prefix)?;
        if !last {
            clean_prefix(&work_dir(out, pass + 1), &kept_prefix)?;
        }

        let mut stats = Stats { steps: self.empty_step_stats(), ..Stats::default() };
        let file = input.display().to_string();
        let mut reader: Box<dyn RecordReader> = if pass == 0 {
            stats.input_bytes = fs::metadata(input).map(|m| m.len()).unwrap_or(0);
            match tamis_io::open_reader(input, &self.config.input.reader) {
                Ok(r) => r,
                Err(e) => {
                    // The whole file is one error record; the run goes on.
                    if opts.fail_fast {
                        return Err(e);
                    }
                    let mut errors = ShardWriter::new(&out.join("errors"), &side_prefix, &errors_options())?;
                    errors.write_json(&json!({"file": file, "offset": null, "id": null, "step": "read", "code": "open_failed", "reason": e.to_string()}))?;
                    errors.finish()?;
                    stats.records_read = 1;
                    stats.read_errors = 1;
                    *stats.read_error_reasons.entry("open_failed".into()).or_insert(0) += 1;
                    commit(&marker, &stats)?;
                    return Ok(stats);
                }
            }
        } else {
            let path = work_dir(out, pass).join(format!("{kept_prefix}_00000.{}", OutputFormat::JsonlZst.extension()));
            if !path.exists() {
                commit(&marker, &stats)?;
                return Ok(stats);
            }
            tamis_io::read_documents(&path)?
        };

        let wopts = &self.config.output.writer;
        let mut kept = if last { Some(ShardWriter::new(&out.join("kept"), &kept_prefix, wopts)?) } else { None };
        let mut removed = if self.config.output.write_removed {
            Some(ShardWriter::new(&out.join("removed"), &side_prefix, wopts)?)
        } else {
            None
        };
        let mut errors = ShardWriter::new(&out.join("errors"), &side_prefix, &errors_options())?;
        let mut inter = if last {
            None
        } else {
            let o = WriterOptions { format: OutputFormat::JsonlZst, max_docs_per_file: None, max_bytes_per_file: None, internal: true };
            Some(ShardWriter::new(&work_dir(out, pass + 1), &kept_prefix, &o)?)
        };
        let mut applier: Option<Box<dyn Applier>> = if pass > 0 {
            Some(self.corpus_step(pass - 1).applier(&self.corpus_cx(pass - 1, out, num_shards, threads)?, shard)?)
        } else {
            None
        };
        let mut collector: Option<Box<dyn Collector>> = if last {
            None
        } else {
            Some(self.corpus_step(pass).collector(&self.corpus_cx(pass, out, num_shards, threads)?, shard)?)
        };
        // Doc steps of this pass: after the applied corpus step, up to the next corpus step.
        let first = if pass == 0 { 0 } else { self.corpus_at[pass - 1] + 1 };
        let end = if last { self.steps.len() } else { self.corpus_at[pass] };
        let applied_step = if pass > 0 { Some(self.corpus_at[pass - 1]) } else { None };

        let mut batch: Vec<Slot> = Vec::with_capacity(opts.batch_docs);
        let mut last_bytes = 0u64;
        loop {
            batch.clear();
            let mut exhausted = false;
            while batch.len() < opts.batch_docs {
                match reader.next() {
                    None => {
                        exhausted = true;
                        break;
                    }
                    Some(ReadItem::Skipped(why)) => {
                        if pass == 0 {
                            *stats.skipped.entry(why.to_owned()).or_insert(0) += 1;
                        }
                    }
                    Some(ReadItem::Error(e)) => {
                        if opts.fail_fast {
                            return Err(Error::data(format!("{}: {} (offset {:?})", e.file, e.reason, e.offset)));
                        }
                        stats.records_read += 1;
                        stats.read_errors += 1;
                        *stats.read_error_reasons.entry(e.code.to_owned()).or_insert(0) += 1;
                        let mut v = serde_json::to_value(&e).unwrap_or(Value::Null);
                        if let Value::Object(o) = &mut v {
                            o.insert("step".into(), "read".into());
                        }
                        errors.write_json(&v)?;
                    }
                    Some(ReadItem::Doc(mut doc)) => {
                        if pass == 0 {
                            stats.records_read += 1;
                            doc.position.shard = shard;
                        }
                        batch.push(Slot { doc, fate: None });
                    }
                }
            }
            // Corpus decisions first, in order (appliers keep per-shard state).
            if let (Some(applier), Some(idx)) = (applier.as_mut(), applied_step) {
                for slot in batch.iter_mut() {
                    let st = &mut stats.steps[idx];
                    slot.fate = run_one(&self.steps[idx].name, st, &mut slot.doc, idx, |d, cx| applier.apply(d, cx));
                }
            }
            // Per-document steps, in parallel within the batch.
            if first < end {
                let steps = &self.steps;
                let partial: Vec<StepStats> = batch
                    .par_iter_mut()
                    .fold(
                        || vec![StepStats::default(); steps.len()],
                        |mut acc, slot| {
                            if slot.fate.is_none() {
                                slot.fate = run_doc_steps(steps, first, end, &mut slot.doc, &mut acc);
                            }
                            acc
                        },
                    )
                    .reduce(
                        || vec![StepStats::default(); steps.len()],
                        |mut a, b| {
                            for (x, y) in a.iter_mut().zip(&b) {
                                *x += y;
                            }
                            a
                        },
                    );
                for (x, y) in stats.steps.iter_mut().zip(&partial) {
                    *x += y;
                }
            }
            // Write in input order.
            let n = batch.len() as u64;
            for slot in batch.drain(..) {
                let mut doc = slot.doc;
                match slot.fate.unwrap_or(Fate::Keep) {
                    Fate::Keep => {
                        if let Some(c) = collector.as_mut() {
                            let t = Instant::now();
                            c.observe(&doc)?;
                            stats.steps[self.corpus_at[pass]].seconds += t.elapsed().as_secs_f64();
                        }
                        if let Some(w) = inter.as_mut() {
                            w.write(&doc)?;
                        } else if let Some(w) = kept.as_mut() {
                            stats.kept += 1;
                            stats.kept_bytes += doc.text.len() as u64;
                            doc.raw = None;
                            w.write(&doc)?;
                        }
                    }
                    Fate::Drop(i, d) => {
                        stats.removed += 1;
                        if let Some(w) = removed.as_mut() {
                            doc.removed_by =
                                Some(RemovedBy { step: self.steps[i].name.clone(), reason: d.reason.into_owned(), signals: d.signals });
                            w.write(&doc)?;
                        }
                    }
                    Fate::Error(i, msg) => {
                        if opts.fail_fast {
                            return Err(Error::data(format!("{file}: document {}: step {}: {msg}", doc.id, self.steps[i].name)));
                        }
                        stats.step_errors += 1;
                        errors.write_json(&json!({
                            "file": file, "offset": null, "id": doc.id, "url": doc.url,
                            "position": [doc.position.shard, doc.position.ordinal],
                            "step": self.steps[i].name, "code": "step_error", "reason": msg,
                        }))?;
                    }
                }
            }
            let now = reader.bytes_read();
            progress.add(n, now.saturating_sub(last_bytes));
            last_bytes = now;
            if exhausted {
                break;
            }
        }
        if let Some(c) = collector.take() {
            c.finish()?;
        }
        if let Some(w) = kept {
            w.finish()?;
        }
        if let Some(w) = removed {
            w.finish()?;
        }
        if let Some(w) = inter {
            w.finish()?;
        }
        errors.finish()?;
        commit(&marker, &stats)?;
        Ok(stats)
    }
}

/// Runs steps `first..end` (all per-document) on one document.
fn run_doc_steps(steps: &[Entry], first: usize, end: usize, doc: &mut Document, acc: &mut [StepStats]) -> Option<Fate> {
    for i in first..end {
        let BuiltStep::Doc(step) = &steps[i].step else { continue };
        if let Some(fate) = run_one(&steps[i].name, &mut acc[i], doc, i, |d, cx| step.process(d, cx)) {
            return Some(fate);
        }
    }
    None
}

/// Runs one step on one document, counting it; a panic inside the step
/// becomes an error record for this document instead of ending the run.
fn run_one(
    name: &str,
    st: &mut StepStats,
    doc: &mut Document,
    index: usize,
    f: impl FnOnce(&mut Document, &mut StepContext) -> Outcome,
) -> Option<Fate> {
    st.docs_in += 1;
    st.bytes_in += doc.text.len() as u64;
    let mut cx = StepContext::default();
    let t = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| f(doc, &mut cx)))
        .unwrap_or_else(|p| Outcome::Error(format!("internal error in step {name}: {}", panic_message(&p))));
    st.seconds += t.elapsed().as_secs_f64();
    for (k, v) in cx.take_counters() {
        *st.counters.entry(k.into_owned()).or_insert(0) += v;
    }
    match outcome {
        Outcome::Keep => {
            st.docs_kept += 1;
            st.bytes_out += doc.text.len() as u64;
            None
        }
        Outcome::Drop(d) => {
            st.docs_dropped += 1;
            *st.drops.entry(d.reason.to_string()).or_insert(0) += 1;
            Some(Fate::Drop(index, d))
        }
        Outcome::Error(m) => {
            st.docs_errored += 1;
            Some(Fate::Error(index, m))
        }
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

fn errors_options() -> WriterOptions {
    WriterOptions { format: OutputFormat::JsonlGz, max_docs_per_file: Some(1_000_000), max_bytes_per_file: None, internal: false }
}

fn work_dir(out: &Path, pass: usize) -> PathBuf {
    out.join(".tamis").join(format!("pass{pass}"))
}

fn commit(marker: &Path, stats: &Stats) -> Result<()> {
    let bytes = serde_json::to_vec(stats).map_err(|e| Error::data(format!("stats: {e}")))?;
    tamis_io::write_atomic(marker, &bytes)
}

fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}

/// Deletes `dir/{prefix}_*` and their temporary files.
fn clean_prefix(dir: &Path, prefix: &str) -> Result<()> {
    let Ok(rd) = fs::read_dir(dir) else { return Ok(()) };
    let (a, b) = (format!("{prefix}_"), format!(".{prefix}_"));
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&a) || name.starts_with(&b) {
            fs::remove_file(e.path()).map_err(|err| Error::io(format!("cannot remove {}", e.path().display()), err))?;
        }
    }
    Ok(())
}

/// Fresh run: removes what an earlier tamis run left in OUT (only tamis's own
/// entries). Resume: checks the configuration is the same as the one recorded.
fn prepare_output(out: &Path, config: &PipelineConfig, resume: bool) -> Result<()> {
    let fingerprint = serde_json::to_string(config).map_err(|e| Error::config(e.to_string()))?;
    let run_file = out.join(".tamis").join("run.json");
    if resume {
        if let Ok(prev) = fs::read_to_string(&run_file) {
            if prev != fingerprint {
                return Err(Error::config(format!(
                    "--resume: the configuration differs from the interrupted run's ({}); run without --resume to start over",
                    run_file.display()
                )));
            }
            return Ok(());
        }
    } else {
        for sub in ["kept", "removed", "errors", ".tamis"] {
            let p = out.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p).map_err(|e| Error::io(format!("cannot clear {}", p.display()), e))?;
            }
        }
        let _ = fs::remove_file(out.join("stats.json"));
        let _ = fs::remove_file(out.join("report.html"));
    }
    fs::create_dir_all(out).map_err(|e| Error::io(format!("cannot create output folder {}", out.display()), e))?;
    tamis_io::write_atomic(&run_file, fingerprint.as_bytes())
}

