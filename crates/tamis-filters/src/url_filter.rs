//! `url_filter`: datatrove's `URLFilter`, FineWeb's first filter, with the
//! block lists datatrove ships built in (UT1 adult domains and URLs, banned,
//! soft-banned and sub-word lists), loaded once per process.

use std::sync::{Arc, OnceLock};

use ahash::AHashSet;
use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Error, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::public_suffix::SuffixTrie;

/// Step type name.
pub const NAME: &str = "url_filter";

const DOC: &str = r##"Drops documents by their URL exactly as datatrove's URLFilter does (FineWeb's first filter), with the same lists built in.

Checks, in order (the first that fires is the reason):
  domain               the registered domain (`bbc.co.uk`, Public Suffix List, private suffixes excluded) is a blocked domain
  subdomain            the full host name is a blocked domain
  url                  the URL string is a blocked URL (list entries have no scheme, as in datatrove)
  hard_blacklisted     a banned word is one of the URL's words (runs of ASCII letters and digits, case kept)
  soft_blacklisted     at least `soft_word_threshold` distinct soft-banned words are URL words
  blacklisted_subword  a banned sub-word occurs in the URL lowercased with everything but ASCII letters and digits removed
Signals name what matched. Host names keep the URL's case, as in datatrove, so `WWW.BAD.COM` is not `bad.com`.
Built-in lists (`use_integrated_lists`): 4,558,939 domains and 19,586 URLs of the UT1 blacklists (CC BY-SA 4.0) and
datatrove's word lists, as datatrove 0.10.1 ships them; they take about 40 MB of memory and half a second to load,
once per process. Word entries are normalised as datatrove does (lowercased, non-alphanumerics removed).
Documents without a URL are kept (counter no_url).

Example:
  [[step]]
  type = "url_filter"
  extra_domains = ["example-spam.com"]"##;

/// Options of `url_filter` (datatrove's `URLFilter` arguments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UrlFilterConfig {
    /// Distinct soft-banned words in a URL that drop it.
    pub soft_word_threshold: usize,
    /// Domains blocked besides the built-in list (compared with the
    /// registered domain and the full host name, as written).
    pub extra_domains: Vec<String>,
    /// URLs blocked besides the built-in list (whole URL string).
    pub extra_urls: Vec<String>,
    /// Words that drop a URL containing them as a word.
    pub banned_words: Vec<String>,
    /// Strings that drop a URL containing them anywhere (after
    /// normalisation).
    pub banned_subwords: Vec<String>,
    /// Words of which `soft_word_threshold` drop a URL.
    pub soft_banned_words: Vec<String>,
    /// Adds the built-in lists to the ones above.
    pub use_integrated_lists: bool,
}

impl Default for UrlFilterConfig {
    fn default() -> Self {
        UrlFilterConfig {
            soft_word_threshold: 2,
            extra_domains: Vec::new(),
            extra_urls: Vec::new(),
            banned_words: Vec::new(),
            banned_subwords: Vec::new(),
            soft_banned_words: Vec::new(),
            use_integrated_lists: true,
        }
    }
}

/// A set of strings kept as sorted 64-bit hashes: the UT1 domain list has
/// 4.5 million entries (123 MB of text), 36 MB this way. Two different
/// strings share a hash with probability 2^-64 per pair.
#[derive(Debug, Default)]
struct HashSet64(Vec<u64>);

