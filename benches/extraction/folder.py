"""resiliparse over a folder of HTML files, as a user with scraped pages would run it:
read each file, detect its encoding, extract the main text, write one JSONL line per page.
The peer of `tamis extract DIR -o OUT.jsonl -j 1` (see docs/benchmarks.md).

usage: folder.py DIR OUT.jsonl
"""
import json
import os
import sys
import time

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from resiliparse.parse.html import HTMLTree

t0, c0 = time.perf_counter(), time.process_time()
n = 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for root, _, files in os.walk(sys.argv[1]):
        for name in sorted(files):
            raw = open(os.path.join(root, name), "rb").read()
            html = bytes_to_str(raw, detect_encoding(raw))
            text = extract_plain_text(HTMLTree.parse(html), main_content=True)
            out.write(json.dumps({"id": name, "text": text}) + "\n")
            n += 1
print(f"resiliparse: {n} files, {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")
