//! `minhash`: removes near-duplicate documents (MinHash + LSH, FineWeb's
//! parameters), keeping one per cluster.
//!
//! Shingles are the word 5-grams of datatrove's `simplify_text` (lower-case,
//! punctuation removed, accents stripped, digit runs → `0`), words split on
//! white space, each hashed with xxh3-64. 112 hash permutations
//! `(a·x + b) mod (2⁶¹ − 1)` give the signature, cut into 14 bands of 8; two
//! documents whose band of 8 minimums is equal in any band are candidates,
//! and candidates are joined into clusters (union-find, transitive). A pair
//! with Jaccard similarity `s` becomes a candidate with probability
//! `1 − (1 − s⁸)¹⁴`: 0.92 at s = 0.8, 0.50 at 0.73, 0.08 at 0.6.
//!
//! Kept: the member with the **lowest position key** (first in input
//! order; with an index, an indexed document of an earlier crawl before any
//! new one). datatrove keeps the root of its union-find, which is usually
//! but not always the first document (it depends on the order pairs are
//! merged); here the rule is exact and independent of threads.
//!
//! Every kept document gets metadata `minhash_cluster_size` (members,
//! counting itself and, with an index, indexed members; 1 for documents
//! without duplicates, so FineWeb-2-style upsampling can read it on every
//! document) and `minhash_cluster_id` (the id of the cluster's kept
//! document: its own id for kept documents).
//!
//! Reason codes:
//! - `minhash_duplicate`: signals `duplicate_of` (id of the kept document,
//!   which may be in the index), `cluster_id` (the same id), `cluster_size`.
//!
//! Documents with fewer than `n_grams` words have no shingle and are never
//! removed (datatrove does the same).
//!
//! ```toml
//! [[step]]
//! type = "minhash"
//! n_grams = 5
//! num_bands = 14
//! hashes_per_band = 8
//! # index_path = "dedup-index/minhash"   # dedup against earlier crawls
//! ```
//!
//! Out of core and distributed: collectors write one sorted run per band
//! (16 bytes per document and band) and the ids; the reduce has one part per
//! band (they run in parallel, on several machines with the Ray executor or
//! Slurm partitions), each merging its band's runs from every shard into
//! candidate pairs; the merge unions the pairs of all bands in an array of
//! 4 bytes per document, then writes per-shard decisions via external sorts.
//! RAM in the merge: 8 bytes per document (parent and cluster-size arrays,
//! indexed documents included) plus merge buffers.

mod cluster;
pub(crate) mod signature;

use std::io::{self, BufRead};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tamis_core::{
    display_chain, Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, Error,
    ErrorCode, Outcome, Removal, Result, StepContext,
};

use crate::common::Sharded;
use crate::common::{buffer_bytes, decisions_path, runs_dir, shard_prefix, DEFAULT_BUFFER_MB};
use crate::runs::{
    create_dir, read_exact_or_eof, read_string, remove_prefixed, u32_at, u64_at, write_small,
    write_string, Addressed, Decisions, Record, RunWriter, Sorter,
};
use signature::Signer;

/// Reason code of a removed near-duplicate.
pub const MINHASH_DUPLICATE: &str = "minhash_duplicate";
/// Metadata key: the id of the cluster's kept document.
pub const CLUSTER_ID: &str = "minhash_cluster_id";
/// Metadata key: the number of documents in the cluster.
pub const CLUSTER_SIZE: &str = "minhash_cluster_size";

/// Options of the `minhash` step (FineWeb's defaults).
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MinHashConfig {
    /// Words per shingle.
    pub n_grams: usize,
    /// LSH bands (datatrove's `num_buckets`).
    pub num_bands: usize,
    /// Hashes per band (rows): a band matches when all of them are equal.
    pub hashes_per_band: usize,
    /// Width of the MinHash values: 64 (FineWeb) or 32.
    pub hash_bits: u32,
    /// Seed of the shingle hash and of the permutations; documents are only
    /// comparable under the same seed.
    pub seed: u64,
    /// Folder of a persistent index of earlier crawls. New documents close
    /// to an indexed one are removed; this run's kept documents are added at
    /// the end of the reduce (atomically). Unset: this run only.
    pub index_path: Option<PathBuf>,
    /// RAM each collector may buffer before spilling sorted runs, in MiB
    /// (0: spill every few KiB, for tests).
    pub buffer_mb: usize,
}

