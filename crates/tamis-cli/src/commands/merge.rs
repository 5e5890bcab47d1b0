//! Sharded runs for batch schedulers (Slurm job arrays):
//! `tamis run --shard I/N` runs one partition of the input files,
//! `tamis merge OUT` completes the run, `tamis status OUT` says what is left.
//!
//! Partition I of N holds the input files (sorted, as in a normal run) whose
//! index s has `s % N == I`. All partitions write into the same OUT. At the
//! barrier before a corpus step's reduce, once every task of the pass is
//! committed, partition I runs the reduce parts `p % N == I`, then any part
//! nobody has taken, then the merge (each under a lock file) and goes on;
//! a partition that finds the pass incomplete, or a part still running
//! elsewhere, exits 0 with a note. `tamis merge` runs whatever reduces and
//! later-pass tasks are left (it never reads the raw inputs, so every task of
//! pass 0 must be committed) and writes `OUT/stats.json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Result};
use tamis_core::Stats;
use tamis_pipeline::{Pipeline, ReduceOutcome, RunOptions};

use super::Common;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The output folder the `tamis run --shard I/N` partitions wrote.
    pub out: PathBuf,
    /// Keep intermediate data of multi-pass runs in OUT/.tamis/.
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

/// `tamis run --shard I/N`.
pub fn run_partition(
    p: &Pipeline,
    index: u32,
    count: u32,
    opts: &RunOptions,
    quiet: bool,
) -> Result<ExitCode> {
    let opts = RunOptions {
        resume: true,
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
    let mut total = Stats::default();
    for pass in 0..plan.passes {
        if pass > 0 {
            let step = &plan.corpus_steps[pass - 1];
            // this partition's share of the reduce's parts first (when the
            // pass is complete); try_reduce then runs whatever no other
            // partition has taken, and merges
            let parts = plan.reduce_parts.get(pass - 1).copied().unwrap_or(1);
            let my_parts: Vec<u32> = (0..parts).filter(|q| q % count == index).collect();
            p.try_reduce_parts(pass - 1, &my_parts, &opts)?;
            match p.try_reduce(pass - 1, &opts)? {
                ReduceOutcome::Done => say(format!(
                    "{me}: every partition is done with pass {}: ran the reduce of `{step}`",
                    pass - 1
                )),
                ReduceOutcome::AlreadyDone => {}
                ReduceOutcome::NotReady { missing } => {
                    say(format!(
                        "{me}: pass {} done; waiting for other partitions ({} of {} files not done yet) before the reduce of `{step}`; \
                         run `tamis merge {out}` or rerun when all partitions are done",
                        pass - 1,
                        missing.len(),
                        plan.num_shards()
                    ));
                    return Ok(ExitCode::SUCCESS);
                }
                ReduceOutcome::Busy { holder } => {
                    say(format!(
                        "{me}: pass {} done; the reduce of `{step}` is running in {holder}; \
                         run `tamis merge {out}` or rerun when it is done",
                        pass - 1
                    ));
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        total += &p.run_shards(pass, &mine, &opts)?;
    }
    let status = p.status()?;
    if !status.is_complete() {
        say(format!(
            "{me} done ({} kept, {} removed); waiting for other partitions ({}); run `tamis merge {out}` when all are done",
            total.kept,
            total.removed,
            status.describe(&plan)
        ));
        return Ok(ExitCode::SUCCESS);
    }
    // This partition was the last one: write stats.json as one run would.
    match p.try_finish(&opts)? {
        Some(stats) if !quiet => crate::summary::print(&stats, p.output_dir()),
        Some(_) => {}
        None => say(format!(
            "{me} done; another partition is writing {out}/stats.json"
        )),
    }
    Ok(ExitCode::SUCCESS)
}

/// `tamis merge OUT`.
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
            .map(|&s| plan.inputs[s as usize].display().to_string())
            .collect();
        bail!(
            "cannot merge {}: {} (first files: {}). `tamis merge` never reads the raw inputs: rerun the partitions that \
             hold them (with `--shard I/N`, input file s is in partition s % N), then merge again",
            args.out.display(),
            status.describe(&plan),
            files.join(", ")
        );
    }
    for pass in 1..plan.passes {
        loop {
            match p.try_reduce(pass - 1, &opts)? {
                ReduceOutcome::Done | ReduceOutcome::AlreadyDone => break,
                ReduceOutcome::NotReady { .. } => {
                    bail!(
                        "cannot merge {}: {}",
                        args.out.display(),
                        p.status()?.describe(&plan)
                    )
                }
                ReduceOutcome::Busy { holder } => {
                    if !args.common.quiet {
                        tamis_pipeline::log_info(&format!(
                            "waiting for the reduce of `{}` running in {holder}",
                            plan.corpus_steps[pass - 1]
                        ));
                    }
                    std::thread::sleep(Duration::from_secs(5));
                }
            }
        }
        let missing = p.status()?.missing[pass].clone();
        if !missing.is_empty() {
            p.run_shards(pass, &missing, &opts)?;
        }
    }
    let stats = loop {
        match p.try_finish(&opts)? {
            Some(s) => break s,
            None => std::thread::sleep(Duration::from_secs(2)),
        }
    };
    if !args.common.quiet {
        crate::summary::print(&stats, &args.out);
    }
    Ok(ExitCode::SUCCESS)
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
