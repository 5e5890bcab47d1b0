//! A URL's registered domain and full host name, computed as `tldextract`
//! computes them for datatrove's `URLFilter`: the host is taken leniently
//! from the URL (case kept), and its public suffix is found in the ICANN
//! section of the Public Suffix List (private domains such as `blogspot.com`
//! are not suffixes), walking labels right to left through a trie.
//!
//! Blocklists are matched against these strings, so every quirk that decides
//! which string comes out (case kept, wildcards without backtracking,
//! punycode labels decoded before lookup) is reproduced.

use ahash::AHashMap;

/// The Public Suffix List snapshot tldextract 5.4.0 ships (MPL-2.0).
const LIST: &str = include_str!("../data/url_filter/public_suffix_list.dat");

/// Where the private section of the list starts; tldextract splits there.
const PRIVATE_SEPARATOR: &str = "// ===BEGIN PRIVATE DOMAINS===";

/// The suffix rules as a trie of labels, last label first.
#[derive(Debug)]
pub(crate) struct SuffixTrie {
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Default)]
struct TrieNode {
    /// Child nodes by label (rule text: `*` and `!label` are labels too).
    children: AHashMap<Box<str>, u32>,
    /// A rule ends here.
    end: bool,
}

/// The two names `URLFilter` looks up, as slices of the URL's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostNames {
    /// `domain.suffix` (`bbc.co.uk` for `forums.bbc.co.uk`).
    pub registered_domain: String,
    /// `subdomain.domain.suffix`, the whole host.
    pub fqdn: String,
}

impl SuffixTrie {
    /// The built-in list's ICANN section.
    pub(crate) fn builtin() -> &'static SuffixTrie {
        static TRIE: std::sync::OnceLock<SuffixTrie> = std::sync::OnceLock::new();
        TRIE.get_or_init(|| SuffixTrie::parse(LIST))
    }

    /// Parses a list in the Public Suffix List format; rules after the
    /// private-domains marker are ignored. A rule is a line's first
    /// whitespace-free run when it starts with optional `.`, `*`, `!` and
    /// then a word character (so `//` comments are skipped).
    pub(crate) fn parse(text: &str) -> SuffixTrie {
        let public = text.split(PRIVATE_SEPARATOR).next().unwrap_or("");
        let mut trie = SuffixTrie {
            nodes: vec![TrieNode::default()],
        };
        for line in public.split('\n') {
            let rule = line.split(char::is_whitespace).next().unwrap_or("");
            let rest = rule.trim_start_matches(['.', '*', '!']);
            if !rest.chars().next().is_some_and(is_word_char) {
                continue;
            }
            let mut node = 0usize;
            for label in rule.rsplit('.') {
                node = match trie.nodes[node].children.get(label) {
                    Some(&c) => c as usize,
                    None => {
                        let id = trie.nodes.len();
                        trie.nodes.push(TrieNode::default());
                        trie.nodes[node].children.insert(label.into(), id as u32);
                        id
                    }
                };
            }
            trie.nodes[node].end = true;
        }
        trie
    }

    /// Index of the first label of the public suffix of `labels`, or `None`
    /// when no rule matches. Explicit labels are followed first; at the
    /// first label with no explicit child a wildcard (with its exceptions)
    /// decides, without backtracking.
    fn suffix_index(&self, labels: &[&str]) -> Option<usize> {
        let mut node = 0usize;
        let mut label_idx = labels.len();
        let mut suffix_idx = labels.len();
        let mut buf = String::new();
        for label in labels.iter().rev() {
            let key = lookup_label(label, &mut buf);
            let children = &self.nodes[node].children;
            if let Some(&c) = children.get(key) {
                label_idx -= 1;
                node = c as usize;
                if self.nodes[node].end {
                    suffix_idx = label_idx;
                }
                continue;
            }
            if children.contains_key("*") {
                let exception = format!("!{key}");
                return Some(if children.contains_key(exception.as_str()) {
                    label_idx
                } else {
                    label_idx - 1
                });
            }
            break;
        }
        (suffix_idx < labels.len()).then_some(suffix_idx)
    }

    /// The registered domain and full host name of `url`, or `None` when
    /// the host has no public suffix or nothing before it (IP addresses,
    /// `localhost`, a bare suffix): then both are the empty string in
    /// tldextract and no list entry matches them.
    pub(crate) fn host_names(&self, url: &str) -> Option<HostNames> {
        let host = lenient_host(url);
        let host = if host.contains(['\u{3002}', '\u{ff0e}', '\u{ff61}']) {
            std::borrow::Cow::Owned(host.replace(['\u{3002}', '\u{ff0e}', '\u{ff61}'], "."))
        } else {
            std::borrow::Cow::Borrowed(host)
        };
        let labels: Vec<&str> = host.split('.').collect();
        let psi = self.suffix_index(&labels)?;
        if psi == 0 || labels[psi - 1].is_empty() {
            return None;
        }
        let suffix = labels[psi..].join(".");
        let domain = labels[psi - 1];
        let subdomain = labels[..psi - 1].join(".");
        let registered_domain = format!("{domain}.{suffix}");
        let fqdn = if subdomain.is_empty() {
            registered_domain.clone()
        } else {
            format!("{subdomain}.{registered_domain}")
        };
        Some(HostNames {
            registered_domain,
            fqdn,
        })
    }
}

