"""Hybrid retrieval: jieba BM25 over sentence units and FAISS over chunks, fused into one ranking.

Fusion (`RetrievalConfig.fusion`):
- "score" (default): each list's scores are min-max normalised over its candidates and combined as
  alpha · lexical + (1 − alpha) · dense. Measured on eval/qa.jsonl (BENCHMARKS.md), the e5-small embedder is far
  weaker than BM25 on these plans, and rank fusion gives its noise as much say as BM25's confident top hit; a
  convex combination keeps BM25's margins and lets dense break near-ties and find passages that share no words.
- "rrf": weighted reciprocal rank fusion (index/fusion.py), kept for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.embed import Embedder
from index.fusion import rrf
from index.query import lexical_query
from index.sparse import query_weights
from index.store import PlanIndex
from ingest.schema import Chunk, DocMeta


@dataclass(frozen=True, slots=True)
class Hit:
    chunk: Chunk
    doc: DocMeta
    score: float
    rank: int  # 1-based


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    candidates: int = 50  # hits each retriever contributes before fusion
    fusion: Literal["score", "rrf"] = "score"
    alpha: float = 0.85  # weight of the lexical side in score fusion
    concept_share: float = 0.85  # BM25 query weighting, see index.sparse.query_weights
    rrf_k: int = 60
    dense_weight: float = 1.0  # weight of the dense list in rrf fusion


def _minmax(pairs: list[tuple[int, float]]) -> dict[int, float]:
    if not pairs:
        return {}
    values = np.array([s for _, s in pairs])
    lo, span = float(values.min()), float(values.max() - values.min())
    return {row: (s - lo) / span if span > 0 else 1.0 for row, s in pairs}


class HybridRetriever:
    def __init__(self, index: PlanIndex, embedder: Embedder, config: RetrievalConfig | None = None):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrievalConfig()

    def search(
        self,
        query: str,
        k: int = 8,
        doc_ids: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        regions: Sequence[str] | None = None,
    ) -> list[Hit]:
        """The k best chunks for `query`, restricted to `doc_ids` and to documents of `regions` when given.

        `ignore`: words left out of the lexical query, such as the region names that `doc_ids` already enforce
        (kept, they would reward every boilerplate line that names the region).
        """
        cfg = self.config
        if regions:
            in_region = [d for d, m in self.index.docs.items() if m.region in regions]
            doc_ids = [d for d in (doc_ids or in_region) if d in in_region] or ["<none>"]
        allowed = self.index.mask(doc_ids)
        lexical = self.lexical(query, cfg.candidates, allowed, ignore)
        dense = self.dense(query, cfg.candidates, allowed)
        if cfg.fusion == "rrf":
            fused = rrf([[r for r, _ in lexical], [r for r, _ in dense]], k=cfg.rrf_k, weights=[1.0, cfg.dense_weight])
        else:
            lex, den = _minmax(lexical), _minmax(dense)
            total = {r: cfg.alpha * s for r, s in lex.items()}
            for r, s in den.items():
                total[r] = total.get(r, 0.0) + (1 - cfg.alpha) * s
            fused = sorted(total.items(), key=lambda p: (-p[1], p[0]))
        return self._hits(fused[:k])

    def lexical(
        self, query: str, k: int, allowed: np.ndarray | None = None, ignore: Sequence[str] = ()
    ) -> list[tuple[int, float]]:
        """(chunk row, score) by BM25 over sentence units; a chunk scores as its best unit."""
        cfg_share = self.config.concept_share
        q = lexical_query(query)
        for word in sorted(ignore, key=len, reverse=True):
            q = q.replace(word, " ")
        owner = self.index.unit_owner
        unit_mask = None if allowed is None else allowed[owner]
        best: dict[int, float] = {}
        for unit, score in self.index.sparse.search_weights(query_weights(q, cfg_share), k * 8, unit_mask):
            row = int(owner[unit])
            if row not in best:
                best[row] = score
                if len(best) == k:
                    break
        return list(best.items())

    def dense(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        return self.index.dense.search(self.embedder.embed_query(query), k, allowed)

    def _hits(self, rows: Sequence[tuple[int, float]]) -> list[Hit]:
        out = []
        for rank, (row, score) in enumerate(rows, start=1):
            chunk = self.index.chunks[row]
            out.append(Hit(chunk, self.index.docs[chunk.doc_id], float(score), rank))
        return out
