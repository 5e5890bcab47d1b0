//! Main-content selection and text rendering.
//!
//! 1. **Remove** what is never content (scripts, forms' widgets, hidden
//!    elements) and what is boilerplate by its semantics: `nav`, `aside`,
//!    `footer`, `header`, ARIA landmarks, and class/id vocabulary (menus,
//!    sidebars, share widgets, "related"/"most read" lists, newsletter and
//!    cookie boxes, comments). A semantic removal is vetoed when the element
//!    holds most of the page's text: sites do wrap everything in
//!    `<div class="has-sidebar">`.
//! 2. **Score** every element by the text it holds: each block's own text
//!    counts by its non-link length, discounted when short (labels, buttons,
//!    dates), and link text counts against it. The best element is the one
//!    that holds the most well-formed text with the least link text: the
//!    article body, the list of forum posts, the product description.
//! 3. **Render** it: blocks become lines, inline whitespace collapses, and
//!    link-dense blocks inside it (headline lists, tag clouds, "read more"
//!    lines) are pruned.
//!
//! Every pass is a loop over the node array or an explicit stack.

use crate::dom::{flag, Dom, Tag, NONE};
use crate::options::{ExtractOptions, Favor, TextFormat};
use crate::rules::byline::holds_heading;
use crate::rules::comments::comment_sections_good;
use crate::rules::groups::{flagged_groups, GROUP_MAX_ITEM_CHARS, GROUP_WATCH};
use crate::rules::hidden::{disclosure_panels, panel_of_a_set};
use crate::rules::overlay::{is_overlay, overlay_mass};
use crate::rules::prose::landing_prose;
use crate::rules::reviews::review_sections;
use crate::rules::teasers::{
    is_listing_page, item_style, mark_cards, removed_card_chars, DESCRIBED_CARDS_LINK_SHARE,
};
use crate::rules::Rule;

/// Per-node measurements (indexed like `dom.nodes`).
pub(crate) struct Analysis {
    /// Non-whitespace characters of kept text in the subtree.
    pub chars: Vec<u32>,
    /// Of which inside links.
    pub link: Vec<u32>,
    /// Paragraph-quality text mass.
    pub good: Vec<f32>,
    /// The page is a listing: its text is in alike linked items (cards),
    /// with little prose outside them. Then the cards are the content.
    pub listing_page: bool,
    /// The page declares itself a forum thread or Q&A page.
    pub thread: bool,
    /// Inline elements in running text (`rules::inline`): never removed on
    /// their own.
    pub running: Vec<bool>,
    /// What the page is, and the evidence (`kind.rs`).
    pub kind: crate::kind::PageKind,
    pub evidence: Vec<&'static str>,
}

/// Going down from the best element needs the child to hold this share of
/// its text, as well as most of its score.
const DESCEND_TEXT_SHARE: f32 = 0.75;

/// Knobs derived from [`Favor`].
struct Tuning {
    /// A semantic removal is vetoed above this share of the page's text.
    veto_share: f64,
    /// Blocks above this link density are pruned inside the main content.
    max_link_density: f64,
    /// Weight of link text against the score.
    link_penalty: f32,
    /// Pages whose prose (well-formed text) is below this share of their
    /// text are treated as listings.
    listing_prose: f64,
    /// Siblings of the main element with this share of its prose join it.
    sibling_share: f32,
    /// Go down from the best element to a child holding this share of its
    /// score (None: keep the best element as it is).
    descend_share: Option<f32>,
}

fn tuning(f: Favor) -> Tuning {
    match f {
        Favor::Precision => Tuning {
            veto_share: 0.7,
            max_link_density: 0.4,
            link_penalty: 1.5,
            listing_prose: 0.3,
            sibling_share: 0.5,
            descend_share: Some(0.8),
        },
        Favor::Balanced => Tuning {
            veto_share: 0.5,
            max_link_density: 0.5,
            link_penalty: 1.0,
            listing_prose: 0.5,
            sibling_share: 0.2,
            descend_share: Some(0.9),
        },
        Favor::Recall => Tuning {
            veto_share: 0.3,
            max_link_density: 0.8,
            link_penalty: 0.6,
            listing_prose: 0.5,
            sibling_share: 0.1,
            descend_share: None,
        },
    }
}

fn visible_chars(s: &str) -> u32 {
    s.bytes()
        .filter(|&b| !b.is_ascii_whitespace() && (b & 0xC0) != 0x80)
        .count() as u32
}

/// Measures every subtree, skipping nodes with any of `skip` flags.
/// Children always follow their parent in the array, so one reverse pass
/// sees every text node before its block and every block before its parent.
pub(crate) fn measure(dom: &Dom, skip: u16, card_prose: bool) -> Analysis {
    // Text in links, unless it is a clickable card's description read as prose.
    let link_mask = if card_prose {
        flag::IN_LINK | flag::CARD_PROSE
    } else {
        flag::IN_LINK
    };
    let n = dom.nodes.len();
    let mut own = vec![0u32; n];
    let mut own_link = vec![0u32; n];
    let mut chars = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut good = vec![0f32; n];
    for i in (1..n).rev() {
        let node = dom.nodes[i];
        if node.flags & skip != 0 {
            continue;
        }
        let p = node.parent as usize;
        if node.tag == Tag::Text {
            let c = dom
                .text
                .get(node.start as usize..node.end as usize)
                .map_or(0, visible_chars);
            let b = node.block as usize;
            if b < n {
                own[b] += c;
                if node.flags & link_mask == flag::IN_LINK {
                    own_link[b] += c;
                }
            }
            continue;
        }
        chars[i] += own[i];
        link[i] += own_link[i];
        let nonlink = own[i].saturating_sub(own_link[i]) as f32;
        good[i] += nonlink * (nonlink / 120.0).min(1.0);
        if p < n {
            chars[p] += chars[i];
            link[p] += link[i];
            good[p] += good[i];
        }
    }
    if n > 0 {
        chars[0] += own[0];
        link[0] += own_link[0];
    }
    Analysis {
        chars,
        link,
        good,
        listing_page: false,
        thread: false,
        running: Vec::new(),
        kind: crate::kind::PageKind::Other,
        evidence: Vec::new(),
    }
}

