//! Property tests (proptest) for the code every document goes through:
//! text normalisation, shingles and band keys, the document JSON form, word
//! splitting and the fastText loader. (The JSONL and WARC readers are
//! covered by the fuzz targets in `fuzz/` and by `tamis-io`'s own tests.)

use proptest::prelude::*;
use tamis_core::Document;
use tamis_dedup::bench_support::{simplify_text, Signer};
use tamis_dedup::MinHashConfig;
use tamis_filters::{words, WordSplitter};

/// Text that mixes scripts, marks, digits, punctuation and odd white space.
fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            "[0-9]{1,4}",
            "[ \t\n\r\u{a0}\u{2003}\u{3000}]{1,3}",
            "[.,;:!?'\"()\\-–—…«»“”]{1,2}",
            "[éèêÉÈàçñöÅİıßﬁ]{1,3}",
            "[\u{300}-\u{36f}]{1,2}",
            "[\u{4e00}-\u{4e80}]{1,4}",
            "[\u{600}-\u{6ff}]{1,4}",
            "[\u{1f600}-\u{1f64f}]",
            any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn simplify_text_is_idempotent_and_canonical(s in messy_text()) {
        let once = simplify_text(&s);
        prop_assert_eq!(&simplify_text(&once), &once);
        prop_assert_eq!(once.trim(), once.as_str());
        prop_assert!(!once.contains("  "));
        prop_assert!(!once.chars().any(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn shingles_are_sorted_distinct_and_ignore_white_space_runs(s in messy_text()) {
        let cfg = MinHashConfig::default();
        let mut signer = Signer::new(&cfg);
        let a = signer.shingles(&s);
        prop_assert!(a.windows(2).all(|w| w[0] < w[1]), "not sorted/distinct");
        let spaced: String = s.split_whitespace().collect::<Vec<_>>().join("  \n ");
        let b = signer.shingles(&spaced);
        prop_assert_eq!(&a, &b);
        let keys = signer.band_keys(&s);
        prop_assert_eq!(&keys, &Signer::new(&cfg).band_keys(&s), "band keys depend on the signer's history");
        prop_assert!(keys.is_empty() == a.is_empty());
    }

    #[test]
    fn document_json_round_trips(
        id in any::<String>(),
        text in any::<String>(),
        url in proptest::option::of(any::<String>()),
        title in proptest::option::of(any::<String>()),
        key in "[a-z_]{1,10}",
        value in any::<String>(),
        shard in any::<u32>(),
        ordinal in 0u64..(1u64 << 53),
    ) {
        let mut d = Document::new(id.clone(), text.clone());
        d.url = url.clone();
        d.title = title.clone();
        let key = format!("x_{key}");
        d.metadata.insert(key.clone(), serde_json::Value::String(value.clone()));
        d.position.shard = shard;
        d.position.ordinal = ordinal;
        let line = serde_json::to_string(&d.to_json(true)).unwrap();
        prop_assert!(!line.contains('\n'), "a JSONL line must not contain a newline");
        let back = Document::from_json(serde_json::from_str(&line).unwrap(), "text", "id", || unreachable!()).unwrap();
        prop_assert_eq!(back.id, id);
        prop_assert_eq!(back.text, text);
        prop_assert_eq!(back.url, url);
        prop_assert_eq!(back.title, title);
        prop_assert_eq!(back.metadata.get(&key), Some(&serde_json::Value::String(value)));
        prop_assert_eq!(back.position, d.position);
    }

    #[test]
    fn word_splitting_never_panics_and_gives_non_empty_words(s in messy_text(), cjk in any::<bool>()) {
        for splitter in [WordSplitter::Datatrove, WordSplitter::Uax29] {
            for w in words(&s, splitter, cjk) {
                prop_assert!(!w.is_empty());
                prop_assert!(!w.chars().all(char::is_whitespace), "white space word {:?}", w);
            }
        }
    }

    #[test]
    fn word_splitting_never_panics_on_any_string(s in any::<String>()) {
        let _ = words(&s, WordSplitter::Datatrove, true);
        let _ = words(&s, WordSplitter::Uax29, false);
    }

    /// Flipped bytes may still make a valid model (a weight changed), so
    /// this one asserts only that loading and predicting never panic; the
    /// test below asserts that every truncation is rejected.
    #[test]
    fn fasttext_loader_survives_flipped_bytes_without_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = seed_model();
        for (at, v) in flips {
            let i = at.index(bytes.len());
            bytes[i] = v;
        }
        if let Ok(m) = tamis_lang::Model::from_bytes(&bytes) {
            let _ = m.predict("bonjour hello", 0, 0.0);
        }
    }
}

/// Every strict prefix of every valid seed model (all of them: the seeds are
/// a few hundred bytes) and the model with bytes appended are rejected with
/// an error that says where the file falls short, never loaded as a smaller
/// model and never a panic.
#[test]
fn fasttext_loader_rejects_every_truncated_or_extended_model() {
    for name in ["seed-softmax.bin", "seed-hs.bin", "seed-v11.bin"] {
        let bytes = seed(name);
        assert!(tamis_lang::Model::from_bytes(&bytes).is_ok(), "{name}");
        for cut in 0..bytes.len() {
            match tamis_lang::Model::from_bytes(&bytes[..cut]) {
                Ok(_) => panic!("{name} cut to {cut} of {} bytes loaded", bytes.len()),
                Err(e) => {
                    let msg = e.to_string();
                    // "truncated or malformed file reading X at byte N",
                    // "dictionary size = 4 does not fit in the 0 bytes left"...
                    assert!(
                        msg.starts_with("fastText model") && msg.contains("byte"),
                        "{name} cut to {cut}: {msg}"
                    );
                }
            }
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(b"\0\0\0\0");
        let e = tamis_lang::Model::from_bytes(&longer)
            .unwrap_err()
            .to_string();
        assert!(e.contains("bytes"), "{name} with 4 bytes appended: {e}");
    }
}

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fuzz/corpus/fasttext_model/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The committed fuzz seed: a 2-word, 2-label softmax model (dim 2).
fn seed_model() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/corpus/fasttext_model/seed-softmax.bin"
    ))
    .unwrap()
}

#[test]
fn fuzz_seed_models_load_and_predict() {
    for name in ["seed-softmax.bin", "seed-hs.bin", "seed-v11.bin"] {
        let path = format!(
            "{}/../../fuzz/corpus/fasttext_model/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let m = tamis_lang::Model::from_bytes(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.labels(), ["fr", "en"], "{name}");
        assert_eq!(m.predict("bonjour", 1, 0.0).len(), 1, "{name}");
    }
}
