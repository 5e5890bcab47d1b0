//! `lines`: removes lines repeated across many documents (navigation,
//! sidebar headlines, cookie notices, "Read more"), CCNet style.
//!
//! Each line is normalised as CCNet's `normalize_for_dedup` does (trimmed,
//! lower-cased, digits → `0`, punctuation and other non-alphanumeric
//! characters removed, white space collapsed) and hashed (xxh3-64, fixed
//! seed; with `scope = "site"` the seed is the hash of the URL host, so a
//! line is counted per site). The reduce counts in how many **distinct
//! documents** each line occurs; the apply pass removes, from every
//! document, the lines that occur in at least `min_docs` documents, keeps the
//! rest in order, and also removes separator-only lines (no letter or digit:
//! `-`, `•`, `|`, `***`, blank) next to a removed line, so a sidebar of
//! `-`/headline pairs goes entirely.
//!
//! Difference with CCNet: CCNet hashes every line of a shard and removes a
//! line from a document when it was seen *before* (the first occurrence
//! stays, and the decision depends on shard order and size). Here the count
//! is corpus-wide (or site-wide) and a line in `min_docs` documents goes from
//! **all** of them: boilerplate does not survive on the first page of a site,
//! and the result does not depend on sharding. Run `exact`/`minhash` before
//! `lines`: otherwise the copies of one syndicated article would make each
//! other's paragraphs "repeated" and lose them all.
//!
//! Why `min_docs = 3` by default: 2 would already strip the text shared by
//! any two pages (a quotation, two versions of an article); a line on 3+
//! pages of one site is template. Sites with few pages keep their
//! boilerplate; that is the cost of not touching real text.
//!
//! Reason codes:
//! - `lines_too_short`: after removing lines, fewer than `min_chars_after`
//!   characters or `min_words_after` words are left (only documents that
//!   lost lines are checked). Signals: `lines_removed`, `chars_removed`,
//!   `chars`, `words`.
//!
//! Kept documents that lost lines get a history event (for `tamis inspect`)
//! with `removed_lines` and signals `lines_removed`, `chars_removed`; the
//! step counts `lines_removed` and `chars_removed`.
//!
//! ```toml
//! [[step]]
//! type = "lines"
//! scope = "site"       # or "corpus"
//! min_docs = 3
//! ```
//!
//! Out of core and distributed: collectors write (line hash, document) pairs
//! to sorted runs split into `partitions` hash ranges; each reduce part
//! merges one range over every shard, counting each hash's documents as they
//! stream by and emitting the documents of frequent ones; the merge joins
//! the parts' decisions into per-shard files.

use std::io::{self, BufRead};

use serde::{Deserialize, Serialize};
use serde_json::Map;
use tamis_core::{
    display_chain, Applier, BuiltStep, Collector, CorpusContext, CorpusStep, Document, ErrorCode,
    Outcome, Removal, Result, StepContext, StepEvent,
};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::common::{
    buffer_bytes, check_parts, clear_dir, decisions_path, merge_part_decisions, part_decisions,
    part_of, part_runs_dir, part_tmp_dir, PartSorters, Sharded, DEFAULT_BUFFER_MB, DEFAULT_PARTS,
    MAX_PARTS, SEED,
};
use crate::runs::{
    list_shard_runs, merge, read_exact_or_eof, u32_at, u64_at, write_run, Addressed, Decisions,
    Record, Sorter,
};
use crate::text::{is_separator_line, normalize_line};

/// Reason code of a document left too short after line removal.
pub const LINES_TOO_SHORT: &str = "lines_too_short";

/// Where a line's document count is taken.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LineScope {
    /// Across the whole corpus.
    Corpus,
    /// Within each site (URL host without `www.`; documents without a URL
    /// form one site).
    #[default]
    Site,
}

/// Options of the `lines` step.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LinesConfig {
    /// Count lines per `site` (default) or over the whole `corpus`.
    pub scope: LineScope,
    /// A line occurring in at least this many distinct documents is removed.
    pub min_docs: u64,
    /// Also remove separator-only lines (no letter or digit) next to a removed line.
    pub remove_separators: bool,
    /// Drop a document that lost lines when fewer characters are left.
    pub min_chars_after: usize,
    /// Drop a document that lost lines when fewer words are left.
    pub min_words_after: usize,
    /// RAM each collector may buffer before spilling a sorted run, in MiB
    /// (0: spill every few KiB, for tests).
    pub buffer_mb: usize,
    /// Hash ranges the reduce (line counts) is split into (1 to 4096): parts
    /// that run in parallel, on several machines with the Ray executor or
    /// Slurm partitions (`tamis run --shard`). The result does not depend on it.
    pub partitions: u32,
}

