"""Run PlanQA over a QA set and compute the metrics of ARCHITECTURE.md (public API only)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from answer.types import Answer
from eval.qa import (
    QAItem,
    RetrievalScores,
    answer_correct,
    citation_correct,
    first_hit_rank,
    percentile,
)
from planqa import PlanQA


@dataclass(slots=True)
class EvalReport:
    retrieval: dict[str, float]
    retrieval_by_type: dict[str, dict[str, float]]
    answer_accuracy: float
    citation_accuracy: float
    refusal_precision: float
    refusal_recall: float
    latency_p50_ms: float
    latency_p95_ms: float
    unsupported_numbers: int  # shown answers with a number that none of their cited passages holds
    routes: dict[str, int] = field(default_factory=dict)  # answers per Answer.route
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        r = self.retrieval
        out = [
            f"retrieval   n={r['n']:.0f}  hit@1={r['hit@1']:.3f}  hit@5={r['hit@5']:.3f}  MRR@10={r['mrr@10']:.3f}",
        ]
        for t, s in sorted(self.retrieval_by_type.items()):
            out.append(
                f"  {t:<12} n={s['n']:.0f}  hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  MRR@10={s['mrr@10']:.3f}"
            )
        out += [
            f"answer accuracy    {self.answer_accuracy:.3f}",
            f"citation accuracy  {self.citation_accuracy:.3f}",
            f"refusal precision  {self.refusal_precision:.3f}  recall {self.refusal_recall:.3f}",
            f"latency p50 {self.latency_p50_ms:.0f} ms  p95 {self.latency_p95_ms:.0f} ms",
            f"answers with numbers not in their cited text: {self.unsupported_numbers}",
            "routes  " + "  ".join(f"{r}={n}" for r, n in sorted(self.routes.items())),
        ]
        out += [f"  ✗ {f}" for f in self.failures]
        return out


def evaluate(qa: PlanQA, items: list[QAItem]) -> EvalReport:
    overall = RetrievalScores()
    by_type: dict[str, RetrievalScores] = defaultdict(RetrievalScores)
    latencies: list[float] = []
    answered_ok = cited_ok = n_answerable = 0
    refused_right = refused_total = should_refuse = 0
    failures = []
    unsupported = 0
    routes: dict[str, int] = defaultdict(int)
    for item in items:
        t0 = time.perf_counter()
        ans: Answer = qa.ask(item.question, item.history)
        latencies.append((time.perf_counter() - t0) * 1000)
        routes[str(ans.route)] += 1
        if item.answerable:
            n_answerable += 1
            retrieved = [(h.chunk, h.doc.region, h.doc.title) for h in ans.retrieved]
            rank = first_hit_rank(item, retrieved)
            overall.add(rank)
            by_type[item.type].add(rank)
            ok_answer = not ans.refused and answer_correct(item, ans.text)
            ok_cite = not ans.refused and citation_correct(item, [c.heading_path for c in ans.citations])
            answered_ok += ok_answer
            cited_ok += ok_cite
            if rank != 1 or not ok_answer or not ok_cite:
                failures.append(
                    f"{item.id} rank={rank} answer={'ok' if ok_answer else 'WRONG'} cite={'ok' if ok_cite else 'WRONG'}"
                    f" q={ans.query!r} a={ans.text[:80]!r}"
                )
        else:
            should_refuse += 1
            if not ans.refused:
                failures.append(f"{item.id} should refuse: a={ans.text[:80]!r}")
        if not ans.refused and qa.unsupported_numbers(ans):
            unsupported += 1
            failures.append(f"{item.id} has a number no cited passage holds: a={ans.text[:80]!r}")
        if ans.refused:
            refused_total += 1
            refused_right += not item.answerable
    return EvalReport(
        retrieval=overall.summary(),
        retrieval_by_type={t: s.summary() for t, s in by_type.items()},
        answer_accuracy=answered_ok / (n_answerable or 1),
        citation_accuracy=cited_ok / (n_answerable or 1),
        refusal_precision=refused_right / refused_total if refused_total else 1.0,
        refusal_recall=refused_right / should_refuse if should_refuse else 1.0,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        unsupported_numbers=unsupported,
        routes=dict(routes),
        failures=failures,
    )
