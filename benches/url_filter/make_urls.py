#!/usr/bin/env python3
"""Builds the URL set on which tamis's url_filter is compared with datatrove's
URLFilter: real URLs from the shared data plus URLs built from the block lists'
own entries (hosts, subdomains, paths, case and port variants, look-alikes),
from the word lists, and from Public Suffix List corner cases. Deterministic.

usage: make_urls.py LISTS_DIR SHARED_DATA OUT.jsonl [--synthetic-only N]
LISTS_DIR holds the extracted `domains`, `urls` and datatrove's word lists.
Writes {"id", "text", "url"} lines.
"""
import gzip
import json
import os
import random
import re
import sys


def real_urls(shared):
    urls = []
    ex = os.path.join(shared, "extraction")
    try:
        gt = json.load(open(os.path.join(ex, "scrapinghub", "ground-truth.json")))
        urls += [v.get("url") for v in gt.values()]
        wc = os.path.join(ex, "wcxb-dev", "ground-truth")
        for f in sorted(os.listdir(wc)):
            urls.append(json.load(open(os.path.join(wc, f))).get("url"))
        urls += list(json.load(open(os.path.join(ex, "trafilatura-eval-dev", "evaldata.json"))).keys())
        with gzip.open(os.path.join(shared, "crawl", "sample-581.warc.gz"), "rb") as f:
            for line in f:
                if line.startswith(b"WARC-Target-URI:"):
                    urls.append(line.split(b":", 1)[1].strip().decode("utf-8", "replace"))
    except FileNotFoundError as e:
        print(f"warning: {e}", file=sys.stderr)
    return [u for u in urls if u]


def words(path):
    return [l.strip() for l in open(path) if l.strip() and not l.startswith("#")]


def main():
    lists, shared, out = sys.argv[1], sys.argv[2], sys.argv[3]
    synthetic_only = "--synthetic-only" in sys.argv
    n_scale = int(sys.argv[sys.argv.index("--synthetic-only") + 1]) if synthetic_only else 1
    rng = random.Random(20261207)
    domains = [l.strip() for l in open(os.path.join(lists, "domains"))]
    urls_list = [l.strip() for l in open(os.path.join(lists, "urls"))]
    banned = words(os.path.join(lists, "banned_words.txt"))
    soft = words(os.path.join(lists, "soft_banned_words.txt"))
    sub = words(os.path.join(lists, "banned_subwords.txt"))
    benign = ["news", "blog", "article", "2024", "recipes", "bread", "wiki", "sieve", "index", "page",
              "about", "contact", "products", "shop", "forum", "thread", "docs", "guide", "en", "fr",
              "de", "category", "tag", "search", "video", "photo", "travel", "sport", "music", "world"]
    hosts = ["example.com", "news.example.org", "www.bbc.co.uk", "blog.example.net", "foo.github.io",
             "me.blogspot.com", "city.kawasaki.jp", "a.b.kawasaki.jp", "www.city.kawasaki.jp", "x.ck",
             "www.ck", "example.公司.cn", "shop.example.xn--55qx5d.cn", "127.0.0.1", "[::1]", "localhost",
             "co.uk", "example", "ex-ample.de", "über.de", "xn--ber-goa.de", "example.com.", "EXAMPLE.COM",
             "a..b.com", ".example.com", "example。com", "sub.example.gov.uk", "foo.bar.baz.co.jp"]
    rows = []
    if not synthetic_only:
        rows += real_urls(shared)
    n = 30_000 // n_scale
    for d in rng.sample(domains, n):
        p = "/".join(rng.sample(benign, rng.randint(0, 3)))
        v = rng.randint(0, 11)
        rows.append([
            f"http://{d}/", f"https://www.{d}/{p}", f"http://sub{rng.randint(0, 99)}.{d}/{p}",
            f"HTTP://{d.upper()}/", f"https://{d}:8080/{p}?q=1", f"https://user@{d}/{p}#x",
            f"https://{d}./", f"https://{d}x/{p}", f"https://x{d}/", f"https://{d}.example.com/{p}",
            f"https://{d.rsplit('.', 1)[0]}.org/", f"{d}/{p}",
        ][v])
        rows.append(f"https://www.{d}/{p}")
    for u in rng.sample(urls_list, min(len(urls_list), 10_000 // n_scale)):
        rows.append(rng.choice([u, "http://" + u, "https://" + u, u + "/", u.upper()]))
    for _ in range(25_000 // n_scale):
        h = rng.choice(hosts) if rng.random() < 0.5 else f"{rng.choice(benign)}.{rng.choice(['com', 'org', 'fr', 'co.uk', 'de'])}"
        parts = rng.sample(benign, rng.randint(0, 3))
        r = rng.random()
        if r < 0.25:
            parts.append(rng.choice(banned))
        elif r < 0.5:
            parts += rng.sample(soft, rng.randint(1, 3))
        elif r < 0.7:
            w = rng.choice(sub)
            parts.append(rng.choice([w.replace(" ", "-"), w.replace(" ", ""), "x" + w.replace(" ", "_") + "y", w.title().replace(" ", "")]))
        elif r < 0.8:
            parts.append(rng.choice(banned + soft).upper())
        elif r < 0.9:
            parts.append(rng.choice(banned + soft) + rng.choice(["s", "ing", "123", "_x"]))
        rng.shuffle(parts)
        sep = rng.choice(["/", "-", "_", ".", "?q=", "+"])
        tail = rng.choice(["", "/", ".html", "?a=b", "#top"])
        rows.append(f"{rng.choice(['http', 'https'])}://{h}/{sep.join(parts)}{tail}")
    for _ in range(8_000 // n_scale):
        w = rng.choice(banned + soft + sub).replace(" ", rng.choice(["", "-", "."]))
        rows.append(f"https://{w}.{rng.choice(['com', 'net', 'co.uk', 'info'])}/{rng.choice(benign)}")
    with open(out, "w") as f:
        for i, u in enumerate(rows):
            f.write(json.dumps({"id": str(i), "text": "x", "url": u}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} URLs", file=sys.stderr)


if __name__ == "__main__":
    main()
