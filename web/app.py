"""The web page: four tabs (问答, 政策匹配, 指标, 规划) assembled and wired to gradio here, and only here.

The tab modules (web/chat.py, web/policy.py, web/indicators.py, web/plans.py) are plain functions over the PlanQA API
that return view data; web/render.py turns that into escaped HTML; every handler below goes through `translated`
(web/errors.py), so a reader sees a Chinese message, never a stack trace. Each public handler has an `api_name`
(tests call them through gradio_client).

    ui = build_ui(PlanQA.open(settings))
    launch(ui, host="127.0.0.1", port=7860)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from feedback import REASONS
from planqa import PlanQA
from web import admin, chat, indicators, plans, policy
from web.errors import BadInput, translated
from web.render import answer_html, esc, message_html, render_answer, sources_html, stages_html

ASSETS = Path(__file__).with_name("assets")
FEEDBACK_THANKS = {"up": "谢谢！已记录：有用。", "down": "谢谢！已记录您指出的问题，我们会核查。"}


def _question_html(question: str) -> str:
    return f'<div class="pq-question">{esc(" ".join(question.split()))}</div>'


def _assistant(step: chat.ChatStep) -> str:
    """The pending assistant message: the stages while the pipeline works, then the verified text as it streams,
    then the full answer with what the pipeline decided underneath."""
    if step.answer is None:
        return stages_html(step.stage, step.detail)
    body = answer_html(step.answer.text[: step.shown], chat.markers(step.answer))
    if step.stage == "done":
        return body + f'<div class="pq-meta">{stages_html("done", step.detail)}</div>'
    return stages_html(step.stage, step.detail) + body


def build_ui(qa: PlanQA, *, stream_delay: float = 0.03) -> gr.Blocks:
    log = chat.AnswerLog()
    files = Path(tempfile.mkdtemp(prefix="planqa-web-"))  # CSV and .txt downloads (gradio copies them to its cache)
    docs = qa.documents()
    titles = "；".join(f"《{d.title}》" for d in docs)
    # one generation at a time on the local model (2 cores); extractive answers are cheap
    ask_limit = 1 if qa.generator is not None else 4

    with gr.Blocks(title="规划问答 PlanQA", analytics_enabled=False) as ui:
        intro = f"只根据规划原文回答，每句话都标注出处。现有规划：{esc(titles)}"
        gr.HTML(f'<div id="pq-header"><h1>规划问答 PlanQA</h1><p>{intro}</p></div>')
        with gr.Tabs(selected="chat") as tabs:
            # ---------------- 问答 ----------------
            with gr.Tab("问答", id="chat"), gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320):
                    scope = gr.Dropdown(
                        chat.scope_choices(qa), value=chat.SCOPE_ALL, label="回答范围", elem_id="pq-scope"
                    )
                    with gr.Column(elem_id="pq-start", elem_classes="pq-examples") as start:
                        gr.Markdown("**可以这样问**（点击即可提问）")
                        example_buttons = []
                        for group, questions in chat.EXAMPLES.items():
                            gr.Markdown(f"**{group}**")
                            for q in questions:
                                example_buttons.append(gr.Button(q, size="sm", variant="secondary"))
                    chatbot = gr.Chatbot(
                        label="对话",
                        elem_id="pq-chat",
                        height=460,
                        min_height=240,
                        latex_delimiters=[],
                        feedback_options=None,
                        buttons=[],
                        visible=False,  # shown with the first question; until then the start page has the room
                    )
                    with gr.Row(visible=False, elem_id="pq-followups") as followup_row:
                        followups = [gr.Button("", size="sm", variant="secondary", min_width=120) for _ in range(3)]
                    with gr.Row(equal_height=True):
                        question = gr.Textbox(
                            placeholder="请输入问题，例如：达州2025年高新技术企业目标是多少？",
                            show_label=False,
                            lines=1,
                            max_lines=4,
                            max_length=chat.MAX_QUESTION,
                            scale=5,
                            min_width=200,
                            elem_id="pq-question",
                        )
                        send = gr.Button("发送", variant="primary", scale=1, min_width=70, elem_id="pq-send")
                    with gr.Row(visible=False, elem_id="pq-feedback") as feedback_row:
                        fb_up = gr.Button("👍 有用", size="sm", min_width=80, elem_id="pq-fb-up")
                        fb_down = gr.Button("👎 有问题", size="sm", min_width=80, elem_id="pq-fb-down")
                        new_chat = gr.Button("新对话", size="sm", min_width=80, elem_id="pq-new")
                    with gr.Column(visible=False, elem_id="pq-feedback-form") as feedback_form:
                        fb_reasons = gr.CheckboxGroup(
                            [(label, code) for code, label in REASONS.items()], label="问题在哪里（可多选）"
                        )
                        fb_comment = gr.Textbox(label="补充说明（可选）", lines=2, max_length=2000)
                        fb_send = gr.Button("提交反馈", variant="primary", size="sm", elem_id="pq-fb-send")
                    fb_status = gr.Markdown(elem_id="pq-fb-status")
                    with gr.Accordion("复制 / 导出这条回答（含出处）", open=False, visible=False) as export_box:
                        export_text = gr.Textbox(
                            label="纯文本", lines=8, max_lines=20, buttons=["copy"], elem_id="pq-export"
                        )
                        export_file = gr.DownloadButton("下载 .txt", size="sm")
                    answer_id = gr.Textbox(visible="hidden", elem_id="pq-answer-id")
                    fb_rating = gr.Textbox(visible="hidden")
                with gr.Column(scale=2, min_width=300, elem_id="pq-sources-col"):
                    gr.Markdown("### 出处")
                    sources = gr.HTML(sources_html([]), elem_id="pq-sources")

            # ---------------- 指标 ----------------
            # ---------------- 政策匹配 ----------------
            with gr.Tab("政策匹配", id="match"), gr.Row(equal_height=False):
                with gr.Column(scale=2, min_width=300):
                    gr.Markdown("填写企业情况，逐条核对规划写明的条件。不知道的可以不填，结果会说明还需要哪些信息。")
                    pm_region = gr.Dropdown(
                        policy.regions(qa), value=None, label="所在地区", allow_custom_value=True, elem_id="pm-region"
                    )
                    pm_type = gr.Dropdown(list(policy.TYPES), value=policy.UNKNOWN, label="主体类型")
                    pm_quals = gr.CheckboxGroup(list(policy.QUALIFICATIONS), label="已获认定")
                    pm_industry = gr.Textbox(label="行业/主营", placeholder="例如：玄武岩纤维")
                    pm_rd = gr.Number(label="研发投入占营业收入（%）", value=None)
                    pm_growth = gr.Radio(list(policy.GROWTH_CHOICES), value=policy.UNKNOWN, label="研发投入持续增长")
                    pm_size = gr.Dropdown(list(policy.SIZE_CHOICES), value=policy.UNKNOWN, label="企业规模")
                    pm_needs = gr.CheckboxGroup(list(policy.NEED_CHOICES), label="需求")
                    pm_go = gr.Button("匹配政策", variant="primary", elem_id="pm-go")
                with gr.Column(scale=3, min_width=300):
                    pm_report = gr.HTML(message_html("填写左侧信息后点“匹配政策”。"), elem_id="pm-report")
                    pm_file = gr.DownloadButton("下载报告", size="sm", visible=False)

            with gr.Tab("指标", id="indicators"):
                first = indicators.table(qa)
                with gr.Row():
                    ind_region = gr.Dropdown(indicators.regions(qa), value=indicators.ALL, label="地区", min_width=160)
                    ind_name = gr.Textbox(label="指标名称包含", placeholder="例如：高新技术企业", min_width=200)
                    ind_csv = gr.DownloadButton("下载 CSV", size="sm", min_width=120)
                ind_table = gr.Dataframe(
                    _frame(first.headers, first.rows),
                    label="各规划的主要指标（点击表头排序）",
                    datatype=_datatypes(first.headers),
                    interactive=False,
                    wrap=True,
                    max_height=560,
                    elem_id="pq-indicators",
                )
                gr.Markdown("### 同一指标各地对比")
                names = indicators.comparable(qa)
                ind_pick = gr.Dropdown(names, value=names[0] if names else None, label="指标", elem_id="pq-compare")
                cmp_chart = gr.HTML(min_height=80, elem_id="pq-compare-chart")
                cmp_table = gr.Dataframe(interactive=False, wrap=True, elem_id="pq-compare-table")

            # ---------------- 规划 ----------------
            with gr.Tab("规划", id="plans"), gr.Row(equal_height=False):
                with gr.Column(scale=1, min_width=260):
                    plan_doc = gr.Dropdown(plans.doc_choices(qa), label="规划", elem_id="pq-plan-doc")
                    plan_outline = gr.HTML(elem_id="pq-outline")
                with gr.Column(scale=3, min_width=300):
                    plan_section = gr.HTML(message_html("从左侧目录选择章节。"), elem_id="pq-section")

            # ---------------- 管理 (web/admin.py: only once PLANQA_ADMIN_PASSWORD is set) ----------------
            admin.build_admin_tab(qa, qa.settings)

        nav = gr.Textbox(visible="hidden", elem_id="pq-nav")
        nav_btn = gr.Button("打开", visible="hidden", elem_id="pq-nav-btn")

        # ---- chat handlers ----

        @translated
        def ask(q: str, messages: list, within_value: str, turns: list[str]):
            q = chat.clean_question(q)
            earlier = [a for a in (log.find(t) for t in turns) if a is not None]
            messages = [*(messages or []), {"role": "user", "content": _question_html(q)}]
            keep = [gr.skip()] * 9
            for step in chat.ask_events(
                qa, q, chat.history(earlier), chat.scope_within(within_value), delay=stream_delay
            ):
                shown = gr.Chatbot([*messages, {"role": "assistant", "content": _assistant(step)}], visible=True)
                if step.stage != "done":
                    yield shown, "", gr.skip(), gr.skip(), gr.skip(), gr.Column(visible=False), *keep
                    continue
                a = step.answer
                log.add(a)
                turns = [*turns, a.id]
                groups = [chat.source_group(qa, x) for x in reversed([*earlier, a])]
                nexts = chat.follow_ups(qa, a)
                buttons = [gr.Button(value=t, visible=True) for t in nexts]
                buttons += [gr.Button(visible=False)] * (3 - len(buttons))
                text = chat.export_text(a)
                path = files / f"planqa-{a.id}.txt"
                path.write_text(text, encoding="utf-8")
                yield (
                    shown,
                    "",
                    sources_html(groups),
                    turns,
                    a.id,
                    gr.Column(visible=False),
                    gr.Row(visible=bool(nexts)),
                    *buttons,
                    gr.Row(visible=True),
                    "",
                    gr.Accordion(visible=True),
                    text,
                    str(path),
                )

        turns = gr.State([])
        ask_outputs = [
            chatbot,
            question,
            sources,
            turns,
            answer_id,
            start,
            followup_row,
            *followups,
            feedback_row,
            fb_status,
            export_box,
            export_text,
            export_file,
        ]
        ask_inputs = [question, chatbot, scope, turns]
        common = {
            "concurrency_limit": ask_limit,
            "concurrency_id": "ask",
            "show_progress": "minimal",
            "show_progress_on": [chatbot, question],  # the chat is hidden until the first answer
        }
        send.click(ask, ask_inputs, ask_outputs, api_name="ask", **common)
        question.submit(ask, ask_inputs, ask_outputs, api_visibility="private", **common)
        for b in [*example_buttons, *followups]:
            b.click(lambda v: v, b, question, queue=False, api_visibility="private").then(
                ask, ask_inputs, ask_outputs, api_visibility="private", **common
            )

        def reset():
            empty = gr.Button(visible=False)
            return (
                gr.Chatbot([], visible=False),
                [],
                sources_html([]),
                "",
                gr.Column(visible=True),
                gr.Row(visible=False),
                *([empty] * 3),
                gr.Row(visible=False),
                gr.Column(visible=False),
                "",
                gr.Accordion(visible=False),
            )

        reset_outputs = [
            chatbot,
            turns,
            sources,
            answer_id,
            start,
            followup_row,
            *followups,
            feedback_row,
            feedback_form,
            fb_status,
            export_box,
        ]
        new_chat.click(reset, None, reset_outputs, queue=False, api_visibility="private")
        chatbot.clear(reset, None, reset_outputs, queue=False, api_visibility="private")

        @translated
        def send_feedback(aid: str, rating: str, reasons: list[str], comment: str):
            if rating not in FEEDBACK_THANKS:
                raise BadInput("请先选择 👍 或 👎。")
            qa.feedback(log.get(aid), rating, reasons or (), comment or "")
            return FEEDBACK_THANKS[rating], gr.Column(visible=False), [], ""

        fb_outputs = [fb_status, feedback_form, fb_reasons, fb_comment]
        fb_up.click(lambda: "up", None, fb_rating, queue=False, api_visibility="private").then(
            send_feedback, [answer_id, fb_rating, fb_reasons, fb_comment], fb_outputs, api_visibility="private"
        )
        fb_down.click(
            lambda: ("down", gr.Column(visible=True), "请选择问题所在，然后提交。"),
            None,
            [fb_rating, feedback_form, fb_status],
            queue=False,
            api_visibility="private",
        )
        fb_send.click(send_feedback, [answer_id, fb_rating, fb_reasons, fb_comment], fb_outputs, api_name="feedback")

        # ---- 政策匹配 handlers ----

        @translated
        def match(region, enterprise_type, quals, industry, rd_percent, growth, size, needs):
            form = (region, enterprise_type, quals, industry, rd_percent, growth, size, needs)
            profile = policy.profile_from_form(*form)
            view = policy.match_view(qa, profile)
            path = files / "planqa-政策匹配报告.md"
            path.write_text(view.markdown, encoding="utf-8")
            return view.html, gr.DownloadButton(value=str(path), visible=True)

        pm_inputs = [pm_region, pm_type, pm_quals, pm_industry, pm_rd, pm_growth, pm_size, pm_needs]
        pm_go.click(match, pm_inputs, [pm_report, pm_file], api_name="match", concurrency_limit=4)

        # ---- 指标 handlers ----

        @translated
        def filter_indicators(region: str, name: str):
            t = indicators.table(qa, region, name)
            path = files / "planqa-指标.csv"
            path.write_text(indicators.csv_text(t), encoding="utf-8-sig")
            return _frame(t.headers, t.rows), str(path)

        @translated
        def compare(name: str):
            c = indicators.compare(qa, name)
            return _frame(c.headers, c.rows), c.chart

        ind_region.change(filter_indicators, [ind_region, ind_name], [ind_table, ind_csv], api_name="indicators")
        ind_name.submit(filter_indicators, [ind_region, ind_name], [ind_table, ind_csv], api_visibility="private")
        ind_pick.change(compare, ind_pick, [cmp_table, cmp_chart], api_name="compare")

        # ---- 规划 handlers ----

        plan_outputs = [tabs, plan_doc, plan_outline, plan_section]

        @translated
        def open_link(query: str):
            loc = plans.parse_link(query or "")
            if loc is None:
                raise BadInput("链接里没有指明规划。")
            outline_view, section_view = plans.plan_view(qa, loc)
            return gr.Tabs(selected="plans"), loc.doc_id, outline_view, section_view

        @translated
        def open_doc(doc_id: str):
            if not doc_id:
                return gr.skip(), gr.skip()
            return plans.plan_view(qa, plans.first_location(qa, doc_id))

        @translated
        def on_load(request: gr.Request):
            params = dict(request.query_params) if request is not None else {}
            loc = plans.parse_link(params)
            if loc is None:
                first_loc = plans.first_location(qa)
                outline_view, section_view = plans.plan_view(qa, first_loc)
                return gr.skip(), first_loc.doc_id, outline_view, section_view
            try:
                outline_view, section_view = plans.plan_view(qa, loc)
            except Exception:  # a stale or mistyped link: open the plan list, say why
                first_loc = plans.first_location(qa)
                outline_view, _ = plans.plan_view(qa, first_loc)
                section_view = message_html("链接指向的章节不存在（规划可能已更新），请从目录中选择。")
                return gr.Tabs(selected="plans"), first_loc.doc_id, outline_view, section_view
            return gr.Tabs(selected="plans"), loc.doc_id, outline_view, section_view

        nav_btn.click(
            open_link,
            nav,
            plan_outputs,
            js="(v) => window.pqNav || v",
            api_name="plan_section",
            concurrency_limit=8,
        )
        plan_doc.input(open_doc, plan_doc, [plan_outline, plan_section], api_name="plan_outline")
        ui.load(on_load, None, plan_outputs, api_visibility="private")

        @translated
        def chat_api(question: str, scope: str = chat.SCOPE_ALL) -> str:
            """One question, no history: the answer as Markdown with its sources (for API clients)."""
            return render_answer(qa.ask(chat.clean_question(question), within=chat.scope_within(scope)))

        gr.api(chat_api, api_name="chat", concurrency_limit=ask_limit, concurrency_id="ask")
        ui.load(compare, ind_pick, [cmp_table, cmp_chart], api_visibility="private")

    ui.queue(default_concurrency_limit=4, max_size=64)
    return ui


def _frame(headers: tuple[str, ...], rows: tuple[tuple, ...]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(headers))


def _datatypes(headers: tuple[str, ...]) -> list[str]:
    return ["html" if h == "出处" else "number" if h.isdigit() else "str" for h in headers]


def launch(ui: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **kwargs):
    """Start the server with the page's own script and styles, no gradio footer and no analytics."""
    return ui.launch(
        server_name=host,
        server_port=port,
        js=(ASSETS / "planqa.js").read_text(encoding="utf-8"),
        css=(ASSETS / "planqa.css").read_text(encoding="utf-8"),
        footer_links=[],
        show_error=True,
        **kwargs,
    )
