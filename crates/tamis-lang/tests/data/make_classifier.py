"""Makes a tiny DCLM-style quality classifier (softmax, word bigrams,
`__label__hq` / `__label__cc`) with fastText's own code, and the scores the
two reference pipelines compute with it, for tamis-lang's classifier tests.
Synthetic text only. Run like make_models.py (fasttext-wheel 0.9.2):
    /tmp/ft/bin/python crates/tamis-lang/tests/data/make_classifier.py
Writes classifier_tiny.bin and classifier_golden.jsonl: per text, DCLM's
score (`" ".join(text.strip().splitlines())`, probability of hq) and
datatrove's (`text.strip().replace("\\n", "")`, FastTextClassifierFilter's
default newline_replacement).
"""

import json
import os
import random

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))


def vocab(rng, letters, n=300):
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 8))) for _ in range(n)]


def doc(rng, words, lines=None):
    out = []
    for _ in range(lines or rng.randint(1, 6)):
        out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 15))))
    sep = rng.choice(["\n", "\n\n", "\r\n", "\u2028", "\n \n"])
    return sep.join(out)


def main():
    rng = random.Random(20261207)
    hq = vocab(rng, "aeioulmnrst")
    cc = vocab(rng, "aeioukpbdgz")
    shared = vocab(rng, "aeiouxyw", 100)
    train = []
    for _ in range(3000):
        label, words = rng.choice([("hq", hq), ("cc", cc)])
        mix = words + rng.sample(shared, 30) + rng.sample(hq if label == "cc" else cc, 20)
        train.append(f"__label__{label} " + " ".join(doc(rng, mix, 1).split()))
    path = "/tmp/tamis_classifier_train.txt"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(train) + "\n")
    m = fasttext.train_supervised(
        input=path, epoch=5, lr=0.2, thread=1, seed=1, verbose=0, minCount=1,
        loss="softmax", dim=10, wordNgrams=2, bucket=5000, minn=0, maxn=0,
    )
    out = os.path.join(HERE, "classifier_tiny.bin")
    m.save_model(out)
    m = fasttext.load_model(out)
    texts = []
    for i in range(300):
        words = rng.choice([hq, cc]) + rng.sample(shared, 20)
        if i % 3 == 0:
            words = rng.sample(hq, 50) + rng.sample(cc, 50)
        texts.append(("  " if i % 7 == 0 else "") + doc(rng, words) + ("\n" if i % 5 == 0 else ""))
    texts += ["", "\n\n", "x", "a\x1cb", "tab\tseparated\x0bline"]

    def hq_prob(t):
        labels, probs = m.predict(t, k=-1)
        return float(dict(zip(labels, probs)).get("__label__hq", 0.0))

    with open(os.path.join(HERE, "classifier_golden.jsonl"), "w", encoding="utf-8") as g:
        for t in texts:
            g.write(json.dumps({
                "text": t,
                "dclm": hq_prob(" ".join(t.strip().splitlines())),
                "datatrove": hq_prob(t.strip().replace("\n", "")),
            }, ensure_ascii=False) + "\n")
    print(m.get_labels(), os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
