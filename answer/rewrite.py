"""Follow-up questions → standalone questions, by rules for the common forms (no LLM needed).

history: 达州2025年技术市场合同成交额目标是多少？   question: 利州区的这个指标呢？
-> 利州区2025年技术市场合同成交额目标是多少？
history: 利州区研发经费投入强度2025年目标是多少？   question: 2035年呢？
-> 利州区研发经费投入强度2035年目标是多少？
history: 达州的高新技术企业培育有什么计划？   question: 这方面有没有专门的资金？
-> 达州的高新技术企业培育有什么计划？ 有没有专门的资金
history: 阿坝州有条件共享的政务数据，部门多久要答复？   question: 那有条件开放的数据呢，多久处理？
-> 阿坝州有条件开放的数据，部门多久要答复？ 多久处理
history: 利州区十四五期间要签订多少科技合作项目？   question: 区校合作对接会要开几次？
-> 利州区 区校合作对接会要开几次？ (a question that names no place stays with the previous one's place)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from answer.period import PERIOD
from answer.scope import known_places

# Words that point back to the previous turn (这方面, 类似的, 这个指标, 其, 它的 …), or a question that starts with
# 那/还有 or ends with 呢. A question with one of them and a topic of its own adds that topic to the previous one.
_POINTER = re.compile(r"这方面|这块|这一块|这些|这个|这项|这种|这类|这一|该|其|它|上述|刚才|前面|同样|类似|相关的")
_OPENER = re.compile(r"^(?:那么|那|还有|另外|再|又|那如果)")
_CLOSER = re.compile(r"呢[？?。!！]*$")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_PREDICATE = re.compile(r"目标|有多少|要达到|达到|是多少|多少|有几|几")
# What is left of a question without its places, years, periods, pointers and question words is its own topic.
# Two characters or fewer (基数, 的) is no topic: `基数是多少，2020年的` only changes the year of the last question.
_QUESTION_WORDS = re.compile(
    r"是多少|多少|是什么|什么|有哪些|哪些|哪个|怎么样|怎么|如何|有没有|是不是|会不会|能不能|可不可以|吗|呢|吧|啊|呀"
    r"|的话|的|了|是|有|要|几|情况|方面|指标|目标|数据|具体|一下|请问|那么|那|还有|另外|又|再|也|呢"
)
# …unless it is a word the plans hold that the previous question does not: `钠这块呢？` after a question about 锂资源
# asks about 钠 (dev4 u893 was answered about 锂 again), while `基数` is no word of the plans.
_MAX_TOPIC_CHARS = 2
_MAX_FOLLOWUP_CHARS = 30  # longer questions state their own subject, whatever words they use


def _topic(question: str, names: Iterable[str]) -> str:
    """The question's own topic: `区校合作对接会要开几次？` -> `区校合作对接会开次`; `那广元那边呢？` -> ``."""
    rest = question
    for n in sorted(names, key=len, reverse=True):
        rest = rest.replace(n, "")
    rest = _YEAR.sub("", rest)
    rest = PERIOD.sub("", rest)
    rest = _POINTER.sub("", rest)
    rest = _QUESTION_WORDS.sub("", rest)
    rest = re.sub(r"那边|这边|那里|这里", "", rest)
    return "".join(ch for ch in rest if ch.isalnum())


