"""Build, persist and load an index: corpus → chunks, vectors and units → a build folder made current atomically.

Layout under `<data dir>/index/`:
    CURRENT                 name of the live build (replaced atomically with os.replace)
    builds/<name>/          manifest.json (written last, with every other file's sha256), docs.json, chunks.jsonl,
                            indicators.json, sections.json, texts.json, terms.json, and the store's files: the local
                            store's index files, or for `milvus` milvus.json (collection and plan versions searched)
A build is written completely into a fresh folder before CURRENT points at it: a crash mid-build leaves the old
index live and an orphan folder that the next build removes. On load every file is checked against the manifest's
sha256, so a truncated or corrupted file makes the index stale (rebuilt) rather than served. A build that cannot be
written (disk full) fails with IndexWriteFailed and removes its folder; one that would replace a live index with an
empty one (every file unreadable) is refused. Both leave the live index as it was.

The search side lives where `StoreConfig` says: `local` (FAISS and BM25 files in the build folder) or `milvus`
(collections in Milvus, synced incrementally: index/milvus_store.py); the build folder is written for both.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
import os
import shutil
import signal
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from errors import IndexMissing, IndexStale, IndexWriteFailed
from index.bilingual import place_english_names
from index.embed import Embedder
from index.local_store import LocalStore
from index.manifest import FORMAT, BuildSpec, Manifest, build_spec, check_fresh, file_sha256, fingerprint
from index.sparse import TermStats, jieba_tokenize
from index.store import PlanIndex, units_of
from index.vector_cache import VectorCache
from ingest.pipeline import IngestLimits, ingest_paths
from ingest.schema import Chunk, Corpus, DocMeta, Indicator, Section, TableRow
from plantext import region_parts

if TYPE_CHECKING:
    from pydantic import SecretStr

log = logging.getLogger(__name__)
# Test hook (tests/test_reliability_faults.py): `PLANQA_TEST_CRASH_AT=<stage>` kills the building process with
# SIGKILL at that point, as a power cut or the OOM killer would. Stages in order: embedded, mid-write (half of
# chunks.jsonl written), artifacts (all but the manifest), manifest (the folder still .partial), renamed (CURRENT
# not yet switched), switched (old builds not yet removed). Unset in normal use.
CRASH_ENV = "PLANQA_TEST_CRASH_AT"


def with_english_names(meta: DocMeta) -> DocMeta:
    """A document found without a catalog entry also answers to its place's English names (包头市 -> Baotou, 阿坝州
    -> Aba, Ngawa), so that an English question names it as `Dazhou` names the 达州 plan. The catalog's own aliases
    are the staff's choice and stay as they are."""
    parts = region_parts(meta.region)
    if not meta.inferred or not parts:
        return meta
    new = tuple(n for n in place_english_names(parts[-1]) if n not in meta.aliases)
    return dataclasses.replace(meta, aliases=meta.aliases + new) if new else meta


