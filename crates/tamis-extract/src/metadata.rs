//! Page metadata: title, author, date, language, site name, description.
//!
//! Sources, best first: JSON-LD (`headline`, `datePublished`, `author`),
//! Open Graph and other `<meta>` tags, microdata (`itemprop`), `<time
//! datetime>`, the `<h1>`, the `<title>` (with the site name stripped), the
//! URL (dates like `/2025/09/04/`) and bylines. The title is the article's
//! headline: an `<h1>` that agrees with the declared titles wins, then
//! `og:title`/JSON-LD, then the `<title>` without its " | Site" part.

use serde_json::Value;

use crate::date::{from_url, normalize_date};
use crate::dom::{collapse_ws, flag, Dom, Tag, NONE};

/// Metadata found in a page.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    /// JSON-LD `articleBody`/`text`: used when the markup itself has no
    /// content.
    pub fallback_text: Option<String>,
}

/// What JSON-LD said.
#[derive(Default)]
struct LdFacts {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    site_name: Option<String>,
    description: Option<String>,
    body: Option<String>,
    /// An article-like type (Article, BlogPosting, NewsArticle, ...) is declared.
    is_article: bool,
}

const MAX_LD_NODES: usize = 5000;

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("article")
            || s.contains("posting")
            || s.contains("report")
            || s == "webpage"
            || s.contains("question")
            || s == "product"
            || s.contains("recipe")
            || s.contains("review")
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(check)),
        _ => false,
    }
}

/// Article, NewsArticle, BlogPosting, Report, ...: a text with a headline.
fn is_news_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("article") || s == "blogposting" || s == "report"
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(check)),
        _ => false,
    }
}

fn ld_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(str::to_owned),
        Value::Array(a) => {
            let names: Vec<String> = a
                .iter()
                .filter_map(ld_name)
                .filter(|s| !s.trim().is_empty())
                .take(5)
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn json_ld(scripts: &[String]) -> LdFacts {
    let mut f = LdFacts::default();
    for s in scripts {
        let s = s
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let Ok(v) = serde_json::from_str::<Value>(s) else {
            // Broken JSON (raw newlines, trailing commas): look for keys.
            if f.published.is_none() {
                f.published = scan_key(s, "datePublished");
            }
            if f.headline.is_none() {
                f.headline = scan_key(s, "headline");
            }
            continue;
        };
        let mut stack = vec![&v];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > MAX_LD_NODES {
                break;
            }
            match x {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let article = is_article_type(x);
                    f.is_article |= is_news_type(x);
                    let t = o.get("@type").and_then(Value::as_str).unwrap_or("");
                    // Replies, reviews and media carry their own dates and authors.
                    let part = matches!(
                        t,
                        "Comment"
                            | "Answer"
                            | "Review"
                            | "ImageObject"
                            | "VideoObject"
                            | "Offer"
                            | "Rating"
                            | "AggregateRating"
                    );
                    if !part
                        && (article
                            || o.contains_key("headline")
                            || o.contains_key("datePublished"))
                    {
                        if f.headline.is_none() {
                            f.headline = o
                                .get("headline")
                                .and_then(Value::as_str)
                                .map(|h| crate::entities::decode(h).into_owned());
                        }
                        if f.published.is_none() {
                            f.published = o
                                .get("datePublished")
                                .or_else(|| o.get("dateCreated"))
                                .and_then(Value::as_str)
                                .map(str::to_owned);
                        }
                        if f.modified.is_none() {
                            f.modified = o
                                .get("dateModified")
                                .and_then(Value::as_str)
                                .map(str::to_owned);
                        }
                        if f.author.is_none() {
                            f.author = o
                                .get("author")
                                .or_else(|| o.get("creator"))
                                .and_then(ld_name);
                        }
                        if f.description.is_none() && article {
                            f.description = o
                                .get("description")
                                .and_then(Value::as_str)
                                .map(str::to_owned);
                        }
                        if f.site_name.is_none() {
                            f.site_name = o.get("publisher").and_then(ld_name);
                        }
                    }
                    if f.body.is_none() {
                        if let Some(b) = o
                            .get("articleBody")
                            .or_else(|| o.get("text"))
                            .and_then(Value::as_str)
                        {
                            if b.len() > 100 {
                                f.body = Some(b.to_owned());
                            }
                        }
                    }
                    if t == "WebSite" && f.site_name.is_none() {
                        f.site_name = o.get("name").and_then(Value::as_str).map(str::to_owned);
                    }
                    for (k, child) in o {
                        if matches!(child, Value::Object(_) | Value::Array(_))
                            && k != "author"
                            && k != "publisher"
                        {
                            stack.push(child);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    f
}

/// `"key": "value"` in text that is not valid JSON.
fn scan_key(s: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\"");
    let i = s.find(&pat)?;
    let rest = s[i + pat.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned())
}

/// Lower-cased words, for comparing titles.
pub(crate) fn norm_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

const SEPARATORS: [&str; 10] = [
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • ", " ~ ", " / ",
];

/// Page-furniture names that pages put in an `<h1>` ("Home", "README"):
/// never a headline when a declared title says more.
const GENERIC_HEADINGS: &[&str] = &[
    "home",
    "homepage",
    "index",
    "readme",
    "welcome",
    "search",
    "search results",
    "results",
    "menu",
    "main menu",
    "contents",
    "table of contents",
];

/// A headline without page furniture: a trailing permalink mark ("¶") or a
/// leading label ("Thread:", "Title:").
fn tidy_title(t: &str) -> String {
    let t = t
        .trim()
        .trim_end_matches(['¶', '#', '§', '🔗'])
        .trim_end()
        .trim_start_matches(['/', '|', '»', '·', '•', '-', '–', '—'])
        .trim_start();
    let mut t = t;
    for label in ["thread:", "topic:", "title:", "subject:", "re:"] {
        if t.len() > label.len() + 3
            && t.get(..label.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(label))
            && t[label.len()..].starts_with(' ')
        {
            t = t[label.len()..].trim_start();
        }
    }
    t.to_owned()
}

/// The parts of a title split at every separator.
fn title_parts(t: &str) -> impl Iterator<Item = &str> {
    let mut parts = vec![t];
    for sep in SEPARATORS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty())
}

/// An `<h1>` that ends with the site's name ("Headline – Site"): without it.
fn strip_site_suffix(t: &str, is_site_name: &dyn Fn(&str) -> bool) -> String {
    for sep in SEPARATORS {
        if let Some((a, b)) = t.rsplit_once(sep) {
            if !a.trim().is_empty() && is_site_name(b) {
                return a.trim().to_owned();
            }
        }
    }
    t.to_owned()
}

/// The headline part of a `<title>`: without " | Site Name".
fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    if let Some(site) = site.map(norm_words).filter(|s| !s.is_empty()) {
        for sep in SEPARATORS {
            if let Some((a, b)) = title.rsplit_once(sep) {
                if norm_words(b) == site || norm_words(b).contains(&site) {
                    return a.trim().to_owned();
                }
            }
            if let Some((a, b)) = title.split_once(sep) {
                if norm_words(a) == site {
                    return b.trim().to_owned();
                }
            }
        }
    }
    for sep in SEPARATORS {
        if title.contains(sep) {
            let parts: Vec<&str> = title
                .split(sep)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            // The headline is the longest part; site names are short.
            if let Some(best) = parts.iter().max_by_key(|p| p.chars().count()) {
                if parts.len() > 1 {
                    return (*best).to_owned();
                }
            }
        }
    }
    title.to_owned()
}

fn meta_get<'a>(metas: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        metas
            .iter()
            .find(|(mk, _)| mk == k)
            .map(|(_, v)| v.as_str())
    })
}

