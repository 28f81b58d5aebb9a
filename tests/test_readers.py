"""ingest.readers: exact text per format, and a named, readable error for every file that cannot be read."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from errors import UnreadableFile, UnsupportedFile
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.schema import RawDocument

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def text_pdf(*pages: str) -> bytes:
    """A PDF with one line of ASCII text per page (core font: the machine has no CJK font for fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.cell(text=text)
    return bytes(pdf.output())


def encrypted(pdf: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- supported formats ---------------------------------------------------------------------------------------


def test_supported_suffixes():
    assert frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}) == SUPPORTED_SUFFIXES


def test_txt_utf8(tmp_path):
    path = write(tmp_path / "plan.txt", "第一章　总则\n第一条 为了推动科技创新。\n".encode())
    assert read_file(path) == RawDocument(path, "第一章　总则\n第一条 为了推动科技创新。\n", "txt")


def test_txt_utf8_bom_is_dropped(tmp_path):
    path = write(tmp_path / "plan.txt", "\ufeff第一章 总则".encode())
    assert read_file(path).text == "第一章 总则"


def test_txt_gb18030(tmp_path):
    path = write(tmp_path / "plan.txt", "“十四五”科技创新规划\n研发投入强度（%）\t2.5".encode("gb18030"))
    assert read_file(path).text == "“十四五”科技创新规划\n研发投入强度（%）\t2.5"


def test_txt_utf16_with_bom(tmp_path):
    path = write(tmp_path / "plan.txt", "第一章 总则\r\n".encode("utf-16"))
    assert read_file(path).text == "第一章 总则\r\n"


def test_txt_keeps_crlf_and_spacing(tmp_path):
    # the cleaning stage normalises line ends and keeps an offset map: the reader must not
    path = write(tmp_path / "plan.txt", "　　第一条\r\n\r\n　　第二条  \r\n".encode())
    assert read_file(path).text == "　　第一条\r\n\r\n　　第二条  \r\n"


def test_suffix_is_case_insensitive(tmp_path):
    path = write(tmp_path / "PLAN.TXT", "规划".encode())
    assert read_file(path) == RawDocument(path, "规划", "txt")


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text().filter(lambda t: t.strip() and "\x00" not in t and not t.startswith("\ufeff")))
def test_txt_utf8_round_trip(tmp_path, text):
    path = write(tmp_path / "any.txt", text.encode())
    assert read_file(path).text == text


def test_md_heading_markers_removed_and_nothing_else(tmp_path):
    source = "# 某市“十四五”规划\n\n## 第一章 总则\r\n###\t第一节 发展基础\n"
    source += "正文 #标签# 与 C# 不变\n    # 代码块不是标题\n"
    path = write(tmp_path / "plan.md", source.encode())
    assert read_file(path) == RawDocument(
        path,
        "某市“十四五”规划\n\n第一章 总则\r\n第一节 发展基础\n正文 #标签# 与 C# 不变\n    # 代码块不是标题\n",
        "md",
    )


def test_markdown_suffix(tmp_path):
    path = write(tmp_path / "plan.markdown", "## 第二章 目标".encode())
    assert read_file(path) == RawDocument(path, "第二章 目标", "md")


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题不要</title><style>p { color: red }</style></head>
<body>
<script>var x = "脚本不要";</script>
<!-- 注释不要 -->
<h1>第一章  总则</h1>
<p>第一条　为了<b>规范</b>
   管理，制定本办法。</p>
<table>
  <tr><th>指标</th><th>2020年</th><th>2025年</th></tr>
  <tr><td>研发投入强度<br>（%）</td><td>2.1</td><td> 2.5 </td></tr>
