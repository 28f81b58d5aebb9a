"""Who is in charge of a measure: policy texts close a measure's paragraph with a note naming the units
(（责任单位：…）, （…牵头，…配合）), and one place's documents (安徽's two policies) are ranked together."""

from __future__ import annotations

import pytest
from conftest import hash_qa_with


@pytest.fixture(scope="module")
def anhui_qa(tmp_path_factory):
    """The two plans and both 安徽 policies (工业互联网, RCEP), hashing embedder, extractive."""
    return hash_qa_with(tmp_path_factory, "var-anhui", "anhui-province_*.txt")


def _first_line(text: str) -> str:
    return text.splitlines()[1]


def test_the_note_closing_the_paragraph_names_who_is_in_charge(anhui_qa):
    a = anhui_qa.ask("安徽对建成的标识解析二级节点项目给予一次性奖补最高300万元，这条由哪几个部门负责？")
    line = _first_line(a.text)
    assert "省经济和信息化厅" in line and "省通信管理局" in line and "省财政厅" in line
    # the quote runs from the measure's name (its lead, answerer._distinct) through its sentence to the note,
    # exactly as the text has it
    quote = a.citations[0].quote
    assert quote.startswith("建设标识解析体系。对省内建成的标识解析二级节点项目") and quote.endswith("省财政厅）")
    assert quote in anhui_qa.chunk(a.citations[0].chunk_id).text


def test_a_follow_up_asking_who_is_not_told_the_amount_is_missing(anhui_qa):
    q = "利州区科技特派员每个月补贴多少钱？"
    first = anhui_qa.ask(q)
    assert "规划未规定" in first.text  # the amount is not given
    a = anhui_qa.ask("那这个归哪个部门管？", [(q, first.text)])
    # it asks who, not the previous turn's amount; 利州 names no unit for its 科技特派员 (选派专家人才…担任科技特派员)
    assert not a.refused and "规划未规定" not in a.text and "金额" not in _first_line(a.text)
    assert _first_line(a.text) == "规划未提及负责部门。"
    again = anhui_qa.ask("2030年的呢？", [("安徽到2023年要培育多少个工业互联网平台？", "…")])
    assert "规划未规定2030年" in again.text  # a follow-up that only changes the year asks what the last one did


def test_one_places_two_documents_are_ranked_together(anhui_qa):
    # the answering sentence is in the RCEP opinions; a sentence of the other 安徽 policy must not go first
    # because its document comes first
    q = "安徽要加密飞日本、韩国的全货机航线吗？"
    a = anhui_qa.ask("谁牵头？", [(q, anhui_qa.ask(q).text)])
    assert "全货机航线" in a.text.splitlines()[2] or "全货机航线" in _first_line(a.text)
    assert "省交通运输厅牵头" in _first_line(a.text)
