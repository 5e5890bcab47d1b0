//! `exact`: removes documents whose normalised text is identical to an
//! earlier document's.
//!
//! The text is normalised (lower-cased, every run of white space, newlines
//! included, → one space, trimmed) and hashed with xxh3-128 (fixed seed): a
//! collision between two different texts has probability ~n²/2¹²⁹, nil at
//! any crawl size. Of each group of equal hashes the document with the
//! lowest position key (input shard, then record ordinal) is kept, i.e. the
//! first in input order. With an `index_path`, documents already in the
//! index (earlier crawls) come first: a new document equal to one of them is
//! removed, and the index is updated with this run's kept documents.
//!
//! Reason codes:
//! - `exact_duplicate`: signal `duplicate_of` = the kept document's id.
//!
//! ```toml
//! [[steps]]
//! type = "exact"
//! # index_path = "dedup-index/exact"   # optional: dedup against earlier crawls
//! ```
//!
//! Out of core: collectors write `(hash, position key, id)` to sorted run
//! files; the reduce k-way merges them (RAM: the merge heap and buffers, not
//! the corpus) and writes per-shard decision files sorted by ordinal.

use std::io::{self, BufRead};
use std::path::PathBuf;

use serde::Deserialize;
use tamis_core::{
    Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, Drop, Outcome, Position, Result, StepContext,
};
use xxhash_rust::xxh3::xxh3_128_with_seed;

use crate::common::{
    buffer_bytes, decisions_path, runs_dir, shard_prefix, tmp_dir, write_decisions, Sharded, DEFAULT_BUFFER_MB, SEED,
};
use crate::index::{Index, IndexMeta};
use crate::runs::{
    create_dir, list_shard_runs, merge, read_exact_or_eof, read_string, remove_prefixed, u32_at, u64_at, write_string,
    Addressed, Decisions, Record, RunWriter, Sorter,
};
use crate::text::normalize_exact;

/// Reason code of a removed exact copy.
pub const EXACT_DUPLICATE: &str = "exact_duplicate";

/// Options of the `exact` step.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ExactConfig {
    /// Folder of a persistent index of earlier crawls' texts. Documents equal
    /// to an indexed one are removed; this run's kept documents are added at
    /// the end of the reduce (atomically). None: this run only.
    pub index_path: Option<PathBuf>,
    /// RAM each collector may buffer before spilling a sorted run, in MiB
    /// (0: spill every few KiB, for tests).
    pub buffer_mb: usize,
}

impl Default for ExactConfig {
    fn default() -> ExactConfig {
        ExactConfig { index_path: None, buffer_mb: DEFAULT_BUFFER_MB }
    }
}

/// The `exact` corpus step.
#[derive(Debug, Clone, Default)]
pub struct Exact {
    config: ExactConfig,
}

impl Exact {
    /// Builds the step.
    pub fn new(config: ExactConfig) -> Exact {
        Exact { config }
    }

    pub(crate) fn build(v: serde_json::Value) -> Result<BuiltStep> {
        Ok(BuiltStep::Corpus(Box::new(Exact::new(tamis_core::parse_config(v)?))))
    }
}

const INDEX_KIND: &str = "exact";
const INDEX_PARAMS: &str = "xxh3_128/lower+ws/seed=tamis_dd";
const SRC_INDEX: u8 = 0;
const SRC_NEW: u8 = 1;

/// One document's hash; index entries sort before new documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct HashRec {
    hash: u128,
    src: u8,
    key: u64,
    id: String,
}

impl Record for HashRec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.hash.to_le_bytes());
        out.push(self.src);
        out.extend_from_slice(&self.key.to_le_bytes());
        write_string(out, &self.id);
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 25];
        if !read_exact_or_eof(r, &mut b)? {
            return Ok(None);
        }
        let mut h = [0u8; 16];
        h.copy_from_slice(&b[..16]);
        Ok(Some(HashRec { hash: u128::from_le_bytes(h), src: b[16], key: u64_at(&b, 17), id: read_string(r)? }))
    }
    fn mem_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.id.len()
    }
}

/// "Remove the document at (shard, ordinal), it duplicates `dup_of`."
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ExactDec {
    shard: u32,
    ordinal: u64,
    dup_of: String,
}

impl Record for ExactDec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        write_string(out, &self.dup_of);
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 12];
        if !read_exact_or_eof(r, &mut b)? {
            return Ok(None);
        }
        Ok(Some(ExactDec { shard: u32_at(&b, 0), ordinal: u64_at(&b, 4), dup_of: read_string(r)? }))
    }
    fn mem_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.dup_of.len()
    }
}

impl Addressed for ExactDec {
    fn ordinal(&self) -> u64 {
        self.ordinal
    }
}
impl Sharded for ExactDec {
    fn shard(&self) -> u32 {
        self.shard
    }
}

struct ExactCollector {
    sorter: Sorter<HashRec>,
    scratch: String,
}