impl Default for LinesConfig {
    fn default() -> LinesConfig {
        LinesConfig {
            scope: LineScope::Site,
            min_docs: 3,
            remove_separators: true,
            min_chars_after: 50,
            min_words_after: 10,
            buffer_mb: DEFAULT_BUFFER_MB,
            partitions: DEFAULT_PARTS,
        }
    }
}

/// The `lines` corpus step.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    config: LinesConfig,
}

impl Lines {
    /// Builds the step.
    pub fn new(config: LinesConfig) -> Lines {
        Lines { config }
    }

    pub(crate) fn build(v: serde_json::Value) -> Result<BuiltStep> {
        let config: LinesConfig = tamis_core::parse_config(v)?;
        if config.min_docs < 2 {
            return Err(tamis_core::Error::config(
                "lines: min_docs must be at least 2",
            ));
        }
        check_parts("lines", config.partitions)?;
        Ok(BuiltStep::Corpus(Box::new(Lines::new(config))))
    }

    fn parts(&self) -> u32 {
        self.config.partitions.clamp(1, MAX_PARTS)
    }

    fn seed(&self, doc: &Document) -> u64 {
        match self.config.scope {
            LineScope::Corpus => SEED,
            LineScope::Site => xxh3_64_with_seed(doc.host().unwrap_or("").as_bytes(), SEED),
        }
    }
}

/// A line hash in a document, as the collectors write it (sorted by hash,
/// then document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LinePair {
    hash: u64,
    shard: u32,
    ordinal: u64,
}

impl Record for LinePair {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.hash.to_le_bytes());
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 20];
        Ok(read_exact_or_eof(r, &mut b)?.then(|| LinePair {
            hash: u64_at(&b, 0),
            shard: u32_at(&b, 8),
            ordinal: u64_at(&b, 12),
        }))
    }
}

/// The decision "remove lines with this hash from the document at (shard,
/// ordinal)", sorted by document then hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LineDec {
    shard: u32,
    ordinal: u64,
    hash: u64,
}

impl Record for LineDec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.shard.to_le_bytes());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        out.extend_from_slice(&self.hash.to_le_bytes());
    }
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
        let mut b = [0u8; 20];
        Ok(read_exact_or_eof(r, &mut b)?.then(|| LineDec {
            shard: u32_at(&b, 0),
            ordinal: u64_at(&b, 4),
            hash: u64_at(&b, 12),
        }))
    }
}

impl Addressed for LineDec {
    fn ordinal(&self) -> u64 {
        self.ordinal
    }
}
impl Sharded for LineDec {
    fn shard(&self) -> u32 {
        self.shard
    }
}

struct LinesCollector {
    step: Lines,
    sorters: PartSorters<LinePair>,
    shard: u32,
    parts: u32,
    hashes: Vec<u64>,
    scratch: String,
}

impl Collector for LinesCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        let seed = self.step.seed(doc);
        self.hashes.clear();
        for line in doc.text.split('\n') {
            normalize_line(line, &mut self.scratch);
            if !self.scratch.is_empty() {
                self.hashes
                    .push(xxh3_64_with_seed(self.scratch.as_bytes(), seed));
            }
        }
        self.hashes.sort_unstable();
        self.hashes.dedup();
        for &h in &self.hashes {
            self.sorters.push(
                part_of(h, self.parts),
                LinePair {
                    hash: h,
                    shard: self.shard,
                    ordinal: doc.position.ordinal,
                },
            )?;
        }
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<()> {
        self.sorters.finish()
    }
}

struct LinesApplier {
    step: Lines,
    step_name: String,
    decisions: Decisions<LineDec>,
    buf: Vec<LineDec>,
    scratch: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Separator,
    Kept,
    Removed,
}

