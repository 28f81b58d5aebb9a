"""The chat protocol every generator speaks, the errors a generation can end in, and the OpenAI-compatible client.

`OpenAICompatible` posts to `{base_url}/chat/completions` with the stdlib (`http.client`), so a remote endpoint needs
no extra package; the local model is reached the same way, on a loopback port of its worker process
(`answer.llm.supervisor`). Every request has a deadline for the whole generation, streaming included: a watchdog
shuts the socket down when it passes, so neither a server that never answers nor one that trickles stops a question.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from errors import ModelUnavailable


@runtime_checkable
class ChatBackend(Protocol):
    """A chat model. `stop`: strings that end the answer early (they are not part of the returned text)."""

    id: str

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str: ...

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        """Pieces of the answer as they are generated (for first-token latency); joined they are `complete`'s."""
        ...


class GenerationFailed(ModelUnavailable):
    """A generation that did not finish: the Answerer shows the extractive answer and notes `check` in `checks`."""

    check = "llm-failed"


class GeneratorCrashed(GenerationFailed):
    """The generator process died (SIGILL, SIGSEGV, SIGKILL, out of memory) or dropped the connection mid-answer."""

    check = "llm-crashed"


class GeneratorTimeout(GenerationFailed):
    """The generation passed its deadline (PLANQA_LLM_DEADLINE_S): a hung or far too slow generator."""

    check = "llm-timeout"


class GeneratorUnavailable(GenerationFailed):
    """The local generator cannot be started right now (it failed to start; the next try is scheduled)."""

    check = "llm-unavailable"


def messages(system: str | None, user: str) -> list[dict[str, str]]:
    # The system prompt goes first and does not change between questions, so a local model reuses its KV cache.
    head = [{"role": "system", "content": system}] if system else []
    return [*head, {"role": "user", "content": user}]


_SETTINGS_HINT = "check PLANQA_LLM_BASE_URL, PLANQA_LLM_MODEL and PLANQA_LLM_API_KEY"


class _Request:
    """One POST with a deadline: `http.client` underneath, and a timer that shuts the socket down at the deadline
    (a blocked read then returns at once). `expired` tells a read error caused by the deadline from any other."""

    def __init__(self, url: str, deadline: float):
        self.parts = urllib.parse.urlsplit(url)
        self.deadline = deadline  # time.monotonic() value
        self.expired = False
        self.conn: http.client.HTTPConnection | None = None
        self.sock: socket.socket | None = None
        self._timer: threading.Timer | None = None

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def open(self, body: bytes, headers: dict[str, str]) -> http.client.HTTPResponse:
        p = self.parts
        left = self.left()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline passed before the request was sent")
        cls = http.client.HTTPSConnection if p.scheme == "https" else http.client.HTTPConnection
        self.conn = cls(p.hostname or "127.0.0.1", p.port, timeout=left)
        self._timer = threading.Timer(left, self._expire)
        self._timer.daemon = True
        self._timer.start()
        self.conn.connect()
        # kept here: for a response without a length, http.client hands the socket to the response and forgets it
        self.sock = self.conn.sock
        path = p.path + (f"?{p.query}" if p.query else "")
        self.conn.request("POST", path, body=body, headers=headers)
        return self.conn.getresponse()

    def _expire(self) -> None:
        self.expired = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self.conn is not None:
            self.conn.close()

    def check_deadline(self) -> None:
        if time.monotonic() >= self.deadline:
            self.expired = True
            raise TimeoutError("deadline passed")


