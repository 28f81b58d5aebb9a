"""The 规划 tab as plain functions over the PlanQA API: a plan's outline as a tree of deep links, one section's text
with a cited passage highlighted, and the deep-link format (`?doc=…&section=…&mark=start-end`). No gradio here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from planqa import PlanQA
from web.errors import BadInput
from web.render import PATH_SEP, OutlineItem, SectionPage, deep_link, outline_html, section_html

FRONT = ("（正文前）",)  # the heading-less front matter (title, issuer) as a pseudo-section


@dataclass(frozen=True, slots=True)
class Location:
    """Where a deep link points: a document, a section path, and optionally a passage (document offsets)."""

    doc_id: str
    path: tuple[str, ...] = ()
    mark: tuple[int, int] | None = None


def parse_link(query: str | Mapping[str, str]) -> Location | None:
    """`doc=…&section=A › B&mark=10-20` (a query string, with or without `?`, or a mapping of query params) →
    Location; None when it names no document. A malformed `mark` is ignored rather than refused."""
    params = {k: v[0] for k, v in parse_qs(query.lstrip("?")).items()} if isinstance(query, str) else dict(query)
    doc = (params.get("doc") or "").strip()
    if not doc:
        return None
    section = params.get("section") or ""
    path = tuple(section.split(PATH_SEP)) if section else ()
    mark = None
    a, _, b = (params.get("mark") or "").partition("-")
    if a.isdigit() and b.isdigit() and int(a) < int(b):
        mark = (int(a), int(b))
    return Location(doc, path, mark)


def doc_choices(qa: PlanQA) -> list[tuple[str, str]]:
    return [(d.title, d.doc_id) for d in qa.documents()]


def outline_items(qa: PlanQA, doc_id: str, current: tuple[str, ...] = ()) -> list[OutlineItem]:
    sections = qa.outline(doc_id)
    items = []
    if sections and sections[0].start > 0 and qa.document_text(doc_id)[: sections[0].start].strip():
        items.append(OutlineItem(FRONT, 0, "front", deep_link(doc_id, FRONT), current in ((), FRONT)))
    for s in sections:
        items.append(OutlineItem(s.path, len(s.path) - 1, s.kind, deep_link(doc_id, s.path), s.path == current))
    return items


def plan_outline_html(qa: PlanQA, doc_id: str, current: tuple[str, ...] = ()) -> str:
    title = next(d.title for d in qa.documents() if d.doc_id == doc_id) if _known(qa, doc_id) else doc_id
    return outline_html(title, outline_items(qa, doc_id, current))


def _known(qa: PlanQA, doc_id: str) -> bool:
    return any(d.doc_id == doc_id for d in qa.documents())


def section_page(qa: PlanQA, loc: Location) -> SectionPage:
    """The section a location names (the front matter for an empty path or FRONT), with `mark` clamped to it."""
    if not _known(qa, loc.doc_id):
        raise BadInput("没有这份规划，请从列表中选择。")
    doc_title = next(d.title for d in qa.documents() if d.doc_id == loc.doc_id)
    sections = qa.outline(loc.doc_id)
    if loc.path in ((), FRONT):
        text = qa.document_text(loc.doc_id)
        end = sections[0].start if sections else len(text)
        start, path, children = 0, FRONT, tuple(s.path for s in sections if len(s.path) == 1)
        body = text[:end]
        parent = None
    else:
        view = qa.section(loc.doc_id, loc.path)
        start, end, body, path, children = view.start, view.end, view.text, view.path, view.children
        parent = (path[-2], deep_link(loc.doc_id, path[:-1])) if len(path) > 1 else None
    mark = None
    if loc.mark is not None:
        a, b = max(loc.mark[0], start), min(loc.mark[1], end)
        if a < b:
            mark = (a - start, b - start)
    return SectionPage(
        doc_title=doc_title,
        path=path,
        text=body,
        mark=mark,
        children=tuple((c[-1], deep_link(loc.doc_id, c)) for c in children),
        parent=parent,
    )


def plan_view(qa: PlanQA, loc: Location) -> tuple[str, str]:
    """(outline HTML, section HTML) for a location: what the 规划 tab shows."""
    page = section_page(qa, loc)
    return plan_outline_html(qa, loc.doc_id, page.path), section_html(page)


def first_location(qa: PlanQA, doc_id: str | None = None) -> Location:
    """Where the 规划 tab opens: the first heading of the (first) plan."""
    docs = qa.documents()
    if not docs:
        raise BadInput("还没有任何规划：请管理员把规划文件放进 corpus/ 并运行 python app.py ingest。")
    doc_id = doc_id or docs[0].doc_id
    sections = qa.outline(doc_id)
    return Location(doc_id, sections[0].path if sections else ())
