//! Word splitting and sentence counting.
//!
//! datatrove splits words with a per-language tokenizer (for English:
//! spaCy's blank `en` tokenizer; NLTK punkt for some others; jieba for
//! Chinese; SudachiPy for Japanese) and counts sentences with spaCy's
//! `sentencizer`. The Gopher and FineWeb thresholds were tuned on those
//! token counts, so a different split moves documents across thresholds.
//!
//! [`WordSplitter::Datatrove`] (the default) reproduces the parts of spaCy's
//! rule-based tokenizer that change counts on web text, without spaCy:
//! split on whitespace, then peel prefixes (`(`, `"`, `$`, `...`),
//! suffixes (`,` `.` `)` `'s`, units after digits such as `10km`) and
//! infixes (hyphens between letters, `/` and `:` before letters, `-`
//! between digits), keep URLs and e-mail addresses whole, split English
//! contractions (`don't` → `do` `n't`) and keep common abbreviations
//! (`Mr.`, `e.g.`). Punctuation tokens are words, as in datatrove.
//!
//! [`WordSplitter::Uax29`] uses Unicode word boundaries (UAX #29, via
//! `unicode-segmentation`), keeping every non-whitespace segment
//! (punctuation included). It is language-neutral but splits `U.S.`, URLs
//! and `...` into several tokens, so it agrees less with datatrove.
//!
//! Unsegmented scripts: with `cjk_chars` (set for `cmn`/`jpn` in the
//! language data), every Han, Hiragana and Katakana character is its own
//! word. jieba/Sudachi produce words of 1–3 characters, so word counts are
//! higher and average word length lower than datatrove's; the cmn/jpn
//! thresholds in `data/lang_params.json` are set for per-character words.
//! Thai, Lao, Khmer and Myanmar runs stay whole (no dictionary).

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_general_category::{get_general_category, GeneralCategory as Gc};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::py_isspace;

/// How text is split into words.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WordSplitter {
    /// spaCy-compatible rules (datatrove's English tokenizer), the default.
    #[default]
    Datatrove,
    /// Unicode word boundaries (UAX #29), every non-space segment a word.
    Uax29,
}

/// Splits `text` into words (punctuation tokens included, whitespace
/// dropped), appending to `out`.
pub fn split_words<'a>(
    text: &'a str,
    splitter: WordSplitter,
    cjk_chars: bool,
    out: &mut Vec<&'a str>,
) {
    let mut push = |w: &'a str| {
        if cjk_chars && w.chars().any(is_cjk) {
            split_cjk(w, out);
        } else {
            out.push(w);
        }
    };
    match splitter {
        WordSplitter::Datatrove => tokenize(text, &mut |w, space| {
            if !space {
                push(w)
            }
        }),
        WordSplitter::Uax29 => {
            for w in text.split_word_bounds() {
                if !w.chars().all(py_isspace) {
                    push(w);
                }
            }
        }
    }
}

/// The last split made on this thread, reused when the next filter sees
/// the same text (datatrove does the same with an `lru_cache` on
/// `split_into_words`): Gopher quality, Gopher repetition and FineWeb
/// quality then tokenize a document once.
struct WordCache {
    text: String,
    splitter: WordSplitter,
    cjk: bool,
    spans: Vec<(u32, u32)>,
}

/// Texts longer than this are not cached: a copy of a huge document and its
/// spans would more than double its memory, for a split that is cheap next
/// to the filters that use it.
const CACHE_MAX_TEXT: usize = 1 << 20;

thread_local! {
    static CACHE: std::cell::RefCell<Option<WordCache>> = const { std::cell::RefCell::new(None) };
}

/// Like [`split_words`], through the per-thread cache of the last text.
pub(crate) fn cached_words<'a>(
    text: &'a str,
    splitter: WordSplitter,
    cjk_chars: bool,
    out: &mut Vec<&'a str>,
) {
    let hit = CACHE.with(|c| {
        let c = c.borrow();
        match c.as_ref() {
            Some(w) if w.splitter == splitter && w.cjk == cjk_chars && w.text == text => {
                out.extend(
                    w.spans
                        .iter()
                        .filter_map(|&(a, b)| text.get(a as usize..b as usize)),
                );
                true
            }
            _ => false,
        }
    });
    if hit {
        return;
    }
    let start = out.len();
    split_words(text, splitter, cjk_chars, out);
    if text.len() > CACHE_MAX_TEXT {
        return;
    }
    let base = text.as_ptr() as usize;
    let spans: Vec<(u32, u32)> = out[start..]
        .iter()
        .map(|w| {
            let a = w.as_ptr() as usize - base;
            (a as u32, (a + w.len()) as u32)
        })
        .collect();
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        match c.as_mut() {
            Some(w) => {
                w.text.clear();
                w.text.push_str(text);
                w.splitter = splitter;
                w.cjk = cjk_chars;
                w.spans = spans;
            }
            None => {
                *c = Some(WordCache {
                    text: text.to_owned(),
                    splitter,
                    cjk: cjk_chars,
                    spans,
                })
            }
        }
    });
}

