//! `c4_paragraph`: mC4's paragraph rule, as datatrove's `C4ParagraphFilter`.

use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::text::py_len;

/// Step type name.
pub const NAME: &str = "c4_paragraph";

const DOC: &str = r##"Drops pages without at least min_paragraphs (3) lines of at least min_paragraph_len (200) characters (mC4), as datatrove's C4ParagraphFilter.

Lines are text.split("\n"). Reason:
  too_few_paragraphs   fewer than 3 lines, or the 3rd longest line is shorter than 200 characters
                       (datatrove's reason string is "< 3 paragraphs")

Example:
  [[step]]
  type = "c4_paragraph"
  min_paragraphs = 3
  min_paragraph_len = 200"##;

/// Options of `c4_paragraph` (datatrove's values, fixed there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct C4ParagraphConfig {
    /// Minimum number of long lines.
    pub min_paragraphs: usize,
    /// A long line has at least this many characters.
    pub min_paragraph_len: usize,
}

impl Default for C4ParagraphConfig {
    fn default() -> Self {
        C4ParagraphConfig {
            min_paragraphs: 3,
            min_paragraph_len: 200,
        }
    }
}

/// The built `c4_paragraph` step.
#[derive(Debug, Clone)]
pub struct C4Paragraph {
    config: C4ParagraphConfig,
}

impl C4Paragraph {
    /// Builds the step.
    pub fn new(config: C4ParagraphConfig) -> C4Paragraph {
        C4Paragraph { config }
    }
    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "mC4 paragraph rule: at least 3 lines of 200+ characters (datatrove C4ParagraphFilter)",
            doc: DOC,
            options: tamis_core::options_of::<C4ParagraphConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(C4Paragraph::new(parse_config(v)?)))),
        }
    }
}

impl Step for C4Paragraph {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let c = &self.config;
        let mut lens: Vec<usize> = doc.text.split('\n').map(py_len).collect();
        let n_lines = lens.len();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        let k = c.min_paragraphs.max(1);
        let kth = lens.iter().take(k).min().copied().unwrap_or(0);
        if n_lines < c.min_paragraphs || kth < c.min_paragraph_len {
            return Outcome::Drop(
                Removal::new("too_few_paragraphs")
                    .signal("lines", n_lines)
                    .signal("kth_longest_line", kth)
                    .signal("min_paragraphs", c.min_paragraphs)
                    .signal("min_paragraph_len", c.min_paragraph_len),
            );
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(text: &str) -> bool {
        let mut d = Document::new("t", text);
        C4Paragraph::new(C4ParagraphConfig::default()).process(&mut d, &mut StepContext::default())
            == Outcome::Keep
    }

    #[test]
    fn three_long_lines() {
        let l = "x".repeat(200);
        assert!(keep(&format!("{l}\nshort\n{l}\n{l}")));
        assert!(!keep(&format!("{l}\n{l}")));
        assert!(!keep(&format!("{l}\n{l}\n{}", "y".repeat(199))));
        let mut d = Document::new("t", "a\nb");
        let Outcome::Drop(x) = C4Paragraph::new(C4ParagraphConfig::default())
            .process(&mut d, &mut StepContext::default())
        else {
            panic!()
        };
        assert_eq!(x.reason, "too_few_paragraphs");
    }
}
