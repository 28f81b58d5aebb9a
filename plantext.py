"""The rules of plan text, in one place: sentence ends, years and plan periods, numbers with units, width folding,
region names and the not-found phrase. Ingest, index, answer, match and eval import them from here.

Each rule is a named pattern with an example; a change here changes every stage at once (and the chunker's
version in ingest/chunk.py when sentence boundaries move).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# What PlanQA says when the plans hold no answer. Refusals and the LLM prompt use exactly this phrase.
NOT_FOUND = "规划中未找到相关内容"

# A sentence ends after 。！？； (or ! ? ;), optionally followed by closing quotes/brackets, or at a line end.
# Bracketed notes right after the end belong to the sentence they annotate: policy texts put the lead unit,
# the deadline or the points there (`…共享共用。（0.5分）（10月底完成，牵头考核单位：市民政局）`,
# `…清单。（省商务厅负责）`). Split off, such a note is a sentence without a subject that no question's topic
# finds, and the sentence loses the 负责/完成 that a "who is responsible" question needs. An enumeration marker
# (`。（二）推进…`) starts a new sentence, so it is not a note.
SENTENCE_STOPS = "。！？；!?;"
CLOSING_MARKS = "”’」』）)"
BRACKET_NOTE = re.compile(r"[（(](?![一二三四五六七八九十0-9]{1,3}[）)])[^（()）\n]{1,80}[）)]")
SENTENCE_END = re.compile(rf"[{SENTENCE_STOPS}][{CLOSING_MARKS}]*(?:{BRACKET_NOTE.pattern})*|\n")
# Where a clause ends inside a sentence (its stop ends the sentence): `说到产业链，达州想…，利州又想…？`.
CLAUSE_END = re.compile(r"[，,；;]")

# A year as plans write it: `2025年`, `2025 年`; group 1 is the year. (1900–2099: plan years, not amounts.)
# The words for a kind of document (规划, 办法, 意见 …): a line holding one can be a document's title
# (ingest/catalog.py), and in a title they name no topic (answer/scope.py).
DOC_KINDS = "规划|纲要|办法|意见|方案|计划|政策|措施|细则|规定|条例|指南|通知|决定"
YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# The title line of a notice that issues documents: `阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理
# 暂行办法》的通知`, `北京市经济和信息化局印发《…》的通知`. Group 1 is the issuer (its region is the document's),
# group 2 what is issued (the document's title). The notice's body sentence `《…》已经省政府同意，现印发给你们` is
# not a title line: it names the documents inside a sentence.
NOTICE_TITLE = re.compile(r"^(.{0,40}?)(?:关于)?印发([^。；！？]{4,120}?)的通知")
# A line of the document itself that can be its title: short, no sentence punctuation, a word for a kind of
# document (规划, 办法, 意见 …): `包头市2022年数字政府建设考评办法`, `关于推进北京市数据专区建设的指导意见`.
_OWN_TITLE_MAX = 60
_TITLE_WORDS = re.compile(DOC_KINDS)
_SENTENCE_MARKS = re.compile(r"[。，；：！？,;:]")
TITLE_HEAD_LINES = 20  # a document's title stands among its first lines


def title_line(text: str) -> str | None:
    """The line among a document's first lines that names it (ingest/catalog.py reads its title from it; a
    notice's 文号 answer quotes it): the title line of a notice that issues it, else the first short line without
    sentence punctuation that names a kind of document; None when no line does."""
    head = head_lines(text)
    notice = next((line for line in head if NOTICE_TITLE.search(line)), None)
    return notice or next((line for line in head if _own_title(line)), None)


def head_lines(text: str) -> list[str]:
    """The non-blank lines among a document's first TITLE_HEAD_LINES, stripped: where its title and issuer stand."""
    return [ln.strip() for ln in text.split("\n")[:TITLE_HEAD_LINES] if ln.strip()]


def _own_title(line: str) -> bool:
    return len(line) <= _OWN_TITLE_MAX and bool(_TITLE_WORDS.search(line)) and not _SENTENCE_MARKS.search(line)


