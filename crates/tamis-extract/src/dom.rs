//! A light document tree built from the token stream.
//!
//! Only what extraction needs is kept: per element its tag, a few semantic
//! flags computed once from `class`/`id`/`role`/`itemprop`/`hidden`/`style`,
//! and the tree links; per text node a range into one shared text buffer
//! (entities decoded). Tree construction follows the HTML standard where it
//! matters for text and links: implied `</p>`, `</li>`, `</td>`, `</tr>`,
//! `</option>`, void elements, end tags that do not cross table cells; the
//! adoption agency for `</a>` (a link left open around a block ends at its
//! end tag: `<a><div>x</a>y</div>` keeps `y` out of the link) and the
//! reconstruction of links that a block's end closed early
//! (`<p><a>x</p>y` makes `y` link text, as browsers do); foster parenting
//! (text and elements misplaced in a table go before it); foreign content
//! (SVG and MathML subtrees are foreign elements: an SVG `<title>` is not the
//! page's, HTML-only tags break out of them, MathML text is kept, SVG text is
//! not). The other formatting elements (`b`, `i`, `em`, ...) carry nothing
//! the extractor reads, so they are not cloned by the adoption agency nor
//! reconstructed; and a block that the adoption agency would move out of its
//! link stays under it in the tree (its text is no longer link text).
//! The tree stays linear to build: every search up the open-element stack is
//! bounded, depth is capped (deeper elements are flattened into their
//! ancestor) and so is the node count. Nothing here recurses. Node ids are
//! in document order (fostered nodes are renumbered once at the end).

use aho_corasick::AhoCorasick;

use crate::entities;
use crate::tokenizer::{Token, Tokenizer};

/// "No node".
pub(crate) const NONE: u32 = u32::MAX;

/// Element kinds the extractor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Tag {
    Text,
    Root,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    /// Never text: svg, canvas, select, template, iframe, form labels, ...
    Ignored,
    /// `<button>`: a UI label, or an accordion's question (kept by length),
    /// or words of a sentence.
    Button,
    /// `<label>`: a form field's name, or words of a sentence.
    Label,
    Form,
    Nav,
    Aside,
    Footer,
    Header,
    Menu,
    Main,
    Article,
    Section,
    Div,
    P,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Caption,
    TSection,
    Tr,
    Td,
    Th,
    Pre,
    Code,
    Blockquote,
    Figure,
    Figcaption,
    A,
    Br,
    Hr,
    Img,
    Time,
    Option,
    /// `<noscript>`: content for crawlers, or "enable JavaScript" notes.
    Noscript,
    /// Other block-level elements (address, details, fieldset, center, ...).
    OtherBlock,
    /// Other void elements (input, source, wbr, ...).
    OtherVoid,
    /// Inline and unknown elements.
    Inline,
}

impl Tag {
    fn from_name(name: &str) -> Tag {
        let b = name.as_bytes();
        if b.len() > 10 {
            return Tag::Inline;
        }
        let mut buf = [0u8; 10];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        match &buf[..b.len()] {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"button" => Tag::Button,
            b"label" => Tag::Label,
            b"svg" | b"math" | b"canvas" | b"select" | b"template" | b"iframe" | b"object"
            | b"video" | b"audio" | b"textarea" | b"datalist" | b"map" | b"dialog" | b"xmp"
            | b"noembed" | b"noframes" | b"frameset" => Tag::Ignored,
            b"form" => Tag::Form,
            b"nav" => Tag::Nav,
            b"aside" => Tag::Aside,
            b"footer" => Tag::Footer,
            b"header" => Tag::Header,
            b"menu" => Tag::Menu,
            b"main" => Tag::Main,
            b"article" => Tag::Article,
            b"section" => Tag::Section,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"h1" => Tag::H1,
            b"h2" => Tag::H2,
            b"h3" => Tag::H3,
            b"h4" => Tag::H4,
            b"h5" => Tag::H5,
            b"h6" => Tag::H6,
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"table" => Tag::Table,
            b"caption" => Tag::Caption,
            b"thead" | b"tbody" | b"tfoot" => Tag::TSection,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"pre" | b"listing" | b"plaintext" => Tag::Pre,
            b"code" => Tag::Code,
            b"blockquote" => Tag::Blockquote,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"a" => Tag::A,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"img" => Tag::Img,
            b"time" => Tag::Time,
            b"option" | b"optgroup" => Tag::Option,
            b"noscript" => Tag::Noscript,
            b"address" | b"details" | b"summary" | b"fieldset" | b"legend" | b"center"
            | b"hgroup" | b"dir" | b"frame" | b"search" => Tag::OtherBlock,
            b"area" | b"base" | b"col" | b"embed" | b"input" | b"param" | b"source" | b"track"
            | b"wbr" | b"keygen" | b"basefont" | b"bgsound" | b"image" => Tag::OtherVoid,
            _ => Tag::Inline,
        }
    }

    /// Starts a new line in the text.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text
                | Tag::Inline
                | Tag::A
                | Tag::Code
                | Tag::Time
                | Tag::Img
                | Tag::OtherVoid
                | Tag::Button
                | Tag::Label
        )
    }

    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta | Tag::Link | Tag::Br | Tag::Hr | Tag::Img | Tag::OtherVoid
        )
    }

    /// Implicitly closes an open `<p>`.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Table
                | Tag::Pre
                | Tag::Blockquote
                | Tag::Section
                | Tag::Article
                | Tag::Aside
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Main
                | Tag::Form
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Hr
                | Tag::Menu
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::OtherBlock
                | Tag::Li
                | Tag::Dt
                | Tag::Dd
        )
    }

    /// A heading level 1..=6, or 0.
    pub(crate) fn heading_level(self) -> u8 {
        match self {
            Tag::H1 => 1,
            Tag::H2 => 2,
            Tag::H3 => 3,
            Tag::H4 => 4,
            Tag::H5 => 5,
            Tag::H6 => 6,
            _ => 0,
        }
    }
}

/// Node flags.
pub(crate) mod flag {
    /// Text inside `<a href>`.
    pub const IN_LINK: u16 = 1;
    /// Never contributes text (script, style, svg, select, ...).
    pub const DROP: u16 = 1 << 1;
    /// Structural boilerplate tag (nav, aside, footer, header, menu).
    pub const BOILER_TAG: u16 = 1 << 2;
    /// Boilerplate by class/id/role (menus, sidebars, share, related, ...).
    pub const BOILER_CLASS: u16 = 1 << 3;
    /// A comment section by class/id.
    pub const COMMENTS: u16 = 1 << 4;
    /// Hidden (`hidden`, `aria-hidden`, `display:none`).
    pub const HIDDEN: u16 = 1 << 5;
    /// Content-like class/id/role/itemprop or article/main element.
    pub const POSITIVE: u16 = 1 << 6;
    /// Decided later: removed with its subtree.
    pub const REMOVED: u16 = 1 << 7;
    /// A "date"/"byline"/"meta" block: small print around the content.
    pub const BYLINE: u16 = 1 << 8;
    /// Weak boilerplate hint (may be content on some sites).
    pub const WEAK_BOILER: u16 = 1 << 9;
    /// An `<a>` with `href`.
    pub const HREF: u16 = 1 << 10;
    /// A list of similar link-headed items (teasers, headline cards).
    pub const CARDS: u16 = 1 << 11;
    /// Hidden by an inline `display:none` / `visibility:hidden` (machine-only copies).
    pub const HIDDEN_STYLE: u16 = 1 << 12;
    /// Boilerplate class naming a page region (menu, sidebar, footer,
    /// modal, cart, cookie banner), not an item style (`cta`, `sticky`, `tag`).
    pub const REGION: u16 = 1 << 13;
    /// A card list whose items open with a link (headlines): teasers.
    pub const TEASERS: u16 = 1 << 14;
    /// Text nodes: a paragraph inside a link (a clickable card's
    /// description); prose on landing pages, teaser text on articles.
    pub const CARD_PROSE: u16 = 1 << 15;
    /// Elements (the bit is [`CARD_PROSE`] on text nodes): a cookie consent
    /// box or a dialog (by role), never the page's content however much
    /// text it holds.
    pub const OVERLAY: u16 = 1 << 15;
}

/// One node of the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub tag: Tag,
    pub flags: u16,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next_sibling: u32,
    /// Text nodes: byte range in [`Dom::text`]; elements: unused.
    pub start: u32,
    pub end: u32,
    /// Text nodes: the nearest block ancestor; elements: a hash of tag and
    /// class, to find repeated structures (cards, teasers, posts).
    pub block: u32,
}

/// Raw metadata gathered while building the tree.
#[derive(Debug, Default)]
pub(crate) struct RawMeta {
    /// First `<title>`.
    pub title: Option<String>,
    /// `<html lang>`.
    pub html_lang: Option<String>,
    /// `<meta>` (key lower-cased: name, property, itemprop or http-equiv; content).
    pub metas: Vec<(String, String)>,
    /// JSON-LD script bodies.
    pub json_ld: Vec<String>,
    /// `<body class="archive">`: WordPress's mark for category, tag, date,
    /// author and post-type archives, whatever `og:type` says.
    pub archive: bool,
    /// `<h1>` elements.
    pub h1: Vec<u32>,
    /// Elements with `itemprop` (lower-cased value, node, content/datetime attribute).
    pub itemprops: Vec<(String, u32, Option<String>)>,
    /// `<time datetime>` (node, datetime, pubdate-like).
    pub times: Vec<(u32, String, bool)>,
    /// `<a rel=author>` / class "author" elements.
    pub author_nodes: Vec<u32>,
    /// Elements whose class/id names customer reviews (or microdata
    /// `itemprop=review`), in document order.
    pub review_nodes: Vec<u32>,
    /// Microdata says the page describes a product (`itemtype` schema.org/Product).
    pub product_microdata: bool,
    /// Hashes of the ids that `aria-controls` names (what a tab, an
    /// accordion header or a "read more" button opens).
    pub controlled_ids: std::collections::HashSet<u64>,
    /// Elements whose id an earlier `aria-controls` named.
    pub controlled_nodes: Vec<u32>,
    /// Hidden elements with an id (hash of the id, node).
    pub hidden_ids: Vec<(u64, u32)>,
    /// `role=tabpanel` elements.
    pub tab_panels: Vec<u32>,
    /// Buttons and labels whose text reads as an interface label: never
    /// text, unless they sit in running text (see `rules::inline`).
    pub ui_labels: Vec<u32>,
}

/// The tree.
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    pub text: String,
    pub meta: RawMeta,
    /// Per node, the [`Rule`](crate::rules::Rule) that last set its
    /// `REMOVED` flag (as `u8`; empty until the first removal).
    pub removed_by: Vec<u8>,
}

impl Dom {
    /// Removes element `i` (with its subtree) by `rule`.
    pub(crate) fn remove(&mut self, i: usize, rule: crate::rules::Rule) {
        let Some(node) = self.nodes.get_mut(i) else {
            return;
        };
        node.flags |= flag::REMOVED;
        if self.removed_by.len() < self.nodes.len() {
            self.removed_by.resize(self.nodes.len(), 0);
        }
        self.removed_by[i] = rule as u8;
    }

