//! WARC and WET reading (plain or gzip; one member per record, multi-member
//! or single-stream).
//!
//! - `response` records: the HTTP status line and headers are parsed, the
//!   body (de-chunked, decompressed for `Content-Encoding: gzip/deflate`)
//!   goes to `doc.raw` with the HTTP `Content-Type`, for the extract step.
//! - `resource` records: the payload goes to `doc.raw` as is.
//! - `conversion` records (WET): the payload is the text (UTF-8, lossy).
//! - `request`, `warcinfo`, `metadata`, `revisit`, `continuation`: skipped
//!   (`warc_<type>`); unknown types: `warc_other`.
//!
//! `doc.id` is the `WARC-Record-ID` without angle brackets, `doc.url` the
//! `WARC-Target-URI` (spaces escaped as `%20`); metadata gets `warc_date`,
//! `http_status`, `content_type`. Any `WARC/<major>.<minor>` version is
//! read (1.0, 1.1, ClueWeb's 0.18); header lines may end in CR LF or LF.
//!
//! Lenient like warcio and FastWARC: a record's content normally ends
//! at its `Content-Length`, followed by `CRLF CRLF` (or `LF LF`). When it
//! does not, the next record's version line is looked for within
//! `RECOVER_WINDOW` (4 KiB) before and after that point; if found, the
//! content is cut or extended to it and the record is read, with a
//! `warc_recovered` warning (Content-Length a few bytes short or long,
//! separator missing). A record cut by the end of the file (plain, or its
//! gzip member cut short) is read with the content there is, metadata
//! `warc_truncated` (`"N of M content bytes"`) and a `warc_truncated`
//! warning.
//!
//! Damage never stops the file while bytes remain: a bad version line or
//! header, or a length wrong by more than the window, is an error record
//! and reading resumes at the next `WARC/` line; garbage between records is
//! one error; a corrupt gzip member is one error and the next member is
//! found by scanning (see `gzip.rs`). Codes: `warc_bad_version`,
//! `warc_bad_header`, `warc_bad_length`, `warc_garbage`, `record_too_large`,
//! `truncated` (the file ends inside a header, or inside a record streamed
//! past), plus the stream codes.

use serde_json::Value;
use tamis_core::{Document, RawContent};

use crate::http;
use crate::reader::{ReadItem, ReaderOptions, RecordError};
use crate::stream::{ByteBuf, Compression, Decoder, Line, StreamError};

/// Longest WARC header block accepted.
const MAX_HEADER_BYTES: usize = 1 << 20;
/// How far (in bytes) from the end its `Content-Length` declares a
/// record's real end may be for the record to be recovered: the next
/// record's version line is looked for this far before and after it.
const RECOVER_WINDOW: usize = 4096;
/// Records of skipped types (`request`, `metadata`, ...) up to this size
/// are read rather than streamed past, so that their length can be checked.
const SKIP_READ_BYTES: u64 = 1 << 20;

/// How a record whose length was too long ended.
enum Fixed {
    /// Its real end was close to the declared one: read with a warning.
    Recovered,
    /// Too far: an error record.
    Error(Box<ReadItem>),
}

/// `b` starts with a WARC version line: `WARC/` digits `.` digits, then
/// CR LF or LF.
fn version_line(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"WARC/") else {
        return false;
    };
    let major = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&major) || rest.get(major) != Some(&b'.') {
        return false;
    }
    let rest = &rest[major + 1..];
    let minor = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&minor) && matches!(&rest[minor..], [b'\n', ..] | [b'\r', b'\n', ..])
}

/// The first WARC version line in `region` that starts a line, or starts
/// at `at` (the declared end of a record's content).
fn next_record_start(region: &[u8], at: usize) -> Option<usize> {
    memchr::memmem::find_iter(region, b"WARC/")
        .find(|&q| (q == at || (q > 0 && region[q - 1] == b'\n')) && version_line(&region[q..]))
}

/// Length of the record separator (`CRLF CRLF`, `LF LF`, or what is left
/// of one) at the end of `b`.
fn separator_before(b: &[u8]) -> usize {
    for sep in [&b"\r\n\r\n"[..], b"\n\n", b"\r\n", b"\n"] {
        if b.ends_with(sep) {
            return sep.len();
        }
    }
    0
}

/// The WARC header fields the reader uses.
#[derive(Default)]
pub(crate) struct Header {
    pub(crate) version_ok: bool,
    pub(crate) kind: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) uri: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) length: Option<u64>,
    pub(crate) bad_line: Option<String>,
}

/// Reads WARC records.
pub(crate) struct WarcReader {
    src: ByteBuf<Decoder>,
    file: String,
    stem: String,
    max: u64,
    done: bool,
    /// Items to return before reading on.
    pending: std::collections::VecDeque<ReadItem>,
    /// After damage: skip silently to the next `WARC/` line.
    resync: bool,
    line: Vec<u8>,
}

impl WarcReader {
    pub(crate) fn new(
        dec: Decoder,
        file: String,
        stem: String,
        _comp: Compression,
        opts: &ReaderOptions,
    ) -> WarcReader {
        WarcReader {
            src: ByteBuf::new(dec),
            file,
            stem,
            max: opts.max_record_bytes,
            done: false,
            pending: std::collections::VecDeque::new(),
            resync: false,
            line: Vec::new(),
        }
    }

