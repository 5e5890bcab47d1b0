//! The broken corpus: one file per kind of damage a crawl really has, each
//! with the good records that must still be read around the damage.
//!
//! Everything is generated from code and a fixed seed (no third-party text),
//! so the corpus is identical on every machine. Big cases (the 30 MB line,
//! the gzip bomb) are written streaming: the generator never holds them in
//! memory, and sizes come from [`CorpusOptions`] so quick tests can shrink
//! them.
//!
//! This file depends only on `std`, `flate2` and `serde_json`, so an
//! integration test of another crate can include it with `#[path]`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Sizes of the big cases.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Text bytes of the single-line JSONL document (`big-line.jsonl`).
    pub big_line_bytes: usize,
    /// Nesting depth of `nested.html` and of the nested WARC response.
    pub nesting_depth: usize,
    /// Decompressed size of the gzip bomb (`bomb.jsonl.gz`), zeros.
    pub bomb_bytes: u64,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            big_line_bytes: 30 << 20,
            nesting_depth: 100_000,
            bomb_bytes: 1 << 30,
        }
    }
}

/// One file of the corpus and what a reader must make of it.
#[derive(Debug, Clone)]
pub struct Case {
    /// File name in the corpus folder.
    pub file: &'static str,
    /// The damage, for people.
    pub damage: &'static str,
    /// Read-error codes, one of which the file must produce (empty: the
    /// damage is not a read error, e.g. a PNG labelled text/html is a
    /// document that a step must drop or reject).
    pub read_codes: &'static [&'static str],
    /// Ids of the good records that must still reach the pipeline.
    pub good_ids: Vec<String>,
    /// Ids of documents that are read but that steps must drop or reject.
    pub bad_doc_ids: Vec<String>,
}

/// Writes the whole corpus into `dir` (created) and returns its cases.
pub fn write_corpus(dir: &Path, opts: &CorpusOptions) -> io::Result<Vec<Case>> {
    std::fs::create_dir_all(dir)?;
    let mut cases = vec![
        truncated_gz(dir)?,
        corrupt_member(dir)?,
        garbage_between_records(dir)?,
        random_bytes(dir)?,
        bad_version(dir)?,
        length_too_short(dir)?,
        length_too_long(dir)?,
        missing_separator(dir)?,
        non_html_payloads(dir)?,
        jsonl_invalid_utf8(dir)?,
        jsonl_not_json(dir)?,
        big_line(dir, opts.big_line_bytes)?,
        nested_html(dir, opts.nesting_depth)?,
        nested_warc(dir, opts.nesting_depth)?,
    ];
    cases.extend(empty_files(dir)?);
    cases.push(empty_documents(dir)?);
    cases.push(gzip_bomb(dir, opts.bomb_bytes)?);
    Ok(cases)
}

/// A small deterministic generator (SplitMix64): same seed, same corpus.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "the",
    "river",
    "morning",
    "garden",
    "teacher",
    "walked",
    "quickly",
    "towards",
    "small",
    "village",
    "where",
    "children",
    "played",
    "under",
    "old",
    "trees",
    "and",
    "bread",
    "was",
    "baked",
    "every",
    "day",
    "market",
    "opened",
    "early",
    "with",
    "fresh",
    "fruit",
    "from",
    "nearby",
    "farms",
    "people",
    "talked",
    "about",
    "weather",
    "news",
    "while",
    "boats",
    "moved",
    "slowly",
    "on",
    "water",
    "because",
    "wind",
    "had",
    "changed",
    "direction",
    "again",
];

/// A paragraph of `n` plausible English words with sentence punctuation.
pub fn sentence_text(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if i % 12 == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        s.push_str(if i % 12 == 11 || i + 1 == n {
            ". "
        } else {
            " "
        });
    }
    s.trim_end().to_owned()
}

