//! Python's string semantics where the reference tools' decisions depend on
//! them (datatrove's filters, DCLM's classifier input): what `str.strip()`
//! and `str.splitlines()` treat as white space and line breaks differs from
//! Rust's `trim` and `lines`.

/// Python's `str.isspace` for one character (Rust's `is_whitespace` plus
/// the information separators U+001C..U+001F).
#[inline]
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
#[inline]
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.splitlines()` (no line ends kept). Breaks on `\n`, `\r`,
/// `\r\n`, `\v`, `\f`, U+001C..U+001E, U+0085, U+2028, U+2029; a final line
/// break does not produce an empty last line.
pub fn py_splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let brk = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if brk {
            out.push(&s[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}