def _crash_point(stage: str) -> None:
    if os.environ.get(CRASH_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Which store holds the search side: `local` (the default) or a Milvus collection (`uri` a .db path for
    milvus-lite, or http://host:19530)."""

    kind: Literal["local", "milvus"] = "local"
    uri: str = ""
    collection: str = "planqa"
    # credentials for a Milvus server (PLANQA_MILVUS_TOKEN); not part of `spec`: changing them does not stale a build
    token: SecretStr | None = field(default=None, repr=False, compare=False)

    @property
    def spec(self) -> str:
        """As recorded in the manifest (BuildSpec.store): a build is stale when another store is asked for."""
        return "local" if self.kind == "local" else f"milvus:{self.uri}#{self.collection}"

    @classmethod
    def from_settings(cls, settings) -> StoreConfig:
        """From config.Settings: `store`, `milvus_uri` (default `<data dir>/milvus/planqa.db`), `milvus_collection`."""
        if settings.store == "local":
            return cls()
        uri = settings.milvus_uri or str(settings.data_dir / "milvus" / "planqa.db")
        if not uri.startswith(("http://", "https://", "tcp://", "unix:")):
            uri = str(Path(uri).expanduser().resolve())
        return cls("milvus", uri, settings.milvus_collection, settings.milvus_token)


def _milvus(store: StoreConfig, embedder: Embedder):
    from index.milvus_store import MilvusStore  # pymilvus loads only when Milvus is asked for

    return MilvusStore(store.uri, store.collection, embedder.dim, embedder.id, store.token)


def _term_stats(tokens: Sequence[Sequence[str]]) -> TermStats:
    """Document frequencies of the units' BM25 tokens, as the local store's SparseIndex counts them."""
    df: Counter[str] = Counter()
    for unit_tokens in tokens:
        df.update(set(unit_tokens))
    return TermStats(df, len(tokens))


def build_index(
    inputs: Sequence[Path],
    embedder: Embedder,
    data_dir: Path,
    min_chars: int = 150,
    max_chars: int = 450,
    store: StoreConfig | None = None,
    limits: IngestLimits | None = None,
) -> PlanIndex:
    """Ingest `inputs`, embed (with the cache), fill the store, write a new build and make it current.

    With a Milvus store only the plans that changed since Milvus last saw them are embedded and written."""
    store = store or StoreConfig()
    inputs = [Path(p) for p in inputs]
    corpus: Corpus = ingest_paths(inputs, min_chars, max_chars, limits or IngestLimits())
    _refuse_empty(corpus, data_dir / "index")
    try:
        return _build(corpus, inputs, embedder, data_dir, min_chars, max_chars, store)
    except OSError as e:
        raise _write_failed(e, data_dir) from e


def _build(
    corpus: Corpus,
    inputs: list[Path],
    embedder: Embedder,
    data_dir: Path,
    min_chars: int,
    max_chars: int,
    store: StoreConfig,
) -> PlanIndex:
    chunks = corpus.chunks
    units = units_of(chunks)
    cache = VectorCache(embedder, data_dir)  # read once for the whole build
    if store.kind == "milvus":
        search = _milvus(store, embedder)
        tokens = [jieba_tokenize(u.text) for u in units]  # once: for the term statistics and for Milvus

        def embed_round(cs: list[Chunk]):
            # saved after every round of plans Milvus syncs: an interrupted cold ingest resumes from the cache
            out = cache.embed_chunks(cs)
            cache.save()
            return out

        report = search.sync(chunks, units, embed_round, tokens)
        embedded, terms = report.embedded, _term_stats(tokens)
    else:
        vectors, embedded = cache.embed_chunks(chunks)
        search = LocalStore.build([c.id for c in chunks], vectors, units)
        terms = TermStats.of(search.sparse)
    # the sentence units' vectors, for evidence selection (answer/evidence.py); cached like the chunks' vectors
    sentence_vectors, _ = cache.embed([u.text for u in units])
    cache.save()
    spec = build_spec(embedder.id, embedder.dim, min_chars, max_chars, store.spec)
    index = PlanIndex(
        manifest=_manifest(spec, inputs, len(chunks)),
        docs={d.meta.doc_id: with_english_names(d.meta) for d in corpus.documents},
        chunks=chunks,
        indicators=corpus.indicators,
        sections={d.meta.doc_id: d.sections for d in corpus.documents},
        texts={d.meta.doc_id: d.cleaned for d in corpus.documents},
        terms=terms,
        store=search,
        skipped=corpus.skipped,
        embedded=embedded,
        unit_vectors=sentence_vectors.astype(np.float16),
    )
    _crash_point("embedded")
    index.manifest = _write(index, data_dir / "index")
    return index


def _refuse_empty(corpus: Corpus, root: Path) -> None:
    """An ingest where no file could be read must not replace a live index that answers questions."""
    if corpus.documents or not (root / "CURRENT").exists():
        return
    why = "; ".join(f"{s.path.name}: {s.reason}" for s in corpus.skipped[:5]) or "no plan files in the inputs"
    raise IndexWriteFailed(f"no document could be ingested ({why}); the previous index stays live")


def _write_failed(e: OSError, data_dir: Path) -> IndexWriteFailed:
    hint = " Free disk space there and ingest again." if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else ""
    where = f" ({e.filename})" if e.filename else ""
    return IndexWriteFailed(
        f"the new index could not be written under {data_dir}: {e.strerror or e}{where}; the previous index stays "
        f"live.{hint}"
    )


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
    try:
        return _write_build(index, root, name, tmp)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a half-written folder would only take up the space that ran out
        raise


def _write_build(index: PlanIndex, root: Path, name: str, tmp: Path) -> Manifest:
    builds = tmp.parent
    _dump(tmp / "docs.json", [dataclasses.asdict(m) for m in index.docs.values()])
    with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
        for i, c in enumerate(index.chunks):
            if i == len(index.chunks) // 2:
                f.flush()
                _crash_point("mid-write")
            f.write(json.dumps(dataclasses.asdict(c), ensure_ascii=False) + "\n")
    _dump(tmp / "indicators.json", [dataclasses.asdict(i) for i in index.indicators])
    _dump(tmp / "sections.json", {d: [dataclasses.asdict(s) for s in ss] for d, ss in index.sections.items()})
    _dump(tmp / "texts.json", index.texts)
    _dump(tmp / "terms.json", index.terms.to_state())
    if index.unit_vectors is not None:
        np.save(tmp / "sentences.npy", index.unit_vectors, allow_pickle=False)
    index.store.save(tmp)  # LocalStore: its index files; MilvusStore: which collection and plan versions
    _crash_point("artifacts")
    artifacts = {p.name: file_sha256(p) for p in sorted(tmp.iterdir())}
    manifest = dataclasses.replace(index.manifest, artifacts=artifacts)
    # the manifest is written last: a folder without one is never loaded
    (tmp / "manifest.json").write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=1), "utf-8")
    for p in tmp.iterdir():  # on disk before the rename makes the build visible
        with open(p, "rb") as f:
            os.fsync(f.fileno())
    _crash_point("manifest")
    final = builds / name
    os.replace(tmp, final)
    _crash_point("renamed")
    pointer = root / f".CURRENT.tmp-{os.getpid()}"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, root / "CURRENT")
    _crash_point("switched")
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
    expected = {
        "docs.json",
        "chunks.jsonl",
        "indicators.json",
        "sections.json",
        "texts.json",
        "terms.json",
        "sentences.npy",
    }
    missing = expected - set(manifest.artifacts)
    if missing:
        raise IndexStale(f"index {build} lacks {sorted(missing)}")


