"""The plans' words for the words users ask with, learned from questions and the sentences that answer them.

A citizen asks `利州那些矿上冒出来的脏水有没有人管哦`; the plan answers with `矿企涌水治理`. Neither the thesaurus
(index/thesaurus.py: 脏水 is no synonym of 涌水) nor the dense model bridges that. Questions written blind, each with
the sentence that answers it (eval/user_qa dev files), show which question words go with which plan words:
`t(plan word | question word)` of IBM model 1 (Brown et al. 1993), fitted by EM over the pairs (question tokens,
answer-evidence tokens), with an empty word that takes the evidence words no question word explains.

At search time each question token adds its plan words to the BM25 query with weight
`BRIDGE_WEIGHT · t · (the token's own weight)` (`Bridge.expand`): added, never replacing, so a question in the
plans' words keeps its ranking, and only the ranking of passages changes (the evidence scorer, hence the refusal
model's coverage, reads the question's own words). The table is a text file (`index/bridge.tsv`, one
`question word \\t plan word \\t t` per line) written by `python -m eval.fit_bridge`; without it no word is added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from plantext import CHINESE_CHAR

BRIDGE_FILE = Path(__file__).with_name("bridge.tsv")
NULL = "<NULL>"  # IBM model 1's empty source word: it takes the evidence words no question word explains
# EM iterations (IBM model 1's likelihood has no local optima to fear; 8, not tuned).
ITERATIONS = 8
# A link is kept when t(plan word | question word) is at least MIN_PROBABILITY, at most TOP_LINKS per question word,
# for a question word of at least MIN_QUESTIONS training questions, and only to a word (`_is_word`: no number, no
# single character). Chosen with BRIDGE_WEIGHT by cross-fitting (fitted on half the dev files, retrieval measured on
# the other half; BENCHMARKS.md, fifty-second pass): of 2100 questions, hit@1 / hit@5 1420 / 1880 without a bridge,
# 1470 / 1905 as shipped; MIN_QUESTIONS 2 / 3: 1463 / 1902 and 1459 / 1887; only the words the plans lack
# expanded: 1445 / 1895; links only where t is 30 times the plan word's share of evidence: 1450 / 1904. Swept
# earlier, before the word filter: weight 0.5 / 1.5 / 2 / 3 all below 1.0, MIN_PROBABILITY 0.05 / 0.2 within ±11
# of 0.1 at hit@1.
MIN_PROBABILITY = 0.1
TOP_LINKS = 3
MIN_QUESTIONS = 1
BRIDGE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Link:
    word: str  # the plan's word
    probability: float  # t(word | question word)


@dataclass(frozen=True, slots=True)
class Bridge:
    """Question word -> the plan words it links to, strongest first."""

    links: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(v) for v in self.links.values())

    def expand(self, weights: Mapping[str, float], weight: float = BRIDGE_WEIGHT) -> dict[str, float]:
        """`weights` (token -> weight, index.sparse.query_weights) with each token's linked plan words added:
        `{脏水: 1.0}` -> `{脏水: 1.0, 涌水: 0.4, …}`. A plan word reached from several tokens sums their shares."""
        out = dict(weights)
        if weight <= 0:
            return out
        for token, w in weights.items():
            for link in self.links.get(token, ()):
                out[link.word] = out.get(link.word, 0.0) + weight * link.probability * w
        return out

    def lines(self) -> list[str]:
        return [f"{q}\t{link.word}\t{link.probability:.4f}" for q in sorted(self.links) for link in self.links[q]]

    def save(self, path: Path) -> None:
        """Written whole to a temporary file, then moved over `path`."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        head = "# question word\tplan word\tt(plan word | question word): written by python -m eval.fit_bridge\n"
        tmp.write_text(head + "\n".join(self.lines()) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> Bridge:
        """The table of `path`; an empty bridge when there is no such file. A malformed line is a ValueError naming
        the file and line."""
        if not path.exists():
            return cls()
        links: dict[str, list[Link]] = defaultdict(list)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            try:
                q, word, p = parts
                links[q].append(Link(word, float(p)))
            except ValueError as e:
                expected = "question word<TAB>plan word<TAB>probability"
                raise ValueError(f"{path}:{n}: expected '{expected}', got {line!r}") from e
        return cls({q: tuple(sorted(v, key=lambda link: -link.probability)) for q, v in links.items()})


def _is_word(token: str) -> bool:
    """A plan word a link may add: two or more characters, a Chinese one among them (no number, no 一)."""
    return len(token) >= 2 and bool(CHINESE_CHAR.search(token))


@cache
def shipped_bridge() -> Bridge:
    return Bridge.read(BRIDGE_FILE)


def fit_translation(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = ITERATIONS):
    """IBM model 1: t[q][e] = P(evidence word e | question word q), by EM over (question tokens, evidence tokens)."""
    t: dict[str, dict[str, float]] = defaultdict(dict)
    for q, e in pairs:
        for qi in (*q, NULL):
            for ej in e:
                t[qi][ej] = 1.0
    for _ in range(iterations):
        count: dict[str, Counter[str]] = defaultdict(Counter)
        total: Counter[str] = Counter()
        for q, e in pairs:
            source = (*q, NULL)
            for ej in e:
                z = sum(t[qi][ej] for qi in source)
                for qi in source:
                    c = t[qi][ej] / z
                    count[qi][ej] += c
                    total[qi] += c
        t = defaultdict(dict, {qi: {ej: c / total[qi] for ej, c in row.items()} for qi, row in count.items()})
    return t


def fit(
    pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
    knows: Callable[[str], bool] | None = None,
    *,
    iterations: int = ITERATIONS,
    min_probability: float = MIN_PROBABILITY,
    top_links: int = TOP_LINKS,
    min_questions: int = MIN_QUESTIONS,
) -> Bridge:
    """The bridge of (question tokens, evidence tokens) pairs: each question word's plan words other than itself, of
    the index's words (`knows`) when given. Tokens are deduplicated within a question and within its evidence."""
    pairs = [(tuple(dict.fromkeys(q)), tuple(dict.fromkeys(e))) for q, e in pairs]
    pairs = [(q, e) for q, e in pairs if q and e]
    seen = Counter(w for q, _ in pairs for w in q)
    t = fit_translation(pairs, iterations)
    links = {}
    for q, row in t.items():
        if q == NULL or seen[q] < min_questions:
            continue
        best = sorted(
            (
                (p, e)
                for e, p in row.items()
                if e != q and p >= min_probability and _is_word(e) and (knows is None or knows(e))
            ),
            key=lambda pe: (-pe[0], pe[1]),
        )[:top_links]
        if best:
            links[q] = tuple(Link(e, round(p, 4)) for p, e in best)
    return Bridge(links)
