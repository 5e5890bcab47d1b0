//! `gopher_repetition`: Gopher's repetition rules, as datatrove's
//! `GopherRepetitionFilter` implements them.

use ahash::AHashSet;
use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Removal, Step, StepContext, StepInfo,
};

use crate::common::{ratio, PerLanguage};
use crate::lang::LanguageTable;
use crate::text::{py_len, py_strip};
use crate::words::{cached_words, WordSplitter};

/// Step type name.
pub const NAME: &str = "gopher_repetition";

const DOC: &str = r##"Drops documents with too much repeated content (Gopher, Rae et al. 2021, table A1), exactly as datatrove's GopherRepetitionFilter.

Paragraphs are the stripped text split on "\n\n+"; lines are the text split on "\n+".
A duplicate is an element equal to an earlier one; fractions are over elements or over len(text).
Checks, in order:
  empty                 the text is empty
  dup_para_frac         duplicate paragraphs / paragraphs > 0.3
  dup_para_char_frac    characters in duplicate paragraphs / len(text) > 0.2
  dup_line_frac         duplicate lines / lines > 0.3
  dup_line_char_frac    characters in duplicate lines / len(text) > 0.2
  top_{n}_gram          for n = 2, 3, 4: len(most frequent n-gram joined by spaces) * its count
                        / len(text) > 0.20, 0.18, 0.16 (ties: the n-gram seen first)
  duplicated_{n}_n_grams for n = 5..10: characters of repeated n-grams (words joined without spaces,
                        skipping n words after each repeat) / len(text) > 0.15, 0.14, ..., 0.10
Words come from the word splitter (punctuation tokens included), as in datatrove.

Example:
  [[step]]
  type = "gopher_repetition"
  dup_line_frac = 0.3
  top_n_grams = [[2, 0.2], [3, 0.18], [4, 0.16]]"##;

/// Options of `gopher_repetition` (datatrove's names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GopherRepetitionConfig {
    /// Maximum fraction of duplicate lines.
    pub dup_line_frac: Option<f64>,
    /// Maximum fraction of duplicate paragraphs.
    pub dup_para_frac: Option<f64>,
    /// Maximum fraction of characters in duplicate lines.
    pub dup_line_char_frac: Option<f64>,
    /// Maximum fraction of characters in duplicate paragraphs.
    pub dup_para_char_frac: Option<f64>,
    /// `[n, max_fraction]` pairs for the most frequent n-gram.
    pub top_n_grams: Vec<(usize, f64)>,
    /// `[n, max_fraction]` pairs for all repeated n-grams.
    pub dup_n_grams: Vec<(usize, f64)>,
    /// Use the document's language: per-character words for Chinese and
    /// Japanese, and the thresholds of `language_table`.
    pub per_language: bool,
    /// Which per-language thresholds: `tamis` (none for this filter) or
    /// `fineweb2` (FineWeb-2's `dup_line_frac`, `top_n_grams` and
    /// `dup_n_grams` per language-script label).
    pub language_table: LanguageTable,
    /// How words are split.
    pub word_splitter: WordSplitter,
}

impl Default for GopherRepetitionConfig {
    fn default() -> Self {
        GopherRepetitionConfig {
            dup_line_frac: Some(0.3),
            dup_para_frac: Some(0.3),
            dup_line_char_frac: Some(0.2),
            dup_para_char_frac: Some(0.2),
            top_n_grams: vec![(2, 0.2), (3, 0.18), (4, 0.16)],
            dup_n_grams: vec![
                (5, 0.15),
                (6, 0.14),
                (7, 0.13),
                (8, 0.12),
                (9, 0.11),
                (10, 0.10),
            ],
            per_language: true,
            language_table: LanguageTable::Tamis,
            word_splitter: WordSplitter::Datatrove,
        }
    }
}

/// The built `gopher_repetition` step.
#[derive(Debug, Clone)]
pub struct GopherRepetition {
    langs: PerLanguage<GopherRepetitionConfig>,
}

impl GopherRepetition {
    /// Builds the step.
    pub fn new(config: GopherRepetitionConfig) -> tamis_core::Result<GopherRepetition> {
        crate::words::warm_up();
        std::sync::LazyLock::force(&POWER_TABLE);
        let table = config.per_language.then_some(config.language_table);
        Ok(GopherRepetition {
            langs: PerLanguage::new(NAME, config, table)?,
        })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "Gopher repetition rules (datatrove GopherRepetitionFilter)",
            doc: DOC,
            options: tamis_core::options_of::<GopherRepetitionConfig>,
            factory: |v| {
                Ok(BuiltStep::Doc(Box::new(GopherRepetition::new(
                    parse_config(v)?,
                )?)))
            },
        }
    }
}

