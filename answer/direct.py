"""The direct answer that goes first: the number, the list, or the yes/no the question asks for, cut from the best
evidence sentence (extractive: every word is the plan's, cited to it).

    direct_line("达州十四五期间要新培养多少名技术经纪人", "…培养力度，培养本土技术经纪人100名。", cover)
    -> "培养本土技术经纪人100名"
    direct_line("北京数据专区一般分哪几种类型", "…的统称，一般分为领域类、区域类及综合基础类三种类型。", cover)
    -> "一般分为领域类、区域类及综合基础类三种类型"
    direct_line("数据能不能拿去卖？", "…不得以营利为目的对原始数据以任何形式进行交易。", cover)
    -> "不能。不得以营利为目的对原始数据以任何形式进行交易"
    direct_line("智慧养老平台由哪个单位牵头？", "…养老服务。（0.5分）（10月底完成，牵头考核单位：市民政局）", cover)
    -> "10月底完成，牵头考核单位：市民政局"
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.query import PART_QUESTION
from plantext import BRACKET_NOTE

# The form of a question, by how it asks (checked in this order).
# Who is responsible (not who may apply: 谁可以申请 asks for conditions, and stays `other` or yes/no).
_WHO = re.compile(
    r"(?:由|归|是)谁|谁(?:来)?(?:负责|牵头|主管|管|承担|组织|实施)|(?:哪个|哪些|哪家|哪几个|哪几家|什么)(?:单位|部门|机构|局|厅)"
    r"|牵头单位|责任单位|负责单位|\bwho\b|which (?:department|agency|authority|body|office|unit)"
    r"|有没有人(?![才员民口力群])|有(?:没有)?谁"  # 有没有人检查它合不合规: whether someone does, and who
)
# `when` asks a time as a question word: opening the question or a clause, before an auxiliary (when will it open),
# after a verb of telling or knowing (tell me when); joining two clauses it only sets a condition (what percentage
# is subsidised when firms buy equipment: dev22 u4256 was told 规划未提及具体时间), and so it does opening a clause
# that a question word after its comma asks of (When Dazhou re-formed its expert committee, how many experts were
# hired: dev32 u5870 was told 规划未提及具体时间).
WHEN_EN = (
    r"^when\b(?![^?,;]*,\s*(?:how|what|which|who|whom|where|why)\b)|(?:[,;]\s*|\band\s+|\bor\s+)when\b"
    r"|\bwhen\s+(?:will|would|does|do|did|is|are|was|were|can|could|should|shall|has|have|had|must|might)\b"
    r"|\b(?:know|tell (?:me|us)|say|says|specify|specifies|state|states|by|until|since) when\b"
)
# 何时 asks when, but not inside 任何时候 (any time: 比以前任何时候都更离不开啥子 was told 规划未提及具体时间, dev32
# u5771); answer/detail.py reads a time asked by it too
HESHI = r"(?<!任)何时"
_WHEN = re.compile(rf"什么时候|啥时候|{HESHI}|哪一?年|几月|截止|期限|多久|多长时间|what year|deadline|" + WHEN_EN)
_DEFINITION = re.compile(
    r"什么是|是什么意思|啥意思|什么意思|是指什么|指的是什么|到底是个?啥|是个啥|是啥|定义|what is|what are"
)
_LIST = re.compile(r"哪几|哪些|几种|几类|几条|几项|几方面|几大|分为|分成|包括什么|包含什么|由哪|有什么类型|有哪|which")
_NUMBER = re.compile(r"多少|几[个家件名项所次人座年倍分]|比重|占比|强度|how many|how much|what share|what percentage")
# Yes/no questions and the word the answer repeats: 有没有 -> 有, 会不会 -> 会, 能不能/能…吗 -> 能, 是不是/是…吗 -> 是;
# a question that ends on a verb and 不 (规划支持不？, 算重点不) is answered 是 or not (dev17 u3409 had been read as
# asking how many from its 上下游几家小厂).
_YES_NO = (
    (re.compile(r"有没有|有无|有.{0,20}吗|有.{0,12}不[？?]?$"), "有"),
    (re.compile(r"会不会|会.{0,20}吗"), "会"),
    (re.compile(r"能不能|可不可以|能否|可否|能.{0,20}吗|可以.{0,20}吗|能.{0,12}不[？?]?$"), "能"),
    (re.compile(r"是不是|是否|是.{0,20}吗|吗[？?]?$|(?<![是有能会])不[？?]?$"), "是"),
)
# The clause of a definition: `数据专区…是指…的统称` -> from the subject on.
_DEFINES = re.compile(r"是指|指的是|所称[^，。]{0,20}，?是|是[^，。]{2,60}的统称")
# The part of a sentence that enumerates: after 分为/包括/主要有/由…组成, or a run of items joined by 、.
_ENUMERATES = re.compile(r"(?:一般)?(?:分为|分成|划分为|包括|包含|主要有|涵盖|由)")
_NEGATIVE = re.compile(r"不得|禁止|严禁|不能|不予|不准|不允许")
# …but not when the question itself says the same thing is not done: `列成不开放的政府数据，以后有没有可能放出来？`
# asks about data that is 不予开放, and the passage's `不得开放的政务数据` names that data rather than saying 没有
# (dev31 u5633 was answered 没有。). The two characters after the passage's negation (开放), negated in the question
# (不开放, 不予开放, 没开放), are its premise; no yes or no is read from such a clause.
_NEGATED_VERB = re.compile(f"(?:{_NEGATIVE.pattern})(?:以|被|向)?([\u4e00-\u9fff]{{2}})")
_QUESTION_NEGATION = "(?:不|没|未|非)(?:予|得|能|可|被)?"
# Whether something will be done to the asker (会不会被泄露, 会被追责吗, 会不会把隐私泄露出去): the passage that answers
# is a measure against it (加强个人信息安全保护, 免于问责), so its 会 would affirm the harm: the clause goes first
# without the word, unless the passage forbids the harm outright (禁止垄断经营: 不会).
_HARM_ASKED = re.compile(r"会不会(?:被|把|让|遭)|会[^，,。？?]{0,12}被[^，,。？?]{0,12}吗")
_CLAUSE = re.compile(r"[^，,；;。：:！？!?]+")
_PART = re.compile(r"[^；;。]+")  # the parts of a sentence of several measures, each closed by a semicolon
_HAS_NUMBER = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千]+[个家件名项所次倍]")
# A cap asked (补贴上限多少, 封顶多少, 最多能拿多少) and the clause that gives one (单个企业最高1000万元, 不超过50%);
# answer/detail.py reads a cap of a payment as an amount asked by the same words
CAP_WORDS = "上限|封顶|最高|最多"
_CAP_ASKED = re.compile(rf"{CAP_WORDS}|顶格|at most|maximum|\bcap\b|up to")
_CAP_GIVEN = re.compile(rf"{CAP_WORDS}|顶格|不超过|不高于")
_ITEM_NUMBER = re.compile(r"^(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})[．.、](?![0-9])\s*")
# What says who is responsible, and what says when, in a sentence or its bracketed note (plantext.BRACKET_NOTE,
# kept with the sentence: `（省商务厅负责）`, `（10月底完成，牵头考核单位：市民政局）`).
UNIT_VERBS = "负责|牵头|主管|承担|监管"  # what a unit named in a sentence does there
_WHO_GIVEN = re.compile(rf"{UNIT_VERBS}|责任单位|考核单位|配合")
# A clause that opens with the unit it speaks of (`北京市经济和信息化局负责…`): group 1 the unit.
UNIT_NOUNS = "局|厅|委员会|委|办公室|办|院|中心|小组|政府|部门|单位"  # what a unit's name ends in
_SUBJECT = re.compile(rf"^(\S{{2,24}}?(?:{UNIT_NOUNS}))(?:{UNIT_VERBS})")
_WHEN_GIVEN = re.compile(r"(?:19|20)\d\d\s*年|\d+\s*月|年底|年内|月底|季度|持续推进|长期")
# A bracketed note that only administers the item: its score, deadline or the unit that answers for it.
_ADMIN_NOTE = re.compile(rf"{_WHO_GIVEN.pattern}|{_WHEN_GIVEN.pattern}|^[（(][0-9.]+分[）)]$")


def asks_part(question: str) -> str | None:
    """The unit of the document a question asks for (`讲数据安全保障的是第几章` -> `章`): `章`, `节`, `条`, `部分` or
    `篇`; None for other questions."""
    m = PART_QUESTION.search(question.lower())
    if m is None:
        return None
    return m.group(1) or _PART_EN[m.group(2)]


_PART_EN = {"chapter": "章", "section": "节", "article": "条", "part": "部分"}


def asks_yes_no(question: str) -> bool:
    """有没有…, 会…吗, 能…不: a question answered yes or no (whatever else it asks: `有几家…吗`)."""
    return any(p.search(question) for p, _ in _YES_NO)


# 好多 is Sichuan for 多少 (how many, how much) before a counter, a unit, money or reward words, or at a clause's
# end (要建好多个, 一年产值好多, 有好多奖励); before a noun it is "many" (好多企业都关心).
# What is counted in units of one character (个, 家, 名 …); answer/detail.py reads a number's counter from it too.
COUNTERS = "个家户件名项所人次座种类条期批场届轮台套亩吨份篇张"
# Units written in Latin letters (存了好多TB, 带宽多少Gbps): a unit as 亿元 is; not G or M alone (5G is no amount)
LATIN_UNITS = "TB|PB|GB|MB|Gbps|Mbps|MW|kW|KW"
_HOW_MANY_BEFORE = f"(?:[{COUNTERS}元万亿分钱奖补]|(?:{LATIN_UNITS})(?![A-Za-z]))"
# Before a noun of up to eight characters that ends the question it asks too (一共授权了好多专利？, 一年要培训好多高素质
# 农民？: dev17 u3505 and dev8 u1812 were not read as asking a number with four), unless the question is a yes/no one
# (有好多人参加吗？). As an alternative offered (是光靠农技站还是好多家一起上) it is "many" too: the choice is asked,
# not a count (dev25 u4650 was told 规划未规定这一数值).
_SICHUAN_HOW_MANY = re.compile(
    rf"(?<!还是)好多(?={_HOW_MANY_BEFORE}|[？?，,。！!；;\s]|$|[\u4e00-\u9fff](?:(?![吗嘛不没])[\u4e00-\u9fff]){{0,7}}[？?])"
)
# …and 好大 for 多大 (how large: 基金规模有好大), after 有 or where the question ends, also as a stretch of land
# (基地要搞好大一片哦？); elsewhere it is "very big" (好大一片林子).
_SICHUAN_HOW_BIG = re.compile(r"(?<=有)好大|好大(?=(?:一?[片块])?[哦嘛呢噻]?(?:[？?]|$))")


def mandarin(question: str) -> str:
    """The question with Sichuan 好多 / 好大 asked as 多少 / 多大, where they ask (answer/detail.py's entry points
    and asks_number read it so)."""
    return _SICHUAN_HOW_BIG.sub("多大", _SICHUAN_HOW_MANY.sub("多少", question))


def asks_number(question: str) -> bool:
    """多少, 几家, 占比, how many …, Sichuan 好多 where it asks (一共授权了好多专利？): the question asks for a number
    (whatever else it asks)."""
    return bool(_NUMBER.search(mandarin(question).lower()))


# A question for a score (包头's items are scored: `（3分）`): 多少分, 几分 (好多分, Sichuan, read by `mandarin`), 分值,
# how many points.
_SCORE_ASKED = re.compile(r"(?:多少|几)分(?![之钟])|分值|分数|得分|\bhow many points\b|\bscore[sd]?\b")
_SCORE_GIVEN = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*分")


def note_asked(question: str) -> re.Pattern[str] | None:
    """What a bracketed note must say to answer `question`: a score (`（3分）`), the unit responsible
    (`（省商务厅负责）`) or a date (`（10月底完成…）`); None for other questions. Policy texts put these in a note at
    the end of an item, and the note holds for the whole item (answer/evidence.py, `EvidenceScorer.item_note`)."""
    if _SCORE_ASKED.search(mandarin(question).lower()):
        return _SCORE_GIVEN
    form = question_form(question)
    return _WHO_GIVEN if form == "who" else _WHEN_GIVEN if form == "when" else None


def question_form(question: str) -> str:
    """`definition`, `who`, `when`, `list`, `number`, `yesno` or `other`."""
    q = question.lower()
    if _DEFINITION.search(q):
        return "definition"
    if _WHO.search(q):
        return "who"
    if _WHEN.search(q):
        return "when"
    if _LIST.search(q):
        return "list"
    if _NUMBER.search(q):
        return "number"
    if asks_yes_no(q):
        return "yesno"
    return "other"


def names_unit(text: str) -> bool:
    """Whether `text` names who is responsible (负责, 牵头, 责任单位 …)."""
    return bool(_WHO_GIVEN.search(text))


def opens_with_unit(text: str) -> bool:
    """Whether `text` opens with the unit it speaks of (`专区监管部门负责监督…`)."""
    return bool(_SUBJECT.match(text.strip()))


def _clauses(sentence: str) -> list[str]:
    """The clauses of `sentence`, without an item's number (`9．完善…模式` -> `完善…模式`): a number that orders a
    list is neither the value asked for nor part of a yes (`是。9．完善…` had opened an answer, dev19 u3711)."""
    clauses = (_ITEM_NUMBER.sub("", c.strip()) for c in _CLAUSE.findall(sentence))
    return [c for c in clauses if c]


def _without_notes(sentence: str) -> str:
    """`sentence` without its bracketed notes of who, when or how many points (BRACKET_NOTE)."""
    return BRACKET_NOTE.sub(lambda m: "，" if _ADMIN_NOTE.search(m.group()) else m.group(), sentence)


def _premise(question: str, clause: str) -> bool:
    """Whether what `clause` forbids (`不得开放` -> 开放) the question itself says is not done (`不开放的数据`)."""
    return any(re.search(_QUESTION_NEGATION + re.escape(m.group(1)), question) for m in _NEGATED_VERB.finditer(clause))


def direct_line(question: str, sentence: str, cover: Callable[[str], float]) -> str | None:
    """The short answer cut from `sentence` (the best evidence), or None when the sentence itself is the answer.

    `cover(text)`: the share of the question's weighted terms that `text` holds (EvidenceScorer.coverage)."""
    form = question_form(question)
    clauses = _clauses(sentence)
    if not clauses or form == "other":
        return None
    if form == "definition":
        m = _DEFINES.search(sentence)
        if not m:
            return None
        start = max((sentence.rfind(p, 0, m.start()) for p in "。；;"), default=-1) + 1
        return sentence[start:].rstrip("。；; ")
    if form == "list":
        for c in clauses:
            if _ENUMERATES.search(c) and ("、" in c or "和" in c or "及" in c):
                return c
        items = [c for c in clauses if c.count("、") >= 2]
        return max(items, key=cover) if items else None
    if form in ("who", "when"):
        return _who_or_when(form == "who", sentence, clauses, cover)
    if form == "number":
        # a sentence of several measures (`对…购置关键研发设备的，…20%…最高1000万元；对…产业化项目的，…10%…最高
        # 2000万元`) is read in the part on what is asked: the clause with the most question words can be the other
        # part's (dev39 u6926, on 研发设备, had been answered 省级按项目关键设备购置额的10%给予奖补)
        parts = [(p, cs) for p in _PART.findall(sentence) if (cs := _clauses(p))]
        if len(parts) > 1:
            _, own = max(parts, key=lambda pc: (cover(pc[0]), -parts.index(pc)))
            if any(_HAS_NUMBER.search(c) for c in own):
                clauses = own
        with_number = [c for c in clauses if _HAS_NUMBER.search(c)]
        if not with_number:
            return None
        if _CAP_ASKED.search(question):  # 上限多少, 最多给多少: the clause that says the cap
            with_number = [c for c in with_number if _CAP_GIVEN.search(c)] or with_number
        best = max(with_number, key=lambda c: (cover(c), -clauses.index(c)))
        return best
    # yes/no: the word the question asks with, negated when the passage forbids; then the clause that says so. Not a
    # clause of the item's bracketed note (its deadline, score or lead unit): 包头's measures close on
    # `（0.5分）（5月底…，牵头考核单位：市审批服务局）`, and `能。市审批服务局）` had affirmed an approval question
    # from the unit's name (dev32 u5792). The note still shows with its sentence.
    word = next(w for p, w in _YES_NO if p.search(question))
    clauses = _clauses(_without_notes(sentence)) or clauses
    best = max(clauses, key=lambda c: (cover(c), -clauses.index(c)))
    negative = next((c for c in clauses if _NEGATIVE.search(c) and cover(c) > 0), None)
    if negative:
        if _premise(question, negative):
            return None
        return f"不{word}。{negative}" if word != "有" else f"没有。{negative}"
    if word == "会" and _HARM_ASKED.search(question):
        return best
    return f"{word}。{best}"


def _who_or_when(who: bool, sentence: str, clauses: list[str], cover: Callable[[str], float]) -> str | None:
    """The bracketed note that names the unit or the date (policy texts put them there), else the clause that
    does (`先期由北京市经济和信息化局进行监管和指导`); None when the sentence names neither. `who`:
    the unit (else the date); a later clause of a unit's duties gets the unit its sentence opens with."""
    says = _WHO_GIVEN if who else _WHEN_GIVEN
    notes = [m.group()[1:-1].strip() for m in BRACKET_NOTE.finditer(sentence) if says.search(m.group())]
    if notes:
        return "；".join(notes)
    named = [c for c in clauses if says.search(c)]
    if not named:
        return None
    best = max(named, key=lambda c: (cover(c), -clauses.index(c)))
    subject = _SUBJECT.match(clauses[0]) if who and best is not clauses[0] else None
    # a later clause of one unit's duties (`承担…监管责任`) is that unit's: the sentence names it first
    return f"{subject.group(1)}{best}" if subject and not _SUBJECT.match(best) else best
