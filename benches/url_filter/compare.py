#!/usr/bin/env python3
"""Compares datatrove's and tamis's url_filter decisions per URL.

usage: compare.py URLS.jsonl DATATROVE.jsonl TAMIS.jsonl [--show N]
Prints a JSON summary (agreement, per-reason counts, disagreements).
"""
import collections
import json
import sys


def main():
    urls = {json.loads(l)["id"]: json.loads(l)["url"] for l in open(sys.argv[1])}
    dt = {d["id"]: d["decision"] for d in map(json.loads, open(sys.argv[2]))}
    tm = {d["id"]: d["decisions"]["url_filter"] for d in map(json.loads, open(sys.argv[3]))}
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 10
    same = sum(dt[i] == tm.get(i) for i in dt)
    same_keep = sum((dt[i] == "keep") == (tm.get(i) == "keep") for i in dt)
    diff = [(urls[i], dt[i], tm.get(i)) for i in dt if dt[i] != tm.get(i)]
    print(json.dumps({
        "urls": len(dt),
        "same_decision_and_reason": same,
        "same_keep_drop": same_keep,
        "agreement": round(same / len(dt), 6),
        "datatrove": collections.Counter(dt.values()),
        "tamis": collections.Counter(tm.values()),
        "disagreements": diff[:show],
    }, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
