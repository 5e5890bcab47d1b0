//! `tamis-make-broken DIR [--small]`: writes the broken-input corpus to DIR
//! and prints one line per file (name, expected read-error codes, damage).

use std::path::PathBuf;
use std::process::ExitCode;

use tamis_testkit::{write_corpus, CorpusOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let small = args.iter().any(|a| a == "--small");
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: tamis-make-broken DIR [--small]\n  --small: 1 MB line, depth 1,000, 16 MB bomb (default: 30 MB, 100,000, 1 GiB)");
        return ExitCode::from(2);
    };
    let opts = if small {
        CorpusOptions {
            big_line_bytes: 1 << 20,
            nesting_depth: 1000,
            bomb_bytes: 16 << 20,
        }
    } else {
        CorpusOptions::default()
    };
    match write_corpus(&dir, &opts) {
        Ok(cases) => {
            for c in cases {
                let codes = if c.read_codes.is_empty() {
                    "-".to_owned()
                } else {
                    c.read_codes.join("|")
                };
                println!("{:<24} {:<48} {}", c.file, codes, c.damage);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tamis-make-broken: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
