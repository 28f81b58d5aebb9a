"""What the answer stage returns. Dicts appear only at the JSON edge (`Answer.to_json`)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

# The citation markers an answer's text carries (`…400家[1]`): the web page links them, answer/parts.py renumbers them.
MARKER = re.compile(r"\[(\d+)\]")


class Route(StrEnum):
    """How an answer was made: which stage decided it (eval and the web page read this, never the timings)."""

    TABLE = "table"  # target values straight from the 指标 rows
    LLM = "llm"  # phrased by the LLM, verified
    EXTRACT = "extract"  # the best evidence sentences, cited (llm=none)
    LLM_FALLBACK = "llm-fallback"  # the LLM's answer failed verification, or the LLM failed: the extract is shown
    REFUSAL_SCOPE = "refusal-scope"  # the question names a place no plan covers
    REFUSAL_EVIDENCE = "refusal-evidence"  # no retrieved passage is about the question
    OFF_TOPIC = "off-topic"  # small talk: nothing in the question is plan vocabulary
    MATCH = "match"  # an enterprise described its situation: the policy matcher answered (match/)


class ProblemKind(StrEnum):
    """What verification (or the generator) found wrong with an LLM answer; eval and the web page read the kind."""

    MARKER_OUT_OF_RANGE = "marker-out-of-range"  # [5] with 2 passages: the marker is dropped
    CITATION_DROPPED = "citation-dropped"  # a cited passage holds none of the sentence's numbers/wording
    CITATION_MOVED = "citation-moved"  # the sentence's facts are in another passage: its marker now points there
    NUMBER_NOT_FOUND = "number-not-found"  # a number no passage holds: the answer is not shown
    NUMBER_OTHER_PERIOD = "number-other-period"  # a number the passages give for another year (baseline as target)
    WORDING_NOT_FOUND = "wording-not-found"  # a sentence without numbers whose wording no passage carries
    NOTHING_SUPPORTED = "nothing-supported"  # no sentence could be tied to a passage
    MODEL_SAID_NOT_FOUND = "model-said-not-found"  # the model answered 规划中未找到相关内容 although evidence exists
    GENERATION_FAILED = "generation-failed"  # the model crashed, passed its deadline or could not start
    BEST_EVIDENCE_MISSED = "best-evidence-missed"  # verified, but it rests on none of the sentences that answer best


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, typed: `kind` for programs, `message` for people (`unsupported: 500家 in no context item: …`)."""

    kind: ProblemKind
    message: str
    values: tuple[str, ...] = ()  # the numbers concerned (`500家`), where the kind is about numbers

    def __str__(self) -> str:
        return self.message


def new_answer_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True, slots=True)
class Citation:
    n: int  # the [n] used in the answer text
    chunk_id: str
    doc_title: str
    region: str
    heading_path: tuple[str, ...]
    quote: str  # an exact substring of the chunk's text
    source: str

    @classmethod
    def of(cls, n: int, chunk: Chunk, quote: str, doc: DocMeta) -> Citation:
        """Citation [n] of `quote` in `chunk` of document `doc`."""
        return cls(n, chunk.id, doc.title, doc.region, chunk.heading_path, quote, doc.source)


@dataclass(frozen=True, slots=True)
class Relevance:
    """Whether the retrieved passages are about the question (answer/relevance.py), with what it was decided from:
    the best lexical coverage of a retrieved sentence, the dense cosine of the best passage in scope, the
    question-topic logit (answer/topic.py; None without the model and for English questions), and the model's
    probability (None when coverage alone decided: English questions, an uncalibrated embedder)."""

    about: bool
    coverage: float
    dense: float | None = None
    probability: float | None = None
    topic: float | None = None  # the question-topic model's logit (answer/topic.py), when it was used

    def to_json(self) -> dict:
        values = {"coverage": self.coverage, "dense": self.dense, "probability": self.probability, "topic": self.topic}
        rounded = {k: None if v is None else round(v, 4) for k, v in values.items()}
        return {"about": self.about, **rounded}


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
    route: Route = Route.EXTRACT
    problems: tuple[Problem, ...] = ()  # why an LLM answer was not shown (verification, crash, deadline)
    id: str = field(default_factory=new_answer_id)  # stable handle for feedback and logs
    relevance: Relevance | None = None  # how "is any passage about it" was decided; None when it was not asked

    def to_json(self, id_: str | None = None) -> dict:
        out: dict = {"id": id_ if id_ is not None else self.id, "answer_id": self.id, "route": str(self.route)}
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
            "problems": [p.message for p in self.problems],
            "problem_details": [
                {"kind": str(p.kind), "message": p.message, "values": list(p.values)} for p in self.problems
            ],
            "relevance": self.relevance.to_json() if self.relevance is not None else None,
        }
        return out
