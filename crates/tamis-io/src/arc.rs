//! ARC reading (the Internet Archive's format before WARC; plain or gzip,
//! version 1 and 2 headers).
//!
//! A record is one header line, `URL IP DATE CONTENT-TYPE ... LENGTH` (5
//! fields in version 1, 10 in version 2; the length is always the last),
//! then LENGTH bytes of content, then a newline. The content of an `http(s)`
//! record is the HTTP response, read like a WARC `response` record: the same
//! document (`doc.id` is `STEM@OFFSET`, as ARC records have no id; `warc_date`
//! is the 14-digit date as ISO 8601). The `filedesc://` record that opens the
//! file and `dns:` records are skipped (`arc_filedesc`, `arc_dns`).
//!
//! Lenient like warcio: blank lines between records are skipped; a record
//! whose content the file cuts short is read partial with a `warc_truncated`
//! warning; a header line that cannot be read is an `arc_bad_header` error and
//! reading goes on at the next line that reads as a header.

use std::collections::VecDeque;

use serde_json::Value;

use crate::reader::{ReadItem, ReaderOptions, RecordError};
use crate::stream::{ByteBuf, Decoder, Line, StreamError};
use crate::warc::{record_document, Header};

/// Header lines longer than this are not ARC headers.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// Reads ARC records.
pub(crate) struct ArcReader {
    src: ByteBuf<Decoder>,
    file: String,
    stem: String,
    max: u64,
    /// Header fields of this file's version (from its `filedesc://` record).
    fields: usize,
    done: bool,
    pending: VecDeque<ReadItem>,
}

/// One parsed ARC header line.
#[derive(Debug, PartialEq)]
struct ArcHeader {
    url: String,
    date: Option<String>,
    content_type: Option<String>,
    length: u64,
}

/// Parses `URL IP DATE CONTENT-TYPE [...] LENGTH`, where a version-`fields`
/// header has `fields` fields (5 in version 1, 10 in version 2) and the
/// length is last. Crawlers wrote URLs with raw spaces, so the fields left
/// over at the front are the URL, its spaces written `%20` (as warcio does).
/// A line with fewer fields than its version is read as version 1.
fn parse_header(line: &str, fields: usize) -> Option<ArcHeader> {
    let all: Vec<&str> = line.split_ascii_whitespace().collect();
    let n = if all.len() >= fields { fields } else { 5 };
    if all.len() < n {
        return None;
    }
    let url_end = all.len() - (n - 1);
    let rest = &all[url_end..];
    let length = rest.last()?.parse::<u64>().ok()?;
    let (date, ct) = (rest[1], rest[2]);
    Some(ArcHeader {
        url: all[..url_end].join("%20"),
        date: iso_date(date),
        content_type: (ct != "-" && ct.contains('/')).then(|| ct.to_owned()),
        length,
    })
}

/// The header field count of an ARC file whose `filedesc://` record has this
/// content: its first line is `MAJOR MINOR ORGANIZATION`.
fn fields_of_version(filedesc_body: &[u8]) -> usize {
    match filedesc_body.split(|&b| b == b'\n').next() {
        Some(first) if first.starts_with(b"2 ") => 10,
        _ => 5,
    }
}

/// `19961104142103` → `1996-11-04T14:21:03Z` (shorter dates are padded).
fn iso_date(d: &str) -> Option<String> {
    if d.len() < 8 || d.len() > 14 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut p = d.to_owned();
    while p.len() < 14 {
        p.push('0');
    }
    Some(format!(
        "{}-{}-{}T{}:{}:{}Z",
        &p[0..4],
        &p[4..6],
        &p[6..8],
        &p[8..10],
        &p[10..12],
        &p[12..14]
    ))
}

impl ArcReader {
    pub(crate) fn new(dec: Decoder, file: String, stem: String, opts: &ReaderOptions) -> ArcReader {
        ArcReader {
            src: ByteBuf::new(dec),
            file,
            stem,
            max: opts.max_record_bytes,
            fields: 5,
            done: false,
            pending: VecDeque::new(),
        }
    }

