#!/usr/bin/env bash
# tamis's fasttext_classifier and train-classifier vs fastText's Python package,
# side by side: same scores within 1e-5 and documents per CPU-second, one
# thread each, on N documents (default 20,000) from the WCXB pages.
# usage: benches/classifier/run.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
wcxb="${WCXB:-$root/../shared/data/extraction/wcxb-dev}"
out="$here/out"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q fasttext-wheel==0.9.2 "numpy<2"
fi
"$here/.venv/bin/python" "$here/bench.py" "$wcxb" "$out" "${1:-20000}"
(cd "$root" && cargo build -q --release -p tamis-lang --example classify)
"${CARGO_TARGET_DIR:-$root/target}/release/examples/classify" "$out/model.bin" hq "$out/docs.jsonl" \
    > "$out/tamis_scores.jsonl" 2> "$out/tamis_timing.json"
python3 - "$out" <<'PY'
import json, sys
o = sys.argv[1]
a = [json.loads(l)["score"] for l in open(f"{o}/fasttext_scores.jsonl")]
b = [json.loads(l)["score"] for l in open(f"{o}/tamis_scores.jsonl")]
ft, tm = json.load(open(f"{o}/fasttext_timing.json")), json.loads(open(f"{o}/tamis_timing.json").read())
diff = max(abs(x - y) for x, y in zip(a, b))
res = {"docs": len(a), "max_abs_score_diff": diff, "within_1e-5": sum(abs(x - y) <= 1e-5 for x, y in zip(a, b)),
       "fasttext_docs_per_cpu_s": round(ft["docs"] / ft["cpu_s"], 1),
       "tamis_docs_per_cpu_s": round(tm["docs"] / tm["cpu_s"], 1),
       "speedup": round((tm["docs"] / tm["cpu_s"]) / (ft["docs"] / ft["cpu_s"]), 2),
       "mb": round(ft["bytes"] / 1e6, 1)}
print(json.dumps(res, indent=1))
json.dump(res, open(f"{o}/summary.json", "w"))
PY
# Training: tamis train-classifier vs fastText's trainer, same data and options.
(cd "$root" && cargo build -q --release -p tamis-cli)
"$here/.venv/bin/python" "$here/train_compare.py" "$out" "${CARGO_TARGET_DIR:-$root/target}/release/tamis"
