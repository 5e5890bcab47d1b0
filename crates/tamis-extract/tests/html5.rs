//! End-to-end extraction on the HTML5 tree-construction cases
//! (tests/fixtures/html5_*.html): what a browser's tree shows as text and
//! links is what the extractor reads.

use tamis_extract::{extract, ExtractOptions, Extracted};

fn run(html: &[u8]) -> Extracted {
    extract(html, None, None, &ExtractOptions::default()).expect("extracts")
}

#[test]
fn a_link_around_a_div_ends_at_its_end_tag() {
    let html = include_bytes!("fixtures/html5_link_wraps_div.html");
    // The prose after `</a>` is not link text, so it is the article.
    let runs = tamis_extract::debug_text_runs(std::str::from_utf8(html).unwrap());
    assert!(runs.contains(&("Lena Park".to_owned(), true)), "{runs:?}");
    let prose: Vec<_> = runs.iter().filter(|r| r.0.starts_with("Work on")).collect();
    assert_eq!(prose.len(), 1);
    assert!(!prose[0].1, "prose counted as link text");
    let e = run(html);
    for s in [
        "Work on the new harbour wall",
        "finished by the autumn",
        "Fishermen said",
    ] {
        assert!(e.text.contains(s), "{s}: {}", e.text);
    }
}

#[test]
fn an_inline_svg_does_not_swallow_what_follows() {
    let e = run(include_bytes!("fixtures/html5_inline_svg.html"));
    for s in [
        "The night train",
        "Tickets go on sale",
        "carriages have been refurbished",
        "Rail groups welcomed",
    ] {
        assert!(e.text.contains(s), "{s}: {}", e.text);
    }
    assert!(!e.text.contains("A train"), "{}", e.text);
    assert_eq!(e.title.as_deref(), Some("Night trains return"));
}

#[test]
fn an_svg_title_is_not_the_page_title_and_mathml_is_text() {
    let e = run(include_bytes!("fixtures/html5_svg_title_mathml.html"));
    assert_ne!(e.title.as_deref(), Some("Logo of the site"));
    assert!(!e.text.contains("Logo of the site"), "{}", e.text);
    assert!(e.text.contains("The area is then πr×r"), "{}", e.text);
    assert!(!e.text.contains("pi r^2"), "{}", e.text);
    assert!(e.text.contains("thinner and thinner slices"), "{}", e.text);
}

#[test]
fn text_misplaced_in_a_table_is_kept_before_it() {
    let html = include_bytes!("fixtures/html5_misnested_table.html");
    let runs = tamis_extract::debug_text_runs(std::str::from_utf8(html).unwrap());
    let texts: Vec<&str> = runs.iter().map(|r| r.0.as_str()).collect();
    let pos = |s: &str| {
        texts
            .iter()
            .position(|t| t.starts_with(s))
            .unwrap_or_else(|| panic!("{s}: {texts:?}"))
    };
    // Fostered before the table, as in browsers.
    assert!(pos("The library is closed") < pos("Monday to Friday"));
    assert!(pos("Books can be returned") < pos("Monday to Friday"));
    let e = run(html);
    for s in [
        "The library is closed on public holidays",
        "Books can be returned",
        "Members can renew",
    ] {
        assert!(e.text.contains(s), "{s}: {}", e.text);
    }
}