    fn error(&self, code: &'static str, offset: u64, reason: String) -> ReadItem {
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(offset),
            id: None,
            line: None,
            reason,
            code,
        })
    }

    fn stream_error(&mut self, e: &std::io::Error) -> ReadItem {
        let s = StreamError::from_io(e);
        if s.fatal {
            self.done = true;
        }
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(s.offset),
            id: None,
            line: None,
            reason: s.reason,
            code: s.code,
        })
    }

    fn record(&mut self) -> Option<ReadItem> {
        // Blank lines (the separators) before the header.
        let mut line = Vec::new();
        let start = loop {
            let start = self.src.pos();
            match self.src.read_line(&mut line, MAX_HEADER_LINE) {
                Line::Full => {}
                Line::End if line.is_empty() => {
                    self.done = true;
                    return None;
                }
                Line::End => {}
                Line::TooLong => {
                    return Some(self.error(
                        "arc_bad_header",
                        start,
                        format!("a line of more than {MAX_HEADER_LINE} bytes where an ARC record header should be"),
                    ))
                }
                Line::Err(e) => return Some(self.stream_error(&e)),
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break start;
            }
        };
        let text = String::from_utf8_lossy(&line);
        let Some(h) = parse_header(&text, self.fields) else {
            let shown: String = text.chars().take(80).collect();
            return Some(self.error(
                "arc_bad_header",
                start,
                format!("not an ARC record header: {shown:?}"),
            ));
        };
        if h.url.starts_with("filedesc:") && h.length <= self.max {
            // Its first line gives the version, hence the header layout.
            let mut body = Vec::new();
            if let Err(e) = self.src.read_into(&mut body, h.length) {
                return Some(self.stream_error(&e));
            }
            self.fields = fields_of_version(&body);
            return Some(ReadItem::Skipped("arc_filedesc"));
        }
        let skip = if h.url.starts_with("filedesc:") {
            Some("arc_filedesc")
        } else if h.url.starts_with("dns:") {
            Some("arc_dns")
        } else {
            None
        };
        if skip.is_some() || h.length > self.max {
            if let Err(e) = self.src.skip(h.length) {
                return Some(self.stream_error(&e));
            }
            return Some(match skip {
                Some(s) => ReadItem::Skipped(s),
                None => self.error(
                    "record_too_large",
                    start,
                    format!(
                        "record of {} bytes > max_record_bytes ({})",
                        h.length, self.max
                    ),
                ),
            });
        }
        let mut body = Vec::new();
        let got = match self.src.read_into(&mut body, h.length) {
            Ok(n) => n,
            Err(e) => return Some(self.stream_error(&e)),
        };
        let header = Header {
            version_ok: true,
            kind: Some("response".to_owned()),
            uri: Some(h.url),
            date: h.date,
            content_type: h.content_type,
            length: Some(h.length),
            ..Header::default()
        };
        let mut doc = record_document(&self.stem, self.max, header, body, start);
        if got < h.length {
            self.pending.push_back(ReadItem::Warning("warc_truncated"));
            doc.metadata.insert(
                "warc_truncated".into(),
                Value::from(format!("{got} of {} content bytes", h.length)),
            );
        }
        Some(ReadItem::Doc(doc))
    }
}

