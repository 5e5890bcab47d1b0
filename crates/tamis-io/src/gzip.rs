//! A gzip decoder for multi-member files that survives corruption.
//!
//! WARC files are usually one gzip member per record, but single-stream and
//! arbitrary multi-member files are valid too, so members are decoded as one
//! continuous stream. On a bad member (invalid deflate data, bad header,
//! checksum mismatch) the decoder reports one [`StreamError`] and resyncs: it
//! scans the compressed bytes after the bad member's start for the next
//! member header (`1f 8b 08`) and goes on from there, so records after the
//! damage are still read. A failed candidate during a resync is skipped
//! silently (one error per damaged region).

use std::io::{self, Read, Seek};

use crc32fast::Hasher as Crc;
use flate2::{Decompress, FlushDecompress, Status};

use crate::stream::{ByteBuf, StreamError};

const FTEXT_MASK_RESERVED: u8 = 0xE0;
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
/// Longest file name / comment accepted in a member header.
const MAX_HEADER_STRING: u64 = 1 << 16;

enum State {
    /// At a member header (or the end of the file).
    Header,
    /// Inside a member's deflate data.
    Body,
    /// After an error: scan for the next member header from this offset.
    Resync(u64),
    Done,
}

/// Decodes every gzip member of a stream, in order.
pub(crate) struct GzMembers<R> {
    src: ByteBuf<R>,
    state: State,
    inflate: Decompress,
    /// CRC-32 of the member's output (crc32fast: SIMD; flate2's `Crc` with the
    /// zlib-rs backend took 18% of the read time).
    crc: Crc,
    /// Bytes of the member's output, modulo 2^32 (gzip ISIZE).
    size: u32,
    member_start: u64,
    /// Output bytes of the current member already returned.
    delivered: u64,
    /// Set after an error until a member decodes cleanly: further failures
    /// belong to the same damaged region and are not reported again.
    quiet: bool,
}

impl<R: Read + Seek> GzMembers<R> {
    pub(crate) fn new(src: ByteBuf<R>) -> GzMembers<R> {
        GzMembers {
            src,
            state: State::Header,
            inflate: Decompress::new(false),
            crc: Crc::new(),
            size: 0,
            member_start: 0,
            delivered: 0,
            quiet: false,
        }
    }

    fn fail(&mut self, code: &'static str, reason: String, next: State) -> io::Result<usize> {
        let fatal = matches!(next, State::Done);
        self.state = next;
        if self.quiet {
            return if fatal {
                Ok(0)
            } else {
                Err(io::Error::from(io::ErrorKind::Interrupted))
            };
        }
        self.quiet = true;
        // A checksum failure discards the member's last output; if earlier
        // output of it was already returned, the bytes before the error are suspect.
        let taints_previous = code == "gzip_checksum" && self.delivered > 0;
        Err(StreamError {
            code,
            offset: self.member_start,
            reason,
            fatal,
            taints_previous,
        }
        .into_io())
    }

