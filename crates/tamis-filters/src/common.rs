//! Small helpers shared by the filters.

use std::collections::HashMap;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use tamis_core::Document;

use crate::lang::{LangParams, LanguageTable};

/// The settings of the document's language in tamis's table, if known.
pub(crate) fn doc_lang(doc: &Document) -> Option<&'static LangParams> {
    doc.language.as_deref().and_then(crate::lang::lang_params)
}

/// A filter's configuration for each language: the configured one, and for
/// every language whose table entry overrides some of its options, a copy
/// with those applied (built once, when the step is built).
#[derive(Debug, Clone)]
pub(crate) struct PerLanguage<C> {
    base: C,
    /// `None` when the filter ignores the document's language.
    table: Option<LanguageTable>,
    by_code: HashMap<&'static str, C>,
}

impl<C: Serialize + DeserializeOwned + Clone> PerLanguage<C> {
    /// `filter` names the overrides to apply (`gopher_quality`).
    pub(crate) fn new(
        filter: &str,
        base: C,
        table: Option<LanguageTable>,
    ) -> tamis_core::Result<PerLanguage<C>> {
        let mut by_code = HashMap::new();
        if let Some(t) = table {
            let Value::Object(fields) = serde_json::to_value(&base)
                .map_err(|e| tamis_core::Error::config(format!("{filter}: {e}")))?
            else {
                return Err(tamis_core::Error::config(format!(
                    "{filter}: options are not a table"
                )));
            };
            for p in t.all() {
                let Some(Value::Object(over)) = p.overrides.get(filter) else {
                    continue;
                };
                let mut merged = fields.clone();
                merged.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
                let c = serde_json::from_value(Value::Object(merged)).map_err(|e| {
                    tamis_core::Error::config(format!(
                        "{filter}: the {} settings for language `{}` do not apply: {e}",
                        t.name(),
                        p.code
                    ))
                })?;
                by_code.insert(p.code, c);
            }
        }
        Ok(PerLanguage {
            base,
            table,
            by_code,
        })
    }

    /// The configuration for `doc`, and its language's settings if known.
    pub(crate) fn get(&self, doc: &Document) -> (&C, Option<&'static LangParams>) {
        let lang = match self.table {
            Some(t) => doc.language.as_deref().and_then(|l| t.params(l)),
            None => None,
        };
        let c = lang
            .and_then(|l| self.by_code.get(l.code))
            .unwrap_or(&self.base);
        (c, lang)
    }

    /// The configured options, before any language's overrides.
    pub(crate) fn base(&self) -> &C {
        &self.base
    }
}

/// `a / b` as Python computes it, with `b == 0` giving 0 instead of raising.
#[inline]
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GopherQualityConfig, GopherRepetitionConfig};

    fn doc(lang: &str) -> Document {
        let mut d = Document::new("x", "t");
        d.language = Some(lang.to_owned());
        d
    }

    #[test]
    fn fineweb2_settings_apply_per_language() {
        let base = GopherRepetitionConfig::default();
        let p = PerLanguage::new(
            "gopher_repetition",
            base.clone(),
            Some(LanguageTable::Fineweb2),
        )
        .unwrap();
        for l in ["fra_Latn", "fr", "fra"] {
            let (c, lang) = p.get(&doc(l));
            assert_eq!(lang.unwrap().code, "fra_Latn");
            assert_eq!(c.top_n_grams, [(2, 0.161), (3, 0.149), (4, 0.134)]);
            assert_eq!(c.dup_line_frac, Some(0.264));
            // Options FineWeb-2 does not set keep the configured value.
            assert_eq!(c.dup_para_frac, base.dup_para_frac);
        }
        // English: tamis's table, which sets nothing for this filter.
        let (c, lang) = p.get(&doc("en"));
        assert_eq!(lang.unwrap().code, "eng");
        assert_eq!(c.top_n_grams, base.top_n_grams);
        // The tamis table ignores FineWeb-2's values.
        let t = PerLanguage::new(
            "gopher_repetition",
            base.clone(),
            Some(LanguageTable::Tamis),
        )
        .unwrap();
        assert_eq!(t.get(&doc("fra_Latn")).0.top_n_grams, base.top_n_grams);
        // Without a table the document's language is not looked at.
        let n = PerLanguage::new("gopher_repetition", base.clone(), None).unwrap();
        assert!(n.get(&doc("fra_Latn")).1.is_none());
    }

    #[test]
    fn every_fineweb2_entry_applies_to_every_filter() {
        let mut reg = tamis_core::Registry::new();
        crate::register(&mut reg);
        for f in [
            "language_score",
            "gopher_repetition",
            "fineweb_quality",
            "gopher_quality",
        ] {
            assert!(
                reg.build(f, serde_json::json!({"language_table": "fineweb2"}))
                    .is_ok(),
                "{f}"
            );
        }
        let p = PerLanguage::new(
            "gopher_quality",
            GopherQualityConfig::default(),
            Some(LanguageTable::Fineweb2),
        )
        .unwrap();
        let (c, _) = p.get(&doc("cmn_Hani"));
        assert_eq!(
            (c.min_avg_word_length, c.max_avg_word_length),
            (Some(1.0), Some(5.0))
        );
    }
}
