"""The web page: its pure view functions (no browser), and the launched app driven through gradio's own client."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import free_port

from answer.types import Answer, Citation, Route
from web import chat, indicators, plans
from web.render import (
    Marker,
    SectionPage,
    SourceCard,
    SourceGroup,
    answer_html,
    deep_link,
    render_answer,
    section_html,
    sources_html,
    stages_html,
    streamed_prefixes,
)

ROOT = Path(__file__).resolve().parents[1]
XSS = "<img src=x onerror=alert(1)>"
DAZHOU = "dazhou-2021-kjcx"
GOALS = ("第二章 总体要求", "第三节 发展目标")


# ---------------- pure rendering ----------------


def test_answer_html_links_markers_and_escapes_everything():
    html = answer_html(f"目标{XSS}达到400家[1]，另见[7]。\n- 条目*一*", [Marker(1, f"引文{XSS}", "pq-src-a-1")])
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert (
        '<a class="pq-cite" href="#pq-src-a-1" aria-label="出处 1">[1]<span class="pq-tip">引文&lt;img src=x '
        "onerror=alert(1)&gt;</span></a>"
    ) in html
    assert "另见[7]" in html  # a marker with no citation stays text
    assert "<ul><li>条目*一*</li></ul>" in html
    assert "\n" not in html  # one raw-HTML block for the chat's Markdown renderer


def test_answer_html_renders_the_comparison_table():
    text = "根据《A》：\n| 地区 | 指标 | 2025年 |\n|---|---|---|\n| 达州市 | 科技型中小企业（家） | 600家[1] |"
    html = answer_html(text, [Marker(1, "科技型中小企业 (家)\t263\t600", "c1")])
    assert "<thead><tr><th>地区</th><th>指标</th><th>2025年</th></tr></thead>" in html
    assert '<td>600家<a class="pq-cite" href="#c1"' in html
    assert "科技型中小企业 (家) 263 600</span>" in html  # the tooltip shows the row on one line


def test_streaming_never_cuts_a_marker_or_a_table_row():
    text = "到2025年达到400家[12]。\n| 地区 | 值 |\n|---|---|\n| 达州市 | 600家[3] |\n完"
    cuts = streamed_prefixes(text, pieces=40)
    assert cuts[-1] == len(text) and cuts == sorted(set(cuts))
    for cut in cuts:
        prefix = text[:cut]
        assert not re.search(r"\[\d*\Z", prefix)
        assert not re.search(r"(^|\n)\|[^\n]*\Z", prefix) or cut == len(text) or text[cut] == "\n"


def test_stages_show_progress_in_order():
    html = stages_html("verify", "找到 8 段")
    states = re.findall(r'class="pq-stage pq-(\w+)" data-stage="(\w+)"', html)
    assert states == [("done", "retrieve"), ("active", "verify"), ("todo", "answer")]
    assert "检索" in html and "核对数字与出处" in html and "回答" in html and "找到 8 段" in html
    assert all(s == "done" for s, _ in re.findall(r"pq-stage pq-(\w+)\" data-stage=\"(\w+)", stages_html("done")))


def test_source_card_marks_the_exact_quote_and_escapes():
    card = SourceCard(1, "pq-src-a-1", f"规划{XSS}", ("第一章", f"节{XSS}"), "前文", f"引{XSS}文", "后文", "?doc=x")
    html = sources_html([SourceGroup("a", f"问{XSS}", (card,))])
    assert XSS not in html
    assert "前文<mark>引&lt;img src=x onerror=alert(1)&gt;文</mark>后文" in html
    assert '<a class="pq-open" href="?doc=x">在原文中查看</a>' in html
    assert '<details class="pq-group" id="pq-srcs-a" open><summary>问：问&lt;img' in html


def test_section_html_highlights_by_offsets_and_escapes():
    page = SectionPage("规划", ("第一章",), f"第一章\n甲{XSS}乙丙", (5, 9), (("一、子节", "?doc=d&section=x"),), None)
    html = section_html(page)
    assert XSS not in html
    assert '<p>甲<mark id="pq-hl">&lt;img</mark> src=x onerror=alert(1)&gt;乙丙</p>' in html
    rows = section_html(SectionPage("表", ("表1",), "表1\n5\n高新技术企业数\n家", (3, 12), (), None))
    assert '<p><mark id="pq-hl">5</mark></p><p><mark>高新技术企业数</mark></p><p>家</p>' in rows
    assert '<li><a href="?doc=d&amp;section=x">一、子节</a></li>' in html


def test_render_answer_for_api_clients_escapes_markup():
    answer = Answer("q", "<p>1. *重点*</p>", (), False, ())
    assert render_answer(answer) == "&lt;p&gt;1. \\*重点\\*&lt;/p&gt;"


# ---------------- view functions over the real plans ----------------


def test_deep_links_round_trip():
    link = deep_link(DAZHOU, GOALS, (4720, 4800))
    assert link.startswith("?doc=dazhou-2021-kjcx&section=")
    assert plans.parse_link(link) == plans.Location(DAZHOU, GOALS, (4720, 4800))
    assert plans.parse_link({"doc": DAZHOU, "section": " › ".join(GOALS), "mark": "9-3"}) == plans.Location(
        DAZHOU, GOALS, None
    )
    assert plans.parse_link("section=x") is None


def test_a_cited_passage_opens_in_its_section_with_the_quote_highlighted(hash_qa):
    answer = hash_qa.ask("达州对创建成功的国家大学科技园有什么支持？")
    card = chat.source_card(hash_qa, answer.id, answer.citations[0])
    assert card.doc_title == "达州市“十四五”科技创新规划(2021—2025年)"
    assert card.heading_path == ("第三章 重点任务", "第二节 培育建强创新主体", "二、激发科研院所活力")
    assert card.quote == "鼓励高校与达州高新区联合共建大学科技园，对创建成功的国家大学科技园、省级大学科技园给予补助。"
    assert card.before.startswith("支持中石油") and card.after == ""
    loc = plans.parse_link(card.link)
    text = hash_qa.document_text(DAZHOU)
    assert text[loc.mark[0] : loc.mark[1]] == card.quote
    page = plans.section_page(hash_qa, loc)
    assert page.path == card.heading_path
    assert page.text[page.mark[0] : page.mark[1]] == card.quote
    assert f'<mark id="pq-hl">{card.quote}</mark>' in section_html(page)


def test_a_refusal_that_quotes_the_closest_sentence_says_so_above_its_card(hash_qa):
    answer = hash_qa.ask("推荐一家达州好吃的火锅店")
    group = chat.source_group(hash_qa, answer)
    assert answer.refused and len(group.cards) == 1
    html = sources_html([group])
    note = html.index("规划中没有直接回答这个问题的内容，下面是最接近的原文。")
    assert note < html.index('<article class="pq-card"') and "请换个问法" in html
    # an answer with sources has no note; a refusal without any says there is no source
    assert chat.source_group(hash_qa, hash_qa.ask("达州对创建成功的国家大学科技园有什么支持？")).note == ""
    bare = chat.source_group(hash_qa, hash_qa.ask("达州市通川区2025年高新技术企业目标是多少？"))
    assert bare.cards == () and bare.note.startswith("这条回答没有引用原文。")


def test_the_outline_lists_every_section_as_a_deep_link(hash_qa):
    items = plans.outline_items(hash_qa, DAZHOU, GOALS)
    assert items[0].path == plans.FRONT  # the title page before the first heading
    assert [i.path for i in items[1:]] == [s.path for s in hash_qa.outline(DAZHOU)]
    current = [i for i in items if i.current]
    assert [i.path for i in current] == [GOALS] and current[0].depth == 1
    page = plans.section_page(hash_qa, plans.Location(DAZHOU, GOALS))
    assert [h for h, _ in page.children] == ["“十四五”科技创新主要指标"]
    assert page.parent == ("第二章 总体要求", deep_link(DAZHOU, ("第二章 总体要求",)))


def test_indicator_table_holds_every_row_with_values_as_written(hash_qa):
    t = indicators.table(hash_qa)
    assert t.headers == ("地区", "指标", "单位", "2020", "2025", "2035", "属性", "规划", "出处")
    assert len(t.rows) == 16
    row = next(r for r in t.rows if r[:2] == ("达州市", "高新技术企业"))
    assert row[2:6] == ("家", 94, 400, "")
    assert 'href="?doc=dazhou-2021-kjcx&amp;section=' in row[-1]
    growth = next(r for r in t.csv_rows if r[1] == "研发经费年均增速")
    assert growth[3:7] == ("—", "＞10", "＞10", "预期")
    csv = indicators.csv_text(indicators.table(hash_qa, region="广元市利州区", name="高新技术"))
    assert csv.splitlines()[1:] == [
        "广元市利州区,高新技术企业数,家,12,20,40,预期,广元市利州区“十四五”科技创新和知识产权规划,"
        "二、总体要求 › （三）主要目标 › 表1  广元市利州区“十四五”及2035年科技创新发展指标",
        "广元市利州区,高新技术产业主营业务收入,亿元,110,200,400,预期,广元市利州区“十四五”科技创新和知识产权规划,"
        "二、总体要求 › （三）主要目标 › 表1  广元市利州区“十四五”及2035年科技创新发展指标",
    ]


def test_one_indicator_compared_across_regions(hash_qa):
    assert indicators.comparable(hash_qa)[:2] == ["高新技术企业", "科技型中小企业"]
    c = indicators.compare(hash_qa, "高新技术企业")
    assert c.rows == (
        ("达州市", "高新技术企业", "家", 94, 400, ""),
        ("广元市利州区", "高新技术企业数", "家", 12, 20, 40),
    )
    assert "达州市 · 2025年" in c.chart and 'style="width:100.0%"' in c.chart and "400家" in c.chart
    assert 'style="width:5.0%"' in c.chart  # 利州区 2025: 20 of 400


def test_follow_ups_come_from_the_indicator_table_or_the_sibling_sections(hash_qa):
    table_answer = hash_qa.ask("达州市2025年高新技术企业要达到多少家？")
    assert chat.follow_ups(hash_qa, table_answer) == [
        "达州市和利州区2025年高新技术企业目标分别是多少？",
        "达州市2025年科技型中小企业目标是多少？",
        "达州市2025年高新技术产业产值目标是多少？",
    ]
    prose = hash_qa.ask("达州对创建成功的国家大学科技园有什么支持？")
    assert chat.follow_ups(hash_qa, prose) == [
        "达州市在“充分发挥人才作用”方面有哪些举措？",
        "达州市在“加大科技资金投入力度”方面有哪些举措？",
        "达州市在“广泛开展科技合作与交流”方面有哪些举措？",
    ]
    assert chat.follow_ups(hash_qa, prose) == chat.follow_ups(hash_qa, prose)


def test_every_start_page_example_gets_a_cited_answer(hash_qa):
    for group, questions in chat.EXAMPLES.items():
        for q in questions:
            answer = hash_qa.ask(q)
            assert not answer.refused and answer.citations, (group, q)


def test_ask_events_run_the_stages_in_order_and_stream_only_the_verified_text(hash_qa):
    steps = list(chat.ask_events(hash_qa, "达州市2025年高新技术企业要达到多少家？", delay=0))
    stages = [s.stage for s in steps]
    assert stages[:2] == ["retrieve", "verify"] and stages[-1] == "done"
    assert set(stages[2:-1]) == {"answer"}
    final = steps[-1].answer
    assert all(s.answer is final for s in steps[2:])  # nothing is shown before the verified answer exists
    shown = [s.answer.text[: s.shown] for s in steps[2:]]
    assert shown[-1] == final.text and all(final.text.startswith(p) for p in shown)
    assert steps[1].detail.startswith(f"找到 {hash_qa.settings.top_k} 段相关原文（《达州市科技创新规划》")
    assert steps[-1].detail.endswith("引用 2 处 · 数值直接取自规划指标表")


def test_without_a_model_no_draft_is_made(hash_qa):
    drafts = []
    answer = hash_qa.ask("达州要建哪些科技创新平台？", on_draft=drafts.append)
    assert not answer.refused and drafts == []


def test_the_extract_is_shown_while_the_model_phrases_the_answer(hash_qa):
    """PlanQA.ask hands over its extractive draft before the LLM runs: the page shows it under the counter at once,
    then the final answer when it differs; an answer equal to the draft is not streamed a second time."""
    from dataclasses import replace

    extract = hash_qa.ask("达州要建哪些科技创新平台？")

    class SlowModel:
        def __init__(self, final_text: str):
            self.final = replace(extract, text=final_text, route=Route.LLM)

        def retrieve(self, question, within=None):
            return hash_qa.retrieve(question, within=within)

        def ask(self, question, history=(), *, within=None, on_draft=None):
            on_draft(extract)
            time.sleep(0.4)
            return self.final

    phrased = "达州要建设一批创新平台[1]。\n" + extract.text
    steps = list(chat.ask_events(SlowModel(phrased), "达州要建哪些科技创新平台？", delay=0, tick=0.1))
    early = [s for s in steps if s.stage == "verify" and s.answer is not None]
    assert early and all(s.answer is extract and s.shown == len(extract.text) for s in early)
    assert steps.index(early[0]) < len(steps) - 1 and steps[-1].answer.text == phrased
    assert early[0].detail.startswith("先给出规划原文摘录")
    steps = list(chat.ask_events(SlowModel(extract.text), "达州要建哪些科技创新平台？", delay=0, tick=0.1))
    assert [s.stage for s in steps if s.answer is not None and s.stage != "verify"] == ["answer", "done"]


def test_scope_choices_and_within(hash_qa):
    assert chat.scope_choices(hash_qa) == [
        ("全部规划", "all"),
        ("地区：达州市", "达州市"),
        ("地区：广元市利州区", "广元市利州区"),
        ("规划：达州市“十四五”科技创新规划(2021—2025年)", DAZHOU),
        ("规划：广元市利州区“十四五”科技创新和知识产权规划", "lizhou-2021-kjcx-zscq"),
    ]
    assert chat.scope_within("all") is None and chat.scope_within("达州市") == ["达州市"]


def test_export_keeps_the_citations():
    c = Citation(1, "d:1", "达州市规划", "达州市", ("第二章", "第三节"), "高新技术企业 (家)\t94\t400", "x.txt")
    answer = Answer("目标？", "400家[1]", (c,), False, (), id="abc")
    assert chat.export_text(answer) == (
        "问：目标？\n\n400家[1]\n\n出处：\n[1] 《达州市规划》 › 第二章 › 第三节\n    “高新技术企业 (家) 94 400”\n\n"
        "（规划问答 PlanQA · 回答编号 abc）"
    )


def test_questions_are_checked_before_they_reach_the_pipeline():
    from web.errors import BadInput

    with pytest.raises(BadInput, match="请输入问题"):
        chat.clean_question("  ")
    with pytest.raises(BadInput, match="问题太长了（501 字，最多 500 字）"):
        chat.clean_question("问" * 501)


def test_errors_reach_the_reader_in_chinese_without_a_trace():
    import gradio as gr

    from planqa import NotFound
    from web.errors import translated

    @translated
    def boom(x):
        raise KeyError(x)

    @translated
    def missing():
        raise NotFound("no plan with id 'x'")

    @translated
    def gen():
        yield 1
        raise RuntimeError("secret internals")

    with pytest.raises(gr.Error) as e:
        boom("k")
    assert (
        e.value.message.startswith("出错了，请稍后再试。如果一直出现，请把编号 ") and "KeyError" not in e.value.message
    )
    with pytest.raises(gr.Error, match="没有找到这份规划或这一章节"):
        missing()
    g = gen()
    assert next(g) == 1
    with pytest.raises(gr.Error) as e:
        next(g)
    assert "secret" not in e.value.message


def test_only_the_assembly_and_the_error_wrapper_import_gradio():
    for name in ("chat.py", "indicators.py", "plans.py", "render.py", "errors.py"):
        source = (ROOT / "web" / name).read_text(encoding="utf-8")
        assert not re.search(r"^(import gradio|from gradio)", source, flags=re.MULTILINE), name


# ---------------- the launched app, through gradio_client ----------------


@pytest.fixture(scope="module")
def app(web_client):
    return web_client


def _ask(client, question: str, scope: str = "all"):
    chatbot, _question, sources, answer_id, _status, export, export_file = client.predict(
        question, [], scope, api_name="/ask"
    )
    messages = chatbot["value"]
    return messages, sources, answer_id, export, export_file


def test_ask_returns_a_cited_answer_and_its_sources(app):
    messages, sources, answer_id, export, export_file = _ask(app, "达州对创建成功的国家大学科技园有什么支持？")
    assert [m["role"] for m in messages] == ["user", "assistant"]
    reply = messages[1]["content"][0]["text"]
    assert reply.startswith(
        '<div class="pq-answer"><p>根据《达州市科技创新规划》：</p><p>鼓励高校与达州高新区联合共建大学科技园'
    )
    assert f'<a class="pq-cite" href="#pq-src-{answer_id}-1"' in reply
    assert "✓</b> 检索" in reply and "✓</b> 核对数字与出处" in reply  # the stages, all done, under the answer
    assert f'<article class="pq-card" id="pq-src-{answer_id}-1"' in sources
    assert "二、激发科研院所活力" in sources
    assert (
        "<mark>鼓励高校与达州高新区联合共建大学科技园，对创建成功的国家大学科技园、省级大学科技园给予补助。</mark>"
        in sources
    )
    assert "[1] 《达州市“十四五”科技创新规划(2021—2025年)》 › 第三章 重点任务 › 第二节 培育建强创新主体" in export
    assert Path(export_file).read_text(encoding="utf-8") == export


def _newest(sources: str) -> str:
    """The newest answer's group of the sources panel (the panel keeps the whole conversation)."""
    return sources.split("<details")[1]