    /// Parses a member header at the current position. `Ok(false)` at a clean end of file.
    fn header(&mut self) -> Result<bool, (&'static str, String)> {
        self.member_start = self.src.pos();
        let h = self.src.peek(10);
        if h.is_empty() {
            return match self.src.take_error() {
                Some(e) => Err(("io_error", format!("read failed: {e}"))),
                None => Ok(false),
            };
        }
        if h.len() < 10 {
            if h.len() >= 2 && h[0] == 0x1f && h[1] == 0x8b {
                return Err((
                    "truncated",
                    "gzip member header cut short (file truncated)".into(),
                ));
            }
            return Err((
                "gzip_corrupt",
                format!(
                    "{} bytes of trailing garbage after the last gzip member",
                    h.len()
                ),
            ));
        }
        let (flags, ok) = (
            h[3],
            h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 && h[3] & FTEXT_MASK_RESERVED == 0,
        );
        if !ok {
            return Err((
                "gzip_corrupt",
                "bytes that are not a gzip member header".into(),
            ));
        }
        self.src.consume(10);
        let trunc = || {
            (
                "truncated",
                "gzip member header cut short (file truncated)".to_string(),
            )
        };
        if flags & FEXTRA != 0 {
            let x = self.src.peek(2);
            if x.len() < 2 {
                return Err(trunc());
            }
            let xlen = u16::from_le_bytes([x[0], x[1]]) as u64;
            self.src.consume(2);
            if self
                .src
                .skip(xlen)
                .map_err(|e| ("io_error", e.to_string()))?
                < xlen
            {
                return Err(trunc());
            }
        }
        for flag in [FNAME, FCOMMENT] {
            if flags & flag != 0 {
                let mut seen = 0u64;
                loop {
                    let b = self.src.fill().map_err(|e| ("io_error", e.to_string()))?;
                    if b.is_empty() {
                        return Err(trunc());
                    }
                    if let Some(i) = memchr::memchr(0, b) {
                        self.src.consume(i + 1);
                        break;
                    }
                    let n = b.len();
                    self.src.consume(n);
                    seen += n as u64;
                    if seen > MAX_HEADER_STRING {
                        return Err((
                            "gzip_corrupt",
                            "gzip header name or comment too long".into(),
                        ));
                    }
                }
            }
        }
        if flags & FHCRC != 0 && self.src.skip(2).map_err(|e| ("io_error", e.to_string()))? < 2 {
            return Err(trunc());
        }
        Ok(true)
    }

    /// Scans for the next plausible member header from `from`.
    fn resync(&mut self, from: u64) -> io::Result<bool> {
        self.src.seek_to(from)?;
        loop {
            let b = match self.src.fill() {
                Ok(b) => b,
                Err(_) => return Ok(false),
            };
            if b.is_empty() {
                return Ok(false);
            }
            match memchr::memchr(0x1f, b) {
                None => {
                    let n = b.len();
                    self.src.consume(n);
                }
                Some(i) => {
                    self.src.consume(i);
                    let h = self.src.peek(4);
                    if h.len() == 4 && h[1] == 0x8b && h[2] == 8 && h[3] & FTEXT_MASK_RESERVED == 0
                    {
                        return Ok(true);
                    }
                    if h.len() < 4 {
                        return Ok(false);
                    }
                    self.src.consume(1);
                }
            }
        }
    }

    fn read_body(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let input = match self.src.fill() {
                Ok(b) => b,
                Err(e) => return self.fail("io_error", format!("read failed: {e}"), State::Done),
            };
            if input.is_empty() {
                return self.fail(
                    "truncated",
                    "gzip member cut short (file truncated)".into(),
                    State::Done,
                );
            }
            let (in0, out0) = (self.inflate.total_in(), self.inflate.total_out());
            let status = self.inflate.decompress(input, out, FlushDecompress::None);
            let consumed = (self.inflate.total_in() - in0) as usize;
            let produced = (self.inflate.total_out() - out0) as usize;
            self.src.consume(consumed);
            match status {
                Err(e) => {
                    let from = self.member_start + 1;
                    return self.fail(
                        "gzip_corrupt",
                        format!("corrupt gzip member: {e}"),
                        State::Resync(from),
                    );
                }
                Ok(Status::StreamEnd) => {
                    self.crc.update(&out[..produced]);
                    self.size = self.size.wrapping_add(produced as u32);
                    let t = self.src.peek(8);
                    if t.len() < 8 {
                        return self.fail(
                            "truncated",
                            "gzip member trailer cut short (file truncated)".into(),
                            State::Done,
                        );
                    }
                    let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
                    let size = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
                    self.src.consume(8);
                    if crc != std::mem::take(&mut self.crc).finalize() || size != self.size {
                        return self.fail(
                            "gzip_checksum",
                            "gzip member checksum mismatch (corrupt data)".into(),
                            State::Header,
                        );
                    }
                    self.quiet = false;
                    self.state = State::Header;
                    if produced > 0 {
                        return Ok(produced);
                    }
                    return self.read(out);
                }
                Ok(_) => {
                    self.crc.update(&out[..produced]);
                    self.size = self.size.wrapping_add(produced as u32);
                    if produced > 0 {
                        self.delivered += produced as u64;
                        return Ok(produced);
                    }
                    if consumed == 0 {
                        let from = self.member_start + 1;
                        return self.fail(
                            "gzip_corrupt",
                            "gzip decoder made no progress".into(),
                            State::Resync(from),
                        );
                    }
                }
            }
        }
    }
}

