//! The `fasttext_classifier` step: scores each document with a supervised
//! fastText model (DCLM's quality classifier, a FineWeb-Edu-style fastText
//! head, any `.bin`/`.ftz`) and keeps it by a score threshold or by its rank
//! in the whole corpus (`keep_top`, DCLM's "top 10%").
//!
//! The score is the model's probability of one label, computed on the text
//! prepared as DCLM does before predicting (stripped, lines joined by a
//! space) or as datatrove does (`newline = ""`: lines joined with nothing).
//! With `keep_top` the step is a corpus step: the map pass scores every
//! document and stores its score and a hash of its id per shard, the reduce
//! finds the `ceil(keep_top × n)`-th best document over the corpus by
//! (score, then id hash) with a radix select (four passes of 65,536
//! counters, whatever the corpus size), and the apply pass keeps the
//! documents ranked at or above it: exactly that many, whatever the
//! threads, shards or machines.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, py_splitlines, py_strip, write_atomic, Applier, BuiltStep, Collector,
    CorpusContext, CorpusStep, Document, Error, Outcome, Removal, Result, Step, StepContext,
    StepInfo,
};

use crate::model::Model;

/// Step type name.
pub const NAME: &str = "fasttext_classifier";

const DOC: &str = r##"Scores documents with a supervised fastText classifier (.bin/.ftz: softmax, hierarchical softmax or one-vs-all,
word n-grams as trained, e.g. DCLM's bigram quality model) and keeps them by score.

The score, written to metadata `metadata_key`, is the model's probability of `label`. Before predicting, the text is
prepared as `preparation` says: "dclm" (default) = DCLM's `" ".join(text.strip().splitlines())`; "datatrove" =
FastTextClassifierFilter's `text.strip().replace("\n", newline_replacement)` (default ""). Keep rules (at most one;
neither = annotate only):
  threshold   keep when score >= threshold                    reason below_threshold
  keep_top    keep the top fraction of the whole corpus       reason below_top_fraction
              (0.1 = DCLM's top 10%): exactly the ceil(keep_top * n) best-scored documents over every
              shard, documents of equal score ordered by a hash of their id. This makes the step a
              corpus step (map: score; reduce: select; apply: keep or drop).
Signals: score, label, threshold (and keep_top). The model is loaded once per process and shared by all
threads and steps that name the same file.

Example:
  [[step]]
  type = "fasttext_classifier"
  model = "models/openhermes_reddit_eli5_vs_rw_v2_bigram_200k_train.bin"
  label = "hq"
  keep_top = 0.1"##;

/// Options of `fasttext_classifier`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClassifierConfig {
    /// Path of a fastText supervised model (`.bin` or `.ftz`).
    pub model: String,
    /// The label whose probability is the score (`hq` or `__label__hq`).
    pub label: String,
    /// Metadata key the score is written to; default `fasttext_<label>`.
    pub metadata_key: Option<String>,
    /// Keep documents whose score is at least this.
    pub threshold: Option<f64>,
    /// Keep this fraction of the corpus, the best-scored (0 < keep_top ≤ 1).
    pub keep_top: Option<f64>,
    /// How the text is prepared before predicting: `dclm` or `datatrove`.
    pub preparation: Preparation,
    /// With `preparation = "datatrove"`, what replaces each `\n`
    /// (datatrove's `newline_replacement`).
    pub newline_replacement: String,
}

/// How a document's text becomes the one line fastText predicts on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Preparation {
    /// `" ".join(text.strip().splitlines())`, as DCLM's classifier runs.
    #[default]
    Dclm,
    /// `text.strip().replace("\n", newline_replacement)`, as datatrove's
    /// `FastTextClassifierFilter`.
    Datatrove,
}

impl Default for ClassifierConfig {
    fn default() -> Self {
        ClassifierConfig {
            model: String::new(),
            label: String::new(),
            metadata_key: None,
            threshold: None,
            keep_top: None,
            preparation: Preparation::Dclm,
            newline_replacement: String::new(),
        }
    }
}

/// What every variant of the step shares: the model, the label's index and
/// how to prepare text.
struct Scorer {
    model: Arc<Model>,
    label: usize,
    label_name: String,
    key: String,
    preparation: Preparation,
    newline_replacement: String,
}

