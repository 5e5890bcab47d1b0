//! Rule `overlay`: consent boxes and dialogs shown over the page are never
//! its content however long they are (a cookie policy can outweigh a recipe
//! grid), and the page's text shares are measured without them.
//!
//! Example: `<div class="cookie-consent">` with 4,000 characters of policy
//! over a page of 1,500 characters of recipe cards: the box goes and the
//! cards are the page.

use crate::content::subtree_end;
use crate::content::Analysis;
use crate::dom::{flag, Dom, Tag};

/// An overlay: a consent box or a dialog, unless a content word says it
/// is the article (`box article modal-enabled`).
pub(crate) fn is_overlay(node: &crate::dom::Node) -> bool {
    !matches!(node.tag, Tag::Text | Tag::Html | Tag::Body)
        && node.flags & (flag::OVERLAY | flag::POSITIVE) == flag::OVERLAY
}

/// Prose and text held by the outermost visible overlays (consent boxes
/// shown over the page; a hidden dialog opens on a click and may be a
/// product's details).
pub(crate) fn overlay_mass(dom: &Dom, an: &Analysis) -> (f64, f64) {
    let n = dom.nodes.len();
    let (mut good, mut chars) = (0f64, 0f64);
    let mut i = 1;
    while i < n {
        let node = dom.nodes[i];
        if is_overlay(&node) && node.flags & (flag::DROP | flag::HIDDEN) == 0 {
            good += f64::from(an.good[i]);
            chars += f64::from(an.chars[i]);
            // Children follow their parent: skip to the end of the subtree.
            i = subtree_end(dom, i as u32).max(i + 1);
        } else {
            i += 1;
        }
    }
    (good, chars)
}
