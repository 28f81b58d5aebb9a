"""The bridge from users' words to the plans' words (index/bridge.py): fitted, read, written, applied."""

from __future__ import annotations

import pytest

from index.bridge import BRIDGE_FILE, Bridge, Link, fit, shipped_bridge

PAIRS = [
    (["矿上", "脏水", "管"], ["矿企", "涌水", "治理"]),
    (["脏水", "河里"], ["涌水", "污水", "治理"]),
    (["河里", "脏水", "治"], ["污水", "涌水", "2725", "一"]),
    (["看病", "老人"], ["医疗", "养老"]),
]


def test_a_word_asked_with_the_same_plan_word_each_time_links_to_it():
    bridge = fit(PAIRS)
    words = [link.word for link in bridge.links["脏水"]]
    assert words[0] == "涌水"
    assert all(link.probability >= 0.1 for links in bridge.links.values() for link in links)


def test_links_are_plan_words_the_index_knows_never_numbers_single_characters_or_the_word_itself():
    bridge = fit([*PAIRS, (["涌水"], ["涌水", "治理"])], knows=lambda w: w != "污水")
    linked = {link.word for links in bridge.links.values() for link in links}
    assert not linked & {"2725", "一", "污水"}
    assert all(link.word != q for q, links in bridge.links.items() for link in links)


def test_a_word_seen_in_fewer_questions_than_asked_gets_no_link():
    assert "看病" in fit(PAIRS).links
    assert "看病" not in fit(PAIRS, min_questions=2).links
    assert "脏水" in fit(PAIRS, min_questions=3).links


def test_expand_adds_each_tokens_plan_words_in_proportion_and_keeps_the_question_words():
    bridge = Bridge({"脏水": (Link("涌水", 0.5), Link("污水", 0.2)), "河里": (Link("污水", 0.5),)})
    out = bridge.expand({"脏水": 1.0, "河里": 0.4, "管": 1.0})
    assert out == pytest.approx({"脏水": 1.0, "河里": 0.4, "管": 1.0, "涌水": 0.5, "污水": 0.2 + 0.2})
    assert bridge.expand({"脏水": 1.0}, weight=0) == {"脏水": 1.0}


def test_the_table_is_written_whole_and_read_back(tmp_path):
    bridge = fit(PAIRS)
    path = tmp_path / "bridge.tsv"
    bridge.save(path)
    assert Bridge.read(path) == bridge
    assert not list(tmp_path.glob("*.tmp"))
    assert Bridge.read(tmp_path / "missing.tsv") == Bridge()


def test_a_malformed_line_names_its_file_and_line(tmp_path):
    path = tmp_path / "bridge.tsv"
    path.write_text("# header\n脏水\t涌水\t0.5\n脏水 涌水 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bridge.tsv:3: expected"):
        Bridge.read(path)


def test_the_shipped_table_holds_only_words():
    assert BRIDGE_FILE.exists()
    bridge = shipped_bridge()
    assert len(bridge) > 1000
    for q, links in bridge.links.items():
        assert 1 <= len(links) <= 3, q
        for link in links:
            assert len(link.word) >= 2 and not link.word.isdigit() and 0.1 <= link.probability <= 1, (q, link)
