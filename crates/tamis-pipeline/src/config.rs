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
    /// Where the configuration was read from, for errors that name the file
    /// and line (empty when built in code).
    #[serde(skip)]
    source: Source,
}

/// The file a pipeline was read from and where each step sits in it.
#[derive(Debug, Clone, Default)]
struct Source {
    /// The file as the user named it.
    file: Option<String>,
    /// One entry per `[[step]]` table of the TOML text, in order.
    steps: Vec<StepLines>,
}

/// Lines (1-based) of one `[[step]]` table.
#[derive(Debug, Clone, Default)]
struct StepLines {
    /// The step's `type`, to check the entry still describes the step.
    kind: String,
    /// The `[[step]]` header (or the table's first key).
    header: Option<usize>,
    /// Each key of the table.
    keys: Vec<(String, usize)>,
}

/// What to read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Files, folders or globs, read in sorted order.
    pub paths: Vec<String>,
    /// Consecutive small input files are grouped into one shard (one task,
    /// one set of output files, one commit) until it holds this many bytes,
    /// or a sixteenth of all the input when that is less; larger files are
    /// a shard each. 0: one shard per file.
    pub shard_bytes: u64,
    /// Reader options (format, text/id keys, size caps).
    #[serde(flatten)]
    pub reader: ReaderOptions,
}

/// Default [`InputConfig::shard_bytes`]: 32 MiB, a few seconds of work.
pub const DEFAULT_SHARD_BYTES: u64 = 32 << 20;

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: Vec::new(),
            shard_bytes: DEFAULT_SHARD_BYTES,
            reader: ReaderOptions::default(),
        }
    }
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
    /// Parses a TOML pipeline. Errors in a step's options found later (by
    /// [`PipelineConfig::step_error`]) name the line of the option.
    pub fn from_toml(text: &str) -> Result<PipelineConfig> {
        let mut config: PipelineConfig =
            toml::from_str(text).map_err(|e| Error::config(format!("invalid pipeline: {e}")))?;
        config.source.steps = step_lines(text);
        Ok(config)
    }
    /// Reads a TOML (or, by extension, JSON) pipeline file.
    pub fn from_file(path: &Path) -> Result<PipelineConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text)
                .map_err(|e| Error::config(format!("invalid pipeline {}: {e}", path.display())))
        } else {
            let mut config = PipelineConfig::from_toml(&text)
                .map_err(|e| Error::config(format!("{}: {e}", path.display())))?;
            config.source.file = Some(path.display().to_string());
            Ok(config)
        }
    }

    /// Rewrites the error of building step `index` (0-based) so that it
    /// names the file, the line, the step and its type, e.g.
    /// `pipeline.toml:14: step 3 (gopher_quality): unknown option
    /// `min_doc_word` (known: ...); did you mean `min_doc_words`?`.
    /// The line is the misspelled option's when the error names one, else
    /// the step's `[[step]]` header; without a file (a preset, text given
    /// directly) the place is `line N`.
    pub fn step_error(&self, index: usize, err: Error) -> Error {
        let Some(step) = self.steps.get(index) else {
            return err;
        };
        let full = err.to_string();
        let mut msg = full.as_str();
        for prefix in [
            format!("step `{}`: ", step.kind),
            "invalid configuration: ".to_owned(),
        ] {
            msg = msg.strip_prefix(prefix.as_str()).unwrap_or(msg);
        }
        let (msg, key) = match msg.starts_with("unknown step type") {
            true => (msg.to_owned(), Some("type".to_owned())),
            false => explain_option_error(msg),
        };
        let lines = self
            .source
            .steps
            .get(index)
            .filter(|l| l.kind == step.kind && self.source.steps.len() == self.steps.len());
        let line = lines.and_then(|l| {
            key.as_deref()
                .and_then(|k| l.keys.iter().find(|(name, _)| name == k).map(|(_, n)| *n))
                .or(l.header)
        });
        let place = match (&self.source.file, line) {
            (Some(f), Some(n)) => format!("{f}:{n}: "),
            (Some(f), None) => format!("{f}: "),
            (None, Some(n)) => format!("line {n}: "),
            (None, None) => String::new(),
        };
        let what = match &step.name {
            Some(name) if *name != step.kind => format!("`{name}` ({})", step.kind),
            _ => format!("({})", step.kind),
        };
        Error::new(
            err.kind(),
            format!("{place}step {} {what}: {msg}", index + 1),
        )
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

/// The lines of every `[[step]]` table and of its keys (empty if the text
/// does not parse, which `toml` has reported already).
fn step_lines(text: &str) -> Vec<StepLines> {
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
        return Vec::new();
    };
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let Some(tables) = doc
        .as_table()
        .get("step")
        .and_then(|i| i.as_array_of_tables())
    else {
        return Vec::new();
    };
    tables
        .iter()
        .map(|t| {
            let keys: Vec<(String, usize)> = t
                .iter()
                .filter_map(|(k, _)| {
                    let (key, _) = t.get_key_value(k)?;
                    Some((k.to_owned(), line_of(key.span()?.start)))
                })
                .collect();
            StepLines {
                kind: t
                    .get("type")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                header: t
                    .span()
                    .map(|s| line_of(s.start))
                    .or_else(|| keys.iter().map(|(_, n)| *n).min()),
                keys,
            }
        })
        .collect()
}

