//! The HTTP message inside a WARC `response` record: status line, the
//! headers the pipeline needs, and the body (de-chunked and decompressed
//! when the headers say so and the bytes agree).

use std::io::Read;

/// What the pipeline needs from an HTTP response head.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct HttpHead {
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub chunked: bool,
    pub content_encoding: Option<String>,
    /// Offset of the body in the record payload.
    pub body_start: usize,
}

/// Parses the head of an HTTP response; `None` if `payload` does not start
/// with an HTTP status line.
pub(crate) fn parse_head(payload: &[u8]) -> Option<HttpHead> {
    if !payload.starts_with(b"HTTP/") {
        return None;
    }
    // The head ends at the first empty line (CRLF or bare LF endings).
    let mut lines = Vec::with_capacity(16);
    let mut pos = 0;
    let mut body_start = payload.len();
    while let Some(nl) = memchr::memchr(b'\n', &payload[pos..]) {
        let line = &payload[pos..pos + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos += nl + 1;
        if line.is_empty() {
            body_start = pos;
            break;
        }
        lines.push(line);
    }
    if body_start == payload.len() && pos < payload.len() {
        lines.push(&payload[pos..]);
    }
    let mut lines = lines.into_iter();
    let status_line = lines.next()?;
    let status = status_line
        .split(|&b| b == b' ')
        .filter(|t| !t.is_empty())
        .nth(1)
        .and_then(|t| std::str::from_utf8(t).ok())
        .and_then(|t| t.parse().ok());
    let mut h = HttpHead {
        status,
        body_start,
        ..HttpHead::default()
    };
    for line in lines {
        let Some(i) = memchr::memchr(b':', line) else {
            continue;
        };
        let (name, value) = (&line[..i], &line[i + 1..]);
        let value = || String::from_utf8_lossy(value).trim().to_owned();
        if name.eq_ignore_ascii_case(b"content-type") {
            h.content_type = Some(value());
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            h.chunked = value().to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case(b"content-encoding") {
            h.content_encoding = Some(value().to_ascii_lowercase());
        }
    }
    Some(h)
}

/// Removes HTTP/1.1 chunked framing; `None` if `body` is not validly chunked
/// (crawlers often store bodies already de-chunked but keep the header).
pub(crate) fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let nl = memchr::memchr(b'\n', rest)?;
        let line = rest[..nl].strip_suffix(b"\r").unwrap_or(&rest[..nl]);
        let size_hex = line.split(|&b| b == b';').next()?;
        let size_hex = std::str::from_utf8(size_hex).ok()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > rest.len() {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            // Missing last-chunk marker: accept what was framed correctly.
            return Some(out);
        }
    }
}

/// Decodes a `Content-Encoding: gzip/deflate` body, at most `max` bytes;
/// `None` if the bytes are not so encoded or decode to more than `max`.
pub(crate) fn decode_content(body: &[u8], encoding: &str, max: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let ok = match encoding {
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            flate2::read::MultiGzDecoder::new(body)
                .take(max.saturating_add(1))
                .read_to_end(&mut out)
                .is_ok()
        }
        "deflate" => {
            let zlib = flate2::read::ZlibDecoder::new(body)
                .take(max.saturating_add(1))
                .read_to_end(&mut out)
                .is_ok();
            zlib || {
                out.clear();
                flate2::read::DeflateDecoder::new(body)
                    .take(max.saturating_add(1))
                    .read_to_end(&mut out)
                    .is_ok()
            }
        }
        _ => false,
    };
    (ok && out.len() as u64 <= max).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_fields() {
        let p = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=latin1\r\nTRANSFER-ENCODING: chunked\r\nContent-Encoding: GZIP\r\n\r\nbody";
        let h = parse_head(p).unwrap();
        assert_eq!(h.status, Some(404));
        assert_eq!(h.content_type.as_deref(), Some("text/html; charset=latin1"));
        assert!(h.chunked);
        assert_eq!(h.content_encoding.as_deref(), Some("gzip"));
        assert_eq!(&p[h.body_start..], b"body");
        let h = parse_head(b"HTTP/1.0 200\nX: y\n\nb").unwrap();
        assert_eq!((h.status, h.body_start), (Some(200), 19));
        assert_eq!(parse_head(b"HTTP/1.1 200 OK\r\n").unwrap().body_start, 17);
        assert!(parse_head(b"<html>").is_none());
        assert_eq!(parse_head(b"HTTP/x garbage").unwrap().status, None);
    }

    #[test]
    fn chunks() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert_eq!(dechunk(b"3\r\nabc\r\n").unwrap(), b"abc");
        assert!(dechunk(b"<html>not chunked</html>").is_none());
        assert!(dechunk(b"ff\r\nshort").is_none());
        assert!(dechunk(b"ffffffffffffffffffffffff\r\n").is_none());
    }

    #[test]
    fn content_encodings() {
        let gz = crate::gzip::tests::gz(b"<p>hi</p>");
        assert_eq!(decode_content(&gz, "gzip", 100).unwrap(), b"<p>hi</p>");
        assert!(decode_content(&gz, "gzip", 3).is_none(), "bounded");
        assert!(decode_content(b"<p>plain</p>", "gzip", 100).is_none());
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, b"deflated").unwrap();
        assert_eq!(
            decode_content(&z.finish().unwrap(), "deflate", 100).unwrap(),
            b"deflated"
        );
        assert!(decode_content(b"x", "br", 100).is_none());
    }
}
