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


def lexical_query(query: str) -> str:
    """The form of a question that BM25 searches (English phrases get their Chinese plan terms)."""
    return with_chinese_terms(query)
