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
    let mut input: Box<dyn BufRead> = match file {
        Some(f) => Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(f)?,
        )),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix('\n').unwrap_or(&line);
        if k == 1 && threshold <= 0.0 {
            // The common case, without allocating.
            if let Some((i, p)) = model.predict_best(text) {
                write!(out, "{} {}", model.labels()[i], p)?;
            }
        } else {
            for (j, p) in model.predict(text, k, threshold).iter().enumerate() {
                if j > 0 {
                    out.write_all(b" ")?;
                }
                write!(out, "{} {}", p.label, p.prob)?;
            }
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
