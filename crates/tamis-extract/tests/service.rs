//! Service and company landing pages: sections whose class words mislead.

use tamis_extract::{extract, ExtractOptions};

fn text(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text
}

const INTRO: &str = "Our analytics team helps growing companies bring their scattered spreadsheets, sales records and support tickets together into one warehouse that every department can query safely.";

/// A long section of paragraphs without links, in a `cta` container.
fn prose_section() -> String {
    let p: String = (0..6)
        .map(|n| format!("<p>Step {n}: we interview the people who use the numbers every week, map where each figure comes from, and agree on one definition that finance, sales and operations can all sign off before anything is built or migrated.</p>"))
        .collect();
    format!("<div class=\"cmp-cta__container\"><h3>How an engagement runs</h3>{p}</div>")
}

fn page(head: &str, section: &str, paras: usize) -> String {
    let intro = format!("<p>{INTRO}</p>").repeat(paras);
    format!(
        "<html><head>{head}</head><body><nav><a href=/>Home</a><a href=/s>Services</a></nav><main><h1>Data platforms</h1>{intro}{section}<div class=\"cta-box\"><p>Ready to start?</p><a href=/contact>Contact us</a></div></main><footer><a href=/p>Privacy</a></footer></body></html>"
    )
}

#[test]
fn long_prose_in_a_call_to_action_class_is_content() {
    let t = text(&page("", &prose_section(), 12));
    assert!(
        t.contains("warehouse") && t.contains("Step 3: we interview"),
        "{t}"
    );
    // A real call to action (a line and a button) stays out.
    assert!(!t.contains("Ready to start?"), "{t}");
}

#[test]
fn on_an_article_the_class_still_decides() {
    // (where the box is a small part of the page's prose)
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Data platforms"}</script>"#;
    let t = text(&page(ld, &prose_section(), 12));
    assert!(
        t.contains("warehouse") && !t.contains("Step 3: we interview"),
        "{t}"
    );
}

#[test]
fn meta_classed_cards_with_a_heading_are_sections_not_bylines() {
    // A design system that names its feature cards `meta-block`.
    let card = |n: u32| {
        format!("<section class=\"hx-meta-block-section\"><h2>Service {n}</h2><p>Watch live channels and shows on any screen, number {n}.</p></section>")
    };
    let cards: String = (0..4).map(card).collect();
    let intro = "<p>Everything you need for entertainment at home, in one simple plan with no contract and no hidden fees at all.</p>";
    let html = format!(
        "<html><body><main><h1>Entertainment</h1>{intro}{intro}{cards}</main></body></html>"
    );
    let t = tamis_extract::extract(
        html.as_bytes(),
        None,
        None,
        &tamis_extract::ExtractOptions::default(),
    )
    .expect("extracts")
    .text;
    assert!(t.contains("on any screen, number 3"), "{t}");
    // On an article, a meta block is small print, heading or not.
    let article = format!(
        "<html><head><meta property=og:type content=article></head><body><article><h1>Story</h1><div class=\"post-meta\"><h4>Jane Doe</h4> 3 min read</div>{}</article></body></html>",
        intro.repeat(4)
    );
    let t = tamis_extract::extract(
        article.as_bytes(),
        None,
        None,
        &tamis_extract::ExtractOptions::default(),
    )
    .expect("extracts")
    .text;
    assert!(!t.contains("3 min read") && !t.contains("Jane Doe"), "{t}");
}
