//! Product and landing pages: what is the product's content and what is not.

use tamis_extract::{extract, ExtractOptions};

fn text(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text
}

const DESCRIPTION: &str = "This kettle boils a litre of water in under three minutes, keeps it warm for an hour and switches itself off when the pot runs dry, so you never burn the element.";

fn review(n: u32) -> String {
    format!(
        "<div class=\"review-card\"><b>Shopper {n}</b><span>5 stars</span><p>I bought this for my mother and she uses it every single morning, it is quiet and the handle stays cool, number {n}. The lid opens wide enough to fill it at the small kitchen tap, and the cord is long enough to reach the socket behind the bread bin.</p><button>Was this helpful?</button></div>"
    )
}

fn page(head: &str) -> String {
    let reviews: String = (0..6).map(review).collect();
    format!(
        "<html><head>{head}</head><body><nav><a href=/>Home</a><a href=/k>Kitchen</a></nav><main><h1>Steel Kettle</h1><p>{DESCRIPTION}</p><ul><li>Capacity: 1.7 litres</li><li>Power: 2200 W</li></ul><section class=\"pdp-ratings-reviews\"><h2>Customer reviews</h2>{reviews}</section></main><footer><a href=/p>Privacy</a></footer></body></html>"
    )
}

#[test]
fn customer_reviews_are_not_a_products_content() {
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Steel Kettle","offers":{"@type":"Offer","price":"39.00"}}</script>"#;
    let t = text(&page(ld));
    assert!(
        t.contains("boils a litre of water") && t.contains("Capacity: 1.7 litres"),
        "{t}"
    );
    assert!(!t.contains("she uses it every single morning"), "{t}");
    // Even when the reviews are most of the page's prose.
    let many: String = (0..30).map(review).collect();
    let t = text(&page(ld).replace(
        "<section class=\"pdp-ratings-reviews\">",
        &format!("<section class=\"pdp-ratings-reviews\">{many}"),
    ));
    assert!(
        t.contains("boils a litre of water") && !t.contains("she uses it every single morning"),
        "{t}"
    );
    // Microdata says the same.
    let t = text(&page("").replace(
        "<main>",
        "<main itemscope itemtype=\"https://schema.org/Product\">",
    ));
    assert!(
        t.contains("boils a litre of water") && !t.contains("she uses it every single morning"),
        "{t}"
    );
}

#[test]
fn reviews_stay_where_no_product_is_offered() {
    // No product declared: a landing page's testimonials are its content.
    let t = text(&page(""));
    assert!(
        t.contains(
            "she uses it every single morning, it is quiet and the handle stays cool, number 5"
        ),
        "{t}"
    );
    // A `Product` without an offer is a rating-stars trick of service pages.
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type": "Product","name":"Plumbing","aggregateRating":{"@type":"AggregateRating","ratingValue":"5"}}</script>"#;
    let t = text(&page(ld));
    assert!(t.contains("handle stays cool, number 5"), "{t}");
}

#[test]
fn a_footer_of_links_is_never_the_content() {
    // A script-rendered shop: the markup holds nothing but its legal footer.
    let html = "<html><head><title>Kettle</title></head><body><div id=root></div><footer><div><a href=/a>Intellectual Property Protection</a> - <a href=/b>Privacy Policy</a> - <a href=/c>Sitemap</a> - <a href=/d>Terms of Use</a> - <a href=/e>Legal Information</a> - Copyright 2010-2025 Shop.com. All rights reserved.</div></footer></body></html>";
    let t = text(html);
    assert!(!t.contains("Privacy Policy"), "{t}");
}

