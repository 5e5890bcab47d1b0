//! Token files trainers read, written in document order, one sequence per
//! document, each file through a temporary name and a rename:
//!
//! - `megatron`: Megatron-LM's indexed dataset, `PREFIX.bin` (the tokens)
//!   and `PREFIX.idx` (`MMIDIDX` header, version 1, dtype code, sequence
//!   lengths as int32, byte pointers as int64, document indices as int64);
//!   uint16 tokens when the vocabulary fits, else int32, as Megatron picks.
//! - `datatrove`: datatrove's `DocumentTokenizer` files, `PREFIX.ds` (the
//!   tokens, 2 or 4 bytes each), `PREFIX.ds.index` (uint64 end of each
//!   document, in tokens) and `PREFIX.ds.metadata` (`name|token_size`,
//!   the token count, the count for people).
//! - `npy`: NumPy `.npy` files, `PREFIX.npy` (one flat uint16/uint32 array,
//!   `np.load(..., mmap_mode="r")`) and `PREFIX.offsets.npy` (int64, the
//!   start of each document and the end of the last).
//!
//! A new file starts once `max_tokens_per_file` tokens are written (never
//! inside a document): `PREFIX` is `tokens-00000`, `tokens-00001`, ...

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tamis_core::{Error, Result};

/// A trainer format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Megatron-LM `.bin` + `.idx`.
    Megatron,
    /// datatrove/nanotron `.ds` + `.ds.index` + `.ds.metadata`.
    Datatrove,
    /// NumPy `.npy` tokens + `.offsets.npy`.
    Npy,
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s {
            "megatron" => Ok(Format::Megatron),
            "datatrove" | "nanotron" => Ok(Format::Datatrove),
            "npy" => Ok(Format::Npy),
            other => Err(Error::config(format!(
                "unknown token format `{other}`: use megatron, datatrove or npy"
            ))),
        }
    }
}

/// What one file holds so far.
struct Open {
    prefix: PathBuf,
    tokens: BufWriter<File>,
    tokens_tmp: PathBuf,
    /// Tokens per document.
    lens: Vec<u32>,
    written: u64,
}

/// Writes documents' token sequences into rotating files of one format.
pub struct ShardWriter {
    dir: PathBuf,
    format: Format,
    /// Bytes per token: 2 when every id fits in 16 bits.
    width: usize,
    tokenizer: String,
    max_tokens_per_file: u64,
    open: Option<Open>,
    files: Vec<PathBuf>,
    next: usize,
    /// Tokens written over all files.
    pub tokens: u64,
    /// Documents written over all files.
    pub documents: u64,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(format!("writing {}", path.display()), e)
}

