//! `tamis tokenize`: documents to the token files trainers read
//! (Megatron, datatrove/nanotron, NumPy), in input order, one sequence per
//! document, tokenized on all cores.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tamis_io::ReadItem;
use tamis_tokens::{Format, ShardWriter, Tokenizer};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Documents: files, folders (recursive) or globs of JSONL (plain,
    /// .gz, .zst) or Parquet, read in sorted order; the `text` field.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Output folder (created; must not hold token files already).
    #[arg(short, long)]
    pub output: PathBuf,
    /// A built-in encoding (r50k_base or gpt2, p50k_base, cl100k_base,
    /// o200k_base) or the path of a Hugging Face tokenizer.json.
    #[arg(long, default_value = "r50k_base")]
    pub tokenizer: String,
    /// megatron (.bin/.idx), datatrove (.ds/.ds.index/.ds.metadata) or npy.
    #[arg(long, default_value = "megatron")]
    pub format: String,
    /// Token appended after each document: an id or a special token
    /// (default: the encoding's <|endoftext|>).
    #[arg(long)]
    pub eos: Option<String>,
    /// Append no end-of-document token.
    #[arg(long, conflicts_with = "eos")]
    pub no_eos: bool,
    /// Start a new file after this many tokens (0 = one file).
    #[arg(long, default_value_t = 0)]
    pub max_tokens_per_file: u64,
    /// Worker threads (0 = all cores).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Shuffle documents across the corpus (not available yet).
    #[arg(long)]
    pub shuffle: bool,
}

/// Documents tokenized together, then written in order.
const BATCH: usize = 2048;

pub fn run(args: Args) -> Result<ExitCode> {
    if args.shuffle {
        bail!("--shuffle is not implemented yet: tokenize in input order, without --shuffle");
    }
    let tok = Tokenizer::load(&args.tokenizer)?;
    let format: Format = args.format.parse()?;
    let eos = match (&args.eos, args.no_eos) {
        (_, true) => None,
        (None, false) => Some(tok.eos().with_context(|| {
            format!(
                "{} has no end-of-text token that tamis knows: give --eos TOKEN or --no-eos",
                tok.name()
            )
        })?),
        (Some(s), false) => Some(match s.parse::<u32>() {
            Ok(id) if id < tok.vocab_size() => id,
            Ok(id) => bail!(
                "--eos {id} is not an id of {} (vocabulary {})",
                tok.name(),
                tok.vocab_size()
            ),
            Err(_) => tok
                .special_id(s)
                .with_context(|| format!("--eos {s:?} is not a special token of {}", tok.name()))?,
        }),
    };
    if let Ok(entries) = std::fs::read_dir(&args.output) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("tokens-") {
                bail!(
                    "{} already holds token files ({}); choose another folder or remove them",
                    args.output.display(),
                    e.file_name().to_string_lossy()
                );
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start the worker threads")?;
    let mut out = ShardWriter::new(
        &args.output,
        format,
        tok.vocab_size(),
        tok.name(),
        args.max_tokens_per_file,
    )?;
    let t0 = std::time::Instant::now();
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<String>, out: &mut ShardWriter| -> Result<()> {
        let encoded: Vec<Vec<u32>> = pool.install(|| {
            batch
                .par_iter()
                .map(|t| {
                    let mut ids = tok.encode(t)?;
                    ids.extend(eos);
                    Ok(ids)
                })
                .collect::<tamis_core::Result<_>>()
        })?;
        for ids in &encoded {
            out.push(ids)?;
        }
        batch.clear();
        Ok(())
    };
    for p in &tamis_io::expand_inputs(&args.inputs)? {
        let reader =
            tamis_io::read_documents(p).with_context(|| format!("cannot read {}", p.display()))?;
        for item in reader {
            match item {
                ReadItem::Doc(d) => {
                    batch.push(d.text);
                    if batch.len() == BATCH {
                        flush(&mut batch, &mut out)?;
                    }
                }
                ReadItem::Error(e) => bail!("{}: {} ({})", p.display(), e.reason, e.code),
                _ => {}
            }
        }
    }
    flush(&mut batch, &mut out)?;
    let (docs, tokens, width) = (out.documents, out.tokens, out.token_bytes());
    let files = out.finish()?;
    eprintln!(
        "tamis: {docs} documents, {tokens} tokens ({}, {width}-byte ids) in {:.1} s: {} files in {}",
        tok.name(),
        t0.elapsed().as_secs_f64(),
        files.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
