//! Golden test: `url_filter`'s decision and reason on 4,120 URLs built from
//! the block lists' own entries, word lists and Public Suffix List corner
//! cases equal datatrove's `URLFilter`, recorded by `benches/url_filter/run.sh
//! --golden` (datatrove 0.10.1, tldextract 5.4.0 on its bundled suffix list).

use serde_json::Value;

const EXPECTED: &str = include_str!("golden/url_filter_datatrove.jsonl");

#[test]
fn decisions_match_datatrove() {
    let filter = tamis_filters::UrlFilter::new(Default::default()).unwrap();
    let mut differ = Vec::new();
    let mut dropped = 0;
    let mut n = 0;
    for line in EXPECTED.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let url = row["url"].as_str().unwrap();
        let expected = row["datatrove"].as_str().unwrap();
        let got = filter
            .decide(url)
            .map_or_else(|| "keep".to_owned(), |r| r.reason.into_owned());
        n += 1;
        dropped += usize::from(got != "keep");
        if got != expected {
            differ.push(format!("{url}: datatrove {expected}, tamis {got}"));
        }
    }
    assert!(n > 4000, "fixture has {n} URLs");
    // Every reason occurs, so no check can silently stop working.
    for reason in [
        "domain",
        "subdomain",
        "url",
        "hard_blacklisted",
        "soft_blacklisted",
        "blacklisted_subword",
    ] {
        assert!(EXPECTED.contains(&format!("\"{reason}\"")), "{reason}");
    }
    assert!(dropped > 1000);
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
