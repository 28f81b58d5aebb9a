"""A notice's own facts: its document number (文号) and the date it was issued, read from the front of the document
(the notice that issues a policy carries `包府办发〔2022〕43号` under its title and `2022年4月14日` under its body).
A plan published without them (达州's text opens with its title; 利州's notice names no number and no date) gives
neither, and is said not to, quoting the line that names the document (`NoticeFacts.title_line`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantext import CHINESE_CHAR, title_line

# 〔2022〕43号: the year in 〔〕 and the serial number; the issuer's code stands before it (包府办发, 皖开放办)
_SERIAL = re.compile(r"〔((?:19|20)\d{2})〕(\d{1,4})号")
ISSUER_CODE_MAX = 5  # an issuer's code is two to five characters (国办发, 阿府办发, 皖开放办, 国科发区)
# the cleaner joins a title line with the number line under it (`…的通知包府办发〔2022〕43号`): the code starts after
# the word that ends the title
_TITLE_ENDS = ("通知", "意见", "办法", "方案", "规划", "决定", "批复", "细则", "规定", "纲要")
# the date a notice was signed ends its line (`2022年4月14日`, `…执行小组办公室2022年3月23日`)
_SIGNED = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?=[ \t\u3000]*$)", re.M)

# what the question asks of the document itself. The number: by its name. The date: when the document (通知, 办法,
# 文件, notice, measures) was issued (印发, 出台, issued), the verb said of it: a date for something a document plans
# (`办法里，第三方评估报告什么时候发布`) is no question for its notice.
_ASKS_NUMBER = re.compile(r"文号|发文字号|document (?:number|no\b)|reference number|file number", re.I)
_DOC = r"(?:通知|文件|办法|意见|规划|方案|政策)"
_WHEN = r"(?:什么时候|啥时候|哪天|哪一天|哪年哪月|几月几[号日]|何时)"
_ISSUE = r"(?:印发|出台|下发|颁布|签发|成文|发布|发出|发)"
_ASKS_DATE = re.compile(
    rf"{_DOC}[^，,。？?、；;]{{0,4}}?{_WHEN}[^，,。？?；;]{{0,3}}?{_ISSUE}"  # 这个办法是哪天印发的
    rf"|{_WHEN}{_ISSUE}的?(?:这个|这份|该)?{_DOC}"  # 什么时候出台的这个政策
    rf"|{_DOC}的?(?:印发|发布|出台|成文)(?:日期|时间)"  # 通知的印发日期
)
_ASKS_DATE_EN = re.compile(
    r"\b(?:when|what date|which date|what day|which day)\b.*\b(?:issu|publish|releas|promulgat|sign)"
    r"|\b(?:issue|issuing|publication|release) date\b",
    re.I,
)
# …or by a plainer name, of a document the question names (the serial number of Anhui's RCEP notice: dev33 u6039)
_NUMBER_EN = re.compile(r"\b(?:serial|issue|official) number\b", re.I)
_DOCUMENT_EN = re.compile(r"\b(?:notice|circular|measures|opinions|document|guidelines?|polic(?:y|ies)|plan)\b", re.I)


LABELS = {"number": "文号", "date": "印发日期"}  # what each fact is called in an answer


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    """What the front of a document says of the notice (None: not said): the number with where it stands, and the
    signing date with its line (what an answer quotes for it)."""

    number: str | None = None
    number_at: int | None = None
    date: str | None = None
    date_line: str | None = None
    title_line: str = ""  # the line that names the document (plantext.title_line); "" when none does

    def cited(self, fact: str) -> tuple[str, str] | None:
        """`number` or `date` with the quote that gives it: the number as its own line of the notice (the cleaner
        joins it to the title), the date with its line; None when the notice does not say it."""
        if fact == "number":
            return (self.number, self.number) if self.number else None
        return (self.date, self.date_line) if self.date and self.date_line else None


def notice_facts(front: str) -> NoticeFacts:
    """The document number and the signing date in `front` (the text before a document's first heading), and the
    line that names the document."""
    title = title_line(front) or ""
    number = number_at = None
    if m := _SERIAL.search(front):
        start = m.start()
        while start > 0 and m.start() - start < ISSUER_CODE_MAX + 4 and CHINESE_CHAR.match(front[start - 1]):
            start -= 1
        code = front[start : m.start()]
        for word in _TITLE_ENDS:
            if word in code:
                code = code[code.rindex(word) + len(word) :]
        code = code[-ISSUER_CODE_MAX:]
        if code:
            number, number_at = code + m.group(), m.start() - len(code)
    if (date := _SIGNED.search(front)) is None:
        return NoticeFacts(number, number_at, title_line=title)
    line_start = front.rfind("\n", 0, date.start()) + 1
    return NoticeFacts(number, number_at, date.group(), front[line_start : date.end()].strip(), title)


def notice_asked(question: str) -> tuple[str, ...]:
    """What of the notice `question` asks: `number`, `date`, both (in that order) or neither."""
    asked = []
    if _ASKS_NUMBER.search(question) or (_NUMBER_EN.search(question) and _DOCUMENT_EN.search(question)):
        asked.append("number")
    if _ASKS_DATE.search(question) or (_ASKS_DATE_EN.search(question) and _DOCUMENT_EN.search(question)):
        asked.append("date")
    return tuple(asked)
