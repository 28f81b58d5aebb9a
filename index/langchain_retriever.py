"""`HybridRetriever` as a LangChain retriever, so PlanQA's retrieval drops into LangChain chains.

    PlanRetriever(retriever=hybrid, k=3).invoke("达州高新技术企业2025年目标")
    -> [Document(page_content=<chunk text>, metadata={"doc_id": "dazhou-2021-kjcx", "rank": 1, ...}), ...]

The wrapper builds and loads nothing: it is handed a `HybridRetriever` over an index that is already open
(`index.store.open_index`). `k` and `doc_ids` are defaults; `invoke(query, k=1, doc_ids=[...])` overrides them
for one call.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from index.retriever import Hit, HybridRetriever


def hit_to_document(hit: Hit) -> Document:
    """One search hit as a LangChain `Document`: the chunk's exact text, and where it comes from as metadata."""
    chunk, doc = hit.chunk, hit.doc
    return Document(
        id=chunk.id,
        page_content=chunk.text,
        metadata={
            "chunk_id": chunk.id,
            "doc_id": chunk.doc_id,
            "doc_title": doc.title,
            "region": doc.region,
            "heading_path": list(chunk.heading_path),
            "kind": chunk.kind,
            "score": hit.score,
            "rank": hit.rank,
            "source": doc.source,
        },
    )


class PlanRetriever(BaseRetriever):
    """The `k` best plan chunks for a query, by hybrid BM25 + dense search, as LangChain `Document`s.

    `doc_ids` restricts the search to those plans; None (or an empty list) searches all of them.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    k: int = Field(default=4, ge=1)
    doc_ids: list[str] | None = None

    def _search(self, query: str, k: int | None, doc_ids: Sequence[str] | None) -> list[Document]:
        k = self.k if k is None else k
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        hits = self.retriever.search(query, k=k, doc_ids=self.doc_ids if doc_ids is None else doc_ids)
        return [hit_to_document(h) for h in hits]

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        doc_ids: Sequence[str] | None = None,
    ) -> list[Document]:
        return self._search(query, k, doc_ids)

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
        doc_ids: Sequence[str] | None = None,
    ) -> list[Document]:
        # BaseRetriever's default takes run_manager only: ainvoke(query, k=1) would raise TypeError.
        return await run_in_executor(None, self._search, query, k, doc_ids)
