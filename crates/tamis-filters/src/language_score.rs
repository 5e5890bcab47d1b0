//! `language_score`: keeps documents in the wanted languages whose
//! language-identification score is high enough (reads `language` and
//! `language_score` set by a language-ID step).

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::common::PerLanguage;
use crate::lang::LanguageTable;

/// Step type name.
pub const NAME: &str = "language_score";

const DOC: &str = r##"Drops documents outside the wanted languages or with a low language score, like datatrove's LanguageFilter
(which identifies and filters in one step; here a language-ID step sets `language`/`language_score` first).

Labels compare on the language part: `fr`, `fra` and `fra_Latn` match each other for the languages
with parameter files; other labels must match exactly (before any `_Script`).
Reasons:
  missing_language       the document has no language (or no score)
  language_not_allowed   languages is set and the label is not in it
  low_language_score     score <= language_threshold (0.65); datatrove keeps only score > threshold
With language_table = "fineweb2", each language's threshold is FineWeb-2's published one (`fra_Latn`:
0.824, ...; others keep language_threshold) and a score equal to it is kept, as FineWeb-2's filter does.

Example:
  [[step]]
  type = "language_score"
  languages = ["fr", "en"]
  language_threshold = 0.65"##;

/// Options of `language_score` (datatrove's defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageScoreConfig {
    /// Languages to keep; empty keeps any language.
    pub languages: Vec<String>,
    /// Minimum score (exclusive).
    pub language_threshold: f64,
    /// Per-language thresholds: `tamis` (none, `language_threshold` for all)
    /// or `fineweb2` (FineWeb-2's per language-script label, inclusive).
    pub language_table: LanguageTable,
}

impl Default for LanguageScoreConfig {
    fn default() -> Self {
        LanguageScoreConfig {
            languages: Vec::new(),
            language_threshold: 0.65,
            language_table: LanguageTable::Tamis,
        }
    }
}

/// The built `language_score` step.
#[derive(Debug, Clone)]
pub struct LanguageScore {
    langs: PerLanguage<LanguageScoreConfig>,
    wanted: Vec<String>,
}

fn key(label: &str) -> String {
    crate::lang::lang_params(label)
        .map(|p| p.code.to_owned())
        .unwrap_or_else(|| {
            label
                .split('_')
                .next()
                .unwrap_or(label)
                .to_ascii_lowercase()
        })
}

impl LanguageScore {
    /// Builds the step.
    pub fn new(config: LanguageScoreConfig) -> tamis_core::Result<LanguageScore> {
        let wanted = config.languages.iter().map(|l| key(l)).collect();
        let table = Some(config.language_table);
        Ok(LanguageScore {
            langs: PerLanguage::new(NAME, config, table)?,
            wanted,
        })
    }
    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "keep wanted languages with language_score above a threshold",
            doc: DOC,
            options: tamis_core::options_of::<LanguageScoreConfig>,
            factory: |v| {
                Ok(BuiltStep::Doc(Box::new(LanguageScore::new(parse_config(
                    v,
                )?)?)))
            },
        }
    }
}

impl Step for LanguageScore {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let (Some(lang), Some(score)) = (doc.language.as_deref(), doc.language_score) else {
            return Outcome::Drop(Removal::new("missing_language"));
        };
        if !self.wanted.is_empty() && !self.wanted.contains(&key(lang)) {
            return Outcome::Drop(
                Removal::new("language_not_allowed")
                    .signal("language", lang)
                    .signal("language_score", score),
            );
        }
        let (c, _) = self.langs.get(doc);
        let low = match c.language_table {
            LanguageTable::Tamis => score <= c.language_threshold,
            LanguageTable::Fineweb2 => score < c.language_threshold,
        };
        if low {
            return Outcome::Drop(
                Removal::new("low_language_score")
                    .signal("language", lang)
                    .signal("language_score", score)
                    .signal("language_threshold", c.language_threshold),
            );
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason() {
        let s = LanguageScore::new(LanguageScoreConfig {
            languages: vec!["fr".into()],
            ..Default::default()
        })
        .unwrap();
        let run = |lang: Option<&str>, score: Option<f64>| {
            let mut d = Document::new("x", "t");
            d.language = lang.map(str::to_owned);
            d.language_score = score;
            match s.process(&mut d, &mut StepContext::default()) {
                Outcome::Drop(x) => x.reason.into_owned(),
                o => format!("{o:?}"),
            }
        };
        assert_eq!(run(None, None), "missing_language");
        assert_eq!(run(Some("en"), Some(0.9)), "language_not_allowed");
        assert_eq!(run(Some("fra_Latn"), Some(0.65)), "low_language_score");
        assert_eq!(run(Some("fra_Latn"), Some(0.9)), "Keep");
        assert_eq!(run(Some("fr"), Some(0.66)), "Keep");
    }

    #[test]
    fn fineweb2_thresholds_per_language() {
        let s = LanguageScore::new(LanguageScoreConfig {
            language_table: LanguageTable::Fineweb2,
            ..Default::default()
        })
        .unwrap();
        let run = |lang: &str, score: f64| {
            let mut d = Document::new("x", "t");
            d.language = Some(lang.to_owned());
            d.language_score = Some(score);
            match s.process(&mut d, &mut StepContext::default()) {
                Outcome::Drop(x) => format!("{} {}", x.reason, x.signals["language_threshold"]),
                o => format!("{o:?}"),
            }
        };
        // FineWeb-2: fra_Latn 0.824, inclusive; lid.176's `fr` is fra_Latn.
        assert_eq!(run("fra_Latn", 0.82), "low_language_score 0.824");
        assert_eq!(run("fra_Latn", 0.824), "Keep");
        assert_eq!(run("fr", 0.80), "low_language_score 0.824");
        // No FineWeb-2 setting: the configured threshold.
        assert_eq!(run("en", 0.66), "Keep");
        assert_eq!(run("en", 0.60), "low_language_score 0.65");
    }
}