fn clean(s: Option<String>) -> Option<String> {
    let s = collapse_ws(&s?);
    (!s.is_empty()).then_some(s)
}

/// An author name as pages write it, or `None` when it is not a name:
/// labels ("By", "Author:") and stray punctuation go; template
/// placeholders, numeric ids, URLs and "undefined" are rejected.
fn clean_author(s: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "written by",
        "posted by",
        "reviewed by",
        "authored by",
        "by",
        "authors",
        "author",
        "auteur",
        "autor",
        "autore",
        "von",
        "par",
        "por",
        "door",
        "di",
    ];
    const NOT_NAMES: &[&str] = &[
        "undefined",
        "null",
        "none",
        "unknown",
        "n/a",
        "admin",
        "administrator",
        "author",
        "[object object]",
    ];
    let decoded = crate::entities::decode(s);
    let mut s = collapse_ws(decoded.split(['|', '\n']).next().unwrap_or(""));
    for _ in 0..2 {
        let lower = s.to_lowercase();
        if let Some(l) = LABELS
            .iter()
            .find(|l| lower.starts_with(**l) && lower[l.len()..].starts_with([' ', ':']))
        {
            s = s[l.len()..].to_owned();
        }
        s = s
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '·' | '•')
            })
            .to_owned();
    }
    let lower = s.to_lowercase();
    let placeholder = s.contains("{{")
        || s.contains("${")
        || (!s.contains(' ') && !s.contains('@') && s.matches('.').count() >= 3);
    if s.is_empty()
        || s.contains("://")
        || s.starts_with('@')
        || s.chars().count() > 120
        || placeholder
        || NOT_NAMES.contains(&lower.as_str())
        || s.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
    {
        return None;
    }
    Some(s)
}

