/*!
Tokenizers for tamis: OpenAI's BPE encodings built in (`r50k_base`, GPT-2's,
which FineWeb reports its sizes in; `p50k_base`, `cl100k_base`,
`o200k_base`), through the `tiktoken-rs` crate, whose rank files are
embedded: nothing is downloaded. Text is encoded as ordinary text
(tiktoken's `encode_ordinary`: a `<|endoftext|>` inside a document is
ordinary characters, not the special token). Any Hugging Face
`tokenizer.json` loads by path (the `tokenizers` crate), encoded without
the post-processor's added tokens (`add_special_tokens = False`).

The [`tokens`](Tokens) step counts each document's tokens.

```
let t = tamis_tokens::Tokenizer::builtin("r50k_base").unwrap();
assert_eq!(t.encode("Hello world").unwrap(), [15496, 995]);
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
    name: String,
    inner: Inner,
    /// The end-of-document token's id, when the tokenizer has one.
    eos: Option<u32>,
    /// The largest id plus one (special tokens included).
    vocab: u32,
}

enum Inner {
    Tiktoken(&'static tiktoken_rs::CoreBPE),
    Hf(Box<tokenizers::Tokenizer>),
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("name", &self.name)
            .finish()
    }
}

/// End-of-document tokens looked for in a `tokenizer.json`, in this order.
const HF_EOS: &[&str] = &[
    "<|endoftext|>",
    "<|end_of_text|>",
    "</s>",
    "<eos>",
    "<|im_end|>",
    "[SEP]",
];

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
            name: name.to_owned(),
            inner: Inner::Tiktoken(bpe),
            eos: Some(eos),
            vocab,
        })
    }

    /// A built-in encoding by name, or else a Hugging Face `tokenizer.json`
    /// by path.
    pub fn load(name_or_path: &str) -> Result<Tokenizer> {
        if BUILTIN.contains(&name_or_path) || name_or_path == "gpt2" {
            return Tokenizer::builtin(name_or_path);
        }
        let path = std::path::Path::new(name_or_path);
        if !path.is_file() {
            return Err(Error::config(format!(
                "tokenizer `{name_or_path}` is neither a built-in encoding ({}) nor a tokenizer.json file",
                BUILTIN.join(", ")
            )));
        }
        let t = tokenizers::Tokenizer::from_file(path).map_err(|e| {
            Error::data(format!(
                "{}: not a Hugging Face tokenizer.json: {e}",
                path.display()
            ))
        })?;
        let eos = HF_EOS.iter().find_map(|s| t.token_to_id(s));
        let vocab = u32::try_from(t.get_vocab_size(true)).unwrap_or(u32::MAX);
        Ok(Tokenizer {
            name: path.display().to_string(),
            inner: Inner::Hf(Box::new(t)),
            eos,
            vocab,
        })
    }

    /// The end-of-document token appended after each document by default:
    /// `<|endoftext|>` for the built-in encodings; for a `tokenizer.json`,
    /// the first of `<|endoftext|>`, `<|end_of_text|>`, `</s>`, `<eos>`,
    /// `<|im_end|>`, `[SEP]` it has.
    pub fn eos(&self) -> Option<u32> {
        self.eos
    }

    /// The largest token id plus one.
    pub fn vocab_size(&self) -> u32 {
        self.vocab
    }

    /// The id of a special token written as text (`<|endoftext|>`), if it
    /// is one token of this encoding.
    pub fn special_id(&self, token: &str) -> Option<u32> {
        match &self.inner {
            Inner::Tiktoken(bpe) => match bpe.encode_with_special_tokens(token).as_slice() {
                [id] => Some(*id),
                _ => None,
            },
            Inner::Hf(t) => t.token_to_id(token),
        }
    }

    /// The encoding's name, or the tokenizer file's path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The token ids of `text`: tiktoken's `encode_ordinary`, or a
    /// tokenizer.json's `encode(text, add_special_tokens=False)`.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        match &self.inner {
            Inner::Tiktoken(bpe) => Ok(bpe.encode_ordinary(text)),
            Inner::Hf(t) => t
                .encode(text, false)
                .map(|e| e.get_ids().to_vec())
                .map_err(|e| Error::data(format!("{}: cannot encode the text: {e}", self.name))),
        }
    }

    /// The number of tokens of `text`.
    pub fn count(&self, text: &str) -> Result<usize> {
        self.encode(text).map(|ids| ids.len())
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
        assert_eq!(r50k.encode("Hello world").unwrap(), [15496, 995]);
        // A special token inside text is ordinary text.
        assert!(r50k.count("<|endoftext|>").unwrap() > 1);
        let cl = Tokenizer::builtin("cl100k_base").unwrap();
        assert_eq!(cl.encode("Hello world").unwrap(), [9906, 1917]);
        for name in BUILTIN {
            let t = Tokenizer::builtin(name).unwrap();
            assert_eq!(t.special_id("<|endoftext|>"), t.eos(), "{name}");
            assert!(t.eos().unwrap() < t.vocab_size());
        }
        assert!(
            Tokenizer::builtin("o200k_base")
                .unwrap()
                .count("héllo 世界 🙂")
                .unwrap()
                > 0
        );
        let e = Tokenizer::builtin("bert").unwrap_err().to_string();
        assert!(
            e.contains("r50k_base, p50k_base, cl100k_base, o200k_base"),
            "{e}"
        );
        let e = Tokenizer::load("no/such/tokenizer.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("neither a built-in encoding"), "{e}");
    }
}
