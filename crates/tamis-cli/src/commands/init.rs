//! `tamis init`: write a commented pipeline file from a preset.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The preset to start from (see `tamis presets`).
    #[arg(long, default_value = "default")]
    pub preset: String,
    /// Where to write it.
    #[arg(short, long, default_value = "pipeline.toml")]
    pub output: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let p = tamis_pipeline::preset(&args.preset)
        .with_context(|| format!("no preset `{}` (see `tamis presets`)", args.preset))?;
    if args.output.exists() && !args.force {
        anyhow::bail!("{} exists; use --force to overwrite", args.output.display());
    }
    let text = format!(
        "# tamis pipeline, from preset `{}`: {}\n# Run it with: tamis run {}\n\n[input]\n# Files, folders or globs; each file is one shard.\npaths = [\"crawl/*.warc.gz\"]\n\n{}",
        p.name,
        p.summary,
        args.output.display(),
        p.toml
    );
    std::fs::write(&args.output, text)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("tamis: wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
