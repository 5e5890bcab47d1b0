//! `c4_quality`: C4's line filtering and page rules, as datatrove's
//! `C4QualityFilter` implements them. Changes `doc.text`.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Map;
use tamis_core::{
    parse_config, BuiltStep, Document, Error, Outcome, Removal, Step, StepContext, StepEvent,
    StepInfo,
};

use crate::text::{py_len, py_split_whitespace, py_splitlines, py_strip};
use crate::words::count_sentences;

/// Step type name.
pub const NAME: &str = "c4_quality";

const DOC: &str = r##"Removes lines and drops pages following C4 (Raffel et al. 2020), exactly as datatrove's C4QualityFilter.

Each line (str.splitlines, then stripped) is removed when, in order:
  a word (whitespace-separated) is longer than max_word_length (1000)      counter lines_too_long_word
  (after removing citations like [1], [edit], [citation needed])
  it does not end in . ? ! " ' or it ends in ...                           counter lines_no_terminal_punct
  it has fewer than min_words_per_line (3) words                           counter lines_too_few_words
  it contains "javascript" (any case)                                      counter lines_javascript
  it contains a policy phrase ("terms of use", "privacy policy", "cookie policy",
  "uses cookies", "use of cookies", "use cookies")                         counter lines_policy
The whole page is dropped when a kept-so-far line contains:
  lorem_ipsum        "lorem ipsum" (any case)
  curly_bracket      "{"
and at the end:
  too_few_sentences  sentences in kept lines < min_num_sentences (5) (spaCy-sentencizer rules)
Kept pages get text = kept lines joined by "\n"; removed lines are recorded in
metadata.tamis_history for `tamis inspect`.

Example:
  [[step]]
  type = "c4_quality"
  min_num_sentences = 5
  filter_policy = true"##;

/// Options of `c4_quality` (datatrove's names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct C4QualityConfig {
    /// Work on lines (C4). `false` (sentences) is not supported yet.
    pub split_paragraph: bool,
    /// Remove Wikipedia-style citations (`[1]`, `[edit]`, `[citation needed]`).
    pub remove_citations: bool,
    /// Remove lines without terminal punctuation.
    pub filter_no_terminal_punct: bool,
    /// Drop pages with fewer sentences (after line removal); -1 disables.
    pub min_num_sentences: i64,
    /// Remove lines with fewer words; -1 disables.
    pub min_words_per_line: i64,
    /// Remove lines with a longer word; -1 disables.
    pub max_word_length: i64,
    /// Drop pages containing "lorem ipsum".
    pub filter_lorem_ipsum: bool,
    /// Remove lines mentioning "javascript".
    pub filter_javascript: bool,
    /// Drop pages containing `{`.
    pub filter_curly_bracket: bool,
    /// Remove lines with cookie/terms-of-use phrases.
    pub filter_policy: bool,
}

impl Default for C4QualityConfig {
    fn default() -> Self {
        C4QualityConfig {
            split_paragraph: true,
            remove_citations: true,
            filter_no_terminal_punct: true,
            min_num_sentences: 5,
            min_words_per_line: 3,
            max_word_length: 1000,
            filter_lorem_ipsum: true,
            filter_javascript: true,
            filter_curly_bracket: true,
            filter_policy: true,
        }
    }
}

/// The built `c4_quality` step.
#[derive(Debug, Clone)]
pub struct C4Quality {
    config: C4QualityConfig,
}

impl C4Quality {
    /// Builds the step.
    pub fn new(config: C4QualityConfig) -> tamis_core::Result<C4Quality> {
        if !config.split_paragraph {
            return Err(Error::config(
                "c4_quality: split_paragraph = false (sentence mode) is not supported",
            ));
        }
        crate::words::warm_up();
        LazyLock::force(&CITATION);
        Ok(C4Quality { config })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "C4 line removal and page rules (datatrove C4QualityFilter)",
            doc: DOC,
            options: tamis_core::options_of::<C4QualityConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(C4Quality::new(parse_config(v)?)?))),
        }
    }
}

static CITATION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\[\d*\]|\[edit\]|\[citation needed\]").ok());

const POLICY: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

