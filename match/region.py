"""Whether a profile's place lies inside the region of a document: a measure applies only in its document's region.

Places are split into administrative parts with a rank (省 0, 市/州 1, 区/县 2) and completed from the regions the
corpus knows (catalog region, aliases, province): `利州区` -> 四川省 › 广元市 › 利州区. Two chains that name a
different place at the same rank are apart; a profile that names only a larger place (广元市 for a 利州区 plan)
or a place the corpus does not know next to a province (合肥市 for an 安徽省 policy) is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from match.model import DocInfo

INSIDE, OUTSIDE, UNKNOWN = "inside", "outside", "unknown"

# 安徽省 | 广元市 | 利州区 | 阿坝州 …, with the rank of each suffix
# 州 ends a part only when no 区/县/市 follows: 利州区 is a district, 阿坝州 a prefecture.
_PART = re.compile(
    r"[^\s省市县区盟旗]{1,8}?(?:省|自治区|市|自治州|地区|盟|区|县|旗)"  # 安徽省, 广元市, 利州区
    r"|[^\s省市州县区盟旗]{1,8}?州(?![区县市])"  # 阿坝州
)
_RANK = {"省": 0, "自治区": 0, "市": 1, "州": 1, "自治州": 1, "地区": 1, "盟": 1, "区": 2, "县": 2, "旗": 2}
_SUFFIX = re.compile(r"(?:省|自治区|市|自治州|州|地区|盟|区|县|旗)$")

Chain = tuple[tuple[int, str], ...]  # ((rank, name), …) from the largest place down


def parts(place: str) -> Chain:
    """`广元市利州区` -> ((1, "广元市"), (2, "利州区"))."""
    out = []
    for m in _PART.finditer(place.replace(" ", "")):
        suffix = _SUFFIX.search(m.group())
        out.append((_RANK[suffix.group()] if suffix else 1, m.group()))
    return tuple(out)


def _doc_chain(doc: DocInfo) -> Chain:
    chain = parts(doc.region)
    if doc.province and not any(r == 0 for r, _ in chain):
        chain = parts(doc.province) + chain
    return chain


def _same(a: str, b: str) -> bool:
    return a == b or _SUFFIX.sub("", a) == _SUFFIX.sub("", b)


def resolve(place: str, documents: Sequence[DocInfo]) -> Chain:
    """The place completed from the corpus: `利州区` -> 四川省 › 广元市 › 利州区 when a 广元市利州区 plan is ingested;
    `达州市通川区` -> 四川省 › 达州市 › 通川区."""
    for d in documents:
        if place in {*d.aliases, d.region}:  # a bare alias (达州, 利州) names its document's region
            return _doc_chain(d)
    own = parts(place) or ((1, place),)
    known = [_doc_chain(d) for d in documents]
    for i in reversed(range(len(own))):
        for chain in known:
            for k, (_, name) in enumerate(chain):
                head = chain[: k + 1]
                above_agree = all(any(_same(n, a) for _, n in head) for _, a in own[:i])
                if _same(name, own[i][1]) and above_agree:
                    return head + own[i + 1 :]
    return own


def relation(place: str | None, doc: DocInfo, documents: Sequence[DocInfo]) -> str:
    """inside / outside / unknown: may a firm in `place` use a measure of `doc`?"""
    if not place:
        return UNKNOWN
    p = resolve(place, documents)
    d = _doc_chain(doc)
    p_by_rank = dict(p)
    if any(r in p_by_rank and not _same(p_by_rank[r], name) for r, name in d):
        return OUTSIDE
    if d and all(r in p_by_rank for r, _ in d):
        return INSIDE
    return OUTSIDE if _not_among_children(p, d, doc.children) else UNKNOWN


def _not_among_children(p: Chain, d: Chain, children: tuple[str, ...]) -> bool:
    """The place is one rank below the document's region but none of the region's `children` (DocInfo.children:
    all of them, from the gazetteer, or none when it lists none): 包头市 is none of 安徽省's sixteen cities, so an
    安徽省 policy is not for a firm in 包头, whose own document names no province."""
    if not d or not children:
        return False
    below = [name for r, name in p if r == d[-1][0] + 1]
    if not below:
        return False
    return not any(_same(below[0], child) for child in children)
