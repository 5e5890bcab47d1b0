#!/usr/bin/env python3
"""Runs trafilatura and resiliparse on the extraction benchmark pages and writes
JSONL outputs that the Rust scorer (crates/tamis-extract/examples/eval.rs) reads.

Each tool sees the same decompressed bytes, preloaded in memory; only the
extraction call (decoding included) is timed, single-threaded: both wall
time and this thread's CPU time are recorded (the machine may be busy).

usage: peers.py DATA_DIR OUT_DIR [trafilatura] [resiliparse]
"""
import gzip
import json
import os
import sys
import time


def load(data):
    sets = {}
    sh = os.path.join(data, "scrapinghub")
    gt = json.load(open(os.path.join(sh, "ground-truth.json")))
    sets["scrapinghub"] = [
        (k, v.get("url"), gzip.open(os.path.join(sh, "html", k + ".html.gz")).read()) for k, v in sorted(gt.items())
    ]
    wc = os.path.join(data, "wcxb-dev")
    meta = json.load(open(os.path.join(wc, "metadata.json")))["files"]
    pages = []
    for k in sorted(meta):
        url = json.load(open(os.path.join(wc, "ground-truth", k + ".json"))).get("url")
        pages.append((k, url, gzip.open(os.path.join(wc, "html", k + ".html.gz")).read()))
    sets["wcxb"] = pages
    mu = os.path.join(data, "trafilatura-eval-dev")
    ev = json.load(open(os.path.join(mu, "evaldata.json")))
    sets["multi"] = [
        (v["file"][: -len(".html")], url, gzip.open(os.path.join(mu, "html", v["file"] + ".gz")).read())
        for url, v in sorted(ev.items(), key=lambda kv: kv[1]["file"])
    ]
    return sets


def run_trafilatura():
    import trafilatura

    def f(html, url):
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            return "", None, None
        if not isinstance(doc, dict):
            doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
        return doc.get("text") or "", doc.get("title"), doc.get("date")

    return f


def run_resiliparse():
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    def f(html, url):
        tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
        text = extract_plain_text(tree, main_content=True)
        return text, tree.title or None, None

    return f


def main():
    data, out = sys.argv[1], sys.argv[2]
    tools = sys.argv[3:] or ["trafilatura", "resiliparse"]
    os.makedirs(out, exist_ok=True)
    sets = load(data)
    for tool in tools:
        fn = {"trafilatura": run_trafilatura, "resiliparse": run_resiliparse}[tool]()
        with open(os.path.join(out, tool + ".jsonl"), "w") as w:
            for set_name, pages in sets.items():
                total = 0.0
                cpu = 0.0
                for pid, url, html in pages:
                    c0 = time.thread_time()
                    t0 = time.perf_counter()
                    try:
                        text, title, date = fn(html, url)
                        err = None
                    except Exception as e:  # a failure is an empty output, as for tamis
                        text, title, date, err = "", None, None, repr(e)
                    total += time.perf_counter() - t0
                    cpu += time.thread_time() - c0
                    rec = {"set": set_name, "id": pid, "text": text, "title": title, "date": date}
                    if err:
                        rec["error"] = err
                    w.write(json.dumps(rec, ensure_ascii=False) + "\n")
                w.write(json.dumps({"set": set_name, "timing": True, "pages": len(pages), "seconds": total, "cpu_seconds": cpu}) + "\n")
                print(f"{tool} {set_name}: {len(pages)} pages in {total:.1f}s ({len(pages) / total:.0f} pages/s wall, {len(pages) / cpu:.0f} pages/CPU-s)", file=sys.stderr)


if __name__ == "__main__":
    main()
