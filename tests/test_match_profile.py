"""Profiles from JSON (unknown keys reported, wrong values refused) and where a profile's place lies."""

from __future__ import annotations

import pytest

from errors import InvalidProfile, PlanQAError
from match.model import DocInfo
from match.profile import PROFILE_KEYS, Profile
from match.region import INSIDE, OUTSIDE, UNKNOWN, parts, relation, resolve

ISSUE_EXAMPLE = {
    "region": "达州市",
    "enterprise_type": "高新技术企业",
    "qualifications": ["科技型中小企业"],
    "industry": "玄武岩纤维",
    "rd_ratio": 0.03,
    "rd_growth": True,
    "size": "中小企业",
    "needs": ["融资", "研发"],
}


def test_the_issue_example_reads_as_written():
    p = Profile.from_dict(ISSUE_EXAMPLE)
    assert p == Profile(
        region="达州市",
        enterprise_type="高新技术企业",
        qualifications=("科技型中小企业",),
        industry="玄武岩纤维",
        rd_ratio=0.03,
        rd_growth=True,
        size="中小企业",
        needs=("融资", "研发"),
    )
    assert p.to_dict() == {**ISSUE_EXAMPLE, "qualifications": ["科技型中小企业"]}
    assert p.warnings == ()


def test_missing_and_null_keys_are_unknown():
    p = Profile.from_dict({"region": "利州区", "rd_ratio": None, "qualifications": None})
    assert (p.rd_ratio, p.qualifications, p.enterprise_type, p.needs) == (None, None, None, ())
    assert p.holds("高新技术企业") is None
    assert p.entities is None


def test_unknown_keys_are_reported_not_ignored():
    p = Profile.from_dict({"region": "达州市", "colour": "red", "员工数": 80})
    assert p.unknown_keys == ("colour", "员工数")
    (warning,) = p.warnings
    assert warning.startswith("未识别的字段已忽略：colour、员工数（可用字段：region、city、enterprise_type")


def test_aliases_and_friendly_forms():
    p = Profile.from_dict(
        {
            "enterprise_type": "高企",
            "qualifications": ["科小"],
            "rd_ratio": "2.5%",
            "size": "小微",
            "assessed_grade": "４a级",
        }
    )
    assert (p.enterprise_type, p.qualifications, p.rd_ratio, p.size, p.assessed_grade) == (
        "高新技术企业",
        ("科技型中小企业",),
        0.025,
        "小微企业",
        "4A",
    )
    assert Profile.from_dict({"platform_type": "行业型"}).platform_type == "行业"


def test_anhui_keys():
    p = Profile.from_dict(
        {
            "region": "安徽省",
            "project": "标识解析二级节点",
            "investment_yuan": 20_000_000,
            "loan_term_years": 3,
            "platform_type": "企业级",
            "in_service_pool": False,
        }
    )
    assert (p.investment_yuan, p.loan_term_years, p.platform_type, p.in_service_pool) == (2e7, 3.0, "企业级", False)
    assert {"project", "equipment_purchase_yuan", "tapeout_contract_yuan", "rd_equipment_purchase_yuan"} <= set(
        PROFILE_KEYS
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rd_ratio": 3}, "profile key 'rd_ratio': a fraction between 0 and 1 is expected (3% is 0.03), got 3"),
        ({"rd_ratio": "三成"}, "profile key 'rd_ratio': expected a fraction such as 0.03"),
        ({"rd_ratio": True}, "profile key 'rd_ratio': expected a fraction"),
        (
            {"enterprise_type": "外星企业"},
            "profile key 'enterprise_type': '外星企业' is not one of 高新技术企业、普通企业",
        ),
        ({"needs": ["融资", "吃饭"]}, "profile key 'needs': 吃饭 not among 融资、研发、人才、平台、成果转化、知识产权"),
        ({"qualifications": "高新技术企业"}, "profile key 'qualifications': expected a list of strings"),
        ({"rd_growth": "yes"}, "profile key 'rd_growth': expected true or false, got 'yes'"),
        ({"size": "巨型"}, "profile key 'size': '巨型' is not one of 大型企业、中小企业、小微企业"),
        ({"assessed_grade": "6A"}, "profile key 'assessed_grade': expected a grade from 1A to 5A"),
        ({"investment_yuan": -5}, "profile key 'investment_yuan': expected a non-negative number, got -5"),
        ({"region": ""}, "profile key 'region': expected a non-empty string"),
    ],
)
def test_wrong_values_are_specific_errors(data, message):
    with pytest.raises(InvalidProfile) as e:
        Profile.from_dict(data)
    assert str(e.value).startswith(message)
    assert isinstance(e.value, PlanQAError)


def test_a_profile_is_an_object():
    with pytest.raises(InvalidProfile, match="a profile is a JSON object, got list"):
        Profile.from_dict(["达州"])  # type: ignore[arg-type]


def test_designations_are_closed_once_the_type_is_given():
    assert Profile.from_dict({"enterprise_type": "普通企业"}).holds("高新技术企业") is False
    assert Profile.from_dict({"enterprise_type": "科技型中小企业"}).holds("高新技术企业") is False
    assert Profile.from_dict({"qualifications": ["高新技术企业"]}).holds("高新技术企业") is True
    assert Profile.from_dict({"enterprise_type": "大学生创业"}).entities == ("企业", "大学生", "个人")


# ---- regions ----

DAZHOU = DocInfo("dazhou", "达州市“十四五”科技创新规划", "达州市科技创新规划", "达州市", ("达州", "达州市"), "四川省")
LIZHOU = DocInfo("lizhou", "利州规划", "利州区规划", "广元市利州区", ("利州", "利州区", "广元市利州区"), "四川省")
ANHUI = DocInfo("anhui", "安徽省工业互联网", "安徽省工业互联网", "安徽省", ("安徽省", "安徽"), None)
DOCS = (DAZHOU, LIZHOU, ANHUI)


def test_place_parts_and_resolution():
    assert parts("广元市利州区") == ((1, "广元市"), (2, "利州区"))
    assert parts("阿坝州") == ((1, "阿坝州"),)
    assert resolve("利州区", DOCS) == ((0, "四川省"), (1, "广元市"), (2, "利州区"))
    assert resolve("达州市通川区", DOCS) == ((0, "四川省"), (1, "达州市"), (2, "通川区"))


@pytest.mark.parametrize(
    ("place", "dazhou", "lizhou", "anhui"),
    [
        ("达州市", INSIDE, OUTSIDE, OUTSIDE),
        ("达州", INSIDE, OUTSIDE, OUTSIDE),
        ("达州市通川区", INSIDE, OUTSIDE, OUTSIDE),
        ("利州区", OUTSIDE, INSIDE, OUTSIDE),  # 利州区 is in 广元市, never in 达州市
        ("广元市利州区", OUTSIDE, INSIDE, OUTSIDE),
        ("广元市", OUTSIDE, UNKNOWN, OUTSIDE),  # which district of 广元市 is not said
        ("安徽省", OUTSIDE, OUTSIDE, INSIDE),
        ("安徽省合肥市", OUTSIDE, OUTSIDE, INSIDE),
        ("合肥市", OUTSIDE, OUTSIDE, UNKNOWN),  # the corpus does not say that 合肥市 is in 安徽省
        (None, UNKNOWN, UNKNOWN, UNKNOWN),
    ],
)
def test_region_relation(place, dazhou, lizhou, anhui):
    assert [relation(place, d, DOCS) for d in DOCS] == [dazhou, lizhou, anhui]
