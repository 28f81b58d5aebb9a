"""Which chat questions go to the policy matcher, and what the matched answer may say (planqa.PlanQA._match_answer,
match.question.is_profile_question, match.report.chat_summary)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from answer.types import Route
from match.matcher import match_profile
from match.question import firm_facts, is_profile_question, parse_profile_question
from match.report import chat_summary

ROOT = Path(__file__).resolve().parents[1]
_MARK = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def wide_qa(tmp_path_factory):
    """The two Sichuan plans plus the external texts (安徽, 包头, 阿坝, 北京), hashing embedder."""
    from config import Settings
    from planqa import PlanQA

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("var-wide"),
        corpus_dirs=[ROOT / "corpus", ROOT / "tests" / "data" / "external"],
        embedder="hash",
        llm="none",
    )
    return PlanQA.open(settings)


@pytest.mark.parametrize(
    "question",
    [
        "我家在开江，达州的农业科技示范带会经过我们这吗",  # a citizen's 我们这 (dev u016)
        "我们公司在达州做LED显示屏，想往小间距屏发展。规划里对LED有没有支持方向？",  # a topic, no fact to check
        "我们村在利州，区里有没有农业技术培训？",
    ],
)
def test_questions_stating_no_fact_a_measure_tests_are_not_routed(question):
    assert not is_profile_question(question)


def test_the_citizen_question_is_answered_by_retrieval(hash_qa):
    a = hash_qa.ask("我家在开江，达州的农业科技示范带会经过我们这吗")
    assert a.route is not Route.MATCH
    assert "适用 " not in a.text


def test_firm_facts_parsed_from_loose_wording():
    assert parse_profile_question("我们是达州一家高新技术企业，去年研发投入占营收差不多6%。").rd_ratio == 0.06
    assert parse_profile_question("研发投入已经占到营收的6%了").rd_ratio == 0.06
    assert parse_profile_question("我们的研发投入增长了10%，有什么政策").rd_ratio is None  # growth, not a share
    # 三个人 is a head count, not an individual applicant
    studio = parse_profile_question("我们三个人在利州刚成立了一个软件工作室，区里有孵化平台吗？")
    assert studio.enterprise_type is None and firm_facts(studio) == ("stage",)


def _matched_part(text: str) -> str:
    """The matcher's part of a combined answer: after the retrieval answer's blank line."""
    return text.split("\n\n", 1)[1] if "\n\n" in text else text


def test_a_profile_question_gets_the_retrieval_answer_first_then_the_matched_measures(hash_qa):
    q = "我们在达州做机械加工，是普通企业，研发投入占营业收入2.5%，有什么资金项目我们够得着？"
    a = hash_qa.ask(q)
    alone = hash_qa._answerer.ask(q)
    assert a.route is Route.MATCH and not alone.refused
    assert a.text.startswith(alone.text + "\n\n")
    assert "适用（写明的条件均满足）：" in _matched_part(a.text)
    # numbers run 1..n, the retrieval answer's citations keep theirs
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    assert [(c.chunk_id, c.quote) for c in a.citations[: len(alone.citations)]] == [
        (c.chunk_id, c.quote) for c in alone.citations
    ]


@pytest.mark.parametrize(
    "question",
    [
        "我们是高新技术企业，在达州，研发投入占营收6%，研发投入持续增长，能享受什么政策？",
        "我们是达州的普通企业，研发投入占营收1%，能申报专项资金吗？",  # a failed threshold: 1% is the asker's
        "我们是高新技术企业，研发投入占营收6%，能享受什么政策？",  # no place
        "我们是一家企业，数字化转型评估等级4A，项目投资1200万元，能拿到多少奖补？",  # no place; 安徽's tiers
    ],
)
def test_every_number_of_a_matched_answer_is_in_a_passage_it_cites(wide_qa, question):
    a = wide_qa.ask(question)
    assert a.route is Route.MATCH
    assert not wide_qa.unsupported_numbers(a), a.text
    assert "适用 " not in a.text and " 项" not in a.text  # the report's count line stays in the export
    # line by line: each number stands in a quote the line cites; a line citing nothing states no number
    quotes = {c.n: c.quote for c in a.citations}
    for line in _matched_part(a.text).splitlines():
        held = {x for n in _MARK.findall(line) for x in _NUMBER.findall(quotes[int(n)])}
        said = re.sub(r"《[^》]*》", "", _MARK.sub("", line))  # a title's years (2021—2023年) are its name
        assert set(_NUMBER.findall(said)) <= held, line


def test_a_placeless_question_lists_measures_by_region_and_asks_for_the_place(wide_qa):
    a = wide_qa.ask("我们是一家企业，数字化转型评估等级4A，项目投资1200万元，能拿到多少奖补？")
    matched = _matched_part(a.text)
    assert matched.startswith("您没有说明企业所在地。") and "安徽省" in matched.splitlines()[0]
    regions = {c.n: c.region for c in a.citations}
    heading = ""
    listed = set()
    for line in matched.splitlines()[1:]:
        if not line.startswith("- "):
            heading = line
            continue
        for n in _MARK.findall(line):
            # every measure sits under a heading naming its own region as a condition: 若企业在安徽省…
            assert heading.startswith(f"若企业在{regions[int(n)]}"), (heading, line)
            listed.add(regions[int(n)])
    assert "安徽省" in listed  # the 4A tiers would apply there
    assert "4A" in matched


def test_a_place_the_corpus_cannot_place_is_not_matched_against_other_provinces_as_if_it_lay_there(wide_qa):
    """通川区 (a district of 达州 the corpus does not list): the plans it may lie in are listed, each as a condition."""
    measures = wide_qa.measures()
    profile = parse_profile_question("我们是高企，在通川区，研发投入占营收5%，有什么补贴", measures.documents)
    text, cited = chat_summary(match_profile(profile, measures))
    assert text.startswith("无法确定通川区属于下列哪个地区。")
    by_n = dict(cited)
    for line in text.splitlines():
        for n in _MARK.findall(line):
            assert by_n[int(n)].region != "安徽省" or "安徽省" in line  # never unlabelled


def test_a_place_no_plan_covers_is_refused_not_matched(wide_qa):
    a = wide_qa.ask("我们是成都的高新技术企业，研发投入占营收5%，能享受什么政策？")
    assert a.route is Route.REFUSAL_SCOPE and a.refused
