#!/usr/bin/env bash
# Language identification benchmark: tamis-lang (built-in lid.176.ftz) beside
# fasttext-predict (same model, Python) and the whatlang crate, on
# ../shared/data/langid (lingua test data: sentences, word pairs, single words).
#
#   bash benches/langid/run.sh            # from the repository root
#
# Makes benches/langid/.venv-predict (pip install fasttext-predict) on first
# run; writes benches/langid/results/ (gitignored) and prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=$ROOT/benches/langid
DATA=${TAMIS_LANGID_DATA:-$ROOT/../shared/data/langid/lingua-testdata}
OUT=$BENCH/results
MODEL=$ROOT/crates/tamis-lang/models/lid.176.ftz
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$OUT"

if [ ! -x "$BENCH/.venv-predict/bin/python" ]; then
  python3 -m venv "$BENCH/.venv-predict"
  "$BENCH/.venv-predict/bin/pip" install -q fasttext-predict
fi
PY=$BENCH/.venv-predict/bin/python

cargo build -q --release -p tamis-lang --example langid --example langid_bench
BIN=$CARGO_TARGET_DIR/release/examples

# One file per kind: every non-empty line of every language, and its truth.
for kind in sentences word-pairs single-words; do
  : > "$OUT/$kind.txt"; : > "$OUT/$kind.lang"
  for dir in "$DATA"/*/; do
    lang=$(basename "$dir")
    [ -f "$dir/$kind.txt" ] || continue
    grep -v '^$' "$dir/$kind.txt" >> "$OUT/$kind.txt" || true
    grep -v '^$' "$dir/$kind.txt" | sed "s/.*/$lang/" >> "$OUT/$kind.lang" || true
  done
done

echo "# langid benchmark ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "## Whole process, one text per line in, LABEL PROB out (k=1)"
echo
echo "| texts | MB | fasttext-predict wall s | CPU s | tamis wall s | CPU s | speed-up (CPU) | speed-up (wall) |"
echo "|---|---|---|---|---|---|---|---|"
for kind in sentences word-pairs single-words; do
  mb=$(stat -c %s "$OUT/$kind.txt" | awk '{printf "%.2f", $1/1e6}')
  /usr/bin/time -f "%e %U %S" -o "$OUT/$kind.ft.time" "$PY" "$BENCH/predict.py" "$MODEL" "$OUT/$kind.txt" > "$OUT/$kind.fasttext"
  /usr/bin/time -f "%e %U %S" -o "$OUT/$kind.tamis.time" "$BIN/langid" "$OUT/$kind.txt" > "$OUT/$kind.tamis"
  read -r fw fu fs < "$OUT/$kind.ft.time"
  read -r tw tu ts < "$OUT/$kind.tamis.time"
  awk -v k="$kind" -v mb="$mb" -v fw="$fw" -v fu="$fu" -v fs="$fs" -v tw="$tw" -v tu="$tu" -v ts="$ts" 'BEGIN {
    fc = fu + fs; tc = tu + ts; if (tc < 0.01) tc = 0.01; if (tw < 0.01) tw = 0.01;
    printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx |\n", k, mb, fw, fc, tw, tc, fc / tc, fw / tw }'
done
echo
"$BIN/langid_bench" "$OUT"
