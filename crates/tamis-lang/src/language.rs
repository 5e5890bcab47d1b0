//! The `language` step: labels each document's language with a fastText
//! model and keeps or drops it by language and score.
//!
//! It writes `language` (the label without `__label__`: `en`, or `fra_Latn`
//! for GlotLID) and `language_score` into the document, plus
//! `language_script` (`Latn`) when the label carries a script, as datatrove's
//! `LanguageFilter` does. The text is classified as one line with `\n` read as
//! a space, exactly like datatrove's `model.predict(text.replace("\n", " "))`.
//!
//! Keep rule (datatrove's): with no `languages`, keep when the best score is
//! above its threshold; with `languages`, keep when any listed language
//! scores above its threshold (even if it is not the best one). Scores are
//! fastText's, compared with a strict `>`.
//!
//! Reason codes:
//! - `language_not_allowed`: the best language is not in `languages` and no
//!   listed language scores above its threshold. Signals: `language`,
//!   `score`, `threshold` (of the best allowed language), `allowed_score`.
//! - `language_low_score`: the (best or allowed) language's score is not
//!   above its threshold. Signals: `language`, `score`, `threshold`.
//!
//! ```toml
//! [[step]]
//! type = "language"
//! model = "lid176"            # built in; or a path to a .bin/.ftz (GlotLID, OpenLID, lid.176.bin)
//! languages = ["en"]          # empty = keep every language
//! threshold = 0.65            # FineWeb's
//! thresholds = { fr = 0.5 }   # per language (FineWeb-2 style)
//! max_chars = 0               # 0 = classify the whole text
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Result, Step, StepContext, StepInfo,
};

use crate::model::Model;

/// Options of the `language` step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// `lid176` for the built-in fastText lid.176.ftz, or the path of a
    /// fastText `.bin`/`.ftz` classifier (lid.176.bin, GlotLID, OpenLID).
    pub model: String,
    /// Languages to keep (labels without `__label__`, e.g. `en` or
    /// `fra_Latn`; `fra` also matches `fra_Latn`). Empty keeps every language.
    pub languages: Vec<String>,
    /// Minimum score (exclusive) to keep a document; FineWeb uses 0.65.
    pub threshold: f64,
    /// Per-language thresholds that override `threshold` (FineWeb-2 style),
    /// e.g. `{ fra_Latn = 0.5 }`.
    pub thresholds: BTreeMap<String, f64>,
    /// Classify only the first `max_chars` characters; 0 = the whole text.
    pub max_chars: usize,
    /// Only annotate: never drop (datatrove's `label_only`).
    pub label_only: bool,
}

impl Default for LanguageConfig {
    fn default() -> LanguageConfig {
        LanguageConfig {
            model: BUILTIN.to_owned(),
            languages: Vec::new(),
            threshold: 0.65,
            thresholds: BTreeMap::new(),
            max_chars: 0,
            label_only: false,
        }
    }
}

/// The name of the built-in model in configurations.
pub const BUILTIN: &str = "lid176";

