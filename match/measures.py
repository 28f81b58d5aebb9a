"""Support measures extracted from ingested documents: what is offered, to whom, under which conditions, how much.

A sentence (the chunker's rule: 。！？； or a line end) is cut into clauses at commas. A clause with an offer word
(grammar.OFFER_KINDS) opens a clause group; clauses without one join the next group (they name its recipients:
`对评估等级在3A、4A、5A级的企业，`) or, after the last, the group before; amount clauses (`最高500万元`) join the
group before. Adjacent groups then merge when one states no recipient or both state the same, so that
`落实研发费用税前加计扣除政策，探索研发经费补贴制度，对取得重大经济效益的创新产品…给予奖励。` gives two measures
(加计扣除 + 补贴 for firms with R&D expenses; 奖励 for 重大经济效益 products) and
`鼓励支持研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业，申报…各类专项资金项目。` gives one with two
condition branches. Every measure keeps its verbatim sentence with offsets; a record whose condition values or
amount numbers do not occur in its sentence is dropped (`supported`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ingest.schema import Corpus, Document
from match.amounts import parse_amount
from match.conditions import Recipients, parse_recipients
from match.grammar import DIRECTING_KINDS, NEED_WORDS, OFFER_KINDS, SKIP_SECTIONS
from match.model import Amount, Condition, DocInfo, Measure, MeasureSet
from match.text import clause_spans, fmt, norm, percent, sentence_spans, width_fold

__all__ = ["Amount", "Condition", "Measure", "MeasureSet", "extract_measures", "supported"]

log = logging.getLogger(__name__)

_TRIGGERS = sorted(((t, k.name) for k in OFFER_KINDS for t in k.triggers), key=lambda p: len(p[0]), reverse=True)
_TRIGGER = re.compile("|".join(re.escape(t) for t, _ in _TRIGGERS))
_KIND_OF = dict(_TRIGGERS)
# A clause that counts what the plan will build (`培育100名技术经纪人`, `每年遴选20家…企业`) states a target.
_COUNT = re.compile(r"\d+\s*万?\s*(?:家|个|项|名|人|件|所|座|台|次)")
# A sentence that states what the plan will reach (`到2025年，培育…示范企业5家`) offers nothing.
_TARGET = re.compile(r"\s*(?:\d+[．.、]\s*)?(?:力争|(?:到|至)\s*20\d\d\s*年|“?十四五”?期间)")
# Amount clauses that continue the group before them.
_CONTINUATION = re.compile(r"(?:单个(?:企业|项目)|最高|贴息期|每个|按照?|省级按|市级按)")
# A short first sentence of a paragraph that names its topic: `建设工业互联网创新服务载体。`
_LEAD_MAX = 24
_DEPARTMENT = re.compile(r"[（(](?:责任单位|牵头单位)[：:](?P<d>[^）)]+)[）)]")
_NOTE = re.compile(r"实施细则|申报指南|申报服务指南|负责解释")


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    offers: list[str]
    has_amount: bool
    stated: bool
    names: bool = False  # names a recipient in its own words, even only `企业`
    signature: tuple = ()
    # where the recipients are read from: a group that names none merged into the next one lends it its text but
    # not its words (`鼓励银行等金融机构…，探索创新科技企业知识价值信用担保贷款` is for 科技企业)
    rstart: int = -1


def extract_measures(
    source: Corpus | Iterable[Document], children: Mapping[str, tuple[str, ...]] | None = None
) -> MeasureSet:
    """Every measure of every document: `extract_measures(ingest_paths([Path("corpus")]))`. `children`: region ->
    every place one rank below it (the gazetteer's, answer/places.txt), which the matcher reads to tell a place
    outside a province from one it cannot place."""
    docs = source.documents if isinstance(source, Corpus) else list(source)
    infos, measures = [], []
    for doc in docs:
        infos.append(_doc_info(doc, (children or {}).get(doc.meta.region, ())))
        for m in _document_measures(doc):
            if supported(m, doc.cleaned):
                measures.append(m)
            else:
                log.warning("dropped unsupported measure %s: %s", m.id, m.clause)
    return MeasureSet(tuple(infos), tuple(measures))


def supported(m: Measure, cleaned: str) -> bool:
    """Every condition value and amount number occurs in the sentence (as verify checks an answer's numbers):
    `Condition("rd_ratio", ">", 0.05)` needs `5%` in `研发投入占营业收入比例超过5%的高新技术企业…`.
    Recipients taken from the paragraph's run-in heading (`实施科技型中小企业“成长计划”。`) are checked there."""
    sentence = norm(cleaned[m.start : m.end])
    if sentence != norm(m.sentence):
        return False
    where = (sentence, norm(m.lead))
    for c in m.conditions:
        if c.evidence_text and not any(norm(c.evidence_text) in w for w in where):
            return False
        if any(not any(norm(v) in w for w in where) for v in _value_texts(c)):
            return False
    if m.amount:
        a = m.amount
        numbers = [a.cap_wan, a.fixed_wan, *(v for _, v in a.tiers)]
        if any(v is not None and fmt(v) not in sentence for v in numbers):
            return False
        if a.rate is not None and percent(a.rate) not in sentence:
            return False
        if a.period_years is not None and fmt(a.period_years) not in sentence:
            return False
    return True


def _value_texts(c: Condition) -> list[str]:
    """What of a condition's value must be found in the sentence as written."""
    if c.field == "rd_ratio" and isinstance(c.value, float):
        return [percent(c.value)]
    if c.field == "investment_yuan" and isinstance(c.value, float):
        return [fmt(c.value / 1e4)]  # written in 万元
    if c.field == "loan_term_years" and isinstance(c.value, float):
        return [fmt(c.value)]
    if c.field in ("assessed_grade", "platform_type", "industry") and isinstance(c.value, tuple):
        return list(c.value)
    if c.field in ("status", "activity") and isinstance(c.value, str):
        return [c.value]
    return []  # vocabulary fields (designation, size, stage, entity, growth): their evidence_text is checked


def _doc_info(doc: Document, children: tuple[str, ...] = ()) -> DocInfo:
    notes = []
    for s, e in sentence_spans(doc.cleaned):
        if _NOTE.search(doc.cleaned, s, e):
            notes.append(doc.cleaned[s:e])
    m = doc.meta
    return DocInfo(m.doc_id, m.title, m.short_title, m.region, tuple(m.aliases), m.province, tuple(notes), children)


def _skipped(path: tuple[str, ...]) -> bool:
    return any(word in heading for heading in path for word in SKIP_SECTIONS)


def _document_measures(doc: Document) -> list[Measure]:
    text = doc.cleaned
    folded = width_fold(text)
    out: list[Measure] = []
    seen: set[tuple[int, int]] = set()
    previous: tuple[int, int, Recipients] | None = None  # last recipients, for `对其…` in the next clause
    for chunk in doc.chunks:
        if chunk.kind == "table" or _skipped(chunk.heading_path):
            continue
        for s, e in sentence_spans(text, chunk.start, chunk.end):
            if (s, e) in seen or _TARGET.match(folded, s):
                continue
            seen.add((s, e))
            para_start = text.rfind("\n", 0, s) + 1
            para_end = text.find("\n", e)
            para_end = len(text) if para_end < 0 else para_end
            lead = _lead(text, folded, para_start, para_end, s)
            dept = _DEPARTMENT.search(folded, para_start, para_end)
            prev = previous[2] if previous and previous[0] == para_start else None
            prev_start = previous[1] if previous and previous[0] == para_start else s
            found = _sentence_measures(doc, text, folded, s, e, lead, prev, prev_start, theme=doc.meta.title)
            ms = [m for m, _ in found]
            if dept:
                ms = [replace(m, department=text[dept.start("d") : dept.end("d")]) for m in ms]
            out.extend(ms)
            if found:
                previous = (para_start, s, found[-1][1])
    return out


def _lead(text: str, folded: str, para_start: int, para_end: int, s: int) -> tuple[str, str] | None:
    """The paragraph's run-in heading, when the sentence is not that heading itself."""
    spans = sentence_spans(text, para_start, para_end)
    if len(spans) < 2:
        return None
    ls, le = spans[0]
    if le - ls > _LEAD_MAX or ls == s or text[le - 1] != "。":
        return None
    return text[ls:le], folded[ls:le]


def _offers(folded: str, start: int, end: int) -> list[str]:
    if _COUNT.search(folded, start, end):
        return []
    return list(dict.fromkeys(_KIND_OF[m.group()] for m in _TRIGGER.finditer(folded, start, end)))


def _sentence_measures(
    doc: Document,
    text: str,
    folded: str,
    s: int,
    e: int,
    lead: tuple[str, str] | None,
    previous: Recipients | None,
    previous_start: int,
    theme: str,
) -> list[tuple[Measure, Recipients]]:
    groups = _merge(_groups(text, folded, s, e, lead, previous, theme))
    out = []
    for g in groups:
        amount = parse_amount(text[g.start : g.end], folded[g.start : g.end])
        rec = _final_recipients(text, folded, max(g.rstart, g.start), g.end, lead, previous, theme, amount)
        if not g.offers or (set(g.offers) <= set(DIRECTING_KINDS) and not rec.terms and not rec.stated):
            continue  # `支持…发展` without anyone named is the plan's own agenda
        amount = _with_tier_labels(amount, rec)
        # `对其…` cites the clause it refers to as well: alone it cannot be understood
        start = previous_start if rec.rule == "对其" else s
        branches = tuple(dict.fromkeys(tuple(dict.fromkeys(b)) for b in rec.branches))
        measure = (
            Measure(
                id=f"{doc.meta.doc_id}:{g.start}",
                doc_id=doc.meta.doc_id,
                heading_path=_heading_path(doc, g.start),
                sentence=text[start:e],
                start=start,
                end=e,
                clause_start=g.start,
                clause_end=g.end,
                offers=tuple(g.offers),
                beneficiaries=tuple(dict.fromkeys(rec.terms)),
                entities=tuple(dict.fromkeys(rec.entities)),
                branches=branches if any(branches) else (),
                amount=amount,
                lead=lead[0] if lead else "",
                needs=_needs(g.offers, folded[g.start : g.end]),
            ),
            rec,
        )
        out.append(measure)
    return out


def _groups(
    text: str,
    folded: str,
    s: int,
    e: int,
    lead: tuple[str, str] | None,
    previous: Recipients | None,
    theme: str,
) -> list[_Group]:
    groups: list[_Group] = []
    pending: list[tuple[int, int]] = []
    for cs, ce in clause_spans(text, s, e):
        offers = _offers(folded, cs, ce)
        if _CONTINUATION.match(folded, cs) and groups and not pending:
            groups[-1].end = ce
            groups[-1].offers = list(dict.fromkeys(groups[-1].offers + offers))
        elif offers:
            start = pending[0][0] if pending else cs
            groups.append(_Group(start, ce, offers, False, False))
            pending = []
        else:
            pending.append((cs, ce))
    if pending and groups:
        groups[-1].end = pending[-1][1]
    for g in groups:
        rec = _final_recipients(text, folded, g.start, g.end, lead, previous, theme, None)
        g.stated = rec.stated or any(t for t in rec.terms if t not in ("企业", "市场主体"))
        g.names = bool(rec.terms) and rec.rule != "lead"
        g.signature = tuple(tuple(b) for b in rec.branches)
        g.has_amount = parse_amount(text[g.start : g.end], folded[g.start : g.end]) is not None
    return groups


def _merge(groups: list[_Group]) -> list[_Group]:
    """Adjacent groups merge when one names no recipient or both name the same, unless both state an amount.
    A group that names only `企业` is a measure for every firm: it does not take a narrower group's recipients
    (`鼓励企业股权融资，…，推动科技型企业上市融资` gives two measures)."""
    out: list[_Group] = []
    for g in groups:
        if out:
            last = out[-1]
            both_amounts = last.has_amount and g.has_amount
            g_silent = not g.stated and not g.names
            last_silent = not last.stated and not last.names
            same = g.stated == last.stated and g.signature == last.signature
            if not both_amounts and (g_silent or last_silent or same):
                last.end = g.end
                last.offers = list(dict.fromkeys(last.offers + g.offers))
                last.has_amount = last.has_amount or g.has_amount
                if last_silent and not g_silent:
                    last.stated, last.names, last.signature, last.rstart = g.stated, g.names, g.signature, g.start
                continue
        out.append(g)
    return out


def _final_recipients(
    text: str,
    folded: str,
    start: int,
    end: int,
    lead: tuple[str, str] | None,
    previous: Recipients | None,
    theme: str,
    amount: Amount | None,
) -> Recipients:
    """Recipients of text[start:end]; `amount` (of the whole group) says whether a project's spending is paid."""
    return parse_recipients(
        text[start:end],
        folded[start:end],
        amount_has_base=bool(amount and amount.base),
        has_amount=amount is not None,
        previous=previous,
        lead=lead,
        theme=theme,
    )


def _with_tier_labels(amount: Amount | None, rec: Recipients) -> Amount | None:
    """`分别给予…50万元、100万元、150万元` is paid by the list the recipients enumerate: 3A、4A、5A."""
    if amount is None or not amount.tiers:
        return amount
    values = [v for _, v in amount.tiers]
    for b in rec.branches:
        for c in b:
            if c.field == "assessed_grade" and isinstance(c.value, tuple) and len(c.value) == len(values):
                return replace(amount, tiers=tuple(zip(c.value, values, strict=True)), tier_field="assessed_grade")
    if len(rec.tier_labels) == len(values):
        return replace(amount, tiers=tuple(zip(rec.tier_labels, values, strict=True)), tier_field=rec.tier_field)
    return amount


def _heading_path(doc: Document, pos: int) -> tuple[str, ...]:
    chunk = next((c for c in doc.chunks if c.start <= pos < c.end), None)
    return chunk.heading_path if chunk else ()


def _needs(offers: list[str], clause: str) -> tuple[str, ...]:
    needs = [n for k in OFFER_KINDS if k.name in offers for n in k.needs]
    needs += [need for need, words in NEED_WORDS.items() if any(w in clause for w in words)]
    return tuple(dict.fromkeys(needs))
