//! The MinHash reduce: one part per band (merge the band's runs → candidate
//! pairs, and with an index the band's merged keys), then the merge:
//! union-find over every band's pairs → per-shard decisions, and the index
//! update.
//!
//! Documents get a dense global index: indexed documents first
//! (`0..n_index`), then each shard's documents in the order its collector
//! saw them. That order is the position-key order, so "union by smaller
//! index" makes every cluster's root its lowest position key whatever order
//! the pairs arrive in: the result does not depend on the thread count.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use tamis_core::{CorpusContext, Error, Result};

use super::{band_dir, count_path, ids_path, BandRec, IdRec, MinDec, MinHashConfig, INDEX_SHARD};
use crate::common::{
    buffer_bytes, clear_dir, part_out_dir, part_tmp_dir, pool, require_parts, tmp_dir,
    write_decisions,
};
use crate::index::{Index, IndexBase, IndexMeta};
use crate::runs::{
    create_dir, list_shard_runs, merge, read_exact_or_eof, read_small, u32_at, u64_at, Record,
    RunReader, RunWriter, Sorter,
};

const INDEX_KIND: &str = "minhash";
const EDGE_BATCH: usize = 1 << 16;

/// Where each shard's documents start in the global numbering.
struct Layout {
    n_index: u32,
    /// Per shard: (first global index, documents).
    shards: Vec<(u32, u32)>,
    total: u32,
    index_dir: Option<PathBuf>,
}

impl Layout {
    fn global(&self, rec: &BandRec) -> Result<u32> {
        if rec.shard == INDEX_SHARD {
            if rec.local < self.n_index {
                return Ok(rec.local);
            }
        } else if let Some(&(start, n)) = self.shards.get((rec.shard - 1) as usize) {
            if rec.local < n {
                return Ok(start + rec.local);
            }
        }
        Err(Error::data(format!(
            "minhash: band record points outside the corpus ({rec:?}): stale work folder?"
        )))
    }

    fn band_inputs(&self, cx: &CorpusContext, band: usize) -> Result<Vec<PathBuf>> {
        let mut inputs = list_shard_runs(&band_dir(cx, band), cx.num_shards)?;
        if let Some(dir) = &self.index_dir {
            let p = index_band_path(dir, band);
            if p.exists() {
                inputs.push(p);
            }
        }
        Ok(inputs)
    }

    /// Calls `f(global index, shard or None for the index, record)` for every
    /// document in global order.
    fn for_each_id(
        &self,
        cx: &CorpusContext,
        mut f: impl FnMut(u32, Option<u32>, IdRec) -> Result<()>,
    ) -> Result<()> {
        let mut g = 0u32;
        if let Some(dir) = &self.index_dir {
            for rec in RunReader::<IdRec>::open(&dir.join("ids.run"))? {
                if g >= self.n_index {
                    return Err(Error::data(
                        "minhash: index ids.run has more entries than its meta.json says",
                    ));
                }
                f(g, None, rec?)?;
                g += 1;
            }
        }
        if g != self.n_index {
            return Err(Error::data(
                "minhash: index ids.run has fewer entries than its meta.json says",
            ));
        }
        for (s, &(start, n)) in self.shards.iter().enumerate() {
            let mut seen = 0u32;
            if n > 0 {
                for rec in RunReader::<IdRec>::open(&ids_path(cx, s as u32))? {
                    if seen >= n {
                        break;
                    }
                    f(start + seen, Some(s as u32), rec?)?;
                    seen += 1;
                }
            }
            if seen != n {
                return Err(Error::data(format!(
                    "minhash: shard {s}: ids file shorter than its count"
                )));
            }
        }
        Ok(())
    }
}

fn index_band_path(dir: &Path, band: usize) -> PathBuf {
    dir.join("bands").join(format!("b{band:04}.run"))
}

/// A removed document waiting for its root's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Request {
    root: u32,
    shard: u32,
    ordinal: u64,
    size: u32,
}

impl Record for Request {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.root.to_le_bytes());
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 20];
        Ok(read_exact_or_eof(r, &mut b)?.then(|| Request {
            root: u32_at(&b, 0),
            shard: u32_at(&b, 4),
            ordinal: u64_at(&b, 8),
            size: u32_at(&b, 16),
        }))
    }
}

/// Path-halving find; parents always point to smaller indexes.
fn find(p: &mut [u32], mut x: u32) -> u32 {
    loop {
        let px = p[x as usize];
        if px == x {
            return x;
        }
        let gp = p[px as usize];
        p[x as usize] = gp;
        x = gp;
    }
}

fn union(p: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        p[hi as usize] = lo;
    }
}

/// A candidate pair in the global numbering (`b` is in the bucket of `a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    a: u32,
    b: u32,
}

