//! Rule `byline`: a byline block (author, date, meta) of under 200
//! characters is metadata, not text; a `meta` block holding a heading
//! outside articles is a card, not a byline.
//!
//! Example: `<div class="byline">By Ana Ruiz · 3 May 2024</div>` above an
//! article goes (the author and date are metadata).

use crate::content::subtree_end;
use crate::dom::Dom;

/// A heading inside: a section or a card (`meta-block` on a landing page's
/// feature card), not a byline's small print. Looks at the first nodes
/// only (bylines are small).
pub(crate) fn holds_heading(dom: &Dom, i: usize) -> bool {
    let end = subtree_end(dom, i as u32).min(i + 1 + HEADING_SCAN_NODES);
    dom.nodes
        .get(i + 1..end)
        .is_some_and(|sub| sub.iter().any(|n| n.tag.heading_level() > 0))
}

/// Nodes of a subtree looked at by [`holds_heading`].
pub(crate) const HEADING_SCAN_NODES: usize = 64;
