//! Drivers for one corpus step: [`run_in_memory`] over documents held in RAM
//! (tests, small inputs) and [`run_streaming`], which reads each shard twice
//! (collect, then apply) through a caller-supplied reader, so RAM stays
//! bounded (`tamis dedup` on large inputs). The pipeline runner does the same
//! with intermediate files between passes.

use std::path::Path;

use rayon::prelude::*;
use tamis_core::{Applier, CorpusContext, CorpusStep, Document, Outcome, Position, RemovedBy, Result, StepContext};

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
    std::fs::create_dir_all(work_dir)
        .map_err(|e| tamis_core::Error::io(format!("cannot create {}", work_dir.display()), e))?;
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
                        let o = apply_one(a.as_mut(), &mut d, &mut scx, &cx.step_name);
                        (d, o)
                    })
                    .collect())
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(out.into_iter().flatten().collect())
}

/// Runs a corpus step over `num_shards` shards streamed from `read`, which is
/// called twice per shard (collect, then apply) and must yield the same
/// documents in the same order both times, with `position` set. Every
/// document and its outcome go to `write(shard, doc, outcome)` (removed ones
/// with `removed_by` filled, step name `dedup`), in order within a shard;
/// shards run in parallel on `threads` threads.
pub fn run_streaming<R, I, W>(
    step: &dyn CorpusStep,
    num_shards: u32,
    work_dir: &Path,
    threads: usize,
    read: R,
    write: W,
) -> Result<()>
where
    R: Fn(u32) -> Result<I> + Sync,
    I: Iterator<Item = Result<Document>>,
    W: Fn(u32, Document, Outcome) -> Result<()> + Sync,
{
    std::fs::create_dir_all(work_dir)
        .map_err(|e| tamis_core::Error::io(format!("cannot create {}", work_dir.display()), e))?;
    let cx =
        CorpusContext { work_dir: work_dir.to_owned(), step_name: "dedup".into(), num_shards, threads: threads.max(1) };
    let pool = pool(threads)?;
    pool.install(|| {
        (0..num_shards).into_par_iter().try_for_each(|s| -> Result<()> {
            let mut c = step.collector(&cx, s)?;
            for d in read(s)? {
                c.observe(&d?)?;
            }
            c.finish()
        })
    })?;
    step.reduce(&cx)?;
    pool.install(|| {
        (0..num_shards).into_par_iter().try_for_each(|s| -> Result<()> {
            let mut a = step.applier(&cx, s)?;
            let mut scx = StepContext::default();
            for d in read(s)? {
                let mut d = d?;
                let o = apply_one(a.as_mut(), &mut d, &mut scx, &cx.step_name);
                write(s, d, o)?;
            }
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn streaming_matches_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let shards: Vec<Vec<Document>> = (0..3)
            .map(|s| (0..20).map(|i| Document::new(format!("{s}-{i}"), format!("texte {}", (i + s) % 7))).collect())
            .collect();
        let mem = run_in_memory(&crate::Exact::default(), shards.clone(), &dir.path().join("m"), 2).unwrap();
        let out = Mutex::new(Vec::new());
        run_streaming(
            &crate::Exact::default(),
            3,
            &dir.path().join("s"),
            2,
            |s| {
                let docs = shards[s as usize].clone();
                Ok(docs.into_iter().enumerate().map(move |(o, mut d)| {
                    d.position = Position { shard: s, ordinal: o as u64 };
                    Ok(d)
                }))
            },
            |_, d, o| {
                out.lock().unwrap().push((d.position, d.id, o));
                Ok(())
            },
        )
        .unwrap();
        let mut out = out.into_inner().unwrap();
        out.sort_by_key(|(p, _, _)| *p);
        let a: Vec<_> = mem.into_iter().map(|(d, o)| (d.id, o)).collect();
        let b: Vec<_> = out.into_iter().map(|(_, id, o)| (id, o)).collect();
        assert_eq!(a, b);
        assert_eq!(b.iter().filter(|(_, o)| *o == Outcome::Keep).count(), 7);
    }
}

/// Applies the decision to one document and, when it is dropped, records why on it.
fn apply_one(a: &mut dyn Applier, d: &mut Document, scx: &mut StepContext, step: &str) -> Outcome {
    let o = a.apply(d, scx);
    if let Outcome::Drop(drop) = &o {
        d.removed_by = Some(RemovedBy::from_drop(step, drop.clone()));
    }
    o
}