/// The author named by an element (`itemprop=author`, `rel=author`): its
/// text when that is a short name; else its first text (forum user cards
/// add ranks, post counts and badges after the name).
fn author_from_node(dom: &Dom, id: u32) -> Option<String> {
    let whole = clean_author(&dom.subtree_text(id, false))?;
    let words: Vec<&str> = whole.split_whitespace().collect();
    let stats = words
        .iter()
        .skip(1)
        .any(|w| w.bytes().any(|b| b.is_ascii_digit()));
    let name = if words.len() <= 4 && !stats {
        whole.clone()
    } else {
        let end = subtree_end(dom, id);
        let first = (id..=end).find_map(|i| {
            let n = dom.nodes.get(i as usize)?;
            // Skip an avatar's initial.
            (n.tag == Tag::Text)
                .then(|| dom.text.get(n.start as usize..n.end as usize))
                .flatten()
                .and_then(clean_author)
                .filter(|t| t.chars().count() > 1)
        })?;
        (first.split_whitespace().count() <= 4).then_some(first)?
    };
    // A trailing avatar initial ("JosephF J").
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() >= 2 {
        let last = words[words.len() - 1];
        if last.chars().count() == 1
            && words[0]
                .chars()
                .next()
                .is_some_and(|c| last.starts_with(c.to_ascii_uppercase()))
        {
            words.pop();
            return Some(words.join(" "));
        }
    }
    Some(name)
}