/// A model shared by steps: the built-in one or one loaded from a path.
#[derive(Clone)]
enum ModelRef {
    Builtin(&'static Model),
    Loaded(Arc<Model>),
}

impl ModelRef {
    fn get(&self) -> &Model {
        match self {
            ModelRef::Builtin(m) => m,
            ModelRef::Loaded(m) => m,
        }
    }
}

/// The built `language` step.
pub struct Language {
    model: ModelRef,
    config: LanguageConfig,
    /// Per label index: is it allowed, and its threshold.
    allowed: Vec<bool>,
    label_threshold: Vec<f64>,
}

impl Language {
    /// Builds the step, loading the model named in the configuration.
    pub fn new(config: LanguageConfig) -> Result<Language> {
        let model = if config.model == BUILTIN || config.model.is_empty() {
            ModelRef::Builtin(Model::builtin())
        } else {
            ModelRef::Loaded(crate::shared_model(Path::new(&config.model))?)
        };
        if !(0.0..=1.0).contains(&config.threshold) {
            return Err(tamis_core::Error::config(format!(
                "threshold {} is not in 0..=1",
                config.threshold
            )));
        }
        let labels = model.get().labels();
        let base = |l: &str| l.split_once('_').map_or(l, |(b, _)| b).to_owned();
        for want in config.languages.iter().chain(config.thresholds.keys()) {
            if !labels.iter().any(|l| l == want || base(l) == *want) {
                return Err(tamis_core::Error::config(format!(
                    "language `{want}` is not a label of model `{}`",
                    config.model
                )));
            }
        }
        let allowed = labels
            .iter()
            .map(|l| config.languages.iter().any(|w| w == l || *w == base(l)))
            .collect();
        let label_threshold = labels
            .iter()
            .map(|l| {
                config
                    .thresholds
                    .get(l)
                    .or_else(|| config.thresholds.get(&base(l)))
                    .copied()
                    .unwrap_or(config.threshold)
            })
            .collect();
        Ok(Language {
            model,
            config,
            allowed,
            label_threshold,
        })
    }
}

/// The script part of a GlotLID-style label (`fra_Latn` → `Latn`).
fn script_of(label: &str) -> Option<&str> {
    let (_, script) = label.split_once('_')?;
    let mut c = script.chars();
    (script.len() == 4 && c.next()?.is_ascii_uppercase() && c.all(|c| c.is_ascii_lowercase()))
        .then_some(script)
}

impl Step for Language {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let text = match self.config.max_chars {
            0 => doc.text.as_str(),
            n => doc
                .text
                .char_indices()
                .nth(n)
                .map_or(doc.text.as_str(), |(i, _)| &doc.text[..i]),
        };
        let model = self.model.get();
        // All labels are needed only to test the allowed ones (datatrove's k=-1).
        let k = if self.config.languages.is_empty() {
            1
        } else {
            0
        };
        let mut scored = Vec::new();
        model.predict_ids(text, k, 0.0, &mut scored);
        let Some(&(best_prob, best)) = scored.first() else {
            doc.language = None;
            doc.language_score = None;
            if self.config.label_only {
                return Outcome::Keep;
            }
            return Outcome::Drop(
                Removal::new("language_low_score")
                    .signal("score", 0.0)
                    .signal("threshold", self.config.threshold),
            );
        };
        let label = model.labels().get(best).cloned().unwrap_or_default();
        if let Some(script) = script_of(&label) {
            doc.metadata.insert("language_script".into(), script.into());
        }
        let score = f64::from(best_prob);
        doc.language_score = Some(score);
        doc.language = Some(label.clone());
        if self.config.label_only {
            return Outcome::Keep;
        }
        let threshold_of = |i: usize| {
            self.label_threshold
                .get(i)
                .copied()
                .unwrap_or(self.config.threshold)
        };
        if self.config.languages.is_empty() {
            let t = threshold_of(best);
            if score > t {
                return Outcome::Keep;
            }
            return Outcome::Drop(low_score(&label, score, t));
        }
        let mut best_allowed: Option<(f64, usize)> = None;
        for &(p, i) in &scored {
            if self.allowed.get(i) == Some(&true) {
                let p = f64::from(p);
                if p > threshold_of(i) {
                    return Outcome::Keep;
                }
                if best_allowed.is_none() {
                    best_allowed = Some((p, i));
                }
            }
        }
        if self.allowed.get(best) == Some(&true) {
            return Outcome::Drop(low_score(&label, score, threshold_of(best)));
        }
        let (allowed_score, t) =
            best_allowed.map_or((0.0, self.config.threshold), |(p, i)| (p, threshold_of(i)));
        Outcome::Drop(
            Removal::new("language_not_allowed")
                .signal("language", label)
                .signal("score", score)
                .signal("threshold", t)
                .signal("allowed_score", allowed_score),
        )
    }
}

fn low_score(label: &str, score: f64, threshold: f64) -> Removal {
    Removal::new("language_low_score")
        .signal("language", label)
        .signal("score", score)
        .signal("threshold", threshold)
}

fn build(config: serde_json::Value) -> Result<BuiltStep> {
    Ok(BuiltStep::Doc(Box::new(Language::new(parse_config(
        config,
    )?)?)))
}

/// Registry entry of the `language` step.
pub(crate) fn info() -> StepInfo {
    StepInfo {
        name: "language",
        summary: "label the language with fastText (lid.176 built in); keep by language and score",
        doc: DOC,
        options: tamis_core::options_of::<LanguageConfig>,
        factory: build,
    }
}

const DOC: &str = "\
language — fastText language identification (lid.176 built in; any fastText .bin/.ftz by path)

