"""Which documents a question is about, and whether it names a place that no document covers.

Decided from the catalog, before retrieval and before any LLM: the small model cannot be trusted to refuse
成都's target when only 达州's is in context (ARCHITECTURE.md).

Places come in four relations to the corpus (answer/places.txt lists the counties and districts of the covered
regions):
- a plan's own region (达州, 利州区): the question is narrowed to that plan;
- foreign (成都, or 昭化区, a sibling of 利州区 in 广元市 with no plan of its own): out of scope;
- inside a covered region without a plan of its own (通川区 in 达州市): the city's plan applies to it, but the city's
  figures are not the district's, so a question for its own targets or counts is out of scope;
- a region only part of which is covered (广元市, when only 利州区 has a plan): likewise for its targets or counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from answer.direct import asks_number
from ingest.schema import DocMeta
from plantext import DOC_KINDS, in_english, name_pattern, region_parts

_PLACES = Path(__file__).with_name("places.txt")
_TRAD = Path(__file__).with_name("trad_simp.tsv")

# A question for a place's own figures: its targets, indicators, counts or rates, or any number it asks for
# (answer/direct.py, asks_number: `达川区…要到多少`). The city's figures are not a district's, so these are out of
# scope for a place inside (or only partly covered by) a plan's region. Questions about support (补助, 奖励, 政策 …)
# are not: a city's or province's measures apply to the places inside it.
OWN_FIGURES = re.compile(r"目标|指标|强度|比重|占比|增速|增长率|贡献率")
SUPPORT = re.compile(r"补助|补贴|补[多几]|奖励|奖补|资助|扶持|支持|政策|措施|申请|申报")
# The same two kinds of question in English (`How many high-tech enterprises does Tongchuan have?`).
OWN_FIGURES_EN = re.compile(
    r"\b(?:how (?:many|much)|targets?|indicators?|proportion|share|ratio|intensity|growth rate|rate)\b", re.I
)
SUPPORT_EN = re.compile(r"\b(?:subsid\w*|grants?|awards?|rewards?|support\w*|polic\w*|measures?|appl\w*)\b", re.I)


def asks_own_figures(question: str) -> bool:
    """A question for a place's own targets or counts (OWN_FIGURES), not for support measures (SUPPORT), which
    apply wherever the asker is; in English by the English words."""
    own, support = (OWN_FIGURES_EN, SUPPORT_EN) if in_english(question) else (OWN_FIGURES, SUPPORT)
    return bool(own.search(question) or asks_number(question)) and not support.search(question)


# A town (宝轮镇, 荣山镇) a question names: below the districts and counties of places.txt, so no plan here is its
# own, and a plan's figures are its region's, never a town's. Two characters and 镇; not a word for towns in general
# (乡镇, 城镇, 村镇, 集镇, 重镇, 市镇, 小镇, 古镇: the character before 镇 says it). 乡 and 街道 are left out: 城乡,
# 返乡, 下乡 and 转到街道 read as a place as often as not.
_TOWN = re.compile(r"[\u4e00-\u9fff]{2}(?<![乡城村集重市小古])镇")


def towns_named(question: str) -> tuple[str, ...]:
    """The towns `question` names (`宝轮镇自己有好多家高新技术企业？` -> ("宝轮镇",))."""
    return tuple(dict.fromkeys(m.group() for m in _TOWN.finditer(question)))


@dataclass(frozen=True, slots=True)
class Scope:
    doc_ids: tuple[str, ...]  # documents the question names; empty = not narrowed
    foreign: tuple[str, ...]  # places named that no document covers
    inside: tuple[str, ...] = ()  # places inside a covered region without a plan of their own (通川区)
    partial: tuple[str, ...] = ()  # regions named of which only a part has a plan (广元, when only 利州区 has one)
    within: tuple[str, ...] = ()  # the documents that cover `inside` and `partial` places (search there)
    beside: tuple[str, ...] = ()  # the `foreign` places that are siblings of a covered district (昭化区 by 利州区)

    @property
    def out_of_scope(self) -> bool:
        """Only other places are named: nothing in the corpus can answer it."""
        return bool(self.foreign) and not self.doc_ids

    def figures_not_covered(self, question: str) -> tuple[str, ...]:
        """The places whose own figures the question asks for although no plan gives them: a place inside a
        covered region or a partly covered one, named without any plan's own region, in a question for targets or
        counts (`达州市通川区2025年高新技术企业目标` -> ("通川区",)). Empty when the question can be answered."""
        if self.doc_ids or not (self.inside or self.partial) or not asks_own_figures(question):
            return ()
        return self.inside + self.partial

    def foreign_beside(self, question: str) -> tuple[str, ...]:
        """The places no document covers that a question for targets or counts names beside a covered one
        (`绵阳2020年的研发投入强度是多少，和达州的比呢` -> ("绵阳",)); empty for support questions, which a plan's
        measures answer wherever the asker is."""
        return self.foreign if self.doc_ids and self.foreign and asks_own_figures(question) else ()

    @property
    def search_docs(self) -> tuple[str, ...]:
        return self.doc_ids or self.within


def longest_first(name: str) -> tuple[int, str]:
    """Longest first, then in character order: never in a set's order, which changes from one process to the next
    (the places a refusal names were listed 万州、重庆 in one run and 重庆、万州 in another)."""
    return -len(name), name


@cache
def gazetteer() -> tuple[str, ...]:
    names = []
    for line in _PLACES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and ":" not in line:
            names.extend(line.split())
    return tuple(sorted(set(names), key=longest_first))


@cache
def subdivisions() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Parent region -> its children, each as its names (full name first): `达州市` -> (("通川区", "通川"), …)."""
    out = {}
    for line in _PLACES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        parent, children = line.split(":", 1)
        out[parent.strip()] = tuple(tuple(c.split("/")) for c in children.split())
    return out


