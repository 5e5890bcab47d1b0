//! One streaming pass over a run's output: counters, histograms, bounded
//! top-k tables and the first few samples per drop reason.
//!
//! Nothing here grows with the number of documents: histograms have fixed
//! buckets, top-k tables are pruned to a fixed size (counts of rare keys
//! become lower bounds, and the table says so), samples are the first N in
//! file order.

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::{Map, Value};
use tamis_core::Result;

use crate::files::{self, Area, Line};
use crate::lines::{LineExcerpt, LineView};
use crate::record::{truncate_chars, Record};

/// What to gather, and how much.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Sample documents shown per drop reason (the first ones in file order).
    pub samples_per_reason: usize,
    /// Sample kept documents shown whose lines a step removed.
    pub line_edit_samples: usize,
    /// Rows in the top-sites and languages tables.
    pub top_rows: usize,
    /// Characters of text shown per sample.
    pub excerpt_chars: usize,
    /// Distinct keys (hosts, languages) tracked exactly before the tables
    /// are pruned to their most frequent entries.
    pub max_tracked_keys: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            samples_per_reason: 3,
            line_edit_samples: 4,
            top_rows: 15,
            excerpt_chars: 700,
            max_tracked_keys: 50_000,
        }
    }
}

/// Counts per key, bounded: past `cap` keys the table keeps its most
/// frequent half and marks itself approximate.
#[derive(Debug, Clone, Default)]
pub(crate) struct TopCounter {
    counts: HashMap<String, u64>,
    cap: usize,
    /// Some keys were pruned: counts are lower bounds.
    pub approximate: bool,
    /// Sum of all increments (exact).
    pub total: u64,
}

impl TopCounter {
    pub(crate) fn new(cap: usize) -> TopCounter {
        TopCounter {
            cap: cap.max(16),
            ..TopCounter::default()
        }
    }

    pub(crate) fn add(&mut self, key: &str) {
        self.total += 1;
        if let Some(c) = self.counts.get_mut(key) {
            *c += 1;
            return;
        }
        if self.counts.len() >= self.cap {
            self.prune();
        }
        self.counts.insert(key.to_owned(), 1);
    }

    fn prune(&mut self) {
        let mut v: Vec<u64> = self.counts.values().copied().collect();
        let keep = self.cap / 2;
        v.select_nth_unstable_by(keep, |a, b| b.cmp(a));
        let threshold = v[keep];
        self.counts.retain(|_, c| *c > threshold);
        self.approximate = true;
    }

    /// The `n` largest, by count then key.
    pub(crate) fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self.counts.iter().map(|(k, c)| (k.as_str(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    pub(crate) fn distinct(&self) -> usize {
        self.counts.len()
    }
}

/// Log2 buckets: bucket 0 holds 0, bucket `i ≥ 1` holds `[2^(i-1), 2^i)`.
pub(crate) const LOG_BUCKETS: usize = 26;

/// A histogram over log2 buckets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LogHistogram {
    pub buckets: [u64; LOG_BUCKETS],
}

impl Default for LogHistogram {
    fn default() -> Self {
        LogHistogram {
            buckets: [0; LOG_BUCKETS],
        }
    }
}

impl LogHistogram {
    pub(crate) fn bucket_of(n: u64) -> usize {
        ((u64::BITS - n.leading_zeros()) as usize).min(LOG_BUCKETS - 1)
    }
    pub(crate) fn add(&mut self, n: u64) {
        self.buckets[Self::bucket_of(n)] += 1;
    }
    /// The smallest value of bucket `i`.
    pub(crate) fn lower(i: usize) -> u64 {
        if i == 0 {
            0
        } else {
            1 << (i - 1)
        }
    }
    /// The range of buckets that are non-empty in any of `hists`.
    pub(crate) fn span(hists: &[&LogHistogram]) -> Option<(usize, usize)> {
        let used = |i: usize| hists.iter().any(|h| h.buckets[i] > 0);
        let lo = (0..LOG_BUCKETS).find(|&i| used(i))?;
        let hi = (0..LOG_BUCKETS).rev().find(|&i| used(i))?;
        Some((lo, hi))
    }
}

/// What the report shows of one document.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub language_score: Option<f64>,
    pub signals: Map<String, Value>,
    pub chars: usize,
    pub excerpt: String,
    /// Present when a step removed lines from the document.
    pub lines: Option<LineExcerpt>,
    /// `kept/…jsonl.gz:17`.
    pub location: String,
}

impl Sample {
    fn of(
        rec: &Record,
        signals: Map<String, Value>,
        location: String,
        excerpt_chars: usize,
    ) -> Sample {
        let d = &rec.doc;
        let lines = rec
            .has_removed_lines()
            .then(|| LineView::build(rec).to_excerpt(2, 60, 400));
        Sample {
            id: d.id.clone(),
            url: d.url.clone(),
            title: d.title.clone(),
            language: d.language.clone(),
            language_score: d.language_score,
            signals,
            chars: d.text.chars().count(),
            excerpt: truncate_chars(&d.text, excerpt_chars),
            lines,
            location,
        }
    }
}

/// Drops of one (step, reason).
#[derive(Debug, Clone, Default)]
pub(crate) struct ReasonSamples {
    /// Removed documents seen with this reason.
    pub seen: u64,
    pub samples: Vec<Sample>,
}

/// Documents of one side (kept or removed).
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub docs: u64,
    pub chars: u64,
    pub languages: TopCounter,
    pub hosts: TopCounter,
    pub lengths: LogHistogram,
}

