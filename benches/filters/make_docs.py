"""Builds the benchmark documents: for every WCXB dev page, the ground-truth main
content ("gt-<id>") and the whole page's visible text from resiliparse ("raw-<id>"),
so that quality varies from clean articles to menus and boilerplate."""
import argparse, glob, gzip, json, os

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--limit", type=int, default=0)
a = ap.parse_args()

files = sorted(glob.glob(os.path.join(a.data, "ground-truth", "*.json")))
if a.limit:
    files = files[: a.limit]
n = 0
with open(a.out, "w") as out:
    for f in files:
        gt = json.load(open(f))
        fid = os.path.basename(f)[: -len(".json")]
        url = gt.get("url")
        text = (gt.get("ground_truth") or {}).get("main_content") or ""
        out.write(json.dumps({"id": f"gt-{fid}", "text": text, "metadata": {"url": url}}) + "\n")
        n += 1
        html_path = os.path.join(a.data, "html", f"{fid}.html.gz")
        if os.path.exists(html_path):
            raw = gzip.open(html_path).read()
            html = bytes_to_str(raw, detect_encoding(raw))
            page = extract_plain_text(html, main_content=False)
            out.write(json.dumps({"id": f"raw-{fid}", "text": page, "metadata": {"url": url}}) + "\n")
            n += 1
print(f"wrote {n} documents to {a.out}")
