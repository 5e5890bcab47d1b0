//! One document per file: text files (`.txt`, `.md`) and HTML files
//! (`.html`, `.htm`, optionally `.gz`/`.zst`).
//!
//! The id is the file name without its extensions. Text is decoded as UTF-8,
//! or, when that fails, in the encoding `chardetng` guesses (lossy); UTF-16
//! with or without a BOM is recognised. HTML is left undecoded in `doc.raw`
//! for the extract step (which reads `<meta charset>`), with an empty text.
//! A file larger than `max_record_bytes` is a `record_too_large` error.
//!
//! A file whose bytes are not text (an image, a PDF, an archive, random
//! binary; see `sniff.rs`) is not a document: it becomes a
//! [`ReadItem::Removed`] with `removed_by` = step `read`, reason
//! `not_text`, signals `detected` (`png`, `pdf`, `zip`, ..., `binary`) and
//! `bytes` (the file's size).

use std::path::Path;

use tamis_core::{Document, RawContent, Removal, RemovedBy};

use crate::reader::{stem, Format, ReadItem, ReaderOptions, RecordError, READ_STEP};
use crate::sniff::{sniff, Sniffed, SNIFF_BYTES};
use crate::stream::{ByteBuf, Decoder, StreamError};

/// Yields the one document of a file.
pub(crate) struct SingleDoc {
    src: Option<ByteBuf<Decoder>>,
    file: String,
    id: String,
    html: bool,
    max: u64,
}

impl SingleDoc {
    pub(crate) fn new(
        dec: Decoder,
        path: &Path,
        format: Format,
        opts: &ReaderOptions,
    ) -> SingleDoc {
        SingleDoc {
            src: Some(ByteBuf::with_capacity(dec, 256 << 10)),
            file: path.display().to_string(),
            id: stem(path),
            html: format == Format::Html,
            max: opts.max_record_bytes,
        }
    }

    fn error(&self, code: &'static str, reason: String) -> ReadItem {
        ReadItem::Error(RecordError {
            file: self.file.clone(),
            offset: Some(0),
            id: Some(self.id.clone()),
            line: None,
            reason,
            code,
        })
    }
}

impl Iterator for SingleDoc {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        let mut src = self.src.take()?;
        let mut bytes = Vec::new();
        match src.read_into(&mut bytes, self.max.saturating_add(1)) {
            Err(e) => {
                let s = StreamError::from_io(&e);
                return Some(self.error(s.code, s.reason));
            }
            Ok(n) if n > self.max => {
                return Some(self.error(
                    "record_too_large",
                    format!("file larger than max_record_bytes ({})", self.max),
                ));
            }
            Ok(_) => {}
        }
        let mut doc = Document::new(self.id.clone(), String::new());
        let sniffed = sniff(&bytes, bytes.len() <= SNIFF_BYTES);
        if let Sniffed::Binary(detected) = sniffed {
            doc.removed_by = Some(RemovedBy::from_drop(
                READ_STEP,
                Removal::new("not_text")
                    .signal("detected", detected)
                    .signal("bytes", bytes.len() as u64),
            ));
            return Some(ReadItem::Removed(doc));
        }
        if let Sniffed::Utf16NoBom(le) = sniffed {
            let enc = if le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let text = enc.decode_without_bom_handling(&bytes).0.into_owned();
            if self.html {
                // The extract step decodes HTML itself: hand it UTF-8.
                doc.raw = Some(RawContent {
                    bytes: text.into_bytes(),
                    content_type: Some("text/html; charset=utf-8".into()),
                });
            } else {
                doc.text = text;
            }
            return Some(ReadItem::Doc(doc));
        }
        if self.html {
            doc.raw = Some(RawContent {
                bytes,
                content_type: None,
            });
        } else {
            doc.text = decode_text(bytes);
        }
        Some(ReadItem::Doc(doc))
    }
}