/// Turns serde's `unknown field `x`, expected one of `a`, `b`` into
/// `unknown option `x` (known: a, b); did you mean `a`?` and returns the
/// option's name, so that the caller can point at its line.
fn explain_option_error(msg: &str) -> (String, Option<String>) {
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return (msg.to_owned(), None);
    };
    let Some((key, tail)) = rest.split_once('`') else {
        return (msg.to_owned(), None);
    };
    let known: Vec<&str> = match tail.strip_prefix(", expected one of ") {
        Some(list) => list
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect(),
        None => match tail.strip_prefix(", expected ") {
            Some(one) => vec![one.trim_matches('`')],
            None => Vec::new(),
        },
    };
    let mut out = if known.is_empty() {
        format!("unknown option `{key}` (this step has no options)")
    } else {
        format!("unknown option `{key}` (known: {})", known.join(", "))
    };
    let closest = known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.len() / 4));
    if let Some((_, k)) = closest {
        out.push_str(&format!("; did you mean `{k}`?"));
    }
    (out, Some(key.to_owned()))
}

/// Levenshtein distance over chars (option names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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

    /// A misspelled option names the file, the option's line, the step's
    /// position and type, the known options and the closest one.
    #[test]
    fn misspelled_option_names_file_line_step_and_known_options() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipeline.toml");
        std::fs::write(
            &path,
            "[input]\npaths = [\"x.jsonl\"]\n\n[[step]]\ntype = \"extract\"\n\n[[step]]\ntype = \"length\"\n\n[[step]]\ntype = \"gopher_quality\"\n# a comment\nmin_doc_word = 5\n",
        )
        .unwrap();
        let config = PipelineConfig::from_file(&path).unwrap();
        let err = crate::Pipeline::build(config, &crate::registry())
            .err()
            .expect("min_doc_word is not an option")
            .to_string();
        let want = format!(
            "{}:13: step 3 (gopher_quality): unknown option `min_doc_word` (known: ",
            path.display()
        );
        assert!(err.starts_with(&want), "{err}");
        assert!(err.contains("min_doc_words, "), "{err}");
        assert!(err.ends_with("; did you mean `min_doc_words`?"), "{err}");
    }

    /// Other step errors point at the step's header; an unknown type at `type`.
    #[test]
    fn step_errors_point_at_the_step() {
        let text = "[input]\npaths = [\"x\"]\n[[step]]\ntype = \"extract\"\n[[step]]\nname = \"q\"\ntype = \"gopher_qualty\"\n";
        let err =
            crate::Pipeline::build(PipelineConfig::from_toml(text).unwrap(), &crate::registry())
                .err()
                .unwrap()
                .to_string();
        assert!(
            err.starts_with(
                "line 7: step 2 `q` (gopher_qualty): unknown step type `gopher_qualty` (known: "
            ),
            "{err}"
        );
        let text = "[input]\npaths = [\"x\"]\n\n[[step]]\ntype = \"gopher_quality\"\nmin_doc_words = \"many\"\n";
        let err =
            crate::Pipeline::build(PipelineConfig::from_toml(text).unwrap(), &crate::registry())
                .err()
                .unwrap()
                .to_string();
        assert!(
            err.starts_with("line 4: step 1 (gopher_quality): invalid type: string \"many\""),
            "{err}"
        );
        // Built in code: no place, still the step.
        let mut c = PipelineConfig::default();
        c.input.paths = vec!["x".into()];
        let mut s = StepConfig::new("length");
        s.options.insert("min_word".into(), 3.into());
        c.steps.push(s);
        let err = crate::Pipeline::build(c, &crate::registry())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("step 1 (length): unknown option `min_word` (known: "),
            "{err}"
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("min_doc_word", "min_doc_words"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
