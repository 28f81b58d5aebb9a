"""QA sets and the metrics computed on them.

Two formats are read, one item per line:
- eval/qa.jsonl (ARCHITECTURE.md): `type`; an item without `doc` is one the plans cannot answer.
- eval/user_qa/*.jsonl (eval/user_qa/README.md): `kind` instead of `type`; unanswerable items name the `missing`
  detail (金额, 2030年目标, 通川区 …) and may give `related_evidence`, the passage a good answer cites while saying
  the plans do not give that detail.

The checks here are the grader's own (plantext's year rule plus the regexes below), not the answer stage's: the
system is not graded by the rules it answers with.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from errors import PlanQAError
from ingest.schema import Chunk
from plantext import FIVE_YEAR_PLANS, SENTENCE_END, YEAR


@dataclass(frozen=True, slots=True)
class QAItem:
    id: str
    question: str
    type: str = "other"
    doc: str | None = None  # region the answer comes from, "both", or None when unanswerable
    section: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    answer: tuple[tuple[str, ...], ...] = ()
    history: tuple[tuple[str, str], ...] = ()
    missing: str | None = None  # unanswerable items: the detail the texts do not give (金额, 2030年目标, 通川区)
    related_evidence: tuple[str, ...] = ()  # unanswerable items: what the plans do say about the topic

    @property
    def answerable(self) -> bool:
        return self.doc is not None

    @property
    def missing_place(self) -> bool:
        """The missing detail is a place the corpus does not cover (通川区, 绵阳), not an amount, year or procedure:
        it is named in the question and reads as a place: a name with a place's suffix (昭化区, 广元市全市) or one
        of the gazetteer's bare names (成都, 上海: answer/places.txt), in English a proper noun (Hefei). A detail
        the question names in its own words (任期, 储量, 公积金) is none: a decline that quotes a passage with
        numbers did not give that place's figures."""
        m = self.missing
        if not m or m not in self.question or _DETAIL_WORD.search(m) or any(ch.isdigit() for ch in m):
            return False
        if m.isascii():
            return m[:1].isupper()  # in English a place is a proper noun: Hefei, not work permit
        return bool(_PLACE_SUFFIX.search(m)) or m in _gazetteer()


class QAFileError(PlanQAError):
    """A QA set that cannot be read: the message names the file and the line."""


def load_qa(path: Path) -> list[QAItem]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QAFileError(f"QA set {path} does not exist") from None
    except UnicodeDecodeError as e:
        raise QAFileError(f"QA set {path} is not UTF-8 text (byte {e.start}: {e.reason})") from None
    items = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(
                QAItem(
                    id=str(d["id"]),
                    question=d["question"],
                    type=d.get("kind") or d.get("type") or "other",
                    doc=d.get("doc"),
                    section=tuple(d.get("section") or ()),
                    evidence=tuple(d.get("evidence") or ()),
                    answer=tuple(tuple(g) for g in d.get("answer") or ()),
                    history=tuple(tuple(t) for t in d.get("history") or ()),
                    missing=d.get("missing"),
                    related_evidence=tuple(d.get("related_evidence") or ()),
                )
            )
        except json.JSONDecodeError as e:
            raise QAFileError(f"{path}:{n}: not JSON ({e.msg} at column {e.colno})") from e
        except KeyError as e:
            raise QAFileError(f"{path}:{n}: a QA item needs the key {e}") from e
        except (TypeError, ValueError, AttributeError) as e:
            raise QAFileError(f"{path}:{n}: not a QA item ({e})") from e
    return items


