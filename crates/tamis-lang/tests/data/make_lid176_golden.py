"""Golden predictions of the built-in lid.176.ftz by the `fasttext-predict`
PyPI package on a sample of ../shared/data/langid (lingua test data).

Only ids are stored (language/kind/line number), never the texts: the Rust
test reads the texts from ../shared at test time.

    python3 -m venv /tmp/ftp && /tmp/ftp/bin/pip install fasttext-predict
    /tmp/ftp/bin/python crates/tamis-lang/tests/data/make_lid176_golden.py

Output lines: `LANG KIND LINE LABEL1 PROB1 LABEL2 PROB2` (LINE from 1;
probabilities with 9 significant digits; `-` when fastText gives fewer).
KIND is s (sentences), p (word pairs) or w (single words).
Sample: every 8th sentence, every 32nd word pair and single word.
"""

import os

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "data", "langid", "lingua-testdata")
MODEL = os.path.join(HERE, "..", "..", "models", "lid.176.ftz")
STEP = {"sentences": 8, "word-pairs": 32, "single-words": 32}
CODE = {"sentences": "s", "word-pairs": "p", "single-words": "w"}


def main():
    model = fasttext.load_model(MODEL)
    n = 0
    with open(os.path.join(HERE, "lid176_golden.txt"), "w", encoding="utf-8") as out:
        for lang in sorted(os.listdir(DATA)):
            folder = os.path.join(DATA, lang)
            if not os.path.isdir(folder):
                continue
            for kind, step in STEP.items():
                with open(os.path.join(folder, kind + ".txt"), encoding="utf-8") as f:
                    lines = f.read().split("\n")
                for i, text in enumerate(lines):
                    if i % step or not text:
                        continue
                    labels, probs = model.predict(text, k=2)
                    cells = [lang, CODE[kind], str(i + 1)]
                    for j in range(2):
                        if j < len(labels):
                            cells += [labels[j].replace("__label__", "", 1), "%.9g" % probs[j]]
                        else:
                            cells += ["-", "-"]
                    out.write(" ".join(cells) + "\n")
                    n += 1
    print(n, "predictions")


if __name__ == "__main__":
    main()
