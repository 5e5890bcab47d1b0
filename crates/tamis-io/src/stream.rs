//! The byte layer every reader sits on: a file that counts what it read, a
//! buffer with look-ahead, and transparent decompression (gzip, zstd) with a
//! cap on decompressed bytes.
//!
//! Errors that a reader turns into error records (a corrupt gzip member, the
//! decompression cap) travel as `io::Error`s carrying a [`StreamError`], and
//! [`ByteBuf`] delivers them *after* the good bytes read before them, so a
//! parser sees exactly where the data broke.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::gzip::GzMembers;

/// Buffer size for compressed and decompressed bytes.
pub(crate) const BUF_SIZE: usize = 1 << 20;

/// A problem in the byte stream below a parser (decompression), with the
/// error-record code it becomes.
#[derive(Debug, Clone)]
pub(crate) struct StreamError {
    /// Error-record code (`gzip_corrupt`, `truncated`, `decompressed_too_large`, ...).
    pub code: &'static str,
    /// Compressed offset where the problem was found (start of the bad member for gzip).
    pub offset: u64,
    /// Human-readable reason.
    pub reason: String,
    /// True when nothing more can be read from the file.
    pub fatal: bool,
    /// True when the bytes delivered just before this error are suspect too
    /// (a gzip checksum mismatch is only detected after the member's data).
    pub taints_previous: bool,
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for StreamError {}

impl StreamError {
    pub(crate) fn into_io(self) -> io::Error {
        io::Error::other(self)
    }
    /// The stream error inside an `io::Error`, or a fatal `io_error` for any other error.
    pub(crate) fn from_io(e: &io::Error) -> StreamError {
        if let Some(s) = e.get_ref().and_then(|x| x.downcast_ref::<StreamError>()) {
            return s.clone();
        }
        let code = if e.kind() == io::ErrorKind::UnexpectedEof {
            "truncated"
        } else {
            "io_error"
        };
        StreamError {
            code,
            offset: 0,
            reason: format!("read failed: {e}"),
            fatal: true,
            taints_previous: false,
        }
    }
}

/// A file (local, or a remote object streamed by [`crate::remote`]) that
/// publishes how many bytes were read from it (its position), for progress
/// reporting from another thread.
pub(crate) struct CountingFile {
    file: Source,
    count: Arc<AtomicU64>,
}

enum Source {
    Local(File),
    #[cfg(feature = "remote")]
    Remote(crate::remote::RemoteFile),
}

impl CountingFile {
    /// Opens a local path, or a URL when [`crate::remote::is_remote`] says it is one.
    pub(crate) fn open(path: &Path) -> io::Result<(CountingFile, Arc<AtomicU64>)> {
        let file = match path.to_str() {
            #[cfg(feature = "remote")]
            Some(url) if crate::remote::is_remote(url) => {
                // The caller names the URL; keep only what went wrong.
                let f = crate::remote::RemoteFile::open(url).map_err(|e| {
                    let msg = e.to_string();
                    io::Error::other(
                        msg.strip_prefix(url)
                            .and_then(|m| m.strip_prefix(": "))
                            .unwrap_or(&msg)
                            .to_owned(),
                    )
                })?;
                Source::Remote(f)
            }
            #[cfg(not(feature = "remote"))]
            Some(url) if crate::remote::is_remote(url) => {
                return Err(io::Error::other(crate::remote::unsupported(url)))
            }
            _ => Source::Local(File::open(path)?),
        };
        let count = Arc::new(AtomicU64::new(0));
        Ok((
            CountingFile {
                file,
                count: count.clone(),
            },
            count,
        ))
    }
}

impl Read for CountingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.file {
            Source::Local(f) => f.read(buf)?,
            #[cfg(feature = "remote")]
            Source::Remote(f) => f.read(buf)?,
        };
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for CountingFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let p = match &mut self.file {
            Source::Local(f) => f.seek(pos)?,
            #[cfg(feature = "remote")]
            Source::Remote(f) => f.seek(pos)?,
        };
        self.count.store(p, Ordering::Relaxed);
        Ok(p)
    }
}

