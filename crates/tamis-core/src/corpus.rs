//! Corpus-wide steps (deduplication): map → reduce → apply.
//!
//! A recipe with a corpus step runs in passes. In the map pass, every shard's
//! documents that reach the step are shown to a [`Collector`] (which writes
//! signals — line hashes, MinHash band keys — under the step's work folder)
//! and the survivors are stored in an intermediate area. Then
//! [`CorpusStep::reduce`] runs once over all shards' signals and writes small
//! decision files. In the apply pass, each shard's stored documents are read
//! back in the same order and an [`Applier`] decides for each.
//!
//! Each pass is a barrier and each map/apply task is one shard, which is what
//! a Ray task graph or a Slurm array runs; the local runner uses rayon.

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
    /// Runs once after every shard's collector finished.
    fn reduce(&self, cx: &CorpusContext) -> Result<()>;
    /// Starts the apply pass for one shard. The applier sees exactly the
    /// documents its collector saw, in the same order.
    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>>;
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