/// Gathers the metadata of a parsed page.
pub(crate) fn extract_meta(dom: &Dom, url: Option<&str>) -> Meta {
    let m = &dom.meta;
    let metas = &m.metas[..];
    let ld = json_ld(&m.json_ld);
    let site_name = clean(
        meta_get(
            metas,
            &["og:site_name", "application-name", "twitter:site:name"],
        )
        .map(str::to_owned)
        .or(ld.site_name.clone()),
    );
    let og_title = meta_get(
        metas,
        &[
            "og:title",
            "twitter:title",
            "dc.title",
            "parsely-title",
            "sailthru.title",
        ],
    )
    .map(str::to_owned);
    let html_title = m.title.clone().filter(|t| !t.is_empty());
    let h1s: Vec<(String, bool, u32)> =
        m.h1.iter()
            .map(|&id| {
                (
                    dom.subtree_text(id, false),
                    dom.nodes
                        .get(id as usize)
                        .is_some_and(|n| n.flags & flag::REMOVED == 0),
                    id,
                )
            })
            .filter(|(t, _, _)| !t.is_empty() && t.chars().count() < 400)
            .collect();
    let declared_raw: Vec<&str> = [
        og_title.as_deref(),
        ld.headline.as_deref(),
        html_title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let declared: Vec<String> = declared_raw.iter().map(|t| norm_words(t)).collect();
    // The site's own names: declared, and its host ("example" in www.example.com).
    let host: String = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|r| r.split(['/', '?', '#', ':']).next())
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // The last part of the <title> when it is not its longest: "Headline - Site".
    let title_tail = html_title.as_deref().and_then(|t| {
        let parts: Vec<&str> = title_parts(t).collect();
        let longest = parts.iter().map(|p| p.len()).max().unwrap_or(0);
        // Not a date ("... - March 2026"): site names rarely carry a year.
        let year = |p: &str| {
            p.split(|c: char| !c.is_ascii_digit())
                .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
        };
        parts
            .last()
            .filter(|p| parts.len() > 1 && p.len() < longest && !year(p))
            .map(|p| norm_words(p))
    });
    let site_norm = site_name.as_deref().map(norm_words).unwrap_or_default();
    let is_site_name = |h: &str| {
        let n = norm_words(h);
        let squashed: String = n.chars().filter(|c| !c.is_whitespace()).collect();
        n.is_empty()
            || (!site_norm.is_empty()
                && (site_norm == n
                    || site_norm.contains(&n)
                    || n.contains(&site_norm) && n.len() < site_norm.len() + 6))
            || (squashed.len() >= 4 && host.contains(&squashed))
            || title_tail.as_deref() == Some(n.as_str())
    };
    let article = ld.is_article
        || meta_get(metas, &["og:type"]).is_some_and(|t| t.eq_ignore_ascii_case("article"));
    // An <h1> agrees with a declared title when it is most of it, or one of
    // its " | "-separated parts, and is not the site's name.
    let agrees = |h: &str| {
        let n = norm_words(h);
        !n.is_empty()
            && !is_site_name(h)
            && !GENERIC_HEADINGS.contains(&n.as_str())
            && declared.iter().zip(&declared_raw).any(|(d, raw)| {
                let prefix =
                    d.starts_with(&n) && d.as_bytes().get(n.len()).is_none_or(|&c| c == b' ');
                let inside = format!(" {d} ").contains(&format!(" {n} "));
                // A title that merely mentions the <h1>'s words ("Discord" in a
                // long headline) is about something else.
                (inside
                    && (prefix
                        || n.len() * 2 >= d.len()
                        || title_parts(raw).any(|p| norm_words(p) == n)))
                    || (n.contains(d.as_str()) && d.len() * 2 > n.len())
            })
    };
    // A short <h1> that a longer declared title only mentions.
    let mentioned = |h: &str| {
        let n = norm_words(h);
        declared
            .iter()
            .any(|d| n.len() * 2 < d.len() && format!(" {d} ").contains(&format!(" {n} ")))
    };
    let h1_match = h1s
        .iter()
        .filter(|(_, kept, _)| *kept)
        .chain(h1s.iter().filter(|(_, kept, _)| !*kept))
        .find(|(t, _, _)| agrees(t));
    // The headline element: where the article header (byline, date) is.
    let headline = h1_match
        .or_else(|| h1s.iter().find(|(_, kept, _)| *kept))
        .or_else(|| h1s.first())
        .map(|x| x.2);
    // Short parts of the <title> ("Home", "Blog", "Site"): not headlines.
    let title_extras: Vec<String> = html_title
        .as_deref()
        .map(|t| {
            let longest = title_parts(t).map(str::len).max().unwrap_or(0);
            title_parts(t)
                .filter(|p| p.len() < longest)
                .map(norm_words)
                .collect()
        })
        .unwrap_or_default();
    let kept_h1s: Vec<&(String, bool, u32)> = h1s.iter().filter(|(_, kept, _)| *kept).collect();
    // An article's only visible <h1> is its headline, even when the SEO
    // title says something else; unless it is the site's name or a blurb.
    // (A logo <h1> beside it does not count.)
    let candidates: Vec<&&(String, bool, u32)> = kept_h1s
        .iter()
        .filter(|(t, _, _)| !is_site_name(t) && !title_extras.contains(&norm_words(t)))
        .collect();
    let visible = (article && candidates.len() == 1)
        .then(|| candidates[0])
        .filter(|(t, _, _)| {
            // A one-word <h1> ("News", "Blog") on an article is a section name.
            t.chars().count() <= 150 && (t.split_whitespace().count() > 1 || declared.is_empty())
        })
        .map(|x| x.0.clone());
    let h1_title = h1_match
        .map(|(t, _, _)| t.clone())
        .or(visible)
        .map(|t| strip_site_suffix(&t, &is_site_name));
    let title = h1_title
        .or_else(|| {
            og_title
                .as_deref()
                .map(|t| strip_site(t, site_name.as_deref()))
        })
        .or_else(|| {
            ld.headline
                .as_deref()
                .map(|t| strip_site_suffix(t, &is_site_name))
        })
        .or_else(|| {
            h1s.first()
                .filter(|h| {
                    h1s.len() == 1
                        && !is_site_name(&h.0)
                        && !mentioned(&h.0)
                        && !GENERIC_HEADINGS.contains(&norm_words(&h.0).as_str())
                })
                .map(|h| h.0.clone())
        })
        .or_else(|| {
            html_title
                .as_deref()
                .map(|t| strip_site(t, site_name.as_deref()))
        });

    // Without an <h1>, the heading that reads as the title anchors the article header.
    let headline = headline.or_else(|| {
        let want = norm_words(title.as_deref()?);
        let mut seen = 0;
        dom.nodes
            .iter()
            .enumerate()
            .take(200_000)
            .find_map(|(i, n)| {
                if !matches!(n.tag.heading_level(), 2..=3) || seen > 64 {
                    return None;
                }
                seen += 1;
                (norm_words(&dom.subtree_text(i as u32, false)) == want).then_some(i as u32)
            })
    });
    let date = date(dom, &ld, url, headline);

    let author = ld
        .author
        .as_deref()
        .and_then(clean_author)
        .or_else(|| {
            meta_get(
                metas,
                &[
                    "author",
                    "article:author",
                    "dc.creator",
                    "parsely-author",
                    "sailthru.author",
                    "byl",
                ],
            )
            .and_then(clean_author)
        })
        .or_else(|| {
            m.itemprops
                .iter()
                .find(|(k, _, _)| k == "author" || k == "creator")
                .and_then(|(_, id, content)| {
                    content
                        .as_deref()
                        .and_then(clean_author)
                        .or_else(|| author_from_node(dom, *id))
                })
        })
        .or_else(|| {
            m.author_nodes
                .first()
                .and_then(|&id| author_from_node(dom, id))
        });

    let lang = m.html_lang.clone().or_else(|| {
        meta_get(
            metas,
            &["content-language", "og:locale", "dc.language", "language"],
        )
        .map(str::to_owned)
    });
    let description = clean(
        meta_get(
            metas,
            &["description", "og:description", "twitter:description"],
        )
        .map(str::to_owned)
        .or(ld.description.clone()),
    );
    // Not the description: a summary in a meta tag is metadata (kept in
    // `description`), and a page showing nothing has no main text.
    let fallback_text = ld.body.clone().map(|b| b.trim().to_owned());
    Meta {
        title: clean(title.map(|t| tidy_title(&t))),
        author,
        date,
        lang: clean(lang),
        site_name,
        description,
        fallback_text,
    }
}

