"""Target questions answered from the indicator tables: exact values, units and years, cited to the table row.

The small LLM cannot be trusted with numbers (it answered 成都's target with 达州's number), so a question about a
指标 gets its values straight from the `Indicator` rows that ingestion read from the plan's table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from answer.detail import asked_unit, counts_in, same_unit
from answer.period import BASELINE_WORDS, BASELINE_YEAR, RELATIVE_YEAR, role, years_named
from ingest.schema import Chunk, Indicator
from plantext import char_bigrams, value_with_unit

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# Words that make a question ask for a value: 目标/指标/基期, how many, which year.
_TARGET_WORDS = re.compile(r"指标|目标|基期|多少|几|比例|比重|强度|达到|突破|是多少|\d{4}\s*年")
_MIN_MATCH = 0.75  # share of an indicator name's character bigrams that the question must contain
# In a comparison, when a plan has no row at _MIN_MATCH: rows down to this share count, if one plan's row holds at
# least COMPARED_ANCHOR and their units agree (IndicatorLookup.compared). Measured on the comparisons of dev, dev2,
# dev4 and dev5: rows of other indicators scored 0.09-0.20 (高新技术企业 for 技术经纪人, for 研发机构), the other
# plan's name for the same indicator 0.25-0.55 (技术市场合同成交额 for 技术合同交易额: 0.25).
COMPARED_MIN_MATCH = 0.25
COMPARED_ANCHOR = 0.5
_MIN_RUN = 5  # …or a run of at least this many characters of the name
_MIN_RUN_SHARE = 0.6  # …covering at least this share of it
# …or the whole name but one inner word of at most _MAX_GAP characters, at least _MIN_GAPPED characters left:
# users drop the middle word of a long name (研发投入强度 for 研发经费投入强度, 技术合同成交额 for 技术市场合同成交额,
# 高价值专利量 for 高价值发明专利量); at 6 a 7-character name keeps its qualifiers (科技型企业 is not 科技型中小企业).
_MAX_GAP = 2
_MIN_GAPPED = 6


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _bigrams(text: str) -> frozenset[str]:
    t = _flat(text)
    return char_bigrams(t) or frozenset({t})


def _without_inner_word(name: str, text: str) -> bool:
    """Whether `text` holds `name` with one inner piece of 1–_MAX_GAP characters left out (two or more characters
    on each side, _MIN_GAPPED or more in all): `研发投入强度` holds `研发经费投入强度` so."""
    for start in range(2, len(name) - 2):
        for gap in range(1, _MAX_GAP + 1):
            rest = name[:start] + name[start + gap :]
            if len(name) - start - gap >= 2 and len(rest) >= _MIN_GAPPED and rest in text:
                return True
    return False


def _name_match(name: str, question: str, question_bigrams: frozenset[str]) -> float:
    """How much of an indicator's name the question holds: the share of the name's bigrams it contains, or, when
    a qualifier is missing (`备案科技型中小企业数` for `科技型中小企业`), the longest run they share if that run is
    at least 5 characters and 60% of the name, or when an inner word is (`研发投入强度`, _without_inner_word)."""
    bigrams = _bigrams(name)
    share = len(bigrams & question_bigrams) / len(bigrams)
    a, b = _flat(name), _flat(question)
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    if (run >= _MIN_RUN and run / len(a) >= _MIN_RUN_SHARE) or _without_inner_word(a, b):
        return max(share, _MIN_MATCH)
    return share


# A question for the indicators a table counts in one unit (表1的指标里哪几项的计量单位是％, 哪些指标以家为单位,
# which indicators are measured in percent): the unit, from the table's own unit column, answers, not a value.
_UNIT_WORD = r"([%％‰]|百分比|百分数|[^\s，,。？?！!、的是为以按用计]{1,3}?)"
_UNIT_ASKED = re.compile(
    rf"(?:计量)?单位(?:都|均)?(?:是|为|用的?是?)\s*{_UNIT_WORD}(?=的|[\s，,。？?！!]|$)"
    rf"|以\s*[“\"‘']?{_UNIT_WORD}[”\"’']?\s*(?:为|作|做)(?:计量)?单位|(?:按|用)\s*{_UNIT_WORD}\s*(?:计|来计|计算|计量)"
)
_UNIT_ASKED_EN = re.compile(r"\b(?:measured|counted|expressed|given) in (percent(?:age)?s?|%)", re.I)
# which rows, or how many of them (以“家”为计量单位的两项指标…各是多少: the rows in that unit, dev32 u5836)
_WHICH_ROWS = re.compile(r"哪|[两二三四五六七八九几\d]\s*[项个]指标|\bwhich\b", re.I)
_UNIT_NAMES = {"百分比": "%", "百分数": "%", "percent": "%", "percentage": "%", "percents": "%", "percentages": "%"}


def unit_listed(question: str) -> str | None:
    """The unit a question asks the indicators of (`％` of 哪几项的计量单位是％), or None."""
    if not _WHICH_ROWS.search(question):
        return None
    m = _UNIT_ASKED.search(question) or _UNIT_ASKED_EN.search(question)
    if m is None:
        return None
    unit = next(g for g in m.groups() if g)
    return _UNIT_NAMES.get(unit.lower(), unit)


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    indicator: Indicator
    chunk: Chunk  # the table row's chunk, cited for every value
    match: float
    years: tuple[str, ...]  # the years the question asks for that the row has, in table order; all when none named

    def values_text(self) -> str:
        """`2020年 94家，2025年 400家`, and the row's note when it has one (`（注：＊为翻番指标）`: it explains a mark
        the row carries, which users ask about)."""
        ind = self.indicator
        text = "，".join(f"{year}年 {value_with_unit(ind.values[year], ind.unit)}" for year in self.years)
        return f"{text}（注：{ind.note}）" if ind.note else text


class IndicatorLookup:
    def __init__(self, indicators: Sequence[Indicator], chunks: Sequence[Chunk]):
        self.indicators = list(indicators)
        rows = [c for c in chunks if c.kind == "table"]
        # the table-row chunk of each indicator, found once (its span holds the indicator's row)
        self._chunk_of: dict[int, Chunk] = {}
        for i, ind in enumerate(self.indicators):
            found = next(
                (c for c in rows if c.doc_id == ind.doc_id and c.start <= ind.start and ind.end <= c.end), None
            )
            if found is not None:
                self._chunk_of[i] = found

    def name_match(self, chunk: Chunk, question: str) -> float:
        """How much of the name of the indicator in a table-row chunk the question holds (0 for other chunks)."""
        q = _bigrams(question)
        rows = [ind for i, ind in enumerate(self.indicators) if self._chunk_of.get(i) == chunk]
        return max((_name_match(ind.name, question, q) for ind in rows), default=0.0)

    def in_unit(self, unit: str, doc_ids: Sequence[str]) -> list[IndicatorMatch]:
        """Every row of the documents' tables counted in `unit`, in the order the tables give them, with all years."""
        out = []
        for i, ind in enumerate(self.indicators):
            chunk = self._chunk_of.get(i)
            if ind.doc_id in doc_ids and chunk is not None and same_unit(unit, ind.unit):
                out.append(IndicatorMatch(ind, chunk, 1.0, tuple(ind.values)))
        return sorted(out, key=lambda m: (m.indicator.doc_id, m.indicator.start))

    def compared(self, question: str, doc_ids: Sequence[str]) -> list[IndicatorMatch]:
        """The rows of a comparison (达州和利州…各是多少, 两个规划里…分别): one per document, as `find` gives them; when
        some document has none, each document's best row down to COMPARED_MIN_MATCH, if one of them holds at least
        COMPARED_ANCHOR of its name and all count in the same unit. The two plans name one indicator differently
        (技术市场合同成交额 / 技术合同登记交易额, both in 万元), and a comparison asks for the same one in each."""
        strict = self.find(question, doc_ids)
        if len(strict) >= len(doc_ids):
            return strict
        loose = self.find(question, doc_ids, min_match=COMPARED_MIN_MATCH)
        units = [m.indicator.unit for m in loose]
        agree = all(counts_in(a, b) for a in units for b in units)
        if len(loose) < len(doc_ids) or max(m.match for m in loose) < COMPARED_ANCHOR or not agree:
            return strict
        return loose

    def find(
        self,
        question: str,
        doc_ids: Sequence[str] | None = None,
        any_year: bool = False,
        min_match: float = _MIN_MATCH,
    ) -> list[IndicatorMatch]:
        """The best-matching indicator of each document (best first), when the question asks for a value.

        `利州区研发经费投入强度2020年是多少？` -> 研发经费投入强度 (利州区), years ("2020",).
        A row matches when the question holds most of the character bigrams of its name (高新技术企业数 ~ 高新技术企业).
        The years asked are those named and the end of the target period (十四五末 -> 2025); a row without any of
        them is left out, unless `any_year` (then it comes with all its years: what the plan gives instead of the
        2030 value asked for).
        """
        if not _TARGET_WORDS.search(question):
            return []
        if RELATIVE_YEAR.search(question) and not any_year:
            return []  # 今年有多少家了: no column is for this year
        q = _bigrams(question)
        asked = _YEAR.findall(question) + [y for y in years_named(question) if role(y) != "baseline"]
        baselines = [y for y in years_named(question) if role(y) == "baseline"]  # 十三五末 -> 2020, 十二五末 -> 2015
        baseline = BASELINE_WORDS.search(question) or baselines
        if asked and baseline:
            # 现在有多少…十四五末要到多少: the baseline too (a baseline alone keeps every year: 十三五末是多少，规划要…)
            asked.append(BASELINE_YEAR)
        best: dict[str, IndicatorMatch] = {}
        for i, ind in enumerate(self.indicators):
            if doc_ids and ind.doc_id not in doc_ids:
                continue
            score = _name_match(ind.name, question, q)
            if score < min_match:
                continue
            chunk = self._chunk_of.get(i)
            if chunk is None:
                continue
            if not counts_in(asked_unit(question), ind.unit):
                continue  # 一年报几次 is not answered by a row counted in 家
            years = tuple(y for y in ind.values if y in asked) or tuple(ind.values)
            if asked and not any(y in ind.values for y in asked) and not any_year:
                continue  # the question asks for a year this table does not have
            if baselines and not asked and not any(y in ind.values for y in baselines) and not any_year:
                continue  # a baseline the table does not have (十二五末 is 2015; its columns are 2020 and 2025)
            current = best.get(ind.doc_id)
            # prefer the fuller match, then the shorter name (高新技术企业 over 高新技术企业产值)
            if current is None or (score, -len(ind.name)) > (current.match, -len(current.indicator.name)):
                best[ind.doc_id] = IndicatorMatch(ind, chunk, score, years)
        return sorted(best.values(), key=lambda m: -m.match)