/// Loads the exception table and compiles the URL pattern now, so that
/// steps pay for it when they are built, not on their first document.
pub(crate) fn warm_up() {
    LazyLock::force(&SPECIALS);
    LazyLock::force(&URL_RE);
}

/// Convenience form of [`split_words`] returning a new vector.
pub fn words(text: &str, splitter: WordSplitter, cjk_chars: bool) -> Vec<&str> {
    let mut out = Vec::new();
    split_words(text, splitter, cjk_chars, &mut out);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0xFF66..=0xFF9F)
}

/// Every CJK character its own word; other runs stay together.
fn split_cjk<'a>(w: &'a str, out: &mut Vec<&'a str>) {
    let mut start = 0;
    for (i, c) in w.char_indices() {
        if is_cjk(c) {
            if start < i {
                out.push(&w[start..i]);
            }
            out.push(&w[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < w.len() {
        out.push(&w[start..]);
    }
}

/// Sentences in `text` as datatrove's `split_into_sentences` counts them
/// for English (spaCy tokens + `sentencizer`): a sentence ends after a
/// token that is one of the sentencizer's punctuation characters, at the
/// next token that is not punctuation. Never less than 1.
pub fn count_sentences(text: &str) -> usize {
    let mut n = 0usize;
    let mut seen_period = false;
    tokenize(text, &mut |tok, space| {
        if n == 0 {
            n = 1;
        }
        let in_punct_chars = !space && is_sentencizer_punct(tok);
        if seen_period && !in_punct_chars && (space || !is_punct_token(tok)) {
            n += 1;
            seen_period = false;
        } else if in_punct_chars {
            seen_period = true;
        }
    });
    n.max(1)
}

/// spaCy `Sentencizer.default_punct_chars`.
const SENTENCIZER_PUNCT: &str = "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。";

fn is_sentencizer_punct(tok: &str) -> bool {
    let mut it = tok.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => SENTENCIZER_PUNCT.contains(c),
        _ => false,
    }
}

fn is_punct_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

/// spaCy's `is_punct`: every character is Unicode punctuation (P*).
fn is_punct_token(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(is_punct_char)
}

// ---------------------------------------------------------------------------
// spaCy-compatible tokenizer

/// Runs the tokenizer, calling `emit(token, is_whitespace_token)`. Like
/// spaCy, a whitespace run other than one plain space is a token of its own.
fn tokenize<'a>(text: &'a str, emit: &mut dyn FnMut(&'a str, bool)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let n = text.len();
    let mut first = true;
    while i < n {
        // whitespace run
        let ws_start = i;
        while i < n {
            let c = match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            };
            if !py_isspace(c) {
                break;
            }
            i += c.len_utf8();
        }
        if i > ws_start {
            let run = &text[ws_start..i];
            if first {
                emit(run, true);
            } else if !(run.len() == 1 && bytes[ws_start] == b' ') {
                // the first plain space belongs to the previous token
                let run = if bytes[ws_start] == b' ' {
                    &run[1..]
                } else {
                    run
                };
                emit(run, true);
            }
        }
        if i >= n {
            break;
        }
        let start = i;
        while i < n {
            let c = match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            };
            if py_isspace(c) {
                break;
            }
            i += c.len_utf8();
        }
        split_chunk(&text[start..i], emit);
        first = false;
    }
}

fn split_chunk<'a>(chunk: &'a str, emit: &mut dyn FnMut(&'a str, bool)) {
    // fast path: a plain word no affix, infix or exception applies to
    if chunk.len() > 3
        && chunk.bytes().all(|b| b.is_ascii_alphabetic())
        && (chunk.len() > 10 || special(chunk).is_none())
    {
        emit(chunk, false);
        return;
    }
    let mut toks: Vec<&'a str> = Vec::new();
    affix_split(chunk, &mut |t, _| toks.push(t));
    merge_specials(chunk, &toks, emit);
}

