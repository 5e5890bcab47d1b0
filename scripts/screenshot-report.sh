#!/usr/bin/env bash
# Screenshot of a run report, for the docs.
#
#   scripts/screenshot-report.sh OUT PNG [WIDTH] [HEIGHT]
#
# Writes OUT/report.html first if it is missing (with `tamis report OUT` when
# $TAMIS_BIN is set or `tamis` is on PATH, else with the tamis-report example),
# then renders it with headless Chromium (Debian package `chromium`).
# To make docs/img/report.png from a realistic fake output folder:
#
#   cargo run -q -p tamis-report --example fake_out -- /tmp/tamis-fake-out 3000
#   scripts/screenshot-report.sh /tmp/tamis-fake-out docs/img/report.png
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 OUT PNG [WIDTH] [HEIGHT]" >&2
    exit 2
fi
out=$(cd "$1" && pwd)
png=$2
width=${3:-1360}
height=${4:-2400}
chromium=${CHROMIUM:-/usr/bin/chromium}
here=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -f "$out/report.html" ]; then
    if [ -n "${TAMIS_BIN:-}" ]; then
        "$TAMIS_BIN" report "$out"
    elif command -v tamis >/dev/null 2>&1; then
        tamis report "$out"
    else
        (cd "$here" && cargo run -q -p tamis-report --example report -- "$out")
    fi
fi
if [ ! -x "$chromium" ]; then
    echo "$chromium not found: apt-get install chromium" >&2
    exit 1
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
png_abs=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
    --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
    --window-size="$width,$height" --screenshot="$png_abs" "file://$out/report.html" 2>"$profile/stderr.log" || {
    cat "$profile/stderr.log" >&2
    exit 1
}
echo "wrote $png_abs (${width}x${height})"
