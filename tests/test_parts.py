"""A question that asks two things at once is answered part by part (answer/parts.py, Answerer._by_parts)."""

from __future__ import annotations

import pytest

from answer.parts import joined, question_parts
from answer.types import Answer, Citation, Route

TOPICS = {
    "2020年，达州全社会R&D花了多少亿元？",
    "省级的农业类园区建成了多少家？",
    "利州综合科技创新水平指数2020年基数是多少？",
}


def has_topic(part: str) -> bool:
    return part in TOPICS


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "In Baotou's assessment indicators, how many points are given to building the city-brain platform, and "
            "how many to exploring digital-finance application scenarios?",
            [
                "In Baotou's assessment indicators, how many points are given to building the city-brain platform?",
                "how many to exploring digital-finance application scenarios?",
            ],
        ),
        (
            "How many points is the sub-item worth, and by the end of which month must the evaluation be finished?",
            ["How many points is the sub-item worth?", "by the end of which month must the evaluation be finished?"],
        ),
        (
            "2020年，达州全社会R&D花了多少亿元？省级的农业类园区建成了多少家？",
            ["2020年，达州全社会R&D花了多少亿元？", "省级的农业类园区建成了多少家？"],
        ),
        # one question: nothing to split
        ("What are Dazhou's targets for R&D and for patents?", []),
        ("How many firms and how many parks does Dazhou plan?", []),  # `and how` inside one clause: no comma
        # the second part leans on the first (two years of one indicator): the whole question's rows answer it
        ("利州综合科技创新水平指数2020年基数是多少？2035年要到多少？", []),
        # a part that asks no number: a question with its context (利州城里的脏水收得干净不？规划里有没有说要咋个搞？)
        ("省级的农业类园区建成了多少家？规划里咋个说的？", []),
    ],
)
def test_the_parts_a_question_asks(question, parts):
    assert question_parts(question, has_topic) == parts


def _citation(n: int, chunk: str, quote: str) -> Citation:
    return Citation(n, chunk, "达州市科技创新规划", "达州市", ("发展基础",), quote, "dz.txt")


def _answer(text: str, *citations: Citation) -> Answer:
    return Answer(question="q", text=text, citations=citations, refused=False, retrieved=(), route=Route.EXTRACT)


def test_the_parts_answers_are_joined_direct_lines_first_with_one_number_per_passage():
    first = _answer(
        "根据《达州市科技创新规划》：\n14.8 亿元[1]\n达州市 R&D 经费投入为 14.8 亿元。[1]\n研发投入强度达到 0.7%。[2]",
        _citation(1, "dz:7", "达州市 R&D 经费投入为 14.8 亿元。"),
        _citation(2, "dz:9", "研发投入强度达到 0.7%。"),
    )
    second = _answer(
        "根据《达州市科技创新规划》：\n建成省级农业科技园区 4 家[1]\n研发投入强度达到 0.7%。[2]",
        _citation(1, "dz:8", "建成省级农业科技园区 4 家。"),
        _citation(2, "dz:9", "研发投入强度达到 0.7%。"),
    )
    whole = _answer("根据《达州市科技创新规划》：\n14.8 亿元[1]")
    a = joined(whole, [first, second])
    assert a.text.splitlines() == [
        "根据《达州市科技创新规划》：",
        "14.8 亿元[1]",
        "建成省级农业科技园区 4 家[3]",
        "达州市 R&D 经费投入为 14.8 亿元。[1]",
        "研发投入强度达到 0.7%。[2]",
    ]
    assert [(c.n, c.chunk_id) for c in a.citations] == [(1, "dz:7"), (2, "dz:9"), (3, "dz:8")]
    assert not a.refused and "parts" in a.checks


def test_parts_answered_from_different_documents_keep_their_own_headers():
    first = _answer("根据《达州市科技创新规划》：\n4 家[1]", _citation(1, "dz:8", "4 家"))
    second = _answer("根据《利州区科技创新和知识产权规划》：\n33家[1]", _citation(1, "lz:3", "33家"))
    a = joined(_answer("x"), [first, second])
    assert a.text.splitlines() == [
        "根据《达州市科技创新规划》：",
        "4 家[1]",
        "根据《利州区科技创新和知识产权规划》：",
        "33家[2]",
    ]


def test_each_part_of_a_two_part_question_is_answered(real_qa):
    """dev33 u5992: asked together, the ranking put the 农业科技园区 sentence first and the R&D sum was in no line
    shown; each part answered alone gives its own figure, the direct lines first."""
    a = real_qa.ask("2020年，达州全社会R&D花了多少亿元？省级的农业类园区建成了多少家？")
    lines = a.text.splitlines()
    assert "parts" in a.checks and not a.refused
    assert "14.8" in lines[1] and "4 家" in lines[2], a.text
    assert all(f"[{c.n}]" in a.text for c in a.citations)


def test_a_question_asking_one_thing_is_answered_as_before(real_qa):
    a = real_qa.ask("2020年，达州全社会R&D花了多少亿元？")
    assert "parts" not in a.checks and "14.8" in a.text.splitlines()[1]
