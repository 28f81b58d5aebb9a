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

from jieba import posseg

from answer.direct import question_form
from answer.period import PERIOD, YEAR, years_named
from answer.scope import known_places, longest_first
from plantext import in_english

# Words that point back to the previous turn (这方面, 类似的, 这个指标, 其, 它的 …), or a question that starts with
# 那/还有 or ends with 呢. A question with one of them and a topic of its own adds that topic to the previous one.
_POINTER = re.compile(
    r"这方面|这块|这一块|这些|这个|这项|这种|这类|这一|这事|这件事|此事|该|其|它们|它|他们|上述|刚才|前面|同样|类似|相关的"
)
# A place followed by 那边 (利州那边点名的有哪些？) points back to the last question as well; after a topic (政务云那边
# 有什么安排) 那边 only marks that topic, which stands with the place of the last question.
_PLACE_THERE = "(?:那边|这边|那块|这块)"
_OPENER = re.compile(r"^(?:那么|那|还有|另外|再|又|那如果)|^\s*(?:and|what about|how about)\b", re.I)
_CLOSER = re.compile(r"呢[？?。!！]*$")
# When a question is asked for: a year or a period as answer/period.py reads them (2035年, 十三五末), the long term
# (远景), now (现在, 目前). A follow-up that names one of them asks the previous question for that time
# (`那十三五末是多少`).
_TIME = re.compile(f"{YEAR.pattern}|{PERIOD.pattern}|远景|现在|目前")
# Words that place a question in space or time relative to the last one (那边, 那块, 的时候): no topic.
_DEICTIC = re.compile(r"那边|这边|那里|这里|那块|这块|那时候|的时候|时候|当时")
_PREDICATE = re.compile(r"目标|有多少|要达到|达到|是多少|多少|有几|几")
# What is left of a question without its places, years, periods, pointers and question words is its own topic.
# Two characters or fewer (基数, 的) is no topic: `基数是多少，2020年的` only changes the year of the last question.
_QUESTION_WORDS = re.compile(
    r"是多少|多少|是什么|什么|有哪些|哪些|哪个|怎么样|怎么|如何|有没有|是不是|会不会|能不能|可不可以|吗|呢|吧|啊|呀"
    r"|的话|的|了|是|有|要|几|情况|方面|指标|目标|数据|具体|一下|请问|那么|那|还有|另外|又|再|也|呢"
    # Sichuan 好多 (多少), and the words that join two years (2025年和2035年分别要到好多)
    r"|好多|分别|各自|各|和|与|及|到"
)
# …unless it is a noun the plans hold that the previous question does not: `钠这块呢？` after a question about 锂资源
# asks about 钠 (dev4 u893 was answered about 锂 again), while `基数` is no word of the plans and `定` no noun.
_MAX_TOPIC_CHARS = 2
_MAX_FOLLOWUP_CHARS = 30  # longer questions state their own subject, whatever words they use
# A question this short that names no place, in a conversation, asks about the previous question's subject even
# without a word pointing back (`谁牵头？`, `跟哪些学校合作？`, `重点招哪些行业？`): it joins the previous question.
# Longer ones (`区校合作对接会要开几次？`, 12) keep only its place. Set on the elliptical questions of dev5 (4–10
# characters) and dev's u115 (BENCHMARKS.md, seventh pass).
ELLIPTIC_MAX_CHARS = 10


def own_topic(question: str, names: Iterable[str]) -> str:
    """The question's own topic: `区校合作对接会要开几次？` -> `区校合作对接会开次`; `那广元那边呢？` -> ``."""
    rest = question
    for n in sorted(names, key=longest_first):
        rest = rest.replace(n, "")
    rest = _DEICTIC.sub("", rest)  # before the question words, which would leave 边 of 那边
    rest = _TIME.sub("", rest)
    rest = _POINTER.sub("", rest)
    rest = _QUESTION_WORDS.sub("", rest)
    return "".join(ch for ch in rest if ch.isalnum())


def has_own_topic(question: str, names: Iterable[str] = ()) -> bool:
    """Whether a question has words of its own beyond places, times, pointers and question words (`哪几个部门负责`
    has; `2030年的呢` and `那广元那边呢` have not)."""
    return len(own_topic(question, names)) > _MAX_TOPIC_CHARS


def new_topic_words(terms: Iterable[str], earlier: str, knows: Callable[[str], bool]) -> list[str]:
    """Of a follow-up's `terms` (its words as the evidence scorer reads them, without the words that point back or
    place it: `without_pointers`), the nouns the plans hold that no earlier question of the conversation names: `政务云`
    after a question on 千企上云 (政务), `数字贸易这块呢？` after one on 跨境电商 (数字, 贸易). None for `谁牵头？`
    (a verb: it asks about the previous topic) or `利州那边点名的有哪些？` (点名 was asked before)."""
    return [t for t in terms if t not in earlier and knows(t) and _is_noun(t)]


