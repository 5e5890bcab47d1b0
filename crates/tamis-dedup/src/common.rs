//! Helpers shared by the steps: file names, decision files, thread pools.

use std::path::{Path, PathBuf};

use tamis_core::{CorpusContext, Error, Result};

use crate::runs::{remove_prefixed, Addressed, Record, RunWriter};

/// Seed of every persisted hash (xxh3). Changing it invalidates indexes.
pub(crate) const SEED: u64 = 0x7461_6d69_735f_6464; // "tamis_dd"

/// Default in-RAM buffer per collector before it spills a sorted run.
pub(crate) const DEFAULT_BUFFER_MB: usize = 64;

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
    cx.work_dir.join("decisions").join(format!("{}.run", shard_prefix(shard)))
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
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(format!("cannot clear {}", dir.display()), e))?;
    }
    Ok(())
}

/// MiB → bytes, split between `parts` buffers. 0 MiB means "spill every few
/// KiB" (tests use it to exercise the merges).
pub(crate) fn buffer_bytes(mb: usize, parts: usize) -> usize {
    mb.saturating_mul(1 << 20) / parts.max(1)
}
