"""The search-store contract (index/store.py), run against both stores on the real plans with the hashing embedder:
`local` (FAISS + in-process BM25) and `milvus` (milvus-lite, in-process). Then what only Milvus has to show:
incremental and idempotent ingest, sharing one collection, and the settings that select it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from errors import IndexStale
from index.bridge import Bridge, Link
from index.build import StoreConfig, build_index, load_index, open_index
from index.embed import HashingEmbedder
from index.retriever import HybridRetriever
from index.store import LexicalQuery, PlanIndex, SearchStore, units_of

ROOT = Path(__file__).resolve().parents[1]
DAZHOU, LIZHOU = "dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"
STORES = ["local", "milvus"]

# (lexical query, doc filter, text the first hit's chunk holds): BM25 over sentence units, the same in both stores
LEXICAL_TOP = [
    ("高新技术企业达到400家", None, "全市高新技术企业达到 400 家以上"),
    ("知识产权质押融资", None, "拓宽知识产权投融资渠道"),
    ("玻纤产业关键技术", [DAZHOU], "蓄热式窑炉"),
    ("惩罚性赔偿", [LIZHOU], "惩罚性赔偿"),
    ("公民具备科学素质的比例", None, "公民具备科学素质的比例"),
    ("How many patents were granted in Lizhou District?", None, "签订产学研合作协议31项"),  # via index/en_zh.tsv
]


def _store(kind: str, tmp: Path) -> StoreConfig:
    return StoreConfig() if kind == "local" else StoreConfig("milvus", str(tmp / "milvus" / "planqa.db"), "planqa")


@pytest.fixture(scope="module")
def indexes(tmp_path_factory) -> dict[str, PlanIndex]:
    """Both stores built once from the real corpus with the hashing embedder."""
    out = {}
    for kind in STORES:
        tmp = tmp_path_factory.mktemp(f"contract-{kind}")
        out[kind] = build_index([ROOT / "corpus"], HashingEmbedder(), tmp / "var", store=_store(kind, tmp))
    return out


@pytest.fixture(params=STORES)
def built(request, indexes) -> PlanIndex:
    return indexes[request.param]


def _query(text: str) -> LexicalQuery:
    # what HybridRetriever.lexical_query builds: the text for Milvus' analyzer, weights for the local BM25
    return HybridRetriever(None, HashingEmbedder()).lexical_query(text)  # type: ignore[arg-type]


def _chunk_holding(index: PlanIndex, text: str, doc: str | None = None) -> str:
    ids = [c.id for c in index.chunks if text in c.text and (doc is None or c.doc_id == doc)]
    assert ids, text
    return ids[0]


def test_both_stores_keep_the_protocol(built):
    assert isinstance(built.store, SearchStore)
    assert built.store.kind in STORES
    assert built.manifest.spec.store.split(":")[0] == built.store.kind


@pytest.mark.parametrize(("query", "docs", "holds"), LEXICAL_TOP)
def test_lexical_top_hit(built, query, docs, holds):
    hits = built.store.lexical(_query(query), 5, docs)
    assert holds in built.by_id[hits[0][0]].text


def test_dense_finds_a_chunk_from_its_own_text(built):
    emb = HashingEmbedder()
    for chunk in (built.chunks[3], built.chunks[-7]):
        (cid, score), *_ = built.store.dense(emb.embed_query(chunk.search_text()), 3)
        assert cid == chunk.id
        assert score == pytest.approx(1.0, abs=1e-4)


def test_results_are_chunk_ids_with_descending_scores(built):
    emb = HashingEmbedder()
    for hits in (built.store.lexical(_query("科技创新平台建设"), 20), built.store.dense(emb.embed_query("人才"), 20)):
        assert len(hits) == 20
        assert all(isinstance(cid, str) and cid in built.by_id and isinstance(s, float) for cid, s in hits)
        scores = [s for _, s in hits]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("k", [1, 5, 30])
def test_lexical_returns_at_most_k_distinct_chunks(built, k):
    # 科技创新 is in hundreds of sentence units, several per chunk: a chunk counts once, with its best unit
    hits = built.store.lexical(_query("科技创新"), k)
    ids = [cid for cid, _ in hits]
    assert len(ids) == k == len(set(ids))


def test_k_larger_than_the_corpus(built):
    n = len(built.chunks)
    assert len(built.store.dense(HashingEmbedder().embed_query("规划"), n + 50)) == n
    ids = [cid for cid, _ in built.store.lexical(_query("发展"), n + 50)]
    assert len(ids) == len(set(ids)) <= n


def test_doc_filter(built):
    emb = HashingEmbedder()
    for docs in ([LIZHOU], {DAZHOU}, (DAZHOU, LIZHOU)):
        lex = built.store.lexical(_query("达州市高新技术企业"), 10, docs)
        den = built.store.dense(emb.embed_query("达州市高新技术企业"), 10, docs)
        assert lex and den
        assert {built.by_id[c].doc_id for c, _ in lex + den} <= set(docs)
    assert built.store.lexical(_query("高新技术企业"), 5, []) == []
    assert built.store.dense(emb.embed_query("高新技术企业"), 5, ["<none>"]) == []


@pytest.mark.parametrize(
    ("query", "docs"), [("科技企业孵化器奖励", None), ("科研人员追责", [DAZHOU]), ("R&D经费投入强度", None)]
)
def test_both_stores_score_alike(indexes, query, docs):
    """The same first chunks, BM25 scores within 5% (the Milvus side gets PlanQA's tokens, and the query weights
    rounded to twentieths as counts: index/milvus_store.py; near-ties further down may swap), cosines equal."""
    local, milvus = (indexes[k].store for k in STORES)
    a, b = dict(local.lexical(_query(query), 8, docs)), dict(milvus.lexical(_query(query), 8, docs))
    assert list(b)[:3] == list(a)[:3]
    both = sorted(set(a) & set(b))
    assert len(both) >= 6
    assert [b[c] for c in both] == pytest.approx([a[c] for c in both], rel=0.05)
    v = HashingEmbedder().embed_query(query)
    a, b = local.dense(v, 8, docs), milvus.dense(v, 8, docs)
    assert [c for c, _ in b] == [c for c, _ in a]
    assert [s for _, s in b] == pytest.approx([s for _, s in a], abs=1e-5)


def test_hybrid_search_ranks_the_same_top_hit(built):
    retriever = HybridRetriever(built, HashingEmbedder())
    hits = retriever.search("达州2025年高新技术企业目标是多少？", 3, doc_ids=[DAZHOU], ignore=["达州"])
    assert hits[0].chunk.id == _chunk_holding(built, "高新技术企业 (家)", DAZHOU)
    assert [h.rank for h in hits] == [1, 2, 3]


# ---- persistence


def test_reopened_store_answers_the_same(tmp_path):
    """Build, forget everything in memory (for milvus-lite: stop its server), load from disk, same results."""
    for kind in STORES:
        store = _store(kind, tmp_path / kind)
        data = tmp_path / kind / "var"
        built = build_index([ROOT / "corpus"], HashingEmbedder(), data, store=store)
        q, v = _query("知识产权保护"), HashingEmbedder().embed_query("知识产权保护")
        before = (built.store.lexical(q, 10), built.store.dense(v, 10))
        built.store.close()
        if kind == "milvus":
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(store.uri)
        loaded = load_index(data, [ROOT / "corpus"], HashingEmbedder(), store=store)
        assert loaded.manifest.spec.store == store.spec
        after = (loaded.store.lexical(q, 10), loaded.store.dense(v, 10))
        for b, a in zip(before, after, strict=True):
            assert [c for c, _ in a] == [c for c, _ in b]
            assert [s for _, s in a] == pytest.approx([s for _, s in b], rel=1e-5)
        loaded.store.close()


def test_switching_store_makes_the_build_stale(tmp_path):
    data = tmp_path / "var"
    build_index([ROOT / "corpus"], HashingEmbedder(64), data)
    milvus = _store("milvus", tmp_path)
    with pytest.raises(IndexStale, match=r"store: built with 'local'"):
        load_index(data, [ROOT / "corpus"], HashingEmbedder(64), store=milvus)
    assert open_index(data, [ROOT / "corpus"], HashingEmbedder(64), store=milvus).store.kind == "milvus"


# ---- Milvus ingest: incremental, idempotent, shared


class CountingEmbedder(HashingEmbedder):
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


def test_milvus_ingest_is_incremental_and_idempotent(tmp_path, corpus_dir):
    emb, store = CountingEmbedder(), _store("milvus", tmp_path)
    first = build_index([corpus_dir], emb, tmp_path / "var", store=store)
    n_dazhou = sum(c.doc_id == DAZHOU for c in first.chunks)
    n_lizhou = len(first.chunks) - n_dazhou
    r = first.store.last_sync
    assert sorted(r.added) == [DAZHOU, LIZHOU] and not r.replaced and not r.removed
    assert r.chunk_rows == len(first.chunks) == first.embedded
    # embedded: the chunks, and each distinct sentence-unit text once (local sentence vectors, evidence selection)
    sentences = {u.text for u in units_of(first.chunks)} - {c.search_text() for c in first.chunks}
    assert emb.embedded == len(first.chunks) + len(sentences)
    assert first.store.count() == (len(first.chunks), r.unit_rows)

    # the same corpus again: nothing embedded, nothing written
    emb.embedded = 0
    again = build_index([corpus_dir], emb, tmp_path / "var", store=store)
    r = again.store.last_sync
    assert (r.unchanged, r.chunk_rows, r.unit_rows, r.embedded, emb.embedded) == (2, 0, 0, 0, 0)
    assert again.store.count() == first.store.count()

    # one plan changed: only its rows are replaced, and only its new text is embedded (the rest: vector cache)
    plan = corpus_dir / "lizhou-2021-kjcx-zscq.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n十三、附则\n本规划由区科技局负责解释。\n", encoding="utf-8")
    changed = build_index([corpus_dir], emb, tmp_path / "var", store=store)
    r = changed.store.last_sync
    new_lizhou = sum(c.doc_id == LIZHOU for c in changed.chunks)
    assert r.replaced == (LIZHOU,) and r.unchanged == 1 and not r.added
    assert r.chunk_rows == new_lizhou == n_lizhou + 1  # rows rewritten: the changed plan's, all of them
    assert r.embedded == emb.embedded == 1  # texts embedded: the new section only
    assert changed.store.count()[0] == n_dazhou + new_lizhou  # the old version's rows are gone
    (cid, _), *_ = changed.store.lexical(_query("区科技局负责解释"), 3)
    assert "本规划由区科技局负责解释" in changed.by_id[cid].text

    # one plan gone: its rows are deleted
    (corpus_dir / "dazhou-2021-kjcx.txt").unlink()
    gone = build_index([corpus_dir], emb, tmp_path / "var", store=store)
    assert gone.store.last_sync.removed == (DAZHOU,)
    assert gone.store.count()[0] == new_lizhou
    assert gone.store.dense(HashingEmbedder(64).embed_query("达州"), 5, [DAZHOU]) == []


def test_processes_sharing_one_collection_see_a_changed_collection(tmp_path, corpus_dir):
    """Two data dirs (two PlanQA hosts) on one collection: the second finds the plans already in Milvus; when one
    re-ingests another corpus, the other's build no longer loads (stale), and opening it syncs Milvus back."""
    emb, store = CountingEmbedder(), _store("milvus", tmp_path)
    build_index([corpus_dir], emb, tmp_path / "host1", store=store)
    emb.embedded = 0
    second = build_index([corpus_dir], emb, tmp_path / "host2", store=store)
    # no chunk is embedded or written again; the new host embeds its local sentence vectors once (its own cache)
    assert second.store.last_sync.unchanged == 2 and second.embedded == 0
    assert emb.embedded == len({u.text for u in units_of(second.chunks)})

    only_lizhou = tmp_path / "other"
    only_lizhou.mkdir()
    shutil.copy(corpus_dir / "lizhou-2021-kjcx-zscq.txt", only_lizhou)
    shutil.copy(corpus_dir / "catalog.toml", only_lizhou)
    build_index([only_lizhou], emb, tmp_path / "host2", store=store)
    with pytest.raises(IndexStale, match=r"other versions of 1 plan"):
        load_index(tmp_path / "host1", [corpus_dir], emb, store=store)
    reopened = open_index(tmp_path / "host1", [corpus_dir], emb, store=store)
    assert reopened.store.last_sync.added == (DAZHOU,)
    state = json.loads(next((tmp_path / "host1" / "index" / "builds").glob("*/milvus.json")).read_text("utf-8"))
    assert sorted(state["docs"]) == [DAZHOU, LIZHOU]


