//! The pipeline file: inputs, output, steps. TOML on disk, JSON from Python.
//!
//! ```toml
//! [input]
//! paths = ["crawl/*.warc.gz"]
//!
//! [output]
//! path = "tamis-out"
//! format = "jsonl_gz"
//!
//! [[step]]
//! type = "extract"
//!
//! [[step]]
//! type = "gopher_quality"
//! min_doc_words = 50
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tamis_core::{Error, Result};
use tamis_io::{ReaderOptions, WriterOptions};

/// A whole pipeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineConfig {
    /// What to read.
    pub input: InputConfig,
    /// Where and how to write.
    pub output: OutputConfig,
    /// The steps, in order.
    #[serde(rename = "step")]
    pub steps: Vec<StepConfig>,
}

/// What to read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Files, folders or globs; sorted, each file is one shard.
    pub paths: Vec<String>,
    /// Reader options (format, text/id keys, size caps).
    #[serde(flatten)]
    pub reader: ReaderOptions,
}

/// Where and how to write.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Output folder (`kept/`, `removed/`, `errors/`, `stats.json`).
    pub path: PathBuf,
    /// Write removed documents to `removed/` (with the step, reason and signals).
    pub write_removed: bool,
    /// Replace an earlier run in a folder that is not empty: delete the
    /// files tamis wrote there (files you added stay), as `--overwrite`.
    /// Without it (or `--resume`), a run into a non-empty folder is refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overwrite: bool,
    /// Keep the work files (`OUT/.tamis/work/`, `OUT/.tamis/pass*`) after a
    /// successful run, as `--keep-work`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub keep_work: bool,
    /// Writer options (format, rotation).
    #[serde(flatten)]
    pub writer: WriterOptions,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            path: PathBuf::from("tamis-out"),
            write_removed: true,
            overwrite: false,
            keep_work: false,
            writer: WriterOptions::default(),
        }
    }
}

/// One step: its `type` (registry name), an optional `name` (defaults to the
/// type; must be unique in the pipeline) and its options.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepConfig {
    /// Registry name of the step type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Name in stats and reasons; defaults to the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The step's own options.
    #[serde(flatten)]
    pub options: serde_json::Map<String, Value>,
}

impl StepConfig {
    /// A step of type `kind` with default options.
    pub fn new(kind: &str) -> StepConfig {
        StepConfig {
            kind: kind.to_owned(),
            name: None,
            options: Default::default(),
        }
    }
    /// The step's name in stats and reasons.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.kind)
    }
}

impl PipelineConfig {
    /// Parses a TOML pipeline.
    pub fn from_toml(text: &str) -> Result<PipelineConfig> {
        toml::from_str(text).map_err(|e| Error::config(format!("invalid pipeline: {e}")))
    }
    /// Reads a TOML (or, by extension, JSON) pipeline file.
    pub fn from_file(path: &Path) -> Result<PipelineConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text)
                .map_err(|e| Error::config(format!("invalid pipeline {}: {e}", path.display())))
        } else {
            PipelineConfig::from_toml(&text)
                .map_err(|e| Error::config(format!("{}: {e}", path.display())))
        }
    }
    /// Checks names are unique and non-empty.
    pub fn validate(&self) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.steps {
            if !seen.insert(s.display_name()) {
                return Err(Error::config(format!(
                    "two steps are named `{}`: give one a `name = \"...\"`",
                    s.display_name()
                )));
            }
        }
        if self.input.paths.is_empty() {
            return Err(Error::config(
                "no input: set [input] paths or pass --input PATH",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_steps_with_options() {
        let c = PipelineConfig::from_toml(
            r#"
            [input]
            paths = ["a.jsonl"]
            text_key = "content"
            [output]
            path = "o"
            format = "jsonl_zst"
            [[step]]
            type = "gopher_quality"
            min_doc_words = 10
            [[step]]
            type = "length"
            name = "short"
            "#,
        )
        .unwrap();
        assert_eq!(c.input.reader.text_key, "content");
        assert_eq!(c.steps.len(), 2);
        assert_eq!(c.steps[0].options["min_doc_words"], 10);
        assert_eq!(c.steps[1].display_name(), "short");
        c.validate().unwrap();
    }

    #[test]
    fn rejects_unknown_sections_and_duplicate_names() {
        assert!(PipelineConfig::from_toml("[inptu]\npaths=[]").is_err());
        let c = PipelineConfig::from_toml(
            "[input]\npaths=['x']\n[[step]]\ntype='a'\n[[step]]\ntype='a'",
        )
        .unwrap();
        assert!(c.validate().unwrap_err().to_string().contains("two steps"));
    }
}
