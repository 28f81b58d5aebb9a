"""Precision and recall of policy matching on a labelled profile set (format of eval/match/profiles.jsonl).

One JSON object per line: {"id", "profile": {...}, "expected": [{"doc", "evidence", "level", "why",
"max_amount_wan"?}], "not_expected": [{"doc", "evidence", "why"}]}. `doc` is 达州 / 利州 / 工业互联网, matched
against the document's region and title; `evidence` is a verbatim piece of the measure's source sentence.

Definitions (per profile, summed over profiles):
- A result *touches* a labelled item when it comes from the item's document and its source sentence contains the
  evidence (NFKC, whitespace removed). When several measures come from one sentence, only those whose clause
  overlaps the evidence touch it (the others state other offers of the same sentence).
- recall = expected items found / expected items. An expected item is found when a result touching it has the
  expected level (适用 / 可能适用 / 不适用).
- precision = correct touching results / touching results. A result touching an expected item is correct when its
  level is that item's; one touching only not_expected items is correct when it is 不适用 (the measure is not
  offered: the lenient reading of the set's README) and never when it is 适用, 可能适用 or 规划方向.
  `strict_precision` counts every result touching a not_expected item as wrong. Results that touch no labelled
  item (the set labels a few measures per profile) do not count.
- amount_accuracy: among found items with `max_amount_wan`, the share whose result computes that amount (±0.01万).

eval/ reaches the corpus only through the public API, so the caller passes the documents (or their measures):
`evaluate_matching(extract_measures(documents), load_items(Path("eval/match/dev.jsonl")))`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.schema import Corpus, Document
from match.matcher import NOT_APPLICABLE, MatchResult, match_profile
from match.measures import extract_measures
from match.model import MeasureSet
from match.profile import Profile


@dataclass(slots=True)
class MatchEvalReport:
    profiles: int = 0
    expected: int = 0
    found: int = 0
    touching: int = 0
    correct: int = 0
    strict_correct: int = 0
    amounts: int = 0
    amounts_right: int = 0
    misses: list[str] = field(default_factory=list)  # expected items not found, with what the matcher said
    wrong: list[str] = field(default_factory=list)  # touching results that are not correct

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.touching if self.touching else 0.0

    @property
    def strict_precision(self) -> float:
        return self.strict_correct / self.touching if self.touching else 0.0

    @property
    def amount_accuracy(self) -> float:
        return self.amounts_right / self.amounts if self.amounts else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "profiles": self.profiles,
            "expected": self.expected,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "strict_precision": round(self.strict_precision, 4),
            "amount_accuracy": round(self.amount_accuracy, 4),
            "touching_results": self.touching,
        }


def load_items(path: Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e})") from e
    return items


def evaluate_matching(
    measures_or_corpus: MeasureSet | Corpus | Iterable[Document], items: Sequence[dict[str, Any]]
) -> MatchEvalReport:
    measures = (
        measures_or_corpus if isinstance(measures_or_corpus, MeasureSet) else extract_measures(measures_or_corpus)
    )
    report = MatchEvalReport()
    for item in items:
        report.profiles += 1
        results = match_profile(Profile.from_dict(item["profile"]), measures).results
        _score(item, results, measures, report)
    return report


def _score(item: dict[str, Any], results: Sequence[MatchResult], ms: MeasureSet, report: MatchEvalReport) -> None:
    expected = item.get("expected", [])
    not_expected = item.get("not_expected", [])
    touched_by: dict[str, list[tuple[str, dict]]] = {}  # measure id -> labelled items it touches
    for kind, labelled in (("expected", expected), ("not_expected", not_expected)):
        for lab in labelled:
            for r in _touching(lab, results, ms):
                touched_by.setdefault(r.measure.id, []).append((kind, lab))
    for lab in expected:
        report.expected += 1
        hits = _touching(lab, results, ms)
        good = [r for r in hits if r.level == lab["level"]]
        if good:
            report.found += 1
            if lab.get("max_amount_wan") is not None:
                report.amounts += 1
                got = good[0].amount_for_profile_wan
                report.amounts_right += got is not None and abs(got - float(lab["max_amount_wan"])) < 0.01
        else:
            said = "、".join(r.level for r in hits) or "nothing"
            report.misses.append(f"{item['id']} {lab['doc']} {lab['level']} 「{lab['evidence']}」: said {said}")
    by_id = {r.measure.id: r for r in results}
    for mid, labs in touched_by.items():
        r = by_id[mid]
        report.touching += 1
        exp_levels = {lab["level"] for kind, lab in labs if kind == "expected"}
        if exp_levels:
            ok = r.level in exp_levels
            strict_ok = ok
        else:
            ok, strict_ok = r.level == NOT_APPLICABLE, False
        report.correct += ok
        report.strict_correct += strict_ok
        if not ok:
            ev = "；".join(lab["evidence"] for _, lab in labs)
            report.wrong.append(f"{item['id']} {r.level} 「{ev}」 ({r.citation.doc_title if r.citation else ''})")


def _norm_map(text: str) -> tuple[str, list[int]]:
    """NFKC without whitespace, with the index in `text` of each character."""
    out, where = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for n in unicodedata.normalize("NFKC", ch):
            if not n.isspace():
                out.append(n)
                where.append(i)
    return "".join(out), where


def _doc_matches(key: str, ms: MeasureSet, doc_id: str) -> bool:
    d = ms.document(doc_id)
    return key in d.region or key in d.title or key in d.short_title


def _touching(lab: dict, results: Sequence[MatchResult], ms: MeasureSet) -> list[MatchResult]:
    evidence, _ = _norm_map(lab["evidence"])
    candidates = []
    for r in results:
        m = r.measure
        if not _doc_matches(lab["doc"], ms, m.doc_id):
            continue
        norm, where = _norm_map(m.sentence)
        k = norm.find(evidence)
        if k < 0:
            continue
        ev_start, ev_end = m.start + where[k], m.start + where[k + len(evidence) - 1] + 1
        overlaps = m.clause_start < ev_end and ev_start < m.clause_end
        candidates.append((r, overlaps))
    overlapping = [r for r, o in candidates if o]
    return overlapping or [r for r, _ in candidates]