impl Scorer {
    fn new(config: &ClassifierConfig) -> Result<Scorer> {
        if config.model.is_empty() {
            return Err(Error::config(
                "fasttext_classifier needs `model`, the path of a fastText .bin or .ftz file",
            ));
        }
        let model = crate::shared_model(Path::new(&config.model))?;
        let want = config
            .label
            .strip_prefix("__label__")
            .unwrap_or(&config.label);
        let Some(label) = model.labels().iter().position(|l| l == want) else {
            return Err(Error::config(format!(
                "label `{want}` is not a label of {} (its labels: {})",
                config.model,
                model.labels().join(", ")
            )));
        };
        Ok(Scorer {
            label,
            label_name: want.to_owned(),
            key: config
                .metadata_key
                .clone()
                .unwrap_or_else(|| format!("fasttext_{want}")),
            preparation: config.preparation,
            newline_replacement: config.newline_replacement.clone(),
            model,
        })
    }

    /// The probability of the label for `text`, prepared as configured.
    fn score(&self, text: &str) -> f32 {
        let text = py_strip(text);
        let line = match self.preparation {
            // Same tokens as the joined lines: every break is one fastText
            // splits on anyway (`\n` reads as a space in `predict`).
            Preparation::Dclm if !has_unusual_breaks(text) => {
                return self.probability(text);
            }
            Preparation::Dclm => dclm_line(text),
            Preparation::Datatrove => text.replace('\n', &self.newline_replacement),
        };
        self.probability(&line)
    }

    /// The label's probability for one prepared line.
    fn probability(&self, line: &str) -> f32 {
        let mut scored = Vec::new();
        self.model.predict_ids(line, 0, 0.0, &mut scored);
        scored
            .iter()
            .find(|&&(_, id)| id == self.label)
            .map_or(0.0, |&(p, _)| p)
    }

    fn annotate(&self, doc: &mut Document, score: f32) {
        doc.metadata
            .insert(self.key.clone(), serde_json::Value::from(f64::from(score)));
    }
}

/// `" ".join(text.strip().splitlines())`: the one line DCLM's classifier
/// (and `tamis train-classifier`) gives fastText.
pub fn dclm_line(text: &str) -> String {
    py_splitlines(py_strip(text)).join(" ")
}

/// Whether `text` has a line break that fastText does not treat as white
/// space (U+001C..U+001E, U+0085, U+2028, U+2029); `\n`, `\r`, `\v`, `\f`
/// it does.
fn has_unusual_breaks(text: &str) -> bool {
    text.bytes().any(|b| (0x1c..=0x1e).contains(&b))
        || text.contains(['\u{85}', '\u{2028}', '\u{2029}'])
}

/// The per-document variant (a threshold, or annotation only).
struct ThresholdClassifier {
    scorer: Scorer,
    threshold: Option<f64>,
}

impl Step for ThresholdClassifier {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let score = self.scorer.score(&doc.text);
        self.scorer.annotate(doc, score);
        match self.threshold {
            Some(t) if f64::from(score) < t => Outcome::Drop(
                Removal::new("below_threshold")
                    .signal("score", f64::from(score))
                    .signal("label", self.scorer.label_name.as_str())
                    .signal("threshold", t),
            ),
            _ => Outcome::Keep,
        }
    }
}

/// The corpus variant (`keep_top`).
struct TopFraction {
    scorer: Arc<Scorer>,
    keep_top: f64,
}

fn scores_path(cx: &CorpusContext, shard: u32) -> PathBuf {
    cx.work_dir.join(format!("scores-{shard:06}.bin"))
}

fn threshold_path(cx: &CorpusContext) -> PathBuf {
    cx.work_dir.join("threshold.json")
}

/// One document's rank key, 12 bytes in a shard's score file: the score
/// and a hash of the document id, which orders documents of equal score.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: f32,
    id_hash: u64,
}

impl Ranked {
    /// The order `keep_top` keeps by, as one integer (larger is better):
    /// the score's bits (probabilities are non-negative, so their IEEE bits
    /// sort; anything else counts as 0), then the id hash, smaller first.
    fn key(self) -> u64 {
        let score = if self.score.is_nan() || self.score <= 0.0 {
            0
        } else {
            self.score.to_bits()
        };
        (u64::from(score) << 32) | u64::from(!((self.id_hash >> 32) as u32))
    }
}

