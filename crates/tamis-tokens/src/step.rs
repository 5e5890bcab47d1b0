//! The `tokens` step: counts each document's tokens with a tokenizer, into
//! its metadata and the step's counters (so `stats.json` and the run
//! summary say how many tokens the corpus holds).

use serde::{Deserialize, Serialize};
use tamis_core::{parse_config, BuiltStep, Document, Outcome, Result, Step, StepContext, StepInfo};

use crate::Tokenizer;

/// Step type name.
pub const NAME: &str = "tokens";

const DOC: &str = r##"Counts each document's tokens and writes the count to metadata `metadata_key` (default `token_count`).

Tokenizers built in (nothing is downloaded): `r50k_base` (GPT-2's, also `gpt2`; what FineWeb reports its sizes
in), `p50k_base`, `cl100k_base`, `o200k_base`, OpenAI's BPE encodings as tiktoken encodes ordinary text; or the
path of a Hugging Face tokenizer.json (Llama, Mistral, BERT, ...), encoded without added special tokens. Never drops.
Counters: `tokens` (total over the documents the step saw), `documents`.

Example:
  [[step]]
  type = "tokens"
  tokenizer = "cl100k_base""##;

/// Options of `tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TokensConfig {
    /// A built-in encoding (`r50k_base` or `gpt2`, `p50k_base`,
    /// `cl100k_base`, `o200k_base`) or the path of a `tokenizer.json`.
    pub tokenizer: String,
    /// Metadata key the count is written to.
    pub metadata_key: String,
}

impl Default for TokensConfig {
    fn default() -> Self {
        TokensConfig {
            tokenizer: "r50k_base".into(),
            metadata_key: "token_count".into(),
        }
    }
}

/// The built `tokens` step.
#[derive(Debug)]
pub struct Tokens {
    tokenizer: Tokenizer,
    key: String,
}

impl Tokens {
    /// Builds the step.
    pub fn new(config: TokensConfig) -> Result<Tokens> {
        Ok(Tokens {
            tokenizer: Tokenizer::load(&config.tokenizer)?,
            key: config.metadata_key,
        })
    }
}

impl Step for Tokens {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let n = match self.tokenizer.count(&doc.text) {
            Ok(n) => n,
            Err(e) => return Outcome::error(tamis_core::ErrorCode::MalformedInput, e.to_string()),
        };
        doc.metadata.insert(self.key.clone(), n.into());
        cx.count("tokens", n as u64);
        cx.count("documents", 1);
        Outcome::Keep
    }
}

fn build(v: serde_json::Value) -> Result<BuiltStep> {
    Ok(BuiltStep::Doc(Box::new(Tokens::new(parse_config(v)?)?)))
}

/// The registry entry.
pub(crate) fn info() -> StepInfo {
    StepInfo {
        name: NAME,
        summary: "count tokens per document (tiktoken encodings built in: r50k_base/gpt2, cl100k_base, ...)",
        doc: DOC,
        options: tamis_core::options_of::<TokensConfig>,
        factory: build,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_into_metadata_and_counters() {
        let s = Tokens::new(TokensConfig::default()).unwrap();
        let mut d = Document::new("1", "Hello world");
        let mut cx = StepContext::default();
        assert!(matches!(s.process(&mut d, &mut cx), Outcome::Keep));
        assert_eq!(d.metadata["token_count"], 2);
        assert_eq!(cx.take_counters()["tokens"], 2);
    }
}
