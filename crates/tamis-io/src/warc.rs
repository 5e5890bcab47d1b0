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
//! `WARC-Target-URI`; metadata gets `warc_date`, `http_status`, `content_type`.
//!
//! Damage never stops the file while bytes remain: a record with a bad
//! version line or header, a wrong `Content-Length` (too short or too long)
//! or missing `CRLF CRLF` separators becomes an error record and reading
//! resumes at the next `WARC/` line; garbage between records is one error;
//! a corrupt gzip member is one error and the next member is found by
//! scanning (see `gzip.rs`). Codes: `warc_bad_version`, `warc_bad_header`,
//! `warc_bad_length`, `warc_missing_separator`, `warc_garbage`,
//! `record_too_large`, `truncated`, plus the stream codes.

use serde_json::Value;
use tamis_core::{Document, RawContent};

use crate::http;
use crate::reader::{ReadItem, ReaderOptions, RecordError};
use crate::stream::{ByteBuf, Compression, Decoder, StreamError};

/// Longest WARC header block accepted.
const MAX_HEADER_BYTES: usize = 1 << 20;
/// Where the next record must start.
const NEXT_RECORD: &[u8] = b"\r\n\r\nWARC/";

/// The WARC header fields the reader uses.
#[derive(Default)]
struct Header {
    version_ok: bool,
    kind: Option<String>,
    id: Option<String>,
    uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    length: Option<u64>,
    bad_line: Option<String>,
}

/// Reads WARC records.
pub(crate) struct WarcReader {
    src: ByteBuf<Decoder>,
    file: String,
    stem: String,
    max: u64,
    done: bool,
    /// An item to return before reading on.
    pending: Option<ReadItem>,
    /// After damage: skip silently to the next `WARC/` line.
    resync: bool,
    line: Vec<u8>,
}

