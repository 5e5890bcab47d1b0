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
use crate::dom::{collapse_ws, flag, Dom, Tag};

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
}

const MAX_LD_NODES: usize = 5000;

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("article") || s.contains("posting") || s.contains("report") || s == "webpage" || s.contains("question") || s == "product" || s.contains("recipe") || s.contains("review")
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
            let names: Vec<String> = a.iter().filter_map(ld_name).filter(|s| !s.trim().is_empty()).take(5).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn json_ld(scripts: &[String]) -> LdFacts {
    let mut f = LdFacts::default();
    for s in scripts {
        let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
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
                    let t = o.get("@type").and_then(Value::as_str).unwrap_or("");
                    if article || o.contains_key("headline") || o.contains_key("datePublished") {
                        if f.headline.is_none() {
                            f.headline = o.get("headline").and_then(Value::as_str).map(str::to_owned);
                        }
                        if f.published.is_none() {
                            f.published = o.get("datePublished").or_else(|| o.get("dateCreated")).and_then(Value::as_str).map(str::to_owned);
                        }
                        if f.modified.is_none() {
                            f.modified = o.get("dateModified").and_then(Value::as_str).map(str::to_owned);
                        }
                        if f.author.is_none() {
                            f.author = o.get("author").or_else(|| o.get("creator")).and_then(ld_name);
                        }
                        if f.description.is_none() && article {
                            f.description = o.get("description").and_then(Value::as_str).map(str::to_owned);
                        }
                        if f.site_name.is_none() {
                            f.site_name = o.get("publisher").and_then(ld_name);
                        }
                    }
                    if f.body.is_none() {
                        if let Some(b) = o.get("articleBody").or_else(|| o.get("text")).and_then(Value::as_str) {
                            if b.len() > 100 {
                                f.body = Some(b.to_owned());
                            }
                        }
                    }
                    if t == "WebSite" && f.site_name.is_none() {
                        f.site_name = o.get("name").and_then(Value::as_str).map(str::to_owned);
                    }
                    for (k, child) in o {
                        if matches!(child, Value::Object(_) | Value::Array(_)) && k != "author" && k != "publisher" {
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
    let rest = s[i + pat.len()..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned())
}

/// Lower-cased words, for comparing titles.
pub(crate) fn norm_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

const SEPARATORS: [&str; 9] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • ", " ~ "];

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
            let parts: Vec<&str> = title.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
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
    keys.iter().find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.as_str()))
}

fn clean(s: Option<String>) -> Option<String> {
    let s = collapse_ws(&s?);
    (!s.is_empty()).then_some(s)
}

fn clean_author(s: &str) -> Option<String> {
    let s = collapse_ws(s.split(['|', '\n']).next().unwrap_or(""));
    let lower = s.to_lowercase();
    let s = if lower.starts_with("by ") { s[3..].trim().to_owned() } else { s };
    if s.is_empty() || s.contains("://") || s.starts_with('@') || s.chars().count() > 120 {
        return None;
    }
    Some(s)
}

/// Gathers the metadata of a parsed page.
pub(crate) fn extract_meta(dom: &Dom, url: Option<&str>) -> Meta {
    let m = &dom.meta;
    let metas = &m.metas[..];
    let ld = json_ld(&m.json_ld);
    let site_name = clean(meta_get(metas, &["og:site_name", "application-name", "twitter:site:name"]).map(str::to_owned).or(ld.site_name.clone()));
    let og_title = meta_get(metas, &["og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title"]).map(str::to_owned);
    let html_title = m.title.clone().filter(|t| !t.is_empty());
    let h1s: Vec<(String, bool)> = m
        .h1
        .iter()
        .map(|&id| (dom.subtree_text(id, false), dom.nodes.get(id as usize).is_some_and(|n| n.flags & flag::REMOVED == 0)))
        .filter(|(t, _)| !t.is_empty() && t.chars().count() < 400)
        .collect();
    let declared: Vec<String> = [og_title.clone(), ld.headline.clone(), html_title.clone()].into_iter().flatten().map(|t| norm_words(&t)).collect();
    let agrees = |h: &str| {
        let h = norm_words(h);
        !h.is_empty() && declared.iter().any(|d| d.contains(&h) || (h.contains(d.as_str()) && d.len() * 2 > h.len()))
    };
    let h1_title = h1s
        .iter()
        .filter(|(_, kept)| *kept)
        .chain(h1s.iter().filter(|(_, kept)| !*kept))
        .find(|(t, _)| agrees(t))
        .map(|(t, _)| t.clone());
    let title = h1_title
        .or_else(|| og_title.as_deref().map(|t| strip_site(t, site_name.as_deref())))
        .or_else(|| ld.headline.clone())
        .or_else(|| (h1s.len() == 1).then(|| h1s[0].0.clone()))
        .or_else(|| html_title.as_deref().map(|t| strip_site(t, site_name.as_deref())));

    let date = date(dom, &ld, url);

    let author = ld
        .author
        .as_deref()
        .and_then(clean_author)
        .or_else(|| meta_get(metas, &["author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"]).and_then(clean_author))
        .or_else(|| {
            m.itemprops.iter().find(|(k, _, _)| k == "author" || k == "creator").and_then(|(_, id, content)| {
                content.as_deref().and_then(clean_author).or_else(|| clean_author(&dom.subtree_text(*id, false)))
            })
        })
        .or_else(|| m.author_nodes.first().and_then(|&id| clean_author(&dom.subtree_text(id, false))));

    let lang = m.html_lang.clone().or_else(|| meta_get(metas, &["content-language", "og:locale", "dc.language", "language"]).map(str::to_owned));
    let description = clean(meta_get(metas, &["description", "og:description", "twitter:description"]).map(str::to_owned).or(ld.description.clone()));
    // Not the description: a summary in a meta tag is metadata (kept in
    // `description`), and a page showing nothing has no main text.
    let fallback_text = ld.body.clone().map(|b| b.trim().to_owned());
    Meta { title: clean(title), author, date, lang: clean(lang), site_name, description, fallback_text }
}

