"""The 问答 tab as plain functions over the PlanQA API: the ask pipeline as a stream of steps, the sources panel,
follow-up suggestions, the scope selector and the plain-text export. No gradio here (web/app.py wires it).

Honest streaming: the answer is verified inside `PlanQA.ask` before any of it is shown; only the verified text is
then streamed, piece by piece. Nothing the LLM wrote unverified ever reaches the page. While the LLM works, the
extractive answer PlanQA.ask hands over as its draft (verified, cited) is shown.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from answer.types import Answer, Citation, Route
from planqa import PlanQA
from web.errors import BadInput
from web.render import (
    NO_SOURCES,
    Marker,
    SourceCard,
    SourceGroup,
    deep_link,
    one_line,
    source_anchor,
    streamed_prefixes,
)

MAX_QUESTION = 500  # characters

# The start page: what each kind of reader typically asks (each answered from the plans with citations).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "企业：能申报什么、有什么补助": (
        "我们是高新技术企业，研发投入持续增长，在达州能得到什么支持？",
        "达州对创建成功的国家大学科技园有什么支持？",
        "利州区对科技型中小企业有什么扶持政策？",
    ),
    "工作人员：指标和目标值": (
        "达州市2025年高新技术企业要达到多少家？",
        "达州和利州区2025年科技型中小企业目标分别是多少？",
        "利州区2025年研发经费投入强度目标是多少？",
    ),
    "市民：规划讲了什么": (
        "利州区如何推进知识产权司法保护？",
        "达州市在“强化企业主体地位”方面有哪些举措？",
        "达州高新区建设的目标和重点任务是什么？",
    ),
}

SCOPE_ALL = "all"


def scope_choices(qa: PlanQA) -> list[tuple[str, str]]:
    """(label, value) for the scope selector: 全部, then each region, then each document."""
    docs = qa.documents()
    choices = [("全部规划", SCOPE_ALL)]
    choices += [(f"地区：{r}", r) for r in dict.fromkeys(d.region for d in docs)]
    choices += [(f"规划：{d.title}", d.doc_id) for d in docs]
    return choices


def scope_within(value: str | None) -> list[str] | None:
    """The selector's value as `PlanQA.ask(within=…)`: None for 全部, else the region name or doc id."""
    return None if not value or value == SCOPE_ALL else [value]


def clean_question(question: str | None) -> str:
    q = (question or "").strip()
    if not q:
        raise BadInput("请输入问题。")
    if len(q) > MAX_QUESTION:
        raise BadInput(f"问题太长了（{len(q)} 字，最多 {MAX_QUESTION} 字），请精简后再问。")
    return q


# ---- the pipeline as steps ----


@dataclass(frozen=True, slots=True)
class ChatStep:
    """One update of the chat while a question is answered."""

    stage: str  # "retrieve" | "verify" | "answer" | "done" (web.render.STAGES)
    detail: str
    answer: Answer | None = None
    shown: int = 0  # characters of answer.text shown so far


_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="planqa-ask")
# How often the chat looks for the extractive draft while an answer is being made (seconds): it is ready in tens of
# milliseconds, the LLM's answer in seconds.
DRAFT_POLL = 0.05


