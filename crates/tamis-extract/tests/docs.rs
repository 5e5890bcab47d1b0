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
    let t = extract(html.as_bytes(), None, None, &ExtractOptions::default()).expect("extracts").text;
    assert!(t.contains("send_message.py"), "{t}");
    assert!(t.contains("send_message.rb") && t.contains("// rb"), "{t}");
    assert!(!t.contains("Machine-only copy"), "{t}");
}
