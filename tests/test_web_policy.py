"""The 政策匹配 tab: the form → profile mapping, the report HTML (escaped, cited, linked), and the tab through the
launched app (gradio_client)."""

from __future__ import annotations

import pytest

from web import policy


def test_the_form_becomes_a_profile_leaving_out_what_is_not_given():
    profile = policy.profile_from_form(
        "达州市", "高新技术企业", ["科技型中小企业"], " 玄武岩纤维 ", 6, "是", "中小企业", ["研发"]
    )
    assert profile == {
        "region": "达州市",
        "enterprise_type": "高新技术企业",
        "qualifications": ["科技型中小企业"],
        "industry": "玄武岩纤维",
        "rd_ratio": 0.06,
        "rd_growth": True,
        "size": "中小企业",
        "needs": ["研发"],
    }
    assert policy.profile_from_form("", policy.UNKNOWN, [], "", None, policy.UNKNOWN, policy.UNKNOWN, []) == {}


def test_report_groups_levels_cites_and_links_each_measure(hash_qa):
    view = policy.match_view(hash_qa, {"region": "达州市", "enterprise_type": "普通企业", "rd_ratio": 0.01})
    html = view.html
    assert html.index("适用：写明的条件均满足") < html.index("不适用：写明的条件不满足")
    assert "研发投入占比1%，低于普通企业2%的门槛" in html
    assert 'href="?doc=dazhou-2021-kjcx&amp;section=' in html and "在原文中查看" in html
    assert view.markdown.startswith("## 结论") and "## 风险与限制" in view.markdown


def test_report_escapes_what_the_reader_typed(hash_qa):
    view = policy.match_view(hash_qa, {"region": "达州市", "industry": "<img src=x onerror=alert(1)>"})
    assert "<img" not in view.html


@pytest.fixture(scope="module")
def client(web_client):
    return web_client


def test_the_tab_through_the_client(client):
    html, download = client.predict(
        "达州市", "高新技术企业", [], "", 6, "是", policy.UNKNOWN, ["研发"], api_name="/match"
    )
    assert "超过5%的高新技术企业" in html and "后补助" in html
    assert download  # the Markdown report to download


def test_a_wrong_value_is_a_chinese_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as e:
        client.predict("达州市", "高新技术企业", [], "", 300, "是", policy.UNKNOWN, [], api_name="/match")
    assert str(e.value) == "研发投入占营业收入应在 0 到 100 之间（填百分数，例如 3 表示 3%）。"


def test_the_question_guard_speaks_to_the_reader_as_it_is():
    import gradio as gr

    from errors import QuestionTooLong
    from web.errors import translated

    @translated
    def too_long():
        raise QuestionTooLong("问题太长了（900 字，最多 500 字），请精简后再问。")

    with pytest.raises(gr.Error, match=r"问题太长了（900 字，最多 500 字）"):
        too_long()