impl HashSet64 {
    /// Hashes the lines of a zstd-compressed list as they are decompressed
    /// (the text is never held whole), skipping `#` lines and stripping
    /// whitespace as datatrove's `parse_list` does.
    fn from_zstd_lines(what: &str, data: &[u8], expected: usize) -> tamis_core::Result<HashSet64> {
        use std::io::BufRead;
        let corrupt = |e: std::io::Error| {
            Error::io(
                format!("decompressing the built-in {what} list (the tamis binary is damaged; reinstall it)"),
                e,
            )
        };
        // Compressed with zstd's 8 MiB window, so decoding needs little memory.
        let dec = zstd::stream::read::Decoder::with_buffer(data).map_err(corrupt)?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, dec);
        let mut v: Vec<u64> = Vec::with_capacity(expected);
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).map_err(corrupt)? == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&line);
            if !text.starts_with('#') {
                v.push(hash(crate::text::py_strip(&text)));
            }
        }
        v.sort_unstable();
        v.dedup();
        Ok(HashSet64(v))
    }
    fn contains(&self, s: &str) -> bool {
        self.0.binary_search(&hash(s)).is_ok()
    }
}

fn hash(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// The built-in lists, decompressed once per process.
#[derive(Debug)]
struct Builtin {
    domains: HashSet64,
    urls: HashSet64,
    banned_words: Vec<String>,
    banned_subwords: Vec<String>,
    soft_banned_words: Vec<String>,
}

const DOMAINS_ZST: &[u8] = include_bytes!("../data/url_filter/domains.zst");
const URLS_ZST: &[u8] = include_bytes!("../data/url_filter/urls.zst");
const BANNED_WORDS: &str = include_str!("../data/url_filter/banned_words.txt");
const BANNED_SUBWORDS: &str = include_str!("../data/url_filter/banned_subwords.txt");
const SOFT_BANNED_WORDS: &str = include_str!("../data/url_filter/soft_banned_words.txt");

/// Lines of a word list, as datatrove's `parse_list` reads them: lines
/// starting with `#` skipped, the rest normalised.
fn word_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter(|l| !l.starts_with('#')).map(normalize)
}

impl Builtin {
    fn get() -> tamis_core::Result<Arc<Builtin>> {
        static LISTS: OnceLock<Result<Arc<Builtin>, String>> = OnceLock::new();
        LISTS
            .get_or_init(|| {
                Builtin::load()
                    .map(Arc::new)
                    .map_err(|e| tamis_core::display_chain(&e))
            })
            .clone()
            .map_err(Error::data)
    }
    fn load() -> tamis_core::Result<Builtin> {
        Ok(Builtin {
            domains: HashSet64::from_zstd_lines("domain", DOMAINS_ZST, 4_600_000)?,
            urls: HashSet64::from_zstd_lines("URL", URLS_ZST, 20_000)?,
            banned_words: word_lines(BANNED_WORDS).collect(),
            banned_subwords: word_lines(BANNED_SUBWORDS).collect(),
            soft_banned_words: word_lines(SOFT_BANNED_WORDS).collect(),
        })
    }
}

/// datatrove's `normalize`: ASCII letters and digits only, lowercased.
fn normalize(s: &str) -> String {
    s.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect()
}

/// The built `url_filter` step.
#[derive(Debug)]
pub struct UrlFilter {
    builtin: Option<Arc<Builtin>>,
    extra_domains: AHashSet<String>,
    extra_urls: AHashSet<String>,
    banned_words: AHashSet<String>,
    /// Soft-banned words, each counted once per URL.
    soft_banned_words: AHashSet<String>,
    soft_word_threshold: usize,
    /// Banned sub-words and their automaton (none when the list is empty).
    subwords: Vec<String>,
    subword_matcher: Option<AhoCorasick>,
    suffixes: &'static SuffixTrie,
}

