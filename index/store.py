"""The search-store contract and the index the answer stage reads.

A store answers two questions in chunk ids, never row positions: which chunks match a query's words (BM25 over
sentence units; a chunk scores as its best sentence) and which are nearest to a query vector. Both take an optional
set of doc ids to search within. Fusion of the two lists stays PlanQA's own (index/retriever.py), so any store
that keeps this contract ranks the same way. Two stores implement it: `local` (index/local_store.py, FAISS and an
in-process BM25, the embedded default) and `milvus` (index/milvus_store.py, for corpora past one machine).

`PlanIndex` is what a built index holds besides the search side: documents, chunks, indicator rows, each plan's
outline and cleaned text (for the plan browser and citations in context) and the term statistics that weigh a
question's words. It is persisted locally with every build, whatever the store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from index.manifest import Manifest
from index.sparse import TermStats
from ingest.schema import Chunk, DocMeta, Indicator, Section, SkippedFile
from plantext import sentence_spans

# BM25 on sentence units: a lower k1 saturates repeated terms sooner and a lower b penalises length less, since
# units are all about one sentence long (measured: k1 0.8 / b 0.5 beat the usual 1.5 / 0.75 by one question in 28).
UNIT_K1 = 0.8
UNIT_B = 0.5


@dataclass(frozen=True, slots=True)
class LexicalQuery:
    """A lexical query in both forms a store may need."""

    text: str  # the query text with ignored words removed: a store with its own analyzer (Milvus) takes this
    weights: dict[str, float]  # token -> weight (index.sparse.query_weights): the local BM25 takes these


@runtime_checkable
class SearchStore(Protocol):
    kind: str  # "local" | "milvus"

    def lexical(self, query: LexicalQuery, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, score) best first, at most k distinct chunks, only chunks of `doc_ids` when given."""
        ...

    def dense(self, vector: np.ndarray, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine) best first, at most k, only chunks of `doc_ids` when given."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Unit:
    """One searchable sentence unit: the heading path and one sentence of a chunk (a table row: the row rendered)."""

    chunk_id: str
    doc_id: str
    text: str


def units_of(chunks: Sequence[Chunk]) -> list[Unit]:
    """Sentence units for the lexical side: heading path + one sentence (a table row: path + the row rendered).

    Scoring sentences rather than whole chunks keeps a long multi-topic chunk (a plan's 发展目标 paragraph lists
    ten targets) from winning on words spread over unrelated sentences; a chunk scores as its best sentence.
    Measured on eval/qa.jsonl (50 answerable): BM25 hit@1 0.84 on whole chunks vs 0.92 on sentence units
    (BENCHMARKS.md).
    """
    units = []
    for c in chunks:
        path = " › ".join(c.heading_path)
        units.extend(Unit(c.id, c.doc_id, f"{path}\n{text}") for text in unit_texts(c))
    return units


def unit_texts(chunk: Chunk) -> list[str]:
    """A chunk's sentence units without the heading path: its sentences, or a table row rendered as one sentence
    (the header line stays out: its 2020年/2025年/目标值 would match every target question and let table rows
    outrank the prose sentence that states the same target)."""
    if chunk.row is not None:
        return [chunk.row.rendered()]
    return [chunk.text[s:e] for s, e in sentence_spans(chunk.text)]


@dataclass(slots=True)
class PlanIndex:
    manifest: Manifest
    docs: dict[str, DocMeta]
    chunks: list[Chunk]
    indicators: list[Indicator]
    sections: dict[str, tuple[Section, ...]]  # doc id -> outline, in document order
    texts: dict[str, str]  # doc id -> cleaned text (chunk and section offsets point into it)
    terms: TermStats
    store: SearchStore
    skipped: list[SkippedFile] = field(default_factory=list)
    embedded: int = 0  # chunks embedded by the build that produced this object (0 when loaded)
    # one vector per sentence unit (units_of(chunks), in order; float16): what evidence selection compares the
    # question with (answer/evidence.py, DENSE_WEIGHT). None for an index built without them.
    unit_vectors: np.ndarray | None = None
    by_id: dict[str, Chunk] = field(init=False)
    unit_rows: dict[str, range] = field(init=False)  # chunk id -> its units' rows in unit_vectors
    position: dict[str, int] = field(init=False)  # chunk id -> order in the corpus (deterministic tie-break)

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.chunks}
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        self.unit_rows = {}
        row = 0
        for c in self.chunks:  # in the order units_of lists them
            n = len(unit_texts(c))
            self.unit_rows[c.id] = range(row, row + n)
            row += n
        if self.unit_vectors is not None and len(self.unit_vectors) != row:
            raise ValueError(f"{len(self.unit_vectors)} sentence vectors for {row} sentence units")
