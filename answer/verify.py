"""Verification of a generated answer against its numbered context, before anything is shown.

The small LLM cites the wrong item, invents markers and changes numbers (ARCHITECTURE.md, "The small LLM cannot be
trusted on its own"), so every sentence is checked against the chunks it cites, without any model:

1. ``markers``: `[1]`, `[2][3]`, `【1】`, `[1,2]` are parsed; a marker pointing to no context item is dropped.
2. ``numbers``: every number of a sentence (with its unit) must occur in a chunk the sentence cites, as the value
   of the period the sentence is about; otherwise the sentence is re-assigned to the chunk that contains its
   numbers, or reported as unsupported. The period is read by answer/period.py: years, 十四五末/到2025年/“十四五”期间
   (2025, the target), 2020/“十三五”末/现有 (the baseline), 2035/远景 (the long term); a sentence that names none
   but says 目标 wants a target, one that says 现有/基期 a baseline, and one that says neither takes the question's
   years. A baseline given as a target (94家 of 2020 for 十四五末) or the reverse fails, in a table row (by column) and
   in prose (by the year or period written before the number in its sentence).
3. ``support``: a sentence without numbers must share enough of its wording (character bigrams) with what it cites;
   otherwise it is re-assigned to the best-supporting chunk, or reported as unsupported.
4. ``quotes``: each cited chunk gets the exact sentence of its text that best supports the sentences citing it.

Markers are then renumbered in order of first use: `…400家以上[2]。` with only item 2 cited -> `…400家以上[1]。`
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from answer.period import BASELINE_WORDS, TARGET_WORDS, period_of_number, role, years_named
from answer.types import Problem, ProblemKind
from ingest.schema import Chunk
from plantext import SENTENCE_END, char_bigrams, sentence_spans

CHECKS = ("markers", "numbers", "support", "quotes")

# Share of a sentence's character bigrams that must occur in the chunks it cites. A sentence copied or paraphrased
# from a chunk keeps most of its bigrams (on the 达州 plan: 0.8–1.0), while another passage of the same plan shares
# only the domain vocabulary (科技, 创新, 企业, 建设…: 0.0–0.2 there). 0.3 sits between them, nearer the low side
# because the LLM paraphrases. Sentences with numbers are judged by their numbers, which are far more specific.
SUPPORT_THRESHOLD = 0.3
# A sentence without markers or numbers is a claim to check only when it has at least this many letters; shorter
# ones (综上, 具体如下) are connectives.
MIN_CLAIM_CHARS = 8

_MARK = r"[\[【［]\s*[0-9０-９]+(?:\s*[,，、]\s*[0-9０-９]+)*\s*[\]】］]"  # [1]  【1】  ［1］  [1,2]  [1，2]
_MARKERS = re.compile(rf"{_MARK}(?:[ \t]*{_MARK})*")  # adjacent markers form one group: [2][3]
_MARKER_NUMBER = re.compile(r"[0-9０-９]+")
_TRAILING_MARKERS = re.compile(rf"[ \t]*{_MARKERS.pattern}")  # markers written after the full stop: …。[1]
# A sentence ends after 。！？； (optionally closed by quotes/brackets) or at a line end, as in ingest.chunk.
# Where a new marker goes when a sentence had none: before its closing punctuation.
_CLOSING = re.compile(r"(?:[。！？；!?;][”’」』）)]*)?\s*$")
# List enumerators at the start of a line are not claims about the plan: `1. `, `2、`, `（3）`, `- `.
_ENUMERATOR = re.compile(r"^\s*(?:[-*•·]\s+|[0-9]{1,2}[.、)）](?![0-9])\s*|[（(][0-9]{1,2}[)）]\s*)")

# Units that may follow a number, longest first so that `亿元` wins over `亿` and `万人次` over `万`.
_UNITS = sorted(
    (
        "%",  # ％ becomes % under NFKC
        "‰",
        "个百分点",
        "百分点",
        "倍",
        "元",
        "万元",
        "亿元",
        "万",
        "亿",
        "家",
        "个",
        "项",
        "名",
        "件",
        "人",
        "万人",
        "人次",
        "万人次",
        "次",
        "位",
        "分",  # points of an assessment (包头: 政府办公统一协同（20分）)
        "篇",
        "条",
        "户",
        "所",
        "座",
        "台",
        "套",
        "亩",
        "万亩",
        "吨",
        "万吨",
        "公里",
        "千米",
        "平方米",
        "万平方米",
        "平方公里",
        "公顷",
    ),
    key=len,
    reverse=True,
)
_NUM = r"[0-9]+(?:\.[0-9]+)?"
_RANGE_SEP = r"\s*[-‐‑–—―~〜至]\s*"  # 1—2 家, 1-2家, 1~2家, 1至2家 (NFKC has already mapped － and ～)
_NUMBER = re.compile(rf"(?<![0-9.])({_NUM})(?:{_RANGE_SEP}({_NUM}))?(?:\s*({'|'.join(map(re.escape, _UNITS))}))?")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Verified:
    """The answer after verification. `cited` is (n, chunk, quote) with n = 1..m in order of first use in `text`."""

    text: str
    cited: tuple[tuple[int, Chunk, str], ...]
    checks: tuple[str, ...]
    problems: tuple[Problem, ...]
    ok: bool


@dataclass(frozen=True, slots=True)
class _Number:
    low: str
    high: str | None  # the upper end of a range (1—2 家)
    unit: str

    def __str__(self) -> str:
        return f"{self.low}-{self.high}{self.unit}" if self.high else f"{self.low}{self.unit}"


class _Item:
    """One context chunk, normalised once for matching."""

    __slots__ = ("bigrams", "chunk", "heading", "norm", "table", "unit_text")

    def __init__(self, chunk: Chunk):
        self.chunk = chunk
        self.norm = _nfkc(chunk.text)
        self.heading = _nfkc(" ".join(chunk.heading_path))
        self.unit_text = self.norm + "\n" + _nfkc(chunk.lead)
        self.table = chunk.row is not None
        self.bigrams = _bigrams(chunk.text) | _bigrams(chunk.lead)


@dataclass(slots=True)
class _Sentence:
    start: int  # span in the answer text
    end: int
    groups: list[tuple[int, int, list[int]]]  # marker groups: absolute span and valid context indices (0-based)
    shown: str  # the sentence as written, without markers: what problems quote
    body: str  # NFKC text without markers or list enumerator
    numbers: tuple[_Number, ...]
    bigrams: frozenset[str]
    claim: bool
    years: tuple[str, ...] = ()  # years the sentence is about (2025年, 十四五末): its values must be those years'
    role: str | None = None  # without years: "target" (目标…) or "baseline" (现有…): its values must be of that kind
    final: list[int] = field(default_factory=list)  # context indices the sentence cites after verification
    rewrite: bool = False  # True: its markers are replaced by one group of `final`

    @property
    def cited(self) -> list[int]:
        return list(dict.fromkeys(i for _, _, group in self.groups for i in group))

    def snippet(self) -> str:
        text = self.shown.strip()
        return f"「{text[:40]}…」" if len(text) > 40 else f"「{text}」"


def verify(answer: str, context: Sequence[Chunk], question: str = "") -> Verified:
    """Check `answer` against `context` (item n is `context[n-1]`); fix what can be fixed, report the rest.

    `question`: its years (十四五末 -> 2025) are what a sentence naming no year or period is about."""
    items = [_Item(c) for c in context]
    problems: list[Problem] = []
    sentences = _parse(answer, len(items), problems, years_named(_nfkc(question)))
    unsupported = 0
    for s in sentences:
        if s.numbers:
            unsupported += not _check_numbers(s, items, problems)
    for s in sentences:
        if not s.numbers and s.claim:
            unsupported += not _check_support(s, items, problems)
    text, order = _render(answer, sentences)
    quotes = {i: _quote(items[i], [s for s in sentences if i in s.final]) for i in order}
    cited = tuple((n, items[i].chunk, quotes[i]) for n, i in enumerate(order, 1))
    if not cited:
        problems.append(
            Problem(ProblemKind.NOTHING_SUPPORTED, "no sentence of the answer is supported by a context item")
        )
    return Verified(text, cited, CHECKS, tuple(problems), ok=unsupported == 0 and bool(cited))


# ---- step 1: markers ----


def _parse(answer: str, n_items: int, problems: list[Problem], asked: tuple[str, ...] = ()) -> list[_Sentence]:
    out = []
    for start, end, line_start in _split(answer):
        groups = []
        for m in _MARKERS.finditer(answer, start, end):
            valid = []
            for num in _MARKER_NUMBER.findall(m.group()):
                n = int(num)
                if 1 <= n <= n_items:
                    valid.append(n - 1)
                else:
                    problems.append(
                        Problem(
                            ProblemKind.MARKER_OUT_OF_RANGE, f"dropped marker [{n}]: the context has {n_items} items"
                        )
                    )
            groups.append((m.start(), m.end(), list(dict.fromkeys(valid))))
        raw = raw_shown = _MARKERS.sub("", answer[start:end])
        if line_start:
            raw = _ENUMERATOR.sub("", raw, count=1)
        body = _nfkc(raw)
        numbers = _numbers(body)
        content = _content(body)
        table_line = body.lstrip().startswith("|")  # a markdown table header or rule is layout, not a claim
        claim = bool(groups or numbers) or (
            len(content) >= MIN_CLAIM_CHARS and not body.rstrip().endswith(("：", ":")) and not table_line
        )
        years = years_named(body)
        kind = None
        if not years:
            target, baseline = bool(TARGET_WORDS.search(body)), bool(BASELINE_WORDS.search(body))
            kind = "target" if target and not baseline else "baseline" if baseline and not target else None
            years = () if kind else asked
        out.append(_Sentence(start, end, groups, raw_shown, body, numbers, _bigrams(body), claim, years, kind))
    return out


def _split(text: str) -> list[tuple[int, int, bool]]:
    """Sentence spans covering the whole text; markers after the full stop belong to the sentence before them.

    `"甲[1]。乙。[2]\\n丙"` -> [(0, 5, True), (5, 10, False), (10, 11, False), (11, 12, True)] (the line break is a
    span of its own); the bool says whether the span starts a line.
    """
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() <= pos:
            continue
        end = m.end()
        if m.group() != "\n":
            trailing = _TRAILING_MARKERS.match(text, end)
            end = trailing.end() if trailing else end
        out.append((pos, end, pos == 0 or text[pos - 1] == "\n"))
        pos = end
    if pos < len(text):
        out.append((pos, len(text), pos == 0 or text[pos - 1] == "\n"))
    return out


# ---- step 2: numbers ----


def _numbers(body: str) -> tuple[_Number, ...]:
    """Numbers with their units, years before 年 skipped: `到2025年达到400家以上，1—2家，1.5%` -> 400家, 1-2家, 1.5%."""
    out = []
    for m in _NUMBER.finditer(body):
        low, high, unit = m.group(1), m.group(2), m.group(3) or ""
        years = [v for v in (low, high) if v]
        if not unit and all(_YEAR.fullmatch(v) for v in years) and body[m.end() :].lstrip().startswith("年"):
            continue  # 2025年, 2021—2025年: the period, not a value
        out.append(_Number(low, high, unit))
    return tuple(dict.fromkeys(out))


def _pattern(num: _Number, with_unit: bool = True) -> str:
    head = rf"(?<![0-9.]){re.escape(num.low)}"
    if num.high:
        head += _RANGE_SEP + re.escape(num.high)
    if num.unit and with_unit:
        return head + r"\s*" + re.escape(num.unit)
    return head + r"(?!\.?[0-9])"


def _in_text(norm: str, num: _Number) -> bool:
    """A range matches only as a range: `1—3家` must not pass on `1—2 家，…2—3 家`."""
    return re.search(_pattern(num), norm) is not None


def _has(item: _Item, num: _Number) -> bool:
    if _in_text(item.norm, num):
        return True
    # A heading is part of the passage a citation shows; its values count with their unit (`三、…协同（20分）`).
    if num.unit and _in_text(item.heading, num):
        return True
    # A table row puts the unit in its own cell or in the header (`研发经费投入强度\n％\n1.09\n1.5`).
    return (
        item.table
        and bool(num.unit)
        and num.unit in item.unit_text
        and bool(re.search(_pattern(num, False), item.norm))
    )


def _supports(s: _Sentence, item: _Item, num: _Number) -> bool:
    """The item holds the number as the value of the period the sentence is about.

    In a table row: the value of a year the sentence names, or of a column of the kind it asks for (目标: a target
    column). `利州区2025年技术合同交易额目标是5000万元` is refused on the row `2025年 2480万元；2035年 5000万元`: the
    1.5B model picked the 2035 value for 2025. In prose: the number's own year (period.period_of_number) is one the
    sentence names, or its section's kind (发展基础: baseline) is the one asked for, or the passage dates it nowhere.
    """
    if not _has(item, num):
        return False
    if not (s.years or s.role):
        return True
    if item.table:
        row = item.chunk.row
        values = {y: _nfkc(row.value(y) or "") for y, _ in row.values} if row is not None else {}
        named = [v for y, v in values.items() if (y in s.years if s.years else role(y) == s.role)]
        return not named or any(_in_text(v, num) or re.search(_pattern(num, False), v) for v in named)
    path = item.chunk.heading_path
    dates = [period_of_number(item.norm, m.start(), path) for m in re.finditer(_pattern(num), item.norm)]
    wanted = {role(y) for y in s.years} if s.years else {s.role}
    return not dates or any(
        (year in s.years if year and s.years else kind in wanted) or kind is None for year, kind in dates
    )


def _check_numbers(s: _Sentence, items: list[_Item], problems: list[Problem]) -> bool:
    cited = s.cited
    if all(any(_supports(s, items[i], x) for i in cited) for x in s.numbers):
        s.final = _prune(s, items, problems)
        return True
    whole = [i for i, item in enumerate(items) if all(_supports(s, item, x) for x in s.numbers)]
    if whole:
        best = max(whole, key=lambda i: (_share(s.bigrams, [items[i]]), -i))
        return _reassign(s, [best], "its numbers are there", problems)
    cover = _cover(s, items)
    if cover:
        return _reassign(s, cover, "its numbers are there", problems)
    absent = [x for x in s.numbers if not any(_supports(s, item, x) for item in items)]
    other = [x for x in absent if any(_has(item, x) for item in items)]
    if other:  # the number is there, as another period's value: a baseline given as a target, or the reverse
        wanted = "/".join(s.years) if s.years else s.role
        values = tuple(map(str, other))
        why = f"unsupported: {'、'.join(values)} is another period's value in the context, not {wanted}'s"
        problems.append(Problem(ProblemKind.NUMBER_OTHER_PERIOD, f"{why}: {s.snippet()}", values))
    if missing := tuple(str(x) for x in absent if x not in other):
        problems.append(
            Problem(
                ProblemKind.NUMBER_NOT_FOUND,
                f"unsupported: {'、'.join(missing)} in no context item: {s.snippet()}",
                missing,
            )
        )
    s.final, s.rewrite = [], True
    return False


def _cover(s: _Sentence, items: list[_Item]) -> list[int] | None:
    """Several chunks that together hold all the sentence's numbers (the cited ones first), or None."""
    chosen = [i for i in s.cited if any(_supports(s, items[i], x) for x in s.numbers)]
    left = [x for x in s.numbers if not any(_supports(s, items[i], x) for i in chosen)]
    while left and items:
        best = max(
            range(len(items)),
            key=lambda i: (sum(_supports(s, items[i], x) for x in left), _share(s.bigrams, [items[i]]), -i),
        )
        gained = [x for x in left if _supports(s, items[best], x)]
        if not gained:
            return None
        chosen.append(best)
        left = [x for x in left if x not in gained]
    return None if left else chosen


