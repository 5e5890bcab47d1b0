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

mod classifier;
mod dictionary;
mod language;
mod matrix;
mod model;
mod reader;
mod train;

pub use crate::classifier::{dclm_line, ClassifierConfig, Preparation};
pub use crate::language::{Language, LanguageConfig, BUILTIN};
pub use crate::model::{Model, Prediction};
pub use crate::train::{train, Example, TrainLoss, TrainOptions, TrainReport};

/// Registers this crate's steps (`language`, `fasttext_classifier`).
pub fn register(reg: &mut tamis_core::Registry) {
    reg.register(language::info());
    reg.register(classifier::info());
}

/// The model at `path`, loaded once per process: every step (and thread)
/// naming the same file shares it while any holds it.
pub fn shared_model(path: &std::path::Path) -> tamis_core::Result<std::sync::Arc<Model>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock, Weak};
    static LOADED: OnceLock<Mutex<HashMap<std::path::PathBuf, Weak<Model>>>> = OnceLock::new();
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let cache = LOADED.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(m) = map.get(&key).and_then(Weak::upgrade) {
        return Ok(m);
    }
    // Loading under the lock: two steps naming one file load it once.
    let m = Arc::new(Model::load(path)?);
    map.retain(|_, w| w.strong_count() > 0);
    map.insert(key, Arc::downgrade(&m));
    Ok(m)
}