# A year in a table header cell, where 年 is often left out: `2020`, `2025年`, `2035年目标`.
YEAR_CELL = re.compile(r"((?:19|20)\d\d)\s*年?")
# A span of years: `2021—2025年`, `2021-2023`, `2021至2025`; groups 1 and 2.
YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*[—\-－–~至]+\s*((?:19|20)\d\d)")
# Five-year plan periods and the years they span.
FIVE_YEAR_PLANS = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}

# A region name is a run of characters ending in an administrative suffix: 广元市利州区 -> 广元市, 利州区. 州 ends a
# part only when no 市/县/区 follows it (阿坝州, 凉山彝族自治州西昌市), since it is also part of names (达州市, 利州区).
REGION_PART = re.compile(r"[^省市县区盟旗]+?(?:省|市|县|区|盟|旗|州(?![市县区]))")


def split_spans(text: str, ends: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of text[start:end] cut after every match of `ends`, whitespace trimmed, empty pieces dropped:
    with SENTENCE_END, `"甲。乙；\\n丙"` -> [(0, 2), (2, 4), (5, 6)]."""
    end = len(text) if end is None else end
    cuts = [m.end() for m in ends.finditer(text, start, end)]
    if not cuts or cuts[-1] != end:
        cuts.append(end)
    out, pos = [], start
    for stop in cuts:
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos = stop
    return out


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Exact sentence spans of text[start:end], whitespace trimmed: `"甲。乙；\\n丙"` -> [(0, 2), (2, 4), (5, 6)]."""
    return split_spans(text, SENTENCE_END, start, end)


def fold(text: str) -> str:
    """The form in which text is matched: NFKC (full width → half width) and lowercase. `"Ｒ＆Ｄ投入" -> "r&d投入"`."""
    return unicodedata.normalize("NFKC", text).lower()


# R&D is 研发 (研究与试验发展) in the plans' own words: `全社会研究与试验发展（R&D）投入…` is a sentence on 研发投入,
# and the row `R&D 投入占 GDP 的比例` is the one on 研发投入 (the evidence scorer's coverage, the detail check's
# counted noun).
RD_ACRONYM = re.compile(r"[（(]?r\s*&\s*d[）)]?", re.I)


def char_bigrams(text: str) -> frozenset[str]:
    """The pairs of adjacent characters of `text` as given (each caller normalises first, its own way)."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def compact(text: str) -> str:
    """NFKC without whitespace, for containment checks: `"研发投入 超过 5％"` -> `"研发投入超过5%"`."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def in_english(question: str) -> bool:
    """An English question (`What is Dazhou's 2025 target?`): more Latin letters than Chinese characters, so that a
    plan term it quotes in Chinese (`Dazhou's "ten batches" (十个一批) programme`) leaves it English, while a Chinese
    question naming an acronym (`RCEP对安徽企业有啥好处`) stays Chinese. dev26 u4909 was judged as a Chinese question
    by the refusal model, on the cosine of its English words, and refused."""
    return len(_LATIN_LETTER.findall(question)) > len(CHINESE_CHAR.findall(question))


_LATIN_LETTER = re.compile(r"[A-Za-z]")
CHINESE_CHAR = re.compile(r"[\u4e00-\u9fff]")  # one Chinese character (CJK Unified Ideographs)


@cache
def name_pattern(name: str) -> re.Pattern[str]:
    """How a place name is found in a question: anywhere in Chinese; in English as a word of its own, in any case
    (Aba in `Aba prefecture` and `aba`, not in `database`)."""
    return re.compile(rf"\b{re.escape(name)}\b", re.I) if name.isascii() else re.compile(re.escape(name))


def region_parts(region: str) -> list[str]:
    """`"广元市利州区"` -> `["广元市", "利州区"]`; `"达州市"` -> `["达州市"]`."""
    return REGION_PART.findall(region)


def value_with_unit(value: str, unit: str) -> str:
    """`("400", "家")` -> `400家`, `("＞10", "％")` -> `＞10％`; a value without digits stays bare: `("—", "％")`
    -> `—`."""
    return f"{value}{unit}" if any(ch.isdigit() for ch in value) else value
