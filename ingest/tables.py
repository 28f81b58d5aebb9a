"""Indicator tables (指标表) in cleaned text → `Indicator` rows.

Two layouts are seen in the plans:
- tab-separated rows (达州 “十四五”科技创新主要指标): `科技进步贡献率 (%)\\t58\\t65`;
- one cell per line (利州区 表1, converted from a Word table): `1` / `综合科技创新水平指数` / `％` / `50.6` / …

Values are kept exactly as written (`＞10`, `—`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.outline import TableSpan, is_heading_line, lines_of
from ingest.schema import Indicator
from plantext import YEAR_CELL

_TABLE_TITLE = re.compile(r"^表\s*\d+(?=[\s\u3000])")
_SERIAL = re.compile(r"^\d{1,3}$")
_NOTE = re.compile(r"^注[:：]")
# `科技进步贡献率 (%)` -> name, unit
_NAME_UNIT = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（()）]{1,8})[）)]$")
_NOTE_MARK = re.compile(r"[＊*※]")


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    start: int  # span of the row in the cleaned text
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    span: TableSpan
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str | None
    header_start: int
    end: int  # end of the last row, or of the note

    def column(self, *names: str) -> int | None:
        for i, cell in enumerate(self.header):
            flat = re.sub(r"\s+", "", cell)
            if any(n in flat for n in names):
                return i
        return None

    def year_columns(self) -> dict[str, int]:
        out = {}
        for i, cell in enumerate(self.header):
            m = YEAR_CELL.search(cell)
            if m:
                out[m.group(1)] = i
        return out


def find_tables(text: str) -> list[Table]:
    spans = lines_of(text)
    lines = [text[s:e] for s, e in spans]
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        table = _tab_table(lines, spans, i) or _cell_table(lines, spans, i)
        if table:
            tables.append(table)
            i = table.span.last_line + 1
        else:
            i += 1
    return tables


def _is_title(line: str) -> bool:
    return (
        bool(line)
        and len(line) <= 60
        and "\t" not in line
        and line[-1] not in "。；！？"
        and (bool(_TABLE_TITLE.match(line)) or not is_heading_line(line))
    )


def _with_note(lines, spans, last: int) -> tuple[str | None, int]:
    if last + 1 < len(lines) and _NOTE.match(lines[last + 1]):
        return lines[last + 1], last + 1
    return None, last


def _tab_table(lines: list[str], spans, i: int) -> Table | None:
    """A header line of 3+ tab-separated cells with year columns, then rows of the same width."""
    cells = lines[i].split("\t")
    if len(cells) < 3 or not any(YEAR_CELL.search(c) for c in cells[1:]):
        return None
    rows = []
    j = i + 1
    while j < len(lines) and len(lines[j].split("\t")) == len(cells):
        rows.append(Row(tuple(c.strip() for c in lines[j].split("\t")), spans[j][0], spans[j][1]))
        j += 1
    if not rows:
        return None
    title_line = i - 1 if i > 0 and _is_title(lines[i - 1]) else None
    title = lines[title_line] if title_line is not None else "指标表"
    note, last = _with_note(lines, spans, j - 1)
    span = TableSpan(title, title_line, i, last)
    return Table(span, tuple(c.strip() for c in cells), tuple(rows), note, spans[i][0], spans[last][1])


def _cell_table(lines: list[str], spans, i: int) -> Table | None:
    """`表N title`, then header cells one per line up to the first serial number, then rows of as many lines."""
    if not _TABLE_TITLE.match(lines[i]):
        return None
    j = i + 1
    header = []
    while j < len(lines) and not _SERIAL.match(lines[j]) and len(lines[j]) <= 12:
        header.append(lines[j])
        j += 1
    width = len(header)
    if width < 3 or not any(YEAR_CELL.search(c) for c in header) or j >= len(lines):
        return None
    rows = []
    serial = 1
    while j + width <= len(lines) and lines[j] == str(serial):
        cells = tuple(lines[j : j + width])
        rows.append(Row(cells, spans[j][0], spans[j + width - 1][1]))
        j += width
        serial += 1
    if not rows:
        return None
    note, last = _with_note(lines, spans, j - 1)
    span = TableSpan(lines[i], i, i + 1, last)
    return Table(span, tuple(header), tuple(rows), note, spans[i + 1][0], spans[last][1])


def indicators_of(table: Table, doc_id: str, heading_path: tuple[str, ...]) -> list[Indicator]:
    """Read each row as an indicator. A table without a name column and year columns yields none."""
    years = table.year_columns()
    name_col = table.column("指标", "名称", "项目")
    if name_col is None or not years:
        return []
    unit_col = table.column("单位")
    attr_col = table.column("属性")
    marks = _NOTE_MARK.findall(table.note or "")
    out = []
    for row in table.rows:
        name = row.cells[name_col]
        unit = row.cells[unit_col] if unit_col is not None else ""
        if not unit and (m := _NAME_UNIT.match(name)):
            name, unit = m.group("name"), m.group("unit")
        note = None
        if marks and any(mark in name for mark in marks):
            note = _NOTE.sub("", table.note or "").strip()
            name = _NOTE_MARK.sub("", name)
        out.append(
            Indicator(
                doc_id=doc_id,
                name=name.strip(),
                unit=unit.strip(),
                values={y: row.cells[c] for y, c in years.items()},
                attribute=row.cells[attr_col] if attr_col is not None else None,
                note=note,
                heading_path=heading_path,
                start=row.start,
                end=row.end,
            )
        )
    return out
