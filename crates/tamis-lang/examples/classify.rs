//! Scores a JSONL file (`text` field) with the `fasttext_classifier` step,
//! one thread, and prints one `{"score": …}` line per document; the thread's
//! CPU seconds for scoring go to stderr. Used by `benches/classifier/run.sh`.
//!
//! ```text
//! cargo run --release -p tamis-lang --example classify -- MODEL LABEL docs.jsonl
//! ```

use std::io::{BufRead, Write};

use tamis_core::{BuiltStep, Document, Registry, StepContext};

fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, label, input] = args.as_slice() else {
        return Err("usage: classify MODEL LABEL docs.jsonl".into());
    };
    let mut reg = Registry::new();
    tamis_lang::register(&mut reg);
    let BuiltStep::Doc(step) = reg.build(
        "fasttext_classifier",
        serde_json::json!({"model": model, "label": label}),
    )?
    else {
        return Err("not a document step".into());
    };
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        docs.push(Document::new("x", v["text"].as_str().unwrap_or("")));
    }
    let mut cx = StepContext::default();
    let c0 = thread_cpu();
    for d in &mut docs {
        step.process(d, &mut cx);
    }
    let cpu = thread_cpu() - c0;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let key = format!("fasttext_{}", label.trim_start_matches("__label__"));
    for d in &docs {
        writeln!(
            out,
            "{}",
            serde_json::json!({"score": d.metadata.get(&key)})
        )?;
    }
    eprintln!("{}", serde_json::json!({"docs": docs.len(), "cpu_s": cpu}));
    Ok(())
}
