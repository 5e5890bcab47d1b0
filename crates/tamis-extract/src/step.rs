//! The `extract` step: turns a crawled page (`doc.raw`) into main text and metadata.
//!
//! Fills `text`, `title`, `author`, `date`, and the metadata keys
//! `declared_lang` (the language the page declares, not a detection),
//! `site_name` and `description` when found; then clears `doc.raw`.
//! A document without `raw` (already text) passes through unchanged.
//!
//! Drops (a document never errors here):
//! - `not_html`: the payload is not text: an image, a PDF, an archive, media
//!   or binary data, recognised by its bytes (magic numbers, NUL or control
//!   bytes) or by a binary declared type (`image/*`, `audio/*`, `video/*`,
//!   `font/*`, PDF, ZIP, `application/octet-stream` not starting with
//!   markup). Signals: `declared` (the content type, or null), `detected`
//!   (`png`, `pdf`, `zip`, ..., `binary`; null when only the declared type
//!   tells), `bytes`.
//! - `no_content`: no main text was found (signals: `html_bytes`,
//!   `text_chars`, `min_text_chars`). Text payloads that are not HTML
//!   (JSON, plain text, XML) are parsed like any page: a JSON API response
//!   or a bare data file has no main text and ends here.
//!
//! ```toml
//! [[step]]
//! type = "extract"
//! favor = "balanced"        # precision | balanced | recall
//! include_comments = false
//! include_tables = true
//! output = "plain"          # plain | markdown
//! max_input_bytes = 8388608
//! max_depth = 256
//! ```

use serde_json::Value;
use tamis_core::{
    parse_config, BuiltStep, Document, Outcome, Registry, Removal, Step, StepContext, StepInfo,
};

use crate::extract::sniff_not_html;
use crate::options::ExtractOptions;

/// The step's long documentation (`tamis explain extract`).
const DOC: &str = "Extracts the main content of an HTML page (doc.raw) into text, with title, author, date \
(ISO 8601) and, in metadata, declared_lang, site_name and description; clears doc.raw. Navigation, menus, \
sidebars, headline lists, footers, cookie banners, share widgets, newsletter boxes, comments (unless \
include_comments) and ads are left out; headings, lists, tables, code and quotes inside the content are kept. \
Documents without raw content pass through unchanged.\n\n\
Drops:\n\
  not_html    the payload is not text: images, PDFs, archives, media, binary data, recognised by their \
bytes or by a binary declared type (signals: declared, detected, bytes). Text that is not HTML (JSON, \
plain text, XML) is parsed like any page.\n\
  no_content  no main text found, e.g. a JSON API response (signals: html_bytes, text_chars, min_text_chars).\n\n\
Example:\n  [[step]]\n  type = \"extract\"\n  favor = \"precision\"\n";

/// The `extract` step (configured by [`ExtractOptions`]).
#[derive(Debug, Clone, Default)]
pub struct ExtractStep {
    opts: ExtractOptions,
}

impl ExtractStep {
    /// A step with these options.
    pub fn new(opts: ExtractOptions) -> ExtractStep {
        ExtractStep { opts }
    }
}

impl Step for ExtractStep {
    fn process(&self, doc: &mut Document, _cx: &mut StepContext) -> Outcome {
        let Some(raw) = doc.raw.take() else {
            return Outcome::Keep;
        };
        if let Some(n) = sniff_not_html(&raw.bytes, raw.content_type.as_deref()) {
            return Outcome::Drop(
                Removal::new("not_html")
                    .signal("declared", raw.content_type)
                    .signal("detected", n.detected)
                    .signal("bytes", raw.bytes.len() as u64),
            );
        }
        let (page, trace) = crate::extract::extract_traced(
            &raw.bytes,
            raw.content_type.as_deref(),
            doc.url.as_deref(),
            &self.opts,
            self.opts.explain,
        );
        let chars = page.text.chars().count();
        if chars < self.opts.min_text_chars.max(1) {
            return Outcome::Drop(
                Removal::new("no_content")
                    .signal("html_bytes", raw.bytes.len() as u64)
                    .signal("text_chars", chars as u64)
                    .signal("min_text_chars", self.opts.min_text_chars as u64),
            );
        }
        doc.text = page.text;
        doc.title = page.title.or(doc.title.take());
        doc.author = page.author.or(doc.author.take());
        doc.date = page.date.or(doc.date.take());
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                doc.metadata.insert(k.to_owned(), Value::String(v));
            }
        };
        put("declared_lang", page.lang);
        put("site_name", page.site_name);
        put("description", page.description);
        if let Some(t) = trace {
            doc.metadata.insert("extract_removed".into(), t.to_json());
        }
        Outcome::Keep
    }
}

