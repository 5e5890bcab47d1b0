"""Makes a tiny GlotLID-format model and fastText's golden predictions on it,
for tamis-lang's parity test and the FineWeb-2 label mapping test.

GlotLID's format: a softmax fastText classifier whose labels are
`__label__<ISO 639-3>_<Script>` (`__label__fra_Latn`), over 2,000 of them.
This one has 2,129: the 1,929 labels FineWeb-2 has settings for (read from
crates/tamis-filters/data/fineweb2/configs.json.zst) and 200 in ISO 639-3's
private-use range (`qaa_Latn` ...). Seven of them (fra_Latn, deu_Latn,
rus_Cyrl, ell_Grek, cmn_Hani, arb_Arab, jpn_Jpan) are trained on synthetic
"languages" with distinct alphabets (no third-party text), the rest on a few
random lines each. Run like make_models.py (fasttext-wheel 0.9.2):
    /tmp/ft/bin/python crates/tamis-lang/tests/data/make_glotlid.py
Writes glotlid_tiny.bin and glotlid_golden.jsonl.
"""

import json
import os
import random
import subprocess

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "..", "..", "tamis-filters", "data", "fineweb2", "configs.json.zst")

MAIN = {
    "fra_Latn": list("aeiouéèàùçbdfglmnrstv"),
    "deu_Latn": list("aeiouäöüßbdfghklmnrstwz"),
    "rus_Cyrl": list("абвгдежзиклмнопрстуфхцчшщыэюя"),
    "ell_Grek": list("αβγδεζηθικλμνξοπρστυφχψω"),
    "cmn_Hani": [chr(c) for c in range(0x4E00, 0x4E00 + 80)],
    "arb_Arab": [chr(c) for c in range(0x0627, 0x064A)],
    "jpn_Jpan": [chr(c) for c in range(0x3041, 0x3041 + 60)],
}


def words_of(alphabet, rng, n=200):
    syllables = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(30)]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n)]


def sentence(words, rng, n=None):
    return " ".join(rng.choice(words) for _ in range(n or rng.randint(2, 14)))


def main():
    rng = random.Random(20261207)
    table = json.loads(subprocess.run(["zstd", "-dc", TABLE], capture_output=True, check=True).stdout)
    labels = sorted(table["configs"]) + [f"q{chr(97 + i // 26)}{chr(97 + i % 26)}_Latn" for i in range(200)]
    main_words = {l: words_of(a, rng) for l, a in MAIN.items()}
    filler = list("abcdefghijklmnopqrstuvwxyz")
    train = []
    for l in labels:
        if l in main_words:
            train += [f"__label__{l} {sentence(main_words[l], rng)}" for _ in range(300)]
        else:
            w = words_of(rng.sample(filler, 5), rng, 20)
            train += [f"__label__{l} {sentence(w, rng, 4)}" for _ in range(2)]
    rng.shuffle(train)
    path = "/tmp/tamis_glotlid_train.txt"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(train) + "\n")
    m = fasttext.train_supervised(
        input=path, epoch=5, lr=0.5, thread=1, seed=1, verbose=0, minCount=2,
        loss="softmax", dim=8, minn=2, maxn=4, wordNgrams=1, bucket=2000,
    )
    out = os.path.join(HERE, "glotlid_tiny.bin")
    m.save_model(out)
    m = fasttext.load_model(out)
    texts = [sentence(w, rng) for _ in range(30) for w in main_words.values()]
    texts += ["", "x", "ab cd ef", "\U0001F600 " * 3]
    with open(os.path.join(HERE, "glotlid_golden.jsonl"), "w", encoding="utf-8") as g:
        for t in texts:
            got, probs = m.predict(t, k=3, threshold=0.0)
            g.write(json.dumps({
                "model": "glotlid_tiny.bin", "text": t, "k": 3, "threshold": 0.0,
                "labels": [x.replace("__label__", "", 1) for x in got],
                "probs": [float(p) for p in probs],
            }, ensure_ascii=False) + "\n")
    print(len(m.get_labels()), "labels;", os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