impl Record for Edge {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.a.to_le_bytes());
        out.extend_from_slice(&self.b.to_le_bytes());
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 8];
        Ok(read_exact_or_eof(r, &mut b)?.then(|| Edge {
            a: u32_at(&b, 0),
            b: u32_at(&b, 4),
        }))
    }
}

fn edges_path(cx: &CorpusContext, band: u32) -> PathBuf {
    part_out_dir(cx, band).join("edges.run")
}

fn merged_band_path(cx: &CorpusContext, band: u32) -> PathBuf {
    part_out_dir(cx, band).join("band.run")
}

/// The global numbering of this run (and the index it deduplicates against).
fn layout(c: &MinHashConfig, cx: &CorpusContext) -> Result<(Layout, Option<IndexBase>)> {
    let index = c.index_path.as_deref().map(Index::new);
    let current = match &index {
        Some(ix) => ix.base_for_run(&cx.work_dir, INDEX_KIND, &c.index_params())?,
        None => None,
    };
    let n_index = current.as_ref().map_or(0, |(_, m)| m.docs);
    let mut total = n_index;
    let mut shards = Vec::with_capacity(cx.num_shards as usize);
    for s in 0..cx.num_shards {
        let p = count_path(cx, s);
        let n: u64 = if p.exists() {
            read_small(&p)?
                .trim()
                .parse()
                .map_err(|_| Error::data(format!("minhash: bad count file {}", p.display())))?
        } else {
            0
        };
        shards.push((total, n));
        total += n;
    }
    if total >= u32::MAX as u64 {
        return Err(Error::config(
            "minhash: more than 4 billion documents (index included) in one reduce",
        ));
    }
    let layout = Layout {
        n_index: n_index as u32,
        shards: shards
            .into_iter()
            .map(|(a, b)| (a as u32, b as u32))
            .collect(),
        total: total as u32,
        index_dir: current.as_ref().map(|(d, _)| d.clone()),
    };
    Ok((layout, index.map(|ix| (ix, current))))
}

/// Reduce part `band`: merges the band's runs of every shard (and of the
/// index) and writes its candidate pairs (each member of a bucket with the
/// bucket's first member); with an index, also the band's merged keys in the
/// global numbering, for the index update.
pub(super) fn reduce_band(c: &MinHashConfig, cx: &CorpusContext, band: u32) -> Result<()> {
    let tmp = part_tmp_dir(cx, band)?;
    let (layout, index) = layout(c, cx)?;
    let mut edges = RunWriter::create(&edges_path(cx, band))?;
    let mut merged = match index {
        Some(_) => Some(RunWriter::create(&merged_band_path(cx, band))?),
        None => None,
    };
    let mut cur: Option<(u64, u32)> = None;
    for rec in merge::<BandRec>(&layout.band_inputs(cx, band as usize)?, &tmp)? {
        let rec = rec?;
        let g = layout.global(&rec)?;
        if let Some(w) = merged.as_mut() {
            w.push(&BandRec {
                hash: rec.hash,
                shard: INDEX_SHARD,
                local: g,
            })?;
        }
        match cur {
            Some((h, first)) if h == rec.hash => edges.push(&Edge { a: first, b: g })?,
            _ => cur = Some((rec.hash, g)),
        }
    }
    edges.finish()?;
    if let Some(w) = merged {
        w.finish()?;
    }
    clear_dir(&tmp)
}

