"""Evidence sentences: exact sentences of retrieved chunks, scored by how much of the question they cover."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


class EvidenceScorer:
    """Coverage of a question's terms, each weighted by its BM25 idf (rare terms matter more)."""

    def __init__(
        self,
        tokenize: Callable[[str], list[str]],
        idf: Callable[[str], float],
        knows: Callable[[str], bool],
        ignore: Sequence[str] = (),
    ):
        self.tokenize = tokenize
        self.idf = idf
        self.knows = knows
        self.ignore = {t.lower() for t in ignore}

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
        return scored[:limit]
