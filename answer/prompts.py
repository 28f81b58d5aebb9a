"""Prompt templates as files (prompts/*.md) with declared variables, validated on load and on render.

A template starts with a front-matter block declaring its variables:

    ---
    variables: [context, question]
    ---
    …$context…$question…

Loading fails when the body uses a variable that is not declared or declares one it never uses; rendering fails
when a declared variable is missing or an undeclared one is passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_FRONT = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.S)
_DECL = re.compile(r"^variables:\s*\[(?P<names>[^\]]*)\]\s*$", re.M)


@dataclass(frozen=True, slots=True)
class Prompt:
    name: str
    variables: frozenset[str]
    template: Template

    def render(self, **values: str) -> str:
        given = set(values)
        if given != self.variables:
            missing, extra = sorted(self.variables - given), sorted(given - self.variables)
            raise PromptError(f"prompt {self.name}: missing {missing}, unexpected {extra}")
        return self.template.substitute(values)


def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> Prompt:
    path = folder / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PromptError(f"prompt {path} cannot be read ({e})") from e
    m = _FRONT.match(text)
    decl = _DECL.search(m.group("head")) if m else None
    if not m or not decl:
        raise PromptError(f"prompt {path} must start with a '---' block declaring `variables: [...]`")
    declared = frozenset(v.strip() for v in decl.group("names").split(",") if v.strip())
    template = Template(m.group("body"))
    used = {g for g in template.get_identifiers()} if hasattr(template, "get_identifiers") else set()
    if used != declared:
        raise PromptError(f"prompt {path}: body uses {sorted(used)} but declares {sorted(declared)}")
    return Prompt(name, declared, template)
