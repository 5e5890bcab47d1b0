#!/usr/bin/env python3
"""fastText classifier benchmark: builds documents from the WCXB pages' ground
truth (main content = hq) and their boilerplate lists (`without` = cc), trains
a DCLM-style bigram classifier on half of them with fastText (softmax, dim 64,
wordNgrams 2, bucket 200k), then scores the other half, repeated to N
documents, with fastText's Python package as DCLM does, timing thread CPU.

usage: bench.py WCXB_DIR OUT_DIR [N]
Writes OUT_DIR/{train.txt, test.txt, model.bin, docs.jsonl, fasttext_scores.jsonl, fasttext_timing.json}.
"""
import json
import os
import sys
import time

import fasttext


def main():
    wcxb, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    os.makedirs(out, exist_ok=True)
    gt_dir = os.path.join(wcxb, "ground-truth")
    pages = []
    for f in sorted(os.listdir(gt_dir)):
        g = json.load(open(os.path.join(gt_dir, f)))["ground_truth"]
        without = g.get("without") or []
        if isinstance(without, str):
            without = [without]
        pages.append((g.get("main_content") or "", "\n".join(without)))
    train, test = pages[::2], pages[1::2]
    path = os.path.join(out, "train.txt")
    with open(path, "w", encoding="utf-8") as f:
        for hq, cc in train:
            for label, t in (("hq", hq), ("cc", cc)):
                t = " ".join(t.strip().splitlines())
                if t:
                    f.write(f"__label__{label} {t}\n")
    m = fasttext.train_supervised(input=path, epoch=5, lr=0.1, dim=64, wordNgrams=2, bucket=200_000,
                                  minCount=2, thread=2, seed=1, verbose=0)
    m.save_model(os.path.join(out, "model.bin"))
    with open(os.path.join(out, "test.txt"), "w", encoding="utf-8") as f:
        for hq, cc in test:
            for label, t in (("hq", hq), ("cc", cc)):
                t = " ".join(t.strip().splitlines())
                if t:
                    f.write(f"__label__{label} {t}\n")
    docs = [t for hq, cc in test for t in (hq, cc) if t.strip()]
    docs = (docs * (n // len(docs) + 1))[:n]
    with open(os.path.join(out, "docs.jsonl"), "w", encoding="utf-8") as f:
        for t in docs:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    m = fasttext.load_model(os.path.join(out, "model.bin"))
    scores = []
    c0 = time.thread_time()
    for t in docs:
        labels, probs = m.predict(" ".join(t.strip().splitlines()), k=-1)
        scores.append(float(dict(zip(labels, probs)).get("__label__hq", 0.0)))
    cpu = time.thread_time() - c0
    with open(os.path.join(out, "fasttext_scores.jsonl"), "w") as f:
        for s in scores:
            f.write(json.dumps({"score": s}) + "\n")
    json.dump({"docs": len(docs), "cpu_s": cpu, "bytes": sum(len(t.encode()) for t in docs)},
              open(os.path.join(out, "fasttext_timing.json"), "w"))


if __name__ == "__main__":
    main()
