"""Profile × measures -> levels with reasons, amounts and citations, gathered into a report.

Levels, per measure of a document whose region holds the profile's place (other regions' measures are left out):
- 适用: every condition of some stated branch is met;
- 可能适用: no branch is met, one has only conditions the profile does not give (they are listed), or the place
  is not known to lie in the region;
- 不适用: every branch has a failing condition; the closest branch's failures are given (研发投入占比1%，低于普通
  企业2%的门槛);
- 规划方向（未规定具体条件）: the text states no condition (or an enterprise without condition may apply); ranked by
  the profile's needs and industry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from match.checks import FAILED, MET, UNKNOWN, Check, base_field, check, industry_matches
from match.model import DocInfo, Measure, MeasureSet
from match.profile import Profile
from match.region import INSIDE, OUTSIDE, relation
from match.text import fmt, percent

APPLIES, MAY_APPLY, DIRECTION, NOT_APPLICABLE = "适用", "可能适用", "规划方向（未规定具体条件）", "不适用"
LEVELS = (APPLIES, MAY_APPLY, DIRECTION, NOT_APPLICABLE)
NO_AMOUNT = "规划未规定金额/时限/申报方式，以主管部门后续发布的申报指南为准"


@dataclass(frozen=True, slots=True)
class Citation:
    doc_id: str
    doc_title: str
    region: str
    heading_path: tuple[str, ...]
    quote: str  # the verbatim source sentence
    start: int  # offsets of the quote in the document's cleaned text
    end: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    measure: Measure
    level: str
    met: tuple[str, ...] = ()  # conditions that hold, as sentences
    missing: tuple[str, ...] = ()  # what the profile should tell (可能适用)
    failed: tuple[str, ...] = ()  # which stated condition fails and its threshold (不适用)
    amount: str = NO_AMOUNT  # the amount or form as stated
    amount_for_profile_wan: float | None = None  # the most this profile can get, when the text allows computing it
    amount_note: str = ""  # how that figure follows from the text (`按设备购置额2000万元×10%=200万元`)
    department: str | None = None
    citation: Citation | None = None
    relevance: float = 0.0

    @property
    def summary(self) -> str:
        """What is offered, in the measure's own words."""
        return self.measure.clause


@dataclass(frozen=True, slots=True)
class MatchReport:
    profile: Profile
    results: tuple[MatchResult, ...]  # 适用, 可能适用, 规划方向 (by relevance), 不适用
    conclusion: str
    needed_info: tuple[str, ...]
    risks: tuple[str, ...]
    documents: tuple[DocInfo, ...] = field(default=())  # the documents whose region holds the profile

    def at(self, level: str) -> tuple[MatchResult, ...]:
        return tuple(r for r in self.results if r.level == level)

    def to_dict(self) -> dict:
        """JSON view: the contract of `python app.py match --json`."""
        return {
            "profile": self.profile.to_dict(),
            "warnings": list(self.profile.warnings),
            "conclusion": self.conclusion,
            "needed_info": list(self.needed_info),
            "risks": list(self.risks),
            "results": [_result_dict(r) for r in self.results],
        }


def match_profile(profile: Profile, measures: MeasureSet) -> MatchReport:
    """Every measure of the documents whose region holds the profile's place, with its level."""
    results: list[MatchResult] = []
    in_scope: list[DocInfo] = []
    for doc in measures.documents:
        where = relation(_place(profile), doc, measures.documents)
        if where == OUTSIDE:
            continue
        in_scope.append(doc)
        for m in measures.measures:
            if m.doc_id == doc.doc_id:
                results.append(evaluate(m, profile, doc, region_known=where == INSIDE))
    order = {level: k for k, level in enumerate(LEVELS)}
    results.sort(key=lambda r: (order[r.level], -r.relevance, r.measure.doc_id, r.measure.clause_start))
    return MatchReport(
        profile=profile,
        results=tuple(results),
        conclusion=_conclusion(profile, results, in_scope, measures.documents),
        needed_info=_needed(results),
        risks=_risks(profile, results, in_scope, measures.documents),
        documents=tuple(in_scope),
    )


def _place(p: Profile) -> str | None:
    if p.region and p.city and p.city not in p.region:
        return p.city + p.region
    return p.region or p.city


