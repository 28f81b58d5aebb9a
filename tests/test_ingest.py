"""Ingestion on the real plans and the external policy texts, with exact expectations."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from ingest.schema import Chunk, Document, TableRow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EXTERNAL = ROOT / "tests" / "data" / "external"


@pytest.fixture(scope="module")
def corpus():
    return ingest_paths([CORPUS])


@pytest.fixture(scope="module")
def external():
    if not EXTERNAL.is_dir():
        pytest.fail(f"{EXTERNAL} is missing: the external corpus is part of the test data")
    return ingest_paths([EXTERNAL])


def doc(corpus, doc_id: str) -> Document:
    return next(d for d in corpus.documents if d.meta.doc_id == doc_id)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def top_sections(d: Document) -> list[str]:
    return [s.heading for s in d.sections if len(s.path) == 1 and s.kind == "section"]


def test_both_plans_ingest_with_catalog_metadata(corpus):
    assert corpus.skipped == []
    ids = [d.meta.doc_id for d in corpus.documents]
    assert ids == ["dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"]
    dz = doc(corpus, "dazhou-2021-kjcx").meta
    assert (dz.title, dz.region, dz.level, dz.period) == (
        "达州市“十四五”科技创新规划(2021—2025年)",
        "达州市",
        "地级市",
        "2021-2025",
    )
    assert dz.source == "corpus/dazhou-2021-kjcx.txt"


def test_dazhou_outline(corpus):
    d = doc(corpus, "dazhou-2021-kjcx")
    assert top_sections(d) == ["前 言", "第一章 规划背景", "第二章 总体要求", "第三章 重点任务", "第四章 组织保障"]
    jie = [s for s in d.sections if s.kind == "section" and re.match(r"^第.节", s.heading)]
    per_chapter = [sum(1 for s in jie if s.path[0] == ch) for ch in top_sections(d)[1:]]
    assert per_chapter == [3, 3, 6, 3]
    boxes = [s for s in d.sections if s.kind == "box"]
    assert [int(re.match(r"专栏\s*(\d+)", b.heading).group(1)) for b in boxes] == list(range(1, 14))
    assert boxes[4].path == (
        "第三章 重点任务",
        "第三节 构建产业创新发展格局",
        "一、强化关键核心技术攻关",
        "专栏 5 关键技术核心攻关项目",
    )


def test_dazhou_table_of_contents_is_dropped(corpus):
    d = doc(corpus, "dazhou-2021-kjcx")
    assert "目 录" not in d.cleaned
    assert [s.heading for s in d.sections].count("第一节 发展基础") == 1
    assert not any(re.search(r"\t\d+$", c.text, re.M) for c in d.chunks if c.kind != "table")
    assert d.cleaned.startswith("达州市“十四五”科技创新规划(2021—2025年)\n前 言\n党的十九届五中全会提出")


def test_page_break_joined_and_chunk_path(corpus):
    d = doc(corpus, "dazhou-2021-kjcx")
    assert "落实研发费用税前加计扣除政策" in d.cleaned
    holding = [c for c in d.chunks if "超过5%的高新技术企业" in flat(c.text)]
    assert len(holding) == 1
    assert holding[0].heading_path == ("第三章 重点任务", "第二节 培育建强创新主体", "四、加大科技资金投入力度")


def test_dazhou_indicator_table(corpus):
    d = doc(corpus, "dazhou-2021-kjcx")
    rows = [(i.name, i.unit, i.values) for i in d.indicators]
    assert rows == [
        ("科技进步贡献率", "%", {"2020": "58", "2025": "65"}),
        ("R&D 投入占 GDP 的比例", "%", {"2020": "0.7", "2025": "1.5"}),
        ("国家级创新创业平台", "家", {"2020": "1", "2025": "3"}),
        ("高新技术企业", "家", {"2020": "94", "2025": "400"}),
        ("科技型中小企业", "家", {"2020": "263", "2025": "600"}),
        ("高新技术产业产值", "亿元", {"2020": "401", "2025": "800"}),
        ("技术市场合同成交额", "万元", {"2020": "11141", "2025": "50000"}),
    ]
    assert d.indicators[0].heading_path == ("第二章 总体要求", "第三节 发展目标", "“十四五”科技创新主要指标")


def test_lizhou_outline_and_boxes(corpus):
    d = doc(corpus, "lizhou-2021-kjcx-zscq")
    tops = top_sections(d)
    assert len(tops) == 12
    assert [t.split("、")[0] for t in tops] == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
    ]
    boxes = [s for s in d.sections if s.kind == "box"]
    assert [b.heading for b in boxes] == [
        "专栏1　创新主体培育行动发展重点",
        "专栏2　现代工业产业体系技术创新",
        "专栏3　现代农业产业体系技术创新",
        "专栏3　民生科技技术创新",
        "专栏4　提升科技和知识产权治理能力",
    ]
    # the two 专栏3 stay two boxes with their own chunks
    b3 = [c for c in d.chunks if c.kind == "box" and c.heading_path[-1].startswith("专栏3")]
    assert {c.heading_path[-1] for c in b3} == {"专栏3　现代农业产业体系技术创新", "专栏3　民生科技技术创新"}


def test_lizhou_table1(corpus):
    d = doc(corpus, "lizhou-2021-kjcx-zscq")
    assert len(d.indicators) == 9
    by_name = {i.name: i for i in d.indicators}
    assert by_name["综合科技创新水平指数"].values == {"2020": "50.6", "2025": "60", "2035": "70"}
    assert by_name["研发经费年均增速"].values == {"2020": "—", "2025": "＞10", "2035": "＞10"}
    assert by_name["高新技术企业数"].unit == "家"
    assert {i.attribute for i in d.indicators} == {"预期"}
    deal = by_name["技术合同登记交易额"]
    assert (deal.unit, deal.values["2025"], deal.note) == ("万元", "2480", "＊为翻番指标")
    assert [i.note for i in d.indicators].count(None) == 8
    assert deal.heading_path[-1] == "表1  广元市利州区“十四五”及2035年科技创新发展指标"
    assert deal.heading_path[:2] == ("二、总体要求", "（三）主要目标")


def test_indicator_rows_are_chunks_with_title_and_header(corpus):
    d = doc(corpus, "lizhou-2021-kjcx-zscq")
    rows = [c for c in d.chunks if c.kind == "table"]
    assert len(rows) == 9
    deal = next(c for c in rows if "技术合同登记交易额" in c.text)
    assert deal.lead.startswith("表1  广元市利州区“十四五”及2035年科技创新发展指标\n序号 | 指标 | 单位 | 2020年")
    assert "技术合同登记交易额（万元）：2020年 1240万元；2025年 2480万元；2035年 5000万元" in deal.lead
    assert "注：＊为翻番指标" in rows[-1].text  # the note belongs to the last row's chunk: nothing is lost
    # the row's cells are typed: a year's value is read from the cells, not parsed back out of the rendered row
    assert deal.row.values == (("2020", "1240"), ("2025", "2480"), ("2035", "5000"))
    assert (deal.row.unit, deal.row.value("2025"), deal.row.value("2030")) == ("万元", "2480万元", None)
    assert deal.row.header[:2] == ("序号", "指标")


def test_a_table_row_survives_the_index_round_trip_as_typed_cells(tmp_path):
    from index.build import _chunk

    row = TableRow(table="表1", header=("指标", "2025年"), name="专利", unit="件", values=(("2025", "＞10"),))
    chunk = Chunk(
        id="d:1", doc_id="d", heading_path=("一",), text="专利 件 ＞10", start=0, end=8, kind="table", row=row
    )
    line = json.loads(json.dumps(dataclasses.asdict(chunk), ensure_ascii=False))
    assert _chunk(line) == chunk
    assert _chunk(line).lead == "表1\n指标 | 2025年\n专利（件）：2025年 ＞10件"


def test_chunks_are_exact_slices_that_cover_their_sections(corpus, external):
    for d in [*corpus.documents, *external.documents]:
        assert d.chunks, d.meta.doc_id
        covered = [False] * len(d.cleaned)
        for c in d.chunks:
            assert d.cleaned[c.start : c.end] == c.text
            for k in range(c.start, c.end):
                assert not covered[k], f"{d.meta.doc_id}: overlap at {k}"
                covered[k] = True
        # every character outside chunks is whitespace or part of a heading line
        heading_starts = {s.start for s in d.sections}
        line_start = 0
        for line in d.cleaned.split("\n"):
            missed = [
                k
                for k in range(line_start, line_start + len(line))
                if not covered[k] and not line[k - line_start].isspace()
            ]
            if missed:
                assert line_start in heading_starts or missed[0] in heading_starts, (d.meta.doc_id, line)
            line_start += len(line) + 1


def test_chunk_sizes_and_ids(corpus):
    for d in corpus.documents:
        text_chunks = [c for c in d.chunks if c.kind != "table"]
        assert max(len(c.text) for c in text_chunks) <= 540
        assert len({c.id for c in d.chunks}) == len(d.chunks)
        sizes = sorted(len(c.text) for c in text_chunks)
        assert 150 <= sizes[len(sizes) // 2] <= 450  # the median chunk is in the intended range
    again = ingest_paths([CORPUS])
    assert [c.id for c in again.chunks] == [c.id for c in corpus.chunks]


def test_aba_chapters_and_run_in_articles(external):
    d = next(d for d in external.documents if d.meta.source.endswith(".txt") and "aba-prefecture" in d.meta.source)
    chapters = [s for s in d.sections if re.match(r"^第.+章", s.heading)]
    articles = [s for s in d.sections if re.match(r"^第.+条$", s.heading)]
    assert len(chapters) == 9
    assert len(articles) == 49
    assert chapters[0].heading == "第一章　总则"
    assert articles[0].path == ("第一章　总则", "第一条")
    first = next(c for c in d.chunks if c.heading_path == ("第一章　总则", "第一条"))
    assert first.text.startswith("为规范政务数据资源管理")
    assert d.meta.title == "阿坝州政务数据资源管理暂行办法"
    assert d.meta.region == "阿坝州"
    assert d.meta.inferred
    assert "法宝引证码" not in d.cleaned and "原文链接" not in d.cleaned


def test_anhui_boxes(external):
    d = next(d for d in external.documents if "industrial-internet" in d.meta.source)
    boxes = [s for s in d.sections if s.kind == "box"]
    assert [re.match(r"专栏(\d+)", b.heading).group(1) for b in boxes] == [str(n) for n in range(1, 13)]
    # a numbered item after a box continues the section's own list: it closes the box
    after = next(s for s in d.sections if s.heading.startswith("4﹒"))
    assert not any(p.startswith("专栏") for p in after.path)


def test_a_file_issuing_two_documents_has_a_part_for_each(external):
    """安徽's notice issues 《支持工业互联网发展若干政策》 and 《安徽省工业互联网创新发展行动计划（2021—2023年）》; each
    has its own 一、…, told apart by the part its title line opens. A file issuing one document gets no part: its
    title is the document's own (阿坝, 包头, 北京)."""
    d = next(d for d in external.documents if "industrial-internet" in d.meta.source)
    parts = [s.heading for s in d.sections if s.level == 0]
    assert parts == ["支持工业互联网发展若干政策", "安徽省工业互联网创新发展行动计划（2021-2023年）"]
    goals = next(s for s in d.sections if s.heading == "（二）发展目标")
    assert goals.path == ("安徽省工业互联网创新发展行动计划（2021-2023年）", "一、总体要求", "（二）发展目标")
    first = next(s for s in d.sections if s.heading.startswith("一、支持工业互联网平台建设"))
    assert first.path[0] == "支持工业互联网发展若干政策"
    for other in ("aba", "baotou", "beijing"):
        one = next(d for d in external.documents if other in d.meta.source)
        assert not any(s.level == 0 for s in one.sections), other


