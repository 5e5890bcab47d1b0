//! Documentation pages on small hand-written pages.

use tamis_extract::{extract, ExtractOptions};

#[test]
fn hidden_tab_panels_are_content() {
    let panel = |lang: &str, hidden: &str| {
        format!(
            "<div role=\"tabpanel\" {hidden}><p>Create a new file called send_message.{lang} and paste in the following code, \
             then replace the account identifier and the token with the values from your console before you run it.</p>\
             <p>The script reads both values from environment variables, so that they never end up in your code \
             or in version control, and prints the identifier of the message it sent.</p>\
             <p>Run it from a terminal; the message arrives on the test phone within a few seconds.</p>\
             <pre>client.messages.create(to, from, body) // {lang}</pre></div>"
        )
    };
    let html = format!(
        "<html><body><nav><a href=/>Docs</a> <a href=/api>API</a></nav><main><h1>Send a message</h1>\
         <p>This quickstart shows how to send your first message with the helper library of your language.</p>\
         <div role=\"tablist\"><button>Python</button><button>Ruby</button></div>{}{}</main>\
         <div style=\"display:none\"><p>Machine-only copy of the navigation with a long description of every product family on the site.</p></div></body></html>",
        panel("py", ""),
        panel("rb", "hidden style=\"display:none\"")
    );
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("send_message.py"), "{t}");
    assert!(t.contains("send_message.rb") && t.contains("// rb"), "{t}");
    assert!(!t.contains("Machine-only copy"), "{t}");
}

#[test]
fn described_link_lists_between_paragraphs_are_content_teasers_after_the_text_are_not() {
    let item = |name: &str| {
        format!("<li><a href=\"/docs/{name}\">The {name} type operator</a> - how the {name} operator narrows a type.</li>")
    };
    let list = |names: &[&str]| {
        format!(
            "<ul>{}</ul>",
            names.iter().map(|n| item(n)).collect::<String>()
        )
    };
    let para = |s: &str| {
        format!("<p>{s} Types can be combined and transformed in many ways, and the handbook covers each of them on its own page.</p>")
    };
    let teaser = |n: u32| {
        format!("<li><a href=\"/blog/{n}\">Release notes for version {n}</a> - what changed in this release of the compiler.</li>")
    };
    let teasers: String = (1..5).map(teaser).collect();
    let html = format!(
        "<html><body><nav><a href=/>Home</a></nav><main><div class=\"doc\"><h1>Type manipulation</h1>{}{}{}</div>\
         <div class=\"more\"><h2>From the blog</h2><ul>{teasers}</ul></div></main></body></html>",
        para("This section explains how to build new types from existing ones."),
        list(&["typeof", "keyof", "indexed", "conditional"]),
        para("Each page ends with exercises that you can run in the playground.")
    );
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("how the keyof operator narrows"), "{t}");
    assert!(t.contains("exercises that you can run"), "{t}");
    assert!(!t.contains("Release notes for version 2"), "{t}");
    // The same holds on a page declared an article (a gear list or a
    // checklist between an article's paragraphs).
    let html = html.replacen(
        "<html>",
        "<html><head><meta property=og:type content=article></head>",
        1,
    );
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("how the keyof operator narrows"), "{t}");
    assert!(!t.contains("Release notes for version 2"), "{t}");
}

#[test]
fn print_variant_classes_say_nothing_about_the_screen() {
    let para = |n: u32| {
        // Varied layout classes, as a utility-class site prints them.
        let width = ["max-w-3xl", "max-w-2xl", "w-full", "mx-0"][n as usize % 4];
        format!("<p class=\"{width} print:break-inside-avoid\">Chapter {n} introduces one idea of functional programming with short examples in plain JavaScript.</p>")
    };
    let paras: String = (1..13).map(para).collect();
    let html = format!("<html><body><main><h1>A guide</h1><p>This is a book on the functional paradigm in general, written for working programmers.</p>{paras}</main></body></html>");
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text;
    assert!(t.contains("Chapter 7 introduces one idea"), "{t}");
}