/// What [`ByteBuf::read_line`] found.
pub(crate) enum Line {
    /// A line (without its end) is in the output.
    Full,
    /// The stream ended; the output holds what came before the end.
    End,
    /// Longer than the cap; skipped.
    TooLong,
    Err(io::Error),
}

/// A read buffer with look-ahead (`peek(n)`) and positioned errors: a read
/// error is held back until the bytes read before it are consumed.
pub(crate) struct ByteBuf<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    /// Stream offset of `buf[start]`.
    pos: u64,
    eof: bool,
    err: Option<io::Error>,
}

impl<R: Read> ByteBuf<R> {
    pub(crate) fn new(inner: R) -> ByteBuf<R> {
        ByteBuf::with_capacity(inner, BUF_SIZE)
    }

    pub(crate) fn with_capacity(inner: R, cap: usize) -> ByteBuf<R> {
        ByteBuf {
            inner,
            buf: vec![0; cap.max(64)].into_boxed_slice(),
            start: 0,
            end: 0,
            pos: 0,
            eof: false,
            err: None,
        }
    }

    /// Reads one line into `out` (cleared first; no `\n` or `\r\n`), at
    /// most `cap` bytes: a longer line is consumed and reported `TooLong`.
    pub(crate) fn read_line(&mut self, out: &mut Vec<u8>, cap: usize) -> Line {
        out.clear();
        let mut too_long = false;
        loop {
            let buf = match self.fill() {
                Ok(b) => b,
                Err(e) => return Line::Err(e),
            };
            if buf.is_empty() {
                return if too_long { Line::TooLong } else { Line::End };
            }
            let (chunk, found) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            if !too_long && out.len() + chunk.len() <= cap {
                out.extend_from_slice(chunk);
            } else {
                too_long = true;
            }
            let n = chunk.len() + found as usize;
            self.consume(n);
            if found {
                if out.last() == Some(&b'\r') {
                    out.pop();
                }
                return if too_long { Line::TooLong } else { Line::Full };
            }
        }
    }

    /// Offset of the next unconsumed byte in the stream.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }

    /// Reads once more into the buffer; returns false at end of stream or on
    /// error (kept pending).
    fn read_more(&mut self) -> bool {
        if self.eof || self.err.is_some() {
            return false;
        }
        if self.end == self.buf.len() {
            if self.start == 0 {
                return false;
            }
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.end += n;
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.err = Some(e);
                    return false;
                }
            }
        }
    }

    /// The available bytes, reading more if none are. Empty at end of stream;
    /// `Err` once the good bytes before an error are consumed.
    pub(crate) fn fill(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            self.read_more();
            if self.start == self.end {
                if let Some(e) = self.err.take() {
                    return Err(e);
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    /// Up to `n` bytes (at most the capacity) without consuming them; fewer
    /// only at end of stream or before a pending error (see [`Self::take_error`]).
    pub(crate) fn peek(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.buf.len());
        while self.end - self.start < n && self.read_more() {}
        let have = (self.end - self.start).min(n);
        &self.buf[self.start..self.start + have]
    }

    /// Takes the error pending after the buffered bytes, if there is one.
    /// Meant for when `peek` returned too few bytes.
    pub(crate) fn take_error(&mut self) -> Option<io::Error> {
        if self.start == self.end {
            self.err.take()
        } else {
            None
        }
    }

    /// True when an error waits after the buffered bytes.
    pub(crate) fn has_error(&self) -> bool {
        self.err.is_some()
    }

    /// True when the pending bytes are exhausted and the stream ended cleanly.
    #[cfg(test)]
    pub(crate) fn at_eof(&mut self) -> bool {
        self.peek(1).is_empty() && self.err.is_none()
    }

    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.pos += n as u64;
    }

    /// Skips up to `n` bytes; returns how many were skipped (fewer at end of
    /// stream) or the stream error that stopped it.
    pub(crate) fn skip(&mut self, mut n: u64) -> io::Result<u64> {
        let want = n;
        while n > 0 {
            let avail = self.fill()?.len();
            if avail == 0 {
                break;
            }
            let k = (avail as u64).min(n) as usize;
            self.consume(k);
            n -= k as u64;
        }
        Ok(want - n)
    }

    /// Appends up to `n` bytes to `out`; returns how many (fewer at end of stream).
    pub(crate) fn read_into(&mut self, out: &mut Vec<u8>, mut n: u64) -> io::Result<u64> {
        let want = n;
        while n > 0 {
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            let k = (avail.len() as u64).min(n) as usize;
            out.extend_from_slice(&avail[..k]);
            self.consume(k);
            n -= k as u64;
        }
        Ok(want - n)
    }

    /// Puts `bytes` back in front of the unconsumed bytes (they are read
    /// again next); the stream offset moves back by their length.
    pub(crate) fn unread(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if n <= self.start {
            self.start -= n;
            self.buf[self.start..self.start + n].copy_from_slice(bytes);
        } else {
            let mut v = Vec::with_capacity((n + self.end - self.start).max(self.buf.len()));
            v.extend_from_slice(bytes);
            v.extend_from_slice(&self.buf[self.start..self.end]);
            self.end = v.len();
            v.resize(v.capacity().max(self.buf.len()), 0);
            self.buf = v.into_boxed_slice();
            self.start = 0;
        }
        self.pos = self.pos.saturating_sub(n as u64);
    }
}

