//! The runner as tasks, for external schedulers (Slurm job arrays, Ray).
//!
//! A run is `prepare`, then for each pass `p` in `0..plan.passes`: (if
//! `p > 0`) `reduce(p - 1)`, then `run_shard(p, s)` for every shard `s`
//! (independent of each other, in any order, on any machine), then `finish`.
//! [`Pipeline::run`] is exactly that loop on one machine.
//!
//! A reduce is itself `plan.reduce_parts[i]` part tasks keyed by hash range
//! or LSH band — `reduce_part(i, part)`, independent of each other, in any
//! order, on any machine — and a merge; `reduce(i)` runs the parts not
//! committed yet (in parallel, on this machine), then the merge. So a
//! scheduler spreads the parts over its nodes and then calls `reduce(i)`,
//! which only merges.
//!
//! Every process must see the output folder at the same path contents
//! (a shared file system) and build the pipeline from the same
//! configuration; calls check both against `OUT/.tamis/run.json` and
//! `OUT/.tamis/plan.json`. All calls are idempotent: a committed task or
//! reduce is not redone, so a failed or preempted call is simply retried.
//! One task must not run in two processes at the same time (a scheduler
//! retrying a task whose first attempt is dead is fine); reduce and finish
//! take a lock file, so those may be attempted concurrently.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use tamis_core::{Error, ErrorKind, Registry, Result, Stats};

use crate::config::PipelineConfig;
use crate::layout::{ranges, write_shared};
use crate::lock::{try_lock, Acquire, Lock};
use crate::plan::{Plan, ReduceOutcome, Status};
use crate::runner::{read_marker, resolve_threads, Exec};
use crate::{Pipeline, RunOptions};

impl Pipeline {
    /// Rebuilds the pipeline of the run in `out` from `out/.tamis/run.json`
    /// (as recorded by [`Pipeline::prepare`]), with `out` as output folder.
    /// This is what `tamis merge OUT` and remote workers use: they need only
    /// the output folder's path.
    pub fn from_output(out: &Path, registry: &Registry) -> Result<Pipeline> {
        let run_file = crate::layout::Layout::new(out).run_file();
        let text = fs::read_to_string(&run_file).map_err(|e| {
            Error::io(
                format!(
                    "{} is not a tamis output folder (cannot read {})",
                    out.display(),
                    run_file.display()
                ),
                e,
            )
        })?;
        let mut config: PipelineConfig = serde_json::from_str(&text).map_err(|e| {
            Error::data(format!(
                "{}: unreadable run configuration: {e}",
                run_file.display()
            ))
        })?;
        config.output.path = out.to_owned();
        Pipeline::build(config, registry)
    }

    /// The output folder. Every path the runner writes is under it; this is
    /// the one place that decides where it is.
    pub fn output_dir(&self) -> &Path {
        &self.config.output.path
    }

    /// Expands the configured inputs (files, folders, globs) into the shards
    /// of a run: the sorted input files, small ones grouped
    /// ([`crate::plan::group_inputs`]). Reads nothing in the output folder;
    /// two calls on the same files give the same plan.
    pub fn plan(&self) -> Result<Plan> {
        let inputs = tamis_io::expand_inputs(&self.config.input.paths)?;
        if inputs.len() > u32::MAX as usize >> 8 {
            return Err(Error::config("too many input files"));
        }
        let sizes: Vec<Option<u64>> = inputs.iter().map(|p| tamis_io::input_size(p)).collect();
        let shard_first = crate::plan::group_inputs(&sizes, self.config.input.shard_bytes);
        let input_bytes = sizes.iter().map(|s| s.unwrap_or(0)).collect();
        let corpus_steps = (0..self.passes() - 1)
            .map(|i| self.corpus_name(i).to_owned())
            .collect();
        let reduce_parts = (0..self.passes() - 1)
            .map(|i| self.corpus_parts(i))
            .collect();
        Ok(Plan {
            inputs,
            input_bytes,
            shard_first,
            passes: self.passes(),
            corpus_steps,
            reduce_parts,
        })
    }

