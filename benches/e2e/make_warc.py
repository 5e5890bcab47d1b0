"""Make a larger WARC from a small one by repetition with perturbation.

usage: python make_warc.py IN.warc.gz OUT_DIR --records N [--shards S] [--seed 1]

Record i of the output is a copy of input record i % n (copy number k = i // n).
Copy 0 is the original; every other copy gets a new WARC-Record-ID and a new
URL (host prefixed with `k<k>-`, so the URL sets stay disjoint), and its HTML
text nodes get a fraction p of their words (4+ letters) replaced by common
English words, p drawn from {0, 0.01, 0.02, 0.3}: p <= 0.02 makes real
near-duplicates for MinHash (5-gram Jaccard roughly >= 0.8), 0.3 makes pages
that should survive dedup. Records go round-robin into S gzip-per-record files
so that both tools can use two cores. Every record gets a
WARC-Identified-Payload-Type header from its HTTP Content-Type, as in Common
Crawl WARCs (sample-581 has none; datatrove's WarcReader then guesses with
libmagic and skips ~20% of the pages). With --records equal to the input size
and --shards 1 this only adds that header. Standard library only; deterministic.
"""
import argparse
import gzip
import os
import random
import re
import uuid

WORDS = ("house water people little should school number market family public "
         "system between another without country during history however program "
         "research service general several example student company control").split()
RATES = (0.0, 0.01, 0.02, 0.3)


def read_records(path):
    """Yields (headers: list[(name, value)], block: bytes) for each WARC record."""
    with gzip.open(path, "rb") as f:
        while True:
            line = f.readline()
            if not line:
                return
            if not line.strip():
                continue
            assert line.startswith(b"WARC/"), line[:40]
            headers = []
            while True:
                h = f.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.decode("utf-8", "replace").partition(":")
                headers.append((k.strip(), v.strip()))
            n = int(dict(headers)["Content-Length"])
            yield headers, f.read(n)


def perturb(html: bytes, p: float, rng: random.Random) -> bytes:
    if p <= 0:
        return html
    text = html.decode("utf-8", "surrogateescape")

    def words(m):
        return re.sub(r"[A-Za-z]{4,}", lambda w: rng.choice(WORDS) if rng.random() < p else w.group(0), m.group(0))

    text = re.sub(r">[^<]+<", words, text)
    return text.encode("utf-8", "surrogateescape")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out_dir")
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    src = list(read_records(a.inp))
    rng = random.Random(a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    outs = [open(os.path.join(a.out_dir, f"part-{s:02d}.warc.gz"), "wb") for s in range(a.shards)]
    for i in range(a.records):
        headers, block = src[i % len(src)]
        k = i // len(src)
        if k > 0:
            http_head, sep, body = block.partition(b"\r\n\r\n")
            body = perturb(body, rng.choice(RATES), rng)
            http_head = re.sub(rb"(?im)^Content-Length:.*$", b"Content-Length: %d" % len(body), http_head)
            block = http_head + sep + body
            new = []
            for name, v in headers:
                if name == "WARC-Record-ID":
                    v = f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"
                elif name == "WARC-Target-URI":
                    v = re.sub(r"^(https?://)", rf"\g<1>k{k}-", v)
                elif name in ("WARC-Block-Digest", "WARC-Payload-Digest"):
                    continue
                elif name == "Content-Length":
                    v = str(len(block))
                new.append((name, v))
            headers = new
        if not any(n == "WARC-Identified-Payload-Type" for n, _ in headers):
            # as Common Crawl does; without it datatrove's WarcReader guesses the type with
            # libmagic and silently skips pages it does not call text/html
            m = re.search(rb"(?im)^Content-Type:\s*([^;\r\n]+)", block.partition(b"\r\n\r\n")[0])
            headers = headers + [("WARC-Identified-Payload-Type", (m.group(1).decode().strip() if m else "text/html"))]
        rec = b"WARC/1.0\r\n" + b"".join(f"{n}: {v}\r\n".encode() for n, v in headers) + b"\r\n" + block + b"\r\n\r\n"
        outs[i % a.shards].write(gzip.compress(rec, compresslevel=1))
    for o in outs:
        o.close()
    print(f"{a.records} records from {len(src)} into {a.shards} files in {a.out_dir}")


if __name__ == "__main__":
    main()
