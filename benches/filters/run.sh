#!/usr/bin/env bash
# Fidelity and throughput of tamis's quality filters against datatrove, side by side.
# Usage: benches/filters/run.sh [LIMIT_PAGES]   (0 or empty = all WCXB dev pages)
# Env: WCXB (default ../shared/data/extraction/wcxb-dev from the repo root),
#      TAMIS_FILTER_BIN (skip the cargo build and use this filter_jsonl binary).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WCXB="${WCXB:-$ROOT/../shared/data/extraction/wcxb-dev}"
LIMIT="${1:-0}"
cd "$HERE"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q 'datatrove[processing]==0.10.1' 'spacy>=3.8,<3.9' 'resiliparse>=0.15'
fi
mkdir -p out
.venv/bin/python make_docs.py --data "$WCXB" --out out/docs.jsonl --limit "$LIMIT"
if [ -z "${TAMIS_FILTER_BIN:-}" ]; then
  (cd "$ROOT" && cargo build -q --release -p tamis-filters --example filter_jsonl)
  TAMIS_FILTER_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/filter_jsonl"
fi
FILTERS=gopher_quality,gopher_repetition,c4_quality,fineweb_quality
# fidelity: every document, every filter, both tools
.venv/bin/python datatrove_decisions.py out/docs.jsonl --out out/datatrove.jsonl \
  --filters "$FILTERS" --words 2> out/datatrove_timing.json
"$TAMIS_FILTER_BIN" out/docs.jsonl "$FILTERS" --words > out/tamis.jsonl 2> out/tamis_timing.json
.venv/bin/python compare.py out/datatrove.jsonl out/tamis.jsonl --words --report out/report.md
# the UAX #29 word splitter, for the record
"$TAMIS_FILTER_BIN" out/docs.jsonl "$FILTERS" --config \
  '{"gopher_quality":{"word_splitter":"uax29"},"gopher_repetition":{"word_splitter":"uax29"},"fineweb_quality":{"word_splitter":"uax29"}}' \
  > out/tamis_uax29.jsonl 2>/dev/null
.venv/bin/python compare.py out/datatrove.jsonl out/tamis_uax29.jsonl --report out/report_uax29.md > out/summary_uax29.json
# throughput: one core, interleaved chunks of a random sample
taskset -c 0 .venv/bin/python throughput.py out/docs.jsonl --bin "$TAMIS_FILTER_BIN" \
  --sample "${SAMPLE:-400}" --out out/throughput.json
echo "reports: $HERE/out/report.md $HERE/out/report_uax29.md $HERE/out/throughput.json"
