//! Service and company landing pages: sections whose class words mislead.

use tamis_extract::{extract, ExtractOptions};

fn text(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default()).expect("extracts").text
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
    assert!(t.contains("warehouse") && t.contains("Step 3: we interview"), "{t}");
    // A real call to action (a line and a button) stays out.
    assert!(!t.contains("Ready to start?"), "{t}");
}

#[test]
fn on_an_article_the_class_still_decides() {
    // (where the box is a small part of the page's prose)
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Data platforms"}</script>"#;
    let t = text(&page(ld, &prose_section(), 12));
    assert!(t.contains("warehouse") && !t.contains("Step 3: we interview"), "{t}");
}
