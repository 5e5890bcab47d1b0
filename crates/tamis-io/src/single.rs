//! One document per file: text files (`.txt`, `.md`) and HTML files
//! (`.html`, `.htm`, optionally `.gz`/`.zst`).
//!
//! The id is the file name without its extensions. Text is decoded as UTF-8,
//! or, when that fails, in the encoding `chardetng` guesses (lossy). HTML is
//! left undecoded in `doc.raw` for the extract step (which reads `<meta
//! charset>`), with an empty text. A file larger than `max_record_bytes` is
//! a `record_too_large` error.

use std::path::Path;

use tamis_core::{Document, RawContent};

use crate::reader::{stem, Format, ReadItem, ReaderOptions, RecordError};
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
