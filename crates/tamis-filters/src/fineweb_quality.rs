//! `fineweb_quality`: FineWeb's line-level quality rules, as datatrove's
//! `FineWebQualityFilter` implements them.

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::common::{ratio, PerLanguage};
use crate::gopher_repetition::find_duplicates;
use crate::lang::LanguageTable;
use crate::text::{is_terminal_punct, py_len, py_strip};
use crate::words::{cached_words, WordSplitter};

/// Step type name.
pub const NAME: &str = "fineweb_quality";

const DOC: &str = r##"Drops documents whose lines look like lists, menus or boilerplate (FineWeb, Penedo et al. 2024), exactly as datatrove's FineWebQualityFilter.

Lines are text.split("\n") without blank lines; they are not stripped (a line ending in ". " does not end in punctuation).
Checks, in order:
  empty             no non-blank line
  line_punct_ratio  lines ending with a terminal punctuation mark / lines < line_punct_thr (0.12)
                    (ratio 0 passes when line_punct_exclude_zero)
  short_line_ratio  lines of <= short_line_length (30) characters / lines > short_line_thr (0.67)
  char_dup_ratio    characters in duplicate lines / characters outside newlines > char_duplicates_ratio (0.01)
  list_ratio        newlines / words > new_line_ratio (0.3)

Example:
  [[step]]
  type = "fineweb_quality"
  line_punct_thr = 0.12
  short_line_thr = 0.67"##;

/// Options of `fineweb_quality` (datatrove's names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FineWebQualityConfig {
    /// Minimum fraction of lines ending with a stop character.
    pub line_punct_thr: f64,
    /// Let documents with no punctuated line at all pass the previous check.
    pub line_punct_exclude_zero: bool,
    /// Line endings that count as punctuation; default: datatrove's
    /// TERMINAL_PUNCTUATION (`.` `!` `?` `。` and ~150 others).
    pub stop_chars: Option<Vec<String>>,
    /// Maximum fraction of short lines.
    pub short_line_thr: f64,
    /// A line is short at this many characters or fewer.
    pub short_line_length: usize,
    /// Maximum fraction of characters in duplicate lines.
    pub char_duplicates_ratio: f64,
    /// Maximum newlines per word.
    pub new_line_ratio: f64,
    /// Use the document's language: per-character words for Chinese and
    /// Japanese, and the thresholds of `language_table`.
    pub per_language: bool,
    /// Which per-language thresholds: `tamis` (none for this filter) or
    /// `fineweb2` (FineWeb-2's `line_punct_thr` and `new_line_ratio` per
    /// language-script label).
    pub language_table: LanguageTable,
    /// How words are split.
    pub word_splitter: WordSplitter,
}

impl Default for FineWebQualityConfig {
    fn default() -> Self {
        FineWebQualityConfig {
            line_punct_thr: 0.12,
            line_punct_exclude_zero: false,
            stop_chars: None,
            short_line_thr: 0.67,
            short_line_length: 30,
            char_duplicates_ratio: 0.01,
            new_line_ratio: 0.3,
            per_language: true,
            language_table: LanguageTable::Tamis,
            word_splitter: WordSplitter::Datatrove,
        }
    }
}

/// The built `fineweb_quality` step.
#[derive(Debug, Clone)]
pub struct FineWebQuality {
    langs: PerLanguage<FineWebQualityConfig>,
}

impl FineWebQuality {
    /// Builds the step.
    pub fn new(config: FineWebQualityConfig) -> tamis_core::Result<FineWebQuality> {
        crate::words::warm_up();
        let table = config.per_language.then_some(config.language_table);
        Ok(FineWebQuality {
            langs: PerLanguage::new(NAME, config, table)?,
        })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "FineWeb line-punctuation, short-line, duplicate-line and list rules (datatrove FineWebQualityFilter)",
            doc: DOC,
            options: tamis_core::options_of::<FineWebQualityConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(FineWebQuality::new(parse_config(v)?)?))),
        }
    }

    fn ends_with_stop(&self, line: &str) -> bool {
        match &self.langs.base().stop_chars {
            None => line.chars().next_back().is_some_and(is_terminal_punct),
            Some(s) => s.iter().any(|p| line.ends_with(p.as_str())),
        }
    }
}