impl ShardWriter {
    /// A writer into `dir` (created). `vocab` is the largest token id plus
    /// one; `max_tokens_per_file` 0 means one file.
    pub fn new(
        dir: &Path,
        format: Format,
        vocab: u32,
        tokenizer: &str,
        max_tokens_per_file: u64,
    ) -> Result<ShardWriter> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let width = match format {
            // Megatron uses uint16 below 65,500 tokens (its `optimal_dtype`).
            Format::Megatron if vocab < 65_500 => 2,
            Format::Datatrove | Format::Npy if vocab <= 65_536 => 2,
            _ => 4,
        };
        Ok(ShardWriter {
            dir: dir.to_path_buf(),
            format,
            width,
            tokenizer: tokenizer.to_owned(),
            max_tokens_per_file,
            open: None,
            files: Vec::new(),
            next: 0,
            tokens: 0,
            documents: 0,
        })
    }

    /// Bytes per token in the files.
    pub fn token_bytes(&self) -> usize {
        self.width
    }

    fn tokens_name(&self, prefix: &Path) -> PathBuf {
        let ext = match self.format {
            Format::Megatron => "bin",
            Format::Datatrove => "ds",
            Format::Npy => "npy",
        };
        prefix.with_extension(ext)
    }

    fn start(&mut self) -> Result<&mut Open> {
        if self.open.is_none() {
            let prefix = self.dir.join(format!("tokens-{:05}", self.next));
            self.next += 1;
            let tmp = tmp_name(&self.tokens_name(&prefix));
            let mut tokens =
                BufWriter::with_capacity(1 << 20, File::create(&tmp).map_err(io(&tmp))?);
            if self.format == Format::Npy {
                // The header, rewritten with the real length at the end.
                tokens
                    .write_all(&npy_header(self.npy_dtype(), 0))
                    .map_err(io(&tmp))?;
            }
            self.open = Some(Open {
                prefix,
                tokens,
                tokens_tmp: tmp,
                lens: Vec::new(),
                written: 0,
            });
        }
        Ok(self.open.as_mut().expect("just opened"))
    }

    fn npy_dtype(&self) -> &'static str {
        if self.width == 2 {
            "<u2"
        } else {
            "<u4"
        }
    }

    /// Appends one document's tokens.
    pub fn push(&mut self, ids: &[u32]) -> Result<()> {
        let width = self.width;
        let signed = self.format == Format::Megatron;
        let max = self.max_tokens_per_file;
        let o = self.start()?;
        let mut buf = Vec::with_capacity(ids.len() * width);
        for &id in ids {
            if width == 2 {
                buf.extend_from_slice(&(id as u16).to_le_bytes());
            } else if signed {
                buf.extend_from_slice(&(id as i32).to_le_bytes());
            } else {
                buf.extend_from_slice(&id.to_le_bytes());
            }
        }
        o.tokens.write_all(&buf).map_err(io(&o.tokens_tmp))?;
        let n = u32::try_from(ids.len())
            .map_err(|_| Error::data("a document of more than 4 billion tokens"))?;
        o.lens.push(n);
        o.written += u64::from(n);
        let full = max > 0 && o.written >= max;
        self.tokens += u64::from(n);
        self.documents += 1;
        if full {
            self.close()?;
        }
        Ok(())
    }

    /// Finishes the current file: its index files, then the renames.
    fn close(&mut self) -> Result<()> {
        let Some(o) = self.open.take() else {
            return Ok(());
        };
        let mut f = o
            .tokens
            .into_inner()
            .map_err(|e| io(&o.tokens_tmp)(e.into_error()))?;
        if self.format == Format::Npy {
            use std::io::{Seek, SeekFrom};
            f.seek(SeekFrom::Start(0)).map_err(io(&o.tokens_tmp))?;
            f.write_all(&npy_header(self.npy_dtype(), o.written))
                .map_err(io(&o.tokens_tmp))?;
        }
        f.sync_all().map_err(io(&o.tokens_tmp))?;
        let mut side: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        match self.format {
            Format::Megatron => {
                let n = o.lens.len() as u64;
                let mut idx = Vec::with_capacity(34 + o.lens.len() * 20);
                idx.extend_from_slice(b"MMIDIDX\x00\x00");
                idx.extend_from_slice(&1u64.to_le_bytes());
                idx.push(if self.width == 2 { 8 } else { 4 });
                idx.extend_from_slice(&n.to_le_bytes());
                idx.extend_from_slice(&(n + 1).to_le_bytes());
                for &l in &o.lens {
                    idx.extend_from_slice(&(l as i32).to_le_bytes());
                }
                let mut ptr = 0i64;
                for &l in &o.lens {
                    idx.extend_from_slice(&ptr.to_le_bytes());
                    ptr += i64::from(l) * self.width as i64;
                }
                for d in 0..=n as i64 {
                    idx.extend_from_slice(&d.to_le_bytes());
                }
                side.push((o.prefix.with_extension("idx"), idx));
            }
            Format::Datatrove => {
                let mut index = Vec::with_capacity(o.lens.len() * 8);
                let mut end = 0u64;
                for &l in &o.lens {
                    end += u64::from(l);
                    index.extend_from_slice(&end.to_le_bytes());
                }
                side.push((o.prefix.with_extension("ds.index"), index));
                let meta = format!(
                    "{}|{}\n{}\n{}",
                    self.tokenizer,
                    self.width,
                    o.written,
                    human(o.written)
                );
                side.push((o.prefix.with_extension("ds.metadata"), meta.into_bytes()));
            }
            Format::Npy => {
                let mut off = npy_header("<i8", o.lens.len() as u64 + 1);
                let mut at = 0i64;
                off.extend_from_slice(&at.to_le_bytes());
                for &l in &o.lens {
                    at += i64::from(l);
                    off.extend_from_slice(&at.to_le_bytes());
                }
                side.push((o.prefix.with_extension("offsets.npy"), off));
            }
        }
        for (path, bytes) in side {
            tamis_core::write_atomic(&path, &bytes)?;
            self.files.push(path);
        }
        let final_name = self.tokens_name(&o.prefix);
        std::fs::rename(&o.tokens_tmp, &final_name).map_err(io(&final_name))?;
        self.files.push(final_name);
        Ok(())
    }

    /// Finishes the last file; returns every file written.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.close()?;
        Ok(self.files)
    }
}

