//! JSON Lines (plain, gzip, zstd): one document per line.
//!
//! Lines are split with `memchr` inside the read buffer and parsed in place;
//! only a line that straddles two buffer fills is copied, and a line longer
//! than `max_record_bytes` is skipped without being held. Empty lines are
//! skipped silently. Error records carry the 1-based line number (`line`,
//! and `line N:` in the reason). Error codes: `not_utf8`, `bad_json`, `not_object`,
//! `no_text`, `bad_id`, `record_too_large`, `truncated` (last line cut off),
//! plus the stream codes (`gzip_corrupt`, `decompressed_too_large`, ...).

use serde_json::Value;
use tamis_core::Document;

use crate::reader::{ReadItem, ReaderOptions, RecordError};
use crate::stream::{ByteBuf, Decoder, StreamError};

/// Reads JSONL records.
pub(crate) struct JsonlReader {
    src: ByteBuf<Decoder>,
    keys: Keys,
    max: u64,
    /// Index of the next line, 0-based as datatrove numbers them in ids
    /// (`{stem}/{line}`); error records give the 1-based line number.
    line: u64,
    scratch: Vec<u8>,
    done: bool,
}

struct Keys {
    file: String,
    stem: String,
    text_key: String,
    id_key: String,
}

impl JsonlReader {
    pub(crate) fn new(
        dec: Decoder,
        file: String,
        stem: String,
        opts: &ReaderOptions,
    ) -> JsonlReader {
        JsonlReader {
            src: ByteBuf::new(dec),
            keys: Keys {
                file,
                stem,
                text_key: opts.text_key.clone(),
                id_key: opts.id_key.clone(),
            },
            max: opts.max_record_bytes,
            line: 0,
            scratch: Vec::new(),
            done: false,
        }
    }

    fn stream_error(&mut self, e: &std::io::Error) -> ReadItem {
        let s = StreamError::from_io(e);
        self.done |= s.fatal;
        ReadItem::Error(RecordError {
            file: self.keys.file.clone(),
            offset: Some(s.offset),
            id: None,
            line: Some(self.line + 1),
            reason: s.reason,
            code: s.code,
        })
    }

    /// Reads a line that does not fit in the buffer's current fill.
    /// Returns `Ok(Some(item))` when the line ended in an error or was too long.
    fn slow_line(&mut self, start: u64) -> Result<(bool, Option<ReadItem>), std::io::Error> {
        self.scratch.clear();
        let mut too_long = false;
        loop {
            let buf = self.src.fill()?;
            if buf.is_empty() {
                break;
            }
            let (chunk, found) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            if !too_long {
                if (self.scratch.len() + chunk.len()) as u64 > self.max {
                    too_long = true;
                    self.scratch.clear();
                } else {
                    self.scratch.extend_from_slice(chunk);
                }
            }
            let n = chunk.len() + found as usize;
            self.src.consume(n);
            if found {
                if too_long {
                    return Ok((true, Some(self.too_large(start))));
                }
                return Ok((true, None));
            }
        }
        if too_long {
            return Ok((false, Some(self.too_large(start))));
        }
        Ok((false, None))
    }

    fn too_large(&self, start: u64) -> ReadItem {
        ReadItem::Error(RecordError {
            file: self.keys.file.clone(),
            offset: Some(start),
            id: None,
            line: Some(self.line + 1),
            reason: format!(
                "line {} longer than max_record_bytes ({})",
                self.line + 1,
                self.max
            ),
            code: "record_too_large",
        })
    }
}

impl Iterator for JsonlReader {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        while !self.done {
            let start = self.src.pos();
            let buf = match self.src.fill() {
                Ok(b) => b,
                Err(e) => return Some(self.stream_error(&e)),
            };
            if buf.is_empty() {
                self.done = true;
                return None;
            }
            let item = if let Some(i) = memchr::memchr(b'\n', buf) {
                let item = if i as u64 > self.max {
                    Some(self.too_large(start))
                } else {
                    parse_line(&buf[..i], &self.keys, self.line, start, true)
                };
                self.src.consume(i + 1);
                item
            } else {
                match self.slow_line(start) {
                    Err(e) => {
                        // The partial line is part of the damaged region.
                        self.line += 1;
                        return Some(self.stream_error(&e));
                    }
                    Ok((_, Some(err))) => Some(err),
                    Ok((complete, None)) => {
                        parse_line(&self.scratch, &self.keys, self.line, start, complete)
                    }
                }
            };
            self.line += 1;
            if item.is_some() {
                return item;
            }
        }
        None
    }
}

