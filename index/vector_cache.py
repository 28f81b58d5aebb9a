"""Vectors cached by the hash of the embedded text (chunks' searched texts, sentence units), one .npz per embedder:
a re-ingest embeds only new text.

Under `<data dir>/cache/vectors/<sha1(embedder id)[:16]>.npz` (arrays `keys`, `vectors`), replaced atomically.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from pathlib import Path

import numpy as np

from index.embed import Embedder
from ingest.schema import Chunk

log = logging.getLogger(__name__)


def cache_path(data_dir: Path, embedder: Embedder) -> Path:
    slug = hashlib.sha1(embedder.id.encode("utf-8")).hexdigest()[:16]
    return data_dir / "cache" / "vectors" / f"{slug}.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorCache:
    """One embedder's cached vectors: read once when opened, `embed` as often as a build needs (the chunks' searched
    texts, then the sentence units), written once by `save` when something was added."""

    def __init__(self, embedder: Embedder, data_dir: Path):
        self.embedder = embedder
        self.path = cache_path(data_dir, embedder)
        self._vectors: dict[str, np.ndarray] = {}
        self._added = False
        if self.path.exists():
            try:
                with np.load(self.path) as z:
                    self._vectors = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:  # truncated or overwritten
                log.warning("vector cache %s unreadable (%s); re-embedding", self.path, e)

    def embed(self, texts: list[str]) -> tuple[np.ndarray, int]:
        """Vectors for the texts, embedding only those not cached. -> (vectors, how many were embedded)."""
        keys = [_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if missing:
            vecs = self.embedder.embed_documents([t for _, t in missing])
            self._vectors.update({k: v for (k, _), v in zip(missing, vecs, strict=True)})
            self._added = True
        if not keys:
            return np.zeros((0, self.embedder.dim), np.float32), 0
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32), len(missing)

    def embed_chunks(self, chunks: list[Chunk]) -> tuple[np.ndarray, int]:
        """Vectors for the chunks' searched texts."""
        return self.embed([c.search_text() for c in chunks])

    def save(self) -> None:
        """Write the cache (atomically) when `embed` added vectors since it was opened."""
        if not self._added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp-{os.getpid()}.npz")
        keys = sorted(self._vectors)
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]).astype(np.float32))
        os.replace(tmp, self.path)
        self._added = False
