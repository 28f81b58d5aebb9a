"""Run PlanQA over a QA set and compute the metrics (public API only).

- retrieval: hit@1, hit@5, MRR@10 on the answerable items (the first retrieved passage holding all evidence), over
  the passages in the order the answerer ranked them (Answer.retrieved: by their best evidence sentence); `search
  alone` is the same over the fused search's order (Hit.rank), the figure earlier passes reported as `retrieval`.
- answer accuracy: answerable items not refused with every answer group in the text; `partial` counts those with
  some groups only (scored wrong). A first line saying the plans do not give a detail (规划未规定…) does not by itself
  make such an answer wrong: a question may ask two things, one the plans leave out (`…好久要见到明显效果`) and one
  they give. The report counts these answers (`the answer below the line`), so the figure with them counted wrong
  can be read off it.
- declines: a refusal, or a first line saying the plans do not give what was asked (eval.qa.declines).
  Refusal precision = declines on unanswerable items / all declines; refusal recall = unanswerable items
  declined / unanswerable items. An unanswerable item is handled (`unanswerable handled`) when it is declined and
  the answer invents nothing: no number that no cited passage holds, none that belongs to another year, and for
  a place the corpus does not cover (通川区) no figures at all.
- wrong year/region: answers with a number the cited passages give for another year than the one asked
  (eval.qa.wrong_year_numbers), or citing another region's plan for a number when the item names one region and
  the question (or an earlier question of its conversation) names a region. A question naming none asks for no
  region: an answer giving each plan's sentences, each cited to its plan, is reported apart (`not counted: …`)
  and not counted (`_names_a_region`; an English question is always counted). Figures for a place no plan covers
  (绵阳) always count (`_region_failures`).
- per kind: n, answer accuracy (answerable) or handled (unanswerable), hit@5.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from answer.types import Answer, Hit
from eval.qa import (
    QAItem,
    RetrievalScores,
    answer_correct,
    answer_partial,
    citation_correct,
    declines,
    doc_matches,
    first_hit_rank,
    percentile,
    states_numbers,
    wrong_year_numbers,
)
from ingest.schema import Chunk
from planqa import PlanQA
from plantext import in_english, region_parts

_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(slots=True)
class KindScores:
    n: int = 0
    correct: int = 0  # answerable: answer correct; unanswerable: handled
    answerable: int = 0
    hit5: int = 0

    def line(self, kind: str) -> str:
        hit = f"  hit@5={self.hit5 / self.answerable:.3f}" if self.answerable else ""
        return f"  {kind:<12} n={self.n:<3} correct={self.correct}/{self.n} ({self.correct / (self.n or 1):.3f}){hit}"


@dataclass(slots=True)
class EvalReport:
    retrieval: dict[str, float]  # passages as the answerer ranked them
    retrieval_search: dict[str, float]  # passages in the fused search's order
    retrieval_by_type: dict[str, dict[str, float]]
    answer_accuracy: float
    citation_accuracy: float
    latency_p50_ms: float
    latency_p95_ms: float
    unsupported_numbers: int  # shown answers with a number that none of their cited passages holds
    routes: dict[str, int] = field(default_factory=dict)  # answers per Answer.route
    failures: list[str] = field(default_factory=list)
    partial_answers: int = 0  # answerable items with some but not all answer groups (counted wrong)
    unanswerable_handled: float = 1.0  # declined without inventing the missing detail
    n_unanswerable: int = 0  # items to decline: unanswerable and off-topic
    wrong_year_region: int = 0  # answers with a number of another year or region than asked
    # …of those by region, the answers to a question naming no region (`_names_a_region`): reported, not counted
    unasked_region: int = 0
    by_kind: dict[str, KindScores] = field(default_factory=dict)
    first_token_ms: list[float] = field(default_factory=list)  # answers the LLM phrased: time to its first token
    # answerable items answered wrongly, by why: declined (per route), or answered with the evidence in the top 5
    # or without it. An aggregate, so it can be reported for a held-out split without showing its items.
    misses: dict[str, int] = field(default_factory=dict)
    # answerable items refused that quote the closest sentence (Answerer._closest), and of them those whose quote
    # holds the expected answer: what a wrongly refused reader still sees
    refused_quoting: int = 0
    refused_quote_answers: int = 0
    # the counts behind refusal precision and recall, printed so that reports of several splits pool exactly
    # (eval/pool.py)
    declined_right: int = 0  # declines of items that should be declined
    declined_total: int = 0  # all declines
    # answers (not refusals) whose first line says the plans lack the detail asked (规划未规定…, 规划未提及…): how
    # many went to items to decline, how many to answerable items, and of those how many showed the answer below it
    not_given_right: int = 0
    not_given_answerable: int = 0
    not_given_answer_below: int = 0

    @property
    def refusal_precision(self) -> float:
        return self.declined_right / self.declined_total if self.declined_total else 1.0

    @property
    def refusal_recall(self) -> float:
        return self.declined_right / self.n_unanswerable if self.n_unanswerable else 1.0

    def lines(self) -> list[str]:
        r = self.retrieval
        out = [
            f"retrieval   n={r['n']:.0f}  hit@1={r['hit@1']:.3f}  hit@5={r['hit@5']:.3f}  MRR@10={r['mrr@10']:.3f}",
        ]
        s = self.retrieval_search
        out.append(
            f"retrieval (search alone)  hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  MRR@10={s['mrr@10']:.3f}"
        )
        for t, s in sorted(self.retrieval_by_type.items()):
            out.append(
                f"  {t:<12} n={s['n']:.0f}  hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  MRR@10={s['mrr@10']:.3f}"
            )
        out += [
            f"answer accuracy    {self.answer_accuracy:.3f}  (partial, counted wrong: {self.partial_answers})",
            f"citation accuracy  {self.citation_accuracy:.3f}",
            f"refusal precision  {self.refusal_precision:.3f}  recall {self.refusal_recall:.3f}"
            f"  (declined {self.declined_right} of {self.n_unanswerable} to decline, {self.declined_total} in all)",
            f"unanswerable handled (declined, nothing invented)  {self.unanswerable_handled:.3f}"
            f"  (n={self.n_unanswerable})",
            f"latency p50 {self.latency_p50_ms:.0f} ms  p95 {self.latency_p95_ms:.0f} ms",
            *(
                [
                    f"first token p50 {percentile(self.first_token_ms, 50):.0f} ms  "
                    f"p95 {percentile(self.first_token_ms, 95):.0f} ms  (n={len(self.first_token_ms)} LLM calls)"
                ]
                if self.first_token_ms
                else []
            ),
            f"answers with numbers not in their cited text: {self.unsupported_numbers}",
            f"answers with a number of another year or region than asked: {self.wrong_year_region}"
            f"  (not counted: another region's figure to a question naming none {self.unasked_region})",
            "routes  " + "  ".join(f"{r}={n}" for r, n in sorted(self.routes.items())),
            "answerable items wrong  " + "  ".join(f"{r}={n}" for r, n in sorted(self.misses.items())),
            f"answerable items refused quoting the closest sentence: {self.refused_quoting}"
            f"  (its quote holds the answer: {self.refused_quote_answers})",
            f"answers saying the plans lack the detail asked: {self.not_given_right + self.not_given_answerable}"
            f"  (to items to decline {self.not_given_right}, to answerable items {self.not_given_answerable},"
            f" the answer below the line {self.not_given_answer_below})",
            "per kind",
        ]
        out += [s.line(k) for k, s in sorted(self.by_kind.items())]
        out += [f"  ✗ {f}" for f in self.failures]
        return out


def _region_failures(item: QAItem, ans: Answer, regions: dict[str, str]) -> tuple[list[str], bool]:
    """The wrong-region failures counted for an answer, and whether it gave another region's figure to a question
    naming no region (reported apart, `_names_a_region`). Figures for a place no plan covers are always counted:
    naming 绵阳 names no document's region, and that is what makes them wrong."""
    if ans.refused:
        return [], False
    if item.missing_place:
        return ([f"figures for {item.missing}, which no plan covers"] if states_numbers(ans.text) else []), False
    other = _wrong_region(item, ans, regions)
    if other and not _names_a_region(item, regions.values()):
        return [], True
    return other, False


