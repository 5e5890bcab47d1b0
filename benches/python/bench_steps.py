"""tamis.Step vs datatrove on the same batch: Gopher quality filter.

Documents: the kept texts of the default recipe on the example crawl, repeated to
N documents. Run from the repository root with a Python that has tamis (pip install .),
datatrove and pyarrow:

    python benches/python/bench_steps.py [N] [--tamis-only]

tamis uses every core (RAYON_NUM_THREADS=1 for one); datatrove's filter runs on one.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
from datatrove.data import Document
from datatrove.pipeline.filters import GopherQualityFilter

import tamis


def best(f, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 20000
    with tempfile.TemporaryDirectory() as out:
        tamis.run(input="examples/crawl/example.warc.gz", output=out, config={"steps": [{"type": "extract"}]})
        texts = [json.loads(line)["text"] for f in sorted(Path(out, "kept").glob("*.gz")) for line in gzip.open(f, "rt")]
    texts = [t for t in texts if t.strip()]
    docs = [{"id": str(i), "text": texts[i % len(texts)], "metadata": {}} for i in range(n)]
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    table = pa.table({"id": [d["id"] for d in docs], "text": [d["text"] for d in docs]})
    step = tamis.Step("gopher_quality")
    dt = GopherQualityFilter()

    t_dicts = best(lambda: step.process(docs))
    t_table = best(lambda: step.process(table))
    kept_tamis = len(step.process(docs)[0])
    if "--tamis-only" in sys.argv:
        print(f"{n} documents, {mb:.1f} MB of text; kept: tamis {kept_tamis}")
        for name, t in [("tamis.Step, list of dicts", t_dicts), ("tamis.Step, pyarrow table", t_table)]:
            print(f"{name:40s} {t:7.3f} s  {n / t:9.0f} docs/s")
        return
    dt_docs = [Document(text=d["text"], id=d["id"]) for d in docs]
    t_dt = best(lambda: [dt.filter(d) for d in dt_docs], repeat=1)
    kept_dt = sum(1 for d in dt_docs if dt.filter(d) is True)
    print(f"{n} documents, {mb:.1f} MB of text; kept: tamis {kept_tamis}, datatrove {kept_dt}")
    for name, t in [("tamis.Step, list of dicts", t_dicts), ("tamis.Step, pyarrow table", t_table), ("datatrove GopherQualityFilter.filter", t_dt)]:
        print(f"{name:40s} {t:7.3f} s  {n / t:9.0f} docs/s  ({t_dt / t:5.1f}x datatrove)")


if __name__ == "__main__":
    main()
