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

use crate::dom::flag;

/// Whole class names (lower-cased) of per-post furniture.
const POST_FURNITURE: &[&str] = &[
    // Signatures: phpBB, vBulletin, SMF, MyBB (`signature`), XenForo,
    // Invision, Discourse plugins; the Stack Exchange user card.
    "signature", "message-signature", "ipssignature", "user-signature", "signaturecontainer", "post-signature",
    // The author's rank, banner and statistics (XenForo, vBulletin, phpBB).
    "message-usertitle", "usertitle", "message-userbanner", "userbanner", "message-userextras", "userinfo_extra",
    "profile-rank", "profile-posts", "profile-joined",
    // "Last edited by" notes and like counts (XenForo, Discourse).
    "message-lastedit", "post-likes",
];

/// Flags for one class name: per-post furniture is boilerplate.
pub(crate) fn furniture_class(t: &str) -> u16 {
    if POST_FURNITURE.contains(&t) {
        flag::BOILER_CLASS
    } else {
        0
    }
}
