"""The matching evaluator: what touches a labelled item, precision, recall and amounts on hand-written labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.match_eval import evaluate_matching, load_items
from ingest.pipeline import ingest_paths
from match.measures import extract_measures
from match.model import MeasureSet

ROOT = Path(__file__).resolve().parents[1]
ANHUI = (
    ROOT
    / "tests/data/external/anhui-province_2021_industrial-internet-policies-and-action-plan-2021-2023_pkulaw-CLI.12.4638041.txt"
)
FUND = "研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业"


@pytest.fixture(scope="module")
def measures() -> MeasureSet:
    return extract_measures(ingest_paths([ROOT / "corpus", ANHUI]))


def item(id_, profile, expected=(), not_expected=()):
    return {"id": id_, "profile": profile, "expected": list(expected), "not_expected": list(not_expected)}


def exp(doc, evidence, level, **extra):
    return {"doc": doc, "evidence": evidence, "level": level, "why": "", **extra}


def nexp(doc, evidence):
    return {"doc": doc, "evidence": evidence, "why": ""}


ITEMS = [
    item(
        "a",
        {"region": "达州市", "enterprise_type": "普通企业", "rd_ratio": 0.03},
        [exp("达州", FUND, "适用"), exp("达州", "对研发投入持续增长的企业给予财政科技资金后补助", "可能适用")],
        # another region: absent, so untouched; a measure for students: 不适用, correct only leniently
        [nexp("利州", "认真落实研发费用加计扣除"), nexp("达州", "积极落实大学生创业担保贷款和大学生创业补贴发放")],
    ),
    item(
        "b",
        {"region": "达州市", "enterprise_type": "普通企业", "rd_ratio": 0.01},
        [exp("达州", FUND, "适用")],  # wrong on purpose: 1% is below the 2% threshold
        [nexp("达州", "落实研发费用税前加计")],  # wrong on purpose: it is offered (适用)
    ),
    item(
        "c",
        {"region": "达州市"},
        # one sentence, two measures: only the 奖励 clause touches this evidence, not the 加计扣除 one
        [exp("达州", "对取得重大经济效益的创新产品", "可能适用"), exp("利州", FUND, "可能适用")],
    ),
]


def test_precision_recall_and_the_touch_rule(measures):
    report = evaluate_matching(measures, ITEMS)
    assert (report.profiles, report.expected, report.found) == (3, 5, 3)
    assert report.recall == 3 / 5
    # touching: a(fund, growth, students) b(fund, deduction) c(reward) = 6; correct: a 3 (students leniently), c 1
    assert (report.touching, report.correct, report.strict_correct) == (6, 4, 3)
    assert report.precision == 4 / 6 and report.strict_precision == 3 / 6
    assert report.misses == [
        f"b 达州 适用 「{FUND}」: said 不适用",
        f"c 利州 可能适用 「{FUND}」: said nothing",
    ]
    assert len(report.wrong) == 2 and report.wrong[0].startswith("b 不适用 「")


def test_amounts_are_checked_when_labelled(measures):
    items = [
        item(
            "anhui",
            {
                "region": "安徽省",
                "platform_type": "企业级",
                "project": "网络安全分类分级",
                "investment_yuan": 1_500_000,
            },
            [
                exp("工业互联网", "企业级工业互联网平台省级给予一次性奖补100万元", "适用", max_amount_wan=100),
                exp(
                    "工业互联网",
                    "省级按照不超过项目投资额50%的比例给予一次性奖补，最高100万元",
                    "适用",
                    max_amount_wan=75.0,
                ),
            ],
            [nexp("工业互联网", "对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元"), nexp("达州", FUND)],
        )
    ]
    report = evaluate_matching(measures, items)
    assert report.summary() == {
        "profiles": 1,
        "expected": 2,
        "precision": 1.0,
        "recall": 1.0,
        "strict_precision": 0.6667,
        "amount_accuracy": 1.0,
        "touching_results": 3,
    }


def test_the_corpus_can_be_passed_instead_of_measures():
    report = evaluate_matching(ingest_paths([ROOT / "corpus"]), ITEMS[:1])
    assert (report.expected, report.found) == (2, 2)


def test_load_items_reports_the_bad_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n\n{oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"set\.jsonl:3: not JSON"):
        load_items(path)


def test_dev_split_meets_the_issue_bar(measures):
    """The labelled dev split (written blind from the texts by another session) is matched with P, R >= 0.9."""
    dev = ROOT / "eval" / "match" / "dev.jsonl"
    if not dev.exists():
        pytest.skip("eval/match/dev.jsonl is not there")
    report = evaluate_matching(measures, load_items(dev))
    assert report.precision >= 0.9 and report.recall >= 0.9, (report.summary(), report.misses, report.wrong)
