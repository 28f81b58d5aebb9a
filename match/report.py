"""A match report as Markdown or plain text, for export and the chat: 结论 / 适用措施 / 需补充的信息 / 风险与限制.
Pure functions over MatchReport; the UI only shows what they return."""

from __future__ import annotations

import re

from match.matcher import APPLIES, DIRECTION, MAY_APPLY, NO_AMOUNT, NOT_APPLICABLE, Citation, MatchReport, MatchResult

# How many results of the long lists are shown: the directions and the near misses are many, the report is read.
MAX_MAY_APPLY = 12
MAX_DIRECTIONS = 8
MAX_NOT_APPLICABLE = 8


def render_markdown(report: MatchReport) -> str:
    lines = ["## 结论", "", report.conclusion, "", "## 适用措施", ""]
    n = 0
    sections = (
        (APPLIES, "适用（写明的条件均满足）", None),
        (MAY_APPLY, "可能适用（需补充信息，按相关度排序）", MAX_MAY_APPLY),
        (DIRECTION, "规划方向（未规定具体条件，按与需求的相关度排序）", MAX_DIRECTIONS),
        (NOT_APPLICABLE, "不适用（写明的条件不满足）", MAX_NOT_APPLICABLE),
    )
    for level, title, limit in sections:
        results = _shown(report, level, limit)
        if not results:
            continue
        lines += [f"### {title}", ""]
        for r in results:
            n += 1
            lines += _result_lines(n, r)
        hidden = len(report.at(level)) - len(results)
        if hidden > 0:
            lines += [f"（另有 {hidden} 项未列出）", ""]
    if n == 0:
        lines += ["没有匹配到措施。", ""]
    lines += ["## 需补充的信息", ""]
    lines += [f"- {x}" for x in report.needed_info] or ["- 无"]
    lines += ["", "## 风险与限制", ""]
    lines += [f"- {x}" for x in report.risks]
    return "\n".join(lines).rstrip() + "\n"


def render_text(report: MatchReport) -> str:
    """The Markdown without its marks: headings as plain lines, list dashes kept."""
    text = render_markdown(report)
    text = re.sub(r"^#{2,3} ", "", text, flags=re.M)
    return text.replace("**", "")


def _shown(report: MatchReport, level: str, limit: int | None) -> tuple[MatchResult, ...]:
    results = report.at(level)
    if level == DIRECTION and report.profile.needs:
        results = tuple(r for r in results if r.relevance > 0) or results
    if level == NOT_APPLICABLE:
        # near misses first: a threshold or status missed, rather than a measure meant for someone else
        results = tuple(sorted(results, key=lambda r: any(f.startswith("面向") for f in r.failed)))
    return results[:limit] if limit else results


def _result_lines(n: int, r: MatchResult) -> list[str]:
    c = r.citation
    out = [f"{n}. **{r.level}** {r.summary.strip()}"]
    if r.met:
        out.append(f"   - 满足：{'；'.join(r.met)}")
    if r.missing:
        out.append(f"   - 需确认：{'；'.join(r.missing)}")
    if r.failed:
        out.append(f"   - 不满足：{'；'.join(r.failed)}")
    amount = r.amount
    if r.amount_note:
        amount += f"（按所给信息：{r.amount_note}）"
    out.append(f"   - 金额/形式：{amount}")
    if r.department:
        out.append(f"   - 责任部门：{r.department}")
    if c:
        path = " › ".join(c.heading_path)
        out.append(f"   - 出处：{c.doc_title} › {path}：「{c.quote.strip()}」")
    out.append("")
    return out


# How many results of each level a chat answer lists: the chat is read on a phone; the full report is one click away.
CHAT_LIMITS = {APPLIES: 8, MAY_APPLY: 5, DIRECTION: 3, NOT_APPLICABLE: 3}


def chat_summary(report: MatchReport) -> tuple[str, list[tuple[int, Citation]]]:
    """The report as a chat answer with [n] markers: (text, [(n, citation), …]). One line per measure; the
    same source sentence keeps one number."""
    lines = [report.conclusion]
    cited: list[tuple[int, Citation]] = []
    numbers: dict[tuple[str, int, int], int] = {}

    def mark(r: MatchResult) -> str:
        c = r.citation
        if c is None:
            return ""
        key = (c.doc_id, c.start, c.end)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            cited.append((numbers[key], c))
        return f"[{numbers[key]}]"

    titles = {
        APPLIES: "适用（写明的条件均满足）：",
        MAY_APPLY: "可能适用（需补充信息）：",
        DIRECTION: "规划方向（未规定具体条件）：",
        NOT_APPLICABLE: "不适用：",
    }
    for level, title in titles.items():
        shown = _shown(report, level, CHAT_LIMITS[level])
        if not shown:
            continue
        lines.append(title)
        for r in shown:
            why = ""
            if r.missing:
                why = f"（需确认：{'；'.join(r.missing)}）"
            elif r.failed:
                why = f"（{'；'.join(r.failed)}）"
            amount = "" if r.amount == NO_AMOUNT else f"；{r.amount}"
            lines.append(f"- {r.summary.strip()}{mark(r)}{why}{amount}")
    if any(r.amount == NO_AMOUNT for r in report.results):
        lines.append(f"说明：{NO_AMOUNT}。")
    for w in report.profile.warnings:
        lines.append(f"注意：{w}")
    return "\n".join(lines), cited
