//! Sorted run files: the out-of-core backbone of every dedup step.
//!
//! A [`Sorter`] buffers records up to a byte budget, sorts them and spills a
//! run file; [`merge`] streams any number of run files back in one sorted
//! order (k-way heap merge, with intermediate merges when there are more
//! files than [`MAX_FAN_IN`], so open file handles stay bounded). Records
//! are totally ordered, so the merged order never depends on which thread
//! wrote which run. Files are written under a temporary name and renamed.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tamis_core::{Error, Result};

/// Most run files merged at once; more are first merged in groups.
pub(crate) const MAX_FAN_IN: usize = 128;
const READ_BUF: usize = 64 * 1024;
const WRITE_BUF: usize = 256 * 1024;

/// A fixed or variable-size binary record with a total order.
pub(crate) trait Record: Ord + Send + Sized + 'static {
    /// Appends the encoding to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads one record; `Ok(None)` at a clean end of file.
    fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>>;
    /// Approximate bytes in RAM, for the buffer budget.
    fn mem_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
    }
}

/// Reads exactly `buf.len()` bytes, or reports a clean end of file when none
/// are left (a partial record is an error: the file is truncated).
pub(crate) fn read_exact_or_eof(r: &mut impl BufRead, buf: &mut [u8]) -> io::Result<bool> {
    let mut n = 0;
    while n < buf.len() {
        let got = r.read(&mut buf[n..])?;
        if got == 0 {
            if n == 0 {
                return Ok(false);
            }
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "truncated record in run file",
            ));
        }
        n += got;
    }
    Ok(true)
}

pub(crate) fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

/// Reads a `u32`-length-prefixed UTF-8 string.
pub(crate) fn read_string(r: &mut impl BufRead) -> io::Result<String> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    let mut s = vec![0u8; len];
    r.read_exact(&mut s)?;
    String::from_utf8(s).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Appends a `u32`-length-prefixed string (ids longer than 4 GiB are cut).
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let b = &b[..b.len().min(u32::MAX as usize)];
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

fn io_err(what: &str, path: &Path, e: io::Error) -> Error {
    Error::io(format!("{what} {}", path.display()), e)
}

/// Creates a folder (and parents).
pub(crate) fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| io_err("cannot create folder", path, e))
}

/// Writes records (already in order) to `path` atomically.
pub(crate) fn write_run<R: Record>(
    path: &Path,
    records: impl IntoIterator<Item = Result<R>>,
) -> Result<u64> {
    let mut w = RunWriter::create(path)?;
    for r in records {
        w.push(&r?)?;
    }
    w.finish()
}

/// Streams records into a file under a temporary name; `finish` renames it.
pub(crate) struct RunWriter {
    path: PathBuf,
    tmp: PathBuf,
    out: BufWriter<File>,
    scratch: Vec<u8>,
    count: u64,
    durable: bool,
}

static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

impl RunWriter {
    /// A work file: renamed into place, not synced (a crash redoes the shard).
    pub(crate) fn create(path: &Path) -> Result<RunWriter> {
        RunWriter::open(path, false)
    }

    /// An index file: synced to disk before it is renamed into place.
    pub(crate) fn create_durable(path: &Path) -> Result<RunWriter> {
        RunWriter::open(path, true)
    }

    fn open(path: &Path, durable: bool) -> Result<RunWriter> {
        if let Some(dir) = path.parent() {
            create_dir(dir)?;
        }
        let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let mut name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(format!(".tmp{}-{seq}", std::process::id()));
        let tmp = path.with_file_name(name);
        let f = File::create(&tmp).map_err(|e| io_err("cannot create", &tmp, e))?;
        Ok(RunWriter {
            path: path.to_owned(),
            tmp,
            out: BufWriter::with_capacity(WRITE_BUF, f),
            scratch: Vec::new(),
            count: 0,
            durable,
        })
    }

    pub(crate) fn push<R: Record>(&mut self, r: &R) -> Result<()> {
        self.scratch.clear();
        r.encode(&mut self.scratch);
        self.out
            .write_all(&self.scratch)
            .map_err(|e| io_err("cannot write", &self.tmp, e))?;
        self.count += 1;
        Ok(())
    }

    /// Flushes and renames into place; returns the record count.
    pub(crate) fn finish(self) -> Result<u64> {
        let f = self
            .out
            .into_inner()
            .map_err(|e| io_err("cannot write", &self.tmp, e.into_error()))?;
        if self.durable {
            f.sync_all()
                .map_err(|e| io_err("cannot sync", &self.tmp, e))?;
        }
        drop(f);
        fs::rename(&self.tmp, &self.path)
            .map_err(|e| io_err("cannot rename into", &self.path, e))?;
        Ok(self.count)
    }
}

