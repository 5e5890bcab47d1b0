#!/usr/bin/env bash
# tamis's url_filter vs datatrove's URLFilter, side by side: same decision and
# reason on every URL of a set built by make_urls.py (real URLs from the shared
# data plus URLs made from the lists' own entries), and filter CPU time.
# usage: benches/url_filter/run.sh [--golden]
#   --golden  also rewrites crates/tamis-filters/tests/golden/url_filter_datatrove.jsonl
#             (synthetic URLs only, no third-party URLs) from datatrove's decisions
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${SHARED:-$root/../shared/data}"
out="$here/out"
mkdir -p "$out/lists"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
fi
py="$here/.venv/bin/python"
site="$("$py" -c 'import datatrove, os; print(os.path.dirname(os.path.dirname(datatrove.__file__)))')"
tar xzf "$site/datatrove/assets/url_filterblacklistsv0_3_0.tar.gz" -C "$out/lists"
cp "$site"/datatrove/assets/{banned_words,soft_banned_words,banned_subwords}.txt "$out/lists/"
"$py" "$here/make_urls.py" "$out/lists" "$shared" "$out/urls.jsonl"
"$py" "$here/datatrove_decisions.py" "$out/urls.jsonl" "$out/datatrove.jsonl" 2> >(tail -1 > "$out/datatrove_timing.json")
(cd "$root" && cargo build -q --release -p tamis-filters --example filter_jsonl)
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/filter_jsonl"
"$bin" "$out/urls.jsonl" url_filter > "$out/tamis.jsonl" 2> "$out/tamis_timing.json"
python3 "$here/compare.py" "$out/urls.jsonl" "$out/datatrove.jsonl" "$out/tamis.jsonl" | tee "$out/summary.json"
echo "filter CPU seconds: datatrove $(cat "$out/datatrove_timing.json"), tamis $(cat "$out/tamis_timing.json")"
if [ "${1:-}" = "--golden" ]; then
    "$py" "$here/make_urls.py" "$out/lists" "$shared" "$out/golden_urls.jsonl" --synthetic-only 25
    "$py" "$here/datatrove_decisions.py" "$out/golden_urls.jsonl" "$out/golden_dt.jsonl" 2>/dev/null
    python3 - "$out/golden_urls.jsonl" "$out/golden_dt.jsonl" \
        "$root/crates/tamis-filters/tests/golden/url_filter_datatrove.jsonl" <<'PY'
import json, sys
urls = [json.loads(l) for l in open(sys.argv[1])]
dec = [json.loads(l) for l in open(sys.argv[2])]
with open(sys.argv[3], "w") as f:
    for u, d in zip(urls, dec):
        assert u["id"] == d["id"]
        f.write(json.dumps({"url": u["url"], "datatrove": d["decision"]}, ensure_ascii=False) + "\n")
PY
fi
