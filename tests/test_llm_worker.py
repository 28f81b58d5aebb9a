"""The generator out of process: a crash, a hang or a server that never answers costs one LLM answer, never PlanQA.

The real 0.5B model runs in its real worker process (`LocalWorker`); the crash is a real signal sent to that
process while it is answering. A stub HTTP server on 127.0.0.1 stands in for an endpoint that never answers. No
assertion depends on the CPU's speed: deadlines are either generous (a slow machine still passes) or the very
thing tested (then the hang is certain, and only an upper bound well above the deadline is checked).
"""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import free_port

from answer.generate import MODEL_UNAVAILABLE_NOTE, LLMGenerator
from answer.llm import QWEN_0_5B, GeneratorTimeout, LocalWorker, OpenAICompatible, assemble_model, runtime_missing
from answer.types import Answer, Route
from config import Settings
from errors import ModelUnavailable
from planqa import PlanQA

ROOT = Path(__file__).resolve().parents[1]
# A prose question (no indicator value): it goes to the LLM, and its extract cites 达州's 大学科技园 support.
QUESTION = "达州对创建成功的国家大学科技园有什么支持？"
GENEROUS_S = 300.0  # a deadline no healthy generation of the 0.5B model reaches, even on a slow, busy machine
SHORT_S = 3.0  # the deadline of the tests in which the generator hangs for sure


@pytest.fixture(scope="module")
def model_path(request) -> Path:
    if missing := runtime_missing():  # not imported here: the test process never loads the native runtime
        pytest.skip(missing)
    data_dir = request.config.cache.mkdir("planqa-llm")
    try:
        return assemble_model(QWEN_0_5B, data_dir)
    except ModelUnavailable as e:
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def worker(model_path, tmp_path_factory) -> Iterator[LocalWorker]:
    w = LocalWorker(model_path, threads=1, deadline=GENEROUS_S, log_dir=tmp_path_factory.mktemp("worker-log"))
    yield w
    w.close()


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    """The real plans, indexed once with the hashing embedder (retrieval is not what is tested here)."""
    data_dir = tmp_path_factory.mktemp("var-worker")
    return Settings(data_dir=data_dir, corpus_dirs=[ROOT / "corpus"], embedder="hash", llm="none")


@pytest.fixture(scope="module")
def qa(worker, settings) -> PlanQA:
    """PlanQA answering with the worker."""
    return PlanQA.open(settings, generator=LLMGenerator(worker))


@contextmanager
def signal_after_first_piece(worker: LocalWorker, sig: signal.Signals) -> Iterator[list[int]]:
    """While active, the worker's next stream gets `sig` as soon as the first piece of the answer has arrived: the
    model is then mid-answer. Yields the list that receives the signalled pid."""
    real = worker.stream
    signalled: list[int] = []

    def stream(*args, **kwargs):
        pieces = real(*args, **kwargs)
        first = next(pieces)
        if not signalled:
            signalled.append(worker.pid)
            os.kill(signalled[0], sig)
        yield first
        yield from pieces

    worker.stream = stream  # type: ignore[method-assign]
    try:
        yield signalled
    finally:
        del worker.stream


def ready(worker: LocalWorker) -> int:
    """Start the worker (if needed), wait until it answers, and return its pid."""
    worker.complete(None, "你好", 1)
    assert worker.pid is not None
    return worker.pid


def assert_cited_extract(answer: Answer, qa: PlanQA, check: str) -> None:
    """The extractive answer, with the note that the model was unavailable, citations that resolve, and `check`."""
    assert answer.route is Route.LLM_FALLBACK and not answer.refused
    assert check in answer.checks and "llm-fallback" in answer.checks
    assert answer.text.startswith(MODEL_UNAVAILABLE_NOTE + "\n根据《达州市科技创新规划》：")
    assert answer.citations and "大学科技园" in answer.text
    for c in answer.citations:
        assert c.quote in qa.chunk(c.chunk_id).text
        assert f"[{c.n}]" in answer.text
    assert answer.problems and str(answer.problems[0]).startswith(check)


def assert_answered_by_the_model(answer: Answer) -> None:
    """The model's answer was used, or rejected by verification: either way the generation itself succeeded."""
    assert not {"llm-crashed", "llm-timeout", "llm-unavailable"} & set(answer.checks), answer.problems
    assert answer.route in (Route.LLM, Route.LLM_FALLBACK)
    assert not answer.text.startswith(MODEL_UNAVAILABLE_NOTE)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGILL, signal.SIGKILL], ids=lambda s: s.name)
def test_a_worker_killed_mid_answer_gives_the_extract_and_a_restarted_worker_answers_next(qa, worker, sig):
    old = ready(worker)
    starts = worker.starts
    with signal_after_first_piece(worker, sig) as signalled:
        t0 = time.monotonic()
        answer = qa.ask(QUESTION)
        seconds = time.monotonic() - t0
    assert signalled == [old], f"the question never reached the model: {answer.route}, {answer.checks}"
    assert_cited_extract(answer, qa, "llm-crashed")
    assert f"killed by {sig.name}" in str(answer.problems[0])
    assert seconds < worker.deadline  # the same call returned, well within the deadline
    # the next question: a new worker process (started right after the crash) answers it
    answer = qa.ask(QUESTION)
    assert_answered_by_the_model(answer)
    assert worker.starts == starts + 1 and worker.pid not in (None, old)


