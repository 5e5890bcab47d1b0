//! Text normalisations shared by the dedup steps.
//!
//! Each is a single pass over the characters, allocation-free apart from the
//! output buffer the caller reuses.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The non-ASCII characters of datatrove's `PUNCTUATION` set
/// (`datatrove/utils/text.py`), sorted; its ASCII ones are exactly ASCII
/// punctuation. (Yes, it lists the full-width digit one.)
const NON_ASCII_PUNCT: [char; 34] = [
    '\u{ab}', '\u{b4}', '\u{bb}', '\u{2013}', '\u{2014}', '\u{2019}', '\u{201c}', '\u{201d}',
    '\u{201e}', '\u{2026}', '\u{2236}', '\u{2501}', '\u{25ba}', '\u{3001}', '\u{3002}', '\u{3008}',
    '\u{3009}', '\u{300a}', '\u{300b}', '\u{300c}', '\u{300d}', '\u{3010}', '\u{3011}', '\u{ff01}',
    '\u{ff05}', '\u{ff08}', '\u{ff09}', '\u{ff0c}', '\u{ff0e}', '\u{ff11}', '\u{ff1a}', '\u{ff1b}',
    '\u{ff1f}', '\u{ff5e}',
];

/// datatrove's `PUNCTUATION`, plus the C0/C1 control characters it lists.
fn is_datatrove_punct(c: char) -> bool {
    let u = c as u32;
    if u < 128 {
        return c.is_ascii_punctuation() || (u < 32 && u != 9 && u != 10) || u == 127;
    }
    (128..160).contains(&u) || NON_ASCII_PUNCT.binary_search(&c).is_ok()
}

/// datatrove's `simplify_text` (default `TextNormConfig`), which FineWeb's
/// MinHash shingles are built on: lower-case; every run of white space → one
/// space; datatrove's punctuation set removed; canonical decomposition with
/// combining marks dropped (é → e); every run of digits → `0`; trimmed.
///
/// Differences, on purpose: digits are `char::is_numeric` (Python's `\d` is
/// the narrower Nd class), and all marks (Mn, Mc, Me) are dropped, not only
/// Mn. Unlike datatrove, white space around removed punctuation is collapsed
/// here, which is what datatrove's word tokenizer does after it anyway. And
/// punctuation that only appears after decomposition (`≮` → `<` + mark) is
/// removed too, so that the result is canonical: simplifying it again
/// changes nothing (datatrove keeps that `<`).
pub(crate) fn simplify_text(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut in_digits = false;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            in_digits = false;
            continue;
        }
        if c.is_ascii() {
            // fast path: no decomposition, one lower-case character
            let lc = c.to_ascii_lowercase();
            if is_datatrove_punct(lc) {
                continue;
            }
            if lc.is_ascii_digit() {
                if in_digits && !pending_space {
                    continue;
                }
                in_digits = true;
            } else {
                in_digits = false;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(if in_digits { '0' } else { lc });
            continue;
        }
        for lc in c.to_lowercase() {
            if is_datatrove_punct(lc) {
                continue;
            }
            if lc.is_numeric() {
                if in_digits && !pending_space {
                    continue;
                }
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push('0');
                in_digits = true;
                continue;
            }
            let mut pushed = false;
            let mut push = |d: char| {
                if !is_combining_mark(d) && !is_datatrove_punct(d) {
                    if !pushed && pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pushed = true;
                    out.push(d);
                }
            };
            if lc.is_ascii() {
                push(lc);
            } else {
                decompose_canonical(lc, &mut push);
            }
            if pushed {
                pending_space = false;
                in_digits = false;
            }
        }
    }
}

