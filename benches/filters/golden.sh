#!/usr/bin/env bash
# Regenerates the golden files the `golden` cargo test compares against:
# fixtures (our own texts) and datatrove's decisions on them.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q 'datatrove[processing]==0.10.1' 'spacy>=3.8,<3.9' 'resiliparse>=0.15'
fi
G=../../crates/tamis-filters/tests/golden
.venv/bin/python make_fixtures.py
.venv/bin/python datatrove_decisions.py "$G/fixtures.jsonl" --out "$G/datatrove.jsonl" \
  --filters gopher_quality,gopher_repetition,c4_quality,fineweb_quality,c4_paragraph 2>/dev/null
# timings are not golden
.venv/bin/python - "$G/datatrove.jsonl" <<'PY'
import json, sys
p = sys.argv[1]
rows = [json.loads(l) for l in open(p)]
with open(p, "w") as f:
    for r in rows:
        r.pop("seconds", None)
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
echo "golden files in $G"
.venv/bin/python pii_golden.py
