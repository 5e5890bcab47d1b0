//! Article pages on small hand-written pages: what follows the article.

use tamis_extract::{extract, ExtractOptions};

#[test]
fn teasers_with_a_section_label_above_the_headline_are_not_the_article() {
    let para = |s: &str| format!("<p>{s} The council said the new timetable was agreed after months of talks with residents and operators.</p>");
    let teaser = |n: u32| {
        format!(
            "<article class=\"article\"><div class=\"categories\">Local News</div>\
             <div class=\"title\"><a href=\"/news/{n}\">Harbour ferry number {n} returns to service</a></div>\
             <div class=\"author\">Staff</div><div class=\"body\">The harbour ferry number {n} is back on its old route after a \
             refit that took most of the winter...</div></article>"
        )
    };
    let teasers: String = (1..5).map(teaser).collect();
    let html = format!(
        "<html><head><meta property=\"og:type\" content=\"article\"></head><body><nav><a href=/>Home</a></nav>\
         <div class=\"main-content\"><h1>Bus timetable changes next month</h1>{}{}{}{}{}\
         <div class=\"template-content\">{teasers}</div></div></body></html>",
        para("Buses on the coastal route will run every twenty minutes from the first of next month."),
        para("Evening services are extended until midnight on Fridays and Saturdays."),
        para("Fares stay the same, and season tickets bought before the change remain valid."),
        para("Two stops in the old town move to the market square while the street is repaved over the summer."),
        para("Timetables are posted at every stop and on the council website from next week.")
    );
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default()).expect("extracts").text;
    assert!(t.contains("Evening services are extended"), "{t}");
    assert!(!t.contains("Harbour ferry number 2"), "{t}");
    assert!(!t.contains("refit that took most"), "{t}");
}
