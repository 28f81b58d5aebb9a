"""Generation with an LLM backend: numbered context from the top hits → the model's answer → verified citations.

The model's answer is never trusted on its own (ARCHITECTURE.md, "The small LLM cannot be trusted on its own"):
`answer.verify` checks every marker, number and sentence against the chunks, and `Generated.ok` says whether it
passed. The Answerer decides what to show: it falls back to its extractive answer when `ok` is False or when the
model says 规划中未找到相关内容 (`Generated.says_not_found`).

Latency budget (measured with the 1.5B model on 2 cores, docs/ARCHITECTURE.md "LLM backends"): the prompt is
evaluated at about 90 tokens/s and these plans take about 1.75 characters per token, so every 160 characters of
context cost a second before the first token. The fixed instructions go into the system message, which the local
backend keeps in its KV cache across questions; only the context and the question are evaluated per question.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from string import Template

from answer.llm import ChatBackend, GenerationFailed
from answer.prompts import Prompt, load_prompt
from answer.types import Citation, Problem, ProblemKind
from answer.verify import verify
from index.retriever import Hit
from ingest.schema import Chunk

log = logging.getLogger(__name__)

NOT_FOUND = "规划中未找到相关内容"
# Shown above the extractive answer when the model could not answer (crash, deadline): the user sees why.
MODEL_UNAVAILABLE_NOTE = "（本地模型暂时不可用，以下为规划原文摘录。）"
# ≈ 280 tokens to evaluate with the question and headers (the system prompt is cached). 600 characters gave a first
# token p95 of 4.4–4.6 s with the 1.5B model on 2 idle cores, over the 4 s budget (800 took 5–5.7 s). Smaller
# contexts once lost answers (dev8 0.750 -> 0.717 at 450), because the model's paraphrase dropped the answering
# term; since a verified answer is followed by the evidence sentences it rests on (Answerer._with_quotes) they
# do not: --llm local, 600 / 450 / 350 characters, dev9 0.700 / 0.700 / 0.700 (LLM answers shown 8 / 9 / 6, first
# token p50 / p95 3.6 / 4.6, 2.5 / 3.2, 2.1 / 2.9 s), dev8 0.800 / 0.783 (7 / 6 shown, 3.7 / 4.4 and 2.7 / 3.2 s);
# the extract alone: 0.683 and 0.783. 450 kept the most LLM answers within the budget on the Intel host with AMX,
# but on the AMD EPYC host (no AMX) its first token p95 was 4.66 s on dev38 + dev39 (n = 110); at 350 it is
# 3.76 / 3.26 s (n = 12 / 9) with every answer as at 450 (dev39 0.833 both, dev38 0.883 = the extract) and one
# LLM answer fewer shown on dev39 (BENCHMARKS.md, fifty-fourth pass). Repeated a pass later at 350, dev38 took
# 3.99 s (n = 13), at the budget's edge; at 300 2.97 s (n = 12) and dev39 3.31 -> 3.33 s, with the same answers
# (dev38 0.883, dev39 0.850) and one LLM answer fewer shown on dev38 (BENCHMARKS.md, fifty-fifth pass).
MAX_CONTEXT_CHARS = 300
# The prompt asks for at most five sentences (≈ 150 tokens); 200 tokens at ≈ 22 tokens/s keep the total under 15 s.
MAX_TOKENS = 200
# An item cut to fit the budget must keep at least this much text, else it is left out.
MIN_ITEM_CHARS = 80
# Qwen2.5-Coder likes to append a code block or start a new 问题 after its answer: stop there.
STOP = ("```", "\n问题：", "\n资料：")

# Whitespace next to a CJK character or full-width punctuation is a PDF artefact (`到 2025 年`) that costs tokens.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \t]+|[ \t]+(?={_CJK})")
_SENTENCE_END = re.compile(r"[。！？；]")
_VARIABLE = re.compile(r"\$(?:\{?[_a-z][_a-z0-9]*)", re.I)


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated answer after verification. `text` has markers renumbered to `citations`; `raw` is as generated."""

    text: str
    citations: tuple[Citation, ...]
    checks: tuple[str, ...]
    problems: tuple[Problem, ...]
    ok: bool
    timings: dict[str, float] = field(default_factory=dict)  # ms: context, first_token, generate, verify, total
    raw: str = ""
    context: str = ""  # the numbered context the model saw
    failure: str | None = None  # the generation did not finish: `llm-crashed`, `llm-timeout`, `llm-unavailable`

    @property
    def says_not_found(self) -> bool:
        return NOT_FOUND in self.raw