fn date(dom: &Dom, ld: &LdFacts, url: Option<&str>) -> Option<String> {
    let m = &dom.meta;
    let metas = &m.metas[..];
    const KEYS: &[&str] = &[
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
    // A <time> counts unless it sits in removed boilerplate (a "latest"
    // list's dates); bylines are removed from the text but are metadata.
    let kept = |id: u32| {
        let mut c = id;
        for _ in 0..64 {
            let Some(n) = dom.nodes.get(c as usize) else { return true };
            let boiler_tag = n.flags & flag::BOILER_TAG != 0;
            if n.flags & flag::REMOVED != 0 && (boiler_tag || n.flags & (flag::BOILER_CLASS | flag::COMMENTS | flag::CARDS | flag::HIDDEN) != 0) {
                return false;
            }
            c = n.parent;
        }
        true
    };
    let times = || m.times.iter().filter(|(id, _, _)| kept(*id));
    // The date the page shows its reader (what "published" means to
    // people, often the last update) comes first.
    if let Some(d) = times().filter(|t| t.2).chain(times()).find_map(|(_, v, _)| normalize_date(v)) {
        return Some(d);
    }
    if let Some(d) = ld.published.as_deref().and_then(normalize_date) {
        return Some(d);
    }
    for k in KEYS {
        if let Some(d) = metas.iter().filter(|(mk, _)| mk == k).find_map(|(_, v)| normalize_date(v)) {
            return Some(d);
        }
    }
    // Site-specific names ("w-published-date", "published"): any key about publishing.
    if let Some(d) = metas
        .iter()
        .filter(|(k, _)| k.contains("publish") && !k.contains("publisher") && !k.contains("modif") && !k.contains("update"))
        .find_map(|(_, v)| normalize_date(v))
    {
        return Some(d);
    }
    for (k, id, content) in &m.itemprops {
        if k == "datepublished" || k == "datecreated" {
            if let Some(d) = content.as_deref().and_then(normalize_date).or_else(|| normalize_date(&dom.subtree_text(*id, false))) {
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
        let Some(t) = dom.text.get(n.start as usize..n.end as usize) else { continue };
        if t.bytes().any(|b| b.is_ascii_digit()) && kept(i as u32) {
            if let Some(d) = normalize_date(t) {
                return Some(d);
            }
        }
    }
    for k in ["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified"] {
        if let Some(d) = metas.iter().filter(|(mk, _)| mk == k).find_map(|(_, v)| normalize_date(v)) {
            return Some(d);
        }
    }
    ld.modified.as_deref().and_then(normalize_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_names() {
        assert_eq!(strip_site("Big news today | The Daily", Some("The Daily")), "Big news today");
        assert_eq!(strip_site("The Daily - Big news today", Some("The Daily")), "Big news today");
        assert_eq!(strip_site("Big news about things happening - Daily", None), "Big news about things happening");
        assert_eq!(strip_site("Plain title", None), "Plain title");
    }

    #[test]
    fn script_rendered_pages_fall_back_to_a_declared_body_not_the_description() {
        let opts = crate::ExtractOptions::default();
        let shell = "<html><head><meta name=description content=\"Shop washable rugs, free shipping.\"></head><body><div id=root></div></body></html>";
        let e = crate::extract(shell.as_bytes(), None, None, &opts).expect("extracts");
        assert_eq!(e.text, "");
        assert_eq!(e.description.as_deref(), Some("Shop washable rugs, free shipping."));
        let body = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"The whole story, declared for machines: who did what, where and when, and what they said about it afterwards."}</script></head><body><div id=root></div></body></html>"#;
        let e = crate::extract(body.as_bytes(), None, None, &opts).expect("extracts");
        assert!(e.text.starts_with("The whole story, declared for machines:"), "{}", e.text);
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
