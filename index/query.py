"""Query preparation for the lexical side: English questions get the Chinese plan terms they name."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_GLOSSARY = Path(__file__).with_name("en_zh.tsv")
_LATIN = re.compile(r"[A-Za-z]{2,}")


@cache
def glossary() -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in _GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            en, zh = line.split("\t")
            pairs.append((en.strip().lower(), zh.strip()))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def with_chinese_terms(query: str) -> str:
    """`"How many patents were granted in Lizhou District?"` -> `多少 专利 授权 利州区 how were in`.

    English phrases found in the glossary are replaced by their Chinese terms (longest first, on word
    boundaries); the words left over stay, so numbers and acronyms still match. Chinese text is unchanged.
    """
    if not _LATIN.search(query):
        return query
    chinese = "".join(ch for ch in query if not ch.isascii())
    rest = " " + re.sub(r"[^a-z0-9&\-]+", " ", query.lower()) + " "
    terms = []
    for en, zh in glossary():
        needle = f" {en} "
        while needle in rest:
            terms.append(zh)
            rest = rest.replace(needle, " ", 1)
    if not terms:
        return query
    return " ".join([chinese, *terms, rest.strip()]).strip()


# A question for what a term means. Policy texts define a term with 是指 or 所称 (`本办法所称政务数据，是指…`,
# `数据专区…是指…的统称`), words the question does not use (`数据专区到底是个啥`), so they are added to its lexical
# query: the defining sentence then outranks the sentences that merely use the term. Measured on the user_qa dev
# split (BENCHMARKS.md).
DEFINITION_QUESTION = re.compile(
    r"什么是|是什么意思|啥意思|什么意思|是指什么|指的是什么|是个?啥|是什么[？?]?$|定义|含义|what (?:is|are|does) "
)
DEFINITION_MARKERS = "是指 所称"
# …but a question for the items of a list (`数据专区的几条基本原则是什么`, dev2 u329) ends in 是什么 too: it wants the
# listed items, which are not written with 是指.
LIST_QUESTION = re.compile(r"哪几|哪些|几条|几项|几类|几种|几方面|几大")


def lexical_query(query: str) -> str:
    """The form of a question that BM25 searches: English phrases get their Chinese plan terms, and a question
    for a definition gets the words that definitions are written with (`数据专区到底是个啥` -> `… 是指 所称`)."""
    q = with_chinese_terms(query)
    if DEFINITION_QUESTION.search(query.lower()) and not LIST_QUESTION.search(query):
        q = f"{q} {DEFINITION_MARKERS}"
    return q
