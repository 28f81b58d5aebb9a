"""PlanQA, the one public Python API. The CLI (app.py), the web page (web/) and eval/ use only this.

    qa = PlanQA.open(Settings())           # loads the index, or builds it when missing, stale or corrupted
    answer = qa.ask("达州2025年高新技术企业目标是多少？")
    qa.outline("dazhou-2021-kjcx"); qa.section("dazhou-2021-kjcx", ("第二章 总体要求", "第三节 发展目标"))
    qa.indicators(region="达州市")

Result types are frozen dataclasses built by keyword. `ingest` builds a new index next to the live one and swaps
it in when complete: questions asked meanwhile are answered by the old index, never by a half-built one.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from answer.adapter import adapter_for
from answer.answerer import Answerer
from answer.generate import LLMGenerator
from answer.guard import check_question
from answer.llm import make_backend
from answer.rewrite import load_tagger
from answer.scope import subdivisions
from answer.topic import topic_for
from answer.types import Answer, Citation, ProblemKind, Route
from answer.verify import verify
from config import Settings
from errors import PlanQAError
from index.bilingual import cedict
from index.bridge import shipped_bridge
from index.build import StoreConfig, build_index, open_index
from index.embed import Embedder, make_embedder
from index.retriever import Hit, HybridRetriever, RetrievalConfig
from index.sparse import jieba_tokenize
from index.store import PlanIndex
from index.thesaurus import synonyms
from ingest.pipeline import IngestLimits
from ingest.schema import Chunk, Document, Indicator, Section, SkippedFile
from match import (
    MatchReport,
    MeasureSet,
    Profile,
    extract_measures,
    is_profile_question,
    match_profile,
    parse_profile_question,
)
from match.matcher import Citation as MatchCitation
from match.report import chat_summary


class NotFound(PlanQAError):
    """A document or section asked for by id or path does not exist."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    doc_id: str
    title: str
    short_title: str
    region: str
    period: str | None
    issuer: str | None
    source: str
    n_chunks: int
    n_sections: int
    n_indicators: int


@dataclass(frozen=True, slots=True)
class SectionView:
    """One section of a plan with its full text (the heading included) and its direct children's paths."""

    doc_id: str
    doc_title: str
    path: tuple[str, ...]
    kind: str
    text: str
    start: int  # offset of `text` in the document's cleaned text
    end: int
    children: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    doc_id: str
    doc_title: str
    region: str
    name: str
    unit: str
    values: dict[str, str]  # year (or 属性 column) -> value exactly as written
    attribute: str | None
    note: str | None
    heading_path: tuple[str, ...]
    chunk_id: str | None  # the table-row chunk that cites it


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents: int
    chunks: int
    indicators: int
    embedded: int  # chunks embedded by this build (the rest came from the vector cache)
    skipped: tuple[SkippedFile, ...]
    index_dir: Path


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    store: str
    documents: int
    chunks: int
    built_at: str
    embedder: str
    llm: str  # "none" or the backend id
    problems: tuple[str, ...] = field(default=())


def open_search_index(settings: Settings) -> tuple[PlanIndex, Embedder]:
    """The index of `settings` (built when missing, stale or corrupted) and the embedder its vectors come from."""
    embedder = make_embedder(settings.embedder, settings.embed_threads)
    index = open_index(
        settings.data_dir,
        settings.corpus_inputs,
        embedder,
        settings.chunk_min_chars,
        settings.chunk_max_chars,
        StoreConfig.from_settings(settings),
        IngestLimits.of(settings),
    )
    return index, embedder