def norm(text: str) -> str:
    """NFKC without whitespace: how evidence and answers are compared (`R&D 投入` == `R＆D投入`)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def doc_matches(item: QAItem, region: str, title: str) -> bool:
    if item.doc is None:
        return False
    if item.doc == "both":
        return True
    return item.doc in region or item.doc in title


def holds_evidence(item: QAItem, chunk: Chunk, region: str, title: str) -> bool:
    """The passage holds every evidence string, from the right document. A passage is what a citation shows: the
    heading path, then the chunk's text (or the table row it renders). The heading counts because some answers
    stand in it (包头's `三、政府办公统一协同（20分）` gives the score; the items under it do not repeat it).
    On eval/qa.jsonl this changes no rank (measured, BENCHMARKS.md)."""
    if not doc_matches(item, region, title):
        return False
    text = norm("\n".join((*chunk.heading_path, chunk.text, chunk.lead)))
    return all(norm(e) in text for e in item.evidence)


def first_hit_rank(item: QAItem, retrieved: Sequence[tuple[Chunk, str, str]]) -> int | None:
    """1-based rank of the first retrieved (chunk, region, title) that holds all evidence.

    An item about both plans (`doc: "both"`) gives one evidence string per plan: its rank is the rank by which
    every string has been retrieved, each in a passage of its own."""
    if item.doc == "both" and len(item.evidence) > 1:
        ranks = []
        for e in item.evidence:
            one = QAItem(id=item.id, question=item.question, doc=item.doc, evidence=(e,))
            ranks.append(first_hit_rank(one, retrieved))
        return None if None in ranks else max(r for r in ranks if r is not None)
    for rank, (chunk, region, title) in enumerate(retrieved, start=1):
        if holds_evidence(item, chunk, region, title):
            return rank
    return None


def answer_correct(item: QAItem, answer: str) -> bool:
    text = norm(answer)
    return all(any(norm(s) in text for s in group) for group in item.answer)


def answer_partial(item: QAItem, answer: str) -> bool:
    """Some but not all of the answer groups are there (`[["0.7"], ["1.5"]]` with only 1.5): scored wrong, counted
    apart so that a near miss is visible."""
    text = norm(answer)
    found = sum(any(norm(s) in text for s in group) for group in item.answer)
    return 0 < found < len(item.answer)


# ---- declining: a refusal, or an answer that says the plans do not give what was asked ----

# The first line of an answer that declines, read from its start: 规划中未找到相关内容 (a refusal), 规划未规定/未提及…
# or 现有规划没有… (the plans do not give this detail; what they do say follows), 现有规划不包括… (a place no plan
# covers). Anchored, so a line that only mentions such a phrase (`规划方向 46 项（未规定具体条件）`) is not a decline.
DECLINE = re.compile(
    r"^(?:[\u4e00-\u9fff《》“”]{0,12}?)(?:现有)?(?:规划|文件|原文|政策|两个规划|两份规划)?(?:中|里|均|都)?(?:并)?"
    r"(?:未找到相关内容|(?:未|没有|无)(?:规定|提及|明确|给出|涉及|列出|写明|载明|设定|提出|包括|覆盖|说明)|不包括|不涉及)"
    r"|^(?:[\u4e00-\u9fff《》“”]{0,12}?)(?:现有)?规划(?:中|里)?(?:都|均)?没有"
    r"|^(?:the plans? (?:do(?:es)? not|did not)|no plan)"
)
# A place's suffix (for `QAItem.missing_place`): 区, 县, 市, 州, 省, 旗, or a whole city (广元市全市).
_PLACE_SUFFIX = re.compile(r"[区县市州省旗]$|全市$")
_PLACES = Path(__file__).resolve().parents[1] / "answer" / "places.txt"


@cache
def _gazetteer() -> frozenset[str]:
    """The bare place names of answer/places.txt (its lines of names; `parent: child/short …` lines give both)."""
    names: set[str] = set()
    for line in _PLACES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for word in line.replace(":", " ").split():
            names.update(word.split("/"))
    return frozenset(names)


# Words that name a kind of detail rather than a place (for `QAItem.missing_place`).
_DETAIL_WORD = re.compile(r"金额|比例|目标|时间|标准|数量|费|数值|方式|流程|条件|名单|期限|总额|优惠|办法|程序|规定")


def first_line(text: str) -> str:
    """The first non-empty line, skipping a `根据《…》：` heading: the line a direct answer stands in."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    while lines and re.fullmatch(r"根据《.*》[:：]?", lines[0]):
        lines.pop(0)
    return lines[0] if lines else ""


def declines(text: str, refused: bool) -> bool:
    """The answer refuses, or its first line says the plans do not give what was asked."""
    return refused or bool(DECLINE.search(first_line(text).lower()))


# ---- numbers that belong to another year than the one asked ----

# Plan periods as the question or an answer names them. A five-year plan's end (十四五末, 到“十四五”, “十四五”期间,
# “十四五”时期) is its last year; 十三五 in any form is the baseline period, its last year 2020; 远景 is 2035.
_PERIOD = re.compile(r"(十[二三四五]五)[”\"’」]*(?:末|期末|期间|时期|规划期|以来)?")
_PERIOD_END = {"十二五": "2015"} | {name: str(span[1]) for name, span in FIVE_YEAR_PLANS.items()}
_LONG_TERM = re.compile(r"远景|长远")
# Years written without 年, as English questions do (`by 2025`, `in 2020`).
_BARE_YEAR = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})(?![0-9.%％])")
# A number with an optional unit, as answers state values (`400家`, `1.5%`, `5 亿元`, `30％`).
_VALUE = re.compile(
    r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)\s*(%|％|‰|个百分点|亿元|万元|元|亿|万|家|个|项|名|件|人|次|位|篇|条|所|座|分|倍)?"
)