def _wrong_region(item: QAItem, ans: Answer, regions: dict[str, str]) -> list[str]:
    """Lines stating a number while citing the plan of a region the item does not ask about (`ans` not refused:
    `_region_failures` asks only then)."""
    if not item.answerable or item.doc == "both":
        return []
    wanted = {region for title, region in regions.items() if doc_matches(item, region, title)}
    by_n = {c.n: c for c in ans.citations}
    out = []
    for line in ans.text.splitlines():
        if not states_numbers(_MARKER.sub("", line)):
            continue
        cited = {by_n[int(n)].region for n in _MARKER.findall(line) if int(n) in by_n}
        if cited and not cited & wanted:
            out.append(f"{'/'.join(sorted(cited))} for {item.doc}")
    return out


def _names_a_region(item: QAItem, regions: Iterable[str]) -> bool:
    """Whether the question or an earlier question of its conversation names a document's region (达州市, 达州,
    利州, 广元): a question naming none (`社区搞科普，是光讲道理，还是会教些…技术窍门？`) asks for no region, and an
    answer citing each plan's sentences to its plan gives no figure of another region than the one asked. An English
    question is always taken to name one (its names are not read here), so its answers are always checked."""
    text = " ".join([item.question, *(pair[0] for pair in item.history)])
    if in_english(item.question):
        return True
    names = {p for r in regions for part in region_parts(r) or [r] for p in (part, part[:-1])}
    return any(len(n) >= 2 and n in text for n in names)


def _passages(hits: Sequence[Hit]) -> list[tuple[Chunk, str, str]]:
    """Each hit as the grader reads it: (passage, region, document title)."""
    return [(h.chunk, h.doc.region, h.doc.title) for h in hits]


