"""Prompt files: declared variables are validated on load and on render."""

from __future__ import annotations

import pytest

from answer.prompts import load_prompt
from errors import PromptError


def test_shipped_prompts_load_and_render():
    answer = load_prompt("answer")
    assert answer.variables == {"context", "question"}
    text = answer.render(context="[1] 到2025年，全市高新技术企业达到400家以上。", question="达州高企目标？")
    assert "[1] 到2025年，全市高新技术企业达到400家以上。" in text and "问题：达州高企目标？" in text


def test_render_rejects_missing_or_extra_values():
    answer = load_prompt("answer")
    with pytest.raises(PromptError, match=r"missing \['question'\]"):
        answer.render(context="x")
    with pytest.raises(PromptError, match=r"unexpected \['extra'\]"):
        answer.render(context="x", question="y", extra="z")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter $x", "must start with"),
        ("---\nvariables: [a]\n---\nuses $a and $b", r"uses \['a', 'b'\] but declares \['a'\]"),
        ("---\nvariables: [a, b]\n---\nuses $a only", r"uses \['a'\] but declares \['a', 'b'\]"),
    ],
)
def test_load_rejects_bad_templates(tmp_path, text, message):
    (tmp_path / "bad.md").write_text(text, encoding="utf-8")
    with pytest.raises(PromptError, match=message):
        load_prompt("bad", tmp_path)


def test_missing_prompt_file(tmp_path):
    with pytest.raises(PromptError, match="cannot be read"):
        load_prompt("nope", tmp_path)
