//! Listing and shop category pages: their item grids are the content.

use tamis_extract::{extract, ExtractOptions};

fn text(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text
}

/// A consent notice as long as cookie banners get.
fn consent_box() -> String {
    let p = "We and our many partners store and access information on your device, such as cookies and unique identifiers, to personalise ads and content, measure audiences and develop and improve services. ";
    format!(
        "<div class=\"consent-banner\"><h2>We care about your privacy</h2><p>{}</p></div>",
        p.repeat(12)
    )
}

#[test]
fn a_cookie_banner_does_not_outweigh_a_recipe_grid() {
    let card = |n: u32| {
        format!("<a class=\"card\" href=\"/r/{n}\"><div class=\"card-content\"><span class=\"card-title\">Easy weeknight dinner number {n} with chicken and rice</span></div></a>")
    };
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

#[test]
fn woocommerce_product_tags_do_not_make_products_boilerplate() {
    // `wc_product_class()` names each product's tags: `product_tag-sale`
    // would read as the boilerplate word `tag`.
    let product = |n: u32| {
        format!(
            "<li class=\"product type-product post-{n}12 status-publish instock product_cat-cups product_tag-sale product_tag-gift-{n} has-post-thumbnail\">\
             <a href=\"/p/{n}\" class=\"woocommerce-LoopProduct-link\"><h2 class=\"woocommerce-loop-product__title\">Glass travel cup model {n}</h2>\
             <span class=\"price\">$2{n}.95</span></a></li>"
        )
    };
    let items: String = (0..12).map(product).collect();
    let html = format!(
        "<html><body><nav><a href=/>Shop</a> <a href=/c>Cups</a></nav><main><h1>Shop</h1><p>Showing all 12 results</p>\
         <ul class=\"products columns-4\">{items}</ul></main><footer>Customer care</footer></body></html>"
    );
    let t = text(&html);
    assert!(t.contains("Glass travel cup model 11"), "{t}");
    assert!(t.contains("$211.95"), "{t}");
}

#[test]
fn bootstrap_thumbnail_captions_are_the_items_of_a_shop_grid() {
    // Bootstrap's thumbnail component puts a product's name and price in
    // `<div class="caption">`, a word that elsewhere means a photo credit.
    let tile = |n: u32| {
        format!(
            "<div class=\"col-md-4 category-product\"><div class=\"thumbnail\"><a href=\"/p/{n}\"><img src=\"/i/{n}.jpg\"></a>\
             <div class=\"caption\"><a href=\"/p/{n}\">Short throw laser projector model {n} with 5000 lumens and built-in speakers</a>\
             <p>Price: $1,{n}99.00</p></div></div></div>"
        )
    };
    let tiles: String = (0..12).map(tile).collect();
    let menu: String = (0..40)
        .map(|n| format!("<li><a href=/c/{n}>Category {n}</a></li>"))
        .collect();
    let html = format!(
        "<html><body><div class=\"navbar\"><ul>{menu}</ul></div><main><h1>4K projectors</h1><p>Products 1-12 of 12</p>\
         <div class=\"row\">{tiles}</div></main><footer>Projector shop</footer></body></html>"
    );
    let t = text(&html);
    assert!(t.contains("projector model 11 with 5000 lumens"), "{t}");
    assert!(t.contains("Price: $1,1199.00"), "{t}");
    assert!(!t.contains("Category 7"), "{t}");
}

#[test]
fn tailwind_hidden_on_phones_only_is_shown() {
    // `hidden md:block`: hidden below the `md` breakpoint, shown on desktop.
    let p = "<p>The committee met on a wet Tuesday to weigh the proposal in detail, and agreed to fund the reading room for another year.</p>";
    let html = format!(
        "<html><body><main>{p}{p}{p}<div class=\"hidden md:block\"><p>Opening hours change in winter: the room closes at six on weekdays.</p></div>\
         <div class=\"hidden\"><p>Screen text that no one sees on any device at all.</p></div></main></body></html>"
    );
    let t = text(&html);
    assert!(t.contains("closes at six on weekdays"), "{t}");
    assert!(!t.contains("no one sees"), "{t}");
}

#[test]
fn a_listing_keeps_its_intro_beside_the_item_grid() {
    // The category's intro sits in a sibling of the grid, holding a fifth
    // of the text: the listing is their common parent, not the grid alone.
    let item = |n: u32| {
        format!("<li class=\"result\"><a href=\"/job/{n}\"><h3>Senior gardener number {n}</h3></a><span>Leeds, full time</span></li>")
    };
    let items: String = (0..10).map(item).collect();
    let html = format!(
        "<html><body><nav><a href=/>Jobs</a> <a href=/c>Companies</a></nav><main>\
         <div class=\"intro\"><h1>Gardening jobs</h1><p>Outdoor roles in parks and estates, updated daily by our team.</p></div>\
         <div class=\"list\"><ul class=\"results\">{items}</ul></div></main></body></html>"
    );
    let t = text(&html);
    assert!(t.contains("Senior gardener number 9"), "{t}");
    assert!(t.contains("updated daily by our team"), "{t}");
}

#[test]
fn shop_grid_buttons_are_not_content() {
    let tile = |n: u32| {
        format!(
            "<div class=\"product-item\"><a href=\"/p/{n}\"><h3>Ergonomic office chair model {n} with mesh back</h3></a><span class=\"price\">${n}49.00</span>\
             <div><button>Quick view</button><a href=\"/cmp/{n}\">Quick view</a></div><div><a href=\"/c/{n}\">Compare</a></div><div><a href=\"/o/{n}\">Choose options</a></div></div>"
        )
    };
    let tiles: String = (0..10).map(tile).collect();
    let html = format!("<html><body><main><h1>Office chairs</h1><div class=\"products\">{tiles}</div></main></body></html>");
    let t = text(&html);
    assert!(t.contains("office chair model 9 with mesh back"), "{t}");
    for gone in ["Quick view", "Compare", "Choose options"] {
        assert!(!t.contains(gone), "kept {gone:?} in:\n{t}");
    }
}

#[test]
fn category_rows_of_a_recipe_index_are_its_content() {
    // Each row of recipe links holds a small share of the page, so each
    // alone looks like a teaser strip; together they dwarf the intro.
    let row = |r: u32| {
        let cards: String = (0..6)
            .map(|n| format!("<a class=\"card\" href=\"/r/{r}{n}\"><div class=\"card-title\">Slow cooker chicken recipe {r}-{n} for busy weeknights</div></a>"))
            .collect();
        // Rows styled apart (a featured row, a carousel...): not alike items.
        let kind = ["featured", "carousel", "grid", "strip"][r as usize % 4];
        format!("<section class=\"{kind}\"><h2>Row {r} of favourites</h2><div class=\"cards\">{cards}</div></section>")
    };
    let rows: String = (0..4).map(row).collect();
    let html = format!(
        "<html><body><header><a href=/>Home</a> <a href=/r>Recipes</a></header><main><h1>Dinner recipes</h1>\
         <p>Dinner is the meal we cook most, so here are the ones our readers make again and again, tested in our kitchen.</p>{rows}</main>\
         <footer><a href=/about>About</a></footer></body></html>"
    );
    let t = text(&html);
    assert!(
        t.contains("Slow cooker chicken recipe 3-5 for busy weeknights"),
        "{t}"
    );
    assert!(t.contains("make again and again"), "{t}");
}

#[test]
fn a_wordpress_archive_is_a_listing_whatever_og_type_says() {
    // SEO plugins print `og:type article` on category archives too; the
    // body class `archive` says what the page is.
    let card = |n: u32| {
        format!(
            "<article class=\"post-summary\"><a href=\"/r/{n}\"><img src=\"/i/{n}.jpg\"><div class=\"meta\">{n} reviews / 5 average</div>\
             <div class=\"title\">Crispy air fryer dinner number {n}</div></a></article>"
        )
    };
    let rows: String = (0..4)
        .map(|r| {
            format!(
                "<section class=\"row\"><h2>Row {r}</h2><div class=\"posts\">{}</div></section>",
                (r * 6..r * 6 + 6).map(card).collect::<String>()
            )
        })
        .collect();
    let html = format!(
        "<html><head><meta property=\"og:type\" content=\"article\"></head><body class=\"archive category category-air-fryer\">\
         <nav><a href=/>Home</a> <a href=/recipes>Recipes</a></nav><main><h1>Air fryer recipes</h1>\
         <p>The air fryer is a weeknight dinner superstar: perfectly cooked proteins, the crispiest vegetables, and frozen fries in minutes.</p>\
         {rows}</main><footer>About us</footer></body></html>"
    );
    let t = text(&html);
    assert!(t.contains("Crispy air fryer dinner number 23"), "{t}");
}

#[test]
fn card_buttons_are_not_content() {
    // "Apply now", "See details", "Read full article": each card's button.
    let card = |n: u32| {
        format!(
            "<li class=\"job\"><h3><a href=\"/j/{n}\">Senior backend engineer number {n}</a></h3><p>Remote, four-day week, full benefits and a learning budget.</p>\
             <div><a class=\"btn\" href=\"/j/{n}/apply\">Apply now</a></div><div><a href=\"/j/{n}\">See details</a></div></li>"
        )
    };
    let cards: String = (0..10).map(card).collect();
    let html = format!("<html><body><nav><a href=/>Jobs</a></nav><main><h1>Remote jobs</h1><ul class=\"jobs\">{cards}</ul></main></body></html>");
    let t = text(&html);
    assert!(t.contains("Senior backend engineer number 9"), "{t}");
    assert!(
        !t.contains("Apply now") && !t.contains("See details"),
        "{t}"
    );
}
