"""Which year a question, an answer sentence or a number in a plan belongs to: the baseline, the target or the
long-term value.

The plans give three kinds of value for one indicator: the baseline (基期, the end of the last period: 2020, written
十三五末, “十三五”期间, 现有 …), the target at the end of their period (2025: 十四五末, 到2025年, “十四五”期间) and
the long-term value (2035: 远景). A question names one of them in any of these forms; an answer must give the value
of that one (issue 12: a question about the end of 十四五 was answered with the 2020 value).

    years_named("十四五末达州高新技术企业目标是多少") -> ("2025",)
    years_named("“十三五”末和2035年") -> ("2020", "2035")
    year_of_number("“十三五”期间，全市高新技术企业达到94家。", 21) -> "2020"
"""

from __future__ import annotations

import re

# The end year of each five-year period: 十四五末 = 2025 is the target year of these plans, 十三五末 = 2020 their
# baseline (基期), 十二五末 = 2015 the baseline of the last period (the plans' 发展基础 sections cite it).
PERIOD_END = {"十二五": "2015", "十三五": "2020", "十四五": "2025", "十五五": "2030"}
BASELINE_YEAR = "2020"  # the plans' 基期: the 2020年指标值 column
TARGET_YEAR = "2025"  # the plans' target year: the 2025年目标值 column
LONG_TERM_YEAR = "2035"  # 二〇三五年远景目标

# A period as written: 十四五, “十四五”, 十四五末, “十四五”期间, 十三五时期, 十三五以来 (each means its end year).
PERIOD = re.compile(r"(十[二三四五]五)[”\"’」]*(?:末|期末|期间|时期|规划期|以来)?")
YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
# A year without 年, as English questions write it (`by 2025`); not part of a longer number or a decimal.
_BARE_YEAR = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})(?![0-9.%％])")
# A span of years (2016-2020, 2021—2025年, 2016至2020年, 2016 to 2020): a period, named by its end year as 十三五 is by
# 2020 (`How many patent grants did Lizhou report for 2016-2020?` was told 规划未规定2016、2020年的数值: dev34 u6192)
_YEAR_SPAN = re.compile(
    r"((?:19|20)[0-9]{2})\s*(?:年)?\s*(?:-|–|—|~|～|至|到|to|through)\s*((?:19|20)[0-9]{2})(?![0-9])"
)
_LONG_TERM = re.compile(r"远景|长远目标|二[〇○零]三五")
# Words that place a value at the baseline without naming a year: 现有 15 家, 目前已建成, 基期, 基数.
BASELINE_WORDS = re.compile(r"现有|现在|目前|已有|已建成|截至目前|基期|基数|现状")
# A year named relative to today (今年, 明年, 去年): the plans, written in 2021, give no value for it. A question for
# such a year's value is told so (answer/detail.py), never answered with the table's 2020 or 2025 column.
RELATIVE_YEAR = re.compile(r"今年|明年|去年|前年|后年|本年度|上一年|下一年")
# Words that make a question or an answer sentence about a target: 目标, 力争, 要达到, 到…年.
TARGET_WORDS = re.compile(r"目标|力争|要达到|将达到|到\s*(?:20[0-9]{2})\s*年|预期")
# A value that changed between the date and the number: `…末的48%提高到58%`, `从3家增加到`: the date is the old one's.
_CHANGED = re.compile(
    r"[0-9][^，,。；;]{0,12}?(?:提高|提升|增加|增长|上升|下降|减少|降低|扩大)(?:到|至)|增至|升至|降至"
)
# Sections whose undated numbers are baselines (发展基础 of both plans) or targets (发展目标, 主要目标).
_BASELINE_SECTION = re.compile(r"发展基础|发展现状|发展成效|发展成就|取得成效|工作基础")
_TARGET_SECTION = re.compile(r"发展目标|主要目标|总体目标|目标任务|预期目标")


# A year written with two digits, as people say it (`20年的底数是好多`, `25年要到好多`): 20 stands for 2020 in a
# question about these plans, unless it counts years. Years 10 to 39 only (2010–2039: the plans' 2015 to 2035),
# not after a word that counts (有, 满, 成立, 近, 第, 每 …: 成立20年了, 有20年的历史) nor before one that measures
# a span (了, 来, 内, 间, 左右, 前, 后, 多 …: 20年来, 用20年时间, 20年前).
_SHORT_YEAR = re.compile(
    r"(?<![0-9０-９.十百千几多两第每约近满有了过用花干做搞这那])(?<!成立)(?<!经营)(?<!将近)(?<!大约)"
    r"([1-3][0-9])年(?!了|来|内|间|时间|左右|以上|以下|前|后|以后|之后|以前|之前|多|里|历史|的历史|的时间|的经验|工龄)"
)