impl UrlFilter {
    /// Builds the step; the built-in lists are loaded on first use in the
    /// process and shared.
    pub fn new(config: UrlFilterConfig) -> tamis_core::Result<UrlFilter> {
        let builtin = if config.use_integrated_lists {
            Some(Builtin::get()?)
        } else {
            None
        };
        let stripped = |v: &[String]| -> AHashSet<String> {
            v.iter()
                .filter(|s| !s.starts_with('#'))
                .map(|s| crate::text::py_strip(s).to_owned())
                .collect()
        };
        let normalized = |v: &[String], more: Option<&Vec<String>>| -> AHashSet<String> {
            v.iter()
                .filter(|s| !s.starts_with('#'))
                .map(|s| normalize(s))
                .chain(more.into_iter().flatten().cloned())
                .collect()
        };
        let banned_words = normalized(
            &config.banned_words,
            builtin.as_ref().map(|b| &b.banned_words),
        );
        let soft_banned_words = normalized(
            &config.soft_banned_words,
            builtin.as_ref().map(|b| &b.soft_banned_words),
        );
        let mut subwords: Vec<String> = normalized(
            &config.banned_subwords,
            builtin.as_ref().map(|b| &b.banned_subwords),
        )
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
        subwords.sort_unstable();
        let subword_matcher = if subwords.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::new(&subwords)
                    .map_err(|e| Error::config(format!("url_filter: banned_subwords: {e}")))?,
            )
        };
        Ok(UrlFilter {
            builtin,
            extra_domains: stripped(&config.extra_domains),
            extra_urls: stripped(&config.extra_urls),
            banned_words,
            soft_banned_words,
            soft_word_threshold: config.soft_word_threshold,
            subwords,
            subword_matcher,
            suffixes: SuffixTrie::builtin(),
        })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "datatrove's URLFilter with its built-in block lists",
            doc: DOC,
            options: tamis_core::options_of::<UrlFilterConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(UrlFilter::new(parse_config(v)?)?))),
        }
    }

    fn domain_blocked(&self, name: &str) -> bool {
        self.extra_domains.contains(name)
            || self
                .builtin
                .as_ref()
                .is_some_and(|b| b.domains.contains(name))
    }

    fn url_blocked(&self, url: &str) -> bool {
        self.extra_urls.contains(url) || self.builtin.as_ref().is_some_and(|b| b.urls.contains(url))
    }

    /// Why `url` is dropped, or `None` when it is kept.
    pub fn decide(&self, url: &str) -> Option<Removal> {
        if let Some(names) = self.suffixes.host_names(url) {
            if self.domain_blocked(&names.registered_domain) {
                return Some(Removal::new("domain").signal("domain", names.registered_domain));
            }
            if self.domain_blocked(&names.fqdn) {
                return Some(Removal::new("subdomain").signal("domain", names.fqdn));
            }
        }
        if self.url_blocked(url) {
            return Some(Removal::new("url").signal("url", url));
        }
        // The URL's words: maximal runs of ASCII letters and digits, plus
        // the empty word when the URL starts or ends with anything else
        // (Python's `re.split` yields it, and an empty list entry matches).
        let words = url
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        let edge_empty = !url.starts_with(|c: char| c.is_ascii_alphanumeric())
            || !url.ends_with(|c: char| c.is_ascii_alphanumeric());
        if edge_empty && self.banned_words.contains("") {
            return Some(Removal::new("hard_blacklisted").signal("word", ""));
        }
        let mut soft: Vec<&str> = Vec::new();
        if edge_empty && self.soft_banned_words.contains("") {
            soft.push("");
        }
        for w in words {
            if self.banned_words.contains(w) {
                return Some(Removal::new("hard_blacklisted").signal("word", w));
            }
            if self.soft_banned_words.contains(w) && !soft.contains(&w) {
                soft.push(w);
            }
        }
        if soft.len() >= self.soft_word_threshold {
            return Some(
                Removal::new("soft_blacklisted")
                    .signal("words", soft.clone())
                    .signal("soft_word_threshold", self.soft_word_threshold),
            );
        }
        if let Some(ac) = &self.subword_matcher {
            if let Some(m) = ac.find(normalize(url).as_str()) {
                let word = self.subwords[m.pattern().as_usize()].as_str();
                return Some(Removal::new("blacklisted_subword").signal("subword", word));
            }
        }
        None
    }
}