/// spaCy's affix loop: peel prefixes and suffixes until an exception or
/// nothing is left, then split the middle on exceptions, URLs or infixes.
fn affix_split<'a>(chunk: &'a str, emit: &mut dyn FnMut(&'a str, bool)) {
    let mut s = chunk;
    let mut suffixes: Vec<&'a str> = Vec::new();
    loop {
        if s.is_empty() || special(s).is_some() {
            break;
        }
        let before = s.len();
        if let Some(p) = prefix_len(s) {
            emit(&s[..p], false);
            s = &s[p..];
            if special(s).is_some() {
                break;
            }
        }
        if let Some(q) = suffix_len(s) {
            suffixes.push(&s[s.len() - q..]);
            s = &s[..s.len() - q];
        }
        if s.len() == before {
            break;
        }
    }
    if !s.is_empty() {
        if let Some(lens) = special(s) {
            emit_special(s, lens, emit);
        } else if is_url(s) {
            emit(s, false);
        } else {
            split_infixes(s, emit);
        }
    }
    for suf in suffixes.iter().rev() {
        emit(suf, false);
    }
}

fn emit_special<'a>(s: &'a str, lens: &[usize], emit: &mut dyn FnMut(&'a str, bool)) {
    let mut at = 0;
    for &l in lens {
        match s.get(at..at + l) {
            Some(t) if !t.is_empty() => emit(t, false),
            _ => break,
        }
        at += l;
    }
    if at < s.len() {
        emit(&s[at..], false);
    }
}

/// spaCy re-joins consecutive tokens of one chunk that together spell an
/// exception (its special-case matcher): `)` `:` → `):`, `and` `/` `or`
/// → `and/or`, `Mr` `.` → `Mr.`.
fn merge_specials<'a>(chunk: &'a str, toks: &[&'a str], emit: &mut dyn FnMut(&'a str, bool)) {
    let base = chunk.as_ptr() as usize;
    let off = |t: &str| t.as_ptr() as usize - base;
    let mut i = 0;
    while i < toks.len() {
        let mut merged = false;
        let max = (toks.len() - i).min(6);
        for n in (2..=max).rev() {
            let (a, last) = (off(toks[i]), toks[i + n - 1]);
            let b = off(last) + last.len();
            if b - a > 12 {
                continue;
            }
            if let Some(text) = chunk.get(a..b) {
                if let Some(lens) = special(text).filter(|l| l.len() < n) {
                    emit_special(text, lens, emit);
                    i += n;
                    merged = true;
                    break;
                }
            }
        }
        if !merged {
            emit(toks[i], false);
            i += 1;
        }
    }
}

/// Single-character prefixes and suffixes (spaCy's shared punctuation list).
const AFFIX_PUNCT: &str =
    "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪'\"”“`‘´’‚„»«「」『』（）〔〕【】《》〈〉⟦⟧";
/// Prefix-only characters.
const PREFIX_ONLY: &str = "§%=—–$£€¥฿₽﷼";

fn is_affix_punct(c: char) -> bool {
    match c {
        ',' | ':' | ';' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '_' | '#'
        | '*' | '&' | '\'' | '"' | '`' => true,
        c if c.is_ascii() => false,
        c => AFFIX_PUNCT.contains(c),
    }
}

fn is_symbol(c: char) -> bool {
    !c.is_ascii() && get_general_category(c) == Gc::OtherSymbol
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '฿' | '₽' | '﷼') || ('\u{20a0}'..='\u{20bf}').contains(&c)
}

fn dot_run(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b'.').count()
}

fn prefix_len(s: &str) -> Option<usize> {
    let d = dot_run(s);
    if d >= 2 {
        return Some(d);
    }
    for p in ["US$", "C$", "A$"] {
        if s.starts_with(p) {
            return Some(p.len());
        }
    }
    let mut it = s.chars();
    let c = it.next()?;
    if c.is_ascii_alphanumeric() {
        return None;
    }
    if c == '+' {
        return match it.next() {
            Some(d) if d.is_ascii_digit() => None,
            _ => Some(1),
        };
    }
    if is_affix_punct(c) || PREFIX_ONLY.contains(c) || is_currency(c) || is_symbol(c) {
        return Some(c.len_utf8());
    }
    None
}

