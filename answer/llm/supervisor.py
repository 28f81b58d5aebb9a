"""The local model, out of process: PlanQA starts `answer.llm.worker`, watches it and restarts it.

`LocalWorker` is a ChatBackend. On first use (or `start()`, which `LLMGenerator.warm_up` triggers at start-up) it
spawns the worker, waits for its ready line and its `/health`, and from then on streams through
`OpenAICompatible` on the worker's loopback URL. Each call has one deadline (PLANQA_LLM_DEADLINE_S) for everything:
waiting for a worker that is still loading, the request, and every streamed piece.

When a call fails, the caller gets an exception saying why, at once (the Answerer then shows the extractive answer):
- the worker died (SIGILL, SIGSEGV, SIGKILL, OOM kill) or dropped the connection → GeneratorCrashed (`llm-crashed`);
- the deadline passed (a hung or far too slow worker) → GeneratorTimeout (`llm-timeout`); the worker is killed.
Either way a new worker is started in the background right away, and it evaluates the last system prompt once more,
so the next question finds a loaded model with its KV cache warm. A worker that fails to start is retried after
a pause that doubles up to a minute; meanwhile calls fail fast with GeneratorUnavailable (`llm-unavailable`).
The worker's stdin is a pipe from this process: when PlanQA exits, however it exits, the worker sees EOF and exits.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from answer.llm.backends import (
    GenerationFailed,
    GeneratorCrashed,
    GeneratorTimeout,
    GeneratorUnavailable,
    OpenAICompatible,
)
from answer.llm.worker import READY
from errors import ModelUnavailable

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120.0  # loading the 1.5B model takes ~3 s on 2 cores; a cold page cache on a slow disk more
MAX_BACKOFF_S = 60.0


def _signal_name(returncode: int | None) -> str:
    if returncode is None:
        return "still running"
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


def runtime_system_info(timeout: float = 60) -> dict[str, Any]:
    """The runtime's own build report, asked of a fresh worker process (`python -m answer.llm.worker --system-info`)."""
    out = subprocess.run(
        [sys.executable, "-m", "answer.llm.worker", "--system-info"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(out.stdout)


class _Worker:
    """One worker process and what it said when ready."""

    def __init__(self, proc: subprocess.Popen, log_path: Path):
        self.proc = proc
        self.log_path = log_path
        self.url = ""
        self.ready = threading.Event()
        self.error: str | None = None  # why it never became ready

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()  # SIGKILL: also ends a stopped (SIGSTOP) or hung process
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            log.error("LLM worker %d did not exit after SIGKILL", self.pid)
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()


class LocalWorker:
    """A GGUF model served by its own worker process (see the module doc). Thread-safe; the worker queues requests."""

    def __init__(
        self,
        model_path: Path,
        threads: int = 2,
        deadline: float = 20.0,
        n_ctx: int = 4096,
        log_dir: Path | None = None,
        start_timeout: float = START_TIMEOUT_S,
    ):
        self.model_path = Path(model_path)
        self.threads = threads
        self.deadline = deadline
        self.n_ctx = n_ctx
        self.start_timeout = start_timeout
        self.log_dir = Path(log_dir) if log_dir is not None else self.model_path.parent
        self.id = f"local:{self.model_path.stem}"
        self.starts = 0  # worker processes started so far
        self.failures: list[str] = []  # checks of the calls that failed, in order (llm-crashed, llm-timeout …)
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._system: str | None = None  # the last system prompt, replayed after a restart to warm the KV cache
        self._failed_starts = 0
        self._retry_at = 0.0

    # ---- process management ----

    @property
    def pid(self) -> int | None:
        w = self._worker
        return w.pid if w is not None and w.proc.poll() is None else None

    def start(self) -> None:
        """Spawn the worker unless one is running or starting; returns at once (the model loads in the background)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> _Worker:
        w = self._worker
        if w is not None and w.proc.poll() is None and w.error is None:
            return w
        if time.monotonic() < self._retry_at:
            raise GeneratorUnavailable(
                f"the local LLM worker failed to start ({self._last_error()}); next try in "
                f"{self._retry_at - time.monotonic():.0f} s"
            )
        return self._spawn()

    def _last_error(self) -> str:
        w = self._worker
        return (w.error or "") if w is not None else ""

    def _spawn(self) -> _Worker:
        if self._worker is not None:
            self._worker.kill()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / "llm-worker.log"
        cmd = [sys.executable, "-m", "answer.llm.worker", "--model", str(self.model_path)]
        cmd += ["--threads", str(self.threads), "--ctx", str(self.n_ctx), "--port", "0"]
        with open(log_path, "wb") as err:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, start_new_session=True
            )
        w = _Worker(proc, log_path)
        self._worker = w
        self.starts += 1
        log.info("LLM worker %d starting: %s", proc.pid, " ".join(cmd))
        threading.Thread(target=self._await_ready, args=(w,), name=f"llm-worker-{proc.pid}", daemon=True).start()
        return w

    def _await_ready(self, w: _Worker) -> None:
        """Read the worker's ready line, then check /health; on success replay the system prompt (warm KV cache)."""
        assert w.proc.stdout is not None
        timer = threading.Timer(self.start_timeout, w.proc.kill)
        timer.daemon = True
        timer.start()
        try:
            line = w.proc.stdout.readline()
        finally:
            timer.cancel()
            w.proc.stdout.close()
        try:
            info = json.loads(line)
            if not info.get(READY):
                raise ValueError(line)
            w.url = info["url"]
            with urllib.request.urlopen(f"{w.url}/health", timeout=10) as r:
                if json.load(r).get("status") != "ok":
                    raise ValueError("health check failed")
        except (ValueError, KeyError, OSError) as e:
            w.proc.kill()
            w.proc.wait()
            status = _signal_name(w.proc.returncode)
            said = f" ({e!r})" if line else ""
            w.error = (
                f"cannot load {self.model_path}: the worker {status} before it was ready{said}; "
                f"the end of its log {w.log_path}:\n{w.log_tail()}"
            )
            with self._lock:
                if self._worker is w:
                    self._failed_starts += 1
                    self._retry_at = time.monotonic() + min(MAX_BACKOFF_S, 2.0 ** (self._failed_starts - 1))
            log.error("LLM worker failed to start: %s", w.error)
            w.ready.set()
            return
        with self._lock:
            self._failed_starts = 0
        log.info("LLM worker %d ready at %s", w.pid, w.url)
        w.ready.set()
        system = self._system
        if system is not None:
            try:
                self._client(w).complete(system, "你好", 1, deadline=self.deadline)
            except GenerationFailed as e:
                log.warning("warming the restarted LLM worker failed: %s", e)

    def _client(self, w: _Worker) -> OpenAICompatible:
        return OpenAICompatible(f"{w.url}/v1", self.model_path.stem, deadline=self.deadline)

    def _ready_worker(self, deadline: float) -> _Worker:
        with self._lock:
            w = self._ensure_started()
        if not w.ready.wait(max(0.0, deadline - time.monotonic())):
            raise GeneratorTimeout(
                f"the local LLM worker was still loading {self.model_path.name} when the deadline of "
                f"{self.deadline:g} s passed (PLANQA_LLM_DEADLINE_S)"
            )
        if w.error is not None:
            raise GeneratorUnavailable(w.error)
        return w

    def _failed(self, w: _Worker, e: ModelUnavailable) -> GenerationFailed:
        """Kill the worker the call failed on (dead, hung or broken) and start a new one; the error to raise.

        An error answer from a live worker (HTTP 4xx/5xx, e.g. a prompt longer than the context) is passed on as
        GenerationFailed without a restart."""
        status = w.proc.poll()
        if isinstance(e, GeneratorCrashed) and status is None:
            try:
                status = w.proc.wait(2)  # a dropped connection: the process may still be going down
            except subprocess.TimeoutExpired:
                status = None
        if status is not None:
            e = GeneratorCrashed(f"the local LLM worker {w.pid} {_signal_name(status)} mid-answer")
        elif not isinstance(e, GenerationFailed):
            self.failures.append(GenerationFailed.check)
            return GenerationFailed(f"the local LLM worker answered with an error: {e}")
        with self._lock:
            if self._worker is w:  # not already replaced by a concurrent call that saw the same failure
                w.kill()
                if isinstance(e, GeneratorTimeout):
                    e = GeneratorTimeout(f"{e}; worker {w.pid} killed")
                self._spawn()
        self.failures.append(e.check)
        log.warning("LLM generation failed (%s): %s; worker restarting", e.check, e)
        return e

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.kill()
                self._worker = None

    def __del__(self) -> None:
        w = self._worker
        if w is not None and w.proc.poll() is None:
            w.proc.kill()

    # ---- ChatBackend ----

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        deadline = time.monotonic() + self.deadline
        if system is not None:
            self._system = system
        w = self._ready_worker(deadline)
        try:
            yield from self._client(w).stream(system, user, max_tokens, stop, deadline=deadline - time.monotonic())
        except ModelUnavailable as e:
            raise self._failed(w, e) from e

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str:
        deadline = time.monotonic() + self.deadline
        if system is not None:
            self._system = system
        w = self._ready_worker(deadline)
        try:
            return self._client(w).complete(system, user, max_tokens, stop, deadline=deadline - time.monotonic())
        except ModelUnavailable as e:
            raise self._failed(w, e) from e