/// `NAME.tmp` beside `NAME`: where a file is written before its rename.
fn tmp_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// A `.npy` version 1.0 header for a 1-D little-endian array of `len`
/// items, padded to 128 bytes.
fn npy_header(dtype: &str, len: u64) -> Vec<u8> {
    let dict = format!("{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({len},), }}");
    let mut h = b"\x93NUMPY\x01\x00".to_vec();
    let total = 128usize;
    let pad = total - 10 - dict.len() - 1;
    h.extend_from_slice(&((total - 10) as u16).to_le_bytes());
    h.extend_from_slice(dict.as_bytes());
    h.extend(std::iter::repeat_n(b' ', pad));
    h.push(b'\n');
    h
}

/// `12.3KT`-style counts, as datatrove's metadata writes them.
fn human(n: u64) -> String {
    let (v, unit) = match n {
        0..=999 => return format!("{n}T"),
        1_000..=999_999 => (n as f64 / 1e3, "K"),
        1_000_000..=999_999_999 => (n as f64 / 1e6, "M"),
        _ => (n as f64 / 1e9, "G"),
    };
    format!("{v:.1}{unit}T")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> Vec<u8> {
        std::fs::read(p).unwrap()
    }

    #[test]
    fn megatron_index_layout() {
        let dir = tempdir("mega");
        let mut w = ShardWriter::new(&dir, Format::Megatron, 50_257, "r50k_base", 0).unwrap();
        w.push(&[1, 2, 3]).unwrap();
        w.push(&[50_256]).unwrap();
        let files = w.finish().unwrap();
        assert_eq!(files.len(), 2);
        let bin = read(&dir.join("tokens-00000.bin"));
        assert_eq!(bin, [1, 0, 2, 0, 3, 0, 0x50, 0xC4]);
        let idx = read(&dir.join("tokens-00000.idx"));
        assert_eq!(&idx[..9], b"MMIDIDX\x00\x00");
        assert_eq!(idx[17], 8); // uint16
        let u64_at = |i: usize| u64::from_le_bytes(idx[i..i + 8].try_into().unwrap());
        assert_eq!((u64_at(18), u64_at(26)), (2, 3));
        assert_eq!(&idx[34..42], [3, 0, 0, 0, 1, 0, 0, 0]); // lengths
        assert_eq!(u64_at(42), 0); // pointers
        assert_eq!(u64_at(50), 6);
        assert_eq!((u64_at(58), u64_at(66), u64_at(74)), (0, 1, 2)); // document indices
        assert_eq!(idx.len(), 82);
    }

    #[test]
    fn datatrove_and_npy_files_and_rotation() {
        let dir = tempdir("dt");
        let mut w = ShardWriter::new(&dir, Format::Datatrove, 100_277, "cl100k_base", 4).unwrap();
        for doc in [&[1u32, 2][..], &[3, 4, 5], &[6]] {
            w.push(doc).unwrap();
        }
        let files = w.finish().unwrap();
        // 2 + 3 tokens reach 4: a second file for the last document.
        assert!(
            files.iter().any(|f| f.ends_with("tokens-00001.ds")),
            "{files:?}"
        );
        let index = read(&dir.join("tokens-00000.ds.index"));
        assert_eq!(
            index,
            [2u64, 5]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect::<Vec<_>>()
        );
        assert_eq!(read(&dir.join("tokens-00000.ds")).len(), 5 * 4);
        let meta = String::from_utf8(read(&dir.join("tokens-00000.ds.metadata"))).unwrap();
        assert!(meta.starts_with("cl100k_base|4\n5\n"), "{meta}");

        let dir = tempdir("npy");
        let mut w = ShardWriter::new(&dir, Format::Npy, 50_257, "r50k_base", 0).unwrap();
        w.push(&[7, 8]).unwrap();
        w.push(&[9]).unwrap();
        w.finish().unwrap();
        let t = read(&dir.join("tokens-00000.npy"));
        assert_eq!(&t[..6], b"\x93NUMPY");
        assert_eq!(t.len(), 128 + 3 * 2);
        let header = String::from_utf8_lossy(&t[10..128]).to_string();
        assert!(
            header.contains("'descr': '<u2'") && header.contains("'shape': (3,)"),
            "{header}"
        );
        let off = read(&dir.join("tokens-00000.offsets.npy"));
        assert_eq!(
            &off[128..],
            [0i64, 2, 3]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect::<Vec<_>>()
        );
    }

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tamis-tokens-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}