    fn error(&self, code: &'static str, offset: u64, id: Option<&str>, reason: String) -> ReadItem {
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(offset),
            id: id.map(str::to_owned),
            line: None,
            reason,
            code,
        })
    }

    /// A stream problem (gzip, cap, I/O): one error; the record it hit is lost.
    fn stream_error(&mut self, e: &std::io::Error, id: Option<&str>) -> ReadItem {
        let s = StreamError::from_io(e);
        if s.fatal {
            self.done = true;
        }
        self.resync = true;
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(s.offset),
            id: id.map(str::to_owned),
            line: None,
            reason: s.reason,
            code: s.code,
        })
    }

    /// Reads one line into `self.line`, at most `cap` bytes.
    fn read_line(&mut self, cap: usize) -> Line {
        self.src.read_line(&mut self.line, cap)
    }

    /// Moves to the next `WARC/<digit>` (normally right here, after blank
    /// lines). Returns an error item for garbage skipped on the way (unless
    /// resyncing after damage already reported), `None` when there.
    fn seek_record(&mut self) -> Option<ReadItem> {
        let mut garbage: Option<u64> = None;
        loop {
            let at = self.src.pos();
            let buf = match self.src.fill() {
                Ok(b) => b,
                Err(e) => return Some(self.stream_error(&e, None)),
            };
            if buf.is_empty() {
                self.done = true;
                return garbage.map(|off| {
                    self.error(
                        "warc_garbage",
                        off,
                        None,
                        format!("{} bytes of garbage at the end of the file", at - off),
                    )
                });
            }
            let ws = buf
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(buf.len());
            if ws > 0 {
                self.src.consume(ws);
                continue;
            }
            let head = self.src.peek(6);
            if head.len() == 6 && head.starts_with(b"WARC/") && !head[5].is_ascii_whitespace() {
                self.resync = false;
                return garbage.map(|off| {
                    self.error(
                        "warc_garbage",
                        off,
                        None,
                        format!("{} bytes of garbage before the next record", at - off),
                    )
                });
            }
            if !self.resync && garbage.is_none() {
                garbage = Some(at);
            }
            // Skip to the next candidate `WARC/` (maybe mid-line).
            let buf = match self.src.fill() {
                Ok(b) => b,
                Err(e) => return Some(self.stream_error(&e, None)),
            };
            let skip = match memchr::memmem::find(&buf[1..], b"WARC/") {
                Some(i) => i + 1,
                None => buf.len().saturating_sub(5).max(1),
            };
            self.src.consume(skip);
        }
    }

    /// Reads the header block after the version line.
    fn read_header(&mut self) -> Result<Header, Line> {
        let mut h = Header::default();
        let mut total = 0usize;
        let mut first = true;
        loop {
            match self.read_line(MAX_HEADER_BYTES) {
                Line::Full => {}
                Line::End => return Err(Line::End),
                other => return Err(other),
            }
            total += self.line.len() + 2;
            if total > MAX_HEADER_BYTES {
                return Err(Line::TooLong);
            }
            if first {
                first = false;
                let v = &self.line[..];
                h.version_ok = v.len() > 5
                    && v.starts_with(b"WARC/")
                    && v[5..].iter().all(|b| b.is_ascii_digit() || *b == b'.')
                    && v[5].is_ascii_digit();
                continue;
            }
            if self.line.is_empty() {
                return Ok(h);
            }
            let Some(i) = memchr::memchr(b':', &self.line) else {
                if self.line[0] == b' ' || self.line[0] == b'\t' {
                    continue; // folded continuation line; the fields used are never folded
                }
                h.bad_line = Some(
                    String::from_utf8_lossy(&self.line[..self.line.len().min(80)]).into_owned(),
                );
                continue;
            };
            let name = &self.line[..i];
            let value = || {
                String::from_utf8_lossy(&self.line[i + 1..])
                    .trim()
                    .to_owned()
            };
            if name.eq_ignore_ascii_case(b"WARC-Type") {
                h.kind = Some(value().to_ascii_lowercase());
            } else if name.eq_ignore_ascii_case(b"WARC-Record-ID") {
                h.id = Some(strip_angles(value()));
            } else if name.eq_ignore_ascii_case(b"WARC-Target-URI") {
                h.uri = Some(strip_angles(value()));
            } else if name.eq_ignore_ascii_case(b"WARC-Date") {
                h.date = Some(value());
            } else if name.eq_ignore_ascii_case(b"Content-Type") {
                h.content_type = Some(value());
            } else if name.eq_ignore_ascii_case(b"Content-Length") {
                h.length = value().parse().ok();
                if h.length.is_none() {
                    h.bad_line = Some(format!("Content-Length: {}", value()));
                }
            }
        }
    }

    /// Reads one record after `seek_record` found its version line.
    fn record(&mut self) -> Option<ReadItem> {
        let start = self.src.pos();
        let h = match self.read_header() {
            Ok(h) => h,
            Err(Line::Err(e)) => return Some(self.stream_error(&e, None)),
            Err(Line::TooLong) => {
                self.resync = true;
                return Some(self.error(
                    "warc_bad_header",
                    start,
                    None,
                    "WARC header block too long".into(),
                ));
            }
            Err(_) => {
                self.done = true;
                return Some(self.error(
                    "truncated",
                    start,
                    None,
                    "file ends inside a WARC header".into(),
                ));
            }
        };
        let id = h.id.as_deref();
        if !h.version_ok {
            self.resync = true;
            return Some(self.error(
                "warc_bad_version",
                start,
                id,
                "bad WARC version line".into(),
            ));
        }
        let (Some(len), None) = (h.length, &h.bad_line) else {
            self.resync = true;
            let why = match &h.bad_line {
                Some(l) => format!("bad WARC header line `{l}`"),
                None => "WARC header has no Content-Length".into(),
            };
            return Some(self.error("warc_bad_header", start, id, why));
        };
        let Some(kind) = h.kind.as_deref() else {
            self.resync = true;
            return Some(self.error(
                "warc_bad_header",
                start,
                id,
                "WARC header has no WARC-Type".into(),
            ));
        };
        let skip: Option<&'static str> = match kind {
            "response" | "resource" | "conversion" => None,
            "request" => Some("warc_request"),
            "warcinfo" => Some("warc_warcinfo"),
            "metadata" => Some("warc_metadata"),
            "revisit" => Some("warc_revisit"),
            "continuation" => Some("warc_continuation"),
            _ => Some("warc_other"),
        };
        let too_large = skip.is_none() && len > self.max;
        // Small records of skipped types are read too, so that a wrong
        // length can be recovered; large ones are streamed past.
        let stream_past = too_large || (skip.is_some() && len > SKIP_READ_BYTES);
        let mut body = Vec::new();
        let got = if stream_past {
            self.src.skip(len)
        } else {
            body.reserve(len.min(1 << 20) as usize);
            self.src.read_into(&mut body, len)
        };
        let id = id.map(str::to_owned);
        let id = id.as_deref();
        let (got, stream_err) = match got {
            Ok(n) if n == len => (n, None),
            Ok(n) => (n, self.src.take_error()),
            Err(e) => (body.len() as u64, Some(e)),
        };
        if let Some(e) = stream_err {
            if stream_past || StreamError::from_io(&e).code != "truncated" {
                return Some(self.stream_error(&e, id));
            }
            // The file (or its last gzip member) is cut inside this record.
            self.done = true;
            return self.partial(h, body, skip, start, len);
        }
        if got < len {
            if stream_past {
                self.done = true;
                return Some(self.error(
                    "truncated",
                    start,
                    id,
                    format!("file ends inside a record: {got} of {len} content bytes"),
                ));
            }
            // The file ends inside the record: either its Content-Length is
            // too long (the next record is in the bytes read) or it is cut.
            if let Some(item) = self.content_length_too_long(&mut body, len, start, id) {
                return match item {
                    Fixed::Recovered => self.finish(h, body, skip, start),
                    Fixed::Error(e) => Some(*e),
                };
            }
            self.done = true;
            return self.partial(h, body, skip, start, len);
        }
        // The record must end with CRLF CRLF (LF LF in files written with
        // bare line feeds).
        let t = self.src.peek(4);
        let (sep, seen) = if t == b"\r\n\r\n" {
            (4, 4)
        } else if t.starts_with(b"\n\n") {
            (2, t.len())
        } else {
            (0, t.len())
        };
        if sep == 0 {
            if seen < 4 && self.src.has_error() {
                // The stream fails right after this record's content.
                self.src.consume(seen);
                if let Some(e) = self.src.take_error() {
                    if StreamError::from_io(&e).code == "truncated" {
                        self.done = true;
                        return self.partial(h, body, skip, start, len);
                    }
                    return Some(self.stream_error(&e, id));
                }
            }
            // The next record's start inside the content read: too long.
            if !stream_past {
                if let Some(item) = self.content_length_too_long(&mut body, len, start, id) {
                    return match item {
                        Fixed::Recovered => self.finish(h, body, skip, start),
                        Fixed::Error(e) => Some(*e),
                    };
                }
            }
            // Else nearby: a few bytes short or long, or no separator.
            if self.realign(&mut body, stream_past).is_some() {
                self.pending.push_back(ReadItem::Warning("warc_recovered"));
                return self.finish(h, body, skip, start);
            }
            self.resync = true;
            return Some(self.error(
                "warc_bad_length",
                start,
                id,
                format!(
                    "Content-Length {len} is wrong: no record boundary within \
                     {RECOVER_WINDOW} bytes of the declared end"
                ),
            ));
        }
        self.src.consume(sep);
        // A gzip checksum error right after this record means its bytes are suspect.
        if self.src.peek(1).is_empty() {
            if let Some(e) = self.src.take_error() {
                // A checksum failure belongs to this record's member; any other
                // error is in the next member, whose record id is unknown.
                let s = StreamError::from_io(&e);
                let item = self.stream_error(&e, if s.taints_previous { id } else { None });
                if s.taints_previous {
                    return Some(item);
                }
                self.pending.push_back(item);
            }
        }
        self.finish(h, body, skip, start)
    }

    /// The item for a record whose content is in `body`.
    fn finish(
        &mut self,
        h: Header,
        body: Vec<u8>,
        skip: Option<&'static str>,
        start: u64,
    ) -> Option<ReadItem> {
        if let Some(s) = skip {
            return Some(ReadItem::Skipped(s));
        }
        let len = h.length.unwrap_or(0);
        if len > self.max {
            // Streamed past: the content was not kept.
            let id = h.id;
            return Some(self.error(
                "record_too_large",
                start,
                id.as_deref(),
                format!("record of {len} bytes > max_record_bytes ({})", self.max),
            ));
        }
        Some(ReadItem::Doc(self.document(h, body, start)))
    }

    /// A record cut by the end of the file: its content so far, flagged
    /// `warc_truncated` (as warcio and FastWARC yield such records).
    fn partial(
        &mut self,
        h: Header,
        body: Vec<u8>,
        skip: Option<&'static str>,
        start: u64,
        len: u64,
    ) -> Option<ReadItem> {
        self.pending.push_back(ReadItem::Warning("warc_truncated"));
        let got = body.len();
        match self.finish(h, body, skip, start)? {
            ReadItem::Doc(mut d) => {
                d.metadata.insert(
                    "warc_truncated".into(),
                    Value::from(format!("{got} of {len} content bytes")),
                );
                Some(ReadItem::Doc(d))
            }
            other => Some(other),
        }
    }

    /// The record's content did not end with a record separator at its
    /// declared length. Finds the next record's version line within
    /// [`RECOVER_WINDOW`] bytes before or after that point and moves the
    /// content's end there: bytes are added to `body` (length too short),
    /// put back into the stream (too long), or nothing changes (separator
    /// missing). `None` when no record boundary is that close.
    fn realign(&mut self, body: &mut Vec<u8>, stream_past: bool) -> Option<()> {
        let back = if stream_past {
            0
        } else {
            body.len().min(RECOVER_WINDOW)
        };
        let ahead = self.src.peek(RECOVER_WINDOW + 64).to_vec();
        let ahead_ends = ahead.len() < RECOVER_WINDOW + 64 && !self.src.has_error();
        let mut region = Vec::with_capacity(back + ahead.len());
        region.extend_from_slice(&body[body.len() - back..]);
        region.extend_from_slice(&ahead);
        let end = match next_record_start(&region, back) {
            // A whole separator before the next record: the content ends there.
            Some(q) if region[..q].ends_with(b"\r\n\r\n") => q - 4,
            Some(q) if region[..q].ends_with(b"\n\n") => q - 2,
            Some(q) if q >= back && region[back..q].iter().all(|&b| b == b'\r' || b == b'\n') => {
                back // right length, separator partly or wholly missing
            }
            Some(q) => q - separator_before(&region[..q]),
            None if ahead_ends => {
                // The last record: its content runs to the end of the file.
                let n = ahead.len()
                    - ahead
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b'\r' || b == b'\n')
                        .count();
                back + n
            }
            None => return None,
        };
        if end < back {
            let cut = body.len() - (back - end);
            self.src.unread(&body[cut..]);
            body.truncate(cut);
        } else if end > back {
            let extra = end - back;
            if !stream_past {
                body.extend_from_slice(&ahead[..extra]);
            }
            self.src.consume(extra);
        }
        Some(())
    }

    /// When a record's content ran far past its real end (Content-Length
    /// too long), the next record's start is inside the bytes read: put
    /// them back. Within [`RECOVER_WINDOW`] of the declared end the record
    /// is recovered (a warning); further away it is an error.
    fn content_length_too_long(
        &mut self,
        body: &mut Vec<u8>,
        len: u64,
        start: u64,
        id: Option<&str>,
    ) -> Option<Fixed> {
        let q = next_record_start(body, usize::MAX)?;
        let end = q - separator_before(&body[..q]);
        self.src.unread(&body[end..]);
        body.truncate(end);
        if len - end as u64 <= RECOVER_WINDOW as u64 {
            self.pending.push_back(ReadItem::Warning("warc_recovered"));
            return Some(Fixed::Recovered);
        }
        self.resync = true;
        Some(Fixed::Error(Box::new(self.error(
            "warc_bad_length",
            start,
            id,
            format!("Content-Length {len} is too long: the next record starts after {end} bytes"),
        ))))
    }

    fn document(&self, h: Header, body: Vec<u8>, start: u64) -> Document {
        record_document(&self.stem, self.max, h, body, start)
    }
}

