//! Golden test: tamis's decisions on our own fixture texts must equal
//! datatrove's, recorded by `benches/filters/golden.sh` (datatrove 0.10.1,
//! spaCy 3.8) in `tests/golden/datatrove.jsonl`.

use serde_json::Value;
use tamis_core::{BuiltStep, Document, Outcome, Registry, StepContext};

const FIXTURES: &str = include_str!("golden/fixtures.jsonl");
const EXPECTED: &str = include_str!("golden/datatrove.jsonl");

/// datatrove reason strings that are not snake_case codes in tamis.
fn tamis_reason(dt: &str) -> &str {
    match dt {
        "< 3 paragraphs" => "too_few_paragraphs",
        other => other,
    }
}

#[test]
fn decisions_match_datatrove() {
    let mut reg = Registry::new();
    tamis_filters::register(&mut reg);
    let docs: Vec<Value> = FIXTURES
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected: Vec<Value> = EXPECTED
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), expected.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (d, e) in docs.iter().zip(&expected) {
        let id = d["id"].as_str().unwrap();
        assert_eq!(e["id"], id);
        for (filter, want) in e["decisions"].as_object().unwrap() {
            let BuiltStep::Doc(step) = reg.build(filter, serde_json::json!({})).unwrap() else {
                panic!()
            };
            let mut doc = Document::new(id, d["text"].as_str().unwrap());
            let got = match step.process(&mut doc, &mut StepContext::default()) {
                Outcome::Keep => "keep".to_owned(),
                Outcome::Drop(x) => x.reason.into_owned(),
                Outcome::Error(e) => format!("error: {e}"),
            };
            let want = tamis_reason(want.as_str().unwrap());
            checked += 1;
            if got != want {
                failures.push(format!("{id} {filter}: datatrove={want} tamis={got}"));
            } else if filter == "c4_quality"
                && got == "keep"
                && e["c4_text"].as_str() != Some(doc.text.as_str())
            {
                failures.push(format!(
                    "{id} c4_quality text differs:\n  dt={:?}\n  tm={:?}",
                    e["c4_text"], doc.text
                ));
            }
        }
    }
    assert!(checked > 250, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} decisions differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// E-mail and IPv4 redaction equals datatrove's `PIIFormatter` on our own
/// fixtures (`benches/filters/pii_golden.py`).
#[test]
fn pii_matches_datatrove_formatter() {
    let pii = tamis_filters::Pii::new(tamis_filters::PiiConfig {
        phones: false,
        ipv6: false,
        ..Default::default()
    })
    .unwrap();
    let mut n = 0;
    for line in include_str!("golden/pii_datatrove.jsonl").lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let got = pii.redact(text).0.unwrap_or_else(|| text.to_owned());
        assert_eq!(got, v["datatrove"].as_str().unwrap(), "{text}");
        n += 1;
    }
    assert!(n >= 8);
}