/// An HTML page with a title and a few paragraphs of generated text.
pub fn html_page(rng: &mut Rng, title: &str) -> String {
    let mut body = String::new();
    for _ in 0..4 {
        body.push_str("<p>");
        body.push_str(&sentence_text(rng, 60));
        body.push_str("</p>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article><footer>Footer</footer></body></html>\n"
    )
}

/// The id a reader gives a WARC record written by [`warc_response`].
pub fn record_id(case: &str, n: usize) -> String {
    format!("urn:tamis:{case}:{n}")
}

/// A WARC `response` record with an HTTP head, payload declared as
/// `content_type`.
pub fn warc_response(case: &str, n: usize, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    warc_record(
        "response",
        case,
        n,
        "application/http; msgtype=response",
        &http,
    )
}

/// A WARC record of `kind` with an exact `Content-Length` and the `CRLF CRLF`
/// separator.
pub fn warc_record(kind: &str, case: &str, n: usize, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{}>\r\nWARC-Target-URI: https://{case}.example.org/page/{n}\r\nWARC-Date: 2024-03-0{}T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        record_id(case, n),
        1 + n % 9,
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A good HTML response record `n` of `case`.
pub fn good_response(case: &str, n: usize) -> Vec<u8> {
    let mut rng = Rng::new(hash(case) ^ n as u64);
    let page = html_page(&mut rng, &format!("Page {n} of {case}"));
    warc_response(case, n, "text/html; charset=utf-8", page.as_bytes())
}

/// One gzip member holding `data`.
pub fn gzip_member(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn ids(case: &str, ns: &[usize]) -> Vec<String> {
    ns.iter().map(|&n| record_id(case, n)).collect()
}

fn truncated_gz(dir: &Path) -> io::Result<Case> {
    let c = "truncated";
    let members: Vec<Vec<u8>> = (0..3).map(|n| gzip_member(&good_response(c, n))).collect();
    let mut bytes: Vec<u8> = members[..2].concat();
    let last = &members[2];
    bytes.extend_from_slice(&last[..last.len() / 2]);
    std::fs::write(dir.join("truncated.warc.gz"), bytes)?;
    Ok(Case {
        file: "truncated.warc.gz",
        damage: "gzip file cut in the middle of its last member",
        // Read partial with a `warc_truncated` warning, as warcio and FastWARC do.
        read_codes: &[],
        good_ids: ids(c, &[0, 1, 2]),
        bad_doc_ids: vec![],
    })
}

fn corrupt_member(dir: &Path) -> io::Result<Case> {
    let c = "corrupt_member";
    let mut bytes = Vec::new();
    for n in 0..6 {
        let mut m = gzip_member(&good_response(c, n));
        if n == 2 {
            // Damage the deflate data (after the 10-byte header), not the header.
            let mut rng = Rng::new(7);
            let len = m.len();
            let (from, to) = (len / 3, (len / 3 + 24).min(len - 8));
            for b in &mut m[from..to] {
                *b ^= (rng.next_u64() as u8) | 1;
            }
        }
        bytes.extend_from_slice(&m);
    }
    std::fs::write(dir.join("corrupt-member.warc.gz"), bytes)?;
    Ok(Case {
        file: "corrupt-member.warc.gz",
        damage:
            "one corrupt gzip member in the middle of a WARC: the records after it must be read",
        read_codes: &["gzip_corrupt", "gzip_checksum"],
        good_ids: ids(c, &[0, 1, 3, 4, 5]),
        bad_doc_ids: vec![],
    })
}

fn garbage_between_records(dir: &Path) -> io::Result<Case> {
    let c = "garbage";
    let mut rng = Rng::new(11);
    let mut bytes = good_response(c, 0);
    bytes.extend(
        (0..5000)
            .map(|_| rng.next_u64() as u8)
            .filter(|&b| b != b'W'),
    );
    bytes.extend_from_slice(&good_response(c, 1));
    std::fs::write(dir.join("garbage.warc"), bytes)?;
    Ok(Case {
        file: "garbage.warc",
        damage: "5,000 random bytes between two records",
        read_codes: &["warc_garbage", "warc_bad_header", "warc_bad_version"],
        good_ids: ids(c, &[0, 1]),
        bad_doc_ids: vec![],
    })
}

fn random_bytes(dir: &Path) -> io::Result<Case> {
    let mut rng = Rng::new(13);
    let bytes: Vec<u8> = (0..20_000).map(|_| rng.next_u64() as u8).collect();
    std::fs::write(dir.join("random.warc"), bytes)?;
    Ok(Case {
        file: "random.warc",
        damage: "a .warc file of 20,000 random bytes",
        read_codes: &[
            "warc_garbage",
            "warc_bad_header",
            "warc_bad_version",
            "truncated",
        ],
        good_ids: vec![],
        bad_doc_ids: vec![],
    })
}

fn bad_version(dir: &Path) -> io::Result<Case> {
    let c = "bad_version";
    let mut bytes = good_response(c, 0);
    let mut bad = good_response(c, 1);
    bad[..8].copy_from_slice(b"WARC/9.x");
    bytes.extend_from_slice(&bad);
    bytes.extend_from_slice(&good_response(c, 2));
    std::fs::write(dir.join("bad-version.warc"), bytes)?;
    Ok(Case {
        file: "bad-version.warc",
        damage: "a record whose version line is `WARC/9.x`",
        read_codes: &["warc_bad_version"],
        good_ids: ids(c, &[0, 2]),
        bad_doc_ids: vec![],
    })
}

/// Rewrites the `Content-Length` of a record made by [`warc_record`].
fn with_length(record: &[u8], delta: i64) -> Vec<u8> {
    let text = String::from_utf8_lossy(record).into_owned();
    let key = "Content-Length: ";
    let Some(start) = text.find(key).map(|i| i + key.len()) else {
        return record.to_vec();
    };
    let end = start + text[start..].find('\r').unwrap_or(0);
    let n: i64 = text[start..end].parse().unwrap_or(0);
    let mut out = record[..start].to_vec();
    out.extend_from_slice((n + delta).max(0).to_string().as_bytes());
    out.extend_from_slice(&record[end..]);
    out
}

fn length_too_short(dir: &Path) -> io::Result<Case> {
    let c = "length_short";
    let mut bytes = good_response(c, 0);
    bytes.extend_from_slice(&with_length(&good_response(c, 1), -100));
    bytes.extend_from_slice(&good_response(c, 2));
    std::fs::write(dir.join("length-short.warc"), bytes)?;
    Ok(Case {
        file: "length-short.warc",
        damage: "Content-Length 100 bytes too short",
        // Recovered at the next record header (`warc_recovered` warning).
        read_codes: &[],
        good_ids: ids(c, &[0, 1, 2]),
        bad_doc_ids: vec![],
    })
}

fn length_too_long(dir: &Path) -> io::Result<Case> {
    let c = "length_long";
    let mut bytes = good_response(c, 0);
    bytes.extend_from_slice(&with_length(&good_response(c, 1), 300));
    bytes.extend_from_slice(&good_response(c, 2));
    bytes.extend_from_slice(&good_response(c, 3));
    std::fs::write(dir.join("length-long.warc"), bytes)?;
    Ok(Case {
        file: "length-long.warc",
        damage: "Content-Length 300 bytes too long (runs into the next record)",
        // Recovered at the next record header (`warc_recovered` warning).
        read_codes: &[],
        good_ids: ids(c, &[0, 1, 2, 3]),
        bad_doc_ids: vec![],
    })
}

fn missing_separator(dir: &Path) -> io::Result<Case> {
    let c = "missing_crlf";
    let mut bytes = good_response(c, 0);
    let mut r = good_response(c, 1);
    r.truncate(r.len() - 4);
    bytes.extend_from_slice(&r);
    bytes.extend_from_slice(&good_response(c, 2));
    std::fs::write(dir.join("missing-crlf.warc"), bytes)?;
    Ok(Case {
        file: "missing-crlf.warc",
        damage: "a record not followed by CRLF CRLF",
        // Recovered at the next record header (`warc_recovered` warning).
        read_codes: &[],
        good_ids: ids(c, &[0, 1, 2]),
        bad_doc_ids: vec![],
    })
}

/// The first bytes of a PNG image (signature, IHDR, an IDAT of noise).
fn png_bytes(rng: &mut Rng) -> Vec<u8> {
    let mut b =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6".to_vec();
    b.extend_from_slice(b"\x00\x00\x04\x00IDAT");
    b.extend((0..1024).map(|_| rng.next_u64() as u8));
    b.extend_from_slice(b"\x00\x00\x00\x00IEND\xaeB`\x82");
    b
}

/// A minimal PDF with a compressed-looking stream.
fn pdf_bytes(rng: &mut Rng) -> Vec<u8> {
    let mut b = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length 800 /Filter /FlateDecode >>\nstream\n".to_vec();
    b.extend((0..800).map(|_| rng.next_u64() as u8));
    b.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    b
}

fn non_html_payloads(dir: &Path) -> io::Result<Case> {
    let c = "non_html";
    let mut rng = Rng::new(17);
    let mut bytes = good_response(c, 0);
    bytes.extend_from_slice(&warc_response(c, 1, "text/html", &png_bytes(&mut rng)));
    bytes.extend_from_slice(&warc_response(
        c,
        2,
        "text/html; charset=utf-8",
        &pdf_bytes(&mut rng),
    ));
    let noise: Vec<u8> = (0..4096).map(|_| rng.next_u64() as u8).collect();
    bytes.extend_from_slice(&warc_response(c, 3, "text/html", &noise));
    bytes.extend_from_slice(&good_response(c, 4));
    std::fs::write(dir.join("non-html.warc"), bytes)?;
    Ok(Case {
        file: "non-html.warc",
        damage: "PNG, PDF and random bytes labelled text/html",
        read_codes: &[],
        good_ids: ids(c, &[0, 4]),
        bad_doc_ids: ids(c, &[1, 2, 3]),
    })
}

fn json_line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text, "metadata": {"url": format!("https://jsonl.example.org/{id}")}})
        .to_string()
}