impl Step for UrlFilter {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let Some(url) = doc.url.as_deref() else {
            cx.count("no_url", 1);
            return Outcome::Keep;
        };
        match self.decide(url) {
            Some(removal) => Outcome::Drop(removal),
            None => Outcome::Keep,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(f: &UrlFilter, url: &str) -> String {
        f.decide(url)
            .map_or("keep".into(), |r| r.reason.into_owned())
    }

    fn own_lists() -> UrlFilter {
        UrlFilter::new(UrlFilterConfig {
            use_integrated_lists: false,
            extra_domains: vec!["blocked.com".into(), "sub.listed.org".into()],
            extra_urls: vec!["http://ok.com/bad-page".into()],
            banned_words: vec!["Spam".into()],
            soft_banned_words: vec!["cheap".into(), "pills".into(), "now".into()],
            banned_subwords: vec!["free money".into()],
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn checks_in_datatrove_order() {
        let f = own_lists();
        assert_eq!(reason(&f, "https://www.blocked.com/x"), "domain");
        assert_eq!(reason(&f, "https://sub.listed.org/"), "subdomain");
        // Only the full host and the registered domain are looked up.
        assert_eq!(reason(&f, "https://a.sub.listed.org/"), "keep");
        assert_eq!(reason(&f, "http://ok.com/bad-page"), "url");
        assert_eq!(reason(&f, "https://ok.com/bad-page"), "keep");
        assert_eq!(reason(&f, "https://ok.com/spam/1"), "hard_blacklisted");
        // Words keep their case; list entries are lowercased.
        assert_eq!(reason(&f, "https://ok.com/SPAM/1"), "keep");
        assert_eq!(reason(&f, "https://ok.com/cheap-pills"), "soft_blacklisted");
        assert_eq!(reason(&f, "https://ok.com/cheap-cheap"), "keep");
        assert_eq!(
            reason(&f, "https://ok.com/get_FreeMoney.html"),
            "blacklisted_subword"
        );
        assert_eq!(reason(&f, "https://ok.com/spammer"), "keep");
        // Case is kept in host names too.
        assert_eq!(reason(&f, "https://BLOCKED.com/"), "keep");
    }

    #[test]
    fn signals_say_what_matched() {
        let f = own_lists();
        let r = f.decide("https://x.com/now/cheap/pills").unwrap();
        assert_eq!(
            r.signals["words"],
            serde_json::json!(["now", "cheap", "pills"])
        );
        let r = f.decide("https://m.blocked.com/").unwrap();
        assert_eq!(r.signals["domain"], "blocked.com");
        let r = f.decide("https://x.com/freemoney").unwrap();
        assert_eq!(r.signals["subword"], "freemoney");
    }

    #[test]
    fn empty_list_entries_match_edges_as_in_python() {
        let f = UrlFilter::new(UrlFilterConfig {
            use_integrated_lists: false,
            banned_words: vec!["--".into()],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(reason(&f, "https://a.com/"), "hard_blacklisted");
        assert_eq!(reason(&f, "https://a.com/x"), "keep");
    }

    #[test]
    fn builtin_lists_block_known_entries() {
        let f = UrlFilter::new(UrlFilterConfig::default()).unwrap();
        let b = f.builtin.as_ref().unwrap();
        assert!(b.domains.0.len() > 4_000_000, "{}", b.domains.0.len());
        assert!(b.urls.0.len() > 19_000);
        // First entries of the UT1 domain list and of datatrove's word lists.
        assert_eq!(reason(&f, "http://0-1avsex.com/"), "domain");
        assert_eq!(reason(&f, "http://www.0-1avsex.com/a"), "domain");
        assert_eq!(reason(&f, "https://example.org/2g1c"), "hard_blacklisted");
        assert_eq!(reason(&f, "https://example.org/recipes/bread"), "keep");
        assert_eq!(reason(&f, "https://en.wikipedia.org/wiki/Sieve"), "keep");
        let mut cx = StepContext::default();
        let mut d = Document::new("1", "text");
        assert!(matches!(f.process(&mut d, &mut cx), Outcome::Keep));
    }
}
