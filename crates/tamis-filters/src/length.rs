//! `length`: document length in characters and words.

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::common::doc_lang;
use crate::text::py_len;
use crate::words::{cached_words, WordSplitter};

/// Step type name.
pub const NAME: &str = "length";

const DOC: &str = r##"Drops documents that are too short or too long, in characters (code points) or words.

Words are non-punctuation tokens of the word splitter (Chinese/Japanese documents: one word per character).
Reasons (each check is off unless set):
  too_short        characters < min_chars
  too_long         characters > max_chars
  too_few_words    words < min_words
  too_many_words   words > max_words

Example:
  [[step]]
  type = "length"
  min_words = 50
  max_chars = 1000000"##;

/// Options of `length`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LengthConfig {
    /// Minimum characters (Unicode code points).
    pub min_chars: Option<usize>,
    /// Maximum characters.
    pub max_chars: Option<usize>,
    /// Minimum words.
    pub min_words: Option<usize>,
    /// Maximum words.
    pub max_words: Option<usize>,
    /// How words are split.
    pub word_splitter: WordSplitter,
}

/// The built `length` step.
#[derive(Debug, Clone)]
pub struct Length {
    config: LengthConfig,
}

impl Length {
    /// Builds the step.
    pub fn new(config: LengthConfig) -> Length {
        {
            crate::words::warm_up();
            Length { config }
        }
    }
    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "document length bounds in characters and words",
            doc: DOC,
            options: tamis_core::options_of::<LengthConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(Length::new(parse_config(v)?)))),
        }
    }
}

impl Step for Length {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let c = &self.config;
        if c.min_chars.is_some() || c.max_chars.is_some() {
            let n = py_len(&doc.text);
            if let Some(min) = c.min_chars.filter(|&m| n < m) {
                return Outcome::Drop(
                    Removal::new("too_short")
                        .signal("chars", n)
                        .signal("min_chars", min),
                );
            }
            if let Some(max) = c.max_chars.filter(|&m| n > m) {
                return Outcome::Drop(
                    Removal::new("too_long")
                        .signal("chars", n)
                        .signal("max_chars", max),
                );
            }
        }
        if c.min_words.is_some() || c.max_words.is_some() {
            let cjk = doc_lang(doc).is_some_and(|l| l.cjk_chars);
            let mut words = Vec::new();
            cached_words(&doc.text, c.word_splitter, cjk, &mut words);
            let n = words
                .iter()
                .filter(|w| w.chars().any(|ch| !crate::text::is_datatrove_punct(ch)))
                .count();
            if let Some(min) = c.min_words.filter(|&m| n < m) {
                return Outcome::Drop(
                    Removal::new("too_few_words")
                        .signal("words", n)
                        .signal("min_words", min),
                );
            }
            if let Some(max) = c.max_words.filter(|&m| n > m) {
                return Outcome::Drop(
                    Removal::new("too_many_words")
                        .signal("words", n)
                        .signal("max_words", max),
                );
            }
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(c: LengthConfig, text: &str) -> String {
        match Length::new(c).process(&mut Document::new("t", text), &mut StepContext::default()) {
            Outcome::Drop(d) => d.reason.into_owned(),
            o => format!("{o:?}"),
        }
    }

    #[test]
    fn every_reason() {
        assert_eq!(
            reason(
                LengthConfig {
                    min_chars: Some(5),
                    ..Default::default()
                },
                "été"
            ),
            "too_short"
        );
        assert_eq!(
            reason(
                LengthConfig {
                    max_chars: Some(2),
                    ..Default::default()
                },
                "été"
            ),
            "too_long"
        );
        assert_eq!(
            reason(
                LengthConfig {
                    min_words: Some(3),
                    ..Default::default()
                },
                "two words , ."
            ),
            "too_few_words"
        );
        assert_eq!(
            reason(
                LengthConfig {
                    max_words: Some(1),
                    ..Default::default()
                },
                "two words"
            ),
            "too_many_words"
        );
        assert_eq!(reason(LengthConfig::default(), ""), "Keep");
    }
}
