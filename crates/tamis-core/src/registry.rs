//! Steps by name: each crate registers its steps; pipelines build them from
//! configuration (TOML in files, JSON from Python — both arrive here as a
//! `serde_json::Value` object without the `type` key).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::corpus::CorpusStep;
use crate::error::{Error, Result};
use crate::step::Step;

/// A built step, ready to run.
pub enum BuiltStep {
    /// A per-document step.
    Doc(Box<dyn Step>),
    /// A corpus-wide step (needs map → reduce → apply).
    Corpus(Box<dyn CorpusStep>),
}

/// Builds a step from its configuration object.
pub type StepFactory = fn(Value) -> Result<BuiltStep>;

/// What the registry knows about a step type.
#[derive(Clone)]
pub struct StepInfo {
    /// The `type` name used in configuration (snake_case).
    pub name: &'static str,
    /// One line for `tamis steps`.
    pub summary: &'static str,
    /// The long documentation for `tamis explain NAME`: what it drops and
    /// why, reason codes, an example TOML. Options are not listed here:
    /// they come from [`StepInfo::options`].
    pub doc: &'static str,
    /// The step's options, read from its configuration struct (the field
    /// docs, types and defaults): usually `options_of::<XxxConfig>`.
    pub options: fn() -> Vec<OptionDoc>,
    /// Builds the step.
    pub factory: StepFactory,
}

impl StepInfo {
    /// The full documentation: the prose [`StepInfo::doc`] followed by the
    /// options table, as `tamis explain` prints it.
    pub fn explain(&self) -> String {
        let mut out = format!("{}\n\n{}\n", self.name, self.doc.trim());
        let options = (self.options)();
        if options.is_empty() {
            out.push_str("\nOptions: none.\n");
            return out;
        }
        out.push_str(
            "\nOptions (name = default, then type; leave an option out for its default):\n",
        );
        for o in &options {
            match &o.default {
                Some(d) => out.push_str(&format!("  {} = {}   ({})\n", o.name, d, o.kind)),
                None => out.push_str(&format!("  {}   ({}; unset by default)\n", o.name, o.kind)),
            }
            for line in wrap(&o.doc, 72) {
                out.push_str(&format!("      {line}\n"));
            }
        }
        out
    }

    /// The documentation as a section of `docs/steps.md`: the summary, the
    /// prose in a text block, the options as a Markdown table.
    pub fn explain_markdown(&self) -> String {
        let mut out = format!(
            "## {}\n\n{}.\n\n```text\n{}\n```\n\n",
            self.name,
            self.summary,
            self.doc.trim()
        );
        let options = (self.options)();
        if options.is_empty() {
            out.push_str("Options: none.\n");
            return out;
        }
        out.push_str("| option | type | default | meaning |\n| --- | --- | --- | --- |\n");
        for o in &options {
            let default = match &o.default {
                Some(d) => format!("`{}`", d.replace('|', "\\|")),
                None => "unset".to_owned(),
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                o.name,
                o.kind.replace('|', "\\|"),
                default,
                o.doc.replace('|', "\\|")
            ));
        }
        out
    }
}

/// One option of a step's configuration, as `tamis explain` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDoc {
    /// The key in the step's TOML table.
    pub name: String,
    /// The value's type in words (`integer`, `list of strings`,
    /// `"plain" | "markdown"`).
    pub kind: String,
    /// The default written as TOML, or `None` when the option is unset by
    /// default.
    pub default: Option<String>,
    /// The field's `///` documentation, on one line.
    pub doc: String,
}

