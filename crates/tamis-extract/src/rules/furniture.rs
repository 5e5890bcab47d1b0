//! **Furniture by its words.** Inside the chosen main content, short blocks
//! that are calls to action or interface lines ("Subscribe", "Read more",
//! "Share this", "Related posts"), affiliate disclosures and a thread's
//! vote counters are removed by vocabulary. The vocabularies are English
//! data with one purpose each (below); they never remove a block that reads
//! as a sentence ([`super::prose`]) nor an inline element in running text
//! ([`super::inline`]).
//!
//! Example: `<p>Share this article</p>` after an article body goes
//! ([`Rule::FurnitureLine`]); `<li>This event was sponsored by the
//! council.</li>` stays.

use aho_corasick::AhoCorasick;

use super::Rule;
use crate::content::Analysis;
use crate::dom::{flag, Dom, Tag, NONE};
use crate::options::{ExtractOptions, Favor};

/// Short lines that are calls to action or page furniture, not content
/// (checked on lower-cased text of blocks of at most a dozen words).
pub(crate) const FURNITURE: &[&str] = &[
    "subscribe",
    "newsletter",
    "sign up",
    "signup",
    "sign in",
    "log in",
    "follow us",
    "follow me",
    "min read",
    "minute read",
    "written by",
    "reviewed by",
    "posted by",
    "share this",
    "share on",
    "all rights reserved",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie",
    "read more",
    "read next",
    "you may also like",
    "you might also like",
    "you might like",
    "related posts",
    "related articles",
    "recommended",
    "popular posts",
    "popular articles",
    "more from",
    "more stories",
    "leave a comment",
    "leave a reply",
    "advertisement",
    "sponsored",
    "click here",
    "download the app",
    "get the app",
    "book a demo",
    "request a quote",
    "contact us",
    "free trial",
    "shop now",
    "add to cart",
    "buy now",
    "back to top",
    "skip to",
    "table of contents",
    "filed under",
    "tags:",
    "categories:",
    "join our",
    "get in touch",
    "don't miss",
    "don’t miss",
    "thanks for reading",
    "comments",
    "click to expand",
    "report inappropriate",
    "replies to this topic",
    "also viewed",
    "also bought",
    "notify me",
    "free shipping",
    "sort by",
    "reaction score",
    "customer reviews",
    "write a review",
    "view cart",
    "wishlist",
    "back to ",
    "view all posts",
    "free ebook",
    "download our",
    "take the next step",
];

/// Affiliate and sponsorship disclosures (blocks of up to a few lines).
pub(crate) const DISCLOSURES: &[&str] = &[
    "affiliate link",
    "affiliate commission",
    "we may earn",
    "may earn a commission",
    "earn a small commission",
    "editorial note:",
    "disclosure:",
    "purchase through links",
    "buy through links",
];

/// Whole short lines (after word normalisation) that are interface labels.
pub(crate) const FURNITURE_LINES: &[&str] = &[
    "joined",
    "posts",
    "messages",
    "location",
    "reply",
    "quote",
    "report",
    "like",
    "likes",
    "share",
    "shop now",
    "coming soon",
    "in stock",
    "out of stock",
    "discontinued",
    "filter",
    "filters",
    "filter sort",
    "show more",
    "load more",
    "see more",
    "view all",
    "see all",
    "back",
    "next",
    "previous",
    "menu",
    "search",
    "close",
    "loading",
    "get started",
    "learn more",
    "contact",
    "home",
    "top",
    "print",
    "email",
    "save",
    "follow",
    "edit",
    "tags",
    "register",
    "advertisement",
    "compare",
    "add to compare",
    "quick view",
    "choose options",
    "select options",
    "view details",
    "see details",
    "read full article",
    "read article",
    "apply now",
];

/// Headings that introduce a boilerplate section (the section goes too).
pub(crate) const FURNITURE_HEADINGS: &[&str] = &[
    "related",
    "you may also like",
    "you might like",
    "you might also like",
    "recommended",
    "popular",
    "trending",
    "more from",
    "more stories",
    "latest",
    "read next",
    "about the author",
    "leave a reply",
    "share this",
    "subscribe",
    "newsletter",
    "follow us",
    "most read",
];

