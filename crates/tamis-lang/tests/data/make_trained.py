"""Trains a tiny classifier with `tamis train-classifier` and records what the
official fastText package predicts with it, for tamis-lang's trainer test:
the model must load in fastText, and tamis must predict the same.

    /tmp/ft/bin/python crates/tamis-lang/tests/data/make_trained.py target/debug/tamis

Writes train_small.jsonl (synthetic labelled text), tamis_trained.bin and
trained_golden.jsonl (fastText's labels and probabilities, k = -1).
"""

import json
import os
import random
import subprocess
import sys

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    tamis = sys.argv[1]
    rng = random.Random(20261207)
    vocab = {
        "sport": ["match", "goal", "team", "score", "coach", "league", "win", "season"],
        "food": ["bread", "salt", "oven", "flour", "sugar", "taste", "recipe", "butter"],
        "tech": ["code", "chip", "cloud", "server", "bug", "compile", "data", "kernel"],
    }
    common = ["the", "a", "of", "and", "today", "new", "very", "with"]
    rows = []
    for i in range(300):
        label = rng.choice(sorted(vocab))
        words = [rng.choice(vocab[label] + common) for _ in range(rng.randint(3, 12))]
        text = " ".join(words)
        if i % 10 == 0:
            text = text.replace(" ", "\n", 1)
        rows.append({"id": str(i), "text": text, "label": label})
    train = os.path.join(HERE, "train_small.jsonl")
    with open(train, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    model = os.path.join(HERE, "tamis_trained.bin")
    subprocess.run([tamis, "train-classifier", "--input", train, "--label-field", "label", "-o", model,
                    "--dim", "8", "--epoch", "5", "--lr", "0.5", "--word-ngrams", "2", "--bucket", "2000",
                    "--seed", "1", "-j", "1"], check=True)
    m = fasttext.load_model(model)
    texts = [" ".join(rng.choice(sum(vocab.values(), []) + common) for _ in range(rng.randint(1, 10)))
             for _ in range(100)] + ["", "unknown words only", "goal goal goal"]
    with open(os.path.join(HERE, "trained_golden.jsonl"), "w", encoding="utf-8") as g:
        for t in texts:
            labels, probs = m.predict(t, k=-1)
            g.write(json.dumps({"text": t, "labels": [l.replace("__label__", "", 1) for l in labels],
                                "probs": [float(p) for p in probs]}) + "\n")
    print("labels", m.get_labels(), os.path.getsize(model), "bytes")


if __name__ == "__main__":
    main()
