//! Character set detection and decoding.
//!
//! Order (the HTML standard's, with a detector as the last resort): a byte
//! order mark wins, then the HTTP `Content-Type` charset, then a
//! `<meta charset>` / `http-equiv` declaration in the first 4 KiB, then valid
//! UTF-8, then chardetng's guess. Decoding goes through encoding_rs, which
//! replaces invalid bytes with U+FFFD, so it never fails.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// How far into the document a `<meta charset>` is looked for.
const META_SCAN_BYTES: usize = 4096;
/// How many bytes chardetng sees when no declaration was found.
const DETECT_BYTES: usize = 64 * 1024;

/// Decodes an HTML payload to text, choosing the encoding from (in order)
/// a BOM, the `charset` of `content_type`, a `<meta>` declaration, UTF-8
/// validity and chardetng. Invalid byte sequences become U+FFFD.
///
/// ```
/// let (text, enc) = tamis_extract::decode_html(b"<p>caf\xe9</p>", Some("text/html; charset=ISO-8859-1"));
/// assert_eq!(text, "<p>café</p>");
/// assert_eq!(enc.name(), "windows-1252");
/// ```
pub fn decode_html<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
) -> (Cow<'a, str>, &'static Encoding) {
    let enc = sniff_encoding(bytes, content_type);
    let (text, _, _) = enc.decode(bytes);
    (text, enc)
}

/// Chooses the encoding without decoding (see [`decode_html`]).
pub(crate) fn sniff_encoding(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = content_type.and_then(charset_param).and_then(usable_label) {
        return enc;
    }
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    if let Some(enc) = meta_charset(head).and_then(usable_label) {
        // A <meta> can only be read if the encoding is ASCII-compatible.
        return if enc.is_ascii_compatible() {
            enc
        } else {
            UTF_8
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    // A valid-UTF-8 prefix cut inside a character is still UTF-8.
    let utf8_prefix = match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && sample.len() == DETECT_BYTES,
    };
    if utf8_prefix && sample.len() < bytes.len() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(sample, sample.len() == bytes.len());
    det.guess(None, true)
}

fn usable_label(label: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label)?;
    // "replacement" would turn the whole page into U+FFFD; UTF-16 declared
    // in <meta> or a header without a BOM is almost always wrong.
    if enc == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(enc)
}

/// The `charset=` parameter of a Content-Type value.
fn charset_param(ct: &str) -> Option<&[u8]> {
    let lower = ct.as_bytes();
    let i = find_ci(lower, b"charset")?;
    let rest = &ct[i + 7..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let v = &rest.as_bytes()[..end];
    (!v.is_empty()).then_some(v)
}

/// A charset declared by a `<meta>` tag in `head`.
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let mut pos = 0;
    while let Some(i) = find_ci(&head[pos..], b"<meta") {
        let start = pos + i + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = find_ci(tag, b"charset") {
            let mut k = j + 7;
            while k < tag.len() && tag[k].is_ascii_whitespace() {
                k += 1;
            }
            if tag.get(k) == Some(&b'=') {
                k += 1;
                while k < tag.len()
                    && (tag[k].is_ascii_whitespace() || tag[k] == b'"' || tag[k] == b'\'')
                {
                    k += 1;
                }
                let s = k;
                while k < tag.len()
                    && !matches!(
                        tag[k],
                        b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    k += 1;
                }
                if k > s {
                    return Some(&tag[s..k]);
                }
            }
        }
        pos = end;
    }
    None
}

/// ASCII case-insensitive search (`needle` lower-case).
pub(crate) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut from = 0;
    while let Some(i) = memchr::memchr2(*first, first.to_ascii_uppercase(), &hay[from..]) {
        let at = from + i;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_wins_over_meta() {
        let html = b"<meta charset=\"utf-8\"><p>\xe9t\xe9</p>";
        let (t, e) = decode_html(html, Some("text/html; charset=\"iso-8859-1\""));
        assert_eq!(e.name(), "windows-1252");
        assert!(t.contains("été"));
    }

    #[test]
    fn bom_wins_over_header() {
        let mut html = vec![0xEF, 0xBB, 0xBF];
        html.extend_from_slice("<p>ça</p>".as_bytes());
        let (t, e) = decode_html(&html, Some("text/html; charset=windows-1251"));
        assert_eq!(e, UTF_8);
        assert_eq!(t, "<p>ça</p>");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>hi</p>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let (t, e) = decode_html(&utf16, None);
        assert_eq!(e.name(), "UTF-16LE");
        assert_eq!(t, "<p>hi</p>");
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let (t, e) = decode_html(
            b"<html><head><META CHARSET=windows-1251></head><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
            None,
        );
        assert_eq!(e.name(), "windows-1251");
        assert!(t.contains("Привет"));
        let html = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"><p>\x93\xfa\x96\x7b</p>";
        let (t, e) = decode_html(html, None);
        assert_eq!(e.name(), "Shift_JIS");
        assert!(t.contains("日本"));
    }

    #[test]
    fn detection_and_invalid_bytes_never_fail() {
        let (t, e) = decode_html("<p>naïve café</p>".as_bytes(), None);
        assert_eq!(e, UTF_8);
        assert!(t.contains("café"));
        // Undeclared legacy text: guessed, decoded without error.
        let (t, _) = decode_html(
            b"<p>Le gar\xe7on a mang\xe9 une p\xeache tr\xe8s m\xfbre \xe0 la f\xeate.</p>",
            None,
        );
        assert!(t.contains("garçon"), "{t}");
        // Declared UTF-8 with garbage bytes: replaced, not rejected.
        let (t, _) = decode_html(
            b"<p>ok \xff\xfe\xfd ok</p>",
            Some("text/html; charset=utf-8"),
        );
        assert!(t.contains('\u{FFFD}'));
        let (_, e) = decode_html(
            b"<meta charset=bogus-thing><p>x</p>",
            Some("text/html; charset=replacement"),
        );
        assert_eq!(e, UTF_8);
    }
}