impl<R: Read + Seek> ByteBuf<R> {
    /// Moves to absolute offset `pos`, dropping buffered bytes and any pending error.
    pub(crate) fn seek_to(&mut self, pos: u64) -> io::Result<()> {
        self.inner.seek(SeekFrom::Start(pos))?;
        self.start = 0;
        self.end = 0;
        self.pos = pos;
        self.eof = false;
        self.err = None;
        Ok(())
    }
}

impl<R: Read> Read for ByteBuf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill()?;
        let k = avail.len().min(out.len());
        out[..k].copy_from_slice(&avail[..k]);
        self.consume(k);
        Ok(k)
    }
}

impl<R: Read> io::BufRead for ByteBuf<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.fill()
    }
    fn consume(&mut self, n: usize) {
        ByteBuf::consume(self, n)
    }
}

/// Compression of a file, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub(crate) fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// Decompressed bytes of a file, whatever its compression.
pub(crate) enum Decoder {
    Plain(ByteBuf<CountingFile>),
    Gzip(Limited<GzMembers<CountingFile>>),
    Zstd(Limited<zstd::stream::read::Decoder<'static, ByteBuf<CountingFile>>>),
}

impl Decoder {
    /// Opens `path` (a local file or an object URL), detecting compression from magic bytes.
    pub(crate) fn open(
        path: &Path,
        max_decompressed: u64,
    ) -> io::Result<(Decoder, Arc<AtomicU64>, Compression)> {
        let (file, count) = CountingFile::open(path)?;
        let mut raw = ByteBuf::new(file);
        let comp = Compression::sniff(raw.peek(4));
        if let Some(e) = raw.take_error() {
            return Err(e);
        }
        let dec = match comp {
            Compression::None => Decoder::Plain(raw),
            Compression::Gzip => Decoder::Gzip(Limited::new(GzMembers::new(raw), max_decompressed)),
            Compression::Zstd => {
                let z = zstd::stream::read::Decoder::with_buffer(raw)?;
                Decoder::Zstd(Limited::new(z, max_decompressed))
            }
        };
        Ok((dec, count, comp))
    }
}

impl Read for Decoder {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoder::Plain(r) => r.read(out),
            Decoder::Gzip(r) => r.read(out),
            Decoder::Zstd(r) => r.read(out).map_err(|e| {
                if e.get_ref().is_some_and(|x| x.is::<StreamError>()) {
                    e
                } else {
                    StreamError {
                        code: "zstd_corrupt",
                        offset: 0,
                        reason: format!("zstd: {e}"),
                        fatal: true,
                        taints_previous: false,
                    }
                    .into_io()
                }
            }),
        }
    }
}