impl Side {
    fn new(cap: usize) -> Side {
        Side {
            docs: 0,
            chars: 0,
            languages: TopCounter::new(cap),
            hosts: TopCounter::new(cap),
            lengths: LogHistogram::default(),
        }
    }
    fn add(&mut self, rec: &Record) -> u64 {
        let d = &rec.doc;
        let chars = d.text.chars().count() as u64;
        self.docs += 1;
        self.chars += chars;
        self.lengths.add(chars);
        self.languages
            .add(d.language.as_deref().unwrap_or("(none)"));
        self.hosts.add(d.host().unwrap_or("(no url)"));
        chars
    }
}

/// Line removals by one step (from `tamis_history`).
#[derive(Debug, Clone, Default)]
pub(crate) struct LineEdits {
    pub docs: u64,
    pub lines: u64,
}

/// One of the largest duplicate clusters.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub size: u64,
    pub id: String,
    pub url: Option<String>,
}

/// Duplicate clusters and duplicate removals.
#[derive(Debug, Clone, Default)]
pub(crate) struct Duplicates {
    /// Kept documents by `minhash_cluster_size` (one kept document per cluster).
    pub kept_cluster_sizes: LogHistogram,
    /// Kept documents that carry a cluster size.
    pub kept_with_cluster: u64,
    /// Removed duplicates by the size of their cluster, when known.
    pub removed_cluster_sizes: LogHistogram,
    /// Removed duplicates per reason.
    pub removed_by_reason: BTreeMap<String, u64>,
    /// Largest clusters (by size, then file order).
    pub largest: Vec<Cluster>,
}

/// An error record.
#[derive(Debug, Clone)]
pub(crate) struct ErrorSample {
    pub step: String,
    pub code: String,
    pub id: Option<String>,
    pub file: Option<String>,
    pub reason: String,
}

/// Buckets of a classifier's score histogram (width 0.05 over [0, 1]).
pub(crate) const SCORE_BUCKETS: usize = 20;

/// The scores one classifier step wrote (`fasttext_classifier`), from the
/// documents that reached it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scores {
    /// The metadata key holding the score.
    pub key: String,
    /// Documents the step kept, per score bucket.
    pub passed: [u64; SCORE_BUCKETS],
    /// Documents the step removed, per score bucket.
    pub below: [u64; SCORE_BUCKETS],
    /// The configured threshold, or the one `keep_top` computed (from the
    /// signals of a removed document).
    pub threshold: Option<f64>,
    pub keep_top: Option<f64>,
}

impl Scores {
    /// The classifier steps of the run's configuration (`OUT/.tamis/run.json`),
    /// by step name.
    fn of_run(out_dir: &Path) -> BTreeMap<String, Scores> {
        let Ok(bytes) = std::fs::read(out_dir.join(".tamis").join("run.json")) else {
            return BTreeMap::new();
        };
        let Ok(run) = serde_json::from_slice::<Value>(&bytes) else {
            return BTreeMap::new();
        };
        let steps = run
            .get("step")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        steps
            .iter()
            .filter(|s| s.get("type").and_then(Value::as_str) == Some("fasttext_classifier"))
            .filter_map(|s| {
                let name = s
                    .get("name")
                    .or_else(|| s.get("type"))?
                    .as_str()?
                    .to_owned();
                let label = s.get("label").and_then(Value::as_str).unwrap_or("");
                let label = label.strip_prefix("__label__").unwrap_or(label);
                let key = s
                    .get("metadata_key")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("fasttext_{label}"), str::to_owned);
                Some((
                    name,
                    Scores {
                        key,
                        threshold: s.get("threshold").and_then(Value::as_f64),
                        keep_top: s.get("keep_top").and_then(Value::as_f64),
                        ..Scores::default()
                    },
                ))
            })
            .collect()
    }

    fn add(&mut self, step: &str, d: &tamis_core::Document) {
        let Some(v) = d.metadata.get(&self.key).and_then(Value::as_f64) else {
            return;
        };
        let b = ((v.clamp(0.0, 1.0) * SCORE_BUCKETS as f64) as usize).min(SCORE_BUCKETS - 1);
        match d.removed_by.as_ref().filter(|r| r.step == step) {
            Some(r) => {
                self.below[b] += 1;
                if self.threshold.is_none() {
                    self.threshold = r.signals.get("threshold").and_then(Value::as_f64);
                }
            }
            None => self.passed[b] += 1,
        }
    }
}

