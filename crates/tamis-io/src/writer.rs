//! Crash-safe sharded output: `dir/{prefix}_{part:05}.{ext}` files, each
//! written as `dir/.{name}.tmp` and renamed only when complete, so a file
//! with a final name is always whole. Rotation by documents and by
//! (uncompressed) bytes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tamis_core::{sync_dir, Document, Error, Result};

use crate::parquet_write::ParquetSink;

/// Output file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// JSON Lines, gzip-compressed (what datatrove writes by default).
    #[default]
    JsonlGz,
    /// JSON Lines, zstd-compressed.
    JsonlZst,
    /// Plain JSON Lines.
    Jsonl,
    /// Parquet (zstd), columns `id`, `text`, `metadata` (JSON), `url`, `language`, `language_score`.
    Parquet,
}

impl OutputFormat {
    /// The file extension, without a leading dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::JsonlGz => "jsonl.gz",
            OutputFormat::JsonlZst => "jsonl.zst",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Parquet => "parquet",
        }
    }
}

/// How output shards are written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WriterOptions {
    /// File format.
    pub format: OutputFormat,
    /// Start a new file after this many documents (`None`: no limit).
    pub max_docs_per_file: Option<u64>,
    /// Start a new file after this many uncompressed bytes (`None`: no limit).
    pub max_bytes_per_file: Option<u64>,
    /// Also write internal fields (the position), for a later pass.
    pub internal: bool,
}

impl Default for WriterOptions {
    fn default() -> WriterOptions {
        WriterOptions {
            format: OutputFormat::JsonlGz,
            max_docs_per_file: Some(100_000),
            max_bytes_per_file: Some(1 << 30),
            internal: false,
        }
    }
}

enum Sink {
    Plain(BufWriter<File>),
    Gz(flate2::write::GzEncoder<BufWriter<File>>),
    Zst(zstd::stream::write::Encoder<'static, BufWriter<File>>),
    Parquet(Box<ParquetSink>),
}

struct OpenFile {
    tmp: PathBuf,
    path: PathBuf,
    sink: Sink,
    docs: u64,
    bytes: u64,
}

/// Writes documents into rotating shard files.
pub struct ShardWriter {
    dir: PathBuf,
    prefix: String,
    opts: WriterOptions,
    part: u32,
    current: Option<OpenFile>,
    finished: Vec<PathBuf>,
    line: Vec<u8>,
}

const WRITE_BUF: usize = 1 << 20;

/// Deflate level of `.jsonl.gz` outputs. Level 6 took 7% of a FineWeb run's
/// CPU (most documents are written to `removed/`); level 3 is 2.6x faster
/// for files about 9% larger (docs/e2e.md).
const GZIP_LEVEL: u32 = 3;
/// zstd level of user-visible `.jsonl.zst` outputs.
const ZSTD_LEVEL: i32 = 3;
/// zstd level of the runner's intermediate files (read once, then deleted).
const ZSTD_LEVEL_INTERNAL: i32 = 1;

impl ShardWriter {
    /// A writer of `dir/{prefix}_{part:05}.{ext}` files; creates `dir`.
    /// No file is created until a document is written.
    pub fn new(dir: &Path, prefix: &str, opts: &WriterOptions) -> Result<ShardWriter> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        Ok(ShardWriter {
            dir: dir.to_owned(),
            prefix: prefix.to_owned(),
            opts: opts.clone(),
            part: 0,
            current: None,
            finished: Vec::new(),
            line: Vec::new(),
        })
    }

    /// Writes one document.
    pub fn write(&mut self, doc: &Document) -> Result<()> {
        let value = doc.to_json(self.opts.internal);
        if self.opts.format == OutputFormat::Parquet {
            let size = (doc.id.len() + doc.text.len()) as u64 + 64;
            let f = self.open()?;
            if let Sink::Parquet(p) = &mut f.sink {
                p.push(doc, &value)?;
            }
            f.docs += 1;
            f.bytes += size;
            return Ok(());
        }
        self.write_json(&value)
    }

