//! Rule `reviews`: on a page that declares one product, customer-review
//! sections are user comments, not the product's description.
//!
//! Example: a shop page with schema.org `Product` and an offer, and a
//! `<div itemprop="review">` per customer review: the reviews go; a page
//! that is itself a review keeps its text.

use crate::dom::{Dom, NONE};

/// On a product page, per node: a customer-review section (by class, id or
/// microdata). Shoppers' reviews are not the product's description: they
/// are user comments, and extraction benchmarks and readers leave them out
/// like an article's comments. Sections around the product's `<h1>` are
/// wrappers, not reviews. Empty when the page does not declare a product.
pub(crate) fn review_sections(dom: &Dom) -> Vec<bool> {
    let m = &dom.meta;
    if m.review_nodes.is_empty() || !declares_product(dom) {
        return Vec::new();
    }
    let n = dom.nodes.len();
    let mut holds_h1 = vec![false; n];
    for &h in &m.h1 {
        let mut c = h;
        let mut steps = 0;
        while c != NONE && steps < 4096 {
            let Some(slot) = holds_h1.get_mut(c as usize) else {
                break;
            };
            if *slot {
                break;
            }
            *slot = true;
            c = dom.nodes.get(c as usize).map_or(NONE, |x| x.parent);
            steps += 1;
        }
    }
    let mut out = vec![false; n];
    for &r in &m.review_nodes {
        let r = r as usize;
        if r < n && !holds_h1[r] {
            out[r] = true;
        }
    }
    out
}

/// The page says it is about one product: schema.org `Product` in JSON-LD
/// (with an offer: service pages declare a `Product` only to show their
/// rating stars in search results) or microdata, or `og:type` product.
pub(crate) fn declares_product(dom: &Dom) -> bool {
    let m = &dom.meta;
    m.product_microdata
        || m.metas
            .iter()
            .any(|(k, v)| k == "og:type" && v.to_ascii_lowercase().contains("product"))
        || m.json_ld
            .iter()
            .any(|s| json_ld_declares(s, "Product") && s.contains("\"offers\""))
}

/// `"@type": "<ty>"` (or a list holding it) appears in a JSON-LD body.
pub(crate) fn json_ld_declares(s: &str, ty: &str) -> bool {
    let quoted = format!("\"{ty}\"");
    let mut rest = s;
    while let Some(k) = rest.find("\"@type\"") {
        rest = &rest[k + 7..];
        let v = rest
            .trim_start()
            .trim_start_matches(':')
            .trim_start()
            .trim_start_matches('[')
            .trim_start();
        if v.starts_with(&quoted) {
            return true;
        }
    }
    false
}