/// Everything the report shows besides `stats.json`.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub kept: Side,
    pub removed: Side,
    /// Whether `OUT/removed/` exists (the run wrote removed documents).
    pub removed_written: bool,
    pub reasons: BTreeMap<(String, String), ReasonSamples>,
    pub line_edits: BTreeMap<String, LineEdits>,
    pub line_edit_samples: Vec<Sample>,
    pub duplicates: Duplicates,
    pub errors: BTreeMap<(String, String), u64>,
    pub error_samples: Vec<ErrorSample>,
    /// Lines that could not be parsed, with the first few messages.
    pub bad_lines: u64,
    pub bad_line_examples: Vec<String>,
    pub files_read: usize,
    /// Score histograms of the classifier steps, by step name.
    pub scores: BTreeMap<String, Scores>,
}

const MAX_REASONS_SAMPLED: usize = 500;
const LARGEST_CLUSTERS: usize = 10;
const ERROR_SAMPLES: usize = 10;

impl Summary {
    /// Reads every kept, removed and error file of `out_dir` once.
    pub(crate) fn scan(out_dir: &Path, opts: &ReportOptions) -> Result<Summary> {
        let cap = opts.max_tracked_keys;
        let mut s = Summary {
            kept: Side::new(cap),
            removed: Side::new(cap),
            removed_written: files::area_exists(out_dir, Area::Removed),
            reasons: BTreeMap::new(),
            line_edits: BTreeMap::new(),
            line_edit_samples: Vec::new(),
            duplicates: Duplicates::default(),
            errors: BTreeMap::new(),
            error_samples: Vec::new(),
            bad_lines: 0,
            bad_line_examples: Vec::new(),
            files_read: 0,
            scores: Scores::of_run(out_dir),
        };
        for area in [Area::Kept, Area::Removed, Area::Errors] {
            for path in files::list_files(out_dir, area)? {
                s.files_read += 1;
                s.scan_file(out_dir, &path, area, opts)?;
            }
        }
        Ok(s)
    }

    fn bad(&mut self, msg: String) {
        self.bad_lines += 1;
        if self.bad_line_examples.len() < 5 {
            self.bad_line_examples.push(msg);
        }
    }

    fn scan_file(
        &mut self,
        out_dir: &Path,
        path: &Path,
        area: Area,
        opts: &ReportOptions,
    ) -> Result<()> {
        let rel = files::display_rel(out_dir, path);
        files::for_each_line(path, |n, line| {
            let bytes = match line {
                Line::Bytes(b) => b,
                Line::TooLong => {
                    self.bad(format!(
                        "{rel}:{n}: line longer than {} bytes skipped",
                        files::MAX_LINE_BYTES
                    ));
                    return ControlFlow::Continue(());
                }
                Line::Unreadable(why) => {
                    self.bad(format!("{rel}:{n}: {why}"));
                    return ControlFlow::Continue(());
                }
            };
            if area == Area::Errors {
                match serde_json::from_slice::<Value>(bytes) {
                    Ok(v) => self.add_error(&v),
                    Err(e) => self.bad(format!("{rel}:{n}: invalid JSON: {e}")),
                }
                return ControlFlow::Continue(());
            }
            match Record::parse(bytes, || format!("{rel}:{n}")) {
                Ok(rec) => self.add_doc(&rec, area, || format!("{rel}:{n}"), opts),
                Err(e) => self.bad(format!("{rel}:{n}: {e}")),
            }
            ControlFlow::Continue(())
        })
    }

