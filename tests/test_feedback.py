"""Readers' feedback: the SQLite store, PlanQA.feedback, and `python app.py feedback --export`."""

from __future__ import annotations

import csv
import json

import pytest

from config import Settings
from feedback import FeedbackError, FeedbackStore

QUESTION = "达州市2025年高新技术企业要达到多少家？"


@pytest.fixture(scope="module")
def answer(hash_qa):
    return hash_qa.ask(QUESTION)


def test_store_keeps_the_answer_its_citations_and_retrieved_ids(tmp_path, answer):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    assert store.all() == []  # no file yet: no rows, and nothing created
    assert not store.path.exists()
    first = store.add(answer, "down", ["wrong-number", "wrong-number", "other"], "  应为400家以上  ")
    second = store.add(answer, "up")
    assert (first, second) == (1, 2)
    down, up = store.all()
    assert down.answer_id == answer.id and down.rating == "down"
    assert down.reasons == ("wrong-number", "other") and down.comment == "应为400家以上"
    assert down.question == QUESTION and down.answer == answer.text and down.route == "table"
    assert down.citations[0] == {
        "n": 1,
        "chunk_id": answer.citations[0].chunk_id,
        "doc_title": "达州市“十四五”科技创新规划(2021—2025年)",
        "heading_path": ["第二章 总体要求", "第三节 发展目标", "“十四五”科技创新主要指标"],
        "quote": "高新技术企业 (家)\t94\t400",
    }
    assert down.retrieved == tuple(h.chunk.id for h in answer.retrieved) and len(down.retrieved) == Settings().top_k
    assert (up.rating, up.reasons, up.comment) == ("up", (), "")


def test_store_refuses_unknown_ratings_and_reasons(tmp_path, answer):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    with pytest.raises(FeedbackError, match="rating must be one of up, down"):
        store.add(answer, "meh")
    with pytest.raises(FeedbackError, match=r"unknown feedback reason\(s\) \['typo'\]"):
        store.add(answer, "down", ["typo"])
    assert store.all() == []


def test_planqa_feedback_writes_under_the_data_dir(hash_qa, answer):
    row = hash_qa.feedback(answer, "down", ["wrong-citation"], "引用的不是这一句")
    stored = FeedbackStore.in_data_dir(hash_qa.settings.data_dir).all()
    assert (hash_qa.settings.data_dir / "feedback.sqlite3").exists()
    mine = next(r for r in stored if r.id == row)
    assert (mine.answer_id, mine.reasons, mine.comment) == (answer.id, ("wrong-citation",), "引用的不是这一句")


def test_cli_exports_feedback_as_csv(tmp_path, monkeypatch, capsys, answer):
    import app

    monkeypatch.setenv("PLANQA_DATA_DIR", str(tmp_path))
    FeedbackStore.in_data_dir(tmp_path).add(answer, "down", ["off-question"], "答非所问，换行\n第二行")
    out = tmp_path / "out" / "feedback.csv"
    assert app.main(["feedback", "--export", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"exported 1 feedback row(s) from {tmp_path / 'feedback.sqlite3'} to ")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read the Chinese
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    r = rows[0]
    assert (r["answer_id"], r["rating"], r["reasons"], r["comment"]) == (
        answer.id,
        "down",
        "off-question",
        "答非所问，换行\n第二行",
    )
    assert r["question"] == QUESTION and r["answer"] == answer.text
    assert json.loads(r["citations"])[0]["quote"] == "高新技术企业 (家)\t94\t400"
    assert r["retrieved"].split() == [h.chunk.id for h in answer.retrieved]
    assert app.main(["feedback"]) == 0
    assert capsys.readouterr().out.startswith("1 feedback row(s) in ")