    /// Writes one JSON value as a line (error records). Not for Parquet output.
    pub fn write_json(&mut self, value: &serde_json::Value) -> Result<()> {
        if self.opts.format == OutputFormat::Parquet {
            return Err(Error::config(
                "write_json needs a JSONL output format, not parquet",
            ));
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        serde_json::to_writer(&mut line, value)
            .map_err(|e| Error::data(format!("cannot serialise: {e}")))?;
        line.push(b'\n');
        let r = self.write_line(&line);
        self.line = line;
        r
    }

    fn write_line(&mut self, line: &[u8]) -> Result<()> {
        let f = self.open()?;
        let r = match &mut f.sink {
            Sink::Plain(w) => w.write_all(line),
            Sink::Gz(w) => w.write_all(line),
            Sink::Zst(w) => w.write_all(line),
            Sink::Parquet(_) => Ok(()),
        };
        r.map_err(|e| Error::io(format!("cannot write {}", f.tmp.display()), e))?;
        f.docs += 1;
        f.bytes += line.len() as u64;
        Ok(())
    }

    /// The open file, rotating first if the current one is full.
    fn open(&mut self) -> Result<&mut OpenFile> {
        if let Some(f) = &self.current {
            let full = self.opts.max_docs_per_file.is_some_and(|m| f.docs >= m)
                || self.opts.max_bytes_per_file.is_some_and(|m| f.bytes >= m);
            if full {
                self.close()?;
            }
        }
        if self.current.is_none() {
            let name = format!(
                "{}_{:05}.{}",
                self.prefix,
                self.part,
                self.opts.format.extension()
            );
            self.part += 1;
            let path = self.dir.join(&name);
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)
                .map_err(|e| Error::io(format!("cannot create {}", tmp.display()), e))?;
            let ctx = |e| Error::io(format!("cannot write {}", tmp.display()), e);
            let sink = match self.opts.format {
                OutputFormat::Jsonl => Sink::Plain(BufWriter::with_capacity(WRITE_BUF, file)),
                OutputFormat::JsonlGz => Sink::Gz(flate2::write::GzEncoder::new(
                    BufWriter::with_capacity(WRITE_BUF, file),
                    flate2::Compression::new(GZIP_LEVEL),
                )),
                OutputFormat::JsonlZst => {
                    let level = if self.opts.internal {
                        ZSTD_LEVEL_INTERNAL
                    } else {
                        ZSTD_LEVEL
                    };
                    Sink::Zst(
                        zstd::stream::write::Encoder::new(
                            BufWriter::with_capacity(WRITE_BUF, file),
                            level,
                        )
                        .map_err(ctx)?,
                    )
                }
                OutputFormat::Parquet => Sink::Parquet(Box::new(ParquetSink::new(file)?)),
            };
            self.current = Some(OpenFile {
                tmp,
                path,
                sink,
                docs: 0,
                bytes: 0,
            });
        }
        match self.current.as_mut() {
            Some(f) => Ok(f),
            None => Err(Error::new(
                tamis_core::ErrorKind::Other,
                "no open output file",
            )),
        }
    }

    /// Completes the open file: flush, fsync, rename to its final name.
    fn close(&mut self) -> Result<()> {
        let Some(f) = self.current.take() else {
            return Ok(());
        };
        let ctx = |e| Error::io(format!("cannot finish {}", f.tmp.display()), e);
        let buf = match f.sink {
            Sink::Plain(w) => Some(w),
            Sink::Gz(w) => Some(w.finish().map_err(ctx)?),
            Sink::Zst(w) => Some(w.finish().map_err(ctx)?),
            Sink::Parquet(p) => {
                p.finish()?;
                None
            }
        };
        if let Some(buf) = buf {
            let file = buf.into_inner().map_err(|e| ctx(e.into_error()))?;
            file.sync_all().map_err(ctx)?;
        }
        std::fs::rename(&f.tmp, &f.path).map_err(|e| {
            Error::io(
                format!("cannot rename {} to {}", f.tmp.display(), f.path.display()),
                e,
            )
        })?;
        self.finished.push(f.path);
        Ok(())
    }

