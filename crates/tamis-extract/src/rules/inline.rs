//! **Inline elements in running text stay.** The unit of removal is a block:
//! a link, span, button or label inside a sentence is words of that
//! sentence, whatever its class, id or text says. Removing it alone leaves
//! a corrupted sentence ("The ⟨Doobie Brothers⟩ will unite with former
//! frontman ⟨Michael McDonald⟩" read as "The will unite with former
//! frontman"), so class-based and interface-label removals never apply to
//! an inline element whose block holds running text around it; the block
//! as a whole is still judged by every other rule.
//!
//! Example: in `<p>said professor <button>Jane Smith</button>, the founding
//! director of the centre</p>` the button is kept; in `<div><button>Load
//! more</button></div>` it is an interface label and dropped.

use crate::dom::{flag, Dom, Tag, NONE};

/// Visible characters of running text around an inline element, outside
/// it, outside links and outside buttons and labels, from which it is words
/// of a sentence: a short label next to a word or two ("Tags: ⟨news⟩") is
/// not running text.
const MIN_AROUND_CHARS: u32 = 20;

/// Most visible characters of an inline element read as words of a
/// sentence (a name, a phrase, a clause); longer ones, or ones holding
/// blocks, are containers (a menu in a custom element), judged as such.
const MAX_INLINE_CHARS: u32 = 200;

/// For every node, whether it is an inline element in running text: at
/// most [`MAX_INLINE_CHARS`] characters without blocks inside, and its
/// block has running text (see [`MIN_AROUND_CHARS`]) both before and after
/// it. Text after it may be just the sentence's final stop; a credit or a
/// "read more" link that ends its block is not inside a sentence. Text
/// nodes and blocks are `false`.
pub(crate) fn in_running_text(dom: &Dom) -> Vec<bool> {
    let n = dom.nodes.len();
    // Where each subtree ends (ids are in document order, children after
    // their parent): one reverse pass.
    // Also, per element, its visible characters and whether it holds a
    // block (then it is a container, not words of a sentence).
    let mut end: Vec<u32> = (1..=n as u32).collect();
    let mut chars = vec![0u32; n];
    let mut holds_block = vec![false; n];
    for i in (1..n).rev() {
        let node = dom.nodes[i];
        if node.tag == Tag::Text {
            chars[i] = visible(dom, node.start, node.end);
        }
        let p = node.parent as usize;
        if p < n {
            end[p] = end[p].max(end[i]);
            chars[p] = chars[p].saturating_add(chars[i]);
            holds_block[p] |= holds_block[i] || node.tag.is_block();
        }
    }
    // Per block, its running text nodes in document order with the running
    // total of their visible characters (text outside links and controls).
    let mut control = vec![false; n];
    let mut runs: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    for i in 1..n {
        let node = dom.nodes[i];
        let p = node.parent as usize;
        control[i] = control.get(p).copied().unwrap_or(false)
            || matches!(node.tag, Tag::Button | Tag::Label);
        if node.tag != Tag::Text || control[i] || node.flags & flag::IN_LINK != 0 {
            continue;
        }
        let b = node.block as usize;
        if b < n {
            let c = chars[i];
            if c > 0 {
                let total = runs[b].last().map_or(0, |r| r.1) + c;
                runs[b].push((i as u32, total));
            }
        }
    }
    // Running characters of block `b` before node index `k`.
    let before = |b: usize, k: u32| -> u32 {
        let r = &runs[b];
        match r.partition_point(|x| x.0 < k) {
            0 => 0,
            j => r[j - 1].1,
        }
    };
    let mut out = vec![false; n];
    for i in 1..n {
        let node = dom.nodes[i];
        if node.tag == Tag::Text
            || node.tag.is_block()
            || chars[i] == 0
            || chars[i] > MAX_INLINE_CHARS
            || holds_block[i]
        {
            continue;
        }
        let b = block_of(dom, i);
        if b == NONE || runs[b as usize].is_empty() {
            continue;
        }
        let b = b as usize;
        let total = runs[b].last().map_or(0, |r| r.1);
        let head = before(b, i as u32);
        let tail = total - before(b, end[i]);
        out[i] = head > 0 && tail > 0 && head + tail >= MIN_AROUND_CHARS;
    }
    out
}

/// The nearest block ancestor of node `i` (bounded by the tree's depth).
fn block_of(dom: &Dom, i: usize) -> u32 {
    let mut p = dom.nodes[i].parent;
    while let Some(node) = dom.nodes.get(p as usize) {
        if node.tag.is_block() {
            return p;
        }
        p = node.parent;
    }
    NONE
}

/// Visible characters of a text node: characters that are not white space
/// (no-break spaces included, which pages use to glue a date or a count to
/// its line).
fn visible(dom: &Dom, start: u32, end: u32) -> u32 {
    let Some(s) = dom.text.get(start as usize..end as usize) else {
        return 0;
    };
    if s.is_ascii() {
        s.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32
    } else {
        s.chars().filter(|c| !c.is_whitespace()).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::{build, Limits};

    fn running(html: &str, tag: Tag) -> Vec<bool> {
        let dom = build(
            html,
            Limits {
                max_depth: 256,
                max_nodes: 100_000,
            },
        );
        let r = in_running_text(&dom);
        dom.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.tag == tag)
            .map(|(i, _)| r[i])
            .collect()
    }

    #[test]
    fn a_link_inside_a_sentence_is_running_text() {
        assert_eq!(
            running("<p>The band will tour with <a class=tag href=/t>Jane Doe</a> across the country next year.</p>", Tag::A),
            vec![true]
        );
    }

    #[test]
    fn a_credit_or_link_that_ends_its_block_is_not() {
        assert_eq!(
            running("<figcaption>The mayor opens the festival on the harbour wall. <span class=credit>Photo: Agency</span></figcaption>", Tag::Inline),
            vec![false]
        );
        // A name that ends a sentence is (the stop follows it).
        assert_eq!(
            running("<p>The festival opens on Friday with a concert led by <a href=/p>Jane Doe</a>.</p>", Tag::A),
            vec![true]
        );
    }

    #[test]
    fn labels_of_a_menu_are_not_running_text_for_each_other() {
        assert_eq!(
            running("<div><label>Shop by category</label><label>Electric guitars</label><label>Acoustic guitars</label></div>", Tag::Label),
            vec![false, false, false]
        );
    }

    #[test]
    fn a_link_alone_in_its_block_or_among_links_is_not() {
        assert_eq!(
            running("<li><a href=/a>Politics</a></li>", Tag::A),
            vec![false]
        );
        assert_eq!(
            running(
                "<p>Tags: <a href=/a>news</a>, <a href=/b>world</a>, <a href=/c>economy</a></p>",
                Tag::A
            ),
            vec![false, false, false]
        );
    }

    #[test]
    fn a_button_inside_a_sentence_is_running_text_and_a_lone_one_is_not() {
        assert_eq!(
            running("<p>said professor <button>Jane Smith</button>, the founding director of the centre</p>", Tag::Button),
            vec![true]
        );
        assert_eq!(
            running("<div><button>Load more</button></div>", Tag::Button),
            vec![false]
        );
    }

    #[test]
    fn cjk_sentences_count_characters() {
        assert_eq!(
            running("<p>开幕音乐会将由<span class=share>王丽华</span>与镇合唱团共同指挥，合唱团从春天起每周都在排练。</p>", Tag::Inline),
            vec![true]
        );
    }
}
