"""What an index was built from, and whether it still matches: the manifest written last into every build.

Everything that changes what is built is recorded: the index format, the chunker version and chunk sizes, the BM25
tokenizer files, the embedder, the corpus files' sha256 and the store. Every artifact file of the build is
recorded with its sha256 too, so a truncated or corrupted file is detected on load instead of served.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from errors import IndexStale
from ingest.chunk import CHUNKER_VERSION
from ingest.pipeline import CATALOG, corpus_files

# 3: sections and cleaned texts persisted, chunk sizes and artifact checksums in the manifest; 4: table rows as typed
# cells (`Chunk.row`) instead of a rendered lead string; 5: sentence-unit vectors (sentences.npy); 6: documents
# without a catalog entry carry their place's English names among their aliases (docs.json); 7: a title naming one
# year gives an inferred document its period (包头市2022年… -> 2022)
FORMAT = 7


@dataclass(frozen=True, slots=True)
class BuildSpec:
    """The settings a build depends on. Two builds with equal specs over equal files are the same index."""

    chunker: str
    min_chars: int
    max_chars: int
    tokenizer: str  # hash of the BM25 user dictionary and stop words
    embedder: str
    dim: int
    store: str  # "local" or "milvus:<uri>#<collection>"

    def differences(self, other: BuildSpec) -> list[str]:
        """Human-readable reasons why `other` (what the settings ask for now) differs from this (what was built)."""
        out = []
        for f in dataclasses.fields(self):
            built, wanted = getattr(self, f.name), getattr(other, f.name)
            if built != wanted:
                out.append(f"{f.name}: built with {built!r}, the settings ask for {wanted!r}")
        return out


@dataclass(frozen=True, slots=True)
class Manifest:
    format: int
    spec: BuildSpec
    inputs: tuple[str, ...]  # the corpus folders/files it was built from
    files: dict[str, str]  # corpus path -> sha256 of the file's bytes (catalog files included)
    artifacts: dict[str, str]  # build file name -> sha256, checked on load
    n_chunks: int
    built_at: str

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> Manifest:
        return cls(**{**d, "spec": BuildSpec(**d["spec"]), "inputs": tuple(d["inputs"])})


def tokenizer_version() -> str:
    """Changes whenever the BM25 tokens would: the user dictionary and stop word files."""
    h = hashlib.sha256()
    for name in ("plan_terms.txt", "stopwords.txt"):
        h.update((Path(__file__).with_name(name)).read_bytes())
    return h.hexdigest()[:16]


def build_spec(embedder_id: str, dim: int, min_chars: int, max_chars: int, store: str = "local") -> BuildSpec:
    return BuildSpec(
        chunker=CHUNKER_VERSION,
        min_chars=min_chars,
        max_chars=max_chars,
        tokenizer=tokenizer_version(),
        embedder=embedder_id,
        dim=dim,
        store=store,
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(inputs: Sequence[Path]) -> dict[str, str]:
    """sha256 of every file that ingestion would read, and of catalog files, keyed by path."""
    files, _ = corpus_files(inputs)
    catalogs = {(p if p.is_dir() else p.parent) / CATALOG for p in inputs}
    return {str(f): file_sha256(f) for f in sorted({*files, *(c for c in catalogs if c.exists())})}


def check_fresh(manifest: Manifest, inputs: Sequence[Path], spec: BuildSpec) -> None:
    """Raise IndexStale saying why, when the stored index no longer matches corpus or settings."""
    if manifest.format != FORMAT:
        raise IndexStale(f"index format {manifest.format} is not {FORMAT}")
    changed = manifest.spec.differences(spec)
    if changed:
        raise IndexStale("; ".join(changed))
    missing = {str(p) for p in inputs} - set(manifest.inputs)
    if missing:
        raise IndexStale(f"corpus {sorted(missing)} is not in the index")
    now = fingerprint([Path(p) for p in manifest.inputs])
    if now != manifest.files:
        changed_files = sorted({p for p, _ in set(now.items()) ^ set(manifest.files.items())})
        raise IndexStale(f"corpus changed since the index was built: {changed_files[:5]}")
