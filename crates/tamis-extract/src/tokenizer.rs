//! A fast, forgiving HTML tokenizer.
//!
//! It splits decoded HTML into text, start tags (with attributes), end tags
//! and raw text (the contents of `script`, `style` and friends), skipping
//! comments, doctypes and processing instructions. It never fails: whatever
//! cannot be a tag is text, an unterminated comment or quote runs to the end,
//! as in browsers. It allocates nothing per token (attributes are slices into
//! the input, entity decoding is left to the caller).
//!
//! Script data follows the standard's escape states: inside `<!--` a
//! `<script>` opens a double-escaped section whose `</script>` does not end
//! the script (`document.write("<script>...</script>")` in an old-style
//! comment-wrapped script). In foreign content (SVG, MathML; the tree builder
//! sets [`Tokenizer::foreign`]) no element is raw text and `<![CDATA[...]]>`
//! is text.

use memchr::memchr;

/// At most this many attributes are kept per tag (the rest are skipped).
const MAX_ATTRS: usize = 64;

/// One token. Slices point into the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// The contents of `script`/`style`/... (no entities, no tags).
    Raw(&'a str),
    /// A CDATA section in foreign content: text, entities not decoded.
    Cdata(&'a str),
    /// A start tag; its attributes are in [`Tokenizer::attrs`].
    Start {
        /// The tag name as written (any case).
        name: &'a str,
        /// `<x/>`.
        self_closing: bool,
    },
    /// An end tag.
    End {
        /// The tag name as written (any case).
        name: &'a str,
    },
}

/// Elements whose content is raw text, up to their end tag.
fn raw_kind(name: &str) -> Option<(&'static str, bool)> {
    // (lower-case name, entities decoded = RCDATA)
    // `noscript` is parsed as markup (scripting off, as crawlers see it):
    // some sites (Discourse forums) put their whole content there.
    const RAW: [(&str, bool); 9] = [
        ("script", false),
        ("style", false),
        ("title", true),
        ("textarea", true),
        ("xmp", false),
        ("iframe", false),
        ("noembed", false),
        ("noframes", false),
        ("plaintext", false),
    ];
    if name.len() > 9 {
        return None;
    }
    RAW.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .copied()
}

/// The tokenizer state.
pub(crate) struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Attributes of the last start tag: (name as written, raw value).
    pub(crate) attrs: Vec<(&'a str, &'a str)>,
    raw_end: Option<(&'static str, bool)>,
    /// The next tokens are in foreign content (SVG/MathML outside their
    /// HTML integration points): set by the tree builder.
    pub(crate) foreign: bool,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer over `src`.
    pub(crate) fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            src,
            pos: 0,
            attrs: Vec::with_capacity(16),
            raw_end: None,
            foreign: false,
        }
    }

    /// The value of attribute `name` (lower-case) of the last start tag.
    pub(crate) fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The next token, or `None` at the end.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        let b = self.src.as_bytes();
        if let Some((name, rcdata)) = self.raw_end.take() {
            let start = self.pos;
            let end = if name == "plaintext" {
                b.len()
            } else if name == "script" {
                find_script_end(b, start)
            } else {
                find_end_tag(b, start, name)
            };
            self.pos = end;
            if end > start {
                let s = &self.src[start..end];
                return Some(if rcdata {
                    Token::Text(s)
                } else {
                    Token::Raw(s)
                });
            }
        }
        loop {
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            if b[start] != b'<' {
                let end = memchr(b'<', &b[start..]).map_or(b.len(), |i| start + i);
                self.pos = end;
                return Some(Token::Text(&self.src[start..end]));
            }
            match b.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => return Some(self.start_tag(start + 1)),
                Some(b'/') => match b.get(start + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let (name, after) = read_name(self.src, start + 2);
                        self.pos = skip_past_gt(b, after);
                        return Some(Token::End { name });
                    }
                    Some(b'>') => self.pos = start + 3,
                    _ => self.pos = skip_past_gt(b, start + 2),
                },
                Some(b'!') => {
                    // `<![CDATA[` outside SVG/MathML is a bogus comment up to
                    // the first `>`, like a doctype.
                    if self.foreign && b[start..].starts_with(b"<![CDATA[") {
                        let from = start + 9;
                        let end =
                            memchr::memmem::find(&b[from..], b"]]>").map_or(b.len(), |i| from + i);
                        self.pos = (end + 3).min(b.len());
                        if end > from {
                            return Some(Token::Cdata(&self.src[from..end]));
                        }
                    } else if b[start..].starts_with(b"<!--") {
                        self.pos = match memchr::memmem::find(&b[start + 4..], b"-->") {
                            Some(i) => start + 4 + i + 3,
                            None => b.len(),
                        };
                    } else {
                        self.pos = skip_past_gt(b, start + 2);
                    }
                }
                Some(b'?') => self.pos = skip_past_gt(b, start + 2),
                _ => {
                    // A lone '<' is text.
                    let end = memchr(b'<', &b[start + 1..]).map_or(b.len(), |i| start + 1 + i);
                    self.pos = end;
                    return Some(Token::Text(&self.src[start..end]));
                }
            }
        }
    }

    fn start_tag(&mut self, name_at: usize) -> Token<'a> {
        let b = self.src.as_bytes();
        let (name, mut i) = read_name(self.src, name_at);
        self.attrs.clear();
        let mut self_closing = false;
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let ns = i;
            i += 1;
            while i < b.len()
                && !matches!(
                    b[i],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'=' | b'>' | b'/'
                )
            {
                i += 1;
            }
            let aname = &self.src[ns..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vs = i + 1;
                    let ve = memchr(q, &b[vs..]).map_or(b.len(), |k| vs + k);
                    value = &self.src[vs..ve];
                    i = (ve + 1).min(b.len());
                } else {
                    let vs = i;
                    while i < b.len()
                        && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        i += 1;
                    }
                    value = &self.src[vs..i];
                }
            }
            if self.attrs.len() < MAX_ATTRS {
                self.attrs.push((aname, value));
            }
        }
        self.pos = i;
        // `<script/>` is not self-closing in HTML: its raw text still follows.
        // `<iframe/>` (and its kin) is, in practice: the page goes on as
        // markup, where a browser would swallow it up to a missing `</iframe>`.
        self.raw_end = if self.foreign {
            None
        } else {
            raw_kind(name)
                .filter(|(n, _)| !self_closing || matches!(*n, "script" | "style" | "title"))
        };
        Token::Start { name, self_closing }
    }
}

