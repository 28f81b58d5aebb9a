"""Query preparation for the lexical side: English questions get the Chinese plan terms they name."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Protocol

from index.bilingual import cedict
from index.sparse import jieba_tokenize, stop_words
from index.thesaurus import synonyms
from plantext import in_english

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


class Vocabulary(Protocol):
    """What the index knows of a word: whether any passage holds it, and its idf (index/sparse.py)."""

    def knows(self, token: str) -> bool: ...

    def idf(self, token: str) -> float: ...


_FUNCTION_WORDS_FILE = Path(__file__).with_name("en_function_words.txt")


@cache
def _function_words() -> frozenset[str]:
    """English function words, skipped in dictionary look-ups (how many -> 若干 is noise): the English stop words
    BM25 already drops (stopwords.txt) and the further ones of en_function_words.txt."""
    lines = _FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    more = {w for line in lines if not line.startswith("#") for w in line.split()}
    return frozenset({w for w in stop_words() if w.isascii() and w.isalpha()} | more)


_YEAR = re.compile(r"(?:19|20)\d\d")
MAX_PHRASE = 3  # dictionary phrases of up to three words are tried, longest first (action plan -> 行动计划)
# An English word keeps at most its MAX_SENSES translations the plans use most (work -> 工作, 办公). Swept with
# --llm none: 1 / 2 / 3 give dev2 0.785 / 0.785 / 0.769 and dev3 (validation) 0.744 / 0.752 / 0.752.
MAX_SENSES = 2


def _dictionary_terms(words: list[str], vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """Chinese words for the English words the glossary left, from CC-CEDICT (index/bilingual.py), and the words
    left untranslated.

    A translation is kept only when the index holds it and, of several, the MAX_SENSES with the lowest idf: the
    sense the plans use most is the likely one (publish -> 发布, 印发). Function words are dropped, and so is the
    word after `how` (how large, how long: it asks for a quantity, it is not what is asked about). Numbers and
    acronyms stay untranslated, as they are."""
    dictionary = cedict()
    if dictionary is not None:
        # a hyphenated compound the dictionary lacks is read as its words (digital-transformation, new-capability)
        words = [p for w in words for p in (w.split("-") if "-" in w.strip("-") and w not in dictionary else [w]) if p]
    terms: list[str] = []
    left: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _function_words() or len(word) == 1 or (i and words[i - 1] == "how"):
            i += 1
            continue
        if _YEAR.fullmatch(word):  # for 2030 -> 2030年, as the plans and the detail check (answer/detail.py) write it
            terms.append(f"{word}年")
            i += 1
            continue
        if not word.isalpha() or dictionary is None:
            left.append(word)
            i += 1
            continue
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            key = dictionary.lemma(phrase)  # as held, or permits -> permit; base stations -> base station
            known = [w for w in dictionary.words(key) if len(w) > 1 and vocabulary.knows(w)] if key else []
            if known:
                terms += sorted(known, key=lambda w: (vocabulary.idf(w), w))[:MAX_SENSES]
                i += n
                break
        else:
            left.append(word)
            i += 1
    return terms, left


def with_chinese_terms(query: str, vocabulary: Vocabulary | None = None) -> str:
    """`"How many patents were granted in Lizhou District?"` -> `多少 专利 授权 利州区 how were in`.

    English phrases found in the glossary are replaced by their Chinese terms (longest first, on word
    boundaries); the words left over stay, so numbers and acronyms still match. With `vocabulary` (the index's),
    the content words the glossary does not hold are looked up in CC-CEDICT and replaced by their translations the
    index knows (foreigners … work permits -> 外国人 工作 许可), and function words are dropped: what stays in
    English is what no plan word translates, and the evidence scorer counts it as an unknown word
    (answer/evidence.py). Chinese text is unchanged.
    """
    if not _LATIN.search(query):
        return query
    chinese = "".join(ch for ch in query if not ch.isascii())
    rest = " " + re.sub(r"[^a-z0-9&\-]+", " ", query.lower()) + " "
    terms = []
    for en, zh in glossary():
        # a phrase's plural too (high-tech zones -> 高新区); a single word's is the dictionary's business, with its
        # senses (areas -> 领域, not the glossary's area -> 面积)
        plurals = (f" {en}s ", f" {en}es ") if " " in en else ()
        for needle in (f" {en} ", *plurals):
            while needle in rest:
                terms.append(zh)
                rest = rest.replace(needle, " | ", 1)  # | : no dictionary phrase spans a glossary term
    left: list[str] = []
    for segment in rest.split("|"):
        if vocabulary is None:
            left += segment.split()
            continue
        found, untranslated = _dictionary_terms(segment.split(), vocabulary)
        terms += found
        left += untranslated
    if not terms:
        return query
    return " ".join([chinese, *terms, *left]).strip()


# A question for what a term means. Policy texts define a term with 是指 or 所称 (`本办法所称政务数据，是指…`,
# `数据专区…是指…的统称`), words the question does not use (`数据专区到底是个啥`), so they are added to its lexical
# query: the defining sentence then outranks the sentences that merely use the term. Measured on the user_qa dev
# split (BENCHMARKS.md). A regulation also defines a class by what it admits (`可以提供给所有自然人…的政务数据，列入
# 无条件开放类`), and a plan an abbreviation with 简称 or 称为 (CLASS_MARKERS): with them too, dev4 0.758 -> 0.766
# (u915), dev, dev2, dev5, validation dev3 (0.792), offtopic_dev/dev2 and eval/qa.jsonl unchanged. Chinese questions
# only: in English `what is/are` opens most questions (What is Dazhou's target…), and 列入, a common word, then
# pulled other sentences (an English deadline question of my own lost its 规划未提及具体时间).
DEFINITION_QUESTION = re.compile(
    r"什么是|是什么意思|啥意思|什么意思|是指什么|指的是什么|是个?啥|是什么[？?]?$|定义|含义|what (?:is|are|does) "
)
DEFINITION_MARKERS = "是指 所称"
CLASS_MARKERS = "列入 简称 称为"
# …but a question for the items of a list (`数据专区的几条基本原则是什么`, dev2 u329) ends in 是什么 too: it wants the
# listed items, which are not written with 是指.
LIST_QUESTION = re.compile(r"哪几|哪些|几条|几项|几类|几种|几方面|几大")
# A question for the part of a document that treats something (讲数据安全保障的是第几章, which chapter covers…): the
# words that ask for the part are no topic (部分 is a rare word of the plans, and would pull passages that use it),
# so they are left out of its lexical query; answer/answerer.py answers it with the heading (`_which_part`).
PART_QUESTION = re.compile(r"(?:第几|哪一|哪个|哪)(章|节|条|部分|篇)|\bwhich (chapter|section|article|part)\b", re.I)


def without_part(question: str) -> str:
    """The question without the words that ask for a part (`达州规划第几章讲组织保障` -> `达州规划 讲组织保障`)."""
    return PART_QUESTION.sub(" ", question)


# A Chinese word no plan holds gets at most MAX_SYNONYMS of its thesaurus synonyms the plans hold, those the plans use
# most (lowest idf), as an English word gets MAX_SENSES translations.
MAX_SYNONYMS = 2


def known_synonyms(word: str, vocabulary: Vocabulary) -> list[str]:
    """The plans' words for a Chinese word of two or more characters no plan holds (`噪音` -> [噪声]; `看病` ->
    [医疗, 就医] when the plans hold them), from the thesaurus (index/thesaurus.py); [] for a word the plans hold, or
    one the thesaurus lacks."""
    if len(word) < 2 or word.isascii() or vocabulary.knows(word):
        return []
    known = [s for s in synonyms(word) if vocabulary.knows(s)]
    return sorted(known, key=lambda s: (vocabulary.idf(s), s))[:MAX_SYNONYMS]


def with_synonyms(query: str, vocabulary: Vocabulary | None) -> str:
    """A Chinese question with its words no plan holds replaced by their synonyms the plans hold (`工地噪音大` ->
    `工地 噪声 大`), as an English word is by its translations: the user's word matches no passage, and would count
    against every passage's coverage of the question (answer/evidence.py)."""
    if vocabulary is None or in_english(query):
        return query  # an English question's words are the glossary's and the dictionary's business
    tokens = list(dict.fromkeys(jieba_tokenize(query)))  # in the question's order: the same result every run
    # a word, not a piece of a longer one the search cut also gives (老师 of 老师傅, which is no teacher)
    words = [t for t in tokens if not any(t in longer and t != longer for longer in tokens)]
    found = {t: s for t in words if (s := known_synonyms(t, vocabulary))}
    for word in sorted(found, key=len, reverse=True):  # stable: words of one length in the question's order
        query = query.replace(word, f" {' '.join(found[word])} ")
    return query


