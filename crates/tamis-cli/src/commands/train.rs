//! `tamis train-classifier`: trains a fastText-compatible supervised
//! classifier from labelled JSONL/Parquet documents.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use tamis_io::ReadItem;
use tamis_lang::{Example, TrainLoss, TrainOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labelled documents (JSONL or Parquet files, folders or globs); the
    /// label is in `--label-field`.
    #[arg(long)]
    pub input: Vec<String>,
    /// Field of each input document holding its label (a string or a list
    /// of strings; looked up at the top level, then in `metadata`).
    #[arg(long, default_value = "label")]
    pub label_field: String,
    /// Documents of the positive class (instead of `--input`).
    #[arg(long)]
    pub positive: Vec<String>,
    /// Documents of the negative class.
    #[arg(long)]
    pub negative: Vec<String>,
    /// Label of `--positive` documents.
    #[arg(long, default_value = "hq")]
    pub positive_label: String,
    /// Label of `--negative` documents.
    #[arg(long, default_value = "cc")]
    pub negative_label: String,
    /// Where to write the model (fastText `.bin`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Vector dimension.
    #[arg(long, default_value_t = 100)]
    pub dim: usize,
    /// Passes over the data.
    #[arg(long, default_value_t = 5)]
    pub epoch: usize,
    /// Initial learning rate.
    #[arg(long, default_value_t = 0.1)]
    pub lr: f32,
    /// Longest word n-gram (DCLM's classifier: 2).
    #[arg(long, default_value_t = 1)]
    pub word_ngrams: usize,
    /// Hash buckets for n-grams.
    #[arg(long, default_value_t = 2_000_000)]
    pub bucket: u32,
    /// Shortest character n-gram (0 = none).
    #[arg(long, default_value_t = 0)]
    pub minn: usize,
    /// Longest character n-gram (0 = none).
    #[arg(long, default_value_t = 0)]
    pub maxn: usize,
    /// Minimum word count.
    #[arg(long, default_value_t = 1)]
    pub min_count: u64,
    /// Output layer: softmax, hs or ova.
    #[arg(long, default_value = "softmax")]
    pub loss: String,
    /// Seed (training is deterministic for a seed).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads: training runs on one (see docs/classifiers.md).
    #[arg(short = 'j', long, default_value_t = 1)]
    pub threads: usize,
}

/// The text as `fasttext_classifier` prepares it by default (DCLM's way).
fn prepare(text: &str) -> String {
    tamis_lang::dclm_line(text)
}

fn read(specs: &[String], mut each: impl FnMut(tamis_core::Document) -> Result<()>) -> Result<()> {
    if specs.is_empty() {
        return Ok(());
    }
    for p in &tamis_io::expand_inputs(specs)? {
        let reader =
            tamis_io::read_documents(p).with_context(|| format!("cannot read {}", p.display()))?;
        for item in reader {
            match item {
                ReadItem::Doc(d) => each(d)?,
                ReadItem::Error(e) => bail!("{}: {} ({})", p.display(), e.reason, e.code),
                _ => {}
            }
        }
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.threads != 1 {
        bail!("train-classifier trains on one thread (-j 1): fastText's lock-free multi-threaded updates are not implemented");
    }
    let loss = match args.loss.as_str() {
        "softmax" => TrainLoss::Softmax,
        "hs" => TrainLoss::Hs,
        "ova" | "one-vs-all" => TrainLoss::Ova,
        other => bail!("unknown --loss {other}: use softmax, hs or ova"),
    };
    let mut examples = Vec::new();
    let field = args.label_field.clone();
    read(&args.input, |d| {
        let language = d.language.clone().map(serde_json::Value::String);
        let v = if field == "language" {
            language.as_ref()
        } else {
            d.metadata.get(&field)
        };
        let labels: Vec<String> = match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            Some(serde_json::Value::Number(n)) => vec![n.to_string()],
            _ => bail!(
                "document {} has no `{field}` label (set --label-field)",
                d.id
            ),
        };
        examples.push(Example {
            labels,
            text: prepare(&d.text),
        });
        Ok(())
    })?;
    for (paths, label) in [
        (&args.positive, &args.positive_label),
        (&args.negative, &args.negative_label),
    ] {
        read(paths, |d| {
            examples.push(Example {
                labels: vec![label.clone()],
                text: prepare(&d.text),
            });
            Ok(())
        })?;
    }
    if examples.is_empty() {
        bail!(
            "no training documents: give --input (with --label-field) or --positive and --negative"
        );
    }
    let opts = TrainOptions {
        dim: args.dim,
        epoch: args.epoch,
        lr: args.lr,
        word_ngrams: args.word_ngrams,
        bucket: args.bucket,
        minn: args.minn,
        maxn: args.maxn,
        min_count: args.min_count,
        min_count_label: 0,
        loss,
        seed: args.seed,
    };
    let t = std::time::Instant::now();
    let report = tamis_lang::train(&examples, &opts)?;
    tamis_io::write_atomic(&args.output, &report.model)?;
    eprintln!(
        "trained on {} documents ({} tokens per epoch, {} words, {} labels) in {:.1} s: {}",
        examples.len(),
        report.tokens,
        report.words,
        report.labels,
        t.elapsed().as_secs_f64(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