/// The options of configuration struct `C`, in field order: names and
/// documentation from its JSON schema (the fields' `///` comments), defaults
/// from `C::default()`. `C` should be `#[serde(deny_unknown_fields, default)]`.
pub fn options_of<C: JsonSchema + Serialize + Default>() -> Vec<OptionDoc> {
    let schema = schemars::schema_for!(C).to_value();
    // Field order: serialising the default keeps the struct's order (a JSON
    // map would sort the keys).
    let defaults: Vec<(String, Value)> = serde_json::to_string(&C::default())
        .ok()
        .and_then(|s| serde_json::from_str::<OrderedMap>(&s).ok())
        .map(|m| m.0)
        .unwrap_or_default();
    let props = schema.get("properties").and_then(Value::as_object);
    let mut out = Vec::new();
    let mut push = |name: &str, default: Option<&Value>| {
        let Some(prop) = props.and_then(|p| p.get(name)) else {
            return;
        };
        let (kind, _) = type_name(prop, &schema);
        let doc = [prop.get("title"), prop.get("description")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        out.push(OptionDoc {
            name: name.to_owned(),
            kind,
            default: default.filter(|v| !v.is_null()).map(toml_value),
            doc: doc.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    };
    for (name, value) in &defaults {
        push(name, Some(value));
    }
    if let Some(p) = props {
        let rest: Vec<String> = p
            .keys()
            .filter(|k| !defaults.iter().any(|(n, _)| n == *k))
            .cloned()
            .collect();
        for name in rest {
            push(&name, None);
        }
    }
    out
}

/// A JSON object's entries in the order they were written.
struct OrderedMap(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for OrderedMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedMap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<OrderedMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The type of a schema in words, and whether it admits null.
fn type_name(s: &Value, root: &Value) -> (String, bool) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let target = r
            .strip_prefix("#/$defs/")
            .and_then(|n| root.get("$defs").and_then(|d| d.get(n)));
        return match target {
            Some(t) => type_name(t, root),
            None => ("value".to_owned(), false),
        };
    }
    if let Some(c) = s.get("const") {
        return (toml_value(c), false);
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = e.iter().filter(|v| !v.is_null()).map(toml_value).collect();
        return (names.join(" | "), e.iter().any(Value::is_null));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = s.get(key).and_then(Value::as_array) {
            let mut nullable = false;
            let mut names = Vec::new();
            for a in alts {
                if a.get("type").and_then(Value::as_str) == Some("null") {
                    nullable = true;
                    continue;
                }
                let (n, null) = type_name(a, root);
                nullable |= null;
                names.push(n);
            }
            return (names.join(" | "), nullable);
        }
    }
    let types: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let nullable = types.contains(&"null");
    let names: Vec<String> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "array" => {
                if let Some(items) = s.get("prefixItems").and_then(Value::as_array) {
                    let parts: Vec<String> = items.iter().map(|i| type_name(i, root).0).collect();
                    format!("[{}]", parts.join(", "))
                } else if let Some(items) = s.get("items") {
                    format!("list of {}", plural(&type_name(items, root).0))
                } else {
                    "list".to_owned()
                }
            }
            "object" => match s.get("additionalProperties") {
                Some(v) if v.is_object() => format!("table of {}", plural(&type_name(v, root).0)),
                _ => "table".to_owned(),
            },
            other => other.to_owned(),
        })
        .collect();
    if names.is_empty() {
        return ("value".to_owned(), nullable);
    }
    (names.join(" | "), nullable)
}

fn plural(kind: &str) -> String {
    match kind {
        "string" | "integer" | "number" | "boolean" => format!("{kind}s"),
        k => k.to_owned(),
    }
}

/// A JSON value written as TOML.
fn toml_value(v: &Value) -> String {
    match v {
        Value::Null => "unset".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(o) => {
            if o.is_empty() {
                return "{}".to_owned();
            }
            let parts: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{k} = {}", toml_value(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// `text` in lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// All step types known to a program.
#[derive(Default, Clone)]
pub struct Registry {
    steps: BTreeMap<&'static str, StepInfo>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }
    /// Adds a step type; a later registration under the same name replaces it.
    pub fn register(&mut self, info: StepInfo) {
        self.steps.insert(info.name, info);
    }
    /// Looks up a step type.
    pub fn get(&self, name: &str) -> Option<&StepInfo> {
        self.steps.get(name)
    }
    /// All step types, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &StepInfo> {
        self.steps.values()
    }
    /// Builds a step of type `name` from its configuration.
    pub fn build(&self, name: &str, config: Value) -> Result<BuiltStep> {
        let info = self.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.steps.keys().copied().collect();
            Error::config(format!(
                "unknown step type `{name}` (known: {})",
                known.join(", ")
            ))
        })?;
        (info.factory)(config)
            .map_err(|e| Error::config(format!("step `{name}`: {}", crate::display_chain(&e))))
    }
}

