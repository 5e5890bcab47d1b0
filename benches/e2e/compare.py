"""Compare the kept sets of datatrove and tamis (by URL) and explain differences.

usage: python compare.py DATATROVE_OUT TAMIS_OUT [--samples N] [--json OUT.json]

For each URL kept by only one tool, says which step of the other tool removed it
(tamis: metadata.removed_by of OUT/removed/*; datatrove: the folder under
OUT/removed/ that holds it, or "extraction" when datatrove emitted nothing: empty
Trafilatura output or an extraction timeout) and prints a few samples with the
lengths of both extracted texts.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import random
import re


def read(pattern):
    for path in sorted(glob.glob(pattern)):
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt") as f:
            for line in f:
                if line.strip():
                    yield path, json.loads(line)


def url(d):
    return (d.get("metadata") or {}).get("url") or d.get("id")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dt")
    ap.add_argument("tm")
    ap.add_argument("--samples", type=int, default=4)
    ap.add_argument("--json")
    a = ap.parse_args()
    dt_kept = {url(d): d for _, d in read(f"{a.dt}/deduped/*.jsonl*")}
    dt_removed = {}
    for path, d in read(f"{a.dt}/removed/*/*.jsonl*"):
        dt_removed[url(d)] = (path.split("/removed/")[1].split("/")[0], d)
    tm_kept = {url(d): d for _, d in read(f"{a.tm}/kept/*.jsonl*")}
    tm_removed = {}
    for _, d in read(f"{a.tm}/removed/*.jsonl*"):
        rb = d.get("metadata", {}).get("removed_by") or {}
        tm_removed[url(d)] = (f"{rb.get('step')}.{rb.get('reason')}", d)
    both = dt_kept.keys() & tm_kept.keys()
    only_dt = sorted(dt_kept.keys() - tm_kept.keys())
    only_tm = sorted(tm_kept.keys() - dt_kept.keys())
    why_tm = collections.Counter(tm_removed.get(u, ("not in tamis output",))[0] for u in only_dt)
    why_dt = collections.Counter(dt_removed.get(u, ("extraction (empty or timeout)",))[0] for u in only_tm)
    res = {
        "datatrove_kept": len(dt_kept), "tamis_kept": len(tm_kept), "both": len(both),
        "only_datatrove": len(only_dt), "only_tamis": len(only_tm),
        "pct_of_datatrove_kept_also_kept_by_tamis": round(100 * len(both) / max(len(dt_kept), 1), 2),
        "only_datatrove_removed_by_tamis_step": dict(why_tm.most_common()),
        "only_tamis_removed_by_datatrove_step": dict(why_dt.most_common()),
    }
    # generated inputs: copies of one source page have URLs https://k<k>-host/...; MinHash
    # keeps one copy per cluster and the two tools may keep different copies, so also
    # compare the sets of source pages represented in each output
    src = lambda u: re.sub(r"^(https?://)k\d+-", r"\1", u or "")
    sd, st = {src(u) for u in dt_kept}, {src(u) for u in tm_kept}
    res["source_pages_datatrove"] = len(sd)
    res["source_pages_tamis"] = len(st)
    res["pct_of_datatrove_source_pages_also_in_tamis"] = round(100 * len(sd & st) / max(len(sd), 1), 2)
    # text lengths for URLs kept only by datatrove: what did tamis extract for them?
    ratios = []
    for u in only_dt:
        t = tm_removed.get(u)
        if t:
            ratios.append(len(t[1].get("text", "")) / max(len(dt_kept[u]["text"]), 1))
    if ratios:
        ratios.sort()
        res["only_datatrove_tamis_len_over_datatrove_len_median"] = round(ratios[len(ratios) // 2], 3)
    print(json.dumps(res, indent=1))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
    rng = random.Random(0)
    for u in rng.sample(only_dt, min(a.samples, len(only_dt))):
        d = dt_kept[u]["text"]
        t = tm_removed.get(u, (None, {"text": ""}))
        print(f"\n=== only datatrove: {u}\n tamis: {t[0]}  len(datatrove)={len(d)} len(tamis)={len(t[1].get('text', ''))}")
        print(" datatrove text:", d[:600].replace("\n", " | "))
        print(" tamis text    :", t[1].get("text", "")[:600].replace("\n", " | "))
        sig = (t[1].get("metadata", {}).get("removed_by") or {}).get("signals")
        if sig:
            print(" tamis signals :", json.dumps(sig))


if __name__ == "__main__":
    main()
