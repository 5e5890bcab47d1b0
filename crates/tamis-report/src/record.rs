//! One output line read back as a [`Document`], plus what the core form
//! does not keep: where line-level steps removed their lines.

use serde_json::Value;
use tamis_core::{Document, StepEvent};

/// A document read from `OUT/kept/` or `OUT/removed/`.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The document, parsed by the core JSON form.
    pub doc: Document,
    /// For each `tamis_history` entry (same order): the 0-based indices, in
    /// that step's input lines, of the lines it removed, when the step
    /// recorded them (`removed_at`, as a key of the entry or of its signals).
    pub removed_at: Vec<Option<Vec<usize>>>,
}

impl Record {
    /// Parses one JSON line; the error is a short message for people.
    pub(crate) fn parse(
        bytes: &[u8],
        default_id: impl FnOnce() -> String,
    ) -> Result<Record, String> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
        let removed_at = match value.pointer("/metadata/tamis_history") {
            Some(Value::Array(events)) => events
                .iter()
                .filter(|e| e.get("step").is_some_and(Value::is_string))
                .map(removed_at_of)
                .collect(),
            _ => Vec::new(),
        };
        let doc =
            Document::from_json(value, "text", "id", default_id).map_err(|e| e.to_string())?;
        Ok(Record { doc, removed_at })
    }

    /// The history events with their recorded positions.
    pub(crate) fn events(&self) -> impl Iterator<Item = (&StepEvent, Option<&[usize]>)> {
        self.doc
            .history
            .iter()
            .enumerate()
            .map(|(i, e)| (e, self.removed_at.get(i).and_then(|p| p.as_deref())))
    }

    /// Whether any step removed lines from this document.
    pub(crate) fn has_removed_lines(&self) -> bool {
        self.doc.history.iter().any(|e| !e.removed_lines.is_empty())
    }
}

fn removed_at_of(event: &Value) -> Option<Vec<usize>> {
    let v = event
        .get("removed_at")
        .or_else(|| event.pointer("/signals/removed_at"))?;
    v.as_array()?
        .iter()
        .map(|x| x.as_u64().and_then(|n| usize::try_from(n).ok()))
        .collect()
}

/// A signal or metadata value, short and readable (`0.93`, `"en"`, `[1,2]`).
pub(crate) fn show_value(v: &Value, max_chars: usize) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_f64(), n.is_f64()) {
            (Some(f), true) => format_float(f),
            _ => n.to_string(),
        },
        other => other.to_string(),
    };
    truncate_chars(&s, max_chars)
}

/// Floats with up to 4 significant decimals, without trailing zeros.
pub(crate) fn format_float(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let s = if f.abs() >= 100.0 {
        format!("{f:.1}")
    } else {
        format!("{f:.4}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" {
        "0".to_owned()
    } else {
        s
    }
}

/// The first `max` characters of `s`, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_removed_at_from_entry_or_signals() {
        let line = br#"{"id":"a","text":"x","metadata":{"tamis_history":[
            {"step":"c4","removed_lines":["a","b"],"removed_at":[0,3]},
            {"step":"lines","removed_lines":["c"],"signals":{"removed_at":[1]}},
            {"step":"pii","signals":{"emails":2}}]}}"#;
        let r = Record::parse(line, || unreachable!()).unwrap();
        let ev: Vec<_> = r
            .events()
            .map(|(e, p)| (e.step.clone(), p.map(<[usize]>::to_vec)))
            .collect();
        assert_eq!(ev[0], ("c4".into(), Some(vec![0, 3])));
        assert_eq!(ev[1], ("lines".into(), Some(vec![1])));
        assert_eq!(ev[2], ("pii".into(), None));
        assert!(r.has_removed_lines());
    }

    #[test]
    fn bad_lines_are_messages() {
        assert!(Record::parse(b"{nope", String::new)
            .unwrap_err()
            .contains("invalid JSON"));
        assert!(Record::parse(br#"{"id":"a"}"#, String::new)
            .unwrap_err()
            .contains("text"));
    }

    #[test]
    fn values_are_short() {
        assert_eq!(show_value(&serde_json::json!(0.123456), 20), "0.1235");
        assert_eq!(show_value(&serde_json::json!(2.0), 20), "2");
        assert_eq!(show_value(&serde_json::json!(12), 20), "12");
        assert_eq!(show_value(&serde_json::json!("abcdef"), 3), "abc…");
        assert_eq!(truncate_chars("héllo", 2), "hé…");
    }
}
