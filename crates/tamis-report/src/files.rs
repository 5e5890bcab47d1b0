//! Finding and streaming the files of a run output folder.
//!
//! `OUT/kept/`, `OUT/removed/` and `OUT/errors/` hold JSON Lines files,
//! plain or compressed (`.gz`, `.zst`). They are read line by line, in file
//! name order (which is input order), so memory stays flat whatever the
//! corpus size; a line longer than [`MAX_LINE_BYTES`] is skipped and
//! reported instead of being buffered.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use tamis_core::{Error, Result};

/// Longest line read; longer ones are skipped (a document bigger than this
/// is not something a report needs to show).
pub(crate) const MAX_LINE_BYTES: usize = 256 << 20;

/// The three document areas of a run output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    /// `OUT/kept/`: documents that passed every step.
    Kept,
    /// `OUT/removed/`: documents a step dropped (with `metadata.removed_by`).
    Removed,
    /// `OUT/errors/`: records that could not be read or processed.
    Errors,
}

impl Area {
    /// The sub-folder name.
    pub(crate) fn dir(self) -> &'static str {
        match self {
            Area::Kept => "kept",
            Area::Removed => "removed",
            Area::Errors => "errors",
        }
    }
}

/// How a data file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Plain,
    Gzip,
    Zstd,
}

/// Recognises the JSON Lines files tamis writes; `None` for anything else
/// (temporary files start with a dot and are skipped by the caller).
fn codec_of(name: &str) -> Option<Codec> {
    let stem = if let Some(s) = name.strip_suffix(".gz") {
        return is_jsonl(s).then_some(Codec::Gzip);
    } else if let Some(s) = name
        .strip_suffix(".zst")
        .or_else(|| name.strip_suffix(".zstd"))
    {
        return is_jsonl(s).then_some(Codec::Zstd);
    } else {
        name
    };
    is_jsonl(stem).then_some(Codec::Plain)
}

fn is_jsonl(name: &str) -> bool {
    name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".ndjson")
}

/// The data files of one area, sorted by name. A missing folder is empty.
pub(crate) fn list_files(out_dir: &Path, area: Area) -> Result<Vec<PathBuf>> {
    let dir = out_dir.join(area.dir());
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot list {}", dir.display()), e)),
    };
    let mut files = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if codec_of(&name).is_some() || (cfg!(feature = "parquet") && name.ends_with(".parquet")) {
            files.push(entry.path());
        } else if name.ends_with(".parquet") {
            return Err(Error::config(format!(
                "{}: this build of tamis-report reads no Parquet (enable its `parquet` feature)",
                entry.path().display()
            )));
        }
    }
    files.sort();
    Ok(files)
}

/// Whether an area folder exists at all (e.g. `removed/` is absent when the
/// run did not write removed documents).
pub(crate) fn area_exists(out_dir: &Path, area: Area) -> bool {
    out_dir.join(area.dir()).is_dir()
}

/// Outcome of reading one line.
pub(crate) enum Line<'a> {
    /// The line's bytes (without the newline).
    Bytes(&'a [u8]),
    /// The line was longer than [`MAX_LINE_BYTES`] and was skipped.
    TooLong,
    /// A record the file reader could not decode (Parquet), with why.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    Unreadable(String),
}

/// Calls `f(line_number, line)` for each non-empty line of a JSON Lines file
/// (line numbers start at 1). `f` may stop early with `ControlFlow::Break`.
/// A decompression error ends the file with an `Err`.
pub(crate) fn for_each_line(
    path: &Path,
    mut f: impl FnMut(u64, Line<'_>) -> ControlFlow<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    #[cfg(feature = "parquet")]
    if name.ends_with(".parquet") {
        return for_each_parquet_row(path, f);
    }
    let file =
        File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let file = BufReader::with_capacity(1 << 16, file);
    let inner: Box<dyn Read> = match codec_of(&name).unwrap_or(Codec::Plain) {
        Codec::Plain => Box::new(file),
        Codec::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(file)),
        Codec::Zstd => Box::new(
            zstd::stream::read::Decoder::with_buffer(file)
                .map_err(|e| Error::io(format!("cannot start zstd on {}", path.display()), e))?,
        ),
    };
    let mut reader = BufReader::with_capacity(1 << 16, inner);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let (n, complete) =
            read_line_capped(&mut reader, &mut buf, MAX_LINE_BYTES).map_err(|e| {
                Error::io(
                    format!("cannot read {} after line {line_no}", path.display()),
                    e,
                )
            })?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let line = if complete {
            let mut s = buf.as_slice();
            while let [rest @ .., b'\n' | b'\r'] = s {
                s = rest;
            }
            if s.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            Line::Bytes(s)
        } else {
            Line::TooLong
        };
        if f(line_no, line).is_break() {
            return Ok(());
        }
    }
}

