"""Runs datatrove's filters (default parameters) on a JSONL file, one filter at a
time on a fresh copy of each document, and writes one decision line per document:
{"id", "decisions": {filter: "keep" | reason}, "c4_text": text after C4QualityFilter,
"seconds": {filter: s}}. Used by compare.py and by the golden-file generator."""
import argparse, json, sys, time

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.filters.c4_filters import C4ParagraphFilter

FILTERS = {
    "gopher_quality": GopherQualityFilter,
    "gopher_repetition": GopherRepetitionFilter,
    "c4_quality": C4QualityFilter,
    "fineweb_quality": FineWebQualityFilter,
    "c4_paragraph": C4ParagraphFilter,
}


def decide(flt, doc):
    try:
        res = flt.filter(doc)
    except Exception as e:  # datatrove would crash the task; record it
        return f"error: {type(e).__name__}"
    ok, reason = (res if isinstance(res, tuple) else (res, None))
    return "keep" if ok else (reason or "dropped")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    ap.add_argument("--filters", default="gopher_quality,gopher_repetition,c4_quality,fineweb_quality")
    ap.add_argument("--words", action="store_true", help="also write datatrove's English word split")
    a = ap.parse_args()
    names = a.filters.split(",")
    flts = {n: FILTERS[n]() for n in names}
    total = {n: 0.0 for n in names}
    with open(a.input) as f, open(a.out, "w") as out:
        for line in f:
            d = json.loads(line)
            rec = {"id": d["id"], "decisions": {}, "seconds": {}}
            for n in names:
                doc = Document(text=d["text"], id=d["id"], metadata=dict(d.get("metadata") or {}))
                t = time.perf_counter()
                rec["decisions"][n] = decide(flts[n], doc)
                dt = time.perf_counter() - t
                rec["seconds"][n] = dt
                total[n] += dt
                if n == "c4_quality" and rec["decisions"][n] == "keep":
                    rec["c4_text"] = doc.text
            if a.words:
                from datatrove.utils.text import split_into_words

                rec["words"] = split_into_words(d["text"], "eng")
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(json.dumps({"seconds": total}), file=sys.stderr)


if __name__ == "__main__":
    main()