/// datatrove's `find_duplicates`: (duplicate elements, their characters).
pub(crate) fn find_duplicates<'a>(items: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
    let mut seen = AHashSet::new();
    let (mut n, mut chars) = (0, 0);
    for x in items {
        if !seen.insert(x) {
            n += 1;
            chars += py_len(x);
        }
    }
    (n, chars)
}

fn on(v: Option<f64>) -> Option<f64> {
    v.filter(|x| *x != 0.0)
}

fn drop(
    reason: impl Into<std::borrow::Cow<'static, str>>,
    value_name: &str,
    value: f64,
    max: f64,
) -> Outcome {
    Outcome::Drop(
        Removal::new(reason)
            .signal(value_name, value)
            .signal("max", max),
    )
}

/// Polynomial hashing (mod 2^61 - 1) of n-grams as datatrove compares
/// them, as joined strings: each word is hashed once ([`word_hash`]) and an
/// n-gram's key combines its words' hashes ([`ngram_key`]), so memory is a
/// few bytes per word and no joined string is ever built.
const MOD: u64 = (1 << 61) - 1;
const BASE: u64 = 1_000_003;
const POWERS: usize = 4096;

#[inline]
fn mulmod(a: u64, b: u64) -> u64 {
    let p = a as u128 * b as u128;
    let r = ((p >> 61) as u64) + ((p as u64) & MOD);
    if r >= MOD {
        r - MOD
    } else {
        r
    }
}

#[inline]
fn addmod(a: u64, b: u64) -> u64 {
    let r = a + b;
    if r >= MOD {
        r - MOD
    } else {
        r
    }
}

static POWER_TABLE: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut v = Vec::with_capacity(POWERS);
    let mut p = 1u64;
    for _ in 0..POWERS {
        v.push(p);
        p = mulmod(p, BASE);
    }
    v
});

fn pow(e: usize) -> u64 {
    if let Some(&p) = POWER_TABLE.get(e) {
        return p;
    }
    let (mut r, mut b, mut e) = (1u64, BASE, e);
    while e > 0 {
        if e & 1 == 1 {
            r = mulmod(r, b);
        }
        b = mulmod(b, b);
        e >>= 1;
    }
    r
}

/// The polynomial hash of a word's bytes.
fn word_hash(w: &str) -> u64 {
    w.as_bytes()
        .iter()
        .fold(0u64, |h, &b| addmod(mulmod(h, BASE), b as u64 + 1))
}

/// Key of the words `i..i+n` joined by spaces (`spaced`) or by nothing:
/// the polynomial hash of the joined bytes, from each word's hash and
/// `BASE^len` (`powers`).
#[inline]
fn ngram_key(hashes: &[u64], powers: &[u64], i: usize, n: usize, spaced: bool) -> u64 {
    let mut h = hashes[i];
    for k in i + 1..i + n {
        if spaced {
            h = addmod(mulmod(h, BASE), b' ' as u64 + 1);
        }
        h = addmod(mulmod(h, powers[k]), hashes[k]);
    }
    h
}

/// Characters of words `i..i+n` (Python's `len`), from their lengths.
fn chars(char_lens: &[u32], i: usize, n: usize) -> usize {
    char_lens[i..i + n].iter().map(|&c| c as usize).sum()
}

/// Polynomial hashes (mod 2^61 - 1) of every prefix of the words joined
/// with a space and joined with nothing, so that any run of words joined
/// either way (datatrove compares n-grams as joined strings) hashes in O(1).
/// Each word is hashed once; the prefixes advance word by word.
struct NgramHashes {
    spaced: Vec<u64>,
    glued: Vec<u64>,
    /// Cumulative byte lengths (glued).
    bytes: Vec<usize>,
}

impl NgramHashes {
    fn new(words: &[&str]) -> NgramHashes {
        let mut spaced = Vec::with_capacity(words.len() + 1);
        let mut glued = Vec::with_capacity(words.len() + 1);
        let mut bytes = Vec::with_capacity(words.len() + 1);
        let (mut s, mut g, mut total) = (0u64, 0u64, 0usize);
        spaced.push(s);
        glued.push(g);
        bytes.push(0);
        for (k, w) in words.iter().enumerate() {
            let mut h = 0u64;
            for &b in w.as_bytes() {
                h = addmod(mulmod(h, BASE), b as u64 + 1);
            }
            let pw = pow(w.len());
            g = addmod(mulmod(g, pw), h);
            if k > 0 {
                s = addmod(mulmod(s, BASE), b' ' as u64 + 1);
            }
            s = addmod(mulmod(s, pw), h);
            total += w.len();
            spaced.push(s);
            glued.push(g);
            bytes.push(total);
        }
        NgramHashes {
            spaced,
            glued,
            bytes,
        }
    }

