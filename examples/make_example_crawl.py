#!/usr/bin/env python3
"""Generate tamis's own example crawl: ``examples/crawl/example.warc.gz`` and its
ground truth ``examples/crawl/manifest.json``.

Every page in the crawl is fictional and every sentence in it was written for the
tamis project (Apache-2.0, like the rest of the repository). Domains, people,
e-mail addresses and phone numbers are invented.

The output is deterministic: a fixed seed, fixed WARC dates, record ids derived
from the URL (UUIDv5) and gzip members written with ``mtime=0``. Running the
script twice gives byte-identical files.

Usage::

    python3 examples/make_example_crawl.py           # (re)write the crawl and manifest
    python3 examples/make_example_crawl.py --check   # exit 1 if the committed files are stale

Standard library only (Python >= 3.8; written for 3.11).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html
import io
import json
import os
import random
import re
import sys
import tempfile
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRAWL_DIR = HERE / "crawl"
WARC_PATH = CRAWL_DIR / "example.warc.gz"
MANIFEST_PATH = CRAWL_DIR / "manifest.json"
WARC_NAME = "example.warc.gz"

SEED = 20260318
CRAWL_START = datetime(2026, 3, 18, 6, 0, 0, tzinfo=timezone.utc)
SECONDS_BETWEEN_PAGES = 41
MAX_WARC_BYTES = 2 * 1024 * 1024
USER_AGENT = "tamis-example-crawler/1.0 (+https://example.invalid/tamis)"
# Namespace for record ids: uuid5(NS, "<record type> <url>").
RECORD_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.invalid/tamis/examples/crawl")

PYTHON_CODECS = {"utf-8": "utf-8", "windows-1252": "cp1252", "iso-8859-1": "latin-1"}


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def plain(marked: str) -> str:
    """Visible text of a line written with the tiny inline markup below."""
    text = _LINK.sub(r"\1", marked)
    text = _BOLD.sub(r"\1", text)
    return _CODE.sub(r"\1", text)


def inline(marked: str) -> str:
    """HTML of a line with ``[text](href)``, ``**bold**`` and `` `code` `` markup."""
    out = esc(marked)
    out = _LINK.sub(lambda m: f'<a href="{attr(html.unescape(m.group(2)))}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _CODE.sub(r"<code>\1</code>", out)


def words(text: str) -> int:
    return len(text.split())


def b64_blob(rng: random.Random, n: int) -> str:
    """Incompressible bytes standing in for an inline low-quality image placeholder."""
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode("ascii")


def hexid(rng: random.Random, n: int = 8) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def lqip_img(rng: random.Random, src: str, alt: str = "", n: int = 900, w: int = 800, h: int = 450) -> str:
    """A lazy-loaded image whose src is an inline blurred placeholder, as many CMSs emit."""
    return (f'<img src="data:image/jpeg;base64,{b64_blob(rng, n)}" data-src="{attr(src)}" alt="{attr(alt)}" '
            f'width="{w}" height="{h}" loading="lazy" decoding="async">')


def inline_font(site: str, family: str, n: int) -> str:
    """An @font-face with the font inlined as base64 (same bytes on every page of a site)."""
    rng = url_rng("font " + site)
    return (f"@font-face{{font-family:'{family}';font-style:normal;font-weight:400;font-display:swap;"
            f"src:url(data:font/woff2;base64,{b64_blob(rng, n)}) format('woff2')}}")


SVG_SPRITE = (
    '<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">'
    '<symbol id="i-facebook" viewBox="0 0 24 24"><path d="M14 8h3V4h-3c-2.8 0-4 1.7-4 4.3V10H7v4h3v8h4v-8h3l1-4h-4V8.6c0-.4.3-.6.6-.6z"/></symbol>'
    '<symbol id="i-x" viewBox="0 0 24 24"><path d="M4 3h4.6l4.2 5.9L17.9 3H21l-6.8 7.8L21.5 21h-4.6l-4.6-6.4L6.7 21H3.6l7.2-8.3z"/></symbol>'
    '<symbol id="i-whatsapp" viewBox="0 0 24 24"><path d="M12 2a10 10 0 0 0-8.6 15.1L2 22l5-1.3A10 10 0 1 0 12 2zm5.3 14.1c-.2.6-1.3 1.2-1.8 1.2-.5.1-1 .2-3.3-.7-2.8-1.1-4.5-4-4.7-4.2-.1-.2-1.1-1.5-1.1-2.9s.7-2 1-2.3c.3-.3.6-.3.8-.3h.6c.2 0 .4 0 .6.5l.9 2.1c.1.2.1.4 0 .5l-.4.6-.4.4c-.1.2-.3.3-.1.6.2.3.8 1.3 1.7 2.1 1.2 1 2.1 1.3 2.4 1.5.3.1.5.1.6-.1l.9-1.1c.2-.3.4-.2.6-.1l2 .9c.3.2.5.2.6.4 0 .1 0 .7-.2 1.3z"/></symbol>'
    '<symbol id="i-linkedin" viewBox="0 0 24 24"><path d="M4.98 3.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM3 9.5h4V21H3zM9.5 9.5h3.8v1.6h.1c.5-1 1.8-2 3.8-2 4 0 4.8 2.6 4.8 6V21h-4v-5.3c0-1.3 0-2.9-1.8-2.9s-2 1.4-2 2.8V21h-4z"/></symbol>'
    '<symbol id="i-search" viewBox="0 0 24 24"><path d="M10 2a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z"/></symbol>'
    '<symbol id="i-menu" viewBox="0 0 24 24"><path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/></symbol>'
    '<symbol id="i-link" viewBox="0 0 24 24"><path d="M10.6 13.4a1 1 0 0 0 1.4 0l4-4a3 3 0 0 0-4.2-4.2l-1.3 1.3 1.4 1.4 1.3-1.3a1 1 0 0 1 1.4 1.4l-4 4a1 1 0 0 0 0 1.4zm2.8-2.8a1 1 0 0 0-1.4 0l-4 4a3 3 0 0 0 4.2 4.2l1.3-1.3-1.4-1.4-1.3 1.3a1 1 0 0 1-1.4-1.4l4-4a1 1 0 0 0 0-1.4z"/></symbol>'
    "</svg>"
)


def url_rng(url: str) -> random.Random:
    digest = hashlib.sha256(f"{SEED}:{url}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# --------------------------------------------------------------------------------------
# Page: collects the HTML and, as it is written, the ground truth of each visible line
# --------------------------------------------------------------------------------------


class Page:
    """One crawled page. Template code calls ``m``/``b``/``s`` while building the HTML so
    that the manifest lists exactly the lines that are visible on the page:

    - ``m``: main content (article paragraphs, in-body headings, list items, code blocks);
    - ``b``: boilerplate (navigation, sidebars, footers, cookie banners, share widgets, ...);
    - ``s``: secondary lines that are neither (bylines, dates, captions, comments, reviews).
    The page title (``<h1>``) is recorded separately in ``title``.
    """

    def __init__(self, url: str, lang: str | None, kind: str, **meta):
        self.url = url
        self.lang = lang
        self.kind = kind
        self.charset = meta.pop("charset", "utf-8")
        # Where the charset is declared: "http", "meta" or "both".
        self.charset_declared = meta.pop("charset_declared", "both")
        self.groups = meta.pop("groups", {})
        # What a full recipe (quality filters + dedup keeping the first page of a cluster in
        # crawl order) should do: keep, drop_quality, drop_duplicate or drop_near_duplicate.
        self.expect = meta.pop("expect", "keep")
        self.notes = meta.pop("notes", "")
        self.server = meta.pop("server", "nginx")
        self.extra_headers = meta.pop("extra_headers", [])
        if meta:
            raise TypeError(f"unknown page options: {sorted(meta)}")
        self.title: str | None = None
        self.published: str | None = None
        self.author: str | None = None
        self.main: list[str] = []
        self.boiler: list[str] = []
        self.secondary: list[str] = []
        self.pii = {"emails": [], "phones": [], "ips": []}
        self.not_pii: list[str] = []
        self.html = ""
        self.rng = url_rng(url)

    def m(self, marked: str) -> str:
        self.main.append(plain(marked))
        return inline(marked)

    def b(self, marked: str) -> str:
        self.boiler.append(plain(marked))
        return inline(marked)

    def s(self, marked: str) -> str:
        self.secondary.append(plain(marked))
        return inline(marked)

    def emails(self, *xs: str) -> None:
        self.pii["emails"].extend(xs)

    def phones(self, *xs: str) -> None:
        self.pii["phones"].extend(xs)

    def ips(self, *xs: str) -> None:
        self.pii["ips"].extend(xs)

    def negatives(self, *xs: str) -> None:
        self.not_pii.extend(xs)

    # -- common HTML pieces ------------------------------------------------------------

    def paras(self, paragraphs: list[str], tag: str = "p", cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        return "\n".join(f"<{tag}{c}>{self.m(t)}</{tag}>" for t in paragraphs)

    def head(
        self,
        title: str,
        *,
        description: str = "",
        site_name: str = "",
        og_type: str = "website",
        og_title: str | None = None,
        image: str | None = None,
        published: str | None = None,
        section: str | None = None,
        jsonld: dict | list | None = None,
        css: str = "",
        stylesheets: tuple[str, ...] = (),
        scripts: tuple[str, ...] = (),
        inline_js: str = "",
        extra: str = "",
        robots: str | None = None,
        twitter: bool = True,
    ) -> str:
        """<head> with the charset declaration this page is meant to have."""
        lines = []
        if self.charset_declared in ("meta", "both"):
            # The old windows-1252 site uses the HTML 4 http-equiv form; everything else,
            # including the ISO-8859-1 page, uses <meta charset>.
            if self.charset != "windows-1252":
                lines.append(f'<meta charset="{self.charset}">')
            else:
                lines.append(
                    f'<meta http-equiv="Content-Type" content="text/html; charset={self.charset}">'
                )
        lines.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
        lines.append(f"<title>{esc(title)}</title>")
        if description:
            lines.append(f'<meta name="description" content="{attr(description)}">')
        if robots:
            lines.append(f'<meta name="robots" content="{robots}">')
        lines.append(f'<link rel="canonical" href="{attr(self.url)}">')
        if og_title is not None:
            lines.append(f'<meta property="og:type" content="{og_type}">')
            lines.append(f'<meta property="og:title" content="{attr(og_title)}">')
            if description:
                lines.append(f'<meta property="og:description" content="{attr(description)}">')
            lines.append(f'<meta property="og:url" content="{attr(self.url)}">')
            if site_name:
                lines.append(f'<meta property="og:site_name" content="{attr(site_name)}">')
            if image:
                lines.append(f'<meta property="og:image" content="{attr(image)}">')
            if self.lang:
                loc = {"fr": "fr_FR", "en": "en_US", "ar": "ar_AR", "es": "es_ES", "de": "de_DE"}
                lines.append(f'<meta property="og:locale" content="{loc.get(self.lang, self.lang)}">')
            if published:
                lines.append(f'<meta property="article:published_time" content="{published}">')
            if section:
                lines.append(f'<meta property="article:section" content="{attr(section)}">')
            if twitter:
                lines.append('<meta name="twitter:card" content="summary_large_image">')
                lines.append(f'<meta name="twitter:title" content="{attr(og_title)}">')
        for href in stylesheets:
            lines.append(f'<link rel="stylesheet" href="{attr(href)}">')
        lines.append('<link rel="icon" href="/favicon.ico">')
        if css:
            lines.append(f"<style>{css}</style>")
        if jsonld is not None:
            blob = json.dumps(jsonld, ensure_ascii=False, indent=None, separators=(",", ":"))
            lines.append(f'<script type="application/ld+json">{blob}</script>')
        for src in scripts:
            lines.append(f'<script src="{attr(src)}" defer></script>')
        if inline_js:
            lines.append(f"<script>{inline_js}</script>")
        if extra:
            lines.append(extra)
        return "<head>\n" + "\n".join(lines) + "\n</head>"

    def finish(self, head: str, body: str, *, html_attrs: str = "", doctype: str = "<!DOCTYPE html>") -> None:
        lang_attr = f' lang="{self.lang}"' if self.lang else ""
        self.html = f"{doctype}\n<html{lang_attr}{html_attrs}>\n{head}\n{body}\n</html>\n"

    # -- output -----------------------------------------------------------------------

    def body_bytes(self) -> bytes:
        return self.html.encode(PYTHON_CODECS[self.charset])  # strict: fails on a typo

    def content_type(self) -> str:
        if self.charset_declared in ("http", "both"):
            return f"text/html; charset={'UTF-8' if self.charset == 'utf-8' else self.charset}"
        return "text/html"


# --------------------------------------------------------------------------------------
# WARC writing
# --------------------------------------------------------------------------------------


def warc_date(i: int) -> str:
    return (CRAWL_START + timedelta(seconds=i * SECONDS_BETWEEN_PAGES)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(i: int) -> str:
    return (CRAWL_START + timedelta(seconds=i * SECONDS_BETWEEN_PAGES)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def record_id(kind: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(RECORD_NS, f'{kind} {url}')}>"


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def gz_member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def split_url(url: str) -> tuple[str, str]:
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host, "/" + path


ACCEPT_LANG = {
    "fr": "fr-FR,fr;q=0.9,en;q=0.5",
    "ar": "ar,fr;q=0.8,en;q=0.5",
    "es": "es-ES,es;q=0.9,en;q=0.5",
    "de": "de-DE,de;q=0.9,en;q=0.5",
}


def http_request(page: Page) -> bytes:
    host, path = split_url(page.url)
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}",
        f"User-Agent: {USER_AGENT}",
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        f"Accept-Language: {ACCEPT_LANG.get(page.lang or '', 'en-US,en;q=0.9')}",
        "Accept-Encoding: identity",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def http_response(page: Page, i: int, body: bytes) -> bytes:
    rng = url_rng("http " + page.url)
    lines = ["HTTP/1.1 200 OK", f"Date: {http_date(i)}"]
    if page.server:
        lines.append(f"Server: {page.server}")
    lines.append(f"Content-Type: {page.content_type()}")
    lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    lines.extend(page.extra_headers)
    if rng.random() < 0.6:
        lines.append("Vary: Accept-Encoding")
    if rng.random() < 0.5:
        lines.append(f"Cache-Control: max-age={rng.choice([0, 60, 300, 600, 3600])}, public")
    lines.append(f'ETag: "{hexid(rng, 16)}"')
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def build_warc(pages: list[Page]) -> tuple[bytes, dict]:
    out = io.BytesIO()
    info_id = record_id("warcinfo", WARC_NAME)
    info = (
        "software: tamis examples/make_example_crawl.py\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
        "description: tamis example crawl; fictional pages written for the tamis project\r\n"
        "license: Apache-2.0 (same as the tamis repository)\r\n"
        f"isPartOf: tamis-example-crawl\r\n"
        f"robots: ignore\r\n"
        f"http-header-user-agent: {USER_AGENT}\r\n"
    ).encode("utf-8")
    out.write(
        gz_member(
            warc_record(
                [
                    ("WARC-Type", "warcinfo"),
                    ("WARC-Date", warc_date(0)),
                    ("WARC-Filename", WARC_NAME),
                    ("WARC-Record-ID", info_id),
                    ("WARC-Block-Digest", sha1_b32(info)),
                    ("Content-Type", "application/warc-fields"),
                ],
                info,
            )
        )
    )
    entries = []
    for i, page in enumerate(pages):
        body = page.body_bytes()
        req_id = record_id("request", page.url)
        resp_id = record_id("response", page.url)
        date = warc_date(i)
        req = http_request(page)
        out.write(
            gz_member(
                warc_record(
                    [
                        ("WARC-Type", "request"),
                        ("WARC-Date", date),
                        ("WARC-Record-ID", req_id),
                        ("WARC-Target-URI", page.url),
                        ("WARC-Concurrent-To", resp_id),
                        ("WARC-Warcinfo-ID", info_id),
                        ("WARC-Block-Digest", sha1_b32(req)),
                        ("Content-Type", "application/http; msgtype=request"),
                    ],
                    req,
                )
            )
        )
        resp = http_response(page, i, body)
        ip = f"203.0.113.{10 + int(hashlib.sha1(split_url(page.url)[0].encode()).hexdigest(), 16) % 240}"
        out.write(
            gz_member(
                warc_record(
                    [
                        ("WARC-Type", "response"),
                        ("WARC-Date", date),
                        ("WARC-Record-ID", resp_id),
                        ("WARC-Target-URI", page.url),
                        ("WARC-IP-Address", ip),
                        ("WARC-Warcinfo-ID", info_id),
                        ("WARC-Payload-Digest", sha1_b32(body)),
                        ("WARC-Block-Digest", sha1_b32(resp)),
                        ("WARC-Identified-Payload-Type", "text/html"),
                        ("Content-Type", "application/http; msgtype=response"),
                    ],
                    resp,
                )
            )
        )
        entries.append(
            {
                "url": page.url,
                "record_id": resp_id,
                "request_record_id": req_id,
                "warc_date": date,
                "language": page.lang,
                "kind": page.kind,
                "charset": page.charset,
                "charset_declared": page.charset_declared,
                "http_content_type": page.content_type(),
                "body_bytes": len(body),
                "title": page.title,
                "published": page.published,
                "author": page.author,
                "groups": page.groups,
                "expect": page.expect,
                "notes": page.notes,
                "main_paragraphs": page.main,
                "main_words": sum(words(t) for t in page.main),
                "boilerplate_lines": page.boiler,
                "secondary_lines": page.secondary,
                "pii": page.pii,
                "not_pii": page.not_pii,
            }
        )
    manifest = {
        "schema_version": 1,
        "generator": "examples/make_example_crawl.py",
        "warc": "examples/crawl/example.warc.gz",
        "license": "Apache-2.0",
        "warcinfo_record_id": info_id,
        "records": 1 + 2 * len(pages),
        "pages": entries,
    }
    return out.getvalue(), manifest


def validate(warc: bytes, manifest: dict) -> None:
    """Read the WARC back member by member and check it against the manifest."""
    assert len(warc) <= MAX_WARC_BYTES, f"WARC is {len(warc)} bytes, over {MAX_WARC_BYTES}"
    records = []
    pos = 0
    while pos < len(warc):
        d = zlib.decompressobj(wbits=31)
        raw = d.decompress(warc[pos:])
        assert d.eof, "truncated gzip member"
        pos = len(warc) - len(d.unused_data)
        head, sep, rest = raw.partition(b"\r\n\r\n")
        assert sep and head.startswith(b"WARC/1.0\r\n"), "bad WARC header"
        fields = dict(line.split(": ", 1) for line in head.decode("utf-8").split("\r\n")[1:])
        n = int(fields["Content-Length"])
        assert rest[n:] == b"\r\n\r\n", "Content-Length does not match the block"
        records.append((fields, rest[:n]))
    assert len(records) == manifest["records"]
    assert records[0][0]["WARC-Type"] == "warcinfo"
    pages = iter(manifest["pages"])
    seen_ids = set()
    for fields, block in records[1:]:
        assert fields["WARC-Record-ID"] not in seen_ids
        seen_ids.add(fields["WARC-Record-ID"])
        if fields["WARC-Type"] != "response":
            continue
        entry = next(pages)
        assert fields["WARC-Record-ID"] == entry["record_id"]
        assert fields["WARC-Target-URI"] == entry["url"]
        http_head, _, body = block.partition(b"\r\n\r\n")
        hdrs = dict(line.split(": ", 1) for line in http_head.decode("latin-1").split("\r\n")[1:])
        assert int(hdrs["Content-Length"]) == len(body)
        assert fields["WARC-Payload-Digest"] == sha1_b32(body)
        text = html.unescape(re.sub(r"<[^>]+>", "", body.decode(PYTHON_CODECS[entry["charset"]])))
        text = " ".join(text.split())
        for line in entry["main_paragraphs"] + entry["boilerplate_lines"]:
            flat = " ".join(line.split())
            assert flat in text, f"{entry['url']}: line not visible in page: {flat[:60]!r}"
        for x in [x for group in ("emails", "phones", "ips") for x in entry["pii"][group]] + entry["not_pii"]:
            assert x in text, f"{entry['url']}: {x!r} listed in the manifest but not in the page"
        for line in entry["secondary_lines"]:
            assert " ".join(line.split()) in text, f"{entry['url']}: secondary line not visible: {line[:60]!r}"
    urls = [p["url"] for p in manifest["pages"]]
    assert len(urls) == len(set(urls)), "duplicate URL"


# --------------------------------------------------------------------------------------
# Site 1: La Vigie de l'Atlas (fictional Moroccan French-language news site, with an
# Arabic edition). Every article page carries the same "Dernières infos" sidebar: five
# headlines, each after a "-" separator element, as on the seed document.
# --------------------------------------------------------------------------------------

VIGIE = "https://www.lavigie-atlas.ma"
VIGIE_NAME = "La Vigie de l’Atlas"

FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

VIGIE_UI = {
    "fr": {
        "site": VIGIE_NAME,
        "today": "Mercredi 18 mars 2026",
        "cookie": "Nous utilisons des cookies pour mesurer l’audience et vous proposer des contenus adaptés. "
                  "En poursuivant votre navigation, vous acceptez leur utilisation.",
        "cookie_ok": "J’accepte",
        "cookie_more": "Paramétrer",
        "subscribe": "S’abonner",
        "edition": "النسخة العربية",
        "nav": ["Accueil", "Politique", "Économie", "Société", "Régions", "Culture", "Sport", "Monde", "Vidéos"],
        "nav_slugs": ["", "politique", "economie", "societe", "regions", "culture", "sport", "monde", "videos"],
        "search_btn": "Rechercher",
        "home": "Accueil",
        "by": "Par",
        "share": "Partager :",
        "share_items": ["Facebook", "X", "WhatsApp", "LinkedIn", "Copier le lien"],
        "tags": "Mots-clés :",
        "related": "À lire aussi",
        "latest": "Dernières infos",
        "latest_items": [
            ("Fès : la médina inaugure un atelier-école pour les métiers du cuivre", "regions/fes-atelier-ecole-cuivre-41790.html"),
            ("Intempéries : la route entre Azrou et Ifrane rouverte après deux jours de fermeture", "regions/azrou-ifrane-route-rouverte-41802.html"),
            ("Safi : un entrepôt de pêche ravagé par un incendie, aucun blessé à déplorer", "societe/safi-incendie-entrepot-peche-41811.html"),
            ("Une association de Tanger forme 300 collégiens aux bons réflexes en ligne", "societe/tanger-collegiens-securite-en-ligne-41826.html"),
            ("Le salon régional de l’artisanat ouvre ses portes ce week-end à Meknès", "culture/meknes-salon-artisanat-41833.html"),
        ],
        "newsletter": "Newsletter",
        "newsletter_text": "Recevez chaque matin l’essentiel de l’actualité dans votre boîte mail.",
        "newsletter_btn": "Je m’inscris",
        "ad": "Publicité",
        "most_read": "Les plus lus",
        "comments_n": "{n} commentaires",
        "comments_1": "1 commentaire",
        "comments_0": "Aucun commentaire",
        "leave": "Laisser un commentaire",
        "form": ["Votre nom", "Votre e-mail (ne sera pas publié)", "Votre commentaire", "Publier"],
        "footer_about": "La Vigie de l’Atlas, quotidien d’information générale édité à Casablanca depuis 2009.",
        "footer_cols": [
            ("Rubriques", ["Politique", "Économie", "Société", "Culture", "Sport"]),
            ("Le journal", ["Qui sommes-nous ?", "Contact", "Publicité", "Recrutement"]),
            ("Informations légales", ["Mentions légales", "Politique de confidentialité", "Gestion des cookies", "CGU"]),
        ],
        "follow": "Suivez-nous",
        "copyright": "© 2026 La Vigie de l’Atlas. Tous droits réservés.",
        "back_top": "Haut de page",
        "read_more": "Lire la suite",
    },
    "ar": {
        "site": "لافيجي الأطلس",
        "today": "الأربعاء 18 مارس 2026",
        "cookie": "نستخدم ملفات تعريف الارتباط لقياس عدد الزوار وتحسين تجربتكم. بمواصلة التصفح فإنكم توافقون على استخدامها.",
        "cookie_ok": "موافق",
        "cookie_more": "الإعدادات",
        "subscribe": "اشترك",
        "edition": "Édition française",
        "nav": ["الرئيسية", "سياسة", "اقتصاد", "مجتمع", "جهات", "ثقافة", "رياضة", "دولي"],
        "nav_slugs": ["", "siyasa", "iqtisad", "mujtama", "jihat", "thaqafa", "riyada", "dawli"],
        "search_btn": "بحث",
        "home": "الرئيسية",
        "by": "بقلم",
        "share": "شارك:",
        "share_items": ["فيسبوك", "إكس", "واتساب", "نسخ الرابط"],
        "tags": "الوسوم:",
        "related": "اقرأ أيضا",
        "latest": "آخر الأخبار",
        "latest_items": [
            ("فاس: افتتاح ورشة لتكوين الشباب في حرف النحاس بالمدينة العتيقة", "jihat/fes-warsha-nuhas-7711.html"),
            ("إعادة فتح الطريق بين أزرو وإفران بعد يومين من الإغلاق", "jihat/azrou-ifrane-tariq-7716.html"),
            ("آسفي: حريق يأتي على مستودع للصيد البحري دون إصابات", "mujtama/safi-hariq-7720.html"),
            ("جمعية بطنجة تكوّن 300 تلميذ في السلامة الرقمية", "mujtama/tanja-salama-raqmiya-7724.html"),
            ("مكناس تحتضن المعرض الجهوي للصناعة التقليدية نهاية هذا الأسبوع", "thaqafa/meknes-maarid-7729.html"),
        ],
        "newsletter": "النشرة البريدية",
        "newsletter_text": "توصلوا كل صباح بأهم الأخبار في بريدكم الإلكتروني.",
        "newsletter_btn": "اشتراك",
        "ad": "إعلان",
        "most_read": "الأكثر قراءة",
        "comments_n": "{n} تعليقات",
        "comments_1": "تعليق واحد",
        "comments_0": "لا توجد تعليقات",
        "leave": "أضف تعليقا",
        "form": ["الاسم", "البريد الإلكتروني", "تعليقك", "نشر"],
        "footer_about": "لافيجي الأطلس، جريدة إخبارية عامة تصدر من الدار البيضاء منذ 2009.",
        "footer_cols": [
            ("الأقسام", ["سياسة", "اقتصاد", "مجتمع", "ثقافة", "رياضة"]),
            ("الجريدة", ["من نحن", "اتصل بنا", "الإعلانات"]),
            ("معلومات قانونية", ["الشروط القانونية", "سياسة الخصوصية"]),
        ],
        "follow": "تابعونا",
        "copyright": "© 2026 لافيجي الأطلس. جميع الحقوق محفوظة.",
        "back_top": "أعلى الصفحة",
        "read_more": "اقرأ المزيد",
    },
}

VIGIE_CSS = (
    ":root{--brand:#b3261e;--ink:#1b1b1b;--muted:#6b6b6b;--line:#e4e4e4}"
    "*{box-sizing:border-box}body{margin:0;font:16px/1.6 Georgia,'Times New Roman',serif;color:var(--ink)}"
    ".container{max-width:1180px;margin:0 auto;padding:0 16px}.topbar{background:#111;color:#ddd;font:13px Arial,sans-serif}"
    ".topbar a{color:#ddd}.site-header{display:flex;align-items:center;justify-content:space-between;padding:18px 0}"
    ".main-nav{border-top:3px solid var(--brand);border-bottom:1px solid var(--line)}.main-nav ul{display:flex;gap:18px;list-style:none;margin:0;padding:10px 0}"
    ".main-nav a{font:700 14px Arial,sans-serif;text-transform:uppercase;color:var(--ink);text-decoration:none}"
    ".row{display:grid;grid-template-columns:1fr 320px;gap:32px}.row>.sidebar{order:2}.row>.col-main{order:1}.breadcrumb{font:13px Arial,sans-serif;color:var(--muted)}"
    ".entry-title{font-size:34px;line-height:1.2;margin:8px 0}.meta{font:13px Arial,sans-serif;color:var(--muted)}"
    ".entry-content p{margin:0 0 1.1em}.share a,.share button{display:inline-block;margin-right:8px;font:13px Arial,sans-serif}"
    ".widget{border-top:3px solid var(--ink);margin-bottom:28px}.widget-title{font:700 15px Arial,sans-serif;text-transform:uppercase}"
    ".latest-list{list-style:none;margin:0;padding:0}.latest-list .sep{display:block;color:var(--brand);font-weight:700}"
    ".latest-list h4{margin:0 0 10px;font-size:15px;line-height:1.35}.cc-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:14px;z-index:99}"
    ".site-footer{background:#151515;color:#bbb;margin-top:48px;padding:32px 0;font:14px Arial,sans-serif}.site-footer a{color:#ddd}"
    ".comments li{border-bottom:1px solid var(--line);padding:12px 0}.ad-slot{min-height:250px;background:#f4f4f4;text-align:center}"
    "@media(max-width:900px){.row{grid-template-columns:1fr}.sidebar{order:2}}"
)

VIGIE_CSS = inline_font(VIGIE, "Vigie Serif", 5200) + VIGIE_CSS

VIGIE_JS = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-VG41A7X2Q9',{anonymize_ip:true});"
    "document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('cookie-banner');"
    "if(localStorage.getItem('vg_consent')){b&&b.remove()}document.querySelectorAll('[data-consent]').forEach(function(x){"
    "x.addEventListener('click',function(){localStorage.setItem('vg_consent',x.dataset.consent);b&&b.remove()})})});"
)


def fr_date(iso: str) -> str:
    d = datetime.fromisoformat(iso)
    return f"{d.day} {FR_MONTHS[d.month - 1]} {d.year} à {d.hour:02d}h{d.minute:02d}"


def ar_date(iso: str) -> str:
    months = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
    d = datetime.fromisoformat(iso)
    return f"{d.day} {months[d.month - 1]} {d.year} - {d.hour:02d}:{d.minute:02d}"


VIGIE_MOST_READ = [
    ("Permis de conduire : ce qui change pour l’examen pratique à partir d’avril", "societe/permis-examen-pratique-avril-41650.html"),
    ("Ramadan : les horaires des administrations publiques fixés", "societe/ramadan-horaires-administrations-41702.html"),
    ("Immobilier : les prix des appartements se stabilisent à Rabat", "economie/immobilier-prix-rabat-41744.html"),
    ("Botola : le derby de Casablanca fixé au dimanche soir", "sport/botola-derby-casablanca-41761.html"),
]


def vigie_most_read(p: Page, ui: dict) -> str:
    """A second, image-led widget that is also the same on every French page."""
    if ui is not VIGIE_UI["fr"]:
        return ""
    items = "".join(
        f'<li><a href="{VIGIE}/{u}">{lqip_img(p.rng, f"{VIGIE}/uploads/thumbs/{k}.jpg", n=300, w=120, h=80)}'
        f'<span class="rank">{k + 1}</span> {p.b(t)}</a></li>'
        for k, (t, u) in enumerate(VIGIE_MOST_READ)
    )
    return f'<section class="widget most-read"><h3 class="widget-title">{p.b(ui["most_read"])}</h3><ol>{items}</ol></section>'


def vigie_chrome_top(p: Page, ui: dict, lang: str) -> str:
    """Cookie banner, top bar, header and navigation: identical on every page of the site."""
    base = VIGIE if lang == "fr" else VIGIE + "/ar"
    other = VIGIE + "/ar/" if lang == "fr" else VIGIE + "/"
    nav = "".join(
        f'<li><a href="{base}/{slug}{"/" if slug else ""}">{p.b(label)}</a></li>'
        for label, slug in zip(ui["nav"], ui["nav_slugs"])
    )
    return f"""<div id="cookie-banner" class="cc-banner" role="dialog" aria-live="polite">