    /// The rule that removed node `i` ([`Rule::None`](crate::rules::Rule::None) if none did).
    pub(crate) fn removed_by(&self, i: usize) -> crate::rules::Rule {
        crate::rules::Rule::from_u8(self.removed_by.get(i).copied().unwrap_or(0))
    }

    /// The text of a subtree, whitespace-collapsed (explicit stack).
    pub(crate) fn subtree_text(&self, id: u32, skip_removed: bool) -> String {
        // Depth-first by child and sibling links, with one small stack of
        // where to go on after each subtree (this runs for many small
        // blocks per page: no allocation per node).
        let mut out = String::new();
        let mut after: Vec<u32> = Vec::new();
        let mut n = id;
        while let Some(node) = self.nodes.get(n as usize) {
            // Where to go once this node (and its subtree) is done.
            let next = if n == id { NONE } else { node.next_sibling };
            let skip = skip_removed && node.flags & (flag::REMOVED | flag::DROP) != 0;
            if !skip {
                if node.tag == Tag::Text {
                    if let Some(t) = self.text.get(node.start as usize..node.end as usize) {
                        out.push_str(t);
                    }
                } else {
                    if node.tag.is_block() {
                        out.push(' ');
                    }
                    if node.first_child != NONE && after.len() < self.nodes.len() {
                        after.push(next);
                        n = node.first_child;
                        continue;
                    }
                }
            }
            let mut go = next;
            while go == NONE {
                match after.pop() {
                    Some(x) => go = x,
                    None => return collapse_ws(&out),
                }
            }
            n = go;
        }
        collapse_ws(&out)
    }
}

/// The tree's text in document order for checking the parser against
/// others: runs of adjacent sibling text nodes (same link membership)
/// whitespace-collapsed, each with whether it is link text (inside
/// `<a href>`). Built with the extractor's default limits.
pub(crate) fn text_runs(html: &str) -> Vec<(String, bool)> {
    let opts = crate::options::ExtractOptions::default();
    let dom = build(
        html,
        Limits {
            max_depth: opts.max_depth,
            max_nodes: opts.max_nodes,
        },
    );
    let mut out = Vec::new();
    let mut run = String::new();
    let mut run_link = false;
    let mut prev = NONE;
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.tag != Tag::Text {
            continue;
        }
        let link = n.flags & flag::IN_LINK != 0;
        let joined =
            prev != NONE && dom.nodes[prev as usize].next_sibling == i as u32 && link == run_link;
        if !joined {
            let t = collapse_ws(&run);
            if !t.is_empty() {
                out.push((t, run_link));
            }
            run.clear();
            run_link = link;
        }
        run.push_str(dom.text.get(n.start as usize..n.end as usize).unwrap_or(""));
        prev = i as u32;
    }
    let t = collapse_ws(&run);
    if !t.is_empty() {
        out.push((t, run_link));
    }
    out
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Limits for tree building.
pub(crate) struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

/// Most class values remembered per thread by [`Builder::class_info`]
/// (about 2 MB); the cache starts over when full.
const CLASS_CACHE_ENTRIES: usize = 1 << 16;

/// What [`Builder::class_info`] finds in one class value.
type ClassInfo = (u32, bool, u16, bool);

/// Class values to their [`ClassInfo`], keyed by xxh3 of the value.
type ClassCache =
    std::collections::HashMap<u64, ClassInfo, std::hash::BuildHasherDefault<Prehashed>>;

thread_local! {
    /// [`Builder::class_info`] per class value (by xxh3), across the pages
    /// a thread extracts: sites and frameworks repeat their class strings
    /// from page to page. The value is a function of the string alone.
    static CLASS_CACHE: std::cell::RefCell<ClassCache> =
        std::cell::RefCell::new(ClassCache::default());
}

/// Hasher for keys that are already hashes (xxh3 of a line or a class).
#[derive(Default)]
pub(crate) struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Bound on searches up the open-element stack.
const SCOPE_SEARCH: usize = 256;

/// Namespaces of open elements ([`Builder::ns`]).
const NS_HTML: u8 = 0;
const NS_SVG: u8 = 1;
const NS_MATH: u8 = 2;
const NS_MASK: u8 = 3;
/// An integration point (SVG `foreignObject`/`desc`/`title`, MathML
/// `mi`/`mo`/`mn`/`ms`/`mtext`/`annotation-xml`): start tags in it are HTML.
const NS_INTEGRATION: u8 = 4;

/// An entry of the list of active formatting elements that is a marker.
const MARKER: (u32, bool) = (NONE, false);

struct Builder<'p> {
    dom: Dom,
    /// Open elements: (node, name hash for unknown tags).
    stack: Vec<(u32, u32)>,
    /// Nearest block for each open element.
    blocks: Vec<u32>,
    link_depth: u32,
    /// Vocabulary flags of the class of the element being built.
    class_flags: u16,
    /// The class of the element being built names reviews ([`names_reviews`]).
    class_reviews: bool,
    /// The outermost open link (while `link_depth > 0`).
    link_node: u32,
    drop_depth: u32,
    overflow: u32,
    /// Open elements per tag, so implied-end-tag searches are skipped
    /// when nothing can match (keeps deep pages linear).
    open: [u32; 64],
    seen: u8,
    limits: Limits,
    patterns: &'p Patterns,
    lower: String,
    /// Namespace (and integration point bit) of each open element.
    ns: Vec<u8>,
    /// Active formatting elements (links only): (node, on the stack), or
    /// [`MARKER`] (table cells, captions).
    afe: Vec<(u32, bool)>,
    /// A node was inserted out of document order (foster parenting).
    moved: bool,
    /// The last node fostered before a table: (table, node), so that
    /// fostering stays linear however many siblings precede the table.
    fostered: (u32, u32),
}

/// Builds the tree of `html`.
pub(crate) fn build(html: &str, limits: Limits) -> Dom {
    let patterns = patterns();
    let mut b = Builder {
        dom: Dom {
            nodes: Vec::with_capacity(html.len() / 40 + 16),
            text: String::with_capacity(html.len() / 4),
            meta: RawMeta::default(),
            removed_by: Vec::new(),
        },
        stack: Vec::with_capacity(64),
        blocks: Vec::with_capacity(64),
        link_depth: 0,
        class_flags: 0,
        class_reviews: false,
        link_node: 0,
        drop_depth: 0,
        overflow: 0,
        open: [0; 64],
        seen: 0,
        limits,
        patterns,
        lower: String::new(),
        ns: Vec::with_capacity(64),
        afe: Vec::new(),
        moved: false,
        fostered: (NONE, NONE),
    };
    b.dom.nodes.push(Node {
        tag: Tag::Root,
        flags: 0,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
        start: 0,
        end: 0,
        block: NONE,
    });
    b.stack.push((0, 0));
    b.blocks.push(0);
    b.ns.push(NS_HTML);
    let mut tok = Tokenizer::new(html);
    while let Some(t) = tok.next_token() {
        match t {
            Token::Text(s) => b.text(s, true),
            Token::Cdata(s) => b.text(s, false),
            Token::Raw(s) => b.raw(s),
            Token::Start { name, self_closing } => b.start(name, self_closing, &tok),
            Token::End { name } => b.end(name),
        }
        tok.foreign =
            b.ns.last()
                .is_some_and(|&n| n != NS_HTML && n & NS_INTEGRATION == 0);
    }
    if b.moved {
        renumber(&mut b.dom);
    }
    b.dom
}

/// Puts node ids back in document order (pre-order) after foster parenting
/// inserted nodes before tables built earlier.
fn renumber(dom: &mut Dom) {
    let n = dom.nodes.len();
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![0u32];
    while let Some(id) = stack.pop() {
        let Some(node) = dom.nodes.get(id as usize) else {
            continue;
        };
        order.push(id);
        let start = stack.len();
        let mut c = node.first_child;
        while c != NONE && stack.len() - start < n {
            stack.push(c);
            c = dom.nodes.get(c as usize).map_or(NONE, |k| k.next_sibling);
        }
        stack[start..].reverse();
    }
    let mut map = vec![NONE; n];
    for (new, &old) in order.iter().enumerate() {
        map[old as usize] = new as u32;
    }
    let m = |id: u32| -> u32 {
        if id == NONE {
            NONE
        } else {
            map.get(id as usize).copied().unwrap_or(NONE)
        }
    };
    let mut nodes = Vec::with_capacity(order.len());
    for &old in &order {
        let mut x = dom.nodes[old as usize];
        x.parent = m(x.parent);
        x.first_child = m(x.first_child);
        x.last_child = m(x.last_child);
        x.next_sibling = m(x.next_sibling);
        if x.tag == Tag::Text {
            x.block = m(x.block);
        }
        nodes.push(x);
    }
    dom.nodes = nodes;
    let meta = &mut dom.meta;
    for id in meta
        .h1
        .iter_mut()
        .chain(meta.author_nodes.iter_mut())
        .chain(meta.review_nodes.iter_mut())
        .chain(meta.controlled_nodes.iter_mut())
        .chain(meta.tab_panels.iter_mut())
        .chain(meta.ui_labels.iter_mut())
        .chain(meta.itemprops.iter_mut().map(|x| &mut x.1))
        .chain(meta.times.iter_mut().map(|x| &mut x.0))
        .chain(meta.hidden_ids.iter_mut().map(|x| &mut x.1))
    {
        *id = m(*id);
    }
}

/// A start tag that ends foreign content (SVG, MathML) in HTML.
fn breaks_out_of_foreign(name: &str, tok: &Tokenizer<'_>) -> bool {
    let b = name.as_bytes();
    if b.len() > 10 {
        return false;
    }
    let mut buf = [0u8; 10];
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..b.len()] {
        b"b" | b"big" | b"blockquote" | b"body" | b"br" | b"center" | b"code" | b"dd" | b"div"
        | b"dl" | b"dt" | b"em" | b"embed" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"head" | b"hr" | b"i" | b"img" | b"li" | b"listing" | b"menu" | b"meta" | b"nobr"
        | b"ol" | b"p" | b"pre" | b"ruby" | b"s" | b"small" | b"span" | b"strong" | b"strike"
        | b"sub" | b"sup" | b"table" | b"tt" | b"u" | b"ul" | b"var" => true,
        b"font" => ["color", "face", "size"]
            .iter()
            .any(|a| tok.attr(a).is_some()),
        _ => false,
    }
}

/// The tag of a foreign element and whether it is an integration point.
/// SVG never shows as text here; MathML does, but for its annotations.
fn foreign_tag(ns: u8, name: &str, tok: &Tokenizer<'_>) -> (Tag, bool) {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if ns == NS_SVG {
        return (
            Tag::Ignored,
            is("foreignObject") || is("desc") || is("title"),
        );
    }
    if is("annotation-xml") {
        let html = tok.attr("encoding").is_some_and(|e| {
            e.trim().eq_ignore_ascii_case("text/html")
                || e.trim().eq_ignore_ascii_case("application/xhtml+xml")
        });
        return (Tag::Ignored, html);
    }
    if is("annotation") {
        return (Tag::Ignored, false);
    }
    (
        Tag::Inline,
        is("mi") || is("mo") || is("mn") || is("ms") || is("mtext"),
    )
}