/// UTF-8 if valid (a BOM is dropped), else the detected encoding.
pub(crate) fn decode_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            s
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let (enc, bom_len) = match encoding_rs::Encoding::for_bom(&bytes) {
                Some((enc, n)) => (enc, n),
                None => {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
                    det.feed(&bytes, true);
                    (det.guess(None, chardetng::Utf8Detection::Deny), 0)
                }
            };
            enc.decode_without_bom_handling(&bytes[bom_len..])
                .0
                .into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_util::read_items as read;

    #[test]
    fn text_files_decode() {
        let it = read(
            "note.md",
            "\u{feff}Été chaud.\n".as_bytes(),
            &ReaderOptions::default(),
        );
        let [ReadItem::Doc(d)] = &it[..] else {
            panic!("{it:?}")
        };
        assert_eq!((d.id.as_str(), d.text.as_str()), ("note", "Été chaud.\n"));
        // Windows-1252 text: not UTF-8, detected.
        let it = read(
            "latin.txt",
            b"Le caf\xe9 est tr\xe8s bon et l'\xe9t\xe9 aussi.",
            &ReaderOptions::default(),
        );
        let [ReadItem::Doc(d)] = &it[..] else {
            panic!()
        };
        assert_eq!(d.text, "Le café est très bon et l'été aussi.");
        assert!(d.raw.is_none());
    }

    #[test]
    fn html_files_keep_raw_bytes() {
        let gz = crate::gzip::tests::gz(b"<html><p>x</p></html>");
        let it = read("page.html.gz", &gz, &ReaderOptions::default());
        let [ReadItem::Doc(d)] = &it[..] else {
            panic!()
        };
        assert_eq!(d.id, "page");
        assert!(d.text.is_empty());
        assert_eq!(d.raw.as_ref().unwrap().bytes, b"<html><p>x</p></html>");
        // No extension: sniffed as HTML.
        let it = read(
            "page",
            b"<!DOCTYPE html><html></html>",
            &ReaderOptions::default(),
        );
        let [ReadItem::Doc(d)] = &it[..] else {
            panic!()
        };
        assert!(d.raw.is_some());
    }

    /// The reader's verdict on one file: `doc:<text>`, `raw:<bytes>` or
    /// `removed:<reason>:<detected>`.
    fn verdict(name: &str, bytes: &[u8]) -> String {
        let it = read(name, bytes, &ReaderOptions::default());
        match &it[..] {
            [ReadItem::Doc(d)] if d.raw.is_some() => format!(
                "raw:{}",
                String::from_utf8_lossy(&d.raw.as_ref().unwrap().bytes)
            ),
            [ReadItem::Doc(d)] => format!("doc:{}", d.text),
            [ReadItem::Removed(d)] => {
                let r = d.removed_by.as_ref().unwrap();
                assert_eq!(r.step, "read");
                assert!(d.text.is_empty() && d.raw.is_none());
                if !name.ends_with(".gz") {
                    assert_eq!(r.signals["bytes"], bytes.len() as u64);
                }
                format!(
                    "removed:{}:{}",
                    r.reason,
                    r.signals["detected"].as_str().unwrap()
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_files_are_removed_not_text() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend((0..3000u32).map(|i| (i * 7 % 251) as u8));
        assert_eq!(verdict("pic.png", &png), "removed:not_text:png");
        // The extension does not matter: a PNG named .txt or .html.
        assert_eq!(verdict("pic.txt", &png), "removed:not_text:png");
        assert_eq!(verdict("pic.html", &png), "removed:not_text:png");
        assert_eq!(
            verdict("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
            "removed:not_text:pdf"
        );
        assert_eq!(
            verdict("a.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00"),
            "removed:not_text:zip"
        );
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let random: Vec<u8> = (0..5000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        assert_eq!(verdict("blob.bin", &random), "removed:not_text:binary");
        // Compressed binary: judged after decompression.
        let gz = crate::gzip::tests::gz(&random);
        assert_eq!(verdict("blob.txt.gz", &gz), "removed:not_text:binary");
        // Removed files are records: they take an ordinal.
        let it = read("blob.bin", &random, &ReaderOptions::default());
        let [ReadItem::Removed(d)] = &it[..] else {
            panic!()
        };
        assert_eq!((d.id.as_str(), d.position.ordinal), ("blob", 0));
    }

    #[test]
    fn text_in_every_encoding_is_kept() {
        let ja = "日本語の文章です。東京は晴れ。";
        assert_eq!(verdict("ja.txt", ja.as_bytes()), format!("doc:{ja}"));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(ja);
        assert_eq!(verdict("sjis.txt", &sjis), format!("doc:{ja}"));
        let latin1 = b"Le caf\xe9 est tr\xe8s bon et l'\xe9t\xe9 aussi.";
        assert_eq!(
            verdict("l1.txt", latin1),
            "doc:Le café est très bon et l'été aussi."
        );
        let text = "Grüße aus Köln, 2024.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let bom_le = [&b"\xff\xfe"[..], &le].concat();
        let bom_be = [&b"\xfe\xff"[..], &be].concat();
        for (name, b) in [("le.txt", &bom_le), ("be.txt", &bom_be), ("nobom.txt", &le)] {
            assert_eq!(verdict(name, b), format!("doc:{text}"), "{name}");
        }
        // No extension: sniffed as text.
        assert_eq!(verdict("README", b"Just words.\n"), "doc:Just words.\n");
        // UTF-16 HTML goes to the extract step as UTF-8.
        let html: Vec<u8> = "<html><p>Été</p></html>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(verdict("p.html", &html), "raw:<html><p>Été</p></html>");
    }

    #[test]
    fn too_large_and_corrupt() {
        let opts = ReaderOptions {
            max_record_bytes: 10,
            ..ReaderOptions::default()
        };
        let it = read("big.txt", &[b'a'; 11], &opts);
        let [ReadItem::Error(e)] = &it[..] else {
            panic!()
        };
        assert_eq!((e.code, e.id.as_deref()), ("record_too_large", Some("big")));
        let it = read("ok.txt", &[b'a'; 10], &opts);
        assert!(matches!(&it[..], [ReadItem::Doc(_)]));
        let gz = crate::gzip::tests::gz(&b"abc".repeat(1000));
        let it = read(
            "cut.txt.gz",
            &gz[..gz.len() - 20],
            &ReaderOptions::default(),
        );
        let [ReadItem::Error(e)] = &it[..] else {
            panic!("{it:?}")
        };
        assert_eq!(e.code, "truncated");
    }
}