/// The document of one archive record (WARC, or an ARC record read as a WARC
/// `response`): id (`STEM@OFFSET` when the record has none), URL, date, HTTP
/// status and payload.
pub(crate) fn record_document(
    stem: &str,
    max: u64,
    h: Header,
    mut body: Vec<u8>,
    start: u64,
) -> Document {
    let id = h.id.unwrap_or_else(|| format!("{stem}@{start}"));
    let mut doc = Document::new(id, String::new());
    // Spaces in a target URI (some crawlers write them raw) are escaped, as warcio does.
    doc.url = h.uri.map(|u| {
        if u.contains(' ') {
            u.replace(' ', "%20")
        } else {
            u
        }
    });
    if let Some(d) = h.date {
        doc.metadata.insert("warc_date".into(), Value::String(d));
    }
    match h.kind.as_deref() {
        Some("conversion") => {
            doc.text = String::from_utf8(body)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            if let Some(ct) = h.content_type {
                doc.metadata
                    .insert("content_type".into(), Value::String(ct));
            }
        }
        Some("response") => {
            let head = http::parse_head(&body);
            let mut content_type = h.content_type;
            if let Some(head) = head {
                body.drain(..head.body_start);
                if head.chunked {
                    if let Some(b) = http::dechunk(&body) {
                        body = b;
                    }
                }
                if let Some(enc) = head.content_encoding.as_deref() {
                    if let Some(b) = http::decode_content(&body, enc, max) {
                        body = b;
                    }
                }
                if let Some(s) = head.status {
                    doc.metadata.insert("http_status".into(), Value::from(s));
                }
                content_type = head.content_type;
            }
            if let Some(ct) = &content_type {
                doc.metadata
                    .insert("content_type".into(), Value::String(ct.clone()));
            }
            doc.raw = Some(RawContent {
                bytes: body,
                content_type,
            });
        }
        _ => {
            if let Some(ct) = &h.content_type {
                doc.metadata
                    .insert("content_type".into(), Value::String(ct.clone()));
            }
            doc.raw = Some(RawContent {
                bytes: body,
                content_type: h.content_type,
            });
        }
    }
    doc
}