impl<R: Read + Seek> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match self.state {
                State::Done => return Ok(0),
                State::Resync(from) => {
                    self.state = match self.resync(from) {
                        Ok(true) => State::Header,
                        _ => State::Done,
                    };
                }
                State::Header => match self.header() {
                    Ok(false) => {
                        self.state = State::Done;
                        return Ok(0);
                    }
                    Ok(true) => {
                        self.inflate.reset(false);
                        self.crc = Crc::new();
                        self.size = 0;
                        self.delivered = 0;
                        self.state = State::Body;
                    }
                    Err((code, reason)) => {
                        let next = if code == "gzip_corrupt" {
                            State::Resync(self.member_start + 1)
                        } else {
                            State::Done
                        };
                        match self.fail(code, reason, next) {
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                            r => return r,
                        }
                    }
                },
                State::Body => match self.read_body(out) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => return r,
                },
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>) -> (Vec<u8>, Vec<StreamError>) {
        let mut g = GzMembers::new(ByteBuf::with_capacity(Cursor::new(bytes), 64));
        let (mut out, mut errs) = (Vec::new(), Vec::new());
        let mut buf = [0u8; 7];
        loop {
            match g.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    let s = StreamError::from_io(&e);
                    let fatal = s.fatal;
                    errs.push(s);
                    if fatal {
                        break;
                    }
                }
            }
        }
        (out, errs)
    }

    #[test]
    fn multi_member_is_one_stream() {
        let mut f = gz(b"hello ");
        f.extend(gz(b""));
        f.extend(gz(b"world"));
        let (out, errs) = read_all(f);
        assert_eq!(out, b"hello world");
        assert!(errs.is_empty());
    }

    #[test]
    fn corrupt_member_resyncs_to_the_next() {
        let a = gz(&b"first member ".repeat(50));
        let b = gz(&b"second member is damaged ".repeat(50));
        let c = gz(b"third");
        let mut f = a.clone();
        let b_start = f.len();
        f.extend(&b);
        for x in &mut f[b_start + 12..b_start + 30] {
            *x ^= 0x5a;
        }
        f.extend(&c);
        let (out, errs) = read_all(f);
        assert!(out.starts_with(&b"first member ".repeat(50)));
        assert!(out.ends_with(b"third"), "records after the damage are read");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].code == "gzip_corrupt" || errs[0].code == "gzip_checksum");
        assert_eq!(errs[0].offset, b_start as u64);
    }

    #[test]
    fn checksum_mismatch_is_reported() {
        let mut f = gz(b"abc");
        let n = f.len();
        f[n - 8] ^= 1;
        f.extend(gz(b"def"));
        let (out, errs) = read_all(f);
        assert!(out.ends_with(b"def"));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "gzip_checksum");
        assert!(
            !errs[0].taints_previous,
            "the member's output was withheld whole"
        );
    }

    #[test]
    fn truncated_and_garbage() {
        let f = gz(&b"some text that compresses".repeat(20));
        let (_, errs) = read_all(f[..f.len() / 2].to_vec());
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "truncated");
        assert!(errs[0].fatal);

        let mut f = gz(b"one");
        f.extend(b"GARBAGE BYTES HERE");
        f.extend(gz(b"two"));
        let (out, errs) = read_all(f);
        assert_eq!(out, b"onetwo");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "gzip_corrupt");
    }

    #[test]
    fn header_with_name_and_extra() {
        let mut e = flate2::GzBuilder::new()
            .filename("x.warc")
            .extra(vec![1, 2, 3])
            .comment("c")
            .write(Vec::new(), flate2::Compression::fast());
        e.write_all(b"named").unwrap();
        let f = e.finish().unwrap();
        let (out, errs) = read_all(f);
        assert_eq!(out, b"named");
        assert!(errs.is_empty());
    }
}
