//! **The page is classified once**: its kind (article, thread, product,
//! listing, documentation, other) from what it declares (`og:type`,
//! JSON-LD, microdata) and how its text is laid out (card lists holding
//! most of it), with the evidence. The kind steers the structural rules
//! (`content.rs`): on an article, card lists are teasers; on a thread,
//! comments are the content; on a listing, the cards are.

use crate::dom::Dom;

/// What a page is, as the extractor read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A news story, blog post or other article.
    Article,
    /// A forum thread or Q&A page: the posts are the content.
    Thread,
    /// A product page.
    Product,
    /// A listing (category, search results, index): the items are the content.
    Listing,
    /// Technical documentation.
    Documentation,
    /// Anything else (landing, service, about pages).
    Other,
}

impl PageKind {
    /// The kind's snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Article => "article",
            PageKind::Thread => "thread",
            PageKind::Product => "product",
            PageKind::Listing => "listing",
            PageKind::Documentation => "documentation",
            PageKind::Other => "other",
        }
    }
}

/// The page's kind from its hints, its layout and its declarations, with
/// the evidence added to `evidence`.
pub(crate) fn classify(
    dom: &Dom,
    hints: &Hints,
    listing: bool,
    evidence: &mut Vec<&'static str>,
) -> PageKind {
    evidence.extend(hints.evidence.iter().copied());
    if hints.forum {
        return PageKind::Thread;
    }
    if hints.article {
        return PageKind::Article;
    }
    if crate::rules::reviews::declares_product(dom) {
        evidence.push("declares a product (microdata, og:type or JSON-LD with offers)");
        return PageKind::Product;
    }
    if listing {
        evidence.push("alike linked items hold most of its text");
        return PageKind::Listing;
    }
    if dom
        .meta
        .json_ld
        .iter()
        .any(|s| s.contains("\"TechArticle\"") || s.contains("\"APIReference\""))
    {
        evidence.push("JSON-LD TechArticle or APIReference");
        return PageKind::Documentation;
    }
    PageKind::Other
}

/// What the page says it is: (an article, a forum thread / Q&A).
pub(crate) fn page_hints(dom: &Dom) -> Hints {
    let m = &dom.meta;
    let og_article = m
        .metas
        .iter()
        .any(|(k, v)| k == "og:type" && v.eq_ignore_ascii_case("article"));
    let (mut article, mut forum, mut other_page) = (false, false, false);
    let mut evidence = Vec::new();
    if og_article {
        evidence.push("og:type article");
    }
    for s in &m.json_ld {
        if s.contains("DiscussionForumPosting") || s.contains("QAPage") {
            forum = true;
            evidence.push("JSON-LD forum posting or Q&A page");
        }
        if s.contains("NewsArticle") || s.contains("BlogPosting") || s.contains("\"Article\"") {
            article = true;
            evidence.push("JSON-LD article");
        }
        if let Some(t) = NON_ARTICLE_PAGES.iter().find(|t| s.contains(*t)) {
            other_page = true;
            evidence.push(t.trim_matches('"'));
        }
    }
    // CMSs print `og:type article` on every page; a structured-data page
    // type without an article says what the page really is (a listing may
    // still carry comments, so `og:type` keeps its say there).
    if m.archive {
        other_page = true;
        evidence.push("archive page markup");
    }
    evidence.dedup();
    let declared = article || og_article;
    article |= og_article && !other_page;
    Hints {
        article: article && !forum,
        declared: declared && !forum,
        forum,
        evidence,
    }
}

/// What the page says it is.
#[derive(Clone, Default)]
pub(crate) struct Hints {
    /// An article, by its structured data, or by `og:type` when no
    /// structured data says the page is something else.
    pub(crate) article: bool,
    /// An article by `og:type` or structured data.
    pub(crate) declared: bool,
    /// A forum thread or Q&A page.
    pub(crate) forum: bool,
    /// The signals that said so, for `explain`.
    pub(crate) evidence: Vec<&'static str>,
}

/// JSON-LD types of whole pages that are not articles.
const NON_ARTICLE_PAGES: &[&str] = &[
    "\"WebPage\"",
    "\"CollectionPage\"",
    "\"ItemList\"",
    "\"SearchResultsPage\"",
    "\"AboutPage\"",
    "\"ContactPage\"",
    "\"FAQPage\"",
    "\"Product\"",
    "\"ProfilePage\"",
];
