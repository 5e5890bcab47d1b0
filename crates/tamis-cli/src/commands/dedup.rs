//! `tamis dedup`: exact, line-level (CCNet) or MinHash near-duplicate removal.

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
    #[command(flatten)]
    pub files: super::DocFiles,
    /// Step option KEY=VALUE (e.g. min_docs=5, scope=site, index_path=idx); repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(mut args: Args) -> Result<ExitCode> {
    args.files.output = super::extract::stdout_if_dash(args.files.output);
    anyhow::ensure!(
        args.files.removed.as_deref() != Some(std::path::Path::new("-")),
        "--removed -: removed documents go to a file (stdout is for the kept ones, -o)"
    );
    let kind = match args.method {
        Method::Exact => "exact",
        Method::Lines => "lines",
        Method::Minhash => "minhash",
    };
    let mut step = StepConfig::new(kind);
    step.options = super::filter::parse_sets(&args.set)?;
    args.files.run(vec![step], &args.common)?;
    Ok(ExitCode::SUCCESS)
}
