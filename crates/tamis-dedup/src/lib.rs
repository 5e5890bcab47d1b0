/*!
Deduplication for tamis: exact copies, lines repeated across a site, and
near-duplicate documents — out of core, deterministic and incremental.

Three corpus steps ([`tamis_core::CorpusStep`], map → reduce → apply):

- [`Exact`] (`exact`): same normalised text (xxh3-128) → keep the first by
  position; reason `exact_duplicate`.
- [`Lines`] (`lines`): CCNet-style removal of lines found in at least
  `min_docs` documents of the corpus or of the site, with the separator
  lines around them; reason `lines_too_short` for documents left too short.
- [`MinHash`] (`minhash`): MinHash-LSH with FineWeb's parameters (word
  5-grams over datatrove's text simplification, 14 bands × 8 hashes),
  union-find clusters, lowest position key kept; reason `minhash_duplicate`.

All three spill sorted run files under the step's work folder and merge
them, so RAM does not grow with the corpus (except `minhash`'s union-find:
8 bytes per document). `exact` and `minhash` can keep a persistent index
(`index_path`) to deduplicate a new crawl against earlier ones.
[`register`] adds the steps to a registry; [`run_in_memory`] runs one step
over documents in RAM, [`run_streaming`] over shards read twice from disk.

```
use tamis_core::{Document, Outcome};
use tamis_dedup::{run_in_memory, Exact};

let dir = std::env::temp_dir().join(format!("tamis-dedup-doctest-{}", std::process::id()));
let shards = vec![
    vec![Document::new("a", "Bonjour le monde."), Document::new("b", "Autre chose.")],
    vec![Document::new("c", "bonjour  le monde.")],
];
let out = run_in_memory(&Exact::default(), shards, &dir, 2).unwrap();
assert_eq!(out[0].1, Outcome::Keep);
let Outcome::Drop(drop) = &out[2].1 else { panic!() };
assert_eq!(drop.reason, "exact_duplicate");
assert_eq!(drop.signals["duplicate_of"], "a");
std::fs::remove_dir_all(&dir).unwrap();
```
*/
#![deny(missing_docs)]

mod common;
mod driver;
mod exact;
mod index;
mod lines;
mod minhash;
mod runs;
mod text;

pub use crate::driver::{run_in_memory, run_streaming};
pub use crate::exact::{Exact, ExactConfig, EXACT_DUPLICATE};
pub use crate::lines::{LineScope, Lines, LinesConfig, LINES_TOO_SHORT};
pub use crate::minhash::{MinHash, MinHashConfig, CLUSTER_ID, CLUSTER_SIZE, MINHASH_DUPLICATE};

use tamis_core::{Registry, StepInfo};

/// Registers `exact`, `lines` and `minhash`.
pub fn register(reg: &mut Registry) {
    reg.register(StepInfo {
        name: "exact",
        summary: "remove documents whose normalised text equals an earlier document's (xxh3-128)",
        doc: include_str!("../docs/exact.md"),
        options: tamis_core::options_of::<ExactConfig>,
        factory: Exact::build,
    });
    reg.register(StepInfo {
        name: "lines",
        summary: "remove lines repeated in many documents of a site or the corpus (CCNet style)",
        doc: include_str!("../docs/lines.md"),
        options: tamis_core::options_of::<LinesConfig>,
        factory: Lines::build,
    });
    reg.register(StepInfo {
        name: "minhash",
        summary: "remove near-duplicate documents (MinHash-LSH, FineWeb parameters), keep one per cluster",
        doc: include_str!("../docs/minhash.md"),
        options: tamis_core::options_of::<MinHashConfig>,
        factory: MinHash::build,
    });
}

/// Re-exports for the benchmark example (not part of the stable API).
#[doc(hidden)]
pub mod bench_support {
    /// A step's reduce on `pool` as the drivers run it: the parts in
    /// parallel, then the merge.
    pub fn reduce_parallel(
        step: &dyn tamis_core::CorpusStep,
        cx: &tamis_core::CorpusContext,
        pool: &rayon::ThreadPool,
    ) -> tamis_core::Result<()> {
        crate::driver::reduce_parallel(step, cx, pool)
    }

    /// datatrove's `simplify_text`, as used for MinHash shingles.
    pub fn simplify_text(text: &str) -> String {
        let mut s = String::new();
        crate::text::simplify_text(text, &mut s);
        s
    }

    /// Shingle hashes and band keys with a given configuration.
    pub struct Signer(crate::minhash::signature::Signer);

    impl Signer {
        /// A signer for `config`.
        pub fn new(config: &crate::MinHashConfig) -> Signer {
            Signer(crate::minhash::signature::Signer::new(config))
        }
        /// The distinct shingle hashes of `text`, sorted.
        pub fn shingles(&mut self, text: &str) -> Vec<u64> {
            self.0.shingles(text).to_vec()
        }
        /// The band keys of `text` (empty without shingles).
        pub fn band_keys(&mut self, text: &str) -> Vec<u64> {
            let mut v = Vec::new();
            self.0.band_keys(text, &mut v);
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_three_steps_with_docs_and_defaults() {
        let mut r = Registry::new();
        register(&mut r);
        for name in ["exact", "lines", "minhash"] {
            let info = r.get(name).unwrap();
            assert!(info.doc.contains("Reason"), "{name} doc");
            assert!(matches!(
                r.build(name, serde_json::Value::Null).unwrap(),
                tamis_core::BuiltStep::Corpus(_)
            ));
        }
        assert!(r
            .build("lines", serde_json::json!({"scope": "site", "min_docs": 5}))
            .is_ok());
        assert!(r
            .build("lines", serde_json::json!({"scope": "planet"}))
            .is_err());
        assert!(r
            .build("lines", serde_json::json!({"min_docs": 1}))
            .is_err());
        assert!(r
            .build(
                "minhash",
                serde_json::json!({"num_bands": 20, "hashes_per_band": 5})
            )
            .is_ok());
        assert!(r
            .build("minhash", serde_json::json!({"hash_bits": 16}))
            .is_err());
        assert!(r
            .build("exact", serde_json::json!({"index_pth": "x"}))
            .is_err());
    }

    #[test]
    fn toml_examples_in_docs_parse() {
        // each step doc's example table (without `type`) builds
        let mut r = Registry::new();
        register(&mut r);
        for info in r.iter() {
            // The example: the indented lines after `Example:`.
            let toml: String = info
                .doc
                .split("Example:")
                .nth(1)
                .unwrap_or_else(|| panic!("{}: no Example", info.name))
                .lines()
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .map(|l| format!("{l}\n"))
                .collect();
            assert!(toml.contains("[[step]]"), "{}: {toml}", info.name);
            let mut obj = serde_json::Map::new();
            for line in toml
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
            {
                let (k, v) = line.split_once('=').unwrap();
                let v = v.split('#').next().unwrap().trim();
                if k.trim() == "type" {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(v).unwrap();
                obj.insert(k.trim().to_owned(), v);
            }
            assert!(
                r.build(info.name, serde_json::Value::Object(obj)).is_ok(),
                "{}",
                info.name
            );
        }
    }
}