def evaluate(m: Measure, p: Profile, doc: DocInfo, region_known: bool = True) -> MatchResult:
    """One measure for one profile (the region has been checked: `region_known` False adds it to what is missing)."""
    met, missing, failed, level = _level(m, p)
    if not region_known and level in (APPLIES, MAY_APPLY):
        level = MAY_APPLY
        missing = (f"所在地区是否属于{doc.region}", *missing)
    amount_wan, note = profile_amount(m, p)
    return MatchResult(
        measure=m,
        level=level,
        met=met,
        missing=missing,
        failed=failed,
        amount=m.amount.text if m.amount else NO_AMOUNT,
        amount_for_profile_wan=amount_wan if level != NOT_APPLICABLE else None,
        amount_note=note if level != NOT_APPLICABLE else "",
        department=m.department,
        citation=Citation(doc.doc_id, doc.title, doc.region, m.heading_path, m.sentence, m.start, m.end),
        relevance=_relevance(m, p),
    )


def _level(m: Measure, p: Profile) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    if m.entities and "任意" not in m.entities and p.entities is not None and not set(m.entities) & set(p.entities):
        who = "、".join(m.entities)
        return (), (), (f"面向{who}，申报主体为{p.enterprise_type}",), NOT_APPLICABLE
    if not m.branches:
        return (), (), (), DIRECTION
    evaluated = []
    for branch in m.branches:
        checks = [check(c, p, m) for c in branch if c.required]
        evaluated.append((branch, checks))
    met_branches = [ch for b, ch in evaluated if b and all(c.state == MET for c in ch)]
    if met_branches:
        best = max(met_branches, key=len)
        return _texts(best, MET), (), (), APPLIES
    if any(not b for b, _ in evaluated):
        return (), (), (), DIRECTION  # an enterprise without further condition may apply
    open_branches = [ch for _, ch in evaluated if not any(c.state == FAILED for c in ch)]
    if open_branches:
        # every open branch says what it lacks: 高企 须超过5%, 普通企业 须超过2%
        best = min(open_branches, key=lambda ch: sum(c.state == UNKNOWN for c in ch))
        return _texts(best, MET), _texts([c for ch in open_branches for c in ch], UNKNOWN), (), MAY_APPLY
    # the closest failing branches: fewest failures, then failures on thresholds rather than on who the firm is
    # (a 高企 at 3% is told about the 5% of 高企, not that it is no 普通企业); ties report all their failures
    ranked = [(sum(c.state == FAILED for c in ch), _identity_failures(b, ch), ch) for b, ch in evaluated]
    best_key = min((n, k) for n, k, _ in ranked)
    closest = [ch for n, k, ch in ranked if (n, k) == best_key]
    return _texts(closest[0], MET), (), _texts([c for ch in closest for c in ch], FAILED), NOT_APPLICABLE


def _identity_failures(branch: tuple, checks: list[Check]) -> int:
    required = [c for c in branch if c.required]
    pairs = zip(required, checks, strict=True)
    return sum(ch.state == FAILED and c.field in ("designation", "entity") for c, ch in pairs)


def _texts(checks: list[Check], state: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.text for c in checks if c.state == state))


def profile_amount(m: Measure, p: Profile) -> tuple[float | None, str]:
    """The most this profile can get under the measure, when the text and the profile allow computing it:
    `按照项目设备购置额的10%给予奖补，最高500万元` with equipment_purchase_yuan 2e7 -> (200.0, `按项目设备购置额2000万元
    ×10%=200万元（上限500万元）`)."""
    a = m.amount
    if a is None:
        return None, ""
    if a.tiers:
        label = _tier_label(m, p)
        value = dict(a.tiers).get(label) if label else None
        return (value, f"{label}：{a.form}{fmt(value)}万元") if value is not None else (None, "")
    base = base_field(a)
    have = getattr(p, base) if base else None
    if a.rate is not None and have is not None:
        raw = have / 1e4 * a.rate
        note = f"按{a.base}{fmt(have / 1e4)}万元×{percent(a.rate)}={fmt(round(raw, 4))}万元"
        if a.cap_wan is not None and raw > a.cap_wan:
            return a.cap_wan, f"{note}，超过上限，按最高{fmt(a.cap_wan)}万元"
        cap = f"（上限{fmt(a.cap_wan)}万元）" if a.cap_wan is not None else ""
        return round(raw, 4), note + cap
    if a.fixed_wan is not None:
        return a.fixed_wan, f"{a.form}{fmt(a.fixed_wan)}万元"
    if a.cap_wan is not None:
        return a.cap_wan, f"最高{fmt(a.cap_wan)}万元"
    return None, ""


