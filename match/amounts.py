"""The amount of a measure as its clause states it: rates of a base with caps, fixed and tiered one-off sums, terms.

`省级按照项目设备购置额的10%给予奖补，最高500万元`
    -> Amount(form="奖补", rate=0.1, base="项目设备购置额", cap_wan=500.0)
`省级分别给予一次性奖补50万元、100万元、150万元`
    -> Amount(form="一次性奖补", tiers=(("", 50.0), ("", 100.0), ("", 150.0)))
(the caller fills in the tier labels from the list the clause enumerates: 3A、4A、5A).
"""

from __future__ import annotations

import re

from match.model import Amount
from match.text import number

_NUM = r"\d+(?:\.\d+)?"
_MONEY = rf"(?P<n>{_NUM})\s*(?P<u>万元|亿元)"
_FORM = r"(?P<once>一次性)?(?P<form>奖补|奖励|补助|补贴|贴息)"

# 按照项目设备购置额的10% | 按照不超过项目投资额30%的比例 | 按其实际购置金额的20% | 按照同期银行基准利率40%
RATE = re.compile(rf"按(?:照)?(?P<max>不超过)?其?(?P<base>[^，。；、%\d]{{2,30}}?)的?\s*(?P<pct>{_NUM})\s*%(?:的比例)?")
# 最高3000万元 | 单个企业最高300万元 | 最高不超过500万元
CAP = re.compile(rf"(?P<scope>单个(?:企业|项目))?最高(?:不超过)?\s*{_MONEY}")
# 一次性奖补100万元 (a fixed sum: not preceded by 最高, not a tier list)
FIXED = re.compile(rf"{_FORM}\s*{_MONEY}(?!\s*、)")
# 分别给予一次性奖补50万元、100万元、150万元 | 分别给予企业一次性奖补50万元、100万元
TIERS = re.compile(rf"分别给予(?:企业)?{_FORM}?\s*(?P<list>{_NUM}\s*万元(?:\s*、\s*{_NUM}\s*万元)+)")
# 给予奖补 | 给予贴息 | 给予一次性奖补: the form when no sum follows it
GIVE = re.compile(rf"给予(?:企业)?{_FORM}")
PERIOD = re.compile(rf"(?:贴息期|期限)不超过\s*(?P<n>{_NUM})\s*年")


def _wan(n: str, unit: str) -> float:
    return number(n) * (10000 if unit == "亿元" else 1)


def parse_amount(raw: str, folded: str) -> Amount | None:
    """The amount stated in a clause (`folded` is `raw` after text.width_fold, same length), or None."""
    spans: list[tuple[int, int]] = []
    form, rate, rate_is_max, base = "", None, False, None
    cap, scope, fixed, period = None, None, None, None
    tiers: tuple[tuple[str, float], ...] = ()
    if m := TIERS.search(folded):
        spans.append(m.span())
        form = (m.group("once") or "") + (m.group("form") or "")
        tiers = tuple(("", float(n)) for n in re.findall(_NUM, m.group("list")))
    if m := RATE.search(folded):
        spans.append(m.span())
        rate, rate_is_max = number(m.group("pct")) / 100, bool(m.group("max"))
        base = raw[m.start("base") : m.end("base")]
    if m := CAP.search(folded):
        spans.append(m.span())
        cap, scope = _wan(m.group("n"), m.group("u")), m.group("scope")
    if not tiers and (m := FIXED.search(folded)):
        spans.append(m.span())
        form = form or (m.group("once") or "") + m.group("form")
        fixed = _wan(m.group("n"), m.group("u"))
    if m := PERIOD.search(folded):
        spans.append(m.span())
        period = number(m.group("n"))
    if not spans:
        return None
    if not form and (m := GIVE.search(folded)):
        spans.append(m.span())
        form = (m.group("once") or "") + m.group("form")
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return Amount(
        text=raw[start:end],
        form=form or "支持",
        rate=rate,
        rate_is_max=rate_is_max,
        base=base,
        cap_wan=cap,
        cap_scope=scope,
        fixed_wan=fixed,
        tiers=tiers,
        period_years=period,
    )