/// Meta tags that give the publication date, most specific first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "publication_date",
    "rnews:datepublished",
    "og:published_time",
    "cxenseparse:recs:publishtime",
    "last-modified",
];

/// The publication date the page declares: JSON-LD, meta tags, microdata.
fn structured_published(dom: &Dom, ld: &LdFacts) -> Option<String> {
    let metas = &dom.meta.metas[..];
    ld.published
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| {
            PUBLISHED_KEYS
                .iter()
                .filter(|k| **k != "last-modified")
                .find_map(|k| {
                    metas
                        .iter()
                        .filter(|(mk, _)| mk == k)
                        .find_map(|(_, v)| normalize_date(v))
                })
        })
        .or_else(|| {
            dom.meta
                .itemprops
                .iter()
                .filter(|(k, _, _)| k == "datepublished" || k == "datecreated")
                .find_map(|(_, id, content)| {
                    content
                        .as_deref()
                        .and_then(normalize_date)
                        .or_else(|| normalize_date(&dom.subtree_text(*id, false)))
                })
        })
}

fn date(dom: &Dom, ld: &LdFacts, url: Option<&str>, headline: Option<u32>) -> Option<String> {
    let m = &dom.meta;
    let shown = headline.map(|h| header_dates(dom, h)).unwrap_or_default();
    let metas = &m.metas[..];
    let published = structured_published(dom, ld);
    let modified = [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "modified_time",
        "last-modified",
    ]
    .iter()
    .find_map(|k| {
        metas
            .iter()
            .filter(|(mk, _)| mk == k)
            .find_map(|(_, v)| normalize_date(v))
    })
    .or_else(|| ld.modified.as_deref().and_then(normalize_date));
    let url_date = url.and_then(from_url);
    let declared: Vec<&str> = published
        .iter()
        .chain(modified.iter())
        .chain(url_date.iter())
        .map(String::as_str)
        .collect();
    let fix = |s: &Shown| -> String {
        let day = s.date.get(..10).unwrap_or("");
        // The same day declared with its time: keep the time.
        if s.date.len() == 10 {
            if let Some(d) = declared.iter().find(|d| d.len() > 10 && d.starts_with(day)) {
                return (*d).to_owned();
            }
        }
        // 03.04.2025 read day-first, but the page declares 2025-03-04.
        if s.ambiguous && !declared.iter().any(|d| d.starts_with(day)) {
            let swapped = format!(
                "{}-{}-{}",
                s.date.get(..4).unwrap_or(""),
                s.date.get(8..10).unwrap_or(""),
                s.date.get(5..7).unwrap_or("")
            );
            if let Some(d) = declared.iter().find(|d| d.starts_with(&swapped)) {
                return (*d).to_owned();
            }
        }
        s.date.clone()
    };
    let usable: Vec<&Shown> = shown.iter().filter(|s| s.kind != DateKind::Other).collect();
    // The header's publication date; or, when it shows only an update,
    // the declared publication date, else that update.
    if let Some(s) = usable.iter().find(|s| s.kind != DateKind::Updated) {
        return Some(fix(s));
    }
    if let Some(s) = usable.first() {
        return published.clone().or_else(|| Some(fix(s)));
    }
    // A <time> counts unless it sits in removed boilerplate (a "latest"
    // list's dates); bylines are removed from the text but are metadata.
    let kept = |id: u32| {
        let mut c = id;
        for _ in 0..64 {
            let Some(n) = dom.nodes.get(c as usize) else {
                return true;
            };
            let boiler_tag = n.flags & flag::BOILER_TAG != 0;
            if n.flags & flag::REMOVED != 0
                && (boiler_tag
                    || n.flags & (flag::BOILER_CLASS | flag::COMMENTS | flag::CARDS | flag::HIDDEN)
                        != 0)
            {
                return false;
            }
            c = n.parent;
        }
        true
    };
    let times = || m.times.iter().filter(|(id, _, _)| kept(*id));
    // The date the page shows its reader (what "published" means to
    // people, often the last update) comes first.
    if let Some(d) = times()
        .filter(|t| t.2)
        .chain(times())
        .find_map(|(_, v, _)| normalize_date(v))
    {
        return Some(d);
    }
    if let Some(d) = ld.published.as_deref().and_then(normalize_date) {
        return Some(d);
    }
    for k in PUBLISHED_KEYS {
        if let Some(d) = metas
            .iter()
            .filter(|(mk, _)| mk == k)
            .find_map(|(_, v)| normalize_date(v))
        {
            return Some(d);
        }
    }
    // Site-specific names ("w-published-date", "published"): any key about publishing.
    if let Some(d) = metas
        .iter()
        .filter(|(k, _)| {
            k.contains("publish")
                && !k.contains("publisher")
                && !k.contains("modif")
                && !k.contains("update")
        })
        .find_map(|(_, v)| normalize_date(v))
    {
        return Some(d);
    }
    // Any other date-named tag ("ms.date", "article_date"), unless it is about changes or deadlines.
    if let Some(d) = metas
        .iter()
        .filter(|(k, _)| {
            k.ends_with("date")
                && ![
                    "modif", "updat", "expir", "valid", "end", "start", "event", "birth", "review",
                ]
                .iter()
                .any(|w| k.contains(w))
        })
        .find_map(|(_, v)| normalize_date(v))
    {
        return Some(d);
    }
    for (k, id, content) in &m.itemprops {
        if k == "datepublished" || k == "datecreated" {
            if let Some(d) = content
                .as_deref()
                .and_then(normalize_date)
                .or_else(|| normalize_date(&dom.subtree_text(*id, false)))
            {
                return Some(d);
            }
        }
    }
    if let Some(d) = url.and_then(from_url) {
        return Some(d);
    }
    // Bylines and <time> without datetime, then any short text that is a
    // written date ("Published on July 18, 2025"), first in page order,
    // outside removed boilerplate.
    for (i, n) in dom.nodes.iter().enumerate().take(200_000) {
        if (n.flags & flag::BYLINE != 0 || n.tag == Tag::Time) && n.tag != Tag::Text {
            let t = dom.subtree_text(i as u32, false);
            if t.len() < 300 {
                if let Some(d) = normalize_date(&t) {
                    return Some(d);
                }
            }
        }
    }
    for (i, n) in dom.nodes.iter().enumerate().take(200_000) {
        if n.tag != Tag::Text || n.end.saturating_sub(n.start) > 80 || n.flags & flag::DROP != 0 {
            continue;
        }
        let Some(t) = dom.text.get(n.start as usize..n.end as usize) else {
            continue;
        };
        if t.bytes().any(|b| b.is_ascii_digit()) && kept(i as u32) {
            if let Some(d) = normalize_date(t) {
                return Some(d);
            }
        }
    }
    for k in [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
    ] {
        if let Some(d) = metas
            .iter()
            .filter(|(mk, _)| mk == k)
            .find_map(|(_, v)| normalize_date(v))
        {
            return Some(d);
        }
    }
    ld.modified.as_deref().and_then(normalize_date)
}

