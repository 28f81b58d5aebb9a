"""The rules the pipeline applies before any model: follow-up rewriting and scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.rewrite import rewrite_followup
from answer.scope import resolve_scope
from ingest.catalog import load_catalog

CATALOG = load_catalog(Path(__file__).resolve().parents[1] / "corpus" / "catalog.toml")
DOCS = {m.doc_id: m for m in CATALOG.values()}
PLACES = ["达州", "达州市", "利州", "利州区", "广元市利州区"]


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        (
            [("达州2025年技术市场合同成交额目标是多少？", "5亿元")],
            "利州区的这个指标呢？",
            "利州区2025年技术市场合同成交额目标是多少？",
        ),
        (
            [("利州区研发经费投入强度2025年目标是多少？", "1.5%")],
            "2035年呢？",
            "利州区研发经费投入强度2035年目标是多少？",
        ),
        (
            [("利州区2025年高新技术企业数量目标是多少？", "20家")],
            "那达州呢？",
            "达州2025年高新技术企业数量目标是多少？",
        ),
        ([("达州高新技术企业有多少家？", "94家")], "2025年呢？", "达州高新技术企业2025年有多少家？"),
        ([], "利州区的这个指标呢？", "利州区的这个指标呢？"),  # nothing to refer to
        (
            [("达州2025年技术市场合同成交额目标是多少？", "5亿元")],
            "达州如何实施高新技术企业倍增计划？",
            "达州如何实施高新技术企业倍增计划？",
        ),
    ],
)
def test_followup_rewrite(history, question, expected):
    assert rewrite_followup(question, history, PLACES) == expected


def test_followups_chain_through_the_history():
    history = [("达州2025年高新技术企业目标是多少？", "400家"), ("利州区呢？", "20家")]
    assert rewrite_followup("2035年呢？", history, PLACES) == "利州区2035年高新技术企业目标是多少？"


@pytest.mark.parametrize(
    ("question", "doc_ids", "foreign", "out"),
    [
        ("达州2025年高新技术企业目标是多少？", ("dazhou-2021-kjcx",), (), False),
        ("利州区研发经费投入强度是多少？", ("lizhou-2021-kjcx-zscq",), (), False),
        ("达州和利州区科技型中小企业目标分别是多少？", ("dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"), (), False),
        ("成都市高新技术企业目标是多少？", (), ("成都",), True),
        ("绵阳市“十四五”研发投入强度目标是多少？", (), ("绵阳",), True),
        ("达州和成都的合作有哪些？", ("dazhou-2021-kjcx",), ("成都",), False),
        ("How many patents were granted in Lizhou District?", ("lizhou-2021-kjcx-zscq",), (), False),
        ("广元市的科技规划有哪些目标？", (), (), False),  # 广元 encloses 利州区: not foreign, not narrowed
        ("高新技术企业有什么支持政策？", (), (), False),
    ],
)
def test_scope(question, doc_ids, foreign, out):
    scope = resolve_scope(question, DOCS)
    assert scope.doc_ids == doc_ids
    assert scope.foreign == foreign
    assert scope.out_of_scope is out
