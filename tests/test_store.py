"""The persisted index: manifest checks, stale rebuild, incremental re-embedding, atomic replacement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from errors import IndexMissing, IndexStale, IndexWriteFailed
from index import build, manifest
from index.build import build_index, load_index, open_index, read_manifest
from index.embed import HashingEmbedder
from index.store import units_of

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT / "tests" / "data" / "external"


class CountingEmbedder(HashingEmbedder):
    """The real hashing embedder, counting how many texts it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return super().embed_documents(texts)


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    d = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", d)
    return d


def test_missing_index_says_how_to_build(tmp_path, corpus_dir):
    with pytest.raises(IndexMissing, match=r"app\.py ingest"):
        load_index(tmp_path / "var", [corpus_dir], HashingEmbedder(64))


def test_round_trip_and_incremental_embedding(tmp_path, corpus_dir):
    data = tmp_path / "var"
    emb = CountingEmbedder()
    first = build_index([corpus_dir], emb, data)
    # the chunks, then the sentence units (evidence selection): each distinct text once (a one-sentence chunk's
    # searched text is its unit's text)
    texts = {c.search_text() for c in first.chunks} | {u.text for u in units_of(first.chunks)}
    assert len(first.chunks) == first.embedded
    assert emb.embedded == len(texts)
    loaded = load_index(data, [corpus_dir], emb)
    assert [c.id for c in loaded.chunks] == [c.id for c in first.chunks]
    assert loaded.indicators == first.indicators
    assert loaded.docs == first.docs

    # adding one document embeds only its chunks; the two plans come from the vector cache
    extra = EXTERNAL / "anhui-province_2022_RCEP-high-level-opening-implementation-opinions_pkulaw-CLI.12.6476457.txt"
    shutil.copy(extra, corpus_dir / extra.name)
    emb.embedded = 0
    second = build_index([corpus_dir], emb, data)
    new_chunks = [c for c in second.chunks if c.doc_id not in first.docs]
    assert new_chunks
    assert second.embedded == len(new_chunks)
    new_texts = {c.search_text() for c in new_chunks} | {u.text for u in units_of(new_chunks)}
    assert emb.embedded == len(new_texts - texts)
    assert len(second.chunks) == len(first.chunks) + len(new_chunks)


def test_changed_corpus_is_stale_and_open_rebuilds(tmp_path, corpus_dir):
    data = tmp_path / "var"
    emb = HashingEmbedder(64)
    build_index([corpus_dir], emb, data)
    plan = corpus_dir / "lizhou-2021-kjcx-zscq.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n十三、附则\n本规划由区科技局负责解释。\n", encoding="utf-8")
    with pytest.raises(IndexStale, match=r"lizhou-2021-kjcx-zscq\.txt"):
        load_index(data, [corpus_dir], emb)
    rebuilt = open_index(data, [corpus_dir], emb)
    assert any("本规划由区科技局负责解释" in c.text for c in rebuilt.chunks)
    load_index(data, [corpus_dir], emb)  # fresh again


def test_other_embedder_or_chunker_is_stale(tmp_path, corpus_dir, monkeypatch):
    data = tmp_path / "var"
    build_index([corpus_dir], HashingEmbedder(64), data)
    with pytest.raises(IndexStale, match=r"embedder: built with .hash-v1:64., the settings ask for .hash-v1:32."):
        load_index(data, [corpus_dir], HashingEmbedder(32))
    monkeypatch.setattr(manifest, "CHUNKER_VERSION", "chunk-v999")
    with pytest.raises(IndexStale, match="chunk-v999"):
        load_index(data, [corpus_dir], HashingEmbedder(64))


