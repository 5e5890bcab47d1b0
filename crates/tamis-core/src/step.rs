//! The per-document step contract.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
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
    /// Decides what happens to one document. Never panics on input data.
    /// A document that is simply not usable content (empty, over a cap the
    /// configuration sets) is an [`Outcome::Drop`] with a reason; a document
    /// the step could not process for a reason the user must fix or report
    /// is an [`Outcome::Error`] with an [`ErrorCode`].
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome;
}

/// What a step decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Keep the document (the step may have changed it).
    Keep,
    /// Remove the document, with the reason.
    Drop(Removal),
    /// The document could not be processed; it goes to `OUT/errors/` with
    /// the error's code.
    Error(StepError),
}

impl Outcome {
    /// An [`Outcome::Error`] with a code and a message.
    pub fn error(code: ErrorCode, message: impl Into<String>) -> Outcome {
        Outcome::Error(StepError::new(code, message))
    }
}

/// Why a step could not process one document: a code to count and act on,
/// and a message naming the document's particular problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// What kind of failure it is (what the user should do).
    pub code: ErrorCode,
    /// What went wrong with this document, for people.
    pub message: String,
}

impl StepError {
    /// A step error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> StepError {
        StepError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for StepError {}

/// Declares [`ErrorCode`] from one list: each variant's `///` doc is both its
/// rustdoc and the text [`ErrorCode::description`] returns (and so what
/// `tamis explain errors` prints), so the meaning of a code is written once.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, )+) => {
        /// The code of a step error, written as `code` in `OUT/errors/`
        /// records and counted per step in `stats.json` (`errors`). Each
        /// code says what happened and what to do about it; a document that
        /// is merely unusable content is a drop with a reason, not an error.
        ///
        /// Errors found while *reading* input (a damaged file or record) are
        /// not step errors: their records have `step = "read"` and the
        /// reader's own codes (`gzip_corrupt`, `bad_json`, ...; see
        /// `docs/io.md`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The snake_case name written in error records and stats.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                }
            }

            /// What happened and what the user should do: the variant's doc,
            /// one paragraph per blank-line-separated block.
            pub fn description(self) -> String {
                let doc: &[&str] = match self {
                    $(ErrorCode::$variant => &[$($doc),+],)+
                };
                join_doc(doc)
            }
        }
    };
}

error_codes! {
    /// The document's content is not in a form the step can parse (for
    /// example a payload the HTML extractor cannot read). Look at the
    /// record's `reason` and the input it came from: fix the input or the
    /// reader settings (`format`, `text_key`, content type), or drop such
    /// documents with an earlier step.
    MalformedInput = "malformed_input",
    /// A resource the step needs for this document is missing or unusable,
    /// for example no bad-words list for the document's language in
    /// `c4_badwords` with `fail_on_missing_language = true`. Provide the
    /// resource, or change the step's configuration so such documents are
    /// kept or dropped instead.
    Resource = "resource",
    /// Reading or writing the run's own working files failed (for example
    /// the decisions of a deduplication pass). The disk may be full, or the
    /// output folder was changed or deleted during the run. Free space or
    /// restore the folder, then run again.
    Io = "io",
    /// The step panicked or broke one of its own invariants: a bug in tamis,
    /// not a problem with your data. Please report it with the record from
    /// `OUT/errors/` (its `reason` names the step and what failed) and, if
    /// you can, the input record it names (`file`, `id`).
    Internal = "internal",
}

/// Joins a variant's doc lines (as `///` gives them, each with a leading
/// space) into text: lines of a block joined with a space, blocks with a
/// blank line.
fn join_doc(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines.iter().flat_map(|l| l.split('\n')) {
        let line = line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { " " });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

impl ErrorCode {
    /// The code named `name` (its snake_case form), if there is one.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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
    fn error_codes_are_snake_case_named_and_described() {
        assert!(!ErrorCode::ALL.is_empty());
        for &c in ErrorCode::ALL {
            let name = c.as_str();
            assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert_eq!(ErrorCode::from_name(name), Some(c));
            assert_eq!(c.to_string(), name);
            // serde writes the same name as the records do.
            assert_eq!(serde_json::to_value(c).unwrap(), Value::from(name));
            let d = c.description();
            assert!(d.len() > 60 && d.ends_with('.'), "{name}: {d}");
            assert!(!d.contains("  ") && !d.starts_with(' '), "{name}: {d:?}");
        }
        assert_eq!(ErrorCode::from_name("step_error"), None);
        assert!(ErrorCode::Internal.description().contains("report it"));
    }

    #[test]
    fn step_error_displays_code_then_message() {
        let o = Outcome::error(ErrorCode::Io, "exact: cannot read decisions: disk full");
        let Outcome::Error(e) = o else {
            panic!("not an error: {o:?}")
        };
        assert_eq!(e.code, ErrorCode::Io);
        assert_eq!(e.to_string(), "io: exact: cannot read decisions: disk full");
        assert_eq!(join_doc(&[" a", " b", "", " c"]), "a b\n\nc");
    }

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
