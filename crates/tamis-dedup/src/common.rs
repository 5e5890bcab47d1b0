//! Helpers shared by the steps: file names, decision files, thread pools.

use std::path::{Path, PathBuf};

use tamis_core::{CorpusContext, Error, Result};

use crate::runs::{create_dir, merge, remove_prefixed, Addressed, Record, RunWriter, Sorter};

/// Seed of every persisted hash (xxh3). Changing it invalidates indexes.
pub(crate) const SEED: u64 = 0x7461_6d69_735f_6464; // "tamis_dd"

/// Default in-RAM buffer per collector before it spills a sorted run.
pub(crate) const DEFAULT_BUFFER_MB: usize = 64;

/// Default number of reduce parts (hash ranges) of `exact` and `lines`:
/// enough for a reduce spread over a small cluster, few files per shard.
pub(crate) const DEFAULT_PARTS: u32 = 16;
/// Most reduce parts a step accepts (each shard writes one run file or more per part).
pub(crate) const MAX_PARTS: u32 = 4096;

/// The hash range (of `parts` equal ranges) `top`, a hash's high 64 bits,
/// falls in. Monotone in the hash: the parts' sorted outputs, concatenated in
/// part order, are sorted.
pub(crate) fn part_of(top: u64, parts: u32) -> u32 {
    ((u128::from(top) * u128::from(parts.max(1))) >> 64) as u32
}

/// Checks a `partitions` option.
pub(crate) fn check_parts(step: &str, parts: u32) -> Result<()> {
    if parts == 0 || parts > MAX_PARTS {
        return Err(Error::config(format!(
            "{step}: partitions must be between 1 and {MAX_PARTS}, not {parts}"
        )));
    }
    Ok(())
}

/// `p0003`: the folder name of a reduce part's files.
pub(crate) fn part_name(part: u32) -> String {
    format!("p{part:04}")
}

/// Where the collectors put a part's runs: `runs/p0003/`.
pub(crate) fn part_runs_dir(cx: &CorpusContext, part: u32) -> PathBuf {
    runs_dir(cx).join(part_name(part))
}

/// Where a reduce part writes its result for the merge: `parts/p0003/`.
pub(crate) fn part_out_dir(cx: &CorpusContext, part: u32) -> PathBuf {
    cx.work_dir.join("parts").join(part_name(part))
}

/// A reduce part's scratch folder, cleared before and after it runs.
pub(crate) fn part_tmp_dir(cx: &CorpusContext, part: u32) -> Result<PathBuf> {
    let dir = tmp_dir(cx).join(part_name(part));
    clear_dir(&dir)?;
    create_dir(&dir)?;
    Ok(dir)
}

/// Where a reduce part of `exact` or `lines` leaves its decisions (sorted
/// by document) for the merge.
pub(crate) fn part_decisions(cx: &CorpusContext, part: u32) -> PathBuf {
    part_out_dir(cx, part).join("decisions.run")
}

/// Fails, naming the first missing file, unless every part left its result.
pub(crate) fn require_parts(step: &str, results: &[PathBuf]) -> Result<()> {
    match results.iter().find(|p| !p.exists()) {
        Some(missing) => Err(Error::data(format!(
            "{step}: reduce part result {} is missing: run every part first",
            missing.display()
        ))),
        None => Ok(()),
    }
}

/// The merge of `exact` and `lines`: every part's decisions into one
/// decision file per shard.
pub(crate) fn merge_part_decisions<R: Record + Sharded>(
    cx: &CorpusContext,
    step: &str,
    parts: u32,
) -> Result<()> {
    let tmp = tmp_dir(cx);
    create_dir(&tmp)?;
    let results: Vec<PathBuf> = (0..parts).map(|p| part_decisions(cx, p)).collect();
    require_parts(step, &results)?;
    write_decisions(cx, merge::<R>(&results, &tmp)?)?;
    clear_dir(&tmp)
}

/// One shard's signals, sorted and split by key range into the reduce's
/// parts (`runs/pNNNN/sSSSSSS-….run`), under one RAM budget.
pub(crate) struct PartSorters<R> {
    sorters: Vec<Sorter<R>>,
    budget: usize,
    /// Bytes buffered by all sorters since the last spill (each sorter's own
    /// cap is twice the budget, so only `push` spills them).
    buffered: usize,
}

