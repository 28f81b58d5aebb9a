"""Retrieval on the real plans with the embedded default embedder: exact top hits and the QA-set targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.types import Route
from eval.qa import load_qa
from eval.run import evaluate
from planqa import NotFound

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

TOP_HITS = [
    # (question, document names, exact heading path of the first hit, text it must hold)
    (
        "达州对研发投入持续增长的企业有什么奖励？",
        ("dazhou-2021-kjcx",),
        ("第三章 重点任务", "第二节 培育建强创新主体", "四、加大科技资金投入力度"),
        "后补助",
    ),
    (
        "利州区如何推进知识产权司法保护？",
        ("lizhou-2021-kjcx-zscq",),
        ("十一、开展科技治理能力提升行动，助力善治利州建设", "（二）推进行政司法协同保护"),
        "惩罚性赔偿",
    ),
    (
        "达州玻纤产业关键技术",
        ("dazhou-2021-kjcx",),
        ("第三章 重点任务", "第三节 构建产业创新发展格局", "一、强化关键核心技术攻关", "专栏 9 达州玻纤产业关键技术"),
        "蓄热式窑炉",
    ),
    (
        "利州区公民具备科学素质的比例2035年目标",
        ("lizhou-2021-kjcx-zscq",),
        ("二、总体要求", "（三）主要目标", "表1  广元市利州区“十四五”及2035年科技创新发展指标"),
        "公民具备科学素质的比例",
    ),
]


@pytest.mark.parametrize(("question", "docs", "path", "text"), TOP_HITS)
def test_exact_top_hit(real_qa, question, docs, path, text):
    hits = real_qa.retrieve(question, 5, within=docs)
    assert hits[0].chunk.heading_path == path
    assert text in hits[0].chunk.text


def test_document_filter(real_qa):
    hits = real_qa.retrieve("科技型中小企业目标", 10, within=["lizhou-2021-kjcx-zscq"])
    assert {h.doc.region for h in hits} == {"广元市利州区"}


def test_english_question_finds_the_chinese_passage(real_qa):
    answer = real_qa.ask("How many high-tech enterprises will Dazhou have by 2025?")
    top = answer.retrieved[0].chunk
    assert top.doc_id == "dazhou-2021-kjcx"
    assert "高新技术企业" in top.text and "400" in top.text  # the 发展目标 sentence or the 指标 table row


def test_qa_set_runs_every_item_and_counts_them(real_qa):
    """Quality figures live in `make eval`/BENCHMARKS.md: they move with the CPU's floating point. This checks the
    machine-independent facts of an eval run: every item asked, answerable and unanswerable counted apart."""
    items = load_qa(ROOT / "eval" / "qa.jsonl")
    report = evaluate(real_qa, items)
    assert report.retrieval["n"] == sum(i.answerable for i in items) == 50
    assert sum(s["n"] for s in report.retrieval_by_type.values()) == 50
    assert set(report.routes) <= {str(r) for r in Route}
    assert sum(report.routes.values()) == len(items)


def test_region_filter(real_qa):
    hits = real_qa.retrieve("高新技术企业目标", 10, within=["广元市利州区"])
    assert hits and {h.doc.region for h in hits} == {"广元市利州区"}
    with pytest.raises(NotFound, match="成都市"):
        real_qa.retrieve("高新技术企业目标", 10, within=["成都市"])


def test_eval_counts_refusals_whose_closest_quote_holds_the_answer(hash_qa):
    """An answerable item refused for lack of evidence stays wrong; the report also says whether the quoted
    closest sentence held its answer (what the wrongly refused reader still sees)."""
    from eval.qa import QAItem

    question = "推荐一家达州好吃的火锅店"
    quote = hash_qa.ask(question).citations[0].quote
    held = QAItem(id="a", question=question, doc="达州", answer=((quote[:6],),))
    not_held = QAItem(id="b", question=question, doc="达州", answer=(("量子引力",),))
    report = evaluate(hash_qa, [held, not_held])
    assert report.answer_accuracy == 0.0
    assert (report.refused_quoting, report.refused_quote_answers) == (2, 1)
    assert "answerable items refused quoting the closest sentence: 2  (its quote holds the answer: 1)" in report.lines()


def test_eval_counts_the_lines_saying_a_detail_is_not_given(hash_qa):
    """An answer that opens by saying the plans lack the detail asked (规划未规定奖励的具体金额) is a decline; the report
    counts such answers apart from refusals, by whether the item was one to decline and, for an answerable one,
    whether its answer stood below the line: how often the detail checks decline what the plans do answer."""
    from eval.qa import QAItem

    amount = "达州对新认定的高新技术企业奖励多少钱？"
    assert "规划未规定奖励的具体金额" in hash_qa.ask(amount).text
    items = [
        QAItem(id="a", question=amount, doc="达州", answer=(("400家",),)),
        QAItem(id="b", question=amount, doc="达州", answer=(("量子引力",),)),
        QAItem(id="c", question="达州科技企业孵化器的联系电话是多少？", missing="联系方式"),
        QAItem(id="d", question="利州区到2025年高新技术企业达到多少家？", doc="利州", answer=(("20家",),)),
    ]
    report = evaluate(hash_qa, items)
    assert (report.not_given_right, report.not_given_answerable, report.not_given_answer_below) == (1, 2, 1)
    assert (
        "answers saying the plans lack the detail asked: 3  (to items to decline 1, to answerable items 2,"
        " the answer below the line 1)"
    ) in report.lines()


def test_the_benchmark_evaluates_the_apps_answerer_and_keeps_each_answer(hash_qa):
    """eval.bench's LLM pass runs evaluate() over PlanQA's Answerer (not PlanQA.ask's matcher route): the wrapper
    must give evaluate() what it reads of a PlanQA (it once broke when evaluate began reading the documents)."""
    from eval.bench import RecordingQA
    from eval.qa import QAItem

    items = [
        QAItem(id="a", question="达州2025年高新技术企业目标是多少？", doc="达州", answer=(("400",),)),
        QAItem(id="b", question="推荐一家达州好吃的火锅店", missing="火锅店"),
    ]
    recording = RecordingQA(hash_qa)
    report = evaluate(recording, items)
    assert [a.question for a in recording.answers] == [i.question for i in items]
    assert report.answer_accuracy == 1.0 and report.refusal_recall == 1.0
    assert recording.answers[0].route == hash_qa._answerer.ask(items[0].question).route
