//! `tamis extract`: main text and metadata of HTML pages as JSONL.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
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
    /// Explain one page instead: its kind with the evidence, every removed
    /// block with the rule that removed it, then the text kept.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(mut args: Args) -> Result<ExitCode> {
    if args.explain {
        return explain(&args);
    }
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

/// `tamis extract --explain PAGE`: one HTML file (or `.html.gz`).
fn explain(args: &Args) -> Result<ExitCode> {
    let [path] = args.paths.as_slice() else {
        anyhow::bail!(
            "--explain takes one HTML file ({} given): tamis extract --explain page.html",
            args.paths.len()
        );
    };
    let raw = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    let html = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut out)
            .with_context(|| format!("{path}: not valid gzip"))?;
        out
    } else {
        raw
    };
    let opts: tamis_extract::ExtractOptions =
        serde_json::from_value(Value::Object(super::filter::parse_sets(&args.set)?))
            .context("--set: not an extract option (see `tamis explain extract`)")?;
    let e = tamis_extract::explain(&html, None, None, &opts)
        .map_err(|err| anyhow::anyhow!("{path}: {err}"))?;
    let mut out = String::new();
    out += &format!("page kind  {}\n", e.kind.name());
    for ev in &e.evidence {
        out += &format!("  evidence {ev}\n");
    }
    if let Some(t) = &e.extracted.title {
        out += &format!("title      {t}\n");
    }
    out += &format!("\nremoved blocks ({})\n", e.removed.len());
    let width = e
        .removed
        .iter()
        .map(|r| r.rule.name().len())
        .max()
        .unwrap_or(0);
    for r in &e.removed {
        out += &format!(
            "  {:<width$}  {:<8} {:>6} chars  {}\n",
            r.rule.name(),
            r.tag,
            r.chars,
            r.preview
        );
    }
    let mut rules: Vec<tamis_extract::Rule> = e.removed.iter().map(|r| r.rule).collect();
    rules.sort();
    rules.dedup();
    out += "\nrules\n";
    for r in rules {
        out += &format!("  {:<width$}  {}\n", r.name(), r.doc());
    }
    out += &format!(
        "\nkept text ({} chars)\n{}\n",
        e.extracted.text.chars().count(),
        e.extracted.text
    );
    print!("{out}");
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
