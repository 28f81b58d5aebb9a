"""Cleaned text → outline: sections (heading paths) and the body segments that belong to each.

The heading grammar of plans and 公文 is one table (`HEADING_GRAMMAR`). A heading of rank r closes every open
section of rank ≥ r; 专栏 boxes and 表 tables nest under whatever section is open where they appear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.schema import Section, Segment
from plantext import compact

_CN = "一二三四五六七八九十百零〇两"
BOX_RANK = 100  # below every numbered level: a box nests under the section it appears in
TABLE_RANK = 101
_TITLE_MAX = 40  # longer run-in titles are shortened in the heading path (the text keeps them whole)


@dataclass(frozen=True, slots=True)
class HeadingRule:
    rank: int
    kind: str  # "section" | "box" | "table"
    name: str
    pattern: re.Pattern[str]
    title: str  # how far the title runs: "line" (to end of line or a wide gap) | "marker" | "clause"
    example: str


def _rule(rank: int, kind: str, name: str, pattern: str, title: str, example: str) -> HeadingRule:
    return HeadingRule(rank, kind, name, re.compile(pattern), title, example)


HEADING_GRAMMAR: tuple[HeadingRule, ...] = (
    # 前言 / 附件: unnumbered parts that stand alone on their line, siblings of chapters
    _rule(1, "section", "part", r"^(?:前\s*言|序\s*言|引\s*言|结\s*束\s*语|附\s*件\s*\d*[:：]?)$", "line", "前 言"),
    # 第一章 规划背景 — also run-in: `第一章　总则　　第一条 …`
    _rule(1, "section", "chapter", rf"^第[{_CN}\d]+章(?![^\s\u3000])", "line", "第一章 规划背景"),
    # 第一节 发展基础
    _rule(2, "section", "section", rf"^第[{_CN}\d]+节(?![^\s\u3000])", "line", "第一节 发展基础"),
    # 第一条 为规范…: the article number is the title, the rest of the line is its body
    _rule(3, "section", "article", rf"^第[{_CN}\d]+条(?=[\s\u3000]|$)", "marker", "第一条 为规范政务数据资源管理"),
    # 一、发展态势
    _rule(4, "section", "cn-item", rf"^[{_CN}]{{1,3}}、", "clause", "一、发展态势"),
    # （一）发展基础 / (一)
    _rule(5, "section", "cn-paren", rf"^[（(][{_CN}]{{1,3}}[）)]", "clause", "（一）发展基础"),
    # 1． 坚持深化改革 / 1. / 1﹒ (U+FF0E, U+002E, U+FE52); not 1.5 or 2020年
    _rule(6, "section", "num-item", r"^\d{1,3}[.．﹒](?!\d)", "clause", "1．坚持深化改革。"),
    # （1）…
    _rule(7, "section", "num-paren", r"^[（(]\d{1,3}[）)]", "clause", "（1）推进…"),
    # 专栏 5 关键技术核心攻关项目 / 专栏1　创新主体培育行动发展重点
    _rule(BOX_RANK, "box", "box", r"^专栏\s*\d+(?![\d.．])", "line", "专栏 5 关键技术核心攻关项目"),
    # 表1  广元市利州区“十四五”及2035年科技创新发展指标
    _rule(TABLE_RANK, "table", "table", r"^表\s*\d+(?=[\s\u3000])", "line", "表1  广元市利州区…发展指标"),
)

# A notice that issues several documents in one file (安徽's 《支持工业互联网发展若干政策》《安徽省工业互联网创新发展
# 行动计划（2021—2023年）》) names each in 《》; further down, each begins at a line that is exactly its title. Such a
# line opens a part above every numbered level (rank 0), so that the sections of the two documents (each has its
# own 一、…) are told apart in heading paths and citations. Only when two or more issued documents begin in the
# file (one is the file's own title, already in every citation), and only after body text (the title at the top).
ISSUED_RANK = 0
_NAMED = re.compile(r"《([^《》\n]{4,80})》")
_DASHES = re.compile(r"[—–－\-~～至]+")


def _title_key(text: str) -> str:
    """A title as compared: `plantext.compact` (NFKC, no whitespace), one dash: `（2021—2023年）` = `(2021-2023年)`."""
    return _DASHES.sub("-", compact(text))


def _issued_titles(text: str) -> frozenset[str]:
    """Keys of the titles the text names in 《》, for `parse_outline`'s part headings."""
    return frozenset(_title_key(m.group(1)) for m in _NAMED.finditer(text))


def _issued_parts(text: str, spans: Sequence[tuple[int, int]]) -> frozenset[str]:
    """Keys of the issued titles that begin a part of this file: empty unless two or more do."""
    named = _issued_titles(text)
    begun = {key for ls, le in spans[1:] if (key := _title_key(text[ls:le])) in named}
    return frozenset(begun) if len(begun) >= 2 else frozenset()


_WIDE_GAP = re.compile(r"\s{2,}")  # \s covers U+3000 and U+2002 in Python
_CLAUSE_END = re.compile(r"[。！？；：:!?;]")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    rule: HeadingRule
    title: str  # as written (shortened if very long)
    number: int | None  # item number of num-item / num-paren headings
    title_end: int  # offset in the line where the title ends
    body_start: int | None  # offset in the line where body text starts, None when the heading fills the line