/// The merge: union-find over every band's pairs, decisions, index update.
pub(super) fn reduce_merge(c: &MinHashConfig, cx: &CorpusContext) -> Result<()> {
    let tmp = tmp_dir(cx);
    clear_dir(&tmp)?;
    create_dir(&tmp)?;
    let (layout, index) = layout(c, cx)?;
    let bands = c.num_bands as u32;
    require_parts(
        "minhash",
        &(0..bands).map(|b| edges_path(cx, b)).collect::<Vec<_>>(),
    )?;

    // candidate pairs → union-find (4 bytes per document); bands are read on
    // other threads while this one unions
    let mut parent: Vec<u32> = (0..layout.total).collect();
    let pool = pool(cx.threads)?;
    let (tx, rx) = sync_channel::<Vec<Edge>>(2 * cx.threads.max(1));
    std::thread::scope(|ts| -> Result<()> {
        let pool = &pool;
        let producer = ts.spawn(move || {
            pool.install(|| {
                (0..bands)
                    .into_par_iter()
                    .try_for_each_with(tx, |tx, b| -> Result<()> {
                        let mut batch = Vec::with_capacity(EDGE_BATCH);
                        for e in RunReader::<Edge>::open(&edges_path(cx, b))? {
                            batch.push(e?);
                            if batch.len() >= EDGE_BATCH {
                                let full =
                                    std::mem::replace(&mut batch, Vec::with_capacity(EDGE_BATCH));
                                tx.send(full).map_err(|_| {
                                    Error::data("minhash: union-find thread stopped")
                                })?;
                            }
                        }
                        if !batch.is_empty() {
                            tx.send(batch)
                                .map_err(|_| Error::data("minhash: union-find thread stopped"))?;
                        }
                        Ok(())
                    })
            })
        });
        for batch in rx {
            for e in batch {
                if e.a >= layout.total || e.b >= layout.total {
                    return Err(Error::data(
                        "minhash: candidate pair outside the corpus: stale reduce part?",
                    ));
                }
                union(&mut parent, e.a, e.b);
            }
        }
        producer
            .join()
            .map_err(|_| Error::data("minhash: band reader panicked"))?
    })?;
    // flatten (parents point down, so one ascending pass suffices) and size clusters
    let mut sizes = vec![0u32; layout.total as usize];
    for i in 0..parent.len() {
        let p = parent[parent[i] as usize];
        parent[i] = p;
        sizes[p as usize] += 1;
    }

    // decisions: kept roots directly; removed members via a join on the root's id
    let budget = buffer_bytes(c.buffer_mb, 2);
    let mut decisions = Sorter::<MinDec>::new(&tmp, "dec", budget);
    let mut requests = Sorter::<Request>::new(&tmp, "req", budget);
    let roots_path = tmp.join("roots.run");
    let mut roots = RunWriter::create(&roots_path)?;
    layout.for_each_id(cx, |g, shard, rec| {
        let r = parent[g as usize];
        let size = sizes[r as usize];
        if size <= 1 {
            return Ok(());
        }
        if r == g {
            roots.push(&IdRec {
                ordinal: g as u64,
                id: rec.id,
            })?;
            if let Some(shard) = shard {
                decisions.push(MinDec {
                    shard,
                    ordinal: rec.ordinal,
                    removed: false,
                    size,
                    dup_of: String::new(),
                })?;
            }
        } else if let Some(shard) = shard {
            requests.push(Request {
                root: r,
                shard,
                ordinal: rec.ordinal,
                size,
            })?;
        }
        Ok(())
    })?;
    roots.finish()?;
    let mut root_ids = RunReader::<IdRec>::open(&roots_path)?;
    let mut root: Option<IdRec> = root_ids.next().transpose()?;
    for req in requests.into_sorted(&tmp)? {
        let req = req?;
        while root.as_ref().is_some_and(|r| r.ordinal < req.root as u64) {
            root = root_ids.next().transpose()?;
        }
        let Some(r) = root.as_ref().filter(|r| r.ordinal == req.root as u64) else {
            return Err(Error::data(
                "minhash: internal error: cluster root without id",
            ));
        };
        decisions.push(MinDec {
            shard: req.shard,
            ordinal: req.ordinal,
            removed: true,
            size: req.size,
            dup_of: r.id.clone(),
        })?;
    }
    write_decisions(cx, decisions.into_sorted(&tmp)?)?;

    if let Some((ix, current)) = &index {
        // new index numbers: indexed documents keep theirs, kept new documents follow
        let mut next = layout.n_index;
        let numbers = &mut sizes;
        for (g, num) in numbers.iter_mut().enumerate() {
            *num = if (g as u32) < layout.n_index {
                g as u32
            } else if parent[g] == g as u32 {
                next += 1;
                next - 1
            } else {
                u32::MAX
            };
        }
        let numbers = &*numbers;
        let (dir, generation) = ix.next_generation(current.as_ref().map(|c| &c.1))?;
        pool.install(|| {
            (0..bands).into_par_iter().try_for_each(|b| -> Result<()> {
                let mut w = RunWriter::create_durable(&index_band_path(&dir, b as usize))?;
                for rec in RunReader::<BandRec>::open(&merged_band_path(cx, b))? {
                    let rec = rec?;
                    let num = numbers.get(rec.local as usize).copied().ok_or_else(|| {
                        Error::data(
                            "minhash: merged band points outside the corpus: stale reduce part?",
                        )
                    })?;
                    if num != u32::MAX {
                        w.push(&BandRec {
                            hash: rec.hash,
                            shard: INDEX_SHARD,
                            local: num,
                        })?;
                    }
                }
                w.finish().map(|_| ())
            })
        })?;
        let mut ids = RunWriter::create_durable(&dir.join("ids.run"))?;
        layout.for_each_id(cx, |g, _, rec| {
            if numbers[g as usize] != u32::MAX {
                ids.push(&rec)?;
            }
            Ok(())
        })?;
        ids.finish()?;
        let meta = IndexMeta {
            kind: INDEX_KIND.into(),
            params: c.index_params(),
            docs: next as u64,
            generation,
            partitions: None,
        };
        ix.stage(&cx.work_dir, &dir, &meta)?;
    }
    clear_dir(&tmp)
}
