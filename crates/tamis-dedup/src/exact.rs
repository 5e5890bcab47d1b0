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
//! [[step]]
//! type = "exact"
//! # index_path = "dedup-index/exact"   # optional: dedup against earlier crawls
//! ```
//!
//! Out of core and distributed: collectors write `(hash, position key, id)`
//! to sorted run files, split into `partitions` hash ranges; each reduce part
//! k-way merges one range's runs from every shard (RAM: the merge heap and
//! buffers, not the corpus) and writes its decisions sorted by document; the
//! merge joins the parts' decisions into per-shard files (and concatenates
//! the parts' index entries, already in hash order, into the new index).

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tamis_core::{
    display_chain, Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, Error,
    ErrorCode, Outcome, Position, Removal, Result, StepContext,
};
use xxhash_rust::xxh3::xxh3_128_with_seed;

use crate::common::{
    buffer_bytes, check_parts, clear_dir, decisions_path, merge_part_decisions, part_decisions,
    part_name, part_of, part_out_dir, part_runs_dir, part_tmp_dir, PartSorters, Sharded,
    DEFAULT_BUFFER_MB, DEFAULT_PARTS, MAX_PARTS, SEED,
};
use crate::index::{Index, IndexBase, IndexMeta};
use crate::runs::{
    create_dir, list_shard_runs, merge, read_exact_or_eof, read_small, read_string, u32_at, u64_at,
    write_run, write_small, write_string, Addressed, Decisions, Record, RunReader, RunWriter,
    Sorter,
};
use crate::text::normalize_exact;

/// Reason code of a removed exact copy.
pub const EXACT_DUPLICATE: &str = "exact_duplicate";

/// Options of the `exact` step.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExactConfig {
    /// Folder of a persistent index of earlier crawls' texts. Documents equal
    /// to an indexed one are removed; this run's kept documents are added at
    /// the end of the reduce (atomically). Unset: this run only.
    pub index_path: Option<PathBuf>,
    /// RAM each collector may buffer before spilling a sorted run, in MiB
    /// (0: spill every few KiB, for tests).
    pub buffer_mb: usize,
    /// Hash ranges the reduce is split into (1 to 4096): parts that run in
    /// parallel, on several machines with the Ray executor or
    /// Slurm partitions (`tamis run --shard`). The result does not depend on it.
    pub partitions: u32,
}

impl Default for ExactConfig {
    fn default() -> ExactConfig {
        ExactConfig {
            index_path: None,
            buffer_mb: DEFAULT_BUFFER_MB,
            partitions: DEFAULT_PARTS,
        }
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
        let config: ExactConfig = tamis_core::parse_config(v)?;
        check_parts("exact", config.partitions)?;
        Ok(BuiltStep::Corpus(Box::new(Exact::new(config))))
    }

    fn parts(&self) -> u32 {
        self.config.partitions.clamp(1, MAX_PARTS)
    }

    fn index_base(&self, cx: &CorpusContext) -> Result<Option<IndexBase>> {
        let Some(path) = self.config.index_path.as_deref() else {
            return Ok(None);
        };
        let index = Index::new(path);
        let current = index.base_for_run(&cx.work_dir, INDEX_KIND, INDEX_PARAMS)?;
        Ok(Some((index, current)))
    }
}

fn part_of_hash(hash: u128, parts: u32) -> u32 {
    part_of((hash >> 64) as u64, parts)
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
        Ok(Some(HashRec {
            hash: u128::from_le_bytes(h),
            src: b[16],
            key: u64_at(&b, 17),
            id: read_string(r)?,
        }))
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
        Ok(Some(ExactDec {
            shard: u32_at(&b, 0),
            ordinal: u64_at(&b, 4),
            dup_of: read_string(r)?,
        }))
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
    sorters: PartSorters<HashRec>,
    parts: u32,
    scratch: String,
}

impl Collector for ExactCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        normalize_exact(&doc.text, &mut self.scratch);
        if self.scratch.is_empty() {
            return Ok(()); // empty texts are left to filters
        }
        let hash = xxh3_128_with_seed(self.scratch.as_bytes(), SEED);
        let rec = HashRec {
            hash,
            src: SRC_NEW,
            key: doc.position.key(),
            id: doc.id.clone(),
        };
        self.sorters.push(part_of_hash(hash, self.parts), rec)
    }
    fn finish(self: Box<Self>) -> Result<()> {
        self.sorters.finish()
    }
}

