#!/usr/bin/env bash
# Token ids of tamis's built-in encodings vs OpenAI's tiktoken, side by side:
# identical ids per document and documents per CPU-second, one thread each.
# usage: benches/tokens/run.sh   (ENCODINGS=r50k_base,cl100k_base,... to choose)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${SHARED:-$root/../shared/data}"
encodings="${ENCODINGS:-r50k_base,p50k_base,cl100k_base,o200k_base}"
out="$here/out"
mkdir -p "$out/cache"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
fi
# tiktoken's cache, filled with the rank files tiktoken-rs embeds (tiktoken
# checks their SHA-256 against the ones it expects).
assets="$(cd "$root" && cargo metadata --format-version 1 --filter-platform "$(rustc -vV | sed -n 's/host: //p')" | python3 -c 'import json,sys,os; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="tiktoken-rs"))')/assets"
for e in r50k_base p50k_base cl100k_base o200k_base; do
    key=$(printf '%s' "https://openaipublic.blob.core.windows.net/encodings/$e.tiktoken" | sha1sum | cut -d' ' -f1)
    cp "$assets/$e.tiktoken" "$out/cache/$key"
done
"$here/.venv/bin/python" "$here/make_docs.py" "$shared" "$out/docs.jsonl"
(cd "$root" && cargo build -q --release -p tamis-tokens --example encode)
"${CARGO_TARGET_DIR:-$root/target}/release/examples/encode" "$out/docs.jsonl" "$out" "$encodings" 2> "$out/timing.json"
TIKTOKEN_CACHE_DIR="$out/cache" "$here/.venv/bin/python" "$here/tiktoken_encode.py" "$out/docs.jsonl" "$out" "$encodings" | tee "$out/summary.json"
# tamis tokenize: the three trainer formats, read back as their trainers read them.
(cd "$root" && cargo build -q --release -p tamis-cli)
for fmt in megatron datatrove npy; do
    rm -rf "$out/tokenize/$fmt"
    "${CARGO_TARGET_DIR:-$root/target}/release/tamis" tokenize "$out/docs.jsonl" -o "$out/tokenize/$fmt" \
        --tokenizer cl100k_base --format "$fmt"
done
TIKTOKEN_CACHE_DIR="$out/cache" "$here/.venv/bin/python" "$here/readback.py" "$out/docs.jsonl" "$out/tokenize" cl100k_base | tee "$out/readback.json"
# tamis tokenize -j 1 vs datatrove's DocumentTokenizer (GPT-2 rebuilt from tiktoken-rs's GPT-2 files).
"$here/.venv/bin/python" "$here/datatrove_compare.py" "$out/docs.jsonl" "$out/dt-compare" "$assets" \
    "${CARGO_TARGET_DIR:-$root/target}/release/tamis" 2>/dev/null | tail -12 | tee "$out/datatrove_compare.json"
