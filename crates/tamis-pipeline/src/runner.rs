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
//! writing `OUT/.tamis/done/pass{p}/{shard}.json` (its stats) last. Committed
//! tasks are skipped, so after a kill the result equals an uninterrupted
//! run's; a task holds a lock file while it runs, so two processes never run
//! it at once. Which task runs when is decided in `graph.rs`; the public task
//! calls that let other processes run them are in `tasks.rs`. Within a shard, documents are processed in batches in parallel and
//! written in input order, so output never depends on thread count.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{json, Value};
use tamis_core::{
    Applier, BuiltStep, Collector, CorpusContext, Document, Error, ErrorCode, Outcome, Registry,
    Removal, RemovedBy, Result, Stats, StepContext, StepError, StepStats,
};
use tamis_io::{OutputFormat, ReadItem, RecordReader, ShardWriter, WriterOptions};

use crate::config::PipelineConfig;
use crate::layout::Layout;
use crate::lock::{try_lock, Acquire};
use crate::plan::Plan;
use crate::progress::{Progress, ProgressMode};
use crate::shard_input::ShardReader;

/// How to run (not what): threads, resume, progress.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 0 = all cores.
    pub threads: usize,
    /// For [`Pipeline::run`] and [`Pipeline::prepare`]: keep what an earlier,
    /// interrupted run with the same configuration committed. (Task calls
    /// always skip committed tasks.)
    pub resume: bool,
    /// For [`Pipeline::run`] and [`Pipeline::prepare`]: an output folder that
    /// is not empty is refused unless `resume` or `overwrite` is set. With
    /// `overwrite`, the files an earlier tamis run wrote there are deleted
    /// first (those listed in `OUT/.tamis/manifest` and its task records,
    /// and `OUT/.tamis/`); files anybody else put there stay. Also set by
    /// `[output] overwrite = true`.
    pub overwrite: bool,
    /// Stop at the first record error instead of recording it and going on.
    pub fail_fast: bool,
    /// Progress display.
    pub progress: ProgressMode,
    /// Documents per in-shard batch (parallelism within one input file).
    pub batch_docs: usize,
    /// Keep the work files (`OUT/.tamis/pass*` and `OUT/.tamis/work/`)
    /// after a successful run; they are removed otherwise (an unfinished run
    /// always keeps them, for `resume`). Also set by `[output] keep_work = true`.
    pub keep_work: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 0,
            resume: false,
            overwrite: false,
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

/// A built pipeline, ready to run: as a whole ([`Pipeline::run`]) or task
/// by task from an external scheduler (see the crate docs, "Running in pieces").
pub struct Pipeline {
    pub(crate) config: PipelineConfig,
    steps: Vec<Entry>,
    /// Indices of corpus steps in `steps`.
    corpus_at: Vec<usize>,
    /// The configuration as recorded in `OUT/.tamis/run.json`.
    pub(crate) fingerprint: String,
    /// The plan recorded in the output folder, once read or written.
    pub(crate) recorded: Mutex<Option<Arc<Plan>>>,
}

/// What happened to one document in a pass.
enum Fate {
    Keep,
    Drop(usize, Removal),
    Error(usize, StepError),
}

/// A document read in a batch with its fate.
struct Slot {
    doc: Document,
    fate: Option<Fate>,
    /// Index of the document's input file in its shard.
    file: usize,
}