    fn add_doc(
        &mut self,
        rec: &Record,
        area: Area,
        location: impl Fn() -> String,
        opts: &ReportOptions,
    ) {
        let d = &rec.doc;
        for (step, scores) in &mut self.scores {
            scores.add(step, d);
        }
        for e in &d.history {
            if !e.removed_lines.is_empty() {
                let le = self.line_edits.entry(e.step.clone()).or_default();
                le.docs += 1;
                le.lines += e.removed_lines.len() as u64;
            }
        }
        let cluster_size = d
            .metadata
            .get("minhash_cluster_size")
            .and_then(Value::as_u64);
        if area == Area::Kept {
            self.kept.add(rec);
            if let Some(size) = cluster_size {
                self.duplicates.kept_cluster_sizes.add(size);
                self.duplicates.kept_with_cluster += 1;
                self.note_cluster(size, d);
            }
            if rec.has_removed_lines() && self.line_edit_samples.len() < opts.line_edit_samples {
                let signals = d
                    .history
                    .iter()
                    .flat_map(|e| e.signals.clone())
                    .filter(|(k, _)| k != "removed_at")
                    .collect();
                self.line_edit_samples.push(Sample::of(
                    rec,
                    signals,
                    location(),
                    opts.excerpt_chars,
                ));
            }
            return;
        }
        self.removed.add(rec);
        let (step, reason, signals) = match &d.removed_by {
            Some(r) => (r.step.clone(), r.reason.clone(), r.signals.clone()),
            None => (
                "(unknown)".to_owned(),
                "(no removed_by)".to_owned(),
                Map::new(),
            ),
        };
        if is_duplicate_reason(&reason) {
            *self
                .duplicates
                .removed_by_reason
                .entry(reason.clone())
                .or_insert(0) += 1;
            let size = cluster_size.or_else(|| signals.get("cluster_size").and_then(Value::as_u64));
            if let Some(size) = size {
                self.duplicates.removed_cluster_sizes.add(size);
            }
        }
        let key = (step, reason);
        if !self.reasons.contains_key(&key) && self.reasons.len() >= MAX_REASONS_SAMPLED {
            return;
        }
        let entry = self.reasons.entry(key).or_default();
        entry.seen += 1;
        if entry.samples.len() < opts.samples_per_reason {
            entry
                .samples
                .push(Sample::of(rec, signals, location(), opts.excerpt_chars));
        }
    }

    fn note_cluster(&mut self, size: u64, d: &tamis_core::Document) {
        if size < 2 {
            return;
        }
        let largest = &mut self.duplicates.largest;
        if largest.len() == LARGEST_CLUSTERS && largest.last().is_some_and(|c| c.size >= size) {
            return;
        }
        let at = largest.partition_point(|c| c.size >= size);
        largest.insert(
            at,
            Cluster {
                size,
                id: d.id.clone(),
                url: d.url.clone(),
            },
        );
        largest.truncate(LARGEST_CLUSTERS);
    }

    fn add_error(&mut self, v: &Value) {
        let s = |k: &str| match v.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        let step = s("step").unwrap_or_else(|| "(unknown)".into());
        let code = s("code").unwrap_or_else(|| "error".into());
        *self.errors.entry((step.clone(), code.clone())).or_insert(0) += 1;
        if self.error_samples.len() < ERROR_SAMPLES {
            self.error_samples.push(ErrorSample {
                step,
                code,
                id: s("id"),
                file: s("file"),
                reason: truncate_chars(&s("reason").unwrap_or_default(), 400),
            });
        }
    }
}

/// Reason codes of deduplication steps.
pub(crate) fn is_duplicate_reason(reason: &str) -> bool {
    reason.ends_with("duplicate") || reason.ends_with("_dup")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_counter_is_exact_below_cap_and_bounded_above() {
        let mut t = TopCounter::new(16);
        for i in 0..10 {
            for _ in 0..=i {
                t.add(&format!("k{i}"));
            }
        }
        assert_eq!(t.top(2), [("k9", 10), ("k8", 9)]);
        assert!(!t.approximate);
        for i in 0..1000 {
            t.add(&format!("rare{i}"));
        }
        assert!(t.distinct() <= 16 && t.approximate);
        assert_eq!(t.top(1), [("k9", 10)]);
        assert_eq!(t.total, 55 + 1000);
    }

    #[test]
    fn log_buckets() {
        assert_eq!(LogHistogram::bucket_of(0), 0);
        assert_eq!(LogHistogram::bucket_of(1), 1);
        assert_eq!(LogHistogram::bucket_of(2), 2);
        assert_eq!(LogHistogram::bucket_of(3), 2);
        assert_eq!(LogHistogram::bucket_of(1024), 11);
        assert_eq!(LogHistogram::bucket_of(u64::MAX), LOG_BUCKETS - 1);
        assert_eq!(LogHistogram::lower(11), 1024);
        let mut h = LogHistogram::default();
        h.add(5);
        h.add(900);
        assert_eq!(LogHistogram::span(&[&h]), Some((3, 10)));
    }

    #[test]
    fn duplicate_reasons() {
        assert!(is_duplicate_reason("minhash_duplicate"));
        assert!(is_duplicate_reason("exact_duplicate"));
        assert!(!is_duplicate_reason("gopher_short_doc"));
    }
}
