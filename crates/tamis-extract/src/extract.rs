//! The extraction entry point: bytes in, main text and metadata out.

use crate::charset::sniff_encoding;
use crate::content;
use crate::dom::{self, Limits};
use crate::metadata::extract_meta;
use crate::options::ExtractOptions;

/// What was extracted from one page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Extracted {
    /// The article's headline (not the site name).
    pub title: Option<String>,
    /// The author(s), comma-separated.
    pub author: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`, with `THH:MM:SS[offset]` when known).
    pub date: Option<String>,
    /// The language the page declares (`<html lang>`, `Content-Language`, `og:locale`), as written.
    pub lang: Option<String>,
    /// The main content: paragraphs, headings, list items and table rows
    /// each on their own line (or Markdown, per [`ExtractOptions::output`]).
    pub text: String,
    /// The site's name (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The page's own summary (`<meta name=description>`, `og:description`).
    pub description: Option<String>,
    /// The encoding the page was decoded with (encoding_rs name).
    pub encoding: &'static str,
    /// The input was longer than [`ExtractOptions::max_input_bytes`] and was cut.
    pub truncated: bool,
}

/// Why a page could not be extracted.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractError {
    /// The payload is not HTML (an image, a PDF, an archive, binary data).
    #[error("not HTML: {0}")]
    NotHtml(String),
}

/// A payload that is not HTML (nor any text): what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotHtml {
    /// Short type name from the bytes (`png`, `pdf`, `zip`, ..., `binary`),
    /// `None` when only the declared content type says so.
    pub detected: Option<&'static str>,
    /// For people: `PNG image`, `content type image/png`, ...
    pub what: String,
}

/// Recognises payloads that are certainly not HTML, whatever their label:
/// binary formats by their magic bytes, binary-looking bytes (NUL or
/// control bytes), and binary media types (images, audio, video, fonts,
/// PDF, ZIP, `application/octet-stream` that does not start with markup).
/// Text of other types (JSON, plain text, XML) is not recognised here: it
/// is parsed like any page.
pub(crate) fn sniff_not_html(bytes: &[u8], content_type: Option<&str>) -> Option<NotHtml> {
    const MAGIC: &[(&[u8], &str, &str)] = &[
        (b"%PDF-", "pdf", "PDF document"),
        (b"\x89PNG\r\n\x1a\n", "png", "PNG image"),
        (b"GIF87a", "gif", "GIF image"),
        (b"GIF89a", "gif", "GIF image"),
        (b"\xff\xd8\xff", "jpeg", "JPEG image"),
        (b"PK\x03\x04", "zip", "ZIP archive (or office document)"),
        (b"\x1f\x8b", "gzip", "gzip data"),
        (b"BZh", "bzip2", "bzip2 data"),
        (b"\xfd7zXZ\x00", "xz", "xz data"),
        (b"(\xb5/\xfd", "zstd", "zstd data"),
        (b"7z\xbc\xaf\x27\x1c", "7z", "7-zip archive"),
        (b"Rar!", "rar", "RAR archive"),
        (b"%!PS", "postscript", "PostScript document"),
        (b"\x00asm", "wasm", "WebAssembly module"),
        (b"\x7fELF", "elf", "ELF binary"),
        (b"MZ", "exe", "Windows executable"),
        (b"ID3", "mp3", "MP3 audio"),
        (b"OggS", "ogg", "Ogg media"),
        (b"fLaC", "flac", "FLAC audio"),
        (b"\x00\x00\x01\x00", "ico", "icon"),
        (b"wOFF", "woff", "web font"),
        (b"wOF2", "woff2", "web font"),
        (b"\xd0\xcf\x11\xe0", "ole", "OLE document"),
        (b"{\\rtf", "rtf", "RTF document"),
    ];
    let head = &bytes[..bytes.len().min(1024)];
    let trimmed = {
        let mut i = 0;
        while i < head.len() && head[i].is_ascii_whitespace() {
            i += 1;
        }
        &head[i..]
    };
    let found = |detected: &'static str, what: String| {
        Some(NotHtml {
            detected: Some(detected),
            what,
        })
    };
    for (magic, detected, what) in MAGIC {
        if trimmed.starts_with(magic) {
            // "MZ", "BZh" and "ID3" are also plausible text starts; require binary bytes too.
            if matches!(*detected, "exe" | "bzip2" | "mp3") && nul_share(head) == 0.0 {
                continue;
            }
            return found(detected, (*what).to_owned());
        }
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" {
        let detected = match &head[8..12] {
            b"WEBP" => "webp",
            b"WAVE" => "wav",
            b"AVI " => "avi",
            _ => "riff",
        };
        return found(detected, "RIFF media (WebP/WAV/AVI)".to_owned());
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return found("mp4", "MP4/HEIF media".to_owned());
    }
    if let Some(ct) = content_type {
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if mime.starts_with("image/")
            || mime.starts_with("audio/")
            || mime.starts_with("video/")
            || mime.starts_with("font/")
            || mime == "application/pdf"
            || mime == "application/zip"
            || mime == "application/octet-stream" && !looks_like_markup(trimmed)
        {
            return Some(NotHtml {
                detected: None,
                what: format!("content type {mime}"),
            });
        }
    }
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    if !utf16 && nul_share(head) > 0.01 {
        return found("binary", "binary data (NUL bytes)".to_owned());
    }
    if !utf16 && head.len() >= 256 {
        let ctrl = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
            .count();
        if ctrl * 10 > head.len() {
            return found("binary", "binary data (control bytes)".to_owned());
        }
    }
    None
}

fn looks_like_markup(b: &[u8]) -> bool {
    b.first() == Some(&b'<')
}

fn nul_share(b: &[u8]) -> f64 {
    if b.is_empty() {
        return 0.0;
    }
    b.iter().filter(|&&c| c == 0).count() as f64 / b.len() as f64
}

/// Extracts the main content and metadata of an HTML page.
///
/// `content_type` is the HTTP header (it may name the charset); `url` helps
/// with dates in paths. Input beyond [`ExtractOptions::max_input_bytes`] is
/// ignored. Never panics; fails only for payloads that are not HTML.
pub fn extract(
    html: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    opts: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    if let Some(n) = sniff_not_html(html, content_type) {
        return Err(ExtractError::NotHtml(n.what));
    }
    Ok(extract_html(html, content_type, url, opts))
}

/// [`extract`] without the not-HTML check (the step runs it first).
pub(crate) fn extract_html(
    html: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    opts: &ExtractOptions,
) -> Extracted {
    extract_traced(html, content_type, url, opts, false).0
}

/// [`extract_html`], and when `trace` is set, why each block was removed.
pub(crate) fn extract_traced(
    html: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    opts: &ExtractOptions,
    trace: bool,
) -> (Extracted, Option<crate::explain::Trace>) {
    let cap = usize::try_from(opts.max_input_bytes).unwrap_or(usize::MAX);
    let truncated = html.len() > cap;
    let bytes = &html[..html.len().min(cap)];
    let enc = sniff_encoding(bytes, content_type);
    let (text, _, _) = enc.decode(bytes);
    let mut dom = dom::build(
        &text,
        Limits {
            max_depth: opts.max_depth.max(8),
            max_nodes: opts.max_nodes.max(64),
        },
    );
    drop(text);
    let analysis = content::analyse(&mut dom, opts);
    let (root, listing) = content::select(&dom, &analysis, opts);
    let meta = extract_meta(&dom, url);
    if let Some(t) = &meta.title {
        // The headline is metadata, not body text.
        content::remove_headline(&mut dom, root, t);
    }
    let roots = if listing {
        vec![root]
    } else {
        content::siblings(&dom, &analysis, root, opts)
    };
    crate::rules::furniture::remove_furniture(&mut dom, &analysis, &roots, opts);
    let mut body = if content::only_furniture(&dom, &analysis, root) {
        String::new()
    } else {
        content::render(&dom, &analysis, &roots, listing, opts)
    };
    // A declared article body (microdata) that holds much more text than
    // what is visible: pages that hide the full text from browsers but
    // publish it for machines.
    let declared = dom
        .meta
        .itemprops
        .iter()
        .find(|(k, _, _)| k == "articlebody")
        .map(|x| x.1);
    let mut roots = roots;
    if let Some(id) = declared {
        let visible = body.chars().count();
        let hidden_len = dom.subtree_text(id, false).chars().count();
        if hidden_len > 2 * visible + 200 {
            content::restore_subtree(&mut dom, id);
            body = content::render(&dom, &analysis, &[id], listing, opts);
            roots = vec![id];
        }
    }
    let traced = trace.then(|| crate::explain::trace(&dom, &analysis, &roots, listing, opts));
    // The byline's bio box at the article's end is about the writer.
    if let Some(cut) = meta
        .author
        .as_deref()
        .filter(|_| !listing && opts.favor != crate::options::Favor::Recall)
        .and_then(|a| crate::bio::drop_author_bio(&body, a))
    {
        body = cut;
    }
    if body.chars().count() < 30 {
        // Nothing in the markup (a page rendered by scripts): what the page
        // declares as its content, if anything.
        if let Some(t) = meta
            .fallback_text
            .as_deref()
            .filter(|t| t.chars().count() > body.chars().count())
        {
            body = t.to_owned();
        }
    }
    (
        Extracted {
            title: meta.title,
            author: meta.author,
            date: meta.date,
            lang: meta.lang,
            text: body,
            site_name: meta.site_name,
            description: meta.description,
            encoding: enc.name(),
            truncated,
        },
        traced,
    )
}

/// Debugging aid for the benchmark tools: the top-scoring elements with
/// their measurements. Not a stable API.
#[doc(hidden)]
pub fn debug_candidates(html: &[u8], opts: &ExtractOptions) -> String {
    let (text, _) = crate::charset::decode_html(html, None);
    let mut dom = dom::build(
        &text,
        Limits {
            max_depth: opts.max_depth.max(8),
            max_nodes: opts.max_nodes.max(64),
        },
    );
    let before = content::measure(&dom, dom::flag::DROP, false);
    let an = content::analyse(&mut dom, opts);
    let (root, listing) = content::select(&dom, &an, opts);
    let mut out = format!(
        "nodes {} selected {root} listing={listing} listing_page={}\n",
        dom.nodes.len(),
        an.listing_page
    );
    if std::env::var_os("TAMIS_DEBUG_REMOVED").is_some() {
        let mut rem: Vec<usize> = (1..dom.nodes.len())
            .filter(|&i| {
                let n = dom.nodes[i];
                n.tag != dom::Tag::Text
                    && n.flags & dom::flag::REMOVED != 0
                    && n.flags & dom::flag::DROP == 0
                    && dom
                        .nodes
                        .get(n.parent as usize)
                        .is_some_and(|p| p.flags & dom::flag::REMOVED == 0)
                    && before.chars[i] > 0
            })
            .collect();
        rem.sort_by_key(|&i| std::cmp::Reverse(before.chars[i]));
        for &i in rem.iter().take(25) {
            let n = dom.nodes[i];
            let t: String = dom.subtree_text(i as u32, false).chars().take(90).collect();
            out += &format!(
                "removed {i}:{:?}[{:#x}] chars={} link={} good={:.0} | {t}\n",
                n.tag, n.flags, before.chars[i], before.link[i], before.good[i]
            );
        }
    }
    if std::env::var_os("TAMIS_DEBUG_ALLTEXT").is_some() {
        // Every text the parser kept outside never-text elements.
        for n in dom
            .nodes
            .iter()
            .filter(|n| n.tag == dom::Tag::Text && n.flags & dom::flag::DROP == 0)
        {
            out += dom.text.get(n.start as usize..n.end as usize).unwrap_or("");
            out.push('\n');
        }
    }
    if let Ok(needle) = std::env::var("TAMIS_DEBUG_FIND") {
        // Where a piece of text sits: the first text node holding it, and
        // its ancestors with their flags (why it was dropped or kept).
        let hit = dom.nodes.iter().position(|n| {
            n.tag == dom::Tag::Text
                && dom
                    .text
                    .get(n.start as usize..n.end as usize)
                    .is_some_and(|t| t.contains(&needle))
        });
        match hit {
            None => out += &format!("find: {needle:?} is in no text node\n"),
            Some(i) => {
                let mut c = i as u32;
                while c != dom::NONE {
                    let n = dom.nodes[c as usize];
                    out += &format!(
                        "find {c}:{:?}[{:#x}] block={} chars={} before={}\n",
                        n.tag, n.flags, n.block, an.chars[c as usize], before.chars[c as usize]
                    );
                    c = n.parent;
                }
            }
        }
    }
    let mut path = Vec::new();
    let mut c = root;
    while c != dom::NONE {
        let n = dom.nodes[c as usize];
        path.push(format!(
            "{c}:{:?}[{:#x}] chars={} link={} good={:.0}",
            n.tag, n.flags, an.chars[c as usize], an.link[c as usize], an.good[c as usize]
        ));
        c = n.parent;
    }
    out += &path.join("\n  <- ");
    if let Some(maxd) = std::env::var("TAMIS_DEBUG_TREE")
        .ok()
        .map(|v| v.parse::<usize>().unwrap_or(4))
    {
        let mut depth = vec![0usize; dom.nodes.len()];
        for (i, n) in dom.nodes.iter().enumerate().skip(1) {
            depth[i] = depth.get(n.parent as usize).copied().unwrap_or(0) + 1;
            if depth[i] <= maxd && n.tag != dom::Tag::Text && an.chars[i] > 0 {
                out += &format!(
                    "\n{}{i}:{:?}[{:#x}] chars={} link={} good={:.0}",
                    "  ".repeat(depth[i]),
                    n.tag,
                    n.flags,
                    an.chars[i],
                    an.link[i],
                    an.good[i]
                );
            }
        }
    }
    out
}
