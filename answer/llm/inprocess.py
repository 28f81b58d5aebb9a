"""The local model in PlanQA's own process (xllamacpp's Server called directly): for measurement only.

The app never uses it (`make_backend` gives `LocalWorker`): a native crash here ends the whole process, which is
what issue 7 was about. `answer.llm.bench` runs it next to the worker to measure what the process boundary costs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from answer.llm.backends import messages


class InProcess:
    """xllamacpp's Server in this process, one slot, greedy, prompt cache on; loaded on first use."""

    def __init__(self, model_path: Path, threads: int = 2, n_ctx: int = 4096):
        self.model_path = Path(model_path)
        self.threads = threads
        self.n_ctx = n_ctx
        self.id = f"inprocess:{self.model_path.stem}"
        self._server: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._server is None:
                import xllamacpp as xlc

                p = xlc.CommonParams()
                p.model.path = str(self.model_path)
                p.n_ctx = self.n_ctx
                p.cpuparams.n_threads = self.threads
                p.cpuparams_batch.n_threads = self.threads
                p.n_parallel = 1
                p.cache_prompt = True
                p.hostnames = ["127.0.0.1"]
                p.port = 0
                p.sampling.temp = 0.0
                self._server = xlc.Server(p)
        return self._server

    def _body(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str], stream: bool) -> dict:
        body: dict[str, Any] = {
            "messages": messages(system, user),
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": stream,
            "cache_prompt": True,
        }
        if stop:
            body["stop"] = list(stop)[:4]
        return body

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str:
        out = self.load().handle_chat_completions(self._body(system, user, max_tokens, stop, stream=False))
        return out["choices"][0]["message"]["content"] or ""

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        server = self.load()
        pieces: queue.Queue[str | None] = queue.Queue()
        closed = threading.Event()

        def on_chunk(chunk: dict) -> bool:
            choices = chunk.get("choices") or [{}]
            piece = (choices[0].get("delta") or {}).get("content")
            if piece:
                pieces.put(piece)
            return closed.is_set()  # True stops the generation: the consumer went away

        def run() -> None:
            try:
                server.handle_chat_completions(self._body(system, user, max_tokens, stop, stream=True), on_chunk)
            finally:
                pieces.put(None)

        threading.Thread(target=run, daemon=True).start()
        try:
            while (piece := pieces.get()) is not None:
                yield piece
        finally:
            closed.set()
