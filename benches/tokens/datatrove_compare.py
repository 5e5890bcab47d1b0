#!/usr/bin/env python3
"""`tamis tokenize -j 1` against datatrove's DocumentTokenizer on the same
documents and GPT-2's tokenizer, one process each: CPU seconds of the whole
job (read JSONL, tokenize, write .ds/.ds.index), and the same token ids.

datatrove loads a Hugging Face tokenizer; GPT-2's is rebuilt here from the
GPT-2 files tiktoken-rs ships (encoder.json, vocab.bpe) with the byte-level
pre-tokenizer, so nothing is downloaded.

usage: datatrove_compare.py docs.jsonl OUT ASSETS_DIR TAMIS_BIN
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import time

import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers


def main():
    docs, out, assets, tamis = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    tok_path = os.path.join(out, "gpt2-tokenizer.json")
    tok = Tokenizer(models.BPE.from_file(os.path.join(assets, "encoder.json"), os.path.join(assets, "vocab.bpe")))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens(["<|endoftext|>"])
    tok.save(tok_path)

    from datatrove.executor.local import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.tokens.tokenizer import DocumentTokenizer

    dt_out = os.path.join(out, "datatrove")
    shutil.rmtree(dt_out, ignore_errors=True)
    shutil.rmtree(os.path.join(out, "dt-logs"), ignore_errors=True)  # else datatrove skips finished tasks
    c0 = time.process_time()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(os.path.dirname(docs), glob_pattern=os.path.basename(docs)),
            DocumentTokenizer(output_folder=dt_out, tokenizer_name_or_path=tok_path,
                              eos_token="<|endoftext|>", shuffle_documents=False),
        ],
        tasks=1, workers=1, logging_dir=os.path.join(out, "dt-logs"),
    ).run()
    dt_cpu = time.process_time() - c0

    tm_out = os.path.join(out, "tamis")
    shutil.rmtree(tm_out, ignore_errors=True)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([tamis, "tokenize", docs, "-o", tm_out, "--tokenizer", "gpt2", "--format", "datatrove", "-j", "1"],
                   check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    tm_cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

    dt_file = next(os.path.join(dt_out, f) for f in sorted(os.listdir(dt_out)) if f.endswith(".ds"))
    a = np.fromfile(dt_file, dtype=np.uint16)
    b = np.fromfile(os.path.join(tm_out, "tokens-00000.ds"), dtype=np.uint16)
    ends_a = np.fromfile(dt_file + ".index", dtype=np.uint64)
    ends_b = np.fromfile(os.path.join(tm_out, "tokens-00000.ds.index"), dtype=np.uint64)
    # datatrove's reader skips documents with empty text; tamis keeps them
    # (a lone end-of-text token): compare the others.
    texts = [json.loads(l)["text"] for l in open(docs, encoding="utf-8")]
    n = len(texts)
    starts_b = np.concatenate([np.zeros(1, np.uint64), ends_b[:-1]])
    kept = [i for i, t in enumerate(texts) if t]
    same_docs = 0
    sa = 0
    for k, ea in enumerate(ends_a):
        i = kept[k]
        if np.array_equal(a[sa:int(ea)], b[int(starts_b[i]):int(ends_b[i])]):
            same_docs += 1
        sa = int(ea)
    print(json.dumps({
        "documents": n, "datatrove_documents": len(ends_a), "tamis_documents": len(ends_b),
        "identical_documents": same_docs, "tokens": int(len(b)),
        "datatrove_cpu_s": round(dt_cpu, 2), "tamis_cpu_s": round(tm_cpu, 2),
        "speed_ratio": round(dt_cpu / tm_cpu, 2),
    }, indent=1))


if __name__ == "__main__":
    main()
