"""Verification of generated answers against their numbered context, on real sentences of the 达州 and 利州 plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.types import Problem, ProblemKind
from answer.verify import CHECKS, Verified, verify
from ingest.clean import clean
from ingest.schema import Chunk, TableRow

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DAZHOU = (CORPUS / "dazhou-2021-kjcx.txt").read_text(encoding="utf-8")
LIZHOU = clean((CORPUS / "lizhou-2021-kjcx-zscq.txt").read_text(encoding="utf-8")).text

GOALS = ("第二章 总体要求", "第三节 发展目标")
BASIS = ("第一章 规划背景", "第一节 发展基础")


def messages(v: Verified) -> tuple[str, ...]:
    return tuple(p.message for p in v.problems)


def chunk(
    text: str,
    source: str,
    path: tuple[str, ...],
    doc_id: str = "dazhou-2021-kjcx",
    kind: str = "text",
    row: TableRow | None = None,
) -> Chunk:
    """A chunk that is an exact slice of the plan's text."""
    start = source.index(text)
    return Chunk(Chunk.make_id(doc_id, path, text), doc_id, path, text, start, start + len(text), kind, row)


TARGETS_SENTENCE = "到 2025 年，全市高新技术企业达到 400 家以上，高新技术产业营业收入超过 800 亿元，科技型中小企业突破 600 家，科技对经济增长的贡献率达到 65%，围绕主导产业完善技术研发布局，形成以科技创新为主导的核心竞争力。"
TARGETS = chunk("自主创新能力大幅提升。" + TARGETS_SENTENCE, DAZHOU, GOALS)
RD_SENTENCE = "2020 年，达州市 R&D 经费投入为 14.8 亿元，研发投入强度达到 0.7%；"
RD = chunk(
    "发挥科技赋能作用，培育壮大创新主体。" + RD_SENTENCE + "建成省级农业科技园区 4 家，高新技术企业 94 家；",
    DAZHOU,
    BASIS,
)
PLATFORMS = chunk(
    "创新平台建设不断增强。积极争创国家高新区、省级创新型城市、万达开省级技术创新中心等高能级平台。激励引导重点实验室、工程（技术）研究中心、科技企业孵化器、众创空间、星创天地、大学科技园等各类创新平台提档升级。到 2025 年，建成省级及以上高新技术产业化基地 1—2 家，培育国家级创新创业平台 2—3 家。",
    DAZHOU,
    GOALS,
)
INPUT = chunk(
    "科技创新投入持续增长。到 2025 年，全社会 R&D 投入强度力争达到 1.5%，其中地方财政科技支出占地方公共财政支出比重达到 1.2%，规模以上工业研发投入占主营业务收入比重达 1%。",
    DAZHOU,
    GOALS,
)
# one indicator row of 利州's table: every cell is a line, the unit ％ has a cell of its own
LIZHOU_ROW = chunk(
    "2\n研发经费投入强度\n％\n1.09\n1.5\n2\n预期",
    LIZHOU,
    ("第二章 总体要求", "表1  广元市利州区“十四五”及2035年科技创新发展指标"),
    doc_id="lizhou-2021-kjcx-zscq",
    kind="table",
    row=TableRow(
        table="表1  广元市利州区“十四五”及2035年科技创新发展指标",
        header=("序号", "指标", "单位", "2020年", "2025年", "2035年", "属性"),
        name="研发经费投入强度",
        unit="％",
        values=(("2020", "1.09"), ("2025", "1.5"), ("2035", "2")),
        attribute="预期",
    ),
)


def test_a_correct_answer_passes_unchanged_and_quotes_the_exact_sentence():
    text = "到2025年，全市高新技术企业达到400家以上[1]，高新技术产业营业收入超过800亿元[1]。"
    v = verify(text, [TARGETS, RD])
    assert v == Verified(text, ((1, TARGETS, TARGETS_SENTENCE),), CHECKS, (), True)
    assert CHECKS == ("markers", "numbers", "support", "quotes")


