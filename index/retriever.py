"""Hybrid retrieval: BM25 (jieba) and dense (FAISS) candidates fused by weighted reciprocal rank fusion."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from index.embed import Embedder
from index.fusion import rrf
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
    rrf_k: int = 60
    sparse_weight: float = 1.0
    dense_weight: float = 1.0


class HybridRetriever:
    def __init__(self, index: PlanIndex, embedder: Embedder, config: RetrievalConfig | None = None):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.last_timings_ms: dict[str, float] = {}

    def search(self, query: str, k: int = 8, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        """The k best chunks for `query`, restricted to `doc_ids` when given."""
        cfg = self.config
        allowed = self.index.mask(doc_ids)
        t0 = time.perf_counter()
        sparse = self.index.sparse.search(query, cfg.candidates, allowed)
        t1 = time.perf_counter()
        qvec = self.embedder.embed_query(query)
        dense = self.index.dense.search(qvec, cfg.candidates, allowed)
        t2 = time.perf_counter()
        fused = rrf(
            [[row for row, _ in sparse], [row for row, _ in dense]],
            k=cfg.rrf_k,
            weights=[cfg.sparse_weight, cfg.dense_weight],
        )
        self.last_timings_ms = {"sparse": (t1 - t0) * 1000, "dense": (t2 - t1) * 1000}
        hits = []
        for rank, (row, score) in enumerate(fused[:k], start=1):
            chunk = self.index.chunks[row]
            hits.append(Hit(chunk, self.index.docs[chunk.doc_id], float(score), rank))
        return hits

    def search_sparse(self, query: str, k: int, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        return self._hits(self.index.sparse.search(query, k, self.index.mask(doc_ids)))

    def search_dense(self, query: str, k: int, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        qvec = self.embedder.embed_query(query)
        return self._hits(self.index.dense.search(qvec, k, self.index.mask(doc_ids)))

    def _hits(self, rows: list[tuple[int, float]]) -> list[Hit]:
        out = []
        for rank, (row, score) in enumerate(rows, start=1):
            chunk = self.index.chunks[row]
            out.append(Hit(chunk, self.index.docs[chunk.doc_id], score, rank))
        return out