def test_planqa_on_milvus_from_settings(tmp_path, monkeypatch):
    from config import Settings
    from planqa import PlanQA

    monkeypatch.setenv("PLANQA_STORE", "milvus")
    monkeypatch.setenv("PLANQA_MILVUS_URI", str(tmp_path / "m" / "lite.db"))
    monkeypatch.setenv("PLANQA_MILVUS_COLLECTION", "plans")
    settings = Settings(data_dir=tmp_path / "var", corpus_dirs=[ROOT / "corpus"], embedder="hash", llm="none")
    qa = PlanQA.open(settings)
    h = qa.health()
    assert h.ok and h.store == f"milvus:{tmp_path / 'm' / 'lite.db'}#plans" and h.chunks > 100
    answer = qa.ask("利州区如何推进知识产权司法保护？")
    assert not answer.refused and answer.citations
    assert all(c.chunk_id.startswith(LIZHOU) for c in answer.citations)
    report = qa.ingest()
    assert report.embedded == 0 and report.chunks == h.chunks  # the same corpus again: nothing to embed


def test_milvus_lite_analyses_units_into_planqas_tokens(indexes):
    """milvus-lite's analyzer (`standard` over `lite_token`-escaped tokens) gives back exactly PlanQA's BM25 tokens
    for every sentence unit of the real plans, `r&d` and `1.5%` included, so both stores count the same terms."""
    from milvus_lite.analyzer.factory import create_analyzer

    from index.milvus_store import analyzer_params, lite_token
    from index.sparse import jieba_tokenize
    from index.store import units_of

    analyzer = create_analyzer(analyzer_params(server=False))
    tokens = [jieba_tokenize(u.text) for u in units_of(indexes["milvus"].chunks)]
    assert any("r&d" in t for t in tokens) and any("1.5%" in t for t in tokens)
    differ = [t for t in tokens if analyzer.tokenize(" ".join(map(lite_token, t))) != [lite_token(x) for x in t]]
    assert differ == []
    assert len({lite_token(x) for t in tokens for x in t}) == len({x for t in tokens for x in t})  # one-to-one


def test_a_bridge_adds_the_plans_words_for_the_users_to_the_lexical_query(built):
    """index/bridge.py: 比赛 (the user's word) links to 大赛 (the plan's): the passage of 青少年科技创新大赛 rises into
    the first three, in both stores, and the query's own words keep their weights."""
    question = "娃娃喜欢搞小发明，有没得比赛可以参加"
    bridge = Bridge({"比赛": (Link("大赛", 0.6),)})
    target = {c.id for c in built.chunks if "青少年科技创新大赛" in c.text}
    plain = HybridRetriever(built, HashingEmbedder()).search(question, 3)
    bridged = HybridRetriever(built, HashingEmbedder(), bridge=bridge)
    assert not target & {h.chunk.id for h in plain}
    assert target & {h.chunk.id for h in bridged.search(question, 3)}
    weights = bridged.lexical_query(question).weights
    assert weights["大赛"] == pytest.approx(0.6 * weights["比赛"])
    assert {t: w for t, w in weights.items() if t != "大赛"} == HybridRetriever(built, HashingEmbedder()).lexical_query(
        question
    ).weights