def _tier_label(m: Measure, p: Profile) -> str | None:
    a = m.amount
    assert a is not None
    labels = [label for label, _ in a.tiers]
    if a.tier_field == "assessed_grade":
        return p.assessed_grade if p.assessed_grade in labels else None
    held = [q for q in (p.qualifications or ()) if q]
    return next((label for label in labels if any(q in label or label in q for q in held)), None)


# Offers that put money, tax relief or credit in a firm's hands: they rank above cultivation and services.
MONEY_OFFERS = ("专项资金", "后补助", "奖励", "补贴/补助", "贴息", "担保贷款", "基金", "税收优惠")


def _relevance(m: Measure, p: Profile) -> float:
    """Needs served (2 each), industry named (2), money offered (2), amount stated (1), conditions stated (1)."""
    score = 2.0 * len(set(p.needs) & set(m.needs))
    if set(m.offers) & set(MONEY_OFFERS):
        score += 2
    if m.branches:
        score += 1
    if p.industry:
        words = [w for c in m.conditions if c.field == "industry" for w in c.value]  # type: ignore[union-attr]
        if words and industry_matches(p.industry, tuple(words)):
            score += 2
        elif p.industry in m.sentence:
            score += 1
    if m.amount:
        score += 1  # a stated amount is worth more to a firm than a direction
    return score


def _conclusion(p: Profile, results: list[MatchResult], docs: list[DocInfo], all_docs: tuple[DocInfo, ...]) -> str:
    if not docs:
        names = "、".join(d.region for d in all_docs)
        return f"所在地区{p.region or '（未提供）'}不在已收录规划的适用范围（{names}）内，没有可匹配的措施。"
    counts = {level: sum(r.level == level for r in results) for level in LEVELS}
    scope = "、".join(d.short_title for d in docs)
    text = (
        f"在{scope}中：适用 {counts[APPLIES]} 项，可能适用 {counts[MAY_APPLY]} 项（需补充信息），"
        f"规划方向 {counts[DIRECTION]} 项（未规定具体条件），不适用 {counts[NOT_APPLICABLE]} 项。"
    )
    top = [r for r in results if r.level == APPLIES][:3]
    if top:
        text += "最相关的适用措施：" + "；".join(_short(r.measure.clause) for r in top) + "。"
    return text


def _short(text: str, n: int = 40) -> str:
    text = text.strip().rstrip("。；，")
    return text if len(text) <= n else text[:n] + "…"


def _needed(results: list[MatchResult]) -> tuple[str, ...]:
    """What the profile should add, most often missing first: `所属行业（新材料）` and `所属行业（煤）` are one ask."""
    counts: dict[str, int] = {}
    for r in results:
        if r.level == MAY_APPLY:
            for m in r.missing:
                key = re.sub(r"（[^（）]*）$", "", m)
                counts[key] = counts.get(key, 0) + 1
    return tuple(sorted(counts, key=lambda k: -counts[k]))


def _risks(p: Profile, results: list[MatchResult], docs: list[DocInfo], all_docs: tuple[DocInfo, ...]) -> tuple:
    risks = [
        "匹配依据规划/政策原文中写明的条件，由规则判断；规划不是申报指南，最终以主管部门认定为准。",
    ]
    shown = [r for r in results if r.level in (APPLIES, MAY_APPLY)]
    if any(r.amount == NO_AMOUNT for r in shown):
        risks.append(f"未写明金额的措施：{NO_AMOUNT}。")
    for d in docs:
        risks.extend(f"{d.short_title}：{n}" for n in d.notes)
    left_out = [d for d in all_docs if d not in docs]
    if left_out:
        names = "、".join(f"{d.short_title}（{d.region}）" for d in left_out)
        risks.append(f"以下文件的措施只适用于其所辖地区，未纳入匹配：{names}。")
    risks.extend(p.warnings)
    return tuple(risks)


def _result_dict(r: MatchResult) -> dict:
    c = r.citation
    m = r.measure
    return {
        "measure_id": m.id,
        "level": r.level,
        "summary": r.summary,
        "offers": list(m.offers),
        "beneficiaries": list(m.beneficiaries),
        "met": list(r.met),
        "missing": list(r.missing),
        "failed": list(r.failed),
        "amount": r.amount,
        "amount_for_profile_wan": r.amount_for_profile_wan,
        "amount_note": r.amount_note,
        "department": r.department,
        "relevance": r.relevance,
        "citation": {
            "doc_id": c.doc_id,
            "doc_title": c.doc_title,
            "region": c.region,
            "heading_path": list(c.heading_path),
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
        }
        if c
        else None,
    }
