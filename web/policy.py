"""The 政策匹配 tab as plain functions over the PlanQA API: a form's values → a profile → the matcher's report as
escaped HTML (grouped by level, each measure cited with a link to its place in the plan) and as a Markdown report
to download. No gradio here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from match import APPLIES, DIRECTION, MAY_APPLY, NO_AMOUNT, NOT_APPLICABLE, MatchReport, MatchResult, render_markdown
from match.grammar import DESIGNATIONS, ENTERPRISE_TYPES, NEEDS, SIZES
from planqa import PlanQA
from web.errors import BadInput
from web.render import PATH_SEP, deep_link, esc

UNKNOWN = "不填写"
TYPES = (UNKNOWN, *ENTERPRISE_TYPES)
SIZE_CHOICES = (UNKNOWN, *SIZES)
GROWTH_CHOICES = (UNKNOWN, "是", "否")
QUALIFICATIONS = DESIGNATIONS
NEED_CHOICES = NEEDS
# Shown per level on the page; the downloaded report has the same limits (match/report.py) and says how many more.
PAGE_LIMITS = {APPLIES: 20, MAY_APPLY: 12, DIRECTION: 8, NOT_APPLICABLE: 8}
LEVEL_TITLES = {
    APPLIES: "适用：写明的条件均满足",
    MAY_APPLY: "可能适用：还需补充信息",
    DIRECTION: "规划方向：未规定具体条件",
    NOT_APPLICABLE: "不适用：写明的条件不满足",
}


def regions(qa: PlanQA) -> list[str]:
    """The regions the plans cover, for the form's region choice."""
    return list(dict.fromkeys(d.region for d in qa.documents()))


def profile_from_form(
    region: str,
    enterprise_type: str,
    qualifications: Sequence[str],
    industry: str,
    rd_percent: float | None,
    rd_growth: str,
    size: str,
    needs: Sequence[str],
) -> dict[str, Any]:
    """The form's values as a profile object: an empty field or 不填写 is left out (the matcher then says what it
    needs to know); the R&D share is typed in percent (`3` → 0.03)."""
    profile: dict[str, Any] = {}
    if region and region.strip():
        profile["region"] = region.strip()
    if enterprise_type and enterprise_type != UNKNOWN:
        profile["enterprise_type"] = enterprise_type
    if qualifications:
        profile["qualifications"] = list(qualifications)
    if industry and industry.strip():
        profile["industry"] = industry.strip()
    if rd_percent is not None and str(rd_percent).strip() != "":
        if not 0 <= float(rd_percent) <= 100:
            raise BadInput("研发投入占营业收入应在 0 到 100 之间（填百分数，例如 3 表示 3%）。")
        profile["rd_ratio"] = round(float(rd_percent) / 100, 6)
    if rd_growth in ("是", "否"):
        profile["rd_growth"] = rd_growth == "是"
    if size and size != UNKNOWN:
        profile["size"] = size
    if needs:
        profile["needs"] = list(needs)
    return profile


@dataclass(frozen=True, slots=True)
class PolicyView:
    html: str
    markdown: str  # the downloadable report: 结论 / 适用措施 / 需补充的信息 / 风险与限制


def match_view(qa: PlanQA, profile: dict[str, Any]) -> PolicyView:
    report = qa.match(profile)
    return PolicyView(html=report_html(report), markdown=render_markdown(report))


def _result_html(r: MatchResult) -> str:
    rows = []
    for label, items in (("满足", r.met), ("需确认", r.missing), ("不满足", r.failed)):
        if items:
            rows.append(f"<li><b>{label}</b>：{esc('；'.join(items))}</li>")
    amount = r.amount + (f"（按所填信息：{r.amount_note}）" if r.amount_note else "")
    rows.append(f"<li><b>金额/形式</b>：{esc(amount)}</li>")
    if r.department:
        rows.append(f"<li><b>责任部门</b>：{esc(r.department)}</li>")
    cite = ""
    c = r.citation
    if c is not None:
        link = deep_link(c.doc_id, c.heading_path, (c.start, c.end))
        cite = (
            f'<blockquote class="pq-passage"><mark>{esc(c.quote.strip())}</mark></blockquote>'
            f'<div class="pq-path">{esc(c.doc_title)}{esc(PATH_SEP)}{esc(PATH_SEP.join(c.heading_path))}</div>'
            f'<a class="pq-open" href="{esc(link)}">在原文中查看</a>'
        )
    return (
        f'<article class="pq-card pq-measure"><header><span class="pq-level">{esc(r.level)}</span> '
        f"{esc(r.summary.strip())}</header><ul>{''.join(rows)}</ul>{cite}</article>"
    )


def report_html(report: MatchReport) -> str:
    parts = [f'<section class="pq-match"><h3>结论</h3><p>{esc(report.conclusion)}</p>']
    for w in report.profile.warnings:
        parts.append(f'<p class="pq-warning">{esc(w)}</p>')
    for level, title in LEVEL_TITLES.items():
        results = report.at(level)
        if not results:
            continue
        shown = results[: PAGE_LIMITS[level]]
        parts.append(f"<h3>{esc(title)}（{len(results)} 项）</h3>")
        parts += [_result_html(r) for r in shown]
        if len(results) > len(shown):
            parts.append(f'<p class="pq-empty">另有 {len(results) - len(shown)} 项，见下载的报告。</p>')
    parts.append("<h3>需补充的信息</h3><ul>")
    parts += [f"<li>{esc(x)}</li>" for x in report.needed_info] or ["<li>无</li>"]
    parts.append("</ul><h3>风险与限制</h3><ul>")
    parts += [f"<li>{esc(x)}</li>" for x in report.risks]
    if any(r.amount == NO_AMOUNT for r in report.results):
        parts.append(f"<li>{esc(NO_AMOUNT)}</li>")
    parts.append("</ul></section>")
    return "".join(parts)
