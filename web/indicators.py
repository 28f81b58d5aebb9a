"""The 指标 tab as plain functions over the PlanQA API: every indicator of every plan in one table, the comparison of
one indicator across regions (table + bar chart), and the CSV export. No gradio here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from planqa import IndicatorRow, PlanQA
from web.render import PATH_SEP, Bar, bars_html, deep_link, esc

ALL = "全部"
_NUMBER = re.compile(r"\d+(\.\d+)?")


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]  # for the page: plain numbers as numbers (so the column sorts by value), a link as HTML
    csv_rows: tuple[tuple[str, ...], ...]  # for the CSV: every value exactly as written, the source as text


def years(rows: list[IndicatorRow]) -> list[str]:
    """The year columns present in any row (`2020`, `2025`, `2035`), in order."""
    return sorted({y for r in rows for y in r.values if y.isdigit()})


def number(value: str) -> float | None:
    """A plain number as written (`400`, `0.7`) → float; anything else (`＞10`, `—`, `翻番`) → None."""
    v = value.strip()
    return float(v) if _NUMBER.fullmatch(v) else None


def _cell(value: str | None) -> float | int | str:
    """A table cell: `400` → 400 and `0.7` → 0.7 (numeric sort), anything else as written."""
    if value is None:
        return ""
    n = number(value)
    if n is None:
        return value
    return int(n) if n.is_integer() and "." not in value else n


def _source_link(r: IndicatorRow) -> str:
    path = PATH_SEP.join(r.heading_path)
    return f'<a href="{esc(deep_link(r.doc_id, r.heading_path))}">{esc(path)}</a>'


def table(qa: PlanQA, region: str | None = None, name: str | None = None) -> Table:
    """All indicator rows, optionally filtered by region (exact, or 全部) and by a name substring."""
    region = None if not region or region == ALL else region
    name = (name or "").strip() or None
    rows = [r for r in qa.indicators(name=name) if region is None or r.region == region]
    ys = years(qa.indicators())
    headers = ("地区", "指标", "单位", *ys, "属性", "规划", "出处")
    page, plain = [], []
    for r in rows:
        vals = [r.values.get(y) for y in ys]
        cells = (_cell(v) for v in vals)
        page.append((r.region, r.name, r.unit, *cells, r.attribute or "", r.doc_title, _source_link(r)))
        plain.append(
            (
                r.region,
                r.name,
                r.unit,
                *(v or "" for v in vals),
                r.attribute or "",
                r.doc_title,
                PATH_SEP.join(r.heading_path),
            )
        )
    return Table(headers, tuple(page), tuple(plain))


def regions(qa: PlanQA) -> list[str]:
    return [ALL, *dict.fromkeys(d.region for d in qa.documents())]


def csv_text(t: Table) -> str:
    """The table as CSV (values exactly as written in the plans)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(t.headers)
    writer.writerows(t.csv_rows)
    return buf.getvalue()


# ---- one indicator across regions ----


def key(name: str) -> str:
    """What makes two plans' indicators the same one: `高新技术企业数` and `高新技术企业` -> `高新技术企业`."""
    return re.sub(r"\s+", "", name).removesuffix("数")


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def comparable(qa: PlanQA) -> list[str]:
    """Indicator names that more than one region reports (best for comparing) first, then the rest."""
    rows = qa.indicators()
    names = list(dict.fromkeys(key(r.name) for r in rows))

    def spread(k: str) -> int:
        return len({r.region for r in rows if _same(k, key(r.name))})

    return sorted(names, key=lambda k: (-spread(k), names.index(k)))


@dataclass(frozen=True, slots=True)
class Comparison:
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    chart: str  # HTML


def compare(qa: PlanQA, name: str | None) -> Comparison:
    """One indicator in every plan that has it: a table (region, indicator as named there, unit, years) and bars."""
    k = key(name or "")
    all_rows = qa.indicators()
    rows = [r for r in all_rows if k and _same(k, key(r.name))]
    ys = years(rows)
    headers = ("地区", "指标", "单位", *ys)
    out = tuple((r.region, r.name, r.unit, *(_cell(r.values.get(y)) for y in ys)) for r in rows)
    bars = [
        Bar(r.region, y, number(r.values[y]), f"{r.values[y]}{r.unit}")
        for r in rows
        for y in ys
        if y in r.values and r.values[y].strip() not in ("", "—", "-")
    ]
    units = {r.unit for r in rows}
    title = f"{k}（{'、'.join(sorted(units))}）" if units else k
    if len(units) > 1:
        title += " · 单位不同，条形按数值画出"
    return Comparison(headers, out, bars_html(title, bars))
