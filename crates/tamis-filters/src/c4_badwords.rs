//! `c4_badwords`: C4's bad-words page filter, as datatrove's
//! `C4BadWordsFilter`, with the word lists read from files named in the
//! configuration (nothing is downloaded).

use std::collections::BTreeMap;
use std::path::PathBuf;

use regex::Regex;
use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Error, ErrorCode, Outcome, Removal, Step, StepContext,
    StepInfo,
};

/// Step type name.
pub const NAME: &str = "c4_badwords";

const DOC: &str = r##"Drops pages containing a word of the "List of Dirty, Naughty, Obscene or Otherwise Bad Words" for the page's language (C4), as datatrove's C4BadWordsFilter.

The lists are files (one word per line) named per language in `files` or found as `<dir>/<lang>` in `dir`
(the LDNOOBW repository layout: en, fr, de, ...). The page is lower-cased; for ja, th and zh a word matches
anywhere, for other languages only between non-word characters. datatrove's allow-list is applied
(ja: sm, グロ, 女の子; zh: 性). The language is the document's `language` (`fra_Latn` → `fr`), or
default_language.
Reason:
  document_removed_with_badwords   signals: language, word (the first match)
With keep_fraction > 0 a page with bad words is kept with that probability, decided by a hash of
its id and the seed (deterministic; datatrove uses numpy's generator, so the kept subset differs).
A page in a language without a list is an error when fail_on_missing_language, else kept
(counter missing_badwords_lang). Without any list, fail_on_missing_language makes the
configuration itself an error.

Example:
  [[step]]
  type = "c4_badwords"
  dir = "/data/ldnoobw"
  fail_on_missing_language = false"##;

/// Options of `c4_badwords`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct C4BadWordsConfig {
    /// Word-list files per language code (`en = "lists/en.txt"`).
    pub files: BTreeMap<String, PathBuf>,
    /// A directory with one file per language code, named by the code.
    pub dir: Option<PathBuf>,
    /// Fraction of pages with bad words to keep anyway.
    pub keep_fraction: f64,
    /// Seed for keep_fraction.
    pub seed: u64,
    /// Error on pages whose language has no list (else keep them).
    pub fail_on_missing_language: bool,
    /// Language of pages without a `language`.
    pub default_language: String,
}

impl Default for C4BadWordsConfig {
    fn default() -> Self {
        C4BadWordsConfig {
            files: BTreeMap::new(),
            dir: None,
            keep_fraction: 0.0,
            seed: 0,
            fail_on_missing_language: true,
            default_language: "en".into(),
        }
    }
}

/// The built `c4_badwords` step.
#[derive(Debug, Clone)]
pub struct C4BadWords {
    config: C4BadWordsConfig,
    regexes: BTreeMap<String, Regex>,
}

/// Short codes datatrove's lists use, from common labels.
fn short_code(label: &str) -> String {
    let base = label
        .split(['_'])
        .next()
        .unwrap_or(label)
        .to_ascii_lowercase();
    let map = [
        ("eng", "en"),
        ("fra", "fr"),
        ("deu", "de"),
        ("spa", "es"),
        ("ita", "it"),
        ("por", "pt"),
        ("nld", "nl"),
        ("ara", "ar"),
        ("rus", "ru"),
        ("cmn", "zh"),
        ("zho", "zh"),
        ("jpn", "ja"),
        ("tur", "tr"),
        ("ces", "cs"),
        ("dan", "da"),
        ("fas", "fa"),
        ("pes", "fa"),
        ("fin", "fi"),
        ("hin", "hi"),
        ("hun", "hu"),
        ("kor", "ko"),
        ("nor", "no"),
        ("nob", "no"),
        ("pol", "pl"),
        ("swe", "sv"),
        ("tha", "th"),
        ("epo", "eo"),
        ("fil", "fil"),
    ];
    map.iter()
        .find(|(a, _)| *a == base)
        .map_or(base.clone(), |(_, b)| (*b).to_owned())
}

