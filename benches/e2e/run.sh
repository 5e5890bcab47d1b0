#!/usr/bin/env bash
# End-to-end benchmark: datatrove's FineWeb example pipeline vs `tamis run --preset fineweb`,
# side by side on the same WARC input, on 1 and on 2 cores.
#
#   benches/e2e/run.sh                      # sample-581 + a generated 10,000-record WARC
#   BIG_RECORDS=3000 benches/e2e/run.sh     # smaller generated input (its records are the
#                                           # first 3,000 of the 10,000-record one)
#   INPUTS=sample JOBS=1 TOOLS=tamis benches/e2e/run.sh
#
# Env: BIG_RECORDS (10000), INPUTS ("sample big"), JOBS ("1 2"), TOOLS ("tamis datatrove"),
#      SAMPLE (the 581-record WARC), CARGO_TARGET_DIR, TAMIS_BIN (skip the build).
# Output: benches/e2e/out/<input>/<tool>-j<N>/ and <tool>-j<N>.time.json, compare-j<N>.json.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLE=${SAMPLE:-$ROOT/../shared/data/crawl/sample-581.warc.gz}
BIG_RECORDS=${BIG_RECORDS:-10000}
INPUTS=${INPUTS:-sample big}
JOBS=${JOBS:-1 2}
TOOLS=${TOOLS:-tamis datatrove}
LID=$ROOT/crates/tamis-lang/models/lid.176.ftz
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

if [ -z "${TAMIS_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -p tamis-cli)
  TAMIS_BIN=$CARGO_TARGET_DIR/release/tamis
fi
if [ ! -x "$HERE/.venv/bin/python" ]; then
  python3 -m venv "$HERE/.venv"
  "$HERE/.venv/bin/pip" install -q -r "$HERE/requirements.txt"
fi
PY=$HERE/.venv/bin/python
export PYTHONPATH=$HERE
# datatrove's Trafilatura/fastText/spaCy must not fetch anything at run time
export HF_HUB_OFFLINE=1

for input in $INPUTS; do
  case $input in
    sample)
      # the same records plus WARC-Identified-Payload-Type (see make_warc.py)
      IN=$HERE/data/sample-581/part-00.warc.gz
      [ -f "$IN" ] || "$PY" "$HERE/make_warc.py" "$SAMPLE" "$HERE/data/sample-581" --records 581 --shards 1 ;;
    big)
      IN=$HERE/data/big-$BIG_RECORDS
      [ -d "$IN" ] || "$PY" "$HERE/make_warc.py" "$SAMPLE" "$IN" --records "$BIG_RECORDS" --shards 4
      input=big-$BIG_RECORDS ;;
    *) IN=$input; input=$(basename "$input") ;;
  esac
  O=$HERE/out/$input
  mkdir -p "$O"
  for j in $JOBS; do
    for tool in $TOOLS; do
      echo "== $input: $tool, $j core(s)"
      rm -rf "$O/$tool-j$j"
      if [ "$tool" = tamis ]; then
        "$PY" "$HERE/measure.py" "$O/tamis-j$j.time.json" -- \
          "$TAMIS_BIN" run --preset fineweb --input "$IN" --output "$O/tamis-j$j" -j "$j" --quiet
      else
        "$PY" "$HERE/measure.py" "$O/datatrove-j$j.time.json" -- \
          "$PY" "$HERE/datatrove_fineweb.py" "$IN" "$O/datatrove-j$j" --workers "$j" --lid "$LID" \
          > "$O/datatrove-j$j.stages.json" 2> "$O/datatrove-j$j.log"
      fi
    done
    if [ -d "$O/tamis-j$j" ] && [ -d "$O/datatrove-j$j" ]; then
      "$PY" "$HERE/compare.py" "$O/datatrove-j$j" "$O/tamis-j$j" --json "$O/compare-j$j.json" > "$O/compare-j$j.txt"
      head -c 1500 "$O/compare-j$j.txt"
    fi
  done
done
"$PY" "$HERE/summarize.py" "$HERE/out"
