//! Drivers for one corpus step: [`run_in_memory`] over documents held in RAM
//! (tests, small inputs) and [`run_streaming`], which reads each shard twice
//! (collect, then apply) through a caller-supplied reader, so RAM stays
//! bounded (`tamis dedup` on large inputs). The pipeline runner does the same
//! with intermediate files between passes.

use std::path::Path;

use rayon::prelude::*;
use tamis_core::{
    Applier, CorpusContext, CorpusStep, Document, Outcome, Position, RemovedBy, Result, StepContext,
};

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
        num_shards: u32::try_from(shards.len())
            .map_err(|_| tamis_core::Error::config("too many shards"))?,
        threads: threads.max(1),
    };
    let mut shards = shards;
    for (s, docs) in shards.iter_mut().enumerate() {
        for (o, d) in docs.iter_mut().enumerate() {
            d.position = Position {
                shard: s as u32,
                ordinal: o as u64,
            };
        }
    }
    let pool = pool(threads)?;
    pool.install(|| {
        shards
            .par_iter()
            .enumerate()
            .try_for_each(|(s, docs)| -> Result<()> {
                let mut c = step.collector(&cx, s as u32)?;
                for d in docs {
                    c.observe(d)?;
                }
                c.finish()
            })
    })?;
    reduce_parallel(step, &cx, &pool)?;
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
    step.commit(&cx)?;
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
    let cx = CorpusContext {
        work_dir: work_dir.to_owned(),
        step_name: "dedup".into(),
        num_shards,
        threads: threads.max(1),
    };
    let pool = pool(threads)?;
    pool.install(|| {
        (0..num_shards)
            .into_par_iter()
            .try_for_each(|s| -> Result<()> {
                let mut c = step.collector(&cx, s)?;
                for d in read(s)? {
                    c.observe(&d?)?;
                }
                c.finish()
            })
    })?;
    reduce_parallel(step, &cx, &pool)?;
    pool.install(|| {
        (0..num_shards)
            .into_par_iter()
            .try_for_each(|s| -> Result<()> {
                let mut a = step.applier(&cx, s)?;
                let mut scx = StepContext::default();
                for d in read(s)? {
                    let mut d = d?;
                    let o = apply_one(a.as_mut(), &mut d, &mut scx, &cx.step_name);
                    write(s, d, o)?;
                }
                Ok(())
            })
    })?;
    step.commit(&cx)
}

/// A step's reduce on `pool`: the parts in parallel (one thread each), then
/// the merge with every thread.
pub(crate) fn reduce_parallel(
    step: &dyn CorpusStep,
    cx: &CorpusContext,
    pool: &rayon::ThreadPool,
) -> Result<()> {
    let part_cx = CorpusContext {
        threads: 1,
        ..cx.clone()
    };
    pool.install(|| {
        (0..step.reduce_parts().max(1))
            .into_par_iter()
            .try_for_each(|p| step.reduce_part(&part_cx, p))
    })?;
    step.reduce_merge(cx)
}

