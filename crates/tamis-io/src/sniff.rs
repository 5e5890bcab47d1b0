//! Is a file text? A cheap look at its first bytes.
//!
//! One-document-per-file inputs (`text`, `html`, and files whose format was
//! guessed) are checked before they become documents: an image, a PDF, an
//! archive or random binary is not a document, and decoding it as text only
//! yields mojibake that later steps misjudge. [`sniff`] looks at the first
//! [`SNIFF_BYTES`] bytes only:
//!
//! 1. magic bytes of common binary formats (PNG, JPEG, PDF, ZIP, ...);
//! 2. a byte-order mark (UTF-8, UTF-16) or the zero-byte pattern of UTF-16
//!    without a BOM: text, whatever else the bytes hold;
//! 3. otherwise the bytes are decoded as UTF-8, or in the encoding
//!    `chardetng` guesses, and the share of characters no text holds (NUL
//!    and other C0 controls except tab, line feed, form feed, carriage
//!    return and escape; C1 controls; U+FFFD for invalid sequences) decides:
//!    above [`MAX_BAD_SHARE`] the file is binary.
//!
//! Real text in any encoding stays far below that share (a legacy-encoded
//! page decodes without controls; ISO-2022-JP's escapes are allowed), random
//! bytes are far above it (about 1 byte in 9 is a C0 control).

/// How many leading bytes are examined.
pub(crate) const SNIFF_BYTES: usize = 8192;

/// Share of non-text characters above which the bytes are binary.
pub(crate) const MAX_BAD_SHARE: f64 = 0.05;

/// What the first bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Text (possibly in a legacy encoding, decoded later).
    Text,
    /// UTF-16 without a byte-order mark: little endian when `true`.
    Utf16NoBom(bool),
    /// Not text: the detected type (`png`, `pdf`, `zip`, ..., or `binary`).
    Binary(&'static str),
}

/// Magic numbers at offset 0 and the type name they give.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"(\xb5/\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x00asm", "wasm"),
    (b"\x7fELF", "elf"),
    (b"\xca\xfe\xba\xbe", "java_class"),
    (b"\xcf\xfa\xed\xfe", "mach_o"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
    (b"fLaC", "flac"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"PAR1", "parquet"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1a\x45\xdf\xa3", "matroska"),
];

/// The magic-number type of `head`, if it starts like a known binary format.
pub(crate) fn magic(head: &[u8]) -> Option<&'static str> {
    for (m, name) in MAGIC {
        if head.starts_with(m) {
            // "BZh" and "ID3" are plausible starts of text: require a
            // binary byte soon after.
            if (*name == "bzip2" || *name == "mp3") && !head.iter().take(64).any(|&b| b < 0x09) {
                continue;
            }
            return Some(*name);
        }
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") {
        return Some(match &head[8..12] {
            b"WEBP" => "webp",
            b"WAVE" => "wav",
            b"AVI " => "avi",
            _ => "riff",
        });
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Some(match &head[8..12] {
            b"heic" | b"heix" | b"mif1" => "heif",
            b"avif" => "avif",
            _ => "mp4",
        });
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        return Some("tar");
    }
    if head.starts_with(b"MZ") && head.iter().take(128).any(|&b| b == 0) {
        return Some("exe");
    }
    None
}

/// Classifies the first bytes of a file (pass at most [`SNIFF_BYTES`];
/// `complete` when they are the whole file, so a multi-byte character cut
/// at the end is not counted as invalid).
pub(crate) fn sniff(head: &[u8], complete: bool) -> Sniffed {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    if let Some(name) = magic(head) {
        return Sniffed::Binary(name);
    }
    if encoding_rs::Encoding::for_bom(head).is_some() {
        return Sniffed::Text;
    }
    if let Some(le) = utf16_without_bom(head) {
        return Sniffed::Utf16NoBom(le);
    }
    if bad_share(head, complete) > MAX_BAD_SHARE {
        Sniffed::Binary("binary")
    } else {
        Sniffed::Text
    }
}

/// UTF-16 text without a BOM: almost every byte at one parity is zero (the
/// high bytes of Latin text) and the other parity has almost none.
fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    if head.len() < 16 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        even += (p[0] == 0) as usize;
        odd += (p[1] == 0) as usize;
    }
    // Little endian ASCII: "a\0b\0" has zero odd bytes.
    if odd * 10 >= pairs * 7 && even * 50 <= pairs {
        return Some(true);
    }
    if even * 10 >= pairs * 7 && odd * 50 <= pairs {
        return Some(false);
    }
    None
}

