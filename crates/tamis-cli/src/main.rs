//! `tamis`: turn raw web crawls into clean, deduplicated, language-tagged text corpora.

mod commands;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// tamis: turn raw web crawls into clean, deduplicated, language-tagged text corpora.
#[derive(Parser)]
#[command(name = "tamis", version, about, long_about = None, arg_required_else_help = false)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a pipeline (no arguments: the default recipe on the example crawl).
    Run(commands::run::Args),
    /// Extract main text and metadata from HTML files, folders or WARC files.
    Extract(commands::extract::Args),
    /// Apply quality filters to JSONL/Parquet documents.
    Filter(commands::filter::Args),
    /// Identify the language of each input line (fastText lid.176 built in).
    Langid(commands::langid::Args),
    /// Train a fastText-compatible classifier from labelled documents.
    TrainClassifier(commands::train::Args),
    /// Tokenize documents into the files trainers read (Megatron, datatrove/nanotron, NumPy).
    Tokenize(commands::tokenize::Args),
    /// Deduplicate documents (exact, repeated lines, MinHash near-duplicates).
    Dedup(commands::dedup::Args),
    /// Finish a run made of `tamis run --shard I/N` partitions: pending reduces, later passes, OUT/stats.json.
    Merge(commands::merge::Args),
    /// Show what is committed in the output folder of a (sharded) run.
    Status {
        /// The output folder of a run.
        out: std::path::PathBuf,
    },
    /// Write OUT/report.html: funnel, drop reasons, languages, sites, duplicates, samples.
    Report {
        /// The output folder of a run.
        out: std::path::PathBuf,
    },
    /// Show what happened to one document at every step.
    Inspect {
        /// The output folder of a run.
        out: std::path::PathBuf,
        /// The document's id.
        id: String,
    },
    /// List the step types.
    Steps,
    /// Print the documentation of a step type, or of the error codes (`tamis explain errors`).
    Explain {
        /// Step type name (see `tamis steps`), or `errors`.
        step: String,
        /// Print it as a Markdown section (how docs/steps.md is written).
        #[arg(long)]
        markdown: bool,
    },
    /// List the built-in presets.
    Presets,
    /// Write a commented pipeline file from a preset.
    Init(commands::init::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The documentation test checks that command lines which need a cluster
    // or object storage (Ray, Slurm, S3) at least parse, without running them.
    if std::env::var_os("TAMIS_PARSE_ONLY").is_some() {
        return ExitCode::SUCCESS;
    }
    if let Some(common) = cli.command.as_ref().and_then(Command::common) {
        tamis_pipeline::set_json_log(common.log_format == commands::LogFormat::Json);
    }
    let result = match cli.command {
        None => commands::run::run(commands::run::Args::default()),
        Some(Command::Run(a)) => commands::run::run(a),
        Some(Command::Extract(a)) => commands::extract::run(a),
        Some(Command::Filter(a)) => commands::filter::run(a),
        Some(Command::Dedup(a)) => commands::dedup::run(a),
        Some(Command::Langid(a)) => commands::langid::run(a),
        Some(Command::TrainClassifier(a)) => commands::train::run(a),
        Some(Command::Tokenize(a)) => commands::tokenize::run(a),
        Some(Command::Merge(a)) => commands::merge::merge(a),
        Some(Command::Status { out }) => commands::merge::status(&out),
        Some(Command::Report { out }) => commands::info::report(&out),
        Some(Command::Inspect { out, id }) => commands::info::inspect(&out, &id),
        Some(Command::Steps) => commands::info::steps(),
        Some(Command::Explain { step, markdown }) => commands::info::explain(&step, markdown),
        Some(Command::Presets) => commands::info::presets(),
        Some(Command::Init(a)) => commands::init::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
            tamis_pipeline::log_error(&err.to_string(), &causes);
            ExitCode::from(2)
        }
    }
}

impl Command {
    /// The flags every processing command has (`-j`, `--quiet`, `--log-format`).
    fn common(&self) -> Option<&commands::Common> {
        match self {
            Command::Run(a) => Some(&a.common),
            Command::Extract(a) => Some(&a.common),
            Command::Filter(a) => Some(&a.common),
            Command::Dedup(a) => Some(&a.common),
            Command::Merge(a) => Some(&a.common),
            _ => None,
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