const UNITS: &[&str] = &[
    "km", "km²", "km³", "m", "m²", "m³", "dm", "dm²", "dm³", "cm", "cm²", "cm³", "mm", "mm²",
    "mm³", "ha", "µm", "nm", "yd", "in", "ft", "kg", "g", "mg", "µg", "t", "lb", "oz", "m/s",
    "km/h", "kmh", "mph", "hPa", "Pa", "mbar", "mb", "MB", "kb", "KB", "gb", "GB", "tb", "TB", "T",
    "G", "M", "K", "%", "км", "м", "см", "мм", "кг", "г", "мг",
];

fn suffix_len(s: &str) -> Option<usize> {
    let mut rev = s.chars().rev();
    let last = rev.next()?;
    let prev = rev.next();
    let prev2 = rev.next();
    // runs of dots
    let trailing_dots = s.bytes().rev().take_while(|&b| b == b'.').count();
    if trailing_dots >= 2 {
        return Some(trailing_dots);
    }
    if matches!(last, 's' | 'S') {
        match prev {
            Some('\'') => return Some(2),
            Some('’') => return Some(1 + '’'.len_utf8()),
            _ => {}
        }
    }
    if last == '…' && prev == Some('…') {
        return Some("……".len());
    }
    if is_affix_punct(last) || last == '—' || last == '–' || is_symbol(last) {
        return Some(last.len_utf8());
    }
    if last == '+' && prev.is_some_and(|p| p.is_ascii_digit()) {
        return Some(1);
    }
    if is_currency(last) && prev.is_some_and(|p| p.is_ascii_digit()) {
        return Some(last.len_utf8());
    }
    // a unit right after a digit ("10km", "5%"): the tail after the last
    // ASCII digit, since units contain none
    if let Some(d) = s.bytes().rposition(|b| b.is_ascii_digit()) {
        let tail = &s[d + 1..];
        if !tail.is_empty() && tail.len() <= 8 && UNITS.contains(&tail) {
            return Some(tail.len());
        }
    }
    if last == '.' {
        // spaCy: after a digit, lower-case or uncased letter, % ² - +,
        // punctuation or a quote; or after two upper-case letters
        let p = prev?;
        if p.is_ascii_digit()
            || is_lower_or_uncased(p)
            || matches!(p, '%' | '²' | '-' | '+')
            || is_affix_punct(p)
            || (p.is_uppercase() && prev2.is_some_and(char::is_uppercase))
            || (matches!(p, 'F' | 'f' | 'C' | 'c' | 'K' | 'k') && prev2 == Some('°'))
        {
            return Some(1);
        }
    }
    None
}

/// spaCy's CONCAT_QUOTES (which includes the comma and CJK brackets).
fn is_quote(c: char) -> bool {
    "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧".contains(c)
}

fn is_lower_or_uncased(c: char) -> bool {
    c.is_lowercase() || (c.is_alphabetic() && !c.is_uppercase())
}
fn is_upper_or_uncased(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

fn split_infixes<'a>(s: &'a str, emit: &mut dyn FnMut(&'a str, bool)) {
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        emit(s, false);
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut start = 0usize; // byte offset of the pending piece
    let mut k = 0usize;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|x| x.1);
        // length in chars of an infix starting here, if any
        let mut len = 0usize;
        if c == '.' {
            let run = chars[k..].iter().take_while(|x| x.1 == '.').count();
            if run >= 2 {
                len = run;
            } else if prev.is_some_and(|p| is_lower_or_uncased(p) || is_quote(p))
                && next.is_some_and(|n| is_upper_or_uncased(n) || is_quote(n))
            {
                len = 1;
            }
        } else if c == '…'
            || is_symbol(c)
            || (matches!(c, '+' | '-' | '*' | '^')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit() || n == '-'))
            || (c == ','
                && prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic))
        {
            len = 1;
        } else if matches!(c, '-' | '–' | '—' | '~')
            && prev.is_some_and(|p| p.is_alphabetic() || p.is_ascii_digit())
        {
            // longest of - -- --- – — —— ~ followed by a letter
            let mut run = 1;
            if c == '-' || c == '—' {
                while run < 3 && chars.get(k + run).is_some_and(|x| x.1 == c) {
                    run += 1;
                }
                if c == '—' && run > 2 {
                    run = 2;
                }
            }
            while run > 0 {
                if chars.get(k + run).is_some_and(|x| x.1.is_alphabetic()) {
                    break;
                }
                run -= 1;
            }
            len = run;
        } else if matches!(c, ':' | '<' | '>' | '=' | '/')
            && prev.is_some_and(|p| p.is_alphabetic() || p.is_ascii_digit())
            && next.is_some_and(char::is_alphabetic)
        {
            len = 1;
        }
        if len > 0 {
            if start < i {
                emit(&s[start..i], false);
            }
            let end = chars.get(k + len).map_or(s.len(), |x| x.0);
            emit(&s[i..end], false);
            start = end;
            k += len;
        } else {
            k += 1;
        }
    }
    if start < s.len() {
        emit(&s[start..], false);
    }
}

