//! Title, date and author rules on small hand-written pages.

use tamis_extract::{extract, ExtractOptions};

fn run(html: &str) -> tamis_extract::Extracted {
    extract(html.as_bytes(), None, None, &ExtractOptions::default()).expect("extracts")
}

fn run_url(html: &str, url: &str) -> tamis_extract::Extracted {
    extract(html.as_bytes(), None, Some(url), &ExtractOptions::default()).expect("extracts")
}

/// A page with `head` extras, a header block after the `<h1>`, and a body.
fn page(head: &str, header: &str, extra: &str) -> String {
    let body = "<p>The gardeners of the east side met on a cold morning to plan the new season of vegetable beds, \
                compost bins and shared tools for everyone who lives along the canal.</p>"
        .repeat(4);
    format!(
        "<html><head><title>Planning the spring beds | Canal Gardens</title>{head}</head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a></nav>\
         <article><h1>Planning the spring beds</h1>{header}{body}</article>{extra}\
         <footer>Canal Gardens association</footer></body></html>"
    )
}

const LD_PUBLISHED: &str = r#"<script type="application/ld+json">{"@type":"BlogPosting","headline":"Planning the spring beds","datePublished":"2021-04-02T08:00:00Z","dateModified":"2024-06-30T10:00:00Z"}</script>"#;

#[test]
fn header_date_under_the_headline_wins() {
    let e = run(&page(
        LD_PUBLISHED,
        "<div class=info><span>By Ana Lima</span> <span>March 3, 2024</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-03-03"));
    // Written in other languages and orders.
    let e = run(&page("", "<p class=x>Publié le 4 septembre 2023</p>", ""));
    assert_eq!(e.date.as_deref(), Some("2023-09-04"));
    let e = run(&page(
        "",
        "<div><span>Published on</span> <span>Dec 26, 2025</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2025-12-26"));
}

#[test]
fn an_update_alone_defers_to_the_declared_publication_date() {
    let e = run(&page(
        LD_PUBLISHED,
        "<div><span>Last updated:</span> <span>June 30, 2024</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2021-04-02T08:00:00Z"));
    // Without a declared date, the update is the page's date.
    let e = run(&page(
        "",
        "<div><span>Last updated:</span> <span>June 30, 2024</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-06-30"));
    // When the header shows both, the publication date.
    let e = run(&page(
        "",
        "<p>Updated June 30, 2024</p><p>Originally published April 2, 2021</p>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2021-04-02"));
}

#[test]
fn time_markup_says_which_date_it_is() {
    let header = r#"<div class=meta><time class=updated itemprop=dateModified datetime="2024-06-30T10:00:00Z">June 30, 2024</time>
        <time class="entry-date published" itemprop=datePublished datetime="2021-04-02T08:00:00Z">April 2, 2021</time></div>"#;
    let e = run(&page("", header, ""));
    assert_eq!(e.date.as_deref(), Some("2021-04-02T08:00:00Z"));
}

