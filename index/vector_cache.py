"""Chunk vectors cached by the hash of the searched text, one .npz per embedder: a re-ingest embeds only new text.

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


def embed_with_cache(chunks: list[Chunk], embedder: Embedder, data_dir: Path) -> tuple[np.ndarray, int]:
    """Vectors for the chunks, embedding only those whose searched text is not cached. -> (vectors, embedded)."""
    return embed_texts_with_cache([c.search_text() for c in chunks], embedder, data_dir)


def embed_texts_with_cache(texts: list[str], embedder: Embedder, data_dir: Path) -> tuple[np.ndarray, int]:
    """Vectors for the texts (chunks' searched texts, sentence units), embedding only those not cached."""
    path = cache_path(data_dir, embedder)
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        try:
            with np.load(path) as z:
                cache = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:  # truncated or overwritten
            log.warning("vector cache %s unreadable (%s); re-embedding", path, e)
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if missing:
        vecs = embedder.embed_documents([t for _, t in missing])
        cache.update({k: v for (k, _), v in zip(missing, vecs, strict=True)})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}.npz")
        all_keys = sorted(cache)
        np.savez(tmp, keys=np.array(all_keys), vectors=np.stack([cache[k] for k in all_keys]).astype(np.float32))
        os.replace(tmp, path)
    vectors = np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, embedder.dim), np.float32)
    return vectors, len(missing)
