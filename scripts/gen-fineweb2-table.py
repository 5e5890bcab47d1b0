#!/usr/bin/env python3
"""Generates crates/tamis-filters/data/fineweb2/configs.json.zst, the per-language
filter settings FineWeb-2 publishes (https://github.com/huggingface/fineweb-2,
configs/<lang>_<Script>.yml, Apache-2.0), one entry per GlotLID label.

Also maps other labels to those: ISO 639-1 codes (`fr`, as lid.176 gives) and
bare ISO 639-3 codes (`fra`) to the label of their default script, from
datatrove's language table (assets/tokenizer_assignment.csv, Apache-2.0).

usage: gen-fineweb2-table.py FINEWEB2_CHECKOUT TOKENIZER_ASSIGNMENT_CSV [OUT_DIR]
Needs PyYAML and the `zstd` command. Records the checkout's commit in VERSION.
"""
import csv
import json
import os
import subprocess
import sys

import yaml

KEYS = ["language_score", "dup_line_frac", "top_n_grams", "dup_n_grams", "line_punct_thr",
        "new_line_ratio", "min_avg_word_length", "max_avg_word_length", "max_non_alpha_words_ratio",
        "stopwords"]


def main():
    repo, assignment = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "crates", "tamis-filters", "data", "fineweb2")
    os.makedirs(out, exist_ok=True)
    table = {}
    cfg_dir = os.path.join(repo, "configs")
    for name in sorted(os.listdir(cfg_dir)):
        if not name.endswith(".yml"):
            continue
        cfg = yaml.safe_load(open(os.path.join(cfg_dir, name), encoding="utf-8"))
        unknown = set(cfg) - set(KEYS)
        if unknown:
            sys.exit(f"{name}: unknown keys {sorted(unknown)}: update KEYS and tamis's reader")
        table[name[: -len(".yml")]] = {k: cfg[k] for k in KEYS if k in cfg}
    aliases = {}
    rows = list(csv.DictReader(open(assignment, encoding="utf-8")))
    # Default rows first, so that a code maps to its default script's label.
    rows.sort(key=lambda r: (r["default_script"] != "TRUE", r["default_code_1"] != "TRUE"))
    for r in rows:
        label = f"{r['code_3']}_{r['script']}"
        if label not in table:
            continue
        aliases.setdefault(r["code_3"], label)
        if r["code_1"] and r["default_code_1"] == "TRUE":
            aliases.setdefault(r["code_1"], label)
    data = {"configs": table, "aliases": dict(sorted(aliases.items()))}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raw = os.path.join(out, "configs.json")
    open(raw, "w", encoding="utf-8").write(text)
    subprocess.run(["zstd", "-19", "-q", "-f", "--rm", raw, "-o", raw + ".zst"], check=True)
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    open(os.path.join(out, "VERSION"), "w").write(f"huggingface/fineweb-2 {commit or 'unknown'}\n{len(table)} configurations\n")
    print(f"{len(table)} configurations -> {raw}.zst", file=sys.stderr)


if __name__ == "__main__":
    main()
