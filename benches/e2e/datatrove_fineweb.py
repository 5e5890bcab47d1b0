"""datatrove's FineWeb example pipeline (examples/fineweb.py) on local WARC files.

usage: python datatrove_fineweb.py INPUT OUT_DIR --workers N --lid PATH

INPUT is one .warc.gz file or a folder of them. Same steps and parameters as
datatrove's examples/fineweb.py, run with LocalPipelineExecutor, except:
- URLFilter's tldextract uses the suffix list it ships (no fetch), as tamis does;
- LanguageFilter reads lid.176 from a local file (local_lid.py), no download;
- no TokensCounter in the last MinHash stage (it needs a tokenizer download and
  only counts);
- start_method="fork" (datatrove's default is forkserver) so that every worker
  is a child of this process and its CPU time is counted by wait4/getrusage.
Writes OUT_DIR/output (filtered), OUT_DIR/removed/<step>, OUT_DIR/minhash/...,
OUT_DIR/deduped (final kept) and prints one JSON line with per-stage seconds.
"""
import argparse
import json
import os
import shutil
import time

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.filters.url_filter import URLFilter
from datatrove.pipeline.filters import C4QualityFilter, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
from datatrove.pipeline.readers import JsonlReader, WarcReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.hashing import HashConfig
from tldextract import TLDExtract

from local_lid import LocalLanguageFilter


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--lid", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    if os.path.isdir(a.input):
        folder, files = a.input, sorted(f for f in os.listdir(a.input) if f.endswith(".warc.gz"))
    else:
        folder, files = os.path.dirname(os.path.abspath(a.input)), [os.path.basename(a.input)]
    tasks = len(files)
    O = a.out
    # FineWeb: MinhashConfig(use_64bit_hashes=True, num_buckets=14, hashes_per_bucket=8, n_grams=5);
    # in datatrove 0.10.1 the 64-bit switch is HashConfig(precision=64).
    mh = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=14, hashes_per_bucket=8, n_grams=5)

    def run(name, pipeline, n_tasks):
        t = time.time()
        LocalPipelineExecutor(pipeline=pipeline, tasks=n_tasks, workers=min(a.workers, n_tasks),
                              logging_dir=f"{O}/logs/{name}", start_method="fork").run()
        return time.time() - t

    url_filter = URLFilter(exclusion_writer=JsonlWriter(f"{O}/removed/1_url"))
    url_filter.tldextractor = TLDExtract(suffix_list_urls=(), cache_dir=None)
    times = {}
    times["filter_s"] = run("base_processing", [
        WarcReader(folder, glob_pattern=None if len(files) > 1 else files[0]),
        url_filter,
        Trafilatura(favour_precision=True),
        LocalLanguageFilter(a.lid, exclusion_writer=JsonlWriter(f"{O}/removed/2_non_english")),
        GopherRepetitionFilter(exclusion_writer=JsonlWriter(f"{O}/removed/3_gopher_rep")),
        GopherQualityFilter(exclusion_writer=JsonlWriter(f"{O}/removed/4_gopher_qual")),
        C4QualityFilter(filter_no_terminal_punct=False, exclusion_writer=JsonlWriter(f"{O}/removed/5_c4")),
        FineWebQualityFilter(exclusion_writer=JsonlWriter(f"{O}/removed/6_fineweb_qual")),
        JsonlWriter(f"{O}/output"),
    ], tasks)
    n_out = len([f for f in os.listdir(f"{O}/output")]) if os.path.isdir(f"{O}/output") else 0
    times["signature_s"] = run("signatures", [
        JsonlReader(f"{O}/output"),
        MinhashDedupSignature(output_folder=f"{O}/minhash/signatures", config=mh, language="en"),
    ], max(n_out, 1))
    times["buckets_s"] = run("buckets", [
        MinhashDedupBuckets(input_folder=f"{O}/minhash/signatures", output_folder=f"{O}/minhash/buckets", config=mh),
    ], mh.num_buckets)
    times["cluster_s"] = run("clustering", [
        MinhashDedupCluster(input_folder=f"{O}/minhash/buckets", output_folder=f"{O}/minhash/remove_ids", config=mh),
    ], 1)
    times["dedup_filter_s"] = run("filtering", [
        JsonlReader(f"{O}/output"),
        MinhashDedupFilter(input_folder=f"{O}/minhash/remove_ids", exclusion_writer=JsonlWriter(f"{O}/removed/7_minhash")),
        JsonlWriter(f"{O}/deduped"),
    ], max(n_out, 1))
    print(json.dumps(times))


if __name__ == "__main__":
    main()