/// Marks removed nodes and measures the rest.
pub(crate) fn analyse(dom: &mut Dom, opts: &ExtractOptions) -> Analysis {
    let (an, removed_cards) = analyse_as(dom, opts, false);
    if an.listing_page || !relist(&an, removed_cards) {
        return an;
    }
    for node in dom.nodes.iter_mut() {
        node.flags &= !flag::REMOVED;
    }
    analyse_as(dom, opts, true).0
}

/// The card lists removed held clearly more text than all that was kept:
/// they were the page's listing (a recipe index whose category rows each
/// hold a small share of the page, a news front with one long lead story,
/// a shop category whose guide outweighs each grid but not all of them).
fn relist(an: &Analysis, removed_cards: f64) -> bool {
    removed_cards >= RELIST_CARDS_SHARE * f64::from(an.chars.first().copied().unwrap_or(0))
}

/// Removed card text, as a multiple of the text kept, from which a page is
/// analysed again as a listing (measured 1 to 2: below 1.25, pages whose
/// short prose is the content next to big teaser grids get relisted too).
const RELIST_CARDS_SHARE: f64 = 1.25;

/// [`analyse`], with the page taken for a listing when `listing` is set;
/// also returns the text of the card lists removed.
fn analyse_as(dom: &mut Dom, opts: &ExtractOptions, listing: bool) -> (Analysis, f64) {
    let n = dom.nodes.len();
    let t = tuning(opts.favor);
    let running = crate::rules::inline::in_running_text(dom);
    // Interface labels (short buttons, form labels) are never text, unless
    // they are words of a sentence.
    for k in 0..dom.meta.ui_labels.len() {
        let id = dom.meta.ui_labels[k] as usize;
        if !running.get(id).copied().unwrap_or(false) {
            if let Some(node) = dom.nodes.get_mut(id) {
                node.flags |= flag::DROP;
            }
        }
    }
    // Never-text subtrees first (inherited).
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        if dom.nodes.get(p).is_some_and(|p| p.flags & flag::DROP != 0) {
            dom.nodes[i].flags |= flag::DROP;
        }
    }
    // Before any semantic removal: where is the well-formed text?
    let hints = crate::kind::page_hints(dom);
    // On landing and listing pages, a clickable card's description is prose;
    // on an article, cards are teasers for other articles.
    let card_prose = !hints.declared;
    let before = measure(dom, flag::DROP, card_prose);
    mark_cards(dom, &before);
    // Consent boxes and dialogs are never content: the page's shares are
    // of what is left without them (a cookie policy can outweigh a recipe grid).
    let (overlay_good, overlay_chars) = overlay_mass(dom, &before);
    let total_good =
        (f64::from(before.good.first().copied().unwrap_or(0.0)) - overlay_good).max(1.0);
    let total_chars =
        (f64::from(before.chars.first().copied().unwrap_or(0)) - overlay_chars).max(1.0);
    // Set when a comment section is kept as the main content (forums):
    // the comments inside it are then content too.
    let mut comments_main = vec![false; n];
    // Inside a card list (its items' own `<header>`s are not the page's).
    let mut in_cards = vec![false; n];
    let (article_hint, forum_hint) = (hints.declared, hints.forum);
    let listing_page = !hints.article && !forum_hint && (listing || is_listing_page(dom, &before));
    let groups = flagged_groups(dom, &before);
    // Prose in all comment sections together (outermost ones): a thread's
    // posts are each a small share of the page, but together its content.
    let comments_good = comment_sections_good(dom, &before);
    let panels = disclosure_panels(dom);
    let reviews = if listing_page || hints.article || forum_hint {
        Vec::new()
    } else {
        review_sections(dom)
    };
    let mut left_an = None;
    // Text kept only by `landing_prose`, outermost elements: it must not
    // spare a page the lenient second look.
    let mut in_lp = vec![false; n];
    let mut lp_good = 0.0f64;
    // Second pass, when class names removed most of the page's prose:
    // prose-rich elements flagged only by an item-style class (`toc-para`,
    // `promo-text`) stay.
    for lenient in [false, true] {
        if lenient {
            for node in dom.nodes.iter_mut() {
                node.flags &= !flag::REMOVED;
            }
            comments_main.iter_mut().for_each(|c| *c = false);
        }
        for i in 1..n {
            let node = dom.nodes[i];
            let parent_removed = dom
                .nodes
                .get(node.parent as usize)
                .is_some_and(|p| p.flags & flag::REMOVED != 0);
            let in_main_comments = comments_main
                .get(node.parent as usize)
                .copied()
                .unwrap_or(false);
            let f = node.flags;
            let share = f64::from(before.good[i]) / total_good;
            let chars = before.chars[i];
            // The veto protects elements holding most of the page's prose
            // (`<div class="has-sidebar">` wrappers), never link farms.
            let link_dense = f64::from(before.link[i]) > 0.5 * f64::from(chars);
            // Alike flagged elements (same tag and class) that together hold
            // most of the page: a widget class on every item of the content
            // (`elementor-cta` tiles, `sticky-action` cards, `hide-read-more-ad`
            // rows), not page furniture.
            let group_main = f & GROUP_WATCH != 0
                && groups
                    .binary_search_by_key(&node.block, |g| g.0)
                    .ok()
                    .and_then(|k| groups.get(k))
                    .is_some_and(|(_, g)| {
                        g.count >= 3
                            && (g.good / total_good >= t.veto_share
                                || g.chars / total_chars >= t.veto_share)
                            && g.chars < GROUP_MAX_ITEM_CHARS * f64::from(g.count)
                            && g.link < 0.5 * g.chars
                    })
                && node.flags & (flag::BOILER_TAG | flag::HIDDEN | flag::REGION) == 0
                && !hints.article;
            // An overlay (cookie consent, modal) is never vetoed, unless a
            // content word says it is the article (`box article modal-enabled`).
            let overlay = is_overlay(&node);
            // A `<footer>`/`<nav>`/`<aside>` of links is never the content, even
            // on a page that shows nothing else (script-rendered shops).
            let link_landmark = link_dense && f & flag::BOILER_TAG != 0 && node.tag != Tag::Header;
            let small = (share < t.veto_share || overlay || link_landmark)
                && !matches!(node.tag, Tag::Body | Tag::Html)
                && !group_main;
            // A boilerplate word next to a content word ("article modal-enabled")
            // is only a weak hint.
            // Cards hold little prose; they are the content when they hold
            // most of the page's text (product grids, result lists).
            // Described links set in running prose (a documentation page's
            // "see also" list, an article's gear list or checklist) are part of
            // the text. Outside articles, so are the feature cards of a landing
            // page (a heading, a paragraph, a "Learn more" link), like its other
            // sections; cards led by a link (a headline) are teasers for other
            // pages.
            let in_text =
                f & flag::CARDS != 0 && crate::lists::described_links_in_prose(dom, &before, i);
            let described = !hints.declared
                && f & flag::TEASERS == 0
                && f64::from(before.link[i]) < DESCRIBED_CARDS_LINK_SHARE * f64::from(chars);
            let cards = f & flag::CARDS != 0
                && f64::from(chars) < t.veto_share * total_chars
                && !listing_page
                && !group_main
                && !in_text
                && !described;
            let parent_in_cards = in_cards.get(node.parent as usize).copied().unwrap_or(false);
            in_cards[i] = parent_in_cards || f & flag::CARDS != 0;
            // On a listing, an item's `<header>` holds its headline and summary,
            // and its class words are the items' style. On a thread, a post's
            // own `<header>` holds its author and date.
            let item_header = (node.tag == Tag::Header
                && ((listing_page && parent_in_cards)
                    || (forum_hint && crate::forum::inside_article(dom, i))))
                || item_style(listing_page, parent_in_cards, f);
            // A paragraph of prose without links is never a menu or a widget,
            // whatever its class says (`<p class="contextmenu Body">`).
            let prose_para = node.tag == Tag::P
                && before.link[i] == 0
                && before.good[i] >= PROSE_PARAGRAPH_GOOD
                && f & (flag::BOILER_TAG | flag::HIDDEN | flag::OVERLAY) == 0;
            let boiler =
                (f & (flag::BOILER_TAG | flag::BOILER_CLASS) != 0 && !item_header && !prose_para)
                    || cards;
            // On an article page, a card list is teasers whatever its class
            // says (`post-list`); elsewhere a content class may mean posts or tabs.
            let strong_boiler = overlay
                || (cards && f & flag::TEASERS != 0 && article_hint)
                || (boiler && (f & flag::POSITIVE == 0 || f & flag::BOILER_TAG != 0));
            // A comment section is the content of a forum thread, not of an
            // article that has its own prose outside it.
            let outside = total_good - f64::from(before.good[i]);
            let outside_all = (total_good - comments_good).max(0.0);
            let comments_are_main = f & flag::COMMENTS != 0
                && (((!small || f64::from(before.good[i]) >= t.veto_share * total_good)
                    && (forum_hint || (outside < 1500.0 && !(article_hint && outside >= 300.0))))
                    // All the comment sections together are most of the
                    // page, with little prose elsewhere: a thread.
                    || (!article_hint
                        && comments_good >= t.veto_share * total_good
                        && outside_all < 1500.0));
            let rescued = lenient
                && before.good[i] >= RESCUE_MIN_GOOD
                && f64::from(before.good[i]) >= 0.6 * f64::from(chars)
                && !link_dense
                && f & (flag::BOILER_TAG
                    | flag::REGION
                    | flag::HIDDEN
                    | flag::COMMENTS
                    | flag::CARDS)
                    == 0;
            // On a page that is not an article, a long link-free section is
            // content whatever its class says (`cmp-cta__container`,
            // `faq_tabs-menu`).
            let lp = !hints.declared
                && !forum_hint
                && f & flag::BOILER_CLASS != 0
                && landing_prose(&before, i, f);
            // Which kind of furniture a boilerplate removal is.
            let boiler_rule = if overlay {
                Rule::Overlay
            } else if f & flag::BOILER_TAG != 0 {
                Rule::Landmark
            } else if f & flag::BOILER_CLASS != 0 && !item_header && !prose_para {
                Rule::BoilerplateClass
            } else {
                Rule::Teasers
            };
            // The first rule that removes the element, if any.
            let rule = if parent_removed {
                dom.removed_by(node.parent as usize)
            } else if f & flag::DROP != 0 {
                Rule::NeverText
            } else if running[i] {
                // An inline element in running text goes only with its
                // block, or when styled invisible (`rules::inline`).
                if f & flag::HIDDEN_STYLE != 0 {
                    Rule::Hidden
                } else {
                    Rule::None
                }
            } else if small && strong_boiler && !rescued && !lp {
                boiler_rule
            // Hidden prose is usually a tab or accordion panel (product
            // descriptions, FAQs): content. Hidden menus and labels are not.
            } else if small
                && f & flag::HIDDEN != 0
                && !rescued
                && (link_dense
                    || (!panels.get(i).copied().unwrap_or(false)
                        && ((f & flag::HIDDEN_STYLE != 0 && !panel_of_a_set(dom, i))
                            || before.good[i] < 300.0)))
            {
                Rule::Hidden
            } else if !comments_are_main
                && !opts.include_comments
                && !in_main_comments
                && f & flag::COMMENTS != 0
            {
                Rule::Comments
            } else if ((f & flag::WEAK_BOILER != 0 && !item_header) || boiler)
                && small
                && !rescued
                && (share < 0.1 || link_dense)
            {
                if boiler {
                    boiler_rule
                } else {
                    Rule::WeakClass
                }
            // A post's byline (author, date) is part of a thread; outside
            // articles, a `meta` block holding a heading is a card.
            } else if f & flag::BYLINE != 0
                && chars < 200
                && !forum_hint
                && (hints.declared || !holds_heading(dom, i))
            {
                Rule::Byline
            } else if reviews.get(i).copied().unwrap_or(false) {
                Rule::Reviews
            } else if !opts.include_tables && node.tag == Tag::Table && share < t.veto_share {
                Rule::Tables
            } else {
                Rule::None
            };
            let remove = parent_removed || rule != Rule::None;
            if remove {
                dom.remove(i, rule);
            }
            let parent_lp = in_lp.get(node.parent as usize).copied().unwrap_or(false);
            in_lp[i] = parent_lp || (lp && small && strong_boiler && !rescued && !remove);
            if in_lp[i] && !parent_lp && !lenient {
                lp_good += f64::from(before.good[i]);
            }
            comments_main[i] = in_main_comments || comments_are_main;
        }
        if lenient {
            break;
        }
        let left = measure(dom, flag::REMOVED | flag::DROP, card_prose);
        let kept = f64::from(left.good.first().copied().unwrap_or(0.0)) - lp_good;
        if total_good < RESCUE_MIN_PAGE_GOOD || kept >= RESCUE_KEPT_SHARE * total_good {
            left_an = Some(left);
            break;
        }
    }
    let mut an = match left_an {
        Some(a) => a,
        None => measure(dom, flag::REMOVED | flag::DROP, card_prose),
    };
    an.listing_page = listing_page;
    let removed_cards = if listing_page || hints.article || forum_hint {
        0.0
    } else {
        removed_card_chars(dom, &before)
    };
    an.thread = forum_hint;
    an.running = running;
    an.kind = crate::kind::classify(dom, &hints, listing_page, &mut an.evidence);
    (an, removed_cards)
}

