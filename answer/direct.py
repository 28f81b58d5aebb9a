"""The direct answer that goes first: the number, the list, or the yes/no the question asks for, cut from the best
evidence sentence (extractive: every word is the plan's, cited to it).

    direct_line("达州十四五期间要新培养多少名技术经纪人", "…培养力度，培养本土技术经纪人100名。", cover)
    -> "培养本土技术经纪人100名"
    direct_line("北京数据专区一般分哪几种类型", "…的统称，一般分为领域类、区域类及综合基础类三种类型。", cover)
    -> "一般分为领域类、区域类及综合基础类三种类型"
    direct_line("数据能不能拿去卖？", "…不得以营利为目的对原始数据以任何形式进行交易。", cover)
    -> "不能。不得以营利为目的对原始数据以任何形式进行交易"
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The form of a question, by how it asks (checked in this order).
_DEFINITION = re.compile(
    r"什么是|是什么意思|啥意思|什么意思|是指什么|指的是什么|到底是个?啥|是个啥|是啥|定义|what is|what are"
)
_LIST = re.compile(r"哪几|哪些|几种|几类|几条|几项|几方面|几大|分为|分成|包括什么|包含什么|由哪|有什么类型|有哪|which")
_NUMBER = re.compile(r"多少|几[个家件名项所次人座年倍分]|比重|占比|强度|how many|how much|what share|what percentage")
# Yes/no questions and the word the answer repeats: 有没有 -> 有, 会不会 -> 会, 能不能/能…吗 -> 能, 是不是/是…吗 -> 是.
_YES_NO = (
    (re.compile(r"有没有|有无|有.{0,20}吗|有.{0,12}不[？?]?$"), "有"),
    (re.compile(r"会不会|会.{0,20}吗"), "会"),
    (re.compile(r"能不能|可不可以|能否|可否|能.{0,20}吗|可以.{0,20}吗|能.{0,12}不[？?]?$"), "能"),
    (re.compile(r"是不是|是否|是.{0,20}吗|吗[？?]?$"), "是"),
)
# The clause of a definition: `数据专区…是指…的统称` -> from the subject on.
_DEFINES = re.compile(r"是指|指的是|所称[^，。]{0,20}，?是|是[^，。]{2,60}的统称")
# The part of a sentence that enumerates: after 分为/包括/主要有/由…组成, or a run of items joined by 、.
_ENUMERATES = re.compile(r"(?:一般)?(?:分为|分成|划分为|包括|包含|主要有|涵盖|由)")
_NEGATIVE = re.compile(r"不得|禁止|严禁|不能|不予|不准|不允许")
_CLAUSE = re.compile(r"[^，,；;。：:！？!?]+")


def question_form(question: str) -> str:
    """`definition`, `list`, `number`, `yesno` or `other`."""
    q = question.lower()
    if _DEFINITION.search(q):
        return "definition"
    if _LIST.search(q):
        return "list"
    if _NUMBER.search(q):
        return "number"
    if any(p.search(q) for p, _ in _YES_NO):
        return "yesno"
    return "other"


def _clauses(sentence: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.findall(sentence) if c.strip()]


def direct_line(question: str, sentence: str, cover: Callable[[str], float]) -> str | None:
    """The short answer cut from `sentence` (the best evidence), or None when the sentence itself is the answer.

    `cover(text)`: the share of the question's weighted terms that `text` holds (EvidenceScorer.coverage)."""
    form = question_form(question)
    clauses = _clauses(sentence)
    if not clauses or form == "other":
        return None
    if form == "definition":
        m = _DEFINES.search(sentence)
        if not m:
            return None
        start = max((sentence.rfind(p, 0, m.start()) for p in "。；;"), default=-1) + 1
        return sentence[start:].rstrip("。；; ")
    if form == "list":
        for c in clauses:
            if _ENUMERATES.search(c) and ("、" in c or "和" in c or "及" in c):
                return c
        items = [c for c in clauses if c.count("、") >= 2]
        return max(items, key=cover) if items else None
    if form == "number":
        with_number = [c for c in clauses if re.search(r"[0-9０-９]|[一二三四五六七八九十百千]+[个家件名项所次倍]", c)]
        if not with_number:
            return None
        best = max(with_number, key=lambda c: (cover(c), -clauses.index(c)))
        return best
    # yes/no: the word the question asks with, negated when the passage forbids; then the clause that says so
    word = next(w for p, w in _YES_NO if p.search(question))
    best = max(clauses, key=lambda c: (cover(c), -clauses.index(c)))
    negative = next((c for c in clauses if _NEGATIVE.search(c) and cover(c) > 0), None)
    if negative:
        return f"不{word}。{negative}" if word != "有" else f"没有。{negative}"
    return f"{word}。{best}"
