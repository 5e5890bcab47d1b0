//! The group veto: alike flagged elements (same tag and class) that
//! together hold most of the page are the content's items, not furniture,
//! even though each is small: a widget class on every item of the content
//! (`cta` tiles, `sticky-action` cards) does not make the content furniture.
//!
//! Example: twelve `<div class="promo-tile">` of 300 characters each, the
//! whole text of a landing page: no `boilerplate_class` removal.

use crate::content::Analysis;
use crate::dom::{flag, Dom, Tag};

/// Outermost elements of one signature (tag and class) flagged as
/// boilerplate, hidden or card lists.
#[derive(Default, Clone, Copy)]
pub(crate) struct Group {
    pub count: u32,
    pub good: f64,
    pub chars: f64,
    pub link: f64,
}

/// Mean size above which alike flagged elements are not items of a list
/// (policy modals, mega menus hold pages of text each).
pub(crate) const GROUP_MAX_ITEM_CHARS: f64 = 1500.0;

/// Flags whose elements are counted in [`Group`]s.
pub(crate) const GROUP_WATCH: u16 =
    flag::BOILER_CLASS | flag::HIDDEN | flag::WEAK_BOILER | flag::CARDS;

/// [`Group`] per signature, sorted by signature.
pub(crate) fn flagged_groups(dom: &Dom, an: &Analysis) -> Vec<(u32, Group)> {
    let mut items: Vec<(u32, Group)> = Vec::new();
    for (i, node) in dom.nodes.iter().enumerate().skip(1) {
        if node.tag == Tag::Text
            || node.flags & GROUP_WATCH == 0
            || node.flags & flag::DROP != 0
            || an.chars[i] == 0
        {
            continue;
        }
        if dom
            .nodes
            .get(node.parent as usize)
            .is_some_and(|p| p.block == node.block && p.tag != Tag::Text)
        {
            continue;
        }
        let g = Group {
            count: 1,
            good: f64::from(an.good[i]),
            chars: f64::from(an.chars[i]),
            link: f64::from(an.link[i]),
        };
        items.push((node.block, g));
    }
    items.sort_unstable_by_key(|x| x.0);
    let mut groups: Vec<(u32, Group)> = Vec::with_capacity(items.len());
    for (k, g) in items {
        match groups.last_mut() {
            Some((lk, lg)) if *lk == k => {
                lg.count += 1;
                lg.good += g.good;
                lg.chars += g.chars;
                lg.link += g.link;
            }
            _ => groups.push((k, g)),
        }
    }
    groups
}
