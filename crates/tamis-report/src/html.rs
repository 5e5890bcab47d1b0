//! HTML escaping and number formatting. Every piece of document data goes
//! through [`esc`] before it reaches the page: documents hold arbitrary text,
//! including markup and scripts.

use std::fmt::{self, Write};

/// Text escaped for HTML element content and quoted attribute values.
pub(crate) struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Controls other than tab/newline are not allowed in HTML text.
                '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' => "\u{fffd}",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

/// Shorthand for [`Esc`].
pub(crate) fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// `12,345,678`.
pub(crate) fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let mut until_comma = digits.len() % 3;
    for ch in digits.chars() {
        if until_comma == 0 && !out.is_empty() {
            out.push(',');
        }
        until_comma = until_comma.checked_sub(1).unwrap_or(2);
        out.push(ch);
    }
    out
}

/// `1.2k`, `3.4M`: short counts for chart axes.
pub(crate) fn short(n: u64) -> String {
    let f = n as f64;
    if n < 1000 {
        n.to_string()
    } else if n < 1_000_000 {
        trim(format!("{:.1}", f / 1e3)) + "k"
    } else if n < 1_000_000_000 {
        trim(format!("{:.1}", f / 1e6)) + "M"
    } else {
        trim(format!("{:.1}", f / 1e9)) + "G"
    }
}

fn trim(s: String) -> String {
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// `512 B`, `1.5 MB` (powers of 1000, like disk tools).
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut f = n as f64;
    let mut u = 0;
    while f >= 1000.0 && u + 1 < UNITS.len() {
        f /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{f:.1} {}", UNITS[u])
    }
}

/// `part / whole` as `82.3%` (`–` when `whole` is 0).
pub(crate) fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if p > 0.0 && p < 0.1 {
        "<0.1%".to_owned()
    } else {
        format!("{p:.1}%")
    }
}

/// `1 h 02 min`, `3.4 s`.
pub(crate) fn duration(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "–".to_owned();
    }
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else if secs < 3600.0 {
        format!("{} min {:02} s", (secs / 60.0) as u64, (secs % 60.0) as u64)
    } else {
        format!(
            "{} h {:02} min",
            (secs / 3600.0) as u64,
            ((secs % 3600.0) / 60.0) as u64
        )
    }
}

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
pub(crate) fn put(out: &mut String, args: fmt::Arguments<'_>) {
    let _ = out.write_fmt(args);
}

/// `format!`-style appending to a `String`.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => { $crate::html::put($out, format_args!($($arg)*)) };
}
pub(crate) use w;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        let s = esc("<script>alert('x')</script> & \"q\" \u{0}").to_string();
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; \u{fffd}"
        );
        assert_eq!(esc("héllo\tok\n").to_string(), "héllo\tok\n");
    }

    #[test]
    fn numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(short(999), "999");
        assert_eq!(short(1500), "1.5k");
        assert_eq!(short(2_000_000), "2M");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_500_000), "1.5 MB");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(1, 0), "–");
        assert_eq!(pct(1, 100_000), "<0.1%");
        assert_eq!(duration(75.0), "1 min 15 s");
    }
}
