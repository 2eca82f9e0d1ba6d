#!/usr/bin/env python3
"""Python trafilatura on the extraction benchmark, scored with the same rule as
`storyline eval-extract` (word 4-shingles, per-page precision and recall
averaged over pages), for side-by-side figures in BENCHMARKS.md.

usage: trafilatura_baseline.py DIR GOLD.json [--warm-up]   (pages: DIR/ID.html[.gz])

--warm-up extracts every page once, untimed, before the timed pass, as
`storyline eval-extract --warm-up` does.
"""
import collections
import gzip
import json
import os
import re
import sys
import time

import trafilatura

WORD = re.compile(r"\w+")


def shingles(text):
    words = WORD.findall(text or "")
    if not words:
        return collections.Counter()
    if len(words) < 4:
        return collections.Counter([tuple(words)])
    return collections.Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def read_page(folder, page_id):
    path = os.path.join(folder, page_id + ".html.gz")
    opener = gzip.open if os.path.exists(path) else open
    path = path if os.path.exists(path) else os.path.join(folder, page_id + ".html")
    with opener(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def main(folder, gold_path, warm_up=False):
    gold = json.load(open(gold_path, encoding="utf-8"))
    if warm_up:
        for page_id in sorted(gold):
            trafilatura.extract(read_page(folder, page_id))
    precisions, recalls, elapsed = [], [], 0.0
    for page_id, truth in sorted(gold.items()):
        html = read_page(folder, page_id)
        start = time.perf_counter()
        body = trafilatura.extract(html) or ""
        elapsed += time.perf_counter() - start
        a, b = shingles(body), shingles(truth["articleBody"])
        tp = sum((a & b).values())
        fp, fn = sum(a.values()) - tp, sum(b.values()) - tp
        if tp + fp == 0 and tp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({"extractor": "trafilatura " + trafilatura.__version__, "pages": len(gold),
                      "precision": p, "recall": r, "f1": f1,
                      "pages_per_second": len(gold) / elapsed}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--warm-up" in sys.argv[3:])