fn jsonl_invalid_utf8(dir: &Path) -> io::Result<Case> {
    let mut rng = Rng::new(19);
    let mut bytes = Vec::new();
    bytes.extend_from_slice(json_line("utf8-0", &sentence_text(&mut rng, 80)).as_bytes());
    bytes.extend_from_slice(
        b"\n{\"id\": \"utf8-bad\", \"text\": \"caf\xe9 cr\xe8me \xff\xfe \xc3\x28 end\"}\n",
    );
    bytes.extend_from_slice(json_line("utf8-2", &sentence_text(&mut rng, 80)).as_bytes());
    bytes.push(b'\n');
    std::fs::write(dir.join("invalid-utf8.jsonl"), bytes)?;
    Ok(Case {
        file: "invalid-utf8.jsonl",
        damage: "a JSONL line with Latin-1 and invalid UTF-8 bytes",
        read_codes: &["not_utf8", "bad_json"],
        good_ids: vec!["utf8-0".into(), "utf8-2".into()],
        bad_doc_ids: vec![],
    })
}

fn jsonl_not_json(dir: &Path) -> io::Result<Case> {
    let mut rng = Rng::new(23);
    let text = format!(
        "{}\nthis line is not JSON at all {{\"id\":\n{}\n",
        json_line("json-0", &sentence_text(&mut rng, 80)),
        json_line("json-2", &sentence_text(&mut rng, 80))
    );
    std::fs::write(dir.join("not-json.jsonl"), text)?;
    Ok(Case {
        file: "not-json.jsonl",
        damage: "a JSONL line that is not JSON",
        read_codes: &["bad_json"],
        good_ids: vec!["json-0".into(), "json-2".into()],
        bad_doc_ids: vec![],
    })
}