def load_index(
    data_dir: Path,
    inputs: Sequence[Path],
    embedder: Embedder,
    min_chars: int = 150,
    max_chars: int = 450,
    store: StoreConfig | None = None,
) -> PlanIndex:
    """Load the current build; IndexMissing / IndexStale when there is none or it does not match."""
    store = store or StoreConfig()
    manifest = read_manifest(data_dir)
    build = _current(data_dir / "index")
    check_fresh(manifest, inputs, build_spec(embedder.id, embedder.dim, min_chars, max_chars, store.spec))
    _verify_artifacts(build, manifest)
    try:
        docs = {d["doc_id"]: DocMeta(**{**d, "aliases": tuple(d["aliases"])}) for d in _json(build / "docs.json")}
        chunks = []
        with (build / "chunks.jsonl").open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                chunks.append(_chunk(d))
        indicators = [
            Indicator(**{**d, "heading_path": tuple(d["heading_path"])}) for d in _json(build / "indicators.json")
        ]
        sections = {
            doc: tuple(Section(**{**s, "path": tuple(s["path"])}) for s in ss)
            for doc, ss in _json(build / "sections.json").items()
        }
        texts = _json(build / "texts.json")
        terms = TermStats.from_state(_json(build / "terms.json"))
        sentence_vectors = np.load(build / "sentences.npy", allow_pickle=False)
        if store.kind == "milvus":
            from index.milvus_store import MilvusStore

            search = MilvusStore.load(
                build, store.uri, store.collection, embedder.dim, embedder.id, [c.id for c in chunks], store.token
            )
        else:
            search = LocalStore.load(build)
    except (TypeError, KeyError, ValueError, RuntimeError, FileNotFoundError) as e:
        raise IndexStale(f"index {build} is not readable by this version ({e})") from e
    if len(chunks) != manifest.n_chunks or (
        isinstance(search, LocalStore) and search.chunk_ids != [c.id for c in chunks]
    ):
        raise IndexStale(f"index {build} is inconsistent with its store ({len(chunks)} chunks)")
    try:
        return PlanIndex(
            manifest, docs, chunks, indicators, sections, texts, terms, search, unit_vectors=sentence_vectors
        )
    except ValueError as e:
        raise IndexStale(f"index {build} is inconsistent: {e}") from e


def open_index(
    data_dir: Path,
    inputs: Sequence[Path],
    embedder: Embedder,
    min_chars: int = 150,
    max_chars: int = 450,
    store: StoreConfig | None = None,
    limits: IngestLimits | None = None,
) -> PlanIndex:
    """Load the index, or (re)build it when it is missing, stale or corrupted, saying why on the log."""
    try:
        return load_index(data_dir, inputs, embedder, min_chars, max_chars, store)
    except (IndexMissing, IndexStale) as e:
        log.warning("%s — building the index", e)
        return build_index(inputs, embedder, data_dir, min_chars, max_chars, store, limits)


def _chunk(d: dict) -> Chunk:
    """A chunk from its chunks.jsonl line: JSON lists back to tuples, a table row back to typed cells."""
    row = d.get("row")
    if row is not None:
        row = TableRow(**{**row, "header": tuple(row["header"]), "values": tuple((y, v) for y, v in row["values"])})
    return Chunk(**{**d, "heading_path": tuple(d["heading_path"]), "row": row})


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
