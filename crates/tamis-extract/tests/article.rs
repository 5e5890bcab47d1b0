//! Article pages on small hand-written pages: what follows the article.

use tamis_extract::{extract, ExtractOptions};

#[test]
fn teasers_with_a_section_label_above_the_headline_are_not_the_article() {
    let para = |s: &str| {
        format!("<p>{s} The council said the new timetable was agreed after months of talks with residents and operators.</p>")
    };
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
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("Evening services are extended"), "{t}");
    assert!(!t.contains("Harbour ferry number 2"), "{t}");
    assert!(!t.contains("refit that took most"), "{t}");
}

#[test]
fn the_bylines_bio_box_after_the_article_goes() {
    let para = |s: &str| {
        format!("<p>{s} Most houseplants need less water in winter, when they grow slowly and the air indoors is dry.</p>")
    };
    let html = format!(
        "<html><head><meta name=\"author\" content=\"Jane Rivers\"></head><body><article><h1>Watering houseplants in winter</h1>\
         {}{}{}{}<div><p>Jane Rivers</p><p>Jane Rivers is a garden writer who has tended a city balcony jungle for twenty years \
         and writes about plants for small homes.</p><p>Jane lives in Leeds with two cats and far too many ferns.</p></div></article></body></html>",
        para("Check the soil with a finger before watering, and water only when the top few centimetres are dry."),
        para("Use water at room temperature, since cold water can shock the roots of tropical plants."),
        para("Group plants together on a tray of wet pebbles to raise the humidity around their leaves."),
        para("Move plants away from radiators, and keep them out of cold draughts from windows and doors.")
    );
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("wet pebbles"), "{t}");
    assert!(t.contains("cold draughts"), "{t}");
    assert!(!t.contains("garden writer"), "{t}");
    assert!(!t.contains("too many ferns"), "{t}");
}

#[test]
fn a_paragraph_about_the_author_near_the_top_stays() {
    let html = "<html><head><meta name=\"author\" content=\"Jane Rivers\"></head><body><article><h1>Interview</h1>\
        <p>Jane Rivers is a garden writer, and this week she answers readers' questions about ferns and humidity.</p>\
        <p>Ferns want steady moisture, bright indirect light and a room that does not swing between hot and cold during the day.</p>\
        <p>Mist them in the morning, never at night, and repot them only in spring when new fronds appear at the crown.</p>\
        <p>A bathroom with a window is often the best place in the house for them, thanks to the humidity from the shower.</p>\
        </article></body></html>";
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("answers readers' questions"), "{t}");
}

#[test]
fn a_prose_paragraph_is_text_whatever_its_class_says() {
    // A CMS that puts `contextmenu` (a menu word) on every paragraph.
    let para = |n: u32| {
        format!("<p class=\"contextmenu Body\">Paragraph {n} tells how the winter garden keeps its structure, with evergreen shrubs and silver foliage that catch the low light of December.</p>")
    };
    let paras: String = (0..12).map(para).collect();
    let html = format!("<html><head><meta property=og:type content=article></head><body><nav class=menu><a href=/a>News</a> <a href=/b>Sport</a></nav><article><h1>The winter garden</h1>{paras}</article><div class=contextmenu><a href=/x>Copy</a> <a href=/y>Share</a></div></body></html>");
    let t = tamis_extract::extract(
        html.as_bytes(),
        None,
        None,
        &tamis_extract::ExtractOptions::default(),
    )
    .expect("extracts")
    .text;
    assert_eq!(
        t.matches("winter garden keeps its structure").count(),
        12,
        "{t}"
    );
    assert!(!t.contains("Share") && !t.contains("Sport"), "{t}");
}