def _miss(ans: Answer, declined: bool, rank: int | None) -> str:
    """Why an answerable item was answered wrongly: `declined:<route>` (a refusal, or a first line saying the
    plans do not give the detail: `declined:extract`), else `answered:top5` or `answered:not-top5`."""
    if declined:
        return f"declined:{ans.route}"
    return "answered:top5" if rank is not None and rank <= 5 else "answered:not-top5"


def evaluate(qa: PlanQA, items: list[QAItem]) -> EvalReport:
    overall = RetrievalScores()
    searched = RetrievalScores()
    by_type: dict[str, RetrievalScores] = defaultdict(RetrievalScores)
    by_kind: dict[str, KindScores] = defaultdict(KindScores)
    latencies: list[float] = []
    answered_ok = cited_ok = n_answerable = partial = 0
    declined_right = declined_total = should_decline = handled = 0
    failures = []
    unsupported = wrong_yr = unasked_region = quoting = quote_answers = 0
    not_given_right = not_given_answerable = not_given_below = 0
    routes: dict[str, int] = defaultdict(int)
    misses: dict[str, int] = defaultdict(int)
    first_token: list[float] = []
    regions = {d.title: d.region for d in qa.documents()}
    for item in items:
        t0 = time.perf_counter()
        ans: Answer = qa.ask(item.question, item.history)
        latencies.append((time.perf_counter() - t0) * 1000)
        routes[str(ans.route)] += 1
        if "first_token" in ans.timings_ms:
            first_token.append(ans.timings_ms["first_token"])
        kind = by_kind[item.type]
        kind.n += 1
        declined = declines(ans.text, ans.refused)
        invented = []
        if not ans.refused and qa.unsupported_numbers(ans):
            unsupported += 1
            invented.append("a number no cited passage holds")
        cited = [qa.chunk(c.chunk_id) for c in ans.citations]
        wrong = [] if ans.refused else wrong_year_numbers(ans.query or item.question, ans.text, cited)
        region_wrong, unasked = _region_failures(item, ans, regions)
        wrong += region_wrong
        unasked_region += unasked
        if wrong:
            wrong_yr += 1
            invented.append("another year's or region's number: " + "; ".join(wrong))
        if item.answerable:
            n_answerable += 1
            kind.answerable += 1
            rank = first_hit_rank(item, _passages(ans.retrieved))
            overall.add(rank)
            searched.add(first_hit_rank(item, _passages(sorted(ans.retrieved, key=lambda h: h.rank))))
            by_type[item.type].add(rank)
            kind.hit5 += rank is not None and rank <= 5
            ok_answer = not ans.refused and answer_correct(item, ans.text)
            ok_cite = not ans.refused and citation_correct(item, [c.heading_path for c in ans.citations])
            answered_ok += ok_answer
            kind.correct += ok_answer
            partial += not ok_answer and not ans.refused and answer_partial(item, ans.text)
            cited_ok += ok_cite
            if not ok_answer:
                misses[_miss(ans, declined, rank)] += 1
            if declined and not ans.refused:  # a not-given line: is the answer below it all the same?
                not_given_answerable += 1
                not_given_below += ok_answer
            if ans.refused and ans.citations:
                quoting += 1
                quote_answers += answer_correct(item, "\n".join(c.quote for c in ans.citations))
            if rank != 1 or not ok_answer or not ok_cite or declined:
                failures.append(
                    f"{item.id} rank={rank} answer={'ok' if ok_answer else 'WRONG'} cite={'ok' if ok_cite else 'WRONG'}"
                    f"{' DECLINED' if declined else ''} q={ans.query!r} a={ans.text[:80]!r}"
                )
        else:
            should_decline += 1
            not_given_right += declined and not ans.refused
            ok = declined and not invented
            handled += ok
            kind.correct += ok
            if not ok:
                why = "should decline" if not declined else "declined but invents"
                failures.append(f"{item.id} {why} ({item.missing}): a={ans.text[:80]!r}")
        if invented and item.answerable:
            failures.append(f"{item.id} {'; '.join(invented)}: a={ans.text[:80]!r}")
        if declined:
            declined_total += 1
            declined_right += not item.answerable
    return EvalReport(
        retrieval=overall.summary(),
        retrieval_search=searched.summary(),
        retrieval_by_type={t: s.summary() for t, s in by_type.items()},
        answer_accuracy=answered_ok / (n_answerable or 1),
        citation_accuracy=cited_ok / (n_answerable or 1),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        unsupported_numbers=unsupported,
        routes=dict(routes),
        misses=dict(misses),
        failures=failures,
        partial_answers=partial,
        unanswerable_handled=handled / should_decline if should_decline else 1.0,
        n_unanswerable=should_decline,
        wrong_year_region=wrong_yr,
        unasked_region=unasked_region,
        by_kind=dict(by_kind),
        first_token_ms=first_token,
        refused_quoting=quoting,
        refused_quote_answers=quote_answers,
        declined_right=declined_right,
        declined_total=declined_total,
        not_given_right=not_given_right,
        not_given_answerable=not_given_answerable,
        not_given_answer_below=not_given_below,
    )
