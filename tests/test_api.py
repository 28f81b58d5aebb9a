"""The public PlanQA API on the real plans (hashing embedder): every method with exact expectations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from answer.types import Route
from config import Settings
from planqa import NotFound, PlanQA

ROOT = Path(__file__).resolve().parents[1]
DZ, LZ = "dazhou-2021-kjcx", "lizhou-2021-kjcx-zscq"


def test_documents(hash_qa):
    docs = {d.doc_id: d for d in hash_qa.documents()}
    assert set(docs) == {DZ, LZ}
    assert docs[DZ].region == "达州市" and docs[LZ].region == "广元市利州区"
    assert docs[DZ].n_indicators == 7 and docs[LZ].n_indicators == 9
    assert docs[DZ].n_chunks > 50 and docs[DZ].n_sections > 20


def test_outline_is_persisted_in_document_order(hash_qa):
    outline = hash_qa.outline(DZ)
    tops = [s.heading for s in outline if len(s.path) == 1 and s.kind == "section"]
    assert tops[:2] == ["前 言", "第一章 规划背景"]  # headings exactly as written
    assert [s.start for s in outline] == sorted(s.start for s in outline)
    assert ("第三章 重点任务", "第二节 培育建强创新主体", "四、加大科技资金投入力度") in {s.path for s in outline}


def test_section_text_holds_its_sentences_and_lists_children(hash_qa):
    view = hash_qa.section(DZ, ("第三章 重点任务", "第二节 培育建强创新主体"))
    assert view.text.startswith("第二节")
    assert ("第三章 重点任务", "第二节 培育建强创新主体", "四、加大科技资金投入力度") in view.children
    assert "超过5%的高新技术企业" in view.text
    assert hash_qa.document_text(DZ)[view.start : view.end] == view.text
    with pytest.raises(NotFound, match="第九章"):
        hash_qa.section(DZ, ("第九章",))
    with pytest.raises(NotFound, match="no plan with id 'nope'"):
        hash_qa.outline("nope")


def test_indicators_filter_and_cite_their_row(hash_qa):
    rows = hash_qa.indicators(region="达州", name="高新技术企业")
    [row] = [r for r in rows if r.name == "高新技术企业"]
    assert row.values["2025"] == "400" and row.unit == "家" and row.region == "达州市"
    assert hash_qa.chunk(row.chunk_id).kind == "table"
    assert len(hash_qa.indicators()) == 16
    assert {r.region for r in hash_qa.indicators(doc_id=LZ)} == {"广元市利州区"}


def test_answers_have_an_id_and_a_typed_route(hash_qa):
    table = hash_qa.ask("达州2025年高新技术企业要达到多少家？")
    assert table.route is Route.TABLE and "400" in table.text
    prose = hash_qa.ask("达州对创建成功的国家大学科技园有什么支持？")
    assert prose.route is Route.EXTRACT and not prose.refused
    assert hash_qa.ask("成都市高新技术企业目标是多少？").route is Route.REFUSAL_SCOPE
    assert hash_qa.ask("你好").route is Route.OFF_TOPIC
    assert len({table.id, prose.id}) == 2 and len(table.id) == 16
    assert table.to_json()["route"] == "table" and table.to_json()["answer_id"] == table.id


def test_within_restricts_the_answer_to_a_plan_or_region(hash_qa):
    a = hash_qa.ask("科技型中小企业目标是多少？", within=["广元市利州区"])
    assert a.citations and {c.region for c in a.citations} == {"广元市利州区"}
    assert {h.doc.doc_id for h in a.retrieved} == {LZ}
    b = hash_qa.ask("科技型中小企业目标是多少？", within=[DZ])
    assert {h.doc.doc_id for h in b.retrieved} == {DZ}
    with pytest.raises(NotFound, match="成都"):
        hash_qa.ask("科技型中小企业目标是多少？", within=["成都市"])


def test_warm_up_builds_what_the_first_question_and_follow_up_would_wait_for(hash_qa, monkeypatch):
    """The plan terms' jieba tokenizer (BM25) and jieba's own (a follow-up's words tagged) take about half a second
    each to build: warm_up builds them, not the first user's question."""
    import jieba

    from index import sparse

    monkeypatch.setattr(sparse, "_jieba", None)
    monkeypatch.setattr(jieba.dt, "initialized", False)
    hash_qa.warm_up()
    assert sparse._jieba is not None
    assert jieba.dt.initialized


def test_health(hash_qa):
    h = hash_qa.health()
    assert h.ok and h.store == "local" and h.documents == 2 and h.llm == "none"
    assert h.embedder.startswith("hash")


def test_ingest_swaps_in_the_new_index_and_old_answers_keep_working(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    qa = PlanQA.open(Settings(data_dir=tmp_path / "var", corpus_dirs=[corpus], embedder="hash", llm="none"))
    assert qa.ask("包头市数字政府考评怎么打分？").refused
    extra = (
        ROOT
        / "tests"
        / "data"
        / "external"
        / "baotou-city_2022_digital-government-assessment-measures_pkulaw-CLI.12.5115678.txt"
    )
    report = qa.ingest([extra])
    assert report.documents == 3 and not report.skipped
    assert any("包头" in d.region for d in qa.documents())
    assert not qa.ask("包头市数字政府建设考评的组织实施").refused
