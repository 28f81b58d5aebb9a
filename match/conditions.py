"""To whom a measure is offered and under which conditions, read from the clause that states it.

The grammar of these sentences, in the order it is tried:

1. `对<X>给予/予以/…`: X names the recipients with their conditions (`对研发投入持续增长的企业给予…后补助`);
   `加大对<X>的培育力度` likewise; `对其…` refers back to the recipients of the previous clause.
2. `为<X>提供/减轻…`: X is the recipient (`为科技创业企业提供…孵育服务`).
3. `鼓励/支持/培育…<X>`: X runs from the support verb nearest to the first recipient to the clause end
   (`鼓励支持研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业`).
4. `<X>开展…，省级…给予`: the clause opens with its recipient (`集成电路设计企业开展工程产品首轮流片`).
5. Otherwise the recipients of the paragraph's run-in heading (`实施科技型中小企业“成长计划”。`).

Inside X, each recipient term (BENEFICIARIES) takes the text before it as its own qualifier; a qualifier that starts
with `、`/`和`/`及` opens a new alternative, one without inherits the previous one (`有发展潜力的科技人才和创新团队`).
`研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业` ->
  branches ((rd_ratio > 0.05, designation 高新技术企业), (rd_ratio > 0.02, designation 普通企业)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from match.grammar import BENEFICIARIES, INDUSTRY_WORDS, NOT_A_RECIPIENT_AFTER, VAGUE_QUALIFIERS
from match.model import Condition
from match.text import number

_NUM = r"\d+(?:\.\d+)?"
# Comparators as written before a number, and after it (`1000万元及以上`). 以上/以下 include the number.
COMPARATORS = {"超过": ">", "高于": ">", "大于": ">", "多于": ">", "达到": ">=", "不低于": ">=", "不少于": ">="}
COMPARATORS |= {"低于": "<", "少于": "<", "不足": "<", "不超过": "<=", "不高于": "<="}
POST_COMPARATORS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
_CMP = "|".join(sorted(COMPARATORS, key=len, reverse=True))
_POST = "|".join(sorted(POST_COMPARATORS, key=len, reverse=True))
_RD = r"(?:研发投入|研发经费(?:投入)?|研究与试验发展(?:\(R&D\))?经费(?:投入)?|R&D(?:经费)?(?:投入)?)"

# 研发投入占营业收入比例超过5%
RD_RATIO = re.compile(
    rf"{_RD}占(?:营业收入|主营业务收入|营收|销售收入)的?(?:比例|比重)?\s*(?P<cmp>{_CMP})?\s*(?P<n>{_NUM})\s*%\s*(?P<post>{_POST})?"
)
# `、超过2%的普通企业`: a bare threshold continues the field of the alternative before it
BARE_RATIO = re.compile(rf"[、，,]?\s*(?P<cmp>{_CMP})\s*(?P<n>{_NUM})\s*%\s*(?P<post>{_POST})?")
RD_GROWTH = re.compile(rf"{_RD}(?:持续|逐年|稳定)?增长")
HAS_RD = re.compile(r"研发费用(?:税前)?加计\s*扣除")  # the 加计扣除 of R&D expenses needs R&D expenses
# 实际完成投资1000万元及以上
INVESTMENT = re.compile(rf"投资额?\s*(?P<cmp>{_CMP})?\s*(?P<n>{_NUM})\s*(?P<u>万元|亿元)\s*(?P<post>{_POST})?")
LOAN_TERM = re.compile(rf"(?P<n>{_NUM})\s*年期以上")  # 3年期以上贷款
GRADE = re.compile(r"等级(?:在|为|达到)?\s*(?P<list>\d\s*A(?:\s*、\s*\d\s*A)*)\s*级?")  # 评估等级在3A、4A、5A级
# 跨行业跨领域工业互联网平台 | 行业、区域、专业型工业互联网平台 | 企业级工业互联网平台
PLATFORM = re.compile(r"(?P<mods>(?:[^\s，。；、]{1,6}?、)*[^\s，。；、]{1,6}?)型?(?P<noun>工业互联网平台)")

_BENEFICIARY = {b.term: b for b in BENEFICIARIES}
TERM = re.compile("|".join(re.escape(t) for t in sorted(_BENEFICIARY, key=len, reverse=True)))
_MODIFIER_AFTER = (*NOT_A_RECIPIENT_AFTER, "级", "家", "主体", "用户")  # 企业级平台, 企业家, 企业主体责任
SUPPORT_VERBS = re.compile(r"(?:鼓励|支持|引导|扶持|培育出|培育|帮助|重点关注|激励|吸引|促进|面向|推动|推进)+")
DUI = re.compile(
    r"(?<![针面相绝反应核校比])对(?!于|接|照|标|外|象|此|待)(?P<x>[^，。；：:]{1,90}?)"
    r"(?=给予|予以|给与|加大|进行|在[^，。；]{0,30}方面|(?:省|市|县)级(?=按|给予|分别)|[，,。；;]|$)"
)
_OBJECT_OF = re.compile(r"(?:增加|加强|加大|强化|提高|注重)$")
STRENGTH = re.compile(r"的?(?:配套)?(?:培育|支持|扶持|资助|帮扶|奖励|投入)?力度$")  # 加大对X的培育力度 -> X
# 加强专利、商标、版权密集型企业扶持力度: X is the recipient, as after 对
STRENGTH_OBJ = re.compile(r"(?:加强|加大)(?P<x>[^，。；对]{2,40}?)的?(?:扶持|支持|培育|资助|帮扶|奖励)力度")
WEI = re.compile(r"为(?P<x>[^，。；：:为]{2,30}?)(?=提供|减轻|开设|搭建)")
SUBJECT = re.compile(r"(?!按|省级|市级)(?P<x>[^，。；：:]{2,40}?)(?=(?:省|市|县)级(?=按|给予|分别)|给予|[，,。；;]|$)")
SEPARATOR = re.compile(r"\s*(?:[、，,]|以及|或者|和|及|或|与)")
# Verbs that make the rest of a recipient phrase a thing the recipient does (`企业实施…技改项目3年期以上贷款`).
ACTIVITY_VERB = re.compile(r"实施|开展|购置|购买|完成|建设|(?<!创)建成|参与|承担|申报|引进|实现|开发|组建")
PARENTHETICAL = re.compile(r"[（(]含[^）)]*[）)]")  # （含材料、装备…等环节）: scope notes, not conditions
# What must follow `对<X>` for X to be a recipient: a verb or noun of giving, not a topic word.
_GIVING = re.compile(r"给予|予以|给与|提供|支持|补助|奖励|奖补|补贴|贴息|资助|倾斜|扶持|褒扬|直通车|帮扶|培育方案")
_INDUSTRY = re.compile("|".join(re.escape(w) for w in INDUSTRY_WORDS))


@dataclass(slots=True)
class Recipients:
    """What the recipient grammar found in one clause group."""

    terms: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    branches: list[list[Condition]] = field(default_factory=list)  # alternatives; [] = none stated
    tier_labels: tuple[str, ...] = ()  # the alternatives a tiered amount is paid by (3A、4A、5A)
    tier_field: str | None = None
    rule: str = ""  # which grammar rule found X: 对 | 为 | verb | subject | lead | none

    @property
    def stated(self) -> bool:
        return any(self.branches)


class _Text:
    """A clause as written (`raw`) and folded (`f`), same length: patterns run on `f`, evidence is cut from `raw`."""

    def __init__(self, raw: str, folded: str):
        self.raw, self.f = raw, folded

    def cut(self, start: int, end: int) -> str:
        return self.raw[start:end].strip()


def parse_recipients(
    raw: str,
    folded: str,
    *,
    amount_has_base: bool = False,
    has_amount: bool = False,
    previous: Recipients | None = None,
    lead: tuple[str, str] | None = None,
    theme: str = "",
) -> Recipients:
    """Recipients and condition branches of a clause group. `lead` is the paragraph's run-in heading (raw, folded),
    `theme` the document title: an industry word in it (`工业互联网`) describes every measure, so it is no condition.
    """
    t = _Text(raw, folded)
    common: list[Condition] = []
    if m := HAS_RD.search(t.f):
        common.append(Condition("has_rd", "==", True, evidence_text=t.cut(m.start(), m.start() + 4)))
    x = _recipient_phrase(t, theme, money=has_amount or amount_has_base)
    if x is None:
        rec = Recipients(rule="none")
        if lead and (from_lead := parse_recipients(*lead, theme=theme)).terms:
            rec = Recipients(from_lead.terms, from_lead.entities, from_lead.branches, rule="lead")
        rec.branches = _with_common(rec.branches, common)
        return rec
    rule, xs, xe = x
    if rule == "对" and t.f[xs : xs + 1] == "其" and previous is not None:
        own = _conditions(t, xs + 1, xe, theme)
        activity = _activity(t, xs + 1, xe, force=True)
        rec = Recipients(list(previous.terms), list(previous.entities), rule="对其")
        extra = own + ([activity] if activity else [])
        # the recipients carry over, not what they had to do for the previous clause's money
        kept = [[c for c in b if c.field != "activity"] for b in previous.branches]
        rec.branches = _with_common(kept or [[]], extra + common)
        return rec
    rec = _alternatives(t, xs, xe, rule, theme, amount_has_base, has_amount)
    rec.branches = _with_common(rec.branches, common)
    return rec


def _merge_industries(conds: list[Condition]) -> list[Condition]:
    """Industry words of one alternative make one condition: `种子企业建设…育种基地` -> industry in (种子, 育种)."""
    industries = [c for c in conds if c.field == "industry"]
    if len(industries) < 2:
        return conds
    words = tuple(dict.fromkeys(w for c in industries for w in c.value))  # type: ignore[union-attr]
    merged = Condition("industry", "in", words, evidence_text=industries[0].evidence_text)
    return [merged if c is industries[0] else c for c in conds if c.field != "industry" or c is industries[0]]


def _with_common(branches: list[list[Condition]], common: list[Condition]) -> list[list[Condition]]:
    if not common:
        return branches
    return [b + [c for c in common if c not in b] for b in branches] if branches else [list(common)]


def _recipient_phrase(t: _Text, theme: str, money: bool = False) -> tuple[str, int, int] | None:
    for m in DUI.finditer(t.f):
        xs, xe = m.start("x"), m.end("x")
        if s := STRENGTH.search(t.f, xs, xe):
            xe = s.start()
        elif _OBJECT_OF.search(t.f, 0, m.start()):
            continue  # 增加对政府所属研究机构的研发投入: what is increased, not who is supported
        if xe - xs >= 1 and _GIVING.search(t.f, xe):
            return "对", xs, xe
    if m := STRENGTH_OBJ.search(t.f):
        return "对", m.start("x"), m.end("x")
    if (m := WEI.search(t.f)) and _terms(t, m.start("x"), m.end("x")):
        return "为", m.start("x"), m.end("x")
    # the first recipient with a support verb before it in its clause: `…，培育一批科技型中小企业、高新技术企业`
    for term_start, _, _ in _terms(t, 0, len(t.f)):
        verb = None
        for v in SUPPORT_VERBS.finditer(t.f, 0, term_start):
            if not re.search(r"[，,。；;]", t.f[v.end() : term_start]):
                verb = v
        if verb:
            return "verb", verb.end(), _clause_end(t.f, verb.end())
    for v in SUPPORT_VERBS.finditer(t.f):
        end = _clause_end(t.f, v.end())
        if _industry_words(t.f, v.end(), end, theme):
            return "verb", v.end(), end
    if m := SUBJECT.match(t.f):
        xs, xe = m.start("x"), m.end("x")
        if not SUPPORT_VERBS.match(t.f, xs) and (
            _terms(t, xs, xe) or _platform(t, xs, xe) or _industry_words(t.f, xs, xe, theme)
        ):
            return "subject", xs, xe
    # `支持建设一批工业互联网创新中心…，省级按照不超过投资额20%的比例给予一次性奖补`: no group is named, but the
    # money is for what the verb governs
    if money:
        # the support verb nearest before the money: `面向区域产业特色，支持建设…，省级按照…` -> 建设…
        money_at = min((m.start() for m in re.finditer(r"按照?|给予|(?:省|市|县)级", t.f)), default=len(t.f))
        verbs = [v for v in SUPPORT_VERBS.finditer(t.f, 0, money_at)]
        if verbs:
            return "verb", verbs[-1].end(), _clause_end(t.f, verbs[-1].end())
    return None


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(r"[，,。；;：:]").search(text, pos)
    return m.start() if m else len(text)


def _terms(t: _Text, start: int, end: int) -> list[tuple[int, int, str]]:
    """Recipient terms in f[start:end], without the ones that modify another noun (`高新技术企业培育库`)."""
    out = []
    for m in TERM.finditer(t.f, start, end):
        rest = t.f[m.end() : m.end() + 6].lstrip('“”"')
        if rest.startswith(_MODIFIER_AFTER):
            continue
        out.append((m.start(), m.end(), m.group()))
    return out


def _alternatives(
    t: _Text, xs: int, xe: int, rule: str, theme: str, on_project: bool, has_amount: bool = False
) -> Recipients:
    """Alternatives of recipients in X. `on_project`: the amount is a rate of the project's spending, so what the
    recipient does (`实施设备数字化…技术改造`) is a condition."""
    # scope notes are blanked (same length), so that `（含材料、装备…）` neither splits nor adds industries
    f = PARENTHETICAL.sub(lambda m: " " * len(m.group()), t.f[:xe]) + t.f[xe:]
    t = _Text(t.raw, f)
    rec = Recipients(rule=rule)
    terms = _terms(t, xs, xe)
    if not terms:
        return _no_term_alternatives(t, xs, xe, rule, theme, on_project, has_amount)
    alts: list[list[Condition]] = []
    pos = xs
    last_ratio: Condition | None = None
    inherited: list[Condition] = []
    for ts, te, term in terms:
        qualifier_start = pos
        new_alt = not alts or bool(SEPARATOR.match(t.f, qualifier_start, ts))
        own = _conditions(t, qualifier_start, ts, theme, subject=term, previous_ratio=last_ratio)
        if rule in ("对", "verb", "为") and not own:
            own = _status(t, qualifier_start, ts, relative=True)
        if new_alt and not own and alts:
            own = [c for c in inherited if c.field != "rd_ratio"]  # 有发展潜力的科技人才和创新团队
        elif own:
            inherited = own
        b = _BENEFICIARY[term]
        rec.terms.append(term)
        rec.entities.append(b.entity)
        # a status term keeps its noun modifiers: `专利、商标、版权密集型企业`, not `密集型企业`
        modifiers = _status(t, qualifier_start, ts) if b.kind == "status" and not own else []
        ev_start = t.raw.index(modifiers[0].evidence_text, qualifier_start) if modifiers else ts
        term_conds = _term_conditions(t, ev_start, te, b)
        if new_alt:
            alts.append(own + term_conds)
        else:
            alts[-1].extend(own + term_conds)
        last_ratio = next((c for c in own if c.field == "rd_ratio"), last_ratio)
        pos = te
    trailing_conds = _conditions(t, pos, xe, theme)
    activity = _activity(t, pos, xe, force=on_project) if (rule == "对" or on_project) else None
    if SEPARATOR.match(t.f, pos, xe) and rule == "对" and not trailing_conds:
        alts.append(_status(t, pos, xe))  # …的个人、组织以及优秀科技成果
    else:
        for a in alts:
            a.extend(trailing_conds + ([activity] if activity else []))
    rec.branches = [_merge_industries(a) for a in alts]
    rec.entities = list(dict.fromkeys(rec.entities))
    return rec


def _no_term_alternatives(
    t: _Text, xs: int, xe: int, rule: str, theme: str, on_project: bool, has_amount: bool
) -> Recipients:
    """X names no group: a platform type, listed statuses (`省级数字化车间、智能工厂`), a project, or what a fixed sum
    rewards (`支持一批5G和工业互联网典型场景…，省级给予一次性奖补100万元`: a status the profile may list)."""
    rec = Recipients(rule=rule)
    if rule in ("对", "subject") and (m := _platform(t, xs, xe)):
        mods = tuple(s for s in re.split(r"、", m.group("mods")) if s)
        rec.branches = [[Condition("platform_type", "in", mods, evidence_text=t.cut(m.start(), m.end()))]]
        return rec
    conds = _conditions(t, xs, xe, theme)
    if on_project or (rule == "对" and ACTIVITY_VERB.search(t.f, xs, xe)):
        activity = _activity(t, xs, xe, force=True)
        rec.branches = [conds + ([activity] if activity else [])] if (conds or activity) else []
        return rec
    if conds:
        rec.branches = [conds]
        return rec
    if rule != "对":
        if has_amount and (status := _status(t, xs, xe)):
            rec.branches = [status]
        return rec
    items = _split_items(t, xs, xe)
    rec.branches = [s for s in (_status(t, a, b) for a, b in items) if s]
    if len(items) > 1 and len(rec.branches) == len(items):
        rec.tier_labels = tuple(t.cut(a, b) for a, b in items)
        rec.tier_field = "status"
    return rec


def _split_items(t: _Text, xs: int, xe: int) -> list[tuple[int, int]]:
    out, pos = [], xs
    for m in re.finditer("、", t.f[:xe]):
        if m.start() < xs:
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, xe))
    return [(a, b) for a, b in out if b > a]


def _term_conditions(t: _Text, ts: int, te: int, b) -> list[Condition]:
    ev = t.cut(ts, te)
    if b.kind == "designation":
        return [Condition("designation", "has", b.canonical, evidence_text=ev)]
    if b.kind == "status":
        return [Condition("status", "has", ev, evidence_text=ev)]
    if b.kind == "size":
        sizes = {"中小企业": ("中小企业", "小微企业"), "中小微企业": ("中小企业", "小微企业")}
        sizes |= {"科技中小微企业": ("中小企业", "小微企业"), "小微企业": ("小微企业",), "大型企业": ("大型企业",)}
        out = [Condition("size", "in", sizes[b.canonical], evidence_text=ev)]
        if b.canonical == "科技中小微企业":
            out.append(Condition("designation", "has", "科技型企业", evidence_text=ev))
        return out
    if b.kind == "stage":
        return [Condition("stage", "==", b.canonical, evidence_text=ev)]
    if b.kind == "entity" and b.entity != "任意":
        return [Condition("entity", "in", (b.entity,), evidence_text=ev)]
    return []


def _conditions(
    t: _Text,
    start: int,
    end: int,
    theme: str,
    subject: str = "",
    previous_ratio: Condition | None = None,
) -> list[Condition]:
    """Typed conditions stated in f[start:end]: thresholds, growth, investment, loan term, grade, industry."""
    f = t.f
    out: list[Condition] = []
    for m in RD_RATIO.finditer(f, start, end):
        out.append(_threshold("rd_ratio", m, t, subject, scale=0.01))
    if not out and previous_ratio is not None and (m := BARE_RATIO.match(f[:end], start)):
        out.append(_threshold(previous_ratio.field, m, t, subject, scale=0.01))
    for m in RD_GROWTH.finditer(f, start, end):
        out.append(Condition("rd_growth", "==", True, evidence_text=t.cut(m.start(), m.end()), subject=subject))
    for m in INVESTMENT.finditer(f, start, end):
        if m.group("cmp") or m.group("post"):
            scale = 1e8 if m.group("u") == "亿元" else 1e4
            out.append(_threshold("investment_yuan", m, t, subject, scale=scale))
    for m in LOAN_TERM.finditer(f, start, end):
        ev = t.cut(m.start(), m.end())
        out.append(Condition("loan_term_years", ">=", number(m.group("n")), evidence_text=ev))
    for m in GRADE.finditer(f, start, end):
        grades = tuple(re.sub(r"\s", "", g) for g in m.group("list").split("、"))
        out.append(Condition("assessed_grade", "in", grades, evidence_text=t.cut(m.start(), m.end())))
    if words := _industry_words(f, start, end, theme):
        ev = t.cut(words[0].start(), words[-1].end())
        out.append(Condition("industry", "in", tuple(dict.fromkeys(w.group() for w in words)), evidence_text=ev))
    return out


def _industry_words(f: str, start: int, end: int, theme: str) -> list[re.Match[str]]:
    """Industry words of f[start:end], except those of the document's own theme (the title's `工业互联网`) and
    those naming a kind of money (`种子基金`)."""
    return [
        w
        for w in _INDUSTRY.finditer(f, start, end)
        if w.group() not in theme and not f.startswith(("基金", "资金", "投资"), w.end())
    ]


def _platform(t: _Text, xs: int, xe: int) -> re.Match[str] | None:
    """X that is exactly a typed platform: `行业、区域、专业型工业互联网平台`."""
    s, e = xs, xe
    while s < e and t.f[s] in ' “”"':
        s += 1
    while e > s and t.f[e - 1] in ' “”"':
        e -= 1
    return PLATFORM.fullmatch(t.f, s, e)


def _threshold(field_name: str, m: re.Match[str], t: _Text, subject: str, scale: float) -> Condition:
    op = COMPARATORS.get(m.group("cmp") or "") or POST_COMPARATORS.get(m.group("post") or "") or ">="
    value = round(number(m.group("n")) * scale, 10)
    start = m.start("cmp") if m.group("cmp") and m.re is BARE_RATIO else m.start()  # `、超过2%` -> `超过2%`
    return Condition(field_name, op, value, evidence_text=t.cut(start, m.end()), subject=subject)


def _status(t: _Text, start: int, end: int, relative: bool = False) -> list[Condition]:
    """A qualifier the profile may list (`纳入培育计划的` -> status `纳入培育计划`), unless it only says that
    conditions exist (`符合条件的`). With `relative`, only a relative clause (ending in 的) qualifies: in
    `四川文理学院等在达高校` the words before 高校 are an example, not a condition."""
    s, e = start, end
    changed = True
    while changed and s < e:
        changed = False
        if m := SEPARATOR.match(t.f, s, e):
            s, changed = m.end(), True
        elif t.f[s] in ' “”"等':
            s, changed = s + 1, True
        for vague in sorted(VAGUE_QUALIFIERS, key=len, reverse=True):
            if t.f.startswith(vague, s) and s + len(vague) <= e:
                s, changed = s + len(vague), True
    for vague in ("相关", "等"):
        if t.f[s:e].endswith(vague):
            e -= len(vague)
    if relative and not t.f[s:e].rstrip(' “”"').endswith("的"):
        return []
    while e > s and t.f[e - 1] in '的 “”"':
        e -= 1
    if (q := t.f.rfind("“", s, e)) >= 0 and "”" not in t.f[q:e]:
        s = q + 1  # 形成一批“规模大、质量高、潜力足”的: the quoted words are the qualifier
    text = t.f[s:e]
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 3:
        return []  # 达州的, 本市的: where, not who
    return [Condition("status", "has", t.cut(s, e), evidence_text=t.cut(s, e))]


def _activity(t: _Text, start: int, end: int, force: bool) -> Condition | None:
    """What the recipient must do for the money (`实施设备数字化、网络化、智能化技术改造`), when it says so."""
    m = ACTIVITY_VERB.search(t.f, start, end)
    if m is None and not force:
        return None
    s = m.start() if m else start
    while s < end and (t.f[s] in ' 、，,的“”"' or SEPARATOR.match(t.f, s, end)):
        s += 1
    e = end
    while e > s and t.f[e - 1] in "的 ，,":
        e -= 1
    text = t.cut(s, e)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 2:
        return None
    return Condition("activity", "has", text, evidence_text=text)
