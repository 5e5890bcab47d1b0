//! `fasttext_classifier` against fastText itself: a tiny DCLM-style bigram
//! classifier made by `tests/data/make_classifier.py`, and the scores DCLM's
//! and datatrove's preparations of the text give with fastText's Python
//! package (`tests/data/classifier_golden.jsonl`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tamis_core::{BuiltStep, Document, Outcome, Registry, StepContext};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn golden() -> Vec<Value> {
    std::fs::read_to_string(data("classifier_golden.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn step(config: Value) -> Box<dyn tamis_core::Step> {
    let mut reg = Registry::new();
    tamis_lang::register(&mut reg);
    match reg.build("fasttext_classifier", config).unwrap() {
        BuiltStep::Doc(s) => s,
        BuiltStep::Corpus(_) => panic!("a threshold classifier is a document step"),
    }
}

#[test]
fn scores_equal_fasttext_for_dclm_and_datatrove_preparation() {
    let model = data("classifier_tiny.bin");
    for field in ["dclm", "datatrove"] {
        let s = step(json!({"model": model, "label": "__label__hq", "preparation": field}));
        let mut max_diff = 0f64;
        for g in golden() {
            let mut d = Document::new("x", g["text"].as_str().unwrap());
            assert!(matches!(
                s.process(&mut d, &mut StepContext::default()),
                Outcome::Keep
            ));
            let got = d.metadata["fasttext_hq"].as_f64().unwrap();
            let want = g[field].as_f64().unwrap();
            max_diff = max_diff.max((got - want).abs());
            assert!(
                (got - want).abs() <= 1e-5,
                "{field} {:?}: {got} vs {want}",
                g["text"]
            );
        }
        eprintln!("{field}: max |score diff| = {max_diff:e}");
    }
}

#[test]
fn threshold_keeps_and_drops_with_the_score() {
    let s = step(json!({
        "model": data("classifier_tiny.bin"), "label": "hq",
        "threshold": 0.5, "metadata_key": "quality",
    }));
    let (mut kept, mut dropped) = (0, 0);
    for g in golden() {
        let mut d = Document::new("x", g["text"].as_str().unwrap());
        match s.process(&mut d, &mut StepContext::default()) {
            Outcome::Keep => {
                kept += 1;
                assert!(d.metadata["quality"].as_f64().unwrap() >= 0.5);
            }
            Outcome::Drop(r) => {
                dropped += 1;
                assert_eq!(r.reason, "below_threshold");
                assert!(r.signals["score"].as_f64().unwrap() < 0.5);
                assert_eq!(r.signals["label"], "hq");
            }
            Outcome::Error(e) => panic!("{e:?}"),
        }
    }
    assert!(kept > 50 && dropped > 50, "{kept} kept, {dropped} dropped");
}

#[test]
fn configuration_errors_say_what_to_do() {
    let mut reg = Registry::new();
    tamis_lang::register(&mut reg);
    let err = |c: Value| {
        reg.build("fasttext_classifier", c)
            .err()
            .unwrap()
            .to_string()
    };
    let m = data("classifier_tiny.bin");
    assert!(err(json!({"model": m, "label": "nope"})).contains("cc, hq"));
    assert!(err(json!({"label": "hq"})).contains("needs `model`"));
    assert!(
        err(json!({"model": m, "label": "hq", "threshold": 0.5, "keep_top": 0.1}))
            .contains("not both")
    );
    assert!(err(json!({"model": m, "label": "hq", "keep_top": 1.5})).contains("fraction"));
    assert!(err(json!({"model": data("missing.bin"), "label": "hq"})).contains("missing.bin"));
    assert!(matches!(
        reg.build(
            "fasttext_classifier",
            json!({"model": m, "label": "hq", "keep_top": 0.1})
        ),
        Ok(BuiltStep::Corpus(_))
    ));
}

#[test]
fn one_model_per_file_per_process() {
    let a = tamis_lang::shared_model(&data("classifier_tiny.bin")).unwrap();
    let b = tamis_lang::shared_model(&data("../data/classifier_tiny.bin")).unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
}