# ---- step 3: support ----


def _check_support(s: _Sentence, items: list[_Item], problems: list[Problem]) -> bool:
    cited = s.cited
    if cited and _share(s.bigrams, [items[i] for i in cited]) >= SUPPORT_THRESHOLD:
        s.final = _prune(s, items, problems)
        return True
    if items:
        best = max(range(len(items)), key=lambda i: (_share(s.bigrams, [items[i]]), -i))
        share = _share(s.bigrams, [items[best]])
        if share >= SUPPORT_THRESHOLD:
            return _reassign(s, [best], f"its wording is there ({share:.2f})", problems)
    else:
        share = 0.0
    why = f"unsupported: wording not in the context (best share {share:.2f} < {SUPPORT_THRESHOLD})"
    problems.append(Problem(ProblemKind.WORDING_NOT_FOUND, f"{why}: {s.snippet()}"))
    s.final, s.rewrite = [], True
    return False


def _prune(s: _Sentence, items: list[_Item], problems: list[Problem]) -> list[int]:
    """Drop cited items that add nothing: none of the sentence's numbers, or (without numbers) too little wording.

    A sentence with numbers is judged by them alone: another passage of the same plan often shares a third of its
    wording (到2025年, 全市, 高新技术…) without holding its facts.
    """
    keep = s.cited
    for i in list(keep):
        if len(keep) == 1:
            break
        rest = [j for j in keep if j != i]
        if s.numbers:
            useless = not any(_has(items[i], x) for x in s.numbers)
        else:
            useless = (
                _share(s.bigrams, [items[i]]) < SUPPORT_THRESHOLD
                and _share(s.bigrams, [items[j] for j in rest]) >= SUPPORT_THRESHOLD
            )
        if useless:
            keep = rest
            why = "none of its numbers" if s.numbers else "too little of its wording"
            problems.append(Problem(ProblemKind.CITATION_DROPPED, f"dropped [{i + 1}]: it holds {why}: {s.snippet()}"))
    return keep