/// Python's `\w` for the first character of a rule.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The label as the trie stores it: lowercased, and an `xn--` label decoded
/// from punycode (left lowercased when it does not decode).
fn lookup_label<'a>(label: &'a str, buf: &'a mut String) -> &'a str {
    buf.clear();
    if label.is_ascii() {
        if label.bytes().any(|b| b.is_ascii_uppercase()) {
            buf.push_str(label);
            buf.make_ascii_lowercase();
        } else if !label.starts_with("xn--") {
            return label;
        } else {
            buf.push_str(label);
        }
        if buf.starts_with("xn--") {
            if let Some(decoded) = idna::punycode::decode_to_string(&buf[4..]) {
                if !decoded.is_empty() {
                    *buf = decoded;
                }
            }
        }
        return buf;
    }
    buf.push_str(&label.to_lowercase());
    buf
}

/// The host part of a URL-like string, as tldextract's `lenient_netloc`
/// takes it: after an optional `scheme://` (or `//`), before the first `/`,
/// `?` or `#`, after the last `@`, before a `:` port, whitespace-trimmed and
/// without trailing root dots; a bracketed IPv6 literal is kept whole.
pub(crate) fn lenient_host(url: &str) -> &str {
    let rest = schemeless(url);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let after_user = authority.rsplit('@').next().unwrap_or(authority);
    if after_user.starts_with('[') {
        if let Some(end) = after_user.find(']') {
            return &after_user[..=end];
        }
    }
    let host = after_user.split(':').next().unwrap_or("");
    crate::text::py_strip(host).trim_end_matches(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
}

/// `url` without its `scheme://`, when it has one made of scheme characters.
fn schemeless(url: &str) -> &str {
    match url.find("//") {
        Some(0) => &url[2..],
        Some(i)
            if i >= 2
                && url.as_bytes()[i - 1] == b':'
                && url[..i - 1]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) =>
        {
            &url[i + 2..]
        }
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(url: &str) -> Option<(String, String)> {
        SuffixTrie::builtin()
            .host_names(url)
            .map(|h| (h.registered_domain, h.fqdn))
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_owned(), b.to_owned()))
    }

    #[test]
    fn registered_domains() {
        assert_eq!(
            names("http://forums.bbc.co.uk/path"),
            pair("bbc.co.uk", "forums.bbc.co.uk")
        );
        assert_eq!(
            names("https://example.com"),
            pair("example.com", "example.com")
        );
        assert_eq!(
            names("https://user:pw@www.Example.COM:8080/x?y#z"),
            pair("Example.COM", "www.Example.COM")
        );
        // Private domains are not suffixes.
        assert_eq!(
            names("https://me.blogspot.com/"),
            pair("blogspot.com", "me.blogspot.com")
        );
        assert_eq!(
            names("example.org/no/scheme"),
            pair("example.org", "example.org")
        );
        assert_eq!(
            names("//cdn.example.net/x"),
            pair("example.net", "cdn.example.net")
        );
        assert_eq!(
            names("https://a.example.com./"),
            pair("example.com", "a.example.com")
        );
    }

    #[test]
    fn no_registered_domain() {
        assert_eq!(names("http://127.0.0.1/x"), None);
        assert_eq!(names("http://localhost:8080"), None);
        assert_eq!(names("http://co.uk/"), None);
        assert_eq!(names("http://[::1]/"), None);
        assert_eq!(names(""), None);
        assert_eq!(names("https://..com/"), None);
    }

    #[test]
    fn wildcards_and_exceptions() {
        // `*.kawasaki.jp` with the exception `!city.kawasaki.jp`.
        assert_eq!(
            names("http://www.city.kawasaki.jp/"),
            pair("city.kawasaki.jp", "www.city.kawasaki.jp")
        );
        assert_eq!(
            names("http://a.b.kawasaki.jp/"),
            pair("a.b.kawasaki.jp", "a.b.kawasaki.jp")
        );
        assert_eq!(names("http://b.kawasaki.jp/"), None);
    }

    #[test]
    fn unicode_and_punycode_suffixes() {
        // `公司.cn` is in the list in Unicode; URLs carry it either way.
        assert_eq!(
            names("http://shop.example.xn--55qx5d.cn/"),
            pair("example.xn--55qx5d.cn", "shop.example.xn--55qx5d.cn")
        );
        assert_eq!(
            names("http://example.公司.cn/"),
            pair("example.公司.cn", "example.公司.cn")
        );
        // Ideographic full stops separate labels.
        assert_eq!(
            names("http://example。com/"),
            pair("example.com", "example.com")
        );
    }

    #[test]
    fn schemes() {
        assert_eq!(schemeless("https://a.b"), "a.b");
        assert_eq!(schemeless("svn+ssh://a.b"), "a.b");
        assert_eq!(schemeless("a.b/x//y"), "a.b/x//y");
        assert_eq!(schemeless("h t://a.b"), "h t://a.b");
        assert_eq!(lenient_host("http://[2001:db8::1]:80/"), "[2001:db8::1]");
    }
}
