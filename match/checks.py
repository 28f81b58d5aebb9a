"""One stated condition against one profile: met, failed or unknown, with the sentence a user reads.

`Condition("rd_ratio", ">", 0.02, subject="普通企业")` with rd_ratio 0.01 ->
Check(FAILED, "研发投入占比1%，低于普通企业2%的门槛").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from match.grammar import DESIGNATIONS, INDUSTRY_FAMILIES, INDUSTRY_SYNONYMS
from match.model import Amount, Condition, Measure
from match.profile import Profile
from match.text import fmt, percent
from plantext import char_bigrams

MET, FAILED, UNKNOWN = "met", "failed", "unknown"

# Similarity above which a profile's project is the measure's activity (share of the project label's character
# bigrams found in the activity and the paragraph heading): `设备数字化技改` vs `实施设备数字化、网络化、智能化技术
# 改造` + `加快工业设备网络化技术改造` is 5/6; unrelated projects of the same policy score below 0.4.
PROJECT_SIMILARITY = 0.6
# Share of a listed qualification's bigrams a stated status must hold: `专利密集型企业` vs
# `专利、商标、版权密集型企业` is 5/6.
STATUS_SIMILARITY = 0.75
# Which profile amount a rate applies to, by the words of its base (longest first).
BASE_FIELDS = (
    ("设备购置额", "equipment_purchase_yuan"),
    ("流片合同", "tapeout_contract_yuan"),
    ("掩膜版", "tapeout_contract_yuan"),
    ("购置金额", "rd_equipment_purchase_yuan"),
    ("投资额", "investment_yuan"),
)
# Amounts that only one kind of project has: a profile that states one does that project. An investment or an
# equipment purchase says nothing about which project it is.
SPECIFIC_BASES = ("tapeout_contract_yuan", "rd_equipment_purchase_yuan")
_TECH_DESIGNATIONS = ("高新技术企业", "科技型中小企业", "专精特新企业", "瞪羚企业")


@dataclass(frozen=True, slots=True)
class Check:
    state: str  # MET | FAILED | UNKNOWN
    text: str  # met: why it holds; failed: which threshold is missed; unknown: what the profile should tell


def check(c: Condition, p: Profile, m: Measure) -> Check:
    return _CHECKS[c.field](c, p, m)


def _compare(op: str, a: float, b: float) -> bool:
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b, "==": a == b}[op]


_OP_WORD = {">": "超过", ">=": "达到", "<": "低于", "<=": "不超过", "==": "为"}


def _rd_ratio(c: Condition, p: Profile, m: Measure) -> Check:
    v = float(c.value)  # type: ignore[arg-type]
    who = c.subject or "企业"
    if p.rd_ratio is None:
        return Check(UNKNOWN, f"研发投入占营业收入比例（{who}须{_OP_WORD[c.op]}{percent(v)}）")
    have = f"研发投入占比{percent(p.rd_ratio)}"
    if _compare(c.op, p.rd_ratio, v):
        return Check(MET, f"{have}，{_OP_WORD[c.op]}{who}{percent(v)}的门槛")
    miss = "未超过" if c.op == ">" and p.rd_ratio == v else ("低于" if c.op in (">", ">=") else "高于")
    return Check(FAILED, f"{have}，{miss}{who}{percent(v)}的门槛")


def _rd_growth(c: Condition, p: Profile, m: Measure) -> Check:
    if p.rd_growth is None:
        return Check(UNKNOWN, "研发投入是否持续增长")
    return Check(MET, "研发投入持续增长") if p.rd_growth else Check(FAILED, "研发投入未持续增长")


def _has_rd(c: Condition, p: Profile, m: Measure) -> Check:
    if p.rd_ratio is not None and p.rd_ratio > 0:
        return Check(MET, f"有研发费用（研发投入占比{percent(p.rd_ratio)}）")
    if p.rd_growth:
        return Check(MET, "有研发费用（研发投入持续增长）")
    if p.rd_ratio == 0:
        return Check(FAILED, "没有研发费用，不能加计扣除")
    return Check(UNKNOWN, "是否有研发费用（研发投入占比）")


def _threshold(label: str, unit: str, scale: float, have: float | None, c: Condition) -> Check:
    v = float(c.value)  # type: ignore[arg-type]
    need = f"{label}{_OP_WORD[c.op]}{fmt(v / scale)}{unit}"
    if have is None:
        return Check(UNKNOWN, f"{label}（须{_OP_WORD[c.op]}{fmt(v / scale)}{unit}）")
    text = f"{label}{fmt(have / scale)}{unit}"
    if _compare(c.op, have, v):
        return Check(MET, f"{text}，满足{need}")
    return Check(FAILED, f"{text}，不满足{need}")


def _investment(c: Condition, p: Profile, m: Measure) -> Check:
    return _threshold("项目实际完成投资", "万元", 1e4, p.investment_yuan, c)


def _loan_term(c: Condition, p: Profile, m: Measure) -> Check:
    return _threshold("贷款期限", "年", 1, p.loan_term_years, c)


def _grade(c: Condition, p: Profile, m: Measure) -> Check:
    grades = tuple(c.value)  # type: ignore[arg-type]
    if p.assessed_grade is None:
        return Check(UNKNOWN, f"数字化转型新型能力评估等级（{'、'.join(grades)}）")
    if p.assessed_grade in grades:
        return Check(MET, f"评估等级{p.assessed_grade}")
    low = min(grades)
    why = f"低于最低档{low}" if p.assessed_grade < low else f"不在{'、'.join(grades)}之列"
    return Check(FAILED, f"评估等级{p.assessed_grade}，{why}")


def _platform_type(c: Condition, p: Profile, m: Measure) -> Check:
    kinds = tuple(c.value)  # type: ignore[arg-type]
    if p.platform_type is None:
        return Check(UNKNOWN, f"工业互联网平台类型（{'、'.join(kinds)}）")
    if any(_bare(p.platform_type) == _bare(k) for k in kinds):
        return Check(MET, f"{p.platform_type}工业互联网平台")
    return Check(FAILED, f"平台类型为{p.platform_type}，不是{'、'.join(kinds)}工业互联网平台")


def _bare(kind: str) -> str:
    return kind.removesuffix("型").removesuffix("级")


def _designation(c: Condition, p: Profile, m: Measure) -> Check:
    d = str(c.value)
    if p.entities is not None and "企业" not in p.entities:
        return Check(FAILED, f"面向{d}，申报主体为{p.enterprise_type}")
    if d == "普通企业":
        high = p.holds("高新技术企业")
        if high is None:
            return Check(UNKNOWN, "是否为高新技术企业")
        return Check(FAILED, "是高新技术企业，不按普通企业认定") if high else Check(MET, "普通企业（非高新技术企业）")
    if d == "科技型企业":
        held = [x for x in _TECH_DESIGNATIONS if p.holds(x)]
        if held or "科技型企业" in (p.qualifications or ()):
            return Check(MET, f"科技型企业（{'、'.join(held) or '科技型企业'}）")
        return Check(UNKNOWN, "是否为科技型企业")
    held = p.holds(d)
    if held is None:
        return Check(UNKNOWN, f"是否为{d}")
    if held:
        return Check(MET, d)
    return Check(FAILED, f"不是{d}") if d in DESIGNATIONS else Check(UNKNOWN, f"是否为{d}")


def _status(c: Condition, p: Profile, m: Measure) -> Check:
    value = str(c.value)
    if "资源池" in value and p.in_service_pool is not None:
        return Check(MET, value) if p.in_service_pool else Check(FAILED, f"未{value}")
    held = [q for q in (p.enterprise_type, *(p.qualifications or ())) if q and _similar(q, value, STATUS_SIMILARITY)]
    if held:
        return Check(MET, f"{value}（{'、'.join(held)}）")
    return Check(UNKNOWN, f"需具备：{value}")


def _size(c: Condition, p: Profile, m: Measure) -> Check:
    sizes = tuple(c.value)  # type: ignore[arg-type]
    if p.size is None:
        if "中小企业" in sizes and p.holds("科技型中小企业"):
            return Check(MET, "科技型中小企业属中小企业")
        return Check(UNKNOWN, f"企业规模（{'、'.join(sizes)}）")
    if p.size in sizes:
        return Check(MET, p.size)
    return Check(FAILED, f"企业规模为{p.size}，不属{'、'.join(sizes)}")


def _stage(c: Condition, p: Profile, m: Measure) -> Check:
    if p.stage is not None:
        return Check(MET, f"{p.stage}期企业") if p.stage == c.value else Check(FAILED, f"处于{p.stage}期，非{c.value}")
    if p.enterprise_type == "大学生创业":
        return Check(MET, "大学生创业企业，属初创")
    if p.size == "大型企业":
        return Check(FAILED, "大型企业，不属初创企业")
    return Check(UNKNOWN, "是否为初创企业")


def _entity(c: Condition, p: Profile, m: Measure) -> Check:
    kinds = tuple(c.value)  # type: ignore[arg-type]
    if p.entities is None:
        return Check(UNKNOWN, f"申报主体是否为{'、'.join(kinds)}")
    if set(kinds) & set(p.entities):
        return Check(MET, f"申报主体为{p.enterprise_type}")
    return Check(FAILED, f"面向{'、'.join(kinds)}，申报主体为{p.enterprise_type}")


def _industry(c: Condition, p: Profile, m: Measure) -> Check:
    words = tuple(c.value)  # type: ignore[arg-type]
    if p.industry is None:
        return Check(UNKNOWN, f"所属行业（{'、'.join(words)}）")
    if hits := [w for w in words if industry_matches(p.industry, (w,))]:
        return Check(MET, f"行业{p.industry}属{'、'.join(hits)}")
    return Check(FAILED, f"行业为{p.industry}，不属{'、'.join(words)}")


def industry_matches(industry: str, words: tuple[str, ...]) -> bool:
    """A family name (制造业) is met by its members (钢铁); a member word (玄武岩) by itself or a synonym."""
    for w in words:
        group = next((g for g in INDUSTRY_SYNONYMS if w in g), (w,))
        if any(x in industry for x in group) or (len(industry) >= 2 and industry in w):
            return True
        if w in INDUSTRY_FAMILIES and any(x in industry for x in INDUSTRY_FAMILIES[w]):
            return True
    return False


def _activity(c: Condition, p: Profile, m: Measure) -> Check:
    value = str(c.value)
    base = base_field(m.amount)
    if base in SPECIFIC_BASES and (getattr(p, base) or 0) > 0:
        return Check(MET, f"开展：{value}")
    if p.project is None:
        return Check(UNKNOWN, f"是否开展：{value}")
    industry_words = [w for cc in m.conditions if cc.field == "industry" for w in cc.value]  # type: ignore[union-attr]
    if _project_similar(p.project, value + m.lead, industry_words):
        return Check(MET, f"项目{p.project}属：{value}")
    return Check(FAILED, f"项目为{p.project}，本条支持的是：{value}")


def base_field(a: Amount | None) -> str | None:
    """The profile field a rate applies to: `项目设备购置额` -> equipment_purchase_yuan."""
    if a is None or a.base is None:
        return None
    return next((f for words, f in BASE_FIELDS if words in a.base), None)


def _content(text: str) -> str:
    return re.sub(r"[^\w]|_", "", text)


def _bigrams(text: str) -> frozenset[str]:
    return char_bigrams(_content(text))


def _similar(short: str, long: str, threshold: float) -> bool:
    if _content(short) in _content(long) or _content(long) in _content(short):
        return True
    b = _bigrams(short)
    return bool(b) and len(b & _bigrams(long)) / len(b) >= threshold


def _project_similar(project: str, context: str, industry_words: list[str]) -> bool:
    """The project label's words that are not the measure's industry (checked on their own) occur in its text."""
    b = _bigrams(project)
    covered = set().union(*(_bigrams(w) for w in industry_words)) if industry_words else set()
    rest = b - covered if b - covered else b
    return bool(rest) and len(rest & _bigrams(context)) / len(rest) >= PROJECT_SIMILARITY


_CHECKS = {
    "rd_ratio": _rd_ratio,
    "rd_growth": _rd_growth,
    "has_rd": _has_rd,
    "investment_yuan": _investment,
    "loan_term_years": _loan_term,
    "assessed_grade": _grade,
    "platform_type": _platform_type,
    "designation": _designation,
    "status": _status,
    "size": _size,
    "stage": _stage,
    "entity": _entity,
    "industry": _industry,
    "activity": _activity,
}
