"""Rank fusion: merge the dense (FAISS) and sparse (BM25) result lists into one ranking."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence


def rrf(
    rankings: Sequence[Sequence[Hashable]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[Hashable, float]]:
    """Reciprocal rank fusion: each list gives an item w / (k + rank), rank counted from 1; the sums, best first.

    Only ranks are used, never the retrievers' scores, which live on unrelated scales (BM25 around 10–30, e5 cosine
    squeezed into 0.86–0.92). The constant k dampens the advantage of the top ranks: with k = 60, rank 1 is worth
    1/61 and rank 2 is worth 1/62, almost the same, so an item that several lists rank well beats one that a single
    list ranks first. k = 60 is the value of Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms
    Condorcet and individual Rank Learning Methods" (SIGIR 2009), who found it robust and left it untuned.
    (Implementations that count ranks from 0 write the same formula with k = 61.)

    Worked example, dense = ["d1", "d2", "d3"], sparse = ["d4", "d2", "d5"], k = 60:
        d2: 1/62 + 1/62 = 0.03226   (second in both lists)
        d1: 1/61        = 0.01639   (first in one list only)
        d4: 1/61        = 0.01639   (tie with d1; d1 was seen first)
        d3, d5: 1/63    = 0.01587
    -> [d2, d1, d4, d3, d5]. With k = 0 instead, d2 (1/2 + 1/2) would only tie with d1 (1/1).

    `weights` (one per list, default 1.0) scale a list's contributions. An item listed twice in one ranking counts
    once, at its best rank. Equal scores keep the order of first appearance (list 1 top to bottom, then list 2…);
    the sums are exact (math.fsum), so items with the same ranks in a different order do tie.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    if weights is None:
        weights = [1.0] * len(rankings)
    elif len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    if any(w < 0 for w in weights):
        raise ValueError(f"weights must be >= 0, got {list(weights)}")

    contributions: dict[Hashable, list[float]] = {}  # insertion order = order of first appearance
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[Hashable] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            contributions.setdefault(item, []).append(weight / (k + rank))
    scores = [(item, math.fsum(parts)) for item, parts in contributions.items()]
    return sorted(scores, key=lambda pair: -pair[1])  # stable: ties stay in order of first appearance