impl Applier for LinesApplier {
    fn apply(&mut self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        if let Err(e) = self.decisions.take(doc.position.ordinal, &mut self.buf) {
            return Outcome::error(
                ErrorCode::Io,
                format!("lines: cannot read decisions: {}", display_chain(&e)),
            );
        }
        if self.buf.is_empty() {
            return Outcome::Keep;
        }
        let seed = self.step.seed(doc);
        let lines: Vec<&str> = doc.text.split('\n').collect();
        let mut kinds: Vec<Kind> = Vec::with_capacity(lines.len());
        for line in &lines {
            if is_separator_line(line) {
                kinds.push(Kind::Separator);
                continue;
            }
            normalize_line(line, &mut self.scratch);
            kinds.push(if self.scratch.is_empty() {
                Kind::Separator
            } else if self
                .buf
                .binary_search_by_key(&xxh3_64_with_seed(self.scratch.as_bytes(), seed), |d| {
                    d.hash
                })
                .is_ok()
            {
                Kind::Removed
            } else {
                Kind::Kept
            });
        }
        if self.step.config.remove_separators {
            mark_separators(&mut kinds);
        }
        let mut kept = String::with_capacity(doc.text.len());
        let mut removed_lines = Vec::new();
        let mut chars_removed = 0usize;
        for (line, kind) in lines.iter().zip(&kinds) {
            if *kind == Kind::Removed {
                chars_removed += line.chars().count();
                removed_lines.push((*line).to_owned());
            } else {
                if !kept.is_empty() {
                    kept.push('\n');
                }
                kept.push_str(line);
            }
        }
        if removed_lines.is_empty() {
            return Outcome::Keep;
        }
        let n_removed = removed_lines.len();
        doc.text = kept.trim_end_matches(['\n', '\r']).to_owned();
        cx.count("lines_removed", n_removed as u64);
        cx.count("chars_removed", chars_removed as u64);
        let mut signals = Map::new();
        signals.insert("lines_removed".into(), n_removed.into());
        signals.insert("chars_removed".into(), chars_removed.into());
        doc.record(StepEvent {
            step: self.step_name.clone(),
            removed_lines,
            signals,
        });
        let chars = doc.text.trim().chars().count();
        let words = doc.text.split_whitespace().count();
        let c = &self.step.config;
        if chars < c.min_chars_after || words < c.min_words_after || words == 0 {
            return Outcome::Drop(
                Removal::new(LINES_TOO_SHORT)
                    .signal("lines_removed", n_removed)
                    .signal("chars_removed", chars_removed)
                    .signal("chars", chars)
                    .signal("words", words),
            );
        }
        Outcome::Keep
    }
}

/// A run of separator lines goes when the content line just before or just
/// after the run was removed.
fn mark_separators(kinds: &mut [Kind]) {
    let mut i = 0;
    while i < kinds.len() {
        if kinds[i] != Kind::Separator {
            i += 1;
            continue;
        }
        let start = i;
        while i < kinds.len() && kinds[i] == Kind::Separator {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|j| kinds.get(j)).copied();
        let after = kinds.get(i).copied();
        if before == Some(Kind::Removed) || after == Some(Kind::Removed) {
            for k in &mut kinds[start..i] {
                *k = Kind::Removed;
            }
        }
    }
}