impl Step for FineWebQuality {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let (c, lang) = self.langs.get(doc);
        let text = doc.text.as_str();
        let lines: Vec<&str> = text
            .split('\n')
            .filter(|l| !py_strip(l).is_empty())
            .collect();
        if lines.is_empty() {
            return Outcome::Drop(Removal::new("empty"));
        }
        let r = ratio(
            lines.iter().filter(|l| self.ends_with_stop(l)).count(),
            lines.len(),
        );
        if r < c.line_punct_thr && !(r == 0.0 && c.line_punct_exclude_zero) {
            return Outcome::Drop(
                Removal::new("line_punct_ratio")
                    .signal("line_punct_ratio", r)
                    .signal("line_punct_thr", c.line_punct_thr),
            );
        }
        let r = ratio(
            lines
                .iter()
                .filter(|l| py_len(l) <= c.short_line_length)
                .count(),
            lines.len(),
        );
        if r > c.short_line_thr {
            return Outcome::Drop(
                Removal::new("short_line_ratio")
                    .signal("short_line_ratio", r)
                    .signal("short_line_thr", c.short_line_thr),
            );
        }
        let dup_chars = find_duplicates(lines.iter().copied()).1;
        let r = ratio(
            dup_chars,
            py_len(text) - text.bytes().filter(|&b| b == b'\n').count(),
        );
        if r > c.char_duplicates_ratio {
            return Outcome::Drop(
                Removal::new("char_dup_ratio")
                    .signal("char_dup_ratio", r)
                    .signal("char_duplicates_ratio", c.char_duplicates_ratio),
            );
        }
        let cjk = lang.is_some_and(|l| l.cjk_chars);
        let mut words = Vec::new();
        cached_words(text, c.word_splitter, cjk, &mut words);
        let newlines = text.bytes().filter(|&b| b == b'\n').count();
        let r = if words.is_empty() {
            f64::INFINITY
        } else {
            newlines as f64 / words.len() as f64
        };
        if r > c.new_line_ratio {
            return Outcome::Drop(
                Removal::new("list_ratio")
                    .signal("new_line_ratio", r)
                    .signal("max_new_line_ratio", c.new_line_ratio),
            );
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        let mut d = Document::new("t", text);
        match FineWebQuality::new(FineWebQualityConfig::default())
            .unwrap()
            .process(&mut d, &mut StepContext::default())
        {
            Outcome::Drop(d) => d.reason.into_owned(),
            o => format!("{o:?}"),
        }
    }

    const P: &str = "This is a complete sentence that is long enough to count.";

    #[test]
    fn every_reason() {
        assert_eq!(reason(" \n\n "), "empty");
        assert_eq!(reason(&format!("{P}\nno punct here at all in this line\nnor here in this one either\nor here\nor here too\nnope\nnope2\nnope3\nnope4")), "line_punct_ratio");
        assert_eq!(
            reason(&format!("{P}\nShort.\nTiny.\nSmall.")),
            "short_line_ratio"
        );
        assert_eq!(
            reason(&format!(
                "{P}\n{P}\nAnother sentence that is different from the first one."
            )),
            "char_dup_ratio"
        );
        assert_eq!(
            reason(&format!(
                "{P} Words.\nA longer line that ends with a period.{}And more text that ends here.",
                "\n".repeat(15)
            )),
            "list_ratio"
        );
        assert_eq!(
            reason(&format!(
                "{P}\nAnother sentence that is different from the first one."
            )),
            "Keep"
        );
    }

    #[test]
    fn trailing_space_is_not_punctuation() {
        let mut d = Document::new(
            "t",
            "Ends with a period and a space. \nSecond line, long enough to not be short",
        );
        let o = FineWebQuality::new(FineWebQualityConfig::default())
            .unwrap()
            .process(&mut d, &mut StepContext::default());
        assert!(
            matches!(o, Outcome::Drop(ref x) if x.reason == "line_punct_ratio"),
            "{o:?}"
        );
    }
}