impl<R: Record> PartSorters<R> {
    /// Removes what an earlier attempt at `shard` left and starts empty.
    pub(crate) fn new(
        cx: &CorpusContext,
        shard: u32,
        parts: u32,
        budget: usize,
    ) -> Result<PartSorters<R>> {
        let prefix = shard_prefix(shard);
        let budget = budget.max(4 << 10); // 0 MiB: spill every few KiB
        let mut sorters = Vec::with_capacity(parts as usize);
        for p in 0..parts {
            let dir = part_runs_dir(cx, p);
            create_dir(&dir)?;
            remove_prefixed(&dir, &format!("{prefix}-"))?;
            // each sorter may hold the whole budget; `push` spills them together
            sorters.push(Sorter::new(&dir, &prefix, budget.saturating_mul(2)));
        }
        Ok(PartSorters {
            sorters,
            budget,
            buffered: 0,
        })
    }

    /// Adds a record to part `part` (callers compute it with [`part_of`]).
    pub(crate) fn push(&mut self, part: u32, rec: R) -> Result<()> {
        if let Some(s) = self.sorters.get_mut(part as usize) {
            self.buffered += rec.mem_bytes();
            s.push(rec)?;
        }
        if self.buffered >= self.budget {
            for s in &mut self.sorters {
                s.spill()?;
            }
            self.buffered = 0;
        }
        Ok(())
    }

    /// Spills what is left.
    pub(crate) fn finish(self) -> Result<()> {
        for s in self.sorters {
            s.finish()?;
        }
        Ok(())
    }
}

/// A decision record that also says which shard it belongs to.
pub(crate) trait Sharded: Addressed {
    fn shard(&self) -> u32;
}

/// `s000042`: the file-name prefix of a shard's files.
pub(crate) fn shard_prefix(shard: u32) -> String {
    format!("s{shard:06}")
}

pub(crate) fn runs_dir(cx: &CorpusContext) -> PathBuf {
    cx.work_dir.join("runs")
}

pub(crate) fn tmp_dir(cx: &CorpusContext) -> PathBuf {
    cx.work_dir.join("tmp")
}

pub(crate) fn decisions_path(cx: &CorpusContext, shard: u32) -> PathBuf {
    cx.work_dir
        .join("decisions")
        .join(format!("{}.run", shard_prefix(shard)))
}

/// Writes a stream of decisions sorted by (shard, ordinal) into one file per
/// shard, replacing the decisions of any earlier reduce.
pub(crate) fn write_decisions<R: Record + Sharded>(
    cx: &CorpusContext,
    sorted: impl Iterator<Item = Result<R>>,
) -> Result<u64> {
    let dir = cx.work_dir.join("decisions");
    remove_prefixed(&dir, "s")?;
    let mut cur: Option<(u32, RunWriter)> = None;
    let mut n = 0;
    for r in sorted {
        let r = r?;
        let shard = r.shard();
        if cur.as_ref().map(|(s, _)| *s) != Some(shard) {
            if let Some((_, w)) = cur.take() {
                w.finish()?;
            }
            cur = Some((shard, RunWriter::create(&decisions_path(cx, shard))?));
        }
        if let Some((_, w)) = cur.as_mut() {
            w.push(&r)?;
        }
        n += 1;
    }
    if let Some((_, w)) = cur.take() {
        w.finish()?;
    }
    Ok(n)
}

/// A rayon pool of `threads` threads (at least 1).
pub(crate) fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| Error::config(format!("cannot start {threads} threads: {e}")))
}

/// Removes a folder's leftovers from an earlier attempt.
pub(crate) fn clear_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot clear {}", dir.display()), e))?;
    }
    Ok(())
}

/// MiB → bytes, split between `parts` buffers. 0 MiB means "spill every few
/// KiB" (tests use it to exercise the merges).
pub(crate) fn buffer_bytes(mb: usize, parts: usize) -> usize {
    mb.saturating_mul(1 << 20) / parts.max(1)
}