/// Reads a tag name starting at `at`; returns it and the index after it.
fn read_name(src: &str, at: usize) -> (&str, usize) {
    let b = src.as_bytes();
    let mut i = at;
    while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
        i += 1;
    }
    (&src[at..i], i)
}

fn skip_past_gt(b: &[u8], from: usize) -> usize {
    memchr(b'>', b.get(from..).unwrap_or(&[])).map_or(b.len(), |i| from + i + 1)
}

/// `b[at..]` starts with `name` (ASCII case-insensitive) followed by a tag
/// name delimiter (or the end of the input).
fn names_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.len() >= at + name.len()
        && b[at..at + name.len()].eq_ignore_ascii_case(name)
        && matches!(
            b.get(at + name.len()),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        )
}

/// Index of the `</script` that ends script data starting at `from`,
/// following the standard's script data (double) escape states: after
/// `<!--`, a `<script` opens a double-escaped section in which `</script`
/// only returns to the escaped state; `-->` ends either.
fn find_script_end(b: &[u8], from: usize) -> usize {
    // 0: script data, 1: escaped, 2: double escaped.
    let mut state = 0u8;
    let mut i = from;
    while let Some(k) = memchr::memchr2(b'<', b'-', b.get(i..).unwrap_or(&[])) {
        let at = i + k;
        if b[at] == b'-' {
            if state != 0 && b[at..].starts_with(b"-->") {
                state = 0;
                i = at + 3;
            } else {
                i = at + 1;
            }
            continue;
        }
        // `<`
        if b[at + 1..].starts_with(b"!--") {
            if state == 0 {
                state = 1;
                // `<!-->` ends at once: the dashes count for `-->`.
                i = at + 2;
            } else {
                i = at + 1;
            }
            continue;
        }
        if b.get(at + 1) == Some(&b'/') && names_tag(b, at + 2, b"script") {
            if state == 2 {
                state = 1;
                i = at + 8;
                continue;
            }
            return at;
        }
        if state == 1 && names_tag(b, at + 1, b"script") {
            state = 2;
            i = at + 7;
            continue;
        }
        i = at + 1;
    }
    b.len()
}