impl C4BadWords {
    /// Builds the step, reading and compiling every word list.
    pub fn new(config: C4BadWordsConfig) -> tamis_core::Result<C4BadWords> {
        let mut paths: BTreeMap<String, PathBuf> = BTreeMap::new();
        if let Some(dir) = &config.dir {
            let rd = std::fs::read_dir(dir)
                .map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
            for entry in rd.flatten() {
                let name = entry
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".txt")
                    .to_owned();
                paths.insert(name, entry.path());
            }
        }
        for (lang, p) in &config.files {
            paths.insert(short_code(lang), p.clone());
        }
        if paths.is_empty() && config.fail_on_missing_language {
            return Err(Error::config(
                "c4_badwords: no word lists; set `dir` (LDNOOBW layout) or `files`, or fail_on_missing_language = false",
            ));
        }
        let mut regexes = BTreeMap::new();
        for (lang, path) in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            let allow: &[&str] = &["sm", "グロ", "女の子", "性"];
            let mut words: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !allow.contains(w))
                .map(regex::escape)
                .collect();
            words.sort();
            words.dedup();
            if words.is_empty() {
                continue;
            }
            let alt = words.join("|");
            let pat = if matches!(lang.as_str(), "ja" | "th" | "zh") {
                alt
            } else {
                format!(r"(?:\W|^)({alt})(?:\W|$)")
            };
            let re = Regex::new(&pat)
                .map_err(|e| Error::config(format!("bad-words list {}: {e}", path.display())))?;
            regexes.insert(lang, re);
        }
        Ok(C4BadWords { config, regexes })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "C4 bad-words page filter, word lists from files (datatrove C4BadWordsFilter)",
            doc: DOC,
            options: tamis_core::options_of::<C4BadWordsConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(C4BadWords::new(parse_config(v)?)?))),
        }
    }
}

impl Step for C4BadWords {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let lang = short_code(
            doc.language
                .as_deref()
                .unwrap_or(&self.config.default_language),
        );
        let Some(re) = self.regexes.get(&lang) else {
            if self.config.fail_on_missing_language {
                return Outcome::error(
                    ErrorCode::Resource,
                    format!("c4_badwords: no bad-words list for language `{lang}`"),
                );
            }
            cx.count("missing_badwords_lang", 1);
            return Outcome::Keep;
        };
        let lower = doc.text.to_lowercase();
        let Some(m) = re.find(&lower) else {
            return Outcome::Keep;
        };
        cx.count("documents_with_badwords", 1);
        if self.config.keep_fraction > 0.0 {
            let h = xorshift(self.config.seed ^ fnv(doc.id.as_bytes()));
            if (h >> 11) as f64 / (1u64 << 53) as f64 <= self.config.keep_fraction {
                cx.count("document_kept_with_badwords", 1);
                return Outcome::Keep;
            }
        }
        let word = m.as_str().trim_matches(|c: char| !c.is_alphanumeric());
        Outcome::Drop(
            Removal::new("document_removed_with_badwords")
                .signal("language", lang.as_str())
                .signal("word", word),
        )
    }
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
        (h ^ x as u64).wrapping_mul(0x100_0000_01b3)
    })
}
fn xorshift(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(dir: &std::path::Path, fail: bool) -> C4BadWords {
        std::fs::write(dir.join("en"), "badword\nvery bad\n").unwrap();
        std::fs::write(dir.join("zh"), "坏词\n性\n").unwrap();
        C4BadWords::new(C4BadWordsConfig {
            dir: Some(dir.to_owned()),
            fail_on_missing_language: fail,
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn matches_whole_words_per_language() {
        let dir = std::env::temp_dir().join(format!("tamis-badwords-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let s = step(&dir, true);
        let mut cx = StepContext::default();
        let mut d = Document::new("a", "This has a BadWord in it.");
        let Outcome::Drop(x) = s.process(&mut d, &mut cx) else {
            panic!()
        };
        assert_eq!(x.reason, "document_removed_with_badwords");
        assert_eq!(x.signals["word"], "badword");
        let mut d = Document::new("b", "notabadwordhere, very badly");
        assert_eq!(s.process(&mut d, &mut cx), Outcome::Keep);
        let mut d = Document::new("c", "这是坏词。");
        d.language = Some("cmn_Hani".into());
        assert!(matches!(s.process(&mut d, &mut cx), Outcome::Drop(_)));
        let mut d = Document::new("d", "性别");
        d.language = Some("zh".into());
        assert_eq!(s.process(&mut d, &mut cx), Outcome::Keep, "allow-listed");
        let mut d = Document::new("e", "texte");
        d.language = Some("fr".into());
        match s.process(&mut d, &mut cx) {
            Outcome::Error(e) => {
                assert_eq!(e.code, ErrorCode::Resource);
                assert_eq!(
                    e.message,
                    "c4_badwords: no bad-words list for language `fr`"
                );
            }
            o => panic!("{o:?}"),
        }
        let s = step(&dir, false);
        assert_eq!(s.process(&mut d, &mut cx), Outcome::Keep);
        assert!(
            C4BadWords::new(C4BadWordsConfig::default()).is_err(),
            "no lists is a config error"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
