"""Corpus files → `RawDocument`: the text as extracted, one reader per format, before any cleaning.

Readers keep the text as it is (CRLF, full-width forms, blank lines): `ingest.clean` normalises it later and
keeps an offset map back to this text. Every failure becomes `UnreadableFile` naming the file and the reason.
The parsing libraries are imported inside the readers, so importing this module stays cheap.

Text files are decoded strictly, never with replacement characters: a BOM, then the declared charset (HTML), then
UTF-8, then GB18030 (of which GBK and GB2312 are subsets) — and a GB18030 decoding must also look like Chinese
(see `_implausible`), because GB18030 accepts most byte pairs and turns Big5 or Shift-JIS files into nonsense.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from errors import FileTooLarge, UnreadableFile, UnsupportedFile
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

# Plausibility of a decoding. Control characters other than tab, line ends, form feed and the DOS end-of-file mark
# are binary: random bytes are 12 % controls, a plan exported from Word has a stray one or two at most.
_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1a")
MAX_CONTROL_SHARE = 0.005
# Share of the Chinese characters that are in GB2312 (the 6,763 characters of everyday simplified Chinese). Real
# plans: 0.9998–1.0 (the two plans and the five policy texts in tests/data). Big5 bytes read as GB18030: 0.43;
# Shift-JIS: 0.003; random GBK byte pairs: 0.33.
MIN_GB2312_SHARE = 0.9
MIN_CJK_TO_JUDGE = 20  # fewer Chinese characters than this say nothing either way
# A PDF ends with %%EOF; readers look for it in the last 1024 bytes (PDF 32000-1 §7.5.5, as pypdf's strict mode).
_PDF_EOF_WINDOW = 1024


def read_file(path: Path, max_bytes: int | None = None) -> RawDocument:
    """Read a corpus file by its suffix (case-insensitive); raise `UnsupportedFile` or `UnreadableFile`.

    `max_bytes`: a larger file is refused (`FileTooLarge`) before it is read."""
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFile(f"{path.name}: unsupported format '{suffix or '(none)'}' (supported: {supported})")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise FileTooLarge(
                f"{path.name}: {size / 2**20:.1f} MB, more than the {max_bytes / 2**20:g} MB a file may have "
                "(PLANQA_INGEST_MAX_MB); not read"
            )
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"{path.name}: cannot read the file ({e.strerror or e})") from e
    if not data:
        raise UnreadableFile(f"{path.name}: file is empty")
    text, encoding = _READERS[fmt](data, path)
    if not text.strip():
        raise UnreadableFile(f"{path.name}: contains no text")
    return RawDocument(path=path, text=text, format=fmt, encoding=encoding)


def _read_txt(data: bytes, path: Path) -> tuple[str, str]:
    return _decode(data, path)


def _read_md(data: bytes, path: Path) -> tuple[str, str]:
    """Drop the heading markers and nothing else: `"## 第一章 总则"` -> `"第一章 总则"`."""
    text, encoding = _decode(data, path)
    return _MD_HEADING.sub("", text), encoding


def _decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Bytes → (str, encoding name): a BOM wins, then the declared charset, then UTF-8, then GB18030 (a superset
    of GBK/GB2312), each strictly. `"规划".encode("gbk")` -> `("规划", "GBK")`.

    A declared charset that fails is not trusted: pages labelled gb2312 routinely contain GBK characters. The
    GB18030 fallback must also read as Chinese (`_implausible`), else the file is refused with the reason.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows Notepad's "Unicode": full of NUL bytes, yet text.
        try:
            return data.decode("utf-16"), "UTF-16"
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
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            error = e
            continue
        if encoding == "gb18030" and encoding != declared:
            # the guess: GB18030 decodes most byte pairs, so the result must also read as Chinese text
            return _plausible(text, path), _gb_name(data)
        # a strict UTF-8 decoding (or the charset the page declares) is itself the evidence
        return text, _encoding_name(encoding, data)
    if _control_bytes(data) > MAX_CONTROL_SHARE * len(data):
        raise UnreadableFile(f"{path.name}: binary content in a text file") from error
    raise UnreadableFile(f"{path.name}: not UTF-8 or GB18030 text") from error


def _control_bytes(data: bytes) -> int:
    return sum(1 for b in data if b < 0x20 and chr(b) not in _TEXT_CONTROLS) + data.count(0x7F)


def _plausible(text: str, path: Path) -> str:
    """`text` when it reads as text; `UnreadableFile` saying why when it is binary or the wrong decoding."""
    if reason := _implausible(text):
        raise UnreadableFile(f"{path.name}: {reason}")
    return text


def _implausible(text: str) -> str | None:
    """Why a GB18030 decoding of a file is not its text, or None when it reads as Chinese text."""
    controls = sum(1 for ch in text if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc")
    if controls > MAX_CONTROL_SHARE * len(text):
        return f"binary content in a text file ({controls} control characters in {len(text)})"
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if len(cjk) >= MIN_CJK_TO_JUDGE:
        common = sum(1 for ch in cjk if _in_gb2312(ch))
        if common < MIN_GB2312_SHARE * len(cjk):
            return (
                f"not UTF-8, and read as GB18030 only {common / len(cjk):.0%} of its Chinese characters are "
                "common ones: another encoding (Big5? Shift-JIS?); save it as UTF-8"
            )
    return None


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _gb_name(data: bytes) -> str:
    """GBK (Windows code page 936, GB2312 included) when it decodes `data`, else GB18030: the name users know."""
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return "GB18030"
    return "GBK"


def _encoding_name(codec: str, data: bytes) -> str:
    if codec == "utf-8-sig":
        return "UTF-8 (BOM)" if data.startswith(codecs.BOM_UTF8) else "UTF-8"
    return codecs.lookup(codec).name.upper()


def _declared_charset(data: bytes) -> str | None:
    """The codec named by a `<meta>` charset, or None when absent or unknown to Python."""
    m = _META_CHARSET.search(data[:_CHARSET_PRESCAN])
    if m is None:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _read_html(data: bytes, path: Path) -> tuple[str, str]:
    from bs4 import BeautifulSoup
    from bs4.builder import ParserRejectedMarkup

    text, encoding = _decode(data, path, _declared_charset(data))
    try:
        soup = BeautifulSoup(text, "lxml")
    except ParserRejectedMarkup as e:
        raise UnreadableFile(f"{path.name}: not valid HTML ({e})") from e
    return "\n".join(_html_lines(soup)), encoding


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


def _read_docx(data: bytes, path: Path) -> tuple[str, None]:
    """Body paragraphs and tables in document order; a table row is its cells joined by tabs, one row per line."""
    from docx import Document
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from lxml.etree import LxmlError

    try:
        doc = Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        # a .docx is a zip whose directory is at its end: a truncated download loses it first
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
    return "\n".join(lines), None


def _read_pdf(data: bytes, path: Path) -> tuple[str, None]:
    """Page texts joined by a blank line; `ingest.clean` rejoins sentences that a page break cut.

    A PDF without its %%EOF is truncated: pypdf may still recover some pages, but a plan missing its last chapters
    would answer "not found" for what it lost, so it is refused. A PDF whose pages hold images and no text is a scan:
    refused as such (it needs OCR), never ingested as empty."""
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
        truncated = "truncated: no %%EOF at its end; " if not _pdf_complete(data) else ""
        raise UnreadableFile(f"{path.name}: not a valid PDF file ({truncated}{e})") from e
    if not _pdf_complete(data):
        raise UnreadableFile(f"{path.name}: PDF is truncated (no %%EOF at its end): download or export it again")
    texts: list[str] = []
    for number in range(count):
        try:
            texts.append(pages[number].extract_text())
        except pdf_errors as e:
            raise UnreadableFile(f"{path.name}: cannot extract the text of page {number + 1} ({e})") from e
    if not any(t.strip() for t in texts):
        scanned = sum(1 for page in pages if _has_images(page))
        if scanned:
            raise UnreadableFile(
                f"{path.name}: scanned PDF ({scanned} of {count} page(s) are images, with no text layer): "
                "run OCR on it (e.g. ocrmypdf -l chi_sim) and add the result"
            )
        raise UnreadableFile(f"{path.name}: no text could be extracted (scanned PDF?)")
    return "\n\n".join(texts), None


def _pdf_complete(data: bytes) -> bool:
    return b"%%EOF" in data[-_PDF_EOF_WINDOW:]


def _has_images(page) -> bool:
    """True when the page draws an image XObject (a scanned page is one image per page)."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
    except (KeyError, AttributeError, TypeError, ValueError):
        return False


_READERS: dict[str, Callable[[bytes, Path], tuple[str, str | None]]] = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
