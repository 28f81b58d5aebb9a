"""The local LLM's own process: llama.cpp's OpenAI-compatible server (xllamacpp) on a loopback port.

    python -m answer.llm.worker --model PATH [--threads N] [--port P] [--ctx N] [--alias NAME]
    python -m answer.llm.worker --system-info      # the runtime's build: CPU features compiled in, as JSON

PlanQA starts it (answer/llm/supervisor.py) and talks to it over HTTP, so a native crash of the runtime (SIGILL,
SIGSEGV), a hang or an out-of-memory kill ends this process, never PlanQA's. It binds 127.0.0.1 only, on port P
(0: a free port the OS picks), with one slot: the KV cache of the previous request stays, so the fixed system
prompt is evaluated once (`cache_prompt`). When the model is loaded it writes one line to its stdout,
`{"ready": true, "url": ..., "pid": ...}`, and from then on its native logs go to stderr only. It exits when its
stdin closes (PlanQA exited or closed it) or on SIGTERM.

Nothing else here imports xllamacpp: the PlanQA process never loads the native runtime.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import sys
from typing import Any, NoReturn

READY = "ready"


def system_info() -> dict[str, Any]:
    """The runtime's own report of its build: `{"features": {"AVX2": 1, ...}, "raw": ..., "version": ...}`."""
    import xllamacpp as xlc

    raw = xlc.get_system_info()
    features = {k: int(v) for k, v in re.findall(r"([A-Z0-9_]+) = (\d+)", raw)}
    return {"version": xlc.__version__, "raw": raw.strip(), "features": features, "build": dict(xlc.BUILD_INFO)}


def serve(model: str, threads: int, port: int, n_ctx: int, alias: str | None) -> NoReturn:
    import xllamacpp as xlc

    # a native crash must not write a core file of the model's size (the default where core dumps are enabled)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    params = xlc.CommonParams()
    params.model.path = model
    params.n_ctx = n_ctx
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.n_parallel = 1  # one slot: its KV cache keeps the previous prompt, whose prefix the next one reuses
    params.cache_prompt = True
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.sampling.temp = 0.0
    if alias:
        params.model_alias = {alias}
    ready_fd = os.dup(1)
    os.dup2(2, 1)  # native code that prints to stdout must not fill a pipe nobody reads after the ready line
    server = xlc.Server(params)
    with os.fdopen(ready_fd, "w") as ready:
        ready.write(json.dumps({READY: True, "url": server.listening_address, "pid": os.getpid()}) + "\n")
    # Exit at once, without the server's orderly shutdown (which waits for the generation in progress): nothing
    # here needs saving, and PlanQA may be waiting for the port or the memory.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        while sys.stdin.buffer.read(1 << 12):  # returns b"" when the parent closes the pipe or exits
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m answer.llm.worker", description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="GGUF file")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="loopback port; 0 = a free port the OS picks")
    parser.add_argument("--ctx", type=int, default=4096, help="context window (tokens)")
    parser.add_argument("--alias", help="model name the server reports")
    parser.add_argument("--system-info", action="store_true", help="print the runtime's build info as JSON")
    args = parser.parse_args(argv)
    if args.system_info:
        print(json.dumps(system_info()))
        return 0
    if not args.model:
        parser.error("--model is required")
    return serve(args.model, args.threads, args.port, args.ctx, args.alias)


if __name__ == "__main__":
    sys.exit(main())
