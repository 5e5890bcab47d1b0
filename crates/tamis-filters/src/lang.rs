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

/// The parameters for a language label (`fr`, `fra_Latn`, `fr-FR`, `FRA`),
/// or `None` when there are no data files for it.
pub fn lang_params(label: &str) -> Option<&'static LangParams> {
    let base = label
        .split(['_', '-'])
        .next()
        .unwrap_or(label)
        .trim()
        .to_ascii_lowercase();
    let code = ALIASES
        .iter()
        .find(|(a, _)| *a == base)
        .map_or(base.as_str(), |(_, c)| c);
    TABLE.get(code)
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
