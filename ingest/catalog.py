"""corpus/catalog.toml → DocMeta; for files not in the catalog, title, region and period come from the text."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from errors import CatalogError
from ingest.schema import DocMeta
from plantext import NOTICE_TITLE, head_lines, title_line

_FIELDS = {"doc_id", "title", "short_title", "region", "aliases", "level", "province", "period", "issuer"}
# A region name at the start of a title or an issuer: 阿坝州, 安徽省, 包头市, 广元市利州区, 北京市 … (the optional
# district part is Han characters only, so `安徽省推进“三地一区”…` gives 安徽省, not 安徽省推进“三地一区).
_REGION = re.compile(
    r"^((?:[^\s省市州县区盟旗]{2,7}?(?:省|自治区|市|自治州|州|地区|盟))(?:[\u4e00-\u9fff]{1,6}?(?:区|县|市|旗))?)"
)
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[—\-－–~至]+\s*((?:19|20)\d\d)")
_FIVE_YEAR = {"十四五": "2021-2025", "十三五": "2016-2020", "十五五": "2026-2030"}
# A title naming one year (包头市2022年数字政府建设考评办法): the document is that year's, and its undated figures are
# that year's (`包头's 2022 assessment aims to connect how many departments` was told 2022 was missing: dev6 u1416).
_ONE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def load_catalog(path: Path) -> dict[str, DocMeta]:
    """Entries keyed by file name. A missing catalog is an empty one; a malformed one is an error."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise CatalogError(f"{path}: not valid TOML ({e})") from e
    out = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not {"doc_id", "title", "region"} <= entry.keys():
            raise CatalogError(f"{path}: entry [{name!r}] needs at least doc_id, title and region")
        unknown = entry.keys() - _FIELDS
        if unknown:
            raise CatalogError(f"{path}: entry [{name!r}] has unknown keys {sorted(unknown)}")
        out[name] = DocMeta(
            doc_id=entry["doc_id"],
            title=entry["title"],
            short_title=entry.get("short_title", entry["title"]),
            region=entry["region"],
            aliases=tuple(entry.get("aliases", (entry["region"],))),
            level=entry.get("level"),
            province=entry.get("province"),
            period=entry.get("period"),
            issuer=entry.get("issuer"),
        )
    return out


def infer_title(cleaned: str) -> tuple[str | None, str | None]:
    """(title, issuer) of a document that is not in the catalog, read from its first lines (`plantext.title_line`).

    The title line of a notice wins: `阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知` ->
    (`阿坝州政务数据资源管理暂行办法`, `阿坝州人民政府办公室`); a notice that issues two documents keeps both
    (`支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)`). Otherwise the first short line
    without sentence punctuation that names a kind of document (`包头市2022年数字政府建设考评办法`). Sentences are
    never titles: `《…》已经省政府同意，现印发给你们，请认真抓好落实。`
    """
    line = title_line(cleaned)
    if line is None:
        return None, None
    if m := NOTICE_TITLE.search(line):
        title = re.sub(r"[《》〈〉]", "", m.group(2)).strip()
        return title, m.group(1).strip() or None
    return line, None


def infer_meta(path: Path, cleaned: str) -> DocMeta:
    """Title, region and period of a document that is not in the catalog, read from its first lines.

    `阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知` -> title `阿坝州政务数据资源管理暂行办法`,
    region `阿坝州`. The region comes from the issuer when the title line names one (`北京市经济和信息化局印发…`
    -> 北京市, where the title `关于推进北京市数据专区建设的指导意见` starts with no region), else from the title.
    """
    found, issuer = infer_title(cleaned)
    title = found or path.stem
    candidates = [re.sub(r"^关于", "", c) for c in (issuer or "", title, *head_lines(cleaned))]
    region_m = next((m for c in candidates if (m := _REGION.match(c))), None)
    region = region_m.group(1) if region_m else "未知地区"
    period = None
    if m := _PERIOD.search(title):
        period = f"{m.group(1)}-{m.group(2)}"
    else:
        period = next((p for k, p in _FIVE_YEAR.items() if k in title), None)
    if period is None and len(years := set(_ONE_YEAR.findall(title))) == 1:
        period = years.pop()
    return DocMeta(
        doc_id=doc_id_for(path),
        title=title,
        short_title=title,
        region=region,
        aliases=tuple(sorted({region, re.sub(r"(省|市|州|区|县)$", "", region)} - {"", "未知地区", "未知地"})),
        period=period,
        issuer=issuer,
        inferred=True,
    )


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: ASCII stems are kept, other names get a short hash."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-")[:60]
    if len(stem) >= 3 and stem.isascii():
        return stem
    return "doc-" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:10]