<p>{p.b(ui['cookie'])}</p>
<button type="button" data-consent="all">{p.b(ui['cookie_ok'])}</button> <button type="button" data-consent="custom">{p.b(ui['cookie_more'])}</button>
</div>
<div class="topbar"><div class="container">
<span class="today">{p.b(ui['today'])}</span>
<a class="edition" href="{other}">{p.b(ui['edition'])}</a>
<a class="btn-subscribe" href="{VIGIE}/abonnement/">{p.b(ui['subscribe'])}</a>
</div></div>
<header class="site-header container">
<a class="logo" href="{base}/"><img src="{VIGIE}/static/img/logo-vigie.svg" alt="{attr(ui['site'])}" width="260" height="48"></a>
<form class="search" action="{base}/recherche/" role="search"><input type="search" name="q" aria-label="{attr(ui['search_btn'])}"><button type="submit">{p.b(ui['search_btn'])}</button></form>
</header>
<nav class="main-nav" aria-label="Menu principal"><div class="container"><ul>{nav}</ul></div></nav>"""


def vigie_sidebar(p: Page, ui: dict, lang: str) -> str:
    base = VIGIE if lang == "fr" else VIGIE + "/ar"
    items = "\n".join(
        f'<li><div class="sep" aria-hidden="true">{p.b("-")}</div><h4><a href="{base}/{href}">{p.b(h)}</a></h4></li>'
        for h, href in ui["latest_items"]
    )
    return f"""<aside class="sidebar">
<section class="widget latest"><h3 class="widget-title">{p.b(ui['latest'])}</h3>
<ul class="latest-list">
{items}
</ul></section>
<section class="widget newsletter"><h3 class="widget-title">{p.b(ui['newsletter'])}</h3>
<p>{p.b(ui['newsletter_text'])}</p>
<form action="{VIGIE}/newsletter/"><input type="email" name="email" aria-label="email"><button type="submit">{p.b(ui['newsletter_btn'])}</button></form></section>
<div class="widget ad-slot" id="div-gpt-ad-sidebar-1"><span class="ad-label">{p.b(ui['ad'])}</span></div>
{vigie_most_read(p, ui)}
</aside>"""


def vigie_state(p: Page, ui: dict, extra: dict | None = None) -> str:
    """The JSON state blob the site's front-end framework hydrates from (not visible text)."""
    state = {"site": ui["site"], "edition": "fr" if ui is VIGIE_UI["fr"] else "ar", "build": hexid(p.rng, 12),
             "ads": {"network": "/21874310/vigie", "slots": ["top", "sidebar-1", "in-article", "footer"]},
             "latest": [{"title": h, "url": f"{VIGIE}/{u}"} for h, u in ui["latest_items"]],
             "consent": {"vendors": 143, "purposes": [1, 2, 3, 4, 7, 9, 10]}}
    if extra:
        state.update(extra)
    return "<script>window.__VIGIE_STATE__=" + json.dumps(state, ensure_ascii=False, separators=(",", ":")) + ";</script>"


def vigie_footer(p: Page, ui: dict) -> str:
    cols = "\n".join(
        f'<div class="col"><h4>{p.b(title)}</h4><ul>'
        + "".join(f'<li><a href="{VIGIE}/page/{i}">{p.b(x)}</a></li>' for i, x in enumerate(links))
        + "</ul></div>"
        for title, links in ui["footer_cols"]
    )
    return f"""<footer class="site-footer"><div class="container">
{SVG_SPRITE}
<p class="about">{p.b(ui['footer_about'])}</p>
<div class="cols">
{cols}
</div>
<div class="follow"><span>{p.b(ui['follow'])}</span> <a href="https://facebook.example/lavigieatlas">{p.b('Facebook')}</a> <a href="https://x.example/lavigieatlas">{p.b('X')}</a> <a href="https://youtube.example/lavigieatlas">{p.b('YouTube')}</a></div>
<p class="copyright">{p.b(ui['copyright'])}</p>
<a href="#top" class="back-top">{p.b(ui['back_top'])}</a>
</div></footer>
<script src="https://www.googletagmanager.example/gtag/js?id=G-VG41A7X2Q9" async></script>
<script src="{VIGIE}/static/js/app.{hexid(p.rng)}.js" defer></script>"""


def vigie_article(a: dict, lang: str = "fr", related: list[dict] = ()) -> Page:
    ui = VIGIE_UI[lang]
    base = VIGIE if lang == "fr" else VIGIE + "/ar"
    url = f"{base}/{a['path']}"
    p = Page(url, lang, "news_article", groups={"sidebar": f"lavigie-latest-{lang}"},
             server="nginx/1.24.0", extra_headers=["X-Powered-By: PHP/8.2.14"])
    p.title = a["title"]
    p.published = a["date"]
    p.author = a["author"]
    p.notes = a.get("notes", "")
    if "groups" in a:
        p.groups.update(a["groups"])
    section_label = ui["nav"][ui["nav_slugs"].index(a["section"])]
    image = f"{VIGIE}/uploads/2026/03/{a['path'].split('/')[-1].replace('.html', '')}.jpg"
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": a["date"], "dateModified": a["date"], "inLanguage": lang,
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": ui["site"],
                      "logo": {"@type": "ImageObject", "url": f"{VIGIE}/static/img/logo-vigie.png"}},
        "image": [image], "mainEntityOfPage": url,
    }
    head = p.head(
        f"{a['title']} | {ui['site']}", description=a["description"], site_name=ui["site"],
        og_type="article", og_title=a["title"], image=image, published=a["date"],
        section=section_label, jsonld=jsonld, css=VIGIE_CSS,
        stylesheets=(f"{VIGIE}/static/css/main.{hexid(p.rng)}.css",), inline_js=VIGIE_JS,
    )
    date_txt = fr_date(a["date"]) if lang == "fr" else ar_date(a["date"])
    tags = " ".join(f'<a href="{base}/tag/{i}">{p.b(t)}</a>' for i, t in enumerate(a["tags"]))
    share = " ".join(f'<a href="#share-{i}" rel="nofollow">{p.b(x)}</a>' for i, x in enumerate(ui["share_items"]))
    rel = "".join(f'<li><a href="{r["url"]}">{lqip_img(p.rng, r["url"] + ".jpg", n=420, w=160, h=90)}{p.b(r["title"])}</a></li>' for r in related)
    comments = a.get("comments", [])
    if comments:
        clist = "\n".join(
            f'<li class="comment"><div class="comment-author">{p.s(who)}</div>'
            f'<time class="comment-date">{p.s(when)}</time><p>{p.s(txt)}</p>'
            f'<a class="reply" href="#respond">{p.b("Répondre" if lang == "fr" else "رد")}</a></li>'
            for who, when, txt in comments
        )
        ctitle = p.b(ui["comments_1"] if len(comments) == 1 else ui["comments_n"].format(n=len(comments)))
    else:
        clist = ""
        ctitle = p.b(ui["comments_0"])
    form = ui["form"]
    lqip = b64_blob(p.rng, 1500)
    body = f"""<body class="single single-post lang-{lang}" id="top">
{vigie_chrome_top(p, ui, lang)}
<main class="container"><div class="row">
{vigie_sidebar(p, ui, lang)}
<div class="col-main">
<nav class="breadcrumb"><a href="{base}/">{p.b(ui['home'])}</a> › <a href="{base}/{a['section']}/">{p.b(section_label)}</a></nav>
<article class="post" itemscope itemtype="https://schema.org/NewsArticle">
<header class="entry-header">
<a class="cat-label" href="{base}/{a['section']}/">{p.b(section_label)}</a>
<h1 class="entry-title" itemprop="headline">{esc(a['title'])}</h1>
<div class="meta"><span class="author">{p.s(ui['by'] + ' ' + a['author'])}</span> · <time datetime="{a['date']}" itemprop="datePublished">{p.s(date_txt)}</time></div>
</header>
<figure class="featured"><img src="data:image/webp;base64,{lqip}" data-src="{image}" alt="" width="800" height="450" loading="lazy">
<figcaption>{p.s(a['caption'])}</figcaption></figure>
<div class="share share-top"><span>{p.b(ui['share'])}</span> {share}</div>
<div class="entry-content" itemprop="articleBody">
{p.paras(a['paragraphs'])}
</div>
<div class="tags"><span>{p.b(ui['tags'])}</span> {tags}</div>
</article>
<section class="related"><h3>{p.b(ui['related'])}</h3><ul>{rel}</ul></section>
<section id="comments" class="comments"><h3>{ctitle}</h3>
<ol>{clist}</ol>
<form id="respond" action="{VIGIE}/wp-comments-post.php" method="post"><h3>{p.b(ui['leave'])}</h3>
<label>{p.b(form[0])}<input name="author"></label><label>{p.b(form[1])}<input name="email" type="email"></label>
<label>{p.b(form[2])}<textarea name="comment"></textarea></label><button type="submit">{p.b(form[3])}</button></form>
</section>
</div>
</div></main>
{vigie_footer(p, ui)}
{vigie_state(p, ui, {"article": {"id": a["path"].rsplit("-", 1)[-1].split(".")[0], "section": a["section"], "tags": a["tags"], "published": a["date"]}})}
</body>"""
    p.finish(head, body, html_attrs=' dir="rtl"' if lang == "ar" else "")
    return p


def vigie_listing(kind: str, path: str, heading: str, title: str, articles: list[dict], lang: str = "fr") -> Page:
    """Home page or tag page: only teasers, sidebar and chrome. No main content."""
    ui = VIGIE_UI[lang]
    p = Page(f"{VIGIE}/{path}", lang, kind, groups={"sidebar": f"lavigie-latest-{lang}"},
             server="nginx/1.24.0", expect="drop_quality",
             notes="listing page: teasers, navigation and sidebar only; no article text")
    p.title = heading
    head = p.head(title, description="L’actualité du Maroc et du monde : politique, économie, société, "
                  "régions, culture et sport.", site_name=ui["site"], og_title=title,
                  jsonld={"@context": "https://schema.org", "@type": "WebSite", "name": ui["site"], "url": VIGIE + "/",
                          "potentialAction": {"@type": "SearchAction", "target": VIGIE + "/recherche/?q={q}",
                                              "query-input": "required name=q"}},
                  css=VIGIE_CSS, inline_js=VIGIE_JS)
    cards = []
    for a in articles:
        first = a["paragraphs"][0]
        teaser = first[:140].rsplit(" ", 1)[0] + "…"
        section_label = ui["nav"][ui["nav_slugs"].index(a["section"])]
        cards.append(
            f'<article class="card"><img src="data:image/webp;base64,{b64_blob(p.rng, 220)}" alt="">'
            f'<span class="cat">{p.b(section_label)}</span><h2><a href="{VIGIE}/{a["path"]}">{p.b(a["title"])}</a></h2>'
            f'<p class="excerpt">{p.b(teaser)}</p><a class="more" href="{VIGIE}/{a["path"]}">{p.b(ui["read_more"])}</a></article>'
        )
    h1 = f'<h1 class="page-title">{esc(heading)}</h1>' if kind == "tag_listing" else f'<h1 class="sr-only">{esc(heading)}</h1>'
    pager = ""
    if kind == "tag_listing":
        pager = '<nav class="pagination">' + " ".join(
            f'<a href="{VIGIE}/{path}page/{i}/">{p.b(str(i))}</a>' for i in range(1, 6)
        ) + f' <a href="{VIGIE}/{path}page/2/">{p.b("Suivant »")}</a></nav>'
    body = f"""<body class="{kind}" id="top">
{vigie_chrome_top(p, ui, lang)}
<main class="container"><div class="row">
{vigie_sidebar(p, ui, lang)}
<div class="col-main">
{h1}
<div class="cards">
{chr(10).join(cards)}
</div>
{pager}
</div>
</div></main>
{vigie_footer(p, ui)}
{vigie_state(p, ui)}
</body>"""
    p.finish(head, body)
    return p