/// Elements the tokenizer reads as raw text (their end tag always follows).
fn is_raw_name(name: &str) -> bool {
    ["iframe", "textarea", "xmp", "noembed", "noframes"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// Start tags that stay in a table (the others are foster-parented).
fn stays_in_table(tag: Tag, name: &str, tok: &Tokenizer<'_>) -> bool {
    match tag {
        Tag::Caption
        | Tag::TSection
        | Tag::Tr
        | Tag::Td
        | Tag::Th
        | Tag::Table
        | Tag::Script
        | Tag::Style
        | Tag::Form
        | Tag::Meta
        | Tag::Link => true,
        Tag::OtherVoid => {
            name.eq_ignore_ascii_case("col")
                || (name.eq_ignore_ascii_case("input")
                    && tok
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden")))
        }
        Tag::Inline => name.eq_ignore_ascii_case("colgroup"),
        Tag::Ignored => name.eq_ignore_ascii_case("template"),
        _ => false,
    }
}

/// Visible characters from which a button's text is read as content.
const BUTTON_TEXT_CHARS: usize = 24;
/// Interface labels noted per page; beyond, they are dropped at once.
const MAX_UI_LABELS: usize = 4096;

/// [`name_hash`] of the never-text elements that end tags do not cross.
const SELECT_HASH: u32 = name_hash("select");
const TEMPLATE_HASH: u32 = name_hash("template");

const fn name_hash(name: &str) -> u32 {
    // FNV-1a over the lower-cased name; only compared within one document.
    let b = name.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < b.len() {
        h = (h ^ b[i].to_ascii_lowercase() as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

impl Builder<'_> {
    fn top(&self) -> u32 {
        self.stack.last().map_or(0, |e| e.0)
    }

    fn top_tag(&self) -> Tag {
        self.dom
            .nodes
            .get(self.top() as usize)
            .map_or(Tag::Root, |n| n.tag)
    }

    fn append(&mut self, mut node: Node) -> u32 {
        let id = self.dom.nodes.len() as u32;
        let parent = self.top();
        node.parent = parent;
        if let Some(p) = self.dom.nodes.get(parent as usize).copied() {
            if p.last_child == NONE {
                self.dom.nodes[parent as usize].first_child = id;
            } else if let Some(prev) = self.dom.nodes.get_mut(p.last_child as usize) {
                prev.next_sibling = id;
            }
            self.dom.nodes[parent as usize].last_child = id;
        }
        self.dom.nodes.push(node);
        id
    }

    fn text(&mut self, s: &str, decode: bool) {
        let top = self.top_tag();
        if top == Tag::Title {
            if self.dom.meta.title.is_none() {
                self.dom.meta.title = Some(collapse_ws(&entities::decode(s)));
            }
            return;
        }
        if self.drop_depth > 0 || matches!(top, Tag::Script | Tag::Style | Tag::Ignored | Tag::Head)
        {
            return;
        }
        if self.dom.nodes.len() >= self.limits.max_nodes {
            return;
        }
        let blank = s.bytes().all(|c| c.is_ascii_whitespace());
        if blank && self.dom.text.as_bytes().last() == Some(&b' ') {
            return;
        }
        // Text misplaced in a table goes before it (foster parenting), in
        // the links open there.
        let foster = !blank && self.in_table_body();
        self.reconstruct(foster);
        let start = self.dom.text.len();
        if blank {
            // Whitespace between inline elements still separates words.
            self.dom.text.push(' ');
        } else if decode {
            entities::decode_into(s, &mut self.dom.text);
        } else {
            self.dom.text.push_str(s);
        }
        let end = self.dom.text.len();
        // (Unless a link was reopened there: the text goes in it.)
        let foster_at = if foster && self.in_table_body() {
            self.foster_table()
        } else {
            None
        };
        let block = match foster_at {
            Some(k) => self.blocks.get(k.saturating_sub(1)).copied().unwrap_or(0),
            None => self.blocks.last().copied().unwrap_or(0),
        };
        // A paragraph inside a link is a card's description (the whole card
        // is clickable); the card's title is link text.
        let card_prose = block > self.link_node
            && self
                .dom
                .nodes
                .get(block as usize)
                .is_some_and(|b| b.tag == Tag::P);
        let flags = match (self.link_depth > 0, card_prose) {
            (false, _) => 0,
            (true, false) => flag::IN_LINK,
            (true, true) => flag::IN_LINK | flag::CARD_PROSE,
        };
        let node = Node {
            tag: Tag::Text,
            flags,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: start as u32,
            end: end as u32,
            block,
        };
        match foster_at {
            Some(k) => {
                self.insert_before_table(node, k);
            }
            None => {
                self.append(node);
            }
        }
    }

    /// The current node is a table, a table section or a row (where text
    /// and most elements are foster-parented), in HTML.
    fn in_table_body(&self) -> bool {
        matches!(self.top_tag(), Tag::Table | Tag::TSection | Tag::Tr)
            && self.ns.last() == Some(&NS_HTML)
    }

    /// The stack index of the table that fostered content goes before.
    fn foster_table(&self) -> Option<usize> {
        for (k, &(n, _)) in self.stack.iter().enumerate().rev().take(SCOPE_SEARCH) {
            let tag = self.dom.nodes.get(n as usize).map_or(Tag::Root, |x| x.tag);
            if tag == Tag::Table {
                return (k > 0).then_some(k);
            }
        }
        None
    }

    /// Inserts `node` before the table open at stack index `k`, in the
    /// table's parent.
    fn insert_before_table(&mut self, mut node: Node, k: usize) -> u32 {
        let table = self.stack[k].0;
        let parent = self.dom.nodes[table as usize].parent;
        if parent == NONE {
            return self.append(node);
        }
        let id = self.dom.nodes.len() as u32;
        node.parent = parent;
        node.next_sibling = table;
        let first = self.dom.nodes[parent as usize].first_child;
        if first == table {
            self.dom.nodes[parent as usize].first_child = id;
        } else if self.fostered.0 == table {
            self.dom.nodes[self.fostered.1 as usize].next_sibling = id;
        } else {
            let mut c = first;
            while c != NONE {
                let next = self.dom.nodes[c as usize].next_sibling;
                if next == table {
                    self.dom.nodes[c as usize].next_sibling = id;
                    break;
                }
                c = next;
            }
        }
        self.dom.nodes.push(node);
        self.moved = true;
        self.fostered = (table, id);
        id
    }

    /// Reopens the links that an element's end closed early (the
    /// standard's reconstruction of the active formatting elements).
    fn reconstruct(&mut self, foster: bool) {
        let Some(&last) = self.afe.last() else {
            return;
        };
        if last.0 == NONE || last.1 {
            return;
        }
        let mut i = self.afe.len() - 1;
        while i > 0 && self.afe[i - 1].0 != NONE && !self.afe[i - 1].1 {
            i -= 1;
        }
        for j in i..self.afe.len() {
            if self.stack.len() >= self.limits.max_depth
                || self.dom.nodes.len() >= self.limits.max_nodes
            {
                self.afe.truncate(j);
                return;
            }
            let Some(old) = self.dom.nodes.get(self.afe[j].0 as usize).copied() else {
                continue;
            };
            let node = Node {
                parent: NONE,
                first_child: NONE,
                last_child: NONE,
                next_sibling: NONE,
                ..old
            };
            let foster_at = if foster && self.in_table_body() {
                self.foster_table()
            } else {
                None
            };
            let (id, blk) = match foster_at {
                Some(k) => (
                    self.insert_before_table(node, k),
                    self.blocks.get(k - 1).copied().unwrap_or(0),
                ),
                None => (self.append(node), self.blocks.last().copied().unwrap_or(0)),
            };
            self.open_link(id, old.flags & flag::HREF != 0);
            self.push_open(id, 0, blk, NS_HTML, Tag::A);
            self.afe[j] = (id, true);
        }
    }

    /// Counts a link that opens.
    fn open_link(&mut self, id: u32, href: bool) {
        if href {
            if self.link_depth == 0 {
                self.link_node = id;
            }
            self.link_depth += 1;
        }
    }

    /// Pushes an open element.
    fn push_open(&mut self, id: u32, hash: u32, blk: u32, ns: u8, tag: Tag) {
        self.stack.push((id, hash));
        self.blocks.push(blk);
        self.ns.push(ns);
        if let Some(c) = self.open.get_mut(tag as usize) {
            *c += 1;
        }
    }

    /// The adoption agency for a link open at stack index `k`: with no
    /// block above it, it and what is above it close; otherwise only the
    /// link leaves the stack (the blocks in it stay open, their text after
    /// this point is not link text).
    fn adopt_link(&mut self, k: usize) {
        let n = self.stack[k].0;
        if let Some(p) = self.afe.iter().rposition(|e| e.0 == n) {
            self.afe.remove(p);
        }
        let block_above = self.stack[k + 1..].iter().any(|&(x, _)| {
            self.dom
                .nodes
                .get(x as usize)
                .is_some_and(|x| x.tag.is_block() && x.tag != Tag::Ignored)
        });
        if !block_above {
            self.pop_to(k);
            return;
        }
        self.stack.remove(k);
        self.blocks.remove(k);
        self.ns.remove(k);
        if let Some(c) = self.open.get_mut(Tag::A as usize) {
            *c = c.saturating_sub(1);
        }
        if self
            .dom
            .nodes
            .get(n as usize)
            .is_some_and(|x| x.flags & flag::HREF != 0)
        {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
    }

    fn raw(&mut self, s: &str) {
        let top = self.top();
        let Some(node) = self.dom.nodes.get(top as usize) else {
            return;
        };
        if node.tag == Tag::Script
            && node.flags & flag::POSITIVE != 0
            && self.dom.meta.json_ld.len() < 16
            && s.len() < (2 << 20)
        {
            self.dom.meta.json_ld.push(s.to_owned());
        }
    }

    /// Pops open elements down to and including index `i` of the stack.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            if let Some((n, _)) = self.stack.pop() {
                self.ns.pop();
                if self
                    .dom
                    .nodes
                    .get(n as usize)
                    .is_some_and(|x| matches!(x.tag, Tag::Button | Tag::Label))
                {
                    self.close_control(n);
                }
                self.blocks.pop();
                if let Some(c) = self
                    .dom
                    .nodes
                    .get(n as usize)
                    .and_then(|x| self.open.get_mut(x.tag as usize))
                {
                    *c = c.saturating_sub(1);
                }
                match self.dom.nodes.get(n as usize).map(|x| (x.tag, x.flags)) {
                    Some((Tag::A, f)) => {
                        if f & flag::HREF != 0 {
                            self.link_depth = self.link_depth.saturating_sub(1);
                        }
                        if let Some(e) = self.afe.iter_mut().rev().find(|e| e.0 == n) {
                            e.1 = false;
                        }
                    }
                    Some((Tag::Td | Tag::Th | Tag::Caption, _)) => {
                        // Clear the active formatting elements to the last marker.
                        while let Some(e) = self.afe.pop() {
                            if e.0 == NONE {
                                break;
                            }
                        }
                    }
                    Some((Tag::Ignored | Tag::Script | Tag::Style, _)) => {
                        self.drop_depth = self.drop_depth.saturating_sub(1)
                    }
                    _ => {}
                }
            }
        }
    }

    /// A button's text is content when it reads as a sentence: accordion
    /// triggers holding an FAQ's question or a section's title. Labels
    /// ("Add to cart", "Load more", "Accept all", a form field's name) are
    /// not, unless they are words of running text: that is decided once the
    /// whole tree is known (`rules::inline`), so they are only noted here.
    fn close_control(&mut self, n: u32) {
        let Some((start, tag)) = self
            .dom
            .nodes
            .get(n as usize)
            .map(|x| (x.start as usize, x.tag))
        else {
            return;
        };
        let text = self.dom.text.get(start..).unwrap_or("");
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if tag == Tag::Button
            && (chars >= BUTTON_TEXT_CHARS || (chars >= 10 && text.trim_end().ends_with('?')))
        {
            return;
        }
        if self.dom.meta.ui_labels.len() < MAX_UI_LABELS {
            self.dom.meta.ui_labels.push(n);
        } else {
            for node in self.dom.nodes.iter_mut().skip(n as usize) {
                node.flags |= flag::DROP;
            }
        }
    }

    /// Finds an open element with tag `want` (searching down from the top),
    /// not crossing any tag in `stop`.
    fn find_open(&self, want: &[Tag], stop: &[Tag]) -> Option<usize> {
        if want
            .iter()
            .all(|t| self.open.get(*t as usize).copied().unwrap_or(0) == 0)
        {
            return None;
        }
        for (k, &(n, _)) in self.stack.iter().enumerate().rev().take(SCOPE_SEARCH) {
            let tag = self.dom.nodes.get(n as usize).map_or(Tag::Root, |x| x.tag);
            if want.contains(&tag) {
                return Some(k);
            }
            if stop.contains(&tag) || tag == Tag::Root {
                return None;
            }
        }
        None
    }

    fn start(&mut self, name: &str, self_closing: bool, tok: &Tokenizer<'_>) {
        // Foreign content: an SVG/MathML element unless the tag breaks out
        // (then the foreign elements close and it is HTML).
        let cur = self.ns.last().copied().unwrap_or(NS_HTML);
        let mut ns = NS_HTML;
        if cur & NS_MASK != NS_HTML && cur & NS_INTEGRATION == 0 {
            if breaks_out_of_foreign(name, tok) {
                self.close_foreign();
            } else {
                ns = cur & NS_MASK;
            }
        }
        if ns == NS_HTML {
            if name.eq_ignore_ascii_case("svg") {
                ns = NS_SVG;
            } else if name.eq_ignore_ascii_case("math") {
                ns = NS_MATH;
            }
        }
        let (tag, integration) = if ns == NS_HTML {
            (Tag::from_name(name), false)
        } else {
            foreign_tag(ns, name, tok)
        };
        if ns == NS_HTML && !self.html_start(tag, tok) {
            return;
        }
        if tag == Tag::Meta && ns == NS_HTML {
            self.meta(tok);
            return;
        }
        if self.stack.len() >= self.limits.max_depth
            || self.dom.nodes.len() >= self.limits.max_nodes
        {
            if !tag.is_void() && !self_closing {
                self.overflow = self.overflow.saturating_add(1);
            }
            return;
        }
        // Misplaced in a table: before it (foster parenting).
        let foster = self.in_table_body() && !stays_in_table(tag, name, tok);
        // Phrasing content reopens the links a block's end closed; the root
        // of foreign content does too, its descendants do not.
        let reopen = if ns == NS_HTML {
            !tag.is_block() || tag == Tag::Br
        } else {
            cur & NS_MASK == NS_HTML
        };
        if reopen {
            self.reconstruct(foster);
        }
        let (class_sig, _, class_flags, class_reviews) = tok
            .attr("class")
            .map_or((0, false, 0, false), |c| self.class_info(c));
        let sig = (tag as u32).wrapping_mul(0x9E37_79B9) ^ class_sig;
        self.class_flags = class_flags;
        self.class_reviews = class_reviews;
        let mut flags = self.classify(tag, tok);
        if self.drop_depth > 0 {
            flags |= flag::DROP;
        }
        let node = Node {
            tag,
            flags,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: 0,
            end: 0,
            block: sig,
        };
        let foster_at = if foster && self.in_table_body() {
            self.foster_table()
        } else {
            None
        };
        let id = match foster_at {
            Some(k) => self.insert_before_table(node, k),
            None => self.append(node),
        };
        self.collect(tag, id, tok);
        if matches!(tag, Tag::Button | Tag::Label) {
            // Where its text starts, to judge it when it closes.
            if let Some(b) = self.dom.nodes.get_mut(id as usize) {
                b.start = u32::try_from(self.dom.text.len()).unwrap_or(u32::MAX);
            }
        }
        let raw_text = ns == NS_HTML
            && (matches!(tag, Tag::Script | Tag::Style | Tag::Title)
                || (tag == Tag::Ignored && is_raw_name(name) && !self_closing));
        if tag.is_void() || (self_closing && !raw_text) {
            // `<div/>` opens a div in HTML, but in practice (XHTML-ish pages,
            // SVG) it means empty; treating it as empty is safer.
            return;
        }
        if tag == Tag::A {
            let href = tok.attr("href").is_some();
            self.open_link(id, href);
            if href {
                if let Some(n) = self.dom.nodes.get_mut(id as usize) {
                    n.flags |= flag::HREF;
                }
            }
            self.afe.push((id, true));
        }
        if matches!(tag, Tag::Ignored | Tag::Script | Tag::Style) {
            self.drop_depth += 1;
        }
        let parent_block = match foster_at {
            Some(k) => self.blocks.get(k - 1).copied().unwrap_or(0),
            None => self.blocks.last().copied().unwrap_or(0),
        };
        let blk = if tag.is_block() { id } else { parent_block };
        let hash = if matches!(tag, Tag::Inline | Tag::Ignored) {
            name_hash(name)
        } else {
            0
        };
        let ns_bits = if integration { ns | NS_INTEGRATION } else { ns };
        self.push_open(id, hash, blk, ns_bits, tag);
        if ns == NS_HTML && matches!(tag, Tag::Td | Tag::Th | Tag::Caption) {
            self.afe.push(MARKER);
        }
    }

    /// Closes open foreign elements down to an HTML element or an
    /// integration point.
    fn close_foreign(&mut self) {
        let mut k = self.ns.len();
        while k > 1 && self.ns[k - 1] & NS_MASK != NS_HTML && self.ns[k - 1] & NS_INTEGRATION == 0 {
            k -= 1;
        }
        if k < self.stack.len() {
            self.pop_to(k);
        }
    }

    /// The HTML start tag rules that close or skip elements (implied end
    /// tags, a link inside a link, repeated `<html>`/`<body>`). Returns
    /// whether the element is to be inserted.
    fn html_start(&mut self, tag: Tag, tok: &Tokenizer<'_>) -> bool {
        // Implied end tags.
        if tag.closes_p() {
            if let Some(k) = self.find_open(
                &[Tag::P],
                &[
                    Tag::Table,
                    Tag::Td,
                    Tag::Th,
                    Tag::Caption,
                    Tag::Ignored,
                    Tag::Body,
                ],
            ) {
                self.pop_to(k);
            }
        }
        match tag {
            Tag::Li => {
                if let Some(k) = self.find_open(
                    &[Tag::Li],
                    &[Tag::Ul, Tag::Ol, Tag::Menu, Tag::Table, Tag::Td, Tag::Body],
                ) {
                    self.pop_to(k);
                }
            }
            Tag::Dt | Tag::Dd => {
                if let Some(k) = self.find_open(
                    &[Tag::Dt, Tag::Dd],
                    &[Tag::Dl, Tag::Table, Tag::Td, Tag::Body],
                ) {
                    self.pop_to(k);
                }
            }
            Tag::Tr | Tag::TSection => {
                let want: &[Tag] = if tag == Tag::Tr {
                    &[Tag::Tr]
                } else {
                    &[Tag::Tr, Tag::TSection]
                };
                if let Some(k) = self.find_open(want, &[Tag::Table]) {
                    self.pop_to(k);
                }
            }
            Tag::Td | Tag::Th => {
                if let Some(k) = self.find_open(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]) {
                    self.pop_to(k);
                }
            }
            Tag::Option if self.top_tag() == Tag::Option => {
                let k = self.stack.len() - 1;
                self.pop_to(k);
            }
            Tag::A => {
                // A link inside a link: the adoption agency ends the outer one.
                // (The list holds links and markers only, and at most one
                // link after the last marker.)
                match self.afe.last().copied() {
                    Some((n, true)) if n != NONE => {
                        match self.stack.iter().rposition(|e| e.0 == n) {
                            Some(k) => self.adopt_link(k),
                            None => {
                                self.afe.pop();
                            }
                        }
                    }
                    Some((n, false)) if n != NONE => {
                        self.afe.pop();
                    }
                    _ => {}
                }
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
                if self.top_tag().heading_level() > 0 =>
            {
                let k = self.stack.len() - 1;
                self.pop_to(k);
            }
            Tag::Head => return false,
            Tag::Html | Tag::Body => {
                // Repeated or misplaced: only the attributes matter.
                if tag == Tag::Html {
                    if let Some(l) = tok.attr("lang").or_else(|| tok.attr("xml:lang")) {
                        if self.dom.meta.html_lang.is_none() && !l.trim().is_empty() {
                            self.dom.meta.html_lang = Some(l.trim().to_owned());
                        }
                    }
                }
                if tag == Tag::Body
                    && tok
                        .attr("class")
                        .is_some_and(|c| c.split_ascii_whitespace().any(|w| w == "archive"))
                {
                    self.dom.meta.archive = true;
                }
                let bit = if tag == Tag::Html { 1 } else { 2 };
                if self.seen & bit != 0 {
                    return false;
                }
                self.seen |= bit;
            }
            _ => {}
        }
        true
    }

    fn end(&mut self, name: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        // In foreign content: the open foreign element of that name closes;
        // an HTML element below them is handled by the HTML rules.
        if self.ns.last().is_some_and(|&n| n & NS_MASK != NS_HTML) {
            if name.eq_ignore_ascii_case("p") || name.eq_ignore_ascii_case("br") {
                self.close_foreign();
            } else {
                let hash = name_hash(name);
                for k in (1..self.stack.len()).rev().take(SCOPE_SEARCH) {
                    if self.ns[k] & NS_MASK == NS_HTML {
                        break;
                    }
                    if self.stack[k].1 == hash {
                        self.pop_to(k);
                        return;
                    }
                }
            }
        }
        let tag = Tag::from_name(name);
        if tag == Tag::Br {
            self.start("br", true, &Tokenizer::new(""));
            return;
        }
        if matches!(tag, Tag::Html | Tag::Body | Tag::Head) || tag.is_void() {
            return;
        }
        if tag == Tag::A {
            // A link closed early by a block's end is only forgotten.
            if let Some(&(n, false)) = self.afe.last() {
                if n != NONE {
                    self.afe.pop();
                    return;
                }
            }
        }
        if self.open.get(tag as usize).copied().unwrap_or(0) == 0 {
            return;
        }
        let hash = if matches!(tag, Tag::Inline | Tag::Ignored) {
            name_hash(name)
        } else {
            0
        };
        let block_stop = tag.is_block();
        let mut crossed_block = false;
        for (k, &(n, h)) in self.stack.iter().enumerate().rev().take(SCOPE_SEARCH) {
            let t = self.dom.nodes.get(n as usize).map_or(Tag::Root, |x| x.tag);
            let foreign = self.ns.get(k).is_some_and(|&x| x & NS_MASK != NS_HTML);
            if foreign {
                continue;
            }
            if t == tag && h == hash {
                if tag == Tag::A && crossed_block {
                    self.adopt_link(k);
                } else {
                    if tag == Tag::A {
                        if let Some(p) = self.afe.iter().rposition(|e| e.0 == n) {
                            self.afe.remove(p);
                        }
                    }
                    self.pop_to(k);
                }
                return;
            }
            if t == Tag::Root || t == Tag::Body || t == Tag::Html {
                return;
            }
            // End tags do not cross table cells, and inline end tags do not
            // cross blocks (misnested formatting is left open instead), but
            // `</a>` does: the adoption agency ends the link there.
            // Of the never-text elements only `<select>` and `<template>`
            // fence end tags off (as in browsers): an unclosed `<button>` or
            // `<svg>` must not swallow the rest of the page.
            let fence = t == Tag::Ignored && (h == SELECT_HASH || h == TEMPLATE_HASH);
            if (matches!(t, Tag::Td | Tag::Th | Tag::Table | Tag::Caption) || fence)
                && !matches!(tag, Tag::Table | Tag::Tr | Tag::TSection)
            {
                return;
            }
            if !block_stop && t.is_block() && t != Tag::Ignored {
                if tag != Tag::A {
                    return;
                }
                crossed_block = true;
            }
        }
    }

    fn meta(&mut self, tok: &Tokenizer<'_>) {
        if self.dom.meta.metas.len() >= 256 {
            return;
        }
        let key = tok
            .attr("property")
            .or_else(|| tok.attr("name"))
            .or_else(|| tok.attr("itemprop"))
            .or_else(|| tok.attr("http-equiv"));
        if let (Some(k), Some(v)) = (key, tok.attr("content")) {
            let v = collapse_ws(&entities::decode_attr(v));
            if !v.is_empty() && v.len() < 4096 {
                self.dom.meta.metas.push((k.trim().to_ascii_lowercase(), v));
            }
        }
    }

    fn collect(&mut self, tag: Tag, id: u32, tok: &Tokenizer<'_>) {
        let m = &mut self.dom.meta;
        match tag {
            Tag::H1 if m.h1.len() < 16 => m.h1.push(id),
            Tag::Script
                if tok
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                if let Some(n) = self.dom.nodes.get_mut(id as usize) {
                    n.flags |= flag::POSITIVE;
                }
            }
            Tag::Link => {
                if let (Some(rel), Some(href)) = (tok.attr("rel"), tok.attr("href")) {
                    if rel.eq_ignore_ascii_case("canonical") && m.metas.len() < 256 {
                        m.metas.push(("canonical".into(), href.trim().to_owned()));
                    }
                }
            }
            _ => {}
        }
        let m = &mut self.dom.meta;
        if let Some(ip) = tok.attr("itemprop") {
            if m.itemprops.len() < 64 {
                let content = tok
                    .attr("content")
                    .or_else(|| tok.attr("datetime"))
                    .map(|c| collapse_ws(&entities::decode_attr(c)));
                m.itemprops
                    .push((ip.trim().to_ascii_lowercase(), id, content));
            }
        }
        if tag == Tag::Time {
            if let Some(dt) = tok.attr("datetime") {
                if m.times.len() < 32 {
                    let pub_like = tok.attr("pubdate").is_some()
                        || tok.attr("class").is_some_and(|c| {
                            let c = c.to_ascii_lowercase();
                            c.contains("publish")
                                || c.contains("posted")
                                || c.contains("entry-date")
                                || c.contains("post-date")
                        });
                    m.times.push((id, dt.trim().to_owned(), pub_like));
                }
            }
        }
        if tag == Tag::A
            && tok.attr("rel").is_some_and(|r| {
                r.to_ascii_lowercase()
                    .split_whitespace()
                    .any(|x| x == "author")
            })
            && m.author_nodes.len() < 8
        {
            m.author_nodes.push(id);
        }
        self.collect_widgets(tag, id, tok);
    }

    /// Review sections, disclosure panels and their controls, and a
    /// microdata product (one pass over the attributes: this runs for every
    /// element).
    fn collect_widgets(&mut self, tag: Tag, id: u32, tok: &Tokenizer<'_>) {
        let (mut itemprop, mut controls, mut elem_id, mut role, mut itemtype, mut href) =
            (None, None, None, None, None, None);
        for &(n, v) in &tok.attrs {
            match n.len() {
                2 if n.eq_ignore_ascii_case("id") => elem_id = Some(v),
                4 if n.eq_ignore_ascii_case("role") => role = Some(v),
                4 if n.eq_ignore_ascii_case("href") => href = Some(v),
                8 if n.eq_ignore_ascii_case("itemprop") => itemprop = Some(v),
                8 if n.eq_ignore_ascii_case("itemtype") => itemtype = Some(v),
                13 if n.eq_ignore_ascii_case("aria-controls") => controls = Some(v),
                _ => {}
            }
        }
        let m = &mut self.dom.meta;
        if m.review_nodes.len() < MAX_REVIEW_NODES
            && (self.class_reviews
                || itemprop.is_some_and(|v| v.trim().eq_ignore_ascii_case("review")))
        {
            m.review_nodes.push(id);
        }
        // In-page links that toggle something open tabs too
        // (`<a role=tab href="#tab-2">`, jQuery UI and Bootstrap tab navs),
        // and a skip link's target is the main content; other in-page links
        // (tables of contents, footnotes) say nothing about their target.
        let toggle = || {
            role.is_some_and(|r| matches!(r.trim(), "tab" | "button"))
                || tok.attr("data-toggle").is_some()
                || tok.attr("data-bs-toggle").is_some()
                || tok.attr("class").is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("tab")
                        || c.contains("toggle")
                        || c.contains("accordion")
                        || c.contains("skip")
                })
        };
        let anchor = if tag == Tag::A {
            href.and_then(|h| h.trim().strip_prefix('#'))
                .filter(|h| !h.is_empty() && toggle())
        } else {
            None
        };
        if let Some(c) = controls.or(anchor) {
            for t in c.split_ascii_whitespace() {
                if m.controlled_ids.len() < MAX_PANEL_NODES {
                    m.controlled_ids
                        .insert(xxhash_rust::xxh3::xxh3_64(t.as_bytes()));
                }
            }
        }
        let hidden = self
            .dom
            .nodes
            .get(id as usize)
            .is_some_and(|n| n.flags & flag::HIDDEN != 0);
        let m = &mut self.dom.meta;
        if let Some(v) = elem_id.filter(|_| hidden || !m.controlled_ids.is_empty()) {
            let h = xxhash_rust::xxh3::xxh3_64(v.trim().as_bytes());
            if hidden && m.hidden_ids.len() < MAX_PANEL_NODES {
                m.hidden_ids.push((h, id));
            }
            if m.controlled_nodes.len() < MAX_PANEL_NODES && m.controlled_ids.contains(&h) {
                m.controlled_nodes.push(id);
            }
        }
        if m.tab_panels.len() < MAX_PANEL_NODES
            && role.is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"))
        {
            m.tab_panels.push(id);
        }
        if !m.product_microdata
            && itemtype.is_some_and(|t| {
                t.trim_end_matches('/')
                    .to_ascii_lowercase()
                    .ends_with("schema.org/product")
            })
        {
            m.product_microdata = true;
        }
    }

    /// Semantic flags of an element from its tag and attributes.
    fn classify(&mut self, tag: Tag, tok: &Tokenizer<'_>) -> u16 {
        let mut f = match tag {
            Tag::Script | Tag::Style | Tag::Ignored | Tag::Head | Tag::Title | Tag::Option => {
                flag::DROP
            }
            Tag::Nav | Tag::Aside | Tag::Footer | Tag::Menu => flag::BOILER_TAG,
            Tag::Header => flag::BOILER_TAG | flag::WEAK_BOILER,
            Tag::Figcaption | Tag::Noscript => flag::WEAK_BOILER,
            Tag::Article | Tag::Main => flag::POSITIVE,
            _ => 0,
        };
        if tok.attrs.is_empty() {
            return f;
        }
        if (tok.attr("hidden").is_some() && !tok.attr("id").is_some_and(is_streamed_segment))
            || tok
                .attr("aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            f |= flag::HIDDEN;
        }
        if let Some(style) = tok.attr("style") {
            if style.len() < 512 {
                let s: String = style
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if s.contains("display:none") || s.contains("visibility:hidden") {
                    f |= flag::HIDDEN | flag::HIDDEN_STYLE;
                }
            }
        }
        if let Some(role) = tok.attr("role") {
            match role.trim().to_ascii_lowercase().as_str() {
                // Not `tablist`: accordions of FAQs carry it on the whole panel set.
                "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "menu"
                | "menubar" | "tooltip" | "toolbar" => f |= flag::BOILER_CLASS | flag::REGION,
                "dialog" | "alertdialog" => f |= flag::BOILER_CLASS | flag::REGION | flag::OVERLAY,
                "main" | "article" => f |= flag::POSITIVE,
                // A tab's panel, shown by a click (code samples in other
                // languages), not a machine-only copy, even with `display:none`.
                "tabpanel" => f &= !flag::HIDDEN_STYLE,
                _ => {}
            }
        }
        if let Some(ip) = tok.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if ip.contains("articlebody")
                || ip.contains("reviewbody")
                || ip == "text"
                || ip.contains("description")
            {
                f |= flag::POSITIVE;
            }
        }
        f |= self.class_flags;
        if let Some(v) = tok.attr("id").filter(|v| !v.is_empty() && v.len() < 1024) {
            self.lower.clear();
            self.lower.push_str(v);
            self.lower.make_ascii_lowercase();
            f |= self.patterns.classify(&self.lower);
        }
        f
    }

    /// Signature, taxonomy names, vocabulary flags and whether it names
    /// reviews ([`names_reviews`]) of a class value, cached (pages repeat a
    /// few hundred class strings thousands of times).
    fn class_info(&mut self, class: &str) -> ClassInfo {
        let key = xxhash_rust::xxh3::xxh3_64(class.as_bytes());
        if let Some(v) = CLASS_CACHE.with(|c| c.borrow().get(&key).copied()) {
            return v;
        }
        let (sig, taxonomy) = class_signature(class);
        let mut flags = 0;
        if class.len() < 1024 {
            self.lower.clear();
            for t in class
                .split_ascii_whitespace()
                .filter(|t| !is_taxonomy_class(t) && !is_print_variant(t))
            {
                self.lower.push(' ');
                self.lower.push_str(t);
            }
            self.lower.make_ascii_lowercase();
            flags = self.patterns.classify(&self.lower);
            if self.lower.contains("accordion") {
                // An accordion's `dropdown`/`toggle` parts are its panels
                // (FAQ answers, course details), not a menu.
                flags &= !(flag::BOILER_CLASS | flag::REGION);
            }
        }
        let v = (sig, taxonomy, flags, names_reviews(class));
        CLASS_CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CLASS_CACHE_ENTRIES {
                c.clear();
            }
            c.insert(key, v);
        });
        v
    }
}