def test_the_scope_selector_filters_retrieval(app):
    _, sources, *_ = _ask(app, "高新技术企业目标是多少？", scope="广元市利州区")
    assert "广元市利州区“十四五”科技创新和知识产权规划" in _newest(sources) and "达州市“十四五”" not in _newest(sources)
    _, sources, *_ = _ask(app, "高新技术企业目标是多少？", scope=DAZHOU)
    assert "达州市“十四五”科技创新规划" in _newest(sources) and "利州区“十四五”" not in _newest(sources)
    assert "广元市利州区“十四五”" in sources  # the earlier answers' sources stay in the panel


def test_feedback_is_stored_in_sqlite_with_the_answer(app, hash_qa):
    _, _, answer_id, *_ = _ask(app, "达州市2025年高新技术企业要达到多少家？")
    status, *_ = app.predict(answer_id, "down", ["wrong-number", "other"], "应为400家以上", api_name="/feedback")
    assert status == "谢谢！已记录您指出的问题，我们会核查。"
    with sqlite3.connect(hash_qa.settings.data_dir / "feedback.sqlite3") as db:
        row = db.execute(
            "SELECT rating, reasons, comment, question, answer, citations, retrieved FROM feedback WHERE answer_id = ?",
            (answer_id,),
        ).fetchone()
    rating, reasons, comment, question, answer, citations, retrieved = row
    assert (rating, reasons, comment) == ("down", '["wrong-number", "other"]', "应为400家以上")
    assert question == "达州市2025年高新技术企业要达到多少家？" and "2025年 400家[1]" in answer
    assert '"chunk_id": "dazhou-2021-kjcx:' in citations and '"quote": "高新技术企业 (家)\\t94\\t400"' in citations
    assert retrieved.startswith('["dazhou-2021-kjcx:')
    assert retrieved.count(",") == hash_qa.settings.top_k - 1  # every retrieved chunk's id


