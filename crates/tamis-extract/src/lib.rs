/*!
HTML → main text and metadata, for web corpora.

[`extract`] takes a page's bytes (and its HTTP `Content-Type`, if any) and
returns an [`Extracted`]: the main content as text (paragraphs, headings,
list items and table rows each on their own line, no markup; or Markdown),
with navigation, menus, sidebars, "latest/related/most read" headline lists,
footers, cookie banners, share widgets, newsletter boxes, comments and ads
left out, plus the headline, author, publication date (ISO 8601), declared
language, site name and description.

How: [`decode_html`] picks the charset (BOM, HTTP header, `<meta>`,
chardetng) and decodes without ever failing; a hand-written streaming
tokenizer builds a light tree (no full DOM), bounded in depth and size; each
element is scored by the well-formed text it holds against its link text,
after semantic boilerplate (tags, ARIA roles, class/id vocabulary) is
removed; the best element is rendered with link-dense blocks pruned. Nothing
recurses, so 100,000-deep nesting is fine. See `docs/extraction.md`.

The [`register`] function adds the `extract` pipeline step ([`ExtractStep`])
to a [`tamis_core::Registry`].

```
use tamis_extract::{extract, ExtractOptions};

let html = br#"<html lang="en"><head><title>Rain expected - The Gazette</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rain expected</h1>
<p>Forecasters expect heavy rain across the region from Tuesday, with flooding possible in low areas.</p>
<p>Residents are advised to avoid travel where they can and to check the latest warnings before leaving.</p></article>
<aside><h2>Latest</h2><ul><li><a href="/a">Another story</a></li><li><a href="/b">Yet another</a></li></ul></aside>
</body></html>"#;
let page = extract(html, None, None, &ExtractOptions::default()).unwrap();
assert_eq!(page.title.as_deref(), Some("Rain expected"));
assert_eq!(page.date.as_deref(), Some("2024-03-05T08:00:00Z"));
assert_eq!(page.lang.as_deref(), Some("en"));
// The headline is metadata, the body starts after it.
assert!(page.text.starts_with("Forecasters expect heavy rain"));
assert!(!page.text.contains("Another story"));
```
*/
#![deny(missing_docs)]

mod bio;
mod charset;
mod content;
mod date;
mod dom;
mod entities;
mod explain;
mod extract;
mod forum;
mod kind;
mod lists;
mod metadata;
mod options;
mod rules;
mod step;
mod tokenizer;

pub use crate::charset::decode_html;
pub use crate::date::normalize_date;
pub use crate::explain::{explain, Explanation, RemovedBlock};
pub use crate::extract::{debug_candidates, extract, ExtractError, Extracted};
pub use crate::kind::PageKind;
pub use crate::options::{ExtractOptions, Favor, TextFormat};
pub use crate::rules::Rule;
pub use crate::step::{register, ExtractStep};

/// The parsed tree's text in document order, as runs of adjacent text
/// (whitespace-collapsed) with whether each is link text: for checking the
/// parser against html5ever (`tests/html5_diff.rs`). Not a stable API.
#[doc(hidden)]
pub fn debug_text_runs(html: &str) -> Vec<(String, bool)> {
    crate::dom::text_runs(html)
}
