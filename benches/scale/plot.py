"""Draws the growth curve (records per CPU-second and peak RSS against corpus size) as an
SVG, from benches/scale/out/results.tsv; standard library only.

usage: python plot.py RESULTS.tsv OUT.svg
"""
import csv
import math
import sys


def panel(x0, title, unit, pts, color):
    """One 300x200 panel at x0 with log-x (records) and linear y from 0."""
    w, h, left, top = 300, 200, 50, 30
    ymax = max(y for _, y in pts) * 1.2 or 1
    xs = [math.log10(x) for x, _ in pts]
    xmin, xmax = min(xs) - 0.2, max(xs) + 0.2
    def px(x):
        return x0 + left + (math.log10(x) - xmin) / (xmax - xmin) * w
    def py(y):
        return top + h - y / ymax * h
    out = [f'<text x="{x0 + left}" y="18" font-size="13">{title}</text>',
           f'<line x1="{x0 + left}" y1="{top + h}" x2="{x0 + left + w}" y2="{top + h}" stroke="#444"/>',
           f'<line x1="{x0 + left}" y1="{top}" x2="{x0 + left}" y2="{top + h}" stroke="#444"/>']
    for k in range(5):
        y = ymax * k / 4
        out.append(f'<text x="{x0 + left - 6}" y="{py(y) + 4:.1f}" font-size="10" text-anchor="end">{y:,.0f}</text>')
    for x, _ in pts:
        label = f"{x // 1000:,}k" if x < 1_000_000 else f"{x // 1_000_000}M"
        out.append(f'<text x="{px(x):.1f}" y="{top + h + 14}" font-size="10" text-anchor="middle">{label}</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y) in enumerate(pts))
    out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
    for x, y in pts:
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
        out.append(f'<text x="{px(x):.1f}" y="{py(y) - 7:.1f}" font-size="10" text-anchor="middle">{y:,.0f}</text>')
    out.append(f'<text x="{x0 + left + w / 2}" y="{top + h + 30}" font-size="11" text-anchor="middle">records (log scale); y: {unit}</text>')
    return out


def main():
    rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
    last = {}
    for r in rows:  # the last run of each size
        last[int(r["records"])] = r
    sizes = sorted(last)
    speed = [(n, float(last[n]["records_per_cpu_s"])) for n in sizes]
    rss = [(n, float(last[n]["peak_rss_mb"])) for n in sizes]
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="760" height="270" font-family="sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>']
    parts += panel(0, "default preset: records per CPU-second", "records/CPU-s", speed, "#1f77b4")
    parts += panel(380, "peak RSS", "MB", rss, "#d62728")
    parts.append("</svg>")
    open(sys.argv[2], "w").write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
