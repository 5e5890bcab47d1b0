//! One module per subcommand; shared flags and helpers here.

pub mod dedup;
pub mod extract;
pub mod filter;
pub mod info;
pub mod init;
pub mod langid;
pub mod merge;
pub mod run;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tamis_core::Stats;
use tamis_io::OutputFormat;
use tamis_pipeline::{Pipeline, PipelineConfig, ProgressMode, RunOptions, StepConfig};

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

/// Runs `steps` over `inputs` into a scratch folder next to the output, then
/// concatenates kept (and removed) documents into single JSONL files (or
/// stdout), mapping each JSON object through `shape`. Used by `extract`,
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
    let anchor = kept
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let scratch = tempdir_in(anchor)?;
    let mut config = PipelineConfig::default();
    config.input.paths = inputs.to_vec();
    config.input.reader = reader;
    config.output.path = scratch.clone();
    config.output.write_removed = removed.is_some();
    config.output.writer.format = OutputFormat::Jsonl;
    config.steps = steps;
    let result = (|| -> Result<Stats> {
        let pipeline = Pipeline::build(config, &tamis_pipeline::registry())?;
        let stats = pipeline.run(&common.run_options())?;
        tamis_pipeline::warn_if_no_records(&stats, inputs);
        concat_jsonl(&scratch.join("kept"), kept, &shape)?;
        if let Some(r) = removed {
            concat_jsonl(&scratch.join("removed"), Some(r), &shape)?;
        }
        let errors = count_lines_gz(&scratch.join("errors"))?;
        if errors > 0 {
            if let Some(dest) = kept {
                let err_dest = dest.with_extension("errors.jsonl");
                concat_gz(&scratch.join("errors"), &err_dest)?;
                tamis_pipeline::log_warning(&format!(
                    "{errors} records could not be processed; see {}",
                    err_dest.display()
                ));
            } else {
                tamis_pipeline::log_warning(&format!("{errors} records could not be processed"));
            }
        }
        Ok(stats)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn tempdir_in(dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for i in 0..1000u32 {
        let p = dir.join(format!(".tamis-tmp-{}-{i}", std::process::id()));
        if std::fs::create_dir(&p).is_ok() {
            return Ok(p);
        }
    }
    anyhow::bail!("cannot create a scratch folder in {}", dir.display())
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    Ok(files)
}

fn concat_jsonl(
    dir: &Path,
    dest: Option<&Path>,
    shape: &impl Fn(serde_json::Value) -> serde_json::Value,
) -> Result<()> {
    let mut out: Box<dyn Write> = match dest {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    for f in sorted_files(dir)? {
        let r = BufReader::new(std::fs::File::open(&f)?);
        for line in r.lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            serde_json::to_writer(&mut out, &shape(v))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn count_lines_gz(dir: &Path) -> Result<u64> {
    let mut n = 0;
    for f in sorted_files(dir)? {
        let r = BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(&f)?));
        n += r.lines().count() as u64;
    }
    Ok(n)
}

fn concat_gz(dir: &Path, dest: &Path) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(dest)?);
    for f in sorted_files(dir)? {
        std::io::copy(
            &mut flate2::read::MultiGzDecoder::new(std::fs::File::open(&f)?),
            &mut out,
        )?;
    }
    out.flush()?;
    Ok(())
}
