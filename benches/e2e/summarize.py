"""Print the markdown results table from benches/e2e/out.

usage: python summarize.py OUT_ROOT
Records = WARC response records read (tamis's stats.json records_read; the same
input for both tools). Throughput per core = records / CPU-seconds (user+sys of the
whole process tree).
"""
import glob
import gzip
import json
import os
import sys


def count_lines(pattern):
    n = 0
    for p in glob.glob(pattern):
        with (gzip.open if p.endswith(".gz") else open)(p, "rt") as f:
            n += sum(1 for line in f if line.strip())
    return n


def main():
    root = sys.argv[1]
    print("| input | cores | tool | wall s | CPU s | peak PSS of tree MB | max RSS one process MB | kept | records/CPU-s | tamis/datatrove per core |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for inp in sorted(os.listdir(root)):
        d = os.path.join(root, inp)
        for j in (1, 2):
            rows = {}
            records = None
            for tool in ("datatrove", "tamis"):
                tf = f"{d}/{tool}-j{j}.time.json"
                if not os.path.exists(tf):
                    continue
                t = json.load(open(tf))
                if tool == "tamis":
                    st = json.load(open(f"{d}/tamis-j{j}/stats.json"))
                    kept, records = st["kept"], st["records_read"]
                else:
                    kept = count_lines(f"{d}/datatrove-j{j}/deduped/*.jsonl*")
                rows[tool] = (t, kept)
            if records is None:
                continue
            tp = {k: records / max(t["cpu_s"], 1e-9) for k, (t, _) in rows.items()}
            for tool, (t, kept) in rows.items():
                ratio = f"{tp['tamis'] / tp['datatrove']:.1f}x" if tool == "tamis" and "datatrove" in tp else ""
                print(f"| {inp} ({records} rec) | {j} | {tool} | {t['wall_s']:.1f} | {t['cpu_s']:.1f} | "
                      f"{t['peak_tree_pss_kb'] / 1024:.0f} | {t['max_rss_one_process_kb'] / 1024:.0f} | {kept} | "
                      f"{tp[tool]:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
