"""Chinese synonyms from 同义词词林扩展版 (HIT Cilin, extended): a user's everyday word to the plans' word.

Users do not write as plans do: 噪音 for the plans' 噪声, 看病 for 就医, 孩子 for 儿童, 打官司 for 诉讼. A word no
plan holds matches nothing in BM25 and counts against a passage's coverage of the question (answer/evidence.py), so
a question in plain words may be refused although the plan answers it. Cilin groups words of one sense into
synonym sets (a code ending in `=`; `#` marks related words of one kind, `@` a word alone). Read from the installed
`cilin` package's data file (its licence: MIT; the data: HIT-SCIR's Cilin extended, released for free use), as
index/bilingual.py reads CC-CEDICT.

Only `=` sets of the classes of what plans treat (TOPIC_CLASSES) are read, and only words of two or more
characters: single characters (看, 治, 子) stand in a set for one of their many senses. Which synonyms the plans
use is the index's business (index/query.py keeps those it knows); this module is only the thesaurus.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution

SYNONYM_SET = "="  # the code suffix of a set of synonyms (`#`: related words, `@`: a word with none)
MIN_CHARS = 2
# Cilin's classes of the subjects plans treat, whose words a user says in their own way: people (A), things (B),
# society and law (Di), economy (Dj: 补贴), culture and education (Dk), disease (Dl), institutions (Dm: 工厂), and the
# activities of government (Ha), administration (Hc), production (Hd), economy (He), transport (Hf), education,
# health and research (Hg: 看病), culture and sport (Hh) and justice (Hm: 打官司). Not the classes of how a question
# asks: time and space (C: 之前, 里头), features (E), quantities (Dn: 好多 -> 若干), matters, manners and intentions in
# general (Da 状态, Dd 样子, Df 打算), the mind (G), states (I), relations (J), function words (K, L); nor everyday
# and social acts, whose synonyms are other acts (Hj: 吃饭 -> 生活, 进去 -> 进入; Hi: 表述 -> 发表, 加入 -> 投入).
TOPIC_CLASSES = ("A", "B", "Di", "Dj", "Dk", "Dl", "Dm", "Ha", "Hc", "Hd", "He", "Hf", "Hg", "Hh", "Hm")
# …and not the set of totals (He16A01: 一共, 总共, 合计), which a count question asks with (`一共定了哪几条基本原则`).
ASKING_SETS = ("He16A01=",)


def _leaves(tree: dict, code: str = "") -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for key, branch in tree["sub"].items():
        if isinstance(branch, list):
            out.append((code + key, branch))
        else:
            out.extend(_leaves(branch, code + key))
    return out


def synonym_sets(tree: dict[str, dict]) -> dict[str, frozenset[str]]:
    """word -> the other words of its synonym sets (of two or more characters), from Cilin's tree."""
    out: dict[str, set[str]] = {}
    for top, branch in tree.items():
        for code, words in _leaves(branch, top):
            if not code.endswith(SYNONYM_SET) or not code.startswith(TOPIC_CLASSES) or code in ASKING_SETS:
                continue
            kept = {w for w in words if len(w) >= MIN_CHARS}
            for w in kept:
                out.setdefault(w, set()).update(kept - {w})
    return {w: frozenset(s) for w, s in out.items() if s}


@cache
def _thesaurus() -> dict[str, frozenset[str]]:
    try:
        path = distribution("cilin").locate_file("data/cilin_tree.json")
        tree = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    except (PackageNotFoundError, FileNotFoundError):
        return {}
    return synonym_sets(tree)


def synonyms(word: str) -> frozenset[str]:
    """The words Cilin gives as synonyms of `word` (`噪音` -> {噪声}); empty for a word it lacks or without the
    package. Loaded once, in about 0.3 s: `PlanQA.warm_up` does it before the first question."""
    return _thesaurus().get(word, frozenset())