/// A hash of the class names that say what kind of element this is,
/// leaving out the ones that identify one item (`post-48213`) or name its
/// topics (`tag-iran`, `category-economy`): the teasers of a list then
/// share a signature. Also says whether taxonomy classes were seen.
fn class_signature(class: &str) -> (u32, bool) {
    // One pass over the bytes (this runs for every element with a class).
    let b = class.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut taxonomy = false;
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let mut th: u32 = 0x811c_9dc5;
        let mut id = IdScan::default();
        while i < b.len() && !b[i].is_ascii_whitespace() {
            th = (th ^ u32::from(b[i])).wrapping_mul(0x0100_0193);
            id.push(b[i]);
            i += 1;
        }
        if class.get(start..i).is_some_and(is_taxonomy_class) {
            taxonomy = true;
        } else if !id.is_id() {
            h = h.rotate_left(5) ^ th;
        }
    }
    (h, taxonomy)
}

/// Scans a class name for an item id: three digits in a row
/// (`post-48213`), or a last part of five or more hex digits with a digit
/// (`element-a8f3bc1`).
#[derive(Clone, Copy)]
struct IdScan {
    run: u8,
    digits3: bool,
    seg_len: u32,
    seg_hex: bool,
    seg_digit: bool,
    split: bool,
}