impl Collector for ExactCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        normalize_exact(&doc.text, &mut self.scratch);
        if self.scratch.is_empty() {
            return Ok(()); // empty texts are left to filters
        }
        let hash = xxh3_128_with_seed(self.scratch.as_bytes(), SEED);
        self.sorter.push(HashRec { hash, src: SRC_NEW, key: doc.position.key(), id: doc.id.clone() })
    }
    fn finish(self: Box<Self>) -> Result<()> {
        self.sorter.finish().map(|_| ())
    }
}

struct ExactApplier {
    decisions: Decisions<ExactDec>,
    buf: Vec<ExactDec>,
}

impl Applier for ExactApplier {
    fn apply(&mut self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        if let Err(e) = self.decisions.take(doc.position.ordinal, &mut self.buf) {
            return Outcome::Error(format!("exact: cannot read decisions: {e}"));
        }
        match self.buf.first() {
            Some(d) => Outcome::Drop(Drop::new(EXACT_DUPLICATE).signal("duplicate_of", d.dup_of.clone())),
            None => Outcome::Keep,
        }
    }
}

impl CorpusStep for Exact {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        let dir = runs_dir(cx);
        create_dir(&dir)?;
        let prefix = shard_prefix(shard);
        remove_prefixed(&dir, &format!("{prefix}-"))?;
        let sorter = Sorter::new(&dir, &prefix, buffer_bytes(self.config.buffer_mb, 1));
        Ok(Box::new(ExactCollector { sorter, scratch: String::new() }))
    }

    fn reduce(&self, cx: &CorpusContext) -> Result<()> {
        let tmp = tmp_dir(cx);
        create_dir(&tmp)?;
        let mut inputs = list_shard_runs(&runs_dir(cx), cx.num_shards)?;
        let index = self.config.index_path.as_deref().map(Index::new);
        let current = match &index {
            Some(ix) => ix.base_for_run(&cx.work_dir, INDEX_KIND, INDEX_PARAMS)?,
            None => None,
        };
        if let Some((dir, _)) = &current {
            inputs.push(dir.join("hashes.run"));
        }
        let mut next = match (&index, &current) {
            (Some(ix), cur) => {
                let (dir, generation) = ix.next_generation(cur.as_ref().map(|c| &c.1))?;
                Some((RunWriter::create_durable(&dir.join("hashes.run"))?, dir, generation))
            }
            _ => None,
        };
        let mut decisions = Sorter::<ExactDec>::new(&tmp, "dec", buffer_bytes(self.config.buffer_mb, 1));
        let mut group: Option<(u128, String)> = None;
        let mut indexed = 0u64;
        for rec in merge::<HashRec>(&inputs, &tmp)? {
            let rec = rec?;
            match &group {
                Some((h, kept)) if *h == rec.hash => {
                    let pos = Position::from_key(rec.key);
                    if rec.src == SRC_NEW {
                        decisions.push(ExactDec { shard: pos.shard, ordinal: pos.ordinal, dup_of: kept.clone() })?;
                    }
                }
                _ => {
                    if let Some((w, _, _)) = next.as_mut() {
                        w.push(&HashRec { hash: rec.hash, src: SRC_INDEX, key: 0, id: rec.id.clone() })?;
                        indexed += 1;
                    }
                    group = Some((rec.hash, rec.id));
                }
            }
        }
        write_decisions(cx, decisions.into_sorted(&tmp)?)?;
        if let (Some(ix), Some((w, dir, generation))) = (&index, next) {
            w.finish()?;
            let meta = IndexMeta { kind: INDEX_KIND.into(), params: INDEX_PARAMS.into(), docs: indexed, generation };
            ix.commit(&dir, &meta, current.as_ref().map(|c| c.0.as_path()))?;
        }
        crate::common::clear_dir(&tmp)
    }

    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>> {
        Ok(Box::new(ExactApplier { decisions: Decisions::open(&decisions_path(cx, shard))?, buf: Vec::new() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_in_memory;

    fn docs(texts: &[(&str, &str)]) -> Vec<Document> {
        texts.iter().map(|(id, t)| Document::new(*id, *t)).collect()
    }

    fn outcome_of<'a>(out: &'a [(Document, Outcome)], id: &str) -> &'a Outcome {
        &out.iter().find(|(d, _)| d.id == id).unwrap().1
    }

    #[test]
    fn keeps_first_by_position_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let shards = vec![
            docs(&[("a", "Le chat dort."), ("b", "Autre texte.")]),
            docs(&[("c", "le  CHAT\ndort."), ("d", "Le chat dort !"), ("e1", ""), ("e2", " \n")]),
        ];
        let out = run_in_memory(&Exact::default(), shards, dir.path(), 2).unwrap();
        assert_eq!(outcome_of(&out, "a"), &Outcome::Keep);
        assert_eq!(outcome_of(&out, "b"), &Outcome::Keep);
        assert_eq!(
            outcome_of(&out, "c"),
            &Outcome::Drop(Drop::new(EXACT_DUPLICATE).signal("duplicate_of", "a")),
            "case and layout do not make a copy new"
        );
        assert_eq!(outcome_of(&out, "d"), &Outcome::Keep, "punctuation does");
        assert_eq!(outcome_of(&out, "e1"), &Outcome::Keep, "empty texts are not duplicates");
        assert_eq!(outcome_of(&out, "e2"), &Outcome::Keep);
        assert_eq!(out.iter().map(|(d, _)| d.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d", "e1", "e2"]);
    }

    #[test]
    fn runs_of_an_earlier_larger_run_in_the_same_work_dir_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let three = vec![docs(&[("a", "un")]), docs(&[("b", "deux")]), docs(&[("c", "trois")])];
        run_in_memory(&Exact::default(), three, dir.path(), 1).unwrap();
        let two = vec![docs(&[("x", "trois")]), docs(&[("y", "quatre")])];
        let out = run_in_memory(&Exact::default(), two, dir.path(), 1).unwrap();
        assert!(out.iter().all(|(_, o)| *o == Outcome::Keep), "{out:?}");
    }

    #[test]
    fn same_result_at_any_thread_count_with_spilled_runs() {
        let mk = || -> Vec<Vec<Document>> {
            (0..3)
                .map(|s| {
                    (0..600)
                        .map(|i| Document::new(format!("{s}-{i}"), format!("texte numéro {}", (i * 7 + s) % 500)))
                        .collect()
                })
                .collect()
        };
        let dir = tempfile::tempdir().unwrap();
        let small = Exact::new(ExactConfig { buffer_mb: 0, ..ExactConfig::default() });
        let a = run_in_memory(&Exact::default(), mk(), &dir.path().join("a"), 1).unwrap();
        let b = run_in_memory(&small, mk(), &dir.path().join("b"), 4).unwrap();
        let sa: Vec<_> = a.iter().map(|(d, o)| (d.id.clone(), o.clone())).collect();
        let sb: Vec<_> = b.iter().map(|(d, o)| (d.id.clone(), o.clone())).collect();
        assert_eq!(sa, sb);
        assert_eq!(sa.iter().filter(|(_, o)| *o == Outcome::Keep).count(), 500);
        // the first occurrence in (shard, ordinal) order is the one kept
        assert_eq!(sa[0].1, Outcome::Keep);
    }

    #[test]
    fn incremental_index_removes_copies_of_earlier_crawls() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let step = Exact::new(ExactConfig { index_path: Some(index.clone()), ..ExactConfig::default() });
        let crawl1 = vec![docs(&[("old1", "Premier texte."), ("old2", "Deuxième texte.")])];
        let out = run_in_memory(&step, crawl1, &dir.path().join("w1"), 1).unwrap();
        assert!(out.iter().all(|(_, o)| *o == Outcome::Keep));
        let crawl2_again =
            || vec![docs(&[("new1", "Deuxième  texte."), ("new2", "Troisième texte."), ("new3", "troisième texte.")])];
        let crawl2 = crawl2_again();
        let out = run_in_memory(&step, crawl2, &dir.path().join("w2"), 1).unwrap();
        assert_eq!(outcome_of(&out, "new1"), &Outcome::Drop(Drop::new(EXACT_DUPLICATE).signal("duplicate_of", "old2")));
        assert_eq!(outcome_of(&out, "new2"), &Outcome::Keep);
        assert_eq!(outcome_of(&out, "new3"), &Outcome::Drop(Drop::new(EXACT_DUPLICATE).signal("duplicate_of", "new2")));
        // the same run again in the same work folder (resume) does not dedup crawl 2 against itself
        let again = run_in_memory(&step, crawl2_again(), &dir.path().join("w2"), 2).unwrap();
        let summary = |o: &[(Document, Outcome)]| o.iter().map(|(d, o)| (d.id.clone(), o.clone())).collect::<Vec<_>>();
        assert_eq!(summary(&again), summary(&out));
        // crawl 3 sees crawl 2's kept document through the updated index
        let crawl3 = vec![docs(&[("x", "TROISIÈME texte.")])];
        let out = run_in_memory(&step, crawl3, &dir.path().join("w3"), 1).unwrap();
        assert_eq!(outcome_of(&out, "x"), &Outcome::Drop(Drop::new(EXACT_DUPLICATE).signal("duplicate_of", "new2")));
        // a minhash step cannot reuse an exact index
        let bad = crate::MinHash::new(crate::MinHashConfig { index_path: Some(index), ..Default::default() });
        assert!(run_in_memory(&bad, vec![docs(&[("y", "z")])], &dir.path().join("w4"), 1).is_err());
    }

    #[test]
    fn truncated_record_is_an_error() {
        use std::io::Read;
        // HashRec decode of a truncated id is an error, not a panic.
        let mut v = Vec::new();
        HashRec { hash: 1, src: 1, key: 2, id: "abc".into() }.encode(&mut v);
        v.truncate(v.len() - 1);
        let mut r = io::BufReader::new(&v[..]);
        assert!(HashRec::decode(&mut r).is_err());
        let mut sink = Vec::new();
        let _ = r.read_to_end(&mut sink);
    }
}