def match_heading(line: str) -> HeadingMatch | None:
    """Match the heading grammar at the start of one cleaned line.

    `"第一章　总则　　第一条 　为规范…"` -> chapter "第一章　总则", body (another heading) from offset 7.
    """
    for rule in HEADING_GRAMMAR:
        m = rule.pattern.match(line)
        if not m:
            continue
        if rule.title == "marker":
            end = m.end()
        elif rule.title == "line":
            gap = _WIDE_GAP.search(line, m.end() + 1)
            end = gap.start() if gap else len(line)
        else:
            stop = _CLAUSE_END.search(line, m.end())
            gap = _WIDE_GAP.search(line, m.end() + 1)
            cands = [x.start() for x in (stop, gap) if x]
            end = min(cands) if cands else len(line)
        rest = line[end:]
        body = None if not rest.strip() else end + (len(rest) - len(rest.lstrip()))
        if rule.title == "clause" and body is not None:
            body = 0  # a run-in item keeps its lead sentence in the text
        title = _shortened(line[:end].rstrip())
        digits = re.match(r"^[（(]?(\d{1,3})", line) if rule.name.startswith("num") else None
        return HeadingMatch(rule, title, int(digits.group(1)) if digits else None, end, body)
    return None


def bare_title(heading: str) -> str:
    """A heading's words without its number: `专栏2　省级创新型城市建设重点任务` -> `省级创新型城市建设重点任务`,
    `二、全面创建省级创新型城市` -> `全面创建省级创新型城市`, `第一条` -> ``; a line no rule matches is returned
    as it is."""
    for rule in HEADING_GRAMMAR:
        m = rule.pattern.match(heading)
        if m:
            return heading[m.end() :].strip(" \u3000:：")
    return heading.strip()


def _shortened(title: str) -> str:
    """A heading as its path shows it: titles longer than _TITLE_MAX end in `…` (the text keeps them whole)."""
    return title[: _TITLE_MAX - 1] + "…" if len(title) > _TITLE_MAX else title


def is_heading_line(line: str) -> bool:
    return match_heading(line) is not None


@dataclass(slots=True)
class _Open:
    rank: int
    kind: str
    path: tuple[str, ...]
    heading: str
    start: int
    items: int = 0  # numbered items seen inside a box


@dataclass(frozen=True, slots=True)
class TableSpan:
    """A table located by ingest.tables: its title line and the line range it covers (inclusive)."""

    title: str
    title_line: int | None
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[Section, ...]
    segments: tuple[Segment, ...]


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of the cleaned text."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def parse_outline(text: str, tables: Sequence[TableSpan] = ()) -> Outline:
    spans = lines_of(text)
    table_at = {(t.title_line if t.title_line is not None else t.first_line): t for t in tables}
    sections: list[Section] = []
    segments: list[Segment] = []
    stack: list[_Open] = []
    body_start: int | None = None

    def path() -> tuple[str, ...]:
        return stack[-1].path if stack else ()

    def kind() -> str:
        if not stack:
            return "front"
        return {"box": "box", "table": "table"}.get(stack[-1].kind, "text")

    def close_body(at: int) -> None:
        nonlocal body_start
        if body_start is not None:
            end = at
            while end > body_start and text[end - 1].isspace():
                end -= 1
            if end > body_start:
                segments.append(Segment(path(), kind(), body_start, end))
        body_start = None

    def open_body(at: int) -> None:
        nonlocal body_start
        if body_start is None:
            body_start = at

    def pop_to(rank: int, at: int) -> None:
        while stack and stack[-1].rank >= rank:
            o = stack.pop()
            sections.append(Section(o.path, o.heading, o.rank, o.kind, o.start, at))

    def push(rank: int, kind_: str, title: str, at: int) -> None:
        stack.append(_Open(rank, kind_, (*path(), title), title, at))

    titles = _issued_parts(text, spans)
    seen_body = False
    i = 0
    while i < len(spans):
        ls, le = spans[i]
        line = text[ls:le]
        if seen_body and line.strip() and _title_key(line) in titles and match_heading(line.strip()) is None:
            close_body(ls)
            pop_to(ISSUED_RANK, ls)
            push(ISSUED_RANK, "section", _shortened(line.strip()), ls)
            i += 1
            continue
        seen_body = seen_body or (bool(line.strip()) and bool(stack or body_start is not None))
        table = table_at.get(i)
        if table is not None:
            close_body(ls)
            pop_to(BOX_RANK, ls)
            push(TABLE_RANK, "table", table.title, ls)
            first = table.first_line if table.title_line is None else table.title_line + 1
            if first <= table.last_line:
                open_body(spans[first][0])
            close_body(spans[table.last_line][1])
            pop_to(TABLE_RANK, spans[table.last_line][1])
            i = table.last_line + 1
            continue
        pos = 0
        while pos < len(line):
            sub = line[pos:]
            h = match_heading(sub)
            in_box = bool(stack) and stack[-1].kind == "box"
            if in_box:
                box = stack[-1]
                is_item = h is not None and h.rule.name.startswith("num") and h.number == box.items + 1
                if is_item:
                    box.items += 1
                    h = None
                elif h is None and box.items > 0 and pos == 0:
                    # a plain paragraph after the box's numbered items: the box has ended
                    close_body(ls)
                    pop_to(BOX_RANK, ls)
            if h is None or (h.rule.kind == "table"):
                open_body(ls + pos)
                break
            at = ls + pos
            close_body(at)
            pop_to(h.rule.rank, at)
            push(h.rule.rank, h.rule.kind, h.title, at)
            if h.body_start is None:
                break
            pos += h.body_start
            if h.body_start == 0:
                open_body(at)
                break
        i += 1
    close_body(len(text))
    pop_to(-1, len(text))
    sections.sort(key=lambda s: s.start)
    return Outline(tuple(sections), tuple(segments))
