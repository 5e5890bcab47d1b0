//! Lists of links inside the text.
//!
//! A list whose items are each led by a link is usually a teaser list
//! (related articles, "most read"), which the extractor removes. On
//! documentation and service pages, and in articles, the same shape is
//! part of the text: "Generics - types which take parameters", a
//! quickstart's next steps, a table of API pages with a sentence each, a
//! hiking article's gear list. Those lists sit between
//! paragraphs and describe their links; teaser lists come after the text
//! (or before it) and are mostly their headlines.

use crate::content::Analysis;
use crate::dom::{Dom, NONE};

/// Share of a list's text in links below which its items are described,
/// not just named.
const DESCRIBED_MAX_LINK_SHARE: f32 = 0.5;
/// Prose (score) needed on each side of the list within its parent.
const PROSE_AROUND: f32 = 80.0;

/// `id` (a list of link-led items) describes its links and has prose
/// before and after it among its siblings.
pub(crate) fn described_links_in_prose(dom: &Dom, an: &Analysis, id: usize) -> bool {
    let (Some(&chars), Some(&link)) = (an.chars.get(id), an.link.get(id)) else {
        return false;
    };
    if link as f32 >= DESCRIBED_MAX_LINK_SHARE * chars as f32 {
        return false;
    }
    let Some(parent) = dom
        .nodes
        .get(id)
        .and_then(|n| dom.nodes.get(n.parent as usize))
    else {
        return false;
    };
    let (mut before, mut after, mut seen) = (0f32, 0f32, false);
    let mut c = parent.first_child;
    let mut kids = 0;
    while c != NONE && kids < 4096 {
        kids += 1;
        if c as usize == id {
            seen = true;
        } else if seen {
            after += an.good.get(c as usize).copied().unwrap_or(0.0);
        } else {
            before += an.good.get(c as usize).copied().unwrap_or(0.0);
        }
        c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
    }
    before >= PROSE_AROUND && after >= PROSE_AROUND
}