/// Parses one line; `None` for a blank line.
fn parse_line(
    line: &[u8],
    keys: &Keys,
    line_no: u64,
    offset: u64,
    complete: bool,
) -> Option<ReadItem> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let err = |code: &'static str, reason: String, id: Option<String>| {
        Some(ReadItem::Error(RecordError {
            file: keys.file.clone(),
            offset: Some(offset),
            id,
            line: Some(line_no + 1),
            reason: format!("line {}: {reason}", line_no + 1),
            code,
        }))
    };
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(e) => {
            return err(
                "not_utf8",
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                None,
            )
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) if !complete => return err("truncated", format!("last line cut off ({e})"), None),
        Err(e) => return err("bad_json", format!("not JSON: {e}"), None),
    };
    let id = value
        .get(&keys.id_key)
        .and_then(|v| v.as_str().map(str::to_owned));
    match Document::from_json(value, &keys.text_key, &keys.id_key, || {
        format!("{}/{line_no}", keys.stem)
    }) {
        Ok(doc) => Some(ReadItem::Doc(doc)),
        Err(e) => {
            let m = e.message();
            let code = if m.contains("expected a JSON object") {
                "not_object"
            } else if m.contains(&format!("`{}`", keys.id_key))
                && !m.contains(&format!("`{}`", keys.text_key))
            {
                "bad_id"
            } else {
                "no_text"
            };
            err(code, m.to_owned(), id)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::{ReadItem, ReaderOptions};
    use crate::test_util::{codes, read_items};
    use std::io::Write;

    const SAMPLE: &[u8] = b"{\"id\":\"a\",\"text\":\"hello\",\"lang\":\"en\"}\n\n{\"text\":\"no id\"}\r\nnot json\n{\"id\":1}\n[1,2]\n{\"id\":\"bad\xff\",\"text\":\"x\"}\n{\"id\":{},\"text\":\"x\"}\n{\"text\":\"last\"}";

    #[test]
    fn every_line_kind() {
        let it = read_items("data.jsonl", SAMPLE, &ReaderOptions::default());
        assert_eq!(
            codes(&it),
            [
                "doc:a",
                "doc:data/2",
                "err:bad_json",
                "err:no_text",
                "err:not_object",
                "err:not_utf8",
                "err:bad_id",
                "doc:data/8"
            ]
        );
        let ReadItem::Doc(d) = &it[0] else { panic!() };
        assert_eq!(d.text, "hello");
        assert_eq!(d.metadata["lang"], "en");
        assert_eq!(d.position.ordinal, 0);
        let ReadItem::Doc(d) = &it[7] else { panic!() };
        assert_eq!(d.position.ordinal, 7);
        let ReadItem::Error(e) = &it[2] else { panic!() };
        assert_eq!(
            e.offset,
            Some(SAMPLE.windows(8).position(|w| w == b"not json").unwrap() as u64)
        );
        assert!(e.file.ends_with("data.jsonl"));
        // Lines are numbered from 1 in errors (`not json` is the 4th line);
        // generated ids keep datatrove's 0-based numbers (`data/2` above).
        assert_eq!(e.line, Some(4));
        assert!(e.reason.starts_with("line 4: not JSON"), "{}", e.reason);
        let ReadItem::Error(e) = &it[5] else { panic!() };
        assert_eq!((e.code, e.line), ("not_utf8", Some(7)));
    }

    #[test]
    fn compressed_forms_read_the_same() {
        let plain = codes(&read_items("data.jsonl", SAMPLE, &ReaderOptions::default()));
        let gz = crate::gzip::tests::gz(SAMPLE);
        assert_eq!(
            codes(&read_items("data.jsonl.gz", &gz, &ReaderOptions::default())),
            plain
        );
        // Detected by magic bytes even under a misleading name.
        assert_eq!(
            codes(&read_items("data.jsonl", &gz, &ReaderOptions::default())),
            plain
        );
        let zst = zstd::encode_all(SAMPLE, 3).unwrap();
        assert_eq!(
            codes(&read_items(
                "data.jsonl.zst",
                &zst,
                &ReaderOptions::default()
            )),
            plain
        );
        // No extension: sniffed as JSONL.
        assert_eq!(
            codes(&read_items("data", &zst, &ReaderOptions::default())),
            plain
        );
    }

    #[test]
    fn long_lines_are_skipped_not_buffered() {
        let mut f = Vec::new();
        writeln!(f, "{{\"text\":\"short\"}}").unwrap();
        writeln!(f, "{{\"text\":\"{}\"}}", "x".repeat(3 << 20)).unwrap();
        writeln!(f, "{{\"text\":\"{}\"}}", "y".repeat(500)).unwrap();
        writeln!(f, "{{\"text\":\"after\"}}").unwrap();
        let opts = ReaderOptions {
            max_record_bytes: 100,
            ..ReaderOptions::default()
        };
        let it = read_items("big.jsonl", &f, &opts);
        assert_eq!(
            codes(&it),
            [
                "doc:big/0",
                "err:record_too_large",
                "err:record_too_large",
                "doc:big/3"
            ]
        );
        // A line spanning buffer refills but under the cap is read whole.
        let opts = ReaderOptions {
            max_record_bytes: 8 << 20,
            ..ReaderOptions::default()
        };
        let it = read_items("big.jsonl", &f, &opts);
        assert_eq!(
            codes(&it),
            ["doc:big/0", "doc:big/1", "doc:big/2", "doc:big/3"]
        );
        let ReadItem::Doc(d) = &it[1] else { panic!() };
        assert_eq!(d.text.len(), 3 << 20);
    }

    #[test]
    fn damaged_compressed_files() {
        let body = b"{\"text\":\"line with some words\"}\n".repeat(5000);
        // (zstd may hold back a frame smaller than the read buffer until it is whole.)
        let numbered: String = (0..100_000u64)
            .map(|i| format!("{{\"text\":\"line {}\"}}\n", i * 7919 % 100_003))
            .collect();
        let zst = zstd::encode_all(numbered.as_bytes(), 3).unwrap();
        let it = read_items(
            "cut.jsonl.zst",
            &zst[..zst.len() / 2],
            &ReaderOptions::default(),
        );
        assert!(
            matches!(it.last(), Some(ReadItem::Error(_))),
            "a cut zstd file ends with an error"
        );
        assert!(it.len() > 10, "{}", it.len());
        // A corrupt gzip member in a multi-member JSONL file: later members still read.
        let mut f = crate::gzip::tests::gz(&body[..34 * 100]);
        let bad = f.len();
        f.extend(crate::gzip::tests::gz(&body[..34 * 100]));
        for b in &mut f[bad + 20..bad + 40] {
            *b = !*b;
        }
        f.extend(crate::gzip::tests::gz(
            b"{\"id\":\"last\",\"text\":\"t\"}\n",
        ));
        let c = codes(&read_items("m.jsonl.gz", &f, &ReaderOptions::default()));
        assert_eq!(c.last().map(String::as_str), Some("doc:last"), "{c:?}");
        assert_eq!(c.iter().filter(|x| x.starts_with("err:gzip")).count(), 1);
    }

    #[test]
    fn custom_keys() {
        let opts = ReaderOptions {
            text_key: "content".into(),
            id_key: "uid".into(),
            ..ReaderOptions::default()
        };
        let it = read_items("k.jsonl", b"{\"uid\":7,\"content\":\"c\"}\n", &opts);
        assert_eq!(codes(&it), ["doc:7"]);
    }

    #[test]
    fn gzip_bomb_stops_the_file() {
        let line =
            b"{\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n".repeat(20_000);
        let gz = crate::gzip::tests::gz(&line);
        let opts = ReaderOptions {
            max_decompressed_bytes: 100_000,
            ..ReaderOptions::default()
        };
        let it = read_items("bomb.jsonl.gz", &gz, &opts);
        let c = codes(&it);
        assert_eq!(
            c.last().map(String::as_str),
            Some("err:decompressed_too_large")
        );
        assert!(c.len() < 2000 && c.len() > 100, "{}", c.len());
    }
}