/// What the words next to a date say it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DateKind {
    Plain,
    Published,
    Updated,
    /// Not the page's date: a member's join date, a deadline, an event.
    Other,
}

fn date_kind(s: &str) -> DateKind {
    const OTHER: &[&str] = &[
        "joined",
        "member since",
        "registered",
        "inscrit",
        "registriert",
        "miembro desde",
        "birthday",
        "born",
        "expires",
        "deadline",
        "valid until",
        "valid from",
        "is valid",
        "time offer",
        "offer ends",
        "offer valid",
        "redeem",
        "sale ends",
        "until",
        "deal ends",
        "event date",
        "©",
        "copyright",
        "last visit",
        "it is currently",
        "current time",
        "today is",
    ];
    const PUBLISHED: &[&str] = &[
        "publish",
        "posted",
        "originally",
        "publié",
        "publie",
        "veröffentlicht",
        "erschienen",
        "publicado",
        "publicada",
        "pubblicato",
        "gepubliceerd",
        "opublikowano",
        "опубликовано",
    ];
    const UPDATED: &[&str] = &[
        "updated",
        "update:",
        "last update",
        "modified",
        "mis à jour",
        "mise à jour",
        "aktualisiert",
        "geändert",
        "actualizado",
        "actualizada",
        "aggiornato",
        "atualizado",
        "bijgewerkt",
        "zaktualizowano",
        "обновлено",
        "last post",
        "last reply",
        "latest reply",
        "last activity",
        "dernier message",
        "letzter beitrag",
    ];
    let l = s.to_lowercase();
    if OTHER.iter().any(|k| l.contains(k)) {
        DateKind::Other
    } else if UPDATED.iter().any(|k| l.contains(k)) && !l.contains("originally") {
        DateKind::Updated
    } else if PUBLISHED.iter().any(|k| l.contains(k)) {
        DateKind::Published
    } else {
        DateKind::Plain
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD...` date.
fn day_number(d: &str) -> Option<i64> {
    let y: i64 = d.get(0..4)?.parse().ok()?;
    let m: i64 = d.get(5..7)?.parse().ok()?;
    let dd: i64 = d.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + dd - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

/// The last node of `id`'s subtree (children follow their parent in the arena).
fn subtree_end(dom: &Dom, id: u32) -> u32 {
    let mut c = id;
    for _ in 0..256 {
        match dom.nodes.get(c as usize) {
            Some(n) if n.last_child != NONE => c = n.last_child,
            _ => break,
        }
    }
    c
}

/// Not in a removed list of teasers, a comment section, a navigation bar or an aside.
fn outside_lists(dom: &Dom, id: u32) -> bool {
    let mut c = id;
    for _ in 0..64 {
        let Some(n) = dom.nodes.get(c as usize) else {
            return true;
        };
        if matches!(n.tag, Tag::Nav | Tag::Aside | Tag::Footer)
            || n.tag == Tag::Td
            || (n.flags & flag::REMOVED != 0 && n.flags & (flag::CARDS | flag::COMMENTS) != 0)
        {
            return false;
        }
        c = n.parent;
    }
    true
}

/// Whether the block around a text node holds at most `limit` bytes of
/// text: a date line, not a sentence that mentions a date.
fn short_block(dom: &Dom, text_node: u32, limit: usize) -> bool {
    let Some(block) = dom.nodes.get(text_node as usize).map(|n| n.block) else {
        return false;
    };
    let end = subtree_end(dom, block);
    let mut len = 0;
    let nodes = dom.nodes.get(block as usize..=end as usize).unwrap_or(&[]);
    // A date line is a few nodes, not a page section.
    if nodes.len() > 4096 {
        return false;
    }
    for n in nodes {
        if n.tag == Tag::Text {
            len += dom
                .text
                .get(n.start as usize..n.end as usize)
                .map_or(0, |t| t.trim().len());
            if len > limit {
                return false;
            }
        }
    }
    true
}

/// A visible date and what its label says.
#[derive(Debug)]
struct Shown {
    date: String,
    kind: DateKind,
    /// Day and month could be swapped (`03/04/2025`).
    ambiguous: bool,
}

/// `03/04/2025`-like: both leading numbers could be the month.
fn ambiguous_numeric(s: &str) -> bool {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .take(3)
        .filter_map(|w| w.parse().ok())
        .collect();
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'/' | b'-' | b' '))
        && nums.len() == 3
        && nums[2] > 31
        && (1..=12).contains(&nums[0])
        && (1..=12).contains(&nums[1])
        && nums[0] != nums[1]
}

/// The dates a reader sees in the article header: short date lines and
/// `<time>` elements just after the headline (or, failing that, just before
/// it), outside teaser lists, comments and sidebars, with their labels.
fn header_dates(dom: &Dom, h1: u32) -> Vec<Shown> {
    // The header is a few lines: byline, date, reading time, share labels.
    const AFTER_TEXTS: usize = 15;
    const AFTER_CHARS: usize = 1500;
    const BEFORE_TEXTS: usize = 12;
    let text_of = |i: u32| -> Option<&str> {
        let n = dom.nodes.get(i as usize)?;
        (n.tag == Tag::Text && n.flags & flag::DROP == 0)
            .then(|| dom.text.get(n.start as usize..n.end as usize))
            .flatten()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    // The date of node `i` (a `<time>` or a short text), with the subtree end to skip to.
    let date_at = |i: u32, label: &str| -> Option<(Option<Shown>, u32)> {
        let n = dom.nodes.get(i as usize)?;
        if n.tag == Tag::Time {
            let end = subtree_end(dom, i);
            let text = dom.subtree_text(i, false);
            let attr = dom
                .meta
                .times
                .iter()
                .find(|t| t.0 == i)
                .and_then(|t| normalize_date(&t.1));
            let shown = (text.len() < 100).then(|| normalize_date(&text)).flatten();
            // The datetime is unambiguous but often in UTC: the day shown
            // wins when they are a day apart.
            let date = match (attr, shown) {
                (Some(a), Some(s)) => {
                    let near = day_number(&a)
                        .zip(day_number(&s))
                        .is_some_and(|(x, y)| (x - y).abs() == 1);
                    Some(if near { s } else { a })
                }
                (a, s) => a.or(s),
            };
            // Markup that says which date it is (`itemprop=dateModified`, `class=published`) beats the label.
            let marked = dom
                .meta
                .itemprops
                .iter()
                .find(|p| p.1 == i)
                .map(|p| p.0.as_str());
            let kind = match marked {
                Some("datemodified") => DateKind::Updated,
                Some("datepublished" | "datecreated") => DateKind::Published,
                _ if dom.meta.times.iter().any(|t| t.0 == i && t.2) => DateKind::Published,
                _ => date_kind(&format!(
                    "{label} {}",
                    if text.len() < 300 { text.as_str() } else { "" }
                )),
            };
            let shown = date.filter(|_| outside_lists(dom, i)).map(|date| Shown {
                date,
                kind,
                ambiguous: false,
            });
            return Some((shown, end));
        }
        let Some(t) = text_of(i) else {
            return Some((None, i));
        };
        if t.len() > 100 || !t.bytes().any(|b| b.is_ascii_digit()) {
            return Some((None, i));
        }
        let shown = normalize_date(t)
            .filter(|_| short_block(dom, i, 140) && outside_lists(dom, i))
            .map(|date| Shown {
                date,
                kind: date_kind(&format!("{label} {t}")),
                ambiguous: ambiguous_numeric(t),
            });
        Some((shown, i))
    };
    let mut found = Vec::new();
    // After the headline, in page order.
    let mut i = subtree_end(dom, h1).saturating_add(1);
    let (mut texts, mut chars) = (0, 0);
    let mut label = String::new();
    while (i as usize) < dom.nodes.len() && texts < AFTER_TEXTS && chars < AFTER_CHARS {
        let Some((shown, end)) = date_at(i, &label) else {
            break;
        };
        let hit = shown.is_some();
        if let Some(s) = shown {
            found.push(s);
        }
        if let Some(t) = text_of(i) {
            texts += 1;
            chars += t.len();
            // The label of the next date: the words since this one.
            if hit || label.len() > 80 {
                label.clear();
            }
            if !hit {
                label.push(' ');
                label.push_str(t.get(..t.len().min(40)).unwrap_or(""));
            }
        } else if end > i {
            texts += 1;
            label.clear();
        }
        i = end.saturating_add(1);
    }
    if !found.is_empty() {
        return found;
    }
    // Before it, nearest first.
    let mut i = h1;
    let mut texts = 0;
    while i > 0 && texts < BEFORE_TEXTS {
        i -= 1;
        let is_time = dom
            .nodes
            .get(i as usize)
            .is_some_and(|n| n.tag == Tag::Time);
        if text_of(i).is_none() && !is_time {
            continue;
        }
        texts += 1;
        let label = (1..6)
            .filter_map(|k| i.checked_sub(k).and_then(text_of))
            .next()
            .unwrap_or("");
        if let Some((Some(s), _)) = date_at(i, label) {
            found.push(s);
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_names() {
        assert_eq!(
            strip_site("Big news today | The Daily", Some("The Daily")),
            "Big news today"
        );
        assert_eq!(
            strip_site("The Daily - Big news today", Some("The Daily")),
            "Big news today"
        );
        assert_eq!(
            strip_site("Big news about things happening - Daily", None),
            "Big news about things happening"
        );
        assert_eq!(strip_site("Plain title", None), "Plain title");
    }

    #[test]
    fn script_rendered_pages_fall_back_to_a_declared_body_not_the_description() {
        let opts = crate::ExtractOptions::default();
        let shell = "<html><head><meta name=description content=\"Shop washable rugs, free shipping.\"></head><body><div id=root></div></body></html>";
        let e = crate::extract(shell.as_bytes(), None, None, &opts).expect("extracts");
        assert_eq!(e.text, "");
        assert_eq!(
            e.description.as_deref(),
            Some("Shop washable rugs, free shipping.")
        );
        let body = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"The whole story, declared for machines: who did what, where and when, and what they said about it afterwards."}</script></head><body><div id=root></div></body></html>"#;
        let e = crate::extract(body.as_bytes(), None, None, &opts).expect("extracts");
        assert!(
            e.text
                .starts_with("The whole story, declared for machines:"),
            "{}",
            e.text
        );
    }

    #[test]
    fn tidies_titles() {
        assert_eq!(tidy_title("Middleware¶"), "Middleware");
        assert_eq!(
            tidy_title("Thread: Which saw for hardwood?"),
            "Which saw for hardwood?"
        );
        assert_eq!(tidy_title("Title:Kept as written"), "Title:Kept as written");
        assert_eq!(tidy_title("5. Data Structures"), "5. Data Structures");
        assert_eq!(tidy_title("/ Creative portfolio"), "Creative portfolio");
        assert_eq!(
            strip_site("Which saw for hardwood / Tools / Woodshop Forums", None),
            "Which saw for hardwood"
        );
    }

    #[test]
    fn json_ld_graph_and_broken() {
        let f = json_ld(&[r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"NewsArticle","headline":"H","datePublished":"2024-01-02T03:04:05Z","author":[{"@type":"Person","name":"A B"},{"name":"C"}]}]}"#.into()]);
        assert_eq!(f.headline.as_deref(), Some("H"));
        assert_eq!(f.published.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(f.author.as_deref(), Some("A B, C"));
        assert_eq!(f.site_name.as_deref(), Some("Site"));
        let f = json_ld(&["{\"headline\": \"X\", \"datePublished\": \"2024-05-06\",\n \"text\": \"line\nbreak\",}".into()]);
        assert_eq!(f.published.as_deref(), Some("2024-05-06"));
        assert_eq!(f.headline.as_deref(), Some("X"));
    }
}
