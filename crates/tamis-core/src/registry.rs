//! Steps by name: each crate registers its steps; pipelines build them from
//! configuration (TOML in files, JSON from Python — both arrive here as a
//! `serde_json::Value` object without the `type` key).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
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
    /// why, reason codes, options with defaults, an example TOML.
    pub doc: &'static str,
    /// Builds the step.
    pub factory: StepFactory,
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

    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields, default)]
    struct NopConfig {
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
}