VIGIE_ARTICLES = [
    {
        "path": "societe/kenitra-convention-classes-alphabetisation-41872.html",
        "section": "societe",
        "title": "Kénitra : une convention pour ouvrir des classes d’alphabétisation dans les maisons de quartier",
        "description": "La direction provinciale de l’Éducation nationale et l’association Nour Al Maarifa s’associent pour ouvrir douze classes dès la rentrée.",
        "date": "2026-03-16T10:42:00+01:00",
        "author": "Leïla Berrada",
        "caption": "La signature de la convention s’est déroulée au siège de la direction provinciale.",
        "tags": ["Éducation", "Kénitra", "Alphabétisation", "Associations"],
        "groups": {"duplicate": "kenitra-alphabetisation", "duplicate_role": "original"},
        "paragraphs": [
            "La direction provinciale de l’Éducation nationale de Kénitra et l’association Nour Al Maarifa ont signé lundi une convention de partenariat qui doit permettre d’ouvrir, dès la rentrée de septembre, douze classes d’alphabétisation dans les maisons de quartier de la ville.",
            "Le texte prévoit que la direction fournisse les manuels, assure la formation pédagogique des animateurs et délivre une attestation de niveau aux apprenants qui auront suivi le cycle complet. L’association met de son côté ses locaux à disposition, recrute les animateurs parmi les jeunes diplômés du quartier et se charge du suivi des présences.",
            "Selon les chiffres présentés lors de la cérémonie, près de 900 adultes, en grande majorité des femmes, se sont inscrits sur les listes d’attente depuis l’an dernier. « Beaucoup de mères nous disent qu’elles veulent lire les cahiers de leurs enfants et remplir seules leurs papiers », a expliqué la présidente de l’association, Samira Bennani.",
            "Le directeur provincial, Hassan Ouazzani, a salué une démarche qui rapproche l’école des familles. Il a annoncé qu’une évaluation serait menée à la fin de la première année afin d’étendre le dispositif aux communes rurales voisines si les résultats sont au rendez-vous.",
        ],
        "comments": [
            ("Nadia K.", "16 mars 2026 à 12h10", "Très bonne initiative, ma mère attend une place depuis deux ans."),
            ("Youssef", "16 mars 2026 à 14h37", "Il faudrait aussi prévoir des cours le soir pour ceux qui travaillent."),
        ],
    },
    {
        "path": "regions/settat-coupures-eau-nocturnes-41880.html",
        "section": "regions",
        "title": "Sécheresse : Settat instaure des coupures d’eau nocturnes pour préserver ses réserves",
        "description": "Face à la baisse du niveau du barrage qui l’alimente, la ville coupera l’eau chaque nuit de 23 heures à 6 heures.",
        "date": "2026-03-16T17:05:00+01:00",
        "author": "Karim Tazi",
        "caption": "Le niveau du barrage a atteint son plus bas niveau depuis dix ans.",
        "tags": ["Eau", "Sécheresse", "Settat"],
        "paragraphs": [
            "À partir de lundi prochain, les habitants de Settat seront privés d’eau courante chaque nuit entre 23 heures et 6 heures. La régie de distribution justifie cette mesure par le faible remplissage du barrage qui alimente la ville, descendu à moins d’un cinquième de sa capacité après trois hivers peu pluvieux.",
            "Les coupures doivent permettre d’économiser environ 4 000 mètres cubes par jour, soit l’équivalent de la consommation d’un quartier entier. Les hôpitaux, les cliniques et les boulangeries resteront raccordés en permanence grâce à un réseau secondaire alimenté par deux forages.",
            "La mesure ne surprend guère les agriculteurs de la région, qui ont déjà réduit leurs surfaces de céréales et se tournent vers le goutte-à-goutte. « Nous apprenons à cultiver avec la moitié de l’eau d’autrefois », résume un exploitant de la commune de Ben Ahmed.",
            "Les autorités locales appellent les ménages à remplir des réserves raisonnables avant la nuit et à signaler les fuites visibles sur la voie publique. Une campagne de sensibilisation sera menée dans les écoles et les mosquées jusqu’à la fin du mois.",
        ],
        "comments": [
            ("Abdelhak", "16 mars 2026 à 18h22", "Et les piscines des villas, elles aussi seront coupées ?"),
        ],
    },
    {
        "path": "regions/agadir-premiere-ligne-bhns-41888.html",
        "section": "regions",
        "title": "Agadir : la première ligne de bus à haut niveau de service entre en circulation",
        "description": "Longue de quinze kilomètres, la ligne relie Tikiouine au front de mer en quarante minutes.",
        "date": "2026-03-17T08:30:00+01:00",
        "author": "Omar El Fassi",
        "caption": "Les nouveaux bus articulés circulent sur une voie qui leur est réservée.",
        "tags": ["Transport", "Agadir", "Mobilité urbaine"],
        "groups": {"near_duplicate": "agadir-bhns", "near_duplicate_role": "original"},
        "paragraphs": [
            "Les premiers voyageurs ont pris place mardi matin à bord des bus articulés de la nouvelle ligne à haut niveau de service d’Agadir. Longue de quinze kilomètres, elle relie le quartier de Tikiouine au front de mer en une quarantaine de minutes, contre plus d’une heure auparavant aux heures de pointe.",
            "Les véhicules circulent sur une voie qui leur est réservée sur la plus grande partie du trajet et bénéficient de la priorité aux carrefours. Trente-deux stations ont été aménagées, toutes accessibles aux personnes à mobilité réduite et équipées d’écrans indiquant l’heure du prochain passage.",
            "Le ticket est vendu au même prix qu’un trajet en bus classique, et un abonnement mensuel à tarif réduit est proposé aux étudiants. La société exploitante table sur 45 000 voyageurs par jour d’ici la fin de l’année.",
            "Une seconde ligne, qui doit desservir l’université et la zone industrielle, est en cours d’étude. Les commerçants de l’avenue principale, qui s’étaient plaints de la durée des travaux, espèrent désormais profiter du passage des nouveaux usagers.",
        ],
    },
    {
        "path": "culture/tetouan-salon-livre-jeunesse-41893.html",
        "section": "culture",
        "title": "Tétouan : le salon du livre jeunesse attire des milliers de jeunes lecteurs",
        "description": "Ateliers d’écriture, contes et rencontres avec des illustrateurs ont rythmé quatre jours de salon.",
        "date": "2026-03-17T11:15:00+01:00",
        "author": "Salma Idrissi",
        "caption": "Un atelier d’illustration animé par une dessinatrice de bandes dessinées.",
        "tags": ["Culture", "Livre", "Tétouan", "Jeunesse"],
        "paragraphs": [
            "Des files d’enfants devant les stands dès l’ouverture des portes : la quatrième édition du salon du livre jeunesse de Tétouan a accueilli plus de 12 000 visiteurs en quatre jours, selon les organisateurs, soit presque deux fois plus que l’an passé.",
            "Une soixantaine d’éditeurs marocains et espagnols avaient fait le déplacement. Les albums illustrés en arabe et en amazighe ont été particulièrement demandés, tout comme les bandes dessinées, dont plusieurs auteurs ont passé des après-midi entiers à dédicacer leurs ouvrages.",
            "Le programme faisait aussi la part belle aux ateliers. Des conteurs ont réuni chaque soir les familles sur la place centrale, tandis que des classes venues des villages voisins ont pu fabriquer leur propre petit livre, de l’écriture de l’histoire à la reliure.",
            "Pour la commissaire du salon, Houda Lamrani, l’enjeu dépasse la vente de livres. « Un enfant qui repart avec un livre qu’il a choisi lui-même a toutes les chances de devenir un lecteur », estime-t-elle. La prochaine édition est déjà annoncée pour le printemps 2027.",
        ],
    },
    {
        "path": "sport/oujda-semi-marathon-record-participation-41897.html",
        "section": "sport",
        "title": "Athlétisme : record de participation pour le semi-marathon d’Oujda",
        "description": "Plus de 4 000 coureurs ont pris le départ dimanche, dont un millier de femmes.",
        "date": "2026-03-15T19:40:00+01:00",
        "author": "Mehdi Alaoui",
        "caption": "Le peloton au départ du boulevard Mohammed-V.",
        "tags": ["Athlétisme", "Oujda", "Course à pied"],
        "paragraphs": [
            "Ils étaient plus de 4 000 au départ dimanche matin, un record pour le semi-marathon d’Oujda qui fêtait sa dixième édition. Parmi eux, un millier de femmes et près de 300 coureurs venus de l’étranger, attirés par un parcours plat et une météo clémente.",
            "Chez les hommes, la victoire est revenue à un jeune athlète du club local, qui a bouclé les 21,1 kilomètres en 1 h 03 min 12 s après s’être détaché dans la dernière montée. L’épreuve féminine a été remportée au sprint par une coureuse de Berkane, à quelques secondes du record de l’épreuve.",
            "Au-delà des performances, les organisateurs retiennent l’ambiance le long du parcours, où des orchestres et des groupes d’élèves ont encouragé les participants jusqu’à l’arrivée. Une course de cinq kilomètres réservée aux familles a également réuni plusieurs centaines de personnes.",
            "Une partie des frais d’inscription sera reversée à une association qui équipe les écoles rurales de la région en matériel sportif.",
        ],
        "comments": [
            ("Coureur du dimanche", "15 mars 2026 à 21h03", "Organisation parfaite, bravo aux bénévoles des ravitaillements !"),
            ("Hind", "15 mars 2026 à 22h48", "Dommage que les résultats ne soient pas encore en ligne."),
            ("M. B.", "16 mars 2026 à 08h15", "Rendez-vous l’année prochaine pour battre mon chrono."),
        ],
    },
    {
        "path": "economie/taounate-cooperative-huile-olive-export-41902.html",
        "section": "economie",
        "title": "Huile d’olive : une coopérative de Taounate décroche ses premiers contrats à l’export",
        "description": "Après quatre ans d’efforts sur la qualité, la coopérative expédiera vingt tonnes vers le Canada et la Belgique.",
        "date": "2026-03-17T14:20:00+01:00",
        "author": "Rachid Benkirane",
        "caption": "La nouvelle unité de trituration de la coopérative.",
        "tags": ["Économie", "Agriculture", "Export", "Coopératives"],
        "paragraphs": [
            "La coopérative Zitoun Al Kheir, qui regroupe 140 oléiculteurs de la province de Taounate, a signé ses deux premiers contrats à l’export. Vingt tonnes d’huile d’olive vierge extra doivent partir d’ici l’été vers des épiceries fines au Canada et en Belgique.",
            "Ce résultat est le fruit de quatre années de travail sur la qualité. Les membres ont appris à récolter plus tôt, à transporter les olives dans des caisses aérées plutôt qu’en sacs et à les presser dans les vingt-quatre heures. Une unité de trituration moderne, financée en partie par un programme d’appui aux coopératives, a été installée au village l’an dernier.",
            "Les acheteurs étrangers paient un prix nettement supérieur à celui du marché local, ce qui devrait permettre d’augmenter le revenu des familles adhérentes. La coopérative prévoit aussi d’embaucher quatre jeunes pour le conditionnement et l’étiquetage.",
            "Son président reste toutefois prudent : la récolte dépend des pluies, et une mauvaise saison pourrait compromettre les volumes promis. Il plaide pour la création d’un stockage commun afin de lisser la production d’une année sur l’autre.",
        ],
    },
    {
        "path": "societe/azilal-caravane-medicale-consultations-41906.html",
        "section": "societe",
        "title": "Azilal : une caravane médicale assure 1 200 consultations gratuites dans les villages de montagne",
        "description": "Médecins généralistes, ophtalmologues et dentistes ont sillonné pendant une semaine les communes les plus isolées.",
        "date": "2026-03-14T16:00:00+01:00",
        "author": "Leïla Berrada",
        "caption": "Une consultation d’ophtalmologie dans une école transformée en dispensaire.",
        "tags": ["Santé", "Azilal", "Monde rural"],
        "paragraphs": [
            "Pendant une semaine, une caravane médicale a parcouru les communes les plus isolées de la province d’Azilal, où le centre de santé le plus proche se trouve souvent à plusieurs heures de piste. Au total, 1 200 consultations gratuites ont été assurées par une vingtaine de médecins et d’infirmiers bénévoles.",
            "Les patients ont surtout consulté pour des problèmes de vue, des soins dentaires et le suivi de maladies chroniques comme le diabète. Plus de 300 paires de lunettes ont été distribuées sur place, et une quarantaine de malades devant être opérés de la cataracte seront pris en charge à l’hôpital régional.",
            "Dans chaque village, l’école a été transformée pour l’occasion en dispensaire. « Certaines personnes âgées n’avaient pas vu de médecin depuis des années », raconte une infirmière venue de Béni Mellal, qui participe à l’opération pour la troisième fois.",
            "L’association organisatrice souhaite désormais revenir deux fois par an et former des relais de santé parmi les habitants, afin d’assurer un suivi entre deux passages.",
        ],
    },
    {
        "path": "societe/mehdia-benevoles-nettoyage-plage-41911.html",
        "section": "societe",
        "title": "Littoral : des bénévoles ramassent deux tonnes de déchets sur la plage de Mehdia",
        "description": "Une opération de nettoyage a mobilisé près de 500 volontaires, dont de nombreux lycéens.",
        "date": "2026-03-15T12:30:00+01:00",
        "author": "Karim Tazi",
        "caption": "Des lycéens trient les déchets collectés sur la plage.",
        "tags": ["Environnement", "Littoral", "Bénévolat"],
        "paragraphs": [
            "Près de 500 volontaires, parmi lesquels de nombreux lycéens, ont participé samedi à une vaste opération de nettoyage de la plage de Mehdia. En trois heures, ils ont rempli plus de deux tonnes de sacs de déchets, en grande partie des bouteilles, des emballages et des filets abandonnés.",
            "Les organisateurs avaient divisé la plage en secteurs confiés à des équipes de vingt personnes, chacune encadrée par un membre de l’association. Les déchets ont été triés sur place : le plastique et le verre partiront vers un centre de recyclage, le reste sera traité par la commune.",
            "L’opération s’est accompagnée d’ateliers sur la pollution marine. Des biologistes ont montré aux élèves comment les microplastiques se retrouvent dans les poissons, avant d’inviter chacun à réduire les emballages jetables au quotidien.",
            "La commune a promis d’installer des poubelles supplémentaires à l’entrée de la plage avant l’été et d’augmenter la fréquence de ramassage pendant la saison estivale.",
        ],
    },
    {
        "path": "economie/oujda-incubateur-developpeuses-41915.html",
        "section": "economie",
        "title": "Numérique : un incubateur d’Oujda lance un programme pour les jeunes développeuses",
        "description": "Six mois de formation gratuite au développement web et un accompagnement vers l’emploi pour quarante jeunes femmes.",
        "date": "2026-03-18T09:05:00+01:00",
        "author": "Salma Idrissi",
        "caption": "Les premières participantes lors de la journée de lancement.",
        "tags": ["Numérique", "Emploi", "Oujda", "Femmes"],
        "paragraphs": [
            "Un incubateur de start-up d’Oujda a lancé cette semaine un programme destiné aux jeunes femmes qui souhaitent devenir développeuses web. Quarante participantes, sélectionnées parmi plus de 600 candidatures, suivront pendant six mois une formation gratuite et intensive.",
            "Au programme : les bases de la programmation, la création de sites et d’applications, mais aussi le travail en équipe et la préparation aux entretiens d’embauche. Chaque participante reçoit un ordinateur portable qu’elle pourra garder à la fin du cursus si elle le termine.",
            "Plusieurs entreprises de la région se sont engagées à accueillir des stagiaires et à recruter une partie des diplômées. La directrice de l’incubateur rappelle que les femmes restent très minoritaires dans les métiers du numérique, alors que la demande de compétences ne cesse de croître.",
            "Une deuxième promotion est prévue à l’automne. Les inscriptions ouvriront en juin sur le site de l’incubateur.",
        ],
    },
]

# The near-duplicate of the Agadir article, republished by an aggregator a day later
# with one word changed ("auparavant" -> "jusqu'ici") and one short paragraph added at
# the end: word 5-gram Jaccard of the main text with the original is about 0.83.
AGADIR_EDITED = [
    "Les premiers voyageurs ont pris place mardi matin à bord des bus articulés de la nouvelle ligne à haut niveau de service d’Agadir. Longue de quinze kilomètres, elle relie le quartier de Tikiouine au front de mer en une quarantaine de minutes, contre plus d’une heure jusqu’ici aux heures de pointe.",
    "Les véhicules circulent sur une voie qui leur est réservée sur la plus grande partie du trajet et bénéficient de la priorité aux carrefours. Trente-deux stations ont été aménagées, toutes accessibles aux personnes à mobilité réduite et équipées d’écrans indiquant l’heure du prochain passage.",
    "Le ticket est vendu au même prix qu’un trajet en bus classique, et un abonnement mensuel à tarif réduit est proposé aux étudiants. La société exploitante table sur 45 000 voyageurs par jour d’ici la fin de l’année.",
    "Une seconde ligne, qui doit desservir l’université et la zone industrielle, est en cours d’étude. Les commerçants de l’avenue principale, qui s’étaient plaints de la durée des travaux, espèrent désormais profiter du passage des nouveaux usagers.",
    "Dès le premier jour, près de 20 000 validations ont été enregistrées selon l’exploitant, qui a ajouté des bus en fin d’après-midi.",
]

VIGIE_AR_ARTICLES = [
    {
        "path": "jihat/dakhla-mahattat-tahliya-7735.html",
        "section": "jihat",
        "title": "الداخلة: محطة جديدة لتحلية مياه البحر تدخل مرحلة التشغيل التجريبي",
        "description": "المحطة ستوفر الماء الشروب لعشرات الآلاف من السكان وتسقي مساحات فلاحية جديدة.",
        "date": "2026-03-17T10:00:00+01:00",
        "author": "سعيد الوردي",
        "caption": "جانب من منشآت محطة التحلية على الساحل.",
        "tags": ["الماء", "الداخلة", "تحلية"],
        "paragraphs": [
            "دخلت محطة تحلية مياه البحر الجديدة بمدينة الداخلة مرحلة التشغيل التجريبي هذا الأسبوع، على أن تبلغ طاقتها الكاملة قبل نهاية الصيف المقبل. ويهدف المشروع إلى تأمين الماء الشروب لسكان المدينة الذين يتزايد عددهم عاما بعد عام، وإلى تخفيف الضغط على الفرشة المائية الجوفية.",
            "وتعمل المحطة بالطاقة الريحية المنتجة في حقل قريب، وهو ما يقلص كلفة المتر المكعب ويحد من الانبعاثات. وسيخصص جزء من المياه المحلاة لسقي أراض فلاحية جديدة ستستفيد منها تعاونيات شبابية في إطار برنامج لدعم التشغيل بالمنطقة.",
            "وأكد مسؤول بالمكتب المكلف بتدبير المشروع أن فرق الصيانة تلقت تكوينا خاصا، وأن جودة الماء تخضع لتحاليل يومية في مختبر المحطة. كما دعا السكان إلى ترشيد الاستهلاك، مذكرا بأن تحلية المياه تبقى حلا مكلفا لا يغني عن الاقتصاد في استعمال هذه المادة الحيوية.",
        ],
    },
    {
        "path": "mujtama/marrakech-maktaba-madrasiya-7741.html",
        "section": "mujtama",
        "title": "مراكش: مكتبات مدرسية جديدة في عشرين مؤسسة تعليمية بالعالم القروي",
        "description": "مبادرة تجمع جمعيات محلية وآباء التلاميذ لتشجيع القراءة لدى الأطفال.",
        "date": "2026-03-16T15:30:00+01:00",
        "author": "فاطمة الزهراء بنعلي",
        "caption": "تلاميذ يتصفحون كتبا في إحدى المكتبات الجديدة.",
        "tags": ["التعليم", "القراءة", "مراكش"],
        "paragraphs": [
            "استفادت عشرون مدرسة ابتدائية بالجماعات القروية المحيطة بمراكش من مكتبات جديدة، في إطار مبادرة أطلقتها جمعيات محلية بشراكة مع جمعيات آباء وأمهات التلاميذ. وتضم كل مكتبة نحو خمسمائة كتاب باللغتين العربية والأمازيغية، إضافة إلى قصص مصورة موجهة للأطفال الصغار.",
            "وقام متطوعون بتجهيز القاعات بالرفوف والطاولات، فيما تلقى أساتذة من كل مدرسة تكوينا قصيرا حول تنشيط حصص القراءة وتنظيم الإعارة. وتقول إحدى المعلمات إن التلاميذ صاروا ينتظرون حصة المكتبة كل أسبوع، وإن بعضهم يطلب أخذ الكتب إلى البيت لقراءتها مع إخوته.",
            "ويأمل المنظمون أن تتوسع التجربة لتشمل مدارس أخرى خلال السنة المقبلة، وأن تساهم في تحسين مستوى التلاميذ في القراءة والكتابة، خاصة في المناطق التي يقل فيها الوصول إلى الكتاب.",
        ],
    },
]


