"""Pool the reports of several splits into one set of figures: issue 12's bar is read on the held-out splits
together (BENCHMARKS.md, "pooled").

    for s in test test2 … test37 offtopic_test … offtopic_test32; do
        python app.py eval --llm none --corpus corpus --corpus tests/data/external \
            --qa eval/user_qa/$s.jsonl > r/$s.txt
    done
    python -m eval.pool r/*.txt

Each report is what `app.py eval` printed for one split (eval/run.py, `EvalReport.lines`). Pooled: answer accuracy
and hit@5 over the answerable items of all splits, refusal precision and recall over all declines and all items to
decline (unanswerable and off-topic), partial answers, answers with a number of another year or region, the answers
saying the plans lack the detail asked (by whom they went to; over the reports that print them), and how many splits
with answerable items reach ANSWER_BAR. A report printed before the refusal line carried its counts gives them
back from its rounded precision and recall (exact while a split has under 500 items to decline).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ANSWER_BAR = 0.90  # issue 12: answer accuracy on a held-out split

_KIND = re.compile(r"^  (\w+) +n=(\d+) +correct=(\d+)/\d+ \([0-9.]+\)(?:  hit@5=([0-9.]+))?$", re.M)
_PARTIAL = re.compile(r"^answer accuracy +[0-9.]+ +\(partial, counted wrong: (\d+)\)", re.M)
_REFUSAL = re.compile(
    r"^refusal precision +([0-9.]+) +recall ([0-9.]+)"
    r"(?: +\(declined (\d+) of (\d+) to decline, (\d+) in all\))?",
    re.M,
)
_WRONG = re.compile(
    r"^answers with a number of another year or region than asked: (\d+)"
    r"(?:  \(not counted: another region's figure to a question naming none (\d+)\))?",
    re.M,
)
_NOT_GIVEN = re.compile(
    r"^answers saying the plans lack the detail asked: \d+  \(to items to decline (\d+), to answerable items (\d+),"
    r" the answer below the line (\d+)\)",
    re.M,
)
_TO_DECLINE = ("unanswerable", "offtopic")


class NotAReport(ValueError):
    """A file that is not an `app.py eval` report."""


@dataclass(frozen=True, slots=True)
class SplitFigures:
    answerable: int = 0
    correct: int = 0  # answerable items answered right
    hit5: int = 0  # answerable items with their evidence in the first five passages
    to_decline: int = 0  # unanswerable and off-topic items
    declined_right: int = 0
    declined_total: int = 0
    partial: int = 0
    wrong_year_region: int = 0
    unasked_region: int = 0  # another region's figure to a question naming no region: reported, not counted
    # answers saying the plans lack the detail asked, by whom they went to; reports printed before the line have none
    not_given_right: int = 0  # to items to decline
    not_given_answerable: int = 0
    not_given_answer_below: int = 0  # to answerable items, with the answer below the line
    with_not_given: int = 0  # reports that print the line

    @classmethod
    def parse(cls, text: str) -> SplitFigures:
        kinds = _KIND.findall(text)
        refusal = _REFUSAL.search(text)
        if not kinds or refusal is None:
            raise NotAReport("no per-kind lines or no refusal line")
        answerable = [(int(n), int(c), float(h)) for k, n, c, h in kinds if k not in _TO_DECLINE]
        to_decline = sum(int(n) for k, n, _, _ in kinds if k in _TO_DECLINE)
        precision, recall = float(refusal.group(1)), float(refusal.group(2))
        if refusal.group(3) is not None:
            right, total = int(refusal.group(3)), int(refusal.group(5))
        else:  # an older report: the counts from the rounded ratios
            right = round(recall * to_decline)
            total = round(right / precision) if precision > 0 else 0
        partial, wrong = _PARTIAL.search(text), _WRONG.search(text)
        not_given = _NOT_GIVEN.search(text)
        given, to_answerable, below = (int(g) for g in not_given.groups()) if not_given else (0, 0, 0)
        return cls(
            answerable=sum(n for n, _, _ in answerable),
            correct=sum(c for _, c, _ in answerable),
            hit5=sum(round(h * n) for n, _, h in answerable),
            to_decline=to_decline,
            declined_right=right,
            declined_total=total,
            partial=int(partial.group(1)) if partial else 0,
            wrong_year_region=int(wrong.group(1)) if wrong else 0,
            unasked_region=int(wrong.group(2)) if wrong and wrong.group(2) else 0,
            not_given_right=given,
            not_given_answerable=to_answerable,
            not_given_answer_below=below,
            with_not_given=int(not_given is not None),
        )

    def __add__(self, other: SplitFigures) -> SplitFigures:
        return SplitFigures(*(getattr(self, f) + getattr(other, f) for f in self.__slots__))

    @property
    def accuracy(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def hit5_rate(self) -> float:
        return self.hit5 / self.answerable if self.answerable else 0.0

    @property
    def precision(self) -> float:
        return self.declined_right / self.declined_total if self.declined_total else 1.0

    @property
    def recall(self) -> float:
        return self.declined_right / self.to_decline if self.to_decline else 1.0


def pooled_lines(reports: dict[str, SplitFigures]) -> list[str]:
    total = sum(reports.values(), SplitFigures())
    with_answers = [f for f in reports.values() if f.answerable]
    reaching = sum(f.accuracy >= ANSWER_BAR for f in with_answers)
    # the accuracy if a right answer under a not-given first line counted wrong (eval/run.py): only when every
    # report says how many there are
    strict = total.correct - total.not_given_answer_below
    return [
        f"splits {len(reports)}  answerable {total.answerable}  to decline {total.to_decline}",
        f"answer accuracy {total.accuracy:.3f}  ({total.correct} of {total.answerable}; partial, counted wrong: "
        f"{total.partial})",
        f"hit@5 {total.hit5_rate:.3f}  ({total.hit5} of {total.answerable})",
        f"refusal precision {total.precision:.3f}  recall {total.recall:.3f}  (declined {total.declined_right} of "
        f"{total.to_decline} to decline, {total.declined_total} in all)",
        f"answers with a number of another year or region than asked: {total.wrong_year_region}"
        f"  (not counted: another region's figure to a question naming none {total.unasked_region})",
        *(
            [
                f"answers saying the plans lack the detail asked: {total.not_given_right + total.not_given_answerable}"
                f"  (to items to decline {total.not_given_right}, to answerable items {total.not_given_answerable},"
                f" the answer below the line {total.not_given_answer_below}; in {total.with_not_given} of"
                f" {len(reports)} reports)"
            ]
            if total.with_not_given
            else []
        ),
        *(
            [
                f"answer accuracy with those below the line counted wrong {strict / total.answerable:.3f}  ({strict} of"
                f" {total.answerable})"
            ]
            if total.answerable and total.with_not_given == len(reports)
            else []
        ),
        f"splits with answer accuracy >= {ANSWER_BAR:.2f}: {reaching} of {len(with_answers)}",
    ]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0], "\nusage: python -m eval.pool REPORT...", file=sys.stderr)
        return 2
    reports = {}
    for name in argv:
        try:
            reports[name] = SplitFigures.parse(Path(name).read_text(encoding="utf-8"))
        except (OSError, NotAReport) as e:
            print(f"{name}: not a readable `app.py eval` report ({e})", file=sys.stderr)
            return 1
    print("\n".join(pooled_lines(reports)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
