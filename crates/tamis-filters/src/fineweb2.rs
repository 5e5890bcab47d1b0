//! FineWeb-2's per-language filter settings, for `language_table =
//! "fineweb2"`: the thresholds and stop words FineWeb-2 published for each
//! of its 1,929 language-script labels (`configs/<label>.yml` of
//! huggingface/fineweb-2, Apache-2.0), generated into
//! `data/fineweb2/configs.json.zst` by `scripts/gen-fineweb2-table.py`.
//!
//! Each label becomes a [`LangParams`] whose overrides are the values
//! FineWeb-2's pipeline passes to each filter: Gopher repetition
//! (`dup_line_frac`, `top_n_grams`, `dup_n_grams`), FineWeb quality
//! (`line_punct_thr`, `new_line_ratio`), Gopher quality (average word
//! length bounds, `max_non_alpha_words_ratio`, the stop words) and the
//! language-score threshold. Labels are GlotLID's (`fra_Latn`); lid.176's
//! two-letter codes and bare ISO 639-3 codes map to the label of their
//! default script by datatrove's language table (`fr` → `fra_Latn`,
//! `zh` → `cmn_Hani`).

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::{json, Map};

use crate::lang::LangParams;

const TABLE_ZST: &[u8] = include_bytes!("../data/fineweb2/configs.json.zst");

/// One label's published settings.
#[derive(Debug, Deserialize)]
struct Config {
    language_score: f64,
    dup_line_frac: f64,
    top_n_grams: Vec<(usize, f64)>,
    dup_n_grams: Vec<(usize, f64)>,
    line_punct_thr: f64,
    new_line_ratio: f64,
    min_avg_word_length: f64,
    max_avg_word_length: f64,
    max_non_alpha_words_ratio: f64,
    stopwords: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Table {
    configs: HashMap<String, Config>,
    aliases: HashMap<String, String>,
}

/// Scripts written without spaces between words, counted one character per
/// word (FineWeb-2 used jieba and SudachiPy there; see docs/filters.md).
const CJK_SCRIPTS: &[&str] = &["Hani", "Hans", "Hant", "Jpan", "Hira", "Kana"];

struct Fineweb2 {
    by_label: HashMap<&'static str, LangParams>,
    aliases: HashMap<String, &'static str>,
}

static TABLE: LazyLock<Fineweb2> = LazyLock::new(|| {
    // Built-in data, checked by the tests below: an unreadable table would
    // be a build defect, and leaves every label unknown.
    let mut text = String::new();
    let table: Option<Table> = zstd::stream::read::Decoder::with_buffer(TABLE_ZST)
        .and_then(|mut d| d.read_to_string(&mut text))
        .ok()
        .and_then(|_| serde_json::from_str(&text).ok());
    let Some(table) = table else {
        return Fineweb2 {
            by_label: HashMap::new(),
            aliases: HashMap::new(),
        };
    };
    let mut by_label = HashMap::new();
    for (label, c) in table.configs {
        let code: &'static str = Box::leak(label.into_boxed_str());
        let script = code.split_once('_').map_or("", |(_, s)| s);
        let mut overrides = Map::new();
        overrides.insert(
            "gopher_repetition".into(),
            json!({"dup_line_frac": c.dup_line_frac, "top_n_grams": c.top_n_grams, "dup_n_grams": c.dup_n_grams}),
        );
        overrides.insert(
            "fineweb_quality".into(),
            json!({"line_punct_thr": c.line_punct_thr, "new_line_ratio": c.new_line_ratio}),
        );
        overrides.insert(
            "gopher_quality".into(),
            json!({
                "min_avg_word_length": c.min_avg_word_length,
                "max_avg_word_length": c.max_avg_word_length,
                "max_non_alpha_words_ratio": c.max_non_alpha_words_ratio,
            }),
        );
        overrides.insert(
            "language_score".into(),
            json!({"language_threshold": c.language_score}),
        );
        by_label.insert(
            code,
            LangParams {
                code,
                stop_words: c.stopwords,
                cjk_chars: CJK_SCRIPTS.contains(&script),
                overrides,
            },
        );
    }
    let aliases = table
        .aliases
        .into_iter()
        .filter_map(|(a, l)| by_label.get_key_value(l.as_str()).map(|(k, _)| (a, *k)))
        .collect();
    Fineweb2 { by_label, aliases }
});

/// FineWeb-2's settings for a label: `fra_Latn` itself, or `fr`, `fra`,
/// `fr-FR`, `zh_Hans` through the language's default script.
pub(crate) fn params(label: &str) -> Option<&'static LangParams> {
    let t = &*TABLE;
    if let Some(p) = t.by_label.get(label) {
        return Some(p);
    }
    t.aliases
        .get(&crate::lang::language_part(label))
        .and_then(|l| t.by_label.get(l))
}

/// Every label's settings.
pub(crate) fn all() -> impl Iterator<Item = &'static LangParams> {
    TABLE.by_label.values()
}

/// Number of labels with settings.
#[cfg(test)]
fn len() -> usize {
    TABLE.by_label.len()
}

/// A value of the table, for tests and docs: `fineweb2::value("fra_Latn",
/// "gopher_quality", "max_avg_word_length")`.
#[cfg(test)]
fn value(label: &str, filter: &str, field: &str) -> Option<serde_json::Value> {
    params(label)?.get(filter, field).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_every_published_language() {
        assert_eq!(len(), 1929);
        let fr = params("fra_Latn").unwrap();
        assert_eq!(fr.code, "fra_Latn");
        assert!(fr.stop_words.iter().any(|w| w == "les"));
        assert!(!fr.cjk_chars);
        assert_eq!(
            value("fra_Latn", "language_score", "language_threshold"),
            Some(json!(0.824))
        );
        assert_eq!(
            value("fra_Latn", "gopher_repetition", "top_n_grams"),
            Some(json!([[2, 0.161], [3, 0.149], [4, 0.134]]))
        );
        assert!(params("cmn_Hani").unwrap().cjk_chars);
        assert!(params("tha_Thai").is_some());
    }

    #[test]
    fn other_labels_map_to_default_scripts() {
        for (l, want) in [
            ("fr", "fra_Latn"),
            ("fra", "fra_Latn"),
            ("fr-FR", "fra_Latn"),
            ("zh", "cmn_Hani"),
            ("zh_Hans", "cmn_Hani"),
            ("ar", "arb_Arab"),
            ("ja", "jpn_Jpan"),
        ] {
            assert_eq!(params(l).map(|p| p.code), Some(want), "{l}");
        }
        // FineWeb-2 has no English configuration.
        assert!(params("en").is_none() && params("eng_Latn").is_none());
        assert!(params("xx_Zzzz").is_none());
    }
}