def vigie_contact() -> Page:
    ui = VIGIE_UI["fr"]
    p = Page(f"{VIGIE}/contact/", "fr", "contact", groups={"sidebar": "lavigie-latest-fr"},
             server="nginx/1.24.0", notes="contact page with e-mail addresses and Moroccan phone numbers")
    p.title = "Contacter la rédaction"
    head = p.head(f"Contact | {ui['site']}", description="Comment joindre la rédaction, le service abonnements et la régie publicitaire.",
                  site_name=ui["site"], og_title="Contacter la rédaction", css=VIGIE_CSS, inline_js=VIGIE_JS)
    paras = [
        "Vous avez été témoin d’un événement, vous souhaitez signaler une erreur dans un article ou proposer un sujet ? La rédaction lit tous les messages, même si elle ne peut pas répondre à chacun.",
        "Rédaction : écrivez à [redaction@lavigie-atlas.ma](mailto:redaction@lavigie-atlas.ma) ou appelez le standard au +212 5 22 48 31 70, du lundi au vendredi de 9h00 à 18h30.",
        "Pour nous envoyer des photos ou des vidéos, utilisez de préférence notre numéro WhatsApp : +212 6 61 27 48 93. Merci de préciser le lieu et la date de la prise de vue, par exemple « Casablanca, 14/03/2026 ».",
        "Abonnements : le service client répond au 06 45 18 27 90 ou par courriel à abonnements@lavigie-atlas.ma. L’abonnement numérique annuel coûte 490 dirhams, soit l’équivalent de deux mois offerts.",
        "Publicité et partenariats : contactez notre régie à l’adresse pub@lavigie-atlas.ma ou au 0522-48-31-75.",
        "Adresse postale : La Vigie de l’Atlas, 27 rue des Orangers, 20250 Casablanca, Maroc. Société au capital de 2 000 000 dirhams.",
    ]
    p.emails("redaction@lavigie-atlas.ma", "abonnements@lavigie-atlas.ma", "pub@lavigie-atlas.ma")
    p.phones("+212 5 22 48 31 70", "+212 6 61 27 48 93", "06 45 18 27 90", "0522-48-31-75")
    p.negatives("9h00", "18h30", "14/03/2026", "490 dirhams", "20250", "2 000 000 dirhams")
    body = f"""<body class="page page-contact" id="top">
{vigie_chrome_top(p, ui, 'fr')}
<main class="container"><div class="row">
{vigie_sidebar(p, ui, 'fr')}
<div class="col-main">
<nav class="breadcrumb"><a href="{VIGIE}/">{p.b(ui['home'])}</a> › {p.b('Contact')}</nav>
<article class="page"><h1 class="entry-title">Contacter la rédaction</h1>
<div class="entry-content">
{p.paras(paras)}
</div></article>
<form class="contact-form" method="post" action="{VIGIE}/contact/envoyer"><h2>{p.b('Formulaire de contact')}</h2>
<label>{p.b('Nom')}<input name="nom"></label><label>{p.b('E-mail')}<input name="email" type="email"></label>
<label>{p.b('Objet')}<select name="objet"><option>{p.b('Rédaction')}</option><option>{p.b('Abonnements')}</option><option>{p.b('Publicité')}</option></select></label>
<label>{p.b('Message')}<textarea name="message"></textarea></label><button type="submit">{p.b('Envoyer')}</button></form>
</div>
</div></main>
{vigie_footer(p, ui)}
{vigie_state(p, ui)}
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Site 2: Actu Régions (French aggregator) — near-duplicate of the Agadir article
# --------------------------------------------------------------------------------------


def actu_regions_neardup(original: dict) -> Page:
    url = "https://www.actu-regions.fr/maroc/agadir-bus-haut-niveau-service-premiere-ligne-2026-03-18"
    p = Page(url, "fr", "near_duplicate", groups={"near_duplicate": "agadir-bhns", "near_duplicate_role": "edited_copy"},
             expect="drop_near_duplicate",
             server="Apache/2.4.58 (Debian)", charset_declared="meta",
             notes="same article as the lavigie Agadir page with another title, one word changed and a short fifth paragraph added (word 5-gram Jaccard ~0.83)")
    title = "Agadir inaugure sa première ligne de bus à haut niveau de service"
    p.title = title
    p.published = "2026-03-18T07:10:00+01:00"
    p.author = "La rédaction"
    head = p.head(f"{title} - Actu Régions", description="La nouvelle ligne relie Tikiouine au front de mer en une quarantaine de minutes.",
                  site_name="Actu Régions", og_type="article", og_title=title, published=p.published,
                  css="body{font-family:Verdana,sans-serif;margin:0}#wrap{width:960px;margin:auto}#menu li{display:inline;margin-right:12px}"
                      ".bloc{border:1px solid #ccc;padding:8px;margin:10px 0}.pub{background:#fafafa;height:90px}",
                  scripts=("https://www.actu-regions.fr/js/jquery-3.7.1.min.js", "https://www.actu-regions.fr/js/site.js"))
    menu = "".join(f'<li><a href="/{x.lower()}/">{p.b(x)}</a></li>' for x in
                   ["Accueil", "France", "Maroc", "Algérie", "Tunisie", "Afrique", "Économie", "Insolite"])
    populaires = [
        "Les prix de l’immobilier reculent dans six grandes villes",
        "Vacances de printemps : les routes les plus chargées",
        "Un village breton invente la cantine à un euro",
    ]
    body = f"""<body>
<div id="wrap">
<div id="top-pub" class="pub">{p.b('Publicité')}</div>
<div id="logo"><a href="/"><img src="/img/logo-actu-regions.png" alt="Actu Régions"></a> <span class="slogan">{p.b('Toute l’actualité des régions, en continu')}</span></div>
<ul id="menu">{menu}</ul>
<div id="content">
<h1>{esc(title)}</h1>
<p class="infos">{p.s('Publié le 18/03/2026 à 07:10')} – {p.s('Source : La Vigie de l’Atlas')}</p>
{p.paras(AGADIR_EDITED)}
<p class="source"><a href="{VIGIE}/{original['path']}" rel="nofollow">{p.b('Lire l’article original')}</a></p>
<div class="bloc"><b>{p.b('Articles populaires')}</b><ul>{''.join(f'<li><a href="/populaire/{i}">{p.b(t)}</a></li>' for i, t in enumerate(populaires))}</ul></div>
<div class="bloc fb-comments">{p.b('Réagissez avec votre compte Facebook')}</div>
</div>
<div id="footer">{p.b('Actu Régions agrège les informations publiées par la presse régionale.')} <a href="/cgu">{p.b('CGU')}</a> | <a href="/contact">{p.b('Contact')}</a> | <a href="/rss">{p.b('Flux RSS')}</a></div>
</div>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Non-UTF-8 pages
# --------------------------------------------------------------------------------------


def gazette_cp1252() -> Page:
    """An old French site served in windows-1252 (declared in the HTTP header and a meta)."""
    url = "https://www.gazette-vigneronne.fr/actualites/vendanges-2025-saumurois.php"
    p = Page(url, "fr", "news_article", charset="windows-1252", charset_declared="both",
             server="Apache/2.2.22 (Unix) PHP/5.4.45", extra_headers=["X-Powered-By: PHP/5.4.45"],
             notes="windows-1252: uses the euro sign, curly apostrophes and the oe ligature, all outside ISO-8859-1")
    title = "Vendanges 2025 : une récolte précoce mais de belle qualité dans le Saumurois"
    p.title = title
    p.published = "2025-10-06"
    p.author = "Bernard Colin"
    paras = [
        "Les premiers sécateurs sont entrés dans les vignes dès la fin du mois d’août, une date que les anciens du Saumurois n’auraient jamais imaginée il y a trente ans. La chaleur de juillet a accéléré la maturité des raisins, obligeant les domaines à avancer le recrutement des saisonniers.",
        "Les volumes sont inférieurs d’environ 15 % à ceux d’une année moyenne, notamment sur les parcelles touchées par la grêle du printemps. En revanche, la qualité réjouit les œnologues : des raisins sains, bien mûrs, avec une acidité préservée grâce aux nuits fraîches de septembre.",
        "« Sur le chenin, c’est l’une des plus belles années que j’aie connues », confie Martine Hérault, qui exploite douze hectares près de Brézé. Elle s’inquiète toutefois du coût de la main-d’œuvre : un vendangeur lui revient à près de 120 € la journée, charges comprises.",
        "Les caves coopératives prévoient de premiers vins nouveaux à la mi-novembre. D’ici là, les fêtes des vendanges se succèdent dans les villages, où l’on célèbre une récolte que beaucoup jugent « courte mais superbe ».",
    ]
    p.negatives("15 %", "120 €")
    css = "body{background:#f3efe4;font-family:Georgia,serif}table.main{width:900px;background:#fff}td.menu{width:180px;background:#7a1f2b;color:#fff}td.menu a{color:#fff}"
    head = p.head(f"{title} - La Gazette Vigneronne", description="Bilan des vendanges 2025 dans le Saumurois.", css=css, twitter=False)
    menu = "<br>\n".join(f'<a href="/{i}.php">{p.b(x)}</a>' for i, x in enumerate(
        ["Accueil", "Actualités", "Appellations", "Agenda des fêtes", "Petites annonces", "Nous écrire"]))
    body = f"""<body>
<table class="main" align="center" cellpadding="8" cellspacing="0">
<tr><td colspan="2"><img src="/images/bandeau.jpg" alt="La Gazette Vigneronne" width="880" height="120"></td></tr>
<tr><td class="menu" valign="top">{menu}<br><br><font size="1">{p.b('Site optimisé pour une résolution de 1024×768')}</font></td>
<td valign="top">
<h1>{esc(title)}</h1>
<p><i>{p.s('Par Bernard Colin, le 6 octobre 2025')}</i></p>
{p.paras(paras)}
<p><a href="javascript:window.print()">{p.b('Imprimer cet article')}</a> | <a href="/envoyer.php">{p.b('Envoyer à un ami')}</a></p>
</td></tr>
<tr><td colspan="2" align="center"><font size="1">{p.b('© 2004-2025 La Gazette Vigneronne – Reproduction interdite sans autorisation')}<br>{p.b('L’abus d’alcool est dangereux pour la santé, à consommer avec modération.')}</font></td></tr>
</table>
</body>"""
    p.finish(head, body, doctype='<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">')
    return p


def sendero_latin1() -> Page:
    """A Spanish hiking club page in ISO-8859-1, declared only by a <meta charset>."""
    url = "http://www.clubsenderos-alpujarra.es/rutas/ruta-del-barranco-del-poqueira.html"
    p = Page(url, "es", "blog_post", charset="iso-8859-1", charset_declared="meta",
             server="Apache", notes="ISO-8859-1 declared only in <meta charset>; the HTTP Content-Type has no charset")
    title = "Ruta por el barranco del Poqueira"
    p.title = title
    p.published = "2025-05-11"
    paras = [
        "Salimos temprano de Pampaneira, con el sol todavía detrás de la sierra, y subimos por el camino empedrado que bordea las huertas. La primera hora es la más dura: la pendiente no da tregua y conviene llevar agua de sobra, porque no hay fuentes fiables hasta llegar al puente.",
        "Desde allí el sendero se vuelve más amable. Cruza varias acequias, pasa junto a un antiguo molino y ofrece vistas espléndidas de los pueblos blancos colgados en la ladera. En primavera el barranco está lleno de flores y el ruido del río acompaña durante todo el recorrido.",
        "¿Es una ruta para niños? Sí, siempre que estén acostumbrados a caminar unas cinco horas con subidas y bajadas. En total son unos catorce kilómetros y algo más de setecientos metros de desnivel acumulado.",
        "Recomendamos terminar la jornada en Capileira, donde se puede comer en alguno de los mesones del pueblo antes de volver en el autobús de la tarde. ¡Nos vemos en la próxima salida del club!",
    ]
    head = p.head(f"{title} - Club de Senderismo Alpujarra", description="Descripción de la ruta del barranco del Poqueira.",
                  css="body{font-family:Tahoma,sans-serif;background:#eef3e8}#caja{width:800px;margin:auto;background:#fff;padding:16px}")
    body = f"""<body>
<div id="caja">
<div id="cabecera"><img src="/img/logo-club.gif" alt=""> <b>{p.b('Club de Senderismo Alpujarra')}</b></div>
<div id="menu"><a href="/">{p.b('Inicio')}</a> · <a href="/rutas/">{p.b('Rutas')}</a> · <a href="/calendario.html">{p.b('Calendario')}</a> · <a href="/socios.html">{p.b('Hazte socio')}</a></div>
<h1>{esc(title)}</h1>
<p class="fecha">{p.s('Publicado el 11 de mayo de 2025')}</p>
{p.paras(paras)}
<table border="1" cellpadding="4"><tr><td>{p.s('Distancia')}</td><td>{p.s('14 km')}</td></tr><tr><td>{p.s('Desnivel')}</td><td>{p.s('720 m')}</td></tr><tr><td>{p.s('Dificultad')}</td><td>{p.s('Media')}</td></tr></table>
<p id="pie">{p.b('Club de Senderismo Alpujarra · Última actualización: mayo de 2025')}</p>
</div>
</body>"""
    p.negatives("14 km", "720 m")
    p.finish(head, body)
    return p


def voyance_spam() -> Page:
    url = "https://www.voyance-gratuite-immediate-en-ligne.fr/voyance-gratuite-amour-travail-argent.html"
    p = Page(url, "fr", "spam_seo", server="LiteSpeed", expect="drop_quality",
             notes="French keyword-stuffed SEO spam")
    kw = "voyance gratuite"
    title = "Voyance gratuite – Voyance gratuite immédiate – Voyance gratuite en ligne – Voyance gratuite amour"
    p.title = "Voyance gratuite immédiate en ligne"
    paras = [
        f"Voyance gratuite immédiate : notre {kw} en ligne est la meilleure {kw} de France. Avec la {kw} par téléphone, la {kw} par chat et la {kw} par mail, vous avez la {kw} la plus précise pour l’amour, le travail et l’argent.",
        f"Pourquoi choisir notre {kw} ? Parce que la {kw} sérieuse est une {kw} fiable, et une {kw} fiable est une {kw} immédiate. Voyance gratuite amour, voyance gratuite travail, voyance gratuite argent, voyance gratuite tarot, voyance gratuite sans attente.",
        "Voyance gratuite en ligne sans carte bancaire, voyance gratuite sans inscription, voyance gratuite question oui non, voyance gratuite retour de l’être aimé, voyance gratuite 2026, voyance gratuite avis.",
        f"Consultez maintenant la {kw} numéro 1, la {kw} préférée des Français, la {kw} qui dit vrai : {kw}, {kw}, {kw} !",
    ]
    tags = ["voyance gratuite", "voyance en ligne", "voyance amour", "tarot gratuit", "voyance sérieuse", "voyance immédiate",
            "voyance par chat", "voyance sans CB", "medium gratuit", "horoscope gratuit", "voyance 2026", "voyance pas cher"]
    head = p.head(title, description=", ".join(tags), og_title=p.title,
                  extra='<meta name="keywords" content="' + attr(", ".join(tags * 2)) + '">')
    body = f"""<body>
<div class="cta"><a href="/consultation">{p.b('CONSULTATION GRATUITE ICI >>>')}</a></div>
<h1>Voyance gratuite immédiate en ligne</h1>
{p.paras(paras)}
<div class="cta"><a href="/consultation">{p.b('Cliquez ici pour votre voyance gratuite !!!')}</a></div>
<div class="tags">{' '.join(f'<a href="/tag/{i}">{p.b(t)}</a>' for i, t in enumerate(tags))}</div>
<p style="color:#fff;font-size:2px">{p.b(' '.join(tags * 3))}</p>
<p class="foot">{p.b('© voyance-gratuite-immediate-en-ligne.fr – Service de divertissement réservé aux majeurs.')}</p>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Syndication: one Meridian Press wire story on four sites
# --------------------------------------------------------------------------------------

WIRE_TITLE = "Fishing town switches on tidal turbines to power its harbour"
WIRE_DATE = "2026-03-17T13:00:00Z"
WIRE_PARAS = [
    "PORTHALLOW, Cornwall (Meridian Press) — A small fishing town on the south coast of Cornwall on Tuesday switched on two tidal turbines anchored off its harbour wall, becoming one of the first communities in Britain to run its port facilities almost entirely on power from the sea.",
    "The turbines, each about the size of a delivery van, sit on the seabed in a channel where the tide runs fast twice a day. Together they are expected to produce enough electricity for the harbour's ice plant, fuel pumps and lighting, with any surplus sold to the local grid.",
    "The project was funded by a community energy cooperative that raised about £1.8 million from more than 900 residents and former residents, many of whom bought shares worth a few hundred pounds. Members will receive a modest annual return once the loan used to buy the equipment has been repaid.",
    "\"The tide comes in and goes out whether we like it or not, so we might as well put it to work,\" said Jenna Polglase, a third-generation fisher who chairs the cooperative. She said the ice plant alone had cost the harbour tens of thousands of pounds a year in electricity bills.",
    "Marine biologists from a nearby university will monitor the site for three years to check whether the rotating blades affect seals, porpoises and fish. Early tests in a flume tank suggested the slow-moving rotors pose little risk, but researchers said real-world data were needed.",
    "If the trial succeeds, the cooperative hopes to add four more turbines and to share its model with other coastal towns facing rising energy costs.",
]


def wire_original() -> Page:
    url = "https://www.meridianpress.net/wire/2026/03/17/fishing-town-tidal-turbines-harbour"
    p = Page(url, "en", "syndicated_article", groups={"syndication": "meridian-tidal", "syndication_role": "original"},
             server="cloudflare", extra_headers=["CF-Cache-Status: HIT", "Strict-Transport-Security: max-age=31536000"])
    p.title, p.published, p.author = WIRE_TITLE, WIRE_DATE, "Tom Ashby"
    head = p.head(f"{WIRE_TITLE} | Meridian Press", description="A Cornish community cooperative has installed two tidal turbines to run its port.",
                  site_name="Meridian Press", og_type="article", og_title=WIRE_TITLE, published=WIRE_DATE, section="Environment",
                  image="https://cdn.meridianpress.net/img/2026/03/tidal-turbine-harbour.jpg",
                  jsonld={"@context": "https://schema.org", "@type": "NewsArticle", "headline": WIRE_TITLE,
                          "datePublished": WIRE_DATE, "author": [{"@type": "Person", "name": "Tom Ashby"}],
                          "publisher": {"@type": "Organization", "name": "Meridian Press"}, "isAccessibleForFree": True},
                  stylesheets=("https://cdn.meridianpress.net/css/wire.7c1e2.css",),
                  css=inline_font("meridianpress.net", "Meridian Sans", 4200) + ".story-body p{margin:0 0 1em}")
    nav = "".join(f'<li><a href="/section/{x.lower()}">{p.b(x)}</a></li>' for x in ["World", "Business", "Environment", "Science", "Sport", "Photos"])
    next_data = json.dumps({"props": {"pageProps": {"story": {"id": "mp-2026-0317-" + hexid(p.rng, 6), "headline": WIRE_TITLE, "byline": "Tom Ashby", "published": WIRE_DATE, "body": [{"type": "paragraph", "text": t} for t in WIRE_PARAS], "topics": ["energy", "oceans", "uk"]}}}, "page": "/wire/[...slug]", "buildId": hexid(p.rng, 21), "isFallback": False}, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    body = f"""<body>
<a class="skip" href="#main">{p.b('Skip to content')}</a>
<header class="mp-header"><a href="/" class="mp-logo">{p.b('Meridian Press')}</a><nav><ul>{nav}</ul></nav>
<a class="mp-login" href="/clients/login">{p.b('Client login')}</a></header>
<main id="main"><article class="story">
<p class="kicker">{p.b('Environment')}</p>
<h1>{esc(WIRE_TITLE)}</h1>
<p class="byline">{p.s('By Tom Ashby')} · <time datetime="{WIRE_DATE}">{p.s('March 17, 2026, 1:00 PM GMT')}</time></p>
<figure>{lqip_img(p.rng, "https://cdn.meridianpress.net/img/2026/03/tidal-turbine-harbour.jpg", "A tidal turbine is lowered into the water", n=1600)}<figcaption>{p.s('A turbine is lowered into the channel outside the harbour wall. (Meridian Press)')}</figcaption></figure>
<div class="story-body">
{p.paras(WIRE_PARAS)}
</div>
<p class="licensing">{p.b('Licensing: this story is available to Meridian Press subscribers. Contact our syndication desk for reuse rights.')}</p>
</article></main>
<footer class="mp-footer"><p>{p.b('Meridian Press is an independent news agency serving more than 400 publishers.')}</p>
<p>{p.b('© 2026 Meridian Press Ltd. All rights reserved.')} <a href="/terms">{p.b('Terms')}</a> <a href="/privacy">{p.b('Privacy')}</a></p></footer>
<script id="__NEXT_DATA__" type="application/json">{next_data}</script>
<script src="/_next/static/chunks/main-{hexid(p.rng, 16)}.js" async></script>
</body>"""
    p.finish(head, body)
    return p


def wire_dailyledger() -> Page:
    url = "https://www.dailyledger-news.com/news/world/2026/03/17/tidal-turbines-power-cornwall-harbour/"
    p = Page(url, "en", "syndicated_article", groups={"syndication": "meridian-tidal", "syndication_role": "copy"},
             server="nginx", charset_declared="http", expect="drop_duplicate",
             notes="syndicated copy with an editor's intro line; exact-duplicate paragraphs of the wire story")
    title = "Cornish fishing town turns to tidal turbines to power its harbor"
    p.title, p.published, p.author = title, "2026-03-17T15:42:00-04:00", "Meridian Press"
    intro = "Editor's note: This story comes to us from our partners at Meridian Press."
    head = p.head(f"{title} - The Daily Ledger", description="Residents funded the turbines through a community cooperative.",
                  site_name="The Daily Ledger", og_type="article", og_title=title, published=p.published,
                  scripts=("https://www.dailyledger-news.com/wp-includes/js/jquery/jquery.min.js",
                           "https://securepubads.g.doubleclick.example/tag/js/gpt.js"),
                  css=".dl-topnav a{margin:0 10px}.dl-article{max-width:720px}.dl-newsletter{background:#eef4fb;padding:20px}")
    nav = "".join(f'<a href="/{x.lower()}/">{p.b(x)}</a>' for x in ["Local", "Nation", "World", "Business", "Opinion", "Obituaries", "Weather"])
    trending = ["City council approves new budget after late-night session", "High school robotics team heads to nationals",
                "Road closures planned for spring marathon"]
    body = f"""<body class="post-template-default single">
