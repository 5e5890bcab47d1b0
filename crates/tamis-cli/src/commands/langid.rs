//! `tamis langid`: one language label per input line, like fastText's `predict`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tamis_lang::Model;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Text file, one text per line (default: stdin).
    pub file: Option<PathBuf>,
    /// Labels per line, best first.
    #[arg(short, default_value_t = 1)]
    pub k: usize,
    /// Only labels with at least this probability.
    #[arg(long, default_value_t = 0.0)]
    pub threshold: f32,
    /// A fastText model (.bin/.ftz) instead of the built-in lid.176.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let loaded;
    let model: &Model = match &args.model {
        Some(p) => {
            loaded =
                Model::load(p).with_context(|| format!("cannot load model {}", p.display()))?;
            &loaded
        }
        None => Model::builtin(),
    };
    let input: Box<dyn BufRead> = match &args.file {
        Some(p) => Box::new(BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
        None => Box::new(BufReader::with_capacity(1 << 20, std::io::stdin().lock())),
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut buf = Vec::new();
    let mut input = input;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        let text = String::from_utf8_lossy(&buf);
        let preds = model.predict(&text, args.k.max(1), args.threshold);
        let mut first = true;
        for p in &preds {
            if !first {
                out.write_all(b" ")?;
            }
            first = false;
            write!(out, "{} {:.6}", p.label, p.prob)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