# 规划 as the asker's pointer to the document (规划里有没有, 两个规划分别, 达州规划说): every passage is of a plan, so
# it names no topic, and a passage that says 规划 (the preamble's 知识产权规划 “十四五”时期…) matched it. Not in
# the words of a topic (规划实施, 规划纲要, 规划目标, 规划期), nor when the plan itself is asked about (这个科技创新规划
# 是管哪几年的, 规划自己是咋个总结的).
_PLAN_POINTER = re.compile(
    r"(?<!创新)(?<!产权)规划(?!实施|纲要|编制|评估|管理|建设|布局|引领|目标|体系|设计|研究|期|自己|本身)"
)


def lexical_query(query: str, vocabulary: Vocabulary | None = None) -> str:
    """The form of a question that BM25 searches: English phrases get their Chinese plan terms (with `vocabulary`,
    also their dictionary translations the index holds), Chinese words no plan holds their synonyms the plans hold,
    and a question for a definition gets the words that definitions are written with (`数据专区到底是个啥` -> `… 是指
    所称`)."""
    q = with_chinese_terms(_PLAN_POINTER.sub(" ", without_part(query)), vocabulary)
    if not in_english(query):
        q = with_synonyms(q, vocabulary)
    if DEFINITION_QUESTION.search(query.lower()) and not LIST_QUESTION.search(query):
        q = f"{q} {DEFINITION_MARKERS}" if in_english(query) else f"{q} {DEFINITION_MARKERS} {CLASS_MARKERS}"
    return q
