"""The line a list hangs from: a regulation states once, before its cases, what follows for each of them.

`第四十四条 政务部门及其工作人员有下列情形之一的，由数据资源主管部门应当责令其限期整改，…给予行政处分：` is followed by
`（一）…的；` … `（七）违反规定要求…提供可以从共享系统获取政务数据的；`. The outline parser makes each item a section of
its own under the article, so the item alone answers `有没有规定管` with a case and no rule (dev12 u2596). An
answer that quotes an item also quotes the lead of its list (Answerer, `_with_list_leads`). The other way round, the
lead alone (`有下列情形之一的，政务部门应当…更新本部门政务数据资源目录`) gives a rule and none of the cases it is for:
an answer that quotes a lead also quotes its items, when they are short enough to read as one list (dev41 u7221,
职责变了要不要更新目录, is answered by （二）行政管理职能发生变化的)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.schema import Chunk

# A list item's own heading (（七）…, 3．…, 3、…) and a lead that introduces the items below it (…下列情形之一的…：).
_LIST_ITEM = re.compile(r"\s*(?:[（(][一二三四五六七八九十]+[）)]|[0-9]+[．.、])")
_POINTS_DOWN = re.compile(r"下列|以下")  # a sentence that speaks of the cases below it
_LIST_LEAD = re.compile(rf"(?:{_POINTS_DOWN.pattern})[^\n]*[：:]\s*$")
# the most characters a list's items may hold together to be quoted after their lead: 阿坝's 第十七条 holds 4 items in
# 67 characters; its 第四十四条 13 in 336, a list no answer should quote whole
LIST_ITEMS_MAX_CHARS = 200


class ListLeads:
    """The lead line of each list whose items are sections of their own, found by the item's section."""

    def __init__(self, chunks: Sequence[Chunk]):
        last: dict[tuple[str, tuple[str, ...]], Chunk] = {}
        items: dict[tuple[str, tuple[str, ...]], list[Chunk]] = {}
        for chunk in chunks:
            if chunk.row is None:
                last[(chunk.doc_id, chunk.heading_path)] = chunk  # a section split in chunks ends in its last
                path = chunk.heading_path
                if len(path) >= 2 and _LIST_ITEM.match(path[-1]):
                    items.setdefault((chunk.doc_id, path[:-1]), []).append(chunk)
        self._last = last
        # only the lists short enough to quote after their lead (LIST_ITEMS_MAX_CHARS), decided once
        self._items = {k: v for k, v in items.items() if sum(len(c.text) for c in v) <= LIST_ITEMS_MAX_CHARS}

    def lead_of(self, chunk: Chunk) -> tuple[Chunk, int, int] | None:
        """(the parent section's chunk, start, end) of the lead line above the list item `chunk` is; None when
        `chunk` is no list item or its parent section does not end with a lead."""
        path = chunk.heading_path
        if chunk.row is not None or len(path) < 2 or not _LIST_ITEM.match(path[-1]):
            return None
        parent = self._last.get((chunk.doc_id, path[:-1]))
        if parent is None:
            return None
        text = parent.text.rstrip()
        start = text.rfind("\n") + 1
        if not _LIST_LEAD.search(text, start):
            return None
        start += len(text[start:]) - len(text[start:].lstrip())
        return parent, start, len(text)

    def items_of(self, chunk: Chunk, start: int, end: int) -> list[Chunk]:
        """The list items below the sentence `chunk.text[start:end]`, when it speaks of what is listed below it
        (下列, 以下), ends its section, and the items are sections of their own holding LIST_ITEMS_MAX_CHARS or fewer
        characters together; [] otherwise."""
        key = (chunk.doc_id, chunk.heading_path)
        if chunk.row is not None or not _POINTS_DOWN.search(chunk.text, start, end) or self._last.get(key) is not chunk:
            return []
        if chunk.text[end:].strip():
            return []  # the sentence is not the section's last: what it points to follows in its own text
        return self._items.get(key, [])