def test_each_cited_item_gets_its_own_exact_sentence_as_quote():
    v = verify("2020年达州市R&D经费投入为14.8亿元[2]。到2025年全市高新技术企业达到400家以上[1]。", [TARGETS, RD])
    assert v.text == "2020年达州市R&D经费投入为14.8亿元[1]。到2025年全市高新技术企业达到400家以上[2]。"
    assert v.cited == ((1, RD, RD_SENTENCE), (2, TARGETS, TARGETS_SENTENCE))
    assert v.ok and messages(v) == ()
    assert all(quote in c.text for _, c, quote in v.cited)


def test_a_marker_pointing_to_no_context_item_is_dropped_and_reported():
    v = verify("到2025年，全市高新技术企业达到400家以上[1][5]。", [TARGETS, RD])
    assert v.text == "到2025年，全市高新技术企业达到400家以上[1]。"
    assert messages(v) == ("dropped marker [5]: the context has 2 items",)
    assert v.ok


def test_a_zero_marker_alone_is_dropped_and_the_sentence_reassigned():
    # haystack's trap: [0] must not silently become the last item
    v = verify("到2025年，全市高新技术企业达到400家以上[0]。", [RD, TARGETS])
    assert v.text == "到2025年，全市高新技术企业达到400家以上[1]。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE),)
    assert messages(v) == (
        "dropped marker [0]: the context has 2 items",
        "assigned [2] to an uncited sentence (its numbers are there): 「到2025年，全市高新技术企业达到400家以上。」",
    )
    assert v.ok


def test_a_changed_number_is_caught():
    v = verify("到2025年，全市高新技术企业达到40家以上[1]。", [TARGETS, RD])
    assert not v.ok
    assert messages(v) == (
        "unsupported: 40家 in no context item: 「到2025年，全市高新技术企业达到40家以上。」",
        "no sentence of the answer is supported by a context item",
    )
    # typed: a program reads the kind and the numbers, not the message
    assert [(p.kind, p.values) for p in v.problems] == [
        (ProblemKind.NUMBER_NOT_FOUND, ("40家",)),
        (ProblemKind.NOTHING_SUPPORTED, ()),
    ]
    assert v.text == "到2025年，全市高新技术企业达到40家以上。"  # an unsupported sentence keeps no citation
    assert v.cited == ()


def test_one_wrong_number_fails_the_answer_but_the_right_sentences_keep_their_citations():
    v = verify("高新技术企业达到400家以上[1]。研发投入强度达到0.8%[2]。", [TARGETS, RD])
    assert not v.ok
    assert messages(v) == ("unsupported: 0.8% in no context item: 「研发投入强度达到0.8%。」",)
    assert v.text == "高新技术企业达到400家以上[1]。研发投入强度达到0.8%。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE),)


def test_a_right_number_cited_to_the_wrong_item_is_reassigned():
    v = verify("到2025年，全市高新技术企业达到400家以上[2]。", [TARGETS, RD])
    assert v.text == "到2025年，全市高新技术企业达到400家以上[1]。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE),)
    assert messages(v) == (
        "reassigned [2] -> [1] (its numbers are there): 「到2025年，全市高新技术企业达到400家以上。」",
    )
    assert v.ok


def test_numbers_from_two_items_are_covered_by_both():
    v = verify("高新技术企业从2020年的94家增加到2025年的400家以上[1]。", [TARGETS, RD])
    assert v.text == "高新技术企业从2020年的94家增加到2025年的400家以上[1][2]。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE), (2, RD, "建成省级农业科技园区 4 家，高新技术企业 94 家；"))
    assert v.ok


@pytest.mark.parametrize(
    "text",
    [
        "研发投入强度达到0.7%【1】。",
        "研发投入强度达到0.7%［1］。",
        "研发投入强度达到0.7%。[1]",
        "研发投入强度达到0.7% [1]。",
    ],
)
def test_marker_forms(text):
    v = verify(text, [RD, TARGETS])
    assert v.cited == ((1, RD, RD_SENTENCE),)
    assert v.text == text.replace("【1】", "[1]").replace("［1］", "[1]")  # a marker is renumbered where it stands
    assert v.ok and messages(v) == ()


