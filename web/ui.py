"""The Gradio web chat. Only app.py imports this module; it is the one place that knows gradio."""

from __future__ import annotations

import gradio as gr

from errors import PlanQAError
from planqa import PlanQA
from web.render import history_pairs, render_answer

EXAMPLES = [
    "达州市2025年高新技术企业要达到多少家？",
    "我们是高新技术企业，研发投入持续增长，在达州能得到什么支持？",
    "达州和利州区2025年科技型中小企业目标分别是多少？",
    "利州区如何推进知识产权司法保护？",
]


def build_ui(qa: PlanQA) -> gr.Blocks:
    def respond(message: str, history: list[dict]) -> str:
        if not message or not message.strip():
            raise gr.Error("请输入问题。")
        try:
            answer = qa.ask(message.strip(), history_pairs(history))
        except PlanQAError as e:
            raise gr.Error(str(e)) from e
        return render_answer(answer)

    titles = [d.title for d in qa.documents()]
    description = "只根据以下规划原文回答，每句附出处：" + "；".join(f"《{t}》" for t in titles)
    return gr.ChatInterface(
        respond,
        title="规划问答 PlanQA",
        description=description,
        examples=EXAMPLES,
        analytics_enabled=False,
        fill_height=True,
        api_name="chat",  # stable endpoint name for API clients (gradio_client)
    )