    /// Key of words `i..i+n` joined by spaces (hash mixed with length).
    fn spaced_key(&self, i: usize, n: usize) -> u64 {
        let len = self.bytes[i + n] - self.bytes[i] + (n - 1);
        // the spaced prefix before word i ends with the separator only inside a run
        let h = (self.spaced[i + n] + MOD - mulmod(self.spaced[i], pow(len + usize::from(i > 0))))
            % MOD;
        // remove the leading separator hashed after word i-1
        let h = if i > 0 {
            (h + MOD - mulmod(b' ' as u64 + 1, pow(len))) % MOD
        } else {
            h
        };
        h ^ ((len as u64) << 61)
    }

    /// Key of words `i..i+n` joined without separator.
    fn glued_key(&self, i: usize, n: usize) -> u64 {
        let len = self.bytes[i + n] - self.bytes[i];
        let h = (self.glued[i + n] + MOD - mulmod(self.glued[i], pow(len))) % MOD;
        h ^ ((len as u64) << 61)
    }
}

/// A pass-through hasher for keys that already are good hashes.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type KeyBuild = std::hash::BuildHasherDefault<KeyHasher>;

impl Step for GopherRepetition {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let (c, lang) = self.langs.get(doc);
        let text = doc.text.as_str();
        if text.is_empty() {
            return Outcome::Drop(Removal::new("empty"));
        }
        let text_len = py_len(text);

        let paragraphs: Vec<&str> = split_runs(py_strip(text), 2);
        let (dup, dup_chars) = find_duplicates(paragraphs.iter().copied());
        if let Some(max) = on(c.dup_para_frac) {
            let r = ratio(dup, paragraphs.len());
            if r > max {
                return drop("dup_para_frac", "dup_para_frac", r, max);
            }
        }
        if let Some(max) = on(c.dup_para_char_frac) {
            let r = ratio(dup_chars, text_len);
            if r > max {
                return drop("dup_para_char_frac", "dup_para_char_frac", r, max);
            }
        }
        let lines: Vec<&str> = split_runs(text, 1);
        let (dup, dup_chars) = find_duplicates(lines.iter().copied());
        if let Some(max) = on(c.dup_line_frac) {
            let r = ratio(dup, lines.len());
            if r > max {
                return drop("dup_line_frac", "dup_line_frac", r, max);
            }
        }
        if let Some(max) = on(c.dup_line_char_frac) {
            let r = ratio(dup_chars, text_len);
            if r > max {
                return drop("dup_line_char_frac", "dup_line_char_frac", r, max);
            }
        }

        let cjk = lang.is_some_and(|l| l.cjk_chars);
        let mut words = Vec::new();
        cached_words(text, c.word_splitter, cjk, &mut words);
        if words.is_empty() {
            return Outcome::Keep;
        }
        if words.len() > COMPACT_FROM_WORDS {
            compact_ngrams(c, words, text_len)
        } else {
            prefix_ngrams(c, &words, text_len)
        }
    }
}

/// Documents of more words than this take [`compact_ngrams`]: about 20
/// bytes per word instead of about 90, at about 1.5× the time. Below it
/// (about 6 MB of text), the faster [`prefix_ngrams`] costs at most ~90 MB.
const COMPACT_FROM_WORDS: usize = 1 << 20;

/// Each word's length in characters (Python's `len`), for [`chars`].
fn char_lens(words: &[&str]) -> Vec<u32> {
    words
        .iter()
        .map(|w| u32::try_from(py_len(w)).unwrap_or(u32::MAX))
        .collect()
}

/// The drop when the most frequent `n`-gram (`len` characters, seen
/// `count` times) covers more than `frac` of the text.
fn top_ngram(n: usize, frac: f64, len: usize, count: usize, text_len: usize) -> Option<Outcome> {
    let r = ratio(len * count, text_len);
    (r > frac).then(|| drop(format!("top_{n}_gram"), "top_ngram_char_frac", r, frac))
}

