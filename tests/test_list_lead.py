"""A quoted list item comes with the lead line of its list, which says what follows for every item
(answer/listlead.py)."""

from __future__ import annotations

import pytest
from conftest import hash_qa_with

from answer.evidence import Evidence
from answer.listlead import ListLeads
from index.retriever import Hit
from ingest.schema import Chunk

LEAD = "政务部门有下列情形之一的，由数据资源主管部门责令其限期整改："
ITEM = "（七）违反规定要求提供可以从共享系统获取政务数据的；"


def chunk(path: tuple[str, ...], text: str, n: int) -> Chunk:
    return Chunk(id=f"ab:{n}", doc_id="ab", heading_path=path, text=text, start=0, end=len(text))


def test_an_item_section_finds_the_lead_its_parent_section_ends_with():
    parent = chunk(("第八章 法律责任", "第四十四条"), f"第四十四条 {LEAD}", 1)
    item = chunk(("第八章 法律责任", "第四十四条", ITEM), ITEM, 2)
    leads = ListLeads([parent, item])
    found = leads.lead_of(item)
    assert found is not None and found[0] is parent
    assert parent.text[found[1] : found[2]] == f"第四十四条 {LEAD}"
    assert leads.lead_of(parent) is None  # no list item


@pytest.mark.parametrize(
    "parent_text",
    [
        "政务部门应当及时更新政务数据。",  # a parent that does not introduce a list
        "政务部门应当履行以下职责。",  # 以下 without the colon that opens the list
    ],
)
def test_no_lead_without_a_line_that_opens_the_list(parent_text):
    parent = chunk(("第八章", "第四十四条"), parent_text, 1)
    item = chunk(("第八章", "第四十四条", ITEM), ITEM, 2)
    assert ListLeads([parent, item]).lead_of(item) is None


def test_an_answer_quoting_an_item_quotes_its_lead_once(tmp_path_factory):
    """阿坝's 第四十四条 (dev12 u2596): the item (七) answers 有没有规定管 only with the lead's 限期整改 beside it."""
    qa = hash_qa_with(tmp_path_factory, "var-aba", "aba*.txt")
    answerer = qa._answerer
    item = next(
        c for c in qa._index.chunks if c.heading_path[-1:] and c.heading_path[-1].startswith("（七）违反规定要求")
    )
    doc = qa._index.docs[item.doc_id]
    ev = Evidence(Hit(item, doc, 1.0, 1), 0, len(item.text), 0.3, 0.3)
    shown = answerer._with_list_leads("有没有规定管", [ev, ev])
    assert [e.text for e in shown[:2]] == [item.text, shown[1].text] and len(shown) == 3
    assert "责令其限期整改" in shown[1].text and shown[1].hit.chunk.heading_path == item.heading_path[:-1]


RULE = "有下列情形之一的，政务部门应当自情形发生之日起10个工作日内更新本部门政务数据资源目录。"
CASES = ("（一）法律、法规、规章等依据发生变化的；", "（二）行政管理职能发生变化的；")


def article(rule_text: str, cases: tuple[str, ...] = CASES) -> tuple[Chunk, list[Chunk]]:
    parent = chunk(("第三章 目录管理", "第十七条"), rule_text, 1)
    items = [chunk((*parent.heading_path, case), case, 2 + i) for i, case in enumerate(cases)]
    return parent, items


def test_a_lead_that_ends_its_section_finds_its_short_items_in_order():
    parent, items = article(f"政务部门应当对目录进行动态管理。{RULE}")
    start = parent.text.index(RULE)
    assert ListLeads([parent, *items]).items_of(parent, start, len(parent.text)) == items
    assert ListLeads([parent, *items]).items_of(parent, 0, start) == []  # a sentence that points to nothing below


@pytest.mark.parametrize(
    ("rule_text", "cases"),
    [
        (f"{RULE}政务部门应当报送更新后的目录。", CASES),  # the lead is not the section's last sentence
        (RULE, tuple(f"（{n}）{'政务部门未按照规定报送政务数据资源目录的' * 2}；" for n in "一二三四五六")),  # too long
    ],
)
def test_no_items_after_a_lead_inside_its_section_or_before_a_long_list(rule_text, cases):
    parent, items = article(rule_text, cases)
    start = parent.text.index(RULE)
    assert ListLeads([parent, *items]).items_of(parent, start, start + len(RULE)) == []


def test_an_answer_quoting_a_lead_quotes_its_items(tmp_path_factory):
    """阿坝's 第十七条 (dev41 u7221, 职责变了目录要不要更新): the lead gives the rule, its item (二) the case."""
    qa = hash_qa_with(tmp_path_factory, "var-aba", "aba*.txt")
    article_chunk = next(c for c in qa._index.chunks if c.heading_path[-1:] == ("第十七条",))
    start = article_chunk.text.index("有下列情形之一的")
    end = article_chunk.text.index("。", start) + 1
    ev = Evidence(Hit(article_chunk, qa._index.docs[article_chunk.doc_id], 1.0, 1), start, end, 0.3, 0.3)
    shown = qa._answerer._with_list_leads("职责变了目录要不要更新", [ev])
    assert shown[0] is ev and [e.text for e in shown[1:]][1] == "（二）行政管理职能发生变化的；"
    assert len(shown) == 5 and all(e.hit.chunk.heading_path[:-1] == article_chunk.heading_path for e in shown[1:])
