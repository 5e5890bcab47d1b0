//! Listing and shop category pages: their item grids are the content.

use tamis_extract::{extract, ExtractOptions};

fn text(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default()).expect("extracts").text
}

/// A consent notice as long as cookie banners get.
fn consent_box() -> String {
    let p = "We and our many partners store and access information on your device, such as cookies and unique identifiers, to personalise ads and content, measure audiences and develop and improve services. ";
    format!("<div class=\"consent-banner\"><h2>We care about your privacy</h2><p>{}</p></div>", p.repeat(12))
}

#[test]
fn a_cookie_banner_does_not_outweigh_a_recipe_grid() {
    let card = |n: u32| format!("<a class=\"card\" href=\"/r/{n}\"><div class=\"card-content\"><span class=\"card-title\">Easy weeknight dinner number {n} with chicken and rice</span></div></a>");
    let cards: String = (0..16).map(card).collect();
    let html = format!(
        "<html><body><header><a href=/>Recipes</a> <a href=/d>Dinners</a></header><main><h1>Dinner recipes</h1>\
         <p>What's for dinner tonight?</p><div class=\"grid\">{cards}</div></main>{}<footer>About us</footer></body></html>",
        consent_box()
    );
    let t = text(&html);
    assert!(t.contains("Easy weeknight dinner number 15"), "{t}");
    assert!(!t.contains("partners store"), "{t}");
}
