"""The plan-text rules (plantext.py) on the forms the plans use."""

from __future__ import annotations

import pytest

from plantext import YEAR, YEAR_SPAN, compact, fold, region_parts, sentence_spans, value_with_unit


@pytest.mark.parametrize(
    ("region", "parts"),
    [
        ("广元市利州区", ["广元市", "利州区"]),
        ("达州市", ["达州市"]),
        ("阿坝州", ["阿坝州"]),
        ("安徽省", ["安徽省"]),
        ("凉山彝族自治州西昌市", ["凉山彝族自治州", "西昌市"]),
        ("达州市通川区", ["达州市", "通川区"]),
        ("内蒙古自治区包头市", ["内蒙古自治区", "包头市"]),
    ],
)
def test_region_parts(region, parts):
    assert region_parts(region) == parts


def test_sentence_spans_are_exact_and_trimmed():
    text = "甲。乙；\n丙“丁。”戊"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["甲。", "乙；", "丙“丁。”", "戊"]


def test_bracketed_notes_stay_with_the_sentence_they_annotate():
    """A lead unit, deadline or score in brackets after the full stop is part of that sentence (the external
    policy texts: 包头's 考评办法, 安徽's RCEP opinions); an enumeration marker starts the next sentence."""
    text = "拓展养老服务平台功能。（0.5分）（10月底完成，牵头考核单位：市民政局）\n建立税率对比清单。（合肥海关负责）下一项。（二）推进。"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "拓展养老服务平台功能。（0.5分）（10月底完成，牵头考核单位：市民政局）",
        "建立税率对比清单。（合肥海关负责）",
        "下一项。",
        "（二）推进。",
    ]


def test_years_and_spans():
    assert YEAR.findall("到2025年，2035 年") == ["2025", "2035"]
    assert YEAR_SPAN.search("（2021—2025年）").groups() == ("2021", "2025")


def test_folding_and_values():
    assert fold("Ｒ＆Ｄ投入") == "r&d投入"
    assert compact("超过 5％") == "超过5%"
    assert value_with_unit("400", "家") == "400家" and value_with_unit("—", "％") == "—"


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("What is Dazhou's 2025 target?", True),
        # a plan term quoted in Chinese leaves a question English (dev26 u4909 was judged as a Chinese one)
        ('Under Dazhou\'s "ten batches" (十个一批) programme, how many people found jobs?', True),
        ("RCEP对安徽企业有啥好处？", False),
        ("达州 R&D 投入多少？", False),
    ],
)
def test_an_english_question_has_more_latin_letters_than_chinese_characters(question, english):
    from plantext import in_english

    assert in_english(question) is english
