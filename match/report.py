"""A match report as Markdown or plain text, for export and the chat: 结论 / 适用措施 / 需补充的信息 / 风险与限制.
Pure functions over MatchReport; the UI only shows what they return."""

from __future__ import annotations

import re

from match.matcher import APPLIES, DIRECTION, MAY_APPLY, NO_AMOUNT, NOT_APPLICABLE, Citation, MatchReport, MatchResult
from match.text import width_fold

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
# A question that names no place: the measures listed per region (each only for firms there), at most this many.
CHAT_PER_REGION = 3
_REGION_UNKNOWN = "所在地区是否属于"  # matcher.evaluate's missing item when the place may lie outside the region
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def chat_summary(report: MatchReport) -> tuple[str, list[tuple[int, Citation]]]:
    """The report as a chat answer with [n] markers: (text, [(n, citation), …]). One line per measure; the
    same source sentence keeps one number.

    Rule `quoted-numbers-only`: every number of the chat answer is one its cited sentence holds, so that the
    answer passes the same verification as a retrieved answer (answer.verify). The report's count line (适用 20
    项 …) and the profile's own figures in a reason (研发投入占比1%，低于…) are left out here; the exported report
    (render_markdown) keeps them. Measured on eval/user_qa/dev.jsonl: every matched answer had a number no cited
    passage holds before (15 of 15), none after.

    Rule `placeless-by-region`: a question that names no place (or one the corpus cannot place: 通川区) is
    answered per region, each heading saying the measures hold only for firms there (若企业在达州市 …), and the
    asker is told which places the plans cover and asked for theirs; another province's measure is never listed as
    one that applies to the asker. Before, such a question got every region's measures in one list, 安徽's
    platform grants (最高3000万元) first."""
    numbers: dict[tuple[str, int, int], int] = {}
    cited: list[tuple[int, Citation]] = []

    def mark(r: MatchResult) -> str:
        c = r.citation
        if c is None:
            return ""
        key = (c.doc_id, c.start, c.end)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            cited.append((numbers[key], c))
        return f"[{numbers[key]}]"

    def line(r: MatchResult, why: tuple[str, ...]) -> str:
        quote = r.citation.quote if r.citation else ""
        reasons = "；".join(x for x in (_quoted(w, quote) for w in why) if x)
        amount = "" if r.amount == NO_AMOUNT or r.amount in r.summary else _quoted(r.amount, quote)
        note = _quoted(r.amount_note, quote) if r.amount_note else ""  # 4A：一次性奖补100万元 (not 2000万元×10%)
        amount = "；".join(x for x in (amount, f"按所给信息：{note}" if note else "") if x)
        return f"- {_quoted(r.summary.strip(), quote)}{mark(r)}{f'（{reasons}）' if reasons else ''}" + (
            f"；{amount}" if amount else ""
        )

    regions = list(dict.fromkeys(d.region for d in report.documents))
    if not report.documents:
        lines = [report.conclusion]
    elif len(regions) > 1:  # no place given, or one the corpus cannot place (通川区): several regions may be it
        place = report.profile.region or report.profile.city
        said = f"无法确定{place}属于下列哪个地区。" if place else "您没有说明企业所在地。"
        lines = [
            f"{said}已收录的规划和政策只适用于各自地区：{'、'.join(regions)}。"
            "请告诉我们企业所在的市（区、县），以便只按当地规划核对；下面按地区列出，每项只适用于该地区的企业："
        ]
        for region in regions:
            mine = [r for r in report.results if r.citation and r.citation.region == region]
            # only what would apply there (every other condition met): a region's 可能适用 list is the other
            # regions' noise (安徽's platform grants for a 达州 高企)
            there = [r for r in mine if r.level == MAY_APPLY and _only_place_missing(r)]
            titles = "".join(dict.fromkeys(f"《{d.short_title}》" for d in report.documents if d.region == region))
            if there:
                lines.append(f"若企业在{region}{titles}，写明的条件均满足：")
                lines += [line(r, ()) for r in there[:CHAT_PER_REGION]]
    else:
        scope = "".join(f"《{d.short_title}》" for d in report.documents)
        lines = [f"按您所说的情况，逐条对照{scope}中写明的条件："]
        titles = {
            APPLIES: "适用（写明的条件均满足）：",
            MAY_APPLY: "可能适用（需补充信息）：",
            DIRECTION: "规划方向（未规定具体条件）：",
            NOT_APPLICABLE: "不适用：",
        }
        for level, title in titles.items():
            shown = _shown(report, level, None)
            if level == MAY_APPLY:
                # the nearest first: a measure that lacks only the place (所在地区是否属于安徽省 for 合肥市) before
                # one that also needs the platform type; the matcher ranks them by relevance alone
                shown = tuple(sorted(shown, key=lambda r: sum(not m.startswith(_REGION_UNKNOWN) for m in r.missing)))
            shown = shown[: CHAT_LIMITS[level]]
            if not shown:
                continue
            lines.append(title)
            for r in shown:
                why = tuple(f"需确认：{x}" for x in r.missing[:1]) + r.missing[1:] if r.missing else r.failed
                lines.append(line(r, why))
    if any(r.amount == NO_AMOUNT for r in report.results) and report.documents:
        lines.append(f"说明：{NO_AMOUNT}。")
    for w in report.profile.warnings:
        lines.append(f"注意：{w}")
    return "\n".join(lines), cited


def _only_place_missing(r: MatchResult) -> bool:
    return bool(r.missing) and all(m.startswith(_REGION_UNKNOWN) for m in r.missing)


def _quoted(text: str, quote: str) -> str:
    """`text` without its comma-separated parts that hold a number `quote` does not: `研发投入占比1%，低于普通企业2%
    的门槛` against a sentence with 2% -> `低于普通企业2%的门槛` (the 1% is the asker's, no passage holds it)."""
    if not _NUMBER.search(text):
        return text
    held = set(_NUMBER.findall(width_fold(quote)))
    parts = re.split(r"(?<=[，,])", text)
    return "".join(p for p in parts if set(_NUMBER.findall(width_fold(p))) <= held).rstrip("，,")
