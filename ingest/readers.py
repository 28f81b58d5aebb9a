"""Corpus files → `RawDocument`: the text as extracted, one reader per format, before any cleaning.

Readers keep the text as it is (CRLF, full-width forms, blank lines): `ingest.clean` normalises it later and
keeps an offset map back to this text. Every failure becomes `UnreadableFile` naming the file and the reason.
The parsing libraries are imported inside the readers, so importing this module stays cheap.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from errors import UnreadableFile, UnsupportedFile
from ingest.schema import RawDocument

if TYPE_CHECKING:
    from bs4.element import Tag

# suffix (lower case) -> RawDocument.format
_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

# An ATX heading marker at the start of a line: up to 3 spaces, 1-6 `#`, then a space or tab (CommonMark).
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.MULTILINE)
# `<meta charset="gb2312">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers look for the meta charset near the top only; 4 KiB is generous.
_CHARSET_PRESCAN = 4096
# HTML collapses ASCII whitespace only; NBSP and the full-width space U+3000 are text and are kept.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HTML_DROP = frozenset({"script", "style", "head", "noscript", "template"})
_HTML_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
        "p", "section", "table", "tbody", "tfoot", "thead", "ul",
    }
)  # fmt: skip
# Cell text must stay on one line so that a table row stays one tab-separated line.
_CELL_BREAK = re.compile(r"\s*[\t\r\n]+\s*")


def read_file(path: Path) -> RawDocument:
    """Read a corpus file by its suffix (case-insensitive); raise `UnsupportedFile` or `UnreadableFile`."""
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFile(f"{path.name}: unsupported format '{suffix or '(none)'}' (supported: {supported})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"{path.name}: cannot read the file ({e.strerror or e})") from e
    if not data:
        raise UnreadableFile(f"{path.name}: file is empty")
    text = _READERS[fmt](data, path)
    if not text.strip():
        raise UnreadableFile(f"{path.name}: contains no text")
    return RawDocument(path=path, text=text, format=fmt)


def _read_txt(data: bytes, path: Path) -> str:
    return _decode(data, path)


def _read_md(data: bytes, path: Path) -> str:
    """Drop the heading markers and nothing else: `"## 第一章 总则"` -> `"第一章 总则"`."""
    return _MD_HEADING.sub("", _decode(data, path))


def _decode(data: bytes, path: Path, declared: str | None = None) -> str:
    """Bytes → str: a BOM wins, then the declared charset, then UTF-8, then GB18030 (a superset of GBK/GB2312).

    A declared charset that fails is not trusted: pages labelled gb2312 routinely contain GBK characters.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows Notepad's "Unicode": full of NUL bytes, yet text.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise UnreadableFile(f"{path.name}: not valid UTF-16 text") from e
    if b"\x00" in data:
        raise UnreadableFile(f"{path.name}: binary content in a text file")
    encodings = ["utf-8-sig", "gb18030"]
    if declared and not data.startswith(codecs.BOM_UTF8):
        encodings.insert(0, declared)
    error: UnicodeDecodeError | None = None
    for encoding in dict.fromkeys(encodings):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            error = e
    raise UnreadableFile(f"{path.name}: not UTF-8 or GB18030 text") from error


def _declared_charset(data: bytes) -> str | None:
    """The codec named by a `<meta>` charset, or None when absent or unknown to Python."""
    m = _META_CHARSET.search(data[:_CHARSET_PRESCAN])
    if m is None:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _read_html(data: bytes, path: Path) -> str:
    from bs4 import BeautifulSoup
    from bs4.builder import ParserRejectedMarkup

    text = _decode(data, path, _declared_charset(data))
    try:
        soup = BeautifulSoup(text, "lxml")
    except ParserRejectedMarkup as e:
        raise UnreadableFile(f"{path.name}: not valid HTML ({e})") from e
    return "\n".join(_html_lines(soup))


def _html_lines(root: Tag) -> list[str]:
    """Visible text of `root`, one line per block element; a table row is its cells joined by tabs.

    `<p>第一条　为了<b>规范</b>\\n  管理。</p><tr><td>指标</td><td>2025年</td></tr>`
    -> `["第一条　为了规范 管理。", "指标\\t2025年"]`
    """
    from bs4.element import NavigableString, PreformattedString, Tag

    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        line = _HTML_SPACE.sub(" ", "".join(parts)).strip(" ")
        parts.clear()
        if line.strip():
            lines.append(line)

    # Items are (node, closing): a block pushes a closing marker so that its end also ends the line.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA, processing instructions
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name not in _HTML_DROP:
            if node.name == "br":
                flush()
            elif node.name == "tr":
                flush()
                cells = [_one_line("\n".join(_html_lines(c))) for c in node.find_all(["td", "th"], recursive=False)]
                if any(cells):
                    lines.append("\t".join(cells))
            elif node.name == "pre":
                # Preformatted text keeps its own line breaks and spacing.
                flush()
                lines.extend(ln for ln in node.get_text().splitlines() if ln.strip())
            else:
                if node.name in _HTML_BLOCKS:
                    flush()
                    stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return lines


def _one_line(cell: str) -> str:
    """A table cell on one line: `"单位\\n（万元）"` -> `"单位 （万元）"`."""
    return _CELL_BREAK.sub(" ", cell).strip(" ")


def _read_docx(data: bytes, path: Path) -> str:
    """Body paragraphs and tables in document order; a table row is its cells joined by tabs, one row per line."""
    from docx import Document
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from lxml.etree import LxmlError

    try:
        doc = Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise UnreadableFile(f"{path.name}: not a valid .docx (zip) file") from e
    # KeyError: a zip without the Word parts (e.g. a renamed .xlsx or .odt); ValueError: wrong content type.
    except (KeyError, ValueError, OpcError, LxmlError) as e:
        raise UnreadableFile(f"{path.name}: not a valid .docx file ({e})") from e
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            # python-docx repeats a merged cell in every grid column and row it spans: the columns stay aligned
            # with the header row, which the indicator-table parser needs.
            lines.extend("\t".join(_one_line(c.text) for c in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _read_pdf(data: bytes, path: Path) -> str:
    """Page texts joined by a blank line; `ingest.clean` rejoins sentences that a page break cut."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    # pypdf reports most damage as PyPdfError, but a malformed object can surface from its parser as a builtin
    # error or a zlib error; none of them may reach the user raw.
    pdf_errors = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, zlib.error)
    try:
        # PdfReader already tries the empty password: many official PDFs have only an owner password
        # (restricting printing or copying) and open without one.
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UnreadableFile(f"{path.name}: PDF is encrypted (a password is needed to open it)")
        pages = reader.pages
        count = len(pages)
    except DependencyError as e:  # AES encryption, and the optional crypto package is missing
        raise UnreadableFile(f"{path.name}: PDF is encrypted ({e})") from e
    except pdf_errors as e:
        raise UnreadableFile(f"{path.name}: not a valid PDF file ({e})") from e
    texts: list[str] = []
    for number in range(count):
        try:
            texts.append(pages[number].extract_text())
        except pdf_errors as e:
            raise UnreadableFile(f"{path.name}: cannot extract the text of page {number + 1} ({e})") from e
    if not any(t.strip() for t in texts):
        raise UnreadableFile(f"{path.name}: no text could be extracted (scanned PDF?)")
    return "\n\n".join(texts)


_READERS: dict[str, Callable[[bytes, Path], str]] = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
