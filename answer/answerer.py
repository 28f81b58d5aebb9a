"""question (+history) → standalone query → scope → hybrid retrieval → answer with verified citations."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from answer.evidence import Evidence, EvidenceScorer
from answer.generate import MODEL_UNAVAILABLE_NOTE, LLMGenerator
from answer.indicators import IndicatorLookup, IndicatorMatch
from answer.rewrite import rewrite_followup
from answer.scope import Scope, doc_names, resolve_scope, to_simplified
from answer.types import Answer, Citation, Route
from index.query import lexical_query
from index.retriever import Hit, HybridRetriever
from index.sparse import jieba_tokenize
from ingest.schema import Chunk
from plantext import NOT_FOUND, value_with_unit

_PAST = re.compile(r"十三五|十二五")  # a question about the last plan period is not about the 十四五 targets


def _row_quote(m: IndicatorMatch) -> str:
    """The indicator's row exactly as it stands in its chunk (cells as written, e.g. `高新技术企业 (家)\t94\t400`)."""
    ind, chunk = m.indicator, m.chunk
    return chunk.text[ind.start - chunk.start : ind.end - chunk.start]


class Answerer:
    """Answers from the plans only. With no LLM (`llm=none`) the answer is the best evidence sentences, cited."""

    def __init__(
        self,
        retriever: HybridRetriever,
        top_k: int = 8,
        min_coverage: float = 0.25,
        generator: LLMGenerator | None = None,
    ):
        self.retriever = retriever
        self.generator = generator
        self.index = retriever.index
        self.top_k = top_k
        self.min_coverage = min_coverage
        places = [n for m in self.index.docs.values() for n in doc_names(m)]
        self.scorer = EvidenceScorer(jieba_tokenize, self.index.terms.idf, self.index.terms.knows, ignore=places)
        self.place_names = places
        self.lookup = IndicatorLookup(self.index.indicators, self.index.chunks)
        # characters the plans use are never folded (著 is traditional for 着 but simplified in 显著)
        self.plan_chars = frozenset("".join(self.index.texts.values()))

    def ask(
        self, question: str, history: Sequence[tuple[str, str]] = (), within: Sequence[str] | None = None
    ) -> Answer:
        """Answer `question` (after `history`); `within`: doc ids to answer from (the web page's scope selector)."""
        t0 = time.perf_counter()
        fallback = self.generator.rewrite if self.generator is not None else None
        keep = self.plan_chars
        history = [(to_simplified(q, keep), a) for q, a in history]  # 達州 -> 达州, 廣元 -> 广元
        query = rewrite_followup(to_simplified(question, keep), history, self.place_names, fallback)
        scope = resolve_scope(query, self.index.docs)
        if within:
            allowed = [d for d in (scope.search_docs or within) if d in within]
            scope = Scope(doc_ids=tuple(allowed) or tuple(within), foreign=scope.foreign)
        hits = self.search(query, scope.search_docs, self.top_k)
        t1 = time.perf_counter()
        timings = {"retrieve": (t1 - t0) * 1000}
        base = {"question": question, "query": query, "retrieved": tuple(hits)}
        if scope.out_of_scope:
            text = self._not_covered(scope)
            return self._refusal(base, text, hits, timings, t0, ("scope",), Route.REFUSAL_SCOPE)
        if places := scope.figures_not_covered(query):
            text = self._figures_not_covered(places, scope)
            return self._refusal(base, text, hits, timings, t0, ("scope",), Route.REFUSAL_SCOPE)
        evidence = self._evidence(query, scope, hits)
        targets = [] if _PAST.search(query) else self.lookup.find(query, scope.doc_ids or None)
        if not scope.doc_ids:
            targets = targets[:1]  # no place named: only the best-matching row, not one per plan
        if not evidence and not targets:
            if not any(self.index.terms.knows(t) for t in self.scorer.terms(lexical_query(query))):
                # nothing in the question is plan vocabulary (你好, 讲个笑话): say what PlanQA is for
                base["retrieved"] = ()
                return self._refusal(base, self._off_topic(), [], timings, t0, ("scope", "off-topic"), Route.OFF_TOPIC)
            text = f"{NOT_FOUND}。"
            return self._refusal(base, text, hits, timings, t0, ("scope", "relevance"), Route.REFUSAL_EVIDENCE)
        checks: tuple[str, ...] = ("scope", "relevance")
        problems: tuple[str, ...] = ()
        route = Route.TABLE if targets else Route.EXTRACT
        if self.generator is not None and not targets:
            # values of 指标 tables stay exact (extractive); prose answers are phrased by the LLM, then verified
            gen = self.generator.generate(query, hits)
            if gen is not None and gen.ok and not gen.says_not_found:
                timings |= {"first_token": gen.timings["first_token"], "generate": gen.timings["total"]}
                timings["total"] = (time.perf_counter() - t0) * 1000
                return Answer(
                    **base,
                    text=gen.text,
                    citations=gen.citations,
                    refused=False,
                    timings_ms=timings,
                    checks=checks + gen.checks,
                    route=Route.LLM,
                )
            checks += ("llm-fallback",)  # unverified or a refusal the evidence contradicts: show the extract
            route = Route.LLM_FALLBACK
            if gen is not None:
                said = ("the model said 规划中未找到相关内容",) if gen.says_not_found else ()
                problems = tuple(gen.problems) or said
                if gen.failure:  # the model crashed or passed its deadline: say so above the extract
                    checks += (gen.failure,)
        text, citations = self._extractive(evidence, targets, comparison=len(scope.doc_ids) > 1)
        if route is Route.LLM_FALLBACK and gen is not None and gen.failure:
            text = f"{MODEL_UNAVAILABLE_NOTE}\n{text}"
        t2 = time.perf_counter()
        timings |= {"generate": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
        return Answer(
            **base,
            text=text,
            citations=tuple(citations),
            refused=False,
            timings_ms=timings,
            checks=checks,
            route=route,
            problems=problems,
        )

    def search(self, query: str, doc_ids: Sequence[str], k: int) -> list[Hit]:
        """Search within the named documents; their region names then carry no information, so BM25 skips them."""
        names = [n for d in doc_ids for n in doc_names(self.index.docs[d])]
        return self.retriever.search(query, k, doc_ids=doc_ids or None, ignore=names)

    def _evidence(self, query: str, scope: Scope, hits: list[Hit]) -> list[Evidence]:
        """Best sentences; a question naming several documents gets the best sentence of each."""
        if len(scope.doc_ids) > 1:
            found = []
            for doc_id in scope.doc_ids:
                own = [h for h in hits if h.chunk.doc_id == doc_id] or self.search(query, (doc_id,), 4)
                best = self.scorer.best(lexical_query(query), own, limit=1)
                found += [e for e in best if e.coverage >= self.min_coverage]
            return found
        best = self.scorer.best(lexical_query(query), hits, limit=3)
        if not best or best[0].coverage < self.min_coverage:
            return []
        floor = max(self.min_coverage, 0.8 * best[0].coverage)
        return [e for e in best if e.coverage >= floor]

    def _extractive(
        self, evidence: list[Evidence], targets: list[IndicatorMatch], comparison: bool
    ) -> tuple[str, list[Citation]]:
        """Indicator values first (a table when several plans are compared), then the evidence sentences."""
        citations: list[Citation] = []
        by_chunk: dict[str, int] = {}
        titles: set[str] = set()

        def cite(chunk: Chunk, quote: str) -> int:
            if chunk.id not in by_chunk:
                doc = self.index.docs[chunk.doc_id]
                titles.add(doc.short_title)
                by_chunk[chunk.id] = len(by_chunk) + 1
                citations.append(
                    Citation(by_chunk[chunk.id], chunk.id, doc.title, doc.region, chunk.heading_path, quote, doc.source)
                )
            return by_chunk[chunk.id]

        lines = []
        if targets and comparison and len(targets) > 1:
            years = sorted({y for m in targets for y in m.years})
            lines.append("| 地区 | 指标 | " + " | ".join(f"{y}年" for y in years) + " |")
            lines.append("|---" * (2 + len(years)) + "|")
            for m in targets:
                n = cite(m.chunk, _row_quote(m))
                ind = m.indicator
                cells = [f"{value_with_unit(ind.values[y], ind.unit)}[{n}]" if y in m.years else "—" for y in years]
                region = self.index.docs[ind.doc_id].region
                lines.append(f"| {region} | {ind.name}（{ind.unit}） | " + " | ".join(cells) + " |")
        else:
            for m in targets:
                n = cite(m.chunk, _row_quote(m))
                region = self.index.docs[m.indicator.doc_id].region
                lines.append(f"{region}{m.indicator.name}：{m.values_text()}[{n}]")
        table_chunks = {m.chunk.id for m in targets}
        for ev in evidence:
            chunk = ev.hit.chunk
            if chunk.id in table_chunks:
                continue  # already given as values
            shown = chunk.lead.split("\n")[-1] if chunk.kind == "table" else " ".join(ev.text.split())
            lines.append(f"{shown}[{cite(chunk, ev.text)}]")
        head = f"根据《{'》《'.join(sorted(titles))}》：" if titles else ""
        return head + "\n" + "\n".join(lines), citations

    def _off_topic(self) -> str:
        titles = "、".join(f"《{m.title}》" for m in self.index.docs.values())
        return (
            f"您好！我只回答规划原文中的问题，现有规划：{titles}。"
            "可以问例如：某地2025年高新技术企业目标、企业研发投入能得到哪些支持、知识产权保护措施。"
        )

    def _not_covered(self, scope: Scope) -> str:
        have = "、".join(m.title for m in self.index.docs.values())
        return f"{NOT_FOUND}：现有规划不包括{'、'.join(scope.foreign)}（现有：{have}）。"

    def _figures_not_covered(self, places: Sequence[str], scope: Scope) -> str:
        """通川区 (inside 达州市) or 广元市 (only its 利州区 has a plan): the plan's figures are not that place's."""
        plans = "、".join(f"《{self.index.docs[d].title}》" for d in scope.within)
        regions = "、".join(self.index.docs[d].region for d in scope.within)
        return (
            f"{NOT_FOUND}：现有规划没有{'、'.join(places)}自己的目标或统计数据（现有{plans}，"
            f"其中的数字是{regions}的，不能当作{'、'.join(places)}的）。"
        )

    def _refusal(self, base: dict, text: str, hits, timings, t0, checks, route: Route) -> Answer:
        if hits:
            text += "\n最接近的段落：\n" + "\n".join(
                f"- {h.doc.short_title} › {' › '.join(h.chunk.heading_path)}" for h in hits[:3]
            )
        timings |= {"generate": 0.0, "total": (time.perf_counter() - t0) * 1000}
        return Answer(**base, text=text, citations=(), refused=True, timings_ms=timings, checks=checks, route=route)