/// Index of `</name` (case-insensitive, followed by a delimiter) from `from`.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> usize {
    let n = name.as_bytes();
    let mut i = from;
    while let Some(k) = memchr::memmem::find(b.get(i..).unwrap_or(&[]), b"</") {
        let at = i + k;
        let s = at + 2;
        if b.len() >= s + n.len()
            && b[s..s + n.len()].eq_ignore_ascii_case(n)
            && matches!(
                b.get(s + n.len()),
                None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
            )
        {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<String> {
        let mut t = Tokenizer::new(s);
        let mut out = Vec::new();
        while let Some(tok) = t.next_token() {
            out.push(match tok {
                Token::Text(x) => format!("T({x})"),
                Token::Raw(x) => format!("R({x})"),
                Token::Cdata(x) => format!("C({x})"),
                Token::Start { name, self_closing } => {
                    let a: Vec<String> = t.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!(
                        "S({name}{}{})",
                        if a.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", a.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::End { name } => format!("E({name})"),
            });
        }
        out
    }

    #[test]
    fn tags_attributes_comments_raw() {
        assert_eq!(
            all("<!DOCTYPE html><P class=\"a b\" id=x data-x='1>2' hidden>Hi<!-- c --> 1 < 2</p><br/><script>if (a<b) x='</div>'</SCRIPT >"),
            [
                "S(P class=a b id=x data-x=1>2 hidden=)",
                "T(Hi)",
                "T( 1 )",
                "T(< 2)",
                "E(p)",
                "S(br/)",
                "S(script)",
                "R(if (a<b) x='</div>')",
                "E(SCRIPT)"
            ]
        );
    }

    #[test]
    fn self_closing_iframe_does_not_swallow_the_page() {
        assert_eq!(
            all("<iframe src=x /><p>after</p>"),
            ["S(iframe src=x/)", "S(p)", "T(after)", "E(p)"]
        );
        assert_eq!(
            all("<iframe>fallback</iframe>"),
            ["S(iframe)", "R(fallback)", "E(iframe)"]
        );
        assert_eq!(
            all("<script/>x</script>"),
            ["S(script/)", "R(x)", "E(script)"]
        );
    }

    #[test]
    fn script_escape_and_double_escape_states() {
        // The `</script>` inside the double-escaped section does not end it.
        assert_eq!(
            all("<script><!-- document.write('<script>x()</script>'); --></script><p>after"),
            [
                "S(script)",
                "R(<!-- document.write('<script>x()</script>'); -->)",
                "E(script)",
                "S(p)",
                "T(after)"
            ]
        );
        // Escaped but not double-escaped: `</script>` ends the script.
        assert_eq!(
            all("<script><!-- a </script><p>b"),
            ["S(script)", "R(<!-- a )", "E(script)", "S(p)", "T(b)"]
        );
        // `<!-->` opens and closes at once; `-->` leaves the double escape.
        assert_eq!(
            all("<script><!--><script></script>x"),
            ["S(script)", "R(<!--><script>)", "E(script)", "T(x)"]
        );
        assert_eq!(
            all("<script><!--<script>--></script>y"),
            ["S(script)", "R(<!--<script>-->)", "E(script)", "T(y)"]
        );
        // `<scripts>` is not `<script>`; unterminated script runs to the end.
        assert_eq!(
            all("<script><!--<scripts></script>z"),
            ["S(script)", "R(<!--<scripts>)", "E(script)", "T(z)"]
        );
        assert_eq!(
            all("<script><!--<script></script>"),
            ["S(script)", "R(<!--<script></script>)"]
        );
    }

    #[test]
    fn foreign_content_has_no_raw_text_and_reads_cdata() {
        let mut t = Tokenizer::new("<title/><p>a<![CDATA[x<y&amp;]]>b<style>c</style>");
        t.foreign = true;
        let mut out = Vec::new();
        while let Some(tok) = t.next_token() {
            out.push(tok);
        }
        assert_eq!(
            out,
            [
                Token::Start {
                    name: "title",
                    self_closing: true
                },
                Token::Start {
                    name: "p",
                    self_closing: false
                },
                Token::Text("a"),
                Token::Cdata("x<y&amp;"),
                Token::Text("b"),
                Token::Start {
                    name: "style",
                    self_closing: false
                },
                Token::Text("c"),
                Token::End { name: "style" },
            ]
        );
    }

    #[test]
    fn unterminated_things_do_not_loop_or_panic() {
        for s in [
            "<",
            "<a",
            "<a href=\"x",
            "<!--",
            "<!-- x",
            "</",
            "</a",
            "<script>x",
            "<a b=",
            "<?",
            "<!x",
            "&",
            "<\u{e9}>",
            "<a\u{e9}=\u{e8}>",
        ] {
            let _ = all(s);
        }
        assert_eq!(all("<p>a<!-- unterminated"), ["S(p)", "T(a)"]);
    }
}