#[test]
fn the_day_shown_beats_a_utc_timestamp_a_day_apart() {
    let e = run(&page(
        "",
        r#"<p>Posted <time datetime="2024-04-17T23:13:04Z">April 18, 2024</time></p>"#,
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-04-18"));
}

#[test]
fn a_shown_day_keeps_the_declared_time() {
    let head = r#"<meta property="article:published_time" content="2022-11-09T11:01:10-05:00">"#;
    let e = run(&page(head, "<p>November 9, 2022</p>", ""));
    assert_eq!(e.date.as_deref(), Some("2022-11-09T11:01:10-05:00"));
}

#[test]
fn ambiguous_numeric_dates_follow_the_declared_date() {
    // Read day-first, 09.10.2024 is 9 October; the page declares 10 September.
    let head = r#"<meta property="article:published_time" content="2024-09-10">"#;
    let e = run(&page(
        head,
        "<div class=byline><span>By Jo</span><span>09.10.2024</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-09-10"));
    let e = run(&page(
        "",
        "<div class=byline><span>By Jo</span><span>09.10.2024</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-10-09"));
}

#[test]
fn dates_that_are_not_the_page_date_are_skipped() {
    // A member's join date, an offer's validity, a data table, a sidebar list.
    let header = "<div class=user><span>Joined: 4 Jul 2012</span></div>\
                  <p>The seed sale is valid November 26 – December 3, 2025.</p><p>Limited time offer ~ redeem by 12.31.25</p>\
                  <table><tr><td>2013-01-01</td><td>12</td></tr><tr><td>2013-02-01</td><td>15</td></tr></table>";
    let sidebar = "<aside><h3>Latest</h3><ul><li><a href=/a>Other story</a> <span>May 1, 2025</span></li></ul></aside>";
    let head = r#"<meta property="article:published_time" content="2024-02-24">"#;
    let e = run(&page(head, header, sidebar));
    assert_eq!(e.date.as_deref(), Some("2024-02-24"));
}

#[test]
fn forum_thread_takes_the_first_post_not_the_last_reply() {
    let header = "<div class=stats><span>last post by</span> <a href=/u/b>bo</a> <span>Sep 26, 2024</span></div>\
                  <div class=post><span>Discussion starter</span> <span>#1</span> <span>Jan 3, 2024</span></div>";
    let e = run(&page("", header, ""));
    assert_eq!(e.date.as_deref(), Some("2024-01-03"));
}

#[test]
fn date_from_the_url_when_the_page_shows_none() {
    let e = run_url(
        &page("", "", ""),
        "https://example.org/2023/05/17/spring-beds/",
    );
    assert_eq!(e.date.as_deref(), Some("2023-05-17"));
}

/// A page with the given `<head>` extras and `<body>`, with enough prose to extract.
fn doc(head: &str, body: &str) -> String {
    let prose =
        "<p>Volunteers repaired the old footbridge over the weekend, replacing rotten planks, \
                 painting the rails and clearing the brambles that had grown over the steps.</p>"
            .repeat(4);
    format!("<html><head>{head}</head><body>{body}<div class=content>{prose}</div></body></html>")
}

#[test]
fn an_articles_visible_headline_beats_its_seo_title() {
    let head = r#"<title>Footbridge repair guide 2025 | Riverside News</title><meta property="og:type" content="article">
        <meta property="og:title" content="Footbridge repair guide 2025">"#;
    let e = run(&doc(
        head,
        "<article><h1>How volunteers saved the old footbridge</h1></article>",
    ));
    assert_eq!(
        e.title.as_deref(),
        Some("How volunteers saved the old footbridge")
    );
    // Beside a logo <h1> too.
    let head2 = format!(r#"{head}<meta property="og:site_name" content="Riverside News">"#);
    let e = run(&doc(&head2, "<div class=logo><h1>Riverside News</h1></div><article><h1>How volunteers saved the old footbridge</h1></article>"));
    assert_eq!(
        e.title.as_deref(),
        Some("How volunteers saved the old footbridge")
    );
    // A one-word section name is not.
    let e = run(&doc(head, "<article><h1>News</h1></article>"));
    assert_eq!(e.title.as_deref(), Some("Footbridge repair guide 2025"));
}

#[test]
fn an_h1_that_is_the_site_name_is_not_the_title() {
    let head = r#"<title>Bridge saved by volunteers | Riverside News</title><meta property="og:type" content="article">
        <meta property="og:site_name" content="Riverside News">"#;
    let e = run(&doc(head, "<h1>Riverside News</h1>"));
    assert_eq!(e.title.as_deref(), Some("Bridge saved by volunteers"));
    // Nor one the title merely mentions.
    let head = r#"<title>How the town council, the rowing club and Discord volunteers rebuilt the bridge · blog</title>"#;
    let e = run(&doc(head, "<div><h1>Discord</h1></div>"));
    assert_eq!(
        e.title.as_deref(),
        Some("How the town council, the rowing club and Discord volunteers rebuilt the bridge")
    );
}

#[test]
fn the_site_name_after_a_headline_is_dropped() {
    let head = r#"<title>Bridge saved – Riverside News - Riverside News</title><meta property="og:site_name" content="Riverside News">"#;
    let e = run(&doc(head, "<h1>Bridge saved – Riverside News</h1>"));
    assert_eq!(e.title.as_deref(), Some("Bridge saved"));
    // A short <h1> at the start of the <title> is its headline.
    let head = r#"<title>Flexbox - Learn layout | Docs Site</title>"#;
    let e = run(&doc(head, "<h1>Flexbox</h1>"));
    assert_eq!(e.title.as_deref(), Some("Flexbox"));
}

#[test]
fn json_ld_headline_entities_are_decoded() {
    let head = r#"<script type="application/ld+json">{"@type":"Article","headline":"Gold&#039;s bridge &#8211; a repair"}</script>"#;
    let e = run(&doc(head, ""));
    assert_eq!(e.title.as_deref(), Some("Gold's bridge – a repair"));
}

#[test]
fn author_names_without_labels_entities_or_user_card_stats() {
    let ld = r#"<script type="application/ld+json">{"@type":"Article","headline":"H","author":{"@type":"Person","name":"Maria &amp; Kat"}}</script>"#;
    assert_eq!(run(&doc(ld, "")).author.as_deref(), Some("Maria & Kat"));
    let meta = r#"<meta name="author" content="Written By: Tom Reed">"#;
    assert_eq!(run(&doc(meta, "")).author.as_deref(), Some("Tom Reed"));
    // A forum user card: the name, not the badges or the avatar's initial.
    let card = r#"<div itemprop="author"><a href="/u/1">drat</a> <span>1,655</span><span>11 gold badges</span><span>14 silver badges</span></div>"#;
    assert_eq!(run(&doc("", card)).author.as_deref(), Some("drat"));
    let card = r#"<div itemprop="author"><span>JosephF</span> <span>J</span></div>"#;
    assert_eq!(run(&doc("", card)).author.as_deref(), Some("JosephF"));
}

#[test]
fn placeholders_and_ids_are_not_authors() {
    for junk in [
        "undefined",
        "page.head.extra.author",
        "262588213843476",
        "{{ post.author }}",
        "admin",
    ] {
        let meta = format!(r#"<meta name="author" content="{junk}">"#);
        assert_eq!(run(&doc(&meta, "")).author, None, "{junk}");
    }
}

#[test]
fn numeric_dates_after_labels_and_other_date_tags() {
    let e = run(&page(
        "",
        "<div class=byline><span>By Jo</span> <span>Last Updated: 2025-02-22</span></div>",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2025-02-22"));
    // A date-named meta tag of a documentation site.
    let e = run(&page(
        r#"<meta name="docs.date" content="03/06/2025">"#,
        "",
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2025-03-06"));
    // But not an expiry.
    let e = run(&page(
        r#"<meta name="offer-end-date" content="2025-03-06">"#,
        "",
        "",
    ));
    assert_eq!(e.date, None);
}

#[test]
fn url_dates_in_paths_and_against_ambiguous_shown_dates() {
    let e = run_url(
        &page("", "", ""),
        "https://example.org/blog/2023/october/03/beds/",
    );
    assert_eq!(e.date.as_deref(), Some("2023-10-03"));
    // A day-first date shown on the page, read with the permalink's help.
    let e = run_url(
        &page("", "<div class=date>03/10/2023</div>", ""),
        "https://example.org/blog/2023/october/03/beds/",
    );
    assert_eq!(e.date.as_deref(), Some("2023-10-03"));
}

#[test]
fn a_logo_h1_named_like_the_host_or_the_title_tail_is_not_the_title() {
    let head = "<title>Which saw for hardwood? - Woodshop.org</title>";
    let e = run_url(
        &doc(head, "<h1>Woodshop.org</h1>"),
        "https://forums.woodshop.org/t/123",
    );
    assert_eq!(e.title.as_deref(), Some("Which saw for hardwood?"));
    let head = "<title>Which saw for hardwood? - Bench Talk</title>";
    let e = run(&doc(head, "<h1>Bench Talk</h1>"));
    assert_eq!(e.title.as_deref(), Some("Which saw for hardwood?"));
    // A trailing month is not a site name.
    let head = "<title>The best hand saws - March 2026</title>";
    let e = run(&doc(head, "<h1>The best hand saws - March 2026</h1>"));
    assert_eq!(e.title.as_deref(), Some("The best hand saws - March 2026"));
}

#[test]
fn without_an_h1_the_heading_that_reads_as_the_title_anchors_the_header() {
    let prose = "<p>Volunteers repaired the old footbridge over the weekend, replacing rotten planks and painting the rails.</p>".repeat(4);
    let html = format!(
        "<html><head><title>Footbridge repaired | Riverside</title></head><body>\
         <div class=top><span>Last visit was: Mon Mar 02, 2026</span></div>\
         <h2>Footbridge repaired</h2><p class=x>by Ana » Tue Aug 27, 2019 1:47 am</p>{prose}</body></html>"
    );
    let e = run(&html);
    assert_eq!(e.title.as_deref(), Some("Footbridge repaired"));
    assert_eq!(e.date.as_deref(), Some("2019-08-27"));
}

#[test]
fn a_reviews_date_and_author_are_not_the_pages() {
    let ld = r#"<script type="application/ld+json">{"@type":"Product","name":"Folding saw","review":[{"@type":"Review","datePublished":"2024-02-03","author":{"@type":"Person","name":"Sam Buyer"}}]}</script>"#;
    let e = run(&doc(ld, ""));
    assert_eq!(e.date, None);
    assert_eq!(e.author, None);
}

#[test]
fn a_furniture_h1_defers_to_the_declared_title() {
    let head = "<title>README - A field guide to footbridges</title>";
    let e = run(&doc(head, "<h1>README</h1>"));
    assert_eq!(e.title.as_deref(), Some("A field guide to footbridges"));
}

#[test]
fn a_date_far_below_the_headline_is_not_the_header_date() {
    let filler: String = (1..=20)
        .map(|i| format!("<span>Step {i}</span> "))
        .collect();
    let head = r#"<meta property="article:published_time" content="2024-02-24">"#;
    let e = run(&page(
        head,
        &format!("<div class=steps>{filler}</div><div class=x><span>Dec 1, 2025</span></div>"),
        "",
    ));
    assert_eq!(e.date.as_deref(), Some("2024-02-24"));
}

#[test]
fn huge_headers_and_unclosed_time_elements_stay_bounded() {
    let spans = "<span></span>".repeat(20_000);
    let html = format!(
        "<html><body><h1>Spring beds</h1><div>{spans}<span>May 3, 2024</span></div>\
         <p><time datetime=\"2024-05-03T10:00:00Z\">3 May 2024 {}</p></body></html>",
        "<b>unclosed</b> ".repeat(5_000)
    );
    let t = std::time::Instant::now();
    let e = run(&html);
    assert!(
        e.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-05-03")),
        "{:?}",
        e.date
    );
    assert!(t.elapsed().as_secs() < 20);
}

#[test]
fn json_ld_headline_loses_the_site_name() {
    let head = r#"<meta property="og:site_name" content="Riverside News"><script type="application/ld+json">{"@type":"Article","headline":"Bridge saved | Riverside News"}</script>"#;
    assert_eq!(run(&doc(head, "")).title.as_deref(), Some("Bridge saved"));
}