/// Longest counter (votes, likes, post number) removed around a thread's posts.
const COUNTER_MAX_CHARS: u32 = 8;

/// Removes calls to action, bylines and "related"/"popular" sections
/// inside the chosen content (vocabulary-based, short blocks only).
pub(crate) fn remove_furniture(dom: &mut Dom, an: &Analysis, roots: &[u32], opts: &ExtractOptions) {
    if opts.favor == Favor::Recall {
        return;
    }
    let mut stack: Vec<u32> = roots.to_vec();
    let mut seen = 0usize;
    while let Some(id) = stack.pop() {
        seen += 1;
        if seen > 200_000 {
            break;
        }
        let i = id as usize;
        let Some(node) = dom.nodes.get(i).copied() else {
            continue;
        };
        if node.tag == Tag::Text || node.flags & flag::REMOVED != 0 || an.chars[i] == 0 {
            continue;
        }
        if an.chars[i] <= 400 && !roots.contains(&id) && node.tag.is_block() && an.chars[i] > 100 {
            let text = dom.subtree_text(id, true).to_lowercase();
            if matcher(Vocabulary::Disclosures).is_match(&text)
                && !super::prose::reads_as_prose(&text)
            {
                dom.remove(i, Rule::Disclosure);
                continue;
            }
        }
        // Vote, like and post-number counters around a thread's posts.
        if an.thread && an.chars[i] <= COUNTER_MAX_CHARS && crate::forum::is_counter(dom, i) {
            dom.remove(i, Rule::Counter);
            continue;
        }
        let short = an.chars[i] <= 100 && !roots.contains(&id);
        let in_text = an.running.get(i).copied().unwrap_or(false);
        if short && (node.tag.is_block() || (node.tag == Tag::A && !in_text)) {
            let text = dom.subtree_text(id, true).to_lowercase();
            let words = text.split_whitespace().count();
            if words <= 12 && !crate::rules::prose::reads_as_prose(&text) {
                let heading = node.tag.heading_level() > 0;
                if heading && FURNITURE_HEADINGS.iter().any(|p| text.starts_with(p)) {
                    dom.remove(i, Rule::FurnitureHeading);
                    // The section it heads, if small and made of links.
                    let p = node.parent as usize;
                    if p < an.chars.len()
                        && !roots.contains(&node.parent)
                        && an.chars[p] < 1500
                        && f64::from(an.link[p]) > 0.4 * f64::from(an.chars[p])
                    {
                        dom.remove(p, Rule::FurnitureHeading);
                    }
                    continue;
                }
                let norm = crate::metadata::norm_words(&text);
                let counted = words <= 3
                    && matches!(
                        norm.rsplit(' ').next(),
                        Some("results" | "products" | "items" | "replies" | "views")
                    );
                let rule = if matcher(Vocabulary::Disclosures).is_match(&text) {
                    Rule::Disclosure
                } else {
                    Rule::FurnitureLine
                };
                if counted
                    || FURNITURE_LINES.contains(&norm.as_str())
                    || matcher(Vocabulary::Furniture).is_match(&text)
                    || rule == Rule::Disclosure
                {
                    dom.remove(i, rule);
                    continue;
                }
            }
        }
        let mut c = node.first_child;
        while c != NONE {
            stack.push(c);
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
    }
}

/// The substring vocabularies.
#[derive(Clone, Copy)]
enum Vocabulary {
    Furniture,
    Disclosures,
}

/// One automaton per substring vocabulary (one pass over a block's text
/// instead of one search per phrase).
fn matcher(v: Vocabulary) -> &'static AhoCorasick {
    static M: std::sync::OnceLock<[AhoCorasick; 2]> = std::sync::OnceLock::new();
    let m = M.get_or_init(|| {
        // Constant phrases: building cannot fail.
        let build = |p: &[&str]| AhoCorasick::new(p).expect("constant phrases");
        [build(FURNITURE), build(DISCLOSURES)]
    });
    &m[v as usize]
}
