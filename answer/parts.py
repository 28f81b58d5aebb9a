"""A question that asks two things at once, answered part by part.

`…how many points are given to building the city-brain platform, and how many to exploring digital-finance
scenarios?` or `2020年，达州全社会R&D花了多少亿元？省级的农业类园区建成了多少家？`: each part has a topic of its
own, and the passages that answer it are found by its own words. Searched as one question, the ranking puts one part's
passages first and the answer gives that part alone (dev27 u5077, dev33 u5992: the other figure was in no sentence
shown). Each part is answered as a question of its own, in the documents the whole question was answered from, and
the answers are joined (Answerer.ask).

Split only where the parts stand alone:
- English: at `, and how/what/which/when/by/on/in …` (a comma, then a second question: `how many firms and how
  many parks does Dazhou plan` is one question, its verb and place after both);
- Chinese: at each ？, when every part asks for a number (多少, 几, 好多) and has a topic of its own
  (`…2020年基数是多少？2035年要到多少？` asks two years of one indicator, which the whole question's rows answer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from answer.types import MARKER, Answer, Citation
from plantext import in_english

EN_SPLIT = re.compile(r",\s+and\s+(?=(?:how|what|which|when|where|who|by|on|in)\b)", re.I)
EN_ASKS = re.compile(r"\b(?:how|what|which|when|where|who)\b", re.I)
ZH_PART_END = re.compile(r"(?<=[？?])")
ZH_VALUE_ASKED = re.compile(r"多少|几|好多")
HEADER = re.compile(r"^根据.*[：:]$")  # 根据《…》： above an answer's lines


def question_parts(question: str, has_topic: Callable[[str], bool]) -> list[str]:
    """The questions `question` asks one after another, each to be answered alone; [] when it asks one thing (or
    its parts lean on each other). `has_topic`: whether a Chinese part names a topic of its own."""
    q = question.strip()
    if in_english(q):
        parts = [p.strip(" ,;") for p in EN_SPLIT.split(q)]
        if len(parts) < 2 or not all(EN_ASKS.search(p) for p in parts):
            return []
        return [p.rstrip("?？ ") + "?" for p in parts]
    parts = [p.strip() for p in ZH_PART_END.split(q) if p.strip()]
    if len(parts) < 2 or not all(ZH_VALUE_ASKED.search(p) and has_topic(p) for p in parts):
        return []
    return parts


def joined(whole: Answer, parts: Sequence[Answer]) -> Answer:
    """One answer from the parts' answers, in the order asked: when they answer from the same documents, one
    根据《…》： line, each part's direct first line, then the lines that support them; otherwise each part's answer
    under its own. Citations are renumbered (a passage cited by several parts keeps one number); a line two parts
    give is shown once. `whole`: the whole question's answer, whose question, query and retrieved passages it
    keeps."""
    headers = [a.text.splitlines()[0] for a in parts if a.text and HEADER.match(a.text.splitlines()[0])]
    one_header = len(headers) == len(parts) and len(set(headers)) == 1
    by_chunk: dict[str, int] = {}  # chunk id -> its new [n]
    quoted: set[tuple[str, str]] = set()
    citations: list[Citation] = []
    leads: list[str] = []  # each part's first line: its direct answer
    rest: list[str] = []
    for a in parts:
        renumber: dict[int, int] = {}
        for c in a.citations:
            n = by_chunk.setdefault(c.chunk_id, len(by_chunk) + 1)
            renumber[c.n] = n
            if (c.chunk_id, c.quote) not in quoted:
                quoted.add((c.chunk_id, c.quote))
                citations.append(Citation(n, c.chunk_id, c.doc_title, c.region, c.heading_path, c.quote, c.source))
        body = [_renumbered(line, renumber) for line in a.text.splitlines()]
        if one_header:
            leads += body[1:2]
            rest += body[2:]
        else:
            rest += body  # each part under its own 根据《…》： line
    lines = [headers[0]] if one_header else []
    lines += dict.fromkeys([*leads, *rest])  # in order, a line two parts give once
    timings = {"total": sum(a.timings_ms.get("total", 0.0) for a in (whole, *parts))}
    return Answer(
        question=whole.question,
        text="\n".join(lines),
        citations=tuple(citations),
        refused=False,
        retrieved=whole.retrieved,
        timings_ms=timings,
        query=whole.query,
        checks=(*whole.checks, "parts"),
        route=whole.route,
        relevance=whole.relevance,
    )


def _renumbered(line: str, renumber: dict[int, int]) -> str:
    return MARKER.sub(lambda m: f"[{renumber.get(int(m.group(1)), 0)}]", line)