/// CCNet's `normalize_for_dedup` for one line: trimmed, lower-cased, each
/// digit → `0`, punctuation and other non-alphanumeric characters removed,
/// white space runs → one space. (CCNet removes a fixed list of Unicode
/// punctuation and non-printing characters and keeps internal white space
/// as is; we remove every character that is neither alphanumeric nor white
/// space, and collapse white space, so `a  -  b` and `a b` are the same line.)
pub(crate) fn normalize_line(line: &str, out: &mut String) {
    out.clear();
    out.reserve(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if c.is_ascii_alphanumeric() {
            // the common case, without the Unicode tables (same result)
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            });
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        if c.is_numeric() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// True for lines with no letter or digit (`-`, `•`, `|`, `***`, blank).
pub(crate) fn is_separator_line(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// The exact-dedup normalisation: lower-cased, every run of white space
/// (including newlines) → one space, trimmed. Case and layout changes do
/// not make a copy new; punctuation and accents do.
pub(crate) fn normalize_exact(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase()); // the common case, without the Unicode tables
        } else {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalisations without their ASCII fast paths, as first written.
    fn slow_line(line: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in line
            .chars()
            .filter(|c| c.is_whitespace() || c.is_alphanumeric())
        {
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_numeric() {
                out.push('0');
            } else {
                out.extend(c.to_lowercase());
            }
        }
        out
    }

    fn slow_exact(text: &str) -> String {
        text.split_whitespace()
            .map(|w| w.chars().flat_map(char::to_lowercase).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn ascii_fast_paths_equal_the_unicode_rules() {
        let pieces = [
            "Hello", "WORLD", "x\u{0B}y", "  ", "\t", "\n", "42", "é", "ÉTÉ", "İ", "ß", "Ⅻ", "٣",
            "中文", "—", "-", "!", "a_b", "\u{85}", "\u{A0}", "ǅ", "Σ", "\u{200B}",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..6 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let mut o = String::new();
            normalize_line(&t, &mut o);
            assert_eq!(o, slow_line(&t), "{t:?}");
            normalize_exact(&t, &mut o);
            assert_eq!(o, slow_exact(&t), "{t:?}");
        }
    }

    fn s(f: fn(&str, &mut String), t: &str) -> String {
        let mut o = String::new();
        f(t, &mut o);
        o
    }

    #[test]
    fn simplify_matches_datatrove_on_examples() {
        assert_eq!(
            s(simplify_text, "  Hello,  World!\n\tÉté 2024 — 1,000 fois. "),
            "hello world ete 0 0 fois"
        );
        assert_eq!(
            s(simplify_text, "L’AESVT organise sa \"Semaine verte 2020\""),
            "laesvt organise sa semaine verte 0"
        );
        assert_eq!(s(simplify_text, "a - b"), "a b");
        assert_eq!(s(simplify_text, "---"), "");
    }

    #[test]
    fn simplify_is_canonical_when_decomposition_yields_punctuation() {
        // `≮` decomposes to `<` plus a combining mark: that `<` goes too, so
        // a second pass has nothing left to remove.
        for t in ["a ≮ b", "≮", "x≯y ≠ z"] {
            let once = s(simplify_text, t);
            assert_eq!(s(simplify_text, &once), once, "{t:?}");
        }
        assert_eq!(s(simplify_text, "a ≮ b"), "a b");
    }

    #[test]
    fn punctuation_set_is_sorted_and_complete() {
        let mut sorted = NON_ASCII_PUNCT;
        sorted.sort_unstable();
        assert_eq!(sorted, NON_ASCII_PUNCT);
        for c in "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»\u{1}\u{85}"
            .chars()
        {
            assert!(is_datatrove_punct(c), "{c:?}");
        }
        for c in "aZ09é \t\n€".chars() {
            assert!(!is_datatrove_punct(c), "{c:?}");
        }
    }

    #[test]
    fn line_normalisation_is_ccnet_like() {
        assert_eq!(
            s(normalize_line, "  Le 12 Mars :  « Bonjour » !"),
            "le 00 mars bonjour"
        );
        assert_eq!(s(normalize_line, "•"), "");
        assert!(is_separator_line(" - "));
        assert!(is_separator_line("***"));
        assert!(is_separator_line(""));
        assert!(!is_separator_line("- a"));
    }

    #[test]
    fn exact_normalisation_ignores_case_and_layout() {
        assert_eq!(s(normalize_exact, " Un\n\nTexte  "), "un texte");
    }
}