def is_followup(question: str, names: Iterable[str] = ()) -> bool:
    """A question that cannot stand alone: it points back (这方面, 类似的, 那…呢) or has no topic of its own."""
    q = question.strip()
    if len(q) > _MAX_FOLLOWUP_CHARS:
        return False
    return bool(_POINTER.search(q) or _OPENER.search(q) or _CLOSER.search(q)) or len(_topic(q, names)) <= (
        _MAX_TOPIC_CHARS
    )


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
    knows: Callable[[str], bool] | None = None,
) -> str:
    """The standalone form of `question` given earlier (question, answer) turns; unchanged when not a follow-up.

    The rules handle a new place or year, a new topic that replaces one ending in the same word (平台 for 平台), and a
    question that names no place (it keeps the previous one's). A pointer back with a topic of its own (这方面有没有
    专门的资金) is put next to the previous question; `fallback` (the LLM), when there is one, is asked to phrase it
    first. `knows`: whether the plans hold a word (a short topic of their words is a topic: `钠这块呢？`).
    """
    names = sorted(set(place_names), key=len, reverse=True)
    # a place no document covers is still a place: `那旺苍县呢？` after a question about 利州区 asks about 旺苍县, it
    # does not add 旺苍县 to 利州区's question (dev4 u947 was answered with 利州区's value). Whether a question is a
    # follow-up at all is still judged with the documents' names (`成都有什么政策` is a question of its own).
    places = sorted(set(names) | set(known_places()), key=len, reverse=True)
    previous = ""
    for q, _ in history:
        previous = _rewrite_one(q, previous, names, places, fallback, knows) if previous else q
    return _rewrite_one(question, previous, names, places, fallback, knows) if previous else question


def _rewrite_one(
    question: str,
    previous: str,
    names: list[str],
    places: list[str],
    fallback: Rewriter | None = None,
    knows: Callable[[str], bool] | None = None,
) -> str:
    q = question.strip()
    prev = previous.strip()
    new_place = _mentioned(q, places)
    old_place = _mentioned(prev, places)
    if not is_followup(q, names):
        if old_place and not new_place:
            return f"{old_place} {q}"  # a new question in the same conversation stays with its place
        return question
    topic = _topic(q, places)
    new_word = bool(topic) and knows is not None and knows(topic) and topic not in prev
    if len(topic) <= _MAX_TOPIC_CHARS and not new_word:
        return _substitute(q, prev, new_place, old_place)
    # a topic of its own: it takes the place of the previous topic when both end in the same word (平台, 数据),
    # otherwise it joins the previous question
    own = _OPENER.sub("", _CLOSER.sub("", q)).strip("，,。？? ")
    own = _POINTER.sub("", own).strip("，,。？? 的")
    # `有条件开放的数据呢，多久处理` -> the new topic `有条件开放的数据`, then what is asked about it
    phrase, *rest = [p for p in re.split(r"呢|[，,]", own) if p.strip()] or [own]
    base = _substitute(q, prev, new_place, old_place) if new_place else prev
    replaced = _replace_head(base, phrase.strip(), places)
    if replaced:
        return f"{replaced} {' '.join(rest)}".strip()
    if fallback is not None:  # the LLM phrases what the rules could only put side by side
        rewritten = fallback(q, prev)
        if rewritten:
            return rewritten
    return f"{base} {own}"


def _substitute(q: str, previous: str, new_place: str | None, old_place: str | None) -> str:
    """The previous question with the new place and year put in: `那达州呢？` + `利州区2025年…` -> `达州2025年…`."""
    result = previous
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
    return result


# Where a noun phrase starts, reading back from its last word: punctuation, or a word that governs it (对, 在 …).
_PHRASE_START = set("，,。？?；;：:、 \t年对向给为在把将要")


def _replace_head(previous: str, own: str, names: Iterable[str] = ()) -> str | None:
    """`安徽对企业级工业互联网平台奖补多少？` with `跨行业跨领域的平台` -> `安徽对跨行业跨领域的平台奖补多少？`: the
    previous question's phrase that ends in the same two-character word as the new topic is replaced by it. The
    phrase never reaches back into a place name: `阿坝州有条件共享的政务数据` keeps 阿坝州."""
    if len(own) < 3:
        return None
    head = own[-2:]
    at = previous.rfind(head)
    if at < 0:
        return None
    end = at + len(head)
    start = at
    while start > 0 and previous[start - 1] not in _PHRASE_START:
        if any(previous[:start].endswith(n) for n in names):
            break
        start -= 1
    if previous[start:end] == own:
        return None
    return previous[:start] + own + previous[end:]
