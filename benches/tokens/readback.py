#!/usr/bin/env python3
"""Reads back the files `tamis tokenize` wrote, with NumPy, the way the
trainers' readers do (megatron-core's `_IndexReader`: header, dtype code,
int32 lengths, int64 pointers, int64 document indices; datatrove's
`.ds` + `.ds.index`; `np.load`), and checks every document against tiktoken's
ids followed by <|endoftext|>.

usage: readback.py docs.jsonl OUT_BASE ENCODING   (OUT_BASE/{megatron,datatrove,npy}/)
"""
import json
import sys

import numpy as np
import tiktoken

DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}


def megatron(prefix):
    idx = open(prefix + ".idx", "rb").read()
    assert idx[:9] == b"MMIDIDX\x00\x00", "bad header"
    assert np.frombuffer(idx, np.uint64, 1, 9)[0] == 1
    dtype = DTYPES[idx[17]]
    n = int(np.frombuffer(idx, np.uint64, 1, 18)[0])
    ndoc = int(np.frombuffer(idx, np.uint64, 1, 26)[0])
    lens = np.frombuffer(idx, np.int32, n, 34)
    ptrs = np.frombuffer(idx, np.int64, n, 34 + 4 * n)
    docs = np.frombuffer(idx, np.int64, ndoc, 34 + 12 * n)
    assert list(docs) == list(range(n + 1))
    data = np.memmap(prefix + ".bin", dtype=dtype, mode="r")
    size = np.dtype(dtype).itemsize
    return [data[p // size: p // size + l].tolist() for p, l in zip(ptrs, lens)]


def datatrove(prefix):
    meta = open(prefix + ".ds.metadata").read().split("\n")
    size = int(meta[0].split("|")[1])
    data = np.memmap(prefix + ".ds", dtype=np.uint16 if size == 2 else np.uint32, mode="r")
    ends = np.fromfile(prefix + ".ds.index", dtype=np.uint64)
    starts = np.concatenate([np.zeros(1, np.uint64), ends[:-1]])
    return [data[int(s):int(e)].tolist() for s, e in zip(starts, ends)]


def npy(prefix):
    data = np.load(prefix + ".npy", mmap_mode="r")
    off = np.load(prefix + ".offsets.npy")
    return [data[a:b].tolist() for a, b in zip(off[:-1], off[1:])]


def main():
    docs = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
    base, name = sys.argv[2], sys.argv[3]
    enc = tiktoken.get_encoding(name)
    eos = enc.eot_token
    want = [enc.encode_ordinary(t) + [eos] for t in docs]
    res = {}
    for fmt, reader in (("megatron", megatron), ("datatrove", datatrove), ("npy", npy)):
        got = reader(f"{base}/{fmt}/tokens-00000")
        res[fmt] = {"documents": len(got), "identical": sum(a == b for a, b in zip(got, want))}
    print(json.dumps({"encoding": name, "documents": len(docs), "formats": res}))


if __name__ == "__main__":
    main()