def ask_events(
    qa: PlanQA,
    question: str,
    history: Sequence[tuple[str, str]] = (),
    within: Sequence[str] | None = None,
    *,
    pieces: int = 12,
    delay: float = 0.03,
    tick: float = 1.0,
) -> Iterator[ChatStep]:
    """检索 (PlanQA.retrieve: which plans hold relevant passages) → 核对数字与出处 (PlanQA.ask: answer, verified,
    with a seconds counter while it works) → 回答 (the verified text in about `pieces` parts, `delay` s apart).

    While the local model phrases a prose answer, the extractive answer (PlanQA.ask's draft: verified, cited) is
    shown at once under the counter; the final answer replaces it only when it differs (a verified LLM answer)."""
    t0 = time.perf_counter()
    yield ChatStep("retrieve", "正在检索规划原文…")
    hits = qa.retrieve(question, within=within)
    titles = "、".join(dict.fromkeys(f"《{h.doc.short_title}》" for h in hits))
    found = f"找到 {len(hits)} 段相关原文（{titles}）" if hits else "没有找到相关原文"
    yield ChatStep("verify", f"{found}，正在核对数字与出处…")
    drafts: queue.SimpleQueue[Answer] = queue.SimpleQueue()
    job = _POOL.submit(qa.ask, question, history, within=within, on_draft=drafts.put)
    draft: Answer | None = None
    shown_at = time.perf_counter()
    while True:
        try:
            answer = job.result(timeout=DRAFT_POLL if draft is None else tick)
            break
        except TimeoutError:
            pass
        if draft is None:
            try:
                draft = drafts.get_nowait()
            except queue.Empty:
                if time.perf_counter() - shown_at < tick:
                    continue  # neither the draft nor a second to count yet
        shown_at = time.perf_counter()
        waited = f"（已用 {shown_at - t0:.0f} 秒）"
        if draft is None:
            yield ChatStep("verify", f"{found}，正在核对数字与出处…{waited}")
        else:
            yield ChatStep("verify", f"先给出规划原文摘录；本地模型正在组织语言…{waited}", draft, len(draft.text))
    if draft is not None and draft.text == answer.text:
        pieces = 1  # the model's answer was not shown: the extract already on the page is the answer
    for cut in streamed_prefixes(answer.text, pieces):
        yield ChatStep("answer", "正在输出已核对的回答…", answer, cut)
        if cut < len(answer.text):
            time.sleep(delay)
    yield ChatStep("done", summary(answer, time.perf_counter() - t0), answer, len(answer.text))


def summary(answer: Answer, seconds: float) -> str:
    """What the pipeline decided, in a reader's words: `用时 0.1 秒 · 引用 2 处 · 数值直接取自规划指标表`."""
    how = {
        Route.TABLE: "数值直接取自规划指标表",
        Route.LLM: "模型回答已核对：每个数字都出现在所引原文中",
        Route.EXTRACT: "摘录规划原文句子",
        Route.LLM_FALLBACK: "模型回答未通过核对，改为摘录原文",
        Route.REFUSAL_SCOPE: "问题所问地区不在现有规划中",
        Route.REFUSAL_EVIDENCE: "规划中未找到相关内容",
        Route.OFF_TOPIC: "不是关于规划的问题",
        Route.MATCH: "按企业情况逐条匹配规划中的支持措施",
    }.get(answer.route, "")
    return " · ".join(x for x in (f"用时 {seconds:.1f} 秒", f"引用 {len(answer.citations)} 处", how) if x)


# ---- answers kept for the sources panel, feedback and export ----


class AnswerLog:
    """Recent answers by id (bounded): feedback and export name an answer by its id."""

    def __init__(self, size: int = 2000):
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def add(self, answer: Answer) -> None:
        with self._lock:
            self._items[answer.id] = answer
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def find(self, answer_id: str | None) -> Answer | None:
        with self._lock:
            return self._items.get(answer_id or "")

    def get(self, answer_id: str | None) -> Answer:
        answer = self.find(answer_id)
        if answer is None:
            raise BadInput("找不到这条回答（可能已过期），请重新提问后再操作。")
        return answer


def history(answers: Sequence[Answer]) -> list[tuple[str, str]]:
    """Earlier turns for the follow-up rewrite: (question, answer text), not the rendered HTML."""
    return [(a.question, a.text) for a in answers]


# ---- citations ----


def markers(answer: Answer) -> list[Marker]:
    return [Marker(c.n, c.quote, source_anchor(answer.id, c.n)) for c in answer.citations]


def source_card(qa: PlanQA, answer_id: str, c: Citation) -> SourceCard:
    """The cited passage with the quote located in it; the deep link highlights the quote by its offsets in the
    document text (chunk.start + position in the chunk: the quote is an exact substring of the chunk)."""
    chunk = qa.chunk(c.chunk_id)
    at = chunk.text.find(c.quote)
    if at < 0:  # verify guarantees an exact substring; never mark text the quote is not
        before, quote, after, mark = chunk.text, "", "", (chunk.start, chunk.end)
    else:
        end = at + len(c.quote)
        before, quote, after = chunk.text[:at], chunk.text[at:end], chunk.text[end:]
        mark = (chunk.start + at, chunk.start + end)
    return SourceCard(
        n=c.n,
        anchor=source_anchor(answer_id, c.n),
        doc_title=c.doc_title,
        heading_path=c.heading_path,
        before=before,
        quote=quote,
        after=after,
        link=deep_link(chunk.doc_id, c.heading_path, mark),
    )


