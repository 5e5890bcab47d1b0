//! `tamis extract`: main text and metadata of HTML pages as JSONL.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{json, Value};
use tamis_pipeline::StepConfig;

use super::Common;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// .html/.htm/.html.gz files, folders (recursive), or .warc/.warc.gz files.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Output JSONL file (default, or `-`: stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Extractor option KEY=VALUE (e.g. favor=precision, include_comments=true, output=markdown); repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(mut args: Args) -> Result<ExitCode> {
    args.output = stdout_if_dash(args.output);
    let mut step = StepConfig::new("extract");
    step.options = super::filter::parse_sets(&args.set)?;
    let mut common = args.common.clone();
    if args.output.is_none() {
        common.quiet = true;
    }
    super::run_to_files(
        &args.paths,
        vec![step],
        Default::default(),
        args.output.as_deref(),
        None,
        &common,
        flat,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `-o -` means stdout, as for most Unix tools: `None` for `-`, else the path.
/// Used by every command whose `-o` names one file.
pub(crate) fn stdout_if_dash(path: Option<PathBuf>) -> Option<PathBuf> {
    path.filter(|p| p.as_os_str() != "-")
}

/// `{id, url, title, author, date, lang, text}` from the datatrove-shaped object.
fn flat(v: Value) -> Value {
    let m = &v["metadata"];
    json!({
        "id": v["id"], "url": m["url"], "title": m["title"], "author": m["author"], "date": m["date"],
        "lang": m["declared_lang"], "text": v["text"],
    })
}
