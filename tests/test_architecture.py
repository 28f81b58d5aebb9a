"""The import-graph rules of docs/ARCHITECTURE.md ("Layers and the import rules"), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What answer/ and match/ may take from the index and ingest stages: the retrieval seam, the shared lexical
# analyzer and heading grammar, and the data types. Anything else (stores, builds, BM25 or FAISS internals, ingest functions) is not
# theirs to reach.
SEAM = {
    "index.retriever": {"Hit", "HybridRetriever"},
    "index.query": {"lexical_query", "PART_QUESTION"},  # the question form the lexical query also reads
    "index.bilingual": {"english_place_names"},  # the dictionary's English names of places, for the scope
    "index.sparse": {"jieba_tokenize", "query_weights", "normalize"},
    "ingest.schema": None,  # every type
    "ingest.outline": {"bare_title"},  # a heading's words as the heading grammar that parsed it reads them
}
# eval/ runs PlanQA through its public API only. bench.py and scale.py are benchmarks of the internals
# (retrieval baselines, stores at scale), fit_adapter.py fits a model over the index's sentence vectors and
# fit_relevance.py writes the question-topic model (answer/topic.py), fit_bridge.py fits index/bridge.tsv from the
# lexical query's tokens and measures it on the answerer's own search; they are exempt by name.
EVAL_ALLOWED = ("planqa", "config", "errors", "plantext", "answer.types", "ingest.schema", "eval", "match")
EVAL_EXEMPT = {"bench.py", "scale.py", "fit_adapter.py", "fit_relevance.py", "fit_bridge.py", "sweep_chars.py"}
PROJECT_PACKAGES = {"answer", "index", "ingest", "web", "match", "eval", "planqa", "config", "errors", "plantext"}


def _imports(path: Path) -> list[tuple[str, set[str] | None]]:
    """(module, names imported from it or None for `import module`) for every import in the file."""
    out: list[tuple[str, set[str] | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, {a.name for a in node.names}))
        elif isinstance(node, ast.Import):
            out.extend((a.name, None) for a in node.names)
    return out


def _py(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py")) if (ROOT / folder).is_dir() else []


def test_answer_and_match_use_only_the_seam_of_index_and_ingest():
    bad = []
    for path in _py("answer") + _py("match"):
        for module, names in _imports(path):
            if not module.startswith(("index", "ingest")):
                continue
            allowed = SEAM.get(module, set())
            if module not in SEAM or (allowed is not None and (names is None or not names <= allowed)):
                bad.append(f"{path.relative_to(ROOT)}: {module} {sorted(names or [])}")
    assert not bad, "\n".join(bad)


def test_only_web_imports_gradio():
    bad = []
    for path in sorted(ROOT.glob("*.py")) + [p for d in ("answer", "index", "ingest", "match", "eval") for p in _py(d)]:
        if any(m.split(".")[0] in ("gradio", "gradio_client") for m, _ in _imports(path)):
            bad.append(str(path.relative_to(ROOT)))
    assert not bad, bad


def test_eval_uses_only_the_public_api():
    bad = []
    for path in _py("eval"):
        if path.name in EVAL_EXEMPT or path.parent.name in ("match", "user_qa"):
            continue
        for module, _ in _imports(path):
            ours = module.split(".")[0] in PROJECT_PACKAGES
            if ours and not any(module == a or module.startswith(a + ".") for a in EVAL_ALLOWED):
                bad.append(f"{path.relative_to(ROOT)}: {module}")
    assert not bad, "\n".join(bad)


def test_index_never_imports_answer():
    bad = [f"{p.relative_to(ROOT)}: {m}" for p in _py("index") for m, _ in _imports(p) if m.split(".")[0] == "answer"]
    assert not bad, bad