    /// Prepares the output folder for a run and returns the run's plan.
    ///
    /// A fresh run (`opts.resume == false`) needs an empty or missing output
    /// folder: one that holds anything (an earlier run, files of yours) is
    /// refused with an error that says what to do, unless `opts.overwrite`
    /// (or `[output] overwrite`). With `overwrite`, what an earlier tamis
    /// run wrote there is deleted first, and only that: the files listed in
    /// its manifest and task records, `OUT/.tamis/`, and a `report.html`
    /// written by `tamis report`; files you added stay. Call it once, from
    /// one process, before any task.
    ///
    /// With `opts.resume == true` it keeps committed work: it checks that the
    /// configuration and the input files equal those recorded (error
    /// otherwise) and records them if OUT holds no run yet (refused if OUT
    /// holds other files). Safe to call from many processes at once (every
    /// Slurm array task does).
    pub fn prepare(&self, opts: &RunOptions) -> Result<Plan> {
        let layout = self.layout();
        let out = layout.out();
        let overwrite = opts.overwrite || self.config.output.overwrite;
        if opts.resume && opts.overwrite {
            return Err(Error::config(
                "resume and overwrite exclude each other: resume keeps the run in the output folder, overwrite replaces it",
            ));
        }
        let mut plan = self.plan()?;
        let run_file = layout.run_file();
        let plan_file = layout.plan_file();
        if opts.resume {
            if !run_file.exists() {
                let others = crate::manifest::entries(out, true);
                if !others.is_empty() {
                    return Err(Error::config(format!(
                        "cannot resume in {}: it holds no tamis run, but other files ({}); \
                         to run there anyway use --overwrite (Python: overwrite=True; your files stay), or choose an empty output folder",
                        out.display(),
                        crate::manifest::show(&others)
                    )));
                }
            }
            if let Ok(prev) = fs::read_to_string(&run_file) {
                if !self.same_config(&prev) {
                    return Err(Error::config(format!(
                        "the configuration differs from the one of the run in {} ({}); to start over, run without --resume or use another output folder",
                        out.display(),
                        run_file.display()
                    )));
                }
            }
            if let Ok(bytes) = fs::read(&plan_file) {
                let prev: Plan = serde_json::from_slice(&bytes).map_err(|e| {
                    Error::data(format!("{}: unreadable plan: {e}", plan_file.display()))
                })?;
                check_same_inputs(&prev, &plan, &plan_file)?;
                let parts = std::mem::take(&mut plan.reduce_parts);
                plan = prev;
                if plan.reduce_parts.is_empty() {
                    plan.reduce_parts = parts; // recorded by a tamis without partitioned reduces
                }
            }
        } else {
            let entries = crate::manifest::entries(out, false);
            if !entries.is_empty() {
                if !overwrite {
                    return Err(crate::manifest::refusal(&layout, &entries));
                }
                crate::manifest::clear(&layout)?;
            }
        }
        fs::create_dir_all(out)
            .map_err(|e| Error::io(format!("cannot create output folder {}", out.display()), e))?;
        if !run_file.exists() {
            write_shared(&run_file, self.fingerprint.as_bytes())?;
        }
        if !plan_file.exists() {
            let json =
                serde_json::to_vec_pretty(&plan).map_err(|e| Error::data(format!("plan: {e}")))?;
            write_shared(&plan_file, &json)?;
        }
        if !layout.started_file().exists() {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            write_shared(&layout.started_file(), format!("{now:.3}\n").as_bytes())?;
        }
        let plan = Arc::new(plan);
        if let Ok(mut g) = self.recorded.lock() {
            *g = Some(plan.clone());
        }
        Ok((*plan).clone())
    }

    /// The plan recorded in the output folder by [`Pipeline::prepare`]
    /// (read once, then cached). Fails if OUT was not prepared or holds a
    /// run with another configuration.
    pub fn recorded_plan(&self) -> Result<Plan> {
        Ok((*self.recorded()?).clone())
    }

