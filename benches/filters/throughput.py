"""Throughput of datatrove's and tamis's filters side by side, interleaved so that
machine load affects both alike: the sample is cut into chunks and, chunk after
chunk, datatrove runs in this process and tamis's filter_jsonl binary on the same
chunk. Both report per-document step time summed (parsing and I/O excluded).
Pin to one core with taskset for per-core numbers."""
import argparse, json, os, random, subprocess, tempfile, time

from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter

ap = argparse.ArgumentParser()
ap.add_argument("docs")
ap.add_argument("--bin", required=True)
ap.add_argument("--sample", type=int, default=400)
ap.add_argument("--chunks", type=int, default=20)
ap.add_argument("--out", required=True)
a = ap.parse_args()

names = ["gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"]
flts = [GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()]
docs = [json.loads(l) for l in open(a.docs)]
random.Random(0).shuffle(docs)
docs = docs[: a.sample]
dt = {n: 0.0 for n in names}
tm = {n: 0.0 for n in names}
nbytes = sum(len(d["text"].encode()) for d in docs)
size = max(1, len(docs) // a.chunks)
with tempfile.TemporaryDirectory() as tmp:
    for k in range(0, len(docs), size):
        chunk = docs[k : k + size]
        for d in chunk:  # datatrove, as a pipeline would run them on one document
            for n, f in zip(names, flts):
                doc = Document(text=d["text"], id=d["id"])
                t = time.perf_counter()
                try:
                    f.filter(doc)
                except Exception:
                    pass
                dt[n] += time.perf_counter() - t
        path = os.path.join(tmp, "chunk.jsonl")
        with open(path, "w") as f:
            for d in chunk:
                f.write(json.dumps(d) + "\n")
        r = subprocess.run([a.bin, path, ",".join(names)], capture_output=True, text=True, check=True)
        for n, s in json.loads(r.stderr.strip().splitlines()[-1])["seconds"].items():
            tm[n] += s
res = {"docs": len(docs), "mbytes": round(nbytes / 1e6, 2), "datatrove_seconds": dt, "tamis_seconds": tm,
       "ratio": {n: round(dt[n] / max(tm[n], 1e-9), 1) for n in names},
       "ratio_all": round(sum(dt.values()) / max(sum(tm.values()), 1e-9), 1),
       "docs_per_s": {"datatrove": round(len(docs) / sum(dt.values()), 1), "tamis": round(len(docs) / max(sum(tm.values()), 1e-9), 1)}}
json.dump(res, open(a.out, "w"), indent=1)
print(json.dumps(res, indent=1))
