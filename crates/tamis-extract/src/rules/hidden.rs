//! Rule `hidden`: text hidden from readers (`hidden`, `display:none`,
//! screen-reader-only) is not content, except the panels a page opens on a
//! click (tabs, accordions, "read more"), which hold product descriptions
//! and FAQ answers.
//!
//! Example: `<div role="tabpanel" hidden>` holding a product's
//! specifications stays; a `display:none` menu copy goes.

use crate::dom::{flag, Dom, NONE};

/// An alike sibling (same tag and class) is shown: this is a tab or
/// accordion panel, hidden by style until clicked. A lone hidden block, or
/// a set of hidden ones, is a modal, a data dump or a template.
pub(crate) fn panel_of_a_set(dom: &Dom, i: usize) -> bool {
    let Some(node) = dom.nodes.get(i) else {
        return false;
    };
    let mut c = dom
        .nodes
        .get(node.parent as usize)
        .map_or(NONE, |p| p.first_child);
    let mut seen = 0;
    while c != NONE && seen < 4096 {
        seen += 1;
        let Some(k) = dom.nodes.get(c as usize) else {
            break;
        };
        if c as usize != i
            && k.tag == node.tag
            && k.block == node.block
            && k.flags & flag::HIDDEN == 0
        {
            return true;
        }
        c = k.next_sibling;
    }
    false
}

/// Per node: a hidden panel that the page opens on a click (`role=tabpanel`,
/// or the target of an `aria-controls` button: tabs, accordions, "read
/// more"). A shop's description and specs tabs, a FAQ's answers: content,
/// unlike machine-only copies hidden for good. Empty when there are none.
pub(crate) fn disclosure_panels(dom: &Dom) -> Vec<bool> {
    let m = &dom.meta;
    if m.tab_panels.is_empty() && m.controlled_ids.is_empty() {
        return Vec::new();
    }
    let mut out = vec![false; dom.nodes.len()];
    for &p in &m.tab_panels {
        if let Some(x) = out.get_mut(p as usize) {
            *x = true;
        }
    }
    for &(h, p) in &m.hidden_ids {
        if m.controlled_ids.contains(&h) {
            if let Some(x) = out.get_mut(p as usize) {
                *x = true;
            }
        }
    }
    // A panel shown by its control may sit in a hidden collapse wrapper.
    for &p in &m.controlled_nodes {
        let mut c = p;
        for _ in 0..=PANEL_WRAPPER_DEPTH {
            let Some(node) = dom.nodes.get(c as usize) else {
                break;
            };
            if node.flags & flag::HIDDEN != 0 || c == p {
                if let Some(x) = out.get_mut(c as usize) {
                    *x = true;
                }
            }
            c = node.parent;
        }
    }
    out
}

/// Wrappers around a controlled panel (collapse animations) that may hide it.
pub(crate) const PANEL_WRAPPER_DEPTH: usize = 3;