/// Share of characters that no text holds, after decoding `head` as UTF-8
/// or in the encoding `chardetng` guesses.
fn bad_share(head: &[u8], complete: bool) -> f64 {
    if head.is_empty() {
        return 0.0;
    }
    // A truncated head may end inside a multi-byte character: leave the
    // last (at most 3) bytes of an incomplete sequence out.
    let body = if complete { head } else { trim_partial(head) };
    let decoded: std::borrow::Cow<'_, str> = match std::str::from_utf8(body) {
        Ok(s) => s.into(),
        Err(_) => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
            det.feed(body, complete);
            let enc = det.guess(None, chardetng::Utf8Detection::Allow);
            enc.decode_without_bom_handling(body).0
        }
    };
    let (mut total, mut bad) = (0usize, 0usize);
    for c in decoded.chars() {
        total += 1;
        let bad_char = match c {
            '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1b' => false,
            '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{fffd}' => true,
            _ => false,
        };
        bad += bad_char as usize;
    }
    if total == 0 {
        return 0.0;
    }
    bad as f64 / total as f64
}

/// `head` without a trailing incomplete UTF-8 sequence (when it is one).
fn trim_partial(head: &[u8]) -> &[u8] {
    let n = head.len();
    for back in 1..=3.min(n) {
        let b = head[n - back];
        if b & 0xc0 == 0x80 {
            continue; // continuation byte
        }
        if b >= 0xc0 {
            let need = if b >= 0xf0 {
                4
            } else if b >= 0xe0 {
                3
            } else {
                2
            };
            if need > back {
                return &head[..n - back];
            }
        }
        break;
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xorshift(n: usize, mut seed: u64) -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    }

    #[test]
    fn binary_formats_by_magic() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(sniff(png, true), Sniffed::Binary("png"));
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", true),
            Sniffed::Binary("pdf")
        );
        assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0", true), Sniffed::Binary("zip"));
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8 ", true),
            Sniffed::Binary("webp")
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypmp42\0\0\0\0", true),
            Sniffed::Binary("mp4")
        );
        let mut tar = vec![b'a'; 600];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar, true), Sniffed::Binary("tar"));
        // Text that happens to start like a magic number.
        assert_eq!(
            sniff(b"BZh is a prefix, nothing more.", true),
            Sniffed::Text
        );
        assert_eq!(
            sniff(b"ID3 tags explained in plain words.", true),
            Sniffed::Text
        );
        assert_eq!(sniff(b"MZ: a note about DOS headers.", true), Sniffed::Text);
    }

    #[test]
    fn random_bytes_are_binary() {
        for seed in 1..20u64 {
            let b = xorshift(4096, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            assert_eq!(sniff(&b, false), Sniffed::Binary("binary"), "seed {seed}");
        }
        // A text file with a binary blob inside its first 8 KiB.
        let mut b = b"Intro text. ".repeat(20);
        b.extend(xorshift(2000, 7));
        assert_eq!(sniff(&b, true), Sniffed::Binary("binary"));
    }

    #[test]
    fn text_in_any_encoding_is_text() {
        let utf8 = "日本語のテキストです。漢字とかなが混ざっています。中文文本也是文本。한국어 텍스트도 마찬가지입니다。"
            .repeat(40);
        // Cut anywhere, even inside a character.
        for cut in [utf8.len(), 8191, 8190, 8189, 100, 101] {
            let b = &utf8.as_bytes()[..cut.min(utf8.len())];
            assert_eq!(sniff(b, cut >= utf8.len()), Sniffed::Text, "cut {cut}");
        }
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&utf8);
        assert_eq!(sniff(&sjis, true), Sniffed::Text);
        assert_eq!(
            sniff(&sjis[..sjis.len().min(SNIFF_BYTES)], false),
            Sniffed::Text
        );
        let zh = "简体中文的文本文件，用 GBK 编码。".repeat(30);
        let (gbk, _, _) = encoding_rs::GBK.encode(&zh);
        assert_eq!(sniff(&gbk, true), Sniffed::Text);
        let latin1 = b"Le caf\xe9 est tr\xe8s bon, l'\xe9t\xe9 \xe0 la plage.\r\n".repeat(50);
        assert_eq!(sniff(&latin1, true), Sniffed::Text);
        let ru = "Русский текст в кодировке KOI8-R.\n".repeat(30);
        let (koi, _, _) = encoding_rs::KOI8_R.encode(&ru);
        assert_eq!(sniff(&koi, true), Sniffed::Text);
        // UTF-16 with BOM, both orders, and without BOM.
        let text = "Plain English text, with accents: é à ü.\n".repeat(30);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            sniff(&[&b"\xff\xfe"[..], &le].concat(), true),
            Sniffed::Text
        );
        assert_eq!(
            sniff(&[&b"\xfe\xff"[..], &be].concat(), true),
            Sniffed::Text
        );
        assert_eq!(sniff(&le, true), Sniffed::Utf16NoBom(true));
        assert_eq!(sniff(&be, true), Sniffed::Utf16NoBom(false));
        // ISO-2022-JP uses ESC; form feeds and tabs are text.
        let ja = "日本語のテキスト。".repeat(30);
        let (jis, _, _) = encoding_rs::ISO_2022_JP.encode(&ja);
        assert_eq!(sniff(&jis, true), Sniffed::Text);
        assert_eq!(sniff(b"col1\tcol2\x0c\npage two\n", true), Sniffed::Text);
        assert_eq!(sniff(b"", true), Sniffed::Text);
    }
}