fn build(config: Value) -> tamis_core::Result<BuiltStep> {
    let opts: ExtractOptions = parse_config(config)?;
    Ok(BuiltStep::Doc(Box::new(ExtractStep::new(opts))))
}

/// Registers the `extract` step type.
pub fn register(reg: &mut Registry) {
    reg.register(StepInfo {
        name: "extract",
        summary: "HTML → main text, title, author, date, declared language",
        doc: DOC,
        options: tamis_core::options_of::<ExtractOptions>,
        factory: build,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use tamis_core::RawContent;

    fn doc(bytes: &[u8], ct: Option<&str>) -> Document {
        let mut d = Document::new("id", "");
        d.raw = Some(RawContent {
            bytes: bytes.to_vec(),
            content_type: ct.map(str::to_owned),
        });
        d
    }

    fn step(v: Value) -> Box<dyn Step> {
        let mut r = Registry::new();
        register(&mut r);
        match r.build("extract", v) {
            Ok(BuiltStep::Doc(s)) => s,
            _ => panic!("extract step did not build"),
        }
    }

    #[test]
    fn keeps_and_fills_fields() {
        let s = step(Value::Null);
        let mut d = doc(
            "<html lang=fr><head><title>Une convention signée - Le Journal</title><meta property=og:site_name content=\"Le Journal\"><meta name=author content=\"Jean Dupont\"><meta name=description content=\"Résumé\"></head><body><article><h1>Une convention signée</h1><p>Cette convention vise à lutter contre la précarité et la marginalisation des jeunes du quartier.</p></article></body></html>".as_bytes(),
            Some("text/html; charset=utf-8"),
        );
        assert_eq!(
            s.process(&mut d, &mut StepContext::default()),
            Outcome::Keep
        );
        assert!(d.raw.is_none());
        assert!(d.text.contains("Cette convention vise"));
        assert_eq!(d.title.as_deref(), Some("Une convention signée"));
        assert_eq!(d.author.as_deref(), Some("Jean Dupont"));
        assert_eq!(d.metadata["declared_lang"], "fr");
        assert_eq!(d.metadata["site_name"], "Le Journal");
        assert_eq!(d.metadata["description"], "Résumé");
    }

    #[test]
    fn every_outcome() {
        let s = step(serde_json::json!({"favor": "precision", "output": "markdown"}));
        // Already text: unchanged.
        let mut d = Document::new("a", "plain text");
        assert_eq!(
            s.process(&mut d, &mut StepContext::default()),
            Outcome::Keep
        );
        assert_eq!(d.text, "plain text");
        // Not HTML: dropped with the declared and detected types.
        for (bytes, ct, detected) in [
            (&b"%PDF-1.7\n..."[..], Some("text/html"), Some("pdf")),
            (&b"\x89PNG\r\n\x1a\n\0\0"[..], None, Some("png")),
            (
                &[0u8, 1, 2, 0, 0, 5, 0, 0][..],
                Some("text/html"),
                Some("binary"),
            ),
            (&b"GIF89a\x01\x00"[..], Some("image/gif"), Some("gif")),
            (&b"not really an image"[..], Some("image/jpeg"), None),
        ] {
            let mut d = doc(bytes, ct);
            match s.process(&mut d, &mut StepContext::default()) {
                Outcome::Drop(r) => {
                    assert_eq!(r.reason, "not_html");
                    assert_eq!(r.signals["declared"], serde_json::json!(ct));
                    assert_eq!(r.signals["detected"], serde_json::json!(detected));
                    assert_eq!(r.signals["bytes"], bytes.len() as u64);
                }
                o => panic!("{o:?}"),
            }
            assert!(d.raw.is_none());
        }
        // A JSON response is text: parsed, no main text, `no_content`.
        let mut d = doc(
            br#"{"status": "ok", "items": [{"id": 1, "name": "alpha"}, {"id": 2, "name": "beta"}], "next": null}"#,
            Some("application/json"),
        );
        match s.process(&mut d, &mut StepContext::default()) {
            Outcome::Drop(r) => assert_eq!(r.reason, "no_content"),
            o => panic!("{o:?}"),
        }
        // No content.
        let mut d = doc(
            b"<html><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>",
            None,
        );
        match s.process(&mut d, &mut StepContext::default()) {
            Outcome::Drop(drop) => {
                assert_eq!(drop.reason, "no_content");
                assert_eq!(drop.signals["text_chars"], 0);
            }
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn rejects_unknown_options() {
        let mut r = Registry::new();
        register(&mut r);
        assert!(r
            .build("extract", serde_json::json!({"favour": "recall"}))
            .is_err());
        assert!(r
            .build(
                "extract",
                serde_json::json!({"favor": "recall", "include_comments": true})
            )
            .is_ok());
    }
}
