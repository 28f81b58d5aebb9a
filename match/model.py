"""The records of policy matching: Condition, Amount, Measure (extracted at ingest) and the documents they cite."""

from __future__ import annotations

from dataclasses import dataclass

Value = float | bool | str | tuple[str, ...]

# Condition fields, with how a user reads them. Numbers: rd_ratio is a fraction (0.05 = 5%), money is in 元,
# terms in years.
FIELDS: dict[str, str] = {
    "rd_ratio": "研发投入占营业收入比例",
    "rd_growth": "研发投入持续增长",
    "has_rd": "有研发费用",
    "investment_yuan": "项目实际完成投资",
    "loan_term_years": "贷款期限",
    "assessed_grade": "数字化转型新型能力评估等级",
    "platform_type": "工业互联网平台类型",
    "designation": "企业资质",
    "status": "资格或认定",
    "size": "企业规模",
    "stage": "发展阶段",
    "entity": "申报主体",
    "industry": "行业",
    "activity": "所做项目",
}
OPS = (">", ">=", "<", "<=", "==", "in", "has")


@dataclass(frozen=True, slots=True)
class Condition:
    """One stated condition: `研发投入占营业收入比例超过5%的高新技术企业` gives
    Condition("rd_ratio", ">", 0.05, evidence_text="研发投入占营业收入比例超过5%", subject="高新技术企业")."""

    field: str  # a key of FIELDS
    op: str  # one of OPS; "in": the profile's value is one of `value`; "has": the profile holds `value`
    value: Value
    required: bool = True  # False for preferences (优先支持…): they rank, they do not exclude
    evidence_text: str = ""  # verbatim substring of the source sentence
    subject: str = ""  # the group a threshold is stated for (普通企业), for explanations


@dataclass(frozen=True, slots=True)
class Amount:
    """How much, as the sentence states it: `省级按照项目设备购置额的10%给予奖补，最高500万元` gives
    Amount(text=…, form="奖补", rate=0.1, base="项目设备购置额", cap_wan=500.0)."""

    text: str  # verbatim span of the sentence that states the amount
    form: str  # the offer word: 奖补, 一次性奖补, 贴息, 补助 …
    rate: float | None = None  # share of `base` (0.1 = 10%)
    rate_is_max: bool = False  # 不超过…30%的比例: the rate is a ceiling
    base: str | None = None  # what the rate applies to, as written (项目投资额)
    cap_wan: float | None = None  # 最高 … 万元
    cap_scope: str | None = None  # 单个企业 / 单个项目
    fixed_wan: float | None = None  # 一次性奖补100万元
    tiers: tuple[tuple[str, float], ...] = ()  # 分别给予: (("3A", 50.0), ("4A", 100.0), ("5A", 150.0))
    tier_field: str | None = None  # the condition field the tiers are keyed by (assessed_grade, status)
    period_years: float | None = None  # 贴息期不超过3年


@dataclass(frozen=True, slots=True)
class Measure:
    """One support measure with its exact source: `cleaned[start:end] == sentence`; the clause span
    (clause_start, clause_end) is the part of the sentence that states this measure when a sentence holds several."""

    id: str
    doc_id: str
    heading_path: tuple[str, ...]
    sentence: str
    start: int
    end: int
    clause_start: int
    clause_end: int
    offers: tuple[str, ...]  # offer kinds (grammar.OFFER_KINDS names)
    beneficiaries: tuple[str, ...]  # the groups named, as written
    entities: tuple[str, ...]  # who may apply: 企业, 高校院所, 个人, 大学生, 任意; () = not said
    branches: tuple[tuple[Condition, ...], ...]  # alternatives, each a conjunction; () = no stated condition
    amount: Amount | None = None
    department: str | None = None  # (责任单位：…) or a named 牵头 department
    lead: str = ""  # the paragraph's run-in heading (`建设工业互联网创新服务载体。`), context for project matching
    needs: tuple[str, ...] = ()  # profile needs it serves

    @property
    def clause(self) -> str:
        return self.sentence[self.clause_start - self.start : self.clause_end - self.start]

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(dict.fromkeys(c for b in self.branches for c in b))


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the matcher needs of a document: its name and region, and the sentences that say where the details
    are published (`…制定具体实施细则或申报服务指南`)."""

    doc_id: str
    title: str
    short_title: str
    region: str
    aliases: tuple[str, ...]
    province: str | None
    notes: tuple[str, ...] = ()
    # every place one rank below the region (安徽省: its sixteen cities), from the gazetteer PlanQA passes to
    # extract_measures; () when it lists none (then a place not known to be inside stays unknown)
    children: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureSet:
    documents: tuple[DocInfo, ...]
    measures: tuple[Measure, ...]

    def document(self, doc_id: str) -> DocInfo:
        return next(d for d in self.documents if d.doc_id == doc_id)
