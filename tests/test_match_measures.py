"""Measure extraction on the 达州 and 利州 plans and the 安徽 工业互联网 policy, with exact expectations."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import plantext
from ingest.pipeline import ingest_paths
from match import text
from match.amounts import parse_amount
from match.conditions import parse_recipients
from match.measures import Amount, Condition, Measure, extract_measures, supported
from match.model import FIELDS, OPS, MeasureSet

ROOT = Path(__file__).resolve().parents[1]
ANHUI = (
    ROOT
    / "tests/data/external/anhui-province_2021_industrial-internet-policies-and-action-plan-2021-2023_pkulaw-CLI.12.4638041.txt"
)
DAZHOU, LIZHOU, INTERNET = "dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq", "anhui-province_2021_industrial-internet"


@pytest.fixture(scope="module")
def corpus():
    return ingest_paths([ROOT / "corpus", ANHUI])


@pytest.fixture(scope="module")
def measures(corpus) -> MeasureSet:
    return extract_measures(corpus)


def one(ms: MeasureSet, doc: str, clause_part: str) -> Measure:
    """The single measure of `doc` whose own clause holds `clause_part`."""
    found = [m for m in ms.measures if m.doc_id.startswith(doc) and clause_part in m.clause]
    assert len(found) == 1, [m.clause for m in found]
    return found[0]


def fields(m: Measure) -> list[list[tuple]]:
    return [[(c.field, c.op, c.value) for c in b] for b in m.branches]


# ---- the source: exact sentences, clause spans, the support check ----


def test_sentences_are_plantexts_and_clauses_cut_at_commas():
    assert text.sentence_spans is plantext.sentence_spans
    assert text.clause_spans("对A的企业，给予奖补，最高100万元。") == [(0, 6), (6, 11), (11, 19)]


def test_every_measure_quotes_its_sentence_exactly(corpus, measures):
    cleaned = {d.meta.doc_id: d.cleaned for d in corpus.documents}
    assert len(measures.measures) > 150
    for m in measures.measures:
        assert all(c.field in FIELDS and c.op in OPS for c in m.conditions)
        assert cleaned[m.doc_id][m.start : m.end] == m.sentence
        assert m.start <= m.clause_start < m.clause_end <= m.end
        assert supported(m, cleaned[m.doc_id])
        assert m.heading_path, m.sentence


def test_a_record_its_sentence_does_not_support_is_dropped(corpus, measures):
    cleaned = next(d.cleaned for d in corpus.documents if d.meta.doc_id == DAZHOU)
    m = one(measures, DAZHOU, "超过5%的高新技术企业")
    assert supported(m, cleaned)
    wrong_value = Condition("rd_ratio", ">", 0.06, evidence_text="研发投入占营业收入比例超过5%")
    assert not supported(replace(m, branches=((wrong_value,),)), cleaned)
    assert not supported(replace(m, amount=Amount(text="", form="奖补", cap_wan=300.0)), cleaned)
    assert not supported(replace(m, sentence=m.sentence + "另"), cleaned)


def test_fold_keeps_offsets():
    assert text.width_fold("最高５００万元（Ｒ＆Ｄ）５％") == "最高500万元(R&D)5%"
    assert len(text.width_fold("㎡５")) == 2


# ---- 达州 ----


def test_dazhou_rd_ratio_sentence_has_one_branch_per_threshold(measures):
    m = one(measures, DAZHOU, "超过5%的高新技术企业")
    assert (
        m.sentence
        == "鼓励支持研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业，申报科技、产业发展等各类专项资金项目。"
    )
    assert m.heading_path == ("第三章 重点任务", "第二节 培育建强创新主体", "四、加大科技资金投入力度")
    assert fields(m) == [
        [("rd_ratio", ">", 0.05), ("designation", "has", "高新技术企业")],
        [("rd_ratio", ">", 0.02), ("designation", "has", "普通企业")],
    ]
    assert [c.evidence_text for c in m.branches[1]] == ["超过2%", "普通企业"]
    assert m.branches[0][0].subject == "高新技术企业"
    assert "专项资金" in m.offers and m.amount is None


def test_dazhou_growth_post_subsidy_and_rd_deduction(measures):
    growth = one(measures, DAZHOU, "对研发投入持续增长的企业")
    assert fields(growth) == [[("rd_growth", "==", True)]]
    assert growth.offers == ("专项资金", "后补助")
    deduction = one(measures, DAZHOU, "税前加计扣除")
    assert deduction.clause == "落实研发费用税前加计扣除政策，探索研发经费补贴制度，"
    assert fields(deduction) == [[("has_rd", "==", True)]]
    reward = one(measures, DAZHOU, "重大经济效益")
    assert reward.sentence == deduction.sentence  # one sentence, two measures told apart by their clauses
    assert fields(reward) == [
        [("status", "has", "取得重大经济效益的创新产品")],
        [("status", "has", "重大科技成果转移转化项目")],
    ]


def test_dazhou_recipients_by_type_size_stage_and_entity(measures):
    startups = one(measures, DAZHOU, "初创型、科技中小微企业")
    assert fields(startups) == [
        [("stage", "==", "初创")],
        [("size", "in", ("中小企业", "小微企业")), ("designation", "has", "科技型企业")],
    ]
    students = one(measures, DAZHOU, "大学生创业担保贷款")
    assert students.entities == ("大学生",) and {"担保贷款", "补贴/补助"} <= set(students.offers)
    talent = one(measures, DAZHOU, "有发展潜力的科技人才和创新团队")
    assert fields(talent) == [
        [("status", "has", "有发展潜力"), ("entity", "in", ("个人",))],
        [("status", "has", "有发展潜力")],
    ]
    parks = one(measures, DAZHOU, "对创建成功的国家大学科技园")
    assert fields(parks) == [[("status", "has", "创建成功的国家大学科技园")], [("status", "has", "省级大学科技园")]]


def test_dazhou_recipients_from_the_paragraph_heading(measures):
    # 实施科技型中小企业“成长计划”。… 在人才、资金、平台等方面提供加速服务
    m = one(measures, DAZHOU, "提供加速服务")
    assert m.lead == "实施科技型中小企业“成长计划”。"
    assert fields(m) == [[("designation", "has", "科技型中小企业")]]


def test_dazhou_industry_conditions(measures):
    m = one(measures, DAZHOU, "支持锂钾、玄武岩等已经具有研发基础的领域")
    assert fields(m) == [[("industry", "in", ("锂钾", "玄武岩"))]]
    farm = one(measures, DAZHOU, "农业科技服务后补助")
    assert fields(farm) == [[("industry", "in", ("农业科技服务",))]]


def test_background_targets_and_goals_are_not_measures(measures):
    skipped = ("规划背景", "发展基础", "发展目标", "主要目标", "发展态势")
    assert not [m for m in measures.measures if any(w in h for h in m.heading_path for w in skipped)]
    for target in (
        "规模以上工业研发投入占主营业务收入比重达",
        "规模以上企业拥有研发机构比例不低于",
        "培育科技成果转移转化示范企业5家",
    ):
        assert not [m for m in measures.measures if target in m.sentence.replace(" ", "")]


# ---- 利州 ----


def test_lizhou_measures(measures):
    deduction = one(measures, LIZHOU, "研发费用加计扣除、政府采购、财政后补助")
    assert fields(deduction) == [[("has_rd", "==", True)]]
    assert deduction.heading_path == ("十二、保障措施", "（二）完善落实创新政策")
    ip = one(measures, LIZHOU, "版权密集型企业扶持力度")
    assert fields(ip) == [[("status", "has", "专利、商标、版权密集型企业")]]
    makers = one(measures, LIZHOU, "工业领域大力培育中小型制造业企业")
    assert fields(makers) == [[("size", "in", ("中小企业", "小微企业")), ("industry", "in", ("制造业",))]]
    focus = one(measures, LIZHOU, "重点关注区内知识产权优势企业")
    assert fields(focus) == [
        [("status", "has", "知识产权优势企业")],
        [("status", "has", "创新型企业")],
        [("designation", "has", "高新技术企业")],
    ]
    seeds = one(measures, LIZHOU, "鼓励种子企业建设商业化育种基地")
    assert fields(seeds) == [[("industry", "in", ("种子", "育种"))]]


# ---- 安徽 工业互联网: rates, caps, tiers, departments ----


def test_anhui_platform_types_with_caps(measures):
    cross = one(measures, INTERNET, "对跨行业跨领域工业互联网平台")
    assert fields(cross) == [[("platform_type", "in", ("跨行业跨领域",))]]
    assert (cross.amount.form, cross.amount.cap_wan) == ("奖补", 3000.0)
    typed = one(measures, INTERNET, "对行业、区域、专业型工业互联网平台")
    assert fields(typed) == [[("platform_type", "in", ("行业", "区域", "专业"))]]
    assert typed.amount.cap_wan == 1000.0
    firm = one(measures, INTERNET, "企业级工业互联网平台省级给予一次性奖补")
    assert fields(firm) == [[("platform_type", "in", ("企业级",))]]
    assert (firm.amount.form, firm.amount.fixed_wan) == ("一次性奖补", 100.0)
    assert firm.department == "省经济和信息化厅、省财政厅"


def test_anhui_rates_of_a_base_with_caps(measures):
    upgrade = one(measures, INTERNET, "项目设备购置额的10%")
    assert (upgrade.amount.rate, upgrade.amount.base, upgrade.amount.cap_wan) == (0.1, "项目设备购置额", 500.0)
    assert fields(upgrade) == [[("activity", "has", "实施设备数字化、网络化、智能化技术改造")]]
    loan = one(measures, INTERNET, "同期银行基准利率40%")
    a = loan.amount
    assert (a.form, a.rate, a.base, a.period_years, a.cap_wan) == ("贴息", 0.4, "同期银行基准利率", 3.0, 500.0)
    assert fields(loan)[0][0] == ("loan_term_years", ">=", 3.0)
    node = one(measures, INTERNET, "标识解析二级节点项目")
    assert (node.amount.rate, node.amount.rate_is_max, node.amount.base) == (0.3, True, "项目投资额")
    assert node.department == "省经济和信息化厅、省通信管理局、省财政厅"
    tapeout = one(measures, INTERNET, "首轮流片")
    assert (tapeout.amount.rate, tapeout.amount.cap_wan, tapeout.amount.cap_scope) == (0.3, 300.0, "单个企业")
    assert fields(tapeout) == [[("industry", "in", ("集成电路",)), ("activity", "has", "开展工程产品首轮流片")]]


def test_anhui_tiered_one_off_amounts(measures):
    grades = one(measures, INTERNET, "评估等级在3A、4A、5A级")
    assert fields(grades) == [[("assessed_grade", "in", ("3A", "4A", "5A"))]]
    assert grades.amount.tiers == (("3A", 50.0), ("4A", 100.0), ("5A", 150.0))
    assert grades.amount.tier_field == "assessed_grade"
    plants = one(measures, INTERNET, "对省级数字化车间、智能工厂")
    assert plants.amount.tiers == (("省级数字化车间", 50.0), ("智能工厂", 100.0))
    assert fields(plants) == [[("status", "has", "省级数字化车间")], [("status", "has", "智能工厂")]]


def test_anhui_clause_that_refers_back_cites_both_clauses(measures):
    rd_tools = one(measures, INTERNET, "购置关键研发设备及工具")
    chips = ("集成电路", "化合物半导体", "微机电系统", "MEMS", "功率器件")
    assert fields(rd_tools) == [[("industry", "in", chips), ("activity", "has", "购置关键研发设备及工具")]]
    later = one(measures, INTERNET, "对其上一年度实施产业化项目")
    assert later.sentence.startswith("对集成电路、化合物半导体") and later.clause.startswith("对其")
    assert fields(later) == [
        [
            ("industry", "in", chips),
            ("investment_yuan", ">=", 10_000_000.0),
            ("activity", "has", "实施产业化项目并实际完成投资1000万元及以上"),
        ]
    ]
    assert (later.amount.rate, later.amount.base, later.amount.cap_wan) == (0.1, "项目关键设备购置额", 2000.0)


def test_document_notes_say_where_details_are_published(measures):
    notes = next(d.notes for d in measures.documents if d.doc_id.startswith(INTERNET))
    assert "省经济和信息化厅会同省财政厅等单位制定具体实施细则或申报服务指南。" in notes


# ---- the grammar on single clauses ----


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("对研发投入占营业收入比例不低于3%的企业给予奖励。", (">=", 0.03)),
        ("对研发投入占主营业务收入比重3%以上的企业给予奖励。", (">=", 0.03)),
        ("对研发经费投入占营业收入比例超过4.5%的企业给予补助。", (">", 0.045)),
        ("对研发投入占营业收入比例低于1%的企业给予辅导支持。", ("<", 0.01)),
    ],
)
def test_threshold_comparators(clause, expected):
    rec = parse_recipients(clause, text.width_fold(clause))
    (cond,) = [c for b in rec.branches for c in b if c.field == "rd_ratio"]
    assert (cond.op, cond.value) == expected


def test_amount_grammar_on_full_width_text():
    raw = "省级按照项目投资额的２０％给予奖补，最高不超过５００万元。"
    a = parse_amount(raw, text.width_fold(raw))
    assert (a.rate, a.base, a.cap_wan, a.form) == (0.2, "项目投资额", 500.0, "奖补")
    assert a.text == "按照项目投资额的２０％给予奖补，最高不超过５００万元"
    assert parse_amount("给予1.5亿元奖补", "给予1.5亿元奖补") is None  # no form before the sum: not a fixed sum
    big = parse_amount("最高1.5亿元", "最高1.5亿元")
    assert big.cap_wan == 15000.0


def test_doc_theme_is_not_an_industry_condition(measures):
    # `工业互联网` is the whole policy's subject: 网络安全分类分级 is open to any 工业企业
    m = one(measures, INTERNET, "网络安全分类分级工作")
    assert [f for f, _, _ in fields(m)[0]] == ["activity"]
    assert re.search("工业互联网", m.clause)
