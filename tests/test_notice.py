"""A notice's document number and issue date, read from the front of the document it issues (answer/notice.py)."""

from __future__ import annotations

import pytest

from answer.notice import notice_asked, notice_facts
from tests.conftest import hash_qa_with


def test_the_number_and_date_are_read_from_a_notice_whose_lines_the_cleaner_joined():
    # the title line runs into the number line; the signing office runs into the date
    front = (
        "安徽省某办公室关于印发某实施意见的通知安徽省某办公室关于印发某实施意见的通知（皖开放办〔2022〕6号）\n"
        "省有关单位：\n《某实施意见》现印发给你们，请认真贯彻执行。\n某执行小组办公室2022年3月23日\n"
    )
    facts = notice_facts(front)
    assert facts.number == "皖开放办〔2022〕6号" and front[facts.number_at :].startswith("皖开放办")
    assert facts.date == "2022年3月23日"
    joined = (
        "包头市人民政府办公室关于印发《考评办法》的通知包府办发〔2022〕43号\n各旗县区：\n按照…要求。\n2022年4月14日\n"
    )
    assert notice_facts(joined).number == "包府办发〔2022〕43号"


def test_a_date_inside_a_sentence_is_no_signing_date_and_a_plan_has_no_notice():
    facts = notice_facts("2020 年，达州市科技创新能力评价指数为 24.2。到2025年4月1日前完成。\n")
    assert facts.number is None and facts.date is None


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("包头考评办法的文号是多少？", ("number",)),
        ("这个办法是哪天印发的？", ("date",)),
        ("阿坝的通知印发日期是哪天", ("date",)),
        (
            "When was Baotou's notice on the assessment measures issued, and what is its document number?",
            ("number", "date"),
        ),
        (  # dev30 u5558
            "Which day and which document number appear on the Aba notice that publishes its government data "
            "resources measures?",
            ("number", "date"),
        ),
        # a date for something a document plans, or a policy still to be made, is no question for the notice
        ("办法里，第三方评估报告什么时候发布？", ()),
        ("安徽工业互联网的年度报告什么时候发布？", ()),
        ("达州什么时候出台人才政策？", ()),
        ("When will the annual report be published?", ()),
    ],
)
def test_what_a_question_asks_of_the_notice(question, asked):
    assert notice_asked(question) == asked


@pytest.fixture(scope="module")
def baotou_qa(tmp_path_factory):
    return hash_qa_with(tmp_path_factory, "var-notice-baotou", "baotou-*.txt")


def test_the_number_and_date_are_answered_from_the_notice_and_cited(baotou_qa):
    a = baotou_qa.ask("包头数字政府建设考评办法是哪天印发的，文号是多少？")
    assert not a.refused
    lines = a.text.splitlines()
    assert lines[1] == "文号：包府办发〔2022〕43号[1]" and lines[2] == "印发日期：2022年4月14日[2]"
    assert [c.quote for c in a.citations] == ["包府办发〔2022〕43号", "2022年4月14日"]
    assert all(c.doc_title.startswith("包头市2022年数字政府建设考评办法") for c in a.citations)


def test_a_plan_without_a_notice_says_so_and_quotes_its_title(baotou_qa):
    # the 达州 plan's text opens with its title, without number or date: nothing is read from another document's
    # front, and it is not answered with a sentence that holds some year (2020 年，达州市…)
    a = baotou_qa.ask("达州科技创新规划是哪天印发的，文号是多少？")
    assert "包府办发" not in a.text and "2022年4月14日" not in a.text
    lines = a.text.splitlines()
    assert not a.refused and lines[1] == "原文未写明文号和印发日期。"
    assert [c.quote for c in a.citations] == ["达州市“十四五”科技创新规划(2021—2025年)"]


def test_the_line_naming_the_document_is_its_notice_title_else_its_first():
    notice = "广元市利州区人民政府\n关于印发《某规划》的通知\n各乡镇人民政府：\n现将《某规划》印发你们。\n"
    assert notice_facts(notice).title_line == "关于印发《某规划》的通知"
    assert notice_facts("达州市“十四五”科技创新规划(2021—2025年)").title_line.startswith("达州市")


def test_a_notices_number_asked_by_a_plainer_name():
    from answer.notice import notice_asked

    q = "What is the serial number of Anhui's RCEP notice, and on which day of March was it issued?"
    assert notice_asked(q) == ("number", "date")
    assert notice_asked("What is the serial number of the row for high-tech firms?") == ()  # no document named
