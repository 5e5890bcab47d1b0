//! The document that flows through a pipeline, and its JSON form.
//!
//! The JSON form is datatrove's and Hugging Face datasets': `{"id", "text",
//! "metadata": {...}}`, with `url`, `title`, `author`, `date`, `language` and
//! `language_score` kept inside `metadata` so that datatrove reads them back.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Where a document sits in the input: its shard (one input file, in sorted
/// order) and its ordinal among that shard's records. Outputs are ordered and
/// "keep one per cluster" decided by this key, so results never depend on
/// thread count or timing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Index of the input shard.
    pub shard: u32,
    /// Ordinal of the record within its shard, counting every record read
    /// (including ones that later errored), starting at 0.
    pub ordinal: u64,
}

impl Position {
    /// Packs the position into one sortable `u64` (shard in the top 24 bits).
    pub fn key(self) -> u64 {
        ((self.shard as u64) << 40) | (self.ordinal & ((1 << 40) - 1))
    }
    /// The inverse of [`Position::key`].
    pub fn from_key(key: u64) -> Position {
        Position {
            shard: (key >> 40) as u32,
            ordinal: key & ((1 << 40) - 1),
        }
    }
}

/// Undecoded page content as read from a crawl (WARC response, HTML file).
/// The `extract` step turns it into `text` and clears it.
#[derive(Debug, Clone, Default)]
pub struct RawContent {
    /// The payload bytes (HTTP body), not yet decoded.
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type` header, if there was one (it may name a charset).
    pub content_type: Option<String>,
}

/// Why a document was removed: which step, which reason, and the signal
/// values that decided it. Written to `metadata.removed_by` of removed documents.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedBy {
    /// The step's name in the pipeline (e.g. `gopher_quality`).
    pub step: String,
    /// The reason code (e.g. `gopher_short_doc`).
    pub reason: String,
    /// Named values that decided it.
    pub signals: Map<String, Value>,
}

impl RemovedBy {
    /// The record of step `step` dropping a document for `drop`'s reason.
    pub fn from_drop(step: impl Into<String>, drop: crate::Removal) -> RemovedBy {
        RemovedBy {
            step: step.into(),
            reason: drop.reason.into_owned(),
            signals: drop.signals,
        }
    }
}

/// Something a step did to a document that is worth keeping for `inspect`:
/// lines it removed, values it computed. Recorded in `metadata.tamis_history`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepEvent {
    /// The step's name in the pipeline.
    pub step: String,
    /// Lines removed from the text, in order (line-level steps).
    pub removed_lines: Vec<String>,
    /// Named values the step computed.
    pub signals: Map<String, Value>,
}

/// One document: main text plus what is known about it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stable identifier (WARC-Record-ID, file name, or the input's id field).
    pub id: String,
    /// The text; empty until extraction for crawl inputs.
    pub text: String,
    /// The page URL, if known.
    pub url: Option<String>,
    /// Title (the article's headline), if known.
    pub title: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// Publication date, ISO 8601, if known.
    pub date: Option<String>,
    /// Language label (e.g. `en`, `fra_Latn`), set by language identification.
    pub language: Option<String>,
    /// Confidence of `language`, 0..=1.
    pub language_score: Option<f64>,
    /// Everything else, free-form; written as `metadata` in JSON.
    pub metadata: Map<String, Value>,
    /// Undecoded content for crawl inputs; not serialised.
    pub raw: Option<RawContent>,
    /// Position in the input; not part of the public JSON form.
    pub position: Position,
    /// Set on removed documents.
    pub removed_by: Option<RemovedBy>,
    /// What steps did, for `inspect`.
    pub history: Vec<StepEvent>,
}

/// Metadata keys that map onto typed fields.
const URL: &str = "url";
const TITLE: &str = "title";
const AUTHOR: &str = "author";
const DATE: &str = "date";
const LANGUAGE: &str = "language";
const LANGUAGE_SCORE: &str = "language_score";
const REMOVED_BY: &str = "removed_by";
const HISTORY: &str = "tamis_history";
/// Internal key carrying [`Position`] between passes.
const POSITION: &str = "_tamis_pos";

impl Document {
    /// A document with an id and a text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    /// The host part of the URL, lower-cased, without `www.`; used for
    /// per-site statistics and per-site deduplication.
    pub fn host(&self) -> Option<&str> {
        let url = self.url.as_deref()?;
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let hostport = &rest[..end];
        let hostport = hostport
            .rsplit_once('@')
            .map(|(_, h)| h)
            .unwrap_or(hostport);
        let host = match hostport.rfind(':') {
            Some(i) if !hostport.ends_with(']') => &hostport[..i],
            _ => hostport,
        };
        let host = host.strip_prefix("www.").unwrap_or(host);
        if host.is_empty() {
            None
        } else {
            Some(host)
        }
    }

    /// Records an event for `inspect` (lines removed, values computed).
    pub fn record(&mut self, event: StepEvent) {
        self.history.push(event);
    }

    /// The datatrove-compatible JSON object. With `internal`, also the
    /// position, so a later pass can restore it.
    pub fn to_json(&self, internal: bool) -> Value {
        let mut meta = Map::with_capacity(self.metadata.len() + 6);
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                meta.insert(k.to_owned(), Value::String(v.clone()));
            }
        };
        put(URL, &self.url);
        put(TITLE, &self.title);
        put(AUTHOR, &self.author);
        put(DATE, &self.date);
        put(LANGUAGE, &self.language);
        if let Some(s) = self.language_score {
            meta.insert(
                LANGUAGE_SCORE.into(),
                serde_json::Number::from_f64(s).map_or(Value::Null, Value::Number),
            );
        }
        for (k, v) in &self.metadata {
            meta.insert(k.clone(), v.clone());
        }
        if let Some(r) = &self.removed_by {
            let mut o = Map::new();
            o.insert("step".into(), r.step.clone().into());
            o.insert("reason".into(), r.reason.clone().into());
            o.insert("signals".into(), Value::Object(r.signals.clone()));
            meta.insert(REMOVED_BY.into(), Value::Object(o));
        }
        if !self.history.is_empty() {
            let h = self
                .history
                .iter()
                .map(|e| {
                    let mut o = Map::new();
                    o.insert("step".into(), e.step.clone().into());
                    if !e.removed_lines.is_empty() {
                        o.insert("removed_lines".into(), e.removed_lines.clone().into());
                    }
                    if !e.signals.is_empty() {
                        o.insert("signals".into(), Value::Object(e.signals.clone()));
                    }
                    Value::Object(o)
                })
                .collect();
            meta.insert(HISTORY.into(), Value::Array(h));
        }
        if internal {
            meta.insert(
                POSITION.into(),
                Value::Array(vec![
                    self.position.shard.into(),
                    self.position.ordinal.into(),
                ]),
            );
        }
        let mut o = Map::with_capacity(3);
        o.insert("id".into(), Value::String(self.id.clone()));
        o.insert("text".into(), Value::String(self.text.clone()));
        o.insert("metadata".into(), Value::Object(meta));
        Value::Object(o)
    }

    /// Reads a document from a JSON object. The text is under `text_key`
    /// (required, a string); the id under `id_key` (string or number; when
    /// missing, `default_id` is used). A nested `metadata` object is merged
    /// with every other top-level key, so flat objects work too.
    pub fn from_json(
        value: Value,
        text_key: &str,
        id_key: &str,
        default_id: impl FnOnce() -> String,
    ) -> Result<Document> {
        let Value::Object(mut obj) = value else {
            return Err(Error::data("expected a JSON object"));
        };
        let text = match obj.remove(text_key) {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => {
                return Err(Error::data(format!("missing text field `{text_key}`")))
            }
            Some(_) => return Err(Error::data(format!("field `{text_key}` is not a string"))),
        };
        let id = match obj.remove(id_key) {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Null) | None => default_id(),
            Some(_) => {
                return Err(Error::data(format!(
                    "field `{id_key}` is not a string or number"
                )))
            }
        };
        let mut meta = match obj.remove("metadata") {
            Some(Value::Object(m)) => m,
            Some(Value::Null) | None => Map::new(),
            Some(other) => {
                let mut m = Map::new();
                m.insert("metadata".into(), other);
                m
            }
        };
        for (k, v) in obj {
            meta.entry(k).or_insert(v);
        }
        let mut take_str = |k: &str| match meta.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        let url = take_str(URL);
        let title = take_str(TITLE);
        let author = take_str(AUTHOR);
        let date = take_str(DATE);
        let language = take_str(LANGUAGE);
        let language_score = meta.remove(LANGUAGE_SCORE).and_then(|v| v.as_f64());
        let mut position = Position::default();
        if let Some(Value::Array(a)) = meta.remove(POSITION) {
            if let (Some(s), Some(o)) = (
                a.first().and_then(Value::as_u64),
                a.get(1).and_then(Value::as_u64),
            ) {
                position = Position {
                    shard: s as u32,
                    ordinal: o,
                };
            }
        }
        let history = match meta.remove(HISTORY) {
            Some(Value::Array(a)) => a.into_iter().filter_map(event_from_json).collect(),
            _ => Vec::new(),
        };
        let removed_by = match meta.remove(REMOVED_BY) {
            Some(Value::Object(mut o)) => Some(RemovedBy {
                step: o
                    .remove("step")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                reason: o
                    .remove("reason")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                signals: match o.remove("signals") {
                    Some(Value::Object(s)) => s,
                    _ => Map::new(),
                },
            }),
            _ => None,
        };
        Ok(Document {
            id,
            text,
            url,
            title,
            author,
            date,
            language,
            language_score,
            metadata: meta,
            raw: None,
            position,
            removed_by,
            history,
        })
    }
}

fn event_from_json(v: Value) -> Option<StepEvent> {
    let Value::Object(mut o) = v else { return None };
    let step = o.remove("step")?.as_str()?.to_owned();
    let removed_lines = match o.remove("removed_lines") {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let signals = match o.remove("signals") {
        Some(Value::Object(s)) => s,
        _ => Map::new(),
    };
    Some(StepEvent {
        step,
        removed_lines,
        signals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trip_keeps_fields_and_position() {
        let mut d = Document::new("x1", "Bonjour.\nSalut.");
        d.url = Some("https://www.libe.ma/a?b".into());
        d.title = Some("Titre".into());
        d.language = Some("fr".into());
        d.language_score = Some(0.93);
        d.metadata.insert("dump".into(), json!("CC-MAIN"));
        d.position = Position {
            shard: 3,
            ordinal: 17,
        };
        d.record(StepEvent {
            step: "lines".into(),
            removed_lines: vec!["-".into()],
            signals: Map::new(),
        });
        let v = d.to_json(true);
        assert_eq!(v["metadata"]["url"], "https://www.libe.ma/a?b");
        let back = Document::from_json(v, "text", "id", || unreachable!()).unwrap();
        assert_eq!(back.id, "x1");
        assert_eq!(back.title.as_deref(), Some("Titre"));
        assert_eq!(back.language_score, Some(0.93));
        assert_eq!(
            back.position,
            Position {
                shard: 3,
                ordinal: 17
            }
        );
        assert_eq!(back.history.len(), 1);
        assert_eq!(back.metadata.get("dump"), Some(&json!("CC-MAIN")));
        assert_eq!(back.host(), Some("libe.ma"));
        // The public form carries no internal position.
        assert!(d.to_json(false)["metadata"].get(POSITION).is_none());
    }

    #[test]
    fn flat_objects_and_custom_keys() {
        let v = json!({"content": "hi", "doc_id": 7, "url": "http://a.b:8080/x", "lang": "de"});
        let d = Document::from_json(v, "content", "doc_id", || "fallback".into()).unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.text, "hi");
        assert_eq!(d.host(), Some("a.b"));
        assert_eq!(d.metadata.get("lang"), Some(&json!("de")));
        let d = Document::from_json(json!({"text": "t"}), "text", "id", || "f/0".into()).unwrap();
        assert_eq!(d.id, "f/0");
    }

    #[test]
    fn bad_objects_are_errors() {
        assert!(Document::from_json(json!([1]), "text", "id", String::new).is_err());
        assert!(Document::from_json(json!({"id": "a"}), "text", "id", String::new).is_err());
        assert!(Document::from_json(json!({"text": 3}), "text", "id", String::new).is_err());
    }

    #[test]
    fn position_key_round_trip() {
        let p = Position {
            shard: 70000,
            ordinal: 123_456_789,
        };
        assert_eq!(Position::from_key(p.key()), p);
        assert!(
            Position {
                shard: 1,
                ordinal: 0
            }
            .key()
                > Position {
                    shard: 0,
                    ordinal: 999
                }
                .key()
        );
    }
}
