//! Sharded runs for batch schedulers (Slurm job arrays):
//! `tamis run --shard I/N` runs one partition of the input files,
//! `tamis merge OUT` completes the run, `tamis status OUT` says what is left.
//!
//! Which task runs when is decided by tamis-pipeline's task graph
//! (`Pipeline::drive` with `Scope::Partition` / `Scope::Merge`); this module
//! parses the arguments and says, for people, why a partition stopped.
//! Partition I of N holds the input files (sorted) whose index s has
//! `s % N == I`; all partitions write into the same OUT; a partition that
//! must wait for the others exits 0 with a note. `tamis merge` runs whatever
//! is left after pass 0 (it never reads the raw inputs) and writes
//! `OUT/stats.json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use tamis_pipeline::{DriveEnd, Pipeline, RunOptions, Scope, Task};

use super::Common;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The output folder the `tamis run --shard I/N` partitions wrote.
    pub out: PathBuf,
    /// Keep the work files (OUT/.tamis/work, OUT/.tamis/pass*) after the run.
    #[arg(long)]
    pub keep_work: bool,
    #[command(flatten)]
    pub common: Common,
}

/// Parses `I/N` (0-based I, I < N).
pub fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!("`{s}`: expected I/N with 0 <= I < N, e.g. --shard 0/16 (I is 0-based, like SLURM_ARRAY_TASK_ID)")
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (u32, u32) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

/// `tamis run --shard I/N`: drives the partition's share of the task graph
/// (see [`Scope::Partition`]) and says why it stopped.
pub fn run_partition(
    p: &Pipeline,
    index: u32,
    count: u32,
    opts: &RunOptions,
    quiet: bool,
) -> Result<ExitCode> {
    let opts = RunOptions {
        resume: true,
        overwrite: false,
        ..opts.clone()
    };
    let say = |msg: String| {
        if !quiet {
            tamis_pipeline::log_info(&msg);
        }
    };
    let plan = p.prepare(&opts)?;
    let out = p.output_dir().display().to_string();
    let mine = plan.partition(index, count);
    let me = format!(
        "partition {index}/{count} ({} of {} input files)",
        mine.len(),
        plan.num_shards()
    );
    if mine.is_empty() {
        say(format!(
            "{me}: nothing to do (more partitions than input files)"
        ));
    }
    let step = |corpus: usize| plan.corpus_steps[corpus].as_str();
    let drive = p.drive(Scope::Partition { index, count }, &opts, false)?;
    for task in &drive.ran {
        if let Task::ReduceMerge { corpus } = *task {
            say(format!(
                "{me}: every partition is done with pass {corpus}: ran the reduce of `{}`",
                step(corpus)
            ));
        }
    }
    match drive.end {
        DriveEnd::Finished(stats) => {
            if !quiet {
                crate::summary::print(&stats, p.output_dir());
            }
        }
        DriveEnd::Waiting { on, missing } => match on {
            Task::ReducePart { corpus, .. } | Task::ReduceMerge { corpus } => say(format!(
                "{me}: pass {corpus} done; waiting for other partitions ({} of {} files not done yet) before the reduce of `{}`; \
                 run `tamis merge {out}` or rerun when all partitions are done",
                missing.len(),
                plan.num_shards(),
                step(corpus)
            )),
            _ => say(format!(
                "{me} done ({} kept, {} removed); waiting for other partitions ({}); run `tamis merge {out}` when all are done",
                drive.ran_stats.kept,
                drive.ran_stats.removed,
                p.status()?.describe(&plan)
            )),
        },
        DriveEnd::Busy { task, holder } => match task {
            Task::ReducePart { corpus, .. } | Task::ReduceMerge { corpus } => say(format!(
                "{me}: pass {corpus} done; the reduce of `{}` is running in {holder}; \
                 run `tamis merge {out}` or rerun when it is done",
                step(corpus)
            )),
            Task::Finish => say(format!(
                "{me} done; another partition is writing {out}/stats.json"
            )),
            Task::Shard { pass, shard } => say(format!(
                "{me}: pass {pass} of input file {shard} is running in {holder}; rerun when it is done"
            )),
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// `tamis merge OUT`: drives every task but those of pass 0 (see
/// [`Scope::Merge`]), waiting for tasks other processes hold.
pub fn merge(args: Args) -> Result<ExitCode> {
    let p = Pipeline::from_output(&args.out, &tamis_pipeline::registry())?;
    let opts = RunOptions {
        resume: true,
        keep_work: args.keep_work,
        ..args.common.run_options()
    };
    let plan = p.recorded_plan()?;
    let status = p.status()?;
    if !status.pass_complete(0) {
        let missing = &status.missing[0];
        let files: Vec<String> = missing
            .iter()
            .take(3)
            .flat_map(|&s| plan.shard_inputs(s))
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        bail!(
            "cannot merge {}: {} (first files: {}). `tamis merge` never reads the raw inputs: rerun the partitions that \
             hold them (with `--shard I/N`, shard s is in partition s % N), then merge again",
            args.out.display(),
            status.describe(&plan),
            files.join(", ")
        );
    }
    match p.drive(Scope::Merge, &opts, true)?.end {
        DriveEnd::Finished(stats) => {
            if !args.common.quiet {
                crate::summary::print(&stats, &args.out);
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!(
            "cannot merge {}: {}",
            args.out.display(),
            p.status()?.describe(&plan)
        ),
    }
}

/// `tamis status OUT`.
pub fn status(out: &Path) -> Result<ExitCode> {
    let p = Pipeline::from_output(out, &tamis_pipeline::registry())?;
    let plan = p.recorded_plan()?;
    let status = p.status()?;
    println!(
        "{}: {} input files, {} pass(es)",
        out.display(),
        plan.num_shards(),
        plan.passes
    );
    for (pass, missing) in status.missing.iter().enumerate() {
        if pass > 0 {
            let parts = plan.reduce_parts.get(pass - 1).copied().unwrap_or(1);
            let left = status
                .reduce_parts_missing
                .get(pass - 1)
                .map_or(0, Vec::len) as u32;
            let done = if status.reduced[pass - 1] {
                format!("done ({parts} part(s) and merge)")
            } else if left < parts {
                format!("{} of {parts} parts done, not merged", parts - left)
            } else {
                format!("not run ({parts} part(s))")
            };
            println!("  reduce of `{}`: {done}", plan.corpus_steps[pass - 1]);
        }
        println!(
            "  pass {pass}: {} of {} tasks committed",
            plan.num_shards() as usize - missing.len(),
            plan.num_shards()
        );
    }
    if status.is_complete() {
        let finished = out.join("stats.json").exists();
        println!(
            "  complete{}",
            if finished {
                "; stats.json written"
            } else {
                "; run `tamis merge` to write stats.json"
            }
        );
    } else {
        println!("  left: {}", status.describe(&plan));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_spec_is_zero_based_and_checked() {
        assert_eq!(parse_shard("0/16"), Ok((0, 16)));
        assert_eq!(parse_shard("15/16"), Ok((15, 16)));
        for bad in ["16/16", "1/0", "3", "a/b", "-1/4", "1/2/3"] {
            assert!(parse_shard(bad).unwrap_err().contains("0-based"), "{bad}");
        }
    }
}