    /// Completes the last file and returns the final paths, in order.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.close()?;
        sync_dir(&self.dir);
        Ok(std::mem::take(&mut self.finished))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{read_documents, ReadItem};
    use serde_json::json;
    use tamis_core::Position;

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| {
                let mut d = Document::new(
                    format!("d{i}"),
                    format!("Texte numéro {i}.\nDeuxième ligne."),
                );
                d.url = (i % 2 == 0).then(|| format!("https://ex.org/{i}"));
                d.language = Some("fr".into());
                d.language_score = (i % 3 != 0).then_some(0.5 + i as f64 / 100.0);
                d.metadata.insert("n".into(), json!(i));
                d.metadata.insert("tags".into(), json!({"a": [1, 2]}));
                d.position = Position {
                    shard: 2,
                    ordinal: i as u64 * 3,
                };
                d
            })
            .collect()
    }

    fn read_back(paths: &[PathBuf]) -> Vec<Document> {
        let mut out = Vec::new();
        for p in paths {
            for item in read_documents(p).unwrap() {
                match item {
                    ReadItem::Doc(d) => out.push(d),
                    other => panic!("{other:?}"),
                }
            }
        }
        out
    }

    #[test]
    fn round_trip_every_format_with_rotation() {
        for format in [
            OutputFormat::Jsonl,
            OutputFormat::JsonlGz,
            OutputFormat::JsonlZst,
            OutputFormat::Parquet,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let opts = WriterOptions {
                format,
                max_docs_per_file: Some(4),
                max_bytes_per_file: None,
                internal: true,
            };
            let mut w = ShardWriter::new(&dir.path().join("out"), "kept", &opts).unwrap();
            let input = docs(10);
            for d in &input {
                w.write(d).unwrap();
            }
            let paths = w.finish().unwrap();
            let names: Vec<String> = paths
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            let ext = format.extension();
            assert_eq!(
                names,
                [
                    format!("kept_00000.{ext}"),
                    format!("kept_00001.{ext}"),
                    format!("kept_00002.{ext}")
                ]
            );
            let back = read_back(&paths);
            assert_eq!(back.len(), 10);
            for (a, b) in input.iter().zip(&back) {
                assert_eq!(a.to_json(true), b.to_json(true), "{format:?}");
                assert_eq!(a.position, b.position);
            }
            // No temporary file is left behind.
            let left: Vec<_> = std::fs::read_dir(dir.path().join("out"))
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(left.len(), 3, "{left:?}");
        }
    }

    #[test]
    fn rotation_by_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WriterOptions {
            format: OutputFormat::Jsonl,
            max_docs_per_file: None,
            max_bytes_per_file: Some(250),
            internal: false,
        };
        let mut w = ShardWriter::new(dir.path(), "p", &opts).unwrap();
        for d in docs(10) {
            w.write(&d).unwrap();
        }
        let paths = w.finish().unwrap();
        assert!(paths.len() >= 3, "{paths:?}");
        for p in &paths[..paths.len() - 1] {
            let len = std::fs::metadata(p).unwrap().len();
            assert!((250..550).contains(&len), "{len}");
        }
        assert_eq!(read_back(&paths).len(), 10);
    }

    #[test]
    fn temp_names_until_finished() {
        let dir = tempfile::tempdir().unwrap();
        let names = || {
            let mut v: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        // Nothing written: no file at all.
        let w = ShardWriter::new(dir.path(), "empty", &WriterOptions::default()).unwrap();
        assert!(w.finish().unwrap().is_empty());
        assert!(names().is_empty());
        // While writing, only the hidden temporary name exists.
        let mut w = ShardWriter::new(dir.path(), "s", &WriterOptions::default()).unwrap();
        w.write(&docs(1)[0]).unwrap();
        assert_eq!(names(), [".s_00000.jsonl.gz.tmp"]);
        // Dropped without finish: never renamed.
        drop(w);
        assert_eq!(names(), [".s_00000.jsonl.gz.tmp"]);
        let mut w = ShardWriter::new(dir.path(), "t", &WriterOptions::default()).unwrap();
        w.write_json(&json!({"file": "x", "code": "bad_json"}))
            .unwrap();
        let paths = w.finish().unwrap();
        assert_eq!(names(), [".s_00000.jsonl.gz.tmp", "t_00000.jsonl.gz"]);
        let mut s = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(File::open(&paths[0]).unwrap()),
            &mut s,
        )
        .unwrap();
        assert_eq!(s, "{\"code\":\"bad_json\",\"file\":\"x\"}\n");
        // Parquet writers refuse raw JSON lines.
        let mut w = ShardWriter::new(
            dir.path(),
            "pq",
            &WriterOptions {
                format: OutputFormat::Parquet,
                ..WriterOptions::default()
            },
        )
        .unwrap();
        assert!(w.write_json(&json!({})).is_err());
    }

    #[test]
    fn options_parse() {
        let o: WriterOptions =
            serde_json::from_value(json!({"format": "jsonl_zst", "max_docs_per_file": null}))
                .unwrap();
        assert_eq!(o.format, OutputFormat::JsonlZst);
        assert_eq!(o.max_docs_per_file, None);
        assert_eq!(o.max_bytes_per_file, Some(1 << 30));
        assert_eq!(OutputFormat::default().extension(), "jsonl.gz");
    }
}