def test_a_list_of_markers_parses_and_keeps_both_items():
    v = verify("高新技术企业从94家增加到400家以上[1,2]。", [RD, TARGETS])
    assert v.text == "高新技术企业从94家增加到400家以上[1][2]。"
    assert [(n, c) for n, c, _ in v.cited] == [(1, RD), (2, TARGETS)]
    assert v.ok and messages(v) == ()


def test_renumbering_when_only_the_second_item_is_used():
    v = verify("全市高新技术企业达到400家以上【2】。", [RD, TARGETS])
    assert v.text == "全市高新技术企业达到400家以上[1]。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE),)
    assert v.ok and messages(v) == ()


def test_a_cited_item_that_adds_nothing_is_dropped():
    v = verify("全市高新技术企业达到400家以上[1][2]。", [TARGETS, PLATFORMS])
    assert v.text == "全市高新技术企业达到400家以上[1]。"
    assert messages(v) == ("dropped [2]: it holds none of its numbers: 「全市高新技术企业达到400家以上。」",)
    assert v.ok


def test_a_sentence_without_numbers_citing_an_unrelated_item_is_reassigned():
    v = verify("达州将积极争创国家高新区、省级创新型城市等高能级平台[1]。", [RD, PLATFORMS])
    assert v.text == "达州将积极争创国家高新区、省级创新型城市等高能级平台[1]。"
    assert v.cited == ((1, PLATFORMS, "积极争创国家高新区、省级创新型城市、万达开省级技术创新中心等高能级平台。"),)
    assert messages(v) == (
        "reassigned [1] -> [2] (its wording is there (0.83)): 「达州将积极争创国家高新区、省级创新型城市等高能级平台。」",
    )
    assert v.ok


def test_a_sentence_supported_by_no_item_is_flagged():
    v = verify("全市高新技术企业达到400家以上[1]。达州将全面推进乡村振兴和生态文明建设[1]。", [TARGETS, PLATFORMS])
    assert not v.ok
    assert v.text == "全市高新技术企业达到400家以上[1]。达州将全面推进乡村振兴和生态文明建设。"
    assert messages(v) == (
        "unsupported: wording not in the context (best share 0.06 < 0.3): 「达州将全面推进乡村振兴和生态文明建设。」",
    )


def test_an_uncited_claim_gets_the_item_that_supports_it_and_connectives_need_none():
    v = verify("根据《达州市“十四五”科技创新规划》：\n形成以科技创新为主导的核心竞争力。", [RD, TARGETS])
    assert v.text == "根据《达州市“十四五”科技创新规划》：\n形成以科技创新为主导的核心竞争力[1]。"
    assert v.cited == ((1, TARGETS, TARGETS_SENTENCE),)
    assert messages(v) == (
        "assigned [2] to an uncited sentence (its wording is there (1.00)): 「形成以科技创新为主导的核心竞争力。」",
    )
    assert v.ok


def test_full_width_numbers_match_half_width_ones():
    v = verify("到２０２５年，全社会Ｒ＆Ｄ投入强度力争达到１．５％［１］。", [INPUT])
    assert v.ok and messages(v) == ()
    assert v.cited == (
        (
            1,
            INPUT,
            "到 2025 年，全社会 R&D 投入强度力争达到 1.5%，其中地方财政科技支出占地方公共财政支出比重达到 1.2%，规模以上工业研发投入占主营业务收入比重达 1%。",
        ),
    )
    assert v.text == "到２０２５年，全社会Ｒ＆Ｄ投入强度力争达到１．５％[1]。"


def test_a_number_must_match_whole_not_as_part_of_a_longer_one():
    # 1% is in the chunk (比重达 1%), 1.2% too, but 5% and 2.5% are not: 1.5% and 1.2% must not pass for them
    assert not verify("全社会R&D投入强度力争达到5%[1]。", [INPUT]).ok
    assert not verify("全社会R&D投入强度力争达到2.5%[1]。", [INPUT]).ok
    assert verify("规模以上工业研发投入占主营业务收入比重达1%[1]。", [INPUT]).ok


