//! One-file runs: a pipeline whose kept (and removed) documents end in one
//! JSONL file each (or a writer such as stdout) instead of an output folder.
//! `tamis extract`, `tamis filter` and `tamis dedup` are this.
//!
//! The pipeline runs into a scratch folder next to the destination (the
//! same runner as `tamis run`, so the same results), then the scratch
//! files are concatenated in shard order and the folder removed, whether
//! the run succeeded or not.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tamis_core::{Error, Result, Stats};
use tamis_io::OutputFormat;

use crate::{Pipeline, PipelineConfig, RunOptions};

/// What [`run_to_files`] did.
#[derive(Debug, Clone)]
pub struct FilesRun {
    /// The run's stats.
    pub stats: Stats,
    /// Records that could not be processed (read errors and step errors).
    pub error_records: u64,
    /// Where they were written (`KEPT.errors.jsonl`), if there were any and
    /// the kept documents went to a file.
    pub errors_file: Option<PathBuf>,
}

/// Runs `config` (its `[output]` folder is ignored) and writes the kept
/// documents as JSONL to `kept` (a file; `None`: `stdout`), the removed ones
/// to `removed` if given, each JSON object mapped through `shape`. Error
/// records go to `KEPT.errors.jsonl` when there are any and `kept` is a file.
pub fn run_to_files(
    mut config: PipelineConfig,
    kept: Option<&Path>,
    removed: Option<&Path>,
    opts: &RunOptions,
    shape: &dyn Fn(Value) -> Value,
) -> Result<FilesRun> {
    let anchor = kept
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let scratch = scratch_dir(anchor)?;
    config.output.path = scratch.clone();
    config.output.write_removed = removed.is_some();
    config.output.writer.format = OutputFormat::Jsonl;
    let opts = RunOptions {
        resume: false,
        overwrite: false,
        ..opts.clone()
    };
    let result = (|| -> Result<FilesRun> {
        let pipeline = Pipeline::build(config, &crate::registry())?;
        let stats = pipeline.run(&opts)?;
        match kept {
            Some(p) => {
                let f = File::create(p)
                    .map_err(|e| Error::io(format!("cannot create {}", p.display()), e))?;
                concat_jsonl(&scratch.join("kept"), BufWriter::new(f), p, shape)?;
            }
            None => concat_jsonl(
                &scratch.join("kept"),
                BufWriter::new(std::io::stdout().lock()),
                Path::new("stdout"),
                shape,
            )?,
        }
        if let Some(r) = removed {
            let f = File::create(r)
                .map_err(|e| Error::io(format!("cannot create {}", r.display()), e))?;
            concat_jsonl(&scratch.join("removed"), BufWriter::new(f), r, shape)?;
        }
        let errors_dir = scratch.join("errors");
        let error_records = count_lines_gz(&errors_dir)?;
        let errors_file = match kept {
            Some(dest) if error_records > 0 => {
                let dest = dest.with_extension("errors.jsonl");
                concat_gz(&errors_dir, &dest)?;
                Some(dest)
            }
            _ => None,
        };
        Ok(FilesRun {
            stats,
            error_records,
            errors_file,
        })
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn scratch_dir(dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    for i in 0..1000u32 {
        let p = dir.join(format!(".tamis-tmp-{}-{i}", std::process::id()));
        if std::fs::create_dir(&p).is_ok() {
            return Ok(p);
        }
    }
    Err(Error::config(format!(
        "cannot create a scratch folder in {}: check that it is writable",
        dir.display()
    )))
}

/// The visible files of `dir`, sorted (shard order); none if it is missing.
fn sorted_files(dir: &Path) -> Vec<PathBuf> {
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
    files
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))
}

fn concat_jsonl(
    dir: &Path,
    mut out: impl Write,
    dest: &Path,
    shape: &dyn Fn(Value) -> Value,
) -> Result<()> {
    let write_err = |e| Error::io(format!("cannot write {}", dest.display()), e);
    for f in sorted_files(dir) {
        for line in BufReader::new(open(&f)?).lines() {
            let line = line.map_err(|e| Error::io(format!("cannot read {}", f.display()), e))?;
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| Error::data(format!("{}: {e}", f.display())))?;
            serde_json::to_writer(&mut out, &shape(v))
                .map_err(|e| write_err(std::io::Error::other(e)))?;
            out.write_all(b"\n").map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

fn count_lines_gz(dir: &Path) -> Result<u64> {
    let mut n = 0;
    for f in sorted_files(dir) {
        let r = BufReader::new(flate2::read::MultiGzDecoder::new(open(&f)?));
        for line in r.lines() {
            line.map_err(|e| Error::io(format!("cannot read {}", f.display()), e))?;
            n += 1;
        }
    }
    Ok(n)
}

fn concat_gz(dir: &Path, dest: &Path) -> Result<()> {
    let write_err = |e| Error::io(format!("cannot write {}", dest.display()), e);
    let mut out = BufWriter::new(File::create(dest).map_err(write_err)?);
    for f in sorted_files(dir) {
        std::io::copy(&mut flate2::read::MultiGzDecoder::new(open(&f)?), &mut out)
            .map_err(|e| Error::io(format!("cannot copy {}", f.display()), e))?;
    }
    out.flush().map_err(write_err)
}