def _reassign(s: _Sentence, to: list[int], why: str, problems: list[Problem]) -> bool:
    new = "".join(f"[{i + 1}]" for i in to)
    if s.cited:
        old = "".join(f"[{i + 1}]" for i in s.cited)
        problems.append(Problem(ProblemKind.CITATION_MOVED, f"reassigned {old} -> {new} ({why}): {s.snippet()}"))
    else:
        problems.append(
            Problem(ProblemKind.CITATION_MOVED, f"assigned {new} to an uncited sentence ({why}): {s.snippet()}")
        )
    s.final, s.rewrite = to, True
    return True


# ---- step 4: quotes, and the rewritten text ----


def _quote(item: _Item, citing: list[_Sentence]) -> str:
    """The chunk sentence holding most of the citing sentences' numbers, then most of their bigrams."""
    text = item.chunk.text
    # a table row's cells are lines of their own, so the quote is the whole row (with header or note if attached)
    spans = [(0, len(text))] if item.table else sentence_spans(text) or [(0, len(text))]
    numbers = {x for s in citing for x in s.numbers}
    bigrams = frozenset().union(*(s.bigrams for s in citing))

    def score(span: tuple[int, int]) -> tuple[int, int]:
        piece = text[span[0] : span[1]]
        norm = _nfkc(piece)
        return sum(_in_text(norm, x) for x in numbers), len(bigrams & _bigrams(piece))

    s, e = max(spans, key=score)  # max keeps the first of equals: the earlier sentence
    return text[s:e]


