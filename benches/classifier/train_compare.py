#!/usr/bin/env python3
"""Trains the same classifier with fastText's Python package and with
`tamis train-classifier` (one thread each, same options, same data: OUT/train.txt
from bench.py), then evaluates both models with fastText itself on OUT/test.txt
(precision at 1), which also shows that fastText loads tamis's .bin.

usage: train_compare.py OUT_DIR TAMIS_BIN
"""
import json
import os
import resource
import subprocess
import sys
import time

import fasttext

OPTS = dict(dim=64, epoch=5, lr=0.1, wordNgrams=2, bucket=200_000, minCount=1, loss="softmax")


def main():
    out, tamis = sys.argv[1], sys.argv[2]
    train = os.path.join(out, "train.txt")
    jsonl = os.path.join(out, "train.jsonl")
    with open(train, encoding="utf-8") as f, open(jsonl, "w", encoding="utf-8") as w:
        for i, line in enumerate(f):
            label, _, text = line.rstrip("\n").partition(" ")
            w.write(json.dumps({"id": str(i), "text": text, "label": label.removeprefix("__label__")},
                               ensure_ascii=False) + "\n")
    c0 = time.process_time()
    m = fasttext.train_supervised(input=train, thread=1, seed=1, verbose=0, **OPTS)
    ft_cpu = time.process_time() - c0
    m.save_model(os.path.join(out, "fasttext_trained.bin"))
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([tamis, "train-classifier", "--input", jsonl, "--label-field", "label",
                    "-o", os.path.join(out, "tamis_trained.bin"), "--dim", str(OPTS["dim"]),
                    "--epoch", str(OPTS["epoch"]), "--lr", str(OPTS["lr"]),
                    "--word-ngrams", str(OPTS["wordNgrams"]), "--bucket", str(OPTS["bucket"]),
                    "--seed", "1", "-j", "1"], check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    tm_cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    test = os.path.join(out, "test.txt")
    res = {"train_lines": sum(1 for _ in open(train, encoding="utf-8")),
           "test_lines": sum(1 for _ in open(test, encoding="utf-8")), "options": OPTS}
    for name in ("fasttext", "tamis"):
        model = fasttext.load_model(os.path.join(out, f"{name}_trained.bin"))
        n, p1, _ = model.test(test)
        res[f"{name}_precision_at_1"] = round(p1, 4)
    res["fasttext_train_cpu_s"] = round(ft_cpu, 2)
    res["tamis_train_cpu_s"] = round(tm_cpu, 2)
    res["speed_ratio"] = round(ft_cpu / tm_cpu, 2)
    print(json.dumps(res, indent=1))
    json.dump(res, open(os.path.join(out, "train_summary.json"), "w"))


if __name__ == "__main__":
    main()
