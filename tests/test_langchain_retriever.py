"""PlanRetriever: LangChain's standard retriever suite on a real index of the two plans, plus exact top hits."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from index.build import build_index
from index.embed import make_embedder
from index.langchain_retriever import PlanRetriever
from index.retriever import HybridRetriever

ROOT = Path(__file__).resolve().parents[1]
QUERY = "达州高新技术企业2025年目标"
LIZHOU = "lizhou-2021-kjcx-zscq"

# ainvoke is tested by async tests; as in test_langchain_embeddings.py, anyio runs them (pytest-asyncio is strict).
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def hybrid(tmp_path_factory) -> HybridRetriever:
    """Both plans and catalog.toml, indexed with the hashing embedder (no model) into a temporary data dir."""
    embedder = make_embedder("hash", 1)
    index = build_index([ROOT / "corpus"], embedder, tmp_path_factory.mktemp("var"))
    return HybridRetriever(index, embedder)


class TestPlanRetrieverStandard(RetrieversIntegrationTests):
    # The suite builds retrievers from `retriever_constructor_params` alone, a property that cannot ask for
    # fixtures. A fixture defined in the class is bound to the same instance as the test it serves, and autouse
    # fixtures run before the suite's own `retriever` fixture, so the prebuilt index is on `self` in time.
    @pytest.fixture(autouse=True)
    def _use_index(self, hybrid: HybridRetriever) -> None:
        self.hybrid = hybrid

    @property
    def retriever_constructor(self) -> type[PlanRetriever]:
        return PlanRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"retriever": self.hybrid}

    @property
    def retriever_query_example(self) -> str:
        return QUERY


def test_dazhou_target_query_finds_the_target_and_doc_ids_restrict_to_lizhou(hybrid):
    retriever = PlanRetriever(retriever=hybrid)

    docs = retriever.invoke(QUERY, k=3)
    # no doc_ids: the region in the question is only a word to BM25 (the answer stage sets doc_ids from it)
    assert docs[0].metadata["region"] == "达州市"
    assert [d.metadata["rank"] for d in docs] == [1, 2, 3]
    top = docs[0]
    assert top.page_content == "高新技术企业 (家)\t94\t400"
    assert top.metadata["heading_path"] == ["第二章 总体要求", "第三节 发展目标", "“十四五”科技创新主要指标"]
    assert "第三节 发展目标" in top.metadata["heading_path"]
    assert top.metadata["kind"] == "table"
    assert top.metadata["doc_id"] == "dazhou-2021-kjcx"
    assert top.metadata["doc_title"] == "达州市“十四五”科技创新规划(2021—2025年)"
    assert top.metadata["source"].endswith("dazhou-2021-kjcx.txt")
    assert top.metadata["score"] == 1.0  # score fusion min-max normalises, so the best hit scores 1
    assert top.id == top.metadata["chunk_id"]
    chunk = next(c for c in hybrid.index.chunks if c.id == top.id)
    assert top.page_content == chunk.text  # the chunk's exact text, not its search text

    lizhou = retriever.invoke(QUERY, k=3, doc_ids=[LIZHOU])
    assert [d.metadata["doc_id"] for d in lizhou] == [LIZHOU] * 3
    assert {d.metadata["region"] for d in lizhou} == {"广元市利州区"}
    assert lizhou[0].page_content == "6\n高新技术企业数\n家\n12\n20\n40\n预期"


async def test_constructor_defaults_and_per_call_overrides_sync_and_async(hybrid):
    retriever = PlanRetriever(retriever=hybrid, k=2, doc_ids=[LIZHOU])
    assert [d.metadata["doc_id"] for d in retriever.invoke(QUERY)] == [LIZHOU] * 2
    # BaseRetriever's default async path rejects per-call kwargs (TypeError); PlanRetriever forwards them
    for docs in (
        retriever.invoke(QUERY, k=3, doc_ids=["dazhou-2021-kjcx"]),
        await retriever.ainvoke(QUERY, k=3, doc_ids=["dazhou-2021-kjcx"]),
    ):
        assert [d.metadata["doc_id"] for d in docs] == ["dazhou-2021-kjcx"] * 3
        assert docs[0].page_content == "高新技术企业 (家)\t94\t400"
    with pytest.raises(ValueError, match="k must be at least 1"):
        retriever.invoke(QUERY, k=0)
