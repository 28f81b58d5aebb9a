"""Period-aware verification: 十四五末/到2025年/“十四五”期间 mean the 2025 target, 2020/“十三五”末/现有 the baseline,
2035/远景 the long-term value. A baseline given as a target (or the reverse) fails, in a table row and in prose, on a
baseline/target pair from each plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.period import asks_past, full_years, period_of_number, years_named
from answer.verify import verify
from ingest.clean import clean
from ingest.pipeline import ingest_paths
from ingest.schema import Chunk

ROOT = Path(__file__).resolve().parents[1]
DAZHOU = (ROOT / "corpus" / "dazhou-2021-kjcx.txt").read_text(encoding="utf-8")
LIZHOU = clean((ROOT / "corpus" / "lizhou-2021-kjcx-zscq.txt").read_text(encoding="utf-8")).text


@pytest.fixture(scope="module")
def rows():
    corpus = ingest_paths([ROOT / "corpus"])
    table = [c for c in corpus.chunks if c.kind == "table"]
    dz = next(c for c in table if c.doc_id == "dazhou-2021-kjcx" and "高新技术企业 (家)" in c.text)
    lz = next(c for c in table if c.doc_id == "lizhou-2021-kjcx-zscq" and "\n高新技术企业数\n" in c.text)
    return dz, lz


def prose(text: str, source: str, path: tuple[str, ...], doc_id: str) -> Chunk:
    start = source.index(text)
    return Chunk(Chunk.make_id(doc_id, path, text), doc_id, path, text, start, start + len(text))


DZ_BASIS = prose(
    "2020 年，达州市 R&D 经费投入为 14.8 亿元，研发投入强度达到 0.7%；",
    DAZHOU,
    ("第一章 规划背景", "第一节 发展基础"),
    "dazhou-2021-kjcx",
)
DZ_GOAL = prose(
    "到 2025 年，全社会 R&D 投入强度力争达到 1.5%，", DAZHOU, ("第二章 总体要求", "第三节 发展目标"), "dazhou-2021-kjcx"
)
LZ_BASIS = prose(
    "创新主体不断发展。实施科技型企业培育行动，建成高新技术企业12家，国家科技型中小企业16家，数量居全市前列。",
    LIZHOU,
    ("一、发展态势", "（一）发展基础"),
    "lizhou-2021-kjcx-zscq",
)
LZ_GOAL = prose(
    "规模以上企业拥有研发机构比例不低于50％，国家高新技术企业20家以上，科技型中小企业突破50家。",
    LIZHOU,
    ("二、总体要求", "（三）主要目标"),
    "lizhou-2021-kjcx-zscq",
)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("十四五末达州高新技术企业目标是多少", ("2025",)),
        ("“十四五”期间要新培养多少名技术经纪人", ("2025",)),
        ("到2025年研发投入强度", ("2025",)),
        ("“十三五”末是多少，规划要提到多少？", ("2020",)),
        ("2020年和2035年", ("2020", "2035")),
        ("远景目标", ("2035",)),
        ("What is the target by 2025?", ("2025",)),
    ],
)
def test_periods_are_read_as_years(text, years):
    assert years_named(text) == years


def test_numbers_are_dated_by_their_sentence_or_their_section():
    text = DZ_BASIS.text
    assert period_of_number(text, text.index("0.7"), DZ_BASIS.heading_path) == ("2020", "baseline")
    assert period_of_number("由“十二五”末的48%提高到58%", 14) == (None, None)  # 58 is not 2015's
    assert period_of_number(LZ_BASIS.text, LZ_BASIS.text.index("12"), LZ_BASIS.heading_path) == (None, "baseline")
    assert period_of_number(LZ_GOAL.text, LZ_GOAL.text.index("20"), LZ_GOAL.heading_path) == (None, "target")
    assert period_of_number("全市现有科技企业孵化器 15 家", 10) == ("2020", "baseline")


def test_dazhou_table_pair(rows):
    dz, _ = rows
    assert verify("十四五末达州高新技术企业目标是400家[1]。", [dz]).ok
    wrong = verify("十四五末达州高新技术企业目标是94家[1]。", [dz])
    assert not wrong.ok
    assert str(wrong.problems[0]) == (
        "unsupported: 94家 is another period's value in the context, not 2025's: 「十四五末达州高新技术企业目标是94家。」"
    )
    assert verify("“十三五”末达州有高新技术企业94家[1]。", [dz]).ok
    assert not verify("“十三五”末达州有高新技术企业400家[1]。", [dz]).ok
    assert not verify("达州高新技术企业的目标是94家[1]。", [dz]).ok  # 目标 without a year: a target column
    assert not verify("达州现有高新技术企业400家[1]。", [dz]).ok  # 现有: the baseline column


def test_lizhou_table_pair(rows):
    _, lz = rows
    assert verify("到2025年，利州区高新技术企业达到20家[1]。", [lz]).ok
    assert not verify("到2025年，利州区高新技术企业达到12家[1]。", [lz]).ok
    assert verify("利州区远景目标是高新技术企业40家[1]。", [lz]).ok
    assert not verify("利州区2035年高新技术企业目标是20家[1]。", [lz]).ok


def test_dazhou_prose_pair():
    assert verify("2020年达州研发投入强度为0.7%[1]。", [DZ_BASIS]).ok
    assert not verify("十四五末达州研发投入强度要达到0.7%[1]。", [DZ_BASIS]).ok
    assert verify("十四五末达州研发投入强度力争达到1.5%[1]。", [DZ_GOAL]).ok
    assert not verify("“十三五”末达州研发投入强度为1.5%[1]。", [DZ_GOAL]).ok


def test_lizhou_prose_pair_dated_by_section():
    assert verify("利州区已建成高新技术企业12家[1]。", [LZ_BASIS]).ok
    assert not verify("到2025年利州区高新技术企业要达到12家[1]。", [LZ_BASIS]).ok
    assert verify("到2025年利州区国家高新技术企业要达到20家[1]。", [LZ_GOAL]).ok
    assert not verify("十三五末利州区有国家高新技术企业20家[1]。", [LZ_GOAL]).ok


def test_the_question_dates_a_sentence_that_names_no_period(rows):
    dz, _ = rows
    answer = "达州高新技术企业为94家[1]。"
    assert verify(answer, [dz]).ok  # no period anywhere: nothing to check against
    assert not verify(answer, [dz], question="十四五末达州高新技术企业有多少家？").ok
    assert verify(answer, [dz], question="十三五末达州高新技术企业有多少家？").ok


@pytest.mark.parametrize(
    ("question", "past"),
    [
        ("“十三五”这几年利州科技管理改得咋样了哦？", True),
        ("回顾“十三五”，两地在研发投入上分别取得了什么成绩？", True),
        # a year alone: the tables give the 2020 column in the target sections
        ("利州区高价值发明专利2020年有多少件？", False),
        # a target asked too: the target sections answer it
        ("达州科技进步贡献率十三五末是多少，规划要提到多少？", False),
        ("十三五期间高新技术企业有多少家，到2025年要达到多少？", False),
        ("这几年利州研发投入涨得快不快？", False),  # no period named
    ],
)
def test_a_question_about_the_last_period_alone(question, past):

    assert asks_past(question) is past


def test_the_sections_on_the_last_period():
    from answer.period import in_baseline_section

    assert in_baseline_section(("第一章 规划背景", "第一节 发展基础"))
    assert in_baseline_section(("一、发展态势", "（一）发展基础"))
    assert not in_baseline_section(("第二章 总体要求", "第三节 发展目标"))


def test_the_last_period_is_answered_from_the_sections_on_it(real_qa):
    """dev26 u4825 was answered with the plan's measures for its own period; the indicator tables stay (their 2020
    column is 十三五末)."""
    a = real_qa.ask("“十三五”这几年利州科技管理改得咋样了哦？")
    assert "更具活力" in a.text
    assert all("发展基础" in " ".join(h.chunk.heading_path) or h.chunk.kind == "table" for h in a.retrieved)
    c = real_qa.ask("利州十三五末R&D投入强度是多少？")
    assert "1.09" in c.text


def test_the_13th_five_year_period_in_english_is_the_last_period():
    """`During the 13th Five-Year period` (dev26 u4912) names 十三五 as `the 13th Five-Year Plan` does."""
    from index.query import with_chinese_terms

    terms = with_chinese_terms("During the 13th Five-Year period, how many postgraduates did Lizhou bring in?")
    assert "十三五" in terms and asks_past(terms)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("达州高新技术企业20年的底数是好多家？", "达州高新技术企业2020年的底数是好多家？"),
        ("25年要到好多", "2025年要到好多"),
        ("20年，利州有多少", "2020年，利州有多少"),
        ("2020年的数", "2020年的数"),  # already four digits
        ("我们厂成立20年了", "我们厂成立20年了"),  # years counted, not a year
        ("有20年的历史", "有20年的历史"),
        ("用20年时间", "用20年时间"),
        ("20年来", "20年来"),
        ("第20年", "第20年"),
        ("1.5年", "1.5年"),
        ("45年的值", "45年的值"),  # no year of these plans
    ],
)
def test_two_digit_years_as_people_write_them(text, expected):
    assert full_years(text) == expected


def test_a_span_of_years_is_a_period_named_by_its_end():

    assert years_named("How many patent grants did Lizhou report for 2016-2020?") == ("2020",)
    assert years_named("2016至2020年建了几个平台") == ("2020",)
    assert years_named("安徽工业互联网行动计划(2021—2023年)要培育多少家平台") == ("2023",)
    assert years_named("2020年和2025年分别是多少") == ("2020", "2025")  # two years, no span
    # the last period named by its years asks about it; a span of targets or a target asked does not
    assert asks_past("How many patent grants and how many major scientific results did Lizhou report for 2016-2020?")
    assert not asks_past("What was the target for 2016-2020?")
    assert not asks_past("2021-2025年要建多少个平台？")
