//! Python string semantics the reference filters depend on.
//!
//! datatrove's filters are Python: `len` counts code points, `str.strip`,
//! `str.split()` and `str.splitlines()` use Python's own whitespace and line
//! break sets, and `isalpha` means "general category L*". Reproducing these
//! exactly is what makes keep/drop decisions agree at the thresholds.

pub use tamis_core::{py_isspace, py_splitlines, py_strip};
use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// datatrove's `PUNCTUATION` (printable part; the control characters are
/// handled in [`is_datatrove_punct`]).
const PUNCTUATION: &str =
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";

/// datatrove's `TERMINAL_PUNCTUATION` (FineWeb's `stop_chars` default).
pub(crate) const TERMINAL_PUNCTUATION: &str = "!.?։؝؞؟۔܀܁܂߹࠷࠹࠽࠾।॥၊။።፧፨᙮᜵᜶។៕៖៙៚᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᭽᭾᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼⹓⹔。꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡𐩖𐩗𐽕𐽖𐽗𐽘𐽙𐾆𐾇𐾈𐾉𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑥄𑥆𑩂𑩃𑪛𑪜𑱁𑱂𑻷𑻸\u{11f43}\u{11f44}𖩮𖩯𖫵𖬷𖬸𖭄𖺘𛲟𝪈";

/// Membership in datatrove's `PUNCTUATION_SET` (punctuation ∪ terminal
/// punctuation ∪ C0/C1 control characters except `\t` and `\n`).
pub(crate) fn is_datatrove_punct(c: char) -> bool {
    let u = c as u32;
    if u < 9 || (11..32).contains(&u) || (127..160).contains(&u) {
        return true;
    }
    if c.is_ascii_alphanumeric() {
        return false;
    }
    PUNCTUATION.contains(c) || TERMINAL_PUNCTUATION.contains(c)
}

/// Whether `c` ends a line for FineWeb's default `stop_chars`.
pub(crate) fn is_terminal_punct(c: char) -> bool {
    !c.is_ascii_alphanumeric() && TERMINAL_PUNCTUATION.contains(c)
}

/// Python's `str.isalpha` for one character (general category L*).
#[inline]
pub fn py_isalpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    )
}

/// Python's `len(s)`: the number of code points.
#[inline]
pub fn py_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Python's `str.split()` without arguments.
pub fn py_split_whitespace(s: &str) -> impl Iterator<Item = &str> {
    s.split(py_isspace).filter(|w| !w.is_empty())
}

/// Python's `s.count(sub)` (non-overlapping).
#[inline]
pub fn py_count(s: &str, sub: &str) -> usize {
    match sub.as_bytes() {
        [] => py_len(s) + 1,
        [b] => memchr::memchr_iter(*b, s.as_bytes()).count(),
        needle => {
            let (mut n, mut at) = (0, 0);
            let finder = memchr::memmem::Finder::new(needle);
            while let Some(i) = finder.find(&s.as_bytes()[at..]) {
                n += 1;
                at += i + needle.len();
            }
            n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_semantics() {
        assert_eq!(
            py_splitlines("a\nb\r\nc\rd\u{2028}e\n"),
            vec!["a", "b", "c", "d", "e"]
        );
        assert_eq!(py_splitlines(""), Vec::<&str>::new());
        assert_eq!(py_splitlines("\n\nx"), vec!["", "", "x"]);
        assert_eq!(py_strip("\u{1f} x \u{a0}"), "x");
        assert_eq!(py_len("été"), 3);
        assert!(py_isalpha('é') && !py_isalpha('1') && py_isalpha('中'));
        assert!(is_datatrove_punct('…') && is_datatrove_punct('１') && !is_datatrove_punct('a'));
        assert!(is_terminal_punct('。') && !is_terminal_punct(','));
        assert_eq!(
            py_split_whitespace(" a\u{1c}b  c ").collect::<Vec<_>>(),
            vec!["a", "b", "c"]
        );
        assert_eq!(py_count("a...b....", "..."), 2);
        assert_eq!(py_count("#a##", "#"), 3);
        assert_eq!(py_count("…x…", "…"), 2);
    }
}
