"""QA sets (format in ARCHITECTURE.md) and the metrics computed on them."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from errors import PlanQAError
from ingest.schema import Chunk


@dataclass(frozen=True, slots=True)
class QAItem:
    id: str
    question: str
    type: str = "other"
    doc: str | None = None  # region the answer comes from, "both", or None when unanswerable
    section: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    answer: tuple[tuple[str, ...], ...] = ()
    history: tuple[tuple[str, str], ...] = ()

    @property
    def answerable(self) -> bool:
        return self.doc is not None


class QAFileError(PlanQAError):
    """A QA set that cannot be read: the message names the file and the line."""


def load_qa(path: Path) -> list[QAItem]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QAFileError(f"QA set {path} does not exist") from None
    except UnicodeDecodeError as e:
        raise QAFileError(f"QA set {path} is not UTF-8 text (byte {e.start}: {e.reason})") from None
    items = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(
                QAItem(
                    id=str(d["id"]),
                    question=d["question"],
                    type=d.get("type", "other"),
                    doc=d.get("doc"),
                    section=tuple(d.get("section") or ()),
                    evidence=tuple(d.get("evidence") or ()),
                    answer=tuple(tuple(g) for g in d.get("answer") or ()),
                    history=tuple(tuple(t) for t in d.get("history") or ()),
                )
            )
        except json.JSONDecodeError as e:
            raise QAFileError(f"{path}:{n}: not JSON ({e.msg} at column {e.colno})") from e
        except KeyError as e:
            raise QAFileError(f"{path}:{n}: a QA item needs the key {e}") from e
        except (TypeError, ValueError, AttributeError) as e:
            raise QAFileError(f"{path}:{n}: not a QA item ({e})") from e
    return items


def norm(text: str) -> str:
    """NFKC without whitespace: how evidence and answers are compared (`R&D 投入` == `R＆D投入`)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def doc_matches(item: QAItem, region: str, title: str) -> bool:
    if item.doc is None:
        return False
    if item.doc == "both":
        return True
    return item.doc in region or item.doc in title


def holds_evidence(item: QAItem, chunk: Chunk, region: str, title: str) -> bool:
    """The chunk (its text, or the table row it renders) holds every evidence string, from the right document."""
    if not doc_matches(item, region, title):
        return False
    text = norm(chunk.text + "\n" + chunk.lead)
    return all(norm(e) in text for e in item.evidence)


def first_hit_rank(item: QAItem, retrieved: Sequence[tuple[Chunk, str, str]]) -> int | None:
    """1-based rank of the first retrieved (chunk, region, title) that holds all evidence."""
    for rank, (chunk, region, title) in enumerate(retrieved, start=1):
        if holds_evidence(item, chunk, region, title):
            return rank
    return None


def answer_correct(item: QAItem, answer: str) -> bool:
    text = norm(answer)
    return all(any(norm(s) in text for s in group) for group in item.answer)


def citation_correct(item: QAItem, heading_paths: Sequence[Sequence[str]]) -> bool:
    """Some cited heading path contains one of the item's `section` strings."""
    if not item.section:
        return bool(heading_paths)
    return any(any(s in h for h in path for s in item.section) for path in heading_paths)


@dataclass(slots=True)
class RetrievalScores:
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)

    def summary(self) -> dict[str, float]:
        n = len(self.ranks) or 1
        return {
            "n": len(self.ranks),
            "hit@1": sum(1 for r in self.ranks if r == 1) / n,
            "hit@5": sum(1 for r in self.ranks if r is not None and r <= 5) / n,
            "mrr@10": sum(1 / r for r in self.ranks if r is not None and r <= 10) / n,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return ordered[k]