fn strip_angles(s: String) -> String {
    match s.strip_prefix('<').and_then(|x| x.strip_suffix('>')) {
        Some(x) => x.to_owned(),
        None => s,
    }
}

impl Iterator for WarcReader {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        if let Some(p) = self.pending.pop_front() {
            return Some(p);
        }
        while !self.done {
            if let Some(item) = self.seek_record() {
                return Some(item);
            }
            if self.done {
                break;
            }
            if let Some(item) = self.record() {
                return Some(item);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gzip::tests::gz;
    use crate::reader::open_reader;

    /// One WARC record with a correct Content-Length.
    fn rec(kind: &str, n: u32, payload: &[u8]) -> Vec<u8> {
        rec_with(kind, n, payload, payload.len() as i64, b"\r\n\r\n")
    }

    fn rec_with(kind: &str, n: u32, payload: &[u8], len: i64, end: &[u8]) -> Vec<u8> {
        let ct = match kind {
            "response" | "request" => "application/http; msgtype=response",
            "conversion" => "text/plain",
            _ => "text/html",
        };
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:0000-{n}>\r\nWARC-Target-URI: https://ex.org/{n}\r\nWARC-Date: 2024-01-0{}T00:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {len}\r\n\r\n",
            n % 9 + 1
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(end);
        r
    }

    fn page(n: u32) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Page {n}. {}</p></body></html>", "Lorem ipsum dolor. ".repeat(20)).into_bytes()
    }

    fn responses(range: std::ops::Range<u32>) -> Vec<Vec<u8>> {
        range.map(|n| rec("response", n, &page(n))).collect()
    }

    fn per_member(records: &[Vec<u8>]) -> Vec<u8> {
        records.iter().flat_map(|r| gz(r)).collect()
    }

    use crate::test_util::read_items as read;

    fn codes(items: &[ReadItem]) -> Vec<String> {
        crate::test_util::codes_by(items, |id| id.trim_start_matches("urn:uuid:0000-"))
    }

    fn all_forms(records: &[Vec<u8>]) -> Vec<(&'static str, Vec<u8>)> {
        let plain: Vec<u8> = records.concat();
        // Multi-member with member boundaries that do not match records.
        let mut odd = Vec::new();
        for chunk in plain.chunks(97) {
            odd.extend(gz(chunk));
        }
        vec![
            ("plain", plain.clone()),
            ("per_member", per_member(records)),
            ("single_stream", gz(&plain)),
            ("odd_members", odd),
        ]
    }

    #[test]
    fn record_types_and_fields() {
        let chunked = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
        let body = gz(b"<p>gone</p>");
        let mut chunked = chunked.to_vec();
        chunked.extend(format!("{:x}\r\n", body.len()).as_bytes());
        chunked.extend(&body);
        chunked.extend(b"\r\n0\r\n\r\n");
        let records = vec![
            rec("warcinfo", 0, b"software: test\r\n"),
            rec("request", 1, b"GET / HTTP/1.1\r\n\r\n"),
            rec("response", 2, &page(2)),
            rec("metadata", 3, b"fetchTimeMs: 5\r\n"),
            rec("response", 4, &chunked),
            rec("resource", 5, b"<html>resource</html>"),
            rec("conversion", 6, "Texte extrait, été.\n".as_bytes()),
            rec("revisit", 7, b""),
            rec("response", 8, b"<html>no http head</html>"),
        ];
        for (form, bytes) in all_forms(&records) {
            let it = read("x.warc.gz", &bytes, &ReaderOptions::default());
            assert_eq!(
                codes(&it),
                [
                    "skip:warc_warcinfo",
                    "skip:warc_request",
                    "doc:2",
                    "skip:warc_metadata",
                    "doc:4",
                    "doc:5",
                    "doc:6",
                    "skip:warc_revisit",
                    "doc:8"
                ],
                "{form}"
            );
            let docs: Vec<&Document> = it
                .iter()
                .filter_map(|i| {
                    if let ReadItem::Doc(d) = i {
                        Some(d)
                    } else {
                        None
                    }
                })
                .collect();
            let d = docs[0];
            assert_eq!(d.id, "urn:uuid:0000-2");
            assert_eq!(d.url.as_deref(), Some("https://ex.org/2"));
            assert_eq!(d.metadata["http_status"], 200);
            assert_eq!(d.metadata["warc_date"], "2024-01-03T00:00:00Z");
            assert_eq!(d.metadata["content_type"], "text/html; charset=utf-8");
            let raw = d.raw.as_ref().unwrap();
            assert!(raw.bytes.starts_with(b"<html><body><p>Page 2."));
            assert_eq!(
                raw.content_type.as_deref(),
                Some("text/html; charset=utf-8")
            );
            assert!(d.text.is_empty());
            assert_eq!(d.position.ordinal, 0, "skipped records are not counted");
            assert_eq!(
                docs[1].raw.as_ref().unwrap().bytes,
                b"<p>gone</p>",
                "de-chunked and gunzipped"
            );
            assert_eq!(docs[1].metadata["http_status"], 404);
            assert_eq!(
                docs[2].raw.as_ref().unwrap().bytes,
                b"<html>resource</html>"
            );
            assert_eq!(
                docs[2].raw.as_ref().unwrap().content_type.as_deref(),
                Some("text/html")
            );
            assert_eq!(docs[3].text, "Texte extrait, été.\n");
            assert!(docs[3].raw.is_none());
            assert_eq!(docs[3].position.ordinal, 3);
            assert_eq!(
                docs[4].raw.as_ref().unwrap().bytes,
                b"<html>no http head</html>"
            );
        }
    }

    /// Runs one damaged file in every compression form and checks the items.
    fn check(records: &[Vec<u8>], expect: &[&str]) {
        for (form, bytes) in all_forms(records) {
            let it = read("d.warc.gz", &bytes, &ReaderOptions::default());
            assert_eq!(codes(&it), expect, "{form}");
            for i in &it {
                if let ReadItem::Error(e) = i {
                    assert!(e.file.ends_with("d.warc.gz") && e.offset.is_some());
                }
            }
        }
    }

    /// The HTTP body of `page(n)`.
    fn html_of(n: u32) -> Vec<u8> {
        let p = page(n);
        let i = memchr::memmem::find(&p, b"\r\n\r\n").unwrap();
        p[i + 4..].to_vec()
    }

    /// The raw body of document `n` among `items`.
    fn body_of(items: &[ReadItem], n: u32) -> Vec<u8> {
        let want = format!("urn:uuid:0000-{n}");
        items
            .iter()
            .find_map(|i| match i {
                ReadItem::Doc(d) if d.id == want => Some(d.raw.as_ref().unwrap().bytes.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no doc {n} in {:?}", codes(items)))
    }

    #[test]
    fn content_length_a_few_bytes_off_is_recovered() {
        // Short or long by 1 to 4,000 bytes: the record is read whole and
        // exact, with one warning; the next records are intact.
        for delta in [-4000i64, -200, -10, -3, -1, 1, 2, 3, 9, 10, 50, 4000] {
            let mut r = responses(1..4);
            let big = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>{}</p></body></html>",
                "Lorem ipsum dolor sit amet. ".repeat(300)
            )
            .into_bytes();
            r[1] = rec_with("response", 2, &big, big.len() as i64 + delta, b"\r\n\r\n");
            for (form, bytes) in all_forms(&r) {
                let it = read("d.warc.gz", &bytes, &ReaderOptions::default());
                assert_eq!(
                    codes(&it),
                    ["doc:1", "doc:2", "warn:warc_recovered", "doc:3"],
                    "{delta} {form}"
                );
                let i = memchr::memmem::find(&big, b"\r\n\r\n").unwrap();
                let b2 = body_of(&it, 2);
                assert!(
                    b2 == big[i + 4..],
                    "{delta} {form}: {} bytes, want {}; ends {:?}",
                    b2.len(),
                    big.len() - i - 4,
                    String::from_utf8_lossy(&b2[b2.len().saturating_sub(30)..])
                );
                assert!(body_of(&it, 3) == html_of(3), "{delta} {form}");
            }
        }
        // The last record of the file, short: its content runs to the end.
        let mut r = responses(1..3);
        r[1] = rec_with(
            "response",
            2,
            &page(2),
            page(2).len() as i64 - 7,
            b"\r\n\r\n",
        );
        check(&r, &["doc:1", "doc:2", "warn:warc_recovered"]);
        // Skipped record types are recovered too.
        let mut r = responses(1..4);
        let get = b"GET /2 HTTP/1.1\r\nHost: ex.org\r\n\r\n";
        r.insert(
            1,
            rec_with("request", 9, get, get.len() as i64 - 5, b"\r\n\r\n"),
        );
        check(
            &r,
            &[
                "doc:1",
                "skip:warc_request",
                "warn:warc_recovered",
                "doc:2",
                "doc:3",
            ],
        );
    }

    #[test]
    fn content_length_far_off_is_an_error() {
        let mut r = responses(1..4);
        let big = [b'x'; 20_000];
        r[1] = rec_with("resource", 2, &big, 20_000 - 9_000, b"\r\n\r\n");
        check(&r, &["doc:1", "err:warc_bad_length", "doc:3"]);
        let mut r = responses(1..5);
        r[1] = rec_with(
            "response",
            2,
            &page(2),
            page(2).len() as i64 + 9_000,
            b"\r\n\r\n",
        );
        r[2] = rec("resource", 3, &[b'y'; 12_000]);
        check(&r, &["doc:1", "err:warc_bad_length", "doc:3", "doc:4"]);
    }

    #[test]
    fn cut_records_are_read_partial() {
        // Past the end of the file, on the last record.
        let mut r = responses(1..3);
        r[1] = rec_with("response", 2, &page(2), 100_000, b"\r\n\r\n");
        check(&r, &["doc:1", "doc:2", "warn:warc_truncated"]);
        let it = read("t.warc", &r.concat(), &ReaderOptions::default());
        let ReadItem::Doc(d) = &it[1] else { panic!() };
        let n = page(2).len() + 4;
        assert_eq!(
            d.metadata["warc_truncated"],
            format!("{n} of 100000 content bytes")
        );
    }

    #[test]
    fn missing_separators() {
        let mut r = responses(1..4);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"");
        check(&r, &["doc:1", "doc:2", "warn:warc_recovered", "doc:3"]);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"\r\n");
        check(&r, &["doc:1", "doc:2", "warn:warc_recovered", "doc:3"]);
        let it = read("s.warc", &r.concat(), &ReaderOptions::default());
        assert_eq!(body_of(&it, 2), html_of(2));
        let mut r = responses(1..3);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"");
        check(&r, &["doc:1", "doc:2", "warn:warc_recovered"]);
    }

