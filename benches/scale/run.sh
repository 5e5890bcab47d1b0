#!/usr/bin/env bash
# Growth curve: the default preset on 10k, 100k and 1M records (JSONL text made from the
# shared crawl's pages, repeated with perturbation by make_jsonl.py), one run per size on
# all cores. Records per CPU-second (user + system) and peak RSS per size go to
# benches/scale/out/results.tsv, and plot.py draws docs/img/scale.svg from it.
#
# usage: benches/scale/run.sh [SIZE...]      (default: 10000 100000 1000000)
# env:   WORK (default /tmp/tamis-scale: the corpora, about 6 GB for 1M), THREADS (default 0 = all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/tamis-scale}"
threads="${THREADS:-0}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
mkdir -p "$work" "$here/out"
cd "$root"
cargo build --release -q -p tamis-cli
tamis="${CARGO_TARGET_DIR:-$root/target}/release/tamis"
if [ ! -s "$work/base.jsonl" ]; then
    "$tamis" extract "$root/../shared/data/crawl/sample-581.warc.gz" -o "$work/base.jsonl" -q
fi
results="$here/out/results.tsv"
[ -s "$results" ] || printf 'records\tbytes\twall_s\tcpu_s\tpeak_rss_mb\tkept\trecords_per_cpu_s\tdate\n' > "$results"
for n in "${sizes[@]}"; do
    data="$work/data-$n"
    if [ ! -d "$data" ]; then
        python3 "$here/make_jsonl.py" "$work/base.jsonl" "$data" --records "$n" --files 16
    fi
    out="$work/out-$n"
    rm -rf "$out"
    bytes=$(du -sb "$data" | cut -f1)
    /usr/bin/time -f '%e %U %S %M' -o "$work/time-$n" \
        "$tamis" run --preset default -i "$data" -o "$out" -j "$threads" -q
    read -r wall user sys rss < "$work/time-$n"
    kept=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kept'])" "$out/stats.json")
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$wall" "$cpu" "$((rss / 1024))" "$kept" \
        "$(python3 -c "print(round($n / ($user + $sys), 1))")" "$(date -u +%F)" | tee -a "$results"
    rm -rf "$out"
done
python3 "$here/plot.py" "$results" "$root/docs/img/scale.svg"
