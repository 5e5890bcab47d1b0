//! Runs tamis filters over a JSONL file and prints one decision line per
//! document; used by `benches/filters/run.sh` and the golden-file test.
//!
//! ```text
//! cargo run --release -p tamis-filters --example filter_jsonl -- \
//!     docs.jsonl gopher_quality,gopher_repetition,c4_quality,fineweb_quality [--words]
//! ```
//! Each filter sees the original document (filters are judged one by one,
//! as the fidelity benchmark compares them). Output (stdout), one JSON per
//! document: `{"id", "decisions": {filter: "keep" | reason}, "signals":
//! {filter: {...}}, "c4_text": text after c4_quality}`. With `--words`,
//! also `"words"`: the word split. Timing per filter goes to stderr as JSON.

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use serde_json::{json, Map, Value};
use tamis_core::{BuiltStep, Document, Outcome, Registry, StepContext};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(filters)) = (args.first(), args.get(1)) else {
        return Err(
            "usage: filter_jsonl INPUT.jsonl FILTER[,FILTER...] [--words] [--config JSON]".into(),
        );
    };
    let want_words = args.iter().any(|a| a == "--words");
    let config: Value = match args.iter().position(|a| a == "--config") {
        Some(i) => serde_json::from_str(args.get(i + 1).ok_or("--config needs a value")?)?,
        None => json!({}),
    };
    let mut reg = Registry::new();
    tamis_filters::register(&mut reg);
    let mut steps = Vec::new();
    for name in filters.split(',') {
        let cfg = config.get(name).cloned().unwrap_or(json!({}));
        match reg.build(name, cfg)? {
            BuiltStep::Doc(s) => steps.push((name.to_owned(), s, 0f64)),
            BuiltStep::Corpus(_) => return Err(format!("{name} is not a per-document step").into()),
        }
    }
    let reader = std::io::BufReader::new(std::fs::File::open(input)?);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n_docs = 0u64;
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc =
            Document::from_json(serde_json::from_str(&line)?, "text", "id", || i.to_string())?;
        n_docs += 1;
        let mut decisions = Map::new();
        let mut signals = Map::new();
        let mut c4_text = Value::Null;
        for (name, step, secs) in steps.iter_mut() {
            let mut d = doc.clone();
            let mut cx = StepContext::default();
            let t = Instant::now();
            let o = step.process(&mut d, &mut cx);
            *secs += t.elapsed().as_secs_f64();
            let v = match o {
                Outcome::Keep => {
                    if name == "c4_quality" {
                        c4_text = Value::String(d.text.clone());
                    }
                    Value::from("keep")
                }
                Outcome::Drop(x) => {
                    signals.insert(name.clone(), Value::Object(x.signals));
                    Value::from(x.reason.into_owned())
                }
                Outcome::Error(e) => Value::from(format!("error: {e}")),
            };
            decisions.insert(name.clone(), v);
        }
        let mut o = json!({"id": doc.id, "decisions": decisions, "signals": signals});
        if !c4_text.is_null() {
            o["c4_text"] = c4_text;
        }
        if want_words {
            o["words"] = json!(tamis_filters::words(
                &doc.text,
                tamis_filters::WordSplitter::Datatrove,
                false
            ));
        }
        serde_json::to_writer(&mut out, &o)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    let timing: Map<String, Value> = steps
        .iter()
        .map(|(n, _, s)| (n.clone(), json!(s)))
        .collect();
    eprintln!("{}", json!({"docs": n_docs, "seconds": timing}));
    Ok(())
}
