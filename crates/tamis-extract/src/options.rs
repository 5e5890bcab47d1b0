//! Extraction options (also the `extract` step's configuration).

use serde::{Deserialize, Serialize};

/// Which kind of mistake to prefer.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Favor {
    /// Leave out anything doubtful (less boilerplate, some content lost).
    Precision,
    /// The default trade-off.
    #[default]
    Balanced,
    /// Keep anything that may be content (more text, more boilerplate).
    Recall,
}

/// How the text is written.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    /// Plain text: one paragraph, heading, list item or table row per line;
    /// table cells separated by a tab.
    #[default]
    Plain,
    /// Markdown: `#` headings, `-` list items, `>` quotes, fenced code, pipe tables.
    Markdown,
}

/// What to extract and how.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractOptions {
    /// Prefer precision (less boilerplate) or recall (more content).
    pub favor: Favor,
    /// Keep comment sections (blog comments under an article).
    /// Forum posts are content and are kept either way.
    pub include_comments: bool,
    /// Keep tables inside the main content (rows as lines).
    pub include_tables: bool,
    /// How the text is written: plain lines, or Markdown (headings, lists,
    /// quotes, code, tables).
    pub output: TextFormat,
    /// Bytes of the page that are parsed; the rest is ignored (a page is
    /// never rejected for its size; `Extracted::truncated` says so).
    pub max_input_bytes: u64,
    /// Elements nested deeper than this are flattened into their ancestor
    /// (bounds memory and time on pathological pages).
    pub max_depth: usize,
    /// At most this many tree nodes are built per page; later markup is
    /// ignored.
    pub max_nodes: usize,
    /// Pages whose main text has fewer characters than this count as
    /// having no content (the `extract` step drops them as `no_content`).
    pub min_text_chars: usize,
    /// Drop the second and later copies of a line of at least 20 characters
    /// repeated within the page (author boxes, price boxes, credits shown
    /// twice), as trafilatura's `deduplicate=True` does in datatrove's FineWeb
    /// recipe. Off by default: pull quotes and repeated table headers are
    /// content too. (Second copies of whole passages, such as another
    /// layout's copy of the article, are dropped either way.)
    pub deduplicate: bool,
    /// Record why each block was removed: metadata `extract_removed` lists
    /// every removed block's rule, element, size and first words (shown by
    /// `tamis inspect`; `tamis extract --explain PAGE` does it for one page).
    /// Off by default: it costs time and space per document.
    pub explain: bool,
}

impl Default for ExtractOptions {
    fn default() -> ExtractOptions {
        ExtractOptions {
            favor: Favor::Balanced,
            include_comments: false,
            include_tables: true,
            output: TextFormat::Plain,
            max_input_bytes: 8 << 20,
            max_depth: 256,
            max_nodes: 2_000_000,
            min_text_chars: 1,
            deduplicate: false,
            explain: false,
        }
    }
}