<div class="dl-alert"><a href="/subscribe/">{p.b('Subscribe now: $1 for 3 months')}</a></div>
<header><a href="/" class="logo">{p.b('The Daily Ledger')}</a><nav class="dl-topnav">{nav}</nav></header>
<div class="ad leaderboard" id="ad-top">{p.b('Advertisement')}</div>
<article class="dl-article">
<h1 class="headline">{esc(title)}</h1>
<div class="byline">{p.s('Meridian Press')} | <time datetime="{p.published}">{p.s('Published 3:42 p.m. ET March 17, 2026')}</time></div>
<figure class="lead-art">{lqip_img(p.rng, "https://www.dailyledger-news.com/gdc/photos/2026/03/17/tidal.jpg", n=1200)}<figcaption>{p.s('Photo: Meridian Press')}</figcaption></figure>
<p class="editors-note"><em>{p.m(intro)}</em></p>
{p.paras(WIRE_PARAS)}
</article>
<aside class="dl-newsletter"><h3>{p.b('Get the morning briefing')}</h3><p>{p.b('The top stories from The Daily Ledger, delivered to your inbox every weekday.')}</p><button>{p.b('Sign up')}</button></aside>
<aside class="trending"><h3>{p.b('Trending')}</h3><ol>{''.join(f'<li><a href="/t/{i}">{p.b(t)}</a></li>' for i, t in enumerate(trending))}</ol></aside>
<footer><p>{p.b('© 2026 The Daily Ledger, a member of the Heartland Media group.')}</p>
<p><a href="/terms/">{p.b('Terms of Service')}</a> · <a href="/privacy/">{p.b('Privacy Policy')}</a> · <a href="/privacy/#ca">{p.b('Your Privacy Choices')}</a></p></footer>
</body>"""
    p.finish(head, body)
    return p


def wire_coastal() -> Page:
    url = "https://www.thecoastalobserver.co.uk/environment/tidal-turbines-porthallow-harbour-1.482913"
    p = Page(url, "en", "syndicated_article", groups={"syndication": "meridian-tidal", "syndication_role": "copy"},
             server="Microsoft-IIS/10.0", extra_headers=["X-AspNet-Version: 4.0.30319"], expect="drop_duplicate",
             notes="syndicated copy, same headline and paragraphs, different footer and boilerplate")
    p.title, p.published, p.author = WIRE_TITLE, "2026-03-17T14:10:00+00:00", "Tom Ashby"
    head = p.head(f"{WIRE_TITLE} | The Coastal Observer", description="Two tidal turbines now power Porthallow's harbour.",
                  site_name="The Coastal Observer", og_type="article", og_title=WIRE_TITLE, published=p.published,
                  jsonld={"@context": "https://schema.org", "@type": "Article", "headline": WIRE_TITLE,
                          "datePublished": p.published, "author": {"@type": "Person", "name": "Tom Ashby"}})
    body = f"""<body>
<div class="consent-overlay"><p>{p.b('We and our partners use cookies to personalise content and ads. You can change your choices at any time.')}</p>
<button>{p.b('Accept all')}</button><button>{p.b('Reject all')}</button><button>{p.b('Manage options')}</button></div>
<header class="co-masthead"><a href="/">{p.b('The Coastal Observer')}</a> <span>{p.b('Serving the south-west since 1872')}</span></header>
<nav>{''.join(f'<a href="/{x.lower()}">{p.b(x)}</a> ' for x in ['News', 'Sport', 'Environment', 'What’s On', 'Property', 'Jobs'])}</nav>
<div class="article">
<h1>{esc(WIRE_TITLE)}</h1>
<p class="credit">{p.s('Tom Ashby, Meridian Press')}</p>
<picture>{lqip_img(p.rng, "https://images.thecoastalobserver.co.uk/482913.jpg", n=1000)}</picture>
{p.paras(WIRE_PARAS)}
<div class="share-bar">{p.b('Share this article')} <a href="#">{p.b('Email')}</a> <a href="#">{p.b('Facebook')}</a> <a href="#">{p.b('Reddit')}</a></div>
</div>
<section class="more"><h2>{p.b('More from Environment')}</h2><ul><li><a href="/e/1">{p.b('Beach clean volunteers needed this weekend')}</a></li><li><a href="/e/2">{p.b('Rare orchid spotted on clifftop path')}</a></li></ul></section>
<footer class="co-footer"><p>{p.b('The Coastal Observer is regulated by the Independent Press Standards Organisation.')}</p>
<p>{p.b('Registered in England and Wales. Coastal Observer Media Ltd.')}</p></footer>
</body>"""
    p.finish(head, body)
    return p


def wire_aggregator() -> Page:
    url = "https://newsfeedhub.info/story/8c41f09a/fishing-town-switches-on-tidal-turbines"
    p = Page(url, "en", "syndicated_article", groups={"syndication": "meridian-tidal", "syndication_role": "copy"},
             server="openresty", charset_declared="meta", expect="drop_duplicate",
             notes="aggregator copy: full wire text surrounded by ads and 'read more' links")
    p.title, p.published = WIRE_TITLE, "2026-03-17T13:05:00Z"
    head = p.head(f"{WIRE_TITLE} - NewsFeedHub", description=WIRE_PARAS[0][:150], og_title=WIRE_TITLE, robots="noindex,follow",
                  inline_js="var _nfh={sid:'8c41f09a',ads:['top','mid','bottom']};(function(){var s=document.createElement('script');s.src='/ads.js';document.head.appendChild(s)})();")
    half = len(WIRE_PARAS) // 2
    body = f"""<body>
<div class="nfh-bar"><a href="/">{p.b('NewsFeedHub')}</a> <a href="/top">{p.b('Top stories')}</a> <a href="/latest">{p.b('Latest')}</a> <a href="/apps">{p.b('Get the app')}</a></div>
<div class="nfh-ad">{p.b('Sponsored')}: <a href="/ad/1">{p.b('Doctors stunned by this one simple morning habit')}</a></div>
<h1>{esc(WIRE_TITLE)}</h1>
<div class="src">{p.s('Meridian Press · 5 min ago')}</div>
{p.paras(WIRE_PARAS[:half])}
<div class="nfh-ad">{p.b('Sponsored')}: <a href="/ad/2">{p.b('You won’t believe what these houses look like inside')}</a></div>
{p.paras(WIRE_PARAS[half:])}
<p><a href="https://www.meridianpress.net/wire/2026/03/17/fishing-town-tidal-turbines-harbour">{p.b('Read more at Meridian Press')}</a></p>
<div class="nfh-related"><h3>{p.b('You may also like')}</h3>{''.join(f'<a href="/story/{hexid(p.rng)}">{p.b(t)}</a> ' for t in ['Ten gadgets that pay for themselves', 'The town where nobody locks their doors', 'Why everyone is talking about this diet'])}</div>
<footer>{p.b('NewsFeedHub does not own the content it links to.')} <a href="/dmca">{p.b('DMCA')}</a></footer>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# English shop: one product in three near-identical colour variants
# --------------------------------------------------------------------------------------

SHOP = "https://www.northtrail-outfitters.com"
PRODUCT_DESC = [
    "The Ridgeline 28L is the pack we reach for on long day hikes, when the forecast is uncertain and you want room for an extra layer, lunch and a full water bladder without carrying a heavy bag. The body is cut from recycled ripstop nylon with a water-repellent finish, and the base is reinforced where packs usually wear out first.",
    "A ventilated back panel keeps air moving between you and the load, and the padded hip belt takes most of the weight off your shoulders on steep climbs. Two stretch side pockets hold a bottle each, the large front pocket swallows a wet jacket, and a zipped lid pocket keeps keys and snacks within reach.",
    "This colourway, {colour}, was chosen to {colour_note}. Like every Northtrail pack, the Ridgeline is covered by our lifetime repair promise: if a seam or buckle fails, send it back and we will fix it.",
]
PRODUCT_SPECS = ["Volume: 28 litres", "Weight: 1.1 kg", "Back length: 46–52 cm, adjustable",
                 "Fabric: recycled 210D ripstop nylon", "Hydration compatible: yes, up to 3 litres"]
VARIANTS = [
    ("slate", "Slate Grey", "look at home on the trail and on the commute", "NT-RL28-SLT", "$129.00", "In stock"),
    ("moss", "Moss Green", "blend into woodland and moorland", "NT-RL28-MOS", "$129.00", "In stock"),
    ("ember", "Ember Orange", "stay visible in fog and on snowy ridges", "NT-RL28-EMB", "$119.00", "Only 3 left"),
]


def product_variant(slug: str, colour: str, note: str, sku: str, price: str, stock: str) -> Page:
    url = f"{SHOP}/products/ridgeline-28l-daypack?variant={slug}"
    p = Page(url, "en", "product", groups={"near_duplicate": "ridgeline-daypack", "near_duplicate_role": "variant"},
             expect="keep" if slug == VARIANTS[0][0] else "drop_near_duplicate",
             server="cloudflare", charset_declared="both",
             extra_headers=["X-ShopId: 48213377", "Set-Cookie: _shop_session=" + hexid(url_rng(url), 24) + "; path=/; HttpOnly"],
             notes="product page; the three variants differ only in colour name, SKU, price and stock line")
    name = f"Ridgeline 28L Daypack – {colour}"
    p.title = name
    desc = [d.format(colour=colour, colour_note=note) for d in PRODUCT_DESC]
    p.negatives(price, sku, "28 litres", "1.1 kg", "46–52 cm")
    jsonld = {"@context": "https://schema.org/", "@type": "Product", "name": name, "sku": sku, "color": colour,
              "brand": {"@type": "Brand", "name": "Northtrail"},
              "offers": {"@type": "Offer", "price": price.lstrip("$"), "priceCurrency": "USD",
                         "availability": "https://schema.org/InStock"},
              "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.7", "reviewCount": "212"}}
    head = p.head(f"{name} | Northtrail Outfitters", description="A 28-litre hiking daypack with a ventilated back panel and lifetime repairs.",
                  site_name="Northtrail Outfitters", og_type="product", og_title=name,
                  image=f"https://cdn.northtrail-outfitters.com/products/ridgeline-28l-{slug}.jpg", jsonld=jsonld,
                  stylesheets=(f"{SHOP}/cdn/shop/t/12/assets/theme.css?v={hexid(p.rng, 10)}",),
                  scripts=(f"{SHOP}/cdn/shop/t/12/assets/theme.js?v={hexid(p.rng, 10)}",),
                  inline_js="window.ShopifyAnalytics=window.ShopifyAnalytics||{};window.ShopifyAnalytics.meta={product:{id:7734120,type:'Backpacks'}};")
    swatches = "".join(f'<a class="swatch{" active" if v[0] == slug else ""}" href="{SHOP}/products/ridgeline-28l-daypack?variant={v[0]}">{p.b(v[1])}</a>' for v in VARIANTS)
    menu = "".join(f'<li><a href="{SHOP}/collections/{x.lower()}">{p.b(x)}</a></li>' for x in ["Packs", "Jackets", "Footwear", "Camping", "Sale"])
    reviews = [
        ("Dana R.", "Verified buyer", "Carried it across the Lake District for a week. Comfortable, dry inside after a full day of drizzle."),
        ("Miguel", "Verified buyer", "Hip belt pockets are a bit small for a big phone, otherwise perfect."),
    ]
    body = f"""<body class="template-product">
<div class="announcement-bar">{p.b('Free shipping on orders over $75 · Free returns within 60 days')}</div>
<header class="site-header"><a href="{SHOP}/" class="logo">{p.b('Northtrail Outfitters')}</a>
<nav><ul>{menu}</ul></nav><a href="{SHOP}/account">{p.b('Account')}</a> <a href="{SHOP}/cart">{p.b('Cart (0)')}</a></header>
<main class="product">
<nav class="breadcrumbs"><a href="{SHOP}/">{p.b('Home')}</a> / <a href="{SHOP}/collections/packs">{p.b('Packs')}</a></nav>
<div class="gallery">{''.join(lqip_img(p.rng, f"https://cdn.northtrail-outfitters.com/products/ridgeline-28l-{slug}-{k}.jpg", name, n=520, w=600, h=600) for k in range(4))}</div>
<div class="product-info">
<h1 class="product-title">{esc(name)}</h1>
<div class="price">{p.s(price)}</div>
<div class="rating">{p.s('4.7 out of 5 stars · 212 reviews')}</div>
<div class="swatches"><span>{p.b('Colour:')}</span> {swatches}</div>
<div class="stock">{p.s(stock)}</div>
<p class="sku">{p.s('SKU: ' + sku)}</p>
<button class="add-to-cart">{p.b('Add to cart')}</button>
<div class="product-description">
{p.paras(desc)}
<h2>{p.m('Specifications')}</h2>
<ul>{''.join(f'<li>{p.m(x)}</li>' for x in PRODUCT_SPECS)}</ul>
</div></div>
<section class="reviews"><h2>{p.b('Customer reviews')}</h2>
{''.join(f'<div class="review"><b>{p.s(a)}</b> <span>{p.s(v)}</span><p>{p.s(t)}</p></div>' for a, v, t in reviews)}
</section>
<section class="recs"><h2>{p.b('You might also like')}</h2><a href="{SHOP}/products/summit-40l">{p.b('Summit 40L Backpack')}</a> <a href="{SHOP}/products/trail-bottle">{p.b('Insulated Trail Bottle')}</a></section>
</main>
<footer class="site-footer"><div>{p.b('Join the Northtrail list for early access to new gear.')}</div>
<ul><li><a href="{SHOP}/pages/shipping">{p.b('Shipping')}</a></li><li><a href="{SHOP}/pages/returns">{p.b('Returns')}</a></li><li><a href="{SHOP}/pages/repairs">{p.b('Repairs')}</a></li><li><a href="{SHOP}/pages/contact">{p.b('Contact')}</a></li></ul>
<p>{p.b('© 2026 Northtrail Outfitters')}</p></footer>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Spam and boilerplate-only pages
# --------------------------------------------------------------------------------------


def loans_spam() -> Page:
    url = "https://best-cheap-loans-online-247.biz/cheap-payday-loans-fast-approval-no-credit-check.html"
    p = Page(url, "en", "spam_seo", server="Apache", expect="drop_quality", notes="English keyword-stuffed SEO spam")
    k = "cheap loans"
    title = "Cheap Loans Online | Cheap Payday Loans | Fast Cheap Loans No Credit Check"
    p.title = "Cheap Loans Online Fast Approval"
    paras = [
        f"Looking for {k}? Our {k} online are the best {k} because {k} with fast approval are the {k} you need. Get {k} today, {k} tomorrow, {k} now. Cheap payday loans, cheap personal loans, cheap loans no credit check.",
        f"Best {k} online 2026: {k} for bad credit, {k} same day, {k} instant approval, {k} direct lender, {k} near me, {k} fast cash, {k} with no fees. Apply for {k} now!!!",
        "Payday loans cheap, cheap payday loans, loans cheap payday, fast loans cheap, cheap fast loans, cheap loans fast, loans fast cheap, instant cheap loans online now.",
        f"Why wait? Click here for {k}. Click here for {k}. Click here for the cheapest {k} online, guaranteed approval, 100% cheap loans!",
    ]
    head = p.head(title, description=f"{k} cheap payday loans fast cheap loans online no credit check instant approval",
                  extra='<meta name="keywords" content="cheap loans, payday loans, cheap payday loans, fast loans, loans online, no credit check loans">')
    links = ["cheap loans texas", "cheap loans florida", "cheap loans ohio", "cheap loans california", "payday loans cheap",
             "cheap loans uk", "cheap loans canada", "cheap loans bad credit", "cheap car loans", "cheap student loans"]
    body = f"""<body bgcolor="#ffffcc">
<center><h1>Cheap Loans Online Fast Approval</h1>
<a href="/apply"><img src="/img/apply-now-flashing.gif" alt="APPLY NOW cheap loans"></a></center>
{p.paras(paras)}
<div class="links">{' | '.join(f'<a href="/{x.replace(" ", "-")}.html">{p.b(x)}</a>' for x in links)}</div>
<center><small>{p.b('Copyright 2026 best-cheap-loans-online-247.biz – cheap loans, payday loans, fast loans')}</small></center>
</body>"""
    p.finish(head, body, doctype="<!DOCTYPE html>")
    return p


def link_farm() -> Page:
    url = "http://www.top-web-directory-links.info/tag/home-improvement/page/3/"
    p = Page(url, "en", "link_farm", server="nginx", expect="drop_quality",
             notes="tag/directory page that is only lists of links; no main content")
    p.title = "Home Improvement – Tag Archive – Page 3"
    head = p.head("Home Improvement Archives - Page 3 of 47 - Top Web Directory Links", robots="index,follow",
                  description="Best home improvement links directory page 3")
    groups = [
        ("Roofing", ["Best roofers in Dallas", "Roof repair near me cheap", "Metal roofing prices 2026", "Emergency roof leak help",
                     "Top 10 roofing companies", "Flat roof coating guide"]),
        ("Plumbing", ["24 hour plumber Chicago", "Cheap drain cleaning", "Water heater installation deals", "Leak detection experts",
                      "Bathroom remodel plumbing", "Plumber reviews 2026"]),
        ("Windows & Doors", ["Replacement windows cost", "Vinyl windows discount", "Front door installation", "Sliding patio doors sale",
                             "Window tinting near me", "Storm doors best price"]),
        ("Flooring", ["Hardwood floor refinishing", "Cheap laminate flooring", "Carpet installation free quote", "Tile contractors near me"]),
    ]
    blocks = []
    for heading, links in groups:
        items = "".join(f'<li><a href="http://{x.lower().replace(" ", "-")}.example-links.net/" rel="dofollow">{p.b(x)}</a></li>' for x in links)
        blocks.append(f"<h2>{p.b(heading)}</h2><ul>{items}</ul>")
    tagcloud = ["home", "improvement", "diy", "contractor", "repair", "cheap", "best", "near me", "2026", "deals", "quotes", "reviews"]
    body = f"""<body>
<div id="header"><a href="/">{p.b('Top Web Directory Links')}</a> – {p.b('Submit your site for free!')}</div>
<h1>Home Improvement</h1>
{''.join(blocks)}
<div class="pages">{' '.join(f'<a href="/tag/home-improvement/page/{i}/">{p.b(str(i))}</a>' for i in range(1, 8))} <a href="/tag/home-improvement/page/4/">{p.b('Next »')}</a></div>
<div class="tagcloud">{' '.join(f'<a href="/tag/{t.replace(" ", "-")}/">{p.b(t)}</a>' for t in tagcloud)}</div>
<div id="footer">{p.b('Add your link · Premium listing $9.99 · Contact webmaster')}</div>
</body>"""
    p.finish(head, body)
    return p


def not_found_page() -> Page:
    url = "https://www.lindenhall-gardening.blog/2024/06/how-to-prune-roses-in-summer/"
    p = Page(url, "en", "not_found", server="nginx", expect="drop_quality",
             notes="soft 404: HTTP 200 with a 'page not found' message, navigation and footer only")
    p.title = "Page not found"
    head = p.head("Page not found – Lindenhall Gardening", robots="noindex")
    recent = ["Growing tomatoes on a city balcony: one year of notes", "Ten shade-loving plants for a north-facing yard",
              "Saving seeds from your own vegetables"]
    body = f"""<body class="error404">
<header><a href="/" class="site-title">{p.b('Lindenhall Gardening')}</a><p class="tagline">{p.b('Small spaces, big harvests')}</p>
<nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Home', 'Vegetables', 'Flowers', 'Balcony', 'About'])}</nav></header>
<main><h1>Page not found</h1>
<p>{p.b('Oops! That page can’t be found. It looks like nothing was found at this location. Maybe try a search?')}</p>
<form role="search"><input type="search" name="s"><button>{p.b('Search')}</button></form>
<h2>{p.b('Recent posts')}</h2><ul>{''.join(f'<li><a href="/p/{i}">{p.b(t)}</a></li>' for i, t in enumerate(recent))}</ul></main>
<footer>{p.b('© 2026 Lindenhall Gardening · Proudly powered by WordPress')}</footer>
</body>"""
    p.finish(head, body)
    return p


def login_page() -> Page:
    url = "https://app.lumenboard.io/login?next=%2Fdashboard"
    p = Page(url, "en", "login", server="envoy", expect="drop_quality", notes="login form only",
             extra_headers=["Set-Cookie: lb_csrf=" + hexid(url_rng(url), 32) + "; Path=/; Secure; SameSite=Lax"])
    p.title = "Sign in to Lumenboard"
    head = p.head("Sign in · Lumenboard", robots="noindex,nofollow",
                  stylesheets=("https://app.lumenboard.io/assets/auth-" + hexid(p.rng) + ".css",),
                  scripts=("https://app.lumenboard.io/assets/auth-" + hexid(p.rng) + ".js",))
    body = f"""<body class="auth">
