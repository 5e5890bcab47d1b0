#!/usr/bin/env bash
# Extraction benchmark: tamis vs trafilatura vs resiliparse on the same pages,
# scored by the same scorer (crates/tamis-extract/examples/eval.rs), timed
# single-threaded in the same run. Writes benches/extraction/out/report.md.
#
# usage: benches/extraction/run.sh [DATA_DIR]   (default: ../shared/data/extraction)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-$root/../shared/data/extraction}"
out="$here/out"
mkdir -p "$out"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q trafilatura lxml_html_clean resiliparse
fi
"$here/.venv/bin/python" -c 'import importlib.metadata as m; print("trafilatura", m.version("trafilatura"), "| resiliparse", m.version("resiliparse"))' | tee "$out/versions.txt"
"$here/.venv/bin/python" "$here/peers.py" "$data" "$out" trafilatura resiliparse
cd "$root"
cargo build --release -q -p tamis-extract --example eval
target="${CARGO_TARGET_DIR:-$root/target}"
"$target/release/examples/eval" --data "$data" --dump "$out/tamis.jsonl" \
    --peer "trafilatura=$out/trafilatura.jsonl" --peer "resiliparse=$out/resiliparse.jsonl" --md "$out/report.md"
