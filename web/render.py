"""Pure HTML rendering for the web page: no gradio, no PlanQA calls, only data in and markup out.

Every string that comes from a document, a question or the LLM goes through `esc` before it reaches markup, so
`<img src=x onerror=alert(1)>` in a plan shows as text. Markup is returned on one line (no blank lines): the chat
renders Markdown, and a raw HTML block ends at the first blank line.

Citations are data: this module lays out what web/chat.py and web/plans.py computed (no heading path, no offset
is worked out here).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from answer.types import MARKER

PATH_SEP = " › "


def esc(text: str) -> str:
    """Text → HTML text, quotes included: `<img src=x>` -> `&lt;img src=x&gt;`."""
    return html.escape(text, quote=True)


def one_line(text: str) -> str:
    """Runs of whitespace (a table row's tabs, a PDF's line breaks) as one space: `高新技术企业 (家)\\t94` -> `… 94`."""
    return " ".join(text.split())


def deep_link(doc_id: str, path: Sequence[str], mark: tuple[int, int] | None = None) -> str:
    """The page address of a plan section, optionally with a passage to highlight (offsets into the document text):
    `?doc=dazhou&section=第二章 总体要求 › 第三节 发展目标&mark=4720-4800` (URL-encoded)."""
    params = {"doc": doc_id, "section": PATH_SEP.join(path)}
    if mark is not None:
        params["mark"] = f"{mark[0]}-{mark[1]}"
    return "?" + urlencode(params)


# ---- chat ----


@dataclass(frozen=True, slots=True)
class Marker:
    """What a `[n]` in an answer points to: the quote to show on hover and the source card to scroll to."""

    n: int
    quote: str
    anchor: str  # id of the source card in the sources panel


def source_anchor(answer_id: str, n: int) -> str:
    return f"pq-src-{answer_id}-{n}"


def _inline(text: str, markers: dict[int, Marker]) -> str:
    """Escaped text with its known `[n]` markers as links to their source cards (unknown ones stay plain text)."""
    out, pos = [], 0
    for m in MARKER.finditer(text):
        marker = markers.get(int(m.group(1)))
        if marker is None:
            continue
        out.append(esc(text[pos : m.start()]))
        out.append(
            f'<a class="pq-cite" href="#{esc(marker.anchor)}" aria-label="出处 {marker.n}">[{marker.n}]'
            f'<span class="pq-tip">{esc(one_line(marker.quote))}</span></a>'
        )
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _table(rows: list[str], markers: dict[int, Marker]) -> str:
    """A Markdown table (`| 地区 | 指标 |`, `|---|---|`, rows) as an HTML table."""
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    body = [r for r in cells if not all(set(c) <= set("-: ") for c in r)]
    if not body:
        return ""
    head, *rest = body
    th = "".join(f"<th>{_inline(c, markers)}</th>" for c in head)
    trs = "".join("<tr>" + "".join(f"<td>{_inline(c, markers)}</td>" for c in r) + "</tr>" for r in rest)
    table = f'<table class="pq-table"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'
    return f'<div class="pq-table-wrap">{table}</div>'


def answer_html(text: str, markers: Sequence[Marker] = ()) -> str:
    """An answer's text as HTML: one paragraph per line, a Markdown table as a table, `- ` lines as a list, and each
    `[n]` a link to its source card with the quoted sentence shown on hover or focus."""
    by_n = {m.n: m for m in markers}
    parts: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|"):
            j = i
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                j += 1
            parts.append(_table(lines[i:j], by_n))
            i = j
            continue
        if line.startswith("- "):
            j = i
            while j < len(lines) and lines[j].startswith("- "):
                j += 1
            parts.append("<ul>" + "".join(f"<li>{_inline(x[2:], by_n)}</li>" for x in lines[i:j]) + "</ul>")
            i = j
            continue
        if line.strip():
            parts.append(f"<p>{_inline(line, by_n)}</p>")
        i += 1
    return f'<div class="pq-answer">{"".join(parts)}</div>'


def streamed_prefixes(text: str, pieces: int = 12) -> list[int]:
    """Where to cut `text` while streaming it in about `pieces` steps: never inside a `[n]` marker or a table row,
    and always ending with the whole text. `streamed_prefixes("ab[1]cd", 3)` -> `[2, 5, 7]`-like cut points."""
    if not text:
        return [0]
    step = max(1, len(text) // max(1, pieces))
    blocked: set[int] = set()
    for m in MARKER.finditer(text):
        blocked.update(range(m.start() + 1, m.end()))
    for m in re.finditer(r"^\|.*$", text, flags=re.MULTILINE):  # a half table row would render as a broken table
        blocked.update(range(m.start() + 1, m.end()))
    cuts, pos = [], 0
    while pos < len(text):
        pos = min(len(text), pos + step)
        while pos in blocked and pos < len(text):
            pos += 1
        cuts.append(pos)
    return cuts


STAGES = (("retrieve", "检索"), ("verify", "核对数字与出处"), ("answer", "回答"))


def stages_html(current: str, detail: str = "") -> str:
    """The pipeline's progress: 检索 → 核对数字与出处 → 回答, steps before `current` done, `current` active.
    `current="done"` marks all three done; `current=""` shows them all waiting."""
    keys = [k for k, _ in STAGES]
    at = len(keys) if current == "done" else keys.index(current) if current in keys else -1
    steps = []
    for i, (key, label) in enumerate(STAGES):
        state = "done" if i < at else "active" if i == at else "todo"
        mark = "✓" if state == "done" else str(i + 1)
        steps.append(f'<li class="pq-stage pq-{state}" data-stage="{key}"><b>{mark}</b> {esc(label)}</li>')
    arrow = '<li class="pq-arrow" aria-hidden="true">→</li>'
    info = f'<div class="pq-stage-detail">{esc(detail)}</div>' if detail else ""
    return f'<div class="pq-stages" role="status"><ol>{arrow.join(steps)}</ol>{info}</div>'


# ---- sources ----


@dataclass(frozen=True, slots=True)
class SourceCard:
    """One citation laid out for the sources panel: the passage split around the exact quoted sentence."""

    n: int
    anchor: str
    doc_title: str
    heading_path: tuple[str, ...]
    before: str  # passage text before the quote
    quote: str
    after: str
    link: str  # deep link into the 规划 tab, quote highlighted


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """The sources of one answer (the panel keeps every answer of the conversation, newest first)."""

    answer_id: str
    question: str
    cards: tuple[SourceCard, ...]
    note: str = ""  # shown above the cards, or alone when there are none (refusals)


SOURCES_HINT = "回答中的 [n] 标注出处；点击它，这里显示原文段落，引用的句子高亮。"
NO_SOURCES = "这条回答没有引用原文。"


def source_card_html(card: SourceCard) -> str:
    path = PATH_SEP.join(card.heading_path)
    return (
        f'<article class="pq-card" id="{esc(card.anchor)}" tabindex="-1">'
        f'<header><span class="pq-n">[{card.n}]</span> <span class="pq-doc">{esc(card.doc_title)}</span>'
        f'<div class="pq-path">{esc(path)}</div></header>'
        f'<blockquote class="pq-passage">{esc(card.before)}<mark>{esc(card.quote)}</mark>{esc(card.after)}</blockquote>'
        f'<a class="pq-open" href="{esc(card.link)}">在原文中查看</a>'
        "</article>"
    )


def sources_html(groups: Sequence[SourceGroup]) -> str:
    """The sources panel: the newest answer's cards open, earlier answers folded (their cards stay in the page so
    the `[n]` links of earlier answers still find them)."""
    if not groups:
        return f'<div class="pq-sources">{message_html(SOURCES_HINT)}</div>'
    parts = []
    for i, g in enumerate(groups):
        cards = "".join(source_card_html(c) for c in g.cards)
        body = (message_html(g.note) if g.note else "") + cards or message_html(NO_SOURCES)
        summary = f"<summary>问：{esc(g.question)}</summary>"
        is_open = " open" if i == 0 else ""
        parts.append(f'<details class="pq-group" id="pq-srcs-{esc(g.answer_id)}"{is_open}>{summary}{body}</details>')
    return f'<div class="pq-sources">{"".join(parts)}</div>'


# ---- plans ----


@dataclass(frozen=True, slots=True)
class OutlineItem:
    path: tuple[str, ...]
    depth: int  # 0 for a top-level heading
    kind: str
    link: str
    current: bool = False


def outline_html(doc_title: str, items: Sequence[OutlineItem]) -> str:
    """The plan's chapter tree as nested links (each a deep link), the open section marked."""
    rows = []
    for it in items:
        cls = f"pq-toc-item pq-toc-{esc(it.kind)}" + (" pq-current" if it.current else "")
        aria = ' aria-current="true"' if it.current else ""
        rows.append(
            f'<li class="{cls}" style="--depth:{it.depth}"><a href="{esc(it.link)}"{aria}>{esc(it.path[-1])}</a></li>'
        )
    return (
        f'<nav class="pq-toc" aria-label="目录"><details open><summary>目录 · {esc(doc_title)}</summary>'
        f"<ul>{''.join(rows)}</ul></details></nav>"
    )