class OpenAICompatible:
    """Any endpoint speaking the OpenAI chat-completions API (vLLM, Ollama, llama.cpp's server, DeepSeek, DashScope).

    `base_url` ends before `/chat/completions`, e.g. `http://127.0.0.1:8000/v1`. Sampling is greedy (temperature 0),
    `cache_prompt` asks llama.cpp's server to reuse the KV cache of the common prefix (others ignore the field).
    `deadline`: seconds for a whole generation, from the request to the last piece; past it GeneratorTimeout.
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, deadline: float = 60):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.deadline = deadline
        self.id = f"openai:{model}@{self.base_url}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _body(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str], stream: bool) -> bytes:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages(system, user),
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": stream,
            "cache_prompt": True,
        }
        if stop:
            body["stop"] = list(stop)[:4]  # the OpenAI API accepts at most four
        return json.dumps(body, ensure_ascii=False).encode("utf-8")

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _start(self, body: bytes, deadline: float | None) -> tuple[_Request, http.client.HTTPResponse]:
        request = _Request(self.url, time.monotonic() + (self.deadline if deadline is None else deadline))
        try:
            response = request.open(body, self._headers())
        except (OSError, http.client.HTTPException) as e:
            request.close()
            if request.expired or isinstance(e, TimeoutError):
                raise self._timeout(request) from e
            if isinstance(e, ConnectionRefusedError | socket.gaierror):
                raise ModelUnavailable(f"LLM endpoint {self.url} cannot be reached ({e}); {_SETTINGS_HINT}") from e
            raise GeneratorCrashed(f"LLM endpoint {self.url} dropped the connection ({e!r})") from e
        if response.status >= 400:
            detail = response.read(500).decode("utf-8", "replace").strip()
            request.close()
            raise ModelUnavailable(
                f"LLM endpoint {self.url} answered HTTP {response.status}: {detail} ({_SETTINGS_HINT})"
            )
        return request, response

    def _timeout(self, request: _Request) -> GeneratorTimeout:
        return GeneratorTimeout(
            f"LLM endpoint {self.url} did not finish within the deadline of {self.deadline:g} s (PLANQA_LLM_DEADLINE_S)"
        )

    def complete(
        self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = (), deadline: float | None = None
    ) -> str:
        request, response = self._start(self._body(system, user, max_tokens, stop, stream=False), deadline)
        try:
            payload = json.loads(response.read())
            return payload["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError) as e:
            if request.expired:
                raise self._timeout(request) from e
            raise ModelUnavailable(f"LLM endpoint {self.url} sent an unexpected answer ({e!r})") from e
        except (OSError, http.client.HTTPException) as e:
            if request.expired:
                raise self._timeout(request) from e
            raise GeneratorCrashed(f"LLM endpoint {self.url} stopped answering ({e!r})") from e
        finally:
            request.close()

    def stream(
        self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = (), deadline: float | None = None
    ) -> Iterator[str]:
        """Server-sent events: lines `data: {json chunk}`, ended by `data: [DONE]`. A stream that ends without
        `[DONE]` is a server that went away mid-answer (GeneratorCrashed), not a short answer."""
        request, response = self._start(self._body(system, user, max_tokens, stop, stream=True), deadline)
        try:
            while True:
                raw = response.readline()
                request.check_deadline()
                if not raw:
                    raise GeneratorCrashed(f"LLM endpoint {self.url} closed the stream before [DONE]")
                line = raw.decode("utf-8").strip()
                if not line.startswith("data:"):
                    continue  # blank separators, `: ping` comments, `event:` lines
                data = line[len("data:") :].strip()
                if data == "[DONE]":
                    return
                choices = json.loads(data).get("choices") or [{}]
                piece = (choices[0].get("delta") or {}).get("content")
                if piece:
                    yield piece
        except (OSError, http.client.HTTPException, GeneratorCrashed) as e:
            if request.expired:
                raise self._timeout(request) from e
            if isinstance(e, GeneratorCrashed):
                raise
            raise GeneratorCrashed(f"LLM endpoint {self.url} stopped answering ({e!r})") from e
        except ValueError as e:
            if request.expired:
                raise self._timeout(request) from e
            raise ModelUnavailable(f"LLM endpoint {self.url} sent an unexpected event ({e!r})") from e
        finally:
            request.close()