<div class="auth-card">
<img src="/assets/logo.svg" alt="Lumenboard" width="120">
<h1>Sign in to Lumenboard</h1>
<a class="sso" href="/auth/google">{p.b('Continue with Google')}</a>
<a class="sso" href="/auth/microsoft">{p.b('Continue with Microsoft')}</a>
<div class="divider">{p.b('or')}</div>
<form method="post" action="/login"><input type="hidden" name="csrf" value="{hexid(p.rng, 32)}">
<label for="email">{p.b('Work email')}</label><input id="email" name="email" type="email" autocomplete="username">
<label for="password">{p.b('Password')}</label><input id="password" name="password" type="password" autocomplete="current-password">
<label class="remember"><input type="checkbox" name="remember"> {p.b('Keep me signed in')}</label>
<button type="submit">{p.b('Sign in')}</button></form>
<p><a href="/forgot">{p.b('Forgot your password?')}</a></p>
<p>{p.b("Don't have an account?")} <a href="/signup">{p.b('Start a free trial')}</a></p>
</div>
<footer><a href="/terms">{p.b('Terms')}</a> · <a href="/privacy">{p.b('Privacy')}</a> · <a href="https://status.lumenboard.io">{p.b('Status')}</a></footer>
<noscript>{p.b('You need to enable JavaScript to run this app.')}</noscript>
</body>"""
    p.finish(head, body)
    return p


def cookie_wall_de() -> Page:
    url = "https://www.rheinblick-zeitung.de/lokales/neue-radbruecke-eroeffnet-ab-montag-freie-fahrt-a-118204"
    p = Page(url, "de", "cookie_wall", server="Varnish", expect="drop_quality",
             notes="consent wall served instead of the article: only consent text and buttons")
    p.title = "Zustimmung erforderlich"
    head = p.head("Rheinblick Zeitung – Ihre Zustimmung", robots="noindex",
                  css=".cmp{max-width:640px;margin:40px auto;font-family:Arial,sans-serif}.cmp button{display:block;width:100%;margin:8px 0;padding:12px}")
    purposes = ["Informationen auf einem Gerät speichern und/oder abrufen", "Personalisierte Werbung und Inhalte, Messung von Werbeleistung",
                "Nutzung reduzierter Daten zur Auswahl von Inhalten", "Analyse der Reichweite"]
    body = f"""<body>
<div class="cmp" role="dialog" aria-modal="true">
<img src="/static/rz-logo.svg" alt="Rheinblick Zeitung">
<h1>{p.b('Zustimmung erforderlich')}</h1>
<p>{p.b('Um unsere Inhalte kostenlos anbieten zu können, finanzieren wir uns über Werbung. Dafür benötigen wir Ihre Einwilligung zur Verarbeitung personenbezogener Daten durch uns und unsere 143 Partner.')}</p>
<ul>{''.join(f'<li>{p.b(x)}</li>' for x in purposes)}</ul>
<p>{p.b('Sie können Ihre Einwilligung jederzeit über den Link „Datenschutz-Einstellungen“ am Ende jeder Seite widerrufen.')}</p>
<button class="accept">{p.b('Alle akzeptieren')}</button>
<button class="pur">{p.b('Werbefrei lesen für 2,99 € im Monat')}</button>
<button class="settings">{p.b('Einstellungen')}</button>
<p class="links"><a href="/impressum">{p.b('Impressum')}</a> · <a href="/datenschutz">{p.b('Datenschutz')}</a></p>
</div>
</body>"""
    p.negatives("2,99 €")
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# English: contact page with PII, blog posts, forum thread, documentation
# --------------------------------------------------------------------------------------


def dental_contact() -> Page:
    url = "https://www.brightwell-dental.com/contact-us/"
    p = Page(url, "en", "contact", server="Apache", notes="US contact page: e-mails, +1 (555) phone numbers; hours, dates and prices are not PII")
    p.title = "Contact Brightwell Family Dental"
    paras = [
        "We are always happy to hear from new and returning patients. The quickest way to book, move or cancel an appointment is to call our front desk at +1 (555) 013-2290 during office hours.",
        "For questions about insurance, payment plans or billing, e-mail [billing@brightwell-dental.com](mailto:billing@brightwell-dental.com) and include your date of birth so we can find your file. Please do not send X-rays or medical records by e-mail; ask us for a secure upload link instead.",
        "Dental emergency outside office hours? Call our on-call line at 555-014-7781. If you have severe swelling or trouble breathing, go to the nearest emergency room.",
        "General questions can be sent to hello@brightwell-dental.com. Referrals from other practices can be faxed to (555) 013-2291.",
        "Our office is open Monday to Thursday from 8:00 a.m. to 6:00 p.m. and Friday from 8:00 a.m. to 2:00 p.m. We will be closed on 05/25/2026 for Memorial Day. New patient cleanings start at $89, and we accept most major insurance plans.",
    ]
    p.emails("billing@brightwell-dental.com", "hello@brightwell-dental.com")
    p.phones("+1 (555) 013-2290", "555-014-7781", "(555) 013-2291")
    p.negatives("8:00 a.m.", "6:00 p.m.", "2:00 p.m.", "05/25/2026", "$89", "1420 Maple Avenue, Suite 200", "62704")
    jsonld = {"@context": "https://schema.org", "@type": "Dentist", "name": "Brightwell Family Dental",
              "telephone": "+1-555-013-2290", "address": {"@type": "PostalAddress", "streetAddress": "1420 Maple Avenue, Suite 200",
                                                          "addressLocality": "Springfield", "postalCode": "62704"}}
    head = p.head("Contact Us | Brightwell Family Dental", description="Call, e-mail or visit Brightwell Family Dental in Springfield.",
                  og_title="Contact Us", site_name="Brightwell Family Dental", jsonld=jsonld)
    body = f"""<body class="page-contact">
<div class="topbar">{p.b('Now accepting new patients!')} <a href="/book/">{p.b('Book online')}</a></div>
<header><a href="/">{p.b('Brightwell Family Dental')}</a>
<nav>{''.join(f'<a href="/{x.lower().replace(" ", "-")}/">{p.b(x)}</a> ' for x in ['Services', 'Our Team', 'New Patients', 'Insurance', 'Contact Us'])}</nav></header>
<main><h1>Contact Brightwell Family Dental</h1>
{p.paras(paras)}
<address>{p.s('1420 Maple Avenue, Suite 200')}<br>{p.s('Springfield, IL 62704')}</address>
<iframe src="https://maps.example/embed?q=1420+Maple+Avenue" title="map" width="600" height="300"></iframe></main>
<footer><p>{p.b('© 2026 Brightwell Family Dental. All rights reserved.')}</p><p><a href="/privacy/">{p.b('Privacy Policy')}</a> · <a href="/accessibility/">{p.b('Accessibility')}</a></p></footer>
</body>"""
    p.finish(head, body)
    return p


def blog_tomatoes() -> Page:
    url = "https://www.lindenhall-gardening.blog/2026/03/growing-tomatoes-on-a-city-balcony/"
    p = Page(url, "en", "blog_post", server="nginx", charset_declared="both")
    title = "Growing tomatoes on a city balcony: one year of notes"
    p.title, p.published, p.author = title, "2026-03-09T18:20:00+00:00", "Ruth Lindenhall"
    paras = [
        "When we moved into a fourth-floor flat with a narrow south-facing balcony, I assumed my vegetable growing days were over. A year later I have picked more tomatoes than we could eat, and I have learned a great deal about what works in a container that gets wind, sun and not much else.",
        "The biggest lesson was about pot size. My first plants went into ten-litre pots because they looked big enough in the shop, and they struggled all summer. The ones I moved into forty-litre tubs in June caught up within weeks. Tomatoes want a deep, cool root run, and small pots dry out in a single hot afternoon.",
        "Variety matters too. Tall cordon tomatoes need staking that can stand up to gusts, so I now grow compact bush types and one or two cherry varieties trained up a trellis screwed to the wall. They crop earlier and shrug off the wind.",
        "Watering was the daily chore I underestimated. In July I watered every morning and again in the evening on the hottest days. A cheap drip kit connected to a rain barrel saved me in August, when we were away for ten days.",
        "Finally, feed little and often. A liquid tomato feed once a week from the first flowers onwards made a visible difference, and a layer of straw on top of the compost kept the soil from baking.",
        "This spring I am trying peppers and a dwarf aubergine alongside the tomatoes. I will report back in the autumn.",
    ]
    comments = [("Sam in Leeds", "March 10, 2026", "Great tips! My balcony faces east, do you think cherry tomatoes would still work?"),
                ("Ruth Lindenhall", "March 10, 2026", "Hi Sam, yes, cherry types cope well with morning sun. Expect a slightly later harvest.")]
    jsonld = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": title, "datePublished": p.published,
              "author": {"@type": "Person", "name": p.author}}
    head = p.head(f"{title} – Lindenhall Gardening", description="What a year of growing tomatoes in pots on a windy balcony taught me.",
                  site_name="Lindenhall Gardening", og_type="article", og_title=title, published=p.published, jsonld=jsonld,
                  stylesheets=("https://www.lindenhall-gardening.blog/wp-content/themes/sprout/style.css?ver=6.4.3",))
    body = f"""<body class="post-template-default single">
<header><a href="/" class="site-title">{p.b('Lindenhall Gardening')}</a><p class="tagline">{p.b('Small spaces, big harvests')}</p>
<nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Home', 'Vegetables', 'Flowers', 'Balcony', 'About'])}</nav></header>
<main><article class="post">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{p.s('Posted on March 9, 2026 by Ruth Lindenhall')}</div>
<div class="entry-content">
<figure class="wp-block-image">{lqip_img(p.rng, "/wp-content/uploads/2026/03/balcony-tomatoes-1024x683.jpg", "Tomato plants in large tubs on a balcony", n=1400)}<figcaption>{p.s('The forty-litre tubs in late July.')}</figcaption></figure>
{p.paras(paras)}
</div>
<div class="sharedaddy"><h3>{p.b('Share this:')}</h3><a href="#">{p.b('Email')}</a> <a href="#">{p.b('Facebook')}</a> <a href="#">{p.b('Pinterest')}</a></div>
<div class="post-categories">{p.b('Categories: Balcony, Vegetables')}</div>
</article>
<section class="comments"><h2>{p.b('2 thoughts on “Growing tomatoes on a city balcony: one year of notes”')}</h2>
{''.join(f'<div class="comment"><cite>{p.s(a)}</cite> <span>{p.s(d)}</span><p>{p.s(t)}</p><a href="#reply">{p.b("Reply")}</a></div>' for a, d, t in comments)}
<h3>{p.b('Leave a Reply')}</h3><p>{p.b('Your email address will not be published. Required fields are marked *')}</p></section></main>
<aside><h2>{p.b('About me')}</h2><p>{p.b('I grow food in pots, window boxes and anything else that holds soil.')}</p></aside>
<footer>{p.b('© 2026 Lindenhall Gardening · Proudly powered by WordPress')}</footer>
</body>"""
    p.finish(head, body)
    return p


def blog_photos() -> Page:
    url = "https://notes.okonkwo.dev/posts/moving-my-photo-library-home/"
    p = Page(url, "en", "blog_post", server="GitHub.com", charset_declared="meta",
             notes="static-site blog post; prices and version numbers are not PII")
    title = "Why I moved my photo library off the cloud"
    p.title, p.published, p.author = title, "2026-02-21", "Chidi Okonkwo"
    paras = [
        "For eight years every photo I took went straight to a cloud service. It was convenient until the day the subscription price doubled and I realised I had no idea how I would get 400 gigabytes of pictures out if the company changed its terms again.",
        "So I spent a few weekends bringing the library home. The setup is deliberately boring: a small second-hand mini PC, two 4 TB drives mirrored with ZFS, and an open-source photo server running in a container. The hardware cost me about $310, which the old subscription would have eaten in under three years.",
        "The migration itself was the slow part. The export tool split my library into dozens of archives, and some of the metadata, like albums and face tags, did not survive. I wrote a short script to read the sidecar files and restore the original dates, which fixed most of the chronology.",
        "Backups were the part I took most seriously. A home server with no off-site copy is worse than the cloud, not better. Every night the server pushes an encrypted snapshot to a drive at my sister's house, and once a month I check that I can actually restore a random folder.",
        "Would I recommend it to everyone? No. If you do not enjoy tinkering, a paid service with a good export policy is a fine choice. But if you have the time, owning your own memories feels surprisingly good.",
    ]
    p.negatives("400 gigabytes", "4 TB", "$310", "v1.106.4")
    head = p.head(f"{title} · Chidi's notes", description="Moving 400 GB of photos from a subscription service to a home server.",
                  og_type="article", og_title=title, published=p.published, twitter=False,
                  css="body{max-width:42rem;margin:2rem auto;font:18px/1.6 system-ui,sans-serif;padding:0 1rem}header a{margin-right:1rem}code{background:#f2f2f2}")
    body = f"""<body>
<header><a href="/">{p.b("Chidi's notes")}</a><a href="/posts/">{p.b('Posts')}</a><a href="/about/">{p.b('About')}</a><a href="/index.xml">{p.b('RSS')}</a></header>
<main><article>
<h1>{esc(title)}</h1>
<p class="meta"><time datetime="2026-02-21">{p.s('21 February 2026')}</time> · {p.s('5 min read')}</p>
{p.paras(paras)}
<p class="update"><em>{p.s('Update: I am now on version v1.106.4 of the photo server and the upgrade went smoothly.')}</em></p>
</article>
<nav class="post-nav"><a href="/posts/home-network-notes/">{p.b('← Notes on my home network')}</a> <a href="/posts/learning-rust-in-2026/">{p.b('Learning Rust in 2026 →')}</a></nav></main>
<footer><p>{p.b('Written by Chidi Okonkwo. Built with Hugo.')}</p></footer>
</body>"""
    p.finish(head, body)
    return p


def forum_thread() -> Page:
    url = "https://forum.homelabbers.net/t/pi-cant-reach-nas-after-router-swap/18842"
    p = Page(url, "en", "forum_thread", server="nginx", charset_declared="both",
             notes="forum thread: the posts are the main content; contains private IP addresses and one e-mail address")
    title = "Raspberry Pi can't reach my NAS after swapping routers"
    p.title, p.published = title, "2026-03-12T20:14:00Z"
    posts = [
        ("pi_tinkerer", "Mar 12", [
            "I replaced my old ISP router with a new mesh system last weekend and since then my Raspberry Pi can no longer mount the NFS share on my NAS. Everything else on the network works fine, including the TV and both laptops.",
            "The Pi used to get 192.168.1.47 and the NAS sits at 192.168.1.20. Now the Pi shows 192.168.68.112 and ping to the NAS just times out. I have rebooted everything twice. What am I missing?",
        ]),
        ("netgrump", "Mar 12", [
            "Your new router is handing out addresses in a different subnet. The NAS probably has a static address in the old 192.168.1.x range, so it is no longer reachable from devices on 192.168.68.x. Log into the NAS through its own screen or a direct cable and switch it to DHCP, or give it a static address inside the new range.",
        ]),
        ("pi_tinkerer", "Mar 13", [
            "That was it! The NAS had a static IP from years ago. I set it to 192.168.68.20, reserved that address in the router, and updated the mount line in fstab on the Pi. The share came back immediately.",
        ]),
        ("moderator_kate", "Mar 13", [
            "Glad it is solved. Marking this as the solution. For anyone landing here later: also check the NFS export rules on the NAS, since many of them only allow clients from the old subnet.",
            "If you want help migrating the rest of your setup, feel free to write to me at kate.morrow@homelabbers.net and I will point you to the right guides.",
        ]),
        ("lurker42", "Mar 14", [
            "Same thing happened to me with a printer. Static addresses are great until the day you change routers and forget they exist.",
        ]),
    ]
    p.ips("192.168.1.47", "192.168.1.20", "192.168.68.112", "192.168.68.20")
    p.emails("kate.morrow@homelabbers.net")
    head = p.head(f"{title} - Networking - Homelabbers Forum", description=posts[0][2][0][:160],
                  site_name="Homelabbers Forum", og_type="article", og_title=title,
                  jsonld={"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": title,
                          "datePublished": p.published, "author": {"@type": "Person", "name": "pi_tinkerer"}},
                  stylesheets=("https://forum.homelabbers.net/stylesheets/desktop_" + hexid(p.rng, 12) + ".css",))
    rendered = []
    for i, (who, when, paras) in enumerate(posts, start=1):
        rendered.append(
            f'<div class="topic-post" id="post_{i}"><div class="names"><span class="username">{p.s(who)}</span>'
            f' <span class="post-date">{p.s(when)}</span></div><div class="cooked">{p.paras(paras)}</div>'
            f'<div class="post-controls"><button>{p.b("Like")}</button> <button>{p.b("Reply")}</button></div></div>'
        )
    body = f"""<body class="archetype-regular">
<header class="d-header"><a href="/">{p.b('Homelabbers Forum')}</a> <a href="/latest">{p.b('Latest')}</a> <a href="/categories">{p.b('Categories')}</a> <a href="/login">{p.b('Log In')}</a> <a href="/signup">{p.b('Sign Up')}</a></header>
<div class="title-wrapper"><h1>{esc(title)}</h1><span class="category">{p.b('Networking')}</span> <span class="tag">{p.b('raspberry-pi')}</span> <span class="tag">{p.b('nfs')}</span> <span class="solved">{p.b('Solved')}</span></div>
<div class="posts">
{chr(10).join(rendered)}
</div>
<div class="suggested-topics"><h3>{p.b('Suggested Topics')}</h3><ul>
<li><a href="/t/1">{p.b('Best low-power NAS for 2026?')}</a></li><li><a href="/t/2">{p.b('VLANs explained for beginners')}</a></li><li><a href="/t/3">{p.b('Pi-hole stopped blocking ads after update')}</a></li></ul></div>
<footer>{p.b('Powered by Discourse, best viewed with JavaScript enabled')}</footer>
</body>"""
    p.finish(head, body)
    return p


DOCS = "https://docs.quarry-cli.dev"
DOCS_NAV = ["Introduction", "Installation", "Quick start", "Configuration", "Caching", "Remote sources", "CLI reference", "FAQ", "Changelog"]


def docs_page(slug: str, title: str, blocks: list[tuple[str, str]], version_negatives: list[str]) -> Page:
    url = f"{DOCS}/en/v3.2/{slug}/"
    p = Page(url, "en", "documentation", server="Netlify", charset_declared="both",
             notes="documentation page: headings, prose and code blocks are all main content")
    p.title = title
    p.negatives(*version_negatives)
    head = p.head(f"{title} - Quarry 3.2 documentation", description=f"Quarry documentation: {title.lower()}.",
                  og_title=title, site_name="Quarry", twitter=False,
                  stylesheets=(f"{DOCS}/assets/stylesheets/main.{hexid(p.rng, 8)}.min.css",),
                  scripts=(f"{DOCS}/assets/javascripts/bundle.{hexid(p.rng, 8)}.min.js",))
    parts = []
    for kind, text in blocks:
        if kind == "h2":
            parts.append(f'<h2 id="{attr(text.lower().replace(" ", "-"))}">{p.m(text)}<a class="headerlink" href="#">¶</a></h2>')
        elif kind == "p":
            parts.append(f"<p>{p.m(text)}</p>")
        elif kind == "li":
            parts.append(f"<ul><li>{p.m(text)}</li></ul>")
        elif kind == "code":
            lang = "toml" if "=" in text and "[" in text else "console"
            parts.append(f'<div class="highlight"><pre><code class="language-{lang}">{p.m(text)}</code></pre>'
                         f'<button class="md-clipboard" title="Copy to clipboard"></button></div>')
        elif kind == "note":
            parts.append(f'<div class="admonition note"><p class="admonition-title">{p.s("Note")}</p><p>{p.m(text)}</p></div>')
    nav = "".join(f'<li class="md-nav__item{" md-nav__item--active" if x == title else ""}"><a href="{DOCS}/en/v3.2/{x.lower().replace(" ", "-")}/">{p.b(x)}</a></li>' for x in DOCS_NAV)
    toc = "".join(f'<li><a href="#{attr(t.lower().replace(" ", "-"))}">{p.b(t)}</a></li>' for k, t in blocks if k == "h2")
    body = f"""<body dir="ltr" data-md-color-scheme="default">
