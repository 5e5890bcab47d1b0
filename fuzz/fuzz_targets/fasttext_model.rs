//! The fastText model loader returns an error, never panics or allocates
//! without bound, on any bytes; a model that loads can predict.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = tamis_lang::Model::from_bytes(data) {
        let _ = model.predict("Bonjour tout le monde, ceci est un test.", 2, 0.0);
    }
});