/// The index just past `id`'s subtree (nodes are in document order).
pub(crate) fn subtree_end(dom: &Dom, id: u32) -> usize {
    let mut c = id;
    while let Some(node) = dom.nodes.get(c as usize) {
        if node.next_sibling != NONE {
            return node.next_sibling as usize;
        }
        c = node.parent;
    }
    dom.nodes.len()
}

/// Prose score from which a link-free paragraph is text whatever its class.
const PROSE_PARAGRAPH_GOOD: f32 = 100.0;

/// Below this share of the page's prose left after removal, class-based
/// removal is redone sparing prose-rich elements.
const RESCUE_KEPT_SHARE: f64 = 0.25;
/// Pages with less prose than this are not second-guessed.
const RESCUE_MIN_PAGE_GOOD: f64 = 1000.0;
/// Prose an element needs to be spared in the second pass.
const RESCUE_MIN_GOOD: f32 = 200.0;

/// The element holding the main content, and whether the page is a
/// listing (mostly short, linked items: then links are content).
pub(crate) fn select(dom: &Dom, an: &Analysis, opts: &ExtractOptions) -> (u32, bool) {
    let (root, listing) = select_one(dom, an, opts);
    (root, listing)
}

/// The chosen element is, or lies in, the page's footer or navigation, or
/// is a short `<noscript>` note ("enable JavaScript to run this app"): the
/// page has no main content in its markup (an app shell rendered by
/// scripts, an empty result page), and the furniture is not it.
pub(crate) fn only_furniture(dom: &Dom, an: &Analysis, root: u32) -> bool {
    let mut c = root;
    for _ in 0..4096 {
        let Some(n) = dom.nodes.get(c as usize) else {
            return false;
        };
        match n.tag {
            Tag::Footer | Tag::Nav => return true,
            Tag::Noscript if an.chars.get(c as usize).is_some_and(|&k| k < 200) => return true,
            // an article's own footer is the article's
            Tag::Article | Tag::Main => return false,
            _ => {}
        }
        c = n.parent;
    }
    false
}

