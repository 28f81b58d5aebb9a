"""Settings → a ready Answerer (embedder, index loaded or rebuilt, retriever). The Python API behind app.py."""

from __future__ import annotations

from pathlib import Path

from answer.answerer import Answerer
from answer.generate import LLMGenerator
from answer.llm import make_backend
from config import Settings
from index.embed import make_embedder
from index.retriever import HybridRetriever, RetrievalConfig
from index.store import PlanIndex, build_index, open_index


def _inputs(settings: Settings, extra: list[Path] | None = None) -> list[Path]:
    return [*settings.corpus_dirs, *(extra or [])]


def ingest(settings: Settings, extra: list[Path] | None = None) -> PlanIndex:
    """(Re)build the index from the corpus folders plus extra files or folders."""
    embedder = make_embedder(settings.embedder, settings.embed_threads)
    return build_index(
        _inputs(settings, extra), embedder, settings.data_dir, settings.chunk_min_chars, settings.chunk_max_chars
    )


def build_answerer(settings: Settings, top_k: int | None = None) -> Answerer:
    embedder = make_embedder(settings.embedder, settings.embed_threads)
    index = open_index(
        settings.data_dir,
        _inputs(settings),
        embedder,
        min_chars=settings.chunk_min_chars,
        max_chars=settings.chunk_max_chars,
    )
    config = RetrievalConfig(
        candidates=settings.candidates,
        fusion=settings.fusion,
        alpha=settings.alpha,
        concept_share=settings.concept_share,
        rrf_k=settings.rrf_k,
    )
    retriever = HybridRetriever(index, embedder, config)
    backend = make_backend(settings)
    generator = LLMGenerator(backend) if backend is not None else None
    return Answerer(retriever, top_k=top_k or settings.top_k, min_coverage=settings.min_coverage, generator=generator)
