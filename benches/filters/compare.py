"""Compares datatrove's and tamis's decisions document by document and lists every
disagreement per filter (keep/drop decision, reason, and C4's rewritten text).
Writes a Markdown report and prints the summary."""
import argparse, collections, json


def load(path):
    return {r["id"]: r for r in map(json.loads, open(path))}


def kd(x):
    return "keep" if x == "keep" else "drop"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("datatrove")
    ap.add_argument("tamis")
    ap.add_argument("--dt-seconds", type=float, nargs="*", default=None)
    ap.add_argument("--timing", help="JSON files with {filter: seconds} for datatrove and tamis", nargs=2)
    ap.add_argument("--report", required=True)
    ap.add_argument("--words", action="store_true")
    a = ap.parse_args()
    dt, tm = load(a.datatrove), load(a.tamis)
    ids = [i for i in dt if i in tm]
    filters = list(next(iter(dt.values()))["decisions"].keys())
    lines = [f"# tamis vs datatrove: {len(ids)} documents\n"]
    summary = {}
    for f in filters:
        same = same_reason = 0
        dis = []
        c4_text_diff = 0
        for i in ids:
            a_, b_ = dt[i]["decisions"].get(f), tm[i]["decisions"].get(f)
            if kd(a_) == kd(b_):
                same += 1
                same_reason += a_ == b_
                if f == "c4_quality" and a_ == "keep" and dt[i].get("c4_text") != tm[i].get("c4_text"):
                    c4_text_diff += 1
            else:
                dis.append((i, a_, b_, tm[i].get("signals", {}).get(f)))
        pct = 100.0 * same / max(1, len(ids))
        summary[f] = {"agree_pct": round(pct, 2), "disagree": len(dis), "same_reason": same_reason,
                      "c4_text_differs": c4_text_diff if f == "c4_quality" else None}
        lines.append(f"## {f}: {pct:.2f}% same decision ({len(dis)} disagreements, "
                     f"{same_reason} with the same reason)\n")
        if f == "c4_quality":
            lines.append(f"Both kept but rewritten text differs: {c4_text_diff}\n")
        for i, x, y, s in dis:
            lines.append(f"- `{i}` datatrove={x} tamis={y} signals={json.dumps(s, ensure_ascii=False)}")
        lines.append("")
        cnt = collections.Counter(dt[i]["decisions"][f] for i in ids)
        lines.append("datatrove decisions: " + ", ".join(f"{k}={v}" for k, v in cnt.most_common()) + "\n")
    if a.timing:
        tdt, ttm = (json.load(open(p))["seconds"] for p in a.timing)
        lines.append("## Throughput (one core, per-document step time summed)\n")
        lines.append("| filter | datatrove s | tamis s | ratio |\n|---|---|---|---|")
        tot_dt = tot_tm = 0.0
        for f in filters:
            r = tdt[f] / max(ttm[f], 1e-9)
            tot_dt += tdt[f]; tot_tm += ttm[f]
            summary[f]["speedup"] = round(r, 1)
            lines.append(f"| {f} | {tdt[f]:.2f} | {ttm[f]:.3f} | {r:.0f}x |")
        lines.append(f"| all four | {tot_dt:.2f} | {tot_tm:.3f} | {tot_dt / max(tot_tm, 1e-9):.0f}x |\n")
        summary["all_speedup"] = round(tot_dt / max(tot_tm, 1e-9), 1)
        summary["docs_per_s"] = {"datatrove": round(len(ids) / tot_dt, 1), "tamis": round(len(ids) / max(tot_tm, 1e-9), 1)}
    if a.words:
        lines.append("## Word split differences (datatrove spaCy vs tamis)\n")
        exact = 0
        diffs = collections.Counter()
        for i in ids:
            w1, w2 = dt[i].get("words"), tm[i].get("words")
            if w1 is None or w2 is None:
                continue
            if w1 == w2:
                exact += 1
                continue
            s1, s2 = collections.Counter(w1), collections.Counter(w2)
            for k, v in (s1 - s2).items():
                diffs["-" + k] += v
            for k, v in (s2 - s1).items():
                diffs["+" + k] += v
        lines.append(f"identical splits: {exact}/{len(ids)}\n")
        for k, v in diffs.most_common(80):
            lines.append(f"- {v} `{k}`")
    open(a.report, "w").write("\n".join(lines) + "\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
