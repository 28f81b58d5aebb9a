"""The grader of eval/: both QA formats, declines, partial answers, and numbers of another year than asked."""

from __future__ import annotations

import json
from pathlib import Path

from eval.qa import (
    QAItem,
    answer_partial,
    declines,
    first_hit_rank,
    load_qa,
    states_numbers,
    wrong_year_numbers,
    years_named,
)
from ingest.schema import Chunk, TableRow

ROOT = Path(__file__).resolve().parents[1]

ROW = Chunk(
    id="dz:1",
    doc_id="dz",
    heading_path=("第二章 总体要求", "第三节 发展目标", "“十四五”科技创新主要指标"),
    text="高新技术企业 (家)\t94\t400",
    start=0,
    end=20,
    kind="table",
    row=TableRow(
        table="“十四五”科技创新主要指标",
        header=("指标", "2020年", "2025年"),
        name="高新技术企业",
        unit="家",
        values=(("2020", "94"), ("2025", "400")),
    ),
)
PROSE = Chunk(
    id="dz:2",
    doc_id="dz",
    heading_path=("第一章 规划背景", "第一节 发展基础"),
    text="“十三五”期间，全市高新技术企业达到94家。到2025年，全市高新技术企业达到400家以上。",
    start=0,
    end=50,
)


def test_both_formats_load(tmp_path):
    old = load_qa(ROOT / "eval" / "qa.jsonl")
    assert old[0].type == "target" and old[0].missing is None
    new = tmp_path / "new.jsonl"
    item = {
        "id": "u1",
        "kind": "unanswerable",
        "question": "达州2030年高新技术企业要达到多少家？",
        "history": [],
        "doc": None,
        "section": [],
        "evidence": [],
        "answer": [],
        "missing": "2030年目标",
        "related_evidence": ["全市高新技术企业达到 400 家以上"],
        "note": "",
    }
    new.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    (u,) = load_qa(new)
    assert (u.type, u.answerable, u.missing, u.related_evidence) == (
        "unanswerable",
        False,
        "2030年目标",
        ("全市高新技术企业达到 400 家以上",),
    )
    assert not u.missing_place
    assert QAItem(id="x", question="达州市通川区2025年目标是多少", missing="通川区").missing_place
    # in English a place is a proper noun; `work permit` is a detail the texts do not give
    assert QAItem(id="y", question="What does Mianyang offer startups?", missing="Mianyang").missing_place
    assert not QAItem(id="z", question="How do I apply for a work permit?", missing="work permit").missing_place
    # a place reads as one: a place's suffix or a gazetteer name; a detail named in the question's words is none
    assert QAItem(id="c", question="成都的高新技术企业有多少家", missing="成都").missing_place
    assert QAItem(id="g", question="广元市全市一共授权了好多专利？", missing="广元市全市").missing_place
    assert not QAItem(id="t", question="决策咨询委员会一届任期几年？", missing="任期").missing_place


def test_declines_read_the_first_line():
    assert declines("规划中未找到相关内容。", refused=True)
    assert declines("根据《达州市科技创新规划》：\n规划未规定补助金额。\n相关内容：…[1]", refused=False)
    assert declines("规划未提及2030年的目标；2025年目标为400家[1]", refused=False)
    assert not declines("根据《达州市科技创新规划》：\n400家[1]\n未提及的内容不在此列", refused=False)


def test_partial_answers_are_counted_apart():
    item = QAItem(id="x", question="q", doc="达州", answer=(("58",), ("65",)))
    assert answer_partial(item, "2025年 65%")
    assert not answer_partial(item, "2020年 58%，2025年 65%")
    assert not answer_partial(item, "没有")


def test_both_plans_need_each_plan_evidence_in_the_ranking():
    item = QAItem(id="x", question="q", doc="both", evidence=("全市高新技术企业达到94家", "到2025年，全市高新技术企业"))
    other = Chunk(id="lz:1", doc_id="lz", heading_path=("甲",), text="无关", start=0, end=2)
    ranked = [(other, "广元市利州区", "利州"), (PROSE, "达州市", "达州")]
    assert first_hit_rank(item, ranked) == 2
    assert first_hit_rank(QAItem(id="y", question="q", doc="达州", evidence=("发展基础",)), ranked) == 2  # heading


def test_periods_are_read_as_years():
    assert years_named("十四五末达州高新技术企业目标是多少") == {"2025"}
    assert years_named("“十三五”末和2025年") == {"2020", "2025"}
    assert years_named("What is the target by 2025?") == {"2025"}
    assert years_named("远景目标") == {"2035"}


