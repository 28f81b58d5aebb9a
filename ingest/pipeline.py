"""Files and folders → Corpus: read, clean, outline, tables, chunks. A bad file is reported and skipped."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from errors import PlanQAError
from ingest.catalog import infer_meta, load_catalog
from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.outline import parse_outline
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.schema import Corpus, DocMeta, Document, SkippedFile
from ingest.tables import find_tables, indicators_of

log = logging.getLogger(__name__)
CATALOG = "catalog.toml"


def corpus_files(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Expand folders (recursively, sorted) into files. Files of unknown formats inside folders are reported."""
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                if f.name == CATALOG or (f.suffix.lower() == ".md" and f.stem.upper() == "README"):
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(f)
                else:
                    skipped.append(SkippedFile(f, f"unsupported format '{f.suffix or '(none)'}'"))
        elif p.is_file():
            files.append(p)
        else:
            skipped.append(SkippedFile(p, "no such file or folder"))
    return files, skipped


def ingest_file(path: Path, meta: DocMeta | None, min_chars: int, max_chars: int) -> Document:
    raw = read_file(path)
    cleaned = clean(raw.text)
    text = cleaned.text
    if meta is None:
        meta = infer_meta(path, text)
    meta = replace(meta, source=_source(path))
    tables = find_tables(text)
    outline = parse_outline(text, [t.span for t in tables])
    table_sections = [s for s in outline.sections if s.kind == "table"]
    parsed = []
    for t in tables:
        # the outline section that holds this table: it starts at the title line and spans the header
        section = next(s for s in table_sections if s.start <= t.header_start < s.end)
        parsed.append((t, indicators_of(t, meta.doc_id, section.path)))
    chunks = chunk_document(meta.doc_id, text, outline.segments, parsed, min_chars, max_chars)
    return Document(
        meta=meta,
        cleaned=text,
        sections=outline.sections,
        chunks=tuple(chunks),
        indicators=tuple(i for _, inds in parsed for i in inds),
    )


def ingest_paths(paths: Iterable[Path], min_chars: int = 150, max_chars: int = 450) -> Corpus:
    """Ingest every file under `paths`; catalog.toml in a folder describes the files in it."""
    paths = list(paths)
    catalog: dict[Path, DocMeta] = {}
    for p in paths:
        folder = p if p.is_dir() else p.parent
        for name, meta in load_catalog(folder / CATALOG).items():
            catalog[(folder / name).resolve()] = meta
    files, skipped = corpus_files(paths)
    corpus = Corpus(skipped=skipped)
    seen_ids: dict[str, Path] = {}
    for f in files:
        meta = catalog.get(f.resolve())
        try:
            doc = ingest_file(f, meta, min_chars, max_chars)
        except PlanQAError as e:
            corpus.skipped.append(SkippedFile(f, str(e)))
            log.warning("skipped %s: %s", f, e)
            continue
        if doc.meta.doc_id in seen_ids:
            corpus.skipped.append(SkippedFile(f, f"same doc_id '{doc.meta.doc_id}' as {seen_ids[doc.meta.doc_id]}"))
            continue
        seen_ids[doc.meta.doc_id] = f
        corpus.documents.append(doc)
    return corpus


def _source(path: Path) -> str:
    """The file as the user knows it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
