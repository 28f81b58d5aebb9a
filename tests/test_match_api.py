"""Policy matching through the public API, the chat and the CLI (the matcher itself: tests/test_match_*.py)."""

from __future__ import annotations

import json

import pytest

import app
from answer.types import Route
from errors import InvalidProfile


def test_match_through_the_api_keeps_the_issue_promises(hash_qa):
    report = hash_qa.match({"region": "达州市", "enterprise_type": "高新技术企业", "rd_ratio": 0.06, "rd_growth": True})
    applies = [r for r in report.results if r.level == "适用"]
    quotes = " ".join(r.citation.quote for r in applies)
    assert "超过5%的高新技术企业" in quotes and "后补助" in quotes and "加计" in quotes
    one_percent = hash_qa.match({"region": "达州市", "enterprise_type": "普通企业", "rd_ratio": 0.01})
    assert any("低于普通企业2%的门槛" in f for r in one_percent.results for f in r.failed)
    lizhou = hash_qa.match({"region": "广元市利州区", "enterprise_type": "高新技术企业", "rd_ratio": 0.06})
    assert lizhou.results and {r.citation.region for r in lizhou.results} == {"广元市利州区"}


def test_unknown_keys_are_reported_and_wrong_values_refused(hash_qa):
    report = hash_qa.match({"region": "达州市", "colour": "red"})
    assert any("colour" in w for w in report.profile.warnings)
    with pytest.raises(InvalidProfile, match="rd_ratio"):
        hash_qa.match({"region": "达州市", "rd_ratio": 3})


def test_profile_questions_in_the_chat_are_answered_by_the_matcher(hash_qa):
    a = hash_qa.ask("我们是高新技术企业，在达州，研发投入占营收6%，研发投入持续增长，能享受什么政策？")
    assert a.route is Route.MATCH and not a.refused
    # the retrieval answer first, then the matcher's check of the firm's facts
    assert a.text.startswith("根据《") and "\n适用（写明的条件均满足）：\n" in a.text
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    chunk_texts = {c.n: hash_qa.chunk(c.chunk_id).text for c in a.citations}
    assert all(c.quote and c.quote in chunk_texts[c.n] for c in a.citations)  # every quote is exact
    assert any("超过5%的高新技术企业" in c.quote for c in a.citations)
    # a plain question is not routed to the matcher
    assert hash_qa.ask("达州2025年高新技术企业目标是多少？").route is Route.TABLE


def test_cli_match_json(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PLANQA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PLANQA_EMBEDDER", "hash")
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"region": "达州市", "enterprise_type": "普通企业", "rd_ratio": 0.03}), "utf-8")
    assert app.main(["match", "--profile", str(profile), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"profile", "warnings", "conclusion", "needed_info", "risks", "results"}
    two_percent = [r for r in out["results"] if "超过2%的普通企业" in json.dumps(r, ensure_ascii=False)]
    assert two_percent and two_percent[0]["level"] == "适用"
    profile.write_text("[1, 2]", "utf-8")
    assert app.main(["match", "--profile", str(profile)]) == 2
    assert "needs a JSON object" in capsys.readouterr().err


def test_a_matched_answer_also_carries_what_retrieval_finds_in_the_firms_plans(hash_qa):
    a = hash_qa.ask("我们是高新技术企业，在广元市利州区，研发投入持续增长，能享受什么政策？")
    assert a.route is Route.MATCH and a.retrieved
    assert {h.doc.region for h in a.retrieved} == {"广元市利州区"}
