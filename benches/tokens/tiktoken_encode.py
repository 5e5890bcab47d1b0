#!/usr/bin/env python3
"""Encodes every document with tiktoken (encode_ordinary), one thread, and
compares with tamis's ids written by the `encode` example.

usage: tiktoken_encode.py docs.jsonl TAMIS_OUT enc1,enc2
The tiktoken rank files come from TIKTOKEN_CACHE_DIR (run.sh fills it with the
files the tiktoken-rs crate embeds, under tiktoken's cache names), so nothing
is downloaded.
"""
import array
import json
import sys
import time

import tiktoken


def main():
    docs = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
    out, encodings = sys.argv[2], sys.argv[3].split(",")
    timing = json.loads(open(f"{out}/timing.json").read())
    result = {"docs": len(docs), "encodings": {}}
    for name in encodings:
        enc = tiktoken.get_encoding(name)
        c0 = time.thread_time()
        ids = [enc.encode_ordinary(t) for t in docs]
        cpu = time.thread_time() - c0
        lens = array.array("I")
        lens.frombytes(open(f"{out}/{name}.lens", "rb").read())
        flat = array.array("I")
        flat.frombytes(open(f"{out}/{name}.ids", "rb").read())
        same, pos, first_diff = 0, 0, None
        for i, want in enumerate(ids):
            got = flat[pos:pos + lens[i]].tolist()
            pos += lens[i]
            if got == want:
                same += 1
            elif first_diff is None:
                first_diff = {"doc": i, "text": docs[i][:80], "tiktoken": want[:20], "tamis": got[:20]}
        tm = timing[name]
        result["encodings"][name] = {
            "identical_docs": same, "tokens": sum(len(x) for x in ids),
            "tiktoken_docs_per_cpu_s": round(len(docs) / cpu, 1),
            "tamis_docs_per_cpu_s": round(tm["docs"] / tm["cpu_s"], 1),
            "speed_ratio": round((tm["docs"] / tm["cpu_s"]) / (len(docs) / cpu), 2),
            "first_difference": first_diff,
        }
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