fn big_line(dir: &Path, bytes: usize) -> io::Result<Case> {
    let mut w = BufWriter::new(File::create(dir.join("big-line.jsonl"))?);
    w.write_all(b"{\"id\": \"big\", \"text\": \"")?;
    let mut rng = Rng::new(29);
    let mut written = 0;
    // Generated text without newlines, in 64 KiB pieces.
    while written < bytes {
        let s = sentence_text(&mut rng, 8000);
        let s = &s[..s.len().min(bytes - written)];
        w.write_all(s.as_bytes())?;
        w.write_all(b" ")?;
        written += s.len() + 1;
    }
    w.write_all(b"\"}\n")?;
    w.write_all(json_line("after-big", &sentence_text(&mut rng, 80)).as_bytes())?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(Case {
        file: "big-line.jsonl",
        damage: "a single-line document of about 30 MB",
        read_codes: &[],
        good_ids: vec!["big".into(), "after-big".into()],
        bad_doc_ids: vec![],
    })
}

fn nested(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 11 + 200);
    s.push_str("<!doctype html><html><head><title>Deep</title></head><body>");
    for _ in 0..depth {
        s.push_str("<div>");
    }
    s.push_str("<p>Text at the bottom of a very deep tree of elements.</p>");
    for _ in 0..depth {
        s.push_str("</div>");
    }
    s.push_str("</body></html>");
    s
}

fn nested_html(dir: &Path, depth: usize) -> io::Result<Case> {
    std::fs::write(dir.join("nested.html"), nested(depth))?;
    Ok(Case {
        file: "nested.html",
        damage: "HTML with 100,000 nested tags (a one-document HTML file)",
        read_codes: &[],
        good_ids: vec!["nested".into()],
        bad_doc_ids: vec![],
    })
}

