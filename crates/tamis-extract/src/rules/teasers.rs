//! Rule `teasers`: lists of alike items each led by a link with a little
//! text (headline teasers, "related" and "most read" cards, product tiles)
//! are other pages' advertisements, unless they are the page's content:
//! on a listing page (a category, search results, a blog index) the items
//! are what the page is.
//!
//! Example: an article followed by `<ul>` of five `<li><a>Headline</a>
//! <p>One line.</p></li>`: the list goes. The same list filling a category
//! page with no prose outside it: the page is a listing and it stays.

use crate::content::Analysis;
use crate::dom::{flag, Dom, Tag, NONE};
use crate::rules::overlay::is_overlay;

/// Text of the outermost card lists removed, outside navigation and hidden
/// parts.
pub(crate) fn removed_card_chars(dom: &Dom, before: &Analysis) -> f64 {
    let mut sum = 0f64;
    for (i, node) in dom.nodes.iter().enumerate().skip(1) {
        if node.tag == Tag::Text
            || node.flags & (flag::CARDS | flag::REMOVED) != flag::CARDS | flag::REMOVED
        {
            continue;
        }
        if node.flags & (flag::BOILER_TAG | flag::REGION | flag::HIDDEN | flag::DROP) != 0 {
            continue;
        }
        if dom
            .nodes
            .get(node.parent as usize)
            .is_some_and(|p| p.flags & flag::REMOVED != 0)
        {
            continue;
        }
        sum += f64::from(before.chars[i]);
    }
    sum
}

/// Inside a listing's card list, a class word that is not a region
/// (`caption` in Bootstrap's thumbnails, `promo` badges, `tag` labels) is
/// the items' style: every item carries it, and the items are the content.
pub(crate) fn item_style(listing_page: bool, parent_in_cards: bool, f: u16) -> bool {
    listing_page
        && parent_in_cards
        && f & (flag::REGION | flag::BOILER_TAG | flag::HIDDEN | flag::COMMENTS) == 0
}

/// Link share of a card list's text below which its cards are described
/// features, not link lists (on pages that are not articles).
pub(crate) const DESCRIBED_CARDS_LINK_SHARE: f64 = 0.4;

/// True when the page's text is mostly card lists (teasers, product tiles,
/// search results) outside navigation, and the prose outside them is a small
/// fraction of theirs: a listing, whose items are its content. An article
/// with a "related" grid keeps most of its prose outside the grid.
pub(crate) fn is_listing_page(dom: &Dom, an: &Analysis) -> bool {
    let n = dom.nodes.len();
    // Outermost card containers and boilerplate landmarks (parents come first).
    let mut inside = vec![false; n];
    let (mut cards_good, mut cards_chars, mut cards_link, mut boiler_good) =
        (0f64, 0f64, 0f64, 0f64);
    let mut items = 0u32;
    for i in 1..n {
        let node = dom.nodes[i];
        if node.tag == Tag::Text || node.flags & flag::DROP != 0 {
            continue;
        }
        // One `<article>` with real prose: an article page with teaser lists around it.
        if node.tag == Tag::Article && an.good[i] >= 400.0 && node.flags & flag::CARDS == 0 {
            return false;
        }
        let parent_inside = inside.get(node.parent as usize).copied().unwrap_or(false);
        if parent_inside {
            inside[i] = true;
        } else if node.flags & flag::BOILER_TAG != 0 || is_overlay(&node) {
            inside[i] = true;
            boiler_good += f64::from(an.good[i]);
        } else if node.flags & flag::CARDS != 0 {
            inside[i] = true;
            cards_good += f64::from(an.good[i]);
            cards_chars += f64::from(an.chars[i]);
            cards_link += f64::from(an.link[i]);
            let mut c = node.first_child;
            let mut kids = 0;
            while c != NONE && kids < 4096 {
                kids += 1;
                items += u32::from(an.chars.get(c as usize).is_some_and(|&x| x > 0));
                c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
            }
        }
    }
    let total_good = f64::from(an.good.first().copied().unwrap_or(0.0));
    let outside = (total_good - cards_good - boiler_good).max(0.0);
    // Items that are nothing but short links (category menus, tag lists)
    // are navigation; long linked items (a product's name, maker and price
    // in one link) are a listing's.
    let described = cards_link < LISTING_MAX_LINK_SHARE * cards_chars
        || cards_chars >= LISTING_LINKED_ITEM_CHARS * f64::from(items.max(1));
    described
        && cards_chars >= LISTING_MIN_CARD_CHARS
        && outside < LISTING_OUTSIDE_SHARE * cards_chars.max(cards_good)
}

/// Prose outside the cards, as a share of the cards' text, below which a
/// page is a listing.
pub(crate) const LISTING_OUTSIDE_SHARE: f64 = 0.5;
/// Link share of the cards' text above which they are a menu, not a listing.
pub(crate) const LISTING_MAX_LINK_SHARE: f64 = 0.98;
/// Mean item length from which wholly linked items are listing entries,
/// not menu entries.
pub(crate) const LISTING_LINKED_ITEM_CHARS: f64 = 80.0;
/// Card text below which a page is not judged a listing (a few teasers).
pub(crate) const LISTING_MIN_CARD_CHARS: f64 = 500.0;