/// Siblings of `root` that continue its content (Readability's sibling
/// step): well-formed text, few links, a fair share of the root's prose.
pub(crate) fn siblings(dom: &Dom, an: &Analysis, root: u32, opts: &ExtractOptions) -> Vec<u32> {
    let t = tuning(opts.favor);
    let r = root as usize;
    let Some(parent) = dom.nodes.get(r).map(|n| n.parent).filter(|&p| p != NONE) else {
        return vec![root];
    };
    let base = an.good.get(r).copied().unwrap_or(0.0);
    let mut out = Vec::new();
    let mut c = dom
        .nodes
        .get(parent as usize)
        .map_or(NONE, |p| p.first_child);
    while c != NONE {
        let i = c as usize;
        let node = dom.nodes[i];
        if c == root {
            out.push(c);
        } else if node.tag != Tag::Text && node.flags & flag::REMOVED == 0 && an.chars[i] > 0 {
            let ld = f64::from(an.link[i]) / f64::from(an.chars[i]);
            if ld < t.max_link_density * 0.5
                && an.good[i] >= t.sibling_share * base
                && an.good[i] > 0.5 * an.chars[i] as f32
            {
                out.push(c);
            }
        }
        c = node.next_sibling;
    }
    out
}

fn select_one(dom: &Dom, an: &Analysis, opts: &ExtractOptions) -> (u32, bool) {
    let t = tuning(opts.favor);
    let mut best = 0u32;
    let mut best_score = f32::MIN;
    let score_of = |i: usize| an.good[i] - t.link_penalty * an.link[i] as f32;
    for (i, node) in dom.nodes.iter().enumerate() {
        if node.tag == Tag::Text || node.flags & flag::REMOVED != 0 {
            continue;
        }
        let mut score = score_of(i);
        if node.flags & flag::POSITIVE != 0 {
            score *= 1.05;
        }
        if score > best_score {
            best_score = score;
            best = i as u32;
        }
    }
    // The best element often wins only because small extras around its
    // real content (a bio box, a caption strip, a share bar the vocabulary
    // missed) add a little positive score. Go down to the child that keeps
    // most of the score and of the text; `siblings` then takes back
    // neighbours that read like the content.
    if let Some(share) = t.descend_share {
        loop {
            let b = best as usize;
            let bs = score_of(b);
            if bs <= 0.0 {
                break;
            }
            let mut next = NONE;
            let mut c = dom.nodes[b].first_child;
            while c != NONE {
                let n = dom.nodes[c as usize];
                // a container (never into one paragraph, list or table) with
                // most of the text too (a description beside a specs table
                // stays with it)
                let container = matches!(
                    n.tag,
                    Tag::Html | Tag::Body | Tag::Div | Tag::Section | Tag::Article | Tag::Main
                );
                if container
                    && n.flags & flag::REMOVED == 0
                    && score_of(c as usize) >= share * bs
                    && an.chars[c as usize] as f32 >= DESCEND_TEXT_SHARE * an.chars[b] as f32
                {
                    next = c;
                    break;
                }
                c = n.next_sibling;
            }
            if next == NONE {
                break;
            }
            best = next;
        }
    }
    // Listings, product grids, link directories: little prose anywhere.
    // Then the content is the smallest element that holds most of what is
    // left once navigation, headers, footers and sidebars are gone.
    let total_chars = f64::from(an.chars.first().copied().unwrap_or(0));
    let total_good = f64::from(an.good.first().copied().unwrap_or(0.0));
    let best_good = f64::from(an.good.get(best as usize).copied().unwrap_or(0.0));
    let total_link = f64::from(an.link.first().copied().unwrap_or(0));
    let prose_ratio = total_good / (total_chars - total_link).max(1.0);
    // Little prose overall, and what is not a link is not prose either
    // (prices, names, dates), or almost no prose at all.
    let listing = (total_good < t.listing_prose * total_chars && prose_ratio < 0.8)
        || (best_good < 200.0 && total_chars > 1000.0);
    if total_chars > 0.0 && (an.listing_page || (listing && best_good < 0.5 * total_chars)) {
        let mut deepest = 0;
        for (i, node) in dom.nodes.iter().enumerate() {
            if node.tag != Tag::Text
                && node.flags & flag::REMOVED == 0
                && f64::from(an.chars[i]) >= LISTING_TEXT_SHARE * total_chars
            {
                deepest = i;
            }
        }
        return (deepest as u32, true);
    }
    (best, false)
}

