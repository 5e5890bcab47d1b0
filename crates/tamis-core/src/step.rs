//! The per-document step contract.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::document::Document;

/// A per-document pipeline step: a filter (keep or drop with a reason) or a
/// transform (changes text or metadata and keeps). Steps are shared by all
/// worker threads, so `process` takes `&self`; per-call scratch lives on the
/// stack or in a thread-local.
///
/// The runner, not the step, counts documents and bytes in and out, drops per
/// reason and time; a step only reports extra counts through [`StepContext`].
pub trait Step: Send + Sync {
    /// Decides what happens to one document. Never panics on input data: a
    /// document that cannot be processed is [`Outcome::Error`].
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome;
}

/// What a step decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Keep the document (the step may have changed it).
    Keep,
    /// Remove the document, with the reason.
    Drop(Removal),
    /// The document could not be processed; it goes to `OUT/errors/`.
    Error(String),
}

/// The reason a document was dropped: a short snake_case code (datatrove's
/// names where a reference exists, e.g. `gopher_short_doc`) and the named
/// values that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// Reason code.
    pub reason: Cow<'static, str>,
    /// Signal values (`n_words`, `threshold`, ...).
    pub signals: Map<String, Value>,
}

impl Removal {
    /// A drop with a reason code and no signals yet.
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Removal {
        Removal {
            reason: reason.into(),
            signals: Map::new(),
        }
    }
    /// Adds a signal value (builder style).
    pub fn signal(mut self, name: &str, value: impl Into<Value>) -> Removal {
        self.signals.insert(name.to_owned(), value.into());
        self
    }
}

/// Per-worker context a step reports extra counts through (e.g. the number
/// of e-mail addresses redacted). Counts are summed into the step's stats.
#[derive(Debug, Default)]
pub struct StepContext {
    counters: BTreeMap<Cow<'static, str>, u64>,
}

impl StepContext {
    /// Adds `n` to the named counter of the current step.
    pub fn count(&mut self, name: impl Into<Cow<'static, str>>, n: u64) {
        *self.counters.entry(name.into()).or_insert(0) += n;
    }
    /// Takes the counts gathered so far, leaving the context empty.
    pub fn take_counters(&mut self) -> BTreeMap<Cow<'static, str>, u64> {
        std::mem::take(&mut self.counters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_builder_and_counters() {
        let d = Removal::new("gopher_short_doc")
            .signal("n_words", 12)
            .signal("min_doc_words", 50);
        assert_eq!(d.reason, "gopher_short_doc");
        assert_eq!(d.signals["n_words"], 12);
        let mut cx = StepContext::default();
        cx.count("emails", 2);
        cx.count("emails", 1);
        assert_eq!(cx.take_counters().get("emails"), Some(&3));
        assert!(cx.take_counters().is_empty());
    }
}
