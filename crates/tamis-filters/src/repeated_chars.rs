//! `repeated_chars`: drops documents with long runs of one character
//! (`!!!!!!!!`, `________`, keyboard mashing) or mostly such runs.

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::common::ratio;
use crate::text::py_isspace;

/// Step type name.
pub const NAME: &str = "repeated_chars";

const DOC: &str = r##"Drops documents with runs of one repeated non-whitespace character.

A run is a maximal sequence of the same character (whitespace ignored).
Reasons:
  long_char_run          the longest run is longer than max_run (100)
  repeated_char_ratio    characters in runs of at least min_run (10) / non-whitespace characters > max_ratio (0.2)

Example:
  [[step]]
  type = "repeated_chars"
  max_run = 100"##;

/// Options of `repeated_chars`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RepeatedCharsConfig {
    /// Longest allowed run of one character.
    pub max_run: usize,
    /// Runs at least this long count toward the ratio.
    pub min_run: usize,
    /// Maximum fraction of non-whitespace characters in such runs.
    pub max_ratio: f64,
}

impl Default for RepeatedCharsConfig {
    fn default() -> Self {
        RepeatedCharsConfig {
            max_run: 100,
            min_run: 10,
            max_ratio: 0.2,
        }
    }
}

/// The built `repeated_chars` step.
#[derive(Debug, Clone)]
pub struct RepeatedChars {
    config: RepeatedCharsConfig,
}

impl RepeatedChars {
    /// Builds the step.
    pub fn new(config: RepeatedCharsConfig) -> RepeatedChars {
        RepeatedChars { config }
    }
    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "long runs of one repeated character",
            doc: DOC,
            options: tamis_core::options_of::<RepeatedCharsConfig>,
            factory: |v| {
                Ok(BuiltStep::Doc(Box::new(RepeatedChars::new(parse_config(
                    v,
                )?))))
            },
        }
    }
}

impl Step for RepeatedChars {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let c = &self.config;
        let (mut longest, mut longest_char) = (0usize, ' ');
        let (mut in_runs, mut total) = (0usize, 0usize);
        let (mut cur, mut len) = ('\0', 0usize);
        let close = |ch: char,
                     len: usize,
                     longest: &mut usize,
                     longest_char: &mut char,
                     in_runs: &mut usize| {
            if len > *longest {
                *longest = len;
                *longest_char = ch;
            }
            if len >= c.min_run {
                *in_runs += len;
            }
        };
        for ch in doc.text.chars() {
            if py_isspace(ch) {
                continue;
            }
            total += 1;
            if ch == cur {
                len += 1;
            } else {
                close(cur, len, &mut longest, &mut longest_char, &mut in_runs);
                cur = ch;
                len = 1;
            }
        }
        close(cur, len, &mut longest, &mut longest_char, &mut in_runs);
        if longest > c.max_run {
            return Outcome::Drop(
                Removal::new("long_char_run")
                    .signal("run", longest)
                    .signal("char", longest_char.to_string())
                    .signal("max_run", c.max_run),
            );
        }
        let r = ratio(in_runs, total);
        if r > c.max_ratio {
            return Outcome::Drop(
                Removal::new("repeated_char_ratio")
                    .signal("ratio", r)
                    .signal("max_ratio", c.max_ratio),
            );
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        match RepeatedChars::new(RepeatedCharsConfig::default())
            .process(&mut Document::new("t", text), &mut StepContext::default())
        {
            Outcome::Drop(x) => x.reason.into_owned(),
            o => format!("{o:?}"),
        }
    }

    #[test]
    fn every_reason() {
        assert_eq!(
            reason(&format!("hello {}", "!".repeat(101))),
            "long_char_run"
        );
        assert_eq!(
            reason(&format!("short text {}", "=".repeat(20))),
            "repeated_char_ratio"
        );
        assert_eq!(
            reason("A normal sentence with a few letters... and aaah!"),
            "Keep"
        );
        assert_eq!(reason(""), "Keep");
    }
}