impl Default for MinHashConfig {
    fn default() -> MinHashConfig {
        MinHashConfig {
            n_grams: 5,
            num_bands: 14,
            hashes_per_band: 8,
            hash_bits: 64,
            seed: 1,
            index_path: None,
            buffer_mb: DEFAULT_BUFFER_MB,
        }
    }
}

impl MinHashConfig {
    fn validate(&self) -> Result<()> {
        if self.n_grams == 0 || self.num_bands == 0 || self.hashes_per_band == 0 {
            return Err(Error::config(
                "minhash: n_grams, num_bands and hashes_per_band must be at least 1",
            ));
        }
        if self.num_bands > 1024 {
            return Err(Error::config("minhash: at most 1024 bands"));
        }
        if self.hash_bits != 32 && self.hash_bits != 64 {
            return Err(Error::config("minhash: hash_bits must be 32 or 64"));
        }
        Ok(())
    }

    /// What makes two indexes comparable.
    fn index_params(&self) -> String {
        format!(
            "n_grams={} bands={} rows={} bits={} seed={} shingle=xxh3_64(simplify_text)",
            self.n_grams, self.num_bands, self.hashes_per_band, self.hash_bits, self.seed
        )
    }
}

/// The `minhash` corpus step.
#[derive(Debug, Clone, Default)]
pub struct MinHash {
    config: MinHashConfig,
}

impl MinHash {
    /// Builds the step (call [`MinHash::try_new`] to validate the options).
    pub fn new(config: MinHashConfig) -> MinHash {
        MinHash { config }
    }

    /// Builds the step after checking the options.
    pub fn try_new(config: MinHashConfig) -> Result<MinHash> {
        config.validate()?;
        Ok(MinHash { config })
    }

    pub(crate) fn build(v: serde_json::Value) -> Result<BuiltStep> {
        Ok(BuiltStep::Corpus(Box::new(MinHash::try_new(
            tamis_core::parse_config(v)?,
        )?)))
    }
}

/// Shard field of index entries in band records; shard `s` is stored as `s + 1`.
const INDEX_SHARD: u32 = 0;

/// One document's key in one band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct BandRec {
    hash: u64,
    shard: u32,
    local: u32,
}

impl Record for BandRec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.hash.to_le_bytes());
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.local.to_le_bytes());
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 16];
        Ok(read_exact_or_eof(r, &mut b)?.then(|| BandRec {
            hash: u64_at(&b, 0),
            shard: u32_at(&b, 8),
            local: u32_at(&b, 12),
        }))
    }
}

/// A document's ordinal and id, in the order the collector saw them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct IdRec {
    ordinal: u64,
    id: String,
}

impl Record for IdRec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        write_string(out, &self.id);
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 8];
        if !read_exact_or_eof(r, &mut b)? {
            return Ok(None);
        }
        Ok(Some(IdRec {
            ordinal: u64_at(&b, 0),
            id: read_string(r)?,
        }))
    }
    fn mem_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.id.len()
    }
}

/// The decision for one document in a cluster of `size` > 1: kept, or
/// removed as a duplicate of `dup_of`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct MinDec {
    shard: u32,
    ordinal: u64,
    removed: bool,
    size: u32,
    dup_of: String,
}

impl Record for MinDec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        out.push(u8::from(self.removed));
        out.extend_from_slice(&self.size.to_le_bytes());
        write_string(out, &self.dup_of);
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 17];
        if !read_exact_or_eof(r, &mut b)? {
            return Ok(None);
        }
        Ok(Some(MinDec {
            shard: u32_at(&b, 0),
            ordinal: u64_at(&b, 4),
            removed: b[12] != 0,
            size: u32_at(&b, 13),
            dup_of: read_string(r)?,
        }))
    }
    fn mem_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.dup_of.len()
    }
}

impl Addressed for MinDec {
    fn ordinal(&self) -> u64 {
        self.ordinal
    }
}
impl Sharded for MinDec {
    fn shard(&self) -> u32 {
        self.shard
    }
}

fn band_dir(cx: &CorpusContext, band: usize) -> PathBuf {
    runs_dir(cx).join(format!("b{band:04}"))
}

fn ids_path(cx: &CorpusContext, shard: u32) -> PathBuf {
    cx.work_dir
        .join("ids")
        .join(format!("{}.run", shard_prefix(shard)))
}

fn count_path(cx: &CorpusContext, shard: u32) -> PathBuf {
    cx.work_dir.join("counts").join(shard_prefix(shard))
}