def test_feedback_on_an_unknown_answer_is_a_chinese_error(app):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="找不到这条回答"):
        app.predict("nope", "up", [], "", api_name="/feedback")


def test_an_empty_question_is_a_chinese_error(app):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="请输入问题"):
        app.predict("   ", [], "all", api_name="/ask")


def test_the_indicator_table_and_comparison_through_the_client(app):
    table, csv_path = app.predict("达州市", "高新技术", api_name="/indicators")
    assert table["headers"] == ["地区", "指标", "单位", "2020", "2025", "2035", "属性", "规划", "出处"]
    assert [r[:5] for r in table["data"]] == [
        ["达州市", "高新技术企业", "家", 94, 400],
        ["达州市", "高新技术产业产值", "亿元", 401, 800],
    ]
    assert Path(csv_path).read_text(encoding="utf-8-sig").splitlines()[1].startswith("达州市,高新技术企业,家,94,400,")
    cmp_table, chart = app.predict("科技型中小企业", api_name="/compare")
    assert [r[:5] for r in cmp_table["data"]] == [
        ["达州市", "科技型中小企业", "家", 263, 600],
        ["广元市利州区", "备案科技型中小企业数", "家", 33, 50],
    ]
    assert "600家" in chart and "50家" in chart


def test_a_plan_section_through_the_client(app, hash_qa):
    text = hash_qa.document_text(DAZHOU)
    phrase = "到 2025 年，全市高新技术企业达到 400 家以上"
    start = text.index(phrase)
    link = deep_link(DAZHOU, GOALS, (start, start + len(phrase)))
    doc, outline, section = app.predict(link, api_name="/plan_section")
    assert doc == DAZHOU
    assert '<h3 class="pq-path">第二章 总体要求 › 第三节 发展目标</h3>' in section
    assert '<mark id="pq-hl">到 2025 年，全市高新技术企业达到 400 家以上</mark>' in section
    assert 'aria-current="true">第三节 发展目标</a>' in outline
    outline, section = app.predict("lizhou-2021-kjcx-zscq", api_name="/plan_outline")
    assert '<h3 class="pq-path">一、发展态势</h3>' in section