/// Deserialises a step's configuration struct (which should use
/// `#[serde(deny_unknown_fields, default)]`) with a clear error.
pub fn parse_config<C: DeserializeOwned>(config: Value) -> Result<C> {
    let config = match config {
        Value::Null => Value::Object(Default::default()),
        v => v,
    };
    serde_json::from_value(config).map_err(|e| Error::config(format!("invalid configuration: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Outcome, StepContext};
    use serde::Deserialize;

    #[derive(Deserialize, Serialize, JsonSchema, Default)]
    #[serde(deny_unknown_fields, default)]
    struct NopConfig {
        /// How hard to do nothing.
        strength: u32,
    }
    struct Nop;
    impl Step for Nop {
        fn process(&self, _: &mut Document, _: &mut StepContext) -> Outcome {
            Outcome::Keep
        }
    }
    fn build_nop(v: Value) -> Result<BuiltStep> {
        let _c: NopConfig = parse_config(v)?;
        Ok(BuiltStep::Doc(Box::new(Nop)))
    }

    #[test]
    fn builds_by_name_and_rejects_unknowns() {
        let mut r = Registry::new();
        r.register(StepInfo {
            name: "nop",
            summary: "does nothing",
            doc: "",
            options: options_of::<NopConfig>,
            factory: build_nop,
        });
        assert!(r.build("nop", serde_json::json!({"strength": 2})).is_ok());
        assert!(r.build("nop", Value::Null).is_ok());
        let e = r
            .build("nop", serde_json::json!({"strenght": 2}))
            .err()
            .unwrap();
        assert!(e.to_string().contains("unknown field"), "{e}");
        let e = r.build("nope", Value::Null).err().unwrap();
        assert!(e.to_string().contains("known: nop"), "{e}");
    }

    /// A configuration with every kind of field the steps use.
    #[derive(Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields, default)]
    struct AllKinds {
        /// Zeta comes first in the struct.
        zeta: Option<u64>,
        /// Which way.
        ///
        /// Second paragraph.
        mode: Mode,
        /// Words.
        words: Vec<String>,
        /// Pairs.
        pairs: Vec<(usize, f64)>,
        /// Weights.
        weights: std::collections::BTreeMap<String, f64>,
        /// Unset.
        path: Option<std::path::PathBuf>,
    }
    #[derive(Deserialize, Serialize, JsonSchema, Default)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        /// Fast.
        #[default]
        Fast,
        /// Slow.
        Slow,
    }
    impl Default for AllKinds {
        fn default() -> Self {
            AllKinds {
                zeta: Some(5),
                mode: Mode::Fast,
                words: vec!["a".into()],
                pairs: vec![(1, 0.5)],
                weights: [("x".to_owned(), 1.5)].into_iter().collect(),
                path: None,
            }
        }
    }

    #[test]
    fn options_come_from_the_struct_in_field_order() {
        let o = options_of::<AllKinds>();
        let row = |o: &OptionDoc| {
            (
                o.name.clone(),
                o.kind.clone(),
                o.default.clone(),
                o.doc.clone(),
            )
        };
        let rows: Vec<_> = o.iter().map(row).collect();
        let s = |x: &str| x.to_owned();
        assert_eq!(
            rows,
            vec![
                (
                    s("zeta"),
                    s("integer"),
                    Some(s("5")),
                    s("Zeta comes first in the struct.")
                ),
                (
                    s("mode"),
                    s("\"fast\" | \"slow\""),
                    Some(s("\"fast\"")),
                    s("Which way. Second paragraph.")
                ),
                (
                    s("words"),
                    s("list of strings"),
                    Some(s("[\"a\"]")),
                    s("Words.")
                ),
                (
                    s("pairs"),
                    s("list of [integer, number]"),
                    Some(s("[[1, 0.5]]")),
                    s("Pairs.")
                ),
                (
                    s("weights"),
                    s("table of numbers"),
                    Some(s("{ x = 1.5 }")),
                    s("Weights.")
                ),
                (s("path"), s("string"), None, s("Unset.")),
            ]
        );
    }

    #[test]
    fn explain_lists_prose_then_options() {
        let info = StepInfo {
            name: "nop",
            summary: "does nothing",
            doc: "Does nothing.\n",
            options: options_of::<NopConfig>,
            factory: build_nop,
        };
        assert_eq!(
            info.explain(),
            "nop\n\nDoes nothing.\n\nOptions (name = default, then type; leave an option out for its default):\n  strength = 0   (integer)\n      How hard to do nothing.\n"
        );
        assert_eq!(
            info.explain_markdown(),
            "## nop\n\ndoes nothing.\n\n```text\nDoes nothing.\n```\n\n| option | type | default | meaning |\n| --- | --- | --- | --- |\n| `strength` | integer | `0` | How hard to do nothing. |\n"
        );
    }
}
