//! Why the extractor kept what it kept: the page's kind with its evidence,
//! and every removed block with the [`Rule`] that removed it
//! (`tamis extract --explain PAGE`).

use crate::content::{self, Analysis};
use crate::dom::{flag, Dom, Tag, NONE};
use crate::extract::{extract_traced, Extracted};
use crate::kind::PageKind;
use crate::options::ExtractOptions;
use crate::rules::Rule;
use crate::ExtractError;

/// Characters of a removed block's text shown in an explanation.
const PREVIEW_CHARS: usize = 100;

/// One removed block: the outermost element a rule removed.
#[derive(Debug, Clone)]
pub struct RemovedBlock {
    /// The rule that removed it.
    pub rule: Rule,
    /// Its element (`div`, `nav`, `li`, ...).
    pub tag: String,
    /// Visible characters of its text.
    pub chars: usize,
    /// The start of its text, whitespace-collapsed.
    pub preview: String,
}

/// An extraction with its reasons.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// What the page is.
    pub kind: PageKind,
    /// The signals that said so.
    pub evidence: Vec<&'static str>,
    /// Every removed block holding text, in document order.
    pub removed: Vec<RemovedBlock>,
    /// The extraction itself.
    pub extracted: Extracted,
}

/// The part of an [`Explanation`] the extraction pass fills in.
pub(crate) struct Trace {
    kind: PageKind,
    evidence: Vec<&'static str>,
    removed: Vec<RemovedBlock>,
}

/// Extracts `html` as [`crate::extract`] does and says why each block that
/// is not in the text was removed.
pub fn explain(
    html: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    opts: &ExtractOptions,
) -> Result<Explanation, ExtractError> {
    if let Some(n) = crate::extract::sniff_not_html(html, content_type) {
        return Err(ExtractError::NotHtml(n.what));
    }
    let (extracted, trace) = extract_traced(html, content_type, url, opts, true);
    let t = trace.unwrap_or(Trace {
        kind: PageKind::Other,
        evidence: Vec::new(),
        removed: Vec::new(),
    });
    Ok(Explanation {
        kind: t.kind,
        evidence: t.evidence,
        removed: t.removed,
        extracted,
    })
}

impl Trace {
    /// The removed blocks as metadata: `[{"rule", "tag", "chars", "text"}]`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        self.removed
            .iter()
            .map(|r| {
                serde_json::json!({
                    "rule": r.rule.name(), "tag": r.tag, "chars": r.chars, "text": r.preview,
                })
            })
            .collect()
    }
}

/// Collects the removed blocks once every removal is decided.
pub(crate) fn trace(
    dom: &Dom,
    an: &Analysis,
    roots: &[u32],
    listing: bool,
    opts: &ExtractOptions,
) -> Trace {
    let n = dom.nodes.len();
    // Inside a root's subtree, or an ancestor of a root.
    let mut in_main = vec![false; n];
    let mut holds_main = vec![false; n];
    for &r in roots {
        let mut p = dom.nodes.get(r as usize).map_or(NONE, |x| x.parent);
        while let Some(node) = dom.nodes.get(p as usize) {
            holds_main[p as usize] = true;
            p = node.parent;
        }
    }
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        in_main[i] = roots.contains(&(i as u32)) || in_main.get(p).copied().unwrap_or(false);
    }
    let pruned = content::pruned_blocks(dom, an, roots, listing, opts);
    let gone = |i: usize| dom.nodes[i].flags & (flag::REMOVED | flag::DROP) != 0;
    let mut removed = Vec::new();
    for i in 1..n {
        let node = dom.nodes[i];
        if node.tag == Tag::Text {
            continue;
        }
        let p = node.parent as usize;
        let parent_gone = p < n && gone(p);
        let rule = if gone(i) && !parent_gone {
            match dom.removed_by(i) {
                Rule::None => Rule::NeverText,
                r => r,
            }
        } else if !gone(i)
            && !in_main[i]
            && !holds_main[i]
            && (p == 0 || holds_main.get(p).copied().unwrap_or(false))
        {
            Rule::OutsideMain
        } else if pruned.binary_search(&(i as u32)).is_ok() {
            Rule::LinkDensity
        } else {
            continue;
        };
        // What it held: everything for a removal, what was left for a
        // block outside the main content (its removed parts are listed
        // on their own).
        let text = dom.subtree_text(i as u32, rule == Rule::OutsideMain);
        let text = crate::dom::collapse_ws(&text);
        if text.is_empty() {
            continue;
        }
        removed.push(RemovedBlock {
            rule,
            tag: format!("{:?}", node.tag).to_ascii_lowercase(),
            chars: text.chars().filter(|c| !c.is_whitespace()).count(),
            preview: text.chars().take(PREVIEW_CHARS).collect(),
        });
    }
    Trace {
        kind: an.kind,
        evidence: an.evidence.clone(),
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(inner: &str) -> String {
        let p = "<p>The river festival returns in July after a two-year pause, with boat races, music on the quays and a night market along the old harbour wall.</p>";
        format!(
            "<html><head><meta property=og:type content=article><title>River festival</title></head><body>\
             <nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>\
             <article><h1>River festival</h1>{p}{p}{p}{inner}</article>\
             <footer><a href=/about>About us</a> <a href=/contact>Contact</a></footer></body></html>"
        )
    }

    fn rules(e: &Explanation) -> Vec<(&'static str, String)> {
        e.removed
            .iter()
            .map(|r| (r.rule.name(), r.preview.clone()))
            .collect()
    }

    #[test]
    fn every_removed_block_names_its_rule() {
        let html = page("<p>Share this article</p><div class=related><a href=/a>Another story about boats</a></div>");
        let e = explain(html.as_bytes(), None, None, &ExtractOptions::default()).unwrap();
        assert_eq!(e.kind, PageKind::Article);
        assert!(e.evidence.contains(&"og:type article"), "{:?}", e.evidence);
        let r = rules(&e);
        assert!(r.contains(&("landmark", "Home News Sport".into())), "{r:?}");
        assert!(
            r.contains(&("furniture_line", "Share this article".into())),
            "{r:?}"
        );
        assert!(
            r.iter()
                .any(|(k, t)| *k == "boilerplate_class" && t.contains("Another story")),
            "{r:?}"
        );
        assert!(r.contains(&("headline", "River festival".into())), "{r:?}");
        // Nothing kept is listed as removed.
        assert!(!r.iter().any(|(_, t)| t.contains("night market")), "{r:?}");
        assert_eq!(
            e.extracted.text,
            extract(html.as_bytes(), None, None, &ExtractOptions::default())
                .unwrap()
                .text
        );
    }

    use crate::extract;
}
