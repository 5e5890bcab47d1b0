/*!
fastText-compatible language identification in pure Rust, with lid.176 built in.

[`Model`] reads fastText supervised classifiers — full `.bin` files and
quantized `.ftz` files (product quantization, quantized norms) — and predicts
exactly what fastText's `predict` does: same tokens, character and word
n-grams (fastText's FNV hash with its signed-char quirk), softmax,
hierarchical softmax or one-vs-all output, and the same f32 probabilities.
[`Model::builtin`] is fastText's lid.176.ftz (176 languages), embedded in the
binary; other models (lid.176.bin, GlotLID, OpenLID) load by path.

The [`Language`] step (type `language`, configured by [`LanguageConfig`])
writes `language` and `language_score` into each document and keeps or drops
it by language and score, as datatrove's `LanguageFilter` does.

```
use tamis_lang::Model;

let model = Model::builtin();
let top = model.predict("Das ist ein kurzer deutscher Satz.", 2, 0.0);
assert_eq!(top[0].label, "de");
assert!(top[0].prob > top[1].prob);
```
*/
#![deny(missing_docs)]

mod dictionary;
mod language;
mod matrix;
mod model;
mod reader;

pub use crate::language::{Language, LanguageConfig, BUILTIN};
pub use crate::model::{Model, Prediction};

/// Registers this crate's steps (`language`).
pub fn register(reg: &mut tamis_core::Registry) {
    reg.register(language::info());
}