/// Applies the decision to one document and, when it is dropped, records why on it.
fn apply_one(a: &mut dyn Applier, d: &mut Document, scx: &mut StepContext, step: &str) -> Outcome {
    let o = a.apply(d, scx);
    if let Outcome::Drop(drop) = &o {
        d.removed_by = Some(RemovedBy::from_drop(step, drop.clone()));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Shards whose texts repeat across shards: exact copies, shared lines, near copies.
    fn corpus() -> Vec<Vec<Document>> {
        (0..4)
            .map(|s| {
                (0..60)
                    .map(|i| {
                        let body = if i % 9 == 0 {
                            "Le même communiqué, repris mot pour mot par plusieurs pages du site.".to_owned()
                        } else { format!(
                            "Paragraphe {}-{}{} sur la ville numéro {} et ses environs immédiats, écrit pour cette page seulement.\nLigne commune du site.\nAutre ligne {}.",
                            // letters, not digits: lines are compared with digits as 0
                            char::from(b'a' + s as u8),
                            char::from(b'a' + (i / 26) as u8),
                            char::from(b'a' + (i % 26) as u8),
                            (i + s * 3) % 11,
                            i % 5
                        ) };
                        let mut d = Document::new(format!("{s}-{i}"), body);
                        d.url = Some(format!("https://site{}.example/p{i}", i % 3));
                        d
                    })
                    .collect()
            })
            .collect()
    }

    fn outcomes(
        step: &dyn CorpusStep,
        dir: &Path,
        threads: usize,
    ) -> Vec<(String, String, Outcome)> {
        run_in_memory(step, corpus(), dir, threads)
            .unwrap()
            .into_iter()
            .map(|(d, o)| (d.id, d.text, o))
            .collect()
    }

    #[test]
    fn result_does_not_depend_on_partitions_or_part_order() {
        let dir = tempfile::tempdir().unwrap();
        let exact = |p| {
            crate::Exact::new(crate::ExactConfig {
                partitions: p,
                buffer_mb: 0,
                ..Default::default()
            })
        };
        let lines = |p| {
            crate::Lines::new(crate::LinesConfig {
                partitions: p,
                buffer_mb: 0,
                ..Default::default()
            })
        };
        type Case = (&'static str, Box<dyn CorpusStep>, Box<dyn CorpusStep>);
        let cases: Vec<Case> = vec![
            ("exact", Box::new(exact(1)), Box::new(exact(7))),
            ("lines", Box::new(lines(1)), Box::new(lines(16))),
        ];
        for (name, one, many) in cases {
            assert!(many.reduce_parts() > 1);
            let a = outcomes(one.as_ref(), &dir.path().join(format!("{name}-1")), 1);
            let b = outcomes(many.as_ref(), &dir.path().join(format!("{name}-n")), 3);
            assert_eq!(a, b, "{name}");
            let changed = if name == "exact" {
                a.iter().filter(|(_, _, o)| *o != Outcome::Keep).count()
            } else {
                a.iter()
                    .filter(|(_, t, _)| t.starts_with("Paragraphe") && !t.contains("Ligne commune"))
                    .count()
            };
            assert!(changed > 10, "{name} changed {changed} documents");
        }
        // minhash: one part per band, run here one by one in reverse order, as
        // separate tasks would; same decisions as the parallel reduce
        let mh = crate::MinHash::default();
        let whole = outcomes(&mh, &dir.path().join("mh-a"), 2);
        let work = dir.path().join("mh-b");
        std::fs::create_dir_all(&work).unwrap();
        let cx = CorpusContext {
            work_dir: work.clone(),
            step_name: "dedup".into(),
            num_shards: 4,
            threads: 1,
        };
        let mut shards = corpus();
        for (s, docs) in shards.iter_mut().enumerate() {
            let mut c = mh.collector(&cx, s as u32).unwrap();
            for (o, d) in docs.iter_mut().enumerate() {
                d.position = Position {
                    shard: s as u32,
                    ordinal: o as u64,
                };
                c.observe(d).unwrap();
            }
            c.finish().unwrap();
        }
        let err = mh.reduce_merge(&cx).unwrap_err();
        assert!(err.to_string().contains("run every part first"), "{err}");
        assert_eq!(mh.reduce_parts(), 14);
        for p in (0..mh.reduce_parts()).rev() {
            mh.reduce_part(&cx, p).unwrap();
        }
        mh.reduce_part(&cx, 3).unwrap(); // a retried part replaces its result
        mh.reduce_merge(&cx).unwrap();
        let mut separate = Vec::new();
        for (s, docs) in shards.into_iter().enumerate() {
            let mut a = mh.applier(&cx, s as u32).unwrap();
            let mut scx = StepContext::default();
            for mut d in docs {
                let o = apply_one(a.as_mut(), &mut d, &mut scx, "dedup");
                separate.push((d.id, d.text, o));
            }
        }
        assert_eq!(whole, separate);
        assert!(
            whole.iter().any(|(_, _, o)| matches!(o, Outcome::Drop(_))),
            "minhash removed near copies"
        );
    }

    #[test]
    fn streaming_matches_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let shards: Vec<Vec<Document>> = (0..3)
            .map(|s| {
                (0..20)
                    .map(|i| Document::new(format!("{s}-{i}"), format!("texte {}", (i + s) % 7)))
                    .collect()
            })
            .collect();
        let mem = run_in_memory(
            &crate::Exact::default(),
            shards.clone(),
            &dir.path().join("m"),
            2,
        )
        .unwrap();
        let out = Mutex::new(Vec::new());
        run_streaming(
            &crate::Exact::default(),
            3,
            &dir.path().join("s"),
            2,
            |s| {
                let docs = shards[s as usize].clone();
                Ok(docs.into_iter().enumerate().map(move |(o, mut d)| {
                    d.position = Position {
                        shard: s,
                        ordinal: o as u64,
                    };
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