/// FNV-1a of the document id: stable across runs, platforms and shard
/// layouts (ids are).
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn read_ranked(path: &Path) -> Result<Vec<Ranked>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    if bytes.len() % 12 != 0 {
        return Err(Error::data(format!(
            "{} is damaged ({} bytes, not whole records): run again without --resume",
            path.display(),
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(12)
        .map(|b| Ranked {
            score: f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            id_hash: u64::from_le_bytes([b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11]]),
        })
        .collect())
}

/// Calls a visitor with every key of the corpus, once per call.
type VisitKeys<'a> = dyn FnMut(&mut dyn FnMut(u64)) -> Result<()> + 'a;

/// The `k`-th largest key (1-based) among those `visit` shows, exactly:
/// four passes, each counting one 16-bit digit (65,536 counters) of the keys
/// that share the digits found so far.
fn kth_largest(visit: &mut VisitKeys<'_>, k: u64) -> Result<u64> {
    let mut prefix = 0u64;
    let mut rank = k.max(1);
    let mut counts = vec![0u64; 1 << 16];
    for pass in 0..4u32 {
        let shift = 48 - 16 * pass;
        let high = if pass == 0 {
            0
        } else {
            !0u64 << (64 - 16 * pass)
        };
        counts.iter_mut().for_each(|c| *c = 0);
        visit(&mut |key| {
            if key & high == prefix {
                counts[((key >> shift) & 0xffff) as usize] += 1;
            }
        })?;
        let (digit, r) = select(&counts, rank);
        prefix |= u64::from(digit) << shift;
        rank = r.max(1);
    }
    Ok(prefix)
}

/// The counter holding the `k`-th largest element (walking down from the
/// top), and that element's rank within it.
fn select(counts: &[u64], k: u64) -> (u32, u64) {
    let mut above = 0u64;
    for (i, &c) in counts.iter().enumerate().rev() {
        if above + c >= k {
            return (i as u32, k - above);
        }
        above += c;
    }
    (0, 1)
}

impl CorpusStep for TopFraction {
    fn collector(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Collector>> {
        Ok(Box::new(ScoreCollector {
            scorer: Arc::clone(&self.scorer),
            path: scores_path(cx, shard),
            records: Vec::new(),
        }))
    }

    fn reduce_part(&self, cx: &CorpusContext, _part: u32) -> Result<()> {
        let paths: Vec<PathBuf> = (0..cx.num_shards)
            .map(|s| scores_path(cx, s))
            .filter(|p| p.exists())
            .collect();
        let n: u64 = paths
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len() / 12))
            .sum();
        let keep = ((self.keep_top * n as f64).ceil() as u64).clamp(u64::from(n > 0), n);
        let cut = if keep == 0 {
            None
        } else {
            // One shard's scores in memory at a time.
            let mut visit = |f: &mut dyn FnMut(u64)| -> Result<()> {
                for p in &paths {
                    read_ranked(p)?.into_iter().for_each(|r| f(r.key()));
                }
                Ok(())
            };
            Some(kth_largest(&mut visit, keep)?)
        };
        let record = serde_json::json!({
            "documents": n,
            "keep_top": self.keep_top,
            "keep": keep,
            "cut_key": cut,
            "threshold": cut.map(|k| f64::from(f32::from_bits((k >> 32) as u32))),
        });
        write_atomic(&threshold_path(cx), record.to_string().as_bytes())
    }

    fn reduce_merge(&self, cx: &CorpusContext) -> Result<()> {
        if threshold_path(cx).exists() {
            Ok(())
        } else {
            Err(Error::data(format!(
                "{}: the reduce left no threshold in {}",
                cx.step_name,
                cx.work_dir.display()
            )))
        }
    }

    fn applier(&self, cx: &CorpusContext, shard: u32) -> Result<Box<dyn Applier>> {
        let path = threshold_path(cx);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::data(format!("{} is damaged: {e}", path.display())))?;
        let file = scores_path(cx, shard);
        let records = if file.exists() {
            read_ranked(&file)?
        } else {
            Vec::new()
        };
        Ok(Box::new(TopApplier {
            scorer: Arc::clone(&self.scorer),
            keep_top: self.keep_top,
            cut: v["cut_key"].as_u64(),
            threshold: v["threshold"].as_f64().unwrap_or(f64::INFINITY),
            records: records.into_iter(),
        }))
    }
}

struct ScoreCollector {
    scorer: Arc<Scorer>,
    path: PathBuf,
    records: Vec<u8>,
}