def years_named(text: str) -> set[str]:
    """Years a question or a sentence names, periods as their end year: `十四五末达州…` -> {"2025"},
    `2020年和2025年` -> {"2020", "2025"}, `by 2025` -> {"2025"}, `远景目标` -> {"2035"}."""
    out = set(YEAR.findall(text))
    if re.search(r"[A-Za-z]", text):
        out |= set(_BARE_YEAR.findall(text))
    for m in _PERIOD.finditer(text):
        out.add(_PERIOD_END[m.group(1)])
    if _LONG_TERM.search(text):
        out.add("2035")
    return out


def _values(sentence: str) -> list[str]:
    """Values a sentence states, years, list numbers and labels (专栏5：) left out: `到2025年达到400家，1.5%` ->
    ["400", "1.5"]."""
    out = []
    for m in _VALUE.finditer(sentence):
        num, unit = m.group(1), m.group(2)
        after = sentence[m.end() : m.end() + 1]
        if not unit and after and after in "年.．、)）]：:":
            continue  # 2025年, list numbers 1. 2、, markers [1], labels 专栏5： 重点领域5：
        if not unit and _BARE_YEAR.fullmatch(num):
            continue
        out.append(num)
    return out


def _source_years(number: str, chunk: Chunk) -> set[str] | None:
    """The years the passage gives `number` for: a table row's columns holding it, or, in prose, the year or period
    named nearest before it in its sentence with no other value between them (`到2025年，…达到400家`; in
    `由“十二五”末的48%提高到58%` 58 is undated). None when some occurrence is undated: it may belong to any year."""
    years: set[str] = set()
    pattern = rf"(?<![0-9.]){re.escape(number)}(?![0-9])"
    if chunk.row is not None:
        for year, _ in chunk.row.values:
            if re.search(pattern, chunk.row.value(year) or ""):
                years.add(year)
        return years or None
    text = chunk.text
    found = False
    for m in re.finditer(pattern, text):
        found = True
        start = max((e.end() for e in SENTENCE_END.finditer(text, 0, m.start())), default=0)
        before = text[start : m.start()]
        marks = [(y.end(), y.group(1)) for y in YEAR.finditer(before)]
        marks += [(p.end(), _PERIOD_END[p.group(1)]) for p in _PERIOD.finditer(before)]
        if not marks:
            return None
        end, year = max(marks)
        if _values(before[end:]):
            return None  # another value stands between the date and this number
        years.add(year)
    return years if found else None


def wrong_year_numbers(question: str, answer: str, cited: Sequence[Chunk]) -> list[str]:
    """Numbers the answer gives for the year asked that its cited passages give only for another year.

    A sentence of the answer is read for the years it names itself, else for the years the question asks; a number
    is wrong when every cited occurrence of it is dated, and none of those dates is one of these years. A table line
    `2020年 94家，2025年 400家` names both years, so it passes; `十四五末高新技术企业目标是94家` (94 is the 2020
    value) does not.
    """
    asked = years_named(question)
    out = []
    for sentence in re.split(r"[。；;\n]", answer):
        own = years_named(sentence)
        wanted = own or asked
        if not wanted:
            continue
        for number in _values(sentence):
            dated = [_source_years(number, c) for c in cited]
            if any(d is None for d in dated) or not dated:
                continue
            given = set().union(*dated)
            if given and not given & wanted:
                out.append(f"{number} ({'/'.join(sorted(given))}, asked {'/'.join(sorted(wanted))})")
    return out


def states_numbers(answer: str) -> bool:
    """The answer states a value (not only years or list numbers) on some line."""
    return any(_values(line) for line in answer.splitlines() if line.strip())


def citation_correct(item: QAItem, heading_paths: Sequence[Sequence[str]]) -> bool:
    """Some cited heading path contains one of the item's `section` strings."""
    if not item.section:
        return bool(heading_paths)
    return any(any(s in h for h in path for s in item.section) for path in heading_paths)


@dataclass(slots=True)
class RetrievalScores:
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)

    def summary(self) -> dict[str, float]:
        n = len(self.ranks) or 1
        return {
            "n": len(self.ranks),
            "hit@1": sum(1 for r in self.ranks if r == 1) / n,
            "hit@5": sum(1 for r in self.ranks if r is not None and r <= 5) / n,
            "mrr@10": sum(1 / r for r in self.ranks if r is not None and r <= 10) / n,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return ordered[k]