impl Default for IdScan {
    fn default() -> Self {
        IdScan {
            run: 0,
            digits3: false,
            seg_len: 0,
            seg_hex: true,
            seg_digit: false,
            split: false,
        }
    }
}

impl IdScan {
    fn push(&mut self, c: u8) {
        if c == b'-' || c == b'_' {
            *self = IdScan {
                digits3: self.digits3,
                split: true,
                ..IdScan::default()
            };
            return;
        }
        let digit = c.is_ascii_digit();
        self.run = if digit { self.run.saturating_add(1) } else { 0 };
        self.digits3 |= self.run >= 3;
        self.seg_len += 1;
        self.seg_hex &= c.is_ascii_hexdigit();
        self.seg_digit |= digit;
    }

    fn is_id(&self) -> bool {
        self.digits3 || (self.split && self.seg_len >= 5 && self.seg_hex && self.seg_digit)
    }
}
/// An item's id, not a style (see [`IdScan`]).
#[cfg(test)]
fn has_id_number(t: &str) -> bool {
    let mut id = IdScan::default();
    t.bytes().for_each(|c| id.push(c));
    id.is_id()
}
/// React's streamed server rendering sends each late part of the page as
/// `<div hidden id="S:3">` and a script that moves it into place: what a
/// browser shows, so not hidden.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// CMS classes that name the post's categories and tags (WordPress's
/// `post_class()`: `tag-social-media`, `category-share-tips`; WooCommerce's
/// `wc_product_class()`: `product_tag-sale`, `product_cat-straws`): they say
/// what a post is about, not what the element is.
fn is_taxonomy_class(t: &str) -> bool {
    [
        "tag-",
        "category-",
        "tags-",
        "categories-",
        "product_tag-",
        "product_cat-",
    ]
    .iter()
    .any(|p| t.len() > p.len() && t.starts_with(p))
}

