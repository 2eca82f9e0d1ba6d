#!/usr/bin/env python3
"""The scikit-learn baseline of BENCHMARKS.md: single-pass online clustering
of TF-IDF vectors, on a corpus written by `storyline gen`.

    pip install scikit-learn
    python3 scripts/baseline_sklearn.py CORPUS_DIR [--threshold 0.3]

Reads the corpus's JSON Lines (title and text), puts the articles in
publication order, turns them into TF-IDF vectors (scikit-learn's
TfidfVectorizer: its vocabulary, at most 2**15 words, and its IDF are fitted
on the whole corpus first, which an online system could not do), then takes
them one by one: each joins the cluster whose centroid is the most similar
(cosine) if that reaches the threshold, else opens a cluster. Every article
is compared with every cluster. Prints the articles per second of the whole
run (reading included) and the event BCubed F1 against labels.tsv.
"""

import argparse
import glob
import json
import os
import sys
import time
from collections import Counter, defaultdict

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def bcubed_f1(predicted, gold):
    """BCubed F1 of two labellings of the same items (dicts item -> label)."""
    items = [i for i in predicted if i in gold]
    pairs = Counter((predicted[i], gold[i]) for i in items)
    pred_sizes = Counter(predicted[i] for i in items)
    gold_sizes = Counter(gold[i] for i in items)
    precision = sum(n * n / pred_sizes[p] for (p, _), n in pairs.items()) / len(items)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in pairs.items()) / len(items)
    return 2 * precision * recall / (precision + recall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a folder written by `storyline gen`")
    parser.add_argument("--threshold", type=float, default=0.3)
    parser.add_argument("--features", type=int, default=2**15)
    args = parser.parse_args()

    start = time.perf_counter()
    articles = []
    for path in sorted(glob.glob(os.path.join(args.corpus, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                articles.append((a.get("date") or "", a["id"], a.get("title", "") + "\n" + a["text"]))
    articles.sort()
    ids = [a[1] for a in articles]
    vectors = TfidfVectorizer(max_features=args.features, dtype=np.float32).fit_transform(
        a[2] for a in articles
    )

    # Centroids as dense rows over the vocabulary (sums of member vectors)
    # and their squared norms; the matrix grows by doubling.
    sums = np.zeros((1024, vectors.shape[1]), dtype=np.float32)
    norms = np.zeros(1024, dtype=np.float32)
    clusters = 0
    predicted = {}
    for i in range(vectors.shape[0]):
        row = vectors.getrow(i)
        idx, val = row.indices, row.data
        best = -1
        if clusters:
            sims = sums[:clusters, idx] @ val / np.sqrt(norms[:clusters])
            j = int(np.argmax(sims))
            if sims[j] >= args.threshold:
                best = j
        if best < 0:
            if clusters == sums.shape[0]:
                sums = np.vstack([sums, np.zeros_like(sums)])
                norms = np.concatenate([norms, np.zeros_like(norms)])
            best = clusters
            clusters += 1
        sums[best, idx] += val
        norms[best] = float(sums[best] @ sums[best])
        predicted[ids[i]] = best
    elapsed = time.perf_counter() - start

    gold = {}
    with open(os.path.join(args.corpus, "labels.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            item, event, _ = line.rstrip("\n").split("\t")
            gold[item] = event
    if len(predicted) != len(gold):
        sys.exit(f"clustered {len(predicted)} articles, the labels have {len(gold)}")
    print(json.dumps({
        "articles": len(predicted),
        "clusters": clusters,
        "seconds": round(elapsed, 2),
        "articles_per_second": round(len(predicted) / elapsed, 1),
        "event_bcubed_f1": round(bcubed_f1(predicted, gold), 4),
        "threshold": args.threshold,
    }))


if __name__ == "__main__":
    main()