def full_years(text: str) -> str:
    """`达州高企20年的底数是好多家？` -> `达州高企2020年的底数是好多家？`; `我们厂成立20年了` is unchanged."""
    return _SHORT_YEAR.sub(r"20\1年", text)


def years_named(text: str) -> tuple[str, ...]:
    """Years the text names, in order, periods as their end year and 远景 as 2035; bare years only in Latin text."""
    latin = re.search(r"[A-Za-z]{2,}", text)
    text = _YEAR_SPAN.sub(r"\2", text)  # 2016-2020: the span's end, as a period is its end
    marks: list[tuple[int, str]] = [(m.start(), m.group(1)) for m in YEAR.finditer(text)]
    marks += [(m.start(), PERIOD_END[m.group(1)]) for m in PERIOD.finditer(text)]
    marks += [(m.start(), LONG_TERM_YEAR) for m in _LONG_TERM.finditer(text)]
    if latin:
        marks += [(m.start(), m.group(1)) for m in _BARE_YEAR.finditer(text)]
    return tuple(dict.fromkeys(y for _, y in sorted(marks)))


def period_of_number(text: str, at: int, heading_path: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """(year, role) of the number starting at `at`. The year is the nearest year, period or baseline word before it
    in its sentence (`2020 年，R&D 经费投入为 14.8 亿元，研发投入强度达到 0.7%`: 0.7 is 2020's), unless the sentence
    says the value changed on the way (`由“十二五”末的48%提高到58%`: 58 is not 2015's). An undated number in a
    section about the baseline (发展基础) or the targets (主要目标) takes that section's role:
    `建成高新技术企业12家` under 发展基础 -> (None, "baseline"). (None, None) when nothing dates it."""
    start = max((m.end() for m in re.finditer(r"[。！？；!?;\n]", text[:at])), default=0)
    before = text[start:at]
    marks: list[tuple[int, str]] = [(m.end(), m.group(1)) for m in YEAR.finditer(before)]
    marks += [(m.end(), PERIOD_END[m.group(1)]) for m in PERIOD.finditer(before)]
    marks += [(m.end(), LONG_TERM_YEAR) for m in _LONG_TERM.finditer(before)]
    marks += [(m.end(), BASELINE_YEAR) for m in BASELINE_WORDS.finditer(before)]
    if marks:
        end, year = max(marks)
        if not _CHANGED.search(before[end:]):
            return year, role(year)
        return None, None
    path = " ".join(heading_path)
    if _TARGET_SECTION.search(path):
        return None, "target"
    if _BASELINE_SECTION.search(path):
        return None, "baseline"
    return None, None


def role(year: str) -> str:
    """`baseline` (up to 2020), `target` (2021–2030) or `long-term` (2031 on), for these 十四五 plans."""
    y = int(year)
    if y <= int(BASELINE_YEAR):
        return "baseline"
    return "target" if y <= 2030 else "long-term"


# A question about the last period alone (“十三五”这几年…改得咋样了, 回顾“十三五”, during the 13th Five-Year Plan in its
# translation): the plans report it in their sections on it (发展基础) and nowhere else, so it is answered from them;
# not one that asks for a target too (十三五末是多少，规划要提到多少), which the target sections answer. An English
# question names the period by its years (for 2016-2020: dev34 u6192), read before its translation.
_TARGET_EN = re.compile(r"\btargets?\b|\bgoals?\b|\baims?\b|\bplanned\b")
_TO_COME = re.compile(r"要(?:提|达|增|升|实现|建成|搞到)|规划要|计划要")


def asks_past(text: str) -> bool:
    """Whether `text` asks about the last period only: it names a past period (十三五, 十二五), no other year and no
    target (TARGET_WORDS, 要提到…). A year alone (2020年) is not enough: the tables of the target sections give its
    values (利州区高价值发明专利2020年有多少件, dev3 u486)."""
    years = years_named(text)
    past = PERIOD.search(text) or _past_span(text)
    if not past or not years or any(role(y) != "baseline" for y in years):
        return False
    return not TARGET_WORDS.search(text) and not _TO_COME.search(text) and not _TARGET_EN.search(text.lower())


def _past_span(text: str) -> bool:
    """A span of years that ends at the baseline (2016-2020, 2016至2020年): the last period, named by its years."""
    return any(int(m.group(1)) < int(m.group(2)) and role(m.group(2)) == "baseline" for m in _YEAR_SPAN.finditer(text))


def in_baseline_section(heading_path: tuple[str, ...]) -> bool:
    """Whether a passage sits in a section about the baseline (第一节 发展基础, （一）发展基础)."""
    return bool(_BASELINE_SECTION.search(" ".join(heading_path)))