fn nested_warc(dir: &Path, depth: usize) -> io::Result<Case> {
    let c = "nested";
    let mut bytes = warc_response(c, 0, "text/html", nested(depth).as_bytes());
    // Unclosed nesting too: a parser must not recurse on it either.
    let open: String = "<span><b>".repeat(depth / 2);
    bytes.extend_from_slice(&warc_response(c, 1, "text/html", open.as_bytes()));
    bytes.extend_from_slice(&good_response(c, 2));
    std::fs::write(dir.join("nested.warc"), bytes)?;
    Ok(Case {
        file: "nested.warc",
        damage: "responses with 100,000 nested tags, closed and unclosed",
        read_codes: &[],
        good_ids: ids(c, &[0, 1, 2]),
        bad_doc_ids: vec![],
    })
}

fn empty_files(dir: &Path) -> io::Result<Vec<Case>> {
    let mut out = Vec::new();
    for (file, damage) in [
        ("empty.warc", "an empty .warc file"),
        (
            "empty.warc.gz",
            "an empty .warc.gz file (not even a gzip header)",
        ),
        ("empty.jsonl", "an empty .jsonl file"),
        ("empty.html", "an empty .html file"),
    ] {
        std::fs::write(dir.join(file), b"")?;
        out.push(Case {
            file,
            damage,
            read_codes: &[],
            good_ids: vec![],
            bad_doc_ids: vec![],
        });
    }
    // A gzip stream of nothing.
    std::fs::write(dir.join("empty-member.jsonl.gz"), gzip_member(b""))?;
    out.push(Case {
        file: "empty-member.jsonl.gz",
        damage: "a valid gzip member with no data",
        read_codes: &[],
        good_ids: vec![],
        bad_doc_ids: vec![],
    });
    Ok(out)
}

fn empty_documents(dir: &Path) -> io::Result<Case> {
    let c = "empty_docs";
    let mut bytes = warc_response(c, 0, "text/html", b"");
    bytes.extend_from_slice(&warc_response(
        c,
        1,
        "text/html",
        b"<html><body></body></html>",
    ));
    bytes.extend_from_slice(&warc_record("conversion", c, 2, "text/plain", b""));
    bytes.extend_from_slice(&good_response(c, 3));
    std::fs::write(dir.join("empty-docs.warc"), bytes)?;
    let mut j = String::new();
    j.push_str(&json_line("empty-text", ""));
    j.push('\n');
    j.push_str(&json_line("spaces", "   \n\t  "));
    j.push('\n');
    std::fs::write(dir.join("empty-docs.jsonl"), j)?;
    Ok(Case {
        file: "empty-docs.warc",
        damage: "records with empty bodies and an empty page (also empty-docs.jsonl)",
        read_codes: &[],
        good_ids: ids(c, &[3]),
        bad_doc_ids: ids(c, &[0, 1, 2]),
    })
}

fn gzip_bomb(dir: &Path, bytes: u64) -> io::Result<Case> {
    let f = BufWriter::new(File::create(dir.join("bomb.jsonl.gz"))?);
    let mut e = GzEncoder::new(f, Compression::best());
    let zeros = vec![0u8; 1 << 20];
    let mut left = bytes;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        e.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    e.finish()?.flush()?;
    Ok(Case {
        file: "bomb.jsonl.gz",
        damage: "a gzip bomb: 1 GiB of zeros in about 1 MB",
        read_codes: &["decompressed_too_large", "record_too_large"],
        good_ids: vec![],
        bad_doc_ids: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_small_options_work() {
        let opts = CorpusOptions {
            big_line_bytes: 100_000,
            nesting_depth: 1000,
            bomb_bytes: 1 << 20,
        };
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let cases = write_corpus(a.path(), &opts).unwrap();
        write_corpus(b.path(), &opts).unwrap();
        assert!(cases.len() >= 18);
        for c in &cases {
            let x = std::fs::read(a.path().join(c.file)).unwrap();
            assert_eq!(
                x,
                std::fs::read(b.path().join(c.file)).unwrap(),
                "{}",
                c.file
            );
        }
        let big = std::fs::metadata(a.path().join("big-line.jsonl"))
            .unwrap()
            .len();
        assert!((100_000..120_000).contains(&big), "{big}");
    }

    #[test]
    fn lengths_are_rewritten() {
        let r = warc_record("resource", "x", 0, "text/plain", b"0123456789");
        let s = String::from_utf8(with_length(&r, -3)).unwrap();
        assert!(s.contains("Content-Length: 7\r\n"), "{s}");
        assert!(s.ends_with("0123456789\r\n\r\n"));
    }
}