/// Caps the decompressed bytes of a file (gzip-bomb guard); past the cap it
/// fails once with `decompressed_too_large`, then reads as empty.
pub(crate) struct Limited<R> {
    inner: R,
    left: u64,
    limit: u64,
    over: bool,
    done: bool,
}

impl<R> Limited<R> {
    fn new(inner: R, limit: u64) -> Limited<R> {
        Limited {
            inner,
            left: limit,
            limit,
            over: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        // Ask for one byte past the cap so that reaching it exactly is fine.
        let want = (out.len() as u64).min(self.left.saturating_add(1)) as usize;
        if self.left == 0 && self.over {
            self.done = true;
            return Err(StreamError {
                code: "decompressed_too_large",
                offset: 0,
                reason: format!("more than {} decompressed bytes (max_decompressed_bytes); rest of file skipped", self.limit),
                fatal: true,
                taints_previous: false,
            }
            .into_io());
        }
        let n = self.inner.read(&mut out[..want])?;
        if n as u64 > self.left {
            // Deliver the bytes up to the cap; fail on the next read.
            self.over = true;
            let k = self.left as usize;
            self.left = 0;
            return if k > 0 { Ok(k) } else { self.read(out) };
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Chunks(Vec<io::Result<Vec<u8>>>);
    impl Read for Chunks {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            match self.0.remove(0) {
                Ok(mut v) => {
                    if v.len() > out.len() {
                        let rest = v.split_off(out.len());
                        self.0.insert(0, Ok(rest));
                    }
                    out[..v.len()].copy_from_slice(&v);
                    Ok(v.len())
                }
                Err(e) => Err(e),
            }
        }
    }

    #[test]
    fn errors_come_after_the_good_bytes() {
        let src = Chunks(vec![
            Ok(b"abc".to_vec()),
            Err(io::Error::other("boom")),
            Ok(b"de".to_vec()),
        ]);
        let mut b = ByteBuf::with_capacity(src, 64);
        assert_eq!(b.peek(10), b"abc");
        assert!(b.take_error().is_none(), "bytes still pending");
        b.consume(3);
        assert_eq!(b.pos(), 3);
        assert!(b.take_error().is_some());
        assert_eq!(b.peek(10), b"de");
        b.consume(2);
        assert!(b.at_eof());
    }

    #[test]
    fn peek_compacts_across_refills() {
        let src = Chunks((0..10).map(|i| Ok(vec![b'a' + i; 10])).collect());
        let mut b = ByteBuf::with_capacity(src, 64);
        b.peek(60);
        b.consume(55);
        assert_eq!(b.peek(20).len(), 20, "compaction makes room");
        let mut v = Vec::new();
        assert_eq!(b.read_into(&mut v, 100).unwrap(), 45);
        assert_eq!(b.skip(5).unwrap(), 0);
        b.unread(b"xyz");
        assert_eq!(b.pos(), 97);
        assert_eq!(b.peek(10), b"xyz");
        b.unread(&[b'q'; 90]);
        assert_eq!(b.peek(200).len(), 93);
        assert_eq!(b.pos(), 7);
    }

    #[test]
    fn limit_stops_bombs() {
        let mut l = Limited::new(&b"0123456789"[..], 4);
        let mut out = [0u8; 16];
        assert_eq!(
            l.read(&mut out).unwrap(),
            4,
            "bytes up to the cap are delivered"
        );
        assert!(l.read(&mut out).is_err());
        assert_eq!(l.read(&mut out).unwrap(), 0);
        let mut l = Limited::new(&b"0123"[..], 4);
        assert_eq!(l.read(&mut out).unwrap(), 4);
        assert_eq!(l.read(&mut out).unwrap(), 0);
    }
}