struct MinHashCollector {
    signer: Signer,
    bands: Vec<Sorter<BandRec>>,
    ids: RunWriter,
    shard: u32,
    count: u32,
    keys: Vec<u64>,
    count_path: PathBuf,
    buffer_bytes: usize,
}

impl Collector for MinHashCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        let local = self.count;
        self.count = self
            .count
            .checked_add(1)
            .ok_or_else(|| Error::data("minhash: more than 4 billion documents in one shard"))?;
        self.ids.push(&IdRec {
            ordinal: doc.position.ordinal,
            id: doc.id.clone(),
        })?;
        if self.signer.band_keys(&doc.text, &mut self.keys) {
            for (sorter, &hash) in self.bands.iter_mut().zip(&self.keys) {
                sorter.push(BandRec {
                    hash,
                    shard: self.shard + 1,
                    local,
                })?;
            }
            // one budget shared by all bands: spill them together
            if self.bands.iter().map(Sorter::buffered_bytes).sum::<usize>() >= self.buffer_bytes {
                for s in &mut self.bands {
                    s.spill()?;
                }
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        for s in self.bands {
            s.finish()?;
        }
        self.ids.finish()?;
        write_small(&self.count_path, &self.count.to_string())
    }
}

struct MinHashApplier {
    decisions: Decisions<MinDec>,
    buf: Vec<MinDec>,
}

impl Applier for MinHashApplier {
    fn apply(&mut self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        if let Err(e) = self.decisions.take(doc.position.ordinal, &mut self.buf) {
            return Outcome::error(
                ErrorCode::Io,
                format!("minhash: cannot read decisions: {}", display_chain(&e)),
            );
        }
        match self.buf.first() {
            Some(d) if d.removed => Outcome::Drop(
                Removal::new(MINHASH_DUPLICATE)
                    .signal("duplicate_of", d.dup_of.clone())
                    .signal("cluster_id", d.dup_of.clone())
                    .signal("cluster_size", d.size),
            ),
            d => {
                let size = d.map_or(1, |d| d.size);
                doc.metadata
                    .insert(CLUSTER_ID.into(), Value::String(doc.id.clone()));
                doc.metadata.insert(CLUSTER_SIZE.into(), size.into());
                Outcome::Keep
            }
        }
    }
}

impl CorpusStep for MinHash {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        self.config.validate()?;
        if shard == u32::MAX {
            return Err(Error::config("minhash: shard number too large"));
        }
        let prefix = shard_prefix(shard);
        let per_band = buffer_bytes(self.config.buffer_mb, self.config.num_bands);
        let mut bands = Vec::with_capacity(self.config.num_bands);
        for b in 0..self.config.num_bands {
            let dir = band_dir(cx, b);
            create_dir(&dir)?;
            remove_prefixed(&dir, &format!("{prefix}-"))?;
            bands.push(Sorter::new(&dir, &prefix, per_band.saturating_mul(2)));
        }
        Ok(Box::new(MinHashCollector {
            signer: Signer::new(&self.config),
            bands,
            ids: RunWriter::create(&ids_path(cx, shard))?,
            shard,
            count: 0,
            keys: Vec::new(),
            count_path: count_path(cx, shard),
            buffer_bytes: buffer_bytes(self.config.buffer_mb, 1),
        }))
    }

    fn reduce_parts(&self) -> u32 {
        self.config.num_bands as u32
    }

    fn reduce_part(&self, cx: &CorpusContext, part: u32) -> Result<()> {
        self.config.validate()?;
        if part as usize >= self.config.num_bands {
            return Err(Error::config(format!(
                "minhash: no reduce part {part}: one per band, 0..{}",
                self.config.num_bands
            )));
        }
        cluster::reduce_band(&self.config, cx, part)
    }

    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()> {
        self.config.validate()?;
        cluster::reduce_merge(&self.config, cx)
    }

    /// Publishes the index generation the merge staged.
    fn commit(&self, cx: &CorpusContext) -> Result<()> {
        match self.config.index_path.as_deref() {
            Some(path) => crate::index::Index::new(path).publish(&cx.work_dir),
            None => Ok(()),
        }
    }

    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>> {
        Ok(Box::new(MinHashApplier {
            decisions: Decisions::open(&decisions_path(cx, shard))?,
            buf: Vec::new(),
        }))
    }
}

#[cfg(test)]
mod tests;
