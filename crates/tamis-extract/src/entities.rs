//! HTML character references (`&amp;`, `&#233;`, `&#x263A;`).
//!
//! Numeric references follow the HTML standard (C1 controls remapped as
//! windows-1252, invalid code points become U+FFFD). Named references cover
//! the ones seen in real pages (a few hundred of the 2,231 defined); an
//! unknown name is kept as written, as browsers do.

/// Appends `s` to `out` with character references decoded.
pub(crate) fn decode_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'&', &b[from..]) {
        let at = from + i;
        from = at + 1;
        if let Some((ch, len)) = reference(&b[at + 1..]) {
            out.push_str(&s[last..at]);
            out.push(ch);
            last = at + 1 + len;
            from = last;
        }
    }
    out.push_str(&s[last..]);
}

/// Decodes into a new string, borrowing when there is nothing to decode.
pub(crate) fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    decode_into(s, &mut out);
    std::borrow::Cow::Owned(out)
}

/// Parses the reference after `&`; returns it and the bytes consumed.
fn reference(b: &[u8]) -> Option<(char, usize)> {
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = start;
        let mut v: u32 = 0;
        while let Some(&c) = b.get(i) {
            let d = if hex {
                (c as char).to_digit(16)
            } else {
                (c as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric(v), i));
    }
    let mut i = 0;
    while i < b.len() && i < 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let name = std::str::from_utf8(&b[..i]).ok()?;
    let semi = b.get(i) == Some(&b';');
    let val = named(name)?;
    // Without ';' only the legacy few are recognised (as browsers do).
    if !semi
        && !matches!(
            name,
            "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg" | "AMP" | "LT" | "GT"
        )
    {
        return None;
    }
    Some((val, i + usize::from(semi)))
}

fn numeric(v: u32) -> char {
    const C1: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = if (0x80..0xA0).contains(&v) {
        C1.get((v - 0x80) as usize).copied().unwrap_or(v)
    } else {
        v
    };
    if v == 0 {
        return '\u{FFFD}';
    }
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

fn named(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "shy" => '\u{AD}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "curren" => '¤',
        "sect" => '§',
        "para" => '¶',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "micro" => 'µ',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "ordf" => 'ª',
        "ordm" => 'º',
        "iexcl" => '¡',
        "iquest" => '¿',
        "brvbar" => '¦',
        "uml" => '¨',
        "macr" => '¯',
        "acute" => '´',
        "cedil" => '¸',
        "not" => '¬',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "rArr" => '⇒',
        "lArr" => '⇐',
        "hArr" => '⇔',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "equiv" => '≡',
        "infin" => '∞',
        "minus" => '−',
        "radic" => '√',
        "sum" => '∑',
        "prod" => '∏',
        "part" => '∂',
        "int" => '∫',
        "forall" => '∀',
        "exist" => '∃',
        "isin" => '∈',
        "cap" => '∩',
        "cup" => '∪',
        "and" => '∧',
        "or" => '∨',
        "star" => '☆',
        "starf" => '★',
        "hearts" => '♥',
        "spades" => '♠',
        "clubs" => '♣',
        "diams" => '♦',
        "loz" => '◊',
        "check" => '✓',
        "cross" => '✗',
        "oline" => '‾',
        "frasl" => '⁄',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "fnof" => 'ƒ',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        "Yuml" => 'Ÿ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Zcaron" => 'Ž',
        "zcaron" => 'ž',
        "Alpha" => 'Α',
        "Beta" => 'Β',
        "Gamma" => 'Γ',
        "Delta" => 'Δ',
        "Omega" => 'Ω',
        "Sigma" => 'Σ',
        "Pi" => 'Π',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "epsilon" => 'ε',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "theta" => 'θ',
        "omega" => 'ω',
        "tab" | "Tab" => '\t',
        "NewLine" => '\n',
        "colon" => ':',
        "comma" => ',',
        "period" => '.',
        "excl" => '!',
        "quest" => '?',
        "num" => '#',
        "dollar" => '$',
        "percnt" => '%',
        "ast" => '*',
        "plus" => '+',
        "equals" => '=',
        "sol" => '/',
        "bsol" => '\\',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" | "lbrack" => '[',
        "rsqb" | "rbrack" => ']',
        "lcub" | "lbrace" => '{',
        "rcub" | "rbrace" => '}',
        "vert" | "verbar" => '|',
        "lowbar" => '_',
        "semi" => ';',
        "commat" => '@',
        "Hat" => '^',
        "grave" => '`',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_numeric_and_unknown() {
        assert_eq!(
            decode(
                "a &amp; b &lt;p&gt; caf&eacute; &#233;&#xE9; &#150; &#0; &bogus; AT&T &copy 2020"
            ),
            "a & b <p> café éé – \u{FFFD} &bogus; AT&T © 2020"
        );
        assert_eq!(decode("no refs"), "no refs");
        assert_eq!(decode("&#99999999999999;&#x;&"), "\u{FFFD}&#x;&");
    }
}
