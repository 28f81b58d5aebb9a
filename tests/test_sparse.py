"""BM25 and the jieba tokenizer: hand-computed scores on a toy corpus, and real plan text."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.sparse import PLAN_TERMS, STOPWORDS, SparseIndex, jieba_tokenize, normalize

ROOT = Path(__file__).resolve().parents[1]
DAZHOU = ROOT / "corpus" / "dazhou-2021-kjcx.txt"


def _data_words(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line.split()[0] for line in lines if line and not line.startswith("#")]


# --- tokenizer ------------------------------------------------------------------------------------------------


def test_plan_terms_and_stop_words_are_tokens():
    assert jieba_tokenize("我们是高企，研发投入占营收6%") == ["高企", "研发", "投入", "研发投入", "占", "营收", "6%"]


def test_r_and_d_half_width_full_width_and_lowercase_agree():
    expected = ["r&d", "投入", "强度", "投入强度"]
    assert jieba_tokenize("R&D投入强度") == expected
    assert jieba_tokenize("Ｒ＆Ｄ投入强度") == expected
    assert jieba_tokenize("r&d投入强度") == expected
    assert "r&d" in jieba_tokenize("全社会 R&D 投入强度力争达到 1.5%")
    assert jieba_tokenize("（R&D/GDP）") == ["r&d", "gdp"]


def test_question_words_and_punctuation_are_dropped_content_kept():
    assert jieba_tokenize("达州的目标是什么？") == ["达州", "目标"]
    assert jieba_tokenize("利州区科技型中小企业到2025年要达到多少家？") == [
        "利州",
        "利州区",
        "科技",
        "中小",
        "企业",
        "科技型",
        "小企业",
        "科技型中小企业",
        "中小企业",
        "2025",
        "年",
        "达到",
        "家",
    ]


def test_numbers_and_full_width_digits_are_kept():
    assert jieba_tokenize("２０２５年 800 亿元") == ["2025", "年", "800", "亿元"]


def test_four_character_parts_of_long_terms_are_searchable():
    tokens = jieba_tokenize("探索创新科技企业知识价值信用担保贷款")
    assert {"知识价值信用担保贷款", "知识价值", "担保贷款", "知识", "价值", "担保", "贷款"} <= set(tokens)


def test_dictionary_does_not_cut_across_words():
    # 高企 is in the dictionary; 提高企业 must still be 提高 / 企业.
    assert jieba_tokenize("提高企业创新能力") == ["提高", "企业", "创新", "能力", "创新能力"]


def test_every_plan_term_is_a_token_of_itself():
    terms = _data_words(PLAN_TERMS)
    assert len(terms) >= 100
    missing = [t for t in terms if normalize(t) not in jieba_tokenize(t)]
    assert missing == []


def test_stop_words_keep_the_words_that_discriminate():
    stop = {normalize(w) for w in _data_words(STOPWORDS)}
    assert {"的", "是", "什么", "多少", "哪些", "如何", "吗", "呢"} <= stop
    assert not stop & {"目标", "达到", "年", "2025", "家", "支持", "达州", "利州"}
    assert not stop & {normalize(t) for t in _data_words(PLAN_TERMS)}


def test_plan_terms_file_has_jieba_format():
    for line in PLAN_TERMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"\S+ \d+ [a-z]+", line), line


def test_private_tokenizer_leaves_global_jieba_alone():
    import jieba

    assert "揭榜挂帅" in jieba_tokenize("揭榜挂帅")
    assert jieba.lcut("揭榜挂帅") == ["揭榜", "挂帅"]


def test_import_does_not_load_jieba():
    code = "import sys, index.sparse; sys.exit('jieba' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# --- BM25 on a hand-made corpus --------------------------------------------------------------------------------

DOCS = ["a b c", "a a d", "b d d e"]  # lengths 3, 3, 4; avgdl = 10/3


def _index(docs=DOCS) -> SparseIndex:
    index = SparseIndex(tokenize=str.split)
    index.fit(docs)
    return index


# Okapi BM25 with k1 = 1.5, b = 0.75, worked out by hand.
IDF_DF2 = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # a, b, d occur in 2 of 3 documents: log 1.6
IDF_DF1 = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))  # e occurs in 1 document: log(8/3)
NORM_LEN3 = 1.5 * (1 - 0.75 + 0.75 * 3 / (10 / 3))  # 1.3875
NORM_LEN4 = 1.5 * (1 - 0.75 + 0.75 * 4 / (10 / 3))  # 1.725


def _term(idf: float, tf: int, norm: float) -> float:
    return idf * tf * (1.5 + 1) / (tf + norm)


def test_bm25_scores_match_hand_computation():
    results = _index().search("a d", k=10)
    assert [doc for doc, _ in results] == [1, 2, 0]
    assert [score for _, score in results] == pytest.approx(
        [
            _term(IDF_DF2, 2, NORM_LEN3) + _term(IDF_DF2, 1, NORM_LEN3),  # doc 1: a twice, d once = 2.5231 * log 1.6
            _term(IDF_DF2, 2, NORM_LEN4),  # doc 2: d twice = 1.3423 * log 1.6
            _term(IDF_DF2, 1, NORM_LEN3),  # doc 0: a once = 1.0471 * log 1.6
        ],
        rel=1e-12,
    )
    assert results[0][1] == pytest.approx(1.185883, abs=1e-6)


def test_rare_term_has_higher_idf_and_only_matching_docs_are_returned():
    assert _index().search("e", k=10) == [(2, pytest.approx(_term(IDF_DF1, 1, NORM_LEN4), rel=1e-12))]


def test_repeated_query_token_counts_per_occurrence():
    index = _index()
    ((doc, once),) = index.search("e", k=10)
    ((doc2, twice),) = index.search("e e", k=10)
    assert doc == doc2 == 2
    assert twice == pytest.approx(2 * once, rel=1e-12)


def test_k_limits_and_unknown_terms():
    index = _index()
    assert [doc for doc, _ in index.search("a d", k=1)] == [1]
    assert index.search("a d", k=0) == []
    assert index.search("zzz", k=5) == []
    assert index.search("", k=5) == []


def test_equal_scores_lower_doc_index_first():
    assert [doc for doc, _ in _index(["x", "y", "x"]).search("x", k=5)] == [0, 2]


def test_allowed_mask_restricts_results():
    index = _index()
    results = index.search("a d", k=10, allowed=np.array([True, False, True]))
    assert [doc for doc, _ in results] == [2, 0]
    assert results == [r for r in index.search("a d", k=10) if r[0] != 1]
    assert index.search("a d", k=10, allowed=np.zeros(3, dtype=bool)) == []


@pytest.mark.parametrize("mask", [np.array([True, False]), np.array([1, 0, 1]), np.ones((3, 1), dtype=bool)])
def test_allowed_mask_must_be_boolean_with_one_entry_per_doc(mask):
    with pytest.raises(ValueError, match="boolean mask of shape"):
        _index().search("a", k=3, allowed=mask)


def test_empty_index_and_refit():
    index = SparseIndex(tokenize=str.split)
    assert index.search("a", k=3) == []
    index.fit([])
    assert len(index) == 0 and index.search("a", k=3) == []
    index.fit(["a", "b"])
    index.fit(["b", "c", "b"])  # replaces, does not append
    assert len(index) == 3 and [doc for doc, _ in index.search("b", k=3)] == [0, 2]


def test_invalid_parameters():
    with pytest.raises(ValueError):
        SparseIndex(tokenize=str.split, b=1.5)
    with pytest.raises(ValueError):
        SparseIndex(tokenize=str.split, k1=-1)


def test_state_round_trip_through_json_gives_identical_results():
    index = SparseIndex(tokenize=str.split, k1=1.2, b=0.5)
    index.fit(DOCS)
    restored = SparseIndex.from_state(json.loads(json.dumps(index.to_state())), tokenize=str.split)
    assert (restored.k1, restored.b, len(restored)) == (1.2, 0.5, 3)
    mask = np.array([False, True, True])
    for query in ["a d", "e", "b c", "zzz"]:
        assert restored.search(query, k=10) == index.search(query, k=10)
        assert restored.search(query, k=10, allowed=mask) == index.search(query, k=10, allowed=mask)


def test_state_with_another_format_is_refused():
    state = _index().to_state()
    with pytest.raises(ValueError, match="planqa-bm25"):
        SparseIndex.from_state({**state, "version": 99}, tokenize=str.split)


words = st.sampled_from(list("abcdefg"))
docs_strategy = st.lists(st.lists(words, max_size=6).map(" ".join), min_size=1, max_size=8)


@given(docs_strategy, st.lists(words, min_size=1, max_size=3).map(" ".join), st.data())
def test_mask_equals_filtering_the_full_ranking(docs, query, data):
    index = _index(docs)
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(docs), max_size=len(docs))), dtype=bool)
    full = index.search(query, k=len(docs))
    assert index.search(query, k=len(docs), allowed=mask) == [r for r in full if mask[r[0]]]
    assert all(score > 0 for _, score in full)
    assert [s for _, s in full] == sorted((s for _, s in full), reverse=True)
    query_tokens = set(query.split())
    assert {doc for doc, _ in full} == {i for i, d in enumerate(docs) if query_tokens & set(d.split())}


# --- real plan text --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dazhou():
    paragraphs = [p for p in re.split(r"\n\s*\n", DAZHOU.read_text(encoding="utf-8")) if p.strip()]
    index = SparseIndex()
    index.fit(paragraphs)
    return paragraphs, index


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _top(dazhou, query: str, k: int) -> list[str]:
    paragraphs, index = dazhou
    return [_squash(paragraphs[doc]) for doc, _ in index.search(query, k)]


def test_high_tech_enterprise_target_in_top_3(dazhou):
    assert any("高新技术企业达到400家以上" in p for p in _top(dazhou, "达州高新技术企业2025年目标", 3))


def test_r_and_d_intensity_target_in_top_3(dazhou):
    assert any("全社会r&d投入强度力争达到1.5%" in p for p in _top(dazhou, "全社会Ｒ＆Ｄ投入强度2025年要达到多少？", 3))


def test_jieba_index_state_round_trip(dazhou):
    _, index = dazhou
    restored = SparseIndex.from_state(json.loads(json.dumps(index.to_state(), ensure_ascii=False)))
    for query in ["达州高新技术企业2025年目标", "揭榜挂帅", "知识价值信用担保贷款"]:
        assert restored.search(query, 10) == index.search(query, 10)