impl Collector for ScoreCollector {
    fn observe(&mut self, doc: &Document) -> Result<()> {
        let s = self.scorer.score(&doc.text);
        self.records.extend_from_slice(&s.to_le_bytes());
        self.records
            .extend_from_slice(&id_hash(&doc.id).to_le_bytes());
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<()> {
        write_atomic(&self.path, &self.records)
    }
}

struct TopApplier {
    scorer: Arc<Scorer>,
    keep_top: f64,
    /// The key of the last kept document (`None`: nothing is kept).
    cut: Option<u64>,
    threshold: f64,
    records: std::vec::IntoIter<Ranked>,
}

impl Applier for TopApplier {
    fn apply(&mut self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        // The applier sees the collector's documents in the same order; a
        // missing record (a damaged work file) is scored again.
        let r = self.records.next().unwrap_or_else(|| Ranked {
            score: self.scorer.score(&doc.text),
            id_hash: id_hash(&doc.id),
        });
        self.scorer.annotate(doc, r.score);
        if self.cut.is_some_and(|cut| r.key() >= cut) {
            return Outcome::Keep;
        }
        Outcome::Drop(
            Removal::new("below_top_fraction")
                .signal("score", f64::from(r.score))
                .signal("label", self.scorer.label_name.as_str())
                .signal("threshold", self.threshold)
                .signal("keep_top", self.keep_top),
        )
    }
}

fn build(v: serde_json::Value) -> Result<BuiltStep> {
    let config: ClassifierConfig = parse_config(v)?;
    if config.threshold.is_some() && config.keep_top.is_some() {
        return Err(Error::config(
            "fasttext_classifier: give `threshold` or `keep_top`, not both",
        ));
    }
    let scorer = Scorer::new(&config)?;
    match config.keep_top {
        Some(f) if !(f > 0.0 && f <= 1.0) => Err(Error::config(format!(
            "fasttext_classifier: keep_top = {f} is not a fraction in (0, 1]"
        ))),
        Some(keep_top) => Ok(BuiltStep::Corpus(Box::new(TopFraction {
            scorer: Arc::new(scorer),
            keep_top,
        }))),
        None => Ok(BuiltStep::Doc(Box::new(ThresholdClassifier {
            scorer,
            threshold: config.threshold,
        }))),
    }
}

/// The registry entry.
pub(crate) fn info() -> StepInfo {
    StepInfo {
        name: NAME,
        summary: "score with a fastText classifier (DCLM, FineWeb-Edu style); keep by threshold or top fraction",
        doc: DOC,
        options: tamis_core::options_of::<ClassifierConfig>,
        factory: build,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dclm_line_splits_and_strips_like_python() {
        assert_eq!(dclm_line("a\r\nb\n\nc\u{2028}d\n"), "a b  c d");
        assert_eq!(dclm_line(""), "");
        assert_eq!(dclm_line(" \x1c a b \n"), "a b");
    }

    #[test]
    fn kth_largest_is_exact() {
        let kth = |v: &[u64], k: u64| {
            let mut visit = |f: &mut dyn FnMut(u64)| -> Result<()> {
                v.iter().for_each(|&x| f(x));
                Ok(())
            };
            kth_largest(&mut visit, k).unwrap()
        };
        let keys: Vec<u64> = (0..10_000u64)
            .map(|i| (i * 7919 % 10_000).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        for k in [1u64, 2, 10, 999, 1000, 5000, 10_000] {
            assert_eq!(kth(&keys, k), sorted[k as usize - 1], "k={k}");
        }
        // Equal keys, and keys equal but for their lowest bits.
        assert_eq!(kth(&[5, 5, 5, 1], 2), 5);
        assert_eq!(kth(&[5, 5, 5, 1], 4), 1);
        assert_eq!(
            kth(&[1 << 40, (1 << 40) + 1, (1 << 40) + 2], 2),
            (1 << 40) + 1
        );
    }

    #[test]
    fn ranks_by_score_then_id() {
        let a = Ranked {
            score: 0.5,
            id_hash: 10 << 32,
        };
        let b = Ranked {
            score: 0.5,
            id_hash: 20 << 32,
        };
        let c = Ranked {
            score: 0.6,
            id_hash: u64::MAX,
        };
        assert!(c.key() > a.key() && a.key() > b.key());
        assert_eq!(
            Ranked {
                score: f32::NAN,
                id_hash: 0
            }
            .key()
                >> 32,
            0
        );
        assert_ne!(id_hash("a/1"), id_hash("a/2"));
    }
}
