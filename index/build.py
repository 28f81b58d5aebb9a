"""Build, persist and load an index: corpus → chunks, vectors and units → a build folder made current atomically.

Layout under `<data dir>/index/`:
    CURRENT                 name of the live build (replaced atomically with os.replace)
    builds/<name>/          manifest.json (written last, with every other file's sha256), docs.json, chunks.jsonl,
                            indicators.json, sections.json, texts.json, terms.json, and the local store's files
A build is written completely into a fresh folder before CURRENT points at it: a crash mid-build leaves the old
index live and an orphan folder that the next build removes. On load every file is checked against the manifest's
sha256, so a truncated or corrupted file makes the index stale (rebuilt) rather than served.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from errors import IndexMissing, IndexStale
from index.embed import Embedder
from index.local_store import LocalStore
from index.manifest import FORMAT, BuildSpec, Manifest, build_spec, check_fresh, file_sha256, fingerprint
from index.sparse import TermStats
from index.store import PlanIndex, units_of
from index.vector_cache import embed_with_cache
from ingest.pipeline import ingest_paths
from ingest.schema import Chunk, Corpus, DocMeta, Indicator, Section

log = logging.getLogger(__name__)


def build_index(
    inputs: Sequence[Path], embedder: Embedder, data_dir: Path, min_chars: int = 150, max_chars: int = 450
) -> PlanIndex:
    """Ingest `inputs`, embed (with the cache), write a new build and make it current."""
    inputs = [Path(p) for p in inputs]
    corpus: Corpus = ingest_paths(inputs, min_chars, max_chars)
    chunks = corpus.chunks
    vectors, embedded = embed_with_cache(chunks, embedder, data_dir)
    units = units_of(chunks)
    store = LocalStore.build([c.id for c in chunks], vectors, units)
    unit_bm25 = store.sparse
    spec = build_spec(embedder.id, embedder.dim, min_chars, max_chars)
    index = PlanIndex(
        manifest=_manifest(spec, inputs, len(chunks)),
        docs={d.meta.doc_id: d.meta for d in corpus.documents},
        chunks=chunks,
        indicators=corpus.indicators,
        sections={d.meta.doc_id: d.sections for d in corpus.documents},
        texts={d.meta.doc_id: d.cleaned for d in corpus.documents},
        terms=TermStats.of(unit_bm25),
        store=store,
        skipped=corpus.skipped,
        embedded=embedded,
    )
    index.manifest = _write(index, data_dir / "index")
    return index


def _manifest(spec: BuildSpec, inputs: Sequence[Path], n_chunks: int, artifacts: dict | None = None) -> Manifest:
    return Manifest(
        format=FORMAT,
        spec=spec,
        inputs=tuple(str(p) for p in inputs),
        files=fingerprint(inputs),
        artifacts=artifacts or {},
        n_chunks=n_chunks,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )


def _dump(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _write(index: PlanIndex, root: Path) -> Manifest:
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = builds / f".{name}.partial"
    tmp.mkdir()
    _dump(tmp / "docs.json", [dataclasses.asdict(m) for m in index.docs.values()])
    with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
        for c in index.chunks:
            f.write(json.dumps(dataclasses.asdict(c), ensure_ascii=False) + "\n")
    _dump(tmp / "indicators.json", [dataclasses.asdict(i) for i in index.indicators])
    _dump(tmp / "sections.json", {d: [dataclasses.asdict(s) for s in ss] for d, ss in index.sections.items()})
    _dump(tmp / "texts.json", index.texts)
    _dump(tmp / "terms.json", index.terms.to_state())
    if isinstance(index.store, LocalStore):
        index.store.save(tmp)
    artifacts = {p.name: file_sha256(p) for p in sorted(tmp.iterdir())}
    manifest = dataclasses.replace(index.manifest, artifacts=artifacts)
    # the manifest is written last: a folder without one is never loaded
    (tmp / "manifest.json").write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=1), "utf-8")
    for p in tmp.iterdir():  # on disk before the rename makes the build visible
        with open(p, "rb") as f:
            os.fsync(f.fileno())
    final = builds / name
    os.replace(tmp, final)
    pointer = root / f".CURRENT.tmp-{os.getpid()}"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, root / "CURRENT")
    for old in builds.iterdir():
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return manifest


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
    build = _current(data_dir / "index")
    try:
        return Manifest.from_json(json.loads((build / "manifest.json").read_text("utf-8")))
    except (TypeError, KeyError, ValueError) as e:
        raise IndexStale(f"manifest of {build} is not readable by this version ({e})") from e


def _verify_artifacts(build: Path, manifest: Manifest) -> None:
    for name, sha in manifest.artifacts.items():
        path = build / name
        if not path.exists():
            raise IndexStale(f"index file {path} is missing")
        if file_sha256(path) != sha:
            raise IndexStale(f"index file {path} is corrupted (its sha256 differs from the manifest)")
    expected = {"docs.json", "chunks.jsonl", "indicators.json", "sections.json", "texts.json", "terms.json"}
    missing = expected - set(manifest.artifacts)
    if missing:
        raise IndexStale(f"index {build} lacks {sorted(missing)}")


def load_index(
    data_dir: Path, inputs: Sequence[Path], embedder: Embedder, min_chars: int = 150, max_chars: int = 450
) -> PlanIndex:
    """Load the current build; IndexMissing / IndexStale when there is none or it does not match."""
    manifest = read_manifest(data_dir)
    build = _current(data_dir / "index")
    check_fresh(manifest, inputs, build_spec(embedder.id, embedder.dim, min_chars, max_chars))
    _verify_artifacts(build, manifest)
    try:
        docs = {d["doc_id"]: DocMeta(**{**d, "aliases": tuple(d["aliases"])}) for d in _json(build / "docs.json")}
        chunks = []
        with (build / "chunks.jsonl").open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                chunks.append(Chunk(**{**d, "heading_path": tuple(d["heading_path"])}))
        indicators = [
            Indicator(**{**d, "heading_path": tuple(d["heading_path"])}) for d in _json(build / "indicators.json")
        ]
        sections = {
            doc: tuple(Section(**{**s, "path": tuple(s["path"])}) for s in ss)
            for doc, ss in _json(build / "sections.json").items()
        }
        texts = _json(build / "texts.json")
        terms = TermStats.from_state(_json(build / "terms.json"))
        store = LocalStore.load(build)
    except (TypeError, KeyError, ValueError, RuntimeError) as e:
        raise IndexStale(f"index {build} is not readable by this version ({e})") from e
    if len(chunks) != manifest.n_chunks or store.chunk_ids != [c.id for c in chunks]:
        raise IndexStale(f"index {build} is inconsistent ({len(chunks)} chunks, {len(store.chunk_ids)} in the store)")
    return PlanIndex(manifest, docs, chunks, indicators, sections, texts, terms, store)


def open_index(
    data_dir: Path, inputs: Sequence[Path], embedder: Embedder, min_chars: int = 150, max_chars: int = 450
) -> PlanIndex:
    """Load the index, or (re)build it when it is missing, stale or corrupted, saying why on the log."""
    try:
        return load_index(data_dir, inputs, embedder, min_chars, max_chars)
    except (IndexMissing, IndexStale) as e:
        log.warning("%s — building the index", e)
        return build_index(inputs, embedder, data_dir, min_chars, max_chars)


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
