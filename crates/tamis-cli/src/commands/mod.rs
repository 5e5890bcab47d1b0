//! One module per subcommand; shared flags and helpers here.

pub mod dedup;
pub mod extract;
pub mod filter;
pub mod info;
pub mod init;
pub mod langid;
pub mod merge;
pub mod run;
pub mod tokenize;
pub mod train;

use std::path::{Path, PathBuf};

use anyhow::Result;
use tamis_core::Stats;
use tamis_pipeline::{PipelineConfig, ProgressMode, RunOptions, StepConfig};

/// Flags every processing command has.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Common {
    /// Worker threads (0 = all cores).
    #[arg(short = 'j', long = "threads", default_value_t = 0)]
    pub threads: usize,
    /// No progress output and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Progress log format when stderr is not a terminal.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Inputs and one-file outputs of `filter` and `dedup`.
#[derive(clap::Args, Debug, Clone)]
pub struct DocFiles {
    /// Input files, folders or globs (JSONL plain/.gz/.zst, Parquet).
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Kept documents (JSONL; default stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Removed documents, with the step, reason and signals (JSONL).
    #[arg(long)]
    pub removed: Option<PathBuf>,
    /// JSON key holding the text.
    #[arg(long, default_value = "text")]
    pub text_key: String,
    /// JSON key holding the id.
    #[arg(long, default_value = "id")]
    pub id_key: String,
}

impl DocFiles {
    /// Runs `steps` over the inputs into the output files and reports the count.
    pub fn run(&self, steps: Vec<StepConfig>, common: &Common) -> Result<()> {
        let reader = tamis_io::ReaderOptions {
            text_key: self.text_key.clone(),
            id_key: self.id_key.clone(),
            ..Default::default()
        };
        let mut common = common.clone();
        if self.output.is_none() {
            common.quiet = true;
        }
        let stats = run_to_files(
            &self.inputs,
            steps,
            reader,
            self.output.as_deref(),
            self.removed.as_deref(),
            &common,
            |v| v,
        )?;
        if !common.quiet {
            tamis_pipeline::log_info(&format!(
                "kept {} of {} documents",
                stats.kept, stats.records_read
            ));
        }
        Ok(())
    }
}

/// Progress log line format.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Plain text lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

impl Common {
    pub fn run_options(&self) -> RunOptions {
        let progress = if self.quiet {
            ProgressMode::Quiet
        } else if self.log_format == LogFormat::Json {
            ProgressMode::Json
        } else {
            ProgressMode::Auto
        };
        RunOptions {
            threads: self.threads,
            progress,
            ..RunOptions::default()
        }
    }
}

/// Runs `steps` over `inputs` into single JSONL files (or stdout), mapping
/// each JSON object through `shape` (see [`tamis_pipeline::run_to_files`]),
/// and says how many records could not be processed. Used by `extract`,
/// `filter` and `dedup`, which are one-file front ends to the same runner.
pub fn run_to_files(
    inputs: &[String],
    steps: Vec<StepConfig>,
    reader: tamis_io::ReaderOptions,
    kept: Option<&Path>,
    removed: Option<&Path>,
    common: &Common,
    shape: impl Fn(serde_json::Value) -> serde_json::Value,
) -> Result<Stats> {
    let mut config = PipelineConfig::default();
    config.input.paths = inputs.to_vec();
    config.input.reader = reader;
    config.steps = steps;
    let run = tamis_pipeline::run_to_files(config, kept, removed, &common.run_options(), &shape)?;
    tamis_pipeline::warn_if_no_records(&run.stats, inputs);
    if run.error_records > 0 {
        let n = run.error_records;
        match &run.errors_file {
            Some(f) => tamis_pipeline::log_warning(&format!(
                "{n} records could not be processed; see {}",
                f.display()
            )),
            None => tamis_pipeline::log_warning(&format!("{n} records could not be processed")),
        }
    }
    Ok(run.stats)
}
