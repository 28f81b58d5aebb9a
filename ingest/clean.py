"""Raw extracted text → cleaned text with an offset map back to the raw text.

What cleaning does, line by line:
- CRLF, CR and LF all end a line; `<p>`, `</p>`, `<br>` and `<div>` also end one; other tags are removed.
- Each line loses its leading and trailing whitespace (ASCII, tab, full-width space U+3000, NBSP).
- Database header and footer lines are dropped (`【法宝引证码】…`, `原文链接：…`, `信息公开选项：…`),
  as are page footers (`- 12 -`) and the table of contents (`目 录` and the entries ending in page numbers).
- A sentence that a page break cut is joined again: `"…税前加计\\n\\n扣除政策"` -> `"…税前加计扣除政策"`.
- Everything else is kept exactly, full-width forms included; lines are separated by a single "\\n".

The cleaned text is built only from slices of the raw text plus inserted "\\n" separators, so every cleaned
offset maps back to a raw offset (`CleanText.to_source`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.outline import is_heading_line

# Line breaks: real ones, and HTML block tags left in converted text (达州 专栏8/9: `<p>1. …</p> <p>2. …`).
_LINE_BREAK = re.compile(r"\r\n|\r|\n|</?p\s*>|<br\s*/?>|</?div[^<>]*>", re.IGNORECASE)
# Any other stray tag inside a line.
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,80}>")
# Metadata lines of legal databases and web pages, not government text.
_METADATA = re.compile(r"^(【法宝引证码】|原文链接[:：]|信息公开选项[:：]|来源[:：]\s*https?://)")
# A page footer: `- 12 -`, `— 12 —`, `第 3 页`.
_PAGE_FOOTER = re.compile(r"^([-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(\s*共\s*\d+\s*页)?)$")
_TOC_TITLE = re.compile(r"^目\s*录$")
# A TOC entry: a heading-like title, then spaces, tabs or dot leaders, then a page number.
_TOC_ENTRY = re.compile(r"^(?P<title>\S.{0,60}?)[\s\.…·．]+(?P<page>\d{1,3})$")
# A line ending here ends its sentence or is a title on its own: never joined to the next line.
_TERMINAL = "。！？；：!?;:”’」』）)】》…—"
# Lines shorter than this are titles or list labels, not text that a page break cut.
_MIN_CUT_LINE = 20


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus runs mapping it back: run i starts at clean_starts[i] and raw offset src_starts[i];
    inserted separators have src_len 0 and map to the raw offset where they were inserted."""

    text: str
    clean_starts: tuple[int, ...]
    src_starts: tuple[int, ...]
    verbatim: tuple[bool, ...]

    def to_source(self, i: int) -> int:
        """Raw offset of cleaned offset i (i == len(text) maps past the last run)."""
        if not self.clean_starts:
            return 0
        r = max(0, bisect.bisect_right(self.clean_starts, i) - 1)
        delta = i - self.clean_starts[r]
        return self.src_starts[r] + (delta if self.verbatim[r] else 0)


@dataclass(slots=True)
class _Line:
    pieces: list[tuple[int, int]]  # raw (start, end) slices, tags already cut out
    text: str

    @property
    def start(self) -> int:
        return self.pieces[0][0] if self.pieces else 0


def _blank(ch: str) -> bool:
    """Whitespace of any width (U+3000 ideographic, U+2002 en space, NBSP) and the BOM."""
    return ch.isspace() or ch == "\ufeff"


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for m in [*_LINE_BREAK.finditer(raw), None]:
        end = m.start() if m else len(raw)
        lines.append(_strip_line(raw, pos, end))
        if m:
            pos = m.end()
    return lines


def _strip_line(raw: str, start: int, end: int) -> _Line:
    pieces: list[tuple[int, int]] = []
    pos = start
    for tag in _TAG.finditer(raw, start, end):
        if tag.start() > pos:
            pieces.append((pos, tag.start()))
        pos = tag.end()
    if pos < end:
        pieces.append((pos, end))
    # trim whitespace at both ends of the whole line, across pieces
    while pieces:
        s, e = pieces[0]
        while s < e and _blank(raw[s]):
            s += 1
        if s < e:
            pieces[0] = (s, e)
            break
        pieces.pop(0)
    while pieces:
        s, e = pieces[-1]
        while e > s and _blank(raw[e - 1]):
            e -= 1
        if e > s:
            pieces[-1] = (s, e)
            break
        pieces.pop()
    return _Line(pieces, "".join(raw[s:e] for s, e in pieces))


def _drop_toc(lines: list[_Line]) -> list[_Line]:
    """Drop `目 录` and the run of entries after it; also any run of 3+ heading entries with page numbers."""
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        text = lines[i].text
        if _TOC_TITLE.match(text):
            keep[i] = False
            j = i + 1
            while j < len(lines) and (not lines[j].text or _is_toc_entry(lines[j].text)):
                keep[j] = False
                j += 1
            i = j
            continue
        if _is_toc_entry(text):
            j = i
            while j < len(lines) and (not lines[j].text or _is_toc_entry(lines[j].text)):
                j += 1
            if sum(1 for k in range(i, j) if lines[k].text) >= 3:
                for k in range(i, j):
                    keep[k] = False
            i = max(j, i + 1)
            continue
        i += 1
    return [ln for ln, k in zip(lines, keep, strict=True) if k]


def _is_toc_entry(text: str) -> bool:
    m = _TOC_ENTRY.match(text)
    if not m:
        return False
    title = m.group("title").strip()
    return is_heading_line(title) or re.fullmatch(r"前\s*言|序\s*言|附\s*件|后\s*记|结\s*束\s*语", title) is not None


def _joins(prev: str, nxt: str) -> bool:
    """Does `nxt` continue the sentence that `prev` left unfinished at a page or line break?"""
    if len(prev) < _MIN_CUT_LINE or prev[-1] in _TERMINAL or "\t" in prev or "\t" in nxt:
        return False
    return not (is_heading_line(prev) or is_heading_line(nxt))


def clean(raw: str) -> CleanText:
    lines = [ln for ln in _split_lines(raw) if not _METADATA.match(ln.text) and not _PAGE_FOOTER.match(ln.text)]
    lines = [ln for ln in _drop_toc(lines) if ln.text]
    out: list[str] = []
    clean_starts: list[int] = []
    src_starts: list[int] = []
    verbatim: list[bool] = []
    size = 0

    def emit(text: str, src: int, exact: bool) -> None:
        nonlocal size
        clean_starts.append(size)
        src_starts.append(src)
        verbatim.append(exact)
        out.append(text)
        size += len(text)

    prev: _Line | None = None
    for ln in lines:
        if prev is not None and not _joins(prev.text, ln.text):
            emit("\n", ln.start, False)
        for s, e in ln.pieces:
            emit(raw[s:e], s, True)
        prev = ln
    return CleanText("".join(out), tuple(clean_starts), tuple(src_starts), tuple(verbatim))
