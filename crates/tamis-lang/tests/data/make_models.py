"""Makes the tiny fastText models and golden predictions for tamis-lang's parity tests.

Run with fastText's official code as packaged on PyPI by `fasttext-wheel`
(0.9.2, the package datatrove requires; the `fasttext` 0.9.3 source build
gave NaN while training hs/ova models here, and its predict breaks on numpy 2):
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fasttext-wheel "numpy<2"
    /tmp/ft/bin/python crates/tamis-lang/tests/data/make_models.py

Training text is synthetic: a few made-up "languages", each a seeded random
syllable inventory (Latin with accents, Cyrillic, Greek, CJK, Arabic), so no
third-party text is needed. Writes the models (`*.bin`, `*.ftz`) and
`golden.jsonl`: for each model and text, fastText's labels and probabilities.
"""

import json
import os
import random

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))

ALPHABETS = {
    "lat": list("aeioubcdfghklmnprstvz"),
    "acc": list("aeiouéèàùçâêîôûœbdfgjlmnrstv"),
    "cyr": list("абвгдежзиклмнопрстуфхцчшщыэюя"),
    "grk": list("αβγδεζηθικλμνξοπρστυφχψω"),
    "cjk": [chr(c) for c in range(0x4E00, 0x4E00 + 60)],
    "ara": [chr(c) for c in range(0x0627, 0x064A)],
    "emo": list("xyzqw") + ["\U0001F600", "\U0001F680", "ß", "ø"],
}


def make_language(name, alphabet, rng):
    syllables = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(40)]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    return name, words


def sentence(words, rng, n=None):
    n = n or rng.randint(1, 14)
    return " ".join(rng.choice(words) for _ in range(n))


def main():
    rng = random.Random(20261129)
    langs = [make_language(n, a, rng) for n, a in ALPHABETS.items()]
    # Uneven label counts so the hierarchical-softmax tree is not balanced.
    train = []
    for i, (name, words) in enumerate(langs):
        for _ in range(400 + 150 * i):
            train.append(f"__label__{name} {sentence(words, rng)}")
    # A few mixed lines with two labels.
    for _ in range(100):
        (a, wa), (b, wb) = rng.sample(langs, 2)
        train.append(f"__label__{a} __label__{b} {sentence(wa, rng, 4)} {sentence(wb, rng, 4)}")
    rng.shuffle(train)
    train_path = os.path.join("/tmp", "tamis_lang_train.txt")
    with open(train_path, "w", encoding="utf-8") as f:
        f.write("\n".join(train) + "\n")

    common = dict(input=train_path, epoch=5, lr=0.1, thread=1, seed=1, verbose=0, minCount=1)
    specs = {
        "softmax": dict(loss="softmax", dim=16, minn=2, maxn=4, wordNgrams=2, bucket=8000),
        "hs": dict(loss="hs", dim=10, minn=1, maxn=3, wordNgrams=3, bucket=6000),
        "ova": dict(loss="ova", dim=12, minn=3, maxn=5, wordNgrams=1, bucket=5000),
    }
    models = {}
    for name, spec in specs.items():
        m = fasttext.train_supervised(**common, **spec)
        path = os.path.join(HERE, f"{name}.bin")
        m.save_model(path)
        models[f"{name}.bin"] = path
    # Quantized: pruned n-grams, quantized norms, 3-wide sub-vectors (last one narrower).
    m = fasttext.load_model(models["softmax.bin"])
    m.quantize(input=train_path, qnorm=True, cutoff=3000, retrain=False, dsub=3)
    path = os.path.join(HERE, "softmax_q.ftz")
    m.save_model(path)
    models["softmax_q.ftz"] = path
    # Hierarchical softmax, quantized without pruning or norms. (A quantized
    # output matrix, `qout`, needs >= 256 labels: too big for a fixture.)
    m = fasttext.load_model(models["hs.bin"])
    m.quantize(input=train_path, qnorm=False, dsub=2)
    path = os.path.join(HERE, "hs_q.ftz")
    m.save_model(path)
    models["hs_q.ftz"] = path

    texts = [sentence(words, rng) for _ in range(40) for _, words in langs]
    texts += [
        "",
        " ",
        "\t\t",
        "</s>",
        "a </s> b",
        "__label__cyr",
        "__label__nothere word",
        "x" * 200,
        "\U0001F600" * 5,
        "\r\x0b\x0c",
        "é",
        "ab\x00cd",
    ]
    for _ in range(40):
        (_, wa), (_, wb) = rng.sample(langs, 2)
        texts.append(f"{sentence(wa, rng, 3)}\t{sentence(wb, rng, 3)}  ")
    with open(os.path.join(HERE, "golden.jsonl"), "w", encoding="utf-8") as out:
        for model_name, path in models.items():
            m = fasttext.load_model(path)
            for t in texts:
                for k, thr in ((-1, 0.0), (2, 0.2)):
                    labels, probs = m.predict(t, k=k, threshold=thr)
                    rec = {
                        "model": model_name,
                        "text": t,
                        "k": k,
                        "threshold": thr,
                        "labels": [l.replace("__label__", "", 1) for l in labels],
                        "probs": [float(p) for p in probs],
                    }
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    qout_model(texts, rng)
    for model_name, path in models.items():
        print(model_name, os.path.getsize(path))


def qout_model(texts, rng):
    """A quantized output matrix (`qout`) needs >= 256 labels: 300 tiny
    labels over 6-letter alphabets, dim 8, quantized with norms; golden with
    k = 3 only (k = all would be a large file)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    train = []
    for i in range(300):
        alphabet = rng.sample(letters, 6)
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 6))) for _ in range(30)]
        for _ in range(12):
            train.append(f"__label__q{i:03d} {' '.join(rng.choice(words) for _ in range(rng.randint(2, 8)))}")
    rng.shuffle(train)
    train_path = os.path.join("/tmp", "tamis_lang_train_qout.txt")
    with open(train_path, "w", encoding="utf-8") as f:
        f.write("\n".join(train) + "\n")
    m = fasttext.train_supervised(
        input=train_path, epoch=5, lr=0.1, thread=1, seed=1, verbose=0, minCount=1,
        loss="softmax", dim=8, minn=2, maxn=3, wordNgrams=1, bucket=3000,
    )
    m.quantize(input=train_path, qnorm=True, qout=True, cutoff=1500, dsub=2)
    path = os.path.join(HERE, "qout.ftz")
    m.save_model(path)
    m = fasttext.load_model(path)
    extra = [" ".join(line.split()[1:]) for line in train[:150]] + texts[:150]
    with open(os.path.join(HERE, "golden.jsonl"), "a", encoding="utf-8") as out:
        for t in extra:
            labels, probs = m.predict(t, k=3, threshold=0.0)
            rec = {
                "model": "qout.ftz",
                "text": t,
                "k": 3,
                "threshold": 0.0,
                "labels": [l.replace("__label__", "", 1) for l in labels],
                "probs": [float(p) for p in probs],
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("qout.ftz", os.path.getsize(path))


if __name__ == "__main__":
    main()
