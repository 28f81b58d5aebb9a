"""Hybrid retrieval: jieba BM25 over sentence units and FAISS over chunks, fused into one ranking.

Fusion (`RetrievalConfig.fusion`):
- "score" (default): each list's scores are min-max normalised over its candidates and combined as
  alpha · lexical + (1 − alpha) · dense. Measured on eval/qa.jsonl (BENCHMARKS.md), the e5-small embedder is far
  weaker than BM25 on these plans, and rank fusion gives its noise as much say as BM25's confident top hit; a
  convex combination keeps BM25's margins and lets dense break near-ties and find passages that share no words.
- "rrf": weighted reciprocal rank fusion (index/fusion.py), kept for comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.bridge import BRIDGE_WEIGHT, Bridge
from index.embed import Embedder
from index.fusion import rrf
from index.query import lexical_query
from index.sparse import query_weights
from index.store import LexicalQuery, PlanIndex
from ingest.schema import Chunk, DocMeta
from plantext import name_pattern


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
    # weight of the lexical side in score fusion. 0.85 was fitted on eval/qa.jsonl; on the user-phrased dev split
    # 0.75 gives hit@1 0.710 -> 0.739 (same hit@5 and answers) with eval/qa.jsonl unchanged (hit@1 0.940, answers
    # 0.980); 0.65 drops eval/qa.jsonl hit@5 to 0.960. BENCHMARKS.md, issue 12.
    alpha: float = 0.75
    concept_share: float = 0.85  # BM25 query weighting, see index.sparse.query_weights
    rrf_k: int = 60
    dense_weight: float = 1.0  # weight of the dense list in rrf fusion
    bridge_weight: float = BRIDGE_WEIGHT  # the plans' words for the user's, added to the BM25 query (index/bridge.py)


def _minmax(pairs: list[tuple[str, float]]) -> dict[str, float]:
    if not pairs:
        return {}
    values = np.array([s for _, s in pairs])
    lo, span = float(values.min()), float(values.max() - values.min())
    return {cid: (s - lo) / span if span > 0 else 1.0 for cid, s in pairs}


class HybridRetriever:
    """Fusion over any SearchStore (index/store.py): the store ranks, PlanQA fuses."""

    def __init__(
        self,
        index: PlanIndex,
        embedder: Embedder,
        config: RetrievalConfig | None = None,
        bridge: Bridge | None = None,
    ):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.bridge = bridge  # None: the question's own words only

    def sentence_cosines(
        self, query: str, chunks: Sequence[Chunk], transform: Callable[[np.ndarray], np.ndarray] | None = None
    ) -> list[np.ndarray] | None:
        """Per chunk, the cosine of `query` to each of its sentence units (a table row: one), in sentence order;
        None when the index holds no sentence vectors. `transform` maps the query's vector first (a unit vector
        out: answer/adapter.py)."""
        vectors = self.index.unit_vectors
        if vectors is None:
            return None
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        if transform is not None:
            q = np.asarray(transform(q), dtype=np.float32)
        out = []
        for c in chunks:
            rows = self.index.unit_rows[c.id]
            out.append(vectors[rows.start : rows.stop].astype(np.float32) @ q)
        return out

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
        allowed = set(doc_ids) if doc_ids else None
        lexical = self.lexical(query, cfg.candidates, allowed, ignore)
        dense = self.dense(query, cfg.candidates, allowed)
        if cfg.fusion == "rrf":
            fused = rrf([[c for c, _ in lexical], [c for c, _ in dense]], k=cfg.rrf_k, weights=[1.0, cfg.dense_weight])
        else:
            lex, den = _minmax(lexical), _minmax(dense)
            total = {c: cfg.alpha * s for c, s in lex.items()}
            for c, s in den.items():
                total[c] = total.get(c, 0.0) + (1 - cfg.alpha) * s
            fused = sorted(total.items(), key=lambda p: (-p[1], self.index.position[p[0]]))
        return self._hits(fused[:k])

    def lexical_query(self, query: str, ignore: Sequence[str] = ()) -> LexicalQuery:
        q = lexical_query(query, self.index.terms if self.index is not None else None)
        for word in sorted(ignore, key=len, reverse=True):  # English names as words, in any case (Aba -> aba)
            q = name_pattern(word).sub(" ", q)
        weights = query_weights(q, self.config.concept_share)
        if self.bridge is not None:
            weights = self.bridge.expand(weights, self.config.bridge_weight)
        return LexicalQuery(text=q, weights=weights)

    def lexical(
        self, query: str, k: int, doc_ids: Collection[str] | None = None, ignore: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """(chunk id, score) by BM25 over sentence units; a chunk scores as its best unit."""
        return self.index.store.lexical(self.lexical_query(query, ignore), k, doc_ids)

    def dense(self, query: str, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        return self.index.store.dense(self.embedder.embed_query(query), k, doc_ids)

    def _hits(self, ranked: Sequence[tuple[str, float]]) -> list[Hit]:
        out = []
        for rank, (cid, score) in enumerate(ranked, start=1):
            chunk = self.index.by_id[cid]
            out.append(Hit(chunk, self.index.docs[chunk.doc_id], float(score), rank))
        return out
