//! Corpus-wide steps (deduplication): map → reduce → apply.
//!
//! A recipe with a corpus step runs in passes. In the map pass, every shard's
//! documents that reach the step are shown to a [`Collector`] (which writes
//! signals — line hashes, MinHash band keys — under the step's work folder,
//! already split by key into the reduce's parts) and the survivors are
//! stored in an intermediate area. Then the reduce runs in two stages:
//! [`CorpusStep::reduce_part`] for each of the [`CorpusStep::reduce_parts`]
//! key ranges (hash ranges, LSH bands), each reading every shard's signals
//! *for its keys only*, independently of the other parts; then
//! [`CorpusStep::reduce_merge`] once, which combines the parts' small results
//! (decisions, candidate pairs) into per-shard decision files. In the apply
//! pass, each shard's stored documents are read back in the same order and an
//! [`Applier`] decides for each.
//!
//! Each pass is a barrier and each map/apply task is one shard, each reduce
//! part one task: what a Ray task graph or a Slurm array runs; the local
//! runner uses rayon. [`reduce_all`] runs a whole reduce in one thread.

use std::path::PathBuf;

use crate::document::Document;
use crate::error::Result;
use crate::step::{Outcome, StepContext};

/// Where a corpus step keeps its state for one run.
#[derive(Debug, Clone)]
pub struct CorpusContext {
    /// The step's private folder (`OUT/.tamis/work/<step>/`), created by the runner.
    pub work_dir: PathBuf,
    /// The step's name in the pipeline.
    pub step_name: String,
    /// How many input shards the run has (shards are numbered `0..num_shards`).
    pub num_shards: u32,
    /// Threads the step may use in `reduce`.
    pub threads: usize,
}

/// A step that needs to see the whole corpus before deciding.
pub trait CorpusStep: Send + Sync {
    /// Starts the map pass for one shard. The collector sees the shard's
    /// documents that reach this step, in position order.
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>>;
    /// Into how many independent parts the reduce splits (at least 1). Fixed
    /// by the step's configuration, so every process of a run agrees.
    fn reduce_parts(&self) -> u32 {
        1
    }
    /// Reduces part `part` (of `0..reduce_parts()`) after every shard's
    /// collector finished: reads the signals of the part's keys, writes the
    /// part's result under the work folder. Parts do not depend on each
    /// other (any order, at the same time, on different machines); running a
    /// part again replaces its result.
    fn reduce_part(&self, cx: &CorpusContext, part: u32) -> Result<()>;
    /// Runs once after every part: combines their results into the
    /// decisions the appliers read (and prepares a persistent index's next
    /// version, if any, without publishing it).
    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()>;
    /// Runs once when the whole run has succeeded (every pass committed):
    /// publishes what must only be seen after a complete run — a dedup
    /// index that now holds this run's documents. A run that fails before
    /// leaves the index as it was, so running it again from scratch does not
    /// find its own documents there. Must be idempotent.
    fn commit(&self, _cx: &CorpusContext) -> Result<()> {
        Ok(())
    }
    /// Starts the apply pass for one shard. The applier sees exactly the
    /// documents its collector saw, in the same order.
    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>>;
}

/// Runs a step's whole reduce in the calling thread: every part in order,
/// then the merge. Callers with threads or machines run the parts in
/// parallel instead; the result is the same.
///
/// (It does not call [`CorpusStep::commit`]: that waits for the run's end.)
pub fn reduce_all(step: &dyn CorpusStep, cx: &CorpusContext) -> Result<()> {
    for part in 0..step.reduce_parts().max(1) {
        step.reduce_part(cx, part)?;
    }
    step.reduce_merge(cx)
}

/// Gathers one shard's signals during the map pass.
pub trait Collector: Send {
    /// Observes one document (its `position` identifies it).
    fn observe(&mut self, doc: &Document) -> Result<()>;
    /// Flushes the shard's signals to disk.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Applies the reduce pass's decisions to one shard.
pub trait Applier: Send {
    /// Decides for one document, as a [`crate::Step`] would.
    fn apply(&mut self, doc: &mut Document, cx: &mut StepContext) -> Outcome;
}
