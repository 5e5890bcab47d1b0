//! `tamis filter`: quality filters over JSONL/Parquet documents.

use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::{Map, Value};
use tamis_pipeline::StepConfig;

use super::Common;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A filter step type (see `tamis steps`); repeat for several, applied in order.
    #[arg(long = "filter", required = true)]
    pub filters: Vec<String>,
    #[command(flatten)]
    pub files: super::DocFiles,
    /// Option for every filter, FILTER.KEY=VALUE (e.g. gopher_quality.min_doc_words=30); repeatable.
    #[arg(long = "set", value_name = "FILTER.KEY=VALUE")]
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
    let sets = parse_sets(&args.set)?;
    let mut steps = Vec::new();
    for f in &args.filters {
        let mut s = StepConfig::new(f);
        for (k, v) in &sets {
            match k.split_once('.') {
                Some((step, key)) if step == f => {
                    s.options.insert(key.to_owned(), v.clone());
                }
                Some(_) => {}
                None => anyhow::bail!("--set {k}=...: write FILTER.KEY=VALUE"),
            }
        }
        steps.push(s);
    }
    args.files.run(steps, &args.common)?;
    Ok(ExitCode::SUCCESS)
}

/// Parses `KEY=VALUE` flags; VALUE is JSON when it parses as JSON, else a string.
pub fn parse_sets(sets: &[String]) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    for s in sets {
        let (k, v) = s
            .split_once('=')
            .with_context(|| format!("--set {s}: expected KEY=VALUE"))?;
        let v = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned()));
        m.insert(k.trim().to_owned(), v);
    }
    Ok(m)
}
