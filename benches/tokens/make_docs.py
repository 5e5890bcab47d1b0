#!/usr/bin/env python3
"""Documents for the tokenizer parity benchmark: the WCXB pages' ground-truth
texts, up to 120 sentences per language of the lingua test data (75
languages: CJK, Arabic, Cyrillic, Indic, ...), and made-up hard cases: emoji
sequences (ZWJ, skin tones, flags), combining marks, very long words and
numbers, whitespace runs, text with invalid UTF-8 repaired to U+FFFD, and
special-token strings inside text.

usage: make_docs.py SHARED_DATA OUT.jsonl
"""
import json
import os
import random
import sys


def main():
    shared, out = sys.argv[1], sys.argv[2]
    docs = []
    gt = os.path.join(shared, "extraction", "wcxb-dev", "ground-truth")
    for f in sorted(os.listdir(gt)):
        docs.append(json.load(open(os.path.join(gt, f)))["ground_truth"].get("main_content") or "")
    lingua = os.path.join(shared, "langid", "lingua-testdata")
    for lang in sorted(os.listdir(lingua)):
        path = os.path.join(lingua, lang, "sentences.txt")
        if os.path.exists(path):
            lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
            docs += lines[:120]
    rng = random.Random(20261207)
    emoji = ["\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F44D\U0001F3FD", "\U0001F1EB\U0001F1F7",
             "\u2764\uFE0F", "\U0001F600", "\U0001F9D1\u200D\U0001F4BB"]
    combining = ["e\u0301", "a\u0300\u0323", "\u0915\u094D\u0937", "n\u0303", "\u1100\u1161\u11A8"]
    for i in range(600):
        kind = i % 6
        if kind == 0:
            t = " ".join(rng.choice(emoji) for _ in range(rng.randint(1, 30)))
        elif kind == 1:
            t = "".join(rng.choice(combining) + rng.choice("abc ") for _ in range(rng.randint(1, 80)))
        elif kind == 2:
            t = rng.choice("ab") * rng.randint(100, 20000) + " " + "9" * rng.randint(1, 500)
        elif kind == 3:
            raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 400)))
            t = raw.decode("utf-8", errors="replace")
        elif kind == 4:
            t = "text <|endoftext|> more\n\n\n   \t tabs  " * rng.randint(1, 5) + "<|fim_prefix|>"
        else:
            t = "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FFF),
                                        rng.randrange(0x0600, 0x06FF), rng.randrange(0x1F300, 0x1FAFF)]))
                        for _ in range(rng.randint(1, 500)))
        docs.append(t)
    with open(out, "w", encoding="utf-8") as f:
        for i, t in enumerate(docs):
            f.write(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