Writes metadata `language` (label without __label__, e.g. `en`, `fra_Latn`), `language_score`
(fastText's probability) and, for labels with a script (GlotLID), `language_script`.
The text is classified as one line, `\\n` read as a space (datatrove's LanguageFilter).

Keeps a document when (no `languages`) the best score > its threshold, or (with `languages`)
any listed language scores > its threshold — datatrove's rule.

Reasons:
  language_not_allowed  best language not listed and no listed language above its threshold
                        (signals: language, score, threshold, allowed_score)
  language_low_score    the language's score is not above its threshold
                        (signals: language, score, threshold)

Example:
  [[step]]
  type = \"language\"
  languages = [\"en\"]
  threshold = 0.65
";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(config: serde_json::Value, text: &str) -> (Outcome, Document) {
        let step = Language::new(parse_config(config).unwrap()).unwrap();
        let mut doc = Document::new("d", text);
        let out = step.process(&mut doc, &mut StepContext::default());
        (out, doc)
    }

    const EN: &str =
        "The committee will publish its final report on the new railway line next week.";
    const FR: &str =
        "Le comité publiera la semaine prochaine son rapport final sur la nouvelle ligne.";

    #[test]
    fn annotates_and_keeps_by_default() {
        let (out, doc) = run(json!({}), EN);
        assert_eq!(out, Outcome::Keep);
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert!(doc.language_score.unwrap() > 0.65);
        assert!(doc.metadata.get("language_script").is_none());
    }

    #[test]
    fn drops_languages_not_allowed() {
        let (out, doc) = run(json!({"languages": ["en"]}), FR);
        let Outcome::Drop(d) = out else {
            panic!("{out:?}")
        };
        assert_eq!(d.reason, "language_not_allowed");
        assert_eq!(d.signals["language"], "fr");
        assert_eq!(d.signals["threshold"], 0.65);
        assert_eq!(doc.language.as_deref(), Some("fr"));
        assert_eq!(run(json!({"languages": ["en", "fr"]}), FR).0, Outcome::Keep);
    }

    #[test]
    fn drops_low_scores_with_global_and_per_language_thresholds() {
        let (out, _) = run(json!({"threshold": 1.0}), EN);
        let Outcome::Drop(d) = out else {
            panic!("{out:?}")
        };
        assert_eq!(d.reason, "language_low_score");
        assert_eq!(d.signals["language"], "en");
        assert_eq!(d.signals["threshold"], 1.0);
        let (out, _) = run(json!({"thresholds": {"en": 1.0}}), EN);
        assert!(matches!(out, Outcome::Drop(d) if d.reason == "language_low_score"));
        // Allowed language below its threshold: low score, not "not allowed".
        let (out, _) = run(json!({"languages": ["en"], "thresholds": {"en": 1.0}}), EN);
        assert!(matches!(out, Outcome::Drop(d) if d.reason == "language_low_score"));
        assert_eq!(run(json!({"thresholds": {"fr": 1.0}}), EN).0, Outcome::Keep);
    }

    #[test]
    fn label_only_and_max_chars() {
        let (out, doc) = run(json!({"languages": ["de"], "label_only": true}), FR);
        assert_eq!(out, Outcome::Keep);
        assert_eq!(doc.language.as_deref(), Some("fr"));
        // Only the first characters (French) are classified.
        let mixed = format!("{FR} {}", EN.repeat(5));
        let (_, doc) = run(json!({"max_chars": FR.chars().count()}), &mixed);
        assert_eq!(doc.language.as_deref(), Some("fr"));
        let (_, doc) = run(json!({}), &mixed);
        assert_eq!(doc.language.as_deref(), Some("en"));
    }

    #[test]
    fn bad_configs_are_errors() {
        assert!(Language::new(parse_config(json!({"languages": ["xx_none"]})).unwrap()).is_err());
        assert!(Language::new(parse_config(json!({"threshold": 2.0})).unwrap()).is_err());
        assert!(
            Language::new(parse_config(json!({"model": "/nonexistent/model.bin"})).unwrap())
                .is_err()
        );
        assert!(parse_config::<LanguageConfig>(json!({"treshold": 0.5})).is_err());
    }

    #[test]
    fn loads_a_model_by_path() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/softmax_q.ftz");
        let step =
            Language::new(parse_config(json!({"model": path, "threshold": 0.0})).unwrap()).unwrap();
        let mut doc = Document::new("d", "ab");
        assert_eq!(
            step.process(&mut doc, &mut StepContext::default()),
            Outcome::Keep
        );
        let label = doc.language.unwrap();
        assert!(
            ["lat", "acc", "cyr", "grk", "cjk", "ara", "emo"].contains(&label.as_str()),
            "{label}"
        );
        // Labels of that model, not lid.176's.
        assert!(
            Language::new(parse_config(json!({"model": path, "languages": ["en"]})).unwrap())
                .is_err()
        );
        assert!(
            Language::new(parse_config(json!({"model": path, "languages": ["cyr"]})).unwrap())
                .is_ok()
        );
    }

    #[test]
    fn scripts_of_glotlid_labels() {
        assert_eq!(script_of("fra_Latn"), Some("Latn"));
        assert_eq!(script_of("zho_Hans"), Some("Hans"));
        assert_eq!(script_of("en"), None);
        assert_eq!(script_of("pt_br"), None);
    }

    #[test]
    fn registers() {
        let mut reg = tamis_core::Registry::new();
        crate::register(&mut reg);
        assert!(reg.build("language", json!({"languages": ["en"]})).is_ok());
        assert!(reg
            .get("language")
            .unwrap()
            .doc
            .contains("language_not_allowed"));
    }
}
