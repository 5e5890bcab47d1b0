/*!
Tokenizers for tamis: OpenAI's BPE encodings built in (`r50k_base`, GPT-2's,
which FineWeb reports its sizes in; `p50k_base`, `cl100k_base`,
`o200k_base`), through the `tiktoken-rs` crate, whose rank files are
embedded: nothing is downloaded. Text is encoded as ordinary text
(tiktoken's `encode_ordinary`: a `<|endoftext|>` inside a document is
ordinary characters, not the special token).

The [`tokens`](Tokens) step counts each document's tokens.

```
let t = tamis_tokens::Tokenizer::builtin("r50k_base").unwrap();
assert_eq!(t.encode("Hello world"), [15496, 995]);
```
*/
#![deny(missing_docs)]

mod shards;
mod step;

pub use crate::shards::{Format, ShardWriter};
pub use crate::step::{Tokens, TokensConfig};

use tamis_core::{Error, Result};

/// The built-in encodings, by name.
pub const BUILTIN: &[&str] = &["r50k_base", "p50k_base", "cl100k_base", "o200k_base"];

/// A tokenizer: text to token ids.
pub struct Tokenizer {
    name: &'static str,
    bpe: &'static tiktoken_rs::CoreBPE,
    /// `<|endoftext|>`'s id.
    eos: u32,
    /// The largest id plus one (special tokens included).
    vocab: u32,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("name", &self.name)
            .finish()
    }
}

impl Tokenizer {
    /// A built-in encoding by name (`gpt2` is `r50k_base`); built once per
    /// process and shared.
    pub fn builtin(name: &str) -> Result<Tokenizer> {
        type Bpe = &'static tiktoken_rs::CoreBPE;
        let (name, bpe, eos, vocab): (&'static str, Bpe, u32, u32) = match name {
            "r50k_base" | "gpt2" => (
                "r50k_base",
                tiktoken_rs::r50k_base_singleton(),
                50_256,
                50_257,
            ),
            "p50k_base" => (
                "p50k_base",
                tiktoken_rs::p50k_base_singleton(),
                50_256,
                50_281,
            ),
            "cl100k_base" => (
                "cl100k_base",
                tiktoken_rs::cl100k_base_singleton(),
                100_257,
                100_277,
            ),
            "o200k_base" => (
                "o200k_base",
                tiktoken_rs::o200k_base_singleton(),
                199_999,
                200_019,
            ),
            other => {
                return Err(Error::config(format!(
                    "unknown tokenizer `{other}`: the built-in ones are {}",
                    BUILTIN.join(", ")
                )))
            }
        };
        Ok(Tokenizer {
            name,
            bpe,
            eos,
            vocab,
        })
    }

    /// The id of `<|endoftext|>`, appended after each document by default.
    pub fn eos(&self) -> u32 {
        self.eos
    }

    /// The largest token id plus one.
    pub fn vocab_size(&self) -> u32 {
        self.vocab
    }

    /// The id of a special token written as text (`<|endoftext|>`), if it
    /// is one token of this encoding.
    pub fn special_id(&self, token: &str) -> Option<u32> {
        match self.bpe.encode_with_special_tokens(token).as_slice() {
            [id] => Some(*id),
            _ => None,
        }
    }

    /// The encoding's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The token ids of `text`, as tiktoken's `encode_ordinary`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.bpe.encode_ordinary(text)
    }

    /// The number of tokens of `text`.
    pub fn count(&self, text: &str) -> usize {
        self.bpe.encode_ordinary(text).len()
    }
}

/// Registers this crate's steps (`tokens`).
pub fn register(reg: &mut tamis_core::Registry) {
    reg.register(step::info());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_encodings() {
        let r50k = Tokenizer::builtin("gpt2").unwrap();
        assert_eq!(r50k.name(), "r50k_base");
        assert_eq!(r50k.encode("Hello world"), [15496, 995]);
        // A special token inside text is ordinary text.
        assert!(r50k.count("<|endoftext|>") > 1);
        let cl = Tokenizer::builtin("cl100k_base").unwrap();
        assert_eq!(cl.encode("Hello world"), [9906, 1917]);
        for name in BUILTIN {
            let t = Tokenizer::builtin(name).unwrap();
            assert_eq!(t.special_id("<|endoftext|>"), Some(t.eos()), "{name}");
            assert!(t.eos() < t.vocab_size());
        }
        assert!(
            Tokenizer::builtin("o200k_base")
                .unwrap()
                .count("héllo 世界 🙂")
                > 0
        );
        let e = Tokenizer::builtin("bert").unwrap_err().to_string();
        assert!(
            e.contains("r50k_base, p50k_base, cl100k_base, o200k_base"),
            "{e}"
        );
    }
}