    /// What is committed: per pass the missing shard tasks, per corpus step
    /// whether its reduce is done.
    pub fn status(&self) -> Result<Status> {
        let plan = self.recorded()?;
        let layout = self.layout();
        let reduced: Vec<bool> = (0..plan.passes - 1).map(|i| self.reduced(i)).collect();
        let reduce_parts_missing = reduced
            .iter()
            .enumerate()
            .map(|(i, &done)| {
                if done {
                    Vec::new()
                } else {
                    self.missing_parts(i)
                }
            })
            .collect();
        Ok(Status {
            missing: (0..plan.passes)
                .map(|p| layout.missing(p, plan.num_shards()))
                .collect(),
            reduced,
            reduce_parts_missing,
        })
    }

    /// Runs task (`pass`, `shard`) and returns its stats.
    ///
    /// Idempotent: if the task is committed (its marker
    /// `OUT/.tamis/done/pass{pass}/{shard:05}.json` exists) it returns the
    /// committed stats without doing anything; otherwise it removes what an
    /// interrupted attempt left, runs, and commits (under a lock file: if
    /// another process runs the same task, this call fails saying so). Tasks of one pass are
    /// independent. Pass `p > 0` needs reduce `p - 1` committed (error
    /// otherwise). Uses `opts.threads` threads (0 = all cores) within the
    /// shard. Requires [`Pipeline::prepare`] to have run on OUT.
    pub fn run_shard(&self, pass: usize, shard: u32, opts: &RunOptions) -> Result<Stats> {
        self.run_shards(pass, &[shard], opts)
    }

    /// Runs several tasks of one pass in parallel on `opts.threads` threads
    /// (0 = all cores), as [`Pipeline::run_shard`] does for one, with one
    /// progress display; returns their summed stats.
    pub fn run_shards(&self, pass: usize, shards: &[u32], opts: &RunOptions) -> Result<Stats> {
        let plan = self.recorded()?;
        self.check_task(&plan, pass, shards)?;
        let exec = Exec::new(opts.threads)?;
        let run = self.run_shards_with(&exec, &plan, pass, shards, opts)?;
        match run.busy.first() {
            None => Ok(run.stats),
            Some((shard, holder)) => Err(Error::new(
                ErrorKind::Other,
                format!("task (pass {pass}, shard {shard}) is already running in {holder}"),
            )),
        }
    }

    /// Runs the reduce of corpus step `corpus_index` (between pass
    /// `corpus_index` and pass `corpus_index + 1`), on `opts.threads`
    /// threads.
    ///
    /// Idempotent: returns at once if it is committed
    /// (`OUT/.tamis/done/reduce{i}`). Fails with a message naming the
    /// missing shards if some task of pass `corpus_index` is not committed,
    /// and if another process is running this reduce. The corpus steps keep
    /// all their state in files under `OUT/.tamis/work/<step>/`, so the
    /// reduce may run in another process (or machine) than the collectors.
    pub fn reduce(&self, corpus_index: usize, opts: &RunOptions) -> Result<()> {
        match self.try_reduce(corpus_index, opts)? {
            ReduceOutcome::Done | ReduceOutcome::AlreadyDone => Ok(()),
            ReduceOutcome::NotReady { missing } => {
                let plan = self.recorded()?;
                Err(Error::config(format!(
                    "cannot reduce `{}` yet: pass {corpus_index} is not committed for {} of {} shards: {}",
                    plan.corpus_steps[corpus_index],
                    missing.len(),
                    plan.num_shards(),
                    ranges(&missing, 20)
                )))
            }
            ReduceOutcome::Busy { holder } => Err(Error::new(
                ErrorKind::Other,
                format!(
                    "the reduce of `{}` is already running ({holder})",
                    self.corpus_name(corpus_index)
                ),
            )),
        }
    }