@pytest.mark.slow
def test_a_hung_worker_gives_the_extract_at_the_deadline_and_is_replaced(qa, worker):
    old = ready(worker)
    starts = worker.starts
    worker.deadline = SHORT_S
    try:
        os.kill(old, signal.SIGSTOP)  # alive, port open, never answers
        t0 = time.monotonic()
        answer = qa.ask(QUESTION)
        seconds = time.monotonic() - t0
    finally:
        worker.deadline = GENEROUS_S
        if worker.pid == old:  # not replaced (the test failed before): leave a working worker to the next test
            os.kill(old, signal.SIGCONT)
    assert_cited_extract(answer, qa, "llm-timeout")
    assert SHORT_S - 0.5 <= seconds < SHORT_S + 30
    answer = qa.ask(QUESTION)
    assert_answered_by_the_model(answer)
    assert worker.starts == starts + 1 and worker.pid not in (None, old)
    with pytest.raises(ProcessLookupError):
        os.kill(old, 0)  # the stopped worker was killed, not left behind


@pytest.mark.slow
def test_the_worker_exits_when_planqa_goes_away(model_path, tmp_path):
    """The worker's stdin is PlanQA's pipe: when PlanQA's end closes (PlanQA exited, however), the worker exits."""
    w = LocalWorker(model_path, threads=1, deadline=GENEROUS_S, log_dir=tmp_path)
    try:
        ready(w)
        proc = w._worker.proc  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
        assert proc.wait(60) == 0
    finally:
        w.close()


# ---- endpoints that never answer: a stub HTTP server on 127.0.0.1 ----


class _Silent(socketserver.BaseRequestHandler):
    """Reads the request, never answers (or, with `trickle`, sends the headers and a comment line every 0.5 s)."""

    trickle = False

    def handle(self) -> None:
        self.request.recv(65536)
        stop = self.server.stop  # type: ignore[attr-defined]
        if self.trickle:
            self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n")
        while not stop.wait(0.5):
            if self.trickle:
                try:
                    self.request.sendall(b": still thinking\n\n")
                except OSError:
                    return


class _Trickle(_Silent):
    trickle = True


@contextmanager
def stub_server(handler: type[socketserver.BaseRequestHandler]) -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.stop = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.stop.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("handler", [_Silent, _Trickle], ids=["silent", "trickling"])
def test_an_endpoint_that_never_answers_gives_the_extract_at_the_deadline(settings, handler):
    """The deadline holds for the whole generation: a server that keeps the stream alive with comments (each read
    returns quickly) is cut off at the deadline just like a silent one."""
    with stub_server(handler) as url:
        endpoint = {"llm": "openai", "llm_base_url": url, "llm_model": "stub", "llm_deadline_s": SHORT_S}
        qa = PlanQA.open(settings.model_copy(update=endpoint))
        backend = qa.generator.backend
        assert isinstance(backend, OpenAICompatible) and backend.deadline == SHORT_S
        t0 = time.monotonic()
        answer = qa.ask(QUESTION)
        seconds = time.monotonic() - t0
        assert_cited_extract(answer, qa, "llm-timeout")
        assert SHORT_S - 0.5 <= seconds < SHORT_S + 30
        with pytest.raises(GeneratorTimeout, match="PLANQA_LLM_DEADLINE_S"):
            backend.complete(None, "你好", 5)


def test_warm_up_does_not_fail_the_start_when_the_model_hangs():
    with stub_server(_Silent) as url:
        LLMGenerator(OpenAICompatible(url, "stub", deadline=1)).warm_up()  # logs, does not raise


def test_a_closed_connection_mid_stream_is_a_crash_not_a_short_answer():
    """A stream that ends without `data: [DONE]` was cut off (the server died): no partial answer is returned."""

    class Cut(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            self.request.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
                b'data: {"choices":[{"delta":{"content":"\xe5\x88\xb0"}}]}\n\n'
            )
            self.request.shutdown(socket.SHUT_RDWR)

    with stub_server(Cut) as url:
        backend = OpenAICompatible(url, "stub", deadline=30)
        pieces = []
        with pytest.raises(ModelUnavailable, match="closed the stream before"):
            pieces.extend(backend.stream(None, "你好", 5))
        assert pieces == ["到"]


# ---- the web chat, through gradio's client, while the worker crashes and hangs ----


@pytest.mark.slow
def test_the_web_chat_keeps_serving_through_a_crash_and_a_hang(qa, worker):
    from gradio_client import Client

    from web.ui import build_ui

    ready(worker)
    ui = build_ui(qa)
    port = free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        with signal_after_first_piece(worker, signal.SIGSEGV) as signalled:
            reply = client.predict(QUESTION, api_name="/chat")
        assert signalled and MODEL_UNAVAILABLE_NOTE in reply
        assert "[1] 达州市“十四五”科技创新规划(2021—2025年) › 第三章 重点任务" in reply
        stopped = ready(worker)
        worker.deadline = SHORT_S
        try:
            os.kill(stopped, signal.SIGSTOP)
            reply = client.predict(QUESTION, api_name="/chat")
        finally:
            worker.deadline = GENEROUS_S
            if worker.pid == stopped:
                os.kill(stopped, signal.SIGCONT)
        assert MODEL_UNAVAILABLE_NOTE in reply and "[1] 达州市" in reply
        # still serving: a refusal, and an answer from the restarted worker
        assert client.predict("成都市高新技术企业目标是多少？", api_name="/chat").startswith("规划中未找到相关内容")
        reply = client.predict(QUESTION, api_name="/chat")
        assert MODEL_UNAVAILABLE_NOTE not in reply and "[1] 达州市" in reply
    finally:
        ui.close()
