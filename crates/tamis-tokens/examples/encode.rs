//! Encodes the `text` of every line of a JSONL file with built-in
//! encodings, one thread, for `benches/tokens/run.sh`: writes
//! `OUT/<encoding>.ids` (u32 little-endian ids, documents one after the
//! other) and `OUT/<encoding>.lens` (u32 token count per document), and the
//! CPU seconds per encoding to stderr.
//!
//! ```text
//! cargo run --release -p tamis-tokens --example encode -- docs.jsonl OUT r50k_base,cl100k_base
//! ```

use std::io::{BufRead, Write};

fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out, encodings] = args.as_slice() else {
        return Err("usage: encode docs.jsonl OUT_DIR enc1,enc2".into());
    };
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        texts.push(v["text"].as_str().unwrap_or("").to_owned());
    }
    std::fs::create_dir_all(out)?;
    let mut timing = serde_json::Map::new();
    for name in encodings.split(',') {
        let t = tamis_tokens::Tokenizer::load(name)?;
        t.count("warm up")?;
        let c0 = thread_cpu();
        let all: Vec<Vec<u32>> = texts
            .iter()
            .map(|s| t.encode(s))
            .collect::<Result<_, _>>()?;
        let cpu = thread_cpu() - c0;
        timing.insert(
            name.to_owned(),
            serde_json::json!({"docs": texts.len(), "cpu_s": cpu}),
        );
        let stem = std::path::Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(name);
        let mut ids = std::io::BufWriter::new(std::fs::File::create(format!("{out}/{stem}.ids"))?);
        let mut lens =
            std::io::BufWriter::new(std::fs::File::create(format!("{out}/{stem}.lens"))?);
        for doc in &all {
            lens.write_all(&(doc.len() as u32).to_le_bytes())?;
            for id in doc {
                ids.write_all(&id.to_le_bytes())?;
            }
        }
    }
    eprintln!("{}", serde_json::Value::Object(timing));
    Ok(())
}