/// datatrove's duplicated n-gram check over `n_words` words, with the key
/// of words `i..i+n` joined without separator from `key(i, n)`: scanning
/// left to right, an n-gram seen before counts its characters as repeated
/// and the scan jumps past it.
fn dup_ngrams(
    c: &GopherRepetitionConfig,
    n_words: usize,
    text_len: usize,
    char_lens: &[u32],
    key: impl Fn(usize, usize) -> u64,
) -> Outcome {
    let mut seen: std::collections::HashSet<u64, KeyBuild> =
        std::collections::HashSet::with_capacity_and_hasher(n_words, KeyBuild::default());
    for &(n, frac) in &c.dup_n_grams {
        if n == 0 {
            continue;
        }
        seen.clear();
        let mut repeated = 0usize;
        let mut idx = 0usize;
        while idx + n <= n_words {
            let h = key(idx, n);
            if seen.contains(&h) {
                repeated += chars(char_lens, idx, n);
                idx += n;
            } else {
                seen.insert(h);
                idx += 1;
            }
        }
        let r = ratio(repeated, text_len);
        if r > frac {
            return drop(
                format!("duplicated_{n}_n_grams"),
                "dup_ngram_char_frac",
                r,
                frac,
            );
        }
    }
    Outcome::Keep
}

/// The n-gram checks with O(1) keys from prefix hashes ([`NgramHashes`]).
fn prefix_ngrams(c: &GopherRepetitionConfig, words: &[&str], text_len: usize) -> Outcome {
    let char_lens = char_lens(words);
    let hashes = NgramHashes::new(words);
    let mut counts: std::collections::HashMap<u64, (usize, usize), KeyBuild> =
        std::collections::HashMap::with_capacity_and_hasher(words.len(), KeyBuild::default());

    for &(n, frac) in &c.top_n_grams {
        if n == 0 || words.len() < n {
            continue;
        }
        // count, first index
        counts.clear();
        for i in 0..=words.len() - n {
            counts.entry(hashes.spaced_key(i, n)).or_insert((0, i)).0 += 1;
        }
        let (count, first) = counts
            .values()
            .fold((0usize, usize::MAX), |best, &(cnt, idx)| {
                if cnt > best.0 || (cnt == best.0 && idx < best.1) {
                    (cnt, idx)
                } else {
                    best
                }
            });
        let len = chars(&char_lens, first, n) + (n - 1);
        if let Some(d) = top_ngram(n, frac, len, count, text_len) {
            return d;
        }
    }
    std::mem::drop(counts);
    dup_ngrams(c, words.len(), text_len, &char_lens, |i, n| {
        hashes.glued_key(i, n)
    })
}

/// The n-gram checks in bounded memory: per word only its hash, `BASE^len`
/// and length in characters; n-gram keys combine them in O(n); the most
/// frequent n-gram is found by sorting keys rather than counting in a map.
fn compact_ngrams(c: &GopherRepetitionConfig, words: Vec<&str>, text_len: usize) -> Outcome {
    // Per word: its hash, BASE^bytes and its characters (20 bytes); the
    // words themselves are not needed after this.
    let hashes: Vec<u64> = words.iter().map(|w| word_hash(w)).collect();
    let powers: Vec<u64> = words.iter().map(|w| pow(w.len())).collect();
    let char_lens = char_lens(&words);
    let n_words = words.len();
    std::mem::drop(words);

    // The most frequent n-gram (the first seen among equals): its key
    // counted by sorting the keys of all positions (8 bytes each).
    let mut keys: Vec<u64> = Vec::new();
    let mut top: Vec<u64> = Vec::new();
    for &(n, frac) in &c.top_n_grams {
        if n == 0 || n_words < n {
            continue;
        }
        keys.clear();
        keys.extend((0..=n_words - n).map(|i| ngram_key(&hashes, &powers, i, n, true)));
        keys.sort_unstable();
        // The keys seen most often, in sorted order.
        let mut best = 0usize;
        top.clear();
        for run in keys.chunk_by(|a, b| a == b) {
            if run.len() > best {
                best = run.len();
                top.clear();
            }
            if run.len() == best {
                top.push(run[0]);
            }
        }
        let first = (0..=n_words - n)
            .find(|&i| {
                top.binary_search(&ngram_key(&hashes, &powers, i, n, true))
                    .is_ok()
            })
            .unwrap_or(0);
        let len = chars(&char_lens, first, n) + (n - 1);
        if let Some(d) = top_ngram(n, frac, len, best, text_len) {
            return d;
        }
    }
    std::mem::drop(keys); // freed before the set below is allocated
    std::mem::drop(top);
    dup_ngrams(c, n_words, text_len, &char_lens, |i, n| {
        ngram_key(&hashes, &powers, i, n, false)
    })
}