def place_forms(place: str) -> tuple[str, ...]:
    """Every name places.txt gives a county or district, full name first (`达尔罕茂明安联合旗` -> (…, `达茂旗`));
    `(place,)` for a place it does not list as one."""
    for children in subdivisions().values():
        for forms in children:
            if place in forms:
                return forms
    return (place,)


@cache
def known_places() -> tuple[str, ...]:
    """Every place name places.txt holds, longest first: the gazetteer's and each county's or district's (full and
    short forms), whether or not a document covers it."""
    names = set(gazetteer())
    for children in subdivisions().values():
        names.update(n for forms in children for n in forms)
    return tuple(sorted(names, key=longest_first))


@cache
def _trad_table() -> dict[int, str]:
    pairs = {}
    for line in _TRAD.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            pairs[ord(trad)] = simp
    return pairs


def to_simplified(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Traditional characters folded to simplified, except those in `keep` (the characters the plans themselves
    use, so a simplified question never changes): `達州2025年高新技術企業目標` -> `达州2025年高新技术企业目标`."""
    table = _trad_table()
    if not any(ord(ch) in table for ch in text):
        return text
    return "".join(ch if ch in keep else table.get(ord(ch), ch) for ch in text)


def doc_names(meta: DocMeta) -> set[str]:
    """Every name a question may use for the document's region: `广元市利州区` -> 利州区, 利州 …"""
    names = {meta.region, *meta.aliases}
    for part in region_parts(meta.region):
        names.add(part)
        if len(part) > 2:
            names.add(part[:-1])
    return {n for n in names if n and len(n) >= 2}


def _says(text: str, name: str) -> bool:
    """`text` names the place `name` (plantext.name_pattern: in English as a word of its own)."""
    return name_pattern(name).search(text) is not None


def _names(place: str) -> set[str]:
    """A region part and its short form: `达州市` -> {达州市, 达州}; `渠县` -> {渠县} (one character is too short)."""
    return {place, place[:-1]} if len(place) > 2 else {place}


def resolve_scope(question: str, docs: dict[str, DocMeta], english: Mapping[str, str] | None = None) -> Scope:
    """The documents and places a question names. `english`: English place names and the Chinese places they name
    (index.bilingual.english_place_names): `Chengdu` is read as 成都, `Tongchuan` as 通川."""
    rest = question
    if named := [zh for en, zh in (english or {}).items() if _says(question, en)]:
        rest = " ".join([question, *named])
    inside: list[str] = []
    partial: list[str] = []
    within: list[str] = []
    foreign: list[str] = []
    beside: list[str] = []
    own = {doc_id: doc_names(meta) for doc_id, meta in docs.items()}
    everything_named = {n for names in own.values() for n in names}
    known_children: list[str] = []  # children of covered regions: never foreign by the gazetteer
    # counties and districts first, with the city written before them (达州市通川区): the city then qualifies the
    # district and does not name the city's plan
    for parent, children in subdivisions().items():
        covering = [d for d, m in docs.items() if region_parts(m.region)[-1:] == [parent]]
        part_docs = [d for d, m in docs.items() if parent in region_parts(m.region)[:-1]]
        if covering or part_docs:
            known_children += [n for names in children for n in names]
        for names in children:
            if names[0] in everything_named:
                continue  # 利州区: a plan's own region
            found = next((n for n in names if n in rest), None)
            if found is None or not (covering or part_docs):
                continue
            qualifier = "|".join(re.escape(p) for p in sorted(_names(parent), key=len, reverse=True))
            rest = re.sub(rf"(?:{qualifier})?{re.escape(found)}", " ", rest)
            if covering:
                inside.append(names[0])
                within += [d for d in covering if d not in within]
            elif part_docs:
                foreign.append(names[0])  # a sibling of the covered district
                beside.append(names[0])
    named = []
    for doc_id, meta in docs.items():
        # the most specific name counts: 利州区's region 广元市利州区 also contains 广元
        names = own[doc_id] - _parents(meta)
        if any(_says(rest, n) for n in names):
            named.append(doc_id)
    named = _by_title(rest, named, docs)
    for doc_id, meta in docs.items():
        if doc_id in named:
            continue
        for parent in _enclosing(meta):
            if any(n in rest for n in _names(parent)) and not any(d in named for d in _docs_under(parent, docs)):
                if parent not in partial:
                    partial.append(parent)
                within += [d for d in _docs_under(parent, docs) if d not in within]
    covered = " ".join(n for m in docs.values() for n in (*doc_names(m), m.title, *_enclosing(m)))
    covered += " " + " ".join(known_children)
    for place in gazetteer():
        if place in rest and place not in covered:
            foreign.append(place)
            rest = rest.replace(place, " ")
    if not (named or foreign or inside or partial):
        named = _titled(rest, docs)  # no place named: perhaps a document by its title's own words
    return Scope(tuple(named), tuple(foreign), tuple(inside), tuple(partial), tuple(within), tuple(beside))


# Several documents of one region (安徽省's two policies): a question that quotes at least this many characters of
# one title in a row is about that one (`安徽工业互联网行动计划…` -> the 工业互联网 policies, not the RCEP opinions).
TITLE_MATCH_CHARS = 4


def _by_title(question: str, named: list[str], docs: dict[str, DocMeta]) -> list[str]:
    """Of several named documents of one region, those whose titles the question quotes best, when that singles
    some out. Documents of different regions (a comparison of 达州 and 利州区) all stay."""
    out = []
    for region in dict.fromkeys(docs[d].region for d in named):
        group = [d for d in named if docs[d].region == region]
        runs = {d: _common_run(question, _without_region(docs[d])) for d in group}
        best = max(runs.values())
        out += group if len(group) < 2 or best < TITLE_MATCH_CHARS else [d for d in group if runs[d] == best]
    return [d for d in named if d in out]


def _titled(question: str, docs: dict[str, DocMeta]) -> list[str]:
    """The one document a question that names no place quotes by its title's own words (`RCEP意见里…`,
    `数字政府建设考评…`): at least TITLE_MATCH_CHARS characters in a row of its title, none of whose character pairs
    another title holds (科技创新, 规划, 意见 are the titles' common words), and more than of any other title."""
    titles = _distinctive(tuple((d, _without_region(m)) for d, m in docs.items()))
    runs = {d: _common_run(question, title) for d, title in titles}
    best = max(runs.values(), default=0)
    top = [d for d, run in runs.items() if run == best]
    return top if best >= TITLE_MATCH_CHARS and len(top) == 1 else []


# What kind of document a title names (行动计划, 实施意见, 暂行办法, 规划: plantext.DOC_KINDS, the words the catalog
# reads titles by): no topic, though in a small catalog only one
# title may say 行动计划. `两个规划都提了全民科学素质行动计划` (dev17 u3445) had been confined to 安徽's 工业互联网
# 行动计划 and answered from it.
_GENRE = re.compile(rf"(?:行动|实施|指导|暂行)?(?:{DOC_KINDS})")


@lru_cache(maxsize=4)  # one entry per catalog: it changes only when documents are added
def _distinctive(titles: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Each document's title (without its region's names) with every character that only pairs held by other
    titles cover replaced by a space, and so are digits and marks (a title's years, `(2021—2025年)`, are no topic).
    Computed once per catalog, not per question."""
    out = []
    for doc_id, own in titles:
        title = "".join(ch if ch.isalpha() else " " for ch in _GENRE.sub(" ", own))
        others = " ".join(t for d, t in titles if d != doc_id)
        keep = [False] * len(title)
        for i in range(len(title) - 1):
            if title[i : i + 2] not in others and " " not in title[i : i + 2]:
                keep[i] = keep[i + 1] = True
        out.append((doc_id, "".join(ch if k else " " for ch, k in zip(title, keep, strict=True))))
    return tuple(out)


def _without_region(meta: DocMeta) -> str:
    title = meta.title
    for name in sorted(doc_names(meta), key=longest_first):
        title = title.replace(name, " ")
    return title


def _common_run(a: str, b: str) -> int:
    """Length of the longest run of characters that a and b share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _docs_under(parent: str, docs: dict[str, DocMeta]) -> list[str]:
    return [d for d, m in docs.items() if parent in region_parts(m.region) or parent in _enclosing(m)]


def _enclosing(meta: DocMeta) -> list[str]:
    """The regions around a document's own: the parts of its region before the last (广元市 of 广元市利州区) and its
    province (四川省 of 达州市, from the catalog). 四川 is then a region only partly covered, not a foreign place."""
    parts = region_parts(meta.region)[:-1]
    return [*parts, meta.province] if meta.province and meta.province not in parts else parts


def _parents(meta: DocMeta) -> set[str]:
    """Enclosing regions of a document (广元 for 广元市利州区, 四川 for 达州市): naming them is not naming it."""
    out = set()
    for p in _enclosing(meta):
        out |= {p, p[:-1]}
    return out
