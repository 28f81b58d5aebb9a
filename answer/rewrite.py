"""Follow-up questions → standalone questions, by rules for the common forms.

history: 达州2025年技术市场合同成交额目标是多少？   question: 利州区的这个指标呢？
-> 利州区2025年技术市场合同成交额目标是多少？
history: 利州区研发经费投入强度2025年目标是多少？   question: 2035年呢？
-> 利州区研发经费投入强度2035年目标是多少？
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

_FOLLOWUP = re.compile(r"(呢[？?]?$|^(那|那么|还有|另外)|这个|该指标|这一|同样|它的|其)")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_MAX_FOLLOWUP_CHARS = 24
_PREDICATE = re.compile(r"目标|有多少|要达到|达到|是多少|多少|有几|几")


def is_followup(question: str) -> bool:
    q = question.strip()
    return len(q) <= _MAX_FOLLOWUP_CHARS and bool(_FOLLOWUP.search(q))


def _mentioned(text: str, names: Iterable[str]) -> str | None:
    """The longest place name that occurs in text."""
    found = [n for n in names if n in text]
    return max(found, key=len) if found else None


Rewriter = Callable[[str, str], str | None]  # (follow-up, previous standalone question) -> standalone, or None


def rewrite_followup(
    question: str,
    history: Sequence[tuple[str, str]],
    place_names: Iterable[str],
    fallback: Rewriter | None = None,
) -> str:
    """The standalone form of `question` given earlier (question, answer) turns; unchanged when not a follow-up.

    The rules handle a new place or a new year. For other follow-ups (这个政策具体怎么申请？) `fallback` (the LLM) is
    asked; without one, or when it gives nothing usable, the new words are put next to the previous question.
    """
    names = sorted(set(place_names), key=len, reverse=True)
    previous = ""
    for q, _ in history:
        previous = _rewrite_one(q, previous, names, fallback) if previous else q
    return _rewrite_one(question, previous, names, fallback) if previous else question


def _rewrite_one(question: str, previous: str, names: list[str], fallback: Rewriter | None = None) -> str:
    if not is_followup(question):
        return question
    q = question.strip()
    result = previous.strip()
    new_place = _mentioned(q, names)
    old_place = _mentioned(result, names)
    if new_place and new_place != old_place:
        result = result.replace(old_place, new_place, 1) if old_place else new_place + result
    new_years = _YEAR.findall(q)
    if new_years:
        old_years = _YEAR.findall(result)
        if old_years:
            result = result.replace(old_years[-1], new_years[-1], 1)
        else:
            # before the question's predicate: 达州高新技术企业有多少家 -> 达州高新技术企业2025年有多少家
            m = _PREDICATE.search(result)
            at = m.start() if m else len(result.rstrip("？?"))
            result = result[:at] + new_years[-1] + result[at:]
    if result == previous.strip():
        # neither a place nor a year to substitute: the LLM, else the new words next to the old question
        rewritten = fallback(q, previous.strip()) if fallback else None
        if rewritten:
            return rewritten
        rest = _FOLLOWUP.sub("", q).strip("，,。？? ")
        result = f"{previous.strip()} {rest}".strip()
    return result
