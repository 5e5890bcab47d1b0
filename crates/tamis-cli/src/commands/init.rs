//! `tamis init`: write a commented pipeline file from a preset.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The preset to start from (see `tamis presets`).
    #[arg(long, default_value = "default")]
    pub preset: String,
    /// Where to write it (`-`: stdout).
    #[arg(short, long, default_value = "pipeline.toml")]
    pub output: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let p = tamis_pipeline::preset(&args.preset)
        .with_context(|| format!("no preset `{}` (see `tamis presets`)", args.preset))?;
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout && args.output.exists() && !args.force {
        anyhow::bail!("{} exists; use --force to overwrite", args.output.display());
    }
    let text = format!(
        "# tamis pipeline, from preset `{}`: {}\n# Run it with: tamis run {}\n\n[input]\n# Files, folders or globs; each file is one shard.\npaths = [\"crawl/*.warc.gz\"]\n\n{}",
        p.name,
        p.summary,
        if to_stdout { Path::new("pipeline.toml") } else { &args.output }.display(),
        p.toml
    );
    if to_stdout {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::write(&args.output, text)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    tamis_pipeline::log_info(&format!("wrote {}", args.output.display()));
    Ok(ExitCode::SUCCESS)
}
