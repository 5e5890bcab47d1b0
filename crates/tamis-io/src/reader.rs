//! The reader contract: options, formats, the items a reader yields, and
//! [`open_reader`], which picks a reader for a file.
//!
//! A reader never stops a run for a bad record: after the file is open,
//! every problem is a [`ReadItem::Error`] with the file, an offset and a
//! snake_case code, and the iterator goes on whenever the format allows.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tamis_core::{Document, Error, Result};

use crate::stream::Decoder;

/// How inputs are read.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReaderOptions {
    /// Input format; `None` detects it from the file name, then from the
    /// first bytes (after decompression).
    pub format: Option<Format>,
    /// JSONL/Parquet field holding the text.
    pub text_key: String,
    /// JSONL/Parquet field holding the id (when missing: `{file_stem}/{line}`).
    pub id_key: String,
    /// Records larger than this are skipped as a `record_too_large` error
    /// (streamed past, never held in memory).
    pub max_record_bytes: u64,
    /// Per-file cap on decompressed bytes (gzip-bomb guard); past it the rest
    /// of the file is skipped with a `decompressed_too_large` error.
    pub max_decompressed_bytes: u64,
}

impl Default for ReaderOptions {
    fn default() -> ReaderOptions {
        ReaderOptions {
            format: None,
            text_key: "text".into(),
            id_key: "id".into(),
            max_record_bytes: 64 << 20,
            max_decompressed_bytes: 4 << 30,
        }
    }
}

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object per line (plain, gzip or zstd).
    Jsonl,
    /// Apache Parquet.
    Parquet,
    /// One document per file: the file's text.
    Text,
    /// One document per file: raw HTML for the extract step.
    Html,
    /// WARC (and WET: conversion records), plain or gzip.
    Warc,
    /// ARC (before WARC): records read as WARC `response` records.
    Arc,
}

