"""Which documents a question is about, and whether it names a place that no document covers.

Decided from the catalog, before retrieval and before any LLM: the small model cannot be trusted to refuse
成都's target when only 达州's is in context (ARCHITECTURE.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.schema import DocMeta

_PLACES = Path(__file__).with_name("places.txt")


@dataclass(frozen=True, slots=True)
class Scope:
    doc_ids: tuple[str, ...]  # documents the question names; empty = not narrowed
    foreign: tuple[str, ...]  # places named that no document covers

    @property
    def out_of_scope(self) -> bool:
        """Only other places are named: nothing in the corpus can answer it."""
        return bool(self.foreign) and not self.doc_ids


@cache
def gazetteer() -> tuple[str, ...]:
    names = []
    for line in _PLACES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            names.extend(line.split())
    return tuple(sorted(set(names), key=len, reverse=True))


def doc_names(meta: DocMeta) -> set[str]:
    """Every name a question may use for the document's region: `广元市利州区` -> 利州区, 利州 …"""
    names = {meta.region, *meta.aliases}
    for part in re.findall(r"[^省市州县区盟旗]+(?:省|市|州|县|区|盟|旗)", meta.region):
        names.add(part)
        if len(part) > 2:
            names.add(part[:-1])
    return {n for n in names if n and len(n) >= 2}


def resolve_scope(question: str, docs: dict[str, DocMeta]) -> Scope:
    q = question.lower()
    named = []
    for doc_id, meta in docs.items():
        # the most specific name counts: 利州区's region 广元市利州区 also contains 广元
        names = doc_names(meta) - {p for p in _parents(meta)}
        if any(n.lower() in q for n in names):
            named.append(doc_id)
    covered = " ".join(n for m in docs.values() for n in (*doc_names(m), m.title))
    foreign = []
    rest = question
    for place in gazetteer():
        if place in rest and place not in covered:
            foreign.append(place)
            rest = rest.replace(place, " ")
    return Scope(tuple(named), tuple(foreign))


def _parents(meta: DocMeta) -> set[str]:
    """Enclosing regions of a district-level document (广元 for 广元市利州区): naming them is not naming it."""
    parts = re.findall(r"[^省市州县区盟旗]+(?:省|市|州|县|区|盟|旗)", meta.region)
    out = set()
    for p in parts[:-1]:
        out |= {p, p[:-1]}
    return out
