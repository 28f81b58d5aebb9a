"""Chat questions about one's own firm: routing (`is_profile_question`) and parsing into a Profile."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from match.matcher import APPLIES, match_profile
from match.measures import extract_measures
from match.model import DocInfo
from match.profile import Profile
from match.question import is_profile_question, parse_profile_question

ROOT = Path(__file__).resolve().parents[1]
DAZHOU = DocInfo("dazhou", "达州规划", "达州规划", "达州市", ("达州", "达州市", "Dazhou"), "四川省")
LIZHOU = DocInfo(
    "lizhou", "利州规划", "利州规划", "广元市利州区", ("利州", "利州区", "广元市利州区", "Lizhou"), "四川省"
)
DOCS = (DAZHOU, LIZHOU)
ISSUE_QUESTION = "我们是科技型中小企业，在达州，做玄武岩纤维，研发投入占营收3%，想融资，能享受什么"


@pytest.mark.parametrize(
    "question",
    [
        ISSUE_QUESTION,
        "我是大学生，想在达州创业，有什么扶持？",
        "我们公司在利州区，研发投入占比2%，能申请哪些补贴",
        "本企业是高企，符合达州的专项资金条件吗",
        "我司研发投入逐年增长，可以获得后补助吗？",
    ],
)
def test_questions_about_ones_own_firm_are_routed_to_the_matcher(question):
    assert is_profile_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "达州2025年高新技术企业目标是多少？",
        "达州对高新技术企业有什么支持？",  # a question about the plan, not about the asker's firm
        "利州区的研发经费投入强度目标是多少",
        "比较达州和利州的科技型中小企业目标",
        "我们",
    ],
)
def test_other_questions_are_not(question):
    assert not is_profile_question(question)


def test_the_issue_question_becomes_a_profile():
    assert parse_profile_question(ISSUE_QUESTION, DOCS) == Profile(
        region="达州",
        enterprise_type="科技型中小企业",
        qualifications=("科技型中小企业",),
        industry="玄武岩纤维",
        rd_ratio=0.03,
        size="中小企业",
        needs=("融资",),
    )


def test_negation_growth_chinese_percentages_and_needs():
    p = parse_profile_question(
        "我们公司在利州区，不是高企，研发投入占比百分之二点五，研发投入逐年增长，需要研发和知识产权方面的支持，能申请哪些补贴",
        DOCS,
    )
    assert (p.region, p.enterprise_type, p.rd_ratio, p.rd_growth, p.needs) == (
        "利州区",
        "普通企业",
        0.025,
        True,
        ("研发", "知识产权"),
    )
    assert parse_profile_question("我们研发投入没有增长，有什么政策").rd_growth is False
    assert parse_profile_question("我司研发强度百分之十五").rd_ratio == 0.15


def test_places_types_and_amounts_without_a_catalog():
    p = parse_profile_question("我们是安徽省的企业，数字化转型评估等级4A，项目投资1200万元，能拿到多少奖补？")
    assert (p.region, p.assessed_grade, p.investment_yuan) == ("安徽省", "4A", 12_000_000.0)
    assert parse_profile_question("我们是一家位于合肥市的企业").region == "合肥市"
    student = parse_profile_question("我是大学生，刚成立了一家小微企业，想贷款")
    assert (student.enterprise_type, student.size, student.stage, student.needs) == (
        "大学生创业",
        "小微企业",
        "初创",
        ("融资",),
    )
    assert parse_profile_question("我们是高校，想建实验室").enterprise_type == "高校院所"


def test_a_routed_question_is_matched_on_the_real_plans():
    measures = extract_measures(ingest_paths([ROOT / "corpus"]))
    profile = parse_profile_question(ISSUE_QUESTION, measures.documents)
    report = match_profile(profile, measures)
    applies = [r.measure.clause for r in report.at(APPLIES)]
    assert (
        "鼓励支持研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业，申报科技、产业发展等各类专项资金项目。"
        in applies
    )
    assert (
        "采用风险补助、投资保障等方式促进天使投资、创业投资支持达州的初创型、科技中小微企业，支持科技成果转化和产业化。"
        in applies
    )
    assert {r.measure.doc_id for r in report.results} == {"dazhou-2021-kjcx"}


def test_match_imports_no_index_internals_ingest_functions_or_ui():
    """NEXT.md: match/ never imports index internals or ingest functions (types from ingest.schema are fine)."""
    for path in sorted((ROOT / "match").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in names:
                    assert not name.startswith(("index", "answer", "web", "gradio", "app")), (path.name, name)
                    assert not name.startswith("ingest") or name == "ingest.schema", (path.name, name)