@dataclass(frozen=True, slots=True)
class SectionPage:
    doc_title: str
    path: tuple[str, ...]
    text: str
    mark: tuple[int, int] | None  # offsets into `text` to highlight
    children: tuple[tuple[str, str], ...]  # (heading, link)
    parent: tuple[str, str] | None  # (heading, link)


def section_html(page: SectionPage) -> str:
    """One section's text with paragraphs kept, the cited passage in `<mark id="pq-hl">`, and links to its parent
    and sub-sections."""
    paragraphs, pos, first = [], 0, True
    a, b = page.mark or (-1, -1)
    for line in page.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        lo, hi = max(a, start) - start, min(b, end) - start
        if lo < hi:  # the highlight may span lines (a table row cut one cell per line): one <mark> per paragraph
            attr = ' id="pq-hl"' if first else ""
            first = False
            html_line = f"{esc(line[:lo])}<mark{attr}>{esc(line[lo:hi])}</mark>{esc(line[hi:])}"
        else:
            html_line = esc(line)
        paragraphs.append(f"<p>{html_line}</p>")
    paragraphs = "".join(paragraphs)
    crumbs = esc(PATH_SEP.join(page.path))
    up = f'<a class="pq-up" href="{esc(page.parent[1])}">↑ {esc(page.parent[0])}</a>' if page.parent else ""
    kids = "".join(f'<li><a href="{esc(link)}">{esc(h)}</a></li>' for h, link in page.children)
    kids_html = f'<div class="pq-children"><h4>本节下的小节</h4><ul>{kids}</ul></div>' if kids else ""
    return (
        f'<article class="pq-section"><header><div class="pq-doc">{esc(page.doc_title)}</div>'
        f'<h3 class="pq-path">{crumbs}</h3>{up}</header>'
        f'<div class="pq-section-text">{paragraphs}</div>{kids_html}</article>'
    )


