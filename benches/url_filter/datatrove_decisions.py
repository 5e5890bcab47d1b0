#!/usr/bin/env python3
"""Runs datatrove's URLFilter (its built-in lists) on a JSONL of URLs and writes
one decision per line: {"id", "decision": "keep" | reason}. tldextract is told
to use the Public Suffix List snapshot it ships (no network fetch), the list
tamis builds in. Timing (thread CPU seconds of the filter calls) to stderr.

usage: datatrove_decisions.py URLS.jsonl OUT.jsonl
"""
import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters.url_filter import URLFilter
from tldextract import TLDExtract


def main():
    src, out = sys.argv[1], sys.argv[2]
    f = URLFilter()
    f.tldextractor = TLDExtract(suffix_list_urls=(), cache_dir=None)
    f.download_data()
    docs = [json.loads(l) for l in open(src)]
    c0 = time.thread_time()
    res = []
    for d in docs:
        r = f.filter(Document(text=d["text"], id=d["id"], metadata={"url": d["url"]}))
        res.append("keep" if r is True else r[1])
    cpu = time.thread_time() - c0
    with open(out, "w") as w:
        for d, r in zip(docs, res):
            w.write(json.dumps({"id": d["id"], "decision": r}) + "\n")
    print(json.dumps({"docs": len(docs), "cpu_s": cpu}), file=sys.stderr)


if __name__ == "__main__":
    main()
