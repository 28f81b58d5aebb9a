"""Evidence sentences ranked by lexical coverage plus the dense cosine (answer/evidence.py, DENSE_WEIGHT)."""

from __future__ import annotations

import numpy as np

from answer.evidence import DenseSimilarity, EvidenceScorer
from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

DOC = DocMeta(doc_id="lz", title="利州区规划", short_title="利州区规划", region="利州区")
# the first sentence shares the user's words (泡菜); the second answers (低盐 is what 降低盐分 means)
TEXT = "加快泡菜产业发展，壮大泡菜产业规模，做强泡菜龙头企业，打响利州泡菜品牌。开展低盐腌制、乳酸菌发酵、风味保持等关键技术研究，提升产品品质。"
CHUNK = Chunk(id="lz:1", doc_id="lz", heading_path=("食品产业",), text=TEXT, start=0, end=len(TEXT))
QUESTION = "泡菜 降低 盐分"


def scorer(similarity=None) -> EvidenceScorer:
    words = {"泡菜": 2.0, "降低": 1.0, "盐分": 1.0}
    return EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
        similarity=similarity,
    )


def test_lexical_coverage_alone_picks_the_sentence_sharing_the_most_words():
    best = scorer().best(QUESTION, [Hit(CHUNK, DOC, 1.0, 1)], limit=1)
    assert best[0].text.startswith("加快泡菜产业发展")


def test_the_dense_cosine_promotes_the_sentence_that_answers_in_other_words():
    def similarity(question, texts):
        return np.array([0.9 if "低盐" in t else 0.7 for t in texts], dtype=np.float32)

    best = scorer(similarity).best(QUESTION, [Hit(CHUNK, DOC, 1.0, 1)], limit=2)
    assert best[0].text.startswith("开展低盐腌制")
    assert best[0].coverage < best[1].coverage  # coverage is kept as measured: refusal still reads it


class Counting:
    dim = 2

    def __init__(self):
        self.documents: list[str] = []

    def embed_documents(self, texts):
        self.documents += texts
        return np.array([[1.0, 0.0] if "低盐" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    def embed_query(self, text):
        return np.array([1.0, 0.0], dtype=np.float32)


def test_passage_vectors_are_embedded_once_and_the_cache_is_bounded():
    embedder = Counting()
    sim = DenseSimilarity(embedder, max_cached=2)
    assert sim("q", ["低盐", "泡菜"]).tolist() == [1.0, 0.0]
    assert sim("q", ["泡菜", "低盐"]).tolist() == [0.0, 1.0]
    assert embedder.documents == ["低盐", "泡菜"]  # the second call embedded nothing
    sim("q", ["龙头"])
    assert list(sim._vectors) == ["低盐", "龙头"]  # 泡菜, the least recently used, went first
