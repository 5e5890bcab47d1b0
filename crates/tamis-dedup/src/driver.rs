//! A small in-memory driver: collect → reduce → apply over documents held
//! in RAM. For tests, benchmarks and `tamis dedup` on modest inputs; the
//! pipeline runner does the same while streaming shards from disk.

use std::path::Path;

use rayon::prelude::*;
use tamis_core::{CorpusContext, CorpusStep, Document, Outcome, Position, RemovedBy, Result, StepContext};

use crate::common::pool;

/// Runs a corpus step over `shards` (shard `i` = `shards[i]`) and returns
/// every document with its outcome, in input order.
///
/// Each document's `position` is set to (shard index, index in the shard).
/// Removed documents also get `removed_by` filled (step name `dedup`), so the
/// result can be written as it is. Shards are collected and applied on
/// `threads` threads; the result does not depend on `threads`.
/// `work_dir` holds the step's run files (created if needed, left in place).
pub fn run_in_memory(
    step: &dyn CorpusStep,
    shards: Vec<Vec<Document>>,
    work_dir: &Path,
    threads: usize,
) -> Result<Vec<(Document, Outcome)>> {
    std::fs::create_dir_all(work_dir).map_err(|e| tamis_core::Error::io(format!("cannot create {}", work_dir.display()), e))?;
    let cx = CorpusContext {
        work_dir: work_dir.to_owned(),
        step_name: "dedup".into(),
        num_shards: u32::try_from(shards.len()).map_err(|_| tamis_core::Error::config("too many shards"))?,
        threads: threads.max(1),
    };
    let mut shards = shards;
    for (s, docs) in shards.iter_mut().enumerate() {
        for (o, d) in docs.iter_mut().enumerate() {
            d.position = Position { shard: s as u32, ordinal: o as u64 };
        }
    }
    let pool = pool(threads)?;
    pool.install(|| {
        shards.par_iter().enumerate().try_for_each(|(s, docs)| -> Result<()> {
            let mut c = step.collector(&cx, s as u32)?;
            for d in docs {
                c.observe(d)?;
            }
            c.finish()
        })
    })?;
    step.reduce(&cx)?;
    let out: Vec<Vec<(Document, Outcome)>> = pool.install(|| {
        shards
            .into_par_iter()
            .enumerate()
            .map(|(s, docs)| -> Result<Vec<(Document, Outcome)>> {
                let mut a = step.applier(&cx, s as u32)?;
                let mut scx = StepContext::default();
                Ok(docs
                    .into_iter()
                    .map(|mut d| {
                        let o = a.apply(&mut d, &mut scx);
                        if let Outcome::Drop(drop) = &o {
                            d.removed_by = Some(RemovedBy {
                                step: cx.step_name.clone(),
                                reason: drop.reason.to_string(),
                                signals: drop.signals.clone(),
                            });
                        }
                        (d, o)
                    })
                    .collect())
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(out.into_iter().flatten().collect())
}