impl CorpusStep for Lines {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        let sorters = PartSorters::new(
            cx,
            shard,
            self.parts(),
            buffer_bytes(self.config.buffer_mb, 1),
        )?;
        Ok(Box::new(LinesCollector {
            step: self.clone(),
            sorters,
            shard,
            parts: self.parts(),
            hashes: Vec::new(),
            scratch: String::new(),
        }))
    }

    fn reduce_parts(&self) -> u32 {
        self.parts()
    }

    /// One hash range, in one merge of every shard's runs: the documents of
    /// each line hash are counted as they stream by; once a hash reaches
    /// `min_docs` documents, those seen so far (at most `min_docs - 1`, held
    /// back) and every later one get a decision. Decisions are sorted by
    /// (shard, ordinal, hash) through an external sort.
    fn reduce_part(&self, cx: &CorpusContext, part: u32) -> Result<()> {
        let tmp = part_tmp_dir(cx, part)?;
        let min_docs = self.config.min_docs.max(1);
        let mut decisions =
            Sorter::<LineDec>::new(&tmp, "d", buffer_bytes(self.config.buffer_mb, 1));
        let mut held: Vec<LinePair> = Vec::new();
        let mut cur: Option<(u64, u64)> = None; // (hash, documents so far)
        let dec = |p: &LinePair| LineDec {
            shard: p.shard,
            ordinal: p.ordinal,
            hash: p.hash,
        };
        for rec in merge::<LinePair>(
            &list_shard_runs(&part_runs_dir(cx, part), cx.num_shards)?,
            &tmp,
        )? {
            let rec = rec?;
            let n = match &mut cur {
                Some((h, n)) if *h == rec.hash => {
                    *n += 1;
                    *n
                }
                _ => {
                    held.clear();
                    cur = Some((rec.hash, 1));
                    1
                }
            };
            if n < min_docs {
                held.push(rec);
            } else {
                for p in held.drain(..) {
                    decisions.push(dec(&p))?;
                }
                decisions.push(dec(&rec))?;
            }
        }
        write_run(&part_decisions(cx, part), decisions.into_sorted(&tmp)?)?;
        clear_dir(&tmp)
    }

    /// Joins the parts' decisions into one file per shard.
    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()> {
        merge_part_decisions::<LineDec>(cx, "lines", self.parts())
    }

    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>> {
        Ok(Box::new(LinesApplier {
            step: self.clone(),
            step_name: cx.step_name.clone(),
            decisions: Decisions::open(&decisions_path(cx, shard))?,
            buf: Vec::new(),
            scratch: String::new(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_in_memory;

    const HEADLINES: [&str; 5] = [
        "Le conseil municipal adopte le budget 2021 après six heures de débat",
        "Une nouvelle ligne de tramway reliera la gare au campus dès septembre",
        "Les pêcheurs du port s'inquiètent de la hausse du prix du carburant",
        "Festival d'automne : 40 concerts gratuits annoncés dans la vieille ville",
        "L'hôpital régional recrute 120 infirmiers pour son nouveau pavillon",
    ];

    /// Own French-like words, combined pseudo-randomly into unique paragraphs.
    const WORDS: [&str; 48] = [
        "la",
        "commune",
        "a",
        "annoncé",
        "mardi",
        "que",
        "les",
        "travaux",
        "du",
        "marché",
        "couvert",
        "reprendront",
        "après",
        "une",
        "longue",
        "interruption",
        "selon",
        "adjoint",
        "chargé",
        "de",
        "urbanisme",
        "habitants",
        "quartier",
        "réclament",
        "depuis",
        "plusieurs",
        "années",
        "rénovation",
        "bâtiment",
        "construit",
        "en",
        "pierre",
        "calcaire",
        "budget",
        "prévu",
        "atteint",
        "millions",
        "euros",
        "entreprises",
        "locales",
        "seront",
        "sollicitées",
        "pour",
        "chantier",
        "qui",
        "devrait",
        "durer",
        "mois",
    ];

    fn paragraph(seed: &mut u64, words: usize) -> String {
        let mut out = Vec::with_capacity(words);
        for _ in 0..words {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push(WORDS[((*seed >> 33) % WORDS.len() as u64) as usize]);
        }
        let mut s = out.join(" ");
        s.push('.');
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }

    /// One site, `n` article pages, each starting with the sidebar: five
    /// headlines each after a `-` line, then unique paragraphs.
    fn site_pages(n: usize) -> Vec<Document> {
        let mut seed = 42;
        (0..n)
            .map(|i| {
                let mut lines = Vec::new();
                for h in HEADLINES {
                    lines.push("-".to_owned());
                    lines.push(h.to_owned());
                }
                for _ in 0..6 {
                    lines.push(paragraph(&mut seed, 40));
                }
                let mut d = Document::new(format!("p{i}"), lines.join("\n"));
                d.url = Some(format!("https://www.journal-exemple.fr/article/{i}"));
                d
            })
            .collect()
    }

    #[test]
    fn sidebar_goes_articles_stay() {
        let dir = tempfile::tempdir().unwrap();
        let pages = site_pages(30);
        let originals: Vec<String> = pages.iter().map(|d| d.text.clone()).collect();
        let shards = vec![pages[..10].to_vec(), pages[10..].to_vec()];
        let out = run_in_memory(&Lines::default(), shards, dir.path(), 2).unwrap();
        let (mut sidebar_total, mut sidebar_removed, mut article_total, mut article_kept) =
            (0, 0, 0, 0);
        for ((doc, outcome), original) in out.iter().zip(&originals) {
            assert_eq!(outcome, &Outcome::Keep);
            let kept: Vec<&str> = doc.text.lines().collect();
            for line in original.lines() {
                let is_sidebar = line == "-" || HEADLINES.contains(&line);
                if is_sidebar {
                    sidebar_total += 1;
                    sidebar_removed += usize::from(!kept.contains(&line));
                } else {
                    article_total += 1;
                    article_kept += usize::from(kept.contains(&line));
                }
            }
            let ev = &doc.history[0];
            assert_eq!(ev.removed_lines.len(), 10);
            assert_eq!(ev.signals["lines_removed"], 10);
        }
        let removed = sidebar_removed as f64 / sidebar_total as f64;
        let kept = article_kept as f64 / article_total as f64;
        assert!(removed >= 0.95, "sidebar removed {removed}");
        assert!(kept >= 0.99, "article kept {kept}");
        assert_eq!(removed, 1.0);
        assert_eq!(kept, 1.0);
    }

    #[test]
    fn same_result_at_any_thread_count() {
        let pages = site_pages(60);
        let shards = || {
            vec![
                pages[..7].to_vec(),
                pages[7..30].to_vec(),
                pages[30..].to_vec(),
            ]
        };
        let dir = tempfile::tempdir().unwrap();
        let small = Lines::new(LinesConfig {
            buffer_mb: 0,
            ..LinesConfig::default()
        });
        let a = run_in_memory(&Lines::default(), shards(), &dir.path().join("a"), 1).unwrap();
        let b = run_in_memory(&small, shards(), &dir.path().join("b"), 3).unwrap();
        let sa: Vec<_> = a.iter().map(|(d, o)| (d.text.clone(), o.clone())).collect();
        let sb: Vec<_> = b.iter().map(|(d, o)| (d.text.clone(), o.clone())).collect();
        assert_eq!(sa, sb);
    }

    #[test]
    fn site_scope_does_not_mix_sites_and_corpus_scope_does() {
        let dir = tempfile::tempdir().unwrap();
        let mk = |i: usize, host: &str| {
            let mut d = Document::new(
                format!("{host}{i}"),
                format!(
                    "Partagez cet article sur les réseaux\n{}",
                    "mot ".repeat(20) + ["un", "deux", "trois", "quatre"][i]
                ),
            );
            d.url = Some(format!("https://{host}/{i}"));
            d
        };
        let docs = vec![mk(1, "a.fr"), mk(2, "b.fr"), mk(3, "c.fr")];
        let out = run_in_memory(
            &Lines::default(),
            vec![docs.clone()],
            &dir.path().join("s"),
            1,
        )
        .unwrap();
        assert!(
            out.iter().all(|(d, _)| d.text.starts_with("Partagez")),
            "3 sites, 1 page each: nothing repeated per site"
        );
        let corpus = Lines::new(LinesConfig {
            scope: LineScope::Corpus,
            ..LinesConfig::default()
        });
        let out = run_in_memory(&corpus, vec![docs], &dir.path().join("c"), 1).unwrap();
        assert!(out
            .iter()
            .all(|(d, o)| *o == Outcome::Keep && d.text.starts_with("mot")));
    }

    #[test]
    fn too_short_after_removal_is_dropped_with_signals() {
        let dir = tempfile::tempdir().unwrap();
        let docs: Vec<Document> = ["alpha", "beta", "gamma"]
            .iter()
            .map(|w| Document::new(*w, format!("Menu principal du site\n•\nAccueil\nbref {w}")))
            .collect();
        let out = run_in_memory(&Lines::default(), vec![docs], dir.path(), 1).unwrap();
        for (d, o) in &out {
            let Outcome::Drop(drop) = o else {
                panic!("{o:?}")
            };
            assert_eq!(drop.reason, LINES_TOO_SHORT);
            assert_eq!(
                drop.signals["lines_removed"], 3,
                "menu, its separator, accueil"
            );
            assert_eq!(drop.signals["words"], 2);
            assert!(d.text.starts_with("bref"));
        }
    }

    #[test]
    fn separators_next_to_kept_lines_stay() {
        let mut k = vec![
            Kind::Kept,
            Kind::Separator,
            Kind::Kept,
            Kind::Separator,
            Kind::Removed,
            Kind::Separator,
        ];
        mark_separators(&mut k);
        assert!(k[1] == Kind::Separator && k[3] == Kind::Removed && k[5] == Kind::Removed);
    }
}
