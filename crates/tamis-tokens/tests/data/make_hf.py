"""Makes two small Hugging Face tokenizer.json files with the `tokenizers`
package and the ids it gives on test texts, for tamis-tokens' parity test:
a byte-level BPE (GPT-2/Llama-3 style, <|endoftext|> special) and a
WordPiece with BERT's normalizer and pre-tokenizer ([SEP] special). Trained
on made-up text; run with a Python that has tokenizers (benches/tokens/.venv):
    benches/tokens/.venv/bin/python crates/tamis-tokens/tests/data/make_hf.py
"""
import json
import os
import random

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus(rng, n):
    words = ["sieve", "corpus", "token", "crawl", "page", "filter", "données", "über", "naïve", "日本語",
             "中文", "🙂", "e\u0301te\u0301", "١٢٣", "Ελληνικά", "русский"]
    return [" ".join(rng.choice(words) + rng.choice(["", "s", "ing", ".", ","]) for _ in range(rng.randint(1, 20)))
            for _ in range(n)]


def main():
    rng = random.Random(20261207)
    train = corpus(rng, 2000)
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(train, trainers.BpeTrainer(vocab_size=400, special_tokens=["<|endoftext|>"],
                                                       initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    bpe.save(os.path.join(HERE, "hf_bpe.json"))
    wp = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wp.normalizer = normalizers.BertNormalizer(lowercase=True)
    wp.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wp.train_from_iterator(train, trainers.WordPieceTrainer(vocab_size=300, special_tokens=["[UNK]", "[SEP]"]))
    wp.save(os.path.join(HERE, "hf_wordpiece.json"))
    texts = corpus(rng, 150) + ["", "  leading and trailing  ", "a <|endoftext|> b", "UPPER Case Über",
                                "unknown zzz qqq", "\u00a0nbsp\u3000ideographic space", "x" * 500]
    with open(os.path.join(HERE, "hf_golden.jsonl"), "w", encoding="utf-8") as g:
        for name, tok in (("hf_bpe.json", bpe), ("hf_wordpiece.json", wp)):
            for t in texts:
                ids = tok.encode(t, add_special_tokens=False).ids
                g.write(json.dumps({"tokenizer": name, "text": t, "ids": ids}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