/// Flags elements whose children are mostly alike items, each led by a
/// link with a little text: teaser grids, "latest"/"related" headline lists,
/// product tiles. Forum posts and paragraphs are alike too, but carry few
/// links; they are not flagged.
pub(crate) fn mark_cards(dom: &mut Dom, an: &Analysis) {
    let n = dom.nodes.len();
    // Per signature: items, chars, link chars, items with a link.
    #[derive(Clone, Copy)]
    struct G {
        key: u32,
        count: u32,
        chars: u64,
        link: u64,
        linked: u32,
    }
    let mut groups: Vec<G> = Vec::new();
    for i in 0..n {
        let node = dom.nodes[i];
        if node.tag == Tag::Text || node.first_child == NONE || an.chars[i] < 100 {
            continue;
        }
        groups.clear();
        let mut c = node.first_child;
        let mut kids = 0;
        while c != NONE && kids < 4096 {
            let k = dom.nodes[c as usize];
            kids += 1;
            if k.tag != Tag::Text && an.chars[c as usize] > 0 {
                let (ch, li) = (
                    u64::from(an.chars[c as usize]),
                    u64::from(an.link[c as usize]),
                );
                // Sibling `<article>`s are alike whatever their classes say
                // (section, format, featured modifiers).
                let key = if k.tag == Tag::Article {
                    Tag::Article as u32
                } else {
                    k.block
                };
                match groups.iter_mut().find(|g| g.key == key) {
                    Some(g) => {
                        g.count += 1;
                        g.chars += ch;
                        g.link += li;
                        g.linked += u32::from(li > 0);
                    }
                    None => groups.push(G {
                        key,
                        count: 1,
                        chars: ch,
                        link: li,
                        linked: u32::from(li > 0),
                    }),
                }
            }
            c = k.next_sibling;
        }
        let Some(g) = groups.iter().max_by_key(|g| g.chars).copied() else {
            continue;
        };
        let (count, chars, link) = (g.count, g.chars as f64, g.link as f64);
        if count >= 3
            && chars >= 0.6 * f64::from(an.chars[i])
            && link >= 0.15 * chars
            && g.linked * 5 >= count * 4
            && chars / f64::from(count) < 600.0
        {
            dom.nodes[i].flags |= flag::CARDS;
            // Items whose first words are a link (a headline): teasers.
            let mut led = 0;
            let mut c = node.first_child;
            let mut kids = 0;
            while c != NONE && kids < 4096 {
                let k = dom.nodes[c as usize];
                kids += 1;
                let key = if k.tag == Tag::Article {
                    Tag::Article as u32
                } else {
                    k.block
                };
                if k.tag != Tag::Text
                    && key == g.key
                    && an.link[c as usize] > 0
                    && led_by_link(dom, c)
                {
                    led += 1;
                }
                c = k.next_sibling;
            }
            if led * 5 >= count * 4 {
                dom.nodes[i].flags |= flag::TEASERS;
            }
        }
    }
}

/// Longest text before a teaser's headline link that reads as its section
/// label (one or two words), not as a feature box's heading or prose.
pub(crate) const TEASER_LABEL_MAX_CHARS: usize = 20;

/// The first words of `id`'s subtree are a link: a teaser's headline (or
/// a forum post's author), not a feature box ending in "Learn more".
pub(crate) fn led_by_link(dom: &Dom, id: u32) -> bool {
    let mut c = id;
    let mut label_seen = false;
    for _ in 0..256 {
        let Some(node) = dom.nodes.get(c as usize) else {
            return false;
        };
        if node.tag == Tag::Text {
            let t = dom
                .text
                .get(node.start as usize..node.end as usize)
                .unwrap_or("");
            let t = t.trim();
            if !t.is_empty() {
                if node.flags & flag::IN_LINK != 0 {
                    return true;
                }
                // A news teaser's section label ("Front Page", "Politics")
                // often sits above its headline link. Not a date: dated
                // entries are a blog index's own items.
                if label_seen
                    || t.chars().count() > TEASER_LABEL_MAX_CHARS
                    || t.bytes().any(|b| b.is_ascii_digit())
                {
                    return false;
                }
                label_seen = true;
            }
        }
        // Next in document order: first child, else the next sibling of the
        // nearest ancestor (within `id`) that has one.
        if node.first_child != NONE && node.flags & flag::DROP == 0 {
            c = node.first_child;
            continue;
        }
        let mut up = c;
        loop {
            if up == id {
                return false;
            }
            let Some(u) = dom.nodes.get(up as usize) else {
                return false;
            };
            if u.next_sibling != NONE {
                c = u.next_sibling;
                break;
            }
            up = u.parent;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn led_by_link_finds_the_first_words() {
        let d = crate::dom::build(
            "<div><a href=/x><img src=a.jpg></a><h3><a href=/y>Headline</a></h3><p>text</p></div><div><h3>Feature</h3><p>Body <a href=/z>Learn more</a></p></div>",
            crate::dom::Limits { max_depth: 64, max_nodes: 1000 },
        );
        let divs: Vec<u32> = (0..d.nodes.len() as u32)
            .filter(|&i| d.nodes[i as usize].tag == crate::dom::Tag::Div)
            .collect();
        assert!(led_by_link(&d, divs[0]));
        assert!(!led_by_link(&d, divs[1]));
    }
}
