"""The types that cross stage boundaries: files → Document, Section, Chunk, Indicator."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from plantext import value_with_unit


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader returns: the text as extracted, before cleaning."""

    path: Path
    text: str
    format: str  # "txt" | "md" | "html" | "docx" | "pdf"
    # how the bytes were decoded ("UTF-8", "GBK", …); None for .docx and .pdf, whose text is not bytes to decode
    encoding: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class DocMeta:
    doc_id: str
    title: str
    short_title: str
    region: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    province: str | None = None
    period: str | None = None
    issuer: str | None = None
    source: str = ""  # path of the corpus file, relative where possible
    inferred: bool = False  # True when not from catalog.toml


@dataclass(frozen=True, slots=True)
class Section:
    """One node of the outline. `path` is the heading path from the top, ending with this heading."""

    path: tuple[str, ...]
    heading: str
    level: int  # rank from the heading grammar (smaller is higher); boxes and tables sit below their parent
    kind: str  # "section" | "box" | "table" | "front"
    start: int  # offset of the heading in the cleaned text
    end: int  # end of everything under this section


@dataclass(frozen=True, slots=True)
class Segment:
    """A contiguous run of body text that belongs to one section (a section's body may be split by a box)."""

    path: tuple[str, ...]
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Indicator:
    doc_id: str
    name: str
    unit: str
    values: dict[str, str]  # {"2020": "94", "2025": "400"} exactly as written
    attribute: str | None  # 预期性 / 约束性, as written (e.g. "预期")
    note: str | None  # e.g. "＊为翻番指标"
    heading_path: tuple[str, ...]  # ends with the table title
    start: int  # the row's span in the cleaned text
    end: int


@dataclass(frozen=True, slots=True)
class TableRow:
    """An indicator row as typed cells, carried by the row's chunk: nothing downstream parses a rendered row back."""

    table: str  # the table's title (`表1  广元市利州区“十四五”及2035年科技创新发展指标`)
    header: tuple[str, ...]  # header cells without inner whitespace (`指    标` -> `指标`)
    name: str
    unit: str
    values: tuple[tuple[str, str], ...]  # (year, value exactly as written), in column order
    attribute: str | None = None  # 预期性 / 约束性, as written
    note: str | None = None

    @classmethod
    def of(cls, indicator: Indicator, *, table: str, header: tuple[str, ...]) -> TableRow:
        return cls(
            table=table,
            header=header,
            name=indicator.name,
            unit=indicator.unit,
            values=tuple(indicator.values.items()),
            attribute=indicator.attribute,
            note=indicator.note,
        )

    def value(self, year: str) -> str | None:
        """The value of `year` with its unit (`2480万元`), or None when the row has no such column."""
        return next((value_with_unit(v, self.unit) for y, v in self.values if y == year), None)

    def rendered(self) -> str:
        """`综合科技创新水平指数（％）：2020年 50.6％；2025年 60％；2035年 70％；属性 预期` — searched and quoted.

        Each value carries the unit (`2025年 400家`), so a quoted value never loses it; `—` stays bare.
        """
        unit = f"（{self.unit}）" if self.unit else ""
        parts = [f"{y}年 {value_with_unit(v, self.unit)}" for y, v in self.values]
        if self.attribute:
            parts.append(f"属性 {self.attribute}")
        if self.note:
            parts.append(f"注 {self.note}")
        return f"{self.name}{unit}：" + "；".join(parts)


@dataclass(frozen=True, slots=True)
class Chunk:
    id: str
    doc_id: str
    heading_path: tuple[str, ...]
    text: str  # exact slice of the cleaned document text
    start: int
    end: int
    kind: str = "text"  # "text" | "box" | "table"
    row: TableRow | None = None  # a table chunk's indicator row, as typed cells

    @property
    def lead(self) -> str:
        """Context searched with a table chunk but not part of its text: table title, header, the rendered row."""
        if self.row is None:
            return ""
        return f"{self.row.table}\n{' | '.join(self.row.header)}\n{self.row.rendered()}"

    @staticmethod
    def make_id(doc_id: str, heading_path: tuple[str, ...], text: str) -> str:
        digest = hashlib.sha1("\x1f".join((doc_id, *heading_path, text)).encode("utf-8")).hexdigest()
        return f"{doc_id}:{digest[:12]}"

    def search_text(self) -> str:
        """Heading path, lead and text as one string: what the retrievers index."""
        parts = [" › ".join(self.heading_path)]
        if self.lead:
            parts.append(self.lead)
        parts.append(" ".join(self.text.split()))
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Document:
    meta: DocMeta
    cleaned: str
    sections: tuple[Section, ...]
    chunks: tuple[Chunk, ...]
    indicators: tuple[Indicator, ...]
    notes: tuple[str, ...] = ()  # what the ingest report says about a file that did ingest (encoding, no headings…)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: Path
    reason: str


@dataclass(slots=True)
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def chunks(self) -> list[Chunk]:
        return [c for d in self.documents for c in d.chunks]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.documents for i in d.indicators]
