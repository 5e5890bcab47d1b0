#!/usr/bin/env bash
# Regenerates the URL filter's built-in lists (crates/tamis-filters/data/url_filter/)
# from the datatrove wheel on PyPI and the Public Suffix List snapshot in the
# tldextract wheel, the exact files datatrove's URLFilter reads:
#   domains.zst, urls.zst       UT1 blacklists as datatrove 0.10.1 ships them
#                               (assets/url_filterblacklistsv0_3_0.tar.gz), zstd -19 (8 MiB window)
#   banned_words.txt, banned_subwords.txt, soft_banned_words.txt   verbatim
#   public_suffix_list.dat      tldextract's .tld_set_snapshot, verbatim
# Licences: data/url_filter/README.md. Needs python3 and zstd.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/benches/url_filter/.venv"
out="$root/crates/tamis-filters/data/url_filter"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$root/benches/url_filter/requirements.txt"
fi
site="$("$venv/bin/python" -c 'import datatrove, os; print(os.path.dirname(os.path.dirname(datatrove.__file__)))')"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar xzf "$site/datatrove/assets/url_filterblacklistsv0_3_0.tar.gz" -C "$tmp"
mkdir -p "$out"
zstd -19 -q -f "$tmp/domains" -o "$out/domains.zst"
zstd -19 -q -f "$tmp/urls" -o "$out/urls.zst"
for f in banned_words banned_subwords soft_banned_words; do
    cp "$site/datatrove/assets/$f.txt" "$out/$f.txt"
done
cp "$site/tldextract/.tld_set_snapshot" "$out/public_suffix_list.dat"
"$venv/bin/python" - "$out" <<'PY'
import importlib.metadata as m, sys
open(sys.argv[1] + "/VERSIONS", "w").write(
    f"datatrove {m.version('datatrove')}\ntldextract {m.version('tldextract')}\n")
PY
ls -l "$out"
