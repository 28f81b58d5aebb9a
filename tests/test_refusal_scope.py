"""Places the plans do not cover: foreign places, districts inside a covered city, and a city only part of which has
a plan; traditional characters folded first. Exact expectations on the real catalog (no retrieval involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.scope import resolve_scope, to_simplified, towns_named
from ingest.catalog import load_catalog
from ingest.schema import DocMeta

ROOT = Path(__file__).resolve().parents[1]
DOCS = {m.doc_id: m for m in load_catalog(ROOT / "corpus" / "catalog.toml").values()}
DZ, LZ = "dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"


@pytest.mark.parametrize(
    ("question", "doc_ids", "foreign", "inside", "partial", "not_covered"),
    [
        # a district of 达州市 without a plan of its own, qualified by its city: the city's plan is not named
        ("达州市通川区2025年高新技术企业目标是多少", (), (), ("通川区",), (), ("通川区",)),
        ("通川区有多少家高新技术企业", (), (), ("通川区",), (), ("通川区",)),
        # any number asked for is a figure (a follow-up's rewrite: 那达川区的目标呢？ after a 达州 target)
        ("达川区到2025年技术市场合同成交额要到多少？", (), (), ("达川区",), (), ("达川区",)),
        ("通川区的企业研发投入能拿多少补贴", (), (), ("通川区",), (), ()),
        ("我们是通川区一家芯片公司，流片合同800万，市里能补多少？", (), (), ("通川区",), (), ()),
        # …but the city's support measures apply to it
        ("通川区的企业研发投入有什么补助", (), (), ("通川区",), (), ()),
        # a sibling of 利州区 in 广元市: no plan covers it
        ("广元市昭化区的科技创新规划目标是什么？", (), ("昭化区",), (), (), ()),
        # 广元市 as a whole: only 利州区 has a plan, so its figures are not 广元's; other questions go to 利州区's plan
        ("广元市2025年高新技术企业目标是多少", (), (), (), ("广元市",), ("广元市",)),
        ("广元这边有没有专门研究抑郁焦虑这些心理问题的地方", (), (), (), ("广元市",), ()),
        # Sichuan 好多 asks how many before a noun that ends the question; before one that goes on, it is "many"
        ("广元市全市“十三五”一共授权了好多专利？", (), (), (), ("广元市",), ("广元市",)),
        ("广元好多企业都在搞技改，规划有啥支持", (), (), (), ("广元市",), ()),
        ("广元市利州区研发投入强度是多少", (LZ,), (), (), (), ()),
        # the city named apart from the county: the city's plan answers
        ("我们是大竹县一家做汽车零部件的配套厂。达州对汽车零部件有什么布局？", (DZ,), (), ("大竹县",), (), ()),
    ],
)
def test_places_inside_beside_and_around_the_plans(question, doc_ids, foreign, inside, partial, not_covered):
    scope = resolve_scope(question, DOCS)
    assert (scope.doc_ids, scope.foreign, scope.inside, scope.partial) == (doc_ids, foreign, inside, partial)
    assert scope.figures_not_covered(question) == not_covered


def test_search_goes_to_the_plan_that_covers_the_place():
    assert resolve_scope("通川区有多少家高新技术企业", DOCS).search_docs == (DZ,)
    assert resolve_scope("广元有什么科技惠民行动", DOCS).search_docs == (LZ,)
    assert resolve_scope("昭化区有什么科技政策", DOCS).out_of_scope


def test_traditional_characters_are_folded_except_those_the_plans_use():
    assert to_simplified("達州2025年高新技術企業目標是多少？") == "达州2025年高新技术企业目标是多少？"
    assert to_simplified("廣元市利州區") == "广元市利州区"
    assert to_simplified("显著提升", keep=frozenset("显著提升")) == "显著提升"
    assert to_simplified("顯著") == "显着"  # 著 is folded only when the plans do not use it
    scope = resolve_scope(to_simplified("達州2025年高新技術企業目標"), DOCS)
    assert scope.doc_ids == (DZ,)


ENGLISH = {"Chengdu": "成都", "Tongchuan": "通川", "Dazhou": "达州", "Aba": "阿坝", "Sichuan": "四川"}


@pytest.mark.parametrize(
    ("question", "doc_ids", "foreign", "inside", "not_covered"),
    [
        ("What is Chengdu's 2025 target for high-tech enterprises?", (), ("成都",), (), ()),
        ("How many high-tech enterprises does Tongchuan District have?", (), (), ("通川区",), ("通川区",)),
        ("What support do high-tech enterprises in Tongchuan get?", (), (), ("通川区",), ()),
        ("What is Dazhou's 2025 target for high-tech enterprises?", (DZ,), (), (), ()),
        # a name is a word of its own: `aba` in `database` names no place
        ("Which database do the plans build?", (), (), (), ()),
        # the plans' province: partly covered, its own figures only where a plan cites them for 全省
        ("How many high-tech zones are there in Sichuan?", (), (), (), ("四川省",)),
    ],
)
def test_english_place_names_are_read_as_the_places_they_name(question, doc_ids, foreign, inside, not_covered):
    scope = resolve_scope(question, DOCS, ENGLISH)
    assert (scope.doc_ids, scope.foreign, scope.inside) == (doc_ids, foreign, inside)
    assert scope.figures_not_covered(question) == not_covered


def test_foreign_places_are_still_foreign_when_their_province_has_no_plan():
    # 合肥 is a city of 安徽省; with only the two Sichuan plans indexed it is a place no plan covers
    assert resolve_scope("合肥的企业有什么补贴", DOCS).foreign == ("合肥",)


def test_refusals_name_the_place_and_never_give_the_citys_figures(hash_qa):
    a = hash_qa.ask("达州市通川区2025年高新技术企业目标是多少？")
    assert a.refused and a.citations == ()
    assert a.text.startswith("规划中未找到相关内容：现有规划没有通川区自己的目标或统计数据")
    assert "400" not in a.text
    b = hash_qa.ask("廣元市2025年高新技術企業目標是多少？")
    assert b.refused and b.text.startswith("规划中未找到相关内容：现有规划没有广元市自己的目标或统计数据")
    assert "20" not in b.text.split("\n")[0].replace("2025", "")


def test_the_province_of_the_plans_is_only_partly_covered_not_foreign():
    # 四川省 is the catalog's province of 达州市 and 利州区: naming it searches their plans, it is no foreign place
    scope = resolve_scope("四川有几个国家级高新区？", DOCS)
    assert (scope.foreign, scope.partial, set(scope.search_docs)) == ((), ("四川省",), {DZ, LZ})
    assert scope.figures_not_covered("四川有几个国家级高新区？") == ("四川省",)  # unless the plans cite 全省 figures


def test_figures_of_a_place_no_plan_covers_beside_a_covered_one_are_said_to_be_missing(hash_qa):
    """绵阳 beside 达州: the answer first says the plans have no figures of 绵阳, then gives 达州's, which alone would
    read as an answer for both. A firm's home town (我们是成都一家…) is not asked about; support measures apply to
    anyone."""
    a = hash_qa.ask("达州和绵阳的高新技术企业分别有多少家？")
    assert a.text.splitlines()[0] == "现有规划不包括绵阳，没有绵阳的数据；以下只是达州市的。" and not a.refused
    assert "94" in a.text  # 达州's own figure still follows
    b = hash_qa.ask("我们是成都一家技术转移服务公司，准备在达州设分公司。达州在技术转移机构方面有什么目标？")
    assert "成都" not in b.text.splitlines()[0]
    c = hash_qa.ask("成都的企业去达州，有什么支持政策？")
    assert "成都" not in c.text.splitlines()[0]


TITLED = {
    **DOCS,
    "rcep": DocMeta(
        doc_id="rcep",
        title="安徽省关于加快对接区域全面经济伙伴关系协定(RCEP)经贸新规则扎实推进高水平开放实施意见",
        short_title="RCEP实施意见",
        region="安徽省",
    ),
    "baotou": DocMeta(
        doc_id="baotou", title="包头市2022年数字政府建设考评办法", short_title="考评办法", region="包头市"
    ),
    "iip": DocMeta(
        doc_id="iip",
        title="支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)",
        short_title="工业互联网",
        region="安徽省",
    ),
    "beijing": DocMeta(
        doc_id="beijing", title="关于推进北京市数据专区建设的指导意见", short_title="数据专区", region="北京市"
    ),
}


@pytest.mark.parametrize(
    ("question", "doc_ids"),
    [
        # a question that names no place but quotes one document's own title words is about that document
        ("RCEP意见里要建国别商品税率对比清单吗？ 归哪个部门管", ("rcep",)),
        ("数字政府建设考评多久一次", ("baotou",)),
        # the titles' common words (科技创新, 规划, 意见, 建设) single out none
        ("十四五科技创新规划里对人才有什么支持", ()),
        ("指导意见里怎么说的", ()),
        # nor does the kind of document a title names: 行动计划 of another programme is no quote (dev17 u3445)
        ("两个规划都提了全民科学素质行动计划，各自配套说要干啥？", ()),
        ("工业互联网行动计划对平台有啥支持", ("iip",)),
        # a place named decides, as before
        ("达州数字政府建设考评多久一次", ("dazhou-2021-kjcx",)),
    ],
)
def test_a_document_quoted_by_its_own_title_words(question, doc_ids):
    assert resolve_scope(question, TITLED).doc_ids == doc_ids


@pytest.mark.parametrize(
    ("question", "towns"),
    [
        ("宝轮镇自己有好多家高新技术企业？", ("宝轮镇",)),
        ("利州荣山镇和宝轮镇的企业各有几家", ("荣山镇", "宝轮镇")),
        # words for towns in general name none
        ("安徽乡镇上的网速能不能提上来", ()),
        ("达州城镇居民人均收入目标是多少", ()),
        ("芜湖的鸠兹古镇好不好耍", ()),
        ("特色小镇建设有什么支持", ()),
    ],
)
def test_the_towns_a_question_names(question, towns):
    assert towns_named(question) == towns


def test_a_banners_short_name_is_the_banner_inside_its_city():
    """达茂旗 and 土右旗, as people in 包头 call 达尔罕茂明安联合旗 and 土默特右旗: places inside 包头市 whose own figures
    包头's documents do not give (dev22 u4308 named 达茂旗)."""
    baotou = DocMeta(
        doc_id="baotou",
        title="包头市2022年数字政府建设考评办法",
        short_title="包头考评办法",
        region="包头市",
        aliases=("包头", "包头市"),
        period="2022",
    )
    docs = {"baotou": baotou}
    for short, full in (("达茂旗", "达尔罕茂明安联合旗"), ("土右旗", "土默特右旗")):
        question = f"{short}今年新增了好多座5G基站？"
        scope = resolve_scope(question, docs)
        assert scope.inside == (full,) and scope.figures_not_covered(question) == (full,)


def test_a_district_asked_beside_its_named_city_is_told_the_city_figures_are_not_its_own(hash_qa):
    """A district's own count asked with its city named apart (`达州…里，通川区有多少家`): the city's plan is named,
    so nothing is refused before retrieval, but its figures are the city's; unless a sentence that answers names the
    district, the first line says the plans give none of the district's own, and the city's figures follow as
    what the plan does say (dev22 u4308: 达茂旗's share of 包头's new 5G base stations). The asker's home in a
    description (`我在达川弄了几个蔬菜大棚，…`) is not asked about."""
    a = hash_qa.ask("达州的高新技术企业里，通川区有多少家？")
    assert not a.refused and a.text.splitlines()[1] == "规划未提及通川区自己的数字。"
    assert a.citations  # what the plan does say, cited
    b = hash_qa.ask("我在达川弄了几个蔬菜大棚，达州说的智慧农业技术准备用在哪些环节上？")
    assert "达川" not in b.text.splitlines()[1]