def without_pointers(question: str) -> str:
    """The question without the words that point back or place it in space and time (这块, 那边, 这方面)."""
    return _POINTER.sub(" ", _DEICTIC.sub(" ", question))


def is_followup(question: str, names: Iterable[str] = ()) -> bool:
    """A question that cannot stand alone: it points back (这方面, 类似的, 那…呢) or has no topic of its own."""
    q = question.strip()
    if len(q) > _MAX_FOLLOWUP_CHARS:
        return False
    if _POINTER.search(q) or _OPENER.search(q) or _CLOSER.search(q):
        return True
    if any(re.search(re.escape(n) + _PLACE_THERE, q) for n in names):
        return True
    return not has_own_topic(q, names)


def _mentioned(text: str, names: Iterable[str]) -> str | None:
    """The longest place name that occurs in text; of names as long, the one written last (`广元利州` names the
    district 利州 of the city 广元)."""
    found = [n for n in names if n in text]
    return max(found, key=lambda n: (len(n), text.rfind(n))) if found else None


def rewrite_followup(
    question: str,
    history: Sequence[tuple[str, str]],
    place_names: Iterable[str],
    *,
    knows: Callable[[str], bool] | None = None,
) -> str:
    """The standalone form of `question` given earlier (question, answer) turns; unchanged when not a follow-up.

    The rules handle a new place or year, a new topic that replaces one ending in the same word (平台 for 平台), and a
    question that names no place (it keeps the previous one's). A pointer back with a topic of its own (这方面有没有
    专门的资金) is put next to the previous question, with or without an LLM. `knows`: whether the plans hold a word
    (a short topic of their words is a topic: `钠这块呢？`).

    The local LLM used to phrase what the rules could only put side by side. Of the dev files' 589 items with a
    history, for 335 it was asked and its question differed from the rules' joined one; the extractive answer was
    right for 314 with the rules' question and 299 with the model's (+20 −5; items to decline 36 both): the model
    often handed back the previous question without the new topic (`生物医药呢？` after a question on 新材料 became
    `利州新材料领域依托哪家企业？`), while the joined question keeps the follow-up's typed words, which the evidence
    ranking weighs (answer/evidence.py, TYPED_WEIGHT). BENCHMARKS.md, fifty-fifth pass.
    """
    names = sorted(set(place_names), key=longest_first)
    # a place no document covers is still a place: `那旺苍县呢？` after a question about 利州区 asks about 旺苍县, it
    # does not add 旺苍县 to 利州区's question (dev4 u947 was answered with 利州区's value). Whether a question is a
    # follow-up at all is still judged with the documents' names (`成都有什么政策` is a question of its own).
    places = sorted(set(names) | set(known_places()), key=longest_first)
    previous = ""
    for q, _ in history:
        previous = _rewrite_one(q, previous, names, places, knows=knows) if previous else q
    return _rewrite_one(question, previous, names, places, knows=knows) if previous else question


