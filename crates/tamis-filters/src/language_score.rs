//! `language_score`: keeps documents in the wanted languages whose
//! language-identification score is high enough (reads `language` and
//! `language_score` set by a language-ID step).

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

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
}

impl Default for LanguageScoreConfig {
    fn default() -> Self {
        LanguageScoreConfig {
            languages: Vec::new(),
            language_threshold: 0.65,
        }
    }
}

/// The built `language_score` step.
#[derive(Debug, Clone)]
pub struct LanguageScore {
    config: LanguageScoreConfig,
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
    pub fn new(config: LanguageScoreConfig) -> LanguageScore {
        let wanted = config.languages.iter().map(|l| key(l)).collect();
        LanguageScore { config, wanted }
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
                )?))))
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
        if score <= self.config.language_threshold {
            return Outcome::Drop(
                Removal::new("low_language_score")
                    .signal("language", lang)
                    .signal("language_score", score)
                    .signal("language_threshold", self.config.language_threshold),
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
        });
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
}