    /// [`Pipeline::reduce`] for barriers: "not ready" and "another process
    /// is on it" are outcomes, not errors. Two processes calling it at once
    /// never both run the reduce (lock file `OUT/.tamis/locks/reduce{i}`).
    pub fn try_reduce(&self, corpus_index: usize, opts: &RunOptions) -> Result<ReduceOutcome> {
        let plan = self.recorded()?;
        self.check_corpus_index(corpus_index)?;
        let layout = self.layout();
        if self.reduced(corpus_index) {
            return Ok(ReduceOutcome::AlreadyDone);
        }
        let missing = layout.missing(corpus_index, plan.num_shards());
        if !missing.is_empty() {
            return Ok(ReduceOutcome::NotReady { missing });
        }
        let lock = match acquire(
            &layout.reduce_lock(corpus_index),
            &layout.reduce_marker(corpus_index),
        )? {
            Ok(lock) => lock,
            Err(outcome) => return Ok(outcome),
        };
        let threads = resolve_threads(opts.threads);
        if let Some(holder) = self.run_missing_parts(corpus_index, threads, opts)? {
            // another process runs a part: it will be done soon; our lock goes
            return Ok(ReduceOutcome::Busy { holder });
        }
        self.reduce_merge_now(corpus_index, plan.num_shards(), threads, opts)?;
        lock.complete()?;
        Ok(ReduceOutcome::Done)
    }

    /// Runs part `part` of corpus step `corpus_index`'s reduce: one hash
    /// range or LSH band, read from every shard's signals. Parts are
    /// independent of each other: a scheduler runs them on several machines
    /// at once, then calls [`Pipeline::reduce`], which merges.
    ///
    /// Idempotent like a shard task (marker
    /// `OUT/.tamis/done/reduce{i}-parts/{part:05}`); errors like
    /// [`Pipeline::reduce`] when the pass before is not committed or another
    /// process runs the same part.
    pub fn reduce_part(&self, corpus_index: usize, part: u32, opts: &RunOptions) -> Result<()> {
        match self.try_reduce_part(corpus_index, part, opts)? {
            ReduceOutcome::Done | ReduceOutcome::AlreadyDone => Ok(()),
            ReduceOutcome::NotReady { missing } => Err(Error::config(format!(
                "cannot reduce `{}` yet: pass {corpus_index} is not committed for shards {}",
                self.corpus_name(corpus_index),
                ranges(&missing, 20)
            ))),
            ReduceOutcome::Busy { holder } => Err(Error::new(
                ErrorKind::Other,
                format!(
                    "part {part} of the reduce of `{}` is already running ({holder})",
                    self.corpus_name(corpus_index)
                ),
            )),
        }
    }

    /// [`Pipeline::reduce_part`] for barriers: "not ready" and "another
    /// process is on it" are outcomes (lock `OUT/.tamis/locks/reduce{i}-part{p}`).
    pub fn try_reduce_part(
        &self,
        corpus_index: usize,
        part: u32,
        opts: &RunOptions,
    ) -> Result<ReduceOutcome> {
        let plan = self.recorded()?;
        self.check_corpus_index(corpus_index)?;
        let parts = self.corpus_parts(corpus_index);
        if part >= parts {
            return Err(Error::config(format!(
                "no part {part} in the reduce of `{}`: it has {parts} (0..{parts})",
                self.corpus_name(corpus_index)
            )));
        }
        let layout = self.layout();
        if self.reduced(corpus_index) || self.part_done(corpus_index, part) {
            return Ok(ReduceOutcome::AlreadyDone);
        }
        let missing = layout.missing(corpus_index, plan.num_shards());
        if !missing.is_empty() {
            return Ok(ReduceOutcome::NotReady { missing });
        }
        let lock = match acquire(
            &layout.reduce_part_lock(corpus_index, part),
            &layout.reduce_part_marker(corpus_index, part),
        )? {
            Ok(lock) => lock,
            Err(outcome) => return Ok(outcome),
        };
        self.reduce_part_now(
            corpus_index,
            part,
            plan.num_shards(),
            resolve_threads(opts.threads),
        )?;
        lock.complete()?;
        Ok(ReduceOutcome::Done)
    }

    /// The number of parts of corpus step `corpus_index`'s reduce.
    pub fn reduce_parts(&self, corpus_index: usize) -> Result<u32> {
        self.check_corpus_index(corpus_index)?;
        Ok(self.corpus_parts(corpus_index))
    }