/// spaCy's English tokenizer exceptions: text → byte lengths of its tokens.
static SPECIALS: LazyLock<ahash::AHashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let raw: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../data/spacy_en_exceptions.json")).unwrap_or_default();
    raw.into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .filter_map(|(k, v)| {
            let lens: Vec<usize> = v
                .as_array()?
                .iter()
                .filter_map(|x| x.as_u64().map(|n| n as usize))
                .collect();
            (lens.iter().sum::<usize>() == k.len()).then_some((k, lens))
        })
        .collect()
});

/// The exception for `s`, if any (its token lengths).
fn special(s: &str) -> Option<&'static [usize]> {
    if s.len() > 24 {
        return None;
    }
    SPECIALS.get(s).map(Vec::as_slice)
}

static URL_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?(?:(?:[A-Za-z0-9\x{a1}-\x{ffff}][A-Za-z0-9\x{a1}-\x{ffff}_-]{0,62})?[A-Za-z0-9\x{a1}-\x{ffff}]\.)+(?:\p{Ll}{2,63}|xn--[a-z0-9]+)\.?(?::\d{2,5})?(?:[/?#]\S*)?$",
    )
    .ok()
});

/// spaCy's `url_match` (approximately): scheme optional, a dotted host
/// with a lower-case top-level label, optional port and path.
fn is_url(s: &str) -> bool {
    if s.len() < 4 || !s.contains('.') {
        return false;
    }
    URL_RE.as_ref().is_some_and(|re| re.is_match(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> Vec<&str> {
        words(s, WordSplitter::Datatrove, false)
    }

    #[test]
    fn spacy_like_tokens() {
        assert_eq!(
            dt("Hello... world. U.S. don't it's well-known 3.14 $5.00 (see http://example.com/a?b=1) foo@bar.com #tag e.g. 10km"),
            vec![
                "Hello", "...", "world", ".", "U.S.", "do", "n't", "it", "'s", "well", "-", "known", "3.14", "$", "5.00",
                "(", "see", "http://example.com/a?b=1", ")", "foo@bar.com", "#", "tag", "e.g.", "10", "km"
            ]
        );
        assert_eq!(
            dt("a  b\tc\n\nd — e–f \"quoted\" x/y 1,000 Mr. Smith's 2024-01-05 5pm AB. A. No. x)."),
            vec![
                "a", "b", "c", "d", "—", "e", "–", "f", "\"", "quoted", "\"", "x", "/", "y",
                "1,000", "Mr.", "Smith", "'s", "2024", "-", "01", "-", "05", "5", "pm", "AB", ".",
                "A.", "No", ".", "x", ")", "."
            ]
        );
        assert_eq!(
            dt("offices.（Please Java,.NET ½-acre"),
            vec!["offices", ".", "（Please", "Java,", ".", "NET", "½-acre"]
        );
        assert_eq!(
            dt("(n.d.). and/or :) Wed wont"),
            vec!["(", "n.d", ".", ")", ".", "and/or", ":)", "We", "d", "wo", "nt"]
        );
        assert_eq!(dt("Wed., Mr.Smith"), vec!["We", "d.", ",", "Mr.", "Smith"]);
        assert_eq!(
            dt("hello.World ok:yes ©2024 a--b 10-a"),
            vec![
                "hello", ".", "World", "ok", ":", "yes", "©", "2024", "a", "--", "b", "10", "-",
                "a"
            ]
        );
    }

    #[test]
    fn cjk_and_uax29() {
        assert_eq!(
            words("我们是学生。", WordSplitter::Datatrove, true),
            vec!["我", "们", "是", "学", "生", "。"]
        );
        assert_eq!(
            words("don't stop...", WordSplitter::Uax29, false),
            vec!["don't", "stop", ".", ".", "."]
        );
    }

    #[test]
    fn sentences() {
        assert_eq!(count_sentences("One. Two! Three?"), 3);
        assert_eq!(count_sentences("He said. \"Yes\" and left."), 2);
        assert_eq!(count_sentences("Wait... what"), 1);
        assert_eq!(count_sentences("U.S. troops"), 1);
        assert_eq!(count_sentences("Hi.  ."), 2);
        assert_eq!(count_sentences(""), 1);
    }
}
