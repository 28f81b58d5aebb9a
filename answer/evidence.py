"""Evidence sentences: exact sentences of retrieved chunks, scored by how much of the question they cover."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.retriever import Hit
from plantext import sentence_spans


@dataclass(frozen=True, slots=True)
class Evidence:
    hit: Hit
    start: int  # offsets into hit.chunk.text
    end: int
    coverage: float  # share of the question's weighted terms found in this sentence (0..1)

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]


_SHORT_LEAD = 30  # a sentence shorter than this is a run-in lead (实施高新技术企业“倍增计划”。) or a label line
_EXTENDED = 160  # …so the evidence runs on through the sentences that follow it, up to about this length


def _extend(spans: list[tuple[int, int]], i: int, text: str) -> int:
    """End of the evidence that starts with sentence i: the sentence itself, or, for a short lead or label,
    the sentences after it (`重点领域1：电子信息技术` + the paragraph under it)."""
    start, end = spans[i]
    if end - start >= _SHORT_LEAD:
        return end
    for _, e in spans[i + 1 :]:
        if e - start > _EXTENDED and end > spans[i][1]:
            break
        end = e  # the first sentence after the lead is always taken
    return end


# Weight of the dense cosine (question vs. heading + evidence sentence) added to the lexical coverage when evidence
# sentences are ranked. Lexical coverage alone picks the sentence sharing the most question words, which for a
# question in the user's own words is often a neighbour (利州 泡菜 "降低盐分" -> 加快泡菜产业发展, not the 低盐 R&D
# sentence). Swept on eval/user_qa/dev.jsonl (--llm none): 0 -> answers 0.841, 1 and 2 -> 0.841, 4 and 6 -> 0.870,
# 8 -> 0.870 with refusal precision 1.000 -> 0.950, 12 -> 0.884 with 0.950. 4 is the smallest weight that gains
# and the largest that keeps refusal precision; BENCHMARKS.md.
DENSE_WEIGHT = 4.0


class DenseSimilarity:
    """Cosine of a question to evidence texts with the index's embedder. Passage vectors are kept in a bounded LRU:
    the sentences of the plans' most-asked passages are embedded once per process, not once per question."""

    def __init__(self, embedder, max_cached: int = 20_000):
        self.embedder = embedder
        self.max_cached = max_cached
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, question: str, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
        rows = []
        for text in texts:
            self._vectors.move_to_end(text)
            rows.append(self._vectors[text])
        while len(self._vectors) > self.max_cached:
            self._vectors.popitem(last=False)
        query = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        return np.stack(rows) @ query if rows else np.zeros(0, dtype=np.float32)


class EvidenceScorer:
    """Coverage of a question's terms, each weighted by its BM25 idf (rare terms matter more), plus, with
    `similarity`, DENSE_WEIGHT times the dense cosine of question and sentence."""

    def __init__(
        self,
        tokenize: Callable[[str], list[str]],
        idf: Callable[[str], float],
        knows: Callable[[str], bool],
        ignore: Sequence[str] = (),
        similarity: Callable[[str, Sequence[str]], np.ndarray] | None = None,
        dense_weight: float = DENSE_WEIGHT,
    ):
        self.tokenize = tokenize
        self.idf = idf
        self.knows = knows
        self.ignore = {t.lower() for t in ignore}
        self.similarity = similarity
        self.dense_weight = dense_weight

    def terms(self, question: str) -> dict[str, float]:
        """Question terms and weights. Region names are dropped (they say where to look, not what), and so are
        Latin words no plan contains (the rest of an English question after its glossary terms). A Chinese word no
        plan contains (火锅店, 享受) weighs as much as the average known term: it still counts against coverage,
        but as one word, not as the rarest word there is, which would sink colloquial questions.
        """
        known, unknown = {}, []
        for t in self.tokenize(question):
            if t in self.ignore or any(t in name for name in self.ignore):
                continue
            if self.knows(t):
                known[t] = self.idf(t)
            elif not t.isascii():
                unknown.append(t)
        mean = sum(known.values()) / len(known) if known else 1.0
        out = dict(known)
        for t in unknown:
            # an unknown compound counts by its known parts (普惠性 -> 普惠), which share its one word's weight
            parts = self._known_parts(t)
            for p in parts or [t]:
                out[p] = out.get(p, 0.0) + mean / max(1, len(parts))
        return out

    def _known_parts(self, word: str) -> list[str]:
        """The longest known pieces of two or more characters, left to right: `普惠性` -> [普惠]."""
        parts, i = [], 0
        while i < len(word) - 1:
            for j in range(len(word), i + 1, -1):
                if j - i < len(word) and self.knows(word[i:j]):
                    parts.append(word[i:j])
                    i = j
                    break
            else:
                i += 1
        return parts

    def coverage(self, terms: dict[str, float], text: str) -> float:
        total = sum(terms.values())
        if total <= 0:
            return 0.0
        present = set(self.tokenize(text))
        flat = text.lower()
        return sum(w for t, w in terms.items() if t in present or t in flat) / total

    def best(self, question: str, hits: Sequence[Hit], limit: int = 3) -> list[Evidence]:
        """The best sentences across hits, best first; a table row counts as one sentence (its rendered lead)."""
        terms = self.terms(question)
        scored: list[Evidence] = []
        for hit in hits:
            chunk = hit.chunk
            if chunk.row is not None:
                cov = self.coverage(terms, " ".join((*chunk.heading_path, chunk.lead)))
                scored.append(Evidence(hit, 0, len(chunk.text), cov))
                continue
            context = " ".join(chunk.heading_path)
            spans = sentence_spans(chunk.text)
            for i, (s, e) in enumerate(spans):
                cov = self.coverage(terms, context + " " + chunk.text[s:e])
                scored.append(Evidence(hit, s, _extend(spans, i, chunk.text), cov))
        # prefer coverage, then the retriever's rank, then order in the chunk
        scored.sort(key=lambda ev: (-round(ev.coverage, 3), ev.hit.rank, ev.start))
        if self.similarity is not None and self.dense_weight and scored:
            cos = self.similarity(question, [_dense_text(ev) for ev in scored])
            order = sorted(
                range(len(scored)),
                key=lambda i: (-(scored[i].coverage + self.dense_weight * float(cos[i])), scored[i].hit.rank),
            )
            scored = [scored[i] for i in order]
        return scored[:limit]


def _dense_text(ev: Evidence) -> str:
    """What is embedded for an evidence sentence: its section heading and the sentence (a table row rendered)."""
    chunk = ev.hit.chunk
    body = chunk.row.rendered() if chunk.row is not None else ev.text
    return f"{chunk.heading_path[-1] if chunk.heading_path else ''} {body}"