    fn check_corpus_index(&self, corpus_index: usize) -> Result<()> {
        if corpus_index + 1 >= self.passes() {
            return Err(Error::config(format!(
                "no corpus step {corpus_index}: this pipeline has {}",
                self.passes() - 1
            )));
        }
        Ok(())
    }

    /// [`Pipeline::try_reduce_part`] for several parts at once, in parallel
    /// on `opts.threads` threads (0 = all cores) shared among them; one
    /// outcome per part, in order. What a Slurm partition does at a barrier
    /// with its share of the parts.
    pub fn try_reduce_parts(
        &self,
        corpus_index: usize,
        parts: &[u32],
        opts: &RunOptions,
    ) -> Result<Vec<ReduceOutcome>> {
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let threads = resolve_threads(opts.threads);
        let exec = Exec::new(threads.min(parts.len()))?;
        let part_opts = RunOptions {
            threads: (threads / parts.len()).max(1),
            ..opts.clone()
        };
        exec.pool.install(|| {
            use rayon::prelude::*;
            parts
                .par_iter()
                .map(|&p| self.try_reduce_part(corpus_index, p, &part_opts))
                .collect()
        })
    }

    /// Runs the parts of reduce `corpus_index` not committed yet, in
    /// parallel on `threads` threads; returns the holder of a part another
    /// process is running, if any.
    fn run_missing_parts(
        &self,
        corpus_index: usize,
        threads: usize,
        opts: &RunOptions,
    ) -> Result<Option<String>> {
        let todo = self.missing_parts(corpus_index);
        let outcomes = self.try_reduce_parts(
            corpus_index,
            &todo,
            &RunOptions {
                threads,
                ..opts.clone()
            },
        )?;
        Ok(outcomes.into_iter().find_map(|o| match o {
            ReduceOutcome::Busy { holder } => Some(holder),
            _ => None,
        }))
    }

    /// Parts of reduce `corpus_index` whose marker (or done lock) is missing.
    fn missing_parts(&self, corpus_index: usize) -> Vec<u32> {
        (0..self.corpus_parts(corpus_index))
            .filter(|&p| !self.part_done(corpus_index, p))
            .collect()
    }

    fn part_done(&self, corpus_index: usize, part: u32) -> bool {
        let layout = self.layout();
        committed(
            &layout.reduce_part_marker(corpus_index, part),
            &layout.reduce_part_lock(corpus_index, part),
        )
    }