def message_html(text: str) -> str:
    """A short notice in place of content (nothing selected, nothing found)."""
    return f'<p class="pq-empty">{esc(text)}</p>'


# ---- indicators ----


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # region
    year: str
    value: float | None  # None: not a plain number (`＞10`, `—`): shown as written, without a bar
    shown: str  # the value as written, with its unit


def bars_html(title: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart in plain HTML/CSS (no script, readable at 390 px): one bar per region and year,
    scaled to the largest value."""
    top = max((b.value for b in bars if b.value is not None), default=0.0)
    rows = []
    for b in bars:
        width = 0.0 if b.value is None or top <= 0 else max(1.0, 100.0 * b.value / top)
        rows.append(
            f'<div class="pq-bar-row"><span class="pq-bar-label">{esc(b.label)} · {esc(b.year)}年</span>'
            f'<span class="pq-bar-track"><span class="pq-bar pq-y{esc(b.year)}" style="width:{width:.1f}%">'
            "</span></span>"
            f'<span class="pq-bar-value">{esc(b.shown)}</span></div>'
        )
    if not rows:
        return message_html("没有可比较的数值。")
    return f'<figure class="pq-chart"><figcaption>{esc(title)}</figcaption>{"".join(rows)}</figure>'


# ---- API clients ----


def _md(text: str) -> str:
    """Escape what Markdown/HTML would reinterpret in plan text (`*`, `<p>`, `_`)."""
    return esc(text).replace("*", r"\*").replace("_", r"\_")


def render_answer(answer) -> str:
    """An Answer as Markdown for API clients (`/chat`): the text, then one source line per [n] with its quote."""
    lines = [_md(answer.text).replace("\n", "  \n")]
    if answer.citations:
        lines.append("\n**出处**")
        for c in answer.citations:
            path = _md(PATH_SEP.join(c.heading_path))
            lines.append(f"- [{c.n}] {_md(c.doc_title)} › {path}  \n  > {_md(one_line(c.quote))}")
    if answer.query and answer.query != answer.question:
        lines.append(f"\n<sub>检索问题：{_md(answer.query)}</sub>")
    return "\n".join(lines)