struct ExactApplier {
    decisions: Decisions<ExactDec>,
    buf: Vec<ExactDec>,
}

impl Applier for ExactApplier {
    fn apply(&mut self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        if let Err(e) = self.decisions.take(doc.position.ordinal, &mut self.buf) {
            return Outcome::error(
                ErrorCode::Io,
                format!("exact: cannot read decisions: {}", display_chain(&e)),
            );
        }
        match self.buf.first() {
            Some(d) => Outcome::Drop(
                Removal::new(EXACT_DUPLICATE).signal("duplicate_of", d.dup_of.clone()),
            ),
            None => Outcome::Keep,
        }
    }
}

fn index_part_path(dir: &Path, part: u32) -> PathBuf {
    dir.join("hashes").join(format!("{}.run", part_name(part)))
}

/// The files of an index generation (split into `index_parts` hash ranges,
/// or one file) that may hold hashes of range `part` of `parts`.
fn index_files_for(dir: &Path, index_parts: Option<u32>, part: u32, parts: u32) -> Vec<PathBuf> {
    let Some(q) = index_parts.filter(|&q| q > 0) else {
        return vec![dir.join("hashes.run")];
    };
    // range `part` of `parts` is [part/parts, (part+1)/parts) of the hash space
    let (q, part, parts) = (u64::from(q), u64::from(part), u64::from(parts.max(1)));
    let first = part * q / parts;
    let last = ((part + 1) * q).div_ceil(parts).min(q);
    (first..last)
        .map(|j| index_part_path(dir, j as u32))
        .collect()
}

/// Puts `src` at `dst` durably: a hard link (no copy; `src` stays for a
/// retried merge), or a copy on file systems without links; synced.
fn link_or_copy_durable(src: &Path, dst: &Path) -> Result<()> {
    let io = |what: &str, e| {
        Error::io(
            format!("cannot {what} {} to {}", src.display(), dst.display()),
            e,
        )
    };
    let _ = std::fs::remove_file(dst);
    if std::fs::hard_link(src, dst).is_err() {
        std::fs::copy(src, dst).map_err(|e| io("copy", e))?;
    }
    std::fs::File::open(dst)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("sync", e))
}

/// The files a reduce part leaves for the merge.
fn part_index(cx: &CorpusContext, part: u32) -> PathBuf {
    part_out_dir(cx, part).join("index.run")
}