/// On a listing, the content is the deepest element holding this share of
/// the text left after removal: a listing's parts (intro, item grid, a
/// second grid of the same items, the category's guide) often sit in
/// sibling containers, and the boilerplate is already gone (measured 0.6 to
/// 0.95: best from 0.85 up, leakage rising with the share).
const LISTING_TEXT_SHARE: f64 = 0.85;

/// Clears semantic removals inside `root` (never-text elements stay out).
pub(crate) fn restore_subtree(dom: &mut Dom, root: u32) {
    let mut stack = vec![root];
    let mut seen = 0usize;
    while let Some(id) = stack.pop() {
        seen += 1;
        if seen > 500_000 {
            break;
        }
        let Some(node) = dom.nodes.get_mut(id as usize) else {
            continue;
        };
        if node.flags & flag::DROP != 0 {
            continue;
        }
        node.flags &= !flag::REMOVED;
        let mut c = node.first_child;
        while c != NONE {
            stack.push(c);
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
    }
}

/// Removes the headings that repeat the title (the headline above the body).
pub(crate) fn remove_headline(dom: &mut Dom, root: u32, title: &str) {
    let want = crate::metadata::norm_words(title);
    if want.is_empty() {
        return;
    }
    let mut stack = vec![root];
    let mut seen = 0;
    while let Some(id) = stack.pop() {
        seen += 1;
        if seen > 100_000 {
            break;
        }
        let Some(node) = dom.nodes.get(id as usize).copied() else {
            continue;
        };
        if node.tag == Tag::Text || node.flags & flag::REMOVED != 0 {
            continue;
        }
        if matches!(node.tag, Tag::H1 | Tag::H2) {
            if crate::metadata::norm_words(&dom.subtree_text(id, true)) == want {
                dom.remove(id as usize, Rule::Headline);
            }
            continue;
        }
        let mut c = node.first_child;
        while c != NONE {
            stack.push(c);
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
    }
}

/// Writes the text of `root`'s subtree.
pub(crate) fn render(
    dom: &Dom,
    an: &Analysis,
    roots: &[u32],
    listing: bool,
    opts: &ExtractOptions,
) -> String {
    let (max_ld, root_chars) = prune_limits(an, roots, listing, opts);
    let md = opts.output == TextFormat::Markdown;
    let mut w = Writer {
        out: String::with_capacity(4096),
        need_nl: false,
        need_space: false,
        prefix: String::new(),
    };
    // (node, exiting)
    let mut stack: Vec<(u32, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
    let mut pre_depth = 0u32;
    let mut ol_counters: Vec<u32> = Vec::new();
    while let Some((id, exiting)) = stack.pop() {
        let Some(node) = dom.nodes.get(id as usize) else {
            continue;
        };
        let i = id as usize;
        if exiting {
            match node.tag {
                Tag::Pre => {
                    pre_depth = pre_depth.saturating_sub(1);
                    if md {
                        w.newline();
                        w.out.push_str("```");
                    }
                    if pre_depth == 0 {
                        w.newline();
                        w.out.push_str(PRE_END);
                    }
                }
                Tag::Ol | Tag::Ul => {
                    ol_counters.pop();
                }
                _ => {}
            }
            if node.tag.is_block() && !matches!(node.tag, Tag::Td | Tag::Th) {
                w.need_nl = true;
            }
            continue;
        }
        if node.flags & flag::REMOVED != 0 {
            continue;
        }
        if node.tag == Tag::Text {
            let s = dom
                .text
                .get(node.start as usize..node.end as usize)
                .unwrap_or("");
            if pre_depth > 0 {
                w.raw(s);
            } else {
                w.words(s);
            }
            continue;
        }
        if !roots.contains(&id) && an.chars[i] > 0 && pruned(node.tag, an, i, root_chars, max_ld) {
            continue;
        }
        match node.tag {
            Tag::Br => {
                w.newline();
                continue;
            }
            Tag::Hr => {
                w.need_nl = true;
                continue;
            }
            Tag::Td | Tag::Th if !w.at_line_start() => {
                w.out.push_str(if md { " | " } else { "\t" });
                w.need_space = false;
            }
            Tag::Pre => {
                pre_depth += 1;
                w.need_nl = true;
                if pre_depth == 1 {
                    w.newline();
                    w.out.push_str(PRE_START);
                }
                if md {
                    w.newline();
                    w.out.push_str("```\n");
                    w.need_nl = false;
                }
            }
            Tag::Ol => ol_counters.push(1),
            Tag::Ul => ol_counters.push(0),
            _ => {}
        }
        if node.tag.is_block() && !matches!(node.tag, Tag::Td | Tag::Th | Tag::Pre) {
            w.need_nl = true;
        }
        if md {
            let level = node.tag.heading_level();
            if level > 0 {
                w.prefix = format!("{} ", "#".repeat(level as usize));
            } else if node.tag == Tag::Li {
                w.prefix = match ol_counters.last_mut() {
                    Some(c) if *c > 0 => {
                        let p = format!("{c}. ");
                        *c += 1;
                        p
                    }
                    _ => "- ".to_owned(),
                };
            } else if node.tag == Tag::Blockquote {
                w.prefix = "> ".to_owned();
            }
        }
        stack.push((id, true));
        // Children in reverse so they pop in document order.
        let first = stack.len();
        let mut c = node.first_child;
        while c != NONE {
            stack.push((c, false));
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
        stack[first..].reverse();
    }
    tidy(&w.out, opts.deduplicate)
}

/// A block inside the main content that is mostly links (menus, headline
/// lists, tag clouds, "read more" lines) and is not itself most of it.
/// The link density above which [`pruned`] drops a block, and the text of
/// the main content it compares the block with.
fn prune_limits(an: &Analysis, roots: &[u32], listing: bool, opts: &ExtractOptions) -> (f64, f64) {
    let max_ld = if listing {
        1.01
    } else {
        tuning(opts.favor).max_link_density
    };
    let root_chars = roots
        .iter()
        .map(|&r| an.chars.get(r as usize).copied().unwrap_or(0))
        .sum::<u32>()
        .max(1) as f64;
    (max_ld, root_chars)
}

/// The outermost blocks inside `roots` that [`render`] leaves out as link
/// text (`Rule::LinkDensity`).
pub(crate) fn pruned_blocks(
    dom: &Dom,
    an: &Analysis,
    roots: &[u32],
    listing: bool,
    opts: &ExtractOptions,
) -> Vec<u32> {
    let (max_ld, root_chars) = prune_limits(an, roots, listing, opts);
    let mut out = Vec::new();
    let mut stack: Vec<u32> = roots.to_vec();
    while let Some(id) = stack.pop() {
        let i = id as usize;
        let Some(node) = dom.nodes.get(i) else {
            continue;
        };
        if node.tag == Tag::Text || node.flags & flag::REMOVED != 0 {
            continue;
        }
        if !roots.contains(&id) && an.chars[i] > 0 && pruned(node.tag, an, i, root_chars, max_ld) {
            out.push(id);
            continue;
        }
        let mut c = node.first_child;
        while c != NONE {
            stack.push(c);
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
    }
    out.sort_unstable();
    out
}

fn pruned(tag: Tag, an: &Analysis, i: usize, root_chars: f64, max_ld: f64) -> bool {
    if !tag.is_block() || matches!(tag, Tag::Td | Tag::Th | Tag::Tr | Tag::TSection) {
        return false;
    }
    let chars = f64::from(an.chars[i]);
    let ld = f64::from(an.link[i]) / chars;
    ld > max_ld && chars < 0.5 * root_chars
}

struct Writer {
    out: String,
    need_nl: bool,
    need_space: bool,
    prefix: String,
}

impl Writer {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.need_nl = false;
        self.need_space = false;
    }
    fn before_text(&mut self) {
        if self.need_nl {
            if !self.at_line_start() {
                self.out.push('\n');
            }
            self.need_nl = false;
            self.need_space = false;
        }
        if self.at_line_start() {
            if !self.prefix.is_empty() {
                self.out.push_str(&self.prefix);
                self.prefix.clear();
            }
            self.need_space = false;
        } else if self.need_space {
            self.out.push(' ');
            self.need_space = false;
        }
    }
    fn words(&mut self, s: &str) {
        if s.starts_with(char::is_whitespace) {
            self.need_space = true;
        }
        let mut any = false;
        for word in s.split_whitespace() {
            if any {
                self.need_space = true;
            }
            self.before_text();
            self.out.push_str(word);
            any = true;
        }
        if any && s.ends_with(char::is_whitespace) {
            self.need_space = true;
        }
    }
    fn raw(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.before_text();
        self.out.push_str(s);
    }
}

/// Line markers around preformatted text (removed by [`tidy`]).
const PRE_START: &str = "\u{1}pre\n";
const PRE_END: &str = "\u{1}/pre\n";

/// A run of repeated lines of at least this many bytes, two of them
/// paragraphs of at least [`MIN_REPEAT_PARAGRAPH`] bytes, is a second copy
/// of a passage.
const MIN_REPEAT_RUN_BYTES: usize = 600;
/// See [`MIN_REPEAT_RUN_BYTES`].
const MIN_REPEAT_PARAGRAPH: usize = 100;

/// A line at least this long that repeats an earlier line of the same page
/// is page furniture (author boxes, price boxes, credits shown twice).
const MIN_REPEAT_CHARS: usize = 20;

/// A line outside preformatted text that is data for scripts, not for
/// readers: a JSON object printed into the page, or one unbroken run of
/// identifiers (tracking ids, obfuscated price tokens) with no word in it.
fn machine_text(l: &str) -> bool {
    let b = l.as_bytes();
    let json = b.len() >= 40
        && matches!(
            (b.first(), b.last()),
            (Some(b'{'), Some(b'}')) | (Some(b'['), Some(b']'))
        )
        && l.contains("\":");
    let token = b.len() >= MACHINE_TOKEN_BYTES
        && !b.iter().any(u8::is_ascii_whitespace)
        && !l.contains("://")
        && b.iter().filter(|c| c.is_ascii_digit()).count() * 5 >= b.len();
    json || token
}

/// Length from which an unbroken token of ids is not text (see [`machine_text`]).
const MACHINE_TOKEN_BYTES: usize = 40;

/// Line `j` repeats the line just before it, or with a neighbour repeats
/// the pair just before them (`A B A B`): a hover layer or a second layout
/// printing the same card again. A question asked again after an answer
/// (`Q A1 Q A2`) is not an echo.
fn echo(lines: &[(&str, bool, bool)], j: usize) -> bool {
    let at = |k: Option<usize>| k.and_then(|k| lines.get(k)).map(|x| x.0);
    let back = |b: usize| at(j.checked_sub(b));
    let Some(this) = at(Some(j)) else {
        return false;
    };
    let prev = back(1);
    if prev == Some(this) {
        return true;
    }
    // first line of a repeated pair, or its second line
    back(2) == Some(this) && prev.is_some() && (at(j.checked_add(1)) == prev || back(3) == prev)
}

/// Trims lines, removes empty ones and, with `dedup`, second copies of long
/// lines outside preformatted text (FineWeb's duplicate-line ratio would
/// drop the page for them, and a reader sees them once).
fn tidy(s: &str, dedup: bool) -> String {
    // (line, in <pre>, repeats an earlier line of at least MIN_REPEAT_CHARS)
    let mut lines: Vec<(&str, bool, bool)> = Vec::new();
    let mut seen: std::collections::HashSet<
        u64,
        std::hash::BuildHasherDefault<crate::dom::Prehashed>,
    > = std::collections::HashSet::default();
    let mut in_pre = false;
    for line in s.lines() {
        if line == PRE_START.trim_end() {
            in_pre = true;
            continue;
        }
        if line == PRE_END.trim_end() {
            in_pre = false;
            continue;
        }
        let l = line.trim();
        if l.is_empty() || l == "```" && lines.last().is_some_and(|x| x.0 == "```") {
            continue;
        }
        if !in_pre && machine_text(l) {
            continue;
        }
        let repeat = !in_pre
            && l.len() >= MIN_REPEAT_CHARS
            && !seen.insert(xxhash_rust::xxh3::xxh3_64(l.as_bytes()));
        lines.push((l, in_pre, repeat));
    }
    // A run of repeated lines holding a repeated paragraph is a second copy
    // of a passage (another layout's copy of the article, a print version):
    // dropped. A question asked again in an interview, or a recipe in a
    // meal plan, repeats alone or in short runs and stays.
    let mut drop = vec![dedup; lines.len()];
    let mut k = 0;
    while k < lines.len() {
        if !lines[k].2 {
            drop[k] = false;
            k += 1;
            continue;
        }
        let start = k;
        while k < lines.len() && lines[k].2 {
            k += 1;
        }
        let run = lines.get(start..k).unwrap_or_default();
        let copy = run
            .iter()
            .filter(|x| x.0.len() >= MIN_REPEAT_PARAGRAPH)
            .count()
            >= 2
            && run.iter().map(|x| x.0.len()).sum::<usize>() >= MIN_REPEAT_RUN_BYTES;
        for (j, d) in drop.iter_mut().enumerate().take(k).skip(start) {
            *d = *d || copy || echo(&lines, j);
        }
    }
    let mut out = String::with_capacity(s.len());
    for (&(l, _, _), &d) in lines.iter().zip(&drop) {
        if d {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{extract, ExtractOptions};

    fn text(html: &str) -> String {
        extract(html.as_bytes(), None, None, &ExtractOptions::default())
            .expect("extracts")
            .text
    }

    const PROSE: &str = "The committee met on a wet Tuesday to weigh the proposal in detail, and after three hours of debate it agreed to fund the new reading room for another year. ";

    #[test]
    fn alike_items_with_a_widget_class_are_the_content_when_they_hold_the_page() {
        let item = |n: u32| {
            format!(
                "<div class=\"col\"><div class=\"card sticky-action\"><h5>Podcast number {n}</h5><p>Weekly talks about gardens, soil and the small animals that live in them, number {n}.</p></div></div>"
            )
        };
        let items: String = (0..8).map(item).collect();
        let html = format!(
            "<html><body><nav><a href=/a>Home</a> <a href=/b>Topics</a></nav><main><h3>Garden category</h3><div class=row>{items}</div></main><footer>Copyright and legal notices</footer></body></html>"
        );
        let t = text(&html);
        assert!(t.contains("Weekly talks about gardens, soil and the small animals that live in them, number 7."), "{t}");
        assert!(t.contains("Podcast number 0"), "{t}");
        assert!(!t.contains("Copyright"), "{t}");
        // One flagged box among prose is still removed.
        let html = format!(
            "<html><body><main><p>{PROSE}</p><p>{PROSE}</p><div class=\"sticky-action\"><p>Sticky note that follows the reader around the page.</p></div></main></body></html>"
        );
        assert!(!text(&html).contains("Sticky note"));
    }

    #[test]
    fn region_classes_are_never_vetoed_as_a_group() {
        // Mega-menu panels are alike and hold much text, but name a region.
        let panel = |n: u32| {
            format!("<div class=\"menu-panel\"><p>Panel {n} describing a product family with several words of marketing copy in it.</p></div>")
        };
        let panels: String = (0..6).map(panel).collect();
        let html = format!("<html><body><div class=header-wrap>{panels}</div><main><p>{PROSE}</p></main></body></html>");
        let t = text(&html);
        assert!(!t.contains("Panel 3"), "{t}");
        assert!(t.contains("reading room"), "{t}");
    }

    #[test]
    fn teasers_after_an_article_go_even_in_a_content_classed_list() {
        let teaser = |n: u32, section: &str| {
            format!(
                "<article class=\"post-list-article post-{n}4821 section-{section} tag-news\"><h4><a href=/s/{n}>Headline of story {n}</a></h4><div><a href=/a/{n}>Some Author</a></div><p>A one-sentence summary of story {n} that tempts the reader to click through.</p></article>"
            )
        };
        let teasers: String = (0..6)
            .map(|n| teaser(n, if n % 2 == 0 { "corner" } else { "politics" }))
            .collect();
        let html = format!(
            "<html><head><meta property=og:type content=article></head><body><main><article class=post><h1>Title</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article><div class=post-list>{teasers}</div></main></body></html>"
        );
        let t = text(&html);
        assert!(t.contains("reading room"), "{t}");
        assert!(!t.contains("summary of story"), "{t}");
    }

    #[test]
    fn prose_removed_by_item_style_classes_comes_back() {
        // Every section carries a boilerplate word (`toc`) that would empty the page.
        let sections: String = (0..4).map(|n| format!("<section class=\"toc-para s{n}\"><h2>Part {n}</h2><p>{PROSE}</p><p>Then: {PROSE}</p></section>")).collect();
        let html = format!("<html><body><nav><a href=/>Home</a></nav><main>{sections}</main><div class=\"cookie-modal\"><p>{PROSE}</p></div></body></html>");
        let t = text(&html);
        assert!(t.contains("Part 3") && t.contains("reading room"), "{t}");
        // Region classes are not spared: one paragraph of prose, not five.
        assert_eq!(t.matches("reading room").count(), 8, "{t}");
    }

    #[test]
    fn clickable_card_descriptions_are_prose_on_landing_pages_not_on_articles() {
        let card = |n: u32| {
            format!("<a class=card href=/p/{n}><h3>Service {n}</h3><p>Run your workloads on machines we manage for you, scaled up and down as traffic number {n} changes.</p></a>")
        };
        let cards: String = (0..4).map(card).collect();
        let landing = format!("<html><body><nav><a href=/>Home</a><a href=/b>Blog</a></nav><main><h1>Cloud</h1><p>Ship faster.</p><div class=grid>{cards}</div></main></body></html>");
        let t = text(&landing);
        assert!(t.contains("as traffic number 3 changes"), "{t}");
        let article = format!(
            "<html><head><meta property=og:type content=article></head><body><main><article><h1>T</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article><div class=more>{cards}</div></main></body></html>"
        );
        let t = text(&article);
        assert!(
            t.contains("reading room") && !t.contains("traffic number"),
            "{t}"
        );
    }

    #[test]
    fn og_article_yields_to_a_structured_data_page_type() {
        let hints = |head: &str| {
            let d = crate::dom::build(
                &format!("<html><head>{head}</head><body></body></html>"),
                crate::dom::Limits {
                    max_depth: 64,
                    max_nodes: 1000,
                },
            );
            let h = crate::kind::page_hints(&d);
            (h.article, h.declared, h.forum)
        };
        let og = "<meta property=og:type content=article>";
        assert_eq!(hints(og), (true, true, false));
        let page = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"WebSite"}]}</script>"#;
        assert_eq!(hints(&format!("{og}{page}")), (false, true, false));
        let post = r#"<script type="application/ld+json">{"@graph":[{"@type":"Article"},{"@type":"WebPage"}]}</script>"#;
        assert_eq!(hints(&format!("{og}{post}")), (true, true, false));
        let qa = r#"<script type="application/ld+json">{"@type":"QAPage"}</script>"#;
        assert_eq!(hints(&format!("{og}{qa}")), (false, false, true));
    }

    #[test]
    fn data_for_scripts_is_not_text() {
        let t = super::tidy("Intro line.\n{\"widget\":\"grid\",\"ids\":[\"B0CXGXT6W8\",\"B0CYNFWD2R\",\"B0D2XRXNGY\"]}\nSf2f260c3-bf1f-466a-b856-6f031758a086p16207f0d-5442\nsee https://example.com/a/very/long/path/that/goes/on/and/on/2024/01/02\nEnd.", false);
        assert_eq!(t, "Intro line.\nsee https://example.com/a/very/long/path/that/goes/on/and/on/2024/01/02\nEnd.");
        // In preformatted text, JSON is the content.
        let json = "{\"name\":\"tamis\",\"version\":\"0.1.0\",\"license\":\"MIT\"}";
        let t = super::tidy(
            &format!("{}{json}\n{}", super::PRE_START, super::PRE_END),
            false,
        );
        assert!(t.contains(json), "{t}");
    }

    #[test]
    fn second_copies_of_passages_go_repeated_lines_stay() {
        let para = |n: u32| {
            format!("Paragraph {n} of the story goes on about the harbour, the boats and the people who mend the nets every morning before dawn, in all weathers, year after year.")
        };
        let passage: String = (0..4).map(para).collect::<Vec<_>>().join("\n");
        let t = super::tidy(&format!("{passage}\nShort end line here\n{passage}"), false);
        assert_eq!(t.matches("Paragraph 1 of").count(), 1, "{t}");
        assert!(t.ends_with("Short end line here"), "{t}");
        // A question asked of every guest stays each time.
        let q = "What did you cook for your family when you were first learning, and who taught you the recipe?";
        let t = super::tidy(&format!("{q}\nAnswer one.\n{q}\nAnswer two."), false);
        assert_eq!(t.matches(q).count(), 2, "{t}");
        // An echoed card (title and summary printed twice in a row) goes.
        let card =
            "Universal design for a small museum\nA campaign that doubled the visits in a year.";
        assert_eq!(
            super::tidy(&format!("{card}\n{card}\nNext"), false),
            format!("{card}\nNext")
        );
        assert_eq!(super::tidy(&format!("{q}\n{q}"), false), q);
        // With `deduplicate`, every second copy of a line of 20+ bytes goes.
        let t = super::tidy(&format!("{q}\nAnswer one.\n{q}\nAnswer two."), true);
        assert_eq!(t.matches(q).count(), 1, "{t}");
    }

    #[test]
    fn a_consent_box_is_never_the_content_however_long() {
        let consent = "We and our 812 partners store and access information on your device to personalise ads and content, measure audiences and develop services. ";
        let html = format!(
            "<html><body><div id=onetrust-consent-sdk><div role=dialog><p>{consent}</p><p>{consent}</p><p>{consent}</p><p>{consent}</p></div></div><main><h1>Recipes</h1><p>{PROSE}</p><ul><li><a href=/a>Tomato sauce</a></li><li><a href=/b>Pesto</a></li></ul></main></body></html>"
        );
        let t = text(&html);
        assert!(t.contains("reading room"), "{t}");
        assert!(!t.contains("partners store"), "{t}");
    }

    #[test]
    fn listing_items_keep_their_own_headers() {
        let item = |n: u32| {
            format!("<article class=item><header><h2><a href=/s/{n}>Story {n} headline</a></h2></header><p>Summary of story {n}, in a sentence or two that says what happened and to whom.</p></article>")
        };
        let items: String = (0..9).map(item).collect();
        let html = format!("<html><body><header><a href=/>Site</a><a href=/t>Topics</a></header><main><h1>Topic</h1><div class=list>{items}</div></main></body></html>");
        let t = text(&html);
        assert!(
            t.contains("Story 8 headline") && t.contains("Summary of story 8"),
            "{t}"
        );
        assert!(!t.contains("Topics"), "{t}");
    }

    #[test]
    fn faq_accordions_with_tablist_role_are_content() {
        let qa = |n: u32| {
            format!("<div class=accordion-item><h3>Question {n}?</h3><div class=body><p>Answer {n}: {PROSE}</p></div></div>")
        };
        let faq: String = (0..3).map(qa).collect();
        let html = format!("<html><body><nav role=navigation><a href=/>Home</a></nav><main><h1>Offers</h1><p>{PROSE}</p><div class=accordion role=tablist>{faq}</div></main></body></html>");
        let t = text(&html);
        assert!(t.contains("Question 2?") && t.contains("Answer 2:"), "{t}");
    }
}