/// Splits on runs of at least `min` newlines (`re.split("\n{min,}")`).
fn split_runs(text: &str, min: usize) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' {
            let j = i + b[i..].iter().take_while(|&&x| x == b'\n').count();
            if j - i >= min {
                out.push(&text[start..i]);
                start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        let mut d = Document::new("t", text);
        match GopherRepetition::new(GopherRepetitionConfig::default())
            .unwrap()
            .process(&mut d, &mut StepContext::default())
        {
            Outcome::Drop(d) => d.reason.into_owned(),
            o => format!("{o:?}"),
        }
    }

    #[test]
    fn split_like_python_re() {
        assert_eq!(split_runs("a\n\nb\n\n\nc\nd", 2), vec!["a", "b", "c\nd"]);
        assert_eq!(split_runs("\na\n", 1), vec!["", "a", ""]);
    }

    #[test]
    fn ngram_keys_compare_joined_strings() {
        let w = ["a", "b", "c", "a", "b", "ab", "c", "x", "bc"];
        let hashes: Vec<u64> = w.iter().map(|w| word_hash(w)).collect();
        let powers: Vec<u64> = w.iter().map(|w| pow(w.len())).collect();
        let spaced = |i, n| ngram_key(&hashes, &powers, i, n, true);
        let glued = |i, n| ngram_key(&hashes, &powers, i, n, false);
        assert_eq!(spaced(0, 2), spaced(3, 2));
        assert_ne!(spaced(0, 2), spaced(1, 2));
        // datatrove joins duplicated n-grams without spaces: "a"+"bc" == "ab"+"c"
        assert_eq!(glued(5, 2), glued(0, 3));
        assert_ne!(spaced(5, 2), spaced(0, 3));
        assert_ne!(glued(7, 2), glued(6, 2));
    }

    #[test]
    fn both_ngram_paths_decide_alike() {
        let c = GopherRepetitionConfig::default();
        let uniq: Vec<String> = (0..60).map(|i| format!("word{i}x")).collect();
        let seq: Vec<String> = (0..20).map(|i| format!("rep{i}y")).collect();
        let mut texts = vec![
            "buy now buy now buy now and also some other different words here to pad it out"
                .to_owned(),
            format!("{} {} {}", uniq.join(" "), seq.join(" "), seq.join(" ")),
            uniq.join(" "),
            "a b c a b ab c x bc a bc ab c".to_owned(),
        ];
        // Pseudo-random texts over a small vocabulary: every kind of repeat.
        let mut x = 7u64;
        for len in [30, 200, 2000] {
            let t: Vec<&str> = (0..len)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ["le", "chat", "a", "ab", "b", "über", "猫", "x"][(x >> 60) as usize % 8]
                })
                .collect();
            texts.push(t.join(" "));
        }
        for t in &texts {
            let words = crate::words::words(t, c.word_splitter, false);
            let n = py_len(t);
            let a = format!("{:?}", prefix_ngrams(&c, &words, n));
            let b = format!("{:?}", compact_ngrams(&c, words, n));
            assert_eq!(a, b, "{t}");
        }
    }

    #[test]
    fn every_reason() {
        assert_eq!(reason(""), "empty");
        assert_eq!(
            reason("same para\n\nsame para\n\nsame para\n\nother"),
            "dup_para_frac"
        );
        let long_dup = format!(
            "{}\n\n{}\n\na\n\nb\n\nc\n\nd\n\ne",
            "x".repeat(50),
            "x".repeat(50)
        );
        assert_eq!(reason(&long_dup), "dup_para_char_frac");
        assert_eq!(reason("l1\nl1\nl1\nl2\nl3"), "dup_line_frac");
        let dup_chars = format!("{0}\n{0}\na\nb\nc\nd\ne\nf\ng", "y".repeat(40));
        assert_eq!(reason(&dup_chars), "dup_line_char_frac");
        assert_eq!(
            reason(
                "buy now buy now buy now and also some other different words here to pad it out"
            ),
            "top_2_gram"
        );
        let varied = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
                      fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree";
        assert_eq!(reason(varied), "Keep");
        let uniq: Vec<String> = (0..60).map(|i| format!("word{i}x")).collect();
        let seq: Vec<String> = (0..20).map(|i| format!("rep{i}y")).collect();
        let rep = format!("{} {} {}", uniq.join(" "), seq.join(" "), seq.join(" "));
        assert_eq!(reason(&rep), "duplicated_5_n_grams");
    }
}
