//! The trainer against fastText: a model `tamis train-classifier` trained
//! (`tests/data/make_trained.py`) loads in the official fastText package,
//! whose predictions with it are recorded (`trained_golden.jsonl`); tamis
//! predicts the same, and training again gives the same bytes.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tamis_lang::{dclm_line, train, Example, Model, TrainOptions};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn lines(name: &str) -> Vec<Value> {
    std::fs::read_to_string(data(name))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn fasttext_predicts_with_a_tamis_model_as_tamis_does() {
    let m = Model::load(&data("tamis_trained.bin")).unwrap();
    let golden = lines("trained_golden.jsonl");
    assert!(golden.len() > 100);
    for g in &golden {
        let got = m.predict(g["text"].as_str().unwrap(), 0, 0.0);
        let labels: Vec<&str> = g["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let got_labels: Vec<&str> = got.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(got_labels, labels, "{}", g["text"]);
        for (p, want) in got.iter().zip(g["probs"].as_array().unwrap()) {
            assert!((f64::from(p.prob) - want.as_f64().unwrap()).abs() <= 1e-5);
        }
    }
}

#[test]
fn training_is_deterministic_with_a_seed() {
    let examples: Vec<Example> = lines("train_small.jsonl")
        .iter()
        .map(|r| Example {
            labels: vec![r["label"].as_str().unwrap().to_owned()],
            text: dclm_line(r["text"].as_str().unwrap()),
        })
        .collect();
    // The options make_trained.py passes to `tamis train-classifier`.
    let o = TrainOptions {
        dim: 8,
        epoch: 5,
        lr: 0.5,
        word_ngrams: 2,
        bucket: 2000,
        seed: 1,
        ..Default::default()
    };
    let r = train(&examples, &o).unwrap();
    assert_eq!(r.labels, 3);
    assert!(
        r.model == std::fs::read(data("tamis_trained.bin")).unwrap(),
        "training changed: if on purpose, rerun tests/data/make_trained.py"
    );
}