/// Reads a run file in order.
pub(crate) struct RunReader<R> {
    path: PathBuf,
    r: BufReader<File>,
    _p: std::marker::PhantomData<R>,
}

impl<R: Record> RunReader<R> {
    pub(crate) fn open(path: &Path) -> Result<RunReader<R>> {
        let f = File::open(path).map_err(|e| io_err("cannot open", path, e))?;
        Ok(RunReader {
            path: path.to_owned(),
            r: BufReader::with_capacity(READ_BUF, f),
            _p: std::marker::PhantomData,
        })
    }
    /// Opens `path`, or an empty stream when the file does not exist.
    pub(crate) fn open_or_empty(path: &Path) -> Result<Option<RunReader<R>>> {
        if path.exists() {
            RunReader::open(path).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<R: Record> Iterator for RunReader<R> {
    type Item = Result<R>;
    fn next(&mut self) -> Option<Result<R>> {
        R::decode(&mut self.r)
            .map_err(|e| io_err("cannot read", &self.path, e))
            .transpose()
    }
}

/// Buffers records, spilling sorted runs named `<dir>/<prefix>-NNNNN.run`.
pub(crate) struct Sorter<R> {
    dir: PathBuf,
    prefix: String,
    buf: Vec<R>,
    bytes: usize,
    cap_bytes: usize,
    runs: Vec<PathBuf>,
}

impl<R: Record> Sorter<R> {
    pub(crate) fn new(dir: &Path, prefix: &str, cap_bytes: usize) -> Sorter<R> {
        Sorter {
            dir: dir.to_owned(),
            prefix: prefix.to_owned(),
            buf: Vec::new(),
            bytes: 0,
            cap_bytes: cap_bytes.max(1 << 10),
            runs: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, r: R) -> Result<()> {
        self.bytes += r.mem_bytes();
        self.buf.push(r);
        if self.bytes >= self.cap_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Bytes currently buffered.
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.bytes
    }

    pub(crate) fn spill(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.sort_unstable();
        let path = self
            .dir
            .join(format!("{}-{:05}.run", self.prefix, self.runs.len()));
        write_run(&path, buf.into_iter().map(Ok))?;
        self.runs.push(path);
        self.bytes = 0;
        Ok(())
    }

    /// Spills what is left; returns the run files (possibly none).
    pub(crate) fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.spill()?;
        Ok(self.runs)
    }

    /// Sorts everything and returns one merged stream (small inputs stay in RAM).
    pub(crate) fn into_sorted(
        mut self,
        tmp_dir: &Path,
    ) -> Result<Box<dyn Iterator<Item = Result<R>> + Send>> {
        if self.runs.is_empty() {
            let mut buf = std::mem::take(&mut self.buf);
            buf.sort_unstable();
            return Ok(Box::new(buf.into_iter().map(Ok)));
        }
        let runs = self.finish()?;
        Ok(Box::new(merge::<R>(&runs, tmp_dir)?))
    }
}

/// The k-way merge of sorted run files.
pub(crate) struct Merge<R> {
    readers: Vec<RunReader<R>>,
    heap: BinaryHeap<Reverse<(R, usize)>>,
    failed: bool,
}

impl<R: Record> Iterator for Merge<R> {
    type Item = Result<R>;
    fn next(&mut self) -> Option<Result<R>> {
        if self.failed {
            return None;
        }
        let Reverse((rec, i)) = self.heap.pop()?;
        if let Some(reader) = self.readers.get_mut(i) {
            match reader.next() {
                Some(Ok(n)) => self.heap.push(Reverse((n, i))),
                Some(Err(e)) => {
                    self.failed = true;
                    return Some(Err(e));
                }
                None => {}
            }
        }
        Some(Ok(rec))
    }
}

fn open_merge<R: Record>(paths: &[PathBuf]) -> Result<Merge<R>> {
    let mut readers = Vec::with_capacity(paths.len());
    let mut heap = BinaryHeap::with_capacity(paths.len());
    for p in paths {
        let mut r = RunReader::<R>::open(p)?;
        if let Some(first) = r.next() {
            heap.push(Reverse((first?, readers.len())));
        }
        readers.push(r);
    }
    Ok(Merge {
        readers,
        heap,
        failed: false,
    })
}

/// Merges sorted run files into one sorted stream. With more than
/// [`MAX_FAN_IN`] files, groups are first merged into files under `tmp_dir`.
pub(crate) fn merge<R: Record>(paths: &[PathBuf], tmp_dir: &Path) -> Result<Merge<R>> {
    let mut level: Vec<PathBuf> = paths.to_vec();
    let mut round = 0;
    while level.len() > MAX_FAN_IN {
        let mut next = Vec::new();
        for (g, group) in level.chunks(MAX_FAN_IN).enumerate() {
            let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
            let out = tmp_dir.join(format!(
                "merge-{}-{round}-{g}-{seq}.run",
                std::process::id()
            ));
            write_run(&out, open_merge::<R>(group)?)?;
            next.push(out);
        }
        level = next;
        round += 1;
    }
    open_merge(&level)
}

/// Removes files in `dir` whose names start with `prefix` (stale runs of an
/// earlier, interrupted attempt at the same shard).
pub(crate) fn remove_prefixed(dir: &Path, prefix: &str) -> Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err("cannot list", dir, e)),
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let p = entry.path();
            if p.is_dir() {
                fs::remove_dir_all(&p).map_err(|e| io_err("cannot remove", &p, e))?;
            } else {
                fs::remove_file(&p).map_err(|e| io_err("cannot remove", &p, e))?;
            }
        }
    }
    Ok(())
}