def _rewrite_one(
    question: str,
    previous: str,
    names: list[str],
    places: list[str],
    *,
    knows: Callable[[str], bool] | None = None,
) -> str:
    q = question.strip()
    prev = previous.strip()
    new_place = _mentioned(q, places)
    old_place = _mentioned(prev, places)
    if in_english(q):  # an English follow-up starts with And / What about / How about (`And the 2025 target?`)
        return _english_followup(q, prev, names) if _OPENER.search(q) else question
    if not is_followup(q, names):
        if not new_place and len(q.rstrip("？?。！! ")) <= ELLIPTIC_MAX_CHARS:
            return f"{prev} {q}"  # elliptical: it asks about what the previous question asked about
        if old_place and not new_place:
            return f"{old_place} {q}"  # a new question in the same conversation stays with its place
        return question
    topic = own_topic(q, places)
    new_word = bool(topic) and knows is not None and knows(topic) and topic not in prev and _is_noun(topic)
    if len(topic) <= _MAX_TOPIC_CHARS and not new_word:
        substituted = _substitute(q, prev, new_place, old_place)
        # it may ask something else of the same subject (`建几个？` after `要建…载体吗？`): then it is kept too
        asks = question_form(q)
        return f"{substituted} {q}" if asks != "other" and asks != question_form(prev) else substituted
    # a topic of its own: it takes the place of the previous topic when both end in the same word (平台, 数据),
    # otherwise it joins the previous question
    own = _OPENER.sub("", _CLOSER.sub("", q)).strip("，,。？? ")
    own = _POINTER.sub("", own).strip("，,。？? 的")
    # `有条件开放的数据呢，多久处理` -> the new topic `有条件开放的数据`, then what is asked about it
    phrase, *rest = [p for p in re.split(r"呢|[，,]", own) if p.strip()] or [own]
    phrase = phrase.strip()
    if new_place and (bare := phrase.replace(new_place, "").strip()):
        # the place goes into the previous question (`_substitute`), not into its phrase too: `那达州在场馆这块是咋
        # 打算的？` after `利州打算靠啥场馆…？` had become `达州达州在场馆是咋打算靠啥场馆…` (dev40 u7128)
        phrase = bare
    # a new place, or a year for the previous question's year, goes into the previous question before the topic
    # joins it: `那2030年这一项的目标值又是好多件？` after a question on 2025 asks for 2030 alone (dev33 u6053 was
    # answered with the 2025 value). A year the previous question had none for is left with the topic.
    new_year = _TIME.search(q) and _TIME.search(prev)
    base = _substitute(q, prev, new_place, old_place) if new_place or new_year else prev
    # a head right after a pointer names the previous topic, not a new one: `为这个目标，要先构建完善个啥子体系？`
    # after `利州数字经济发展的目标是啥？` asks about that goal (dev20 u3941 had become `利州为目标是啥？`)
    pointed_head = re.search(f"(?:{_POINTER.pattern}){re.escape(phrase[-2:])}", q)
    replaced = None if pointed_head else _replace_head(base, phrase, places)
    if replaced:
        return f"{replaced} {' '.join(rest)}".strip()
    return f"{base} {own}"


def _english_followup(q: str, prev: str, names: Sequence[str]) -> str:
    """`And for Lizhou?` / `And the 2025 target?` after an English question: the previous question with the new
    place or year put in, then the follow-up. A follow-up that names what no document is called (`What about
    Jiange County?`) stands alone, so that the scope reads it (answering it with the previous place's values
    would give another region's numbers)."""
    latin = [n for n in names if n.isascii()]
    proper = re.findall(r"\b[A-Z][a-z]+\b", q)[1:]  # capitalised words after the first
    if any(not any(w.lower() in n.lower() for n in latin) for w in proper):
        return q
    joined = prev
    new = next((n for n in latin if n.lower() in q.lower()), None)
    old = next((n for n in latin if n.lower() in prev.lower()), None)
    if new and old and new.lower() != old.lower():
        joined = re.sub(re.escape(old), new, joined, flags=re.I)
    new_years, old_years = years_named(q), years_named(joined)
    if new_years and old_years:
        joined = joined.replace(old_years[-1], new_years[-1])
    return f"{joined} {q}"


def load_tagger() -> None:
    """Build jieba's default tokenizer, which posseg tags with (`_is_noun`: about half a second), so that the first
    follow-up does not wait for it."""
    _is_noun("预热")


def _is_noun(word: str) -> bool:
    """Whether jieba tags the word a noun or a fixed expression that names something (钠, 钱, 全市; 玻纤 is tagged
    l, 高企 j, an abbreviation); not 定 or 边."""
    return any(t.flag.startswith("n") or t.flag in ("j", "l") for t in posseg.lcut(word))


def _substitute(q: str, previous: str, new_place: str | None, old_place: str | None) -> str:
    """The previous question with the new place and time put in: `那达州呢？` + `利州区2025年…` -> `达州2025年…`,
    `那十三五末是多少` + `…2035年目标是多少？` -> `…十三五末目标是多少？`."""
    result = previous
    if new_place and new_place != old_place:
        # every mention: `利州搞乡村振兴科技支撑行动是助力啥子利州？` then `那青川县的…呢` asks about 青川县 alone; the
        # second 利州 left in had kept the question in 利州区's plan (dev27 u5102 answered with 利州's measures)
        result = result.replace(old_place, new_place) if old_place else new_place + result
    new_years = [m.group() for m in _TIME.finditer(q)]
    if new_years:
        # every year the follow-up names: `2025年和2035年分别要到好多？` asks for both (`远景2035年` is one time)
        years = list(dict.fromkeys(t for t in new_years if any(c.isdigit() for c in t)))
        new = "和".join(years) if len(years) > 1 else new_years[-1]
        old_years = [m.group() for m in _TIME.finditer(result)]
        if old_years:
            result = result.replace(old_years[-1], new, 1)
        else:
            # before the question's predicate: 达州高新技术企业有多少家 -> 达州高新技术企业2025年有多少家
            m = _PREDICATE.search(result)
            at = m.start() if m else len(result.rstrip("？?"))
            result = result[:at] + new + result[at:]
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
