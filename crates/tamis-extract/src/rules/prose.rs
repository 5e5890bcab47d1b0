//! **Prose is never furniture.** Phrase vocabularies ("subscribe",
//! "sponsored", "cookie", "recommended") find calls to action and interface
//! lines, which are short and unpunctuated: "Subscribe to our newsletter",
//! "Sponsored", "Read more". The same words occur in sentences ("The
//! recommended dose is 5 mg.", "Add the cookie dough slowly.", "This event
//! was sponsored by the council."), so a block that reads as a sentence is
//! not removed by a vocabulary, in any language. Likewise a long, link-free
//! section flagged only by a class word (`cta`, `promo`, `menu`) is prose on
//! a page that is not an article ([`landing_prose`]).
//!
//! A block reads as a sentence when it ends with sentence-final punctuation
//! and has at least [`MIN_WORDS`] words, or [`MIN_UNSPACED_CHARS`]
//! characters in scripts written without spaces (Chinese, Japanese, Thai).

/// Words of a sentence (shorter lines ending in a period are labels:
/// "All rights reserved.").
pub(crate) const MIN_WORDS: usize = 4;
/// Characters of a sentence in scripts written without spaces.
pub(crate) const MIN_UNSPACED_CHARS: usize = 8;

/// Whether `text` (one block's text) reads as a sentence.
pub(crate) fn reads_as_prose(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | '」' | '』' | '）')
    });
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    if !matches!(
        last,
        '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '۔' | '।' | '॥' | '…' | '．'
    ) {
        return false;
    }
    // "..." after a cut teaser is not the end of a sentence.
    if t.ends_with("...") || t.ends_with('…') {
        return false;
    }
    let words = t.split_whitespace().count();
    let unspaced = t.chars().filter(|&c| unspaced(c)).count();
    words >= MIN_WORDS || unspaced >= MIN_UNSPACED_CHARS
}

/// Scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// A section of prose flagged only by a class word (`cta`, `promo`,
/// `menu`): calls to action, promotions and menus are a line, a button or
/// links, not a thousand characters of paragraphs without links.
pub(crate) fn landing_prose(before: &crate::content::Analysis, i: usize, f: u16) -> bool {
    let chars = f64::from(before.chars[i]);
    let good = f64::from(before.good[i]);
    f & (crate::dom::flag::BOILER_TAG
        | crate::dom::flag::HIDDEN
        | crate::dom::flag::COMMENTS
        | crate::dom::flag::OVERLAY
        | crate::dom::flag::CARDS)
        == 0
        && good >= LANDING_PROSE_MIN_GOOD
        && good >= LANDING_PROSE_GOOD_SHARE * chars
        && f64::from(before.link[i]) <= LANDING_PROSE_LINK_SHARE * chars
}
/// Well-formed text from which a class-flagged section is prose.
pub(crate) const LANDING_PROSE_MIN_GOOD: f64 = 1000.0;
/// Share of a section's text that must be well-formed prose.
pub(crate) const LANDING_PROSE_GOOD_SHARE: f64 = 0.85;
/// Most link text in a prose section (a "related" box of teasers has more).
pub(crate) const LANDING_PROSE_LINK_SHARE: f64 = 0.05;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_in_several_languages_read_as_prose() {
        for s in [
            "The recommended dose is 5 mg.",
            "Add the cookie dough slowly.",
            "This event was sponsored by the council.",
            "Cet événement est parrainé par la mairie.",
            "Diese Veranstaltung wurde von der Stadt gesponsert.",
            "¿Dónde se compran las entradas?",
            "本次活动由市政府赞助。",
            "هذه الفعالية برعاية البلدية الجديدة؟",
        ] {
            assert!(reads_as_prose(s), "{s}");
        }
    }

    #[test]
    fn labels_and_calls_to_action_do_not() {
        for s in [
            "Subscribe to our newsletter",
            "Sponsored",
            "Read more",
            "All rights reserved.",
            "Read more...",
            "The best cookie recipes you will ever…",
            "Sign up!",
            "",
        ] {
            assert!(!reads_as_prose(s), "{s}");
        }
    }
}