/// Run files in `dir` whose names start with `prefix`, sorted by name.
pub(crate) fn list_runs(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err("cannot list", dir, e)),
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(prefix) && n.ends_with(".run")
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

/// Run files of shards `0..num_shards` in `dir` (names `sNNNNNN-….run`), so
/// runs left by an earlier, larger run in the same work folder are ignored.
pub(crate) fn list_shard_runs(dir: &Path, num_shards: u32) -> Result<Vec<PathBuf>> {
    let mut runs = list_runs(dir, "s")?;
    runs.retain(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.get(1..)
            .and_then(|r| r.split('-').next())
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|s| s < num_shards)
    });
    Ok(runs)
}

/// Writes a small text file atomically.
pub(crate) fn write_small(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    // unique per call: several threads may write the same small file at once
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{seq}", std::process::id()));
    let mut f = File::create(&tmp).map_err(|e| io_err("cannot write", &tmp, e))?;
    f.write_all(contents.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| io_err("cannot write", &tmp, e))?;
    drop(f);
    fs::rename(&tmp, path).map_err(|e| io_err("cannot rename into", path, e))
}

/// Reads a small text file.
pub(crate) fn read_small(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| io_err("cannot read", path, e))
}

/// Streams the per-shard decisions of the reduce pass to an applier:
/// records sorted by ordinal; `take(ordinal)` returns those for one document.
pub(crate) struct Decisions<R> {
    reader: Option<RunReader<R>>,
    peeked: Option<R>,
}

/// A decision record addressed to one document of a shard.
pub(crate) trait Addressed {
    fn ordinal(&self) -> u64;
}

impl<R: Record + Addressed> Decisions<R> {
    pub(crate) fn open(path: &Path) -> Result<Decisions<R>> {
        let mut reader = RunReader::<R>::open_or_empty(path)?;
        let peeked = match reader.as_mut().and_then(|r| r.next()) {
            Some(r) => Some(r?),
            None => None,
        };
        Ok(Decisions { reader, peeked })
    }

    /// The decisions for the document at `ordinal` (documents must be asked
    /// for in increasing ordinal order; earlier leftovers are skipped).
    pub(crate) fn take(&mut self, ordinal: u64, out: &mut Vec<R>) -> Result<()> {
        out.clear();
        while let Some(p) = &self.peeked {
            let o = p.ordinal();
            if o > ordinal {
                break;
            }
            let next = match self.reader.as_mut().and_then(|r| r.next()) {
                Some(r) => Some(r?),
                None => None,
            };
            if let Some(cur) = std::mem::replace(&mut self.peeked, next) {
                if o == ordinal {
                    out.push(cur);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(PartialEq, Eq, PartialOrd, Ord, Debug, Clone, Copy)]
    struct U(u64);
    impl Record for U {
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
        }
        fn decode(r: &mut impl BufRead) -> io::Result<Option<Self>> {
            let mut b = [0u8; 8];
            Ok(read_exact_or_eof(r, &mut b)?.then(|| U(u64::from_le_bytes(b))))
        }
    }

    #[test]
    fn spills_and_merges_in_order_with_many_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Sorter::<U>::new(dir.path(), "t", 0);
        // the cap is raised to 1 KiB = 128 records per run → 391 runs → intermediate merges
        let mut all = Vec::new();
        let mut x = 7u64;
        for _ in 0..50_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            all.push(x >> 20);
            s.push(U(x >> 20)).unwrap();
        }
        let runs = s.finish().unwrap();
        assert!(runs.len() > MAX_FAN_IN, "{} runs", runs.len());
        let merged: Vec<u64> = merge::<U>(&runs, dir.path())
            .unwrap()
            .map(|r| r.unwrap().0)
            .collect();
        all.sort_unstable();
        assert_eq!(merged, all);
    }

    #[test]
    fn truncated_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.run");
        fs::write(&p, [1u8, 2, 3]).unwrap();
        let mut r = RunReader::<U>::open(&p).unwrap();
        assert!(r.next().unwrap().is_err());
    }
}
