//! Reads one text per line (stdin or FILE) and prints `LABEL PROB` per line,
//! like `fasttext predict-prob MODEL - K` (labels without `__label__`).
//!
//! Usage: `langid [--model PATH] [-k N] [--threshold T] [FILE]`

use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut model_path, mut k, mut threshold, mut file) = (None, 1usize, 0.0f32, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_path = args.next(),
            "-k" => k = args.next().ok_or("-k needs a value")?.parse()?,
            "--threshold" => threshold = args.next().ok_or("--threshold needs a value")?.parse()?,
            _ => file = Some(a),
        }
    }
    let loaded;
    let model = match model_path {
        Some(p) => {
            loaded = tamis_lang::Model::load(std::path::Path::new(&p))?;
            &loaded
        }
        None => tamis_lang::Model::builtin(),
    };
    let input: Box<dyn BufRead> = match file {
        Some(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(f)?)),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for line in input.lines() {
        let line = line?;
        let preds = model.predict(&line, k, threshold);
        let mut first = true;
        for p in &preds {
            if !first {
                out.write_all(b" ")?;
            }
            first = false;
            write!(out, "{} {}", p.label, p.prob)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
