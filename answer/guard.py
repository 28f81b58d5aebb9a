"""Questions checked at the API edge (PlanQA.ask), before anything else sees them.

A question is cleaned (control and format characters removed: NUL, BEL, zero-width and bidi controls, lone
surrogates) and refused with a clear message when nothing is left or when it is longer than the setting allows;
a long history keeps its last turns only. What a question *asks* is not judged here: a question that tries to steer
the model ("忽略以上指令…") goes through the same retrieval, evidence and verification as any other, and is answered
from the plans or refused by them (tests/test_reliability_questions.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from config import Settings
from errors import EmptyQuestion, InvalidQuestion, QuestionTooLong

# Unicode categories removed from questions: Cc control (NUL, BEL, ESC …), Cf format (zero-width space and joiner,
# bidi overrides that reorder what a log or the page shows), Cs lone surrogates (not encodable as UTF-8), Co private
# use (no meaning to share). Tab and line ends become spaces; emoji and every letter stay.
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co"})
_SPACES = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")


def clean_text(text: str) -> str:
    """`"达州\\x00高新技术企业\\u200b目标？\\n"` -> `"达州高新技术企业目标？"`: control and format characters dropped,
    line ends as spaces, runs of whitespace as one space, the ends stripped."""
    out = []
    for ch in text:
        if ch in _SPACES:
            out.append(" ")
        elif unicodedata.category(ch) not in _DROPPED:
            out.append(ch)
    return " ".join("".join(out).split())


def check_question(
    question: str, history: Sequence[tuple[str, str]], settings: Settings
) -> tuple[str, list[tuple[str, str]]]:
    """(the question cleaned, the last `max_history_turns` turns of history cleaned), or EmptyQuestion /
    QuestionTooLong. The length is judged on the cleaned question, in characters (a Chinese character is one)."""
    max_chars, max_turns = settings.max_question_chars, settings.max_history_turns
    if not isinstance(question, str):
        raise EmptyQuestion("问题必须是文字。")
    cleaned = clean_text(question)
    if not cleaned:
        raise EmptyQuestion("问题为空：请输入要查询的规划内容，例如“达州市2025年高新技术企业目标是多少？”")
    if len(cleaned) > max_chars:
        raise QuestionTooLong(
            f"问题太长：{len(cleaned):,} 字，上限 {max_chars:,} 字（PLANQA_MAX_QUESTION_CHARS）。请一次只问一个问题。"
        )
    turns = list(history or ())[-max_turns:] if max_turns > 0 else []
    try:
        # an earlier question was checked when it was asked; clipped all the same, it came back from the client
        return cleaned, [(clean_text(str(q))[:max_chars], clean_text(str(a))) for q, a in turns]
    except (TypeError, ValueError) as e:
        raise InvalidQuestion(f"对话历史格式不对：应为 [问题, 回答] 的列表（{e}）") from e
