//! `url_blocklist`: drops documents whose URL's host (or a parent domain)
//! is on a block list read from files.

use std::path::PathBuf;

use ahash::AHashSet;
use serde::{Deserialize, Serialize};
use tamis_core::{
    parse_config, BuiltStep, Document, Error, Outcome, Removal, Step, StepContext, StepInfo,
};

/// Step type name.
pub const NAME: &str = "url_blocklist";

const DOC: &str = r##"Drops documents whose URL host is a blocked domain or a subdomain of one (like datatrove's URLFilter banned-domain check, without its word lists).

Domain files have one domain per line (`#` comments and blank lines ignored; a leading `*.`, `.` or `www.` is ignored;
hosts-file lines `0.0.0.0 domain` work). Matching is case-insensitive on the host and each parent domain:
blocking `example.com` blocks `a.b.example.com`.
Reasons:
  domain    signal: domain (the matching list entry), host
  url       the exact URL is listed in `urls_files`
Documents without a URL are kept (counter no_url).

Example:
  [[step]]
  type = "url_blocklist"
  domains_files = ["blocklists/adult.txt"]"##;

/// Options of `url_blocklist`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UrlBlocklistConfig {
    /// Files with blocked domains, one per line.
    pub domains_files: Vec<PathBuf>,
    /// Blocked domains given inline.
    pub domains: Vec<String>,
    /// Files with blocked exact URLs, one per line.
    pub urls_files: Vec<PathBuf>,
}

/// The built `url_blocklist` step.
#[derive(Debug, Clone)]
pub struct UrlBlocklist {
    domains: AHashSet<String>,
    urls: AHashSet<String>,
}

fn clean_domain(line: &str) -> Option<String> {
    let line = line.split('#').next().unwrap_or("").trim();
    let d = line.split_whitespace().last()?;
    let d = d.trim_start_matches("*.").trim_start_matches('.');
    let d = d
        .strip_prefix("www.")
        .unwrap_or(d)
        .trim_end_matches('.')
        .to_ascii_lowercase();
    (!d.is_empty()).then_some(d)
}

impl UrlBlocklist {
    /// Builds the step, reading every list.
    pub fn new(config: UrlBlocklistConfig) -> tamis_core::Result<UrlBlocklist> {
        let mut domains: AHashSet<String> = config
            .domains
            .iter()
            .filter_map(|d| clean_domain(d))
            .collect();
        for p in &config.domains_files {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::io(format!("reading {}", p.display()), e))?;
            domains.extend(text.lines().filter_map(clean_domain));
        }
        let mut urls = AHashSet::new();
        for p in &config.urls_files {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::io(format!("reading {}", p.display()), e))?;
            urls.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned),
            );
        }
        Ok(UrlBlocklist { domains, urls })
    }
    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "URL domain block list from files",
            doc: DOC,
            options: tamis_core::options_of::<UrlBlocklistConfig>,
            factory: |v| {
                Ok(BuiltStep::Doc(Box::new(UrlBlocklist::new(parse_config(
                    v,
                )?)?)))
            },
        }
    }
}

impl Step for UrlBlocklist {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let Some(url) = doc.url.as_deref() else {
            cx.count("no_url", 1);
            return Outcome::Keep;
        };
        if self.urls.contains(url.trim()) {
            return Outcome::Drop(Removal::new("url").signal("url", url));
        }
        let Some(host) = doc.host() else {
            return Outcome::Keep;
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let mut d = host.as_str();
        loop {
            if self.domains.contains(d) {
                return Outcome::Drop(
                    Removal::new("domain")
                        .signal("domain", d)
                        .signal("host", host.as_str()),
                );
            }
            match d.split_once('.') {
                Some((_, rest)) if !rest.is_empty() => d = rest,
                _ => return Outcome::Keep,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_domains_and_subdomains() {
        let p = std::env::temp_dir().join(format!("tamis-block-{}.txt", std::process::id()));
        std::fs::write(&p, "# list\nbad.example\n0.0.0.0 tracker.net\n*.spam.org\n").unwrap();
        let s = UrlBlocklist::new(UrlBlocklistConfig {
            domains_files: vec![p.clone()],
            domains: vec!["Inline.com".into()],
            ..Default::default()
        })
        .unwrap();
        let mut cx = StepContext::default();
        let mut check = |url: Option<&str>| {
            let mut d = Document::new("x", "t");
            d.url = url.map(str::to_owned);
            match s.process(&mut d, &mut cx) {
                Outcome::Drop(x) => x.reason.into_owned(),
                o => format!("{o:?}"),
            }
        };
        assert_eq!(check(Some("https://www.bad.example/a")), "domain");
        assert_eq!(check(Some("http://x.y.tracker.net:8080/")), "domain");
        assert_eq!(check(Some("https://spam.org")), "domain");
        assert_eq!(check(Some("https://inline.com/")), "domain");
        assert_eq!(check(Some("https://notbad.example/")), "Keep");
        assert_eq!(check(Some("https://example/")), "Keep");
        assert_eq!(check(None), "Keep");
        std::fs::remove_file(p).ok();
    }
}
