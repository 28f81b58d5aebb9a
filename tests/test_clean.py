"""Cleaning rules, each on a small exact example, and the offset map back to the raw text."""

from __future__ import annotations

from ingest.clean import clean


def test_page_break_join():
    raw = "建立健全促进全社会研发投入机制。落实研发费用税前加计\n\n扣除政策，探索研发经费补贴制度。"
    assert clean(raw).text == "建立健全促进全社会研发投入机制。落实研发费用税前加计扣除政策，探索研发经费补贴制度。"


def test_no_join_after_sentence_end_heading_or_short_title():
    raw = "第一节 发展基础\n\n“十三五”时期成效明显，主要指标均有大幅提升。\n\n一、强化企业主体地位\n\n实施领军企业培育计划。"
    assert clean(raw).text == (
        "第一节 发展基础\n“十三五”时期成效明显，主要指标均有大幅提升。\n一、强化企业主体地位\n实施领军企业培育计划。"
    )


def test_line_endings_full_width_spaces_and_markup():
    raw = "\ufeff　　第一条 　为规范管理，制定本办法。\r\n　　第二条 　本办法适用于全州。\n<p>1. 低成本技术。</p> <p>2. 复合材料。</p>\r"
    assert (
        clean(raw).text
        == "第一条 　为规范管理，制定本办法。\n第二条 　本办法适用于全州。\n1. 低成本技术。\n2. 复合材料。"
    )


def test_database_lines_and_toc_dropped():
    raw = (
        "    【法宝引证码】 CLI.12.4792728\r\n原文链接：https://example.invalid/x\r\n某市规划\n\n目 录\n\n前 言\t3\n"
        "第一章 规划背景\t4\n第一节 发展基础\t4\n\n前 言\n\n正文第一句。\n- 2 -\n第一章 规划背景\n信息公开选项：主动公开\n"
    )
    assert clean(raw).text == "某市规划\n前 言\n正文第一句。\n第一章 规划背景"


def test_table_rows_are_never_joined():
    raw = "“十四五”科技创新主要指标\n\n指 标\t2020 年指标值\t2025 年目标值\n科技进步贡献率 (%)\t58\t65"
    assert clean(raw).text == raw.replace("\n\n", "\n")


def test_offset_map_points_back_into_the_raw_text():
    raw = "  标题\r\n\r\n第一段文字很长很长很长很长很长很长很长很长很长很长，被分\n\n页打断了。\r\n<p>尾</p>"
    ct = clean(raw)
    assert ct.text == "标题\n第一段文字很长很长很长很长很长很长很长很长很长很长，被分页打断了。\n尾"
    for i, ch in enumerate(ct.text):
        if ch != "\n":
            assert raw[ct.to_source(i)] == ch, i