<header class="md-header"><a href="{DOCS}/" class="md-header__button md-logo">{p.b('Quarry')}</a>
<div class="md-version">{p.b('v3.2 (latest)')}</div><form class="md-search"><input placeholder="Search" aria-label="Search"></form>
<a href="https://git.example/quarry/quarry" class="md-source">{p.b('quarry/quarry')}</a></header>
<div class="md-container"><nav class="md-nav md-nav--primary"><ul>{nav}</ul></nav>
<nav class="md-nav md-nav--secondary"><label>{p.b('Table of contents')}</label><ul>{toc}</ul></nav>
<article class="md-content__inner md-typeset">
<h1>{esc(title)}</h1>
{chr(10).join(parts)}
<aside class="md-source-file">{p.s('Last update: March 2, 2026')}</aside>
</article></div>
<footer class="md-footer"><a href="#" class="md-footer__link--prev">{p.b('Previous')}</a> <a href="#" class="md-footer__link--next">{p.b('Next')}</a>
<div class="md-copyright">{p.b('Copyright © 2021–2026 The Quarry authors. Made with Material for MkDocs.')}</div></footer>
</body>"""
    p.finish(head, body)
    return p


DOCS_CACHING = [
    ("p", "Quarry keeps a local cache of every file it downloads so that a second build with the same inputs does not touch the network. This page explains where the cache lives, how entries are invalidated and how to share a cache between machines."),
    ("h2", "Where the cache lives"),
    ("p", "By default the cache is stored in `~/.cache/quarry` on Linux, `~/Library/Caches/quarry` on macOS and `%LOCALAPPDATA%\\quarry\\cache` on Windows. You can move it by setting `cache.dir` in your project file or the `QUARRY_CACHE_DIR` environment variable, which takes precedence."),
    ("code", "[cache]\ndir = \"/var/cache/quarry\"\nmax_size = \"20GB\"\nttl_days = 30"),
    ("h2", "Invalidation"),
    ("p", "Each entry is keyed by the SHA-256 of its source URL and the options that affect its content. An entry is refreshed when it is older than `ttl_days`, or when the server reports a newer version through its ETag. When the cache grows beyond `max_size`, the least recently used entries are removed first."),
    ("note", "Since version 3.1 the cache index is written atomically, so an interrupted build can no longer corrupt it."),
    ("h2", "Inspecting and clearing the cache"),
    ("code", "$ quarry cache stats\nentries: 1 284   size: 6.3 GB   hit rate (7 days): 91%\n$ quarry cache clear --older-than 60d"),
    ("p", "Clearing the cache is always safe: Quarry will simply download the missing files again on the next build."),
]

DOCS_INSTALL = [
    ("p", "Quarry is distributed as a single static binary for Linux, macOS and Windows. It has no runtime dependencies, so installing it is a matter of putting the binary somewhere on your `PATH`."),
    ("h2", "Using the install script"),
    ("p", "On Linux and macOS the quickest way is the install script, which detects your platform, downloads the matching release and verifies its checksum before copying it to `~/.local/bin`."),
    ("code", "$ curl -fsSL https://get.quarry-cli.dev | sh\n$ quarry --version\nquarry 3.2.1 (2026-02-27)"),
    ("h2", "Package managers"),
    ("li", "Homebrew: `brew install quarry`"),
    ("li", "Debian and Ubuntu: `sudo apt install quarry` from the project repository"),
    ("li", "Windows: `winget install Quarry.Quarry`"),
    ("h2", "Upgrading from 2.x"),
    ("p", "Version 3 renamed the `sources.cache` option to `cache.dir` and dropped support for the old lock file format. Run `quarry migrate` once in each project to rewrite the configuration; the command prints every change it makes and keeps a backup of the original file."),
]


# --------------------------------------------------------------------------------------
# Spanish: recipe blog and a regional news site
# --------------------------------------------------------------------------------------


def recipe_es() -> Page:
    url = "https://www.lacocinadeines.es/recetas/tortilla-de-patatas-con-cebolla-caramelizada/"
    p = Page(url, "es", "recipe", server="nginx", charset_declared="both",
             notes="recipe: intro, ingredient list and steps are main content; comments are secondary")
    title = "Tortilla de patatas con cebolla caramelizada"
    p.title, p.published, p.author = title, "2026-01-30T10:00:00+01:00", "Inés Carrasco"
    intro = [
        "En casa de mi abuela la tortilla se hacía siempre con cebolla, y durante años pensé que era la única manera posible. Esta versión va un paso más allá: la cebolla se cocina despacio hasta que se vuelve dulce y dorada, y le da a la tortilla un sabor profundo que encanta incluso a quienes defienden la tortilla sin cebolla.",
        "El secreto está en la paciencia. Las patatas deben pocharse a fuego suave, sin llegar a freírse, y la mezcla con el huevo tiene que reposar unos minutos antes de cuajarla. Así el interior queda jugoso y la tortilla no se rompe al darle la vuelta.",
    ]
    ingredients = ["4 patatas medianas", "2 cebollas grandes", "6 huevos camperos", "Aceite de oliva virgen extra", "Sal"]
    steps = [
        "Pela las cebollas, córtalas en juliana fina y cocínalas con un poco de aceite a fuego muy bajo durante unos 40 minutos, removiendo de vez en cuando, hasta que estén caramelizadas.",
        "Mientras tanto, pela las patatas, córtalas en láminas finas y póchalas en abundante aceite a fuego medio-bajo durante 20 minutos. Escúrrelas bien.",
        "Bate los huevos con una pizca de sal, añade las patatas y la cebolla, mezcla y deja reposar la mezcla diez minutos.",
        "Calienta una sartén con una cucharada de aceite, vierte la mezcla y cuaja a fuego medio unos tres minutos. Dale la vuelta con ayuda de un plato y cocina un par de minutos más.",
    ]
    jsonld = {"@context": "https://schema.org/", "@type": "Recipe", "name": title, "author": {"@type": "Person", "name": p.author},
              "datePublished": p.published, "recipeYield": "4 raciones", "totalTime": "PT75M", "recipeIngredient": ingredients,
              "recipeInstructions": [{"@type": "HowToStep", "text": s} for s in steps]}
    head = p.head(f"{title} | La cocina de Inés", description="Receta de tortilla de patatas jugosa con cebolla caramelizada, paso a paso.",
                  site_name="La cocina de Inés", og_type="article", og_title=title, published=p.published, jsonld=jsonld,
                  image="https://www.lacocinadeines.es/wp-content/uploads/2026/01/tortilla-cebolla.jpg",
                  stylesheets=("https://www.lacocinadeines.es/wp-content/plugins/wp-recipe-maker/dist/public-modern.css?ver=9.1.0",))
    comments = [("Paco", "31 enero, 2026", "La hice ayer y triunfó. Yo le añadí un pimiento verde."),
                ("Lucía M.", "2 febrero, 2026", "¿Se puede preparar la cebolla el día antes?"),
                ("Inés Carrasco", "2 febrero, 2026", "¡Claro que sí, Lucía! Guárdala en la nevera y caliéntala un poco antes de usarla.")]
    body = f"""<body class="single-post">
<div class="cookie-notice">{p.b('Este sitio utiliza cookies propias y de terceros para mejorar tu experiencia.')} <a href="/politica-de-cookies/">{p.b('Más información')}</a> <button>{p.b('Aceptar')}</button></div>
<header><a href="/" class="logo">{p.b('La cocina de Inés')}</a>
<nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Inicio', 'Recetas', 'Postres', 'Básicos', 'Sobre mí', 'Contacto'])}</nav></header>
<main><article>
<h1>{esc(title)}</h1>
<p class="meta">{p.s('Publicado el 30 enero, 2026 por Inés Carrasco')}</p>
<a class="jump" href="#receta">{p.b('Ir a la receta')}</a>
<figure>{lqip_img(p.rng, "https://www.lacocinadeines.es/wp-content/uploads/2026/01/tortilla-cebolla.jpg", title, n=1600)}</figure>
{p.paras(intro)}
<div class="wprm-recipe" id="receta"><h2>{p.m('Ingredientes')}</h2>
<ul>{''.join(f'<li>{p.m(x)}</li>' for x in ingredients)}</ul>
<h2>{p.m('Preparación')}</h2>
<ol>{''.join(f'<li>{p.m(x)}</li>' for x in steps)}</ol>
<div class="wprm-step-images">{lqip_img(p.rng, "/wp-content/uploads/2026/01/cebolla-paso.jpg", n=600, w=300, h=200)}{lqip_img(p.rng, "/wp-content/uploads/2026/01/patatas-paso.jpg", n=600, w=300, h=200)}</div>
<p class="wprm-time">{p.s('Tiempo total: 1 h 15 min · Raciones: 4')}</p>
<button class="wprm-print">{p.b('Imprimir receta')}</button></div>
</article>
<section class="comments"><h3>{p.b('3 comentarios')}</h3>
{''.join(f'<div class="comment"><b>{p.s(a)}</b> <span>{p.s(d)}</span><p>{p.s(t)}</p></div>' for a, d, t in comments)}
<h3>{p.b('Deja un comentario')}</h3></section></main>
<aside><h3>{p.b('Suscríbete a la newsletter')}</h3><p>{p.b('Recibe cada domingo las recetas de la semana.')}</p></aside>
<footer>{p.b('© 2026 La cocina de Inés · Aviso legal · Política de privacidad')}</footer>
</body>"""
    p.finish(head, body)
    return p


DIARIO = "https://www.diariodelsur-noticias.es"


def diario_es(path: str, title: str, date: str, author: str, section: str, paras: list[str]) -> Page:
    url = f"{DIARIO}/{path}"
    p = Page(url, "es", "news_article", server="Apache", charset_declared="http", groups={"sidebar": "diariodelsur-ultima-hora"})
    p.title, p.published, p.author = title, date, author
    head = p.head(f"{title} | Diario del Sur", description=paras[0][:155].rsplit(" ", 1)[0], site_name="Diario del Sur",
                  og_type="article", og_title=title, published=date, section=section,
                  jsonld={"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                          "datePublished": date, "author": {"@type": "Person", "name": author}})
    ultima = ["El Ayuntamiento aprueba la ampliación del horario de las piscinas municipales",
              "Cortes de tráfico en el centro por la procesión del domingo",
              "La lluvia obliga a aplazar el mercado medieval"]
    body = f"""<body>
<div class="cmp-banner">{p.b('Utilizamos cookies para analizar el tráfico y personalizar la publicidad.')} <button>{p.b('Aceptar y continuar')}</button></div>
<header><a href="/">{p.b('Diario del Sur')}</a> <span>{p.b('Noticias de Andalucía')}</span>
<nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Portada', 'Andalucía', 'España', 'Economía', 'Deportes', 'Cultura', 'Opinión'])}</nav></header>
<main><article>
<span class="seccion">{p.b(section)}</span>
<h1>{esc(title)}</h1>
<figure>{lqip_img(p.rng, f"{DIARIO}/img/{hexid(p.rng)}.jpg", n=1200)}</figure>
<p class="firma">{p.s(author)} · <time datetime="{date}">{p.s(datetime.fromisoformat(date).strftime('%d/%m/%Y %H:%M'))}</time></p>
{p.paras(paras)}
<div class="compartir">{p.b('Compartir en')} <a href="#">{p.b('WhatsApp')}</a> <a href="#">{p.b('Facebook')}</a> <a href="#">{p.b('X')}</a></div>
</article>
<aside class="ultima-hora"><h3>{p.b('Última hora')}</h3><ul>{''.join(f'<li><a href="/u/{i}">{p.b(x)}</a></li>' for i, x in enumerate(ultima))}</ul></aside></main>
<footer>{p.b('Diario del Sur S.L. · Todos los derechos reservados')} · <a href="/aviso-legal/">{p.b('Aviso legal')}</a></footer>
</body>"""
    p.finish(head, body)
    return p


DIARIO_ARTICLES = [
    ("cordoba/2026/03/16/bicicletas-electricas-compartidas.html",
     "Córdoba estrena un servicio de bicicletas eléctricas compartidas con 300 unidades",
     "2026-03-16T09:30:00+01:00", "Álvaro Jiménez", "Andalucía", [
         "Córdoba cuenta desde este lunes con un servicio de bicicletas eléctricas compartidas. Las primeras 300 unidades ya están repartidas en 40 estaciones situadas en el casco histórico, los principales barrios y el campus universitario.",
         "Los usuarios pueden darse de alta a través de una aplicación móvil y pagar por minutos o contratar un abono anual. El Ayuntamiento ha fijado una tarifa reducida para estudiantes y mayores de 65 años con el objetivo de que el servicio llegue al mayor número posible de vecinos.",
         "La concejala de Movilidad explicó que las bicicletas eléctricas permiten salvar las cuestas y el calor del verano, dos de los motivos que más alejan a los cordobeses de la bicicleta convencional. Si la respuesta es buena, la flota se ampliará hasta 600 unidades el próximo año.",
         "Las asociaciones de ciclistas han recibido la noticia con satisfacción, aunque reclaman más carriles protegidos para que los nuevos usuarios puedan circular con seguridad.",
     ]),
    ("economia/2026/03/17/cooperativa-jaen-planta-envasado.html",
     "Una cooperativa de Jaén abre una planta para envasar aceite en pequeños formatos",
     "2026-03-17T12:45:00+01:00", "Marta Ruiz", "Economía", [
         "Una cooperativa olivarera de la provincia de Jaén ha inaugurado una planta de envasado que le permitirá vender su aceite en botellas pequeñas y latas, en lugar de hacerlo a granel como hasta ahora.",
         "La inversión, de algo más de dos millones de euros, busca que los socios se queden con una parte mayor del valor de su producto. Según el presidente de la cooperativa, el aceite envasado con marca propia puede venderse hasta un 40 % más caro que el que se entrega en cisternas a las grandes envasadoras.",
         "La planta ha creado doce puestos de trabajo fijos, la mayoría ocupados por jóvenes del propio pueblo. Los primeros pedidos ya han salido hacia tiendas gourmet de Madrid y Barcelona, y la cooperativa negocia su entrada en dos cadenas de supermercados europeas.",
     ]),
]


# --------------------------------------------------------------------------------------
# German: regional newspaper and a kitchen shop
# --------------------------------------------------------------------------------------

RHEIN = "https://www.rheinblick-zeitung.de"


def rheinblick(path: str, title: str, date: str, author: str, section: str, paras: list[str], teaser: str) -> Page:
    url = f"{RHEIN}/{path}"
    p = Page(url, "de", "news_article", server="Varnish", charset_declared="both", groups={"sidebar": "rheinblick-meistgelesen"})
    p.title, p.published, p.author = title, date, author
    head = p.head(f"{title} | Rheinblick Zeitung", description=teaser, site_name="Rheinblick Zeitung",
                  og_type="article", og_title=title, published=date, section=section,
                  jsonld={"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date,
                          "author": {"@type": "Person", "name": author}, "isAccessibleForFree": True})
    meist = ["Baustelle auf der B9: Was Pendler jetzt wissen müssen", "Neues Café am Marktplatz eröffnet",
             "Handball: Knappe Niederlage im Derby", "Wetter: Sonniges Wochenende erwartet"]
    d = datetime.fromisoformat(date)
    body = f"""<body class="article">
<div class="sp-banner">{p.b('Wir verwenden Cookies und ähnliche Technologien. Mit „Akzeptieren“ stimmen Sie der Nutzung zu.')} <button>{p.b('Akzeptieren')}</button> <button>{p.b('Einstellungen')}</button></div>
<header><a href="/">{p.b('Rheinblick Zeitung')}</a>
<nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Startseite', 'Lokales', 'Region', 'Politik', 'Wirtschaft', 'Sport', 'Kultur'])}</nav>
<a href="/abo/">{p.b('Jetzt abonnieren')}</a></header>
<main><article>
<span class="dachzeile">{p.b(section)}</span>
<h1>{esc(title)}</h1>
<p class="teaser"><strong>{p.m(teaser)}</strong></p>
<figure>{lqip_img(p.rng, f"{RHEIN}/bilder/{hexid(p.rng)}.jpg", n=1200)}</figure>
<p class="autor">{p.s('Von ' + author)} · <time datetime="{date}">{p.s(d.strftime('%d.%m.%Y, %H:%M Uhr'))}</time></p>
{p.paras(paras)}
<div class="teilen">{p.b('Artikel teilen:')} <a href="#">{p.b('E-Mail')}</a> <a href="#">{p.b('Facebook')}</a> <a href="#">{p.b('WhatsApp')}</a></div>
</article>
<aside class="meistgelesen"><h3>{p.b('Meistgelesen')}</h3><ol>{''.join(f'<li><a href="/m/{i}">{p.b(x)}</a></li>' for i, x in enumerate(meist))}</ol></aside></main>
<footer><a href="/impressum">{p.b('Impressum')}</a> · <a href="/datenschutz">{p.b('Datenschutz')}</a> · <a href="/datenschutz#einstellungen">{p.b('Datenschutz-Einstellungen')}</a> · <a href="/agb">{p.b('AGB')}</a>
<p>{p.b('© Rheinblick Verlag GmbH 2026')}</p></footer>
</body>"""
    p.finish(head, body)
    return p


RHEIN_ARTICLES = [
    ("lokales/neue-radbruecke-eroeffnet-a-118177",
     "Neue Radbrücke über den Altrhein eröffnet", "2026-03-16T17:30:00+01:00", "Katrin Vogel", "Lokales", [
         "Bei Sonnenschein und mit mehreren hundert Gästen ist am Montag die neue Fuß- und Radbrücke über den Altrhein eröffnet worden. Das 180 Meter lange Bauwerk verbindet die Innenstadt mit dem Naherholungsgebiet auf der Insel und verkürzt den Weg für Radfahrer um fast drei Kilometer.",
         "Die Bauarbeiten hatten sich wegen Lieferschwierigkeiten beim Stahl um ein knappes Jahr verzögert. Auch die Kosten stiegen deutlich, getragen werden sie zum größten Teil von Land und Bund. Der Oberbürgermeister sprach bei der Eröffnung dennoch von einer Investition, die sich für Jahrzehnte auszahlen werde.",
         "Schon am ersten Nachmittag zählte ein Messgerät am Brückenkopf mehr als 2.000 Überfahrten. Viele Schülerinnen und Schüler aus den Dörfern auf der anderen Rheinseite können ihre Schule nun sicher mit dem Rad erreichen, statt auf den Bus angewiesen zu sein.",
         "Anwohner der Uferstraße sehen die Brücke mit gemischten Gefühlen. Sie befürchten mehr Verkehr auf dem schmalen Weg am Ufer und fordern eine klare Trennung von Fußgängern und Radfahrern.",
     ], "Ab sofort können Radfahrer und Fußgänger den Altrhein auf direktem Weg überqueren."),
    ("kultur/stadtbibliothek-verlaengert-oeffnungszeiten-a-118190",
     "Stadtbibliothek öffnet künftig auch am Sonntag", "2026-03-17T10:15:00+01:00", "Jonas Albrecht", "Kultur", [
         "Die Stadtbibliothek wird ab April auch sonntags von 11 bis 17 Uhr geöffnet sein. Möglich macht das ein neues System, mit dem Leserinnen und Leser Medien selbst ausleihen und zurückgeben können, ohne dass an jeder Theke Personal stehen muss.",
         "Die Leiterin der Bibliothek erhofft sich vor allem mehr Besuch von Familien und Berufstätigen, die unter der Woche kaum Zeit finden. In anderen Städten hätten ähnliche Modelle gezeigt, dass der Sonntag schnell zu einem der beliebtesten Tage werde.",
         "An den Sonntagen soll es zudem ein kleines Programm geben, etwa Vorlesestunden für Kinder, Spielenachmittage und Sprechstunden, in denen Ehrenamtliche älteren Menschen den Umgang mit Smartphone und Tablet erklären.",
     ], "Ein neues Selbstverbuchungssystem macht längere Öffnungszeiten möglich."),
]


def kuechenwerk_product() -> Page:
    url = "https://www.kuechenwerk-shop.de/gusseisen-pfanne-28-cm-vorgeheizt"
    p = Page(url, "de", "product", server="nginx", charset_declared="both",
             extra_headers=["Set-Cookie: sw-states=" + hexid(url_rng(url), 20) + "; path=/"],
             notes="German product page; prices and article numbers are not PII")
    title = "Gusseisenpfanne 28 cm, vorgeölt"
    p.title = title
    paras = [
        "Diese Pfanne aus massivem Gusseisen speichert die Hitze lange und gibt sie gleichmäßig an das Bratgut ab. Steaks bekommen eine kräftige Kruste, Bratkartoffeln werden rundum goldbraun, und auch im Backofen macht die Pfanne eine gute Figur, etwa für Ofengemüse oder einen Apfelpfannkuchen.",
        "Die Oberfläche ist ab Werk mit Pflanzenöl eingebrannt und kann sofort verwendet werden. Mit jedem Gebrauch bildet sich eine natürliche Patina, die das Anhaften von Speisen weiter verringert. Nach dem Kochen genügt es, die Pfanne mit heißem Wasser und einer Bürste zu reinigen, gut abzutrocknen und dünn einzuölen.",
        "Geeignet für alle Herdarten einschließlich Induktion sowie für Grill und Lagerfeuer. Bitte nicht in die Spülmaschine geben.",
    ]
    specs = ["Durchmesser: 28 cm", "Gewicht: 3,2 kg", "Material: Gusseisen, vorgeölt", "Herdarten: alle, inkl. Induktion"]
    p.negatives("49,90 €", "Art.-Nr. KW-GP28", "3,2 kg", "28 cm")
    jsonld = {"@context": "https://schema.org", "@type": "Product", "name": title, "sku": "KW-GP28",
              "offers": {"@type": "Offer", "price": "49.90", "priceCurrency": "EUR"}}
    head = p.head(f"{title} | Küchenwerk", description="Vorgeölte Gusseisenpfanne mit 28 cm Durchmesser für alle Herdarten.",
                  site_name="Küchenwerk", og_type="product", og_title=title, jsonld=jsonld)
    body = f"""<body class="is-ctl-product">
