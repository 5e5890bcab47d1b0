/*!
Quality filters for web text, faithful to datatrove's definitions, with
every drop explained, plus PII redaction.

Each filter is a [`tamis_core::Step`] built from a serde config whose
defaults are datatrove's: [`GopherQuality`], [`GopherRepetition`],
[`C4Quality`] (removes lines, recording them for `inspect`),
[`C4Paragraph`], [`C4BadWords`], [`FineWebQuality`], plus [`Length`],
[`UrlBlocklist`], [`UrlFilter`], [`LanguageScore`], [`RepeatedChars`] and the [`Pii`]
transform. A drop carries datatrove's reason code (`gopher_short_doc`,
`dup_line_frac`, `line_punct_ratio`, ...) and the signal values that
decided it. [`register`] adds them all to a [`tamis_core::Registry`];
[`preset`] lists the steps of the `fineweb`, `c4` and `gopher` recipes.

Words are split by [`split_words`] (spaCy-compatible rules by default,
UAX #29 on request); per-language stop words and thresholds come from
data files compiled in ([`lang_params`]).

```
use tamis_core::{BuiltStep, Document, Outcome, Registry, StepContext};

let mut reg = Registry::new();
tamis_filters::register(&mut reg);
let BuiltStep::Doc(step) = reg.build("gopher_quality", serde_json::json!({})).unwrap() else { unreachable!() };
let mut doc = Document::new("1", "Too short.");
match step.process(&mut doc, &mut StepContext::default()) {
    Outcome::Drop(d) => {
        assert_eq!(d.reason, "gopher_short_doc");
        assert_eq!(d.signals["n_non_symbol_words"], 2);
    }
    other => panic!("{other:?}"),
}
```
*/
#![deny(missing_docs)]

mod c4_badwords;
mod c4_paragraph;
mod c4_quality;
mod common;
mod fineweb2;
mod fineweb_quality;
mod gopher_quality;
mod gopher_repetition;
mod lang;
mod language_score;
mod length;
mod pii;
mod public_suffix;
mod repeated_chars;
mod text;
mod url_blocklist;
mod url_filter;
mod words;

pub use crate::c4_badwords::{C4BadWords, C4BadWordsConfig};
pub use crate::c4_paragraph::{C4Paragraph, C4ParagraphConfig};
pub use crate::c4_quality::{C4Quality, C4QualityConfig};
pub use crate::fineweb_quality::{FineWebQuality, FineWebQualityConfig};
pub use crate::gopher_quality::{GopherQuality, GopherQualityConfig};
pub use crate::gopher_repetition::{GopherRepetition, GopherRepetitionConfig};
pub use crate::lang::{lang_params, languages, LangParams, LanguageTable};
pub use crate::language_score::{LanguageScore, LanguageScoreConfig};
pub use crate::length::{Length, LengthConfig};
pub use crate::pii::{Pii, PiiConfig};
pub use crate::repeated_chars::{RepeatedChars, RepeatedCharsConfig};
pub use crate::text::{py_len, py_splitlines, py_strip};
pub use crate::url_blocklist::{UrlBlocklist, UrlBlocklistConfig};
pub use crate::url_filter::{UrlFilter, UrlFilterConfig};
pub use crate::words::{count_sentences, split_words, words, WordSplitter};

use serde_json::{json, Value};

/// Registers every step type of this crate: `gopher_quality`,
/// `gopher_repetition`, `c4_quality`, `c4_paragraph`, `c4_badwords`,
/// `fineweb_quality`, `length`, `url_blocklist`, `url_filter`, `language_score`,
/// `repeated_chars`, `pii`.
pub fn register(reg: &mut tamis_core::Registry) {
    reg.register(GopherQuality::info());
    reg.register(GopherRepetition::info());
    reg.register(C4Quality::info());
    reg.register(C4Paragraph::info());
    reg.register(C4BadWords::info());
    reg.register(FineWebQuality::info());
    reg.register(Length::info());
    reg.register(UrlBlocklist::info());
    reg.register(UrlFilter::info());
    reg.register(LanguageScore::info());
    reg.register(RepeatedChars::info());
    reg.register(Pii::info());
}

/// The filter steps of a named recipe, in order, as `(type, config)`:
/// `gopher` (repetition then quality, MassiveText's order), `c4`
/// (C4QualityFilter with its defaults) and `fineweb` (FineWeb's filtering
/// after language ID: Gopher repetition, Gopher quality, C4 quality
/// without the terminal-punctuation line rule, FineWeb quality).
pub fn preset(name: &str) -> Option<Vec<(&'static str, Value)>> {
    Some(match name {
        "gopher" => vec![
            ("gopher_repetition", json!({})),
            ("gopher_quality", json!({})),
        ],
        "c4" => vec![("c4_quality", json!({}))],
        "fineweb" => vec![
            ("gopher_repetition", json!({})),
            ("gopher_quality", json!({})),
            ("c4_quality", json!({"filter_no_terminal_punct": false})),
            ("fineweb_quality", json!({})),
        ],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_builds_with_defaults_and_documents_itself() {
        let mut reg = tamis_core::Registry::new();
        register(&mut reg);
        let names: Vec<&str> = reg.iter().map(|i| i.name).collect();
        assert_eq!(names.len(), 12);
        for info in reg.iter() {
            assert!(
                !info.doc.is_empty() && info.doc.contains("Example"),
                "{}",
                info.name
            );
            if info.name == "c4_badwords" {
                // needs word lists unless told to pass unknown languages
                assert!(reg
                    .build(info.name, json!({"fail_on_missing_language": false}))
                    .is_ok());
                continue;
            }
            assert!(reg.build(info.name, json!({})).is_ok(), "{}", info.name);
        }
        assert!(reg
            .build("gopher_quality", json!({"min_doc_wrds": 3}))
            .is_err());
        for p in ["gopher", "c4", "fineweb"] {
            for (name, cfg) in preset(p).unwrap() {
                assert!(reg.build(name, cfg).is_ok());
            }
        }
        assert!(preset("nope").is_none());
    }
}
