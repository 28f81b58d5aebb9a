"""The web chat, launched for real on 127.0.0.1 and driven through gradio's own client."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from answer.types import Answer
from web.render import history_pairs, render_answer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def answerer(hash_qa):
    return hash_qa


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_render_shows_citations_as_data(answerer):
    answer = answerer.ask("达州对创建成功的国家大学科技园有什么支持？")
    md = render_answer(answer)
    c = answer.citations[0]
    assert f"[{c.n}] 达州市“十四五”科技创新规划(2021—2025年) › " + " › ".join(c.heading_path) in md
    assert "给予补助" in md


def test_render_escapes_markup():
    answer = Answer("q", "<p>1. *重点*</p>", (), False, ())
    assert render_answer(answer) == "&lt;p&gt;1. \\*重点\\*&lt;/p&gt;"


def test_history_pairs_from_gradio_messages():
    messages = [
        {"role": "user", "content": "达州2025年技术市场合同成交额目标是多少？"},
        {"role": "assistant", "content": "5亿元"},
        {"role": "user", "content": [{"type": "text", "text": "利州区呢？"}]},
        {"role": "assistant", "content": "2480万元"},
    ]
    assert history_pairs(messages) == [
        ("达州2025年技术市场合同成交额目标是多少？", "5亿元"),
        ("利州区呢？", "2480万元"),
    ]


def test_chat_through_the_real_server(answerer):
    from gradio_client import Client

    from web.ui import build_ui

    ui = build_ui(answerer)
    port = _free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        reply = client.predict("成都市高新技术企业目标是多少？", api_name="/chat")
        assert reply.startswith("规划中未找到相关内容：现有规划不包括成都")
        reply = client.predict("达州对创建成功的国家大学科技园有什么支持？", api_name="/chat")
        assert "[1] 达州市“十四五”科技创新规划(2021—2025年) › 第三章 重点任务" in reply
    finally:
        ui.close()


def test_off_topic_chat_is_declined_politely(answerer):
    answer = answerer.ask("你好")
    assert answer.refused and answer.text.startswith("您好！我只回答规划原文中的问题")
    assert answer.retrieved == () and answer.checks == ("scope", "off-topic")
    unrelated = answerer.ask("推荐一家达州好吃的火锅店")
    assert unrelated.refused and unrelated.text.startswith("规划中未找到相关内容")
