"""The `local` store: FAISS inner product over chunk vectors and an in-process BM25 over sentence units.

Files in a build folder: dense.faiss (one vector per chunk, in `chunk_ids` order), sparse.json (BM25 postings, one
entry per sentence unit), units.json (for each unit, the row of its chunk) and chunk_ids.json.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np

from index.dense import DenseIndex
from index.sparse import SparseIndex
from index.store import UNIT_B, UNIT_K1, LexicalQuery, Unit

FILES = ("dense.faiss", "sparse.json", "units.json", "chunk_ids.json")


class LocalStore:
    kind = "local"

    def __init__(self, dense: DenseIndex, sparse: SparseIndex, unit_row: np.ndarray, chunk_ids: list[str]):
        if len(dense) != len(chunk_ids) or len(sparse) != len(unit_row):
            raise ValueError(f"inconsistent store: {len(dense)} vectors for {len(chunk_ids)} chunks")
        self.dense_index = dense
        self.sparse = sparse
        self.unit_row = unit_row
        self.chunk_ids = chunk_ids
        self.chunk_doc = np.array([cid.rsplit(":", 1)[0] for cid in chunk_ids], dtype=object)

    @classmethod
    def build(cls, chunk_ids: Sequence[str], vectors: np.ndarray, units: Sequence[Unit]) -> LocalStore:
        dense = DenseIndex(vectors.shape[1])
        dense.add(vectors)
        sparse = SparseIndex(k1=UNIT_K1, b=UNIT_B)
        sparse.fit([u.text for u in units])
        row = {cid: i for i, cid in enumerate(chunk_ids)}
        unit_row = np.array([row[u.chunk_id] for u in units], dtype=np.int64)
        return cls(dense, sparse, unit_row, list(chunk_ids))

    def save(self, folder: Path) -> None:
        self.dense_index.save(folder / "dense.faiss")
        (folder / "sparse.json").write_text(json.dumps(self.sparse.to_state(), ensure_ascii=False), encoding="utf-8")
        (folder / "units.json").write_text(json.dumps(self.unit_row.tolist()), encoding="utf-8")
        (folder / "chunk_ids.json").write_text(json.dumps(self.chunk_ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LocalStore:
        dense = DenseIndex.load(folder / "dense.faiss")
        sparse = SparseIndex.from_state(json.loads((folder / "sparse.json").read_text(encoding="utf-8")))
        unit_row = np.array(json.loads((folder / "units.json").read_text(encoding="utf-8")), dtype=np.int64)
        chunk_ids = json.loads((folder / "chunk_ids.json").read_text(encoding="utf-8"))
        return cls(dense, sparse, unit_row, chunk_ids)

    def _mask(self, doc_ids: Collection[str] | None) -> np.ndarray | None:
        if doc_ids is None:
            return None
        return np.isin(self.chunk_doc, list(doc_ids))

    def lexical(self, query: LexicalQuery, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        allowed = self._mask(doc_ids)
        unit_mask = None if allowed is None else allowed[self.unit_row]
        best: dict[int, float] = {}
        for unit, score in self.sparse.search_weights(query.weights, k * 8, unit_mask):
            row = int(self.unit_row[unit])
            if row not in best:
                best[row] = score
                if len(best) == k:
                    break
        return [(self.chunk_ids[r], s) for r, s in best.items()]

    def dense(self, vector: np.ndarray, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        return [(self.chunk_ids[r], s) for r, s in self.dense_index.search(vector, k, self._mask(doc_ids))]

    def close(self) -> None:
        pass