def _render(answer: str, sentences: list[_Sentence]) -> tuple[str, list[int]]:
    """The answer with markers renumbered 1..m in order of first use; also the context indices in that order."""
    pieces: list[str | list[int]] = []
    for s in sentences:
        pos, insert_at = s.start, None
        own: list[str | list[int]] = []
        for g_start, g_end, group in s.groups:
            own.append(answer[pos:g_start])
            kept = [i for i in group if i in s.final]
            if s.rewrite or not kept:
                own[-1] = own[-1].rstrip(" \t")  # no space left where the marker was
                insert_at = len(own)
            else:
                own.append(kept)
            pos = g_end
        own.append(answer[pos : s.end])
        if s.rewrite and s.final:
            if insert_at is None:
                last = own.pop()
                assert isinstance(last, str)
                cut = _CLOSING.search(last).start()  # type: ignore[union-attr]
                own += [last[:cut], list(s.final), last[cut:]]
            else:
                own.insert(insert_at, list(s.final))
        pieces += own
    numbering: dict[int, int] = {}
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        for i in piece:
            numbering.setdefault(i, len(numbering) + 1)
        out.append("".join(f"[{n}]" for n in sorted({numbering[i] for i in piece})))
    return "".join(out), list(numbering)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _content(text: str) -> str:
    """Letters and digits only: `到 2025 年，全市…[1]` -> `到2025年全市…1` (markers are removed before this)."""
    return "".join(ch for ch in _nfkc(text) if ch.isalnum())


def _bigrams(text: str) -> frozenset[str]:
    return char_bigrams(_content(text))


def _share(bigrams: frozenset[str], items: Sequence[_Item]) -> float:
    """Share of the sentence's bigrams found in any of the items."""
    if not bigrams:
        return 0.0
    found = frozenset().union(*(item.bigrams for item in items)) if items else frozenset()
    return len(bigrams & found) / len(bigrams)