impl Iterator for ArcReader {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.done {
                return None;
            }
            let item = self.record();
            if let Some(item) = item {
                if !self.pending.is_empty() {
                    // The record first, then its warning.
                    self.pending.push_front(item);
                    continue;
                }
                return Some(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gzip::tests::gz;
    use crate::reader::open_reader;

    fn filedesc() -> Vec<u8> {
        let body = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n\n";
        let mut r = format!(
            "filedesc://example.arc 0.0.0.0 20240101000000 text/plain {}\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn record(url: &str, payload: &[u8], len: usize) -> Vec<u8> {
        let mut r = format!("{url} 192.0.2.1 20240102030405 text/html {len}\n").into_bytes();
        r.extend_from_slice(payload);
        r.push(b'\n');
        r
    }

    fn page(n: u32) -> Vec<u8> {
        format!("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Page {n}</p></body></html>").into_bytes()
    }

    fn read(name: &str, bytes: &[u8]) -> Vec<ReadItem> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        open_reader(&p, &ReaderOptions::default())
            .unwrap()
            .collect()
    }

    fn docs(items: &[ReadItem]) -> Vec<&tamis_core::Document> {
        items
            .iter()
            .filter_map(|i| match i {
                ReadItem::Doc(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headers_of_both_versions_parse() {
        let v1 = parse_header("http://ex.org/a 192.0.2.1 19961104142103 text/html 202", 5).unwrap();
        assert_eq!(v1.url, "http://ex.org/a");
        assert_eq!(v1.date.as_deref(), Some("1996-11-04T14:21:03Z"));
        assert_eq!(v1.content_type.as_deref(), Some("text/html"));
        assert_eq!(v1.length, 202);
        let line = "http://ex.org/b 192.0.2.1 20240102030405 text/html 200 abc - 0 example.arc 77";
        let v2 = parse_header(line, 10).unwrap();
        assert_eq!((v2.url.as_str(), v2.length), ("http://ex.org/b", 77));
        assert_eq!(parse_header("GET / HTTP/1.0", 5), None);
        assert_eq!(parse_header("a b c d notanumber", 5), None);
        // A version-2 file with a version-1 line still reads it.
        assert_eq!(
            parse_header("http://ex.org/a 192.0.2.1 19961104142103 text/html 202", 10)
                .unwrap()
                .length,
            202
        );
    }

    #[test]
    fn raw_spaces_in_a_url_stay_in_the_url() {
        let h = parse_header(
            "http://ex.org/?q=a b&t=Two Words 192.0.2.1 20040925001013 text/html 149",
            5,
        )
        .unwrap();
        assert_eq!(h.url, "http://ex.org/?q=a%20b&t=Two%20Words");
        assert_eq!(h.date.as_deref(), Some("2004-09-25T00:10:13Z"));
        assert_eq!(h.length, 149);
        let v2 = "http://ex.org/a b 192.0.2.1 20240102030405 text/html 200 abc - 0 example.arc 77";
        assert_eq!(parse_header(v2, 10).unwrap().url, "http://ex.org/a%20b");
    }

    #[test]
    fn the_filedesc_record_sets_the_version() {
        assert_eq!(fields_of_version(b"1 1 InternetArchive\nURL IP-address"), 5);
        assert_eq!(fields_of_version(b"2 0 Alexa\nURL IP-address"), 10);
        // A version-2 file: a URL with a space and no separator line.
        let body = b"2 0 Example\nURL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length\n";
        let mut bytes = format!(
            "filedesc://v2.arc 0.0.0.0 20240101000000 text/plain {}\n",
            body.len()
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        let p = page(7);
        bytes.extend(
            format!(
                "http://ex.org/a b 192.0.2.1 20240102030405 text/html 200 - - 0 v2.arc {}\n",
                p.len()
            )
            .into_bytes(),
        );
        bytes.extend_from_slice(&p);
        bytes.extend(record("http://ex.org/c", &p, p.len()));
        let items = read("v2.arc", &bytes);
        let d = docs(&items);
        assert_eq!(d.len(), 2, "{items:?}");
        assert_eq!(d[0].url.as_deref(), Some("http://ex.org/a%20b"));
        assert_eq!(d[1].url.as_deref(), Some("http://ex.org/c"));
    }

    #[test]
    fn plain_and_gzip_arc_files_read_as_responses() {
        let p1 = page(1);
        let p2 = page(2);
        let mut plain = filedesc();
        plain.extend(record("http://ex.org/1", &p1, p1.len()));
        plain.extend(record("dns:ex.org", b"192.0.2.1", 9));
        plain.extend(record("http://ex.org/2", &p2, p2.len()));
        // One gzip member per record, as .arc.gz files are written.
        let mut gzipped = gz(&filedesc());
        gzipped.extend(gz(&record("http://ex.org/1", &p1, p1.len())));
        gzipped.extend(gz(&record("http://ex.org/2", &p2, p2.len())));
        for (name, bytes) in [("a.arc", plain), ("a.arc.gz", gzipped)] {
            let items = read(name, &bytes);
            let d = docs(&items);
            assert_eq!(d.len(), 2, "{name}: {items:?}");
            assert_eq!(d[0].url.as_deref(), Some("http://ex.org/1"));
            assert_eq!(d[0].metadata["http_status"], 200);
            assert_eq!(d[0].metadata["warc_date"], "2024-01-02T03:04:05Z");
            let raw = d[1].raw.as_ref().unwrap();
            assert!(raw.bytes.starts_with(b"<html><body><p>Page 2"), "{name}");
            assert!(d[0].id.starts_with("a@"), "{}", d[0].id);
            assert!(items
                .iter()
                .any(|i| matches!(i, ReadItem::Skipped("arc_filedesc"))));
        }
    }

    #[test]
    fn a_cut_record_is_read_partial_and_a_bad_header_is_one_error() {
        let p1 = page(1);
        let mut bytes = filedesc();
        bytes.extend(b"this line is not a header\n");
        bytes.extend(record("http://ex.org/1", &p1, p1.len()));
        let p2 = page(2);
        let mut cut = record("http://ex.org/2", &p2, p2.len() + 100);
        cut.truncate(cut.len() - 1);
        bytes.extend(cut);
        let items = read("b.arc", &bytes);
        let d = docs(&items);
        assert_eq!(d.len(), 2, "{items:?}");
        assert!(d[1].metadata["warc_truncated"]
            .as_str()
            .unwrap()
            .ends_with(&format!("of {} content bytes", p2.len() + 100)));
        let errors: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                ReadItem::Error(e) => Some(e.code),
                _ => None,
            })
            .collect();
        assert_eq!(errors, vec!["arc_bad_header"]);
        assert!(items
            .iter()
            .any(|i| matches!(i, ReadItem::Warning("warc_truncated"))));
    }
}
