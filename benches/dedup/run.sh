#!/usr/bin/env bash
# Dedup evaluation + benchmark: tamis `minhash` vs datatrove's four-stage MinHash,
# side by side on the same generated near-duplicate corpus; then the scale test.
#
#   benches/dedup/run.sh                 # quality + side by side (WCXB-based corpus)
#   SCALE=1000000 benches/dedup/run.sh   # also the scale test on SCALE short documents
#
# Env: GT (ground-truth folder), THREADS (default 2), CARGO_TARGET_DIR, WORKSPACE.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GT=${GT:-$ROOT/../shared/data/extraction/wcxb-dev/ground-truth}
THREADS=${THREADS:-2}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# WORKSPACE: where to run cargo (default: the repository)
cd "${WORKSPACE:-$ROOT}"
cargo build --release -p tamis-dedup --example dedup_bench
B=$CARGO_TARGET_DIR/release/examples/dedup_bench
if [ ! -x "$HERE/.venv/bin/python" ]; then
  python3 -m venv "$HERE/.venv"
  "$HERE/.venv/bin/pip" install -q -r "$HERE/requirements.txt"
fi
D=$HERE/data; O=$HERE/out
mkdir -p "$O"
TIME='{"wall_s": %e, "user_s": %U, "sys_s": %S, "max_rss_kb": %M}'

echo "== corpus"
"$B" gen "$GT" "$D/wcxb" --shards 8
echo "== tamis minhash ($THREADS threads)"
/usr/bin/time -f "$TIME" -o "$O/tamis.time" "$B" run minhash "$D/wcxb/corpus" "$O/work-tamis" "$O/removed-tamis.txt" --threads "$THREADS"
cat "$O/tamis.time"
echo "== datatrove minhash ($THREADS workers)"
/usr/bin/time -f "$TIME" -o "$O/datatrove.time" "$HERE/.venv/bin/python" "$HERE/datatrove_minhash.py" \
  "$D/wcxb/corpus" "$O/work-datatrove" "$O/removed-datatrove.txt" --workers "$THREADS" 2>"$O/datatrove.log"
cat "$O/datatrove.time"
echo "== quality (J >= 0.8 must go, J < 0.5 must stay, [0.5, 0.8) not counted)"
"$B" eval "$D/wcxb" "$O/removed-tamis.txt" "$O/removed-datatrove.txt"
echo "== S-curve (tamis band keys)"
cat "$D/wcxb/scurve.tsv"
echo "== tamis lines: fake sites of 25 real pages sharing a sidebar"
"$B" sites "$GT" "$O/work-sites"
for m in exact lines; do
  echo "== tamis $m"
  "$B" run "$m" "$D/wcxb/corpus" "$O/work-$m" "$O/removed-$m.txt" --threads "$THREADS"
done

if [ -n "${SCALE:-}" ]; then
  echo "== scale: $SCALE short documents"
  "$B" synth "$SCALE" "$D/synth-$SCALE" --shards 16
  /usr/bin/time -f "$TIME" -o "$O/scale-$SCALE.time" "$B" run minhash "$D/synth-$SCALE" "$O/work-scale" "$O/removed-scale.txt" --threads "$THREADS"
  cat "$O/scale-$SCALE.time"
fi