/// Tailwind's `print:` variants (`print:break-inside-avoid`) style the
/// printed page; they say nothing about what the element is on screen.
fn is_print_variant(t: &str) -> bool {
    t.len() > 6 && t.as_bytes()[..6].eq_ignore_ascii_case(b"print:")
}

/// Class/id vocabulary.
pub(crate) struct Patterns {
    ac: Option<AhoCorasick>,
    kinds: Vec<u16>,
}

/// Substrings of class/id values and what they mean.
const SUBSTRINGS: &[(&str, u16)] = &[
    ("sidebar", flag::BOILER_CLASS | flag::REGION),
    ("side-bar", flag::BOILER_CLASS | flag::REGION),
    ("footer", flag::BOILER_CLASS | flag::REGION),
    ("navbar", flag::BOILER_CLASS | flag::REGION),
    ("navigation", flag::BOILER_CLASS | flag::REGION),
    ("breadcrumb", flag::BOILER_CLASS | flag::REGION),
    ("cookie", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    ("newsletter", flag::BOILER_CLASS | flag::REGION),
    ("subscri", flag::BOILER_CLASS | flag::REGION),
    ("related", flag::BOILER_CLASS),
    ("share", flag::BOILER_CLASS),
    ("sharing", flag::BOILER_CLASS),
    ("social", flag::BOILER_CLASS),
    ("advert", flag::BOILER_CLASS),
    ("sponsor", flag::BOILER_CLASS),
    ("promo", flag::BOILER_CLASS),
    ("popup", flag::BOILER_CLASS | flag::REGION),
    ("modal", flag::BOILER_CLASS | flag::REGION),
    ("masthead", flag::BOILER_CLASS | flag::REGION),
    ("skip-link", flag::BOILER_CLASS),
    ("skiplink", flag::BOILER_CLASS),
    ("toolbar", flag::BOILER_CLASS | flag::REGION),
    ("pagination", flag::BOILER_CLASS),
    ("pager", flag::BOILER_CLASS),
    ("outbrain", flag::BOILER_CLASS),
    ("taboola", flag::BOILER_CLASS),
    ("recommend", flag::BOILER_CLASS),
    ("mostread", flag::BOILER_CLASS),
    ("most-read", flag::BOILER_CLASS),
    ("most_read", flag::BOILER_CLASS),
    ("mostpopular", flag::BOILER_CLASS),
    ("most-popular", flag::BOILER_CLASS),
    ("popular-posts", flag::BOILER_CLASS),
    ("trending", flag::BOILER_CLASS),
    ("latest-news", flag::BOILER_CLASS),
    ("latest-posts", flag::BOILER_CLASS),
    ("recent-posts", flag::BOILER_CLASS),
    ("more-stories", flag::BOILER_CLASS),
    ("read-next", flag::BOILER_CLASS),
    ("read-more", flag::WEAK_BOILER),
    ("consent", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    ("gdpr", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    ("signup", flag::BOILER_CLASS | flag::REGION),
    ("sign-up", flag::BOILER_CLASS | flag::REGION),
    ("login", flag::BOILER_CLASS | flag::REGION),
    ("dropdown", flag::BOILER_CLASS | flag::REGION),
    ("offcanvas", flag::BOILER_CLASS | flag::REGION),
    ("off-canvas", flag::BOILER_CLASS | flag::REGION),
    ("author-bio", flag::BOILER_CLASS),
    ("authorbio", flag::BOILER_CLASS),
    ("author-box", flag::BOILER_CLASS),
    ("about-author", flag::BOILER_CLASS),
    ("tagcloud", flag::BOILER_CLASS),
    ("tag-cloud", flag::BOILER_CLASS),
    ("widget_", flag::BOILER_CLASS),
    ("widget-area", flag::BOILER_CLASS),
    ("site-header", flag::BOILER_CLASS | flag::REGION),
    ("site-nav", flag::BOILER_CLASS | flag::REGION),
    ("global-nav", flag::BOILER_CLASS | flag::REGION),
    ("topbar", flag::BOILER_CLASS | flag::REGION),
    ("top-bar", flag::BOILER_CLASS | flag::REGION),
    ("menu", flag::BOILER_CLASS | flag::REGION),
    ("banner", flag::WEAK_BOILER),
    ("byline", flag::BYLINE),
    ("dateline", flag::BYLINE),
    ("post-meta", flag::BYLINE),
    ("entry-meta", flag::BYLINE),
    ("article-meta", flag::BYLINE),
    ("meta-data", flag::BYLINE),
    ("posted-on", flag::BYLINE),
    ("disclaimer", flag::WEAK_BOILER),
    ("print", flag::WEAK_BOILER),
    // Screen-reader-only text is never on screen, like `display:none`.
    ("visually-hidden", flag::HIDDEN | flag::HIDDEN_STYLE),
    ("visuallyhidden", flag::HIDDEN | flag::HIDDEN_STYLE),
    ("sr-only", flag::HIDDEN | flag::HIDDEN_STYLE),
    ("screen-reader", flag::HIDDEN | flag::HIDDEN_STYLE),
    ("comment", flag::COMMENTS),
    ("disqus", flag::COMMENTS),
    ("respond", flag::COMMENTS),
    ("cart", flag::BOILER_CLASS | flag::REGION),
    (
        "onetrust",
        flag::BOILER_CLASS | flag::REGION | flag::OVERLAY,
    ),
    ("optanon", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    (
        "cookiebot",
        flag::BOILER_CLASS | flag::REGION | flag::OVERLAY,
    ),
    ("didomi", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    ("qc-cmp", flag::BOILER_CLASS | flag::REGION | flag::OVERLAY),
    ("checkout", flag::BOILER_CLASS | flag::REGION),
    ("wishlist", flag::BOILER_CLASS | flag::REGION),
    ("newsfeed", flag::BOILER_CLASS),
    ("article-body", flag::POSITIVE),
    ("articlebody", flag::POSITIVE),
    ("article-content", flag::POSITIVE),
    ("article__body", flag::POSITIVE),
    ("article-text", flag::POSITIVE),
    ("entry-content", flag::POSITIVE),
    ("post-content", flag::POSITIVE),
    ("post-body", flag::POSITIVE),
    ("postbody", flag::POSITIVE),
    ("story-body", flag::POSITIVE),
    ("storybody", flag::POSITIVE),
    ("main-content", flag::POSITIVE),
    ("maincontent", flag::POSITIVE),
    ("page-content", flag::POSITIVE),
    ("rich-text", flag::POSITIVE),
    ("richtext", flag::POSITIVE),
    ("prose", flag::POSITIVE),
    ("markdown", flag::POSITIVE),
];

/// Customer reviews are the comments of a product page: a section named
/// for them, or a review widget. Whole class names only, since WordPress
/// tags posts with their categories (`category-kit-reviews`).
fn review_class(t: &str) -> u16 {
    const NAMES: &[&str] = &[
        "reviews",
        "product-reviews",
        "customer-reviews",
        "user-reviews",
        "reviews-section",
        "reviews-container",
        "reviews-list",
        "review-list",
    ];
    const WIDGETS: &[&str] = &[
        "yotpo",
        "okendo",
        "jdgm",
        "stamped-",
        "bv-",
        "trustpilot",
        "pr-review",
    ];
    if NAMES.contains(&t) || WIDGETS.iter().any(|w| t.starts_with(w)) {
        flag::COMMENTS
    } else {
        0
    }
}

/// Disclosure panels and their controls remembered per page (bounds memory).
const MAX_PANEL_NODES: usize = 4096;

/// Review elements remembered per page (a shop's review widget has a few
/// dozen; the cap bounds memory on pathological pages).
const MAX_REVIEW_NODES: usize = 4096;

/// A class that names customer reviews: `reviews`, `review-list`,
/// `okeReviews`, `x-review-details`, the review widgets that shop
/// platforms embed (Yotpo, Judge.me, Stamped, Loox, Bazaarvoice), and the
/// shop's testimonials. Not `preview`.
fn names_reviews(v: &str) -> bool {
    if v.len() > 1024 {
        return false;
    }
    let b = v.as_bytes();
    (0..b.len()).any(|k| {
        let at = |w: &[u8]| {
            b.get(k..k + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
        };
        match b[k].to_ascii_lowercase() {
            b'r' => {
                at(b"review")
                    && (k == 0 || b.get(k - 1).is_some_and(|p| !p.eq_ignore_ascii_case(&b'p')))
            }
            b't' => at(b"testimonial"),
            b'y' => at(b"yotpo"),
            b'j' => at(b"jdgm"),
            b's' => at(b"stamped-"),
            b'l' => at(b"loox-"),
            b'b' => at(b"bazaarvoice") || at(b"bv-rating"),
            _ => false,
        }
    })
}

/// What a class name says about visibility. Hidden on phones only is a weak
/// boilerplate hint (sidebars, wells, tag clouds); hidden on screens, or on
/// desktop ones (the view extraction reproduces), is hidden. `overflow-hidden`,
/// `field--label-hidden` and `hidden-print` hide nothing of the element's text.
fn hidden_class(t: &str) -> u16 {
    let mut words = t
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    if !words
        .clone()
        .any(|w| matches!(w, "hidden" | "hide" | "invisible"))
    {
        return 0;
    }
    // Elementor's `elementor-invisible` is an entrance animation's first
    // frame: shown as soon as it scrolls into view.
    // Hover effects (Tachyons' `hide-child`, `hide-sibling-opacity`,
    // `hide-on-hover`) hide parts only while the pointer plays with them: the
    // element itself is shown, often a whole product card.
    if words.clone().any(|w| {
        matches!(
            w,
            "overflow" | "label" | "print" | "title" | "scroll" | "child" | "sibling" | "hover"
        )
    }) || t == "elementor-invisible"
    {
        return 0;
    }
    // `hidden-down-md` (Squarespace) hides below the breakpoint, like `hidden-md-down`.
    let mobile = words.clone().any(|w| {
        matches!(
            w,
            "xs" | "sm" | "small" | "mobile" | "phone" | "tablet" | "landscape" | "portrait"
        )
    }) || t.contains("md-down")
        || t.contains("down-md");
    if mobile
        && !words
            .clone()
            .any(|w| matches!(w, "up" | "lg" | "large" | "desktop"))
    {
        return flag::WEAK_BOILER;
    }
    // `hide-read-more-ad`: a switch for a part of the element (its
    // read-more ad), not for the element itself.
    let mut rest = t
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    if rest.next() == Some("hide") {
        let parts: Vec<&str> = rest.collect();
        if parts.len() >= 2
            && !parts.iter().any(|w| {
                matches!(
                    *w,
                    "desktop"
                        | "lg"
                        | "xl"
                        | "md"
                        | "large"
                        | "all"
                        | "always"
                        | "content"
                        | "text"
                        | "element"
                        | "js"
                        | "nojs"
                        | "if"
                        | "when"
                        | "on"
                        | "for"
                        | "until"
                )
            })
        {
            return 0;
        }
    }
    // A CMS's "condition not met" (Webflow's `w-condition-invisible`) is
    // never shown, unlike a tab panel waiting for a click.
    if words.any(|w| w == "condition") {
        return flag::HIDDEN | flag::HIDDEN_STYLE;
    }
    flag::HIDDEN
}

/// A Tailwind responsive display class (`md:block`, `lg:flex`): shown from
/// that screen width up, whatever `hidden` says for phones.
fn shown_from_breakpoint(t: &str) -> bool {
    t.split_once(':').is_some_and(|(bp, d)| {
        matches!(bp, "sm" | "md" | "lg" | "xl" | "2xl")
            && matches!(
                d,
                "block"
                    | "flex"
                    | "grid"
                    | "inline"
                    | "inline-block"
                    | "inline-flex"
                    | "table"
                    | "contents"
            )
    })
}

/// Whole words (class/id split on non-alphanumerics) and what they mean.
fn word_kind(w: &str) -> u16 {
    match w {
        "nav" | "navs" | "breadcrumbs" | "overlay" | "dialog" | "menu" | "foot" | "aside" => {
            flag::BOILER_CLASS | flag::REGION
        }
        "ad" | "ads" | "adsense" | "advertisement" | "share" | "social" | "rail" | "promo"
        | "cta" | "tags" | "tag" | "categories" | "related" | "sticky" | "noprint" | "toc" => {
            flag::BOILER_CLASS
        }
        "caption" | "credit" | "credits" | "copyright" => flag::WEAK_BOILER,
        "comments" | "comment" => flag::COMMENTS,
        "meta" | "author" | "date" | "timestamp" => flag::BYLINE,
        "content" | "article" | "entry" | "post" | "story" | "main" | "body" | "text" | "blog" => {
            flag::POSITIVE
        }
        _ => 0,
    }
}

impl Patterns {
    fn classify(&self, lower: &str) -> u16 {
        let mut f = 0;
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(lower) {
                f |= self.kinds.get(m.pattern().as_usize()).copied().unwrap_or(0);
            }
        }
        for w in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() && w.len() <= 13 {
                f |= word_kind(w);
            }
        }
        let shown_wide = lower.split_ascii_whitespace().any(shown_from_breakpoint);
        let mut furniture = 0;
        for t in lower.split_ascii_whitespace() {
            let h = hidden_class(t);
            // Tailwind's `hidden md:block` is shown on the desktop screens
            // extraction reproduces (featured stories, grids, not just
            // sidebars: unlike Bootstrap's `hidden-xs`, it is how Tailwind
            // lays out every desktop-only element).
            f |= if shown_wide && t == "hidden" { 0 } else { h } | review_class(t);
            furniture |= crate::forum::furniture_class(t);
        }
        // `post-signature` is not a post.
        if furniture != 0 {
            f = (f & !flag::POSITIVE) | furniture;
        }
        f
    }
}

fn patterns() -> &'static Patterns {
    static P: std::sync::OnceLock<Patterns> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        // Constant patterns: building cannot fail; if it did, class hints are off.
        let ac = AhoCorasick::new(SUBSTRINGS.iter().map(|(p, _)| *p)).ok();
        Patterns {
            ac,
            kinds: SUBSTRINGS.iter().map(|(_, k)| *k).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dom(s: &str) -> Dom {
        build(
            s,
            Limits {
                max_depth: 64,
                max_nodes: 100_000,
            },
        )
    }

    fn texts(d: &Dom) -> Vec<(Tag, String)> {
        d.nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| {
                (
                    d.nodes[n.parent as usize].tag,
                    d.text[n.start as usize..n.end as usize].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn implied_end_tags() {
        let d =
            dom("<ul><li>a<li>b</ul><p>x<p>y<div>z</div><table><tr><td>1<td>2<tr><td>3</table>");
        let lis = d.nodes.iter().filter(|n| n.tag == Tag::Li).count();
        assert_eq!(lis, 2);
        for n in &d.nodes {
            if n.tag == Tag::P || n.tag == Tag::Li || n.tag == Tag::Td {
                // None of these contains another of its kind.
                let p = n.parent as usize;
                assert_ne!(d.nodes[p].tag, n.tag);
            }
        }
        let t = texts(&d);
        assert!(t.contains(&(Tag::Div, "z".into())), "{t:?}");
        assert!(t.contains(&(Tag::Td, "3".into())));
    }

    #[test]
    fn unclosed_never_text_elements_do_not_swallow_the_page() {
        // A poll widget whose second `<button>` is never closed: the
        // enclosing `</div>` closes it, and the next paragraph is text.
        let d = dom("<div><p>one</p><div class=poll><button>Yes</button><button><span>No</span></div></div><p>two</p><div><svg><g></div><p>three</p>");
        let t = texts(&d);
        assert!(t.contains(&(Tag::P, "two".into())), "{t:?}");
        assert!(t.contains(&(Tag::P, "three".into())), "{t:?}");
        for word in ["one", "two", "three"] {
            let f = d
                .nodes
                .iter()
                .find(|n| n.tag == Tag::Text && &d.text[n.start as usize..n.end as usize] == word)
                .map(|n| n.flags);
            assert_eq!(f.map(|f| f & flag::DROP), Some(0), "{word}");
        }
        // `<select>` still fences end tags off: its options stay inside it.
        let d = dom("<div><select><option>a</div><option>b</select></div><p>c</p>");
        assert!(texts(&d).contains(&(Tag::P, "c".into())));
    }

    #[test]
    fn buttons_keep_questions_and_note_labels() {
        let d = dom("<div class=faq><button><h3>How long does delivery take to Norway?</h3><svg><path/></svg></button><div><p>Two days.</p></div><button>Is shipping free?</button><button>Add to cart</button><button>Load more</button></div><form><label>First name of the contact person*</label><input name=f></form>");
        // Questions stay; interface labels are noted, to be dropped unless
        // they are words of a sentence (`rules::inline`).
        let labels: Vec<String> = d
            .meta
            .ui_labels
            .iter()
            .map(|&id| d.subtree_text(id, false).trim().to_owned())
            .collect();
        assert_eq!(
            labels,
            [
                "Add to cart",
                "Load more",
                "First name of the contact person*"
            ]
        );
    }

    #[test]
    fn flags_and_metadata() {
        let d = dom("<html lang=fr><head><title>T &amp; co</title><meta property=og:title content=\"Hello\"><script type=application/ld+json>{\"a\":1}</script></head><body><nav>n</nav><div class=\"sidebar-widget\">s</div><div class=article-body><h1>H</h1><a href=/x>l</a></div></body></html>");
        assert_eq!(d.meta.title.as_deref(), Some("T & co"));
        assert_eq!(d.meta.html_lang.as_deref(), Some("fr"));
        assert_eq!(d.meta.metas, vec![("og:title".into(), "Hello".into())]);
        assert_eq!(d.meta.json_ld, vec!["{\"a\":1}".to_owned()]);
        assert_eq!(d.meta.h1.len(), 1);
        let flags_of = |tag: Tag| {
            d.nodes
                .iter()
                .find(|n| n.tag == tag)
                .map(|n| n.flags)
                .unwrap_or(0)
        };
        assert_ne!(flags_of(Tag::Nav) & flag::BOILER_TAG, 0);
        let divs: Vec<u16> = d
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Div)
            .map(|n| n.flags)
            .collect();
        assert_ne!(divs[0] & flag::BOILER_CLASS, 0);
        assert_ne!(divs[1] & flag::POSITIVE, 0);
        let link = d
            .nodes
            .iter()
            .find(|n| n.tag == Tag::Text && &d.text[n.start as usize..n.end as usize] == "l")
            .map(|n| n.flags)
            .unwrap_or(0);
        assert_ne!(link & flag::IN_LINK, 0);
    }

    #[test]
    fn depth_is_capped_without_recursion() {
        let deep = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        let d = dom(&deep);
        assert!(d.nodes.len() <= 70, "{}", d.nodes.len());
        assert!(d.text.contains("deep text"));
        let d = build(
            &"<b><i>".repeat(50_000),
            Limits {
                max_depth: 512,
                max_nodes: 1000,
            },
        );
        assert!(d.nodes.len() <= 1000);
    }

    #[test]
    fn misnested_and_stray_end_tags() {
        let d = dom("</div></p><p><b>bold<i>both</b>italic</i></p></span>after<td>cell</td>");
        let t: Vec<String> = texts(&d).into_iter().map(|x| x.1).collect();
        assert_eq!(t, ["bold", "both", "italic", "after", "cell"]);
    }
}

#[cfg(test)]
mod html5_tests {
    //! Tree construction as the HTML standard has it, checked on the text
    //! runs and their link membership ([`text_runs`]).
    use super::*;

    fn runs(html: &str) -> Vec<(String, bool)> {
        text_runs(html)
    }

    fn r(items: &[(&str, bool)]) -> Vec<(String, bool)> {
        items.iter().map(|&(t, l)| (t.to_owned(), l)).collect()
    }

    #[test]
    fn adoption_agency_ends_a_link_around_a_block() {
        assert_eq!(
            runs("<a href=/x><div>inside</a>after the link</div><p>next</p>"),
            r(&[("inside", true), ("after the link", false), ("next", false)])
        );
        // Without a block in between, `</a>` closes what is open in it.
        assert_eq!(
            runs("<p><a href=/x><b>bold</a>plain</b></p>"),
            r(&[("bold", true), ("plain", false)])
        );
        // A link inside a link ends the first one.
        assert_eq!(
            runs("<a href=1><div>one<a href=2>two</a>three</div>"),
            r(&[("one", true), ("two", true), ("three", false)])
        );
    }

    #[test]
    fn links_closed_by_a_block_end_are_reconstructed() {
        assert_eq!(
            runs("<p><a href=/x>one</p>two</a> three"),
            r(&[("one", true), ("two", true), ("three", false)])
        );
        // A new link forgets the old one; cells are a boundary (marker).
        assert_eq!(
            runs("<li><a href=1>Home</li><li><a href=2>About</a></li>x"),
            r(&[("Home", true), ("About", true), ("x", false)])
        );
        assert_eq!(
            runs("<table><tr><td><a href=1>cell</td><td>next</td></tr></table>after"),
            r(&[("cell", true), ("next", false), ("after", false)])
        );
    }

    #[test]
    fn foster_parenting_puts_misplaced_table_content_before_it() {
        let d = build(
            "<div><table><tr><td>cell</td></tr>stray text<div>stray block</div><tr><td>last</td></tr></table></div>",
            Limits { max_depth: 64, max_nodes: 1000 },
        );
        let t: Vec<(Tag, String)> = d
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| {
                (
                    d.nodes[n.parent as usize].tag,
                    d.text[n.start as usize..n.end as usize].to_owned(),
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                (Tag::Div, "stray text".to_owned()),
                (Tag::Div, "stray block".to_owned()),
                (Tag::Td, "cell".to_owned()),
                (Tag::Td, "last".to_owned()),
            ]
        );
        // Ids stay in document order: every node after its parent and its
        // previous sibling.
        for (i, n) in d.nodes.iter().enumerate().skip(1) {
            assert!((n.parent as usize) < i);
            if n.next_sibling != NONE {
                assert!(n.next_sibling as usize > i);
            }
        }
        // The fostered block's text is in the outer div's block, not the table.
        let stray = d.nodes.iter().find(|n| n.tag == Tag::Text).map(|n| n.block);
        assert_eq!(stray.map(|b| d.nodes[b as usize].tag), Some(Tag::Div));
    }

    #[test]
    fn fostering_stays_linear() {
        let html = "<p>x</p>".repeat(50_000)
            + "<table>"
            + &"<tr><td>c</td></tr>stray".repeat(50_000)
            + "</table>";
        let t = std::time::Instant::now();
        let d = build(
            &html,
            Limits {
                max_depth: 64,
                max_nodes: 1_000_000,
            },
        );
        assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
        let texts: Vec<&str> = d
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| &d.text[n.start as usize..n.end as usize])
            .collect();
        assert_eq!(texts.len(), 150_000);
        assert_eq!(texts[50_000], "stray");
        assert_eq!(texts[99_999], "stray");
        assert_eq!(texts[100_000], "c");
    }

    #[test]
    fn svg_is_foreign_content() {
        // An SVG `<title/>` (or `<title>`) is neither raw text nor the page title.
        let d = build(
            "<p>one</p><svg><title/><path d=x /></svg><p>two</p><svg><title>Icon</title><style>.a{}</style></svg><p>three</p>",
            Limits { max_depth: 64, max_nodes: 1000 },
        );
        assert_eq!(d.meta.title, None);
        assert_eq!(
            runs("<p>one</p><svg><title/><path d=x /></svg><p>two</p><svg><title>Icon</title></svg><p>three</p>"),
            r(&[("one", false), ("two", false), ("three", false)])
        );
        // An unclosed `<svg>` ends at an HTML-only tag or at its parent's end.
        assert_eq!(
            runs("<span><svg><g><text>label</text></span>after<svg><circle></svg><p>para</p><div><svg></div>tail"),
            r(&[("after", false), ("para", false), ("tail", false)])
        );
        // CDATA and `<script>` in SVG are not raw text for the page.
        assert_eq!(
            runs("<svg><script>if (a<b) {}</script><![CDATA[x</svg>y]]></svg><p>z</p>"),
            r(&[("z", false)])
        );
    }

    #[test]
    fn mathml_text_is_kept_and_annotations_are_not() {
        assert_eq!(
            runs("<p>Let <math><mi>x</mi><mo>=</mo><mn>2</mn><semantics><mi>y</mi><annotation>y-tex</annotation></semantics></math> hold.</p>"),
            r(&[("Let", false), ("x", false), ("=", false), ("2", false), ("y", false), ("hold.", false)])
        );
        // An HTML paragraph inside MathML breaks out of it.
        assert_eq!(
            runs("<math><mrow><p>para</p>after"),
            r(&[("para", false), ("after", false)])
        );
    }
}

#[cfg(test)]
mod class_tests {
    use super::*;

    #[test]
    fn taxonomy_classes_say_nothing_about_the_element() {
        let d = build(
            "<article class=\"post tag-social-media category-share-tips\">x</article><div class=\"share-buttons\">y</div>",
            Limits { max_depth: 64, max_nodes: 1000 },
        );
        let art = d
            .nodes
            .iter()
            .find(|n| n.tag == Tag::Article)
            .map_or(0, |n| n.flags);
        assert_eq!(art & (flag::BOILER_CLASS | flag::REGION), 0);
        let div = d
            .nodes
            .iter()
            .find(|n| n.tag == Tag::Div)
            .map_or(0, |n| n.flags);
        assert_ne!(div & flag::BOILER_CLASS, 0);
    }

    #[test]
    fn signatures_ignore_item_ids_and_topics() {
        assert_eq!(
            class_signature("teaser post-48213 tag-iran"),
            class_signature("teaser post-50110 category-space")
        );
        assert_ne!(
            class_signature("teaser"),
            class_signature("teaser featured")
        );
        assert!(class_signature("teaser tag-x").1);
        assert!(!class_signature("teaser tagline").1);
        assert!(has_id_number("post-123") && !has_id_number("col-md-12") && !has_id_number("h2"));
        assert!(
            has_id_number("elementor-element-a8f3bc1")
                && !has_id_number("card-header")
                && !has_id_number("css-1x2y3z")
        );
        assert!(!has_id_number("deadbeef1"));
    }

    #[test]
    fn streamed_segments_are_visible() {
        let d = build(
            "<div hidden id=\"S:2\">late</div><div hidden id=\"S:x\">h</div><div hidden>h</div>",
            Limits {
                max_depth: 64,
                max_nodes: 1000,
            },
        );
        let divs: Vec<u16> = d
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Div)
            .map(|n| n.flags & flag::HIDDEN)
            .collect();
        assert_eq!(divs, [0, flag::HIDDEN, flag::HIDDEN]);
    }

    #[test]
    fn region_words_are_flagged() {
        let d = build(
            "<div class=\"mega-menu\">m</div><div class=\"elementor-cta\">c</div>",
            Limits {
                max_depth: 64,
                max_nodes: 1000,
            },
        );
        let divs: Vec<u16> = d
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Div)
            .map(|n| n.flags)
            .collect();
        assert_ne!(divs[0] & flag::REGION, 0);
        assert_eq!(divs[1] & flag::REGION, 0);
        assert_ne!(divs[1] & flag::BOILER_CLASS, 0);
    }
}

#[cfg(test)]
mod hidden_class_tests {
    use super::{flag, hidden_class};

    #[test]
    fn class_names_and_visibility() {
        for t in [
            "hidden",
            "is-hidden",
            "js-hide",
            "invisible",
            "hide-for-large",
            "hidden-lg-up",
            "region-hidden",
            "hide-on-desktop",
            "hide-text",
        ] {
            assert_eq!(hidden_class(t), flag::HIDDEN, "{t}");
        }
        for t in [
            "hidden-xs",
            "hidden-sm-down",
            "hide-for-small-only",
            "hidden-mobile",
            "hidden-md-down",
            "hidden-down-md",
            "hide-tablet",
            "hide-landscape",
        ] {
            assert_eq!(hidden_class(t), flag::WEAK_BOILER, "{t}");
        }
        assert_eq!(
            hidden_class("w-condition-invisible"),
            flag::HIDDEN | flag::HIDDEN_STYLE
        );
        for t in [
            "overflow-hidden",
            "field--label-hidden",
            "hidden-print",
            "row",
            "hiddenness",
            "x-scroll-hidden",
            "elementor-invisible",
            "hide-child",
            "hide-sibling-opacity",
            "hide-on-hover",
            "hide-read-more-ad",
            "hide-author-avatar",
        ] {
            assert_eq!(hidden_class(t), 0, "{t}");
        }
    }
}
