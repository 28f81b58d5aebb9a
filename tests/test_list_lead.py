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
