"""fastText side of the langid benchmark: one text per line of FILE (or stdin),
prints `LABEL PROB` per line with `fasttext-predict` (k=1), like
`tamis langid`. Usage: predict.py MODEL [FILE]"""

import sys

import fasttext


def main():
    model = fasttext.load_model(sys.argv[1])
    src = open(sys.argv[2], encoding="utf-8") if len(sys.argv) > 2 else sys.stdin
    out = sys.stdout
    for line in src:
        labels, probs = model.predict(line.rstrip("\n"), k=1)
        if labels:
            out.write("%s %r\n" % (labels[0][9:], float(probs[0])))
        else:
            out.write("\n")


if __name__ == "__main__":
    main()
