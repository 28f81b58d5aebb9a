"""LLM backends behind one small protocol: the local GGUF model in its own worker process, or any OpenAI-compatible
endpoint.

- `models`: the model files (part wheels assembled into one GGUF, size and sha256 checked);
- `backends`: the `ChatBackend` protocol, the errors a generation ends in, the OpenAI-compatible client (deadline);
- `worker`: the process that runs the native runtime (xllamacpp: llama.cpp's server) on a loopback port;
- `supervisor`: `LocalWorker`, which starts, health-checks, and restarts that process.

Nothing here loads a model at import time, and the PlanQA process never imports the native runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from answer.llm.backends import (
    ChatBackend,
    GenerationFailed,
    GeneratorCrashed,
    GeneratorTimeout,
    GeneratorUnavailable,
    OpenAICompatible,
)
from answer.llm.models import (
    DEFAULT_MODEL,
    MODELS,
    QWEN_0_5B,
    QWEN_1_5B,
    ModelSpec,
    assemble_model,
    file_sha256,
)
from answer.llm.supervisor import LocalWorker, runtime_system_info
from errors import ModelUnavailable

if TYPE_CHECKING:
    from config import Settings

LLM_INSTALL = "pip install -r requirements-llm.txt"

__all__ = [
    "DEFAULT_MODEL",
    "LLM_INSTALL",
    "MODELS",
    "QWEN_0_5B",
    "QWEN_1_5B",
    "ChatBackend",
    "GenerationFailed",
    "GeneratorCrashed",
    "GeneratorTimeout",
    "GeneratorUnavailable",
    "LocalWorker",
    "ModelSpec",
    "OpenAICompatible",
    "assemble_model",
    "file_sha256",
    "make_backend",
    "runtime_missing",
    "runtime_system_info",
]


def runtime_missing() -> str | None:
    """Why the local runtime cannot run here (None when it can): xllamacpp is not installed. Not imported here."""
    import importlib.util

    if importlib.util.find_spec("xllamacpp") is None:
        return f"the local LLM runtime xllamacpp is not installed (install it with: {LLM_INSTALL})"
    return None


def make_backend(settings: Settings) -> ChatBackend | None:
    """The backend `settings.llm` names, or None for `none` (extractive answers).

    `local`: `settings.llm_model` names one of MODELS (default: the 1.5B model); the file is assembled and verified
    now, so a missing part fails at start-up, while the worker process starts on the first question (or warm-up).
    `openai`: needs `llm_base_url` and `llm_model`. Both get `llm_deadline_s` as the deadline of a generation.
    """
    if settings.llm == "none":
        return None
    if settings.llm == "local":
        name = settings.llm_model or DEFAULT_MODEL
        spec = MODELS.get(name)
        if spec is None:
            raise ModelUnavailable(f"unknown local model {name!r} (PLANQA_LLM_MODEL); known: {', '.join(MODELS)}")
        missing = runtime_missing()
        if missing:
            raise ModelUnavailable(missing)
        path = assemble_model(spec, settings.data_dir)
        return LocalWorker(
            path, threads=settings.llm_threads, deadline=settings.llm_deadline_s, log_dir=settings.data_dir / "logs"
        )
    if not settings.llm_base_url or not settings.llm_model:
        raise ModelUnavailable(
            "llm=openai needs PLANQA_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1) and PLANQA_LLM_MODEL"
        )
    return OpenAICompatible(
        settings.llm_base_url, settings.llm_model, settings.llm_api_key, deadline=settings.llm_deadline_s
    )
