"""Build, persist and load the search index, with a manifest that says what it was built from.

Layout under `<data dir>/index/`:
    CURRENT                 name of the live build (replaced atomically with os.replace)
    builds/<name>/          manifest.json, docs.json, chunks.jsonl, indicators.json, dense.faiss, sparse.json
Under `<data dir>/cache/vectors/`: one .npz per embedder id, vectors keyed by the hash of the searched text, so a
re-ingest embeds only chunks it has not seen.

A build is written completely into a fresh folder before CURRENT points at it: a crash mid-build leaves the old
index live and an orphan folder that the next build removes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from errors import IndexMissing, IndexStale
from index.dense import DenseIndex
from index.embed import Embedder
from index.sparse import SparseIndex
from ingest.chunk import CHUNKER_VERSION, sentence_spans
from ingest.pipeline import CATALOG, corpus_files, ingest_paths
from ingest.schema import Chunk, Corpus, DocMeta, Indicator, SkippedFile

log = logging.getLogger(__name__)
FORMAT = 2
# BM25 on sentence units: a lower k1 saturates repeated terms sooner and a lower b penalises length less, since
# units are all about one sentence long (measured: k1 0.8 / b 0.5 beat the usual 1.5 / 0.75 by one question in 28).
UNIT_K1 = 0.8
UNIT_B = 0.5


@dataclass(frozen=True, slots=True)
class Manifest:
    format: int
    chunker: str
    tokenizer: str  # hash of the BM25 user dictionary and stop words
    embedder: str
    dim: int
    inputs: tuple[str, ...]  # the corpus folders/files it was built from
    files: dict[str, str]  # path -> sha256 of the file's bytes (catalog files included)
    n_chunks: int
    built_at: str

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> Manifest:
        return cls(**{**d, "inputs": tuple(d["inputs"])})


@dataclass(slots=True)
class PlanIndex:
    manifest: Manifest
    docs: dict[str, DocMeta]
    chunks: list[Chunk]
    indicators: list[Indicator]
    dense: DenseIndex  # one vector per chunk
    sparse: SparseIndex  # one entry per sentence unit (see units_of)
    unit_owner: np.ndarray  # chunk row of each sentence unit
    skipped: list[SkippedFile] = field(default_factory=list)
    embedded: int = 0  # chunks embedded by the build that produced this object (0 when loaded)

    def mask(self, doc_ids: Sequence[str] | None) -> np.ndarray | None:
        if not doc_ids:
            return None
        wanted = set(doc_ids)
        return np.fromiter((c.doc_id in wanted for c in self.chunks), dtype=bool, count=len(self.chunks))


def units_of(chunks: Sequence[Chunk]) -> tuple[list[str], np.ndarray]:
    """Sentence units for the lexical index: heading path + one sentence (a table row: path + the row rendered).

    Scoring sentences rather than whole chunks keeps a long multi-topic chunk (a plan's 发展目标 paragraph lists
    ten targets) from winning on words spread over unrelated sentences; a chunk scores as its best sentence.
    Measured on eval/qa.jsonl (50 answerable): BM25 hit@1 0.84 on whole chunks vs 0.92 on sentence units
    (BENCHMARKS.md).
    """
    texts, owners = [], []
    for row, c in enumerate(chunks):
        path = " › ".join(c.heading_path)
        if c.kind == "table" and c.lead:
            # the row as a sentence; the header line stays out: its 2020年/2025年/目标值 would match every
            # target question and let table rows outrank the prose sentence that states the same target
            texts.append(f"{path}\n{c.lead.splitlines()[-1]}")
            owners.append(row)
            continue
        for s, e in sentence_spans(c.text):
            texts.append(f"{path}\n{c.text[s:e]}")
            owners.append(row)
    return texts, np.array(owners, dtype=np.int64)


def tokenizer_version() -> str:
    """Changes whenever the BM25 tokens would: the user dictionary and stop word files."""
    h = hashlib.sha256()
    for name in ("plan_terms.txt", "stopwords.txt"):
        h.update((Path(__file__).with_name(name)).read_bytes())
    return h.hexdigest()[:16]


def fingerprint(inputs: Sequence[Path]) -> dict[str, str]:
    """sha256 of every file that ingestion would read, and of catalog files, keyed by path."""
    files, _ = corpus_files(inputs)
    catalogs = {(p if p.is_dir() else p.parent) / CATALOG for p in inputs}
    out = {}
    for f in sorted({*files, *(c for c in catalogs if c.exists())}):
        out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def _vector_cache(data_dir: Path, embedder: Embedder) -> Path:
    slug = hashlib.sha1(embedder.id.encode("utf-8")).hexdigest()[:16]
    return data_dir / "cache" / "vectors" / f"{slug}.npz"


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha1(chunk.search_text().encode("utf-8")).hexdigest()


def embed_with_cache(chunks: list[Chunk], embedder: Embedder, data_dir: Path) -> tuple[np.ndarray, int]:
    """Vectors for the chunks, embedding only those whose searched text is not cached. -> (vectors, embedded)."""
    path = _vector_cache(data_dir, embedder)
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        try:
            with np.load(path) as z:
                cache = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as e:
            log.warning("vector cache %s unreadable (%s); re-embedding", path, e)
    keys = [_text_key(c) for c in chunks]
    missing = sorted({k: c for k, c in zip(keys, chunks, strict=True) if k not in cache}.items())
    if missing:
        vecs = embedder.embed_documents([c.search_text() for _, c in missing])
        cache.update({k: v for (k, _), v in zip(missing, vecs, strict=True)})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}.npz")
        all_keys = sorted(cache)
        np.savez(tmp, keys=np.array(all_keys), vectors=np.stack([cache[k] for k in all_keys]).astype(np.float32))
        os.replace(tmp, path)
    vectors = np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, embedder.dim), np.float32)
    return vectors, len(missing)


def build_index(
    inputs: Sequence[Path], embedder: Embedder, data_dir: Path, min_chars: int = 150, max_chars: int = 450
) -> PlanIndex:
    """Ingest `inputs`, embed (with the cache), write a new build and make it current."""
    inputs = [Path(p) for p in inputs]
    corpus: Corpus = ingest_paths(inputs, min_chars, max_chars)
    chunks = corpus.chunks
    vectors, embedded = embed_with_cache(chunks, embedder, data_dir)
    dense = DenseIndex(embedder.dim)
    dense.add(vectors)
    unit_texts, unit_owner = units_of(chunks)
    sparse = SparseIndex(k1=UNIT_K1, b=UNIT_B)
    sparse.fit(unit_texts)
    manifest = Manifest(
        format=FORMAT,
        chunker=CHUNKER_VERSION,
        tokenizer=tokenizer_version(),
        embedder=embedder.id,
        dim=embedder.dim,
        inputs=tuple(str(p) for p in inputs),
        files=fingerprint(inputs),
        n_chunks=len(chunks),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )
    docs = {d.meta.doc_id: d.meta for d in corpus.documents}
    index = PlanIndex(manifest, docs, chunks, corpus.indicators, dense, sparse, unit_owner, corpus.skipped, embedded)
    _write(index, data_dir / "index")
    return index


def _write(index: PlanIndex, root: Path) -> None:
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = builds / f".{name}.partial"
    tmp.mkdir()
    (tmp / "docs.json").write_text(
        json.dumps([dataclasses.asdict(m) for m in index.docs.values()], ensure_ascii=False), encoding="utf-8"
    )
    with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
        for c in index.chunks:
            f.write(json.dumps(dataclasses.asdict(c), ensure_ascii=False) + "\n")
    (tmp / "indicators.json").write_text(
        json.dumps([dataclasses.asdict(i) for i in index.indicators], ensure_ascii=False), encoding="utf-8"
    )
    index.dense.save(tmp / "dense.faiss")
    (tmp / "sparse.json").write_text(json.dumps(index.sparse.to_state(), ensure_ascii=False), encoding="utf-8")
    (tmp / "units.json").write_text(json.dumps(index.unit_owner.tolist()), encoding="utf-8")
    # the manifest is written last: a folder without one is never loaded
    (tmp / "manifest.json").write_text(json.dumps(index.manifest.to_json(), ensure_ascii=False, indent=1), "utf-8")
    final = builds / name
    os.replace(tmp, final)
    pointer = root / f".CURRENT.tmp-{os.getpid()}"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, root / "CURRENT")
    for old in builds.iterdir():
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)


def _current(root: Path) -> Path:
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissing(f"no index in {root}: run `python app.py ingest` first") from None
    build = root / "builds" / name
    if not (build / "manifest.json").exists():
        raise IndexMissing(f"index {build} is incomplete: run `python app.py ingest` to rebuild it")
    return build


def read_manifest(data_dir: Path) -> Manifest:
    return Manifest.from_json(json.loads((_current(data_dir / "index") / "manifest.json").read_text("utf-8")))


def check_fresh(manifest: Manifest, inputs: Sequence[Path], embedder: Embedder) -> None:
    """Raise IndexStale saying why, when the stored index no longer matches corpus, chunker or embedder."""
    if manifest.format != FORMAT:
        raise IndexStale(f"index format {manifest.format} is not {FORMAT}")
    if manifest.chunker != CHUNKER_VERSION:
        raise IndexStale(f"index was chunked by {manifest.chunker}, the code now uses {CHUNKER_VERSION}")
    if manifest.tokenizer != tokenizer_version():
        raise IndexStale("the BM25 user dictionary or stop words changed since the index was built")
    if manifest.embedder != embedder.id:
        raise IndexStale(f"index was embedded with {manifest.embedder}, the settings ask for {embedder.id}")
    missing = {str(p) for p in inputs} - set(manifest.inputs)
    if missing:
        raise IndexStale(f"corpus {sorted(missing)} is not in the index")
    now = fingerprint([Path(p) for p in manifest.inputs])
    if now != manifest.files:
        changed = sorted(set(now.items()) ^ set(manifest.files.items()))
        raise IndexStale(f"corpus changed since the index was built: {sorted({p for p, _ in changed})[:5]}")


def load_index(data_dir: Path, inputs: Sequence[Path], embedder: Embedder) -> PlanIndex:
    """Load the current build; IndexMissing / IndexStale when there is none or it does not match."""
    build = _current(data_dir / "index")
    try:
        manifest = Manifest.from_json(json.loads((build / "manifest.json").read_text("utf-8")))
    except (TypeError, KeyError, json.JSONDecodeError) as e:
        raise IndexStale(f"manifest of {build} is not readable by this version ({e})") from e
    check_fresh(manifest, inputs, embedder)
    docs = {d["doc_id"]: DocMeta(**{**d, "aliases": tuple(d["aliases"])}) for d in _json(build / "docs.json")}
    chunks = []
    with (build / "chunks.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            chunks.append(Chunk(**{**d, "heading_path": tuple(d["heading_path"])}))
    indicators = [
        Indicator(**{**d, "heading_path": tuple(d["heading_path"])}) for d in _json(build / "indicators.json")
    ]
    dense = DenseIndex.load(build / "dense.faiss")
    try:
        sparse = SparseIndex.from_state(_json(build / "sparse.json"))  # k1, b come from the state
    except ValueError as e:
        raise IndexStale(f"BM25 state in {build} is not readable by this version ({e})") from e
    unit_owner = np.array(_json(build / "units.json"), dtype=np.int64)
    if len(chunks) != manifest.n_chunks or len(dense) != len(chunks) or len(sparse) != len(unit_owner):
        raise IndexStale(f"index {build} is inconsistent ({len(chunks)} chunks, {len(dense)} vectors)")
    return PlanIndex(manifest, docs, chunks, indicators, dense, sparse, unit_owner)


def open_index(data_dir: Path, inputs: Sequence[Path], embedder: Embedder, **chunking) -> PlanIndex:
    """Load the index, or (re)build it when it is missing or stale, saying why on the log."""
    try:
        return load_index(data_dir, inputs, embedder)
    except (IndexMissing, IndexStale) as e:
        log.warning("%s — building the index", e)
        return build_index(inputs, embedder, data_dir, **chunking)


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
