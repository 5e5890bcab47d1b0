//! Forum threads and Q&A pages: what around each post is furniture.
//!
//! A thread's content is its posts, each with its author's name and date.
//! Forum software prints more around every post: the author's rank, badges,
//! join date and post count, a signature, like counts and "last edited"
//! notes. These repeat on every post and say nothing about the topic.
//! The class names below are the conventions of widespread forum software
//! (phpBB, vBulletin, XenForo, Invision, SMF, MyBB, Discourse, the Stack
//! Exchange network); whole class names only, since "signature" inside a
//! class name also names product features (`e-signature-apis`).

use crate::dom::{flag, Dom, Tag};

/// Whole class names (lower-cased) of per-post furniture.
const POST_FURNITURE: &[&str] = &[
    // Signatures: phpBB, vBulletin, SMF, MyBB (`signature`), XenForo,
    // Invision, Discourse plugins; the Stack Exchange user card.
    "signature",
    "message-signature",
    "ipssignature",
    "user-signature",
    "signaturecontainer",
    "post-signature",
    // The author's rank, banner and statistics (XenForo, vBulletin, phpBB).
    "message-usertitle",
    "usertitle",
    "message-userbanner",
    "userbanner",
    "message-userextras",
    "userinfo_extra",
    "profile-rank",
    "profile-posts",
    "profile-joined",
    // "Last edited by" notes and like counts (XenForo, Discourse).
    "message-lastedit",
    "post-likes",
];

/// Flags for one class name: per-post furniture is boilerplate.
pub(crate) fn furniture_class(t: &str) -> u16 {
    if POST_FURNITURE.contains(&t) {
        flag::BOILER_CLASS
    } else {
        0
    }
}

/// `id` has an `<article>` ancestor (a few levels up at most).
pub(crate) fn inside_article(dom: &Dom, id: usize) -> bool {
    let mut c = dom.nodes.get(id).map_or(crate::dom::NONE, |n| n.parent);
    for _ in 0..12 {
        let Some(n) = dom.nodes.get(c as usize) else {
            return false;
        };
        if n.tag == Tag::Article {
            return true;
        }
        c = n.parent;
    }
    false
}

/// A vote, like or post-number counter (`5`, `-1`, `#3`, `1.2k`): an
/// element whose whole text is one number.
pub(crate) fn is_counter(dom: &Dom, id: usize) -> bool {
    let Some(node) = dom.nodes.get(id) else {
        return false;
    };
    if node.tag == Tag::Text
        || matches!(node.tag, Tag::Td | Tag::Th | Tag::Li | Tag::Pre | Tag::Code)
    {
        return false;
    }
    let text = dom.subtree_text(id as u32, false);
    let t = text.trim().trim_start_matches(['#', '+', '-', '\u{2212}']);
    let t = t.strip_suffix(['k', 'K']).unwrap_or(t);
    !t.is_empty()
        && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}