def test_the_plain_chat_endpoint_for_api_clients(app):
    reply = app.predict("成都市高新技术企业目标是多少？", api_name="/chat")
    assert reply.startswith("规划中未找到相关内容：现有规划不包括成都")
    reply = app.predict("达州对创建成功的国家大学科技园有什么支持？", api_name="/chat")
    assert "[1] 达州市“十四五”科技创新规划(2021—2025年) › 第三章 重点任务" in reply


def test_the_off_topic_chat_is_declined_politely(hash_qa):
    answer = hash_qa.ask("你好")
    assert answer.refused and answer.text.startswith("您好！我只回答规划原文中的问题")
    assert answer.retrieved == () and answer.checks == ("scope", "off-topic")


# ---------------- markup in a plan shows as text ----------------


@pytest.fixture(scope="module")
def xss_qa(tmp_path_factory):
    from config import Settings
    from planqa import PlanQA

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("var-xss"),
        corpus_dirs=[ROOT / "corpus", ROOT / "tests" / "data" / "xss"],
        embedder="hash",
        llm="none",
    )
    return PlanQA.open(settings)


def test_markup_from_a_plan_or_a_question_is_escaped_in_chat_sources_and_plans(xss_qa):
    from gradio_client import Client

    from web.app import build_ui, launch

    ui = build_ui(xss_qa, stream_delay=0)
    port = free_port()
    launch(ui, port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        chatbot, _, sources, *_ = client.predict(f"测试市高新技术企业目标是什么？{XSS}", [], "all", api_name="/ask")
        question, reply = (m["content"][0]["text"] for m in chatbot["value"])
        escaped = "&lt;img src=x onerror=alert(1)&gt;"
        for html in (question, reply, sources):
            assert XSS not in html and escaped in html
        assert "根据《测试市规划&lt;img src=x onerror=alert(1)&gt;》" in reply
        _, outline, section = client.predict(
            deep_link("xss-plan", ("第一章 总体要求", "第一节 发展目标")), api_name="/plan_section"
        )
        assert XSS not in outline + section
        assert f"测试市“十四五”科技创新规划{escaped}" in outline and f"测试市“十四五”科技创新规划{escaped}" in section
    finally:
        ui.close()
