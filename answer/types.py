"""What the answer stage returns. Dicts appear only at the JSON edge (`Answer.to_json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.retriever import Hit


@dataclass(frozen=True, slots=True)
class Citation:
    n: int  # the [n] used in the answer text
    chunk_id: str
    doc_title: str
    region: str
    heading_path: tuple[str, ...]
    quote: str  # an exact substring of the chunk's text
    source: str


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    retrieved: tuple[Hit, ...]
    timings_ms: dict[str, float] = field(default_factory=dict)
    query: str = ""  # the standalone query actually searched (after follow-up rewrite)
    checks: tuple[str, ...] = ()  # verification steps that ran

    def to_json(self, id_: str | None = None) -> dict:
        out: dict = {}
        if id_ is not None:
            out["id"] = id_
        out |= {
            "question": self.question,
            "query": self.query or self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [
                {
                    "n": c.n,
                    "doc_title": c.doc_title,
                    "region": c.region,
                    "heading_path": list(c.heading_path),
                    "quote": c.quote,
                    "chunk_id": c.chunk_id,
                    "source": c.source,
                }
                for c in self.citations
            ],
            "retrieved": [
                {
                    "rank": h.rank,
                    "chunk_id": h.chunk.id,
                    "doc_title": h.doc.title,
                    "region": h.doc.region,
                    "heading_path": list(h.chunk.heading_path),
                    "text": h.chunk.text,
                    "score": round(h.score, 6),
                }
                for h in self.retrieved
            ],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "checks": list(self.checks),
        }
        return out