def test_crash_mid_build_keeps_the_old_index(tmp_path, corpus_dir, monkeypatch):
    data = tmp_path / "var"
    emb = HashingEmbedder(64)
    old = build_index([corpus_dir], emb, data)
    (corpus_dir / "new.txt").write_text("某县科技规划\n一、总则\n为推动科技创新，制定本规划。", encoding="utf-8")

    def crash(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(build.LocalStore, "save", crash)
    with pytest.raises(IndexWriteFailed, match=r"disk full.*the previous index stays live"):
        build_index([corpus_dir], emb, data)
    monkeypatch.undo()
    # the live build is untouched; it is stale only because the corpus changed
    assert read_manifest(data).n_chunks == len(old.chunks)
    (corpus_dir / "new.txt").unlink()
    assert len(load_index(data, [corpus_dir], emb).chunks) == len(old.chunks)
    # the next successful build removes the half-written folder
    build_index([corpus_dir], emb, data)
    assert len(list((data / "index" / "builds").iterdir())) == 1


@pytest.mark.parametrize(("setting", "value"), [("min_chars", 120), ("max_chars", 300)])
def test_every_build_setting_is_in_the_manifest(tmp_path, corpus_dir, setting, value):
    """Asking for other chunk sizes is a different index: stale, rebuilt with the new sizes."""
    data, emb = tmp_path / "var", HashingEmbedder(64)
    build_index([corpus_dir], emb, data)
    wanted = {"min_chars": 150, "max_chars": 450, setting: value}
    with pytest.raises(IndexStale, match=f"{setting}: built with .*, the settings ask for {value}"):
        load_index(data, [corpus_dir], emb, **wanted)
    rebuilt = open_index(data, [corpus_dir], emb, **wanted)
    assert read_manifest(data).spec.__getattribute__(setting) == value
    if setting == "max_chars":
        longest_text_chunk = max(len(c.text) for c in rebuilt.chunks if c.kind == "text")
        assert longest_text_chunk < 450
    load_index(data, [corpus_dir], emb, **wanted)  # fresh again


@pytest.mark.parametrize("victim", ["chunks.jsonl", "dense.faiss", "sparse.json", "sections.json"])
def test_a_corrupted_or_truncated_file_is_detected_and_rebuilt(tmp_path, corpus_dir, victim):
    data, emb = tmp_path / "var", HashingEmbedder(64)
    built = build_index([corpus_dir], emb, data)
    current = data / "index" / "builds" / (data / "index" / "CURRENT").read_text().strip()
    raw = (current / victim).read_bytes()
    (current / victim).write_bytes(raw[: len(raw) // 2])
    with pytest.raises(IndexStale, match=f"{victim} is corrupted"):
        load_index(data, [corpus_dir], emb)
    rebuilt = open_index(data, [corpus_dir], emb)
    assert [c.id for c in rebuilt.chunks] == [c.id for c in built.chunks]


def test_outline_and_texts_round_trip(tmp_path, corpus_dir):
    data, emb = tmp_path / "var", HashingEmbedder(64)
    built = build_index([corpus_dir], emb, data)
    loaded = load_index(data, [corpus_dir], emb)
    assert loaded.sections == built.sections and loaded.texts == built.texts
    for c in loaded.chunks:
        assert loaded.texts[c.doc_id][c.start : c.end] == c.text


def test_the_milvus_token_setting_reaches_the_store_and_not_the_build_spec(tmp_path, monkeypatch):
    from config import Settings
    from index import build as build_module

    made = {}

    class Store:
        def __init__(self, uri, collection, dim, embedder_id, token=None):
            made.update(uri=uri, token=token)

    monkeypatch.setattr("index.milvus_store.MilvusStore", Store)
    settings = Settings(
        data_dir=tmp_path, store="milvus", milvus_uri="http://milvus.example:19530", milvus_token="root:Milvus"
    )
    store = build_module.StoreConfig.from_settings(settings)
    assert "Milvus" not in store.spec and "Milvus" not in repr(store)
    build_module._milvus(store, type("E", (), {"dim": 8, "id": "hash-8"})())
    assert made["uri"] == "http://milvus.example:19530"
    assert made["token"].get_secret_value() == "root:Milvus"
