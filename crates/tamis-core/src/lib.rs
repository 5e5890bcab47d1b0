/*!
The contract every tamis crate plugs into.

A crawl becomes a stream of [`Document`]s. Each pipeline step is a small type
implementing [`Step`] (one document in, [`Outcome`] out: keep, possibly
changed, or drop with a [`Removal`] reason and the signal values that decided
it, or an error with an [`ErrorCode`] when the document could not be
processed) or, for corpus-wide work such as deduplication, [`CorpusStep`]
(map → reduce → apply). Steps are built by name from a [`Registry`] out of a
JSON/TOML configuration; the runner counts what every step did in [`Stats`].

```
use tamis_core::{Document, Removal, Outcome, Step, StepContext};

/// Drops documents shorter than `min_chars`.
struct MinChars { min_chars: usize }

impl Step for MinChars {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let n = doc.text.chars().count();
        if n < self.min_chars {
            return Outcome::Drop(Removal::new("too_short").signal("chars", n));
        }
        Outcome::Keep
    }
}

let mut doc = Document::new("a", "hello");
let mut cx = StepContext::default();
assert!(matches!(MinChars { min_chars: 10 }.process(&mut doc, &mut cx), Outcome::Drop(_)));
```
*/
#![deny(missing_docs)]

mod corpus;
mod document;
mod error;
mod files;
mod python;
mod registry;
mod stats;
mod step;

pub use crate::corpus::{reduce_all, Applier, Collector, CorpusContext, CorpusStep};
pub use crate::document::{Document, Position, RawContent, RemovedBy, StepEvent};
pub use crate::error::{display_chain, Error, ErrorKind, Result};
pub use crate::files::{sync_dir, write_atomic};
pub use crate::python::{py_isspace, py_splitlines, py_strip};
pub use crate::registry::{
    options_of, parse_config, BuiltStep, OptionDoc, Registry, StepFactory, StepInfo,
};
pub use crate::stats::{Counter, Stats, StepStats};
pub use crate::step::{ErrorCode, Outcome, Removal, Step, StepContext, StepError};
/// Re-exported so step crates derive `JsonSchema` on their configurations
/// with the same version.
pub use schemars;
