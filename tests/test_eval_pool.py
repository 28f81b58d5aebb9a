"""Reports of several splits pooled into one set of figures (eval/pool.py), from what `app.py eval` prints."""

from __future__ import annotations

import pytest

from eval.pool import NotAReport, SplitFigures, main, pooled_lines
from eval.run import EvalReport, KindScores


def _report(
    kinds: dict[str, KindScores], right: int, total: int, partial: int = 0, wrong: int = 0, not_given=(0, 0, 0)
) -> str:
    to_decline = sum(k.n for name, k in kinds.items() if name in ("unanswerable", "offtopic"))
    report = EvalReport(
        retrieval={"n": 1, "hit@1": 1.0, "hit@5": 1.0, "mrr@10": 1.0},
        retrieval_search={"n": 1, "hit@1": 1.0, "hit@5": 1.0, "mrr@10": 1.0},
        retrieval_by_type={},
        answer_accuracy=0.0,
        citation_accuracy=0.0,
        latency_p50_ms=1.0,
        latency_p95_ms=2.0,
        unsupported_numbers=0,
        partial_answers=partial,
        n_unanswerable=to_decline,
        wrong_year_region=wrong,
        unasked_region=3,
        by_kind=kinds,
        failures=["u1 rank=None answer=WRONG"],
        declined_right=right,
        declined_total=total,
        not_given_right=not_given[0],
        not_given_answerable=not_given[1],
        not_given_answer_below=not_given[2],
    )
    return "\n".join(report.lines())


TEST_A = _report(
    {
        "citizen": KindScores(n=20, correct=17, answerable=20, hit5=19),
        "target": KindScores(n=6, correct=6, answerable=6, hit5=5),
        "unanswerable": KindScores(n=20, correct=18),
    },
    right=19,
    total=22,
    partial=2,
    wrong=1,
    not_given=(9, 2, 1),
)
OFFTOPIC = _report({"offtopic": KindScores(n=20, correct=20)}, right=20, total=20)


def test_a_report_gives_back_its_counts():
    f = SplitFigures.parse(TEST_A)
    assert (f.answerable, f.correct, f.hit5) == (26, 23, 24)
    assert (f.to_decline, f.declined_right, f.declined_total) == (20, 19, 22)
    assert (f.partial, f.wrong_year_region, f.unasked_region) == (2, 1, 3)


def test_splits_pool_by_their_counts_not_by_averaging_their_ratios():
    lines = pooled_lines({"a": SplitFigures.parse(TEST_A), "o": SplitFigures.parse(OFFTOPIC)})
    assert "answer accuracy 0.885  (23 of 26; partial, counted wrong: 2)" in lines
    assert "hit@5 0.923  (24 of 26)" in lines
    # (19 + 20) / (22 + 20) and (19 + 20) / (20 + 20); the mean of the two splits' precisions would be 0.932
    assert "refusal precision 0.929  recall 0.975  (declined 39 of 40 to decline, 42 in all)" in lines
    assert "splits with answer accuracy >= 0.90: 0 of 1" in lines  # an off-topic split has no answer accuracy
    assert (
        "answers with a number of another year or region than asked: 1"
        "  (not counted: another region's figure to a question naming none 6)"
    ) in lines
    assert (
        "answers saying the plans lack the detail asked: 11  (to items to decline 9, to answerable items 2,"
        " the answer below the line 1; in 2 of 2 reports)"
    ) in lines
    # the one right answer under a not-given line counted wrong: 22 of 26
    assert "answer accuracy with those below the line counted wrong 0.846  (22 of 26)" in lines


def test_reports_printed_before_the_not_given_line_are_counted_apart():
    older = "\n".join(line for line in TEST_A.split("\n") if not line.startswith("answers saying"))
    f = SplitFigures.parse(older)
    assert (f.not_given_right, f.not_given_answerable, f.with_not_given) == (0, 0, 0)
    lines = pooled_lines({"old": f, "o": SplitFigures.parse(OFFTOPIC)})
    assert any(line.endswith("the answer below the line 0; in 1 of 2 reports)") for line in lines)
    assert not any("counted wrong 0" in line for line in lines)  # not every report says how many: no figure
    assert not any("lack the detail" in line for line in pooled_lines({"old": f}))


def test_an_older_report_without_the_counts_gives_them_back_from_its_ratios():
    older = "\n".join(
        line.split("  (declined")[0] if line.startswith("refusal") else line for line in TEST_A.split("\n")
    )
    assert "to decline, " not in older
    assert SplitFigures.parse(older) == SplitFigures.parse(TEST_A)


def test_a_report_printed_before_the_unasked_region_count_reads_as_none():
    older = "\n".join(line.split("  (not counted")[0] for line in TEST_A.split("\n"))
    f = SplitFigures.parse(older)
    assert (f.wrong_year_region, f.unasked_region) == (1, 0)


def test_a_file_that_is_no_report_is_named(tmp_path, capsys):
    with pytest.raises(NotAReport):
        SplitFigures.parse("Traceback (most recent call last):")
    bad = tmp_path / "test9.txt"
    bad.write_text("killed\n", encoding="utf-8")
    assert main([str(bad)]) == 1
    assert "test9.txt: not a readable `app.py eval` report" in capsys.readouterr().err