impl Pipeline {
    /// Builds every step from the registry; fails on unknown types or bad options.
    pub fn build(config: PipelineConfig, registry: &Registry) -> Result<Pipeline> {
        config.validate()?;
        let fingerprint = fingerprint(&config)?;
        let mut steps = Vec::with_capacity(config.steps.len());
        let mut corpus_at = Vec::new();
        for (i, s) in config.steps.iter().enumerate() {
            let step = registry
                .build(&s.kind, Value::Object(s.options.clone()))
                .map_err(|e| config.step_error(i, e))?;
            if matches!(step, BuiltStep::Corpus(_)) {
                corpus_at.push(i);
            }
            steps.push(Entry {
                name: s.display_name().to_owned(),
                kind: s.kind.clone(),
                step,
            });
        }
        Ok(Pipeline {
            config,
            steps,
            corpus_at,
            fingerprint,
            recorded: Mutex::new(None),
        })
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
    ///
    /// [`Pipeline::prepare`], then [`Pipeline::drive`] over every task of
    /// the [`crate::TaskGraph`] on this machine: each pass's shard tasks in
    /// parallel, each reduce's parts in parallel, its merge, and the finish.
    pub fn run(&self, opts: &RunOptions) -> Result<Stats> {
        self.prepare(opts)?;
        match self.drive(crate::Scope::All, opts, true)?.end {
            crate::DriveEnd::Finished(stats) => Ok(stats),
            other => Err(Error::new(
                tamis_core::ErrorKind::Other,
                format!(
                    "the run in {} did not finish: {other:?}",
                    self.output_dir().display()
                ),
            )),
        }
    }

    pub(crate) fn layout(&self) -> Layout {
        Layout::new(self.output_dir())
    }

    fn empty_step_stats(&self) -> Vec<StepStats> {
        self.steps
            .iter()
            .map(|e| StepStats {
                name: e.name.clone(),
                kind: e.kind.clone(),
                ..StepStats::default()
            })
            .collect()
    }

    pub(crate) fn empty_stats(&self) -> Stats {
        Stats {
            steps: self.empty_step_stats(),
            ..Stats::default()
        }
    }

    pub(crate) fn corpus_name(&self, corpus_index: usize) -> &str {
        &self.steps[self.corpus_at[corpus_index]].name
    }

    pub(crate) fn corpus_cx(
        &self,
        corpus_index: usize,
        layout: &Layout,
        num_shards: u32,
        threads: usize,
    ) -> Result<CorpusContext> {
        let entry = &self.steps[self.corpus_at[corpus_index]];
        let work_dir = layout.corpus_work(&entry.name);
        fs::create_dir_all(&work_dir)
            .map_err(|e| Error::io(format!("cannot create {}", work_dir.display()), e))?;
        Ok(CorpusContext {
            work_dir,
            step_name: entry.name.clone(),
            num_shards,
            threads,
        })
    }

    pub(crate) fn corpus_step(&self, corpus_index: usize) -> &dyn tamis_core::CorpusStep {
        match &self.steps[self.corpus_at[corpus_index]].step {
            BuiltStep::Corpus(c) => c.as_ref(),
            BuiltStep::Doc(_) => unreachable!("corpus_at indexes corpus steps only"),
        }
    }

    /// Runs part `part` of corpus step `corpus_index`'s reduce (no checks,
    /// no lock) and commits it.
    pub(crate) fn reduce_part_now(
        &self,
        corpus_index: usize,
        part: u32,
        num_shards: u32,
        threads: usize,
    ) -> Result<()> {
        let layout = self.layout();
        let cx = self.corpus_cx(corpus_index, &layout, num_shards, threads)?;
        self.corpus_step(corpus_index).reduce_part(&cx, part)?;
        tamis_io::write_atomic(&layout.reduce_part_marker(corpus_index, part), b"done\n")
    }

    /// Runs corpus step `corpus_index`'s merge (no checks, no lock; every
    /// part committed) and commits the reduce.
    pub(crate) fn reduce_merge_now(
        &self,
        corpus_index: usize,
        num_shards: u32,
        threads: usize,
        opts: &RunOptions,
    ) -> Result<()> {
        let layout = self.layout();
        let cx = self.corpus_cx(corpus_index, &layout, num_shards, threads)?;
        if opts.progress != ProgressMode::Quiet {
            crate::progress::note(
                opts.progress,
                "reduce",
                &format!("{} (merge)", cx.step_name),
            );
        }
        self.corpus_step(corpus_index).reduce_merge(&cx)?;
        tamis_io::write_atomic(&layout.reduce_marker(corpus_index), b"done\n")
    }

    pub(crate) fn corpus_parts(&self, corpus_index: usize) -> u32 {
        self.corpus_step(corpus_index).reduce_parts().max(1)
    }

    /// Runs `shards` of `pass` in parallel on `exec`; returns what became of
    /// them (see [`ShardsRun`]), or the first error, in shard order, if any
    /// failed.
    pub(crate) fn run_shards_with(
        &self,
        exec: &Exec,
        plan: &Plan,
        pass: usize,
        shards: &[u32],
        opts: &RunOptions,
    ) -> Result<ShardsRun> {
        let layout = self.layout();
        let label = if plan.passes == 1 {
            "run".to_owned()
        } else {
            format!("pass {}/{}", pass + 1, plan.passes)
        };
        let bytes: u64 = shards
            .iter()
            .map(|&s| {
                if pass == 0 {
                    plan.shard_bytes(s)
                } else {
                    fs::metadata(intermediate(&layout, pass, s)).map_or(0, |m| m.len())
                }
            })
            .sum();
        let progress = Progress::start(opts.progress, label, bytes);
        let n = plan.num_shards();
        let results: Vec<Result<ShardRun>> = exec.pool.install(|| {
            shards
                .par_iter()
                .map(|&shard| {
                    self.shard_task(
                        pass,
                        shard,
                        plan.shard_inputs(shard),
                        &layout,
                        n,
                        exec.threads,
                        opts,
                        &progress,
                    )
                })
                .collect()
        });
        progress.finish();
        let mut out = ShardsRun {
            stats: self.empty_stats(),
            ran_stats: self.empty_stats(),
            ran: Vec::new(),
            busy: Vec::new(),
        };
        for (&shard, r) in shards.iter().zip(results) {
            match r? {
                ShardRun::Ran(s) => {
                    out.stats += &s;
                    out.ran_stats += &s;
                    out.ran.push(shard);
                }
                ShardRun::Committed(s) => out.stats += &s,
                ShardRun::Busy(holder) => out.busy.push((shard, holder)),
            }
        }
        Ok(out)
    }

    /// One (pass, shard) task under its lock: the committed stats if it is
    /// committed, else runs and commits it, unless another process holds it.
    #[allow(clippy::too_many_arguments)]
    fn shard_task(
        &self,
        pass: usize,
        shard: u32,
        inputs: &[PathBuf],
        layout: &Layout,
        num_shards: u32,
        threads: usize,
        opts: &RunOptions,
        progress: &Progress,
    ) -> Result<ShardRun> {
        let marker = layout.marker(pass, shard);
        if let Some(stats) = read_marker(&marker) {
            return Ok(ShardRun::Committed(stats));
        }
        let _lock = match try_lock(&layout.shard_lock(pass, shard))? {
            Acquire::Got(lock) => lock,
            Acquire::Busy(holder) => return Ok(ShardRun::Busy(holder)),
            // task locks never end as `done`; someone wrote one by hand
            Acquire::Done => {
                return Ok(ShardRun::Busy(format!(
                    "{} (a lock file saying `done`: delete it)",
                    layout.shard_lock(pass, shard).display()
                )))
            }
        };
        // committed between our look and the lock: by the holder we waited for
        if let Some(stats) = read_marker(&marker) {
            return Ok(ShardRun::Committed(stats));
        }
        self.shard_body(
            pass, shard, inputs, layout, num_shards, threads, opts, progress,
        )
        .map(ShardRun::Ran)
    }

    /// The work of task (pass, shard), holding its lock; returns its stats
    /// (also committed in its marker).
    #[allow(clippy::too_many_arguments)]
    fn shard_body(
        &self,
        pass: usize,
        shard: u32,
        inputs: &[PathBuf],
        layout: &Layout,
        num_shards: u32,
        threads: usize,
        opts: &RunOptions,
        progress: &Progress,
    ) -> Result<Stats> {
        let marker = layout.marker(pass, shard);
        let last = pass + 1 == self.passes();
        let kept_prefix = format!("{shard:05}");
        let side_prefix = format!("{shard:05}_p{pass}");
        // Remove whatever an interrupted attempt at this task left behind.
        if last {
            clean_prefix(&layout.kept(), &kept_prefix)?;
        }
        clean_prefix(&layout.removed(), &side_prefix)?;
        clean_prefix(&layout.errors(), &side_prefix)?;
        if !last {
            clean_prefix(&layout.pass_dir(pass + 1), &kept_prefix)?;
        }

        let mut stats = Stats {
            steps: self.empty_step_stats(),
            ..Stats::default()
        };
        // Pass 0 reads the shard's input files; later passes read back what
        // the pass before kept. `files` names the inputs for error records:
        // in later passes a document's own file is not known, so the shard's
        // files are named together.
        let files: Vec<String>;
        let mut reader = if pass == 0 {
            stats.input_bytes = inputs
                .iter()
                .map(|p| tamis_io::input_size(p).unwrap_or(0))
                .sum();
            files = inputs.iter().map(|p| p.display().to_string()).collect();
            Source::Inputs(ShardReader::new(inputs, &self.config.input.reader))
        } else {
            let path = intermediate(layout, pass, shard);
            if !path.exists() {
                commit(layout, pass, shard, &stats, &[])?;
                return Ok(stats);
            }
            files = vec![match inputs {
                [one] => one.display().to_string(),
                [first, rest @ ..] => format!(
                    "{} (and {} more files of shard {shard})",
                    first.display(),
                    rest.len()
                ),
                [] => String::new(),
            }];
            Source::Pass(tamis_io::read_documents(&path)?)
        };

        let wopts = &self.config.output.writer;
        let mut kept = if last {
            Some(ShardWriter::new(&layout.kept(), &kept_prefix, wopts)?)
        } else {
            None
        };
        let mut removed = if self.config.output.write_removed {
            Some(ShardWriter::new(&layout.removed(), &side_prefix, wopts)?)
        } else {
            None
        };
        let mut errors = ShardWriter::new(&layout.errors(), &side_prefix, &errors_options())?;
        let mut inter = if last {
            None
        } else {
            let o = WriterOptions {
                format: OutputFormat::JsonlZst,
                max_docs_per_file: None,
                max_bytes_per_file: None,
                internal: true,
            };
            Some(ShardWriter::new(
                &layout.pass_dir(pass + 1),
                &kept_prefix,
                &o,
            )?)
        };
        let mut applier: Option<Box<dyn Applier>> = if pass > 0 {
            Some(self.corpus_step(pass - 1).applier(
                &self.corpus_cx(pass - 1, layout, num_shards, threads)?,
                shard,
            )?)
        } else {
            None
        };
        let mut collector: Option<Box<dyn Collector>> = if last {
            None
        } else {
            Some(
                self.corpus_step(pass)
                    .collector(&self.corpus_cx(pass, layout, num_shards, threads)?, shard)?,
            )
        };
        // Doc steps of this pass: after the applied corpus step, up to the next corpus step.
        let first = if pass == 0 {
            0
        } else {
            self.corpus_at[pass - 1] + 1
        };
        let end = if last {
            self.steps.len()
        } else {
            self.corpus_at[pass]
        };
        let applied_step = if pass > 0 {
            Some(self.corpus_at[pass - 1])
        } else {
            None
        };

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
                    Some(ReadItem::Warning(code)) => {
                        if pass == 0 {
                            *stats.read_warnings.entry(code.to_owned()).or_insert(0) += 1;
                        }
                    }
                    Some(ReadItem::Removed(mut doc)) => {
                        // Removed by the reader (e.g. a binary file: `not_text`).
                        stats.records_read += 1;
                        stats.removed += 1;
                        doc.position.shard = shard;
                        let reason = doc
                            .removed_by
                            .as_ref()
                            .map_or_else(|| "removed".to_owned(), |r| r.reason.clone());
                        *stats.read_removed.entry(reason).or_insert(0) += 1;
                        if let Some(w) = removed.as_mut() {
                            w.write(&doc)?;
                        }
                    }
                    Some(ReadItem::Error(e)) => {
                        if opts.fail_fast {
                            return Err(Error::data(format!(
                                "{}: {} (offset {:?})",
                                e.file, e.reason, e.offset
                            )));
                        }
                        stats.records_read += 1;
                        stats.read_errors += 1;
                        *stats
                            .read_error_reasons
                            .entry(e.code.to_owned())
                            .or_insert(0) += 1;
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
                        batch.push(Slot {
                            doc,
                            fate: None,
                            file: reader.file_index(),
                        });
                    }
                }
            }
            // Corpus decisions first, in order (appliers keep per-shard state).
            if let (Some(applier), Some(idx)) = (applier.as_mut(), applied_step) {
                for slot in batch.iter_mut() {
                    let st = &mut stats.steps[idx];
                    slot.fate = run_one(&self.steps[idx].name, st, &mut slot.doc, idx, |d, cx| {
                        applier.apply(d, cx)
                    });
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
                                slot.fate =
                                    run_doc_steps(steps, first, end, &mut slot.doc, &mut acc);
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
                let file = files.get(slot.file).map_or("", String::as_str);
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
                                Some(RemovedBy::from_drop(self.steps[i].name.clone(), d));
                            w.write(&doc)?;
                        }
                    }
                    Fate::Error(i, e) => {
                        if opts.fail_fast {
                            return Err(Error::data(format!(
                                "{file}: document {}: step {}: {e}",
                                doc.id, self.steps[i].name
                            )));
                        }
                        stats.step_errors += 1;
                        errors.write_json(&json!({
                            "file": file, "offset": null, "id": doc.id, "url": doc.url,
                            "position": [doc.position.shard, doc.position.ordinal],
                            "step": self.steps[i].name, "code": e.code.as_str(), "reason": e.message,
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
        let mut written = Vec::new();
        if let Some(w) = kept {
            written.extend(w.finish()?);
        }
        if let Some(w) = removed {
            written.extend(w.finish()?);
        }
        if let Some(w) = inter {
            w.finish()?;
        }
        written.extend(errors.finish()?);
        commit(layout, pass, shard, &stats, &written)?;
        debug_assert!(marker.exists());
        Ok(stats)
    }
}

/// The configuration as recorded in `OUT/.tamis/run.json` and compared on
/// resume: what decides the output, so without `overwrite` and `keep_work`.
pub(crate) fn fingerprint(config: &PipelineConfig) -> Result<String> {
    let mut c = config.clone();
    c.output.overwrite = false;
    c.output.keep_work = false;
    serde_json::to_string(&c).map_err(|e| Error::config(e.to_string()))
}

/// Runs steps `first..end` (all per-document) on one document.
fn run_doc_steps(
    steps: &[Entry],
    first: usize,
    end: usize,
    doc: &mut Document,
    acc: &mut [StepStats],
) -> Option<Fate> {
    for i in first..end {
        let BuiltStep::Doc(step) = &steps[i].step else {
            continue;
        };
        if let Some(fate) = run_one(&steps[i].name, &mut acc[i], doc, i, |d, cx| {
            step.process(d, cx)
        }) {
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
    let outcome = catch_unwind(AssertUnwindSafe(|| f(doc, &mut cx))).unwrap_or_else(|p| {
        Outcome::error(
            ErrorCode::Internal,
            format!("internal error in step {name}: {}", panic_message(&p)),
        )
    });
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
        Outcome::Error(e) => {
            st.docs_errored += 1;
            *st.errors.entry(e.code.as_str().to_owned()).or_insert(0) += 1;
            Some(Fate::Error(index, e))
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
    WriterOptions {
        format: OutputFormat::JsonlGz,
        max_docs_per_file: Some(1_000_000),
        max_bytes_per_file: None,
        internal: false,
    }
}

/// The survivors of shard `shard` from pass `pass - 1`.
fn intermediate(layout: &Layout, pass: usize, shard: u32) -> PathBuf {
    layout.pass_dir(pass).join(format!(
        "{shard:05}_00000.{}",
        OutputFormat::JsonlZst.extension()
    ))
}

/// The stats committed in a task marker, if it is there and readable.
pub(crate) fn read_marker(marker: &Path) -> Option<Stats> {
    serde_json::from_slice::<Stats>(&fs::read(marker).ok()?).ok()
}

/// A rayon pool for shard tasks and the in-shard batches.
pub(crate) struct Exec {
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) threads: usize,
}

impl Exec {
    pub(crate) fn new(threads: usize) -> Result<Exec> {
        let threads = resolve_threads(threads);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("tamis-{i}"))
            .build()
            .map_err(|e| {
                Error::new(
                    tamis_core::ErrorKind::Other,
                    format!("cannot start threads: {e}"),
                )
            })?;
        Ok(Exec { pool, threads })
    }
}

/// 0 = all cores.
pub(crate) fn resolve_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// What became of the shards given to `run_shards_with`.
pub(crate) struct ShardsRun {
    /// Summed stats of the shards committed, by this call or before.
    pub(crate) stats: Stats,
    /// Summed stats of the shards this call ran.
    pub(crate) ran_stats: Stats,
    /// The shards this call ran (not those another claimer committed first).
    pub(crate) ran: Vec<u32>,
    /// The shards another claimer is running, with who.
    pub(crate) busy: Vec<(u32, String)>,
}

/// Where a shard task's records come from.
enum Source {
    /// Pass 0: the shard's input files.
    Inputs(ShardReader),
    /// Later passes: what the pass before kept.
    Pass(Box<dyn RecordReader>),
}

impl Source {
    fn next(&mut self) -> Option<ReadItem> {
        match self {
            Source::Inputs(r) => r.next(),
            Source::Pass(r) => r.next(),
        }
    }

    fn bytes_read(&self) -> u64 {
        match self {
            Source::Inputs(r) => r.bytes_read(),
            Source::Pass(r) => r.bytes_read(),
        }
    }

    /// Index of the file the last record came from.
    fn file_index(&self) -> usize {
        match self {
            Source::Inputs(r) => r.file_index(),
            Source::Pass(_) => 0,
        }
    }
}

/// What [`Pipeline::shard_task`] did.
pub(crate) enum ShardRun {
    /// Ran and committed it now.
    Ran(Stats),
    /// It was committed before.
    Committed(Stats),
    /// Another process holds its lock (who).
    Busy(String),
}

/// Commits task (pass, shard): the list of result files it wrote (for the
/// manifest, so `overwrite` deletes only those), then its marker.
fn commit(
    layout: &Layout,
    pass: usize,
    shard: u32,
    stats: &Stats,
    written: &[PathBuf],
) -> Result<()> {
    let mut list = String::new();
    for path in written {
        let rel = path.strip_prefix(layout.out()).unwrap_or(path);
        list.push_str(&rel.to_string_lossy());
        list.push('\n');
    }
    tamis_io::write_atomic(&layout.task_files(pass, shard), list.as_bytes())?;
    let bytes = serde_json::to_vec(stats).map_err(|e| Error::data(format!("stats: {e}")))?;
    tamis_io::write_atomic(&layout.marker(pass, shard), &bytes)
}

/// Deletes `dir/{prefix}_*` and their temporary files.
fn clean_prefix(dir: &Path, prefix: &str) -> Result<()> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(());
    };
    let (a, b) = (format!("{prefix}_"), format!(".{prefix}_"));
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&a) || name.starts_with(&b) {
            fs::remove_file(e.path())
                .map_err(|err| Error::io(format!("cannot remove {}", e.path().display()), err))?;
        }
    }
    Ok(())
}
