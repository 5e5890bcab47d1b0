//! Small helpers shared by the filters.

use tamis_core::Document;

use crate::lang::{lang_params, LangParams};

/// The parameters of the document's language, if it has a known one.
pub(crate) fn doc_lang(doc: &Document) -> Option<&'static LangParams> {
    doc.language.as_deref().and_then(lang_params)
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
