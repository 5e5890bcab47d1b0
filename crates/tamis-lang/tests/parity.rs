//! Parity with fastText: tiny models trained by fastText's own code
//! (`tests/data/make_models.py`) and its predictions on ~330 texts per model
//! (`tests/data/golden.jsonl`): same labels, probabilities within 1e-5.
//! Models: softmax, hierarchical softmax, one-vs-all (`.bin`); quantized
//! softmax (pruned, qnorm, dsub 3), quantized hs, and a 300-label model with
//! a quantized output matrix (`qout`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tamis_lang::Model;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Checks every prediction of a golden file; returns the number checked
/// per model.
fn check_golden(file: &str) -> HashMap<String, usize> {
    let golden = std::fs::read_to_string(data(file)).unwrap();
    let mut models: HashMap<String, Model> = HashMap::new();
    let (mut checked, mut max_diff) = (0usize, 0f32);
    let mut per_model: HashMap<String, usize> = HashMap::new();
    for (n, line) in golden.lines().enumerate() {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = rec["model"].as_str().unwrap().to_owned();
        let model = models
            .entry(name.clone())
            .or_insert_with(|| Model::load(&data(&name)).unwrap());
        let text = rec["text"].as_str().unwrap();
        let k = rec["k"].as_i64().unwrap();
        let threshold = rec["threshold"].as_f64().unwrap() as f32;
        let got = model.predict(text, if k < 0 { 0 } else { k as usize }, threshold);
        let labels: Vec<&str> = rec["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let probs: Vec<f32> = rec["probs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        let got_labels: Vec<&str> = got.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            got_labels,
            labels,
            "line {}: {name} on {text:?} (k={k}, threshold={threshold})",
            n + 1
        );
        for (g, want) in got.iter().zip(&probs) {
            let d = (g.prob - want).abs();
            max_diff = max_diff.max(d);
            assert!(
                d <= 1e-5,
                "line {}: {name} on {text:?}: {} {} vs fastText {}",
                n + 1,
                g.label,
                g.prob,
                want
            );
        }
        checked += 1;
        *per_model.entry(name).or_default() += 1;
    }
    eprintln!(
        "{file}: checked {checked} predictions ({per_model:?}); max |prob diff| = {max_diff:e}"
    );
    per_model
}

#[test]
fn same_predictions_as_fasttext() {
    let per_model = check_golden("golden.jsonl");
    assert_eq!(per_model.len(), 6, "every model variant is covered");
    assert!(per_model.values().sum::<usize>() >= 5 * 300);
}

/// A GlotLID-format model (`__label__fra_Latn`, 2,129 labels: FineWeb-2's
/// 1,929 and 200 private-use codes), made by `tests/data/make_glotlid.py`.
#[test]
fn glotlid_format_model() {
    let m = Model::load(&data("glotlid_tiny.bin")).unwrap();
    assert_eq!(m.labels().len(), 2129);
    assert!(m.labels().iter().all(|l| {
        let (code, script) = l.split_once('_').unwrap_or(("", ""));
        code.len() == 3 && script.len() == 4 && script.starts_with(|c: char| c.is_ascii_uppercase())
    }));
    let per_model = check_golden("glotlid_golden.jsonl");
    assert_eq!(per_model["glotlid_tiny.bin"], 214);
}

#[test]
fn fixture_models_cover_every_format() {
    for (name, loss_labels) in [
        ("softmax.bin", 7),
        ("hs.bin", 7),
        ("ova.bin", 7),
        ("softmax_q.ftz", 7),
        ("hs_q.ftz", 7),
        ("qout.ftz", 300),
    ] {
        let m = Model::load(&data(name)).unwrap();
        assert_eq!(m.labels().len(), loss_labels, "{name}");
    }
    let e = Model::load(&data("make_models.py")).unwrap_err();
    assert!(e.to_string().contains("not a fastText model"), "{e}");
    assert!(Model::load(&data("missing.bin")).is_err());
}

/// Corrupting any byte of the fixture models (every format: hs tree, pruned
/// buckets, quantized norms) gives an error or a working model, never a panic.
#[test]
fn corrupted_fixtures_never_panic() {
    for name in ["softmax_q.ftz", "hs_q.ftz", "hs.bin", "qout.ftz"] {
        let bytes = std::fs::read(data(name)).unwrap();
        let (mut loaded, mut refused) = (0, 0);
        let header = 0..bytes.len().min(4096);
        let positions = header.step_by(23).chain((4096..bytes.len()).step_by(9001));
        for pos in positions {
            for flip in [0x01u8, 0xFF] {
                let mut b = bytes.clone();
                b[pos] ^= flip;
                match Model::from_bytes(&b) {
                    Ok(m) => {
                        loaded += 1;
                        let _ = m.predict("ab цю ψω 中文 </s> x", 0, 0.0);
                    }
                    Err(e) => {
                        refused += 1;
                        assert!(!e.to_string().is_empty());
                    }
                }
            }
        }
        assert!(
            refused > 0 && loaded > 0,
            "{name}: {loaded} loaded, {refused} refused"
        );
    }
}
