//! Per-language parameters (FineWeb-2 style), read from the data files
//! compiled into the crate: `data/stopwords/<code>.txt` (one word per line)
//! and `data/lang_params.json` (threshold overrides per filter).
//!
//! A document's `language` label is normalised to an ISO 639-3 code: `fr`,
//! `fra`, `fra_Latn` and `fr-FR` all mean `fra`; `zh`/`zho` mean `cmn`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

/// Parameters for one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LangParams {
    /// ISO 639-3 code (`fra`).
    pub code: &'static str,
    /// Stop words (Gopher's "at least N of these" rule), case-sensitive.
    pub stop_words: Vec<String>,
    /// Every Han/Kana character is a word (unsegmented scripts).
    pub cjk_chars: bool,
    /// Overrides per filter type name (`gopher_quality` → `{field: value}`).
    pub overrides: Map<String, Value>,
}

impl LangParams {
    /// The override for `filter.field`, if this language sets one.
    pub fn get(&self, filter: &str, field: &str) -> Option<&Value> {
        self.overrides.get(filter)?.get(field)
    }
    /// A numeric override, or `default`.
    pub fn f64_or(&self, filter: &str, field: &str, default: Option<f64>) -> Option<f64> {
        match self.get(filter, field) {
            Some(Value::Null) => None,
            Some(v) => v.as_f64().or(default),
            None => default,
        }
    }
}

macro_rules! stopwords {
    ($($code:literal),*) => {
        &[$(($code, include_str!(concat!("../data/stopwords/", $code, ".txt")))),*]
    };
}

/// Languages with data files.
const STOPWORDS: &[(&str, &str)] =
    stopwords!("eng", "fra", "deu", "spa", "ita", "por", "nld", "ara", "rus", "cmn", "jpn", "tur");
const PARAMS_JSON: &str = include_str!("../data/lang_params.json");

static TABLE: LazyLock<HashMap<&'static str, LangParams>> = LazyLock::new(|| {
    let params: Map<String, Value> = serde_json::from_str(PARAMS_JSON).unwrap_or_default();
    STOPWORDS
        .iter()
        .map(|&(code, words)| {
            let mut overrides = params
                .get(code)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let cjk_chars = overrides
                .remove("cjk_chars")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            let stop_words = words
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.starts_with('#'))
                .map(str::to_owned)
                .collect();
            (
                code,
                LangParams {
                    code,
                    stop_words,
                    cjk_chars,
                    overrides,
                },
            )
        })
        .collect()
});

/// Two-letter and alternative codes of the languages with data files.
const ALIASES: &[(&str, &str)] = &[
    ("en", "eng"),
    ("fr", "fra"),
    ("fre", "fra"),
    ("de", "deu"),
    ("ger", "deu"),
    ("es", "spa"),
    ("it", "ita"),
    ("pt", "por"),
    ("nl", "nld"),
    ("dut", "nld"),
    ("ar", "ara"),
    ("arb", "ara"),
    ("ru", "rus"),
    ("zh", "cmn"),
    ("zho", "cmn"),
    ("chi", "cmn"),
    ("ja", "jpn"),
    ("tr", "tur"),
];

/// The language part of a label, lowercased: `fra_Latn` and `FRA` give
/// `fra`, `fr-FR` gives `fr`.
pub(crate) fn language_part(label: &str) -> String {
    label
        .split(['_', '-'])
        .next()
        .unwrap_or(label)
        .trim()
        .to_ascii_lowercase()
}

/// The parameters for a language label (`fr`, `fra_Latn`, `fr-FR`, `FRA`),
/// or `None` when there are no data files for it.
pub fn lang_params(label: &str) -> Option<&'static LangParams> {
    let base = language_part(label);
    let code = ALIASES
        .iter()
        .find(|(a, _)| *a == base)
        .map_or(base.as_str(), |(_, c)| c);
    TABLE.get(code)
}

/// Which table of per-language settings a filter reads (`language_table`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LanguageTable {
    /// tamis's settings for 12 languages (`data/lang_params.json`,
    /// `data/stopwords/`).
    #[default]
    Tamis,
    /// FineWeb-2's published settings for 1,929 language-script labels
    /// (GlotLID's `fra_Latn`; `fr` and `fra` map to it); a language FineWeb-2
    /// has no settings for (English among them) falls back to tamis's table.
    Fineweb2,
}

impl LanguageTable {
    /// Every language of the table.
    pub(crate) fn all(self) -> Vec<&'static LangParams> {
        let mut v: Vec<&'static LangParams> = TABLE.values().collect();
        if self == LanguageTable::Fineweb2 {
            v.extend(crate::fineweb2::all());
        }
        v
    }
    /// The table's name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            LanguageTable::Tamis => "tamis",
            LanguageTable::Fineweb2 => "FineWeb-2",
        }
    }
    /// The settings for a language label in this table.
    pub fn params(self, label: &str) -> Option<&'static LangParams> {
        match self {
            LanguageTable::Tamis => lang_params(label),
            LanguageTable::Fineweb2 => {
                crate::fineweb2::params(label).or_else(|| lang_params(label))
            }
        }
    }
}

/// The ISO 639-3 codes that have parameter files.
pub fn languages() -> impl Iterator<Item = &'static str> {
    STOPWORDS.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_codes() {
        for l in ["fr", "fra", "fra_Latn", "fr-FR", "FR"] {
            assert_eq!(lang_params(l).map(|p| p.code), Some("fra"), "{l}");
        }
        assert_eq!(lang_params("zh_Hans").map(|p| p.code), Some("cmn"));
        assert!(lang_params("xx").is_none());
        let en = lang_params("en").unwrap();
        assert_eq!(
            en.stop_words,
            ["the", "be", "to", "of", "and", "that", "have", "with"]
        );
        assert!(lang_params("ja").unwrap().cjk_chars);
        assert!(lang_params("fra")
            .unwrap()
            .stop_words
            .contains(&"les".to_string()));
        assert_eq!(languages().count(), 12);
        assert_eq!(
            lang_params("cmn")
                .unwrap()
                .f64_or("gopher_quality", "min_avg_word_length", Some(3.0)),
            Some(1.0)
        );
    }
}
