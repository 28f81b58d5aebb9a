"""corpus/catalog.toml → DocMeta; for files not in the catalog, title, region and period come from the text."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from errors import CatalogError
from ingest.schema import DocMeta

_FIELDS = {"doc_id", "title", "short_title", "region", "aliases", "level", "province", "period", "issuer"}
_TITLE_WORDS = re.compile(r"规划|纲要|办法|意见|方案|计划|政策|措施|细则|规定|指南|通知|决定")
_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
# A region name at the start of a title: 阿坝州, 安徽省, 包头市, 广元市利州区, 北京市 …
_REGION = re.compile(
    r"^((?:[^\s省市州县区盟旗]{2,7}?(?:省|自治区|市|自治州|州|地区|盟))(?:[^\s省市州县区]{1,6}?(?:区|县|市|旗))?)"
)
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[—\-－–~至]+\s*((?:19|20)\d\d)")
_FIVE_YEAR = {"十四五": "2021-2025", "十三五": "2016-2020", "十五五": "2026-2030"}


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


def infer_meta(path: Path, cleaned: str) -> DocMeta:
    """Title, region and period of a document that is not in the catalog, read from its first lines.

    `阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知` -> title `阿坝州政务数据资源管理暂行办法`,
    region `阿坝州`.
    """
    head = [ln.strip() for ln in cleaned.split("\n")[:15] if ln.strip()]
    title = path.stem
    for line in head:
        if len(line) <= 90 and _TITLE_WORDS.search(line):
            book = _BOOK_TITLE.search(line)
            title = book.group(1) if book and "通知" in line else line
            break
    region_m = _REGION.match(title) or next((_REGION.match(ln) for ln in head if _REGION.match(ln)), None)
    region = region_m.group(1) if region_m else "未知地区"
    period = None
    if m := _PERIOD.search(title):
        period = f"{m.group(1)}-{m.group(2)}"
    else:
        period = next((p for k, p in _FIVE_YEAR.items() if k in title), None)
    return DocMeta(
        doc_id=doc_id_for(path),
        title=title,
        short_title=title,
        region=region,
        aliases=tuple({region, re.sub(r"(省|市|州|区|县)$", "", region)} - {""}),
        period=period,
        inferred=True,
    )


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: ASCII stems are kept, other names get a short hash."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-")[:60]
    if len(stem) >= 3 and stem.isascii():
        return stem
    return "doc-" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:10]