    /// Ends the run: sums the committed stats of every task into
    /// `OUT/stats.json` (the same file a one-machine run writes; its
    /// `wall_seconds` counts from [`Pipeline::prepare`]), writes
    /// `OUT/.tamis/manifest` (every file the run wrote), removes the work
    /// files (`OUT/.tamis/pass*` and `OUT/.tamis/work/`, unless
    /// `opts.keep_work`), and returns the stats. Fails, naming what is
    /// missing, unless every task and reduce is committed. May be called
    /// again: it returns the stats written the first time.
    pub fn finish(&self, opts: &RunOptions) -> Result<Stats> {
        let plan = self.recorded()?;
        self.finish_claim(&plan, opts, None)?
            .stats()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    format!(
                        "the run in {} is being finished by another process",
                        self.output_dir().display()
                    ),
                )
            })
    }

    /// [`Pipeline::finish`], except that `Ok(None)` means another process is
    /// finishing the run right now (lock `OUT/.tamis/locks/finish`), so
    /// several processes may race to finish without one failing.
    pub fn try_finish(&self, opts: &RunOptions) -> Result<Option<Stats>> {
        let plan = self.recorded()?;
        Ok(self.finish_claim(&plan, opts, None)?.stats())
    }

    /// Finishes the run under the `finish` lock, or says who did.
    pub(crate) fn finish_claim(
        &self,
        plan: &Plan,
        opts: &RunOptions,
        wall_seconds: Option<f64>,
    ) -> Result<Finished> {
        let layout = self.layout();
        let status = self.status()?;
        if !status.is_complete() {
            return Err(Error::config(format!(
                "cannot finish {}: {}",
                layout.out().display(),
                status.describe(plan)
            )));
        }
        if self.finished() {
            // finished before (its work files may be gone): the same stats
            return self.finished_stats().map(Finished::Before);
        }
        let _lock = match try_lock(&layout.lock("finish"))? {
            Acquire::Got(l) => l,
            Acquire::Busy(_) | Acquire::Done => return Ok(Finished::Busy),
        };
        if self.finished() {
            return self.finished_stats().map(Finished::Before);
        }
        // the run is complete: corpus steps publish what waited for it (dedup indexes)
        for i in 0..plan.passes - 1 {
            let cx =
                self.corpus_cx(i, &layout, plan.num_shards(), resolve_threads(opts.threads))?;
            self.corpus_step(i).commit(&cx)?;
        }
        let mut total = self.empty_stats();
        for pass in 0..plan.passes {
            for shard in 0..plan.num_shards() {
                let marker = layout.marker(pass, shard);
                let stats = read_marker(&marker).ok_or_else(|| {
                    Error::data(format!(
                        "{} is unreadable: delete it and run task (pass {pass}, shard {shard}) again",
                        marker.display()
                    ))
                })?;
                total += &stats;
            }
        }
        total.shards = u64::from(plan.num_shards());
        total.wall_seconds = wall_seconds.unwrap_or_else(|| {
            let started = fs::read_to_string(layout.started_file())
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok());
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            started.map_or(0.0, |s| (now - s).max(0.0))
        });
        let text =
            serde_json::to_vec_pretty(&total).map_err(|e| Error::data(format!("stats: {e}")))?;
        crate::manifest::write(&layout, plan)?;
        tamis_io::write_atomic(&layout.stats(), &text)?;
        if !(opts.keep_work || self.config.output.keep_work) {
            // the run is finished: nothing reads them again
            for dir in (1..plan.passes)
                .map(|pass| layout.pass_dir(pass))
                .chain([layout.work()])
            {
                if dir.exists() {
                    fs::remove_dir_all(&dir).map_err(|e| {
                        Error::io(format!("cannot remove work folder {}", dir.display()), e)
                    })?;
                }
            }
        }
        Ok(Finished::Now(total))
    }

    fn check_task(&self, plan: &Plan, pass: usize, shards: &[u32]) -> Result<()> {
        if pass >= plan.passes {
            return Err(Error::config(format!(
                "no pass {pass}: this pipeline has {} (0..{})",
                plan.passes, plan.passes
            )));
        }
        if let Some(s) = shards.iter().find(|&&s| s >= plan.num_shards()) {
            return Err(Error::config(format!(
                "no shard {s}: this run has {} (0..{})",
                plan.num_shards(),
                plan.num_shards()
            )));
        }
        if pass > 0 && !self.reduced(pass - 1) {
            return Err(Error::config(format!(
                "pass {pass} needs the reduce of `{}` (corpus step {}) first",
                plan.corpus_steps[pass - 1],
                pass - 1
            )));
        }
        Ok(())
    }

    /// Reduce `i` is committed (see [`committed`]).
    fn reduced(&self, corpus_index: usize) -> bool {
        let layout = self.layout();
        committed(
            &layout.reduce_marker(corpus_index),
            &layout.reduce_lock(corpus_index),
        )
    }

    /// The recorded plan, read once.
    pub(crate) fn recorded(&self) -> Result<Arc<Plan>> {
        if let Some(p) = self.recorded.lock().ok().and_then(|g| g.clone()) {
            return Ok(p);
        }
        let layout = self.layout();
        let not_prepared = |what: &Path| {
            Error::config(format!(
                "{} holds no prepared run ({} is missing): prepare it first (`tamis run`, or Pipeline::prepare)",
                layout.out().display(),
                what.display()
            ))
        };
        let run_file = layout.run_file();
        let prev = fs::read_to_string(&run_file).map_err(|_| not_prepared(&run_file))?;
        if !self.same_config(&prev) {
            return Err(Error::config(format!(
                "the configuration differs from the one of the run in {} ({})",
                layout.out().display(),
                run_file.display()
            )));
        }
        let plan_file = layout.plan_file();
        let bytes = fs::read(&plan_file).map_err(|_| not_prepared(&plan_file))?;
        let mut plan: Plan = serde_json::from_slice(&bytes)
            .map_err(|e| Error::data(format!("{}: unreadable plan: {e}", plan_file.display())))?;
        if plan.reduce_parts.is_empty() {
            // recorded by a tamis without partitioned reduces
            plan.reduce_parts = (0..self.passes().saturating_sub(1))
                .map(|i| self.corpus_parts(i))
                .collect();
        }
        let groups_ok = plan.shard_first.is_empty()
            || (plan.shard_first[0] == 0
                && plan.shard_first.windows(2).all(|w| w[0] < w[1])
                && plan
                    .shard_first
                    .last()
                    .is_some_and(|&l| (l as usize) < plan.inputs.len()));
        if plan.passes != self.passes() || plan.inputs.len() != plan.input_bytes.len() || !groups_ok
        {
            return Err(Error::data(format!(
                "{}: does not match this pipeline",
                plan_file.display()
            )));
        }
        let plan = Arc::new(plan);
        if let Ok(mut g) = self.recorded.lock() {
            *g = Some(plan.clone());
        }
        Ok(plan)
    }

    /// The recorded configuration equals ours, whatever output path each names.
    fn same_config(&self, recorded: &str) -> bool {
        if recorded == self.fingerprint {
            return true;
        }
        let Ok(mut c) = serde_json::from_str::<PipelineConfig>(recorded) else {
            return false;
        };
        c.output.path.clone_from(&self.config.output.path);
        crate::runner::fingerprint(&c).is_ok_and(|s| s == self.fingerprint)
    }
}