def source_group(qa: PlanQA, answer: Answer) -> SourceGroup:
    cards = tuple(source_card(qa, answer.id, c) for c in answer.citations)
    hint = "请换个问法，或在「规划」页浏览原文。"
    if not answer.refused:
        note = "" if cards else NO_SOURCES
    elif cards:  # a refusal quoting the closest sentence (Answerer._closest)
        note = "规划中没有直接回答这个问题的内容，下面是最接近的原文。" + hint
    else:
        note = f"{NO_SOURCES} {hint}"
    return SourceGroup(answer.id, answer.question, cards, note)


def export_text(answer: Answer) -> str:
    """The answer as plain text that keeps its citations: the text with its [n], then one source line per [n]."""
    lines = [f"问：{answer.question}", "", answer.text.strip()]
    if answer.citations:
        lines += ["", "出处："]
        for c in answer.citations:
            lines.append(f"[{c.n}] 《{c.doc_title}》 › {' › '.join(c.heading_path)}")
            lines.append(f"    “{one_line(c.quote)}”")
    lines += ["", f"（规划问答 PlanQA · 回答编号 {answer.id}）"]
    return "\n".join(lines)


# ---- follow-up suggestions (deterministic: no LLM) ----

_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|"
    r"\d+\s*[．.﹒、]|专栏\s*\d+|表\s*\d+)\s*"
)


def topic(heading: str) -> str:
    """A heading without its numbering: `一、强化企业主体地位` -> `强化企业主体地位`."""
    return _NUMBERING.sub("", heading).strip()


def _short_region(region: str) -> str:
    """`广元市利州区` -> `利州区` (a question names the district, as readers do); `达州市` stays."""
    m = re.search(r"[^市省]+[区县]$", region)
    return m.group(0) if m and region.endswith(("区", "县")) else region


def follow_ups(qa: PlanQA, answer: Answer, k: int = 3) -> list[str]:
    """2–3 next questions built from what the answer cites: for an indicator row, the same indicator in the other
    plans and its neighbours in the table; for a passage, the sibling sections of the cited section."""
    out: list[str] = []
    cited = {c.chunk_id for c in answer.citations}
    rows = qa.indicators()
    hit = next((r for r in rows if r.chunk_id in cited), None)
    if hit is not None:
        key = _indicator_key(hit.name)
        others = [r for r in rows if r.doc_id != hit.doc_id and _related(key, _indicator_key(r.name))]
        if others:
            regions = "和".join(dict.fromkeys(_short_region(r.region) for r in [hit, *others]))
            out.append(f"{regions}2025年{key}目标分别是多少？")
        table = [r for r in rows if r.doc_id == hit.doc_id and r.heading_path == hit.heading_path]
        i = table.index(hit)
        for r in table[i + 1 :] + table[:i]:
            out.append(f"{_short_region(r.region)}2025年{r.name}目标是多少？")
    elif answer.citations:
        c = answer.citations[0]
        doc_id = qa.chunk(c.chunk_id).doc_id
        region = _short_region(c.region)
        sections = [s for s in qa.outline(doc_id) if s.kind == "section"]
        path = c.heading_path
        while path:
            parent = path[:-1]
            siblings = [s.path for s in sections if len(s.path) == len(path) and s.path[:-1] == parent]
            if len(siblings) > 1 and path in siblings:
                i = siblings.index(path)
                for p in siblings[i + 1 :] + siblings[:i]:
                    out.append(f"{region}在“{topic(p[-1])}”方面有哪些举措？")
                break
            path = parent
    if not out:
        out = [qs[0] for qs in EXAMPLES.values()]
    asked = {answer.question.strip(), answer.query.strip()}
    return [q for q in dict.fromkeys(out) if q not in asked][:k]


def _indicator_key(name: str) -> str:
    """`高新技术企业数` -> `高新技术企业`; `R&D 投入占 GDP 的比例` -> `R&D投入占GDP的比例`."""
    return re.sub(r"\s+", "", name).removesuffix("数")


def _related(a: str, b: str) -> bool:
    return a == b or (len(a) >= 4 and len(b) >= 4 and (a in b or b in a))