def test_baotou_numbered_items(external):
    d = next(d for d in external.documents if "baotou" in d.meta.source)
    items = [s for s in d.sections if re.match(r"^\d+．", s.heading)]
    assert [int(re.match(r"\d+", s.heading).group()) for s in items] == list(range(1, 91))
    assert all(re.match(r"^[一二三四五六七八九十]+、", s.path[-3] if len(s.path) >= 3 else s.path[0]) for s in items)


def test_bad_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("某市科技创新规划\n第一章 总则\n为推动科技创新，制定本规划。", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a zip file at all")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    corpus = ingest_paths([tmp_path])
    assert [d.meta.doc_id for d in corpus.documents] == ["good"]
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"broken.docx", "sheet.xlsx"}
    assert "broken.docx" in reasons["broken.docx"]
    assert "unsupported" in reasons["sheet.xlsx"]


def test_a_headings_bare_title_drops_its_number_only():
    from ingest.outline import bare_title

    assert bare_title("专栏2　省级创新型城市建设重点任务") == "省级创新型城市建设重点任务"
    assert bare_title("专栏 13 科技服务业建设重点任务") == "科技服务业建设重点任务"
    assert bare_title("二、全面创建省级创新型城市") == "全面创建省级创新型城市"
    assert bare_title("（三）加强创新文化建设") == "加强创新文化建设"
    assert bare_title("第一节 发展基础") == "发展基础"
    assert bare_title("第一条") == ""
    assert bare_title("前 言") == ""
    assert bare_title("发展基础") == "发展基础"