/// A reduce (or reduce part) is committed: its marker, or its lock file
/// saying `done` (seen at once on NFS, where another client's new marker may
/// stay invisible for a while).
fn committed(marker: &Path, lock: &Path) -> bool {
    marker.exists() || fs::read_to_string(lock).is_ok_and(|s| s.starts_with("done"))
}

/// Takes the lock of a reduce or reduce part, unless another process holds
/// it or the work is committed (then the outcome to report). The lock file
/// ends as the authoritative "done" record (see lock.rs).
pub(crate) fn acquire(
    lock: &Path,
    marker: &Path,
) -> Result<std::result::Result<Lock, ReduceOutcome>> {
    Ok(match try_lock(lock)? {
        Acquire::Got(l) if marker.exists() => {
            drop(l);
            Err(ReduceOutcome::AlreadyDone)
        }
        Acquire::Got(l) => Ok(l),
        Acquire::Busy(holder) => Err(ReduceOutcome::Busy { holder }),
        Acquire::Done => Err(ReduceOutcome::AlreadyDone),
    })
}

fn check_same_inputs(prev: &Plan, now: &Plan, plan_file: &Path) -> Result<()> {
    if prev.inputs == now.inputs {
        return Ok(());
    }
    let first = prev
        .inputs
        .iter()
        .zip(&now.inputs)
        .position(|(a, b)| a != b)
        .unwrap_or(prev.inputs.len().min(now.inputs.len()));
    let show = |v: &Plan| {
        v.inputs
            .get(first)
            .map_or("(none)".to_owned(), |p| p.display().to_string())
    };
    Err(Error::config(format!(
        "the input files differ from those recorded when the run started ({}): {} now, {} recorded; first difference at shard {first}: {} now, {} recorded",
        plan_file.display(),
        now.inputs.len(),
        prev.inputs.len(),
        show(now),
        show(prev)
    )))
}

/// What became of an attempt to finish the run.
pub(crate) enum Finished {
    /// This call finished it: the run's stats.
    Now(Stats),
    /// It was finished before (by this or another process).
    Before(Stats),
    /// Another process is finishing it right now.
    Busy,
}

impl Finished {
    fn stats(self) -> Option<Stats> {
        match self {
            Finished::Now(s) | Finished::Before(s) => Some(s),
            Finished::Busy => None,
        }
    }
}
