"""The CLI and its JSON contract (ARCHITECTURE.md), run in-process with a throwaway data dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANQA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PLANQA_EMBEDDER", "hash")
    monkeypatch.setenv("PLANQA_LLM", "none")  # the local model is the app's default; these tests are about the CLI
    return tmp_path


def test_chunks_json(env, capsys):
    assert app.main(["chunks", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(rows[0]) == {"chunk_id", "doc_id", "doc_title", "region", "heading_path", "kind", "text", "start", "end"}
    assert {r["region"] for r in rows} == {"达州市", "广元市利州区"}
    assert sum(1 for r in rows if r["kind"] == "table") == 16


def test_ingest_then_ask_json(env, capsys):
    assert app.main(["ingest"]) == 0
    assert "indexed 2 document(s)" in capsys.readouterr().out
    assert app.main(["ask", "达州对创建成功的国家大学科技园有什么支持？", "--json", "--llm", "none"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"question", "answer", "refused", "citations", "retrieved", "timings_ms"}
    assert out["refused"] is False
    c = out["citations"][0]
    assert set(c) == {"n", "doc_title", "region", "heading_path", "quote", "chunk_id", "source"}
    assert c["heading_path"] == ["第三章 重点任务", "第二节 培育建强创新主体", "二、激发科研院所活力"]
    assert c["quote"] in out["retrieved"][0]["text"] or any(c["quote"] in r["text"] for r in out["retrieved"])
    assert c["source"] == "corpus/dazhou-2021-kjcx.txt"
    assert set(out["retrieved"][0]) == {"rank", "chunk_id", "doc_title", "region", "heading_path", "text", "score"}
    assert set(out["timings_ms"]) >= {"retrieve", "generate", "total"}


def test_ask_batch_keeps_order_and_ids(env, capsys, tmp_path):
    batch = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "question": "成都市高新技术企业目标是多少？"},
        {
            "id": "b",
            "question": "利州区的这个指标呢？",
            "history": [["达州2025年技术市场合同成交额目标是多少？", "5亿元"]],
        },
    ]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    assert app.main(["ask", "--batch", str(batch), "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["refused"] is True and out[0]["answer"].startswith("规划中未找到相关内容")
    assert out[1]["query"] == "利州区2025年技术市场合同成交额目标是多少？"


def test_bad_history_is_a_clear_error(env, capsys):
    assert app.main(["ask", "问题", "--history", "not json"]) == 2
    assert "--history must be JSON" in capsys.readouterr().err


def test_broken_corpus_file_is_reported_not_fatal(env, capsys, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("某市科技规划\n一、总则\n为推动科技创新，制定本规划。", encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    assert app.main(["ingest", "--corpus", str(corpus)]) == 0
    captured = capsys.readouterr()
    assert "indexed 1 document(s)" in captured.out
    assert "skipped" in captured.err and "broken.pdf" in captured.err


def test_batch_file_missing_or_not_utf8_is_a_clear_error(env, capsys):
    assert app.main(["ask", "--batch", str(env / "nope.jsonl"), "--json"]) == 2
    err = capsys.readouterr().err
    assert "error: batch file" in err and "nope.jsonl does not exist" in err
    gbk = env / "questions.jsonl"
    gbk.write_bytes('{"question": "达州高新技术企业目标"}'.encode("gbk"))
    assert app.main(["ask", "--batch", str(gbk), "--json"]) == 2
    err = capsys.readouterr().err
    assert f"error: batch file {gbk} is not UTF-8 text" in err and "Traceback" not in err


def test_eval_names_the_file_and_line_of_a_malformed_item(env, capsys):
    qa = env / "qa.jsonl"
    qa.write_text('{"id": "a", "question": "达州目标？"}\n{"id": "b", "question": \n', encoding="utf-8")
    assert app.main(["eval", "--qa", str(qa)]) == 2
    assert f"error: {qa}:2: not JSON" in capsys.readouterr().err
    qa.write_text('{"id": "a"}\n', encoding="utf-8")
    assert app.main(["eval", "--qa", str(qa)]) == 2
    assert f"error: {qa}:1: a QA item needs the key 'question'" in capsys.readouterr().err


def test_eval_measures_the_settings_the_app_serves(env, monkeypatch):
    """The figures `eval` prints are those of the served configuration: it once answered with 10 passages while the
    app answered with 8 (and lost answers with them)."""
    import planqa
    from config import Settings

    opened = []

    def fake_open(settings, *args, **kwargs):
        opened.append(settings)
        raise SystemExit(0)  # stop before any index is built: only the settings are checked

    monkeypatch.setattr(planqa.PlanQA, "open", staticmethod(fake_open))
    qa = env / "qa.jsonl"
    qa.write_text('{"id": "a", "question": "达州目标？"}\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        app.main(["eval", "--qa", str(qa)])
    assert opened and opened[0].top_k == Settings().top_k
