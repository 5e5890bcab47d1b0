//! One fixture per removal rule: a small hand-written page on which the
//! rule removes one block, checked through `explain` (which names the rule
//! behind every removed block) and the text (the block is not in it).

use tamis_extract::{explain, ExtractOptions, Rule};

const PARA: &str = "<p>The river festival returns in July after a two-year pause, with boat races, music on the quays and a night market along the old harbour wall.</p>";

/// An article page: `head` in `<head>`, `before` and `after` around the
/// `<article>`, `inside` at its end.
fn article(head: &str, before: &str, inside: &str, after: &str) -> String {
    format!(
        "<html><head><meta property=og:type content=article><title>River festival</title>{head}</head><body>\
         {before}<article><h1>River festival</h1>{PARA}{PARA}{PARA}{PARA}{inside}</article>{after}</body></html>"
    )
}

/// Asserts that `rule` removed a block whose text contains `needle`, and
/// that the text does not hold it.
fn fires(rule: Rule, html: &str, needle: &str) {
    fires_with(rule, html, needle, &ExtractOptions::default());
}

fn fires_with(rule: Rule, html: &str, needle: &str, opts: &ExtractOptions) {
    let e = explain(html.as_bytes(), None, None, opts).expect("extracts");
    let hit = e
        .removed
        .iter()
        .any(|r| r.rule == rule && r.preview.contains(needle));
    assert!(
        hit,
        "{} did not remove {needle:?}; removed: {:#?}",
        rule.name(),
        e.removed
    );
    assert!(
        !e.extracted.text.contains(needle),
        "{needle:?} is in the text:\n{}",
        e.extracted.text
    );
    assert!(
        e.extracted.text.contains("night market"),
        "the article went"
    );
}

#[test]
fn never_text() {
    fires(
        Rule::NeverText,
        &article("", "", "<div><button>Load more stories</button></div>", ""),
        "Load more stories",
    );
}

#[test]
fn landmark() {
    fires(
        Rule::Landmark,
        &article(
            "",
            "<nav><a href=/>Home</a> <a href=/news>News</a></nav>",
            "",
            "",
        ),
        "Home News",
    );
}

#[test]
fn boilerplate_class() {
    fires(
        Rule::BoilerplateClass,
        &article(
            "",
            "",
            "",
            "<div class=sidebar><p>Popular this week on the site</p><a href=/a>Harbour works begin</a></div>",
        ),
        "Popular this week",
    );
}

#[test]
fn weak_class() {
    fires(
        Rule::WeakClass,
        &article(
            "",
            "",
            "",
            "<div class=copyright><a href=/terms>Terms</a> <a href=/privacy>Privacy</a> Example Media</div>",
        ),
        "Example Media",
    );
}

#[test]
fn overlay() {
    fires(
        Rule::Overlay,
        &article(
            "",
            "<div role=dialog><p>We use cookies to measure visits and you can refuse them at any time in the settings.</p></div>",
            "",
            "",
        ),
        "We use cookies",
    );
}

#[test]
fn teasers() {
    let card = |n: u32| {
        format!("<li><a href=/s/{n}>Story number {n} about the harbour</a><p>A short summary of story {n}.</p></li>")
    };
    let cards: String = (1..7).map(card).collect();
    fires(
        Rule::Teasers,
        &article("", "", "", &format!("<div><ul>{cards}</ul></div>")),
        "Story number 1",
    );
}

#[test]
fn hidden() {
    fires(
        Rule::Hidden,
        &article(
            "",
            "",
            "",
            "<div style=\"display:none\"><a href=/m>Menu for small screens</a></div>",
        ),
        "Menu for small screens",
    );
}

#[test]
fn comments() {
    fires(
        Rule::Comments,
        &article(
            "",
            "",
            "",
            "<div id=comments><p>Great article, I went last year and loved the boat races on the river.</p></div>",
        ),
        "Great article",
    );
}

#[test]
fn byline() {
    fires(
        Rule::Byline,
        &article(
            "",
            "",
            "<div class=entry-meta>Posted in Events on 3 May 2026</div>",
            "",
        ),
        "Posted in Events",
    );
}

