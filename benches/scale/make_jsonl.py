"""Make a JSONL corpus of N records from a small one by repetition with perturbation,
as benches/e2e/make_warc.py does for WARC, for the growth curve (benches/scale/run.sh).

usage: python make_jsonl.py BASE.jsonl OUT_DIR --records N [--files F] [--seed 1]

Record i is a copy of base record i % n (copy number k = i // n). Copy 0 is the original;
every other copy gets a new id and a new URL (host prefixed with `k<k>-`) and a fraction p
of its words (4+ letters) replaced by common English words, p drawn from
{0, 0.01, 0.02, 0.3}: p <= 0.02 makes near-duplicates for MinHash, 0.3 pages that should
survive dedup, and p = 0 exact duplicates. Records go round-robin into F files. Standard
library only; deterministic for a seed.
"""
import argparse
import json
import os
import random
import re

WORDS = ("house water people little should school number market family public "
         "system between another without country during history however program "
         "research service general several example student company control").split()
RATES = (0.0, 0.01, 0.02, 0.3)
WORD = re.compile(r"[A-Za-z]{4,}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("out")
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    base = []
    with open(a.base, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d.get("text") or ""
            if text:
                # the text cut at word boundaries: odd items are the candidate words
                parts = WORD.split(text)
                words = WORD.findall(text)
                base.append((d.get("id", ""), d.get("url") or "", parts, words))
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    outs = [open(os.path.join(a.out, f"part-{i:03d}.jsonl"), "w", encoding="utf-8") for i in range(a.files)]
    n = len(base)
    for i in range(a.records):
        k, j = divmod(i, n)
        bid, url, parts, words = base[j]
        if k == 0:
            p, host = 0.0, ""
        else:
            p, host = rng.choice(RATES), f"k{k}-"
        w = list(words)
        if p > 0 and w:
            for pos in rng.sample(range(len(w)), max(1, round(p * len(w)))):
                w[pos] = rng.choice(WORDS)
        text = parts[0] + "".join(x + y for x, y in zip(w, parts[1:]))
        if host:
            url = re.sub(r"^(https?://)", r"\g<1>" + host, url)
        rec = {"id": f"{bid}-{k}" if k else bid, "url": url, "text": text}
        outs[i % a.files].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for o in outs:
        o.close()


if __name__ == "__main__":
    main()
