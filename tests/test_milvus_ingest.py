"""The Milvus store's client: the token reaches it and goes nowhere else; an unchanged re-ingest writes nothing.

Both run against milvus-lite through a MilvusClient subclass that records what it is given and which write calls
it receives (pymilvus is imported by MilvusStore when it connects, so patching the class in pymilvus is enough)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

import pymilvus
import pytest
from pydantic import SecretStr
from pymilvus.exceptions import MilvusException

from index.milvus_store import MilvusStore, StoreUnavailable

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "planqa_user:s3cret-Pa55"
WRITES = ("insert", "upsert", "delete", "flush", "create_collection", "drop_collection", "create_index", "compact")


MilvusClient = pymilvus.MilvusClient  # the real one, before the fixture replaces it


class RecordingClient(MilvusClient):
    """A real MilvusClient that keeps the keyword arguments it was built with and counts write calls and rows."""

    made: ClassVar[list[dict]] = []
    calls: ClassVar[Counter] = Counter()
    rows: ClassVar[Counter] = Counter()

    def __init__(self, *args, **kwargs):
        RecordingClient.made.append(kwargs)
        super().__init__(*args, **kwargs)

    def insert(self, collection_name, data, *args, **kwargs):
        RecordingClient.calls["insert"] += 1
        RecordingClient.rows[f"insert {collection_name}"] += len(data)
        return super().insert(collection_name, data, *args, **kwargs)

    def upsert(self, collection_name, data, *args, **kwargs):
        RecordingClient.calls["upsert"] += 1
        RecordingClient.rows[f"upsert {collection_name}"] += len(data)
        return super().upsert(collection_name, data, *args, **kwargs)


def _counting(name: str):
    def method(self, *args, **kwargs):
        RecordingClient.calls[name] += 1
        return getattr(MilvusClient, name)(self, *args, **kwargs)

    return method


for _name in WRITES:
    if _name not in ("insert", "upsert"):
        setattr(RecordingClient, _name, _counting(_name))


@pytest.fixture
def recording(monkeypatch):
    RecordingClient.made, RecordingClient.calls, RecordingClient.rows = [], Counter(), Counter()
    monkeypatch.setattr(pymilvus, "MilvusClient", RecordingClient)
    return RecordingClient


# ---- the token


def test_the_token_reaches_the_client_and_nothing_else(recording, tmp_path):
    store = MilvusStore(str(tmp_path / "lite.db"), "planqa", 8, "hash-8", token=SecretStr(TOKEN))
    assert recording.made[-1]["token"] == TOKEN  # milvus-lite accepts and ignores it; a server checks it
    assert TOKEN not in repr(vars(store)) and "s3cret" not in store.spec
    store.serve({"d": "h"}, ["d#0"])
    store.save(tmp_path)
    assert "s3cret" not in (tmp_path / "milvus.json").read_text(encoding="utf-8")
    store.close()

    MilvusStore(str(tmp_path / "lite2.db"), "planqa", 8, "hash-8").close()
    assert recording.made[-1]["token"] == ""  # no token: the client's default


def test_the_token_is_not_repeated_in_errors(monkeypatch, tmp_path):
    class Refusing:
        def __init__(self, uri, token):
            raise MilvusException(message=f"could not authenticate {token} at {uri}")

    monkeypatch.setattr(pymilvus, "MilvusClient", Refusing)
    with pytest.raises(StoreUnavailable) as e:
        MilvusStore("http://milvus.example:19530", "planqa", 8, "hash-8", token=TOKEN)
    assert "could not authenticate *** at http://milvus.example:19530" in str(e.value)
    assert e.value.__suppress_context__  # a traceback does not show the client's own exception either


def test_the_token_is_not_repeated_in_health_problems(recording, tmp_path):
    store = MilvusStore(str(tmp_path / "lite.db"), "planqa", 8, "hash-8", token=TOKEN)

    def unreachable():
        raise MilvusException(message=f"token {TOKEN} rejected")

    store.stored_hashes = unreachable
    (problem,) = store.problems()
    assert "not reachable" in problem and "token *** rejected" in problem and "s3cret" not in problem
    store.close()


# ---- an unchanged re-ingest writes nothing


def test_an_unchanged_reingest_embeds_and_writes_nothing(recording, tmp_path, monkeypatch):
    """Through the PlanQA API: the first build inserts into the new collections; `ingest()` of the same corpus makes
    no write call at all (no insert, upsert, delete, flush, create or drop) and embeds nothing; after one plan
    changes, only that plan's rows are upserted and its old version's rows deleted."""
    import shutil

    from config import Settings
    from index.embed import HashingEmbedder
    from planqa import PlanQA

    embedded = Counter()
    original = HashingEmbedder.embed_documents

    def counting(self, texts):
        embedded["texts"] += len(texts)
        return original(self, texts)

    monkeypatch.setattr(HashingEmbedder, "embed_documents", counting)
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = Settings(
        data_dir=tmp_path / "var",
        corpus_dirs=[corpus],
        embedder="hash",
        llm="none",
        store="milvus",
        milvus_uri=str(tmp_path / "lite.db"),
    )
    qa = PlanQA.open(settings)
    chunks = qa.health().chunks
    assert recording.calls["insert"] > 0 and recording.calls["upsert"] == 0  # a new collection: inserted
    assert recording.calls["flush"] == 2 and embedded["texts"] > chunks  # the chunks, then the sentence units
    assert recording.rows["insert planqa_chunks"] == chunks

    recording.calls.clear()
    recording.rows.clear()
    embedded.clear()
    report = qa.ingest()
    assert report.chunks == chunks and report.embedded == 0 and embedded["texts"] == 0
    assert {k: n for k, n in recording.calls.items() if n} == {}
    assert qa.health().ok

    plan = corpus / "lizhou-2021-kjcx-zscq.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n十三、附则\n本规划由区科技局负责解释。\n", encoding="utf-8")
    report = qa.ingest()
    lizhou = sum(c.doc_id == "lizhou-2021-kjcx-zscq" for c in qa._index.chunks)
    assert recording.rows["upsert planqa_chunks"] == lizhou and recording.calls["insert"] == 0
    # one text embedded for the new section (chunk and sentence unit alike); the rest comes from the vector cache
    assert recording.calls["delete"] == 2 and recording.calls["flush"] == 2 and embedded["texts"] == 1
    assert qa.health().ok


def test_sync_tokenizes_the_units_it_is_not_given_tokens_for(tmp_path):
    """`tokens` may leave a unit's entry None (a caller that has term statistics for that plan already): the store
    then tokenizes the unit itself when it writes it, into the same text as when it is given the tokens."""
    import numpy as np

    from index.milvus_store import lite_token
    from index.sparse import jieba_tokenize
    from index.store import units_of
    from ingest.pipeline import ingest_paths

    chunks = ingest_paths([ROOT / "corpus"]).chunks
    units = units_of(chunks)
    tokens = [jieba_tokenize(u.text) if u.doc_id.startswith("dazhou") else None for u in units]
    assert any(t is None for t in tokens) and any(t is not None for t in tokens)
    store = MilvusStore(str(tmp_path / "lite.db"), "planqa", 8, "hash-8")
    report = store.sync(chunks, units, lambda cs: (np.ones((len(cs), 8), dtype=np.float32), len(cs)), tokens)
    assert report.unit_rows == len(units)
    rows = store._client.query(store.units_name, filter="", output_fields=["id", "text"], limit=len(units))
    texts = {r["id"]: r["text"] for r in rows}
    seen: Counter = Counter()
    for u in units:
        expected = " ".join(lite_token(t) for t in jieba_tokenize(u.text))
        assert texts[f"{u.chunk_id}#{seen[u.chunk_id]}"] == expected
        seen[u.chunk_id] += 1
    store.close()


def test_the_token_goes_from_the_settings_to_the_client_only(recording, tmp_path, monkeypatch):
    """PLANQA_MILVUS_TOKEN through PlanQA.open (StoreConfig.from_settings): at the client, not in health() or the
    build folder, neither on the first build nor when the build is loaded again."""
    from config import Settings
    from index.build import StoreConfig
    from planqa import PlanQA

    monkeypatch.setenv("PLANQA_MILVUS_TOKEN", TOKEN)
    settings = Settings(
        data_dir=tmp_path / "var",
        corpus_dirs=[ROOT / "corpus"],
        embedder="hash",
        llm="none",
        store="milvus",
        milvus_uri=str(tmp_path / "lite.db"),
    )
    assert "s3cret" not in repr(StoreConfig.from_settings(settings))
    for _ in range(2):  # built, then loaded
        qa = PlanQA.open(settings)
        assert recording.made and all(kw["token"] == TOKEN for kw in recording.made)
        health = qa.health()
        assert health.ok and "s3cret" not in repr(health)
        qa._index.store.close()
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(str(tmp_path / "lite.db"))
    assert len(recording.made) == 2
    for f in (tmp_path / "var").rglob("*"):
        if f.is_file():
            assert b"s3cret" not in f.read_bytes(), f