</table>
<div>附件<br/>说明&nbsp;一</div>
<ul><li>甲</li><li>乙</li></ul>
</body></html>"""


def test_html_blocks_lines_and_tables(tmp_path):
    path = write(tmp_path / "plan.html", HTML.encode())
    assert read_file(path) == RawDocument(
        path,
        "第一章 总则\n"
        "第一条　为了规范 管理，制定本办法。\n"
        "指标\t2020年\t2025年\n"
        "研发投入强度 （%）\t2.1\t2.5\n"
        "附件\n"
        "说明\u00a0一\n"
        "甲\n"
        "乙",
        "html",
    )


def test_htm_without_charset_falls_back_to_gb18030(tmp_path):
    path = write(tmp_path / "plan.htm", "<p>科技创新</p><p>发展规划</p>".encode("gb18030"))
    assert read_file(path) == RawDocument(path, "科技创新\n发展规划", "html")


def test_html_meta_charset_gb2312(tmp_path):
    # These GB2312 bytes are also valid UTF-8 ("ȫʡũҵˮƽ"): only the meta charset decodes them right.
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    page += "<body><p>全省农业水平</p></body></html>"
    path = write(tmp_path / "plan.html", page.encode("gb2312"))
    assert read_file(path).text == "全省农业水平"


def test_html_labelled_gb2312_with_gbk_characters(tmp_path):
    # 堃 is GBK but not GB2312: the declared charset fails, the GB18030 fallback reads the page.
    page = '<html><head><meta charset="gb2312"></head><body><p>堃园社区</p></body></html>'
    path = write(tmp_path / "plan.html", page.encode("gbk"))
    assert read_file(path).text == "堃园社区"


def test_html_meta_charset_big5(tmp_path):
    # Big5 bytes are not UTF-8 but decode as GB18030 to nonsense: the meta charset must win over the fallback.
    page = '<html><head><meta charset="big5"></head><body><p>臺灣規劃綱要</p></body></html>'
    path = write(tmp_path / "plan.html", page.encode("big5"))
    assert read_file(path).text == "臺灣規劃綱要"


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("第一章 总则", level=1)
    doc.add_paragraph("第一条 主要指标如下表。")
    table = doc.add_table(rows=2, cols=3)
    for r, row in enumerate([("指标", "2020年", "2025年"), ("研发投入强度（%）", "2.1", "2.5")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_paragraph("第二条 本规划自发布之日起实施。")
    path = tmp_path / "plan.docx"
    doc.save(path)
    assert read_file(path) == RawDocument(
        path,
        "第一章 总则\n第一条 主要指标如下表。\n"
        "指标\t2020年\t2025年\n研发投入强度（%）\t2.1\t2.5\n"
        "第二条 本规划自发布之日起实施。",
        "docx",
    )


def test_docx_cell_with_two_paragraphs_stays_on_its_row(tmp_path):
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "单位\n（万元）"
    table.cell(0, 1).text = "12"
    path = tmp_path / "table.docx"
    doc.save(path)
    assert read_file(path).text == "单位 （万元）\t12"


def test_docx_merged_cells_repeat_so_columns_stay_aligned(tmp_path):
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([("类别", "指标", "2025年"), ("创新", "研发投入", "2.5"), ("", "专利", "12")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    path = tmp_path / "merged.docx"
    doc.save(path)
    assert read_file(path).text == "类别\t指标\t2025年\n创新\t研发投入\t2.5\n创新\t专利\t12"


def test_pdf_pages_joined_by_blank_line(tmp_path):
    path = write(tmp_path / "plan.pdf", text_pdf("Chapter 1 General provisions", "Article 2 scope"))
    assert read_file(path) == RawDocument(path, "Chapter 1 General provisions\n\nArticle 2 scope", "pdf")


def test_pdf_with_owner_password_only_is_read(tmp_path):
    path = write(tmp_path / "plan.pdf", encrypted(text_pdf("Article 3 open to all"), user_password=""))
    assert read_file(path).text == "Article 3 open to all"


# --- errors ----------------------------------------------------------------------------------------------------


def test_pdf_without_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = write(tmp_path / "scan.pdf", bytes(pdf.output()))
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "scan.pdf: no text could be extracted (scanned PDF?)"


def test_pdf_with_user_password(tmp_path):
    path = write(tmp_path / "secret.pdf", encrypted(text_pdf("Article 4 closed"), user_password="secret"))
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "secret.pdf: PDF is encrypted (a password is needed to open it)"


def test_corrupt_pdf(tmp_path):
    path = write(tmp_path / "broken.pdf", b"%PDF-1.7\n this is not a PDF body \x8f\x01")
    with pytest.raises(UnreadableFile, match=r"^broken\.pdf: not a valid PDF file \(") as e:
        read_file(path)
    assert e.value.__cause__ is not None


def test_corrupt_docx(tmp_path):
    path = write(tmp_path / "broken.docx", b"\x8f\x01 random bytes, not a zip archive \xff" * 20)
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "broken.docx: not a valid .docx (zip) file"
    assert isinstance(e.value.__cause__, zipfile.BadZipFile)


def test_zip_that_is_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office:document/>")
    path = write(tmp_path / "renamed.docx", buf.getvalue())
    with pytest.raises(UnreadableFile, match=r"^renamed\.docx: not a valid \.docx file \("):
        read_file(path)


@pytest.mark.parametrize("name", ["table.xlsx", "old.doc", "README"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path / name, b"whatever")
    suffix = Path(name).suffix or "(none)"
    with pytest.raises(UnsupportedFile) as e:
        read_file(path)
    assert str(e.value) == (
        f"{name}: unsupported format '{suffix}' (supported: .docx, .htm, .html, .markdown, .md, .pdf, .txt)"
    )


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx", "empty.pdf"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path / name, b"")
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == f"{name}: file is empty"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("blank.txt", " \r\n\t\u3000\n".encode()),
        ("blank.md", b"## \n"),
        ("blank.html", b"<html><head><title>only a title</title></head><body><p> </p></body></html>"),
    ],
)
def test_no_text(tmp_path, name, data):
    path = write(tmp_path / name, data)
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == f"{name}: contains no text"


def test_docx_without_text(tmp_path):
    from docx import Document

    path = tmp_path / "blank.docx"
    Document().save(path)
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "blank.docx: contains no text"


def test_binary_txt(tmp_path):
    path = write(tmp_path / "data.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "data.txt: binary content in a text file"


def test_txt_in_neither_utf8_nor_gb18030(tmp_path):
    path = write(tmp_path / "bad.txt", b"abc \x81\x30 def")  # a GB18030 four-byte sequence cut short
    with pytest.raises(UnreadableFile) as e:
        read_file(path)
    assert str(e.value) == "bad.txt: not UTF-8 or GB18030 text"
    assert isinstance(e.value.__cause__, UnicodeDecodeError)


def test_directory_with_a_supported_suffix(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(UnreadableFile, match=r"^folder\.txt: cannot read the file \("):
        read_file(path)


def test_import_does_not_load_parsers():
    code = "import sys, ingest.readers; print(sorted(m for m in ('bs4', 'docx', 'pypdf', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