#[test]
fn tables() {
    let opts = ExtractOptions {
        include_tables: false,
        ..ExtractOptions::default()
    };
    fires_with(
        Rule::Tables,
        &article(
            "",
            "",
            "<table><tr><td>Friday</td><td>Night concert</td></tr><tr><td>Saturday</td><td>Boat race</td></tr></table>",
            "",
        ),
        "Night concert",
        &opts,
    );
}

#[test]
fn furniture_line() {
    fires(
        Rule::FurnitureLine,
        &article("", "", "<p>Share this article</p>", ""),
        "Share this article",
    );
}

#[test]
fn furniture_heading() {
    fires(
        Rule::FurnitureHeading,
        &article(
            "",
            "",
            "<div><h3>Related stories</h3><a href=/a>Harbour</a> <a href=/b>Quays</a></div>",
            "",
        ),
        "Related stories",
    );
}

#[test]
fn disclosure() {
    fires(
        Rule::Disclosure,
        &article(
            "",
            "",
            "<div><p>Disclosure: this page holds affiliate links, and buying through them supports the festival programme at no cost to you (details on our about page)</p></div>",
            "",
        ),
        "affiliate links",
    );
}

#[test]
fn headline() {
    fires(Rule::Headline, &article("", "", "", ""), "River festival");
}

#[test]
fn link_density() {
    let links: String = (1..6)
        .map(|n| format!("<a href=/t/{n}>topic {n}</a> "))
        .collect();
    fires(
        Rule::LinkDensity,
        &article("", "", &format!("<div>{links}</div>"), ""),
        "topic 3",
    );
}

#[test]
fn outside_main() {
    fires(
        Rule::OutsideMain,
        &article(
            "",
            "",
            "",
            "<div><p>Opening hours of the town hall: weekdays from nine to five.</p></div>",
        ),
        "Opening hours",
    );
}

#[test]
fn reviews() {
    let html = format!(
        "<html><head><title>Festival boat kit</title><script type=\"application/ld+json\">\
         {{\"@type\":\"Product\",\"name\":\"Festival boat kit\",\"offers\":{{\"price\":\"40\"}}}}</script></head><body>\
         <main><h1>Festival boat kit</h1>{PARA}{PARA}{PARA}{PARA}</main>\
         <div itemprop=review><p>Bought two kits for the school team and both boats floated on the first try.</p></div></body></html>"
    );
    let e = explain(html.as_bytes(), None, None, &ExtractOptions::default()).unwrap();
    assert!(
        e.removed
            .iter()
            .any(|r| r.rule == Rule::Reviews && r.preview.contains("Bought two kits")),
        "{:#?}",
        e.removed
    );
    assert!(!e.extracted.text.contains("Bought two kits"));
}

#[test]
fn counter() {
    let post = |n: u32| {
        format!(
            "<div class=post><div class=post-votes><span>{n}</span></div><div class=post-text><p>Reply number {n}: the junior race \
             starts at ten from the bridge by the mill, so come early to find a place on the quay.</p></div></div>"
        )
    };
    let posts: String = (1..5).map(post).collect();
    let html = format!(
        "<html><head><title>When does the boat race start?</title><script type=\"application/ld+json\">\
         {{\"@type\":\"QAPage\"}}</script></head><body><h1>When does the boat race start?</h1><div class=thread>{posts}</div></body></html>"
    );
    let e = explain(html.as_bytes(), None, None, &ExtractOptions::default()).unwrap();
    assert!(
        e.removed.iter().any(|r| r.rule == Rule::Counter),
        "{:#?}",
        e.removed
    );
    assert!(
        e.extracted.text.contains("Reply number 3"),
        "{}",
        e.extracted.text
    );
    assert!(
        !e.extracted.text.lines().any(|l| l.trim() == "3"),
        "{}",
        e.extracted.text
    );
}

#[test]
fn every_rule_has_a_fixture_here() {
    let src = include_str!("rules.rs");
    for r in Rule::ALL {
        let variant = format!("Rule::{r:?}");
        assert!(
            src.matches(&variant).count() >= 1,
            "no fixture for {variant}"
        );
    }
}

#[test]
fn docs_extraction_lists_every_rule_with_its_meaning() {
    let doc = include_str!("../../../docs/extraction.md");
    for r in Rule::ALL {
        let row = format!("| `{}` | {} |", r.name(), r.doc());
        assert!(
            doc.contains(&row),
            "docs/extraction.md lacks the row\n{row}"
        );
    }
}