    /// A record written by hand: `version`, header lines, payload, line end `nl`.
    fn raw_rec(version: &str, fields: &[(&str, &str)], payload: &[u8], nl: &str) -> Vec<u8> {
        let mut r = format!("{version}{nl}");
        for (k, v) in fields {
            r += &format!("{k}: {v}{nl}");
        }
        r += &format!("Content-Length: {}{nl}{nl}", payload.len());
        let mut r = r.into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(format!("{nl}{nl}").as_bytes());
        r
    }

    #[test]
    fn peer_test_cases() {
        // The kinds of files warcio's and FastWARC's test suites read, in
        // fixtures of our own.
        let html = b"<html><body><p>Example page body, long enough to matter.</p></body></html>";
        let http = |te: &str, body: &[u8]| {
            let mut v =
                format!("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{te}\r\n")
                    .into_bytes();
            v.extend_from_slice(body);
            v
        };
        let chunked = {
            let mut v = Vec::new();
            for c in html.chunks(30) {
                v.extend(format!("{:x}\r\n", c.len()).as_bytes());
                v.extend_from_slice(c);
                v.extend(b"\r\n");
            }
            v.extend(b"0\r\n\r\n");
            v
        };
        let f = |t: &'static str, id: &'static str, uri: &'static str| {
            vec![
                ("WARC-Type", t),
                ("WARC-Record-ID", id),
                ("WARC-Target-URI", uri),
                ("WARC-Date", "2017-03-06T04:03:53Z"),
            ]
        };
        for version in ["WARC/1.0", "WARC/1.1", "WARC/0.18"] {
            for nl in ["\r\n", "\n"] {
                let records = vec![
                    raw_rec(
                        version,
                        &f("warcinfo", "<urn:uuid:w>", "x"),
                        b"software: hand\r\n",
                        nl,
                    ),
                    raw_rec(
                        version,
                        &f("request", "<urn:uuid:q>", "http://example.com/"),
                        b"GET / HTTP/1.0\r\n\r\n",
                        nl,
                    ),
                    raw_rec(
                        version,
                        &[
                            f("response", "<urn:uuid:plain>", "http://example.com/").as_slice(),
                            &[("Content-Type", "application/http; msgtype=response")],
                        ]
                        .concat(),
                        &http("", html),
                        nl,
                    ),
                    raw_rec(
                        version,
                        &f("response", "<urn:uuid:chunked>", "<http://example.com/c>"),
                        &http("Transfer-Encoding: chunked\r\n", &chunked),
                        nl,
                    ),
                    // A chunked header over a body that is not chunked: kept as is.
                    raw_rec(
                        version,
                        &f("response", "<urn:uuid:notchunked>", "http://example.com/n"),
                        &http("Transfer-Encoding: chunked\r\n", html),
                        nl,
                    ),
                    raw_rec(
                        version,
                        &f("metadata", "<urn:uuid:m>", "http://example.com/"),
                        b"fetchTimeMs: 12\r\n",
                        nl,
                    ),
                    raw_rec(
                        version,
                        &f("revisit", "<urn:uuid:v>", "http://example.com/"),
                        b"HTTP/1.0 304 Not Modified\r\n\r\n",
                        nl,
                    ),
                    raw_rec(
                        version,
                        &[
                            f(
                                "resource",
                                "<urn:uuid:res>",
                                "file:///example with spaces.html",
                            )
                            .as_slice(),
                            &[("Content-Type", "text/html")],
                        ]
                        .concat(),
                        html,
                        nl,
                    ),
                ];
                for (form, bytes) in all_forms(&records) {
                    let it = read("p.warc.gz", &bytes, &ReaderOptions::default());
                    let what = format!("{version} {nl:?} {form}");
                    assert_eq!(
                        crate::test_util::codes(&it),
                        [
                            "skip:warc_warcinfo",
                            "skip:warc_request",
                            "doc:urn:uuid:plain",
                            "doc:urn:uuid:chunked",
                            "doc:urn:uuid:notchunked",
                            "skip:warc_metadata",
                            "skip:warc_revisit",
                            "doc:urn:uuid:res"
                        ],
                        "{what}"
                    );
                    let docs: Vec<&Document> = it
                        .iter()
                        .filter_map(|i| match i {
                            ReadItem::Doc(d) => Some(d),
                            _ => None,
                        })
                        .collect();
                    for d in &docs {
                        assert_eq!(d.raw.as_ref().unwrap().bytes, html, "{what} {}", d.id);
                    }
                    assert_eq!(
                        docs[1].url.as_deref(),
                        Some("http://example.com/c"),
                        "{what}"
                    );
                    assert_eq!(docs[0].metadata["http_status"], 200);
                    assert_eq!(
                        docs[3].url.as_deref(),
                        Some("file:///example%20with%20spaces.html"),
                        "{what}"
                    );
                }
            }
        }
        // warcio's example-trunc.warc kind: a response whose Content-Length
        // is a few bytes short, between warcinfo and request records.
        let mut resp = raw_rec(
            "WARC/1.0",
            &f("response", "<urn:uuid:short>", "http://example.com/"),
            &http("", html),
            "\r\n",
        );
        let s = String::from_utf8(resp.clone()).unwrap();
        let n = http("", html).len();
        resp = s
            .replace(
                &format!("Content-Length: {n}"),
                &format!("Content-Length: {}", n - 4),
            )
            .into_bytes();
        let records = vec![
            raw_rec(
                "WARC/1.0",
                &f("warcinfo", "<urn:uuid:w>", "x"),
                b"software: hand\r\n",
                "\r\n",
            ),
            resp,
            raw_rec(
                "WARC/1.0",
                &f("request", "<urn:uuid:q>", "http://example.com/"),
                b"GET / HTTP/1.0\r\n\r\n",
                "\r\n",
            ),
        ];
        for (form, bytes) in all_forms(&records) {
            let it = read("t.warc.gz", &bytes, &ReaderOptions::default());
            assert_eq!(
                crate::test_util::codes(&it),
                [
                    "skip:warc_warcinfo",
                    "doc:urn:uuid:short",
                    "warn:warc_recovered",
                    "skip:warc_request"
                ],
                "{form}"
            );
            let ReadItem::Doc(d) = &it[1] else { panic!() };
            assert_eq!(d.raw.as_ref().unwrap().bytes, html, "{form}");
        }
        // FastWARC's clipped.warc.gz kind: one gzip member holding the start
        // of a large record; the record is read with what there is.
        let body = http("", &b"<p>clipped content</p>".repeat(2000));
        let whole = raw_rec(
            "WARC/1.0",
            &f("response", "<urn:uuid:clip>", "http://example.com/"),
            &body,
            "\r\n",
        );
        let clipped = gz(&whole[..whole.len() / 2]);
        let g = gz(&whole);
        let cut_member = &g[..g.len() - 12];
        for (what, bytes) in [("clipped", &clipped[..]), ("cut member", cut_member)] {
            let it = read("c.warc.gz", bytes, &ReaderOptions::default());
            assert_eq!(
                crate::test_util::codes(&it),
                ["doc:urn:uuid:clip", "warn:warc_truncated"],
                "{what}"
            );
            let ReadItem::Doc(d) = &it[0] else { panic!() };
            let got = d.raw.as_ref().unwrap().bytes.len();
            assert!(got > 0 && got < body.len(), "{what}: {got}");
        }
    }

    #[test]
    fn bad_version_and_headers() {
        let mut r = responses(1..5);
        r[1] = String::from_utf8(r[1].clone())
            .unwrap()
            .replacen("WARC/1.0", "WARC/x.y", 1)
            .into_bytes();
        r[2] = String::from_utf8(r[2].clone())
            .unwrap()
            .replacen("Content-Length", "Content-Lenght", 1)
            .into_bytes();
        check(
            &r,
            &[
                "doc:1",
                "err:warc_bad_version",
                "err:warc_bad_header",
                "doc:4",
            ],
        );
        let mut r = responses(1..4);
        r[1] = String::from_utf8(r[1].clone())
            .unwrap()
            .replacen("WARC/1.0", "WARX/1.0", 1)
            .into_bytes();
        check(&r, &["doc:1", "err:warc_garbage", "doc:3"]);
    }

    #[test]
    fn garbage_between_records() {
        let mut r = responses(1..4);
        r.insert(
            1,
            b"\x00\x01binary junk\nmore junk without newline".to_vec(),
        );
        r.insert(3, b"\r\n\r\n\r\n".to_vec()); // extra blank lines are fine
        check(&r, &["doc:1", "err:warc_garbage", "doc:2", "doc:3"]);
        let mut r = responses(1..3);
        r.push(b"trailing junk".to_vec());
        check(&r, &["doc:1", "doc:2", "err:warc_garbage"]);
    }

    #[test]
    fn truncated_files() {
        let r = responses(1..4);
        let plain = r.concat();
        let cut = plain.len() - 300;
        let it = read("t.warc", &plain[..cut], &ReaderOptions::default());
        assert_eq!(
            codes(&it),
            ["doc:1", "doc:2", "doc:3", "warn:warc_truncated"]
        );
        let g = per_member(&r);
        let it = read("t.warc.gz", &g[..g.len() - 30], &ReaderOptions::default());
        assert_eq!(
            codes(&it),
            ["doc:1", "doc:2", "doc:3", "warn:warc_truncated"]
        );
        // Cut inside a header.
        let it = read(
            "t.warc",
            &plain[..r[0].len() + 40],
            &ReaderOptions::default(),
        );
        assert_eq!(codes(&it), ["doc:1", "err:truncated"]);
        let ReadItem::Error(e) = &it[1] else { panic!() };
        assert_eq!(
            e.offset,
            Some(r[0].len() as u64),
            "offset of the record's version line"
        );
    }

    #[test]
    fn corrupt_gzip_member_in_the_middle() {
        let r = responses(1..6);
        let members: Vec<Vec<u8>> = r.iter().map(|x| gz(x)).collect();
        let start2: usize = members[0].len() + members[1].len();
        let mut f = members.concat();
        // Damage the deflate data of record 3's member.
        for x in &mut f[start2 + 40..start2 + 60] {
            *x = !*x;
        }
        let it = read("c.warc.gz", &f, &ReaderOptions::default());
        let c = codes(&it);
        assert_eq!(c.first().map(String::as_str), Some("doc:1"));
        assert_eq!(&c[c.len() - 2..], ["doc:4", "doc:5"], "{c:?}");
        assert!(c.contains(&"doc:2".to_string()));
        assert_eq!(
            c.iter().filter(|x| x.starts_with("err:gzip")).count(),
            1,
            "{c:?}"
        );
        let e = it
            .iter()
            .find_map(|i| {
                if let ReadItem::Error(e) = i {
                    Some(e)
                } else {
                    None
                }
            })
            .unwrap();
        assert_eq!(e.offset, Some(start2 as u64));
        // The damaged member holds record 3, whose id is unreadable: the error
        // must not name record 2 (read fine just before it).
        assert_eq!(e.id, None, "{e:?}");
        // A checksum-only failure (trailer damaged) drops exactly that record.
        let mut f = members.concat();
        let end3 = start2 + members[2].len();
        f[end3 - 8] ^= 0xff;
        let it = read("c.warc.gz", &f, &ReaderOptions::default());
        assert_eq!(
            codes(&it),
            ["doc:1", "doc:2", "err:gzip_checksum", "doc:4", "doc:5"]
        );
        let e = it
            .iter()
            .find_map(|i| {
                if let ReadItem::Error(e) = i {
                    Some(e)
                } else {
                    None
                }
            })
            .unwrap();
        // Record 3's member was withheld whole, so its id was never read.
        assert_eq!(
            (e.offset, e.id.as_deref()),
            (Some(start2 as u64), None),
            "{e:?}"
        );
    }

    #[test]
    fn caps_records_and_decompression() {
        let mut r = responses(1..4);
        r[1] = rec("response", 2, &[b'a'; 5000]);
        let opts = ReaderOptions {
            max_record_bytes: 2000,
            ..ReaderOptions::default()
        };
        for (form, bytes) in all_forms(&r) {
            assert_eq!(
                codes(&read("m.warc.gz", &bytes, &opts)),
                ["doc:1", "err:record_too_large", "doc:3"],
                "{form}"
            );
        }
        // A gzip bomb: a tiny member that expands to 50 MB.
        let mut bomb = rec_with("resource", 9, &[], 50_000_000, b"");
        bomb.extend(std::iter::repeat_n(b'a', 50_000_000));
        let mut f = per_member(&responses(1..2));
        f.extend(gz(&bomb));
        f.extend(per_member(&responses(3..4)));
        assert!(f.len() < 200_000);
        let opts = ReaderOptions {
            max_decompressed_bytes: 1_000_000,
            max_record_bytes: 100_000_000,
            ..ReaderOptions::default()
        };
        assert_eq!(
            codes(&read("b.warc.gz", &f, &opts)),
            ["doc:1", "err:decompressed_too_large"]
        );
    }

    #[test]
    fn random_damage_never_panics() {
        let r = responses(1..8);
        let mut seed = 0x2545F4914F6CDD1Du64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let forms = all_forms(&r);
        let dir = tempfile::tempdir().unwrap();
        for round in 0..120 {
            let (_, base) = &forms[round % forms.len()];
            let mut f = base.clone();
            for _ in 0..(1 + rnd() % 4) {
                let i = (rnd() % f.len() as u64) as usize;
                match rnd() % 3 {
                    0 => f[i] = rnd() as u8,
                    1 => f.truncate(i.max(1)),
                    _ => f
                        .splice(i..i, (0..rnd() % 64).map(|_| rnd() as u8))
                        .for_each(drop),
                }
            }
            let p = dir.path().join(format!("f{round}.warc.gz"));
            std::fs::write(&p, &f).unwrap();
            let n = open_reader(&p, &ReaderOptions::default()).unwrap().count();
            assert!(n < 100, "round {round}: {n} items");
        }
    }
}