enum Line {
    /// A line (without its end) is in `self.line`.
    Full,
    /// The stream ended; `self.line` holds what came before the end.
    End,
    /// Longer than the cap; skipped.
    TooLong,
    Err(std::io::Error),
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
            pending: None,
            resync: false,
            line: Vec::new(),
        }
    }

    fn error(&self, code: &'static str, offset: u64, id: Option<&str>, reason: String) -> ReadItem {
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(offset),
            id: id.map(str::to_owned),
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
            reason: s.reason,
            code: s.code,
        })
    }

    /// Reads one line into `self.line`, at most `cap` bytes.
    fn read_line(&mut self, cap: usize) -> Line {
        self.line.clear();
        let mut too_long = false;
        loop {
            let buf = match self.src.fill() {
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
            if !too_long && self.line.len() + chunk.len() <= cap {
                self.line.extend_from_slice(chunk);
            } else {
                too_long = true;
            }
            let n = chunk.len() + found as usize;
            self.src.consume(n);
            if found {
                if self.line.last() == Some(&b'\r') {
                    self.line.pop();
                }
                return if too_long { Line::TooLong } else { Line::Full };
            }
        }
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
        let mut body = Vec::new();
        let got = if skip.is_some() || too_large {
            self.src.skip(len)
        } else {
            body.reserve(len.min(1 << 20) as usize);
            self.src.read_into(&mut body, len)
        };
        let got = match got {
            Ok(n) => n,
            Err(e) => return Some(self.stream_error(&e, id)),
        };
        if got < len {
            if let Some(e) = self.src.take_error() {
                return Some(self.stream_error(&e, id));
            }
            if let Some(item) = self.content_length_too_long(&mut body, start, id) {
                return Some(item);
            }
            self.done = true;
            return Some(self.error(
                "truncated",
                start,
                id,
                format!("file ends inside a record: {got} of {len} content bytes"),
            ));
        }
        // The record must end with CRLF CRLF.
        let t = self.src.peek(4);
        if t != b"\r\n\r\n" {
            if t.is_empty() {
                if let Some(e) = self.src.take_error() {
                    return Some(self.stream_error(&e, id));
                }
            }
            if let Some(item) = self.content_length_too_long(&mut body, start, id) {
                return Some(item);
            }
            let t = self.src.peek(7);
            let next =
                t.starts_with(b"WARC/") || t.starts_with(b"\r\nWARC/") || t.starts_with(b"\nWARC/");
            if next || t.is_empty() || t == b"\r\n" {
                return Some(self.error(
                    "warc_missing_separator",
                    start,
                    id,
                    "record not followed by CRLF CRLF".into(),
                ));
            }
            self.resync = true;
            return Some(self.error(
                "warc_bad_length",
                start,
                id,
                format!("Content-Length {len} is too short: record continues past it"),
            ));
        }
        self.src.consume(4);
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
                self.pending = Some(item);
            }
        }
        if too_large {
            return Some(self.error(
                "record_too_large",
                start,
                id,
                format!("record of {len} bytes > max_record_bytes ({})", self.max),
            ));
        }
        if let Some(s) = skip {
            return Some(ReadItem::Skipped(s));
        }
        Some(ReadItem::Doc(self.document(h, body, start)))
    }

    /// When a record's content ran past its real end (Content-Length too
    /// long), the next record's start is inside the bytes read: put them
    /// back and report the record.
    fn content_length_too_long(
        &mut self,
        body: &mut Vec<u8>,
        start: u64,
        id: Option<&str>,
    ) -> Option<ReadItem> {
        let i = memchr::memmem::find(body, NEXT_RECORD)?;
        self.src.unread(&body[i + 4..]);
        body.truncate(i);
        Some(self.error(
            "warc_bad_length",
            start,
            id,
            "Content-Length is too long: it runs into the next record".into(),
        ))
    }

    fn document(&self, h: Header, mut body: Vec<u8>, start: u64) -> Document {
        let id = h.id.unwrap_or_else(|| format!("{}@{start}", self.stem));
        let mut doc = Document::new(id, String::new());
        doc.url = h.uri;
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
                        if let Some(b) = http::decode_content(&body, enc, self.max) {
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
        if let Some(p) = self.pending.take() {
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

    #[test]
    fn content_length_too_short() {
        let mut r = responses(1..4);
        r[1] = rec_with(
            "response",
            2,
            &page(2),
            page(2).len() as i64 - 10,
            b"\r\n\r\n",
        );
        check(&r, &["doc:1", "err:warc_bad_length", "doc:3"]);
    }

    #[test]
    fn content_length_too_long() {
        let mut r = responses(1..5);
        r[1] = rec_with(
            "response",
            2,
            &page(2),
            page(2).len() as i64 + 50,
            b"\r\n\r\n",
        );
        check(&r, &["doc:1", "err:warc_bad_length", "doc:3", "doc:4"]);
        // Past the end of the file, on the last record.
        let mut r = responses(1..3);
        r[1] = rec_with("response", 2, &page(2), 100_000, b"\r\n\r\n");
        check(&r, &["doc:1", "err:truncated"]);
    }

    #[test]
    fn missing_separators() {
        let mut r = responses(1..4);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"");
        check(&r, &["doc:1", "err:warc_missing_separator", "doc:3"]);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"\r\n");
        check(&r, &["doc:1", "err:warc_missing_separator", "doc:3"]);
        let mut r = responses(1..3);
        r[1] = rec_with("response", 2, &page(2), page(2).len() as i64, b"");
        check(&r, &["doc:1", "err:warc_missing_separator"]);
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
        assert_eq!(codes(&it), ["doc:1", "doc:2", "err:truncated"]);
        let ReadItem::Error(e) = &it[2] else { panic!() };
        assert_eq!(
            e.offset,
            Some((r[0].len() + r[1].len()) as u64),
            "offset of the record's version line"
        );
        let g = per_member(&r);
        let it = read("t.warc.gz", &g[..g.len() - 30], &ReaderOptions::default());
        assert_eq!(codes(&it), ["doc:1", "doc:2", "err:truncated"]);
        // Cut inside a header.
        let it = read(
            "t.warc",
            &plain[..r[0].len() + 40],
            &ReaderOptions::default(),
        );
        assert_eq!(codes(&it), ["doc:1", "err:truncated"]);
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