/// One item from a reader.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one move per record; boxing would cost an allocation per document
pub enum ReadItem {
    /// A document.
    Doc(Document),
    /// A record read and removed by the reader itself: `doc.removed_by`
    /// says why (step [`READ_STEP`], reason `not_text` for a file whose
    /// bytes are not text, with the detected type in the signals). The
    /// document has no text. A record read, counted as removed.
    Removed(Document),
    /// A record skipped on purpose (e.g. `warc_request`); not a record read.
    Skipped(&'static str),
    /// A problem the reader worked around (e.g. `warc_recovered`: a WARC
    /// record with a slightly wrong `Content-Length`); the record it
    /// concerns is still read. Not a record: a counter.
    Warning(&'static str),
    /// A record that could not be read.
    Error(RecordError),
}

/// The step name in `removed_by` of documents the readers remove ([`ReadItem::Removed`]).
pub const READ_STEP: &str = "read";

/// A record that could not be read, for `OUT/errors/`.
#[derive(Clone, Debug, Serialize)]
pub struct RecordError {
    /// The input file.
    pub file: String,
    /// Byte offset of the record in the decompressed stream (the file offset
    /// for uncompressed files); for gzip-level errors, the compressed offset
    /// of the damaged gzip member.
    pub offset: Option<u64>,
    /// The record's id when it was known.
    pub id: Option<String>,
    /// The record's 1-based line number, for line-based formats (JSONL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// What went wrong, for people.
    pub reason: String,
    /// Short snake_case code (`bad_json`, `gzip_corrupt`, `warc_bad_header`, ...).
    pub code: &'static str,
}

/// A stream of records from one file.
pub trait RecordReader: Iterator<Item = ReadItem> + Send {
    /// Compressed bytes consumed from the file so far (for progress in MB/s).
    fn bytes_read(&self) -> u64;
}

/// Opens a reader for `path`. `Err` only when the file cannot be opened or
/// its format cannot be read at all; everything after that is a
/// [`ReadItem::Error`].
pub fn open_reader(path: &Path, opts: &ReaderOptions) -> Result<Box<dyn RecordReader>> {
    open(path, opts, true)
}

pub(crate) fn open(
    path: &Path,
    opts: &ReaderOptions,
    set_ordinal: bool,
) -> Result<Box<dyn RecordReader>> {
    let format = match opts.format.or_else(|| Format::from_name(path)) {
        Some(f) => f,
        None => sniff_format(path, opts)?,
    };
    let file = path.display().to_string();
    if format == Format::Parquet {
        let (inner, count) = crate::parquet_read::ParquetDocs::open(path, opts)?;
        return Ok(Box::new(Ordinals::new(inner, count, set_ordinal)));
    }
    let (dec, count, comp) = Decoder::open(path, opts.max_decompressed_bytes)
        .map_err(|e| Error::io(format!("cannot open {file}"), e))?;
    let inner: Box<dyn Iterator<Item = ReadItem> + Send> = match format {
        Format::Jsonl => Box::new(crate::jsonl::JsonlReader::new(dec, file, stem(path), opts)),
        Format::Warc => Box::new(crate::warc::WarcReader::new(
            dec,
            file,
            stem(path),
            comp,
            opts,
        )),
        Format::Arc => Box::new(crate::arc::ArcReader::new(dec, file, stem(path), opts)),
        Format::Text | Format::Html => {
            Box::new(crate::single::SingleDoc::new(dec, path, format, opts))
        }
        Format::Parquet => unreachable_parquet(),
    };
    Ok(Box::new(Ordinals::new(inner, count, set_ordinal)))
}

fn unreachable_parquet() -> Box<dyn Iterator<Item = ReadItem> + Send> {
    Box::new(std::iter::empty())
}

/// The file name without directories and without format/compression extensions.
pub(crate) fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut s = name.as_str();
    for ext in [".gz", ".zst", ".zstd"] {
        if let Some(x) = s.strip_suffix(ext) {
            s = x;
            break;
        }
    }
    match s.rfind('.') {
        Some(i) if i > 0 => s[..i].to_owned(),
        _ => s.to_owned(),
    }
}

impl Format {
    /// The format a file name implies, if any (compression suffixes ignored).
    pub fn from_name(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let mut s = name.as_str();
        for ext in [".gz", ".zst", ".zstd"] {
            if let Some(x) = s.strip_suffix(ext) {
                s = x;
                break;
            }
        }
        let ext = s.rsplit_once('.')?.1;
        Some(match ext {
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "parquet" => Format::Parquet,
            "txt" | "md" | "text" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "warc" | "wet" => Format::Warc,
            "arc" => Format::Arc,
            _ => return None,
        })
    }
}

/// Detects the format from the first decompressed bytes (a file whose bytes
/// are not text is read as `text`, whose reader removes it as `not_text`).
fn sniff_format(path: &Path, opts: &ReaderOptions) -> Result<Format> {
    let ctx = || format!("cannot open {}", path.display());
    let mut head = [0u8; 4];
    {
        use std::io::Read;
        let (mut f, _) =
            crate::stream::CountingFile::open(path).map_err(|e| Error::io(ctx(), e))?;
        let n = f.read(&mut head).map_err(|e| Error::io(ctx(), e))?;
        if head[..n].starts_with(b"PAR1") {
            return Ok(Format::Parquet);
        }
    }
    let (dec, _, _) =
        Decoder::open(path, opts.max_decompressed_bytes).map_err(|e| Error::io(ctx(), e))?;
    let mut buf = crate::stream::ByteBuf::with_capacity(dec, 8192);
    let head = buf.peek(8192);
    let text = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    let lower: Vec<u8> = text.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let binary = matches!(
        crate::sniff::sniff(head, head.len() < 8192),
        crate::sniff::Sniffed::Binary(_)
    );
    if text.starts_with(b"filedesc://") {
        return Ok(Format::Arc);
    }
    Ok(if text.starts_with(b"WARC/") {
        Format::Warc
    } else if binary {
        // One document per file: the reader removes it as `not_text`.
        Format::Text
    } else if text.starts_with(b"{") {
        Format::Jsonl
    } else if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || memchr::memmem::find(&lower, b"<html").is_some()
    {
        Format::Html
    } else {
        Format::Text
    })
}

/// Numbers records (`position.ordinal`) and reports bytes read.
struct Ordinals<I> {
    inner: I,
    count: Arc<AtomicU64>,
    next: u64,
    set_ordinal: bool,
}

impl<I> Ordinals<I> {
    fn new(inner: I, count: Arc<AtomicU64>, set_ordinal: bool) -> Ordinals<I> {
        Ordinals {
            inner,
            count,
            next: 0,
            set_ordinal,
        }
    }
}

impl<I: Iterator<Item = ReadItem>> Iterator for Ordinals<I> {
    type Item = ReadItem;
    fn next(&mut self) -> Option<ReadItem> {
        let mut item = self.inner.next()?;
        match &mut item {
            ReadItem::Doc(d) => {
                if self.set_ordinal {
                    d.position.ordinal = self.next;
                }
                self.next += 1;
            }
            ReadItem::Removed(d) => {
                if self.set_ordinal {
                    d.position.ordinal = self.next;
                }
                self.next += 1;
            }
            ReadItem::Error(_) => self.next += 1,
            ReadItem::Skipped(_) | ReadItem::Warning(_) => {}
        }
        Some(item)
    }
}

impl<I: Iterator<Item = ReadItem> + Send> RecordReader for Ordinals<I> {
    fn bytes_read(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

/// Reads back any file this crate writes (JSONL, `.gz`, `.zst`, Parquet) as
/// documents, keeping the positions stored in it (written with `internal`).
pub fn read_documents(path: &Path) -> Result<Box<dyn RecordReader>> {
    let format = if Format::from_name(path) == Some(Format::Parquet) {
        Format::Parquet
    } else {
        Format::Jsonl
    };
    let opts = ReaderOptions {
        format: Some(format),
        max_record_bytes: 1 << 30,
        max_decompressed_bytes: u64::MAX,
        ..ReaderOptions::default()
    };
    open(path, &opts, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        let f = |s: &str| Format::from_name(Path::new(s));
        assert_eq!(f("a/b.jsonl.gz"), Some(Format::Jsonl));
        assert_eq!(f("x.JSONL.zst"), Some(Format::Jsonl));
        assert_eq!(f("CC-MAIN-1.warc.gz"), Some(Format::Warc));
        assert_eq!(f("CC-MAIN-1.warc.wet.gz"), Some(Format::Warc));
        assert_eq!(f("p.htm.gz"), Some(Format::Html));
        assert_eq!(f("n.md"), Some(Format::Text));
        assert_eq!(f("d.parquet"), Some(Format::Parquet));
        assert_eq!(f("noext"), None);
        assert_eq!(f("x.gz"), None);
        assert_eq!(stem(Path::new("dir/page.html.gz")), "page");
        assert_eq!(stem(Path::new("dir/data.jsonl")), "data");
        assert_eq!(stem(Path::new("dir/.hidden")), ".hidden");
    }

    #[test]
    fn arc_files_are_recognised_by_extension_and_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("old.dat");
        std::fs::write(
            &p,
            b"filedesc://old.arc 0.0.0.0 20050614070144 text/plain 76\n1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n\n",
        )
        .unwrap();
        assert_eq!(
            sniff_format(&p, &ReaderOptions::default()).unwrap(),
            Format::Arc
        );
        assert_eq!(Format::from_name(Path::new("x.arc.gz")), Some(Format::Arc));
    }

    #[test]
    fn options_parse_with_defaults() {
        let o: ReaderOptions =
            serde_json::from_value(serde_json::json!({"format": "warc", "text_key": "content"}))
                .unwrap();
        assert_eq!(o.format, Some(Format::Warc));
        assert_eq!(o.id_key, "id");
        assert_eq!(o.max_record_bytes, 64 << 20);
        assert!(
            serde_json::from_value::<ReaderOptions>(serde_json::json!({"formt": "warc"})).is_err()
        );
    }
}
