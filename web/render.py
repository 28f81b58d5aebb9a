"""Answer → Markdown for the chat. Citations are data; this only lays them out (no heading path is computed here)."""

from __future__ import annotations

import html

from answer.types import Answer


def _md(text: str) -> str:
    """Escape what Markdown/HTML would reinterpret in plan text (`*`, `<p>`, `_`)."""
    return html.escape(text).replace("*", r"\*").replace("_", r"\_")


def render_answer(answer: Answer) -> str:
    lines = [_md(answer.text).replace("\n", "  \n")]
    if answer.citations:
        lines.append("\n**出处**")
        for c in answer.citations:
            path = " › ".join(c.heading_path)
            quote = " ".join(c.quote.split())
            lines.append(f"- [{c.n}] {_md(c.doc_title)} › {_md(path)}  \n  > {_md(quote)}")
    if answer.query and answer.query != answer.question:
        lines.append(f"\n<sub>检索问题：{_md(answer.query)}</sub>")
    return "\n".join(lines)


def history_pairs(messages: list[dict]) -> list[tuple[str, str]]:
    """Gradio messages ([{role, content}, …]) → [(question, answer), …] for the follow-up rewrite."""
    pairs, question = [], None
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):  # gradio may wrap text in [{"type": "text", "text": …}]
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        if m.get("role") == "user":
            question = str(content)
        elif m.get("role") == "assistant" and question is not None:
            pairs.append((question, str(content)))
            question = None
    return pairs
