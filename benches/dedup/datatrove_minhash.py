"""datatrove's four-stage MinHash (FineWeb parameters) on a folder of JSONL shards.

usage: python datatrove_minhash.py IN_DIR WORK_DIR OUT_REMOVED_IDS [--workers N]
Writes the ids of removed documents, one per line, and prints a JSON line with
the time of each stage.
"""
import gzip
import json
import os
import shutil
import sys
import time

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.hashing import HashConfig


def main():
    inp, work, out = sys.argv[1:4]
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    shutil.rmtree(work, ignore_errors=True)
    n = len([f for f in os.listdir(inp) if f.endswith(".jsonl")])
    cfg = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=14, hashes_per_bucket=8, n_grams=5)
    times = {}
    stages = [
        ("signature", [JsonlReader(inp), MinhashDedupSignature(output_folder=f"{work}/sigs", config=cfg, language="en")], n),
        ("buckets", [MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets", config=cfg)], 14),
        ("cluster", [MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids", config=cfg)], 1),
        ("filter", [JsonlReader(inp), MinhashDedupFilter(input_folder=f"{work}/remove_ids",
                                                         exclusion_writer=JsonlWriter(f"{work}/removed"))], n),
    ]
    t_all = time.time()
    for name, pipeline, tasks in stages:
        t = time.time()
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=min(workers, tasks),
                              logging_dir=f"{work}/logs/{name}").run()
        times[f"{name}_s"] = time.time() - t
    times["total_s"] = time.time() - t_all
    removed = 0
    with open(out, "w") as fo:
        rdir = f"{work}/removed"
        for f in sorted(os.listdir(rdir)) if os.path.isdir(rdir) else []:
            with gzip.open(os.path.join(rdir, f), "rt") as fi:
                for line in fi:
                    fo.write(json.loads(line)["id"] + "\n")
                    removed += 1
    times["removed"] = removed
    print(json.dumps(times))


if __name__ == "__main__":
    main()
