"""政策匹配: which support measures of the ingested plans apply to an enterprise, with conditions checked and the
source quoted (issue 11). Rules only, no model; every record keeps its verbatim sentence.

    measures = extract_measures(corpus)                  # at ingest: Corpus -> MeasureSet
    profile = Profile.from_dict(json_object)             # unknown keys -> profile.unknown_keys / warnings
    report = match_profile(profile, measures)            # levels 适用 / 可能适用 / 规划方向 / 不适用
    render_markdown(report), report.to_dict()            # 结论 / 适用措施 / 需补充的信息 / 风险与限制
    if is_profile_question(q): profile = parse_profile_question(q, measures.documents)

Modules, one job each: grammar (the vocabulary tables), text (sentences, clauses, folding), amounts and conditions
(the grammar of one clause), measures (extraction and the support check), profile, region, checks (one condition
against one profile), matcher (levels and the report), report (rendering), question (chat questions).
"""

from match.matcher import (
    APPLIES,
    DIRECTION,
    LEVELS,
    MAY_APPLY,
    NO_AMOUNT,
    NOT_APPLICABLE,
    Citation,
    MatchReport,
    MatchResult,
    match_profile,
)
from match.measures import extract_measures
from match.model import Amount, Condition, DocInfo, Measure, MeasureSet
from match.profile import PROFILE_KEYS, Profile
from match.question import is_profile_question, parse_profile_question
from match.report import render_markdown, render_text

__all__ = [
    "APPLIES",
    "DIRECTION",
    "LEVELS",
    "MAY_APPLY",
    "NOT_APPLICABLE",
    "NO_AMOUNT",
    "PROFILE_KEYS",
    "Amount",
    "Citation",
    "Condition",
    "DocInfo",
    "MatchReport",
    "MatchResult",
    "Measure",
    "MeasureSet",
    "Profile",
    "extract_measures",
    "is_profile_question",
    "match_profile",
    "parse_profile_question",
    "render_markdown",
    "render_text",
]