<div class="top-bar">{p.b('Kostenloser Versand ab 50 € · 30 Tage Rückgaberecht')}</div>
<header><a href="/">{p.b('Küchenwerk')}</a> <nav>{''.join(f'<a href="/{x.lower()}/">{p.b(x)}</a> ' for x in ['Töpfe', 'Pfannen', 'Messer', 'Backen', 'Angebote'])}</nav>
<a href="/account">{p.b('Mein Konto')}</a> <a href="/checkout/cart">{p.b('Warenkorb')}</a></header>
<main><div class="gallery">{''.join(lqip_img(p.rng, f"/media/gp28-{k}.jpg", title, n=600, w=600, h=600) for k in range(3))}</div>
<h1 class="product-detail-name">{esc(title)}</h1>
<p class="price">{p.s('49,90 €')}</p><p class="tax">{p.s('inkl. MwSt. zzgl. Versandkosten')}</p>
<p class="ordernumber">{p.s('Art.-Nr. KW-GP28')}</p>
<button>{p.b('In den Warenkorb')}</button>
<div class="product-detail-description"><h2>{p.m('Produktbeschreibung')}</h2>
{p.paras(paras)}
<ul>{''.join(f'<li>{p.m(x)}</li>' for x in specs)}</ul></div>
<div class="cross-selling"><h2>{p.b('Passend dazu')}</h2><a href="/p/1">{p.b('Pfannenwender aus Buchenholz')}</a> <a href="/p/2">{p.b('Topflappen im Zweierset')}</a></div></main>
<footer><p>{p.b('Küchenwerk GmbH · Impressum · Datenschutz · AGB · Widerrufsbelehrung')}</p></footer>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Arabic: a second news site (RTL)
# --------------------------------------------------------------------------------------

WAHA = "https://www.akhbar-alwaha.com"


def waha_ar(path: str, title: str, date: str, author: str, section: str, paras: list[str]) -> Page:
    url = f"{WAHA}/{path}"
    p = Page(url, "ar", "news_article", server="LiteSpeed", charset_declared="both", groups={"sidebar": "alwaha-akhir"})
    p.title, p.published, p.author = title, date, author
    head = p.head(f"{title} - أخبار الواحة", description=paras[0][:150], site_name="أخبار الواحة", og_type="article",
                  og_title=title, published=date, section=section,
                  jsonld={"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date,
                          "inLanguage": "ar", "author": {"@type": "Person", "name": author}})
    akhir = ["انطلاق موسم جني التمور بواحات الجنوب", "افتتاح مركز صحي جديد بالجماعة القروية", "تساقطات مطرية مرتقبة نهاية الأسبوع"]
    body = f"""<body class="rtl">
<header><a href="/">{p.b('أخبار الواحة')}</a>
<nav>{''.join(f'<a href="/{i}/">{p.b(x)}</a> ' for i, x in enumerate(['الرئيسية', 'أخبار محلية', 'اقتصاد', 'ثقافة', 'رياضة', 'اتصل بنا']))}</nav></header>
<main><article>
<span class="section">{p.b(section)}</span>
<h1>{esc(title)}</h1>
<figure>{lqip_img(p.rng, f"{WAHA}/uploads/{hexid(p.rng)}.jpg", n=1000)}</figure>
<div class="meta">{p.s(author)} · <time datetime="{date}">{p.s(ar_date(date))}</time></div>
{p.paras(paras)}
<div class="share">{p.b('شارك المقال:')} <a href="#">{p.b('فيسبوك')}</a> <a href="#">{p.b('واتساب')}</a></div>
</article>
<aside><h3>{p.b('آخر الأخبار')}</h3><ul>{''.join(f'<li><a href="/a/{i}">{p.b(x)}</a></li>' for i, x in enumerate(akhir))}</ul></aside></main>
<footer>{p.b('جميع الحقوق محفوظة © أخبار الواحة 2026')}</footer>
</body>"""
    p.finish(head, body, html_attrs=' dir="rtl"')
    return p


WAHA_ARTICLES = [
    ("mahalli/2026/03/15/nakhil-saqy-tanqit.html", "فلاحو الواحة يعتمدون السقي بالتنقيط لإنقاذ أشجار النخيل",
     "2026-03-15T11:20:00+01:00", "عبد الله الحسني", "أخبار محلية", [
         "بدأ عدد متزايد من فلاحي الواحة في اعتماد تقنية السقي بالتنقيط لإنقاذ أشجار النخيل التي تضررت بفعل توالي سنوات الجفاف وتراجع صبيب العيون. وتسمح هذه التقنية بإيصال الماء مباشرة إلى جذور الأشجار، مما يقلص الضياع بشكل كبير مقارنة بالسقي التقليدي بالغمر.",
         "ويقول أحد الفلاحين إنه كان يفقد كل صيف عددا من النخلات، قبل أن يجهز أرضه بشبكة للتنقيط بدعم من برنامج حكومي يغطي جزءا من التكلفة. وأضاف أن المحصول تحسن منذ الموسم الماضي، وأن أبناءه صاروا أكثر اهتماما بالعمل في الأرض بدل الهجرة إلى المدينة.",
         "غير أن جمعيات محلية تنبه إلى ضرورة مراقبة حفر الآبار الجديدة، حتى لا يؤدي توسيع المساحات المسقية إلى استنزاف الفرشة المائية التي تعتمد عليها الواحة منذ قرون.",
     ]),
    ("thaqafa/2026/03/17/mahrajan-shir-shabab.html", "مهرجان للشعر الشبابي يجمع مواهب من مختلف مدن الجنوب",
     "2026-03-17T19:00:00+01:00", "مريم الإدريسي", "ثقافة", [
         "احتضنت دار الثقافة بالمدينة على مدى ثلاثة أيام مهرجانا للشعر الشبابي، شارك فيه أكثر من أربعين شاعرا وشاعرة تتراوح أعمارهم بين السادسة عشرة والثلاثين، قدموا من مدن وقرى مختلفة بالجنوب.",
         "وتنوعت القصائد بين الفصحى والدارجة والأمازيغية، وتناولت موضوعات الهجرة والحب والأرض والحنين إلى الطفولة. كما نظمت ورشات في الكتابة الشعرية أشرف عليها شعراء معروفون، قدموا للمشاركين نصائح حول بناء القصيدة وإلقائها أمام الجمهور.",
         "وفي ختام المهرجان، أعلن المنظمون عن إصدار ديوان جماعي يضم أفضل النصوص المشاركة، على أن يوزع مجانا على المكتبات المدرسية بالإقليم.",
     ]),
]


def vigie_amp(a: dict) -> Page:
    """The AMP copy of a Vigie article: same text, different URL and a much lighter template."""
    url = f"{VIGIE}/amp/{a['path']}"
    p = Page(url, "fr", "news_article", server="nginx/1.24.0", expect="drop_duplicate",
             groups={"duplicate": "kenitra-alphabetisation", "duplicate_role": "amp_copy"},
             notes="AMP version of the Kenitra article: identical paragraphs, no sidebar")
    p.title, p.published, p.author = a["title"], a["date"], a["author"]
    amp_boiler = ("<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
                  "animation:-amp-start 8s steps(1,end) 0s 1 normal both}@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}</style>"
                  "<noscript><style amp-boilerplate>body{animation:none}</style></noscript>"
                  '<script async src="https://cdn.ampproject.org/v0.js"></script>'
                  '<script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script>'
                  '<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>')
    head = p.head(f"{a['title']} | {VIGIE_NAME}", description=a["description"], site_name=VIGIE_NAME, og_type="article",
                  og_title=a["title"], published=a["date"], extra=amp_boiler,
                  css="body{font-family:Georgia,serif;margin:0 16px}header{border-bottom:3px solid #b3261e}h1{font-size:26px}")
    head = head.replace('<link rel="canonical" href="' + attr(url) + '">', '<link rel="canonical" href="' + attr(f"{VIGIE}/{a['path']}") + '">')
    body = f"""<body>
<header><a href="{VIGIE}/">{p.b(VIGIE_NAME)}</a></header>
<article>
<h1>{esc(a['title'])}</h1>
<p class="meta">{p.s('Par ' + a['author'])} · <time datetime="{a['date']}">{p.s(fr_date(a['date']))}</time></p>
<amp-img src="{VIGIE}/uploads/2026/03/kenitra.jpg" width="800" height="450" layout="responsive"></amp-img>
{p.paras(a['paragraphs'])}
</article>
<amp-social-share type="facebook"></amp-social-share><amp-social-share type="whatsapp"></amp-social-share>
<p><a href="{VIGIE}/{a['path']}">{p.b('Voir la version complète du site')}</a></p>
<footer>{p.b('© 2026 La Vigie de l’Atlas. Tous droits réservés.')}</footer>
<amp-analytics type="gtag" data-credentials="include"><script type="application/json">{{"vars":{{"gtag_id":"G-VG41A7X2Q9"}}}}</script></amp-analytics>
</body>"""
    p.finish(head, body, html_attrs=" amp")
    return p


def dailyledger_local() -> Page:
    url = "https://www.dailyledger-news.com/news/local/2026/03/18/council-approves-budget-late-night-session/"
    p = Page(url, "en", "news_article", server="nginx", charset_declared="http")
    title = "City council approves new budget after late-night session"
    p.title, p.published, p.author = title, "2026-03-18T06:15:00-04:00", "Renee Caldwell"
    paras = [
        "After more than five hours of debate that stretched past midnight, the city council voted 6-3 early Wednesday to approve a budget that adds money for road repairs and library hours while leaving property tax rates unchanged.",
        "The biggest fight was over the parks department. Two council members wanted to delay the renovation of the Eastside pool for another year and move the money to street repaving, arguing that potholes affect every resident every day. Supporters of the pool, many of whom packed the public comment period, said the neighborhood had waited long enough.",
        "In the end the pool stayed in the budget, but its opening was pushed from next spring to the following summer so that part of the cost falls in the next fiscal year. Road repairs received an extra $1.2 million, paid for largely by higher-than-expected sales tax revenue.",
        "The library will reopen on Sunday afternoons for the first time since 2020, a change the library board has requested for three years. The budget also funds two additional building inspectors to shorten the wait for construction permits.",
        "The mayor is expected to sign the budget on Friday. It takes effect on July 1.",
    ]
    p.negatives("6-3", "$1.2 million", "2020", "July 1")
    head = p.head(f"{title} - The Daily Ledger", description=paras[0][:150], site_name="The Daily Ledger",
                  og_type="article", og_title=title, published=p.published,
                  scripts=("https://www.dailyledger-news.com/wp-includes/js/jquery/jquery.min.js",),
                  css=".dl-topnav a{margin:0 10px}.dl-article{max-width:720px}.dl-newsletter{background:#eef4fb;padding:20px}")
    nav = "".join(f'<a href="/{x.lower()}/">{p.b(x)}</a>' for x in ["Local", "Nation", "World", "Business", "Opinion", "Obituaries", "Weather"])
    body = f"""<body class="post-template-default single">
<div class="dl-alert"><a href="/subscribe/">{p.b('Subscribe now: $1 for 3 months')}</a></div>
<header><a href="/" class="logo">{p.b('The Daily Ledger')}</a><nav class="dl-topnav">{nav}</nav></header>
<div class="ad leaderboard" id="ad-top">{p.b('Advertisement')}</div>
<article class="dl-article">
<h1 class="headline">{esc(title)}</h1>
<div class="byline">{p.s('By Renee Caldwell')} | <time datetime="{p.published}">{p.s('Published 6:15 a.m. ET March 18, 2026')}</time></div>
<figure class="lead-art">{lqip_img(p.rng, "https://www.dailyledger-news.com/gdc/photos/2026/03/18/council.jpg", n=1200)}<figcaption>{p.s('Council members listen to public comment on Tuesday night.')}</figcaption></figure>
{p.paras(paras)}
</article>
<aside class="dl-newsletter"><h3>{p.b('Get the morning briefing')}</h3><p>{p.b('The top stories from The Daily Ledger, delivered to your inbox every weekday.')}</p><button>{p.b('Sign up')}</button></aside>
<footer><p>{p.b('© 2026 The Daily Ledger, a member of the Heartland Media group.')}</p>
<p><a href="/terms/">{p.b('Terms of Service')}</a> · <a href="/privacy/">{p.b('Privacy Policy')}</a></p></footer>
</body>"""
    p.finish(head, body)
    return p


def forum_de() -> Page:
    url = "https://www.heimwerker-treff.de/forum/heizung-sanitaer/thermostat-ventil-klemmt-t52817.html"
    p = Page(url, "de", "forum_thread", server="Apache", charset_declared="both",
             notes="German forum thread with a phone number and an e-mail address in a reply")
    title = "Thermostatventil klemmt nach dem Sommer – Heizkörper bleibt kalt"
    p.title, p.published = title, "2025-10-14T19:02:00+02:00"
    posts = [
        ("Holger_K", "14.10.2025, 19:02", [
            "Hallo zusammen, seit die Heizung wieder läuft, bleibt der Heizkörper im Schlafzimmer kalt, während alle anderen Räume warm werden. Entlüftet habe ich schon, es kam nur Wasser heraus. Der Thermostatkopf lässt sich ganz normal drehen. Hat jemand eine Idee, woran das liegen kann?",
        ]),
        ("Sanitär_Micha", "14.10.2025, 20:31", [
            "Klingt nach einem festsitzenden Ventilstift. Schraub den Thermostatkopf ab, darunter siehst du einen kleinen Metallstift. Der muss sich mit etwas Druck hineindrücken lassen und von selbst wieder herauskommen. Wenn er nach dem Sommer festhängt, hilft oft vorsichtiges Bewegen mit einer Zange und ein Tropfen Silikonspray.",
        ]),
        ("Holger_K", "15.10.2025, 08:12", [
            "Danke, genau das war es! Der Stift saß komplett fest. Nach ein paar Minuten vorsichtigem Hin- und Herbewegen läuft der Heizkörper wieder und wird richtig warm.",
        ]),
        ("Sanitär_Micha", "15.10.2025, 09:40", [
            "Freut mich. Wer im Raum Mannheim Hilfe mit dem hydraulischen Abgleich braucht, erreicht meinen Betrieb unter 0621 4471 209 oder per Mail an info@haustechnik-weber.example.de.",
        ]),
    ]
    p.phones("0621 4471 209")
    p.emails("info@haustechnik-weber.example.de")
    p.negatives("14.10.2025", "19:02", "20:31", "08:12", "09:40")
    head = p.head(f"{title} - Heizung & Sanitär - Heimwerker-Treff", description=posts[0][2][0][:150],
                  site_name="Heimwerker-Treff", og_title=title,
                  stylesheets=("/styles/prosilver/theme/stylesheet.css?assets_version=412",))
    rendered = "\n".join(
        f'<div class="post" id="p{900 + i}"><div class="postprofile"><a class="username">{p.s(who)}</a></div>'
        f'<div class="postbody"><p class="author">{p.s(when)}</p><div class="content">{p.paras(paras)}</div></div>'
        f'<ul class="post-buttons"><li><a href="#">{p.b("Zitieren")}</a></li></ul></div>'
        for i, (who, when, paras) in enumerate(posts)
    )
    body = f"""<body id="phpbb" class="section-viewtopic ltr">
<div class="headerbar"><a href="/">{p.b('Heimwerker-Treff')}</a> <span>{p.b('Das Forum für Haus, Garten und Werkstatt')}</span></div>
<ul class="navbar"><li><a href="/faq">{p.b('FAQ')}</a></li><li><a href="/register">{p.b('Registrieren')}</a></li><li><a href="/login">{p.b('Anmelden')}</a></li></ul>
<p class="breadcrumbs"><a href="/forum/">{p.b('Foren-Übersicht')}</a> ‹ <a href="/forum/heizung-sanitaer/">{p.b('Heizung & Sanitär')}</a></p>
<h2 class="topic-title">{esc(title)}</h2>
{rendered}
<div class="action-bar"><a href="/post?mode=reply">{p.b('Antwort erstellen')}</a> <span>{p.b('4 Beiträge • Seite 1 von 1')}</span></div>
<div class="copyright">{p.b('Powered by phpBB® Forum Software © phpBB Limited')} · <a href="/impressum">{p.b('Impressum')}</a> · <a href="/datenschutz">{p.b('Datenschutz')}</a></div>
</body>"""
    p.finish(head, body)
    return p


# --------------------------------------------------------------------------------------
# Assembly, output and --check
# --------------------------------------------------------------------------------------


def all_pages() -> list[Page]:
    pages: list[Page] = []
    fr = VIGIE_ARTICLES
    pages.append(vigie_listing("homepage", "", VIGIE_NAME, f"{VIGIE_NAME} – Actualités du Maroc et du monde", fr))
    for i, a in enumerate(fr):
        related = [
            {"url": f"{VIGIE}/{fr[(i + k) % len(fr)]['path']}", "title": fr[(i + k) % len(fr)]["title"]} for k in (1, 2, 3)
        ]
        pages.append(vigie_article(a, "fr", related))
    pages.append(vigie_listing("tag_listing", "tag/regions/", "Régions", f"Régions | {VIGIE_NAME}",
                               [a for a in fr if a["section"] in ("regions", "societe")]))
    pages.append(vigie_contact())
    pages.append(vigie_amp(fr[0]))
    for i, a in enumerate(VIGIE_AR_ARTICLES):
        other = VIGIE_AR_ARTICLES[1 - i]
        pages.append(vigie_article(a, "ar", [{"url": f"{VIGIE}/ar/{other['path']}", "title": other["title"]}]))
    pages.append(actu_regions_neardup(fr[2]))
    pages.append(gazette_cp1252())
    pages.append(voyance_spam())
    pages.extend([wire_original(), wire_dailyledger(), wire_coastal(), wire_aggregator()])
    pages.append(dailyledger_local())
    pages.extend(product_variant(*v) for v in VARIANTS)
    pages.extend([loans_spam(), link_farm(), not_found_page(), login_page()])
    pages.extend([dental_contact(), blog_tomatoes(), blog_photos(), forum_thread()])
    pages.append(docs_page("caching", "Caching", DOCS_CACHING, ["3.2", "3.1", "20GB", "6.3 GB", "91%"]))
    pages.append(docs_page("installation", "Installation", DOCS_INSTALL, ["3.2.1", "2026-02-27", "2.x"]))
    pages.append(recipe_es())
    pages.extend(diario_es(*a) for a in DIARIO_ARTICLES)
    pages.append(sendero_latin1())
    pages.extend(rheinblick(*a) for a in RHEIN_ARTICLES)
    pages.append(cookie_wall_de())
    pages.append(forum_de())
    pages.append(kuechenwerk_product())
    pages.extend(waha_ar(*a) for a in WAHA_ARTICLES)
    return pages


def group_index(pages: list[Page]) -> dict:
    """{"<group kind>:<group name>": {"<role or 'member'>": [urls]}} for every group in the crawl."""
    index: dict = {}
    for p in pages:
        for key, name in p.groups.items():
            if key.endswith("_role"):
                continue
            role = p.groups.get(key + "_role", "member")
            index.setdefault(f"{key}:{name}", {}).setdefault(role, []).append(p.url)
    return dict(sorted(index.items()))


def sidebar_lines(lang: str) -> list[str]:
    """The visible lines of the La Vigie "latest headlines" widget, in page order."""
    ui = VIGIE_UI[lang]
    out = [ui["latest"]]
    for headline, _ in ui["latest_items"]:
        out.extend(["-", headline])
    return out


def generate() -> tuple[bytes, bytes]:
    pages = all_pages()
    warc, manifest = build_warc(pages)
    manifest["groups"] = group_index(pages)
    manifest["shared_sidebars"] = {"lavigie-latest-fr": sidebar_lines("fr"), "lavigie-latest-ar": sidebar_lines("ar")}
    validate(warc, manifest)
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return warc, text.encode("utf-8")


def gunzip_all(data: bytes) -> bytes:
    out = []
    while data:
        d = zlib.decompressobj(wbits=31)
        out.append(d.decompress(data))
        data = d.unused_data
    return b"".join(out)


def check() -> int:
    """Regenerate into a temporary directory and compare with the committed files."""
    warc, manifest = generate()
    with tempfile.TemporaryDirectory(prefix="tamis-example-") as tmp:
        tmp_warc = Path(tmp) / WARC_NAME
        tmp_warc.write_bytes(warc)
        fresh = tmp_warc.read_bytes()
    status = 0
    if not WARC_PATH.exists() or not MANIFEST_PATH.exists():
        print(f"missing {WARC_PATH} or {MANIFEST_PATH}; run {Path(__file__).name} without --check", file=sys.stderr)
        return 1
    committed = WARC_PATH.read_bytes()
    if committed != fresh:
        if gunzip_all(committed) == gunzip_all(fresh):
            # Same records; only the deflate stream differs (another zlib build).
            print("note: example.warc.gz records are identical, gzip bytes differ (different zlib)", file=sys.stderr)
        else:
            print(f"{WARC_PATH} is stale: regenerate with python3 {Path(__file__).name}", file=sys.stderr)
            status = 1
    if MANIFEST_PATH.read_bytes() != manifest:
        print(f"{MANIFEST_PATH} is stale: regenerate with python3 {Path(__file__).name}", file=sys.stderr)
        status = 1
    if status == 0:
        print("example crawl is up to date")
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed crawl or manifest differs from a fresh build")
    args = ap.parse_args(argv)
    if args.check:
        return check()
    warc, manifest = generate()
    CRAWL_DIR.mkdir(parents=True, exist_ok=True)
    for path, data in ((WARC_PATH, warc), (MANIFEST_PATH, manifest)):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    n = json.loads(manifest)["records"]
    print(f"wrote {WARC_PATH.relative_to(HERE.parent)} ({len(warc):,} bytes, {n} records) and {MANIFEST_PATH.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
