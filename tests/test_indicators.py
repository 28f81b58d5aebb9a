"""Indicator lookup on the real tables: exact values, units, years and the row it cites."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.indicators import IndicatorLookup
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DZ, LZ = "dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"


@pytest.fixture(scope="module")
def lookup():
    corpus = ingest_paths([ROOT / "corpus"])
    return IndicatorLookup(corpus.indicators, corpus.chunks)


def test_single_value_with_year_and_unit(lookup):
    [m] = lookup.find("利州区研发经费投入强度2020年是多少？", [LZ])
    assert (m.indicator.name, m.years, m.values_text()) == ("研发经费投入强度", ("2020",), "2020年 1.09％")
    assert m.chunk.kind == "table" and m.chunk.doc_id == LZ
    assert m.chunk.text[m.indicator.start - m.chunk.start : m.indicator.end - m.chunk.start] == (
        "2\n研发经费投入强度\n％\n1.09\n1.5\n2\n预期"
    )


def test_all_years_when_none_named_and_values_as_written(lookup):
    [m] = lookup.find("利州区研发经费年均增速目标是多少？", [LZ])
    assert m.values_text() == "2020年 —，2025年 ＞10％，2035年 ＞10％"


def test_the_row_note_is_given_with_the_values(lookup):
    """利州's 技术合同登记交易额 carries ＊, explained in the table's note: users ask what the star means."""
    [m] = lookup.find("利州区技术合同登记交易额2025年目标是多少？", [LZ])
    assert m.values_text() == "2025年 2480万元（注：＊为翻番指标）"


def test_qualified_name_matches_and_each_plan_gets_its_row(lookup):
    found = lookup.find("达州和利州区2025年科技型中小企业目标分别是多少？", [DZ, LZ])
    assert [(m.indicator.doc_id, m.indicator.name, m.values_text()) for m in found] == [
        (DZ, "科技型中小企业", "2025年 600家"),
        (LZ, "备案科技型中小企业数", "2025年 50家"),
    ]


def test_a_name_with_its_inner_word_left_out_matches(lookup):
    """Users drop a long name's middle word: 研发投入强度 is 利州's 研发经费投入强度, 技术合同成交额 达州's 技术市场合同成交额
    (their character bigrams alone hold 4 of 7 and 6 of 8); 科技型企业 keeps too little of 科技型中小企业 to be it."""
    [m] = lookup.find("利州研发投入强度2020年是多少？", [LZ])
    assert (m.indicator.name, m.values_text()) == ("研发经费投入强度", "2020年 1.09％")
    [m] = lookup.find("达州技术合同成交额2025年目标多少？", [DZ])
    assert (m.indicator.name, m.values_text()) == ("技术市场合同成交额", "2025年 50000万元")
    assert lookup.find("达州科技型企业2025年目标是多少？", [DZ]) == []


def test_prefers_the_exact_name(lookup):
    [m] = lookup.find("达州高新技术企业2025年要达到多少家？", [DZ])
    assert m.indicator.name == "高新技术企业"  # not 高新技术产业产值
    assert m.values_text() == "2025年 400家"


def test_no_match_without_a_value_question_or_for_a_missing_year(lookup):
    assert lookup.find("达州如何培育高新技术企业？", [DZ]) == []
    assert lookup.find("达州高新技术企业2035年目标是多少？", [DZ]) == []  # 达州's table stops at 2025
    assert lookup.find("利州区火锅店有多少家？", [LZ]) == []


def test_a_baseline_the_table_lacks_is_not_answered_with_its_columns(lookup):
    # 十二五末 is 2015: 达州's table has 2020 and 2025 only (the prose gives 26 家); 十三五末 (2020) is a column
    assert lookup.find("达州十二五末高新技术企业有多少家？", [DZ]) == []
    [m] = lookup.find("达州十三五末高新技术企业有多少家？", [DZ])
    assert m.indicator.name == "高新技术企业"


def test_a_row_answers_only_in_a_unit_it_counts_in(lookup):
    assert lookup.find("达州科技型中小企业评价一年报几次？", [DZ]) == []  # 次, and the row counts 家
    assert lookup.find("达州高新技术企业2025年要达到多少个？", [DZ])  # 个 counts anything
    assert lookup.find("利州区技术合同登记交易额2025年要达到多少亿元？", [LZ])  # a sum in another money unit


def test_a_year_named_relative_to_today_has_no_column(lookup):
    assert lookup.find("今年达州高新技术企业有多少家了？", [DZ]) == []
    assert lookup.find("今年达州高新技术企业有多少家了？", [DZ], any_year=True)  # shown as what the plan says


def test_a_comparison_takes_each_plans_name_for_the_same_indicator(lookup):
    # 技术合同交易额: 利州's 技术合同登记交易额 (its name but the inner word 登记), 达州's 技术市场合同成交额 (0.25 of its
    # bigrams), both in 万元
    question = "两个规划里技术合同交易额到2025年分别要达到多少？"
    assert [m.indicator.name for m in lookup.find(question, [DZ, LZ])] == ["技术合同登记交易额"]
    found = {m.indicator.doc_id: m.indicator.name for m in lookup.compared(question, [DZ, LZ])}
    assert found == {DZ: "技术市场合同成交额", LZ: "技术合同登记交易额"}
    # a weak match of another indicator (高新技术企业 for 研发机构) is no comparison row
    assert lookup.compared("两个规划对规模以上企业建研发机构各提了什么要求，各要多少家？", [DZ, LZ]) == []


def test_the_unit_a_question_lists_the_indicators_of():
    from answer.indicators import unit_listed

    assert unit_listed("利州表1的9项指标里，哪几项的计量单位是％？") == "％"
    assert unit_listed("达州的指标里有哪些是以家为单位的") == "家"
    assert unit_listed("达州规划表中单位为万元的指标有哪些") == "万元"
    assert unit_listed("Which of Lizhou's indicators are measured in percent?") == "%"
    assert unit_listed("利州高价值发明专利量的单位是件，2025年是多少？") is None  # no rows asked for: a value
    assert unit_listed("利州有哪些指标要翻番？") is None
    # the rows asked by how many they are, the unit in quotes (dev32 u5836 had been told 规划未规定2025年的目标值)
    assert unit_listed("利州表1里以“家”为计量单位的两项指标，十四五末的目标值各是多少？") == "家"
    assert unit_listed("利州表1有两项指标的目标是多少？") is None  # no unit named: a value


def test_every_row_in_a_unit_in_table_order(lookup):
    """哪几项的计量单位是％ (dev19 u3756): the table's unit column answers, full-width ％ and % alike."""
    rows = lookup.in_unit("%", [LZ])
    assert [m.indicator.name for m in rows] == [
        "综合科技创新水平指数",
        "研发经费投入强度",
        "研发经费年均增速",
        "公民具备科学素质的比例",
    ]
    assert all(m.chunk.doc_id == LZ and m.chunk.kind == "table" for m in rows)
    assert [m.indicator.name for m in lookup.in_unit("家", [DZ])] == [
        "国家级创新创业平台",
        "高新技术企业",
        "科技型中小企业",
    ]
    assert lookup.in_unit("吨", [DZ, LZ]) == []