class LLMGenerator:
    def __init__(
        self,
        backend: ChatBackend,
        prompt: Prompt | None = None,
        max_context_chars: int = MAX_CONTEXT_CHARS,
        max_tokens: int = MAX_TOKENS,
        stop: Sequence[str] = STOP,
    ):
        self.backend = backend
        self.prompt = prompt or load_prompt("answer")
        self.max_context_chars = max_context_chars
        self.max_tokens = max_tokens
        self.stop = tuple(stop)
        self._system = _static_head(self.prompt)

    def generate(self, question: str, hits: Sequence[Hit]) -> Generated | None:
        """The verified answer to `question` from `hits` (best first), or None when there is nothing to ground on."""
        t0 = time.perf_counter()
        context, used = self.context(hits)
        if not used:
            return None
        system, user = self.messages(context, question)
        t1 = time.perf_counter()
        pieces, first = [], None
        try:
            for piece in self.backend.stream(system, user, self.max_tokens, self.stop):
                if first is None:
                    first = time.perf_counter()
                pieces.append(piece)
        except GenerationFailed as e:
            t2 = time.perf_counter()
            log.warning("generation failed (%s): %s", e.check, e)
            timings = {"context": (t1 - t0) * 1000, "generate": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
            problem = Problem(ProblemKind.GENERATION_FAILED, f"{e.check}: {e}")
            return Generated("", (), (), (problem,), False, timings, "".join(pieces), context, e.check)
        t2 = time.perf_counter()
        raw = "".join(pieces).strip()
        v = verify(raw, [h.chunk for h in used], question)  # the question dates a sentence that names no year
        t3 = time.perf_counter()
        docs = {h.chunk.id: h.doc for h in used}
        citations = tuple(Citation.of(n, chunk, quote, docs[chunk.id]) for n, chunk, quote in v.cited)
        timings = {
            "context": (t1 - t0) * 1000,
            "first_token": ((first or t2) - t1) * 1000,
            "generate": (t2 - t1) * 1000,
            "verify": (t3 - t2) * 1000,
            "total": (t3 - t0) * 1000,
        }
        return Generated(v.text, citations, v.checks, v.problems, v.ok, timings, raw, context)

    def warm_up(self) -> None:
        """Evaluate the fixed system prompt once (a local backend keeps it cached): the first question is not slower.

        A backend that fails here (a worker that crashes or does not load in time) is logged, not raised: the app
        still starts and answers extractively until the model answers."""
        try:
            self.backend.complete(self._system, "你好", 1)
        except GenerationFailed as e:
            log.warning("LLM warm-up failed (%s): %s", e.check, e)

    def messages(self, context: str, question: str) -> tuple[str | None, str]:
        """(system, user): the prompt's fixed instructions, then the part holding context and question."""
        rendered = self.prompt.render(context=context, question=question)
        if self._system and rendered.startswith(self._system):
            return self._system, rendered[len(self._system) :].strip()
        return None, rendered.strip()

    def context(self, hits: Sequence[Hit]) -> tuple[str, list[Hit]]:
        """Numbered items `[n] <short title> › <heading path>\\n<text>` within `max_context_chars`, best hits first.

        A table row shows its rendered line (`科技进步贡献率（%）：2020年 58%；2025年 65%`), not its raw cells. The
        item that crosses the budget is cut at a sentence end, or left out when too little of it would remain.
        """
        blocks: list[str] = []
        used: list[Hit] = []
        seen: set[str] = set()
        left = self.max_context_chars
        for hit in hits:
            if hit.chunk.id in seen:
                continue
            head = f"[{len(used) + 1}] {hit.doc.short_title} › {' › '.join(hit.chunk.heading_path)}\n"
            body = passage_text(hit.chunk)
            room = left - len(head)
            if len(body) > room:
                body = _cut(body, room)
                if len(body) < MIN_ITEM_CHARS and used:
                    break
            if not body:
                break
            blocks.append(head + body)
            used.append(hit)
            seen.add(hit.chunk.id)
            left -= len(head) + len(body) + 1
            if left <= len("[9] ") + MIN_ITEM_CHARS:
                break
        return "\n".join(blocks), used


def passage_text(chunk: Chunk) -> str:
    """What the model sees of a chunk: `到 2025 年，全市…` -> `到2025年，全市…`; a table row as its rendered line."""
    text = chunk.row.rendered() if chunk.row is not None else chunk.text
    text = " ".join(text.split())
    return _CJK_SPACE.sub("", text)


def _cut(text: str, room: int) -> str:
    """`text` cut after its last sentence end within `room` characters, or hard at `room` when there is none."""
    if room <= 0:
        return ""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, room)]
    return text[: ends[-1]] if ends else text[:room]


def _static_head(prompt: Prompt) -> str | None:
    """The prompt's instructions before the paragraph that holds its first variable; None when there are none."""
    body = prompt.template.template
    first = _VARIABLE.search(body)
    if not first:
        return None
    cut = body.rfind("\n\n", 0, first.start())
    return Template(body[:cut]).substitute() if cut > 0 else None
