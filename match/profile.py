"""An enterprise profile for policy matching, read from a JSON object. Any key may be missing or null (the matcher
then says 可能适用 and which information is missing); an unknown key is reported, a wrong value is an error.

`{"region": "达州市", "enterprise_type": "高企", "rd_ratio": "6%", "needs": ["研发"], "colour": "red"}` ->
Profile(region="达州市", enterprise_type="高新技术企业", rd_ratio=0.06, needs=("研发",), unknown_keys=("colour",))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from errors import InvalidProfile
from match.grammar import (
    DESIGNATION_ALIASES,
    ENTERPRISE_TYPE_ALIASES,
    ENTERPRISE_TYPES,
    NEEDS,
    SIZE_ALIASES,
    SIZES,
    STAGES,
)
from match.text import width_fold


@dataclass(frozen=True, slots=True)
class Profile:
    region: str | None = None  # 达州市, 利州区, 广元市利州区, 安徽省 …
    city: str | None = None  # the city of a district (广元市 for 利州区), when region names only the district
    enterprise_type: str | None = None  # one of grammar.ENTERPRISE_TYPES
    qualifications: tuple[str, ...] | None = None  # designations and recognitions held; None = not said
    industry: str | None = None
    rd_ratio: float | None = None  # R&D spending / revenue, a fraction (0.03 = 3%)
    rd_growth: bool | None = None  # R&D spending grows year on year
    size: str | None = None  # 大型企业 | 中小企业 | 小微企业
    stage: str | None = None  # 初创 | 成长 | 成熟
    needs: tuple[str, ...] = ()  # subset of grammar.NEEDS
    project: str | None = None  # the project the money is for (设备数字化技改, 标识解析二级节点, 首轮流片 …)
    investment_yuan: float | None = None  # the project's investment, 元
    equipment_purchase_yuan: float | None = None  # equipment purchases of the project, 元
    rd_equipment_purchase_yuan: float | None = None  # last year's purchases of key R&D equipment and tools, 元
    tapeout_contract_yuan: float | None = None  # 首轮流片 or 掩膜版 contract, 元
    loan_term_years: float | None = None  # term of the project loan
    assessed_grade: str | None = None  # 数字化转型新型能力 grade: 1A … 5A
    platform_type: str | None = None  # 工业互联网平台: 跨行业跨领域 | 行业 | 区域 | 专业 | 企业级
    in_service_pool: bool | None = None  # in 省工业互联网（云）服务商资源池
    unknown_keys: tuple[str, ...] = ()  # keys of the input that mean nothing here (reported, not used)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        if not isinstance(data, Mapping):
            raise InvalidProfile(f"a profile is a JSON object, got {type(data).__name__}")
        values: dict[str, Any] = {}
        unknown = []
        for key, raw in data.items():
            parse = _PARSERS.get(key)
            if parse is None:
                unknown.append(str(key))
            elif raw is not None:
                values[key] = parse(key, raw)
        return cls(**values, unknown_keys=tuple(unknown))

    def to_dict(self) -> dict[str, Any]:
        """The known keys that are set, as JSON values."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "unknown_keys" or v is None or v == ():
                continue
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self.unknown_keys:
            return ()
        keys = "、".join(self.unknown_keys)
        return (f"未识别的字段已忽略：{keys}（可用字段：{'、'.join(PROFILE_KEYS)}）",)

    @property
    def entities(self) -> tuple[str, ...] | None:
        """Who the profile is: 企业, 高校院所, 个人, 大学生; None when enterprise_type is not given."""
        return ENTERPRISE_TYPES[self.enterprise_type] if self.enterprise_type else None

    def holds(self, designation: str) -> bool | None:
        """Whether the profile holds an official designation (高新技术企业 …): None when it does not say. A profile
        that names its type or lists its qualifications holds only what it names."""
        held = {self.enterprise_type, *(self.qualifications or ())}
        if designation in held:
            return True
        if self.enterprise_type is None and self.qualifications is None:
            return None
        return False


# ---- value parsers: each returns the typed value or raises InvalidProfile naming the key ----


def _text(key: str, raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidProfile(f"profile key '{key}': expected a non-empty string, got {raw!r}")
    return raw.strip()


def _choice(vocab: tuple[str, ...], aliases: Mapping[str, str]) -> Callable[[str, Any], str]:
    def parse(key: str, raw: Any) -> str:
        value = _text(key, raw)
        value = aliases.get(value, value)
        if value not in vocab:
            raise InvalidProfile(f"profile key '{key}': '{raw}' is not one of {'、'.join(vocab)}")
        return value

    return parse


def _strings(key: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list | tuple) or not all(isinstance(x, str) for x in raw):
        raise InvalidProfile(f"profile key '{key}': expected a list of strings, got {raw!r}")
    return tuple(DESIGNATION_ALIASES.get(x.strip(), x.strip()) for x in raw if x.strip())


def _needs(key: str, raw: Any) -> tuple[str, ...]:
    needs = _strings(key, raw)
    wrong = [n for n in needs if n not in NEEDS]
    if wrong:
        raise InvalidProfile(f"profile key '{key}': {'、'.join(wrong)} not among {'、'.join(NEEDS)}")
    return tuple(dict.fromkeys(needs))


def _ratio(key: str, raw: Any) -> float:
    """0.03 or "3%" -> 0.03; 3 is refused (a ratio is a fraction), as is anything outside 0..1."""
    if isinstance(raw, str) and (m := re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", width_fold(raw))):
        return float(m.group(1)) / 100
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidProfile(f"profile key '{key}': expected a fraction such as 0.03 (or \"3%\"), got {raw!r}")
    if not 0 <= raw <= 1:
        hint = f" ({raw}% is {raw / 100:g})" if 1 < raw <= 100 else ""
        raise InvalidProfile(f"profile key '{key}': a fraction between 0 and 1 is expected{hint}, got {raw}")
    return float(raw)


def _bool(key: str, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise InvalidProfile(f"profile key '{key}': expected true or false, got {raw!r}")
    return raw


def _amount(key: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise InvalidProfile(f"profile key '{key}': expected a non-negative number, got {raw!r}")
    return float(raw)


def _grade(key: str, raw: Any) -> str:
    value = width_fold(_text(key, raw)).upper().replace("级", "")
    if not re.fullmatch(r"[1-5]A", value):
        raise InvalidProfile(f"profile key '{key}': expected a grade from 1A to 5A, got {raw!r}")
    return value


def _platform(key: str, raw: Any) -> str:
    return _text(key, raw).removesuffix("型").removesuffix("工业互联网平台") or _text(key, raw)


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "region": _text,
    "city": _text,
    "enterprise_type": _choice(tuple(ENTERPRISE_TYPES), ENTERPRISE_TYPE_ALIASES),
    "qualifications": _strings,
    "industry": _text,
    "rd_ratio": _ratio,
    "rd_growth": _bool,
    "size": _choice(SIZES, SIZE_ALIASES),
    "stage": _choice(STAGES, {"初创期": "初创", "成长期": "成长", "成熟期": "成熟"}),
    "needs": _needs,
    "project": _text,
    "investment_yuan": _amount,
    "equipment_purchase_yuan": _amount,
    "rd_equipment_purchase_yuan": _amount,
    "tapeout_contract_yuan": _amount,
    "loan_term_years": _amount,
    "assessed_grade": _grade,
    "platform_type": _platform,
    "in_service_pool": _bool,
}
PROFILE_KEYS = tuple(_PARSERS)
