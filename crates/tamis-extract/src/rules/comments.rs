//! Rule `comments`: a comment section next to an article that has prose
//! of its own is not the article (readers and benchmarks leave comments
//! out); a thread's comment sections that together hold most of a page with
//! little prose elsewhere are its content.
//!
//! Example: a news story of 3,000 characters and, under it,
//! `<section id="comments">` with twelve reader comments: the section goes.
//! A forum page whose posts are each marked as comments keeps them all.
//! The decision is made in `content::analyse_as`; this file measures the
//! comment sections.

use crate::content::Analysis;
use crate::dom::{flag, Dom};

/// Paragraph-quality text of the outermost comment sections (elements
/// flagged as comments with no such ancestor), all together.
pub(crate) fn comment_sections_good(dom: &Dom, before: &Analysis) -> f64 {
    let n = dom.nodes.len();
    let mut inside = vec![false; n];
    let mut good = 0.0f64;
    for i in 1..n {
        let node = dom.nodes[i];
        let parent_inside = inside.get(node.parent as usize).copied().unwrap_or(false);
        let here = node.flags & flag::COMMENTS != 0 && node.flags & flag::DROP == 0;
        if here && !parent_inside {
            good += f64::from(before.good[i]);
        }
        inside[i] = parent_inside || here;
    }
    good
}