impl CorpusStep for Exact {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        let sorters = PartSorters::new(
            cx,
            shard,
            self.parts(),
            buffer_bytes(self.config.buffer_mb, 1),
        )?;
        Ok(Box::new(ExactCollector {
            sorters,
            parts: self.parts(),
            scratch: String::new(),
        }))
    }

    fn reduce_parts(&self) -> u32 {
        self.parts()
    }

    /// One hash range: the first document of each group of equal hashes is
    /// kept (an indexed one if any), the others get a decision.
    fn reduce_part(&self, cx: &CorpusContext, part: u32) -> Result<()> {
        let tmp = part_tmp_dir(cx, part)?;
        let mut inputs = list_shard_runs(&part_runs_dir(cx, part), cx.num_shards)?;
        let base = self.index_base(cx)?;
        let mut index_out = None;
        if let Some((_, current)) = &base {
            if let Some((dir, meta)) = current {
                // this hash range of the index, as one more run: only the
                // index files whose range overlaps it are read
                let slice = tmp.join("index-slice.run");
                let parts = self.parts();
                let mut w = RunWriter::create(&slice)?;
                for file in index_files_for(dir, meta.partitions, part, parts) {
                    let records = RunReader::<HashRec>::open(&file)?
                        .skip_while(|r| {
                            r.as_ref().is_ok_and(|r| part_of_hash(r.hash, parts) < part)
                        })
                        .take_while(|r| {
                            r.as_ref()
                                .map_or(true, |r| part_of_hash(r.hash, parts) == part)
                        });
                    for r in records {
                        w.push(&r?)?;
                    }
                }
                w.finish()?;
                inputs.push(slice);
            }
            index_out = Some(RunWriter::create(&part_index(cx, part))?);
        }
        let mut decisions =
            Sorter::<ExactDec>::new(&tmp, "dec", buffer_bytes(self.config.buffer_mb, 1));
        let mut group: Option<(u128, String)> = None;
        let mut indexed = 0u64;
        for rec in merge::<HashRec>(&inputs, &tmp)? {
            let rec = rec?;
            match &group {
                Some((h, kept)) if *h == rec.hash => {
                    let pos = Position::from_key(rec.key);
                    if rec.src == SRC_NEW {
                        decisions.push(ExactDec {
                            shard: pos.shard,
                            ordinal: pos.ordinal,
                            dup_of: kept.clone(),
                        })?;
                    }
                }
                _ => {
                    if let Some(w) = index_out.as_mut() {
                        w.push(&HashRec {
                            hash: rec.hash,
                            src: SRC_INDEX,
                            key: 0,
                            id: rec.id.clone(),
                        })?;
                        indexed += 1;
                    }
                    group = Some((rec.hash, rec.id));
                }
            }
        }
        write_run(&part_decisions(cx, part), decisions.into_sorted(&tmp)?)?;
        if let Some(w) = index_out {
            w.finish()?;
            write_small(
                &part_out_dir(cx, part).join("indexed"),
                &indexed.to_string(),
            )?;
        }
        clear_dir(&tmp)
    }

    /// Joins the parts' decisions (each sorted by document) into per-shard
    /// files; with an index, the parts' entries (hash ranges in order) become
    /// the next generation.
    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()> {
        merge_part_decisions::<ExactDec>(cx, "exact", self.parts())?;
        if let Some((index, current)) = self.index_base(cx)? {
            // the parts' entries are the next generation's hash-range files:
            // linked (not copied) into it, synced first
            let (dir, generation) = index.next_generation(current.as_ref().map(|c| &c.1))?;
            create_dir(&dir.join("hashes"))?;
            let mut docs = 0u64;
            for p in 0..self.parts() {
                let src = part_index(cx, p);
                let dst = index_part_path(&dir, p);
                link_or_copy_durable(&src, &dst)?;
                docs += read_small(&part_out_dir(cx, p).join("indexed"))?
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| Error::data("exact: bad index count of a reduce part"))?;
            }
            let meta = IndexMeta {
                kind: INDEX_KIND.into(),
                params: INDEX_PARAMS.into(),
                docs,
                generation,
                partitions: Some(self.parts()),
            };
            index.stage(&cx.work_dir, &dir, &meta)?;
        }
        Ok(())
    }

    /// Publishes the index generation the merge staged.
    fn commit(&self, cx: &CorpusContext) -> Result<()> {
        match self.config.index_path.as_deref() {
            Some(path) => Index::new(path).publish(&cx.work_dir),
            None => Ok(()),
        }
    }

    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>> {
        Ok(Box::new(ExactApplier {
            decisions: Decisions::open(&decisions_path(cx, shard))?,
            buf: Vec::new(),
        }))
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
            docs(&[
                ("c", "le  CHAT\ndort."),
                ("d", "Le chat dort !"),
                ("e1", ""),
                ("e2", " \n"),
            ]),
        ];
        let out = run_in_memory(&Exact::default(), shards, dir.path(), 2).unwrap();
        assert_eq!(outcome_of(&out, "a"), &Outcome::Keep);
        assert_eq!(outcome_of(&out, "b"), &Outcome::Keep);
        assert_eq!(
            outcome_of(&out, "c"),
            &Outcome::Drop(Removal::new(EXACT_DUPLICATE).signal("duplicate_of", "a")),
            "case and layout do not make a copy new"
        );
        assert_eq!(outcome_of(&out, "d"), &Outcome::Keep, "punctuation does");
        assert_eq!(
            outcome_of(&out, "e1"),
            &Outcome::Keep,
            "empty texts are not duplicates"
        );
        assert_eq!(outcome_of(&out, "e2"), &Outcome::Keep);
        assert_eq!(
            out.iter().map(|(d, _)| d.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c", "d", "e1", "e2"]
        );
    }

    #[test]
    fn runs_of_an_earlier_larger_run_in_the_same_work_dir_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let three = vec![
            docs(&[("a", "un")]),
            docs(&[("b", "deux")]),
            docs(&[("c", "trois")]),
        ];
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
                        .map(|i| {
                            Document::new(
                                format!("{s}-{i}"),
                                format!("texte numéro {}", (i * 7 + s) % 500),
                            )
                        })
                        .collect()
                })
                .collect()
        };
        let dir = tempfile::tempdir().unwrap();
        let small = Exact::new(ExactConfig {
            buffer_mb: 0,
            ..ExactConfig::default()
        });
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
        let step = Exact::new(ExactConfig {
            index_path: Some(index.clone()),
            ..ExactConfig::default()
        });
        let crawl1 = vec![docs(&[
            ("old1", "Premier texte."),
            ("old2", "Deuxième texte."),
        ])];
        let out = run_in_memory(&step, crawl1, &dir.path().join("w1"), 1).unwrap();
        assert!(out.iter().all(|(_, o)| *o == Outcome::Keep));
        let crawl2_again = || {
            vec![docs(&[
                ("new1", "Deuxième  texte."),
                ("new2", "Troisième texte."),
                ("new3", "troisième texte."),
            ])]
        };
        let crawl2 = crawl2_again();
        let out = run_in_memory(&step, crawl2, &dir.path().join("w2"), 1).unwrap();
        assert_eq!(
            outcome_of(&out, "new1"),
            &Outcome::Drop(Removal::new(EXACT_DUPLICATE).signal("duplicate_of", "old2"))
        );
        assert_eq!(outcome_of(&out, "new2"), &Outcome::Keep);
        assert_eq!(
            outcome_of(&out, "new3"),
            &Outcome::Drop(Removal::new(EXACT_DUPLICATE).signal("duplicate_of", "new2"))
        );
        // the same run again in the same work folder (resume) does not dedup crawl 2 against itself
        let again = run_in_memory(&step, crawl2_again(), &dir.path().join("w2"), 2).unwrap();
        let summary = |o: &[(Document, Outcome)]| {
            o.iter()
                .map(|(d, o)| (d.id.clone(), o.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(summary(&again), summary(&out));
        // crawl 3 sees crawl 2's kept document through the updated index
        let crawl3 = vec![docs(&[("x", "TROISIÈME texte.")])];
        let out = run_in_memory(&step, crawl3, &dir.path().join("w3"), 1).unwrap();
        assert_eq!(
            outcome_of(&out, "x"),
            &Outcome::Drop(Removal::new(EXACT_DUPLICATE).signal("duplicate_of", "new2"))
        );
        // a minhash step cannot reuse an exact index
        let bad = crate::MinHash::new(crate::MinHashConfig {
            index_path: Some(index),
            ..Default::default()
        });
        assert!(run_in_memory(&bad, vec![docs(&[("y", "z")])], &dir.path().join("w4"), 1).is_err());
    }

    #[test]
    fn index_read_with_another_partition_count() {
        // crawl 1 indexed with 5 hash-range files; crawls 2 and 3 reduce with 3
        // and 7 parts: each part reads the overlapping files only, and every
        // copy of an earlier crawl is still found
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let step = |p| {
            Exact::new(ExactConfig {
                index_path: Some(index.clone()),
                partitions: p,
                ..ExactConfig::default()
            })
        };
        let texts: Vec<String> = (0..200)
            .map(|i| format!("document numéro {i} du premier crawl"))
            .collect();
        let crawl1 = vec![texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("c1-{i}"), t.as_str()))
            .collect()];
        run_in_memory(&step(5), crawl1, &dir.path().join("w1"), 2).unwrap();
        assert_eq!(
            std::fs::read_dir(
                index
                    .join(read_small(&index.join("CURRENT")).unwrap().trim())
                    .join("hashes")
            )
            .unwrap()
            .count(),
            5
        );
        for (round, parts) in [(2, 3), (3, 7)] {
            let crawl: Vec<Vec<Document>> = vec![
                (0..200)
                    .step_by(3)
                    .map(|i| Document::new(format!("c{round}-{i}"), texts[i].to_uppercase()))
                    .collect(),
                vec![Document::new(
                    format!("c{round}-new"),
                    format!("un texte neuf du crawl {round}"),
                )],
            ];
            let out = run_in_memory(
                &step(parts),
                crawl,
                &dir.path().join(format!("w{round}")),
                2,
            )
            .unwrap();
            for (d, o) in &out {
                if d.id.ends_with("-new") {
                    assert_eq!(*o, Outcome::Keep, "{}", d.id);
                } else {
                    let i: usize = d.id.rsplit('-').next().unwrap().parse().unwrap();
                    assert_eq!(
                        *o,
                        Outcome::Drop(
                            Removal::new(EXACT_DUPLICATE).signal("duplicate_of", format!("c1-{i}"))
                        ),
                        "round {round}"
                    );
                }
            }
        }
        let meta: IndexMeta = serde_json::from_str(
            &read_small(
                &index
                    .join(read_small(&index.join("CURRENT")).unwrap().trim())
                    .join("meta.json"),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!((meta.docs, meta.partitions), (202, Some(7)));
    }

    #[test]
    fn a_run_that_fails_after_its_reduce_leaves_the_index_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let step = Exact::new(ExactConfig {
            index_path: Some(index.clone()),
            ..ExactConfig::default()
        });
        let crawl = || vec![docs(&[("a", "Un texte."), ("b", "Un autre texte.")])];
        // map and reduce, then the run dies before its end (no commit)
        let work = dir.path().join("w1");
        std::fs::create_dir_all(&work).unwrap();
        let cx = CorpusContext {
            work_dir: work,
            step_name: "exact".into(),
            num_shards: 1,
            threads: 1,
        };
        let mut c = step.collector(&cx, 0).unwrap();
        for (o, mut d) in crawl().remove(0).into_iter().enumerate() {
            d.position = Position {
                shard: 0,
                ordinal: o as u64,
            };
            c.observe(&d).unwrap();
        }
        c.finish().unwrap();
        tamis_core::reduce_all(&step, &cx).unwrap();
        assert!(!index.join("CURRENT").exists(), "staged, not published");
        // the same crawl run again from scratch keeps its documents, then publishes
        let out = run_in_memory(&step, crawl(), &dir.path().join("w2"), 1).unwrap();
        assert!(out.iter().all(|(_, o)| *o == Outcome::Keep), "{out:?}");
        assert!(index.join("CURRENT").exists());
        step.commit(&CorpusContext {
            work_dir: dir.path().join("w2"),
            ..cx.clone()
        })
        .unwrap(); // idempotent
        let gens = std::fs::read_dir(&index)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("gen-")
            })
            .count();
        assert_eq!(gens, 1, "the failed run's staged generation is removed");
        let again = run_in_memory(&step, crawl(), &dir.path().join("w3"), 1).unwrap();
        assert!(
            again.iter().all(|(_, o)| matches!(o, Outcome::Drop(_))),
            "a later crawl sees them"
        );
    }

    #[test]
    fn index_files_cover_the_range() {
        let d = Path::new("g");
        let names = |q, p, k| {
            index_files_for(d, q, p, k)
                .iter()
                .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(None, 0, 16), ["hashes.run"]);
        assert_eq!(names(Some(16), 3, 16), ["p0003.run"]);
        assert_eq!(
            names(Some(5), 1, 3),
            ["p0001.run", "p0002.run", "p0003.run"]
        );
        assert_eq!(names(Some(2), 0, 4), ["p0000.run"]);
        assert_eq!(names(Some(2), 3, 4), ["p0001.run"]);
        // every hash's file is listed for its part
        for (q, parts) in [(5u32, 3u32), (7, 16), (16, 7), (1, 4)] {
            for t in (0..1000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)) {
                let part = part_of(t, parts);
                let file = format!("p{:04}.run", part_of(t, q));
                assert!(
                    names(Some(q), part, parts).contains(&file),
                    "q={q} parts={parts} t={t}"
                );
            }
        }
    }

    #[test]
    fn truncated_record_is_an_error() {
        use std::io::Read;
        // HashRec decode of a truncated id is an error, not a panic.
        let mut v = Vec::new();
        HashRec {
            hash: 1,
            src: 1,
            key: 2,
            id: "abc".into(),
        }
        .encode(&mut v);
        v.truncate(v.len() - 1);
        let mut r = io::BufReader::new(&v[..]);
        assert!(HashRec::decode(&mut r).is_err());
        let mut sink = Vec::new();
        let _ = r.read_to_end(&mut sink);
    }
}
