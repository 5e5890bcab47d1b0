//! `tamis run`: run a pipeline file, a preset, or (no arguments) the default
//! recipe on the example crawl that ships with tamis. With `--shard I/N`,
//! only partition I of N (one Slurm array task); see `commands/merge.rs`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use tamis_pipeline::{Pipeline, PipelineConfig, RunOptions};

use super::Common;

/// The example crawl, embedded so `tamis run` works from any folder.
const EXAMPLE_WARC: &[u8] = include_bytes!("../../../../examples/crawl/example.warc.gz");
const EXAMPLE_PATH: &str = "examples/crawl/example.warc.gz";

#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Pipeline file (TOML). Without it, `--preset` (default: `default`).
    pub pipeline: Option<PathBuf>,
    /// A built-in recipe (see `tamis presets`).
    #[arg(long)]
    pub preset: Option<String>,
    /// Input files, folders or globs (replace the pipeline's `[input] paths`).
    #[arg(short, long, num_args = 1..)]
    pub input: Vec<String>,
    /// Output folder (default: the pipeline's, else ./tamis-out).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format: jsonl_gz (default), jsonl_zst, jsonl or parquet.
    #[arg(long)]
    pub format: Option<String>,
    /// Finish an interrupted run: skip the shards it committed.
    #[arg(long, conflicts_with = "overwrite")]
    pub resume: bool,
    /// Replace the run in a non-empty output folder: delete the files an
    /// earlier tamis run wrote there (files you added are kept). Without it
    /// (or --resume), a run into a non-empty folder is refused.
    #[arg(long)]
    pub overwrite: bool,
    /// Stop at the first bad record instead of recording it and going on.
    #[arg(long)]
    pub fail_fast: bool,
    /// Keep the work files (OUT/.tamis/work, OUT/.tamis/pass*) after a
    /// successful run; they are removed otherwise.
    #[arg(long)]
    pub keep_work: bool,
    /// Process only partition I of N (0-based, like SLURM_ARRAY_TASK_ID):
    /// the input files (sorted) whose index modulo N is I. Every partition
    /// writes into the same OUT (a shared file system); the last one to
    /// finish a pass runs its reduce; `tamis merge OUT` completes the run.
    /// Always resumes: committed work is kept.
    #[arg(long, value_name = "I/N", value_parser = super::merge::parse_shard, conflicts_with = "overwrite")]
    pub shard: Option<(u32, u32)>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut config = match (&args.pipeline, &args.preset) {
        (Some(_), Some(_)) => anyhow::bail!("give a pipeline file or --preset, not both"),
        (Some(path), None) => PipelineConfig::from_file(path)?,
        (None, name) => {
            let name = name.as_deref().unwrap_or("default");
            let p = tamis_pipeline::preset(name)
                .with_context(|| format!("no preset `{name}` (see `tamis presets`)"))?;
            PipelineConfig::from_toml(p.toml)?
        }
    };
    if !args.input.is_empty() {
        config.input.paths = args.input.clone();
    }
    if let Some(o) = &args.output {
        config.output.path = o.clone();
    }
    if let Some(f) = &args.format {
        config.output.writer.format = serde_json::from_value(serde_json::Value::String(f.clone()))
            .map_err(|_| {
                anyhow::anyhow!("unknown --format `{f}` (jsonl_gz, jsonl_zst, jsonl, parquet)")
            })?;
    }
    if config.input.paths.is_empty() {
        config.input.paths = vec![example_crawl()?.display().to_string()];
        if !args.common.quiet {
            tamis_pipeline::log_info(&format!(
                "no input given; running on the example crawl {}",
                config.input.paths[0]
            ));
        }
    }
    // An object-storage output (s3://, gs://, az://): run into a local staging folder, publish at the end.
    let remote = tamis_io::remote::RemoteOutput::stage_if_remote(&config.output.path, None)?;
    if let Some(r) = &remote {
        anyhow::ensure!(
            args.shard.is_none(),
            "--shard needs an output folder on a shared file system, not {}",
            r.url()
        );
        config.output.path = r.local_dir().to_owned();
    }
    let pipeline = Pipeline::build(config, &tamis_pipeline::registry())?;
    let opts = RunOptions {
        resume: args.resume,
        // a remote output's staging folder is tamis's own: replace it
        overwrite: args.overwrite || (remote.is_some() && !args.resume),
        fail_fast: args.fail_fast,
        keep_work: args.keep_work,
        ..args.common.run_options()
    };
    if let Some((index, count)) = args.shard {
        return super::merge::run_partition(&pipeline, index, count, &opts, args.common.quiet);
    }
    let stats = pipeline.run(&opts)?;
    tamis_pipeline::warn_if_no_records(&stats, &pipeline.config().input.paths);
    if !args.common.quiet {
        crate::summary::print(&stats, &pipeline.config().output.path);
    }
    if let Some(r) = &remote {
        let p = r.publish()?;
        if !args.common.quiet {
            tamis_pipeline::log_info(&format!(
                "published to {}: {} files uploaded ({} bytes), {} already there",
                r.url(),
                p.uploaded_files,
                p.uploaded_bytes,
                p.skipped_files
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The repository's example crawl if run from a checkout, else the embedded copy.
fn example_crawl() -> Result<PathBuf> {
    let local = Path::new(EXAMPLE_PATH);
    if local.exists() {
        return Ok(local.to_path_buf());
    }
    let path = std::env::temp_dir().join(format!(
        "tamis-example-{}.warc.gz",
        env!("CARGO_PKG_VERSION")
    ));
    if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(EXAMPLE_WARC.len() as u64) {
        tamis_io::write_atomic(&path, EXAMPLE_WARC)?;
    }
    Ok(path)
}