impl Step for C4Quality {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let c = &self.config;
        let mut kept: Vec<String> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        let mut sentences = 0i64;
        let (mut too_long, mut no_punct, mut few_words, mut js, mut policy) =
            (0u64, 0u64, 0u64, 0u64, 0u64);
        for raw in py_splitlines(&doc.text) {
            let line = py_strip(raw);
            let n_words = py_split_whitespace(line).count() as i64;
            if c.max_word_length != -1
                && py_split_whitespace(line).any(|w| py_len(w) as i64 > c.max_word_length)
            {
                too_long += 1;
                removed.push(raw.to_owned());
                continue;
            }
            let line: std::borrow::Cow<str> =
                match (&*CITATION, c.remove_citations && line.contains('[')) {
                    (Some(re), true) => re.replace_all(line, ""),
                    _ => line.into(),
                };
            if c.filter_no_terminal_punct
                && (!line.ends_with(['.', '?', '!', '"', '\'']) || line.ends_with("..."))
            {
                no_punct += 1;
                removed.push(raw.to_owned());
                continue;
            }
            if n_words < c.min_words_per_line {
                few_words += 1;
                removed.push(raw.to_owned());
                continue;
            }
            let lower = line.to_lowercase();
            if c.filter_lorem_ipsum && lower.contains("lorem ipsum") {
                return Outcome::Drop(Removal::new("lorem_ipsum").signal("line", line.as_ref()));
            }
            if c.filter_javascript && lower.contains("javascript") {
                js += 1;
                removed.push(raw.to_owned());
                continue;
            }
            if c.filter_curly_bracket && line.contains('{') {
                return Outcome::Drop(Removal::new("curly_bracket").signal("line", line.as_ref()));
            }
            if c.filter_policy && POLICY.iter().any(|p| lower.contains(p)) {
                policy += 1;
                removed.push(raw.to_owned());
                continue;
            }
            if c.min_num_sentences != -1 {
                sentences += count_sentences(&line) as i64;
            }
            kept.push(line.into_owned());
        }
        for (name, n) in [
            ("lines_too_long_word", too_long),
            ("lines_no_terminal_punct", no_punct),
            ("lines_too_few_words", few_words),
            ("lines_javascript", js),
            ("lines_policy", policy),
        ] {
            if n > 0 {
                cx.count(name, n);
            }
        }
        cx.count("lines_kept", kept.len() as u64);
        if sentences < c.min_num_sentences {
            return Outcome::Drop(
                Removal::new("too_few_sentences")
                    .signal("sentences", sentences)
                    .signal("min_num_sentences", c.min_num_sentences)
                    .signal("lines_kept", kept.len())
                    .signal("lines_removed", removed.len()),
            );
        }
        let new_text = py_strip(&kept.join("\n")).to_owned();
        if !removed.is_empty() || new_text != doc.text {
            let mut signals = Map::new();
            for (k, v) in [
                ("lines_too_long_word", too_long),
                ("lines_no_terminal_punct", no_punct),
                ("lines_too_few_words", few_words),
                ("lines_javascript", js),
                ("lines_policy", policy),
            ] {
                if v > 0 {
                    signals.insert(k.into(), v.into());
                }
            }
            doc.record(StepEvent {
                step: NAME.into(),
                removed_lines: removed,
                signals,
            });
            doc.text = new_text;
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Outcome, Document) {
        let mut d = Document::new("t", text);
        let o = C4Quality::new(C4QualityConfig::default())
            .unwrap()
            .process(&mut d, &mut StepContext::default());
        (o, d)
    }
    fn reason(text: &str) -> String {
        match run(text).0 {
            Outcome::Drop(d) => d.reason.into_owned(),
            o => format!("{o:?}"),
        }
    }
    const GOOD: &str = "The first sentence is here. The second one follows.\nA third sentence sits on its own line.\n\
        The fourth closes a paragraph. And a fifth ends it!";

    #[test]
    fn removes_lines_and_records_them() {
        let text = format!("Menu\n{GOOD}\nPlease enable JavaScript to view this site.\nRead our privacy policy here.\nSee [1] notes here.[2]\nShare this…\nWait for it...");
        let (o, d) = run(&text);
        assert_eq!(o, Outcome::Keep);
        assert_eq!(d.text, format!("{GOOD}\nSee  notes here."));
        let ev = &d.history[0];
        assert_eq!(ev.step, "c4_quality");
        assert_eq!(
            ev.removed_lines,
            vec![
                "Menu",
                "Please enable JavaScript to view this site.",
                "Read our privacy policy here.",
                "Share this…",
                "Wait for it..."
            ]
        );
        assert_eq!(ev.signals["lines_javascript"], 1);
    }

    #[test]
    fn every_reason() {
        assert_eq!(
            reason(&format!("{GOOD}\nLorem ipsum dolor sit amet.")),
            "lorem_ipsum"
        );
        assert_eq!(
            reason(&format!("{GOOD}\nvar x = {{a: 1}} is code.")),
            "curly_bracket"
        );
        assert_eq!(
            reason("Only one sentence here.\nAnd another one."),
            "too_few_sentences"
        );
        assert_eq!(reason(GOOD), "Keep");
        // a curly bracket on a line without terminal punctuation is removed with the line, not fatal
        assert_eq!(reason(&format!("{GOOD}\nfunction() {{ return }}")), "Keep");
    }

    #[test]
    fn sentence_mode_is_rejected() {
        assert!(C4Quality::new(C4QualityConfig {
            split_paragraph: false,
            ..Default::default()
        })
        .is_err());
    }
}
