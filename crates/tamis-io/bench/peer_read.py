"""Reads WARC files with Python peers and prints throughput, for docs/io.md.

usage: python peer_read.py REPEAT FILE...
Peers: warcio (what datatrove's WarcReader uses) and FastWARC 2 (resiliparse's WARC library, Rust core).
Each reads every response record's HTTP body into memory, like tamis-io does.
"""
import os
import sys
import time


def bench(name, fn, files, repeat):
    size = sum(os.path.getsize(f) for f in files) * repeat
    t = time.perf_counter()
    docs = payload = 0
    for _ in range(repeat):
        for f in files:
            d, p = fn(f)
            docs += d
            payload += p
    s = time.perf_counter() - t
    print(f"{name}: {docs} docs; {size / 1e6:.1f} MB in {s:.3f} s = {size / 1e6 / s:.1f} MB/s compressed, {payload / 1e6 / s:.1f} MB/s payload, {docs / s:.0f} docs/s")


def warcio_read(path):
    from warcio.archiveiterator import ArchiveIterator

    docs = payload = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                body = rec.content_stream().read()
                docs += 1
                payload += len(body)
    return docs, payload


def fastwarc_read(path):
    # FastWARC >= 2 (Rust core): detects gzip itself, takes a path.
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    docs = payload = 0
    for rec in ArchiveIterator(path, record_types=WarcRecordType.response, parse_http=True):
        body = rec.reader.read()
        docs += 1
        payload += len(body)
    return docs, payload


if __name__ == "__main__":
    repeat = int(sys.argv[1])
    files = sys.argv[2:]
    bench("warcio", warcio_read, files, repeat)
    bench("fastwarc", fastwarc_read, files, repeat)