def test_a_baseline_given_for_the_target_year_is_caught():
    q = "十四五末达州高新技术企业目标是多少家？"
    assert wrong_year_numbers(q, "达州高新技术企业目标：94家[1]", [ROW]) == ["94 (2020, asked 2025)"]
    assert wrong_year_numbers(q, "达州高新技术企业目标：400家[1]", [ROW]) == []
    assert wrong_year_numbers(q, "2020年 94家，2025年 400家[1]", [ROW]) == []  # each value under its own year
    assert wrong_year_numbers(q, "全市高新技术企业达到94家[1]", [PROSE]) == ["94 (2020, asked 2025)"]
    assert wrong_year_numbers("达州2020年有多少家高新技术企业", "400家[1]", [PROSE]) == ["400 (2025, asked 2020)"]


def test_a_label_number_is_no_value_stated():
    # 重点领域5： and 专栏3： name a part of the plan; a figure for a place no plan covers would be a value
    assert not states_numbers("规划未提及苍溪县。\n重点领域5：推广应用绿色安全农产品技术[3]")
    assert not states_numbers("专栏3：民生科技技术创新")
    assert states_numbers("重点领域5：建成5个示范基地[3]")
    assert states_numbers("全市高新技术企业达到400家[1]")


def test_another_regions_figure_counts_only_when_the_question_names_a_region():
    """A question naming no place (dev39 u6880) may be answered from both plans, each sentence cited to its own; one
    naming 达州 (or asked after a question that did) must not get 利州's figures; an English one is always checked."""
    from answer.types import Answer, Citation
    from eval.qa import QAItem
    from eval.run import _names_a_region, _wrong_region

    regions = {"达州市科技创新规划": "达州市", "利州区科技创新和知识产权规划": "广元市利州区"}
    lizhou = Citation(1, "lz:1", "利州区科技创新和知识产权规划", "广元市利州区", ("科普",), "开展科普活动100余次", "")
    answer = Answer(question="q", text="开展各类科普活动100余次。[1]", citations=(lizhou,), refused=False, retrieved=())

    def item(question: str, history=()) -> QAItem:
        return QAItem(id="x", question=question, doc="达州", history=history)

    assert _wrong_region(item("社区搞科普，会教些技术窍门吗？"), answer, regions) == ["广元市利州区 for 达州"]
    assert not _names_a_region(item("社区搞科普，会教些平常用得着的技术窍门吗？"), regions.values())
    assert _names_a_region(item("达州社区搞科普，会教些技术窍门吗？"), regions.values())
    assert _names_a_region(item("广元的科普呢？"), regions.values())
    assert _names_a_region(item("那科普呢？", history=(("达州市的科技馆建得怎么样？", "…"),)), regions.values())
    assert not _names_a_region(
        item("那科普呢？", history=(("科技馆建得怎么样？", "根据《达州市…》"),)), regions.values()
    )
    assert _names_a_region(item("Does the plan teach practical skills in science outreach?"), regions.values())


def test_figures_for_a_place_no_plan_covers_count_though_the_question_names_no_documents_region():
    """`_names_a_region` sets apart another plan's figure to a question naming no region; a question naming 绵阳
    names none of the documents' regions either, and its figures are counted all the same."""
    from answer.types import Answer, Citation
    from eval.qa import QAItem
    from eval.run import _region_failures

    regions = {"达州市科技创新规划": "达州市", "利州区科技创新和知识产权规划": "广元市利州区"}
    dazhou = Citation(1, "dz:1", "达州市科技创新规划", "达州市", ("目标",), "R&D 投入占 GDP 的比例 1.5%", "")
    answer = Answer(
        question="q", text="R&D投入占GDP的比例：2025年 1.5%[1]", citations=(dazhou,), refused=False, retrieved=()
    )
    mianyang = QAItem(id="m", question="绵阳到2025年R&D投入强度要达到多少？", missing="绵阳")
    assert mianyang.missing_place
    assert _region_failures(mianyang, answer, regions) == (["figures for 绵阳, which no plan covers"], False)
    lizhou = QAItem(id="l", question="科普活动搞了多少次？", doc="利州")
    assert _region_failures(lizhou, answer, regions) == ([], True)
    assert _region_failures(QAItem(id="l2", question="利州科普活动搞了多少次？", doc="利州"), answer, regions) == (
        ["达州市 for 利州"],
        False,
    )
