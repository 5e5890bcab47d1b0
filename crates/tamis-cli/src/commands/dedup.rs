//! `tamis dedup`: exact, line-level (CCNet) or MinHash near-duplicate removal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use tamis_pipeline::StepConfig;

use super::Common;

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum Method {
    /// Same normalised text.
    Exact,
    /// Lines repeated across many documents (per site or corpus).
    Lines,
    /// MinHash-LSH near-duplicates (FineWeb parameters).
    Minhash,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which duplicates to remove.
    #[arg(long, value_enum)]
    pub method: Method,
    /// Input files, folders or globs (JSONL plain/.gz/.zst, Parquet).
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Kept documents (JSONL; default stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Removed documents, with the id they duplicate (JSONL).
    #[arg(long)]
    pub removed: Option<PathBuf>,
    /// Step option KEY=VALUE (e.g. min_docs=5, scope=site, index_path=idx); repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// JSON key holding the text.
    #[arg(long, default_value = "text")]
    pub text_key: String,
    /// JSON key holding the id.
    #[arg(long, default_value = "id")]
    pub id_key: String,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let kind = match args.method {
        Method::Exact => "exact",
        Method::Lines => "lines",
        Method::Minhash => "minhash",
    };
    let mut step = StepConfig::new(kind);
    step.options = super::filter::parse_sets(&args.set)?;
    let reader = tamis_io::ReaderOptions { text_key: args.text_key.clone(), id_key: args.id_key.clone(), ..Default::default() };
    let mut common = args.common.clone();
    if args.output.is_none() {
        common.quiet = true;
    }
    let stats = super::run_to_files(&args.inputs, vec![step], reader, args.output.as_deref(), args.removed.as_deref(), &common, |v| v)?;
    if !common.quiet {
        eprintln!("tamis: kept {} of {} documents", stats.kept, stats.records_read);
    }
    Ok(ExitCode::SUCCESS)
}