class PlanQA:
    def __init__(self, settings: Settings, index: PlanIndex, embedder: Embedder, answerer: Answerer):
        self.settings = settings
        self._embedder = embedder
        self._answerer = answerer
        self._index = index
        self._measures: tuple[PlanIndex, MeasureSet] | None = None  # per index, built on first use
        self._swap = threading.Lock()  # one ingest at a time; readers take the current objects without locking

    # ---- construction ----

    @classmethod
    def open(cls, settings: Settings | None = None, *, generator: LLMGenerator | None = None) -> PlanQA:
        """Open the index of `settings` (building it when missing, stale or corrupted) and the answer stage.

        `generator`: an LLM generator to use instead of the one `settings.llm` names (tests pass fakes)."""
        settings = settings or Settings()
        index, embedder = open_search_index(settings)
        if generator is None:
            backend = make_backend(settings)
            generator = LLMGenerator(backend) if backend is not None else None
        return cls(settings, index, embedder, cls._answerer_for(settings, index, embedder, generator))

    @staticmethod
    def _answerer_for(
        settings: Settings, index: PlanIndex, embedder: Embedder, generator: LLMGenerator | None
    ) -> Answerer:
        config = RetrievalConfig(
            candidates=settings.candidates,
            fusion=settings.fusion,
            alpha=settings.alpha,
            concept_share=settings.concept_share,
            rrf_k=settings.rrf_k,
            bridge_weight=settings.bridge_weight,
        )
        retriever = HybridRetriever(index, embedder, config, shipped_bridge() if settings.bridge_weight > 0 else None)
        adapter = adapter_for(embedder.id) if settings.evidence_adapter else None
        topic = topic_for(embedder.id) if settings.question_topic else None
        return Answerer(
            retriever,
            top_k=settings.top_k,
            min_coverage=settings.min_coverage,
            generator=generator,
            adapter=adapter,
            topic=topic,
        )

    @property
    def generator(self) -> LLMGenerator | None:
        return self._answerer.generator

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the embedder, the English dictionary (about a
        second to parse, index/bilingual.py), the thesaurus (0.3 s, index/thesaurus.py), the two jieba tokenizers
        (the plan terms' for BM25, index/sparse.py, and jieba's own that tags a follow-up's words,
        answer/rewrite.py: about half a second each; the first question and the first follow-up of `app.py eval` on
        qa_dev took 0.47 and 0.51 s without them, the others under 0.07 s) and the LLM's cached prompt."""
        self._embedder.embed_query("warm-up")
        cedict()
        synonyms("预热")
        jieba_tokenize("预热")
        load_tagger()
        if self.generator is not None:
            self.generator.warm_up()

    # ---- questions ----

    def ask(
        self,
        question: str,
        history: Sequence[tuple[str, str]] = (),
        *,
        within: Sequence[str] | None = None,
        on_draft: Callable[[Answer], None] | None = None,
    ) -> Answer:
        """Answer from the plans only. `within`: doc ids or region names to answer from (default: all).
        `on_draft`: called (in this thread) with the extractive answer before the LLM phrases the final one; not
        called when no LLM is asked. The returned answer is the one to keep."""
        question, history = check_question(question, history, self.settings)
        if not history and not within:
            matched = self._match_answer(question)
            if matched is not None:
                return matched
        return self._answerer.ask(question, history, within=self._doc_ids(within), on_draft=on_draft)

    def _match_answer(self, question: str) -> Answer | None:
        """A question in the style "我们是…企业，在…，研发投入占…，能享受什么" is answered by retrieval AND the matcher.

        Rule `retrieval-then-match`: the answer is the retrieval answer (what the plans say to the question asked,
        with its passage) followed by the matcher's check of the firm's facts against the measures. Why: the matcher
        alone missed the passage a question asks for (dev u027, u028: the 5%/2% 专项资金 sentence came 3rd or not at
        all among 适用 measures listed by relevance), and retrieval alone does not say which measures a firm meets.
        Measured on eval/user_qa/dev.jsonl (--llm none, corpus + tests/data/external): the 15 items the old route
        took were 3 right by the matcher alone, 9 by retrieval alone; of the 4 routed now, 3 are right by either
        and by both together, which is never below retrieval alone (dev answers 0.754 -> 0.841, eval/qa.jsonl
        0.980 unchanged). A refusal for lack of evidence gives way to the matched measures; a refusal for a place
        no plan covers stands (the matcher has nothing there)."""
        if not is_profile_question(question):
            return None
        t0 = time.perf_counter()
        base = self._answerer.ask(question)
        if base.route is Route.REFUSAL_SCOPE:
            return base
        measures = self.measures()
        report = match_profile(parse_profile_question(question, measures.documents), measures)
        matched, cited = chat_summary(report)
        own = [] if base.refused else list(base.citations)
        # a matched sentence already cited by the retrieval answer keeps its number; the others follow in order
        numbers: dict[int, int] = {}
        citations = list(own)
        for n, c in cited:
            cite = self._match_citation(len(citations) + 1, c)
            same = next((x.n for x in own if x.chunk_id == cite.chunk_id and x.quote == cite.quote), None)
            if same is not None:
                numbers[n] = same
            else:
                numbers[n] = cite.n
                citations.append(cite)
        matched = re.sub(r"\[(\d+)\]", lambda m: f"[{numbers[int(m.group(1))]}]", matched)
        text = matched if base.refused else f"{base.text}\n\n{matched}"
        timings = {**base.timings_ms, "total": (time.perf_counter() - t0) * 1000}
        return Answer(
            question=question,
            query=base.query or question,
            text=text,
            citations=tuple(citations),
            refused=False,
            retrieved=base.retrieved,
            timings_ms=timings,
            checks=(*base.checks, "match"),
            route=Route.MATCH,
            problems=base.problems,
        )

    def _match_citation(self, n: int, c: MatchCitation) -> Citation:
        """A matcher citation (offsets into the document) as an answer citation: the chunk holding the sentence."""
        idx = self._index
        chunk = next(
            (x for x in idx.chunks if x.doc_id == c.doc_id and x.start <= c.start < x.end and x.kind != "table"),
            None,
        )
        if chunk is None:  # the sentence is a heading line: cite its section's first chunk
            chunk = next(x for x in idx.chunks if x.doc_id == c.doc_id and x.start >= c.start)
        start, end = max(c.start, chunk.start), min(c.end, chunk.end)
        return Citation.of(n, chunk, idx.texts[c.doc_id][start:end], idx.docs[c.doc_id])

    # ---- policy matching ----

    def measures(self) -> MeasureSet:
        """The support measures of the indexed plans (extracted by rule once per index, then kept)."""
        idx = self._index
        cached = self._measures
        if cached is None or cached[0] is not idx:
            docs = [
                Document(
                    meta=meta,
                    cleaned=idx.texts[d],
                    sections=idx.sections.get(d, ()),
                    chunks=tuple(c for c in idx.chunks if c.doc_id == d),
                    indicators=tuple(i for i in idx.indicators if i.doc_id == d),
                )
                for d, meta in idx.docs.items()
            ]
            # each region's places one rank down, every form of each (安徽省: 合肥市, 合肥, …): the matcher tells a
            # place outside a province (包头市) from one it cannot place
            children = {parent: tuple(n for forms in kids for n in forms) for parent, kids in subdivisions().items()}
            cached = (idx, extract_measures(docs, children))
            self._measures = cached
        return cached[1]

    def match(self, profile: Mapping[str, Any] | Profile) -> MatchReport:
        """Which measures apply to an enterprise: 适用 / 可能适用 / 规划方向 / 不适用, each with reasons and its source.

        `profile`: a JSON-like mapping (keys in match.PROFILE_KEYS; unknown keys are reported in the report's
        warnings) or a Profile. A wrong value raises InvalidProfile naming the key."""
        if not isinstance(profile, Profile):
            profile = Profile.from_dict(dict(profile))
        return match_profile(profile, self.measures())

    def retrieve(self, query: str, k: int | None = None, *, within: Sequence[str] | None = None) -> list[Hit]:
        """The k best passages for `query` (hybrid search, no answer stage)."""
        return self._answerer.search(query, self._doc_ids(within) or (), k or self.settings.top_k)

    def _doc_ids(self, within: Sequence[str] | None) -> list[str] | None:
        """Doc ids from a mix of doc ids and region names; an unknown name is an error, not an empty scope."""
        if not within:
            return None
        docs = self._index.docs
        out = []
        for w in within:
            found = [d for d, m in docs.items() if w in (d, m.region, m.title, m.short_title)]
            if not found:
                raise NotFound(f"no plan or region named {w!r}; known: {', '.join(m.region for m in docs.values())}")
            out += [d for d in found if d not in out]
        return out

    # ---- the corpus ----

    def documents(self) -> list[DocumentInfo]:
        idx = self._index
        n_chunks: dict[str, int] = {}
        for c in idx.chunks:
            n_chunks[c.doc_id] = n_chunks.get(c.doc_id, 0) + 1
        return [
            DocumentInfo(
                doc_id=d,
                title=m.title,
                short_title=m.short_title,
                region=m.region,
                period=m.period,
                issuer=m.issuer,
                source=m.source,
                n_chunks=n_chunks.get(d, 0),
                n_sections=len(idx.sections.get(d, ())),
                n_indicators=sum(i.doc_id == d for i in idx.indicators),
            )
            for d, m in idx.docs.items()
        ]

    def outline(self, doc_id: str) -> tuple[Section, ...]:
        """The plan's sections in document order; `Section.path` is the heading path, `level` its depth rank."""
        self._doc(doc_id)
        return self._index.sections.get(doc_id, ())

    def section(self, doc_id: str, path: Sequence[str]) -> SectionView:
        """The text of one section (by its heading path, as in a citation's `heading_path`)."""
        meta = self._doc(doc_id)
        path = tuple(path)
        sections = self._index.sections.get(doc_id, ())
        match = next((s for s in sections if s.path == path), None)
        if match is None:
            raise NotFound(f"《{meta.title}》 has no section {' › '.join(path)!r}")
        text = self._index.texts[doc_id]
        children = tuple(s.path for s in sections if len(s.path) == len(path) + 1 and s.path[: len(path)] == path)
        return SectionView(
            doc_id=doc_id,
            doc_title=meta.title,
            path=path,
            kind=match.kind,
            text=text[match.start : match.end],
            start=match.start,
            end=match.end,
            children=children,
        )

    def chunk(self, chunk_id: str) -> Chunk:
        """The passage with this id (as in `Citation.chunk_id` and `Hit.chunk.id`)."""
        try:
            return self._index.by_id[chunk_id]
        except KeyError:
            raise NotFound(f"no passage with id {chunk_id!r}") from None

    def unsupported_numbers(self, answer: Answer) -> bool:
        """True when the answer states a number that none of the passages it cites holds (answer.verify's rules)."""
        cited = [self.chunk(c.chunk_id) for c in sorted(answer.citations, key=lambda c: c.n)]
        return any(p.kind is ProblemKind.NUMBER_NOT_FOUND for p in verify(answer.text, cited).problems)

    def document_text(self, doc_id: str) -> str:
        """The plan's cleaned text: every chunk's and section's offsets point into it."""
        self._doc(doc_id)
        return self._index.texts[doc_id]

    def indicators(
        self, *, region: str | None = None, doc_id: str | None = None, name: str | None = None
    ) -> list[IndicatorRow]:
        """指标 rows, filtered by region (substring), document and indicator name (substring)."""
        idx = self._index
        out = []
        for ind in idx.indicators:
            meta = idx.docs[ind.doc_id]
            if doc_id and ind.doc_id != doc_id:
                continue
            if region and region not in meta.region:
                continue
            if name and name not in ind.name:
                continue
            out.append(_indicator_row(ind, meta.title, meta.region, _row_chunk(idx, ind)))
        return out

    def _doc(self, doc_id: str):
        meta = self._index.docs.get(doc_id)
        if meta is None:
            raise NotFound(f"no plan with id {doc_id!r}; known: {', '.join(self._index.docs)}")
        return meta

    # ---- building ----

    def ingest(self, extra: Sequence[Path] = ()) -> IngestReport:
        """Rebuild the index from the corpus folders plus `extra`, then swap it in (atomically, on disk and here)."""
        with self._swap:
            s = self.settings
            inputs = [*s.corpus_inputs, *(Path(p) for p in extra)]
            store, limits = StoreConfig.from_settings(s), IngestLimits.of(s)
            index = build_index(inputs, self._embedder, s.data_dir, s.chunk_min_chars, s.chunk_max_chars, store, limits)
            answerer = self._answerer_for(s, index, self._embedder, self._answerer.generator)
            self._index, self._answerer = index, answerer
        return IngestReport(
            documents=len(index.docs),
            chunks=len(index.chunks),
            indicators=len(index.indicators),
            embedded=index.embedded,
            skipped=tuple(index.skipped),
            index_dir=s.index_dir,
        )

    def health(self) -> Health:
        idx = self._index
        gen = self.generator
        problems = [] if idx.chunks else ["the index holds no passages: add plans to the corpus and ingest"]
        store_problems = getattr(idx.store, "problems", None)  # MilvusStore: reachable, and at this build's plans
        if store_problems is not None:
            problems += store_problems()
        return Health(
            ok=not problems,
            store=idx.manifest.spec.store,
            documents=len(idx.docs),
            chunks=len(idx.chunks),
            built_at=idx.manifest.built_at,
            embedder=idx.manifest.spec.embedder,
            llm=gen.backend.id if gen is not None else "none",
            problems=tuple(problems),
        )

    # ---- feedback ----

    def feedback(self, answer: Answer, rating: str, reasons: Sequence[str] = (), comment: str = "") -> int:
        """Store a reader's verdict on `answer` ("up" or "down"; reasons from `feedback.REASONS`) in SQLite under
        the data dir, with the question, the answer, its citations and the retrieved chunk ids. Returns the row id."""
        from feedback import FeedbackStore  # here, not at the top: only the web page and its tests send feedback

        return FeedbackStore.in_data_dir(self.settings.data_dir).add(answer, rating, reasons, comment)


def _row_chunk(index: PlanIndex, ind: Indicator) -> str | None:
    for c in index.chunks:
        if c.kind == "table" and c.doc_id == ind.doc_id and c.start <= ind.start and ind.end <= c.end:
            return c.id
    return None


def _indicator_row(ind: Indicator, title: str, region: str, chunk_id: str | None) -> IndicatorRow:
    return IndicatorRow(
        doc_id=ind.doc_id,
        doc_title=title,
        region=region,
        name=ind.name,
        unit=ind.unit,
        values=dict(ind.values),
        attribute=ind.attribute,
        note=ind.note,
        heading_path=ind.heading_path,
        chunk_id=chunk_id,
    )