/// Parquet files are read with tamis-io's reader (the writer's twin) and
/// each document is handed over in its JSON form, like a JSON Lines line.
#[cfg(feature = "parquet")]
fn for_each_parquet_row(
    path: &Path,
    mut f: impl FnMut(u64, Line<'_>) -> ControlFlow<()>,
) -> Result<()> {
    let mut row = 0u64;
    let mut buf = Vec::new();
    for item in tamis_io::read_documents(path)? {
        row += 1;
        let flow = match item {
            tamis_io::ReadItem::Doc(doc) => {
                buf.clear();
                serde_json::to_writer(&mut buf, &doc.to_json(false))
                    .map_err(|e| Error::data(format!("{}: {e}", path.display())))?;
                f(row, Line::Bytes(&buf))
            }
            tamis_io::ReadItem::Error(e) => {
                f(row, Line::Unreadable(format!("{} ({})", e.reason, e.code)))
            }
            tamis_io::ReadItem::Skipped(_)
            | tamis_io::ReadItem::Warning(_)
            | tamis_io::ReadItem::Removed(_) => ControlFlow::Continue(()),
        };
        if flow.is_break() {
            break;
        }
    }
    Ok(())
}

/// Reads one line into `buf`, keeping at most `cap` bytes; the rest of
/// an over-long line is consumed and discarded. Returns the bytes consumed
/// and whether the line fit.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(usize, bool)> {
    let mut total = 0usize;
    let mut fits = true;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total, fits));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if fits && buf.len() + take <= cap {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            fits = false;
            buf.clear();
        }
        reader.consume(take);
        total += take;
        if done {
            return Ok((total, fits));
        }
    }
}

/// A path shown relative to the output folder (`kept/00000_00000.jsonl.gz`).
pub(crate) fn display_rel(out_dir: &Path, path: &Path) -> String {
    path.strip_prefix(out_dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn recognises_formats() {
        assert_eq!(codec_of("00000_00000.jsonl.gz"), Some(Codec::Gzip));
        assert_eq!(codec_of("00000_00000.jsonl.zst"), Some(Codec::Zstd));
        assert_eq!(codec_of("00000_00000.jsonl"), Some(Codec::Plain));
        assert_eq!(codec_of("stats.json.tmp"), None);
        assert_eq!(codec_of("notes.txt.gz"), None);
    }

    #[test]
    fn reads_gzip_zstd_and_plain_lines_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        fs::create_dir(&kept).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"a\":1}\n\n{\"a\":2}\r\n").unwrap();
        fs::write(kept.join("00000_00000.jsonl.gz"), gz.finish().unwrap()).unwrap();
        fs::write(
            kept.join("00001_00000.jsonl.zst"),
            zstd::encode_all(&b"{\"a\":3}"[..], 1).unwrap(),
        )
        .unwrap();
        fs::write(kept.join("00002_00000.jsonl"), b"{\"a\":4}\n").unwrap();
        fs::write(kept.join(".00003_00000.jsonl.tmp"), b"junk").unwrap();
        let files = list_files(dir.path(), Area::Kept).unwrap();
        assert_eq!(files.len(), 3);
        let mut seen = Vec::new();
        for f in &files {
            for_each_line(f, |n, l| {
                if let Line::Bytes(b) = l {
                    seen.push((n, String::from_utf8_lossy(b).into_owned()));
                }
                ControlFlow::Continue(())
            })
            .unwrap();
        }
        let texts: Vec<&str> = seen.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(texts, ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}", "{\"a\":4}"]);
        // Line numbers count the blank line.
        assert_eq!(seen[1].0, 3);
        assert!(list_files(dir.path(), Area::Removed).unwrap().is_empty());
    }

    #[cfg(not(feature = "parquet"))]
    #[test]
    fn parquet_without_the_feature_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("kept")).unwrap();
        fs::write(dir.path().join("kept/00000_00000.parquet"), b"PAR1").unwrap();
        let e = list_files(dir.path(), Area::Kept).unwrap_err();
        assert!(e.to_string().contains("`parquet` feature"), "{e}");
    }

    #[test]
    fn over_long_lines_are_skipped_not_buffered() {
        let data = [b"short\n".as_slice(), &[b'x'; 100], b"\nnext\n"].concat();
        let mut r = std::io::Cursor::new(data);
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 50).unwrap(), (6, true));
        buf.clear();
        let (n, fits) = read_line_capped(&mut r, &mut buf, 50).unwrap();
        assert!(!fits && n == 101 && buf.is_empty());
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 50).unwrap(), (5, true));
        assert_eq!(buf, b"next\n");
    }
}