def test_ranges_match_whatever_dash_is_used():
    for dash in ("—", "-", "～", "至"):
        v = verify(f"到2025年，建成省级及以上高新技术产业化基地1{dash}2家[1]。", [PLATFORMS])
        assert v.ok, dash
        assert v.cited[0][2] == "到 2025 年，建成省级及以上高新技术产业化基地 1—2 家，培育国家级创新创业平台 2—3 家。"
    assert not verify("到2025年，建成省级及以上高新技术产业化基地1—3家[1]。", [PLATFORMS]).ok


def test_years_and_list_numbers_are_not_values_to_check():
    v = verify(
        "1. 到2025年，全市高新技术企业达到400家以上[1]。\n2. 2021—2025年，科技型中小企业突破600家[1]。", [TARGETS]
    )
    assert v.ok and messages(v) == ()


def test_a_table_row_holds_its_unit_in_a_cell_of_its_own():
    v = verify("利州区2025年研发经费投入强度目标为1.5%[1]。", [LIZHOU_ROW])
    assert v.ok and messages(v) == ()
    assert v.cited == ((1, LIZHOU_ROW, LIZHOU_ROW.text),)
    assert not verify("利州区2025年研发经费投入强度目标为1.6%[1]。", [LIZHOU_ROW]).ok


def test_an_answer_with_nothing_cited_is_not_ok():
    v = verify("", [TARGETS])
    nothing = Problem(ProblemKind.NOTHING_SUPPORTED, "no sentence of the answer is supported by a context item")
    assert v == Verified("", (), CHECKS, (nothing,), False)


def test_a_cited_item_without_the_wording_is_dropped_when_another_has_it():
    v = verify("形成以科技创新为主导的核心竞争力[1][2]。", [TARGETS, RD])
    assert v.text == "形成以科技创新为主导的核心竞争力[1]。"
    assert messages(v) == ("dropped [2]: it holds too little of its wording: 「形成以科技创新为主导的核心竞争力。」",)
    assert v.ok


def test_no_context_supports_nothing():
    v = verify("高新技术企业达到400家以上[1]。", [])
    assert v.text == "高新技术企业达到400家以上。"
    assert messages(v) == (
        "dropped marker [1]: the context has 0 items",
        "unsupported: 400家 in no context item: 「高新技术企业达到400家以上。」",
        "no sentence of the answer is supported by a context item",
    )
    assert not v.ok


def test_table_value_must_belong_to_the_year_the_sentence_names():
    """Measured with the 1.5B model: 2025's target answered with the 2035 value of the same row."""
    from pathlib import Path

    from ingest.pipeline import ingest_paths

    corpus = ingest_paths([Path(__file__).resolve().parents[1] / "corpus"])
    row = next(c for c in corpus.chunks if c.kind == "table" and "技术合同登记交易额" in c.text)
    wrong = verify("利州区2025年技术合同登记交易额目标是5000万元。[1]", [row])
    assert not wrong.ok
    assert str(wrong.problems[0]).startswith("unsupported: 5000万元")
    assert (wrong.problems[0].kind, wrong.problems[0].values) == (ProblemKind.NUMBER_OTHER_PERIOD, ("5000万元",))
    assert verify("利州区2025年技术合同登记交易额目标是2480万元。[1]", [row]).ok
    assert verify("利州区技术合同登记交易额2035年目标是5000万元。[1]", [row]).ok


def test_the_json_of_an_answer_keeps_problem_messages_and_adds_their_kinds():
    from answer.types import Answer, Route

    v = verify("到2025年，全市高新技术企业达到40家以上[1]。", [TARGETS])
    answer = Answer(
        question="q", text="t", citations=(), refused=False, retrieved=(), route=Route.LLM_FALLBACK, problems=v.problems
    )
    out = answer.to_json()
    assert out["problems"] == list(messages(v))  # the contract of `ask --json` is unchanged
    assert out["problem_details"][0] == {
        "kind": "number-not-found",
        "message": messages(v)[0],
        "values": ["40家"],
    }