#[test]
fn hidden_tab_and_read_more_panels_are_content() {
    let specs = "Capacity 1.7 litres, power 2200 W, stainless steel body with a limescale filter you can take out and rinse under the tap.";
    let html = format!(
        "<html><body><main><h1>Steel Kettle</h1><p>{DESCRIPTION}</p><div role=tablist><button role=tab aria-controls=\"tab-specs\" aria-expanded=false>Specifications</button></div><div id=\"tab-specs\" style=\"display:none\"><p>{specs}</p></div><button aria-controls=\"more-1\" aria-expanded=false>Read more</button><div id=\"more-1\" aria-hidden=true style=\"display: none\"><p>Made in a small factory by the river that has built kettles since 1921.</p></div><div id=\"machine-copy\" style=\"display:none\"><p>Tracking pixel container text that no reader ever sees on this page.</p></div></main></body></html>"
    );
    let t = text(&html);
    assert!(
        t.contains("limescale filter") && t.contains("kettles since 1921"),
        "{t}"
    );
    assert!(!t.contains("Tracking pixel"), "{t}");
    // An accordion panel in a hidden collapse wrapper.
    let html = format!(
        "<html><body><main><h1>Kettle</h1><p>{DESCRIPTION}</p><button aria-controls=\"acc-1\" aria-expanded=false>Specifications</button><div style=\"overflow:hidden;display:none\"><div id=\"acc-1\" role=region><p>{specs}</p></div></div></main></body></html>"
    );
    assert!(text(&html).contains("limescale filter"));
    // A jQuery UI / Bootstrap tab nav of in-page links.
    let html = format!(
        "<html><body><main><h1>Kettle</h1><p>{DESCRIPTION}</p><ul class=tabs-nav><li><a class=tab-link href=\"#tab-2\">Specs</a></li></ul><div id=\"tab-2\" class=\"ui-tabs-hide\"><p>{specs}</p></div></main></body></html>"
    );
    assert!(text(&html).contains("limescale filter"));
    // role=tabpanel says the same without a control.
    let html = format!("<html><body><main><h1>Kettle</h1><p>{DESCRIPTION}</p><div role=tabpanel hidden><p>{specs}</p></div></main></body></html>");
    assert!(text(&html).contains("limescale filter"));
}

#[test]
fn shop_testimonials_are_not_a_products_content() {
    let quote = |n: u32| {
        format!("<div class=\"testimonial-item\"><p>The nicest shop I have ever ordered from, fast delivery and lovely packaging every single time, says happy customer number {n}.</p></div>")
    };
    let quotes: String = (0..4).map(quote).collect();
    let ld = r#"<script type="application/ld+json">{"@type":"Product","name":"Steel Kettle","offers":{"price":"39.00"}}</script>"#;
    let html = format!("<html><head>{ld}</head><body><main><h1>Steel Kettle</h1><p>{DESCRIPTION}</p><div class=\"testimonials-slider\"><h2>What our clients say</h2>{quotes}</div></main></body></html>");
    let t = text(&html);
    assert!(
        t.contains("boils a litre of water") && !t.contains("happy customer number"),
        "{t}"
    );
}

#[test]
fn described_feature_cards_are_a_landing_pages_content() {
    let card = |n: u32| {
        format!("<div class=feature><h3>Feature {n}: shift scheduling for busy teams</h3><p>Schedule shifts for the whole team in minutes, and let people swap them without calling the manager, number {n}.</p><a href=/f/{n}>Learn more about feature {n}</a></div>")
    };
    let cards: String = (0..4).map(card).collect();
    let intro: String = (0..4)
        .map(|n| format!("<p>Part {n} of the pitch. {DESCRIPTION}</p>"))
        .collect();
    let body = format!("<body><main><h1>Scheduling software</h1>{intro}<div class=features>{cards}</div></main></body>");
    let t = text(&format!("<html>{body}</html>"));
    assert!(t.contains("without calling the manager, number 3"), "{t}");
    // Cards led by a link (a headline) are teasers for other pages, and on
    // an article a list of them is teasers for other articles.
    let teaser = |n: u32| {
        format!("<div class=feature><h3><a href=/f/{n}>Feature {n}: shift scheduling for busy teams</a></h3><p>Schedule shifts for the whole team in minutes, and let people swap them without calling the manager, number {n}.</p></div>")
    };
    let teasers: String = (0..4).map(teaser).collect();
    let body = body.replace(&cards, &teasers);
    assert!(!text(&format!("<html>{body}</html>")).contains("without calling the manager"));
    let prose: String = (0..4)
        .map(|n| format!("<p>Paragraph {n} of the story. {DESCRIPTION}</p>"))
        .collect();
    let t = text(&format!(
        "<html><head><meta property=og:type content=article></head>{}</html>",
        body.replace(
            "<div class=features>",
            &format!("{prose}<div class=features>")
        )
    ));
    assert!(!t.contains("without calling the manager"), "{t}");
}
