"""Body segments → chunks: sentence-bounded, never across a section, each an exact slice of the cleaned text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.schema import Chunk, Indicator, Segment, TableRow
from ingest.tables import Table
from plantext import SENTENCE_END

CHUNKER_VERSION = "chunk-v5"  # bump when chunk boundaries or ids change: stored indexes are rebuilt

# Inside an over-long sentence, cut after a comma-like mark.
_CLAUSE_END = re.compile(r"[，、,：:]")


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets (exclusive) where sentences end within text[start:end]; always includes `end`."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Sentences of the span, with sentences longer than max_chars cut at clause marks (or hard-cut)."""
    out = []
    pos = start
    for stop in _sentence_ends(text, start, end):
        while stop - pos > max_chars:
            cut = None
            for m in _CLAUSE_END.finditer(text, pos, pos + max_chars):
                cut = m.end()
            cut = cut if cut and cut - pos >= max_chars // 3 else pos + max_chars
            out.append((pos, cut))
            pos = cut
        if stop > pos:
            out.append((pos, stop))
        pos = stop
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_LABEL_MAX = 30


def _is_label(piece: str) -> bool:
    """A short line that ends without sentence punctuation: a label or sub-heading of what follows."""
    line = piece.strip()
    return 0 < len(line) < _LABEL_MAX and line[-1] not in "。！？；!?;"


def split_segment(text: str, seg: Segment, min_chars: int, max_chars: int) -> list[tuple[int, int]]:
    """Greedy packing of whole sentences into spans of about min_chars..max_chars.

    A last span shorter than min_chars joins the one before it when the two fit in 1.2 × max_chars.
    """
    spans: list[list[int]] = []
    last: tuple[int, int] | None = None  # the previous piece
    for s, e in _pieces(text, seg.start, seg.end, max_chars):
        if spans and e - spans[-1][0] <= max_chars:
            spans[-1][1] = e
        elif spans and last is not None and last[0] > spans[-1][0] and _is_label(text[last[0] : last[1]]):
            # a label line (重点领域1：电子信息技术) goes with the paragraph it introduces, not the chunk before
            spans[-1][1] = last[0]
            spans.append([last[0], e])
        else:
            spans.append([s, e])
        last = (s, e)
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < min_chars and spans[-1][1] - spans[-2][0] <= max_chars * 1.2:
        spans[-2][1] = spans[-1][1]
        spans.pop()
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if e > s:
            out.append((s, e))
    return out


def chunk_document(
    doc_id: str,
    text: str,
    segments: Iterable[Segment],
    tables: list[tuple[Table, list[Indicator]]],
    min_chars: int,
    max_chars: int,
) -> list[Chunk]:
    chunks: list[Chunk] = []
    table_rows = {t.header_start: (t, inds) for t, inds in tables if inds}
    for seg in segments:
        found = table_rows.get(seg.start)
        if seg.kind == "table" and found:
            chunks.extend(_table_chunks(doc_id, text, seg, *found))
            continue
        for s, e in split_segment(text, seg, min_chars, max_chars):
            piece = text[s:e]
            chunks.append(Chunk(Chunk.make_id(doc_id, seg.path, piece), doc_id, seg.path, piece, s, e, seg.kind))
    return chunks


def _table_chunks(doc_id: str, text: str, seg: Segment, table: Table, inds: list[Indicator]) -> list[Chunk]:
    """One chunk per indicator row; the header joins the first row and the note the last, so nothing is lost."""
    title = seg.path[-1] if seg.path else table.span.title
    header = tuple("".join(c.split()) for c in table.header)  # `指    标` -> `指标`
    out = []
    for k, ind in enumerate(inds):
        s = seg.start if k == 0 else ind.start
        e = seg.end if k == len(inds) - 1 else ind.end
        piece = text[s:e]
        row = TableRow.of(ind, table=title, header=header)
        out.append(Chunk(Chunk.make_id(doc_id, seg.path, piece), doc_id, seg.path, piece, s, e, "table", row))
    return out
